"""Turn one document's facts into RDF quads in its own named graph, with evidence.

Every asserted triple gets an evidence node (``kgo:Evidence``, a reified
``rdf:Statement``) holding the sentence, the character offsets in the ORIGINAL file,
the rule id and a confidence. Statistics carry the same provenance on themselves.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from . import vocab as V
from .facts import EntityRef, Evidence
from .gazetteer import Entry, load_gazetteer
from .pipeline import Extraction

_NN: dict[str, NamedNode] = {}


def nn(iri: str) -> NamedNode:
    node = _NN.get(iri)
    if node is None:
        node = _NN[iri] = NamedNode(iri)
    return node


def K(term: str) -> NamedNode:  # noqa: N802 - reads like a prefix
    return nn(V.kgo(term))


RDF_TYPE = nn(V.RDF + "type")
RDFS_LABEL = nn(V.RDFS + "label")
PREF, ALT = nn(V.SKOS + "prefLabel"), nn(V.SKOS + "altLabel")
NOTATION, DEFINITION, IN_SCHEME = nn(V.SKOS + "notation"), nn(V.SKOS + "definition"), nn(V.SKOS + "inScheme")
DC_ID, DC_TITLE = nn(V.DCTERMS + "identifier"), nn(V.DCTERMS + "title")
DERIVED, GENERATED = nn(V.PROV + "wasDerivedFrom"), nn(V.PROV + "wasGeneratedBy")
R_SUBJ, R_PRED, R_OBJ = nn(V.RDF + "subject"), nn(V.RDF + "predicate"), nn(V.RDF + "object")
XSD_DECIMAL, XSD_INT = nn(V.XSD + "decimal"), nn(V.XSD + "integer")
CODE_SCHEME = nn(V.KGR + "scheme/customs-supervision-codes")


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def decimal(x: float) -> Literal:
    text = repr(float(x))
    return Literal(text[:-2] if text.endswith(".0") else text, datatype=XSD_DECIMAL)


def date_literal(value: str) -> Literal:
    dt = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(value))
    return Literal(value, datatype=nn(V.XSD + dt)) if dt else Literal(value)


def entity_node(ref: EntityRef) -> NamedNode:
    return nn(V.entity_iri(ref.cls, ref.name))


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=10).hexdigest()


def _entry_quads(node: NamedNode, entry: Entry, g: NamedNode) -> Iterator[Quad]:
    if entry.notation:
        yield Quad(node, NOTATION, Literal(entry.notation), g)
    if entry.definition:
        yield Quad(node, DEFINITION, zh(entry.definition), g)
    if entry.en:
        yield Quad(node, RDFS_LABEL, Literal(entry.en, language="en"), g)
    if entry.type == "CustomsSupervisionCode":
        yield Quad(node, IN_SCHEME, CODE_SCHEME, g)


class _Writer:
    def __init__(self, ex: Extraction, build: NamedNode):
        self.ex = ex
        self.name = ex.document.name
        self.g = nn(V.graph_iri(self.name))
        self.doc = nn(V.document_iri(self.name))
        self.build = build
        self.quads: list[Quad] = []

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, p, o, self.g))

    def provenance(self, node: NamedNode, ev: Evidence) -> None:
        s = self.ex.sentences[ev.sentence] if 0 <= ev.sentence < len(self.ex.sentences) else None
        start, end = self.ex.normalized.original_span(ev.start, ev.end)
        self.add(node, DERIVED, self.doc)
        self.add(node, K("sentence"), Literal(s.text if s else self.ex.normalized.text[ev.start:ev.end]))
        self.add(node, K("startChar"), Literal(str(start), datatype=XSD_INT))
        self.add(node, K("endChar"), Literal(str(end), datatype=XSD_INT))
        self.add(node, K("rule"), Literal(ev.rule))
        self.add(node, K("confidence"), decimal(round(ev.confidence, 3)))

    def evidence(self, s: NamedNode, p: NamedNode, o, ev: Evidence, qualifiers: dict | None = None) -> None:
        node = nn(V.fact_iri("evidence", _digest(self.name, s.value, p.value, o, ev.rule, ev.start)))
        self.add(node, RDF_TYPE, K("Evidence"))
        self.add(node, R_SUBJ, s)
        self.add(node, R_PRED, p)
        self.add(node, R_OBJ, o)
        for key, value in (qualifiers or {}).items():
            term = K(key)
            self.add(node, term, Literal(str(value), datatype=XSD_INT) if isinstance(value, int) else Literal(value))
        self.provenance(node, ev)

    def run(self) -> list[Quad]:
        ex, facts = self.ex, self.ex.facts
        self.add(self.g, DC_ID, Literal(self.name))
        self.add(self.doc, RDF_TYPE, K("Document"))
        self.add(self.doc, DC_ID, Literal(self.name))
        self.add(self.doc, K("sha256"), Literal(ex.document.sha256))
        self.add(self.doc, K("charCount"), Literal(str(len(ex.document.text)), datatype=XSD_INT))
        self.add(self.doc, GENERATED, self.build)
        if facts.title:
            self.add(self.doc, DC_TITLE, Literal(facts.title))

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
        for ref, names in aliases.items():
            node = entity_node(ref)
            cls = K(ref.cls)
            self.add(node, RDF_TYPE, cls)
            self.add(node, PREF, zh(ref.name))
            self.add(node, RDFS_LABEL, zh(ref.name))
            for a in sorted(names - {ref.name}):
                self.add(node, ALT, zh(a))
            entry = gaz.by_name(ref.cls, ref.name)
            if entry is not None:
                for a in entry.aliases:
                    if a != ref.name and a not in names:
                        self.add(node, ALT, zh(a))
                for q in _entry_quads(node, entry, self.g):
                    self.quads.append(q)
            self.add(self.doc, K("mentions"), node)
            self.evidence(node, RDF_TYPE, cls, first[ref])

        for r in facts.relations:
            s, p = entity_node(r.subject), K(r.predicate)
            o = date_literal(r.object) if isinstance(r.object, str) else entity_node(r.object)
            self.add(s, p, o)
            if "batch" in r.qualifiers and r.predicate == "establishedIn":
                self.add(s, K("batch"), Literal(str(r.qualifiers["batch"]), datatype=XSD_INT))
            self.evidence(s, p, o, r.evidence, r.qualifiers)

        for st in facts.statistics:
            node = nn(V.fact_iri("stat", _digest(self.name, st.evidence.start, st.value, st.unit)))
            self.add(node, RDF_TYPE, K("Statistic"))
            self.add(node, K("value"), decimal(st.value))
            self.add(node, K("unit"), Literal(st.unit))
            if st.period:
                self.add(node, K("period"), Literal(st.period))
            if st.indicator:
                self.add(node, K("indicator"), Literal(st.indicator))
            if st.about is not None:
                self.add(node, K("about"), entity_node(st.about))
            if st.growth_pct is not None:
                self.add(node, K("growthPct"), decimal(st.growth_pct))
            self.provenance(node, st.evidence)
        return self.quads


def document_quads(ex: Extraction, build: NamedNode) -> list[Quad]:
    """All quads of one document's named graph."""
    return _Writer(ex, build).run()


def reference_quads() -> list[Quad]:
    """The gazetteers as a graph of their own: parents, members, notations, labels."""
    g = nn(V.KGR + "graph/reference")
    gaz = load_gazetteer()
    by_name: dict[str, Entry] = {}
    for x in gaz.entries:
        by_name.setdefault(x.name, x)
    quads: list[Quad] = []
    add = lambda s, p, o: quads.append(Quad(s, p, o, g))  # noqa: E731
    for e in gaz.entries:
        node = entity_node(EntityRef(e.type, e.name))
        add(node, RDF_TYPE, K(e.type))
        add(node, PREF, zh(e.name))
        for a in e.aliases:
            add(node, ALT, zh(a))
        quads.extend(_entry_quads(node, e, g))
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
    return quads
