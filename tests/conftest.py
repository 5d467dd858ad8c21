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


RENDERED_PONTIANAK = CORPUS / "rendered" / "pontianak-kesbangpol-rkt-2021-digital.pdf"


@pytest.fixture(scope="session")
def review_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder as the batch runner leaves it: the JSON of the Pontianak text and of its
    rendered PDF, and a manifest that also records a failed document (shared by the report
    and browser tests: extracting and rendering once keeps them quick)."""
    import json

    from extract.output import output_path, write_json
    from extract.pipeline import extract_document

    run = tmp_path_factory.mktemp("run")
    manifest = []
    for source in (PONTIANAK, RENDERED_PONTIANAK):
        data = extract_document(source)
        target = write_json(data, output_path(source, run))
        manifest.append({"input": str(source), "sha256": data["source"]["sha256"],
                         "output": target.name, "status": "done",
                         "warnings": len(data["warnings"])})
    manifest.append({"input": "inbox/rkt-2022-scan.pdf", "sha256": None, "output": None,
                     "status": "failed",
                     "error": {"code": "corrupt_pdf", "message": "PDF is damaged"}})
    (run / "manifest.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest),
                                        encoding="utf-8")
    return run


@pytest.fixture(scope="session")
def review_site(review_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from extract.report import build_site

    site = tmp_path_factory.mktemp("site")
    build_site(review_run, site)
    return site
