"""spaCy's character segmentation for Chinese, in linear time, keeping its text.

``spacy.blank("zh")`` segments one token per character, then re-aligns the tokens
with the text by slicing the rest of the string once per character (quadratic), and
``Doc.text`` joins one token per character back together each time it is read.
Both showed at the top of the extraction profile. This tokenizer makes the same
tokens and whitespace flags in one pass, and remembers the text it was given in
``doc._.kg_text``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.vocab import Vocab

_WHITESPACE = re.compile(r"\s")
_TOKEN = re.compile(r"(\S)( ?)|(\s+)")  # a character and the one space it owns, or a run of other space

if not Doc.has_extension("kg_text"):
    Doc.set_extension("kg_text", default=None)


class CharTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        if not _WHITESPACE.search(text):
            words, spaces = list(text), [False] * len(text)
        else:
            words, spaces = [], []
            for char, space, run in _TOKEN.findall(text):
                words.append(char or run)
                spaces.append(bool(space))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.kg_text = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        return map(self, texts)


def text_of(doc: Doc) -> str:
    """The doc's text, without rebuilding it from its tokens when the tokenizer kept it."""
    return doc._.kg_text if doc._.kg_text is not None else doc.text
