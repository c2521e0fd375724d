"""Score geomap's geoparser (and two baselines) on the hand-written corpus.

Usage::

    python benchmarks/eval_geoparse.py [--corpus tests/corpus] [--json] [--verbose]
                                       [--systems geomap,geotext,flashgeotext]

Every ``tests/corpus/<NN>_<slug>.txt`` article is paired with a
``<NN>_<slug>.gold.json`` record (format in ``tests/corpus/README.md``).  Each
system's places are matched one-to-one against the gold places:

* names are compared after :func:`normalize_name` (case, accents, apostrophes,
  hyphens, spaces and dots folded), against the gold name and its ``aliases``;
* for geomap the kinds must also be compatible: ``city``/``town``/``village``
  form one class ``settlement``; ``oblast``, ``raion`` and ``country`` are
  classes of their own; the prediction's ``admin1`` must agree with the
  gold's (a namesake in another oblast is a miss and a false hit; positions
  are checked by ``benchmarks/eval_heldout.py tests/corpus``);
* geotext and flashgeotext have no kinds, so only names are compared, and to
  give them the benefit of the doubt a prediction also matches through the
  surface string it was found as (flashgeotext reports "Kiev" for a text that
  says "Kyiv"); their cities count as ``settlement`` and their countries as
  ``country`` when they are false positives;
* predictions whose name, or all of whose surface strings, are in the gold
  ``ignore`` list (foreign cities, continents, "Donbas": real places outside
  the gold scope) are neither right nor wrong.

Also reported: violations of ``not_places`` (a surface string such as "Vladimir
Putin" or "Oskil" that must not come back as a place mention), geomap's admin1 /
country / metonym accuracy on matched places, and distance extraction
(``geomap.distances_from_text``) against ``distances_km``.

The core is :func:`evaluate`, importable by tests::

    sys.path.insert(0, "benchmarks"); from eval_geoparse import evaluate

The script exits 0 whatever the scores are, and 1 only when the corpus is
malformed (:class:`CorpusError`).  When ``geomap.places_from_text`` does not
exist yet, the geomap column is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CLASSES",
    "KINDS",
    "LANGS",
    "SYSTEMS",
    "Article",
    "CorpusError",
    "Prediction",
    "evaluate",
    "format_report",
    "kind_class",
    "load_corpus",
    "main",
    "normalize_name",
    "not_place_violations",
]

#: Valid ``kind`` values of a gold place.
KINDS = ("country", "oblast", "raion", "city", "town", "village")
#: Scoring classes, in report order.
CLASSES = ("country", "oblast", "raion", "settlement")
#: Languages of the corpus.
LANGS = ("en", "ru", "uk")
#: Systems this script knows how to run, in report order.
SYSTEMS = ("geomap", "geotext", "flashgeotext")

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"

_GOLD_KEYS = {"lang", "places", "not_places", "distances_km", "ignore", "notes"}
_PLACE_KEYS = {
    "name",
    "kind",
    "country",
    "admin1",
    "metonym",
    "aliases",
    "lat",
    "lon",
    "pos_source",
}
_FOLD_RE = re.compile(r"['’ʼ‘`´ʹ′＇\-‐‑‒–—_.\s]+")
_WORD_RE = re.compile(r"\w+")
_ISO2_RE = re.compile(r"^[A-Z]{2}$")


class CorpusError(ValueError):
    """The corpus directory or one of its gold records is malformed."""


@dataclass(frozen=True)
class Article:
    """One corpus article with its gold record."""

    slug: str
    text: str
    lang: str
    places: tuple[dict[str, Any], ...]
    not_places: tuple[str, ...]
    distances_km: tuple[float, ...]
    ignore: tuple[str, ...] = ()


@dataclass
class Prediction:
    """One place returned by a system, reduced to what scoring needs."""

    name: str
    cls: str
    admin1: str | None = None
    country: str | None = None
    role: str | None = None
    surfaces: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- helpers


def normalize_name(name: str) -> str:
    """Fold a place name for comparison.

    Case-folds, strips accents (NFKD), drops apostrophes, hyphens, dots and
    whitespace.

    >>> normalize_name("Kup'yansk") == normalize_name("Kupyansk")
    True
    >>> normalize_name("Rostov-on-Don"), normalize_name("Sudža")
    ('rostovondon', 'sudza')
    """
    decomposed = unicodedata.normalize("NFKD", str(name))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _FOLD_RE.sub("", stripped.casefold())


def kind_class(kind: str | None) -> str:
    """Map a kind to its scoring class.

    >>> kind_class("village"), kind_class("Oblast"), kind_class("district")
    ('settlement', 'oblast', 'district')
    """
    k = str(kind or "").strip().casefold()
    if k in {"city", "town", "village", "settlement", "hamlet", "capital"}:
        return "settlement"
    return k or "unknown"


def _words(text: str) -> list[str]:
    return [normalize_name(w) for w in _WORD_RE.findall(text)]


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def not_place_violations(text: str, not_places: Iterable[str], surfaces: Iterable[str]) -> list:
    """Return the ``[not_place, surface]`` pairs a system got wrong.

    A returned surface string violates a not-place when its words are the
    not-place or a contiguous part of it ("Vladimir" of "Vladimir Putin") and
    the surface does not also occur in the text outside every not-place
    occurrence (so "Kerch" is fine in a text that names the city of Kerch
    besides the "Kerch Strait").

    >>> not_place_violations("Vladimir Putin spoke.", ["Vladimir Putin"], ["Vladimir"])
    [['Vladimir Putin', 'Vladimir']]
    >>> not_place_violations("Kerch Strait; the city of Kerch.", ["Kerch Strait"], ["Kerch"])
    []
    """
    not_places = list(not_places)
    surfaces = [s for s in dict.fromkeys(surfaces) if s and s.strip()]
    rest = text
    for np_ in sorted(not_places, key=len, reverse=True):
        rest = re.sub(re.escape(np_), " | ", rest, flags=re.IGNORECASE)
    rest_words = _words(rest)
    out = []
    for np_ in not_places:
        np_words = _words(np_)
        for s in surfaces:
            s_words = _words(s)
            if _contains_words(np_words, s_words) and not _contains_words(rest_words, s_words):
                out.append([np_, s])
    return out


def _surfaces(value: Any) -> list[str]:
    """Surface strings from a ``mentions`` cell (str, list of str/dict/tuple, dict)."""
    if value is None or isinstance(value, bool | int | float):
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        for key in ("text", "surface", "mention", "string"):
            if isinstance(value.get(key), str):
                return [value[key]]
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        out: list[str] = []
        if value and isinstance(value[0], str) and not all(isinstance(v, str) for v in value):
            return [value[0]]  # a (text, start, end) tuple
        for item in value:
            out.extend(_surfaces(item))
        return out
    return []


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


# ----------------------------------------------------------------------------- corpus


def _check_place(where: str, i: int, place: Any) -> dict[str, Any]:
    if not isinstance(place, dict):
        raise CorpusError(f"{where}: places[{i}] is not an object; write it as {{...}}")
    extra = set(place) - _PLACE_KEYS
    if extra:
        raise CorpusError(f"{where}: places[{i}] has unknown keys {sorted(extra)}; remove them")
    name = place.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CorpusError(f"{where}: places[{i}] needs a non-empty 'name'")
    if place.get("kind") not in KINDS:
        raise CorpusError(
            f"{where}: place {name!r} has kind {place.get('kind')!r}; use one of {KINDS}"
        )
    if not isinstance(place.get("country"), str) or not _ISO2_RE.match(place["country"]):
        raise CorpusError(
            f"{where}: place {name!r} has country {place.get('country')!r}; use ISO2 like 'UA'"
        )
    if "admin1" not in place or not (place["admin1"] is None or isinstance(place["admin1"], str)):
        raise CorpusError(f"{where}: place {name!r} needs 'admin1' (a name or null)")
    if not isinstance(place.get("metonym"), bool):
        raise CorpusError(f"{where}: place {name!r} needs 'metonym': true/false")
    aliases = place.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise CorpusError(f"{where}: place {name!r} has bad 'aliases'; use a list of strings")
    return place


def _check_strings(where: str, gold: dict, key: str, text: str) -> tuple[str, ...]:
    values = gold.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise CorpusError(f"{where}: '{key}' must be a list of non-empty strings")
    low = text.casefold()
    for v in values:
        if v.casefold() not in low:
            raise CorpusError(f"{where}: {key} entry {v!r} does not occur in the text; fix it")
    return tuple(values)


def load_corpus(corpus_dir: str | Path) -> list[Article]:
    """Load and validate every article + gold record of a corpus directory.

    Raises
    ------
    CorpusError
        When the directory is missing or empty, a ``.txt`` lacks its
        ``.gold.json`` (or the reverse), or a gold record is malformed.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise CorpusError(f"corpus directory {str(root)!r} does not exist; pass --corpus DIR")
    texts = {p.name[: -len(".txt")]: p for p in root.glob("*.txt")}
    golds = {p.name[: -len(".gold.json")]: p for p in root.glob("*.gold.json")}
    if not texts:
        raise CorpusError(f"corpus directory {str(root)!r} has no .txt articles; add some")
    for slug in sorted(set(texts) ^ set(golds)):
        missing = f"{slug}.gold.json" if slug in texts else f"{slug}.txt"
        raise CorpusError(f"{missing!r} is missing in {str(root)!r}; add it or remove its pair")
    articles = []
    for slug in sorted(texts):
        where = f"{slug}.gold.json"
        try:
            text = texts[slug].read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{slug}.txt is not UTF-8 ({exc.reason}); re-save it") from None
        if not text.strip() or not text.splitlines()[0].strip():
            raise CorpusError(f"{slug}.txt must start with a headline line; add one")
        try:
            gold = json.loads(golds[slug].read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{where} is not valid UTF-8 JSON ({exc}); fix it") from None
        if not isinstance(gold, dict):
            raise CorpusError(f"{where} must hold a JSON object; wrap the record in {{...}}")
        extra = set(gold) - _GOLD_KEYS
        if extra:
            raise CorpusError(f"{where}: unknown keys {sorted(extra)}; remove them")
        if gold.get("lang") not in LANGS:
            raise CorpusError(f"{where}: lang {gold.get('lang')!r}; use one of {LANGS}")
        places = gold.get("places")
        if not isinstance(places, list):
            raise CorpusError(f"{where}: 'places' must be a list")
        checked = [_check_place(where, i, p) for i, p in enumerate(places)]
        seen = set()
        for p in checked:
            key = (normalize_name(p["name"]), kind_class(p["kind"]), p["admin1"])
            if key in seen:
                raise CorpusError(f"{where}: place {p['name']!r} is listed twice; keep one")
            seen.add(key)
        dists = gold.get("distances_km", [])
        if not isinstance(dists, list) or not all(
            isinstance(d, int | float) and not isinstance(d, bool) and d >= 0 for d in dists
        ):
            raise CorpusError(f"{where}: 'distances_km' must be a list of numbers >= 0")
        articles.append(
            Article(
                slug=slug,
                text=text,
                lang=gold["lang"],
                places=tuple(checked),
                not_places=_check_strings(where, gold, "not_places", text),
                distances_km=tuple(float(d) for d in dists),
                ignore=_check_strings(where, gold, "ignore", text),
            )
        )
    return articles


# ----------------------------------------------------------------------------- systems


@dataclass
class _System:
    name: str
    predict: Callable[[str], list[Prediction]] | None
    use_kind: bool
    message: str | None = None


def _geomap_system() -> _System:
    try:
        import geomap

        fn = geomap.places_from_text
    except Exception as exc:  # missing module, missing function or broken import
        msg = f"geomap.places_from_text unavailable ({type(exc).__name__}: {exc}); column skipped"
        return _System("geomap", None, True, msg)

    def predict(text: str) -> list[Prediction]:
        gdf = fn(text)
        rows = gdf.to_dict("records") if hasattr(gdf, "to_dict") else list(gdf)
        out = []
        for row in rows:
            out.append(
                Prediction(
                    name=str(row.get("name", "")),
                    cls=kind_class(row.get("kind")),
                    admin1=row.get("admin1") if isinstance(row.get("admin1"), str) else None,
                    country=row.get("country") if isinstance(row.get("country"), str) else None,
                    role=row.get("role") if isinstance(row.get("role"), str) else None,
                    surfaces=_surfaces(row.get("mentions")),
                )
            )
        return out

    return _System("geomap", predict, True)


def _geotext_system() -> _System:
    try:
        from geotext import GeoText
    except ImportError as exc:
        return _System("geotext", None, False, f"geotext not installed ({exc}); column skipped")

    def predict(text: str) -> list[Prediction]:
        g = GeoText(text)
        out = [Prediction(c, "settlement", surfaces=[c]) for c in g.cities]
        out += [Prediction(c, "country", surfaces=[c]) for c in g.countries]
        return out

    return _System("geotext", predict, False)


def _flashgeotext_system() -> _System:
    try:
        from flashgeotext.geotext import GeoText
    except ImportError as exc:
        msg = f"flashgeotext not installed ({exc}); column skipped"
        return _System("flashgeotext", None, False, msg)
    logging.getLogger("flashgeotext").setLevel(logging.ERROR)
    extractor = GeoText()

    def predict(text: str) -> list[Prediction]:
        found = extractor.extract(input_text=text)
        out = []
        for key, cls in (("cities", "settlement"), ("countries", "country")):
            for name, info in found.get(key, {}).items():
                out.append(Prediction(name, cls, surfaces=list(info.get("found_as", [name]))))
        return out

    return _System("flashgeotext", predict, False)


_FACTORIES = {
    "geomap": _geomap_system,
    "geotext": _geotext_system,
    "flashgeotext": _flashgeotext_system,
}


# ----------------------------------------------------------------------------- scoring


def _pred_keys(p: Prediction, use_kind: bool) -> set[str]:
    """Normalised names a prediction may match: its name, plus its surfaces for baselines."""
    keys = {normalize_name(p.name)}
    if not use_kind:
        keys |= {normalize_name(s) for s in p.surfaces}
    keys.discard("")
    return keys


def _match(article: Article, preds: list[Prediction], use_kind: bool):
    """One-to-one matching; returns (pairs, false positives, false negatives, ignored)."""
    uniq: dict[tuple, Prediction] = {}
    for p in preds:
        key = (
            (normalize_name(p.name), p.cls, normalize_name(p.admin1 or ""))
            if use_kind
            else (normalize_name(p.name),)
        )
        if key[0] and key not in uniq:
            uniq[key] = p
        elif key[0]:
            uniq[key].surfaces.extend(s for s in p.surfaces if s not in uniq[key].surfaces)
    free = list(uniq.values())
    golds = list(article.places)
    keys = [
        {normalize_name(g["name"]), *(normalize_name(a) for a in g.get("aliases", []))}
        for g in golds
    ]
    pairs: dict[int, Prediction] = {}
    # geomap: a namesake in another oblast is a miss and a false hit, never a match
    for same_admin1 in (True,) if use_kind else (False,):
        for gi, g in enumerate(golds):
            if gi in pairs:
                continue
            for p in free:
                if not _pred_keys(p, use_kind) & keys[gi]:
                    continue
                if use_kind and p.cls != kind_class(g["kind"]):
                    continue
                if (
                    same_admin1
                    and g["admin1"]
                    and normalize_name(p.admin1 or "") != normalize_name(g["admin1"] or "")
                ):
                    continue
                pairs[gi] = p
                free.remove(p)
                break
    ignore = {normalize_name(s) for s in article.ignore}

    def ignored_pred(p: Prediction) -> bool:
        surfaces = {normalize_name(s) for s in p.surfaces} - {""}
        return normalize_name(p.name) in ignore or bool(surfaces and surfaces <= ignore)

    fps = [p for p in free if not ignored_pred(p)]
    ignored = [p for p in free if ignored_pred(p)]
    fns = [g for gi, g in enumerate(golds) if gi not in pairs]
    return [(golds[gi], p) for gi, p in sorted(pairs.items())], fps, fns, ignored


def _new_counts() -> dict[str, list[int]]:
    return {}


def _bump(counts: dict[str, list[int]], cls: str, idx: int) -> None:
    counts.setdefault(cls, [0, 0, 0])[idx] += 1


def _score_system(system: _System, articles: list[Article]) -> dict[str, Any]:
    result: dict[str, Any] = {"available": system.predict is not None, "message": system.message}
    if system.predict is None:
        return result
    by_class: dict[str, list[int]] = _new_counts()
    by_lang: dict[str, list[int]] = _new_counts()
    per_article: dict[str, Any] = {}
    errors: list[str] = []
    np_total = np_bad = 0
    extra = {"admin1": [0, 0], "country": [0, 0], "metonym": [0, 0], "metonym_found": [0, 0]}
    gold_recall: dict[str, list[int]] = {}  # gold kind -> [found, total]
    t0 = time.perf_counter()
    for art in articles:
        try:
            preds = system.predict(art.text)
        except Exception as exc:
            errors.append(f"{art.slug}: {type(exc).__name__}: {exc}")
            preds = []
        pairs, fps, fns, ignored = _match(art, preds, system.use_kind)
        for g, _ in pairs:
            _bump(by_class, kind_class(g["kind"]), 0)
            _bump(by_lang, art.lang, 0)
            gold_recall.setdefault(g["kind"], [0, 0])[0] += 1
            gold_recall[g["kind"]][1] += 1
        for g in fns:
            gold_recall.setdefault(g["kind"], [0, 0])[1] += 1
        for p in fps:
            _bump(by_class, p.cls, 1)
            _bump(by_lang, art.lang, 1)
        for g in fns:
            _bump(by_class, kind_class(g["kind"]), 2)
            _bump(by_lang, art.lang, 2)
        if system.use_kind:
            for g, p in pairs:
                if g["admin1"] is not None and kind_class(g["kind"]) != "oblast":
                    extra["admin1"][0] += normalize_name(p.admin1 or "") == normalize_name(
                        g["admin1"]
                    )
                    extra["admin1"][1] += 1
                extra["country"][0] += (p.country or "").upper() == g["country"]
                extra["country"][1] += 1
                predicted_metonym = (p.role or "").casefold() == "metonym"
                extra["metonym"][0] += predicted_metonym == g["metonym"]
                extra["metonym"][1] += 1
                if g["metonym"]:
                    extra["metonym_found"][0] += predicted_metonym
                    extra["metonym_found"][1] += 1
        surfaces = [s for p in preds for s in p.surfaces]
        violations = not_place_violations(art.text, art.not_places, surfaces)
        np_total += len(art.not_places)
        np_bad += len({v[0] for v in violations})
        per_article[art.slug] = {
            "lang": art.lang,
            "tp": len(pairs),
            "false_positives": [f"{p.name} ({p.cls})" for p in fps],
            "false_negatives": [f"{g['name']} ({g['kind']})" for g in fns],
            "ignored": [p.name for p in ignored],
            "not_place_violations": violations,
        }
    seconds = time.perf_counter() - t0
    classes = [*CLASSES, *sorted(set(by_class) - set(CLASSES))]
    totals = [sum(by_class.get(c, [0, 0, 0])[i] for c in classes) for i in range(3)]
    result.update(
        {
            "errors": len(errors),
            "error_messages": errors[:5],
            "by_kind": {c: _prf(*by_class.get(c, [0, 0, 0])) for c in classes},
            "overall": _prf(*totals),
            "by_lang": {lang: _prf(*by_lang.get(lang, [0, 0, 0])) for lang in LANGS},
            "not_places": {"violated": np_bad, "total": np_total},
            "recall_by_gold_kind": {
                k: {"found": f, "total": t, "recall": f / t if t else None}
                for k, (f, t) in sorted(gold_recall.items())
            },
            "seconds": round(seconds, 3),
            "articles": per_article,
        }
    )
    if system.use_kind:
        result["accuracy"] = {
            k: {"correct": c, "total": t, "rate": (c / t if t else None)}
            for k, (c, t) in extra.items()
        }
    return result


def _score_distances(articles: list[Article]) -> dict[str, Any]:
    try:
        import geomap

        fn = geomap.distances_from_text
    except Exception as exc:
        return {
            "available": False,
            "message": f"geomap.distances_from_text unavailable ({type(exc).__name__}: {exc})",
        }
    tp = fp = fn_ = exact = 0
    errors: list[str] = []
    per_article = {}
    for art in articles:
        try:
            found = fn(art.text)
        except Exception as exc:
            errors.append(f"{art.slug}: {type(exc).__name__}: {exc}")
            found = []
        pred = set()
        for d in found:
            for key in ("km", "km_max"):
                v = d.get(key) if isinstance(d, dict) else None
                if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
                    pred.add(round(float(v), 2))
        gold = {round(v, 2) for v in art.distances_km}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn_ += len(gold - pred)
        exact += pred == gold
        per_article[art.slug] = {
            "gold": sorted(gold),
            "predicted": sorted(pred),
            "missing": sorted(gold - pred),
            "spurious": sorted(pred - gold),
        }
    return {
        "available": True,
        "message": None,
        "errors": len(errors),
        "error_messages": errors[:5],
        **_prf(tp, fp, fn_),
        "exact_articles": exact,
        "articles_total": len(articles),
        "articles": per_article,
    }


def _attribute_geomap(result: dict[str, Any], articles: list[Article]) -> None:
    """Add the cause of each geomap miss and false hit (``benchmarks/_attribution.py``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _attribution import attribute_by_name, summarise

    geo = result["systems"].get("geomap", {})
    if not geo.get("available"):
        return
    every: list[dict[str, Any]] = []
    for art in articles:
        a = geo["articles"][art.slug]
        if not a["false_positives"] and not a["false_negatives"]:
            continue
        misses = [g for g in art.places if f"{g['name']} ({g['kind']})" in a["false_negatives"]]
        hits = [tuple(f[:-1].rsplit(" (", 1)) for f in a["false_positives"]]
        gold = {"places": list(art.places), "not_places": list(art.not_places)}
        errs = attribute_by_name(art.text, gold, misses, hits)
        for e in errs:
            e["article"] = art.slug
        a["attribution"] = errs
        every += errs
    geo["attribution"] = summarise(every)


def evaluate(
    corpus_dir: str | Path = DEFAULT_CORPUS, *, systems=SYSTEMS, attribute: bool = False
) -> dict[str, Any]:
    """Run the systems over the corpus and return every score as a JSON-able dict.

    Parameters
    ----------
    corpus_dir
        Directory of ``<slug>.txt`` + ``<slug>.gold.json`` pairs.
    systems
        Subset of :data:`SYSTEMS` to run.
    attribute
        Also name the cause of each geomap miss and false hit: per article under
        ``attribution``, counted by (stage, rule) and class under the system's
        ``attribution`` (``benchmarks/_attribution.py``).

    Returns
    -------
    dict
        ``{"corpus", "n_articles", "languages", "systems": {name: {...}},
        "distances": {...}}``; each system has ``available``, ``message``,
        ``by_kind`` / ``overall`` / ``by_lang`` precision-recall-F1 blocks,
        ``not_places``, ``articles`` (false positives / negatives per article)
        and, for geomap, ``accuracy`` (admin1, country, metonym).

    Raises
    ------
    CorpusError
        When the corpus is malformed.
    """
    unknown = [s for s in systems if s not in _FACTORIES]
    if unknown:
        raise ValueError(f"unknown systems {unknown}; choose from {list(SYSTEMS)}")
    articles = load_corpus(corpus_dir)
    langs: dict[str, int] = {}
    for a in articles:
        langs[a.lang] = langs.get(a.lang, 0) + 1
    out: dict[str, Any] = {
        "corpus": str(corpus_dir),
        "n_articles": len(articles),
        "languages": langs,
        "n_gold_places": sum(len(a.places) for a in articles),
        "systems": {},
    }
    for name in systems:
        out["systems"][name] = _score_system(_FACTORIES[name](), articles)
    if "geomap" in systems:
        out["distances"] = _score_distances(articles)
        if attribute:
            _attribute_geomap(out, articles)
    return out


# ----------------------------------------------------------------------------- report


def _cell(block: dict[str, Any] | None) -> str:
    if not block:
        return "-"

    def f(x):
        return "  -  " if x is None else f"{x:.3f}"

    return f"{f(block['precision'])}/{f(block['recall'])}/{f(block['f1'])}"


def format_report(result: dict[str, Any], *, verbose: bool = False) -> str:
    """Render :func:`evaluate`'s result as a plain-text table."""
    systems = result["systems"]
    names = [n for n in systems if systems[n]["available"]]
    lines = [
        f"corpus: {result['corpus']}  articles: {result['n_articles']} "
        f"{result['languages']}  gold places: {result['n_gold_places']}",
    ]
    for n, s in systems.items():
        if not s["available"]:
            lines.append(f"note: {s['message']}")
        elif s.get("errors"):
            lines.append(
                f"note: {n} raised on {s['errors']} articles, e.g. {s['error_messages'][0]}"
            )
    lines.append("")
    width = 21
    header = f"{'P / R / F1':<14}" + "".join(f"{n:>{width + 2}}" for n in names)
    lines += [header, "-" * len(header)]
    rows = list(CLASSES)
    for n in names:
        rows += [c for c in systems[n]["by_kind"] if c not in rows]
    for cls in [*rows, "overall"]:
        cells = [
            systems[n]["overall"] if cls == "overall" else systems[n]["by_kind"].get(cls)
            for n in names
        ]
        lines.append(f"{cls:<14}" + "".join(f"{_cell(c):>{width + 2}}" for c in cells))
    lines.append("-" * len(header))
    for lang in LANGS:
        cells = [systems[n]["by_lang"].get(lang) for n in names]
        lines.append(f"{'lang ' + lang:<14}" + "".join(f"{_cell(c):>{width + 2}}" for c in cells))
    lines.append("-" * len(header))
    counts = [
        f"{systems[n]['overall']['tp']}/{systems[n]['overall']['fp']}/{systems[n]['overall']['fn']}"
        for n in names
    ]
    lines.append(f"{'TP/FP/FN':<14}" + "".join(f"{c:>{width + 2}}" for c in counts))
    viol = [
        f"{systems[n]['not_places']['violated']}/{systems[n]['not_places']['total']}" for n in names
    ]
    lines.append(f"{'not_places hit':<14}" + "".join(f"{c:>{width + 2}}" for c in viol))
    secs = [f"{systems[n]['seconds']:.2f} s" for n in names]
    lines.append(f"{'time':<14}" + "".join(f"{c:>{width + 2}}" for c in secs))
    geo = systems.get("geomap", {})
    if geo.get("available"):
        acc = geo["accuracy"]
        parts = []
        for key, label in (
            ("admin1", "admin1"),
            ("country", "country"),
            ("metonym", "role"),
            ("metonym_found", "metonyms found"),
        ):
            a = acc[key]
            rate = "-" if a["rate"] is None else f"{a['rate']:.3f}"
            parts.append(f"{label} {rate} ({a['correct']}/{a['total']})")
        lines += ["", "geomap on matched places: " + "; ".join(parts)]
        rec = geo.get("recall_by_gold_kind", {})
        lines.append(
            "geomap recall by gold kind: "
            + "; ".join(
                f"{k} {v['recall']:.3f} ({v['found']}/{v['total']})"
                for k, v in rec.items()
                if v["total"]
            )
        )
    dist = result.get("distances")
    if dist is not None:
        if dist["available"]:
            lines.append(
                f"distances: P/R/F1 {_cell(dist)}  TP/FP/FN {dist['tp']}/{dist['fp']}/"
                f"{dist['fn']}  exact sets {dist['exact_articles']}/{dist['articles_total']}"
            )
        else:
            lines.append(f"distances: skipped ({dist['message']})")
    if verbose:
        for n in names:
            lines += ["", f"== {n}: errors per article"]
            for slug, a in systems[n]["articles"].items():
                if a["false_positives"] or a["false_negatives"] or a["not_place_violations"]:
                    lines.append(f"{slug} [{a['lang']}] tp={a['tp']}")
                    if a["false_positives"]:
                        lines.append("   FP: " + ", ".join(a["false_positives"]))
                    if a["false_negatives"]:
                        lines.append("   FN: " + ", ".join(a["false_negatives"]))
                    lines += [f"   {_error_line(e)}" for e in a.get("attribution", [])]
                    for np_, s in a["not_place_violations"]:
                        lines.append(f"   not_place {np_!r} returned as {s!r}")
        if systems.get("geomap", {}).get("attribution"):
            lines += ["", "== geomap: " + _summary_text(systems["geomap"]["attribution"])]
        if dist is not None and dist.get("available"):
            lines += ["", "== distances: errors per article"]
            for slug, a in dist["articles"].items():
                if a["missing"] or a["spurious"]:
                    lines.append(f"{slug}: missing {a['missing']} spurious {a['spurious']}")
    return "\n".join(lines)


def _error_line(e: dict[str, Any]) -> str:
    from _attribution import format_error

    return format_error(e).split(": ", 1)[1]


def _summary_text(summary: dict[str, Any]) -> str:
    from _attribution import format_summary

    return format_summary(summary)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus directory")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list FP/FN per article, with their causes"
    )
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS), help=f"comma-separated subset of {SYSTEMS}"
    )
    args = parser.parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    try:
        result = evaluate(args.corpus, systems=systems, attribute=args.verbose or args.json)
    except CorpusError as exc:
        print(f"eval_geoparse: error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        parser.error(str(exc))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(format_report(result, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
