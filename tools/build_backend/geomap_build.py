"""geomap's PEP 517 build backend: setuptools, plus the front-end assets in the wheel.

``build_wheel`` first fetches the files folium pages load from CDNs (Leaflet
and the plugins geomap uses) from the npm registry, each tarball checked
against the registry's ``dist.integrity``, into ``geomap/_static/assets``
(git-ignored, pruned from the sdist by ``MANIFEST.in``), so that pages made
by an installed wheel open offline. Everything else is
``setuptools.build_meta``. Editable installs use ``<repo>/.cache/assets``
(``make setup``) and fetch nothing.

The registry is ``GEOMAP_NPM_REGISTRY``, else npm's own setting
(``NPM_CONFIG_REGISTRY``, ``~/.npmrc``), else the public registry. The
environment variable ``GEOMAP_BUILD_ASSETS`` (or the config setting
``assets``) chooses what a failed fetch does: ``try`` (default: warn and build
a wheel without assets, whose pages then say how to fetch them), ``require``
(fail the build) or ``skip`` (do not fetch).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import build_meta as _orig
from setuptools.build_meta import *  # noqa: F403  (the other PEP 517 hooks, unchanged)

__all__ = [  # noqa: F405
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]

#: Folder, relative to the project root, that the wheel carries the assets in.
ASSETS = Path("geomap") / "_static" / "assets"
_MODES = ("try", "require", "skip")


def _mode(config_settings: dict | None) -> str:
    mode = (config_settings or {}).get("assets") or os.environ.get("GEOMAP_BUILD_ASSETS") or "try"
    if mode not in _MODES:
        msg = f"GEOMAP_BUILD_ASSETS={mode!r} is not one of {', '.join(_MODES)}"
        raise ValueError(msg)
    return mode


def get_requires_for_build_wheel(config_settings=None):
    """setuptools' requirements, plus folium (its pages name the files to fetch)."""
    extra = [] if _mode(config_settings) == "skip" else ["folium>=0.17"]
    return [*_orig.get_requires_for_build_wheel(config_settings), *extra]


def _fetch_assets(mode: str) -> None:
    root = Path.cwd()
    sys.path.insert(0, str(root))
    try:
        from geomap._asset_fetch import update

        code = update(root / ASSETS, quiet=False, prog="geomap build")
    except Exception as exc:  # reported; fatal only when required
        code = 1
        print(f"geomap build: cannot fetch the front-end assets: {exc}", file=sys.stderr)
    finally:
        sys.path.remove(str(root))
    if code and mode == "require":
        msg = "front-end assets could not be fetched (GEOMAP_BUILD_ASSETS=require)"
        raise RuntimeError(msg)
    if code:
        print(
            "geomap build: WARNING: the wheel's pages will need internet until "
            "`geomap assets fetch` is run once",
            file=sys.stderr,
        )


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """Fetch the assets into ``geomap/_static/assets``, then build the wheel with setuptools."""
    mode = _mode(config_settings)
    if mode != "skip":
        _fetch_assets(mode)
    return _orig.build_wheel(wheel_directory, config_settings, metadata_directory)
