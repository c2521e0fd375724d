#!/usr/bin/env bash
# Install headless Chromium and its WebDriver (Debian packages) for the browser
# tests. Idempotent: does nothing when both binaries are already there.
# Needs root (or sudo) and the Debian package mirror; no other network.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    echo "install_browser: chromium and chromedriver already installed"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_browser: need root (or sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
echo "install_browser: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
echo "install_browser: $(/usr/bin/chromedriver --version | head -1)"
