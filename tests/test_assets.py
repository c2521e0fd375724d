"""Inlining CDN assets into self-contained pages, and fetching them (geomap._asset_fetch).

Most tests build their own small asset folder; the last ones use the real
cache when ``tools/fetch_assets.py`` has filled it, and skip otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import re
import tarfile
from pathlib import Path

import folium
import pytest
from folium import plugins

from geomap import _assets
from geomap._assets import assets_available, find_assets_dir, inline_assets

REPO = Path(__file__).resolve().parents[1]

JS_URL = "https://cdn.example.org/npm/lib@1.0.0/dist/lib.min.js"
CSS_URL = "https://cdn.example.org/npm/lib@1.0.0/dist/lib.css"
FONT_CSS_URL = "https://cdn.example.org/npm/icons@2.0.0/css/all.css"
UNKNOWN_URL = "https://cdn.example.org/npm/other@3.0.0/other.js"

JS = (
    "window.libValue = '</script><!-- not a comment -->';\n"
    "window.libLoaded = true;\n"
    "//# sourceMappingURL=lib.min.js.map\n"
)
CSS = (
    ".a{background:url(images/a.png)}\n"
    ".b{background:url('data:image/gif;base64,R0lGODlhAQABAAAAACw=')}\n"
    ".c{behavior:url(#default#VML)}\n"
    ".d{content:'</style>'}\n"
)
ICON_CSS = (
    '@font-face{font-family:"Icons";font-weight:900;'
    'src:url(../fonts/icons.woff2) format("woff2"),url(../fonts/icons.ttf) format("truetype")}\n'
    '@font-face{font-family:"Icons Old";font-weight:900;'
    'src:url(../fonts/icons.woff2) format("woff2"),url(../fonts/icons.ttf) format("truetype")}\n'
    '@font-face{font-family:"Single";src:url(../fonts/single.woff2) format("woff2")}\n'
    ".i{font-family:Icons}\n"
)
PNG = b"\x89PNG\r\n\x1a\n fake png"
WOFF2 = b"wOF2 fake font bytes"
TTF = b"\x00\x01\x00\x00 fake ttf"
SINGLE = b"wOF2 single"

PAGE = f"""<!DOCTYPE html>
<html><head>
    <script src="{JS_URL}"></script>
    <link rel="stylesheet" href="{CSS_URL}"/>
    <link rel="stylesheet" href="{FONT_CSS_URL}"/>
    <script src="{UNKNOWN_URL}"></script>
    <script src="local.js"></script>
</head><body><div id="map"></div><script>var x = 1;</script></body></html>
"""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """A small asset folder in the layout tools/fetch_assets.py writes."""
    root = tmp_path / "assets"
    files = {
        "npm/lib@1.0.0/dist/lib.min.js": JS.encode(),
        "npm/lib@1.0.0/dist/lib.css": CSS.encode(),
        "npm/lib@1.0.0/dist/images/a.png": PNG,
        "npm/icons@2.0.0/css/all.css": ICON_CSS.encode(),
        "npm/icons@2.0.0/fonts/icons.woff2": WOFF2,
        "npm/icons@2.0.0/fonts/icons.ttf": TTF,
        "npm/icons@2.0.0/fonts/single.woff2": SINGLE,
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)

    def entry(kind, rel, source, deps=()):
        out = {"kind": kind, "path": rel, "sha256": _sha(files[rel]), "source": source}
        if deps:
            out["deps"] = list(deps)
        return out

    manifest = {
        "format": 1,
        "assets": {
            JS_URL: entry("js", "npm/lib@1.0.0/dist/lib.min.js", "npm:lib@1.0.0"),
            CSS_URL: entry(
                "css",
                "npm/lib@1.0.0/dist/lib.css",
                "npm:lib@1.0.0",
                ["npm/lib@1.0.0/dist/images/a.png"],
            ),
            FONT_CSS_URL: entry("css", "npm/icons@2.0.0/css/all.css", "npm:icons@2.0.0"),
        },
        "files": {rel: _sha(data) for rel, data in files.items()},
        "unsatisfied": {},
    }
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def test_known_tags_are_inlined(assets):
    out = inline_assets(PAGE, assets_dir=assets)
    assert f'src="{JS_URL}"' not in out
    assert f'href="{CSS_URL}"' not in out
    assert f'href="{FONT_CSS_URL}"' not in out
    assert "window.libLoaded = true;" in out
    assert ".i{font-family:Icons}" in out
    assert out.count("<style>") == 2
    # the page's own scripts are untouched
    assert '<script src="local.js"></script>' in out
    assert "<script>var x = 1;</script>" in out


def test_css_files_become_data_uris(assets):
    out = inline_assets(PAGE, assets_dir=assets)
    assert f'url("data:image/png;base64,{_b64(PNG)}")' in out
    assert f'url("data:font/woff2;base64,{_b64(SINGLE)}") format("woff2")' in out
    # data: and #fragment references are kept as they were
    assert "url('data:image/gif;base64,R0lGODlhAQABAAAAACw=')" in out
    assert "url(#default#VML)" in out
    assert "images/a.png" not in out


def test_woff2_preferred_and_shared_fonts_embedded_once(assets):
    out = inline_assets(PAGE, assets_dir=assets)
    assert _b64(TTF) not in out  # the TTF fallback is dropped when WOFF2 exists
    assert out.count(_b64(WOFF2)) == 1  # named by two @font-face rules, embedded once
    script = re.search(r"var F=(\[.*?\]);", out)
    assert script is not None
    faces = json.loads(script.group(1))
    assert [f[0] for f in faces] == ["Icons", "Icons Old"]
    assert faces[0][1] == ['url("', 0, '") format("woff2")']
    assert faces[0][2] == {"weight": "900"}


def test_network_font_sources_are_dropped(assets):
    remote = (
        "@font-face{font-family:'Glyphs';src:url('//cdn.example.org/g.eot');"
        "src:url('//cdn.example.org/g.woff') format('woff')}\n"
        "@font-face{font-family:'Mixed';"
        "src:url(https://cdn.example.org/m.woff2) format('woff2'),url(../fonts/single.woff2)}\n"
        ".g{font-family:Glyphs}\n"
    )
    (assets / "npm/icons@2.0.0/css/all.css").write_text(remote, encoding="utf-8")
    manifest = json.loads((assets / "manifest.json").read_text(encoding="utf-8"))
    manifest["assets"][FONT_CSS_URL]["sha256"] = _sha(remote.encode())
    (assets / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = inline_assets(PAGE, assets_dir=assets)
    assert "cdn.example.org/g." not in out and "cdn.example.org/m." not in out
    assert "'Glyphs'" not in out  # no source left: the rule is gone
    assert (
        f"@font-face{{font-family:'Mixed';src:url(\"data:font/woff2;base64,{_b64(SINGLE)}\")}}"
        in out
    )
    assert ".g{font-family:Glyphs}" in out


def test_script_and_style_end_tags_are_escaped(assets):
    out = inline_assets(PAGE, assets_dir=assets)
    inlined_js = re.search(r"<script>\n(window\.libValue.*?)\n</script>", out, re.S)
    assert inlined_js is not None
    assert "</script" not in inlined_js.group(1)
    assert "<\\/script>" in inlined_js.group(1)
    assert "<!--" not in inlined_js.group(1)
    assert "content:'<\\/style>'" in out
    assert "sourceMappingURL" not in out


def test_unknown_urls_untouched_with_warning(assets, caplog):
    with caplog.at_level(logging.WARNING, logger="geomap.assets"):
        out = inline_assets(PAGE, assets_dir=assets)
    assert f'<script src="{UNKNOWN_URL}"></script>' in out
    assert UNKNOWN_URL in caplog.text


def test_deterministic(assets):
    first = inline_assets(PAGE, assets_dir=assets)
    _assets._read_cached.cache_clear()
    _assets._load_manifest_cached.cache_clear()
    assert inline_assets(PAGE, assets_dir=assets) == first
    assert inline_assets(first, assets_dir=assets) == first  # nothing left to inline


def test_missing_assets_leave_page_unchanged(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="geomap.assets"):
        out = inline_assets(PAGE, assets_dir=tmp_path / "nowhere")
    assert out == PAGE
    assert "geomap assets fetch" in caplog.text
    assert not assets_available(tmp_path / "nowhere")


def test_corrupt_file_keeps_cdn_tag(assets, caplog):
    (assets / "npm/lib@1.0.0/dist/lib.min.js").write_text("tampered", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geomap.assets"):
        out = inline_assets(PAGE, assets_dir=assets)
    assert f'<script src="{JS_URL}"></script>' in out
    assert f'href="{CSS_URL}"' not in out  # the intact files are still inlined
    assert "sha256" in caplog.text
    assert not assets_available(assets)


def test_missing_css_dependency_keeps_reference(assets, caplog):
    (assets / "npm/lib@1.0.0/dist/images/a.png").unlink()
    with caplog.at_level(logging.WARNING, logger="geomap.assets"):
        out = inline_assets(PAGE, assets_dir=assets)
    assert "url(images/a.png)" in out
    assert "images/a.png" in caplog.text


def test_page_without_external_files_is_returned_as_is(assets):
    page = "<html><body><script>var a = '<link rel=\"stylesheet\">';</script></body></html>"
    assert inline_assets(page, assets_dir=assets) is page


def test_assets_dir_lookup_order(assets, tmp_path, monkeypatch):
    from geomap.settings import settings

    monkeypatch.setattr(settings, "assets_dir", None)
    monkeypatch.setenv("GEOMAP_ASSETS", str(assets))
    assert find_assets_dir() == assets
    monkeypatch.setattr(settings, "assets_dir", tmp_path / "empty")
    assert find_assets_dir() is None  # an explicit setting is the only place looked at
    assert find_assets_dir(assets) == assets
    assert assets_available(assets)


def test_leaflet_default_icon_gets_data_uris(assets):
    manifest = json.loads((assets / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["assets"][JS_URL]
    entry["icon_default"] = {"iconUrl": "npm/lib@1.0.0/dist/images/a.png"}
    (assets / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = inline_assets(PAGE, assets_dir=assets)
    assert "L.Icon.Default.mergeOptions(" in out
    assert f'"iconUrl": "data:image/png;base64,{_b64(PNG)}"' in out


# --------------------------------------------------------------------------- fetch_assets


@pytest.fixture(scope="module")
def fa():
    from geomap import _asset_fetch

    return _asset_fetch


def test_every_geomap_url_has_a_source(fa):
    urls = fa.discover_urls()
    leaflet = [u for u in urls if re.search(r"/leaflet@[\d.]+/dist/leaflet\.js$", u)]
    assert leaflet and urls[leaflet[0]] == "js"
    unresolved = {u: s for u in urls if isinstance(s := fa.resolve_url(u), str)}
    assert unresolved == {}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
            ("npm", "@fortawesome/fontawesome-free", "6.2.0", "css/all.min.css"),
        ),
        (
            "https://code.jquery.com/jquery-3.7.1.min.js",
            ("npm", "jquery", "3.7.1", "dist/jquery.min.js"),
        ),
        (
            "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
            ("npm", "leaflet.markercluster", "1.1.0", "MarkerCluster.css"),
        ),
        (
            "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js",
            ("npm", "leaflet-measure", "2.1.7", "dist/leaflet-measure.min.js"),
        ),
        (
            "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js",
            ("folium", "", "", "leaflet_heat.min.js"),
        ),
    ],
)
def test_resolve_url(fa, url, expected):
    src = fa.resolve_url(url)
    assert (src.kind, src.package, src.version, src.path) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://unpkg.com/@geoman-io/leaflet-geoman-free@latest/dist/leaflet-geoman.js",
        "https://unpkg.com/leaflet.boatmarker/leaflet.boatmarker.min.js",
        "https://example.org/some.js",
    ],
)
def test_unpinned_or_unknown_urls_are_unsatisfied(fa, url):
    assert isinstance(fa.resolve_url(url), str)


def test_find_member_tries_folders_and_min_variants(fa):
    names = dict.fromkeys(
        ["dist/a.js", "src/b.js", "css/c.css", "example/d.js", "lib/deep/d.js", "x.min.js"]
    )
    assert fa._find_member(names, "a.js") == "dist/a.js"
    assert fa._find_member(names, "b.min.js") == "src/b.js"
    assert fa._find_member(names, "c.min.css") == "css/c.css"
    assert fa._find_member(names, "d.js") == "lib/deep/d.js"  # examples are never used
    assert fa._find_member(names, "x.js") == "x.min.js"
    assert fa._find_member(names, "nothing.js") is None


def _tarball(path: Path, files: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_fetch_writes_manifest_and_second_run_uses_no_network(fa, tmp_path, monkeypatch):
    urls = {
        "https://cdn.jsdelivr.net/npm/leaflet@9.9.9/dist/leaflet.js": "js",
        "https://cdn.jsdelivr.net/npm/leaflet@9.9.9/dist/leaflet.css": "css",
        "https://cdn.jsdelivr.net/npm/nosuch@1.0.0/x.js": "js",
    }
    package = {
        "dist/leaflet.js": b"window.L = {};",
        "dist/leaflet.css": b".x{background:url(images/layers.png)}",
        "dist/images/layers.png": b"png",
        "dist/images/marker-icon.png": b"icon",
        "dist/images/marker-icon-2x.png": b"icon2",
        "dist/images/marker-shadow.png": b"shadow",
        "README.md": b"not needed",
    }
    calls = []

    def fake_pack(specs, workdir):
        calls.append(list(specs))
        _tarball(workdir / "leaflet-9.9.9.tgz", package)
        packed = {"leaflet@9.9.9": {"file": "leaflet-9.9.9.tgz", "integrity": "sha512-x"}}
        return packed, {"nosuch@1.0.0": "npm error code E404"}

    monkeypatch.setattr(fa, "_pack", fake_pack)
    monkeypatch.setattr(fa, "discover_urls", lambda plugins: urls)
    dest = tmp_path / "assets"
    assert fa.main(["--dest", str(dest), "-q"]) == 0
    assert calls == [["leaflet@9.9.9", "nosuch@1.0.0"]]

    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    js = manifest["assets"]["https://cdn.jsdelivr.net/npm/leaflet@9.9.9/dist/leaflet.js"]
    assert js["path"] == "npm/leaflet@9.9.9/dist/leaflet.js"
    assert js["sha256"] == _sha(b"window.L = {};")
    assert set(js["icon_default"]) == {"iconUrl", "iconRetinaUrl", "shadowUrl"}
    css = manifest["assets"]["https://cdn.jsdelivr.net/npm/leaflet@9.9.9/dist/leaflet.css"]
    assert css["deps"] == ["npm/leaflet@9.9.9/dist/images/layers.png"]
    assert "E404" in manifest["unsatisfied"]["https://cdn.jsdelivr.net/npm/nosuch@1.0.0/x.js"]
    assert not (dest / "npm/leaflet@9.9.9/README.md").exists()  # only needed files kept

    assert fa.main(["--dest", str(dest), "-q"]) == 0
    assert fa.main(["--dest", str(dest), "--check"]) == 0
    assert len(calls) == 1  # everything present: no npm call

    (dest / "npm/leaflet@9.9.9/dist/images/layers.png").write_bytes(b"changed")
    assert fa.main(["--dest", str(dest), "--check"]) == 1
    assert fa.main(["--dest", str(dest), "-q"]) == 0
    assert calls[-1] == ["leaflet@9.9.9"]  # only the stale package is fetched again
    assert (dest / "npm/leaflet@9.9.9/dist/images/layers.png").read_bytes() == b"png"


def test_fetch_network_failure_is_retried_and_fails_the_run(fa, tmp_path, monkeypatch):
    urls = {"https://cdn.jsdelivr.net/npm/leaflet@9.9.9/dist/leaflet.js": "js"}
    monkeypatch.setattr(fa, "discover_urls", lambda plugins: urls)
    monkeypatch.setattr(
        fa, "_pack", lambda specs, workdir: ({}, dict.fromkeys(specs, "cannot reach registry"))
    )
    dest = tmp_path / "assets"
    assert fa.main(["--dest", str(dest), "-q"]) == 1
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["assets"] == {} and manifest["unsatisfied"] == {}


# --------------------------------------------------------------------------- real cache

needs_real_assets = pytest.mark.skipif(
    not assets_available(), reason="front-end assets not fetched; run tools/fetch_assets.py"
)


@needs_real_assets
def test_real_cache_covers_geomap_plugins(fa):
    assert fa.main(["--check", "-q"]) == 0


@needs_real_assets
def test_real_folium_page_becomes_self_contained():
    m = folium.Map(tiles=None)
    plugins.MarkerCluster().add_to(m)
    plugins.Fullscreen().add_to(m)
    plugins.MeasureControl().add_to(m)
    plugins.MiniMap().add_to(m)
    plugins.HeatMap([[50.0, 36.0, 1.0]]).add_to(m)
    plugins.MousePosition().add_to(m)
    out = inline_assets(m.get_root().render())
    tags = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']https?://[^\"']+", out)
    assert tags == []
    assert "L.Icon.Default.mergeOptions" in out
    assert 'src:url("data:font/woff2;base64,' in out  # glyphicons, a single @font-face
