"""Split normalised text into paragraphs and sentences, keeping their offsets.

spaCy's Chinese tokenizer gets one sentence at a time: its cost grows quadratically
with the length of a Doc (FACTS.md), so we never hand it a whole document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]+[”’」』）)]*|[^。！？!?\n]+")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int        # offsets in the normalised text
    end: int
    text: str
    paragraph: int     # index of the paragraph (line of normalised text)
    is_table_row: bool


def split(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for para_no, para in enumerate(text.split("\n")):
        if "\t" in para:
            if para.strip():
                out.append(Sentence(len(out), pos, pos + len(para), para, para_no, True))
        else:
            for m in _SENTENCE.finditer(para):
                s = m.group(0)
                if s.strip():
                    out.append(Sentence(len(out), pos + m.start(), pos + m.end(), s, para_no, False))
        pos += len(para) + 1
    return out
