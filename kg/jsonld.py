"""Compact JSON-LD: one @context with our prefixes, so keys read ``skos:prefLabel`` or ``locatedIn``.

Oxigraph writes expanded JSON-LD (full IRIs everywhere). We build the compact form
ourselves: it is a direct grouping of quads by graph and subject, needs no JSON-LD
processor, and stays fast on the whole store. Every kgo relation is a plain term whose
values are IRIs (``"locatedIn": "kgr:Province/河南省"``); literals are value objects
unless they are plain strings. Each named graph is one ``{"@id", "@graph"}`` entry.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from . import vocab as V
from .store import Store

_XSD_STRING = V.XSD + "string"
_RDF_TYPE = V.RDF + "type"


def context() -> dict:
    """Our prefixes, and each kgo relation as a plain term with IRI values."""
    terms: dict = dict(V.PREFIXES)
    terms.update({p: {"@id": f"kgo:{p}", "@type": "@id"} for p in V.OBJECT_PREDICATES + ("mentions",)})
    return terms


def from_store(store: Store, *, min_confidence: float | None = None) -> bytes:
    """The store's dataset as compact JSON-LD. Read through ``Store.export`` (N-Quads),
    the one place that knows how to drop weak facts."""
    nquads = store.export("nq", None, min_confidence=min_confidence)
    return compact(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def compact(quads: Iterable[ox.Quad]) -> bytes:
    """Compact JSON-LD of quads: default-graph subjects at the top, named graphs nested."""
    graphs: dict[str, dict[str, dict]] = defaultdict(dict)
    for q in quads:
        graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else _ref(q.graph_name)
        node = graphs[graph].setdefault(_ref(q.subject), {"@id": _ref(q.subject)})
        key, value = _key_value(q.predicate.value, q.object)
        node.setdefault(key, []).append(value)
    body = [_unwrap(n) for n in graphs.pop("", {}).values()]
    body += [{"@id": g, "@graph": [_unwrap(n) for n in nodes.values()]} for g, nodes in sorted(graphs.items())]
    doc = {"@context": context(), "@graph": body}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _key_value(predicate: str, obj) -> tuple[str, object]:
    if predicate == _RDF_TYPE and not isinstance(obj, ox.Literal):
        return "@type", _ref(obj)
    term = predicate.removeprefix(V.KGO)
    if term in V.OBJECT_PREDICATES + ("mentions",) and not isinstance(obj, ox.Literal):
        return term, _ref(obj)
    return compact_iri(predicate), _value(obj)


def _value(obj) -> object:
    if not isinstance(obj, ox.Literal):
        return {"@id": _ref(obj)}
    if obj.language:
        return {"@value": obj.value, "@language": obj.language}
    if obj.datatype.value == _XSD_STRING:
        return obj.value
    return {"@value": obj.value, "@type": compact_iri(obj.datatype.value)}


def _ref(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact_iri(term.value)


def compact_iri(iri: str) -> str:
    """A compact IRI (prefix:rest) where one of our prefixes fits, else the IRI itself."""
    for prefix, ns in V.PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _unwrap(node: dict) -> dict:
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in node.items()}
