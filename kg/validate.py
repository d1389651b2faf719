"""Check a built graph against the ontology's SHACL shapes, one document graph at a time.

A thin pyshacl wrapper. pyshacl validates an rdflib Dataset as the union of its
graphs, so each named graph is handed over on its own: a document's graph holds the
types of everything it mentions, which is what the shapes target.
"""
from __future__ import annotations

from dataclasses import dataclass

import rdflib

from .resources import ontology_dir
from .store import Store
from .vocab import graph_iri


@dataclass
class Validation:
    graph: str
    conforms: bool
    text: str


def load_shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def validate_store(store: Store, *, allow_warnings: bool = True) -> list[Validation]:
    """Validate every document graph; returns one result per graph."""
    import pyshacl

    shapes = load_shapes()
    out = []
    for name in sorted(store.document_hashes()):
        data = rdflib.Graph().parse(data=store.export_graph(graph_iri(name), "nt"), format="nt")
        conforms, _report, text = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=allow_warnings)
        out.append(Validation(name, bool(conforms), text))
    return out
