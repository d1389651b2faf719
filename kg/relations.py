"""Relation rules over masked sentences, read from ``extract/relations.jsonl``.

Each mention in a sentence is replaced by a placeholder ``⟨Class#k⟩``; a rule is a
regex over that masked text where ``{Class|Class:role}`` stands for one mention and
``{Class:role+}`` for a list of them (A、B和C). So "DATE，A1、A2联合印发《T》" is one
rule line, and adding a rule needs no code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .dates import cn_number, iso_date
from .facts import EntityRef, Evidence, Mention, Relation
from .gazetteer import load_gazetteer
from .patterns import any_text, expand
from .prefilter import Prefilter, RuleFilter, prefilter
from .regexcache import RegexCache
from .rules import RuleError, read_jsonl, rule_file
from .vocab import DATE_PREDICATES, ENTITY_CLASSES, PREDICATES

RULE_KEYS = ("id", "kind", "predicate", "pattern", "subject", "object", "qualifiers",
             "confidence", "classes", "places")
_SLOT = re.compile(r"\{([A-Za-z*|]+):([a-z_0-9]+)(\+?)\}")
_TOKEN = re.compile(r"⟨[A-Za-z]+#(\d+)⟩")
_LIST_SEP = r"(?:、|，|,|和|与|及|以及|、以及|或)"


@dataclass(frozen=True)
class RelationRule:
    id: str
    kind: str
    predicate: str
    regex: re.Pattern | None
    subject: Any
    object: Any
    qualifiers: dict[str, Any]
    confidence: float
    classes: frozenset[str]
    places: tuple[str, ...]  # in order of preference
    needs: Prefilter  # words every match holds in the masked sentence


def _slot_regex(m: re.Match) -> str:
    classes, role, many = m.groups()
    for c in classes.split("|"):
        if c != "*" and c not in ENTITY_CLASSES:
            raise RuleError(f"unknown class {c!r} in slot {m.group(0)}")
    cls = "[A-Za-z]+" if classes == "*" else "(?:" + classes + ")"
    one = f"⟨{cls}#\\d+⟩"
    body = f"{one}(?:{_LIST_SEP}?{one})*(?:等)?" if many else one  # 《A》《B》 need no separator
    return f"(?P<{role}>{body})"


def _written(pattern: str, where: str, **expand_options: Any) -> str:
    """The pattern with its macros expanded and its slots written as regex groups."""
    return _SLOT.sub(_slot_regex, expand(pattern, where, **expand_options))


@lru_cache(maxsize=1)
def load_rules() -> tuple[RelationRule, ...]:
    path = rule_file("relations.jsonl")
    with RegexCache("relations") as cache:
        return tuple(_relation_rule(r, f"{path} rule {r['id']}", cache)
                     for r in read_jsonl(path, allowed=RULE_KEYS, required=("id", "predicate")))


def _relation_rule(r: dict[str, Any], where: str, cache: RegexCache) -> RelationRule:
    if r["predicate"] not in PREDICATES:
        raise RuleError(f"{where}: unknown predicate {r['predicate']!r}")
    regex, needs = None, Prefilter(())
    if "pattern" in r:
        try:
            regex = cache.compile(_written(r["pattern"], where))
            needs = prefilter(_written(r["pattern"], where, gazetteer=any_text))
        except (re.error, RuleError) as exc:
            raise RuleError(f"{where}: {exc}") from exc
    return RelationRule(r["id"], r.get("kind", "pattern"), r["predicate"], regex,
                        r.get("subject"), r.get("object"), r.get("qualifiers", {}),
                        float(r.get("confidence", 0.7)), frozenset(r.get("classes", ())),
                        tuple(r.get("places", ())), needs)


@lru_cache(maxsize=1)
def _pattern_rules() -> RuleFilter[RelationRule]:
    return RuleFilter((r, r.needs) for r in load_rules() if r.regex is not None)


def mask(text: str, mentions: list[Mention], base: int) -> str:
    """Replace each mention (offsets relative to text start ``base``) by a placeholder."""
    out, pos = [], 0
    for k, m in enumerate(mentions):
        a, b = m.start - base, m.end - base
        if a < pos:
            continue
        if text[a - 1:a] == "《" and text[b:b + 1] == "》":  # a title: its brackets go too
            a, b = a - 1, b + 1
        out.append(text[pos:a])
        out.append(f"⟨{m.ref.cls}#{k}⟩")
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _refs(group: str | None, mentions: list[Mention]) -> list[EntityRef]:
    if not group:
        return []
    return [mentions[int(k)].ref for k in _TOKEN.findall(group)]


def _end(spec: Any, m: re.Match, mentions: list[Mention], year: int | None) -> list[EntityRef | str]:
    if isinstance(spec, dict):
        return [EntityRef(spec["label"], spec["name"])]
    if isinstance(spec, str) and spec.startswith("date:"):
        raw = m.groupdict().get(spec[5:])
        date = iso_date(raw, year) if raw else None
        return [date] if date else []
    return list(_refs(m.groupdict().get(spec), mentions))


def _qualifiers(spec: dict[str, Any], m: re.Match) -> dict[str, str | int]:
    out: dict[str, str | int] = {}
    for key, how in spec.items():
        if isinstance(how, str):
            out[key] = how
            continue
        raw = m.groupdict().get(how["group"])
        if raw is None:
            continue
        if how.get("number"):
            n = cn_number(raw)
            if n is not None:
                out[key] = n
        else:
            out[key] = how.get("map", {}).get(raw, raw)
    return out


def sentence_relations(text: str, base: int, sentence: int, mentions: list[Mention],
                       year: int | None) -> list[Relation]:
    """Apply the pattern rules to one sentence whose primary mentions are given."""
    masked = mask(text, mentions, base)
    if "⟨" not in masked:
        return []
    out = []
    for rule in _pattern_rules().candidates(masked):
        for m in rule.regex.finditer(masked):
            subjects = _end(rule.subject, m, mentions, year)
            objects = _end(rule.object, m, mentions, year)
            ev = Evidence(sentence, base, base + len(text), rule.id, rule.confidence)
            q = _qualifiers(rule.qualifiers, m)
            for s in subjects:
                for o in objects:
                    if isinstance(s, EntityRef) and s != o:
                        out.append(Relation(s, rule.predicate, o, ev, dict(q)))
    return out


_EDITION = re.compile(r"^(?:(?:19|20)\d{2}年?|第[一二三四五六七八九十百\d]+届|首届)+")


def name_relations(mentions: list[Mention]) -> list[Relation]:
    """Rules over names alone: a company or organisation named after its city is located there,
    a policy whose title names a place or zone applies to it."""
    out = []
    for rule in load_rules():
        if rule.kind in _NAME_KINDS:
            out += _NAME_KINDS[rule.kind](rule, mentions)
    return out


def _prefixed(rule: RelationRule, mentions: list[Mention]) -> list[Relation]:
    """Each mention of ``rule.classes`` relates to the gazetteer name its own name starts with."""
    gaz = load_gazetteer()
    out = []
    for m in mentions:
        if m.ref.cls not in rule.classes:
            continue
        name = _EDITION.sub("", m.ref.name)  # 2024郑州跨境电商大会 is named after 郑州
        for n in range(min(8, len(name) - 1), 1, -1):
            entry = gaz.lookup(name[:n], rule.places, strong_only=True)
            if entry is not None and entry.name != m.ref.name:
                ev = Evidence(m.sentence, m.start, m.end, rule.id, rule.confidence)
                out.append(Relation(m.ref, rule.predicate, EntityRef(entry.type, entry.name), ev))
                break
    return out


@lru_cache(maxsize=None)
def _gazetteer_finder(classes: tuple[str, ...]) -> Any:
    """An Aho-Corasick automaton of the strong surface forms of ``classes``: surface -> EntityRef."""
    import ahocorasick

    finder = ahocorasick.Automaton()
    for surface, entry in load_gazetteer().surface_forms():
        if entry.type in classes:
            finder.add_word(surface, (surface, EntityRef(entry.type, entry.name)))
    finder.make_automaton()
    return finder


def _contained(rule: RelationRule, mentions: list[Mention]) -> list[Relation]:
    """Each mention of ``rule.classes`` relates to the places and zones its name contains.

    Candidates are the gazetteer's names of ``rule.places`` and the document's own mentions
    of those classes (a zone named elsewhere in the text); the longest wins where they
    overlap, so 《中国（苏州）跨境电子商务综合试验区…计划》 applies to the zone, not to 苏州.
    """
    finder = _gazetteer_finder(rule.places)
    known = {m.ref for m in mentions if m.ref.cls in rule.places}
    out = []
    for m in mentions:
        if m.ref.cls not in rule.classes:
            continue
        title = m.ref.name
        spans = [(end + 1 - len(surface), end + 1, ref) for end, (surface, ref) in finder.iter(title)]
        for ref in known:
            spans += [(i.start(), i.end(), ref) for i in re.finditer(re.escape(ref.name), title)]
        taken: list[tuple[int, int]] = []
        found: dict[EntityRef, None] = {}
        for start, end, ref in sorted(spans, key=lambda x: x[0] - x[1]):  # longest first
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                found.setdefault(ref)
        ev = Evidence(m.sentence, m.start, m.end, rule.id, rule.confidence)
        out += [Relation(m.ref, rule.predicate, ref, ev) for ref in found if ref != m.ref]
    return out


_NAME_KINDS = {"name_prefix": _prefixed, "name_contains": _contained}


def is_literal_predicate(predicate: str) -> bool:
    return predicate in DATE_PREDICATES


def parent_relations(mentions: list[Mention], links: list[Relation]) -> list[Relation]:
    """A place and a place containing it (per the gazetteers) named in one sentence: locatedIn.

    Things located in a city (zones) are also located in the province named beside them.
    """
    rules = [r for r in load_rules() if r.kind == "gazetteer_parent"]
    if not rules:
        return []
    gaz = load_gazetteer()
    city_of = {r.subject: r.object for r in links
               if r.predicate == "locatedIn" and isinstance(r.object, EntityRef)}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    out = []
    for rule in rules:
        for sent, ms in by_sentence.items():
            present = {m.ref for m in ms}
            for m in ms:
                if m.ref.cls not in rule.classes:
                    continue
                place = m.ref if m.ref.cls in rule.places else city_of.get(m.ref)
                for ancestor in _ancestors(gaz, place) if place else ():
                    if ancestor in present and ancestor != place:
                        ev = Evidence(sent, m.start, m.end, rule.id, rule.confidence)
                        out.append(Relation(m.ref, rule.predicate, ancestor, ev))
    return out


def _ancestors(gaz, ref: EntityRef) -> list[EntityRef]:
    out, entry, seen = [], gaz.by_name(ref.cls, ref.name), set()
    while entry is not None and entry.parent and entry.parent not in seen:
        seen.add(entry.parent)
        parent = gaz.lookup(entry.parent, ("Province", "City", "Country"))
        if parent is None:
            break
        out.append(EntityRef(parent.type, parent.name))
        entry = parent
    return out
