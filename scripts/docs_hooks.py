"""MkDocs hooks for the documentation site (mkdocs.yml names this file).

- The nav entry ``Reference: reference/`` becomes every Markdown file of ``docs/reference/``,
  sorted by title, so a page added there is in the site without editing mkdocs.yml.
- Pages kept outside ``docs/`` join the site: ``ontology/README.md`` (the data model, whose
  example queries the tests run), ``data/README.md`` and ``CONTRIBUTING.md``; a docs page links
  to them by their real paths (which work when reading the repository) and the link is
  pointed at the site's copy.
- A line ``<!-- generated: NAME -->`` is replaced, when the site is built, by a table read from
  the code (settings, request limits, every command's options), so those never go stale.
"""
from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OUTSIDE = {  # repository path -> path in the site
    "ontology/README.md": "model/ontology.md",
    "data/README.md": "model/data.md",
    "CONTRIBUTING.md": "contributing.md",
}
LINK = re.compile(r"(\]\()([^)\s#]+)(#[^)\s]*)?(\))")
CODE_IN_ROW = re.compile(r"`[^`\n]*`")
GENERATED = re.compile(r"^<!-- generated: (\w+) -->$", re.MULTILINE)


def title_of(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def reference_nav() -> list[dict[str, str]]:
    pages = sorted(DOCS.glob("reference/*.md"), key=lambda p: title_of(p).lower())
    return [{title_of(p): p.relative_to(DOCS).as_posix()} for p in pages]


def settings_table() -> str:
    sys.path.insert(0, str(ROOT))
    from kg.core.settings import PROJECT_ROOT, SETTINGS

    rows = ["| setting | environment variable | default | what it sets |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = str(s.default).replace(str(PROJECT_ROOT), ".").replace(str(PROJECT_ROOT.parent), "..")
        rows.append(f"| `{s.name}` | `{s.env}` | `{default or '(empty)'}` | {s.help.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


def limits_table() -> str:
    sys.path.insert(0, str(ROOT))
    from kg.core.settings import LIMITS

    rows = ["| limit | option | default | range | what it bounds |", "|---|---|---|---|---|"]
    for lim in LIMITS.values():
        option = "--" + lim.name.replace("_", "-")
        rows.append(f"| `{lim.name}` | `{option}` | {lim.default} | {lim.low}-{lim.high} | {lim.help} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def commands_reference() -> str:
    """Each ``kg`` command: its usage line and its options as ``--help`` prints them; the options
    most commands share are listed once, first."""
    sys.path.insert(0, str(ROOT))
    import click

    from kg.cli import main

    commands = sorted(main.commands.items())
    records = {}
    for name, cmd in commands:
        ctx = click.Context(cmd, info_name=name, parent=click.Context(main, info_name="kg"))
        records[name] = (ctx, [r for p in cmd.get_params(ctx) if isinstance(p, click.Option)
                               and (r := p.get_help_record(ctx)) and "--help" not in r[0]])
    uses = {}
    for _, recs in records.values():
        for rec in recs:
            uses[rec] = uses.get(rec, 0) + 1
    shared = [rec for rec, n in uses.items() if n >= 3]
    out = ["### Options most commands share", "", "| option | meaning |", "|---|---|"]
    out += [f"| `{_cell(o)}` | {_cell(h)} |" for o, h in dict.fromkeys(shared)]
    for name, cmd in commands:
        ctx, recs = records[name]
        usage = " ".join(["kg", name, "[OPTIONS]", *(p.make_metavar(ctx) for p in cmd.get_params(ctx)
                                                      if isinstance(p, click.Argument))])
        out += ["", f"### kg {name}", "", f"`{usage}`", "",
                _cell(cmd.help.split("\n\n")[0] if cmd.help else ""), ""]
        own = [r for r in recs if r not in shared]
        if own:
            out += ["| option | meaning |", "|---|---|"] + [f"| `{_cell(o)}` | {_cell(h)} |" for o, h in own]
        common = [r[0].split()[0].rstrip(",") for r in recs if r in shared]
        if common:
            out += ["", "Also: " + ", ".join(f"`{c}`" for c in common) + "."]
    return "\n".join(out) + "\n"


def routes_table() -> str:
    """Every route of the app, in the order it is mounted: methods, path (with its ``.json`` twin),
    query parameters and the route's own summary."""
    sys.path.insert(0, str(ROOT))
    from fastapi.routing import APIRoute

    from web.routes import ROUTERS

    routes = [r for router in ROUTERS for r in router.routes]
    paths = {getattr(r, "path", "") for r in routes}
    rows = ["| method | path | parameters | what it answers |", "|---|---|---|---|"]
    for r in routes:
        if isinstance(r, APIRoute) and not r.include_in_schema and not r.path.endswith(".json"):
            if "POST" in r.methods:   # form posts: listed with their page
                page = any(getattr(o, "path", "") == r.path and "GET" in getattr(o, "methods", ()) for o in routes)
                rows.append(f"| POST | `{r.path}` | (form) | {'the form of that page' if page else 'a form post'} |")
            continue
        if isinstance(r, APIRoute) and not r.include_in_schema:
            continue
        path = r.path + (" (`.json`)" if r.path + ".json" in paths else "")
        params = ", ".join(f"`{q.alias}`" for q in r.dependant.query_params) if isinstance(r, APIRoute) else "see SPARQL endpoint"
        summary = (r.summary or "") if isinstance(r, APIRoute) else "SPARQL 1.1 Protocol: queries, updates, service description"
        methods = "/".join(sorted(m for m in r.methods if m != "HEAD"))
        rows.append(f"| {methods} | `{r.path}`{path[len(r.path):]} | {params} | {_cell(summary)} |")
    return "\n".join(rows) + "\n"


def reference_list() -> str:
    """A bullet per page of docs/reference/, linked from docs/index.md."""
    return "\n".join(f"- [{title}]({path})" for entry in reference_nav() for title, path in entry.items()) + "\n"


TABLES = {"reference": reference_list, "settings": settings_table, "limits": limits_table, "commands": commands_reference, "routes": routes_table}


def fill_generated(text: str) -> str:
    return GENERATED.sub(lambda m: TABLES[m.group(1)](), text)


def on_config(config, **kwargs):
    for entry in config["nav"]:
        if isinstance(entry, dict) and entry.get("Reference") == "reference/":
            entry["Reference"] = reference_nav()
    return config


def on_files(files, config, **kwargs):
    from mkdocs.structure.files import File

    for repo_path, site_path in OUTSIDE.items():
        files.append(File.generated(config, site_path, abs_src_path=str(ROOT / repo_path)))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = page.file.src_uri
    if src in OUTSIDE.values():  # a page from outside docs/: its relative links are as seen from there
        repo_dir = posixpath.dirname(next(k for k, v in OUTSIDE.items() if v == src))
    else:
        repo_dir = posixpath.dirname("docs/" + src)
        markdown = fill_generated(markdown)

    def relink(m: re.Match) -> str:
        target = m.group(2)
        if "://" in target or target.startswith("mailto:"):
            return m.group(0)
        in_repo = posixpath.normpath(posixpath.join(repo_dir, target))
        if in_repo in OUTSIDE:
            new = posixpath.relpath(OUTSIDE[in_repo], posixpath.dirname(src) or ".")
            return m.group(1) + new + (m.group(3) or "") + m.group(4)
        return m.group(0)

    return unescape_pipes(LINK.sub(relink, markdown))


def unescape_pipes(markdown: str) -> str:
    """``\\|`` in a code span of a table row: GitHub needs the backslash, Python-Markdown shows it
    (it never splits a cell inside backticks), so it goes."""
    return "\n".join(CODE_IN_ROW.sub(lambda m: m.group(0).replace("\\|", "|"), line) if line.startswith("|")
                     else line for line in markdown.split("\n"))

