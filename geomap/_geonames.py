"""Full GeoNames country dumps: download, verify, cache, and feed the gazetteer.

The bundled gazetteer stays the offline default; when ``geomap data update``
has cached the official dumps (``<base>/UA.zip``, ``RU.zip``, ``BY.zip``), the
populated places they add (small villages missing from ``cities500``) are
loaded by the gazetteer next to the bundled ones.

Each dump is a zip holding ``<CC>.txt``: tab-separated rows with the 19
columns of the GeoNames ``geoname`` table (:data:`GEONAMES_COLUMNS`). Only
feature class ``P`` (populated places) in the first-level units that geomap
covers is kept (UA, BY, Russia west of 62°E); historical (``PPLH``,
``PPLCH``), abandoned (``PPLQ``) places and city sections (``PPLX``) are
left out. Rows are converted to the bundled ``places`` schema
(:data:`PLACES_COLUMNS`) and written atomically to
``<cache>/geonames/<CC>.places.parquet``, with a ``<CC>.json`` sidecar that
records the source URL, size, SHA-256 (and the server's MD5/SHA-256 file
when it offers one), and the number of rows kept. A download that fails or
does not verify never replaces a good cached file.

GeoNames data is licensed CC-BY 4.0: credit "GeoNames (geonames.org)".

>>> import io, zipfile
>>> row = ["1", "Malaya Loknya", "Malaya Loknya", "Малая Локня,Mala Loknia", "51.21", "35.24",
...        "P", "PPL", "RU", "", "41", "", "", "", "0", "", "180", "Europe/Moscow", "2024-01-01"]
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as zf:
...     zf.writestr("RU.txt", "\\t".join(row) + "\\n")
>>> p = places_from_zip(buf.getvalue(), country="RU")
>>> p.loc[0, ["name", "name_ru", "kind", "admin1", "source"]].tolist()
['Malaya Loknya', 'Малая Локня', 'village', 'RU-KRS', 'geonames-dump']
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import DataError, FetchError, InputError
from ._geonames_dump import (  # noqa: F401 - re-exported: the public names of this module
    _HEX,
    COUNTRIES,
    GEONAMES_COLUMNS,
    MAX_DUMP_BYTES,
    PLACES_COLUMNS,
    SOURCE,
    _check_country,
    places_from_table,
    places_from_zip,
)
from ._io import atomic_write
from ._log import get_logger

if TYPE_CHECKING:  # pragma: no cover - pandas is imported where a cached dump is read
    import pandas as pd

__all__ = [
    "COUNTRIES",
    "DEFAULT_BASE_URL",
    "GEONAMES_COLUMNS",
    "PLACES_COLUMNS",
    "cached_extra_places",
    "geonames_cache_dir",
    "geonames_info",
    "places_from_table",
    "places_from_zip",
    "update_geonames",
]

log = get_logger("geonames")

#: Where the official dumps live.
DEFAULT_BASE_URL = "https://download.geonames.org/export/dump"
#: Value of the ``source`` column for places from a dump.


# --------------------------------------------------------------------------- cache
def geonames_cache_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Folder where converted GeoNames dumps are cached (``<cache>/geonames``).

    >>> geonames_cache_dir("/tmp/x").as_posix()
    '/tmp/x/geonames'
    """
    from .settings import settings

    return Path(cache_dir if cache_dir is not None else settings.cache_dir) / "geonames"


def _read_cached(path: Path) -> pd.DataFrame | None:
    try:
        import pandas as pd

        df = pd.read_parquet(path)
    except Exception as exc:  # corrupt or foreign file: skip it, do not break lookups
        log.warning(
            "skipping unreadable GeoNames cache %s (%s); run 'geomap data update'", path, exc
        )
        return None
    missing = [c for c in PLACES_COLUMNS if c not in df.columns]
    if missing:
        log.warning(
            "skipping GeoNames cache %s: columns %s missing; run 'geomap data update'",
            path,
            missing,
        )
        return None
    return df[list(PLACES_COLUMNS)]


def cached_extra_places(cache_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame | None:
    """Places from cached GeoNames dumps, in the bundled ``places`` schema, or None.

    Unreadable or foreign files in the cache are skipped with a warning on the
    ``geomap.geonames`` logger.

    >>> cached_extra_places("/nonexistent") is None
    True
    """
    folder = geonames_cache_dir(cache_dir)
    files = sorted(folder.glob("*.places.parquet")) if folder.is_dir() else []
    frames = [df for df in (_read_cached(f) for f in files) if df is not None and len(df)]
    if not frames:
        return None
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def geonames_info(cache_dir: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """What is cached: one dict per country (sidecar fields plus ``path``, ``rows``, ``ok``).

    >>> geonames_info("/nonexistent")
    []
    """
    folder = geonames_cache_dir(cache_dir)
    out: list[dict[str, Any]] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.places.parquet")):
        cc = path.name.split(".", 1)[0]
        meta: dict[str, Any] = {}
        side = folder / f"{cc}.json"
        with contextlib.suppress(OSError, ValueError):
            meta = json.loads(side.read_text(encoding="utf-8"))
        rec: dict[str, Any] = {
            "country": cc,
            **meta,
            "path": str(path),
            "bytes_cached": path.stat().st_size,
        }
        try:
            import pyarrow.parquet as pq

            rows = pq.ParquetFile(path).metadata.num_rows
            rec["rows"] = int(rows)
            rec["ok"] = rec.get("rows_kept", rows) == rows
        except Exception as exc:
            rec["rows"] = 0
            rec["ok"] = False
            rec["error"] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        out.append(rec)
    return out


# ------------------------------------------------------------------------- fetch
def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _short(reason: Any) -> str:
    text = str(getattr(reason, "strerror", None) or reason).strip()
    return text.splitlines()[0] if text else type(reason).__name__


def _base_url(base_url: str | None) -> str:
    base = (base_url or DEFAULT_BASE_URL).strip()
    if not base:
        msg = "empty --base-url; give a URL like https://download.geonames.org/export/dump"
        raise InputError(msg)
    if "://" not in base:
        path = Path(base).expanduser()
        if not path.is_dir():
            msg = f"--base-url {base!r} is neither a URL nor a folder; give http(s)://... or a local folder"
            raise InputError(msg)
        return path.resolve().as_uri()
    scheme = urllib.parse.urlsplit(base).scheme.lower()
    if scheme not in ("http", "https", "file"):
        msg = f"--base-url {base!r} uses unsupported scheme {scheme!r}; use http, https or file"
        raise InputError(msg)
    return base.rstrip("/")


def _download(
    url: str, *, timeout: float, headers: dict[str, str] | None = None, verbose: bool = False
) -> tuple[bytes, dict[str, str]] | None:
    """GET ``url`` into memory within a total deadline; None on HTTP 304 (not modified)."""
    from ._http import http_get
    from .settings import settings

    bar = None
    if verbose:
        from tqdm.auto import tqdm

        bar = tqdm(unit="B", unit_scale=True, desc=url.rsplit("/", 1)[-1])
    try:
        got = http_get(
            url,
            timeout=timeout,
            max_bytes=MAX_DUMP_BYTES,
            user_agent=settings.user_agent,
            headers=headers,
            hint="check the country code or --base-url",
            offline_hint="check your connection or use --base-url",
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    if got.status == 304:
        return None
    return got.body, dict(got.headers)


def _published_checksum(url: str, *, timeout: float) -> tuple[str, str] | None:
    """The server's own checksum of ``url`` (``.sha256`` or ``.md5`` beside it), if offered."""
    for algo in ("sha256", "md5"):
        try:
            got = _download(f"{url}.{algo}", timeout=timeout)
        except FetchError as exc:
            log.debug("no %s checksum for %s: %s", algo, url, exc)
            continue
        if got is None:
            continue
        m = _HEX.match(got[0][:512].decode("ascii", "replace"))
        if m and len(m.group(1)) == (64 if algo == "sha256" else 32):
            return algo, m.group(1).lower()
        log.debug("ignoring %s.%s: not a checksum file", url, algo)
    return None


def _clear_gazetteer() -> None:
    gaz = sys.modules.get("geomap.gazetteer")
    if gaz is not None and hasattr(gaz, "_shared"):
        gaz._shared.cache_clear()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _update_one(
    cc: str, *, base: str, folder: Path, force: bool, timeout: float, verbose: bool
) -> dict[str, Any]:
    url = f"{base}/{cc}.zip"
    target = folder / f"{cc}.places.parquet"
    side = folder / f"{cc}.json"
    old: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        old = json.loads(side.read_text(encoding="utf-8"))
    headers = {}
    if not force and target.exists() and old.get("url") == url:
        if old.get("etag"):
            headers["If-None-Match"] = old["etag"]
        if old.get("last_modified"):
            headers["If-Modified-Since"] = old["last_modified"]
    got = _download(url, timeout=timeout, headers=headers, verbose=verbose)
    if got is None:
        log.info("%s: not modified since %s", url, old.get("last_modified"))
        return {**old, "country": cc, "status": "unchanged", "path": str(target)}
    body, meta = got
    digest = hashlib.sha256(body).hexdigest()
    record: dict[str, Any] = {
        "country": cc,
        "url": url,
        "downloaded": _now(),
        "bytes": len(body),
        "sha256": digest,
        "verified": "sha256 recorded (the server publishes no checksum)",
    }
    published = _published_checksum(url, timeout=timeout)
    if published is not None:
        algo, want = published
        have = digest if algo == "sha256" else hashlib.md5(body, usedforsecurity=False).hexdigest()
        if have != want:
            msg = f"{url} fails its published {algo} check ({have} != {want}); try again later"
            raise FetchError(msg)
        record[algo] = want
        record["verified"] = f"{algo} published by the server"
    places = places_from_zip(body, country=cc, label=url)
    if places.empty:
        msg = f"{url} holds no populated places in the covered regions; check --base-url"
        raise DataError(msg)
    record.update(
        {
            "rows_kept": len(places),
            "last_modified": meta.get("Last-Modified", ""),
            "etag": meta.get("ETag", ""),
            "licence": "CC-BY 4.0",
            "attribution": "GeoNames (geonames.org), CC-BY 4.0",
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_write(target, "wb") as fh:
        places.to_parquet(fh, index=False, compression="zstd")
    with atomic_write(side, "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    log.info("%s: %d places cached in %s", cc, len(places), target)
    return {**record, "status": "updated", "path": str(target)}


def update_geonames(
    countries: Iterable[str] | str = COUNTRIES,
    *,
    base_url: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    force: bool = False,
    timeout: float | None = None,
    verbose: bool = False,
) -> list[dict[str, Any]]:
    """Download, verify and cache the GeoNames dumps of ``countries``.

    Parameters
    ----------
    countries : iterable of str or str
        ISO alpha-2 codes ("UA", "RU", "BY"), or one comma-separated string.
    base_url : str, optional
        Folder URL holding ``<CC>.zip`` (default :data:`DEFAULT_BASE_URL`);
        a local folder path is accepted too.
    cache_dir : path, optional
        Cache root (default ``settings.cache_dir``); files go to ``<cache>/geonames``.
    force : bool
        Download even when the server says the cached copy is current.
    timeout : float, optional
        Network timeout in seconds (default ``settings.http_timeout_s``).
    verbose : bool
        Show a download progress bar.

    Returns
    -------
    list of dict
        One record per country: ``status`` ("updated" or "unchanged"),
        ``rows_kept``, ``bytes``, ``sha256``, ``url``, ``path``, ...

    Raises
    ------
    FetchError
        Offline, HTTP error, truncated or damaged download, checksum mismatch.
    DataError
        The archive does not hold a GeoNames table for that country.
    InputError
        Unknown country or bad base URL.

    Countries are processed in order; one that fails raises at once, leaving
    the cached files of that country (and of those not yet processed) as they
    were. The shared gazetteer is rebuilt on next use.
    """
    from .settings import settings

    if isinstance(countries, str):
        countries = [c for c in countries.split(",") if c.strip()]
    ccs = list(dict.fromkeys(_check_country(c) for c in countries))
    if not ccs:
        msg = f"no country given; use one or more of {', '.join(COUNTRIES)}"
        raise InputError(msg)
    base = _base_url(base_url)
    folder = geonames_cache_dir(cache_dir)
    wait = float(timeout if timeout is not None else settings.http_timeout_s)
    results = []
    try:
        for cc in ccs:
            results.append(
                _update_one(
                    cc, base=base, folder=folder, force=force, timeout=wait, verbose=verbose
                )
            )
    finally:
        if any(r["status"] == "updated" for r in results):
            _clear_gazetteer()
    return results
