"""Settings, declared once as data.

Every setting has a name, a default, an environment variable and a help text.
The CLI, the app factory and the tests all build a ``Settings`` through
``Settings.from_env(**overrides)``; nothing reads the environment elsewhere.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    default: object
    env: str
    help: str
    kind: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "oxigraph", "KG_STORE",
            "Where the graph lives: 'oxigraph' (persistent, on disk at store_path), 'memory' (in process, "
            "rebuilt at start), or 'sparql:QUERY_URL' (a SPARQL 1.1 server such as Virtuoso or Oxigraph server)."),
    Setting("store_update_url", "", "KG_STORE_UPDATE_URL",
            "SPARQL Update URL of a remote store (default: next to the query URL where the engine is known "
            "-- Virtuoso /sparql-auth with KG_STORE_AUTH, Oxigraph server /update -- else the query URL)."),
    Setting("store_gsp_url", "", "KG_STORE_GSP_URL",
            "Graph Store Protocol URL of a remote store, for loading graphs (default: the engine's own, else "
            "loading uses SPARQL Update in chunks)."),
    Setting("store_auth", "", "KG_STORE_AUTH",
            "user:password for a remote store that needs it (HTTP Digest when the server asks for it, else Basic)."),
    Setting("store_path", str(PROJECT_ROOT / ".kg" / "store"), "KG_STORE_PATH",
            "Folder of the on-disk Oxigraph store."),
    Setting("corpus", str(PROJECT_ROOT.parent / "shared" / "corpus"), "KG_CORPUS",
            "Folder holding the source documents (read only; never copied into the repo)."),
    Setting("data_dir", str(PROJECT_ROOT / "data"), "KG_DATA",
            "Folder of the curated TriG files."),
    Setting("ontology_dir", str(PROJECT_ROOT / "ontology"), "KG_ONTOLOGY",
            "Folder of the vocabulary and SHACL shapes."),
    Setting("base_iri", "https://w3id.org/policy-kg/id/", "KG_BASE_IRI",
            "Base of instance IRIs; the server dereferences every IRI under it."),
    Setting("query_timeout", 10.0, "KG_QUERY_TIMEOUT",
            "Seconds a SPARQL query may run before it is stopped.", float),
    Setting("row_cap", 10000, "KG_ROW_CAP",
            "Most rows a SELECT returns; longer results are cut and flagged truncated.", int),
    Setting("max_result_bytes", 32_000_000, "KG_MAX_RESULT_BYTES",
            "Most bytes of values a SPARQL result holds (counted as the terms' text); longer results are "
            "cut and flagged truncated, like results over the row cap.", int),
    Setting("query_memory_mb", 2048, "KG_QUERY_MEMORY_MB",
            "Megabytes of memory a query worker process may allocate (its data limit, setrlimit); a query "
            "that needs more is stopped and refused (422). 0: no limit.", int),
    Setting("query_copy_mb", 0, "KG_QUERY_COPY_MB",
            "Query workers copy a store snapshot of at most this many megabytes on disk into memory, each its "
            "own copy (heavy queries 4-8x faster; about 0.4 GB per million quads per worker). 0: workers read "
            "the snapshot on disk, sharing the operating system's file cache (memory stays flat with workers).", int),
    Setting("max_request_bytes", 1_000_000, "KG_MAX_REQUEST_BYTES",
            "Largest request body or query string accepted (larger gets 413).", int),
    Setting("update_token", "", "KG_UPDATE_TOKEN",
            "When set, SPARQL Update is enabled for requests with 'Authorization: Bearer TOKEN'."),
    Setting("workers", 2, "KG_WORKERS",
            "Query worker processes of the SPARQL endpoint.", int),
    Setting("cors_origins", "", "KG_CORS_ORIGINS",
            "Origins (scheme://host[:port], comma-separated, or *) whose pages may read this server "
            "cross-origin; empty: none (no CORS headers are sent)."),
    Setting("page_cache_mb", 64, "KG_PAGE_CACHE_MB",
            "Megabytes of rendered pages kept until the store's next write (0 turns it off).", int),
    Setting("warm_up", 1, "KG_WARM_UP",
            "1: build the label index, home page and causal layer in the background at start; 0: on first use.", int),
    Setting("max_upload_bytes", 10_000_000, "KG_MAX_UPLOAD_BYTES",
            "Largest file kg ingest and the upload form at /documents/new accept (larger gets 413).", int),
    Setting("max_document_chars", 2_000_000, "KG_MAX_DOCUMENT_CHARS",
            "Most characters of text an ingested document may have once extracted.", int),
    Setting("all_proposals", 0, "KG_ALL_PROPOSALS",
            "1: kg ingest also proposes what scores under the calibrated confidence floor (key-word matches of "
            "concept nodes, seldom right on new text); 0: those are only counted in the review.", int),
    Setting("diagram_nodes", 60, "KG_DIAGRAM_NODES",
            "Most nodes a trace page's diagram draws: a trace whose listed paths need more is drawn with the "
            "paths that fit (nearest targets and strongest paths first), saying how many; the rest stay in the "
            "table (60: kg.render.MAX_NODES, the most a drawn figure may hold).", int),
    Setting("query_cache_mb", 64, "KG_QUERY_CACHE_MB",
            "Megabytes of SPARQL results kept for repeated queries (emptied by every update; 0 turns it off).", int),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclasses.dataclass(frozen=True)
class Settings:
    store: str
    store_update_url: str
    store_gsp_url: str
    store_auth: str
    store_path: str
    corpus: str
    data_dir: str
    ontology_dir: str
    base_iri: str
    query_timeout: float
    row_cap: int
    max_request_bytes: int
    max_result_bytes: int
    query_memory_mb: int
    query_copy_mb: int
    update_token: str
    workers: int
    all_proposals: int
    query_cache_mb: int
    max_upload_bytes: int
    max_document_chars: int
    cors_origins: str
    warm_up: int
    page_cache_mb: int
    diagram_nodes: int

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> "Settings":
        """Defaults, then environment variables, then explicit overrides (None means: not given)."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for s in SETTINGS:
            value: object = s.default
            if s.env in env and env[s.env] != "":
                value = env[s.env]
            if overrides.get(s.name) is not None:
                value = overrides[s.name]
            try:
                values[s.name] = s.kind(value)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"setting {s.name} ({s.env}): cannot read {value!r} as {s.kind.__name__}") from exc
        unknown = set(overrides) - set(_BY_NAME)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        return cls(**values)  # type: ignore[arg-type]

    def replace(self, **changes: object) -> "Settings":
        return dataclasses.replace(self, **changes)

    @property
    def corpus_path(self) -> Path:
        return Path(self.corpus)


@dataclasses.dataclass(frozen=True)
class Limit:
    """A bound on a request parameter, the same for the CLI option and the web parameter
    (``kg.cli.base.limit_option``, ``web`` routes' ``Query``): default, range and help."""
    name: str
    default: int
    low: int
    high: int
    help: str


LIMITS: dict[str, Limit] = {lim.name: lim for lim in (
    Limit("max_depth", 6, 1, 12, "Most causal links per path."),
    Limit("min_support", 1, 1, 100, "Keep only links stated by at least this many documents."),
    Limit("min_independent", 1, 1, 100, "Keep only links backed by at least this many independent sources "
          "(origins: documents relaying one report count once)."),
    Limit("path_cap", 50, 1, 500, "Most paths kept per target (net signs count every path)."),
    Limit("depth", 1, 0, 4, "Steps from the focus node."),
    Limit("fold", 12, 0, 500, "Most new neighbours drawn per node and side (pointing in, pointing out); past "
          "that they are grouped by relation and kind and each group folds its rest into a '+N more' node. "
          "0: no folding."),
    Limit("max_nodes", 60, 1, 500, "Largest figure drawn; larger ones are refused with their counts."),
)}
