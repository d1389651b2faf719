"""The query library on a synthetic graph shaped like a build (kg/synth.py): every query answers
its example, and fast.

The library is tuned on 1 M triples (queries/README.md has the recipe); a test cannot wait for
that build, so it checks 200 K triples against a limit an order of magnitude above what the
queries take there, and far below what the label-filter queries took before (seconds to minutes).
"""
from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from kg.query import example_params, library, run
from kg.store import Store
from kg.synth import write_nquads

TRIPLES = 200_000
LIMIT_S = 2.0  # best of three runs, per query
# a document title and a file name no synthetic graph has; events in 天津 and heads of 商务部 only from about 1 M triples
NO_EXAMPLE_IN_SYNTH = {"cited-by", "document-entities", "events-by-city", "heads"}
LIBRARY = library()


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("synth")
    write_nquads(folder / "graph.nq", TRIPLES)
    store = Store(folder / "store")
    store.bulk_load(folder / "graph.nq")
    return store


def rows(result) -> int:
    return 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_library_query_is_fast_on_a_synthetic_graph(synth_store, name):
    q = LIBRARY[name]
    params = example_params(q)
    seconds, count = [], 0
    for _ in range(3):
        start = time.perf_counter()
        count = rows(run(synth_store, q, params))
        seconds.append(time.perf_counter() - start)
    assert min(seconds) < LIMIT_S, f"{name}: {min(seconds):.2f} s on {TRIPLES} synthetic triples"
    assert count > 0 or name in NO_EXAMPLE_IN_SYNTH, f"{name}: its example finds nothing in the synthetic graph"


def test_synthetic_relations_link_the_classes_a_build_links(synth_store):
    def ask(text: str) -> int:
        return int(next(iter(synth_store.query(text)))["n"].value)

    # zones sit in a city or province, are approved by the State Council, and have one date
    assert ask("""SELECT (COUNT(*) AS ?n) WHERE { ?z a kgo:CrossBorderEcommercePilotZone ; kgo:locatedIn ?c .
                  FILTER NOT EXISTS { ?c a kgo:City } FILTER NOT EXISTS { ?c a kgo:Province } }""") == 0
    assert ask("""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?z a kgo:CrossBorderEcommercePilotZone ;
                  kgo:approvedBy ?a }""") == 1
    assert ask("""SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?z (COUNT(DISTINCT ?d) AS ?dates) WHERE {
                  ?z a kgo:CrossBorderEcommercePilotZone ; kgo:establishedIn ?d } GROUP BY ?z } FILTER(?dates > 1) }""") == 0
    # places come from the gazetteer: no invented provinces
    assert ask("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kgo:Province }") <= 34
    # trade partners are ranked and of 中国
    assert ask("""SELECT (COUNT(*) AS ?n) WHERE { ?e rdf:predicate kgo:tradePartnerOf ; rdf:object ?o .
                  FILTER NOT EXISTS { ?e kgo:rank [] } }""") == 0
