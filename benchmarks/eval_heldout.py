"""Score geomap on the held-out rounds, with every place checked by its position.

A gold place counts as found only when a prediction of the same class lies
near its true position: 15 km for a settlement, 30 km for a raion, 75 km for
an oblast (or the oblast's polygon holds the gold point), the same country
code for a country. Gold and predictions are paired by class, best name
similarity first, then distance. A wrong namesake is therefore two errors: a
miss and a false hit. A hromada resolved to its centre settlement counts as
neither; predictions of gold places of kind ``other`` (rivers, plants) are
ignored.

Usage::

    python benchmarks/eval_heldout.py               # every round in tests/heldout
    python benchmarks/eval_heldout.py r4_en --json  # one round, machine-readable
    python benchmarks/eval_heldout.py --errors      # list every miss and false hit

Every miss and false hit is attributed to its cause (``benchmarks/_attribution.py``):
a table counts them by (stage, rule) and class after the scores; ``--errors``
prints one line per error (what was chosen instead, the rule that dropped it,
the scorer features that kept a false hit); ``--json`` adds the same under
``"attribution"`` (``summary`` and ``errors``).
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CLASSES", "Score", "first_written", "score_article", "score_round"]

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "heldout"

#: gold/predicted kind -> scoring class
CLASSES = {
    "city": "settlement",
    "town": "settlement",
    "village": "settlement",
    "raion": "raion",
    "oblast": "oblast",
    "country": "country",
    "hromada": "hromada",
}
#: how near (km) a prediction must be to the gold position, by class
TOLERANCE_KM = {"settlement": 15.0, "raion": 30.0, "oblast": 75.0, "hromada": 15.0}
#: ``--points-only``: an oblast counts only within 75 km of its gold point (no polygon test)
POINTS_ONLY = False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a.casefold(), b.casefold()) / 100.0


@dataclass
class Score:
    """True positives, false positives and false negatives by class, with the errors."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)
        self.errors.extend(other.errors)

    def prf(self, cls: str | None = None) -> tuple[float, float, float, int]:
        """Precision, recall, F1 and gold count, for one class or overall."""
        keys = [cls] if cls else sorted(set(self.tp) | set(self.fp) | set(self.fn))
        tp = sum(self.tp[k] for k in keys)
        fp = sum(self.fp[k] for k in keys)
        fn = sum(self.fn[k] for k in keys)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn


def _near(gold: dict, pred: dict, cls: str, geoms: dict[int, Any]) -> float | None:
    """Distance (km) when ``pred`` may stand for ``gold``; None when it may not."""
    if cls == "country":
        return 0.0 if gold.get("country") == pred["country"] else None
    if "lat" not in gold:  # a gold place the positioning script could not place: by name only
        names = [gold["name"], *gold.get("as_written", []), *gold.get("aliases", [])]
        return 0.0 if max(_similarity(pred["name"], n) for n in names) >= 0.9 else None
    d = _km(gold["lat"], gold["lon"], pred["lat"], pred["lon"])
    if cls == "oblast" and d > TOLERANCE_KM[cls]:
        import shapely

        geom = geoms.get(pred["_row"])
        if geom is not None and geom.contains(shapely.Point(gold["lon"], gold["lat"])):
            return d
        return None
    return d if d <= TOLERANCE_KM[cls] else None


def _pair(golds: list[dict], preds: list[dict], cls: str, geoms: dict[int, Any]):
    """Greedy pairs: best name similarity first, then the nearest."""
    options = []
    for gi, g in enumerate(golds):
        names = [g["name"], *g.get("as_written", []), *g.get("aliases", [])]
        for pi, p in enumerate(preds):
            d = _near(g, p, cls, geoms)
            if d is None:
                continue
            sim = max(_similarity(p["name"], n) for n in names)
            sim = max(sim, max(_similarity(p["text"], n) for n in names))
            options.append((-sim, d, gi, pi))
    options.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in options:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return used_g, used_p


def score_article(gold: dict, places: Any, *, article: str = "") -> Score:
    """Score one article's predictions (a ``places_from_text`` frame) against its gold."""
    preds = []
    geoms: dict[int, Any] = {}
    for i, row in enumerate(places.itertuples()):
        first = row.mentions[0]["text"] if len(row.mentions) else row.name
        preds.append({"name": row.name, "kind": row.kind, "country": row.country,
                      "lat": float(row.lat), "lon": float(row.lon), "text": first,
                      "_row": i, "surfaces": {m["text"].casefold() for m in row.mentions}})  # fmt: skip
        if not POINTS_ONLY:
            geoms[i] = row.geometry
    others = {
        s.casefold()
        for g in gold["places"]
        if CLASSES.get(g["kind"]) is None
        for s in [g["name"], *g.get("as_written", [])]
    }
    others |= {s.casefold() for s in gold.get("ignore", [])}  # tests/corpus: out-of-scope names
    # a prediction found only through names of out-of-scope places (a river, "the Kremlin")
    # is neither right nor wrong; one also named by its own name still counts
    preds = [p for p in preds if not (p["surfaces"] <= others or p["name"].casefold() in others)]
    score = Score()
    for cls in ("country", "oblast", "raion", "settlement"):
        golds = [g for g in gold["places"] if CLASSES.get(g["kind"]) == cls]
        mine = [p for p in preds if CLASSES.get(p["kind"]) == cls]
        used_g, used_p = _pair(golds, mine, cls, geoms)
        if cls == "settlement":  # a hromada named by its centre: neither found nor false
            hromadas = [g for g in gold["places"] if g["kind"] == "hromada"]
            rest = [p for pi, p in enumerate(mine) if pi not in used_p]
            _, used_h = _pair(hromadas, rest, "hromada", geoms)
            used_p |= {mine.index(rest[i]) for i in used_h}
        score.tp[cls] += len(used_g)
        for gi, g in enumerate(golds):
            if gi not in used_g:
                score.fn[cls] += 1
                score.errors.append({"article": article, "error": "miss", "class": cls,
                                     "gold": g["name"], "as_written": g.get("as_written", []),
                                     "gold_index": gold["places"].index(g)})  # fmt: skip
        for pi, p in enumerate(mine):
            if pi not in used_p:
                score.fp[cls] += 1
                score.errors.append({"article": article, "error": "false hit", "class": cls,
                                     "predicted": f"{p['name']} ({p['kind']}, {p['country']})",
                                     "text": p["text"], "at": [round(p["lat"], 3), round(p["lon"], 3)],
                                     "row": p["_row"]})  # fmt: skip
    return score


def score_round(folder: Path, *, attribute: bool = False) -> Score:
    """Score every article of one held-out folder.

    With ``attribute``, every error also names its cause: the stage and rule
    that dropped a missed place, or what was chosen instead; the scorer features
    that kept a false hit, and what it was in the gold (``benchmarks/_attribution.py``).
    """
    from geomap import places_from_text

    total = Score()
    for gold_path in sorted(folder.glob("*.gold.json")):
        txt = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = txt.read_text(encoding="utf-8")
        places = places_from_text(text, explain=attribute)
        score = score_article(gold, places, article=txt.name)
        if attribute:
            from _attribution import attribute_article

            attribute_article(text, gold, places, score.errors)
        total.add(score)
    return total


def _table(name: str, s: Score) -> str:
    lines = [
        f"{name}: P {s.prf()[0]:.3f}  R {s.prf()[1]:.3f}  F1 {s.prf()[2]:.3f}  ({s.prf()[3]} gold)"
    ]
    for cls in ("country", "oblast", "raion", "settlement"):
        p, r, f, n = s.prf(cls)
        if n or s.fp[cls]:
            lines.append(
                f"  {cls:<11} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({n} gold, {s.fp[cls]} false hits)"
            )
    return "\n".join(lines)


def first_written() -> dict[str, dict[str, Any]]:
    """Each round's figures at its first score, as first written (``first_written.json``).

    Returns
    -------
    dict
        Round prefix ("r9") to its P, R, F1, per-class F1 and the code it was scored on.
    """
    doc = json.loads((HELDOUT / "first_written.json").read_text(encoding="utf-8"))
    return doc["rounds"]


def _first_written_table() -> str:
    lines = [
        "as first written (each round scored once, before any fix it prompted; "
        "tests/heldout/README.md):",
        f"{'round':<6} {'code':<8} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'settl':>6} {'raion':>6} {'oblast':>6} {'country':>7}",
    ]
    for r, f in first_written().items():
        lines.append(
            f"{r:<6} {f['code']:<8} {f['p']:>6.3f} {f['r']:>6.3f} {f['f1']:>6.3f} "
            f"{f['settlement']:>6.3f} {f['raion']:>6.3f} {f['oblast']:>6.3f} {f['country']:>7.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "rounds",
        nargs="*",
        help="round folders under tests/heldout, or folder paths (default: all rounds)",
    )
    ap.add_argument(
        "--json", action="store_true", help="print the scores, and the attribution, as JSON"
    )
    ap.add_argument(
        "--errors", action="store_true", help="list every miss and false hit with its cause"
    )
    ap.add_argument(
        "--points-only",
        action="store_true",
        help="an oblast counts only within 75 km of its gold point, whatever its polygon holds",
    )
    args = ap.parse_args(argv)
    global POINTS_ONLY
    POINTS_ONLY = args.points_only
    from _attribution import format_error, format_summary, summarise

    names = args.rounds or sorted(p.name for p in HELDOUT.iterdir() if p.is_dir())
    scores = {
        n: score_round(Path(n) if Path(n).is_dir() else HELDOUT / n, attribute=True) for n in names
    }
    allr = Score()
    for s in scores.values():
        allr.add(s)
    summary = summarise(allr.errors)
    if args.json:
        out: dict[str, Any] = {
            n: {c or "all": dict(zip(("p", "r", "f1", "n"), s.prf(c), strict=True))
                for c in (None, "country", "oblast", "raion", "settlement")}
            for n, s in {**scores, "all": allr}.items()
        }  # fmt: skip
        out["attribution"] = {"summary": summary, "errors": allr.errors}
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return 0
    print("positions checked (15/30/75 km):")
    for n, s in scores.items():
        print(_table(n, s))
    print(_table("all rounds", allr))
    print()
    print(format_summary(summary))
    if not args.rounds:
        print()
        print(_first_written_table())
    if args.errors:
        print()
        for e in allr.errors:
            print(format_error(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
