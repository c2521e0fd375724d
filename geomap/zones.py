"""Border sectors and buffer zones: exact, explained and quantified.

Answer "what would a security zone along the border with Kursk, Belgorod and
Bryansk look like, and what does it swallow?" in three steps:

1. :func:`border_sector` — the part of an international border that runs
   along chosen oblasts (on either side), or a whole border (``"RU-UA"``,
   ``"BY-UA"``, ``"UA"``), as merged lines with their geodesic length.
2. :func:`buffer_zones` — everything within given depths (km) of the sector
   (or of any line or polygon, e.g. a front line), on one side or both,
   as nested rings (0-10, 0-20, ...) or bands (10-20), clipped to the
   chosen country.
3. :func:`zone_report` — area per zone and per oblast, settlements inside
   with population and distance to the sector, and the places an article
   names with their distance to the border and the zones holding them.

Distances are geodesic. Lines are cut into pieces of at most 100 km and each
piece is buffered, segment by segment, in an azimuthal-equidistant projection
centred on it, with arcs fine enough that the zone edge is within 0.01 % of
the depth of the true geodesic distance (checked in the tests with
:class:`pyproj.Geod` along the whole 2,000 km RU-UA border; the limit is
0.05 %). Areas come from :meth:`pyproj.Geod.geometry_area_perimeter`.

A border segment belongs to the oblast (on each side) whose polygon is
nearest to it, within 2 km. Ukraine's land borders are the ~10 m
OpenStreetMap lines of :func:`geomap.data.borders`; the oblasts along them are
Natural Earth's, fitted to those lines when the data is built (along border
rivers the line follows the Ukrainian bank, a few hundred metres from the
polygons at most).

This module is the public API; the work is done in private modules, one per
concept: ``_zones_border`` (the oblast on each side of every border segment,
:func:`border_oblasts`), ``_zones_sector`` (what an ``along`` request means:
:func:`border_sector`, :func:`sector_outside`, :func:`along_from_places`),
``_zones_buffer`` (:func:`parse_depths`, :func:`buffer_zones`),
``_zones_distance`` (:func:`distances_from_sector`, places to the border) and
``_zones_report`` (:class:`ZoneReport`, :func:`zone_report`).

>>> from geomap.zones import border_sector, buffer_zones
>>> sector = border_sector("Kursk Oblast, Belgorod Oblast, Bryansk Oblast")
>>> round(float(sector["length_km"].sum()))
1238
>>> zones = buffer_zones(sector, [10, 20], side="UA")
>>> zones[["depth_km", "inner_km", "side"]].values.tolist()
[[10.0, 0.0, 'UA'], [20.0, 0.0, 'UA']]
"""

from __future__ import annotations

from ._log import get_logger
from ._zones_border import WAR_COUNTRIES, border_oblasts
from ._zones_buffer import buffer_zones, parse_depths
from ._zones_distance import distances_from_sector
from ._zones_report import ZoneReport, zone_report
from ._zones_sector import along_from_places, border_sector, sector_outside

__all__ = [
    "WAR_COUNTRIES",
    "ZoneReport",
    "along_from_places",
    "border_oblasts",
    "border_sector",
    "buffer_zones",
    "distances_from_sector",
    "parse_depths",
    "sector_outside",
    "zone_report",
]

log = get_logger("zones")
