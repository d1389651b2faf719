"""`kg push` to a real Oxigraph server on loopback, which then answers like the embedded store."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import stop_process
from click.testing import CliRunner

from kg.cli import main
from kg.push import PushError, push_store
from kg.query import library

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
LIBRARY = library()
UNBOUND_OK = sorted(name for name, q in LIBRARY.items() if not any(p.required for p in q.params))


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Keep every request on loopback even where a proxy is configured."""
    monkeypatch.setenv("no_proxy", "*")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    """An empty Oxigraph server (union default graph, like `kg query`); killed at the end."""
    if not OXIGRAPH.exists():
        pytest.skip(f"{OXIGRAPH} is not installed (pip install oxigraph)")
    port, log = free_port(), tmp_path / "oxigraph.log"
    with log.open("wb") as err:
        proc = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path / "db"),
                                 "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _answers(base):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield base
    finally:
        stop_process(proc)


def _answers(base: str) -> bool:
    try:
        server_query(base, "ASK {}")
        return True
    except urllib.error.URLError:
        return False


def server_query(base: str, query: str, accept: str = "application/sparql-results+json") -> bytes:
    request = urllib.request.Request(f"{base}/query", data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def server_rows(base: str, query: str) -> list[dict[str, str]]:
    doc = json.loads(server_query(base, query))
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def local_rows(store, query: str) -> list[dict[str, str]]:
    result = store.query(query)
    return [{v.value: row[v].value for v in result.variables if row[v] is not None} for row in result]


def graph_sizes(rows: list[dict[str, str]]) -> dict[str, int]:
    return {r["g"]: int(r["n"]) for r in rows}


GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def test_pushed_graphs_answer_like_the_embedded_store(corpus_store, oxigraph):
    sent = push_store(corpus_store, f"{oxigraph}/store")
    assert sorted(sent) == corpus_store.named_graphs()
    assert graph_sizes(server_rows(oxigraph, GRAPH_SIZES)) == graph_sizes(local_rows(corpus_store, GRAPH_SIZES)) == sent
    for name in UNBOUND_OK:
        text = LIBRARY[name].text
        if isinstance(corpus_store.query(text), ox.QueryTriples):
            served = {q.triple for q in ox.parse(server_query(oxigraph, text, "application/n-triples"),
                                                 format=ox.RdfFormat.N_TRIPLES)}
            assert served == set(corpus_store.query(text)), name
        else:
            assert server_rows(oxigraph, text) == local_rows(corpus_store, text), name


def test_zones_per_province_on_the_server(corpus_store, oxigraph):
    push_store(corpus_store, f"{oxigraph}/store")
    rows = server_rows(oxigraph, LIBRARY["zones-per-province"].text)
    assert [(r["province"], r["zones"]) for r in rows[:4]] == [("广东省", "21"), ("山东省", "16"),
                                                               ("江苏省", "13"), ("浙江省", "12")]


def test_pushing_twice_replaces(sample_store, oxigraph):
    first = push_store(sample_store, f"{oxigraph}/store")
    second = push_store(sample_store, f"{oxigraph}/store")
    assert first == second == graph_sizes(server_rows(oxigraph, GRAPH_SIZES))


def test_push_into_one_graph_from_the_cli(sample_store, oxigraph):
    result = CliRunner().invoke(main, ["push", f"{oxigraph}/store", "--graph", "urn:kg:all",
                                       "--store", str(sample_store.path)])
    assert result.exit_code == 0, result.output
    distinct = len(sample_store.export("nt", None).splitlines())
    assert graph_sizes(server_rows(oxigraph, GRAPH_SIZES)) == {"urn:kg:all": distinct}
    assert f"{distinct} triples" in result.output


def test_push_errors_are_clear(sample_store, oxigraph):
    with pytest.raises(PushError, match="cannot reach the server"):
        push_store(sample_store, f"http://127.0.0.1:{free_port()}/store")
    with pytest.raises(PushError, match="HTTP 404"):
        push_store(sample_store, f"{oxigraph}/no-such-endpoint")
    result = CliRunner().invoke(main, ["push", "file:///tmp/x", "--store", str(sample_store.path)])
    assert result.exit_code == 1 and "not an http(s) URL" in result.output and "Traceback" not in result.output
