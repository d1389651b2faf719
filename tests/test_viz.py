"""The HTML explorer without a browser: page structure, offline, escaping, legend, focus, caps, queries."""
from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import resources
from kg.build import build
from kg.cli import main
from kg.graphview import EntityNotFound, load_graph, mentioned, undirected
from kg.store import Store
from kg.viz import build_network, query_graph, render_html, resolve_query, script_json, select

# Document text whose names and sentences hold markup; parentheses would be folded to
# full width by normalisation (making the JS inert anyway), so the payloads avoid them.
HOSTILE_TEXT = """关于跨境电商的通知

2024年3月，商务部发布《<script>window.__xss=1</script>跨境电商管理办法》。
2024年5月，海关总署发布《<img src=x onerror=window.__xss=2;alert`2`>监管办法》。
<img src=x onerror="window.__xss=3">科技有限公司位于郑州市，使用监管代码9610开展业务<script>window.__xss=4;alert`4`</script>。
中国（郑州）跨境电子商务综合试验区由国务院批准设立<b onmouseover="window.__xss=5">。
"""
SCRIPT_NAME = "<script>window.__xss=1</script>跨境电商管理办法"
IMG_NAME = "<img src=x onerror=window.__xss=2;alert`2`>监管办法"


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory) -> Store:
    """A store built by the real pipeline from one document full of markup."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "evil.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    store = Store(folder / "store")
    report = build([folder / "evil.txt"], store)
    assert not report.failed, report.failed
    return store


@pytest.fixture(scope="module")
def sample_graph(sample_store) -> nx.MultiDiGraph:
    return load_graph(sample_store)


def page_of(graph: nx.MultiDiGraph, **kw) -> str:
    selection = select(graph, **kw)
    return render_html(build_network(selection, title="测试"), notes=selection.notes,
                       documents=graph.graph["documents"])


def payload(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert block, "no data block"
    return json.loads(block.group(1))


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


# ----------------------------------------------------------------- page structure
def test_viz_page_is_offline_and_self_contained(sample_graph):
    page = page_of(sample_graph)
    found = tags(page)
    urls = [v for _, attrs in found for k, v in attrs.items() if k in ("src", "href", "srcset", "action", "data")]
    assert not [u for u in urls if re.match(r"\s*(https?:)?//", u or "")], urls
    assert not [t for t, a in found if t == "link" or (t == "script" and "src" in a)]
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", page), "a CSS url() would load from the network"
    assert not re.search(r"@import", page)
    assert "vis.Network" in page and "DataSet" in page, "vis-network must be inlined"


def test_viz_page_declares_utf8_and_keeps_chinese(sample_graph, tmp_path):
    page = page_of(sample_graph)
    head = page[:300]
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in head
    assert "郑州市" in json.dumps(payload(page), ensure_ascii=False)


def test_viz_page_has_three_scripts_and_own_ui(sample_graph):
    found = tags(page_of(sample_graph))
    scripts = [a for t, a in found if t == "script"]
    assert len(scripts) == 3 and scripts[1] == {"type": "application/json", "id": "kg-data"}
    ids = {a.get("id") for _, a in found}
    assert {"search", "legend", "predicates", "document", "year", "panel", "graph"} <= ids
    assert "filter-menu" not in ids and "select-menu" not in ids, "pyvis's broken menus must not be used"


# ----------------------------------------------------------------- escaping
def test_script_json_escapes_markup():
    text = script_json({"a": "</script><img src=x onerror=alert(1)>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><img src=x onerror=alert(1)>&amp;"}


def test_viz_hostile_document_text_never_becomes_markup(hostile_store):
    graph = load_graph(hostile_store)
    labels = {d for _, d in graph.nodes(data="label")}
    assert {SCRIPT_NAME, IMG_NAME} <= labels, "the pipeline must keep the hostile names (test precondition)"
    page = page_of(graph)
    found = tags(page)
    assert [t for t, _ in found].count("script") == 3
    assert not [t for t, _ in found if t in ("img", "b")]
    before, rest = page.split('<script type="application/json" id="kg-data">', 1)
    block, after = rest.split("</script>", 1)
    assert "window.__xss" not in before + after, "document text outside the JSON block"
    assert "<" not in block and ">" not in block
    data = payload(page)
    assert {SCRIPT_NAME, IMG_NAME} <= {n["label"] for n in data["nodes"]}
    sentences = {ev["sentence"] for e in data["edges"] for ev in e["evidence"]}
    assert any("<script>window.__xss=4" in s for s in sentences)
    assert "innerHTML" not in after, "the page's own script must not use innerHTML"


def test_viz_tooltips_are_plain_text(hostile_store):
    net = build_network(select(load_graph(hostile_store)), title="t")
    assert all(isinstance(item["title"], str) for item in net.nodes + net.edges)
    assert any(SCRIPT_NAME in n["title"] for n in net.nodes)


# ----------------------------------------------------------------- legend, statistics
def test_viz_legend_counts_match_the_graph(sample_graph):
    data = payload(page_of(sample_graph, max_nodes=10_000))
    legend = {c["name"]: c["count"] for c in data["classes"]}
    assert legend == dict(Counter(cls for _, cls in mentioned(sample_graph).nodes(data="cls")))
    assert sum(legend.values()) == len(data["nodes"]) == mentioned(sample_graph).number_of_nodes()
    predicates = {p["name"]: p["count"] for p in data["predicates"]}
    assert predicates == dict(Counter(p for *_, p in mentioned(sample_graph).edges(data="predicate")))


def test_viz_statistics_are_counted_not_drawn(sample_graph):
    data = payload(page_of(sample_graph, max_nodes=10_000))
    assert "Statistic" not in {n["cls"] for n in data["nodes"]}
    counted = sum(n["statistics"] for n in data["nodes"])
    assert counted > 0 and any(str(counted) in note for note in data["notes"])


def test_viz_edges_carry_evidence_and_chinese_predicate_labels(sample_graph):
    data = payload(page_of(sample_graph))
    located = [e for e in data["edges"] if e["predicate"] == "locatedIn"]
    assert located and {e["label"] for e in located} == {"位于"}
    with_evidence = [e for e in data["edges"] if e["evidence"]]
    assert with_evidence and all({"sentence", "document", "rule", "confidence"} <= set(ev)
                                 for e in with_evidence for ev in e["evidence"])


# ----------------------------------------------------------------- choosing what to draw
@pytest.mark.parametrize("hops", [1, 2])
def test_viz_focus_draws_the_neighbourhood(sample_graph, hops):
    selection = select(sample_graph, focus="郑州", hops=hops, max_nodes=10_000)
    centre = "https://w3id.org/cbec-kg/id/City/郑州市"
    expected = nx.single_source_shortest_path_length(undirected(sample_graph), centre, cutoff=hops)
    assert set(selection.graph) == set(expected)
    assert "https://w3id.org/cbec-kg/id/Province/河南省" in selection.graph


def test_viz_focus_cap_keeps_the_nearest(sample_graph):
    selection = select(sample_graph, focus="郑州", hops=2, max_nodes=5)
    centre = "https://w3id.org/cbec-kg/id/City/郑州市"
    assert centre in selection.graph and selection.graph.number_of_nodes() == 5
    distance = nx.single_source_shortest_path_length(undirected(sample_graph), centre, cutoff=2)
    kept = max(distance[n] for n in selection.graph)
    assert all(distance[n] >= kept for n in distance if n not in selection.graph)


def test_viz_unknown_focus_is_an_error(sample_graph):
    with pytest.raises(EntityNotFound, match="no entity is named"):
        select(sample_graph, focus="不存在的地方")


def test_viz_max_nodes_keeps_highest_degree_and_says_so(sample_graph):
    selection = select(sample_graph, max_nodes=20)
    base = mentioned(sample_graph)
    assert selection.graph.number_of_nodes() == 20
    lowest_kept = min(base.degree(n) for n in selection.graph)
    assert all(base.degree(n) <= lowest_kept for n in base if n not in selection.graph)
    assert any(f"另有 {base.number_of_nodes() - 20} 个" in note for note in selection.notes)


def test_viz_classes_filter(sample_graph):
    selection = select(sample_graph, classes={"City", "Province"})
    assert {c for _, c in selection.graph.nodes(data="cls")} == {"City", "Province"}


QUERY = """CONSTRUCT { ?z kgo:locatedIn ?c } WHERE {
  ?z a kgo:CrossBorderEcommercePilotZone ; kgo:locatedIn ?c . ?c a kgo:City }"""


def test_viz_query_construct_keeps_evidence(sample_store, sample_graph, tmp_path):
    (tmp_path / "zones.rq").write_text(QUERY, encoding="utf-8")
    sub = query_graph(sample_store, sample_graph, resolve_query(str(tmp_path / "zones.rq")))
    assert sub.number_of_edges() > 0
    assert {c for _, c in sub.nodes(data="cls")} == {"CrossBorderEcommercePilotZone", "City"}
    assert all(d["predicate"] == "locatedIn" and d["evidence"] for *_, d in sub.edges(data=True))
    selection = select(sample_graph, sub=sub)
    assert set(selection.graph) == set(sub)


def test_viz_query_select_spo_and_other_resources(sample_store, sample_graph):
    sub = query_graph(sample_store, sample_graph,
                      "SELECT ?s ?p ?o WHERE { BIND(kgo:mentions AS ?p) ?s ?p ?o } LIMIT 3")
    assert {c for n, c in sub.nodes(data="cls") if "/doc/" in n} == {"Other"}
    assert {d["predicate"] for *_, d in sub.edges(data=True)} == {"kgo:mentions"}


def test_viz_query_select_needs_spo(sample_store, sample_graph):
    with pytest.raises(ValueError, match=r"\?s \?p \?o"):
        query_graph(sample_store, sample_graph, "SELECT ?x WHERE { ?x a kgo:City }")


def test_viz_query_by_library_name(monkeypatch, tmp_path):
    (tmp_path / "zones.rq").write_text(QUERY, encoding="utf-8")
    monkeypatch.setattr(resources, "queries_dir", lambda: tmp_path)
    assert resolve_query("zones") == QUERY
    with pytest.raises(FileNotFoundError, match="library: zones"):
        resolve_query("nope")


# ----------------------------------------------------------------- the command
def test_cli_viz_writes_one_page(sample_store, tmp_path):
    out = tmp_path / "g.html"
    result = CliRunner().invoke(main, ["viz", "--store", str(sample_store.path), "--focus", "郑州",
                                       "--hops", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_bytes().decode("utf-8")
    assert "郑州市" in json.dumps(payload(page), ensure_ascii=False)
    assert not list(Path.cwd().glob("lib/vis-*")), "pyvis's local mode would copy a lib/ folder"


def test_cli_viz_reports_unknown_entity_and_query(sample_store, tmp_path):
    runner = CliRunner()
    base = ["viz", "--store", str(sample_store.path), "--out", str(tmp_path / "g.html")]
    result = runner.invoke(main, base + ["--focus", "不存在的地方"])
    assert result.exit_code == 1 and "no entity is named" in result.output
    result = runner.invoke(main, base + ["--query", "no-such-query"])
    assert result.exit_code == 1 and "no such query file" in result.output
    result = runner.invoke(main, base + ["--classes", "Town"])
    assert result.exit_code == 2 and "unknown class Town" in result.output
    assert not (tmp_path / "g.html").exists()
