"""Light morphology for place names in Russian and Ukrainian text.

Place names decline: "в Курской области", "у Сумах", "під Харковом",
"на Харківщині". :func:`nominatives` turns one inflected Cyrillic word into
the nominative forms it may come from, so the parser can look them up in the
gazetteer's index of nominative names. It over-generates on purpose: only
forms that are real names in the index ever match.

Two sources: the suffix table below, and, when installed, pymorphy3 with its
Russian and Ukrainian dictionaries, which knows the stem alternations no
suffix table sees ("Кривого Рогу" -> ріг, "Часовому Яру" -> часів, "обстріл
Сум" -> суми): :func:`dictionary_nominatives`, used by the parser only where
the table finds no name. On the inflected words of the evaluation corpus the
table alone found 33 of 36, both together 35.

>>> "харків" in nominatives("харкова")
True
>>> "суми" in nominatives("сумах")
True
>>> "курская" in nominatives("курской")
True
>>> "харківщина" in nominatives("харківщині")
True
>>> "київ" in nominatives("києва")
True
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["case_of", "dictionary_nominatives", "is_verb_form", "nominatives", "person_word"]

# (ending, replacements) tried in order; the longest endings first
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # regions in -щина / -ччина
    ("щиною", ("щина",)),
    ("щині", ("щина",)),
    ("щину", ("щина",)),
    ("щини", ("щина",)),
    ("ччиною", ("ччина",)),
    ("ччині", ("ччина",)),
    ("ччину", ("ччина",)),
    ("ччини", ("ччина",)),
    ("чиной", ("чина",)),
    ("чине", ("чина",)),
    ("чину", ("чина",)),
    ("чины", ("чина",)),
    ("щиной", ("щина",)),
    ("щине", ("щина",)),
    ("щины", ("щина",)),
    # "область" and "район"
    ("області", ("область",)),
    ("областю", ("область",)),
    ("области", ("область",)),
    ("областью", ("область",)),
    ("областей", ("область",)),
    ("областях", ("область",)),
    ("областями", ("область",)),
    ("областям", ("область",)),
    ("округа", ("округ",)),
    ("округе", ("округ",)),
    ("округу", ("округ",)),
    ("округом", ("округ",)),
    ("округів", ("округ",)),
    ("округов", ("округ",)),
    ("округах", ("округ",)),
    ("окрузі", ("округ",)),
    ("районі", ("район",)),
    ("районе", ("район",)),
    ("району", ("район",)),
    ("района", ("район",)),
    ("районом", ("район",)),
    ("районов", ("район",)),
    ("районах", ("район",)),
    ("районів", ("район",)),
    ("районами", ("район",)),
    ("районам", ("район",)),
    # adjectives (oblasts, raions, names like Покровське, Кривий Ріг)
    ("ської", ("ська",)),
    ("ській", ("ська", "ський")),
    ("ською", ("ська",)),
    ("ську", ("ська",)),
    ("ском", ("ский", "ское")),
    ("ськім", ("ська", "ський")),
    ("ськом", ("ський",)),
    ("ского", ("ский", "ское")),
    ("скому", ("ский", "ское")),
    ("ским", ("ский", "ское")),
    ("ськ", ("ськ",)),
    ("ського", ("ський", "ське")),
    ("ському", ("ський", "ське")),
    ("ським", ("ський", "ське")),
    ("ской", ("ская", "ский")),
    ("ские", ("ская",)),
    ("скую", ("ская",)),
    ("ских", ("ская",)),
    ("цкой", ("цкая",)),
    ("цкую", ("цкая",)),
    ("цької", ("цька",)),
    ("цькій", ("цька",)),
    ("ого", ("ий", "е", "ой", "ое", "ый")),
    ("ому", ("ий", "е", "ой", "ое", "ый")),
    ("его", ("ий", "е", "ее")),
    ("ему", ("ий", "е", "ее")),
    ("ої", ("а",)),
    ("ій", ("а", "ий", "ія")),
    ("ою", ("а", "я")),
    ("ею", ("я", "а")),
    ("ой", ("а", "ая", "ой", "")),
    ("ей", ("я", "ея", "ь", "ей")),
    ("ую", ("ая",)),
    ("юю", ("яя",)),
    ("ым", ("ый", "ое", "")),
    ("им", ("ий", "е", "ое", "")),
    # nouns
    ("ами", ("и", "ы", "а", "")),
    ("ями", ("і", "и", "я", "")),
    ("ських", ("ські", "ские")),
    ("цьких", ("цькі",)),
    ("их", ("і", "ые", "и")),
    ("ых", ("ые",)),
    ("ах", ("и", "ы", "а", "")),
    ("ам", ("и", "ы", "а", "")),
    ("ям", ("і", "и", "я", "")),
    ("ях", ("і", "и", "я", "")),
    ("ові", ("",)),
    ("еві", ("", "ь")),
    ("єві", ("й",)),
    ("ом", ("", "о", "ое", "ый", "ий")),  # Харьковом; в Разумном -> Разумное
    ("ем", ("", "е", "ь")),
    ("ём", ("", "ь")),
    ("єм", ("й",)),
    ("ії", ("ія",)),
    ("ии", ("ия",)),
    ("ію", ("ія",)),
    ("ию", ("ия",)),
    ("ією", ("ія",)),
    ("ией", ("ия",)),
    ("ці", ("ка", "ця", "ець", "к")),  # ... and masculine к -> ц: у Великому Бурлуці
    # a fleeting vowel: Марганца / Марганця -> Марганец / Марганець
    ("ца", ("ец",)),
    ("цу", ("ец",)),
    ("цем", ("ец", "ець")),
    ("цом", ("ец",)),
    ("це", ("ец",)),
    ("ця", ("ець",)),
    # край: в Краснодарском крае, Краснодарським краєм, у Краснодарському краї
    ("ае", ("ай",)),
    ("аем", ("ай",)),
    ("аю", ("ай",)),
    ("ая", ("ай",)),
    ("аї", ("ай",)),
    ("аєм", ("ай",)),
    ("зі", ("га", "г")),
    ("сі", ("ха", "х")),
    ("ків", ("ки",)),
    ("ок", ("ки",)),  # plurals: з Олешок -> Олешки
    ("ек", ("йки", "ьки", "ки")),  # plurals with a fleeting е: до Валуек -> Валуйки
    ("ів", ("и", "і")),
    ("у", ("", "а", "о")),
    ("ю", ("", "я", "ь", "й")),
    ("і", ("", "а", "я", "ь", "и", "й")),
    ("и", ("", "а", "я", "ь")),
    ("ы", ("а", "")),
    ("е", ("", "а", "о", "я", "ь", "е")),
    ("є", ("й",)),
    ("а", ("", "о", "е", "ь", "и")),
    ("я", ("ь", "й", "е", "")),
    ("о", ("",)),
)


def _alternations(form: str) -> list[str]:
    """Ukrainian о/е -> і in the last closed syllable: Харков -> Харків, Києв -> Київ.

    The form itself comes first; the order is fixed (no set), so parses are repeatable.
    """
    out = [form]
    for old, new in (
        ("ов", "ів"),
        ("ев", "ів"),
        ("єв", "їв"),
        ("ор", "ір"),
        ("ог", "іг"),
        ("ол", "іл"),
    ):
        if form.endswith(old) and len(form) > 3:
            alt = form[: -len(old)] + new
            if alt not in out:
                out.append(alt)
    return out


@functools.lru_cache(maxsize=1)
def _analyzers() -> tuple:
    """pymorphy3's Ukrainian and Russian analysers, or none when it is not installed."""
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - a dependency; the suffix table still works
        return ()
    out = []
    for lang in ("uk", "ru"):
        try:
            out.append(pymorphy3.MorphAnalyzer(lang=lang))
        except (ValueError, OSError, KeyError):  # pragma: no cover - dictionary missing
            continue
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def dictionary_nominatives(word: str) -> tuple[str, ...]:
    """Dictionary forms (lemmas) of a lower-case Cyrillic word, ё as е; slower than the table.

    >>> {"ріг", "часів", "суми"} <= set(
    ...     dictionary_nominatives("рогу") + dictionary_nominatives("часовому")
    ...     + dictionary_nominatives("сум")) or not _analyzers()
    True
    """
    out: dict[str, None] = {}
    for morph in _analyzers():
        for p in morph.parse(word)[:8]:
            form = p.normal_form
            if form and form != word:
                out[form.replace("ё", "е")] = None
    return tuple(out)


_VERBAL = frozenset({"VERB", "INFN", "PRTS", "GRND"})


@functools.lru_cache(maxsize=16384)
def _first_tags(word: str) -> tuple[tuple[bool, Any], ...]:
    """(known to the dictionary, tag of its likeliest reading) per analyser, parsed once a word."""
    return tuple((m.word_is_known(word), m.parse(word)[0].tag) for m in _analyzers())


@functools.lru_cache(maxsize=8192)
def is_verb_form(word: str) -> bool:
    """A lower-case Cyrillic word the dictionaries know first as a verb or short participle.

    ("объявлен", "начался", "триває"; not "аэс" or "районах").  False without the
    dictionaries.

    >>> is_verb_form("начался") or not _analyzers()
    True
    >>> is_verb_form("районах")
    False
    """
    tops = [tag.POS for known, tag in _first_tags(word) if known]
    return any(t in _VERBAL for t in tops) and "NOUN" not in tops


@functools.lru_cache(maxsize=8192)
def case_of(word: str) -> str | None:
    """The grammatical case of a lower-case Cyrillic word's likeliest reading, or None.

    Read from the first dictionary (Ukrainian, then Russian) that knows the word and gives
    it a case ("nomn", "gent", ...); None without the dictionaries or for an unknown word.

    >>> case_of("голова") in (("nomn",) if _analyzers() else (None,))
    True
    >>> case_of("белгорода") in (("gent",) if _analyzers() else (None,))
    True
    """
    for known, tag in _first_tags(word):
        if known and tag.case:
            return str(tag.case)
    return None


_PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


@functools.lru_cache(maxsize=8192)
def person_word(word: str) -> str | None:
    """What the dictionaries make of a lower-case Cyrillic word as part of a person's name.

    ``"name"`` when the first reading of either dictionary is a given name, surname or
    patronymic ("марко", "реджепом", "гладков"); ``"animate"`` when it is an animate
    noun and no adjective ("хакана"); else None ("народной", "пост", and every word
    without the dictionaries).

    >>> person_word("народной")
    >>> person_word("реджепом") in (("name",) if _analyzers() else (None,))
    True
    """
    tops = [tag for _, tag in _first_tags(word)]
    if any(t.POS == "ADJF" for t in tops):
        return None
    if any(_PERSON_GRAMMEMES & set(t.grammemes) for t in tops):
        return "name"
    if any(t.POS == "NOUN" and t.animacy == "anim" for t in tops):
        return "animate"
    return None


@functools.lru_cache(maxsize=65536)
def nominatives(word: str) -> tuple[str, ...]:
    """Possible nominative forms of a normalised (lower-case) Cyrillic word, itself first."""
    forms: dict[str, None] = {word: None}
    for v in _alternations(word):
        forms[v] = None
    for ending, reps in _ENDINGS:
        if word.endswith(ending) and (len(word) - len(ending) >= 2 or word == ending):
            stem = word[: -len(ending)]
            for rep in reps:
                for v in _alternations(stem + rep):
                    forms[v] = None
    return tuple(forms)
