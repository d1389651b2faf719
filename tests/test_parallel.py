"""`build(jobs=N)`: worker processes extract, this process writes; the store must equal a one-job build."""
from __future__ import annotations

import re
import shutil

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse, serialize

from kg import vocab as V
from kg.build import build
from kg.load import load
from kg.pipeline import extract
from kg.rdf import document_ntriples
from kg.resources import sample_dir
from kg.store import META_GRAPH, Store

BUILD_IRI = re.compile(re.escape(f"<{V.KGR}build/") + r"[^>]*>")


def _graphs(store: Store) -> dict[str, list[str]]:
    """graph IRI -> sorted N-Quads lines with the build IRI masked; the meta graph (one per build) left out."""
    return {g: sorted(BUILD_IRI.sub("<build>", serialize(store.quads(NamedNode(g)), format=RdfFormat.N_QUADS)
                                    .decode()).splitlines())
            for g in store.named_graphs() if g != META_GRAPH.value}


@pytest.fixture()
def docs(tmp_path):
    """The sample, plus a file that cannot load and one that is not text: both must be reported, not fatal."""
    folder = tmp_path / "docs"
    shutil.copytree(sample_dir(), folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    return folder


def test_parallel_build_equals_one_job_and_is_incremental(tmp_path, docs):
    one = build([docs], Store(tmp_path / "one"), jobs=1)
    two_store = Store(tmp_path / "two")
    two = build([docs], two_store, jobs=2)
    assert (two.added, two.failed, two.quads, two.chars) == (one.added, one.failed, one.quads, one.chars)
    assert len(one.added) == 5 and {p.rsplit("/", 1)[-1] for p, _ in one.failed} == {"empty.txt", "garbage.txt"}
    assert _graphs(two_store) == _graphs(Store(tmp_path / "one", read_only=True))
    again = build([docs], two_store, jobs=2)
    assert len(again.unchanged) == 5 and not again.added and not again.updated and not again.removed


def test_worker_text_is_oxigraph_n_triples():
    """Workers send N-Triples written by kg.rdf; they must read back to the same terms, byte for byte."""
    text = document_ntriples(extract(load(sample_dir() / "02_zone_table.txt")), NamedNode(V.KGR + "build/x"))
    assert text and serialize(parse(text, format=RdfFormat.N_TRIPLES), format=RdfFormat.N_TRIPLES).decode() == text
