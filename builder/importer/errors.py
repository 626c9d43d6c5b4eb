"""The importer's one error: the source cannot be imported as asked (one line, no traceback)."""

from __future__ import annotations


class SourceError(Exception):
    """The source cannot be imported as asked."""
