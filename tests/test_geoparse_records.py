"""The records path, the one-pass frame, the prebuilt name index and the cold-start import graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from geomap import gazetteer as gz
from geomap._name_index import NameIndex
from geomap.geoparse import (
    PlaceRecords,
    places_from_text,
    places_from_texts,
    places_to_records,
    records_from_text,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
HEAVY = ("geopandas", "shapely", "pyproj", "pandas", "pyarrow", "folium", "matplotlib")
SHORT = (
    "Russian forces shelled Vovchansk and Kupiansk in Kharkiv Oblast overnight. "
    "Drones struck Sumy; Kyiv said it needs more air defence. In the Kursk region "
    "officials reported an attack on Sudzha, 10 km from the border."
)


def _run(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


_HEAVY_LOADED = f"sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))"


def test_import_geomap_loads_no_heavy_module():
    got = _run(
        f"import sys, geomap; geomap.lookup; print(__import__('json').dumps({_HEAVY_LOADED}))"
    )
    assert got == []


def test_records_path_never_imports_geopandas():
    code = (
        "import geomap.geoparse, sys, json\n"
        "recs = geomap.geoparse.records_from_text(sys.argv[1])\n"
        "assert [r['name'] for r in recs][:2] == ['Vovchansk', 'Kupiansk'], recs\n"
        f"print(json.dumps({_HEAVY_LOADED}))"
    )
    assert _run(code, SHORT) == []


def test_cli_places_json_takes_the_records_path(tmp_path):
    article, out = tmp_path / "a.txt", tmp_path / "out.json"
    article.write_text(SHORT, encoding="utf-8")
    code = (
        "import sys, json\n"
        "from geomap.cli import main\n"
        "assert main(['places', sys.argv[1], '--format', 'json', '-o', sys.argv[2]]) == 0\n"
        f"print(json.dumps({_HEAVY_LOADED}))"
    )
    assert _run(code, str(article), str(out)) == []
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["places"] == records_from_text(SHORT)
    assert doc["distances"] == places_from_text(SHORT).attrs["distances"] != []


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"include_metonyms": False},
        {"min_confidence": 0.6},
        {"worldview": "de_facto"},
        {"explain": True},
    ],
)
def test_records_equal_frame_records_on_the_corpus(options):
    assert CORPUS, "tests/corpus holds articles"
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        recs = records_from_text(text, **options)
        gdf = places_from_text(text, **options)
        assert isinstance(recs, PlaceRecords)
        assert recs == places_to_records(gdf), path.name
        assert [list(r) for r in recs] == [list(r) for r in places_to_records(gdf)]
        assert recs.attrs == gdf.attrs, path.name


def test_frame_geometry_crs_and_columns():
    gdf = places_from_text(SHORT)
    gaz = gz.get_gazetteer()
    assert gdf.crs.to_epsg() == 4326 and gdf.geometry.name == "geometry"
    assert str(gdf["population"].dtype) == "Int64"
    kinds = dict(zip(gdf["name"], gdf.geom_type, strict=True))
    assert kinds["Vovchansk"] == "Point" and kinds["Kharkiv Oblast"] in ("Polygon", "MultiPolygon")
    for row in gdf.itertuples():
        idx = gaz.index_of_id[row.id]
        assert row.geometry.equals(gaz.geometry_of(idx)), row.name
        if row.geometry.geom_type == "Point":
            assert row.geometry.equals(shapely.Point(row.lon, row.lat))
    assert gdf.to_crs(3857).crs.to_epsg() == 3857  # a full GeoDataFrame, not a look-alike
    assert len(gdf[gdf["kind"] == "city"]) == sum(k == "city" for k in gdf["kind"])


def test_batch_frame_matches_single_frames():
    texts = [p.read_text(encoding="utf-8") for p in CORPUS[:6]]
    batch = places_from_texts(texts)
    assert batch.crs.to_epsg() == 4326 and list(batch.columns[:2]) == ["doc", "name"]
    for doc, text in enumerate(texts):
        one = places_from_text(text)
        part = batch[batch["doc"] == doc]
        assert part["name"].tolist() == one["name"].tolist()
        assert all(a.equals(b) for a, b in zip(part.geometry, one.geometry, strict=True))


def test_empty_text_gives_empty_frame_and_records():
    assert records_from_text("nothing to see here.") == []
    gdf = places_from_text("nothing to see here.")
    assert len(gdf) == 0 and gdf.crs.to_epsg() == 4326


# ----------------------------------------------------------------- name index
def test_prebuilt_index_equals_the_tables():
    cols_a, names_a, _ = gz._load_tables("de_facto")
    cols_b, names_b, facts = gz._load_prebuilt("de_facto")
    assert isinstance(names_b, NameIndex) and not isinstance(names_a, NameIndex)
    assert list(cols_a) == list(cols_b)
    for c in cols_a:
        a, b = cols_a[c], cols_b[c]
        assert a.dtype == b.dtype, c
        if a.dtype.kind == "f":
            assert np.array_equal(a, b, equal_nan=True), c
        else:
            assert a.tolist() == b.tolist(), c
    assert (cols_b["country"][cols_b["admin1"] == "Sevastopol"] == "RU").all()  # de facto
    assert len(names_a) == len(names_b) > 300_000
    keys = list(names_a)
    assert keys == list(names_b)  # index order: rapidfuzz breaks ties by it
    for key in keys[::7]:
        assert names_b[key] == names_a[key], key
    assert names_b.get("no such place") is None and "no such place" not in names_b
    assert names_b.first_words() == frozenset(k.split(" ", 1)[0] for k in keys if " " in k)
    assert {"756135", "2950159", "2988507"} <= facts["capital_ids"]  # Warsaw, Berlin, Paris


def test_prebuilt_index_with_extra_settlements_matches_the_dict_path():
    from geomap import data

    pl = data._read_table("places")
    extra = pl[pl["name"].isin(["Sumy", "Yunakivka", "Vovchansk"])].copy()
    extra["id"] = [str(9_900_000_000 + j) for j in range(len(extra))]
    cols_a, names_a, _ = gz._load_tables("de_jure")
    cols_b, names_b, _ = gz._load_prebuilt("de_jure")
    cols_a, names_a = gz._add_extra(cols_a, names_a, extra, "de_jure")
    cols_b, names_b = gz._add_extra(cols_b, names_b, extra, "de_jure")
    assert isinstance(names_b, NameIndex) and len(names_a) == len(names_b)
    for key in ("sumy", "суми", "yunakivka", "vovchansk", "вовчанськ"):
        assert names_b[key] == names_a[key], key
        assert any(i >= len(cols_a["id"]) - len(extra) for i, _, _ in names_b[key])
    assert cols_a["id"].tolist() == cols_b["id"].tolist()
    gaz = gz.Gazetteer(cols_b, names_b, worldview="de_jure")
    found = {c.id for c in gaz.lookup("Yunakivka", limit=None)}
    assert found == {c.id for c in gz.lookup("Yunakivka", limit=None)} | set(
        extra.loc[extra["name"] == "Yunakivka", "id"]
    )


def test_frame_columns_are_what_pandas_infers():
    """The one-pass frame skips pandas' inference; its dtypes and values must not change."""
    import pandas as pd

    from geomap.geoparse.api import _parse
    from geomap.geoparse.output import _COLUMNS, _frame

    gaz = gz.get_gazetteer()
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    texts += ["Russia and Poland signed nothing.", "Moscow said no.", "nothing here"]
    for text in texts:
        rows, ents = _parse(text, gaz, lang=None, include_metonyms=True, min_confidence=0.0)
        ref = pd.DataFrame({c: [r[c] for r in rows] for c in _COLUMNS})
        ref["population"] = pd.array([r["population"] for r in rows], dtype="Int64")
        got = pd.DataFrame(_frame(rows, ents, gaz).drop(columns="geometry"))
        pd.testing.assert_frame_equal(got, ref)


def test_entities_frame_from_the_prebuilt_columns_equals_the_table():
    import pandas as pd

    from geomap import data

    gaz = gz.Gazetteer.from_bundled(worldview="de_facto")
    table = pd.read_parquet(data.data_dir() / "gazetteer_entities.parquet")
    pd.testing.assert_frame_equal(gaz.entities, gz._apply_worldview(table, "de_facto"))
