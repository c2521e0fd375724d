"""HTML to plain text for the geoparser: the article body, title and date.

:func:`article_from_html` finds the article in a saved web page with
trafilatura (navigation, sidebars, "most read" lists, footers and comments
left out: on a news page with place names in its menu and footer, 5 places
instead of 13), and falls back to the standard library parser below when
trafilatura is missing or finds no article (a fragment, a bare ``<p>``).

The fallback: scripts, styles and other non-content elements are dropped; block elements
(paragraphs, headings, list items, table rows, ``<br>``) become line breaks so
the geoparser's sentence splitter sees paragraph boundaries; runs of spaces
inside a paragraph collapse to one; character references are decoded.

>>> from geomap._html_text import text_from_html
>>> text_from_html("<h1>Sumy</h1><p>Drones hit <b>Sumy</b>.<script>x()</script></p><p>Next.</p>")
'Sumy\\n\\nDrones hit Sumy.\\n\\nNext.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlArticle", "article_from_html", "looks_like_html", "text_from_html"]

#: Start of a document that is HTML whatever its file name.
_HTML_START = re.compile(
    r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)

#: Elements whose content is never article text.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
)
#: Elements that start and end a paragraph.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_SPACE_RE = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_DATE_META = ("article:published_time", "datepublished", "date", "pubdate", "dc.date", "og:pubdate")


@dataclass(frozen=True)
class HtmlArticle:
    """The text of an HTML page and the metadata found in its head."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buf: list[str] = []
        self._skip: list[str] = []  # stack of open skipped elements
        self._pre = 0
        self._in_title = False
        self._title: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    # paragraph handling
    def _flush(self) -> None:
        raw = "".join(self._buf)
        self._buf.clear()
        if self._pre:
            lines = [line.rstrip() for line in raw.split("\n")]
            text = "\n".join(lines).strip("\n")
        else:
            text = _SPACE_RE.sub(" ", raw).strip()
        if text:
            self.paragraphs.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link":
            a = {k.lower(): (v or "") for k, v in attrs}
            if "canonical" in a.get("rel", "").lower().split() and a.get("href"):
                self.canonical = self.canonical or a["href"].strip()
            return
        if tag == "title" and not self._skip:
            self._in_title = True
            return
        if tag in _SKIP:
            self._skip.append(tag)
            return
        if self._skip:
            return
        if tag == "br":
            self._buf.append("\n" if self._pre else " \u2029 ")
            return
        if tag in _BLOCK:
            self._flush()
            if tag == "pre":
                self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            elif tag in self._skip:  # unbalanced markup: close up to the matching element
                del self._skip[self._skip.index(tag) :]
            return
        if tag in _BLOCK:
            self._flush()
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    @property
    def title(self) -> str | None:
        for key in ("og:title", "twitter:title"):
            if self.meta.get(key):
                return self.meta[key]
        title = _SPACE_RE.sub(" ", "".join(self._title)).strip()
        return title or None


def _paragraphs_to_text(paragraphs: list[str]) -> str:
    out = []
    for p in paragraphs:
        # a <br> inside a paragraph is a line break
        lines = [line.strip() for line in p.split("\u2029")]
        out.append("\n".join(line for line in lines if line))
    return "\n\n".join(p for p in out if p)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document (starts with a doctype or ``<html>``).

    >>> looks_like_html("<!DOCTYPE html><html><p>Sumy</p></html>"), looks_like_html("Sumy <b>")
    (True, False)
    """
    return bool(_HTML_START.match(text[:4096]))


def _stdlib_article(html: str) -> HtmlArticle:
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    date = next((parser.meta[k] for k in _DATE_META if parser.meta.get(k)), None)
    url = parser.canonical or parser.meta.get("og:url") or None
    return HtmlArticle(_paragraphs_to_text(parser.paragraphs), parser.title, date, url)


def _main_text(html: str) -> str | None:
    """The article body found by trafilatura, paragraphs separated by blank lines."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency; the fallback still works
        return None
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
        for el in list(tree.iter(*_SKIP)):  # never article text (trafilatura keeps <noscript>)
            el.drop_tree()
        text = trafilatura.extract(
            tree, include_comments=False, include_tables=True, deduplicate=False, fast=False
        )
    except Exception:
        return None
    if not text or not text.strip():
        return None
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def article_from_html(html: str, *, extract: bool = True) -> HtmlArticle:
    """The article of an HTML page with its title, publication date and canonical URL.

    The body is the article text found by trafilatura (``extract=False``, or
    no article found: every readable paragraph of the page). The title comes
    from ``og:title`` or ``<title>``; the date from ``article:published_time``
    (or ``datePublished``, ``date``) meta tags, as written; the URL from
    ``<link rel="canonical">`` or ``og:url``.

    >>> a = article_from_html(
    ...     '<html><head><title>Strike on Sumy</title>'
    ...     '<meta property="article:published_time" content="2024-08-06T09:30:00Z">'
    ...     '</head><body><p>Drones hit Sumy.</p></body></html>'
    ... )
    >>> (a.title, a.date, a.text)
    ('Strike on Sumy', '2024-08-06T09:30:00Z', 'Drones hit Sumy.')
    """
    page = _stdlib_article(html)
    body = _main_text(html) if extract else None
    if body is None:
        return page
    return HtmlArticle(body, page.title, page.date, page.url)


def text_from_html(html: str) -> str:
    """Every readable paragraph of an HTML page, separated by blank lines (no extraction).

    >>> text_from_html("<p>Kupiansk&nbsp;and <i>Izium</i><br>were hit.</p><style>p{}</style>")
    'Kupiansk and Izium\\nwere hit.'
    """
    return _stdlib_article(html).text
