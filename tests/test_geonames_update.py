"""``geomap data update``: GeoNames dumps fetched from a local HTTP server.

The fixture dumps are written here in the official format (zip holding
``<CC>.txt``, 19 tab-separated columns of the GeoNames ``geoname`` table).
The villages are real places missing from the bundled set; their positions
are approximate (to about a kilometre). No test touches the internet.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import logging
import socket
import threading
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import geomap.gazetteer
from geomap import _geonames as gn
from geomap._errors import DataError, FetchError, InputError, PlaceNotFoundError
from geomap.cli import main
from geomap.gazetteer import lookup
from geomap.settings import settings

# ---------------------------------------------------------------------------- fixtures
#: (geonameid, name, alternate names, lat, lon, feature class, code, cc, admin1, population)
RU_ROWS = [
    (
        90000001,
        "Malaya Loknya",
        ["Малая Локня", "Mala Loknia", "Malaja Loknja"],
        51.288,
        35.219,
        "P",
        "PPL",
        "RU",
        "41",
        480,
    ),
    (
        90000002,
        "Martynovka",
        ["Мартыновка", "Martynivka"],
        51.160,
        35.370,
        "P",
        "PPL",
        "RU",
        "41",
        230,
    ),
    (
        90000003,
        "Spodaryushino",
        ["Сподарюшино", "Spodariushyne"],
        50.445,
        35.555,
        "P",
        "PPL",
        "RU",
        "09",
        150,
    ),
    # a regional capital, to check kinds
    (90000004, "Testograd", ["Тестоград"], 51.5, 36.0, "P", "PPLA", "RU", "41", 900),
    # noise the conversion must drop
    (90000010, "Loknya Stream", ["Локня"], 51.29, 35.22, "H", "STM", "RU", "41", 0),
    (90000011, "Old Loknya Mill", [], 51.27, 35.21, "P", "PPLH", "RU", "41", 0),
    (90000012, "Kursk Section Nine", [], 51.73, 36.19, "P", "PPLX", "RU", "41", 0),
    (90000013, "Far Siberian Village", ["Дальняя"], 55.0, 83.0, "P", "PPL", "RU", "53", 300),
    (90000014, "Nowhere Admin", [], 51.0, 35.0, "P", "PPL", "RU", "00", 0),
]
BY_ROWS = [
    (90000101, "Terukha", ["Теруха", "Ciarucha"], 52.233, 31.183, "P", "PPL", "BY", "02", 300),
]


def geonames_line(gid, name, alts, lat, lon, fclass, fcode, cc, admin1, pop) -> str:
    ascii_name = name.encode("ascii", "ignore").decode()
    cols = [
        str(gid),
        name,
        ascii_name,
        ",".join(alts),
        f"{lat:.5f}",
        f"{lon:.5f}",
        fclass,
        fcode,
        cc,
        "",
        admin1,
        "",
        "",
        "",
        str(pop),
        "",
        "160",
        "Europe/Moscow" if cc == "RU" else "Europe/Minsk",
        "2024-05-17",
    ]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


def dump_zip(cc: str, rows, *, member: str | None = None, text: str | None = None) -> bytes:
    body = text if text is not None else "".join(geonames_line(*r) for r in rows)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member or f"{cc}.txt", body)
        zf.writestr("readme.txt", "fixture dump written by tests/test_geonames_update.py\n")
    return buf.getvalue()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site(server, request):
    """A fresh folder on the server: (path, base URL)."""
    root, url = server
    folder = root / request.node.name.replace("[", "_").replace("]", "_")
    folder.mkdir()
    return folder, f"{url}/{folder.name}"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache dir; the shared gazetteer is rebuilt before and after."""
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    geomap.gazetteer._shared.cache_clear()
    yield tmp_path / "cache"
    geomap.gazetteer._shared.cache_clear()


def _write(folder: Path, name: str, payload: bytes) -> bytes:
    (folder / name).write_bytes(payload)
    return payload


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------- end to end
def _sudzha_id() -> int:
    from geomap import data

    s = data.settlements()
    return int(s.loc[(s["name"] == "Sudzha") & (s["admin1"] == "RU-KRS"), "id"].iloc[0])


def test_update_adds_villages_to_lookup(site, cache):
    folder, url = site
    # one row repeats the bundled Sudzha's GeoNames id under another name: the bundled row wins
    dup = (_sudzha_id(), "Sudzha Dump Copy", [], 51.19, 35.27, "P", "PPLA2", "RU", "41", 5000)
    payload = _write(folder, "RU.zip", dump_zip("RU", [*RU_ROWS, dup]))
    _write(folder, "BY.zip", dump_zip("BY", BY_ROWS))
    with pytest.raises(PlaceNotFoundError):
        lookup("Malaya Loknya")

    results = gn.update_geonames("RU,BY", base_url=url)

    assert [(r["country"], r["status"], r["rows_kept"]) for r in results] == [
        ("RU", "updated", 5),
        ("BY", "updated", 1),
    ]
    target = cache / "geonames" / "RU.places.parquet"
    assert Path(results[0]["path"]) == target and target.exists()
    side = json.loads((cache / "geonames" / "RU.json").read_text())
    assert side["sha256"] == hashlib.sha256(payload).hexdigest()
    assert side["bytes"] == len(payload)
    assert side["url"] == f"{url}/RU.zip"
    assert "sha256 recorded" in side["verified"]
    assert "CC-BY" in side["licence"]

    geomap.gazetteer._shared.cache_clear()
    top = lookup("Malaya Loknya")[0]
    assert (top.name, top.kind, top.country, top.admin1) == (
        "Malaya Loknya",
        "village",
        "RU",
        "Kursk Oblast",
    )
    assert (top.lat, top.lon) == pytest.approx((51.288, 35.219), abs=1e-4)
    assert not top.approx
    assert lookup("Малая Локня")[0].name == "Malaya Loknya"
    assert lookup("Spodaryushino")[0].admin1 == "Belgorod Oblast"
    kursk = [
        c for c in lookup("Martynovka", country="RU", limit=None) if c.admin1 == "Kursk Oblast"
    ]
    assert kursk and kursk[0].lat == pytest.approx(51.160)
    assert lookup("Testograd")[0].kind == "city"
    top = lookup("Terukha")[0]
    assert (top.country, top.admin1) == ("BY", "Gomel Oblast")
    assert lookup("Sudzha")[0].name == "Sudzha"
    # dropped rows: a stream, a historical place, a city section, Asian Russia, no admin-1, duplicate id
    for name in (
        "Loknya Stream",
        "Old Loknya Mill",
        "Kursk Section Nine",
        "Far Siberian Village",
        "Nowhere Admin",
        "Sudzha Dump Copy",
    ):
        with pytest.raises(PlaceNotFoundError):
            lookup(name)


def test_several_countries_and_info(site, cache):
    folder, url = site
    _write(folder, "RU.zip", dump_zip("RU", RU_ROWS))
    _write(folder, "BY.zip", dump_zip("BY", BY_ROWS))
    results = gn.update_geonames(["ru", "by", "RU"], base_url=url)
    assert [r["country"] for r in results] == ["RU", "BY"]
    info = {r["country"]: r for r in gn.geonames_info()}
    assert set(info) == {"RU", "BY"}
    assert info["BY"]["rows"] == 1 and info["BY"]["ok"]
    assert info["RU"]["rows"] == 4 and info["RU"]["rows_kept"] == 4
    extra = gn.cached_extra_places()
    assert list(extra.columns) == list(gn.PLACES_COLUMNS)
    assert set(extra["source"]) == {"geonames-dump"}
    assert len(extra) == 5


def test_local_folder_as_base_url(tmp_path, cache):
    src = tmp_path / "mirror"
    src.mkdir()
    (src / "RU.zip").write_bytes(dump_zip("RU", RU_ROWS))
    (res,) = gn.update_geonames("RU", base_url=str(src))
    assert res["rows_kept"] == 4


# ------------------------------------------------------------------ verification
def test_published_md5_is_checked(site, cache):
    folder, url = site
    payload = _write(folder, "RU.zip", dump_zip("RU", RU_ROWS))
    md5 = hashlib.md5(payload).hexdigest()
    _write(folder, "RU.zip.md5", f"{md5}  RU.zip\n".encode())
    (res,) = gn.update_geonames("RU", base_url=url)
    assert res["md5"] == md5
    assert "md5 published" in res["verified"]


def test_published_sha256_is_preferred(site, cache):
    folder, url = site
    payload = _write(folder, "RU.zip", dump_zip("RU", RU_ROWS))
    _write(folder, "RU.zip.sha256", f"{hashlib.sha256(payload).hexdigest()} *RU.zip\n".encode())
    _write(folder, "RU.zip.md5", b"0" * 32 + b"  RU.zip\n")  # would fail if it were used
    (res,) = gn.update_geonames("RU", base_url=url)
    assert "sha256 published" in res["verified"]


def _snapshot(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((cache / "geonames").iterdir())}


@pytest.fixture
def good_cache(site, cache):
    folder, url = site
    _write(folder, "RU.zip", dump_zip("RU", RU_ROWS))
    gn.update_geonames("RU", base_url=url)
    return folder, url, _snapshot(cache)


def test_md5_mismatch_keeps_good_cache(good_cache, cache):
    folder, url, before = good_cache
    _write(folder, "RU.zip", dump_zip("RU", RU_ROWS[:2]))
    _write(folder, "RU.zip.md5", b"0123456789abcdef0123456789abcdef  RU.zip\n")
    with pytest.raises(FetchError, match="md5") as info:
        gn.update_geonames("RU", base_url=url, force=True)
    assert "\n" not in str(info.value)
    assert _snapshot(cache) == before


def test_corrupt_download_keeps_good_cache(good_cache, cache):
    folder, url, before = good_cache
    _write(folder, "RU.zip", b"<html>503 Service Unavailable</html>")
    with pytest.raises(FetchError, match="not a valid zip"):
        gn.update_geonames("RU", base_url=url, force=True)
    assert _snapshot(cache) == before


def test_crc_error_keeps_good_cache(good_cache, cache):
    folder, url, before = good_cache
    payload = bytearray(dump_zip("RU", RU_ROWS))
    # flip a byte inside the first member's compressed data (after its 30-byte header + name)
    payload[30 + len("RU.txt") + 5] ^= 0xFF
    _write(folder, "RU.zip", bytes(payload))
    with pytest.raises(FetchError):
        gn.update_geonames("RU", base_url=url, force=True)
    assert _snapshot(cache) == before


def test_zip_without_expected_table(site, cache):
    folder, url = site
    _write(folder, "RU.zip", dump_zip("RU", RU_ROWS, member="allCountries.txt"))
    with pytest.raises(DataError, match=r"'RU\.txt'"):
        gn.update_geonames("RU", base_url=url)
    assert not (cache / "geonames" / "RU.places.parquet").exists()


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("a\tb\tc\n1\t2\t3\n", "3 columns"),
        ("", "empty"),
        (
            "".join(geonames_line(*r) for r in RU_ROWS[:2]).replace("2024-05-17", "yesterday"),
            "modification date",
        ),
        (geonames_line(*RU_ROWS[0]).replace("51.28800", "north"), "bad id or coordinates"),
    ],
    ids=["columns", "empty", "no-date", "bad-lat"],
)
def test_bad_table_schema(site, cache, text, match):
    folder, url = site
    _write(folder, "RU.zip", dump_zip("RU", [], text=text))
    with pytest.raises(DataError, match=match) as info:
        gn.update_geonames("RU", base_url=url)
    assert "\n" not in str(info.value)


def test_not_modified_then_force(good_cache, cache):
    _, url, before = good_cache
    (res,) = gn.update_geonames("RU", base_url=url)
    assert res["status"] == "unchanged"
    assert _snapshot(cache) == before
    (res,) = gn.update_geonames("RU", base_url=url, force=True)
    assert res["status"] == "updated"


# ------------------------------------------------------------------------- errors
def test_offline_is_fetch_error(cache):
    url = f"http://127.0.0.1:{_closed_port()}/dump"
    with pytest.raises(FetchError) as info:
        gn.update_geonames("UA", base_url=url, timeout=5)
    msg = str(info.value)
    assert msg.startswith("cannot reach 127.0.0.1:")
    assert "check your connection or use --base-url" in msg
    assert "\n" not in msg


def test_missing_file_is_404(site, cache):
    _, url = site
    with pytest.raises(FetchError, match="HTTP 404"):
        gn.update_geonames("BY", base_url=url)


@pytest.mark.parametrize(
    ("countries", "base"),
    [("XX", None), ("", None), ("UA", "ftp://example.org/x"), ("UA", "/no/such/folder")],
)
def test_bad_arguments(countries, base, cache):
    with pytest.raises(InputError):
        gn.update_geonames(countries, base_url=base)


def test_unreadable_cache_file_is_skipped(cache, caplog):
    folder = cache / "geonames"
    folder.mkdir(parents=True)
    (folder / "RU.places.parquet").write_bytes(b"not parquet")
    pd.DataFrame({"x": [1]}).to_parquet(folder / "BY.places.parquet")
    with caplog.at_level(logging.WARNING, logger="geomap.geonames"):
        assert gn.cached_extra_places() is None
    assert "geomap data update" in caplog.text
    # and the gazetteer still works
    assert lookup("Sudzha")[0].name == "Sudzha"
    assert {r["country"]: r["ok"] for r in gn.geonames_info()} == {"BY": True, "RU": False}


# ------------------------------------------------------------------- conversion
def test_places_from_table_rules():
    rows = [
        (
            1,
            "Kup'yans'k",
            ["Купянск", "Куп'янськ", "KPN", "Kupiansk"],
            49.71,
            37.615,
            "P",
            "PPLA2",
            "UA",
            "07",
            27000,
        ),
        (2, "Small", ["Маленькое"], 50.0, 36.0, "P", "PPL", "UA", "07", 2500),
        (3, "Smaller", ["Мала", "Мала"], 50.1, 36.1, "P", "PPL", "UA", "07", 10),
        (4, "Zhlobin", ["Жлобін", "Жлобин"], 52.89, 30.03, "P", "PPL", "BY", "02", 25000),
    ]
    ua = gn.places_from_zip(dump_zip("UA", rows[:3]), country="UA")
    assert list(ua.columns) == list(gn.PLACES_COLUMNS)
    first = ua.set_index("id").loc[1]
    assert first["name"] == "Kupyansk"  # apostrophes dropped
    assert first["kind"] == "city" and first["admin1"] == "UA-63"
    assert "KPN" not in first["alt"].split("|")  # code-like alternates dropped
    assert "Купянск" in first["alt"].split("|")
    assert list(ua["kind"]) == ["city", "town", "village"]
    assert ua["source"].eq("geonames-dump").all() and not ua["approx"].any()
    by = gn.places_from_zip(dump_zip("BY", rows[3:]), country="BY")
    # the Russian name is the first Cyrillic one without Belarusian/Ukrainian letters
    assert by.loc[0, "name_ru"] == "Жлобин"
    assert by.loc[0, "admin1"] == "BY-HO" and by.loc[0, "kind"] == "city"


def test_rows_of_another_country_are_dropped():
    rows = [(1, "Sumy Copy", [], 50.9, 34.8, "P", "PPL", "UA", "21", 0)]
    assert gn.places_from_zip(dump_zip("RU", rows, member="RU.txt"), country="RU").empty


# -------------------------------------------------------------------------- CLI
def test_cli_update_and_info(site, tmp_path, capsys):
    folder, url = site
    _write(folder, "RU.zip", dump_zip("RU", RU_ROWS))
    cache_dir = tmp_path / "clicache"
    try:
        rc = main(
            [
                "data",
                "update",
                "--countries",
                "RU",
                "--base-url",
                url,
                "--cache",
                str(cache_dir),
                "--quiet",
            ]
        )
        out = capsys.readouterr().out
        assert rc == 0
        assert "RU: 4 populated places" in out and "CC-BY 4.0" in out
        assert main(["data", "info", "--cache", str(cache_dir), "--json"]) == 0
        info = json.loads(capsys.readouterr().out)
        assert [g["country"] for g in info["geonames"]] == ["RU"]
        assert info["geonames"][0]["rows"] == 4
        assert all(f["ok"] for f in info["bundled"]["files"])
        assert main(["data", "info", "--cache", str(cache_dir)]) == 0
        text = capsys.readouterr().out
        assert "RU" in text and "4 places" in text and "attribution:" in text
    finally:
        geomap.gazetteer._shared.cache_clear()


def test_cli_update_offline(tmp_path, capsys):
    url = f"http://127.0.0.1:{_closed_port()}"
    rc = main(
        [
            "data",
            "update",
            "--countries",
            "UA",
            "--base-url",
            url,
            "--cache",
            str(tmp_path),
            "--quiet",
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("geomap: error: cannot reach 127.0.0.1")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_data_without_action(capsys):
    assert main(["data"]) == 2
    assert "update" in capsys.readouterr().err
