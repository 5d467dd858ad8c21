"""PDF text-layer ingestion: a digital PDF becomes a `Document` of pages and lines.

Per page, a chain of steps (each a function below):

    words         pdfplumber `extract_words` (no blank chars, no text flow: positions decide
                  the order), duplicated fake-bold glyphs removed, words split where a
                  vertical rule runs through them (tight cells glued by the word finder)
    segments      ruling lines from `page.lines`, straight pieces of `page.curves`, and
                  rectangles: a thin one is a line, a visible box gives its four edges, an
                  invisible white background box gives nothing
    usable?       `text_layer_is_usable`: no words, mostly replacement / unmapped glyphs,
                  or a page-sized image with almost no words means the page needs OCR
    tables        `grid.find_tables` on the segments, then `grid.find_borderless_tables`
                  on the words outside them
    lines         `layout.layout_page`: text lines and one tab-separated line per table row

Then, over the whole document:

    furniture     `remove_page_furniture`: lone page numbers ("12", "- 12 -", "Halaman 12",
                  "ii") and running headers/footers (a margin line whose text, digits aside,
                  recurs at the same height on several pages; captions and headings never)
                  are removed, else a running header, the first line of every page, is read
                  as the document's title and splits every table continued over a page
    continued     `join_continued_tables`, below

Tables continued over pages (`join_continued_tables`). The table stage reads consecutive
tabular lines (across at most two blank lines) as one table, so a table split by a page
break becomes one table again when nothing but blank lines separates its parts and the
continuation does not repeat the header. When the last block of a page is a table and the
first block of the next page is one too, the second continues the first if

- its leading rows repeat the first part's header (`header_match_score` percent of their
  words are its header words; compared as words because a borderless table's cells are
  inferred per page): the repeated header (and "(1) (2) (3)" numbering row) is dropped, or
- it has the same column edges (within `column_match_tolerance`) and no header row of its
  own (a table whose header was not repeated).

Between the two parts only page furniture may stand: blank lines, a lone page number or a
running header/footer (already gone unless `drop_page_furniture` is off). Those lines are
removed, so the two parts become adjacent in reading order and the table stage joins them.
Two tables that touch across a page break without being one get separator blank lines
instead. `read_text_layer` then numbers the lines through the whole document.

`read_text_layer` returns the document and the pages whose text layer is not usable; it
leaves those pages empty and `Source.ocr_pages` empty, for the OCR step to fill.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .grid import (
    GridSettings,
    GridTable,
    Segment,
    find_borderless_tables,
    find_tables,
    words_in_cells,
)
from .headers import is_header_cell
from .ingest import IngestError
from .ir import Document, Line, Page, Source, Word
from .layout import LayoutSettings, PageLayout, TableBlock, blank, layout_page, number_lines


@dataclass(frozen=True)
class PdfSettings:
    grid: GridSettings = field(default_factory=GridSettings)
    layout: LayoutSettings = field(default_factory=LayoutSettings)
    #: pdfplumber's word-building tolerances (points): characters closer than this
    #: horizontally / vertically are one word. pdfplumber's defaults.
    x_tolerance: float = 3.0
    y_tolerance: float = 3.0
    #: Remove glyphs drawn twice at the same spot (Word's fake bold: "PPrrooggrraamm").
    dedupe_chars: bool = True
    # -- is the text layer real? -----------------------------------------------------------
    #: A page whose characters are more than this share replacement glyphs (U+FFFD),
    #: unmapped "(cid:NN)" glyphs, private-use or control characters has no usable text
    #: (a font without a ToUnicode map).
    max_garbage_share: float = 0.3
    #: A page covered by images over this share of its area ...
    image_cover_share: float = 0.5
    #: ... with fewer words than this is a scan (a stamped page number or a short invisible
    #: label is not the page's text).
    min_words_over_image: int = 20
    # -- tables continued over pages --------------------------------------------------------
    #: Percent of a continuation's leading row's words that must be header words of the
    #: first part for the row to be its repeated header.
    header_match_score: float = 90.0
    #: Leading rows of a continuation compared with the first part's header.
    max_header_rows: int = 4
    #: Column edges within this many points are the same columns (a continuation whose
    #: header was not repeated).
    column_match_tolerance: float = 6.0
    #: Top and bottom share of the page height where running headers and footers sit.
    margin_share: float = 0.12
    #: A margin line recurring (digits aside) on at least this many pages, and on at
    #: least `recurring_page_share` of them, is a running header or footer.
    recurring_min_pages: int = 2
    recurring_page_share: float = 0.3
    #: ... at the same height on each page, within this many points.
    running_position_tolerance: float = 4.0
    #: Remove page furniture (lone page numbers, running headers and footers) from every
    #: page, not only between the parts of a continued table: a running header is the first
    #: line of each page and would otherwise be read as the document's title.
    drop_page_furniture: bool = True


# --- opening ------------------------------------------------------------------------------

#: Bytes at the end of a PDF searched for its "%%EOF" marker (as Acrobat does).
TRAILER_WINDOW = 1024


def open_pdf(data: bytes, file: str) -> pdfplumber.PDF:
    """Open a PDF, turning pdfminer's failures into `IngestError`s that say what to do.

    A file without the "%%EOF" end marker in its last kilobyte (where readers look for it)
    was cut short: a truncated download. pdfminer would scan what is left and give the
    pages it finds, a partial document passed off as the whole one, so it is refused.
    """
    name = file.rsplit("/", 1)[-1]
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\f ")[-TRAILER_WINDOW:]:  # padding aside
        raise IngestError("corrupt_pdf", f"{name}: PDF is truncated ({len(data):,} bytes, no "
                          "%%EOF end marker)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestError("encrypted", f"{name}: PDF is password-protected") from error
        raise corrupt(name, cause) from error
    except Exception as error:  # pdfminer raises many exception types on broken files
        raise corrupt(name, error) from error
    return pdf


def close_quietly(pdf: pdfplumber.PDF) -> None:
    """Close a PDF. pdfplumber's `close` walks the page tree again, and on a broken one
    raises what listing the pages raised: that must not replace the `IngestError` already
    raised for it (nor turn a read document into a failure)."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - pdfminer raises many exception types on broken files
        pass


def corrupt(name: str, cause: object) -> IngestError:
    reason = " ".join(str(cause).split())[:120] or type(cause).__name__
    return IngestError("corrupt_pdf", f"{name}: PDF cannot be read ({reason})")


# --- per page -----------------------------------------------------------------------------

def is_white(color: Any) -> bool:
    """Gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if color is None:
        return False
    values = tuple(color) if isinstance(color, (list, tuple)) else (color,)
    if not all(isinstance(v, (int, float)) for v in values):
        return False  # a pattern or named colour space: assume visible
    if len(values) == 4:
        return all(v == 0 for v in values)
    return bool(values) and all(v >= 0.99 for v in values)


def rect_segments(rect: dict[str, Any], settings: GridSettings) -> list[Segment]:
    """A thin rectangle is a rule (Word draws borders as filled thin rectangles); a visible
    box gives its four edges; an unstroked white box (a page background) gives none."""
    x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
    if min(x1 - x0, bottom - top) <= settings.max_rule_thickness:
        return [Segment(x0, top, x1, bottom)]
    if not rect.get("stroke") and is_white(rect.get("non_stroking_color")):
        return []
    return [Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom),
            Segment(x0, top, x0, bottom), Segment(x1, top, x1, bottom)]


def curve_segments(curve: dict[str, Any], settings: GridSettings) -> list[Segment]:
    """Axis-aligned straight pieces of a path (some exporters draw a row's borders as one
    polyline)."""
    points = curve.get("pts") or []
    tol = settings.max_rule_thickness
    segments = []
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        if abs(ay - by) <= tol or abs(ax - bx) <= tol:
            segments.append(Segment(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return segments


def page_segments(page: Any, settings: GridSettings) -> list[Segment]:
    """Every ruling segment drawn on the page."""
    segments = [Segment(line["x0"], line["top"], line["x1"], line["bottom"])
                for line in page.lines]
    for rect in page.rects:
        segments += rect_segments(rect, settings)
    for curve in page.curves:
        segments += curve_segments(curve, settings)
    return segments


def split_at_rules(raw_words: Sequence[dict[str, Any]], segments: Sequence[Segment],
                   settings: GridSettings) -> list[Word]:
    """IR words from pdfplumber's words, each split where a vertical rule runs through it:
    with tight cell padding the word finder glues the end of one cell to the next."""
    verticals = [s for s in segments if s.orientation == "v"
                 and s.x1 - s.x0 <= settings.max_rule_thickness]
    words = []
    for raw in raw_words:
        mid = (raw["top"] + raw["bottom"]) / 2
        # A cut needs a character on each side: a rule touching the word's edge is no cut.
        cuts = sorted({x for s in verticals if s.top <= mid <= s.bottom
                       and raw["x0"] + 1 < (x := (s.x0 + s.x1) / 2) < raw["x1"] - 1})
        if not cuts or not raw.get("chars"):
            words.append(Word(raw["text"], raw["x0"], raw["top"], raw["x1"], raw["bottom"]))
            continue
        pieces: list[list[dict[str, Any]]] = [[] for _ in range(len(cuts) + 1)]
        for char in raw["chars"]:
            centre = (char["x0"] + char["x1"]) / 2
            pieces[sum(centre > cut for cut in cuts)].append(char)
        for chars in pieces:
            text = "".join(c["text"] for c in chars).strip()
            if text:
                words.append(Word(text, min(c["x0"] for c in chars), min(c["top"] for c in chars),
                                  max(c["x1"] for c in chars), max(c["bottom"] for c in chars)))
    return words


GARBAGE_RE = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b-\x1f]")


def text_layer_is_usable(words: Sequence[Word], page: Any,
                         settings: PdfSettings = PdfSettings()) -> bool:
    """Whether a page's text layer can be read as is; False means the page needs OCR.

    Not usable: no words at all; mostly replacement or unmapped glyphs (a font without a
    ToUnicode map prints fine and extracts as garbage); or images covering most of the
    page with almost no words over them (a scan with a stamped page number).
    """
    if not words:
        return False
    text = "".join(w.text for w in words)
    garbage = sum(len(m.group()) for m in GARBAGE_RE.finditer(text))
    if garbage > settings.max_garbage_share * len(text):
        return False
    if len(words) < settings.min_words_over_image:
        return image_cover(page) < settings.image_cover_share
    return True


def page_size(page: Any) -> tuple[float, float]:
    """The page's width and height as displayed. pdfminer turns the objects of a page with
    /Rotate 90 or 270 into the displayed (landscape) orientation, but pdfplumber reports the
    unrotated media box size."""
    width, height = float(page.width), float(page.height)
    if (page.rotation or 0) % 180 == 90:
        return height, width
    return width, height


def image_cover(page: Any) -> float:
    """Share of the page area under images (overlaps counted twice, capped at 1)."""
    width, height = page_size(page)
    area = width * height or 1.0
    covered = 0.0
    for image in page.images:
        x0, x1 = max(image["x0"], 0), min(image["x1"], width)
        top, bottom = max(image["top"], 0), min(image["bottom"], height)
        covered += max(x1 - x0, 0) * max(bottom - top, 0)
    return min(covered / area, 1.0)


def is_blank_page(page: Any) -> bool:
    """Nothing on the page to read or to OCR: no characters, images or paths."""
    return not (page.chars or page.images or page.curves or page.rects or page.lines)


def duplicate_chars(chars: Sequence[dict[str, Any]], tolerance: float = 1.0) -> set[int]:
    """The ids of glyphs drawn again at (almost) the same spot with the same text: Word's
    fake bold prints each letter two or three times a fraction of a point apart.

    pdfplumber's `dedupe_chars` does the same but compares pairs and takes most of a
    page's reading time on table-heavy pages; here chars are bucketed by rounded position
    and compared with their neighbouring buckets only.
    """
    kept: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    duplicates: set[int] = set()
    for char in chars:
        bx, by = round(char["x0"] / tolerance), round(char["top"] / tolerance)
        text = char["text"]
        if any(abs(other["x0"] - char["x0"]) <= tolerance
               and abs(other["top"] - char["top"]) <= tolerance
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)
               for other in kept.get((text, bx + dx, by + dy), ())):
            duplicates.add(id(char))
        else:
            kept.setdefault((text, bx, by), []).append(char)
    return duplicates


def parses(page: Any) -> bool:
    """Whether pdfminer can interpret the page's content stream (parsed once, then cached
    by pdfplumber). One broken page must not stop a hundred-page document."""
    try:
        page.objects  # noqa: B018 - the attribute access runs the parser
    except Exception:  # pdfminer raises many exception types on damaged streams
        return False
    return True


def read_page(page: Any, number: int, settings: PdfSettings) -> tuple[PageLayout, bool]:
    """Lay out one page; the flag is False when its text layer is not usable."""
    width, height = page_size(page)
    if settings.dedupe_chars:
        duplicates = duplicate_chars(page.chars)
        if duplicates:
            page = page.filter(lambda obj: id(obj) not in duplicates)
    raw = page.extract_words(keep_blank_chars=False, use_text_flow=False,
                             x_tolerance=settings.x_tolerance, y_tolerance=settings.y_tolerance,
                             return_chars=True)
    segments = page_segments(page, settings.grid)
    words = split_at_rules(raw, segments, settings.grid)
    if not text_layer_is_usable(words, page, settings):
        return PageLayout(number, [], [], width, height), False
    tables = find_tables(segments, words, settings.grid)
    taken = words_in_cells(tables)
    free = [w for w in words if id(w) not in taken]
    tables += find_borderless_tables(free, settings.grid)
    return layout_page(words, tables, number, settings.layout, width, height), True


# --- tables continued over pages ----------------------------------------------------------

# A page number: at most three digits (a lone "2021" on a cover is the plan year), or a
# roman numeral of the front matter ("ii", "xiv").
ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
PAGE_NUMBER_RE = re.compile(
    rf"^\s*(?:-\s*)?(?:(?:hal(?:aman)?\.?|page)\s*)?(?:\d{{1,3}}|{ROMAN})(?:\s*-)?"
    r"(?:\s*(?:dari|of)\s*\d{1,4})?\s*$", re.IGNORECASE)


# Captions and headings are content even when they recur in the margin ("Tabel 2.3" and
# "Tabel 2.4" at the top of two pages differ only in digits).
CONTENT_RE = re.compile(r"^\s*((tabel|table|gambar|grafik|bab|lampiran)\b|\d+(\.\d+)+\.?\s)",
                        re.IGNORECASE)


def furniture_key(text: str) -> str:
    """Running headers and footers compared without their digits ("Hal 3" ~ "Hal 4")."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def line_box(line: Line) -> tuple[float, float] | None:
    if not line.words:
        return None
    return min(w.top for w in line.words), max(w.bottom for w in line.words)


def in_margin(line: Line, layout: PageLayout, share: float) -> bool:
    box = line_box(line)
    if box is None or not layout.height:
        return False
    return box[0] < share * layout.height or box[1] > (1 - share) * layout.height


@dataclass
class RunningTexts:
    """Margin lines by text (digits aside): on which pages and at what height they stand.

    A running header or footer stands at the same height on every page; a cover title that
    happens to read like the running header does not, so position is part of the match.
    """

    seen: dict[str, list[tuple[int, float]]]
    needed: float
    position_tolerance: float

    def recurs(self, line: Line, page: int) -> bool:
        box = line_box(line)
        if box is None:
            return False
        pages = {p for p, top in self.seen.get(furniture_key(line.text), ())
                 if abs(top - box[0]) <= self.position_tolerance}
        return page in pages and len(pages) >= self.needed


def running_texts(layouts: Sequence[PageLayout], settings: PdfSettings) -> RunningTexts:
    """Index the non-tabular margin lines of all pages."""
    seen: dict[str, list[tuple[int, float]]] = {}
    for layout in layouts:
        for line in layout.lines:
            box = line_box(line)
            if (box is not None and not line.is_tabular
                    and in_margin(line, layout, settings.margin_share)):
                seen.setdefault(furniture_key(line.text), []).append((layout.number, box[0]))
    needed = max(settings.recurring_min_pages, settings.recurring_page_share * len(layouts))
    return RunningTexts(seen, needed, settings.running_position_tolerance)


def is_furniture(line: Line, layout: PageLayout, running: RunningTexts,
                 settings: PdfSettings) -> bool:
    """A blank line, a lone page number, or a running header/footer in the margin."""
    if line.is_blank:
        return True
    if line.is_tabular or not in_margin(line, layout, settings.margin_share):
        return False
    if PAGE_NUMBER_RE.match(line.text):
        return True
    return running.recurs(line, layout.number) and not CONTENT_RE.match(line.text)


def remove_page_furniture(layouts: Sequence[PageLayout], settings: PdfSettings = PdfSettings()
                          ) -> int:
    """Remove lone page numbers and running headers/footers from every page, and the blank
    lines left at a page's top and bottom. Returns the number of lines removed."""
    running = running_texts(layouts, settings)
    removed = 0
    for layout in layouts:
        lines = [line for line in layout.lines
                 if line.is_blank or not is_furniture(line, layout, running, settings)]
        while lines and lines[0].is_blank:
            lines.pop(0)
        while lines and lines[-1].is_blank:
            lines.pop()
        removed += len(layout.lines) - len(lines)
        layout.lines[:] = lines
    return removed


def index_of(lines: Sequence[Line], line: Line) -> int:
    """The position of `line` itself (`Line` compares by value: two blank lines are equal)."""
    return next(i for i, candidate in enumerate(lines) if candidate is line)


def on_page(layout: PageLayout, block: TableBlock) -> list[Line]:
    """The block's row lines still on the page (a continuation's repeated header rows are
    removed from the page but stay in `block.lines`, one per grid row)."""
    present = {id(line) for line in layout.lines}
    return [line for line in block.lines if id(line) in present]


def edge_table(layout: PageLayout, running: RunningTexts, settings: PdfSettings, *,
               last: bool) -> TableBlock | None:
    """The page's last (or first) table when only furniture follows (precedes) it."""
    if not layout.tables:
        return None
    block = layout.tables[-1] if last else layout.tables[0]
    rows = on_page(layout, block)
    if not rows:
        return None
    index = index_of(layout.lines, rows[-1] if last else rows[0])
    others = layout.lines[index + 1:] if last else layout.lines[:index]
    if all(is_furniture(line, layout, running, settings) for line in others):
        return block
    return None


def header_rows(table: GridTable, settings: PdfSettings) -> list[list[str]]:
    """The table's leading rows made only of column titles, years and column numbers (the
    table stage's own test, `headers.is_header_cell`)."""
    rows = []
    for cells in table.rows()[: settings.max_header_rows]:
        if not any(cells) or not all(is_header_cell(cell) for cell in cells):
            break
        rows.append(cells)
    return rows


def row_words(cells: Sequence[str]) -> set[str]:
    return {word for cell in cells for word in cell.lower().split()}


def repeated_header_rows(head: GridTable, continuation: GridTable, settings: PdfSettings
                         ) -> int:
    """How many leading rows of `continuation` repeat the header of `head`.

    Compared as words, not cells: a borderless table's columns are inferred per page, so
    the repeated header may be split into cells differently (and a merged header cell is
    repeated into other columns). A leading row repeats the header when at least
    `header_match_score` percent of its words are header words of `head`; the numbering
    row "(1) (2) (3)" does too.
    """
    header = set().union(*[row_words(r) for r in header_rows(head, settings)])
    count = 0
    for cells in continuation.rows()[: settings.max_header_rows]:
        words = row_words(cells)
        if not words or 100 * len(words & header) < settings.header_match_score * len(words):
            break
        count += 1
    return count


def same_columns(a: GridTable, b: GridTable, tolerance: float) -> bool:
    return a.n_cols == b.n_cols and all(abs(x - y) <= tolerance
                                        for x, y in zip(a.col_edges, b.col_edges))


def join_continued_tables(layouts: Sequence[PageLayout], settings: PdfSettings = PdfSettings()
                          ) -> int:
    """Make tables continued on the next page read as one table (see the module docstring).

    Edits the layouts in place: drops the continuation's repeated header rows and the page
    furniture between the parts, or separates touching tables that are not one. Returns the
    number of continuations joined.
    """
    running = running_texts(layouts, settings)
    head_of: dict[int, GridTable] = {}  # id(table) -> the first part of its table
    joined = 0
    for before, after in zip(layouts, layouts[1:]):
        first_part = edge_table(before, running, settings, last=True)
        second_part = edge_table(after, running, settings, last=False)
        if first_part is None or second_part is None:
            continue
        head = head_of.get(id(first_part.table), first_part.table)
        repeated = repeated_header_rows(head, second_part.table, settings)
        first_row = second_part.table.rows()[0] if second_part.table.n_rows else []
        continues = repeated > 0 or (
            same_columns(first_part.table, second_part.table, settings.column_match_tolerance)
            and not all(is_header_cell(cell) for cell in first_row))
        if not continues:
            if all(line.is_blank for line in between(before, after, first_part, second_part)):
                start = index_of(after.lines, on_page(after, second_part)[0])
                after.lines[start:start] = [
                    blank(after.number) for _ in range(settings.layout.table_separator_blank_lines)]
            continue
        head_of[id(second_part.table)] = head
        drop = {id(line) for line in between(before, after, first_part, second_part)}
        drop |= {id(line) for line in second_part.lines[:repeated]}
        before.lines[:] = [line for line in before.lines if id(line) not in drop]
        after.lines[:] = [line for line in after.lines if id(line) not in drop]
        joined += 1
    for layout in layouts:
        number_lines(layout.lines)
    return joined


def between(before: PageLayout, after: PageLayout, first_part: TableBlock,
            second_part: TableBlock) -> list[Line]:
    """The lines after the first part on its page and before the second part on the next."""
    end = index_of(before.lines, on_page(before, first_part)[-1])
    start = index_of(after.lines, on_page(after, second_part)[0])
    return before.lines[end + 1:] + after.lines[:start]


# --- documents ----------------------------------------------------------------------------

def read_layouts(data: bytes, file: str, settings: PdfSettings = PdfSettings(), *,
                 max_pages: int | None = None) -> tuple[list[PageLayout], list[int]]:
    """Lay out every page from its text layer, and list the pages that need OCR.

    Pages needing OCR (see `text_layer_is_usable`; also a page pdfminer fails on) are left
    without lines; blank pages are neither read nor listed. Raises `IngestError` with code
    "corrupt_pdf", "encrypted", "empty_pdf" (no pages), "too_many_pages" (more than
    `max_pages`, counted before any page is read) or "empty_document" (only blank pages).
    """
    name = file.rsplit("/", 1)[-1]
    layouts: list[PageLayout] = []
    needs_ocr: list[int] = []
    pdf = open_pdf(data, file)
    try:
        try:
            pdf_pages = list(pdf.pages)  # page objects only: no content is parsed yet
        except Exception as error:  # a broken page tree
            raise corrupt(name, error) from error
        if not pdf_pages:
            raise IngestError("empty_pdf", f"{name}: its page tree is empty (0 pages)")
        if max_pages is not None and len(pdf_pages) > max_pages:
            raise IngestError("too_many_pages", f"{name}: {len(pdf_pages)} pages, more than "
                              f"the {max_pages} allowed")
        blank_pages = 0
        for number, page in enumerate(pdf_pages, start=1):
            try:
                parsed = parses(page)
                if parsed and is_blank_page(page):
                    blank_pages += 1
                    layout, usable = PageLayout(number, [], [], *page_size(page)), True
                elif parsed:
                    layout, usable = read_page(page, number, settings)
                else:
                    # A damaged content stream: a renderer may still draw it for OCR.
                    layout, usable = PageLayout(number, [], []), False
            finally:
                page.close()  # release the page's cached layout objects
            layouts.append(layout)
            if not usable:
                needs_ocr.append(number)
        if blank_pages == len(pdf_pages):
            raise IngestError("empty_document", f"{name}: all {len(pdf_pages)} pages of the "
                              "PDF are blank")
    finally:
        close_quietly(pdf)
    return layouts, needs_ocr


def finish_layouts(layouts: list[PageLayout], settings: PdfSettings = PdfSettings()) -> None:
    """Across pages: drop running headers and footers, join tables continued over pages."""
    if settings.drop_page_furniture:
        remove_page_furniture(layouts, settings)
    join_continued_tables(layouts, settings)


def read_text_layer(data: bytes, file: str, settings: PdfSettings = PdfSettings()
                    ) -> tuple[Document, list[int]]:
    """Read a PDF's text layer into a `Document`, and list the pages that need OCR (they
    are left without lines)."""
    layouts, needs_ocr = read_layouts(data, file, settings)
    finish_layouts(layouts, settings)
    # `Line.number` counts through the whole document (ir.py), as `paged.document_from`
    # numbers the lines of a PDF read with OCR.
    for number, line in enumerate((line for layout in layouts for line in layout.lines),
                                  start=1):
        line.number = number
    pages = [Page(number=layout.number, lines=layout.lines, width=layout.width,
                  height=layout.height) for layout in layouts]
    source = Source(file=file, sha256=hashlib.sha256(data).hexdigest(), format="pdf",
                    pages=len(pages))
    return Document(source=source, pages=pages), needs_ocr


def ingest_pdf(data: bytes, file: str, settings: PdfSettings = PdfSettings()) -> Document:
    """Read a digital PDF into the intermediate representation (text layer only; pages
    without a usable text layer stay empty until OCR is wired in: use `read_text_layer`
    to learn which they are)."""
    document, _ = read_text_layer(data, file, settings)
    return document
