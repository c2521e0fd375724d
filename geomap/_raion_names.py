"""Further names of raions, derived from the data and the language packs' tables.

* Former raions: Ukraine merged its raions in 2020 and Crimea's pre-2020 raions
  ("Сакский район", "Saky district") are still written.  A language pack lists a
  former raion's adjective with its centre (role ``FORMER_RAION_CENTRES``); the
  name goes to today's raion that holds that centre, as a ``former`` name.
* Area names in "-щина": "Охтирщина" is the Okhtyrka area, derived from the raion's
  adjective by the packs' endings (role ``AREA_NAME_ENDINGS``: "-ський" -> "-щина",
  "-цький" -> "-ччина").  A form that already names an oblast ("Сумщина", from
  the oblast centre's raion) stays the oblast's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._translit import is_cyrillic, latin_variants, normalize
from .lang import mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["area_name_keys", "former_raion_keys"]

_RAION_WORDS_CYR = ("район",)
_RAION_WORDS_LAT = ("raion", "district", "rayon")


def area_name_keys(adjective: str) -> list[str]:
    """The "-щина" area names of a raion, from its adjective (Ukrainian or Russian).

    >>> area_name_keys("Охтирський")
    ['охтирщина']
    >>> area_name_keys("Донецький")
    ['донеччина']
    """
    adj = normalize(adjective)
    for end, area in mapping("AREA_NAME_ENDINGS").items():
        if adj.endswith(end) and len(adj) > len(end) + 2:
            return [adj[: -len(end)] + area]
    return []


def former_raion_keys(
    raion_of: dict[tuple[str, str], int], places: pd.DataFrame
) -> list[tuple[str, int]]:
    """``(key, raion index)`` for every former raion of the language packs.

    ``raion_of`` maps (oblast code, normalised adjective of today's raion) to its index;
    ``places`` is the settlement table (its ``raion`` column holds that adjective).  A
    centre the data holds more than once in its oblast is skipped (no guess).
    """
    out: list[tuple[str, int]] = []
    for adj, (code, centre) in mapping("FORMER_RAION_CENTRES").items():
        rows = places[(places["admin1"] == code) & (places["name"] == centre)]
        if len(rows) != 1:
            continue
        idx = raion_of.get((code, normalize(str(rows["raion"].iloc[0]))))
        if idx is None:
            continue
        keys = {f"{normalize(adj)} {w}" for w in _RAION_WORDS_CYR} if is_cyrillic(adj) else set()
        for v in {*latin_variants(adj), centre}:
            keys |= {normalize(f"{v} {w}") for w in _RAION_WORDS_LAT}
        out += [(k, idx) for k in sorted(keys)]
    return out
