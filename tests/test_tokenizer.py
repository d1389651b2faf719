"""Our linear-time char tokenizer makes exactly the tokens of spaCy's Chinese char segmenter."""
from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.recognize import pipeline
from kg.tokenizer import CharTokenizer, text_of

_SPACY = spacy.blank("zh")
_OURS = CharTokenizer(_SPACY.vocab)


def _tokens(doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("中国综试区Ab1 \t\n\u3000\xa0")), max_size=30))
def test_same_tokens_and_spaces_as_spacy_on_any_text(text):
    ours = _OURS(text)
    assert _tokens(ours) == _tokens(_SPACY.tokenizer(text))
    assert ours.text == text == text_of(ours)


def test_the_pipeline_uses_it_and_keeps_the_text():
    doc = pipeline()("RCEP  于2022年1月1日生效 ")
    assert isinstance(pipeline().tokenizer, CharTokenizer)
    assert text_of(doc) == doc.text == "RCEP  于2022年1月1日生效 "
    assert [t.text for t in doc][:6] == ["R", "C", "E", "P", " ", "于"]
