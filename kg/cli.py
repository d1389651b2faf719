"""The ``kg`` command line: thin commands over library calls.

Heavy modules (spaCy, the store) are imported inside the commands, so ``kg --help``
stays fast. Library errors become click errors with a clear message, not tracebacks.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__

STORE_HELP = "Store directory (default: $KG_STORE or .kg in the working directory)."


def store_option(f):
    return click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help=STORE_HELP)(f)


def _open(store_path: Path | None, *, read_only: bool = False):
    from .store import Store, StoreError, default_store_path

    try:
        return Store(store_path or default_store_path(), read_only=read_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: a knowledge graph of China's cross-border e-commerce and digital-trade policy.

    \b
    Quick start:
        kg build                 # the bundled sample corpus into ./.kg
        kg stats
        kg export --format trig --out kg.trig
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--strict", is_flag=True, help="Exit non-zero when any document fails.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the machine-readable build report (JSON) here.")
@click.option("--keep/--prune", default=False,
              help="Keep documents of earlier builds that are not among PATHS (default: drop them).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(0),
              help="Worker processes extracting documents in parallel (0: one per CPU core).")
def build(paths: tuple[Path, ...], store_path: Path | None, strict: bool, report_path: Path | None,
          keep: bool, jobs: int) -> None:
    """Extract documents into the store, incrementally.

    PATHS are files or folders (default: the bundled sample corpus). Unchanged
    documents are skipped; changed ones replaced; removed ones dropped. Bad files
    are reported with their reason and the build goes on.

    \b
    Example:
        kg build ../shared/corpus --store .kg
        kg build ../shared/corpus --jobs 2
    """
    import os

    from .build import build as run_build
    from .resources import sample_dir
    from .store import write_atomic

    inputs = list(paths) or [sample_dir()]
    for p in inputs:
        if not p.exists() and not p.is_symlink():
            raise click.ClickException(f"{p}: no such file or folder")
    store = _open(store_path)
    from .load import discover

    files = discover(inputs)
    workers = jobs or os.cpu_count() or 1
    if sys.stderr.isatty() and len(files) > 20:
        with click.progressbar(length=len(files), label="extracting", file=sys.stderr) as bar:
            report = run_build(inputs, store, prune=not keep, jobs=workers, progress=lambda _p: bar.update(1))
    else:
        report = run_build(inputs, store, prune=not keep, jobs=workers)
    for path, reason in report.failed:
        click.echo(f"error: {path}: {reason}", err=True)
    click.echo(f"store {store.path}: {len(report.added)} added, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
               f"{len(report.failed)} failed; {report.quads} quads written in {report.wall:.2f}s")
    if report.seconds:
        click.echo("stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items()))
    if report_path:
        write_atomic(report_path, json.dumps(report.as_dict(), ensure_ascii=False, indent=1).encode())
    if strict and report.failed:
        sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nq", "nt", "jsonld", "graphml", "gexf"]),
              default="trig", show_default=True,
              help="Serialisation. ttl/nt merge all graphs; trig/nq/jsonld keep one graph per document; "
                   "graphml/gexf write the entity graph (statistics left out) for Gephi.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: stdout).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Leave out facts whose every evidence has a lower confidence.")
def export(store_path: Path | None, fmt: str, out: Path | None, min_confidence: float | None) -> None:
    """Export the graph as Turtle, TriG, N-Quads, N-Triples, compact JSON-LD, GraphML or GEXF.

    GraphML and GEXF hold entities (label, class, aliases, documents) and facts
    (predicate, document, rule, confidence, evidence sentence), for Gephi.

    \b
    Example:
        kg export --format trig --out kg.trig
        kg export --format gexf --out kg.gexf
    """
    from .store import StoreError, write_atomic

    store = _open(store_path, read_only=True)
    try:
        if fmt in ("graphml", "gexf"):
            from .graphview import load_graph
            from .netexport import serialize

            data = serialize(load_graph(store, min_confidence=min_confidence), fmt)
        elif fmt == "jsonld":
            from .jsonld import from_store

            data = from_store(store, min_confidence=min_confidence)
        else:
            data = store.export(fmt, None, min_confidence=min_confidence)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomic(out, data)
        click.echo(f"wrote {out}", err=True)


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(store_path: Path | None, as_json: bool) -> None:
    """Counts per class and predicate, and the documents in the store."""
    from .summary import summarise

    s = summarise(_open(store_path, read_only=True))
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    click.echo(f"quads: {s['quads']}  documents: {len(s['documents'])}  "
               f"reference entities (gazetteers): {s['reference_entities']}")
    for title in ("classes", "predicates"):
        click.echo(f"\n{title}:")
        for k, v in s[title].items():
            click.echo(f"  {k:34s} {v:7d}")
    click.echo("\ndocuments:")
    for d in s["documents"]:
        click.echo(f"  {d['name']:40s} {d['triples']:7d} triples  {d['statistics']:5d} statistics")


@main.command()
@click.argument("name")
@store_option
@click.option("--limit", default=0, help="Show at most this many facts (0: all).")
def explain(name: str, store_path: Path | None, limit: int) -> None:
    """Every fact about an entity, with its evidence sentence, document, offsets and rule.

    NAME is a canonical name or any alias (郑州, 郑州市, 郑州综试区 …).

    \b
    Example:
        kg explain 郑州综试区
    """
    from .explain import explain as facts_of, find_entities

    store = _open(store_path, read_only=True)
    found = find_entities(store, name)
    if not found:
        raise click.ClickException(f"no entity is named {name!r}; try `kg query` or another alias")
    for iri, label, cls in found:
        facts = facts_of(store, iri)
        click.echo(f"{label}  [{cls}]  {iri}  — {len(facts)} facts")
        for f in facts[:limit or None]:
            click.echo(f"  {f.statement}")
            click.echo(f"    {f.document} [{f.start}:{f.end}]  rule {f.rule}  confidence {f.confidence:g}")
            click.echo(f"    «{f.sentence}»")


@main.command("eval")
@store_option
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of <doc>.entities.jsonl / <doc>.relations.jsonl files (GOLD.md format).")
@click.option("--show", default=0, show_default=True, help="List this many missed and spurious items per class/predicate.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the full report here.")
def evaluate(store_path: Path | None, gold_dir: Path, show: int, json_path: Path | None) -> None:
    """Precision, recall and F1 per class and predicate against gold annotations.

    \b
    Example:
        kg eval --gold ../shared/gold --show 10
    """
    from .evaluate import format_report, load_gold, prediction_from_store, score
    from .store import write_atomic

    try:
        gold = load_gold(gold_dir)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    rep = score(gold, prediction_from_store(_open(store_path, read_only=True)))
    click.echo(format_report(rep, show=show))
    if json_path:
        write_atomic(json_path, json.dumps(rep, ensure_ascii=False, indent=1).encode())


if __name__ == "__main__":
    main()


# Commands of the other areas live in their own modules; each imports heavy libraries lazily.
from . import cli_bench, cli_query, cli_viz  # noqa: E402

for _module in (cli_query, cli_viz, cli_bench):
    _module.register(main)
