"""Light morphology for place names in Russian and Ukrainian text.

Place names decline: "в Курской области", "у Сумах", "під Харковом",
"на Харківщині". :func:`nominatives` turns one inflected Cyrillic word into
the nominative forms it may come from, so the parser can look them up in the
gazetteer's index of nominative names. It over-generates on purpose: only
forms that are real names in the index ever match.

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

__all__ = ["latin_forms", "nominatives"]

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
    ("районі", ("район",)),
    ("районе", ("район",)),
    ("району", ("район",)),
    ("района", ("район",)),
    ("районом", ("район",)),
    ("районов", ("район",)),
    ("районах", ("район",)),
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
    ("ах", ("и", "ы", "а", "")),
    ("ях", ("і", "и", "я", "")),
    ("ові", ("",)),
    ("еві", ("", "ь")),
    ("єві", ("й",)),
    ("ом", ("", "о")),
    ("ем", ("", "е", "ь")),
    ("ём", ("", "ь")),
    ("єм", ("й",)),
    ("ії", ("ія",)),
    ("ии", ("ия",)),
    ("ію", ("ія",)),
    ("ию", ("ия",)),
    ("ією", ("ія",)),
    ("ией", ("ия",)),
    ("ці", ("ка", "ця")),
    ("зі", ("га",)),
    ("сі", ("ха",)),
    ("ків", ("ки",)),
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


def _alternations(form: str) -> set[str]:
    """Ukrainian о/е -> і in the last closed syllable: Харков -> Харків, Києв -> Київ."""
    out = {form}
    for old, new in (
        ("ов", "ів"),
        ("ев", "ів"),
        ("єв", "їв"),
        ("ор", "ір"),
        ("ог", "іг"),
        ("ол", "іл"),
    ):
        if form.endswith(old) and len(form) > 3:
            out.add(form[: -len(old)] + new)
    return out


@functools.lru_cache(maxsize=65536)
def nominatives(word: str) -> tuple[str, ...]:
    """Possible nominative forms of a normalised (lower-case) Cyrillic word, itself first."""
    forms: dict[str, None] = {word: None}
    for v in _alternations(word):
        forms[v] = None
    for ending, reps in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: -len(ending)]
            for rep in reps:
                for v in _alternations(stem + rep):
                    forms[v] = None
    return tuple(forms)


def latin_forms(word: str) -> tuple[str, ...]:
    """A Latin token and its form without a possessive ("kharkivs" from "Kharkiv's" is handled upstream)."""
    return (word,)
