"""Dates and periods as the texts write them, made ISO.

A month-day date takes its year from the document's own date (found in its text),
and relative words (今年, 去年同期) resolve against it.
"""
from __future__ import annotations

import re
from collections import Counter

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])日)?)?")
_RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1}
_PRESENT_YEAR = re.compile(r"(?<![到至—\-–~～\d])(?<!要在)(?<!即在)(?<!将在)(?<!争在)(?<!计划在)"
                           r"((?:19|20)\d{2})\s*年(?!底前|前后)")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})年")


def cn_number(text: str) -> int | None:
    """一 .. 九十九 and plain digits."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS for c in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def iso_date(text: str, default_year: int | None = None) -> str | None:
    """'2015年3月7日' -> '2015-03-07'; '4月11日' -> '<year>-04-11'; '2016年' -> '2016'."""
    text = text.strip()
    if default_year and text[:2] in _RELATIVE_YEARS:  # 今年8月 / 去年3月, against the document's year
        text = f"{default_year + _RELATIVE_YEARS[text[:2]]}年{text[2:]}"
    m = DATE.fullmatch(text)
    if not m or not (m.group("y") or m.group("m")):
        return None
    year = m.group("y") or (str(default_year) if default_year else None)
    if year is None:
        return None
    out = year
    if m.group("m"):
        out += f"-{int(m.group('m')):02d}"
        if m.group("d"):
            out += f"-{int(m.group('d')):02d}"
    return out


def document_year(text: str) -> int | None:
    """The year a document speaks from: the latest year it names at least twice as the present.

    Target years ("到2026年", "2024—2026年") are not the present and do not count.
    """
    counts = Counter(int(y) for y in _PRESENT_YEAR.findall(text))
    recurring = [y for y, n in counts.items() if n >= 2]
    return max(recurring or counts) if counts else None
