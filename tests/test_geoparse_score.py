"""The declared scorer (geomap.geoparse.score.FEATURES): weights, reasons, confidence."""

from __future__ import annotations

import math

from geomap.geoparse import places_from_text
from geomap.geoparse.score import FEATURES, _Facts


def _facts(**kw) -> _Facts:
    base = dict(
        kind="city", pop=250_000, approx=False, how="canonical", admin1="Sumy Oblast",
        bare=True, big_namesake=False, exact_big=False, oblast_named=True,
        oblast_in_sentence=True, d_local=12.0, d_any=12.0, war_zone=True,
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
    f = _facts(pop=60_000, d_any=120.0, d_local=None)
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
