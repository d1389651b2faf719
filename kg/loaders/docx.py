"""DOCX to text with python-docx: one line per paragraph, one tab-separated line per table row.

Tab-separated lines are what kg.tables reads as table rows, so Word tables keep their
structure. Paragraphs and tables come in document order; headers and footers (page
furniture) are left out. Core properties give the title and the creation date.
"""
from __future__ import annotations

import io

from . import Extracted, FormatError


def read_docx(data: bytes) -> Extracted:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += ("\t".join(_cell_text(c) for c in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    text = "\n".join(lines)
    if not text.strip():
        raise FormatError("no text in the document body")
    props = document.core_properties
    issued = props.created.date().isoformat() if props.created else None
    return Extracted(text, "docx", (props.title or "").strip() or None, issued)


def _cell_text(cell) -> str:
    """A cell on one line: its paragraphs and tabs become spaces, so the row stays one row."""
    return " ".join(cell.text.split())
