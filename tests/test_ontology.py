"""Tests for the kg ontology (ontology/kg.ttl) and its SHACL shapes (ontology/shapes.ttl).

The files are located relative to this test file, independently of any package helper.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
import rdflib
from pyshacl.entrypoints import meta_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.collection import Collection

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
KG_TTL = ONTOLOGY_DIR / "kg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"

# Plain (open) namespaces: rdflib's closed ones warn when pytest inspects module attributes.
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
KGO = Namespace("https://w3id.org/cbec-kg/ontology#")
KGSH = Namespace("https://w3id.org/cbec-kg/shapes#")
ONTOLOGY_IRI = URIRef("https://w3id.org/cbec-kg/ontology")
CODE_SCHEME = URIRef("https://w3id.org/cbec-kg/id/scheme/customs-supervision-codes")
SH = Namespace("http://www.w3.org/ns/shacl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")

# Fixed by shared/gold/GOLD.md (matched by local name by the scorer).
GOLD_CLASSES = [
    "CrossBorderEcommercePilotZone", "FreeTradeZone", "BondedZone", "PilotZone",
    "CustomsSupervisionCode", "TradeAgreement", "GovernmentAgency", "PolicyDocument",
    "Country", "Region", "Province", "City", "Company", "Organization", "Event",
    "IndustryCluster", "Person",
]
GOLD_PREDICATES = [
    "locatedIn", "approvedBy", "establishedIn", "issuedBy", "issuedIn", "administeredBy",
    "usesCode", "partyTo", "tradePartnerOf", "cites", "appliesTo", "hostedBy",
    "hasCluster", "partOf", "headOf", "spokespersonOf", "cooperatesWith",
]
STATISTIC_PROPERTIES = ["value", "unit", "period", "indicator", "about", "growthPct"]
PROVENANCE_PROPERTIES = [
    "sentence", "startChar", "endChar", "rule", "confidence", "status", "rank",
    "sha256", "charCount", "softwareVersion", "batch", "mentions",
]
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

PREFIXES = """
@prefix kgo: <https://w3id.org/cbec-kg/ontology#> .
@prefix kgr: <https://w3id.org/cbec-kg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# A small document graph that follows every rule in shapes.ttl.
CONFORMING = PREFIXES + """
kgr:code-9610 a kgo:CustomsSupervisionCode ;
    skos:prefLabel "9610"@zh ; skos:altLabel "跨境贸易电子商务"@zh ;
    skos:notation "9610" ; skos:definition "跨境贸易电子商务"@zh ;
    skos:inScheme <https://w3id.org/cbec-kg/id/scheme/customs-supervision-codes> .
kgr:zz a kgo:CrossBorderEcommercePilotZone ;
    skos:prefLabel "中国（郑州）跨境电子商务综合试验区"@zh ; skos:altLabel "郑州综试区"@zh ;
    kgo:locatedIn kgr:zhengzhou ; kgo:approvedBy kgr:gwy ; kgo:usesCode kgr:code-9610 ;
    kgo:establishedIn "2016-01"^^xsd:gYearMonth ; kgo:batch 2 .
kgr:zhengzhou a kgo:City ; skos:prefLabel "郑州市"@zh , "Zhengzhou"@en ; skos:notation "410100" .
kgr:gwy a kgo:GovernmentAgency ; skos:prefLabel "国务院"@zh .
kgr:cn a kgo:Country ; skos:prefLabel "中国"@zh ; skos:altLabel "我国"@zh ;
    kgo:partyTo kgr:rcep .
kgr:asean a kgo:Region ; skos:prefLabel "东盟"@zh ; kgo:tradePartnerOf kgr:cn .
kgr:rcep a kgo:TradeAgreement ; skos:prefLabel "区域全面经济伙伴关系协定"@zh ; skos:altLabel "RCEP" .
kgr:plan a kgo:PolicyDocument ; skos:prefLabel "数字商务三年行动计划（2024-2026年）"@zh ;
    kgo:issuedBy kgr:gwy ; kgo:issuedIn "2024"^^xsd:gYear ; kgo:cites kgr:rcep ;
    kgo:appliesTo kgr:zz , "跨境电商" .
kgr:stat-1 a kgo:Statistic ;
    kgo:value 13.81 ; kgo:unit "万亿元" ; kgo:period "2024-01..04" ; kgo:indicator "进出口额" ;
    kgo:growthPct -1.5 ; kgo:about kgr:cn ; kgo:rule "stat.amount" ;
    kgo:sentence "前4个月进出口13.81万亿元" ;
    kgo:startChar "120"^^xsd:integer ; kgo:endChar "135"^^xsd:integer ;
    kgo:confidence 0.8 ; prov:wasDerivedFrom kgr:doc-000 .
kgr:ev-1 a kgo:Evidence ;
    rdf:subject kgr:asean ; rdf:predicate kgo:tradePartnerOf ; rdf:object kgr:cn ;
    prov:wasDerivedFrom kgr:doc-000 ; prov:wasGeneratedBy kgr:build-1 ;
    kgo:rule "rel.tradePartner.rank" ; kgo:sentence "东盟为我第一大贸易伙伴" ;
    kgo:startChar "40"^^xsd:integer ; kgo:endChar "51"^^xsd:integer ;
    kgo:confidence 0.95 ; kgo:rank 1 .
kgr:doc-000 a kgo:Document ;
    dcterms:identifier "000_e36de433f9d09607.txt" ;
    kgo:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;
    kgo:charCount "5000"^^xsd:integer ; prov:wasGeneratedBy kgr:build-1 .
kgr:build-1 a kgo:Build ;
    prov:startedAtTime "2026-11-22T10:00:00Z"^^xsd:dateTime ;
    prov:endedAtTime "2026-11-22T10:00:05Z"^^xsd:dateTime ;
    kgo:softwareVersion "0.1.0" .
"""

# The brief's broken graph: a statistic with two values, a five-digit customs code.
BROKEN = PREFIXES + """
kgr:code-96100 a kgo:CustomsSupervisionCode ;
    skos:prefLabel "96100"@zh ; skos:notation "96100" ;
    skos:inScheme <https://w3id.org/cbec-kg/id/scheme/customs-supervision-codes> .
kgr:stat-2 a kgo:Statistic ; kgo:value 1.5 , 2.5 ; kgo:unit "亿元" ; kgo:rule "stat.amount" .
"""


# ------------------------------------------------------------------ fixtures / helpers
@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(KG_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_TTL, format="turtle")


@pytest.fixture(scope="module")
def declared(onto) -> set[URIRef]:
    return {
        s for t in DECLARATION_TYPES for s in onto.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s.startswith(str(KGO))
    }


def _results(report: rdflib.Graph) -> list[dict]:
    """Top-level results only (nested sh:detail results of sh:node are left out)."""
    out = []
    for r in report.objects(None, SH.result):
        msgs = {m.language: str(m) for m in report.objects(r, SH.resultMessage)}
        out.append({
            "severity": report.value(r, SH.resultSeverity),
            "shape": report.value(r, SH.sourceShape),
            "focus": report.value(r, SH.focusNode),
            "path": report.value(r, SH.resultPath),
            "message": msgs.get("en", ""),
        })
    return out


def _validate(data: rdflib.Graph | str, shapes_graph: rdflib.Graph, **kw):
    if isinstance(data, str):
        data = rdflib.Graph().parse(data=data, format="turtle")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes_graph, **kw)
    return conforms, _results(report)


def _kgo_terms_in(graph: rdflib.Graph) -> set[URIRef]:
    terms = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and node.startswith(str(KGO)):
                terms.add(node)
    return terms


def _superclasses(graph: rdflib.Graph, cls: URIRef) -> set:
    return set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}


# ------------------------------------------------------------------ parsing
def test_ontology_parses_with_rdflib(onto):
    assert len(onto) > 300
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto


def test_shapes_parse_with_rdflib(shapes):
    assert len(shapes) > 300
    assert set(shapes.subjects(RDF.type, SH.NodeShape))


@pytest.mark.parametrize("path", [KG_TTL, SHAPES_TTL], ids=["kg.ttl", "shapes.ttl"])
def test_files_parse_with_pyoxigraph_and_agree_with_rdflib(path):
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    rd = rdflib.Graph().parse(path, format="turtle")
    assert len(quads) == len(rd)
    iris = {q.subject.value for q in quads if isinstance(q.subject, pyoxigraph.NamedNode)}
    assert iris == {str(s) for s in rd.subjects() if isinstance(s, URIRef)}


# ------------------------------------------------------------------ ontology header
def test_ontology_header(onto):
    o = ONTOLOGY_IRI
    assert onto.value(o, OWL.versionInfo) == Literal("0.1.0")
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {lit.language for lit in onto.objects(o, prop)} >= {"zh", "en"}, prop
    assert isinstance(onto.value(o, DCTERMS.license), URIRef)
    assert onto.value(o, DCTERMS.created) == Literal("2026-11-22", datatype=XSD.date)


def test_customs_code_scheme_declared(onto):
    assert (CODE_SCHEME, RDF.type, SKOS.ConceptScheme) in onto
    assert Literal("海关监管方式代码", lang="zh") in set(onto.objects(CODE_SCHEME, SKOS.prefLabel))


# ------------------------------------------------------------------ declarations
def test_every_kgo_term_used_is_declared(onto, shapes, declared):
    used = _kgo_terms_in(onto) | _kgo_terms_in(shapes)
    assert used - declared == set()


def test_declared_term_counts(onto, declared):
    classes = {s for s in declared if (s, RDF.type, OWL.Class) in onto}
    objprops = {s for s in declared if (s, RDF.type, OWL.ObjectProperty) in onto}
    dataprops = {s for s in declared if (s, RDF.type, OWL.DatatypeProperty) in onto}
    assert (len(classes), len(objprops), len(dataprops)) == (24, 17, 18)
    assert not classes & (objprops | dataprops)
    assert not objprops & dataprops


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_declared_term_has_labels(onto, declared, lang):
    missing = [t for t in declared if lang not in {l.language for l in onto.objects(t, RDFS.label)}]
    assert missing == []


def test_every_declared_term_has_definition_and_is_defined_by(onto, declared):
    for term in declared:
        langs = {d.language for d in onto.objects(term, SKOS.definition)}
        assert {"en", "zh"} <= langs, term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto, term


def test_no_external_term_is_redeclared(onto):
    for t in DECLARATION_TYPES + (RDF.Property,):
        for s in onto.subjects(RDF.type, t):
            if isinstance(s, URIRef):
                assert s.startswith(str(KGO)), f"external term redeclared: {s}"


@pytest.mark.parametrize("name", GOLD_CLASSES)
def test_gold_class_declared_under_entity(onto, name):
    cls = KGO[name]
    assert (cls, RDF.type, OWL.Class) in onto
    assert KGO.Entity in _superclasses(onto, cls)


@pytest.mark.parametrize("name,parent", [
    ("CrossBorderEcommercePilotZone", "Zone"), ("FreeTradeZone", "Zone"),
    ("BondedZone", "Zone"), ("PilotZone", "Zone"),
    ("Country", "Place"), ("Region", "Place"), ("Province", "Place"), ("City", "Place"),
])
def test_zone_and_place_hierarchy(onto, name, parent):
    assert (KGO[name], RDFS.subClassOf, KGO[parent]) in onto


@pytest.mark.parametrize("name", ["Statistic", "Document", "Evidence", "Build"])
def test_non_entity_classes_declared_outside_entity(onto, name):
    assert (KGO[name], RDF.type, OWL.Class) in onto
    assert KGO.Entity not in _superclasses(onto, KGO[name])


@pytest.mark.parametrize("name", GOLD_PREDICATES)
def test_gold_predicate_declared(onto, name):
    prop = KGO[name]
    expected = OWL.DatatypeProperty if name in ("establishedIn", "issuedIn") else OWL.ObjectProperty
    assert (prop, RDF.type, expected) in onto


@pytest.mark.parametrize("name", STATISTIC_PROPERTIES + PROVENANCE_PROPERTIES)
def test_statistic_and_provenance_properties_declared(onto, name):
    prop = KGO[name]
    assert {t for t in onto.objects(prop, RDF.type)} & {OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.mark.parametrize("name,datatype", [
    ("value", XSD.decimal), ("unit", XSD.string), ("period", XSD.string),
    ("indicator", XSD.string), ("growthPct", XSD.decimal), ("sentence", XSD.string),
    ("startChar", XSD.integer), ("endChar", XSD.integer),
    ("rule", XSD.string), ("rank", XSD.integer), ("sha256", XSD.string),
    ("charCount", XSD.integer), ("batch", XSD.integer),
    ("establishedIn", RDFS.Literal), ("issuedIn", RDFS.Literal),
])
def test_datatype_property_ranges(onto, name, datatype):
    assert onto.value(KGO[name], RDFS.range) == datatype


def test_confidence_range_is_decimal_between_0_and_1(onto):
    rng = onto.value(KGO.confidence, RDFS.range)
    assert onto.value(rng, OWL.onDatatype) == XSD.decimal
    facets = {}
    for restriction in Collection(onto, onto.value(rng, OWL.withRestrictions)):
        for p, o in onto.predicate_objects(restriction):
            facets[p] = o.toPython()
    assert facets == {XSD.minInclusive: 0, XSD.maxInclusive: 1}


def test_applies_to_has_no_range(onto):
    assert onto.value(KGO.appliesTo, RDFS.range) is None


def test_about_ranges_over_entities(onto):
    assert onto.value(KGO.about, RDFS.range) == KGO.Entity


# ------------------------------------------------------------------ standard vocabularies
@pytest.mark.parametrize("sub,rel,sup", [
    (KGO.CustomsSupervisionCode, RDFS.subClassOf, SKOS.Concept),
    (KGO.Statistic, RDFS.subClassOf, QB.Observation),
    (KGO.Document, RDFS.subClassOf, PROV.Entity),
    (KGO.Evidence, RDFS.subClassOf, PROV.Entity),
    (KGO.Evidence, RDFS.subClassOf, RDF.Statement),
    (KGO.Build, RDFS.subClassOf, PROV.Activity),
    (KGO.PolicyDocument, RDFS.subClassOf, ELI.LegalResource),
    (KGO.PolicyDocument, RDFS.subClassOf, SCHEMA.Legislation),
    (KGO.GovernmentAgency, RDFS.subClassOf, ORG.Organization),
    (KGO.Company, RDFS.subClassOf, ORG.Organization),
    (KGO.Organization, RDFS.subClassOf, ORG.Organization),
    (KGO.Person, RDFS.subClassOf, FOAF.Person),
    (KGO.Country, RDFS.subClassOf, SCHEMA.Country),
    (KGO.Place, RDFS.subClassOf, SCHEMA.Place),
    (KGO.Event, RDFS.subClassOf, SCHEMA.Event),
    (KGO.value, RDFS.subPropertyOf, SDMX_MEASURE.obsValue),
    (KGO.unit, RDFS.subPropertyOf, SDMX_ATTRIBUTE.unitMeasure),
    (KGO.period, RDFS.subPropertyOf, SDMX_DIMENSION.refPeriod),
    (KGO.about, RDFS.subPropertyOf, DCTERMS.subject),
    (KGO.issuedIn, RDFS.subPropertyOf, DCTERMS.issued),
    (KGO.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (ORG.subOrganizationOf, RDFS.subPropertyOf, KGO.partOf),
    (KGO.headOf, RDFS.subPropertyOf, ORG.headOf),
    (KGO.mentions, RDFS.subPropertyOf, SCHEMA.mentions),
])
def test_standard_vocabulary_link(onto, sub, rel, sup):
    assert (sub, rel, sup) in onto


def test_customs_codes_are_in_the_code_scheme(onto):
    restrictions = [
        r for r in onto.objects(KGO.CustomsSupervisionCode, RDFS.subClassOf) if isinstance(r, BNode)
    ]
    assert any(
        onto.value(r, OWL.onProperty) == SKOS.inScheme and onto.value(r, OWL.hasValue) == CODE_SCHEME
        for r in restrictions
    )


# ------------------------------------------------------------------ SHACL: the shapes themselves
def test_shapes_conform_to_shacl_shacl(shapes):
    conforms, _report, text = meta_validate(shapes)
    assert conforms, text


def test_shapes_pass_pyshacl_meta_shacl_option(shapes):
    conforms, _report, _text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms


def test_meta_shacl_check_is_not_vacuous(shapes):
    bad = rdflib.Graph()
    for triple in shapes:
        bad.add(triple)
    bad.add((KGSH["Statistic-value"], SH.minCount, Literal("one")))
    with pytest.raises(ReportableRuntimeError):
        pyshacl.validate(rdflib.Graph(), shacl_graph=bad, meta_shacl=True)


def _all_shapes(shapes: rdflib.Graph) -> set:
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return named | set(shapes.subjects(SH.path, None))


def test_every_shape_has_an_english_message_and_a_severity(shapes):
    all_shapes = _all_shapes(shapes)
    assert len(all_shapes) > 60
    for shape in all_shapes:
        langs = {m.language for m in shapes.objects(shape, SH.message)}
        assert "en" in langs, shape
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape


def test_every_gold_class_is_a_label_target(shapes):
    targets = set(shapes.objects(KGSH.EntityShape, SH.targetClass))
    assert {KGO[c] for c in GOLD_CLASSES} <= targets


# ------------------------------------------------------------------ SHACL: data graphs
def test_conforming_graph_passes(shapes):
    conforms, results = _validate(CONFORMING, shapes)
    assert results == []
    assert conforms


def test_broken_graph_fails_with_expected_messages(shapes):
    conforms, results = _validate(BROKEN, shapes)
    assert not conforms
    got = {(r["shape"], r["focus"], r["message"]) for r in results}
    kgr = Namespace("https://w3id.org/cbec-kg/id/")
    assert (
        KGSH["Statistic-value"], kgr["stat-2"],
        "A statistic must have exactly one kgo:value, typed xsd:decimal.",
    ) in got
    assert (
        KGSH["Code-notation"], kgr["code-96100"],
        'A customs supervision code needs exactly one skos:notation of four digits (e.g. "9610").',
    ) in got
    assert all(r["severity"] == SH.Violation for r in results)
    assert len(results) == 2


def _one_change(extra: str) -> str:
    return CONFORMING + extra


DEFECTS = [
    # entity without prefLabel
    ('kgr:x a kgo:Company ; skos:altLabel "某公司"@zh .', "Entity-prefLabel", SH.Violation),
    # two Chinese prefLabels
    ('kgr:zhengzhou skos:prefLabel "郑州"@zh .', "Entity-prefLabel-uniqueLang", SH.Violation),
    # unit missing / empty
    ('kgr:s a kgo:Statistic ; kgo:value 1.0 ; kgo:rule "r" .', "Statistic-unit", SH.Violation),
    ('kgr:s a kgo:Statistic ; kgo:value 1.0 ; kgo:unit "" ; kgo:rule "r" .', "Statistic-unit", SH.Violation),
    # rule missing
    ('kgr:s a kgo:Statistic ; kgo:value 1.0 ; kgo:unit "%" .', "Statistic-rule", SH.Violation),
    # an integer or a double is not an xsd:decimal (rdflib Literal(5) / Literal(0.9) pitfall)
    ('kgr:s a kgo:Statistic ; kgo:value 5 ; kgo:unit "家" ; kgo:rule "r" .', "Statistic-value", SH.Violation),
    ('kgr:ev-1 kgo:confidence 9.0E-1 .', "Evidence-confidence", SH.Violation),
    # confidence outside [0, 1]
    ('kgr:stat-1 kgo:confidence 1.5 .', "Statistic-confidence", SH.Violation),
    # two periods; badly formed period
    ('kgr:stat-1 kgo:period "2023" .', "Statistic-period", SH.Violation),
    ('kgr:s a kgo:Statistic ; kgo:value 1.0 ; kgo:unit "%" ; kgo:rule "r" ; kgo:period "去年" .',
     "Statistic-period-format", SH.Warning),
    # about points to an entity not typed in this graph
    ('kgr:s a kgo:Statistic ; kgo:value 1.0 ; kgo:unit "%" ; kgo:rule "r" ; kgo:about kgr:nowhere .',
     "Statistic-about", SH.Violation),
    # start after end
    ('kgr:s a kgo:Statistic ; kgo:value 1.0 ; kgo:unit "%" ; kgo:rule "r" ;'
     ' kgo:startChar "9"^^xsd:integer ; kgo:endChar "3"^^xsd:integer .',
     "Statistic-offsets", SH.Violation),
    # evidence missing its source and with a plain-integer offset
    ('kgr:ev-2 a kgo:Evidence ; rdf:subject kgr:cn ; rdf:predicate kgo:partyTo ; rdf:object kgr:rcep ;'
     ' kgo:rule "r" ; kgo:sentence "s" ; kgo:confidence 1.0 ;'
     ' kgo:startChar "1"^^xsd:integer ; kgo:endChar "2"^^xsd:integer .',
     "Evidence-derivedFrom", SH.Violation),
    ('kgr:ev-1 kgo:startChar -1 .', "Evidence-startChar", SH.Violation),  # negative, and a second value
    ('kgr:ev-1 rdf:subject kgr:zz .', "Evidence-subject", SH.Violation),
    # document without hash
    ('kgr:doc-1 a kgo:Document ; dcterms:identifier "001.txt" .', "Document-sha256", SH.Violation),
    ('kgr:doc-000 dcterms:identifier "other.txt" .', "Document-identifier", SH.Violation),
    # dates: a plain string is not accepted
    ('kgr:plan kgo:issuedIn "2024-08" .', "Date-issuedIn", SH.Violation),
    ('kgr:zz kgo:establishedIn "2016-01-15T00:00:00"^^xsd:dateTime .', "Date-establishedIn", SH.Violation),
    # relation to an untyped resource; relation object as a literal
    ('kgr:zz kgo:locatedIn kgr:henan .', "Rel-locatedIn", SH.Violation),
    ('kgr:zz kgo:partOf "郑州" .', "Rel-partOf", SH.Violation),
    ('kgr:ghost kgo:cooperatesWith kgr:cn .', "RelationEndsShape", SH.Violation),
    # relation domain / range stretched: warnings only
    ('kgr:plan kgo:issuedBy kgr:cn .', "IssuedBy-range", SH.Warning),
    ('kgr:zz kgo:usesCode kgr:zhengzhou .', "UsesCode-range", SH.Warning),
    ('kgr:asean kgo:partyTo kgr:cn .', "PartyTo-range", SH.Warning),
    ('kgr:cn kgo:headOf kgr:gwy .', "PersonRoleDomainShape", SH.Warning),
    ('kgr:zhengzhou kgo:spokespersonOf kgr:gwy .', "PersonRoleDomainShape", SH.Warning),
    ('kgr:zz kgo:batch 0 .', "Batch-value", SH.Violation),
]


@pytest.mark.parametrize("extra,shape,severity", DEFECTS, ids=[d[1] for d in DEFECTS])
def test_single_defect_is_reported(shapes, extra, shape, severity):
    conforms, results = _validate(_one_change(extra), shapes)
    assert not conforms
    hits = [r for r in results if r["shape"] == KGSH[shape]]
    assert hits, results
    assert {r["severity"] for r in hits} == {severity}
    assert all(r["message"] for r in hits)


def test_warnings_do_not_block_conformance_when_allowed(shapes):
    conforms, results = _validate(_one_change("kgr:plan kgo:issuedBy kgr:cn ."), shapes, allow_warnings=True)
    assert conforms
    assert [r["severity"] for r in results] == [SH.Warning]


@pytest.mark.parametrize("literal", ['"2016"^^xsd:gYear', '"2016-01"^^xsd:gYearMonth', '"2016-01-15"^^xsd:date'])
def test_three_date_precisions_are_accepted(shapes, literal):
    conforms, results = _validate(_one_change(f"kgr:rcep kgo:establishedIn {literal} ."), shapes)
    assert conforms, results


@pytest.mark.parametrize("period", ["2024", "2024Q1", "2024H1", "2024-01", "2024-01..04", "2015..2024", "2024Q1..Q3"])
def test_period_formats_are_accepted(shapes, period):
    conforms, results = _validate(_one_change(f'kgr:stat-1b a kgo:Statistic ; kgo:value 1.0 ; kgo:unit "%" ;'
                                              f' kgo:rule "r" ; kgo:period "{period}" .'), shapes)
    assert conforms, results


def test_applies_to_may_point_to_a_literal_industry(shapes):
    conforms, results = _validate(_one_change('kgr:plan kgo:appliesTo "跨境电商产业" , kgr:code-9610 .'), shapes)
    assert conforms, results


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_named_graphs_must_be_validated_one_by_one(shapes):
    """A relation's ends must be typed in the SAME document graph.

    pyshacl validates an rdflib Dataset as the union of its graphs, so a caller that wants
    the per-document contract has to validate each named graph on its own (as done here).
    """
    graph_a = PREFIXES + """
        kgr:zz a kgo:CrossBorderEcommercePilotZone ; skos:prefLabel "综试区"@zh ;
            kgo:locatedIn kgr:zhengzhou ."""
    graph_b = PREFIXES + """
        kgr:zhengzhou a kgo:City ; skos:prefLabel "郑州市"@zh ."""
    ds = rdflib.Dataset()
    ds.graph(URIRef("https://w3id.org/cbec-kg/id/graph/a")).parse(data=graph_a, format="turtle")
    ds.graph(URIRef("https://w3id.org/cbec-kg/id/graph/b")).parse(data=graph_b, format="turtle")
    per_graph = {}
    for g in ds.graphs():
        if not len(g):
            continue
        single = rdflib.Graph()
        for triple in g:
            single.add(triple)
        per_graph[str(g.identifier).rsplit("/", 1)[-1]] = _validate(single, shapes)
    assert per_graph["b"] == (True, [])
    conforms_a, results_a = per_graph["a"]
    assert not conforms_a
    violations = {r["shape"] for r in results_a if r["severity"] == SH.Violation}
    assert violations == {KGSH["Rel-locatedIn"]}
    # the union hides the problem
    assert _validate(ds, shapes)[0]
