"""The geoparser: article text to resolved places, with evidence.

:func:`places_from_text` finds every oblast, raion, city, town, village and
country an article names, in English, Russian or Ukrainian, resolves each to
one gazetteer entity and keeps the sentences that mention it.

How it works, in three passes over the text:

1. **Recognition**: capitalised word n-grams (up to four words) are looked up
   in the gazetteer's index of normalised names; Cyrillic words are also
   tried in their possible nominative forms ("у Сумах" -> Суми, "Курской
   области" -> Курская область), Latin ones without possessive "'s".  Words
   next to "громада" name the settlement the hromada is named after ("у
   Юнаківській громаді"), adjectives before a front "direction" the city it is
   named after ("на ореховском направлении" -> Orikhiv).
2. **Filtering**: people ("Vladimir Putin", "President Zelensky"),
   organisations ("Kyiv Post"), capitalised common words and sentence-initial
   words are told apart from places with local cues (the next and previous
   words, titles, first names, word frequency).
3. **Resolution**: each surviving mention picks one entity: admin words
   ("region", "Oblast", "district", "city") decide between an oblast and its
   capital; a name already used for an oblast in the article keeps that sense
   ("parts of Kharkov, Sumy and Chernigov" are oblasts); same-name settlements
   are ranked by the oblasts the article names, closeness to the other places,
   closeness to the war zone and population (a place is no evidence for
   itself); one of several same-name villages with nothing in the text for it
   is left out rather than guessed. Capitals followed by a speech verb ("Kyiv
   said", "Moscow denied", "В Киеве не комментируют") are flagged
   ``role="metonym"``.

>>> from geomap.geoparse import places_from_text
>>> gdf = places_from_text("Vladimir Putin visited the Kursk region; drones hit Kharkiv.")
>>> sorted(zip(gdf["name"], gdf["kind"]))
[('Kharkiv', 'city'), ('Kursk Oblast', 'oblast')]
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np

from ._errors import InputError
from ._io import decode_text
from ._log import get_logger
from ._morph import nominatives
from ._translit import is_cyrillic, normalize
from .gazetteer import Gazetteer, get_gazetteer, oblast_key

__all__ = [
    "distances_from_text",
    "places_from_text",
    "places_from_texts",
    "places_to_records",
    "sentences_from_text",
]

log = get_logger("geoparse")

#: Largest text accepted (characters).
MAX_TEXT_CHARS = 20_000_000
#: Longest sentence a mention carries; a longer one is cut to a window around the mention.
MAX_SENTENCE_CHARS = 400
_MAX_NGRAM = 4

_WORD = r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*"
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽА-ЯЁЄІЇЎҐ"
_WORD_RE = re.compile(_WORD)
# a capital letter not preceded by a letter (the look-behind after the class is twice as fast)
_CAPWORD_RE = re.compile(rf"[{_UPPER}](?<![^\W\d_].)[^\W\d_]*(?:[-'’ʼ][^\W\d_]+)*")
_LOWER_NAMES_RE = re.compile(r"(?<![^\W\d_])(?:росі[яїюєй]\w*|рф)(?![^\W\d_])")
_REV_LAST_WORD_RE = re.compile(rf"[^\w]*({_WORD})")
_NEXT_ADJ_RE = re.compile(rf"(?:[ \u00a0]{{1,2}}|-)({_WORD})")
_SENT_END_RE = re.compile(
    r"(?<=[.!?…])[\"'”»)\]]*\s+(?=[\"'“«(\[]*[A-ZА-ЯЁІЇЄҐ0-9])|\n\s*\n|\n(?=[A-ZА-ЯЁІЇЄҐ\"“«-])"
)

# ------------------------------------------------------------------ lexicon
_OBLAST_WORDS = {
    "region",
    "regions",
    "oblast",
    "oblasts",
    "province",
    "provinces",
    "krai",
    "territory",
    "область",
    "обл",
    "областей",
    "области",
    "області",
    "край",
    "республика",
    "regional",
}
_RAION_WORDS = {
    "district",
    "districts",
    "raion",
    "raions",
    "rayon",
    "район",
    "районах",
    "районов",
    "районів",
    "р-н",
}
_CITY_WORDS = {
    "city",
    "town",
    "village",
    "місто",
    "міста",
    "місті",
    "город",
    "города",
    "городе",
    "село",
    "селі",
    "селе",
    "селище",
    "селища",
    "селищі",
    "посёлок",
    "поселок",
    "поселке",
    "hromada",
    "громада",
}
_SETTLEMENT_BEFORE = {
    "city",
    "town",
    "village",
    "settlement",
    "hamlet",
    "villages",
    "towns",
    "settlements",
    "місто",
    "міста",
    "місті",
    "містом",
    "город",
    "города",
    "городе",
    "городом",
    "село",
    "селі",
    "села",
    "селе",
    "селом",
    "селище",
    "селища",
    "селищі",
    "поселок",
    "посёлок",
    "поселка",
    "поселке",
    "посёлке",
    "смт",
    "пгт",
    "м",
    "г",
    "с",
}
_PLACE_PREPS = {
    "in",
    "near",
    "outside",
    "around",
    "into",
    "from",
    "towards",
    "toward",
    "at",
    "of",
    "в",
    "у",
    "во",
    "під",
    "под",
    "біля",
    "возле",
    "около",
    "из",
    "з",
    "із",
    "до",
    "на",
    "по",
}
_TITLES = {
    "president",
    "minister",
    "governor",
    "mayor",
    "general",
    "gen",
    "colonel",
    "col",
    "commander",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lady",
    "lord",
    "senator",
    "sen",
    "rep",
    "spokesman",
    "spokeswoman",
    "secretary",
    "chancellor",
    "premier",
    "prime",
    "pm",
    "leader",
    "officer",
    "lieutenant",
    "captain",
    "sergeant",
    "major",
    "patriarch",
    "father",
    "saint",
    "st",
    "writes",
    "wrote",
    "author",
    "correspondent",
    "президент",
    "министр",
    "міністр",
    "губернатор",
    "мэр",
    "мер",
    "генерал",
    "полковник",
    "командующий",
    "командувач",
    "глава",
    "голова",
    "спикер",
    "речник",
    "пресс-секретарь",
    "господин",
    "пан",
    "пані",
}
_FIRST_NAMES = {
    "vladimir",
    "volodymyr",
    "dmitry",
    "dmitri",
    "dmytro",
    "sergei",
    "sergey",
    "serhiy",
    "serhii",
    "oleksandr",
    "alexander",
    "aleksandr",
    "pavel",
    "pavlo",
    "viktor",
    "victor",
    "yulia",
    "tyler",
    "kirill",
    "kyrylo",
    "andriy",
    "andrii",
    "andrei",
    "andrey",
    "mykhailo",
    "mikhail",
    "oleg",
    "oleh",
    "ivan",
    "igor",
    "ihor",
    "petro",
    "pyotr",
    "yuriy",
    "yuri",
    "yury",
    "maria",
    "olena",
    "elena",
    "anna",
    "natalia",
    "tatiana",
    "denis",
    "denys",
    "roman",
    "ruslan",
    "vitali",
    "vitaliy",
    "vitalii",
    "vadym",
    "vadim",
    "anatoliy",
    "valeriy",
    "valery",
    "valerii",
    "yevgeny",
    "yevhen",
    "evgeny",
    "boris",
    "nikolai",
    "mykola",
    "gennady",
    "vyacheslav",
    "alexei",
    "alexey",
    "oleksiy",
    "oleksii",
    "maxim",
    "maksym",
    "artem",
    "artyom",
    "rustem",
    "emmanuel",
    "keir",
    "donald",
    "joe",
    "marco",
    "friedrich",
    "olaf",
    "ursula",
    "kaja",
    "mark",
    "antony",
    "lloyd",
    "pete",
    "steve",
    "keith",
    "sergiy",
    "ramzan",
    "svetlana",
    "lyudmila",
    "iryna",
    "irina",
    "olga",
    "olha",
    "nadezhda",
    "nadiya",
    "kateryna",
    "yekaterina",
    "sofia",
    "zelensky",
    "владимир",
    "володимир",
    "дмитрий",
    "дмитро",
    "сергей",
    "сергій",
    "александр",
    "олександр",
    "павел",
    "павло",
    "виктор",
    "віктор",
    "кирилл",
    "кирило",
    "андрей",
    "андрій",
    "михаил",
    "михайло",
    "олег",
    "иван",
    "іван",
    "игорь",
    "ігор",
    "петро",
    "пётр",
    "петр",
    "юрий",
    "юрій",
    "мария",
    "марія",
    "олена",
    "елена",
    "анна",
    "денис",
    "роман",
    "руслан",
    "виталий",
    "віталій",
    "вадим",
    "анатолий",
    "анатолій",
    "валерий",
    "валерій",
    "евгений",
    "євген",
    "борис",
    "николай",
    "микола",
    "вячеслав",
    "алексей",
    "олексій",
    "максим",
    "артем",
    "артём",
    "рамзан",
    "ирина",
    "ірина",
    "ольга",
    "надежда",
    "надія",
}
#: Capitalised words after a place name that keep it a place ("Kharkiv Mayor", "Sumy City").
_KEEP_AFTER = {
    *_OBLAST_WORDS,
    *_RAION_WORDS,
    *_CITY_WORDS,
    "mayor",
    "governor",
    "regional",
    "military",
    "administration",
    "council",
    "airport",
    "station",
    "front",
    "direction",
    "offensive",
    "axis",
    "operation",
    "npp",
    "thermal",
    "hydroelectric",
    "refinery",
    "airfield",
    "airbase",
    "depot",
    "railway",
    "crossing",
    "nuclear",
    "power",
    "plant",
    "bridge",
    "border",
    "checkpoint",
    "port",
    "oblast's",
    "region's",
    "metro",
    "hromada",
    "community",
    "district's",
    "people's",
    "republic",
    "sector",
    "salient",
    "pocket",
    "cathedral",
    "university",
    "outskirts",
    "area",
    "agglomeration",
    "garrison",
    "group",
    "grouping",
    "sbu",
    "police",
    "raid",
    "incursion",
    "strike",
    "attack",
    "counteroffensive",
    "brigade",
    "battle",
    "and",
    "or",
    "і",
    "и",
    "та",
    "й",
}
#: Words after a name that make it a natural feature, not a settlement ("Kakhovka reservoir").
_FEATURE_AFTER = {
    "river",
    "reservoir",
    "dam",
    "sea",
    "lake",
    "island",
    "islands",
    "peninsula",
    "bay",
    "strait",
    "spit",
    "canal",
    "gulf",
    "forest",
    "hpp",
    "hydroelectric",
    "valley",
    "mountains",
    "hills",
    "steppe",
    "estuary",
    "lagoon",
    "basin",
    "ridge",
    "delta",
    "riverbank",
    "bank",
    "river's",
    "водохранилище",
    "водосховище",
    "водохранилища",
    "водосховища",
    "море",
    "моря",
    "озеро",
    "острів",
    "остров",
    "полуостров",
    "півострів",
    "коса",
    "ГЭС",
    "гэс",
    "гес",
    "залив",
    "затока",
    "канал",
}
#: Words before a name that make it a natural feature ("Sea of Azov", "the river Oskil", "річки Дніпро").
_FEATURE_BEFORE = {
    "river",
    "lake",
    "sea",
    "island",
    "реки",
    "река",
    "реку",
    "рекой",
    "річки",
    "річка",
    "річку",
    "річкою",
    "берег",
    "берегу",
    "берега",
    "берегом",
    "березі",
    "береге",
    "острова",
    "острів",
    "остров",
    "озера",
    "озеро",
    "лівобережжя",
    "правобережжя",
    "левобережье",
    "правобережье",
    "лівобережжі",
    "правобережжі",
    "левобережья",
    "правобережья",
    "дельти",
    "дельта",
    "дельті",
    "дельту",
    "дельте",
    "delta",
    "гирлі",
    "устье",
    "гирла",
    "устья",
    "витоків",
}
#: Adjectives that may stand before a place without making it part of another name.
_DIRECTIONAL = {
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "occupied",
    "greater",
    "upper",
    "lower",
    "russian-occupied",
    "ukrainian-held",
    "russian-held",
    "liberated",
    "free",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "downtown",
    "rural",
    "frontline",
    "front-line",
    "border",
    "the",
    "in",
    "of",
    "said",
    "says",
    "from",
    "to",
    "and",
    "at",
    "near",
}
#: Region-sense contexts for a bare name: "invasion of Kursk", "Kursk has been liberated".
_REGION_BEFORE_RE = re.compile(
    r"(?:invasion of|incursion into|incursion in|invaded|offensive (?:in|into)|operation in|occupation of|"
    r"liberation of|parts of|regions of|oblasts of|areas of|territory of|territories of|"
    r"border with|borders with|bordering|province of|region of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REGION_AFTER_RE = re.compile(
    r"^\s+(?:has been|had been|was|is|were)\s+(?:liberated|occupied|recaptured|retaken|cleared)",
    re.IGNORECASE,
)
_REGION_WORD_RE = re.compile(
    r"\b(?:regions|oblasts|областей|области|області|регіон|регион|regions?)\b", re.IGNORECASE
)
#: Verbs of speech and stance: "Kyiv said", "Moscow denied" make a capital a metonym.
_SPEECH_VERBS = {
    "said",
    "says",
    "say",
    "saying",
    "maintains",
    "maintained",
    "denied",
    "denies",
    "deny",
    "claims",
    "claimed",
    "claim",
    "announced",
    "announces",
    "insists",
    "insisted",
    "accused",
    "accuses",
    "warned",
    "warns",
    "wants",
    "wanted",
    "rejected",
    "rejects",
    "agreed",
    "agrees",
    "refused",
    "refuses",
    "responded",
    "responds",
    "believes",
    "believed",
    "demanded",
    "demands",
    "threatened",
    "threatens",
    "hopes",
    "hoped",
    "condemned",
    "condemns",
    "welcomed",
    "welcomes",
    "reported",
    "reports",
    "confirmed",
    "confirms",
    "stated",
    "states",
    "argues",
    "argued",
    "signalled",
    "signaled",
    "considers",
    "blamed",
    "blames",
    "officials",
    "authorities",
    "заявила",
    "заявил",
    "заявили",
    "заявляет",
    "заявляют",
    "заявив",
    "заявляє",
    "считает",
    "вважає",
    "отрицает",
    "заперечує",
    "настаивает",
    "наполягає",
    "сообщил",
    "сообщила",
    "повідомив",
    "повідомила",
    "обвинила",
    "обвинил",
    "звинуватив",
    "звинуватила",
    "отвергла",
    "відкинув",
    "відкинула",
    "требует",
    "вимагає",
    "предупредила",
    "попередив",
    "попередила",
    "пригрозила",
    "ответила",
    "відповів",
    "відповіла",
}
_STANCE = {
    "worried",
    "concerned",
    "alarmed",
    "insist",
    "insisted",
    "say",
    "said",
    "agree",
    "agreed",
    "deny",
    "denied",
    "accuse",
    "accused",
    "reject",
    "rejected",
    "welcomed",
    "condemned",
    "warned",
    "demand",
    "demanded",
    "заявили",
    "заявляют",
    "обеспокоены",
    "стурбовані",
    "вимагають",
    "требуют",
}
_METONYM_BEFORE = (
    "pressure on",
    "comment from",
    "response from",
    "reaction from",
    "word from",
    "confirmation from",
    "назначенный",
    "назначенного",
    "назначенным",
    "призначений",
    "призначеного",
    "sanctions on",
    "sanctions against",
    "talks with",
    "ties with",
    "relations with",
    "negotiations with",
    "deal with",
    "demands of",
    "message to",
    "warned",
    "accused",
    "criticised",
    "criticized",
    "давление на",
    "переговоры с",
    "тиск на",
    "переговори з",
    "санкции против",
    "санкції проти",
)
_CAPITAL_IDS = {"703448", "524901", "625144"}  # Kyiv, Moscow, Minsk (GeoNames)
_METONYM_ALIASES = {
    "kremlin": "524901",
    "кремль": "524901",
    "кремль's": "524901",
    "bankova": "703448",
    "банкова": "703448",
}
_COMMON_WORD_ZIPF = 3.3
_DEMONYM_STEMS = (
    "українськ",
    "украинск",
    "російськ",
    "российск",
    "русск",
    "білоруськ",
    "белорусск",
)
_CONJUNCTIONS = {"та", "і", "й", "и", "або", "или", "and", "or", "а", "але", "но"}
_OPEN_QUOTES = "«\"“„'‘"
_CLOSE_QUOTES = "»\"”“'’"


def _quoted(text: str, start: int, end: int) -> bool:
    """True when the mention is exactly enclosed by quotes: «Хортиця», "Kursk"."""
    return (
        start > 0
        and end < len(text)
        and text[start - 1] in _OPEN_QUOTES
        and text[end] in _CLOSE_QUOTES
    )


#: Nominative adjective endings: names such as Zaporizke, Sumske, Pokrovske that are also adjectives
_ADJ_NOMINATIVE = (
    "ий",
    "ый",
    "ой",
    "ое",
    "ая",
    "ее",
    "ые",
    "ська",
    "ське",
    "цька",
    "цьке",
    "зька",
    "зьке",
    "ке",
    "ка",
)
_ADJ_ENDINGS = (
    "ому",
    "ого",
    "ій",
    "ім",
    "ою",
    "ої",
    "ой",
    "ом",
    "ым",
    "им",
    "их",
    "ых",
    "ей",
    "ую",
    "ая",
    "ий",
    "ый",
)

#: Oblasts where the war is fought or that border it (a prior for same-name settlements).
_WAR_ZONE = {
    "UA-14",
    "UA-09",
    "UA-23",
    "UA-65",
    "UA-63",
    "UA-59",
    "UA-74",
    "UA-12",
    "UA-48",
    "UA-43",
    "UA-40",
    "RU-KRS",
    "RU-BEL",
    "RU-BRY",
}

# distances stated in the text
_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "десять": 10,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "сто": 100,
    "двадцять": 20,
    "тридцять": 30,
    "п'ятдесят": 50,
    "пʼятдесят": 50,
}
_KM_UNIT = (
    r"(?:km|kms|kilomet(?:re|er)s?|km\.?|км|кілометр(?:ів|и|а)?|километр(?:ов|а|ы)?|-?kilomet(?:re|er)|"
    r"-?километров(?:ая|ую|ой|ый|ого|ом)|-?кілометров(?:а|у|ої|ий|ого|ій))"
)
_NUM = r"(\d{1,3}(?:[,\u00a0 ]\d{3})+|\d{1,5}(?:[.,]\d+)?)"
_DIST_RE = re.compile(
    rf"(?<![\w.]){_NUM}(?:\s*(?:-|–|—|to|до|або|или|or)\s*{_NUM})?\s*-?\s*{_KM_UNIT}(?![^\W\d_])",
    re.IGNORECASE | re.UNICODE,
)
_UNIT_RE = re.compile(r"km|kilomet|км|кілометр|километр", re.IGNORECASE)
_DIST_WORD_RE = re.compile(
    rf"\b({'|'.join(sorted(map(re.escape, _NUM_WORDS), key=len, reverse=True))})[\s-]+{_KM_UNIT}(?![^\W\d_])",
    re.IGNORECASE | re.UNICODE,
)


# ------------------------------------------------------------------ tokens
@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    norm: str
    cap: bool
    cyr: bool
    sent: int
    first_in_sent: bool


class _Toks:
    """Word access for one text: capitalised words found by one regex scan, neighbours on demand."""

    __slots__ = ("_after", "_cache", "_first", "_rtext", "caps", "sent_starts", "sents", "text")

    def __init__(self, text: str, sents: list[tuple[int, int]]):
        self.text = text
        self.sents = sents
        self.sent_starts = [a for a, _ in sents]
        self.caps = [m.span() for m in _CAPWORD_RE.finditer(text)]
        if "рос" in text or "рф" in text:
            # Ukrainian media write "росія" in lower case on purpose
            low = [m.span() for m in _LOWER_NAMES_RE.finditer(text)]
            if low:
                self.caps = sorted(self.caps + low)
        self._cache: dict[int, _Tok] = {}
        self._after: dict[tuple[int, int], _Tok | None] = {}
        self._first: dict[int, int] = {}  # sentence -> start of its first word (-1: none)
        self._rtext: str | None = None  # the text reversed, for backward word search

    def sent_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)

    def _first_word(self, si: int) -> int:
        start = self._first.get(si)
        if start is None:
            a, b = self.sents[si]
            m = _WORD_RE.search(self.text, a, b)
            start = self._first[si] = m.start() if m else -1
        return start

    def tok(self, a: int, b: int, si: int = -1) -> _Tok:
        """The word ``text[a:b]`` (of sentence ``si`` when known)."""
        tok = self._cache.get(a)
        if tok is None:
            word = self.text[a:b]
            if si < 0:
                si = self.sent_of(a)
            # no word between the sentence start and this one
            f = self._first.get(si)
            if f is None:
                f = self._first_word(si)
            norm, cap, cyr = _word_shape(word)
            tok = _Tok(word, a, b, norm, cap, cyr, si, a <= f or f < 0)
            self._cache[a] = tok
        return tok

    def after(self, pos: int, k: int = 1, si: int = -1) -> _Tok | None:
        """The k-th word after ``pos`` in the same sentence (``si``, when known)."""
        key = (pos, k)
        if key in self._after:
            return self._after[key]
        if si < 0:
            si = self.sent_of(pos)
        end = self.sents[si][1]
        m = None
        start = pos
        for _ in range(k):
            m = _WORD_RE.search(self.text, start, end)
            if m is None:
                break
            start = m.end()
        tok = self.tok(m.start(), m.end(), si) if m else None
        self._after[key] = tok
        return tok

    def before(self, pos: int, si: int = -1) -> _Tok | None:
        """The word before ``pos`` in the same sentence (within 80 characters)."""
        if si < 0:
            si = self.sent_of(pos)
        lo = max(self.sents[si][0], pos - 80)
        if self._rtext is None:
            self._rtext = self.text[::-1]
        n = len(self.text)
        # the last word of text[lo:pos] followed only by non-word characters is the
        # first word of the reversed slice after non-word characters
        m = _REV_LAST_WORD_RE.match(self._rtext, n - pos, n - lo)
        return self.tok(n - m.end(1), n - m.start(1), si) if m else None


@dataclass
class _Mention:
    first: _Tok
    last: _Tok
    size: int
    start: int
    end: int
    text: str
    key: str
    entries: list[tuple[int, float, str]]
    inflected: bool = False
    weak: bool = False  # needs its oblast named in the article to be kept
    cue: str | None = None  # oblast | raion | city
    metonym: bool = False
    chosen: int | None = None
    score: float = 0.0
    reason: str = ""
    notes: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=200_000)
def _norm_token(text: str) -> str:
    return normalize(text)


@functools.lru_cache(maxsize=200_000)
def _word_shape(word: str) -> tuple[str, bool, bool]:
    """(normalised form, capitalised?, Cyrillic?) of a word."""
    return _norm_token(word), word[:1].isupper(), is_cyrillic(word)


def _tokens(text: str) -> tuple[_Toks, list[tuple[int, int]]]:
    sents = sentences_from_text(text)
    return _Toks(text, sents), sents


def sentences_from_text(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering the text (a light rule-based splitter).

    >>> t = "Drones hit Sumy. Kyiv said so."
    >>> [t[a:b] for a, b in sentences_from_text(t)]
    ['Drones hit Sumy.', 'Kyiv said so.']
    """
    spans = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.start()
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out or [(0, len(text))]


# ------------------------------------------------------------ recognition
def _forms(tok: _Tok) -> tuple[tuple[str, bool], ...]:
    """Lookup forms of a token: (form, inflected?)."""
    return _word_forms(tok.text)


@functools.lru_cache(maxsize=200_000)
def _word_forms(word: str) -> tuple[tuple[str, bool], ...]:
    n = _norm_token(word)
    out: list[tuple[str, bool]] = [(n, False)]
    if is_cyrillic(word):
        if " " in n:
            # a hyphenated name inflects in every part: Кам'янки-Дніпровської, Каменку-Днепровскую
            parts = [nominatives(p)[:6] for p in n.split(" ")]
            for combo in itertools.islice(itertools.product(*parts), 1, 64):
                out.append((" ".join(combo), True))
            return tuple(out)
        for f in nominatives(n)[1:]:
            if len(f) >= 4 or (len(f) >= 3 and f in ("суми", "сумы")):
                out.append((f, True))
    else:
        for suffix in ("s", "’s", "'s"):
            if n.endswith(suffix) and (word.endswith(("'s", "’s", "ʼs"))):
                out.append((n[: -len(suffix)] if suffix == "s" else n, True))
                break
    return tuple(out)


def _run_length(toks: _Toks, first: _Tok) -> list[_Tok]:
    """The words from ``first`` that may form one name (adjacent, capitalised or admin words)."""
    run = [first]
    text = toks.text
    pos = first.end
    while len(run) < _MAX_NGRAM:
        m = _NEXT_ADJ_RE.match(text, pos)
        if m is None:
            break
        word = m.group(1)
        if not word[:1].isupper():
            low = _norm_token(word)
            if low not in _ADMIN_ANY and not (is_cyrillic(word) and _is_admin_word(low)):
                break
        run.append(toks.tok(*m.span(1)))
        pos = m.end(1)
    return run


class _WordInfo(NamedTuple):
    """What the gazetteer says of one capitalised word, memoised per gazetteer."""

    forms: tuple[tuple[str, bool], ...]  # lookup forms: (form, inflected?)
    multi: bool  # some form starts a multi-word name
    single: tuple[int, str, list[tuple[int, float, str]], bool] | None  # the word alone
    alias: int | None  # entity the word stands for as a metonym ("Kremlin")


_WORD_MEMO_MAX = 200_000
_NO_HIT = object()


def _word_info(word: str, gaz: Gazetteer) -> _WordInfo:
    memo = gaz.parser_memo
    info = memo.get(word)
    if info is None:
        if len(memo) >= _WORD_MEMO_MAX:
            memo.clear()
        names = gaz.names
        forms = _word_forms(word)
        # the word may start a longer name ("Sumy region"; "Камінь-Каширському районі")
        multi = any(f.split(" ", 1)[0] in gaz.first_words for f, _ in forms)
        single = (
            _best_key(forms, gaz, single=True)
            if multi or any(f in names for f, _ in forms)
            else None
        )
        alias_id = _METONYM_ALIASES.get(_norm_token(word))
        alias = gaz.index_of_id.get(alias_id) if alias_id is not None else None
        info = memo[word] = _WordInfo(forms, multi, single, alias)
    return info


def _best_key(keys, gaz: Gazetteer, *, single: bool):
    """The (key, entries, inflected) that ``keys`` names best, or None.

    A plain (uninflected) key wins at once; among the nominatives of one inflected word
    the one naming the biggest place ("Покровском" is Pokrovsk, not a village Pokrovske),
    with every nominative kept as a candidate for one word ("Тихого": Tykhe or Tykhyi).
    A bare district adjective counts for one word only when nothing else matches.  The
    settlements a hromada adjective names ("Юнаківській" громаді) join the candidates of
    one word; the filter keeps them only next to the word for a hromada.
    """
    names = gaz.names
    kinds, pops = gaz.values["kind"], gaz.values["population"]
    found = None
    fallback = None
    best_rank = -1
    hromada: list[tuple[int, float, str]] = []
    hromada_key = None
    for key, inflected in keys:
        entries = names.get(key)
        if not entries:
            continue
        if single:
            if any(how == "hromada" for _, _, how in entries):
                hromada += [e for e in entries if e[2] == "hromada" and e not in hromada]
                hromada_key = hromada_key or (key, inflected)
                entries = [e for e in entries if e[2] != "hromada"]
                if not entries:
                    continue
            if all(how == "bare" and kinds[i] == "raion" for i, _, how in entries):
                fallback = fallback or (key, entries, inflected)
                continue
        if not inflected:
            found = (key, entries, inflected)
            break
        rank = max(10**7 if kinds[i] in ("oblast", "country") else pops[i] for i, _, _ in entries)
        if found is not None and single:
            seen = {i for i, _, _ in found[1]}
            merged = list(found[1]) + [e for e in entries if e[0] not in seen]
            if rank > best_rank:
                found, best_rank = (key, merged, inflected), rank
            else:
                found = (found[0], merged, found[2])
        elif rank > best_rank:
            found, best_rank = (key, entries, inflected), rank
    found = found or fallback
    if hromada_key is not None:
        if found is None:
            return (*hromada_key[:1], hromada, hromada_key[1])
        return (found[0], [*found[1], *hromada], found[2])
    return found


def _recognise(toks: _Toks, gaz: Gazetteer) -> list[_Mention]:
    mentions: list[_Mention] = []
    done = -1
    text = toks.text
    for a, b in toks.caps:
        if a < done or b - a < 2:
            continue
        info = _word_info(text[a:b], gaz)
        found = None
        if info.multi:
            t = toks.tok(a, b)
            run = _run_length(toks, t)
            # longest n-gram first
            memo = gaz.parser_memo
            for size in range(len(run), 1, -1):
                words = tuple(w.text for w in run[:size])
                hit = memo.get(words, _NO_HIT)
                if hit is _NO_HIT:
                    hit = memo[words] = _best_key(_span_keys(run[:size]), gaz, single=False)
                if hit is not None:
                    found = (size, *hit)
                    break
        if found is None and info.single is not None:
            found = (1, *info.single)
        if found is not None:
            size, key, entries, inflected = found
            t = toks.tok(a, b)
            last = run[size - 1] if size > 1 else t
            mentions.append(
                _Mention(
                    t, last, size, t.start, last.end, "", key, list(entries), inflected=inflected
                )
            )
            done = last.end
        elif info.alias is not None:
            t = toks.tok(a, b)
            mentions.append(
                _Mention(t, t, 1, a, b, "", t.norm, [(info.alias, 0.9, "metonym")], metonym=True)
            )
    return mentions


def _is_admin_word(low: str) -> bool:
    return any(f in ("область", "район", "округ", "край") for f in nominatives(low))


def _adjacent(span: list[_Tok]) -> bool:
    return all(b.start - a.end <= 2 and b.sent == a.sent for a, b in itertools.pairwise(span))


def _span_keys(span: list[_Tok]) -> list[tuple[str, bool]]:
    if len(span) == 1:
        return list(_forms(span[0]))
    # every later word must be capitalised unless it is an admin word ("Sumy region", "Курской области")
    for t in span[1:]:
        if not t.cap and t.norm not in _ADMIN_ANY and not _is_admin_form(t):
            return []
    per = [_forms(t) for t in span]
    out: list[tuple[str, bool]] = []
    # the plain form first, then inflected combinations (bounded)
    combos = [([], False)]
    for forms in per:
        combos = [([*c, f], inf or finf) for c, inf in combos for f, finf in forms[:6]]
        if len(combos) > 64:
            combos = combos[:64]
    for c, inf in combos:
        out.append((" ".join(c), inf))
    return out


_ADMIN_ANY = {*_OBLAST_WORDS, *_RAION_WORDS, "city", "місто", "город", "oblast", "рн"}


def _is_admin_form(t: _Tok) -> bool:
    return t.cyr and _is_admin_word(t.norm)


# --------------------------------------------------------------- filtering
def _prev_tok(toks: _Toks, m: _Mention) -> _Tok | None:
    return toks.before(m.start, m.first.sent)


def _next_tok(toks: _Toks, m: _Mention, k: int = 1) -> _Tok | None:
    return toks.after(m.end, k, m.last.sent)


def _between(text: str, a: _Tok | None, b: _Tok | None) -> str:
    if a is None or b is None:
        return ""
    return text[a.end : b.start]


def _filter(
    mentions: list[_Mention], toks: list[_Tok], text: str, gaz: Gazetteer, common: dict
) -> list[_Mention]:
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
        and (prv.norm in _FIRST_NAMES or prv.norm in _TITLES)
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
            if nn in _OBLAST_WORDS or (nxt.cyr and "область" in nominatives(nn)):
                m.cue = "oblast"
            elif nn in _RAION_WORDS or (nxt.cyr and {"район", "округ"} & set(nominatives(nn))):
                m.cue = "raion"
            elif nn in _CITY_WORDS:
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
            and prv.norm not in _DIRECTIONAL
            and prv.norm not in _TITLES
            and not _between(text, prv, first).strip(" ")
        ):
            continue
        if size == 1 and m.cue is None and not has_big and len(m.key) <= 3:
            continue
        out.append(m)
    return out


_PARTS_OF_RE = re.compile(r"(parts|regions|oblasts|areas|provinces) of (the )?$")
_PARTS_OF_CYR_RE = re.compile(r"(частей|части|регионов|областей|частин|областей|регіонів) $")
_LIST_GAP_RE = re.compile(r"\s*(,|and|&|и|і|та|й|,\s*and)\s*", re.IGNORECASE)
_SENT_PUNCT_RE = re.compile(r"[.!?]")
#: Words after a weapon's name ("Tor short-range systems", "Grad launchers").
_WEAPON_AFTER = frozenset(
    normalize(w)
    for w in {
        "system", "systems", "missile", "missiles", "launcher", "launchers", "rocket",
        "rockets", "complex", "complexes", "battery", "batteries", "short-range",
        "long-range", "air-defence", "air-defense", "munitions", "warheads",
        "комплекс", "комплексы", "комплекси", "ракеты", "ракети", "ракета",
    }
)  # fmt: skip
#: Capitalised words that look like place names and never are: "Севернее, под Северском".
_NOT_PLACE_WORDS = frozenset(
    {
        "севернее", "южнее", "западнее", "восточнее", "северней", "южней",
        "північніше", "південніше", "західніше", "східніше",
    }
)  # fmt: skip
#: First words of two-word settlement names ("Нова Слобода", "Velyka Pysarivka").
_NAME_ADJECTIVES = frozenset(
    normalize(w)
    for stem in ("нов", "велик", "мал", "стар", "верхн", "нижн", "червон", "красн", "біл", "бел")
    for w in (stem + e for e in ("а", "ая", "яя", "ий", "ый", "ій", "е", "ое", "ее", "і", "ые"))
) | {"nova", "novaya", "novyi", "novy", "velyka", "mala", "stara", "staryi", "nyzhnia", "verkhnia"}
_SEA_OF_RE = re.compile(r"\b(?:sea|gulf|bay|lake|island) of (?:the )?$")
_THE_RE = re.compile(r"(?:^|\W)the $")
_LIST_SEP_RE = re.compile(r"\s*(,|and|&|и|і|та|й|,\s*and|or|або|или)?\s*", re.IGNORECASE)
_LIST_SEP_STRICT_RE = re.compile(r"\s*(,|and|&|и|і|та|й|,\s*and|or|або|или)\s*", re.IGNORECASE)


def _is_feature(m: _Mention, text: str, nxt, prv, big: bool) -> bool:
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


def _is_first_name(t: _Tok) -> bool:
    """A first name, in any case for Cyrillic ("Сергей", "Олександра")."""
    return t.norm in _FIRST_NAMES or (t.cyr and any(f in _FIRST_NAMES for f in nominatives(t.norm)))


def _looks_like_person(m, toks, text, place_starts, first, nxt, prv) -> bool:
    size = m.size
    if m.cue is not None:
        return False
    # a person's name after the place: "Глава Крыма Сергей Аксёнов", "Kharkiv Mayor Ihor Terekhov"
    if (
        nxt is not None
        and nxt.cap
        and first.norm not in _FIRST_NAMES
        and _between(text, m.last, nxt) == " "
        and (_is_first_name(nxt) or nxt.norm in _TITLES)
    ):
        return False
    # preceded by a title or a first name: "President Zelensky", "Pavel Zolotarev"
    if (
        prv is not None
        and prv.cap
        and not _between(text, prv, first).strip(" ")
        and (prv.norm in _TITLES or _is_first_name(prv))
    ):
        return True
    if prv is not None and prv.norm in _TITLES and not _between(text, prv, first).strip(" "):
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
    if first.norm in _FIRST_NAMES:
        return True
    if nxt.first_in_sent or m.last.text.endswith(("'s", "’s")):
        return False  # "Russia's Defence Ministry" is Russia's
    if not nxt.text[1:2].islower():
        return False  # "В Грайвороне FPV-дрон", "Kharkiv HIMARS": an acronym is no part of a name
    # "Kyiv Post", "Moscow Times": a place followed by another capitalised word that is no place
    return not (nxt.cyr and nominatives(nxt.norm) and nxt.norm in _KEEP_AFTER)


#: Words before a quoted name that make it a unit's or an operation's: группировки «Днепр».
_UNIT_WORDS = frozenset(
    {
        "группировка", "группировки", "группировкой", "группировку", "угруповання",
        "угрупованням", "group", "grouping", "operation", "операция", "операции", "операція",
        "операції", "бригада", "бригады", "бригади", "батальон", "батальйон", "полк", "полку",
        "ship", "corvette", "корабль", "корабля", "корабель", "submarine", "brigade",
    }
)  # fmt: skip
_GOVERNOR_WORDS = frozenset({"governor", "governors", "governorate"})
_HROMADA_WORDS = frozenset({"громада", "громади", "громад", "hromada", "hromadas", "community"})


def _listed_before(mentions: list[_Mention], j: int, text: str) -> Iterator[_Mention]:
    """The mentions before ``mentions[j]`` in the same list ("X, Y and Z"), nearest first."""
    k = j - 1
    while k >= 0 and _LIST_SEP_RE.fullmatch(text, mentions[k].end, mentions[k + 1].start):
        yield mentions[k]
        k -= 1


def _attach_hromada_cues(mentions: list[_Mention], toks: _Toks, text: str) -> None:
    """'у Юнаківській громаді', 'Білопільська, Хотінська та Новослобідська громади'."""
    for j in range(len(mentions) - 1, -1, -1):
        m = mentions[j]
        nxt = _next_tok(toks, m)
        if nxt is None or text[m.end : nxt.start].strip(" "):
            continue
        if not (nxt.norm in _HROMADA_WORDS or (nxt.cyr and "громада" in nominatives(nxt.norm))):
            continue
        m.cue = "hromada"
        for prev in _listed_before(mentions, j, text):
            if prev.cue is None:
                prev.cue = "hromada"
                prev.notes.append("listed with the word for a hromada")


_DIRECTION_WORDS = frozenset(
    {
        "направление", "направлении", "направления", "направлению", "направлением",
        "направлениях", "направлениям", "напрямок", "напрямку", "напрямі", "напрямком",
        "напрямки", "напрямків", "напрямках",
    }
)  # fmt: skip
_ADJ_SUFFIX_RE = re.compile(r"(?:ськ|ск|цьк|цк|зьк)(?:ий|ый|ій)$")


def _direction_cities(word: str, gaz: Gazetteer) -> list[tuple[int, float, str]]:
    """Cities an adjective of a front "direction" names: Покровском -> Покровськ, Покров.

    "на ореховском направлении" is the Orikhiv direction, "Гомельський напрямок" Gomel's.
    """
    kinds = gaz.values["kind"]
    out: list[tuple[int, float, str]] = []
    seen: set[int] = set()
    for form in nominatives(normalize(word)):
        mt = _ADJ_SUFFIX_RE.search(form)
        if mt is None:
            continue
        stem = form[: mt.start()]
        suffix = mt.group(0)[:-2]  # ськ, ск, цьк, цк, зьк
        keys = [stem, stem + suffix, stem + "ка", stem + "е", stem + "о", stem + "и", stem + "ь"]
        keys.append(stem + "ье")
        if suffix == "зьк":
            keys.append(stem + "жжя")  # запорізький -> Запоріжжя
        if stem.endswith("ь"):
            keys += [stem[:-1] + "е", stem[:-1] + "я"]  # гуляйпольский -> Гуляйполе
        if stem.endswith("іль"):
            keys.append(stem[:-3] + "оле")  # гуляйпільський -> Гуляйполе
        for key in keys:
            for e in gaz.names.get(key, ()):
                if kinds[e[0]] in _SETTLEMENT_KINDS and e[0] not in seen:
                    out.append(e)
                    seen.add(e[0])
    return out


_DIRECTION_WORD_RE = re.compile(r"(?<![^\W\d_])(?:направлени|напрям)[^\W\d_]*", re.IGNORECASE)
_DIRECTION_QUALIFIERS = frozenset(
    {
        "тактичних", "тактичному", "тактичним", "тактическом", "тактических", "тактическим",
        "оперативному", "оперативном", "операційному", "операционном", "головному",
        "главном", "основному", "основном",
    }
)  # fmt: skip


def _attach_direction_cues(
    mentions: list[_Mention], toks: _Toks, text: str, gaz: Gazetteer
) -> list[_Mention]:
    """'на Покровском направлении', 'Гомельському та Мозирському тактичних напрямках'.

    Adjectives before a word for a front direction name the city the direction is
    named after, in capitals or not ("на ореховском направлении"); they become
    city mentions.  Returns the mentions, sorted, with any new ones.
    """
    if "направлен" not in text and "напрям" not in text.lower():
        return mentions
    by_start = {m.start: m for m in mentions}
    added = False
    for dm in _DIRECTION_WORD_RE.finditer(text):
        if dm.group().lower() not in _DIRECTION_WORDS:
            continue
        words = list(_WORD_RE.finditer(text, max(0, dm.start() - 160), dm.start()))
        i = len(words) - 1
        if i >= 0 and words[i].group().lower() in _DIRECTION_QUALIFIERS:
            i -= 1
        end = words[i + 1].start() if i + 1 < len(words) else dm.start()
        while i >= 0:
            w = words[i]
            if text[w.end() : end].strip(" ,") or not is_cyrillic(w.group()):
                break
            cities = _direction_cities(w.group(), gaz)
            if not cities:
                break
            m = by_start.get(w.start())
            if m is None:
                t = toks.tok(w.start(), w.end())
                m = _Mention(t, t, 1, t.start, t.end, "", t.norm, [], inflected=True)
                by_start[w.start()] = m
                added = True
            if m.cue is None and m.size == 1:
                m.entries = cities
                m.cue = "city"
                m.notes.append("named by its front direction")
            # an earlier adjective of the same list: "Гомельському та Мозирському"
            end = w.start()
            i -= 1
            if i >= 0 and words[i].group().lower() in _CONJUNCTIONS:
                end = words[i].start()
                i -= 1
    return sorted(by_start.values(), key=lambda m: m.start) if added else mentions


def _attach_plural_cues(
    mentions: list[_Mention], toks: _Toks, text: str, gaz: Gazetteer | None = None
) -> None:
    """'the Kursk, Belgorod and Bryansk regions': the plural admin word covers the whole list.

    A Cyrillic adjective in such a list ("Камінь-Каширського та Ковельського районів")
    gains the entries of its name with the admin word ("камінь-каширський район").
    """
    for j in range(len(mentions) - 1, 0, -1):
        m = mentions[j]
        if m.cue not in ("oblast", "raion"):
            continue
        for prev in _listed_before(mentions, j, text):
            if prev.cue is None:
                prev.cue = m.cue
                prev.notes.append(f"listed with {m.cue} word")
                if gaz is not None and prev.size == 1 and prev.first.cyr:
                    _add_admin_entries(prev, gaz)
    # "parts of Kharkov, Sumy and Chernigov" / "regions of X and Y"
    for j, m in enumerate(mentions):
        before = text[max(0, m.start - 40) : m.start].lower()
        if before.endswith(" ") and (
            _PARTS_OF_RE.search(before) or _PARTS_OF_CYR_RE.search(before)
        ):
            k = j
            while k < len(mentions):
                cur = mentions[k]
                if cur.cue is None:
                    cur.cue = "oblast"
                    cur.notes.append("after 'parts of'")
                if k + 1 >= len(mentions):
                    break
                gap = text[cur.end : mentions[k + 1].start]
                if not _LIST_SEP_RE.fullmatch(gap):
                    break
                k += 1


def _add_admin_entries(m: _Mention, gaz: Gazetteer) -> None:
    """Entries of "<adjective> район/область" for a bare adjective cued as a raion or oblast."""
    kinds = gaz.values["kind"]
    want = "raion" if m.cue == "raion" else "oblast"
    if any(kinds[i] == want for i, _, _ in m.entries):
        return
    word = "район" if want == "raion" else "область"
    seen = {i for i, _, _ in m.entries}
    for form, _ in _word_forms(m.first.text):
        for e in gaz.names.get(f"{form} {word}", ()):
            if kinds[e[0]] == want and e[0] not in seen:
                m.entries.append(e)
                seen.add(e[0])


def _attach_region_contexts(mentions: list[_Mention], text: str, gaz: Gazetteer) -> None:
    """Bare names in region contexts ("invasion of Kursk") and lists after "regions" become oblasts."""
    kinds = gaz.col["kind"]

    def has_oblast(m: _Mention) -> bool:
        return any(kinds[i] == "oblast" for i, _, _ in m.entries)

    for m in mentions:
        if m.cue is not None or not has_oblast(m):
            continue
        before = text[max(0, m.start - 40) : m.start]
        after = text[m.end : m.end + 40]
        if (before[-1:].isspace() and _REGION_BEFORE_RE.search(before)) or (
            after[:1].isspace() and _REGION_AFTER_RE.search(after)
        ):
            m.cue = "oblast"
            m.notes.append("region context")
    # "the four regions Moscow claims, Donetsk, Luhansk, Zaporizhzhia and Kherson"
    j = 0
    while j < len(mentions):
        k = j
        while k + 1 < len(mentions) and _LIST_GAP_RE.fullmatch(
            text, mentions[k].end, mentions[k + 1].start
        ):
            k += 1
        group = mentions[j : k + 1]
        if len(group) >= 2 and all(has_oblast(g) for g in group):
            lead = text[max(0, group[0].start - 60) : group[0].start]
            if _REGION_WORD_RE.search(lead) and not _SENT_PUNCT_RE.search(lead):
                for g in group:
                    if g.cue is None:
                        g.cue = "oblast"
                        g.notes.append("listed after a word for regions")
        j = k + 1


_AUX = {
    "has",
    "have",
    "had",
    "did",
    "does",
    "do",
    "will",
    "would",
    "is",
    "was",
    "can",
    "could",
    "may",
    "might",
    "should",
    "must",
    "never",
    "still",
    "also",
    "officially",
    "now",
    "then",
    "again",
    "repeatedly",
    "quickly",
    "has not",
    "did not",
    "stayed",
    "remained",
    "kept",
}
_PLACE_VERBS = {
    "hit",
    "struck",
    "shelled",
    "attacked",
    "bombed",
    "targeted",
    "suffered",
    "came",
    "lies",
    "lay",
    "sits",
    "saw",
    "woke",
    "experienced",
    "faced",
    "endured",
    "heard",
    "lost",
    "received",
    "hosted",
    "hosts",
    "been",
    "being",
    "under",
    "sirens",
    "air",
    "residents",
    "region",
    "oblast",
}
_METONYM_POSSESSED = {
    "aim",
    "aims",
    "position",
    "demands",
    "demand",
    "plan",
    "plans",
    "government",
    "request",
    "offer",
    "allies",
    "proposal",
    "strategy",
    "response",
    "refusal",
    "claim",
    "claims",
    "stance",
    "decision",
    "goal",
    "goals",
    "intentions",
    "leadership",
    "policy",
    "officials",
    "envoy",
    "negotiators",
    "delegation",
    "terms",
    "general",
    "defence",
    "defense",
    "foreign",
    "military",
    "armed",
    "ministry",
    "troops",
    "forces",
}
_METONYM_OBJECT_BEFORE = {
    "let",
    "allow",
    "allowed",
    "letting",
    "urged",
    "pressed",
    "told",
    "asked",
    "persuade",
    "convince",
    "forced",
    "force",
    "push",
    "pushed",
    "pressure",
    "warned",
    "accused",
    "blamed",
    "whom",
    "which",
    "accuses",
    "accusing",
    "urges",
    "warns",
    "blames",
    "blaming",
    "tells",
    "підіграє",
    "підігрує",
    "подыгрывает",
    "змусити",
    "змусили",
    "заставить",
    "вынудить",
    "примусити",
    "закликали",
    "призвали",
}
_CYR_SPEECH = (
    "заяв",
    "назва",
    "назыв",
    "назив",
    "наголош",
    "подчерк",
    "підкрес",
    "счита",
    "вважа",
    "отмеча",
    "відзнача",
    "зазнача",
    "сообщ",
    "повідом",
    "ответ",
    "відпов",
    "отриц",
    "запереч",
    "настаива",
    "наполяга",
    "требу",
    "вимага",
    "обвин",
    "звинува",
    "предупред",
    "попередж",
    "отверг",
    "відкин",
    "признал",
    "визнал",
    "пообіцял",
    "пообещал",
    "обещ",
    "обіця",
    "решил",
    "вирішил",
    "согласил",
    "погодил",
    "отказ",
    "відмов",
    "ждут",
    "чекають",
    "коммент",
    "комент",
    "увер",
    "запевня",
    "повторя",
    "повторю",
    "поясн",
    "отверга",
    "відкида",
    "обвиня",
)


_CLAUSE_END_RE = re.compile(r"[.;:!?()\[\]«»\"“”]|\bthat\b|\bwhich\b|\bwho\b|\bщо\b|\bчто\b")


def _mark_metonyms(mentions: list[_Mention], toks: _Toks, text: str, gaz: Gazetteer) -> None:
    """Flag capitals used for their governments: "Kyiv said", "Moscow's aim", "В Москве заявили"."""
    capitals = {gaz.index_of_id.get(c) for c in _CAPITAL_IDS}
    for m in mentions:
        if m.metonym or m.cue is not None:
            continue
        if not any(i in capitals for i, _, _ in m.entries):
            continue
        if _is_metonym(m, toks, text):
            m.metonym = True


def _is_metonym(m: _Mention, toks: _Toks, text: str) -> bool:
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
    if w0 in _SPEECH_VERBS:
        return True
    if w0 in ("and", "or") and len(words) > 1:
        # "Kyiv and Moscow trade accusations", "Kiev and European capitals worried"
        rest = words[1:]
        return any(w in _STANCE or w in _SPEECH_VERBS for w in rest[:5]) or any(
            w in ("trade", "traded", "agree", "agreed", "exchange", "exchanged", "blame")
            for w in rest[:4]
        )
    if w0 in _PLACE_VERBS:
        return False
    if w0 in _AUX:
        nxt = words[1] if len(words) > 1 else ""
        return nxt not in _PLACE_VERBS and nxt not in ("a", "the", "an", "home", "one", "under")
    # a verb right after the name: "Moscow appointed", "Moscow uses", "Kyiv orders"
    return bool(
        len(w0) > 3
        and (w0.endswith("ed") or (w0.endswith("s") and not w0.endswith("ss")))
        and not clause.startswith(",")
    )


# --------------------------------------------------------------- resolving
@dataclass
class _Context:
    named_by: dict[str, set[int]]  # canonical oblast name -> entities that name it in the text
    anchor_lonlat: list[tuple[float, float]]
    explicit_oblast_keys: set[str]  # normalised bare names used as oblasts ("sumy", "kursk")
    explicit_city_keys: set[str]

    def name(self, oblast: str, entity: int) -> None:
        """Record that ``entity`` (the oblast itself, or a place in it) puts ``oblast`` in the text."""
        self.named_by.setdefault(oblast, set()).add(entity)

    def named(self, oblast: str, entity: int) -> bool:
        """Whether the text names ``oblast`` through something other than ``entity`` itself."""
        by = self.named_by.get(oblast)
        return by is not None and (len(by) > 1 or entity not in by)


def _in_list(mentions: list[_Mention], j: int, text: str) -> bool:
    if j > 0 and _LIST_SEP_STRICT_RE.fullmatch(text[mentions[j - 1].end : mentions[j].start]):
        return True
    return j + 1 < len(mentions) and bool(
        _LIST_SEP_STRICT_RE.fullmatch(text[mentions[j].end : mentions[j + 1].start])
    )


_CITY_BEFORE_RE = re.compile(
    r"(?:(?:centre|center|outskirts|suburbs|streets|downtown|mayor|residents|heart|skies) of|downtown|central|"
    r"regional capital,?|the city of|near|outside|struck|strikes? on|hit|hits|shelled|attacked|bombed|"
    r"targeted|pounded|attacks? on|(?:driven|taken|flown|bused|bussed|evacuated|returned|brought|"
    r"travelled|traveled|headed|sent|moved)(?: on| back)? to|центре|центрі|мэр|мер|місті|городе|окраине|околиці|"
    r"околицях|(?:km|kilomet(?:re|er)s?|miles|км|кілометрів|километров)\s+(?:\w+\s+)?(?:of|from|від|от))\s+$"
    r"|[\"“«]$",
    re.IGNORECASE,
)
_CITY_AFTER_RE = re.compile(
    r"^(?:['’]s\s+(?:mayor|city|centre|center|streets|residents|suburbs|outskirts|airport|metro|districts?)|"
    r",?\s+(?:a|the)\s+(?:city|regional capital|capital)|"
    r"\s+(?:lies|is|sits|was)\s+(?:about |roughly |some |only |just |around )?\d|\s+mayor|"
    r",?\s+(?:about|some|roughly|around|just|only)?\s*\d+\s*(?:km|kilomet|км)|\s+(?:must|next)\b)",
    re.IGNORECASE,
)


def _city_context(text: str, m: _Mention) -> bool:
    """Evidence that a bare name is used as the city: "mayor of Kharkiv", "Belgorod lies 40 km"."""
    before = text[max(0, m.start - 30) : m.start]
    after = text[m.end : m.end + 40]
    return bool(_CITY_BEFORE_RE.search(before) or _CITY_AFTER_RE.search(after))


_CUE_KINDS = {
    "oblast": frozenset({"oblast", "country"}),
    "raion": frozenset({"raion"}),
    "city": frozenset({"city", "town", "village"}),
}
_SETTLEMENT_KINDS = frozenset({"city", "town", "village"})


def _allowed(m: _Mention, kinds: list[str]) -> list[tuple[int, float, str]]:
    """The mention's candidates of the kinds its cue allows (all of them without a cue)."""
    ok = _CUE_KINDS.get(m.cue) if m.cue is not None else None
    if ok is None:
        return m.entries
    return [e for e in m.entries if kinds[e[0]] in ok]


def _resolve(mentions: list[_Mention], gaz: Gazetteer, text: str) -> None:
    v = gaz.values
    kinds, pops, lats, lons = v["kind"], v["population"], v["lat"], v["lon"]
    admin1, approx, names = v["admin1"], v["approx"], v["name"]

    # pass 1: explicit senses
    ctx = _Context({}, [], set(), set())
    # keys whose city sense matters: names of oblasts used bare ("Kursk" the city or the region)
    city_sense_keys = gaz.oblast_bare_keys | {
        m.key for m in mentions if any(kinds[i] == "oblast" for i, _, _ in m.entries)
    }
    for m in mentions:
        if m.cue == "oblast":
            for i, _, _ in _allowed(m, kinds) or m.entries:
                if kinds[i] == "oblast":
                    ctx.explicit_oblast_keys.add(oblast_key(names[i]))
                    ctx.name(names[i], i)
        if m.cue == "city":
            ctx.explicit_city_keys.add(m.key.split(" ")[0])
        elif m.cue is None and m.key in city_sense_keys and _city_context(text, m):
            ctx.explicit_city_keys.add(m.key)
    # one sense per discourse, narrowly: a bare "Kursk" in an article that names Kursk Oblast and
    # never uses Kursk as a city ("the mayor of", "centre of", "lies 40 km from") is the oblast.
    # Russian regions only: the press writes "fighting in Kursk" for the region, while a bare
    # "Kharkiv" or "Sumy" is the city even in an article about the Kharkiv or Sumy region
    for m in mentions:
        if m.cue is not None or m.metonym:
            continue
        bare = [
            i
            for i, _, how in m.entries
            if kinds[i] == "oblast" and how in ("bare", "alternate") and v["country"][i] != "UA"
        ]
        if (
            bare
            and oblast_key(names[bare[0]]) in ctx.explicit_oblast_keys
            and m.key not in ctx.explicit_city_keys
        ):
            key = oblast_key(names[bare[0]])
            if key not in ctx.explicit_city_keys:
                m.cue = "oblast"
                m.notes.append("the article names this oblast and never this city")
    # the candidates each mention's cue allows (final cues from here on)
    allowed = [_allowed(m, kinds) for m in mentions]
    # anchors: unambiguous mentions (also kept per sentence)
    sent_anchors: dict[int, list[tuple[float, float]]] = {}
    sent_oblasts: dict[int, set[str]] = {}
    for m, ok in zip(mentions, allowed, strict=True):
        cands = ok or m.entries
        if len(cands) == 1:
            i = cands[0][0]
        else:
            settl = [e for e in cands if kinds[e[0]] in _SETTLEMENT_KINDS or kinds[e[0]] == "raion"]
            if not settl or m.cue == "oblast" or len({admin1[e[0]] for e in settl}) != 1:
                continue
            i = cands[0][0]
        if kinds[i] == "oblast":
            ctx.name(names[i], i)
            if len(cands) == 1:
                # oblasts named in each sentence ("villages of X and Y in Donetsk region")
                sent_oblasts.setdefault(m.first.sent, set()).add(names[i])
        elif kinds[i] != "country":
            ctx.name(admin1[i], i)
            if not approx[i]:
                ctx.anchor_lonlat.append((lons[i], lats[i]))
                sent_anchors.setdefault(m.first.sent, []).append((lons[i], lats[i]))

    # distances from every candidate of an ambiguous mention to the places named in its
    # sentence and in the article, one array computation for the whole article
    d_local, d_any = _candidate_distances(mentions, allowed, sent_anchors, ctx, kinds, gaz.radians)
    anchors = _anchor_array(ctx)
    scorer = _Scorer(gaz, ctx)

    # pass 2: choose per mention
    for j, m in enumerate(mentions):
        cands = allowed[j]
        if not cands:
            cands = m.entries
            m.notes.append(f"no {m.cue} named so; took the best other kind")
        # namesakes matter only between candidates: a lone candidate skips both tests
        several = len(cands) > 1
        evidence = _Evidence(
            bare=m.cue is None,
            # a city of 100,000+ or a region of that name: a village namesake is not meant bare
            big_namesake=several
            and any(
                (pops[i] >= 100_000 and (kinds[i] == "city" or kinds[i] == "town"))
                or kinds[i] == "oblast"
                for i, _, _ in cands
            ),
            exact_big=several
            and any(
                pops[i] >= 100_000
                and how in ("canonical", "official")
                and kinds[i] == "city"
                and (gaz.oblast_codes.get(admin1[i]) in _WAR_ZONE or ctx.named(admin1[i], i))
                for i, _, how in cands
            ),
            sent_oblasts=sent_oblasts.get(m.first.sent, ()),
            d_local=d_local.get(j),
            d_any=d_any.get(j),
        )
        best, best_ci, best_s = None, -1, -1.0
        for ci, (i, w, how) in enumerate(cands):
            s = scorer.score(i, w, how, ci, evidence)
            if s > best_s or (s == best_s and best is not None and pops[i] > pops[best]):
                best, best_ci, best_s = i, ci, s
        if (
            m.weak
            and best is not None
            and not ctx.named(admin1[best], best)
            and not _in_list(mentions, j, text)
        ):
            m.chosen = None
            continue
        # a district named by its adjective alone needs its oblast, or a place near it, in the article
        if (
            best is not None
            and kinds[best] == "raion"
            and m.cue != "raion"
            and not ctx.named(admin1[best], best)
        ):
            near = anchors is not None and _nearest_km(lons[best], lats[best], anchors) < 120
            if not near:
                m.chosen = None
                continue
        # one of several same-name villages with nothing in the text for it (not in an oblast
        # the text names, no named place within 60 km) while the text names places elsewhere:
        # a coin toss, most often for a village the gazetteer lacks ("Martynovka" by Sudzha)
        amb = len({c[0] for c in cands})
        if (
            best is not None
            and amb > 1
            and kinds[best] in _SETTLEMENT_KINDS
            and pops[best] < 5_000
            and ctx.named_by
            and not ctx.named(admin1[best], best)
            and (evidence.d_any is None or evidence.d_any[best_ci] >= 60)
        ):
            m.chosen = None
            continue
        m.chosen = best
        m.score = best_s
        if best is None:
            continue
        i, w, how = cands[best_ci]
        why = [f"{how} name"]
        scorer.score(i, w, how, best_ci, evidence, why)
        m.reason = ", ".join(why) + (f"; chosen among {amb} candidates" if amb > 1 else "")
        if m.notes:
            m.reason += "; " + "; ".join(m.notes)


class _Evidence(NamedTuple):
    """What one mention's context says about all its candidates."""

    bare: bool  # no admin or city word next to the name
    big_namesake: bool  # one candidate is a city of 100,000+
    exact_big: bool  # a city of 100,000+ by its own name, in the war zone or a named oblast
    sent_oblasts: Collection[str]  # oblasts named in the mention's sentence
    d_local: list[float] | None  # km from each candidate to the sentence's other places
    d_any: list[float] | None  # km from each candidate to the article's other places


class _Scorer:
    """Score of one candidate entity for one mention: name weight plus the evidence for it."""

    def __init__(self, gaz: Gazetteer, ctx: _Context):
        v = gaz.values
        self.kinds, self.pops, self.admin1, self.approx = (
            v["kind"],
            v["population"],
            v["admin1"],
            v["approx"],
        )
        self.code_of_oblast = gaz.oblast_codes
        self.ctx = ctx

    def score(
        self, i: int, w: float, how: str, ci: int, ev: _Evidence, why: list[str] | None = None
    ) -> float:
        """``w`` plus bonuses for entity ``i`` (candidate ``ci`` of the mention ``ev`` is about).

        Appends the reasons to ``why`` when given.
        """
        s = w
        k = self.kinds[i]
        bare = ev.bare
        d_local = None if ev.d_local is None else ev.d_local[ci]
        d_any = None if ev.d_any is None else ev.d_any[ci]
        if bare and k == "oblast" and how in ("bare", "alternate"):
            s -= 0.12  # a bare capital's name is the city unless cued otherwise
        if k in _SETTLEMENT_KINDS:
            pop = self.pops[i]
            s += _pop_bonus(pop)
            if self.approx[i]:
                s -= 0.02
            if ev.big_namesake and pop < 10_000 and bare:
                s -= 0.4  # a bare "Zaporizhzhia" is the city, not a village of that name
            if ev.exact_big and pop < 100_000 and how in ("alternate", "transliterated"):
                s -= 0.3  # "Mykolaiv" is the city, not a Mykolaivka someone spelt so
            a1 = self.admin1[i]
            if self.ctx.named(a1, i):
                s += 0.25
                if why is not None:
                    why.append(f"in {a1}, named in the article")
                if a1 in ev.sent_oblasts:
                    s += 0.2
                    if why is not None:
                        why.append("in the same sentence")
            if d_local is not None and 0.5 < d_local < 60:
                s += 0.2
                if why is not None:
                    why.append(f"{d_local:.0f} km from a place named in the same sentence")
            if d_any is not None:
                if d_any < 60:
                    s += 0.15
                    if why is not None:
                        why.append(f"{d_any:.0f} km from another named place")
                elif d_any < 200:
                    s += 0.07
            if self.code_of_oblast.get(a1) in _WAR_ZONE:
                s += 0.05
                if why is not None:
                    why.append("in the war zone")
            if k == "city":
                s += 0.03
        if k == "raion" and self.ctx.named(self.admin1[i], i):
            s += 0.2
        return s


def _anchor_array(ctx: _Context) -> np.ndarray | None:
    anchor_set = sorted(set(ctx.anchor_lonlat))
    return np.radians(np.asarray(anchor_set, dtype=float)) if anchor_set else None


def _candidate_distances(mentions, allowed, sent_anchors, ctx, kinds, rad):
    """Great-circle km from each settlement candidate of each ambiguous mention to the anchors.

    Returns two dicts, mention index -> list of km per candidate: to the nearest
    anchor of the mention's own sentence and to the nearest anchor of the article;
    ``inf`` for candidates that are no settlement and for anchors over 200 km away
    (distances only score below that).  ``rad`` holds each entity's
    (lon, lat, cos lat) in radians.  Plain floats: the lists are short, and array
    set-up would cost more than the arithmetic.
    """
    anchor_set = sorted(set(ctx.anchor_lonlat))
    d_local: dict[int, list[float]] = {}
    d_any: dict[int, list[float]] = {}
    if not anchor_set:
        return d_local, d_any
    radians, sin, cos = math.radians, math.sin, math.cos
    anchors = []
    for lon, lat in anchor_set:
        la = radians(lat)
        anchors.append((radians(lon), la, cos(la)))
    col_of = {p: c for c, p in enumerate(anchor_set)}
    cols_of_sent: dict[int, set[int]] = {}
    inf = math.inf
    for j, m in enumerate(mentions):
        cands = allowed[j] or m.entries
        if len(cands) < 2:
            continue
        cols = cols_of_sent.get(m.first.sent)
        if cols is None:  # once per sentence: a long sentence has many mentions
            local = sent_anchors.get(m.first.sent)
            cols = cols_of_sent[m.first.sent] = {col_of[p] for p in local} if local else set()
        far_any: list[float] = []
        far_local: list[float] = []
        for i, _, _ in cands:
            if kinds[i] not in _SETTLEMENT_KINDS:
                far_any.append(inf)
                far_local.append(inf)
                continue
            lo, la, cla = rad[i]
            h_any = h_local = 2.0
            for c, (alo, ala, cala) in enumerate(anchors):
                if abs(ala - la) > _FAR_RAD:
                    continue  # over 200 km apart in latitude alone: no evidence either way
                h = sin((ala - la) / 2) ** 2 + cla * cala * sin((alo - lo) / 2) ** 2
                if h < h_any:
                    h_any = h
                if c in cols and h < h_local:
                    h_local = h
            far_any.append(_hav_km(h_any) if h_any <= 1.0 else inf)
            far_local.append(_hav_km(h_local) if cols and h_local <= 1.0 else inf)
        d_any[j] = far_any
        if cols:
            d_local[j] = far_local
    return d_local, d_any


#: Beyond this latitude difference (radians, 200 km) a distance earns no score.
_FAR_RAD = 200.0 / 6371.0


def _hav_km(h: float) -> float:
    """Haversine term -> great-circle km on the 6,371 km sphere."""
    return 2 * 6371.0 * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def _pop_bonus(pop: int) -> float:
    """Prior for a settlement's size: a bare name most often means the bigger place."""
    if pop >= 200_000:
        return 0.35
    if pop >= 50_000:
        return 0.25
    if pop >= 10_000:
        return 0.15
    return 0.05 if pop >= 1_000 else 0.0


def _nearest_km_many(lons: np.ndarray, lats: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """Great-circle km from each (lon, lat) to the nearest anchor (anchors in radians)."""
    lo = np.radians(np.asarray(lons, dtype=float))[:, None]
    la = np.radians(np.asarray(lats, dtype=float))[:, None]
    a = (
        np.sin((anchors[None, :, 1] - la) / 2) ** 2
        + np.cos(la) * np.cos(anchors[None, :, 1]) * np.sin((anchors[None, :, 0] - lo) / 2) ** 2
    )
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a.min(axis=1), 0.0, 1.0)))


def _nearest_km(lon: float, lat: float, anchors: np.ndarray) -> float:
    """Great-circle km from (lon, lat) to the nearest of ``anchors`` (radians, lon/lat rows)."""
    lo, la = math.radians(lon), math.radians(lat)
    dphi = anchors[:, 1] - la
    dl = anchors[:, 0] - lo
    a = np.sin(dphi / 2) ** 2 + math.cos(la) * np.cos(anchors[:, 1]) * np.sin(dl / 2) ** 2
    return float(2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a.min(), 0.0, 1.0))))


# ---------------------------------------------------------------- helpers
@functools.cache
def _common_words() -> dict[str, float]:
    import json

    from . import data

    path = data.data_dir() / "common_words.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _check_text(text: Any) -> str:
    if isinstance(text, bytes | bytearray):
        return decode_text(bytes(text))
    if not isinstance(text, str):
        msg = f"text must be str or UTF-8 bytes, got {type(text).__name__}; pass the article text"
        raise InputError(msg)
    if len(text) > MAX_TEXT_CHARS:
        msg = f"text is {len(text)} characters, over the {MAX_TEXT_CHARS}-character limit; split the article"
        raise InputError(msg)
    return text


def _lang_of(text: str) -> str:
    """Guess en / ru / uk from the letters of the first 3,000 characters."""
    head = text[:3000]
    # Cyrillic letters take two bytes in UTF-8: a cheap count of non-ASCII text
    extra = len(head.encode("utf-8", "surrogatepass")) - len(head)
    if extra < len(head) * 0.3:
        return "en"
    low = head.lower()
    uk = sum(low.count(ch) for ch in "іїєґ")
    ru = sum(low.count(ch) for ch in "ыэъё")
    return "uk" if uk >= ru else "ru"


# -------------------------------------------------------------- public API
_COLUMNS = [
    "name",
    "kind",
    "country",
    "admin1",
    "geonameid",
    "id",
    "confidence",
    "role",
    "reason",
    "n_mentions",
    "mentions",
    "lat",
    "lon",
    "population",
    "approx",
]


def places_from_text(
    text: str,
    *,
    lang: str | None = None,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
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

    Returns
    -------
    GeoDataFrame
        One row per distinct place, EPSG:4326, columns ``name``, ``kind``,
        ``country``, ``admin1``, ``geonameid`` (int or None), ``id``,
        ``confidence``, ``role`` (place or metonym), ``reason``,
        ``n_mentions``, ``mentions`` (list of ``{text, start, end,
        sentence}``), ``lat``, ``lon``, ``population``, ``approx`` and
        ``geometry`` (polygon for countries and oblasts, point otherwise).
        ``attrs["lang"]`` holds the language used and ``attrs["distances"]``
        the distances stated in the text.

    Examples
    --------
    >>> g = places_from_text("Russian troops shelled Vovchansk in Kharkiv Oblast.")
    >>> g[["name", "kind", "admin1"]].values.tolist()
    [['Vovchansk', 'city', 'Kharkiv Oblast'], ['Kharkiv Oblast', 'oblast', 'Kharkiv Oblast']]
    """
    gaz = get_gazetteer(worldview=worldview)
    text = _check_text(text)
    rows, geoms = _parse(
        text, gaz, lang=lang, include_metonyms=include_metonyms, min_confidence=min_confidence
    )
    gdf = _frame(rows, geoms)
    gdf.attrs["lang"] = lang or _lang_of(text)
    gdf.attrs["distances"] = distances_from_text(text)
    return gdf


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

    >>> g = places_from_texts(["Drones hit Sumy.", "Kyiv said no.", "Nothing here."])
    >>> g[["doc", "name", "role"]].values.tolist()
    [[0, 'Sumy', 'place'], [1, 'Kyiv', 'metonym']]
    """
    gaz = get_gazetteer(worldview=worldview)
    all_rows: list[dict] = []
    all_geoms: list = []
    for doc, text in enumerate(texts):
        rows, geoms = _parse(
            _check_text(text),
            gaz,
            lang=lang,
            include_metonyms=include_metonyms,
            min_confidence=min_confidence,
        )
        for r in rows:
            r["doc"] = doc
        all_rows.extend(rows)
        all_geoms.extend(geoms)
    return _frame(all_rows, all_geoms, extra=("doc",))


def _parse(text: str, gaz: Gazetteer, *, lang, include_metonyms: bool, min_confidence: float):
    toks, sents = _tokens(text)
    common = _common_words_for(lang or _lang_of(text))
    mentions = _recognise(toks, gaz)
    _attach_hromada_cues(mentions, toks, text)
    mentions = _attach_direction_cues(mentions, toks, text, gaz)
    mentions = _filter(mentions, toks, text, gaz, common)
    _attach_plural_cues(mentions, toks, text, gaz)
    _attach_region_contexts(mentions, text, gaz)
    _mark_metonyms(mentions, toks, text, gaz)
    _resolve(mentions, gaz, text)
    return _rows(mentions, gaz, text, sents, include_metonyms, min_confidence)


@functools.cache
def _common_words_for(lang: str) -> dict[str, float]:
    return {k: v.get(lang, 0.0) for k, v in _common_words().items()}


def _entity_fields(gaz: Gazetteer, idx: int) -> dict[str, Any]:
    """The fixed output fields of entity ``idx`` (memoised per gazetteer)."""
    key = ("entity", idx)
    fields = gaz.parser_memo.get(key)
    if fields is None:
        c = gaz.candidate(idx)
        fields = gaz.parser_memo[key] = {
            "name": c.name,
            "kind": c.kind,
            "country": c.country,
            "admin1": c.admin1,
            "geonameid": int(c.id) if c.id.isdigit() else None,
            "id": c.id,
            "lat": c.lat,
            "lon": c.lon,
            "population": c.population,
            "approx": c.approx,
        }
    return fields


def _rows(mentions, gaz: Gazetteer, text: str, sents, include_metonyms: bool, min_conf: float):
    by_ent: dict[int, list[_Mention]] = defaultdict(list)
    for m in mentions:
        if m.chosen is not None:
            by_ent[m.chosen].append(m)
    rows = []
    geoms = []
    excerpts: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its mentions
    for idx, ms in by_ent.items():
        role = "metonym" if all(m.metonym for m in ms) else "place"
        if role == "metonym" and not include_metonyms:
            continue
        conf = max(m.score for m in ms)
        conf = max(0.0, min(1.0, conf))
        if len(ms) > 1:
            conf = min(1.0, conf + 0.03 * (len(ms) - 1))
        if conf < min_conf:
            continue
        mlist = []
        for m in ms:
            a, b = _excerpt(text, sents[m.first.sent], m.start, m.end)
            sentence = excerpts.get((a, b))
            if sentence is None:
                sentence = excerpts[(a, b)] = text[a:b]
            mlist.append(
                {
                    "text": text[m.start : m.end],
                    "start": m.start,
                    "end": m.end,
                    "sentence": sentence,
                    "sentence_start": a,
                    "role": "metonym" if m.metonym else "place",
                }
            )
        reason = ms[0].reason
        if role == "metonym":
            reason = "named as a government or institution (metonym); " + reason
        fields = _entity_fields(gaz, idx)
        rows.append(
            {
                "name": fields["name"],
                "kind": fields["kind"],
                "country": fields["country"],
                "admin1": fields["admin1"],
                "geonameid": fields["geonameid"],
                "id": fields["id"],
                "confidence": round(conf, 3),
                "role": role,
                "reason": reason,
                "n_mentions": len(mlist),
                "mentions": mlist,
                "lat": fields["lat"],
                "lon": fields["lon"],
                "population": fields["population"],
                "approx": fields["approx"],
            }
        )
        geoms.append(gaz.geometry_of(idx))
    order = sorted(range(len(rows)), key=lambda j: rows[j]["mentions"][0]["start"])
    return [rows[j] for j in order], [geoms[j] for j in order]


def _excerpt(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The span of the sentence a mention carries: the sentence, or a window of it.

    A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut to a window of
    at most that many characters around the mention, at spaces where it can,
    so that what one mention carries (and the output) stays linear in the input.

    >>> _excerpt("Drones hit Sumy.", (0, 16), 11, 15)
    (0, 16)
    >>> t = "word " * 20_000
    >>> a, b = _excerpt(t, (0, len(t)), 50_000, 50_004)
    >>> a <= 50_000 and b >= 50_004 and b - a <= MAX_SENTENCE_CHARS, t[a - 1], t[b]
    (True, ' ', ' ')
    """
    a, b = sentence
    a, b = max(0, min(a, start)), min(len(text), max(b, end))
    if b - a <= MAX_SENTENCE_CHARS:
        return a, b
    room = max(0, MAX_SENTENCE_CHARS - (end - start))
    lo = max(a, start - room // 2)
    hi = min(b, end + room - (start - lo))
    lo = max(a, min(lo, start - (room - (hi - end))))
    if lo > a:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < b:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def _frame(rows: list[dict], geoms: list, extra: tuple[str, ...] = ()) -> gpd.GeoDataFrame:
    columns = [*extra, *_COLUMNS]
    cols = {c: [r[c] for r in rows] for c in columns}
    return gpd.GeoDataFrame(cols, geometry=geoms, crs="EPSG:4326")


def places_to_records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """JSON-ready records of :func:`places_from_text` output (lat/lon, no geometry)."""
    recs = []
    for r in gdf.drop(columns="geometry").to_dict(orient="records"):
        out = {}
        for k, v in r.items():
            if isinstance(v, np.generic):
                v = v.item()
            if isinstance(v, float) and math.isnan(v):
                v = None
            if k == "geonameid" and v is not None:
                v = int(v)
            out[k] = v
        recs.append(out)
    return recs


def _num(s: str) -> float:
    """'5,500' and '5 500' are thousands; '2,5' and '2.5' are decimals."""
    if re.fullmatch(r"\d{1,3}(?:[,\u00a0 ]\d{3})+", s):
        return float(re.sub(r"[,\u00a0 ]", "", s))
    return float(s.replace(",", "."))


def distances_from_text(text: str) -> list[dict[str, Any]]:
    """Distances stated in the text, in km, with the phrase that states them.

    >>> [d["km"] for d in distances_from_text("a 20-kilometre zone, 10-15 km deep, в 30 км от границы")]
    [20.0, 10.0, 15.0, 30.0]
    """
    text = _check_text(text)
    found: dict[int, tuple[int, float, str]] = {}
    for u in _UNIT_RE.finditer(text):
        lo = max(0, u.start() - 48)
        while lo > 0 and (text[lo - 1].isdigit() or text[lo - 1] in ".,"):
            lo -= 1
        window = text[lo : u.end() + 24]
        for m in _DIST_RE.finditer(window):
            if lo + m.start() in found:
                continue
            found[lo + m.start()] = (lo + m.start(), _num(m.group(1)), m.group(0))
            if m.group(2):
                found[lo + m.start(2)] = (lo + m.start(2), _num(m.group(2)), m.group(0))
        for m in _DIST_WORD_RE.finditer(window):
            found.setdefault(
                lo + m.start(), (lo + m.start(), float(_NUM_WORDS[m.group(1).lower()]), m.group(0))
            )
    out = []
    for start, km, phrase in sorted(found.values()):
        if 0 < km <= 20000:
            out.append({"km": km, "phrase": phrase.strip(), "start": start})
    return out
