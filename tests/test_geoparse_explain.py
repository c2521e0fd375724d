"""Tracing (issue #12): every drop and abstention of the geoparser says which stage and rule."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geomap.gazetteer import get_gazetteer
from geomap.geoparse import places_from_text, places_to_records
from geomap.geoparse.api import _common_words_for
from geomap.geoparse.doc import Doc
from geomap.geoparse.pipeline import STAGES

STAGE_NAMES = {s.name for s in STAGES} | {"output"}


def _dropped(text: str, **kw) -> dict[str, dict]:
    g = places_from_text(text, explain=True, **kw)
    return {d["text"]: d for d in g.attrs["dropped"]}


def test_first_name_before_a_surname_is_explained():
    d = _dropped("Vladimir Putin visited Kursk.")
    v = d["Vladimir"]
    assert (v["stage"], v["rule"]) == ("filter", "first_name_before_surname")
    assert "Putin" in v["detail"]
    assert (v["start"], v["end"]) == (0, 8)


def test_cli_explain_shows_each_span_and_its_rule(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Vladimir Putin visited Kursk.", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "geomap", "places", str(f), "--explain"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = out.splitlines()
    assert lines[0].split("\t")[:3] == ["0-8", "Vladimir", "dropped"]
    assert "first_name_before_surname" in lines[0] and "first name before" in lines[0]
    assert lines[1].split("\t")[:3] == ["23-28", "Kursk", "kept"]


def test_explain_does_not_change_the_places():
    text = "Vladimir Putin visited Kursk. Drones hit Tykhe and Sumy overnight."
    plain = places_from_text(text)
    explained = places_from_text(text, explain=True)
    assert places_to_records(plain) == places_to_records(explained)
    assert "dropped" not in plain.attrs


@pytest.mark.parametrize(
    ("text", "span", "stage", "rule"),
    [
        ("Бійці угруповання «Хортиця» відбили атаку.", "Хортиця", "filter", "quoted_name"),
        ("Drones hit Tykhe and Sumy overnight.", "Tykhe", "resolve", "namesake_coin_toss"),
        ("Vladimir V. Putin spoke.", "Vladimir", "filter", "before_initial"),
        ("The river Oskil rose.", "Oskil", "filter", "natural_feature"),
    ],
)
def test_drops_name_their_stage_and_rule(text, span, stage, rule):
    d = _dropped(text)
    assert span in d, d
    assert d[span]["stage"] == stage
    if rule is not None:
        assert d[span]["rule"] == rule


def test_output_options_record_their_drops():
    d = _dropped("Kyiv said no.", include_metonyms=False)
    assert d["Kyiv"]["rule"] == "metonyms_left_out"
    text = "Drones hit Kursk and the Sumy region."
    d = _dropped(text, min_confidence=0.95)  # Sumy Oblast scores 0.9, Kursk 1.0
    assert (d["Sumy region"]["stage"], d["Sumy region"]["rule"]) == (
        "output",
        "below_min_confidence",
    )
    assert "Kursk" not in d


def _corpus_texts():
    from pathlib import Path

    root = Path(__file__).parent / "corpus"
    return [p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))[:25]]


def test_no_candidate_span_is_dropped_silently():
    """Every mention recognised is kept (resolved) or dropped with a trace, on corpus articles."""
    gaz = get_gazetteer()
    n_checked = 0
    for text in _corpus_texts():
        doc = Doc(text, gaz, _common_words_for("en"))
        seen = []
        for stage in STAGES:
            stage.run(doc)
            seen += [m for m in doc.mentions if all(m is not s for s in seen)]
        kept = {id(m) for m in doc.mentions if m.chosen is not None}
        dropped = {id(m) for m in doc.dropped}
        for m in seen:
            assert id(m) in kept or id(m) in dropped, (text[m.start : m.end], m.trace)
        for m in doc.dropped:
            assert m.trace and m.trace[-1][0] in STAGE_NAMES
            assert all(len(t) == 3 and all(t) for t in m.trace)
        n_checked += len(seen)
    assert n_checked > 200
