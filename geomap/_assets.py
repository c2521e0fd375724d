"""Self-contained HTML: inline the CDN scripts and stylesheets of a folium page.

folium pages load Leaflet, jQuery, Bootstrap, Font Awesome and plugin files
from CDNs, so they render blank without internet. :mod:`geomap._asset_fetch`
(``geomap assets fetch``, the wheel build, ``make setup``) fetches those files
from the npm registry into an asset folder with a
``manifest.json`` (CDN URL -> local file, sha256). :func:`inline_assets`
replaces each known ``<script src=...>`` / ``<link rel="stylesheet" href=...>``
by an inline ``<script>`` / ``<style>`` holding the file, with the fonts and
images its CSS refers to turned into ``data:`` URIs, so the page needs no
network at all.

The asset folder is, in order: the ``assets_dir`` argument,
``settings.assets_dir`` (env ``GEOMAP_ASSETS``); otherwise the first of the
user's cache ``<settings.cache_dir>/assets`` (written by ``geomap assets
fetch``), the package's ``_static/assets`` (put in the wheel at build time)
and ``<repo>/.cache/assets`` next to the package (``make setup``, editable
installs) that holds a manifest. Without one, pages keep their CDN tags,
a warning is logged and one line is printed on stderr, once per process
(:data:`NEEDS_INTERNET`): inlining never fails.

>>> from geomap._assets import inline_assets
>>> inline_assets("<p>no external files</p>")
'<p>no external files</p>'
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import sys
from functools import lru_cache
from html import escape as html_escape
from pathlib import Path

from ._log import get_logger

__all__ = [
    "NEEDS_INTERNET",
    "asset_dirs",
    "assets_available",
    "find_assets_dir",
    "inline_assets",
    "user_assets_dir",
]

_log = get_logger("assets")

MANIFEST = "manifest.json"
_FORMAT = 1

#: The line printed (once per process) when a page keeps CDN links.
NEEDS_INTERNET = (
    "geomap: page needs internet: run `geomap assets fetch` once to make pages self-contained"
)
_warned = False

_MIME = {
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".cur": "image/x-icon",
}

_SCRIPT_TAG = re.compile(
    r"<script\b(?P<attrs>[^>]*)>\s*</script\s*>",
    re.IGNORECASE,
)
_LINK_TAG = re.compile(r"<link\b(?P<attrs>[^>]*?)/?>", re.IGNORECASE)
_ATTR = re.compile(
    r"""(?P<name>[^\s=/>]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?"""
)
_CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<ref>[^'")]*)(?P=q)\s*\)""", re.IGNORECASE)
_FONT_FACE = re.compile(r"@font-face\s*\{[^{}]*\}", re.IGNORECASE)
_SOURCE_MAP = re.compile(
    r"(?m)^[ \t]*//[#@] sourceMappingURL=\S*[ \t]*$|/\*[#@] sourceMappingURL=[^*]*\*/"
)


def _repo_assets_dir() -> Path:
    return Path(__file__).resolve().parents[1] / ".cache" / "assets"


def _package_assets_dir() -> Path:
    return Path(__file__).resolve().parent / "_static" / "assets"


def user_assets_dir() -> Path:
    """The per-user asset cache written by ``geomap assets fetch``."""
    from .settings import settings

    return Path(settings.cache_dir).expanduser() / "assets"


def asset_dirs() -> list[tuple[str, Path]]:
    """The folders looked in when no asset folder is set, in order, with a label.

    >>> [label for label, _ in asset_dirs()][-3:]
    ['user cache', 'package', 'repository']
    """
    out = []
    if os.environ.get("GEOMAP_ASSETS"):
        out.append(("GEOMAP_ASSETS", Path(os.environ["GEOMAP_ASSETS"]).expanduser()))
    out.append(("user cache", user_assets_dir()))
    out.append(("package", _package_assets_dir()))
    repo = _repo_assets_dir()
    if (repo.parents[1] / "pyproject.toml").is_file():  # a source checkout, not site-packages
        out.append(("repository", repo))
    return out


def find_assets_dir(assets_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the folder holding ``manifest.json``, or ``None``.

    An explicit ``assets_dir`` (argument, then ``settings.assets_dir``) is the
    only place looked at when given; otherwise the folders of
    :func:`asset_dirs` are tried in order.

    >>> find_assets_dir("/nonexistent/folder") is None
    True
    """
    if assets_dir is None:
        from .settings import settings

        assets_dir = settings.assets_dir
    if assets_dir is not None:
        path = Path(assets_dir).expanduser()
        return path if (path / MANIFEST).is_file() else None
    for _label, path in asset_dirs():
        if (path / MANIFEST).is_file():
            return path
    return None


def _needs_internet() -> None:
    """Print :data:`NEEDS_INTERNET` on stderr, the first time only."""
    global _warned
    if not _warned:
        _warned = True
        print(NEEDS_INTERNET, file=sys.stderr)


def assets_available(assets_dir: str | os.PathLike[str] | None = None) -> bool:
    """True when an asset folder with a readable manifest and all its files exists.

    >>> assets_available("/nonexistent/folder")
    False
    """
    root = find_assets_dir(assets_dir)
    if root is None:
        return False
    manifest = _load_manifest(root)
    if not manifest.get("assets"):
        return False
    return all(
        _read_verified(root, e["path"], e["sha256"]) is not None
        for e in manifest["assets"].values()
    )


def _stat_key(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def _load_manifest(root: Path) -> dict:
    return _load_manifest_cached(str(root / MANIFEST), _stat_key(root / MANIFEST))


@lru_cache(maxsize=8)
def _load_manifest_cached(path: str, _key: tuple[int, int]) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return {}
    return data


def _read_verified(root: Path, rel: str, sha256: str | None) -> bytes | None:
    path = (root / rel).resolve()
    if not path.is_relative_to(root.resolve()):
        return None
    return _read_cached(str(path), _stat_key(path), sha256)


@lru_cache(maxsize=256)
def _read_cached(path: str, key: tuple[int, int], sha256: str | None) -> bytes | None:
    if key[0] < 0:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        _log.warning("asset %s does not match its sha256; run `geomap assets fetch`", path)
        return None
    return data


def _data_uri(path: Path, data: bytes) -> str:
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _split_top_level(value: str) -> list[str]:
    """Split a CSS value on commas outside parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(value):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return parts


_REMOTE_URL = re.compile(r"""url\(\s*['"]?(?:https?:|//)""", re.IGNORECASE)


def _clean_font_faces(css: str) -> str:
    """Drop network font sources and, where WOFF2 is offered, the other formats.

    A self-contained page cannot load a font from a CDN: such sources are
    removed, and an ``@font-face`` left without any source is removed whole
    (the family then comes from another rule, e.g. Bootstrap's glyphicons
    sheet, instead of failing to load). Every browser that runs Leaflet 1.9
    reads WOFF2, and embedding the TTF/EOT/SVG fallbacks as data: URIs would
    triple the page size.
    """

    def fix_rule(m: re.Match[str]) -> str:
        rule = m.group(0)
        srcs = [
            [i.strip() for i in _split_top_level(d.group(2)) if not _REMOTE_URL.search(i)]
            for d in re.finditer(r"(src\s*:\s*)([^;}]*)", rule, flags=re.IGNORECASE)
        ]
        woff2 = any(".woff2" in i.lower() for items in srcs for i in items)
        kept = iter([i for i in items if not woff2 or ".woff2" in i.lower()] for items in srcs)

        def fix_src(d: re.Match[str]) -> str:
            items = next(kept)
            return f"{d.group(1)}{','.join(items)}" if items else ""

        rule = re.sub(r"(src\s*:\s*)([^;}]*)", fix_src, rule, flags=re.IGNORECASE)
        if not re.search(r"src\s*:", rule, re.IGNORECASE):
            return ""
        return re.sub(r";\s*;", ";", re.sub(r"\{\s*;", "{", rule))

    return _FONT_FACE.sub(fix_rule, css)


_DESCRIPTORS = {
    "font-family": "family",
    "src": "src",
    "font-style": "style",
    "font-weight": "weight",
    "font-stretch": "stretch",
    "font-display": "display",
    "unicode-range": "unicodeRange",
    "font-feature-settings": "featureSettings",
}


def _split_declarations(body: str) -> list[tuple[str, str]] | None:
    """``name: value`` pairs of a rule body, or None when it holds anything else."""
    out = []
    for decl in body.split(";"):
        if not decl.strip():
            continue
        name, colon, value = decl.partition(":")
        if not colon:
            return None
        out.append((name.strip().lower(), value.strip()))
    return out


class _CssInliner:
    """Turns the local ``url(...)`` references of one CSS file into data: URIs.

    Fonts named by several ``@font-face`` rules go to ``shared`` (data: URIs in
    order of first use) and ``faces`` (family, source parts, descriptors).
    """

    def __init__(self, css_path: Path, root: Path, files: dict[str, str]):
        self.css_path, self.root, self.files = css_path, root, files
        self.cache: dict[str, str | None] = {}
        self.counts: dict[str, int] = {}  # @font-face rules naming each file
        self.missing: list[str] = []
        self.shared: list[str] = []
        self.faces: list[list] = []

    def local(self, ref: str) -> tuple[str, str] | None:
        """(package-relative path, #fragment) of a local reference, else None."""
        ref = ref.strip()
        if not ref or re.match(r"^(data:|https?:|//|#|about:)", ref, re.IGNORECASE):
            return None
        clean = re.split(r"[?#]", ref, maxsplit=1)[0]
        if not clean:
            return None
        path = (self.css_path.parent / clean).resolve()
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        return rel, ref[len(clean) :].partition("#")[2]

    def data_uri(self, rel: str) -> str | None:
        """The data: URI of a package file, None when it is missing or fails its check."""
        if rel not in self.cache:
            data = _read_verified(self.root, rel, self.files.get(rel))
            self.cache[rel] = None if data is None else _data_uri(self.root / rel, data)
        return self.cache[rel]

    def count_font_refs(self, css: str) -> None:
        """Count the ``@font-face`` rules naming each local file."""
        for r in _FONT_FACE.finditer(css):
            refs = {loc[0] for u in _CSS_URL.finditer(r.group(0)) if (loc := self.local(u["ref"]))}
            for rel in refs:
                self.counts[rel] = self.counts.get(rel, 0) + 1

    def font_face(self, m: re.Match[str]) -> str:
        """An ``@font-face`` rule, or "" when it goes to the FontFace script."""
        rule = m.group(0)
        decls = _split_declarations(rule[rule.index("{") + 1 : -1])
        refs = [loc for u in _CSS_URL.finditer(rule) if (loc := self.local(u.group("ref")))]
        if (
            not decls
            or not refs
            or not any(self.counts.get(rel, 0) > 1 for rel, _ in refs)
            or any(name not in _DESCRIPTORS for name, _ in decls)
            or any(self.data_uri(rel) is None for rel, _ in refs)
        ):
            return rule
        family, src, options = "", list[str | int](), dict[str, str]()
        for name, value in decls:
            key = _DESCRIPTORS[name]
            if key == "family":
                family = value.strip("\"'")
            elif key == "src":
                src.extend(self._src_parts(value))
            else:
                options[key] = value
        if not family or not src:
            return rule
        parts: list = []
        for p in src:  # join neighbouring strings
            if isinstance(p, str) and parts and isinstance(parts[-1], str):
                parts[-1] += p
            elif p != "":
                parts.append(p)
        self.faces.append([family, parts, dict(sorted(options.items()))])
        return ""

    def _src_parts(self, value: str) -> list[str | int]:
        """A ``src`` descriptor as text pieces and indexes into ``shared``."""
        src: list[str | int] = []
        pos = 0  # end of the last url(...)
        for u in _CSS_URL.finditer(value):
            src.append(value[pos : u.start()])
            loc = self.local(u.group("ref"))
            if loc is None:
                src.append(u.group(0))
            else:
                uri = self.data_uri(loc[0]) or ""  # checked by the caller: never None here
                if uri not in self.shared:
                    self.shared.append(uri)
                src.extend(['url("', self.shared.index(uri), f'{"#" + loc[1] if loc[1] else ""}")'])
            pos = u.end()
        src.append(value[pos:])
        return src

    def url(self, m: re.Match[str]) -> str:
        """A ``url(...)`` reference with a local file turned into its data: URI."""
        loc = self.local(m.group("ref"))
        if loc is None:
            return m.group(0)
        uri = self.data_uri(loc[0])
        if uri is None:
            self.missing.append(m.group("ref").strip())
            return m.group(0)
        return f'url("{uri}{"#" + loc[1] if loc[1] else ""}")'


def _inline_css(
    css: str, css_path: Path, root: Path, url: str, files: dict[str, str]
) -> tuple[str, str]:
    """Return (CSS with data: URIs, JS registering de-duplicated fonts or "").

    A font file named by several ``@font-face`` rules (Font Awesome declares
    each font under its v4, v5 and v6 family names) is embedded once, in a
    script that registers every family with the ``FontFace`` API, instead of
    once per rule.
    """
    css = _clean_font_faces(css)
    inliner = _CssInliner(css_path, root, files)
    inliner.count_font_refs(css)
    css = _FONT_FACE.sub(inliner.font_face, css)
    out = _CSS_URL.sub(inliner.url, css)
    if missing := inliner.missing:
        _log.warning("%s: %d file(s) its CSS names are missing: %s", url, len(missing), missing[:3])
    js = ""
    if inliner.faces:
        js = (
            "(function(){if(!window.FontFace||!document.fonts){return;}"
            f"var D={json.dumps(inliner.shared)};"
            f"var F={json.dumps(inliner.faces, separators=(',', ':'))};"
            "F.forEach(function(f){var s=f[1].map(function(p){"
            'return typeof p==="number"?D[p]:p;}).join("");'
            "document.fonts.add(new FontFace(f[0],s,f[2]));});})();"
        )
    return out, js


def _escape_script(text: str) -> str:
    """Make text safe inside <script>...</script> without changing its meaning."""
    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "\\x3C!--")


def _escape_style(text: str) -> str:
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)


def _attrs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        value = m.group("dq")
        if value is None:
            value = m.group("sq") if m.group("sq") is not None else (m.group("bare") or "")
        out.setdefault(m.group("name").lower(), value)
    return out


def _script_src(m: re.Match[str]) -> str | None:
    src = _attrs(m.group("attrs")).get("src", "")
    return src if re.match(r"https?://", src, re.IGNORECASE) else None


def _stylesheet_href(m: re.Match[str]) -> str | None:
    attrs = _attrs(m.group("attrs"))
    href = attrs.get("href", "")
    if "stylesheet" not in attrs.get("rel", "").lower().split():
        return None
    return href if re.match(r"https?://", href, re.IGNORECASE) else None


def _external_urls(html: str) -> list[str]:
    """External URLs of the page's <script src> and <link rel=stylesheet> tags."""
    urls = {u for m in _SCRIPT_TAG.finditer(html) if (u := _script_src(m))}
    urls |= {u for m in _LINK_TAG.finditer(html) if (u := _stylesheet_href(m))}
    return sorted(urls)


def _icon_snippet(root: Path, icons: dict[str, str], files: dict[str, str]) -> str:
    """JS that points Leaflet's default marker icon at data: URIs.

    Leaflet finds its marker images through the folder of leaflet.css, which
    an inline stylesheet does not have.
    """
    options = {}
    for key, rel in sorted(icons.items()):
        data = _read_verified(root, rel, files.get(rel))
        if data is None:
            return ""
        options[key] = _data_uri(root / rel, data)
    return (
        "\n;(function(){if(window.L&&L.Icon&&L.Icon.Default){"
        'L.Icon.Default.imagePath="";'
        f"L.Icon.Default.mergeOptions({json.dumps(options, sort_keys=True)});}}}})();\n"
    )


def _render(url: str, entry: dict, root: Path, files: dict[str, str]) -> str | None:
    """The inline element for one manifest entry, or None when its file is unusable."""
    data = _read_verified(root, entry.get("path", ""), entry.get("sha256"))
    if data is None:
        return None
    text = _SOURCE_MAP.sub("", data.decode("utf-8", "replace"))
    label = f"<!-- geomap: inlined {entry.get('source', '')} {url} -->"
    if entry.get("kind") == "css":
        css, js = _inline_css(text, root / entry["path"], root, url, files)
        out = f"{label}\n<style>\n{_escape_style(css)}\n</style>"
        if js:
            out += f"\n<script>\n{_escape_script(js)}\n</script>"
        return out
    if entry.get("icon_default"):
        text += _icon_snippet(root, entry["icon_default"], files)
    return f"{label}\n<script>\n{_escape_script(text)}\n</script>"


def inline_assets(html: str, *, assets_dir: str | os.PathLike[str] | None = None) -> str:
    """Replace CDN ``<script>``/``<link>`` tags whose URL is in the asset manifest by inline copies.

    Tags whose URL is not in the manifest, or whose file is missing or fails
    its sha256 check, are left as they are (a warning is logged). The result
    depends only on ``html`` and the asset files: the same input gives
    byte-identical output.

    Parameters
    ----------
    html : str
        A full HTML page, e.g. ``folium.Map(...).get_root().render()``.
    assets_dir : path, optional
        Folder written by :mod:`geomap._asset_fetch`; default: see the module doc.

    Returns
    -------
    str
        The page with every known CDN file inlined.

    Examples
    --------
    >>> page = '<link rel="stylesheet" href="https://example.org/x.css"/>'
    >>> inline_assets(page, assets_dir="/nonexistent") == page
    True
    """
    external = _external_urls(html)
    if not external:
        return html
    root = find_assets_dir(assets_dir)
    if root is None:
        _log.warning(
            "no front-end asset folder found; the page keeps %d CDN link(s) and needs internet; "
            "run `geomap assets fetch` or set GEOMAP_ASSETS",
            len(external),
        )
        _needs_internet()
        return html
    root = root.resolve()
    manifest = _load_manifest(root)
    assets, files = manifest.get("assets", {}), manifest.get("files", {})
    rendered: dict[str, str | None] = {}
    unknown: set[str] = set()
    failed: set[str] = set()

    def element(url: str) -> str | None:
        if url not in assets:
            unknown.add(url)
            return None
        if url not in rendered:
            rendered[url] = _render(url, assets[url], root, files)
        if rendered[url] is None:
            failed.add(url)
        return rendered[url]

    def script(m: re.Match[str]) -> str:
        src = _script_src(m)
        new = element(src) if src else None
        return m.group(0) if new is None else new

    def link(m: re.Match[str]) -> str:
        href = _stylesheet_href(m)
        new = element(href) if href else None
        if new is None:
            return m.group(0)
        media = _attrs(m.group("attrs")).get("media")
        if media and media.lower() != "all":
            new = new.replace("<style>", f'<style media="{html_escape(media)}">', 1)
        return new

    out = _SCRIPT_TAG.sub(script, html)
    out = _LINK_TAG.sub(link, out)
    if failed:
        _log.warning(
            "%d asset file(s) missing or corrupt in %s, CDN link(s) kept: %s; "
            "run `geomap assets fetch`",
            len(failed),
            root,
            ", ".join(sorted(failed)),
        )
    if unknown:
        _log.warning(
            "%d URL(s) not in the asset manifest, left as CDN link(s): %s; "
            "add the plugin to GEOMAP_PLUGINS in geomap/_asset_fetch.py",
            len(unknown),
            ", ".join(sorted(unknown)),
        )
    if failed or unknown:
        _needs_internet()
    return out
