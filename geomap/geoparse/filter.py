"""Stage 4, filter: people, organisations, natural features, capitalised common
words and sentence-initial words are told apart from places.
"""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ._lexicon import (
    _ADJ_ENDINGS,
    _ADJ_NOMINATIVE,
    _CLOSE_QUOTES,
    _COMMON_WORD_ZIPF,
    _CONJUNCTIONS,
    _DEMONYM_STEMS,
    _FEATURE_AFTER,
    _FEATURE_BEFORE,
    _GOVERNOR_WORDS,
    _KEEP_AFTER,
    _NAME_ADJECTIVES,
    _NAME_NEUTRAL_BEFORE,
    _NOT_PLACE_WORDS,
    _OBLAST_WORDS,
    _OPEN_QUOTES,
    _PERSON_WORDS_BEFORE,
    _PERSONAL_NAMES,
    _PLACE_PREPS,
    _RAION_WORDS,
    _SEA_OF_RE,
    _SETTLEMENT_AFTER,
    _SETTLEMENT_BEFORE,
    _THE_RE,
    _UNIT_WORDS,
    _WEAPON_AFTER,
)
from .doc import Doc, Mention, Token, _between, _next_tok, _prev_tok

__all__ = ["filter_mentions"]


def _quoted(text: str, start: int, end: int) -> bool:
    """True when the mention is exactly enclosed by quotes: «Хортиця», "Kursk"."""
    return (
        start > 0
        and end < len(text)
        and text[start - 1] in _OPEN_QUOTES
        and text[end] in _CLOSE_QUOTES
    )


def _filter(
    mentions: list[Mention], toks: list[Token], text: str, gaz: Gazetteer, common: dict
) -> list[Mention]:
    kinds = gaz.values["kind"]
    pops = gaz.values["population"]
    place_starts = {m.start for m in mentions}
    prevs = [_prev_tok(toks, m) for m in mentions]
    # surnames met after a first name or title anywhere in the text ("Oleksandr Syrskyi said")
    # are no places elsewhere either (a headline "Syrskyi says ..." comes first)
    surnames = {
        m.key
        for m, prv in zip(mentions, prevs, strict=True)
        if prv is not None
        and m.size == 1
        and (prv.norm in _PERSONAL_NAMES or prv.norm in _PERSON_WORDS_BEFORE)
        and _looks_like_person(m, toks, text, place_starts, m.first, _next_tok(toks, m), prv)
    }
    out = []
    for m, prv in zip(mentions, prevs, strict=True):
        first = m.first
        # a country or oblast among the candidates; the most populous settlement
        has_area = False
        best_pop = 0
        for i, _, _ in m.entries:
            k = kinds[i]
            if k == "oblast" or k == "country":
                has_area = True
            if pops[i] > best_pop:
                best_pop = pops[i]
        nxt = _next_tok(toks, m)
        size = m.size
        # --- cues from the neighbouring words
        if nxt is not None and not _between(text, m.last, nxt).strip(" "):
            nn = nxt.norm
            if nn in _OBLAST_WORDS or (nxt.cyr and "область" in nxt.noms):
                m.cue = "oblast"
            elif nn in _RAION_WORDS or (nxt.cyr and {"район", "округ"} & set(nxt.noms)):
                m.cue = "raion"
            elif nn in _SETTLEMENT_AFTER:
                m.cue = "city"
            elif nn in _GOVERNOR_WORDS and not nxt.cyr:
                m.cue = "oblast"  # "Voronezh governor Alexander Gusev" heads the region
        if prv is not None and prv.norm in _SETTLEMENT_BEFORE:
            m.cue = m.cue or "city"
        # the key itself may carry the admin word ("sumy region", "курская область")
        last_word = m.key.rsplit(" ", 1)[-1]
        if size > 1 and (last_word in _OBLAST_WORDS or last_word in ("область", "обл")):
            m.cue = "oblast"
        elif size > 1 and last_word in _RAION_WORDS | {"район", "округ"}:
            m.cue = "raion"
        if m.key.endswith(("щина", "ччина", "чина")) and any(
            kinds[i] == "oblast" for i, _, _ in m.entries
        ):
            m.cue = "oblast"
        if m.metonym:
            out.append(m)
            continue
        # --- a hromada's adjective names its settlement only next to the word "громада"
        hromada = [e for e in m.entries if e[2] == "hromada"]
        if hromada:
            if m.cue == "hromada":
                m.entries = hromada
            else:
                m.entries = [e for e in m.entries if e[2] != "hromada"]
                if not m.entries:
                    continue
        # --- natural features: "Kakhovka reservoir", "Sea of Azov", "the Dnipro", "річки Дніпро"
        if m.cue is None and _is_feature(m, text, nxt, prv, has_area):
            continue
        # --- a word for a settlement is none: "Посёлок Тёткино", "Село Тихе"
        if size == 1 and m.inflected and first.norm in _SETTLEMENT_BEFORE:
            continue
        # --- "a Bolshevik leader", "Tor short-range systems", "Севернее, под Северском"
        if size == 1 and m.cue is None and not has_area:
            if prv is not None and prv.norm in ("a", "an"):
                continue
            if first.norm in _NOT_PLACE_WORDS:
                continue
            if (
                nxt is not None
                and nxt.norm in _WEAPON_AFTER
                and all(how in ("alternate", "transliterated") for _, _, how in m.entries)
            ):
                continue
            # "the Khortytsia group of forces", "угруповання «Хортиця»"
            if (
                nxt is not None
                and nxt.norm in _UNIT_WORDS
                and not _between(text, m.last, nxt).strip()
            ):
                continue
        # --- the adjective of a two-word name we do not know: "в селе Новая Погощь" is no "Nova"
        if (
            size == 1
            and m.key in _NAME_ADJECTIVES
            and nxt is not None
            and nxt.cap
            and nxt.start not in place_starts
            and _between(text, m.last, nxt) in (" ", "-", "\u00a0")
        ):
            continue
        # --- people: "Vladimir Putin", "Vladimir V. Putin", "President Vladimir"
        if m.key in surnames or _looks_like_person(m, toks, text, place_starts, first, nxt, prv):
            continue
        # --- capitalised common words and sentence-initial words
        has_big = has_area or best_pop >= 100_000
        zipf = common.get(m.key, 0.0)
        if size == 1 and not has_big and m.cue is None:
            if first.text.isupper() and len(first.text) <= 4:
                continue
            common_word = zipf >= _COMMON_WORD_ZIPF or (first.first_in_sent and zipf >= 2.5)
            if common_word and best_pop < 20_000:
                if zipf >= 4.5 or (zipf >= 3.8 and best_pop < 1_000):
                    continue
                m.weak = True  # "Tykhe" / "тихе": kept when its oblast is in the article
        # inflected forms of small places need a preposition, a list, or their oblast in the article
        no_prep = prv is None or prv.norm not in _PLACE_PREPS
        if (
            size == 1
            and not has_big
            and m.inflected
            and m.cue is None
            and best_pop < 10_000
            and no_prep
        ):
            m.weak = True
        # an adjective before a common noun: "на Запорізькому напрямку", "в Сумському районі" (no village)
        if (
            size == 1
            and m.inflected
            and first.cyr
            and not has_big
            and m.cue is None
            and first.norm.endswith(_ADJ_ENDINGS)
            and m.key.endswith(_ADJ_NOMINATIVE)
            and nxt is not None
            and not nxt.cap
            and nxt.norm not in _CONJUNCTIONS
            and nxt.norm not in _PLACE_PREPS
            and not _between(text, m.last, nxt).strip(" ")
        ):
            continue
        # inflected demonyms: "Українські війська" is not the town of Ukrainsk
        if m.inflected and first.norm.startswith(_DEMONYM_STEMS):
            continue
        # a name in quotes is the name of something else: the «Хортиця» grouping, "Kursk" submarine
        if _quoted(text, m.start, m.end) and (
            (size == 1 and not has_big) or (prv is not None and prv.norm in _UNIT_WORDS)
        ):
            continue
        # part of a longer proper name: "Ukrainska Pravda", "Hotel Kharkiv" (not "Eastern Ukraine")
        if (
            size == 1
            and not has_big
            and m.cue is None
            and prv is not None
            and prv.cap
            and not prv.first_in_sent
            and prv.start not in place_starts
            and prv.norm not in _NAME_NEUTRAL_BEFORE
            and prv.norm not in _PERSON_WORDS_BEFORE
            and not _between(text, prv, first).strip(" ")
        ):
            continue
        if size == 1 and m.cue is None and not has_big and len(m.key) <= 3:
            continue
        out.append(m)
    return out


def _is_feature(m: Mention, text: str, nxt, prv, big: bool) -> bool:
    """A river, sea, reservoir or island rather than a settlement (``big``: a country or
    oblast is among the candidates)."""
    if big and m.size > 1:
        return False
    if (
        nxt is not None
        and not _between(text, m.last, nxt).strip(" ")
        and nxt.norm in _FEATURE_AFTER
    ):
        return True
    if prv is not None and prv.norm in _FEATURE_BEFORE:
        return True
    before = text[max(0, m.start - 12) : m.start].lower()
    if before.endswith(("of ", "of the ")) and _SEA_OF_RE.search(before):
        return True
    # "the Dnipro", "the Oskil": English uses an article for rivers, not for towns
    return bool(
        before.endswith("the ")
        and _THE_RE.search(before)
        and not big
        and (nxt is None or nxt.norm not in _KEEP_AFTER)
        and not all(how == "bare" for _, _, how in m.entries)  # "the Millerovsky, ... districts"
    )


def _is_first_name(t: Token) -> bool:
    """A first name, in any case for Cyrillic ("Сергей", "Олександра")."""
    return t.norm in _PERSONAL_NAMES or (t.cyr and any(f in _PERSONAL_NAMES for f in t.noms))


def _looks_like_person(m, toks, text, place_starts, first, nxt, prv) -> bool:
    size = m.size
    if m.cue is not None:
        return False
    # a person's name after the place: "Глава Крыма Сергей Аксёнов", "Kharkiv Mayor Ihor Terekhov"
    if (
        nxt is not None
        and nxt.cap
        and first.norm not in _PERSONAL_NAMES
        and _between(text, m.last, nxt) == " "
        and (_is_first_name(nxt) or nxt.norm in _PERSON_WORDS_BEFORE)
    ):
        return False
    # preceded by a title or a first name: "President Zelensky", "Pavel Zolotarev"
    if (
        prv is not None
        and prv.cap
        and not _between(text, prv, first).strip(" ")
        and (prv.norm in _PERSON_WORDS_BEFORE or _is_first_name(prv))
    ):
        return True
    if (
        prv is not None
        and prv.norm in _PERSON_WORDS_BEFORE
        and not _between(text, prv, first).strip(" ")
    ):
        return True
    if size != 1 or nxt is None:
        return False
    gap = _between(text, m.last, nxt)
    # "Vladimir V. Putin"
    if gap == " " and nxt.cap and len(nxt.text) == 1:
        return True
    if gap != " " or not nxt.cap or nxt.start in place_starts or nxt.norm in _KEEP_AFTER:
        return False
    # "Vladimir Putin", "Tyler Durden": a first name, or a capitalised non-place word after it
    if first.norm in _PERSONAL_NAMES:
        return True
    if nxt.first_in_sent or m.last.text.endswith(("'s", "’s")):
        return False  # "Russia's Defence Ministry" is Russia's
    if not nxt.text[1:2].islower():
        return False  # "В Грайвороне FPV-дрон", "Kharkiv HIMARS": an acronym is no part of a name
    # "Kyiv Post", "Moscow Times": a place followed by another capitalised word that is no place
    return not (nxt.cyr and nxt.noms and nxt.norm in _KEEP_AFTER)


def filter_mentions(doc: Doc) -> None:
    """Stage 4: people, organisations, features and common words are no places."""
    doc.mentions = _filter(doc.mentions, doc, doc.text, doc.gaz, doc.common)
