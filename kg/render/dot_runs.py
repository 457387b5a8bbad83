"""Running Graphviz ``dot`` on the slide layout's drawings, with a way out when it trips.

Graphviz 2.43 (Debian's) can fail with "trouble in init_rank" on a drawing whose rows are
clusters ranked together (``newrank``): the rows' order hints (lines marked ``ROW_ORDER``) and
the row clusters are what it trips over, in shapes no rule given in advance avoids. A drawing
that fails is drawn again without the order hints (rows may come out in another order), then
with plain subgraphs for rows (no cluster margins): each retry fails in milliseconds, so a
picture is still drawn; only when all three fail is the error raised.
"""
from __future__ import annotations

import re
import subprocess

import graphviz

ROW_ORDER = "// row order"   # lines a drawing can do without when Graphviz trips over them
_ROW_CLUSTER = re.compile(r"subgraph cluster_row(\d+)")
MISSING = ("Graphviz 'dot' is not installed: run scripts/setup.sh or "
           "`apt-get install graphviz` (see the README)")


def fallbacks(source: str) -> list[str]:
    """The DOT source again, less and less demanding of Graphviz (see the module's text)."""
    unordered = "".join(line for line in source.splitlines(True) if ROW_ORDER not in line)
    return [unordered, _ROW_CLUSTER.sub(r"subgraph row\1", unordered)]


def _args(fmt: str, dpi: float | None) -> list[str]:
    return ["dot", f"-T{fmt}"] + ([f"-Gdpi={dpi:.0f}"] if dpi else [])


def retry(source: str, fmt: str, dpi: float | None, first_error: bytes) -> bytes:
    """The drawing of ``source`` by the first fallback Graphviz draws, or the error."""
    err = first_error
    for text in fallbacks(source):
        again = subprocess.run(_args(fmt, dpi), input=text.encode("utf-8"), capture_output=True)
        if not again.returncode:
            return again.stdout
        err = again.stderr
    raise RuntimeError(f"dot failed on a drawing: {err.decode('utf-8', 'replace')[:500]}")


def pipe(g: graphviz.Digraph, fmt: str, dpi: float | None = None) -> bytes:
    """One drawing in ``fmt`` (falling back as the module's text says)."""
    return pipe_many([g], fmt, [dpi], processes=1)[0]


def pipe_many(graphs: list[graphviz.Digraph], fmt: str, dpis: list[float | None] | None = None,
              processes: int = 3) -> list[bytes]:
    """Many drawings in ``fmt``, ``processes`` ``dot`` runs at a time, one drawing each: a single
    ``dot`` given several graphs (``-O``) can carry state from one to the next (Graphviz 2.43
    lays later graphs out differently, or crashes), so every drawing gets its own process."""
    dpis = dpis or [None] * len(graphs)
    out: list[bytes | None] = [None] * len(graphs)
    running: list[tuple[int, subprocess.Popen]] = []

    def finish(i: int, run: subprocess.Popen) -> None:
        body, err = run.communicate()
        out[i] = retry(graphs[i].source, fmt, dpis[i], err) if run.returncode else body

    for i, (g, dpi) in enumerate(zip(graphs, dpis)):
        try:
            run = subprocess.Popen(_args(fmt, dpi), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        except FileNotFoundError as exc:
            raise RuntimeError(MISSING) from exc
        run.stdin.write(g.source.encode("utf-8"))
        run.stdin.close()
        run.stdin = None
        running.append((i, run))
        if len(running) >= processes:
            finish(*running.pop(0))
    for i, run in running:
        finish(i, run)
    return out  # type: ignore[return-value]
