"""Narrow exceptions raised by geomap.

Every error carries a one-line message that names the problem and the fix;
the CLI prints it and exits with status 2.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "FetchError",
    "GeomapError",
    "InputError",
    "PlaceNotFoundError",
    "ZoneError",
]


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""


class PlaceNotFoundError(GeomapError, LookupError):
    """A place name matched nothing in the gazetteer.

    ``suggestions`` holds the closest known names, best first.
    """

    def __init__(self, msg: str, *, query: str = "", suggestions: list[str] | None = None):
        super().__init__(msg)
        self.query = query
        self.suggestions = list(suggestions or [])


class InputError(GeomapError, ValueError):
    """Input that cannot be used as given (empty, binary, too large, malformed)."""


class ZoneError(GeomapError, ValueError):
    """A buffer-zone request that cannot be met (bad depth, empty sector, ...)."""


class DataError(GeomapError, ValueError):
    """A data file that is corrupt, empty, of the wrong schema or CRS."""


class FetchError(GeomapError, OSError):
    """A download that failed (offline, bad status, bad checksum)."""
