"""Saved web pages: every command reads the article, not the page's menus and footers."""

from __future__ import annotations

import io
import json

import pytest

from geomap._html_text import article_from_html, looks_like_html
from geomap.cli import main
from geomap.corpus import articles_from_paths, mentions_from_articles

#: a news page whose menu, "most read" box and footer name places the article does not
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Drones strike Sumy overnight, regional governor says | Daily Front</title>
<meta property="article:published_time" content="2025-05-22T08:10:00Z">
<meta property="og:title" content="Drones strike Sumy overnight, regional governor says">
</head><body>
<header><nav><ul><li><a href="/kyiv">Kyiv</a></li><li><a href="/kharkiv">Kharkiv</a></li>
<li><a href="/odesa">Odesa</a></li><li><a href="/lviv">Lviv</a></li></ul></nav></header>
<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/a">Explosions heard in Zaporizhzhia</a></li>
<li><a href="/b">Power cuts return to Dnipro</a></li>
<li><a href="/c">Kherson ferry halted</a></li></ul></aside>
<main><article>
<h1>Drones strike Sumy overnight, regional governor says</h1>
<p>Russian attack drones hit the northern city of Sumy overnight, damaging an apartment
block and wounding four people, the head of the regional administration said on Thursday.</p>
<p>Air defence units shot down most of the drones approaching from the direction of the
Russian border, which lies about 30 kilometres to the east, he added.</p>
<p>The nearby town of Bilopillia and the village of Krasnopillia were shelled with artillery
during the day, local officials reported, and children were evacuated from border hromadas.</p>
<p>Moscow did not comment on the strikes.</p>
</article></main>
<footer><p>Daily Front, 12 Khreshchatyk St, Kyiv, Ukraine. Offices in Warsaw and Lviv.</p>
</footer></body></html>
"""
ARTICLE = {"Sumy", "Bilopillia", "Krasnopillia", "Moscow"}
BOILERPLATE = {"Kharkiv", "Odesa", "Lviv", "Zaporizhzhia", "Dnipro", "Kherson", "Warsaw"}


def test_article_body_title_and_date():
    a = article_from_html(PAGE)
    assert a.title == "Drones strike Sumy overnight, regional governor says"
    assert a.date == "2025-05-22T08:10:00Z"
    assert "Bilopillia" in a.text and "Most read" not in a.text and "Khreshchatyk" not in a.text
    # without extraction every paragraph is kept (the fallback)
    assert "Khreshchatyk" in article_from_html(PAGE, extract=False).text


def test_looks_like_html():
    assert looks_like_html(PAGE) and looks_like_html("\ufeff  <html><p>x</p></html>")
    assert not looks_like_html("Shelling of Sumy <b>continued</b>.")


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_places_reads_the_article_not_the_page(tmp_path, capsys, monkeypatch, how):
    if how == "file":
        page = tmp_path / "news.html"
        page.write_text(PAGE, encoding="utf-8")
        arg = str(page)
    else:  # sniffed: an HTML document on standard input
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode())))
        arg = "-"
    assert main(["places", arg, "--format", "json"]) == 0
    names = {p["name"] for p in json.loads(capsys.readouterr().out)["places"]}
    assert names >= ARTICLE
    assert not names & BOILERPLATE, names & BOILERPLATE


def test_map_title_is_the_article_title(tmp_path):
    page = tmp_path / "news.htm"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "m.html"
    assert main(["map", str(page), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Drones strike Sumy overnight, regional governor says</title>" in html
    assert "DOCTYPE html&gt;" not in html and "Most read" not in html


def test_corpus_drops_navigation_sidebars_and_footers(tmp_path):
    (tmp_path / "news.html").write_text(PAGE, encoding="utf-8")
    arts = list(articles_from_paths([tmp_path]))
    names = set(mentions_from_articles(arts)["name"])
    assert names >= ARTICLE and not names & BOILERPLATE
