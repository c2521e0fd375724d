"""Distances stated in the text ("a 20-kilometre zone", "в 30 км от границы")."""

from __future__ import annotations

import re
from typing import Any

from ..lang import mapping
from .doc import _check_text

__all__ = ["distances_from_text"]

# distances stated in the text
_NUM_WORDS = mapping("NUMBER_WORDS")
_KM_UNIT = (
    r"(?:km|kms|kilomet(?:re|er)s?|km\.?|км|кілометр(?:ів|и|а)?|километр(?:ов|а|ы)?|-?kilomet(?:re|er)|"
    r"-?километров(?:ая|ую|ой|ый|ого|ом)|-?кілометров(?:а|у|ої|ий|ого|ій))"
)
_NUM = r"(\d{1,3}(?:[,\u00a0 ]\d{3})+|\d{1,5}(?:[.,]\d+)?)"
_DIST_RE = re.compile(
    rf"(?<![\w.]){_NUM}(?:\s*(?:-|–|—|to|до|або|или|or)\s*{_NUM})?\s*-?\s*{_KM_UNIT}(?![^\W\d_])",
    re.IGNORECASE | re.UNICODE,
)
_UNIT_RE = re.compile(r"km|kilomet|км|кілометр|километр", re.IGNORECASE)
_DIST_WORD_RE = re.compile(
    rf"\b({'|'.join(sorted(map(re.escape, _NUM_WORDS), key=len, reverse=True))})[\s-]+{_KM_UNIT}(?![^\W\d_])",
    re.IGNORECASE | re.UNICODE,
)


def _num(s: str) -> float:
    """'5,500' and '5 500' are thousands; '2,5' and '2.5' are decimals."""
    if re.fullmatch(r"\d{1,3}(?:[,\u00a0 ]\d{3})+", s):
        return float(re.sub(r"[,\u00a0 ]", "", s))
    return float(s.replace(",", "."))


def distances_from_text(text: str) -> list[dict[str, Any]]:
    """Distances stated in the text, in km, with the phrase that states them.

    >>> [d["km"] for d in distances_from_text("a 20-kilometre zone, 10-15 km deep, в 30 км от границы")]
    [20.0, 10.0, 15.0, 30.0]
    """
    text = _check_text(text)
    found: dict[int, tuple[int, float, str]] = {}
    for u in _UNIT_RE.finditer(text):
        lo = max(0, u.start() - 48)
        while lo > 0 and (text[lo - 1].isdigit() or text[lo - 1] in ".,"):
            lo -= 1
        window = text[lo : u.end() + 24]
        for m in _DIST_RE.finditer(window):
            if lo + m.start() in found:
                continue
            found[lo + m.start()] = (lo + m.start(), _num(m.group(1)), m.group(0))
            if m.group(2):
                found[lo + m.start(2)] = (lo + m.start(2), _num(m.group(2)), m.group(0))
        for m in _DIST_WORD_RE.finditer(window):
            found.setdefault(
                lo + m.start(), (lo + m.start(), float(_NUM_WORDS[m.group(1).lower()]), m.group(0))
            )
    out = []
    for start, km, phrase in sorted(found.values()):
        if 0 < km <= 20000:
            out.append({"km": km, "phrase": phrase.strip(), "start": start})
    return out
