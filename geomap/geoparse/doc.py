"""The data the stages share: articles, words and mentions.

:class:`Doc` is one article, :class:`Token` one word (its nominative forms
computed once) and :class:`Mention` a span that may name a place, with the
trace of what was decided about it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._errors import InputError
from .._io import decode_text
from .._morph import nominatives
from .._translit import is_cyrillic, normalize
from ..lang import mapping

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

__all__ = ["MAX_SENTENCE_CHARS", "MAX_TEXT_CHARS", "Doc", "Mention", "Token"]

MAX_TEXT_CHARS = 20_000_000
#: Longest sentence a mention carries; a longer one is cut to a window around the mention.
MAX_SENTENCE_CHARS = 400
_MAX_NGRAM = 4
#: Nominatives of the Cyrillic admin words that may follow a name ("Курской области").
_ADMIN_NOMINATIVES = ("область", "район", "округ", "край")

_WORD = r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*"
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽА-ЯЁЄІЇЎҐ"
_WORD_RE = re.compile(_WORD)
_REV_LAST_WORD_RE = re.compile(rf"[^\w]*({_WORD})")
_NEXT_ADJ_RE = re.compile(rf"(?:[ \u00a0]{{1,2}}|-)({_WORD})")


# ------------------------------------------------------------------ tokens
@dataclass(slots=True)
class Token:
    """One word of an article: its text, span, normalised form and sentence."""

    text: str
    start: int
    end: int
    norm: str
    cap: bool
    cyr: bool
    sent: int
    first_in_sent: bool
    _noms: tuple[str, ...] | None = None

    @property
    def noms(self) -> tuple[str, ...]:
        """The nominative forms of the word (:func:`geomap._morph.nominatives`), computed once."""
        noms = self._noms
        if noms is None:
            noms = self._noms = tuple(nominatives(self.norm))
        return noms


class Doc:
    """One article as the pipeline sees it: text, sentences, words on demand, mentions.

    The tokenise stage fills ``sents``, ``sent_starts`` and ``caps`` (capitalised
    words found by one regex scan); neighbouring words are found on demand and
    memoised (:meth:`tok`, :meth:`after`, :meth:`before`).
    """

    __slots__ = (
        "_after",
        "_cache",
        "_first",
        "_rtext",
        "caps",
        "common",
        "dropped",
        "gaz",
        "mentions",
        "sent_starts",
        "sents",
        "text",
    )

    def __init__(self, text: str, gaz: Gazetteer, common: dict | None = None):
        self.text = text
        self.gaz = gaz
        self.common: dict[str, float] = common if common is not None else {}
        self.sents: list[tuple[int, int]] = []
        self.sent_starts: list[int] = []
        self.caps: list[tuple[int, int]] = []
        #: the mentions found so far; each stage reads and rewrites this list
        self.mentions: list[Mention] = []
        #: mentions a stage dropped, with their trace (see Mention.trace)
        self.dropped: list[Mention] = []
        self._cache: dict[int, Token] = {}
        self._after: dict[int, Token | None] = {}
        self._first: dict[int, int] = {}  # sentence -> start of its first word (-1: none)
        self._rtext: str | None = None  # the text reversed, for backward word search

    def drop(self, m: Mention, stage: str, rule: str, detail: str) -> None:
        """Record that ``stage`` dropped (or left unresolved) ``m`` by ``rule``."""
        m.traced((stage, rule, detail))
        self.dropped.append(m)

    def sent_of(self, pos: int) -> int:
        """Index of the sentence holding character ``pos``."""
        return max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)

    def _first_word(self, si: int) -> int:
        start = self._first.get(si)
        if start is None:
            a, b = self.sents[si]
            m = _WORD_RE.search(self.text, a, b)
            start = self._first[si] = m.start() if m else -1
        return start

    def tok(self, a: int, b: int, si: int = -1) -> Token:
        """The word ``text[a:b]`` (of sentence ``si`` when known)."""
        tok = self._cache.get(a)
        if tok is None:
            word = sys.intern(self.text[a:b])  # a long text repeats its words
            if si < 0:
                si = self.sent_of(a)
            # no word between the sentence start and this one
            f = self._first.get(si)
            if f is None:
                f = self._first_word(si)
            norm, cap, cyr = _word_shape(word)
            tok = Token(word, a, b, sys.intern(norm), cap, cyr, si, a <= f or f < 0)
            self._cache[a] = tok
        return tok

    def after(self, pos: int, k: int = 1, si: int = -1) -> Token | None:
        """The k-th word after ``pos`` in the same sentence (``si``, when known)."""
        key = pos * 8 + k  # one int, not a tuple, per word asked for
        if key in self._after:
            return self._after[key]
        if si < 0:
            si = self.sent_of(pos)
        end = self.sents[si][1]
        m = None
        start = pos
        for _ in range(k):
            m = _WORD_RE.search(self.text, start, end)
            if m is None:
                break
            start = m.end()
        tok = self.tok(m.start(), m.end(), si) if m else None
        self._after[key] = tok
        return tok

    def before(self, pos: int, si: int = -1) -> Token | None:
        """The word before ``pos`` in the same sentence (within 80 characters)."""
        if si < 0:
            si = self.sent_of(pos)
        lo = max(self.sents[si][0], pos - 80)
        if self._rtext is None:
            self._rtext = self.text[::-1]
        n = len(self.text)
        # the last word of text[lo:pos] followed only by non-word characters is the
        # first word of the reversed slice after non-word characters
        m = _REV_LAST_WORD_RE.match(self._rtext, n - pos, n - lo)
        return self.tok(n - m.end(1), n - m.start(1), si) if m else None


@dataclass(slots=True)
class Mention:
    """A span that may name a place, with its candidates and what the stages decided.

    ``trace`` holds ``(stage, rule, detail)`` for every decision that dropped the
    mention or left it unresolved.
    """

    first: Token
    last: Token
    size: int
    start: int
    end: int
    text: str
    key: str
    entries: list[tuple[int, float, str]]
    inflected: bool = False
    weak: bool = False  # needs its oblast named in the article to be kept
    cue: str | None = None  # oblast | raion | city
    metonym: bool = False
    chosen: int | None = None
    score: float = 0.0
    reason: str = ""
    # empty tuples until a first note or trace: most mentions never get one
    notes: list[str] | tuple[()] = ()
    trace: list[tuple[str, str, str]] | tuple[()] = ()

    def note(self, text: str) -> None:
        """Add a note to the mention's reason."""
        if self.notes:
            self.notes.append(text)  # type: ignore[union-attr]
        else:
            self.notes = [text]

    def traced(self, step: tuple[str, str, str]) -> None:
        """Record one (stage, rule, detail) decision."""
        if self.trace:
            self.trace.append(step)  # type: ignore[union-attr]
        else:
            self.trace = [step]


@functools.lru_cache(maxsize=200_000)
def _norm_token(text: str) -> str:
    return normalize(text)


@functools.lru_cache(maxsize=200_000)
def _word_shape(word: str) -> tuple[str, bool, bool]:
    """(normalised form, capitalised?, Cyrillic?) of a word."""
    return _norm_token(word), word[:1].isupper(), is_cyrillic(word)


# ------------------------------------------------------------ recognition
def _forms(tok: Token) -> tuple[tuple[str, bool], ...]:
    """Lookup forms of a token: (form, inflected?)."""
    return _word_forms(tok.text)


@functools.lru_cache(maxsize=200_000)
def _word_forms(word: str) -> tuple[tuple[str, bool], ...]:
    n = _norm_token(word)
    out: list[tuple[str, bool]] = [(n, False)]
    if is_cyrillic(word):
        if " " in n:
            # a hyphenated name inflects in every part: Кам'янки-Дніпровської, Каменку-Днепровскую
            parts = [nominatives(p)[:6] for p in n.split(" ")]
            for combo in itertools.islice(itertools.product(*parts), 1, 64):
                out.append((" ".join(combo), True))
            return tuple(out)
        for f in nominatives(n)[1:]:
            if len(f) >= 4 or (len(f) >= 3 and f in ("суми", "сумы")):
                out.append((f, True))
    else:
        for suffix in ("s", "’s", "'s"):
            if n.endswith(suffix) and (word.endswith(("'s", "’s", "ʼs"))):
                out.append((n[: -len(suffix)] if suffix == "s" else n, True))
                break
        seen = {f for f, _ in out}
        for f in [f for f, _ in out]:
            for v in respellings(f):
                if v not in seen:
                    seen.add(v)
                    out.append((v, True))
    return tuple(out)


_SWAPS = mapping("ROMANISATION_SWAPS")
_ENDINGS = mapping("ROMANISATION_ENDINGS")
_SWAP_RE = (
    re.compile("(" + "|".join(sorted(map(re.escape, _SWAPS))) + ")(?=[b-df-hj-np-tv-xz]|$)")
    if _SWAPS
    else None
)
_MAX_RESPELLINGS = 8


@functools.lru_cache(maxsize=100_000)
def respellings(form: str) -> tuple[str, ...]:
    """Other romanisations of a normalised Latin name (the language packs' swaps and endings).

    "graivoron" -> "grayvoron"; "gulyaipole" -> "gulyaypole"; "grayvoronskiy" ->
    "grayvoronsky". Each word of a multi-word form is respelt on its own; at most
    eight forms, the form itself not among them.
    """
    words_out: list[list[str]] = []
    for w in form.split(" "):
        alts = [w]
        if _SWAP_RE is not None and len(w) >= 5:
            for m in _SWAP_RE.finditer(w):
                a, b = m.span()
                alts += [x[:a] + _SWAPS[m.group(1)] + x[b:] for x in alts]
        for end, rep in _ENDINGS.items():
            alts += [x[: -len(end)] + rep for x in alts if x.endswith(end) and len(x) > 5]
        words_out.append(alts[:_MAX_RESPELLINGS])
    out: list[str] = []
    for combo in itertools.product(*words_out):
        v = " ".join(combo)
        if v != form and v not in out:
            out.append(v)
        if len(out) >= _MAX_RESPELLINGS:
            break
    return tuple(out)


def _is_admin_word(low: str) -> bool:
    return any(f in _ADMIN_NOMINATIVES for f in nominatives(low))


def _prev_tok(toks: Doc, m: Mention) -> Token | None:
    return toks.before(m.start, m.first.sent)


def _next_tok(toks: Doc, m: Mention, k: int = 1) -> Token | None:
    return toks.after(m.end, k, m.last.sent)


def _between(text: str, a: Token | None, b: Token | None) -> str:
    if a is None or b is None:
        return ""
    return text[a.end : b.start]


def _check_text(text: Any) -> str:
    if isinstance(text, bytes | bytearray):
        return decode_text(bytes(text))
    if not isinstance(text, str):
        msg = f"text must be str or UTF-8 bytes, got {type(text).__name__}; pass the article text"
        raise InputError(msg)
    if len(text) > MAX_TEXT_CHARS:
        msg = f"text is {len(text)} characters, over the {MAX_TEXT_CHARS}-character limit; split the article"
        raise InputError(msg)
    return text
