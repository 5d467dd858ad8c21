"""Page layout: one page's words and tables become IR `Line`s in reading order.

The later stages were written for text files, where prose is plain lines and a table is a
run of tab-separated lines. A page is made to read the same way:

- words outside every table are clustered into text lines by vertical position; each is a
  `Line` with `cells=None`, its text the words joined by spaces, its words kept;
- each table row is one `Line` whose `cells` are the row's cell texts (a merged cell's text
  repeated into every position it covers) and whose text is the cells joined by "\\t";
- blocks are ordered by their top edge, a table counting as one block, so a caption above a
  table precedes its rows and a note printed beside a table follows the whole table;
- blank lines stand where a text file would have them: at a paragraph gap, around a table,
  and (several of them) between two tables that touch, because the table stage bridges up
  to `TableSettings.max_blank_gap` blank lines and would otherwise read two grids as one.

Lines are numbered 1.. on the page here; the document readers (`pdf.read_text_layer`,
`paged.document_from`) renumber them through the whole document, as `Line.number` is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .grid import GridTable, cluster_lines, median_height, words_in_cells
from .ir import Box, Line, Word


@dataclass(frozen=True)
class LayoutSettings:
    #: Words whose vertical centres differ by less than this share of the word height are
    #: on one text line.
    line_tolerance: float = 0.5
    #: A vertical gap between two text lines wider than this many median word heights is a
    #: paragraph break and gets a blank line (single-spaced lines sit about 0.2-0.5 heights
    #: apart, 1.5-spaced ones about 0.8).
    paragraph_gap: float = 1.0
    #: Blank lines put between two tables that touch in reading order; must exceed
    #: `TableSettings.max_blank_gap` (2) so the table stage keeps them apart.
    table_separator_blank_lines: int = 3


@dataclass
class TableBlock:
    """A table placed on a page and the `Line`s its rows became: `lines[r]` is grid row r,
    always (a continuation's repeated header rows leave the page, not this list)."""

    table: GridTable
    lines: list[Line]


@dataclass
class PageLayout:
    """A page's lines in reading order and the tables among them."""

    number: int
    lines: list[Line]
    tables: list[TableBlock] = field(default_factory=list)
    width: float | None = None
    height: float | None = None


def table_row_lines(table: GridTable, page_number: int) -> list[Line]:
    """One `Line` per grid row: cells with spans repeated, text the cells joined by tabs,
    words those of the cells starting in the row (a merged cell's words are kept once),
    `cell_boxes` where each cell was printed (for the review page)."""
    lines = []
    for index, (cells, printed) in enumerate(zip(table.rows(), table.cell_grid())):
        boxes = [Box(page_number, c.x0, c.top, c.x1, c.bottom) if c else None for c in printed]
        lines.append(Line(text="\t".join(cells), number=0, page=page_number, cells=list(cells),
                          words=table.row_words(index), cell_boxes=boxes))
    return lines


def blank(page_number: int) -> Line:
    return Line(text="", number=0, page=page_number)


def layout_page(words: Sequence[Word], tables: Sequence[GridTable], page_number: int,
                settings: LayoutSettings = LayoutSettings(), width: float | None = None,
                height: float | None = None) -> PageLayout:
    """Lay out one page: text lines and table rows in reading order, numbered 1.. ."""
    taken = words_in_cells(tables)
    free = [w for w in words if id(w) not in taken]
    word_height = median_height(words)
    # (top, order, kind, payload): a table sorts by its top edge as one block.
    items: list[tuple[float, int, str, object]] = []
    for group in cluster_lines(free, settings.line_tolerance):
        items.append((min(w.top for w in group), 0, "text", group))
    for table in tables:
        items.append((table.bbox[1], 1, "table", table))
    items.sort(key=lambda item: (item[0], item[1]))

    lines: list[Line] = []
    blocks: list[TableBlock] = []
    previous_kind: str | None = None
    previous_bottom = 0.0
    for top, _, kind, payload in items:
        if kind == "text":
            group: list[Word] = payload  # type: ignore[assignment]
            if previous_kind == "table" or (
                    previous_kind == "text"
                    and top - previous_bottom > settings.paragraph_gap * word_height):
                lines.append(blank(page_number))
            lines.append(Line(text=" ".join(w.text for w in group), number=0, page=page_number,
                              words=list(group)))
            previous_bottom = max(w.bottom for w in group)
        else:
            table: GridTable = payload  # type: ignore[assignment]
            if previous_kind == "table":
                lines.extend(blank(page_number)
                             for _ in range(settings.table_separator_blank_lines))
            elif previous_kind == "text":
                lines.append(blank(page_number))
            rows = table_row_lines(table, page_number)
            lines.extend(rows)
            blocks.append(TableBlock(table, rows))
            previous_bottom = table.bbox[3]
        previous_kind = kind
    number_lines(lines)
    return PageLayout(page_number, lines, blocks, width, height)


def number_lines(lines: list[Line]) -> None:
    """Number a page's lines 1.. in order."""
    for number, line in enumerate(lines, start=1):
        line.number = number


def page_lines(words: Sequence[Word], tables: Sequence[GridTable], page_number: int,
               settings: LayoutSettings = LayoutSettings()) -> list[Line]:
    """One page's words and tables as `Line`s in reading order (see the module docstring)."""
    return layout_page(words, tables, page_number, settings).lines
