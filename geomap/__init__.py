"""geomap: news about the Russia-Ukraine war, turned into accurate maps.

The entry points are imported lazily, so ``import geomap`` stays cheap.

>>> import geomap
>>> geomap.lookup("Kharkov")[0].name
'Kharkiv'
"""

from __future__ import annotations

import importlib

#: public name -> module that defines it
_ENTRY_POINTS = {
    # data
    "oblasts": "geomap.data",
    "countries": "geomap.data",
    "borders": "geomap.data",
    "settlements": "geomap.data",
    # gazetteer
    "Gazetteer": "geomap.gazetteer",
    "Candidate": "geomap.gazetteer",
    "lookup": "geomap.gazetteer",
    "place_from_name": "geomap.gazetteer",
    # geoparser
    "places_from_text": "geomap.geoparse",
    "distances_from_text": "geomap.geoparse",
    # zones
    "border_sector": "geomap.zones",
    "buffer_zones": "geomap.zones",
    "zone_report": "geomap.zones",
    "places_from_texts": "geomap.geoparse",
    "records_from_text": "geomap.geoparse",
    # zones
    "ZoneReport": "geomap.zones",
    # front line
    "frontline_from_file": "geomap.frontline",
    "frontline_markers_from_file": "geomap.frontline",
    "occupied_area_km2": "geomap.frontline",
    "frontline_diff": "geomap.frontline",
    "occupied_series": "geomap.frontline",
    "frontline_to_lines": "geomap.frontline",
    "frontline_zones": "geomap.frontline",
    "fetch_snapshot": "geomap.frontline",
    "frontline_map": "geomap.frontline_time",
    # the article pipeline (places -> sector -> zones -> report -> front line)
    "analysis_from_text": "geomap.article",
    "ArticleAnalysis": "geomap.article",
    # maps
    "map_article": "geomap.maps",
    "map_to_html": "geomap.maps",
    "map_to_png": "geomap.maps",
    # corpus
    "corpus_to_parquet": "geomap.corpus",
    "articles_from_paths": "geomap.corpus",
    "mentions_from_articles": "geomap.corpus",
    "heatmap_from_mentions": "geomap.heatmap",
    "top_places_from_mentions": "geomap.heatmap",
    # errors
    "GeomapError": "geomap._errors",
    "PlaceNotFoundError": "geomap._errors",
    "InputError": "geomap._errors",
    "ZoneError": "geomap._errors",
    "DataError": "geomap._errors",
    "FetchError": "geomap._errors",
}

__all__ = ["__version__", *_ENTRY_POINTS]


def _version() -> str:
    """The installed distribution's version (read on first use: importlib.metadata is slow)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geomap")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


def __getattr__(name: str):
    if name == "__version__":
        value = globals()["__version__"] = _version()
        return value
    module = _ENTRY_POINTS.get(name)
    if module is None:
        msg = f"module 'geomap' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
