"""Downloading front-line snapshots into the cache, and refusing implausible ones (private).

See :func:`geomap.frontline.fetch_snapshot`. A download replaces or joins the
cache only when it is a valid snapshot AND plausible (geomap issue #11):

* the date it claims (the mirror's ``name`` member, the API's snapshot id)
  is the date asked for;
* its occupied area is at least ``settings.frontline_min_area_km2``;
* its occupied area is within ``settings.frontline_area_tolerance`` (a
  fraction, 5 % by default) of every neighbouring cached snapshot (the same
  day, the nearest earlier and the nearest later day); the allowed change
  grows by that much per 90 days between the two dates.

Otherwise the download is kept aside in ``<cache>/frontline/rejected/`` and a
one-line :class:`~geomap._errors.FetchError` says why; ``force=True``
(``geomap frontline fetch --force``) accepts it anyway.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import _frontline_sources as _src
from ._errors import DataError, FetchError, InputError
from ._frontline_files import read_path
from ._io import atomic_write
from ._log import get_logger

__all__ = [
    "cached_snapshot",
    "fetch_snapshot",
    "nearest_cached_snapshot",
    "plausibility_problem",
]

log = get_logger("frontline")

#: Days over which the allowed area change grows by one tolerance.
_DRIFT_DAYS = 90.0
_CACHED_RE = re.compile(r"^(?:deepstatemap_data_|deepstate_)(\d{8})(?:_(\d+))?\.geojson$")

_CACHE_SOURCES = {"deepstate": "deepstate", "deepstate-mirror": "mirror"}


def _fetch_source(source: str | None) -> str:
    src = _src.normalize_source(source or "deepstate-mirror")
    if src not in _CACHE_SOURCES:
        msg = f"cannot fetch source {source!r}; use 'deepstate' or 'mirror'"
        raise InputError(msg)
    return src


def _parse_date(date: Any) -> dt.date | None:
    if date is None:
        return None
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    text = str(date).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"date {date!r} is not a date; use YYYY-MM-DD"
        raise InputError(msg) from None


def _frontline_cache(cache_dir: str | os.PathLike[str] | None) -> Path:
    from .settings import settings

    root = Path(cache_dir) if cache_dir is not None else Path(settings.cache_dir)
    return root / "frontline"


def _base_url(source: str, base_url: str | None) -> str:
    from .settings import settings

    if base_url:
        return base_url.rstrip("/")
    if source == "deepstate":
        url = os.environ.get("GEOMAP_DEEPSTATE_URL") or getattr(settings, "deepstate_url", None)
        return (url or _src.DEFAULT_DEEPSTATE_URL).rstrip("/")
    url = os.environ.get("GEOMAP_MIRROR_URL") or getattr(settings, "mirror_url", None)
    return (url or _src.DEFAULT_MIRROR_URL).rstrip("/")


def cached_snapshot(
    date: Any, *, source: str | None = None, cache_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Path of the cached snapshot of ``date`` (no network).

    With ``source=None`` the mirror is preferred, then the DeepStateMap API
    (its latest snapshot of that day).

    Parameters
    ----------
    date : date-like
        The day (``YYYY-MM-DD``, a date or a timestamp).
    source : {"deepstate-mirror", "deepstate"}, optional
        Look in this source's cache only.
    cache_dir : path-like, optional
        The cache folder (default geomap's cache).

    Returns
    -------
    Path
        The cached GeoJSON file.

    Raises
    ------
    InputError
        Nothing is cached for that date; the message says how to fetch it.

    Examples
    --------
    >>> from geomap.frontline import _demo_cache
    >>> cached_snapshot("2025-05-22", cache_dir=_demo_cache())
    PosixPath('.../frontline/mirror/deepstatemap_data_20250522.geojson')
    """
    day = _parse_date(date)
    if day is None:
        msg = "no date given; use YYYY-MM-DD"
        raise InputError(msg)
    root = _frontline_cache(cache_dir)
    order = [_fetch_source(source)] if source else ["deepstate-mirror", "deepstate"]
    for src in order:
        folder = root / _CACHE_SOURCES[src]
        if src == "deepstate-mirror":
            p = folder / f"deepstatemap_data_{day:%Y%m%d}.geojson"
            if p.is_file():
                return p
        else:
            found = sorted(
                folder.glob(f"deepstate_{day:%Y%m%d}_*.geojson"),
                key=lambda q: (
                    int(q.stem.rsplit("_", 1)[-1]) if q.stem.rsplit("_", 1)[-1].isdigit() else 0
                ),
            )
            if found:
                return found[-1]
    hint = f" --source {_CACHE_SOURCES[order[0]]}" if source else ""
    msg = f"no cached snapshot for {day} in {str(root)!r}; run: geomap frontline fetch --date {day}{hint}"
    raise InputError(msg)


def _cached_by_day(root: Path, order: Sequence[str]) -> dict[dt.date, Path]:
    """Date -> cached snapshot, the first source of ``order`` winning for each date."""
    days: dict[dt.date, Path] = {}
    for src in reversed(order):
        folder = root / _CACHE_SOURCES[src]
        found = sorted(
            (m[1], int(m[2] or 0), p)
            for p in (folder.glob("*.geojson") if folder.is_dir() else [])
            if (m := _CACHED_RE.match(p.name)) and p.is_file()
        )
        for stamp, _, path in found:  # the day's latest API snapshot last
            try:
                days[dt.datetime.strptime(stamp, "%Y%m%d").date()] = path
            except ValueError:
                continue
    return days


def nearest_cached_snapshot(
    date: Any, *, source: str | None = None, cache_dir: str | os.PathLike[str] | None = None
) -> tuple[Path, dt.date]:
    """The cached snapshot nearest to ``date`` (no network), and its date.

    With ``date=None`` the latest cached snapshot. Between two equally near
    snapshots the earlier one wins (what was known on the day). Sources are
    chosen as in :func:`cached_snapshot`.

    Parameters
    ----------
    date : date-like or None
        The day wanted; None for the latest.
    source : {"deepstate-mirror", "deepstate"}, optional
        Look in this source's cache only.
    cache_dir : path-like, optional
        The cache folder (default geomap's cache).

    Returns
    -------
    tuple of (Path, datetime.date)
        The cached GeoJSON file and the day of its snapshot.

    Raises
    ------
    InputError
        Nothing is cached; the message says how to fetch it.

    Examples
    --------
    >>> from geomap.frontline import _demo_cache
    >>> nearest_cached_snapshot("2025-06-01", cache_dir=_demo_cache())
    (PosixPath('.../frontline/mirror/deepstatemap_data_20250522.geojson'), datetime.date(2025, 5, 22))
    """
    day = _parse_date(date)
    root = _frontline_cache(cache_dir)
    order = [_fetch_source(source)] if source else ["deepstate-mirror", "deepstate"]
    days = _cached_by_day(root, order)
    if not days:
        when = f" --date {day}" if day else ""
        msg = f"no cached front-line snapshot in {str(root)!r}; run: geomap frontline fetch{when}"
        raise InputError(msg)
    best = max(days) if day is None else min(days, key=lambda d: (abs((d - day).days), d))
    return days[best], best


def _parse_payload(body: bytes, *, name: str, source: str, url: str):
    """The snapshot in ``body`` as a table (its dates are the ones it claims)."""
    try:
        gdf = _src.read_payload(body, name=name, source=source)
    except (DataError, InputError) as exc:
        msg = f"download from {url} is not a valid {source} snapshot ({exc}); the cache was left as it was"
        raise FetchError(msg) from None
    if not (gdf["status"] == "occupied").any():
        msg = f"download from {url} has no occupied areas; the cache was left as it was"
        raise FetchError(msg)
    return gdf


def _cached_days(root: Path) -> list[tuple[dt.date, Path]]:
    """Every cached snapshot (mirror and API folders) with its day, oldest first."""
    out = []
    for sub in ("mirror", "deepstate"):
        folder = root / sub
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            m = _CACHED_RE.match(p.name)
            if not m or not p.is_file():
                continue
            try:
                out.append((dt.datetime.strptime(m[1], "%Y%m%d").date(), p))
            except ValueError:
                continue
    return sorted(out)


def _neighbours(root: Path, day: dt.date) -> list[tuple[dt.date, Path]]:
    """Cached snapshots of ``day`` and of the nearest earlier and later cached days."""
    cached = _cached_days(root)
    same = [item for item in cached if item[0] == day]
    before = [item for item in cached if item[0] < day][-1:]
    after = [item for item in cached if item[0] > day][:1]
    return same + before + after


def plausibility_problem(
    area_km2: float,
    claimed: dt.date | None,
    *,
    day: dt.date,
    neighbours: list[tuple[dt.date, float]],
) -> str | None:
    """Why a snapshot of ``day`` with this area and claimed date is implausible (None if it is not).

    Parameters
    ----------
    area_km2 : float
        Occupied area of the new snapshot.
    claimed : date or None
        Date the payload claims (None when it claims none).
    day : date
        Date asked for.
    neighbours : list of (date, area_km2)
        Areas of the neighbouring cached snapshots.

    Examples
    --------
    >>> d = dt.date(2025, 5, 22)
    >>> plausibility_problem(0.004, d, day=d, neighbours=[(dt.date(2025, 5, 21), 112_901.0)])
    'its occupied area 0.004 km² is below the 1000 km² floor (settings.frontline_min_area_km2)'
    >>> plausibility_problem(112_000.0, dt.date(2025, 3, 1), day=d, neighbours=[])
    'it claims the date 2025-03-01, not 2025-05-22'
    >>> plausibility_problem(112_500.0, d, day=d, neighbours=[(dt.date(2025, 5, 21), 112_901.0)]) is None
    True
    """
    from .settings import settings

    if claimed is not None and claimed != day:
        return f"it claims the date {claimed}, not {day}"
    floor = float(settings.frontline_min_area_km2)
    if area_km2 < floor:
        return f"its occupied area {area_km2:.4g} km² is below the {floor:g} km² floor (settings.frontline_min_area_km2)"
    tol = float(settings.frontline_area_tolerance)
    for other_day, other in neighbours:
        if other <= 0:
            continue
        allowed = tol * max(1.0, abs((day - other_day).days) / _DRIFT_DAYS)
        change = abs(area_km2 - other) / other
        if change > allowed:
            return (
                f"its occupied area {area_km2:,.0f} km² differs by {change:.1%} from the "
                f"{other:,.0f} km² cached for {other_day} (allowed {allowed:.1%}, "
                "settings.frontline_area_tolerance)"
            )
    return None


def _check_plausible(
    gdf, *, day: dt.date, root: Path, name: str, body: bytes, url: str, force: bool
) -> None:
    """Refuse (and keep aside) an implausible download unless ``force``."""
    from .frontline import _snapshot_date, occupied_area_km2

    area = occupied_area_km2(gdf, clip=False)  # the file as drawn
    stamp = _snapshot_date(gdf)
    claimed = stamp.date() if stamp is not None else None
    neighbours = []
    for other_day, path in _neighbours(root, day):
        try:
            neighbours.append((other_day, occupied_area_km2(read_path(path), clip=False)))
        except (DataError, InputError) as exc:
            log.warning("cached snapshot %s cannot be read (%s); not compared", path, exc)
    why = plausibility_problem(area, claimed, day=day, neighbours=neighbours)
    if why is None:
        return
    if force:
        log.warning("accepting %s although %s (--force)", url, why)
        return
    kept = root / "rejected" / name
    _store(kept, body)
    msg = f"download from {url} was not cached: {why}; it is kept in {str(kept)!r} (check the source, or pass --force to accept it)"
    raise FetchError(msg)


def _store(path: Path, body: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"cannot create cache folder {str(path.parent)!r} ({exc.strerror or exc}); set GEOMAP_CACHE or --cache"
        raise InputError(msg) from None
    with atomic_write(path, "wb") as fh:
        fh.write(body)


def _deepstate_listing(base: str, *, timeout: float, agent: str) -> list[tuple[int, dt.date]]:
    url = f"{base}/public"
    body = _src.http_get(url, timeout=timeout, user_agent=agent, max_bytes=50 * 1024 * 1024)
    try:
        items = json.loads(body.decode("utf-8-sig"))
        if isinstance(items, str):
            items = json.loads(items)
    except (UnicodeDecodeError, json.JSONDecodeError):
        msg = f"snapshot list from {url} is not JSON; try again later"
        raise FetchError(msg) from None
    if isinstance(items, dict):
        items = items.get("items") or items.get("data") or []
    out = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not str(item.get("id", "")).isdigit():
            continue
        sid = int(item["id"])
        day = _src._day(item.get("createdAt") or item.get("updatedAt") or sid)
        if day is not None:
            out.append((sid, day.date()))
    if not out:
        msg = f"snapshot list from {url} has no snapshots (expected [{{id, createdAt}}, ...]); check the base URL"
        raise FetchError(msg)
    return sorted(out)


def fetch_snapshot(
    *,
    source: str = "mirror",
    date: Any = None,
    cache_dir: str | os.PathLike[str] | None = None,
    base_url: str | None = None,
    refresh: bool = False,
    force: bool = False,
) -> Path:
    """Download a snapshot into the cache (once) and return its path.

    Parameters
    ----------
    source : {"mirror", "deepstate"}
        The daily mirror of DeepStateMap (one file a day, with gaps) or the
        DeepStateMap API (the latest snapshot made on or before ``date``).
    date : str or date, optional
        Day wanted (YYYY-MM-DD); default the latest (mirror: today, else yesterday, UTC).
    cache_dir : path, optional
        Cache root (default ``settings.cache_dir``); files go to
        ``<cache_dir>/frontline/<mirror|deepstate>/``.
    base_url : str, optional
        Endpoint to use instead of the default (env ``GEOMAP_MIRROR_URL`` /
        ``GEOMAP_DEEPSTATE_URL``); tests point it at a local server.
    refresh : bool
        Download again even if cached; the old file stays unless the new one
        is valid and plausible.
    force : bool
        Cache a valid download even when it is implausible (another date, an
        area far from the neighbouring cached snapshots).

    Returns
    -------
    Path
        The cached GeoJSON file.

    Raises
    ------
    FetchError
        Offline, HTTP error, deadline passed (``settings.http_timeout_s`` for
        the whole request), truncated, invalid or implausible download (kept
        in ``<cache_dir>/frontline/rejected/``). A failed fetch never replaces
        a cached file.

    Notes
    -----
    Each snapshot is requested at most once and never retried; the API source
    also asks once for its list of snapshots. A cached dated mirror snapshot
    needs no network at all.
    """
    from .settings import settings

    src = _fetch_source(source)
    day = _parse_date(date)
    root = _frontline_cache(cache_dir)
    base = _base_url(src, base_url)
    net = {"timeout": float(settings.http_timeout_s), "agent": str(settings.user_agent)}
    if src == "deepstate-mirror":
        return _fetch_mirror(day, root=root, base=base, net=net, refresh=refresh, force=force)
    return _fetch_api(
        day, root=root, base=base, net=net, refresh=refresh, force=force, cache_dir=cache_dir
    )


def _fetch_mirror(
    day: dt.date | None, *, root: Path, base: str, net: dict, refresh: bool, force: bool
) -> Path:
    folder = root / _CACHE_SOURCES["deepstate-mirror"]
    days = (
        [day]
        if day is not None
        else [dt.datetime.now(dt.UTC).date() - dt.timedelta(d) for d in (0, 1)]
    )
    last_error: FetchError | None = None
    for d in days:
        name = f"deepstatemap_data_{d:%Y%m%d}.geojson"
        path = folder / name
        if path.is_file() and not refresh:
            log.debug("cache hit %s", path)
            return path
        url = f"{base}/{name}"
        try:
            body = _src.http_get(url, timeout=net["timeout"], user_agent=net["agent"])
        except FetchError as exc:
            last_error = exc
            if day is None and "HTTP 404" in str(exc):
                continue
            raise
        gdf = _parse_payload(body, name="<download>", source="deepstate-mirror", url=url)
        _check_plausible(gdf, day=d, root=root, name=name, body=body, url=url, force=force)
        _store(path, body)
        log.info("fetched %s", path)
        return path
    assert last_error is not None
    raise last_error


def _fetch_api(
    day: dt.date | None,
    *,
    root: Path,
    base: str,
    net: dict,
    refresh: bool,
    force: bool,
    cache_dir: str | os.PathLike[str] | None,
) -> Path:
    folder = root / _CACHE_SOURCES["deepstate"]
    # the API source: a cached snapshot of that very day needs no network
    if day is not None and not refresh and any(folder.glob(f"deepstate_{day:%Y%m%d}_*.geojson")):
        return cached_snapshot(day, source="deepstate", cache_dir=cache_dir)
    listing = _deepstate_listing(base, timeout=net["timeout"], agent=net["agent"])
    chosen = [item for item in listing if day is None or item[1] <= day]
    if not chosen:
        msg = f"DeepStateMap has no snapshot on or before {day} (first is {listing[0][1]}); pick a later date"
        raise FetchError(msg)
    sid, sday = chosen[-1]
    path = folder / f"deepstate_{sday:%Y%m%d}_{sid}.geojson"
    if path.is_file() and not refresh:
        return path
    url = f"{base}/{sid}/geojson"
    body = _src.http_get(url, timeout=net["timeout"], user_agent=net["agent"])
    gdf = _parse_payload(body, name="<download>", source="deepstate", url=url)
    _check_plausible(gdf, day=sday, root=root, name=path.name, body=body, url=url, force=force)
    doc = json.loads(body.decode("utf-8-sig"))
    if isinstance(doc, str) or (isinstance(doc, dict) and "map" in doc):
        doc = json.loads(doc) if isinstance(doc, str) else doc
        doc = doc.get("map", doc)
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    _store(path, body)
    log.info("fetched %s", path)
    return path
