#!/usr/bin/env python3
"""Fetch the front-end files folium pages load from CDNs into ``.cache/assets`` (``make setup``).

The work is done by :mod:`geomap._asset_fetch` (shared with ``geomap assets
fetch`` and the wheel build). The folder is ``$GEOMAP_ASSETS`` or
``<repo>/.cache/assets``; run ``python tools/fetch_assets.py --help``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geomap._asset_fetch import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
