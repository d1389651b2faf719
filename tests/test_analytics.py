"""Paths, neighbours, rankings and the timeline, on the bundled sample and the seed corpus."""
from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.analytics import MEASURES, neighbors, pagerank, paths, rank, timeline
from kg.cli import main
from kg.graphview import EntityNotFound, find_entity, load_graph, mentioned, node_attributes, undirected

KGR = "https://w3id.org/cbec-kg/id/"
ZHENGZHOU = KGR + "City/郑州市"
STATE_COUNCIL = KGR + "GovernmentAgency/国务院"
HANGZHOU_ZONE = KGR + "CrossBorderEcommercePilotZone/中国%EF%BC%88杭州%EF%BC%89跨境电子商务综合试验区"


@pytest.fixture(scope="module")
def sample_graph(sample_store) -> nx.MultiDiGraph:
    return load_graph(sample_store)


@pytest.fixture(scope="module")
def corpus_graph(corpus_store) -> nx.MultiDiGraph:
    return load_graph(corpus_store)


def run(store, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--store", str(store.path)])
    assert result.exit_code == 0, result.output
    return result.output


# ----------------------------------------------------------------- finding entities
@pytest.mark.parametrize("name", ["郑州", "郑州市", " 郑州市 ", ZHENGZHOU])
def test_find_entity_by_label_alias_or_iri(sample_graph, name):
    assert find_entity(sample_graph, name) == ZHENGZHOU


def test_find_entity_folds_width_and_brackets(sample_graph):
    assert find_entity(sample_graph, "中国(杭州)跨境电子商务综合试验区") == HANGZHOU_ZONE


def test_find_entity_reports_ambiguity_and_absence():
    graph = nx.MultiDiGraph()
    for iri, cls in ((KGR + "City/A", "City"), (KGR + "Company/B", "Company")):
        graph.add_node(iri, **{**node_attributes(iri, cls), "aliases": ["同名"]})
    with pytest.raises(EntityNotFound, match="ambiguous") as err:
        find_entity(graph, "同名")
    assert KGR + "City/A" in str(err.value) and KGR + "Company/B" in str(err.value)
    with pytest.raises(EntityNotFound, match="no entity is named 'C'"):
        find_entity(graph, "C")


# ----------------------------------------------------------------- paths and neighbours
def test_path_is_shortest_and_explained(sample_graph):
    found = paths(sample_graph, ZHENGZHOU, STATE_COUNCIL)
    assert found
    expected = nx.shortest_path_length(undirected(sample_graph), ZHENGZHOU, STATE_COUNCIL)
    for hops in found:
        assert len(hops) == expected
        assert hops[0].source == ZHENGZHOU and hops[-1].target == STATE_COUNCIL
        assert all(h.facts and {h.source, h.target} == {h.facts[0].subject, h.facts[0].object} for h in hops)
    best = found[0]
    assert all(any(f.evidence for f in h.facts) for h in best), "the first path is backed by documents"
    assert all(f.best()["sentence"] and f.best()["document"].endswith(".txt") for h in best for f in h.facts
               if f.evidence)


def test_path_between_unconnected_entities_is_empty():
    graph = nx.MultiDiGraph()
    for name in "ABC":
        graph.add_node(KGR + name, **node_attributes(KGR + name, "City"))
    graph.add_edge(KGR + "A", KGR + "B", key="locatedIn", predicate="locatedIn", evidence=[], reference=True,
                   documents=[])
    assert paths(graph, KGR + "A", KGR + "C") == []
    assert [[(h.source, h.target) for h in p] for p in paths(graph, KGR + "B", KGR + "A")] == [
        [(KGR + "B", KGR + "A")]]


def test_neighbors_lists_both_directions_with_evidence(sample_graph):
    facts = neighbors(sample_graph, ZHENGZHOU)
    assert {(f.predicate, f.object) for f in facts if f.subject == ZHENGZHOU} >= {
        ("locatedIn", KGR + "Province/河南省")}
    incoming = [f for f in facts if f.object == ZHENGZHOU]
    zone = find_entity(sample_graph, "郑州综试区")
    assert any(f.subject == zone and f.predicate == "locatedIn" and f.evidence for f in incoming)
    assert len(facts) == sample_graph.degree(ZHENGZHOU)


# ----------------------------------------------------------------- rankings
def test_rank_by_degree_puts_the_state_council_first(sample_graph):
    top = rank(sample_graph, by="degree", top=3)
    assert top[0][0] == STATE_COUNCIL
    assert top[0][1] == undirected(mentioned(sample_graph)).degree(STATE_COUNCIL)
    assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)


def test_rank_by_class(sample_graph):
    top = rank(sample_graph, by="betweenness", classes={"Country"}, top=5)
    assert top and {sample_graph.nodes[n]["cls"] for n, _ in top} == {"Country"}
    assert top[0][0] == KGR + "Country/中国"


def test_pagerank_matches_networkx(sample_graph):
    simple = undirected(mentioned(sample_graph))
    ours, theirs = pagerank(simple), _pagerank_python(simple, tol=1e-12, max_iter=1000)
    assert max(abs(ours[n] - theirs[n]) for n in simple) < 1e-6
    assert abs(sum(ours.values()) - 1) < 1e-6


def test_rank_rejects_unknown_measure(sample_graph):
    with pytest.raises(ValueError, match="unknown measure"):
        rank(sample_graph, by="closeness")


# ----------------------------------------------------------------- timeline
def test_timeline_in_date_order_within_years(sample_graph):
    facts = timeline(sample_graph, start=2015, end=2020)
    assert facts and [f.value for f in facts] == sorted(f.value for f in facts)
    assert all(2015 <= int(f.value[:4]) <= 2020 for f in facts)
    hangzhou = [f for f in facts if f.entity == HANGZHOU_ZONE]
    assert hangzhou and hangzhou[0].value == "2015-03-07" and hangzhou[0].predicate == "establishedIn"


def test_timeline_by_class(sample_graph):
    facts = timeline(sample_graph, classes={"PolicyDocument"})
    assert facts and {sample_graph.nodes[f.entity]["cls"] for f in facts} == {"PolicyDocument"}
    assert {f.predicate for f in facts} <= {"issuedIn", "establishedIn"}


# ----------------------------------------------------------------- commands, on the seed corpus
@pytest.mark.corpus
def test_cli_path_on_the_corpus_shows_evidence(corpus_store, corpus_graph):
    customs = find_entity(corpus_graph, "海关总署")
    length = nx.shortest_path_length(undirected(corpus_graph), ZHENGZHOU, customs)
    out = run(corpus_store, "path", "郑州", "海关总署")
    assert out.startswith(f"path 1 ({length} hops): 郑州市 [City]") and "海关总署 [GovernmentAgency]" in out
    hops = [line for line in out.splitlines() if line.startswith("    ") and not line.startswith("      ")]
    assert len(hops) >= length and "“" in out and ".txt, rule " in out


@pytest.mark.corpus
def test_cli_path_zhengzhou_rcep_agrees_with_networkx(corpus_store, corpus_graph):
    """Whether 郑州 reaches RCEP depends on what the rules extract; the command must say so truly."""
    rcep = find_entity(corpus_graph, "RCEP")
    result = CliRunner().invoke(main, ["path", "郑州", "RCEP", "--store", str(corpus_store.path)])
    if nx.has_path(undirected(corpus_graph), ZHENGZHOU, rcep):
        length = nx.shortest_path_length(undirected(corpus_graph), ZHENGZHOU, rcep)
        assert result.exit_code == 0 and result.output.startswith(f"path 1 ({length} hops): 郑州市 [City]")
        assert "区域全面经济伙伴关系协定 [TradeAgreement]" in result.output.splitlines()[0]
    else:
        assert result.exit_code == 1 and "are not connected" in result.output


@pytest.mark.corpus
def test_cli_rank_and_neighbors_on_the_corpus(corpus_store, corpus_graph):
    lines = run(corpus_store, "rank", "--by", "betweenness", "--top", "3").splitlines()
    assert len(lines) == 3 and lines[0].endswith("国务院 [GovernmentAgency]")
    out = run(corpus_store, "neighbors", "郑州")
    assert out.startswith(f"郑州市 [City] {ZHENGZHOU}: {corpus_graph.degree(ZHENGZHOU)} facts")
    fact_lines = [line for line in out.splitlines() if line.startswith("    ") and not line.startswith("      ")]
    assert len(fact_lines) == corpus_graph.degree(ZHENGZHOU)
    assert "—位于 locatedIn→ 河南省 [Province]" in out


@pytest.mark.corpus
def test_cli_timeline_on_the_corpus(corpus_store):
    out = run(corpus_store, "timeline", "--class", "PolicyDocument", "--from", "2024", "--to", "2024")
    dates = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert dates and dates == sorted(dates) and all(d.startswith("2024") for d in dates)


def test_cli_reports_ambiguous_or_unknown_names(sample_store):
    result = CliRunner().invoke(main, ["neighbors", "不存在的地方", "--store", str(sample_store.path)])
    assert result.exit_code == 1 and "no entity is named '不存在的地方'" in result.output


def test_cli_rank_offers_every_measure():
    (by,) = [p for p in main.commands["rank"].params if p.name == "by"]
    assert tuple(by.type.choices) == MEASURES
