"""Precision, recall and F1 of the graph against gold annotations (GOLD.md format).

The matching rules are those of the project's reference scorer (kgscore.py): labels
compared after NFKC and folding of spaces, quotes, dashes and brackets; an entity
matches on class and any shared label; a relation on predicate and both ends (dates
by prefix); a statistic on (document, value, unit). Beyond the totals it lists the
missed and the spurious items, with evidence, so a rule can be debugged.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import vocab as V

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－~～"), "-")
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>·・]")
_DATE = re.compile(r"^\d{4}(-\d{1,2}){0,2}$")
LABEL_PROPS = {"label", "prefLabel", "altLabel", "hiddenLabel", "name"}


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).translate(_DASHES)
    text = text.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    return _DROP.sub("", text).lower()


def local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def doc_key(name: str) -> str:
    name = Path(str(name)).name
    return name[:-4] if name.endswith(".txt") else name


def _num(x) -> float | None:
    try:
        return float(str(x).replace(",", ""))
    except (TypeError, ValueError):
        return None


def literal_match(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return a == b or bool(_DATE.match(a) and _DATE.match(b) and (a.startswith(b) or b.startswith(a)))


@dataclass
class Gold:
    entities: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    statistics: dict[str, list[tuple[float, str, str]]] = field(default_factory=lambda: defaultdict(list))


def load_gold(folder: Path) -> Gold:
    """Read ``*.entities.jsonl`` and ``*.relations.jsonl``; part files merge by their doc field."""
    gold = Gold()
    files = sorted(Path(folder).glob("*.entities.jsonl"))
    if not files:
        raise FileNotFoundError(f"{folder}: no *.entities.jsonl gold files")
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                d, names = doc_key(e["doc"]), {norm(e["name"])} | {norm(a) for a in e.get("aliases", []) if a}
                cls = e["type"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{f}:{n}: not a gold entity ({exc})") from exc
            for prev in gold.entities[d]:
                if prev["type"] == cls and prev["names"] & names:
                    prev["names"] |= names
                    break
            else:
                gold.entities[d].append({"type": cls, "names": names, "name": e["name"],
                                         "evidence": e.get("evidence", "")})
    for f in sorted(Path(folder).glob("*.relations.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                d = doc_key(r["doc"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{f}:{n}: not a gold relation ({exc})") from exc
            if r["predicate"] == "hasStatistic":
                o = r["object"] if isinstance(r["object"], dict) else {}
                v = _num(o.get("value"))
                if v is not None and all(x[:2] != (v, norm(o.get("unit", ""))) for x in gold.statistics[d]):
                    gold.statistics[d].append((v, norm(o.get("unit", "")), r.get("evidence", "")))
                continue
            key = (r["predicate"], str(r["subject"]), str(r["object"]), r.get("evidence", ""))
            if all(k[:3] != key[:3] for k in gold.relations[d]):
                gold.relations[d].append(key)
    return gold


@dataclass
class Prediction:
    entities: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    statistics: dict[str, list[tuple[float, str, str]]] = field(default_factory=lambda: defaultdict(list))


def prediction_from_store(store) -> Prediction:
    """Read what the scorer reads, straight from the store's quads."""
    quads = list(store.quads())
    labels: dict[str, set[str]] = defaultdict(set)
    ident: dict[str, str] = {}
    sentence: dict[str, str] = {}
    for q in quads:
        p = local(q.predicate.value)
        if p in LABEL_PROPS and hasattr(q.object, "language"):
            labels[q.subject.value].add(norm(q.object.value))
        elif p == "identifier" and hasattr(q.object, "language"):
            ident[q.subject.value] = q.object.value
        elif p == "sentence":
            sentence[q.subject.value] = q.object.value
    by_graph: dict[str, list] = defaultdict(list)
    for q in quads:
        if hasattr(q.graph_name, "value") and q.graph_name.value:
            by_graph[q.graph_name.value].append(q)
    pred = Prediction()
    classes, preds = set(V.ENTITY_CLASSES), set(V.PREDICATES)
    for g, gq in by_graph.items():
        d = doc_key(ident.get(g) or local(g))
        props: dict[str, dict[str, object]] = defaultdict(dict)
        stat_nodes = []
        evidence_of: dict[tuple, str] = {}
        for q in gq:
            s, p = q.subject.value, local(q.predicate.value)
            props[s].setdefault(p, q.object)
            if p == "type":
                cl = local(q.object.value)
                if cl in classes:
                    pred.entities[d].append({"type": cl, "names": labels.get(s) or {norm(local(s))}, "node": s})
                elif cl in ("Statistic", "Observation"):
                    stat_nodes.append(s)
        for s, pr in props.items():
            if "subject" in pr and "predicate" in pr and "object" in pr:
                evidence_of[(pr["subject"].value, pr["predicate"].value, pr["object"].value)] = sentence.get(s, "")
        for q in gq:
            p = local(q.predicate.value)
            if p in preds:
                s = q.subject.value
                ev = evidence_of.get((s, q.predicate.value, q.object.value), "")
                if hasattr(q.object, "language"):
                    pred.relations[d].append((p, labels.get(s) or {norm(local(s))}, None, q.object.value, s, ev))
                else:
                    o = q.object.value
                    pred.relations[d].append((p, labels.get(s) or {norm(local(s))}, labels.get(o) or {norm(local(o))}, None, s, ev))
        for s in stat_nodes:
            v = _num(props[s].get("value").value if "value" in props[s] else None)
            if v is not None:
                unit = props[s].get("unit")
                pred.statistics[d].append((v, norm(unit.value if unit is not None else ""), sentence.get(s, "")))
    return pred


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: Gold, pred: Prediction) -> dict:
    docs = sorted(set(gold.entities) | set(gold.relations) | set(gold.statistics))
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_pred: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    st = [0, 0, 0, 0]
    missed: dict[str, list[str]] = defaultdict(list)
    spurious: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        ge, pe = gold.entities.get(d, []), pred.entities.get(d, [])

        def gold_names(name: str) -> set[str]:
            n = norm(name)
            return next((e["names"] for e in ge if n in e["names"]), {n})

        for cl in V.ENTITY_CLASSES:
            gl = [e for e in ge if e["type"] == cl]
            pl = [x for x in pe if x["type"] == cl]
            hit_g = [e for e in gl if any(e["names"] & x["names"] for x in pl)]
            hit_p = [x for x in pl if any(e["names"] & x["names"] for e in gl)]
            c = by_class[cl]
            c[0] += len(hit_p); c[1] += len(pl); c[2] += len(hit_g); c[3] += len(gl)
            missed[cl] += [f"{d}: {e['name']}  «{e['evidence']}»" for e in gl if e not in hit_g]
            spurious[cl] += [f"{d}: {sorted(x['names'])[0]}" for x in pl if x not in hit_p]
        gr = [(p, gold_names(s), o, ev) for p, s, o, ev in gold.relations.get(d, [])]
        pr = pred.relations.get(d, [])

        def match(g, y) -> bool:
            gp, gs, go, _ = g
            pp, ps, po_names, po_lit = y[:4]
            if gp != pp or not gs & ps:
                return False
            if po_lit is not None:
                return literal_match(go, po_lit)
            return bool(gold_names(go) & po_names)

        for p in V.PREDICATES:
            gl = [x for x in gr if x[0] == p]
            pl = [y for y in pr if y[0] == p]
            hit_g = [x for x in gl if any(match(x, y) for y in pl)]
            hit_p = [y for y in pl if any(match(x, y) for x in gl)]
            c = by_pred[p]
            c[0] += len(hit_p); c[1] += len(pl); c[2] += len(hit_g); c[3] += len(gl)
            missed[p] += [f"{d}: {p}({sorted(x[1])[0]}, {x[2]})  «{x[3][:100]}»" for x in gl if x not in hit_g]
            spurious[p] += [f"{d}: {p}({sorted(y[1])[0]}, {y[3] if y[3] is not None else sorted(y[2])[0]})  «{y[5][:100]}»"
                            for y in pl if y not in hit_p]
        gs, ps = gold.statistics.get(d, []), pred.statistics.get(d, [])
        same = lambda a, b: a[1] == b[1] and abs(a[0] - b[0]) <= 1e-9 * max(1.0, abs(a[0]))  # noqa: E731
        st[0] += sum(1 for y in ps if any(same(x, y) for x in gs))
        st[1] += len(ps)
        st[2] += sum(1 for x in gs if any(same(x, y) for y in ps))
        st[3] += len(gs)
        missed["Statistic"] += [f"{d}: {x[0]:g} {x[1]}  «{x[2][:100]}»" for x in gs if not any(same(x, y) for y in ps)]
        spurious["Statistic"] += [f"{d}: {y[0]:g} {y[1]}  «{y[2][:100]}»" for y in ps if not any(same(x, y) for x in gs)]

    def total(table):
        t = [sum(v[i] for v in table.values()) for i in range(4)]
        return _prf(*t), t

    return {
        "documents": docs,
        "entities": {"micro": total(by_class)[0], "counts": total(by_class)[1],
                     "by_class": {k: {"prf": _prf(*v), "counts": v} for k, v in by_class.items() if v[1] or v[3]}},
        "relations": {"micro": total(by_pred)[0], "counts": total(by_pred)[1],
                      "by_predicate": {k: {"prf": _prf(*v), "counts": v} for k, v in by_pred.items() if v[1] or v[3]}},
        "statistics": {"micro": _prf(*st), "counts": st},
        "missed": dict(missed), "spurious": dict(spurious),
    }


def format_report(rep: dict, *, show: int = 0) -> str:
    f = lambda t: "P %.3f  R %.3f  F1 %.3f" % tuple(t)  # noqa: E731
    lines = [f"documents scored: {len(rep['documents'])}",
             f"entities (typed)      {f(rep['entities']['micro'])}"]
    for k, v in sorted(rep["entities"]["by_class"].items()):
        lines.append(f"  {k:32s} {f(v['prf'])}  gold {v['counts'][3]:4d}  pred {v['counts'][1]:4d}")
    lines.append(f"relations             {f(rep['relations']['micro'])}")
    for k, v in sorted(rep["relations"]["by_predicate"].items()):
        lines.append(f"  {k:32s} {f(v['prf'])}  gold {v['counts'][3]:4d}  pred {v['counts'][1]:4d}")
    lines.append(f"statistics            {f(rep['statistics']['micro'])}")
    if show:
        for title, table in (("missed", rep["missed"]), ("spurious", rep["spurious"])):
            for k, items in sorted(table.items()):
                if items:
                    lines.append(f"\n{title} {k} ({len(items)}):")
                    lines += [f"  {x}" for x in items[:show]]
    lines.append("entity F1 %.3f, relation F1 %.3f, statistic F1 %.3f" % (
        rep["entities"]["micro"][2], rep["relations"]["micro"][2], rep["statistics"]["micro"][2]))
    return "\n".join(lines)
