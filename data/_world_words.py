"""Common words whose case forms read as a world city's alternate name.

Used by ``data/build_data.py`` for ``common_words.json``. A world city's Cyrillic
alternate name can be the nominative the parser derives from a frequent word
("тоді", Ukrainian "then", declines like "Тода", Shimotoda's Japanese-Russian
name; "кому" like "Комо"). Build-time filtering of the names
(:func:`build_data.build_world`) sees only nominatives; this table lists the
surface words themselves, so that the parser can leave them words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["MARGIN", "MIN_ZIPF", "THEATRE", "world_surface_words"]

#: a word must be at least this frequent (wordfreq Zipf) in Russian or Ukrainian
MIN_ZIPF = 3.3
#: and this much more frequent than the name it declines to ("тоді" 5.8 vs "тода" 2.7;
#: "Тюмени" 4.1 vs "Тюмень" 4.1 and "Париже" 4.5 vs "Париж" 4.8 are the cities)
MARGIN = 1.6
#: the settlement table's countries: their places are no world places here
THEATRE = frozenset({"RU", "UA", "BY"})
#: how many of each language's most frequent words are tried
TOP_N = 200_000


def world_surface_words(
    ents: pd.DataFrame,
    names: Mapping[str, Sequence[tuple[int, float, str]]],
    capital_ids: set[str],
) -> dict[str, dict[str, float]]:
    """Frequent Russian and Ukrainian words that the parser would read as a world city.

    A word is listed when it is no name in the index itself, one of its
    nominatives (:func:`geomap._morph.nominatives`, as the parser derives them)
    is the alternate name of a world city outside :data:`THEATRE` that is no
    capital and has fewer than a million people, and the word is at least
    :data:`MARGIN` more frequent in the language than every name in the index it
    declines to.
    Returns ``{word: {"en": z, "ru": z, "uk": z}}``.
    """
    from wordfreq import top_n_list, zipf_frequency

    from geomap._morph import nominatives
    from geomap._translit import is_cyrillic

    world = (ents["source"].to_numpy() == "geonames-world") & ~np.isin(
        ents["country"].to_numpy(), list(THEATRE)
    )
    pops = ents["population"].to_numpy()
    ids = ents["id"].astype(str).to_numpy()

    def minor_world_alternate(key: str) -> bool:
        hits = [(i, how) for i, _, how in names.get(key, ())]
        return bool(hits) and all(
            world[i] and how == "alternate" and pops[i] < 1_000_000 and ids[i] not in capital_ids
            for i, how in hits
        )

    table: dict[str, dict[str, float]] = {}
    for lang in ("uk", "ru"):
        for word in top_n_list(lang, TOP_N):
            z = zipf_frequency(word, lang)
            if z < MIN_ZIPF:
                break
            if word in table or word in names or len(word) < 3 or not is_cyrillic(word):
                continue
            noms = [nom for nom in nominatives(word) if nom != word and nom in names]
            # "Флоренции" is Florence's case form as well as Florencia's: the word is the
            # city when any place it declines to is a name about as frequent as the word
            if (
                noms
                and any(minor_world_alternate(nom) for nom in noms)
                and z - max(zipf_frequency(nom, lang) for nom in noms) >= MARGIN
            ):
                table[word] = {lg: round(zipf_frequency(word, lg), 2) for lg in ("en", "ru", "uk")}
    return table
