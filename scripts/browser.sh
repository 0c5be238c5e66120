#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright (no browser download). Install it
# where we can (root + apt); otherwise say exactly what is missing. CI must not skip these tests.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<MSG
The browser tests need Chromium on PATH as 'chromium':
  Debian/Ubuntu:  sudo apt-get install chromium
or set CORDON_CHROMIUM=/path/to/chromium.
MSG
exit 1
