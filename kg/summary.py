"""What the store holds: counts per class and predicate over the document graphs, per document,
and the size of the reference graph (the gazetteers) apart."""
from __future__ import annotations

from . import vocab as V
from .store import Store


def summarise(store: Store) -> dict:
    classes = {r["c"].value.removeprefix(V.KGO): int(r["n"].value) for r in store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?d a kgo:Document . ?s a ?c } "
        "FILTER(STRSTARTS(STR(?c), STR(kgo:))) } GROUP BY ?c ORDER BY DESC(?n)")}
    reference = int(next(iter(store.query(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{V.KGR}graph/reference> {{ ?s a ?c }} }}")))["n"].value)
    predicates = {r["p"].value.removeprefix(V.KGO): int(r["n"].value) for r in store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"VALUES ?p {{ {' '.join('kgo:' + p for p in V.PREDICATES)} }} }} GROUP BY ?p ORDER BY DESC(?n)")}
    docs = [{"name": r["name"].value, "triples": int(r["n"].value), "statistics": int(r["st"].value)}
            for r in store.query(
                "SELECT ?name (COUNT(*) AS ?n) (SUM(IF(?o = kgo:Statistic, 1, 0)) AS ?st) WHERE { "
                "GRAPH ?g { ?d a kgo:Document ; dcterms:identifier ?name . ?s ?p ?o } } GROUP BY ?name ORDER BY ?name")]
    return {"quads": len(store), "classes": classes, "predicates": predicates, "documents": docs,
            "reference_entities": reference}
