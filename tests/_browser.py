"""Headless-Chromium helpers for browser tests (selenium + Debian's chromium-driver).

Use :func:`open_page` for one page, or a :class:`Browser` for several (one
Chromium for all of them)::

    @pytest.fixture(scope="module")
    def browser():
        with Browser() as b:
            yield b

    def test_page(browser, tmp_path):
        page = browser.open(tmp_path / "map.html", evaluate={"leaflet": "typeof L"})
        assert page.js_errors == [] and page.values["leaflet"] == "object"

Both call :func:`pytest.skip` when chromium, chromedriver or selenium is
missing (``tools/install_browser.sh`` installs the first two). By default the
browser resolves no host name but 127.0.0.1/localhost, so a page that still
needs a CDN fails visibly instead of depending on the network.
:func:`serve_dir` serves a folder on ``http://127.0.0.1:<random port>/``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "CHROMEDRIVER",
    "CHROMIUM",
    "Browser",
    "PageResult",
    "browser_missing",
    "open_page",
    "serve_dir",
]

CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GEOMAP_CHROMEDRIVER", "/usr/bin/chromedriver")

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)

#: Injected before any page script: records uncaught errors, failed
#: <script>/<link>/<img> loads, unhandled rejections and console.error calls.
_CAPTURE_JS = r"""
(function () {
  var errors = [];
  Object.defineProperty(window, "__geomapErrors", {value: errors});
  window.addEventListener("error", function (e) {
    var t = e.target;
    if (t && t !== window && (t.src || t.href)) {
      errors.push("failed to load " + (t.src || t.href));
    } else {
      errors.push(String(e.message || e.error || "error"));
    }
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    errors.push("unhandled rejection: " + String(e.reason));
  });
  var original = console.error;
  console.error = function () {
    errors.push("console.error: " + Array.prototype.map.call(arguments, String).join(" "));
    return original.apply(console, arguments);
  };
})();
"""

_SETTLE_JS = """
var done = arguments[arguments.length - 1];
requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); });
"""


def browser_missing() -> str | None:
    """Why no browser test can run here, or None when they can."""
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not Path(path).is_file():
            return f"{what} not found at {path}; run tools/install_browser.sh"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed; pip install selenium"
    return None


@dataclass
class PageResult:
    """What a page showed: title, errors, evaluated values, screenshot."""

    url: str
    title: str
    #: Uncaught JS errors, failed resource loads, console.error calls.
    js_errors: list[str] = field(default_factory=list)
    #: Every browser console entry (``{"level", "message", "source"}``).
    console: list[dict[str, Any]] = field(default_factory=list)
    #: ``evaluate`` name -> value of its JS expression.
    values: dict[str, Any] = field(default_factory=dict)
    screenshot: Path | None = None


def _as_url(path_or_url: str | os.PathLike[str]) -> str:
    text = os.fspath(path_or_url)
    if "://" in text or text.startswith(("data:", "about:")):
        return text
    return Path(text).resolve().as_uri()


class Browser:
    """One headless Chromium driven through chromedriver; a context manager.

    Parameters
    ----------
    width, height : int
        Window size in CSS pixels (also the screenshot size).
    allow_network : bool
        False (default): every host name but localhost fails to resolve.
    """

    def __init__(self, *, width: int = 1024, height: int = 768, allow_network: bool = False):
        reason = browser_missing()
        if reason:
            pytest.skip(reason)
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="geomap-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in _FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile}")
        options.add_argument(f"--window-size={width},{height}")
        if not allow_network:
            options.add_argument(
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"
            )
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        try:
            self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        except Exception as exc:  # a broken install: skip, do not error every test
            shutil.rmtree(self._profile, ignore_errors=True)
            pytest.skip(f"headless chromium does not start: {str(exc).splitlines()[0]}")
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(30)
        # the window size includes browser UI even when headless: fix the viewport itself
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": _CAPTURE_JS}
        )

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Quit Chromium and delete its profile folder."""
        with contextlib.suppress(Exception):
            self.driver.quit()
        shutil.rmtree(self._profile, ignore_errors=True)

    def open(
        self,
        path_or_url: str | os.PathLike[str],
        *,
        evaluate: dict[str, str] | None = None,
        wait_for: str | None = None,
        timeout: float = 20.0,
        screenshot: str | os.PathLike[str] | None = None,
    ) -> PageResult:
        """Load a page, wait for it, and report what it did.

        Parameters
        ----------
        path_or_url : path or str
            A file path (opened as ``file://``) or a URL.
        evaluate : dict, optional
            ``name -> JS expression``; each value lands in ``result.values``.
        wait_for : str, optional
            JS expression polled until truthy (after the load event).
        timeout : float
            Seconds to wait for ``wait_for``.
        screenshot : path, optional
            Where to save a PNG of the window.
        """
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        url = _as_url(path_or_url)
        self.driver.get_log("browser")  # drop entries of earlier pages
        self.driver.get(url)  # returns once document.readyState is "complete"
        if wait_for:
            # on time-out, carry on: the assertions on the result tell what is missing
            with contextlib.suppress(TimeoutException):
                WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(
                    lambda d: d.execute_script(f"return !!({wait_for});")
                )
        self.driver.execute_async_script(_SETTLE_JS)
        values = {
            name: self.driver.execute_script(f"return ({expr});")
            for name, expr in (evaluate or {}).items()
        }
        captured = self.driver.execute_script("return window.__geomapErrors || [];")
        console = [
            {k: e.get(k) for k in ("level", "message", "source")}
            for e in self.driver.get_log("browser")
        ]
        errors = list(captured)
        for entry in console:
            if "/favicon.ico " in entry["message"]:
                continue  # the browser's own request, not the page's
            if entry["level"] == "SEVERE" and not any(
                _same_error(entry["message"], c) for c in captured
            ):
                errors.append(entry["message"])
        shot = None
        if screenshot is not None:
            shot = Path(screenshot)
            shot.parent.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(shot))
        return PageResult(
            url=url,
            title=self.driver.title,
            js_errors=errors,
            console=console,
            values=values,
            screenshot=shot,
        )


def _same_error(log_message: str, captured: str) -> bool:
    """Whether a console-log entry repeats an error the page already recorded."""
    text = captured.removeprefix("console.error: ").removeprefix("failed to load ")
    return bool(text) and (text in log_message or text.strip('"') in log_message)


def open_page(
    path_or_url: str | os.PathLike[str],
    *,
    evaluate: dict[str, str] | None = None,
    wait_for: str | None = None,
    screenshot: str | os.PathLike[str] | None = None,
    width: int = 1024,
    height: int = 768,
    allow_network: bool = False,
) -> PageResult:
    """Open one page in a fresh headless Chromium; see :meth:`Browser.open`."""
    with Browser(width=width, height=height, allow_network=allow_network) as browser:
        return browser.open(
            path_or_url, evaluate=evaluate, wait_for=wait_for, screenshot=screenshot
        )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve_dir(path: str | os.PathLike[str]) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (random free port); yield its base URL.

    >>> import urllib.request, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("hi")
    >>> with serve_dir(folder) as base:
    ...     urllib.request.urlopen(base + "a.txt").read()
    b'hi'
    """
    handler = functools.partial(_QuietHandler, directory=os.fspath(path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
