"""Facilities named after a place name the facility, not the place (issue #13); own sentences.

The held-out writers' brief gives plants, air bases, bridges and highways the
kind "other": "the Burshtyn plant" is no mention of Burshtyn, "Рязанский НПЗ" none
of Ryazan or its district.  A town governed by a preposition stays the town.
"""

from __future__ import annotations

import pytest

from geomap import places_from_text


def _names(text: str) -> set[str]:
    return set(places_from_text(text)["name"])


def _drops(text: str) -> dict[str, tuple[str, str]]:
    got = places_from_text(text, explain=True).attrs["dropped"]
    return {d["text"]: (d["rule"], d["detail"]) for d in got}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English: a name, a list or a dash route of names before a facility word
        ("Drones set Ryazan refinery ablaze overnight.", set()),
        ("Rockets hit the Dobrotvir and Burshtyn thermal power plants on Tuesday.", set()),
        ("Engineers inspected the Kerch Bridge after the blast.", set()),
        (
            "Convoys use the Moscow–Simferopol highway to reach Crimea.",
            {"Autonomous Republic of Crimea"},
        ),
        # a far route named after its word: Russian and Ukrainian word order
        ("Поставки по газопроводу Уренгой — Помары — Ужгород прекращены.", set()),
        ("Колонны шли по трассе Москва — Симферополь.", set()),
        ("The Zaporizhzhia Nuclear Power Plant lost its last power line again.", set()),
        ("Bombers left Engels air base before dawn.", set()),
        # Russian: the place's adjective before the facility word, in any case; not the district
        (
            "Рязанский НПЗ снова остановил работу, сообщили в правительстве Рязанской области.",
            {"Ryazan Oblast"},
        ),
        (
            "Саратовский нефтеперерабатывающий завод атакован, сообщил губернатор Саратовской области.",
            {"Saratov Oblast"},
        ),
        ("Курская АЭС продолжает работу в штатном режиме.", set()),
        ("Дроны снова атаковали аэродром «Энгельс».", set()),
        # Ukrainian
        ("Ладижинська ТЕС на Вінниччині зазнала ударів.", {"Vinnytsia Oblast"}),
        ("Запорізька АЕС знову працює від дизель-генераторів.", set()),
    ],
)
def test_a_facility_named_after_a_place_names_no_place(text, expected):
    assert _names(text) == expected, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a preposition, a possessive or the genitive after the facility keeps the town
        ("In Burshtyn, where the plant stands, windows were blown out.", {"Burshtyn"}),
        ("Drones attacked an air base near Engels and a refinery in Ryazan.", {"Engels", "Ryazan"}),
        ("Kharkiv's power plant was hit again.", {"Kharkiv"}),
        # a local road's end points are where the story is ("the Kharkiv–Kupiansk highway")
        ("Shelling closed the Kharkiv–Kupiansk highway for a day.", {"Kharkiv", "Kupiansk"}),
        ("Бои идут у трассы Купянск — Сватово.", {"Kupiansk", "Svatove"}),
        # a plural that is also a verb is no facility word on its own
        ("Blasts shook the airfield where Russia bases its fighter jets.", {"Russia"}),
        ("На НПЗ в Рязани начался пожар, аэропорт Саратова закрыт.", {"Ryazan", "Saratov"}),
        ("Вікна вибило у Бурштині на Івано-Франківщині, де стоїть ТЕС.", {"Burshtyn"}),
        # the place's own mention stays when the facility's is dropped
        (
            "Ладижинська ТЕС зазнала ударів, у Ладижині немає світла.",
            {"Ladyzhyn"},
        ),
    ],
)
def test_a_place_by_a_facility_stays_the_place(text, expected):
    assert _names(text) & expected == expected, text


def test_the_facility_rule_shows_in_explain():
    drops = _drops("Rockets hit the Burshtyn thermal power plant. Рязанский НПЗ горит.")
    rule, detail = drops["Burshtyn"]
    assert rule == "facility_name" and 'names a facility: "Burshtyn thermal power plant"' in detail
    assert drops["Рязанский"][0] == "facility_name"  # not the Ryazansky District


def test_the_kremlin_alone_is_not_moscow():
    assert _names("The Kremlin rejected the proposal on Monday.") == set()
    assert _drops("The Kremlin rejected the proposal.")["Kremlin"][0] == "building_alone"
    assert _names("The Kremlin rejected it, and Moscow recalled its envoy.") == {"Moscow"}


def test_a_name_with_a_number_is_no_place():
    text = "Об этом сообщил телеканал «Россия 24», а также Engels-2 в сводке."
    assert _names(text) == set()
    assert _drops(text)["Россия"][0] == "name_with_number"
    # a date after a country is no name: the country stays
    assert _names("Россия 24 февраля начала вторжение в Украину.") >= {"Russia", "Ukraine"}
    # a count after an inflected name is no name either ("над Курской 5")
    got = _names("Над Брянской областью сбиты 12 дронов, над Курской 5.")
    assert {"Bryansk Oblast", "Kursk Oblast"} <= got, got
