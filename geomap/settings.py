"""geomap settings: one typed place for every default.

Values come from the defaults below, overridden by environment variables
(named in each field's comment). Change them at run time with
``geomap.settings.settings.<field> = value``.

>>> from geomap.settings import settings
>>> settings.worldview
'de_jure'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["WORLDVIEWS", "Settings", "check_worldview", "settings"]

#: The border conventions geomap knows.
WORLDVIEWS = ("de_jure", "de_facto")


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


@dataclass
class Settings:
    """Run-time settings with documented defaults."""

    #: Where downloads (GeoNames dumps, front-line snapshots) are cached. Env: ``GEOMAP_CACHE``.
    cache_dir: Path = field(default_factory=lambda: _env_path("GEOMAP_CACHE", _default_cache()))
    #: Border convention: ``"de_jure"`` (internationally recognised; Crimea and
    #: Sevastopol in Ukraine) or ``"de_facto"``. Env: ``GEOMAP_WORLDVIEW``.
    worldview: str = field(default_factory=lambda: os.environ.get("GEOMAP_WORLDVIEW", "de_jure"))
    #: Default buffer depths in km when neither the user nor the article gives any.
    default_depths_km: tuple[float, ...] = (10.0, 20.0, 30.0)
    #: Largest buffer depth accepted, km.
    max_depth_km: float = 500.0
    #: Folder with the front-end libraries (Leaflet, ...) fetched at set-up time,
    #: used to make self-contained HTML pages. Env: ``GEOMAP_ASSETS``.
    assets_dir: Path | None = field(
        default_factory=lambda: (
            Path(os.environ["GEOMAP_ASSETS"]) if os.environ.get("GEOMAP_ASSETS") else None
        )
    )
    #: npm registry for ``geomap assets fetch`` (None: npm's own configuration, i.e.
    #: ``NPM_CONFIG_REGISTRY`` or ``~/.npmrc``, else the public registry).
    #: Env: ``GEOMAP_NPM_REGISTRY``.
    npm_registry: str | None = field(
        default_factory=lambda: os.environ.get("GEOMAP_NPM_REGISTRY") or None
    )
    #: Network timeout for fetch commands, seconds.
    http_timeout_s: float = 30.0
    #: A fetched front-line snapshot is cached only if its occupied area is
    #: within this fraction of the neighbouring cached snapshots (the allowed
    #: change grows by as much again per 90 days between their dates).
    frontline_area_tolerance: float = 0.05
    #: A fetched DeepStateMap snapshot with less occupied area than this (km²) is refused.
    frontline_min_area_km2: float = 1000.0
    #: User-Agent sent by fetch commands.
    user_agent: str = "geomap (+https://pypi.org/project/geomap)"


def check_worldview(value: str | None) -> str:
    """``value`` (``None``: ``settings.worldview``) as a known worldview name.

    ``-`` and case are forgiven (``De-Facto``). Anything else raises
    :class:`geomap.DataError` naming the value, and ``GEOMAP_WORLDVIEW`` when
    the value came from there.

    Parameters
    ----------
    value : str or None
        A worldview name as given by a user; None for the configured one.

    Returns
    -------
    str
        ``"de_jure"`` or ``"de_facto"``.

    Examples
    --------
    >>> check_worldview("De-Facto")
    'de_facto'
    >>> check_worldview("bogus")
    Traceback (most recent call last):
    ...
    geomap._errors.DataError: unknown worldview 'bogus'; use de_jure or de_facto
    """
    raw = settings.worldview if value is None else value
    view = str(raw).strip().replace("-", "_").lower()
    if view in WORLDVIEWS:
        return view
    from ._errors import DataError  # here: a valid name (each parsed article) imports nothing

    msg = f"unknown worldview {str(raw)!r}; use de_jure or de_facto"
    if value is None and os.environ.get("GEOMAP_WORLDVIEW") == raw:
        msg += " (fix or unset the GEOMAP_WORLDVIEW environment variable)"
    raise DataError(msg)


#: The process-wide settings instance.
settings = Settings()
