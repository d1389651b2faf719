"""A read-only SPARQL 1.1 Protocol endpoint over the store, standard library only.

``GET /query?query=…`` and ``POST /query`` (form-encoded or ``application/sparql-query``)
answer SELECT/ASK as SPARQL JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE as Turtle,
N-Triples or RDF/XML, chosen from the Accept header (or a ``format`` parameter: json, xml,
csv, tsv, ttl, nt). SPARQL Update is refused with 403. ``/`` is a small query page.

Why worker processes: pyoxigraph cannot cancel a running query and Python cannot kill a
thread, so a query abandoned in a thread would keep burning a core until it ended on its
own. Each query therefore runs in one of a few worker processes that hold the store open
read-only; when a query outlives its timeout the worker is killed, which really stops the
work, and a fresh one takes its place. The client gets 503.

Answers longer than ``max_rows`` rows (or triples) are cut; the header ``X-KG-Truncated``
then gives the number of rows kept.
"""
from __future__ import annotations

import html
import json
import multiprocessing
import queue
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from . import vocab as V
from .query import library
from .store import Store, StoreError

QUERY_PATH = "/query"
TRUNCATED_HEADER = "X-KG-Truncated"
MAX_BODY = 1 << 20
WORKER_START_S = 60.0

_RF, _GF = ox.QueryResultsFormat, ox.RdfFormat
RESULT_TYPES = {"application/sparql-results+json": _RF.JSON, "application/json": _RF.JSON,
                "application/sparql-results+xml": _RF.XML, "application/xml": _RF.XML, "text/xml": _RF.XML,
                "text/csv": _RF.CSV, "text/tab-separated-values": _RF.TSV}
GRAPH_TYPES = {"text/turtle": _GF.TURTLE, "application/turtle": _GF.TURTLE, "application/x-turtle": _GF.TURTLE,
               "application/n-triples": _GF.N_TRIPLES, "application/rdf+xml": _GF.RDF_XML}
RESULT_NAMES = {"json": _RF.JSON, "xml": _RF.XML, "csv": _RF.CSV, "tsv": _RF.TSV}
GRAPH_NAMES = {"ttl": _GF.TURTLE, "turtle": _GF.TURTLE, "nt": _GF.N_TRIPLES, "xml": _GF.RDF_XML}


@dataclass(frozen=True)
class Answer:
    """What to send back: made in a worker process, so plain and picklable."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_answer(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


# ---------------------------------------------------------------- content negotiation
def negotiate(accept: str | None, offers: dict[str, object], default: object):
    """The offered format the Accept header likes best (q-values honoured), or None if none fits."""
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((_float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        if media and q > 0:
            ranges.append((-q, i, media.lower()))
    for _, _, media in sorted(ranges):
        if media == "*/*":
            return default
        if media.endswith("/*"):
            match = next((fmt for t, fmt in offers.items() if t.startswith(media[:-1])), None)
        else:
            match = offers.get(media)
        if match is not None:
            return match
    return None


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


# ---------------------------------------------------------------- answering (in a worker)
def answer(store: Store, text: str, accept: str | None, fmt: str | None, max_rows: int) -> Answer:
    """Run one query and serialise at most ``max_rows`` rows in the negotiated format."""
    try:
        result = store.query(text)
        if isinstance(result, ox.QueryTriples):
            return _graph_answer(result, accept, fmt, max_rows)
        return _results_answer(result, accept, fmt, max_rows)
    except SyntaxError as exc:
        return text_answer(400, f"SPARQL syntax error: {exc}")
    except (RuntimeError, OSError, ValueError) as exc:
        return text_answer(500, f"query failed: {exc}")


def _results_answer(result, accept: str | None, fmt: str | None, max_rows: int) -> Answer:
    form = RESULT_NAMES.get(fmt or "") or negotiate(accept, RESULT_TYPES, _RF.JSON)
    if form is None:
        return text_answer(406, f"cannot answer in {accept}; offer: {', '.join(RESULT_TYPES)}")
    headers = {}
    if isinstance(result, ox.QuerySolutions):
        result, kept = _capped(result, max_rows)
        if kept is not None:
            headers[TRUNCATED_HEADER] = str(kept)
    return Answer(200, _media_type(form), result.serialize(format=form), headers)


def _graph_answer(result: ox.QueryTriples, accept: str | None, fmt: str | None, max_rows: int) -> Answer:
    form = GRAPH_NAMES.get(fmt or "") or negotiate(accept, GRAPH_TYPES, _GF.TURTLE)
    if form is None:
        return text_answer(406, f"cannot answer a graph in {accept}; offer: {', '.join(GRAPH_TYPES)}")
    triples = list(islice(result, max_rows + 1))
    headers = {TRUNCATED_HEADER: str(max_rows)} if len(triples) > max_rows else {}
    body = ox.serialize(triples[:max_rows], format=form, prefixes=dict(V.PREFIXES))
    return Answer(200, _media_type(form), body, headers)


def _media_type(form) -> str:
    media = form.media_type
    return media if "charset" in media or not media.startswith("text/") else media + "; charset=utf-8"


def _capped(result: ox.QuerySolutions, max_rows: int) -> tuple[ox.QuerySolutions, int | None]:
    """The first ``max_rows`` solutions as a fresh result, and max_rows if more were cut.

    pyoxigraph serialises only whole result streams, so the kept rows are written as SPARQL
    JSON and read back, which lets it serialise them to any format.
    """
    names = [v.value for v in result.variables]
    rows = list(islice(result, max_rows + 1))
    bindings = [{n: _json_term(row[n]) for n in names if row[n] is not None} for row in rows[:max_rows]]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    capped = ox.parse_query_results(json.dumps(doc), format=_RF.JSON)
    return capped, (max_rows if len(rows) > max_rows else None)


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != V.XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _worker_main(path: str, conn) -> None:
    """A worker process: open the store read-only, then answer each request sent down the pipe."""
    try:
        store = Store(path, read_only=True)
    except StoreError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(answer(store, *request))


# ---------------------------------------------------------------- the worker pool
class QueryTimeout(Exception):
    """A query ran past its time; its worker was killed."""


class _Worker:
    def __init__(self, ctx, path: str):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(path, child), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        """Block until the worker has opened the store (at most WORKER_START_S)."""
        if self.ready:
            return
        if not self.conn.poll(WORKER_START_S):
            raise RuntimeError("a query worker did not start in time")
        state, message = self.conn.recv()
        if state != "ready":
            raise RuntimeError(f"a query worker could not open the store: {message}")
        self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes that each hold the store open read-only and run one query at a time."""

    def __init__(self, path: Path | str, size: int):
        self._ctx = multiprocessing.get_context("spawn")  # no fork: the server has threads
        self._path = str(path)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self._path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> _Worker:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        return self._start()

    def run(self, request: tuple, timeout: float) -> Answer:
        """Answer a request within ``timeout`` seconds of getting a worker, or raise QueryTimeout."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"every worker stayed busy for {timeout:g} s") from None
        try:
            worker.wait_ready()
            worker.conn.send(request)
            if not worker.conn.poll(timeout):
                worker = self._retire(worker)
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
            return worker.conn.recv()
        except (EOFError, OSError):
            worker = self._retire(worker)
            raise RuntimeError("the query worker died") from None
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()


# ---------------------------------------------------------------- HTTP
class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], pool: WorkerPool, *, timeout: float, max_rows: int):
        self.pool, self.query_timeout, self.max_rows = pool, timeout, max_rows
        self.queries = library()
        super().__init__(address, Handler)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(path: Path | str, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                max_rows: int = 10_000, workers: int = 2) -> SparqlServer:
    """A server bound to host:port (port 0 picks a free one); call serve_forever() to run it."""
    pool = WorkerPool(path, workers)
    try:
        return SparqlServer((host, port), pool, timeout=timeout, max_rows=max_rows)
    except BaseException:
        pool.close()
        raise


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/":
            use = self.server.queries.get(params.get("use", [""])[0])
            body = page(self.server.queries, use.text if use else "")
            self._send(Answer(200, "text/html; charset=utf-8", body, {"Content-Security-Policy": _PAGE_POLICY}))
        elif url.path == QUERY_PATH:
            self._query(params)
        else:
            self._send(text_answer(404, f"no such page; the SPARQL endpoint is {QUERY_PATH}"))

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path == "/update":
            return self._send(text_answer(403, _READ_ONLY))
        if url.path != QUERY_PATH:
            return self._send(text_answer(404, f"no such endpoint; the SPARQL endpoint is {QUERY_PATH}"))
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send(text_answer(413, f"request body over {MAX_BODY} bytes"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = self.headers.get_content_type()
        params = parse_qs(url.query, keep_blank_values=True)
        if kind == "application/sparql-query":
            params["query"] = [body]
        elif kind == "application/x-www-form-urlencoded":
            params.update(parse_qs(body, keep_blank_values=True))
        elif kind == "application/sparql-update":
            params["update"] = [body]
        else:
            return self._send(text_answer(415, "send application/sparql-query or a form (query=…)"))
        self._query(params)

    def do_PUT(self) -> None:  # noqa: N802
        self._send(Answer(405, "text/plain; charset=utf-8", _READ_ONLY.encode(), {"Allow": "GET, POST"}))

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            return self._send(text_answer(403, _READ_ONLY))
        queries = params.get("query", [])
        if len(queries) != 1:
            return self._send(text_answer(400, "give exactly one query parameter"))
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._send(text_answer(400, "default-graph-uri and named-graph-uri are not supported: "
                                               "the default graph is the union of all graphs"))
        fmt = params.get("format", [None])[0]
        request = (queries[0], self.headers.get("Accept"), fmt, self.server.max_rows)
        try:
            self._send(self.server.pool.run(request, self.server.query_timeout))
        except QueryTimeout as exc:
            self._send(text_answer(503, str(exc)))
        except RuntimeError as exc:
            self._send(text_answer(500, str(exc)))

    def _send(self, ans: Answer) -> None:
        self.send_response(ans.status)
        self.send_header("Content-Type", ans.content_type)
        self.send_header("Content-Length", str(len(ans.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in ans.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(ans.body)


_READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"


# ---------------------------------------------------------------- the page at /
def page(queries: dict, text: str) -> bytes:
    """The query form and the library, every value escaped, nothing loaded from elsewhere."""
    e = html.escape
    items = "\n".join(
        f'<li><a href="/?use={e(q.name)}">{e(q.name)}</a> {e(q.question_zh)}<br><small>{e(q.question_en)}'
        + (f" — parameters: {e(', '.join('?' + p.name for p in q.params))}" if q.params else "")
        + "</small></li>" for q in queries.values())
    options = "".join(f'<option value="{f}">{f}</option>' for f in ("json", "xml", "csv", "tsv", "ttl", "nt"))
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>kg SPARQL</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}} li{{margin:.4em 0}}
textarea{{width:100%;height:18em;font-family:monospace}}</style></head><body>
<h1>kg SPARQL endpoint</h1>
<p>Read-only. Endpoint: <code>{QUERY_PATH}</code> (SPARQL 1.1 Protocol, GET or POST).
The default graph is the union of all graphs.</p>
<form action="{QUERY_PATH}" method="get">
<textarea name="query" spellcheck="false">{e(text)}</textarea>
<p><label>format <select name="format">{options}</select></label> <button type="submit">Run</button></p>
</form>
<h2>Library</h2>
<p>A library query's parameters are unbound here: an optional one then matches everything;
for a required one write a value into the text (for a name, an entity's IRI into its
<code>VALUES</code> line), or use <code>kg query NAME --param k=v</code>, which looks names up for you.</p>
<ul>
{items}
</ul></body></html>
""".encode()
