"""Russian word lists by role (with :mod:`geomap.lang._east_slavic`, the words spelt alike in Russian and Ukrainian).

Each name is a role the parser reads (see :data:`geomap.lang.ROLES`); a pack
defines the roles it has words for.
"""

from __future__ import annotations

from . import _east_slavic as _shared

# fmt: off
__all__ = [
    "ADJECTIVE_CASE_ENDINGS",
    "ADJECTIVE_NOMINATIVE_ENDINGS",
    "ADJECTIVE_SETTLEMENT_NOUNS",
    "ADMINISTRATION_WORDS",
    "ADMIN_WORD_QUALIFIERS",
    "AREA_NAME_ENDINGS",
    "CITY_DISTRICT_NAMES",
    "CODE",
    "COMPARATIVE_DIRECTION_ADVERBS",
    "CONJUNCTIONS",
    "DEMONYM_STEMS",
    "DISTINCT_LETTERS",
    "FACILITY_QUALIFIERS",
    "FACILITY_WORDS",
    "FEATURE_WORDS_AFTER",
    "FEATURE_WORDS_BEFORE",
    "FIRST_NAMES",
    "FORMER_RAION_CENTRES",
    "FRONT_DIRECTION_QUALIFIERS",
    "FRONT_DIRECTION_WORDS",
    "GOVERNMENT_OBJECT_VERBS",
    "HROMADA_WORDS",
    "INSTITUTION_WORDS",
    "MEDIA_WORDS",
    "METONYM_ALIASES",
    "METONYM_PHRASES_BEFORE",
    "MINISTRY_WORDS",
    "NAME_ADJECTIVES",
    "NAME_RUN_ADMIN_WORDS",
    "NEAR_PREPOSITIONS",
    "NUMBER_WORDS",
    "OBLAST_NAME_WORDS",
    "OBLAST_WORDS",
    "PLACE_ALIASES",
    "PLACE_FOLLOWERS",
    "PLACE_PREPOSITIONS",
    "PLURAL_ADMIN_WORDS",
    "RAION_NAME_WORDS",
    "RAION_WORDS",
    "REGION_PREPOSITIONS",
    "SCRIPT",
    "SETTLEMENT_NAME_PREFIXES",
    "SETTLEMENT_NAME_WORDS",
    "SETTLEMENT_WORDS_AFTER",
    "SETTLEMENT_WORDS_BEFORE",
    "SPEECH_VERBS",
    "SPEECH_VERB_STEMS",
    "STANCE_WORDS",
    "TITLES",
    "UNIT_QUALIFIERS",
    "UNIT_WORDS",
    "WEAPON_WORDS",
    "WITHIN_RAION_WORDS",
]


#: Language code (ISO 639-1).
CODE = "ru"
#: Script of the language's words.
SCRIPT = "cyrillic"
#: Letters that tell the language apart from the other packs of its script.
DISTINCT_LETTERS = "ыэъё"


#: Words for an oblast or region after a name ("Sumy region", "Курской области"): they make it the oblast.
OBLAST_WORDS = _shared.OBLAST_WORDS

#: Words for a raion or district after a name ("Glushkovsky district").
RAION_WORDS = _shared.RAION_WORDS

#: Plural words for raions or oblasts after a list of adjectives ("Сумского и Курского районов").
PLURAL_ADMIN_WORDS = frozenset({
    "областей", "областях", "районах", "районов",
})

#: Words for a settlement (or its hromada) after a name ("Sumy city", "Тетково село").
SETTLEMENT_WORDS_AFTER = frozenset({
    "посёлок",
}) | _shared.SETTLEMENT_WORDS_AFTER

#: Words for a settlement before a name, abbreviations included ("village of", "село", "смт", "м.").
SETTLEMENT_WORDS_BEFORE = frozenset({
    "посёлке", "посёлок",
}) | _shared.SETTLEMENT_WORDS_BEFORE

#: Lower-case admin words, besides the oblast and raion words, that may continue a capitalised name ("Sumy city", "Суми рн").
NAME_RUN_ADMIN_WORDS = frozenset({
    # "Шебекинского муниципального округа", "Кореневском городском округе"
    *(f"муниципальн{e}" for e in ("ый", "ого", "ому", "ым", "ом", "ые", "ых", "ыми")),
    *(f"городск{e}" for e in ("ой", "ого", "ому", "им", "ом", "ие", "их", "ими")),
}) | _shared.NAME_RUN_ADMIN_WORDS

#: Prepositions of place: an inflected small place after one is meant as a place ("in", "під", "возле").
PLACE_PREPOSITIONS = _shared.PLACE_PREPOSITIONS

#: Prepositions of nearness: what follows is a settlement, never a district ("под Каменским").
NEAR_PREPOSITIONS = frozenset({
    "под", "около", "возле", "вблизи", "близ",
})

#: Titles and forms of address before a person's name ("President", "губернатор", "пан").
TITLES = frozenset({
    "мэр",
}) | _shared.TITLES

#: Given names (nominative; Cyrillic ones are also matched in their inflected forms).
FIRST_NAMES = frozenset({
    "артём", "пётр",
}) | _shared.FIRST_NAMES

#: Capitalised words after a place name that keep it a place ("Kharkiv Mayor", "Kupiansk Direction", "Sumy and ..."); the oblast, raion and settlement words count too.
PLACE_FOLLOWERS = _shared.PLACE_FOLLOWERS

#: Words after a name that make it a natural feature or a dam ("Kakhovka reservoir", "Дніпро річка").
FEATURE_WORDS_AFTER = frozenset({
    "ГЭС", "гэс",
}) | _shared.FEATURE_WORDS_AFTER

#: Words before a name that make it a natural feature ("river Oskil", "річки Дніпро", "лівобережжя").
FEATURE_WORDS_BEFORE = _shared.FEATURE_WORDS_BEFORE

#: Verbs of speech and stance after a capital that make it a metonym ("Kyiv said", "Москва заявила").
SPEECH_VERBS = _shared.SPEECH_VERBS

#: Words of speech or stance after "X and Y" that make both capitals metonyms ("Kyiv and Moscow traded accusations").
STANCE_WORDS = frozenset({
    "обеспокоены",
}) | _shared.STANCE_WORDS

#: Phrases right before a capital that make it its government ("pressure on", "переговоры с").
METONYM_PHRASES_BEFORE = (
    "назначенный", "назначенным", "переговоры с", *_shared.METONYM_PHRASES_BEFORE,
)

#: Words that stand for a capital's government, with the GeoNames id of that capital ("Kremlin" -> Moscow).
METONYM_ALIASES = _shared.METONYM_ALIASES

#: By-names of places that are no name in the gazetteer (every case form), normalised -> id.
PLACE_ALIASES = {
    "днр": "UA-14", "лнр": "UA-09",
    "подмосковье": "RU-MOW", "подмосковья": "RU-MOW", "подмосковью": "RU-MOW",
    "подмосковьем": "RU-MOW",
    "британия": "C-GB", "оаэ": "C-AE",
}

#: Adjectives of city districts that are also adjectives of towns (see the uk pack).
CITY_DISTRICT_NAMES = frozenset({
    "шевченковский", "киевский", "заводской", "заводский", "центральный", "слободской",
    "индустриальный", "октябрьский", "ленинский", "коммунарский", "дарницкий",
    "деснянский", "печерский", "подольский", "оболонский", "голосеевский",
    "святошинский", "соломенский", "новобаварский", "холодногорский",
    "основянский", "немышлянский", "днепровский", "вознесеновский",
})

#: Prepositions between places and the district they lie in ("из Успеновки в Пологовском районе").
WITHIN_RAION_WORDS = frozenset({"в", "во"})

#: Adjectives of raions abolished in 2020, with their oblast and centre (see the uk pack).
FORMER_RAION_CENTRES = {
    "сакский": ("UA-43", "Saky"), "черноморский": ("UA-43", "Chornomorske"),
    "раздольненский": ("UA-43", "Rozdolne"), "нижнегорский": ("UA-43", "Nyzhnohirskyi"),
    "красноперекопский": ("UA-43", "Yany Kapu"),
}

#: Endings of a raion's adjective -> of its area name ("Охтырский" -> "Охтырщина").
AREA_NAME_ENDINGS = {"ский": "щина"}

#: Stems of national adjectives: an inflected one is no town ("Українські війська" is not Ukrainsk).
DEMONYM_STEMS = _shared.DEMONYM_STEMS

#: Coordinating conjunctions ("and", "та", "но").
CONJUNCTIONS = _shared.CONJUNCTIONS

#: Nominative adjective endings: names such as Запорізьке, Сумське, Покровське that are also adjectives.
ADJECTIVE_NOMINATIVE_ENDINGS = (
    "ый", "ые", *_shared.ADJECTIVE_NOMINATIVE_ENDINGS,
)

#: Words for a settlement and the nominative adjective endings that agree with them ("Курское село").
ADJECTIVE_SETTLEMENT_NOUNS = {
    "поселок": ("ий", "ый", "ой"), "город": ("ий", "ый", "ой"), "деревня": ("ая",),
    **_shared.ADJECTIVE_SETTLEMENT_NOUNS,
}

#: Inflected adjective endings ("Сумському", "Курской").
ADJECTIVE_CASE_ENDINGS = (
    "ым", "ых", "ый", *_shared.ADJECTIVE_CASE_ENDINGS,
)

#: Words after a weapon's name ("Tor systems", "Grad launchers", "комплекс"), normalised.
WEAPON_WORDS = frozenset({
    "комплексы", "ракеты",
}) | _shared.WEAPON_WORDS

#: Comparative adverbs of direction that look like place names ("Севернее, под Северском").
COMPARATIVE_DIRECTION_ADVERBS = _shared.COMPARATIVE_DIRECTION_ADVERBS

#: First words of two-word settlement names ("Нова Слобода", "Velyka Pysarivka"), normalised.
NAME_ADJECTIVES = frozenset({
    "белые", "белый", "великые", "великый", "верхные", "верхный", "красные", "красный", "малые",
    "малый", "нижные", "нижный", "новые", "новый", "старые", "старый", "червоные", "червоный",
}) | _shared.NAME_ADJECTIVES

#: Words before the name of a news outlet or channel ("the Telegram channel Baza", "телеграм-канал Astra"): no place.
MEDIA_WORDS = frozenset({
    "газете", "газетой", "газеты", "издание", "изданием", "издании", "издания", "изданию",
    "каналом", "телеграм-каналов", "телеграм-каналом", "телеграм-каналы",
}) | _shared.MEDIA_WORDS

#: Abbreviations after a region's adjective that name its administration ("Запорізької ОВА", "Херсонской ОВА"): no place.
ADMINISTRATION_WORDS = _shared.ADMINISTRATION_WORDS

#: Words for a military unit, an operation or a ship: a name after one, or in quotes, is that unit's ("группировки «Днепр»").
UNIT_WORDS = frozenset({
    "бригады", "флоте",
}) | _shared.UNIT_WORDS

#: Prepositions that, before an inflected name a region shares with its centre, make it the
#: region ("на Кубани", "на Запорожье": the city takes "в"/"у").
REGION_PREPOSITIONS = frozenset({
    "на",
})

#: Words between a name (or a list of names) and its admin word, which still makes them the
#: units ("Белгородской и Курской приграничными областями").
ADMIN_WORD_QUALIFIERS = frozenset({
    "приграничная", "приграничной", "приграничном", "приграничную", "приграничные",
    "приграничный", "приграничных", "приграничным", "приграничными", "приграничного",
    "приграничному", "соседней", "соседние", "соседних", "соседним", "соседними",
    "прифронтовая", "прифронтовой", "прифронтовые", "прифронтовых", "прифронтовыми",
})

#: Words between a unit word and the unit\'s name ("группировки войск «Центр»", "угруповання військ Дніпро").
UNIT_QUALIFIERS = _shared.UNIT_QUALIFIERS

#: Names of state institutions right before their country's name, which is then no place on the map ("Минобороны России", "МИД Турции", "ВС РФ").
INSTITUTION_WORDS = frozenset({
    "сил", "силам", "силами", "силах", "силы",
    "вс", "генштаб", "генштаба", "генштабе", "генштабом", "генштабу", "мвд", "мид", "минобороны",
    "мчс", "снбо", "фсб",
})

#: Forms of "ministry": with up to two words after it, the name of a ministry before its country ("Министерство обороны РФ").
MINISTRY_WORDS = frozenset({
    "министерства", "министерстве", "министерство", "министерством", "министерству",
})

#: Words for a facility, nominative: a place's adjective before one names the facility ("Рязанский НПЗ").
FACILITY_WORDS = frozenset({
    "аэродром", "аэродромы", "аэропорт", "аэропорты", "аэс", "авиабаза", "авиабазы", "гэс",
    "грэс", "заводы", "мосты", "нефтебаза", "нефтебазы", "подстанция", "тэс", "тэц", "шоссе",
    "электростанция", "газопровод", "нефтепровод", "трубопровод",
}) | _shared.FACILITY_WORDS

#: Words between a place's adjective and a facility word, nominative ("атомная", "нафтопереробний").
FACILITY_QUALIFIERS = frozenset({
    "атомная", "атомный", "военный", "военная", "автомобильный", "железнодорожный", "морской",
    "нефтеперерабатывающий", "нефтяной", "тепловая",
}) | _shared.FACILITY_QUALIFIERS

#: Words for a hromada (territorial community) after its adjective ("Юнаківська громада").
HROMADA_WORDS = _shared.HROMADA_WORDS

#: Words for a front "direction" after a city's adjective ("на Покровском направлении").
FRONT_DIRECTION_WORDS = _shared.FRONT_DIRECTION_WORDS

#: Adjectives between a city's adjective and the word for a direction ("тактичному").
FRONT_DIRECTION_QUALIFIERS = _shared.FRONT_DIRECTION_QUALIFIERS

#: Verbs whose object is a government ("pressed Kyiv", "змусити Москву").
GOVERNMENT_OBJECT_VERBS = frozenset({
    "вынудить", "подыгрывает",
}) | _shared.GOVERNMENT_OBJECT_VERBS

#: Stems of verbs of speech after a Cyrillic capital ("заяв-", "наголош-").
SPEECH_VERB_STEMS = (
    "назыв", *_shared.SPEECH_VERB_STEMS,
)

#: Number words and their values ("twenty", "тридцять"), for stated distances.
NUMBER_WORDS = _shared.NUMBER_WORDS

#: Words that end the name of an oblast in a lookup ("Sumy oblast", "Сумская обл").
OBLAST_NAME_WORDS = _shared.OBLAST_NAME_WORDS

#: Words that end the name of a raion in a lookup ("Sumy district", "Сумский р-н").
RAION_NAME_WORDS = _shared.RAION_NAME_WORDS

#: Words that end or start the name of a settlement in a lookup ("Sumy city", "м Суми").
SETTLEMENT_NAME_WORDS = frozenset({
    "посёлок",
}) | _shared.SETTLEMENT_NAME_WORDS

#: Words that start the name of a settlement in a lookup ("city of Sumy", "смт Глушково").
SETTLEMENT_NAME_PREFIXES = _shared.SETTLEMENT_NAME_PREFIXES
# fmt: on

#: Names of rivers of more than one word, normalised nominative: never read as places word by word.
RIVER_NAMES = frozenset({"северский донец", "южный буг"})
