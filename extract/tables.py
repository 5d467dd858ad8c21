"""Tables stage: find the tables of a document and read them into cells.

Two kinds of input reach this stage:
- lines that carry their cells (tab-separated text, ruled PDF grids): consecutive tabular
  lines are one table, also across a blank line; the header rows are the leading rows made
  of column titles, years and column numbers;
- flattened OCR text, where a table's columns were read into plain lines: regions that open
  with a caption or a line of column titles go to `extract.flattened` for recovery.

Each table is tied to the caption ("Tabel 2.3" and its title) or, without one, to the
section it sits in. Rows are repaired on the way: surplus empty cells a converter put in
front of a row are dropped, and a row whose text slid into a value column is moved back.
"""

from __future__ import annotations

import re

from normalize.text import number_ranges

from .flattened import recover_flattened_table
from .headers import TableLayout, is_header_line, is_header_row, is_numbering_row
from .ir import Box, Caption, Document, Line, RawTable, Section, TableRow
from .settings import Settings, TableSettings

VALUE_RE = re.compile(r"^[<>≥≤=\s]*(Rp\.?\s*)?[\d.,]+\s*(%|persen)?[,\-\s]*$", re.IGNORECASE)


def find_tables(doc: Document, settings: Settings = Settings()) -> Document:
    """Fill `doc.tables` with every table of the document, in reading order."""
    lines = doc.lines
    tables = tabular_tables(lines, settings.tables)
    if not tables:
        # Only text whose tables lost their cell boundaries (raw OCR) needs recovery from
        # plain lines; where a document marks its cells, plain lines are prose.
        tables = flattened_tables(doc, lines, settings)
    tables.sort(key=lambda t: t.first_line)
    free = list(doc.captions)
    in_tables = {n for t in tables for r in t.rows for n in r.lines}
    for table in tables:
        attach_caption(table, free, doc.sections, lines, in_tables)
    doc.tables = tables
    return doc


# --- tables whose lines carry their cells ---------------------------------------------------

def tabular_tables(lines: list[Line], settings: TableSettings) -> list[RawTable]:
    """Group consecutive tabular lines (allowing short blank gaps) into tables."""
    tables = []
    block: list[Line] = []
    gap = 0
    for line in lines:
        if line.is_tabular:
            block.append(line)
            gap = 0
        elif line.is_blank and block and gap < settings.max_blank_gap:
            gap += 1
        else:
            if block:
                tables.append(table_from_lines(block, settings))
            block, gap = [], 0
    if block:
        tables.append(table_from_lines(block, settings))
    return [t for t in tables if t.rows and not is_contents_list(t)]


def is_contents_list(table: RawTable) -> bool:
    """A table of contents, list of tables or of figures: rows end in a page number, but
    for the wrapped second lines of long titles, which end in nothing."""
    if table.width > 3 or table.header:
        return False
    ends = [(row.cells[-1] or "").strip() for row in table.rows]
    numbered = [e for e in ends if re.fullmatch(r"[ivxlc]+|\d{1,3}", e, re.IGNORECASE)]
    return (len(numbered) + ends.count("") == len(ends)
            and len(numbered) >= min(2, len(ends)))


def table_from_lines(block: list[Line], settings: TableSettings) -> RawTable:
    """Split a block of tabular lines into header rows and data rows."""
    rows = [[cell.strip() for cell in line.cells or []] for line in block]
    header_count = 0
    for cells in rows[: settings.max_header_rows]:
        if is_header_row(cells, max_chars=settings.max_header_cell_chars):
            header_count += 1
        else:
            break
    header = rows[:header_count]
    width = max((len(r) for r in header), default=max(len(r) for r in rows))
    data = []
    for line, cells in zip(block[header_count:], rows[header_count:]):
        if not any(cells) or is_numbering_row(cells):
            continue
        data.append(TableRow(cells=fit_width(cells, width), lines=[line.number], page=line.page,
                             raw=line.text.strip(), box=Box.union(line.cell_boxes or []),
                             cell_boxes=fit_boxes(cells, line.cell_boxes, width)))
    pages = sorted({line.page for line in block if line.page is not None})
    return RawTable(label=None, caption=None, section=None, pages=pages, header=header,
                    rows=data, first_line=block[0].number, boxes=table_boxes(block))


def fit_boxes(cells: list[str], boxes: list[Box | None] | None, width: int
              ) -> list[Box | None] | None:
    """The cell boxes of a row brought to the header's width the way `fit_width` brings its
    cells (so that they stay parallel)."""
    if boxes is None or len(boxes) != len(cells):
        return None
    cells, boxes = list(cells), list(boxes)
    while len(cells) > width and cells[0] == "":
        cells.pop(0)
        boxes.pop(0)
    while len(cells) > width and cells[-1] == "":
        cells.pop()
        boxes.pop()
    return boxes + [None] * (width - len(boxes))


def table_boxes(block: list[Line]) -> list[Box]:
    """A table's outline on each page its lines (header rows included) were printed on."""
    by_page: dict[int, list[Box | None]] = {}
    for line in block:
        for box in line.cell_boxes or []:
            if box is not None:
                by_page.setdefault(box.page, []).append(box)
    return [box for _, boxes in sorted(by_page.items())
            if (box := Box.union(boxes)) is not None]


def fit_width(cells: list[str], width: int) -> list[str]:
    """Bring a row to the header's width.

    Converters sometimes emit one empty cell too many in front of a row (the row then reads
    one column to the right of its header); surplus empty cells are dropped from the left
    first, then from the right. A short row is padded.
    """
    cells = list(cells)
    while len(cells) > width and cells[0] == "":
        cells.pop(0)
    while len(cells) > width and cells[-1] == "":
        cells.pop()
    return cells + [""] * (width - len(cells))


def realign_shifted_row(cells: list[str], layout: TableLayout) -> tuple[list[str], bool]:
    """Move a row's text back when it slid one column right into a value column.

    A value column (baseline, target, budget, ...) holding a phrase of several words while
    the column before the phrase run is empty means the converter lost an empty cell in
    front of the run. Returns the repaired cells and whether anything moved.
    """
    value_columns = {c.index for c in layout.columns
                     if c.role in ("baseline", "target", "final", "achievement", "budget")}
    for index, cell in enumerate(cells):
        if index in value_columns and len(cell.split()) >= 3 and not VALUE_RE.match(cell):
            start = index
            while start > 0 and cells[start - 1] and start - 1 not in value_columns:
                start -= 1
            if start > 0 and not cells[start - 1]:
                moved = cells[: start - 1] + cells[start: index + 1] + [""] + cells[index + 1:]
                return moved, True
    return cells, False


# --- flattened OCR tables -----------------------------------------------------------------

def flattened_tables(doc: Document, lines: list[Line], settings: Settings) -> list[RawTable]:
    """Recover tables from plain lines: regions opened by a caption or a header line, each
    running to the next region, caption or section heading."""
    captioned = {c.line for c in doc.captions}
    starts = set(captioned)
    for number in header_starts(lines):
        # A header line right under a caption is that caption's table's own header.
        if not any(c.line < number <= c.end_line + 6 for c in doc.captions):
            starts.add(number)
    boundaries = sorted(starts | {s.line for s in doc.sections if s.line})
    by_number = {line.number: line for line in lines}
    tables = []
    for start in sorted(starts):
        end = next((b for b in boundaries if b > start), lines[-1].number + 1)
        region = [by_number[n] for n in range(start, end) if n in by_number]
        if not any(is_header_line(line.text) for line in region):
            continue
        result = recover_flattened_table(region, settings.flattened)
        if result.table is None or not result.table.rows:
            if start in captioned:
                doc.warn("unrecovered_table", f"the table captioned at line {start} could not "
                         "be recovered from the flattened text", line=start)
            continue
        table = result.table
        table.flattened = True
        tables.append(table)
        shown = settings.tables.max_row_warnings
        for number, text in result.unrecovered[:shown]:
            doc.warn("unrecovered_row", f"line {number} of a flattened table could not be "
                     f"placed in a column: {text[:80]!r}", line=number)
        rest = [number for number, _ in result.unrecovered[shown:]]
        if rest:
            doc.warn("unrecovered_row", f"{len(rest)} more lines of the flattened table at "
                     f"line {start} could not be placed in a column: lines "
                     f"{number_ranges(rest)}", line=rest[0])
        for note in result.notes:
            doc.warn("uncertain_split", note, line=start)
    return tables


def is_title_line(text: str) -> bool:
    """A table title in Title Case ("Tujuan dan Sasaran Jangka Menengah ... Tahun 2021")."""
    words = re.findall(r"[A-Za-z]+", text)
    small = {"dan", "serta", "di", "ke", "dari", "yang", "pada", "untuk", "tahun"}
    capitalised = [w for w in words if w[0].isupper() or w.lower() in small]
    return (len(words) >= 4 and len(capitalised) >= 0.9 * len(words)
            and not text.endswith((".", ":", ",")) and not text.isupper())


def header_starts(lines: list[Line]) -> list[int]:
    """Where a flattened table's header begins: a header line, moved up over the short
    upper-case lines above it ("CAPAIAN KINERJA SASARAN" spanning the year columns)."""
    starts: list[int] = []
    last_header = -10
    index_of = {line.number: i for i, line in enumerate(lines)}
    for line in lines:
        if not is_header_line(line.text):
            continue
        previous, last_header = last_header, line.number
        if line.number - previous <= 4:
            continue  # another line of the same header
        first = line.number
        index = index_of[line.number] - 1
        while index >= 0 and line.number - lines[index].number <= 4:
            text = lines[index].text.strip()
            if text and is_title_line(text):
                first = lines[index].number  # the table's own title: it ends the search
                break
            if text and not (text.isupper() and len(text) < 60):
                break
            if text:
                first = lines[index].number
            index -= 1
        starts.append(first)
    return starts


# --- captions -----------------------------------------------------------------------------

def attach_caption(table: RawTable, free: list[Caption], sections: list[Section],
                   lines: list[Line], in_tables: set[int]) -> None:
    """Tie a table to the unused caption just above it, else to the title lines right above
    it; the section it sits in names it when neither exists. A caption serves one table."""
    section = next((s for s in reversed(sections) if s.line and s.line <= table.first_line), None)
    caption = next((c for c in reversed(free) if c.line <= table.first_line), None)
    if caption and (section is None or (section.line or 0) <= caption.line):
        free.remove(caption)
        table.label = table.label or caption.label
        table.caption = table.caption or caption.title or None
    elif table.caption is None:
        table.caption = title_above(table.first_line, lines, section, in_tables)
    if section is not None:
        table.section = section.title


def title_above(first_line: int, lines: list[Line], section: Section | None,
                in_tables: set[int]) -> str | None:
    """Short title lines right above an unlabelled table (e.g. a bold table title)."""
    by_number = {line.number: line for line in lines}
    parts: list[str] = []
    number = first_line - 1
    while number > 0 and len(parts) < 3:
        line = by_number.get(number)
        if line is None or (section and section.line == number) or number in in_tables:
            break
        text = re.sub(r"\*+", "", line.text).strip()
        if text:
            if line.is_tabular or len(text) > 150 or text.endswith((".", ":")):
                break
            parts.insert(0, text)
        elif parts:
            break
        number -= 1
    return " ".join(parts) or None
