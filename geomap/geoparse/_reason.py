"""The candidate table of stage 7 and the reason text of a chosen candidate.

:class:`_Table` holds every candidate of a batch of articles with what the scorer
says of it; :func:`reason_text` names, for the chosen one, each feature of
:data:`~geomap.geoparse.score.FEATURES` that fired, formatted with its facts.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from ..gazetteer import Gazetteer
from ._near import near_name
from .doc import Mention
from .score import _FactArrays, _Facts, _reasons

__all__ = ["reason_text"]


class _Table(NamedTuple):
    """Every candidate of every mention of one article, flat, with what the scorer says of it."""

    offs: list[int]  # mention j's candidates are rows offs[j]:offs[j + 1]
    scores: list[float]
    bits: list[int]  # the features that fired (bit k: FEATURES[k])
    d_local: list[float]  # km to the sentence's other places (inf: none, or not measured)
    d_any: list[float]  # km to the article's other places (inf: none, or not measured)
    d_any_best: list[float]  # per mention: the least of its d_any
    facts: _FactArrays
    stated: dict[int, tuple[float, float, int]]  # row -> (km from the place, km stated, place)


def _facts(gaz: Gazetteer, i: int, how: str, j: int, r: int, t: _Table) -> _Facts:
    """The :class:`_Facts` of candidate row ``r`` (entity ``i``) of mention ``j``, for its reasons."""
    v, f = gaz.values, t.facts
    return _Facts(
        kind=v["kind"][i],
        pop=v["population"][i],
        approx=bool(v["approx"][i]),
        how=how,
        admin1=v["admin1"][i],
        bare=bool(f.bare[r]),
        big_namesake=bool(f.big_namesake[r]),
        exact_big=bool(f.exact_big[r]),
        area_namesake=bool(f.area_namesake[r]),
        oblast_named=bool(f.oblast_named[r]),
        oblast_in_sentence=bool(f.oblast_in_sentence[r]),
        d_local=t.d_local[r],
        d_any=t.d_any[r],
        d_any_best=t.d_any_best[j],
        war_zone=bool(f.war_zone[r]),
        oblast_centre=bool(f.oblast_centre[r]),
        nearest=bool(f.nearest[r]),
        stated=bool(f.stated[r]),
        d_near=t.d_local[r],
    )


def reason_text(
    gaz: Gazetteer, t: _Table, m: Mention, at: tuple[int, int, int], cand, amb: int, near
) -> str:
    """The reason text of the candidate ``cand`` chosen for mention ``m``.

    ``at`` is (``m``'s index in ``t``, its candidate's row in ``t``, its index in its
    article); ``amb`` the number of distinct candidates; ``near`` the anchors of its
    sentence and the article's context (to name the place it is nearest to).
    """
    jt, r, j = at
    i, _, how = cand
    facts = _facts(gaz, i, how, jt, r, t)._asdict()
    if facts["nearest"]:
        sent, ctx = near
        facts["near_name"] = near_name(sent, ctx, gaz.values["lon"][i], gaz.values["lat"][i], j)
    if r in t.stated:
        d, km, y = t.stated[r]
        facts.update(stated_d=d, stated_km=km, stated_from=gaz.values["name"][y])
    reasons = [f"{how} name", *_reasons(t.bits[r], facts)]
    reason = ", ".join(reasons) + (f"; chosen among {amb} candidates" if amb > 1 else "")
    if m.notes:
        reason += "; " + "; ".join(m.notes)
    return sys.intern(reason)  # the mentions of one place share one string
