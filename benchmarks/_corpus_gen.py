"""Synthetic war-news articles for geoparser benchmarks.

:func:`generate_articles` recombines sentence templates written for this
project with place names taken from the hand-written corpus in
``tests/corpus`` (English, Russian and Ukrainian, with the inflected forms the
templates need).  The output reads like short wire reports, is deterministic
for a seed, and needs no files or network, so benchmarks can time parsers on
thousands of identical inputs.

>>> from _corpus_gen import generate_articles
>>> docs = generate_articles(3, seed=1)
>>> len(docs), docs == generate_articles(3, seed=1)
(3, True)
"""

from __future__ import annotations

import random
from collections.abc import Sequence

__all__ = ["LANG_WEIGHTS", "generate_articles"]

#: Share of English, Russian and Ukrainian articles.
LANG_WEIGHTS = {"en": 0.6, "ru": 0.2, "uk": 0.2}

# ----------------------------------------------------------------------------- English
# (settlement, region phrase, country adjective)
_EN_PLACES = [
    ("Sumy", "the Sumy region", "Ukrainian"),
    ("Yunakivka", "Sumy Oblast", "Ukrainian"),
    ("Velyka Pysarivka", "the Sumy region", "Ukrainian"),
    ("Krasnopillia", "Sumy Oblast", "Ukrainian"),
    ("Vovchansk", "Kharkiv Oblast", "Ukrainian"),
    ("Kupiansk", "the Kharkiv region", "Ukrainian"),
    ("Kharkiv", "Kharkiv Oblast", "Ukrainian"),
    ("Pokrovsk", "Donetsk Oblast", "Ukrainian"),
    ("Myrnohrad", "the Donetsk region", "Ukrainian"),
    ("Chasiv Yar", "Donetsk Oblast", "Ukrainian"),
    ("Kostiantynivka", "the Donetsk region", "Ukrainian"),
    ("Orikhiv", "Zaporizhzhia Oblast", "Ukrainian"),
    ("Huliaipole", "the Zaporizhzhia region", "Ukrainian"),
    ("Nikopol", "Dnipropetrovsk Oblast", "Ukrainian"),
    ("Pokrovske", "the Dnipropetrovsk region", "Ukrainian"),
    ("Kherson", "the Kherson region", "Ukrainian"),
    ("Bilozerka", "Kherson Oblast", "Ukrainian"),
    ("Sudzha", "the Kursk region", "Russian"),
    ("Tetkino", "Kursk Oblast", "Russian"),
    ("Glushkovo", "the Kursk region", "Russian"),
    ("Rylsk", "Kursk Oblast", "Russian"),
    ("Shebekino", "the Belgorod region", "Russian"),
    ("Grayvoron", "Belgorod Oblast", "Russian"),
    ("Belgorod", "the Belgorod region", "Russian"),
    ("Klimovo", "the Bryansk region", "Russian"),
    ("Klintsy", "Bryansk Oblast", "Russian"),
]
_EN_DISTRICTS = [
    "the Glushkovsky district",
    "the Sudzhansky district",
    "the Shebekinsky district",
    "the Grayvoronsky district",
    "the Sumy Raion",
    "the Okhtyrka Raion",
    "the Kupiansk Raion",
    "the Pokrovsk Raion",
]
_EN_PEOPLE = [
    "Vladimir Putin",
    "President Zelensky",
    "Oleksandr Syrskyi",
    "Kirill Budanov",
    "Vladimir Saldo",
    "Vyacheslav Gladkov",
    "Oleh Hryhorov",
    "Oleh Syniehubov",
    "Alexander Bogomaz",
]
_EN_CAPITALS = ["Kyiv", "Moscow", "Kiev", "the Kremlin"]
_EN_FOREIGN = ["Washington", "Minsk", "Brussels", "Warsaw"]
_EN_COUNTRIES = ["the United States", "Poland", "Germany", "Belarus", "Turkey", "France"]
_EN_OLD = [
    ("Kharkov", "Kharkiv"),
    ("Artemovsk", "Bakhmut"),
    ("Dnepropetrovsk", "Dnipro"),
    ("Zaporozhye", "Zaporizhzhia"),
    ("Kirovograd", "Kropyvnytskyi"),
    ("Nikolaev", "Mykolaiv"),
    ("Lugansk", "Luhansk"),
    ("Chernigov", "Chernihiv"),
]
_EN_WEAPONS = [
    "glide bombs",
    "Shahed drones",
    "Iskander missiles",
    "Grad rockets",
    "FPV drones",
    "artillery",
]

_EN_HEADLINES = [
    "Russia claims advance near {town} as fighting spreads in {region}",
    "{capital} says {weapon} hit {town}; {n} wounded",
    "Evacuation ordered in {town} after week of shelling",
    "{person} says troops must create a {km}-kilometre zone along the border",
    "Drones strike {town} in {region} overnight",
    "Fighting around {town} and {town2} intensifies, officials say",
]
_EN_SENTENCES = [
    "Officials in {region} said {weapon} struck {town} overnight, wounding {n} people.",
    "{person} said the situation near {town} remained difficult but under control.",
    "{capital} said its forces had advanced {km} km near {town}, a claim that could not be "
    "verified.",
    "The village lies about {km} kilometres from {town2}, on the road towards the border.",
    "Residents of {district} were told to leave a {km}-kilometre strip along the frontier.",
    "Military bloggers wrote that assault groups had pushed {km}-{km2} km deep near {town2}.",
    "{country} condemned the strike and promised more air defence.",
    "Russian state media still call the city {old}, although Ukraine renamed it {new}.",
    "The regional governor said {n} houses and a school were damaged in {town2}.",
    "{capital} denied the report and accused {capital2} of staging provocations.",
    "Volunteers evacuated {n} people from {town} to safer parts of {region} on Sunday.",
    "According to {person}, enemy drones now reach targets {km} km behind the front.",
    "Power was cut in parts of {town2} and in several villages of {district}.",
    "Analysts said the buffer zone could stretch {km} to {km2} km into {region}.",
    "{foreign} urged both sides to return to talks.",
]

# ----------------------------------------------------------------------------- Russian
# (nominative, genitive, prepositional, region in genitive)
_RU_PLACES = [
    ("Суджа", "Суджи", "Судже", "Курской области"),
    ("Тёткино", "Тёткино", "Тёткино", "Курской области"),
    ("Глушково", "Глушково", "Глушково", "Курской области"),
    ("Рыльск", "Рыльска", "Рыльске", "Курской области"),
    ("Шебекино", "Шебекино", "Шебекино", "Белгородской области"),
    ("Грайворон", "Грайворона", "Грайвороне", "Белгородской области"),
    ("Белгород", "Белгорода", "Белгороде", "Белгородской области"),
    ("Климово", "Климово", "Климово", "Брянской области"),
    ("Клинцы", "Клинцов", "Клинцах", "Брянской области"),
    ("Купянск", "Купянска", "Купянске", "Харьковской области"),
    ("Волчанск", "Волчанска", "Волчанске", "Харьковской области"),
    ("Красноармейск", "Красноармейска", "Красноармейске", "Донецкой области"),
    ("Часов Яр", "Часова Яра", "Часовом Яре", "Донецкой области"),
    ("Константиновка", "Константиновки", "Константиновке", "Донецкой области"),
    ("Орехов", "Орехова", "Орехове", "Запорожской области"),
    ("Каменское", "Каменского", "Каменском", "Запорожской области"),
    ("Херсон", "Херсона", "Херсоне", "Херсонской области"),
    ("Алешки", "Алешек", "Алешках", "Херсонской области"),
]
_RU_PEOPLE = [
    "Вячеслав Гладков",
    "Александр Хинштейн",
    "Александр Богомаз",
    "Владимир Сальдо",
    "Евгений Балицкий",
    "Дмитрий Песков",
]
# (nominative, accusative, past-tense "accused" agreeing with the name)
_RU_CAPITALS = [("Москва", "Москву", "обвинила"), ("Киев", "Киев", "обвинил")]
#: counts that take the genitive plural in both Russian and Ukrainian
_SLAVIC_COUNTS = [5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 19, 20, 25, 30, 40]
_RU_HEADLINES = [
    "{person}: беспилотники атаковали {nom}",
    "Минобороны сообщило о продвижении у {gen}",
    "В {prep} объявлена эвакуация жителей",
    "Обстрел {gen}: пострадали {n} человек",
]
_RU_SENTENCES = [
    "В {prep} {region} в результате обстрела повреждены {n} жилых домов, сообщил {person}.",
    "По данным Минобороны России, подразделения продвинулись на {km} км в районе {gen2}.",
    "{cap} {accused} {cap2_acc} в срыве переговоров.",
    "Жителей сёл, расположенных в {km} км от границы, призвали выехать из {gen}.",
    "Военные блогеры пишут, что бои идут на глубину {km}–{km2} км.",
    "Беспилотники атаковали {nom2}, есть погибшие и раненые.",
    "Президент Владимир Путин поручил создать зону безопасности вдоль границы.",
    "В {prep2} восстановили электроснабжение, но обстрелы продолжаются.",
    "Эксперты считают, что буферная зона может составить от {km} до {km2} км.",
    "Из {gen} за неделю вывезли {n} человек, в том числе детей.",
    "{person} призвал жителей {gen2} не возвращаться домой до окончания обстрелов.",
    "За ночь над территорией {region} сбиты {n} беспилотников.",
    "По данным Генштаба ВСУ, украинские подразделения удерживают позиции в {km} км от {gen}.",
]

# ----------------------------------------------------------------------------- Ukrainian
# (nominative, genitive, locative, region in locative)
_UK_PLACES = [
    ("Суми", "Сум", "Сумах", "на Сумщині"),
    ("Юнаківка", "Юнаківки", "Юнаківці", "на Сумщині"),
    ("Краснопілля", "Краснопілля", "Краснопіллі", "на Сумщині"),
    ("Велика Писарівка", "Великої Писарівки", "Великій Писарівці", "на Сумщині"),
    ("Харків", "Харкова", "Харкові", "на Харківщині"),
    ("Вовчанськ", "Вовчанська", "Вовчанську", "на Харківщині"),
    ("Куп'янськ", "Куп'янська", "Куп'янську", "на Харківщині"),
    ("Покровськ", "Покровська", "Покровську", "на Донеччині"),
    ("Мирноград", "Мирнограда", "Мирнограді", "на Донеччині"),
    ("Костянтинівка", "Костянтинівки", "Костянтинівці", "на Донеччині"),
    ("Покровське", "Покровського", "Покровському", "на Дніпропетровщині"),
    ("Нікополь", "Нікополя", "Нікополі", "на Дніпропетровщині"),
    ("Оріхів", "Оріхова", "Оріхові", "на Запоріжжі"),
    ("Гуляйполе", "Гуляйполя", "Гуляйполі", "на Запоріжжі"),
    ("Херсон", "Херсона", "Херсоні", "на Херсонщині"),
    ("Білозерка", "Білозерки", "Білозерці", "на Херсонщині"),
]
_UK_PEOPLE = [
    "Олег Синєгубов",
    "Олег Григоров",
    "Іван Федоров",
    "Олександр Прокудін",
    "Олександр Сирський",
    "Кирило Буданов",
    "Вадим Філашкін",
]
_UK_CAPITALS = [("Київ", "Київ", "звинуватив"), ("Москва", "Москву", "звинуватила")]
_UK_HEADLINES = [
    "{person}: ворог атакував {nom}",
    "Евакуація {gen}: вивезли {n} людей",
    "У {loc} пролунали вибухи",
    "Бої поблизу {gen}: противник просунувся на {km} км",
]
_UK_SENTENCES = [
    "У {loc} внаслідок обстрілу пошкоджено {n} приватних будинків, повідомив {person}.",
    "За даними Генштабу, поблизу {gen2} тривають бої, ворог намагається просунутися на {km} км.",
    "{cap} {accused} {cap2_acc} у зриві перемовин.",
    "Жителів сіл у {km}-кілометровій зоні вздовж кордону закликають евакуюватися.",
    "Російські дрони б'ють по трасах на глибину {km}–{km2} км.",
    "Ситуація {region} залишається складною, зазначив {person}.",
    "З {gen} за тиждень вивезли {n} людей, зокрема дітей.",
    "У {loc2} відновили електропостачання, але обстріли тривають.",
    "Аналітики вважають, що росія хоче створити буферну зону на глибину {km} км.",
    "Ворожі КАБи долітають до {gen2} з відстані {km}–{km2} кілометрів.",
    "{person} закликав мешканців {gen2} не повертатися додому.",
    "Протягом ночі сили ППО збили {n} дронів, уламки впали {region}.",
    "Сили оборони утримують позиції за {km} км від {gen}.",
]


def _fill_en(rng: random.Random, template: str) -> str:
    town, region, _ = rng.choice(_EN_PLACES)
    town2 = rng.choice([p for p in _EN_PLACES if p[0] != town])[0]
    capital, capital2 = rng.sample(_EN_CAPITALS, 2)
    old, new = rng.choice(_EN_OLD)
    km = rng.choice([2, 3, 5, 7, 10, 12, 15, 20, 25, 30, 40])
    text = template.format(
        town=town,
        town2=town2,
        region=region,
        district=rng.choice(_EN_DISTRICTS),
        person=rng.choice(_EN_PEOPLE),
        capital=capital,
        capital2=capital2,
        country=rng.choice(_EN_COUNTRIES),
        foreign=rng.choice(_EN_FOREIGN),
        weapon=rng.choice(_EN_WEAPONS),
        old=old,
        new=new,
        km=km,
        km2=km + rng.choice([5, 10, 15]),
        n=rng.randint(2, 60),
    )
    return text[0].upper() + text[1:]


def _fill_ru(rng: random.Random, template: str) -> str:
    (nom, gen, prep, region), (nom2, gen2, prep2, _) = rng.sample(_RU_PLACES, 2)
    (cap, _, accused), (_, cap2_acc, _) = rng.sample(_RU_CAPITALS, 2)
    km = rng.choice([2, 3, 5, 10, 15, 20, 30])
    return template.format(
        nom=nom, gen=gen, prep=prep, region=region, nom2=nom2, gen2=gen2, prep2=prep2,
        person=rng.choice(_RU_PEOPLE), cap=cap, cap2_acc=cap2_acc, accused=accused, km=km,
        km2=km + rng.choice([5, 10]), n=rng.choice(_SLAVIC_COUNTS),
    )  # fmt: skip


def _fill_uk(rng: random.Random, template: str) -> str:
    (nom, gen, loc, region), (_, gen2, loc2, _) = rng.sample(_UK_PLACES, 2)
    (cap, _, accused), (_, cap2_acc, _) = rng.sample(_UK_CAPITALS, 2)
    km = rng.choice([2, 3, 5, 10, 15, 20, 30])
    return template.format(
        nom=nom, gen=gen, loc=loc, region=region, gen2=gen2, loc2=loc2,
        person=rng.choice(_UK_PEOPLE), cap=cap, cap2_acc=cap2_acc, accused=accused, km=km,
        km2=km + rng.choice([5, 10]), n=rng.choice(_SLAVIC_COUNTS),
    )  # fmt: skip


_LANGS = {
    "en": (_EN_HEADLINES, _EN_SENTENCES, _fill_en),
    "ru": (_RU_HEADLINES, _RU_SENTENCES, _fill_ru),
    "uk": (_UK_HEADLINES, _UK_SENTENCES, _fill_uk),
}


def _article(rng: random.Random, lang: str) -> str:
    headlines, sentences, fill = _LANGS[lang]
    body = [fill(rng, t) for t in rng.sample(sentences, rng.randint(9, 12))]
    cuts = sorted(rng.sample(range(2, len(body) - 1), 2))
    paragraphs = [" ".join(body[i:j]) for i, j in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    return fill(rng, rng.choice(headlines)) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def generate_articles(n: int, *, seed: int = 0, langs: Sequence[str] | None = None) -> list[str]:
    """Build ``n`` synthetic news articles, deterministically for ``seed``.

    Parameters
    ----------
    n
        Number of articles (>= 0).
    seed
        Seed of the private random generator; the same seed gives the same list.
    langs
        Restrict to these languages (``"en"``, ``"ru"``, ``"uk"``); by default
        they are mixed with :data:`LANG_WEIGHTS`.

    Returns
    -------
    list of str
        Each article is a headline line, a blank line and three paragraphs
        of 9-12 distinct sentences, roughly 100-250 words in total.

    Examples
    --------
    >>> from _corpus_gen import generate_articles
    >>> [a.splitlines()[1] for a in generate_articles(2, seed=0)]
    ['', '']
    >>> generate_articles(1, seed=3, langs=["uk"])[0].isascii()
    False
    """
    if n < 0:
        msg = f"n must be >= 0, got {n!r}; pass a count of articles"
        raise ValueError(msg)
    chosen = list(langs) if langs is not None else list(LANG_WEIGHTS)
    unknown = [lang for lang in chosen if lang not in _LANGS]
    if unknown or not chosen:
        msg = f"unknown languages {unknown or chosen!r}; use some of {sorted(_LANGS)}"
        raise ValueError(msg)
    weights = [LANG_WEIGHTS[lang] for lang in chosen]
    rng = random.Random(seed)
    return [_article(rng, rng.choices(chosen, weights)[0]) for _ in range(n)]
