"""Literal prefilters for regex rules: skip a sentence that cannot match.

Most rules name a fixed word somewhere (中心, 自贸试验区, 片区); a sentence that
holds none of a rule's required words cannot match it, and finding every rule's
words in one Aho-Corasick pass costs far less than running each long regex
(gazetteer tries run to 17 K characters) at every position. The required words are
read from the parsed regex itself, so a rule author writes only the regex and the
prefilter can never disagree with it: it is a necessary condition, never a
sufficient one.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick
from re import _constants as C  # noqa: N812  (the parsed-regex opcodes: stable since 3.11)
from re import _parser

_MAX_ALTERNATIVES = 48  # an any-of set larger than this costs more to test than it saves
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)

AnyOf = frozenset[str]  # at least one of these strings occurs in every match
R = TypeVar("R")


@dataclass(frozen=True)
class Prefilter:
    """All of ``needs`` hold for any text the regex can match in (each: one of its strings occurs)."""

    needs: tuple[AnyOf, ...]

    def __call__(self, found: frozenset[str]) -> bool:
        """Whether a text holding exactly the needed words ``found`` may match."""
        return all(not any_of.isdisjoint(found) for any_of in self.needs)


class RuleFilter(Generic[R]):
    """Rules with their prefilters: `candidates` gives, in rule order, the rules a text may match.

    One Aho-Corasick pass finds every needed word, overlaps included; each rule is
    indexed under the words of its most selective need, so a sentence with none of
    them never even looks at the rule.
    """

    def __init__(self, rules: Iterable[tuple[R, Prefilter]]):
        self._rules = list(rules)
        self._always: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        self._automaton = ahocorasick.Automaton()
        for i, (_rule, f) in enumerate(self._rules):
            if not f.needs:
                self._always.append(i)
                continue
            for word in _best(list(f.needs)):
                self._by_word.setdefault(word, []).append(i)
            for word in frozenset().union(*f.needs):
                self._automaton.add_word(word, word)
        if len(self._automaton):
            self._automaton.make_automaton()

    def candidates(self, text: str) -> list[R]:
        if not self._by_word:
            return [self._rules[i][0] for i in self._always]
        found = frozenset(word for _end, word in self._automaton.iter(text))
        hits = set(self._always)
        for word in found:
            hits.update(self._by_word.get(word, ()))
        return [self._rules[i][0] for i in sorted(hits) if self._rules[i][1](found)]


def prefilter(pattern: str) -> Prefilter:
    """The prefilter of a regex given as text (parsed, not compiled)."""
    parsed = _parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return Prefilter(())
    return Prefilter(tuple(_required(parsed)))


def _required(seq) -> list[AnyOf]:
    """The any-of sets every match of the parsed sequence must satisfy (all of them)."""
    out: list[AnyOf] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            out.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        if op is C.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                out += _required(sub)
        elif op is C.ATOMIC_GROUP:
            out += _required(av)
        elif op in _REPEATS and av[0] >= 1:
            out += _required(av[2])
        elif op is C.BRANCH:
            alternatives = [_best(_required(alt)) for alt in av[1]]
            if all(alternatives):
                union = _minimal(frozenset().union(*alternatives))
                if len(union) <= _MAX_ALTERNATIVES:
                    out.append(union)
        elif op is C.IN and all(kind is C.LITERAL for kind, _ in av) and len(av) <= _MAX_ALTERNATIVES:
            out.append(frozenset(chr(ch) for _, ch in av))
    close_run()
    return out


def _best(needs: list[AnyOf]) -> AnyOf | None:
    """The most selective set: longest shortest word, then fewest words."""
    return max(needs, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _minimal(words: AnyOf) -> AnyOf:
    """Drop words that contain another word of the set: where 交流中心 occurs, 中心 does too."""
    return frozenset(w for w in words if not any(o != w and o in w for o in words))
