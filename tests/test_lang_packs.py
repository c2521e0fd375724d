"""Language packs (geomap.lang): roles, a toy pack added without touching geoparse/."""

from __future__ import annotations

import re
import types

import pytest

from geomap import lang
from geomap.geoparse import places_from_text


def _toy_pack() -> types.ModuleType:
    """A pack for a made-up language: one word for an oblast, one for a district."""
    pack = types.ModuleType("toy_pack")
    pack.CODE = "xx"
    pack.SCRIPT = "latin"
    pack.DISTINCT_LETTERS = "ŭĉ"
    pack.OBLAST_WORDS = frozenset({"provinco"})
    pack.RAION_WORDS = frozenset({"distrikto"})
    return pack


@pytest.fixture
def toy():
    pack = _toy_pack()
    lang.register(pack)
    try:
        yield pack
    finally:
        lang.unregister(pack.CODE)


def _names(text: str) -> list[tuple[str, str]]:
    g = places_from_text(text, lang="en")
    return list(zip(g["name"], g["kind"], strict=True))


def test_a_toy_pack_teaches_the_parser_a_word_for_an_oblast(toy):
    text = "Dronoj atakis Kharkiv provinco hieraŭ."
    assert _names(text) == [("Kharkiv Oblast", "oblast")]
    lang.unregister(toy.CODE)
    assert _names(text) == [("Kharkiv", "city")]  # without the pack the word means nothing


def test_a_toy_pack_word_for_a_district(toy):
    text = "Obusoj trafis Glushkovsky distrikto."
    assert _names(text) == [("Glushkovsky District", "raion")]
    lang.unregister(toy.CODE)
    assert _names(text) == []  # a bare district adjective with no cue is left out


def test_built_in_packs_are_found_and_checked():
    codes = sorted(p.CODE for p in lang.packs())
    assert codes == ["en", "ru", "uk"]
    for pack in lang.packs():
        lang._check(pack)  # every attribute is a known role of the right type


def test_a_pack_with_an_unknown_role_or_type_is_refused():
    bad = _toy_pack()
    bad.OBLAST_WORD = frozenset({"x"})  # a typo of a role
    with pytest.raises(ValueError, match="OBLAST_WORD, no role"):
        lang.register(bad)
    bad = _toy_pack()
    bad.RAION_WORDS = ["distrikto"]
    with pytest.raises(ValueError, match="make it a set"):
        lang.register(bad)
    assert "xx" not in {p.CODE for p in lang.packs()}


def test_sets_hold_what_their_names_say():
    assert "said" not in lang.words("COMPASS_ADJECTIVES", "PLACE_ADJECTIVES")
    assert {"said", "the"} <= lang.words("TITLE_CASE_WORDS")
    assert "writes" not in lang.words("TITLES")
    assert "writes" in lang.words("BYLINE_WORDS")
    assert "zelensky" not in lang.words("FIRST_NAMES")
    assert "zelensky" in lang.words("KNOWN_SURNAMES")
    assert {"officials", "authorities"}.isdisjoint(lang.words("SPEECH_VERBS"))


_KNOWN_MIXED = {("uk", "NAME_ADJECTIVES"): {"білые", "білый"}}


@pytest.mark.parametrize(
    ("code", "forbidden"),
    [("en", r"[а-яёіїєґ]"), ("ru", r"[іїєґ]"), ("uk", r"[ыэъё]")],
)
def test_each_pack_holds_words_of_its_own_language(code, forbidden):
    pack = next(p for p in lang.packs() if code == p.CODE)
    for role, kind in lang.ROLES.items():
        value = getattr(pack, role, None)
        if value is None:
            continue
        items = value.keys() if kind == "dict" else value
        wrong = {w for w in items if re.search(forbidden, w.lower())}
        # stem x ending products of NAME_ADJECTIVES that are no word of either language,
        # kept so that the output stays as it was
        wrong -= _KNOWN_MIXED.get((code, role), set())
        assert not wrong, (role, wrong)


def test_detect_reads_the_packs_letters():
    assert lang.detect("Дрони атакували Суми, повідомляє ОВА") == "uk"
    assert lang.detect("Дроны атаковали Белгород, сообщил губернатор") == "ru"
    assert lang.detect("Drones hit Belgorod") == "en"


def test_the_gazetteer_reads_its_admin_words_from_the_packs():
    from geomap import gazetteer

    assert lang.words("OBLAST_NAME_WORDS") == gazetteer._OBLAST_WORDS
    assert gazetteer._PREFIX_RE.match("смт Глушково").group("base") == "Глушково"
