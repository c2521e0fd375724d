"""geomap.heatmap: periods, top places, the HeatMapWithTime page and ``geomap heatmap``."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from geomap._errors import DataError, InputError
from geomap.cli import main
from geomap.corpus import Article, mentions_from_articles
from geomap.heatmap import heatmap_from_mentions, periods_from_dates, top_places_from_mentions

try:
    from tests._browser import Browser, browser_missing
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from _browser import Browser, browser_missing

ARTICLES = [
    # Mon 5 Aug 2024 .. Tue 13 Aug 2024 (two ISO weeks)
    ("a1", "2024-08-05", "Drones struck Sumy overnight. Later Sumy was hit again near Kharkiv."),
    ("a2", "2024-08-05", "Shelling in Sumy damaged a school. Kyiv said it would respond."),
    ("a3", "2024-08-06", "Ukrainian forces crossed into the Kursk region near Sudzha."),
    ("a4", "2024-08-08", "Fighting near Sudzha continued. Russia said Sudzha was held."),
    ("a5", "2024-08-13", "A glide bomb hit Kharkiv. Another hit Kharkiv in the evening."),
    ("a6", None, "Residents of Kherson were evacuated."),
]


@pytest.fixture(scope="module")
def mentions():
    arts = [
        Article(i, text, date=dt.date.fromisoformat(d) if d else None) for i, d, text in ARTICLES
    ]
    return mentions_from_articles(arts)


def test_periods_cover_gaps():
    days = periods_from_dates(["2024-08-05", "2024-08-08"], by="day")
    assert [label for _, label in days] == ["2024-08-05", "2024-08-06", "2024-08-07", "2024-08-08"]
    weeks = periods_from_dates(["2024-08-11", "2024-08-12"], by="week")  # Sunday, Monday
    assert [label for _, label in weeks] == ["2024-08-05/2024-08-11", "2024-08-12/2024-08-18"]
    assert periods_from_dates([None], by="day") == []
    with pytest.raises(InputError, match="'day' or 'week'"):
        periods_from_dates(["2024-08-05"], by="month")


def test_top_places_per_day(mentions):
    top = top_places_from_mentions(mentions, by="day", top=2)
    assert list(top.columns) == ["period", "rank", "place_id", "name", "kind", "admin1", "country",
                                 "mentions", "articles"]  # fmt: skip
    first = top[top["period"] == "2024-08-05"]
    # Sumy: 3 mentions in 2 articles; Kharkiv 1; "Kyiv said" is a metonym and left out
    assert first[["rank", "name", "mentions", "articles"]].values.tolist() == [
        [1, "Sumy", 3, 2],
        [2, "Kharkiv", 1, 1],
    ]
    assert "Kyiv" not in set(top["name"])
    assert "Russia" not in set(top["name"])  # countries are left out by default
    assert "Kherson" not in set(top["name"])  # undated
    assert top.loc[top["period"] == "2024-08-08", "name"].tolist() == ["Sudzha"]
    assert top["period"].tolist() == sorted(top["period"])  # time order


def test_top_places_per_week_options(mentions):
    top = top_places_from_mentions(
        mentions, by="week", top=10, include_metonyms=True, kinds=["city", "country"]
    )
    week1 = top[top["period"] == "2024-08-05/2024-08-11"]
    assert week1.iloc[0]["name"] == "Sumy"
    assert {"Kyiv", "Russia"} <= set(week1["name"])
    assert "Sudzha" not in set(week1["name"])  # a town
    week2 = top[top["period"] == "2024-08-12/2024-08-18"]
    assert week2[["name", "mentions", "articles"]].values.tolist() == [["Kharkiv", 2, 1]]
    with pytest.raises(InputError, match="unknown kind"):
        top_places_from_mentions(mentions, kinds=["hamlet"])
    with pytest.raises(InputError, match="positive"):
        top_places_from_mentions(mentions, top=0)


def test_undated_corpus_is_one_period(mentions):
    undated = mentions.assign(date=pd.NaT)
    top = top_places_from_mentions(undated)
    assert set(top["period"]) == {"undated"}
    assert "Kherson" in set(top["name"])


def _heat_data(page: str) -> list:
    m = re.search(r"new TDHeatmap\((.*?),\s*\{heatmapOptions", page, re.S)
    return json.loads(m.group(1))


def test_heatmap_frames_weights_and_table(mentions):
    fmap = heatmap_from_mentions(mentions, by="day", top=3)
    page = fmap.get_root().render()
    data = _heat_data(page)
    assert len(data) == 9  # 5..13 August, empty days included
    assert data[2] == [] and data[3] != []  # nothing on the 7th, Sudzha on the 8th
    weights = [p[2] for frame in data for p in frame]
    assert max(weights) == 1.0 and min(weights) > 0
    sumy = [p for p in data[0] if abs(p[0] - 50.9) < 0.2]
    assert sumy and sumy[0][2] == 1.0  # the most-named place of any day has weight 1
    assert "2024-08-13" in page and "geomap-top-places" in page
    assert page.count('data-period="0"') == 1 + 2  # a period row and its two places
    assert "without a date are not shown" in page


def test_heatmap_escapes_names_and_is_deterministic(mentions):
    evil = mentions.copy()
    evil.loc[evil["name"] == "Sudzha", "name"] = "<img src=x onerror=alert(1)>"
    page = heatmap_from_mentions(evil, by="week").get_root().render()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    again = heatmap_from_mentions(evil, by="week").get_root().render()
    assert page == again


def test_heatmap_input_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        heatmap_from_mentions(tmp_path / "missing.parquet")
    (tmp_path / "junk.parquet").write_text("not parquet")
    with pytest.raises(DataError, match="as Parquet"):
        heatmap_from_mentions(tmp_path / "junk.parquet")
    with pytest.raises(DataError, match="lacks column"):
        heatmap_from_mentions(pd.DataFrame({"name": ["Sumy"]}))


def test_cli_heatmap(mentions, tmp_path, capsys):
    path = tmp_path / "m.parquet"
    mentions.to_parquet(path)
    out = tmp_path / "heat.html"
    table = tmp_path / "top.csv"
    argv = [
        "heatmap",
        str(path),
        "-o",
        str(out),
        "--by",
        "week",
        "--top",
        "2",
        "--table-csv",
        str(table),
        "--cdn",
    ]
    assert main(argv) == 0
    err = capsys.readouterr().err  # the 'wrote' lines go to stderr (one CLI convention)
    assert f"wrote {out} (" in err and f"wrote {table} (" in err
    page = out.read_text(encoding="utf-8")
    assert "2024-08-05/2024-08-11" in page and "cdn.jsdelivr.net" in page
    top = pd.read_csv(table)
    assert top.groupby("period").size().max() == 2
    assert main(["heatmap", str(tmp_path / "nope.parquet"), "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["heatmap", str(path), "-o", str(out), "--kinds", "hamlet"]) == 2


@pytest.mark.browser
def test_heatmap_page_runs_in_a_browser(mentions, tmp_path):
    from geomap._assets import assets_available, inline_assets

    if browser_missing():
        pytest.skip(browser_missing())
    if not assets_available():
        pytest.skip("front-end assets not fetched; run tools/fetch_assets.py")
    fmap = heatmap_from_mentions(mentions, by="day", tiles=None)
    path = tmp_path / "heat.html"
    path.write_text(inline_assets(fmap.get_root().render()), encoding="utf-8")
    name = fmap.get_name()
    visible = (
        "Array.from(document.querySelectorAll('#geomap-top-places tr[data-period]'))"
        ".filter(function(tr) { return tr.style.display !== 'none'; })"
        ".map(function(tr) { return tr.dataset.period; })"
    )
    with Browser() as b:
        page = b.open(
            path,
            wait_for=f"window.{name} && {name}.timeDimension",
            evaluate={
                "time": f"{name}.timeDimension.getCurrentTime()",
                "first": visible,
                "later": f"({name}.timeDimension.setCurrentTime(4), {visible})",
                "caption": "document.querySelector('.geomap-period').textContent",
            },
        )
    assert page.js_errors == []
    assert page.values["time"] == 1
    assert set(page.values["first"]) == {"0"}
    assert set(page.values["later"]) == {"3"}
    assert page.values["caption"] == "2024-08-08"
