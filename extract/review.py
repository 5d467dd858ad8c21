"""Review geometry: where on its pages a document's tables, cells, headings and doubtful
words were read, for the review site (`extract.report`).

The canonical JSON carries no geometry (the contract stays small and stable). The review
site re-derives it instead: `document_layout` runs the same stages that produced the JSON
(ingest -> detect_sections -> find_tables) on the source document and collects the boxes the
IR keeps (`RawTable.boxes`, `TableRow.box`, `Line.cell_boxes`, word boxes). Those stages are
deterministic and OCR is cached by page image, so the second pass reads what the first read.

Everything is located by what the JSON itself records: a provenance (page, line, table, row)
or a warning (page, line, and the table its message names) resolves to an outline id drawn
on the page view (`DocumentLayout.locate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .ingest import ingest
from .ir import Box, Document, Line, RawTable
from .sections import detect_sections
from .settings import Settings
from .tables import find_tables

OutlineKind = Literal["table", "row", "cell", "heading", "low_word", "low_cell"]


@dataclass(frozen=True)
class Outline:
    """A box to draw over a page image; `key` is its id in the page (e.g. "t3r5")."""

    kind: OutlineKind
    box: Box
    key: str
    title: str = ""


@dataclass
class PageView:
    """One page as the review site shows it: size in points and the outlines on it."""

    number: int
    width: float | None
    height: float | None
    ocr: bool = False
    mean_confidence: float | None = None
    outlines: list[Outline] = field(default_factory=list)


@dataclass
class DocumentLayout:
    """The geometry of one document; text inputs have pages without sizes or outlines and
    are shown by their `lines` instead."""

    format: str
    pages: list[PageView]
    lines: list[Line]
    tables: list[RawTable]
    sections: list[tuple[str, int | None, int | None]]  # (title, page, line)
    _line_boxes: dict[int, Box] = field(default_factory=dict, repr=False)
    _by_number: dict[int, Line] = field(default_factory=dict, repr=False)

    @property
    def paged(self) -> bool:
        return self.format != "text"

    def page_of_line(self, number: int) -> int | None:
        line = self.line(number)
        return line.page if line else None

    def line(self, number: int) -> Line | None:
        if len(self._by_number) != len(self.lines):
            self._by_number = {line.number: line for line in self.lines}
        return self._by_number.get(number)

    def line_box(self, number: int | None) -> Box | None:
        return self._line_boxes.get(number) if number is not None else None

    def table_at(self, name: str | None, page: int | None = None) -> int | None:
        """The index of the table provenance calls `name` (a label, caption or section
        title), preferring one printed on `page`."""
        if not name:
            return None
        named = [i for i, t in enumerate(self.tables) if t.name == name]
        on_page = [i for i in named if page is None or page in self.tables[i].pages]
        return (on_page or named or [None])[0]

    def locate(self, page: int | None = None, line: int | None = None,
               table: str | None = None, row: int | None = None
               ) -> tuple[int | None, int | None, str | None]:
        """Resolve a provenance or warning to (page, line, outline key).

        A table row is the most precise place; then a line (a text line, or a line of a
        page); then the table as a whole. Any part may be None when the document does not
        say or the geometry was not recovered.
        """
        index = self.table_at(table, page)
        if index is not None and row is not None and 0 < row <= len(self.tables[index].rows):
            table_row = self.tables[index].rows[row - 1]
            if self.paged:
                return (page or table_row.page, None, f"t{index}r{row}")
            return (page, line or table_row.lines[0], f"line-{table_row.lines[0]}")
        if line is not None:
            if self.paged:
                key = f"l{line}" if line in self._line_boxes else None
                return (page or self.page_of_line(line), None, key)
            return (page, line, f"line-{line}")
        if index is not None and self.paged:
            pages = self.tables[index].pages
            return (page or (pages[0] if pages else None), None, f"t{index}")
        return (page, None, None)

    def find_row(self, raw: str) -> tuple[int, int] | None:
        """(table index, 1-based row) of the first row with a cell reading `raw` (case and
        spacing aside), else of the first row whose text contains it: how a fact cited by
        another rendition of the document (a gold file's) is found in this one."""
        wanted = fold(raw)
        if not wanted:
            return None
        for exact in (True, False):
            for index, table in enumerate(self.tables):
                for number, row in enumerate(table.rows, start=1):
                    if exact and any(fold(cell) == wanted for cell in row.cells):
                        return index, number
                    if not exact and wanted in fold(" ".join(row.cells)):
                        return index, number
        return None

    def table_named_in(self, message: str, page: int | None) -> str | None:
        """The name of a table on `page` that a warning's message names, longest first."""
        names = sorted({t.name for t in self.tables if t.name and
                        (page is None or page in t.pages)}, key=len, reverse=True)
        return next((name for name in names if name in message), None)

    def outline_keys(self) -> set[str]:
        return {o.key for p in self.pages for o in p.outlines} | set(
            f"l{n}" for n in self._line_boxes)


def settings_for(data: dict[str, Any], settings: Settings) -> Settings:
    """The settings that reproduce an output's ingestion: a PDF whose every page went through
    OCR was read with OCR forced (or had no text layer, which "always" reads the same)."""
    source = data.get("source") or {}
    pages, ocr_pages = source.get("pages"), source.get("ocr_pages") or []
    if source.get("format") == "pdf" and pages and len(ocr_pages) == pages:
        return replace(settings, ingest=replace(settings.ingest, ocr="always"))
    return settings


def document_layout(path: str | Path, settings: Settings = Settings()) -> DocumentLayout:
    """Re-read a source document up to its tables and collect the geometry to review."""
    doc = ingest(path, settings)
    doc = detect_sections(doc, settings.sections)
    doc = find_tables(doc, settings)
    return layout_of(doc, settings.ocr.low_confidence)


def layout_of(doc: Document, low_confidence: float = 60.0) -> DocumentLayout:
    """The geometry of a document that went through the section and table stages."""
    lines = doc.lines
    line_boxes = {line.number: box for line in lines
                  if line.page is not None and (box := words_box(line)) is not None}
    views = {page.number: PageView(page.number, page.width, page.height, page.ocr,
                                   page.mean_confidence)
             for page in doc.pages if page.number is not None and doc.source.format != "text"}
    layout = DocumentLayout(doc.source.format, list(views.values()), lines, doc.tables,
                            [(s.title, s.page, s.line) for s in doc.sections], line_boxes)
    if not views:
        return layout

    def add(outline: Outline) -> None:
        view = views.get(outline.box.page)
        if view is not None:
            view.outlines.append(outline)

    for index, table in enumerate(doc.tables):
        for box in table.boxes or table_boxes_from_rows(table, line_boxes):
            add(Outline("table", box, f"t{index}", table.name or "table"))
        for number, row in enumerate(table.rows, start=1):
            box = row.box or Box.union([line_boxes.get(n) for n in row.lines])
            if box is not None:
                add(Outline("row", box, f"t{index}r{number}",
                            f"{table.name or 'table'}, row {number}"))
    seen: set[Box] = set()
    for line in lines:
        for column, box in enumerate(line.cell_boxes or []):
            if box is None or box in seen:
                continue  # a merged cell repeats its box at every position it covers
            seen.add(box)
            add(Outline("cell", box, f"c{len(seen)}", (line.cells or [""] * (column + 1))[column]))
            confidence = mean_confidence([w for w in line.words if centre_in(w, box)])
            if confidence is not None and confidence < low_confidence:
                add(Outline("low_cell", box, f"lc{len(seen)}",
                            f"cell read with OCR confidence {confidence:.0f}"))
    for index, section in enumerate(doc.sections):
        box = line_boxes.get(section.line) if section.line else None
        if box is not None:
            add(Outline("heading", box, f"h{index}",
                        " ".join(filter(None, [section.number, section.title]))))
    count = 0
    for line in lines:
        for word in line.words:
            if word.confidence is not None and word.confidence < low_confidence \
                    and line.page is not None:
                count += 1
                add(Outline("low_word", Box(line.page, word.x0, word.top, word.x1, word.bottom),
                            f"w{count}", f"{word.text!r}: OCR confidence {word.confidence:.0f}"))
    return layout


def words_box(line: Line) -> Box | None:
    if line.page is None or not line.words:
        return None
    return Box(line.page, min(w.x0 for w in line.words), min(w.top for w in line.words),
               max(w.x1 for w in line.words), max(w.bottom for w in line.words))


def table_boxes_from_rows(table: RawTable, line_boxes: dict[int, Box]) -> list[Box]:
    """The outline of a table without grid boxes (recovered from flattened OCR lines): its
    rows' words, per page."""
    by_page: dict[int, list[Box | None]] = {}
    for row in table.rows:
        for number in row.lines:
            box = line_boxes.get(number)
            if box is not None:
                by_page.setdefault(box.page, []).append(box)
    return [b for _, boxes in sorted(by_page.items()) if (b := Box.union(boxes)) is not None]


def fold(text: str) -> str:
    return " ".join(text.lower().split())


def centre_in(word: Any, box: Box) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box.x0 <= x <= box.x1 and box.top <= y <= box.bottom


def mean_confidence(words: list[Any]) -> float | None:
    values = [w.confidence for w in words if w.confidence is not None]
    return sum(values) / len(values) if values else None
