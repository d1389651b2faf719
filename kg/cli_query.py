"""Commands added to `kg` by this module (see register): query, serve and push."""
from __future__ import annotations

import sys
from pathlib import Path

import click


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``k=v`` strings as a dict; the value may itself hold ``=``."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out


@click.command("query")
@click.argument("ref", metavar="NAME|FILE", required=False)
@click.option("-e", "--execute", "text", metavar="TEXT", help="Run this SPARQL text instead of a named query.")
@click.option("-p", "--param", "pairs", multiple=True, metavar="KEY=VALUE", help="Bind a parameter; repeat for more.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "ttl"]), default=None,
              help="Output format (default: table for solutions, ttl for graphs).")
@click.option("--list", "list_", is_flag=True, help="List the library's queries, one line each.")
def query(ref: str | None, text: str | None, pairs: tuple[str, ...], fmt: str | None, list_: bool,
          store_path: Path | None) -> None:
    """Ask the graph a question: a library query by NAME, a .rq FILE, or -e TEXT.

    Parameters are bound as typed values, never pasted into the query text.

    \b
    Examples:
        kg query --list
        kg query zones-of-province --param province=河南
        kg query trade-partners --param period=2024 --format csv
        kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from .cli import _open
    from .query import NamedQuery, QueryError, library, parse_query, render, resolve, run

    try:
        if list_:
            click.echo(_listing(library()))
            return
        if (ref is None) == (text is None):
            raise click.UsageError("give a query NAME or FILE, or -e TEXT (see kg query --list)")
        named: NamedQuery = parse_query(text, "-e") if text is not None else resolve(ref)
        result = run(_open(store_path, read_only=True), named, _params(pairs))
        output = render(result, fmt)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.stdout.write(output if output.endswith("\n") else output + "\n")


def _listing(queries: dict) -> str:
    width = max(map(len, queries), default=0)
    lines = []
    for q in queries.values():
        params = " ".join(f"{p.name}=" + ("…" if p.required else "[…]") for p in q.params)
        lines.append(f"{q.name:{width}}  {q.question_en}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the graph to the network.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a query may run before it is stopped and answered 503.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) per answer; longer answers are cut and say so in a header.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes, each able to run one query at a time.")
def serve(store_path: Path | None, host: str, port: int, timeout_s: float, max_rows: int, workers: int) -> None:
    """Serve the store read-only as a SPARQL 1.1 Protocol endpoint at /query, with a query page at /.

    \b
    Example:
        kg serve --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
             http://127.0.0.1:7878/query
    """
    from .cli import _open
    from .server import make_server

    path = _open(store_path, read_only=True).path  # fails early, with the usual message, if there is no store
    with make_server(path, host=host, port=port, timeout=timeout_s, max_rows=max_rows, workers=workers) as server:
        click.echo(f"SPARQL endpoint http://{host}:{server.server_port}/query (read-only; Ctrl-C stops)", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


@click.command()
@click.argument("url")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Put everything into this one graph instead of one per document.")
def push(url: str, store_path: Path | None, graph_iri: str | None) -> None:
    """Upload the graph to a SPARQL 1.1 Graph Store Protocol endpoint, one named graph per document.

    Each graph is replaced (HTTP PUT), so pushing twice leaves the same data.

    \b
    Examples:
        oxigraph serve --location /srv/kg --bind 127.0.0.1:7878 &
        kg push http://127.0.0.1:7878/store
        kg push http://localhost:3030/kg/data          # Apache Jena Fuseki
    """
    from .cli import _open
    from .push import PushError, push_store

    try:
        report = push_store(_open(store_path, read_only=True), url, graph=graph_iri)
    except PushError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"pushed {len(report)} graph(s), {sum(report.values())} triples, to {url}")


def register(main: click.Group) -> None:
    """Add this module's commands to the kg group.

    The shared --store option is attached here, not at import, because kg.cli imports this
    module while it is still being defined.
    """
    from .cli import store_option

    for command in (query, serve, push):
        main.add_command(store_option(command))
