"""Stage 6, metonyms: capitals used for their governments ("Kyiv said")."""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ._lexicon import (
    _AUX_AND_ADVERBS,
    _CAPITAL_IDS,
    _CLAUSE_END_RE,
    _CYR_SPEECH,
    _METONYM_BEFORE,
    _METONYM_OBJECT_BEFORE,
    _METONYM_POSSESSED,
    _PLACE_SENSE_AFTER,
    _SPEECH_AND_GOVERNMENT,
    _STANCE,
)
from .doc import _WORD_RE, Doc, Mention

__all__ = ["metonyms"]


def _capitals(gaz: Gazetteer) -> set[int]:
    """Gazetteer indices of national capitals: Kyiv, Moscow, Minsk and every world capital."""
    memo = gaz.parser_memo
    key = ("__capitals__",)
    found = memo.get(key)
    if found is None:
        from .. import data

        ids = set(_CAPITAL_IDS)
        if gaz.capital_ids is not None:  # the prebuilt index holds them (no table to read)
            ids |= gaz.capital_ids
        elif (data.data_dir() / "world_places.parquet").exists():
            world = data._read_table("world_places")
            ids |= set(world.loc[world["capital"].astype(bool), "id"].astype(str))
        found = memo[key] = {gaz.index_of_id[i] for i in ids if i in gaz.index_of_id}
    return found


def _mark_metonyms(mentions: list[Mention], toks: Doc, text: str, gaz: Gazetteer) -> None:
    """Flag capitals used for their governments: "Kyiv said", "Moscow's aim", "В Москве заявили"."""
    capitals = _capitals(gaz)
    for m in mentions:
        if m.metonym or m.cue is not None:
            continue
        if not any(i in capitals for i, _, _ in m.entries):
            continue
        if _is_metonym(m, toks, text):
            m.metonym = True


def _is_metonym(m: Mention, toks: Doc, text: str) -> bool:
    raw = text[m.start : m.end]
    after = text[m.end : m.end + 80]
    clause = _CLAUSE_END_RE.split(after, maxsplit=1)[0]
    words = [w.lower() for w in _WORD_RE.findall(clause)][:8]
    before = text[max(0, m.start - 40) : m.start]
    prev_words = [w.lower() for w in _WORD_RE.findall(before)][-2:]
    if before.lower().rstrip().endswith(_METONYM_BEFORE):
        return True
    if m.first.cyr:
        # "Москва заявила", "В Києві наголошують", "змусити Москву"
        if prev_words and prev_words[-1] in _METONYM_OBJECT_BEFORE:
            return True
        return any(w.startswith(_CYR_SPEECH) for w in words[:6])
    # "Moscow's aim", "Kyiv's position"
    if raw.endswith(("'s", "’s")) and words and words[0] in _METONYM_POSSESSED:
        return True
    if prev_words and prev_words[-1] in _METONYM_OBJECT_BEFORE:
        return True
    if not words:
        return False
    w0 = words[0]
    if w0 in _SPEECH_AND_GOVERNMENT:
        return True
    if w0 in ("and", "or") and len(words) > 1:
        # "Kyiv and Moscow trade accusations", "Kiev and European capitals worried"
        rest = words[1:]
        return any(w in _STANCE or w in _SPEECH_AND_GOVERNMENT for w in rest[:5]) or any(
            w in ("trade", "traded", "agree", "agreed", "exchange", "exchanged", "blame")
            for w in rest[:4]
        )
    if w0 in _PLACE_SENSE_AFTER:
        return False
    if w0 in _AUX_AND_ADVERBS:
        nxt = words[1] if len(words) > 1 else ""
        return nxt not in _PLACE_SENSE_AFTER and nxt not in (
            "a",
            "the",
            "an",
            "home",
            "one",
            "under",
        )
    # a verb right after the name: "Moscow appointed", "Moscow uses", "Kyiv orders"
    return bool(
        len(w0) > 3
        and (w0.endswith("ed") or (w0.endswith("s") and not w0.endswith("ss")))
        and not clause.startswith(",")
    )


def _drop_lone_aliases(doc: Doc) -> None:
    """A building that stands for a government ("the Kremlin") is no mention of its capital alone.

    It joins its capital's record only when the article names the capital too
    ("Moscow said ... the Kremlin"); otherwise it is dropped (rule ``building_alone``):
    the Kremlin is a building, not Moscow on the map.
    """
    aliases = [m for m in doc.mentions if m.entries and m.entries[0][2] == "metonym"]
    if not aliases:
        return
    alias_ids = {id(m) for m in aliases}
    named = {i for m in doc.mentions if id(m) not in alias_ids for i, _, _ in m.entries}
    gone: set[int] = set()
    for m in aliases:
        idx = m.entries[0][0]
        if idx not in named:
            capital = doc.gaz.candidate(idx).name
            detail = f'"{m.first.text}" stands for a government; {capital} is not named'
            doc.drop(m, "metonyms", "building_alone", detail)
            gone.add(id(m))
    if gone:
        doc.mentions = [m for m in doc.mentions if id(m) not in gone]


def metonyms(doc: Doc) -> None:
    """Stage 6: capitals used for their governments ("Kyiv said").

    Parameters
    ----------
    doc : Doc
        The article being parsed; such mentions are marked as
        metonyms, and words for a government whose capital the
        article does not name ("the Kremlin" alone) are dropped.
    """
    _drop_lone_aliases(doc)
    _mark_metonyms(doc.mentions, doc, doc.text, doc.gaz)
