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

__all__ = ["agreement", "geonames_ru", "ru_forms", "russian_name", "share_with_namesakes"]

_UK_ONLY = re.compile(r"[іїєґ]")
_RU_WORD = re.compile(r"^[а-яё\- ]+$")
_VELAR_SIBILANT = set("гкхжшчщ")
_VOWELS = set("аеиоуыэюяіїєё")

#: Whole words: adjectives, ordinals and nouns the ending rules would misread.
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
    "кам’яна": "каменная", "кам’янка": "каменка", "широка": "широкая", "широке": "широкое",
    "сухий": "сухой", "гола": "голая", "святе": "святое", "веселе": "веселое",
    "перша": "первая", "перший": "первый", "перше": "первое", "перші": "первые",
    "друга": "вторая", "другий": "второй", "друге": "второе", "другі": "вторые",
    "поле": "поле",
}  # fmt: skip

#: Endings of the last word: Ukrainian -> Russian alternatives (first match wins).
_ENDINGS = (
    ("’ївка", ("ьевка",)),
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
    ("ове", ("ово", "овое")),
    ("еве", ("ево", "евое")),
    ("єве", ("ево", "евое")),
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


#: Ukrainian stems whose Russian form is not reached by the letter rules (anywhere in a word).
_STEMS = (
    ("микол", "никол"), ("микіль", "николь"), ("володимир", "владимир"),
    ("костянтин", "константин"), ("чорн", "черн"), ("піщ", "песч"), ("жовт", "желт"),
    ("вільх", "ольх"), ("вільш", "ольш"), ("вовч", "волч"), ("вовк", "волк"), ("вівч", "овч"),
    ("бузьк", "бугськ"), ("запоріж", "запорож"), ("запорізьк", "запорожськ"), ("харків", "харьков"),
    ("уват", "оват"), ("слов’ян", "славян"), ("товст", "толст"), ("стовп", "столб"),
    ("шовк", "шелк"),
)  # fmt: skip
#: Stems at the start of a word only.
_START_STEMS = (
    ("ганн", "анн"), ("відрад", "отрад"), ("відваж", "отваж"), ("відкрит", "открыт"),
)  # fmt: skip
#: Letter variants (``yery``, ``i_to``) of :func:`_letters`, most regular first.
_VARIANTS = ((True, "и"), (False, "и"), (False, "е"), (False, "о"))
_CONSONANTS = set("бвгґджзклмнпрстфхцчшщ")
# a doubled consonant before я/ю/і/є/ї is a soft one followed by й: Заріччя -> Заречье
_GEMINATE = re.compile(r"([бвгджзклмнпрстфхцчшщ])\1([яюієї])(?=(.?))")
_VOICELESS_PREFIX = re.compile(r"^(ро|бе|во)з(?=[кпстфхцчшщ])")
_NOUN_A = re.compile(r"[бвгджзклмнпрстфхцчшщ]ка$|ця$")
_GEMINATE_VOWEL = {"я": "ья", "ю": "ью", "і": "ьи", "є": "ье", "ї": "ьи"}


def _geminate(m: re.Match) -> str:
    vowel = m.group(2)
    if vowel == "я" and not m.group(3):
        return m.group(1) + "ье"  # word-final -ччя, -лля, -жжя: Запорожье, Триполье
    return m.group(1) + _GEMINATE_VOWEL[vowel]


def _respell(word: str) -> str:
    """Spelling correspondences that hold in every variant (before the letter rules)."""
    w = word
    for uk, ru in _START_STEMS:
        if w.startswith(uk):
            w = ru + w[len(uk) :]
    for uk, ru in _STEMS:
        w = w.replace(uk, ru)
    if w.startswith("е"):
        w = "э" + w[1:]  # Енергодар -> Энергодар
    w = _GEMINATE.sub(_geminate, w)
    w = _VOICELESS_PREFIX.sub(r"\1с", w)  # Розкішне -> Роскошное
    w = re.sub(r"([бвгджзклмнпрстфхцчшщ])йо", r"\1ье", w)  # Воробйове -> Воробьево
    if w.endswith("’я"):
        w = w[:-2] + "ье"  # Зимогір’я -> Зимогорье
    w = w.replace("ьо", "е").replace("ця", "ца").replace("цю", "цу")  # Нижньо-, -иця
    w = re.sub(r"м’ян(?=[аеиіоуя])", "менн", w)  # Кам’яне -> Каменное
    w = w.replace("м’ян", "мен")  # Кам’янка -> Каменка
    return re.sub(r"([бпвмф])’(?=[яює])", r"\1", w)  # П’ятихатки -> Пятихатки


def _closed(w: str, i: int) -> bool:
    """Whether the vowel at ``w[i]`` ends a closed syllable (a consonant, then a consonant,
    ь or the end of the word, follows)."""
    nxt = w[i + 1 : i + 3]
    return bool(nxt) and nxt[0] in _CONSONANTS and (len(nxt) == 1 or nxt[1] not in _VOWELS)


def _letters(word: str, *, yery: bool, i_to: str = "и") -> str:
    """Letter correspondences; ``yery``: Ukrainian и after a hard consonant -> ы; і -> ``i_to``.

    ``i_to="о"``: і -> о in a closed syllable, where it stands for an old о (Підгірне ->
    Подгорное, Вільне -> Вольное), and -> е in an open one.
    """
    w = word.replace("'", "’")
    closed = {i for i, ch in enumerate(w) if ch == "і" and _closed(w, i)}
    for uk, ru in (("’ї", "ьи"), ("’я", "ья"), ("’є", "ье"), ("’ю", "ью"), ("’", "")):
        w = w.replace(uk, ru)
    if len(w) != len(word):
        closed = {i for i, ch in enumerate(w) if ch == "і" and _closed(w, i)}
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
            to = i_to if i_to != "о" else ("о" if i in closed else "е")
            out.append(to if prev and prev not in _VOWELS else "и")
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
    if word in _ADJ:
        return [_ADJ[word]]
    word = _respell(word)
    stems = [(word, "")]
    if multi and not last and word.endswith("і"):  # Жовті Води -> Желтые Воды
        plural = "ие" if word[-2:-1] in _VELAR_SIBILANT else "ые"
        stems = [(word[:-1], plural)]
    else:
        for uk, rus in _ENDINGS:
            if word.endswith(uk) and len(word) > len(uk) + 1:
                stems = [(word[: -len(uk)], r) for r in rus]
                break
        else:
            if multi and not last and word.endswith("а") and not _NOUN_A.search(word):
                stems = [(word[:-1], "ая")]
    forms: list[str] = []
    for stem, end in stems:
        if stem.endswith("’") and end[:1] in _VOWELS:
            stem = stem[:-1] + "ь"  # Мар’ївка -> Марьевка
        if stem[-1:] in _VOWELS and end.startswith("ск"):
            end = "с" + end  # Спаське -> Спасское
        for yery, i_to in _VARIANTS:
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
    words = name_uk.casefold().replace("ё", "е").replace("'", "’").replace("ʼ", "’").split()
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
            ("ськ", "ск"),  # Сурсько-Михайлівка -> Сурско-Михайловка
            ("цьк", "цк"),
            ("зьк", "зск"),
            ("ньк", "нк"),  # Вишеньки -> Вишенки
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


def russian_name(
    name_uk: str, alternates: list[str], *, known: bool = False
) -> tuple[str, list[str]]:
    """(the Russian name GeoNames lists, or ""; the derived forms to index).

    A listed form counts as the Russian name only when a derived form confirms it, so an old
    name among the alternates ("Красный Октябрь" for Липське) is not taken for it.
    ``known``: a city everyone knows by its listed Russian name (Ровно for Рівне): when
    GeoNames lists one, only derived forms it confirms are kept (Ровное is the villages).
    """
    forms = ru_forms(name_uk)
    listed = geonames_ru(name_uk, alternates)
    attested = next((a for a in listed if a in forms), "")
    if known and listed:
        forms = [f for f in forms if f in listed]
    return attested, forms


def share_with_namesakes(
    names_uk: list[str], names_ru: list[str], forms: list[list[str]]
) -> list[str]:
    """The Russian name of each place, shared among namesakes (lower case, "" if none).

    GeoNames lists the Russian form for some of the villages of one Ukrainian name and not
    for others (Кам’янське: Каменское for one of them); the others, whose derived forms
    include that spelling, carry it too, so that the listing does not favour one namesake
    over another the text points to.
    """
    attested: dict[str, set[str]] = {}
    for uk, ru in zip(names_uk, names_ru, strict=True):
        if ru:
            attested.setdefault(uk, set()).add(ru)
    out = []
    for uk, ru, fs in zip(names_uk, names_ru, forms, strict=True):
        if not ru:
            ru = next((f for f in fs if f in attested.get(uk, ())), "")
        out.append(ru)
    return out


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
