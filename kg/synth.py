"""A synthetic graph shaped like a real build, at any size, for the store benchmarks.

The shape copies a build of the seed corpus (``kg stats``): per document graph, a
header, entities of the 17 classes with labels, aliases, a ``kgo:mentions`` link and a
first-mention evidence node; relations with evidence nodes (about 0.7 per entity);
statistics with provenance (about 1.1 per entity); plus the real reference graph
(the gazetteers) and a meta graph. Entities are the gazetteer's real names (so the
example parameters of ``queries/*.rq`` find them) and invented ones, shared across
documents with a skewed popularity. The same seed gives the same bytes.

Command line: ``python -m kg.synth --triples 1000000 --out synth.nq``
"""
from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import vocab as V
from .gazetteer import load_gazetteer
from .rdf import (ALT, DC_ID, DC_TITLE, DERIVED, GENERATED, PREF, R_OBJ, R_PRED, R_SUBJ, RDF_TYPE, RDFS_LABEL, K,
                  date_literal, decimal, integer, iri, literal, reference_ntriples, zh)
from .store import META_GRAPH, REFERENCE_GRAPH

# (predicate, weight) as in a corpus build; dates are literals, the rest link entities
PREDICATE_WEIGHTS = {"locatedIn": 230, "establishedIn": 170, "approvedBy": 170, "partOf": 25, "issuedBy": 26,
                     "issuedIn": 12, "headOf": 11, "partyTo": 10, "cooperatesWith": 8, "tradePartnerOf": 7,
                     "usesCode": 6, "appliesTo": 6, "hasCluster": 4, "hostedBy": 2, "administeredBy": 2, "cites": 4}
SUFFIX = {"CrossBorderEcommercePilotZone": "跨境电子商务综合试验区", "FreeTradeZone": "自由贸易试验区",
          "BondedZone": "综合保税区", "PilotZone": "试点区", "CustomsSupervisionCode": "监管方式",
          "TradeAgreement": "自由贸易协定", "GovernmentAgency": "商务局", "PolicyDocument": "实施方案",
          "Country": "国", "Region": "地区", "Province": "省", "City": "市", "Company": "科技有限公司",
          "Organization": "电子商务协会", "Event": "跨境电商博览会", "IndustryCluster": "产业带", "Person": ""}
UNITS = ("%", "亿美元", "个", "家", "亿元", "万亿元", "位", "万元", "项", "万人")
INDICATORS = ("进出口额", "出口额", "进口额", "跨境电商交易额", "同比增长", "企业数量", "海外仓数量", "占比")
CONFIDENCES = (0.9, 0.9, 0.9, 0.8, 0.8, 0.75, 0.85, 0.7, 0.95)
FILLER = ("推动跨境电子商务高质量发展，", "支持企业建设海外仓，", "优化通关监管服务，", "完善线上综合服务平台，",
          "培育外贸新业态新模式，", "扩大优质产品进口，", "加强国际合作与交流，", "提升贸易便利化水平，")
MENTIONS_PER_DOC = (10, 150)
RELATIONS_PER_MENTION, STATISTICS_PER_MENTION = 0.72, 1.14


@dataclass(frozen=True)
class _Entity:
    node: str
    cls: str
    name: str
    aliases: tuple[str, ...]


def _pool(rng: random.Random, size: int) -> list[_Entity]:
    """The gazetteer's entities, then invented ones of every class, up to ``size``."""
    out = [_Entity(iri(V.entity_iri(e.type, e.name)), e.type, e.name, e.aliases[:2]) for e in load_gazetteer().entries]
    places = [e.name for e in out if e.cls == "City"] or ["合成"]
    n = 0
    while len(out) < size:
        cls = V.ENTITY_CLASSES[n % len(V.ENTITY_CLASSES)]
        name = f"{rng.choice(places).removesuffix('市')}{n:05d}{SUFFIX[cls]}"
        out.append(_Entity(iri(V.entity_iri(cls, name)), cls, name, (name[:6],) if n % 3 == 0 else ()))
        n += 1
    return out


class _Document:
    """One synthetic document graph, written as N-Quads lines."""

    def __init__(self, rng: random.Random, index: int, pool: list[_Entity], build: str):
        self.rng, self.pool = rng, pool
        self.name = f"synth-{index:05d}.txt"
        self.g, self.doc = iri(V.graph_iri(self.name)), iri(V.document_iri(self.name))
        self.lines: list[str] = []
        self.sentences: list[str] = []
        self.facts = 0
        self.add(self.g, DC_ID, literal(self.name))
        for p, o in ((RDF_TYPE, K("Document")), (DC_ID, literal(self.name)), (K("sha256"), literal(f"{index:064x}")),
                     (K("charCount"), integer(rng.randrange(2_000, 150_000))), (GENERATED, build),
                     (DC_TITLE, literal(f"关于推进跨境电子商务发展的通知（第{index}号）"))):
            self.add(self.doc, p, o)

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.g} .\n")

    def entity(self) -> _Entity:
        """Half popular (a skewed pick among the first entities), half uniform, so most get mentioned."""
        if self.rng.random() < 0.5:
            return self.pool[int(len(self.pool) * self.rng.random() ** 3)]
        return self.rng.choice(self.pool)

    def sentence(self, *names: str) -> str:
        """About 85 characters; a third of the evidence reuses an earlier sentence, as in real text."""
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

    def evidence(self, s: str, p: str, o: str, text: str) -> None:
        self.facts += 1
        node = iri(V.fact_iri("evidence", f"{self.name}-{self.facts}"))
        for pred, obj in ((RDF_TYPE, K("Evidence")), (R_SUBJ, s), (R_PRED, p), (R_OBJ, o)):
            self.add(node, pred, obj)
        self.provenance(node, text)

    def mention(self, e: _Entity) -> None:
        cls = K(e.cls)
        for p, o in ((RDF_TYPE, cls), (PREF, zh(e.name)), (RDFS_LABEL, zh(e.name)), *((ALT, zh(a)) for a in e.aliases)):
            self.add(e.node, p, o)
        self.add(self.doc, K("mentions"), e.node)
        self.evidence(e.node, RDF_TYPE, cls, self.sentence(e.name))

    def relation(self, mentioned: list[_Entity]) -> None:
        pred = self.rng.choices(list(PREDICATE_WEIGHTS), weights=list(PREDICATE_WEIGHTS.values()))[0]
        s, o = self.rng.choice(mentioned), self.rng.choice(mentioned)
        obj = date_literal(f"20{self.rng.randrange(10, 26)}-0{self.rng.randrange(1, 10)}") \
            if pred in V.DATE_PREDICATES else o.node
        self.add(s.node, K(pred), obj)
        if pred == "establishedIn" and s.cls == "CrossBorderEcommercePilotZone":
            self.add(s.node, K("batch"), integer(self.rng.randrange(1, 8)))
        self.evidence(s.node, K(pred), obj, self.sentence(s.name, o.name))

    def statistic(self, mentioned: list[_Entity]) -> None:
        self.facts += 1
        node = iri(V.fact_iri("stat", f"{self.name}-{self.facts}"))
        about = self.rng.choice(mentioned) if self.rng.random() < 0.5 else None
        self.add(node, RDF_TYPE, K("Statistic"))
        self.add(node, K("value"), decimal(round(self.rng.uniform(0.1, 5000), 2)))
        self.add(node, K("unit"), literal(self.rng.choice(UNITS)))
        if self.rng.random() < 0.66:
            self.add(node, K("period"), literal(str(self.rng.randrange(2010, 2026))))
        self.add(node, K("indicator"), literal(self.rng.choice(INDICATORS)))
        if about is not None:
            self.add(node, K("about"), about.node)
        if self.rng.random() < 0.2:
            self.add(node, K("growthPct"), decimal(round(self.rng.uniform(-20, 80), 1)))
        self.provenance(node, self.sentence(about.name if about else "全国"))

    def write(self) -> str:
        mentioned = list({e.node: e for e in (self.entity() for _ in range(self.rng.randrange(*MENTIONS_PER_DOC)))}
                         .values())
        for e in mentioned:
            self.mention(e)
        for _ in range(round(len(mentioned) * RELATIONS_PER_MENTION)):
            self.relation(mentioned)
        for _ in range(round(len(mentioned) * STATISTICS_PER_MENTION)):
            self.statistic(mentioned)
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
