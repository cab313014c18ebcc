#!/usr/bin/env bash
# One-command set-up: a virtual environment with every dependency (CPU-only PyTorch, pinned), the product
# installed in it, and (when run as root on Debian) headless Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || echo "setup: could not install Chromium; the browser tests will be skipped." >&2
fi
.venv/bin/nhs-league --help >/dev/null
echo "setup: done. Run the product with: .venv/bin/nhs-league app"
