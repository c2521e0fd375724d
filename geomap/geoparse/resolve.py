"""Stage 7, resolve: each mention picks one gazetteer entity, or none."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..gazetteer import Gazetteer, oblast_key
from ._lexicon import (
    _CUE_KINDS,
    _LIST_SEP_STRICT_RE,
    _SETTLEMENT_KINDS,
)
from ._near import anchor_list, nearest_namesakes, stated_fit, stated_links
from ._reason import _Table, reason_text
from ._senses import _city_context, _region_sense
from ._story import (
    district_adjective,
    drop_far_villages,
    hidden_city_peers,
    hidden_city_reading,
    nearer_raion,
)
from ._within import district_of_oblast, within_raion
from .distance import _anchor_array, _candidate_distances, _nearest_km
from .doc import Doc, Mention
from .score import (
    FAR_FROM_STORY_KM,
    _Context,
    _entities,
    _FactArrays,
    _scores,
)

__all__ = ["resolve", "resolve_all"]


def _in_list(mentions: list[Mention], j: int, text: str) -> bool:
    if j > 0 and _LIST_SEP_STRICT_RE.fullmatch(text[mentions[j - 1].end : mentions[j].start]):
        return True
    return j + 1 < len(mentions) and bool(
        _LIST_SEP_STRICT_RE.fullmatch(text[mentions[j].end : mentions[j + 1].start])
    )


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


def _one_sense_per_discourse(
    mentions: list[Mention], gaz: Gazetteer, ctx: _Context, doc: Doc | None = None
) -> None:
    """A bare "Kursk" in an article that names Kursk Oblast and never Kursk the city is the oblast.

    Narrowly: never used as a city ("the mayor of", "centre of", "lies 40 km from"), and Russian
    regions only: the press writes "fighting in Kursk" for the region, while a bare "Kharkiv"
    or "Sumy" is the city even in an article about the Kharkiv or Sumy region.  In English
    only in a sentence with a word for regions ("Kursk, Belgorod and Bryansk regions"): a
    bare "Saratov" or "Murmansk" elsewhere is the city ("the Saratov refinery", "from
    Murmansk to Siberia"), as English writes "region" when it means one.
    """
    v = gaz.values
    kinds, names, country = v["kind"], v["name"], v["country"]
    seen: dict[int, str | None] = {}
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
            why = _region_sense(m, doc, seen) if not m.first.cyr else None
            if not m.first.cyr and why is None:
                continue  # English: a bare "Saratov" is the city unless said of regions
            if key not in ctx.explicit_city_keys:
                m.cue = "oblast"
                m.note(
                    "the article names this oblast and never this city"
                    + (f" ({why})" if why else "")
                )


def _anchors(mentions: list[Mention], allowed: list, gaz: Gazetteer, ctx: _Context):
    """Unambiguous mentions name their oblasts and anchor distances (per article and sentence).

    Returns the anchors of each sentence and the oblasts each sentence names.
    """
    v = gaz.values
    kinds, lats, lons = v["kind"], v["lat"], v["lon"]
    admin1, approx, names = v["admin1"], v["approx"], v["name"]
    sent_anchors: dict[int, list[tuple[float, float]]] = {}
    sent_oblasts: dict[int, set[str]] = {}
    for j, (m, ok) in enumerate(zip(mentions, allowed, strict=True)):
        cands = ok or m.entries
        if len(cands) == 1:
            i = cands[0][0]
        else:
            settl = [e for e in cands if kinds[e[0]] in _SETTLEMENT_KINDS or kinds[e[0]] == "raion"]
            regions = {admin1[e[0]] for e in settl}
            # namesakes all in one oblast fix the oblast; abroad (no admin1) they fix nothing
            if not settl or m.cue == "oblast" or len(regions) != 1 or "" in regions:
                continue
            # "Kherson": the city (a distance anchor) and its oblast; several namesakes in
            # one oblast name only the oblast
            i = settl[0][0] if len(settl) == 1 else cands[0][0]
        if kinds[i] == "oblast":
            ctx.name(names[i], i)
            if len(cands) == 1:
                # oblasts named in each sentence ("villages of X and Y in Donetsk region")
                sent_oblasts.setdefault(m.first.sent, set()).add(names[i])
        elif kinds[i] != "country":
            ctx.name(admin1[i], i)
            if not approx[i]:
                p = (lons[i], lats[i])
                ctx.anchor_lonlat.append(p)
                ctx.anchor_owners.setdefault(p, set()).add(j)
                ctx.anchor_names.setdefault(p, names[i])
                if kinds[i] != "raion" and not m.metonym:
                    ctx.story_lonlat.append((lons[i], lats[i]))
                sent_anchors.setdefault(m.first.sent, []).append((lons[i], lats[i]))
    return sent_anchors, sent_oblasts


_HOW_BITS = {"bare": 1, "alternate": 3, "transliterated": 2, "canonical": 4, "official": 4}


def _any_per_mention(x: np.ndarray, offs: np.ndarray) -> np.ndarray:
    cs = np.zeros(len(x) + 1, dtype=np.int64)
    np.cumsum(x, out=cs[1:])
    return cs[offs[1:]] > cs[offs[:-1]]


class _Article(NamedTuple):
    """One article after pass 1 of :func:`_prepare`: what pass 2 reads."""

    mentions: list[Mention]
    text: str
    doc: Doc | None
    ctx: _Context
    allowed: list[list[tuple[int, float, str]]]
    sent_anchors: dict[int, list[tuple[float, float]]]
    sent_oblasts: dict[int, set[str]]
    anchors: np.ndarray | None
    links: list[tuple[int, int, float]]  # "X, N km from Y": (X's mention, Y's mention, N)


def _prepare(mentions: list[Mention], gaz: Gazetteer, text: str, doc: Doc | None) -> _Article:
    """Pass 1: the senses the article fixes, each mention's allowed candidates, the anchors."""
    kinds = gaz.values["kind"]
    district_of_oblast(mentions, gaz, text)  # "the Polohy district of Zaporizhzhia"
    ctx = _explicit_senses(mentions, gaz, text)
    _one_sense_per_discourse(mentions, gaz, ctx, doc)
    # the candidates each mention's cue allows (final cues from here on)
    allowed = [_allowed(m, kinds) for m in mentions]
    within_raion(mentions, allowed, gaz, text)  # "Uspenivka in the Polohy district"
    sent_anchors, sent_oblasts = _anchors(mentions, allowed, gaz, ctx)
    for j, m in enumerate(mentions):
        if not allowed[j] and not district_adjective(m):
            allowed[j] = m.entries
            m.note(f"no {m.cue} named so; took the best other kind")
    anchors = _anchor_array(ctx)
    links = stated_links(mentions, text)
    return _Article(mentions, text, doc, ctx, allowed, sent_anchors, sent_oblasts, anchors, links)


def _flat(arts: list[_Article], admin1: list[str], kinds: list[str]):
    """The candidates of all mentions of ``arts``, flat, as lists (per candidate / per mention)."""
    ent, w, how, named, in_sent, centre = [], [], [], [], [], []
    ns, msent, bare, art = [], [], [], []
    for k, a in enumerate(arts):
        named_by, sent_oblasts = a.ctx.named_by, a.sent_oblasts
        for m, cands in zip(a.mentions, a.allowed, strict=True):
            si = m.first.sent
            ns.append(len(cands))
            msent.append(si)
            bare.append(m.cue is None)
            art.append(k)
            oblasts = sent_oblasts.get(si, ())
            # oblasts this very name names: a city among the candidates in one is its centre
            own = {admin1[i] for i, _, _ in cands if kinds[i] == "oblast"}
            for i, wi, h in cands:
                a1 = admin1[i]
                # the article names the candidate's oblast through something else
                by = named_by.get(a1)
                nd = by is not None and (len(by) > 1 or i not in by)
                ent.append(i)
                w.append(wi)
                how.append(_HOW_BITS.get(h, 0))
                named.append(nd)
                in_sent.append(nd and a1 in oblasts)
                centre.append(kinds[i] == "city" and a1 in own)
    return ent, w, how, named, in_sent, centre, ns, msent, bare, art


def _own_name_masks(e, ent: np.ndarray, how_bits: np.ndarray, named: np.ndarray):
    """Candidates matched by their own name: big cities and countries; regions and countries.

    The first makes a smaller namesake by a variant spelling a "respelt" one; the second
    makes a small namesake a village of a region's name ("Крым", not the bare "Sumy").
    """
    own = (how_bits & 4) > 0
    big_city = e.city[ent] & (e.pop[ent] >= 100_000) & (e.war_zone[ent] | named)
    return (big_city | e.country[ent]) & own, (e.oblast[ent] | e.country[ent]) & own


def _candidate_table(arts: list[_Article], gaz: Gazetteer) -> _Table:
    """Distances, facts and scores of all candidates of all ``arts``, as arrays (see :class:`_Table`)."""
    e = _entities(gaz)
    ent_l, w_l, how_l, named_l, in_sent_l, centre_l, ns_l, msent_l, bare_l, art_l = _flat(
        arts, gaz.values["admin1"], gaz.values["kind"]
    )
    ns = np.array(ns_l, dtype=np.int64)
    offs = np.zeros(len(ns) + 1, dtype=np.int64)
    np.cumsum(ns, out=offs[1:])
    rep = np.repeat(np.arange(len(ns)), ns)
    ent = np.array(ent_l, dtype=np.int64)
    how_bits = np.array(how_l, dtype=np.int8)
    art = np.array(art_l, dtype=np.int64)[rep]
    several = (ns > 1)[rep]
    first = np.cumsum([0] + [len(a.mentions) for a in arts])  # each article's first mention
    d_local, d_any = _candidate_distances(
        ent,
        art,
        np.array(msent_l, dtype=np.int64)[rep],
        several,
        [anchor_list(a.ctx, a.sent_anchors) for a in arts],
        e,
        rep - first[art],
    )
    named = np.array(named_l, dtype=bool)
    exact, own_area = _own_name_masks(e, ent, how_bits, named)
    has_anchor = np.array([bool(a.ctx.anchor_lonlat) for a in arts], dtype=bool)
    best = np.full(len(ns), math.inf)
    nz = np.flatnonzero(ns > 0)
    if len(nz):
        best[nz] = np.minimum.reduceat(d_any, offs[:-1][nz])
    nearest = nearest_namesakes(d_local, offs, e.settlement[ent])
    facts = _FactArrays(
        settlement=e.settlement[ent],
        oblast=e.oblast[ent],
        city=e.city[ent],
        raion=e.raion[ent],
        pop=e.pop[ent],
        approx=e.approx[ent],
        how_bare=(how_bits & 1) > 0,
        how_respelt=(how_bits & 2) > 0,
        bare=np.array(bare_l, dtype=bool)[rep],
        big_namesake=several & _any_per_mention(e.big[ent], offs)[rep],
        exact_big=several & _any_per_mention(exact, offs)[rep],
        area_namesake=several & _any_per_mention(own_area, offs)[rep],
        oblast_named=named,
        oblast_in_sentence=np.array(in_sent_l, dtype=bool),
        d_local=d_local,
        d_any=d_any,
        has_d_any=several & has_anchor[art],
        d_any_best=best[rep],
        war_zone=e.war_zone[ent],
        oblast_centre=np.array(centre_l, dtype=bool),
        nearest=nearest,
        stated=np.zeros(len(ent), dtype=bool),
    )
    w = np.array(w_l, dtype=float)
    scores, bits = _scores(w, facts)
    stated: dict[int, tuple[float, float, int]] = {}
    links = [
        (j + m0, k + m0, km) for a, m0 in zip(arts, first[:-1], strict=True) for j, k, km in a.links
    ]
    if links:
        # the place each distance is measured from: its mention's best candidate so far
        best_row = {k: offs[k] + int(np.argmax(scores[offs[k] : offs[k + 1]])) for _, k, _ in links}
        fit, stated = stated_fit(links, offs, ent, best_row, e)
        if fit.any():
            facts = facts._replace(stated=fit)
            scores, bits = _scores(w, facts)
    return _Table(
        offs.tolist(),
        scores.tolist(),
        bits.tolist(),
        d_local.tolist(),
        d_any.tolist(),
        best.tolist(),
        facts,
        stated,
    )


def _abstain(r: _Resolution, best: int, amb: int, d_any: float) -> tuple[str, str] | None:
    """(rule, detail) when the best candidate is too weakly supported to be named, else None.

    ``d_any`` is the km from it to the article's other places (``inf``: none measured).
    """
    v = r.gaz.values
    kinds, pops, admin1 = v["kind"], v["population"], v["admin1"]
    ctx, m = r.ctx, r.mentions[r.j]
    named = ctx.named(admin1[best], best)
    if (
        m.weak
        and not named
        and not _in_list(r.mentions, r.j, r.text)
        and r.j not in r.measured_from
    ):
        return "weak_without_its_oblast", f"a weak name; {admin1[best]} is not named and no list"
    # a district named by its adjective alone needs its oblast, or a place near it, in the article
    if kinds[best] == "raion" and m.cue != "raion" and not named:
        lons, lats = v["lon"], v["lat"]
        near = r.anchors is not None and _nearest_km(lons[best], lats[best], r.anchors) < 120
        if not near:
            return "raion_without_its_oblast", (
                f"a district by its adjective; {admin1[best]} not named, no place within 120 km"
            )
    if kinds[best] == "raion" and not named:
        far = _raion_far_from_story(r, best)
        if far is not None:
            return "raion_far_from_the_story", far
    # one of several same-name villages with nothing in the text for it (not in an oblast
    # the text names, no named place within 60 km) while the text names places elsewhere:
    # a coin toss, most often for a village the gazetteer lacks ("Martynovka" by Sudzha)
    if (
        amb > 1
        and kinds[best] in _SETTLEMENT_KINDS
        and pops[best] < 5_000
        and ctx.named_by
        and not named
        and d_any >= 60
    ):
        return (
            "namesake_coin_toss",
            f"one of {amb} same-name places with nothing in the text for it",
        )
    return None


def _story_km(r: _Resolution, i: int) -> float:
    """Distance (km) from entity ``i`` to the nearest settlement named as a place.

    Not as a government: "переговоры с Москвой" is no place of the story; inf
    when the article names none.
    """
    v = r.gaz.values
    story = sorted(set(r.ctx.story_lonlat))
    if not story:
        return math.inf
    return _nearest_km(v["lon"][i], v["lat"][i], np.radians(np.asarray(story, dtype=float)))


def _raion_far_from_story(r: _Resolution, best: int) -> str | None:
    """Why a raion is left out, when every raion of its name lies far from the story.

    "Кировского района" in a Crimean story is no Kirovsky District of Mogilev Oblast
    985 km away: the district meant is one the data lacks.  None when the article names
    no settlement to measure from, or a candidate lies within
    :data:`~geomap.geoparse.score.FAR_FROM_STORY_KM` of one.
    """
    kinds = r.gaz.values["kind"]
    raions = {i for i, _, _ in r.mentions[r.j].entries if kinds[i] == "raion"} | {best}
    km = min(_story_km(r, i) for i in raions)
    if km < FAR_FROM_STORY_KM or math.isinf(km):
        return None
    n = len(raions)
    what = "the only district of this name" if n == 1 else f"each of {n} districts of this name"
    return f"{what} lies {km:.0f} km or more from every other place named"


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
    #: mentions a distance in the text is measured from ("13 km from Polohy"): named as places
    measured_from: frozenset[int] = frozenset()


def _choose(a: _Article, gaz: Gazetteer, t: _Table, m0: int) -> None:
    """Pass 2: one entity per mention of article ``a`` (its mentions are rows ``m0``... of ``t``)."""
    pops = gaz.values["population"]
    mentions, allowed, doc = a.mentions, a.allowed, a.doc
    offs, all_scores = t.offs[m0:], t.scores
    agreed = _one_place_per_name(mentions, allowed, lambda j: all_scores[offs[j] : offs[j + 1]])
    story_km: dict[int, float] = {}  # entity -> km to the story, for the inflected-city rule

    peers = hidden_city_peers(mentions, gaz)
    measured_from = frozenset(k for _, k, _ in a.links)

    def km_of(i: int) -> float:
        if i not in story_km:
            story_km[i] = _story_km(_Resolution(mentions, gaz, a.text, a.ctx, a.anchors, 0), i)
        return story_km[i]

    for j, m in enumerate(mentions):
        cands, scores = allowed[j], all_scores[offs[j] : offs[j + 1]]
        best, best_ci, best_s = None, -1, -1.0
        for ci, (i, _, _) in enumerate(cands):
            s = scores[ci]
            if s > best_s or (s == best_s and best is not None and pops[i] > pops[best]):
                best, best_ci, best_s = i, ci, s
        if agreed.get(j, best) != best:
            best_ci = next(ci for ci, (i, _, _) in enumerate(cands) if i == agreed[j])
            best, best_s = cands[best_ci][0], scores[best_ci]
            m.note("the place this name has elsewhere in the article")
        hidden = (
            hidden_city_reading(m, gaz, a.ctx, best, km_of, peers) if m.hidden is not None else None
        )
        if hidden is not None:
            m.chosen, m.score = m.hidden, max(best_s, 0.0)
            m.reason = sys.intern(f"inflected name, {hidden}")
            m.traced(("resolve", "inflected_city", hidden))
            continue
        if best is None:
            m.chosen, m.score = None, best_s
            if doc is not None:
                if district_adjective(m):
                    lack = (
                        "district_not_in_data",
                        f'"{m.text or m.first.text}" names a district the data lacks',
                    )
                else:
                    lack = ("no_candidate", "no candidate of the kinds allowed")
                doc.drop(m, "resolve", *lack)
            continue
        nearer = nearer_raion(cands, gaz, a.ctx, best, km_of)
        if nearer is not None:
            best_ci, near_why = nearer
            best, best_s = cands[best_ci][0], scores[best_ci]
            m.note(near_why)
            m.traced(("resolve", "nearer_raion", near_why))
        amb = len({c[0] for c in cands})
        r = offs[j] + best_ci
        if m.weak and j in measured_from:
            m.note("a distance in the text is measured from it")
        state = _Resolution(mentions, gaz, a.text, a.ctx, a.anchors, j, measured_from)
        why = _abstain(state, best, amb, t.d_any[r])
        if why is not None:
            m.chosen = None
            if doc is not None:
                doc.drop(m, "resolve", *why)
            continue
        m.chosen = best
        m.score = best_s
        sent = a.sent_anchors.get(m.first.sent, [])
        m.reason = reason_text(gaz, t, m, (m0 + j, r, j), cands[best_ci], amb, (sent, a.ctx))
    drop_far_villages(mentions, gaz, a.ctx, doc)


def _resolve(mentions: list[Mention], gaz: Gazetteer, text: str, doc: Doc | None = None) -> None:
    _resolve_all([(mentions, text, doc)], gaz)


def _resolve_all(items: list[tuple[list[Mention], str, Doc | None]], gaz: Gazetteer) -> None:
    """Resolve the mentions of several articles.

    Pass 1 per article, the distances and scores of all their candidates in one
    array computation, pass 2 per article.
    """
    arts = [_prepare(mentions, gaz, text, doc) for mentions, text, doc in items]
    t = _candidate_table(arts, gaz)
    m0 = 0
    for a in arts:
        _choose(a, gaz, t, m0)
        m0 += len(a.mentions)


def resolve(doc: Doc) -> None:
    """Stage 7: one entity per mention, or none.

    Parameters
    ----------
    doc : Doc
        The article being parsed; each mention gets its ``chosen``
        candidate, ``score`` and ``reason``, or is dropped unresolved.
    """
    _resolve(doc.mentions, doc.gaz, doc.text, doc)


def resolve_all(docs: list[Doc]) -> None:
    """Stage 7 for several articles at once (same result as :func:`resolve` on each).

    Parameters
    ----------
    docs : list of Doc
        Articles of one gazetteer, each through stage 6; their mentions are
        resolved as :func:`resolve` does.
    """
    if docs:
        _resolve_all([(d.mentions, d.text, d) for d in docs], docs[0].gaz)
