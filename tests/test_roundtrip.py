"""Round trips: every export format re-imported by rdflib gives back the store's graphs.

Dataset formats (TriG, N-Quads, JSON-LD) are compared graph by graph, Turtle as the union
of all graphs. The Turtle is also checked by two independent parsers: pyoxigraph, and
``rapper`` from Debian's raptor2-utils when it is installed.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import rdflib
from pyoxigraph import BlankNode, NamedNode, RdfFormat, parse
from rdflib.compare import isomorphic

from kg import vocab as V

RDFLIB_FORMAT = {"trig": "trig", "nq": "nquads", "jsonld": "json-ld"}


def rdflib_term(term) -> rdflib.term.Node:
    """A pyoxigraph term as rdflib's: plain literals have no datatype there, language ones no xsd:string."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == V.XSD + "string" else rdflib.URIRef(datatype))


@pytest.fixture(scope="module")
def expected(sample_store) -> dict[str, rdflib.Graph]:
    """The store as rdflib graphs: one per named graph, and the union under the key ''."""
    graphs: dict[str, rdflib.Graph] = {"": rdflib.Graph()}
    for q in sample_store.quads():
        triple = (rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object))
        graphs.setdefault(q.graph_name.value, rdflib.Graph()).add(triple)
        graphs[""].add(triple)
    return graphs


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMAT))
def test_dataset_export_round_trips_graph_by_graph(sample_store, expected, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    sample_store.export(fmt, out)
    dataset = rdflib.Dataset()
    dataset.parse(out, format=RDFLIB_FORMAT[fmt])
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == set(expected) - {""}
    for name in names:
        assert isomorphic(dataset.graph(rdflib.URIRef(name)), expected[name]), name


def test_turtle_export_round_trips_as_the_union_of_graphs(sample_store, expected, tmp_path):
    out = tmp_path / "kg.ttl"
    sample_store.export("ttl", out)
    assert isomorphic(rdflib.Graph().parse(out, format="turtle"), expected[""])


def test_turtle_export_reads_the_same_in_pyoxigraph(sample_store, tmp_path):
    out = tmp_path / "kg.ttl"
    sample_store.export("ttl", out)
    with out.open("rb") as fh:
        assert {q.triple for q in parse(fh, format=RdfFormat.TURTLE)} == {q.triple for q in sample_store.quads()}


def test_turtle_export_passes_rapper(sample_store, expected, tmp_path):
    if shutil.which("rapper") is None:
        pytest.skip("rapper is not installed (apt-get install raptor2-utils)")
    out = tmp_path / "kg.ttl"
    sample_store.export("ttl", out)
    proc = subprocess.run(["rapper", "-i", "turtle", "-c", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    count = re.search(r"returned (\d+) triples", proc.stderr)
    assert count and int(count.group(1)) == len(expected[""]), proc.stderr
