"""What the filter rules read about a mention, its cues, and the rules on names of other things.

The :class:`_Near` record of one mention and its neighbouring words, the cues
set from them (:func:`_set_cues`: "the Kursk border region", "the Donetsk town
of", "the Kursk front"), and the rules that tell a place's name used for a unit
or an institution ("Battlegroup Dnepr", "Чорноморським флотом", "Минобороны
России", the "Kursk" submarine) from the place.  Used by :mod:`.filter`.
"""

from __future__ import annotations

from typing import NamedTuple

from .._morph import is_verb_form
from ._lexicon import (
    _ADJ_ENDINGS,
    _ADMIN_QUALIFIERS,
    _ADMINISTRATION_WORDS,
    _ANY_PLACE_PREPS,
    _CLOSE_QUOTES,
    _GOVERNOR_WORDS,
    _INSTITUTION_WORDS,
    _MEDIA_WORDS,
    _MINISTRY_WORDS,
    _OBLAST_WORDS,
    _OPEN_QUOTES,
    _RAION_WORDS,
    _REGION_FRONT_WORDS,
    _REGION_PREPS,
    _SETTLEMENT_AFTER,
    _SETTLEMENT_BEFORE,
    _UNIT_QUALIFIERS,
    _UNIT_WORDS,
)
from .doc import _WORD_RE, Doc, Mention, Token, _between, _next_tok

__all__ = [
    "_THEATRE",
    "_WORLD_SOURCE",
    "_Drop",
    "_Near",
    "_adjective_before_unit_word",
    "_institution_name",
    "_media_name",
    "_quoted_name",
    "_set_cues",
    "_unit_word_before",
]


def _quoted(text: str, start: int, end: int) -> bool:
    """True when the mention is exactly enclosed by quotes: «Хортиця», "Kursk"."""
    return (
        start > 0
        and end < len(text)
        and text[start - 1] in _OPEN_QUOTES
        and text[end] in _CLOSE_QUOTES
    )


class _Near(NamedTuple):
    """What the rules of :data:`geomap.geoparse.filter._RULES` read about one mention and its neighbours."""

    text: str
    doc: Doc
    prv: Token | None
    nxt: Token | None
    has_area: bool  # a country or oblast among the candidates
    best_pop: int  # the most populous candidate settlement's population
    has_big: bool  # has_area, or a candidate of 100,000+
    zipf: float  # how common the name is as a word of the language
    place_starts: dict[int, int]  # start -> end of every mention of the text
    place_ends: dict[int, int]  # end -> start of every mention of the text
    surnames: set[str]
    world_alternate: bool  # every candidate a world city (outside the theatre) by an alternate name
    word_zipf: float  # how common the written word itself is, where it is no name in the index
    is_country: bool  # a country among the candidates


#: the gazetteer's source of world cities, and the countries whose places are no world places
_WORLD_SOURCE = "geonames-world"
_THEATRE = frozenset({"RU", "UA", "BY"})

_Drop = tuple[str, str] | None  # (rule, detail) of a drop, or None to keep going


def _of_after(doc: Doc, m: Mention, k: int) -> bool:
    """The (k+1)-th word after the mention is "of" ("the Kursk town *of* Sudzha")."""
    word = _next_tok(doc, m, k + 1)
    return word is not None and word.norm == "of"


def _region_after_preposition(m: Mention, n: _Near) -> None:
    """Cue as the region an inflected Cyrillic name its centre shares, after "на".

    "на Запоріжжі", "на Волині": the region ("у Запоріжжі" is the city).
    """
    prv = n.prv
    if (
        m.cue is None
        and prv is not None
        and prv.norm in _REGION_PREPS
        and m.inflected
        and m.size == 1
        and m.first.cyr
        and n.has_area
        and _between(n.text, prv, m.first) == " "
    ):
        m.cue = "oblast"
        m.note(f'the region after "{prv.text}"')


def _settlement_word(text: str, word: Token) -> bool:
    """A word for a settlement; a one-letter one only as an abbreviation ("с. Крым", not "с Крымом")."""
    return len(word.norm) > 1 or text[word.end : word.end + 1] == "."


def _set_cues(m: Mention, n: _Near, kinds) -> None:
    """Cues from the neighbouring words and from the name itself."""
    text, nxt, prv = n.text, n.nxt, n.prv
    adjacent = nxt is not None and not _between(text, m.last, nxt).strip(" ")
    k = 1  # how many words after the name the cue word is
    if adjacent and nxt is not None and nxt.norm in _ADMIN_QUALIFIERS:
        # "the Belgorod and Kursk border regions": the admin word after its qualifier
        word = _next_tok(n.doc, m, 2)
        if (
            word is not None
            and not _between(text, nxt, word).strip(" ")
            and (
                word.norm in _OBLAST_WORDS
                or word.norm in _RAION_WORDS
                or word.norm in _SETTLEMENT_BEFORE
                or (word.cyr and {"область", "район", "округ"} & set(word.noms))
            )
        ):
            m.note(f'"{word.text}" after "{nxt.text}"')
            nxt, k = word, 2
    if adjacent and nxt is not None:
        nn = nxt.norm
        if nn in _OBLAST_WORDS or (nxt.cyr and "область" in nxt.noms):
            m.cue = "oblast"
        elif nn in _RAION_WORDS or (nxt.cyr and {"район", "округ"} & set(nxt.noms)):
            m.cue = "raion"
        elif nn in _SETTLEMENT_BEFORE and n.has_area and _of_after(n.doc, m, k):
            # "the Donetsk town of Toretsk", "the Kursk border village of Tyotkino"
            m.cue = "oblast"
            m.note(f'names the region of "{nxt.text} of ..."')
        elif nn in _REGION_FRONT_WORDS and n.has_area and not m.last.text.endswith(("'s", "’s")):
            m.cue = "oblast"  # "the Kursk front", "на Запорожском фронте"
            m.note(f'the region of "{nxt.text}"')
        elif nn in _SETTLEMENT_AFTER:
            m.cue = "city"
        elif nn in _GOVERNOR_WORDS and not nxt.cyr:
            m.cue = "oblast"  # "Voronezh governor Alexander Gusev" heads the region
    if prv is not None and prv.norm in _SETTLEMENT_BEFORE and _settlement_word(text, prv):
        m.cue = m.cue or "city"
    _region_after_preposition(m, n)
    # the key itself may carry the admin word ("sumy region", "курская область")
    last_word = m.key.rsplit(" ", 1)[-1]
    if m.size > 1 and (last_word in _OBLAST_WORDS or last_word in ("область", "обл")):
        m.cue = "oblast"
    elif m.size > 1 and last_word in _RAION_WORDS | {"район", "округ"}:
        m.cue = "raion"
    if m.key.endswith(("щина", "ччина", "чина")):
        # an area name says what it is: "Харківщина" an oblast, "Охтирщина" a raion
        area = {kinds[i] for i, _, _ in m.entries} & {"oblast", "raion"}
        if area:
            m.cue = "oblast" if "oblast" in area else "raion"


def _unit_before(n: _Near) -> Token | None:
    """The word for a unit right before the name, or before "войск"/"військ" there."""
    prv = n.prv
    if prv is not None and prv.norm in _UNIT_QUALIFIERS:
        unit = n.doc.before(prv.start, prv.sent)
        if unit is not None and _between(n.text, unit, prv) == " ":
            prv = unit
    return prv if prv is not None and prv.norm in _UNIT_WORDS else None


def _unit_word_before(m: Mention, n: _Near) -> _Drop:
    """A name in apposition after a word for a unit is the unit's.

    "Battlegroup Dnepr", "угруповання військ Дніпро" (not "угруповання Росії", its
    owner; quoted names: :func:`_quoted_name`).
    """
    unit = _unit_before(n)
    if (
        unit is not None
        and m.cue is None
        and _between(n.text, n.prv, m.first) == " "
        and not m.inflected
        and not n.has_area
        and (m.first.cyr or unit.cap)  # "Battlegroup Dnepr", not "the group Kursk ..."
    ):
        return "unit_name", f'after "{unit.text}": a unit\'s name'
    return None


def _media_name(m: Mention, n: _Near) -> _Drop:
    """A name right after a word for a news outlet is the outlet's.

    "the Telegram channel Baza", "сообщил телеграм-канал Astra", "видання Kyiv Independent"
    (not a region or country: "канал Россия" is read by its other rules).
    """
    prv = n.prv
    if (
        prv is not None
        and prv.norm in _MEDIA_WORDS
        and m.cue is None
        and not n.has_area
        and _between(n.text, prv, m.first) == " "
    ):
        return "media_name", f'after "{prv.text}": a news outlet\'s name'
    return None


def _adjective_before_unit_word(m: Mention, n: _Near) -> _Drop:
    """A Cyrillic adjective right before a word for a unit names the unit.

    "Черноморский флот", "разом із Чорноморським флотом", "Днепровская группировка":
    no town, however big its namesake; likewise a region's adjective before its
    administration's abbreviation ("Запорізької ОВА").
    """
    first, nxt = m.first, n.nxt
    if (
        m.size == 1
        and first.cyr
        and m.cue is None
        and first.norm.endswith(_ADJ_ENDINGS)
        and nxt is not None
        and nxt.norm in _UNIT_WORDS
        and not _between(n.text, m.last, nxt).strip(" ")
    ):
        return "unit_name", f'an adjective before "{nxt.text}": a unit\'s name'
    if (
        first.cyr
        and m.size == 1
        and nxt is not None
        and nxt.norm in _ADMINISTRATION_WORDS
        and not _between(n.text, m.last, nxt).strip(" ")
    ):  # "Запорізької ОВА": the regional administration, no place on the map
        return "administration_name", f'before "{nxt.text}": an administration\'s name'
    return None


def _institution_name(m: Mention, n: _Near) -> _Drop:
    """A country in an institution's name is no dot on the map.

    "Минобороны России", "Министерство обороны РФ", "СНБО Украины", "Сил оборони України",
    "the Armed Forces of Ukraine" ("президент Турции", "міністр оборони України" stay the
    countries: a title, not an institution).
    """
    prv = n.prv
    if prv is None or not n.is_country or _between(n.text, prv, m.first) != " ":
        return None
    if not prv.cyr:
        return _institution_of(n, prv) if prv.norm in ("of", "the") else None
    if m.size != 1:
        return None
    if prv.norm in _INSTITUTION_WORDS:
        return "institution_name", f'part of an institution\'s name after "{prv.text}"'
    # "Министерство обороны РФ", "Министерства иностранных дел России"
    word = prv
    for _ in range(2):
        before = n.doc.before(word.start, word.sent)
        if before is None or _between(n.text, before, word).strip():
            return None  # "..., said Russia": no name across punctuation
        word = before
        if word.norm in _MINISTRY_WORDS:
            return "institution_name", f'part of a ministry\'s name after "{word.text}"'
        if word.norm in _INSTITUTION_WORDS:  # "Сил оборони України", "Вооруженных сил РФ"
            return "institution_name", f'part of an institution\'s name after "{word.text}"'
        if word.cap:
            return None
    return None


def _institution_of(n: _Near, prv: Token) -> _Drop:
    """A country after "of" in an institution's name: "the Armed Forces of Ukraine".

    Walks back over "of", "the" and capitalised words (at most four) to a capitalised head
    of :data:`INSTITUTION_WORDS` ("Forces", "Service", "Bank"); "the president of Russia"
    (a lower-case word) stays Russia.
    """
    word: Token | None = prv
    for _ in range(5):
        if word is None:
            return None
        if word.norm not in ("of", "the", "and"):
            if not word.cap:
                return None
            if word.norm in _INSTITUTION_WORDS:
                return "institution_name", f'part of an institution\'s name after "{word.text}"'
        word = n.doc.before(word.start, word.sent)
    return None


def _quoted_name(m: Mention, n: _Near) -> _Drop:
    """A name in quotes is something else's.

    The «Хортиця» grouping, "Kursk" submarine, группировка войск «Днепр», the "Dnepr"
    group of forces (a unit word before or after the quotes).
    """
    if _quoted(n.text, m.start, m.end) and (
        (m.size == 1 and not n.has_big)
        or _unit_before(n) is not None
        or (n.nxt is not None and n.nxt.norm in _UNIT_WORDS)
    ):
        return "quoted_name", "in quotes: the name of something else"
    inner = _guillemet_name(n.text, m.start, m.end)
    if inner is not None:
        return "quoted_name", f"part of the name «{inner}»"
    return None


#: How far (characters) a name looks for the guillemets around it.
_GUILLEMET_REACH = 40


def _guillemet_name(text: str, start: int, end: int) -> str | None:
    """The short name in guillemets the span is part of: «Свобода России», «линия Суровикина».

    Two or three words, no preposition and no verb: a name (legion, line, operation),
    not a quotation ("«Обстановка в Шебекино ухудшается»").
    """
    a = text.rfind("«", max(0, start - _GUILLEMET_REACH), start)
    b = text.find("»", end, end + _GUILLEMET_REACH)
    if a < 0 or b < 0 or "»" in text[a:start] or "«" in text[end:b]:
        return None
    inner = text[a + 1 : b]
    words = [w.lower() for w in _WORD_RE.findall(inner)]
    if not 2 <= len(words) <= 3 or (start == a + 1 and end == b):
        return None
    if any(w in _ANY_PLACE_PREPS or is_verb_form(w) for w in words):
        return None
    return inner
