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
from .resolve import resolve
from .tokenise import tokenise

__all__ = ["STAGES", "Stage", "parse"]


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
