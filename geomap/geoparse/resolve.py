"""Stage 7, resolve: each mention picks one gazetteer entity, or none."""

from __future__ import annotations

import re

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


def _resolve(mentions: list[Mention], gaz: Gazetteer, text: str) -> None:
    v = gaz.values
    kinds, pops, lats, lons = v["kind"], v["population"], v["lat"], v["lon"]
    admin1, approx, names = v["admin1"], v["approx"], v["name"]

    # pass 1: explicit senses
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
    # one sense per discourse, narrowly: a bare "Kursk" in an article that names Kursk Oblast and
    # never uses Kursk as a city ("the mayor of", "centre of", "lies 40 km from") is the oblast.
    # Russian regions only: the press writes "fighting in Kursk" for the region, while a bare
    # "Kharkiv" or "Sumy" is the city even in an article about the Kharkiv or Sumy region
    for m in mentions:
        if m.cue is not None or m.metonym:
            continue
        bare = [
            i
            for i, _, how in m.entries
            if kinds[i] == "oblast" and how in ("bare", "alternate") and v["country"][i] != "UA"
        ]
        if (
            bare
            and oblast_key(names[bare[0]]) in ctx.explicit_oblast_keys
            and m.key not in ctx.explicit_city_keys
        ):
            key = oblast_key(names[bare[0]])
            if key not in ctx.explicit_city_keys:
                m.cue = "oblast"
                m.notes.append("the article names this oblast and never this city")
    # the candidates each mention's cue allows (final cues from here on)
    allowed = [_allowed(m, kinds) for m in mentions]
    # anchors: unambiguous mentions (also kept per sentence)
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

    # distances from every candidate of an ambiguous mention to the places named in its
    # sentence and in the article, one array computation for the whole article
    d_local, d_any = _candidate_distances(mentions, allowed, sent_anchors, ctx, kinds, gaz.radians)
    anchors = _anchor_array(ctx)
    scorer = _Scorer(gaz, ctx)

    # pass 2: choose per mention
    for j, m in enumerate(mentions):
        cands = allowed[j]
        if not cands:
            cands = m.entries
            m.notes.append(f"no {m.cue} named so; took the best other kind")
        # namesakes matter only between candidates: a lone candidate skips both tests
        several = len(cands) > 1
        evidence = _Evidence(
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
            d_local=d_local.get(j),
            d_any=d_any.get(j),
        )
        best, best_ci, best_s = None, -1, -1.0
        for ci, (i, w, how) in enumerate(cands):
            s = scorer.score(i, w, how, ci, evidence)
            if s > best_s or (s == best_s and best is not None and pops[i] > pops[best]):
                best, best_ci, best_s = i, ci, s
        if (
            m.weak
            and best is not None
            and not ctx.named(admin1[best], best)
            and not _in_list(mentions, j, text)
        ):
            m.chosen = None
            continue
        # a district named by its adjective alone needs its oblast, or a place near it, in the article
        if (
            best is not None
            and kinds[best] == "raion"
            and m.cue != "raion"
            and not ctx.named(admin1[best], best)
        ):
            near = anchors is not None and _nearest_km(lons[best], lats[best], anchors) < 120
            if not near:
                m.chosen = None
                continue
        # one of several same-name villages with nothing in the text for it (not in an oblast
        # the text names, no named place within 60 km) while the text names places elsewhere:
        # a coin toss, most often for a village the gazetteer lacks ("Martynovka" by Sudzha)
        amb = len({c[0] for c in cands})
        if (
            best is not None
            and amb > 1
            and kinds[best] in _SETTLEMENT_KINDS
            and pops[best] < 5_000
            and ctx.named_by
            and not ctx.named(admin1[best], best)
            and (evidence.d_any is None or evidence.d_any[best_ci] >= 60)
        ):
            m.chosen = None
            continue
        m.chosen = best
        m.score = best_s
        if best is None:
            continue
        i, w, how = cands[best_ci]
        why = [f"{how} name"]
        scorer.score(i, w, how, best_ci, evidence, why)
        m.reason = ", ".join(why) + (f"; chosen among {amb} candidates" if amb > 1 else "")
        if m.notes:
            m.reason += "; " + "; ".join(m.notes)


def resolve(doc: Doc) -> None:
    """Stage 7: one entity per mention, or none."""
    _resolve(doc.mentions, doc.gaz, doc.text)
