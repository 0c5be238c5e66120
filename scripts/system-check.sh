#!/usr/bin/env bash
# followthemoney needs PyICU, which PyPI ships only as source: building it needs the ICU headers,
# pkg-config and a C++ compiler. Install them where we can (root + apt), else say exactly what to do.
set -euo pipefail

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1 && ! pkg-config --exists icu-i18n 2>/dev/null; then
  need+=(libicu-dev)
elif ! command -v pkg-config >/dev/null 2>&1; then
  need+=(libicu-dev)
fi
command -v c++ >/dev/null 2>&1 || need+=(g++)

if ! command -v "${PYTHON:-python3.11}" >/dev/null 2>&1; then
  echo "cordon needs Python 3.11 (python3.11 on PATH, or make PYTHON=/path/to/python3.11)." >&2
  exit 1
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "PyICU (needed by followthemoney) must be compiled; missing: ${need[*]}" >&2
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing them with apt-get ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  exit 0
fi
cat >&2 <<MSG
Install them, then re-run make:
  Debian/Ubuntu:  sudo apt-get install libicu-dev pkg-config g++
  Fedora/RHEL:    sudo dnf install libicu-devel pkgconf-pkg-config gcc-c++
  macOS:          brew install icu4c pkg-config && export PKG_CONFIG_PATH="\$(brew --prefix icu4c)/lib/pkgconfig"
MSG
exit 1
