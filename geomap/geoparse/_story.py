"""Story evidence between namesakes: readings the scorer's features do not weigh.

Two decisions of pass 2 of :mod:`~geomap.geoparse.resolve`, each returning why
(for the mention's trace) or None:

* a big city read from an inflected form ("поблизу Самари": Samara) over small
  villages whose plain name the word is (Самари), and
* among districts of one name in different oblasts (Sovetsky, Kirovsky,
  Krasninsky...), the one nearest the article's places, when none of their
  oblasts is named.

It also tells a bare district adjective (:func:`district_adjective`), which never
falls back to a town of its name, and after pass 2 leaves out a small place far from
everything else the article names (:func:`drop_far_villages`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from ..gazetteer import Gazetteer
from ._lexicon import _SETTLEMENT_KINDS
from .distance import _nearest_km
from .doc import Doc, Mention
from .score import _Context

__all__ = [
    "district_adjective",
    "drop_far_villages",
    "hidden_city_peers",
    "hidden_city_reading",
    "nearer_raion",
]

#: how near (km) to the story's places a city read from an inflected form must lie
_HIDDEN_CITY_NEAR_KM = 100.0
#: a district namesake replaces the chosen one when at most this share of its distance away
_NEARER_RAION_SHARE = 0.5

KmOf = Callable[[int], float]


def hidden_city_peers(mentions: list[Mention], gaz: Gazetteer) -> set[str]:
    """Oblasts that the cities of two or more different hidden readings lie in.

    "от Лисок и Россоши": Liski and Rossosh, both in Voronezh Oblast, support each other.
    """
    admin1 = gaz.values["admin1"]
    keys: dict[str, set[str]] = {}
    for m in mentions:
        if m.hidden is not None:
            keys.setdefault(admin1[m.hidden], set()).add(m.key)
    return {oblast for oblast, ks in keys.items() if oblast and len(ks) > 1}


def hidden_city_reading(
    m: Mention,
    gaz: Gazetteer,
    ctx: _Context,
    best: int | None,
    km_of: KmOf,
    peers: set[str] | frozenset[str] = frozenset(),
) -> str | None:
    """Why the mention names the big city its inflected reading gives, else None.

    "поблизу Самари" is Samara (genitive), not the villages Самари, when the article
    names Samara Oblast or places within :data:`_HIDDEN_CITY_NEAR_KM` of the city,
    and the plain namesake chosen (``best``) has no such support of its own.
    ``km_of`` gives an entity's km to the story (memoised per article); ``peers``
    are the oblasts of :func:`hidden_city_peers`.
    """
    city = m.hidden
    if city is None or m.cue not in (None, "city"):
        return None
    admin1 = gaz.values["admin1"]
    if gaz.values["kind"][city] == "country":
        if m.cue is not None:
            return None  # "села Молдове": the village
        name = gaz.values["name"][city]
        return f'"{m.first.text}" read as an inflected form of {name}; a country before villages'
    own = {i for i, _, _ in m.entries}  # namesakes all in one oblast name it themselves
    if best is not None and ctx.named_by.get(admin1[best], set()) - own:
        return None  # "Самари" with Volyn Oblast named is the Volyn village
    if ctx.named(admin1[city], city):
        why = f"{admin1[city]} named"
    elif admin1[city] in peers:
        why = f"another name of the article reads as a city of {admin1[city]}"
    elif (km := km_of(city)) < _HIDDEN_CITY_NEAR_KM and (best is None or km < km_of(best)):
        why = f"{km:.0f} km from the places of the story"
    else:
        return None
    return f'"{m.first.text}" read as an inflected form of {gaz.values["name"][city]}; {why}'


def nearer_raion(
    cands: list[tuple[int, float, str]],
    gaz: Gazetteer,
    ctx: _Context,
    best: int | None,
    km_of: KmOf,
) -> tuple[int, str] | None:
    """(candidate position, why) of a district namesake nearer the story than ``best``.

    The scorer weighs distance for settlements only: "the Krasninsky district" in a
    story about Klintsy is Smolensk Oblast's (about 200 km), not Lipetsk Oblast's
    (about 500 km). Applies when ``best`` is a district whose oblast the article does
    not name and no other district candidate's oblast is named either; the nearest
    must lie at most :data:`_NEARER_RAION_SHARE` of ``best``'s distance away.
    """
    v = gaz.values
    kinds, admin1 = v["kind"], v["admin1"]
    if best is None or kinds[best] != "raion" or ctx.named(admin1[best], best):
        return None
    raions = [(ci, i) for ci, (i, _, _) in enumerate(cands) if kinds[i] == "raion" and i != best]
    if not raions or any(ctx.named(admin1[i], i) for _, i in raions):
        return None
    far = km_of(best)
    ci, near = min(raions, key=lambda c: km_of(c[1]))
    km = km_of(near)
    if km == math.inf or not km <= far * _NEARER_RAION_SHARE:  # nothing measured: no swap
        return None
    return (
        ci,
        f"the district of this name in {admin1[near]}, {km:.0f} km from the story, not {far:.0f}",
    )


#: The endings of a Cyrillic adjective ("Железнодорожном", "Северского", "Курській").
_CYR_ADJ_END_RE = re.compile(r"(?:ом|ому|ого|ой|ий|ый|ій|ім|им|их|ая|ое|ую|ою|ей)$")


def district_adjective(m: Mention) -> bool:
    """A Cyrillic adjective before округ/район ("в Железнодорожном округе Курска", "в Северском районе").

    It names a district: when the data holds no district of that name it is left
    unresolved, never read as a town of the name ("Железнодорожный", "Сіверське").
    """
    t = m.first  # "Железнодорожном" (the word after it), "Северском районе" (the word in the span)
    return m.cue == "raion" and m.size <= 2 and t.cyr and bool(_CYR_ADJ_END_RE.search(t.norm))


#: A small place (under :data:`FAR_VILLAGE_POPULATION` people) this far (km) from every
#: other place the article names, outside the oblasts it names, is left out (and reported
#: as unresolved) rather than put where nothing happened: most often a village the data
#: lacks, resolved to a namesake elsewhere ("Казинка" by Valuyki: Kazinka, Lipetsk Oblast).
FAR_VILLAGE_KM = 200.0
FAR_VILLAGE_POPULATION = 5_000


def drop_far_villages(
    mentions: list[Mention], gaz: Gazetteer, ctx: _Context, doc: Doc | None
) -> None:
    """After pass 2: unresolve small places far from all the article's other places.

    The distance is to every other place resolved in the article (settlements,
    districts, a capital named as its government), so "Kozarovychi, a village north
    of Kyiv" stays; a place in an oblast the article names stays too.
    """
    v = gaz.values
    kinds, pops, admin1, lons, lats = v["kind"], v["population"], v["admin1"], v["lon"], v["lat"]
    chosen = {m.chosen for m in mentions if m.chosen is not None}
    lone = [
        m
        for m in mentions
        if m.chosen is not None
        and kinds[m.chosen] in _SETTLEMENT_KINDS
        and 0 <= pops[m.chosen] < FAR_VILLAGE_POPULATION
        and not ctx.named(admin1[m.chosen], m.chosen)
    ]
    if not lone:
        return
    points = {i: (lons[i], lats[i]) for i in chosen if kinds[i] not in ("country", "oblast")}
    for m in lone:
        i = m.chosen
        assert i is not None
        others = [p for k, p in points.items() if k != i]
        if not others:
            continue
        km = _nearest_km(lons[i], lats[i], np.radians(np.asarray(others, dtype=float)))
        if km >= FAR_VILLAGE_KM:
            m.chosen = None
            if doc is not None:
                doc.drop(
                    m,
                    "resolve",
                    "village_far_from_the_story",
                    (
                        f"a small place {km:.0f} km from every other place named, not in an oblast named"
                    ),
                )
