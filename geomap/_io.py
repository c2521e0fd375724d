"""Atomic output and safe input helpers shared by the CLI and the API."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ._errors import InputError

__all__ = ["MAX_TEXT_BYTES", "atomic_write", "decode_text", "read_article", "read_text_file"]

#: Largest article accepted by the readers (bytes).
MAX_TEXT_BYTES = 50 * 1024 * 1024


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", **kwargs) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place.

    On any error the temporary file is removed and ``path`` is untouched. An
    unwritable destination raises :class:`InputError` with a one-line message.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        msg = f"cannot write {str(path)!r}: directory {str(directory)!r} does not exist; create it or choose another -o path"
        raise InputError(msg)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        msg = f"cannot write {str(path)!r}: {exc.strerror or exc}; choose a writable -o path"
        raise InputError(msg) from None
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file, with a clear error for missing, binary or non-UTF-8 input."""
    p = Path(path)
    if not p.exists():
        msg = f"input file {str(p)!r} does not exist; check the path"
        raise InputError(msg)
    if p.is_dir():
        msg = f"input {str(p)!r} is a directory; give a text file"
        raise InputError(msg)
    size = p.stat().st_size
    if size > MAX_TEXT_BYTES:
        msg = (
            f"input file {str(p)!r} is {size} bytes, over the {MAX_TEXT_BYTES}-byte limit; split it"
        )
        raise InputError(msg)
    return decode_text(p.read_bytes(), source=str(p))


def decode_text(data: bytes, *, source: str = "<input>") -> str:
    """Decode bytes as UTF-8 text (BOM allowed); reject binary and other encodings."""
    if b"\x00" in data[:65536]:
        msg = f"{source!r} looks binary (contains NUL bytes); give a UTF-8 text file"
        raise InputError(msg)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = (
            f"{source!r} is not valid UTF-8 (byte {exc.start}); "
            "re-encode it, e.g. iconv -f cp1251 -t utf-8"
        )
        raise InputError(msg) from None


def read_article(path: str | os.PathLike[str]) -> str:
    """Read an article from a file path, or from standard input when ``path`` is ``-``."""
    if str(path) != "-":
        return read_text_file(path)
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    raw = (
        stream.read(MAX_TEXT_BYTES + 1)
        if stream is not None
        else sys.stdin.read(MAX_TEXT_BYTES + 1).encode("utf-8", "surrogateescape")
    )
    if len(raw) > MAX_TEXT_BYTES:
        msg = f"standard input is over the {MAX_TEXT_BYTES}-byte limit; split the article"
        raise InputError(msg)
    return decode_text(raw, source="<stdin>")
