"""Buffer zones along the border: time and depth error of four methods in one run.

For a sector (default: the whole RU-UA border, and the Kursk+Belgorod+Bryansk
sector) builds rings of 10, 20, 30 and 50 km into Ukraine with

* ``geomap``       - :func:`geomap.zones.buffer_zones` (pieces of 100 km, each
                     buffered segment by segment in its own azimuthal-equidistant
                     projection);
* ``single AEQD``  - one GEOS buffer in one AEQD projection centred on the sector;
* ``UTM``          - one GEOS buffer in the UTM zone holding the sector's centre;
* ``Web Mercator`` - the naive one: a GEOS buffer in EPSG:3857 metres.

The single-AEQD and UTM baselines run twice: with GEOS's default 16 segments
per quarter circle, and (``q=56``) with geomap's arc resolution, which
isolates the projection's own error from the arcs'.

Every zone is clipped to Ukraine. The depth error is measured at every vertex
and edge middle of each zone's outline that is not on Ukraine's outline: the
geodesic distance to the sector (WGS84, :class:`pyproj.Geod`) minus the depth.

Run::

    python benchmarks/bench_zones.py            # both sectors
    python benchmarks/bench_zones.py --repeat 3 # best of 3 timings
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np
import shapely

from geomap import data
from geomap._geodesy import aeqd_proj_for, distances_to_geometry_km, proj_geom, quad_segs_for
from geomap.zones import border_sector, buffer_zones

DEPTHS = (10.0, 20.0, 30.0, 50.0)
#: geomap's arc resolution (segments per quarter circle), for like-for-like baselines
FINE = quad_segs_for(1e-4)


def _ua() -> shapely.Geometry:
    c = data.countries()
    return c.loc[c["iso2"] == "UA", "geometry"].iloc[0]


def rings_geomap(sector: gpd.GeoDataFrame, depths) -> list:
    return list(buffer_zones(sector, depths, side="UA").geometry)


def _rings_in(crs, sector: gpd.GeoDataFrame, depths, ua, quad_segs: int = 16) -> list:
    line = sector.to_crs(crs).geometry.union_all()
    out = []
    for d in depths:
        buf = gpd.GeoSeries([line.buffer(d * 1e3, quad_segs=quad_segs)], crs=crs)
        buf = buf.to_crs(4326).iloc[0]
        out.append(buf.intersection(ua))
    return out


def rings_single_aeqd(sector, depths, ua, quad_segs: int = 16) -> list:
    line = sector.geometry.union_all()
    proj = aeqd_proj_for(line)
    out = []
    for d in depths:
        local = proj_geom(line, proj).buffer(d * 1e3, quad_segs=quad_segs)
        buf = proj_geom(local, proj, inverse=True)
        out.append(buf.intersection(ua))
    return out


def rings_utm(sector, depths, ua, quad_segs: int = 16) -> list:
    c = sector.geometry.union_all().centroid
    zone = int((c.x + 180) // 6) + 1
    return _rings_in(f"EPSG:{32600 + zone}", sector, depths, ua, quad_segs)


def rings_mercator(sector, depths, ua) -> list:
    return _rings_in("EPSG:3857", sector, depths, ua)


def depth_errors(zone, line, depth: float, ua) -> np.ndarray:
    """Signed error (km) at each outline point of ``zone`` that is not on Ukraine's outline."""
    pts = []
    for ring in shapely.get_rings(shapely.get_parts(zone)):
        xy = shapely.get_coordinates(ring)
        pts.extend([xy[:-1], (xy[:-1] + xy[1:]) / 2])
    pts = np.vstack(pts)
    outline = shapely.clip_by_rect(ua.boundary, *zone.bounds)
    pts = pts[distances_to_geometry_km(pts, outline) > 0.2]
    return distances_to_geometry_km(pts, line) - depth


def run(along: str, *, repeat: int = 1) -> list[dict]:
    ua = _ua()
    sector = border_sector(along)
    line = sector.geometry.union_all()
    methods = {
        "geomap": lambda: rings_geomap(sector, DEPTHS),
        "single AEQD": lambda: rings_single_aeqd(sector, DEPTHS, ua),
        "  q=56": lambda: rings_single_aeqd(sector, DEPTHS, ua, FINE),
        "UTM": lambda: rings_utm(sector, DEPTHS, ua),
        "  q=56 ": lambda: rings_utm(sector, DEPTHS, ua, FINE),
        "Web Mercator": lambda: rings_mercator(sector, DEPTHS, ua),
    }
    rows = []
    for name, build in methods.items():
        best = np.inf
        for _ in range(repeat):
            t0 = time.perf_counter()
            zones = build()
            best = min(best, time.perf_counter() - t0)
        row = {"method": name, "seconds": best}
        for d, zone in zip(DEPTHS, zones, strict=True):
            err = depth_errors(zone, line, d, ua)
            row[d] = (
                np.abs(err).max() * 1e3,
                np.abs(err).mean() * 1e3,
                np.abs(err).max() / d * 100,
            )
        rows.append(row)
    return rows


def table(title: str, length_km: float, rows: list[dict]) -> str:
    head = f"{'method':<13} {'4 rings':>8}  " + "  ".join(
        f"{f'{d:g} km: max m (%) / mean m':>30}" for d in DEPTHS
    )
    lines = [f"{title} ({length_km:,.0f} km)", head, "-" * len(head)]
    for r in rows:
        cells = []
        for d in DEPTHS:
            mx, mean, pct = r[d]
            cells.append(f"{f'{mx:,.1f} ({pct:.4f} %) / {mean:,.1f}':>30}")
        lines.append(f"{r['method']:<13} {r['seconds']:>7.2f}s  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="best of N timings (default 1)")
    ap.add_argument(
        "--along",
        action="append",
        help="sector(s) to measure (default: 'RU-UA' and the Kursk+Belgorod+Bryansk sector)",
    )
    args = ap.parse_args(argv)
    sectors = args.along or ["RU-UA", "Kursk Oblast,Belgorod Oblast,Bryansk Oblast"]
    border_sector("RU-UA")  # warm the caches (data files, border labels)
    rings_geomap(border_sector("Kursk Oblast"), [1.0])
    for along in sectors:
        length = float(border_sector(along).length_km.sum())
        print(table(along, length, run(along, repeat=args.repeat)))
        print()
    print("error = geodesic distance (WGS84) from the zone edge to the sector minus the depth")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
