"""Stage 1, tokenise: sentences and the capitalised words that may start a name."""

from __future__ import annotations

import re

from .doc import _UPPER, Doc

__all__ = ["sentences_from_text", "tokenise"]

# a capital letter not preceded by a letter (the look-behind after the class is twice as fast)
# (initials with dots first: "U.S.", "U.K.")
_CAPWORD_RE = re.compile(
    rf"(?<![^\W\d_])(?:[A-Z]\.){{2,}}(?![^\W\d_])"
    rf"|[{_UPPER}](?<![^\W\d_].)[^\W\d_]*(?:[-'’ʼ][^\W\d_]+)*"
)
_LOWER_NAMES_RE = re.compile(r"(?<![^\W\d_])(?:росі[яїюєй]\w*|рф)(?![^\W\d_])")
_SENT_END_RE = re.compile(
    r"(?<=[.!?…])[\"'”»)\]]*\s+(?=[\"'“«(\[]*[A-ZА-ЯЁІЇЄҐ0-9])|\n\s*\n|\n(?=[A-ZА-ЯЁІЇЄҐ\"“«-])"
)


def tokenise(doc: Doc) -> None:
    """Split ``doc.text`` into sentences and find its capitalised words.

    Parameters
    ----------
    doc : Doc
        The article being parsed; its ``sents``, ``sent_starts`` and
        ``caps`` are set.
    """
    text = doc.text
    doc.sents = sentences_from_text(text)
    doc.sent_starts = [a for a, _ in doc.sents]
    doc.caps = [m.span() for m in _CAPWORD_RE.finditer(text)]
    if "рос" in text or "рф" in text:
        # Ukrainian media write "росія" in lower case on purpose
        low = [m.span() for m in _LOWER_NAMES_RE.finditer(text)]
        if low:
            doc.caps = sorted(doc.caps + low)


def sentences_from_text(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering the text (a light rule-based splitter).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of tuple of int
        The spans in order, blank space at either end left out; the whole
        text as one span when it has no sentence break.

    Examples
    --------
    >>> t = "Drones hit Sumy. Kyiv said so."
    >>> [t[a:b] for a, b in sentences_from_text(t)]
    ['Drones hit Sumy.', 'Kyiv said so.']
    """
    spans = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.start()
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out or [(0, len(text))]
