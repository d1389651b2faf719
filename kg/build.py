"""Build the graph from document files, incrementally, one document at a time.

An unchanged document (same sha256) is skipped, a changed one's graph is replaced,
a removed one's graph dropped. A document that fails to load or extract is reported
with its path and reason and the build goes on with the rest.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from . import __version__
from . import vocab as V
from .load import LoadError, discover, load
from .store import META_GRAPH, REFERENCE_GRAPH, Store


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    chars: int = 0
    quads: int = 0

    def time(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - since
        return now

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "removed": self.removed, "failed": [{"path": p, "reason": r} for p, r in self.failed],
                "seconds": {k: round(v, 4) for k, v in self.seconds.items()},
                "chars": self.chars, "quads": self.quads}


def _build_quads(node: NamedNode, started: str, report: BuildReport) -> list[Quad]:
    prov = lambda t: NamedNode(V.PROV + t)  # noqa: E731
    xsd_dt = NamedNode(V.XSD + "dateTime")
    ended = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return [Quad(node, NamedNode(V.RDF + "type"), NamedNode(V.kgo("Build")), META_GRAPH),
            Quad(node, prov("startedAtTime"), Literal(started, datatype=xsd_dt), META_GRAPH),
            Quad(node, prov("endedAtTime"), Literal(ended, datatype=xsd_dt), META_GRAPH),
            Quad(node, NamedNode(V.kgo("softwareVersion")), Literal(__version__), META_GRAPH)]


def build(paths: list[Path], store: Store, *, prune: bool = True,
          progress: Callable[[Path], None] | None = None) -> BuildReport:
    from .pipeline import extract  # heavy imports only when a build runs
    from .rdf import document_quads, reference_quads

    report = BuildReport()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    build_node = NamedNode(f"{V.KGR}build/{started.replace(':', '').replace('+', 'Z')}")
    known = store.document_hashes()
    seen: dict[str, Path] = {}
    t = time.perf_counter()
    files = discover(paths)
    for path in files:
        if progress:
            progress(path)
        t = time.perf_counter()
        try:
            doc = load(path)
        except LoadError as exc:
            report.failed.append((str(path), str(exc).removeprefix(f"{path}: ")))
            continue
        t = report.time("load", t)
        if doc.name in seen:
            report.failed.append((str(path), f"same file name as {seen[doc.name]}; document names must be unique"))
            continue
        seen[doc.name] = path
        if known.get(doc.name) == doc.sha256:
            report.unchanged.append(doc.name)
            continue
        try:
            ex = extract(doc)
            t = report.time("extract", t)
            quads = document_quads(ex, build_node)
            t = report.time("rdf", t)
            store.replace_graph(V.graph_iri(doc.name), quads)
            t = report.time("store", t)
        except Exception as exc:  # one bad document never sinks the build
            report.failed.append((str(path), f"extraction failed: {type(exc).__name__}: {exc}"))
            continue
        report.chars += len(doc.text)
        report.quads += len(quads)
        (report.updated if doc.name in known else report.added).append(doc.name)
    if prune:
        for name in sorted(set(known) - set(seen)):
            store.drop_graph(V.graph_iri(name))
            report.removed.append(name)
    t = time.perf_counter()
    if report.added or report.updated or not known:
        store.replace_graph(REFERENCE_GRAPH.value, reference_quads())
    store.replace_graph(META_GRAPH.value, _build_quads(build_node, started, report))
    store.flush()
    report.time("reference", t)
    return report
