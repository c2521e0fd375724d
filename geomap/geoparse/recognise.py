"""Stage 2, recognise: gazetteer names among capitalised words and n-grams.

Cyrillic words are also tried in their nominative forms ("у Сумах" -> Суми),
Latin ones without a possessive "'s".
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from .._morph import dictionary_nominatives
from .._translit import is_cyrillic
from ..gazetteer import Gazetteer
from ..lang import words
from ._lexicon import _COMPOUND_TAILS, _METONYM_ALIASES, _PLACE_ALIASES, _SETTLEMENT_KINDS
from .doc import (
    _ADMIN_NOMINATIVES,
    _MAX_NGRAM,
    _NEXT_ADJ_RE,
    Doc,
    Mention,
    Token,
    _forms,
    _is_admin_word,
    _norm_token,
    _word_forms,
    _word_shape,
    respellings,
)
from .score import _WAR_ZONE

__all__ = ["recognise"]


def _run_length(toks: Doc, first: Token) -> list[Token]:
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
    single: tuple[str, list[tuple[int, float, str]], bool] | None  # (key, entries, inflected)
    alias: int | None  # entity the word stands for as a metonym ("Kremlin")
    hidden: int | None  # a city an inflected reading names, behind small plain namesakes


#: A city of this many people behind plain-named villages of under ``_HIDDEN_BEHIND_POP``
#: ("поблизу Самари": Samara, not the villages Самари) is kept for resolve to weigh.
_HIDDEN_CITY_POP = 20_000
_HIDDEN_BEHIND_POP = 10_000


def _hidden_city(forms, single, gaz: Gazetteer) -> int | None:
    """The country, or else the biggest city, an inflected form names when the plain form names only small places.

    None unless ``single`` is a plain (uninflected) match whose every candidate is a
    settlement of under :data:`_HIDDEN_BEHIND_POP`.
    """
    if single is None or single[2]:
        return None
    v = gaz.values
    kinds, pops = v["kind"], v["population"]
    if any(
        kinds[i] not in _SETTLEMENT_KINDS or pops[i] >= _HIDDEN_BEHIND_POP for i, _, _ in single[1]
    ):
        return None
    read = [i for form, inflected in forms if inflected for i, _, _ in gaz.names.get(form, ())]
    countries = [i for i in read if kinds[i] == "country"]
    if countries:  # "в Молдове": the country, not the village Молдове
        return countries[0]
    big = [i for i in read if kinds[i] == "city" and pops[i] >= _HIDDEN_CITY_POP]
    return max(big, key=lambda i: pops[i]) if big else None


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
        if is_cyrillic(word) and not any(
            f in names or f.split(" ", 1)[0] in gaz.first_words for f, _ in forms
        ):  # the table found nothing: the dictionaries know stem alternations (Сум -> суми)
            seen = {f for f, _ in forms}
            extra = [f for f in dictionary_nominatives(forms[0][0]) if len(f) >= 4 or f == "суми"]
            forms = (*forms, *((f, True) for f in extra if f not in seen))
        # the word may start a longer name ("Sumy region"; "Камінь-Каширському районі")
        multi = any(f.split(" ", 1)[0] in gaz.first_words for f, _ in forms)
        single = (
            _best_key(forms, gaz, single=True)
            if multi or any(f in names for f, _ in forms)
            else None
        )
        # "DPR", "Подмосковьем": a by-name the gazetteer does not hold; "Британия" is
        # the country as well as a village's old name
        alias_of = _place_alias(word, forms, gaz)
        if single is None or (alias_of is not None and single[2] and not alias_of[2]):
            single = alias_of  # the word as written beats an inflected reading ("Британи")
        elif alias_of is not None:
            seen = {i for i, _, _ in single[1]}
            extra = [e for e in alias_of[1] if e[0] not in seen]
            single = (single[0], [*single[1], *extra], single[2])
        alias_id = _METONYM_ALIASES.get(_norm_token(word))
        alias = gaz.index_of_id.get(alias_id) if alias_id is not None else None
        hidden = _hidden_city(forms, single, gaz)
        info = memo[word] = _WordInfo(forms, multi, single, alias, hidden)
    return info


def _place_alias(word: str, forms, gaz: Gazetteer):
    """(key, entries, inflected) of a by-name of the language packs, or None.

    An abbreviation ("US", "U.S.", "UK", "ДНР") counts only in capitals ("us" is a word).
    """
    if len(word.replace(".", "")) <= 3 and not word.isupper():
        return None
    for form, inflected in forms:
        pid = _PLACE_ALIASES.get(form)
        idx = gaz.index_of_id.get(pid) if pid is not None else None
        if idx is not None:
            return form, [(idx, 1.0, "alias")], inflected
    return None


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


_RIVERS = words("RIVER_NAMES")
#: Every part of a river name that ends before a space ("siverskyi" of "siverskyi donets"):
#: a word form that is none of them starts no river name.
_RIVER_HEADS = frozenset(k[:i] for k in _RIVERS for i, ch in enumerate(k) if ch == " ")


@functools.lru_cache(maxsize=100_000)
def _river_heads(word: str) -> tuple[str, ...]:
    """The forms of ``word`` that may start a river name (most words: none).

    A function of the word alone (its Token's ``norm``, ``cyr`` and forms), so a
    word that starts none needs no Token.
    """
    norm, cap, cyr = _word_shape(word)
    t = Token(word, 0, len(word), norm, cap, cyr, 0, False)
    return tuple(f for f in (norm, *_span_forms_norms(t)) if f in _RIVER_HEADS)


def _river_end(toks: Doc, first: Token, firsts: tuple[str, ...]) -> tuple[Token, Token] | None:
    """The two words of a river name starting at ``first``, in any case form.

    ``firsts`` are the forms of ``first`` that may start one.
    """
    nxt = toks.after(first.end, 1, first.sent)
    if nxt is None or not nxt.cap or toks.text[first.end : nxt.start].strip():
        return None
    for f1 in firsts:
        for f2 in (nxt.norm, *_span_forms_norms(nxt)):
            if f"{f1} {f2}" in _RIVERS:
                return first, nxt
    return None


def _span_forms_norms(t: Token) -> list[str]:
    return [f for f, _ in _span_forms(t)]


def _known_word(word: str, gaz: Gazetteer) -> bool:
    info = _word_info(word, gaz)
    return info.single is not None or info.alias is not None


def _front_place(word: str, gaz: Gazetteer) -> bool:
    """The word names a settlement in (or next to) the war zone: a part of a front-line list."""
    single = _word_info(word, gaz).single
    if single is None:
        return False
    kinds, admin1 = gaz.values["kind"], gaz.values["admin1"]
    codes = gaz.oblast_codes
    return any(
        kinds[i] in ("city", "town", "village") and codes.get(admin1[i]) in _WAR_ZONE
        for i, _, _ in single[1]
    )


def _split_dash_lists(toks: Doc, gaz: Gazetteer) -> tuple[list[tuple[int, int]], set[int]]:
    """The capitalised words, with a hyphenated list of places cut into its names.

    "Siversk-Bilohorivka", "Угледар-Курахово" name two places when the whole word is
    no name of the gazetteer (in any case form) and every part is a capitalised name of
    a settlement in the war zone (a village "Гора-Подол" the data lacks is no list);
    "Ivano-Frankivsk", "Rostov-on-Don", "Камінь-Каширському" stay one word.
    """
    text = toks.text
    out: list[tuple[int, int]] = []
    cut: set[int] = set()  # starts of the parts of a list
    for a, b in toks.caps:
        word = text[a:b]
        if "." in word:  # "U.S.": one word, before any look-around cuts it at the dot
            toks.tok(a, b)
        if "-" not in word or _known_word(word, gaz):
            out.append((a, b))
            continue
        parts, pos = [], a
        for part in word.split("-"):
            parts.append((pos, pos + len(part)))
            pos += len(part) + 1
        if all(y - x >= 2 and text[x].isupper() and _front_place(text[x:y], gaz) for x, y in parts):
            for x, y in parts:  # each part is its own word from now on
                toks.tok(x, y)
            out += parts
            cut.update(x for x, _ in parts)
        elif _compound_head(word, gaz):
            x, y = parts[0] if len(parts) == 2 else (a, b - len(word.rsplit("-", 1)[1]) - 1)
            toks.tok(x, y)  # "Moscow-installed", "Kyiv-based": the place before the participle
            out.append((x, y))
        else:
            out.append((a, b))
    return out, cut


def _compound_head(word: str, gaz: Gazetteer) -> bool:
    """A place's name, a hyphen, a participle of the story: "Moscow-installed", "Kyiv-based"."""
    head, _, tail = word.rpartition("-")
    return tail.lower() in _COMPOUND_TAILS and len(head) >= 2 and _known_word(head, gaz)


def _hyphenated(text: str, a: int) -> str:
    """The hyphenated word around position ``a``."""
    lo = a
    while lo > 0 and (text[lo - 1] == "-" or text[lo - 1].isalpha()):
        lo -= 1
    hi = a
    while hi < len(text) and (text[hi] == "-" or text[hi].isalpha()):
        hi += 1
    return text[lo:hi]


def _recognise(toks: Doc, gaz: Gazetteer) -> list[Mention]:
    mentions: list[Mention] = []
    done = -1
    text = toks.text
    toks.caps, cut = _split_dash_lists(toks, gaz)
    for a, b in toks.caps:
        if a < done or b - a < 2:
            continue
        info = _word_info(text[a:b], gaz)
        heads = _river_heads(text[a:b])
        river = _river_end(toks, toks.tok(a, b), heads) if heads else None
        if river is not None:  # "Сіверського Дінця": a river, not Siverske and Donets
            t, last = river
            span = Mention(t, last, 2, t.start, last.end, "", t.norm, [])
            toks.drop(span, "recognise", "river_name", f'"{text[a : last.end]}" names a river')
            done = last.end
            continue
        found = None
        if info.multi:
            t = toks.tok(a, b)
            run = _run_length(toks, t)
            # longest n-gram first
            memo = gaz.parser_memo
            for size in range(len(run), 1, -1):
                if _country_state(run[size - 1], info, gaz):
                    continue  # "Georgia state television" is the country's
                words = tuple(w.text for w in run[:size])
                hit = memo.get(words, _NO_HIT)
                if hit is _NO_HIT:
                    hit = memo[words] = _best_key(_span_keys(run[:size]), gaz, single=False)
                if hit is not None:
                    found = (size, *hit)
                    break
        hidden = None
        if found is None and info.single is not None:
            found, hidden = (1, *info.single), info.hidden
        if found is not None:
            size, key, entries, inflected = found
            t = toks.tok(a, b)
            last = run[size - 1] if size > 1 else t
            m = Mention(t, last, size, t.start, last.end, "", key, entries, inflected=inflected)
            m.hidden = hidden
            if a in cut:
                m.note(f'one of the places of "{_hyphenated(text, a)}"')
            if inflected and not t.cyr and _respelt(text[a : last.end], key):
                m.note(f'read as "{key}" (another romanisation)')
                m.traced(("recognise", "respelt", f'"{text[a : last.end]}" read as "{key}"'))
            mentions.append(m)
            done = last.end
        elif info.alias is not None:
            t = toks.tok(a, b)
            mentions.append(
                Mention(t, t, 1, a, b, "", t.norm, [(info.alias, 0.9, "metonym")], metonym=True)
            )
    return mentions


def _country_state(last: Token, info: _WordInfo, gaz: Gazetteer) -> bool:
    """Whether a lower-case "state" follows a word that names a country ("Georgia state")."""
    if last.norm != "state" or last.text[:1].isupper() or info.single is None:
        return False
    kinds = gaz.values["kind"]
    return any(kinds[i] == "country" for i, _, _ in info.single[1])


def _respelt(written: str, key: str) -> bool:
    """``key`` is another romanisation of the Latin ``written`` ("Graivoron": grayvoron)."""
    norm = _norm_token(written)
    return any(key in respellings(f) for f in (norm, norm.removesuffix("s")))


def _span_forms(t: Token) -> list[tuple[str, bool]]:
    """Forms of one word of a multi-word name: the table's first six, then the dictionaries'.

    Short forms are fine here ("Часовому Яру" -> часів яр, "Кривого Рогу" -> кривий ріг):
    the whole name must be in the gazetteer.
    """
    forms = list(_forms(t)[:6])
    if t.cyr:
        seen = {f for f, _ in forms}
        forms += [(f, True) for f in dictionary_nominatives(t.norm) if f not in seen]
    return forms


def _span_keys(span: list[Token]) -> list[tuple[str, bool]]:
    if len(span) == 1:
        return list(_forms(span[0]))
    # every later word must be capitalised unless it is an admin word ("Sumy region", "Курской области")
    for t in span[1:]:
        if not t.cap and t.norm not in _ADMIN_ANY and not _is_admin_form(t):
            return []
    per = [_span_forms(t) for t in span]
    out: list[tuple[str, bool]] = []
    # the plain form first, then inflected combinations (bounded)
    combos: list[tuple[list[str], bool]] = [([], False)]
    for forms in per:
        combos = [([*c, f], inf or finf) for c, inf in combos for f, finf in forms]
        if len(combos) > 96:
            combos = combos[:96]
    for c, inf in combos:
        out.append((" ".join(c), inf))
    return out


#: Lower-case words that may continue a capitalised name ("Sumy region", "Суми рн").
_ADMIN_ANY = words("OBLAST_WORDS", "RAION_WORDS", "NAME_RUN_ADMIN_WORDS")


def _is_admin_form(t: Token) -> bool:
    return t.cyr and any(f in _ADMIN_NOMINATIVES for f in t.noms)


def recognise(doc: Doc) -> None:
    """Stage 2: gazetteer names among the capitalised words and n-grams of ``doc``.

    Parameters
    ----------
    doc : Doc
        The article being parsed; ``doc.mentions`` is set to the spans
        that match gazetteer names, with their candidates.
    """
    doc.mentions = _recognise(doc, doc.gaz)
