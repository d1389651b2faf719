"""`kg bench`: the performance benchmark (build, --jobs, cold start, store, explorer)."""
from __future__ import annotations

from pathlib import Path

import click


def _parts(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...]:
    from .bench import PARTS  # here, not at the top: `kg --help` stays light

    parts = tuple(p.strip() for p in (value or ",".join(PARTS)).split(",") if p.strip())
    unknown = sorted(set(parts) - set(PARTS))
    if unknown or not parts:
        raise click.BadParameter(f"unknown part {', '.join(unknown) or '(none)'}; choose from {', '.join(PARTS)}")
    return parts


def register(main: click.Group) -> None:
    """Add this module's commands to the kg group."""

    @main.command()
    @click.option("--only", "parts", callback=_parts,
                  help="Comma-separated parts to run: build, parallel, cold, store, viz (default: all).")
    @click.option("--runs", default=5, show_default=True, type=click.IntRange(1),
                  help="Runs per measurement (medians).")
    @click.option("--scale", default=20, show_default=True, type=click.IntRange(1),
                  help="Corpus copies for the large build (x1 and x5 run too).")
    @click.option("--triples", default=1_000_000, show_default=True, type=click.IntRange(1),
                  help="Size of the synthetic graph for the store part.")
    @click.option("--rdflib-triples", type=click.IntRange(0), default=None,
                  help="Size for the rdflib baseline (default: --triples; 0: skip it).")
    @click.option("--rdflib-runs", default=1, show_default=True, type=click.IntRange(1),
                  help="Runs of the rdflib baseline (slow at 1 M triples).")
    @click.option("--query-timeout", default=60, show_default=True, type=click.IntRange(1),
                  help="Seconds before a library query is stopped and reported as slower than that.")
    @click.option("--jobs", default=2, show_default=True, type=click.IntRange(2), help="Workers for the parallel part.")
    @click.option("--viz-nodes", default=5_000, show_default=True, type=click.IntRange(1))
    @click.option("--corpus", type=click.Path(file_okay=False, exists=True, path_type=Path),
                  help="Corpus folder (default: ../shared/corpus, else the bundled sample).")
    @click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write every figure here, to compare commits.")
    def bench(parts: tuple[str, ...], runs: int, scale: int, triples: int, rdflib_triples: int | None,
              rdflib_runs: int, query_timeout: int, jobs: int, viz_nodes: int, corpus: Path | None,
              json_path: Path | None) -> None:
        """Measure the build, --jobs, cold start, the store and the explorer against their targets.

        Prints a Markdown table of medians, with ratios against rdflib's in-memory
        store. Every measurement runs in a fresh process; the defaults take about
        half an hour on 2 cores.

        \b
        Example:
            kg bench --json bench.json
            kg bench --only store --triples 100000 --runs 3
        """
        import json

        from .bench import Config, run_bench, table
        from .store import write_atomic

        cfg = Config(parts=parts, runs=runs, scale=scale, triples=triples, rdflib_triples=rdflib_triples,
                     rdflib_runs=rdflib_runs, query_timeout=query_timeout, jobs=jobs, viz_nodes=viz_nodes,
                     corpus=corpus)
        def save(result: dict) -> None:
            if json_path:
                write_atomic(json_path, json.dumps(result, ensure_ascii=False, indent=1).encode())

        result = run_bench(cfg, progress=lambda part: click.echo(f"bench: {part}...", err=True), save=save)
        click.echo(table(result))
