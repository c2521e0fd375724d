"""Stage 7, resolve: each mention picks one gazetteer entity, or none."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..gazetteer import Gazetteer, oblast_key
from ._lexicon import _CUE_KINDS, _LIST_SEP_STRICT_RE, _SETTLEMENT_KINDS
from .distance import _anchor_array, _candidate_distances, _nearest_km
from .doc import Doc, Mention
from .score import _WAR_ZONE, _Context, _Evidence, _Scorer

__all__ = ["resolve"]


def _in_list(mentions: list[Mention], j: int, text: str) -> bool:
    if j > 0 and _LIST_SEP_STRICT_RE.fullmatch(text[mentions[j - 1].end : mentions[j].start]):
        return True
    return j + 1 < len(mentions) and bool(
        _LIST_SEP_STRICT_RE.fullmatch(text[mentions[j].end : mentions[j + 1].start])
    )


_CITY_BEFORE_RE = re.compile(
    r"(?:(?:centre|center|outskirts|suburbs|streets|downtown|mayor|residents|heart|skies) of|downtown|central|"
    r"regional capital,?|the city of|near|outside|struck|strikes? on|hit|hits|shelled|attacked|bombed|"
    r"targeted|pounded|attacks? on|(?:driven|taken|flown|bused|bussed|evacuated|returned|brought|"
    r"travelled|traveled|headed|sent|moved)(?: on| back)? to|центре|центрі|мэр|мер|місті|городе|окраине|околиці|"
    r"околицях|(?:km|kilomet(?:re|er)s?|miles|км|кілометрів|километров)\s+(?:\w+\s+)?(?:of|from|від|от))\s+$"
    r"|[\"“«]$",
    re.IGNORECASE,
)
_CITY_AFTER_RE = re.compile(
    r"^(?:['’]s\s+(?:mayor|city|centre|center|streets|residents|suburbs|outskirts|airport|metro|districts?)|"
    r",?\s+(?:a|the)\s+(?:city|regional capital|capital)|"
    r"\s+(?:lies|is|sits|was)\s+(?:about |roughly |some |only |just |around )?\d|\s+mayor|"
    r",?\s+(?:about|some|roughly|around|just|only)?\s*\d+\s*(?:km|kilomet|км)|\s+(?:must|next)\b)",
    re.IGNORECASE,
)


def _city_context(text: str, m: Mention) -> bool:
    """Evidence that a bare name is used as the city: "mayor of Kharkiv", "Belgorod lies 40 km"."""
    before = text[max(0, m.start - 30) : m.start]
    after = text[m.end : m.end + 40]
    return bool(_CITY_BEFORE_RE.search(before) or _CITY_AFTER_RE.search(after))


def _allowed(m: Mention, kinds: list[str]) -> list[tuple[int, float, str]]:
    """The mention's candidates of the kinds its cue allows (all of them without a cue)."""
    ok = _CUE_KINDS.get(m.cue) if m.cue is not None else None
    if ok is None:
        return m.entries
    return [e for e in m.entries if kinds[e[0]] in ok]


def _explicit_senses(mentions: list[Mention], gaz: Gazetteer, text: str) -> _Context:
    """Pass 1: oblasts and cities the text names explicitly (by cue or context)."""
    v = gaz.values
    kinds, names = v["kind"], v["name"]
    ctx = _Context({}, [], set(), set())
    # keys whose city sense matters: names of oblasts used bare ("Kursk" the city or the region)
    city_sense_keys = gaz.oblast_bare_keys | {
        m.key for m in mentions if any(kinds[i] == "oblast" for i, _, _ in m.entries)
    }
    for m in mentions:
        if m.cue == "oblast":
            for i, _, _ in _allowed(m, kinds) or m.entries:
                if kinds[i] == "oblast":
                    ctx.explicit_oblast_keys.add(oblast_key(names[i]))
                    ctx.name(names[i], i)
        if m.cue == "city":
            ctx.explicit_city_keys.add(m.key.split(" ")[0])
        elif m.cue is None and m.key in city_sense_keys and _city_context(text, m):
            ctx.explicit_city_keys.add(m.key)
    return ctx


def _one_sense_per_discourse(mentions: list[Mention], gaz: Gazetteer, ctx: _Context) -> None:
    """A bare "Kursk" in an article that names Kursk Oblast and never Kursk the city is the oblast.

    Narrowly: never used as a city ("the mayor of", "centre of", "lies 40 km from"), and Russian
    regions only: the press writes "fighting in Kursk" for the region, while a bare "Kharkiv"
    or "Sumy" is the city even in an article about the Kharkiv or Sumy region.
    """
    v = gaz.values
    kinds, names, country = v["kind"], v["name"], v["country"]
    for m in mentions:
        if m.cue is not None or m.metonym:
            continue
        bare = [
            i
            for i, _, how in m.entries
            if kinds[i] == "oblast" and how in ("bare", "alternate") and country[i] != "UA"
        ]
        if (
            bare
            and oblast_key(names[bare[0]]) in ctx.explicit_oblast_keys
            and m.key not in ctx.explicit_city_keys
        ):
            key = oblast_key(names[bare[0]])
            if key not in ctx.explicit_city_keys:
                m.cue = "oblast"
                m.note("the article names this oblast and never this city")


def _anchors(mentions: list[Mention], allowed: list, gaz: Gazetteer, ctx: _Context):
    """Unambiguous mentions name their oblasts and anchor distances (per article and sentence).

    Returns the anchors of each sentence and the oblasts each sentence names.
    """
    v = gaz.values
    kinds, lats, lons = v["kind"], v["lat"], v["lon"]
    admin1, approx, names = v["admin1"], v["approx"], v["name"]
    sent_anchors: dict[int, list[tuple[float, float]]] = {}
    sent_oblasts: dict[int, set[str]] = {}
    for m, ok in zip(mentions, allowed, strict=True):
        cands = ok or m.entries
        if len(cands) == 1:
            i = cands[0][0]
        else:
            settl = [e for e in cands if kinds[e[0]] in _SETTLEMENT_KINDS or kinds[e[0]] == "raion"]
            if not settl or m.cue == "oblast" or len({admin1[e[0]] for e in settl}) != 1:
                continue
            i = cands[0][0]
        if kinds[i] == "oblast":
            ctx.name(names[i], i)
            if len(cands) == 1:
                # oblasts named in each sentence ("villages of X and Y in Donetsk region")
                sent_oblasts.setdefault(m.first.sent, set()).add(names[i])
        elif kinds[i] != "country":
            ctx.name(admin1[i], i)
            if not approx[i]:
                ctx.anchor_lonlat.append((lons[i], lats[i]))
                sent_anchors.setdefault(m.first.sent, []).append((lons[i], lats[i]))
    return sent_anchors, sent_oblasts


def _evidence(m, cands, gaz: Gazetteer, ctx: _Context, sent_oblasts, d_local, d_any) -> _Evidence:
    """What the mention's context says about all its candidates."""
    v = gaz.values
    kinds, pops, admin1 = v["kind"], v["population"], v["admin1"]
    # namesakes matter only between candidates: a lone candidate skips both tests
    several = len(cands) > 1
    return _Evidence(
        bare=m.cue is None,
        # a city of 100,000+ or a region of that name: a village namesake is not meant bare
        big_namesake=several
        and any(
            (pops[i] >= 100_000 and (kinds[i] == "city" or kinds[i] == "town"))
            or kinds[i] == "oblast"
            for i, _, _ in cands
        ),
        exact_big=several
        and any(
            pops[i] >= 100_000
            and how in ("canonical", "official")
            and kinds[i] == "city"
            and (gaz.oblast_codes.get(admin1[i]) in _WAR_ZONE or ctx.named(admin1[i], i))
            for i, _, how in cands
        ),
        sent_oblasts=sent_oblasts.get(m.first.sent, ()),
        d_local=d_local,
        d_any=d_any,
        d_any_best=min(d_any) if d_any else None,
    )


def _abstain(
    r: _Resolution, best: int, best_ci: int, amb: int, ev: _Evidence
) -> tuple[str, str] | None:
    """(rule, detail) when the best candidate is too weakly supported to be named, else None."""
    v = r.gaz.values
    kinds, pops, admin1 = v["kind"], v["population"], v["admin1"]
    ctx, m = r.ctx, r.mentions[r.j]
    named = ctx.named(admin1[best], best)
    if m.weak and not named and not _in_list(r.mentions, r.j, r.text):
        return "weak_without_its_oblast", f"a weak name; {admin1[best]} is not named and no list"
    # a district named by its adjective alone needs its oblast, or a place near it, in the article
    if kinds[best] == "raion" and m.cue != "raion" and not named:
        lons, lats = v["lon"], v["lat"]
        near = r.anchors is not None and _nearest_km(lons[best], lats[best], r.anchors) < 120
        if not near:
            return "raion_without_its_oblast", (
                f"a district by its adjective; {admin1[best]} not named, no place within 120 km"
            )
    # one of several same-name villages with nothing in the text for it (not in an oblast
    # the text names, no named place within 60 km) while the text names places elsewhere:
    # a coin toss, most often for a village the gazetteer lacks ("Martynovka" by Sudzha)
    if (
        amb > 1
        and kinds[best] in _SETTLEMENT_KINDS
        and pops[best] < 5_000
        and ctx.named_by
        and not named
        and (ev.d_any is None or ev.d_any[best_ci] >= 60)
    ):
        return (
            "namesake_coin_toss",
            f"one of {amb} same-name places with nothing in the text for it",
        )
    return None


def _one_place_per_name(
    mentions: list[Mention], allowed: list, scores_of: Callable[[int], list[float]]
) -> dict[int, int]:
    """One place for one name in one article: the candidate with the best total score.

    Mentions of the same name with the same cue ("Kamianske" twice) name the same
    place; each sentence's evidence adds to the total, so the sentence that says
    where the place is decides for the one that does not. Returns mention index ->
    the agreed entity, for the mentions of names met more than once. Only the
    totals are kept, so memory stays flat however many mentions an article has.
    """
    groups: dict[tuple[str, str | None], list[int]] = {}
    for j, m in enumerate(mentions):
        if not m.metonym and len(allowed[j]) > 1:
            groups.setdefault((m.key, m.cue), []).append(j)
    out: dict[int, int] = {}
    for js in groups.values():
        if len(js) < 2:
            continue
        total: dict[int, float] = {}
        shared: set[int] | None = None
        for j in js:
            ids = set()
            for (i, _, _), s in zip(allowed[j], scores_of(j), strict=True):
                total[i] = total.get(i, 0.0) + s
                ids.add(i)
            shared = ids if shared is None else shared & ids
        if shared:
            place = max(shared, key=lambda i: total[i])
            out.update((j, place) for j in js)
    return out


class _Resolution(NamedTuple):
    """The article-wide state of pass 2, and the index of the mention at hand."""

    mentions: list[Mention]
    gaz: Gazetteer
    text: str
    ctx: _Context
    anchors: np.ndarray | None
    j: int


def _resolve(mentions: list[Mention], gaz: Gazetteer, text: str, doc: Doc | None = None) -> None:
    kinds, pops = gaz.values["kind"], gaz.values["population"]
    ctx = _explicit_senses(mentions, gaz, text)
    _one_sense_per_discourse(mentions, gaz, ctx)
    # the candidates each mention's cue allows (final cues from here on)
    allowed = [_allowed(m, kinds) for m in mentions]
    sent_anchors, sent_oblasts = _anchors(mentions, allowed, gaz, ctx)
    # distances from every candidate of an ambiguous mention to the places named in its
    # sentence and in the article, one array computation for the whole article
    d_local, d_any = _candidate_distances(mentions, allowed, sent_anchors, ctx, kinds, gaz.radians)
    anchors = _anchor_array(ctx)
    scorer = _Scorer(gaz, ctx)
    for j, m in enumerate(mentions):
        if not allowed[j]:
            allowed[j] = m.entries
            m.note(f"no {m.cue} named so; took the best other kind")

    def evidence_of(j: int) -> _Evidence:
        return _evidence(
            mentions[j], allowed[j], gaz, ctx, sent_oblasts, d_local.get(j), d_any.get(j)
        )

    def scores_of(j: int, ev: _Evidence) -> list[float]:
        return [scorer.score(i, w, how, ci, ev) for ci, (i, w, how) in enumerate(allowed[j])]

    agreed = _one_place_per_name(mentions, allowed, lambda j: scores_of(j, evidence_of(j)))
    # pass 2: choose per mention
    for j, m in enumerate(mentions):
        cands, evidence = allowed[j], evidence_of(j)
        scores = scores_of(j, evidence)
        best, best_ci, best_s = None, -1, -1.0
        for ci, (i, _, _) in enumerate(cands):
            s = scores[ci]
            if s > best_s or (s == best_s and best is not None and pops[i] > pops[best]):
                best, best_ci, best_s = i, ci, s
        if agreed.get(j, best) != best:
            best_ci = next(ci for ci, (i, _, _) in enumerate(cands) if i == agreed[j])
            best, best_s = cands[best_ci][0], scores[best_ci]
            m.note("the place this name has elsewhere in the article")
        if best is None:
            m.chosen, m.score = None, best_s
            if doc is not None:
                doc.drop(m, "resolve", "no_candidate", "no candidate of the kinds allowed")
            continue
        amb = len({c[0] for c in cands})
        why = _abstain(
            _Resolution(mentions, gaz, text, ctx, anchors, j), best, best_ci, amb, evidence
        )
        if why is not None:
            m.chosen = None
            if doc is not None:
                doc.drop(m, "resolve", *why)
            continue
        m.chosen = best
        m.score = best_s
        i, w, how = cands[best_ci]
        reasons = [f"{how} name"]
        scorer.score(i, w, how, best_ci, evidence, reasons)
        reason = ", ".join(reasons) + (f"; chosen among {amb} candidates" if amb > 1 else "")
        if m.notes:
            reason += "; " + "; ".join(m.notes)
        m.reason = sys.intern(reason)  # the mentions of one place share one string


def resolve(doc: Doc) -> None:
    """Stage 7: one entity per mention, or none.

    Parameters
    ----------
    doc : Doc
        The article being parsed; each mention gets its ``chosen``
        candidate, ``score`` and ``reason``, or is dropped unresolved.
    """
    _resolve(doc.mentions, doc.gaz, doc.text, doc)
