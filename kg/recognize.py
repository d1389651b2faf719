"""Recognise entity mentions in a sentence: a spaCy component over rules as data.

Gazetteer surface forms go through spaCy's PhraseMatcher; the regex patterns of
``extract/entities.jsonl`` run over the sentence text. Overlaps are settled
longest-first, then by priority; names found inside a winning mention (the city in
a zone's name) ride along as secondary mentions.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .facts import EntityRef, Mention
from .gazetteer import PATTERN_ONLY, Entry, Gazetteer, load_gazetteer
from .patterns import compile_pattern, pattern_prefilter
from .prefilter import Prefilter, RuleFilter
from .regexcache import RegexCache
from .rules import RuleError, read_jsonl, rule_file
from .tokenizer import CharTokenizer, text_of
from .vocab import ENTITY_CLASSES, PREDICATES, display

PATTERN_KEYS = ("id", "label", "pattern", "canonical", "aliases", "require", "span", "links",
                "context", "exclude", "trim_left", "cut_after", "list", "extends", "confidence", "priority")
_LIST_ITEM = re.compile(r"[^、，,和与及“”\"]+")
_ASCII = set(string.ascii_letters + string.digits)
_FORMATTER = string.Formatter()


def bare_place(text: str) -> str:
    return text[:-1] if len(text) > 2 and text[-1] in "市省" else text


class _Group:
    """A named group's value, as templates see it: {g}, {g.short}, {g.name}."""

    def __init__(self, text: str, entry: Entry | None):
        self.text, self.entry = text, entry

    def _text(self) -> str:
        if not self.text:  # a template that names a place which did not match makes no name
            raise AttributeError("empty group")
        return self.text

    @property
    def short(self) -> str:
        return self.entry.short if self.entry else self._text()

    @property
    def name(self) -> str:
        return self.entry.name if self.entry else self._text()

    @property
    def bare(self) -> str:
        """The place as written, less a 市/省 suffix: 郑州市 -> 郑州, 大理白族自治州 stays."""
        return bare_place(self._text())

    def __str__(self) -> str:
        return self.text

    __format__ = lambda self, spec: self.text  # noqa: E731


@dataclass(frozen=True)
class EntityPattern:
    id: str
    label: str
    regex: re.Pattern
    canonical: str
    aliases: tuple[str, ...]
    require: dict[str, tuple[str, ...]]
    span: str | None
    links: tuple[dict[str, Any], ...]
    context: re.Pattern | None
    exclude: re.Pattern | None
    trim_left: re.Pattern | None
    cut_after: re.Pattern | None
    list: str | None
    extends: tuple[str, ...]  # classes of a mention this pattern continues (a unit after its parent)
    confidence: float
    priority: int
    needs: Prefilter  # words every match holds: a sentence without them is skipped


@dataclass(frozen=True)
class Boundary:
    """A gazetteer match that is only a piece of a longer word (商务部 in 商务部门)."""

    id: str
    classes: frozenset[str]
    surface: re.Pattern | None
    not_before: re.Pattern | None
    not_after: re.Pattern | None

    def cuts(self, cls: str, surface: str, before: str, after: str) -> bool:
        return (cls in self.classes and (self.surface is None or bool(self.surface.search(surface)))
                and (bool(self.not_before and self.not_before.search(after))
                     or bool(self.not_after and self.not_after.search(before))))


@lru_cache(maxsize=1)
def load_boundaries() -> tuple[Boundary, ...]:
    recs = read_jsonl(rule_file("boundaries.jsonl"),
                      allowed=("id", "classes", "surface", "not_before", "not_after"), required=("id", "classes"))
    rx = lambda r, k: re.compile(r[k]) if r.get(k) else None  # noqa: E731
    return tuple(Boundary(r["id"], frozenset(r["classes"]), rx(r, "surface"), rx(r, "not_before"),
                          rx(r, "not_after")) for r in recs)


@lru_cache(maxsize=1)
def load_patterns() -> tuple[EntityPattern, ...]:
    path = rule_file("entities.jsonl")
    with RegexCache("entities") as cache:
        return tuple(_entity_pattern(r, f"{path} rule {r['id']}", cache)
                     for r in read_jsonl(path, allowed=PATTERN_KEYS, required=("id", "label", "pattern")))


def _entity_pattern(r: dict[str, Any], where: str, cache: RegexCache) -> EntityPattern:
    if r["label"] not in ENTITY_CLASSES:
        raise RuleError(f"{where}: unknown label {r['label']!r}")
    for link in r.get("links", ()):
        if link.get("predicate") not in PREDICATES:
            raise RuleError(f"{where}: unknown predicate {link.get('predicate')!r}")
    opt = lambda k: compile_pattern(r[k], where, cache) if r.get(k) else None  # noqa: E731
    return EntityPattern(
        id=r["id"], label=r["label"], regex=compile_pattern(r["pattern"], where, cache),
        canonical=r.get("canonical", "{match}"), aliases=tuple(r.get("aliases", ())),
        require={g: tuple(c) for g, c in r.get("require", {}).items()},
        span=r.get("span"), links=tuple(r.get("links", ())), context=opt("context"),
        exclude=opt("exclude"), trim_left=opt("trim_left"), cut_after=opt("cut_after"),
        list=r.get("list"), extends=tuple(r.get("extends", ())),
        confidence=float(r.get("confidence", 0.8)), priority=int(r.get("priority", 0)),
        needs=pattern_prefilter(r["pattern"], where),
    )


def _fill(template: str, values: dict[str, Any]) -> str | None:
    """Fill a template; None when it names a group that did not match."""
    try:
        return _FORMATTER.vformat(template, (), values)
    except (KeyError, AttributeError):
        return None


@dataclass
class Candidate:
    mention: Mention
    priority: int
    links: list[tuple[str, Any, Any]]  # (predicate, subject, object): EntityRef or "self"
    secondary: list[Mention]


class EntityRecognizer:
    """spaCy component: sets ``doc._.kg_candidates`` to the chosen mentions of a sentence."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or load_gazetteer()
        self.patterns = load_patterns()
        self.boundaries = load_boundaries()
        self.rules = RuleFilter((p, p.needs) for p in self.patterns if not p.extends)
        self.matcher = PhraseMatcher(nlp.vocab)
        self._entries: dict[str, Entry] = {}
        by_entry: dict[str, list[str]] = {}
        for surface, entry in self.gazetteer.surface_forms():
            self._entries[entry.id] = entry
            by_entry.setdefault(entry.id, []).append(surface)
        for entry_id, surfaces in by_entry.items():
            self.matcher.add(entry_id, list(nlp.tokenizer.pipe(sorted(set(surfaces)))))
        if not Doc.has_extension("kg_candidates"):
            Doc.set_extension("kg_candidates", default=None)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        cands = self._gazetteer_candidates(doc, text) + self._pattern_candidates(text)
        chosen = _settle(cands)
        units = self._unit_candidates(chosen, text)
        doc._.kg_candidates = _settle(chosen + units) if units else chosen
        return doc

    def _unit_candidates(self, chosen: list[Candidate], text: str) -> list[Candidate]:
        """Units named right after their parent (广西民族大学|经济学院): parent + unit, partOf parent."""
        out = []
        for p in self.patterns:
            if not p.extends:
                continue
            for c in chosen:
                parent = c.mention
                if parent.ref.cls not in p.extends:
                    continue
                m = p.regex.match(text, parent.end)
                if m is None:
                    continue
                unit = display(m.group(0))
                child = Mention(parent.start, m.end(), EntityRef(p.label, parent.ref.name + unit),
                                text[parent.start:m.end()], p.id, p.confidence)
                link = ("partOf", child.ref, parent.ref)
                keep = Candidate(parent, c.priority, c.links, c.secondary)
                keep.mention.primary = False
                out.append(Candidate(child, p.priority + 20, [link], [keep.mention]))
        return out

    def _gazetteer_candidates(self, doc: Doc, text: str) -> list[Candidate]:
        out = []
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            a, b = span.start_char, span.end_char
            surface = text[a:b]
            # ASCII names must not be cut out of longer ASCII words (EU in EUDPR)
            if (surface[0] in _ASCII and a > 0 and text[a - 1] in _ASCII) or \
               (surface[-1] in _ASCII and b < len(text) and text[b] in _ASCII):
                continue
            entry = self._entries[strings[match_id]]
            before, after = text[max(0, a - 4):a], text[b:b + 4]
            if any(cut.cuts(entry.type, surface, before, after) for cut in self.boundaries):
                continue
            ref = EntityRef(entry.type, entry.name)
            m = Mention(a, b, ref, surface, entry.rule_id, 0.9,
                        aliases=(surface,) if surface != entry.name else ())
            out.append(Candidate(m, 1, [], []))
        return out

    def _pattern_candidates(self, text: str) -> list[Candidate]:
        out = []
        for p in self.rules.candidates(text):
            if p.context is not None and not p.context.search(text):
                continue
            for m in p.regex.finditer(text):
                if p.list:
                    out += self._list_candidates(p, m, text)
                    continue
                cand = self._candidate(p, m, text)
                if cand is not None:
                    out.append(cand)
        return out

    def _list_candidates(self, p: EntityPattern, m: re.Match, text: str) -> list[Candidate]:
        """One entity per item of the group named by ``list`` (A、B和C等…)."""
        a0, _b0 = m.span(p.list)
        out = []
        for item in _LIST_ITEM.finditer(m.group(p.list)):
            a, b = a0 + item.start(), a0 + item.end()
            cand = self._candidate(p, m, text, item=(a, b))
            if cand is not None:
                out.append(cand)
        return out

    def _candidate(self, p: EntityPattern, m: re.Match, text: str,
                   item: tuple[int, int] | None = None) -> Candidate | None:
        start, end = item or m.span()
        values: dict[str, Any] = {}
        spans: dict[str, tuple[int, int]] = {}
        for g, v in m.groupdict().items():
            key = g[:-1] if g[-1:].isdigit() else g  # place2 stands in for place
            if v is not None and key not in spans:
                values[key] = _Group(v, None)
                spans[key] = m.span(g)
            values.setdefault(key, _Group("", None))
        for g, classes in p.require.items():
            if g not in spans:
                continue
            entry = self.gazetteer.lookup(values[g].text, classes)
            if entry is None:
                return None
            values[g] = _Group(values[g].text, entry)
        if item is None and p.span:
            start, end = spans.get(p.span, (start, end))
        surface = text[start:end]
        if p.cut_after is not None:  # the name starts after the last boundary word in it
            cuts = [c.end() for c in p.cut_after.finditer(surface) if c.end() < len(surface) - 1]
            if cuts:
                start += cuts[-1]
        if p.trim_left is not None:
            cut = p.trim_left.match(text[start:end])
            if cut and start + cut.end() < end:
                start += cut.end()
        surface = text[start:end]
        for g, (a, b) in spans.items():  # a free-text group that began before the cut is cut too
            if a < start and values[g].entry is None:
                values[g] = _Group(text[min(max(a, start), b):b], None)
        if len(surface) < 2 or (p.exclude is not None and p.exclude.search(surface)):
            return None
        values["match"] = _Group(surface, None)
        if item is not None:
            values["item"] = _Group(surface, None)
        name = _fill(p.canonical, values)
        if not name:
            return None
        name = display(name)
        label = p.label
        known = self.gazetteer.lookup(name) if not p.require else None
        if known is not None and known.type not in PATTERN_ONLY:  # a reference fact beats a guess
            label, name = known.type, known.name
        aliases = tuple(a for a in {display(x) for x in (_fill(t, values) for t in p.aliases) if x} | {surface}
                        if a and a != name)
        mention = Mention(start, end, EntityRef(label, name), surface, p.id, p.confidence, aliases)
        secondary, refs = [], {"self": mention.ref}
        for g, (a, b) in spans.items():
            entry = values[g].entry
            if entry is not None and g in p.require:
                ref = EntityRef(entry.type, entry.name)
                refs[g] = ref
                secondary.append(Mention(a, b, ref, text[a:b], p.id, p.confidence,
                                         (text[a:b],) if text[a:b] != entry.name else (), primary=False))
        links = []
        for link in p.links:
            s, o = (_link_end(link[k], refs, values) for k in ("subject", "object"))
            if s is not None and o is not None:
                links.append((link["predicate"], s, o))
        return Candidate(mention, p.priority, links, secondary)


def _link_end(spec: Any, refs: dict[str, EntityRef], values: dict[str, Any]) -> EntityRef | None:
    if isinstance(spec, dict):
        name = _fill(spec["canonical"], values)
        return EntityRef(spec["label"], display(name)) if name else None
    return refs.get(spec)


# Names inside these keep their own mentions: 世界海关组织 in 《世界海关组织跨境电商标准框架》.
_CONTAINERS = frozenset({"PolicyDocument", "TradeAgreement", "Event", "BondedZone", "PilotZone"})


def _settle(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest non-overlapping candidates; ties go to the higher priority.

    A reference name (gazetteer match) or a specific pattern's name (priority 7 and up:
    agencies, zones) nested in a chosen title, event or zone name is kept as a secondary
    mention of that container, so the document still mentions it.
    """
    cands.sort(key=lambda c: (-(c.mention.end - c.mention.start), -c.priority, c.mention.start))
    taken: list[tuple[int, int, Candidate]] = []
    chosen = []
    for c in cands:
        a, b = c.mention.start, c.mention.end
        over = [t for x, y, t in taken if a < y and x < b]
        if not over:
            taken.append((a, b, c))
            chosen.append(c)
        elif (c.mention.rule.startswith("gazetteer.") or c.priority >= 7) and len(over) == 1 \
                and over[0].mention.ref.cls in _CONTAINERS and over[0].mention.start <= a and b <= over[0].mention.end:
            c.mention.primary = False
            over[0].secondary.append(c.mention)
    chosen.sort(key=lambda c: c.mention.start)
    return chosen


@Language.factory("kg_recognizer")
def make_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer(nlp)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """A blank Chinese pipeline (char segmenter, no model, no network) with our recogniser."""
    import spacy

    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("kg_recognizer")
    return nlp
