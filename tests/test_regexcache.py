"""The compiled-regex cache: a program read back matches exactly as ``re.compile`` would."""
from __future__ import annotations

import marshal
import re

import pytest

from kg.load import discover, load
from kg.patterns import expand
from kg.recognize import PATTERN_KEYS, load_patterns
from kg.regexcache import RegexCache, cache_dir
from kg.relations import load_rules
from kg.resources import sample_dir
from kg.rules import read_jsonl, rule_file


def _rule_patterns() -> list[str]:
    """The real rules, written out: gazetteer tries, named groups, look-arounds."""
    path = rule_file("entities.jsonl")
    return [expand(r["pattern"], r["id"]) for r in read_jsonl(path, allowed=PATTERN_KEYS)]


def _matches(rx: re.Pattern, texts: list[str]) -> list[tuple]:
    return [(m.span(), m.groupdict()) for t in texts for m in rx.finditer(t)]


def test_programs_read_back_match_like_re_compile(tmp_path):
    patterns = _rule_patterns()
    texts = [load(p).text for p in discover([sample_dir()])]
    with RegexCache("t", tmp_path) as first:
        for p in patterns:
            first.compile(p)
    assert first.hits == 0 and first.path.exists()

    again = RegexCache("t", tmp_path)
    found = 0
    for p in patterns:
        cached, fresh = again.compile(p), re.compile(p)
        assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == \
               (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        assert _matches(cached, texts) == _matches(fresh, texts)
        found += len(_matches(fresh, texts))
    assert again.hits == len(set(patterns))
    assert found > 50  # the comparison saw real matches, not only empty lists


def test_inline_flags_survive_the_cache(tmp_path):
    with RegexCache("t", tmp_path) as c:
        c.compile(r"(?i)rcep")
    rx = RegexCache("t", tmp_path).compile(r"(?i)rcep")
    assert rx.flags & re.IGNORECASE and rx.search("加入RCEP协定")


@pytest.mark.parametrize("damage", [b"not a marshal file", marshal.dumps([1, 2]),
                                    marshal.dumps({"(a)(b)": (0, [1, 2, 3], 1, {}, (None,))})])
def test_a_damaged_cache_falls_back_and_is_rewritten(tmp_path, damage):
    with RegexCache("t", tmp_path) as c:
        path = c.path
    path.write_bytes(damage)
    with RegexCache("t", tmp_path) as c:
        rx = c.compile("(a)(b)")
    assert c.hits == 0 and rx.match("ab").groups() == ("a", "b")
    assert RegexCache("t", tmp_path).compile("(a)(b)").match("ab")
    assert marshal.loads(path.read_bytes())["(a)(b)"][1] != [1, 2, 3]


def test_only_this_sessions_patterns_are_kept(tmp_path):
    with RegexCache("t", tmp_path) as c:
        c.compile("old")
        c.compile("kept")
    with RegexCache("t", tmp_path) as c:
        c.compile("kept")
    assert set(marshal.loads(c.path.read_bytes())) == {"kept"}


def test_a_bad_pattern_still_raises(tmp_path):
    with pytest.raises(re.error):
        RegexCache("t", tmp_path).compile("(unclosed")


def test_an_unwritable_folder_costs_speed_not_the_build(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with RegexCache("t", blocker / "cache") as c:  # the folder cannot be made under a file
        assert c.compile("a+").match("aa")


def test_the_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv("KG_CACHE_DIR", "")
    assert cache_dir() is None and RegexCache("t").path is None
    monkeypatch.delenv("KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "kg"


def test_the_rules_loaders_fill_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    load_patterns.cache_clear()
    load_rules.cache_clear()
    try:
        load_patterns()
        load_rules()
    finally:
        load_patterns.cache_clear()
        load_rules.cache_clear()
    names = sorted(p.name.split("-")[1] for p in tmp_path.glob("regex-*.marshal"))
    assert names == ["entities", "relations"]
