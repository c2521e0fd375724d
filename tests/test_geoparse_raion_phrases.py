"""District phrases of issue #13: a raion by any name of its centre, former (pre-2020)
raions, "X district of Y" and the places named right before "in the X district".
Every sentence here is written for the test; all run on the bundled gazetteer."""

from __future__ import annotations

import pytest

from geomap import places_from_text
from geomap._raion_centres import adjectives_of


def _rows(text: str) -> dict[str, tuple[str, str]]:
    """name -> (kind, admin1) of the places of ``text``."""
    gdf = places_from_text(text)
    return {r.name: (r.kind, r.admin1) for r in gdf.itertuples()}


@pytest.mark.parametrize(
    ("text", "raion"),
    [
        ("Artillery pounded the Pologi district overnight.", "Polohy Raion"),
        ("Drones were downed over the Vasilyevka district.", "Vasylivka Raion"),
        ("Артиллерия била по Пологовскому району всю ночь.", "Polohy Raion"),
        ("Дроны сбили над Васильевским районом.", "Vasylivka Raion"),
        ("Уночі артилерія била по Пологівському району.", "Polohy Raion"),
        ("Дрони збили над Василівським районом.", "Vasylivka Raion"),
    ],
)
def test_a_district_by_any_name_of_its_centre_is_the_raion(text, raion):
    got = _rows(text)
    assert got.get(raion, ("",))[0] == "raion", got
    assert "Polohy" not in got and "Vasylivka" not in got, got


@pytest.mark.parametrize(
    ("text", "raion", "oblast"),
    [
        ("Sappers cleared fields in the Volchansk district.", "Vovchansk", "Kharkiv Oblast"),
        (
            "Farmers in the Velikiy Burluk district lost their crops.",
            "Velykyi Burluk",
            "Kharkiv Oblast",
        ),
        ("Shelters were opened in the Balaklava district.", "Balaklava", "Sevastopol"),
        ("Саперы разминируют поля в Волчанском районе.", "Vovchansk", "Kharkiv Oblast"),
        ("Сапери розміновують поля у Вовчанському районі.", "Vovchansk", "Kharkiv Oblast"),
    ],
)
def test_a_district_named_after_a_town_that_is_no_raion_centre_is_its_former_raion(
    text, raion, oblast
):
    gdf = places_from_text(text, explain=True)
    rows = gdf.set_index("name")
    name = f"{raion} Raion (former)"
    assert name in rows.index, list(rows.index)
    assert rows.loc[name, "kind"] == "raion" and rows.loc[name, "admin1"] == oblast
    assert "former name" in rows.loc[name, "reason"]
    assert raion not in rows.index  # the town itself is not named
    # placed at the town
    town = places_from_text(raion).iloc[0] if raion != "Balaklava" else None
    if town is not None:
        assert abs(rows.loc[name, "lat"] - town["lat"]) < 0.01


@pytest.mark.parametrize(
    "text",
    [
        "Shells hit the Shevchenkivskyi district of Kharkiv.",
        "Снаряды попали в Шевченковский район Харькова.",
        "Снаряди влучили в Шевченківський район Харкова.",
        "A drone hit a house in the Zavodskyi district of Zaporizhzhia.",
        # towns that were raion centres far from the city: the phrase names the city's district
        "A missile hit a school in the Prymorskyi district of Odesa.",
        "Ракета попала в школу в Приморском районе Одессы.",
        "Ракета влучила в школу в Олександрівському районі Запоріжжя.",
    ],
)
def test_a_city_district_is_no_former_raion(text):
    gdf = places_from_text(text, explain=True)
    got = {r.name: r.kind for r in gdf.itertuples()}
    assert not any(k == "raion" for k in got.values()), got
    assert any(k == "city" for k in got.values()), got


def test_a_former_raion_by_its_city_stays_a_raion():
    got = _rows("Sirens sounded in the Balaklava district of Sevastopol.")
    assert got.get("Balaklava Raion (former)", ("",))[0] == "raion", got


@pytest.mark.parametrize(
    ("text", "oblast"),
    [
        ("Shelling went on in the Polohy district of Zaporizhzhia.", "Zaporizhzhia Oblast"),
        ("Evacuation started in the Chuhuiv district of Kharkiv.", "Kharkiv Oblast"),
    ],
)
def test_the_y_of_x_district_of_y_is_the_oblast(text, oblast):
    got = _rows(text)
    assert got.get(oblast, ("",))[0] == "oblast", got
    assert oblast.removesuffix(" Oblast") not in got, got


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "The brigade pulled back from Uspenivka and Dobropillia in the Polohy district.",
            ("Uspenivka", "Dobropillia"),
        ),
        # the data has no Russian name of Polohy Raion's Dobropillia: Uspenivka alone
        ("Бригада отошла из Успеновки в Пологовском районе.", ("Uspenivka",)),
        (
            "Бригада відійшла з Успенівки та Добропілля в Пологівському районі.",
            ("Uspenivka", "Dobropillia"),
        ),
    ],
)
def test_places_named_before_in_the_x_district_lie_in_that_raion(text, names):
    gdf = places_from_text(text, explain=True).set_index("name")
    for name in names:
        assert gdf.loc[name, "admin1"] == "Zaporizhzhia Oblast", gdf[["admin1"]]
        assert "in Polohy Raion, named after it" in gdf.loc[name, "reason"]


def test_without_the_district_phrase_the_namesake_is_chosen_as_before():
    gdf = places_from_text("The brigade pulled back from Dobropillia.").set_index("name")
    assert gdf.loc["Dobropillia", "admin1"] == "Donetsk Oblast"


def test_adjectives_of_town_names():
    assert "волчанский" in adjectives_of("Волчанск")
    assert "пологовский" in adjectives_of("Пологи")
    assert "васильевский" in adjectives_of("Васильевка")
    assert "великобурлукский" in adjectives_of("Великий Бурлук")
    assert adjectives_of("Volchansk") == set()


def test_the_district_itself_stays_a_district():
    got = _rows("В Рязанском районе сбит беспилотник.")
    assert got.get("Ryazansky District", ("",))[0] == "raion", got


@pytest.mark.parametrize(
    ("text", "place", "raion", "oblast"),
    [
        (
            "Drones struck Krasnoye in the Krasnensky district.",
            "Krasnoye",
            "Krasnensky District",
            "Belgorod Oblast",
        ),
        (
            "Беспилотники атаковали Красное в Красненском районе.",
            "Krasnoye",
            "Krasnensky District",
            "Belgorod Oblast",
        ),
        # an inflected small place alone is weak; the district phrase places it
        (
            "Дрони атакували Дубровку в Жуковському районі.",
            "Dubrovka",
            "Zhukovsky District",
            "Bryansk Oblast",
        ),
    ],
)
def test_a_place_before_a_district_of_russia_lies_near_its_centre(text, place, raion, oblast):
    # the data gives Russia's settlements no district: a namesake near the centre is kept
    gdf = places_from_text(text, explain=True).set_index("name")
    assert gdf.loc[raion, "kind"] == "raion", list(gdf.index)
    assert gdf.loc[place, "admin1"] == oblast, gdf[["admin1"]]
    assert "named after it" in gdf.loc[place, "reason"]


def test_a_current_district_comes_before_a_former_raion_of_the_same_name():
    # Krasne (Lviv Oblast) was a raion centre too; nothing in the text places either
    got = _rows("Shells fell on the Krasnensky district.")
    assert got.get("Krasnensky District", ("",))[0] == "raion", got
    assert "Krasne Raion (former)" not in got, got


@pytest.mark.parametrize(
    ("text", "raions"),
    [
        (
            "Рятувальники вивозять людей із сіл Ізюмського, Куп'янського та Чугуївського районів.",
            {"Izium Raion", "Kupiansk Raion", "Chuhuiv Raion"},
        ),
        (
            "Власти эвакуируют жителей Чугуевского, Купянского и Богодуховского районов.",
            {"Chuhuiv Raion", "Kupiansk Raion", "Bohodukhiv Raion"},
        ),
        (
            "Світло зникло в Куп'янському, Ізюмському та Лозівському районах.",
            {"Kupiansk Raion", "Izium Raion", "Lozova Raion"},
        ),
    ],
)
def test_every_adjective_before_a_plural_district_word_is_a_raion(text, raions):
    """An adjective that is no place name alone ("Чугуївського") is still one of the list."""
    got = _rows(text)
    assert {n for n, (kind, _) in got.items() if kind == "raion"} == raions, got
    assert all(admin1 == "Kharkiv Oblast" for _, admin1 in got.values()), got


def test_a_noun_phrase_before_the_list_is_no_district():
    got = _rows("Студенти Харківського університету та мешканці Сумського районів.")
    assert "Kharkiv Raion" not in got, got
