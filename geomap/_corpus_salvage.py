"""Salvage of a shard whose worker process died: keep its good articles (private).

A shard that kills its worker twice is run again with its articles parsed
one at a time (:func:`_salvage_table`), each announced first in the shard's
``.current`` marker file; after each further crash the parent reads the
marker (:func:`_crash_index`) and leaves that article out as a failure
(:data:`_KILLER`), up to :data:`_MAX_SALVAGE_SKIPS` articles
(:func:`_salvage` plans the runs).
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _corpus_rows as _rows
from ._corpus_output import _part_paths
from ._corpus_read import Article
from ._corpus_rows import _failure, _Options

if TYPE_CHECKING:
    from ._corpus_shards import _Shard

__all__ = [
    "_KILLER",
    "_MAX_SALVAGE_SKIPS",
    "_crash_index",
    "_marker_path",
    "_salvage",
    "_salvage_table",
]


def _marker_path(parts_dir: str | None, shard: _Shard) -> Path | None:
    return (
        None
        if parts_dir is None
        else _part_paths(Path(parts_dir), shard)[0].with_suffix(".current")
    )


def _salvage_table(
    articles: list[Article], opts: _Options, skip: frozenset[int], marker: Path | None
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Parse articles one at a time, announcing each in ``marker``; leave out ``skip``."""
    tables, failures = [], []
    for i, a in enumerate(articles):
        if i in skip:
            failures.append(_failure(a, _KILLER))
            continue
        if marker is not None:
            marker.write_text(str(i), encoding="ascii")
        table, fails = _rows._mentions_table([a], opts)
        tables.append(table)
        failures.extend(fails)
    if marker is not None:
        marker.unlink(missing_ok=True)
    table = pd.concat(tables, ignore_index=True) if tables else _rows._mentions_table([], opts)[0]
    return table, failures


#: The failure recorded for an article whose parsing killed the worker process.
_KILLER = "the worker process died while parsing this article (out of memory?); it was left out"


def _crash_index(parts_dir: str, shard: _Shard) -> int | None:
    """The article a salvage run of ``shard`` was parsing when its worker died."""
    marker = _marker_path(parts_dir, shard)
    try:
        k = int(marker.read_text(encoding="ascii")) if marker is not None else -1
    except (OSError, ValueError):
        return None
    return k if 0 <= k < len(shard.refs) else None


def _salvage(shard: _Shard, parts_dir: str, skips: dict[int, frozenset[int]], fn: Any) -> bool:
    """After a crash of ``shard`` running alone, plan its next (salvage) run; False: give up.

    The first salvage run parses the articles one at a time; each later crash
    leaves out the article the marker names. A shard is given up only when
    the marker names none (the crash was not in parsing) or after
    :data:`_MAX_SALVAGE_SKIPS` articles.
    """
    if "skip" not in inspect.signature(fn).parameters:
        return False
    if shard.index not in skips:
        skips[shard.index] = frozenset()
        return True
    k = _crash_index(parts_dir, shard)
    if k is None or k in skips[shard.index] or len(skips[shard.index]) >= _MAX_SALVAGE_SKIPS:
        return False
    skips[shard.index] = skips[shard.index] | {k}
    return True


#: Articles a shard may lose to worker crashes before the whole shard is given up.
_MAX_SALVAGE_SKIPS = 8
