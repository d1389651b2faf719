"""Commands to explore the graph: `kg viz` (HTML explorer), `kg path`, `kg neighbors`, `kg rank`, `kg timeline`.

networkx, pyvis and the store are imported inside the commands, so `kg --help` stays fast.
"""
from __future__ import annotations

from pathlib import Path

import click


def _split(values: tuple[str, ...]) -> set[str] | None:
    """Repeated or comma-separated options as one set (None when not given)."""
    names = {v.strip() for value in values for v in value.split(",") if v.strip()}
    return names or None


def _check_classes(classes: set[str] | None) -> set[str] | None:
    from .vocab import ENTITY_CLASSES

    unknown = sorted((classes or set()) - set(ENTITY_CLASSES))
    if unknown:
        raise click.BadParameter(f"unknown class {', '.join(unknown)}; choose from {', '.join(ENTITY_CLASSES)}")
    return classes


def _graph(store_path: Path | None):
    from .cli import _open
    from .graphview import load_graph

    return load_graph(_open(store_path, read_only=True))


def _entity(graph, name: str) -> str:
    from .graphview import EntityNotFound, find_entity

    try:
        return find_entity(graph, name)
    except EntityNotFound as exc:
        raise click.ClickException(str(exc)) from exc


def _name(graph, node: str) -> str:
    data = graph.nodes[node]
    return f"{data['label']} [{data['cls']}]"


def _evidence_lines(evidence, *, limit: int, width: int | None = None) -> list[str]:
    """One line per distinct sentence (several rules often find the same one), strongest first."""
    by_sentence: dict[tuple[str, str], list] = {}
    for ev in sorted(evidence, key=lambda e: -e["confidence"]):
        by_sentence.setdefault((ev["document"], ev["sentence"]), []).append(ev)
    lines = []
    for (document, sentence), found in list(by_sentence.items())[:limit]:
        text = sentence if width is None or len(sentence) <= width else sentence[:width] + "…"
        rules = ", ".join(e["rule"] for e in found)
        lines.append(f"      “{text}” ({document}, rule {rules}, confidence {found[0]['confidence']})")
    if len(by_sentence) > limit:
        lines.append(f"      (+{len(by_sentence) - limit} more)")
    return lines


def _fact_lines(graph, fact, *, limit: int = 2) -> list[str]:
    from .graphview import term_labels

    pred = f"{term_labels().get(fact.predicate, fact.predicate)} {fact.predicate}"
    head = f"    {_name(graph, fact.subject)} —{pred}→ {_name(graph, fact.object)}"
    source = ["      (gazetteer reference data; no evidence sentence)"] if fact.reference and not fact.evidence else []
    return [head, *source, *_evidence_lines(fact.evidence, limit=limit)]


def register(main: click.Group) -> None:
    """Add this module's commands to the kg group."""
    from .cli import store_option

    @main.command()
    @store_option
    @click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write.")
    @click.option("--focus", help="Draw the neighbourhood of this entity (name, alias or IRI).")
    @click.option("--hops", default=2, show_default=True, type=click.IntRange(0, 6), help="Radius around --focus.")
    @click.option("--classes", "classes", multiple=True, help="Only these classes (repeat or comma-separate).")
    @click.option("--query", "query", help="Draw a CONSTRUCT / SELECT ?s ?p ?o: a .rq file or a library query name.")
    @click.option("--max-nodes", default=300, show_default=True, type=click.IntRange(1),
                  help="Keep at most this many nodes (nearest the focus, then highest degree).")
    def viz(store_path: Path | None, out: Path, focus: str | None, hops: int, classes: tuple[str, ...],
            query: str | None, max_nodes: int) -> None:
        """Write an offline, interactive HTML explorer of the graph (one self-contained file).

        By default it draws the entities the documents mention. Search, filters by class,
        relation, document and year, and a side panel with every fact's evidence sentence.

        \b
        Example:
            kg viz --out kg.html
            kg viz --focus 郑州 --hops 2 --out zhengzhou.html
        """
        from .cli import _open
        from .graphview import EntityNotFound, load_graph
        from .store import write_atomic
        from .viz import build_network, query_graph, render_html, resolve_query, select

        store = _open(store_path, read_only=True)
        graph = load_graph(store)
        try:
            sub = query_graph(store, graph, resolve_query(query)) if query else None
            selection = select(graph, focus=focus, hops=hops, classes=_check_classes(_split(classes)),
                               max_nodes=max_nodes, sub=sub)
        except (EntityNotFound, FileNotFoundError, ValueError, SyntaxError) as exc:
            raise click.ClickException(str(exc)) from exc
        title = "跨境电商政策知识图谱" + (f"：{focus}" if focus else f"：{query}" if query else "")
        net = build_network(selection, title=title)
        page = render_html(net, notes=selection.notes, documents=graph.graph["documents"])
        write_atomic(out, page.encode("utf-8"))
        click.echo(f"wrote {out}: {len(net.nodes)} nodes, {len(net.edges)} edges", err=True)
        for note in selection.notes:
            click.echo(f"  {note}", err=True)

    @main.command()
    @store_option
    @click.argument("source")
    @click.argument("target")
    @click.option("--limit", default=3, show_default=True, type=click.IntRange(1), help="Paths to show.")
    def path(store_path: Path | None, source: str, target: str, limit: int) -> None:
        """Shortest paths between two entities, each hop with its evidence.

        Direction is ignored; among equally short paths those with the most
        document-backed hops come first.

        \b
        Example:
            kg path 郑州 海关总署
        """
        from .analytics import paths

        graph = _graph(store_path)
        a, b = _entity(graph, source), _entity(graph, target)
        found = paths(graph, a, b, limit=limit)
        if not found:
            raise click.ClickException(f"{_name(graph, a)} and {_name(graph, b)} are not connected in the graph")
        for i, hops in enumerate(found, 1):
            click.echo(f"path {i} ({len(hops)} hops): " + " — ".join([_name(graph, a)] + [
                _name(graph, h.target) for h in hops]))
            for hop in hops:
                for fact in hop.facts:
                    click.echo("\n".join(_fact_lines(graph, fact)))

    @main.command()
    @store_option
    @click.argument("entity")
    def neighbors(store_path: Path | None, entity: str) -> None:
        """Every fact about one entity, with evidence.

        \b
        Example:
            kg neighbors 郑州综试区
        """
        from .analytics import neighbors as facts_of

        graph = _graph(store_path)
        node = _entity(graph, entity)
        facts = facts_of(graph, node)
        click.echo(f"{_name(graph, node)} {node}: {len(facts)} facts")
        for fact in facts:
            click.echo("\n".join(_fact_lines(graph, fact, limit=1)))

    @main.command()
    @store_option
    @click.option("--by", type=click.Choice(["degree", "pagerank", "betweenness"]), default="degree",
                  show_default=True, help="Centrality measure.")
    @click.option("--class", "classes", multiple=True, help="Only these classes (repeat or comma-separate).")
    @click.option("--top", default=20, show_default=True, type=click.IntRange(1))
    def rank(store_path: Path | None, by: str, classes: tuple[str, ...], top: int) -> None:
        """The most central entities among those the documents mention.

        \b
        Example:
            kg rank --by betweenness --class GovernmentAgency --top 10
        """
        from .analytics import rank as ranked

        graph = _graph(store_path)
        for i, (node, score) in enumerate(ranked(graph, by=by, classes=_check_classes(_split(classes)), top=top), 1):
            value = f"{score:d}" if isinstance(score, int) else f"{score:.4f}"
            click.echo(f"{i:3d}  {value:>8s}  {_name(graph, node)}")

    @main.command()
    @store_option
    @click.option("--class", "classes", multiple=True, help="Only these classes (repeat or comma-separate).")
    @click.option("--from", "start", type=int, help="First year.")
    @click.option("--to", "end", type=int, help="Last year.")
    def timeline(store_path: Path | None, classes: tuple[str, ...], start: int | None, end: int | None) -> None:
        """Dated facts (established in, issued in) in date order, with evidence.

        \b
        Example:
            kg timeline --class PolicyDocument --from 2015
        """
        from .analytics import timeline as dated
        from .graphview import term_labels

        graph = _graph(store_path)
        for fact in dated(graph, classes=_check_classes(_split(classes)), start=start, end=end):
            click.echo(f"{fact.value:10s}  {term_labels()[fact.predicate]}  {_name(graph, fact.entity)}")
            lines = _evidence_lines(fact.evidence, limit=1, width=80) or ["      (gazetteer reference data)"]
            click.echo("\n".join(lines))
