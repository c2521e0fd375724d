"""The stages' word sets, read from the language packs (:mod:`geomap.lang`), and patterns.

Each set here is the union over all packs of the roles named (a live set:
registering a pack adds its words).  The regular expressions below still
mix languages; they are the next thing to move into the packs.
"""

from __future__ import annotations

import re

from .._translit import normalize
from ..lang import mapping, sequence, words

_OBLAST_WORDS = words("OBLAST_WORDS")
#: English words that make a bare name of a region's capital the region (see the en pack).
_REGION_SENSE_AFTER = words("REGION_SENSE_WORDS_AFTER")
_REGION_SENTENCE_WORDS = words("REGION_SENTENCE_WORDS")
_RAION_WORDS = words("RAION_WORDS")
_SETTLEMENT_AFTER = words("SETTLEMENT_WORDS_AFTER")
_SETTLEMENT_BEFORE = words("SETTLEMENT_WORDS_BEFORE")
_PLACE_PREPS = words("PLACE_PREPOSITIONS")
#: Prepositions of every kind of place: a capitalised one starts a sentence ("Біля Гомеля")
_ANY_PLACE_PREPS = words("PLACE_PREPOSITIONS", "NEAR_PREPOSITIONS")
#: Words before a person's name: titles and by-line words ("President", "writes").
_PERSON_WORDS_BEFORE = words("TITLES", "BYLINE_WORDS")
#: First names and the surnames treated like them ("Vladimir", "Zelensky").
_PERSONAL_NAMES = words("FIRST_NAMES", "KNOWN_SURNAMES")
#: Capitalised words after a place name that keep it a place ("Kharkiv Mayor", "Sumy City").
_KEEP_AFTER = words("OBLAST_WORDS", "RAION_WORDS", "SETTLEMENT_WORDS_AFTER", "PLACE_FOLLOWERS")
#: Words after a name that make it a natural feature, not a settlement ("Kakhovka reservoir").
_FEATURE_AFTER = words("FEATURE_WORDS_AFTER")
#: Words before a name that make it a natural feature ("Sea of Azov", "the river Oskil", "річки Дніпро").
_FEATURE_BEFORE = words("FEATURE_WORDS_BEFORE")
#: Capitalised words that may stand before a place without making it part of another name:
#: compass and other adjectives ("Northern", "Occupied") and Title Case headline words ("In", "Says").
_NAME_NEUTRAL_BEFORE = words("COMPASS_ADJECTIVES", "PLACE_ADJECTIVES", "TITLE_CASE_WORDS")
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
#: Verbs of speech and stance and nouns for officials: "Kyiv said", "Moscow denied",
#: "Kyiv officials" make a capital a metonym.
_SPEECH_AND_GOVERNMENT = words("SPEECH_VERBS", "GOVERNMENT_NOUNS")
_STANCE = words("STANCE_WORDS")
_METONYM_BEFORE = sequence("METONYM_PHRASES_BEFORE")
_CAPITAL_IDS = {"703448", "524901", "625144"}  # Kyiv, Moscow, Minsk (GeoNames)
_METONYM_ALIASES = mapping("METONYM_ALIASES")
_PLACE_ALIASES = mapping("PLACE_ALIASES")
_COMMON_WORD_ZIPF = 3.3
_DEMONYM_STEMS = sequence("DEMONYM_STEMS")
_CONJUNCTIONS = words("CONJUNCTIONS")
_OPEN_QUOTES = "«\"“„'‘"
_CLOSE_QUOTES = "»\"”“'’"

#: Nominative adjective endings: names such as Zaporizke, Sumske, Pokrovske that are also adjectives
_ADJ_NOMINATIVE = sequence("ADJECTIVE_NOMINATIVE_ENDINGS")
_ADJ_ENDINGS = sequence("ADJECTIVE_CASE_ENDINGS")
#: Words for a settlement -> the nominative adjective endings agreeing with them ("Запорожское село").
_ADJ_SETTLEMENT_NOUNS = mapping("ADJECTIVE_SETTLEMENT_NOUNS")

_PARTS_OF_RE = re.compile(r"(parts|regions|oblasts|areas|provinces) of (the )?$")
_PARTS_OF_CYR_RE = re.compile(r"(частей|части|регионов|областей|частин|областей|регіонів) $")
_LIST_GAP_RE = re.compile(r"\s*(,|and|&|и|і|та|й|,\s*and)\s*", re.IGNORECASE)
_SENT_PUNCT_RE = re.compile(r"[.!?]")
#: Words after a weapon's name ("Tor short-range systems", "Grad launchers").
_WEAPON_AFTER = words("WEAPON_WORDS")
#: Capitalised words that look like place names and never are: "Севернее, под Северском".
_NOT_PLACE_WORDS = words("COMPARATIVE_DIRECTION_ADVERBS")
#: First words of two-word settlement names ("Нова Слобода", "Velyka Pysarivka").
_NAME_ADJECTIVES = words("NAME_ADJECTIVES")
_SEA_OF_RE = re.compile(r"\b(?:sea|gulf|bay|lake|island) of (?:the )?$")
_THE_RE = re.compile(r"(?:^|\W)the $")
#: a name joined by a dash to the next capitalised name: "the Kurakhove–Dachne line"
_DASH_LIST_NEXT_RE = re.compile(r"\s?[-\u2010-\u2015]\s?[^\W\d_a-zа-яёіїєґ]")
#: "..., B and C <noun>" after a name: the list of names and the noun that says what they are
_NAME_LIST_TAIL_RE = re.compile(
    r"(?:,\s*[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?)*,?\s+(?:and|or)\s+"
    r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?\s+([a-z][\w'’]*)"
)
_LIST_LOOKAHEAD = 200  # characters read after a name for such a list (bounded: linear time)
#: What may stand between two names of a list: a comma or a conjunction.
_LIST_SEP = r"(,|and|&|и|і|та|й|,\s*and|or|або|или)"
#: Between names of a list, or nothing but spaces.
_LIST_SEP_RE = re.compile(rf"\s*{_LIST_SEP}?\s*", re.IGNORECASE)
#: Between names of a list: a separator is required.
_LIST_SEP_STRICT_RE = re.compile(rf"\s*{_LIST_SEP}\s*", re.IGNORECASE)

#: Words before a quoted name that make it a unit's or an operation's: группировки «Днепр».
_UNIT_WORDS = words("UNIT_WORDS")
#: Abbreviations for a region's administration after its adjective ("Запорізької ОВА").
_ADMINISTRATION_WORDS = words("ADMINISTRATION_WORDS")
#: Words after a hyphen that make the name before it a place ("Moscow-installed", "Kyiv-based").
_COMPOUND_TAILS = words("COMPOUND_TAILS")
#: Words before the name of a news outlet or channel, as tokens normalise them ("телеграм канал").
_MEDIA_WORDS = frozenset(normalize(w) for w in words("MEDIA_WORDS"))
#: Words between a unit word and the unit's name: "группировки войск «Центр»", "operational-strategic group".
_UNIT_QUALIFIERS = words("UNIT_QUALIFIERS")
_ADMIN_QUALIFIERS = words("ADMIN_WORD_QUALIFIERS")
_REGION_FRONT_WORDS = words("REGION_FRONT_WORDS")
_REGION_PREPS = words("REGION_PREPOSITIONS")
_GOVERNOR_WORDS = words("GOVERNOR_WORDS")
#: An institution's name before a country's: "Минобороны России", "Министерство обороны РФ".
_INSTITUTION_WORDS = words("INSTITUTION_WORDS")
_MINISTRY_WORDS = words("MINISTRY_WORDS")
_HROMADA_WORDS = words("HROMADA_WORDS")
#: Words for a facility a place's name may come before ("Burshtyn TPP", "Рязанский НПЗ").
_FACILITY_WORDS = words("FACILITY_WORDS")
#: Words between a place's name and a facility word ("thermal power", "нефтеперерабатывающего").
_FACILITY_QUALIFIERS = words("FACILITY_QUALIFIERS")

_DIRECTION_WORDS = words("FRONT_DIRECTION_WORDS")
_ADJ_SUFFIX_RE = re.compile(r"(?:ськ|ск|цьк|цк|зьк)(?:ий|ый|ій)$")


_DIRECTION_STEM_LEN = 6
_DIRECTION_RES: dict[frozenset[str], re.Pattern[str]] = {}


def _direction_word_re() -> re.Pattern[str]:
    """Words starting like a pack's word for a front direction ("напрямами", "направлениях").

    Built from the first letters of :data:`_DIRECTION_WORDS` (a live set, so a
    registered pack's words count) and cached per set of stems; the caller checks
    the whole word against the set.
    """
    stems = frozenset(w[:_DIRECTION_STEM_LEN] for w in _DIRECTION_WORDS)
    pattern = _DIRECTION_RES.get(stems)
    if pattern is None:
        alternation = "|".join(sorted(map(re.escape, stems), key=len, reverse=True)) or "(?!)"
        pattern = re.compile(rf"(?<![^\W\d_])(?:{alternation})[^\W\d_]*", re.IGNORECASE)
        _DIRECTION_RES[stems] = pattern
    return pattern


_DIRECTION_QUALIFIERS = words("FRONT_DIRECTION_QUALIFIERS")

_AUX_AND_ADVERBS = words("AUXILIARIES_AND_ADVERBS")
_PLACE_SENSE_AFTER = words("PLACE_SENSE_WORDS_AFTER")
_METONYM_POSSESSED = words("POSSESSED_NOUNS")
_METONYM_OBJECT_BEFORE = words("GOVERNMENT_OBJECT_VERBS")
_CYR_SPEECH = sequence("SPEECH_VERB_STEMS")


_CLAUSE_END_RE = re.compile(r"[.;:!?()\[\]«»\"“”]|\bthat\b|\bwhich\b|\bwho\b|\bщо\b|\bчто\b")


_CUE_KINDS = {
    "oblast": frozenset({"oblast", "country"}),
    "raion": frozenset({"raion"}),
    "city": frozenset({"city", "town", "village"}),
}
_SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
