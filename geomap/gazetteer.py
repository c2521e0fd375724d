"""The multilingual gazetteer: any oblast, raion or settlement of UA, RU, BY by any name.

Names are matched after :func:`geomap._translit.normalize` (case, accents,
apostrophes, ``ё``/``е``), across English, Russian and Ukrainian and the
usual transliterations (Kharkov/Kharkiv/Харків, Chernigov, Zaporozhye),
renamings (Artemovsk -> Bakhmut, Dnepropetrovsk -> Dnipro) and admin forms
("Sumy region", "Kursk Oblast", "Сумская область", "Сумщина",
"Glushkovsky district"). Every lookup returns all candidates, best first, each
with a score and the reason it matched; a name that matches nothing raises
:class:`~geomap.PlaceNotFoundError` with the closest suggestions.

>>> from geomap.gazetteer import lookup
>>> [(c.name, c.kind) for c in lookup("Kharkov")[:2]]
[('Kharkiv', 'city'), ('Kharkiv Oblast', 'oblast')]
>>> lookup("Сумская область")[0].name
'Sumy Oblast'
>>> c = lookup("Glushkovsky district")[0]
>>> (c.name, c.kind, c.admin1)
('Glushkovsky District', 'raion', 'Kursk Oblast')
>>> lookup("Artemovsk")[0].name
'Bakhmut'

This module is the public API; the work is done in private modules, one per
concept: ``_gazetteer_keys`` (name weights and the names generated for oblasts
and raions, :func:`oblast_key`), ``_gazetteer_build`` (building the name index
from the data tables), ``_gazetteer_load`` (the prebuilt index or tables, and
worldviews), ``_gazetteer_query`` (:class:`Candidate`, checking and reading
queries) and ``_gazetteer_geometry`` (polygons of entities,
:func:`candidates_to_frame`).
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from . import data
from ._errors import PlaceNotFoundError
from ._gazetteer_build import _add_extra as _add_extra
from ._gazetteer_build import _build as _build
from ._gazetteer_build import index_to_frames as index_to_frames
from ._gazetteer_geometry import _area_geometry, candidates_to_frame
from ._gazetteer_keys import _OBLAST_WORDS as _OBLAST_WORDS
from ._gazetteer_keys import _latin_adj_to_ru as _latin_adj_to_ru
from ._gazetteer_keys import oblast_key
from ._gazetteer_load import _HOW as _HOW
from ._gazetteer_load import _apply_worldview as _apply_worldview
from ._gazetteer_load import _columns_of, _load_prebuilt
from ._gazetteer_load import _load_tables as _load_tables
from ._gazetteer_query import (
    _BORDER_RU,
    _MAX_RAW_SCORE,
    Candidate,
    _check_query,
    _kind_factor,
    _split_admin_words,
)
from ._gazetteer_query import _PREFIX_RE as _PREFIX_RE
from ._gazetteer_query import MAX_QUERY_CHARS as MAX_QUERY_CHARS
from ._log import get_logger
from ._name_index import NameIndex
from ._translit import normalize

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "KINDS",
    "Candidate",
    "Gazetteer",
    "candidates_to_frame",
    "get_gazetteer",
    "lookup",
    "oblast_key",
    "place_from_name",
]

log = get_logger("gazetteer")


#: Kinds of place, broadest first.
KINDS = ("country", "oblast", "raion", "city", "town", "village")


class Gazetteer:
    """Name index over the bundled data (and the full GeoNames dumps when cached).

    Use :func:`get_gazetteer` for the shared, lazily built instance.
    """

    def __init__(
        self,
        entities: pd.DataFrame | dict[str, np.ndarray],
        names: Mapping[str, list[tuple[int, float, str]]],
        *,
        worldview: str | None = None,
    ):
        #: the worldview the index was built for (None: the default)
        self.worldview = worldview
        #: normalised name -> [(entity row, weight, how), ...]: a dict, or the prebuilt
        #: :class:`~geomap._name_index.NameIndex`
        self.names = names
        self._geoms: dict[int, Any] = {}
        self._keys: list[str] | None = None
        #: the geoparser's memo: word and n-gram look-ups, entity output fields (bounded there)
        self.parser_memo: dict[Any, Any] = {}
        #: ids of the world's national capitals when the prebuilt index holds them, else None
        self.capital_ids: frozenset[str] | None = None
        if isinstance(entities, dict):  # plain columns (the prebuilt index): no pandas needed
            self._entities = None
            self.col = entities
        else:
            self._entities = entities
            self.col = _columns_of(entities)

    @property
    def entities(self) -> pd.DataFrame:
        """The entity table (built from the columns on first use when loaded prebuilt)."""
        if self._entities is None:
            import pandas as pd

            self._entities = pd.DataFrame(dict(self.col))  # strings: as pandas infers them
        return self._entities

    # ----------------------------------------------------------- building
    @classmethod
    def from_bundled(
        cls, *, worldview: str | None = None, extra: pd.DataFrame | None = None
    ) -> Gazetteer:
        """The index over the bundled data (plus ``extra`` settlements, e.g. GeoNames dumps).

        Without extras the prebuilt index shipped in ``geomap/_data`` is loaded
        (fast); with extras it is rebuilt from the tables.
        """
        view = data.resolve_worldview(worldview)
        prebuilt = _load_prebuilt(view)
        if prebuilt is None:
            ents, names = _build(view, extra)
            return cls(ents, names, worldview=view)
        cols, names, facts = prebuilt
        if extra is not None and len(extra):
            cols, names = _add_extra(cols, names, extra, view)
        gaz = cls(cols, names, worldview=view)
        gaz.capital_ids = facts.get("capital_ids")
        return gaz

    # ------------------------------------------------------------ queries
    def lookup(
        self,
        name: str,
        *,
        kind: str | None = None,
        country: str | None = None,
        limit: int | None = 10,
        fuzzy: bool = True,
    ) -> list[Candidate]:
        """All candidates for ``name``, best first (see :func:`lookup`)."""
        query = _check_query(name)
        norm = normalize(query)
        hint, bases = _split_admin_words(norm)
        hits = self._exact(bases, hint)
        if not hits and fuzzy:
            hits = self._fuzzy(bases[0], hint)
        unfiltered = dict(hits)
        if kind:
            kinds = {k.strip() for k in kind.split(",")}
            hits = {i: v for i, v in hits.items() if self.col["kind"][i] in kinds}
        if country:
            cc = {c.strip().upper() for c in country.split(",")}
            hits = {i: v for i, v in hits.items() if self.col["country"][i] in cc}
        if not hits and unfiltered:
            found = sorted(
                {
                    f"{self.col['name'][i]} ({self.col['kind'][i]}, {self.col['country'][i]})"
                    for i in unfiltered
                }
            )
            wanted = " ".join(f"{k}={v}" for k, v in (("kind", kind), ("country", country)) if v)
            msg = f"no place named {query!r} with {wanted}; it names {', '.join(found[:3])}; drop or change the filter"
            raise PlaceNotFoundError(msg, query=query, suggestions=[])
        if not hits:
            raise self._not_found(query, norm)
        ranked = sorted(
            hits.items(), key=lambda kv: (-kv[1][0], -int(self.col["population"][kv[0]]), kv[0])
        )
        if limit:
            ranked = ranked[:limit]
        return [self._candidate(i, s, r, m) for i, (s, r, m) in ranked]

    def _exact(self, bases: list[str], hint: str | None) -> dict[int, tuple[float, str, str]]:
        hits: dict[int, tuple[float, str, str]] = {}
        for base in bases:
            for idx, weight, how in self.names.get(base, ()):
                kind = self.col["kind"][idx]
                score = weight * _kind_factor(kind, hint)
                score += self._prior(idx)
                reason = f"{how} name {base!r}"
                if hint:
                    reason += f" + {hint} word"
                if idx not in hits or hits[idx][0] < score:
                    hits[idx] = (score, reason, base)
        return hits

    def _prior(self, idx: int) -> float:
        col = self.col
        pop = float(col["population"][idx])
        prior = min(math.log10(pop + 1.0) / 60.0, 0.1)
        if col["approx"][idx]:
            prior -= 0.01
        country = col["country"][idx]
        if country == "UA" or col["admin1"][idx] in _BORDER_RU:
            prior += 0.06  # the theatre of this war: Ukraine and Russia's border regions
        elif country not in ("RU", "BY"):
            prior -= 0.005
        return prior

    def _fuzzy(self, norm: str, hint: str | None) -> dict[int, tuple[float, str, str]]:
        from rapidfuzz import fuzz, process

        if len(norm) < 4:
            return {}
        keys = self._all_keys()
        found = process.extract(norm, keys, scorer=fuzz.ratio, limit=8, score_cutoff=88)
        hits: dict[int, tuple[float, str, str]] = {}
        for key, score, _ in found:
            for idx, weight, how in self.names[key]:
                kind = self.col["kind"][idx]
                s = 0.7 * (score / 100.0) * weight * _kind_factor(kind, hint) + self._prior(idx)
                if idx not in hits or hits[idx][0] < s:
                    hits[idx] = (s, f"fuzzy match {key!r} ({score:.0f}%) on {how} name", key)
        return hits

    def _all_keys(self) -> list[str]:
        if self._keys is None:
            self._keys = list(self.names)  # in index order (the order rapidfuzz breaks ties in)
        return self._keys

    def suggestions(self, norm: str, *, limit: int = 3) -> list[str]:
        """Canonical names closest to a normalised query (for 'did you mean')."""
        from rapidfuzz import fuzz, process

        found = process.extract(norm, self._all_keys(), scorer=fuzz.WRatio, limit=40)
        out: list[str] = []
        scored = []
        for key, score, _ in found:
            idx = max(self.names[key], key=lambda t: self._prior(t[0]) + t[1])[0]
            ratio = fuzz.ratio(norm, key)
            scored.append((ratio, score, self._prior(idx), self.col["name"][idx]))
        scored.sort(key=lambda t: (-t[0], -t[1], -t[2]))
        for *_, name in scored:
            if name not in out:
                out.append(name)
            if len(out) == limit:
                break
        return out

    def _not_found(self, query: str, norm: str) -> PlaceNotFoundError:
        sugg = self.suggestions(norm)
        hint = f"; did you mean {', '.join(repr(s) for s in sugg)}?" if sugg else ""
        msg = f"no place named {query!r} in the gazetteer{hint}"
        return PlaceNotFoundError(msg, query=query, suggestions=sugg)

    def _population(self, idx: int) -> tuple[int | None, str | None]:
        """The population figure shown for entity ``idx`` and its source (None: unknown).

        Countries, oblasts and raions carry the figure of their source (``pop_figure``; their
        ``population`` column is a fixed ranking prior); settlements their GeoNames figure.
        """
        col = self.col
        if col["source"][idx] in ("country", "admin1", "admin1_world", "raion"):
            fig = col["pop_figure"][idx] if "pop_figure" in col else np.nan
            if fig is None or fig != fig:
                return None, None
            return int(fig), str(col["pop_source"][idx]) or None
        pop = int(col["population"][idx])
        return pop, ("GeoNames" if pop > 0 else None)

    def _candidate(self, idx: int, score: float, reason: str, matched: str) -> Candidate:
        col = self.col
        population, population_source = self._population(idx)
        return Candidate(
            name=col["name"][idx],
            kind=col["kind"][idx],
            country=col["country"][idx],
            admin1=col["admin1"][idx] or None,
            lat=float(col["lat"][idx]),
            lon=float(col["lon"][idx]),
            score=round(min(float(score) / _MAX_RAW_SCORE, 1.0), 4),
            reason=reason,
            id=str(col["id"][idx]),
            population=population,
            approx=bool(col["approx"][idx]),
            raion=col["raion"][idx] or None,
            matched=matched,
            population_source=population_source,
            _index=int(idx),
            _worldview=self.worldview,
        )

    def candidate(
        self, idx: int, *, score: float = 1.0, reason: str = "", matched: str = ""
    ) -> Candidate:
        """The entity at row ``idx`` as a :class:`Candidate`."""
        return self._candidate(idx, score, reason, matched)

    @functools.cached_property
    def values(self) -> dict[str, list[Any]]:
        """The columns as Python lists: the fastest scalar access for the parser's loops."""
        return {c: v.tolist() for c, v in self.col.items()}

    @functools.cached_property
    def radians(self) -> list[tuple[float, float, float]]:
        """(lon, lat, cos lat) of every entity in radians, for great-circle distances."""
        return [
            (math.radians(lo), math.radians(la), math.cos(math.radians(la)))
            for lo, la in zip(self.values["lon"], self.values["lat"], strict=True)
        ]

    @functools.cached_property
    def oblast_bare_keys(self) -> frozenset[str]:
        """Normalised oblast names without their admin word ("kursk", "krasnodar")."""
        kinds, names = self.values["kind"], self.values["name"]
        return frozenset(oblast_key(names[i]) for i in range(len(kinds)) if kinds[i] == "oblast")

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """First words of the multi-word names (lets a parser skip hopeless n-grams)."""
        if isinstance(self.names, NameIndex):
            return self.names.first_words()
        return frozenset(k.split(" ", 1)[0] for k in self.names if " " in k)

    @functools.cached_property
    def index_of_id(self) -> dict[str, int]:
        """Entity id ("524901", "UA-59") -> row."""
        return {str(v): i for i, v in enumerate(self.col["id"])}

    @functools.cached_property
    def oblast_codes(self) -> dict[str, str]:
        """Canonical oblast name -> ISO 3166-2 code."""
        kinds, names, ids = self.col["kind"], self.col["name"], self.col["id"]
        return {names[i]: ids[i] for i in range(len(kinds)) if kinds[i] == "oblast"}

    def geometry_of(self, idx: int):
        """Geometry of entity ``idx``: polygon for countries/oblasts, point otherwise."""
        if idx in self._geoms:
            return self._geoms[idx]
        col = self.col
        geom = self.area_of(idx)
        if geom is None:
            import shapely

            geom = shapely.Point(float(col["lon"][idx]), float(col["lat"][idx]))
        self._geoms[idx] = geom
        return geom

    def area_of(self, idx: int):
        """The polygon of entity ``idx`` (countries, oblasts, federal cities), or None."""
        col = self.col
        kind = col["kind"][idx]
        if kind in ("oblast", "country") or (kind == "city" and col["source"][idx] == "admin1"):
            return _area_geometry(kind, col["id"][idx], col["worldview"][idx])
        return None


_LOCK = threading.Lock()


@functools.cache
def _shared(worldview: str) -> Gazetteer:
    from ._geonames import cached_extra_places

    extra = cached_extra_places()
    return Gazetteer.from_bundled(worldview=worldview, extra=extra)


def get_gazetteer(*, worldview: str | None = None) -> Gazetteer:
    """The shared gazetteer, built on first use (about a second) and kept for the process.

    Parameters
    ----------
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings);
        each worldview has its own gazetteer.

    Returns
    -------
    Gazetteer
        The bundled places plus the cached GeoNames extras, if any.
    """
    view = data.resolve_worldview(worldview)
    with _LOCK:
        return _shared(view)


def lookup(
    name: str,
    *,
    kind: str | None = None,
    country: str | None = None,
    limit: int | None = 10,
    worldview: str | None = None,
) -> list[Candidate]:
    """Every place ``name`` may refer to, best first.

    Parameters
    ----------
    name : str
        A place name in English, Russian or Ukrainian, any transliteration,
        optionally with an admin word ("Sumy region", "Kursk Oblast",
        "Glushkovsky district", "city of Sumy").
    kind : str, optional
        Keep only these kinds (comma-separated: "city,town").
    country : str, optional
        Keep only these ISO alpha-2 countries ("UA,RU").
    limit : int, optional
        Most candidates to return (None for all).
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings).

    Returns
    -------
    list of Candidate
        Each with ``score`` in [0, 1] and a ``reason``.

    Raises
    ------
    PlaceNotFoundError
        Nothing matched; the message and ``.suggestions`` give the closest names.
    InputError
        Empty, binary or oversized input.

    Examples
    --------
    >>> lookup("Sumy region")[0].name
    'Sumy Oblast'
    >>> lookup("Glukhov")[0].name
    'Hlukhiv'
    >>> try:
    ...     lookup("Kharkiw")
    ... except Exception as exc:
    ...     print(type(exc).__name__)
    PlaceNotFoundError
    """
    return get_gazetteer(worldview=worldview).lookup(name, kind=kind, country=country, limit=limit)


def place_from_name(name: str, **kwargs) -> Candidate:
    """The best candidate for ``name`` (see :func:`lookup`).

    Parameters
    ----------
    name : str
        A place name, as :func:`lookup` takes it.
    **kwargs
        ``kind``, ``country`` and ``worldview``, as :func:`lookup` takes them.

    Returns
    -------
    Candidate
        The first of :func:`lookup`'s candidates.

    Raises
    ------
    PlaceNotFoundError
        Nothing matched.

    Examples
    --------
    >>> place_from_name("Graivoron").name
    'Grayvoron'
    """
    return lookup(name, limit=1, **kwargs)[0]
