"""What a corpus run writes: the part file of each finished shard, the failures CSV and the GeoParquet output (private).

A shard's part is a Parquet table of its mentions (no geometry) and a JSON
sidecar (its key, article count and failures), each written atomically, the
Parquet last: it marks the shard done for a resumed run. The output
concatenates the parts in order, a few at a time, adding WKB points and the
GeoParquet metadata (with the bounding box).
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ._corpus_rows import _empty_table, _to_geo
from ._errors import InputError
from ._io import atomic_write
from ._log import get_logger

if TYPE_CHECKING:
    from ._corpus_read import _Ref
    from ._corpus_shards import _Shard, _ShardResult

__all__ = [
    "_part_paths",
    "_parts_dir",
    "_read_part_info",
    "_write_failures",
    "_write_output",
    "_write_part",
    "_write_results",
]

log = get_logger("corpus")

_FAILURE_COLUMNS = ("article_id", "path", "error")


def _parts_dir(output: Path) -> Path:
    """``<output>.parts/``, created if needed: where the finished shards' parts go."""
    parts_dir = output.with_name(output.name + ".parts")
    try:
        parts_dir.mkdir(exist_ok=True)
    except OSError as exc:
        msg = f"cannot create {str(parts_dir)!r}: {exc.strerror or exc}; choose another -o path"
        raise InputError(msg) from None
    return parts_dir


def _part_paths(parts_dir: Path, shard: _Shard) -> tuple[Path, Path]:
    stem = f"part-{shard.index:06d}-{shard.key}"
    return parts_dir / f"{stem}.parquet", parts_dir / f"{stem}.json"


def _write_part(parts_dir: Path, res: _ShardResult, shard: _Shard) -> None:
    pq, meta = _part_paths(parts_dir, shard)
    info = {"key": res.key, "n_articles": res.n_articles, "failures": res.failures}
    with atomic_write(meta, "w", encoding="utf-8") as fh:  # the parquet marks the shard done
        json.dump(info, fh, ensure_ascii=False)
    import pyarrow as pa
    import pyarrow.parquet as papq

    with atomic_write(pq, "wb") as fh:
        papq.write_table(pa.Table.from_pandas(res.frame, preserve_index=False), fh)


def _read_part_info(parts_dir: Path, shard: _Shard) -> dict[str, Any] | None:
    pq, meta = _part_paths(parts_dir, shard)
    if not (pq.exists() and meta.exists()):
        return None
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("key") != shard.key or info.get("n_articles") != len(shard.refs):
        return None
    return info


def _write_failures(path: Path, failures: list[dict[str, Any]]) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=_FAILURE_COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(failures)


def _geoparquet_schema(bbox: list[float] | None) -> Any:
    """The Arrow schema of the output: the part columns, WKB points, GeoParquet metadata."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as papq

    buf = io.BytesIO()
    _to_geo(_empty_table()).to_parquet(buf, index=False)  # geopandas writes the metadata
    schema = papq.read_schema(pa.BufferReader(buf.getvalue()))
    geo = json.loads(schema.metadata[b"geo"])
    col = geo["columns"]["geometry"]
    col["geometry_types"] = ["Point"]
    if bbox is None:
        col.pop("bbox", None)
    else:
        col["bbox"] = bbox
    return schema.with_metadata({**schema.metadata, b"geo": json.dumps(geo).encode()})


def _write_output(output: Path, parts: list[Path]) -> tuple[int, int]:
    """Concatenate the parts, in order, into one GeoParquet file, a few parts at a time.

    Returns the number of rows and of distinct places.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as papq

    lo = [math.inf, math.inf]
    hi = [-math.inf, -math.inf]
    for part in parts:  # first pass, two columns: the bounding box of the metadata
        t = papq.read_table(part, columns=["lon", "lat"])
        for i, name in enumerate(("lon", "lat")):
            mm = pc.min_max(t[name])
            if mm["min"].is_valid:
                lo[i] = min(lo[i], mm["min"].as_py())
                hi[i] = max(hi[i], mm["max"].as_py())
    bbox = [lo[0], lo[1], hi[0], hi[1]] if math.isfinite(lo[0]) else None
    schema = _geoparquet_schema(bbox)
    n_rows = 0
    places: set[str] = set()
    with atomic_write(output, "wb") as fh:
        writer = papq.ParquetWriter(fh, schema, compression="snappy")
        batch: list[Any] = []
        pending = 0
        for part in parts:
            t = papq.read_table(part)
            if not t.num_rows:
                continue
            lon = t["lon"].to_numpy(zero_copy_only=False)
            lat = t["lat"].to_numpy(zero_copy_only=False)
            wkb = shapely.to_wkb(shapely.points(lon, lat))
            wkb[np.isnan(lon) | np.isnan(lat)] = None
            t = t.append_column("geometry", pa.array(wkb, type=pa.binary()))
            batch.append(t.cast(schema))
            places.update(t["place_id"].unique().to_pylist())
            n_rows += t.num_rows
            pending += t.num_rows
            if pending >= 100_000:
                writer.write_table(pa.concat_tables(batch))
                batch, pending = [], 0
        if batch or not n_rows:
            writer.write_table(pa.concat_tables(batch) if batch else schema.empty_table())
        writer.close()
    return n_rows, len(places)


def _write_results(
    output: Path,
    failures_path: Path,
    parts_dir: Path,
    shards: list[_Shard],
    infos: dict[int, dict[str, Any]],
    crashed: list[dict[str, Any]],
    refs: list[_Ref],
    *,
    keep_parts: bool,
) -> tuple[list[dict[str, Any]], int, int]:
    """Write the output from the finished shards' parts, and the failures file; tidy the parts.

    The parts are removed unless a shard crashed (kept so that a rerun redoes
    only that shard) or ``keep_parts``; with ``keep_parts`` only the parts of
    other runs are removed. Returns the failures in corpus order and the
    numbers of mentions and of distinct places.
    """
    part_files = []
    failures: list[dict[str, Any]] = []
    for shard in shards:
        info = infos.get(shard.index)
        if info is None:
            continue
        part_files.append(_part_paths(parts_dir, shard)[0])
        failures.extend(info["failures"])
    failures.extend(crashed)
    order = {r.article_id: i for i, r in enumerate(refs)}
    failures.sort(key=lambda f: order.get(f["article_id"], -1))
    n_mentions, n_places = _write_output(output, part_files)
    _write_failures(failures_path, failures)
    if not crashed and not keep_parts:
        shutil.rmtree(parts_dir, ignore_errors=True)
    elif crashed:
        log.warning("%d articles were in crashed shards; %s kept, rerun to retry them",
                    len(crashed), parts_dir)  # fmt: skip
    else:
        keys = {p.name for s in shards for p in _part_paths(parts_dir, s)}
        for p in parts_dir.iterdir():
            if p.name not in keys:
                with contextlib.suppress(OSError):
                    p.unlink()

    return failures, n_mentions, n_places
