"""The two ways of running Tesseract give the same words: the API engine (tesserocr, models
loaded once per process) and the command (pytesseract, a process per call). The OCR cache
does not tell them apart, so they must not differ in a single box or confidence."""

from __future__ import annotations

import os

import numpy as np
import pytest

from extract import ocr, raster, tesseract

from .test_ocr import a4_page, small_table_page

pytestmark = [
    pytest.mark.skipif(not ocr.tesseract_available("ind+eng"),
                       reason="Tesseract with ind+eng data is not installed"),
    pytest.mark.skipif(not ocr.api_engine_available(), reason="tesserocr is not installed"),
]


@pytest.fixture(scope="module")
def prepared() -> ocr.PreparedPage:
    # A scanned A4 page with the Pontianak RKT's heading, prose and a ruled table.
    return ocr.prepare_page(a4_page(), 300, ocr.OcrSettings(use_cache=False), rotation=0)


def _engine(kind: str) -> tesseract.ApiEngine | tesseract.CommandEngine:
    return ocr._engine(ocr.OcrSettings(engine=kind))


def test_api_and_command_read_the_same_words(prepared):
    call = tesseract.TesseractCall("ind+eng", 3, 1, 300)
    api = _engine("api").read(prepared.ocr_image, call)
    command = _engine("command").read(prepared.ocr_image, call)
    assert len(api) > 100
    assert api == command
    texts = " ".join(row[0] for row in api)
    assert "Persentase realisasi anggaran dalam pemenuhan urusan" in texts
    # confidences are whole numbers, as pytesseract always returned them
    assert all(float(row[5]).is_integer() for row in api)


def test_api_and_command_read_the_same_cells_as_a_block():
    # psm 6, the mode of the cell re-read, on a small ruled table
    image = small_table_page()
    call = tesseract.TesseractCall("ind+eng", 6, 1, 300)
    assert _engine("api").read(image, call) == _engine("command").read(image, call)


def test_an_instance_is_reused_and_switches_page_segmentation(prepared):
    engine = _engine("api")
    block = tesseract.TesseractCall("ind+eng", 6, 1, 300)
    page = tesseract.TesseractCall("ind+eng", 3, 1, 300)
    first = engine.read(prepared.ocr_image, page)
    engine.read(prepared.ocr_image, block)
    # the same instance, back from psm 6: nothing of the last call stays behind
    assert engine.read(prepared.ocr_image, page) == first


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_api_and_command_agree_on_orientation(turn):
    page = raster.rotate(raster._downscale(a4_page(scan=False), 300, 150), turn)
    api = _engine("api").orientation(page)
    command = _engine("command").orientation(page)
    assert api is not None and command is not None
    assert api[0] == command[0] == (360 - turn) % 360
    assert api[1] == pytest.approx(command[1], abs=0.01)


def test_orientation_of_a_blank_page_is_unknown():
    blank = np.full((600, 400), 255, np.uint8)
    assert _engine("api").orientation(blank) is None
    assert _engine("command").orientation(blank) is None


def test_engine_choice(monkeypatch):
    with pytest.raises(ValueError, match="unknown Tesseract engine"):
        tesseract.engine_for("fast", None, 1)
    assert isinstance(_engine("command"), tesseract.CommandEngine)
    assert isinstance(_engine("auto"), tesseract.ApiEngine)
    # without tesserocr, "auto" falls back to the command and "api" says what is missing
    monkeypatch.setattr(tesseract, "_api_engine", lambda *args: None)
    assert isinstance(_engine("auto"), tesseract.CommandEngine)
    with pytest.raises(tesseract.TesseractFailure, match="tesserocr"):
        _engine("api")


def test_openmp_limit_that_does_not_hold_is_noticed(monkeypatch):
    # This process's OpenMP started with the limit the environment gave it; a different
    # limit asked for now would not be applied, and the API engine must not be used then.
    assert tesseract._openmp_follows_environment()
    limit = os.environ["OMP_THREAD_LIMIT"]
    monkeypatch.setenv("OMP_THREAD_LIMIT", str(int(limit) + 6))
    assert not tesseract._openmp_follows_environment()
