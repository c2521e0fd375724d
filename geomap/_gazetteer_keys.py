"""The names a gazetteer entity is indexed under, and how much each counts.

Name-quality weights, the admin words of the language packs, and the keys
generated for oblasts ("Sumy region", "Сумская обл.", "Сумщина") and raions
("Glushkovsky district", "Глушковский район", "Rylsky urban okrug"), with the
Russian and Ukrainian spellings of district adjectives. Used by
:mod:`geomap._gazetteer_build` to build the index and by
:mod:`geomap._gazetteer_query` to read admin words in queries.

>>> oblast_key("Kursk Oblast")
'kursk'
>>> _latin_adj_to_ru("Korenevsky")
'кореневский'
"""

from __future__ import annotations

import functools
import re

from ._translit import is_cyrillic, latin_variants, normalize, ru_to_latin, uk_to_latin
from .lang import words

__all__ = ["oblast_key"]


# name quality weights: how much a match on this kind of name counts
_W_CANONICAL = 1.0
_W_OFFICIAL = 0.97  # official Ukrainian / Russian names
_W_ALT = 0.95  # alternate names from the sources
_W_VARIANT = 0.9  # generated transliteration variants
_W_BARE = 0.85  # an oblast by the bare name of its capital ("Sumy")
_W_FORM = 0.9  # generated admin forms ("Sumy region", "Сумская обл.")

# admin words of names in lookups ("Sumy oblast", "м Суми"), from the language packs
_OBLAST_WORDS = frozenset(words("OBLAST_NAME_WORDS"))
_RAION_WORDS = frozenset(words("RAION_NAME_WORDS"))
_CITY_WORDS = frozenset(words("SETTLEMENT_NAME_WORDS"))


def _add(names, key: str, idx: int, weight: float, how: str) -> None:
    if not key:
        return
    lst = names[key]
    for j, (i, w, _) in enumerate(lst):
        if i == idx:
            if weight > w:
                lst[j] = (idx, weight, how)
            return
    lst.append((idx, weight, how))


def _ru_adjectives(centre: str) -> list[str]:
    """Possible Russian adjectives of a district named after ``centre`` (Глушково -> глушковский)."""
    c = normalize(centre)
    if not c or not is_cyrillic(c):
        return []
    stem = c[:-1] if c[-1] in "оаеыи" else c
    stem = stem.removesuffix("ь")
    outs = {stem + "ский", stem + "анский", stem + "енский", stem + "овский"}
    if c.endswith("ск"):
        outs.add(c[:-2] + "ский")
    return sorted(outs)


_LAT2CYR = (
    ("shch", "щ"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "е"),
    ("yo", "ё"),
)
_LAT1 = dict(zip("abvgdezijklmnoprstufhcy", "абвгдезийклмнопрстуфхцы", strict=True))


def _latin_adj_to_ru(adj: str) -> str:
    """Russian spelling of a BGN-romanised adjective: Korenevsky -> кореневский, Grayvoronsky -> грайворонский."""
    a = normalize(adj)
    for end in ("skiy", "skii", "skij", "sky", "ski"):
        if a.endswith(end):
            a = a[: -len(end)]
            break
    out = []
    i = 0
    while i < len(a):
        for lat, cyr in _LAT2CYR:
            if a.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            ch = a[i]
            if ch == "y" and out and out[-1] in "аеиоуыэюя":
                out.append("й")
            else:
                out.append(_LAT1.get(ch, ch))
            i += 1
    return "".join(out) + "ский"


def _uk_to_ru_adj(adj: str) -> str:
    a = normalize(adj)
    a = a.replace("ський", "ский").replace("цький", "цкий").replace("зький", "зский")
    return a.replace("і", "и").replace("ї", "и").replace("є", "е")


def _oblast_stem(name: str) -> str:
    """An oblast's name without its admin word: "Kursk Oblast" -> "Kursk"."""
    return re.sub(r"\s+(Oblast|Krai|Region)$", "", name)


@functools.lru_cache(maxsize=4096)
def oblast_key(name: str) -> str:
    """The normalised bare name of an oblast: "Kursk Oblast" -> "kursk".

    Parameters
    ----------
    name : str
        An oblast's name, with or without "Oblast", "Krai" or "Region".

    Returns
    -------
    str
        The name folded for comparison (:func:`geomap._translit.normalize`).
    """
    return normalize(_oblast_stem(name))


def _oblast_keys(r) -> list[tuple[str, float, str]]:
    keys: list[tuple[str, float, str]] = [(normalize(r.name), _W_CANONICAL, "canonical")]
    stem = _oblast_stem(r.name)
    for word in ("oblast", "region", "province", "oblast'", "obl"):
        keys.append((normalize(f"{stem} {word}"), _W_FORM, "admin form"))
    keys.append((normalize(stem), _W_BARE, "bare"))
    for n in (r.name_uk, r.name_ru):
        if n:
            keys.append((normalize(n), _W_OFFICIAL, "official"))
            nn = normalize(n)
            if nn.endswith(" область"):
                adj = nn.removesuffix(" область")
                keys.append((f"{adj} обл", _W_FORM, "admin form"))
                # the adjective alone, as in "Курской, Белгородской и Брянской областей"
                keys.append((adj, _W_BARE - 0.05, "bare"))
                for v in (uk_to_latin(adj), ru_to_latin(adj)):
                    for word in ("oblast", "oblast'", "region"):
                        keys.append((normalize(f"{v} {word}"), _W_FORM, "admin form"))
    for a in str(r.alt).split("|"):
        if not a:
            continue
        na = normalize(a)
        # a bare alternate ("Kharkov", "Odessa") names the capital first: weight it as bare
        is_form = " " in na and na.split()[-1] in {*_OBLAST_WORDS, "oblast"}
        w = (
            _W_OFFICIAL
            if is_form or (is_cyrillic(a) and na.endswith(("щина", "ччина", "чина")))
            else _W_BARE
        )
        if (
            is_cyrillic(a)
            and not na.endswith(("щина", "ччина", "чина", "область"))
            and " " not in na
        ):
            w = _W_BARE
        keys.append((na, w, "alternate"))
        if not is_form and not is_cyrillic(a):
            for word in ("oblast", "region", "province"):
                keys.append((normalize(f"{a} {word}"), _W_FORM, "admin form"))
    return keys


def _raion_keys(r) -> list[tuple[str, float, str]]:
    keys: list[tuple[str, float, str]] = [(normalize(r.name), _W_CANONICAL, "canonical")]
    for a in str(r.alt).split("|"):
        if a:
            keys.append((normalize(a), _W_ALT, "alternate"))
    adj = r.adjective
    if r.country == "UA":
        ukadj = normalize(adj)
        ruadj = _uk_to_ru_adj(adj)
        keys.append((f"{ukadj} район", _W_OFFICIAL, "official"))
        keys.append((f"{ruadj} район", _W_OFFICIAL, "official"))
        for v in sorted({*latin_variants(adj), *latin_variants(ruadj)}):
            for word in ("raion", "district", "rayon"):
                keys.append((normalize(f"{v} {word}"), _W_VARIANT, "transliterated"))
    else:
        # the adjective alone, as in "the Sudzhansky and Korenevsky districts"
        keys.append((normalize(adj), _W_BARE - 0.05, "bare"))
        # Russia's districts are now mostly municipal or urban okrugs: "Rylsky urban okrug"
        for word in (
            "district",
            "raion",
            "rayon",
            "okrug",
            "urban okrug",
            "municipal okrug",
            "municipal district",
            "urban district",
        ):
            keys.append((normalize(f"{adj} {word}"), _W_FORM, "admin form"))
            keys.append((normalize(f"{r.centre} {word}"), _W_FORM, "admin form"))
        cyr_adjs = {_latin_adj_to_ru(adj), *_ru_adjectives(getattr(r, "centre_ru", "") or "")}
        adj_ru = getattr(r, "adjective_ru", "") or ""
        if adj_ru:
            cyr_adjs.add(normalize(adj_ru))  # from GeoNames' spelling, soft signs kept: рыльский
            keys.append((normalize(adj_ru), _W_BARE - 0.05, "bare"))
        # Ukrainian spellings of Russian districts: суджанський, глушківський
        for a in sorted(cyr_adjs):
            uk = a.replace("ский", "ський")
            cyr_adjs.add(uk)
            if "ов" in uk[-9:]:
                cyr_adjs.add(uk[:-9] + uk[-9:].replace("ов", "ів"))
        for cyr in sorted(cyr_adjs):
            for word in (
                "район",
                "округ",
                "городской округ",
                "муниципальный округ",
                "муниципальный район",
                "міський округ",
                "муніципальний округ",
            ):
                keys.append((f"{cyr} {word}", _W_FORM, "admin form"))
        keys.append((_latin_adj_to_ru(adj), _W_BARE - 0.05, "bare"))
    return keys
