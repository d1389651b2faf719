"""The built graph against the ontology: every term declared, every document graph conforms."""
from __future__ import annotations

import rdflib

from kg import vocab as V
from kg.resources import ontology_dir
from kg.validate import validate_store

STANDARD = (V.RDF, V.RDFS, V.SKOS, V.PROV, V.DCTERMS, V.XSD)


def _declared() -> set[str]:
    g = rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    kinds = {rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty, rdflib.OWL.AnnotationProperty}
    return {str(s) for s, _, o in g.triples((None, rdflib.RDF.type, None)) if o in kinds}


def test_every_term_used_in_the_built_graph_is_declared(corpus_store):
    used = {r["t"].value for r in corpus_store.query(
        "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")}
    ours = {t for t in used if t.startswith(V.KGO)}
    assert ours, "the graph uses no kgo: terms"
    assert ours - _declared() == set()
    foreign = {t for t in used - ours if not t.startswith(STANDARD)}
    assert foreign == set(), f"terms from undeclared vocabularies: {foreign}"


def test_every_document_graph_of_the_corpus_conforms_to_the_shapes(corpus_store):
    results = validate_store(corpus_store)
    assert len(results) == 5  # one per document
    bad = [r for r in results if not r.conforms]
    for r in bad:
        print(r.graph, r.text[:4000])
    assert not bad, f"{len(bad)} graph(s) violate the shapes; see the report printed above"
