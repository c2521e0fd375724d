"""Why the geoparser missed a gold place or named a false one: each error to its rule.

Shared by ``benchmarks/eval_heldout.py`` and ``benchmarks/eval_geoparse.py``.
The article is parsed once more stage by stage (:data:`geomap.geoparse.pipeline.STAGES`),
so every candidate span is followed from the stage that found it to the one that
dropped it (with the ``(stage, rule, detail)`` trace of
``places_from_text(text, explain=True).attrs["dropped"]``, matched by offsets)
or to the entity resolve chose for it.

A gold place is tied to the spans that may name it in two ways: the text's
occurrences of its surface forms (``as_written``, ``name``, ``aliases``, the name
without its admin word), and spans whose candidates include a *right candidate*:
a gazetteer entity of the gold's class near the gold position.

A miss (false negative) gets one cause:

* ``resolve / wrong_namesake``: a span of it was kept as a namesake of the same
  class elsewhere (what was chosen, how far from the gold position, the scorer
  features that chose it, whether a right candidate exists in the gazetteer);
  when none exists the rule says the data is at fault: ``position_off`` (the
  data's place of that name lies within three times the tolerance) or
  ``namesake_only_in_data``;
* ``resolve / read_as_<class>``: kept as a place of another class ("Saky" the
  town for Saky Raion);
* ``<stage> / <rule>``: every span of it was dropped, by that rule
  (``resolve / namesake_coin_toss`` is a name left unresolved, listed in
  ``attrs["unresolved"]``);
* ``<stage> / untraced``: a span of it vanished at that stage with no trace;
* ``recognise / not_in_index`` (no form of the name is in the index and no
  right candidate exists), ``recognise / form_not_indexed`` (the place is in the
  gazetteer but not under this surface form: morphology, spelling, adjective) or
  ``recognise / indexed_not_matched`` (the form is in the index but no span was
  formed: lower case, inside a longer name); a gold whose forms do not occur
  (written in another script) and with no place near it in the index counts as
  ``not_in_index`` too.

A false hit (false positive) gets the scorer features that kept it (parsed
from its ``reason``) and what it was in the gold: ``wrong_namesake``,
``position_off`` or ``namesake_only_in_data`` (a span of a missed gold of the
same class, as for the miss), ``wrong_class`` (a gold place of another
class), ``duplicate`` (a gold place found by another prediction),
``not_place`` (a gold ``not_places`` entry: a person, unit, organisation),
``other_place`` (a gold place of kind ``other``) or ``not_in_gold``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CLASS_OF_KIND",
    "TOLERANCE_KM",
    "Evidence",
    "explain_false_hit",
    "explain_miss",
    "features_of_reason",
    "format_error",
    "format_summary",
    "summarise",
]

# the scorer's classes, tolerances and distance (one definition, in eval_heldout)
from eval_heldout import CLASSES as CLASS_OF_KIND
from eval_heldout import TOLERANCE_KM, _km

CLASSES = ("country", "oblast", "raion", "settlement")
_ADMIN_WORDS_RE = re.compile(
    r"\s+(?:oblast|raion|district|region|province|urban okrug|okrug|hromada|municipality|"
    r"county|krai|republic|область|район|округ|громада|край)$",
    re.IGNORECASE,
)


def _similar(name: str, gold: dict) -> bool:
    from rapidfuzz import fuzz

    names = [gold["name"], *gold.get("as_written", []), *gold.get("aliases", [])]
    return max(fuzz.ratio(name.casefold(), n.casefold()) for n in names) >= 90


# ----------------------------------------------------------------------------- features


def _template_re(template: str) -> str:
    parts = re.split(r"\{[^}]*\}", template)
    return "(?:(?!, ).)+?".join(re.escape(p) for p in parts)  # a value holds no ", "


def features_of_reason(reason: str, kind: str = "") -> list[tuple[str, float]]:
    """The scorer features named in a ``reason``, as (name, weight), heaviest first.

    >>> features_of_reason("canonical name, population 12,000 (10,000+), in the war zone")
    [('population_10k', 0.15), ('war_zone', 0.05)]
    """
    from geomap.geoparse.score import FEATURES

    head = reason.split("; ", 1)[0]
    head = head.removeprefix("named as a government or institution (metonym)")
    found: dict[str, float] = {}
    for feat in FEATURES:
        m = re.search(r"(?:^|, )" + _template_re(feat.reason) + r"(?=, |$)", head)
        if m is None:
            continue
        if feat.name in ("oblast_named", "raion_oblast_named") and (
            (feat.name == "raion_oblast_named") != (kind == "raion")
        ):
            continue
        if feat.name in ("near_a_named_place", "within_200_km_of_a_named_place"):
            km = float(re.search(r"(\d+) km", m.group(0)).group(1))
            if (feat.name == "near_a_named_place") != (km < 60):
                continue
        found[feat.name] = feat.weight
    return sorted(found.items(), key=lambda kv: -kv[1])


def _how_named(reason: str) -> str:
    m = re.match(r"(?:named as a government or institution \(metonym\); )?(\w+) name", reason)
    return m.group(1) if m else ""


# ----------------------------------------------------------------------------- evidence


@dataclass
class _Span:
    """One candidate span the pipeline formed, and what became of it."""

    start: int
    end: int
    text: str
    entities: frozenset[int]
    last_stage: str  # the last stage after which it was still among the mentions
    trace: list[tuple[str, str, str]] = field(default_factory=list)
    chosen: int | None = None


@dataclass
class Evidence:
    """One article parsed stage by stage: every span, its fate, and the scored output."""

    text: str
    places: Any  # the places_from_text frame (explain=True)
    spans: list[_Span]
    gaz: Any

    @classmethod
    def from_text(cls, text: str, places: Any = None) -> Evidence:
        """Parse ``text`` stage by stage; ``places`` is its ``places_from_text`` frame."""
        from geomap import places_from_text
        from geomap.gazetteer import get_gazetteer
        from geomap.geoparse.api import _common_words_for, _lang_of
        from geomap.geoparse.doc import Doc
        from geomap.geoparse.pipeline import STAGES

        gaz = get_gazetteer()
        if places is None:
            places = places_from_text(text, explain=True)
        doc = Doc(text, gaz, _common_words_for(_lang_of(text)))
        seen: dict[int, _Span] = {}
        order: list[Any] = []
        for stage in STAGES:
            stage.run(doc)
            for m in doc.mentions:
                sp = seen.get(id(m))
                if sp is None:
                    ents = frozenset(e[0] for e in m.entries)
                    sp = seen[id(m)] = _Span(
                        m.start, m.end, text[m.start : m.end], ents, stage.name
                    )
                    order.append(m)
                sp.last_stage = stage.name
        for m in doc.dropped:
            if id(m) not in seen:
                ents = frozenset(e[0] for e in m.entries)
                seen[id(m)] = _Span(m.start, m.end, text[m.start : m.end], ents, "")
                order.append(m)
        final = {id(m) for m in doc.mentions}
        # the traces the scored output reports (attrs["dropped"], which also holds the
        # output stage's drops); the parse's own where the output was made without explain
        reported = {(d["start"], d["end"]): d["trace"] for d in places.attrs.get("dropped", [])}
        for m in order:
            sp = seen[id(m)]
            sp.trace = [tuple(t) for t in reported.get((m.start, m.end), m.trace)]
            sp.chosen = m.chosen if id(m) in final else None
            if sp.trace and sp.trace[-1][0] == "output":
                sp.chosen = None
        return cls(text, places, [seen[id(m)] for m in order], gaz)

    # ------------------------------------------------------------ gold side
    def gold_offsets(self, gold: dict) -> list[tuple[int, int]]:
        """Where the text names the gold place by one of its forms (case-insensitive, whole words)."""
        forms = {gold["name"], *gold.get("as_written", []), *gold.get("aliases", [])}
        forms |= {_ADMIN_WORDS_RE.sub("", f) for f in forms}
        out: set[tuple[int, int]] = set()
        for f in forms:
            if len(f.strip()) < 2:
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(f.strip())}(?!\w)", self.text, re.I):
                out.add(m.span())
        return sorted(out)

    def right_candidates(self, gold: dict, cls: str) -> set[int]:
        """Gazetteer entities of the gold's class that may stand for it (near its position)."""
        v = self.gaz.values
        ents = self.namesakes(gold)
        ents |= {i for sp in self._spans_at(self.gold_offsets(gold)) for i in sp.entities}
        out = set()
        for i in ents:
            if CLASS_OF_KIND.get(v["kind"][i]) != cls:
                continue
            if cls == "country":
                if v["country"][i] == gold.get("country"):
                    out.add(i)
            elif "lat" not in gold:  # placed by name only (and its oblast, when given)
                if _similar(v["name"][i], gold) and gold.get("admin1") in (None, v["admin1"][i]):
                    out.add(i)
            elif self._near(i, gold, cls):
                out.add(i)
        return out

    def namesakes(self, gold: dict) -> set[int]:
        """Every entity the gold's forms name in the index, of any class and anywhere."""
        return {i for k in self._keys_of_forms(gold) for i, _, _ in self.gaz.names.get(k, ())}

    def _near(self, i: int, gold: dict, cls: str) -> bool:
        v = self.gaz.values
        d = _km(gold["lat"], gold["lon"], v["lat"][i], v["lon"][i])
        if d <= TOLERANCE_KM[cls]:
            return True
        if cls == "oblast":
            import shapely

            geom = self.gaz.geometry_of(i)
            return geom is not None and geom.contains(shapely.Point(gold["lon"], gold["lat"]))
        return False

    def _keys_of_forms(self, gold: dict, *, written: bool = False) -> set[str]:
        """Index keys the gold's forms (and their nominatives) may be looked up by.

        With ``written``, only the forms the text uses (``as_written`` and the
        occurrences found), not the gold's own name.
        """
        from geomap.geoparse.doc import _word_forms

        if written:
            forms = {*gold.get("as_written", [])}
            forms |= {self.text[a:b] for a, b in self.gold_offsets(gold)}
        else:
            forms = {gold["name"], *gold.get("as_written", []), *gold.get("aliases", [])}
            forms |= {_ADMIN_WORDS_RE.sub("", f) for f in forms}
        keys: set[str] = set()
        for f in forms:
            words = re.findall(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*", f)
            if not words or len(words) > 4:
                continue
            per_word = [[w for w, _ in _word_forms(x)][:6] for x in words]
            keys |= {" ".join(c) for c in itertools.islice(itertools.product(*per_word), 64)}
        return keys

    def _spans_at(self, offsets: list[tuple[int, int]]) -> list[_Span]:
        return [sp for sp in self.spans if any(sp.start < b and a < sp.end for a, b in offsets)]

    def spans_of(self, gold: dict, right: set[int]) -> list[_Span]:
        """The spans that may name the gold: at its surface forms first, then those with a
        right candidate or a namesake among their candidates (a text in another script)."""
        at = self._spans_at(self.gold_offsets(gold))
        cands = right | self.namesakes(gold)
        return at + [sp for sp in self.spans if sp.entities & cands and sp not in at]


# ----------------------------------------------------------------------------- misses


def _entity_label(gaz: Any, i: int) -> str:
    v = gaz.values
    a1 = v["admin1"][i]
    return f"{v['name'][i]} ({v['kind'][i]}, {a1 + ', ' if a1 else ''}{v['country'][i]})"


def _row_of_entity(places: Any, gaz: Any, i: int) -> dict | None:
    ident = str(gaz.values["id"][i])
    for row in places.itertuples():
        if str(row.id) == ident:
            return row._asdict()
    return None


def _kept_miss(ev: Evidence, gold: dict, cls: str, kept: list[_Span], right: set[int]) -> dict:
    v = ev.gaz.values
    sp = kept[0]
    i = sp.chosen
    got = CLASS_OF_KIND.get(v["kind"][i], v["kind"][i])
    row = _row_of_entity(ev.places, ev.gaz, i) or {"reason": "", "kind": v["kind"][i]}
    feats = features_of_reason(row["reason"], row["kind"])
    out = {"chosen": _entity_label(ev.gaz, i), "surface": sp.text,
           "how": _how_named(row["reason"]), "features": [f for f, _ in feats[:4]],
           "reason": row["reason"],
           "right_candidate": [_entity_label(ev.gaz, r) for r in sorted(right)][:3]}  # fmt: skip
    if "lat" in gold:
        out["km"] = round(_km(gold["lat"], gold["lon"], v["lat"][i], v["lon"][i]), 1)
    if got != cls:
        return {"cause": "kept", "stage": "resolve", "rule": f"read_as_{got}", **out}
    if i in right:  # the right place, yet unpaired (another gold took it)
        return {"cause": "kept", "stage": "score", "rule": "paired_elsewhere", **out}
    rule = _namesake_rule(gold, cls, v["name"][i], right, out.get("km"))
    return {"cause": "wrong_namesake", "stage": "resolve", "rule": rule, **out}


def _namesake_rule(gold: dict, cls: str, chosen: str, right: set[int], km: float | None) -> str:
    """``wrong_namesake`` when the gazetteer holds the right place; else the data's fault:
    ``position_off`` (its only place of the name lies a little beyond the tolerance) or
    ``namesake_only_in_data`` (it lacks the place and has a namesake elsewhere)."""
    if right:
        return "wrong_namesake"
    near = km is not None and km <= 3 * TOLERANCE_KM.get(cls, 15.0)
    return "position_off" if near and _similar(chosen, gold) else "namesake_only_in_data"


def _unrecognised(ev: Evidence, gold: dict, right: set[int]) -> dict:
    keys = ev._keys_of_forms(gold, written=True)
    indexed = sorted(k for k in keys if k in ev.gaz.names)
    offsets = ev.gold_offsets(gold)
    surface = ev.text[offsets[0][0] : offsets[0][1]] if offsets else ""
    out = {"cause": "never_recognised", "stage": "recognise", "surface": surface,
           "right_candidate": [_entity_label(ev.gaz, r) for r in sorted(right)][:3]}  # fmt: skip
    if not offsets and not right:  # written in another script than the gold's forms
        return {**out, "rule": "not_in_index",
                "detail": "no gold form occurs in the text and no place near it is in the index"}  # fmt: skip
    if indexed:
        return {**out, "rule": "indexed_not_matched", "detail": f"index keys {indexed[:3]}"}
    if right:
        return {**out, "rule": "form_not_indexed",
                "detail": "the place is in the gazetteer, not under this form"}  # fmt: skip
    return {**out, "rule": "not_in_index", "detail": "no form of the name is in the index"}


def explain_miss(ev: Evidence, gold: dict, cls: str) -> dict:
    """Why the gold place ``gold`` (of scoring class ``cls``) was not found."""
    right = ev.right_candidates(gold, cls)
    spans = ev.spans_of(gold, right)
    kept = [sp for sp in spans if sp.chosen is not None]  # stable: surface spans first
    kept.sort(key=lambda sp: CLASS_OF_KIND.get(ev.gaz.values["kind"][sp.chosen]) != cls)
    if kept:
        return _kept_miss(ev, gold, cls, kept, right)
    dropped = [sp for sp in spans if sp.trace]
    if dropped:
        rules = Counter((sp.trace[-1][0], sp.trace[-1][1]) for sp in dropped)
        (stage, rule), _ = rules.most_common(1)[0]
        first = next(sp for sp in dropped if sp.trace[-1][:2] == (stage, rule))
        cause = "unresolved" if (stage, rule) == ("resolve", "namesake_coin_toss") else "dropped"
        return {"cause": cause, "stage": stage, "rule": rule, "surface": first.text,
                "detail": first.trace[-1][2], "at": first.start,
                "right_candidate": [_entity_label(ev.gaz, r) for r in sorted(right)][:3]}  # fmt: skip
    if spans:
        from geomap.geoparse.pipeline import STAGES

        names = [s.name for s in STAGES]
        sp = spans[0]
        nxt = names[min(names.index(sp.last_stage) + 1, len(names) - 1)] if sp.last_stage else "?"
        return {"cause": "dropped", "stage": nxt, "rule": "untraced", "surface": sp.text,
                "detail": f"last seen after {sp.last_stage}", "at": sp.start,
                "right_candidate": [_entity_label(ev.gaz, r) for r in sorted(right)][:3]}  # fmt: skip
    return _unrecognised(ev, gold, right)


# ----------------------------------------------------------------------------- false hits


def _words(s: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", s)]


def _contains(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def explain_false_hit(
    ev: Evidence, row: dict, gold: dict, *, missed: list[dict], found: list[dict]
) -> dict:
    """Why the prediction ``row`` (a ``places_from_text`` row as a dict) is a false hit.

    ``missed`` and ``found`` are the gold places of the article that were not /
    were paired with a prediction.
    """
    cls = CLASS_OF_KIND.get(row["kind"], row["kind"])
    feats = features_of_reason(row["reason"], row["kind"])
    surfaces = [mm["text"] for mm in row["mentions"]]
    spans = [(mm["start"], mm["end"]) for mm in row["mentions"]]
    out = {"predicted": f"{row['name']} ({row['kind']}, {row['country']})", "surface": surfaces[0],
           "how": _how_named(row["reason"]), "features": [f for f, _ in feats[:4]],
           "reason": row["reason"], "stage": "resolve"}  # fmt: skip

    def overlaps(g: dict) -> bool:
        cls_g = CLASS_OF_KIND.get(g["kind"])
        at = ev.gold_offsets(g)
        if cls_g in CLASSES:  # and the spans that name it in another script
            at += [(sp.start, sp.end) for sp in ev.spans_of(g, ev.right_candidates(g, cls_g))]
        return any(s < b and a < e for a, b in at for s, e in spans)

    for g in missed:
        if overlaps(g):
            gcls = CLASS_OF_KIND.get(g["kind"], "other")
            if gcls == cls:
                km = None
                if "lat" in g:
                    km = round(_km(g["lat"], g["lon"], float(row["lat"]), float(row["lon"])), 1)
                rule = _namesake_rule(g, cls, row["name"], ev.right_candidates(g, cls), km)
                return {**out, "rule": rule, "gold": g["name"], "km": km}
            if gcls in CLASSES:
                return {**out, "rule": "wrong_class", "gold": f"{g['name']} ({g['kind']})"}
    for np_ in gold.get("not_places", []):
        if any(_contains(_words(np_), _words(s)) for s in surfaces):
            return {**out, "rule": "not_place", "gold": np_}
    for g in [*missed, *found, *gold.get("places", [])]:
        if g["kind"] == "other" and overlaps(g):
            return {**out, "rule": "other_place", "gold": g["name"]}
    for g in found:
        if overlaps(g):
            same = CLASS_OF_KIND.get(g["kind"]) == cls
            rule = "duplicate" if same else "wrong_class"
            return {**out, "rule": rule, "gold": f"{g['name']} ({g['kind']})"}
    return {**out, "rule": "not_in_gold"}


# ----------------------------------------------------------------------------- reports


def summarise(errors: list[dict]) -> dict[str, Any]:
    """Counts of attributed errors by (error, stage, rule) and class, and the features of false hits."""
    rows: dict[tuple[str, str, str], Counter] = {}
    feats: Counter = Counter()
    for e in errors:
        key = (e["error"], e.get("stage", "?"), e.get("rule", "?"))
        rows.setdefault(key, Counter())[e["class"]] += 1
        if e["error"] == "false hit":
            feats.update(e.get("features", [])[:1] or ["(no feature)"])
    table = [
        {"error": k[0], "stage": k[1], "rule": k[2], "by_class": dict(c), "n": sum(c.values())}
        for k, c in sorted(rows.items(), key=lambda kv: (kv[0][0], -sum(kv[1].values()), kv[0]))
    ]
    return {"rules": table, "false_hit_top_feature": dict(feats.most_common())}


def format_summary(summary: dict[str, Any]) -> str:
    """The summary as a plain-text table."""
    head = f"{'error':<10}{'stage / rule':<44}" + "".join(f"{c[:10]:>11}" for c in CLASSES)
    lines = [
        "errors by cause (stage / rule) and class:",
        head + f"{'all':>6}",
        "-" * (len(head) + 6),
    ]
    for r in summary["rules"]:
        cells = "".join(f"{r['by_class'].get(c, 0) or '':>11}" for c in CLASSES)
        lines.append(f"{r['error']:<10}{r['stage'] + ' / ' + r['rule']:<44}{cells}{r['n']:>6}")
    fh = summary["false_hit_top_feature"]
    if fh:
        lines.append(
            "false hits by their heaviest feature: " + ", ".join(f"{k} {n}" for k, n in fh.items())
        )
    return "\n".join(lines)


def format_error(e: dict) -> str:
    """One attributed error as one line."""
    where = f"{e['article']}: {e['error']} {e['class']}"
    rule = f"[{e.get('stage', '?')} / {e.get('rule', '?')}]"
    if e["error"] == "miss":
        text = f"{e['gold']} as {e.get('surface') or e.get('as_written')!r} {rule}"
        if e.get("chosen"):
            text += f" chose {e['chosen']}"
            if e.get("km") is not None:
                text += f", {e['km']:.0f} km from the gold position"
            text += f"; features {', '.join(e.get('features', [])) or '-'}"
            right = e.get("right_candidate") or []
            text += f"; right candidate in gazetteer: {right[0] if right else 'no'}"
        else:
            text += f" {e.get('detail', '')}".rstrip()
            if "right_candidate" in e:
                right = e["right_candidate"]
                text += f"; right candidate in gazetteer: {right[0] if right else 'no'}"
        return f"{where} {text}"
    text = f"{e['predicted']} from {e.get('surface') or e.get('text')!r} {rule}"
    if e.get("gold"):
        text += f" gold {e['gold']}"
    if e.get("km") is not None:
        text += f" ({e['km']:.0f} km)"
    text += (
        f"; kept by {e.get('how') or '?'} name + {', '.join(e.get('features', [])) or 'no feature'}"
    )
    return f"{where} {text}"


def attribute_article(text: str, gold: dict, places: Any, errors: list[dict]) -> None:
    """Add its cause to every error of one article, in place.

    A miss carries ``gold_index`` (into ``gold["places"]``), a false hit ``row``
    (into ``places``, a ``places_from_text(text, explain=True)`` frame).
    """
    if not errors:
        return
    ev = Evidence.from_text(text, places)
    golds = gold["places"]
    missed_idx = {e["gold_index"] for e in errors if "gold_index" in e}
    missed = [golds[i] for i in sorted(missed_idx)]
    found = [g for i, g in enumerate(golds) if i not in missed_idx and g["kind"] != "other"]
    rows = places.drop(columns="geometry").to_dict(orient="records")
    for e in errors:
        if "gold_index" in e:
            e.update(explain_miss(ev, golds[e["gold_index"]], e["class"]))
        elif "row" in e:
            e.update(explain_false_hit(ev, rows[e["row"]], gold, missed=missed, found=found))


def attribute_by_name(
    text: str, gold: dict, misses: list[dict], false_hits: list[tuple[str, str]]
) -> list[dict]:
    """Attributed errors of one article scored by names (``eval_geoparse.py``).

    ``misses`` are gold places; ``false_hits`` (name, class) of predicted places.
    Returns one error dict per miss, then per false hit, as :func:`summarise` reads them.
    """
    from geomap import places_from_text

    places = places_from_text(text, explain=True)
    ev = Evidence.from_text(text, places)
    rows = places.drop(columns="geometry").to_dict(orient="records")
    missed_ids = {id(g) for g in misses}
    found = [g for g in gold["places"] if id(g) not in missed_ids and g["kind"] != "other"]
    out = []
    for g in misses:
        cls = CLASS_OF_KIND.get(g["kind"], g["kind"])
        out.append({"error": "miss", "class": cls, "gold": g["name"], **explain_miss(ev, g, cls)})
    for name, cls in false_hits:
        row = next(
            (r for r in rows if r["name"] == name and CLASS_OF_KIND.get(r["kind"]) == cls), None
        )
        if row is None:
            out.append({"error": "false hit", "class": cls, "predicted": name, "stage": "?",
                        "rule": "row_not_found"})  # fmt: skip
            continue
        why = explain_false_hit(ev, row, gold, missed=misses, found=found)
        out.append({"error": "false hit", "class": cls, **why})
    return out
