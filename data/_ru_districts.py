"""Russian districts and okrugs (GeoNames admin-2) as raions: forms, centres, Russian adjectives.

Used by ``data/build_data.py``. Russia has turned most districts into municipal
or urban okrugs ("Rylsky urban okrug", "Борисовский муниципальный округ");
GeoNames names them "Ryl’skiy Rayon", "Starooskolsky Urban Okrug". The centre
of a district is found from its adjective ("Sudzhanskiy" -> Sudzha); the
centres whose adjective does not start with their name are listed in
:data:`IRREGULAR_CENTRES`. No pinned registry package provides the polygons of
Russian districts: they are located by their centre only.
"""

from __future__ import annotations

import re

__all__ = ["IRREGULAR_CENTRES", "adjective_ru", "parse_admin2"]

#: (admin-1 code, adjective stem as GeoNames writes it) -> centre as GeoNames names it.
IRREGULAR_CENTRES: dict[tuple[str, str], str] = {
    ("RU-KRS", "Bolshesoldat"): "Bol'shoye Soldatskoye",
    ("RU-KRS", "Sovet"): "Kshenskiy",
    ("RU-KRS", "Oktyabr"): "Pryamitsyno",
    ("RU-KRS", "Kastoren"): "Kastornoye",
    ("RU-KRS", "Gorshechen"): "Gorshechnoye",
    ("RU-BEL", "Krasnoyaruzh"): "Krasnaya Yaruga",
    ("RU-BEL", "Rakityan"): "Rakitnoye",
    ("RU-BEL", "Novooskol"): "Novyy Oskol",
    ("RU-BEL", "Starooskol"): "Staryy Oskol",
    ("RU-BEL", "Krasnogvardey"): "Biryuch",
    ("RU-BEL", "Alekseyev"): "Alekseyevka",
    ("RU-BEL", "Gubkin"): "Gubkin",
    ("RU-BRY", "Krasnogor"): "Krasnaya Gora",
    ("RU-BRY", "Brasov"): "Lokot'",
}

_NAME = re.compile(
    r"^(?P<stem>.+?)(skiy|skii|sky|ski|skij)\s+"
    r"(?P<unit>Rayon|Raion|District|Urban Okrug|Municipal Okrug|Gorodskoy Okrug)$"
)


def parse_admin2(name: str) -> tuple[str, str, str] | None:
    """("Ryl’", "Ryl", "district") from "Ryl’skiy Rayon": stem with and without soft signs, unit.

    None for names that are no adjectival district ("Gorodskoy Okrug Kursk").
    """
    m = _NAME.match(name.replace("'", "’"))
    if not m:
        return None
    unit = m.group("unit")
    kind = (
        "urban okrug"
        if unit in ("Urban Okrug", "Gorodskoy Okrug")
        else ("municipal okrug" if unit == "Municipal Okrug" else "district")
    )
    soft = m.group("stem")
    return soft, soft.replace("’", ""), kind


def adjective_ru(soft_stem: str, latin_adj_to_ru) -> str:
    """Russian adjective of a district from its romanised stem; ’ marks a soft sign (рыльский)."""
    parts = [p for p in soft_stem.split("’")]
    cyr = [latin_adj_to_ru(p + "sky")[: -len("ский")] if p else "" for p in parts]
    return "ь".join(cyr) + "ский"
