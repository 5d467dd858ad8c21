#!/usr/bin/env bash
# Sets everything up and runs the test suite (unit tests, and regression tests that hold the
# F1 per fact type of every corpus document against its gold file), then the linter.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 -m pytest -q "$@"
python3 -m ruff check .
