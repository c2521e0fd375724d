"""GeoNames country dumps (``UA.zip``...) to place rows of the bundled gazetteer's shape.

The reading half of :mod:`geomap._geonames`: a dump's table, alternate names
(English, Russian), kinds from feature codes, admin1 names; zip members are
checked and read with caps (:mod:`geomap._zipsafe`). Fetching and caching stay
in :mod:`geomap._geonames`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ._errors import DataError, FetchError, InputError
from ._log import get_logger
from ._translit import is_cyrillic, normalize
from ._zipsafe import CappedReader, check_member

if TYPE_CHECKING:  # pragma: no cover - pandas is imported where a dump is read
    import pandas as pd

__all__ = [
    "GEONAMES_COLUMNS",
    "PLACES_COLUMNS",
    "SOURCE",
    "places_from_table",
    "places_from_zip",
]

log = get_logger("geonames")

#: Countries whose dumps the updater reads.
COUNTRIES = ("UA", "RU", "BY")
SOURCE = "geonames-dump"
#: The 19 columns of the GeoNames ``geoname`` table, in file order.
GEONAMES_COLUMNS = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1_code",
    "admin2_code",
    "admin3_code",
    "admin4_code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
)
#: Columns of the bundled ``places`` table (and of the cached dump conversions).
PLACES_COLUMNS = (
    "id",
    "name",
    "name_uk",
    "name_ru",
    "kind",
    "country",
    "admin1",
    "raion",
    "lat",
    "lon",
    "population",
    "approx",
    "source",
    "katottg",
    "alt",
)
#: Populated-place feature codes left out: historical, abandoned, sections of a city.
SKIPPED_CODES = frozenset({"PPLH", "PPLCH", "PPLQ", "PPLX"})
#: Largest dump accepted (bytes, compressed and uncompressed).
MAX_DUMP_BYTES = 1 << 30
MAX_TXT_BYTES = 512 << 20

_ALT_OK = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u0400-\u04FF'’ʼ`\-\.\(\)]+$")
_NOT_RUSSIAN = set("іїєґўІЇЄҐЎ")
_HEX = re.compile(r"^\s*([0-9a-fA-F]{32}|[0-9a-fA-F]{64})\b")


# ---------------------------------------------------------------------- convert
def _useful_alt(name: str) -> bool:
    if not name or len(name) < 3 or not _ALT_OK.match(name):
        return False
    # IATA-like codes (HRK, UMY) and short all-caps abbreviations make false hits
    return not (name.isupper() and len(name) <= 4)


def _english(name: str) -> str:
    """Standard English form of a GeoNames name: no apostrophes or soft-sign marks, ë -> e."""
    for ch in "’'ʹʼ`":
        name = name.replace(ch, "")
    return name.replace("ë", "e").replace("Ë", "E")


def _alts(name: str, candidates: Iterable[str]) -> str:
    seen = {normalize(name)}
    kept = []
    for a in candidates:
        a = a.strip()
        key = normalize(a)
        if _useful_alt(a) and key and key not in seen:
            seen.add(key)
            kept.append(a)
    return "|".join(kept)


def _russian_name(alts: list[str]) -> str:
    for a in alts:
        if _useful_alt(a) and is_cyrillic(a) and not (set(a) & _NOT_RUSSIAN):
            return a.strip()
    return ""


def _admin1_map() -> dict[str, str]:
    """GeoNames admin-1 key ("UA.21") -> ISO 3166-2 code, for every bundled unit."""
    from . import data

    ob = data.oblasts(worldview="de_jure")
    return {str(g): str(c) for g, c in zip(ob["gn_admin1"], ob["code"], strict=True) if g}


def _kind(country: str, code: str, population: int) -> str:
    if code in ("PPLC", "PPLA") or population >= (10_000 if country == "UA" else 20_000):
        return "city"
    if population >= (2_000 if country == "UA" else 3_000):
        return "town"
    return "village"


def places_from_table(table: pd.DataFrame, *, country: str) -> pd.DataFrame:
    """Convert rows of a GeoNames ``geoname`` table to the bundled ``places`` schema.

    Parameters
    ----------
    table : DataFrame
        String columns named as :data:`GEONAMES_COLUMNS`.
    country : str
        ISO alpha-2 code of the dump; rows of other countries are dropped.

    Returns
    -------
    DataFrame
        Columns :data:`PLACES_COLUMNS`, one row per kept populated place,
        sorted by ``id``.

    Raises
    ------
    DataError
        Missing columns, or ids / coordinates that are not numbers.
    """
    import pandas as pd

    cc = country.upper()
    missing = [c for c in GEONAMES_COLUMNS if c not in table.columns]
    if missing:
        msg = f"GeoNames table for {cc} lacks columns {missing}; give the official <CC>.txt dump"
        raise DataError(msg)
    t = table[
        (table["feature_class"] == "P")
        & (table["country_code"] == cc)
        & ~table["feature_code"].isin(SKIPPED_CODES)
    ]
    dups = t["geonameid"].duplicated()
    if dups.any():
        log.warning("GeoNames %s: %d duplicate rows (same geonameid) left out", cc, int(dups.sum()))
        t = t[~dups]
    a1 = (cc + "." + t["admin1_code"].astype(str)).map(_admin1_map())
    t = t.assign(_admin1=a1)[a1.notna()]
    ids = pd.to_numeric(t["geonameid"], errors="coerce")
    lat = pd.to_numeric(t["latitude"], errors="coerce")
    lon = pd.to_numeric(t["longitude"], errors="coerce")
    bad = ids.isna() | lat.isna() | lon.isna() | ~lat.between(-90, 90) | ~lon.between(-180, 180)
    if bad.any():
        first = t.index[bad.to_numpy()][0]
        msg = (
            f"GeoNames {cc} row {int(first) + 1} has a bad id or coordinates "
            f"({t.at[first, 'geonameid']!r}, {t.at[first, 'latitude']!r}, {t.at[first, 'longitude']!r}); "
            "the file is not a GeoNames dump or is corrupt, download it again"
        )
        raise DataError(msg)
    pop = pd.to_numeric(t["population"], errors="coerce").fillna(0).clip(lower=0).astype(np.int64)
    rows = []
    for name, ascii_name, alt, code, a1code, p in zip(
        t["name"],
        t["asciiname"],
        t["alternatenames"],
        t["feature_code"],
        t["_admin1"],
        pop,
        strict=True,
    ):
        alts = [a for a in str(alt).split(",") if a] if alt else []
        eng = _english(str(name).strip() or str(ascii_name))
        rows.append(
            (
                eng,
                _russian_name(alts) if cc != "UA" else "",
                _kind(cc, str(code), int(p)),
                a1code,
                _alts(eng, [str(name), str(ascii_name), *alts]),
            )
        )
    names, name_ru, kinds, admin1, alt_col = (
        (list(col) for col in zip(*rows, strict=True)) if rows else ([],) * 5
    )
    out = pd.DataFrame(
        {
            "id": ids.astype(np.int64).to_numpy(),
            "name": names,
            "name_uk": "",
            "name_ru": name_ru,
            "kind": kinds,
            "country": cc,
            "admin1": admin1,
            "raion": "",
            "lat": lat.astype(float).to_numpy(),
            "lon": lon.astype(float).to_numpy(),
            "population": pop.to_numpy(),
            "approx": False,
            "source": SOURCE,
            "katottg": "",
            "alt": alt_col,
        },
        columns=list(PLACES_COLUMNS),
    )
    out["approx"] = out["approx"].astype(bool)
    for col in ("name_uk", "name_ru", "country", "raion", "source", "katottg", "alt"):
        out[col] = out[col].astype(str)
    return out.sort_values("id").reset_index(drop=True)


def _read_dump_text(fh, *, label: str) -> pd.DataFrame:
    import pandas as pd

    try:
        table = pd.read_csv(
            fh,
            sep="\t",
            header=None,
            dtype=str,
            quoting=csv.QUOTE_NONE,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8",
            engine="c",
        )
    except pd.errors.EmptyDataError:
        msg = f"{label} is empty; download the dump again"
        raise DataError(msg) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        msg = f"{label} is not a GeoNames table ({reason}); download the dump again"
        raise DataError(msg) from None
    if table.shape[1] != len(GEONAMES_COLUMNS):
        msg = (
            f"{label} has {table.shape[1]} columns, not the {len(GEONAMES_COLUMNS)} of a GeoNames "
            "geoname table; download the official dump"
        )
        raise DataError(msg)
    table.columns = list(GEONAMES_COLUMNS)
    dated = table["modification_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    if not dated.all():
        line = int(np.flatnonzero(~dated.to_numpy())[0]) + 1
        msg = (
            f"{label} line {line} lacks the modification date of a GeoNames row "
            "(missing or shifted fields); download the dump again"
        )
        raise DataError(msg)
    return table


def _open_zip(data: bytes, *, country: str, label: str) -> tuple[zipfile.ZipFile, zipfile.ZipInfo]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        msg = f"{label} is not a valid zip archive ({exc}); download it again"
        raise FetchError(msg) from None
    except (OSError, RuntimeError, NotImplementedError, zlib.error) as exc:  # bad compression
        msg = f"{label} cannot be read as a zip ({exc}); download it again"
        raise FetchError(msg) from None
    member = f"{country}.txt"
    try:
        info = zf.getinfo(member)
    except KeyError:
        names = ", ".join(zf.namelist()[:5]) or "nothing"
        msg = f"{label} does not contain {member!r} (it holds {names}); check --base-url"
        raise DataError(msg) from None
    check_member(info, label=label, max_bytes=MAX_TXT_BYTES, error=FetchError)
    return zf, info


def _check_country(country: str) -> str:
    cc = str(country).strip().upper()
    if cc not in COUNTRIES:
        msg = f"unknown country {country!r}; use one or more of {', '.join(COUNTRIES)}"
        raise InputError(msg)
    return cc


def places_from_zip(data: bytes, *, country: str, label: str | None = None) -> pd.DataFrame:
    """Verify a GeoNames country zip (``<CC>.zip``) and convert it to the ``places`` schema.

    Raises :class:`FetchError` for a damaged archive and :class:`DataError`
    when ``<CC>.txt`` is missing or is not a 19-column ``geoname`` table.
    See the module example.
    """
    cc = _check_country(country)
    label = label or f"{cc}.zip"
    zf, info = _open_zip(data, country=cc, label=label)
    try:
        with zf, zf.open(info) as raw:
            # sizes are counted while decompressing: the declared size may lie
            capped = CappedReader(
                raw, name=info.filename, label=label, max_bytes=MAX_TXT_BYTES, error=FetchError
            )
            with io.BufferedReader(capped, 1 << 20) as fh:
                table = _read_dump_text(fh, label=f"{info.filename} in {label}")
    except (RuntimeError, NotImplementedError, zlib.error, zipfile.BadZipFile, EOFError) as exc:
        msg = f"{label} cannot be unpacked ({exc}); download it again"
        raise FetchError(msg) from None
    return places_from_table(table, country=cc)
