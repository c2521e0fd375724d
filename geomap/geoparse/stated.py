"""Distances stated in the text ("a 20-kilometre zone", "в 30 км от границы"), with their role.

Each distance gets a ``role`` from the words around it:

* ``advance``: ground gained ("advanced 2 km", "продвинулись на 2 км", "просунулися на 3 км");
* ``depth``: the depth or width of a zone, belt or strip ("a 20-km zone", "10-15 km deep",
  "30-kilometre strip", "зона в 30 км от границы");
* ``from_place``: how far something lies from a place ("20 km from the border",
  "40 km north of Kharkiv", "за 10 км від кордону");
* ``other``: anything else (ranges of weapons, lengths of front).

Only depths become zones on a map.
"""

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
#: Where a unit may be: "km", "kilomet", "км", "кілометр" or "километр" in any case.  The
#: first letter is a class of every code point the case-insensitive regex takes for "k" or
#: "к" (the Kelvin sign too): the engine then skips to such letters instead of trying all
#: five words at each position, and finds the same matches.
_UNIT_RE = re.compile(
    r"[kK\u212aкК](?:(?<=[kK\u212a])(?i:m|ilomet)|(?<=[кК])(?i:м|ілометр|илометр))"
)
_DIST_WORD_RE = re.compile(
    rf"\b({'|'.join(sorted(map(re.escape, _NUM_WORDS), key=len, reverse=True))})[\s-]+{_KM_UNIT}(?![^\W\d_])",
    re.IGNORECASE | re.UNICODE,
)

#: The number words, case-folded, leaving out any that holds a shorter one (it is found
#: through that one): a window without any of them has no number word for
#: ``_DIST_WORD_RE`` to match (see :func:`_may_hold_number_word`).
_WORDS_FOLDED = tuple(
    sorted(
        w
        for w in {k.casefold() for k in _NUM_WORDS}
        if not any(v != w and v in w for v in {k.casefold() for k in _NUM_WORDS})
    )
)


def _may_hold_number_word(window: str) -> bool:
    """False only when ``_DIST_WORD_RE`` cannot match in ``window`` (a cheap test first).

    The regex matches letters case-insensitively; every letter it takes for a
    letter of a number word case-folds to that letter, except "İ" (folds to
    "i" and a combining dot) and "ı", both taken for "i": they are put back to
    "i". So a number word the regex would find is a substring of the folded
    window; the test may say True when the regex finds nothing, never the
    reverse.

    >>> _may_hold_number_word("a TWENTY-km belt"), _may_hold_number_word("a 20-km belt")
    (True, False)
    """
    return any(map(_folded(window).__contains__, _WORDS_FOLDED))


def _folded(text: str) -> str:
    """``text`` case-folded, with "İ" and "ı" as "i" (as the case-insensitive regex takes them)."""
    return text.casefold().replace("i\u0307", "i").replace("\u0131", "i")


#: Words of ground gained, before the distance ("advanced 2 km") or after it ("a 2 km advance").
_ADVANCE_BEFORE_RE = re.compile(
    r"(?:advanc|pushed|moved (?:forward|up)|gained|progress|продвин|продвига|просун|просува|"
    r"углуби|заглиб|вклини|прорвал)\w*(?:\s+\w+){0,3}\s*(?:на|by|of|some|about|up to|до)?\s*$",
    re.IGNORECASE,
)
_ADVANCE_AFTER_RE = re.compile(r"^\W{0,3}(?:advance|gain|push|продвижени|просуванн)", re.IGNORECASE)
#: Words of a zone's depth or width, next to the distance.
_DEPTH_RE = re.compile(
    r"\b(?:zones?|buffer|belt|strip|deep|wide|depth|width|cordon|"
    r"зон[аыуеіи]?|буфер\w*|пояс\w*|полос\w*|смуг\w*|глубин\w*|глибин\w*|вглубь|углубь|"
    r"завглибшки|завширшки|шириной|глубиной)\b",
    re.IGNORECASE,
)
#: Words of a distance from a place, after the distance.
_FROM_RE = re.compile(
    r"^\W{0,3}(?:\w+\s+){0,2}(?:from|away|of|от|від|outside|north|south|east|west|"
    r"северн\w*|южн\w*|восточн\w*|западн\w*|північн\w*|південн\w*|східн\w*|західн\w*)\b",
    re.IGNORECASE,
)


_CLAUSE_RE = re.compile(r"[.!?;](?:\s|$)")


def _role(text: str, start: int, end: int) -> str:
    """Tell advance | depth | from_place | other from the words around ``text[start:end]``."""
    before = _CLAUSE_RE.split(text[max(0, start - 40) : start])[-1]  # this sentence only
    after = _CLAUSE_RE.split(text[end : end + 30], maxsplit=1)[0]
    if _ADVANCE_BEFORE_RE.search(before) or _ADVANCE_AFTER_RE.search(after):
        return "advance"
    if _DEPTH_RE.search(after[:25]) or _DEPTH_RE.search(before[-25:]):
        return "depth"
    if _FROM_RE.search(after):
        return "from_place"
    return "other"


_THOUSANDS_RE = re.compile(r"\d{1,3}(?:[,\u00a0 ]\d{3})+")
_THOUSANDS_SEP_RE = re.compile(r"[,\u00a0 ]")


def _num(s: str) -> float:
    """'5,500' and '5 500' are thousands; '2,5' and '2.5' are decimals."""
    if _THOUSANDS_RE.fullmatch(s):
        return float(_THOUSANDS_SEP_RE.sub("", s))
    return float(s.replace(",", "."))


def distances_from_text(text: str) -> list[dict[str, Any]]:
    """Distances stated in the text, in km, with the phrase that states them and its role.

    Parameters
    ----------
    text : str
        The article (English, Russian or Ukrainian).

    Returns
    -------
    list of dict
        In text order, one dict per number: ``km``, ``phrase`` (the words
        stating it), ``start`` (its offset) and ``role`` (``advance``,
        ``depth``, ``from_place`` or ``other``); a range gives two.

    Examples
    --------
    >>> [d["km"] for d in distances_from_text("a 20-kilometre zone, 10-15 km deep, в 30 км от границы")]
    [20.0, 10.0, 15.0, 30.0]
    >>> [d["role"] for d in distances_from_text(
    ...     "Troops advanced 2 km. A 20-km zone. Sumy lies 30 km from the border. Missiles with a 300 km range.")]
    ['advance', 'depth', 'from_place', 'other']
    """
    text = _check_text(text)
    found: dict[int, tuple[int, float, str, int]] = {}
    for u in _UNIT_RE.finditer(text):
        lo = max(0, u.start() - 48)
        while lo > 0 and (text[lo - 1].isdigit() or text[lo - 1] in ".,"):
            lo -= 1
        window = text[lo : u.end() + 24]
        for m in _DIST_RE.finditer(window):
            if lo + m.start() in found:
                continue
            end = lo + m.end()
            found[lo + m.start()] = (lo + m.start(), _num(m.group(1)), m.group(0), end)
            if m.group(2):
                found[lo + m.start(2)] = (lo + m.start(2), _num(m.group(2)), m.group(0), end)
        if not _may_hold_number_word(window):
            continue
        for m in _DIST_WORD_RE.finditer(window):
            found.setdefault(
                lo + m.start(),
                (lo + m.start(), float(_NUM_WORDS[m.group(1).lower()]), m.group(0), lo + m.end()),
            )
    out = []
    for start, km, phrase, end in sorted(found.values()):
        if 0 < km <= 20000:
            role = _role(text, start, end)
            out.append({"km": km, "phrase": phrase.strip(), "start": start, "role": role})
    return out
