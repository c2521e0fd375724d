"""Names of raions taken from their centres' names, and raions abolished in 2020.

* A district phrase may name a raion by any name of its centre: "the Pologi
  district", "Васильевский район" (from "Васильевка"), "Volchansk district".
  :func:`centre_keys` gives, for a settlement, the keys "<name> district/raion/
  rayon" for each of its Latin names and "<adjective> район" for the Russian and
  Ukrainian adjectives of its Cyrillic names (and of its hromada's adjective).
* Ukraine merged its raions in 2020; the press still writes "the Volchansk
  district" or "Velikiy Burluk district".  A town or city that holds a hromada
  (as most pre-2020 raion centres do) and is no raion centre today gets a raion
  record of its own, "Vovchansk Raion (former)", at the town
  (:func:`former_centres`).  Crimea's former raions named in the language packs
  (``FORMER_RAION_CENTRES``) keep going to today's raion (:mod:`geomap._raion_names`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._translit import is_cyrillic, latin_variants, normalize
from .lang import mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["FORMER_SUFFIX", "adjectives_of", "centre_keys", "former_centres"]

#: the name of a former raion: "<centre> Raion (former)"
FORMER_SUFFIX = " Raion (former)"

_LAT_WORDS = ("district", "raion", "rayon")
_UK_LETTERS_RE = re.compile(r"[іїєґ]|[сц]ьк")
_UK_ONLY_RE = re.compile(r"[іїєґ]")
_LATIN_NAME_RE = re.compile(r"^[a-z][a-z' -]{2,}$")
#: a town bigger than this has city districts and was no raion centre
_MAX_FORMER_CENTRE_POP = 200_000


def _one_word_adjectives(w: str) -> set[str]:
    """Adjective stems + endings of one Cyrillic word (Волчанск -> волчанский)."""
    uk = bool(_UK_LETTERS_RE.search(w))
    ends = ("ський",) if uk else ("ский", "ський")
    if w.endswith(("ськ", "цьк", "ск", "цк")):
        return {w + "ий"}
    if w.endswith(("ське", "цьке", "ское", "цкое", "ский", "ський", "цкий", "цький")):
        return {w[:-2] + "ий" if w.endswith(("ое", "ий")) else w[:-1] + "ий"}  # Кировское
    if w.endswith(("не", "ное")):  # Роздольне -> роздольненський
        stem = w[:-2] if w.endswith("ое") else w[:-1]
        return {stem + e for e in ("енський", "ський") if uk} | (
            set() if uk else {stem + e for e in ("енский", "ский", "енський")}
        )
    if w.endswith("ка") and len(w) > 4:  # Васильевка -> васильевский; Новоселка -> новоселковский
        stems = (
            {w[:-2]} if w.endswith(("вка", "нка")) else {w[:-2], w[:-1] + ("ів" if uk else "ов")}
        )
    elif w.endswith(("и", "ы")):
        stems = {w[:-1] + ("ів" if uk else "ов"), w[:-1] + "ов"}
        ends = ("ский", "ський")
    elif w.endswith(("ье", "ья", "ʼя", "'я")):  # Запорожье -> запорожский
        stems = {w[:-2]}
    elif w.endswith(("е", "о", "а", "я", "ь", "й")):
        stems = {w[:-1]}
    else:
        stems = {w}
    return {s + e for s in stems for e in ends}


def adjectives_of(name: str) -> set[str]:
    """Possible district adjectives of a Cyrillic place name, normalised.

    >>> sorted(adjectives_of("Васильевка"))
    ['васильевский', 'васильевський']
    >>> sorted(adjectives_of("Великий Бурлук"))
    ['великобурлукский', 'великобурлукський']
    """
    n = normalize(name).replace("-", " ")
    if not is_cyrillic(n):
        return set()
    parts = n.split()
    if len(parts) == 1:
        return _one_word_adjectives(parts[0])
    if len(parts) == 2 and parts[0].endswith(("ий", "ый", "ая", "а", "е", "ое", "ої")):
        head = parts[0][:-2] if parts[0].endswith(("ий", "ый", "ая", "ое")) else parts[0][:-1]
        return {head + "о" + a for a in _one_word_adjectives(parts[1])}
    return set()


def _latin_names(name: str, alts: list[str]) -> set[str]:
    """A settlement's Latin names that read as romanised Russian or Ukrainian."""
    first = normalize(name)[:1]
    out = {normalize(name)}
    for a in alts:
        na = normalize(a)
        if is_cyrillic(a):
            out |= {normalize(v) for v in latin_variants(a)}
        elif na[:1] == first and _LATIN_NAME_RE.match(na):
            out.add(na)
    return out


def centre_keys(row) -> tuple[set[str], set[str]]:
    """(name keys, adjective keys) of a raion named after settlement ``row``.

    ``row`` has ``name``, ``name_uk``, ``name_ru``, ``alt`` and ``hromada`` (the
    places table).  Name keys: "<Latin name> district|raion|rayon"; adjective keys:
    "<adjective> район" and the adjective's Latin spellings + "district|raion|rayon".
    """
    alts = [a for a in str(row.alt or "").split("|") if a]
    # the official names and the alternates that read as Russian ("Волчанск", "Кировское"):
    # a Ukrainian alternate is an old or other name ("Олександрівка" for Donetsk)
    cyr = [n for n in (row.name_uk, row.name_ru) if n and is_cyrillic(n)]
    cyr += [a for a in alts if is_cyrillic(a) and not _UK_ONLY_RE.search(normalize(a))]
    names = {f"{v} {w}" for v in _latin_names(row.name, alts) for w in _LAT_WORDS}
    adjs: set[str] = set()
    for n in cyr:
        adjs |= adjectives_of(n)
    hromada = normalize(str(row.hromada or ""))
    if hromada.endswith(("ська", "цька")):
        adjs.add(hromada[:-1] + "ий")
    keys = {f"{a} район" for a in adjs}
    for a in adjs:
        keys |= {normalize(f"{v} {w}") for v in latin_variants(a) for w in _LAT_WORDS}
    return names, keys


def former_centres(places: pd.DataFrame, raions: pd.DataFrame) -> pd.DataFrame:
    """The Ukrainian towns that may name a former raion ("the Volchansk district").

    A town or city holding a hromada (Sevastopol's towns, which have none, too),
    no raion centre today, not a former centre the packs give to today's raion,
    and under :data:`_MAX_FORMER_CENTRE_POP` people.
    """
    centres = set(raions["centre_id"].astype(str))
    packed = {(code, c) for code, c in mapping("FORMER_RAION_CENTRES").values()}
    ua = places[(places["country"] == "UA") & places["kind"].isin(("city", "town"))]
    keep = (
        ~ua["id"].astype(str).isin(centres)
        & ((ua["hromada"].fillna("") != "") | (ua["admin1"] == "UA-40"))
        & (ua["population"] < _MAX_FORMER_CENTRE_POP)
    )
    keep &= ua["admin1"].combine(ua["name"], lambda a, n: (a, n) not in packed).astype(bool)
    return ua[keep]
