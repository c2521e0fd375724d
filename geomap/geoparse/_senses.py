"""Readings of a bare name the sentence around it fixes: the city, or the region.

"mayor of Kharkiv", "Belgorod lies 40 km" name the city (:func:`_city_context`);
"its Kursk operation", "the Belgorod, Kursk and Bryansk regions" may name the
region (:func:`_region_sense`).  Used by :mod:`.resolve`.
"""

from __future__ import annotations

import re

from ._lexicon import _REGION_SENSE_AFTER, _REGION_SENTENCE_WORDS
from .doc import Doc, Mention

__all__ = ["_city_context", "_region_sense"]


_CITY_BEFORE_RE = re.compile(
    r"(?:(?:centre|center|outskirts|suburbs|streets|downtown|mayor|residents|heart|skies|edge) of|"
    r"(?:plant|factory|refinery|airport|airfield|depot|substation|hospital) in|downtown|central|"
    r"regional capital,?|the city of|near|outside|struck|strikes? on|hit|hits|shelled|attacked|bombed|"
    r"targeted|pounded|attacks? on|(?:driven|taken|flown|bused|bussed|evacuated|returned|brought|"
    r"travelled|traveled|headed|sent|moved)(?: on| back)? to|центре|центрі|мэр|мер|місті|городе|окраине|околиці|"
    r"околицях|(?:km|kilomet(?:re|er)s?|miles|км|кілометрів|километров)\s+(?:\w+\s+)?(?:of|from|від|от))\s+$"
    r"|[\"“«]$",
    re.IGNORECASE,
)
_CITY_AFTER_RE = re.compile(
    r"^(?:['’]s\s+(?:mayor|city|centre|center|streets|residents|suburbs|outskirts|airport|metro|districts?)|"
    r",?\s+(?:a|the)\s+(?:city|regional capital|capital)|"
    r"\s+(?:lies|is|sits|was)\s+(?:about |roughly |some |only |just |around )?\d|\s+mayor|"
    r",?\s+(?:about|some|roughly|around|just|only)?\s*\d+\s*(?:km|kilomet|км)|\s+(?:must|next)\b)",
    re.IGNORECASE,
)


def _city_context(text: str, m: Mention) -> bool:
    """Evidence that a bare name is used as the city: "mayor of Kharkiv", "Belgorod lies 40 km"."""
    before = text[max(0, m.start - 30) : m.start]
    after = text[m.end : m.end + 40]
    return bool(_CITY_BEFORE_RE.search(before) or _CITY_AFTER_RE.search(after))


def _region_sense(m: Mention, doc: Doc | None, seen: dict[int, str | None]) -> str | None:
    """Why a bare English name of a region's capital may be the region, or None.

    A word for regions in its sentence ("the Belgorod, Kursk and Bryansk regions") or a
    noun after it that a region takes ("its Kursk operation"); any without a ``doc``.
    ``seen`` memoises the sentences read (sentence -> its word for regions, or None).
    """
    if doc is None or not doc.sents:
        return "no sentences to read"
    nxt = doc.after(m.end, 1, m.last.sent)
    if nxt is not None and nxt.norm in _REGION_SENSE_AFTER:
        return f'"{nxt.text}" after it'
    si = m.first.sent
    if si not in seen:
        seen[si] = _sentence_region_word(doc, si)
    word = seen[si]
    return f'"{word}" in the sentence' if word is not None else None


_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")


def _sentence_region_word(doc: Doc, si: int) -> str | None:
    """The sentence's first word for regions outside other names ("the Samara region")."""
    a, b = doc.sents[si]
    spans = [(x.start, x.end) for x in doc.mentions if a <= x.start < b and x.size > 1]
    for w in _LATIN_WORD_RE.finditer(doc.text, a, b):
        if w.group().lower() in _REGION_SENTENCE_WORDS and not any(
            s <= w.start() < e for s, e in spans
        ):
            return w.group()
    return None
