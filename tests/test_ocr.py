"""Page images and OCR: rendering, loading, rotation, deskew, ruling lines, Tesseract, cache.

The pages are drawn here with PIL from real strings of the Pontianak RKT, so nothing binary
is checked in. Tesseract runs on one small page a few times at most (the OCR cache, in a
temporary folder shared by the tests, answers the repeats); tests that need it are skipped
where it is not installed.

Also a benchmark, seconds per generated A4 page at 300 dpi:

    python -m tests.test_ocr bench                # rules erased, OMP_THREAD_LIMIT=1
    python -m tests.test_ocr bench --keep-rules   # rules left for Tesseract to read
    python -m tests.test_ocr bench --omp-unbounded
    python -m tests.test_ocr bench --no-reread    # no second look at badly read cells
    python -m tests.test_ocr bench-document --workers 2   # whole pages, pages in parallel
"""

from __future__ import annotations

import contextlib
import io
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extract import ocr, raster, tesseract
from extract.grid import Segment
from extract.ingest import IngestError
from extract.ir import Source, Word
from extract.raster import RasterSettings

from .bad_inputs import _png_header_only

ROOT = Path(__file__).resolve().parent.parent
PONTIANAK = ROOT / "corpus" / "pontianak-kesbangpol-rkt-2021.txt"
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts")]

needs_tesseract = pytest.mark.skipif(not ocr.tesseract_available("ind+eng"),
                                     reason="Tesseract with ind+eng data is not installed")

# Strings of the Pontianak RKT (checked against the corpus below): Tabel 2.3's last row, the
# target of its BAB III table and a budget of its BAB IV table.
PROGRAM = "Program penunjang urusan pemerintahan daerah"
INDICATOR = "Persentase realisasi anggaran dalam pemenuhan urusan pemerintah daerah"
TARGET = "97 %"
BUDGET = "3.314.590.000"
TITLE = "TABEL RENCANA KINERJA TAHUNAN TAHUN 2021"
AGENCY = "Kantor Kesatuan Bangsa dan Sosial Politik Kota Pontianak"
HEADER = ["No", "Program", "Indikator Kinerja", "Target", "Jumlah Dana"]
ROW = ["7.", PROGRAM, INDICATOR, TARGET, BUDGET]
WIDTHS = [110, 520, 560, 200, 290]


# -- drawing pages ---------------------------------------------------------------------------


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        found = sorted(folder.rglob(name)) if folder.is_dir() else []
        if found:
            return ImageFont.truetype(str(found[0]), size)
    try:  # matplotlib bundles DejaVu; PIL >= 10.1 scales its own default font
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
        return ImageFont.truetype(str(path), size)
    except (ImportError, OSError):
        return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if not current or draw.textlength(candidate, font=font) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    return [*lines, current] if current else lines


def draw_table(draw: ImageDraw.ImageDraw, x: int, y: int, widths: list[int],
               rows: list[list[str]], size: int = 34, rule: int = 3, pad: int = 14,
               pad_y: int | None = None) -> int:
    """A fully ruled table, header row in bold; returns the y of its bottom rule."""
    pad_y = pad if pad_y is None else pad_y
    font, bold = _font(size), _font(size, bold=True)
    line_height = int(size * 1.3)
    rule_ys = [y]
    for number, row in enumerate(rows):
        face = bold if number == 0 else font
        cells = [_wrap(draw, text, face, width - 2 * pad) for text, width in zip(row, widths)]
        left = x
        for lines, width in zip(cells, widths):
            for i, text in enumerate(lines):
                draw.text((left + pad, y + pad_y + i * line_height), text, font=face, fill=0)
            left += width
        y += max(len(lines) for lines in cells) * line_height + 2 * pad_y
        rule_ys.append(y)
    right = x + sum(widths)
    for ry in rule_ys:
        draw.rectangle([x, ry - rule // 2, right, ry - rule // 2 + rule - 1], fill=0)
    left = x
    for width in [0, *widths]:
        left += width
        draw.rectangle([left - rule // 2, rule_ys[0] - rule // 2, left - rule // 2 + rule - 1,
                        y - rule // 2 + rule - 1], fill=0)
    return y


def small_table_page() -> np.ndarray:
    """1800 x 760 px (300 dpi): a title, the agency and a two-row ruled table."""
    image = Image.new("L", (1800, 760), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 50), TITLE, font=_font(34, bold=True), fill=0)
    draw.text((60, 110), AGENCY, font=_font(34), fill=0)
    draw_table(draw, 60, 200, WIDTHS, [HEADER, ROW])
    return np.array(image)


def a4_strings() -> tuple[str, str, list[str], list[list[str]]]:
    """Heading, a paragraph, and header and rows of Tabel 2.3, from the Pontianak RKT."""
    lines = PONTIANAK.read_text(encoding="utf-8").split("\n")
    heading = next(line for line in lines if line == "2.3. Program, Sasaran Program dan "
                   "Indikator Program")
    prose = next(line for line in lines if line.startswith("Rencana Kinerja Tahunan (RKT)"))
    rows = [line.split("\t") for line in lines if line[:2] in {"1.", "2.", "3.", "4.", "6.",
                                                                 "7."}
            and line.count("\t") == 3 and "\tProgram " in line]
    return heading, prose, ["No", "Program", "Sasaran Program", "Indikator Program"], rows


def a4_page(scan: bool = True) -> np.ndarray:
    """An A4 portrait page at 300 dpi (2480 x 3508): prose and Tabel 2.3 of the Pontianak
    RKT, fully ruled; `scan` adds 0.8 degree skew, blur, noise and JPEG 60."""
    heading, prose, header, rows = a4_strings()
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    size = 40
    draw.text((200, 200), heading, font=_font(size, bold=True), fill=0)
    y = 300
    for text in _wrap(draw, prose, _font(size), 2080):
        draw.text((200, y), text, font=_font(size), fill=0)
        y += int(size * 1.5)
    draw.text((200, y + 40), "Tabel 2.3", font=_font(size, bold=True), fill=0)
    # As Word draws them: 0.5 pt borders (2 px), 0.08 in cell margins left and right, none
    # above and below, so the text nearly touches the horizontal rules.
    draw_table(draw, 200, y + 140, [120, 680, 640, 640], [header, *rows], size=size, rule=2,
               pad=24, pad_y=4)
    if not scan:
        return np.array(image)
    image = Image.fromarray(raster.rotate_by(np.array(image), 0.8))
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    noisy = np.array(image, dtype=np.int16) + np.random.default_rng(7).normal(
        0, 12, (image.height, image.width)).astype(np.int16)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=60)
    return np.array(Image.open(buffer).convert("L"))


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return small_table_page()


@pytest.fixture(scope="module")
def ocr_settings(tmp_path_factory) -> ocr.OcrSettings:
    # One cache for the module: a page OCR'd by one test is free for the next.
    return ocr.OcrSettings(cache_dir=str(tmp_path_factory.mktemp("ocr-cache")))


@pytest.fixture(scope="module")
def turned_page(page) -> np.ndarray:
    """The page skewed by 2 degrees, then turned a quarter clockwise (a sideways scan)."""
    return raster.rotate(raster.rotate_by(page, 2.0), 90)


def test_strings_are_real():
    text = PONTIANAK.read_text(encoding="utf-8")
    for string in (PROGRAM, INDICATOR, TARGET, BUDGET, AGENCY, *HEADER[1:3]):
        assert string in text


# -- input -------------------------------------------------------------------------------------


def test_load_image_refuses_decompression_bombs():
    with pytest.raises(IngestError) as error:
        raster.load_image(_png_header_only(60_000, 60_000))
    assert error.value.code == "image_too_large"
    with pytest.raises(IngestError) as error:  # our own, lower limit
        raster.load_image(_png_header_only(2_000, 2_000), RasterSettings(max_pixels=1_000_000))
    assert error.value.code == "image_too_large"


def test_load_image_multipage_tiff_and_transparency(tmp_path, page):
    first = Image.fromarray(page)
    second = Image.fromarray(raster.rotate(page, 180))
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[second], dpi=(300, 300),
               compression="tiff_lzw")
    pages = raster.load_image_pages(path)
    assert [image.shape for image, _ in pages] == [page.shape, page.shape]
    assert [dpi for _, dpi in pages] == [300.0, 300.0]
    assert np.array_equal(pages[0][0], page)
    assert np.array_equal(pages[1][0], raster.rotate(page, 180))

    rgba = Image.new("RGBA", (40, 30), (0, 0, 0, 0))  # transparent = paper, not black
    buffer = io.BytesIO()
    rgba.save(buffer, "PNG")
    (image,) = raster.load_image(buffer.getvalue())
    assert image.dtype == np.uint8 and image.shape == (30, 40) and image.min() == 255

    photo = Image.fromarray(page)  # a phone photo taken sideways: EXIF says "turn right"
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif, quality=90)
    (image,) = raster.load_image(buffer.getvalue())
    assert image.shape == (page.shape[1], page.shape[0])

    with pytest.raises(IngestError) as error:
        raster.load_image(b"not an image")
    assert error.value.code == "unreadable_image"


def test_render_page_in_memory(page):
    buffer = io.BytesIO()
    Image.fromarray(page).save(buffer, "PDF", resolution=300.0)  # an image-only "scan" PDF
    rendered = raster.render_page(buffer.getvalue(), 0, dpi=150)
    assert rendered.dtype == np.uint8 and rendered.ndim == 2
    assert abs(rendered.shape[1] - page.shape[1] / 2) <= 1
    assert abs(rendered.shape[0] - page.shape[0] / 2) <= 1
    with pytest.raises(IngestError) as error:
        raster.render_page(buffer.getvalue(), 0, dpi=300, settings=RasterSettings(max_pixels=10))
    assert error.value.code == "image_too_large"


def test_scan_page_rendered_from_its_image(page):
    """A page that is one image (a scan) is decoded and resized instead of drawn by pdfium:
    the same size and nearly the same pixels; a page with anything else on it, or an
    image that does not cover it, is drawn by pdfium."""
    quick = RasterSettings(embedded_scan_fast_path=True)
    slow = RasterSettings(embedded_scan_fast_path=False)
    small = Image.fromarray(page).resize((page.shape[1] * 2 // 3, page.shape[0] * 2 // 3))
    for mode in ("L", "RGB"):
        buffer = io.BytesIO()
        small.convert(mode).save(buffer, "PDF", resolution=200.0)  # a 200 dpi JPEG scan
        document = pdfium.PdfDocument(buffer.getvalue())
        with _render_scales() as scales:
            fast = raster.render_page(document, 0, dpi=300, settings=quick)
        assert scales and max(scales) < 0.5  # only the thumbnail was drawn
        drawn_page = raster.render_page(document, 0, dpi=300, settings=slow)
        assert fast.shape == drawn_page.shape and fast.dtype == np.uint8
        assert np.abs(fast.astype(int) - drawn_page).mean() < 3.0

    # The same scan with a line drawn over it: pdfium draws the page.
    document = pdfium.PdfDocument(buffer.getvalue())
    pdf_page = document[0]
    path = pdfium.raw.FPDFPageObj_CreateNewPath(10, 10)
    pdfium.raw.FPDFPath_LineTo(path, 300, 10)
    pdfium.raw.FPDFPath_SetDrawMode(path, pdfium.raw.FPDF_FILLMODE_NONE, True)
    pdfium.raw.FPDFPage_InsertObject(pdf_page, path)
    pdfium.raw.FPDFPage_GenerateContent(pdf_page)
    with _render_scales() as scales:
        raster.render_page(document, 0, dpi=300, settings=quick)
    assert max(scales) > 4


@contextlib.contextmanager
def _render_scales():
    """The scales pdfium draws pages at inside the block."""
    scales: list[float] = []
    render = pdfium.PdfPage.render

    def spy(self, *args, **kwargs):
        scales.append(kwargs.get("scale", args[0] if args else 1))
        return render(self, *args, **kwargs)

    with mock.patch.object(pdfium.PdfPage, "render", spy):
        yield scales


# -- geometry ----------------------------------------------------------------------------------


def test_ruling_lines_found_and_erased(page):
    segments = raster.find_ruling_segments(page)
    horizontal = [s for s in segments if s.orientation == "h"]
    vertical = [s for s in segments if s.orientation == "v"]
    # Two rows: three horizontal rules across the table; five columns: six verticals.
    assert len(horizontal) == 3 and len(vertical) == 6
    assert all(s.x1 - s.x0 > 1600 for s in horizontal)
    # Drawn 3 px wide, centred on x = 60, 170, 690, 1250, 1450 and 1740.
    assert [round((s.x0 + s.x1) / 2) for s in vertical] == [60, 170, 690, 1250, 1450, 1740]
    assert all(s.bottom - s.top == 3 for s in horizontal)

    erased = raster.erase_ruling_lines(page, segments)
    assert raster.find_ruling_segments(erased) == []
    # The text is untouched: the title and agency lines have the same ink as before.
    assert np.array_equal(erased[:180], page[:180])
    # ... and so is the cell text: away from the rules, not one pixel changed.
    away = np.ones(page.shape, bool)
    for s in segments:
        away[int(s.top) - 4:int(s.bottom) + 4, int(s.x0) - 4:int(s.x1) + 4] = False
    assert np.array_equal(erased[away], page[away])
    assert (erased[~away] < 128).sum() < 0.01 * (page[~away] < 128).sum()


def test_deskew_two_degrees(page):
    skewed = raster.rotate_by(page, 2.0)
    straight, angle = raster.deskew(skewed)
    assert abs(angle - 2.0) <= 0.3
    horizontal = [s for s in raster.find_ruling_segments(straight) if s.orientation == "h"]
    assert len(horizontal) == 3
    assert all(s.bottom - s.top <= 5 for s in horizontal)  # thin rules again, not staircases

    _, angle = raster.deskew(raster.rotate_by(page, -2.0))
    assert abs(angle + 2.0) <= 0.3
    same, angle = raster.deskew(page)
    assert angle == 0.0 and same is page


def test_text_line_direction(page):
    settings = RasterSettings()
    assert not raster._lines_run_vertically(page, 300, settings)
    assert raster._lines_run_vertically(raster.rotate(page, 90), 300, settings)


@needs_tesseract
def test_rotation_90_detected_and_corrected(turned_page, page):
    rotation = raster.detect_rotation(turned_page)
    assert rotation == 270
    upright = raster.rotate(turned_page, rotation)
    assert upright.shape[0] < upright.shape[1]  # landscape again, as drawn
    assert abs(raster.measure_skew(upright) - 2.0) <= 0.3


@needs_tesseract
def test_rotation_without_osd(turned_page):
    # Where osd.traineddata is missing: line direction, then OCR confidence of the two.
    assert raster.detect_rotation(turned_page, settings=RasterSettings(use_osd=False)) == 270


# -- OCR ---------------------------------------------------------------------------------------


def test_clean_words_drops_rule_artefacts():
    rules = [Segment(100, 0, 103, 500), Segment(0, 200, 900, 203)]
    words = [
        Word("|", 96, 40, 106, 80, 40.0),  # a vertical rule read as a bar
        Word("__", 300, 190, 340, 210, 30.0),  # a horizontal rule read as underscores
        Word("-", 400, 40, 420, 80, 90.0),  # a dash in a cell: "no value", kept
        Word("|Kegiatan", 101, 40, 281, 80, 85.0),  # a bar glued to a word at a rule
        Word("Program", 500, 40, 640, 80, 96.0),
        Word("  ", 700, 40, 720, 80, 95.0),
    ]
    kept = ocr.clean_words(words, rules)
    assert [w.text for w in kept] == ["-", "Kegiatan", "Program"]
    assert kept[1].x0 == pytest.approx(121.0)


def test_specks_are_dropped_by_shape_and_confidence():
    # Pontianak page 8, seed-31 scan: a 1 pt high "ti" read at confidence 4 under the cell
    # "Keamanan Stabilitas Daerah" joined the objective's name.
    words = [
        Word("Keamanan", 390.96, 202.56, 428.4, 208.8, 96.0),
        Word("ti", 407.28, 211.92, 412.08, 212.88, 4.0),
        Word("Stabilitas", 390.72, 211.92, 423.36, 218.4, 96.0),
        Word("Daerah", 425.0, 211.92, 450.0, 218.4, 95.0),
        Word("-", 500.0, 214.0, 504.0, 215.0, 90.0),  # a confident dash: "no value", kept
        Word("dak", 462.24, 197.76, 481.68, 204.0, 53.0),  # doubtful but text-sized, kept
    ]
    kept = ocr.drop_specks(words)
    assert [w.text for w in kept] == ["Keamanan", "Stabilitas", "Daerah", "-", "dak"]


def test_bad_cells_are_read_again_in_one_mosaic(page, monkeypatch):
    segments = raster.find_ruling_segments(page)
    erased = raster.erase_ruling_lines(page, segments)
    # The page OCR missed the "7." of the No column (as psm 3 does on scans) and garbled
    # the target cell with low confidence; the rest it read well.
    header = [Word(text, x0, 215, x0 + 100, 255, 95.0)
              for text, x0 in (("No", 75), ("Program", 185), ("Indikator", 705),
                               ("Target", 1265), ("Jumlah", 1465))]
    garbled = Word("97Yo", 1265, 280, 1365, 320, 31.0)
    row = [Word("Program", 185, 280, 285, 320, 95.0), Word("Persentase", 705, 280, 805, 320, 95.0),
           garbled, Word(BUDGET, 1465, 280, 1700, 320, 95.0)]
    mosaics = []

    def fake_ocr_page(image, settings, **kwargs):
        # Two pieces stacked: the "7." first (cells in reading order), then the target.
        mosaics.append((image, settings))
        lines = [ys for ys in np.split(np.arange(image.shape[0]),
                                       np.nonzero(np.diff((image < 128).any(axis=1)))[0] + 1)
                 if (image[ys] < 128).any()]
        boxes = []
        for ys in lines:
            xs = np.nonzero((image[ys] < 128).any(axis=0))[0]
            boxes.append((int(xs.min()), int(ys[0]), int(xs.max()) + 1, int(ys[-1]) + 1))
        texts = [("7.", 91.0), ("97%", 88.0)]
        read = [Word(t, *box, c) for (t, c), box in zip(texts, boxes)]
        return ocr.OcrResult(read, 90.0, "tesseract test", cached=False)

    monkeypatch.setattr(ocr, "ocr_page", fake_ocr_page)
    words, cached = ocr.reread_cells(erased, segments, header + row, 300, ocr.OcrSettings())
    assert len(mosaics) == 1 and mosaics[0][1].psm == 6 and not cached
    assert set(np.unique(mosaics[0][0])) <= {0, 255}  # binarized pieces
    assert garbled not in words and words[:len(header)] == header
    seven, target = words[-2:]
    assert (seven.text, seven.confidence, target.text) == ("7.", 91.0, "97%")
    ys, xs = np.nonzero(erased[280:400, 62:168] < 128)  # the "7." as drawn on the page
    assert (seven.x0, seven.top) == (62 + xs.min(), 280 + ys.min())
    assert (seven.x1, seven.bottom) == (62 + xs.max() + 1, 280 + ys.max() + 1)

    # A second look that reads worse than the first changes nothing.
    monkeypatch.setattr(ocr, "ocr_page", lambda image, settings, **kwargs: ocr.OcrResult(
        [Word("??", 0, 0, 10, image.shape[0], 5.0)], 5.0, "tesseract test"))
    only_garbled = header + [w for w in row if w is not garbled] + [Word("7.", 75, 280, 110,
                                                                        320, 96.0), garbled]
    words, _ = ocr.reread_cells(erased, segments, only_garbled, 300, ocr.OcrSettings())
    assert words == only_garbled


@needs_tesseract
def test_tesseract_failure_is_an_ocr_error(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract, "image_to_data",
                        mock.Mock(side_effect=RuntimeError("Tesseract process timeout")))
    with pytest.raises(ocr.OcrError) as error:
        ocr.ocr_page(np.full((10, 10), 255, np.uint8),
                     ocr.OcrSettings(use_cache=False, engine="command"))
    assert error.value.code == "ocr_failed" and "timed out" in str(error.value)
    monkeypatch.setattr(pytesseract, "image_to_data", mock.Mock(
        side_effect=pytesseract.TesseractError(1, "Error opening data file ind.traineddata")))
    with pytest.raises(ocr.OcrError) as error:
        ocr.ocr_page(np.full((10, 10), 255, np.uint8),
                     ocr.OcrSettings(use_cache=False, engine="command"))
    assert error.value.code == "ocr_failed" and "traineddata" in str(error.value)


@needs_tesseract
@pytest.mark.skipif(not ocr.api_engine_available(), reason="tesserocr is not installed")
def test_tesseract_api_timeout_is_an_ocr_error(page):
    settings = ocr.OcrSettings(use_cache=False, engine="api", timeout=0.001)
    with pytest.raises(ocr.OcrError) as error:
        ocr.ocr_page(page, settings)
    assert error.value.code == "ocr_failed" and "timed out" in str(error.value)


def test_ocr_unavailable_is_a_clear_error(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    assert not ocr.tesseract_available()
    with pytest.raises(IngestError) as error:
        ocr.ocr_page(np.full((10, 10), 255, np.uint8))
    assert error.value.code == "ocr_unavailable"
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in str(error.value)


@pytest.fixture(scope="module")
def turned_result(turned_page, ocr_settings) -> ocr.OcrPage:
    (result,) = ocr.ocr_document([turned_page], ocr_settings)
    return result


@needs_tesseract
def test_ocr_document_reads_a_turned_skewed_table(turned_result):
    result = turned_result
    assert result.rotation == 270 and abs(result.skew - 2.0) <= 0.3
    assert (result.width, result.height) > (1800, 760)  # the deskewed canvas fits the corners
    horizontal = [s for s in result.segments if s.orientation == "h"]
    vertical = [s for s in result.segments if s.orientation == "v"]
    assert (len(horizontal), len(vertical)) == (3, 6)
    # Tesseract's word order is its own (reading order is layout's job): compare words.
    read = [w.text for w in result.words]
    for expected in (TITLE, PROGRAM, INDICATOR, BUDGET, *HEADER):
        missing = [word for word in expected.split() if word not in read]
        assert not missing, f"{missing} not read from {expected!r}"
    assert "97%" in read or "%" in read  # ind+eng: Debian's ind model cannot output "%"
    assert not any("|" in w.text for w in result.words)  # the rules were erased, not read
    assert result.mean_confidence is not None and result.mean_confidence > 80
    assert all(0 <= w.x0 < w.x1 <= result.width and 0 <= w.top < w.bottom <= result.height
               for w in result.words)
    assert result.engine_version.startswith("tesseract ")


@needs_tesseract
def test_sideways_page_is_turned_before_it_is_read(turned_page, page, monkeypatch):
    # The quick look finds the lines running top to bottom, OSD is sure: one read of the
    # page, turned, instead of a read as it lies, found unreadable, and a second read.
    assert raster.sideways_turn(turned_page) == 270
    assert raster.sideways_turn(page) == 0  # upright: no OSD call at all
    engine = ocr._engine(ocr.OcrSettings())
    reads = mock.Mock(side_effect=type(engine).read.__get__(engine))
    monkeypatch.setattr(engine, "read", reads)
    settings = ocr.OcrSettings(use_cache=False, reread_cells=False)
    (result,) = ocr.ocr_document([turned_page], replace(settings, workers=1))
    assert result.rotation == 270 and reads.call_count == 1
    assert PROGRAM.split()[0] in [w.text for w in result.words]
    # Without the quick look (OSD missing) it still comes out right, with a second read.
    monkeypatch.setattr(raster, "sideways_turn", lambda *args, **kwargs: 0)
    monkeypatch.setattr(ocr, "sideways_turn", lambda *args, **kwargs: 0)
    reads.reset_mock()
    (again,) = ocr.ocr_document([turned_page], replace(settings, workers=1))
    assert again.rotation == 270 and reads.call_count == 2
    assert again.words == result.words


@needs_tesseract
def test_ocr_page_to_ir_page(turned_result):
    page = ocr.to_page(turned_result)
    assert page.ocr and page.number == 1 and page.mean_confidence == turned_result.mean_confidence
    assert page.width == pytest.approx(turned_result.width * 72 / 300)  # points, as pdf.py
    rows = [line for line in page.lines if line.is_tabular]
    assert [line.cells for line in rows][0] == HEADER
    assert rows[1].cells is not None and len(rows) == 2
    assert rows[1].cells[:3] == ["7.", PROGRAM, INDICATOR] and rows[1].cells[4] == BUDGET
    assert rows[1].cells[3] in {"97%", "97 %"}
    assert all(w.confidence is not None for line in rows for w in line.words)
    prose = [line.text for line in page.lines if not line.is_tabular and not line.is_blank]
    assert prose == [TITLE, AGENCY]
    assert all(line.confidence is not None for line in page.lines if not line.is_blank)

    layout = ocr.to_layout(turned_result)
    assert ocr.low_confidence_cells(layout, ocr.OcrSettings(low_confidence=0)) == []
    flagged = ocr.low_confidence_cells(layout, ocr.OcrSettings(low_confidence=101))
    assert len(flagged) == 10 and flagged[0][0] is layout.tables[0].lines[0]
    assert (flagged[6][1], flagged[6][2]) == (1, PROGRAM)


@needs_tesseract
def test_pages_in_parallel_and_source(page, turned_page, turned_result, ocr_settings):
    settings = replace(ocr_settings, workers=2)
    pages = ocr.ocr_document(iter([turned_page, (page, 300.0)]), settings, numbers=[3, 5])
    assert [p.number for p in pages] == [3, 5] and [p.rotation for p in pages] == [270, 0]
    assert pages[0].words == turned_result.words
    source = Source(file="scan.pdf", sha256="0" * 64, format="pdf", pages=5)
    ocr.fill_source(source, pages, settings)
    assert source.ocr_pages == [3, 5] and source.ocr_languages == "ind+eng"
    assert source.ocr_engine == turned_result.engine_version
    assert 80 < source.ocr_mean_confidence <= 100


@needs_tesseract
def test_cache_hit_runs_no_tesseract(page, tmp_path):
    ocr_settings = ocr.OcrSettings(cache_dir=str(tmp_path))  # empty: the first call reads
    prepared = ocr.prepare_page(page, 300, ocr_settings)
    first = ocr.ocr_page(prepared.ocr_image, ocr_settings, segments=prepared.segments)
    assert not first.cached
    engines = (tesseract.ApiEngine, tesseract.CommandEngine)
    with contextlib.ExitStack() as patches:
        ran = [patches.enter_context(mock.patch.object(
            engine, call, side_effect=AssertionError(f"Tesseract ran: {call}")))
            for engine in engines for call in ("read", "orientation")]
        second = ocr.ocr_page(prepared.ocr_image, ocr_settings, segments=prepared.segments)
        (whole,) = ocr.ocr_document([page], ocr_settings)  # rotation is cached, too
    assert not any(call.called for call in ran)
    assert second.cached and whole.cached
    assert second.words == first.words == whole.words
    assert second.mean_confidence == first.mean_confidence


def test_cache_key_and_directory(monkeypatch, tmp_path, page):
    if not ocr.tesseract_available("ind+eng"):
        monkeypatch.setattr(ocr, "tesseract_version", lambda settings=None: "tesseract test")
    base = ocr.OcrSettings()
    key = ocr.cache_key(page, base, 300)
    assert key == ocr.cache_key(page.copy(), base, 300)  # the pixels, not the object
    for changed in (ocr.OcrSettings(languages="ind"), ocr.OcrSettings(psm=6)):
        assert ocr.cache_key(page, changed, 300) != key
    assert ocr.cache_key(page, base, 200) != key
    touched = page.copy()
    touched[0, 0] = 0
    assert ocr.cache_key(touched, base, 300) != key

    monkeypatch.setenv(ocr.CACHE_ENV, str(tmp_path / "env"))
    assert ocr.cache_dir(base) == tmp_path / "env"
    assert ocr.cache_dir(ocr.OcrSettings(cache_dir=str(tmp_path / "set"))) == tmp_path / "set"
    monkeypatch.delenv(ocr.CACHE_ENV)
    assert ocr.cache_dir(base) == Path("~/.cache/rkt/ocr").expanduser()


# -- benchmark ---------------------------------------------------------------------------------


def bench(argv: list[str]) -> None:
    """Seconds per A4 page for each step, on a generated scan, Tesseract without the cache."""
    import os
    from collections import Counter

    settings = ocr.OcrSettings(use_cache=False, erase_rules="--keep-rules" not in argv,
                               omp_thread_limit=None if "--omp-unbounded" in argv else 1)
    raster_settings = settings.raster
    image = a4_page(scan="--clean" not in argv)
    ocr.tesseract_version()  # once per process, not per page
    timings: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}

    def timed(name, call, *args, **kwargs):
        # Wall time, and the CPU time of the Tesseract processes the step started: the
        # latter holds still when other work shares the machine.
        start, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        value = call(*args, **kwargs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings.setdefault(name, []).append(time.perf_counter() - start)
        cpu.setdefault(name, []).append(after.ru_utime + after.ru_stime
                                        - children.ru_utime - children.ru_stime)
        return value

    for _ in range(3):
        rotation = timed("rotation (OSD at 150 dpi)", raster.detect_rotation, image, 300,
                         raster_settings, omp_thread_limit=settings.omp_thread_limit)
        upright = raster.rotate(image, rotation)
        straight, skew = timed("deskew", raster.deskew, upright, raster_settings)
        segments = timed("find rules", raster.find_ruling_segments, straight)
        page = (timed("erase rules", raster.erase_ruling_lines, straight, segments)
                if settings.erase_rules else straight)
        result = timed("tesseract", ocr.ocr_page, page, settings, segments=segments)
        words = result.words
        if "--no-reread" not in argv:
            words, _ = timed("reread cells (tesseract)", ocr.reread_cells, page, segments,
                             words, 300, settings)
    heading, prose, header, rows = a4_strings()
    expected = Counter(" ".join([heading, prose, "Tabel 2.3", *header,
                                 *(cell for row in rows for cell in row)]).split())
    found = Counter(w.text for w in words)
    recall = sum((expected & found).values()) / sum(expected.values())
    print(f"A4 300 dpi, erase_rules={settings.erase_rules}, "
          f"OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', 'unset')}, "
          f"rotation={rotation}, skew={skew:.2f}, segments={len(segments)}, "
          f"words={len(words)}, with '|'={sum('|' in w.text for w in words)}, "
          f"mean_confidence={ocr.mean_confidence(words)}, word recall={recall:.3f}")
    for name, values in timings.items():
        tesseract_cpu = sorted(cpu[name])[1]
        print(f"  {name}: median {sorted(values)[1]:.3f} s "
              f"({', '.join(f'{v:.3f}' for v in values)})"
              + (f", Tesseract CPU {tesseract_cpu:.2f} s" if tesseract_cpu > 0.005 else ""))
    print(f"  total: {sum(sorted(v)[1] for v in timings.values()):.2f} s/page wall, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def bench_document(argv: list[str]) -> None:
    """Pages per second of `ocr_document` (all steps, no cache) on four A4 scans."""
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 1
    settings = ocr.OcrSettings(use_cache=False, workers=workers)
    page = a4_page()
    pages = [page, raster.rotate(page, 90), a4_page(scan=False), raster.rotate(page, 180)]
    ocr.tesseract_version()
    start = time.perf_counter()
    result = ocr.ocr_document(pages, settings)
    elapsed = time.perf_counter() - start
    print(f"ocr_document, 4 A4 pages (scan, scan sideways, clean, scan upside down), "
          f"workers={workers}: "
          f"{elapsed:.1f} s, {elapsed / len(pages):.2f} s/page, "
          f"rotations={[p.rotation for p in result]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["bench"]:
        bench(sys.argv[2:])
    elif sys.argv[1:2] == ["bench-document"]:
        bench_document(sys.argv[2:])
    elif sys.argv[1:2] == ["save"]:  # look at the generated pages
        Image.fromarray(a4_page()).save("a4-scan.png")
        Image.fromarray(small_table_page()).save("small-table.png")


def test_uneven_light_on_a_near_empty_page_is_flattened() -> None:
    # Page 16 of a Pontianak scan: three lines of budget prose on paper lit from one side.
    # Otsu (Tesseract's threshold) called half the page ink and Tesseract read no word.
    import cv2
    import numpy as np

    from extract.raster import flatten_lighting

    height, width = 1754, 1240
    paper = np.tile(np.linspace(250, 150, width, dtype=np.float32), (height, 1))
    page = paper.astype(np.uint8)
    lines = ["Jumlah Anggaran Kegiatan Tahun 2020 : Rp. 3.088.327.417-",
             "Jumlah Realisasi Anggaran Kegiatan Tahun 2020 : Rp. 2.714.724.445,-",
             "atau sebesar 96,82%."]
    for row, text in enumerate(lines):
        cv2.putText(page, text, (120, 200 + 60 * row), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)

    def ink_share(image: np.ndarray) -> float:
        _, mask = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        return float((mask == 0).mean())

    assert ink_share(page) > 0.25
    flat = flatten_lighting(page, 150.0)
    assert ink_share(flat) < 0.05
    even = np.full((height, width), 245, np.uint8)
    cv2.putText(even, "Tabel 2.1", (120, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)
    assert flatten_lighting(even, 150.0) is even  # evenly lit: untouched, same cache key


def test_low_confidence_cells_warned_worst_first_then_summed_up(monkeypatch):
    # A badly scanned annex page can hold dozens of doubtful cells: the worst few are
    # named, the rest counted in one warning.
    from extract import paged
    from extract.settings import Settings

    cells = [(None, column, f"Jumlah Kegiatan {column}", 20.0 + column) for column in range(12)]
    monkeypatch.setattr(paged, "to_layout", lambda *args: "layout")
    monkeypatch.setattr(paged, "low_confidence_cells", lambda layout, settings: cells)
    warnings: list = []
    page = mock.Mock(number=7)
    assert paged.ocr_layout(page, Settings(), warnings) == "layout"
    assert [w[0] for w in warnings] == ["low_ocr_confidence"] * 6
    assert "cell 1 'Jumlah Kegiatan 0' read with confidence 20" in warnings[0][1]
    assert warnings[-1][1] == "page 7: 7 more cells read with confidence below 60"
