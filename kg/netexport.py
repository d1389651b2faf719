"""GraphML and GEXF for Gephi and other graph tools, through networkx.

Both formats take scalar attributes only, so the graph view's lists are flattened:
names joined with ``|``, and each fact reduced to its strongest evidence (sentence,
document, rule, confidence) plus how many pieces of evidence it has.
"""
from __future__ import annotations

import io

import networkx as nx

from .graphview import term_labels

SEPARATOR = "|"
FORMATS = ("graphml", "gexf")


def serialize(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph view as GraphML or GEXF bytes (UTF-8)."""
    writers = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
    if fmt not in writers:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}")
    buf = io.BytesIO()
    writers[fmt](flatten(graph), buf)
    return buf.getvalue()


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar attributes: node label, class, aliases, documents, ...; edge
    predicate, label, document, rule, confidence, sentence, ...  A missing value is
    left out rather than written empty, so types stay consistent."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_node_attributes(data))
    for s, o, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(s, o, key=key, **_edge_attributes(data))
    return flat


def _node_attributes(data: dict) -> dict:
    attrs = {"label": data["label"], "class": data["cls"], "aliases": SEPARATOR.join(data["aliases"]),
             "documents": SEPARATOR.join(data["documents"]), "statistics": data["statistics"],
             "reference": data["reference"],
             "dates": SEPARATOR.join(f"{d['predicate']}={d['value']}" for d in data["dates"])}
    if data["year"] is not None:
        attrs["year"] = data["year"]
    return attrs


def _edge_attributes(data: dict) -> dict:
    attrs = {"predicate": data["predicate"], "label": term_labels().get(data["predicate"], data["predicate"]),
             "documents": SEPARATOR.join(data["documents"]), "evidence_count": len(data["evidence"]),
             "reference": data["reference"]}
    if data["evidence"]:
        best = max(data["evidence"], key=lambda e: e["confidence"])
        attrs.update(document=best["document"], rule=best["rule"], confidence=best["confidence"],
                     sentence=best["sentence"], start=best["start"], end=best["end"])
    return attrs
