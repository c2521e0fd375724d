"""What each front-line source's features mean: status, name and age of an area (private).

* DeepStateMap API snapshots name each polygon ``"Ukrainian /// English ///
  key"``; the English part (or the key) tells occupied, contested (unknown
  status) and liberated areas, and :data:`DEEPSTATE_OCCUPIED` which were held
  before 2022. Mirror files have no names: every polygon is occupied.
* ISW feature-service layers say what they are in the layer's or the file's
  name (:func:`_isw_layer`).
* User files are read with status words in their properties or names, in
  English, Ukrainian and Russian (:func:`_user_status`).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "DEEPSTATE_OCCUPIED",
    "_clean_text",
    "_deepstate_row",
    "_isw_layer",
    "_split_deepstate_name",
    "_user_name",
    "_user_status",
]


def _clean_text(text: str) -> str:
    return " ".join(str(text).replace("\xa0", " ").split())


# --------------------------------------------------------------------------- DeepStateMap


#: English DeepStateMap names of occupied areas (value: held since before 2022).
DEEPSTATE_OCCUPIED = {"Occupied": False, "Occupied Crimea": True, "CADR and CALR": True}


def _split_deepstate_name(raw: str) -> tuple[str, str, str]:
    """``"Ukrainian /// English /// key"`` -> (ukrainian, english, key)."""
    parts = [_clean_text(p) for p in str(raw).split("///")]
    uk = parts[0] if parts else ""
    en = parts[1] if len(parts) > 1 else ""
    key = parts[2] if len(parts) > 2 else ""
    return uk, en, key


def _deepstate_status(english: str, key: str) -> tuple[str, bool] | None:
    """(status, pre2022) of a DeepStateMap polygon, None when it is not a control area."""
    if english in DEEPSTATE_OCCUPIED:
        return "occupied", DEEPSTATE_OCCUPIED[english]
    low = english.lower()
    if key.startswith("geoJSON.status.unknown") or low.startswith("unknown status"):
        return "contested", False
    if key.startswith("geoJSON.status.dismissed") or low.startswith(("liberated", "deoccupied")):
        return "liberated", False
    return None


def _deepstate_row(raw: str) -> tuple[str, bool, str] | None:
    """(status, pre2022, name) of a DeepStateMap polygon named ``raw``, None when it is not a control area.

    The name is the English part of ``"Ukrainian /// English /// key"``, or the
    Ukrainian one when there is no English part.
    """
    uk, en, key = _split_deepstate_name(raw)
    got = _deepstate_status(en, key)
    if got is None:
        return None
    return got[0], got[1], en or uk


# --------------------------------------------------------------------------- ISW


def _isw_layer(text: str) -> tuple[str, bool, str] | None:
    """(status, pre2022, label) of an ISW layer named in ``text`` (file or layer name)."""
    low = re.sub(r"[^a-z0-9]+", " ", str(text).lower())
    squashed = low.replace(" ", "")
    if "partisan" in squashed:
        return None
    if ("before" in low and ("2022" in low or "feb" in low)) or "pre2022" in squashed:
        return "occupied", True, "Russian-controlled before 24 February 2022"
    if "counteroffensive" in squashed:
        return "contested", False, "Claimed Ukrainian counteroffensives"
    if "advance" in squashed:
        return "contested", False, "Assessed Russian advances"
    if "claim" in squashed:
        return "contested", False, "Claimed Russian territory"
    if "control" in squashed or re.search(r"\bcot\b", low) or "russiacot" in squashed:
        return "occupied", False, "Assessed Russian control"
    return None


# --------------------------------------------------------------------------- user files


_USER_STATUS_WORDS = (
    ("liberated", ("liberat", "deoccup", "dismissed", "звільн", "освобож", "recaptured")),
    ("contested", ("contest", "unknown", "grey", "gray", "disputed", "невідом", "сіра", "серая")),
    ("contested", ("advance", "claim", "counteroffensive")),
    (
        "occupied",
        (
            "occup",
            "окуп",
            "оккуп",
            "ордло",
            "cadr",
            "calr",
            "russian control",
            "russian-control",
            "controlled by russia",
            "russian-held",
        ),
    ),
)


def _status_from_words(text: str) -> str | None:
    low = str(text).lower()
    for status, words in _USER_STATUS_WORDS:
        if any(w in low for w in words):
            return status
    return None


def _user_name(props: dict[str, Any]) -> str:
    for key in ("name", "Name", "NAME", "title", "label", "layer", "description"):
        if props.get(key):
            return _clean_text(props[key])
    return ""


def _user_status(props: dict[str, Any], name: str) -> str | None:
    for key, value in props.items():
        if str(key).lower() in ("status", "state", "control", "kind", "type") and value:
            got = _status_from_words(str(value))
            if got:
                return got
    return _status_from_words(name) if name else None
