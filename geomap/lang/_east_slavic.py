"""Words spelt alike in Russian and Ukrainian (or shared by both), by role; read by :mod:`.ru` and :mod:`.uk`."""

from __future__ import annotations

# fmt: off
__all__ = [
    "ADJECTIVE_CASE_ENDINGS",
    "ADJECTIVE_NOMINATIVE_ENDINGS",
    "ADJECTIVE_SETTLEMENT_NOUNS",
    "COMPARATIVE_DIRECTION_ADVERBS",
    "CONJUNCTIONS",
    "DEMONYM_STEMS",
    "FACILITY_QUALIFIERS",
    "FACILITY_WORDS",
    "FEATURE_WORDS_AFTER",
    "FEATURE_WORDS_BEFORE",
    "FIRST_NAMES",
    "FRONT_DIRECTION_QUALIFIERS",
    "FRONT_DIRECTION_WORDS",
    "GOVERNMENT_OBJECT_VERBS",
    "HROMADA_WORDS",
    "METONYM_ALIASES",
    "METONYM_PHRASES_BEFORE",
    "NAME_ADJECTIVES",
    "NAME_RUN_ADMIN_WORDS",
    "NUMBER_WORDS",
    "OBLAST_NAME_WORDS",
    "OBLAST_WORDS",
    "PLACE_FOLLOWERS",
    "PLACE_PREPOSITIONS",
    "RAION_NAME_WORDS",
    "RAION_WORDS",
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
]


#: Words for an oblast or region after a name ("Sumy region", "Курской области"): they make it the oblast.
OBLAST_WORDS = frozenset({
    "край", "обл", "областей", "области", "область", "республика",
})

#: Words for a raion or district after a name ("Glushkovsky district").
RAION_WORDS = frozenset({
    "р-н", "район", "районах", "районов",
})

#: Words for a settlement (or its hromada) after a name ("Sumy city", "Тетково село").
SETTLEMENT_WORDS_AFTER = frozenset({
    "город", "города", "городе", "громада", "поселке", "поселок", "селе", "селища", "селище",
    "село",
})

#: Words for a settlement before a name, abbreviations included ("village of", "село", "смт", "м.").
SETTLEMENT_WORDS_BEFORE = frozenset({
    "г", "город", "города", "городе", "городом", "м", "пгт", "поселка", "поселке", "поселок", "с",
    "села", "селе", "селища", "селище", "село", "селом", "смт",
})

#: Lower-case admin words, besides the oblast and raion words, that may continue a capitalised name ("Sumy city", "Суми рн").
NAME_RUN_ADMIN_WORDS = frozenset({
    "город", "рн",
})

#: Prepositions of place: an inflected small place after one is meant as a place ("in", "під", "возле").
PLACE_PREPOSITIONS = frozenset({
    "в", "во", "возле", "до", "з", "из", "на", "около", "по", "под", "у",
})

#: Titles and forms of address before a person's name ("President", "губернатор", "пан").
TITLES = frozenset({
    "генерал", "глава", "голова", "господин", "губернатор", "командувач", "командующий", "мер",
    "министр", "пан", "полковник", "президент", "пресс-секретарь", "речник", "спикер",
})

#: Given names (nominative; Cyrillic ones are also matched in their inflected forms).
FIRST_NAMES = frozenset({
    "александр", "алексей", "анатолий", "андрей", "анна", "артем", "борис", "вадим", "валерий",
    "виктор", "виталий", "владимир", "володимир", "вячеслав", "денис", "дмитрий", "дмитро",
    "евгений", "елена", "иван", "игорь", "ирина", "кирилл", "кирило", "максим", "мария", "микола",
    "михаил", "михайло", "надежда", "николай", "олег", "олександр", "олена", "ольга", "павел",
    "павло", "петр", "петро", "рамзан", "роман", "руслан", "сергей", "юрий",
})

#: Capitalised words after a place name that keep it a place ("Kharkiv Mayor", "Kupiansk Direction", "Sumy and ..."); the oblast, raion and settlement words count too.
PLACE_FOLLOWERS = frozenset({
    "и", "й", "та",
})

#: Words after a name that make it a natural feature or a dam ("Kakhovka reservoir", "Дніпро річка").
FEATURE_WORDS_AFTER = frozenset({
    "водосховища", "водосховище", "водохранилища", "водохранилище", "гес", "залив", "затока",
    "канал", "коса", "море", "моря", "озеро", "остров", "полуостров",
})

#: Words before a name that make it a natural feature ("river Oskil", "річки Дніпро", "лівобережжя").
FEATURE_WORDS_BEFORE = frozenset({
    "берег", "берега", "береге", "берегом", "берегу", "гирла", "дельта", "дельте", "дельти",
    "дельту", "левобережье", "левобережья", "озера", "озеро", "остров", "острова", "правобережжя",
    "правобережье", "правобережья", "река", "реки", "рекой", "реку", "устье", "устья",
})

#: Verbs of speech and stance after a capital that make it a metonym ("Kyiv said", "Москва заявила").
SPEECH_VERBS = frozenset({
    "заявив", "заявил", "заявила", "заявили", "заявляет", "заявляют", "звинуватив", "звинуватила",
    "настаивает", "обвинил", "обвинила", "отвергла", "ответила", "отрицает", "попередив",
    "попередила", "предупредила", "пригрозила", "сообщил", "сообщила", "считает", "требует",
})

#: Words of speech or stance after "X and Y" that make both capitals metonyms ("Kyiv and Moscow traded accusations").
STANCE_WORDS = frozenset({
    "вимагають", "заявили", "заявляют", "требуют",
})

#: Phrases right before a capital that make it its government ("pressure on", "переговоры с").
METONYM_PHRASES_BEFORE = (
    "назначенного", "призначений", "призначеного", "давление на", "тиск на", "переговори з",
    "санкции против",
)

#: Words that stand for a capital's government, with the GeoNames id of that capital ("Kremlin" -> Moscow).
METONYM_ALIASES = {
    "кремль": "524901", "кремль's": "524901", "банкова": "703448",
}

#: Stems of national adjectives: an inflected one is no town ("Українські війська" is not Ukrainsk).
DEMONYM_STEMS = (
    "украинск", "российск", "русск", "белорусск",
)

#: Coordinating conjunctions ("and", "та", "но").
CONJUNCTIONS = frozenset({
    "а", "або", "але", "и", "или", "й", "но", "та",
})

#: Nominative adjective endings: names such as Запорізьке, Сумське, Покровське that are also adjectives.
ADJECTIVE_NOMINATIVE_ENDINGS = (
    "ий", "ой", "ое", "ая", "ее", "ська", "ське", "цька", "цьке", "зька", "зьке", "ке", "ка",
)

#: Words for a settlement and the nominative adjective endings that agree with them: a place
#: adjective right before such a word is the place the settlement is of ("Запорожское село",
#: "Запорізьке село": a village of the Zaporizhzhia region), no village of that name.
ADJECTIVE_SETTLEMENT_NOUNS = {
    "село": ("е", "є"), "селище": ("е", "є"),
}

#: Inflected adjective endings ("Сумському", "Курской").
ADJECTIVE_CASE_ENDINGS = (
    "ому", "ого", "ою", "ой", "ом", "им", "их", "ей", "ую", "ая", "ий",
)

#: Words after a weapon's name ("Tor systems", "Grad launchers", "комплекс"), normalised.
WEAPON_WORDS = frozenset({
    "комплекс", "комплекси", "ракета", "ракети",
})

#: Comparative adverbs of direction that look like place names ("Севернее, под Северском").
COMPARATIVE_DIRECTION_ADVERBS = frozenset({
    "восточнее", "западнее", "севернее", "северней", "южнее", "южней",
})

#: First words of two-word settlement names ("Нова Слобода", "Velyka Pysarivka"), normalised.
NAME_ADJECTIVES = frozenset({
    "бела", "белая", "беле", "белее", "белий", "белое", "беляя", "велика", "великая", "велике",
    "великее", "великий", "великое", "великяя", "верхна", "верхная", "верхне", "верхнее",
    "верхний", "верхное", "верхняя", "красна", "красная", "красне", "краснее", "красний",
    "красное", "красняя", "мала", "малая", "мале", "малее", "малий", "малое", "маляя", "нижна",
    "нижная", "нижне", "нижнее", "нижний", "нижное", "нижняя", "нова", "новая", "нове", "новее",
    "новий", "новое", "новяя", "стара", "старая", "старе", "старее", "старий", "старое", "старяя",
    "червона", "червоная", "червоне", "червонее", "червоний", "червоное", "червоняя",
})

#: Words before the name of a news outlet or channel ("the Telegram channel Baza", "телеграм-канал Astra"): no place.
MEDIA_WORDS = frozenset({
    "агентства", "агентство", "агентству", "газета", "канал", "канала", "каналу",
    "телеграм-канал", "телеграм-канала", "телеграм-каналу",
})

#: Abbreviations after a region's adjective that name its administration ("Запорізької ОВА", "Херсонской ОВА"): no place.
ADMINISTRATION_WORDS = frozenset({
    "вца", "мва", "ова", "ода",
})

#: Words for a military unit, an operation or a ship: a name after one, or in quotes, is that unit's ("группировки «Днепр»").
UNIT_WORDS = frozenset({
    "батальйон", "батальон", "бригада", "бригади", "бригаду", "группировка", "группировке",
    "флот", "флота", "флотом", "флоту",
    "группировки", "группировкой", "группировку", "корабель", "корабль", "корабля", "операции",
    "операция", "полк", "полку", "угруповання", "угрупованню", "угрупованням",
})

#: Words between a unit word and the unit's name ("группировки войск «Центр»", "угруповання військ Дніпро").
UNIT_QUALIFIERS = frozenset({
    "войск",
})

#: Words for a facility spelt alike in Russian and Ukrainian, nominative (any case form
#: matches): a place's adjective right before one names the facility, not the place
#: ("Рязанский НПЗ", "Ладижинська ТЕС", "Курская АЭС", "Крымский мост"); a name in quotes
#: after one is the facility's ("аэродром «Энгельс»").
FACILITY_WORDS = frozenset({
    "аеродром", "аеропорт", "аес", "гес", "грес", "завод", "мост", "нпз", "тес",
    "тец", "траса", "терминал", "трасса",
})

#: Words between a place's adjective and a facility word spelt alike in both languages.
FACILITY_QUALIFIERS = frozenset({
    "атомна",
})

#: Words for a hromada (territorial community) after its adjective ("Юнаківська громада").
HROMADA_WORDS = frozenset({
    "громад", "громада", "громади",
})

#: Words for a front "direction" after a city's adjective ("на Покровском направлении").
FRONT_DIRECTION_WORDS = frozenset({
    "направление", "направлением", "направлении", "направлений", "направлению", "направления",
    "направлениям", "направлениями", "направлениях", "напрям", "напрямам", "напрямами", "напрямах",
    "напрямками", "напрямкам", "напрямках", "напрямки",
    "напрямком", "напрямку", "напрямок", "напряму", "напрями", "напрямом",
})

#: Adjectives between a city's adjective and the word for a direction ("тактичному").
FRONT_DIRECTION_QUALIFIERS = frozenset({
    "главном", "головному", "оперативном", "оперативному", "операционном", "основном", "основному",
    "тактическим", "тактических", "тактическом", "тактичним", "тактичних", "тактичному",
})

#: Verbs whose object is a government ("pressed Kyiv", "змусити Москву").
GOVERNMENT_OBJECT_VERBS = frozenset({
    "закликали", "заставить", "змусили", "змусити", "призвали", "примусити",
})

#: Stems of verbs of speech after a Cyrillic capital ("заяв-", "наголош-").
SPEECH_VERB_STEMS = (
    "заяв", "назва", "назив", "наголош", "подчерк", "счита", "вважа", "отмеча", "зазнача", "сообщ",
    "ответ", "отриц", "запереч", "настаива", "наполяга", "требу", "вимага", "обвин", "звинува",
    "предупред", "попередж", "отверг", "признал", "визнал", "пообещал", "обещ", "решил",
    "согласил", "погодил", "отказ", "ждут", "чекають", "коммент", "комент", "увер", "запевня",
    "повторя", "повторю", "поясн", "отверга", "обвиня",
)

#: Number words and their values ("twenty", "тридцять"), for stated distances.
NUMBER_WORDS = {
    "десять": 10, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100,
    "двадцять": 20, "тридцять": 30, "п'ятдесят": 50, "пʼятдесят": 50,
}

#: Words that end the name of an oblast in a lookup ("Sumy oblast", "Сумская обл").
OBLAST_NAME_WORDS = frozenset({
    "край", "обл", "област", "области", "область", "республика",
})

#: Words that end the name of a raion in a lookup ("Sumy district", "Сумский р-н").
RAION_NAME_WORDS = frozenset({
    "округ", "р-н", "район", "района", "районе",
})

#: Words that end or start the name of a settlement in a lookup ("Sumy city", "м Суми").
SETTLEMENT_NAME_WORDS = frozenset({
    "г", "город", "м", "поселок", "с", "селище", "село", "смт",
})

#: Words that start the name of a settlement in a lookup ("city of Sumy", "смт Глушково").
SETTLEMENT_NAME_PREFIXES = (
    "м", "г", "с", "смт", "город", "село",
)
# fmt: on
