"""The facts one document yields, before they become RDF.

Offsets here are into the normalised text; the writer maps them back to the
original file with :meth:`kg.normalize.Normalized.original_span`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntityRef:
    cls: str
    name: str  # canonical name


@dataclass
class Mention:
    start: int
    end: int
    ref: EntityRef
    surface: str
    rule: str
    confidence: float
    aliases: tuple[str, ...] = ()
    sentence: int = -1
    primary: bool = True  # False for places etc. found inside another mention


@dataclass(frozen=True)
class Evidence:
    sentence: int   # index of the sentence
    start: int      # span in the normalised text the fact rests on
    end: int
    rule: str
    confidence: float


@dataclass
class Relation:
    subject: EntityRef
    predicate: str
    object: EntityRef | str  # str: a date or other literal
    evidence: Evidence
    qualifiers: dict[str, str | int] = field(default_factory=dict)


@dataclass
class Statistic:
    value: float
    unit: str
    evidence: Evidence
    indicator: str | None = None
    period: str | None = None
    about: EntityRef | None = None
    growth_pct: float | None = None


@dataclass
class DocumentFacts:
    name: str
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    title: str | None = None
    issued: str | None = None
