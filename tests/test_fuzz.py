"""Property tests with hypothesis: normalisation, loading, extraction, IRIs and Turtle on arbitrary input.

Examples per test: 200 by default (CI); ``KG_FUZZ_EXAMPLES=10000`` for the heavy run.
No example database is written (database=None): a failure prints its reproducing example.
"""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, RdfFormat, parse, serialize
from rdflib.compare import isomorphic

from kg import vocab as V
from kg.load import SUFFIXES, Document, LoadError, load
from kg.loaders.text import simplify
from kg.normalize import normalize
from kg.pipeline import extract
from kg.rdf import document_quads

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')
LEXICAL = {  # the datatypes kg writes, with their XSD lexical forms
    V.XSD + "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    V.XSD + "integer": re.compile(r"[+-]?\d+"),
    V.XSD + "gYear": re.compile(r"-?\d{4,}"),
    V.XSD + "gYearMonth": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])"),
    V.XSD + "date": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"),
}
WORDS = [
    "中国（郑州）跨境电子商务综合试验区", "郑州综试区", "海关总署", "商务部", "国务院", "郑州市", "浙江省", "东盟",
    "印发", "批复", "同意设立", "发布", "《关于拓展跨境电商出口推进海外仓建设的意见》", "（以下简称《意见》）",
    "监管方式代码", "9610", "1210", "同比增长", "增长", "下降", "亿元", "万亿美元", "万单", "个", "%", "第一大贸易伙伴",
    "2024年6月", "2015年3月7日", "上半年", "第3批", "杭州综合保税区", "自由贸易试验区", "RCEP", "区域全面经济伙伴关系协定",
    "。", "，", "、", "；", "：", "“", "”", "（", "）", "(", ")", "《", "》", "\t", "\n", "\r\n", "\n\n", " ", "\u3000",
    "\u00a0", "\u200b", "ＡＢＣ１２３", "－", "—", "第 2 页", "- 3 -", "¹²", "商務部", "海關總署", "綜合保稅區",
]
pieces = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=4),
    st.integers(0, 10**20).map(str),
    st.from_regex(r"\d{1,5}\.\d{1,3}", fullmatch=True),
    st.sampled_from(["😀", "🇨🇳", "👍🏽", "\U0001F9E7", "\U00020000"]),
    st.text(max_size=3),  # anything else: controls, combining marks, private use, right-to-left
)
texts = st.lists(pieces, max_size=40).map("".join)


def _same_char(original: str, out: str) -> bool:
    """out is the original character, its width-folded form, or a line break / space standing for white space."""
    if original == out or unicodedata.normalize("NFKC", original) == unicodedata.normalize("NFKC", out):
        return True
    return out in " \n" and (original.isspace() or original == "\u200b")


@FUZZ
@given(texts)
def test_normalize_offsets_always_map_back_to_the_original(text):
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1 and n.offsets[-1] == len(text)
    previous = 0
    for i, ch in enumerate(n.text):
        at = n.offsets[i]
        assert previous <= at < len(text), (i, at)
        assert _same_char(text[at], ch), (i, text[at], ch)
        previous = at


@FUZZ
@given(texts)
def test_simplify_keeps_every_position(text):
    out, changed = simplify(text)
    assert len(out) == len(text) and changed == (out != text)


@FUZZ
@given(st.sampled_from(V.ENTITY_CLASSES), st.text(max_size=30))
def test_entity_iri_is_valid_for_any_name(cls, name):
    iri = V.entity_iri(cls, name)
    assert not IRI_FORBIDDEN.search(iri), iri
    assert NamedNode(iri).value == iri and str(rdflib.URIRef(iri)) == iri


def _check_term(term) -> None:
    if isinstance(term, NamedNode):
        assert not IRI_FORBIDDEN.search(term.value), term
    elif isinstance(term, Literal) and term.datatype.value in LEXICAL:
        assert LEXICAL[term.datatype.value].fullmatch(term.value), term


@FUZZ
@given(texts)
@example("9999999999999999万")                       # found by the 10,000 run: 1e+16 is no xsd:decimal
@example("出口" + "9" * 400 + "亿元，增长" + "9" * 400 + "%。")  # float() of 400 digits is inf
def test_extract_never_raises_and_its_graph_round_trips_through_turtle(text):
    ex = extract(Document("fuzz.txt", Path("fuzz.txt"), text, "0" * 64, "utf-8"))
    for m in ex.facts.mentions:
        start, end = ex.normalized.original_span(m.start, m.end)
        assert 0 <= start <= end <= len(text)
    triples = {q.triple for q in document_quads(ex, NamedNode(V.KGR + "build/fuzz"))}
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            _check_term(term)
    turtle = serialize(triples, format=RdfFormat.TURTLE, prefixes=V.PREFIXES)
    assert {q.triple for q in parse(turtle, format=RdfFormat.TURTLE)} == triples
    from_turtle = rdflib.Graph().parse(data=turtle, format="turtle")
    from_ntriples = rdflib.Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    assert len(from_turtle) == len(triples) and isomorphic(from_turtle, from_ntriples)


suffixed = st.tuples(st.sampled_from(sorted(SUFFIXES)), st.binary(max_size=2048))
pdf_like = st.binary(max_size=2048).map(lambda b: (".pdf", b"%PDF-1.4\n" + b + b"\n%%EOF\n"))
docx_like = st.binary(max_size=2048).map(lambda b: (".docx", b"PK\x03\x04" + b))
text_like = texts.map(lambda t: (".html", f"<html><body><p>{t}</p></body></html>".encode()))


@FUZZ
@given(st.one_of(suffixed, pdf_like, docx_like, text_like))
def test_load_raises_nothing_but_load_error(case):
    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        try:
            doc = load(path)
        except LoadError as exc:
            assert str(exc).startswith(f"{path}: ")
        else:
            assert doc.text.strip() and doc.sha256
