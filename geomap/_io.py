"""Safe output and input helpers shared by the CLI and the API.

Output rules (geomap issue #11), applied by :func:`check_outputs` before any
work and by :func:`atomic_write` / :func:`open_output` when writing:

* A regular file (or a new path) is written to a temporary file beside it,
  named ``.<name>.<pid>.<random>.tmp``, and renamed over it, so a failed or
  killed run never leaves a half-written output. Temporary files of that
  output left by writers that are no longer running are removed first.
* A FIFO or a character device (``/dev/null``, ``/dev/stdout``, a terminal)
  is opened and written in place, never renamed over.
* A symbolic link is followed: its final target is written (atomically when it
  is a regular file or does not exist yet) and the link stays a link.
* A directory, socket, block device or other special file is refused.
* ``-`` means standard output in the CLI (:func:`open_output`).
* An output that is also an input, or two outputs that are the same file
  (same resolved path, or same device and inode: hard links count), is
  refused; character devices are exempt (``-o /dev/null --png /dev/null``).
* A full disk, exhausted quota or read-only file system raises one
  :class:`InputError` line; the previous output is left as it was.
* :func:`output_lock` lets one run at a time write an output (``geomap corpus``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from ._errors import InputError

try:  # POSIX only; without it output_lock does not lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MAX_TEXT_BYTES",
    "atomic_write",
    "check_outputs",
    "check_writable_dir",
    "decode_text",
    "open_output",
    "output_lock",
    "read_article",
    "read_regular_file",
    "read_text_file",
    "regular_file_size",
]

#: Largest article accepted by the readers (bytes).
MAX_TEXT_BYTES = 50 * 1024 * 1024

_STARTED = time.time()

#: Errors of a full or read-only destination, with the end of the message.
_FULL = {
    errno.ENOSPC: "no space left on device; free space or choose another -o path",
    errno.EDQUOT: "disk quota exceeded; free space or choose another -o path",
    errno.EROFS: "read-only file system; choose another -o path",
    errno.EFBIG: "file too large for its file system; choose another -o path",
}

_PathLike = str | os.PathLike[str]


def _write_error(shown: str, exc: OSError) -> InputError:
    """The one-line error for an OSError met while writing ``shown``."""
    why = _FULL.get(exc.errno or 0) or f"{exc.strerror or exc}; choose a writable -o path"
    return InputError(f"cannot write {shown!r}: {why}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    return _kind(mode)


class _Target:
    """An output path, classified: where to write and whether to stream."""

    def __init__(self, path: _PathLike, option: str = "-o") -> None:
        self.shown = os.fspath(path)
        self.path = Path(path)
        self.real = Path(os.path.realpath(self.path))
        self.st: os.stat_result | None = None
        try:
            self.st = os.stat(self.path)  # follows symbolic links
        except FileNotFoundError:
            pass  # a new file (or a dangling link: its target is created)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                msg = f"cannot write {self.shown!r}: it is a symbolic link loop; give a file path for {option}"
            else:
                msg = f"cannot write {self.shown!r}: {exc.strerror or exc}; choose another {option} path"
            raise InputError(msg) from None
        mode = self.st.st_mode if self.st is not None else stat.S_IFREG
        self.stream = stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)
        self.chardev = stat.S_ISCHR(mode)
        if not (self.stream or stat.S_ISREG(mode)):
            msg = f"cannot write {self.shown!r}: it is {_kind(mode)}; give a file name for {option}"
            raise InputError(msg)

    def check(self, option: str = "-o") -> None:
        """Raise :class:`InputError` unless this output can be written."""
        if self.stream:
            if not os.access(self.path, os.W_OK):
                msg = (
                    f"cannot write {self.shown!r}: permission denied; choose another {option} path"
                )
                raise InputError(msg)
            return
        directory = self.real.parent
        shown_dir = str(directory if self.path.is_symlink() else self.path.parent)
        if not directory.is_dir():
            msg = f"cannot write {self.shown!r}: directory {shown_dir!r} does not exist; create it or choose another {option} path"
            raise InputError(msg)
        if not os.access(directory, os.W_OK | os.X_OK):
            msg = f"cannot write {self.shown!r}: directory {shown_dir!r} is not writable; choose another {option} path"
            raise InputError(msg)

    def same_as(self, real: Path, st: os.stat_result | None) -> bool:
        """Whether this output is the file ``real`` (``st`` its stat, if it exists)."""
        if self.real == real:
            return True
        return (
            self.st is not None
            and st is not None
            and (self.st.st_dev, self.st.st_ino) == (st.st_dev, st.st_ino)
        )


def _identity(path: _PathLike) -> tuple[Path, os.stat_result | None]:
    real = Path(os.path.realpath(path))
    try:
        return real, os.stat(path)
    except OSError:
        return real, None


def check_outputs(
    outputs: Mapping[str, _PathLike | None],
    *,
    inputs: Iterable[_PathLike | None] = (),
    stdout: bool | Collection[str] = True,
    regular: Collection[str] = (),
) -> None:
    """Fail before any work when an output cannot or must not be written.

    Parameters
    ----------
    outputs : mapping
        Option name (``"-o"``, ``"--png"``) to path; ``None`` is skipped and
        ``"-"`` is standard output.
    inputs : iterable of paths
        The files the command reads; ``None``, ``"-"`` and missing paths are
        skipped. No output may be one of them.
    stdout : bool or collection of option names
        Which outputs may be ``"-"``.
    regular : collection of option names
        Outputs that must be regular files (not a FIFO or device), such as
        the corpus table, which has companion files beside it.

    Raises
    ------
    InputError
        An output in a missing or read-only directory, a directory or other
        special file, an output that is an input, or two outputs that are one
        file; the message names the path and the fix.
    """
    seen: list[tuple[str, _Target | None]] = []
    for option, path in outputs.items():
        if path is None:
            continue
        if os.fspath(path) == "-":
            if not (stdout is True or (not isinstance(stdout, bool) and option in stdout)):
                msg = f"{option} cannot be '-' (standard output) here; give a file path"
                raise InputError(msg)
            target = None
        else:
            target = _Target(path, option)
            target.check(option)
            if target.stream and option in regular:
                msg = f"{option} {target.shown!r} is a FIFO or device; this output needs a regular file path"
                raise InputError(msg)
        for other, prev in seen:
            if target is None and prev is None:
                msg = (
                    f"{other} and {option} both write to standard output ('-'); send only one there"
                )
                raise InputError(msg)
            if target is None or prev is None or target.chardev:
                continue
            if target.same_as(prev.real, prev.st):
                msg = f"{other} and {option} are the same file {target.shown!r}; give each output its own path"
                raise InputError(msg)
        seen.append((option, target))
    for item in inputs:
        if item is None or os.fspath(item) == "-":
            continue
        real, st = _identity(item)
        if st is None or stat.S_ISDIR(st.st_mode):
            continue
        for option, target in seen:
            if target is not None and not target.chardev and target.same_as(real, st):
                msg = (
                    f"{option} {target.shown!r} is also an input ({os.fspath(item)!r}); "
                    f"writing it would destroy the input; choose another {option} path"
                )
                raise InputError(msg)


def check_writable_dir(path: _PathLike, option: str = "--cache") -> None:
    """Fail early unless folder ``path`` exists and is writable, or can be created."""
    p = Path(path)
    probe = p
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        msg = f"cannot write in {os.fspath(p)!r}: {str(probe)!r} is not a directory; choose another {option} folder"
        raise InputError(msg)
    if not os.access(probe, os.W_OK | os.X_OK):
        msg = f"cannot write in {os.fspath(p)!r}: {str(probe)!r} is not writable; choose another {option} folder"
        raise InputError(msg)


_TMP_TAIL = re.compile(r"(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, run by another user
        return True
    return True


def _clean_stale(directory: Path, name: str) -> None:
    """Remove temporary files of ``name`` left by writers that are gone (kill -9, power cut).

    A temporary file carries its writer's PID; it is stale once that process
    is dead. Names without a PID (older geomap) are stale once older than this run.
    """
    prefix = f".{name}."
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        tail = _TMP_TAIL.fullmatch(entry.name[len(prefix) :])
        if tail is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        pid = tail.group("pid")
        if _alive(int(pid)) if pid else st.st_mtime >= _STARTED:
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


@contextlib.contextmanager
def _reporting(shown: str, *, always: bool = False) -> Iterator[None]:
    """Turn a full-disk (or, with ``always``, any) OSError into one InputError line."""
    try:
        yield
    except OSError as exc:
        if always or exc.errno in _FULL:
            raise _write_error(shown, exc) from None
        raise


@contextlib.contextmanager
def atomic_write(path: _PathLike, mode: str = "w", **kwargs) -> Iterator[IO]:
    """Open ``path`` for writing by the output rules of this module.

    A regular (or new) file is written to a temporary file beside it and
    renamed into place: on any error the temporary file is removed and
    ``path`` is untouched. A FIFO or character device is written in place; a
    symbolic link is followed to its target. A directory or other special
    file, a missing or read-only directory, a full disk or quota raise
    :class:`InputError` with a one-line message.
    """
    target = _Target(path)
    shown = target.shown
    target.check()
    if target.stream:
        with _reporting(shown, always=True):
            fh = open(target.path, mode, **kwargs)  # noqa: SIM115 - closed just below
        with _reporting(shown), fh:
            yield fh
        return
    final = target.real
    _clean_stale(final.parent, final.name)
    with _reporting(shown, always=True):
        fd, tmp = tempfile.mkstemp(
            prefix=f".{final.name}.{os.getpid()}.", suffix=".tmp", dir=final.parent
        )
    done = False
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            done = True
            fh.flush()
            os.fsync(fh.fileno())
        keep = stat.S_IMODE(target.st.st_mode) if target.st is not None else 0o644
        os.chmod(tmp, keep)
        os.replace(tmp, final)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and (done or exc.errno in _FULL):
            raise _write_error(shown, exc) from None
        raise


@contextlib.contextmanager
def open_output(path: _PathLike | None, mode: str = "w", **kwargs) -> Iterator[IO]:
    """Open a command's output: ``None`` or ``"-"`` is standard output, else :func:`atomic_write`."""
    if path is not None and os.fspath(path) != "-":
        with atomic_write(path, mode, **kwargs) as fh:
            yield fh
        return
    stream = sys.stdout.buffer if "b" in mode else sys.stdout
    with _reporting("<stdout>"):
        yield stream
        stream.flush()


@contextlib.contextmanager
def output_lock(path: _PathLike) -> Iterator[Path]:
    """Hold ``<path>.lock`` (``fcntl.flock``, non-blocking) while one run writes ``path``.

    A second run on the same output raises :class:`InputError` at once. The
    lock file is removed on release; the lock dies with its process, so a
    killed run never blocks the next one.
    """
    real = Path(os.path.realpath(path))
    lock = real.with_name(real.name + ".lock")
    if fcntl is None:  # pragma: no cover - Windows
        yield lock
        return
    while True:
        with _reporting(str(lock), always=True):
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            msg = (
                f"another geomap run is writing {os.fspath(path)!r} (it holds {str(lock)!r}); "
                "wait for it to finish or choose another -o path"
            )
            raise InputError(msg) from None
        except OSError as exc:  # e.g. ENOLCK: a file system without locks
            os.close(fd)
            raise _write_error(str(lock), exc) from None
        try:
            current = os.stat(lock)
        except FileNotFoundError:
            current = None
        held = os.fstat(fd)
        if current is not None and (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)  # the holder removed it after we opened it: lock the new file
    try:
        with contextlib.suppress(OSError):
            os.write(fd, f"{os.getpid()}\n".encode())
        yield lock
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def regular_file_size(
    path: str | os.PathLike[str],
    *,
    what: str = "input file",
    give: str = "a file",
    max_bytes: int = MAX_TEXT_BYTES,
    too_big: type[Exception] = InputError,
    cut: str = "split it",
) -> int:
    """Size of ``path``, checked to be an existing regular file of at most ``max_bytes``.

    Each refusal is one line naming the path and what to give instead
    (``give``) or do (``cut``); an oversized file raises ``too_big``.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        msg = f"{what} {str(p)!r} does not exist; check the path"
        raise InputError(msg) from None
    except OSError as exc:
        msg = f"cannot read {what} {str(p)!r}: {exc.strerror or exc}; check the path"
        raise InputError(msg) from None
    if stat.S_ISDIR(st.st_mode):
        msg = f"{what} {str(p)!r} is a directory; give {give}"
        raise InputError(msg)
    if not stat.S_ISREG(st.st_mode):
        msg = f"{what} {str(p)!r} is {_special_kind(st.st_mode)}, not a regular file; give {give}"
        raise InputError(msg)
    if st.st_size > max_bytes:
        msg = f"{what} {str(p)!r} is {st.st_size} bytes, over the {max_bytes}-byte limit; {cut}"
        raise too_big(msg)
    return st.st_size


def read_regular_file(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_TEXT_BYTES, what: str = "input file"
) -> bytes:
    """Read the bytes of a regular file, refusing anything that could hang or explode.

    A missing path, a directory, a FIFO, a socket or a device is refused with
    one :class:`InputError` line (a FIFO would block the reader forever); so is
    a file over ``max_bytes`` (checked before reading and again while reading,
    for files that grow).
    """
    p = Path(path)
    regular_file_size(p, what=what, max_bytes=max_bytes)
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        msg = f"cannot read {what} {str(p)!r}: {exc.strerror or exc}; check its permissions"
        raise InputError(msg) from None
    if len(data) > max_bytes:
        msg = f"{what} {str(p)!r} is over the {max_bytes}-byte limit; split it"
        raise InputError(msg)
    return data


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file, with a clear error for missing, binary or non-UTF-8 input."""
    return decode_text(read_regular_file(path), source=str(path))


#: Byte-order marks, longest first (a UTF-32-LE BOM starts like a UTF-16-LE one).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, told by where the NUL bytes fall, or None.

    Text in UTF-16-LE has NULs only at odd offsets (the high byte of Latin
    letters, digits, spaces and punctuation; at least one character in 20 is
    one of those even in Cyrillic text); UTF-16-BE only at even ones; UTF-32
    has NULs in the two high bytes of every 4. Binary data has NULs anywhere.
    """
    n = len(sample) - len(sample) % 4
    if n >= 8:
        lanes = [sample[i:n:4] for i in range(4)]
        if not (any(lanes[2]) or any(lanes[3])):
            return "utf-32-le"
        if not (any(lanes[0]) or any(lanes[1])):
            return "utf-32-be"
    n = len(sample) - len(sample) % 2
    even, odd = sample[0:n:2], sample[1:n:2]
    if n < 4:
        return None
    if b"\x00" not in even and odd.count(0) * 20 >= len(odd):
        return "utf-16-le"
    if b"\x00" not in odd and even.count(0) * 20 >= len(even):
        return "utf-16-be"
    return None


def _utf8_error_at(data: bytes) -> int:
    """Offset of the first byte that is not UTF-8 (0 when all of it is)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _encoding_name(encoding: str) -> str:
    return encoding.upper().rsplit("-", 1)[0] if encoding.count("-") == 2 else encoding.upper()


def decode_text(data: bytes, *, source: str = "<input>") -> str:
    """Decode bytes as text: UTF-8 (BOM allowed), or UTF-16/UTF-32 with a BOM or detected.

    UTF-16 without a BOM is recognised by its NUL bytes (every other byte, for
    Latin text); anything else with NUL bytes or control characters is
    rejected as binary, and other 8-bit encodings with a hint to re-encode.

    >>> decode_text("Sumy, Харків".encode("utf-16"))
    'Sumy, Харків'
    >>> decode_text("Drones hit Sumy.".encode("utf-16-le"))
    'Drones hit Sumy.'
    """
    binary = f"{source!r} looks binary (contains NUL bytes); give a UTF-8 text file"
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", None))
    body = data[len(bom) :]
    sniffed = False
    if encoding is None and b"\x00" in body[:65536]:
        encoding, sniffed = _wide_encoding(body[:65536]), True
        if encoding is None:
            raise InputError(binary)
    try:
        text = body.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if sniffed:
            raise InputError(binary) from None
        start = exc.start
        if encoding in (None, "utf-8") or b"\x00" not in body:  # a stray BOM-like start
            start = _utf8_error_at(data) if encoding not in (None, "utf-8") else start
            msg = (
                f"{source!r} is not valid UTF-8 (byte {start}); "
                "re-encode it, e.g. iconv -f cp1251 -t utf-8"
            )
        else:
            name = _encoding_name(encoding)
            msg = f"{source!r} is not valid {name} text (byte {start}); re-encode it as UTF-8"
        raise InputError(msg) from None
    if encoding not in (None, "utf-8"):
        head = text[:65536]
        if "\x00" in head or len(_CONTROLS.findall(head)) > len(head) // 100:
            raise InputError(binary)
    return text


def read_article(path: str | os.PathLike[str]) -> str:
    """Read an article from a file path, or from standard input when ``path`` is ``-``.

    A saved web page (an ``.html``/``.htm`` file, or any input that starts as
    an HTML document) is reduced to its article: title, then body, without
    navigation, sidebars or footers (:func:`geomap._html_text.article_from_html`).
    """
    if str(path) != "-":
        text = read_text_file(path)
        html_name = Path(path).suffix.lower() in (".html", ".htm", ".xhtml")
    else:
        stream = getattr(sys.stdin, "buffer", None)
        raw = (
            stream.read(MAX_TEXT_BYTES + 1)
            if stream is not None
            else sys.stdin.read(MAX_TEXT_BYTES + 1).encode("utf-8", "surrogateescape")
        )
        if len(raw) > MAX_TEXT_BYTES:
            msg = f"standard input is over the {MAX_TEXT_BYTES}-byte limit; split the article"
            raise InputError(msg)
        text, html_name = decode_text(raw, source="<stdin>"), False
    from ._html_text import article_from_html, looks_like_html

    if not (html_name or looks_like_html(text)):
        return text
    page = article_from_html(text)
    body = page.text
    if page.title and not body.startswith(page.title):
        body = f"{page.title}\n\n{body}"
    return body
