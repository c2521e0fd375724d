"""One HTTP GET for every download geomap makes (private).

:func:`http_get` asks once (no retries), follows redirects, caps the body
size, checks ``Content-Length`` and, above all, enforces a TOTAL deadline:
connecting, waiting for the headers and reading the body together take at
most ``timeout`` seconds. A socket timeout alone only bounds each ``recv``,
so a server that drips one byte every two seconds would hold a plain
``urlopen(...).read()`` for hours; here a watchdog shuts the connection down
when the deadline passes, and every read waits at most the time left.

Every failure is one :class:`~geomap._errors.FetchError` line naming the URL
or host and what to do (``hint``). ``file://`` URLs (a local mirror folder)
are read with the same size cap.

>>> http_get("file:///no/such/dir/x.zip", timeout=1, max_bytes=10)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
geomap._errors.FetchError: file:///no/such/dir/x.zip was not found (HTTP 404); ...
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from ._errors import FetchError

__all__ = ["Response", "http_get"]

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Response:
    """A downloaded body with the headers worth keeping (``Last-Modified``, ``ETag``...)."""

    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class _Watch:
    """Sockets of one request, shut down together when its deadline passes."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _handlers(watch: _Watch) -> list[urllib.request.BaseHandler]:
    """Handlers for urllib whose connections register their socket with ``watch``."""

    class _HTTP(http.client.HTTPConnection):
        def connect(self) -> None:
            self.timeout = max(0.01, min(self.timeout or watch.left(), watch.left()))
            super().connect()
            watch.add(self.sock)

    class _HTTPS(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.timeout = max(0.01, min(self.timeout or watch.left(), watch.left()))
            super().connect()
            watch.add(self.sock)

    class _HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(_HTTP, req)

    class _HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(_HTTPS, req, context=self._context)

    return [_HTTPHandler(), _HTTPSHandler()]


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _short(reason: object) -> str:
    text = " ".join(str(getattr(reason, "strerror", None) or reason).split())
    return text[:160] or type(reason).__name__


def _status_error(url: str, code: int, reason: str, hint: str) -> FetchError:
    if code == 404:
        return FetchError(f"{url} was not found (HTTP 404); {hint}")
    if code == 429:
        return FetchError(
            f"{_host(url)} asks us to slow down (HTTP 429); wait before fetching again"
        )
    return FetchError(f"{url} answered HTTP {code} {reason}; try again later")


def http_get(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    user_agent: str | None = None,
    headers: dict[str, str] | None = None,
    hint: str = "check the URL",
    offline_hint: str = "check the network",
    progress: Callable[[int], None] | None = None,
) -> Response:
    """GET ``url`` once within ``timeout`` seconds in total and return its body.

    Parameters
    ----------
    url : str
        ``http``, ``https`` or ``file`` URL.
    timeout : float
        Total deadline, seconds: connecting, headers and body together.
    max_bytes : int
        Largest body accepted (announced or received).
    user_agent, headers
        Request headers.
    hint, offline_hint : str
        End of the message for a missing URL (HTTP 404) and for an unreachable host.
    progress : callable, optional
        Called with the size of each chunk received.

    Returns
    -------
    Response
        ``status`` 304 (with an empty body) when a conditional request finds
        nothing new; otherwise 200 and the body.

    Raises
    ------
    FetchError
        Unreachable, HTTP error, deadline passed, body too large or cut off.
    """
    if not timeout > 0:
        msg = f"HTTP timeout {timeout!r} is not a positive number of seconds; give e.g. 30"
        raise FetchError(msg)
    if urllib.parse.urlsplit(url).scheme.lower() == "file":
        return _read_file_url(url, max_bytes=max_bytes, hint=hint)
    host = _host(url)
    all_headers = {"Accept": "*/*", **(headers or {})}
    if user_agent:
        all_headers["User-Agent"] = user_agent
    req = urllib.request.Request(url, headers=all_headers)
    watch = _Watch(time.monotonic() + timeout)
    timer = threading.Timer(timeout, watch.expire)
    timer.daemon = True
    late = FetchError(
        f"{host} did not finish sending within {timeout:g} s (total deadline); "
        "check the network or raise http_timeout_s"
    )
    opener = urllib.request.build_opener(*_handlers(watch))
    timer.start()
    try:
        try:
            resp = opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Response(b"", 304, {})
            raise _status_error(url, exc.code, str(exc.reason), hint) from None
        with resp:
            return _read_body(
                resp, url=url, watch=watch, late=late, max_bytes=max_bytes, progress=progress
            )
    except FetchError:
        raise
    except TimeoutError:
        raise late from None
    except http.client.IncompleteRead as exc:
        if watch.expired:
            raise late from None
        msg = f"download from {host} was cut off after {len(exc.partial)} bytes; try again"
        raise FetchError(msg) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        if watch.expired or watch.left() <= 0:
            raise late from None
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise late from None
        if url.startswith("file:") and isinstance(reason, FileNotFoundError | str):
            raise _status_error(url, 404, "Not Found", hint) from None
        msg = f"cannot reach {host} ({_short(reason)}); {offline_hint}"
        raise FetchError(msg) from None
    finally:
        timer.cancel()


def _read_file_url(url: str, *, max_bytes: int, hint: str) -> Response:
    """A ``file://`` URL: a regular file only (a FIFO would block), size capped."""
    from ._errors import InputError
    from ._io import read_regular_file

    path = urllib.request.url2pathname(urllib.parse.urlsplit(url).path)
    try:
        return Response(read_regular_file(path, max_bytes=max_bytes, what="download"))
    except InputError as exc:
        if "does not exist" in str(exc):
            raise _status_error(url, 404, "Not Found", hint) from None
        raise FetchError(str(exc)) from None


def _read_body(resp, *, url: str, watch: _Watch, late: FetchError, max_bytes: int, progress):
    host = _host(url)
    announced = resp.headers.get("Content-Length")
    total = int(announced) if announced and announced.strip().isdigit() else None
    if total is not None and total > max_bytes:
        msg = f"{url} is {total} bytes, over the {max_bytes}-byte limit; refusing it"
        raise FetchError(msg)
    buf = bytearray()
    sock = _socket_of(resp)
    while True:
        left = watch.left()
        if left <= 0 or watch.expired:
            raise late
        if sock is not None:
            sock.settimeout(max(0.01, left))
        chunk = resp.read1(_CHUNK) if hasattr(resp, "read1") else resp.read(_CHUNK)
        if not chunk:
            break
        buf += chunk
        if progress is not None:
            progress(len(chunk))
        if len(buf) > max_bytes:
            msg = f"{url} is larger than {max_bytes} bytes; refusing it"
            raise FetchError(msg)
    if watch.expired:
        raise late
    if total is not None and total != len(buf):
        msg = f"download from {host} is truncated ({len(buf)} of {total} bytes); try again"
        raise FetchError(msg)
    keep = {k: v for k in ("Last-Modified", "ETag") if (v := resp.headers.get(k))}
    return Response(bytes(buf), int(getattr(resp, "status", 200) or 200), keep)


def _socket_of(resp) -> socket.socket | None:
    """The socket under an http.client response (None for file:// and others)."""
    fp = getattr(resp, "fp", None)
    raw = getattr(fp, "raw", None)
    sock = getattr(raw, "_sock", None)
    return sock if isinstance(sock, socket.socket) else None
