"""What a district phrase says of the names around it.

* "X district of Y" (English): Y is X's oblast when X may be a raion there ("the Polohy
  district of Zaporizhzhia" names Zaporizhzhia Oblast, not the city); the words between
  are the packs' ``DISTRICT_OF_WORDS``.
* "Uspenivka and Novomykolaivka in the Polohy district" / "з Успенівки та
  Новомиколаївки в Пологівському районі": the places named right before a district
  phrase (a list too) lie in that district.  Each keeps its candidates in the district
  when it has any: a settlement of Ukraine by its raion (the data's ``raion`` column);
  for a former raion ("the Volchansk district") or a district of Russia (the data gives
  Russia's settlements no district), a settlement within :data:`_NEAR_CENTRE_KM` of its
  centre.  The words between are the packs' ``WITHIN_RAION_WORDS``.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from .._translit import normalize
from ..gazetteer import Gazetteer
from ..lang import words
from ._lexicon import _LIST_SEP_STRICT_RE, _SETTLEMENT_KINDS
from .distance import _nearest_km
from .doc import Mention

__all__ = ["district_of_oblast", "within_raion"]

#: a settlement this near the centre of a former raion or of a district of Russia may lie in it
_NEAR_CENTRE_KM = 40.0
_FORMER_ID = "UA-R-former-"
#: a city this big has districts of its own ("the Prymorskyi district of Odesa")
_CITY_WITH_DISTRICTS_POP = 100_000
_WITHIN = words("WITHIN_RAION_WORDS")
_OF = words("DISTRICT_OF_WORDS")
_SPACE_RE = re.compile(r"\s+")


def _gap(text: str, a: Mention, b: Mention) -> str:
    return _SPACE_RE.sub(" ", text[a.end : b.start].strip().lower())


@functools.lru_cache(maxsize=4)
def _seats(gaz: Gazetteer) -> dict[tuple[float, float], int]:
    """(lat, lon) -> the most populous settlement there: a raion's record lies at its centre."""
    v = gaz.values
    kinds, pops = v["kind"], v["population"]
    out: dict[tuple[float, float], int] = {}
    for i, (la, lo) in enumerate(zip(v["lat"], v["lon"], strict=True)):
        if kinds[i] in _SETTLEMENT_KINDS:
            k = (round(la, 5), round(lo, 5))
            j = out.get(k)
            if j is None or pops[i] > pops[j]:
                out[k] = i
    return out


def _seat(gaz: Gazetteer, r: int) -> int | None:
    """The settlement at raion ``r``'s centre (its record's position), or None."""
    v = gaz.values
    return _seats(gaz).get((round(v["lat"][r], 5), round(v["lon"][r], 5)))


def district_of_oblast(mentions: list[Mention], gaz: Gazetteer, text: str) -> None:
    """Read the Y of "X district of Y" ("Пологовский район Запорожья"): Y's oblast, or a city's district.

    When X may be a raion of today in Y's oblast, Y is cued as the oblast.  Otherwise,
    when Y may be a city of :data:`_CITY_WITH_DISTRICTS_POP` people or more, X is a district
    of that city ("the Prymorskyi district of Odesa", "Суворовский район Одессы"): the data
    has no city districts, so X is left out (rule ``city_district``) and Y stays the city.
    """
    v = gaz.values
    kinds, admin1, names, ids = v["kind"], v["admin1"], v["name"], v["id"]
    for k in range(len(mentions) - 1):
        m, y = mentions[k], mentions[k + 1]
        if m.cue == "raion" and y.cue == "oblast" and y.first.cyr and not _gap(text, m, y):
            _raion_in_named_oblast(gaz, m, y, text)  # "в Северском районе Краснодарского края"
            continue
        if m.cue != "raion" or y.cue is not None:
            continue
        gap = _gap(text, m, y)
        if gap not in _OF and not (gap == "" and y.first.cyr):  # Cyrillic: Y in the genitive
            continue
        today = {
            admin1[i]
            for i, _, _ in m.entries
            if kinds[i] == "raion" and not str(ids[i]).startswith(_FORMER_ID)
        }
        if any(kinds[i] == "oblast" and names[i] in today for i, _, _ in y.entries):
            y.cue = "oblast"
            y.note(f'the oblast of "{text[m.start : m.end]}", named before it')
        elif _city_district(gaz, m, y):
            m.entries = [e for e in m.entries if kinds[e[0]] != "raion"]
            m.traced(
                (
                    "resolve",
                    "city_district",
                    f'a district of the city "{y.text or text[y.start : y.end]}"',
                )
            )


def _raion_in_named_oblast(gaz: Gazetteer, m: Mention, y: Mention, text: str) -> None:
    """'в Северском районе Краснодарского края': only the raions of that oblast, or none.

    A district followed by its oblast in the genitive keeps the candidates that lie in
    that oblast; when none does, the data lacks the district (a namesake elsewhere, such
    as the former Siversk raion of Donetsk Oblast, is no reading of it).
    """
    v = gaz.values
    kinds, admin1, names = v["kind"], v["admin1"], v["name"]
    oblasts = {names[i] for i, _, _ in y.entries if kinds[i] == "oblast"}
    raions = [e for e in m.entries if kinds[e[0]] == "raion"]
    if not oblasts or not raions:
        return
    inside = [e for e in raions if admin1[e[0]] in oblasts]
    if len(inside) == len(raions):
        return
    m.entries = [e for e in m.entries if kinds[e[0]] != "raion" or e in inside]
    if not inside:
        where = y.text or text[y.start : y.end]
        m.note(f'no district of this name in "{where}"')


def _city_district(gaz: Gazetteer, m: Mention, y: Mention) -> bool:
    """Y may be a big city and none of X's raions lies by it (Balaklava's is Sevastopol's)."""
    v = gaz.values
    kinds, pops, lons, lats = v["kind"], v["population"], v["lon"], v["lat"]
    cities = [
        (lons[i], lats[i])
        for i, _, _ in y.entries
        if kinds[i] == "city" and pops[i] >= _CITY_WITH_DISTRICTS_POP
    ]
    if not cities:
        return False
    at = np.radians(np.asarray(cities, dtype=float))
    raions = [i for i, _, _ in m.entries if kinds[i] == "raion"]
    return all(_nearest_km(lons[i], lats[i], at) > _NEAR_CENTRE_KM for i in raions)


def _inside(gaz: Gazetteer, raions: list[int]):
    """A test of whether settlement entity ``i`` lies in one of ``raions``."""
    v = gaz.values
    ids, admin1, raion, lons, lats = v["id"], v["admin1"], v["raion"], v["lon"], v["lat"]
    own, near = set(), []
    for r in raions:
        c = None if str(ids[r]).startswith(_FORMER_ID) else _seat(gaz, r)
        if c is not None and raion[c]:  # Ukraine's raions: the settlements' raion column
            own.add((admin1[c], normalize(raion[c])))
        else:  # a former raion, or a district of Russia: the data has no raion of its settlements
            near.append((lons[r], lats[r]))
    centres = np.radians(np.asarray(near, dtype=float)) if near else None

    def test(i: int) -> bool:
        if (admin1[i], normalize(raion[i] or "")) in own:
            return True
        return centres is not None and _nearest_km(lons[i], lats[i], centres) <= _NEAR_CENTRE_KM

    return test


def within_raion(
    mentions: list[Mention], allowed: list[list[tuple[int, float, str]]], gaz: Gazetteer, text: str
) -> None:
    """Keep the candidates in the district of the places named right before a district phrase."""
    kinds, names = gaz.values["kind"], gaz.values["name"]
    for k in range(1, len(mentions)):
        m = mentions[k]
        if m.cue != "raion" or _gap(text, mentions[k - 1], m) not in _WITHIN:
            continue
        raions = [i for i, _, _ in allowed[k] if kinds[i] == "raion"]
        if not raions:
            continue
        test = _inside(gaz, raions)
        what = names[raions[0]] if len(raions) == 1 else f'the district "{text[m.start : m.end]}"'
        j = k - 1
        while j >= 0 and mentions[j].cue in (None, "city"):
            cands = allowed[j]
            inside = [e for e in cands if kinds[e[0]] in _SETTLEMENT_KINDS and test(e[0])]
            if inside:  # a place said to lie in a named district is no weak reading
                mentions[j].weak = False
            if inside and len(inside) < len(cands):
                allowed[j] = inside
                mentions[j].note(f"in {what}, named after it")
            if j == 0 or not _LIST_SEP_STRICT_RE.fullmatch(
                text[mentions[j - 1].end : mentions[j].start]
            ):
                break
            j -= 1
