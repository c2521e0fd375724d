"""The bundled regional data set: oblasts, countries, borders, settlements, raions.

Everything is read lazily, once per process, from compact GeoParquet files
inside the package (``geomap/_data``), built by ``make data`` from pinned
registry packages (see ``data/README.md`` for sources and attribution:
Natural Earth, public domain; GeoNames, CC-BY 4.0; KATOTTG).

Ukraine's land borders come from OpenStreetMap at about 10 m resolution
(``borders_10m.parquet``, ODbL): the Ukraine polygon, its border lines and the
oblasts along them (Ukrainian ones fitted to the outline, Russian and
Belarusian ones up to it) replace Natural Earth's there; the rest is Natural
Earth.

Borders follow the ``worldview`` setting: ``"de_jure"`` (default:
internationally recognised borders, Crimea and Sevastopol in Ukraine) or
``"de_facto"`` (Crimea and Sevastopol under Russia, with the isthmus line as a
border). Occupation elsewhere is what the front-line layer shows.

>>> from geomap import data
>>> ob = data.oblasts()
>>> ob.loc[ob["code"] == "UA-43", ["name", "country"]].values.tolist()
[['Autonomous Republic of Crimea', 'UA']]
>>> data.oblasts(worldview="de_facto").set_index("code").at["UA-43", "country"]
'RU'
>>> sorted(data.borders().query("status == 'international'").pipe(lambda b: set(b.left) | set(b.right)) & {"UA", "RU", "BY"})
['BY', 'RU', 'UA']
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ._errors import DataError
from .settings import check_worldview

if TYPE_CHECKING:  # pragma: no cover - imported where used, so ``import geomap.data`` is cheap
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "ATTRIBUTION",
    "borders",
    "countries",
    "data_dir",
    "manifest",
    "oblasts",
    "raions",
    "resolve_worldview",
    "rivers",
    "settlements",
]

#: Attribution line for maps and reports built on the bundled data.
ATTRIBUTION = (
    "Boundaries: Natural Earth (public domain); Ukraine's land borders: "
    "© OpenStreetMap contributors (ODbL), via geo-maps. Places: GeoNames (CC-BY 4.0), KATOTTG."
)

_WORLDVIEWS = ("de_jure", "de_facto")
#: Grid (degrees) of the 10 m border file's coordinates (``data/_border.py``).
_GRID_DEG = 1e-6


def data_dir() -> Path:
    """Folder holding the bundled data files.

    Returns
    -------
    Path
        The ``geomap/_data`` folder of the installed package.
    """
    return Path(str(resources.files("geomap") / "_data"))


def manifest() -> dict:
    """Sources, versions, licences and checksums of the bundled data.

    Returns
    -------
    dict
        The parsed ``manifest.json`` of the data folder.
    """
    return json.loads((data_dir() / "manifest.json").read_text(encoding="utf-8"))


def resolve_worldview(worldview: str | None) -> str:
    """Return a valid worldview name.

    Parameters
    ----------
    worldview : {"de_jure", "de_facto"} or None
        The worldview asked for; ``None`` (or "") means the configured default.

    Returns
    -------
    str
        ``"de_jure"`` or ``"de_facto"``.

    Raises
    ------
    DataError
        When ``worldview`` names no worldview.
    """
    return check_worldview(worldview or None)


@functools.cache
def _read_geo(name: str) -> gpd.GeoDataFrame:
    path = data_dir() / f"{name}.parquet"
    if not path.exists():  # pragma: no cover - broken installation
        msg = f"bundled data file {path.name!r} is missing; reinstall geomap or run 'make data'"
        raise DataError(msg)
    import geopandas as gpd

    return gpd.read_parquet(path)


@functools.cache
def _read_table(name: str) -> pd.DataFrame:
    import pandas as pd

    return pd.read_parquet(data_dir() / f"{name}.parquet")


def oblasts(
    *, worldview: str | None = None, countries: tuple[str, ...] | None = None
) -> gpd.GeoDataFrame:
    """First-level units (oblasts, krais, republics, federal cities) of UA, RU, BY.

    Parameters
    ----------
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings).
    countries : tuple of str, optional
        ISO alpha-2 codes to keep (``("UA",)``); default all three.

    Returns
    -------
    GeoDataFrame
        EPSG:4326; columns ``code`` (ISO 3166-2), ``name`` (canonical),
        ``name_uk``, ``name_ru``, ``kind`` (oblast or city), ``country``,
        ``gn_admin1``, ``lat``, ``lon`` (administrative centre),
        ``label_lat``, ``label_lon`` (where a map writes the name), ``alt`` (alternate
        names joined by ``|``), ``geometry``.

    Examples
    --------
    >>> len(oblasts(countries=("UA",)))
    27
    """
    view = resolve_worldview(worldview)
    gdf = _admin1_10m().copy()
    if view == "de_facto":
        gdf["country"] = gdf["country_de_facto"]
    gdf = gdf.drop(columns=["country_de_facto"])
    if countries:
        gdf = gdf[gdf["country"].isin([c.upper() for c in countries])]
    return gdf.reset_index(drop=True)


def countries(*, worldview: str | None = None) -> gpd.GeoDataFrame:
    """Country polygons: UA, BY and European Russia built from their oblasts, others from NE 50m.

    Parameters
    ----------
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings).

    Returns
    -------
    GeoDataFrame
        EPSG:4326, one row per country with its ISO alpha-2 code ``iso2``.

    Examples
    --------
    >>> c = countries().set_index("iso2")
    >>> bool(c.at["UA", "geometry"].contains(__import__("shapely").Point(34.1, 44.95)))  # Simferopol
    True
    """
    view = resolve_worldview(worldview)
    gdf = _read_geo("countries")
    gdf = gdf[gdf["worldview"].isin(["any", view])].drop(columns=["worldview"]).copy()
    fine = _border_rows("country")
    fine = fine[fine["worldview"] == view].set_index("code").geometry
    hit = gdf["iso2"].isin(fine.index)
    gdf.loc[hit, "geometry"] = gdf.loc[hit, "iso2"].map(fine).to_numpy()
    return gdf.reset_index(drop=True)


def borders(*, worldview: str | None = None) -> gpd.GeoDataFrame:
    """International land boundary lines touching UA, RU or BY.

    Ukraine's land borders come from OpenStreetMap at about 10 m resolution
    (the RU-UA line is about 2,020 km long); the others from Natural Earth
    1:10m. Columns ``left`` and ``right`` (ISO alpha-2), ``status``
    (international or disputed) and ``geometry``. In the de facto view the
    Crimean isthmus line (``status == "disputed"``) is included; the de jure
    view leaves it out.

    Parameters
    ----------
    worldview : {"de_jure", "de_facto"}, optional
        Whether the Crimean isthmus line is a border (de facto) or not (default
        from settings).

    Returns
    -------
    GeoDataFrame
        EPSG:4326 lines with ``left``, ``right``, ``status``, ``geometry``.

    Examples
    --------
    >>> from geomap._geodesy import geodesic_length_km
    >>> b = borders().query("left == 'RU' and right == 'UA'")
    >>> round(geodesic_length_km(b.geometry.iloc[0]), -1)
    2020.0
    """
    view = resolve_worldview(worldview)
    gdf = _borders_10m()
    if view == "de_jure":
        gdf = gdf[gdf["status"] != "disputed"]
    return gdf.reset_index(drop=True)


@functools.cache
def _border_rows(kind: str) -> gpd.GeoDataFrame:
    """Rows of one kind (line, country, oblast) of the 10 m border file."""
    gdf = _read_geo("borders_10m")
    return gdf[gdf["kind"] == kind].reset_index(drop=True)


@functools.cache
def _admin1_10m() -> gpd.GeoDataFrame:
    """Admin-1 units with the polygons fitted to Ukraine's 10 m border where there are some."""
    import shapely

    gdf = _read_geo("admin1").copy()
    # the fitted units are on a 1e-6 degree grid (~0.1 m); put the others on it too so that
    # shared edges keep identical vertices
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, _GRID_DEG)
    fine = _border_rows("oblast").set_index("code").geometry
    hit = gdf["code"].isin(fine.index)
    gdf.loc[hit, "geometry"] = gdf.loc[hit, "code"].map(fine).to_numpy()
    return gdf


@functools.cache
def _borders_10m() -> gpd.GeoDataFrame:
    """Natural Earth's boundary lines with Ukraine's replaced by the 10 m ones."""
    import geopandas as gpd
    import pandas as pd

    ne = _read_geo("borders")
    ne = ne[(ne["left"] != "UA") & (ne["right"] != "UA")]
    fine = _border_rows("line")[["left", "right", "status", "geometry"]]
    gdf = pd.concat([ne, fine.to_crs(ne.crs)], ignore_index=True)
    gdf = gpd.GeoDataFrame(gdf, geometry="geometry", crs=ne.crs)
    return gdf.sort_values(["left", "right", "status"]).reset_index(drop=True)


def settlements() -> gpd.GeoDataFrame:
    """Every settlement of the gazetteer as points (EPSG:4326).

    Returns
    -------
    GeoDataFrame
        A fresh copy, one row per settlement. Columns: ``id`` (GeoNames id; negative for codifier-only villages),
    ``name`` (canonical), ``name_uk``, ``name_ru``, ``kind`` (city, town,
    village), ``country``, ``admin1`` (ISO 3166-2 code), ``oblast``
    (canonical oblast name), ``raion`` (Ukrainian raion, in Ukrainian),
    ``population``, ``approx`` (True when placed at its hromada centre),
    ``source``, ``alt``, ``geometry``.

    Examples
    --------
    >>> s = settlements()
    >>> s.set_index("name").loc["Sumy", "kind"]
    'city'
    """
    return _settlements().copy()


@functools.cache
def _settlements() -> gpd.GeoDataFrame:
    import geopandas as gpd

    df = _read_table("places")
    names = _oblast_names()
    gdf = gpd.GeoDataFrame(
        df.assign(oblast=df["admin1"].map(names)),
        geometry=gpd.points_from_xy(df["lon"], df["lat"]),
        crs="EPSG:4326",
    )
    return gdf


def rivers() -> gpd.GeoDataFrame | None:
    """Main rivers of the region as lines (Natural Earth 1:50m), or None when not bundled.

    Built by ``data/_rivers.py``; see ``data/README.md``.

    Returns
    -------
    GeoDataFrame or None
        One ``geometry`` column (EPSG:4326): the Dnipro, Dniester, Southern
        Bug, Don, Danube...; None when the data set has no rivers file.

    Examples
    --------
    >>> r = rivers()
    >>> bool(r.intersects(__import__("shapely").box(30.4, 50.3, 30.7, 50.6)).any())  # Kyiv
    True
    """
    if not (data_dir() / "rivers.parquet").exists():
        return None
    return _read_geo("rivers")


def raions() -> pd.DataFrame:
    """Raions (districts) with their oblast and centre.

    Returns
    -------
    DataFrame
        One row per raion: ``id``, ``name`` (with ``name_uk``, ``name_ru``,
        ``alt``), ``admin1`` code and ``oblast`` (canonical oblast name),
        ``centre`` (its centre's name, ``centre_id``) and the ``lat``/``lon``
        of the centre.
    """
    df = _read_table("raions").copy()
    df["oblast"] = df["admin1"].map(_oblast_names())
    return df


@functools.cache
def _oblast_names() -> dict[str, str]:
    a1 = _read_geo("admin1")
    return dict(zip(a1["code"], a1["name"], strict=True))
