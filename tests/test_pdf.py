"""PDF text-layer ingestion on PDFs rendered in the tests with reportlab.

Every table cell is a real string of the Pontianak RKT (`corpus/`): Tabel 2.3, 2.4 and 2.5
and the BAB IV IKU table with its "Jumlah Dana" amounts.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pdfplumber
import pytest

pytest.importorskip("reportlab")

from reportlab.lib import colors, pdfencrypt  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from extract import pipeline  # noqa: E402
from extract.ingest import IngestError  # noqa: E402
from extract.ir import Document, Line, Word  # noqa: E402
from extract.pdf import (  # noqa: E402
    PdfSettings,
    ingest_pdf,
    read_page,
    read_text_layer,
    text_layer_is_usable,
)
from extract.sections import detect_sections  # noqa: E402
from extract.settings import Settings  # noqa: E402
from extract.tables import find_tables  # noqa: E402

from .conftest import PONTIANAK  # noqa: E402

CORPUS = PONTIANAK.read_text(encoding="utf-8").split("\n")


def corpus_table(header_start: str) -> list[list[str]]:
    """The rows of the corpus table whose header line starts with `header_start`: its
    tab-separated lines up to the first line of prose (blank lines inside are skipped)."""
    start = next(i for i, line in enumerate(CORPUS)
                 if line.startswith(header_start) and "\t" in line)
    rows = []
    for line in CORPUS[start:]:
        if not line.strip():
            continue
        if "\t" not in line:
            break
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


TABEL_2_3 = corpus_table("No\tProgram\tSasaran Program")
TABEL_2_4 = corpus_table("No.\tKegiatan\tSasaran Kegiatan")
TABEL_2_5 = corpus_table("Program\tSasaran Program\tIndikator Program\tKegiatan")
IKU = corpus_table("No.\tIKU Perangkat Daerah")
CAPTION_2_3 = ("Program, Sasaran Program dan Indikator Program Tahun 2021 Kantor Kesatuan Bangsa "
               "dan Sosial Politik Kota Pontianak")
PROSE_2_3 = next(line for line in CORPUS if line.startswith("Rencana Kinerja Tahunan (RKT) Kantor")
                 and "Tabel 2.3" in line).replace("**", "")

CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)


def para(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text), style)


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], *, ruled: bool = True,
          spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
          repeat_rows: int = 0) -> Table:
    flow = Table([[para(c) for c in row] for row in rows], colWidths=list(widths),
                 repeatRows=repeat_rows)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    style += [("SPAN", a, b) for a, b in spans]
    flow.setStyle(TableStyle(style))
    return flow


def render(story: list, pagesize: tuple[float, float] = A4,
           on_page: Callable | None = None) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=pagesize, topMargin=60, bottomMargin=60,
                            leftMargin=40, rightMargin=40)
    if on_page is None:
        doc.build(story)
    else:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def furniture(canvas_: canvas.Canvas, doc: SimpleDocTemplate) -> None:
    """A running header and a page-number footer on every page."""
    width, height = doc.pagesize
    canvas_.setFont("Helvetica", 8)
    canvas_.drawString(40, height - 30,
                       "RKT Kantor Kesatuan Bangsa dan Sosial Politik Kota Pontianak 2021")
    canvas_.drawCentredString(width / 2, 25, f"Halaman {doc.page}")


def tabular(doc: Document) -> list[Line]:
    return [line for line in doc.lines if line.is_tabular]


def first_page_layout(data: bytes, settings: PdfSettings = PdfSettings()):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        layout, usable = read_page(pdf.pages[0], 1, settings)
    assert usable
    return layout


def staged(doc: Document) -> Document:
    """The pipeline's stages after ingestion, as `extract.pipeline` runs them."""
    settings = Settings()
    return find_tables(detect_sections(doc, settings.sections), settings)


# --- ruled tables ---------------------------------------------------------------------------

def tabel_2_5_program_1() -> bytes:
    """Tabel 2.5's first program with its three kegiatan, the program, sasaran and indikator
    program cells merged over the three kegiatan rows, on a landscape page."""
    rows = TABEL_2_5[:5]
    assert rows[3][0] == rows[4][0] == ""  # the converter left the covered cells blank
    spans = [((c, 2), (c, 4)) for c in range(3)]
    return render([table(rows, [150, 120, 110, 130, 120, 120], spans=spans)],
                  pagesize=landscape(A4))


def test_program_merged_over_three_kegiatan_rows() -> None:
    data = tabel_2_5_program_1()
    [block] = first_page_layout(data).tables
    grid = block.table
    rows = grid.rows()
    program = TABEL_2_5[2][0]
    assert program.startswith("1. Program Peningkatan Peran Partai Politik")
    assert [r[0] for r in rows[2:5]] == [program] * 3
    assert [r[3] for r in rows[2:5]] == [TABEL_2_5[i][3] for i in (2, 3, 4)]
    assert [grid.spans()[r][0] for r in (2, 3, 4)] == [(2, 0)] * 3
    assert {(c.row, c.col, c.row_span) for c in grid.merged_cells()} == {
        (2, 0, 3), (2, 1, 3), (2, 2, 3)}
    # The same through the IR: one tab-separated line per row, spans repeated.
    lines = tabular(ingest_pdf(data, "tabel-2.5.pdf"))
    assert [line.cells[0] for line in lines[2:5]] == [program] * 3
    assert lines[0].cells == TABEL_2_5[0] and lines[1].cells == TABEL_2_5[1]
    assert lines[2].text == "\t".join(lines[2].cells)


def test_wrapped_cell_is_one_cell() -> None:
    """Tabel 2.3's first program wraps over three or more lines of a narrow column."""
    rows = TABEL_2_3[:3]
    data = render([table(rows, [30, 130, 180, 180])])
    [block] = first_page_layout(data).tables
    cell = next(c for c in block.table.cells if c.row == 2 and c.col == 1)
    assert len({round(w.top) for w in cell.words}) >= 3
    assert cell.text == TABEL_2_3[2][1]
    assert block.table.rows()[2] == TABEL_2_3[2]


def word_style_table(c: canvas.Canvas, rows: Sequence[Sequence[str]], x: float, top: float,
                     widths: Sequence[float], row_height: float, page_height: float) -> None:
    """A table drawn as Word exports it: every cell border a thin filled rectangle, pieces
    overlapping at the corners, texts placed by hand (one line per cell)."""
    y = page_height - top
    for row in rows:
        left = x
        for width, text in zip(widths, row):
            c.rect(left, y - 0.25, width + 0.5, 0.5, stroke=0, fill=1)  # top border
            c.rect(left - 0.25, y - row_height, 0.5, row_height, stroke=0, fill=1)
            c.drawString(left + 4, y - 11, text)
            left += width
        c.rect(left - 0.25, y - row_height, 0.5, row_height, stroke=0, fill=1)
        y -= row_height
    c.rect(x, y - 0.25, sum(widths), 0.5, stroke=0, fill=1)


def test_borders_drawn_as_thin_rectangles() -> None:
    rows = [["No.", "Sub Kegiatan", "Jumlah Dana"], ["1.", "Bimbingan Partai Politik", ""],
            ["", "Jumlah Dana", "3.314.590.000"], ["", "Jumlah Dana", "269.010.230"]]
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setFont("Helvetica", 9)
    # a white page background box must not become a frame around the table
    c.setFillColor(colors.white)
    c.rect(0, 0, A4[0], A4[1], stroke=0, fill=1)
    c.setFillColor(colors.black)
    word_style_table(c, rows, 60, 100, [40, 200, 100], 16, A4[1])
    c.save()
    [block] = first_page_layout(buffer.getvalue()).tables
    assert block.table.rows() == rows


def test_word_glued_across_a_rule_is_split() -> None:
    """Tight cells: "Persen" and "75" 1.5 points apart either side of a rule."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setFont("Helvetica", 9)
    top = A4[1] - 100
    for y in (top, top - 15, top - 30):
        c.line(60, y, 240, y)
    for x in (60, 150, 240):
        c.line(x, top, x, top - 30)
    c.drawString(62, top - 11, "Satuan")
    c.drawString(152, top - 11, "Target")
    width = c.stringWidth("Persen", "Helvetica", 9)
    c.drawString(148.5 - width, top - 26, "Persen")  # right-aligned against the rule
    c.drawString(151.5, top - 26, "75%")
    c.save()
    [block] = first_page_layout(buffer.getvalue()).tables
    assert block.table.rows() == [["Satuan", "Target"], ["Persen", "75%"]]


def test_landscape_page_with_the_iku_table() -> None:
    rows = IKU[:5]
    widths = [30, 90, 130, 140, 150, 130, 90]
    data = render([table(rows, widths)], pagesize=landscape(A4))
    doc = ingest_pdf(data, "iku.pdf")
    assert doc.pages[0].width > doc.pages[0].height
    lines = tabular(doc)
    assert lines[0].cells == IKU[0]
    assert lines[-1].cells[-2:] == ["Jumlah Dana", "3.314.590.000"]
    assert [line.cells for line in lines] == [r for r in rows]


def test_page_rotated_by_the_rotate_key() -> None:
    """A portrait media box shown landscape (/Rotate 90), content drawn sideways: read in
    the displayed orientation."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setPageRotation(90)
    c.translate(A4[0], 0)
    c.rotate(90)  # draw in the displayed landscape coordinates
    c.setFont("Helvetica", 9)
    word_style_table(c, [IKU[0][5:], ["Jumlah Dana", "8.250.000"]], 60, 100, [150, 100], 16,
                     A4[0])
    c.save()
    doc = ingest_pdf(buffer.getvalue(), "rotated.pdf")
    page = doc.pages[0]
    assert (page.width, page.height) == pytest.approx((A4[1], A4[0]), abs=0.01)
    assert [line.cells for line in tabular(doc)] == [IKU[0][5:], ["Jumlah Dana", "8.250.000"]]


# --- borderless tables ----------------------------------------------------------------------

def test_borderless_table_between_prose() -> None:
    picked = [r for r in TABEL_2_4 if r[0] in ("4.", "6.", "8.", "9.")]
    rows = [[TABEL_2_4[0][0], TABEL_2_4[0][1], TABEL_2_4[0][3]]] + [[r[0], r[1], r[3]]
                                                                    for r in picked]
    story = [para(PROSE_2_3, BODY), Spacer(1, 12),
             table(rows, [40, 200, 200], ruled=False), Spacer(1, 12),
             para("Perencanaan kinerja merupakan komitmen bagi instansi untuk mencapai "
                  "sasaran dan program yang telah ditetapkan.", BODY)]
    doc = ingest_pdf(render(story), "borderless.pdf")
    lines = tabular(doc)
    assert [line.cells for line in lines] == rows
    last_row = doc.lines.index(lines[-1])
    assert doc.lines[0].text.startswith("Rencana Kinerja Tahunan (RKT) Kantor")
    assert doc.lines[last_row + 2].text.startswith("Perencanaan kinerja merupakan")
    assert not any(line.is_tabular for line in doc.lines[last_row + 1:])


def test_borderless_table_with_wrapped_cells_reads_like_the_ruled_one() -> None:
    """Tabel 2.3 without rules: cells wrapped over several lines, rows told apart by the
    cell padding only; prose, caption and the prose after it stay text."""
    story = [para(PROSE_2_3, BODY), Spacer(1, 10), para("Tabel 2.3", BODY),
             para(CAPTION_2_3, BODY), Spacer(1, 8),
             table(TABEL_2_3[:6], [30, 170, 160, 160], ruled=False), Spacer(1, 10),
             para(PROSE_2_3, BODY)]
    doc = staged(ingest_pdf(render(story), "tabel-2.3-borderless.pdf"))
    [found] = doc.tables
    assert found.label == "Tabel 2.3" and found.header == TABEL_2_3[:2]
    assert [row.cells for row in found.rows] == TABEL_2_3[2:6]
    assert sum(line.text.startswith("Rencana Kinerja Tahunan") for line in doc.lines) == 2


# --- captions and reading order -------------------------------------------------------------

def tabel_2_3_story(rows: int = 4) -> list:
    return [para("2.3. Program, Sasaran Program dan Indikator Program", BODY), Spacer(1, 6),
            para(PROSE_2_3, BODY), Spacer(1, 12), para("Tabel 2.3", BODY),
            para(CAPTION_2_3, BODY), Spacer(1, 8),
            table(TABEL_2_3[: 2 + rows], [30, 170, 160, 160])]


def test_caption_precedes_the_table() -> None:
    doc = ingest_pdf(render(tabel_2_3_story()), "tabel-2.3.pdf")
    texts = [line.text for line in doc.lines]
    caption = texts.index("Tabel 2.3")
    first_row = next(i for i, line in enumerate(doc.lines) if line.is_tabular)
    assert caption < first_row
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    doc = staged(doc)
    [found] = doc.tables
    assert found.label == "Tabel 2.3"
    assert found.caption == CAPTION_2_3
    assert found.header == TABEL_2_3[:2]
    assert [row.cells for row in found.rows] == TABEL_2_3[2:6]


# --- tables over several pages --------------------------------------------------------------

def continued_story(repeat_rows: int) -> list:
    return [para("Tabel 2.4", BODY), para("Kegiatan, Sasaran Kegiatan dan Indikator Kegiatan "
                                          "Tahun 2021", BODY), Spacer(1, 8),
            table(TABEL_2_4, [30, 160, 160, 160], repeat_rows=repeat_rows)]


@pytest.mark.parametrize("repeat_rows", [2, 1, 0])
def test_table_continued_over_pages_is_one_table(repeat_rows: int) -> None:
    """Tabel 2.4 (32 kegiatan) over several pages, header (and numbering row) repeated or
    not, a running header and a page number between the parts."""
    data = render(continued_story(repeat_rows), on_page=furniture)
    doc = ingest_pdf(data, "tabel-2.4.pdf")
    assert doc.source.pages >= 2
    doc = staged(doc)
    [found] = doc.tables
    assert found.label == "Tabel 2.4"
    assert len(found.pages) >= 2
    assert found.header == TABEL_2_4[:2]
    assert [row.cells[0] for row in found.rows] == [f"{n}." for n in range(1, 33)]
    assert [row.cells for row in found.rows] == TABEL_2_4[2:]


def test_table_over_three_pages_is_one_table() -> None:
    """Larger type: Tabel 2.4 runs over three pages, the header repeated on each."""
    large = ParagraphStyle("large", parent=CELL, fontSize=11, leading=14)
    flow = Table([[Paragraph(escape(c), large) for c in row] for row in TABEL_2_4],
                 colWidths=[30, 150, 130, 130], repeatRows=2)
    flow.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc = staged(ingest_pdf(render([flow], on_page=furniture), "tabel-2.4-large.pdf"))
    [found] = doc.tables
    assert found.pages == [1, 2, 3]
    assert found.header == TABEL_2_4[:2]
    assert [row.cells for row in found.rows] == TABEL_2_4[2:]


def test_different_tables_on_consecutive_pages_stay_apart() -> None:
    story = [table(TABEL_2_4[:12], [30, 160, 160, 160]), PageBreak(),
             table(TABEL_2_3[:4], [30, 170, 160, 160])]
    doc = staged(ingest_pdf(render(story), "two.pdf"))
    assert [t.header[0] for t in doc.tables] == [TABEL_2_4[0], TABEL_2_3[0]]


def test_page_furniture_is_removed_but_captions_in_the_margin_stay() -> None:
    story = []
    for label in ("Tabel 2.3", "Tabel 2.4", "Tabel 2.5"):
        story += [para(label, BODY), para(PROSE_2_3, BODY), PageBreak()]
    doc = ingest_pdf(render(story[:-1], on_page=furniture), "furniture.pdf")
    texts = [line.text for line in doc.lines]
    assert not any(t.startswith(("RKT Kantor", "Halaman")) for t in texts)
    assert [line.text for line in doc.lines if line.text.startswith("Tabel")] == [
        "Tabel 2.3", "Tabel 2.4", "Tabel 2.5"]
    assert all(page.lines[0].text for page in doc.pages)  # no blank left at the top
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))


def test_table_on_a_later_page_belongs_to_the_section_above_it() -> None:
    """Section 2.5 opens low on page 2; the unlabelled table at the top of page 3 is in it.
    The stages order tables, captions and sections by `Line.number`, which therefore counts
    through the document (with numbers restarting on every page, page 3's table at line 1
    sorted first and fell under section 2.3 of page 1)."""
    story = tabel_2_3_story(rows=2) + [PageBreak()]
    story += [para(PROSE_2_3, BODY)] * 12
    story += [para("2.5 Capaian Kinerja Tahun Sebelumnya (2020)", BODY), PageBreak()]
    story += [table(corpus_table("No.\tSasaran Strategis")[:3], [30, 150, 170, 50, 50, 60])]
    doc = staged(ingest_pdf(render(story), "sections.pdf"))
    page_3 = next(t for t in doc.tables if t.pages == [3])
    assert page_3.section == "Capaian Kinerja Tahun Sebelumnya (2020)"
    assert [t.pages for t in doc.tables] == [[1], [3]]  # document order


# --- pages that need OCR, and unreadable files ---------------------------------------------

def test_scanned_page_is_listed_for_ocr(tmp_path: Path) -> None:
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("L", (40, 56), 200).save(image)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.drawString(60, 700, "RENCANA KINERJA TAHUNAN (RKT) 2021")
    c.showPage()
    c.drawImage(str(image), 0, 0, width=A4[0], height=A4[1])
    c.drawString(290, 20, "2")  # a stamped page number over the scan
    c.showPage()
    c.showPage()  # a blank page: nothing to read, nothing to OCR
    c.save()
    doc, needs_ocr = read_text_layer(buffer.getvalue(), "scan.pdf")
    assert needs_ocr == [2]
    assert doc.source.pages == 3 and doc.source.ocr_pages == []
    assert doc.pages[1].lines == [] and doc.pages[0].lines[0].text.startswith("RENCANA")


class FakePage:
    width, height, rotation, images = 595.0, 842.0, 0, []


def test_garbage_glyphs_are_not_a_usable_text_layer() -> None:
    garbage = [Word("(cid:12)(cid:7)(cid:44)", 0, 0, 10, 10)] * 30
    assert not text_layer_is_usable(garbage, FakePage())
    assert not text_layer_is_usable([Word("\ufffd\ufffd\ufffdn", 0, 0, 10, 10)] * 30, FakePage())
    assert not text_layer_is_usable([], FakePage())
    assert text_layer_is_usable([Word("Program", 0, 0, 10, 10)], FakePage())


def test_fake_bold_glyphs_are_read_once() -> None:
    """Word's fake bold draws each glyph again a fraction of a point to the right."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for dx in (0, 0.3, 0.6):
        c.drawString(60 + dx, 700, "BAB IV IKU RENCANA STRATEGIS")
    c.save()
    assert ingest_pdf(buffer.getvalue(), "bold.pdf").lines[0].text == (
        "BAB IV IKU RENCANA STRATEGIS")


def test_page_that_does_not_parse_goes_to_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for text in ("RENCANA KINERJA TAHUNAN (RKT) 2021", "BAB I PENDAHULUAN"):
        c.drawString(60, 700, text)
        c.showPage()
    c.save()
    from extract import pdf as pdf_module

    real = pdf_module.parses
    monkeypatch.setattr(pdf_module, "parses",
                        lambda page: page.page_number != 2 and real(page))
    doc, needs_ocr = read_text_layer(buffer.getvalue(), "damaged.pdf")
    assert needs_ocr == [2] and doc.pages[0].lines[0].text.startswith("RENCANA")


def test_corrupt_pdf() -> None:
    with pytest.raises(IngestError) as error:
        ingest_pdf(b"%PDF-1.4\nthis is not a pdf", "broken.pdf")
    assert error.value.code == "corrupt_pdf"
    good = render(tabel_2_3_story(1))
    with pytest.raises(IngestError) as error:
        ingest_pdf(good[: len(good) // 3], "truncated.pdf")
    assert error.value.code == "corrupt_pdf"
    assert "\n" not in str(error.value)


def test_encrypted_pdf() -> None:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("rahasia", "pemilik"))
    c.drawString(60, 700, "RENCANA KINERJA TAHUNAN (RKT) 2021")
    c.save()
    with pytest.raises(IngestError) as error:
        ingest_pdf(buffer.getvalue(), "locked.pdf")
    assert error.value.code == "encrypted"
    assert "qpdf --decrypt" in str(error.value)


def test_pdf_with_only_an_owner_password_is_read() -> None:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("", "pemilik", canCopy=0))
    c.drawString(60, 700, "RENCANA KINERJA TAHUNAN (RKT) 2021")
    c.save()
    assert ingest_pdf(buffer.getvalue(), "restricted.pdf").lines[0].text.startswith("RENCANA")


def test_empty_pdf() -> None:
    buffer = io.BytesIO()
    canvas.Canvas(buffer).save()  # one blank page
    with pytest.raises(IngestError) as error:
        ingest_pdf(buffer.getvalue(), "empty.pdf")
    assert error.value.code == "empty_pdf"


# --- end to end -----------------------------------------------------------------------------

def rkt_pdf() -> bytes:
    cover = ParagraphStyle("cover", parent=BODY, fontSize=16, leading=20, alignment=1)
    story = [Spacer(1, 120), para("RENCANA KINERJA TAHUNAN (RKT) 2021", cover), Spacer(1, 30),
             para("Kantor Kesatuan Bangsa dan Sosial Politik", cover),
             para("Kota Pontianak", cover), PageBreak()]
    story += tabel_2_3_story(rows=3)
    return render(story, on_page=furniture)


def test_end_to_end_through_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    path = tmp_path / "pontianak-rkt-2021.pdf"
    path.write_bytes(rkt_pdf())
    text_ingest = pipeline.ingest

    def ingest(source, settings):  # the reader registered for .pdf until ingest() has it
        source = Path(source)
        if source.suffix == ".pdf":
            return ingest_pdf(source.read_bytes(), str(source))
        return text_ingest(source, settings)

    monkeypatch.setattr(pipeline, "ingest", ingest)
    data = pipeline.extract_document(path)
    assert data["source"]["format"] == "pdf" and data["source"]["pages"] == 2
    assert data["document"]["type"] == "RKT" and data["document"]["year"] == 2021
    # The running header printed on every page (the cover too) is not the title.
    assert data["document"]["title"] == "RENCANA KINERJA TAHUNAN (RKT) 2021"
    assert data["document"]["agency"].startswith("Kantor Kesatuan Bangsa dan Sosial Politik")
    names = [p["name"] for p in data["programs"]]
    assert len(names) == 3
    assert names[0].startswith("Program peningkatan peran partai politik")
    assert names[2] == "Program pemberdayaan dan pengawasan organisasi kemasyarakatan"
    [found] = [t for t in data["tables"] if t.get("label") == "Tabel 2.3"]
    assert len(found["rows"]) == 3
    indicators = [i["name"] for p in data["programs"] for i in p["indicators"]]
    assert "Persentase Ormas dan LSM yang ber-SKT" in indicators
