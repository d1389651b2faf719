"""Prefilters only skip sentences a rule cannot match: never a sentence it does match."""
from __future__ import annotations

import pytest

from kg.load import load
from kg.normalize import normalize
from kg.pipeline import extract
from kg.prefilter import Prefilter, RuleFilter, prefilter
from kg.recognize import load_patterns
from kg.relations import load_rules, mask
from kg.sentences import split

from conftest import CORPUS


def _needs(pattern: str) -> list[set[str]]:
    return [set(s) for s in prefilter(pattern).needs]


def test_required_words_come_from_literals_branches_and_repeats():
    assert _needs("(?:自由贸易试验区|自贸区)(?P<area>[一-龥]{2,8}?)(?:新片区|片区)") == [
        {"自"}, {"由贸易试验区", "贸区"}, {"片区"}]  # 新片区 holds 片区: testing 片区 is enough
    assert _needs("中国（(?P<p>.+)）综试区") == [{"中国（"}, {"）综试区"}]
    assert _needs("(?:交流中心|中心)?平台") == [{"平台"}]  # optional parts need nothing
    assert _needs("[省市]政府") == [{"省", "市"}, {"政府"}]
    assert _needs("(?i)rcep") == [] and _needs("(?i:rcep)协定") == [{"协定"}] and _needs("(?:RCEP|.)协定") == [{"协定"}]


def test_a_rule_filter_keeps_rule_order_and_runs_rules_without_needs_everywhere():
    rules = RuleFilter([("a", prefilter("片区")), ("b", prefilter(r"\d+")), ("c", prefilter("自贸.*片区"))])
    assert rules.candidates("上海自贸试验区临港新片区") == ["a", "b", "c"]
    assert rules.candidates("临港片区") == ["a", "b"]
    assert rules.candidates("无关") == ["b"]
    assert RuleFilter([("x", Prefilter(()))]).candidates("任何") == ["x"]


def _corpus_sentences() -> list[str]:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not here")
    return [s.text for f in sorted(CORPUS.iterdir()) for s in split(normalize(load(f).text).text)]


def test_no_entity_rule_match_in_the_corpus_is_filtered_out():
    sentences = _corpus_sentences()
    matched = 0
    for p in load_patterns():
        for text in sentences:
            if p.regex.search(text):
                matched += 1
                assert RuleFilter([(p.id, p.needs)]).candidates(text) == [p.id], (p.id, text)
    assert matched > 1000


def test_no_relation_rule_match_in_the_corpus_is_filtered_out():
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not here")
    rules = [r for r in load_rules() if r.regex is not None]
    matched = 0
    for f in sorted(CORPUS.iterdir()):
        got = extract(load(f))
        by_sentence: dict[int, list] = {}
        for m in got.facts.mentions:
            if m.primary:
                by_sentence.setdefault(m.sentence, []).append(m)
        for s in got.sentences:
            masked = mask(s.text, sorted(by_sentence.get(s.index, []), key=lambda m: m.start), s.start)
            for r in rules:
                if r.regex.search(masked):
                    matched += 1
                    assert RuleFilter([(r.id, r.needs)]).candidates(masked) == [r.id], (r.id, masked)
    assert matched > 150
