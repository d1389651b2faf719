"""Turn one document's facts into RDF quads in its own named graph, with evidence.

Every asserted triple gets an evidence node (``kgo:Evidence``, a reified
``rdf:Statement``) holding the sentence, the character offsets in the ORIGINAL file,
the rule id and a confidence. Statistics carry the same provenance on themselves.

The writer emits N-Triples text, not pyoxigraph terms: a ``Quad`` whose object is a
``Literal`` costs about 6 µs to construct (pyoxigraph tries each term type in turn),
more than all the rest of the writer, while the store parses text in Rust. Terms are
written exactly as Oxigraph serialises them, so text and terms are interchangeable.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from . import vocab as V
from .facts import EntityRef, Evidence
from .gazetteer import Entry, load_gazetteer
from .rules import extractor_version
from .store import REFERENCE_GRAPH

if TYPE_CHECKING:  # not at run time: writing the reference graph needs no spaCy
    from .pipeline import Extraction

# Oxigraph's escapes: named ones where N-Triples has them, \uXXXX for other controls.
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)} | {
    ord("\b"): "\\b", ord("\t"): "\\t", ord("\n"): "\\n", ord("\f"): "\\f", ord("\r"): "\\r",
    ord('"'): '\\"', ord("\\"): "\\\\"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def iri(value: str) -> str:
    """An IRI as N-Triples writes it. Our IRIs are minted by kg.vocab, which %-encodes names."""
    return f"<{value}>"


@lru_cache(maxsize=None)
def K(term: str) -> str:  # noqa: N802 - reads like a prefix
    return iri(V.kgo(term))


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal as N-Triples writes it; ``datatype`` is an N-Triples IRI (``<...>``)."""
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    if lang:
        return f'"{text}"@{lang}'
    return f'"{text}"^^{datatype}' if datatype else f'"{text}"'


RDF_TYPE = iri(V.RDF + "type")
RDFS_LABEL = iri(V.RDFS + "label")
PREF, ALT = iri(V.SKOS + "prefLabel"), iri(V.SKOS + "altLabel")
NOTATION, DEFINITION, IN_SCHEME = iri(V.SKOS + "notation"), iri(V.SKOS + "definition"), iri(V.SKOS + "inScheme")
DC_ID, DC_TITLE = iri(V.DCTERMS + "identifier"), iri(V.DCTERMS + "title")
DC_ISSUED = iri(V.DCTERMS + "issued")
DERIVED, GENERATED = iri(V.PROV + "wasDerivedFrom"), iri(V.PROV + "wasGeneratedBy")
R_SUBJ, R_PRED, R_OBJ = iri(V.RDF + "subject"), iri(V.RDF + "predicate"), iri(V.RDF + "object")
XSD_DECIMAL, XSD_INT = iri(V.XSD + "decimal"), iri(V.XSD + "integer")
CODE_SCHEME = iri(V.KGR + "scheme/customs-supervision-codes")


def zh(text: str) -> str:
    return literal(text, lang="zh")


def integer(n: int | str) -> str:
    return literal(str(n), datatype=XSD_INT)


def decimal(x: float) -> str:
    """xsd:decimal has no exponent: 1e+16 is written 10000000000000000, 1e-07 as 0.0000001."""
    text = format(Decimal(repr(float(x))), "f")
    return literal(text[:-2] if text.endswith(".0") else text, datatype=XSD_DECIMAL)


def date_literal(value: str) -> str:
    dt = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(value))
    return literal(value, datatype=iri(V.XSD + dt)) if dt else literal(value)


@lru_cache(maxsize=1 << 16)
def entity_node(ref: EntityRef) -> str:
    """Cached: folding and %-encoding a name costs more than the rest of writing its triples."""
    return iri(V.entity_iri(ref.cls, ref.name))


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=10).hexdigest()


def _entry_triples(node: str, entry: Entry) -> Iterator[tuple[str, str, str]]:
    if entry.notation:
        yield node, NOTATION, literal(entry.notation)
    if entry.definition:
        yield node, DEFINITION, zh(entry.definition)
    if entry.en:
        yield node, RDFS_LABEL, literal(entry.en, lang="en")
    if entry.type == "CustomsSupervisionCode":
        yield node, IN_SCHEME, CODE_SCHEME


class _Lines:
    """N-Triples lines in the order they are added."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")

    def text(self) -> str:
        return "".join(self.lines)


class _Writer(_Lines):
    def __init__(self, ex: Extraction, build: NamedNode):
        super().__init__()
        self.ex = ex
        self.name = ex.document.name
        self.g = iri(V.graph_iri(self.name))
        self.doc = iri(V.document_iri(self.name))
        self.doc_id = literal(self.name)
        self.build = str(build)

    def provenance(self, node: str, ev: Evidence) -> None:
        s = self.ex.sentences[ev.sentence] if 0 <= ev.sentence < len(self.ex.sentences) else None
        start, end = self.ex.normalized.original_span(ev.start, ev.end)
        self.add(node, DERIVED, self.doc)
        self.add(node, K("sentence"), literal(s.text if s else self.ex.normalized.text[ev.start:ev.end]))
        self.add(node, K("startChar"), integer(start))
        self.add(node, K("endChar"), integer(end))
        self.add(node, K("rule"), literal(ev.rule))
        self.add(node, K("confidence"), decimal(round(ev.confidence, 3)))

    def evidence(self, s: str, p: str, o: str, ev: Evidence, qualifiers: dict | None = None) -> None:
        node = iri(V.fact_iri("evidence", _digest(self.name, s[1:-1], p[1:-1], o, ev.rule, ev.start, ev.end)))
        self.add(node, RDF_TYPE, K("Evidence"))
        self.add(node, R_SUBJ, s)
        self.add(node, R_PRED, p)
        self.add(node, R_OBJ, o)
        for key, value in (qualifiers or {}).items():
            self.add(node, K(key), integer(value) if isinstance(value, int) else literal(value))
        self.provenance(node, ev)

    def run(self) -> str:
        ex, facts = self.ex, self.ex.facts
        self.add(self.g, DC_ID, self.doc_id)
        self.add(self.doc, RDF_TYPE, K("Document"))
        self.add(self.doc, DC_ID, self.doc_id)
        self.add(self.doc, K("sha256"), literal(ex.document.sha256))
        self.add(self.doc, K("charCount"), integer(len(ex.document.text)))
        self.add(self.doc, GENERATED, self.build)
        self.add(self.doc, K("softwareVersion"), literal(extractor_version()))
        title = ex.document.title or facts.title  # a PDF/DOCX/HTML title beats the first line
        if title:
            self.add(self.doc, DC_TITLE, literal(title))
        if ex.document.issued:
            self.add(self.doc, DC_ISSUED, date_literal(ex.document.issued))

        aliases: dict[EntityRef, set[str]] = {}
        first: dict[EntityRef, Evidence] = {}
        for m in facts.mentions:
            aliases.setdefault(m.ref, set()).update(m.aliases)
            first.setdefault(m.ref, Evidence(m.sentence, m.start, m.end, m.rule, m.confidence))
        for r in facts.relations:
            for end in (r.subject, r.object):
                if isinstance(end, EntityRef):
                    aliases.setdefault(end, set())
                    first.setdefault(end, r.evidence)
        for st in facts.statistics:
            if st.about is not None:
                aliases.setdefault(st.about, set())
                first.setdefault(st.about, st.evidence)

        gaz = load_gazetteer()
        canonical: dict[str, str] = {}  # names that fold to one IRI share one prefLabel
        for ref in aliases:
            canonical.setdefault(entity_node(ref), ref.name)
        for ref, names in aliases.items():
            node = entity_node(ref)
            cls = K(ref.cls)
            pref = canonical[node]
            self.add(node, RDF_TYPE, cls)
            self.add(node, PREF, zh(pref))
            self.add(node, RDFS_LABEL, zh(pref))
            for a in sorted((names | {ref.name}) - {pref}):
                self.add(node, ALT, zh(a))
            entry = gaz.by_name(ref.cls, ref.name)
            if entry is not None:
                for a in entry.aliases:
                    if a != ref.name and a not in names:
                        self.add(node, ALT, zh(a))
                for triple in _entry_triples(node, entry):
                    self.add(*triple)
            self.add(self.doc, K("mentions"), node)
            self.evidence(node, RDF_TYPE, cls, first[ref])

        for r in facts.relations:
            s, p = entity_node(r.subject), K(r.predicate)
            o = date_literal(r.object) if isinstance(r.object, str) else entity_node(r.object)
            self.add(s, p, o)
            if "batch" in r.qualifiers and r.predicate == "establishedIn":
                self.add(s, K("batch"), integer(r.qualifiers["batch"]))
            self.evidence(s, p, o, r.evidence, r.qualifiers)

        for st in facts.statistics:
            if not math.isfinite(st.value):  # a number of 309+ digits: no xsd:decimal holds it
                continue
            node = iri(V.fact_iri("stat", _digest(self.name, st.evidence.start, st.value, st.unit)))
            self.add(node, RDF_TYPE, K("Statistic"))
            self.add(node, K("value"), decimal(st.value))
            self.add(node, K("unit"), literal(st.unit))
            if st.period:
                self.add(node, K("period"), literal(st.period))
            if st.indicator:
                self.add(node, K("indicator"), literal(st.indicator))
            if st.about is not None:
                self.add(node, K("about"), entity_node(st.about))
            if st.growth_pct is not None and math.isfinite(st.growth_pct):
                self.add(node, K("growthPct"), decimal(st.growth_pct))
            self.provenance(node, st.evidence)
        return self.text()


def document_ntriples(ex: Extraction, build: NamedNode) -> str:
    """The triples of one document's named graph, as N-Triples text (what the store loads)."""
    return _Writer(ex, build).run()


def reference_ntriples() -> str:
    """The gazetteers as a graph of their own: parents, members, notations, labels."""
    gaz = load_gazetteer()
    by_name: dict[str, Entry] = {}
    for x in gaz.entries:
        by_name.setdefault(x.name, x)
    out = _Lines()
    add = out.add
    for e in gaz.entries:
        node = entity_node(EntityRef(e.type, e.name))
        add(node, RDF_TYPE, K(e.type))
        add(node, PREF, zh(e.name))
        for a in e.aliases:
            add(node, ALT, zh(a))
        for triple in _entry_triples(node, e):
            add(*triple)
        if e.parent:
            parent = by_name.get(e.parent)
            if parent is not None:
                pred = "locatedIn" if e.type in ("City", "Province") else "partOf"
                add(node, K(pred), entity_node(EntityRef(parent.type, parent.name)))
        for mname in e.members:  # applicants need a status, which only evidence nodes carry
            member = by_name.get(mname)
            if member is None or member.type not in ("Country", "Region"):
                continue
            if e.type == "TradeAgreement":
                add(entity_node(EntityRef(member.type, member.name)), K("partyTo"), node)
            elif e.type == "Region":
                add(entity_node(EntityRef(member.type, member.name)), K("partOf"), node)
        if e.established:
            add(node, K("establishedIn"), date_literal(e.established))
    return out.text()


def as_quads(graph: str, ntriples: str) -> list[Quad]:
    """N-Triples text as pyoxigraph quads in ``graph``, in order (parsed in Rust, in one go)."""
    return list(parse(f"{iri(graph)} {{\n{ntriples}}}", format=RdfFormat.TRIG))


def document_quads(ex: Extraction, build: NamedNode) -> list[Quad]:
    """All quads of one document's named graph, as terms."""
    return as_quads(V.graph_iri(ex.document.name), document_ntriples(ex, build))


def reference_quads() -> list[Quad]:
    """The reference graph's quads, as terms."""
    return as_quads(REFERENCE_GRAPH.value, reference_ntriples())
