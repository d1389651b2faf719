"""Every fact the graph holds about one entity, with the evidence each rests on.

This is how an analyst checks a claim and how a rule is debugged: each line names
the document, the character offsets in the original file, the rule id and the
confidence, and quotes the sentence.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from . import vocab as V
from .store import Store

# pyoxigraph binds a substituted variable only if the query projects it (SEP-0007).
_FIND = """
SELECT DISTINCT ?e ?label ?cls ?name WHERE {
  ?e skos:prefLabel|skos:altLabel|rdfs:label ?l ; skos:prefLabel ?label ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), STR(kgo:)) && LCASE(STR(?l)) = LCASE(STR(?name)))
}"""

_FACTS = """
SELECT ?e ?s ?p ?o ?sentence ?doc ?start ?end ?rule ?conf WHERE {
  GRAPH ?g {
    ?ev a kgo:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        kgo:sentence ?sentence ; kgo:startChar ?start ; kgo:endChar ?end ;
        kgo:rule ?rule ; kgo:confidence ?conf ; prov:wasDerivedFrom ?d .
    ?d dcterms:identifier ?doc .
    FILTER(?s = ?e || ?o = ?e)
  }
} ORDER BY ?doc ?start"""

_STATS = """
SELECT ?e ?value ?unit ?period ?indicator ?growth ?sentence ?doc ?start ?end ?rule ?conf WHERE {
  GRAPH ?g {
    ?st a kgo:Statistic ; kgo:about ?e ; kgo:value ?value ; kgo:unit ?unit ;
        kgo:sentence ?sentence ; kgo:startChar ?start ; kgo:endChar ?end ;
        kgo:rule ?rule ; kgo:confidence ?conf ; prov:wasDerivedFrom ?d .
    ?d dcterms:identifier ?doc .
    OPTIONAL { ?st kgo:period ?period } OPTIONAL { ?st kgo:indicator ?indicator }
    OPTIONAL { ?st kgo:growthPct ?growth }
  }
} ORDER BY ?doc ?start"""


@dataclass(frozen=True)
class Fact:
    statement: str
    document: str
    start: int
    end: int
    rule: str
    confidence: float
    sentence: str


def find_entities(store: Store, name: str) -> list[tuple[str, str, str]]:
    """(IRI, canonical label, class) of every entity a name or alias denotes."""
    rows = store.query(_FIND, substitutions={ox.Variable("name"): ox.Literal(name.strip())})
    return sorted({(r["e"].value, r["label"].value, r["cls"].value.removeprefix(V.KGO)) for r in rows})


def _label(store: Store, term) -> str:
    if isinstance(term, ox.Literal):
        return term.value
    rows = list(store.query("SELECT ?x ?l WHERE { ?x skos:prefLabel ?l } LIMIT 1",
                            substitutions={ox.Variable("x"): term}))
    if rows:
        return rows[0]["l"].value
    return term.value.removeprefix(V.KGO).removeprefix(V.RDF)


def explain(store: Store, iri: str) -> list[Fact]:
    """The facts about one entity: its type assertions, relations either way, and statistics."""
    e = {ox.Variable("e"): ox.NamedNode(iri)}
    facts = []
    for r in store.query(_FACTS, substitutions=e):
        statement = f"{_label(store, r['s'])} {_label(store, r['p'])} {_label(store, r['o'])}"
        facts.append(Fact(statement, r["doc"].value, int(r["start"].value), int(r["end"].value),
                          r["rule"].value, float(r["conf"].value), r["sentence"].value))
    for r in store.query(_STATS, substitutions=e):
        growth = f", growth {r['growth'].value}%" if r["growth"] else ""
        period = f" ({r['period'].value})" if r["period"] else ""
        indicator = r["indicator"].value if r["indicator"] else "statistic"
        statement = f"{indicator}{period} = {r['value'].value} {r['unit'].value}{growth}"
        facts.append(Fact(statement, r["doc"].value, int(r["start"].value), int(r["end"].value),
                          r["rule"].value, float(r["conf"].value), r["sentence"].value))
    return facts
