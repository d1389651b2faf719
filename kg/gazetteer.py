"""Reference facts about the world, read from ``extract/gazetteers/*.jsonl``.

A gazetteer entry is a real thing (a city, a ministry, a customs code, an
agreement) with its canonical name and the surface forms it goes by. ``aliases``
may be matched on their own; ``weak_aliases`` are common words too and only count
inside a pattern that expects a place or an agency.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .resources import extract_dir
from .rules import RuleError, read_jsonl
from .vocab import ENTITY_CLASSES, fold

ENTRY_KEYS = ("id", "type", "name", "aliases", "weak_aliases", "parent", "notation",
              "definition", "en", "members", "applicants", "established", "level")
_DASH_FORMS = "—-–－"
# Classes whose gazetteer names are only matched through patterns with context.
PATTERN_ONLY = frozenset({"CustomsSupervisionCode"})


@dataclass(frozen=True)
class Entry:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    parent: str | None = None
    notation: str | None = None
    definition: str | None = None
    en: str | None = None
    members: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()
    established: str | None = None
    level: str | None = None
    source: str = field(default="", compare=False)  # the gazetteer file's stem

    @property
    def short(self) -> str:
        """The bare place name: 郑州 for 郑州市, 广西 for 广西壮族自治区."""
        forms = [a for a in self.aliases + self.weak_aliases if len(a) >= 2 and self.name.startswith(a)]
        return min(forms, key=len) if forms else self.name

    @property
    def rule_id(self) -> str:
        return f"gazetteer.{self.source}"


def width_fold(text: str) -> str:
    """The width folding normalize.py applies to document text, for surface forms."""
    return "".join(unicodedata.normalize("NFKC", c) if 0xFF01 <= ord(c) <= 0xFF5E and c not in "，：；！？（）" else c
                   for c in text).replace("(", "（").replace(")", "）")


def dash_variants(surface: str) -> set[str]:
    if not any(d in surface for d in _DASH_FORMS):
        return {surface}
    out = set()
    for d in _DASH_FORMS:
        out.add("".join(d if c in _DASH_FORMS else c for c in surface))
    return out


class Gazetteer:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._by_key: dict[str, list[Entry]] = {}
        self._strong: dict[str, list[Entry]] = {}
        self._by_name: dict[tuple[str, str], Entry] = {}
        for e in entries:
            self._by_name.setdefault((e.type, fold(e.name)), e)
            for index, forms in ((self._by_key, (e.name, *e.aliases, *e.weak_aliases)),
                                 (self._strong, (e.name, *e.aliases))):
                for s in forms:
                    bucket = index.setdefault(fold(s), [])
                    if e not in bucket:
                        bucket.append(e)

    def lookup(self, surface: str, classes: tuple[str, ...] | frozenset[str] | None = None,
               *, strong_only: bool = False) -> Entry | None:
        """The entry a surface form names (weak forms too, unless strong_only); earlier classes win."""
        bucket = (self._strong if strong_only else self._by_key).get(fold(surface), ())
        if classes is None:
            return bucket[0] if bucket else None
        ranked = [e for e in bucket if e.type in classes]
        if isinstance(classes, tuple):
            ranked.sort(key=lambda e: classes.index(e.type))
        return ranked[0] if ranked else None

    def by_name(self, cls: str, name: str) -> Entry | None:
        return self._by_name.get((cls, fold(name)))

    def surface_forms(self) -> list[tuple[str, Entry]]:
        """Surface forms safe to match standalone, with dash and width variants."""
        out = []
        for e in self.entries:
            if e.type in PATTERN_ONLY:
                continue
            for s in {e.name, *e.aliases}:
                if len(s) < 2:
                    continue
                for v in dash_variants(width_fold(s)):
                    out.append((v, e))
        return out


def read_entries(path: Path) -> list[Entry]:
    entries = []
    for rec in read_jsonl(path, allowed=ENTRY_KEYS, required=("id", "type", "name")):
        if rec["type"] not in ENTITY_CLASSES:
            raise RuleError(f"{path}: entry {rec['id']!r} has unknown type {rec['type']!r}")
        for key in ("aliases", "weak_aliases", "members", "applicants"):
            if key in rec:
                rec[key] = tuple(rec[key])
        entries.append(Entry(**rec, source=path.stem))
    return entries


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    folder = extract_dir() / "gazetteers"
    entries: list[Entry] = []
    for path in sorted(folder.glob("*.jsonl")):
        entries.extend(read_entries(path))
    return Gazetteer(entries)
