"""Statistics: value, unit, period, growth and subject, from sentences and tables.

A percentage right after a growth word (增长 5.7%) is the growth of the figure
before it, not a figure of its own; "分别增长 a%和b%" hands growths to the figures
in order. Qualifiers (超/近/约/余/多) are dropped from the value. Table cells take
their unit from the units line or the column header. The cues are data in
``extract/statistics.jsonl``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import cn_number
from .facts import EntityRef, Evidence, Mention, Statistic
from .rules import read_jsonl, rule_file
from .sentences import Sentence
from .tables import Table

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_YEAR_LIKE = re.compile(r"^(?:19|20)\d{2}(?:年)?$")
_NUMERIC_CELL = re.compile(r"^[-+−]?\d+(?:,\d{3})*(?:\.\d+)?$")
_SUBJECT_CLASSES = ("Country", "Region", "Province", "City", "CrossBorderEcommercePilotZone",
                    "FreeTradeZone", "BondedZone", "PilotZone", "Company", "Organization")
_CHINA = EntityRef("Country", "中国")
_LIST_SEP = re.compile(r"\s*(?:和|与|及|、|，|,)\s*")


@dataclass(frozen=True)
class _Cues:
    value: re.Pattern
    growth: re.Pattern
    periods: tuple[tuple[str, re.Pattern, str, bool], ...]
    col_growth: tuple[str, ...]
    col_percent: tuple[str, ...]
    col_rank: tuple[str, ...]
    fractions: tuple[tuple[str, re.Pattern, int], ...]  # (rule id, pattern, scale): 四成, 三分之一


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    recs = read_jsonl(rule_file("statistics.jsonl"),
                      allowed=("id", "kind", "values", "not_before", "pattern", "iso", "relative", "scale"),
                      required=("id", "kind"))
    units = []
    for r in recs:
        if r["kind"] == "unit":
            guard = f"(?!{r['not_before']})" if r.get("not_before") else ""
            units += [(u, guard) for u in r["values"]]
    units.sort(key=lambda u: -len(u[0]))
    unit_alt = "|".join(re.escape(u) + g for u, g in units)
    vals = lambda kind: [v for r in recs if r["kind"] == kind for v in r["values"]]  # noqa: E731
    quals = sorted(vals("qualifier"), key=len, reverse=True)
    qual = "|".join(map(re.escape, quals))
    value = re.compile(
        rf"(?<![\d.,A-Za-z])(?P<num>{_NUM})\s*(?:{qual})?\s*(?P<unit>{unit_alt})(?![A-Za-z])")
    up = sorted(vals("growth_up"), key=len, reverse=True)
    down = sorted(vals("growth_down"), key=len, reverse=True)
    growth = re.compile(
        rf"(?P<each>分别)?(?:(?P<up>{'|'.join(up)})|(?P<down>{'|'.join(down)}))了?(?:{qual})?\s*$")
    periods = tuple((r["id"], re.compile(r["pattern"]), r["iso"], bool(r.get("relative")))
                    for r in recs if r["kind"] == "period")
    fractions = tuple((r["id"], re.compile(r["pattern"]), int(r["scale"])) for r in recs if r["kind"] == "fraction")
    return _Cues(value, growth, periods, tuple(vals("column_growth")),
                 tuple(vals("column_percent")), tuple(vals("column_rank")), fractions)


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def _period_at(text: str, year: int | None, pos: int = 0, endpos: int | None = None) -> str | None:
    """The last period expression in text (or in text[pos:endpos]; look-behinds see before pos), as ISO."""
    best: tuple[int, str] | None = None
    endpos = len(text) if endpos is None else endpos
    for _id, rx, iso, relative in _cues().periods:
        for m in rx.finditer(text, pos, endpos):
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            y = g.get("y") or (str(year) if year else None)
            if y is None:
                continue
            fields = {"y": y, "y2": g.get("y2", "")}
            if "m2" in g:
                fields["m2"] = cn_number(g["m2"]) or 0
            if "h" in g:
                fields["h"] = "1" if g["h"] == "上" else "2"
            if "q" in g:
                q = cn_number(g["q"]) or 0
                fields["q"], fields["q3"] = q, q * 3
            try:
                value = iso.format(**fields)
            except (KeyError, ValueError):
                continue
            if best is None or m.end() > best[0]:
                best = (m.end(), value)
    return best[1] if best else None


def periods_before(text: str, sentences: list[Sentence], year: int | None) -> list[str | None]:
    """For each sentence, the last period expression earlier in its paragraph (ISO), or None.

    A period expression never spans a sentence end, so each stretch of a paragraph is
    scanned once, not again for every later sentence (that was quadratic in paragraph length).
    """
    out: list[str | None] = []
    paragraph, last, scanned = -1, None, 0
    for s in sentences:
        if s.paragraph != paragraph:
            paragraph, last, scanned = s.paragraph, None, s.start
        if scanned < s.start:
            last = _period_at(text, year, scanned, s.start) or last
            scanned = s.start
        out.append(last)
    return out


def _subject(mentions: list[Mention], before: int, sentence_text: str) -> EntityRef | None:
    cands = [m for m in mentions if m.ref.cls in _SUBJECT_CLASSES and m.end <= before]
    if cands:
        return cands[-1].ref
    if any(w in sentence_text for w in ("我国", "全国", "中国")):
        return _CHINA
    return None


def sentence_statistics(s: Sentence, mentions: list[Mention], year: int | None,
                        context_period: str | None, rule_prefix: str = "stat.text") -> list[Statistic]:
    cues = _cues()
    text = s.text
    pending_each: list[Statistic] = []
    out: list[Statistic] = []
    last_growth_end = -1
    for m in cues.value.finditer(text):
        unit = m.group("unit")
        lead = text[max(0, m.start() - 8):m.start()]
        g = cues.growth.search(lead) if unit == "%" else None
        if unit == "%" and pending_each and _LIST_SEP.fullmatch(text[last_growth_end:m.start()]):
            pending_each.pop(0).growth_pct = _number(m.group("num")) * pending_sign
            last_growth_end = m.end()
            continue
        if g:
            last_growth_end = m.end()
            pending_sign = -1 if g.group("down") else 1
            growth = _number(m.group("num")) * (-1 if g.group("down") else 1)
            if g.group("each"):  # 分别: the figures of this clause take the growths in order
                clause = re.split(r"[；;。]", text[:m.start()])[-1]
                pending_each = [st for st in out if st.growth_pct is None and st.unit != "%"
                                and st.evidence.start - s.start >= m.start() - len(clause)]
                if pending_each:
                    pending_each.pop(0).growth_pct = growth
                continue
            target = next((st for st in reversed(out) if st.growth_pct is None), None)
            if target is not None and target.unit != "个百分点":
                target.growth_pct = growth
            continue
        pending_each = []
        a, b = m.span()
        period = _period_at(text[:a], year) or context_period
        indicator_src = re.split(r"[，,；;：:。]", text[:a])[-1]
        indicator = re.sub(rf"{_NUM}|超过|超|近|约|逾|达到|达|为|是|共|累计|合计", "", indicator_src).strip() or None
        st = Statistic(
            value=_number(m.group("num")), unit=unit,
            evidence=Evidence(s.index, s.start + a, s.start + b, f"{rule_prefix}.{_unit_kind(unit)}", 0.8),
            indicator=indicator[-40:] if indicator else None, period=period,
            about=_subject(mentions, s.start + a, text),
        )
        out.append(st)
    out += _fraction_statistics(s, mentions, year, context_period)
    return out


def _fraction_statistics(s: Sentence, mentions: list[Mention], year: int | None,
                         context_period: str | None) -> list[Statistic]:
    """四成 = 40 %, 三分之一 = 33.3 %: shares written in words."""
    out = []
    for rule_id, rx, scale in _cues().fractions:
        for m in rx.finditer(s.text):
            num = cn_number(m.group("num")) or 0
            den = cn_number(m.group("den")) if "den" in rx.groupindex else 1
            if not num or not den:
                continue
            a, b = m.span()
            out.append(Statistic(value=round(num * scale / den, 1), unit="%",
                                 evidence=Evidence(s.index, s.start + a, s.start + b, rule_id, 0.7),
                                 period=_period_at(s.text[:a], year) or context_period,
                                 about=_subject(mentions, s.start + a, s.text)))
    return out


def _unit_kind(unit: str) -> str:
    if unit in ("%", "个百分点", "倍", "‰"):
        return "ratio"
    if "元" in unit or "美元" in unit or "欧元" in unit:
        return "money"
    return "count"


def _column_labels(table: Table, width: int) -> list[str]:
    """Header text of each column, merged cells filled forward across empty cells."""
    labels = [""] * width
    for row in table.header_rows:
        last = ""
        for i in range(width):
            text = row[i].text if i < len(row) else ""
            if text:
                last = text
            elif i < 2:
                last = ""
            labels[i] = (labels[i] + " " + (text or last)).strip()
    return labels


def table_statistics(table: Table, mentions_by_sentence: dict[int, list[Mention]],
                     year: int | None) -> list[Statistic]:
    cues = _cues()
    money_units = [u for u in table.units if u not in ("%", "个百分点")]
    out: list[Statistic] = []
    width = max((len(r) for r in table.rows), default=0)
    labels = _column_labels(table, width)
    for row, sent in zip(table.rows, table.row_sentences):
        row_label = next((c.text for c in row if c.text and not _NUMERIC_CELL.match(c.text)), "")
        row_period = next((c.text.rstrip("年") for c in row if _YEAR_LIKE.match(c.text)), None)
        previous: Statistic | None = None
        for i, cell in enumerate(row):
            if not _NUMERIC_CELL.match(cell.text) or _YEAR_LIKE.match(cell.text) and i == 0:
                if cell.text:
                    previous = None if not _NUMERIC_CELL.match(cell.text) else previous
                continue
            label = labels[i] if i < len(labels) else ""
            where = f"{label} {row_label}"
            if i == 0 and not any(c in label for c in cues.col_rank):
                continue  # a row number or year, not a figure
            if any(c in label for c in cues.col_rank):
                unit = "位"
            elif any(c in label for c in cues.col_growth) and previous is not None and "率" not in row_label:
                previous.growth_pct = _number(cell.text)
                continue
            elif any(c in where for c in cues.col_percent + cues.col_growth) or not money_units and "%" in table.units:
                unit = "%"
            elif money_units:
                unit = money_units[0]
            else:
                m = re.search(r"（([^）]{1,6})）|(个|家|项)数?$", label)
                if not m:
                    continue
                unit = m.group(1) or m.group(2)
            period = _period_at(label, year) or row_period or (label.strip() if _YEAR_LIKE.match(label.strip()) else None)
            ments = mentions_by_sentence.get(sent, [])
            about = next((m.ref for m in ments if m.ref.cls in _SUBJECT_CLASSES), None)
            st = Statistic(value=_number(cell.text), unit=unit,
                           evidence=Evidence(sent, cell.start, cell.end, "stat.table.cell", 0.75),
                           indicator=(table.caption + " " + label + " " + row_label).strip()[:80] or None,
                           period=period, about=about)
            out.append(st)
            previous = st if unit != "%" else None
    return out
