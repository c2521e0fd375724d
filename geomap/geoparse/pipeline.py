"""The geoparser's stages, in order, as a declared list.

Each stage is a function of one :class:`~geomap.geoparse.doc.Doc` that reads
and rewrites ``doc.mentions``; :func:`parse` runs them in turn.

>>> [s.name for s in STAGES]
['tokenise', 'recognise', 'cues', 'filter', 'lists', 'metonyms', 'resolve']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..gazetteer import Gazetteer
from .cues import list_cues, word_cues
from .doc import Doc
from .filter import filter_mentions
from .metonyms import metonyms
from .recognise import recognise
from .resolve import resolve, resolve_all
from .tokenise import tokenise

__all__ = ["STAGES", "Stage", "parse", "parse_all"]


class Stage(NamedTuple):
    """One step of the pipeline: a name (used in traces) and the function of a Doc."""

    name: str
    run: Callable[[Doc], None]


#: The stages in the order they run.
STAGES: tuple[Stage, ...] = (
    Stage("tokenise", tokenise),
    Stage("recognise", recognise),
    Stage("cues", word_cues),
    Stage("filter", filter_mentions),
    Stage("lists", list_cues),
    Stage("metonyms", metonyms),
    Stage("resolve", resolve),
)


def parse(text: str, gaz: Gazetteer, common: dict[str, float]) -> Doc:
    """Run every stage on ``text``.

    Parameters
    ----------
    text : str
        The article.
    gaz : Gazetteer
        The gazetteer to find names in (:func:`geomap.gazetteer.get_gazetteer`).
    common : dict of str to float
        Frequencies of the language's common words (capitalised common words
        are told apart from place names by them).

    Returns
    -------
    Doc
        The parsed article: the resolved mentions are in ``doc.mentions``,
        the dropped ones in ``doc.dropped``.
    """
    doc = Doc(text, gaz, common)
    for stage in STAGES:
        stage.run(doc)
    return doc


#: Stages that also run on many articles at once (same result as one by one, fewer steps).
_RUN_ALL: dict[str, Callable[[list[Doc]], None]] = {"resolve": resolve_all}


def parse_all(items: list[tuple[str, dict[str, float]]], gaz: Gazetteer) -> list[Doc]:
    """:func:`parse` for several (text, common words) at once, stage by stage.

    The stages of :data:`_RUN_ALL` take all the articles in one call (the
    resolver scores every candidate of the batch in one array computation); the
    others run article by article.  Each Doc ends as :func:`parse` leaves it.

    Parameters
    ----------
    items : list of tuple of (str, dict of str to float)
        Each article's text and the frequencies of its language's common words.
    gaz : Gazetteer
        The gazetteer to find names in.

    Returns
    -------
    list of Doc
        The parsed articles, in the order of ``items``.
    """
    docs = [Doc(text, gaz, common) for text, common in items]
    for stage in STAGES:
        run_all = _RUN_ALL.get(stage.name)
        if run_all is not None:
            run_all(docs)
        else:
            for doc in docs:
                stage.run(doc)
    return docs
