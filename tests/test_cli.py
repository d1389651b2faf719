"""The kg command line, run in-process with click's CliRunner on a built sample store."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main


def _commands(group=main, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("command", sorted(_commands()), ids=" ".join)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_stats_lists_documents_and_classes(sample_store):
    result = CliRunner().invoke(main, ["stats", "--store", str(sample_store.path)])
    assert result.exit_code == 0, result.output
    assert "01_bulletin.txt" in result.output and "CrossBorderEcommercePilotZone" in result.output


def test_explain_gives_evidence_with_offsets_into_the_original_file(sample_store):
    result = CliRunner().invoke(main, ["explain", "郑州综试区", "--store", str(sample_store.path)])
    assert result.exit_code == 0, result.output
    assert "中国（郑州）跨境电子商务综合试验区" in result.output and "rule " in result.output
    missing = CliRunner().invoke(main, ["explain", "没有这个名字", "--store", str(sample_store.path)])
    assert missing.exit_code == 1 and "no entity is named" in missing.output


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("trig", "trig"), ("nq", "nquads"), ("nt", "nt")])
def test_export_writes_files_that_parse(sample_store, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"kg.{fmt}"
    result = CliRunner().invoke(main, ["export", "--store", str(sample_store.path), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    g = rdflib.Dataset() if fmt in ("trig", "nq") else rdflib.Graph()
    g.parse(out, format=rdflib_format)
    assert len(g) > 1000 or sum(1 for _ in g.quads()) > 1000


def test_min_confidence_leaves_out_weak_facts(sample_store):
    def quads(extra):
        data = sample_store.export("nq", None, min_confidence=extra)
        return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}

    everything, strong = quads(None), quads(0.85)
    assert strong < everything
    conf = "<https://w3id.org/cbec-kg/ontology#confidence>"
    kept = [q for q in strong if conf in q]
    assert kept and all(float(q.split('"')[1]) >= 0.85 for q in kept)


def test_build_reports_a_missing_path_clearly(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1 and "no such file or folder" in result.output
