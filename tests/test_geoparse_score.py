"""The declared scorer (geomap.geoparse.score.FEATURES): weights, reasons, confidence."""

from __future__ import annotations

import math

from geomap.geoparse import places_from_text
from geomap.geoparse.score import FEATURES, _Facts


def _facts(**kw) -> _Facts:
    base = dict(
        kind="city", pop=250_000, approx=False, how="canonical", admin1="Sumy Oblast",
        bare=True, big_namesake=False, exact_big=False, area_namesake=False, oblast_named=True,
        oblast_in_sentence=True, d_local=12.0, d_any=12.0, d_any_best=12.0, war_zone=True,
    )  # fmt: skip
    base.update(kw)
    return _Facts(**base)


def test_features_have_unique_names_and_reasons_that_format():
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names))
    f = _facts()
    for feat in FEATURES:
        assert math.isfinite(feat.weight) and feat.weight != 0
        assert feat.reason.format(**f._asdict())


def test_population_bands_are_exclusive():
    bands = [f for f in FEATURES if f.name.startswith("population_")]
    for pop in (0, 999, 1_000, 9_999, 10_000, 50_000, 199_999, 200_000, 3_000_000):
        fired = [f.name for f in bands if f.value(_facts(pop=pop))]
        assert len(fired) == (pop >= 1_000), (pop, fired)


def test_score_is_the_weighted_sum_of_the_features():
    f = _facts(pop=60_000, d_any=120.0, d_any_best=120.0, d_local=None)
    fired = {feat.name: feat.weight for feat in FEATURES if feat.value(f)}
    assert set(fired) == {
        "population_50k", "oblast_named", "oblast_in_sentence",
        "within_200_km_of_a_named_place", "war_zone", "city",
    }  # fmt: skip
    assert math.isclose(sum(fired.values()), 0.25 + 0.25 + 0.2 + 0.07 + 0.05 + 0.03)


def test_every_feature_that_fired_is_in_the_reason():
    g = places_from_text("Drones hit Kharkiv and Sumy overnight.")
    kharkiv = g.loc[g["name"] == "Kharkiv", "reason"].iloc[0]
    # the population prior and the city bonus were silent in the reason before
    assert "population 1," in kharkiv and "(200,000+)" in kharkiv
    assert "a city" in kharkiv and "in the war zone" in kharkiv
    assert g["confidence"].min() >= 0.0 and g["confidence"].max() <= 1.0


def _fired(**kw) -> set[str]:
    f = _facts(**kw)
    return {feat.name for feat in FEATURES if feat.value(f)}


def test_a_namesake_far_from_the_story_loses_to_one_near_it():
    # a town 450 km from every place the article names, while a namesake lies 8 km from one
    assert "far_from_the_story" in _fired(kind="town", pop=30_000, d_any=450.0, d_any_best=8.0)
    # no namesake near the story: distance alone says nothing
    assert "far_from_the_story" not in _fired(kind="town", d_any=450.0, d_any_best=420.0)
    assert "far_from_the_story" not in _fired(kind="town", d_any=90.0, d_any_best=8.0)


def test_a_namesake_away_from_the_story_loses_to_one_among_it():
    # a city 99 km from every place named, while a namesake lies 6 km from one
    assert "away_from_the_story" in _fired(kind="city", pop=230_000, d_any=99.0, d_any_best=6.0)
    assert "away_from_the_story" not in _fired(kind="city", d_any=99.0, d_any_best=30.0)
    assert "away_from_the_story" not in _fired(kind="city", d_any=45.0, d_any_best=6.0)
    assert "away_from_the_story" not in _fired(kind="raion", d_any=99.0, d_any_best=6.0)


def test_a_village_among_the_story_is_no_small_namesake_of_a_big_city():
    small = dict(kind="village", pop=2_000, big_namesake=True, bare=True)
    assert "village_of_a_big_name" in _fired(**small, oblast_named=False, d_any=8.0)
    assert "village_of_a_big_name" in _fired(**small, oblast_named=True, d_any=80.0)
    assert "village_of_a_big_name" not in _fired(**small, oblast_named=True, d_any=8.0)


def test_the_village_in_the_story_beats_the_regional_city_of_its_name():
    text = (
        "Russian forces said they had taken Kamianske, a village south of Zaporizhzhia. "
        "Kamianske lies on the road from Vasylivka to Stepnohirsk in the Zaporizhzhia region."
    )
    row = places_from_text(text).set_index("name").loc["Kamianske"]
    assert row["admin1"] == "Zaporizhzhia Oblast" and row["kind"] == "village"
    assert "Dnipropetrovsk" not in row["admin1"]
