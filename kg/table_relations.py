"""Facts from tables whose rows list named things with a date (zone approval batches).

Rules are data in ``extract/tables.jsonl``: which tables (cue), which column names
the things, which column dates them, and the relations every row implies. Works
for any such table, not one document's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .dates import iso_date
from .facts import EntityRef, Evidence, Mention, Relation
from .gazetteer import load_gazetteer
from .rules import read_jsonl, rule_file
from .tables import Table
from .recognize import bare_place
from .vocab import display

TABLE_KEYS = ("id", "cue", "names_column", "date_column", "label", "canonical", "date_predicate",
              "place_predicate", "constant", "batch", "confidence")


@dataclass(frozen=True)
class TableRule:
    id: str
    cue: re.Pattern
    names_column: re.Pattern
    date_column: re.Pattern
    label: str
    canonical: str
    date_predicate: str
    place_predicate: str | None
    constant: tuple[dict[str, Any], ...]
    batch: bool
    confidence: float


@lru_cache(maxsize=1)
def load_table_rules() -> tuple[TableRule, ...]:
    recs = read_jsonl(rule_file("tables.jsonl"), allowed=TABLE_KEYS,
                      required=("id", "cue", "names_column", "date_column", "label", "canonical"))
    return tuple(TableRule(r["id"], re.compile(r["cue"]), re.compile(r["names_column"]),
                           re.compile(r["date_column"]), r["label"], r["canonical"],
                           r.get("date_predicate", "establishedIn"), r.get("place_predicate"),
                           tuple(r.get("constant", ())), bool(r.get("batch")),
                           float(r.get("confidence", 0.85))) for r in recs)


def _column(table: Table, rx: re.Pattern) -> int | None:
    for row in table.header_rows:
        for i, c in enumerate(row):
            if rx.search(c.text):
                return i
    return None


_ITEM = re.compile(r"[^、，,；;\s]+")
_PLACE_CLASSES = ("City", "Province")


class _Place:
    """What the canonical template sees as {place}: .name, .short, .bare."""

    def __init__(self, name: str, short: str, bare: str):
        self.name, self.short, self.bare = name, short, bare

    def __format__(self, spec: str) -> str:
        return self.name


def table_facts(table: Table, mentions_by_sentence: dict[int, list[Mention]],
                year: int | None) -> tuple[list[Mention], list[Relation]]:
    """New mentions (the things a row names) and their relations."""
    mentions: list[Mention] = []
    relations: list[Relation] = []
    header_text = " ".join(c.text for row in table.header_rows for c in row)
    for rule in load_table_rules():
        if not rule.cue.search(" ".join((table.caption, table.context, header_text))):
            continue
        names_col, date_col = _column(table, rule.names_column), _column(table, rule.date_column)
        if names_col is None or date_col is None:
            continue
        gaz = load_gazetteer()
        for batch, (row, sent) in enumerate(zip(table.rows, table.row_sentences), 1):
            if names_col >= len(row) or date_col >= len(row):
                continue
            date = iso_date(row[date_col].text, year)
            cell = row[names_col]
            inside = [m for m in mentions_by_sentence.get(sent, [])
                      if cell.start <= m.start and m.end <= cell.end and m.ref.cls == rule.label]
            for item in _ITEM.finditer(cell.text):
                a, b = cell.start + item.start(), cell.start + item.end()
                named = next((m.ref for m in inside if m.start < b and a < m.end), None)
                place = None
                if named is not None:
                    thing = named
                else:  # a list item of a names column is a place, known to the gazetteer or not
                    entry = gaz.lookup(item.group(0), _PLACE_CLASSES)
                    if entry is not None:
                        place = EntityRef(entry.type, entry.name)
                        mentions.append(Mention(a, b, place, item.group(0), rule.id, rule.confidence,
                                                sentence=sent, primary=False))
                    short = entry.short if entry else item.group(0)
                    label = _Place(entry.name if entry else item.group(0), short, bare_place(item.group(0)))
                    thing = EntityRef(rule.label, display(rule.canonical.format(place=label)))
                    mentions.append(Mention(a, b, thing, item.group(0), rule.id,
                                            rule.confidence if entry else rule.confidence * 0.8, sentence=sent))
                ev = Evidence(sent, row[0].start, row[-1].end, rule.id, rule.confidence)
                qual = {"batch": batch} if rule.batch else {}
                if date:
                    relations.append(Relation(thing, rule.date_predicate, date, ev, dict(qual)))
                if place is not None and rule.place_predicate:
                    relations.append(Relation(thing, rule.place_predicate, place, ev))
                for c in rule.constant:
                    o = c["object"]
                    relations.append(Relation(thing, c["predicate"], EntityRef(o["label"], o["name"]), ev, dict(qual)))
    return mentions, relations
