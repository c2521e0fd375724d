"""Ukrainian word lists by role (with :mod:`geomap.lang._east_slavic`, the words spelt alike in Russian and Ukrainian).

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
CODE = "uk"
#: Script of the language's words.
SCRIPT = "cyrillic"
#: Letters that tell the language apart from the other packs of its script.
DISTINCT_LETTERS = "іїєґ"


#: Words for an oblast or region after a name ("Sumy region", "Курской области"): they make it the oblast.
OBLAST_WORDS = frozenset({
    "області",
}) | _shared.OBLAST_WORDS

#: Words for a raion or district after a name ("Glushkovsky district").
RAION_WORDS = frozenset({
    "районів",
}) | _shared.RAION_WORDS

#: Plural words for raions or oblasts after a list of adjectives ("Сумского и Курского районов").
PLURAL_ADMIN_WORDS = frozenset({
    "областей", "областях", "районах", "районів",
})

#: Words for a settlement (or its hromada) after a name ("Sumy city", "Тетково село").
SETTLEMENT_WORDS_AFTER = frozenset({
    "міста", "місто", "місті", "селищі", "селі",
}) | _shared.SETTLEMENT_WORDS_AFTER

#: Words for a settlement before a name, abbreviations included ("village of", "село", "смт", "м.").
SETTLEMENT_WORDS_BEFORE = frozenset({
    "міста", "місто", "містом", "місті", "селищі", "селі",
}) | _shared.SETTLEMENT_WORDS_BEFORE

#: Lower-case admin words, besides the oblast and raion words, that may continue a capitalised name ("Sumy city", "Суми рн").
NAME_RUN_ADMIN_WORDS = frozenset({
    "місто",
    # "Шебекінського муніципального округу", "Рильському міському округі"
    *(f"муніципальн{e}" for e in ("ий", "ого", "ому", "им", "ім", "і", "их", "ими")),
    *(f"міськ{e}" for e in ("ий", "ого", "ому", "им", "ім", "і", "их", "ими")),
}) | _shared.NAME_RUN_ADMIN_WORDS

#: Prepositions of place: an inflected small place after one is meant as a place ("in", "під", "возле").
PLACE_PREPOSITIONS = frozenset({
    "біля", "під", "із",
}) | _shared.PLACE_PREPOSITIONS

#: Prepositions of nearness: what follows is a settlement, never a district ("під Кам'янським").
NEAR_PREPOSITIONS = frozenset({
    "біля", "під", "поблизу", "коло", "неподалік", "поруч",
})

#: Titles and forms of address before a person's name ("President", "губернатор", "пан").
TITLES = frozenset({
    "міністр", "пані",
}) | _shared.TITLES

#: Given names (nominative; Cyrillic ones are also matched in their inflected forms).
FIRST_NAMES = frozenset({
    "анатолій", "андрій", "валерій", "віктор", "віталій", "марія", "надія", "олексій", "сергій",
    "юрій", "євген", "іван", "ігор", "ірина",
}) | _shared.FIRST_NAMES

#: Capitalised words after a place name that keep it a place ("Kharkiv Mayor", "Kupiansk Direction", "Sumy and ..."); the oblast, raion and settlement words count too.
PLACE_FOLLOWERS = frozenset({
    "і",
}) | _shared.PLACE_FOLLOWERS

#: Words after a name that make it a natural feature or a dam ("Kakhovka reservoir", "Дніпро річка").
FEATURE_WORDS_AFTER = frozenset({
    "острів", "півострів",
}) | _shared.FEATURE_WORDS_AFTER

#: Words before a name that make it a natural feature ("river Oskil", "річки Дніпро", "лівобережжя").
FEATURE_WORDS_BEFORE = frozenset({
    "березі", "витоків", "гирлі", "дельті", "лівобережжя", "лівобережжі", "острів", "правобережжі",
    "річка", "річки", "річкою", "річку",
}) | _shared.FEATURE_WORDS_BEFORE

#: Verbs of speech and stance after a capital that make it a metonym ("Kyiv said", "Москва заявила").
SPEECH_VERBS = frozenset({
    "вважає", "вимагає", "відкинув", "відкинула", "відповів", "відповіла", "заперечує", "заявляє",
    "наполягає", "повідомив", "повідомила",
}) | _shared.SPEECH_VERBS

#: Words of speech or stance after "X and Y" that make both capitals metonyms ("Kyiv and Moscow traded accusations").
STANCE_WORDS = frozenset({
    "стурбовані",
}) | _shared.STANCE_WORDS

#: Phrases right before a capital that make it its government ("pressure on", "переговоры с").
METONYM_PHRASES_BEFORE = (
    "санкції проти", *_shared.METONYM_PHRASES_BEFORE,
)

#: Words that stand for a capital's government, with the GeoNames id of that capital ("Kremlin" -> Moscow).
METONYM_ALIASES = _shared.METONYM_ALIASES

#: By-names of places that are no name in the gazetteer (every case form), normalised -> id.
PLACE_ALIASES = {
    "днр": "UA-14", "лнр": "UA-09", "ордло": "UA-14",
    "підмосков'я": "RU-MOW", "підмосков’я": "RU-MOW",
    "британія": "C-GB", "оае": "C-AE",
}

#: Stems of national adjectives: an inflected one is no town ("Українські війська" is not Ukrainsk).
DEMONYM_STEMS = (
    "українськ", "російськ", "білоруськ", *_shared.DEMONYM_STEMS,
)

#: Coordinating conjunctions ("and", "та", "но").
CONJUNCTIONS = frozenset({
    "і",
}) | _shared.CONJUNCTIONS

#: Nominative adjective endings: names such as Запорізьке, Сумське, Покровське that are also adjectives.
ADJECTIVE_NOMINATIVE_ENDINGS = _shared.ADJECTIVE_NOMINATIVE_ENDINGS

#: Words for a settlement and the nominative adjective endings that agree with them ("Сумське село").
ADJECTIVE_SETTLEMENT_NOUNS = {
    "місто": ("е", "є"), "селище": ("е", "є"), **_shared.ADJECTIVE_SETTLEMENT_NOUNS,
}

#: Inflected adjective endings ("Сумському", "Курской").
ADJECTIVE_CASE_ENDINGS = (
    "ій", "ім", "ої", *_shared.ADJECTIVE_CASE_ENDINGS,
)

#: Words after a weapon's name ("Tor systems", "Grad launchers", "комплекс"), normalised.
WEAPON_WORDS = _shared.WEAPON_WORDS

#: Comparative adverbs of direction that look like place names ("Севернее, под Северском").
COMPARATIVE_DIRECTION_ADVERBS = frozenset({
    "західніше", "південніше", "північніше", "східніше",
}) | _shared.COMPARATIVE_DIRECTION_ADVERBS

#: First words of two-word settlement names ("Нова Слобода", "Velyka Pysarivka"), normalised.
NAME_ADJECTIVES = frozenset({
    "белі", "белій", "біла", "білая", "біле", "білее", "білий", "білое", "білые", "білый", "біляя",
    "білі", "білій", "великі", "великій", "верхні", "верхній", "красні", "красній", "малі",
    "малій", "нижні", "нижній", "нові", "новій", "старі", "старій", "червоні", "червоній",
}) | _shared.NAME_ADJECTIVES

#: Words before the name of a news outlet or channel ("the Telegram channel Baza", "телеграм-канал Astra"): no place.
MEDIA_WORDS = frozenset({
    "агенції", "агенція", "видання", "газети", "газеті", "каналі",
    "телеграм-каналі", "телеграм-каналів",
}) | _shared.MEDIA_WORDS

#: Abbreviations after a region's adjective that name its administration ("Запорізької ОВА", "Херсонской ОВА"): no place.
ADMINISTRATION_WORDS = _shared.ADMINISTRATION_WORDS

#: Words for a military unit, an operation or a ship: a name after one, or in quotes, is that unit's ("группировки «Днепр»").
UNIT_WORDS = frozenset({
    "операція", "операції", "угрупованні", "флоті",
}) | _shared.UNIT_WORDS

#: Prepositions that, before an inflected name a region shares with its centre, make it the
#: region ("на Запоріжжі", "на Волині": the city takes "в"/"у").
REGION_PREPOSITIONS = frozenset({
    "на",
})

#: Words between a name (or a list of names) and its admin word, which still makes them the
#: units ("Сумській та Харківській прикордонних областях").
ADMIN_WORD_QUALIFIERS = frozenset({
    "прикордонна", "прикордонної", "прикордонній", "прикордонну", "прикордонні",
    "прикордонний", "прикордонних", "прикордонним", "прикордонними", "прикордонного",
    "прикордонному", "сусідньої", "сусідні", "сусідніх", "сусіднім", "сусідніми",
    "прифронтова", "прифронтової", "прифронтові", "прифронтових", "прифронтовими",
})

#: Words between a unit word and the unit\'s name ("группировки войск «Центр»", "угруповання військ Дніпро").
UNIT_QUALIFIERS = frozenset({
    "військ",
}) | _shared.UNIT_QUALIFIERS

#: Names of state institutions right before their country's name, which is then no place on the map ("Міноборони РФ", "МЗС Туреччини", "ЗС РФ").
INSTITUTION_WORDS = frozenset({
    "сил", "сили", "силам", "силами", "силах",
    "генштаб", "генштаба", "генштабі", "генштабом", "генштабу", "дснс", "зс", "міноборони", "мвс",
    "мзс", "рнбо", "фсб",
})

#: Forms of "ministry": with up to two words after it, the name of a ministry before its country ("Міністерство оборони РФ").
MINISTRY_WORDS = frozenset({
    "міністерства", "міністерство", "міністерством", "міністерстві", "міністерству",
})

#: Words for a facility, nominative: a place's adjective before one names the facility ("Рязанский НПЗ").
FACILITY_WORDS = frozenset({
    "авіабаза", "авіабази", "аеродроми", "аеропорти", "електростанція", "заводи", "міст",
    "мости", "нафтобаза", "нафтобази", "підстанція", "термінал", "траси", "газопровід",
    "нафтопровід", "трубопровід",
}) | _shared.FACILITY_WORDS

#: Words between a place's adjective and a facility word, nominative ("атомная", "нафтопереробний").
FACILITY_QUALIFIERS = frozenset({
    "атомний", "військовий", "військова", "автомобільний", "залізничний", "морський",
    "нафтопереробний", "нафтовий", "теплова",
}) | _shared.FACILITY_QUALIFIERS

#: Words for a hromada (territorial community) after its adjective ("Юнаківська громада").
HROMADA_WORDS = _shared.HROMADA_WORDS

#: Words for a front "direction" after a city's adjective ("на Покровском направлении").
FRONT_DIRECTION_WORDS = frozenset({
    "напрямі", "напрямів", "напрямків",
}) | _shared.FRONT_DIRECTION_WORDS

#: Adjectives between a city's adjective and the word for a direction ("тактичному").
FRONT_DIRECTION_QUALIFIERS = frozenset({
    "операційному",
}) | _shared.FRONT_DIRECTION_QUALIFIERS

#: Verbs whose object is a government ("pressed Kyiv", "змусити Москву").
GOVERNMENT_OBJECT_VERBS = frozenset({
    "підіграє", "підігрує",
}) | _shared.GOVERNMENT_OBJECT_VERBS

#: Stems of verbs of speech after a Cyrillic capital ("заяв-", "наголош-").
SPEECH_VERB_STEMS = (
    "підкрес", "відзнача", "повідом", "відпов", "відкин", "пообіцял", "обіця", "вирішил", "відмов",
    "відкида", *_shared.SPEECH_VERB_STEMS,
)

#: Number words and their values ("twenty", "тридцять"), for stated distances.
NUMBER_WORDS = _shared.NUMBER_WORDS

#: Words that end the name of an oblast in a lookup ("Sumy oblast", "Сумская обл").
OBLAST_NAME_WORDS = frozenset({
    "республіка",
}) | _shared.OBLAST_NAME_WORDS

#: Words that end the name of a raion in a lookup ("Sumy district", "Сумский р-н").
RAION_NAME_WORDS = _shared.RAION_NAME_WORDS

#: Words that end or start the name of a settlement in a lookup ("Sumy city", "м Суми").
SETTLEMENT_NAME_WORDS = frozenset({
    "місто",
}) | _shared.SETTLEMENT_NAME_WORDS

#: Words that start the name of a settlement in a lookup ("city of Sumy", "смт Глушково").
SETTLEMENT_NAME_PREFIXES = (
    "місто", *_shared.SETTLEMENT_NAME_PREFIXES,
)
# fmt: on

#: Names of rivers of more than one word, normalised nominative: never read as places word by word.
RIVER_NAMES = frozenset({"сіверський донець", "південний буг"})

#: Adjectives of city districts (Kyiv's, Kharkiv's, Zaporizhzhia's...) that are also
#: adjectives of towns: "Шевченківський район" is no former raion of Shevchenkove.
CITY_DISTRICT_NAMES = frozenset(
    {
        "шевченківський",
        "київський",
        "заводський",
        "центральний",
        "слобідський",
        "індустріальний",
        "жовтневий",
        "ленінський",
        "комунарський",
        "дарницький",
        "деснянський",
        "печерський",
        "подільський",
        "оболонський",
        "голосіївський",
        "святошинський",
        "солом'янський",
        "новобаварський",
        "холодногірський",
        "основ'янський",
        "немишлянський",
        "дніпровський",
        "вознесенівський",
    }
)

#: Prepositions between places and the district they lie in ("з Успенівки в Пологівському районі").
WITHIN_RAION_WORDS = frozenset({"в", "у"})

#: Adjectives of raions abolished in 2020 that the press still writes, with their oblast and
#: centre as the data names it: the name goes to today's raion holding the centre.
#: (Names shared with raions elsewhere, such as "первомайський", are left out.)
FORMER_RAION_CENTRES = {
    "сакський": ("UA-43", "Saky"),
    "чорноморський": ("UA-43", "Chornomorske"),
    "роздольненський": ("UA-43", "Rozdolne"),
    "нижньогірський": ("UA-43", "Nyzhnohirskyi"),
    "красногвардійський": ("UA-43", "Kurman"),
    "красноперекопський": ("UA-43", "Yany Kapu"),
}

#: Endings of a raion's adjective -> of its area name ("Охтирський" -> "Охтирщина").
AREA_NAME_ENDINGS = {"цький": "ччина", "ський": "щина"}
