"""A small mutation tester: does the test suite notice when the code is wrong?

For one module it makes every mutant of a fixed set of operators (one change each), writes it
into a scratch copy of the repository (never into the working tree), runs the given test files
there with ``pytest -x`` and counts the mutant as killed when they fail (or time out).
Surviving mutants are listed with their line, the original text and the change.

    .venv/bin/python tests/mutation/mutate.py kg/sparql/checks.py \
        --tests tests/test_sparql_checks.py --workers 2 --out /tmp/checks-mutants.json

The scratch copies are made from ``git archive HEAD`` (the committed code; ``--from-worktree``
copies the working tree instead) under ``--scratch`` (default: a fresh temporary folder).
It is not part of the normal test run (not collected by pytest: no ``test_`` prefix).

Operators (each applied at one place per mutant):
  compare   ==/!=, </<=, >/>=, </>, in/not in, is/is not swapped
  boolop    and <-> or
  not       ``not x`` -> ``x``
  arith     + <-> -, * <-> /, // -> /, % -> *
  number    an int constant n -> n + 1 (0 -> 1, 1 -> 2, ...)
  bool      True <-> False
  string    a short (< 40 chars) string constant, not a docstring or f-string part -> "XX" + s + "XX"
  return    ``return <expr>`` -> ``return None``
  loop      ``break`` <-> ``continue``
  default   a keyword default that is a constant -> flipped like the constant (number/bool/string)
"""
from __future__ import annotations

import argparse
import ast
import copy
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

COMPARE_SWAP = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE,
                ast.GtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
COMPARE_FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}
ARITH_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
              ast.Mod: ast.Mult}


@dataclass
class Mutant:
    id: int
    line: int
    operator: str
    change: str
    original: str
    status: str = "pending"     # killed | survived | timeout | error
    seconds: float = 0.0


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                out.add(id(body[0].value))
    return out


def _fstring_parts(tree: ast.AST) -> set[int]:
    return {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}


def _annotation_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        anns = []
        if isinstance(node, ast.arg) and node.annotation is not None:
            anns.append(node.annotation)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            anns.append(node.returns)
        if isinstance(node, ast.AnnAssign):
            anns.append(node.annotation)
        for a in anns:
            out |= {id(n) for n in ast.walk(a)}
    return out


def _flip_constant(value):
    if isinstance(value, bool):
        return not value, f"{value} -> {not value}", "bool"
    if isinstance(value, int):
        return value + 1, f"{value} -> {value + 1}", "number"
    if isinstance(value, str) and len(value) < 40:
        return "XX" + value + "XX", f"{value!r} -> {'XX' + value + 'XX'!r}", "string"
    return None


def mutations(tree: ast.Module):
    """Yield (path to a node, operator, description, apply) for every mutation of ``tree``.

    ``apply(node)`` changes a deep copy's node in place; the path locates it in the copy."""
    skip = _docstring_nodes(tree) | _fstring_parts(tree) | _annotation_nodes(tree)
    found = []

    def visit(node, path):
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                for table in (COMPARE_SWAP, COMPARE_FLIP):
                    new = table.get(type(op))
                    if new:
                        found.append((path, node.lineno, "compare", f"{type(op).__name__} -> {new.__name__}",
                                      lambda n, i=i, new=new: n.ops.__setitem__(i, new())))
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            found.append((path, node.lineno, "boolop", f"{type(node.op).__name__} -> {new.__name__}",
                          lambda n, new=new: setattr(n, "op", new())))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((path, node.lineno, "not", "not x -> x", "unwrap"))
        elif isinstance(node, ast.BinOp) and type(node.op) in ARITH_SWAP:
            new = ARITH_SWAP[type(node.op)]
            found.append((path, node.lineno, "arith", f"{type(node.op).__name__} -> {new.__name__}",
                          lambda n, new=new: setattr(n, "op", new())))
        elif isinstance(node, ast.Constant) and id(node) not in skip:
            flipped = _flip_constant(node.value)
            if flipped:
                value, desc, op = flipped
                found.append((path, node.lineno, op, desc, lambda n, value=value: setattr(n, "value", value)))
        elif isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            found.append((path, node.lineno, "return", "return <expr> -> return None",
                          lambda n: setattr(n, "value", ast.Constant(None))))
        elif isinstance(node, (ast.Break, ast.Continue)):
            found.append((path, node.lineno, "loop", f"{type(node).__name__.lower()} swapped", "swaploop"))
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        visit(item, path + ((field, i),))
            elif isinstance(value, ast.AST):
                visit(value, path + ((field, None),))

    visit(tree, ())
    return found


def _locate(tree, path):
    parent, slot, node = None, None, tree
    for field, index in path:
        parent, slot = node, (field, index)
        node = getattr(node, field) if index is None else getattr(node, field)[index]
    return parent, slot, node


def _replace(parent, slot, new):
    field, index = slot
    if index is None:
        setattr(parent, field, new)
    else:
        getattr(parent, field)[index] = new


def mutant_source(tree: ast.Module, path, action) -> str:
    t = copy.deepcopy(tree)
    parent, slot, node = _locate(t, path)
    if action == "unwrap":
        _replace(parent, slot, node.operand)
    elif action == "swaploop":
        _replace(parent, slot, (ast.Continue() if isinstance(node, ast.Break) else ast.Break()))
    else:
        action(node)
    return ast.unparse(ast.fix_missing_locations(t)) + "\n"


def make_scratch(dest: Path, from_worktree: bool) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    if from_worktree:
        skip = {".venv", ".git", ".kg", "node_modules", ".ruff_cache", "__pycache__"}
        shutil.copytree(ROOT, dest, dirs_exist_ok=True, ignore=lambda d, names: [n for n in names if n in skip])
    else:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    modules = ROOT / "tests" / "clients" / "node_modules"
    if modules.exists() and not (dest / "tests" / "clients" / "node_modules").exists():
        (dest / "tests" / "clients" / "node_modules").symlink_to(modules)


def _env() -> None:
    os.environ.setdefault("KG_TEST_CORPUS", str(ROOT.parent / "shared" / "corpus"))
    os.environ.setdefault("KG_PROTOCOL_SUITE", str(ROOT.parent / "shared" / "conformance" / "sparql11-protocol"))
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


PRELOAD = ("pytest", "rdflib", "rdflib.plugins.sparql", "pyoxigraph", "networkx", "fastapi", "fastapi.testclient",
           "httpx", "click", "click.testing", "jinja2", "bs4", "lxml.etree")


def run_tests(copy_root: Path, tests: list[str], timeout: float) -> tuple[str, float]:
    """Run ``tests`` in ``copy_root`` in a forked child of this (single-threaded) process, which has
    the heavy libraries imported already but none of the project's modules (they are imported
    fresh from the copy, mutant included)."""
    import signal

    start = time.monotonic()
    pid = os.fork()
    if pid == 0:    # the child
        try:
            os.chdir(copy_root)
            sys.path.insert(0, str(copy_root))
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            import pytest
            rc = pytest.main(["-x", "-q", "-p", "no:cacheprovider", "-W", "ignore", *tests])
            os._exit(int(rc))
        except BaseException:
            os._exit(99)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "timeout", time.monotonic() - start
        time.sleep(0.05)
    code = os.waitstatus_to_exitcode(status)
    # 1: a test failed; 2: collection failed (the mutant breaks an import); others: pytest itself
    return {0: "survived", 1: "killed", 2: "killed"}.get(code, "error"), time.monotonic() - start


def worker(args) -> int:
    """One worker: owns one scratch copy, runs the mutants given on stdin (one id a line), prints
    one JSON line per mutant."""
    import importlib

    _env()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    source = (ROOT / args.module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    found = mutations(tree)
    target = args.copy / args.module
    for line in sys.stdin:
        index = int(line) - 1
        path, *_, action = found[index]
        target.write_text(mutant_source(tree, path, action) if index >= 0 else ast.unparse(tree) + "\n",
                          encoding="utf-8")
        status, seconds = run_tests(args.copy, args.tests, args.timeout)
        target.write_text(source, encoding="utf-8")
        print(json.dumps({"index": index, "status": status, "seconds": round(seconds, 2)}), flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", help="a module path relative to the repository root, e.g. kg/trace/analysis.py")
    ap.add_argument("--tests", nargs="+", required=True, help="test files to run against each mutant")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant run (a timeout kills it)")
    ap.add_argument("--scratch", type=Path, default=None)
    ap.add_argument("--from-worktree", action="store_true")
    ap.add_argument("--only", type=str, default=None, help="comma-separated mutant ids to run")
    ap.add_argument("--out", type=Path, default=None, help="write every mutant and its status as JSON")
    ap.add_argument("--worker-copy", dest="copy", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.copy:
        return worker(args)

    source = (ROOT / args.module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    found = mutations(tree)
    mutants = [Mutant(i + 1, line, op, desc, lines[line - 1].strip()) for i, (_, line, op, desc, _) in enumerate(found)]
    wanted = {int(x) for x in args.only.split(",")} if args.only else None

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="kg-mutation-"))
    copies = []
    for w in range(args.workers):
        dest = scratch / f"copy{w}"
        make_scratch(dest, args.from_worktree)
        copies.append(dest)

    # baseline: the module as ast.unparse writes it must pass (otherwise every mutant "dies")
    cmd = [sys.executable, __file__, args.module, "--tests", *args.tests, "--timeout", str(args.timeout),
           "--worker-copy", str(copies[0])]
    base = json.loads(subprocess.run(cmd, input="0\n", capture_output=True, text=True, check=True).stdout)
    print(f"baseline: {base['status']} in {base['seconds']:.1f} s; {len(mutants)} mutants", flush=True)
    if base["status"] != "survived":
        print("the tests fail on the unmutated module: fix that first", file=sys.stderr)
        return 2

    todo = [i for i, m in enumerate(mutants) if wanted is None or m.id in wanted]
    shares = [todo[w::args.workers] for w in range(args.workers)]
    procs = []
    for w, share in enumerate(shares):
        cmd = [sys.executable, __file__, args.module, "--tests", *args.tests, "--timeout", str(args.timeout),
               "--worker-copy", str(copies[w])]
        procs.append((subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True), share))
    for proc, share in procs:
        proc.stdin.write("".join(f"{i + 1}\n" for i in share))
        proc.stdin.close()
    import selectors

    sel = selectors.DefaultSelector()
    for proc, _ in procs:
        sel.register(proc.stdout, selectors.EVENT_READ)
    open_streams = len(procs)
    while open_streams:
        for key, _ in sel.select():
            line = key.fileobj.readline()
            if not line:
                sel.unregister(key.fileobj)
                open_streams -= 1
                continue
            r = json.loads(line)
            m = mutants[r["index"]]
            m.status, m.seconds = r["status"], r["seconds"]
            print(f"#{m.id} {m.status:8} L{m.line} {m.operator}: {m.change}  | {m.original[:90]}", flush=True)
    for proc, _ in procs:
        proc.wait()

    ran = [mutants[i] for i in todo]
    killed = sum(m.status in ("killed", "timeout") for m in ran)
    errors = [m for m in ran if m.status == "error"]
    survivors = [m for m in ran if m.status == "survived"]
    print(f"\n{args.module}: {killed}/{len(ran)} killed ({len(survivors)} survived, {len(errors)} errors "
          f"(pytest could not run: counted apart))")
    for m in survivors:
        print(f"  survived #{m.id} L{m.line} {m.operator}: {m.change}  | {m.original}")
    if args.out:
        args.out.write_text(json.dumps([asdict(m) for m in ran], indent=1), encoding="utf-8")
    if not args.scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
