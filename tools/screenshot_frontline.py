"""Screenshot of the front line over time page (the docs/frontline_time.png picture).

Usage::

    python tools/screenshot_frontline.py SNAPSHOT... -o docs/frontline_time.png \\
        [--date 2025-11-25] [--view 48.3,37.6,8] [--popup]

Builds the page with :func:`geomap.frontline_map` from the given snapshot files
(e.g. the real DeepStateMap mirror files), opens it offline in headless
Chromium (tests/_browser.py), moves the slider to ``--date``, optionally
zooms to ``--view`` (lat,lon,zoom) and opens the popup of the largest
changed piece in view, then saves the window as PNG.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

__all__ = ["main"]

_MAP_JS = (
    "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)]"
)
_POPUP_JS = f"""
var map = {_MAP_JS}, view = map.getBounds(), best = null, size = -1;
map.eachLayer(function (l) {{
    if (l.feature && l.feature.properties && l.feature.properties.k === "gained" && l.getBounds) {{
        var b = l.getBounds(), s = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
        if (s > size && view.contains(b.getCenter())) {{ size = s; best = l; }}
    }}
}});
if (best) {{ best.openPopup(best.getBounds().getCenter()); }}
"""


def main(argv: list[str] | None = None) -> int:
    from _browser import Browser

    from geomap.frontline_time import frontline_map
    from geomap.maps import map_to_html

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshots", nargs="+", type=Path)
    parser.add_argument("-o", "--output", required=True, type=Path)
    parser.add_argument("--date", help="date to show (default: the latest)")
    parser.add_argument("--view", help="lat,lon,zoom to show (default: the whole front)")
    parser.add_argument("--popup", action="store_true", help="open a changed piece's popup")
    parser.add_argument("--size", default="1280x860", help="window WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    m = frontline_map(args.snapshots)
    page = map_to_html(m, Path(tempfile.mkdtemp()) / "frontline_time.html")
    days = [f"{d:%Y-%m-%d}" for d in m.steps["date"]]
    with Browser(width=width, height=height) as b:
        result = b.open(page, wait_for="window.geomapFrontline")
        if result.js_errors:
            print(f"JavaScript errors: {result.js_errors[:2]}", file=sys.stderr)
            return 1
        if args.date:
            b.driver.execute_script(f"geomapFrontline.show({days.index(args.date)});")
        if args.view:
            lat, lon, zoom = (float(v) for v in args.view.split(","))
            b.driver.execute_script(
                f"{_MAP_JS}.setView([{lat}, {lon}], {zoom}, {{animate: false}});"
            )
        if args.popup:
            b.driver.execute_script(_POPUP_JS)
        time.sleep(0.6)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        b.driver.save_screenshot(str(args.output))
    print(f"{args.output} ({page.stat().st_size / 1024:,.0f} KB page, {len(days)} dates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
