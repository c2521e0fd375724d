"""Checks of the geoparser corpus, its evaluation harness and the article generator."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

import geomap.data

CORPUS = Path(__file__).resolve().parent
BENCH = CORPUS.parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

from _corpus_gen import generate_articles  # noqa: E402
from eval_geoparse import (  # noqa: E402
    KINDS,
    CorpusError,
    evaluate,
    load_corpus,
    normalize_name,
    not_place_violations,
)

_UA_OBLAST_STEMS = [
    "Cherkasy", "Chernihiv", "Chernivtsi", "Dnipropetrovsk", "Donetsk", "Ivano-Frankivsk",
    "Kharkiv", "Kherson", "Khmelnytskyi", "Kirovohrad", "Kyiv", "Luhansk", "Lviv",
    "Mykolaiv", "Odesa", "Poltava", "Rivne", "Sumy", "Ternopil", "Vinnytsia", "Volyn",
    "Zakarpattia", "Zaporizhzhia", "Zhytomyr",
]  # fmt: skip
UA_OBLASTS = {f"{x} Oblast" for x in _UA_OBLAST_STEMS} | {
    "Autonomous Republic of Crimea",
    "Kyiv",
    "Sevastopol",
}


@pytest.fixture(scope="module")
def articles():
    return load_corpus(CORPUS)


def test_every_text_has_gold_and_vice_versa():
    texts = {p.name.removesuffix(".txt") for p in CORPUS.glob("*.txt")}
    golds = {p.name.removesuffix(".gold.json") for p in CORPUS.glob("*.gold.json")}
    assert texts == golds
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+", slug) for slug in texts)


def test_corpus_size_languages_and_length(articles):
    assert len(articles) >= 30
    langs = Counter(a.lang for a in articles)
    assert langs["ru"] >= 6 and langs["uk"] >= 6 and langs["en"] >= 6
    for a in articles:
        words = len(re.findall(r"\w+", a.text))
        assert 150 <= words <= 500, (a.slug, words)
        if a.lang in {"ru", "uk"}:
            assert re.search("[а-яіїєґ]", a.text.lower()), a.slug


def test_gold_places_follow_the_naming_rules(articles):
    oblast_names = set()
    for a in articles:
        for p in a.places:
            assert p["kind"] in KINDS
            if p["kind"] == "oblast":
                oblast_names.add(p["name"])
                assert p["admin1"] is None, (a.slug, p)
                if p["country"] == "UA":
                    assert p["name"] in UA_OBLASTS, (a.slug, p["name"])
                else:
                    assert p["name"].endswith((" Oblast", " Krai")), (a.slug, p["name"])
            if p["kind"] == "raion":
                suffix = " Raion" if p["country"] == "UA" else " District"
                assert p["name"].endswith(suffix), (a.slug, p["name"])
            if p["kind"] == "country":
                assert p["admin1"] is None and not p["metonym"], (a.slug, p)
            assert "'" not in p["name"] and "’" not in p["name"], (a.slug, p["name"])
    city_admin1 = {"Kyiv", "Sevastopol", "Moscow", "Minsk"}
    # every admin1 is a canonical oblast name of the bundled data (Brest Oblast, Rostov Oblast)
    bundled = set(geomap.data.oblasts()["name"])
    for a in articles:
        for p in a.places:
            if p["kind"] not in {"country", "oblast"}:
                assert p["admin1"] in oblast_names | UA_OBLASTS | city_admin1 | bundled, (a.slug, p)


def test_required_hard_cases_are_present(articles):
    gold_names = {p["name"] for a in articles for p in a.places}
    required = [
        "Robotyne", "Klishchiivka", "Novenke", "Loknia", "Tykhe", "Yunakivka", "Krasnopillia",
        "Velyka Pysarivka", "Tetkino", "Glushkovo", "Glushkovsky District", "Sudzha",
        "Shebekino", "Grayvoron", "Kozinka", "Pokrovsk", "Pokrovske", "Mykolaivka",
    ]  # fmt: skip
    for name in required:
        assert name in gold_names, name
    not_places = {s for a in articles for s in a.not_places}
    assert {"Vladimir Putin", "Tyler Durden", "Kirill Budanov", "Vladimir Saldo"} <= not_places
    assert any(p["metonym"] for a in articles for p in a.places)
    # the two Kamianskes of article 29 differ only by admin1
    kam = [p for a in articles if a.slug.startswith("29_") for p in a.places]
    assert {p["admin1"] for p in kam if p["name"] == "Kamianske"} == {
        "Zaporizhzhia Oblast",
        "Dnipropetrovsk Oblast",
    }


def test_geomap_meets_the_accuracy_bar():
    # the bar: overall F1 >= 0.92, recall on oblasts and cities >= 0.95
    scores = evaluate(CORPUS, systems=("geomap",))["systems"]["geomap"]
    assert scores["overall"]["f1"] >= 0.92, scores["overall"]
    recall = scores["recall_by_gold_kind"]
    assert recall["oblast"]["recall"] >= 0.95, recall["oblast"]
    assert recall["city"]["recall"] >= 0.95, recall["city"]


def _copy_corpus(tmp_path, n=2):
    for src in sorted(CORPUS.glob("*.txt"))[:n]:
        shutil.copy(src, tmp_path / src.name)
        gold = src.with_name(src.name.removesuffix(".txt") + ".gold.json")
        shutil.copy(gold, tmp_path / gold.name)
    return sorted(tmp_path.glob("*.gold.json"))


def test_load_corpus_rejects_a_missing_gold_file(tmp_path):
    golds = _copy_corpus(tmp_path)
    golds[0].unlink()
    with pytest.raises(CorpusError, match=r"gold\.json' is missing"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda g: g["places"][0].update(kind="hamlet"), "has kind 'hamlet'"),
        (lambda g: g["places"][0].update(country="Ukraine"), "use ISO2"),
        (lambda g: g.update(lang="de"), "lang 'de'"),
        (lambda g: g["not_places"].append("Nowhere Special"), "does not occur in the text"),
        (lambda g: g["places"].append(dict(g["places"][0])), "listed twice"),
        (lambda g: g.update(distances_km=["ten"]), "distances_km"),
    ],
)
def test_load_corpus_rejects_malformed_gold(tmp_path, edit, message):
    gold_path = _copy_corpus(tmp_path, n=1)[0]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    edit(gold)
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(tmp_path)


def test_normalize_name_folds_spelling_variants():
    assert normalize_name("Kup'yansk") == normalize_name("Kupyansk")
    assert normalize_name("Chasiv Yar") == normalize_name("chasiv-yar")
    assert normalize_name("Tëtkino") == normalize_name("Tetkino")
    assert normalize_name("Kyiv") != normalize_name("Kiev")


def test_not_place_violations_need_the_surface_outside_the_not_place():
    text = "Vladimir Putin met Vladimir Saldo. Drones hit the city of Kerch near the Kerch Strait."
    bad = not_place_violations(
        text, ["Vladimir Putin", "Vladimir Saldo", "Kerch Strait"], ["Vladimir", "Kerch"]
    )
    assert bad == [["Vladimir Putin", "Vladimir"], ["Vladimir Saldo", "Vladimir"]]
    assert not_place_violations("the Oskil river", ["Oskil"], ["Oskil"]) == [["Oskil", "Oskil"]]


def test_evaluate_geotext_baseline_accounts_for_every_gold_place(articles):
    pytest.importorskip("geotext")
    result = evaluate(CORPUS, systems=("geotext",))
    geo = result["systems"]["geotext"]
    assert geo["available"]
    n_gold = sum(len(a.places) for a in articles)
    assert result["n_gold_places"] == n_gold
    assert geo["overall"]["tp"] + geo["overall"]["fn"] == n_gold
    # geotext has no oblasts, raions or Cyrillic names
    assert geo["by_kind"]["oblast"]["tp"] == 0
    assert geo["by_lang"]["ru"]["tp"] == geo["by_lang"]["uk"]["tp"] == 0
    assert geo["by_kind"]["country"]["tp"] > 0
    assert "geomap" not in result["systems"] and "distances" not in result


def test_generate_articles_is_deterministic_and_mixes_languages():
    docs = generate_articles(60, seed=4)
    assert docs == generate_articles(60, seed=4)
    assert docs != generate_articles(60, seed=5)
    assert len(docs) == 60 and all(d.split("\n")[1] == "" for d in docs)
    cyr = [d for d in docs if re.search("[а-я]", d.lower())]
    assert 0 < len(cyr) < 60
    assert all(re.search("[іїєґ]", d.lower()) for d in generate_articles(5, langs=["uk"]))
    assert generate_articles(0) == []
    with pytest.raises(ValueError, match="unknown languages"):
        generate_articles(1, langs=["de"])


def test_corpus_gold_places_carry_positions(articles):
    """Positions let the scorer see a wrong namesake (benchmarks/position_corpus_gold.py)."""
    places = [p for a in articles for p in a.places if p["kind"] != "other"]
    placed = [p for p in places if "lat" in p]
    assert len(placed) >= 0.95 * len(places)
    for p in placed:
        assert p["pos_source"].startswith("gazetteer:") or p["pos_source"] in ("page", "memory")
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, p
