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

__all__ = ["Settings", "settings"]


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
    #: User-Agent sent by fetch commands.
    user_agent: str = "geomap (+https://pypi.org/project/geomap)"


#: The process-wide settings instance.
settings = Settings()
