"""Geoparser behaviour on real data: the sample article, each disambiguation rule, fuzzing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap import InputError, places_from_text
from geomap.geoparse import distances_from_text, places_from_texts

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (resources.files("geomap") / "_data" / "sample_article.txt").read_text(encoding="utf-8")
SEED = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))


def names(gdf, kind=None):
    if kind is None:
        return set(gdf["name"])
    return {n for n, k in zip(gdf["name"], gdf["kind"], strict=True) if k == kind}


def row(gdf, name, kind=None):
    sub = gdf[(gdf["name"] == name) & ((gdf["kind"] == kind) if kind else True)]
    assert len(sub) == 1, f"{name!r} ({kind}) not found once in {sorted(gdf['name'])}"
    return sub.iloc[0]


# ------------------------------------------------------------- the sample article
@pytest.fixture(scope="module")
def sample():
    return places_from_text(SAMPLE)


def test_sample_article_places(sample):
    assert {"Kursk Oblast", "Belgorod Oblast", "Bryansk Oblast"} <= names(sample, "oblast")
    assert {"Kharkiv Oblast", "Sumy Oblast", "Chernihiv Oblast"} <= names(sample, "oblast")
    assert "Sumy" in names(sample, "city")
    raion = row(sample, "Glushkovsky District", "raion")
    assert raion["admin1"] == "Kursk Oblast"
    assert "Moscow" in names(sample, "city")
    assert {"Russia", "Ukraine"} <= names(sample, "country")


def test_sample_article_no_false_hits(sample):
    got = names(sample)
    # the only city senses are Sumy (named as a city), Moscow, and Kyiv and Washington (metonyms:
    # "Kiev and European capitals worried ... now that Washington may ease the pressure")
    assert names(sample, "city") == {"Sumy", "Moscow", "Kyiv", "Washington"}
    for bad in ("Vladimir", "Tyler", "Pavel", "Zolotarev", "Durden", "Putin"):
        assert not any(bad in n for n in got), (bad, got)
    # Kharkov only appears in "parts of Kharkov, Sumy and Chernigov": the oblast, not the city
    assert "Kharkiv" not in names(sample, "city")


def test_sample_article_geometry_and_evidence(sample):
    assert sample.crs.to_epsg() == 4326
    sumy_oblast = row(sample, "Sumy Oblast", "oblast")
    assert sumy_oblast.geometry.geom_type in ("Polygon", "MultiPolygon")
    sumy = row(sample, "Sumy", "city")
    assert sumy.geometry.geom_type == "Point"
    assert sumy["geonameid"] == 692194
    m = sumy["mentions"][0]
    assert SAMPLE[m["start"] : m["end"]] == m["text"]
    assert m["text"] in m["sentence"] and m["sentence"] in SAMPLE
    assert 0 < sumy["confidence"] <= 1


@pytest.mark.skipif(not SEED, reason="shared/seed is absent")
def test_seed_article():
    gdf = places_from_text(SEED[0].read_text(encoding="utf-8"))
    assert {
        "Kursk Oblast",
        "Belgorod Oblast",
        "Bryansk Oblast",
        "Kharkiv Oblast",
        "Sumy Oblast",
        "Chernihiv Oblast",
    } <= names(gdf, "oblast")
    assert "Sumy" in names(gdf, "city") and "Moscow" in names(gdf, "city")
    assert "Glushkovsky District" in names(gdf, "raion")
    assert not any(n.startswith(("Vladimir", "Tyler")) for n in names(gdf))


# ------------------------------------------------------------- recognition
@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Shelling continued near Velyka Pysarivka on Tuesday.", "Velyka Pysarivka", "town"),
        ("Russian troops advanced towards Chasiv Yar.", "Chasiv Yar", "city"),
        ("Kharkiv's mayor said power was restored.", "Kharkiv", "city"),
        ("Войска вошли в Курскую область в августе.", "Kursk Oblast", "oblast"),
        ("Ситуація в Курській області залишається складною.", "Kursk Oblast", "oblast"),
        ("Обстріли тривають у Сумах щодня.", "Sumy", "city"),
        ("Ракеты ударили по Сумам.", "Sumy", "city"),
        ("Бої тривають поблизу Юнаківки, Локні та Новенького на Сумщині.", "Novenke", "village"),
        ("Штурми поблизу Малих Щербаків на Запоріжжі.", "Mali Shcherbaky", "village"),
        (
            "Війська залишили більшу частину Суджанського району Курщини.",
            "Sudzhansky District",
            "raion",
        ),
        ("Бои идут под Покровском и Мирноградом.", "Pokrovsk", "city"),
        ("Дроны сбиты над Брянской, Курской и Белгородской областями.", "Kursk Oblast", "oblast"),
        ("Удар по селам Грайворонского округа.", "Grayvoronsky District", "raion"),
        ("На Харківщині оголошено евакуацію.", "Kharkiv Oblast", "oblast"),
        ("Удар по Харькову нанесли ночью.", "Kharkiv", "city"),
        ("Бої точаться під Покровськом.", "Pokrovsk", "city"),
        ("Residents fled the Glushkovsky district.", "Glushkovsky District", "raion"),
        ("Fighting near Artemovsk went on for months.", "Bakhmut", "city"),
        ("A drone hit a plant in Dnepropetrovsk.", "Dnipro", "city"),
        ("Shells fell on Glukhov overnight.", "Hlukhiv", "city"),
    ],
)
def test_recognises_forms(text, name, kind):
    gdf = places_from_text(text)
    assert name in names(gdf, kind), (text, list(zip(gdf["name"], gdf["kind"], strict=True)))


def test_bare_big_city_beats_village_namesake():
    gdf = places_from_text(
        "Russian villages of Novoolenivka and Yablunivka in Donetsk region fell; drones hit Zaporizhzhia."
    )
    assert row(gdf, "Zaporizhzhia")["kind"] == "city"
    assert row(gdf, "Yablunivka")["admin1"] == "Donetsk Oblast"


def test_multiword_beats_parts():
    gdf = places_from_text("The village of Velyka Pysarivka came under fire.")
    assert names(gdf) == {"Velyka Pysarivka"}


# ------------------------------------------------------------- people and non-places
@pytest.mark.parametrize(
    "text",
    [
        "Vladimir Putin met officials on Tuesday.",
        "Vladimir V. Putin spoke to reporters.",
        "The column was signed Tyler Durden.",
        "President Zelensky visited the troops.",
        "Governor Vyacheslav Gladkov gave no figures.",
    ],
)
def test_people_are_not_places(text):
    assert len(places_from_text(text)) == 0, text


def test_a_place_is_no_evidence_for_itself():
    # a bare district adjective needs its oblast or a neighbour named by something else
    assert names(places_from_text("Fighting went on near Sudzhansky yesterday.")) == set()
    assert "Sudzhansky District" in names(
        places_from_text("Fighting went on near Sudzhansky yesterday, Kursk Oblast officials said.")
    )
    g = places_from_text("Drones hit Vovchansk overnight.")
    assert "named in the article" not in g["reason"].iloc[0]


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # a village the gazetteer lacks is not swapped for a namesake far away
        (
            "Footage was geolocated near Sudzha in Kursk Oblast and near the village of Martynovka.",
            "Martynivka",
            "Sudzha",
        ),
        ("Dnepropetrovsk, named after a Bolshevik leader, became Dnipro.", "Nekrasove", "Dnipro"),
        ("Tor short-range systems are deployed near Kramatorsk.", "Sloviansk", "Kramatorsk"),
        ("Севернее, под Северском, идут бои.", "Sieverne", "Siversk"),
        # the big city by its own name, not a smaller place someone spelt so
        (
            "Reports mix spellings: Kharkiv, Kyiv, Mykolaiv and Zaporizhzhia.",
            "Mykolaivka",
            "Mykolaiv",
        ),
    ],
)
def test_namesakes_weapons_articles_and_adverbs(text, absent, present):
    found = names(places_from_text(text))
    assert absent not in found and present in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person's name after the place
        ("Глава Крыма Сергей Аксёнов написал о дронах.", {"Autonomous Republic of Crimea"}),
        ("В Киеве считают Крым оккупированным.", {"Kyiv", "Autonomous Republic of Crimea"}),
        # край, a fleeting vowel, a hyphenated name inflected in both parts
        ("Дроны атаковали объекты в Краснодарском крае.", {"Krasnodar Krai"}),
        ("Удары по Марганцу и Никополю продолжаются.", {"Marhanets", "Nikopol"}),
        ("Обстріл з боку окупованої Кам’янки-Дніпровської.", {"Kamianka-Dniprovska"}),
        # adjectives in a list before a plural district word
        (
            "Заборона діє на півночі Камінь-Каширського та Ковельського районів.",
            {"Kamin-Kashyrskyi Raion", "Kovel Raion"},
        ),
        # a front "direction" is an axis, not its town, capitalised or not (issue #13)
        ("На ореховском направлении отражены атаки.", set()),
        ("Бої тривають на Покровському та Куп’янському напрямках.", set()),
        ("Угруповання на Гомельському та Мозирському тактичних напрямках.", set()),
        ("Ситуація на Запорізькому напрямку складна, бої під Оріховом.", {"Orikhiv"}),
    ],
)
def test_cyrillic_forms_lists_and_directions(text, expected):
    found = names(places_from_text(text))
    assert found == expected, found


def test_governors_district_lists_and_unit_names():
    assert names(places_from_text("Voronezh governor Alexander Gusev wrote on Telegram.")) == {
        "Voronezh Oblast"
    }
    g = places_from_text("Drones were downed over the Millerovsky and Kamensky districts.")
    assert {"Millerovsky District", "Kamensky District"} <= names(g)
    assert "Dnipro" not in names(
        places_from_text("Подразделения группировки «Днепр» отразили контратаки у Малой Токмачки.")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В Грайвороне FPV-дрон атаковал легковой автомобиль.", {"Grayvoron"}),
        ("Voloshyn speaks for the Khortytsia group of forces near Vovchansk.", {"Vovchansk"}),
        (
            "They sheltered in the Kursk region and were driven on to Kursk.",
            {"Kursk Oblast", "Kursk"},
        ),
        # a plant named after its town names the plant, not the town (issue #13: the
        # held-out brief's "other"); "in Zmiiv" would be the town
        ("The Zmiiv thermal plant had been knocked out.", set()),
    ],
)
def test_acronyms_unit_names_destinations_and_plants(text, expected):
    assert names(places_from_text(text)) == expected


def test_surnames_and_possessives():
    # the surname is a person's in the headline too, before the full name appears
    g = places_from_text(
        "Syrskyi says half the fighting is near Pokrovsk\n\n"
        "Commander-in-chief Oleksandr Syrskyi said Pokrovsk held. Syrskyi wrote more."
    )
    assert names(g) == {"Pokrovsk"}
    # a possessive place before an organisation's name is still the place
    assert "Russia" in names(
        places_from_text("Russia's Defence Ministry said its forces advanced.")
    )


def test_capitalised_common_word_is_not_a_village():
    gdf = places_from_text("Most residents left. March was cold. Police said nothing.")
    assert len(gdf) == 0, list(gdf["name"])


def test_natural_features_are_not_settlements():
    gdf = places_from_text(
        "The Kakhovka reservoir drained after the dam broke. Boats crossed the Dnipro near the Sea of Azov."
    )
    assert "Kakhovka" not in names(gdf) and "Dnipro" not in names(gdf) and "Azov" not in names(gdf)


def test_quoted_names_and_demonyms_are_not_places():
    gdf = places_from_text(
        "Речник угруповання військ «Хортиця» заявив, що Українські війська тримаються."
    )
    assert len(gdf) == 0, list(gdf["name"])


def test_sumy_must_be_ours_is_sumy():
    gdf = places_from_text('An official told Putin: "Sumy must be ours."')
    assert names(gdf) == {"Sumy"}


# ------------------------------------------------------------- city vs oblast
def test_region_word_gives_oblast_and_city_word_gives_city():
    gdf = places_from_text("Strikes hit the Sumy region. Later they hit Sumy City.")
    assert "Sumy Oblast" in names(gdf, "oblast") and "Sumy" in names(gdf, "city")


def test_parts_of_list_are_oblasts():
    gdf = places_from_text("The army may try to take parts of Kharkov, Sumy and Chernigov.")
    assert names(gdf) == {"Kharkiv Oblast", "Sumy Oblast", "Chernihiv Oblast"}


def test_plural_region_word_covers_the_list():
    gdf = places_from_text("Putin spoke of rebuilding the Kursk, Belgorod and Bryansk regions.")
    assert names(gdf) == {"Kursk Oblast", "Belgorod Oblast", "Bryansk Oblast"}


def test_bare_name_follows_the_named_oblast_unless_used_as_a_city():
    region = places_from_text(
        "Putin visited the Kursk region. Now that Kursk has been retaken, villages return."
    )
    assert names(region) == {"Kursk Oblast"}
    both = places_from_text(
        "Shelling hit the Belgorod region. Belgorod lies 40 km from the border; its mayor spoke."
    )
    assert {"Belgorod Oblast", "Belgorod"} <= names(both)
    # a Ukrainian regional capital named bare is the city, even beside its region
    city = places_from_text(
        "The Kharkiv region ordered families out of Kupiansk. "
        "Reception points have been set up in Kharkiv."
    )
    assert {"Kharkiv Oblast", "Kharkiv", "Kupiansk"} <= names(city)


def test_bare_name_is_the_city():
    gdf = places_from_text("Drones hit Kharkiv overnight, the mayor said.")
    assert names(gdf) == {"Kharkiv"}
    assert row(gdf, "Kharkiv")["kind"] == "city"


# ------------------------------------------------------------- same-name settlements
def test_same_name_village_follows_the_named_oblast():
    gdf = places_from_text("In Donetsk Oblast, Russian units attacked the village of Mykolaivka.")
    r = row(gdf, "Mykolaivka")
    assert r["admin1"] == "Donetsk Oblast"
    assert "Donetsk Oblast" in r["reason"]


def test_hromada_adjective_names_its_settlement_only_beside_the_word_hromada():
    g = places_from_text(
        "У Юнаківській громаді дрон поранив чоловіка. Під обстрілами також були "
        "Білопільська, Хотінська та Великописарівська громади Сумщини."
    )
    assert {"Yunakivka", "Bilopillia", "Khotin", "Velyka Pysarivka", "Sumy Oblast"} <= names(g)
    assert "hromada name" in g.loc[g["name"] == "Yunakivka", "reason"].iloc[0]
    # the same adjective before another noun names nothing
    assert "Yunakivka" not in names(places_from_text("Юнаківська школа відновила заняття."))


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Окупанти вивозять людей з Олешок на Херсонщині.", "Oleshky", None),
        ("Посёлок Тёткино снова обстреляли.", "Tetkino", "Poselki"),
        ("Дрон атаковал машину в селе Новая Погощь Брянской области.", "Bryansk Oblast", "Nova"),
        ("Росіяни облаштовують позиції у дельті Дніпра біля Херсона.", "Kherson", "Dnipro"),
    ],
)
def test_plural_genitives_settlement_words_unknown_two_word_names_and_river_deltas(
    text, present, absent
):
    found = names(places_from_text(text))
    assert present in found
    assert absent is None or absent not in found


def test_pokrovsk_and_pokrovske_are_different():
    gdf = places_from_text(
        "Pokrovsk in Donetsk Oblast is under attack; Pokrovske in Dnipropetrovsk Oblast was hit too."
    )
    assert row(gdf, "Pokrovsk")["admin1"] == "Donetsk Oblast"
    assert row(gdf, "Pokrovske")["admin1"] == "Dnipropetrovsk Oblast"


def test_ambiguity_is_explained():
    gdf = places_from_text("Fighting near Mykolaivka in Donetsk Oblast continued.")
    assert "candidates" in row(gdf, "Mykolaivka")["reason"]


# ------------------------------------------------------------- metonyms
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kyiv maintains that the offensive failed.", "Kyiv"),
        ("Moscow said the talks were over.", "Moscow"),
        ("Moscow's aim was a buffer zone.", "Moscow"),
        ("В Москве заявили, что переговоров не будет.", "Moscow"),
        ("У Києві наголошують на продовженні допомоги.", "Kyiv"),
    ],
)
def test_metonyms_are_flagged(text, name):
    gdf = places_from_text(text)
    assert row(gdf, name)["role"] == "metonym"


@pytest.mark.parametrize(
    "text",
    [
        "There was no immediate comment from Kyiv.",
        "В Киеве обстрелы не комментируют.",
        "У Москві тим часом повторюють, що армія б’є лише по військових об’єктах.",
        "Kyiv accuses Moscow of targeting civilians.",
        "The depot supplies Russian forces, Kyiv's General Staff said.",
    ],
)
def test_more_metonyms(text):
    g = places_from_text(text)
    assert set(g["role"]) == {"metonym"}, g[["name", "role"]].values.tolist()


def test_repeated_strikes_on_a_capital_are_no_metonym():
    g = places_from_text("Москву повторно атаковали беспилотники.")
    assert g[g["name"] == "Moscow"]["role"].tolist() == ["place"]


def test_kremlin_is_a_moscow_metonym_and_can_be_dropped():
    # the Kremlin alone is a building, not Moscow on the map (issue #13); with Moscow
    # named it joins Moscow's record as a metonym
    assert len(places_from_text("The Kremlin denied the report.")) == 0
    text = "The Kremlin denied the report. Moscow said nothing more."
    gdf = places_from_text(text)
    assert row(gdf, "Moscow")["role"] == "metonym" and row(gdf, "Moscow")["n_mentions"] == 2
    assert len(places_from_text(text, include_metonyms=False)) == 0


def test_capital_as_place_is_a_place():
    gdf = places_from_text("Missiles hit Kyiv overnight and air defence was active over Moscow.")
    assert set(gdf["role"]) == {"place"}


# ------------------------------------------------------------- distances
def test_distances():
    got = [
        d["km"]
        for d in distances_from_text(
            "a 20-kilometre zone, 10-15 km deep, в 30 км от границы, на глибину 20 кілометрів, 5,500 km away"
        )
    ]
    assert got == [20.0, 10.0, 15.0, 30.0, 20.0, 5500.0]


def test_distances_ignore_calibres_and_areas():
    assert distances_from_text("155-mm shells; 1,000 square metres; 12 people") == []


# ------------------------------------------------------------- batch
def test_batch_equals_single():
    texts = [SAMPLE, "Drones hit Sumy.", "", "Kyiv said no."]
    batch = places_from_texts(texts)
    for i, t in enumerate(texts):
        single = places_from_text(t)
        assert list(batch.loc[batch["doc"] == i, "name"]) == list(single["name"])


# ------------------------------------------------------------- bad input, fuzzing
def test_parse_does_not_depend_on_hash_seed():
    # an inflected word with several nominatives ("Харкова": харков / харків) must resolve the
    # same way whatever PYTHONHASHSEED the interpreter drew
    code = (
        "import json, geomap;"
        "g = geomap.places_from_text('З Харкова вивезли людей. У Києві заявили, що Сумах тихо.');"
        "print(json.dumps([[r, m[0]['text']] for r, m in zip(g['reason'], g['mentions'])], ensure_ascii=False))"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"},
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(outs) == 1, outs
    assert "Харкова" in outs.pop()


def test_empty_and_whitespace():
    assert len(places_from_text("")) == 0
    assert len(places_from_text(" \n\t ")) == 0


def test_non_text_input():
    with pytest.raises(InputError, match="text must be str"):
        places_from_text(12345)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not valid UTF-8"):
        places_from_text(b"cp1251 \xcf\xf0\xe8")
    with pytest.raises(InputError, match="looks binary"):
        places_from_text(b"\x00\x01\x02")


def test_html_input_does_not_crash():
    gdf = places_from_text(
        "<html><body><p>Drones hit <b>Sumy</b>.</p><script>var Kyiv=1;</script></body></html>"
    )
    assert "Sumy" in names(gdf)


def test_five_megabyte_input_bounded():
    text = (SAMPLE + "\n") * (5_000_000 // len(SAMPLE) + 1)
    t0 = time.perf_counter()
    gdf = places_from_text(text)
    elapsed = time.perf_counter() - t0
    assert "Sumy" in names(gdf)
    assert elapsed < 120  # a bound against pathological (quadratic) behaviour, not a speed goal


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_fuzz_arbitrary_unicode(text):
    gdf = places_from_text(text)
    for rec in gdf.itertuples():
        for m in rec.mentions:
            assert text[m["start"] : m["end"]] == m["text"]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Sumy",
                "Kharkiv",
                "region",
                "Oblast",
                "Vladimir",
                "Putin",
                ",",
                " and ",
                "у",
                "Сумах",
                "Курской",
                "области",
                "<b>",
                "</b>",
                "'s",
                "Kyiv",
                "said",
                ".",
                "\n",
                "Glushkovsky",
                "district",
                "km",
                "20",
            ]
        ),
        max_size=60,
    )
)
def test_fuzz_place_soup(parts):
    text = " ".join(parts)
    gdf = places_from_text(text)
    assert set(gdf["role"]) <= {"place", "metonym"}
    assert all(0 <= c <= 1 for c in gdf["confidence"])


# ------------------------------------------------------------- CLI
@pytest.mark.parametrize("cmd", [["geomap"], [sys.executable, "-m", "geomap"]])
def test_cli_places_json(cmd, tmp_path):
    exe = Path(sys.executable).with_name("geomap")
    if cmd == ["geomap"]:
        cmd = [str(exe)]
    article = tmp_path / "a.txt"
    article.write_text(
        "Russian troops shelled Vovchansk in Kharkiv Oblast, 15 km from the border.",
        encoding="utf-8",
    )
    out = subprocess.run(
        [*cmd, "places", str(article), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    got = {(p["name"], p["kind"]) for p in data["places"]}
    assert {("Vovchansk", "city"), ("Kharkiv Oblast", "oblast")} <= got
    assert all({"lat", "lon", "mentions", "confidence", "role"} <= set(p) for p in data["places"])
    assert data["distances"][0]["km"] == 15.0


def test_cli_places_stdin_csv_geojson(tmp_path):
    exe = str(Path(sys.executable).with_name("geomap"))
    out = subprocess.run(
        [exe, "places", "-", "--format", "csv"],
        input="Drones hit Sumy.",
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines()[1].startswith("Sumy,city,UA")
    dest = tmp_path / "p.geojson"
    subprocess.run(
        [exe, "places", "-", "--format", "geojson", "-o", str(dest)],
        input="Drones hit Sumy.",
        capture_output=True,
        text=True,
        check=True,
    )
    fc = json.loads(dest.read_text())
    assert fc["type"] == "FeatureCollection" and fc["features"][0]["properties"]["name"] == "Sumy"


def test_cli_places_bad_file(tmp_path):
    exe = str(Path(sys.executable).with_name("geomap"))
    bad = tmp_path / "cp1251.txt"
    bad.write_bytes("Суми".encode("cp1251"))
    r = subprocess.run([exe, "places", str(bad)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "not valid UTF-8" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert bad.read_bytes() == "Суми".encode("cp1251")
    r = subprocess.run(
        [exe, "places", str(tmp_path / "missing.txt")], capture_output=True, text=True
    )
    assert r.returncode == 2 and "does not exist" in r.stderr
