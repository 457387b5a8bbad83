"""Every URL the web layer links to is built here, and nowhere else."""
from __future__ import annotations

from urllib.parse import quote, urlencode


class Urls:
    def __init__(self, base_iri: str, prefix: str = "") -> None:
        self.base_iri = base_iri
        self.prefix = prefix.rstrip("/")

    def path(self, p: str) -> str:
        return f"{self.prefix}{p}"

    def home(self) -> str:
        return self.path("/")

    def sparql(self) -> str:
        return self.path("/sparql")

    def search(self, q: str | None = None) -> str:
        return self.path("/search") + (f"?{urlencode({'q': q})}" if q else "")

    def is_local(self, iri: str) -> bool:
        return iri.startswith(self.base_iri)

    def entity(self, iri: str, fmt: str | None = None) -> str:
        """The page of a node: local IRIs by their path under /id/, others through /resource?iri=."""
        suffix = f".{fmt}" if fmt else ""
        if self.is_local(iri):
            local = iri[len(self.base_iri):]
            return self.path("/id/" + quote(local, safe="/-_.~") + suffix)
        return self.path(f"/resource{suffix}?" + urlencode({"iri": iri}))

    def iri_for_path(self, local: str) -> str:
        return self.base_iri + local

    def trace(self, **params: str) -> str:
        return self.path("/trace") + (f"?{urlencode({k: v for k, v in params.items() if v})}" if params else "")

    def export(self, **params: str) -> str:
        return self.path("/export") + (f"?{urlencode({k: v for k, v in params.items() if v})}" if params else "")

    # -- browsing pages (web/routes/pages.py) --
    def document(self, ident: str | None = None, anchor: str | None = None) -> str:
        if not ident:
            return self.path("/documents")
        return self.path("/documents/" + quote(ident, safe="-_.~")) + (f"#{anchor}" if anchor else "")

    def kind(self, slug: str, **params: str) -> str:
        return self.path("/" + quote(slug)) + (f"?{urlencode({k: v for k, v in params.items() if v})}" if any(params.values()) else "")

    def timeline(self, actor: str | None = None) -> str:
        return self.path("/timeline") + (f"?{urlencode({'actor': actor})}" if actor else "")

    def static(self, name: str) -> str:
        return self.path("/static/" + name)
