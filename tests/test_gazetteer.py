"""The gazetteer on the bundled data: regions, settlements, spellings, errors.

True coordinates below are written from general geographic knowledge
(encyclopaedia-grade, 2-3 decimals), independently of the bundled data, so
that the tests check the data rather than repeat it.
"""

from __future__ import annotations

import json

import pytest
import shapely
from pyproj import Geod, Transformer

from geomap import data
from geomap._errors import InputError, PlaceNotFoundError
from geomap._translit import normalize
from geomap.gazetteer import (
    KINDS,
    Candidate,
    candidates_to_frame,
    get_gazetteer,
    lookup,
    place_from_name,
)

GEOD = Geod(ellps="WGS84")
#: ETRS89 Lambert azimuthal equal-area (Europe), metres
LAEA = "EPSG:3035"
TO_LAEA = Transformer.from_crs("EPSG:4326", LAEA, always_xy=True)
#: Natural Earth 10m boundaries follow rivers and coasts to a few hundred metres
BOUNDARY_TOLERANCE_M = 1000.0
SETTLEMENT_KINDS = ("city", "town", "village")


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


@pytest.fixture(scope="module")
def oblast_geoms() -> dict:
    ob = data.oblasts()
    return dict(zip(ob["code"], ob.geometry, strict=True))


@pytest.fixture(scope="module")
def oblast_laea() -> dict:
    """Oblast polygons in the European equal-area projection (metres), to measure tolerances."""
    ob = data.oblasts().to_crs(LAEA)
    return dict(zip(ob["code"], ob.geometry, strict=True))


def metres_outside(geom_laea, lat: float, lon: float) -> float:
    """Distance in metres from a point to a projected polygon (0 when inside)."""
    x, y = TO_LAEA.transform(lon, lat)
    return geom_laea.distance(shapely.Point(x, y))


@pytest.fixture(scope="module")
def oblast_names() -> dict:
    ob = data.oblasts()
    return dict(zip(ob["code"], ob["name"], strict=True))


# --------------------------------------------------------------------------- regions
#: code, canonical English, Russian, Ukrainian
REGIONS = [
    ("UA-05", "Vinnytsia Oblast", "Винницкая область", "Вінницька область"),
    ("UA-07", "Volyn Oblast", "Волынская область", "Волинська область"),
    ("UA-09", "Luhansk Oblast", "Луганская область", "Луганська область"),
    ("UA-12", "Dnipropetrovsk Oblast", "Днепропетровская область", "Дніпропетровська область"),
    ("UA-14", "Donetsk Oblast", "Донецкая область", "Донецька область"),
    ("UA-18", "Zhytomyr Oblast", "Житомирская область", "Житомирська область"),
    ("UA-21", "Zakarpattia Oblast", "Закарпатская область", "Закарпатська область"),
    ("UA-23", "Zaporizhzhia Oblast", "Запорожская область", "Запорізька область"),
    ("UA-26", "Ivano-Frankivsk Oblast", "Ивано-Франковская область", "Івано-Франківська область"),
    ("UA-32", "Kyiv Oblast", "Киевская область", "Київська область"),
    ("UA-35", "Kirovohrad Oblast", "Кировоградская область", "Кіровоградська область"),
    (
        "UA-43",
        "Autonomous Republic of Crimea",
        "Автономная Республика Крым",
        "Автономна Республіка Крим",
    ),
    ("UA-46", "Lviv Oblast", "Львовская область", "Львівська область"),
    ("UA-48", "Mykolaiv Oblast", "Николаевская область", "Миколаївська область"),
    ("UA-51", "Odesa Oblast", "Одесская область", "Одеська область"),
    ("UA-53", "Poltava Oblast", "Полтавская область", "Полтавська область"),
    ("UA-56", "Rivne Oblast", "Ровенская область", "Рівненська область"),
    ("UA-59", "Sumy Oblast", "Сумская область", "Сумська область"),
    ("UA-61", "Ternopil Oblast", "Тернопольская область", "Тернопільська область"),
    ("UA-63", "Kharkiv Oblast", "Харьковская область", "Харківська область"),
    ("UA-65", "Kherson Oblast", "Херсонская область", "Херсонська область"),
    ("UA-68", "Khmelnytskyi Oblast", "Хмельницкая область", "Хмельницька область"),
    ("UA-71", "Cherkasy Oblast", "Черкасская область", "Черкаська область"),
    ("UA-74", "Chernihiv Oblast", "Черниговская область", "Чернігівська область"),
    ("UA-77", "Chernivtsi Oblast", "Черновицкая область", "Чернівецька область"),
    ("RU-BRY", "Bryansk Oblast", "Брянская область", "Брянська область"),
    ("RU-KRS", "Kursk Oblast", "Курская область", "Курська область"),
    ("RU-BEL", "Belgorod Oblast", "Белгородская область", "Бєлгородська область"),
    ("RU-VOR", "Voronezh Oblast", "Воронежская область", "Воронезька область"),
    ("RU-ROS", "Rostov Oblast", "Ростовская область", "Ростовська область"),
    ("BY-HO", "Gomel Oblast", "Гомельская область", "Гомельська область"),
]

#: Russian-era or older English spellings -> (oblast code, canonical name of its capital)
OLD_SPELLINGS = [
    ("Kharkov", "UA-63", "Kharkiv"),
    ("Chernigov", "UA-74", "Chernihiv"),
    ("Nikolaev", "UA-48", "Mykolaiv"),
    ("Zaporozhye", "UA-23", "Zaporizhzhia"),
    ("Dnepropetrovsk", "UA-12", "Dnipro"),
    ("Kirovograd", "UA-35", "Kropyvnytskyi"),
    ("Lugansk", "UA-09", "Luhansk"),
    ("Odessa", "UA-51", "Odesa"),
    ("Kiev", "UA-32", "Kyiv"),
    ("Rovno", "UA-56", "Rivne"),
    ("Zhitomir", "UA-18", "Zhytomyr"),
    ("Vinnitsa", "UA-05", "Vinnytsia"),
    ("Khmelnitsky", "UA-68", "Khmelnytskyi"),
    ("Ivano-Frankovsk", "UA-26", "Ivano-Frankivsk"),
    ("Lvov", "UA-46", "Lviv"),
    ("Ternopol", "UA-61", "Ternopil"),
    ("Cherkassy", "UA-71", "Cherkasy"),
    ("Chernovtsy", "UA-77", "Chernivtsi"),
]

#: Forms people write for a region -> oblast code
REGION_FORMS = [
    ("Sumy region", "UA-59"),
    ("Kursk Oblast", "RU-KRS"),
    ("Сумская область", "UA-59"),
    ("Сумщина", "UA-59"),
    ("Харківщина", "UA-63"),
    ("Курская область", "RU-KRS"),
    ("Kharkiv region", "UA-63"),
    ("Belgorod region", "RU-BEL"),
    ("Bryansk region", "RU-BRY"),
    ("Gomel region", "BY-HO"),
    ("Чернігівщина", "UA-74"),
    ("Kiev region", "UA-32"),
    ("Crimea", "UA-43"),
    ("Крим", "UA-43"),
]


def _top_region(query: str):
    cands = lookup(query, limit=None)
    return cands[0], cands


@pytest.mark.parametrize(
    ("code", "english", "russian", "ukrainian"), REGIONS, ids=[r[0] for r in REGIONS]
)
@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_region_by_official_name(code, english, russian, ukrainian, lang):
    query = {"en": english, "ru": russian, "uk": ukrainian}[lang]
    top, _ = _top_region(query)
    assert (top.id, top.kind, top.name) == (code, "oblast", english)
    assert top.score >= 0.85


@pytest.mark.parametrize(
    ("old", "code", "capital"), OLD_SPELLINGS, ids=[o[0] for o in OLD_SPELLINGS]
)
@pytest.mark.parametrize("word", ["region", "Oblast", "oblast"])
def test_region_by_old_spelling_with_admin_word(old, code, capital, word):
    top, _ = _top_region(f"{old} {word}")
    assert (top.id, top.kind) == (code, "oblast")


@pytest.mark.parametrize(
    ("old", "code", "capital"), OLD_SPELLINGS, ids=[o[0] for o in OLD_SPELLINGS]
)
def test_bare_old_spelling_gives_capital_then_region(old, code, capital):
    cands = lookup(old, limit=None)
    assert (cands[0].name, cands[0].kind) == (capital, "city")
    assert cands[0].country == "UA"
    # the region is offered as well (Kiev -> Kyiv Oblast; the city Kyiv is its own unit)
    assert code in {c.id for c in cands}


@pytest.mark.parametrize(("query", "code"), REGION_FORMS, ids=[f[0] for f in REGION_FORMS])
def test_region_forms(query, code):
    top, _ = _top_region(query)
    assert top.id == code
    assert top.kind == "oblast"


def test_region_geometry_is_the_oblast_polygon(oblast_geoms):
    top = lookup("Sumy region")[0]
    geom = top.geometry
    assert geom.geom_type in ("Polygon", "MultiPolygon")
    assert geom.equals(oblast_geoms["UA-59"])
    assert geom.contains(shapely.Point(34.803, 50.911))  # Sumy city


# ----------------------------------------------------------------------- settlements
#: query, accepted canonical names, oblast code, true lat, true lon
SETTLEMENTS = [
    # Kursk Oblast
    ("Sudzha", {"Sudzha"}, "RU-KRS", 51.190, 35.270),
    ("Glushkovo", {"Glushkovo"}, "RU-KRS", 51.337, 34.636),
    ("Tetkino", {"Tetkino"}, "RU-KRS", 51.271, 34.296),
    ("Kursk", {"Kursk"}, "RU-KRS", 51.730, 36.193),
    ("Rylsk", {"Rylsk"}, "RU-KRS", 51.568, 34.680),
    ("Korenevo", {"Korenevo"}, "RU-KRS", 51.405, 34.910),
    ("Lgov", {"Lgov"}, "RU-KRS", 51.659, 35.264),
    ("Oboyan", {"Oboyan"}, "RU-KRS", 51.212, 36.276),
    # Belgorod Oblast
    ("Shebekino", {"Shebekino"}, "RU-BEL", 50.410, 36.895),
    ("Graivoron", {"Grayvoron", "Graivoron"}, "RU-BEL", 50.483, 35.667),
    ("Grayvoron", {"Grayvoron", "Graivoron"}, "RU-BEL", 50.483, 35.667),
    ("Belgorod", {"Belgorod"}, "RU-BEL", 50.595, 36.587),
    ("Krasnaya Yaruga", {"Krasnaya Yaruga"}, "RU-BEL", 50.800, 35.667),
    ("Valuyki", {"Valuyki"}, "RU-BEL", 50.211, 38.100),
    ("Novy Oskol", {"Novyy Oskol", "Novy Oskol"}, "RU-BEL", 50.763, 37.866),
    ("Stary Oskol", {"Staryy Oskol", "Stary Oskol"}, "RU-BEL", 51.298, 37.836),
    # Bryansk Oblast
    ("Bryansk", {"Bryansk"}, "RU-BRY", 53.243, 34.363),
    ("Klintsy", {"Klintsy"}, "RU-BRY", 52.758, 32.238),
    ("Sevsk", {"Sevsk"}, "RU-BRY", 52.150, 34.493),
    ("Novozybkov", {"Novozybkov"}, "RU-BRY", 52.537, 31.934),
    ("Pogar", {"Pogar"}, "RU-BRY", 52.553, 33.252),
    ("Starodub", {"Starodub"}, "RU-BRY", 52.583, 32.767),
    # Voronezh and Rostov oblasts
    ("Voronezh", {"Voronezh"}, "RU-VOR", 51.672, 39.184),
    ("Rostov-on-Don", {"Rostov-on-Don"}, "RU-ROS", 47.236, 39.713),
    ("Taganrog", {"Taganrog"}, "RU-ROS", 47.236, 38.897),
    ("Millerovo", {"Millerovo"}, "RU-ROS", 48.922, 40.398),
    # Gomel Oblast
    ("Gomel", {"Gomel", "Homyel", "Homel"}, "BY-HO", 52.434, 30.975),
    ("Mozyr", {"Mozyr", "Mazyr"}, "BY-HO", 52.049, 29.246),
    # Sumy Oblast
    ("Sumy", {"Sumy"}, "UA-59", 50.911, 34.803),
    ("Yunakivka", {"Yunakivka"}, "UA-59", 51.12, 35.04),
    ("Velyka Pysarivka", {"Velyka Pysarivka"}, "UA-59", 50.425, 35.475),
    ("Hlukhiv", {"Hlukhiv"}, "UA-59", 51.678, 33.912),
    ("Shostka", {"Shostka"}, "UA-59", 51.864, 33.480),
    ("Okhtyrka", {"Okhtyrka"}, "UA-59", 50.310, 34.899),
    ("Seredyna-Buda", {"Seredyna-Buda"}, "UA-59", 52.187, 34.039),
    ("Putyvl", {"Putyvl"}, "UA-59", 51.337, 33.870),
    ("Bilopillia", {"Bilopillia"}, "UA-59", 51.150, 34.313),
    ("Vorozhba", {"Vorozhba"}, "UA-59", 51.167, 34.217),
    ("Lebedyn", {"Lebedyn"}, "UA-59", 50.587, 34.485),
    ("Romny", {"Romny"}, "UA-59", 50.751, 33.474),
    ("Konotop", {"Konotop"}, "UA-59", 51.240, 33.202),
    ("Krolevets", {"Krolevets"}, "UA-59", 51.548, 33.385),
    # Kharkiv Oblast
    ("Kharkiv", {"Kharkiv"}, "UA-63", 49.993, 36.231),
    ("Vovchansk", {"Vovchansk"}, "UA-63", 50.290, 36.943),
    ("Kupiansk", {"Kupiansk"}, "UA-63", 49.710, 37.615),
    ("Izium", {"Izium"}, "UA-63", 49.212, 37.256),
    ("Chuhuiv", {"Chuhuiv"}, "UA-63", 49.836, 36.686),
    ("Balakliia", {"Balakliia"}, "UA-63", 49.462, 36.860),
    # Chernihiv Oblast
    ("Chernihiv", {"Chernihiv"}, "UA-74", 51.494, 31.289),
    ("Novhorod-Siverskyi", {"Novhorod-Siverskyi"}, "UA-74", 51.995, 33.263),
    ("Horodnia", {"Horodnia"}, "UA-74", 51.889, 31.601),
    # Donetsk, Luhansk, Zaporizhzhia, Kherson, Dnipro
    ("Bakhmut", {"Bakhmut"}, "UA-14", 48.595, 38.000),
    ("Pokrovsk", {"Pokrovsk"}, "UA-14", 48.282, 37.176),
    ("Kramatorsk", {"Kramatorsk"}, "UA-14", 48.723, 37.556),
    ("Sloviansk", {"Sloviansk"}, "UA-14", 48.853, 37.605),
    ("Kostiantynivka", {"Kostiantynivka"}, "UA-14", 48.527, 37.707),
    ("Avdiivka", {"Avdiivka"}, "UA-14", 48.139, 37.743),
    ("Chasiv Yar", {"Chasiv Yar"}, "UA-14", 48.587, 37.835),
    ("Mariupol", {"Mariupol"}, "UA-14", 47.096, 37.543),
    ("Lysychansk", {"Lysychansk"}, "UA-09", 48.904, 38.428),
    ("Luhansk", {"Luhansk"}, "UA-09", 48.574, 39.307),
    ("Huliaipole", {"Huliaipole"}, "UA-23", 47.663, 36.256),
    ("Orikhiv", {"Orikhiv"}, "UA-23", 47.568, 35.785),
    ("Enerhodar", {"Enerhodar"}, "UA-23", 47.499, 34.656),
    ("Melitopol", {"Melitopol"}, "UA-23", 46.849, 35.365),
    ("Kherson", {"Kherson"}, "UA-65", 46.636, 32.617),
    ("Nova Kakhovka", {"Nova Kakhovka"}, "UA-65", 46.755, 33.375),
    ("Dnipro", {"Dnipro"}, "UA-12", 48.465, 35.046),
    ("Nikopol", {"Nikopol"}, "UA-12", 47.567, 34.394),
    # Crimea and Sevastopol (in Ukraine by default)
    ("Simferopol", {"Simferopol"}, "UA-43", 44.952, 34.102),
    ("Kerch", {"Kerch"}, "UA-43", 45.357, 36.468),
    ("Dzhankoi", {"Dzhankoi"}, "UA-43", 45.709, 34.393),
    ("Sevastopol", {"Sevastopol"}, "UA-40", 44.600, 33.530),
]

#: Names shared by several places: the one meant is found among the candidates.
AMBIGUOUS = [
    ("Krasnopillia", {"Krasnopillia"}, "UA-59", 50.773, 35.262),
    ("Zolochiv", {"Zolochiv"}, "UA-63", 50.280, 35.980),
    ("Semenivka", {"Semenivka"}, "UA-74", 52.178, 32.580),
    ("Myropillia", {"Myropillia"}, "UA-59", 51.020, 35.255),
    ("Trostianets", {"Trostianets"}, "UA-59", 50.478, 34.964),
]


def _check_position(cand, lat, lon, code, oblast_laea):
    dist = km_between(cand.lat, cand.lon, lat, lon)
    assert dist < 5.0, f"{cand.name} placed {dist:.1f} km from its true position"
    outside = metres_outside(oblast_laea[code], cand.lat, cand.lon)
    assert outside <= BOUNDARY_TOLERANCE_M, f"{cand.name} lies {outside:.0f} m outside {code}"


@pytest.mark.parametrize(
    ("query", "names", "code", "lat", "lon"), SETTLEMENTS, ids=[s[0] for s in SETTLEMENTS]
)
def test_settlement_found_and_located(query, names, code, lat, lon, oblast_laea, oblast_names):
    top = lookup(query)[0]
    assert top.name in names
    assert top.kind in SETTLEMENT_KINDS
    assert top.admin1 == oblast_names[code]
    assert not top.approx
    _check_position(top, lat, lon, code, oblast_laea)


@pytest.mark.parametrize(
    ("query", "names", "code", "lat", "lon"), AMBIGUOUS, ids=[s[0] for s in AMBIGUOUS]
)
def test_ambiguous_settlement_has_the_right_candidate(
    query, names, code, lat, lon, oblast_laea, oblast_names
):
    cands = [
        c
        for c in lookup(query, limit=None, kind="city,town,village")
        if c.admin1 == oblast_names[code] and c.name in names
    ]
    assert cands, f"no {query} in {code}"
    best = min(cands, key=lambda c: km_between(c.lat, c.lon, lat, lon))
    _check_position(best, lat, lon, code, oblast_laea)


def test_border_places_are_close_to_the_border():
    # Tetkino sits on the Russia-Ukraine border; the others are a few km to ~15 km from it
    b = data.borders()
    border = b[b["left"].isin(["UA", "RU"]) & b["right"].isin(["UA", "RU"])]
    line = shapely.union_all(border.geometry.values)
    limits = {"Tetkino": 5, "Velyka Pysarivka": 8, "Yunakivka": 10, "Glushkovo": 20, "Sudzha": 20}
    for name, max_km in limits.items():
        c = place_from_name(name)
        # any point of the border line bounds the distance to it from above
        (x0, y0), (x1, y1) = shapely.shortest_line(shapely.Point(c.lon, c.lat), line).coords
        assert km_between(y0, x0, y1, x1) < max_km, name


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Krasnopillia", "UA-59"),
        ("Zolochiv", "UA-63"),
        ("Velyka Pysarivka", "UA-59"),
        ("Velykyi Burluk", "UA-63"),
    ],
)
def test_former_urban_type_settlements_are_towns(query, code, oblast_names):
    cands = [
        c for c in lookup(query, limit=None) if c.admin1 == oblast_names[code] and not c.approx
    ]
    assert cands[0].kind == "town"


# ------------------------------------------------------------ renamings and spellings
RENAMINGS = [
    ("Artemovsk", "Bakhmut"),
    ("Artemivsk", "Bakhmut"),
    ("Glukhov", "Hlukhiv"),
    ("Dnepropetrovsk", "Dnipro"),
    ("Kirovograd", "Kropyvnytskyi"),
    ("Kupyansk", "Kupiansk"),
    ("Krasny Liman", "Lyman"),
    ("Stakhanov", "Kadiivka"),
    ("Slavyansk", "Sloviansk"),
    ("Konstantinovka", "Kostiantynivka"),
    ("Avdeevka", "Avdiivka"),
    ("Ugledar", "Vuhledar"),
    ("Energodar", "Enerhodar"),
    ("Izyum", "Izium"),
    ("Belopolye", "Bilopillia"),
    ("Akhtyrka", "Okhtyrka"),
    ("Putivl", "Putyvl"),
    ("Novgorod-Severskiy", "Novhorod-Siverskyi"),
    ("Lisichansk", "Lysychansk"),
    ("Svatovo", "Svatove"),
    ("Chasov Yar", "Chasiv Yar"),
    ("Yunakovka", "Yunakivka"),
    ("Velikaya Pisarevka", "Velyka Pysarivka"),
]
#: Renamed places whose old name is also a current place name elsewhere: filter by country.
RENAMINGS_UA = [
    ("Volchansk", "Vovchansk"),
    ("Krasnoarmeysk", "Pokrovsk"),
    ("Dzerzhinsk", "Toretsk"),
    ("Komsomolsk", "Horishni Plavni"),
    ("Kotovsk", "Podilsk"),
]


@pytest.mark.parametrize(("old", "new"), RENAMINGS, ids=[r[0] for r in RENAMINGS])
def test_renamed_or_russian_spelling(old, new):
    top = lookup(old)[0]
    assert top.name == new
    assert top.country == "UA"
    assert top.kind in SETTLEMENT_KINDS


@pytest.mark.parametrize(("old", "new"), RENAMINGS_UA, ids=[r[0] for r in RENAMINGS_UA])
def test_renamed_with_country_filter(old, new):
    top = lookup(old, country="UA")[0]
    assert (top.name, top.kind) == (new, "city")


def test_volchansk_means_vovchansk_without_filter():
    assert lookup("Volchansk")[0].name == "Vovchansk"


@pytest.mark.parametrize(
    "query",
    [
        "Kup’yans’k",
        "Kup'yans'k",
        "Kupʼyansk",
        "Kupyansk",
        "KUPIANSK",
        "kupiansk",
        "Куп'янськ",
        "Купʼянськ",
        "Куп’янськ",
        "Купянск",
        "КУП'ЯНСЬК",
    ],
)
def test_apostrophes_and_case(query):
    top = lookup(query)[0]
    assert (top.name, top.admin1) == ("Kupiansk", "Kharkiv Oblast")


@pytest.mark.parametrize("query", ["Тёткино", "Теткино", "ТЁТКИНО", "tetkino", "TETKINO"])
def test_yo_and_ye(query):
    top = lookup(query)[0]
    assert (top.name, top.admin1) == ("Tetkino", "Kursk Oblast")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Белгород", "Belgorod"),
        ("Суджа", "Sudzha"),
        ("Харків", "Kharkiv"),
        ("Харьков", "Kharkiv"),
        ("Суми", "Sumy"),
        ("Сумы", "Sumy"),
        ("Глухів", "Hlukhiv"),
        ("Глухов", "Hlukhiv"),
    ],
)
def test_cyrillic_names(query, name):
    assert lookup(query)[0].name == name


def test_russian_settlement_in_ukrainian_spelling():
    # Ukrainian media write Russian towns the Ukrainian way
    assert lookup("Бєлгород")[0].name == "Belgorod" or lookup("Білгород")[0].name == "Belgorod"


# ------------------------------------------------------------------------- Crimea
def test_crimea_is_ukraine_by_default():
    top = lookup("Crimea")[0]
    assert (top.id, top.country) == ("UA-43", "UA")
    simf = lookup("Simferopol")[0]
    assert (simf.country, simf.admin1) == ("UA", "Autonomous Republic of Crimea")
    sev = lookup("Sevastopol")[0]
    assert (sev.country, sev.admin1) == ("UA", "Sevastopol")
    assert top.geometry.contains(shapely.Point(34.102, 44.952))


def test_crimea_country_filter_de_jure():
    assert lookup("Simferopol", country="UA")[0].name == "Simferopol"
    with pytest.raises(PlaceNotFoundError):
        lookup("Simferopol", country="RU")


def test_crimea_region_de_facto():
    top = lookup("Crimea", worldview="de_facto")[0]
    assert (top.id, top.country) == ("UA-43", "RU")
    # the de jure gazetteer is unchanged by building the de facto one
    assert lookup("Crimea")[0].country == "UA"


@pytest.mark.parametrize("query", ["Sevastopol", "Simferopol", "Kerch"])
def test_crimean_cities_de_facto(query):
    assert lookup(query, worldview="de_facto")[0].country == "RU"


# ------------------------------------------------------------ misspellings, suggestions
def test_misspelling_suggests_kharkiv():
    with pytest.raises(PlaceNotFoundError) as info:
        lookup("Kharkiw")
    msg = str(info.value)
    assert "'Kharkiv'" in msg and "did you mean" in msg
    assert "\n" not in msg
    assert info.value.suggestions[0] == "Kharkiv"
    assert info.value.query == "Kharkiw"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Zaporizhzhya", "Zaporizhzhia"),
        ("Sumi", "Sumy"),
        ("Zaporozhe", "Zaporizhzhia"),
        ("Chernigiv", "Chernihiv"),
        ("Bakhmutt", "Bakhmut"),
    ],
)
def test_misspelling_resolves_or_suggests(query, name):
    try:
        cands = lookup(query)
    except PlaceNotFoundError as exc:
        assert name in exc.suggestions
    else:
        assert cands[0].name == name


@pytest.mark.parametrize(("query", "name"), [("Belgorot", "Belgorod"), ("Kharkof", "Kharkiv")])
def test_unresolved_misspelling_suggests(query, name):
    with pytest.raises(PlaceNotFoundError) as info:
        lookup(query)
    assert name in info.value.suggestions
    assert repr(name) in str(info.value)


def test_filters_leave_nothing_raise_not_found():
    with pytest.raises(PlaceNotFoundError):
        lookup("Sudzha", country="UA")
    with pytest.raises(PlaceNotFoundError):
        lookup("Kharkiv", kind="raion")


# ------------------------------------------------------------------------ bad input
BAD_INPUTS = [
    "",
    "   ",
    "\t\n",
    b"\xff\xfe\x00\x01",
    "Khar\x00kiv",
    "x" * (10 * 1024 * 1024),
    "12345",
    "!!!",
    "\udcff\udcfe",
    None,
    123,
    4.5,
    ["Kharkiv"],
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: repr(b)[:20])
def test_bad_input_is_input_error(bad):
    with pytest.raises(InputError) as info:
        lookup(bad)
    msg = str(info.value)
    assert msg and "\n" not in msg and len(msg) < 300
    assert isinstance(info.value, ValueError)


def test_utf8_bytes_are_accepted():
    assert lookup("Харків".encode())[0].name == "Kharkiv"


def test_surrounding_whitespace_ignored():
    assert lookup("  Sudzha \n")[0].name == "Sudzha"


# ------------------------------------------------------------------- output contract
def test_candidates_sorted_and_explained():
    cands = lookup("Kharkov", limit=None)
    scores = [c.score for c in cands]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert all(c.reason for c in cands)
    assert all(c.kind in KINDS for c in cands)
    assert [c.kind for c in cands[:2]] == ["city", "oblast"]


def test_limit_and_kind_filter():
    assert len(lookup("Semenivka", limit=3)) == 3
    assert len(lookup("Semenivka", limit=None)) > 10
    assert {c.kind for c in lookup("Kharkiv", kind="oblast")} == {"oblast"}
    assert {c.country for c in lookup("Semenivka", country="UA", limit=None)} == {"UA"}


def test_to_dict_is_json_ready():
    cands = lookup("Kharkov")
    doc = json.loads(json.dumps([c.to_dict() for c in cands], ensure_ascii=False))
    first = doc[0]
    for key in ("name", "kind", "country", "admin1", "lat", "lon", "score", "reason", "id"):
        assert key in first
    assert "geometry" not in first and "_index" not in first
    assert first["name"] == "Kharkiv"


def test_candidates_to_frame():
    gdf = candidates_to_frame(lookup("Kharkov"))
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["kind"][:2]) == ["city", "oblast"]
    assert gdf.geometry.iloc[0].geom_type == "Point"
    assert gdf.geometry.iloc[1].geom_type in ("Polygon", "MultiPolygon")
    assert gdf.geometry.iloc[1].contains(gdf.geometry.iloc[0])


def test_place_from_name_and_candidate_type():
    c = place_from_name("Glukhov")
    assert isinstance(c, Candidate)
    assert c.name == "Hlukhiv"


def test_shared_gazetteer_is_cached():
    assert get_gazetteer() is get_gazetteer()
    assert get_gazetteer(worldview="de_facto") is not get_gazetteer(worldview="de_jure")


# ----------------------------------------------------------------------------- raions
@pytest.mark.parametrize(
    ("query", "name", "oblast"),
    [
        ("Glushkovsky district", "Glushkovsky District", "Kursk Oblast"),
        ("Sudzhansky district", "Sudzhansky District", "Kursk Oblast"),
        ("Суджанский район", "Sudzhansky District", "Kursk Oblast"),
        ("Shebekinsky district", "Shebekinsky District", "Belgorod Oblast"),
        ("Сумський район", "Sumy Raion", "Sumy Oblast"),
        ("Sumy Raion", "Sumy Raion", "Sumy Oblast"),
        ("Kupiansk Raion", "Kupiansk Raion", "Kharkiv Oblast"),
        ("Купʼянський район", "Kupiansk Raion", "Kharkiv Oblast"),
    ],
)
def test_raions(query, name, oblast):
    top = lookup(query)[0]
    assert (top.name, top.kind, top.admin1) == (name, "raion", oblast)


def test_ukrainian_raion_by_russian_style_adjective():
    assert lookup("Kupyansky district")[0].name == "Kupiansk Raion"


@pytest.mark.parametrize("query", ["Чернігівський район", "Chernihiv Raion", "Nizhyn Raion"])
def test_chernihiv_oblast_raions(query):
    top = lookup(query)[0]
    assert (top.kind, top.admin1) == ("raion", "Chernihiv Oblast")


# ------------------------------------------------------------------- ranking issues
@pytest.mark.parametrize("query", ["Krym", "Крым"])
def test_krym_means_crimea(query):
    assert lookup(query)[0].id == "UA-43"


def test_kadiivka_located():
    top = lookup("Kadiivka")[0]
    assert not top.approx
    assert km_between(top.lat, top.lon, 48.567, 38.650) < 5


def test_filtered_out_message_is_not_self_suggestion():
    with pytest.raises(PlaceNotFoundError) as info:
        lookup("Sudzha", country="UA")
    assert "Sudzha" not in info.value.suggestions


def test_candidate_geometry_follows_the_worldview_it_was_looked_up_in():
    import shapely

    from geomap import lookup

    simferopol = shapely.Point(34.10, 44.95)
    assert lookup("Russia", worldview="de_facto")[0].geometry.contains(simferopol)
    assert not lookup("Russia", worldview="de_jure")[0].geometry.contains(simferopol)
    assert lookup("Ukraine", worldview="de_jure")[0].geometry.contains(simferopol)


# ------------------------------------------------------------ populations (issue #15)
def test_oblast_lookup_shows_real_population_with_source():
    c = lookup("Kharkiv Oblast")[0]
    assert c.kind == "oblast"
    assert 2_500_000 < c.population < 2_700_000
    assert "State Statistics Service of Ukraine" in c.population_source
    assert "2022" in c.population_source


def test_unknown_population_is_none():
    kursk = lookup("Kursk Oblast")[0]
    assert kursk.kind == "oblast" and kursk.population is None and kursk.population_source is None
    assert kursk.to_dict()["population"] is None


def test_no_two_oblasts_share_a_shown_population():
    gaz = get_gazetteer()
    shown = [
        gaz.candidate(i).population
        for i in range(len(gaz.entities))
        if gaz.col["kind"][i] == "oblast"
    ]
    known = [p for p in shown if p is not None]
    assert len(known) >= 24
    assert len(known) == len(set(known))
    assert 10**6 not in known


def test_city_section_is_not_a_city():
    """ "Pravyi Bereh" (a district of Mariupol) is no 352,088-person city; Mariupol is found."""
    try:
        cands = get_gazetteer().lookup("Pravyi Bereh", fuzzy=False)
    except PlaceNotFoundError:
        cands = []
    assert all((c.population or 0) < 100_000 for c in cands)
    mariupol = lookup("Mariupol")[0]
    assert mariupol.kind == "city" and mariupol.population > 100_000


# ------------------------------------------------------------ world places (issue #13 item 7)
@pytest.mark.parametrize(
    ("query", "country", "latlon"),
    [
        ("Berlin", "DE", (52.52, 13.40)),
        ("Istanbul", "TR", (41.01, 28.95)),
        ("Стамбул", "TR", (41.01, 28.95)),
        ("Geneva", "CH", (46.20, 6.15)),
        ("Женева", "CH", (46.20, 6.15)),
        ("Riyadh", "SA", (24.69, 46.72)),
        ("Washington", "US", (38.90, -77.04)),
        ("Вашингтон", "US", (38.90, -77.04)),
        ("Ankara", "TR", (39.93, 32.86)),
        ("Варшава", "PL", (52.23, 21.01)),
    ],
)
def test_world_city_first(query, country, latlon):
    """A world capital or big city beats a regional village of the same name."""
    c = lookup(query)[0]
    assert (c.kind, c.country) == ("city", country)
    _, _, dist = Geod(ellps="WGS84").inv(c.lon, c.lat, latlon[1], latlon[0])
    assert dist < 15_000


def test_berlin_village_still_found_with_a_filter():
    c = lookup("Berlin", country="RU")[0]
    assert c.kind == "village" and c.admin1 == "Chelyabinsk Oblast"


def test_world_places_cover_big_cities_and_capitals():
    gaz = get_gazetteer()
    world = gaz.entities[gaz.entities["source"] == "geonames-world"]
    assert len(world) > 25_000
    assert (world["population"] >= 15_000).mean() > 0.99  # the rest: small capitals
    # every country of the 240 GeoNames capitals has one
    assert world["country"].nunique() > 200


@pytest.mark.parametrize(
    ("query", "theatre"),
    [("Moscow", "RU"), ("Odessa", "UA"), ("Seversk", "UA"), ("Северск", "UA")],
)
def test_theatre_names_are_not_shadowed_by_world_namesakes(query, theatre):
    """Moscow (Idaho), Odessa (Texas), Seversk (Tomsk Oblast) do not take the theatre's names."""
    cands = lookup(query)
    assert cands[0].country == theatre
    assert all(c.country in ("UA", "RU", "BY") for c in cands)


# ------------------------------------------- Russian names of Ukrainian places (issue #13 item 2)
@pytest.mark.parametrize(
    ("query", "name", "code"),
    [
        ("Угледар", "Vuhledar", "UA-14"),
        ("Ugledar", "Vuhledar", "UA-14"),
        ("Курахово", "Kurakhove", "UA-14"),
        ("Работино", "Robotyne", "UA-23"),
        ("Rabotino", "Robotyne", "UA-23"),
        ("Малая Токмачка", "Mala Tokmachka", "UA-23"),
        ("Новоалександровка", "Novooleksandrivka", None),
        ("Novoaleksandrovka", "Novooleksandrivka", None),
        ("Красный Лиман", "Lyman", "UA-14"),
        ("Артемовск", "Bakhmut", "UA-14"),
        ("Artemovsk", "Bakhmut", "UA-14"),
        ("Великая Новоселка", "Velyka Novosilka", "UA-14"),
        ("Торецк", "Toretsk", "UA-14"),
        ("Красноармейск", "Pokrovsk", "UA-14"),
        ("Днепропетровск", "Dnipro", "UA-12"),
    ],
)
def test_russian_and_old_names_find_the_ukrainian_place(query, name, code, oblast_names):
    c = lookup(query)[0]
    assert c.country == "UA" and c.name == name
    if code:
        assert c.admin1 == oblast_names[code]
    # the old or Russian name asked for is shown with the answer
    assert c.matched == normalize(query)


def test_derived_russian_names_agree_with_geonames():
    """Derived Russian spellings match the Russian form GeoNames lists for most settlements."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
    import _ru_names

    pl = data.settlements()
    ua = pl[pl["katottg"] != ""]
    alts = [a.split("|") for a in ua["alt"]]
    total, hit = _ru_names.agreement(zip(ua["name_uk"], alts, strict=True))
    assert total > 2000
    assert hit / total > 0.74
    assert _ru_names.ru_forms("Новоолександрівка")[0] == "новоалександровка"
    assert "курахово" in _ru_names.ru_forms("Курахове")
    # і -> о in a closed syllable is one more form, not instead of і -> и / е
    assert {"подгорное", "пидгирное"} <= set(_ru_names.ru_forms("Підгірне"))
    assert "кировское" in _ru_names.ru_forms("Кіровське")
    assert _ru_names.ru_forms("Запоріжжя") == ["запорожье"]
    assert "харьковка" in _ru_names.ru_forms("Харківка")
    assert "песчаный брод" in _ru_names.ru_forms("Піщаний Брід")
    # a few forms per name: each is a search key and a possible false match
    n_forms = [len(_ru_names.ru_forms(n)) for n in ua["name_uk"]]
    assert sum(n_forms) / len(n_forms) < 2.3


@pytest.mark.parametrize(
    ("query", "admin1"),
    [
        # і -> о in a closed syllable, з + ськ -> жск: Запорізьке, Dnipropetrovsk Oblast
        ("Запорожское", "Dnipropetrovsk Oblast"),
        ("Zaporozhskoye", "Dnipropetrovsk Oblast"),
        ("Подгорное", None),
        ("Вольное", None),
        ("Ровное", None),
        ("Заречье", None),
        ("Чистополье", None),
    ],
)
def test_russian_spellings_with_o_for_ukrainian_i_find_the_village(query, admin1):
    # names shared with Russian villages: asked among Ukraine's places
    c = lookup(query, country=None if admin1 else "UA")[0]
    assert c.country == "UA" and c.kind in ("village", "town")
    if admin1:
        assert c.admin1 == admin1
    # the place's Ukrainian name has і where the Russian one has о
    pl = data.settlements()
    name_uk = pl.loc[pl["id"].astype(str) == c.id, "name_uk"].iloc[0]
    assert "і" in name_uk.casefold(), name_uk


def test_russian_name_of_a_big_city_is_the_listed_one_and_namesakes_share_theirs():
    """Рівне the city is Ровно in Russian, its villages Ровное; a Russian name GeoNames lists
    for one Кам’янське village is every such village's."""
    assert all((c.population or 0) < 100_000 for c in lookup("Ровное", limit=None))
    assert any(c.kind == "city" and c.population > 200_000 for c in lookup("Ровно"))
    pl = data.settlements()
    kam = pl[(pl["name_uk"] == "Кам’янське") & (pl["kind"] == "village")]
    assert len(kam) > 3 and set(kam["name_ru"]) == {"Каменское"}


# ------------------------------------------------ Russian districts and okrugs (issue #13 item 6)
@pytest.mark.parametrize(
    ("query", "centre", "code"),
    [
        ("Sudzhansky district", "Sudzha", "RU-KRS"),
        ("Rylsky urban okrug", "Rylsk", "RU-KRS"),
        ("Рыльский район", "Rylsk", "RU-KRS"),
        ("Краснояружский район", "Krasnaya Yaruga", "RU-BEL"),
        ("Krasnaya Yaruga district", "Krasnaya Yaruga", "RU-BEL"),
        ("Борисовский муниципальный округ", "Borisovka", "RU-BEL"),
        ("Borisovsky municipal okrug", "Borisovka", "RU-BEL"),
        ("Большесолдатский район", "Bolshoye Soldatskoye", "RU-KRS"),
        ("Glushkovsky district", "Glushkovo", "RU-KRS"),
        ("Суземский район", "Suzemka", "RU-BRY"),
        ("Starooskolsky urban okrug", "Staryy Oskol", "RU-BEL"),
    ],
)
def test_russian_district_or_okrug_is_a_raion_at_its_centre(query, centre, code, oblast_names):
    c = lookup(query)[0]
    assert c.kind == "raion" and c.country == "RU" and c.admin1 == oblast_names[code]
    town = lookup(centre, country="RU")[0]
    _, _, dist = Geod(ellps="WGS84").inv(c.lon, c.lat, town.lon, town.lat)
    assert dist < 2_000


def test_border_regions_have_all_their_districts():
    """Every adjectival district of Kursk, Belgorod and Bryansk oblasts is a raion with a centre."""
    r = data.raions()
    for code, at_least in (("RU-KRS", 28), ("RU-BEL", 21), ("RU-BRY", 27)):
        rr = r[r["admin1"] == code]
        assert len(rr) >= at_least, code
        assert rr["lat"].notna().all() and (rr["centre_id"] > 0).all()
        assert rr["adjective_ru"].str.endswith("ский").all()


def test_country_and_first_names_are_no_world_city_names():
    """ "Панама" is the country (not Panama City's alternate); "Artem" is no city in Primorsky Krai."""
    assert lookup("Панама")[0].kind == "country"
    assert all(c.country in ("UA", "RU", "BY") for c in lookup("Artem"))
