"""What can go wrong when a review action is carried out, each kind its own type; the web layer
maps them to statuses (``web/errors.py``), the CLI to exit codes (bad input 2, a conflict or a
refusing store 1)."""
from __future__ import annotations


class ReviewError(ValueError):
    """A review action cannot be carried out as asked (a bad field, a span outside the text)."""


class NotInReview(ReviewError):
    """No such document in review, or no such proposal in it."""


class ReviewConflict(ReviewError):
    """The action clashes with what was done before (already accepted, rejected, text changed)."""


class InvalidStatement(ReviewError):
    """What the proposal would state does not make a valid statement."""


class InvalidField(ReviewError):
    """A field's value cannot be written: not an http(s) IRI, not valid for its datatype, not a
    kind of the vocabulary. The message names the field; nothing was written."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class StoreRefused(ReviewError):
    """The store refused the statements; the files were left as they were."""
