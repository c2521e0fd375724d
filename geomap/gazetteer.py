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
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import data
from ._errors import InputError, PlaceNotFoundError
from ._log import get_logger
from ._name_index import INDEX_FILE, NameIndex, load_index
from ._raion_names import area_name_keys, former_raion_keys
from ._translit import (
    is_cyrillic,
    latin_variants,
    normalize,
    ru_to_latin,
    uk_to_latin,
    uk_to_ru_name,
)
from .lang import mapping, sequence, words

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
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
#: Longest name accepted by :func:`lookup`.
MAX_QUERY_CHARS = 200

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

        >>> ru = lookup("Russia", worldview="de_facto")[0].geometry
        >>> ru.equals(lookup("Russia", worldview="de_jure")[0].geometry)
        False
        """
        return get_gazetteer(worldview=self._worldview).geometry_of(self._index)


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


@functools.cache
def _area_frames(worldview: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ob = data.oblasts(worldview=worldview)
    co = data.countries(worldview=worldview)
    oblast_geoms = dict(zip(ob["code"], ob.geometry, strict=True))
    far = data.data_dir() / "world_admin1.parquet"
    if far.exists():  # units abroad (Irkutsk Oblast, Alaska): simplified, for containment
        import geopandas as gpd

        wa = gpd.read_parquet(far)
        oblast_geoms.update(zip(wa["code"], wa.geometry, strict=True))
    return oblast_geoms, dict(zip(co["iso2"], co.geometry, strict=True))


def _area_geometry(kind: str, ident: str, worldview: str):
    oblast_geoms, country_geoms = _area_frames(worldview)
    if kind == "country":
        return country_geoms.get(ident.removeprefix("C-"))
    return oblast_geoms.get(ident)


# ------------------------------------------------------------------ index
def _figure(value) -> float:
    """A population figure from a data table as float (NaN where unknown)."""
    import pandas as pd

    if value is None or value is pd.NA or value != value:
        return np.nan
    return float(value)


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


def _build(worldview: str, extra: pd.DataFrame | None) -> tuple[pd.DataFrame, dict]:
    import pandas as pd

    rows: list[dict] = []
    names: dict[str, list[tuple[int, float, str]]] = defaultdict(list)

    ob = data.oblasts(worldview="de_jure")
    code_to_name = dict(zip(ob["code"], ob["name"], strict=True))

    def new(rec: dict) -> int:
        rows.append(rec)
        return len(rows) - 1

    bare_aliases: list[tuple[str, int, str]] = []  # (key, oblast index, oblast name)

    # countries
    co = data.countries(worldview="de_jure")
    for r in co.itertuples():
        idx = new(
            {
                "id": f"C-{r.iso2}",
                "name": r.name,
                "kind": "country",
                "country": r.iso2,
                "admin1": "",
                "lat": r.lat,
                "lon": r.lon,
                "population": 10**7,  # a ranking prior; the figure is pop_figure
                "pop_figure": _figure(getattr(r, "population", None)),
                "pop_source": getattr(r, "population_source", "") or "",
                "approx": False,
                "raion": "",
                "source": "country",
                "worldview": worldview,
            }
        )
        _add(names, normalize(r.name), idx, _W_CANONICAL, "canonical")
        for n in (r.name_ru, r.name_uk, *str(r.alt).split("|")):
            if n:
                _add(names, normalize(n), idx, _W_OFFICIAL, "alternate")

    # oblasts and federal cities
    for r in ob.itertuples():
        kind = "oblast" if r.kind == "oblast" else "city"
        idx = new(
            {
                "id": r.code,
                "name": r.name,
                "kind": "oblast" if kind == "oblast" else "city",
                "country": r.country,
                "admin1": r.name,
                "lat": r.lat,
                "lon": r.lon,
                "population": 10**6 if kind == "oblast" else 0,  # ranking prior, as for countries
                "pop_figure": _figure(getattr(r, "population", None)),
                "pop_source": getattr(r, "population_source", "") or "",
                "approx": False,
                "raion": "",
                "source": "admin1",
                "worldview": worldview,
            }
        )
        if kind == "city":
            # Kyiv, Moscow, Sevastopol ... are also settlements: the settlement row wins as "city";
            # keep the admin unit reachable by its explicit forms only.
            _add(names, normalize(f"{r.name} city"), idx, 0.8, "admin unit")
            continue
        for key, w, how in _oblast_keys(r):
            _add(names, key, idx, w, how)
            if how == "alternate" and w == _W_BARE:
                bare_aliases.append((key, idx, r.name))

    _index_world_admin1(names, new, worldview)

    # raions
    raion_of: dict[tuple[str, str], int] = {}  # (oblast code, adjective) -> index
    for r in data.raions().itertuples():
        idx = new(
            {
                "id": r.id,
                "name": r.name,
                "kind": "raion",
                "country": r.country,
                "admin1": code_to_name.get(r.admin1, ""),
                "lat": r.lat,
                "lon": r.lon,
                "population": 0,
                "pop_figure": np.nan,
                "pop_source": "",
                "approx": True,
                "raion": "",
                "source": "raion",
                "worldview": worldview,
            }
        )
        for key, w, how in _raion_keys(r):
            _add(names, key, idx, w, how)
        if r.country == "UA":
            raion_of[(r.admin1, normalize(r.adjective))] = idx
    _add_raion_names(names, rows, raion_of)

    # settlements
    pl = data._read_table("places")
    if (data.data_dir() / "world_places.parquet").exists():
        # cities of 15,000+ people and capitals abroad (Istanbul, Geneva, Riyadh)
        world = data._read_table("world_places").drop(columns=["capital"])
        pl = pd.concat([pl, world[~world["id"].isin(pl["id"])]], ignore_index=True)
    if extra is not None and len(extra):
        pl = pd.concat([pl, extra[~extra["id"].isin(pl["id"])]], ignore_index=True)
    base = len(rows)
    ent_pl = _settlement_frame(pl, code_to_name, worldview)
    _index_settlements(names, pl, base)
    _index_city_by_names(names, pl, base)
    ents = _apply_worldview(pd.concat([pd.DataFrame(rows), ent_pl], ignore_index=True), worldview)
    _rank_bare_aliases(names, ents, bare_aliases)
    log.debug("gazetteer: %d entities, %d names", len(ents), len(names))
    return ents, dict(names)


def _index_city_by_names(names, pl: pd.DataFrame, base: int) -> None:
    """Index the language packs' by-names of cities ("New York" for New York City)."""
    pos = {str(i): k for k, i in enumerate(pl["id"].tolist())}
    for key, pid in mapping("CITY_BY_NAMES").items():
        if str(pid) in pos:
            _add(names, normalize(key), base + pos[str(pid)], 1.0, "alternate")


def _rank_bare_aliases(
    names: dict[str, list[tuple[int, float, str]]],
    ents: pd.DataFrame,
    bare_aliases: list[tuple[str, int, str]],
) -> None:
    """Rank as an official name each oblast alias that names no settlement of the oblast.

    Such an alias ("Crimea", "Krym", "Volhynia") is a name of the region itself,
    not of its capital ("Kharkov"); ``bare_aliases`` holds (key, oblast index,
    oblast name).
    """
    admin1_of = ents["admin1"].to_numpy()
    kinds = ents["kind"].to_numpy()
    pops = ents["population"].to_numpy()
    for key, idx, oblast in bare_aliases:
        settled = any(
            kinds[i] in ("city", "town", "village")
            and (admin1_of[i] == oblast or pops[i] >= 50_000)
            for i, _, _ in names[key]
        )
        if not settled:
            names[key] = [(i, _W_OFFICIAL if i == idx else w, h) for i, w, h in names[key]]


def _add_raion_names(names, rows: list[dict], raion_of: dict[tuple[str, str], int]) -> None:
    """Former raions' names and "-щина" area names (:mod:`geomap._raion_names`)."""
    for key, idx in former_raion_keys(raion_of, data._read_table("places")):
        _add(names, key, idx, _W_ALT, "former")
    for (_, adj), idx in raion_of.items():
        for key in sorted({*area_name_keys(adj), *area_name_keys(_uk_to_ru_adj(adj))}):
            if not any(rows[i]["kind"] == "oblast" for i, _, _ in names.get(key, ())):
                _add(names, key, idx, _W_FORM, "admin form")


_HOW = (
    "canonical",
    "official",
    "alternate",
    "transliterated",
    "bare",
    "admin form",
    "admin unit",
    "metonym",
    "hromada",
    "former",
)


def index_to_frames(ents: pd.DataFrame, names: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flatten a built index to two tables (for the data recipe to ship)."""
    import pandas as pd

    keys, idxs, weights, hows = [], [], [], []
    for key, lst in names.items():
        for i, w, how in lst:
            keys.append(key)
            idxs.append(i)
            weights.append(w)
            hows.append(_HOW.index(how))
    table = pd.DataFrame(
        {
            "key": keys,
            "idx": np.asarray(idxs, dtype=np.int32),
            "weight": np.asarray(weights, dtype=np.float32),
            "how": np.asarray(hows, dtype=np.int8),
        }
    )
    return ents.drop(columns=["worldview"]), table


def _columns_of(ents: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns of an entity table as arrays (strings as object arrays of ``str``)."""
    return {
        c: (
            ents[c].to_numpy(dtype=object)
            if ents[c].dtype == object or str(ents[c].dtype).startswith(("string", "str"))
            else ents[c].to_numpy()
        )
        for c in ents.columns
    }


def _apply_worldview_columns(cols: dict[str, np.ndarray], view: str) -> dict[str, np.ndarray]:
    """:func:`_apply_worldview` on plain columns (the prebuilt index)."""
    n = len(cols["id"])
    cols["worldview"] = np.full(n, view, dtype=object)
    if view == "de_facto":
        admin1, kind = cols["admin1"], cols["kind"]
        crimea = np.isin(admin1, ["Autonomous Republic of Crimea", "Sevastopol"]) & (
            kind != "country"
        )
        country = cols["country"].copy()
        country[crimea] = "RU"
        cols["country"] = country
    return cols


def _apply_worldview(ents: pd.DataFrame, view: str) -> pd.DataFrame:
    """Set the worldview of an entity table: de facto puts Crimea and Sevastopol in Russia."""
    ents["worldview"] = view
    if view == "de_facto":
        crimea = ents["admin1"].isin(["Autonomous Republic of Crimea", "Sevastopol"]) & (
            ents["kind"] != "country"
        )
        ents.loc[crimea, "country"] = "RU"
    return ents


def _load_prebuilt(view: str):
    """Entity columns and name index from the compact prebuilt index (or the tables)."""
    folder = data.data_dir()
    found = load_index(folder / INDEX_FILE, _HOW)
    if found is not None:
        cols, names, facts = found
        return _apply_worldview_columns(cols, view), names, facts
    log.warning("no usable %s in %s: reading the gazetteer tables", INDEX_FILE, folder)
    return _load_tables(view)


def _load_tables(view: str):
    """Entity columns and name dict from ``gazetteer_{entities,names}.parquet`` (slower)."""
    import pandas as pd

    folder = data.data_dir()
    ent_path, names_path = folder / "gazetteer_entities.parquet", folder / "gazetteer_names.parquet"
    if not (ent_path.exists() and names_path.exists()):
        return None
    ents = _apply_worldview(pd.read_parquet(ent_path), view)
    table = pd.read_parquet(names_path)
    names: dict[str, list[tuple[int, float, str]]] = {}
    for key, i, w, h in zip(
        table["key"].tolist(),
        table["idx"].tolist(),
        table["weight"].tolist(),
        table["how"].tolist(),
        strict=True,
    ):
        entry = (i, round(w, 4), _HOW[h])
        lst = names.get(key)
        if lst is None:
            names[key] = [entry]
        else:
            lst.append(entry)
    return _columns_of(ents), names, {}


def _index_world_admin1(names, new, worldview: str) -> None:
    """First-level units abroad (Irkutsk Oblast, Alaska): named like oblasts, drawn as points."""
    if not (data.data_dir() / "world_admin1.parquet").exists():
        return
    # a state named like a country or a city abroad ("Georgia", "Washington", "New York")
    # keeps that name for them: the state is named only with its word ("Washington state")
    taken = set(names) | set(mapping("CITY_BY_NAMES"))
    if (data.data_dir() / "world_places.parquet").exists():
        wp = data._read_table("world_places")
        taken |= {normalize(n) for n in wp["name"]}
        taken |= {normalize(a) for alt in wp["alt"] for a in str(alt).split("|") if a}
    for r in data._read_table("world_admin1").itertuples():
        idx = new(
            {
                "id": r.code,
                "name": r.name,
                "kind": "oblast",
                "country": r.country,
                "admin1": r.name,
                "lat": r.lat,
                "lon": r.lon,
                "population": 10**6,  # the ranking prior of every oblast
                "pop_figure": np.nan,
                "pop_source": "",
                "approx": False,
                "raion": "",
                "source": "admin1_world",
                "worldview": worldview,
            }
        )
        stem = normalize(_oblast_stem(r.name))
        keys = _oblast_keys(r)
        if r.country == "US":
            keys += [
                (f"{stem} state", _W_FORM, "admin form"),
                (f"state of {stem}", _W_FORM, "admin form"),
            ]
        for key, w, how in keys:
            if r.country == "US" and how != "admin form" and key in taken:
                continue
            _add(names, key, idx, w, how)


def _settlement_frame(
    pl: pd.DataFrame, code_to_name: dict[str, str], worldview: str
) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "id": pl["id"].astype(str),
            "name": pl["name"],
            "kind": pl["kind"],
            "country": pl["country"],
            "admin1": pl["admin1"].map(code_to_name).fillna(""),
            "lat": pl["lat"],
            "lon": pl["lon"],
            "population": pl["population"].astype(np.int64),
            "pop_figure": np.nan,
            "pop_source": "",
            "approx": pl["approx"].astype(bool),
            "raion": pl["raion"].fillna(""),
            "source": pl["source"],
            "worldview": worldview,
        }
    )


def _index_settlements(names, pl: pd.DataFrame, base: int) -> None:
    hromadas = pl["hromada"].fillna("") if "hromada" in pl else [""] * len(pl)
    ru_forms = pl["ru_forms"].fillna("").tolist() if "ru_forms" in pl else [""] * len(pl)
    for j, (name, uk, ru, alt, cc, hromada) in enumerate(
        zip(
            pl["name"],
            pl["name_uk"],
            pl["name_ru"],
            pl["alt"],
            pl["country"],
            hromadas,
            strict=True,
        )
    ):
        idx = base + j
        if hromada:
            # "Юнаківська громада" is named after Юнаківка: the adjective, only next to the
            # word for a hromada (the parser checks), names the settlement
            _add(names, normalize(hromada), idx, _W_BARE - 0.05, "hromada")
        _add(names, normalize(name), idx, _W_CANONICAL, "canonical")
        official = [n for n in (uk, ru) if n]
        for n in official:
            _add(names, normalize(n), idx, _W_OFFICIAL, "official")
        alts = [a for a in alt.split("|") if a] if alt else []
        for a in alts:
            _add(names, normalize(a), idx, _W_ALT, "alternate")
        for n in (*official, *[a for a in alts if is_cyrillic(a)]):
            for v in sorted(latin_variants(n)):
                _add(names, normalize(v), idx, _W_VARIANT, "transliterated")
        if cc == "UA" and uk:
            _add(names, normalize(ru_to_latin(uk)), idx, _W_VARIANT, "transliterated")
            _add(names, uk_to_ru_name(uk), idx, _W_VARIANT - 0.02, "transliterated")
            # derived Russian spellings (Новоалександровка) and their romanisations
            for form in ru_forms[j].split("|") if ru_forms[j] else ():
                _add(names, normalize(form), idx, _W_VARIANT - 0.02, "transliterated")
                _add(names, normalize(ru_to_latin(form)), idx, _W_VARIANT - 0.03, "transliterated")


def _add_extra(cols: dict[str, np.ndarray], names, extra: pd.DataFrame, worldview: str):
    """Index extra settlements (cached GeoNames dumps) on top of the prebuilt index.

    Their names are appended after each key's own entries, as if indexed with them.
    """
    known = set(cols["id"].tolist())
    extra = extra[~extra["id"].astype(str).isin(known)].reset_index(drop=True)
    if not len(extra):
        return cols, names
    ob = data.oblasts(worldview="de_jure")
    code_to_name = dict(zip(ob["code"], ob["name"], strict=True))
    base = len(cols["id"])
    new = _columns_of(
        _apply_worldview(_settlement_frame(extra, code_to_name, worldview), worldview)
    )
    cols = {c: np.concatenate([v, new[c].astype(v.dtype)]) for c, v in cols.items()}
    if isinstance(names, NameIndex):
        added: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
        _index_settlements(added, extra, base)
        return cols, names.with_extra(added)
    names = defaultdict(list, names)
    _index_settlements(names, extra, base)
    return cols, dict(names)


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


def candidates_to_frame(cands: list[Candidate]) -> gpd.GeoDataFrame:
    """Candidates as a GeoDataFrame (EPSG:4326) with their geometries.

    Parameters
    ----------
    cands : list of Candidate
        Candidates, as :func:`lookup` returns them.

    Returns
    -------
    GeoDataFrame
        One row per candidate: the fields of ``Candidate.to_dict()`` and the
        geometry.
    """
    import geopandas as gpd

    recs = [c.to_dict() for c in cands]
    geoms = [c.geometry for c in cands]
    return gpd.GeoDataFrame(recs, geometry=geoms, crs="EPSG:4326")
