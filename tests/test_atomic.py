"""Nothing lost: atomic exports, builds killed mid-way, two builds on one store.

The kill test SIGKILLs real ``kg build`` processes during a build of the corpus x20 and
takes about a minute on the bundled sample (the default). ``KG_KILL_CORPUS=shared`` runs
it on ../shared/corpus x20 instead: about four minutes.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize

from kg import vocab as V
from kg.build import build
from kg.resources import sample_dir
from kg.store import META_GRAPH, REFERENCE_GRAPH, Store, StoreError

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
COPIES = 20
KILLS = 3
BUILD_IRI = re.compile(re.escape(f"<{V.KGR}build/") + r"[^>]*>")


# ----------------------------------------------------------------- exports
@pytest.mark.parametrize(("module", "function"), [
    ("kg.store.ox", "serialize"), ("kg.store.os", "fsync"), ("kg.store.os", "replace"),
])
def test_failed_export_leaves_the_old_file_intact(sample_store, tmp_path, monkeypatch, module, function):
    out = tmp_path / "kg.ttl"
    out.write_bytes(b"the export of yesterday\n")

    def fail(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(f"{module}.{function}", fail)
    with pytest.raises(OSError, match="No space left"):
        sample_store.export("ttl", out)
    assert out.read_bytes() == b"the export of yesterday\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"], "no temporary file left behind"
    monkeypatch.undo()
    sample_store.export("ttl", out)
    assert out.read_bytes().startswith(b"@prefix")


# ----------------------------------------------------------------- killed builds
def _kg(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import main; main()", *args]


@pytest.fixture(scope="module")
def corpus_x20(tmp_path_factory) -> Path:
    """20 renamed copies of every corpus document (the bundled sample unless KG_KILL_CORPUS=shared)."""
    source = sample_dir()
    if os.environ.get("KG_KILL_CORPUS") == "shared":
        if not SHARED_CORPUS.is_dir():
            pytest.skip(f"KG_KILL_CORPUS=shared but {SHARED_CORPUS} is not here")
        source = SHARED_CORPUS
    folder = tmp_path_factory.mktemp("x20")
    for i in range(COPIES):
        for f in sorted(source.glob("*.txt")):
            shutil.copy(f, folder / f"{i:02d}_{f.name}")
    return folder


def _graphs(store: Store) -> dict[str, list[str]]:
    """graph IRI -> its sorted N-Quads lines, the build IRI masked; the meta graph (one per build) left out."""
    out: dict[str, list[str]] = {}
    text = BUILD_IRI.sub("<build>", serialize(store.quads(), format=RdfFormat.N_QUADS).decode())
    for line in text.splitlines():
        graph = line.rsplit(" ", 2)[-2][1:-1]  # an N-Quads line ends "<graph> ."
        if graph != META_GRAPH.value:
            out.setdefault(graph, []).append(line)
    return {graph: sorted(lines) for graph, lines in out.items()}


def _documents(store_dir: Path) -> dict[str, str]:
    """The documents a running build has committed so far, read through a read-only open.

    While the build is still creating the store, a reader finds it without its column
    families (RuntimeError from pyoxigraph): that counts as no documents yet.
    """
    try:
        return Store(store_dir, read_only=True).document_hashes()
    except (StoreError, OSError, RuntimeError):
        return {}


def _stop_once_committed(proc: subprocess.Popen, store_dir: Path, at_least: int) -> None:
    """Return with the build `proc` stopped (SIGSTOP) once the store holds `at_least` documents.

    The build is stopped while the store is read, so however fast it runs it is still
    running, and has committed nothing more, when this returns.
    """
    deadline = time.monotonic() + 300
    while True:
        assert proc.poll() is None, f"the build ended before it was stopped: {proc.communicate()}"
        assert time.monotonic() < deadline, "no progress in 300 s"
        proc.send_signal(signal.SIGSTOP)
        if len(_documents(store_dir)) >= at_least:
            return
        proc.send_signal(signal.SIGCONT)
        time.sleep(0.1)


def _start_and_kill(folder: Path, store_dir: Path, at_least: int) -> None:
    """Start `kg build`, SIGKILL it once the store holds at least `at_least` documents."""
    proc = subprocess.Popen(_kg("build", str(folder), "--store", str(store_dir)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _stop_once_committed(proc, store_dir, at_least)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def _killed_state(store_dir: Path) -> dict[str, list[str]]:
    """The document graphs a killed build left, after checking the store opens for writing and has no orphan graph."""
    store = Store(store_dir)
    docs = {V.graph_iri(name) for name in store.document_hashes()}
    graphs = _graphs(store)
    assert set(graphs) - {REFERENCE_GRAPH.value} == docs, "a graph without its document node is half-written"
    return {g: quads for g, quads in graphs.items() if g in docs}


def test_build_killed_mid_way_leaves_whole_documents_and_the_next_build_completes(corpus_x20, tmp_path):
    """SIGKILL `kg build` three times at random points; each document graph left equals a clean build's.

    The clean build runs in a process of its own, beside the killed ones.
    """
    store_dir, clean_dir = tmp_path / "store", tmp_path / "clean"
    clean_build = subprocess.Popen(_kg("build", str(corpus_x20), "--store", str(clean_dir)),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        killed: list[dict[str, list[str]]] = [{}]
        for _ in range(KILLS):
            _start_and_kill(corpus_x20, store_dir, at_least=len(killed[-1]) + 1)
            killed.append(_killed_state(store_dir))
            assert len(killed[-1]) > len(killed[-2]), "documents a reader saw committed before the kill are still there"
        finishing = subprocess.run(_kg("build", str(corpus_x20), "--store", str(store_dir)),
                                   capture_output=True, text=True, timeout=900)
        assert finishing.returncode == 0, finishing.stderr
        assert clean_build.wait(timeout=900) == 0, clean_build.stderr.read()
    finally:
        clean_build.kill()
        clean_build.wait()
        clean_build.stderr.close()
    clean = _graphs(Store(clean_dir, read_only=True))

    for state in killed:
        for graph, quads in state.items():
            assert quads == clean[graph], f"{graph}: {len(quads)} quads, clean build {len(clean[graph])}"
    assert len(killed[-1]) < COPIES * 5, "the kills all came before the end"
    assert f"{len(killed[-1])} unchanged" in finishing.stdout
    assert _graphs(Store(store_dir, read_only=True)) == clean


@pytest.mark.parametrize(("dies_at", "then_unchanged"), [(REFERENCE_GRAPH.value, 0), (META_GRAPH.value, 5)])
def test_build_interrupted_around_the_reference_graph_is_repaired_by_the_next(tmp_path, monkeypatch, dies_at,
                                                                             then_unchanged):
    """A build stopped while it writes the gazetteer graph (first), or after every document but
    before the meta graph that says it finished (last), must not lose the gazetteer graph for good."""
    store = Store(tmp_path / "s")
    write = Store.replace_graph

    def dies(self, graph, quads):
        if graph == dies_at:
            raise KeyboardInterrupt  # the process stops here
        write(self, graph, quads)

    monkeypatch.setattr(Store, "replace_graph", dies)
    with pytest.raises(KeyboardInterrupt):
        build([sample_dir()], store)
    monkeypatch.undo()
    report = build([sample_dir()], store)
    assert (len(report.unchanged), len(report.added)) == (then_unchanged, 5 - then_unchanged)
    assert len(list(store.quads(REFERENCE_GRAPH))) > 10_000


# ----------------------------------------------------------------- two writers
def test_second_build_on_a_store_in_use_fails_cleanly_with_a_lock_message(corpus_x20, tmp_path):
    store_dir = tmp_path / "store"
    files = sorted(str(p) for p in corpus_x20.glob("0[0-3]_*.txt"))
    first = subprocess.Popen(_kg("build", *files, "--store", str(store_dir)),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _stop_once_committed(first, store_dir, 1)  # it holds the store while the second starts
        try:
            second = subprocess.run(_kg("build", str(sample_dir()), "--store", str(store_dir)),
                                    capture_output=True, text=True, timeout=120)
        finally:
            first.send_signal(signal.SIGCONT)
        out, err = first.communicate(timeout=600)
    finally:
        first.kill()
    assert second.returncode != 0
    assert "in use by another kg process" in second.stderr and "Traceback" not in second.stderr
    assert first.returncode == 0, err
    assert len(Store(store_dir, read_only=True).document_hashes()) == len(files)
