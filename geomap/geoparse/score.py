"""The score of one candidate entity for one mention, and the article context it reads.

The scorer is declared: :data:`FEATURES` lists every term with its weight and
its reason text, and ``score = name weight + sum(weight * value)``.  Every
feature that fires for the chosen candidate is named in the ``reason`` column.
``confidence`` in the output is that score clipped to [0, 1] (plus 0.03 per
further mention of the place): a ranking score, not a calibrated probability.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import NamedTuple

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

    def name(self, oblast: str, entity: int) -> None:
        """Record that ``entity`` (the oblast itself, or a place in it) puts ``oblast`` in the text."""
        self.named_by.setdefault(oblast, set()).add(entity)

    def named(self, oblast: str, entity: int) -> bool:
        """Whether the text names ``oblast`` through something other than ``entity`` itself."""
        by = self.named_by.get(oblast)
        return by is not None and (len(by) > 1 or entity not in by)


class _Evidence(NamedTuple):
    """What one mention's context says about all its candidates."""

    bare: bool  # no admin or city word next to the name
    big_namesake: bool  # one candidate is a city of 100,000+
    exact_big: bool  # a city of 100,000+ by its own name, in the war zone or a named oblast
    sent_oblasts: Collection[str]  # oblasts named in the mention's sentence
    d_local: list[float] | None  # km from each candidate to the sentence's other places
    d_any: list[float] | None  # km from each candidate to the article's other places
    d_any_best: float | None  # the least of d_any: how near the nearest namesake lies


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
    oblast_named: bool  # the article names the candidate's oblast through something else
    oblast_in_sentence: bool  # ... in the mention's own sentence
    d_local: float | None  # km to the nearest place named in the same sentence
    d_any: float | None  # km to the nearest place named in the article
    d_any_best: float | None  # ... for the candidate of this name nearest to them
    war_zone: bool  # the candidate's oblast is in or next to the war zone


class Feature(NamedTuple):
    """One term of the score: ``weight`` times ``value(facts)`` (0 when it does not fire).

    ``reason`` is the text the output's ``reason`` column gives when it fires,
    formatted with the fields of :class:`_Facts`.
    """

    name: str
    weight: float
    reason: str
    value: Callable[[_Facts], float]


def _settlement(f: _Facts) -> bool:
    return f.kind in _SETTLEMENT_KINDS


def _amid_story(f: _Facts) -> bool:
    """In an oblast the article names, within :data:`AMID_STORY_KM` of a place it names."""
    return f.oblast_named and f.d_any is not None and f.d_any < AMID_STORY_KM


def _pop_band(lo: int, hi: float) -> Callable[[_Facts], float]:
    return lambda f: float(_settlement(f) and lo <= f.pop < hi)


#: A small namesake this near (km) a named place, in a named oblast, is no "village of a
#: big name": it lies among the places of the story.
AMID_STORY_KM = 20.0
#: A settlement this far (km) from every other place the article names ...
FAR_FROM_STORY_KM = 300.0
#: ... loses to a namesake this near them.
NEAR_THE_STORY_KM = 100.0

#: The scorer: ``score = name weight + sum(weight * value)`` over these features, in this order.
#: The weights were set by hand against the corpus in tests/corpus (no fitted model); the
#: population bands are a prior for the bigger of same-name places.
FEATURES: tuple[Feature, ...] = (
    Feature(
        "bare_capital_name", -0.12, "a bare capital's name: the city unless cued otherwise",
        lambda f: float(f.bare and f.kind == "oblast" and f.how in ("bare", "alternate")),
    ),
    Feature("population_200k", 0.35, "population {pop:,} (200,000+)", _pop_band(200_000, math.inf)),
    Feature("population_50k", 0.25, "population {pop:,} (50,000+)", _pop_band(50_000, 200_000)),
    Feature("population_10k", 0.15, "population {pop:,} (10,000+)", _pop_band(10_000, 50_000)),
    Feature("population_1k", 0.05, "population {pop:,} (1,000+)", _pop_band(1_000, 10_000)),
    Feature(
        "approximate_position", -0.02, "approximate position",
        lambda f: float(_settlement(f) and f.approx),
    ),
    Feature(
        "village_of_a_big_name", -0.4,
        "a small namesake of a big place, named bare",
        lambda f: float(
            _settlement(f) and f.big_namesake and f.pop < 10_000 and f.bare and not _amid_story(f)
        ),
    ),
    Feature(
        "respelt_namesake", -0.3,
        "a smaller namesake of a big city, by a variant spelling",
        lambda f: float(
            _settlement(f)
            and f.exact_big
            and f.pop < 100_000
            and f.how in ("alternate", "transliterated")
        ),
    ),
    Feature(
        "oblast_named", 0.25, "in {admin1}, named in the article",
        lambda f: float(_settlement(f) and f.oblast_named),
    ),
    Feature(
        "oblast_in_sentence", 0.2, "in the same sentence",
        lambda f: float(_settlement(f) and f.oblast_named and f.oblast_in_sentence),
    ),
    Feature(
        "near_a_place_in_sentence", 0.2, "{d_local:.0f} km from a place named in the same sentence",
        lambda f: float(_settlement(f) and f.d_local is not None and 0.5 < f.d_local < 60),
    ),
    Feature(
        "near_a_named_place", 0.15, "{d_any:.0f} km from another named place",
        lambda f: float(_settlement(f) and f.d_any is not None and f.d_any < 60),
    ),
    Feature(
        "within_200_km_of_a_named_place", 0.07, "{d_any:.0f} km from another named place",
        lambda f: float(_settlement(f) and f.d_any is not None and 60 <= f.d_any < 200),
    ),
    Feature(
        "far_from_the_story", -0.9,
        "far from every other place named, while a namesake lies {d_any_best:.0f} km from them",
        lambda f: float(
            _settlement(f)
            and f.d_any is not None
            and f.d_any >= FAR_FROM_STORY_KM
            and f.d_any_best is not None
            and f.d_any_best < NEAR_THE_STORY_KM
        ),
    ),
    Feature(
        "war_zone", 0.05, "in the war zone", lambda f: float(_settlement(f) and f.war_zone)
    ),
    Feature("city", 0.03, "a city", lambda f: float(f.kind == "city")),
    Feature(
        "raion_oblast_named", 0.2, "in {admin1}, named in the article",
        lambda f: float(f.kind == "raion" and f.oblast_named),
    ),
)  # fmt: skip


class _Scorer:
    """Score of one candidate entity for one mention: name weight plus the features of :data:`FEATURES`.

    The score is no probability: ``confidence`` in the output is the best
    mention's score clipped to [0, 1], plus 0.03 per further mention.
    """

    def __init__(self, gaz: Gazetteer, ctx: _Context):
        v = gaz.values
        self.kinds, self.pops, self.admin1, self.approx = (
            v["kind"],
            v["population"],
            v["admin1"],
            v["approx"],
        )
        self.code_of_oblast = gaz.oblast_codes
        self.ctx = ctx

    def facts(self, i: int, how: str, ci: int, ev: _Evidence) -> _Facts:
        """The facts the features read about entity ``i``, candidate ``ci`` of the mention."""
        a1 = self.admin1[i]
        named = self.ctx.named(a1, i)
        return _Facts(
            kind=self.kinds[i],
            pop=self.pops[i],
            approx=bool(self.approx[i]),
            how=how,
            admin1=a1,
            bare=ev.bare,
            big_namesake=ev.big_namesake,
            exact_big=ev.exact_big,
            oblast_named=named,
            oblast_in_sentence=named and a1 in ev.sent_oblasts,
            d_local=None if ev.d_local is None else ev.d_local[ci],
            d_any=None if ev.d_any is None else ev.d_any[ci],
            d_any_best=ev.d_any_best,
            war_zone=self.code_of_oblast.get(a1) in _WAR_ZONE,
        )

    def score(
        self, i: int, w: float, how: str, ci: int, ev: _Evidence, why: list[str] | None = None
    ) -> float:
        """``w`` plus ``weight * value`` of every feature for entity ``i`` (candidate ``ci``).

        Appends the reason of every feature that fired to ``why`` when given.
        """
        f = self.facts(i, how, ci, ev)
        s = w
        for feat in FEATURES:
            value = feat.value(f)
            if value:
                s += feat.weight * value
                if why is not None:
                    why.append(feat.reason.format(**f._asdict()))
        return s
