"""HTML to the page's main text with trafilatura, without navigation chrome.

trafilatura finds the main content of gov.cn-style pages offline and returns it as XML
(``<p>``, ``<head>``, ``<list>``, ``<table><row><cell>``). Walking that XML keeps each
paragraph on its own line and each table row as one tab-separated line, which kg.tables
reads. The title and date come from trafilatura's metadata (meta tags such as
``og:title`` / ``PubDate``, the page heading or ``<title>``).
"""
from __future__ import annotations

from collections.abc import Iterator

from . import Extracted, FormatError

_INLINE = frozenset({"hi", "ref", "lb", "del", "graphic"})


def read_html(source: str, encoding: str) -> Extracted:
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(source, output_format="xml", include_tables=True, include_comments=False,
                              with_metadata=True, favor_recall=True)
    if xml is None:
        raise FormatError("no main text found in the page")
    doc = etree.fromstring(xml)
    text = "\n".join(_lines(doc.find("main")))
    if not text.strip():
        raise FormatError("no main text found in the page")
    return Extracted(text, f"html+{encoding}", doc.get("title") or None, doc.get("date") or None)


def _lines(element) -> Iterator[str]:
    """Lines of a trafilatura XML element: block elements recurse, inline-only ones are one line each."""
    for child in element:
        if child.tag == "table":
            for row in child.iter("row"):
                yield "\t".join(" ".join(_flat(cell).split()) for cell in row.iterchildren("cell"))
        elif all(grand.tag in _INLINE for grand in child):
            yield from _flat(child).replace("\t", " ").splitlines()
        else:
            if child.text and child.text.strip():
                yield child.text.strip()
            yield from _lines(child)


def _flat(element) -> str:
    """An element's text, with ``<lb/>`` as a line break."""
    for lb in element.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    return "".join(element.itertext())
