"""Reading a corpus: which files the inputs name, and each article's text, date and source (private).

:func:`articles_from_paths` (re-exported by :mod:`geomap.corpus`) lists the
``.txt``, ``.html`` and ``.jsonl`` articles of files, folders and globs as
:class:`_Ref` (where an article is: read later, by the worker that parses it)
and reads them into :class:`Article`; only regular files are read, an
unreadable article carries its error instead of its text. Dates come from
jsonl fields, the HTML head or the file path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import glob
import json
import math
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import GeomapError, InputError
from ._io import MAX_TEXT_BYTES, _special_kind, decode_text
from ._log import get_logger

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "TEXT_SUFFIXES",
    "Article",
    "_Ref",
    "_article_from_ref",
    "_date_from_name",
    "_date_from_value",
    "_one_line",
    "_refs_from_inputs",
    "articles_from_paths",
]

log = get_logger("corpus")

#: File suffixes read from folders and globs, by format.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_ALL_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *JSONL_SUFFIXES)


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
