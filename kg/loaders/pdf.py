"""PDF to text with pypdf, keeping the layout cues kg.normalize relies on.

pypdf (pure Python, maintained) was chosen over pdfplumber: its plain extraction keeps one
text line per PDF line and the running headers and page-number lines, which
``extract/normalize.jsonl`` recognises as furniture; pages are joined by a line break
(a page break is not a paragraph break: sentences run on across pages).
"""
from __future__ import annotations

import io
from datetime import datetime

from . import Extracted, FormatError

EOF_WINDOW = 2048  # the %%EOF marker must be this close to the end, else the file was cut short


def read_pdf(data: bytes, max_chars: int) -> Extracted:
    """Text of every page; FormatError for a truncated, encrypted, oversized or image-only PDF."""
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        raise FormatError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise FormatError("truncated PDF (no %%EOF marker at the end)")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise FormatError("encrypted PDF: it needs a password to open")
    pages: list[str] = []
    size = 0
    for page in reader.pages:
        pages.append(page.extract_text())
        size += len(pages[-1]) + 1
        if size > max_chars:
            raise FormatError(f"over {max_chars:,} characters of text after {len(pages)} pages; split the file")
    text = "\n".join(pages)
    if not text.strip():
        raise FormatError("no text layer (a scanned PDF needs OCR first)")
    title, issued = _metadata(reader)
    return Extracted(text, "pdf", title, issued)


def _metadata(reader) -> tuple[str | None, str | None]:
    """(title, creation date) from the document information dictionary, where present and readable."""
    try:
        meta = reader.metadata
        if meta is None:
            return None, None
        created: datetime | None = meta.creation_date
        return (meta.title or "").strip() or None, created.date().isoformat() if created else None
    except Exception:  # noqa: BLE001 - malformed metadata must not cost the text
        return None, None
