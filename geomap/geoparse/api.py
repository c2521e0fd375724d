"""Public entry points: :func:`places_from_text`, :func:`records_from_text`, :func:`places_from_texts`.

geopandas is imported only when a frame is built: :func:`records_from_text` never does.
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING, Any

from ..gazetteer import Gazetteer, get_gazetteer
from ..lang import detect
from .doc import Mention, _check_text
from .output import PlaceRecords, _frame, _records, _rows
from .pipeline import parse, parse_all
from .stated import distances_from_text

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["places_from_text", "places_from_texts", "records_from_text"]


@functools.cache
def _common_words() -> dict[str, dict[str, float]]:
    import json

    from .. import data

    path = data.data_dir() / "common_words.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _lang_of(text: str) -> str:
    """Guess the language from the letters of the first 3,000 characters (:func:`geomap.lang.detect`)."""
    return detect(text)


def places_from_text(
    text: str,
    *,
    lang: str | None = None,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
    explain: bool = False,
) -> gpd.GeoDataFrame:
    """Every place an article names, resolved, with the sentences that name it.

    Parameters
    ----------
    text : str
        The article (English, Russian or Ukrainian; UTF-8 bytes are accepted).
    lang : {"en", "ru", "uk"}, optional
        Language of the text; detected when omitted (used for word-frequency
        checks).
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to.
    include_metonyms : bool
        Keep places only used as metonyms ("Kyiv said"), flagged
        ``role="metonym"`` (default True).
    min_confidence : float
        Drop places below this confidence.
    explain : bool
        Also return the candidate spans that were dropped or left unresolved, in
        ``attrs["dropped"]``: one dict per span with ``text``, ``start``,
        ``end``, ``stage``, ``rule`` and ``detail`` of the decision, and
        ``trace`` (every ``[stage, rule, detail]`` recorded for it).

    Notes
    -----
    ``confidence`` is a ranking score, not a probability: the score of the
    best mention of the place (its name weight plus the weighted features of
    :data:`geomap.geoparse.score.FEATURES`), clipped to [0, 1], plus 0.03 for
    each further mention.  ``reason`` names every feature that counted.

    Returns
    -------
    GeoDataFrame
        One row per distinct place, EPSG:4326, columns ``name``, ``kind``,
        ``country``, ``admin1``, ``geonameid`` (int or None), ``id``,
        ``confidence``, ``role`` (place or metonym), ``reason``,
        ``n_mentions``, ``mentions`` (list of ``{text, start, end,
        sentence}``), ``lat``, ``lon``, ``population``, ``approx`` and
        ``geometry`` (polygon for countries and oblasts, point otherwise).
        ``attrs["lang"]`` holds the language used, ``attrs["distances"]``
        the distances stated in the text (each with ``km``, ``phrase`` and
        ``role``), and ``attrs["unresolved"]`` the names left out rather than
        put on a far namesake (``text``, ``start``, ``end``, ``sentence``,
        ``rule``, ``detail``).

    Examples
    --------
    >>> g = places_from_text("Russian troops shelled Vovchansk in Kharkiv Oblast.")
    >>> g[["name", "kind", "admin1"]].values.tolist()
    [['Vovchansk', 'city', 'Kharkiv Oblast'], ['Kharkiv Oblast', 'oblast', 'Kharkiv Oblast']]
    """
    gaz, rows, ents, attrs = _one(text, lang, worldview, include_metonyms, min_confidence, explain)
    gdf = _frame(rows, ents, gaz)
    gdf.attrs.update(attrs)
    return gdf


def records_from_text(
    text: str,
    *,
    lang: str | None = None,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
    explain: bool = False,
) -> PlaceRecords:
    """:func:`places_from_text` as JSON-ready records, without building a GeoDataFrame.

    Takes the same options and returns a list equal to
    ``places_to_records(places_from_text(text, ...))`` (one dict per place:
    lat/lon, no geometry), with the frame's ``attrs`` (``lang``,
    ``distances``, ``unresolved``, ``dropped`` when explained) in ``.attrs``.
    Neither geopandas nor shapely is imported: the fast path for callers that
    want dicts (``geomap places --format json``).

    Parameters
    ----------
    text : str
        The article (English, Russian or Ukrainian; UTF-8 bytes are accepted).
    lang : {"en", "ru", "uk"}, optional
        Language of the text; detected when omitted.
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to.
    include_metonyms : bool
        Keep places only used as metonyms ("Kyiv said"), flagged
        ``role="metonym"`` (default True).
    min_confidence : float
        Drop places below this confidence.
    explain : bool
        Also list the dropped and unresolved spans in ``attrs["dropped"]``
        (as :func:`places_from_text` does).

    Returns
    -------
    PlaceRecords
        A list of dicts, one per place, with the ``attrs`` of the frame.

    Examples
    --------
    >>> recs = records_from_text("Drones hit Sumy and Kupiansk.")
    >>> [(r["name"], r["kind"]) for r in recs], recs.attrs["lang"]
    ([('Sumy', 'city'), ('Kupiansk', 'city')], 'en')
    """
    _, rows, _, attrs = _one(text, lang, worldview, include_metonyms, min_confidence, explain)
    return PlaceRecords(_records(rows), attrs)


def _one(text, lang, worldview, include_metonyms, min_confidence, explain):
    """(gazetteer, rows, entity rows, attrs) of one article."""
    gaz = get_gazetteer(worldview=worldview)
    text = _check_text(text)
    lang = lang or _lang_of(text)  # once: the parser and attrs["lang"] share it
    dropped: list[Mention] = []
    rows, ents = _parse(
        text,
        gaz,
        lang=lang,
        include_metonyms=include_metonyms,
        min_confidence=min_confidence,
        dropped=dropped,
    )
    attrs: dict[str, Any] = {
        "lang": lang,
        "distances": distances_from_text(text),
        "unresolved": _unresolved(text, dropped),
    }
    if explain:
        attrs["dropped"] = [_dropped_record(text, m) for m in sorted(dropped, key=_start)]
    return gaz, rows, ents, attrs


#: The resolver's decisions that leave a real name out rather than put it on a far namesake.
_UNRESOLVED_RULES = frozenset(
    {
        ("resolve", "namesake_coin_toss"),
        ("resolve", "raion_far_from_the_story"),
        ("resolve", "village_far_from_the_story"),
    }
)


def _unresolved(text: str, dropped: list[Mention]) -> list[dict[str, Any]]:
    """Names the gazetteer knows only elsewhere: left out rather than put on a namesake.

    One record per span the resolver declined (a village or a district the data
    lacks, whose namesakes lie far from the story), with the sentence that names it, so a user
    sees what ``geomap data update`` might add.
    """
    out = []
    for m in sorted(dropped, key=_start):
        if not m.trace or m.trace[-1][:2] not in _UNRESOLVED_RULES:
            continue  # only real names whose every namesake lies away from the story
        a, b = _sentence_bounds(text, m.start, m.end)
        _, rule, detail = m.trace[-1]
        out.append({"text": text[m.start : m.end], "start": m.start, "end": m.end,
                    "sentence": text[a:b], "rule": rule, "detail": detail})  # fmt: skip
    return out


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, at most 400 characters of it."""
    a = max(text.rfind(". ", max(0, start - 300), start) + 2, max(0, start - 200), 0)
    if a == 1:
        a = 0
    b = text.find(". ", end, end + 300)
    b = b + 1 if b >= 0 else min(len(text), end + 200)
    return a, b


def _start(m: Mention) -> int:
    return m.start


def _dropped_record(text: str, m: Mention) -> dict[str, Any]:
    if not m.trace:  # every dropped mention carries the decision that dropped it
        msg = f"dropped mention {m.text!r} has no trace"
        raise AssertionError(msg)
    stage, rule, detail = m.trace[-1]
    return {
        "text": text[m.start : m.end],
        "start": m.start,
        "end": m.end,
        "stage": stage,
        "rule": rule,
        "detail": detail,
        "trace": [list(t) for t in m.trace],
    }


def places_from_texts(
    texts,
    *,
    lang: str | None = None,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
) -> gpd.GeoDataFrame:
    """Places of many articles at once: one row per (article, place), with a ``doc`` column.

    The fast path for corpora: the same parser as :func:`places_from_text`,
    with one GeoDataFrame built for the whole batch.

    Parameters
    ----------
    texts : iterable of str
        The articles.
    lang : {"en", "ru", "uk"}, optional
        Language of every text; detected per text when omitted.
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to.
    include_metonyms : bool
        Keep places only used as metonyms ("Kyiv said"), flagged
        ``role="metonym"`` (default True).
    min_confidence : float
        Drop places below this confidence.

    Returns
    -------
    GeoDataFrame
        The columns of :func:`places_from_text` plus ``doc``, the position of
        the article in ``texts``.

    Examples
    --------
    >>> g = places_from_texts(["Drones hit Sumy.", "Kyiv said no.", "Nothing here."])
    >>> g[["doc", "name", "role"]].values.tolist()
    [[0, 'Sumy', 'place'], [1, 'Kyiv', 'metonym']]
    """
    gaz = get_gazetteer(worldview=worldview)
    all_rows: list[dict] = []
    all_ents: list[int] = []
    texts = iter(texts)
    doc = 0
    # a few dozen articles at a time: the resolver scores a whole batch in one array step
    while batch := [_check_text(t) for t in itertools.islice(texts, _BATCH)]:
        items = [(text, _common_words_for(lang or _lang_of(text))) for text in batch]
        parsed = parse_all(items, gaz)
        parsed.reverse()  # popped in article order
        for text in batch:
            item = parsed.pop()
            mentions, sents = item.mentions, item.sents
            del item  # its word caches go before the output is built
            rows, ents = _rows(mentions, gaz, text, sents, include_metonyms, min_confidence, None)
            for r in rows:
                r["doc"] = doc
            doc += 1
            all_rows.extend(rows)
            all_ents.extend(ents)
    return _frame(all_rows, all_ents, gaz, extra=("doc",))


#: Articles :func:`places_from_texts` parses at once.
_BATCH = 64


def _parse(
    text: str,
    gaz: Gazetteer,
    *,
    lang,
    include_metonyms: bool,
    min_confidence: float,
    dropped: list[Mention] | None = None,
):
    common = _common_words_for(lang or _lang_of(text))
    doc = parse(text, gaz, common)
    if dropped is not None:
        dropped.extend(doc.dropped)
    mentions, sents = doc.mentions, doc.sents
    del doc  # its word caches go before the output is built (a long text has many)
    return _rows(mentions, gaz, text, sents, include_metonyms, min_confidence, dropped)


@functools.cache
def _common_words_for(lang: str) -> dict[str, float]:
    return {k: v.get(lang, 0.0) for k, v in _common_words().items()}
