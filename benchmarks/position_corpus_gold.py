"""Give every gold place of the tuned corpus (tests/corpus) a position.

The corpus gold was written with names, kinds and oblasts but no coordinates,
so its scorer could not tell a namesake in the wrong oblast from the right
place. This script looks each gold place up in the bundled gazetteer by its
name, kind, country *and* oblast (all written by the gold's author), and
records the position with ``pos_source`` saying how it was found:

* ``gazetteer:unique`` — exactly one place of that name, class and oblast;
* ``gazetteer:largest`` — several towns or cities of that name in that
  oblast: the largest (unit centres placed only approximately come last);
* ``gazetteer:nearest-to-story`` — several villages in that oblast; the one nearest
  to the median position of the article's unambiguous settlements (what a
  reader of the article would pick), marked for a human to confirm;
* nothing — no place of that name in that oblast: listed for a human; the
  place keeps no position and the positional scorer reports it as unscorable.

Run once per gold change; it never edits a place that already has ``lat``.

Usage::

    python benchmarks/position_corpus_gold.py [--corpus tests/corpus] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geomap import PlaceNotFoundError, lookup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_geoparse import normalize_name

ROOT = Path(__file__).resolve().parents[1]
_KINDS = {
    "city": "city,town,village",
    "town": "city,town,village",
    "village": "city,town,village",
    "raion": "raion",
    "oblast": "oblast",
    "country": "country",
    "hromada": "hromada,city,town,village",
}


def _position(place: dict, story: tuple[float, float] | None) -> tuple[dict, str] | None:
    kinds = _KINDS.get(place.get("kind", ""))
    if kinds is None:
        return None
    try:
        cands = lookup(place["name"], kind=kinds, country=place.get("country") or None, limit=None)
    except PlaceNotFoundError:
        return None
    want = normalize_name(place.get("admin1") or "")
    if want and place["kind"] not in ("oblast", "country"):
        cands = [c for c in cands if normalize_name(c.admin1 or "") == want]
    exact = [c for c in cands if normalize_name(c.name) == normalize_name(place["name"])]
    cands = exact or cands
    cands = [c for c in cands if not c.approx] or cands  # a located place before a unit centre
    if not cands:
        return None
    if len(cands) == 1 or place["kind"] in ("oblast", "country"):
        return {"lat": cands[0].lat, "lon": cands[0].lon, "id": cands[0].id}, "gazetteer:unique"
    if place["kind"] in ("city", "town"):  # the gold names a town: the biggest of the name
        best = max(cands, key=lambda c: c.population or 0)
        return {"lat": best.lat, "lon": best.lon, "id": best.id}, "gazetteer:largest"
    if story is None:
        best = max(cands, key=lambda c: c.population or 0)
        return {"lat": best.lat, "lon": best.lon, "id": best.id}, "gazetteer:largest"
    lat0, lon0 = story
    best = min(cands, key=lambda c: (c.lat - lat0) ** 2 + ((c.lon - lon0) * 0.65) ** 2)
    return {"lat": best.lat, "lon": best.lon, "id": best.id}, "gazetteer:nearest-to-story"


def _story_centre(places: list[dict]) -> tuple[float, float] | None:
    """Median position of the article's settlements that have exactly one candidate."""
    pts = []
    for place in places:
        if place.get("kind") in ("city", "town", "village"):
            found = _position(place, None)
            if found and found[1] == "gazetteer:unique":
                pts.append((found[0]["lat"], found[0]["lon"]))
    if not pts:
        return None
    lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
    return lats[len(lats) // 2], lons[len(lons) // 2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--redo", action="store_true", help="recompute positions this script set")
    args = ap.parse_args(argv)
    counts: dict[str, int] = {}
    for path in sorted(args.corpus.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        changed = False
        story = _story_centre(gold["places"])
        for place in gold["places"]:
            if args.redo and str(place.get("pos_source", "")).startswith("gazetteer:"):
                for key in ("lat", "lon", "pos_source"):
                    place.pop(key, None)
            if "lat" in place or place.get("kind") == "other":
                continue
            found = _position(place, story)
            if found is None:
                counts["none"] = counts.get("none", 0) + 1
                print(f"{path.name}: no position for {place['name']!r} ({place.get('admin1')})")
                continue
            pos, source = found
            place["lat"], place["lon"] = round(float(pos["lat"]), 4), round(float(pos["lon"]), 4)
            place["pos_source"] = source
            counts[source] = counts.get(source, 0) + 1
            changed = True
            if source != "gazetteer:unique":
                print(f"{path.name}: {place['name']!r} ({place.get('admin1')}): {source}")
        if changed and not args.dry_run:
            path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(counts, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
