"""Plain installs make self-contained pages (issue #14, item 3).

A local fake npm registry (``http.server`` on 127.0.0.1) serves a package
document and a tarball, built here, for every npm package the installed
folium's pages load; nothing touches the network. Tested: ``geomap assets
fetch`` / ``status`` into the per-user cache, integrity checks, the one-line
"page needs internet" notice, the wheel built with ``python -m build`` (it
carries the assets, the sdist does not), and the offline basemap of heatmap
pages.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import importlib.util
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
import urllib.parse
import zipfile
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

from geomap import _asset_fetch, _assets
from geomap._npm_registry import RegistryError, fetch_tarball, registry_url
from geomap.cli import main
from geomap.settings import settings

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- fake registry


def _needed_files() -> dict[str, set[str]]:
    """{npm spec: package paths} that the installed folium's pages load."""
    out: dict[str, set[str]] = {}
    for url in _asset_fetch.discover_urls():
        src = _asset_fetch.resolve_url(url)
        if not isinstance(src, str) and src.kind == "npm":
            out.setdefault(src.spec, set()).add(src.path)
    return out


def _content(spec: str, path: str) -> bytes:
    return f"/* fake {spec} {path} */\n".encode()


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class FakeRegistry:
    """Packuments and tarballs for ``specs``; ``tamper`` holds specs served corrupted."""

    def __init__(self, specs: dict[str, set[str]]):
        self.tarballs: dict[str, bytes] = {}
        self.versions: dict[str, dict[str, str]] = {}  # name -> {version: tarball file}
        for spec, paths in specs.items():
            name, _, version = spec.rpartition("@")
            files = {p: _content(spec, p) for p in paths}
            if name == "leaflet":  # the default marker images Leaflet's JS looks for
                for img in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
                    files[f"dist/images/{img}"] = f"png {img}".encode()
            fname = re.sub(r"[^\w.-]", "_", spec) + ".tgz"
            self.tarballs[fname] = _tarball(files)
            self.versions.setdefault(name, {})[version] = fname
        self.tamper: set[str] = set()
        self.requests: list[str] = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _handler(self):
        registry = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path = urllib.parse.unquote(self.path.lstrip("/"))
                registry.requests.append(path)
                if path.startswith("-/tarballs/"):
                    fname = path.removeprefix("-/tarballs/")
                    body = registry.tarballs.get(fname)
                    if body is not None and fname in registry.tamper:
                        body = body[:-1] + bytes([body[-1] ^ 1])
                    return self._send(body, "application/octet-stream")
                if path not in registry.versions:
                    return self._send(None, "")
                doc = {
                    "name": path,
                    "versions": {
                        v: {
                            "dist": {
                                "tarball": f"{registry.url}-/tarballs/{f}",
                                "integrity": _sri(registry.tarballs[f]),
                            }
                        }
                        for v, f in registry.versions[path].items()
                    },
                }
                return self._send(json.dumps(doc).encode(), "application/json")

            def _send(self, body, ctype):
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def specs():
    return _needed_files()


@pytest.fixture(scope="module")
def registry(specs):
    reg = FakeRegistry(specs)
    yield reg
    reg.close()


@pytest.fixture
def isolated(tmp_path, monkeypatch, registry):
    """No asset folder anywhere; the user cache under tmp_path; the fake registry."""
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    monkeypatch.setattr(settings, "assets_dir", None)
    monkeypatch.setattr(settings, "npm_registry", registry.url)
    monkeypatch.delenv("GEOMAP_ASSETS", raising=False)
    monkeypatch.setattr(_assets, "_package_assets_dir", lambda: tmp_path / "pkg")
    monkeypatch.setattr(
        _assets, "_repo_assets_dir", lambda: tmp_path / "repo" / ".cache" / "assets"
    )
    monkeypatch.setattr(_assets, "_warned", False)
    registry.tamper.clear()
    registry.requests.clear()
    return tmp_path / "cache" / "assets"


# --------------------------------------------------------------------------- fetch / status


def test_fetch_fills_user_cache_and_status_reports_it(isolated, registry, specs, capsys):
    assert main(["assets", "status"]) == 1
    assert "pages need internet: run `geomap assets fetch`" in capsys.readouterr().out

    assert main(["assets", "fetch", "--quiet"]) == 0
    manifest = json.loads((isolated / "manifest.json").read_text(encoding="utf-8"))
    wanted = _asset_fetch.discover_urls()
    assert set(manifest["assets"]) == set(wanted)
    assert manifest["unsatisfied"] == {}
    for spec, info in manifest["packages"].items():
        fname = registry.versions[spec.rpartition("@")[0]][spec.rpartition("@")[2]]
        assert info["integrity"] == _sri(registry.tarballs[fname])
    for entry in manifest["assets"].values():  # each file is what the registry served
        if entry["source"].startswith("npm:"):
            spec = entry["source"].removeprefix("npm:")
            rel = entry["path"].removeprefix(f"npm/{spec}/")
            assert (isolated / entry["path"]).read_bytes() == _content(spec, rel)
    assert not list(isolated.rglob("*.part")) and not list(isolated.rglob(".*.tmp"))
    assert len(registry.requests) == 2 * len(specs)  # one packument + one tarball each

    assert main(["assets", "status", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["self_contained"] and info["in_use"] == str(isolated)
    assert info["needed"] == len(wanted)

    registry.requests.clear()
    assert main(["assets", "fetch"]) == 0
    assert "no network used" in capsys.readouterr().out
    assert registry.requests == []


def test_fetched_assets_make_pages_self_contained(isolated, capsys):
    import geomap

    assert main(["assets", "fetch", "--quiet"]) == 0
    m = geomap.map_article("Drones struck Sumy and Sudzha overnight.", along=None)
    page = geomap.maps.html_from_map(m)
    assert "/* fake leaflet@" in page
    assert not re.search(r"<script[^>]+src=\"https?://", page)
    assert "page needs internet" not in capsys.readouterr().err


def test_tampered_tarball_is_refused(isolated, registry, specs, capsys):
    leaflet = next(s for s in specs if s.startswith("leaflet@"))
    registry.tamper.add(re.sub(r"[^\w.-]", "_", leaflet) + ".tgz")
    assert main(["assets", "fetch", "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "integrity" in err[0]
    manifest = json.loads((isolated / "manifest.json").read_text(encoding="utf-8"))
    assert not any(e["source"] == f"npm:{leaflet}" for e in manifest["assets"].values())
    assert not (isolated / f"npm/{leaflet}").exists()
    registry.tamper.clear()
    assert main(["assets", "fetch", "--quiet"]) == 0  # a good answer later fills the gap
    assert main(["assets", "status"]) == 0


def test_unreachable_registry_is_one_line(isolated, capsys):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["assets", "fetch", "--registry", f"http://127.0.0.1:{port}/"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot reach" in err[0] and "NPM_CONFIG_REGISTRY" in err[0]
    assert main(["assets", "fetch", "--registry", "file:///etc"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'file:///etc'" in err[0]


def test_missing_version_is_permanent(registry):
    with pytest.raises(RegistryError, match="No matching version") as exc:
        fetch_tarball("leaflet@0.0.1", Path("/nonexistent/x.tgz"), registry=registry.url)
    assert exc.value.permanent


def test_registry_follows_npm_config(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "npm_registry", None)
    for var in ("NPM_CONFIG_REGISTRY", "npm_config_registry"):
        monkeypatch.delenv(var, raising=False)
    npmrc = tmp_path / "npmrc"
    npmrc.write_text("fund=false\nregistry=http://127.0.0.1:9/npm\n", encoding="utf-8")
    monkeypatch.setenv("NPM_CONFIG_USERCONFIG", str(npmrc))
    assert registry_url() == "http://127.0.0.1:9/npm/"
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:8/")
    assert registry_url() == "http://127.0.0.1:8/"
    monkeypatch.setattr(settings, "npm_registry", "http://127.0.0.1:7")
    assert registry_url() == "http://127.0.0.1:7/"


# --------------------------------------------------------------------------- notice


def test_needs_internet_printed_once_on_first_map(isolated, capsys):
    import geomap

    for _ in range(2):
        m = geomap.map_article("Drones struck Sumy overnight.", along=None)
        page = geomap.maps.html_from_map(m)
        assert re.search(r"<script[^>]+src=\"https://[^\"]+leaflet[^\"]*\.js\"", page)
    err = capsys.readouterr().err
    assert err.count(_assets.NEEDS_INTERNET) == 1
    assert err.strip() == _assets.NEEDS_INTERNET


# --------------------------------------------------------------------------- the wheel


def _copy_project(dest: Path) -> None:
    """The files an sdist is made from (no build outputs, no fetched assets)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_static", "*.egg-info")
    for name in ("pyproject.toml", "MANIFEST.in", "README.md"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "geomap", dest / "geomap", ignore=ignore)
    shutil.copytree(
        REPO / "tools" / "build_backend", dest / "tools" / "build_backend", ignore=ignore
    )


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("build") is None, reason="needs `build` (dev extra)")
def test_built_wheel_carries_assets_and_sdist_does_not(tmp_path, registry, specs):
    src, dist = tmp_path / "src", tmp_path / "dist"
    src.mkdir()
    _copy_project(src)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GEOMAP_")},
        "GEOMAP_NPM_REGISTRY": registry.url,
        "GEOMAP_BUILD_ASSETS": "require",
        "GEOMAP_CACHE": str(tmp_path / "cache"),
    }
    registry.tamper.clear()
    registry.requests.clear()
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(src)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(registry.requests) == 2 * len(specs)  # fetched from the registry at build time

    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
    assert any(n.endswith("tools/build_backend/geomap_build.py") for n in names)
    assert not any("/_static/" in n for n in names)

    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("geomap/_static/assets/manifest.json"))
        leaflet_js = next(
            e for u, e in manifest["assets"].items() if u.endswith("/dist/leaflet.js")
        )
        data = zf.read(f"geomap/_static/assets/{leaflet_js['path']}")
        assert hashlib.sha256(data).hexdigest() == leaflet_js["sha256"]
        assert data.startswith(b"/* fake leaflet@")
        zf.extractall(tmp_path / "site")
    assert set(manifest["assets"]) == set(_asset_fetch.discover_urls())
    assert {f"geomap/_static/assets/{rel}" for rel in manifest["files"]} <= names

    # the unpacked wheel finds its own assets when the user has none
    code = (
        "from geomap._assets import find_assets_dir, assets_available;"
        "print(find_assets_dir(), assets_available())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(tmp_path / "site")},
        cwd=tmp_path,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out == [str(tmp_path / "site" / "geomap" / "_static" / "assets"), "True"]


# --------------------------------------------------------------------------- heatmap basemap


def _geojson_layers(page: str) -> list[dict]:
    return [json.loads(m.group(1)) for m in re.finditer(r"L\.geoJSON\((\{.*?\}), \{", page)]


@pytest.fixture(scope="module")
def mentions():
    import datetime as dt

    from geomap.corpus import Article, mentions_from_articles

    arts = [
        Article("a", "Drones struck Sumy overnight.", date=dt.date(2024, 8, 5)),
        Article(
            "b", "Ukrainian forces crossed into Kursk region near Sudzha.", date=dt.date(2024, 8, 6)
        ),
    ]
    return mentions_from_articles(arts)


def test_heatmap_page_has_offline_basemap(mentions):
    from geomap import _maps_style as sty
    from geomap.heatmap import heatmap_from_mentions

    page = heatmap_from_mentions(mentions, tiles=None).get_root().render()
    assert "tile.openstreetmap" not in page
    assert 'createPane("geomapBasemap")' in re.sub(r"\s+", "", page)
    layers = [g for g in _geojson_layers(page) if g.get("features")]
    fills = {
        f["properties"]["s"].get("fillColor"): shape(f["geometry"])
        for g in layers
        for f in g["features"]
        if "s" in f.get("properties", {})
    }
    ua, ru = fills[sty.BASEMAP["fill"]["UA"]], fills[sty.BASEMAP["fill"]["RU"]]
    sumy, sudzha = Point(34.80, 50.91), Point(35.27, 51.19)  # the places the articles name
    assert ua.contains(sumy) and not ua.contains(sudzha)
    assert ru.contains(sudzha) and not ru.contains(sumy)
    assert shapely.union_all([ua, ru]).bounds[0] < 24.0  # all of Ukraine, not just the focus


def test_heatmap_tiles_sit_above_the_basemap(mentions):
    from geomap.heatmap import heatmap_from_mentions

    page = heatmap_from_mentions(mentions).get_root().render()
    compact = re.sub(r"\s+", "", page)
    assert "tile.openstreetmap.org" in page  # tiles when online, as before
    z = re.search(r'createPane\("geomapBasemap"\);[^;]*\.style\.zIndex=(\d+)', compact)
    assert z and int(z.group(1)) < 200  # under Leaflet's tile pane: tiles cover it online
    assert 'pane:"geomapBasemap"' in compact
