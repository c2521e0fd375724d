"""Stage 4, filter: tell places apart from names of other things.

People, organisations, natural features, capitalised common words and
sentence-initial words are told apart from places.
"""

from __future__ import annotations

from .._morph import case_of, is_verb_form, person_word
from ..gazetteer import Gazetteer
from ._facility import facility_name, numbered_name, route_after_facility
from ._filter_context import (
    _THEATRE,
    _WORLD_SOURCE,
    _adjective_before_unit_word,
    _Drop,
    _institution_name,
    _media_name,
    _Near,
    _quoted_name,
    _set_cues,
    _unit_word_before,
)
from ._lexicon import (
    _ADJ_ENDINGS,
    _ADJ_NOMINATIVE,
    _ADJ_SETTLEMENT_NOUNS,
    _ANY_PLACE_PREPS,
    _COMMON_WORD_ZIPF,
    _COMPOUND_TAILS,
    _CONJUNCTIONS,
    _DASH_LIST_NEXT_RE,
    _DEMONYM_STEMS,
    _FEATURE_AFTER,
    _FEATURE_BEFORE,
    _KEEP_AFTER,
    _LIST_LOOKAHEAD,
    _NAME_ADJECTIVES,
    _NAME_LIST_TAIL_RE,
    _NAME_NEUTRAL_BEFORE,
    _NOT_PLACE_WORDS,
    _PERSON_WORDS_BEFORE,
    _PERSONAL_NAMES,
    _PLACE_PREPS,
    _SEA_OF_RE,
    _SETTLEMENT_BEFORE,
    _THE_RE,
    _UNIT_QUALIFIERS,
    _UNIT_WORDS,
    _WEAPON_AFTER,
)
from .doc import Doc, Mention, Token, _between, _next_tok, _prev_tok

__all__ = ["filter_mentions"]


def _hromada_alone(m: Mention, n: _Near) -> _Drop:
    """A hromada's adjective names its settlement only next to the word "громада"."""
    hromada = [e for e in m.entries if e[2] == "hromada"]
    if hromada:
        if m.cue == "hromada":
            m.entries = hromada
        else:
            m.entries = [e for e in m.entries if e[2] != "hromada"]
            if not m.entries:
                return "hromada_adjective_alone", "a hromada's adjective with no word for a hromada"
    return None


def _natural_feature(m: Mention, n: _Near) -> _Drop:
    """Drop natural features: "Kakhovka reservoir", "Sea of Azov", "the Dnipro", "річки Дніпро"."""
    if m.cue is None and _is_feature(m, n.text, n.nxt, n.prv, n.has_area, n.place_starts):
        return "natural_feature", "a river, sea, reservoir or island by the words around it"
    return None


def _settlement_word(m: Mention, n: _Near) -> _Drop:
    """A word for a settlement is none: "Посёлок Тёткино", "Село Тихе", "Селище й села"."""
    first = m.first
    if m.size == 1 and (m.inflected or first.first_in_sent) and first.norm in _SETTLEMENT_BEFORE:
        return "settlement_word", f'"{m.first.text}" is a word for a settlement'
    if m.size == 1 and first.first_in_sent and first.norm in _ANY_PLACE_PREPS:
        return "preposition", f'"{m.first.text}" is a preposition'
    return None


def _weapon_follows(doc: Doc, m: Mention, nxt: Token) -> bool:
    """Tell whether a weapon word is one of the next two words ("Tor systems", "Pantsir ...")."""
    if nxt.norm in _WEAPON_AFTER:
        return True
    second = _next_tok(doc, m, 2)
    return second is not None and f"{nxt.norm} {second.norm}" in _WEAPON_AFTER


def _small_name_context(m: Mention, n: _Near) -> _Drop:
    """Drop a one-word name whose neighbours show it is no place.

    It follows an indefinite article, is an adverb of direction, or names a
    weapon or a unit: "a Bolshevik leader", "Tor short-range systems",
    "Севернее, под Северском".
    """
    if m.size != 1 or m.cue is not None or n.has_area:
        return None
    prv, nxt = n.prv, n.nxt
    if prv is not None and prv.norm in ("a", "an"):
        return "after_indefinite_article", f'after "{prv.text}"'
    if m.first.norm in _NOT_PLACE_WORDS:
        return "direction_adverb", f'"{m.first.text}" is an adverb of direction'
    if (
        nxt is not None
        and _weapon_follows(n.doc, m, nxt)
        and all(how in ("alternate", "transliterated") for _, _, how in m.entries)
    ):
        return "weapon_name", f'a weapon\'s name before "{nxt.text}"'
    # "the Khortytsia group of forces", "the Dnipro operational-strategic group"
    unit = nxt
    if nxt is not None and nxt.norm in _UNIT_QUALIFIERS:
        unit = _next_tok(n.doc, m, 2)
    if (
        unit is not None
        and unit.norm in _UNIT_WORDS
        and not _between(n.text, m.last, nxt).strip()
        and not _between(n.text, nxt, unit).strip()
    ):
        return "unit_name", f'a unit\'s name before "{unit.text}"'
    return None


def _unknown_two_word_name(m: Mention, n: _Near) -> _Drop:
    """The adjective of a two-word name we do not know: "в селе Новая Погощь" is no "Nova"."""
    nxt = n.nxt
    if (
        m.size == 1
        and m.key in _NAME_ADJECTIVES
        and nxt is not None
        and nxt.cap
        and nxt.start not in n.place_starts
        and _between(n.text, m.last, nxt) in (" ", "-", "\u00a0")
    ):
        return "first_word_of_unknown_name", f'first word of "{m.text or m.first.text} {nxt.text}"'
    return None


def _person(m: Mention, n: _Near) -> _Drop:
    """People: "Vladimir Putin", "Vladimir V. Putin", "President Vladimir"."""
    if m.key in n.surnames or (m.first.cyr and m.size == 1 and m.first.norm in n.surnames):
        return "known_surname", "a surname met after a first name or title in this article"
    if m.cue is None and (why := _person_after(m, n.doc, n.text, n.nxt)) is not None:
        m.traced(("filter", "place_before_person", why))
        return None
    return _looks_like_person(m, n.doc, n.text, n.place_starts, m.first, n.nxt, n.prv)


def _common_word(m: Mention, n: _Near) -> _Drop:
    """Capitalised common words and sentence-initial words (or a weak mark)."""
    first = m.first
    if m.size == 1 and n.has_area and m.cue is None and first.first_in_sent and n.zipf >= 4.5:
        # "Того ж дня", "Мали б": a country's name that is far more often a common word
        # (data/build_data.py lists them) is the word at the start of a sentence
        return "common_word", f"a common word first (Zipf {n.zipf:.1f}), at a sentence start"
    if m.size == 1 and not n.has_big and m.cue is None:
        if first.text.isupper() and len(first.text) <= 4:
            return "acronym", f'"{first.text}" is in capitals'
        zipf = n.zipf
        common_word = zipf >= _COMMON_WORD_ZIPF or (first.first_in_sent and zipf >= 2.5)
        if common_word and n.best_pop < 20_000:
            if zipf >= 4.5 or (zipf >= 3.8 and n.best_pop < 1_000):
                return "common_word", f"a common word (Zipf {zipf:.1f}) naming a small place"
            m.weak = True  # "Tykhe" / "тихе": kept when its oblast is in the article
            m.traced(("filter", "weak_common_word", f"a common word (Zipf {zipf:.1f})"))
    # inflected forms of small places need a preposition, a list, or their oblast in the article
    no_prep = n.prv is None or n.prv.norm not in _PLACE_PREPS
    if (
        m.size == 1
        and not n.has_big
        and m.inflected
        and m.cue is None
        and n.best_pop < 10_000
        and no_prep
    ):
        m.weak = True
        m.traced(("filter", "weak_inflected", "an inflected small place, no preposition"))
    return None


def _world_common_word(m: Mention, n: _Near) -> _Drop:
    """A common word declining like a world city's alternate name stays a word.

    "Тоді" (Ukrainian "then") declines like "Тода", Shimotoda's alternate name.

    A frequent word of the text's language (``common_words.json`` lists those that
    decline to a minor world city's alternate name) stays a word when every candidate
    is a city abroad matched by that alternate name.
    """
    if m.size == 1 and n.world_alternate and n.word_zipf >= _COMMON_WORD_ZIPF:
        return (
            "common_word_abroad",
            f'"{m.first.text}" is a common word (Zipf {n.word_zipf:.1f}), not a city abroad',
        )
    return None


def _adjective_before_noun(m: Mention, n: _Near) -> _Drop:
    """Drop an adjective before its noun (no village).

    For example "на Запорізькому напрямку", "в Сумському районі".
    """
    first, nxt = m.first, n.nxt
    if (
        m.size == 1
        and m.inflected
        and first.cyr
        and not n.has_big
        and m.cue is None
        and first.norm.endswith(_ADJ_ENDINGS)
        and m.key.endswith(_ADJ_NOMINATIVE)
        and nxt is not None
        and not nxt.cap
        and nxt.norm not in _CONJUNCTIONS
        and nxt.norm not in _PLACE_PREPS
        and not _between(n.text, m.last, nxt).strip(" ")
        and not is_verb_form(nxt.norm)  # "в Хомутовском объявлен": a verb, no noun
    ):
        return "adjective_before_noun", f'an adjective before "{nxt.text}"'
    return None


def _adjective_before_settlement_word(m: Mention, n: _Near) -> _Drop:
    """A nominative place adjective right before a word for a settlement it agrees with.

    "Запорожское село до войны ...", "Запорізьке село": a village of the Zaporizhzhia
    region, no village called Zaporizke ("Тетково село", a noun, stays the village).
    """
    first, nxt = m.first, n.nxt
    if (
        m.size == 1
        and first.cyr
        and not m.inflected
        and not n.has_big
        and m.cue in (None, "city")  # the word after made it a settlement's name
        and nxt is not None
        and not nxt.cap
        and first.norm.endswith(_ADJ_SETTLEMENT_NOUNS.get(nxt.norm, ()))
        and not _between(n.text, m.last, nxt).strip(" ")
    ):
        return "adjective_before_settlement_word", f'an adjective before "{nxt.text}"'
    return None


def _demonym(m: Mention, n: _Near) -> _Drop:
    """Inflected demonyms: "Українські війська" is not the town of Ukrainsk."""
    if m.inflected and m.first.norm.startswith(_DEMONYM_STEMS):
        return "demonym", f'"{m.first.text}" is a national adjective'
    return None


def _compound_adjective(word: Token) -> bool:
    """A hyphenated adjective ("Russian-occupied", "Ukrainian-held"): no part of the name after it."""
    return "-" in word.text and word.text.rsplit("-", 1)[1].lower() in _COMPOUND_TAILS


def _part_of_longer_name(m: Mention, n: _Near) -> _Drop:
    """Drop part of a longer name, and very short names.

    For example "Ukrainska Pravda", "Hotel Kharkiv" (not "Eastern Ukraine").
    """
    prv = n.prv
    if (
        m.size == 1
        and not n.has_big
        and m.cue is None
        and prv is not None
        and prv.cap
        and not prv.first_in_sent
        and prv.start not in n.place_starts
        and prv.norm not in _NAME_NEUTRAL_BEFORE
        and prv.norm not in _PERSON_WORDS_BEFORE
        and not _between(n.text, prv, m.first).strip(" ")
        and not _compound_adjective(prv)
    ):
        return "part_of_longer_name", f'after the capitalised "{prv.text}"'
    if m.size == 1 and m.cue is None and not n.has_big and len(m.key) <= 3:
        return "short_name", "a name of three letters or fewer with no cue"
    return None


#: The filter's rules, in the order they are tried; the first that drops a mention decides.
_RULES = (
    _hromada_alone,
    _unit_word_before,
    _media_name,
    _adjective_before_unit_word,
    numbered_name,
    facility_name,
    route_after_facility,
    _natural_feature,
    _settlement_word,
    _small_name_context,
    _institution_name,
    _unknown_two_word_name,
    _person,
    _common_word,
    _world_common_word,
    _adjective_before_noun,
    _adjective_before_settlement_word,
    _demonym,
    _quoted_name,
    _part_of_longer_name,
)


def _surnames(mentions, prevs, doc: Doc, text: str, place_starts: dict[int, int]) -> set[str]:
    """Surnames met after a first name or title anywhere in the text ("Oleksandr Syrskyi said").

    They are no places elsewhere either (a headline "Syrskyi says ..." comes first). A
    Cyrillic surname counts in each of its case forms ("Ірини Юхти", then "Юхта розповіла").
    """
    out: set[str] = set()
    for m, prv in zip(mentions, prevs, strict=True):
        if (
            prv is not None
            and m.size == 1
            and (prv.norm in _PERSON_WORDS_BEFORE or _is_first_name(prv))
            and _looks_like_person(m, doc, text, place_starts, m.first, _next_tok(doc, m), prv)
        ):
            out.add(m.key)
            if m.first.cyr:
                out.update(f for f in m.first.noms if len(f) >= 4)
    return out


def _filter(
    mentions: list[Mention], doc: Doc, text: str, gaz: Gazetteer, common: dict
) -> list[Mention]:
    kinds = gaz.values["kind"]
    pops = gaz.values["population"]
    sources, countries = gaz.values["source"], gaz.values["country"]
    place_starts = {m.start: m.end for m in mentions}
    place_ends = {e: s for s, e in place_starts.items()}
    prevs = [_prev_tok(doc, m) for m in mentions]
    surnames = _surnames(mentions, prevs, doc, text, place_starts)
    out = []
    for m, prv in zip(mentions, prevs, strict=True):
        has_area = any(kinds[i] in ("oblast", "country") for i, _, _ in m.entries)
        best_pop = max((pops[i] for i, _, _ in m.entries), default=0)
        best_pop = max(best_pop, 0)
        world_alternate = all(
            how == "alternate" and sources[i] == _WORLD_SOURCE and countries[i] not in _THEATRE
            for i, _, how in m.entries
        )
        word = m.first.norm
        n = _Near(
            text, doc, prv, _next_tok(doc, m), has_area, best_pop,
            has_area or best_pop >= 100_000, common.get(m.key, 0.0), place_starts, place_ends,
            surnames,
            world_alternate, common.get(word, 0.0) if word != m.key else 0.0,
            any(kinds[i] == "country" for i, _, _ in m.entries),
        )  # fmt: skip
        _set_cues(m, n, kinds)
        if m.metonym:
            out.append(m)
            continue
        for rule in _RULES:
            why = rule(m, n)
            if why is not None:
                doc.drop(m, "filter", *why)
                break
        else:
            out.append(m)
    return out


def _is_feature(m: Mention, text: str, nxt, prv, big: bool, place_starts: dict[int, int]) -> bool:
    """Tell whether the mention names a river, sea, reservoir or island, not a settlement.

    ``big``: a country or oblast is among the candidates; ``place_starts``: where the
    text's other place names start (a list of them after "the" names places).
    """
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
        # "the Kindrashivka, Kurylivka and Petropavlivka communities": a list, as with "and"
        and not (
            nxt is not None
            and nxt.start in place_starts
            and _between(text, m.last, nxt).strip() == ","
            and _list_noun(text, m.end) in _KEEP_AFTER
        )
        and not all(how == "bare" for _, _, how in m.entries)  # "the Millerovsky, ... districts"
        and not _DASH_LIST_NEXT_RE.match(text, m.end)  # "the Kurakhove–Dachne line"
    )


def _list_noun(text: str, end: int) -> str:
    """The word after a comma list of names that starts at ``end`` ("..., B and C communities").

    Reads at most :data:`_LIST_LOOKAHEAD` characters; "" when no list ends there.
    """
    hit = _NAME_LIST_TAIL_RE.match(text[end : end + _LIST_LOOKAHEAD])
    return hit.group(1).lower() if hit else ""


def _is_first_name(t: Token) -> bool:
    """A first name, in any case for Cyrillic ("Сергей", "Олександра")."""
    return t.norm in _PERSONAL_NAMES or (t.cyr and any(f in _PERSONAL_NAMES for f in t.noms))


def _person_after(m: Mention, doc: Doc, text: str, nxt: Token | None) -> str | None:
    """How the words after the place begin a person's name, else None.

    A first name or a title ("Глава Крыма Сергей Аксёнов", "Kharkiv Mayor Ihor
    Terekhov"); in Cyrillic also a word the dictionaries read as a name ("госсекретаря
    США Марко Рубио"), or an animate noun followed by another capitalised word
    ("главы МИД Турции Хакана Фидана"), since a Cyrillic place is no part of a name
    with a person's name after it.
    """
    first = m.first
    if (
        nxt is None
        or not nxt.cap
        or first.norm in _PERSONAL_NAMES
        or _between(text, m.last, nxt) != " "
    ):
        return None
    if _is_first_name(nxt) or nxt.norm in _PERSON_WORDS_BEFORE:
        return f'"{nxt.text}" is a first name or title'
    if not (first.cyr and nxt.cyr) or _is_first_name(first) or m.size != 1:
        return None
    if person_word(first.norm) == "name":
        return None  # "Владимира Путина": the mention is a name itself
    how = person_word(nxt.norm)
    if how == "name":
        return f'the dictionaries read "{nxt.text}" as a name'
    second = _next_tok(doc, m, 2)
    if (
        how == "animate"
        and second is not None
        and second.cap
        and second.cyr
        and _between(text, nxt, second) == " "
    ):
        return f'"{nxt.text} {second.text}" reads as a first name and surname'
    return None


def _head_of_place(m: Mention, prv: Token | None) -> bool:
    """'Міський голова Українки', 'глава Белгорода': a title in the nominative, a name in another case.

    A surname in apposition agrees with its title ("голови Зеленського"); an inflected
    name after a title in the nominative is the place the title holder heads.
    """
    return (
        prv is not None
        and prv.cyr
        and m.first.cyr
        and prv.norm in _PERSON_WORDS_BEFORE
        and not _is_first_name(prv)
        and case_of(prv.norm) == "nomn"
        and case_of(m.first.norm) == "gent"
    )


def _looks_like_person(m, toks, text, place_starts, first, nxt, prv) -> _Drop:
    """(rule, detail) when the mention is a person's name, else None."""
    size = m.size
    if m.cue is not None:
        return None
    # a person's name after the place: "Глава Крыма Сергей Аксёнов", "Kharkiv Mayor Ihor Terekhov"
    if _person_after(m, toks, text, nxt):
        return None
    if _head_of_place(m, prv):
        return None
    # preceded by a title or a first name: "President Zelensky", "Pavel Zolotarev"
    if (
        prv is not None
        and prv.cap
        and not _between(text, prv, first).strip(" ")
        and (prv.norm in _PERSON_WORDS_BEFORE or _is_first_name(prv))
    ):
        return "after_title_or_first_name", f'a surname after "{prv.text}"'
    if (
        prv is not None
        and prv.norm in _PERSON_WORDS_BEFORE
        and not _between(text, prv, first).strip(" ")
    ):
        return "after_title", f'a name after "{prv.text}"'
    if size != 1 or nxt is None:
        return None
    gap = _between(text, m.last, nxt)
    # "Vladimir V. Putin"
    if gap == " " and nxt.cap and len(nxt.text) == 1:
        return "before_initial", f'a first name before the initial "{nxt.text}"'
    if gap != " " or not nxt.cap or nxt.start in place_starts or nxt.norm in _KEEP_AFTER:
        return None
    # "Vladimir Putin", "Tyler Durden": a first name, or a capitalised non-place word after it
    if first.norm in _PERSONAL_NAMES:
        return "first_name_before_surname", f'"{first.text}" is a first name before "{nxt.text}"'
    if nxt.first_in_sent or m.last.text.endswith(("'s", "’s")):
        return None  # "Russia's Defence Ministry" is Russia's
    if not nxt.text[1:2].islower():
        return None  # "В Грайвороне FPV-дрон", "Kharkiv HIMARS": an acronym is no part of a name
    # "Kyiv Post", "Moscow Times": a place followed by another capitalised word that is no place
    if nxt.cyr and nxt.noms and nxt.norm in _KEEP_AFTER:
        return None
    return "name_before_capitalised_word", f'part of a name with "{nxt.text}" ("Kyiv Post")'


def filter_mentions(doc: Doc) -> None:
    """Stage 4: people, organisations, features and common words are no places.

    Parameters
    ----------
    doc : Doc
        The article being parsed; ``doc.mentions`` keeps the mentions
        that may be places; the others go to ``doc.dropped`` with their rule.
    """
    doc.mentions = _filter(doc.mentions, doc, doc.text, doc.gaz, doc.common)
