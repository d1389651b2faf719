"""Compile the regex rules of ``extract/`` into matchers.

Patterns may use ``%NAME%`` macros from ``extract/macros.jsonl`` and
``%GAZ:Class,Class/level,Class/!level%`` macros, which expand into a trie-shaped regex
of every surface form of those gazetteer entries (of that level, or of any other level),
so a pattern anchors on real place or agency names and the regex engine backtracks over
them properly.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .gazetteer import dash_variants, load_gazetteer, width_fold
from .prefilter import Prefilter, prefilter
from .regexcache import RegexCache
from .rules import RuleError, read_jsonl, rule_file

_MACRO = re.compile(r"%([A-Z_]+|GAZ:[A-Za-z,/!-]+)%")


def trie_regex(words: set[str]) -> str:
    """One regex matching any of the words, longest first, shaped as a trie."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + (build(trie) or "(?!)") + ")"


@lru_cache(maxsize=None)
def _surfaces(cls: str) -> dict[str | None, frozenset[str]]:
    """Every surface form of the class's gazetteer entries, by entry level."""
    words: dict[str | None, set[str]] = {}
    for e in load_gazetteer().entries:
        if e.type == cls:
            for s in (e.name, *e.aliases, *e.weak_aliases):
                if len(s) >= 2:  # one-character abbreviations (豫, 港) match inside anything
                    words.setdefault(e.level, set()).update(dash_variants(width_fold(s)))
    return {level: frozenset(w) for level, w in words.items()}


@lru_cache(maxsize=None)
def _gazetteer_macro(spec: str) -> str:
    words: set[str] = set()
    for part in spec.split(","):
        cls, _, level = part.partition("/")
        wanted, left_out = level.lstrip("!") or None, level.startswith("!")
        for lv, forms in _surfaces(cls).items():
            if wanted is None or (lv == wanted) != left_out:
                words |= forms
    return trie_regex(words)


@lru_cache(maxsize=1)
def _macros() -> dict[str, str]:
    recs = read_jsonl(rule_file("macros.jsonl"), allowed=("id", "pattern"), required=("id", "pattern"))
    return {r["id"]: r["pattern"] for r in recs}


def expand(pattern: str, where: str, gazetteer: Callable[[str], str] = _gazetteer_macro) -> str:
    """The pattern with its macros written out; ``gazetteer`` writes the %GAZ:…% ones."""
    macros = _macros()

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name.startswith("GAZ:"):
            return gazetteer(name[4:])
        if name not in macros:
            raise RuleError(f"{where}: unknown macro %{name}%")
        return expand(macros[name], where, gazetteer)

    return _MACRO.sub(sub, pattern)


def compile_pattern(pattern: str, where: str, cache: RegexCache) -> re.Pattern:
    try:
        return cache.compile(expand(pattern, where))
    except re.error as exc:
        raise RuleError(f"{where}: bad regular expression ({exc})") from exc


def any_text(_spec: str) -> str:
    """What a %GAZ:…% macro stands for in a prefilter: its thousands of words are too many
    to test, and parsing them costs more than the rest of the pattern."""
    return "(?:.+)"


def pattern_prefilter(pattern: str, where: str) -> Prefilter:
    """The words a match of the pattern must hold."""
    return prefilter(expand(pattern, where, gazetteer=any_text))
