"""Reading zip archives without zip bombs (private): KMZ front-line files and GeoNames dumps.

A zip member's declared size can be checked before decompressing anything,
but it can lie, so the bytes are also counted while they stream out and the
read stops as soon as the cap is passed: a 3 MB KMZ that expands to 3 GB
fails within the first ``max_bytes`` of output, never holding more than one
chunk in memory. Members that expand more than :data:`MAX_RATIO` times
(above :data:`RATIO_FLOOR` bytes) are refused from their declared sizes too:
real KML and GeoNames text compress 4-10 times, not hundreds.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from ._errors import DataError, InputError

__all__ = ["MAX_RATIO", "RATIO_FLOOR", "CappedReader", "check_member", "kml_from_kmz"]

#: Largest expansion (uncompressed / compressed) accepted for a big member.
MAX_RATIO = 100
#: Members smaller than this (bytes, uncompressed) are not ratio-checked.
RATIO_FLOOR = 16 * 1024 * 1024
_CHUNK = 1 << 20


def check_member(
    info: zipfile.ZipInfo, *, label: str, max_bytes: int, error: type[Exception] = DataError
) -> None:
    """Refuse a member whose declared size is over ``max_bytes`` or expands suspiciously.

    >>> info = zipfile.ZipInfo("doc.kml"); info.file_size = 3 << 30; info.compress_size = 3 << 20
    >>> check_member(info, label="'a.kmz'", max_bytes=200 << 20)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geomap._errors.DataError: 'doc.kml' in 'a.kmz' expands to 3221225472 bytes, over the ...
    """
    if info.file_size > max_bytes:
        msg = (
            f"{info.filename!r} in {label} expands to {info.file_size} bytes, over the "
            f"{max_bytes}-byte limit (a zip bomb?); give a smaller archive"
        )
        raise error(msg)
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        msg = (
            f"{info.filename!r} in {label} expands {ratio} times ({info.compress_size} to "
            f"{info.file_size} bytes), more than real data does (a zip bomb?); give another archive"
        )
        raise error(msg)


class CappedReader(io.RawIOBase):
    """A readable stream over a zip member that fails once more than ``max_bytes`` came out."""

    def __init__(
        self, fh, *, name: str, label: str, max_bytes: int, error: type[Exception] = DataError
    ) -> None:
        super().__init__()
        self._fh = fh
        self._name = name
        self._label = label
        self._max = max_bytes
        self._error = error
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self._fh.read(min(len(buffer), _CHUNK))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            msg = f"{self._name!r} in {self._label} is corrupt ({exc}); get the archive again"
            raise self._error(msg) from None
        n = len(data)
        self.count += n
        if self.count > self._max:
            msg = (
                f"{self._name!r} in {self._label} expands past {self._max} bytes, more than it "
                "declares or than the limit (a zip bomb?); give a smaller archive"
            )
            raise self._error(msg)
        buffer[:n] = data
        return n


@contextlib.contextmanager
def kml_from_kmz(path: Path, *, label: str, max_bytes: int) -> Iterator[str]:
    """Extract the main KML of a KMZ to a temporary file (capped) and yield its path."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        msg = f"{label} is not a valid KMZ (zip) file ({' '.join(str(exc).split())[:120]}); re-export it"
        raise DataError(msg) from None
    with zf, tempfile.TemporaryDirectory(prefix="geomap-kmz-") as tmp:
        inner = [i for i in zf.infolist() if i.filename.lower().endswith(".kml") and not i.is_dir()]
        if not inner:
            msg = f"{label} is a zip without a .kml inside; give a KMZ exported from a map tool"
            raise DataError(msg)
        inner.sort(key=lambda i: (i.filename.lower().rsplit("/", 1)[-1] != "doc.kml", i.filename))
        info = inner[0]
        check_member(info, label=label, max_bytes=max_bytes)
        target = Path(tmp) / "doc.kml"
        try:
            with zf.open(info) as raw, target.open("wb") as out:
                capped = CappedReader(raw, name=info.filename, label=label, max_bytes=max_bytes)
                shutil.copyfileobj(capped, out, _CHUNK)
        except DataError:
            raise
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile, ValueError) as exc:
            # encrypted members, unknown compression methods, bad headers
            msg = f"{label} cannot be unpacked ({' '.join(str(exc).split())[:120]}); re-export it"
            raise DataError(msg) from None
        except OSError as exc:
            msg = f"cannot unpack {label} to a temporary folder ({exc.strerror or exc}); free space in {tempfile.gettempdir()!r}"
            raise InputError(msg) from None
        yield str(target)
