"""Questions about the graph's shape, answered with networkx and explained by evidence.

Paths and neighbours run on the whole graph view (gazetteer facts included: a city's
province is a real link); rankings run on the entities the documents mention, so the
gazetteers' thousand-odd unmentioned places do not crowd the top.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from .graphview import Evidence, mentioned, undirected, year_of



@dataclass(frozen=True)
class Fact:
    """One edge of the graph view, read from ``subject`` to ``object``."""

    subject: str
    predicate: str
    object: str
    evidence: tuple[Evidence, ...]
    reference: bool

    def best(self) -> Evidence | None:
        """The evidence with the highest confidence, if any."""
        return max(self.evidence, key=lambda e: e["confidence"], default=None)


@dataclass(frozen=True)
class Hop:
    """A step of a path: from ``source`` to ``target`` by one or more facts (either direction)."""

    source: str
    target: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class DatedFact:
    entity: str
    predicate: str
    value: str
    evidence: tuple[Evidence, ...]


def facts_between(graph: nx.MultiDiGraph, a: str, b: str) -> list[Fact]:
    """Every fact linking a and b, in both directions, best supported first."""
    found = [_fact(graph, s, o, key) for s, o in ((a, b), (b, a)) for key in graph.get_edge_data(s, o, default={})]
    return sorted(found, key=lambda f: (-len(f.evidence), f.predicate))


def _fact(graph: nx.MultiDiGraph, s: str, o: str, key: str) -> Fact:
    data = graph.edges[s, o, key]
    return Fact(s, data["predicate"], o, tuple(data["evidence"]), data["reference"])


def paths(graph: nx.MultiDiGraph, a: str, b: str, *, limit: int = 3) -> list[list[Hop]]:
    """Up to ``limit`` shortest paths from a to b (direction ignored), the ones with the
    most document-backed hops first; [] when they are not connected."""
    simple = undirected(graph)
    try:
        found = list(islice(nx.all_shortest_paths(simple, a, b), 50))
    except nx.NetworkXNoPath:
        return []
    explained = [[Hop(u, v, tuple(facts_between(graph, u, v))) for u, v in zip(p, p[1:])] for p in found]
    explained.sort(key=lambda hops: -sum(any(f.evidence for f in h.facts) for h in hops))
    return explained[:limit]


def neighbors(graph: nx.MultiDiGraph, node: str) -> list[Fact]:
    """Every fact with ``node`` at one end: outgoing first, then incoming, by predicate."""
    def order(f: Fact) -> tuple[str, str]:
        return f.predicate, graph.nodes[f.object if f.subject == node else f.subject]["label"]

    out = [_fact(graph, s, o, k) for s, o, k in graph.out_edges(node, keys=True)]
    inc = [_fact(graph, s, o, k) for s, o, k in graph.in_edges(node, keys=True)]
    return sorted(out, key=order) + sorted(inc, key=order)


def rank(graph: nx.MultiDiGraph, *, by: str = "degree", classes: set[str] | None = None,
         top: int = 20) -> list[tuple[str, float]]:
    """The ``top`` most central mentioned entities (of ``classes``, if given) by
    degree (distinct neighbours), PageRank or betweenness."""
    if by not in _MEASURES:
        raise ValueError(f"unknown measure {by!r}; choose one of {', '.join(MEASURES)}")
    scores = _MEASURES[by](undirected(mentioned(graph)))
    keep = [n for n in scores if not classes or graph.nodes[n]["cls"] in classes]
    return sorted(((n, scores[n]) for n in keep), key=lambda x: (-x[1], graph.nodes[x[0]]["label"]))[:top]


def pagerank(graph: nx.Graph, *, damping: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration. networkx's own needs scipy, which kg does not depend on."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    rank_ = dict.fromkeys(graph, 1.0 / n)
    for _ in range(max_iter):
        dangling = damping * sum(rank_[v] for v in graph if graph.degree(v) == 0) / n
        new = {v: (1 - damping) / n + dangling
               + damping * sum(rank_[u] / graph.degree(u) for u in graph.neighbors(v)) for v in graph}
        if sum(abs(new[v] - rank_[v]) for v in graph) < n * tol:
            return new
        rank_ = new
    return rank_


_MEASURES = {"degree": lambda g: dict(g.degree()), "pagerank": pagerank, "betweenness": nx.betweenness_centrality}
MEASURES = tuple(_MEASURES)


def timeline(graph: nx.MultiDiGraph, *, classes: set[str] | None = None, start: int | None = None,
             end: int | None = None) -> list[DatedFact]:
    """Dated facts (establishedIn, issuedIn) in date order, within years [start, end]."""
    return sorted(_dated(graph, classes, start, end), key=lambda f: (f.value, graph.nodes[f.entity]["label"]))


def _dated(graph: nx.MultiDiGraph, classes: set[str] | None, start: int | None, end: int | None) -> Iterator[DatedFact]:
    for node, data in graph.nodes(data=True):
        if classes and data["cls"] not in classes:
            continue
        for d in data["dates"]:
            year = year_of(d["value"])
            if year is not None and (start is None or year >= start) and (end is None or year <= end):
                yield DatedFact(node, d["predicate"], d["value"], tuple(d["evidence"]))
