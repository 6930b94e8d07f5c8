#!/usr/bin/env bash
# Install donorkit for development into .venv (with the test extras, which include Dask for
# tests/test_batch_dask.py), plus the system library
# that makes WeasyPrint about 5x faster (libharfbuzz-subset0) where this machine can install it.
# Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing libharfbuzz-subset0 (faster PDF font subsetting)..." >&2
    apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1; } \
      || echo "warning: could not install libharfbuzz-subset0; PDFs will render more slowly" >&2
  else
    echo "note: install libharfbuzz-subset0 (or your system's HarfBuzz subset library) for ~5x faster PDFs" >&2
  fi
fi

# Debian's chromium for the browser test of `donorkit serve` (tests/test_serve_browser.py, driven by
# Playwright with executable_path: Playwright's own browser download is never used).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium (browser test of donorkit serve)..." >&2
    apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; } \
      || echo "warning: could not install chromium; the browser test will be skipped" >&2
  else
    echo "note: install chromium to run the browser test of donorkit serve (skipped without it)" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
