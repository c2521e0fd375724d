"""The gazetteer's compact prebuilt index: entity columns and the name index in one file.

``gazetteer_index.npz`` (written by ``make data`` next to the gazetteer tables it is
derived from) holds

* the entity table as plain columns: numbers as arrays, strings as one UTF-8 blob
  per column (``\\x00``-separated), so loading needs numpy only, not pandas or pyarrow;
* the ids of the world's national capitals (``capital_ids``, from ``world_places``);
* the name index: a ``marisa-trie`` of the normalised names (key -> trie id), the
  position of each key in the original index order (``order``), and the entries
  of each key, ``(entity row, weight, how)``, stored flat and grouped by key.

:class:`NameIndex` reads it as a read-only mapping ``key -> [(row, weight, how), ...]``
with the same entries, in the same order, as the Python dict it replaces; nothing is
built per key at load, so the gazetteer loads in milliseconds instead of building a
dict of some 330,000 keys.

>>> from geomap.gazetteer import get_gazetteer
>>> names = get_gazetteer().names
>>> isinstance(names, NameIndex), "kharkiv" in names, "no such place" in names
(True, True, False)
>>> sorted({how for _, _, how in names["kharkiv"]})  # the city, and its oblast by bare name
['bare', 'canonical']
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["INDEX_FILE", "NameIndex", "load_index", "write_index"]

#: File name of the compact index in the data folder.
INDEX_FILE = "gazetteer_index.npz"
_SEP = "\x00"
#: bumped when the layout changes (a stale file is then ignored, not misread)
_FORMAT = 1


class NameIndex(Mapping):
    """Read-only ``normalised name -> [(entity row, weight, how), ...]`` over a marisa trie.

    Parameters
    ----------
    trie : marisa_trie.Trie
        The keys.
    pos : numpy.ndarray
        Trie id -> position of the key in the original index order.
    start : numpy.ndarray
        Position -> first entry of the key (one more element than keys).
    idx, wcode, how : numpy.ndarray
        Entries: entity row, code into ``weights``, code into ``hows``.
    weights, hows : sequence
        The distinct weights (floats, as rounded in the index) and "how" labels.
    extra : dict, optional
        Further entries (extra settlements) appended after a key's own.
    """

    def __init__(self, trie, pos, start, idx, wcode, how, weights, hows, extra=None, first=()):
        self._trie = trie
        self._pos = pos
        self._start = start
        self._idx = idx
        self._wcode = wcode
        self._how = how
        self._weights = list(weights)
        self._hows = list(hows)
        self._extra: dict[str, list[tuple[int, float, str]]] = dict(extra or {})
        self._first = frozenset(first)
        self._n_own = len(trie)
        self._n = self._n_own + sum(1 for k in self._extra if k not in trie)

    def with_extra(self, extra: Mapping[str, list[tuple[int, float, str]]]) -> NameIndex:
        """A new index with ``extra`` entries appended after each key's own."""
        merged = {k: list(v) for k, v in self._extra.items()}
        for k, v in extra.items():
            merged.setdefault(k, []).extend(v)
        return NameIndex(self._trie, self._pos, self._start, self._idx, self._wcode, self._how,
                         self._weights, self._hows, merged, self._first)  # fmt: skip

    def first_words(self) -> frozenset[str]:
        """First words of the multi-word keys (stored with the index, extras added)."""
        more = {k.split(" ", 1)[0] for k in self._extra if " " in k}
        return self._first | more if more else self._first

    def _own(self, key: str) -> list[tuple[int, float, str]] | None:
        tid = self._trie.get(key)
        if tid is None:
            return None
        p = int(self._pos[tid])
        a, b = int(self._start[p]), int(self._start[p + 1])
        w, h = self._weights, self._hows
        return [
            (i, w[c], h[k])
            for i, c, k in zip(
                self._idx[a:b].tolist(),
                self._wcode[a:b].tolist(),
                self._how[a:b].tolist(),
                strict=True,
            )
        ]

    def get(self, key: str, default: Any = None) -> Any:
        """The entries of ``key`` (a new list), or ``default``."""
        own = self._own(key) if isinstance(key, str) else None
        more = self._extra.get(key) if self._extra else None
        if own is None:
            return list(more) if more else default
        return own + more if more else own

    def __getitem__(self, key: str) -> list[tuple[int, float, str]]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self._trie or key in self._extra)

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[str]:
        """Keys in the order of the index they were built from (extras last)."""
        restore = self._trie.restore_key
        order = np.argsort(self._pos, kind="stable").tolist()
        for tid in order:
            yield restore(tid)
        for k in self._extra:
            if k not in self._trie:
                yield k


# ------------------------------------------------------------------ file
def _blob(values) -> np.ndarray:
    text = _SEP.join(values)
    if any(_SEP in v for v in values):  # pragma: no cover - names never hold NUL
        raise ValueError("a value holds the separator")
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _unblob(arr: np.ndarray, n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    if n:
        out[:] = arr.tobytes().decode("utf-8").split(_SEP)
    return out


def write_index(path: Path, ents: pd.DataFrame, table: pd.DataFrame, hows, capital_ids=()) -> None:
    """Write the compact index of an entity table and a name table (``index_to_frames``).

    ``capital_ids`` are the entity ids of national capitals. The output is a
    deterministic function of the inputs.
    """
    import marisa_trie

    arrays: dict[str, np.ndarray] = {"format": np.array([_FORMAT], dtype=np.int32)}
    for c in ents.columns:
        col = ents[c]
        if col.dtype.kind in "biuf":
            arrays[f"n:{c}"] = col.to_numpy()
        else:
            values = col.tolist()
            if not all(isinstance(v, str) for v in values):
                raise ValueError(f"column {c!r} holds nulls or non-strings; fill them first")
            arrays[f"s:{c}"] = _blob(values)
    arrays["rows"] = np.array([len(ents)], dtype=np.int64)
    keys = table["key"].tolist()
    first: dict[str, int] = {}
    for k in keys:
        first.setdefault(k, len(first))
    position = np.fromiter((first[k] for k in keys), dtype=np.int64, count=len(keys))
    grouping = np.argsort(position, kind="stable")  # entries grouped by key, original order kept
    counts = np.bincount(position, minlength=len(first))
    start = np.zeros(len(first) + 1, dtype=np.uint32)
    np.cumsum(counts, out=start[1:])
    weights = [round(float(w), 4) for w in table["weight"].tolist()]
    distinct = sorted(set(weights))
    code = {w: j for j, w in enumerate(distinct)}
    trie = marisa_trie.Trie(list(first))
    pos = np.empty(len(first), dtype=np.uint32)
    for k, p in first.items():
        pos[trie[k]] = p
    arrays.update(
        {
            "trie": np.frombuffer(trie.tobytes(), dtype=np.uint8),
            "pos": pos,
            "start": start,
            "idx": table["idx"].to_numpy(dtype=np.int32)[grouping],
            "wcode": np.array([code[w] for w in weights], dtype=np.uint8)[grouping],
            "how": table["how"].to_numpy(dtype=np.uint8)[grouping],
            "weights": np.array(distinct, dtype=np.float64),
            "hows": _blob(list(hows)),
            "capital_ids": _blob(sorted({str(i) for i in capital_ids})),
            "first": _blob(sorted({k.split(" ", 1)[0] for k in first if " " in k})),
        }
    )
    buf = io.BytesIO()
    # allow_pickle named (numpy's default), so numpy's stubs do not match **arrays against it
    np.savez_compressed(buf, allow_pickle=True, **arrays)
    path.write_bytes(buf.getvalue())


def load_index(path: Path, hows) -> tuple[dict[str, np.ndarray], NameIndex, dict] | None:
    """The entity columns, name index and facts in ``path`` (None: missing, stale or foreign).

    String columns come back as object arrays of ``str``, numbers as numpy arrays;
    the facts are ``{"capital_ids": frozenset of entity ids}``.
    """
    import marisa_trie

    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as z:
        files = set(z.files)
        if "format" not in files or int(z["format"][0]) != _FORMAT:
            return None
        n = int(z["rows"][0])
        stored_hows = z["hows"].tobytes().decode("utf-8").split(_SEP)
        if stored_hows != list(hows):
            return None
        cols: dict[str, np.ndarray] = {}
        for f in z.files:
            if f.startswith("n:"):
                cols[f[2:]] = z[f]
            elif f.startswith("s:"):
                cols[f[2:]] = _unblob(z[f], n)
        trie = marisa_trie.Trie().frombytes(z["trie"].tobytes())
        capitals = z["capital_ids"].tobytes().decode("utf-8")
        facts = {"capital_ids": frozenset(capitals.split(_SEP) if capitals else ())}
        first = z["first"].tobytes().decode("utf-8").split(_SEP) if z["first"].size else ()
        index = NameIndex(
            trie, z["pos"], z["start"], z["idx"], z["wcode"], z["how"],
            z["weights"].tolist(), stored_hows, first=first,
        )  # fmt: skip
    return cols, index, facts
