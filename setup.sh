#!/usr/bin/env bash
# Set-up, run first by `make run` and `make test` (safe to run by hand, any number of times):
#   1. a virtual environment in .venv with every dependency pinned (CPU-only PyTorch) and the product installed;
#   2. (as root on Debian) headless Chromium for the browser tests;
#   3. the passage index of the method documents (it depends only on the corpus), so the app's first visit
#      does not wait for it.
# Quick when done: the install is skipped while pyproject.toml and this script are unchanged (a stamp holding
# their hash), and the index while it is up to date. pip's own output goes to .venv/setup.log.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
STAMP=.venv/.setup-stamp
LOG=.venv/setup.log
started=$SECONDS

say() { echo "setup: $*" >&2; }
fail() { [ -f "$LOG" ] && tail -n 20 "$LOG" >&2; say "$1 failed; the full log is in $LOG"; exit 1; }
fingerprint() { cat pyproject.toml setup.sh | sha256sum | cut -d' ' -f1; }

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
    || { say "needs Python 3.11 ($PYTHON is $("$PYTHON" --version 2>&1)); run with PYTHON=python3.11"; exit 1; }
  say "creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi

if [ "$(cat "$STAMP" 2>/dev/null)" != "$(fingerprint)" ]; then
  rm -f "$STAMP"
  say "installing the pinned dependencies (the first time takes about 2-5 minutes; details in $LOG)"
  : >"$LOG"
  .venv/bin/python -m pip install --upgrade pip >>"$LOG" 2>&1 || fail "upgrading pip"
  .venv/bin/python -m pip install -e ".[dev]" >>"$LOG" 2>&1 || fail "installing the dependencies"
  .venv/bin/nhs-league --help >/dev/null || fail "checking the nhs-league command"
  fingerprint >"$STAMP"
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium for the browser tests (about a minute)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
    >>"$LOG" 2>&1 || say "could not install Chromium; the browser tests will be skipped."
fi

if ! .venv/bin/python -c '
from nhs_league.settings import use_offline_models
use_offline_models()
from corpus.index import open_index
open_index(auto_build=False)' >/dev/null 2>&1; then
  say "building the passage index of the method documents (about 20 s, once)"
  .venv/bin/nhs-league index >>"$LOG" 2>&1 || fail "building the passage index"
fi

say "ready ($((SECONDS - started)) s)"
