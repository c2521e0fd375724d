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
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
import urllib.parse
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._errors import DataError, FetchError, InputError
from ._io import atomic_write
from ._log import get_logger
from ._translit import is_cyrillic, normalize
from ._zipsafe import CappedReader, check_member

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
#: Countries whose dumps can be used (those the bundled admin-1 units cover).
COUNTRIES = ("UA", "RU", "BY")
#: Value of the ``source`` column for places from a dump.
SOURCE = "geonames-dump"
#: The 19 columns of the GeoNames ``geoname`` table, in file order.
GEONAMES_COLUMNS = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1_code",
    "admin2_code",
    "admin3_code",
    "admin4_code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
)
#: Columns of the bundled ``places`` table (and of the cached dump conversions).
PLACES_COLUMNS = (
    "id",
    "name",
    "name_uk",
    "name_ru",
    "kind",
    "country",
    "admin1",
    "raion",
    "lat",
    "lon",
    "population",
    "approx",
    "source",
    "katottg",
    "alt",
)
#: Populated-place feature codes left out: historical, abandoned, sections of a city.
SKIPPED_CODES = frozenset({"PPLH", "PPLCH", "PPLQ", "PPLX"})
#: Largest dump accepted (bytes, compressed and uncompressed).
MAX_DUMP_BYTES = 1 << 30
MAX_TXT_BYTES = 512 << 20

_ALT_OK = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u0400-\u04FF'’ʼ`\-\.\(\)]+$")
_NOT_RUSSIAN = set("іїєґўІЇЄҐЎ")
_HEX = re.compile(r"^\s*([0-9a-fA-F]{32}|[0-9a-fA-F]{64})\b")


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


# ---------------------------------------------------------------------- convert
def _useful_alt(name: str) -> bool:
    if not name or len(name) < 3 or not _ALT_OK.match(name):
        return False
    # IATA-like codes (HRK, UMY) and short all-caps abbreviations make false hits
    return not (name.isupper() and len(name) <= 4)


def _english(name: str) -> str:
    """Standard English form of a GeoNames name: no apostrophes or soft-sign marks, ë -> e."""
    for ch in "’'ʹʼ`":
        name = name.replace(ch, "")
    return name.replace("ë", "e").replace("Ë", "E")


def _alts(name: str, candidates: Iterable[str]) -> str:
    seen = {normalize(name)}
    kept = []
    for a in candidates:
        a = a.strip()
        key = normalize(a)
        if _useful_alt(a) and key and key not in seen:
            seen.add(key)
            kept.append(a)
    return "|".join(kept)


def _russian_name(alts: list[str]) -> str:
    for a in alts:
        if _useful_alt(a) and is_cyrillic(a) and not (set(a) & _NOT_RUSSIAN):
            return a.strip()
    return ""


def _admin1_map() -> dict[str, str]:
    """GeoNames admin-1 key ("UA.21") -> ISO 3166-2 code, for every bundled unit."""
    from . import data

    ob = data.oblasts(worldview="de_jure")
    return {str(g): str(c) for g, c in zip(ob["gn_admin1"], ob["code"], strict=True) if g}


def _kind(country: str, code: str, population: int) -> str:
    if code in ("PPLC", "PPLA") or population >= (10_000 if country == "UA" else 20_000):
        return "city"
    if population >= (2_000 if country == "UA" else 3_000):
        return "town"
    return "village"


def places_from_table(table: pd.DataFrame, *, country: str) -> pd.DataFrame:
    """Convert rows of a GeoNames ``geoname`` table to the bundled ``places`` schema.

    Parameters
    ----------
    table : DataFrame
        String columns named as :data:`GEONAMES_COLUMNS`.
    country : str
        ISO alpha-2 code of the dump; rows of other countries are dropped.

    Returns
    -------
    DataFrame
        Columns :data:`PLACES_COLUMNS`, one row per kept populated place,
        sorted by ``id``.

    Raises
    ------
    DataError
        Missing columns, or ids / coordinates that are not numbers.
    """
    cc = country.upper()
    missing = [c for c in GEONAMES_COLUMNS if c not in table.columns]
    if missing:
        msg = f"GeoNames table for {cc} lacks columns {missing}; give the official <CC>.txt dump"
        raise DataError(msg)
    t = table[
        (table["feature_class"] == "P")
        & (table["country_code"] == cc)
        & ~table["feature_code"].isin(SKIPPED_CODES)
    ]
    dups = t["geonameid"].duplicated()
    if dups.any():
        log.warning("GeoNames %s: %d duplicate rows (same geonameid) left out", cc, int(dups.sum()))
        t = t[~dups]
    a1 = (cc + "." + t["admin1_code"].astype(str)).map(_admin1_map())
    t = t.assign(_admin1=a1)[a1.notna()]
    ids = pd.to_numeric(t["geonameid"], errors="coerce")
    lat = pd.to_numeric(t["latitude"], errors="coerce")
    lon = pd.to_numeric(t["longitude"], errors="coerce")
    bad = ids.isna() | lat.isna() | lon.isna() | ~lat.between(-90, 90) | ~lon.between(-180, 180)
    if bad.any():
        first = t.index[bad.to_numpy()][0]
        msg = (
            f"GeoNames {cc} row {int(first) + 1} has a bad id or coordinates "
            f"({t.at[first, 'geonameid']!r}, {t.at[first, 'latitude']!r}, {t.at[first, 'longitude']!r}); "
            "the file is not a GeoNames dump or is corrupt, download it again"
        )
        raise DataError(msg)
    pop = pd.to_numeric(t["population"], errors="coerce").fillna(0).clip(lower=0).astype(np.int64)
    rows = []
    for name, ascii_name, alt, code, a1code, p in zip(
        t["name"],
        t["asciiname"],
        t["alternatenames"],
        t["feature_code"],
        t["_admin1"],
        pop,
        strict=True,
    ):
        alts = [a for a in str(alt).split(",") if a] if alt else []
        eng = _english(str(name).strip() or str(ascii_name))
        rows.append(
            (
                eng,
                _russian_name(alts) if cc != "UA" else "",
                _kind(cc, str(code), int(p)),
                a1code,
                _alts(eng, [str(name), str(ascii_name), *alts]),
            )
        )
    names, name_ru, kinds, admin1, alt_col = (
        (list(col) for col in zip(*rows, strict=True)) if rows else ([],) * 5
    )
    out = pd.DataFrame(
        {
            "id": ids.astype(np.int64).to_numpy(),
            "name": names,
            "name_uk": "",
            "name_ru": name_ru,
            "kind": kinds,
            "country": cc,
            "admin1": admin1,
            "raion": "",
            "lat": lat.astype(float).to_numpy(),
            "lon": lon.astype(float).to_numpy(),
            "population": pop.to_numpy(),
            "approx": False,
            "source": SOURCE,
            "katottg": "",
            "alt": alt_col,
        },
        columns=list(PLACES_COLUMNS),
    )
    out["approx"] = out["approx"].astype(bool)
    for col in ("name_uk", "name_ru", "country", "raion", "source", "katottg", "alt"):
        out[col] = out[col].astype(str)
    return out.sort_values("id").reset_index(drop=True)


def _read_dump_text(fh, *, label: str) -> pd.DataFrame:
    try:
        table = pd.read_csv(
            fh,
            sep="\t",
            header=None,
            dtype=str,
            quoting=csv.QUOTE_NONE,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8",
            engine="c",
        )
    except pd.errors.EmptyDataError:
        msg = f"{label} is empty; download the dump again"
        raise DataError(msg) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        msg = f"{label} is not a GeoNames table ({reason}); download the dump again"
        raise DataError(msg) from None
    if table.shape[1] != len(GEONAMES_COLUMNS):
        msg = (
            f"{label} has {table.shape[1]} columns, not the {len(GEONAMES_COLUMNS)} of a GeoNames "
            "geoname table; download the official dump"
        )
        raise DataError(msg)
    table.columns = list(GEONAMES_COLUMNS)
    dated = table["modification_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    if not dated.all():
        line = int(np.flatnonzero(~dated.to_numpy())[0]) + 1
        msg = (
            f"{label} line {line} lacks the modification date of a GeoNames row "
            "(missing or shifted fields); download the dump again"
        )
        raise DataError(msg)
    return table


def _open_zip(data: bytes, *, country: str, label: str) -> tuple[zipfile.ZipFile, zipfile.ZipInfo]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        msg = f"{label} is not a valid zip archive ({exc}); download it again"
        raise FetchError(msg) from None
    except (OSError, RuntimeError, NotImplementedError, zlib.error) as exc:  # bad compression
        msg = f"{label} cannot be read as a zip ({exc}); download it again"
        raise FetchError(msg) from None
    member = f"{country}.txt"
    try:
        info = zf.getinfo(member)
    except KeyError:
        names = ", ".join(zf.namelist()[:5]) or "nothing"
        msg = f"{label} does not contain {member!r} (it holds {names}); check --base-url"
        raise DataError(msg) from None
    check_member(info, label=label, max_bytes=MAX_TXT_BYTES, error=FetchError)
    return zf, info


def _check_country(country: str) -> str:
    cc = str(country).strip().upper()
    if cc not in COUNTRIES:
        msg = f"unknown country {country!r}; use one or more of {', '.join(COUNTRIES)}"
        raise InputError(msg)
    return cc


def places_from_zip(data: bytes, *, country: str, label: str | None = None) -> pd.DataFrame:
    """Verify a GeoNames country zip (``<CC>.zip``) and convert it to the ``places`` schema.

    Raises :class:`FetchError` for a damaged archive and :class:`DataError`
    when ``<CC>.txt`` is missing or is not a 19-column ``geoname`` table.
    See the module example.
    """
    cc = _check_country(country)
    label = label or f"{cc}.zip"
    zf, info = _open_zip(data, country=cc, label=label)
    try:
        with zf, zf.open(info) as raw:
            # sizes are counted while decompressing: the declared size may lie
            capped = CappedReader(
                raw, name=info.filename, label=label, max_bytes=MAX_TXT_BYTES, error=FetchError
            )
            with io.BufferedReader(capped, 1 << 20) as fh:
                table = _read_dump_text(fh, label=f"{info.filename} in {label}")
    except (RuntimeError, NotImplementedError, zlib.error, zipfile.BadZipFile, EOFError) as exc:
        msg = f"{label} cannot be unpacked ({exc}); download it again"
        raise FetchError(msg) from None
    return places_from_table(table, country=cc)


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
