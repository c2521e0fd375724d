"""Stages 3 and 5: cues that a neighbouring word or a list gives a name.

:func:`word_cues` (before filtering): the word for a hromada after a name, the
front "direction" after an adjective.  :func:`list_cues` (after filtering): a
plural admin word covers its list, "parts of X and Y", region contexts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .._morph import is_verb_form, nominatives
from .._translit import is_cyrillic, normalize
from ..gazetteer import Gazetteer
from ..lang import words
from ._lexicon import (
    _ADJ_SUFFIX_RE,
    _CONJUNCTIONS,
    _DIRECTION_QUALIFIERS,
    _DIRECTION_WORDS,
    _HROMADA_WORDS,
    _LIST_GAP_RE,
    _LIST_SEP_RE,
    _LIST_SEP_STRICT_RE,
    _PARTS_OF_CYR_RE,
    _PARTS_OF_RE,
    _REGION_AFTER_RE,
    _REGION_BEFORE_RE,
    _REGION_WORD_RE,
    _SENT_PUNCT_RE,
    _SETTLEMENT_KINDS,
    _direction_word_re,
)
from .doc import _WORD_RE, Doc, Mention, _next_tok, _word_forms

__all__ = ["list_cues", "word_cues"]


def _listed_before(mentions: list[Mention], j: int, text: str) -> Iterator[Mention]:
    """The mentions before ``mentions[j]`` in the same list ("X, Y and Z"), nearest first."""
    k = j - 1
    while k >= 0 and _LIST_SEP_RE.fullmatch(text, mentions[k].end, mentions[k + 1].start):
        yield mentions[k]
        k -= 1


def _modifier_before(prev: Mention, nxt: Mention, text: str) -> bool:
    """Tell whether a name precedes a genitive of another case.

    As in "у Кам'янському Василівського району".

    Words of a list with no comma or conjunction between them agree in case
    ("Рыльском Хомутовском" would); a Cyrillic word whose ending differs from the next
    one's is the place of that district, not one more district.
    """
    if text[prev.end : nxt.start].strip() or not (prev.last.cyr and nxt.first.cyr):
        return False
    return prev.last.norm[-2:] != nxt.first.norm[-2:]


def _attach_hromada_cues(mentions: list[Mention], toks: Doc, text: str) -> None:
    """'у Юнаківській громаді', 'Білопільська, Хотінська та Новослобідська громади'."""
    for j in range(len(mentions) - 1, -1, -1):
        m = mentions[j]
        nxt = _next_tok(toks, m)
        if nxt is None or text[m.end : nxt.start].strip(" "):
            continue
        if not (nxt.norm in _HROMADA_WORDS or (nxt.cyr and "громада" in nxt.noms)):
            continue
        m.cue = "hromada"
        for prev in _listed_before(mentions, j, text):
            if prev.cue is None:
                prev.cue = "hromada"
                prev.note("listed with the word for a hromada")


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


def _attach_direction_cues(doc: Doc) -> None:
    """'на Покровском направлении', 'Гомельському та Мозирському тактичних напрямках'.

    Adjectives before a word for a front direction name an axis, not a place: the
    town the direction is named after is not where the story happens ("на Лиманському
    напрямку" is a stretch of front, "под Лиманом" stays the town).  Such adjectives,
    in capitals or not and in any case, are dropped by the rule ``front_direction``.
    """
    text = doc.text
    direction_re = _direction_word_re()
    if not direction_re.search(text):
        return
    by_start = {m.start: m for m in doc.mentions}
    gone: set[int] = set()
    for dm in direction_re.finditer(text):
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
            if not _ADJ_FORM_RE.search(w.group().lower()) and not _direction_cities(
                w.group(), doc.gaz
            ):
                break
            m = by_start.get(w.start())
            if m is not None and m.cue is None and m.size == 1 and id(m) not in gone:
                doc.drop(m, "cues", "front_direction", f'"{w.group()}" names a front axis')
                gone.add(id(m))
            # an earlier adjective of the same list: "Гомельському та Мозирському"
            end = w.start()
            i -= 1
            if i >= 0 and words[i].group().lower() in _CONJUNCTIONS:
                end = words[i].start()
                i -= 1
    if gone:
        doc.mentions = [m for m in doc.mentions if id(m) not in gone]


def _attach_plural_cues(
    mentions: list[Mention], toks: Doc, text: str, gaz: Gazetteer | None = None
) -> None:
    """'the Kursk, Belgorod and Bryansk regions': the plural admin word covers the whole list.

    A Cyrillic adjective in such a list ("Камінь-Каширського та Ковельського районів")
    gains the entries of its name with the admin word ("камінь-каширський район").
    """
    for j in range(len(mentions) - 1, 0, -1):
        m = mentions[j]
        if m.cue not in ("oblast", "raion"):
            continue
        nxt = m
        listed = [m]
        for prev in _listed_before(mentions, j, text):
            if _modifier_before(prev, nxt, text) or prev.last.text.endswith(("'s", "’s")):
                break  # "Russia's Kursk, Belgorod and Bryansk regions": the owner, no member
            nxt = prev
            listed.append(prev)
            if prev.cue is None:
                prev.cue = m.cue
                prev.note(f"listed with {m.cue} word")
                if gaz is not None and prev.size == 1:
                    _add_admin_entries(prev, gaz)
        if gaz is not None and m.cue == "raion":
            _capitals_districts(listed, text, gaz)
        if (
            gaz is not None and m.size == 1
        ):  # "the Bakhchysarai district(s)": the word is not in the span
            _add_admin_entries(m, gaz)
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
                    cur.note("after 'parts of'")
                if k + 1 >= len(mentions):
                    break
                gap = text[cur.end : mentions[k + 1].start]
                if not _LIST_SEP_RE.fullmatch(gap):
                    break
                k += 1


_DISTRICTS_AFTER_RE = re.compile(r"\s+(?:[a-z-]+\s+)?districts\b")


def _capitals_districts(listed: list[Mention], text: str, gaz: Gazetteer) -> None:
    """'Russia's Kursk, Belgorod and Bryansk border districts': the regions' districts.

    Bare names of several regions' capitals before the plural "districts" name
    the regions (each region's border districts), not the districts named after
    each capital; a list with any other town ("the Sumy and Okhtyrka districts")
    names raions.
    """
    if len(listed) < 2 or not _DISTRICTS_AFTER_RE.match(text, listed[0].end):
        return
    kinds = gaz.values["kind"]
    if not all(
        m.size == 1 and not m.first.cyr and any(kinds[i] == "oblast" for i, _, _ in m.entries)
        for m in listed
    ):
        return
    for m in listed:
        m.cue = "oblast"
        m.note('a region\'s capital in a list before "districts": the region')


#: Admin words that, put after a bare name, give the gazetteer name of the unit.
_ADMIN_SUFFIXES = {
    "raion": ("район", "raion", "district"),
    "oblast": ("область", "oblast", "region"),
}


def _add_admin_entries(m: Mention, gaz: Gazetteer) -> None:
    """Entries of "<name> raion/oblast" for a bare name cued as a raion or oblast.

    "Ковельського" in a list of districts gains "ковельський район"; "Bakhchysarai"
    in "the Saky and Bakhchysarai districts" gains "bakhchysarai raion".
    """
    kinds = gaz.values["kind"]
    want = "raion" if m.cue == "raion" else "oblast"
    if any(kinds[i] == want for i, _, _ in m.entries):
        return
    seen = {i for i, _, _ in m.entries}
    forms = [f for f, _ in _word_forms(m.first.text)] if m.first.cyr else [m.key]
    m.entries = [*m.entries, *_admin_entries(forms, want, gaz, seen)]  # a new list: shared


def _admin_entries(forms, want: str, gaz: Gazetteer, seen: set[int]) -> list:
    """The gazetteer entries of kind ``want`` named "<form> <admin word>"."""
    kinds = gaz.values["kind"]
    out = []
    for form in forms:
        for word in _ADMIN_SUFFIXES[want]:
            for e in gaz.names.get(f"{form} {word}", ()):
                if kinds[e[0]] == want and e[0] not in seen:
                    out.append(e)
                    seen.add(e[0])
    return out


#: Plural words for raions or oblasts after a list of adjectives ("Сумського та Охтирського районів").
_PLURAL_ADMIN_WORDS = words("PLURAL_ADMIN_WORDS")


def _fill_listed_adjectives(doc: Doc) -> None:
    """'Харківського, Чугуївського та Богодухівського районів': every adjective of the list.

    A plural admin word after an adjective covers the adjectives listed before it; one
    that is no place name of its own ("Чугуївського", "Купянского") is not a mention
    yet: it becomes one, with the entries of "<adjective> район" (or "область").
    """
    taken: set[int] | None = None
    found: list[Mention] = []
    for m in doc.mentions:
        if m.cue not in ("oblast", "raion") or m.size < 2 or m.last.norm not in _PLURAL_ADMIN_WORDS:
            continue
        if not (m.first.cyr and _ADJ_FORM_RE.search(m.first.text.lower())):
            continue
        if taken is None:
            taken = {x.end for x in doc.mentions}
        pos, si = m.start, m.first.sent
        while (w := doc.before(pos, si)) is not None:
            if w.norm in _AND:
                w = doc.before(w.start, si)
            if w is None or not _LIST_SEP_STRICT_RE.fullmatch(doc.text, w.end, pos):
                break
            if not (w.cyr and w.cap and _ADJ_FORM_RE.search(w.text.lower())):
                break
            pos = w.start
            if w.end in taken:
                continue  # a name already: the plural cue reaches it
            entries = _admin_entries([f for f, _ in _word_forms(w.text)], m.cue, doc.gaz, set())
            if not entries:
                break
            new = Mention(
                w, w, 1, w.start, w.end, w.text, w.norm, entries, inflected=True, cue=m.cue
            )
            new.note(f"listed before a plural {m.cue} word")
            found.append(new)
    if found:
        doc.mentions[:] = sorted([*doc.mentions, *found], key=lambda x: x.start)


def _lead_without_admin_names(mentions: list[Mention], j: int, text: str) -> str:
    """The 60 characters before mention ``j``, other names with their admin word blanked.

    "in the Samara region and damaged sites in Saratov and Volgograd": the word for
    regions belongs to "the Samara region", not to the list after it.
    """
    start = max(0, mentions[j].start - 60)
    lead = list(text[start : mentions[j].start])
    k = j - 1
    while k >= 0 and mentions[k].end > start:  # only the names that reach into the lead
        x = mentions[k]
        if x.size > 1:
            for p in range(max(x.start, start), x.end):
                lead[p - start] = " "
        k -= 1
    return "".join(lead)


def _attach_region_contexts(mentions: list[Mention], text: str, gaz: Gazetteer) -> None:
    """Bare names in region contexts ("invasion of Kursk") and lists after "regions" become oblasts."""
    kinds = gaz.col["kind"]

    def has_oblast(m: Mention) -> bool:
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
            m.note("region context")
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
            lead = _lead_without_admin_names(mentions, j, text)
            if _REGION_WORD_RE.search(lead) and not _SENT_PUNCT_RE.search(lead):
                for g in group:
                    if g.cue is None:
                        g.cue = "oblast"
                        g.note("listed after a word for regions")
        j = k + 1


def word_cues(doc: Doc) -> None:
    """Stage 3: cues from the word after a name (громада, front "direction").

    Parameters
    ----------
    doc : Doc
        The article being parsed; cues are attached to its mentions.
    """
    _attach_hromada_cues(doc.mentions, doc, doc.text)
    _attach_direction_cues(doc)


#: An inflected Cyrillic place adjective ("Курской", "Рязанской", "Сумській", "Рыльском").
_ADJ_FORM_RE = re.compile(
    r"(?:ськ|ск|цьк|цк|зьк|зк)(?:ой|ій|ом|ому|ого|ую|ая|ою|им|их|ей|ім|ий|ый|ие|і|а)$"
)
#: Conjunctions after which an elliptic adjective may stand ("Курской и Саратовской").
_AND = frozenset({"и", "і", "й", "та", "или", "або"})
#: Prepositions after which a name is a settlement, not a district ("під Кам'янським").
_NEAR_PREPS = words("NEAR_PREPOSITIONS")


def _attach_elliptic_admin_cues(
    mentions: list[Mention], toks: Doc, text: str, gaz: Gazetteer
) -> None:
    """'37 над Брянской областью, 20 над Рязанской и по 17 над Курской и Саратовской'.

    After an adjective with its admin word ("Брянской областью"), a bare adjective
    of the same sentence that no noun follows (a comma, a conjunction, a verb or the
    end of the sentence comes next) leaves the same word out: it is an oblast (or
    raion) too; not after a preposition of nearness ("під Кам'янським" is a village).
    """
    lead: dict[int, str] = {}
    for m in mentions:
        sent = m.first.sent
        adjective = m.first.cyr and bool(_ADJ_FORM_RE.search(m.first.text.lower()))
        if m.cue in ("oblast", "raion") and adjective:
            lead[sent] = m.cue
            continue
        cue = lead.get(sent)
        if cue is None or m.cue is not None or m.size != 1 or not adjective:
            continue
        prv = toks.before(m.start, m.first.sent)
        if prv is not None and prv.norm in _NEAR_PREPS:
            continue  # "Василівського району ... під Кам'янським": near a village
        nxt = _next_tok(toks, m)
        if (
            nxt is not None
            and nxt.norm not in _AND
            and not _CLAUSE_GAP_RE.search(text[m.end : nxt.start])
            and not (nxt.cyr and is_verb_form(nxt.norm))  # "в Рыльском объявлен ..."
        ):
            continue  # "Курской АЭС", "Рязанский НПЗ": a noun follows
        m.cue = cue
        m.note(f"an adjective standing for its {cue}, named so earlier in the sentence")
        _add_admin_entries(m, gaz)


_CLAUSE_GAP_RE = re.compile(r"[,;:.!?()\u2013\u2014]")


def list_cues(doc: Doc) -> None:
    """Stage 5: cues shared along lists ("the Kursk and Belgorod regions") and region contexts.

    Parameters
    ----------
    doc : Doc
        The article being parsed; cues are attached to its mentions.
    """
    _fill_listed_adjectives(doc)
    _attach_plural_cues(doc.mentions, doc, doc.text, doc.gaz)
    _attach_elliptic_admin_cues(doc.mentions, doc, doc.text, doc.gaz)
    _attach_region_contexts(doc.mentions, doc.text, doc.gaz)
