"""Build the graph from document files, incrementally, one document at a time.

An unchanged document (same sha256) is skipped, a changed one's graph is replaced,
a removed one's graph dropped. A document that fails to load or extract is reported
with its path and reason and the build goes on with the rest.

With ``jobs`` > 1, spawned worker processes load and extract documents and send back
N-Triples text; this process, the only one that may open the store, writes each
document's graph in file order, so the store ends up the same as with one job. At
most two documents per worker are in flight, so memory stays flat however many
files there are. The writes run on a thread of their own, so the store indexes one
document (in Rust, without the GIL) while the next is extracted.
"""
from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from . import vocab as V
from .load import LoadError, discover, load
from .rules import extractor_version
from .store import META_GRAPH, REFERENCE_GRAPH, Store

IN_FLIGHT_PER_JOB = 2  # enough to keep a worker busy while the writer catches up


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, summed over workers
    chars: int = 0
    quads: int = 0
    wall: float = 0.0  # seconds from start to end; less than the stage sum when jobs > 1

    def time(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.add_time(stage, now - since)
        return now

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "removed": self.removed, "failed": [{"path": p, "reason": r} for p, r in self.failed],
                "seconds": {k: round(v, 4) for k, v in self.seconds.items()},
                "chars": self.chars, "quads": self.quads, "wall": round(self.wall, 4)}


@dataclass
class _Extracted:
    """One file after loading and extraction; picklable, so a worker can send it back."""

    path: Path
    name: str = ""
    sha256: str = ""
    chars: int = 0
    ntriples: str | None = None  # the document graph; None when unchanged or failed
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def _extract_file(path: Path, known_sha: str | None, build_node: NamedNode) -> _Extracted:
    """Load one file and, unless its sha256 is ``known_sha``, extract its graph. Never raises."""
    from .pipeline import extract  # heavy imports only when a build runs
    from .rdf import document_ntriples

    t0 = time.perf_counter()
    try:
        doc = load(path)
    except LoadError as exc:
        return _Extracted(path, error=str(exc).removeprefix(f"{path}: "))
    out = _Extracted(path, doc.name, doc.sha256, len(doc.text))
    t1 = time.perf_counter()
    out.seconds["load"] = t1 - t0
    if doc.sha256 == known_sha:
        return out
    try:
        ex = extract(doc)
        t2 = time.perf_counter()
        out.ntriples = document_ntriples(ex, build_node)
    except Exception as exc:  # one bad document never sinks the build
        out.error = f"extraction failed: {type(exc).__name__}: {exc}"
        return out
    out.seconds |= {"extract": t2 - t1, "rdf": time.perf_counter() - t2}
    return out


def _extracted(files: list[Path], known: dict[str, str], build_node: NamedNode, jobs: int) -> Iterator[_Extracted]:
    """Every file's extraction, in file order: here, or in ``jobs`` spawned worker processes."""
    tasks = ((p, known.get(p.name), build_node) for p in files)
    if jobs <= 1 or len(files) <= 1:
        yield from (_extract_file(*task) for task in tasks)
        return
    # spawn, not fork: a forked child would inherit the open store and this process's threads
    pool = ProcessPoolExecutor(min(jobs, len(files)), mp_context=get_context("spawn"))
    window: deque[Future[_Extracted]] = deque()
    try:
        for task in tasks:
            window.append(pool.submit(_extract_file, *task))
            if len(window) >= IN_FLIGHT_PER_JOB * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _build_quads(node: NamedNode, started: str, report: BuildReport) -> list[Quad]:
    prov = lambda t: NamedNode(V.PROV + t)  # noqa: E731
    xsd_dt = NamedNode(V.XSD + "dateTime")
    ended = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return [Quad(node, NamedNode(V.RDF + "type"), NamedNode(V.kgo("Build")), META_GRAPH),
            Quad(node, prov("startedAtTime"), Literal(started, datatype=xsd_dt), META_GRAPH),
            Quad(node, prov("endedAtTime"), Literal(ended, datatype=xsd_dt), META_GRAPH),
            Quad(node, NamedNode(V.kgo("softwareVersion")), Literal(extractor_version()), META_GRAPH)]


class _Writer:
    """Runs store writes on one thread, in the order given, while the caller extracts.

    pyoxigraph parses and indexes a load in Rust with the GIL released, so writing one
    document overlaps extracting the next. At most ``IN_FLIGHT_PER_JOB`` writes wait, so
    memory stays flat. The first error stops the writes after it and is raised by
    ``submit`` or ``close``; after ``abandon`` the waiting writes are skipped (the one
    under way finishes its transaction).
    """

    def __init__(self) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=IN_FLIGHT_PER_JOB)
        self._error: BaseException | None = None
        self._skip = False
        self._thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None and not self._skip:
                fn, args, kwargs = item
                try:
                    fn(*args, **kwargs)
                except BaseException as exc:  # noqa: BLE001  (handed to the caller's thread)
                    self._error = exc

    def submit(self, fn: Callable[..., None], *args: object, **kwargs: object) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((fn, args, kwargs))

    def abandon(self) -> None:
        """Stop after the write under way; for a caller already raising its own error."""
        self._skip = True
        self._stop()

    def close(self) -> None:
        self._stop()
        if self._error is not None:
            raise self._error

    def _stop(self) -> None:
        self._queue.put(None)
        self._thread.join()


def build(paths: list[Path], store: Store, *, prune: bool = True,
          progress: Callable[[Path], None] | None = None, jobs: int = 1) -> BuildReport:
    """Extract ``paths`` (files or folders) into ``store``; ``jobs`` worker processes extract."""
    start = time.perf_counter()
    report = BuildReport()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    build_node = NamedNode(f"{V.KGR}build/{started.replace(':', '').replace('+', 'Z')}")
    known = store.document_hashes()
    # new rules or a new kg: an unchanged file no longer means an unchanged graph
    current = extractor_version()
    skippable = {name: sha for name, (sha, version) in store.document_states().items() if version == current}
    files = discover(paths)
    seen: dict[str, Path] = {}
    writer = _Writer()
    try:
        # The gazetteers' graph changes only with the rules (the version): rewriting its 18 K
        # quads for every edited document cost more than the document. Also when missing, or
        # when the last build to finish ran other rules: a killed build may not have written it.
        # Written first, so that it overlaps loading the extractor.
        if REFERENCE_GRAPH.value not in store.named_graphs() or store.built_with() != current:
            writer.submit(_write_reference, store, report)
        for got in _extracted(files, skippable, build_node, jobs):
            if progress:
                progress(got.path)
            for stage, seconds in got.seconds.items():
                report.add_time(stage, seconds)
            if got.name in seen:
                report.failed.append((str(got.path), f"same file name as {seen[got.name]}; document names must be unique"))
            elif got.error:
                report.failed.append((str(got.path), got.error))
            elif got.ntriples is None:
                report.unchanged.append(got.name)
            else:
                writer.submit(_write_document, store, got, got.ntriples, report, updated=got.name in known)
            if got.name and got.name not in seen:
                seen[got.name] = got.path
    except BaseException:
        writer.abandon()
        raise
    writer.close()
    if prune:
        for name in sorted(set(known) - set(seen)):
            store.drop_graph(V.graph_iri(name))
            report.removed.append(name)
    order = {str(p): i for i, p in enumerate(files)}  # the writer reports its failures late
    report.failed.sort(key=lambda failure: order.get(failure[0], len(order)))
    t = time.perf_counter()
    store.replace_graph(META_GRAPH.value, _build_quads(build_node, started, report))
    store.flush()
    report.time("flush", t)
    report.wall = time.perf_counter() - start
    return report


def _write_reference(store: Store, report: BuildReport) -> None:
    from .rdf import reference_ntriples

    t = time.perf_counter()
    store.replace_graph(REFERENCE_GRAPH.value, reference_ntriples())
    report.time("reference", t)


def _write_document(store: Store, got: _Extracted, ntriples: str, report: BuildReport, *, updated: bool) -> None:
    """Replace the document's graph in one transaction; a failure is reported, not raised."""
    t = time.perf_counter()
    try:
        store.replace_graph(V.graph_iri(got.name), ntriples)
    except Exception as exc:  # e.g. a term the store's parser rejects: this document only
        report.failed.append((str(got.path), f"extraction failed: {type(exc).__name__}: {exc}"))
        return
    report.time("store", t)
    report.chars += got.chars
    report.quads += ntriples.count("\n")
    (report.updated if updated else report.added).append(got.name)
