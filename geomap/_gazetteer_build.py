"""Building the gazetteer's name index from the data tables.

:func:`_build` indexes countries, oblasts (and first-level units abroad),
raions and settlements under every name of :mod:`geomap._gazetteer_keys`;
:func:`_add_extra` appends extra settlements (cached GeoNames dumps) to a
loaded index; :func:`index_to_frames` flattens a built index to the tables
the data recipe ships (``data/build_data.py``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from . import data
from ._gazetteer_keys import (
    _W_ALT,
    _W_BARE,
    _W_CANONICAL,
    _W_FORM,
    _W_OFFICIAL,
    _W_VARIANT,
    _add,
    _oblast_keys,
    _oblast_stem,
    _raion_keys,
    _uk_to_ru_adj,
)
from ._gazetteer_load import _HOW, _apply_worldview, _columns_of
from ._log import get_logger
from ._name_index import NameIndex
from ._raion_centres import FORMER_SUFFIX, centre_keys, former_centres
from ._raion_names import area_name_keys, former_raion_keys
from ._translit import (
    is_cyrillic,
    latin_variants,
    normalize,
    ru_latin_variants,
    ru_to_latin,
    uk_to_ru_name,
)
from .lang import mapping, words

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["index_to_frames"]

log = get_logger("gazetteer")


def _figure(value) -> float:
    """A population figure from a data table as float (NaN where unknown)."""
    import pandas as pd

    if value is None or value is pd.NA or value != value:
        return np.nan
    return float(value)


def _build(worldview: str, extra: pd.DataFrame | None) -> tuple[pd.DataFrame, dict]:
    """The entity table and name index of ``worldview`` (plus ``extra`` settlements)."""
    import pandas as pd

    rows: list[dict] = []
    names: dict[str, list[tuple[int, float, str]]] = defaultdict(list)

    ob = data.oblasts(worldview="de_jure")
    code_to_name = dict(zip(ob["code"], ob["name"], strict=True))

    def new(rec: dict) -> int:
        rows.append(rec)
        return len(rows) - 1

    _index_countries(names, new, worldview)
    bare_aliases = _index_oblasts(names, new, ob, worldview)
    _index_world_admin1(names, new, worldview)
    raion_of = _index_raions(names, new, code_to_name, worldview)
    _add_raion_names(names, rows, raion_of)

    # settlements
    pl = data._read_table("places")
    if (data.data_dir() / "world_places.parquet").exists():
        # cities of 15,000+ people and capitals abroad (Istanbul, Geneva, Riyadh)
        world = data._read_table("world_places").drop(columns=["capital"])
        pl = pd.concat([pl, world[~world["id"].isin(pl["id"])]], ignore_index=True)
    if extra is not None and len(extra):
        pl = pd.concat([pl, extra[~extra["id"].isin(pl["id"])]], ignore_index=True)
    base = len(rows)
    ent_pl = _settlement_frame(pl, code_to_name, worldview)
    _index_settlements(names, pl, base)
    _index_city_by_names(names, pl, base)
    ents = _apply_worldview(pd.concat([pd.DataFrame(rows), ent_pl], ignore_index=True), worldview)
    _rank_bare_aliases(names, ents, bare_aliases)
    log.debug("gazetteer: %d entities, %d names", len(ents), len(names))
    return ents, dict(names)


def _index_countries(names, new, worldview: str) -> None:
    """Index the countries (rows made by ``new``) under their names."""
    co = data.countries(worldview="de_jure")
    for r in co.itertuples():
        idx = new(
            _unit_row(
                f"C-{r.iso2}", r.name, "country", r.iso2, "", r, worldview,
                population=10**7,  # a ranking prior; the figure is pop_figure
                pop_figure=_figure(getattr(r, "population", None)),
                pop_source=getattr(r, "population_source", "") or "",
            )
        )  # fmt: skip
        _add(names, normalize(r.name), idx, _W_CANONICAL, "canonical")
        for n in (r.name_ru, r.name_uk, *str(r.alt).split("|")):
            if n:
                _add(names, normalize(n), idx, _W_OFFICIAL, "alternate")


def _index_oblasts(names, new, ob: pd.DataFrame, worldview: str) -> list[tuple[str, int, str]]:
    """Index oblasts and federal cities; return their bare aliases (key, index, oblast name)."""
    bare_aliases: list[tuple[str, int, str]] = []  # (key, oblast index, oblast name)
    for r in ob.itertuples():
        kind = "oblast" if r.kind == "oblast" else "city"
        idx = new(
            _unit_row(
                r.code, r.name, kind, r.country, r.name, r, worldview,
                population=10**6 if kind == "oblast" else 0,  # ranking prior, as for countries
                pop_figure=_figure(getattr(r, "population", None)),
                pop_source=getattr(r, "population_source", "") or "",
                source="admin1",
            )
        )  # fmt: skip
        if kind == "city":
            # Kyiv, Moscow, Sevastopol ... are also settlements: the settlement row wins as "city";
            # keep the admin unit reachable by its explicit forms only.
            _add(names, normalize(f"{r.name} city"), idx, 0.8, "admin unit")
            continue
        for key, w, how in _oblast_keys(r):
            _add(names, key, idx, w, how)
            if how == "alternate" and w == _W_BARE:
                bare_aliases.append((key, idx, r.name))
    return bare_aliases


def _unit_row(
    rid, name: str, kind: str, country: str, admin1: str, at, worldview: str, **extra
) -> dict:
    """An administrative unit's gazetteer record, located at ``at``'s ``lat``/``lon``.

    ``extra`` overrides the defaults of a unit: ``population`` (a ranking prior, 0),
    ``pop_figure`` (NaN), ``pop_source`` (""), ``approx`` (False), ``source`` (``kind``).
    """
    row = {
        "id": rid,
        "name": name,
        "kind": kind,
        "country": country,
        "admin1": admin1,
        "lat": at.lat,
        "lon": at.lon,
        "population": 0,
        "pop_figure": np.nan,
        "pop_source": "",
        "approx": False,
        "raion": "",
        "source": kind,
        "worldview": worldview,
    }
    unknown = set(extra) - set(row)
    if unknown:
        msg = f"unknown gazetteer columns {sorted(unknown)}; use the columns of a unit row"
        raise ValueError(msg)
    row.update(extra)
    return row


def _raion_row(rid, name: str, country: str, admin1: str, at, worldview: str) -> dict:
    """A raion's gazetteer record, located at its centre (``at``); its position is approximate."""
    return _unit_row(rid, name, "raion", country, admin1, at, worldview, approx=True)


def _index_raions(
    names, new, code_to_name: dict[str, str], worldview: str
) -> dict[tuple[str, str], int]:
    """Index the raions; return the Ukrainian ones by (oblast code, normalised adjective)."""
    raion_of: dict[tuple[str, str], int] = {}  # (oblast code, adjective) -> index
    raions = data.raions()
    places = data._read_table("places")
    by_id = {str(p.id): p for p in places[places["country"] == "UA"].itertuples()}
    raion_idx: dict[int, str] = {}  # Ukraine's raions: index -> oblast code
    centres: list = []  # (index, centre row) of Ukraine's raions
    for r in raions.itertuples():
        idx = new(_raion_row(r.id, r.name, r.country, code_to_name.get(r.admin1, ""), r, worldview))
        for key, w, how in _raion_keys(r):
            _add(names, key, idx, w, how)
        if r.country == "UA":
            raion_of[(r.admin1, normalize(r.adjective))] = idx
            centre = by_id.get(str(r.centre_id))
            if centre is not None:  # "the Pologi district", "Васильевский район"
                centres.append((idx, centre))
            raion_idx[idx] = r.admin1
    for idx, centre in centres:
        others = {i: a for i, a in raion_idx.items() if i != idx}
        for key, w, adj in _centre_key_list(names, others, centre):
            _add(names, key, idx, w, "admin form" if adj else "alternate")
    towns = former_centres(places, raions)
    packed = {k for k, _ in former_raion_keys(raion_of, places)}  # the packs' former names
    _index_former_raions(names, new, towns, raion_idx, packed, code_to_name, worldview)
    return raion_of


def _centre_key_list(names, raion_idx: dict[int, str], centre) -> list[tuple[str, float, bool]]:
    """(key, weight, adjective?) of a raion named after ``centre`` (:func:`centre_keys`).

    A key that already names a raion of Ukraine in the centre's oblast (``raion_idx``:
    index -> oblast code), or a city district (``CITY_DISTRICT_NAMES``), is left out;
    namesakes elsewhere compete as usual.
    """
    city_districts = _CITY_DISTRICTS
    by_name, by_adj = centre_keys(centre)
    out = []
    for keys, w, adj in ((by_name, _W_ALT, False), (by_adj, _W_FORM, True)):
        for key in sorted(keys):
            if key.rsplit(" ", 1)[0] in city_districts:
                continue
            if any(raion_idx.get(i) == centre.admin1 for i, _, _ in names.get(key, ())):
                continue
            out.append((key, w, adj))
    return out


#: how much less a former raion's name counts than the same name of a current district
_FORMER_LESS = 0.02
_CITY_DISTRICTS = frozenset(normalize(w) for w in words("CITY_DISTRICT_NAMES"))


def _index_former_raions(
    names,
    new,
    towns,
    raion_idx: dict[int, str],
    packed: set[str],
    code_to_name: dict[str, str],
    worldview: str,
) -> None:
    """A raion record for each town that names a former raion ("the Volchansk district")."""
    for t in towns.itertuples():
        keys = [k for k in _centre_key_list(names, raion_idx, t) if k[0] not in packed]
        if not keys:
            continue
        idx = new(
            _raion_row(
                f"UA-R-former-{t.id}",
                f"{t.name}{FORMER_SUFFIX}",
                "UA",
                code_to_name.get(t.admin1, ""),
                t,
                worldview,
            )
        )
        for key, w, _ in keys:  # a current district of the name comes first, all else equal
            _add(names, key, idx, w - _FORMER_LESS, "former")


def _index_city_by_names(names, pl: pd.DataFrame, base: int) -> None:
    """Index the language packs' by-names of cities ("New York" for New York City)."""
    pos = {str(i): k for k, i in enumerate(pl["id"].tolist())}
    for key, pid in mapping("CITY_BY_NAMES").items():
        if str(pid) in pos:
            _add(names, normalize(key), base + pos[str(pid)], 1.0, "alternate")


def _rank_bare_aliases(
    names: dict[str, list[tuple[int, float, str]]],
    ents: pd.DataFrame,
    bare_aliases: list[tuple[str, int, str]],
) -> None:
    """Rank as an official name each oblast alias that names no settlement of the oblast.

    Such an alias ("Crimea", "Krym", "Volhynia") is a name of the region itself,
    not of its capital ("Kharkov"); ``bare_aliases`` holds (key, oblast index,
    oblast name).
    """
    admin1_of = ents["admin1"].to_numpy()
    kinds = ents["kind"].to_numpy()
    pops = ents["population"].to_numpy()
    for key, idx, oblast in bare_aliases:
        settled = any(
            kinds[i] in ("city", "town", "village")
            and (admin1_of[i] == oblast or pops[i] >= 50_000)
            for i, _, _ in names[key]
        )
        if not settled:  # the region's own name: official, no respelling of another's
            names[key] = [
                (i, _W_OFFICIAL, "official") if i == idx else (i, w, h) for i, w, h in names[key]
            ]


def _add_raion_names(names, rows: list[dict], raion_of: dict[tuple[str, str], int]) -> None:
    """Former raions' names and "-щина" area names (:mod:`geomap._raion_names`)."""
    for key, idx in former_raion_keys(raion_of, data._read_table("places")):
        _add(names, key, idx, _W_ALT, "former")
    for (_, adj), idx in raion_of.items():
        for key in sorted({*area_name_keys(adj), *area_name_keys(_uk_to_ru_adj(adj))}):
            if not any(rows[i]["kind"] == "oblast" for i, _, _ in names.get(key, ())):
                _add(names, key, idx, _W_FORM, "admin form")


def index_to_frames(ents: pd.DataFrame, names: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flatten a built index to two tables (for the data recipe to ship)."""
    import pandas as pd

    keys, idxs, weights, hows = [], [], [], []
    for key, lst in names.items():
        for i, w, how in lst:
            keys.append(key)
            idxs.append(i)
            weights.append(w)
            hows.append(_HOW.index(how))
    table = pd.DataFrame(
        {
            "key": keys,
            "idx": np.asarray(idxs, dtype=np.int32),
            "weight": np.asarray(weights, dtype=np.float32),
            "how": np.asarray(hows, dtype=np.int8),
        }
    )
    return ents.drop(columns=["worldview"]), table


def _index_world_admin1(names, new, worldview: str) -> None:
    """First-level units abroad (Irkutsk Oblast, Alaska): named like oblasts, drawn as points."""
    if not (data.data_dir() / "world_admin1.parquet").exists():
        return
    # a state named like a country or a city abroad ("Georgia", "Washington", "New York")
    # keeps that name for them: the state is named only with its word ("Washington state")
    taken = set(names) | set(mapping("CITY_BY_NAMES"))
    if (data.data_dir() / "world_places.parquet").exists():
        wp = data._read_table("world_places")
        taken |= {normalize(n) for n in wp["name"]}
        taken |= {normalize(a) for alt in wp["alt"] for a in str(alt).split("|") if a}
    for r in data._read_table("world_admin1").itertuples():
        idx = new(
            _unit_row(
                r.code, r.name, "oblast", r.country, r.name, r, worldview,
                population=10**6,  # the ranking prior of every oblast
                source="admin1_world",
            )
        )  # fmt: skip
        stem = normalize(_oblast_stem(r.name))
        keys = _oblast_keys(r)
        if r.country == "US":
            keys += [
                (f"{stem} state", _W_FORM, "admin form"),
                (f"state of {stem}", _W_FORM, "admin form"),
            ]
        for key, w, how in keys:
            if r.country == "US" and how != "admin form" and key in taken:
                continue
            _add(names, key, idx, w, how)


def _settlement_frame(
    pl: pd.DataFrame, code_to_name: dict[str, str], worldview: str
) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "id": pl["id"].astype(str),
            "name": pl["name"],
            "kind": pl["kind"],
            "country": pl["country"],
            "admin1": pl["admin1"].map(code_to_name).fillna(""),
            "lat": pl["lat"],
            "lon": pl["lon"],
            "population": pl["population"].astype(np.int64),
            "pop_figure": np.nan,
            "pop_source": "",
            "approx": pl["approx"].astype(bool),
            "raion": pl["raion"].fillna(""),
            "source": pl["source"],
            "worldview": worldview,
        }
    )


def _index_settlements(names, pl: pd.DataFrame, base: int) -> None:
    hromadas = pl["hromada"].fillna("") if "hromada" in pl else [""] * len(pl)
    ru_forms = pl["ru_forms"].fillna("").tolist() if "ru_forms" in pl else [""] * len(pl)
    for j, (name, uk, ru, alt, cc, hromada) in enumerate(
        zip(
            pl["name"],
            pl["name_uk"],
            pl["name_ru"],
            pl["alt"],
            pl["country"],
            hromadas,
            strict=True,
        )
    ):
        idx = base + j
        if hromada:
            # "Юнаківська громада" is named after Юнаківка: the adjective, only next to the
            # word for a hromada (the parser checks), names the settlement
            _add(names, normalize(hromada), idx, _W_BARE - 0.05, "hromada")
        _add(names, normalize(name), idx, _W_CANONICAL, "canonical")
        official = [n for n in (uk, ru) if n]
        for n in official:
            _add(names, normalize(n), idx, _W_OFFICIAL, "official")
        alts = [a for a in alt.split("|") if a] if alt else []
        for a in alts:
            _add(names, normalize(a), idx, _W_ALT, "alternate")
        for n in (*official, *[a for a in alts if is_cyrillic(a)]):
            for v in sorted(latin_variants(n)):
                _add(names, normalize(v), idx, _W_VARIANT, "transliterated")
        if cc == "UA" and uk:
            _add(names, normalize(ru_to_latin(uk)), idx, _W_VARIANT, "transliterated")
            _add(names, uk_to_ru_name(uk), idx, _W_VARIANT - 0.02, "transliterated")
            # derived Russian spellings (Новоалександровка) and their romanisations
            for form in ru_forms[j].split("|") if ru_forms[j] else ():
                _add(names, normalize(form), idx, _W_VARIANT - 0.02, "transliterated")
                for v in sorted(ru_latin_variants(form)):
                    _add(names, normalize(v), idx, _W_VARIANT - 0.03, "transliterated")


def _add_extra(cols: dict[str, np.ndarray], names, extra: pd.DataFrame, worldview: str):
    """Index extra settlements (cached GeoNames dumps) on top of the prebuilt index.

    Their names are appended after each key's own entries, as if indexed with them.
    """
    known = set(cols["id"].tolist())
    extra = extra[~extra["id"].astype(str).isin(known)].reset_index(drop=True)
    if not len(extra):
        return cols, names
    ob = data.oblasts(worldview="de_jure")
    code_to_name = dict(zip(ob["code"], ob["name"], strict=True))
    base = len(cols["id"])
    new = _columns_of(
        _apply_worldview(_settlement_frame(extra, code_to_name, worldview), worldview)
    )
    cols = {c: np.concatenate([v, new[c].astype(v.dtype)]) for c, v in cols.items()}
    if isinstance(names, NameIndex):
        added: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
        _index_settlements(added, extra, base)
        return cols, names.with_extra(added)
    names = defaultdict(list, names)
    _index_settlements(names, extra, base)
    return cols, dict(names)
