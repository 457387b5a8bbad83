"""The example queries: ``data/queries/*.rq``, for the query editor, the home page and the tests.

Each file starts with a ``# title:`` line, may go on with ``#`` comment lines that describe
it, and leaves out the PREFIX declarations: the store prepends them when the tests run a
query, and ``parse_example`` adds the ones a query uses, so what the editor sends is a
complete query any SPARQL client could run.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.core.namespaces import DEFAULT_BASE, prefixes
from kg.core.settings import PROJECT_ROOT

TITLE_LINE = re.compile(r"^#\s*title:\s*(.+?)\s*$")
_PREFIXED_NAME = r"(?<![\w<:\"'#?$])({name}):"


class ExampleError(ValueError):
    """An example query file is malformed; the message names the file."""


@dataclass(frozen=True)
class Example:
    name: str          # the file stem, e.g. "01-measures-and-pathways"
    title: str         # from the "# title:" line
    description: str   # the comment lines after the title, joined
    body: str          # the file text without its leading comment lines (no PREFIX lines)
    query: str         # title and description as comments, PREFIX lines, then the body

    def to_json(self) -> dict:
        return asdict(self)


def queries_dir(settings=None) -> Path:
    """``<data dir>/queries`` of the settings, else the repository's ``data/queries``."""
    if settings is not None:
        folder = Path(settings.data_dir) / "queries"
        if folder.is_dir():
            return folder
    return PROJECT_ROOT / "data" / "queries"


def used_prefixes(body: str, base_iri: str) -> list[tuple[str, str]]:
    """The (prefix, namespace) pairs of the project that ``body`` uses but does not declare."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", body))
    text = _strip_strings_and_iris(body)
    found = []
    for name, iri in prefixes(base_iri).items():
        if name in declared:
            continue
        if re.search(_PREFIXED_NAME.format(name=re.escape(name)), text):
            found.append((name, iri))
    return found


def _strip_strings_and_iris(body: str) -> str:
    """The query without comments, string literals and <IRIs>, so 'a:b' inside them is not read as a prefix."""
    text = re.sub(r"<[^<>\s]*>", " ", body)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*'", " ", text)
    return re.sub(r"(?m)#.*$", " ", text)


def parse_example(path: Path, base_iri: str) -> Example:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not TITLE_LINE.match(lines[0]):
        raise ExampleError(f"{path}: the first line must be '# title: <what the query shows>'")
    title = TITLE_LINE.match(lines[0]).group(1)
    i = 1
    description = []
    while i < len(lines) and lines[i].lstrip().startswith("#"):
        description.append(lines[i].lstrip()[1:].strip())
        i += 1
    body = "\n".join(lines[i:]).strip() + "\n"
    if not body.strip():
        raise ExampleError(f"{path}: no query after the comment lines")
    header = [f"# {title}"] + [f"# {d}" if d else "#" for d in description]
    used = used_prefixes(body, base_iri)
    if not any(p == "id" for p, _ in used) and not re.search(r"(?im)^\s*PREFIX\s+id:", body):
        used.insert(0, ("id", base_iri))  # so the result table shows id:... instead of full IRIs
    prologue = [f"PREFIX {p}: <{iri}>" for p, iri in used]
    query = "\n".join(header + prologue) + "\n\n" + body
    return Example(name=path.stem, title=title, description=" ".join(d for d in description if d),
                   body=body, query=query)


def load_examples(folder: Path | None = None, base_iri: str | None = None) -> list[Example]:
    """Every ``*.rq`` in ``folder``, ordered by file name."""
    folder = folder or queries_dir()
    return [parse_example(p, base_iri or DEFAULT_BASE) for p in sorted(folder.glob("*.rq"))]




def load(data_dir: str | Path | None = None, base_iri: str | None = None) -> list[Example]:
    """The examples of a data folder (``<data_dir>/queries``), else the repository's."""
    folder = Path(data_dir) / "queries" if data_dir is not None else None
    return load_examples(folder if folder is not None and folder.is_dir() else queries_dir(), base_iri)
