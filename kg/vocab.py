"""The terms of our ontology and the IRIs of the things we mint.

The ontology namespace is closed: asking for a term that ``ontology/kg.ttl`` does not
declare raises at once, so a misspelt predicate in a rule file fails loudly.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

KGO = "https://w3id.org/cbec-kg/ontology#"
KGR = "https://w3id.org/cbec-kg/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
QB = "http://purl.org/linked-data/cube#"
ELI = "http://data.europa.eu/eli/ontology#"
SCHEMA = "https://schema.org/"

PREFIXES = {
    "kgo": KGO, "kgr": KGR, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS,
    "prov": PROV, "dcterms": DCTERMS, "org": ORG, "qb": QB, "eli": ELI, "schema": SCHEMA,
}

ENTITY_CLASSES = (
    "CrossBorderEcommercePilotZone", "FreeTradeZone", "BondedZone", "PilotZone",
    "CustomsSupervisionCode", "TradeAgreement", "GovernmentAgency", "PolicyDocument",
    "Country", "Region", "Province", "City", "Company", "Organization", "Event",
    "IndustryCluster", "Person",
)
OBJECT_PREDICATES = (
    "locatedIn", "approvedBy", "issuedBy", "administeredBy", "usesCode", "partyTo",
    "tradePartnerOf", "cites", "appliesTo", "hostedBy", "hasCluster", "partOf", "headOf",
    "spokespersonOf", "cooperatesWith",
)
DATE_PREDICATES = ("establishedIn", "issuedIn")
PREDICATES = OBJECT_PREDICATES + DATE_PREDICATES
OTHER_CLASSES = ("Statistic", "Document", "Evidence", "Build", "Entity", "Zone", "Place")
OTHER_PROPERTIES = (
    "value", "unit", "period", "indicator", "about", "growthPct",
    "sentence", "startChar", "endChar", "rule", "confidence", "status", "rank",
    "batch", "mentions", "sha256", "charCount", "softwareVersion",
)
_TERMS = frozenset(ENTITY_CLASSES + PREDICATES + OTHER_CLASSES + OTHER_PROPERTIES)


def kgo(term: str) -> str:
    """IRI of an ontology term; unknown terms are an error, not a new IRI."""
    if term not in _TERMS:
        raise KeyError(f"{term!r} is not a term of the kg ontology")
    return KGO + term


_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－~～"), "-")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "【", "]": "】"})
_QUOTES_SPACES = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>·・]")


@lru_cache(maxsize=1 << 16)  # a document folds the same few names again and again (29 K calls, 9 K names)
def fold(text: str) -> str:
    """Identity key of a name: width, dashes, brackets, quotes and spaces folded.

    Two surface forms that fold to the same key are the same name.
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _QUOTES_SPACES.sub("", text).translate(_BRACKETS).lower()


def display(text: str) -> str:
    """A canonical display form: Chinese brackets, one dash form, no stray spaces."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return text.translate(_BRACKETS).replace("—", "-").replace("–", "-")


def _slug(text: str) -> str:
    """IRI-safe path segment: letters and digits kept (CJK included), the rest %-encoded."""
    out = []
    for ch in text:
        if ch.isalnum() and unicodedata.category(ch)[0] in "LN" and ord(ch) < 0xE000 or ch in "-._~":
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out) or "_"


def entity_iri(cls: str, name: str) -> str:
    return f"{KGR}{cls}/{_slug(fold(name))}"


def document_iri(file_name: str) -> str:
    return f"{KGR}doc/{_slug(file_name)}"


def graph_iri(file_name: str) -> str:
    """The named graph holding everything extracted from one document."""
    return f"{KGR}graph/{_slug(file_name)}"


def fact_iri(kind: str, digest: str) -> str:
    return f"{KGR}{kind}/{digest}"
