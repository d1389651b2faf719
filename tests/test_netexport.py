"""Exports for other tools: GraphML / GEXF re-read by networkx, compact JSON-LD re-read by rdflib."""
from __future__ import annotations

import io
import json

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg.cli import main
from kg.graphview import load_graph
from kg.jsonld import compact, context, from_store
from kg.netexport import serialize

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


@pytest.fixture(scope="module")
def sample_graph(sample_store) -> nx.MultiDiGraph:
    return load_graph(sample_store)


def reread(graph: nx.MultiDiGraph, fmt: str) -> nx.MultiDiGraph:
    """The readers return a DiGraph when no two edges share their ends; make it multi again."""
    return nx.MultiDiGraph(READERS[fmt](io.BytesIO(serialize(graph, fmt))))


def evidence_edge(graph: nx.MultiDiGraph) -> tuple[str, str, str, dict]:
    return next((s, o, k, d) for s, o, k, d in graph.edges(keys=True, data=True) if d["evidence"])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_netexport_keeps_nodes_and_edges(sample_graph, fmt):
    graph = sample_graph.copy()  # with two facts between one pair, which both formats must keep apart
    s, o = next(iter(graph.edges()))
    graph.add_edge(s, o, key="cooperatesWith", predicate="cooperatesWith", evidence=[], reference=True, documents=[])
    back = reread(graph, fmt)
    assert set(back.nodes) == set(graph.nodes)
    facts = lambda g: sorted((s, o, d["predicate"]) for s, o, d in g.edges(data=True))  # noqa: E731
    assert facts(back) == facts(graph) and back.number_of_edges(s, o) == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_netexport_keeps_class_label_and_provenance(sample_graph, fmt):
    back = reread(sample_graph, fmt)
    zz = "https://w3id.org/cbec-kg/id/City/郑州市"
    node = back.nodes[zz]
    assert (node["label"], node["class"]) == ("郑州市", "City") and "郑州" in node["aliases"].split("|")
    s, o, _, data = evidence_edge(sample_graph)
    best = max(data["evidence"], key=lambda e: e["confidence"])
    (edge,) = [d for d in back.get_edge_data(s, o).values() if d["predicate"] == data["predicate"]]
    assert (edge["document"], edge["rule"], edge["sentence"]) == (best["document"], best["rule"], best["sentence"])
    assert float(edge["confidence"]) == best["confidence"]
    assert int(edge["evidence_count"]) == len(data["evidence"])


def test_netexport_rejects_unknown_format(sample_graph):
    with pytest.raises(ValueError, match="unknown graph format"):
        serialize(sample_graph, "dot")


def test_netexport_min_confidence_drops_weak_facts(sample_store, sample_graph):
    strong = load_graph(sample_store, min_confidence=0.8)
    assert strong.number_of_edges() < sample_graph.number_of_edges()
    assert all(e["confidence"] >= 0.8 for *_, d in strong.edges(data=True) for e in d["evidence"])
    assert all(d["evidence"] or d["reference"] for *_, d in strong.edges(data=True))


# ----------------------------------------------------------------- JSON-LD
def rdflib_dataset(data: bytes, fmt: str) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=fmt)
    return ds


def test_jsonld_is_compact_and_isomorphic_to_the_store(sample_store):
    data = from_store(sample_store)
    doc = json.loads(data)
    assert doc["@context"] == context() and doc["@context"]["kgo"] == "https://w3id.org/cbec-kg/ontology#"
    text = data.decode("utf-8")
    assert '"locatedIn": "kgr:' in text and '"skos:prefLabel"' in text and '"@type": "kgo:City"' in text
    assert "https://w3id.org/cbec-kg/id/City/" not in text, "IRIs must be compacted"
    original = rdflib_dataset(sample_store.export("nq", None), "nquads")
    back = rdflib_dataset(data, "json-ld")
    names = {g.identifier for g in original.graphs() if len(g)}
    assert names == {g.identifier for g in back.graphs() if len(g)} and len(names) >= 7
    for name in names:
        assert isomorphic(original.graph(name), back.graph(name)), name


def test_jsonld_compact_handles_datatypes_blank_nodes_and_default_graph():
    nq = b"""<https://w3id.org/cbec-kg/id/City/x> <https://w3id.org/cbec-kg/ontology#establishedIn> "2015"^^<http://www.w3.org/2001/XMLSchema#gYear> .
_:b1 <https://w3id.org/cbec-kg/ontology#locatedIn> <https://example.org/elsewhere> <https://w3id.org/cbec-kg/id/graph/g> .
_:b1 <https://w3id.org/cbec-kg/ontology#sentence> "say \\"<b>hi</b>\\"" <https://w3id.org/cbec-kg/id/graph/g> .
"""
    data = compact(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert '"@type": "xsd:gYear"' in data.decode() and '"locatedIn": "https://example.org/elsewhere"' in data.decode()
    original, back = rdflib_dataset(nq, "nquads"), rdflib_dataset(data, "json-ld")
    for graph in original.graphs():
        assert isomorphic(graph, back.graph(graph.identifier)), graph.identifier


# ----------------------------------------------------------------- the command
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "jsonld"])
def test_cli_export_writes_atomically(sample_store, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    result = CliRunner().invoke(main, ["export", "--store", str(sample_store.path), "--format", fmt,
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000 and "郑州市" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary file left behind"


def test_cli_export_graphml_to_stdout_with_min_confidence(sample_store):
    runner = CliRunner()
    args = ["export", "--store", str(sample_store.path), "--format", "graphml"]
    full, strong = runner.invoke(main, args), runner.invoke(main, args + ["--min-confidence", "0.9"])
    assert full.exit_code == strong.exit_code == 0
    count = lambda r: nx.read_graphml(io.BytesIO(r.stdout_bytes)).number_of_edges()  # noqa: E731
    assert 0 < count(strong) < count(full)
