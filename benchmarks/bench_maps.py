"""Weight and render time of the sample map, against ``GeoDataFrame.explore()``.

Usage::

    python benchmarks/bench_maps.py [--runs 9] [--json] [--write FILE]
    python benchmarks/bench_maps.py --screenshot docs/sample_map.png

Builds the map of the bundled sample article with :func:`geomap.map_article`
and, as the baseline, the same layers drawn with geopandas' ``explore()``
(unsimplified: basemap countries and oblast outlines of the same window,
borders, named oblasts, zones, border sector, settlements in the zones, named
places), then reports for each:

- Python time to build the map and render its HTML;
- HTML size with CDN links and self-contained (Leaflet and plugins inlined
  from the asset cache, see ``tools/fetch_assets.py``);
- render time in headless Chromium (Debian ``chromium``), opened offline from
  ``file://``: ``loadEventEnd`` of the self-contained page (inline scripts,
  parsing and Leaflet drawing every layer happen before it), median of
  ``--runs`` loads.

The browser part is skipped with a message when Chromium or the assets are
missing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

__all__ = ["bench", "main"]


def _explore_map(layers) -> Any:
    """The same layers as the geomap page, unsimplified, with GeoDataFrame.explore()."""
    import geopandas as gpd
    import shapely

    from geomap import data, maps

    focus = maps._focus_bounds(layers)
    window = maps._basemap_window(focus)
    box = shapely.box(*window)
    view = layers.worldview
    countries = data.countries(worldview=view)
    countries = countries[countries.intersects(box)].copy()
    countries["geometry"] = [shapely.clip_by_rect(g, *window) for g in countries.geometry]
    m = countries[["iso2", "name", "geometry"]].explore(
        color="#f6f6f4",
        style_kwds={"color": "#a0a0a0", "weight": 0.8},
        name="Countries",
        tiles=None,
    )
    ob = data.oblasts(worldview=view)
    ob = ob[ob.intersects(box)]
    edges = gpd.GeoDataFrame(
        {"name": list(ob["name"])},
        geometry=[shapely.clip_by_rect(g.boundary, *window) for g in ob.geometry],
        crs=4326,
    )
    edges.explore(m=m, color="#c2c2c2", name="Oblasts")
    br = data.borders(worldview=view)
    br = br[br["left"].isin(["UA", "RU", "BY"]) | br["right"].isin(["UA", "RU", "BY"])]
    br[["left", "right", "geometry"]].explore(m=m, color="#3b3b3b", name="Borders")
    places = layers.places
    named_ob = places[places["kind"] == "oblast"][["name", "kind", "geometry"]]
    named_ob.explore(m=m, color="#4f81c7", name="Oblasts named")
    zones = layers.report.zones[["depth_km", "area_km2", "population", "geometry"]]
    zones.iloc[::-1].explore(m=m, column="depth_km", cmap="YlOrRd_r", name="Zones", legend=True)
    gpd.GeoDataFrame(geometry=[layers.sector], crs=4326).explore(
        m=m, color="#6a1b9a", name="Sector"
    )
    sett = layers.report.settlements
    sett = sett[~sett["approx"]][
        ["name", "kind", "population", "distance_km", "zone_km", "geometry"]
    ]
    sett.explore(m=m, color="#555555", name="Settlements in the zones", marker_kwds={"radius": 4})
    pts = places[places["kind"].isin(["city", "town", "village", "raion"])]
    pts[["name", "kind", "admin1", "geometry"]].explore(
        m=m, color="#08306b", name="Places named", marker_kwds={"radius": 7}
    )
    import folium

    folium.LayerControl().add_to(m)
    m.options["maxZoom"] = 18
    return m


_NAV_JS = """
var nav = performance.getEntriesByType('navigation')[0];
var fcp = performance.getEntriesByName('first-contentful-paint')[0];
return {load: nav.loadEventEnd, dom: nav.domContentLoadedEventEnd,
        fcp: fcp ? fcp.startTime : null,
        paths: document.querySelectorAll('path.leaflet-interactive').length};
"""


def _browser_times(pages: dict[str, Path], runs: int) -> dict[str, dict[str, float]] | str:
    """Median and best load times of each page, loads interleaved in one Chromium."""
    try:
        from _browser import Browser
    except ImportError as exc:  # pragma: no cover
        return f"browser helpers missing: {exc}"
    import pytest

    samples: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
    try:
        with Browser(width=1280, height=860) as b:
            for _ in range(runs + 1):  # the first round warms the browser up
                for name, path in pages.items():
                    page = b.open(path, wait_for="document.readyState === 'complete'")
                    if page.js_errors:
                        return f"JavaScript errors in {name}: {page.js_errors[:2]}"
                    samples[name].append(b.driver.execute_script(_NAV_JS))
    except pytest.skip.Exception as exc:
        return f"skipped: {exc}"
    out = {}
    for name, rows in samples.items():
        rows = rows[1:]
        out[name] = {
            "load_ms": round(statistics.median(r["load"] for r in rows), 1),
            "load_best_ms": round(min(r["load"] for r in rows), 1),
            "first_paint_ms": round(statistics.median(r["fcp"] or 0 for r in rows), 1),
            "paths": rows[-1]["paths"],
        }
    return out


def bench(*, runs: int = 9) -> dict[str, Any]:
    """Measure both pages; return a JSON-ready dict."""
    from geomap._assets import assets_available
    from geomap.data import data_dir
    from geomap.maps import html_from_map, map_article

    text = (data_dir() / "sample_article.txt").read_text(encoding="utf-8")
    out = Path(tempfile.mkdtemp(prefix="bench-maps-"))
    result: dict[str, Any] = {"assets": assets_available(), "runs": runs}

    # like with like: the first map pays the one-off loads (gazetteer, borders, oblasts),
    # reported as cold; both systems are then timed warm (explore reuses loaded layers)
    t0 = time.perf_counter()
    html_from_map(map_article(text), self_contained=False)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    m = map_article(text)
    t1 = time.perf_counter()
    cdn = html_from_map(m, self_contained=False)
    t2 = time.perf_counter()
    inlined = html_from_map(m, self_contained=True)
    t3 = time.perf_counter()
    (out / "geomap.html").write_text(inlined, encoding="utf-8")
    result["geomap"] = {
        "cold_build_and_render_s": round(cold, 2),
        "build_s": round(t1 - t0, 2),
        "render_html_s": round(t2 - t1, 3),
        "inline_s": round(t3 - t2, 3),
        "html_cdn_bytes": len(cdn.encode()),
        "html_self_contained_bytes": len(inlined.encode()),
    }

    from geomap._assets import inline_assets

    t0 = time.perf_counter()
    e = _explore_map(m.layers)
    t1 = time.perf_counter()
    ecdn = e.get_root().render()
    t2 = time.perf_counter()
    einl = inline_assets(ecdn)
    (out / "explore.html").write_text(einl, encoding="utf-8")
    result["explore"] = {
        "build_s": round(t1 - t0, 2),
        "render_html_s": round(t2 - t1, 3),
        "html_cdn_bytes": len(ecdn.encode()),
        "html_self_contained_bytes": len(einl.encode()),
        "note": "warm, like geomap's build_s; excludes parsing and zones (layers reused)",
    }
    if result["assets"]:
        times = _browser_times(
            {"geomap": out / "geomap.html", "explore": out / "explore.html"}, runs
        )
        if isinstance(times, str):
            result["browser"] = times
        else:
            result["geomap"]["browser"] = times["geomap"]
            result["explore"]["browser"] = times["explore"]
    else:
        result["browser"] = "skipped: assets not fetched (run tools/fetch_assets.py)"
    result["pages"] = str(out)
    return result


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def _report(r: dict[str, Any]) -> str:
    g, e = r["geomap"], r["explore"]
    rows = [
        ("HTML, CDN links", _kb(g["html_cdn_bytes"]), _kb(e["html_cdn_bytes"])),
        (
            "HTML, self-contained",
            _kb(g["html_self_contained_bytes"]),
            _kb(e["html_self_contained_bytes"]),
        ),
        ("Python: build the map (warm)", f"{g['build_s']:.2f} s", f"{e['build_s']:.2f} s"),
        ("Python: first map, cold (loads data)", f"{g['cold_build_and_render_s']:.2f} s", "—"),
        ("Python: render HTML", f"{g['render_html_s']:.3f} s", f"{e['render_html_s']:.3f} s"),
    ]
    gb, eb = g.get("browser"), e.get("browser")
    if isinstance(gb, dict) and isinstance(eb, dict):
        for key, label in (
            ("first_paint_ms", "Chromium: first contentful paint (median)"),
            ("load_ms", "Chromium: load end, all layers drawn (median)"),
            ("load_best_ms", "Chromium: load end (best)"),
        ):
            rows.append((label, f"{gb[key]:.0f} ms", f"{eb[key]:.0f} ms"))
        rows.append(("SVG paths drawn", str(gb["paths"]), str(eb["paths"])))
    lines = [
        "| sample article map | geomap.map_article | GeoDataFrame.explore() |",
        "|---|---:|---:|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
    ]
    if not isinstance(gb, dict):
        lines.append(f"\nbrowser: {r.get('browser')}")
    lines.append(
        f"\nChromium: {r['runs']} offline loads of each self-contained page from file://, "
        "interleaved in one headless browser after a warm-up round; load end is after the "
        "inline scripts ran and Leaflet drew every layer. explore() build time excludes "
        "parsing and zones (its layers come from geomap)."
    )
    return "\n".join(lines)


def screenshot(path: str | Path, *, width: int = 1280, height: int = 860) -> Path:
    """Save a screenshot of the self-contained sample map (the README picture)."""
    from _browser import Browser

    from geomap.data import data_dir
    from geomap.maps import map_article, map_to_html

    text = (data_dir() / "sample_article.txt").read_text(encoding="utf-8")
    page = map_to_html(map_article(text), Path(tempfile.mkdtemp()) / "sample_map.html")
    out = Path(path)
    with Browser(width=width, height=height) as b:
        result = b.open(
            page,
            wait_for="document.querySelectorAll('.marker-cluster').length > 0",
        )
        if result.js_errors:
            msg = f"the sample map has JavaScript errors: {result.js_errors[:2]}"
            raise RuntimeError(msg)
        time.sleep(1.0)  # let the cluster fade-in finish
        tmp = out.with_name(f".tmp-{out.name}")
        b.driver.save_screenshot(str(tmp))
        tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="page loads per page")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--write", metavar="FILE", help="also write the Markdown report here")
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        help="only save a screenshot of the sample map (docs/sample_map.png) and exit",
    )
    args = parser.parse_args(argv)
    if args.screenshot:
        print(screenshot(args.screenshot))
        return 0
    result = bench(runs=args.runs)
    text = json.dumps(result, indent=1) if args.json else _report(result)
    print(text)
    if args.write:
        head = (
            "# Sample map: weight and render time\n\n"
            "Written by `python benchmarks/bench_maps.py --write "
            f"{args.write}` (2-core machine; timings vary with load).\n\n"
        )
        Path(args.write).write_text(head + _report(result) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
