"""The package logger (``logging.getLogger("geomap")``) with a NullHandler."""

from __future__ import annotations

import logging

__all__ = ["get_logger"]

_ROOT = "geomap"
logging.getLogger(_ROOT).addHandler(logging.NullHandler())


def get_logger(name: str | None = None) -> logging.Logger:
    """Return the geomap logger or one of its children.

    >>> get_logger("gazetteer").name
    'geomap.gazetteer'
    """
    return logging.getLogger(_ROOT if not name else f"{_ROOT}.{name}")
