"""Queries of the gazetteer: checking a name, reading its admin words, scoring matches.

:class:`Candidate` is what a lookup returns; :func:`_check_query` refuses
binary, empty or oversized names; :func:`_split_admin_words` reads "X region",
"X district", "city of X" forms into a kind hint; :func:`_kind_factor` and the
priors (:data:`_BORDER_RU`, :data:`_MAX_RAW_SCORE`) weigh the matches in
:meth:`geomap.gazetteer.Gazetteer.lookup`.

>>> _split_admin_words("sumy region")
('oblast', ['sumy region', 'sumy'])
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ._errors import InputError
from ._gazetteer_keys import _CITY_WORDS, _OBLAST_WORDS, _RAION_WORDS, _W_CANONICAL
from .lang import sequence

__all__ = ["MAX_QUERY_CHARS", "Candidate"]


#: Longest name accepted by :func:`lookup`.
MAX_QUERY_CHARS = 200
_SUFFIX_RE = re.compile(
    r"^(?P<base>.+?)\s+(?P<word>"
    + "|".join(
        re.escape(w)
        for w in sorted({*_OBLAST_WORDS, *_RAION_WORDS, *_CITY_WORDS}, key=len, reverse=True)
    )
    + r")$"
)
_PREFIX_RE = re.compile(
    r"^(?P<word>"
    + "|".join(
        re.escape(w) for w in sorted(sequence("SETTLEMENT_NAME_PREFIXES"), key=len, reverse=True)
    )
    + r")\s+(?P<base>.+)$"
)


@dataclass
class Candidate:
    """One gazetteer entity that a name may refer to.

    Attributes are plain values so candidates serialise to JSON as they are
    (``geometry`` is excluded from :meth:`to_dict`).
    """

    name: str
    kind: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    score: float
    reason: str
    id: str
    population: int | None = 0
    approx: bool = False
    raion: str | None = None
    matched: str = ""
    population_source: str | None = None
    _index: int = field(default=-1, repr=False)
    _worldview: str | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (no geometry)."""
        d = asdict(self)
        d.pop("_index")
        d.pop("_worldview")
        d["score"] = round(float(d["score"]), 4)
        return d

    @property
    def geometry(self):
        """Polygon for countries and oblasts, point for raions (centre) and settlements.

        Drawn in the worldview of the gazetteer the candidate came from:

        >>> from geomap.gazetteer import lookup
        >>> ru = lookup("Russia", worldview="de_facto")[0].geometry
        >>> ru.equals(lookup("Russia", worldview="de_jure")[0].geometry)
        False
        """
        from .gazetteer import get_gazetteer

        return get_gazetteer(worldview=self._worldview).geometry_of(self._index)


#: The highest raw score (canonical name + largest priors); displayed scores are raw / this.
_MAX_RAW_SCORE = _W_CANONICAL + 0.1 + 0.06

_BORDER_RU = {
    "Kursk Oblast",
    "Belgorod Oblast",
    "Bryansk Oblast",
    "Voronezh Oblast",
    "Rostov Oblast",
}


def _kind_factor(kind: str, hint: str | None) -> float:
    if hint is None:
        return 1.0
    if hint == "oblast":
        return 1.0 if kind in ("oblast", "country") else 0.6
    if hint == "raion":
        return 1.0 if kind == "raion" else 0.55
    if hint == "city":
        return 1.0 if kind in ("city", "town", "village") else 0.6
    return 1.0


def _split_admin_words(norm: str) -> tuple[str | None, list[str]]:
    """Detect "X region" / "X district" / "city of X" forms; return (kind hint, bases to try)."""
    bases = [norm]
    m = _SUFFIX_RE.match(norm)
    if m:
        word = m.group("word")
        hint = "oblast" if word in _OBLAST_WORDS else "raion" if word in _RAION_WORDS else "city"
        # the full form first (it may be an indexed admin form), then the base
        return hint, [norm, m.group("base")]
    m = _PREFIX_RE.match(norm)
    if m:
        return "city", [m.group("base"), norm]
    if norm.endswith(("щина", "щину", "щині", "чина", "ччина")):
        return "oblast", bases
    return None, bases


def _check_query(name: Any) -> str:
    if isinstance(name, bytes):
        try:
            name = name.decode("utf-8")
        except UnicodeDecodeError:
            msg = "place name is binary data, not UTF-8 text; pass a name like 'Kharkiv'"
            raise InputError(msg) from None
    if not isinstance(name, str):
        msg = f"place name must be text, got {type(name).__name__}; pass a name like 'Kharkiv'"
        raise InputError(msg)
    if "\x00" in name or any(0xD800 <= ord(ch) <= 0xDFFF for ch in name[: MAX_QUERY_CHARS + 1]):
        msg = "place name contains binary characters; pass a name like 'Kharkiv'"
        raise InputError(msg)
    stripped = " ".join(name.split())
    if not stripped:
        msg = "empty place name; pass a name like 'Kharkiv'"
        raise InputError(msg)
    if len(stripped) > MAX_QUERY_CHARS:
        msg = f"place name is {len(stripped)} characters, over the {MAX_QUERY_CHARS}-character limit; pass a single place name"
        raise InputError(msg)
    if not any(ch.isalpha() for ch in stripped):
        msg = f"place name {stripped!r} has no letters; pass a name like 'Kharkiv'"
        raise InputError(msg)
    return stripped
