"""Upload the store to a SPARQL 1.1 Graph Store Protocol server (Oxigraph server, Fuseki, GraphDB).

Each named graph (one per document, plus the reference and meta graphs) is sent with
``PUT {url}?graph=<iri>`` as N-Triples, which replaces that graph on the server, so a
second push leaves the same data rather than doubling it. With ``graph=IRI`` the union of
all graphs goes into that one graph instead. Standard library only (urllib).
"""
from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from .store import Store

N_TRIPLES = "application/n-triples"
TIMEOUT_S = 300


class PushError(Exception):
    """The upload failed; the message names the server and the reason."""


def push_store(store: Store, url: str, *, graph: str | None = None) -> dict[str, int]:
    """Send every named graph (or the union, into ``graph``); returns triples sent per graph IRI."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise PushError(f"{url}: not an http(s) URL of a Graph Store Protocol endpoint "
                        "(e.g. http://127.0.0.1:7878/store)")
    if graph is not None:
        payloads = {graph: store.export("nt", None)}
    else:
        payloads = {g: store.export_graph(g, "nt") for g in store.named_graphs()}
    for iri, body in payloads.items():
        put_graph(url, iri, body)
    return {iri: body.count(b"\n") for iri, body in payloads.items()}


def put_graph(url: str, graph: str, body: bytes) -> None:
    """Replace one graph on the server with N-Triples ``body``."""
    target = f"{url}{'&' if '?' in url else '?'}{urlencode({'graph': graph})}"
    request = urllib.request.Request(target, data=body, method="PUT", headers={"Content-Type": N_TRIPLES})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise PushError(f"{url}: HTTP {exc.code} {exc.reason} for graph <{graph}>"
                        + (f": {detail}" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise PushError(f"{url}: cannot reach the server ({exc.reason})") from None
    except TimeoutError:
        raise PushError(f"{url}: no answer within {TIMEOUT_S} s for graph <{graph}>") from None
