"""Loading the gazetteer: the compact prebuilt index or the shipped tables, and worldviews.

:func:`_load_prebuilt` reads ``gazetteer_index.npz`` (:mod:`geomap._name_index`),
falling back to :func:`_load_tables` (the ``gazetteer_{entities,names}.parquet``
tables); :func:`_apply_worldview` and :func:`_apply_worldview_columns` put
Crimea and Sevastopol in Russia for the de facto worldview.

>>> _HOW.index("canonical")
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import data
from ._log import get_logger
from ._name_index import INDEX_FILE, load_index

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__: list[str] = []

log = get_logger("gazetteer")


_HOW = (
    "canonical",
    "official",
    "alternate",
    "transliterated",
    "bare",
    "admin form",
    "admin unit",
    "metonym",
    "hromada",
    "former",
)


def _columns_of(ents: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns of an entity table as arrays (strings as object arrays of ``str``)."""
    return {
        c: (
            ents[c].to_numpy(dtype=object)
            if ents[c].dtype == object or str(ents[c].dtype).startswith(("string", "str"))
            else ents[c].to_numpy()
        )
        for c in ents.columns
    }


def _apply_worldview_columns(cols: dict[str, np.ndarray], view: str) -> dict[str, np.ndarray]:
    """:func:`_apply_worldview` on plain columns (the prebuilt index)."""
    n = len(cols["id"])
    cols["worldview"] = np.full(n, view, dtype=object)
    if view == "de_facto":
        admin1, kind = cols["admin1"], cols["kind"]
        crimea = np.isin(admin1, ["Autonomous Republic of Crimea", "Sevastopol"]) & (
            kind != "country"
        )
        country = cols["country"].copy()
        country[crimea] = "RU"
        cols["country"] = country
    return cols


def _apply_worldview(ents: pd.DataFrame, view: str) -> pd.DataFrame:
    """Set the worldview of an entity table: de facto puts Crimea and Sevastopol in Russia."""
    ents["worldview"] = view
    if view == "de_facto":
        crimea = ents["admin1"].isin(["Autonomous Republic of Crimea", "Sevastopol"]) & (
            ents["kind"] != "country"
        )
        ents.loc[crimea, "country"] = "RU"
    return ents


def _load_prebuilt(view: str):
    """Entity columns and name index from the compact prebuilt index (or the tables)."""
    folder = data.data_dir()
    found = load_index(folder / INDEX_FILE, _HOW)
    if found is not None:
        cols, names, facts = found
        return _apply_worldview_columns(cols, view), names, facts
    log.warning("no usable %s in %s: reading the gazetteer tables", INDEX_FILE, folder)
    return _load_tables(view)


def _load_tables(view: str):
    """Entity columns and name dict from ``gazetteer_{entities,names}.parquet`` (slower)."""
    import pandas as pd

    folder = data.data_dir()
    ent_path, names_path = folder / "gazetteer_entities.parquet", folder / "gazetteer_names.parquet"
    if not (ent_path.exists() and names_path.exists()):
        return None
    ents = _apply_worldview(pd.read_parquet(ent_path), view)
    table = pd.read_parquet(names_path)
    names: dict[str, list[tuple[int, float, str]]] = {}
    for key, i, w, h in zip(
        table["key"].tolist(),
        table["idx"].tolist(),
        table["weight"].tolist(),
        table["how"].tolist(),
        strict=True,
    ):
        entry = (i, round(w, 4), _HOW[h])
        lst = names.get(key)
        if lst is None:
            names[key] = [entry]
        else:
            lst.append(entry)
    return _columns_of(ents), names, {}
