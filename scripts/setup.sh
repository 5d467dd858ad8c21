#!/usr/bin/env bash
# Installs everything the tool needs on a fresh Debian/Ubuntu machine (as root) or in an
# existing Python environment: Tesseract with its Indonesian data from Debian's packages,
# then this project and its Python dependencies with pip.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Tesseract with Indonesian data (OCR of scans) and Chromium (the review
# site's browser test drives the system's Chromium; Playwright never downloads one, and
# Chromium's recommends, GL drivers and printer tools, are not needed headless).
ocr_packages=()
browser_packages=()
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx ind; then
  ocr_packages=(tesseract-ocr tesseract-ocr-ind)
fi
# Tesseract's library headers, to build tesserocr (Tesseract inside the process, its models
# loaded once instead of at every call) against the same Tesseract as the command.
if ! pkg-config --exists tesseract lept 2>/dev/null; then
  ocr_packages+=(libtesseract-dev libleptonica-dev pkg-config)
fi
if ! command -v chromium >/dev/null 2>&1; then
  browser_packages=(chromium)
fi
missing=("${ocr_packages[@]}" "${browser_packages[@]}")
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${missing[*]} (apt-get)"
    apt-get update -qq
    if [ "${#ocr_packages[@]}" -gt 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${ocr_packages[@]}" >/dev/null
    fi
    if [ "${#browser_packages[@]}" -gt 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${browser_packages[@]}" >/dev/null
    fi
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "       without tesseract-ocr and tesseract-ocr-ind OCR of scans will not work;" >&2
    echo "       without chromium the browser test of the review site is skipped." >&2
    echo "       Install them with: sudo apt-get install ${missing[*]}" >&2
  fi
fi

PYTHON="${PYTHON:-python3}"
# tesserocr's wheels on PyPI bundle a Tesseract of their own (5.5 when Debian has 5.3): built
# from source here it runs the system's Tesseract, the one the command and the OCR cache know.
# Without the headers pip takes the wheel, which works too (the cache keys its version).
if ! "$PYTHON" -c "import tesserocr" >/dev/null 2>&1 && pkg-config --exists tesseract lept 2>/dev/null; then
  echo "setup: building tesserocr against the system's Tesseract (pip, ~1 min)"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --no-binary tesserocr "tesserocr>=2.6"
fi
echo "setup: installing the project and its Python dependencies (pip)"
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e ".[dev]"
