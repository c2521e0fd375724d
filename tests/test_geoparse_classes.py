"""Classes of errors of issue #13 on unseen news (dash lists, country aliases, old raion
names, "-щина" regions, near-story namesakes); every sentence here is written for the test."""

from __future__ import annotations

from geomap import places_from_text


def _places(text: str) -> dict[str, str]:
    return {r.name: r.kind for r in places_from_text(text).itertuples()}


def test_places_joined_by_dashes_are_each_a_place():
    cases = {
        "Assaults continued along the Toretsk–Pivnichne–Zalizne line.": {
            "Toretsk",
            "Pivnichne",
            "Zalizne",
        },
        "The brigade held positions between Siversk-Bilohorivka for a month.": {
            "Siversk",
            "Bilohorivka",
        },
        "Fighting raged near the Pokrovsk — Myrnohrad road.": {"Pokrovsk", "Myrnohrad"},
        "Бои идут на участке Угледар—Курахово, а также Угледар-Курахово.": {
            "Vuhledar",
            "Kurakhove",
        },
        "Оборона тримається на ділянці Сіверськ-Білогорівка і Часів Яр – Іванівське.": {
            "Siversk",
            "Bilohorivka",
            "Chasiv Yar",
        },
    }
    for text, want in cases.items():
        got = _places(text)
        assert want <= set(got), (text, got)


def test_a_hyphenated_name_of_the_gazetteer_stays_one_place():
    text = (
        "Trains ran from Ivano-Frankivsk and Kamianets-Podilskyi to Rostov-on-Don; "
        "shelling hit Seredyna-Buda and Znob-Novhorodske. "
        "Обстріляли Середину-Буду, а в Івано-Франківську оголосили тривогу."
    )
    got = _places(text)
    for name in (
        "Ivano-Frankivsk",
        "Kamianets-Podilskyi",
        "Rostov-on-Don",
        "Seredyna-Buda",
        "Znob-Novhorodske",
    ):
        assert name in got, got
    assert not {"Ivano", "Frankivsk", "Seredyna", "Buda", "Rostov", "Don"} & set(got), got


def test_a_part_of_a_dash_list_says_so_in_its_reason():
    gdf = places_from_text("Shelling hit the Pokrovsk-Myrnohrad area.", explain=True)
    reasons = dict(zip(gdf["name"], gdf["reason"], strict=True))
    assert '"Pokrovsk-Myrnohrad"' in reasons["Myrnohrad"], reasons
