"""`kg serve` spoken to by SPARQLWrapper, a real SPARQL client, over loopback only."""
from __future__ import annotations

import csv
import io
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import stop_process
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from kg.query import library, select
from kg.server import TRUNCATED_HEADER, make_server

TIMEOUT_S = 2.0
MAX_ROWS = 2000  # more than any library answer, fewer than the triples
DOCUMENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/cbec-kg/ontology#Document> }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIBRARY = library()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Keep every request on loopback even where a proxy is configured."""
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture(scope="module")
def endpoint(corpus_store):
    """The server in a thread, on a free loopback port; stopped (workers killed) at the end."""
    server = make_server(corpus_store.path, host="127.0.0.1", port=0, timeout=TIMEOUT_S, max_rows=MAX_ROWS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/query"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def client(endpoint: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    """A SPARQLWrapper for the query without its comment lines.

    SPARQLWrapper guesses the query form from the text, and its comment pattern skips every
    other line of a comment block, so an English word like "create" in a header would make
    it send the query as an UPDATE.
    """
    sparql = SPARQLWrapper(endpoint, returnFormat=fmt)
    sparql.setQuery("\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#")))
    sparql.setTimeout(30)
    return sparql


def expected(store, name: str) -> list[dict[str, str]]:
    """The embedded store's answer, every value as text."""
    return [{k: str(v) for k, v in row.items() if v is not None} for row in select(store, LIBRARY[name])]


def test_json_results_equal_the_embedded_answer(endpoint, corpus_store):
    result = client(endpoint, LIBRARY["zones-per-province"].text).query()
    assert result.info()["content-type"].startswith("application/sparql-results+json")
    rows = [{k: v["value"] for k, v in b.items()} for b in result.convert()["results"]["bindings"]]
    assert rows == expected(corpus_store, "zones-per-province")
    assert rows[0] == {**rows[0], "province": "广东省", "zones": "21"}


def test_xml_results_by_form_post(endpoint, corpus_store):
    sparql = client(endpoint, LIBRARY["zones-by-batch"].text, XML)
    sparql.setMethod(POST)
    doc = sparql.query().convert()
    zones = [b.getElementsByTagName("literal")[0].firstChild.data
             for b in doc.getElementsByTagName("binding") if b.getAttribute("name") == "zones"]
    assert zones == [r["zones"] for r in expected(corpus_store, "zones-by-batch")]


def direct_post(endpoint: str, query: str, fmt: str) -> bytes:
    """POST the query as application/sparql-query and return the raw answer."""
    sparql = client(endpoint, query, fmt)
    sparql.setMethod(POST)
    sparql.setRequestMethod(POSTDIRECTLY)
    return sparql.query().convert()


def province_counts(rows) -> list[tuple[str, str]]:
    return [(r["province"], r["zones"]) for r in rows]


def test_csv_results_by_direct_post(endpoint, corpus_store):
    body = direct_post(endpoint, LIBRARY["zones-per-province"].text, CSV)
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert province_counts(rows) == province_counts(expected(corpus_store, "zones-per-province"))


def test_tsv_results_by_direct_post(endpoint, corpus_store):
    body = direct_post(endpoint, LIBRARY["zones-per-province"].text, TSV)
    assert body.startswith(b"?province\t?zones\t")
    rows = [{k: row[k].value for k in ("province", "zones")}
            for row in ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)]
    assert province_counts(rows) == province_counts(expected(corpus_store, "zones-per-province"))


def test_construct_as_turtle(endpoint, corpus_store):
    body = client(endpoint, LIBRARY["zone-graph"].text, TURTLE).query().convert()
    served = {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    local = set(corpus_store.query(LIBRARY["zone-graph"].text))
    assert served == local and len(served) > 165


def test_update_is_refused(endpoint):
    for method in (None, POSTDIRECTLY):
        sparql = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
        sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        sparql.setMethod(POST)
        if method:
            sparql.setRequestMethod(method)
        with pytest.raises(urllib.error.HTTPError) as err:
            sparql.query()
        assert err.value.code == 403 and b"read-only" in err.value.read()
    count = client(endpoint, "ASK { <urn:a> <urn:b> <urn:c> }").query().convert()
    assert count["boolean"] is False


def test_syntax_error_is_a_400_with_the_position(endpoint):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed, match=r"error at 1:\d+"):
        client(endpoint, "SELECT * WHERE { ?s ?p }").query()


def test_slow_query_is_stopped_and_the_server_recovers(endpoint):
    start = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as err:
        client(endpoint, SLOW).query()
    assert err.value.code == 503 and b"stopped" in err.value.read()
    assert time.monotonic() - start < TIMEOUT_S + 8
    again = client(endpoint, DOCUMENTS).query().convert()
    assert again["results"]["bindings"][0]["n"]["value"] == "5"


def test_long_answers_are_cut_and_say_so(endpoint):
    result = client(endpoint, "SELECT * WHERE { ?s ?p ?o }").query()
    assert len(result.convert()["results"]["bindings"]) == MAX_ROWS
    assert result.info()[TRUNCATED_HEADER.lower()] == str(MAX_ROWS)
    short = client(endpoint, LIBRARY["zones-by-batch"].text).query()
    assert TRUNCATED_HEADER.lower() not in short.info()


def test_unacceptable_format_is_406(endpoint):
    request = urllib.request.Request(f"{endpoint}?query=ASK%7B%7D", headers={"Accept": "image/png"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert err.value.code == 406


def test_page_lists_the_library_escaped(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    with urllib.request.urlopen(f"{base}/?use=zones-of-province", timeout=30) as response:
        page = response.read().decode()
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert all(f"?use={name}" in page for name in LIBRARY)
    assert "&lt;http://www.w3.org/2004/02/skos/core#&gt;" in page  # the chosen query, escaped, in the box
    assert "<script" not in page and "http://" not in page.replace("&lt;http://", "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kg_serve_command(corpus_store, tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    kg = Path(sys.executable).with_name("kg")
    with log.open("wb") as err:
        proc = subprocess.Popen([str(kg), "serve", "--store", str(corpus_store.path), "--port", str(port),
                                 "--workers", "1"], stdout=subprocess.DEVNULL, stderr=err)
    try:
        url = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 60
        while True:
            try:
                rows = client(url, DOCUMENTS).query().convert()["results"]["bindings"]
                assert rows[0]["n"]["value"] == "5"
                break
            except urllib.error.URLError:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
    finally:
        stop_process(proc)
