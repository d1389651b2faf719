"""Bytes to text for Chinese documents, and traditional characters mapped to simplified.

Encodings tried, in order: a byte-order mark (UTF-8/16/32), strict UTF-8, UTF-8 with a few
broken sequences (replaced by U+FFFD, so one bad byte does not cost the document), then
GB18030 (a superset of GBK and GB2312) or Big5 as charset-normalizer judges them. Detection
is limited to those two because unconstrained detection misreads short Chinese texts
(a nine-character GBK sentence came back as cp949).
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

from . import FormatError

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
DETECTED = ("gb18030", "big5")
# A UTF-8 file with a few damaged spots (a stray or cut byte) is kept, the damage replaced by
# U+FFFD: at most one spot per CHARS_PER_SPOT characters, each at most MAX_SPOT replacement
# characters long (one cut 4-byte character). Text in another encoding damages nearly every character.
CHARS_PER_SPOT = 1000
MAX_SPOT = 4
_REPLACED = re.compile("\ufffd+")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of the bytes; FormatError when they are not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise FormatError(f"invalid {enc} after its byte-order mark at byte {exc.start}") from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FormatError(f"binary data (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    spots = [len(run) for run in _REPLACED.findall(text)]
    if max(spots) <= MAX_SPOT and len(spots) <= max(1, len(text) // CHARS_PER_SPOT):
        return text, f"utf-8 ({len(spots)} broken byte sequence{'s' if len(spots) > 1 else ''} replaced by U+FFFD)"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECTED)).best()
    if best is None:
        raise FormatError("not text in any known encoding (tried UTF-8, GB18030, Big5)")
    return str(best), best.encoding


# In traditional text a fifth or more of the characters change; in simplified text a rare
# character (乾, 於) may, which must be left alone.
_TRADITIONAL_SHARE = 0.03


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def simplify(text: str) -> tuple[str, bool]:
    """Traditional characters mapped to simplified, keeping every character's position.

    Extraction rules and gazetteers are written in simplified Chinese. Evidence offsets
    must still point into the text as read, so the result has the same length: OpenCC's
    phrase-aware conversion is used when it keeps the length (it does on the texts
    measured), else each character is converted on its own. Returns (text, changed).
    """
    out = _t2s().convert(text)
    if out == text:
        return text, False
    if len(out) != len(text):
        out = "".join(map(_char_t2s, text))
    changed = sum(a != b for a, b in zip(text, out))
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    if changed < _TRADITIONAL_SHARE * cjk:  # a simplified text: 乾 in 李兴乾 is a name, not 干
        return text, False
    return out, out != text
