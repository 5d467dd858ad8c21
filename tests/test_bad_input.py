"""Bad input gets a clear per-document answer and the batch goes on.

The corpus of `tests/bad_inputs.py` (truncated, encrypted, zero-page and HTML "PDFs", empty
files, blank scans, decompression bombs, text in Windows-1252 and UTF-16, binary junk, an
LKjIP, a Renstra and a letter) is run through `rkt extract` mixed with good corpus documents.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from extract.errors import ERROR_HINTS, RktError, error_message
from extract.ingest import IngestError, decode_text, detect_encoding, ingest
from extract.ocr import tesseract_available
from extract.sections import detect_sections
from extract.settings import IngestSettings, LimitsSettings, Settings

from .bad_inputs import CP1252_EXTRA, _image_pdf, _pdf, _png_header_only, build_bad_inputs
from .conftest import CORPUS, DEPOK, PONTIANAK, ROOT

GOOD = [PONTIANAK, DEPOK, CORPUS / "rendered" / "pontianak-kesbangpol-rkt-2021-digital.pdf"]
OCR = tesseract_available()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One `rkt extract` run over the bad corpus and the good documents, in a subprocess."""
    root = tmp_path_factory.mktemp("batch")
    inputs, out = root / "in", root / "out"
    cases = build_bad_inputs(inputs, ocr=OCR)
    for path in GOOD:
        shutil.copy(path, inputs / path.name)
    env = {**os.environ, "COLUMNS": "2000"}  # one line per document, however long
    env.setdefault("RKT_OCR_CACHE", str(root / "ocr-cache"))
    run = subprocess.run([sys.executable, "-m", "extract.cli", "extract", str(inputs),
                          "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    return cases, inputs, out, run


def failed_line(output: str, path: Path) -> str | None:
    return next((line for line in output.splitlines()
                 if line.startswith("FAILED") and f" {path}:" in line), None)


def test_batch_finishes_without_crash_or_traceback(batch):
    _, _, _, run = batch
    output = run.stdout + run.stderr
    assert run.returncode == 1, output[-3000:]  # some documents failed, none stopped the run
    assert "Traceback" not in output
    assert "internal_error" not in output
    assert not re.search(r"\b(Error|Exception):", output), output[-3000:]


def test_every_good_document_has_its_valid_output(batch):
    _, _, out, _ = batch
    for path in GOOD:
        data = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert data["document"]["type"] == "RKT"
        assert data["programs"]


def test_every_bad_document_fails_with_its_code_and_writes_nothing(batch):
    cases, inputs, out, run = batch
    output = run.stdout + run.stderr
    for case in cases:
        if case.error is None:
            continue
        line = failed_line(output, inputs / case.name)
        assert line is not None, f"{case.name}: no FAILED line"
        assert f"[{case.error}]" in line and ERROR_HINTS[case.error] in line, (case.name, line)
        assert not (out / f"{Path(case.name).stem}.json").exists(), case.name


def test_the_manifest_says_what_became_of_every_document(batch):
    from extract.batch import latest_status, read_manifest

    cases, inputs, out, _ = batch
    status = latest_status(read_manifest(out / "manifest.jsonl"))
    assert set(status) == {p.name for p in inputs.iterdir()}
    for case in cases:
        record = status[case.name]
        if case.error is None:
            assert record["status"] == "done" and (out / record["output"]).is_file()
        else:
            assert record["status"] == "failed" and record["output"] is None, record
            assert record["error"]["code"] == case.error, (case.name, record["error"])
    for path in GOOD:
        assert status[path.name]["status"] == "done"


def test_readable_oddities_are_extracted_with_type_and_warning(batch):
    cases, inputs, out, run = batch
    for case in cases:
        if case.error is not None:
            continue
        assert failed_line(run.stdout + run.stderr, inputs / case.name) is None, case.name
        data = json.loads((out / f"{Path(case.name).stem}.json").read_text(encoding="utf-8"))
        assert data["document"]["type"] == case.doc_type, case.name
        if case.warning:
            assert case.warning in {w["code"] for w in data["warnings"]}, case.name


def test_an_lkjip_gives_what_fits_the_contract(batch):
    # Its table of targets and realisations is a close cousin of an RKT's Tabel 2.6.
    _, _, out, _ = batch
    data = json.loads((out / "lkjip.json").read_text(encoding="utf-8"))
    assert [o["text"] for o in data["objectives"]] == [
        "Terciptanya Kondisi Kondusif di Kota Pontianak",
        "Meningkatnya Tata Kelola dan Kinerja Perangkat Daerah"]
    history = data["performance_history"]
    assert [(h["year"], h["target"]["value"], h["achievement"]["value"]) for h in history] == [
        (2020, 75.0, 75.0), (2020, 95.0, 96.82)]
    assert data["budget_summary"][0]["realized"]["amount"] == 2714724445


def test_other_encodings_give_the_same_records_as_utf8(batch):
    _, _, out, _ = batch

    def records(name: str) -> dict:
        data = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        return {key: data[key] for key in ("document", "goals", "objectives", "programs")}

    assert records("depok-utf16le") == records(DEPOK.stem)
    assert records("depok-utf16be") == records(DEPOK.stem)
    assert records("pontianak-cp1252") == records(PONTIANAK.stem)
    assert records("pontianak-utf8-bom") == records(PONTIANAK.stem)


# -- the taxonomy -------------------------------------------------------------------------------


def test_every_raise_site_uses_a_code_of_the_taxonomy():
    raised = set()
    for path in (ROOT / "extract").glob("*.py"):
        raised |= set(re.findall(r"(?:IngestError|OcrError|RktError)\(\s*\"(\w+)\"",
                                 path.read_text(encoding="utf-8")))
    assert raised and raised <= set(ERROR_HINTS), raised - set(ERROR_HINTS)


def test_hints_are_one_distinct_line_each_and_follow_the_detail():
    assert len(set(ERROR_HINTS.values())) == len(ERROR_HINTS)
    assert all("\n" not in hint and len(hint) < 160 for hint in ERROR_HINTS.values())
    error = IngestError("encrypted", "rkt.pdf: PDF is password-protected")
    assert (error.code, error.detail) == ("encrypted", "rkt.pdf: PDF is password-protected")
    assert str(error) == ("rkt.pdf: PDF is password-protected: PDF is password-protected; "
                          "decrypt it with qpdf --decrypt and run again")
    assert isinstance(error, RktError) and error.hint == ERROR_HINTS["encrypted"]
    assert error_message("timeout") == ERROR_HINTS["timeout"]
    # Errors cross from a worker process to the batch intact.
    from extract.ocr import OcrError

    for sent in (error, OcrError("ocr_failed", "Tesseract timed out on a page after 180 s")):
        received = pickle.loads(pickle.dumps(sent))
        assert (type(received), received.code, received.detail, str(received)) == (
            type(sent), sent.code, sent.detail, str(sent))


def test_any_exception_becomes_an_error_of_the_taxonomy():
    from extract.errors import as_rkt_error

    own = IngestError("empty_file", "x.txt: 0 bytes")
    assert as_rkt_error(own) is own
    assert as_rkt_error(FileNotFoundError(2, "No such file", "a.pdf")).code == "not_found"
    assert as_rkt_error(PermissionError(13, "Permission denied")).code == "unreadable_file"
    assert as_rkt_error(MemoryError()).code == "out_of_memory"
    bug = as_rkt_error(IndexError("list index out of range\nmore"))
    assert (bug.code, bug.detail) == ("internal_error", "IndexError: list index out of range")


# -- guards -------------------------------------------------------------------------------------


def fails_with(path: Path, settings: Settings | None = None) -> str:
    with pytest.raises(IngestError) as error:
        ingest(path, settings)
    return error.value.code


def test_limits_on_file_size_and_pages(tmp_path):
    path = tmp_path / "three.pdf"
    path.write_bytes(_pdf([["RENCANA KINERJA TAHUNAN"], ["Halaman 2"], ["Halaman 3"]]))
    assert ingest(path).source.pages == 3
    assert fails_with(path, Settings(limits=LimitsSettings(max_pages=2))) == "too_many_pages"
    size = path.stat().st_size
    assert fails_with(path, Settings(limits=LimitsSettings(max_file_bytes=size - 1))) == (
        "file_too_large")
    assert fails_with(tmp_path / "missing.pdf") == "not_found"
    assert fails_with(tmp_path) == "unreadable_file"  # a folder


def test_limit_on_pixels_before_decoding(tmp_path):
    path = tmp_path / "page.png"
    path.write_bytes(_png_header_only(3_000, 4_000))
    settings = Settings(limits=LimitsSettings(max_pixels=10_000_000))
    assert fails_with(path, settings) == "image_too_large"
    path.write_bytes(_png_header_only(20_000, 20_000))
    assert fails_with(path) == "image_too_large"


def test_tiff_with_too_many_pages_is_refused_before_decoding(tmp_path):
    path = tmp_path / "scan.tif"
    page = Image.new("L", (50, 50), 255)
    page.save(path, save_all=True, append_images=[page] * 3)
    assert fails_with(path, Settings(limits=LimitsSettings(max_pages=3))) == "too_many_pages"


def test_scanned_pdf_with_ocr_off_is_an_empty_document(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_pdf(Image.new("L", (300, 400), 200)))
    settings = Settings(ingest=IngestSettings(ocr="never"))
    with pytest.raises(IngestError) as error:
        ingest(path, settings)
    assert error.value.code == "empty_document"
    assert "--ocr never" in str(error.value)


@pytest.mark.skipif(not OCR, reason="needs Tesseract")
def test_ocr_page_timeout_is_ocr_failed(tmp_path):
    from extract.ocr import OcrSettings

    path = tmp_path / "page.png"
    image = Image.new("L", (1200, 300), 255)
    from PIL import ImageDraw
    ImageDraw.Draw(image).text((40, 40), "RENCANA KINERJA TAHUNAN (RKT) 2021", fill=0)
    image.save(path, dpi=(300, 300))
    settings = Settings(limits=LimitsSettings(ocr_page_timeout=0.01),
                        ocr=OcrSettings(use_cache=False, fix_rotation=False))
    with pytest.raises(IngestError) as error:
        ingest(path, settings)
    assert error.value.code == "ocr_failed" and "timed out" in str(error.value)


def test_truncated_pdf_is_refused_but_padding_is_not_truncation(tmp_path):
    whole = GOOD[2].read_bytes()
    padded = tmp_path / "padded.pdf"  # some scanners pad files to a block size with NULs
    padded.write_bytes(whole + bytes(5000))
    assert ingest(padded).source.pages == ingest(GOOD[2]).source.pages
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) - 3000])
    with pytest.raises(IngestError) as error:
        ingest(cut)
    assert error.value.code == "corrupt_pdf" and "truncated" in str(error.value)


def test_pdf_sniffed_by_content_not_name(tmp_path):
    pdf = _pdf([["RENCANA KINERJA TAHUNAN (RKT) 2021"]])
    named_png = tmp_path / "actually-a-pdf.png"
    named_png.write_bytes(pdf)
    assert ingest(named_png).source.format == "pdf"
    docx = tmp_path / "report.pdf"
    buffer = io.BytesIO(b"PK\x03\x04" + bytes(200))
    docx.write_bytes(buffer.getvalue())
    with pytest.raises(IngestError) as error:
        ingest(docx)
    assert error.value.code == "not_a_pdf" and "ZIP" in str(error.value)


# -- encodings ----------------------------------------------------------------------------------

# From the Pontianak RKT 2021 (corpus/), with what a Windows-1252 file adds.
SAMPLE = ("Persentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih\t75%\n"
          "Jumlah Anggaran Kegiatan Tahun 2020 : Rp. 3.088.327.417,-" + CP1252_EXTRA)


@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("cp1252", "cp1252"),
    ("utf-32", "utf-32"),
])
def test_encodings_are_detected(encoding, detected):
    data = SAMPLE.encode(encoding)
    assert detect_encoding(data) == detected
    assert decode_text(data) == SAMPLE


def test_utf8_with_a_few_stray_bytes_stays_utf8():
    # The Pontianak text in UTF-8 with one line pasted from a Windows-1252 file.
    text = PONTIANAK.read_text(encoding="utf-8")
    data = text.encode("utf-8") + "\nPagu Rp\u00a01.000.000\n".encode("cp1252")
    assert detect_encoding(data) == "utf-8-replace"
    decoded = decode_text(data)
    assert decoded.startswith(text) and decoded.endswith("Pagu Rp\ufffd1.000.000\n")
    # No multi-byte sequences at all: Windows-1252.
    assert detect_encoding("Pagu Rp\u00a01.000.000".encode("cp1252")) == "cp1252"


def test_short_windows_1252_lines_are_detected():
    for text in ("Rp\u00a01.250.000", "\u201cSehat\u201d", "Kegiatan \u2013 2021"):
        assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 4,                       # every byte value
    b"\x00\x01\x02\x03" * 500,                   # NULs that are not UTF-16
    bytes(b for b in range(1, 32) if b not in b"\t\n\r\f\v") * 40,  # control characters
    "Program Penguatan".encode("utf-16-le") + b"\x00\xd8",            # a lone surrogate
])
def test_binary_data_is_unreadable_text_not_mojibake(data):
    with pytest.raises(IngestError) as error:
        decode_text(data)
    assert error.value.code == "unreadable_text"


# -- document types -----------------------------------------------------------------------------


def doc_type(text: str) -> tuple[str, str, set[str]]:
    doc = detect_sections(ingest_text_bytes(text))
    return doc.metadata.type, doc.metadata.title, {w.code for w in doc.warnings}


def ingest_text_bytes(text: str):
    from extract.ingest import ingest_text

    return ingest_text(text.encode("utf-8"), "x.txt")


def test_types_of_covers():
    from .bad_inputs import LETTER_TEXT, LKJIP_TEXT, RENSTRA_OCR_TEXT

    assert doc_type(LKJIP_TEXT) == ("LKJIP", "LAPORAN KINERJA INSTANSI PEMERINTAH",
                                    {"not_rkt_document"})
    kind, title, warnings = doc_type(RENSTRA_OCR_TEXT)
    assert (kind, title, warnings) == ("RENSTRA", "RENCANA STRATEG1S", {"not_rkt_document"})
    kind, _, warnings = doc_type(LETTER_TEXT)
    assert (kind, warnings) == ("UNKNOWN", {"unknown_document_type"})
    subject = "Perihal  : Penyampaian Rencana Kinerja Tahunan (RKT) Tahun 2021"
    assert subject in LETTER_TEXT
    assert doc_type(LETTER_TEXT.replace(subject, subject.upper()))[0] == "UNKNOWN"
    # A cover letter bound before the RKT's own cover: the cover's title counts.
    assert doc_type(LETTER_TEXT + "\nRENCANA KINERJA TAHUNAN (RKT)\nTAHUN 2021\n")[:2] == (
        "RKT", "RENCANA KINERJA TAHUNAN (RKT)")
    assert doc_type("PEMERINTAH KABUPATEN SLEMAN\nPERJANJIAN KINERJA TAHUN 2023\n")[0] == "PK"
    assert doc_type("RENCANA KERJA\nDINAS KESEHATAN\nTAHUN 2023\n")[0] == "RENJA"
    assert doc_type("RENCANA KERJA\n\nTAHUNAN (RKT) 2021\nKOTA DEPOK\n")[:2] == (
        "RKT", "RENCANA KERJA TAHUNAN (RKT) 2021")
    assert doc_type("LAPORAN AKUNTABILITAS KINERJA INSTANSI PEMERINTAH (LAKIP)\n")[0] == "LKJIP"


def test_rkt_covers_read_by_ocr():
    # Tesseract's readings of cover titles: "l" and "1" for "I", a title over two lines,
    # letters spread out.
    assert doc_type("RENCANA KlNERJA TAHUNAN\n(RKT) 2022\n")[0] == "RKT"
    assert doc_type("RENCANA K1NERJA\nTAHUNAN\nDINAS KESEHATAN\n")[:2] == (
        "RKT", "RENCANA K1NERJA TAHUNAN")
    assert doc_type("R E N C A N A   K I N E R J A   T A H U N A N\n2021\n")[:2] == (
        "RKT", "RENCANA KINERJA TAHUNAN")


def test_first_type_named_in_a_line_wins():
    kind, _, _ = doc_type("Laporan Kinerja ini mengukur capaian Rencana Kinerja Tahunan 2020\n")
    assert kind == "LKJIP"


def test_readme_lists_every_error_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [code for code in ERROR_HINTS if f"| `{code}` |" not in readme] == []


# -- prose that looks like a table --------------------------------------------------------------

# Lines 1196-1300 of the RPJMN 2025-2029 chapter II as converted to markdown
# (/work/shared/corpus/rpjmn-2025-2029-pdf2md, Bappenas, Lampiran Perpres 12/2025): a
# paragraph whose line "Kegiatan Prioritas Utama merupakan kebijakan" is all header words,
# then prose and a list broken over lines.
RPJMN_DEBRIS = ROOT / "tests" / "data" / "rpjmn-2025-2029-kegiatan-prioritas-utama.md"


def test_prose_with_a_line_of_header_words_is_not_a_table():
    from extract.flattened import recover_flattened_table
    from extract.ir import Line

    texts = RPJMN_DEBRIS.read_text(encoding="utf-8").split("\n")
    result = recover_flattened_table([Line(t, n) for n, t in enumerate(texts, start=1196)])
    assert result.table is None and result.unrecovered == []
    assert len(result.notes) == 1 and "prose, not a table" in result.notes[0]


def test_notes_of_one_kind_are_aggregated_beyond_the_limit():
    from extract.flattened import aggregate_notes

    notes = [f"line {n} was not placed in the table (continues no row)"
             for n in range(1197, 1240, 2)]
    notes.insert(1, "the table ends at line 2741 (running prose)")
    notes.append("line 1300: text 'Prioritas Nasional 1' lies where no text column is; left out")
    out = aggregate_notes(notes, limit=5)
    assert out[0].startswith("22 notes of one kind, e.g. line 1197 was not placed")
    assert out[0].endswith("; and 19 more")  # where the first of them stood
    assert out[1:] == ["the table ends at line 2741 (running prose)", notes[-1]]
    assert aggregate_notes(notes[:4], limit=5) == notes[:4]
