"""Filter rules for names that hold a place's name but name something else.

A facility named after a town names the facility, not the town: "the Burshtyn
thermal power plant", "Ladyzhyn TPP", "the Kerch Bridge", "the Moscow–Simferopol
highway", "Рязанский НПЗ", "Ладижинська ТЕС", "Курская АЭС"; so does a name in
quotes after a word for a facility ("аэродром «Энгельс»").  A town governed by a
preposition ("the refinery in Ryazan", "an air base near Engels", "НПЗ в Рязани")
or in the genitive after the facility ("аэропорт Самары") stays the town.  A name
with a number joined to it ("«Россия 24»", "Engels-2") is the name of a channel,
a base or a unit.  The words for facilities are data: the ``FACILITY_WORDS`` and
``FACILITY_QUALIFIERS`` roles of the language packs.

A route named by its end points joined by dashes ("the Moscow–Simferopol highway",
"газопровод Уренгой — Помары — Ужгород", the word before or after) names the route
when its end points lie far apart (over :data:`LOCAL_ROUTE_KM`); a local road's end
points ("the Kupiansk–Svatove highway") are the places the story is about and stay.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ._lexicon import (
    _ADJ_ENDINGS,
    _ADJ_NOMINATIVE,
    _ANY_PLACE_PREPS,
    _CLOSE_QUOTES,
    _CONJUNCTIONS,
    _FACILITY_QUALIFIERS,
    _FACILITY_WORDS,
    _OPEN_QUOTES,
)
from .distance import _hav_km
from .doc import Doc, Mention, Token

__all__ = ["LOCAL_ROUTE_KM", "facility_name", "numbered_name", "route_after_facility"]

#: Qualifiers read between a name and its facility word ("thermal power plant": two).
_MAX_QUALIFIERS = 2
#: Names read past in a list or route before the facility word ("Saky and Dzhankoi airfields").
_MAX_LISTED = 5
#: What joins two names of a list or route: a comma or a dash (conjunctions are words).
_JOIN_RE = re.compile(r"\s*,\s*|\s*[-\u2010-\u2015]\s*")
#: A number joined to a name: "Engels-2", "Россия 24»" (a short number before a quote or an end).
#: A Cyrillic place adjective in any case: "Ладижинську", "Запорізька", "Рязанского".
_ADJECTIVE_RE = re.compile(r"(?:ськ|цьк|зьк|ск|цк|зк)[^\W\d_]{1,3}$")
_NUMBER_AFTER_RE = re.compile(r"-\d+|[ \u00a0]\d{1,3}(?=[»\"”’'.!?;:)\n]|$)")

_Drop = tuple[str, str] | None

#: A route whose end points lie at most this far (km) apart is local: its end points stay places.
LOCAL_ROUTE_KM = 250.0
_DASH_RE = re.compile(r"\s*[-\u2010-\u2015]\s*")
_DASH_TAIL_RE = re.compile(r"\s*[-\u2010-\u2015]\s*$")


def _route_span_km(doc: Doc, starts: list[int]) -> float:
    """The greatest distance (km) between the named end points of a route.

    Each name stands at its most populous candidate (a rough reading before
    resolution: enough to tell a local road from Moscow–Simferopol).
    """
    v = doc.gaz.values
    lons, lats, pops = v["lon"], v["lat"], v["population"]
    points = []
    for m in doc.mentions:
        if m.start in starts and m.entries:
            i = max((e[0] for e in m.entries), key=lambda k: pops[k])
            points.append((math.radians(lons[i]), math.radians(lats[i])))
    span = 0.0
    for k, (lo1, la1) in enumerate(points):
        for lo2, la2 in points[k + 1 :]:
            h = (
                math.sin((la2 - la1) / 2) ** 2
                + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
            )
            span = max(span, _hav_km(h))
    return span


def _dash_before(text: str, pos: int) -> bool:
    return bool(_DASH_TAIL_RE.search(text, max(0, pos - 4), pos))


def _dashed_chain_back(m: Mention, n: Any) -> list[int]:
    """Starts of the names dash-joined before ``m``, and ``m``'s, in text order."""
    if not _dash_before(n.text, m.start):
        return [m.start]
    ends = n.place_ends
    chain, text, pos = [m.start], n.text, m.start
    for _ in range(_MAX_LISTED):
        before = text[max(0, pos - 4) : pos]
        hit = _DASH_TAIL_RE.search(before)
        start = None if hit is None else ends.get(pos - len(before) + hit.start())
        if start is None:
            break
        chain.insert(0, start)
        pos = start
    return chain


def _dashed_chain_forward(m: Mention, n: Any) -> list[int]:
    """Starts of ``m`` and the names dash-joined after it."""
    chain, text, end = [m.start], n.text, m.end
    starts = n.place_starts
    for _ in range(_MAX_LISTED):
        hit = _DASH_RE.match(text, end)
        if hit is None or hit.end() not in starts:
            break
        chain.append(hit.end())
        end = starts[hit.end()]
    return chain


def route_after_facility(m: Mention, n: Any) -> _Drop:
    """End points of a far route named after its facility word ("трасса Москва — Симферополь").

    The names joined by dashes right after a word for a facility ("газопровод
    Уренгой — Помары — Ужгород") name the route when they lie far apart.
    """
    text = n.text
    if not _dash_before(text, m.start) and not _DASH_RE.match(text, m.end):
        return None  # no route: the common case, read at once
    chain = _dashed_chain_back(m, n)
    doc, sent = n.doc, m.first.sent
    ends = n.place_ends
    pos = chain[0]
    prv = doc.before(pos, sent)
    for _ in range(_MAX_LISTED):  # past capitalised names the data lacks ("Уренгой — ")
        if prv is None or not prv.cap or not _DASH_RE.fullmatch(text[prv.end : pos]):
            break
        pos = ends.get(prv.end, prv.start)
        prv = doc.before(pos, sent)
    if (
        prv is None
        or text[prv.end : pos].rstrip("".join(_OPEN_QUOTES)) != " "
        or not any(f in _FACILITY_WORDS for f in _forms(prv))
    ):
        return None
    chain = chain[:-1] + _dashed_chain_forward(m, n)
    if len(chain) < 2:
        return None
    span = _route_span_km(n.doc, chain)
    if span <= LOCAL_ROUTE_KM:
        return None
    return "facility_name", f'names a route {span:.0f} km long after "{prv.text}"'


def _forms(t: Token) -> tuple[str, ...]:
    """The word as written and, for a Cyrillic word, its nominatives (any case form matches)."""
    return (t.norm, *t.noms) if t.cyr else (t.norm,)


def _facility_at(doc: Doc, tok: Token) -> str | None:
    """The facility words that start at ``tok`` (qualifiers, then a facility word), or None."""
    text = doc.text
    t: Token | None = tok
    for _ in range(_MAX_QUALIFIERS + 1):
        if t is None:
            return None
        forms = _forms(t)
        if any(f in _FACILITY_WORDS for f in forms):
            return text[tok.start : t.end]
        nxt = doc.after(t.end, 1, t.sent)
        if nxt is None or text[t.end : nxt.start].strip():
            return None
        if f"{t.norm} {nxt.norm}" in _FACILITY_WORDS:  # "power station", "air base"
            return text[tok.start : nxt.end]
        if not any(f in _FACILITY_QUALIFIERS for f in forms):
            return None
        t = nxt
    return None


def _adjective(t: Token) -> bool:
    """A Cyrillic word shaped like a place's adjective, in any case."""
    return t.norm.endswith((*_ADJ_ENDINGS, *_ADJ_NOMINATIVE)) or bool(_ADJECTIVE_RE.search(t.norm))


def _next_listed(doc: Doc, end: int, sent: int, place_ends: dict[int, int]) -> Token | None:
    """The next name of a list or route after ``end`` ("Saky and Dzhankoi", "Moscow–Simferopol")."""
    text = doc.text
    nxt = doc.after(end, 1, sent)
    if nxt is None:
        return None
    gap = text[end : nxt.start]
    if not gap.strip() and nxt.norm in _CONJUNCTIONS:
        after = doc.after(nxt.end, 1, sent)
        if after is None or text[nxt.end : after.start] != " ":
            return None
        nxt = after
    elif gap.strip() and not _JOIN_RE.fullmatch(gap):
        return None
    return nxt if nxt.start in place_ends or (nxt.cyr and nxt.cap and _adjective(nxt)) else None


def _quoted_after_facility(m: Mention, n: Any) -> str | None:
    """The facility word before a quoted name ("аэродром «Энгельс»", 'airfield "Saky"')."""
    text, prv = n.text, n.prv
    if (
        prv is None
        or m.start < 2
        or m.end >= len(text)
        or text[m.start - 1] not in _OPEN_QUOTES
        or text[m.end] not in _CLOSE_QUOTES
        or text[prv.end : m.start - 1] != " "
    ):
        return None
    return prv.text if any(f in _FACILITY_WORDS for f in _forms(prv)) else None


def facility_name(m: Mention, n: Any) -> _Drop:
    """A place's name before a word for a facility names the facility, not the place.

    "the Burshtyn thermal power plant", "Рязанский НПЗ", "Saky and Dzhankoi
    airfields", "the Moscow–Simferopol highway"; also a quoted name after the word
    ("аэродром «Энгельс»").  Not with an admin word ("Kursk region power plants"), a
    possessive ("Kharkiv's power plant") or a Cyrillic noun ("в Рязани НПЗ"): in
    Russian and Ukrainian a facility is named by the place's adjective.
    """
    if m.cue is not None:
        return None
    word = _quoted_after_facility(m, n)
    if word is not None:
        return "facility_name", f'names a facility: "{word} {n.text[m.start - 1 : m.end + 1]}"'
    last = m.last
    if last.text.endswith(("'s", "’s")):
        return None
    if last.cyr and not _adjective(last):
        return None
    doc, text, place_ends = n.doc, n.text, n.place_starts
    end = m.end
    members = _dashed_chain_back(m, n)
    for _ in range(_MAX_LISTED + 1):
        nxt = doc.after(end, 1, last.sent)
        if nxt is None:
            return None
        if text[end : nxt.start] in (" ", "\u00a0"):
            words = _facility_at(doc, nxt)
            if words is not None:
                if len(members) > 1 and _route_span_km(doc, members) <= LOCAL_ROUTE_KM:
                    return None  # "the Kupiansk–Svatove highway": a local road's end points
                return "facility_name", f'names a facility: "{text[m.start : nxt.start]}{words}"'
        listed = _next_listed(doc, end, last.sent, place_ends)
        if listed is None:
            return None
        if _DASH_RE.fullmatch(text[end : listed.start]):
            members.append(listed.start)
        end = place_ends.get(listed.start, listed.end)
    return None


def numbered_name(m: Mention, n: Any) -> _Drop:
    """A name with a number joined to it names a channel, a base or a unit, no place.

    "«Россия 24»", "the Engels-2 base"; not an inflected name or one after a
    preposition ("над Курской 5", "in Kherson 3.").
    """
    hit = _NUMBER_AFTER_RE.match(n.text, m.end)
    if hit is None:
        return None
    if hit.group()[0] != "-" and (
        m.inflected or (n.prv is not None and n.prv.norm in _ANY_PLACE_PREPS)
    ):
        return None
    name = n.text[m.start : hit.end()].strip()
    return "name_with_number", f'"{name}" is a name with a number (a channel, a base, a unit)'
