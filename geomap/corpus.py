"""Geoparse a whole corpus of articles into one GeoParquet table of place mentions.

:func:`corpus_to_parquet` reads ``.txt``, ``.html`` and ``.jsonl`` articles
(files, folders or globs), geoparses them on all local cores or on a Dask
cluster, and writes one row per place mention:

========================  =====================================================
``article_id``            stable id: the path relative to the inputs' common
                          folder (``2024/a.txt``), ``path:line`` for jsonl
``path``                  the source file as found from the inputs
``date``                  ``datetime64[ms]`` day of the article (jsonl
                          ``date``, HTML ``article:published_time``, or a
                          ``YYYY-MM-DD`` / ``YYYYMMDD`` in the file path)
``url``, ``title``        from jsonl fields or the HTML head, else missing
``place_id``              the gazetteer id (GeoNames id, ISO 3166-2 code, ...)
``name`` ... ``admin1``   canonical name, kind, country, oblast of the place
``geonameid``             GeoNames id (``Int64``, missing for oblasts)
``population``            population (``Int64``)
``confidence``            the place's confidence in that article
``role``                  ``place`` or ``metonym`` ("Kyiv said") for *this*
                          mention
``mention_text``          the text as written; ``start``/``end`` its offsets
``sentence``              the sentence that contains it
``lat``, ``lon``          the place's representative point
``geometry``              that point (EPSG:4326)
========================  =====================================================

The geometry is always a **point**, also for oblasts and countries: the
gazetteer's representative point (``lat``/``lon``), which keeps the table
light and is what density maps need. The polygons are one join away
(``geomap.data.oblasts()`` on ``place_id``).

Rows are in corpus order: articles sorted by path (jsonl by line number), then
mentions by offset, so serial, local-parallel and Dask runs write identical
tables.

Fault tolerance: an article that cannot be read or parsed (bad encoding,
binary file, bad JSON, parser error) is recorded in
``<output stem>.failures.csv`` (``article_id, path, error``) and the run goes
on. Work is split in shards of articles; each finished shard is written
atomically to ``<output>.parts/``, keyed by a hash of its articles (ids and
file stamps), the options and the parser version, so an interrupted run
resumed with the same command redoes only the missing shards. The final file
is written atomically; the parts are removed afterwards (kept with
``keep_parts=True``).

>>> from geomap.corpus import mentions_from_articles
>>> m = mentions_from_articles(["Drones hit Sumy and Kharkiv.", "Kyiv said no."])
>>> m[["article_id", "name", "role", "mention_text"]].values.tolist()
[['0', 'Sumy', 'place', 'Sumy'], ['0', 'Kharkiv', 'place', 'Kharkiv'], ['1', 'Kyiv', 'metonym', 'Kyiv']]
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import email.utils
import functools
import glob
import hashlib
import inspect
import json
import math
import multiprocessing
import os
import re
import shutil
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._errors import GeomapError, InputError
from ._io import (
    MAX_TEXT_BYTES,
    _special_kind,
    atomic_write,
    check_outputs,
    decode_text,
    output_lock,
)
from ._log import get_logger
from ._scheduler import probe_scheduler

__all__ = [
    "MENTION_COLUMNS",
    "Article",
    "CorpusSummary",
    "articles_from_paths",
    "corpus_to_parquet",
    "mentions_from_articles",
]

log = get_logger("corpus")

#: File suffixes read from folders and globs, by format.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_ALL_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *JSONL_SUFFIXES)

#: Columns of the mentions table, in order (``geometry`` last).
MENTION_COLUMNS = (
    "article_id", "path", "date", "url", "title", "place_id", "name", "kind", "country",
    "admin1", "geonameid", "population", "confidence", "role", "mention_text", "start", "end",
    "sentence", "lat", "lon", "geometry",
)  # fmt: skip
_STRING_COLUMNS = (
    "article_id", "path", "url", "title", "place_id", "name", "kind", "country", "admin1", "role",
    "mention_text", "sentence",
)  # fmt: skip
_FAILURE_COLUMNS = ("article_id", "path", "error")

#: Bump when the table layout changes: finished shards of older layouts are redone.
_SCHEMA_VERSION = "1"
_MAX_SHARD_ATTEMPTS = 2
#: Fewer pending articles than this are parsed in-process unless workers are asked for.
_MIN_PARALLEL_ARTICLES = 300


# ---------------------------------------------------------------- articles
@dataclass(frozen=True, slots=True)
class Article:
    """One article of a corpus: its text, or the error that made it unreadable."""

    article_id: str
    text: str | None = None
    path: str | None = None
    date: dt.date | None = None
    url: str | None = None
    title: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Ref:
    """Where an article is (read by the worker that parses it)."""

    article_id: str
    path: str  # as found from the inputs (shown to the user)
    abspath: str
    fmt: str  # text | html | jsonl
    stamp: str  # file size and mtime: a changed file changes the shard key
    line: int = 0
    offset: int = 0
    length: int = -1
    error: str | None = None


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def _fmt_of(path: str) -> str:
    low = path.lower()
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "text"


def _glob_base(pattern: str) -> str:
    """The folder part of a glob before its first wildcard."""
    parts = Path(pattern).parts
    keep = []
    for part in parts:
        if glob.has_magic(part):
            break
        keep.append(part)
    return str(Path(*keep)) if keep else "."


def _walk(folder: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not d.endswith(".parts")
        )
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(_ALL_SUFFIXES):
                yield os.path.join(dirpath, name)


def _regular(path: str) -> bool:
    """Whether ``path`` is a regular file (a link to one counts); warn and skip anything else.

    A FIFO would block the reader forever, a device could be endless; neither
    is opened.
    """
    try:
        st = os.stat(path)
    except OSError:
        return True  # vanished or unreadable: reported as that article's failure
    if stat.S_ISREG(st.st_mode):
        return True
    log.warning("skipped %r: it is %s, not a regular file", path, _special_kind(st.st_mode))
    return False


def _files_from_inputs(inputs: Sequence[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    """``(path, base folder)`` of every input file, in input order, without duplicates.

    Only regular files are listed: FIFOs, sockets and devices inside a folder
    or matched by a glob are skipped with a warning; given by name, refused.
    """
    found: list[tuple[str, str]] = []
    for item in inputs:
        s = os.fspath(item)
        if not s:
            msg = "an empty input path was given; give files, folders or globs"
            raise InputError(msg)
        if glob.has_magic(s) and not os.path.exists(s):
            base = _glob_base(s)
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                log.warning("glob %r matched no file", s)
            for m in matches:
                if os.path.isdir(m):
                    found.extend((f, base) for f in _walk(m))
                elif m.lower().endswith(_ALL_SUFFIXES):
                    found.append((m, base))
        elif os.path.isdir(s):
            found.extend((f, s) for f in _walk(s))
        elif os.path.isfile(s):
            found.append((s, os.path.dirname(s) or "."))
        elif os.path.exists(s):
            kind = _special_kind(os.stat(s).st_mode)
            msg = f"input {s!r} is {kind}, not a regular file; give article files or folders"
            raise InputError(msg)
        else:
            msg = f"input {s!r} does not exist; check the path (quote globs: 'news/*.jsonl')"
            raise InputError(msg)
    seen: set[str] = set()
    out = []
    for path, base in found:
        key = os.path.realpath(path)
        if key not in seen and _regular(path):
            seen.add(key)
            out.append((path, base))
    return out


def _refs_from_inputs(inputs: Sequence[str | os.PathLike[str]]) -> list[_Ref]:
    """Every article of the inputs, in corpus order (relative path, then line)."""
    files = _files_from_inputs(inputs)
    if not files:
        shown = ", ".join(repr(os.fspath(i)) for i in inputs[:3])
        msg = f"no article found in {shown}; give .txt, .html or .jsonl files, folders or globs"
        raise InputError(msg)
    root = os.path.commonpath([os.path.abspath(base) for _, base in files])
    if not os.path.isdir(root):
        root = os.path.dirname(root)
    entries = []
    for path, _ in files:
        absp = os.path.abspath(path)
        rel = Path(os.path.relpath(absp, root)).as_posix()
        entries.append((rel, path, absp))
    entries.sort()
    refs: list[_Ref] = []
    for rel, path, absp in entries:
        fmt = _fmt_of(path)
        try:
            st = os.stat(absp)
        except OSError as exc:
            refs.append(_Ref(rel, path, absp, fmt, "", error=_os_error(path, exc)))
            continue
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
        if fmt != "jsonl":
            refs.append(_Ref(rel, path, absp, fmt, stamp))
            continue
        try:
            lines = list(_jsonl_refs(rel, path, absp, stamp))
        except OSError as exc:
            lines = [_Ref(rel, path, absp, fmt, stamp, error=_os_error(path, exc))]
        refs.extend(lines)
    return refs


def _jsonl_refs(rel: str, path: str, absp: str, stamp: str) -> Iterator[_Ref]:
    offset = 0
    with open(absp, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if raw.strip():
                yield _Ref(f"{rel}:{lineno}", path, absp, "jsonl", stamp, lineno, offset, len(raw))
            offset += len(raw)


def _os_error(path: str, exc: OSError) -> str:
    return f"cannot read {path!r}: {exc.strerror or exc}; check the file's permissions"


# ------------------------------------------------------------------- dates
_DATE_RES = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)[-_./]([01]\d)[-_./]([0-3]\d)(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)([01]\d)([0-3]\d)(?!\d)"),
)


def _date_from_name(rel: str) -> dt.date | None:
    """A date written in the file name, else in its folders (``2024/08/06/a.txt``)."""
    name = rel.rsplit("/", 1)[-1]
    for text in (name, rel):
        for rx in _DATE_RES:
            for m in rx.finditer(text):
                with contextlib.suppress(ValueError):
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _date_from_value(value: Any) -> dt.date | None:
    """The day of a date given as ISO text, YYYYMMDD, RFC 2822 or a Unix time."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if not math.isfinite(value) or value <= 0:
            return None
        secs = value / 1000 if value > 1e11 else value
        try:
            return dt.datetime.fromtimestamp(secs, dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    m = re.match(r"((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?!\d)", s)
    if m:
        with contextlib.suppress(ValueError):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return None
    with contextlib.suppress(TypeError, ValueError, IndexError):
        return email.utils.parsedate_to_datetime(s).date()
    return None


# ----------------------------------------------------------------- reading
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes, source: str) -> str:
    try:
        return decode_text(data, source=source)
    except InputError:
        m = _CHARSET_RE.search(data[:4096])
        if not m:
            raise
        codec = m.group(1).decode("ascii").lower()
        if codec.replace("-", "").replace("_", "") in ("utf8", "unicode"):
            raise
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            raise InputError(
                f"{source!r} is not valid {codec} as its <meta charset> says; re-encode it as UTF-8"
            ) from None


def _open_regular(path: str) -> Any:
    """Open ``path`` for reading without blocking on a FIFO; refuse anything not a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        msg = f"{path!r} is {_special_kind(mode)}, not a regular file"
        raise InputError(msg)
    return os.fdopen(fd, "rb")


def _read_bytes(ref: _Ref) -> bytes:
    with _open_regular(ref.abspath) as fh:
        if ref.fmt == "jsonl":
            fh.seek(ref.offset)
            return fh.read(ref.length)
        data = fh.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        msg = f"{ref.path!r} is over the {MAX_TEXT_BYTES}-byte limit; split it"
        raise InputError(msg)
    return data


def _article_from_ref(ref: _Ref) -> Article:
    base: dict[str, Any] = {"article_id": ref.article_id, "path": ref.path}
    if ref.error:
        return Article(**base, error=ref.error)
    try:
        data = _read_bytes(ref)
        source = f"{ref.path}:{ref.line}" if ref.fmt == "jsonl" else ref.path
        if ref.fmt == "html":
            from ._html_text import article_from_html

            page = article_from_html(_decode_html(data, source))
            date = _date_from_value(page.date) or _date_from_name(ref.article_id)
            return Article(**base, text=page.text, date=date, url=page.url, title=page.title)
        text = decode_text(data, source=source)
        if ref.fmt == "text":
            return Article(**base, text=text, date=_date_from_name(ref.article_id))
        return _article_from_json(text, ref, source)
    except OSError as exc:
        return Article(**base, error=_os_error(ref.path, exc))
    except GeomapError as exc:
        return Article(**base, error=_one_line(exc))
    except Exception as exc:  # a reader bug must not stop the run
        log.debug("reading %s failed", ref.article_id, exc_info=True)
        return Article(**base, error=_one_line(f"cannot read: {type(exc).__name__}: {exc}"))


def _article_from_json(line: str, ref: _Ref, source: str) -> Article:
    base: dict[str, Any] = {"article_id": ref.article_id, "path": ref.path}
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        msg = f"{source!r} is not valid JSON ({exc.msg} at column {exc.colno}); fix the line"
        return Article(**base, error=msg)
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        msg = f"{source!r} has no string 'text' field; give one JSON object per line with 'text'"
        return Article(**base, error=msg)

    def opt(key: str) -> str | None:
        v = rec.get(key)
        return str(v).strip() or None if v is not None and not isinstance(v, dict | list) else None

    date = _date_from_value(rec.get("date"))
    if date is None:
        date = _date_from_name(ref.article_id.rsplit(":", 1)[0])
    return Article(**base, text=rec["text"], date=date, url=opt("url"), title=opt("title"))


def articles_from_paths(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
) -> Iterator[Article]:
    """Every article of files, folders and globs, in corpus order.

    Folders are read recursively (hidden files skipped) for ``.txt``,
    ``.html``/``.htm`` and ``.jsonl`` files; a file named explicitly is read
    whatever its suffix (as text unless HTML or jsonl). jsonl files hold one
    JSON object per line with ``text`` and optional ``date``, ``url``,
    ``title``; blank lines are skipped.

    An article that cannot be read is yielded with ``text=None`` and its
    ``error`` (one line), so a corpus run can report it and go on.

    Parameters
    ----------
    inputs : path-like or sequence of path-like
        Files, folders and glob patterns (``"news/*.html"``).

    Yields
    ------
    Article
        One per article: a text file, an HTML page or a jsonl line.

    Raises
    ------
    InputError
        When an input does not exist or nothing matched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "2024-08-06_sumy.txt").write_text("Drones hit Sumy.")
    >>> _ = (d / "feed.jsonl").write_text('{"text": "Kyiv said no.", "date": "2024-08-07"}\\n{oops\\n')
    >>> [(a.article_id, str(a.date), a.error is None) for a in articles_from_paths(d)]
    [('2024-08-06_sumy.txt', '2024-08-06', True), ('feed.jsonl:1', '2024-08-07', True), ('feed.jsonl:2', 'None', False)]
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    for ref in _refs_from_inputs(list(inputs)):
        yield _article_from_ref(ref)


# ----------------------------------------------------------------- parsing
@dataclass(frozen=True)
class _Options:
    worldview: str | None = None
    include_metonyms: bool = True
    min_confidence: float = 0.0


def mentions_from_articles(
    articles: Iterable[Article | str],
    *,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
) -> gpd.GeoDataFrame:
    """Geoparse articles into one row per place mention (the columns of :data:`MENTION_COLUMNS`).

    ``articles`` are :class:`Article` objects or plain strings (their id is
    then their position). Articles that carry an ``error``, or that the
    parser fails on, are left out and listed in ``attrs["failures"]`` (dicts
    with ``article_id``, ``path``, ``error``); ``attrs["n_articles"]`` counts
    every article given.

    Parameters
    ----------
    articles : iterable of Article or str
        The articles to parse.
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings).
    include_metonyms : bool
        Keep places only used as metonyms ("Kyiv said"), flagged
        ``role="metonym"`` (default True).
    min_confidence : float
        Drop places below this confidence (see :func:`geomap.places_from_text`).

    Returns
    -------
    GeoDataFrame
        EPSG:4326, one row per mention of a place in an article.

    Examples
    --------
    >>> m = mentions_from_articles([Article("a", "Shelling near Vovchansk."), Article("b", error="bad")])
    >>> m[["article_id", "name", "admin1"]].values.tolist(), m.attrs["failures"]
    ([['a', 'Vovchansk', 'Kharkiv Oblast']], [{'article_id': 'b', 'path': None, 'error': 'bad'}])
    """
    arts = [a if isinstance(a, Article) else Article(str(i), a) for i, a in enumerate(articles)]
    table, failures = _mentions_table(
        arts, _Options(worldview, include_metonyms, float(min_confidence))
    )
    gdf = _to_geo(table)
    gdf.attrs["failures"] = failures
    gdf.attrs["n_articles"] = len(arts)
    return gdf


def _mentions_table(
    arts: list[Article], opts: _Options
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The mentions of ``arts`` (without geometry) and the failures, in article order."""
    from .geoparse import places_from_texts

    failures = [_failure(a, a.error) for a in arts if a.error is not None or a.text is None]
    ok = [a for a in arts if a.error is None and a.text is not None]
    kw: dict[str, Any] = {"worldview": opts.worldview, "include_metonyms": opts.include_metonyms,
          "min_confidence": opts.min_confidence}  # fmt: skip
    try:
        places = [places_from_texts([a.text for a in ok], **kw)]
        parsed = [ok]
    except Exception:  # one bad article: parse them one by one to find it
        places, parsed = [], []
        for a in ok:
            try:
                places.append(places_from_texts([a.text], **kw))
                parsed.append([a])
            except Exception as exc:
                err = exc if isinstance(exc, GeomapError) else f"{type(exc).__name__}: {exc}"
                log.debug("article %s failed", a.article_id, exc_info=True)
                failures.append(_failure(a, f"parser error: {_one_line(err)}"))
    order = {a.article_id: i for i, a in enumerate(arts)}
    failures.sort(key=lambda f: order[f["article_id"]])
    return _mention_rows(places, parsed), failures


def _failure(a: Article, error: str | None) -> dict[str, Any]:
    return {"article_id": a.article_id, "path": a.path, "error": _one_line(error or "no text")}


def _mention_rows(places: list[gpd.GeoDataFrame], batches: list[list[Article]]) -> pd.DataFrame:
    cols: dict[str, list] = {c: [] for c in MENTION_COLUMNS if c != "geometry"}
    doc_index: list[int] = []
    first = 0
    for gdf, batch in zip(places, batches, strict=True):
        names = list(gdf.columns)
        for row in gdf.itertuples(index=False, name=None):
            rec = dict(zip(names, row, strict=True))
            a = batch[rec["doc"]]
            gid = rec["geonameid"]
            gid = None if gid is None or gid != gid else int(gid)
            lat, lon = rec["lat"], rec["lon"]
            if not (lat == lat and lon == lon) and rec["geometry"] is not None:
                pt = rec["geometry"].representative_point()  # no point given: one inside the shape
                lat, lon = pt.y, pt.x
            for m in rec["mentions"]:
                doc_index.append(first + rec["doc"])
                for key, value in (
                    ("article_id", a.article_id), ("path", a.path), ("date", a.date), ("url", a.url),
                    ("title", a.title), ("place_id", rec["id"]), ("name", rec["name"]),
                    ("kind", rec["kind"]), ("country", rec["country"]), ("admin1", rec["admin1"]),
                    ("geonameid", gid), ("population", rec["population"]),
                    ("confidence", rec["confidence"]), ("role", m.get("role", rec["role"])),
                    ("mention_text", m["text"]), ("start", m["start"]), ("end", m["end"]),
                    ("sentence", m["sentence"]), ("lat", lat), ("lon", lon),
                ):  # fmt: skip
                    cols[key].append(value)
        first += len(batch)
    frame = _typed_frame(cols)
    if len(frame):
        keys = (frame["place_id"].to_numpy(dtype=object).astype(str), frame["end"].to_numpy(),
                frame["start"].to_numpy(), np.asarray(doc_index))  # fmt: skip
        frame = frame.take(np.lexsort(keys)).reset_index(drop=True)
    return frame


def _typed_frame(cols: dict[str, list]) -> pd.DataFrame:
    out: dict[str, Any] = {}
    for c in MENTION_COLUMNS:
        if c == "geometry":
            continue
        values = cols[c]
        if c in _STRING_COLUMNS:
            out[c] = pd.array(
                [None if v is None or pd.isna(v) else str(v) for v in values], dtype="string"
            )
        elif c == "date":
            nat = np.datetime64("NaT", "ms")
            out[c] = np.array([nat if v is None else np.datetime64(v, "ms") for v in values],
                              dtype="datetime64[ms]")  # fmt: skip
        elif c in ("geonameid", "population"):
            out[c] = pd.array(
                [None if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64"
            )
        elif c in ("start", "end"):
            out[c] = np.asarray(values, dtype="int64")
        else:
            out[c] = np.asarray(values, dtype="float64")
    return pd.DataFrame(out)


@functools.cache
def _wgs84() -> Any:
    import pyproj

    return pyproj.CRS.from_epsg(4326)


def _to_geo(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Add the point geometry (from lat/lon) to a mentions table."""
    lat = table["lat"].to_numpy(dtype="float64")
    lon = table["lon"].to_numpy(dtype="float64")
    geoms = shapely.points(lon, lat) if len(table) else np.array([], dtype=object)
    if len(table):
        geoms[np.isnan(lat) | np.isnan(lon)] = None
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, index=table.index, crs=_wgs84()))


def _empty_table() -> pd.DataFrame:
    return _mention_rows([], [])


# ------------------------------------------------------------------ shards
@dataclass(frozen=True)
class _Shard:
    index: int
    key: str
    refs: tuple[_Ref, ...]


@dataclass
class _ShardResult:
    index: int
    key: str
    frame: pd.DataFrame | None  # mentions without geometry, unless written by the worker
    failures: list[dict[str, Any]]
    n_articles: int
    written: bool = False  # the worker wrote the part itself
    pid: int = 0
    peak_rss_mb: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def _parser_files() -> list[str]:
    """The files (relative to the package) whose contents the results depend on.

    >>> files = _parser_files()
    >>> "geoparse/filter.py" in files and "lang/uk.py" in files
    True
    """
    here = Path(__file__).parent
    # every file of the parser's packages (geoparse/, lang/), in a fixed order
    package_files = sorted(
        p.relative_to(here).as_posix()
        for pkg in ("geoparse", "lang")
        for p in (here / pkg).rglob("*.py")
    )
    return [*package_files, "gazetteer.py", "_morph.py", "_translit.py", "_html_text.py",
            "corpus.py", "_data/manifest.json"]  # fmt: skip


@functools.cache
def _parser_version() -> str:
    """A hash of the code and data the results depend on."""
    from . import __version__

    here = Path(__file__).parent
    h = hashlib.sha256(f"{__version__}|{_SCHEMA_VERSION}".encode())
    for name in _parser_files():
        p = here / name
        h.update(name.encode())
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()[:16]


def _shards_from_refs(refs: list[_Ref], size: int, opts: _Options) -> list[_Shard]:
    common = f"{_parser_version()}|{opts.worldview}|{opts.include_metonyms}|{opts.min_confidence}"
    shards: list[_Shard] = []
    for i in range(0, len(refs), size):
        chunk = tuple(refs[i : i + size])
        h = hashlib.sha256(common.encode())
        for r in chunk:
            h.update(f"\n{r.article_id}|{r.abspath}|{r.stamp}|{r.offset}|{r.length}".encode())
        shards.append(_Shard(len(shards), h.hexdigest()[:20], chunk))
    return shards


def _peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    try:  # Linux: the high-water mark of this process image (ru_maxrss would count the parent's at fork)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def _init_worker(worldview: str | None = None) -> int:
    """Load the gazetteer and the parser's tables once in this worker process."""
    from .gazetteer import get_gazetteer
    from .geoparse import places_from_texts

    get_gazetteer(worldview=worldview)
    places_from_texts(["Drones hit Kharkiv."], worldview=worldview)
    return os.getpid()


def _exit_with_parent() -> None:
    """In a pool worker: exit as soon as the parent process dies (killed, not just interrupted)."""
    import threading
    from multiprocessing.connection import wait as mp_wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        mp_wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="geomap-parent-watch", daemon=True).start()


def _init_pool_worker(worldview: str | None = None) -> None:
    import signal

    # Ctrl-C is the parent's to handle: it stops the pool, and running shards finish their part
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    _init_worker(worldview)


def _process_shard(
    shard: _Shard,
    opts: _Options,
    parts_dir: str | None = None,
    skip: frozenset[int] | None = None,
) -> _ShardResult:
    """Read and parse one shard; with ``parts_dir``, write its part file here, in the worker.

    With ``skip`` (a salvage run of a shard that killed its worker), the
    articles are parsed one at a time, each announced first in the shard's
    ``.current`` marker file, and the articles at the indices in ``skip`` are
    left out as failures: the parent learns from the marker which article a
    crash was in, so one bad article never costs the shard's good ones.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    articles = [_article_from_ref(r) for r in shard.refs]
    if skip is None:
        table, failures = _mentions_table(articles, opts)
    else:
        table, failures = _salvage_table(articles, opts, skip, _marker_path(parts_dir, shard))
    res = _ShardResult(shard.index, shard.key, table, failures, len(articles))
    if parts_dir is not None:
        _write_part(Path(parts_dir), res, shard)
        res.frame, res.written = None, True
    res.pid, res.peak_rss_mb = os.getpid(), _peak_rss_mb()
    res.seconds, res.cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    return res


def _marker_path(parts_dir: str | None, shard: _Shard) -> Path | None:
    return (
        None
        if parts_dir is None
        else _part_paths(Path(parts_dir), shard)[0].with_suffix(".current")
    )


def _salvage_table(
    articles: list[Article], opts: _Options, skip: frozenset[int], marker: Path | None
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Parse articles one at a time, announcing each in ``marker``; leave out ``skip``."""
    tables, failures = [], []
    for i, a in enumerate(articles):
        if i in skip:
            failures.append(_failure(a, _KILLER))
            continue
        if marker is not None:
            marker.write_text(str(i), encoding="ascii")
        table, fails = _mentions_table([a], opts)
        tables.append(table)
        failures.extend(fails)
    if marker is not None:
        marker.unlink(missing_ok=True)
    table = pd.concat(tables, ignore_index=True) if tables else _mentions_table([], opts)[0]
    return table, failures


#: The failure recorded for an article whose parsing killed the worker process.
_KILLER = "the worker process died while parsing this article (out of memory?); it was left out"


def _crash_index(parts_dir: str, shard: _Shard) -> int | None:
    """The article a salvage run of ``shard`` was parsing when its worker died."""
    marker = _marker_path(parts_dir, shard)
    try:
        k = int(marker.read_text(encoding="ascii")) if marker is not None else -1
    except (OSError, ValueError):
        return None
    return k if 0 <= k < len(shard.refs) else None


def _process_partition(shards: Iterable[_Shard], opts: _Options) -> list[_ShardResult]:
    return [_process_shard(s, opts) for s in shards]


def _crashed(shard: _Shard, error: str) -> _ShardResult:
    failures = [
        {"article_id": r.article_id, "path": r.path, "error": _one_line(error)} for r in shard.refs
    ]
    return _ShardResult(shard.index, shard.key, None, failures, len(shard.refs))


# ------------------------------------------------------------------ running
def _run_serial(
    shards: list[_Shard], opts: _Options, parts_dir: str, emit: Callable[[_ShardResult], None]
) -> None:
    _init_worker(opts.worldview)
    for shard in shards:
        emit(_process_shard(shard, opts, parts_dir))


def _run_local(
    shards: list[_Shard],
    opts: _Options,
    workers: int,
    parts_dir: str,
    emit: Callable[[_ShardResult], None],
    fn: Callable[..., _ShardResult] | None = None,
) -> None:
    """Run shards on a process pool; a shard that kills its worker is retried alone once."""
    run: Callable[..., _ShardResult] = fn or _process_shard
    ctx = multiprocessing.get_context("spawn")
    queue = deque(shards)
    solo: deque[_Shard] = deque()  # suspects of a crash: run one at a time
    attempts: dict[int, int] = {}
    skips: dict[int, frozenset[int]] = {}  # salvage runs: articles left out of each shard
    first = True
    while queue or solo:
        pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_pool_worker,
                                   initargs=(opts.worldview,))  # fmt: skip
        if first:
            first = False
            if not _pool_starts(pool):
                _run_serial(list(queue), opts, parts_dir, emit)
                return
        inflight: dict[Future[_ShardResult], _Shard] = {}
        broken = False
        try:
            while (queue or solo or inflight) and not (broken and not inflight):
                while not broken:
                    shard = _next_shard(queue, solo, inflight, attempts, workers)
                    if shard is None:
                        break
                    args = (shard, opts, parts_dir) + (
                        (skips[shard.index],) if shard.index in skips else ()
                    )
                    inflight[pool.submit(run, *args)] = shard
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=lambda f: inflight[f].index):
                    shard = inflight.pop(fut)
                    res, crashed = _shard_outcome(fut, shard, parts_dir, attempts, skips, run)
                    broken = broken or crashed
                    if res is None:
                        solo.append(shard)
                    else:
                        emit(res)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


def _pool_starts(pool: ProcessPoolExecutor) -> bool:
    """Whether the pool's workers start; False (pool shut down, warning logged) if not."""
    try:
        pool.submit(os.getpid).result()
    except BrokenProcessPool as exc:
        pool.shutdown(wait=True)
        log.warning(
            "worker processes could not start (%s); parsing in this process instead "
            "(scripts that start a pool need an `if __name__ == '__main__':` guard)",
            exc,
        )
        return False
    return True


def _next_shard(
    queue: deque[_Shard],
    solo: deque[_Shard],
    inflight: dict[Future[_ShardResult], _Shard],
    attempts: dict[int, int],
    workers: int,
) -> _Shard | None:
    """The next shard to submit, or None while the pool must wait or nothing is left."""
    if any(attempts.get(s.index) for s in inflight.values()):
        return None  # a suspect runs alone, so a second crash is its own
    if solo:
        return None if inflight else solo.popleft()
    if queue and len(inflight) < 2 * workers:
        return queue.popleft()
    return None


def _shard_outcome(
    fut: Future[_ShardResult],
    shard: _Shard,
    parts_dir: str,
    attempts: dict[int, int],
    skips: dict[int, frozenset[int]],
    run: Callable[..., _ShardResult],
) -> tuple[_ShardResult | None, bool]:
    """The result of a finished shard (None: run it again alone) and whether the pool broke."""
    try:
        return fut.result(), False
    except BrokenProcessPool as exc:
        attempts[shard.index] = attempts.get(shard.index, 0) + 1
        if attempts[shard.index] < _MAX_SHARD_ATTEMPTS or _salvage(shard, parts_dir, skips, run):
            return None, True
        return _crashed(shard, f"worker process died: {exc}"), True
    except InputError:
        raise  # the part could not be written (disk full ...): stop the run
    except Exception as exc:
        return _crashed(shard, f"shard failed: {type(exc).__name__}: {exc}"), False


def _salvage(shard: _Shard, parts_dir: str, skips: dict[int, frozenset[int]], fn: Any) -> bool:
    """After a crash of ``shard`` running alone, plan its next (salvage) run; False: give up.

    The first salvage run parses the articles one at a time; each later crash
    leaves out the article the marker names. A shard is given up only when
    the marker names none (the crash was not in parsing) or after
    :data:`_MAX_SALVAGE_SKIPS` articles.
    """
    if "skip" not in inspect.signature(fn).parameters:
        return False
    if shard.index not in skips:
        skips[shard.index] = frozenset()
        return True
    k = _crash_index(parts_dir, shard)
    if k is None or k in skips[shard.index] or len(skips[shard.index]) >= _MAX_SALVAGE_SKIPS:
        return False
    skips[shard.index] = skips[shard.index] | {k}
    return True


#: Articles a shard may lose to worker crashes before the whole shard is given up.
_MAX_SALVAGE_SKIPS = 8


def _run_dask(
    shards: list[_Shard], opts: _Options, scheduler: Any, emit: Callable[[_ShardResult], None]
) -> None:
    """Run shards on a Dask cluster: a ``dask.bag`` of shards, one partition each."""
    try:
        import dask.bag as db
        from distributed import Client, as_completed
    except ImportError:
        msg = "--scheduler needs dask and distributed; pip install 'geomap[dask]'"
        raise InputError(msg) from None
    own = not isinstance(scheduler, Client)
    if own:
        try:
            client = Client(scheduler, timeout="20s", set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, garbage from a non-Dask peer
            msg = f"cannot connect to the Dask scheduler {scheduler!r} ({_one_line(exc)}); start it or fix --scheduler"
            raise InputError(msg) from None
    else:
        client = scheduler
    waiting: dict[str, tuple[Any, _Shard]] = {}
    try:
        try:
            client.run(_init_worker, opts.worldview)  # the gazetteer, once per worker
        except Exception as exc:
            msg = (
                f"the Dask workers cannot load geomap ({type(exc).__name__}: {_one_line(exc)}); "
                "install geomap in the workers' environment"
            )
            raise InputError(msg) from None
        bag = db.from_sequence(shards, npartitions=len(shards))
        parts = bag.map_partitions(_process_partition, opts).to_delayed()
        futures = client.compute(parts)
        waiting = {f.key: (f, s) for f, s in zip(futures, shards, strict=True)}
        for fut in as_completed(futures, loop=client.loop):
            _, shard = waiting.pop(fut.key)
            try:
                results = fut.result()
            except Exception as exc:
                results = [_crashed(shard, f"dask task failed: {type(exc).__name__}: {exc}")]
            fut.release()
            for res in results:
                emit(res)
    finally:
        for fut, _ in waiting.values():
            with contextlib.suppress(Exception):
                fut.cancel()
        if own:
            client.close()


# ------------------------------------------------------------------ summary
@dataclass
class CorpusSummary:
    """What a corpus run did (``str()`` gives the printed summary)."""

    output: Path
    failures_path: Path
    articles: int = 0
    failed: int = 0
    places: int = 0
    mentions: int = 0
    seconds: float = 0.0
    shards: int = 0
    shards_resumed: int = 0
    workers: str = "1"
    failures: list[dict[str, Any]] = field(default_factory=list)
    #: Peak resident memory (MB) of each process that parsed shards, by process id.
    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    #: CPU time the shards parsed in this run took, summed over workers.
    cpu_seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        """Articles per second over the run (resumed shards included)."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        """The summary as the lines ``geomap corpus`` prints."""
        lines = [
            f"{self.articles:,} articles ({self.failed:,} failed), {self.places:,} places, "
            f"{self.mentions:,} mentions in {self.seconds:.1f} s "
            f"({self.articles_per_s:,.0f} articles/s, workers: {self.workers})",
            f"output: {self.output}",
        ]
        if self.shards_resumed:
            lines.append(f"resumed: {self.shards_resumed} of {self.shards} shards already done")
        if self.failures:
            lines.append(f"failures ({self.failed}), listed in {self.failures_path}:")
            lines.extend(f"  {f['article_id']}: {f['error']}" for f in self.failures[:20])
            if self.failed > 20:
                lines.append(f"  ... and {self.failed - 20} more")
        return "\n".join(lines)


# ------------------------------------------------------------------ writing
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


def _auto_shard_size(n: int) -> int:
    return min(200, max(10, math.ceil(n / 32)))


def corpus_to_parquet(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: Any = None,
    shard_size: int | None = None,
    resume: bool = True,
    keep_parts: bool = False,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
    verbose: bool = False,
) -> CorpusSummary:
    """Geoparse a corpus into a GeoParquet file of place mentions (one row per mention).

    Parameters
    ----------
    inputs : path, glob or list of them
        ``.txt``, ``.html`` and ``.jsonl`` files, folders (read recursively)
        or globs; see :func:`articles_from_paths`.
    output : path
        The GeoParquet file to write (atomically). Failures go to
        ``<output stem>.failures.csv`` beside it (header only when none).
    workers : int, optional
        Local worker processes (default: all cores, or this process alone
        for fewer than 300 articles; 1 parses in this process). Ignored with
        ``scheduler``.
    scheduler : str or distributed.Client, optional
        Run on this Dask cluster (``"tcp://host:8786"``) instead; the workers
        must see the input paths. The gazetteer is loaded once per worker.
    shard_size : int, optional
        Articles per shard, the unit of work and of resumption (default:
        between 10 and 200, from the corpus size).
    resume : bool
        Reuse the finished shards of an interrupted run with the same inputs
        and options (default True).
    keep_parts : bool
        Keep ``<output>.parts/`` after success (default: removed, unless a
        shard crashed, so that a rerun only redoes that shard).
    worldview, include_metonyms, min_confidence
        Passed to the geoparser (:func:`geomap.geoparse.places_from_text`).
    verbose : bool
        Show a progress bar on standard error.

    Returns
    -------
    CorpusSummary
        Counts (articles, failed, places, mentions), time, failures.

    Raises
    ------
    InputError
        When no input matched, an input path does not exist, the output is
        not writable or the scheduler cannot be reached. Unreadable articles
        do not raise: they are listed in the summary and the failures file.

    Examples
    --------
    >>> import tempfile, pathlib, geopandas
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "2024-08-06.txt").write_text("Russian troops shelled Vovchansk in Kharkiv Oblast.")
    >>> s = corpus_to_parquet([d], d / "m.parquet", workers=1)
    >>> (s.articles, s.failed, s.mentions)
    (1, 0, 2)
    >>> geopandas.read_parquet(d / "m.parquet")[["name", "date"]].astype(str).values.tolist()
    [['Vovchansk', '2024-08-06'], ['Kharkiv Oblast', '2024-08-06']]
    """
    t0 = time.perf_counter()
    output = Path(output)
    failures_path = output.with_name(output.stem + ".failures.csv")
    outputs = {"-o": output, "failures file": failures_path}
    check_outputs(outputs, stdout=False, regular=("-o",))
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        msg = f"workers must be a positive integer, got {workers!r}; use 1 for serial"
        raise InputError(msg)
    if shard_size is not None and (not isinstance(shard_size, int) or shard_size < 1):
        msg = f"shard_size must be a positive integer, got {shard_size!r}"
        raise InputError(msg)
    if isinstance(scheduler, str | os.PathLike):
        probe_scheduler(os.fspath(scheduler))
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    refs = _refs_from_inputs(list(inputs))
    check_outputs(outputs, inputs=dict.fromkeys(r.abspath for r in refs), stdout=False)
    log.info("%d articles listed in %.1f s", len(refs), time.perf_counter() - t0)
    opts = _Options(worldview, include_metonyms, float(min_confidence))
    shards = _shards_from_refs(refs, shard_size or _auto_shard_size(len(refs)), opts)
    with output_lock(output):
        return _run_corpus(
            refs,
            shards,
            opts,
            output,
            failures_path,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
            keep_parts=keep_parts,
            verbose=verbose,
            t0=t0,
        )


def _open_parts(
    output: Path, shards: list[_Shard], *, resume: bool
) -> tuple[Path, dict[int, dict[str, Any]]]:
    """Create the parts folder beside ``output``; with ``resume``, the info of parts done before."""
    parts_dir = output.with_name(output.name + ".parts")
    try:
        parts_dir.mkdir(exist_ok=True)
    except OSError as exc:
        msg = f"cannot create {str(parts_dir)!r}: {exc.strerror or exc}; choose another -o path"
        raise InputError(msg) from None
    infos: dict[int, dict[str, Any]] = {}
    if resume:
        for shard in shards:
            info = _read_part_info(parts_dir, shard)
            if info is not None:
                infos[shard.index] = info
    return parts_dir, infos


def _close_parts(parts_dir: Path, shards: list[_Shard], *, crashed: int, keep_parts: bool) -> None:
    """Remove the parts folder after a full run, keep it (for a rerun) after crashes.

    With ``keep_parts`` the parts of this run stay and stray files in the folder go.
    """
    if not crashed and not keep_parts:
        shutil.rmtree(parts_dir, ignore_errors=True)
    elif crashed:
        log.warning("%d articles were in crashed shards; %s kept, rerun to retry them",
                    crashed, parts_dir)  # fmt: skip
    else:
        keys = {p.name for s in shards for p in _part_paths(parts_dir, s)}
        for p in parts_dir.iterdir():
            if p.name not in keys:
                with contextlib.suppress(OSError):
                    p.unlink()


def _run_corpus(
    refs: list[_Ref],
    shards: list[_Shard],
    opts: _Options,
    output: Path,
    failures_path: Path,
    *,
    workers: int | None,
    scheduler: Any,
    resume: bool,
    keep_parts: bool,
    verbose: bool,
    t0: float,
) -> CorpusSummary:
    """The locked part of :func:`corpus_to_parquet`: parse the pending shards, write the output."""
    parts_dir, infos = _open_parts(output, shards, resume=resume)
    resumed = len(infos)
    pending = [s for s in shards if s.index not in infos]
    ncpu = os.cpu_count() or 1
    n_workers = min(workers or ncpu, len(pending))
    if workers is None and sum(len(s.refs) for s in pending) < _MIN_PARALLEL_ARTICLES:
        n_workers = 1  # starting worker processes would take longer than the work
    summary = CorpusSummary(output, failures_path, shards=len(shards), shards_resumed=resumed)
    summary.workers = "dask" if scheduler is not None else str(max(n_workers, 1))
    log.info("%d articles in %d shards (%d done before), %s workers",
             len(refs), len(shards), resumed, summary.workers)  # fmt: skip

    crashed: list[dict[str, Any]] = []
    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(refs), unit="article", desc="geoparse", disable=not verbose, file=sys.stderr
    )
    bar.update(sum(i["n_articles"] for i in infos.values()))
    by_index = {s.index: s for s in shards}

    def emit(res: _ShardResult) -> None:
        shard = by_index[res.index]
        if res.frame is None and not res.written:
            crashed.extend(res.failures)
        else:
            if not res.written:
                _write_part(parts_dir, res, shard)
            infos[res.index] = {
                "key": res.key,
                "n_articles": res.n_articles,
                "failures": res.failures,
            }
        if res.pid:
            summary.peak_rss_mb[res.pid] = max(
                summary.peak_rss_mb.get(res.pid, 0.0), res.peak_rss_mb
            )
        summary.cpu_seconds += res.cpu_seconds
        bar.update(res.n_articles)

    try:
        if pending:
            if scheduler is not None:
                _run_dask(pending, opts, scheduler, emit)
            elif n_workers <= 1:
                _run_serial(pending, opts, str(parts_dir), emit)
            else:
                _run_local(pending, opts, n_workers, str(parts_dir), emit)
    finally:
        bar.close()

    t_parse = time.perf_counter()
    log.info("listed and parsed in %.1f s; writing %s", t_parse - t0, output)
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
    _close_parts(parts_dir, shards, crashed=len(crashed), keep_parts=keep_parts)

    log.info("output written in %.1f s", time.perf_counter() - t_parse)
    summary.articles = len(refs)
    summary.failed = len(failures)
    summary.failures = failures
    summary.mentions = n_mentions
    summary.places = n_places
    summary.seconds = time.perf_counter() - t0
    log.info("%s", summary)
    return summary
