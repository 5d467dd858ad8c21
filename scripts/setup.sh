#!/usr/bin/env bash
# Installs everything the tool needs on a fresh Debian/Ubuntu machine (as root) or in an
# existing Python environment: Tesseract with its Indonesian data from Debian's packages,
# then this project and its Python dependencies with pip.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx ind; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing tesseract-ocr and tesseract-ocr-ind (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-ind >/dev/null
  else
    echo "setup: Tesseract with Indonesian data is missing; OCR of scans will not work." >&2
    echo "       Install it with: sudo apt-get install tesseract-ocr tesseract-ocr-ind" >&2
  fi
fi

PYTHON="${PYTHON:-python3}"
echo "setup: installing the project and its Python dependencies (pip)"
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e ".[dev]"
