"""Tab-separated tables in PDF-extracted text: caption, units line, header, rows.

Any run of lines holding tabs is a table. The caption is the nearest short line
above it that is not a units line; the units line is ``（单位：…）``. Cells keep
their offsets so that facts from a cell point at that cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import Sentence

UNITS_LINE = re.compile(r"^[（(]?\s*单位[：:]\s*(?P<units>[^）)]+)[）)]?\s*$")
_NUMERIC = re.compile(r"^[-+−]?\d[\d,.]*%?$")
_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年?$")


def _is_header(row: tuple[Cell, ...]) -> bool:
    """Mostly words (years count as words: they label columns), not figures."""
    filled = [c.text for c in row if c.text]
    figures = [t for t in filled if _NUMERIC.match(t) and not _YEAR.match(t)]
    return bool(filled) and len(figures) * 2 < len(filled)


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # offset in the normalised text
    end: int


@dataclass(frozen=True)
class Table:
    caption: str
    units: tuple[str, ...]
    header_rows: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_sentences: tuple[int, ...]  # sentence index of each row
    context: str  # caption, units and the paragraph before, for cues


def _cells(s: Sentence) -> tuple[Cell, ...]:
    out, pos = [], s.start
    for part in s.text.split("\t"):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        out.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(part) + 1
    return tuple(out)


def find_tables(sentences: list[Sentence]) -> list[Table]:
    tables: list[Table] = []
    i = 0
    while i < len(sentences):
        if not sentences[i].is_table_row:
            i += 1
            continue
        j = i
        while j < len(sentences) and sentences[j].is_table_row:
            j += 1
        rows = [_cells(s) for s in sentences[i:j]]
        before = [s.text for s in sentences[max(0, i - 4):i] if not s.is_table_row]
        units: tuple[str, ...] = ()
        caption = ""
        for line in reversed(before):
            m = UNITS_LINE.match(line.strip())
            if m and not units:
                units = tuple(u.strip().removesuffix("人民币") for u in re.split(r"[，,、]", m.group("units"))
                              if u.strip())  # 亿元人民币 is written 亿元 everywhere else
            elif not caption and len(line) <= 60:
                caption = line.strip()
        n_head = 0
        while n_head < len(rows) - 1 and n_head < 3 and _is_header(rows[n_head]):
            n_head += 1
        tables.append(Table(caption, units, tuple(rows[:n_head]), tuple(rows[n_head:]),
                            tuple(s.index for s in sentences[i + n_head:j]), " ".join(before)))
        i = j
    return tables
