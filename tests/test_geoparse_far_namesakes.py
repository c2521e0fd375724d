"""Acceptance rule of issue #13: no settlement far from the story when a namesake is near it.

No resolved settlement (named as a place, not as a government) lies more than 300 km from
every other place its article names while a settlement of the same name lies within 100 km
of them.  Checked over every article of tests/corpus, the seen held-out rounds (r4 to r8) and
the seed article.

Cities of a million people are exempt: "a missile hit Kyiv" in a story about Mykolaiv names
the capital, though a village Kyiv lies in Mykolaiv Oblast.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from geomap import places_from_text
from geomap._translit import normalize
from geomap.gazetteer import get_gazetteer

ROOT = Path(__file__).resolve().parents[1]
#: the rounds already seen (a round not yet scored stays unseen, tests/heldout/README.md)
SEEN_ROUNDS = tuple(f"r{n}_{lang}" for n in range(4, 9) for lang in ("en", "ru_uk"))
FOLDERS = [ROOT / "tests" / "corpus", *(ROOT / "tests" / "heldout" / r for r in SEEN_ROUNDS)]
SEED = ROOT.parent / "shared" / "seed"
ARTICLES = [p for d in [*FOLDERS, SEED] if d.is_dir() for p in sorted(d.glob("*.txt"))]
_SETTLEMENTS = {"city", "town", "village"}
_GEOD = Geod(ellps="WGS84")
FAR_KM, NEAR_KM = 300.0, 100.0
EXEMPT_POPULATION = 1_000_000


def _km(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    n = len(lons)
    return _GEOD.inv(np.full(n, lon), np.full(n, lat), lons, lats)[2] / 1000.0


def _far_with_near_namesake(gdf, *, exempt: int | None = EXEMPT_POPULATION) -> list[str]:
    if len(gdf) < 2:
        return []
    gaz = get_gazetteer()
    kinds, ids = gaz.values["kind"], gaz.values["id"]
    lons, lats = gdf["lon"].to_numpy(float), gdf["lat"].to_numpy(float)
    out = []
    for i, rec in enumerate(gdf.itertuples()):
        if rec.kind not in _SETTLEMENTS or rec.role != "place":
            continue
        if exempt is not None and (rec.population or 0) >= exempt:
            continue
        others = np.arange(len(gdf)) != i
        if _km(lons[i], lats[i], lons[others], lats[others]).min() <= FAR_KM:
            continue
        for j, _, _ in gaz.names.get(normalize(rec.name), ()):
            if kinds[j] not in _SETTLEMENTS or ids[j] == rec.id:
                continue
            lon_j, lat_j = gaz.values["lon"][j], gaz.values["lat"][j]
            if _km(lon_j, lat_j, lons[others], lats[others]).min() < NEAR_KM:
                out.append(f"{rec.name} ({rec.admin1}) while one in {gaz.values['admin1'][j]}")
                break
    return out


def test_articles_are_found():
    assert len(ARTICLES) >= 100, len(ARTICLES)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_far_settlement_with_a_namesake_near_the_story(path):
    gdf = places_from_text(path.read_text(encoding="utf-8"))
    assert _far_with_near_namesake(gdf) == []


def test_the_check_sees_a_far_namesake():
    # the capital named as a place among Mykolaiv cities, with a village Kyiv near them
    gdf = places_from_text("Обстріляли Очаків і Миколаїв. Ракета влучила в Київ.")
    assert set(gdf["name"]) >= {"Ochakiv", "Mykolaiv", "Kyiv"}, gdf["name"].tolist()
    assert _far_with_near_namesake(gdf, exempt=None) == ["Kyiv (Kyiv) while one in Mykolaiv Oblast"]
    assert _far_with_near_namesake(gdf) == []
