"""English word lists by role, for the geoparser and the gazetteer.

Each name is a role the parser reads (see :data:`geomap.lang.ROLES`); a pack
defines the roles it has words for.
"""

from __future__ import annotations

# fmt: off
__all__ = [
    "ADMIN_WORD_QUALIFIERS",
    "AUXILIARIES_AND_ADVERBS",
    "BYLINE_WORDS",
    "CITY_BY_NAMES",
    "CITY_DISTRICT_NAMES",
    "CODE",
    "COMPASS_ADJECTIVES",
    "COMPOUND_TAILS",
    "CONJUNCTIONS",
    "DISTINCT_LETTERS",
    "DISTRICT_OF_WORDS",
    "FACILITY_QUALIFIERS",
    "FACILITY_WORDS",
    "FEATURE_WORDS_AFTER",
    "FEATURE_WORDS_BEFORE",
    "FIRST_NAMES",
    "GOVERNMENT_NOUNS",
    "GOVERNMENT_OBJECT_VERBS",
    "GOVERNOR_WORDS",
    "HROMADA_WORDS",
    "INSTITUTION_WORDS",
    "KNOWN_SURNAMES",
    "MEDIA_WORDS",
    "METONYM_ALIASES",
    "METONYM_PHRASES_BEFORE",
    "NAME_ADJECTIVES",
    "NAME_RUN_ADMIN_WORDS",
    "NUMBER_WORDS",
    "OBLAST_NAME_WORDS",
    "OBLAST_WORDS",
    "PLACE_ADJECTIVES",
    "PLACE_ALIASES",
    "PLACE_FOLLOWERS",
    "PLACE_PREPOSITIONS",
    "PLACE_SENSE_WORDS_AFTER",
    "POSSESSED_NOUNS",
    "RAION_NAME_WORDS",
    "RAION_WORDS",
    "REGION_FRONT_WORDS",
    "REGION_SENSE_WORDS_AFTER",
    "REGION_SENTENCE_WORDS",
    "ROMANISATION_ENDINGS",
    "ROMANISATION_SWAPS",
    "SCRIPT",
    "SETTLEMENT_NAME_PREFIXES",
    "SETTLEMENT_NAME_WORDS",
    "SETTLEMENT_WORDS_AFTER",
    "SETTLEMENT_WORDS_BEFORE",
    "SPEECH_VERBS",
    "STANCE_WORDS",
    "TITLES",
    "TITLE_CASE_WORDS",
    "UNIT_QUALIFIERS",
    "UNIT_WORDS",
    "WEAPON_WORDS",
    "WITHIN_RAION_WORDS",
]


#: Language code (ISO 639-1).
CODE = "en"
#: Script of the language's words.
SCRIPT = "latin"
#: Letters that tell the language apart from the other packs of its script.
DISTINCT_LETTERS = ""


#: Words for an oblast or region after a name ("Sumy region", "Курской области"): they make it the oblast.
OBLAST_WORDS = frozenset({
    "krai", "oblast", "oblasts", "province", "provinces", "region", "regional", "regions",
    "territory",
})

#: Words for a raion or district after a name ("Glushkovsky district").
RAION_WORDS = frozenset({
    "district", "districts", "raion", "raions", "rayon", "okrug", "okrugs",
})

#: Words for a settlement (or its hromada) after a name ("Sumy city", "Тетково село").
SETTLEMENT_WORDS_AFTER = frozenset({
    "city", "hromada", "town", "village",
})

#: Words for a settlement before a name, abbreviations included ("village of", "село", "смт", "м.").
SETTLEMENT_WORDS_BEFORE = frozenset({
    "city", "hamlet", "settlement", "settlements", "town", "towns", "village", "villages",
})

#: Lower-case admin words, besides the oblast and raion words, that may continue a capitalised name ("Sumy city", "Суми рн").
NAME_RUN_ADMIN_WORDS = frozenset({
    "city", "municipal", "urban",
    "state",  # "New York state", "Washington state": joins only where "<name> state" is indexed
})

#: Prepositions of place: an inflected small place after one is meant as a place ("in", "під", "возле").
PLACE_PREPOSITIONS = frozenset({
    "around", "at", "from", "in", "into", "near", "of", "outside", "toward", "towards",
})

#: Titles and forms of address before a person's name ("President", "губернатор", "пан").
TITLES = frozenset({
    "captain", "chancellor", "col", "colonel", "commander", "dr", "father", "gen", "general",
    "governor", "lady", "leader", "lieutenant", "lord", "major", "mayor", "minister", "mr", "mrs",
    "ms", "officer", "patriarch", "pm", "premier", "president", "prime", "rep", "saint",
    "secretary", "sen", "senator", "sergeant", "sir", "spokesman", "spokeswoman", "st",
})

#: Words before an author's name in a by-line or quote ("writes", "correspondent").
BYLINE_WORDS = frozenset({
    "author", "correspondent", "writes", "wrote",
})

#: Given names (nominative; Cyrillic ones are also matched in their inflected forms).
FIRST_NAMES = frozenset({
    "aleksandr", "alexander", "alexei", "alexey", "anatoliy", "andrei", "andrey", "andrii",
    "andriy", "anna", "antony", "artem", "artyom", "boris", "denis", "denys", "dmitri", "dmitry",
    "dmytro", "donald", "elena", "emmanuel", "evgeny", "friedrich", "gennady", "igor", "ihor",
    "irina", "iryna", "ivan", "joe", "kaja", "kateryna", "keir", "keith", "kirill", "kyrylo",
    "lloyd", "lyudmila", "maksym", "marco", "maria", "mark", "maxim", "mikhail", "mykhailo",
    "mykola", "nadezhda", "nadiya", "natalia", "nikolai", "olaf", "oleg", "oleh", "oleksandr",
    "oleksii", "oleksiy", "olena", "olga", "olha", "pavel", "pavlo", "pete", "petro", "pyotr",
    "ramzan", "roman", "ruslan", "rustem", "sergei", "sergey", "sergiy", "serhii", "serhiy",
    "sofia", "steve", "svetlana", "tatiana", "tyler", "ursula", "vadim", "vadym", "valerii",
    "valeriy", "valery", "victor", "viktor", "vitali", "vitalii", "vitaliy", "vladimir",
    "volodymyr", "vyacheslav", "yekaterina", "yevgeny", "yevhen", "yulia", "yuri", "yuriy", "yury",
})

#: Surnames treated like given names: a capitalised word after one is a person's name.
KNOWN_SURNAMES = frozenset({
    "zelensky",
})

#: Capitalised words after a place name that keep it a place ("Kharkiv Mayor", "Kupiansk Direction", "Sumy and ..."); the oblast, raion and settlement words count too.
PLACE_FOLLOWERS = frozenset({
    "administration", "agglomeration", "airbase", "airfield", "airport", "and", "area", "attack",
    "axis", "battle", "border", "bridge", "brigade", "cathedral", "checkpoint", "community",
    "council", "counteroffensive", "crossing", "depot", "direction", "district's", "front",
    "garrison", "governor", "group", "grouping", "hydroelectric", "incursion", "mayor", "metro",
    "military", "npp", "nuclear", "oblast's", "offensive", "operation", "or", "outskirts",
    "people's", "plant", "pocket", "police", "port", "power", "raid", "railway", "refinery",
    "region's", "republic", "salient", "sbu", "sector", "station", "strike", "thermal",
    "university",
    # a meeting named by its venue ("the Anchorage summit", "the Geneva talks"), no mountain
    "conference", "meeting", "negotiations", "summit", "summit's", "talks",
    # facilities and communities named by their place ("the Kapustin Yar test range",
    # "the Kupiansk and Izium communities")
    "airbases", "airfields", "communities", "hromadas", "range", "test",
    "training",
})

#: Words after a name that make it a natural feature or a dam ("Kakhovka reservoir", "Дніпро річка").
FEATURE_WORDS_AFTER = frozenset({
    "bank", "basin", "bay", "canal", "dam", "delta", "estuary", "forest", "gulf", "hills", "hpp",
    "hydroelectric", "island", "islands", "lagoon", "lake", "mountains", "peninsula", "reservoir",
    "ridge", "river", "river's", "riverbank", "sea", "spit", "steppe", "strait", "valley",
})

#: Words before a name that make it a natural feature ("river Oskil", "річки Дніпро", "лівобережжя").
FEATURE_WORDS_BEFORE = frozenset({
    "delta", "island", "lake", "river", "sea",
})

#: Compass adjectives before a place ("northern Kharkiv", "north-eastern Ukraine").
COMPASS_ADJECTIVES = frozenset({
    "central", "east", "eastern", "north", "north-eastern", "north-western", "northeastern",
    "northern", "northwestern", "south", "south-eastern", "south-western", "southeastern",
    "southern", "southwestern", "west", "western",
})

#: Other adjectives that stand before a place without making it part of another name ("occupied", "greater", "frontline").
PLACE_ADJECTIVES = frozenset({
    "border", "downtown", "free", "front-line", "frontline", "greater", "liberated", "lower",
    "occupied", "rural", "russian-held", "russian-occupied", "ukrainian-held", "upper",
})

#: Function words and verbs that headlines capitalise before a place ("Strikes In Kharkiv", "Zelensky Says Kharkiv ...").
TITLE_CASE_WORDS = frozenset({
    "and", "at", "from", "in", "near", "of", "said", "says", "the", "to",
})

#: Verbs of speech and stance after a capital that make it a metonym ("Kyiv said", "Москва заявила").
SPEECH_VERBS = frozenset({
    "accused", "accuses", "agreed", "agrees", "announced", "announces", "argued", "argues",
    "believed", "believes", "blamed", "blames", "claim", "claimed", "claims", "condemned",
    "condemns", "confirmed", "confirms", "considers", "demanded", "demands", "denied", "denies",
    "deny", "hoped", "hopes", "insisted", "insists", "maintained", "maintains", "refused",
    "refuses", "rejected", "rejects", "reported", "reports", "responded", "responds", "said",
    "say", "saying", "says", "signaled", "signalled", "stated", "states", "threatened",
    "threatens", "wanted", "wants", "warned", "warns", "welcomed", "welcomes",
})

#: Nouns after a capital that make it its government ("Kyiv officials").
GOVERNMENT_NOUNS = frozenset({
    "authorities", "officials",
})

#: Words of speech or stance after "X and Y" that make both capitals metonyms ("Kyiv and Moscow traded accusations").
STANCE_WORDS = frozenset({
    "accuse", "accused", "agree", "agreed", "alarmed", "concerned", "condemned", "demand",
    "demanded", "denied", "deny", "insist", "insisted", "reject", "rejected", "said", "say",
    "warned", "welcomed", "worried",
})

#: Phrases right before a capital that make it its government ("pressure on", "переговоры с").
METONYM_PHRASES_BEFORE = (
    "pressure on", "comment from", "response from", "reaction from", "word from",
    "confirmation from", "sanctions on", "sanctions against", "talks with", "ties with",
    "relations with", "negotiations with", "deal with", "demands of", "message to", "warned",
    "accused", "criticised", "criticized",
)

#: Words that stand for a capital's government, with the GeoNames id of that capital ("Kremlin" -> Moscow).
#: Abbreviations and by-names of places that are no name in the gazetteer, normalised ->
#: gazetteer id ("DPR" is the Russian name for occupied Donetsk Oblast).
PLACE_ALIASES = {
    "dpr": "UA-14", "dnr": "UA-14", "lpr": "UA-09", "lnr": "UA-09",
    # countries by their abbreviations ("U.S." is normalised to "u s"); in capitals only
    "us": "C-US", "u s": "C-US", "usa": "C-US", "u s a": "C-US",
    "uk": "C-GB", "u k": "C-GB", "britain": "C-GB", "uae": "C-AE",
}

#: Names of several words news uses for a city the data files under another name
#: (GeoNames: "New York City"), normalised -> GeoNames id; indexed as the city's names, and a
#: first-level unit abroad so named keeps only its explicit forms ("New York state").
CITY_BY_NAMES = {
    "new york": "5128581",
}

METONYM_ALIASES = {
    "kremlin": "524901", "bankova": "703448",
}

#: Coordinating conjunctions ("and", "та", "но").
CONJUNCTIONS = frozenset({
    "and", "or",
})

#: Words after a weapon's name ("Tor systems", "Grad launchers", "комплекс"), normalised.
WEAPON_WORDS = frozenset({
    "air defence", "air defense", "batteries", "battery", "complex", "complexes", "launcher",
    "launchers", "long range", "missile", "missiles", "munitions", "rocket", "rockets",
    "short range", "system", "systems", "warheads",
})

#: Names of rivers of more than one word, normalised: never read as places word by word.
RIVER_NAMES = frozenset({
    "siverskyi donets", "seversky donets", "severskiy donets", "siversky donets",
    "southern bug", "pivdennyi buh", "inhulets river", "vorskla river", "oskil river",
})

#: First words of two-word settlement names ("Нова Слобода", "Velyka Pysarivka"), normalised.
NAME_ADJECTIVES = frozenset({
    "mala", "nova", "novaya", "novy", "novyi", "nyzhnia", "stara", "staryi", "velyka", "verkhnia",
})

#: Heads of an institution's name before "of" and a country ("the Armed Forces of Ukraine", "the Security Service of Ukraine"): the country is then no place on the map.
INSTITUTION_WORDS = frozenset({
    "agency", "army", "bank", "committee", "council", "directorate", "embassy", "forces", "guard",
    "intelligence", "ministry", "navy", "office", "parliament", "police", "service", "staff",
})

#: Words after a hyphen that make the name before it a place of the story ("Moscow-installed",
#: "Kyiv-based"); not where a product comes from ("US-made", "US-supplied": no place of the story).
COMPOUND_TAILS = frozenset({
    "aligned", "allied", "annexed", "appointed", "backed", "based", "bound", "controlled", "funded",
    "held", "installed", "led", "occupied", "run", "sponsored", "supported",
})

#: Words before the name of a news outlet or channel ("the Telegram channel Baza", "телеграм-канал Astra"): no place.
MEDIA_WORDS = frozenset({
    "agency", "broadcaster", "channel", "newspaper", "outlet", "tabloid", "telegram-channel",
    "website",
})

#: Words for a military unit, an operation or a ship: a name after one, or in quotes, is that unit's ("группировки «Днепр»").
UNIT_WORDS = frozenset({
    "battlegroup", "battlegroups", "brigade", "corvette", "fleet", "group", "grouping", "operation", "ship",
    "submarine",
})

#: Words between a unit's name and its unit word ("the Dnipro operational-strategic group").
UNIT_QUALIFIERS = frozenset({
    "operational", "operational-strategic", "operational-tactical", "tactical",
})

#: Words for a facility named after a place: a name right before one (or before a list or
#: dash route of names ending in one) names the facility, not the place ("the Burshtyn
#: plant", "Ladyzhyn TPP", "the Kerch Bridge", "the Moscow–Simferopol highway"); one or two
#: words each.
FACILITY_WORDS = frozenset({
    "air base", "air bases", "airbase", "airbases", "airfield", "airfields", "airport",
    "airports", "base", "bridge", "bridges", "chp", "chpp", "depot", "depots", "highway",
    "highways", "motorway", "npp", "npps", "nuclear plants", "pipeline", "pipelines", "plant", "power plants",
    "power station", "power stations", "refineries", "refinery", "substation", "substations",
    "terminal", "terminals", "tpp", "tpps",
    # no bare "bases" or "plants": verbs after a subject ("where Russia bases its jets")
})

#: Words between a place's name and a facility word ("the Zmiev thermal power plant",
#: "the Morozovsk military airfield", "the Syzran oil refinery").
FACILITY_QUALIFIERS = frozenset({
    "ammunition", "chemical", "coal fired", "fuel", "gas", "heat", "hydroelectric", "military",
    "naval", "nuclear", "oil", "petrochemical", "power", "rail", "railway", "road", "thermal",
})

#: Words for a front or a land after the name of a region's centre, which make the name the
#: region ("the Kursk front", "the Zaporizhzhia front", "every metre of Luhansk land"); a name
#: with no region of its own stays as it is.
REGION_FRONT_WORDS = frozenset({
    "front", "fronts", "land", "lands",
})

#: Words between a name (or a list of names) and its admin word, which still makes them the
#: units ("the Belgorod and Kursk border regions", "the Sumy and Chernihiv frontier oblasts").
ADMIN_WORD_QUALIFIERS = frozenset({
    "border", "borderland", "frontier", "front-line", "frontline", "neighbouring", "neighboring",
})

#: Words for a governor after a name: the name is the region ("Voronezh governor").
GOVERNOR_WORDS = frozenset({
    "governor", "governorate", "governors",
})

#: Words for a hromada (territorial community) after its adjective ("Юнаківська громада").
HROMADA_WORDS = frozenset({
    "community", "hromada", "hromadas",
})

#: Auxiliaries and adverbs after a capital before its verb ("Kyiv has", "Moscow still").
AUXILIARIES_AND_ADVERBS = frozenset({
    "again", "also", "can", "could", "did", "did not", "do", "does", "had", "has", "has not",
    "have", "is", "kept", "may", "might", "must", "never", "now", "officially", "quickly",
    "remained", "repeatedly", "should", "stayed", "still", "then", "was", "will", "would",
})

#: Words after a capital that make it the place, not its government ("Kyiv was hit", "Kyiv residents").
PLACE_SENSE_WORDS_AFTER = frozenset({
    "air", "attacked", "been", "being", "bombed", "came", "endured", "experienced", "faced",
    "heard", "hit", "hosted", "hosts", "lay", "lies", "lost", "oblast", "received", "region",
    "residents", "saw", "shelled", "sirens", "sits", "struck", "suffered", "targeted", "under",
    "woke",
})

#: Words after a bare name of a region's capital that make it the region in an article
#: that names the region ("its Kursk operation", "after his Kursk trip", "Bryansk border
#: areas"); without them, or a word of REGION_SENTENCE_WORDS in the sentence, a bare
#: "Saratov" is the city ("the Saratov refinery", "from Murmansk to Siberia").
REGION_SENSE_WORDS_AFTER = frozenset({
    "area", "areas", "border", "borders", "frontier", "incursion", "offensive", "operation",
    "trip", "visit",
})

#: Words in a sentence that make the bare names of region capitals in it the regions, in an
#: article that names those regions ("the Belgorod, Kursk and Bryansk regions"; "with Kursk
#: back under Russian control after months of Ukrainian occupation"; "border towns and
#: villages, for example in Belgorod").
REGION_SENTENCE_WORDS = frozenset({
    "areas", "border", "incursion", "krai", "oblast", "oblasts", "occupation", "province",
    "provinces", "region", "regions",
})

#: Nouns after a capital's possessive that make it its government ("Moscow's aim").
POSSESSED_NOUNS = frozenset({
    "aim", "aims", "allies", "armed", "claim", "claims", "decision", "defence", "defense",
    "delegation", "demand", "demands", "envoy", "forces", "foreign", "general", "goal", "goals",
    "government", "intentions", "leadership", "military", "ministry", "negotiators", "offer",
    "officials", "plan", "plans", "policy", "position", "proposal", "refusal", "request",
    "response", "stance", "strategy", "terms", "troops",
})

#: Verbs whose object is a government ("pressed Kyiv", "змусити Москву").
GOVERNMENT_OBJECT_VERBS = frozenset({
    "accused", "accuses", "accusing", "allow", "allowed", "asked", "blamed", "blames", "blaming",
    "convince", "force", "forced", "let", "letting", "persuade", "pressed", "pressure", "push",
    "pushed", "tells", "told", "urged", "urges", "warned", "warns", "which", "whom",
})

#: Latin spellings of city districts that are also adjectives of towns (see the uk pack).
CITY_DISTRICT_NAMES = frozenset({
    "shevchenkivskyi", "shevchenkivsky", "shevchenkovsky", "kyivskyi", "kyivsky", "kievsky",
    "zavodskyi", "zavodsky", "zavodskoy", "tsentralnyi", "tsentralny", "slobidskyi",
    "industrialnyi", "leninsky", "leninskyi", "dniprovskyi", "dniprovsky", "dneprovsky",
})

#: Words between places and the district they lie in ("from Uspenivka in the Polohy district").
WITHIN_RAION_WORDS = frozenset({"in", "in the", "within", "within the"})

#: Words between a district and the region it lies in ("the Polohy district of Zaporizhzhia").
DISTRICT_OF_WORDS = frozenset({"of", "of the", "in", "in the"})

#: Number words and their values ("twenty", "тридцять"), for stated distances.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}

#: Words that end the name of an oblast in a lookup ("Sumy oblast", "Сумская обл").
OBLAST_NAME_WORDS = frozenset({
    "krai", "kray", "oblast", "oblast'", "province", "region", "republic", "territory",
})

#: Words that end the name of a raion in a lookup ("Sumy district", "Сумский р-н").
RAION_NAME_WORDS = frozenset({
    "district", "districts", "raion", "rayon", "urban okrug",
})

#: Words that end or start the name of a settlement in a lookup ("Sumy city", "м Суми").
SETTLEMENT_NAME_WORDS = frozenset({
    "city", "town", "village",
})

#: Two spellings of one Cyrillic letter that English outlets use either way,
#: as written -> as the gazetteer may spell it: the short i after a vowel is "i" or "y"
#: (Graivoron / Grayvoron, Gulyaipole / Gulyaypole, Seimsky / Seymsky).  The geoparser
#: swaps a pair only where it stands for that letter: before a consonant or at the end of
#: a word ("Maiorsk" keeps its i), and tries a respelling only when the word as written is
#: no name (a respelt word counts as inflected: a small place needs a preposition).
ROMANISATION_SWAPS = {
    "ai": "ay", "ay": "ai", "ei": "ey", "ey": "ei", "oi": "oy", "oy": "oi",
    "ui": "uy", "uy": "ui",
}

#: Adjective endings as written -> as the gazetteer spells them:
#: Grayvoronskiy, Grayvoronskyy, Grayvoronskii, Grayvoronskyi -> Grayvoronsky.
ROMANISATION_ENDINGS = {
    "iy": "y", "yy": "y", "ii": "y", "yi": "y",
}

#: Words that start the name of a settlement in a lookup ("city of Sumy", "смт Глушково").
SETTLEMENT_NAME_PREFIXES = (
    "city of", "town of", "village of",
)
# fmt: on
