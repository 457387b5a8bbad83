"""What can go wrong when a document is added, each kind its own type; the web layer maps
them to statuses (``web/errors.py``), the CLI to exit codes. Nothing here speaks HTTP."""
from __future__ import annotations


class IngestError(ValueError):
    """A document cannot be added as asked; the message says why."""


class BadMetadata(IngestError):
    """A title, date or URL given with the document is malformed."""


class NotSetUp(IngestError):
    """The corpus or data folder the settings name is missing."""


class DuplicateDocument(IngestError):
    """The same text is already in the corpus."""


class ExtractError(IngestError):
    """The file's text cannot be read: broken, empty, or no main text in it."""


class TooLarge(ExtractError):
    """The file or its text is over a cap (``KG_MAX_UPLOAD_BYTES``, ``KG_MAX_DOCUMENT_CHARS``)."""


class UnsupportedType(ExtractError):
    """Not plain text, Markdown, HTML or PDF (or not what its name says)."""


class CatalogUnwritable(IngestError):
    """The catalog file (``documents.trig``) cannot be changed in place: it is written
    differently from what the writer expects (edited by hand?); the message names the document."""


class StoreRefusedIngest(IngestError):
    """The store refused the new document's catalog entry; every file of the ingest was removed
    again (the catalog restored), so nothing is left half added."""
