"""geomap.corpus: reading a corpus, the mentions table, failures, resume, Dask, the CLI.

The corpora are generated here from sentences written for these tests.
(The local process-pool path is in test_corpus_parallel.py.)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geomap import _corpus_read, _corpus_shards
from geomap import corpus as C
from geomap._errors import InputError
from geomap.cli import main
from geomap.corpus import (
    MENTION_COLUMNS,
    Article,
    articles_from_paths,
    corpus_to_parquet,
    mentions_from_articles,
)
from geomap.geoparse import places_from_text

SENTENCES = [
    "Drones struck Sumy overnight, the regional governor said.",
    "Russian forces shelled Vovchansk and Kupiansk in Kharkiv Oblast.",
    "Fighting continued near Pokrovsk in the Donetsk region.",
    "A glide bomb hit an apartment block in Kharkiv.",
    "Residents of Kherson were evacuated after the shelling.",
    "Air defence units shot down missiles over Belgorod.",
    "Kyiv said the talks would not resume.",
    "Ukrainian forces crossed into the Kursk region near Sudzha.",
    "Officials in Odesa reported damage to the port.",
    "Shelling hit Nikopol across the river from Enerhodar.",
    "Бои идут у Покровска в Донецкой области.",
    "Губернатор Белгородской области сообщил об обстреле Шебекино.",
    "Російські війська обстріляли Вовчанськ у Харківській області.",
    "У Сумах пролунали вибухи.",
]
FILLER = [
    "The attack damaged several houses and a school.",
    "Emergency crews worked through the night.",
    "No casualties were reported.",
    "The claim could not be independently verified.",
]


def make_article(rng: random.Random) -> str:
    picked = [rng.choice(SENTENCES) for _ in range(rng.randint(2, 5))]
    picked += rng.sample(FILLER, rng.randint(0, 2))
    rng.shuffle(picked)
    half = len(picked) // 2
    return " ".join(picked[:half]) + "\n\n" + " ".join(picked[half:]) + "\n"


def write_corpus(folder: Path, n_txt: int, *, seed: int = 7, jsonl: int = 0, html: int = 0) -> Path:
    """n_txt dated .txt articles, plus a jsonl feed and HTML pages."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    day = dt.date(2024, 8, 1)
    for i in range(n_txt):
        d = day + dt.timedelta(days=i % 12)
        sub = folder / ("east" if i % 3 else "north")
        sub.mkdir(exist_ok=True)
        (sub / f"{d.isoformat()}_{i:04d}.txt").write_text(make_article(rng), encoding="utf-8")
    if jsonl:
        with open(folder / "feed.jsonl", "w", encoding="utf-8") as fh:
            for i in range(jsonl):
                rec = {"text": make_article(rng), "date": f"2024-08-{1 + i % 20:02d}T10:00:00Z",
                       "url": f"https://news.example/{i}", "title": f"Report {i}"}  # fmt: skip
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                if i == 1:
                    fh.write("\n")  # a blank line is not an article
    for i in range(html):
        body = "".join(f"<p>{s}</p>" for s in make_article(rng).split("\n\n"))
        page = (
            f"<html><head><title>Page {i}</title>"
            f'<meta property="article:published_time" content="2024-08-0{i + 1}T08:00:00+03:00">'
            f"<script>var city = 'Mariupol';</script></head>"
            f"<body><nav>Menu</nav>{body}<style>p {{ color: red }}</style></body></html>"
        )
        (folder / f"page{i}.html").write_text(page, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "news", 24, jsonl=6, html=2)


@pytest.fixture(scope="module")
def serial_table(small_corpus, tmp_path_factory) -> tuple[gpd.GeoDataFrame, C.CorpusSummary]:
    out = tmp_path_factory.mktemp("serial") / "mentions.parquet"
    summary = corpus_to_parquet([small_corpus], out, workers=1, shard_size=5)
    return gpd.read_parquet(out), summary


# ------------------------------------------------------------------ reading
def test_articles_from_paths_ids_dates_and_formats(small_corpus):
    arts = list(articles_from_paths(small_corpus))
    assert len(arts) == 24 + 6 + 2
    ids = [a.article_id for a in arts]
    assert ids == sorted(
        ids, key=lambda i: (i.split(":")[0], int(i.split(":")[1]) if ":" in i else 0)
    )
    assert len(set(ids)) == len(ids)
    assert all(a.error is None for a in arts)
    txt = next(a for a in arts if a.article_id.startswith("east/"))
    assert txt.date == dt.date.fromisoformat(txt.article_id.split("/")[1][:10])
    feed = [a for a in arts if a.article_id.startswith("feed.jsonl:")]
    # the blank line after line 2 is skipped, so ids jump from :2 to :4
    assert [a.article_id for a in feed] == [f"feed.jsonl:{n}" for n in (1, 2, 4, 5, 6, 7)]
    assert feed[0].url == "https://news.example/0" and feed[0].title == "Report 0"
    assert feed[0].date == dt.date(2024, 8, 1)
    page = next(a for a in arts if a.article_id == "page0.html")
    assert page.title == "Page 0" and page.date == dt.date(2024, 8, 1)
    assert "Mariupol" not in page.text and "color" not in page.text and "\n\n" in page.text


def test_ids_are_relative_to_the_common_folder(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b" / "deep"
    for d in (a, b):
        d.mkdir(parents=True)
        (d / "x.txt").write_text("Drones hit Sumy.", encoding="utf-8")
    (b / "notes.md").write_text("Kharkiv", encoding="utf-8")  # not an article suffix
    ids = [x.article_id for x in articles_from_paths([a, b])]
    assert ids == ["a/x.txt", "b/deep/x.txt"]
    # a file named explicitly is read whatever its suffix; duplicates are read once
    ids = [
        x.article_id for x in articles_from_paths([b / "notes.md", b / "x.txt", str(b / "*.txt")])
    ]
    assert ids == ["notes.md", "x.txt"]


def test_glob_inputs(small_corpus):
    arts = list(articles_from_paths(str(small_corpus / "east" / "2024-08-0[1-3]_*.txt")))
    assert arts and all(a.article_id.startswith("2024-08-0") for a in arts)
    assert {a.date for a in arts} <= {dt.date(2024, 8, d) for d in (1, 2, 3)}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-08-06", dt.date(2024, 8, 6)),
        ("2024-08-06T23:30:00-04:00", dt.date(2024, 8, 6)),
        ("20240806", dt.date(2024, 8, 6)),
        ("Tue, 06 Aug 2024 10:00:00 GMT", dt.date(2024, 8, 6)),
        (1722938400, dt.date(2024, 8, 6)),
        (1722938400000, dt.date(2024, 8, 6)),
        ("2024-13-45", None),
        ("yesterday", None),
        (None, None),
        (True, None),
    ],
)
def test_date_from_value(value, expected):
    assert _corpus_read._date_from_value(value) == expected


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("2024-08-06_strike.txt", dt.date(2024, 8, 6)),
        ("reuters_20240806_1.html", dt.date(2024, 8, 6)),
        ("2024/08/06/story.txt", dt.date(2024, 8, 6)),
        ("feeds/2024-08-07/a.txt", dt.date(2024, 8, 7)),
        ("story_12345678.txt", None),
        ("plain.txt", None),
    ],
)
def test_date_from_name(rel, expected):
    assert _corpus_read._date_from_name(rel) == expected


# ------------------------------------------------------------ the table
def test_one_row_per_mention_matches_the_geoparser(small_corpus, serial_table):
    table, summary = serial_table
    assert list(table.columns) == list(MENTION_COLUMNS)
    assert table.crs.to_epsg() == 4326
    assert (table.geom_type == "Point").all()
    assert (table.geometry.x.round(6) == table["lon"].round(6)).all()
    assert (table.geometry.y.round(6) == table["lat"].round(6)).all()
    expected = set()
    n_articles = 0
    for a in articles_from_paths(small_corpus):
        n_articles += 1
        for rec in places_from_text(a.text).to_dict(orient="records"):
            for m in rec["mentions"]:
                expected.add((a.article_id, rec["id"], m["start"], m["end"], m["text"], m["role"]))
    got = set(
        zip(table["article_id"], table["place_id"], table["start"], table["end"],
            table["mention_text"], table["role"], strict=True)
    )  # fmt: skip
    assert got == expected
    assert len(table) == len(expected) == summary.mentions
    assert summary.articles == n_articles and summary.failed == 0
    assert summary.places == table["place_id"].nunique()
    # oblasts are points too (their representative point), with the oblast's name
    assert {"Kharkiv Oblast", "Donetsk Oblast", "Kursk Oblast"} <= set(
        table.loc[table["kind"] == "oblast", "name"]
    )


def test_table_order_and_metadata(small_corpus, serial_table):
    table, _ = serial_table
    order = [a.article_id for a in articles_from_paths(small_corpus)]
    pos = table["article_id"].map({a: i for i, a in enumerate(order)})
    assert pos.is_monotonic_increasing
    for _, grp in table.groupby("article_id", sort=False):
        assert grp["start"].is_monotonic_increasing
    feed = table[table["article_id"].str.startswith("feed.jsonl:")]
    assert feed["url"].str.startswith("https://news.example/").all()
    assert feed["title"].str.startswith("Report ").all()
    assert str(table["date"].dtype) == "datetime64[ms]"
    assert table["date"].notna().all()
    texts = {a.article_id: a.text for a in articles_from_paths(small_corpus)}
    for r in table.head(50).itertuples():
        assert texts[r.article_id][r.start : r.end] == r.mention_text
        assert r.mention_text in r.sentence
    assert table["geonameid"].dtype == "Int64"
    assert table.loc[table["kind"] == "oblast", "geonameid"].isna().all()
    assert table.loc[table["name"] == "Kharkiv", "geonameid"].notna().all()


def test_mentions_from_articles_strings_and_errors():
    m = mentions_from_articles(
        [
            "Drones hit Sumy and Kharkiv.",
            Article("b", error="broken"),
            Article("c", "Nothing here."),
        ]
    )
    assert m["article_id"].tolist() == ["0", "0"]
    assert m["name"].tolist() == ["Sumy", "Kharkiv"]
    assert m.attrs["failures"] == [{"article_id": "b", "path": None, "error": "broken"}]
    assert m.attrs["n_articles"] == 3


def test_parser_error_is_isolated(monkeypatch):
    import geomap.geoparse as G

    real = G.places_from_texts

    def flaky(texts, **kw):
        if any("POISON" in t for t in texts):
            raise RuntimeError("boom\nsecond line")
        return real(texts, **kw)

    monkeypatch.setattr(G, "places_from_texts", flaky)
    m = mentions_from_articles(
        [
            Article("a", "Drones hit Sumy."),
            Article("b", "POISON"),
            Article("c", "Kherson was shelled."),
        ]
    )
    assert sorted(m["article_id"]) == ["a", "c"]
    (f,) = m.attrs["failures"]
    assert f["article_id"] == "b"
    assert f["error"] == "parser error: RuntimeError: boom second line"


# ------------------------------------------------------------- failures
def test_corrupt_files_are_reported_exactly(tmp_path):
    """60 files, 3 of them corrupt (5 %): the run completes and reports exactly those articles."""
    folder = write_corpus(tmp_path / "news", 57, seed=3)
    bad = {
        "north/2024-08-02_badutf8.txt": "Shelling in Sumy \xff\xfe".encode("latin-1") + b"\xc3\x28",
        "north/binary.txt": bytes(range(256)) * 4,
    }
    for rel, data in bad.items():
        (folder / rel).write_bytes(data)
    lines = [
        json.dumps({"text": "Drones hit Kharkiv.", "date": "2024-08-03"}),
        "{not json",
        json.dumps({"title": "no text"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out" / "m.parquet"
    out.parent.mkdir()
    s = corpus_to_parquet(folder, out, workers=1)
    expected = {*bad, "feed.jsonl:2", "feed.jsonl:3"}
    assert s.articles == 57 + 2 + 3
    assert {f["article_id"] for f in s.failures} == expected
    assert s.failed == 4  # the files: two .txt, and two lines of one .jsonl
    with open(out.parent / "m.failures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["article_id"] for r in rows} == expected
    errors = {r["article_id"]: r["error"] for r in rows}
    assert "not valid UTF-8" in errors["north/2024-08-02_badutf8.txt"]
    assert "binary" in errors["north/binary.txt"]
    assert "not valid JSON" in errors["feed.jsonl:2"]
    assert "'text'" in errors["feed.jsonl:3"]
    assert all("\n" not in e for e in errors.values())
    table = gpd.read_parquet(out)
    assert not set(table["article_id"]) & expected
    assert "feed.jsonl:1" in set(table["article_id"])
    assert not (out.parent / "m.parquet.parts").exists()


def test_failures_file_is_rewritten_when_clean(tmp_path):
    folder = write_corpus(tmp_path / "news", 4)
    (folder / "bad.txt").write_bytes(b"\xff\xff")
    out = tmp_path / "m.parquet"
    assert corpus_to_parquet(folder, out, workers=1).failed == 1
    (folder / "bad.txt").unlink()
    assert corpus_to_parquet(folder, out, workers=1).failed == 0
    assert (tmp_path / "m.failures.csv").read_text().strip() == "article_id,path,error"


# ---------------------------------------------------------------- resume
def test_interrupted_run_resumes_without_redoing_shards(
    small_corpus, serial_table, tmp_path, monkeypatch
):
    out = tmp_path / "m.parquet"
    real = _corpus_shards._process_shard
    calls: list[int] = []

    def interrupted(shard, opts, parts_dir=None):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(shard.index)
        return real(shard, opts, parts_dir)

    monkeypatch.setattr(_corpus_shards, "_process_shard", interrupted)
    with pytest.raises(KeyboardInterrupt):
        corpus_to_parquet([small_corpus], out, workers=1, shard_size=5)
    assert not out.exists()  # no half-written output
    parts = sorted((tmp_path / "m.parquet.parts").glob("part-*.parquet"))
    assert len(parts) == 3

    calls.clear()
    monkeypatch.setattr(
        _corpus_shards,
        "_process_shard",
        lambda s, o, p=None: (calls.append(s.index), real(s, o, p))[1],
    )
    s = corpus_to_parquet([small_corpus], out, workers=1, shard_size=5)
    assert s.shards == 7 and s.shards_resumed == 3
    assert calls == [3, 4, 5, 6]
    pd.testing.assert_frame_equal(gpd.read_parquet(out), serial_table[0])
    assert not (tmp_path / "m.parquet.parts").exists()


def test_changed_file_redoes_only_its_shard(tmp_path):
    folder = write_corpus(tmp_path / "news", 20)
    out = tmp_path / "m.parquet"
    first = corpus_to_parquet(folder, out, workers=1, shard_size=5, keep_parts=True)
    assert first.shards == 4 and first.shards_resumed == 0
    assert len(list((tmp_path / "m.parquet.parts").glob("*.parquet"))) == 4
    again = corpus_to_parquet(folder, out, workers=1, shard_size=5, keep_parts=True)
    assert again.shards_resumed == 4
    victim = sorted(folder.rglob("*.txt"))[-1]
    victim.write_text("Drones hit Odesa overnight.", encoding="utf-8")
    third = corpus_to_parquet(folder, out, workers=1, shard_size=5, keep_parts=True)
    assert third.shards_resumed == 3
    assert len(list((tmp_path / "m.parquet.parts").glob("*.parquet"))) == 4  # stale part removed
    table = gpd.read_parquet(out)
    rel = victim.relative_to(folder).as_posix()
    assert table.loc[table["article_id"] == rel, "name"].tolist() == ["Odesa"]
    # other options are other shards
    fourth = corpus_to_parquet(folder, out, workers=1, shard_size=5, include_metonyms=False)
    assert fourth.shards_resumed == 0
    assert "metonym" not in set(gpd.read_parquet(out)["role"])


# ------------------------------------------------------------------ dask
def test_local_cluster_gives_the_serial_table(small_corpus, serial_table, tmp_path):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,  # fmt: skip
    ):
        out = tmp_path / "m.parquet"
        s = corpus_to_parquet(
            [small_corpus], out, scheduler=cluster.scheduler_address, shard_size=4
        )
        assert s.workers == "dask" and s.shards == 8
        pd.testing.assert_frame_equal(gpd.read_parquet(out), serial_table[0])
        # a Client can be passed too; shard size does not change the table
        with distributed.Client(cluster) as client:
            s2 = corpus_to_parquet(
                [small_corpus], tmp_path / "m2.parquet", scheduler=client, shard_size=32
            )
        assert s2.shards == 1
        pd.testing.assert_frame_equal(gpd.read_parquet(tmp_path / "m2.parquet"), serial_table[0])


def test_unreachable_scheduler_is_an_input_error(small_corpus, tmp_path):
    pytest.importorskip("distributed")
    with pytest.raises(InputError, match="cannot connect to the Dask scheduler"):
        corpus_to_parquet([small_corpus], tmp_path / "m.parquet", scheduler="tcp://127.0.0.1:1")


# ------------------------------------------------------------ bad input
def test_bad_inputs(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        corpus_to_parquet([tmp_path / "nope"], tmp_path / "m.parquet")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article found"):
        corpus_to_parquet([tmp_path / "empty"], tmp_path / "m.parquet")
    with pytest.raises(InputError, match="no article found"):
        corpus_to_parquet([str(tmp_path / "*.jsonl")], tmp_path / "m.parquet")
    (tmp_path / "a.txt").write_text("Sumy.", encoding="utf-8")
    with pytest.raises(InputError, match="does not exist; create it"):
        corpus_to_parquet([tmp_path / "a.txt"], tmp_path / "no" / "m.parquet")
    with pytest.raises(InputError, match="is a directory"):
        corpus_to_parquet([tmp_path / "a.txt"], tmp_path / "empty")
    with pytest.raises(InputError, match="workers"):
        corpus_to_parquet([tmp_path / "a.txt"], tmp_path / "m.parquet", workers=0)


def test_empty_result_is_a_valid_geoparquet(tmp_path):
    (tmp_path / "a.txt").write_text("Nothing to see here.", encoding="utf-8")
    s = corpus_to_parquet([tmp_path / "a.txt"], tmp_path / "m.parquet")
    assert (s.articles, s.mentions, s.places) == (1, 0, 0)
    t = gpd.read_parquet(tmp_path / "m.parquet")
    assert list(t.columns) == list(MENTION_COLUMNS) and len(t) == 0 and t.crs.to_epsg() == 4326


# ------------------------------------------------------------------- CLI
def test_cli_corpus_summary_and_exit_codes(tmp_path, capsys):
    folder = write_corpus(tmp_path / "news", 6, jsonl=2)
    (folder / "broken.txt").write_bytes(b"Sumy \xff")
    out = tmp_path / "m.parquet"
    assert main(["corpus", str(folder), "-o", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "9 articles (1 failed)" in printed
    assert "broken.txt: " in printed and "m.failures.csv" in printed
    assert out.exists()

    assert main(["corpus", str(tmp_path / "missing"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("geomap: error: input ") and err.count("\n") == 1
    assert main(["corpus", str(folder), "-o", str(tmp_path / "nodir" / "m.parquet")]) == 2
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # an argparse type: one usage-error line
        main(["corpus", str(folder), "-o", str(out), "--workers", "0"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--workers" in err and err.count("\n") == 1
