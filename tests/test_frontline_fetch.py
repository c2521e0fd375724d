"""Downloading snapshots into the cache, against a local HTTP server (never the internet)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from _frontline_fixtures import (
    LocalServer,
    deepstate_snapshot,
    mirror_snapshot,
    serve,
    unused_port,
)

from geomap import FetchError, InputError
from geomap.frontline import cached_snapshot, fetch_snapshot, frontline_from_file

MAY22 = "deepstatemap_data_20250522.geojson"


def _mirror_bytes(day: str, east_edge: float = 36.5) -> bytes:
    return json.dumps(mirror_snapshot(day, east_edge=east_edge)).encode()


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- mirror


def test_mirror_fetch_caches_once(tmp_path):
    body = _mirror_bytes("2025-05-22")
    with serve(LocalServer(routes={f"/data/{MAY22}": (200, body)})) as srv:
        base = f"{srv.url}/data"
        path = fetch_snapshot(source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=base)
        assert path == tmp_path / "frontline" / "mirror" / MAY22
        assert path.read_bytes() == body
        again = fetch_snapshot(
            source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=base
        )
        assert again == path
        assert srv.requests == [f"/data/{MAY22}"]  # one request for the snapshot, ever
    # a cache hit needs no network at all
    offline = f"http://127.0.0.1:{unused_port()}"
    assert (
        fetch_snapshot(source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=offline)
        == path
    )
    assert cached_snapshot("2025-05-22", cache_dir=tmp_path) == path
    gdf = frontline_from_file(path)
    assert gdf.loc[0, "source"] == "deepstate-mirror"
    assert _files(tmp_path) == [f"frontline/mirror/{MAY22}"]  # no temporary files left


def test_mirror_latest_falls_back_to_yesterday(tmp_path):
    today = dt.datetime.now(dt.UTC).date()
    yesterday = today - dt.timedelta(days=1)
    name = f"deepstatemap_data_{yesterday:%Y%m%d}.geojson"
    with serve(LocalServer(routes={f"/{name}": (200, _mirror_bytes(str(yesterday)))})) as srv:
        path = fetch_snapshot(source="mirror", cache_dir=tmp_path, base_url=srv.url)
        assert path.name == name
        assert srv.requests == [f"/deepstatemap_data_{today:%Y%m%d}.geojson", f"/{name}"]


def test_mirror_base_url_from_environment(tmp_path, monkeypatch):
    with serve(LocalServer(routes={f"/{MAY22}": (200, _mirror_bytes("2025-05-22"))})) as srv:
        monkeypatch.setenv("GEOMAP_MIRROR_URL", srv.url)
        path = fetch_snapshot(date="2025-05-22", cache_dir=tmp_path)
        assert path.is_file() and srv.count(f"/{MAY22}") == 1


def test_offline_is_one_clear_line(tmp_path):
    offline = f"http://127.0.0.1:{unused_port()}"
    with pytest.raises(FetchError, match=r"cannot reach 127\.0\.0\.1") as info:
        fetch_snapshot(source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=offline)
    assert "\n" not in str(info.value)
    with pytest.raises(FetchError, match="cannot reach"):
        fetch_snapshot(source="deepstate", date="2025-05-22", cache_dir=tmp_path, base_url=offline)
    assert _files(tmp_path) == []


@pytest.mark.parametrize(
    ("status", "body", "pattern"),
    [
        (404, b"not found", "not found"),
        (500, b"oops", "HTTP 500"),
        (429, b"slow down", "slow down"),
        (200, b"", "is empty"),
        (200, b"<html><body>Rate limit</body></html>", "not valid JSON"),
        (200, _mirror_bytes("2025-05-22")[:400], "truncated"),
        (200, json.dumps({"type": "Topology"}).encode(), "not a valid deepstate-mirror snapshot"),
        (
            200,
            json.dumps({"type": "Point", "coordinates": [37, 48]}).encode(),
            "no occupied/contested/liberated polygons",
        ),
    ],
)
def test_bad_downloads_are_refused(tmp_path, status, body, pattern):
    with serve(LocalServer(routes={f"/{MAY22}": (status, body)})) as srv:
        with pytest.raises(FetchError, match=pattern) as info:
            fetch_snapshot(source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=srv.url)
        assert srv.count(f"/{MAY22}") == 1  # no retries
    assert "\n" not in str(info.value)
    assert _files(tmp_path) == []


def test_cut_off_download_is_refused(tmp_path):
    srv_state = LocalServer(
        routes={f"/{MAY22}": (200, _mirror_bytes("2025-05-22"))}, cut={f"/{MAY22}"}
    )
    with serve(srv_state) as srv, pytest.raises(FetchError, match=r"truncated|cut off"):
        fetch_snapshot(source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=srv.url)
    assert _files(tmp_path) == []


def test_failed_refresh_keeps_the_good_snapshot(tmp_path):
    good = _mirror_bytes("2025-05-22")
    with serve(LocalServer(routes={f"/{MAY22}": (200, good)})) as srv:
        path = fetch_snapshot(
            source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=srv.url
        )
        for bad in (good[:300], b"{}", b"\x00\x01binary"):
            srv.routes[f"/{MAY22}"] = (200, bad)
            with pytest.raises(FetchError, match=r"cache was left as it was|truncated|binary"):
                fetch_snapshot(
                    source="mirror",
                    date="2025-05-22",
                    cache_dir=tmp_path,
                    base_url=srv.url,
                    refresh=True,
                )
            assert path.read_bytes() == good
        srv.routes[f"/{MAY22}"] = (503, b"down")
        with pytest.raises(FetchError, match="HTTP 503"):
            fetch_snapshot(
                source="mirror",
                date="2025-05-22",
                cache_dir=tmp_path,
                base_url=srv.url,
                refresh=True,
            )
        assert path.read_bytes() == good
        # a good refresh does replace it
        newer = _mirror_bytes("2025-05-22", east_edge=36.45)  # +0.6 %: plausible
        srv.routes[f"/{MAY22}"] = (200, newer)
        fetch_snapshot(
            source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=srv.url, refresh=True
        )
        assert path.read_bytes() == newer
    assert _files(tmp_path) == [f"frontline/mirror/{MAY22}"]


# --------------------------------------------------------------------------- DeepStateMap API

MAR01 = int(dt.datetime(2025, 3, 1, 18, 0, tzinfo=dt.UTC).timestamp())
MAY22_ID = int(dt.datetime(2025, 5, 22, 9, 30, tzinfo=dt.UTC).timestamp())
MAY22_LATE = int(dt.datetime(2025, 5, 22, 21, 5, tzinfo=dt.UTC).timestamp())


def _listing(*ids: int) -> bytes:
    items = [
        {
            "id": i,
            "description": "",
            "datetime": "",
            "createdAt": dt.datetime.fromtimestamp(i, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "updatedAt": dt.datetime.fromtimestamp(i, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }
        for i in ids
    ]
    return json.dumps(items).encode()


def _api_server(**extra) -> LocalServer:
    routes = {
        "/api/history/public": (200, _listing(MAR01, MAY22_ID, MAY22_LATE)),
        f"/api/history/{MAR01}/geojson": (
            200,
            json.dumps(deepstate_snapshot(east_edge=36.6)).encode(),
        ),
        f"/api/history/{MAY22_ID}/geojson": (200, json.dumps(deepstate_snapshot()).encode()),
        # the API sometimes answers with the JSON encoded a second time
        f"/api/history/{MAY22_LATE}/geojson": (
            200,
            json.dumps(json.dumps(deepstate_snapshot(east_edge=36.4))).encode(),
        ),
    }
    routes.update(extra)
    return LocalServer(routes=routes)


def test_deepstate_fetch_picks_the_last_snapshot_of_the_day(tmp_path):
    with serve(_api_server()) as srv:
        base = f"{srv.url}/api/history"
        path = fetch_snapshot(
            source="deepstate", date="2025-05-22", cache_dir=tmp_path, base_url=base
        )
        assert (
            path
            == tmp_path / "frontline" / "deepstate" / f"deepstate_20250522_{MAY22_LATE}.geojson"
        )
        assert srv.requests == ["/api/history/public", f"/api/history/{MAY22_LATE}/geojson"]
        # stored as a plain FeatureCollection, readable by any GIS
        assert json.loads(path.read_text())["type"] == "FeatureCollection"
        gdf = frontline_from_file(path)
        assert (
            set(gdf["source"]) == {"deepstate"} and str(gdf["date"].iloc[0].date()) == "2025-05-22"
        )
        # the day is cached: no network
        srv.requests.clear()
        assert (
            fetch_snapshot(source="deepstate", date="2025-05-22", cache_dir=tmp_path, base_url=base)
            == path
        )
        assert srv.requests == []
        # the latest: one look at the list, the snapshot itself is not asked for again
        assert fetch_snapshot(source="deepstate", cache_dir=tmp_path, base_url=base) == path
        assert srv.requests == ["/api/history/public"]
        # a day without a snapshot of its own gets the last one before it
        earlier = fetch_snapshot(
            source="deepstate", date="2025-04-10", cache_dir=tmp_path, base_url=base
        )
        assert earlier.name == f"deepstate_20250301_{MAR01}.geojson"
    assert cached_snapshot("2025-05-22", source="deepstate", cache_dir=tmp_path) == path
    assert cached_snapshot("2025-05-22", cache_dir=tmp_path) == path


def test_deepstate_errors(tmp_path):
    bad = {
        f"/api/history/{MAY22_LATE}/geojson": (
            200,
            json.dumps(mirror_snapshot("2025-05-22")).encode(),
        )
    }
    with serve(_api_server(**bad)) as srv:
        base = f"{srv.url}/api/history"
        with pytest.raises(FetchError, match="no snapshot on or before 2024-01-01"):
            fetch_snapshot(source="deepstate", date="2024-01-01", cache_dir=tmp_path, base_url=base)
        with pytest.raises(FetchError, match="DeepStateMap 'Ukrainian /// English' names"):
            fetch_snapshot(source="deepstate", date="2025-05-22", cache_dir=tmp_path, base_url=base)
        srv.routes["/api/history/public"] = (200, b'{"error": "unauthorised"}')
        with pytest.raises(FetchError, match="has no snapshots"):
            fetch_snapshot(source="deepstate", cache_dir=tmp_path, base_url=base)
    assert _files(tmp_path) == []


def test_fetch_options(tmp_path):
    with pytest.raises(InputError, match="cannot fetch source"):
        fetch_snapshot(source="isw", cache_dir=tmp_path)
    with pytest.raises(InputError, match="not a date"):
        fetch_snapshot(date="22/05/2025", cache_dir=tmp_path)
    with pytest.raises(InputError, match="no cached snapshot for 2025-05-22"):
        cached_snapshot("2025-05-22", cache_dir=tmp_path)
