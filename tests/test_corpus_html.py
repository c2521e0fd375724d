"""geomap._html_text and reading HTML articles in a corpus."""

from __future__ import annotations

import datetime as dt

from geomap._html_text import article_from_html, text_from_html
from geomap.corpus import articles_from_paths, mentions_from_articles

PAGE = """<!doctype html>
<html><head>
  <title>Fallback title</title>
  <meta property="og:title" content="Strikes on Sumy &amp; Kharkiv">
  <meta property="article:published_time" content="2024-08-06T21:15:00+03:00">
  <link rel="canonical" href="https://news.example/sumy-strikes">
  <style>body { font-family: Kherson; }</style>
  <script>window.city = "Mariupol";</script>
</head>
<body>
  <nav><ul><li>World</li><li>Europe</li></ul></nav>
  <article>
    <h1>Strikes on Sumy</h1>
    <p>Drones hit   <b>Sumy</b>
       overnight,&nbsp;officials said.</p>
    <p>A second wave reached Kharkiv.<br>Power was cut.</p>
    <noscript>Enable JavaScript to see Odesa.</noscript>
    <svg><title>Zaporizhzhia icon</title><text>Dnipro</text></svg>
    <pre>line one
  line two</pre>
    <table><tr><td>Kupiansk</td><td>3</td></tr></table>
  </article>
  <script type="application/ld+json">{"name": "Mykolaiv"}</script>
</body></html>
"""


def test_text_paragraphs_and_dropped_elements():
    text = text_from_html(PAGE)
    paras = text.split("\n\n")
    assert paras[:3] == ["World", "Europe", "Strikes on Sumy"]
    assert "Drones hit Sumy overnight, officials said." in paras
    assert "A second wave reached Kharkiv.\nPower was cut." in paras
    assert "line one\n  line two" in paras
    for hidden in (
        "Mariupol",
        "Kherson",
        "Odesa",
        "Zaporizhzhia",
        "Dnipro",
        "Mykolaiv",
        "Fallback",
    ):
        assert hidden not in text


def test_metadata_from_the_head():
    a = article_from_html(PAGE)
    assert a.title == "Strikes on Sumy & Kharkiv"
    assert a.date == "2024-08-06T21:15:00+03:00"
    assert a.url == "https://news.example/sumy-strikes"
    bare = article_from_html("<p>Only text</p>")
    assert (bare.title, bare.date, bare.url, bare.text) == (None, None, None, "Only text")


def test_unbalanced_markup_does_not_swallow_text():
    assert text_from_html("<div><p>Kherson<div>Odesa</p></div>") == "Kherson\n\nOdesa"
    assert text_from_html("<script>x</div>y</script><p>Sumy</p>") == "Sumy"
    assert text_from_html("") == ""


def test_html_articles_in_a_corpus(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    ru = '<html><head><meta charset="windows-1251"><title>Бои</title></head><body><p>Бои идут у Покровска.</p></body></html>'
    (tmp_path / "b.htm").write_bytes(ru.encode("cp1251"))
    (tmp_path / "c.html").write_bytes(b"<p>Sumy \xff\xfe</p>")  # no charset: not UTF-8
    arts = {a.article_id: a for a in articles_from_paths(tmp_path)}
    assert arts["a.html"].date == dt.date(2024, 8, 6)
    assert arts["a.html"].url == "https://news.example/sumy-strikes"
    assert arts["b.htm"].error is None and arts["b.htm"].title == "Бои"
    assert "not valid UTF-8" in arts["c.html"].error
    m = mentions_from_articles(arts.values())
    by_article = m.groupby("article_id")["name"].apply(set).to_dict()
    assert {"Sumy", "Kharkiv", "Kupiansk"} <= by_article["a.html"]
    assert "Mariupol" not in by_article["a.html"] and "Odesa" not in by_article["a.html"]
    assert by_article["b.htm"] == {"Pokrovsk"}
    assert [f["article_id"] for f in m.attrs["failures"]] == ["c.html"]
