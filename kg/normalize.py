"""Clean PDF-extracted text while keeping a map back to the original characters.

Every output character knows the index of the original character it came from, so
evidence offsets always point into the file as it was read. All edits are deletions
or one-for-one substitutions, which keeps that map a plain array.

Steps: drop page furniture, re-join soft-wrapped lines (never a headline onto its
body), collapse the spaces PDF extraction puts inside numbers and words, and fold
full-width letters and digits. The cues are data in ``extract/normalize.jsonl``.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .rules import read_jsonl, rule_file

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
# Spaces inside text: kept (as one space) only between two ASCII letters/digits.
_SPACES = re.compile(r"[ \u00a0\u2002-\u200b\u3000]+|[¹²³⁰⁴-⁹]+")
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
for _keep in "，：；！？（）":  # Chinese punctuation stays full-width
    _WIDTH.pop(ord(_keep), None)
_WIDTH.update({ord("("): "（", ord(")"): "）", 0x3000: " "})


@dataclass(frozen=True)
class Normalized:
    text: str
    offsets: array  # offsets[i]: index in the original text of text[i]; one extra at the end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised text[start:end]."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class _Cues:
    furniture: tuple[re.Pattern, ...]
    repeated: tuple[int, int]  # (max_len, min_count)
    break_before: tuple[re.Pattern, ...]
    break_after: tuple[re.Pattern, ...]
    join_after: tuple[re.Pattern, ...]
    short_ratio: float


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    recs = read_jsonl(rule_file("normalize.jsonl"),
                      allowed=("id", "kind", "pattern", "max_len", "min_count", "ratio"),
                      required=("id", "kind"))

    def pats(kind: str) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(r["pattern"]) for r in recs if r["kind"] == kind)

    rep = next((r for r in recs if r["kind"] == "repeated"), {"max_len": 0, "min_count": 10**9})
    short = next((r["ratio"] for r in recs if r["kind"] == "short_line"), 0.0)
    return _Cues(pats("furniture"), (rep["max_len"], rep["min_count"]), pats("break_before"),
                 pats("break_after"), pats("join_after"), short)


def _any(patterns: tuple[re.Pattern, ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, content_end, line_end) of every line."""
    out = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and not m.group(0):
            break
        out.append((m.start(1), m.end(1), m.end(2)))
    return out


def _typical_width(lengths: list[int]) -> int:
    if not lengths:
        return 0
    lengths = sorted(lengths)
    return lengths[int(0.8 * (len(lengths) - 1))]


def _join_lines(text: str) -> tuple[str, array]:
    """Stage 1: drop furniture lines and decide, at each line end, break or join."""
    cues = _cues()
    lines = _lines(text)
    stripped = [text[a:b].strip() for a, b, _ in lines]
    max_len, min_count = cues.repeated
    counts = Counter(s for s in stripped if s and len(s) <= max_len and "\t" not in s)
    furniture = {s for s, n in counts.items() if n >= min_count and not _any(cues.break_before, s)}
    empties = sum(1 for (a, b, _), s in zip(lines, stripped) if a == b)
    nonblank = sum(1 for s in stripped if s)
    empty_is_break = empties < 0.6 * max(nonblank, 1)  # double-spaced PDF text: empties mean nothing
    width = _typical_width([len(s) for s in stripped if s and "\t" not in s])

    # content lines: (start, end, kind) with kind "text" | "table" | "break"
    content: list[tuple[int, int, str]] = []
    for (a, b, _), s in zip(lines, stripped):
        if not s:
            if a != b or empty_is_break:
                content.append((a, a, "break"))
            continue
        if s in furniture or _any(cues.furniture, s):
            continue
        content.append((a, b, "table" if "\t" in text[a:b] else "text"))

    pieces: list[tuple[int, int, str | None]] = []  # (orig_start, orig_end, replacement)
    prev: tuple[int, int, str] | None = None
    for cur in content:
        if cur[2] == "break":
            if prev is not None and prev[2] != "break":
                pieces.append((prev[1], prev[1], "\n"))
            prev = cur
            continue
        if prev is not None and prev[2] != "break":
            raw_prev = text[prev[0]:prev[1]]
            raw_cur = text[cur[0]:cur[1]]
            sp, sc = raw_prev.strip(), raw_cur.strip()
            if (prev[2] == "table" or cur[2] == "table" or _any(cues.break_before, sc)
                    or raw_prev.endswith((" ", "\u3000")) or _any(cues.break_after, sp)):
                join = False
            elif _any(cues.join_after, sp):
                join = True
            else:
                join = len(sp) >= cues.short_ratio * width
            if not join:
                pieces.append((prev[1], prev[1], "\n"))
            elif _ASCII_ALNUM.match(sp[-1:]) and _ASCII_ALNUM.match(sc[:1]) and not sp[-1:].isdigit():
                pieces.append((prev[1], prev[1], " "))
        pieces.append((cur[0], cur[1], None))
        prev = cur

    out: list[str] = []
    offsets = array("l")
    for a, b, rep in pieces:
        if rep is None:
            out.append(text[a:b])
            offsets.extend(range(a, b))
        else:
            out.append(rep)
            offsets.extend([min(a, len(text) - 1 if text else 0)] * len(rep))
    return "".join(out), offsets


def _collapse_spaces(text: str, offsets: array) -> tuple[str, array]:
    """Stage 2: delete spaces except one between two ASCII letters or digits; drop superscripts."""
    out: list[str] = []
    new = array("l")
    pos = 0
    for m in _SPACES.finditer(text):
        a, b = m.span()
        out.append(text[pos:a])
        new.extend(offsets[pos:a])
        before, after = text[a - 1:a], text[b:b + 1]
        if m.group(0)[0] not in "¹²³⁰⁴⁵⁶⁷⁸⁹" and _ASCII_ALNUM.match(before) and _ASCII_ALNUM.match(after):
            out.append(" ")
            new.append(offsets[a])
        pos = b
    out.append(text[pos:])
    new.extend(offsets[pos:])
    return "".join(out), new


def normalize(text: str) -> Normalized:
    joined, offsets = _join_lines(text)
    collapsed, offsets = _collapse_spaces(joined, offsets)
    offsets.append(len(text))
    return Normalized(collapsed.translate(_WIDTH), offsets)
