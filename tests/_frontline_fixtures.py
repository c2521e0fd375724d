"""Synthetic front-line data in the schemas of each source, and a local HTTP server.

Everything here is made up by the tests: the shapes are simple polygons placed
where real places are (so "Donetsk is inside" is a meaningful check), and the
documents follow the structure of DeepStateMap API snapshots, the daily mirror
files, ISW feature-service GeoJSON, KML/KMZ and GeoPackage.
"""

from __future__ import annotations

import contextlib
import http.server
import itertools
import json
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CITIES",
    "LocalServer",
    "deepstate_snapshot",
    "dense",
    "isw_layer",
    "kml_text",
    "mirror_snapshot",
    "occupied_main",
    "serve",
    "square_mirror_file",
    "unused_port",
    "write_json",
]

#: lon, lat of a few cities (public facts).
CITIES = {
    "Sevastopol": (33.5224, 44.6166),
    "Donetsk": (37.8028, 48.0159),
    "Kharkiv": (36.2304, 49.9935),
    "Zaporizhzhia": (35.1396, 47.8388),
    "Kyiv": (30.5234, 50.4501),
}


def dense(ring: list[list[float]], step: float = 0.02) -> list[list[float]]:
    """Insert vertices every ``step`` degrees, as real digitised outlines have.

    Short edges make the geodesic and the lon/lat-straight reading of an edge
    agree, so areas add up exactly as in real data.
    """
    out: list[list[float]] = []
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / step))
        out.extend([[x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n] for k in range(n)])
    out.append(list(ring[-1]))
    return out


#: a made-up "Crimea" containing Sevastopol
CRIMEA = dense([[32.5, 44.4], [36.6, 44.9], [36.6, 45.6], [33.4, 46.1], [32.5, 45.4], [32.5, 44.4]])
#: a made-up "CADR and CALR" east of the main block
CADR = dense([[38.6, 47.8], [39.8, 47.8], [39.8, 48.9], [38.6, 48.9], [38.6, 47.8]])
#: a made-up "Transnistria" (not a control area of this war: must be dropped)
TRANSNISTRIA = dense([[29.0, 46.8], [29.8, 46.8], [29.8, 47.6], [29.0, 47.6], [29.0, 46.8]])
#: a made-up grey zone and a decoy far away (DeepStateMap ships such decoys)
GREY = dense([[37.0, 48.45], [37.4, 48.45], [37.4, 48.6], [37.0, 48.6], [37.0, 48.45]])
DECOY = [[64.495, 14.643], [64.157, 14.466], [64.444, 14.355], [64.495, 14.643]]
#: a made-up liberated area east of Kharkiv (Kharkiv itself stays outside)
LIBERATED = dense([[36.9, 49.3], [37.7, 49.3], [37.7, 49.9], [36.9, 49.9], [36.9, 49.3]])


def occupied_main(east_edge: float = 36.5) -> list[list[float]]:
    """The main occupied block (contains Donetsk; not Zaporizhzhia or Kharkiv).

    ``east_edge`` is the longitude of its western side: a smaller value means
    the block has grown westwards (an advance).
    """
    w = east_edge
    return dense([[w, 47.0], [38.6, 47.0], [38.6, 48.6], [37.2, 48.4], [w, 47.6], [w, 47.0]])


def _z(ring: list[list[float]]) -> list[list[float]]:
    """Give every position a z = 0, as DeepStateMap does."""
    return [[x, y, 0] for x, y in ring]


def _poly(ring: list[list[float]], *, z: bool = False) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [_z(ring) if z else ring]}


def _ds_props(name: str, fill: str) -> dict[str, Any]:
    return {
        "name": name,
        "description": "",
        "styleUrl": f"#poly-{fill.lstrip('#').upper()}-1000-77-nodesc",
        "stroke": fill,
        "stroke-width": 1,
        "stroke-opacity": 1,
        "fill": fill,
        "fill-opacity": 0.3,
    }


def deepstate_snapshot(*, east_edge: float = 36.5, wrapped: bool = False) -> dict[str, Any]:
    """A DeepStateMap ``/api/history/{id}/geojson`` FeatureCollection.

    Names are "Ukrainian /// English[ /// key]" with the source's quirks
    (no-break spaces, trailing newlines); coordinates carry z = 0; the grey zone is
    a GeometryCollection that also holds a decoy polygon far away; points mark
    units and attack directions.
    """
    feats = [
        {
            "type": "Feature",
            "geometry": _poly(occupied_main(east_edge), z=True),
            "properties": _ds_props(
                "Окуповано /// Occupied /// geoJSON.status.occupied\n", "#a52714"
            ),
        },
        {
            "type": "Feature",
            "geometry": _poly(CRIMEA, z=True),
            "properties": _ds_props(
                "Окупований Крим /// Occupied Crimea\xa0/// geoJSON.territories.crimea", "#880e4f"
            ),
        },
        {
            "type": "Feature",
            "geometry": _poly(CADR, z=True),
            "properties": _ds_props(
                "ОРДЛО /// CADR and CALR\xa0/// geoJSON.territories.ordlo", "#880e4f"
            ),
        },
        {
            "type": "Feature",
            "geometry": {
                "type": "GeometryCollection",
                "geometries": [_poly(DECOY, z=True), _poly(GREY, z=True)],
            },
            "properties": _ds_props(
                "Статус невідомий /// Unknown status\xa0/// geoJSON.status.unknown", "#bcaaa4"
            ),
        },
        {
            "type": "Feature",
            "geometry": _poly(LIBERATED, z=True),
            "properties": _ds_props(
                "Звільнено /// Liberated /// geoJSON.status.dismissed", "#0f9d58"
            ),
        },
        {
            "type": "Feature",
            "geometry": _poly(TRANSNISTRIA, z=True),
            "properties": _ds_props("Придністров'я /// Transnistria", "#ff5252"),
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [37.5, 48.2, 0]},
            "properties": {
                "name": "Вигадана бригада /// 999th Imaginary Brigade",
                "description": "",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [37.1, 48.3, 0]},
            "properties": {"name": "Напрямок атаки /// Direction of attack", "description": ""},
        },
    ]
    fc: dict[str, Any] = {"type": "FeatureCollection", "features": feats}
    if wrapped:
        return {"id": 1747900000, "map": fc}
    return fc


def mirror_snapshot(day: str, *, east_edge: float = 36.5) -> dict[str, Any]:
    """A daily mirror file: one (valid, dissolved) MultiPolygon Feature, empty properties, CRS84."""
    import shapely
    from shapely.geometry import mapping

    union = shapely.union_all(
        [shapely.Polygon(r) for r in (occupied_main(east_edge), CRIMEA, CADR)]
    )
    coords = json.loads(json.dumps(mapping(shapely.MultiPolygon(list(shapely.get_parts(union))))))[
        "coordinates"
    ]
    return {
        "type": "FeatureCollection",
        "name": f"deepstatemap_data_{day.replace('-', '')}",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        ],
    }


def isw_layer(rings: list[list[list[float]]], *, truncated: bool = False) -> dict[str, Any]:
    """An ArcGIS feature-service ``f=geojson`` answer: ids, OBJECTID, no crs member."""
    doc: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": i + 1,
                "geometry": _poly(r),
                "properties": {"OBJECTID": i + 1},
            }
            for i, r in enumerate(rings)
        ],
    }
    if truncated:
        doc["properties"] = {"exceededTransferLimit": True}
    return doc


def kml_text(placemarks: list[tuple[str, list[list[float]]]]) -> str:
    """A KML document with one polygon Placemark per (name, ring)."""
    marks = []
    for name, ring in placemarks:
        coords = " ".join(f"{x},{y},0" for x, y in ring)
        marks.append(
            f"<Placemark><name>{name}</name><Polygon><outerBoundaryIs><LinearRing>"
            f"<coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>test</name>'
        + "".join(marks)
        + "</Document></kml>\n"
    )


def write_kmz(path: Path, kml: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("doc.kml", kml)
    return path


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def square_mirror_file(folder: Path, day: str = "20250522") -> Path:
    """Write a daily-mirror file whose occupied area is the 37-38 E, 47-48 N square.

    The square lies between Donetsk and Zaporizhzhia oblasts, so a place north
    of it (Kramatorsk) has its nearest front-line point on the 48 N edge.
    """
    ring = [[37.0, 47.0], [38.0, 47.0], [38.0, 48.0], [37.0, 48.0], [37.0, 47.0]]
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    doc = {"type": "FeatureCollection", "features": [feature]}
    return write_json(folder / f"deepstatemap_data_{day}.geojson", doc)


# --------------------------------------------------------------------------- HTTP


@dataclass
class LocalServer:
    """Routes ``path -> (status, body)``; ``requests`` lists the paths asked for."""

    routes: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    #: paths whose answer announces more bytes than it sends (a cut-off download)
    cut: set[str] = field(default_factory=set)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def count(self, path: str) -> int:
        return sum(1 for p in self.requests if p == path)


@contextlib.contextmanager
def serve(server: LocalServer | None = None) -> Iterator[LocalServer]:
    """Run ``server`` on 127.0.0.1 in a thread for the duration of the block."""
    state = server or LocalServer()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            status, body = state.routes.get(self.path, (404, b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            announced = len(body) * 2 + 100 if self.path in state.cut else len(body)
            self.send_header("Content-Length", str(announced))
            self.end_headers()
            self.wfile.write(body)
            if self.path in state.cut:
                self.close_connection = True

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def unused_port() -> int:
    """A local port nothing listens on (connections are refused: 'offline')."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
