"""Russian names of Ukrainian settlements: from GeoNames where listed, otherwise derived.

Used by ``data/build_data.py``. Russian-language news names Ukrainian places
in Russian (Угледар for Вугледар, Курахово for Курахове, Новоалександровка for
Новоолександрівка). GeoNames lists a Russian form for some settlements among
its (untagged) alternate names; for the rest :func:`ru_forms` derives the
likely Russian spellings from the Ukrainian name with the regular
correspondences of the two spellings (і -> и/е/о, ї -> и, є -> е, и -> ы,
-ське -> -ское, -івка -> -овка/-евка, -ове -> -ово, adjectives -а -> -ая ...).
The derived forms are search keys (a few per name), not claims;
:func:`agreement` measures them against the forms GeoNames does list.
"""

from __future__ import annotations

import re

__all__ = ["agreement", "geonames_ru", "ru_forms", "russian_name"]

_UK_ONLY = re.compile(r"[іїєґ]")
_RU_WORD = re.compile(r"^[а-яё\- ]+$")
_VELAR_SIBILANT = set("гкхжшчщ")
_VOWELS = set("аеиоуыэюяіїєё")

#: Whole-word adjectives (first words of two-word names).
_ADJ = {
    "велика": "великая", "великий": "великий", "велике": "великое", "великі": "великие",
    "мала": "малая", "малий": "малый", "мале": "малое", "малі": "малые",
    "нова": "новая", "новий": "новый", "нове": "новое", "нові": "новые",
    "стара": "старая", "старий": "старый", "старе": "старое", "старі": "старые",
    "нижня": "нижняя", "нижній": "нижний", "нижнє": "нижнее", "нижні": "нижние",
    "верхня": "верхняя", "верхній": "верхний", "верхнє": "верхнее", "верхні": "верхние",
    "середня": "средняя", "середній": "средний",
    "біла": "белая", "білий": "белый", "біле": "белое",
    "чорна": "черная", "чорний": "черный", "червона": "красная", "червоний": "красный",
    "зелена": "зеленая", "зелений": "зеленый", "зелене": "зеленое",
    "кам'яна": "каменная", "кам'янка": "каменка", "широка": "широкая", "широке": "широкое",
    "сухий": "сухой", "гола": "голая", "святе": "святое", "веселе": "веселое",
}  # fmt: skip

#: Endings of the last word: Ukrainian -> Russian alternatives (first match wins).
_ENDINGS = (
    ("ївка", ("евка", "иевка")),
    ("івка", ("овка", "евка")),
    ("івськ", ("овск", "евск")),
    ("ьське", ("ьское",)),
    ("ське", ("ское",)),
    ("цьке", ("цкое",)),
    ("зьке", ("зское",)),
    ("ський", ("ский",)),
    ("цький", ("цкий",)),
    ("ська", ("ская",)),
    ("цька", ("цкая",)),
    ("ськ", ("ск",)),
    ("цьк", ("цк",)),
    ("нове", ("новое",)),
    ("ове", ("ово",)),
    ("еве", ("ево",)),
    ("єве", ("ево",)),
    ("іне", ("ино",)),
    ("ине", ("ино",)),
    ("не", ("ное",)),
    ("ке", ("кое",)),
    ("те", ("тое",)),
    ("ле", ("лое",)),
    ("ре", ("рое",)),
    ("ів", ("ов", "ев")),
    ("їв", ("ев",)),
    ("іль", ("оль", "ель")),
    ("ець", ("ец",)),
    ("івці", ("овцы", "евцы")),
    ("ці", ("цы",)),
    ("ичі", ("ичи",)),
    ("ий", ("ый",)),
)


def _letters(word: str, *, yery: bool, i_to: str = "и") -> str:
    """Letter correspondences; ``yery``: Ukrainian и after a hard consonant -> ы; і -> ``i_to``."""
    w = word.replace("'", "’")
    for uk, ru in (("’ї", "ьи"), ("’я", "ья"), ("’є", "ье"), ("’ю", "ью"), ("’", "")):
        w = w.replace(uk, ru)
    out = []
    for i, ch in enumerate(w):
        prev = out[-1] if out else ""
        if (
            ch == "и"
            and yery
            and prev
            and prev not in _VELAR_SIBILANT
            and prev not in _VOWELS | {"ь"}
        ):
            out.append("ы" if prev != "ц" or i == len(w) - 1 else "и")
        elif ch == "і":
            out.append(i_to if prev and prev not in _VOWELS else "и")
        elif ch == "ї":
            out.append("и")
        elif ch == "є":
            out.append("е")
        elif ch == "ґ":
            out.append("г")
        else:
            out.append(ch)
    return "".join(out)


def _word_forms(word: str, *, last: bool, multi: bool) -> list[str]:
    if multi and not last and word in _ADJ:
        return [_ADJ[word]]
    stems = [(word, "")]
    for uk, rus in _ENDINGS:
        if word.endswith(uk) and len(word) > len(uk) + 1:
            stems = [(word[: -len(uk)], r) for r in rus]
            break
    else:
        if multi and not last and word.endswith("а"):
            stems = [(word[:-1], "ая")]
    forms: list[str] = []
    for stem, end in stems:
        for yery, i_to in ((True, "и"), (False, "и"), (True, "е")):
            f = _letters(stem, yery=yery, i_to=i_to) + end
            if f not in forms:
                forms.append(f)
    return forms


def ru_forms(name_uk: str, *, limit: int = 5) -> list[str]:
    """Likely Russian spellings of a Ukrainian place name, most regular first (lower case).

    >>> ru_forms("Курахове")[0], ru_forms("Мала Токмачка")[0], ru_forms("Високе")[0]
    ('курахово', 'малая токмачка', 'высокое')
    >>> "новоалександровка" in ru_forms("Новоолександрівка")
    True
    """
    words = name_uk.casefold().replace("ё", "е").split()
    if not words:
        return []
    multi = len(words) > 1
    per_word = [
        _word_forms(w, last=(i == len(words) - 1), multi=multi) for i, w in enumerate(words)
    ]
    # "Ново-/Олександр-": the Russian prefix of Oleksandr-, Oleksiy- names is Aleksandr-
    out: list[str] = []
    combos = [[]]
    for forms in per_word:
        combos = [[*c, f] for c in combos for f in forms[:4]][: limit * 2]
    for c in combos:
        s = " ".join(c)
        for uk, ru in (
            ("олександр", "александр"),
            ("олекс", "алекс"),
            ("вугле", "угле"),
            ("робот", "работ"),  # робота / работа
        ):
            s = s.replace(uk, ru)
        if s not in out:
            out.append(s)
    return out[:limit]


def geonames_ru(name_uk: str, alternates: list[str]) -> list[str]:
    """The alternates that can be Russian forms of ``name_uk`` (Russian letters, not the name)."""
    own = name_uk.casefold().replace("ё", "е")
    out = []
    for a in alternates:
        k = a.casefold().replace("ё", "е")
        if k != own and _RU_WORD.match(k) and not _UK_ONLY.search(k) and k not in out:
            out.append(k)
    return out


def russian_name(name_uk: str, alternates: list[str]) -> tuple[str, list[str]]:
    """(the Russian name GeoNames lists, or ""; the derived forms to index).

    A listed form counts as the Russian name only when a derived form confirms it, so an old
    name among the alternates ("Красный Октябрь" for Липське) is not taken for it.
    """
    forms = ru_forms(name_uk)
    listed = geonames_ru(name_uk, alternates)
    attested = next((a for a in listed if a in forms), "")
    return attested, forms


def agreement(pairs) -> tuple[int, int]:
    """(names with a GeoNames Russian form, of them how many a derived form matches)."""
    total = hit = 0
    for name_uk, alternates in pairs:
        listed = set(geonames_ru(name_uk, alternates))
        if not listed:
            continue
        total += 1
        hit += bool(listed & set(ru_forms(name_uk)))
    return total, hit
