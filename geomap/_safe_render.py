"""Render folium pages without compiling their content as Jinja2 templates.

branca renders each :class:`~branca.element.MacroElement` in two steps: its
fixed template's macros produce text, and that text is wrapped in
``Element(text)``, whose constructor *compiles it as a new template*. Any
article text, place name or popup that reaches a macro's output is therefore
compiled and run: ``{{ 7*7 }}`` prints ``49``, ``{%`` or ``{#`` crash the page
with a ``TemplateSyntaxError``, and ``{{ lipsum.__globals__.os.popen(...) }}``
runs a shell command.

geomap's pages are rendered through :class:`SafeFigure`, whose ``render``
swaps that second step for :class:`LiteralElement`, which keeps the macro
output as plain text. Fixed templates (geomap's and folium's) are still
compiled once, from the source code; nothing supplied by a user ever is.

>>> import folium
>>> m = folium.Map(tiles=None)
>>> folium.Marker([50.9, 34.8], tooltip="{{ 7*7 }} {% x %} {#").add_to(m)  # doctest: +ELLIPSIS
<folium.map.Marker object at ...>
>>> page = safe_root(m).render()
>>> import re  # ids are hex runs such as marker_1a49f0: a rendered 49 stands alone
>>> "{{ 7*7 }} {% x %} {#" in page, bool(re.search(r"\\b49\\b", page))
(True, False)
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from branca.element import Element, Figure, MacroElement

__all__ = ["LiteralElement", "SafeFigure", "literal_macros", "safe_root"]

_LOCK = threading.RLock()
_ORIGINAL_RENDER = MacroElement.render


class LiteralElement(Element):
    """An element whose text is written to the page as it is, never compiled.

    >>> LiteralElement("{{ 7*7 }}").render()
    '{{ 7*7 }}'
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "LiteralElement"
        self.text = str(text)

    def render(self, **kwargs: Any) -> str:
        """The text, unchanged."""
        return self.text


def _literal_macro_render(self: MacroElement, **kwargs: Any) -> None:
    """The ``MacroElement.render`` of branca, with the macro output kept literal."""
    figure = self.get_root()
    if not isinstance(figure, Figure):
        msg = "cannot render an element that is not in a Figure; add it to a map first"
        raise TypeError(msg)
    module = self._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = module.get(part)
        if macro is not None:
            getattr(figure, part).add_child(
                LiteralElement(macro(self, kwargs)), name=self.get_name()
            )
    for element in self._children.values():
        element.render(**kwargs)


@contextlib.contextmanager
def literal_macros() -> Iterator[None]:
    """Within the block, every ``MacroElement`` renders its macros literally.

    Thread-safe: renders inside the block are serialised by a lock, and the
    library's own method is back in place when the block ends.
    """
    with _LOCK:
        MacroElement.render = _literal_macro_render  # type: ignore[method-assign]
        try:
            yield
        finally:
            MacroElement.render = _ORIGINAL_RENDER  # type: ignore[method-assign]


class SafeFigure(Figure):
    """A :class:`branca.element.Figure` that never compiles its content.

    Every way of producing the page (``render``, ``save``, ``_repr_html_``
    in Jupyter) goes through :meth:`render`.
    """

    def render(self, **kwargs: Any) -> str:
        """The page, with every macro's output kept literal."""
        with literal_macros():
            return super().render(**kwargs)


def safe_root(m: Any) -> SafeFigure:
    """Put ``m`` (a folium map or element) in a :class:`SafeFigure`; return it.

    The map keeps working as before (``m.get_root()`` is the new figure);
    elements the user adds later are rendered safely too.
    """
    root = m.get_root()
    if isinstance(root, SafeFigure):
        return root
    figure = SafeFigure(
        width=getattr(root, "width", "100%"),
        height=getattr(root, "height", None),
        ratio=getattr(root, "ratio", "60%"),
        title=getattr(root, "title", None),
    )
    if root is not m and isinstance(root, Figure):
        for name, child in list(root._children.items()):
            figure.add_child(child, name=name)
        for part in ("header", "html", "script"):
            for name, child in getattr(root, part)._children.items():
                getattr(figure, part).add_child(child, name=name)
    else:
        figure.add_child(m, name=m.get_name())
    return figure
