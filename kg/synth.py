"""A synthetic graph shaped like a real build, at any size, for the store benchmarks.

The shape copies a build of the seed corpus (``kg build ../shared/corpus``, then counts per
class, predicate and class pair): per document graph, a header, entities with labels,
aliases, a ``kgo:mentions`` link and a first-mention evidence node; relations with
evidence nodes (about 0.75 per mention) between the classes a build links (a zone is
located in its city, a policy is issued by an agency, a person heads an agency ...), with
the qualifiers a build puts on evidence (zone batch, agreement status, trade-partner
rank); statistics with provenance (about one per mention), mostly about places; plus the
real reference graph (the gazetteers) and a meta graph.

Places, codes and agreements are the gazetteer's (a bigger corpus names the same
provinces, cities and countries more often, it does not invent new ones); zones,
companies, organisations, events, agencies, policies, clusters and people are the
gazetteer's and invented ones, each invented one at home in a real city, shared across
documents with a skewed popularity. The example parameters of ``queries/*.rq`` find
answers. The same seed gives the same bytes.

Command line: ``python -m kg.synth --triples 1000000 --out synth.nq``
"""
from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import vocab as V
from .gazetteer import Entry, load_gazetteer
from .rdf import (ALT, DC_ID, DC_TITLE, DEFINITION, DERIVED, GENERATED, NOTATION, PREF, R_OBJ, R_PRED, R_SUBJ,
                  RDF_TYPE, RDFS_LABEL, K, date_literal, decimal, integer, iri, literal, reference_ntriples, zh)
from .store import META_GRAPH, REFERENCE_GRAPH

ZONES = ("CrossBorderEcommercePilotZone", "PilotZone", "FreeTradeZone", "BondedZone")
PLACES = ("City", "Province", "Country", "Region")
# classes a bigger corpus adds new members to, each named after a real city; the others come from the gazetteer
INVENTED = {"CrossBorderEcommercePilotZone": "跨境电子商务综合试验区", "PilotZone": "试点区",
            "FreeTradeZone": "自由贸易试验区", "BondedZone": "综合保税区", "GovernmentAgency": "商务局",
            "PolicyDocument": "实施方案", "Company": "科技有限公司", "Organization": "电子商务协会",
            "Event": "跨境电商博览会", "IndustryCluster": "产业带", "Person": ""}
# the names most documents repeat come first: they are the most popular (see _Document.pick)
PROMINENT = ("中国", "国务院", "商务部", "海关总署", "东盟", "美国", "欧盟", "国家发展改革委", "广东省", "浙江省",
             "区域全面经济伙伴关系协定", "日本", "韩国", "河南省", "郑州市", "杭州市", "深圳市", "广州市", "上海市", "北京市",
             "天津市", "国家数据局", "数字经济伙伴关系协定", "1210", "9610")
CBEC_ZONES = 165
BATCH_DATES = ("2015-03-07", "2016-01-15", "2018-07-24", "2019-12-15", "2020-04-27", "2022-01-22", "2022-11-14")  # the State Council approved 165 in seven batches; a corpus does not find more
# predicate -> (weight, subject classes, object classes or "date"), as a seed build links them
RELATIONS: dict[str, tuple[int, tuple[str, ...], tuple[str, ...] | str]] = {
    "locatedIn": (396, ZONES + ("Company", "Organization", "Event", "City"), ("City", "Province")),
    "establishedIn": (187, ("CrossBorderEcommercePilotZone",) * 8 + ("Event", "PilotZone", "Company"), "date"),
    "approvedBy": (170, ("CrossBorderEcommercePilotZone",) * 8 + ("PolicyDocument", "BondedZone"),
                   ("GovernmentAgency",)),
    "issuedBy": (56, ("PolicyDocument",), ("GovernmentAgency",) * 9 + ("Organization",)),
    "partOf": (53, ("GovernmentAgency", "Organization", "FreeTradeZone", "Company"), ("home",)),
    "issuedIn": (43, ("PolicyDocument",), "date"),
    "cooperatesWith": (38, ("Country", "Country", "GovernmentAgency", "City", "Organization", "Company"),
                       ("Country", "Region", "GovernmentAgency", "City", "Company")),
    "partyTo": (24, ("Country", "Country", "Region", "Organization"), ("TradeAgreement",)),
    "hasCluster": (23, ("City", "City", "Province"), ("IndustryCluster",)),
    "hostedBy": (15, ("Event",), ("City", "Province", "GovernmentAgency", "Organization")),
    "headOf": (15, ("Person",), ("GovernmentAgency", "GovernmentAgency", "Organization", "Company")),
    "spokespersonOf": (4, ("Person",), ("GovernmentAgency",)),
    "appliesTo": (8, ("PolicyDocument",), ("Province", "City", "Region")),
    "tradePartnerOf": (7, ("Country", "Region"), ("Country",)),  # of 中国
    "usesCode": (5, ("City", "Province", "BondedZone", "CrossBorderEcommercePilotZone"), ("CustomsSupervisionCode",)),
    "administeredBy": (2, ("CustomsSupervisionCode",), ("GovernmentAgency",)),
    "cites": (2, ("PolicyDocument",), ("PolicyDocument", "TradeAgreement")),
}
ABOUT = ("Country",) * 11 + ("City",) * 3 + ("Province",) * 3 + ("Region",) * 2 + ("Organization", "Company")
UNITS = ("亿美元",) * 6 + ("%",) * 4 + ("个", "个", "亿元", "亿元", "家", "万亿元", "位", "万元", "项", "个百分点")
INDICATORS = ("进出口额", "出口额", "进口额", "跨境电商进出口额", "跨境电商出口", "跨境电商交易额", "企业数量", "海外仓数量",
              "占比", "出口", "进口", "数字贸易额", "可数字化交付服务进出口额")
CAPTIONS = ("表{n} 2016-2024年中国可数字化交付服务进出口规模与增速 ", "表{n} 2010-2024年全球货物、服务和数字交付服务出口额 ")
PERIODS = ("2024",) * 8 + ("2023",) * 4 + ("2024-01..04",) * 2 + ("2022", "2021", "2020", "2019", "2025", "2024H1")
CONFIDENCES = (0.6,) + (0.65,) * 1 + (0.7,) * 3 + (0.75,) * 5 + (0.8,) * 8 + (0.85,) * 2 + (0.9,) * 11 + (0.97,)
FILLER = ("推动跨境电子商务高质量发展，", "支持企业建设海外仓，", "优化通关监管服务，", "完善线上综合服务平台，",
          "培育外贸新业态新模式，", "扩大优质产品进口，", "加强国际合作与交流，", "提升贸易便利化水平，")
MENTIONS_PER_DOC = (10, 150)
RELATIONS_PER_MENTION, STATISTICS_PER_MENTION = 0.75, 0.95


@dataclass(frozen=True)
class _Entity:
    node: str
    cls: str
    name: str
    aliases: tuple[str, ...]
    extra: tuple[tuple[str, str], ...] = ()  # the gazetteer's notation, English label, definition
    home: str | None = None  # the pool key of where it is (a city) or what it belongs to (a parent)
    batch: int = 0  # a pilot zone's approval batch


def _key(cls: str, name: str) -> str:
    return f"{cls}/{name}"


def _gazetteer_entity(e: Entry, names: dict[str, Entry]) -> _Entity:
    extra = tuple((p, o) for p, o in ((NOTATION, e.notation and literal(e.notation)),
                                      (RDFS_LABEL, e.en and literal(e.en, lang="en")),
                                      (DEFINITION, e.definition and zh(e.definition))) if o)
    parent = names.get(e.parent) if e.parent else None
    return _Entity(iri(V.entity_iri(e.type, e.name)), e.type, e.name, e.aliases, extra,
                   _key(parent.type, parent.name) if parent else None)


class _Pool:
    """Every entity, and those of each class, in popularity order (see ``_Document.pick``)."""

    def __init__(self, entities: list[_Entity]):
        self.by_class: dict[str, list[_Entity]] = {"": entities}
        for e in entities:
            self.by_class.setdefault(e.cls, []).append(e)
        self.by_key = {_key(e.cls, e.name): e for e in entities}
        self.china = self.by_key[_key("Country", "中国")]
        self.state_council = self.by_key[_key("GovernmentAgency", "国务院")]


def _pool(rng: random.Random, size: int) -> _Pool:
    """The gazetteer's entities, then invented ones of the classes a corpus adds to, up to ``size``."""
    gaz = load_gazetteer().entries
    names = {}
    for e in gaz:
        names.setdefault(e.name, e)
    rank = {n: i for i, n in enumerate(PROMINENT)}
    out = sorted((_gazetteer_entity(e, names) for e in gaz), key=lambda e: rank.get(e.name, len(rank)))
    cities = [e for e in out if e.cls == "City" and e.home]
    agencies = [e for e in out if e.cls == "GovernmentAgency"]
    classes = list(INVENTED)
    zones, n = 0, 0
    while len(out) < size or n < 5 * len(classes):  # at least a few of each, however small the pool
        cls = classes[n % len(classes)]
        n += 1
        city = rng.choice(cities)
        short = city.aliases[0] if city.aliases else city.name.removesuffix("市")
        if cls == "CrossBorderEcommercePilotZone":
            if zones >= CBEC_ZONES:
                continue
            zones += 1
            name = f"中国（{short}{zones:03d}）跨境电子商务综合试验区"
            out.append(_Entity(iri(V.entity_iri(cls, name)), cls, name, (f"{short}{zones:03d}综试区",),
                               home=_key("City", city.name), batch=1 + zones * 7 // (CBEC_ZONES + 1)))
            continue
        name = f"{short}{n:05d}{INVENTED[cls]}" if cls != "Person" else f"{rng.choice('王李张刘陈杨黄赵周吴')}{n:05d}"
        home = _key("City", city.name)
        if cls == "GovernmentAgency" and n % 2:  # a department of a real agency, else a city bureau
            home = _key("GovernmentAgency", rng.choice(agencies).name)
        alias = (name[:6],) if n % 3 == 0 and cls != "Person" else ()
        out.append(_Entity(iri(V.entity_iri(cls, name)), cls, name, alias, home=home))
    return _Pool(out)


class _Document:
    """One synthetic document graph, written as N-Quads lines."""

    def __init__(self, rng: random.Random, index: int, pool: _Pool, build: str):
        self.rng, self.pool = rng, pool
        self.name = f"synth-{index:05d}.txt"
        self.g, self.doc = iri(V.graph_iri(self.name)), iri(V.document_iri(self.name))
        self.lines: list[str] = []
        self.sentences: list[str] = []
        self.facts = 0
        self.mentioned: dict[str, _Entity] = {}
        self.of_class: dict[str, list[_Entity]] = {}
        self.add(self.g, DC_ID, literal(self.name))
        for p, o in ((RDF_TYPE, K("Document")), (DC_ID, literal(self.name)), (K("sha256"), literal(f"{index:064x}")),
                     (K("charCount"), integer(rng.randrange(2_000, 150_000))), (GENERATED, build),
                     (K("softwareVersion"), literal("synth")),
                     (DC_TITLE, literal(f"关于推进跨境电子商务发展的通知（第{index}号）"))):
            self.add(self.doc, p, o)

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.g} .\n")

    def pick(self, cls: str = "") -> _Entity:
        """Half popular (a skewed pick among the first entities), half uniform, so most get mentioned."""
        members = self.pool.by_class[cls]
        if self.rng.random() < 0.5:
            return members[int(len(members) * self.rng.random() ** 3)]
        return self.rng.choice(members)

    def sentence(self, *names: str) -> str:
        """About 85 characters; most evidence reuses an earlier sentence, as in real text."""
        if self.sentences and self.rng.random() < 0.7:
            return self.rng.choice(self.sentences)
        text = "、".join(names) + "".join(self.rng.sample(FILLER, 4)) + "取得积极成效。"
        self.sentences.append(text)
        return text

    def provenance(self, node: str, text: str) -> None:
        start = self.rng.randrange(100_000)
        for p, o in ((DERIVED, self.doc), (K("sentence"), literal(text)), (K("startChar"), integer(start)),
                     (K("endChar"), integer(start + self.rng.randrange(2, 40))),
                     (K("rule"), literal(f"rule.{self.rng.randrange(60)}")),
                     (K("confidence"), decimal(self.rng.choice(CONFIDENCES)))):
            self.add(node, p, o)

    def evidence(self, s: str, p: str, o: str, text: str, **qualifiers: int | str) -> None:
        self.facts += 1
        node = iri(V.fact_iri("evidence", f"{self.name}-{self.facts}"))
        for pred, obj in ((RDF_TYPE, K("Evidence")), (R_SUBJ, s), (R_PRED, p), (R_OBJ, o)):
            self.add(node, pred, obj)
        for key, value in qualifiers.items():
            self.add(node, K(key), integer(value) if isinstance(value, int) else literal(value))
        self.provenance(node, text)

    def mention(self, e: _Entity) -> _Entity:
        if e.node in self.mentioned:
            return e
        self.mentioned[e.node] = e
        self.of_class.setdefault(e.cls, []).append(e)
        cls = K(e.cls)
        for p, o in ((RDF_TYPE, cls), (PREF, zh(e.name)), (RDFS_LABEL, zh(e.name)), *((ALT, zh(a)) for a in e.aliases),
                     *e.extra):
            self.add(e.node, p, o)
        self.add(self.doc, K("mentions"), e.node)
        self.evidence(e.node, RDF_TYPE, cls, self.sentence(e.name))
        return e

    def among(self, classes: tuple[str, ...]) -> _Entity:
        """A mentioned entity of one of the classes, else a new mention of one."""
        cls = self.rng.choice(classes)
        here = self.of_class.get(cls)
        if here and self.rng.random() < 0.8:
            return self.rng.choice(here)
        return self.mention(self.pick(cls))

    def relation(self) -> bool:
        """One relation with its evidence; False when the subject drawn has no such link."""
        pred = self.rng.choices(list(RELATIONS), weights=[w for w, _, _ in RELATIONS.values()])[0]
        _, subjects, objects = RELATIONS[pred]
        s = self.among(subjects)
        home = self.pool.by_key.get(s.home or "")
        if objects == "date":  # a pilot zone's date is its batch's, as in the zone table
            date = BATCH_DATES[s.batch - 1] if s.batch else f"{self.rng.randrange(2010, 2026)}-0{self.rng.randrange(1, 10)}"
            obj, o_name = date_literal(date), ""
        elif pred in ("locatedIn", "partOf"):  # where it is, or what it belongs to: one place, one parent
            if home is None or (home.cls != s.cls if pred == "partOf" else home.cls not in objects):
                return False
            obj, o_name = self.mention(home).node, home.name
        else:
            o = (self.mention(self.pool.china) if pred == "tradePartnerOf"
                 else self.mention(self.pool.state_council) if pred == "approvedBy" and s.batch  # zones: the State Council
                 else self.among(objects))
            if o.node == s.node:
                return False
            obj, o_name = o.node, o.name
        text = self.sentence(s.name, o_name)
        self.add(s.node, K(pred), obj)
        qualifiers: dict[str, int | str] = {}
        if s.batch and pred in ("establishedIn", "approvedBy"):
            qualifiers["batch"] = s.batch
            if pred == "establishedIn":
                self.add(s.node, K("batch"), integer(s.batch))
        elif pred == "partyTo":
            qualifiers["status"] = "applicant" if self.rng.random() < 0.3 else "member"
        elif pred == "tradePartnerOf":
            qualifiers["rank"] = self.rng.randrange(1, 11)
            self.statistic(s, text, "贸易总值", self.rng.choice(("万亿元", "亿元")))
            if self.rng.random() < 0.5:
                self.statistic(s, text, "占比", "%")
        self.evidence(s.node, K(pred), obj, text, **qualifiers)
        return True

    def statistic(self, about: _Entity | None = None, text: str | None = None, indicator: str | None = None,
                  unit: str | None = None) -> None:
        self.facts += 1
        node = iri(V.fact_iri("stat", f"{self.name}-{self.facts}"))
        if about is None and self.rng.random() < 0.5:
            about = self.among(ABOUT)
        unit = unit or self.rng.choice(UNITS)
        if indicator is None:
            indicator = self.rng.choice(INDICATORS)
            if self.rng.random() < 0.4:  # a table's caption and column header, as the table rules write them
                indicator = self.rng.choice(CAPTIONS).format(n=self.rng.randrange(1, 12)) + indicator
        self.add(node, RDF_TYPE, K("Statistic"))
        self.add(node, K("value"), decimal(round(self.rng.uniform(0.1, 5000), 2)))
        self.add(node, K("unit"), literal(unit))
        if self.rng.random() < 0.66:
            self.add(node, K("period"), literal(self.rng.choice(PERIODS)))
        self.add(node, K("indicator"), literal(indicator))
        if about is not None:
            self.add(node, K("about"), about.node)
        if self.rng.random() < 0.3:
            self.add(node, K("growthPct"), decimal(round(self.rng.uniform(-20, 80), 1)))
        self.provenance(node, text or self.sentence(about.name if about else "全国"))

    def write(self) -> str:
        for _ in range(self.rng.randrange(*MENTIONS_PER_DOC)):
            self.mention(self.pick())
        mentions = len(self.mentioned)
        for _ in range(round(mentions * RELATIONS_PER_MENTION)):
            any(self.relation() for _ in range(5))
        for _ in range(round(mentions * STATISTICS_PER_MENTION)):
            self.statistic()
        return "".join(self.lines)


def nquads(triples: int, *, entities: int | None = None, seed: int = 7) -> Iterator[str]:
    """N-Quads text in chunks (the reference graph, the meta graph, then one chunk per
    document) until at least ``triples`` lines and one document; ``entities`` sizes the
    pool (default: it grows with the square root of the size, as a vocabulary does)."""
    rng = random.Random(seed)
    pool = _pool(rng, entities or max(2_000, int(20 * triples ** 0.5)))
    build = iri(V.KGR + "build/synth")
    ref = f" {REFERENCE_GRAPH} .\n"
    chunk = reference_ntriples().replace(" .\n", ref)
    meta = f" {META_GRAPH} .\n"
    chunk += f"{build} {RDF_TYPE} {K('Build')}{meta}{build} {K('softwareVersion')} {literal('synth')}{meta}"
    written, index = 0, 0
    while True:
        written += chunk.count("\n")
        yield chunk
        if written >= triples and index:
            return
        chunk = _Document(rng, index, pool, build).write()
        index += 1


def write_nquads(path: Path, triples: int, *, entities: int | None = None, seed: int = 7) -> int:
    """Write the synthetic graph to ``path``; returns the number of quads."""
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for chunk in nquads(triples, entities=entities, seed=seed):
            fh.write(chunk)
            count += chunk.count("\n")
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kg.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=None, help="size of the entity pool")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(f"{write_nquads(args.out, args.triples, entities=args.entities, seed=args.seed)} quads in {args.out}")


if __name__ == "__main__":
    main()
