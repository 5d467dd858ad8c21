from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "gold"
PONTIANAK = CORPUS / "pontianak-kesbangpol-rkt-2021.txt"
DEPOK = CORPUS / "depok-kesbangpol-rkt-2021-ocr.txt"


@pytest.fixture(scope="session")
def pontianak_lines() -> list[str]:
    return PONTIANAK.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def depok_lines() -> list[str]:
    return DEPOK.read_text(encoding="utf-8").split("\n")
