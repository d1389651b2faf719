"""The store as a networkx graph: entities are nodes, facts are edges carrying their evidence.

The HTML explorer, the Gephi exports and the analytics all read this one view, so they
agree on what the graph is. Statistics are not nodes (over a thousand of them would bury
the entities): each entity counts the statistics about it instead. Documents are not
nodes either; they are attributes, so the explorer can filter by them.

Node attributes: ``label``, ``cls``, ``aliases``, ``documents`` (files that mention it),
``mentions`` (first-mention evidence per file), ``dates`` (establishedIn / issuedIn with
evidence), ``year`` (earliest date), ``statistics`` (count), ``reference`` (in the
gazetteers). Edge key and ``predicate``: the kgo term; ``evidence``: list of dicts with
``document``, ``sentence``, ``rule``, ``confidence``, ``start``, ``end``; ``documents``;
``reference``: asserted by the gazetteers (such facts have no evidence sentence).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox

from . import vocab as V
from .resources import ontology_dir
from .store import REFERENCE_GRAPH, Store

Evidence = dict  # keys: document, sentence, rule, confidence, start, end

_CLASSES = {V.kgo(c): c for c in V.ENTITY_CLASSES}
_OBJECT_PREDICATES = {V.kgo(p): p for p in V.OBJECT_PREDICATES}
_DATE_PREDICATES = {V.kgo(p): p for p in V.DATE_PREDICATES}
_TYPE = "type"  # evidence for rdf:type is the entity's first mention in a document

_Q_ENTITIES = "SELECT DISTINCT ?e ?c WHERE { ?e a ?c }"
_Q_LABELS = "SELECT DISTINCT ?e ?l WHERE { ?e skos:prefLabel ?l }"
_Q_ALIASES = "SELECT DISTINCT ?e ?a WHERE { ?e skos:altLabel ?a }"
_Q_MENTIONS = "SELECT DISTINCT ?e ?doc WHERE { ?d kgo:mentions ?e ; dcterms:identifier ?doc }"
_Q_REFERENCE = f"SELECT DISTINCT ?e WHERE {{ GRAPH {REFERENCE_GRAPH} {{ ?e a ?c }} }}"
_Q_DOCUMENTS = """SELECT ?doc ?title WHERE { ?d a kgo:Document ; dcterms:identifier ?doc
                  OPTIONAL { ?d dcterms:title ?title } } ORDER BY ?doc"""
_Q_STATISTICS = "SELECT ?e (COUNT(?st) AS ?n) WHERE { ?st a kgo:Statistic ; kgo:about ?e } GROUP BY ?e"
_Q_FACTS = """SELECT DISTINCT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?p { %s } }""" % " ".join(
    f"kgo:{p}" for p in V.PREDICATES)
_Q_EVIDENCE = """SELECT ?s ?p ?o ?doc ?sentence ?rule ?conf ?start ?end WHERE {
  ?ev a kgo:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kgo:sentence ?sentence ;
      kgo:rule ?rule ; kgo:confidence ?conf ; kgo:startChar ?start ; kgo:endChar ?end ;
      prov:wasDerivedFrom ?d . ?d dcterms:identifier ?doc }"""


def load_graph(store: Store, *, min_confidence: float | None = None) -> nx.MultiDiGraph:
    """Read every entity and fact of the store into a MultiDiGraph (one edge per s, p, o).

    With ``min_confidence``, evidence below it is dropped, and so is a fact left with
    none; gazetteer facts, which never had evidence, stay (as in ``Store.export``).
    """
    graph = nx.MultiDiGraph()
    _add_entities(graph, store)
    evidence = _evidence(store, min_confidence)
    for (s, o), ev in evidence.items_for(_TYPE):
        if s in graph:
            graph.nodes[s]["mentions"].extend(ev)
    _add_facts(graph, store, evidence, min_confidence)
    return graph


class _EvidenceIndex:
    """Evidence dicts by (subject, predicate, object) IRIs or values."""

    def __init__(self) -> None:
        self._by_fact: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)

    def add(self, s: str, p: str, o: str, ev: Evidence) -> None:
        self._by_fact[(s, p, o)].append(ev)

    def get(self, s: str, p: str, o: str) -> list[Evidence]:
        """The evidence of one fact in document order."""
        return sorted(self._by_fact.get((s, p, o), ()), key=lambda e: (e["document"], e["start"]))

    def items_for(self, predicate: str) -> Iterator[tuple[tuple[str, str], list[Evidence]]]:
        for s, p, o in list(self._by_fact):
            if p == predicate:
                yield (s, o), self.get(s, p, o)


def _evidence(store: Store, min_confidence: float | None) -> _EvidenceIndex:
    index = _EvidenceIndex()
    for r in store.query(_Q_EVIDENCE):
        p = r["p"].value
        term = _TYPE if p == V.RDF + "type" else _OBJECT_PREDICATES.get(p) or _DATE_PREDICATES.get(p)
        conf = float(r["conf"].value)
        if term is None or (min_confidence is not None and conf < min_confidence):
            continue
        index.add(r["s"].value, term, r["o"].value, {
            "document": r["doc"].value, "sentence": r["sentence"].value, "rule": r["rule"].value,
            "confidence": conf, "start": int(r["start"].value), "end": int(r["end"].value)})
    return index


def _add_entities(graph: nx.MultiDiGraph, store: Store) -> None:
    for r in store.query(_Q_ENTITIES):
        cls = _CLASSES.get(r["c"].value)
        iri = r["e"].value
        if cls and iri not in graph:
            graph.add_node(iri, **node_attributes(iri, cls))
    labels: dict[str, set[str]] = defaultdict(set)
    for r in store.query(_Q_LABELS):
        labels[r["e"].value].add(r["l"].value)
    for r in store.query(_Q_ALIASES):
        if r["e"].value in graph:
            graph.nodes[r["e"].value]["aliases"].append(r["a"].value)
    for r in store.query(_Q_MENTIONS):
        if r["e"].value in graph:
            graph.nodes[r["e"].value]["documents"].append(r["doc"].value)
    for r in store.query(_Q_STATISTICS):
        if r["e"].value in graph:
            graph.nodes[r["e"].value]["statistics"] = int(r["n"].value)
    graph.graph["documents"] = {r["doc"].value: r["title"].value if r["title"] else ""
                                for r in store.query(_Q_DOCUMENTS)}
    for r in store.query(_Q_REFERENCE):
        if r["e"].value in graph:
            graph.nodes[r["e"].value]["reference"] = True
    _settle_names(graph, labels)


def _settle_names(graph: nx.MultiDiGraph, labels: dict[str, set[str]]) -> None:
    """One label per entity (the shortest prefLabel, if graphs disagree); the rest are aliases."""
    for iri, data in graph.nodes(data=True):
        if labels.get(iri):
            data["label"] = min(labels[iri], key=lambda x: (len(x), x))
        data["aliases"] = sorted(set(data["aliases"]) - {data["label"]})
        data["documents"].sort()


def _add_facts(graph: nx.MultiDiGraph, store: Store, evidence: _EvidenceIndex,
               min_confidence: float | None) -> None:
    asserted_in: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    dated: set[tuple[str, str, str]] = set()
    for r in store.query(_Q_FACTS):
        p, o = r["p"].value, r["o"]
        key = (r["s"].value, _OBJECT_PREDICATES.get(p) or _DATE_PREDICATES[p], o.value)
        asserted_in[key].add(r["g"].value)
        if isinstance(o, ox.Literal):
            dated.add(key)
    for key, graphs in sorted(asserted_in.items()):
        s, term, o = key
        ev = evidence.get(s, term, o)
        reference = REFERENCE_GRAPH.value in graphs
        if min_confidence is not None and not ev and not reference:
            continue
        if key in dated:
            _add_date(graph, s, term, o, ev)
        elif s in graph and o in graph:
            graph.add_edge(s, o, key=term, predicate=term, evidence=ev, reference=reference,
                           documents=sorted({e["document"] for e in ev}))


def _add_date(graph: nx.MultiDiGraph, s: str, term: str, value: str, ev: list[Evidence]) -> None:
    if s not in graph:
        return
    data = graph.nodes[s]
    data["dates"].append({"predicate": term, "value": value, "evidence": ev})
    data["dates"].sort(key=lambda d: d["value"])
    year = year_of(value)
    if year is not None and (data["year"] is None or year < data["year"]):
        data["year"] = year


def year_of(value: str) -> int | None:
    """The year of an ISO date, year-month or year literal."""
    return int(value[:4]) if value[:4].isdigit() else None


def node_attributes(iri: str, cls: str) -> dict:
    """The attributes every node has, empty; the label falls back to the IRI's last segment."""
    return {"label": unquote(iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]), "cls": cls, "aliases": [],
            "documents": [], "mentions": [], "dates": [], "year": None, "statistics": 0, "reference": False}


class EntityNotFound(LookupError):
    """No entity, or more than one, has the name asked for; the message lists candidates."""


def find_entity(graph: nx.MultiDiGraph, name: str) -> str:
    """The IRI of the entity named ``name`` (an IRI, a prefLabel or an altLabel, compared folded).

    A preferred-label match wins over alias matches; two or more equal matches are an
    error listing the candidates' IRIs, which are always accepted.
    """
    if name in graph:
        return name
    key = V.fold(name)
    by_label = [n for n, label in graph.nodes(data="label") if V.fold(label) == key]
    matches = by_label or [n for n, aliases in graph.nodes(data="aliases") if key in map(V.fold, aliases)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise EntityNotFound(f"{name!r} is ambiguous: it names {len(matches)} entities; pass one IRI:\n"
                             + "\n".join(_describe(graph, n) for n in sorted(matches)))
    near = sorted(n for n, label in graph.nodes(data="label") if key in V.fold(label))[:10]
    hint = ("; similar names:\n" + "\n".join(_describe(graph, n) for n in near)) if near else ""
    raise EntityNotFound(f"no entity is named {name!r}{hint}")


def _describe(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    return f"  {data['label']} ({data['cls']}) {node}"


def mentioned(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The entities some document mentions, with the facts among them (gazetteer facts too)."""
    return graph.subgraph([n for n, docs in graph.nodes(data="documents") if docs])


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph for distances and centralities: direction and parallel facts dropped."""
    return nx.Graph(graph)


@cache
def term_labels() -> dict[str, str]:
    """Chinese labels of the ontology's classes and properties, e.g. City -> 市县."""
    labels: dict[str, str] = {}
    with open(ontology_dir() / "kg.ttl", "rb") as fh:
        for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            if (t.predicate.value == V.RDFS + "label" and isinstance(t.object, ox.Literal)
                    and t.object.language == "zh" and t.subject.value.startswith(V.KGO)):
                labels[t.subject.value.removeprefix(V.KGO)] = t.object.value
    return labels
