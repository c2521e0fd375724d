"""The score of one candidate entity for one mention, and the article context it reads.

The scorer is declared: :data:`FEATURES` lists every term with its weight and
its reason text, and ``score = name weight + sum(weight * value)``.  Every
feature that fires for the chosen candidate is named in the ``reason`` column.
``confidence`` in the output is that score clipped to [0, 1] (plus 0.03 per
further mention of the place): a ranking score, not a calibrated probability.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ..gazetteer import Gazetteer
from ._lexicon import _SETTLEMENT_KINDS

__all__ = ["FEATURES", "Feature"]

#: Oblasts where the war is fought or that border it (a prior for same-name settlements).
_WAR_ZONE = {
    "UA-14",
    "UA-09",
    "UA-23",
    "UA-65",
    "UA-63",
    "UA-59",
    "UA-74",
    "UA-12",
    "UA-48",
    "UA-43",
    "UA-40",
    "RU-KRS",
    "RU-BEL",
    "RU-BRY",
}


@dataclass
class _Context:
    named_by: dict[str, set[int]]  # canonical oblast name -> entities that name it in the text
    anchor_lonlat: list[tuple[float, float]]
    explicit_oblast_keys: set[str]  # normalised bare names used as oblasts ("sumy", "kursk")
    explicit_city_keys: set[str]
    #: the settlements of :attr:`anchor_lonlat` named as places (no raion, no metonym): where
    #: the story happens, for a raion's distance from it
    story_lonlat: list[tuple[float, float]] = field(default_factory=list)
    #: per anchor point, the mentions (index in the article) that put it there: a mention's
    #: own provisional anchor is no other place for its candidates
    anchor_owners: dict[tuple[float, float], set[int]] = field(default_factory=dict)
    #: per anchor point, the name the text gives it first (for the reasons)
    anchor_names: dict[tuple[float, float], str] = field(default_factory=dict)
    #: per sentence anchor list (by identity), its points sorted and in radians (for the reasons)
    sorted_points: dict[int, tuple[list, list, np.ndarray]] = field(default_factory=dict)

    def name(self, oblast: str, entity: int) -> None:
        """Record that ``entity`` (the oblast itself, or a place in it) puts ``oblast`` in the text."""
        self.named_by.setdefault(oblast, set()).add(entity)

    def named(self, oblast: str, entity: int) -> bool:
        """Whether the text names ``oblast`` through something other than ``entity`` itself."""
        by = self.named_by.get(oblast)
        return by is not None and (len(by) > 1 or entity not in by)


class _Facts(NamedTuple):
    """What the features of :data:`FEATURES` read about one candidate of one mention."""

    kind: str
    pop: int
    approx: bool
    how: str  # how the name matched: canonical, official, alternate, transliterated, bare, ...
    admin1: str
    bare: bool  # no admin or city word next to the name
    big_namesake: bool
    exact_big: bool
    area_namesake: bool  # a region or country of the same name is a candidate, by its own name
    oblast_named: bool  # the article names the candidate's oblast through something else
    oblast_in_sentence: bool  # ... in the mention's own sentence
    d_local: float | None  # km to the nearest place named in the same sentence
    d_any: float | None  # km to the nearest place named in the article
    d_any_best: float | None  # ... for the candidate of this name nearest to them
    war_zone: bool  # the candidate's oblast is in or next to the war zone
    oblast_centre: bool = False  # a city whose oblast the same name also names ("Запоріжжя")
    #: the clearly nearest of its namesakes to the places named (see :data:`NEAREST_MARGIN_KM`)
    nearest: bool = False
    d_near: float = 0.0  # km from it to the nearest of those places
    near_name: str = ""  # that place's name
    stated: bool = False  # lies at the distance the text states from a place it names
    stated_d: float = 0.0  # km it lies from that place
    stated_km: float = 0.0  # km the text states
    stated_from: str = ""  # that place's name


class _FactArrays(NamedTuple):
    """The facts of :class:`_Facts` for many candidates at once, as numpy arrays.

    Kinds and name qualities become masks; a missing distance is ``inf`` (no
    distance feature fires on it), and ``has_d_any`` tells a missing ``d_any``
    from a candidate that lies beyond every anchor.
    """

    settlement: np.ndarray  # kind is city, town or village
    oblast: np.ndarray  # kind == "oblast"
    city: np.ndarray  # kind == "city"
    raion: np.ndarray  # kind == "raion"
    pop: np.ndarray
    approx: np.ndarray
    how_bare: np.ndarray  # matched on a bare or alternate name
    how_respelt: np.ndarray  # matched on an alternate or transliterated name
    bare: np.ndarray
    big_namesake: np.ndarray
    exact_big: np.ndarray
    area_namesake: np.ndarray
    oblast_named: np.ndarray
    oblast_in_sentence: np.ndarray
    d_local: np.ndarray
    d_any: np.ndarray
    has_d_any: np.ndarray
    d_any_best: np.ndarray
    war_zone: np.ndarray
    oblast_centre: np.ndarray
    nearest: np.ndarray
    stated: np.ndarray

    @classmethod
    def of(cls, f: _Facts) -> _FactArrays:
        """The arrays of one candidate's facts (length 1)."""

        def km(d: float | None) -> np.ndarray:
            return np.array([math.inf if d is None else d], dtype=float)

        def one(x) -> np.ndarray:
            return np.array([x])

        return cls(
            settlement=one(f.kind in _SETTLEMENT_KINDS),
            oblast=one(f.kind == "oblast"),
            city=one(f.kind == "city"),
            raion=one(f.kind == "raion"),
            pop=one(f.pop),
            approx=one(bool(f.approx)),
            how_bare=one(f.how in ("bare", "alternate")),
            how_respelt=one(f.how in ("alternate", "transliterated")),
            bare=one(bool(f.bare)),
            big_namesake=one(bool(f.big_namesake)),
            exact_big=one(bool(f.exact_big)),
            area_namesake=one(bool(f.area_namesake)),
            oblast_named=one(bool(f.oblast_named)),
            oblast_in_sentence=one(bool(f.oblast_in_sentence)),
            d_local=km(f.d_local),
            d_any=km(f.d_any),
            has_d_any=one(f.d_any is not None),
            d_any_best=km(f.d_any_best),
            war_zone=one(bool(f.war_zone)),
            oblast_centre=one(bool(f.oblast_centre)),
            nearest=one(bool(f.nearest)),
            stated=one(bool(f.stated)),
        )


class Feature(NamedTuple):
    """One term of the score: ``weight`` where ``fires(facts)`` holds, 0 elsewhere.

    ``fires`` reads the :class:`_FactArrays` of many candidates at once and
    returns a boolean mask; :meth:`value` applies it to the :class:`_Facts` of
    one.  ``reason`` is the text the output's ``reason`` column gives when it
    fires, formatted with the fields of :class:`_Facts`.
    """

    name: str
    weight: float
    reason: str
    fires: Callable[[_FactArrays], np.ndarray]

    def value(self, f: _Facts) -> float:
        """1.0 when the feature fires for the candidate described by ``f``, else 0.0."""
        return float(self.fires(_FactArrays.of(f))[0])


def _amid_story(f: _FactArrays) -> np.ndarray:
    """In an oblast the article names, within :data:`AMID_STORY_KM` of a place it names."""
    return f.oblast_named & (f.d_any < AMID_STORY_KM)


def _pop_band(lo: int, hi: float) -> Callable[[_FactArrays], np.ndarray]:
    return lambda f: f.settlement & (lo <= f.pop) & (f.pop < hi)


#: A small namesake this near (km) a named place, in a named oblast, is no "village of a
#: big name": it lies among the places of the story.
AMID_STORY_KM = 20.0
#: A settlement this far (km) from every other place the article names ...
FAR_FROM_STORY_KM = 300.0
#: ... loses to a namesake this near them.  An oblast's centre, named like its oblast, never
#: loses so (nor by :data:`AWAY_FROM_STORY_KM`): "в Запоріжжі" beside Chernihiv is the city.
NEAR_THE_STORY_KM = 100.0

#: A settlement this far (km) from every other place named, while a namesake lies within
#: :data:`AMID_STORY_KM` of one, is not the one meant ("Каменское" by Stepnohirsk is the
#: village there, not the city of Kamianske 99 km away).
AWAY_FROM_STORY_KM = 60.0

#: Of several namesakes, the one nearest (km) to the places named in its sentence (or, when
#: none of them is measured there, in the article) is clearly the nearest when the next lies
#: this much farther, and at least twice as far: "near Verkhnokamianske, Hryhorivka and
#: Serebrianka" is the Hryhorivka among them, not one 36 km off that is also "near".
NEAREST_MARGIN_KM = 10.0
#: ... and it is measured only when this near (km): farther, nearness says nothing.
NEAREST_WITHIN_KM = 60.0

#: "Dobropillia, about 13 km from Polohy" fits a Dobropillia that lies 13 km from Polohy give or
#: take this share of the stated km ...
STATED_SLACK = 0.3
#: ... plus this many km (the press rounds, and measures from a town's edge) ...
STATED_WITHIN_KM = 10.0
#: ... plus this many km for a position known only approximately (a hromada's centre).  A
#: settlement the text places so is in the story: neither far from it nor away from it.
STATED_APPROX_KM = 25.0

#: The scorer: ``score = name weight + sum(weight * value)`` over these features, in this order.
#: The weights were set by hand against the corpus in tests/corpus (no fitted model); the
#: population bands are a prior for the bigger of same-name places.
FEATURES: tuple[Feature, ...] = (
    Feature(
        "bare_capital_name", -0.12, "a bare capital's name: the city unless cued otherwise",
        lambda f: f.bare & f.oblast & f.how_bare,
    ),
    Feature("population_200k", 0.35, "population {pop:,} (200,000+)", _pop_band(200_000, math.inf)),
    Feature("population_50k", 0.25, "population {pop:,} (50,000+)", _pop_band(50_000, 200_000)),
    Feature("population_10k", 0.15, "population {pop:,} (10,000+)", _pop_band(10_000, 50_000)),
    Feature("population_1k", 0.05, "population {pop:,} (1,000+)", _pop_band(1_000, 10_000)),
    Feature(
        "approximate_position", -0.02, "approximate position",
        lambda f: f.settlement & f.approx,
    ),
    Feature(
        "village_of_a_big_name", -0.4,
        "a small namesake of a big place, named bare",
        lambda f: (
            f.settlement & f.big_namesake & (f.pop < 10_000) & f.bare & ~_amid_story(f)
        ),
    ),
    Feature(
        "respelt_namesake", -0.3,
        "a smaller namesake of a big city, by a variant spelling",
        lambda f: f.settlement & f.exact_big & (f.pop < 100_000) & f.how_respelt,
    ),
    Feature(
        "village_of_a_region_name", -0.3,
        "a small namesake of a region or country, away from the story",
        lambda f: f.settlement & f.area_namesake & (f.pop < 10_000) & ~_amid_story(f),
    ),
    Feature(
        "oblast_named", 0.25, "in {admin1}, named in the article",
        lambda f: f.settlement & f.oblast_named,
    ),
    Feature(
        "oblast_in_sentence", 0.2, "in the same sentence",
        lambda f: f.settlement & f.oblast_named & f.oblast_in_sentence,
    ),
    Feature(
        "near_a_place_in_sentence", 0.2, "{d_local:.0f} km from a place named in the same sentence",
        lambda f: f.settlement & (f.d_local < 60),
    ),
    Feature(
        "near_a_named_place", 0.15, "{d_any:.0f} km from another named place",
        lambda f: f.settlement & (f.d_any < 60),
    ),
    Feature(
        "within_200_km_of_a_named_place", 0.07, "{d_any:.0f} km from another named place",
        lambda f: f.settlement & (f.d_any >= 60) & (f.d_any < 200),
    ),
    Feature(
        "far_from_the_story", -0.9,
        "far from every other place named, while a namesake lies {d_any_best:.0f} km from them",
        lambda f: (
            f.settlement
            & ~f.oblast_centre
            & ~f.stated
            & f.has_d_any
            & (f.d_any >= FAR_FROM_STORY_KM)
            & (f.d_any_best < NEAR_THE_STORY_KM)
        ),
    ),
    Feature(
        "away_from_the_story", -0.4,
        "{d_any:.0f} km from every other place named, while a namesake lies among them",
        lambda f: (
            f.settlement
            & ~f.oblast_centre
            & ~f.stated
            & f.has_d_any
            & (f.d_any >= AWAY_FROM_STORY_KM)
            & (f.d_any < math.inf)
            & (f.d_any_best < AMID_STORY_KM)
        ),
    ),
    Feature(
        "nearest_namesake", 0.04, "the nearest of its namesakes to {near_name} ({d_near:.0f} km)",
        lambda f: f.settlement & f.nearest,
    ),
    Feature(
        "at_the_stated_distance", 0.5,
        "{stated_d:.0f} km from {stated_from}, as the text states ({stated_km:.0f} km)",
        lambda f: f.settlement & f.stated,
    ),
    Feature("war_zone", 0.05, "in the war zone", lambda f: f.settlement & f.war_zone),
    Feature("city", 0.03, "a city", lambda f: f.city),
    Feature(
        "raion_oblast_named", 0.2, "in {admin1}, named in the article",
        lambda f: f.raion & f.oblast_named,
    ),
)  # fmt: skip


def _scores(w: np.ndarray, f: _FactArrays) -> tuple[np.ndarray, np.ndarray]:
    """Scores of many candidates and, per candidate, the bits of the features that fired.

    ``w`` holds the name weights; bit k of a candidate's bits is ``FEATURES[k]``.

    The terms are added in the order of :data:`FEATURES` (a running sum down the
    stacked terms), as one candidate at a time would add them, so the sums are
    the same floats.
    """
    fired = np.array([feat.fires(f) for feat in FEATURES], dtype=bool).reshape(len(FEATURES), -1)
    terms = np.empty((len(FEATURES) + 1, len(w)))
    terms[0] = w
    terms[1:] = np.where(fired, _WEIGHTS, 0.0)
    s = np.add.accumulate(terms, axis=0)[-1]
    bits = (fired.astype(np.int64) << _BIT).sum(axis=0)
    return s, bits


_WEIGHTS = np.array([[feat.weight] for feat in FEATURES])
_BIT = np.arange(len(FEATURES), dtype=np.int64)[:, None]


def _reasons(bits: int, facts: dict) -> list[str]:
    """The reasons of the features in ``bits`` (see :func:`_scores`), formatted with ``facts``."""
    return [feat.reason.format(**facts) for k, feat in enumerate(FEATURES) if bits >> k & 1]


class _Entities(NamedTuple):
    """Per-entity columns the scorer and the distances read, as numpy arrays (one per gazetteer)."""

    settlement: np.ndarray
    oblast: np.ndarray
    city: np.ndarray
    raion: np.ndarray
    country: np.ndarray
    big: np.ndarray  # a city or town of 100,000+, an oblast or a country: a "big namesake"
    pop: np.ndarray
    approx: np.ndarray
    war_zone: np.ndarray  # the entity's oblast is in or next to the war zone
    rad: np.ndarray  # (lon, lat, cos lat) in radians, the floats of ``Gazetteer.radians``


_ENTITIES: weakref.WeakKeyDictionary[Gazetteer, _Entities] = weakref.WeakKeyDictionary()


def _entities(gaz: Gazetteer) -> _Entities:
    """The :class:`_Entities` of ``gaz``, built on first use."""
    e = _ENTITIES.get(gaz)
    if e is None:
        v = gaz.values
        kind = np.asarray(v["kind"], dtype=object)
        pop = np.asarray(v["population"], dtype=np.int64)
        codes = gaz.oblast_codes
        e = _ENTITIES[gaz] = _Entities(
            settlement=np.isin(kind, list(_SETTLEMENT_KINDS)),
            oblast=kind == "oblast",
            city=kind == "city",
            raion=kind == "raion",
            country=kind == "country",
            big=((pop >= 100_000) & np.isin(kind, ["city", "town"]))
            | np.isin(kind, ["oblast", "country"]),
            pop=pop,
            approx=np.asarray(v["approx"], dtype=bool),
            war_zone=np.array([codes.get(a) in _WAR_ZONE for a in v["admin1"]], dtype=bool),
            rad=np.asarray(gaz.radians, dtype=float).reshape(-1, 3),
        )
    return e
