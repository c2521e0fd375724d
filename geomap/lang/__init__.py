"""Language packs: the words the geoparser and the gazetteer read, by role, one module per language.

A pack is a module with ``CODE`` (ISO 639-1), ``SCRIPT`` (``"latin"`` or
``"cyrillic"``), ``DISTINCT_LETTERS`` (letters that tell it apart from the other
packs of its script) and any of the roles of :data:`ROLES`, each a set (or a
tuple, or a dict, as :data:`ROLES` says) named for what it holds.  The packs of
this package (``en``, ``ru``, ``uk``; modules starting with ``_`` hold words
shared by several) are found when the package is imported: adding a language
is adding one file here.  :func:`register` adds a pack from elsewhere.

The parser reads the union over all packs of a role (the texts it parses mix
languages: a Russian article quotes Ukrainian names), through :func:`words`
for sets and :func:`mapping` for dicts.  Those return one live object per role
(or tuple of roles), updated in place when a pack is registered, so that the
parser's module-level sets always hold every pack's words.

>>> "oblast" in words("OBLAST_WORDS") and "области" in words("OBLAST_WORDS")
True
>>> sorted(p.CODE for p in packs())
['en', 'ru', 'uk']
>>> detect("Дрони атакували Суми"), detect("Drones hit Sumy")
('uk', 'en')
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

__all__ = ["ROLES", "detect", "mapping", "packs", "register", "sequence", "unregister", "words"]

#: Every role a pack may define, with the type of its value.
ROLES: dict[str, str] = {
    "OBLAST_WORDS": "set",
    "RAION_WORDS": "set",
    "PLURAL_ADMIN_WORDS": "set",
    "SETTLEMENT_WORDS_AFTER": "set",
    "SETTLEMENT_WORDS_BEFORE": "set",
    "NAME_RUN_ADMIN_WORDS": "set",
    "PLACE_PREPOSITIONS": "set",
    "TITLES": "set",
    "BYLINE_WORDS": "set",
    "FIRST_NAMES": "set",
    "KNOWN_SURNAMES": "set",
    "PLACE_FOLLOWERS": "set",
    "FEATURE_WORDS_AFTER": "set",
    "FEATURE_WORDS_BEFORE": "set",
    "COMPASS_ADJECTIVES": "set",
    "PLACE_ADJECTIVES": "set",
    "TITLE_CASE_WORDS": "set",
    "SPEECH_VERBS": "set",
    "GOVERNMENT_NOUNS": "set",
    "STANCE_WORDS": "set",
    "METONYM_PHRASES_BEFORE": "tuple",
    "METONYM_ALIASES": "dict",
    "PLACE_ALIASES": "dict",
    "CITY_BY_NAMES": "dict",
    "DEMONYM_STEMS": "tuple",
    "CONJUNCTIONS": "set",
    "ADJECTIVE_NOMINATIVE_ENDINGS": "tuple",
    "ADJECTIVE_CASE_ENDINGS": "tuple",
    "ADJECTIVE_SETTLEMENT_NOUNS": "dict",
    "WEAPON_WORDS": "set",
    "RIVER_NAMES": "set",
    "COMPARATIVE_DIRECTION_ADVERBS": "set",
    "NAME_ADJECTIVES": "set",
    "UNIT_WORDS": "set",
    "MEDIA_WORDS": "set",
    "COMPOUND_TAILS": "set",
    "UNIT_QUALIFIERS": "set",
    "FACILITY_WORDS": "set",
    "FACILITY_QUALIFIERS": "set",
    "ADMIN_WORD_QUALIFIERS": "set",
    "REGION_FRONT_WORDS": "set",
    "REGION_PREPOSITIONS": "set",
    "INSTITUTION_WORDS": "set",
    "ADMINISTRATION_WORDS": "set",
    "MINISTRY_WORDS": "set",
    "GOVERNOR_WORDS": "set",
    "HROMADA_WORDS": "set",
    "FRONT_DIRECTION_WORDS": "set",
    "FRONT_DIRECTION_QUALIFIERS": "set",
    "AUXILIARIES_AND_ADVERBS": "set",
    "PLACE_SENSE_WORDS_AFTER": "set",
    "POSSESSED_NOUNS": "set",
    "GOVERNMENT_OBJECT_VERBS": "set",
    "SPEECH_VERB_STEMS": "tuple",
    "NUMBER_WORDS": "dict",
    "OBLAST_NAME_WORDS": "set",
    "RAION_NAME_WORDS": "set",
    "SETTLEMENT_NAME_WORDS": "set",
    "SETTLEMENT_NAME_PREFIXES": "tuple",
    "FORMER_RAION_CENTRES": "dict",
    "CITY_DISTRICT_NAMES": "set",
    "WITHIN_RAION_WORDS": "set",
    "DISTRICT_OF_WORDS": "set",
    "AREA_NAME_ENDINGS": "dict",
    "NEAR_PREPOSITIONS": "set",
    "ROMANISATION_SWAPS": "dict",
    "REGION_SENSE_WORDS_AFTER": "set",
    "REGION_SENTENCE_WORDS": "set",
    "ROMANISATION_ENDINGS": "dict",
}

_PACKS: dict[str, ModuleType] = {}
_LIVE_SETS: dict[tuple[str, ...], set[str]] = {}
_LIVE_DICTS: dict[str, dict[str, Any]] = {}


def _check(pack: ModuleType) -> None:
    for attr in ("CODE", "SCRIPT", "DISTINCT_LETTERS"):
        if not hasattr(pack, attr):
            msg = f"language pack {pack.__name__} has no {attr}; define it in the pack"
            raise ValueError(msg)
    for role, kind in ROLES.items():
        value = getattr(pack, role, None)
        want = {"set": (set, frozenset), "tuple": (tuple,), "dict": (dict,)}[kind]
        if value is not None and not isinstance(value, want):
            msg = f"{pack.__name__}.{role} is a {type(value).__name__}; make it a {kind}"
            raise ValueError(msg)
    unknown = [n for n in vars(pack) if n.isupper() and n not in ROLES]
    unknown = [n for n in unknown if n not in ("CODE", "SCRIPT", "DISTINCT_LETTERS")]
    if unknown:
        msg = f"{pack.__name__} defines {', '.join(unknown)}, no role of geomap.lang.ROLES"
        raise ValueError(msg)


def _union(roles: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for pack in _PACKS.values():
        for role in roles:
            out.update(getattr(pack, role, ()))
    return out


def _refresh() -> None:
    for roles, live in _LIVE_SETS.items():
        live.clear()
        live.update(_union(roles))
    for role, d in _LIVE_DICTS.items():
        d.clear()
        for pack in _PACKS.values():
            d.update(getattr(pack, role, {}))


def register(pack: ModuleType) -> None:
    """Add a language pack, or replace the pack of its language.

    Parameters
    ----------
    pack : module
        A module, or any object with the pack's attributes (``CODE``,
        ``SCRIPT``, ``DISTINCT_LETTERS`` and the roles of :data:`ROLES`).

    Raises
    ------
    ValueError
        When the pack lacks an attribute, a role has the wrong type, or it
        defines names that are no roles.
    """
    _check(pack)
    _PACKS[pack.CODE] = pack
    _refresh()


def unregister(code: str) -> None:
    """Remove the pack of a language (a no-op when there is none).

    Parameters
    ----------
    code : str
        The language's code (``"en"``, ``"ru"``, ``"uk"``).
    """
    if _PACKS.pop(code, None) is not None:
        _refresh()


def packs() -> tuple[ModuleType, ...]:
    """The registered packs, in registration order.

    Returns
    -------
    tuple of module
        The pack modules (or objects) given to :func:`register`.
    """
    return tuple(_PACKS.values())


def words(*roles: str) -> set[str]:
    """The words of ``roles`` in every pack: one live set per tuple of roles.

    The set is updated in place by :func:`register`; treat it as read-only.

    Parameters
    ----------
    *roles : str
        Set or tuple roles of :data:`ROLES`.

    Returns
    -------
    set of str
        The union of those roles over the registered packs.

    Raises
    ------
    KeyError
        When a role is no set or tuple role.
    """
    for role in roles:
        if ROLES.get(role) not in ("set", "tuple"):
            msg = f"{role!r} is no set role of geomap.lang.ROLES"
            raise KeyError(msg)
    live = _LIVE_SETS.get(roles)
    if live is None:
        live = _LIVE_SETS[roles] = _union(roles)
    return live


def sequence(role: str) -> tuple[str, ...]:
    """The items of a tuple role in every pack, in pack order (for ``str.endswith``).

    Parameters
    ----------
    role : str
        A tuple role of :data:`ROLES`.

    Returns
    -------
    tuple of str
        The items of every pack, each once.
    """
    out: list[str] = []
    for pack in _PACKS.values():
        out += [w for w in getattr(pack, role, ()) if w not in out]
    return tuple(out)


def mapping(role: str) -> dict[str, Any]:
    """The entries of a dict role in every pack: one live dict, updated by :func:`register`.

    Parameters
    ----------
    role : str
        A dict role of :data:`ROLES`.

    Returns
    -------
    dict
        The entries of every pack (a later pack's entry wins); read-only.

    Raises
    ------
    KeyError
        When the role is no dict role.
    """
    if ROLES.get(role) != "dict":
        msg = f"{role!r} is no dict role of geomap.lang.ROLES"
        raise KeyError(msg)
    live = _LIVE_DICTS.get(role)
    if live is None:
        live = _LIVE_DICTS[role] = {}
        for pack in _PACKS.values():
            live.update(getattr(pack, role, {}))
    return live


def detect(text: str) -> str:
    """Guess the language of ``text`` from the letters of its first 3,000 characters.

    Text that is mostly one-byte (Latin) characters is the Latin pack's
    (English); otherwise the Cyrillic pack whose distinct letters occur most
    (Ukrainian on a tie).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The code of a registered pack (``"en"`` when no pack has the script).
    """
    head = text[:3000]
    # Cyrillic letters take two bytes in UTF-8: a cheap count of non-ASCII text
    extra = len(head.encode("utf-8", "surrogatepass")) - len(head)
    script = "latin" if extra < len(head) * 0.3 else "cyrillic"
    cands = [p for p in _PACKS.values() if script == p.SCRIPT]
    if not cands:
        return "en"
    if len(cands) == 1:
        return cands[0].CODE
    low = head.lower()
    counts = [(sum(low.count(ch) for ch in p.DISTINCT_LETTERS), p.CODE) for p in cands]
    best = max(c for c, _ in counts)
    return next(code for c, code in counts if c == best)


def _load_builtin() -> None:
    # Ukrainian first: it wins a tie in detect(), as before the packs
    names = sorted(
        (m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")),
        key=lambda n: (n != "uk", n),
    )
    for name in names:
        register(importlib.import_module(f"{__name__}.{name}"))


_load_builtin()
