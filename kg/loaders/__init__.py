"""One reader per file format: bytes (or decoded source) in, text plus the format's own title and date out.

Each reader wraps a well-kept library (pypdf, trafilatura, python-docx, charset-normalizer,
OpenCC); none parses a format itself. A reader raises :class:`FormatError` with a short reason
when the input is broken in a way it recognises; :func:`kg.load.load` adds the path.
"""
from __future__ import annotations

from dataclasses import dataclass


class FormatError(Exception):
    """The bytes are not a usable document of the expected format; the message says why."""


@dataclass(frozen=True)
class Extracted:
    text: str
    how: str                   # how the text was read: a codec name, or "pdf" / "docx" / "html+<codec>"
    title: str | None = None   # the document's own title, where the format carries one
    issued: str | None = None  # its own date, ISO 8601 (YYYY-MM-DD), where the format carries one
