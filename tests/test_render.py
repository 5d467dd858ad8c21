"""The corpus generator (scripts/render_corpus.py): gold JSON rendered into RKT PDFs."""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import sys

import pytest

from .conftest import GOLD, ROOT

pytest.importorskip("reportlab")
pdfplumber = pytest.importorskip("pdfplumber")
pdfium = pytest.importorskip("pypdfium2")
sys.path.insert(0, str(ROOT / "scripts"))

from rkt_render.cli import main as render_main  # noqa: E402
from rkt_render.coverage import missing_facts, printed_strings  # noqa: E402
from rkt_render.layout import plan_document  # noqa: E402
from rkt_render.pdf import render_pdf  # noqa: E402
from rkt_render.scan import draw_params, scan_pdf  # noqa: E402
from rkt_render.tables import analyse, body_spans, header_spans  # noqa: E402

PONTIANAK = GOLD / "pontianak-kesbangpol-rkt-2021.json"


def ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@pytest.fixture(scope="module")
def pontianak() -> dict:
    return json.loads(PONTIANAK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pontianak_pdf(pontianak, tmp_path_factory):
    path = tmp_path_factory.mktemp("render") / "pontianak-digital.pdf"
    data = render_pdf(pontianak, style="ruled", landscape_mode="auto", seed=11)
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pontianak_text(pontianak_pdf):
    with pdfplumber.open(pontianak_pdf) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        cells = []
        landscape_headers = []
        for page in pdf.pages:
            for table in page.extract_tables():
                flat = [ws(c) for row in table for c in row if c]
                cells += flat
                if page.width > page.height:
                    landscape_headers += flat[:20]
    return {"pages": pages, "text": ws(" ".join(pages)), "cells": cells,
            "landscape": landscape_headers}


def small_gold() -> dict:
    """A tiny RKT: one table with a program merged over three rows, a sasaran repeated in
    two blocks, and a group header "Target" over two year columns."""
    header = [["No", "Program", "Sasaran Program", "Indikator Program", "Target", "Target"],
              ["No", "Program", "Sasaran Program", "Indikator Program", "2022", "2023"]]
    rows = [
        ["1", "Program Alpha Sejahtera", "Sasaran Bersama", "Indikator Satu", "10", "12"],
        ["1", "Program Alpha Sejahtera", "Sasaran Bersama", "Indikator Dua", "20", "22"],
        ["1", "Program Alpha Sejahtera", "Sasaran Khusus", "Indikator Tiga", "30", "33"],
        ["2", "Program Beta Mandiri", "Sasaran Bersama", "Indikator Empat", "40", "44"],
    ]
    return {
        "document": {
            "type": "RKT", "title": "RENCANA KINERJA TAHUNAN TAHUN 2022", "year": 2022,
            "agency": "Dinas Contoh", "region": "Kota Contoh",
            "signatory": {"name": "Dr. Contoh Saja, M.Si.", "position": "Kepala Dinas Contoh",
                          "rank": "Pembina / IV.a", "nip": "197001012000031001"},
            "periods": {"rpjmd": [2021, 2026], "renstra": [2021, 2026]},
        },
        "vision": "Kota Contoh yang Maju", "missions": ["Misi pertama", "Misi kedua"],
        "goals": [], "objectives": [], "programs": [], "unassigned_activities": [],
        "performance_history": [],
        "budget_summary": [{"year": 2021, "allocated": {"amount": 1250000000, "currency": "IDR",
                                                        "raw": "Rp 1.250.000.000,00"},
                            "realized": None, "realization_percent": None, "provenance": []}],
        "tables": [{"label": "Tabel 3.1", "caption": "Program dan Indikator Program",
                    "pages": [], "header": header, "rows": rows}],
        "sections": [
            {"number": "BAB I", "title": "PENDAHULUAN", "page": None, "line": None},
            {"number": "BAB III", "title": "RENCANA KINERJA", "page": None, "line": None},
            {"number": "3.1", "title": "Program dan Kegiatan", "page": None, "line": None},
            {"number": "BAB IV", "title": "PENUTUP", "page": None, "line": None},
        ],
        "warnings": [],
    }


# ------------------------------------------------------------------------ digital text
def test_pontianak_text_layer_has_the_gold_strings(pontianak, pontianak_text):
    text, cells = pontianak_text["text"], " | ".join(pontianak_text["cells"])
    for program in pontianak["programs"]:
        assert ws(program["name"]) in cells, program["name"]
    for label in ("Tabel 2.1", "Tabel 2.2", "Tabel 2.3", "Tabel 2.4", "Tabel 2.5",
                  "Tabel 2.6"):
        assert label in text
    assert "3.314.590.000" in text
    assert "Rizal, S.SOS" in text
    assert "Pontianak, " in text  # the date line of the signature block
    assert ws(pontianak["vision"]) in text
    assert "Jumlah Anggaran Kegiatan Tahun 2020 : Rp. 3.088.327.417-" in text
    assert "atau sebesar 96,82%" in text
    assert "RPJMD" in text and "2020-2024" in text


def test_pontianak_wide_table_is_on_a_landscape_page(pontianak_text):
    # Tabel 2.1 has 15 columns; its group header "KONDISI AWAL (Realisasi)" is printed there
    assert "KONDISI AWAL (Realisasi)" in pontianak_text["landscape"]


def test_every_gold_fact_is_printed():
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        plans = plan_document(gold)
        assert missing_facts(gold, printed_strings(gold, plans)) == [], path.name


# ------------------------------------------------------------------------ merged cells
def test_spans_follow_the_hierarchy():
    model = analyse(small_gold()["tables"][0])
    spans = body_spans(model, range(len(model.rows)))
    assert (0, 0, 0, 2) in spans  # No "1" over rows 1-3
    assert (1, 0, 1, 2) in spans  # the program over rows 1-3
    assert (2, 0, 2, 1) in spans  # "Sasaran Bersama" over rows 1-2 only
    assert not any(c == 2 and r1 >= 3 for c, _, _, r1 in spans)  # never into program 2
    assert not any(c in (3, 4, 5) for c, *_ in spans)  # indicators / targets never merge
    assert (4, 0, 5, 0) in header_spans(model.header)  # "Target" over 2022 and 2023


def test_merged_value_is_printed_once_per_block(tmp_path):
    path = tmp_path / "small.pdf"
    path.write_bytes(render_pdf(small_gold(), style="ruled", seed=3))
    with pdfplumber.open(path) as pdf:
        text = ws(" ".join(page.extract_text() or "" for page in pdf.pages))
        tables = [t for page in pdf.pages for t in page.extract_tables()]
    assert text.count("Program Alpha Sejahtera") == 1
    assert text.count("Sasaran Bersama") == 2  # one block per program
    assert text.count("Indikator Dua") == 1
    assert re.search(r"\bTarget\b", text) and text.count("Target") == 1
    assert "NIP. 19700101 200003 1 001" in text
    assert "Rp 1.250.000.000,00" in text
    table = next(t for t in tables if any("Program Alpha Sejahtera" in (c or "")
                                          for row in t for c in row))
    program_cells = [c for row in table for c in row if c and "Alpha" in c]
    assert len(program_cells) == 1  # one ruled cell spanning the three rows


def test_borderless_variant_has_no_ruled_tables(tmp_path):
    path = tmp_path / "small-borderless.pdf"
    path.write_bytes(render_pdf(small_gold(), style="borderless", seed=3))
    with pdfplumber.open(path) as pdf:
        assert all(not page.find_tables() for page in pdf.pages)  # no ruling to find
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Program Alpha Sejahtera" in ws(text)


# ------------------------------------------------------------------------ determinism
def test_digital_render_is_deterministic(pontianak, pontianak_pdf):
    again = render_pdf(pontianak, style="ruled", landscape_mode="auto", seed=11)
    assert again == pontianak_pdf.read_bytes()
    assert render_pdf(pontianak, style="ruled", seed=12) != again
    assert len(again) < 200_000


def test_scan_parameters_stay_in_range():
    for seed in range(20):
        params = draw_params(12, random.Random(seed), [3])
        assert 200 <= params.dpi <= 300 and 50 <= params.quality <= 75
        assert all(0.5 <= abs(p.skew) <= 2.0 for p in params.pages)
        assert sum(1 for p in params.pages if p.rotate) <= 1


def test_scan_is_image_only_and_deterministic():
    digital = render_pdf(small_gold(), style="ruled", seed=5)
    scan, params = scan_pdf(digital, seed=5, title="small", dpi=200)  # 200 dpi: fast
    again, _ = scan_pdf(digital, seed=5, title="small", dpi=200)
    assert hashlib.sha256(scan).digest() == hashlib.sha256(again).digest()
    assert 50 <= params.quality <= 75
    with pdfplumber.open(io.BytesIO(scan)) as pdf:
        assert len(pdf.pages) == len(params.pages) >= 2
        for page in pdf.pages:
            assert not page.chars and (page.extract_text() or "") == ""
            assert len(page.images) == 1
    doc = pdfium.PdfDocument(scan)
    try:
        page = doc[0]
        assert page.get_textpage().get_text_range() == ""
        img = page.render(scale=0.2, grayscale=True).to_pil()
        assert img.getextrema()[0] < 120  # ink survived the degradation
    finally:
        doc.close()
    assert len(scan) < 2_000_000


# ------------------------------------------------------------------------ CLI
def test_cli_writes_variants_and_manifest(tmp_path):
    gold = tmp_path / "kota-contoh-rkt-2022.json"
    gold.write_text(json.dumps(small_gold()), encoding="utf-8")
    out = tmp_path / "out"
    rc = render_main([str(gold), "--out", str(out), "--seed", "4", "--quiet"])
    assert rc == 0
    assert (out / "kota-contoh-rkt-2022-digital.pdf").exists()
    assert (out / "kota-contoh-rkt-2022-borderless.pdf").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["variant"] for e in manifest] == ["borderless", "digital"]
    for e in manifest:
        assert e["gold"] == str(gold) and isinstance(e["seed"], int) and e["pages"] >= 2
        assert (out / e["pdf"]).read_bytes()[:5] == b"%PDF-"
    first = (out / "kota-contoh-rkt-2022-digital.pdf").read_bytes()
    render_main([str(gold), "--out", str(out), "--seed", "4", "--quiet",
                 "--variants", "digital"])
    assert (out / "kota-contoh-rkt-2022-digital.pdf").read_bytes() == first
    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))) == 2
