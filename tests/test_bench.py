"""`kg bench` in a tiny configuration: it runs, prints its table and writes the JSON. No timing asserted:
speed targets live in the benchmark, not in tests."""
from __future__ import annotations

import json

from click.testing import CliRunner

from kg.bench import PARTS, child, import_times
from kg.cli import main
from kg.resources import sample_dir
from kg.synth import nquads, write_nquads


def test_bench_tiny_run_writes_json_with_every_part(tmp_path):
    out = tmp_path / "bench.json"
    args = ["bench", "--only", ",".join(PARTS), "--runs", "1", "--scale", "1", "--triples", "3000",
            "--viz-nodes", "40", "--query-timeout", "3", "--corpus", str(sample_dir()), "--json", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"kg_version", "commit", "machine", "config", "targets", "results"} <= set(data)
    res = data["results"]
    assert set(res) == set(PARTS)
    size = res["build"]["sizes"]["1"]
    assert size["documents"] == 5 and size["chars"] > 0 and size["rss_peak_mb"] > 0
    assert {"chars_per_s", "chars_per_cpu_s", "wall_s", "cpu_s"} <= set(size)
    assert res["parallel"]["same_quads"] and res["parallel"]["speedup"] > 0
    assert {"build_s", "uncached_build_s", "help_s", "import_kg_cli_s", "slowest_imports"} <= set(res["cold"])
    store = res["store"]
    assert store["quads"] >= 3000 and store["oxigraph"]["load_s"] > 0 and store["oxigraph"]["turtle_s"] > 0
    assert {q["name"] for q in store["oxigraph"]["queries"]} == {q["name"] for q in store["rdflib"]["queries"]}
    assert "load_s" in store["ratios"] and "turtle_s" in store["ratios"]
    # the baseline answers the same questions: names resolved to the same IRIs, same row counts
    ox_rows = {q["name"]: q["rows"] for q in store["oxigraph"]["queries"] if "rows" in q}
    rd_rows = {q["name"]: q["rows"] for q in store["rdflib"]["queries"] if "rows" in q}
    assert len(set(ox_rows) & set(rd_rows)) >= 15
    assert {n: ox_rows[n] for n in rd_rows if n in ox_rows} == {n: rd_rows[n] for n in rd_rows if n in ox_rows}
    assert "skipped" in res["viz"] or res["viz"]["nodes"] > 0
    assert "| store | Turtle export |" in result.output and "| build | corpus x1:" in result.output


def test_bench_rejects_unknown_parts():
    result = CliRunner().invoke(main, ["bench", "--only", "build,nonsense"])
    assert result.exit_code == 2 and "unknown part nonsense" in result.output


def test_import_times_names_the_slowest_modules():
    got = import_times(top=3)
    assert got["import_kg_cli_s"] > 0 and len(got["slowest_imports"]) == 3
    assert all(set(i) == {"module", "cumulative_ms", "self_ms"} for i in got["slowest_imports"])


def test_synthetic_graph_is_deterministic_and_shaped_like_a_build():
    text = "".join(nquads(5000))
    assert text == "".join(nquads(5000)) and text.count("\n") >= 5000
    for term in ("ontology#Evidence>", "ontology#Statistic>", "ontology#mentions>", "core#prefLabel>",
                 "rdf-syntax-ns#subject>", "/graph/reference>", "/graph/synth-00000.txt>"):
        assert term in text, term


def test_store_load_repeats_into_a_fresh_store_and_keeps_the_last(tmp_path):
    nq = tmp_path / "g.nq"
    quads = write_nquads(nq, 2000)
    got = child("load", 600, nq=str(nq), runs=2, location=str(tmp_path / "s"))
    assert "error" not in got, got["error"]
    assert 0.99 * quads <= got["quads"] <= quads and got["load_s"] > 0 and got["turtle_s"] > 0  # a few lines repeat
