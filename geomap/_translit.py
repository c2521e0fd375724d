"""Transliteration and name normalisation for Ukrainian, Russian and Latin names.

``uk_to_latin`` follows the official Ukrainian national system (KMU 2010, the
one used for canonical names: Kharkiv, Zaporizhzhia, Kupiansk); ``ru_to_latin``
follows BGN/PCGN as used by English-language media (Kharkov, Glukhov);
``normalize`` folds case, accents, apostrophes, ``ё``/``е`` and punctuation so
that spellings people actually write compare equal.

>>> uk_to_latin("Запоріжжя"), uk_to_latin("Куп'янськ"), uk_to_latin("Юнаківка")
('Zaporizhzhia', 'Kupiansk', 'Yunakivka')
>>> ru_to_latin("Глухов"), ru_to_latin("Артёмовск")
('Glukhov', 'Artemovsk')
>>> normalize("Kup’yans’k"), normalize("ХАРЬКОВ"), normalize("Sudža")
('kupyansk', 'харьков', 'sudza')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "APOSTROPHES",
    "is_cyrillic",
    "latin_variants",
    "normalize",
    "ru_latin_variants",
    "ru_to_latin",
    "uk_to_latin",
    "uk_to_ru_name",
]

#: Every apostrophe-like character people use inside names.
APOSTROPHES = "'’ʼ‘`´ʹ′＇"
_APOS_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_SPACE_RE = re.compile(r"[\s\-‐‑‒–—_/.,]+")
_CYR_RE = re.compile(r"[\u0400-\u04FF]")

# KMU 2010 (Resolution No. 55): first-letter forms differ for є ї й ю я.
_UK_FIRST = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    # Russian letters met in Ukrainian-language text of old names
    "ы": "y",
    "э": "e",
    "ё": "io",
    "ъ": "",
}
# BGN/PCGN 1947 for Russian, simplified as in English-language news.
_RU = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Ukrainian letters met in Russian-language text
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
}
_RU_FIRST = {"е": "ye", "ё": "yo"}
_VOWELS = set("аеёиоуыэюяіїєьъ")


def is_cyrillic(text: str) -> bool:
    """True when ``text`` contains a Cyrillic letter."""
    return bool(_CYR_RE.search(text))


def _case_like(src: str, out: str) -> str:
    if src.isupper() and len(src) > 1:
        return out.upper()
    if src[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


def _word_translit(word: str, table: dict[str, str], first: dict[str, str], *, ru: bool) -> str:
    out = []
    low = word.lower()
    for i, ch in enumerate(low):
        if ch in "'’ʼ`":
            continue
        prev = low[i - 1] if i else ""
        if i == 0 and ch in first:
            rep = first[ch]
        elif ru and ch in ("е", "ё") and prev in _VOWELS:
            rep = "ye" if ch == "е" else "yo"
        else:
            rep = table.get(ch, ch)
        # KMU: "зг" is written "zgh" to keep it apart from "zh"
        if not ru and ch == "г" and prev == "з":
            rep = "gh"
        out.append(rep)
    return "".join(out)


def _translit(text: str, table: dict[str, str], first: dict[str, str], *, ru: bool) -> str:
    parts = re.split(r"([\s\-]+)", text)
    res = []
    for part in parts:
        if not part or not is_cyrillic(part):
            res.append(part)
            continue
        word = _word_translit(part, table, first, ru=ru)
        res.append(_case_like(part, word))
    return "".join(res)


def uk_to_latin(text: str) -> str:
    """Romanise Ukrainian with the official national system (KMU 2010)."""
    return _translit(text, _UK, _UK_FIRST, ru=False)


def ru_to_latin(text: str) -> str:
    """Romanise Russian with BGN/PCGN as written by English-language media."""
    return _translit(text, _RU, _RU_FIRST, ru=True)


def ru_latin_variants(text: str) -> set[str]:
    """Russian romanisations: BGN/PCGN and the press's й -> i ("Mikhailovka", "Zaitsevo").

    >>> sorted(ru_latin_variants("Михайловка"))
    ['Mikhailovka', 'Mikhaylovka']
    """
    out = {ru_to_latin(text)}
    if "й" in text.lower():
        out.add(_translit(text, {**_RU, "й": "i"}, _RU_FIRST, ru=True))
    return out


def latin_variants(name: str) -> set[str]:
    """Common Latin spellings of a Cyrillic name (both systems and y/i variants).

    >>> sorted(latin_variants("Харків"))
    ['Kharkiv']
    >>> "Kupyansk" in latin_variants("Куп'янськ")
    True
    """
    if not is_cyrillic(name):
        return {name}
    out = {uk_to_latin(name), *ru_latin_variants(name)}
    # popular non-official Ukrainian spellings: Kup'yansk -> Kupyansk, Zaporizhzhya
    alt = _translit(
        name, {**_UK, "я": "ya", "ю": "yu", "є": "ye", "ї": "yi", "й": "y"}, _UK_FIRST, ru=False
    )
    out.add(alt)
    # English-press endings: Khmelnitskiy -> Khmelnitsky, Kropyvnytskyi -> Kropyvnytsky
    for v in list(out):
        if v.endswith("iy") or v.endswith("yi") or v.endswith("yy"):
            out.add(v[:-2] + "y")
    return {v for v in out if v}


def normalize(text: str) -> str:
    """Fold a name for comparison: case, accents, apostrophes, ё/е, spacing, hyphens."""
    text = unicodedata.normalize("NFKC", text)
    text = _APOS_RE.sub("", text)
    text = text.casefold().replace("ё", "е")
    # strip Latin diacritics, keep Cyrillic letters intact (й, ї stay distinct)
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            base = kept[-1] if kept else ""
            if base and _CYR_RE.match(base):
                kept[-1] = unicodedata.normalize("NFC", base + ch)
            continue
        kept.append(ch)
    text = "".join(kept)
    text = _SPACE_RE.sub(" ", text).strip()
    return text


_UK_RU_ADJ = {
    "велика": "великая",
    "великий": "великий",
    "велике": "великое",
    "великі": "великие",
    "мала": "малая",
    "малий": "малый",
    "мале": "малое",
    "малі": "малые",
    "нова": "новая",
    "новий": "новый",
    "нове": "новое",
    "нові": "новые",
    "стара": "старая",
    "старий": "старый",
    "старе": "старое",
    "старі": "старые",
    "нижня": "нижняя",
    "нижній": "нижний",
    "нижнє": "нижнее",
    "верхня": "верхняя",
    "верхній": "верхний",
    "верхнє": "верхнее",
    "біла": "белая",
    "білий": "белый",
    "біле": "белое",
    "чорна": "черная",
    "зелений": "зеленый",
    "зелена": "зеленая",
    "зелене": "зеленое",
    "кам'яна": "каменная",
}
#: Stems whose vowel alternates between the languages (камінь / камень): Кам'янське ->
#: Каменское, Кам'янка -> Каменка, Кам'янець -> Каменец (normalised, apostrophe dropped).
_UK_RU_STEMS = (("камян", "камен"),)

_UK_RU_SUFFIX = (
    ("ївка", "евка"),
    ("івка", "овка"),
    ("ове", "ово"),
    ("еве", "ево"),
    ("ине", "ино"),
    ("іне", "ино"),
    ("ське", "ское"),
    ("цьке", "цкое"),
    ("ська", "ская"),
)


def uk_to_ru_name(name: str) -> str:
    """A Russian-language spelling of a Ukrainian place name, as Russian media write it.

    Rule-based and approximate (Юнаківка -> юнаковка, Малі Щербаки -> малые щербаки,
    Курахове -> курахово); used only to add search keys.

    >>> uk_to_ru_name("Малі Щербаки"), uk_to_ru_name("Юнаківка"), uk_to_ru_name("Курахове")
    ('малые щербаки', 'юнаковка', 'курахово')
    >>> uk_to_ru_name("Кам'янське"), uk_to_ru_name("Кам’янка-Дніпровська")
    ('каменское', 'каменка днипровская')
    """
    out = []
    for word in normalize(name).split():
        if word in _UK_RU_ADJ:
            out.append(_UK_RU_ADJ[word])
            continue
        for old, new in _UK_RU_SUFFIX:
            if word.endswith(old) and len(word) > len(old) + 1:
                word = word[: -len(old)] + new
                break
        for old, new in _UK_RU_STEMS:
            if word.startswith(old):
                word = new + word[len(old) :]
        out.append(word.replace("ї", "и").replace("і", "и").replace("є", "е").replace("ґ", "г"))
    return " ".join(out)
