"""The score of one candidate entity for one mention, and the article context it reads."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from ..gazetteer import Gazetteer
from ._lexicon import _SETTLEMENT_KINDS

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


class _Scorer:
    """Score of one candidate entity for one mention: name weight plus the evidence for it."""

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

    def score(
        self, i: int, w: float, how: str, ci: int, ev: _Evidence, why: list[str] | None = None
    ) -> float:
        """``w`` plus bonuses for entity ``i`` (candidate ``ci`` of the mention ``ev`` is about).

        Appends the reasons to ``why`` when given.
        """
        s = w
        k = self.kinds[i]
        bare = ev.bare
        d_local = None if ev.d_local is None else ev.d_local[ci]
        d_any = None if ev.d_any is None else ev.d_any[ci]
        if bare and k == "oblast" and how in ("bare", "alternate"):
            s -= 0.12  # a bare capital's name is the city unless cued otherwise
        if k in _SETTLEMENT_KINDS:
            pop = self.pops[i]
            s += _pop_bonus(pop)
            if self.approx[i]:
                s -= 0.02
            if ev.big_namesake and pop < 10_000 and bare:
                s -= 0.4  # a bare "Zaporizhzhia" is the city, not a village of that name
            if ev.exact_big and pop < 100_000 and how in ("alternate", "transliterated"):
                s -= 0.3  # "Mykolaiv" is the city, not a Mykolaivka someone spelt so
            a1 = self.admin1[i]
            if self.ctx.named(a1, i):
                s += 0.25
                if why is not None:
                    why.append(f"in {a1}, named in the article")
                if a1 in ev.sent_oblasts:
                    s += 0.2
                    if why is not None:
                        why.append("in the same sentence")
            if d_local is not None and 0.5 < d_local < 60:
                s += 0.2
                if why is not None:
                    why.append(f"{d_local:.0f} km from a place named in the same sentence")
            if d_any is not None:
                if d_any < 60:
                    s += 0.15
                    if why is not None:
                        why.append(f"{d_any:.0f} km from another named place")
                elif d_any < 200:
                    s += 0.07
            if self.code_of_oblast.get(a1) in _WAR_ZONE:
                s += 0.05
                if why is not None:
                    why.append("in the war zone")
            if k == "city":
                s += 0.03
        if k == "raion" and self.ctx.named(self.admin1[i], i):
            s += 0.2
        return s


def _pop_bonus(pop: int) -> float:
    """Prior for a settlement's size: a bare name most often means the bigger place."""
    if pop >= 200_000:
        return 0.35
    if pop >= 50_000:
        return 0.25
    if pop >= 10_000:
        return 0.15
    return 0.05 if pop >= 1_000 else 0.0
