"""A small npm registry client: package tarballs by exact version, integrity-checked.

Used by ``geomap assets fetch`` and by the wheel build to get the front-end
libraries folium pages load (Leaflet and plugins) without needing Node.js.
For ``name@version`` it reads the package document ("packument") at
``<registry>/<name>``, downloads ``versions[version].dist.tarball`` and checks
it against ``dist.integrity`` (Subresource-Integrity, e.g. ``sha512-...``) or,
for very old packages, the hex ``dist.shasum``. A tarball that does not match
is never used.

The registry is, in order: ``settings.npm_registry`` (env
``GEOMAP_NPM_REGISTRY``), npm's own configuration (env ``NPM_CONFIG_REGISTRY``
or ``npm_config_registry``, then the ``registry=`` line of the user's
``.npmrc``), then the public registry.

>>> _sri_ok(b"abc", "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
True
>>> _sri_ok(b"abd", "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
False
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

__all__ = ["DEFAULT_REGISTRY", "RegistryError", "fetch_tarball", "registry_url"]

DEFAULT_REGISTRY = "https://registry.npmjs.org/"
#: Largest package document / tarball read (bytes).
MAX_PACKUMENT_BYTES = 64 * 1024 * 1024
MAX_TARBALL_BYTES = 64 * 1024 * 1024
_ABBREVIATED = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8"
_SRI_ALGOS = ("sha512", "sha384", "sha256")


class RegistryError(Exception):
    """A package could not be fetched; ``permanent`` when retrying cannot help."""

    def __init__(self, msg: str, *, permanent: bool = False):
        super().__init__(msg)
        self.permanent = permanent


def _npmrc_registry() -> str | None:
    path = os.environ.get("NPM_CONFIG_USERCONFIG") or os.environ.get("npm_config_userconfig")  # noqa: SIM112
    npmrc = Path(path).expanduser() if path else Path.home() / ".npmrc"
    try:
        text = npmrc.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        m = re.match(r"\s*registry\s*=\s*(\S+)\s*$", line)
        if m:
            return m.group(1)
    return None


def registry_url(explicit: str | None = None) -> str:
    """The registry base URL (ending in ``/``): see the module doc for the order.

    >>> registry_url("http://127.0.0.1:4873")
    'http://127.0.0.1:4873/'
    """
    if explicit is None:
        from .settings import settings

        explicit = settings.npm_registry
    url = (
        explicit
        or os.environ.get("NPM_CONFIG_REGISTRY")
        or os.environ.get("npm_config_registry")  # noqa: SIM112
        or _npmrc_registry()
        or DEFAULT_REGISTRY
    )
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        msg = f"npm registry URL {url!r} is not http(s); set GEOMAP_NPM_REGISTRY to an http(s) URL"
        raise RegistryError(msg, permanent=True)
    return url if url.endswith("/") else url + "/"


def _get(url: str, limit: int, *, accept: str | None = None) -> bytes:
    from .settings import settings

    headers = {"User-Agent": settings.user_agent}
    if accept:
        headers["Accept"] = accept
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise RegistryError(f"refusing non-http(s) URL {url!r}", permanent=True)
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=settings.http_timeout_s) as resp:
            data = resp.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise RegistryError(
            f"{exc.code} {exc.reason} for {url}", permanent=exc.code == 404
        ) from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RegistryError(f"cannot reach {url}: {reason}") from None
    if len(data) > limit:
        raise RegistryError(f"{url} is larger than {limit} bytes", permanent=True)
    return data


def _sri_ok(data: bytes, integrity: str) -> bool:
    """Whether ``data`` matches the strongest hash of an SRI string."""
    hashes: dict[str, list[str]] = {}
    for token in integrity.split():
        algo, _, digest = token.partition("-")
        hashes.setdefault(algo, []).append(digest.split("?")[0])
    for algo in _SRI_ALGOS:
        if algo in hashes:
            got = base64.b64encode(hashlib.new(algo, data).digest()).decode("ascii")
            return got in hashes[algo]
    return False


def _dist(registry: str, name: str, version: str) -> dict:
    quoted = urllib.parse.quote(name, safe="@")  # @scope/name -> @scope%2Fname
    raw = _get(registry + quoted, MAX_PACKUMENT_BYTES, accept=_ABBREVIATED)
    try:
        doc = json.loads(raw)
    except ValueError:
        raise RegistryError(f"registry answer for {name} is not JSON") from None
    dist = (
        ((doc.get("versions") or {}).get(version) or {}).get("dist")
        if isinstance(doc, dict)
        else None
    )
    if not isinstance(dist, dict) or not dist.get("tarball"):
        raise RegistryError(f"No matching version {name}@{version} in {registry}", permanent=True)
    return dist


def fetch_tarball(spec: str, dest: Path, *, registry: str | None = None) -> dict:
    """Download ``name@version`` into ``dest`` (a file path) after checking its integrity.

    Returns ``{"file": dest name, "integrity": SRI string, "tarball": URL}``;
    raises :class:`RegistryError` otherwise (nothing is left at ``dest``).
    """
    name, _, version = spec.rpartition("@")
    if not name or not version:
        raise RegistryError(f"bad package spec {spec!r}", permanent=True)
    base = registry_url(registry)
    dist = _dist(base, name, version)
    data = _get(str(dist["tarball"]), MAX_TARBALL_BYTES)
    integrity = str(dist.get("integrity") or "")
    if integrity:
        ok = _sri_ok(data, integrity)
    elif dist.get("shasum"):
        ok = hashlib.sha1(data).hexdigest() == str(dist["shasum"]).lower()
        integrity = f"sha1-{base64.b64encode(hashlib.sha1(data).digest()).decode()}"
    else:
        raise RegistryError(f"registry gives no checksum for {spec}", permanent=True)
    if not ok:
        raise RegistryError(
            f"{spec}: tarball does not match the registry's integrity {integrity[:20]}..."
        )
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, dest)
    return {"file": dest.name, "integrity": integrity, "tarball": str(dist["tarball"])}
