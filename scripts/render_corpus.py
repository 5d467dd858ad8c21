#!/usr/bin/env python3
"""Render canonical RKT gold JSON into realistic RKT PDFs, several input documents per truth.

    python scripts/render_corpus.py gold/*.json --out corpus-pdf/ [--scan] [--seed N]
        [--style ruled|borderless|mixed] [--landscape auto|always|never]
        [--variants digital,borderless,scan]

Writes <stem>-digital.pdf, <stem>-borderless.pdf and (with --scan) <stem>-scan.pdf per gold
file, and DIR/manifest.json listing every PDF with its gold file, variant and seed. The code
lives in scripts/rkt_render/ (needs reportlab, pypdfium2, Pillow, numpy).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rkt_render.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
