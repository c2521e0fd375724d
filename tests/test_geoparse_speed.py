"""The per-article fast paths give what the plain code gives (issue #16).

Each shortcut taken for speed is checked against the plain computation it
replaces, on the corpus articles and on generated ones.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from geomap.geoparse import stated

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))


def _generated(n: int, seed: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from _corpus_gen import generate_articles
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return generate_articles(n, seed=seed)


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in CORPUS] + _generated(300, 5)


def test_unit_regex_first_letter_class_is_every_k():
    """The unit regex's first-letter class holds every code point "(?i)k|к" matches, no other."""
    plain = re.compile("k|к", re.IGNORECASE)
    first = re.compile(stated._UNIT_RE.pattern.split("(?:", 1)[0])
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert [m.start() for m in first.finditer(every)] == [m.start() for m in plain.finditer(every)]


def test_unit_regex_finds_what_the_plain_regex_finds():
    plain = re.compile(r"km|kilomet|км|кілометр|километр", re.IGNORECASE)
    texts = [
        *_texts(),
        "10 KM, 5 Km, 3 \u212am, 7 kilometres, 2 KILOMETERS, 4 км, 6 КМ, 8 Кілометрів, 9 КИЛОМЕТРОВ",
        "kkm ккм kilomkm кіломкм kilometkilomet",
    ]
    for text in texts:
        got = [m.span() for m in stated._UNIT_RE.finditer(text)]
        assert got == [m.span() for m in plain.finditer(text)]
    assert stated.distances_from_text("a 3 \u212am belt, 4 КМ deep")[0]["km"] == 3.0


def test_frame_geometries_from_the_cache_equal_the_points(monkeypatch):
    """Small frames take the gazetteer's cached geometries; big ones one shapely.points call."""
    import shapely

    from geomap.gazetteer import get_gazetteer
    from geomap.geoparse import output
    from geomap.geoparse.api import _parse

    gaz = get_gazetteer()
    for text in [p.read_text(encoding="utf-8") for p in CORPUS[:8]]:
        rows, ents = _parse(text, gaz, lang=None, include_metonyms=True, min_confidence=0.0)
        monkeypatch.setattr(output, "_FEW_ROWS", 10_000)  # the gazetteer's cache
        got = output._frame(rows, ents, gaz)
        monkeypatch.setattr(output, "_FEW_ROWS", -1)  # one shapely.points call
        ref = output._frame(rows, ents, gaz)
        assert got.crs == ref.crs and got.geometry.name == ref.geometry.name == "geometry"
        assert shapely.to_wkb(got.geometry.values).tolist() == (
            shapely.to_wkb(ref.geometry.values).tolist()
        )
        assert got.drop(columns="geometry").equals(ref.drop(columns="geometry"))
