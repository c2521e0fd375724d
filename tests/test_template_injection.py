"""Article text and place names never reach a template compiler (issue: hostile input).

branca compiles every macro's output as a new Jinja2 template; geomap renders
its pages through ``geomap._safe_render`` so that ``{{ 7*7 }}`` stays literal,
``{%``/``{#`` do not crash, and a payload that would run a shell command does
nothing. Each test goes through one rendering path: the CLI, the Python API,
Jupyter's ``_repr_html_``, ``m.get_root().render()`` and the heatmap.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import folium
import pytest

from geomap.cli import main
from geomap.corpus import Article, mentions_from_articles
from geomap.heatmap import heatmap_from_mentions
from geomap.maps import html_from_map, map_article, map_to_html

PAYLOADS = ["{{ 7*7 }}", "{% for x in y %}", "{# wiki", "{{7*'7'}}", "{%raw%}"]


def _shell_payload(flag: Path) -> str:
    return "{{ lipsum.__globals__.os.popen('touch " + str(flag) + "').read() }}"


def _article(flag: Path) -> str:
    shell = _shell_payload(flag)
    return (
        f"Drones hit Sumy {PAYLOADS[0]} near Kharkiv {PAYLOADS[1]} {PAYLOADS[2]}\n\n"
        f"Russian forces struck Sumy {shell} overnight, and Kharkiv {PAYLOADS[3]} was hit. "
        f"Shelling in Okhtyrka {PAYLOADS[4]} went on near the Kursk region."
    )


def _literal_everywhere(page: str, flag: Path) -> None:
    """Each payload is in the page as written (in JSON, HTML text or both)."""
    for code, char in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&")):
        page = page.replace(code, char)
    text = html.unescape(page)
    for p in PAYLOADS:
        assert p in text or p.replace("'", "\\'") in text, p
    assert not flag.exists(), "the template payload ran a shell command"
    # the evaluated forms appear nowhere: 7*7 -> 49 next to the payload's place,
    # 7*'7' -> 7777777
    assert "7777777" not in page
    assert not re.search(r"Sumy 49\b", text)


def test_cli_map_keeps_template_text_literal(tmp_path):
    flag = tmp_path / "pwned"
    src = tmp_path / "a.txt"
    src.write_text(_article(flag), encoding="utf-8")
    out = tmp_path / "a.html"
    assert main(["map", str(src), "-o", str(out), "--along", "Kursk Oblast"]) == 0
    _literal_everywhere(out.read_text(encoding="utf-8"), flag)


def test_api_map_and_jupyter_repr_keep_template_text_literal(tmp_path):
    flag = tmp_path / "pwned"
    m = map_article(_article(flag), along=None, self_contained=False)
    _literal_everywhere(html_from_map(m), flag)
    _literal_everywhere(map_to_html(m, tmp_path / "m.html").read_text(encoding="utf-8"), flag)
    _literal_everywhere(html.unescape(m._repr_html_()), flag)
    _literal_everywhere(m.get_root().render(), flag)


def test_user_layers_still_work_on_a_safe_map():
    m = map_article("Drones hit Sumy.", along=None, self_contained=False)
    folium.FeatureGroup(name="mine {{ 6*7 }}").add_to(m)
    folium.Marker([50.9, 34.8], tooltip="{% if %}").add_to(m)
    page = m.get_root().render()
    assert "mine {{ 6*7 }}" in page and "{% if %}" in page and "mine 42" not in page


def test_library_rendering_is_restored_after_a_safe_render():
    """Outside geomap's pages, folium behaves as it always did."""
    from branca.element import MacroElement

    from geomap import _safe_render

    before = MacroElement.render
    map_article("Drones hit Sumy.", along=None, self_contained=False).get_root().render()
    assert MacroElement.render is before is _safe_render._ORIGINAL_RENDER


def _evil_mentions(flag: Path):
    arts = [
        Article("a1", "Drones struck Sumy overnight.", date=dt.date(2024, 8, 5)),
        Article("a2", "Shelling in Kharkiv damaged a school.", date=dt.date(2024, 8, 6)),
    ]
    table = mentions_from_articles(arts)
    table.loc[table["name"] == "Sumy", "name"] = "Sumy {{ 7*7 }} {# x"
    table.loc[table["name"] == "Kharkiv", "name"] = "Kharkiv " + _shell_payload(flag)
    return table


def test_heatmap_keeps_place_names_literal(tmp_path):
    flag = tmp_path / "pwned"
    table = _evil_mentions(flag)
    page = heatmap_from_mentions(table, title="Top {% for %}").get_root().render()
    assert "Sumy {{ 7*7 }} {# x" in page and "Top {% for %}" in page
    assert "Sumy 49" not in page and not flag.exists()


def test_cli_heatmap_keeps_place_names_literal(tmp_path):
    flag = tmp_path / "pwned"
    path = tmp_path / "m.parquet"
    _evil_mentions(flag).to_parquet(path)
    out = tmp_path / "heat.html"
    assert main(["heatmap", str(path), "-o", str(out), "--quiet"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Sumy {{ 7*7 }} {# x" in page and "Sumy 49" not in page
    assert not flag.exists()


@pytest.mark.parametrize("payload", ["{{", "{%", "{#", "{% endraw %}", "}}{{"])
def test_lone_template_markers_do_not_crash(payload):
    m = map_article(f"Drones hit Sumy {payload} again.", along=None, self_contained=False)
    assert payload in html.unescape(html_from_map(m))
