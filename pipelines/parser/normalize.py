"""Text normalisation shared by every parser step.

Two forms of a string matter: ``clean`` (NFKC: full-width digits, brackets and
colons become half-width; zero-width characters removed; traditional
characters converted to simplified; pinyin artefacts like 辦(bàn) dropped)
and ``key`` (``clean`` without whitespace, punctuation, bracketed asides and
years in brackets) used to match labels against template keys. Raw text is
never replaced: callers keep the original next to these forms.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import lru_cache

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = dict.fromkeys(map(ord, _ZERO_WIDTH_CHARS), None)
_HAS_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
# Pinyin artefact: "(bàn)" with at least one tone-marked vowel (or ü) inside.
_PINYIN = re.compile(r"\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
_BRACKETED = re.compile(r"\([^()]*\)")
# Everything that is not a CJK ideograph, letter or digit is noise for keys.
_NOT_KEY = re.compile(r"[^0-9A-Za-z\u3400-\u9fff“”\"]+")
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")

def _opencc_dir() -> str:
    import opencc

    return os.path.dirname(opencc.__file__)


@lru_cache(maxsize=1)
def _trad_chars() -> frozenset[str]:
    """Characters that OpenCC would change when converting to simplified."""
    chars: set[str] = set()
    with open(os.path.join(_opencc_dir(), "dictionary", "TSCharacters.txt"), encoding="utf-8") as fh:
        for line in fh:
            src, _, dst = line.rstrip("\n").partition("\t")
            if len(src) == 1 and src not in dst.split(" "):
                chars.add(src)
    return frozenset(chars)


def _beyond_bmp(text: str) -> bool:
    """Whether the text has a character beyond the BMP: UTF-16 takes two units for it
    (an encoder's copy, several times faster than a regex scan of CJK text)."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


@lru_cache(maxsize=1)
def _trad_bmp() -> re.Pattern[str]:
    """A character class of the traditional-only characters in the BMP."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_trad_chars()) if c <= "\uffff") + "]")


def has_traditional(text: str) -> bool:
    """True when the text contains at least one traditional-only character.

    A character class of the BMP characters scans the text in C (the regex
    engine's bitmap), several times faster than a set test per character;
    the rare text with characters beyond the BMP gets the set test."""
    if _trad_bmp().search(text):
        return True
    return _beyond_bmp(text) and not _trad_chars().isdisjoint(text)


@lru_cache(maxsize=1)
def _converter():  # -> opencc.OpenCC
    import opencc

    return opencc.OpenCC("t2s")


def _dict_files(node: object) -> list[str]:
    """The dictionary files an OpenCC config names (its "file" entries, at any depth)."""
    if isinstance(node, dict):
        return [f for k, v in node.items() for f in ([v] if k == "file" else _dict_files(v))]
    if isinstance(node, list):
        return [f for v in node for f in _dict_files(v)]
    return []


@lru_cache(maxsize=1)
def _t2s_runs() -> re.Pattern[str]:
    """Runs of the BMP characters that occur in a key of the t2s dictionaries."""
    with open(os.path.join(_opencc_dir(), "config", "t2s.json"), encoding="utf-8") as fh:
        files = set(_dict_files(json.load(fh)))
    chars: set[str] = set()
    for name in files:
        with open(os.path.join(_opencc_dir(), "dictionary", name), encoding="utf-8") as fh:
            for line in fh:
                chars.update(line.partition("\t")[0])
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars) if c <= "\uffff") + "]+")


def to_simplified(text: str) -> str:
    """OpenCC t2s conversion (character-for-character for our vocabulary).

    OpenCC (pure Python here) costs about 2 µs a character. A character that
    occurs in no dictionary key is never changed and no match spans it, so
    the text converts run by run of the other characters, the rest left as
    it is: the same result (tests/test_parse_text.py checks it against
    OpenCC). The runs are words that recur across reports: each is converted
    once. A text with characters beyond the BMP goes to OpenCC whole."""
    if _beyond_bmp(text):
        return _converter().convert(text)
    return _t2s_runs().sub(_run_simplified, text)


@lru_cache(maxsize=50_000)  # runs are words of the reports' vocabulary: they recur
def _simplified(run: str) -> str:
    return _converter().convert(run)


def _run_simplified(m: re.Match[str]) -> str:
    return _simplified(m.group())


# Full-width ASCII forms and the ideographic space, each with its NFKC form.
_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")
_HALF_WIDTH = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (0x3000, *range(0xFF01, 0xFF5F))}


def _half_width(m: re.Match[str]) -> str:
    return _HALF_WIDTH[m.group()]


def nfkc(text: str) -> str:
    """NFKC plus removal of zero-width characters and of non-breaking spaces.

    Chinese text is seldom NFKC only for its full-width punctuation and
    digits, and full normalisation costs ~5-10 µs a line: those characters
    are replaced by their NFKC forms first, and a text that is then
    normalised (a quick check) is done. Replacing a character by its NFKC
    form keeps the text compatibility-equivalent, so the result is NFKC
    of the text either way."""
    if text.isascii():
        return text
    if _HAS_ZERO_WIDTH.search(text):  # translate() is slow on CJK text: only when needed
        text = text.translate(_ZERO_WIDTH)
    if not unicodedata.is_normalized("NFKC", text):
        text = _FULL_WIDTH.sub(_half_width, text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return text.replace("\xa0", " ")


def clean(text: str, traditional: bool = False) -> str:
    """Normalised display form: half-width, simplified, no pinyin artefacts."""
    out = nfkc(text)
    if traditional:
        out = to_simplified(out).replace("资讯", "信息")  # 政府資訊公開 (Taiwan phrasing) on mirrors
    if "(" in out and not out.isascii():
        out = _PINYIN.sub("", out)
    out = out.replace("【", "[").replace("】", "]").replace("〔", "[").replace("〕", "]")
    return out


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Matching form of an already-clean label: no spaces, asides or punctuation.

    Bracketed asides such as （区分处理的，只计这一情形…） or (2023) are dropped;
    numbering like （一） goes with them. Quotes are dropped too.
    """
    out = "".join(text.split())  # (str.split's whitespace is the regex's \s; split is faster on CJK)
    if "(" in out:
        prev = None
        while prev != out:
            prev, out = out, _BRACKETED.sub("", out)
    out = _QUOTES.sub("", out)
    return _NOT_KEY.sub("", out)


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})(?=\D)")


def strip_numbering(k: str) -> str:
    """Drop leading chapter/item numbering (一、 1. 3、) from a key."""
    return _NUMBERING.sub("", k)
