#!/usr/bin/env bash
# Sets everything up, extracts every document of corpus/ into out/, and scores the output
# against the hand-verified gold files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rkt extract corpus --out out
rkt validate out/*.json
rkt eval out gold
