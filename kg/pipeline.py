"""One document through the pipeline: normalise, split, recognise, resolve, relate.

The data flows one way. The result is plain facts (``kg.facts``) plus the
normalised text and its offset map, which the writer needs for provenance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import document_year
from .facts import DocumentFacts, EntityRef, Evidence, Mention, Relation
from .load import Document
from .normalize import Normalized, normalize
from .recognize import pipeline as nlp_pipeline
from .relations import name_relations, parent_relations, sentence_relations
from .sentences import Sentence, split
from .statistics import periods_before, sentence_statistics, table_statistics
from .table_relations import table_facts
from .tables import find_tables
from .vocab import fold

_ABBREV = re.compile(r"[（(](?:以下)?(?:简称|下称)(?:为)?[“《\"「]?(?P<short>[^”》\"」）)]{1,24})[”》\"」]?[）)]")
_SELF_REFERENCE = re.compile(r"本(?P<short>行动计划|计划|方案|意见|办法|规定|通知|措施|条例|细则|规划)")
_REBINDABLE = {"PolicyDocument", "TradeAgreement", "Organization", "Event", "PilotZone"}


@dataclass
class Extraction:
    document: Document
    normalized: Normalized
    sentences: list[Sentence]
    facts: DocumentFacts


def _recognise(sentences: list[Sentence]) -> tuple[list[Mention], list[Relation]]:
    nlp = nlp_pipeline()
    mentions: list[Mention] = []
    links: list[Relation] = []
    for s, doc in zip(sentences, nlp.pipe(s.text for s in sentences)):
        for cand in doc._.kg_candidates:
            for m in (cand.mention, *cand.secondary):
                m.start += s.start
                m.end += s.start
                m.sentence = s.index
                mentions.append(m)
            for pred, subj, obj in cand.links:
                ev = Evidence(s.index, cand.mention.start, cand.mention.end, cand.mention.rule,
                              cand.mention.confidence)
                links.append(Relation(subj, pred, obj, ev))
    return mentions, links


def _can_abbreviate(short: str, name: str) -> bool:
    """An acronym (RCEP) or a short form sharing two characters with the name (意见 of …的意见)."""
    return short.isascii() or len(set(short) & set(name)) >= 2


def _bind_abbreviations(sentences: list[Sentence], mentions: list[Mention]) -> None:
    """A 简称 defined in the text names the full title for the rest of this document."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    bound: dict[str, tuple[int, EntityRef]] = {}
    for s in sentences:
        for a in _ABBREV.finditer(s.text):
            at = s.start + a.start()
            before = [m for m in by_sentence.get(s.index, []) if m.primary and m.end <= at]
            short = a.group("short").strip()
            before = [m for m in before if _can_abbreviate(short, m.ref.name)]
            if before:
                target = before[-1]
                bound[fold(short)] = (at, target.ref)
                target.aliases = (*target.aliases, short)
    if not bound:
        return
    for s in sentences:  # 本行动计划 / 本意见: the document's own title, named by its 简称
        for r in _SELF_REFERENCE.finditer(s.text):
            key = fold(r.group("short"))
            if key in bound and s.start + r.start() > bound[key][0]:
                mentions.append(Mention(s.start + r.start(), s.start + r.end(), bound[key][1], r.group(0),
                                        "ent.policy.self_reference", 0.7, sentence=s.index))
    for m in mentions:
        key = fold(m.ref.name)
        if key in bound and m.ref.cls in _REBINDABLE and m.start > bound[key][0]:
            m.aliases = (*m.aliases, m.ref.name)
            m.ref = bound[key][1]


_RELATIVE = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<level>省|市)(?P<body>委|政府|人民政府|人大常委会|政协|商务局|商务厅|发展改革委|财政局|"
    r"网信办|人社局|经济和信息化局|政务服务和数据管理局|市场监管局|文化和旅游局|科技局)(?=[、，。和与及副主任书记长的]|$)")
_RELATIVE_NAME = {"委": "中共{place}委", "政府": "{place}人民政府"}
_LEVEL_CLASS = {"省": "Province", "市": "City"}


def _resolve_relative_agencies(sentences: list[Sentence], mentions: list[Mention]) -> list[Mention]:
    """市委、市政府、市商务局: the agency of the place the text last named at that level."""
    ordered = sorted((m for m in mentions if m.ref.cls in ("City", "Province")), key=lambda m: m.start)
    out = []
    for s in sentences:
        for r in _RELATIVE.finditer(s.text):
            at = s.start + r.start()
            cls = _LEVEL_CLASS[r.group("level")]
            place = next((m for m in reversed(ordered) if m.end <= at and m.ref.cls == cls
                          and m.sentence >= s.index - 8), None)
            if place is None or not place.ref.name.endswith(r.group("level")):
                continue
            body = r.group("body")
            name = _RELATIVE_NAME.get(body, "{place}" + body).format(place=place.ref.name)
            out.append(Mention(at, s.start + r.end(), EntityRef("GovernmentAgency", name), r.group(0),
                               "ent.agency.relative", 0.6, (r.group(0),), sentence=s.index))
    return out


def extract(document: Document) -> Extraction:
    norm = normalize(document.text)
    sentences = split(norm.text)
    year = document_year(norm.text)
    mentions, relations = _recognise(sentences)
    _bind_abbreviations(sentences, mentions)
    mentions += _resolve_relative_agencies(sentences, mentions)

    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for s in sentences:
        primary = sorted((m for m in by_sentence.get(s.index, []) if m.primary), key=lambda m: m.start)
        relations += sentence_relations(s.text, s.start, s.index, primary, year)
    relations += name_relations([m for m in mentions if m.primary])
    relations += parent_relations(mentions, relations)

    statistics = []
    contexts = periods_before(norm.text, sentences, year)
    for s in sentences:
        if not s.is_table_row:
            statistics += sentence_statistics(s, by_sentence.get(s.index, []), year, contexts[s.index])
    for table in find_tables(sentences):
        new_mentions, new_relations = table_facts(table, by_sentence, year)
        mentions += new_mentions
        relations += new_relations
        statistics += table_statistics(table, by_sentence, year)

    title = next((s.text.strip() for s in sentences if 2 <= len(s.text.strip()) <= 80), None)
    facts = DocumentFacts(document.name, mentions, relations, statistics, title=title)
    return Extraction(document, norm, sentences, facts)
