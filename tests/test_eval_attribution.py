"""`make eval` names the cause of every miss and false hit (benchmarks/_attribution.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _attribution import features_of_reason, format_error, format_summary, summarise  # noqa: E402
from eval_heldout import main, score_article  # noqa: E402

from geomap import places_from_text  # noqa: E402

PUTIN = "Vladimir Putin visited Kursk on Monday, and drones hit Sumy."
DANUBE = (
    "Romanian authorities said debris fell near Victoria and Izmail, across the Danube "
    "from Odesa Oblast. An IAR 330 Puma helicopter flew over the river."
)


def _place(name, kind, country, lat, lon, *written):
    return {"name": name, "kind": kind, "country": country, "admin1": None, "lat": lat,
            "lon": lon, "metonym": False, "as_written": list(written) or [name]}  # fmt: skip


def _attributed(text: str, gold: dict) -> list[dict]:
    from _attribution import attribute_article

    places = places_from_text(text, explain=True)
    score = score_article(gold, places, article="a.txt")
    attribute_article(text, gold, places, score.errors)
    return score.errors


def test_a_city_read_as_a_first_name_is_a_miss_of_the_filter_rule():
    gold = {"places": [_place("Vladimir", "city", "RU", 56.13, 40.41),
                       _place("Kursk", "city", "RU", 51.73, 36.19),
                       _place("Sumy", "city", "UA", 50.91, 34.80)], "not_places": []}  # fmt: skip
    errors = _attributed(PUTIN, gold)
    assert [(e["error"], e["gold"]) for e in errors] == [("miss", "Vladimir")]
    e = errors[0]
    assert (e["stage"], e["rule"], e["cause"]) == ("filter", "first_name_before_surname", "dropped")
    assert e["surface"] == "Vladimir" and "Putin" in e["detail"]
    line = format_error(e)
    assert "filter / first_name_before_surname" in line and "Vladimir" in line


def test_a_far_namesake_names_what_was_chosen_and_why():
    gold = {"places": [_place("Victoria", "village", "RO", 45.20, 28.90),
                       _place("Izmail", "city", "UA", 45.35, 28.84),
                       _place("Odesa Oblast", "oblast", "UA", 46.48, 30.73)],
            "not_places": ["IAR 330 Puma"]}  # fmt: skip
    errors = {(e["error"], e["class"], e.get("gold") or e["predicted"]): e
              for e in _attributed(DANUBE, gold)}  # fmt: skip
    miss = errors["miss", "settlement", "Victoria"]
    # the data has no Victoria by the Danube: the namesake is the data's fault
    assert (miss["stage"], miss["rule"]) == ("resolve", "namesake_only_in_data")
    assert miss["cause"] == "wrong_namesake"
    assert miss["chosen"].startswith("Victoria (city") and miss["km"] > 1000
    assert miss["right_candidate"] == []
    assert miss["features"] and all(isinstance(f, str) for f in miss["features"])
    hit = next(e for k, e in errors.items() if k[0] == "false hit" and "Victoria" in k[2])
    assert hit["rule"] == "namesake_only_in_data" and hit["gold"] == "Victoria"
    puma = next(e for k, e in errors.items() if k[0] == "false hit" and "Puma" in k[2])
    assert puma["rule"] == "not_place" and puma["gold"] == "IAR 330 Puma"
    assert "population_10k" in puma["features"]


def test_a_namesake_with_the_right_place_in_the_data_is_the_resolvers_fault():
    gold = {"places": [_place("Kamianske", "village", "UA", 47.46, 35.31)], "not_places": []}
    errors = _attributed("Drones hit Kamianske overnight, the mayor said.", gold)
    miss = next(e for e in errors if e["error"] == "miss")
    assert miss["rule"] == "wrong_namesake" and miss["km"] > 100
    assert miss["chosen"].startswith("Kamianske (city, Dnipropetrovsk Oblast")
    assert miss["right_candidate"][0].startswith("Kamianske (village, Zaporizhzhia Oblast")
    assert "population_200k" in miss["features"]
    assert "right candidate in gazetteer: Kamianske (village" in format_error(miss)


def test_a_place_a_little_off_its_gold_position_is_position_off():
    gold = {"places": [_place("Vovchansk", "town", "UA", 50.51, 36.94),
                       _place("Kharkiv Oblast", "oblast", "UA", 49.99, 36.23)], "not_places": []}  # fmt: skip
    errors = _attributed("Russian troops shelled Vovchansk in Kharkiv Oblast.", gold)
    rules = {(e["error"], e["rule"]) for e in errors}
    assert rules == {("miss", "position_off"), ("false hit", "position_off")}
    assert all(15 < e["km"] < 45 for e in errors)


def test_features_are_read_back_from_a_real_reason():
    row = places_from_text("Drones struck Vovchansk in Kharkiv Oblast.").iloc[0]
    names = [f for f, _ in features_of_reason(row.reason, row.kind)]
    assert "oblast_named" in names and "raion_oblast_named" not in names
    weights = [w for _, w in features_of_reason(row.reason, row.kind)]
    assert weights == sorted(weights, reverse=True)


def test_summary_counts_by_stage_rule_and_class():
    errors = [
        {"error": "miss", "class": "settlement", "stage": "filter", "rule": "common_word"},
        {"error": "miss", "class": "raion", "stage": "filter", "rule": "common_word"},
        {"error": "false hit", "class": "country", "stage": "resolve", "rule": "not_in_gold",
         "features": []},
    ]  # fmt: skip
    s = summarise(errors)
    row = next(r for r in s["rules"] if r["rule"] == "common_word")
    assert row["n"] == 2 and row["by_class"] == {"settlement": 1, "raion": 1}
    text = format_summary(s)
    assert "filter / common_word" in text and "resolve / not_in_gold" in text


def test_the_cli_prints_the_attribution_as_json(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(PUTIN, encoding="utf-8")
    gold = {"lang": "en", "places": [_place("Vladimir", "city", "RU", 56.13, 40.41),
                                     _place("Sumy", "city", "UA", 50.91, 34.80)],
            "not_places": []}  # fmt: skip
    (tmp_path / "a.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main([str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    errs = out["attribution"]["errors"]
    assert {(e["error"], e.get("rule")) for e in errs} >= {("miss", "first_name_before_surname")}
    assert any(
        r["rule"] == "first_name_before_surname" for r in out["attribution"]["summary"]["rules"]
    )
    assert out["all"]["all"]["n"] == 2
    assert main([str(tmp_path), "--errors"]) == 0
    text = capsys.readouterr().out
    assert "errors by cause" in text and "filter / first_name_before_surname" in text


def test_eval_geoparse_attributes_its_errors_by_name():
    from eval_geoparse import Article, _attribute_geomap

    gold_places = (
        _place("Vladimir", "city", "RU", 56.13, 40.41),
        _place("Sumy", "city", "UA", 50.91, 34.80),
    )
    art = Article("a", PUTIN, "en", gold_places, (), ())
    result = {"systems": {"geomap": {"available": True, "articles": {"a": {
        "false_positives": ["Kursk (settlement)"], "false_negatives": ["Vladimir (city)"]}}}}}  # fmt: skip
    _attribute_geomap(result, [art])
    errs = result["systems"]["geomap"]["articles"]["a"]["attribution"]
    miss = next(e for e in errs if e["error"] == "miss")
    assert (miss["stage"], miss["rule"]) == ("filter", "first_name_before_surname")
    hit = next(e for e in errs if e["error"] == "false hit")
    assert hit["rule"] == "not_in_gold" and "population_200k" in hit["features"]
    assert result["systems"]["geomap"]["attribution"]["rules"]
