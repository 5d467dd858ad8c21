"""Table structure from geometry: ruling lines and word boxes become tables of cells.

The module does not care where the geometry came from: PDF ruling lines and rectangle edges
(`extract.pdf`) or lines found by OpenCV on a scan (OCR) are both plain `Segment`s, and
words are IR `Word`s in the same coordinate system. Two finders share one output type:

Ruled tables (`find_tables`), a chain of small geometric steps in the manner of
pdfplumber's table finder:

    segments -> rules            axis-aligned rules; diagonal or fat shapes dropped
             -> snapped rules     parallel rules a hair apart become one (double borders,
                                  the two edges of a thin filled rectangle)
             -> joined rules      collinear pieces become one (Word draws every cell's
                                  border as its own piece)
             -> intersections     every crossing of a horizontal and a vertical rule
             -> cells             the smallest rectangles whose four corners are crossings
                                  connected by rules; a merged cell is simply a larger one
                                  because the rule inside it is missing
             -> tables            cells sharing corners, laid on a grid of their distinct
                                  x and y edges, which gives each cell its row/col span

Borderless tables (`find_borderless_tables`): several consecutive text lines whose word
gaps line up in the same x-ranges ("rivers" of whitespace running down the block) are a
table whose columns lie between the rivers; the chain is described above its code. Without
rules, wrapped cells and cells merged down are known from spacing only: padded rows stand
further apart than the lines of one cell.

Words go to the cell holding their centre; a cell's words are put in reading order (lines
top to bottom, words left to right) and joined with spaces, so a cell wrapped over several
lines stays one cell. `GridTable.rows()` repeats a merged cell's text into every grid
position it covers, the shape the table stage expects ("spans are already repeated"), and
`GridTable.spans()` says which positions were one printed cell, so that a later stage can
avoid counting a merged budget cell twice.

All distances in `GridSettings` are in the units of the coordinates (PDF points); for a
scan use `GridSettings().scaled(dpi / 72)`.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Literal

from .ir import Word

Orientation = Literal["h", "v"]


@dataclass(frozen=True)
class GridSettings:
    """Tolerances of the table finders. Distances are in coordinate units (PDF points)
    unless a field says it is relative to the median word height."""

    #: A shape thinner than this is a rule; thicker shapes with both sides longer are not
    #: (a filled box or a diagonal is no ruling line).
    max_rule_thickness: float = 3.0
    #: Parallel rules closer than this are one rule: Word draws double borders and both
    #: edges of a thin filled rectangle about 0.5-1 pt apart.
    snap_tolerance: float = 3.0
    #: Collinear rule pieces with gaps up to this are one rule (per-cell border pieces).
    join_tolerance: float = 3.0
    #: A rule ending this short of a crossing rule still meets it (exporters often stop a
    #: vertical rule half a line width before the horizontal one).
    intersection_tolerance: float = 3.0
    #: Rules shorter than this are dropped (underlines of single characters, tick marks).
    min_rule_length: float = 3.0
    #: A ruled table needs at least this many rows and columns; a page frame or a boxed
    #: paragraph (one column) must not swallow the page's text into one cell.
    min_rows: int = 2
    min_columns: int = 2
    #: Words whose vertical centres differ by less than this share of the smaller word
    #: height are on one text line (relative).
    line_tolerance: float = 0.5
    # -- borderless tables ---------------------------------------------------------------
    #: A horizontal gap between words at least this many of the line's word heights wide
    #: separates columns. Cells padded 3 pt a side leave 6 pt between columns of 7 pt type;
    #: a space is about 0.3 heights, a loose justified line stretches it to about 0.5.
    column_gap: float = 0.5
    #: The same for OCR'd words: their boxes hug the ink, so a word is shorter than its type
    #: (no ascenders: "merupakan") and a space wider by the letters' side bearings; spaces
    #: of justified scanned prose measure 0.45-1.1 ink heights.
    ocr_column_gap: float = 0.8
    #: A line of at least this many spaces, most of them alike (justified prose), splits
    #: only at a gap this many times its median space.
    justified_min_gaps: int = 4
    justified_contrast: float = 1.5
    #: ... and never less than this absolute width.
    min_column_gap: float = 3.0
    #: Fewest lines that split into two or more aligned parts to make a borderless table;
    #: two aligned lines happen by chance (a signature block, a date next to a place).
    min_borderless_rows: int = 3
    #: Fewest columns a borderless table has.
    min_borderless_columns: int = 2
    #: A column needs text starting in it in at least this many lines to stand apart from
    #: the column on its left.
    min_river_support: int = 2
    #: A vertical gap between lines larger than this many word heights ends a borderless
    #: table.
    max_row_gap: float = 2.5
    #: Lines spanning the table (merged label rows) taken in a row before a table row must
    #: follow; more are prose after the table.
    max_label_rows: int = 2
    #: A part of a line crossing into a neighbouring column spans it only when it covers
    #: this share of the column's width.
    min_span_cover: float = 0.35
    #: A gap between columns that at most this many lines (and at most a quarter of the
    #: table's lines) cross, all above the lines it separates, is still a column boundary:
    #: the lines are a group header.
    max_river_crossings: int = 3
    #: Line gaps inside a borderless table fall into wrapped-cell gaps and row gaps only
    #: when the jump between them is at least this many word heights.
    wrap_gap_contrast: float = 0.3

    def scaled(self, factor: float) -> GridSettings:
        """The same settings for coordinates `factor` times larger (a scan in pixels:
        factor = dpi / 72). Counts and ratios relative to the word height stay as they are."""
        absolute = ("max_rule_thickness", "snap_tolerance", "join_tolerance",
                    "intersection_tolerance", "min_rule_length", "min_column_gap")
        return replace(self, **{f.name: getattr(self, f.name) * factor
                                for f in fields(self) if f.name in absolute})


# --- geometry types -----------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A ruling line as found: a horizontal or vertical line (or a thin box around one)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def orientation(self) -> Orientation:
        return "h" if (self.x1 - self.x0) >= (self.bottom - self.top) else "v"


@dataclass(frozen=True)
class Rule:
    """An axis-aligned rule: `pos` is its y (horizontal) or x (vertical); it runs from
    `start` to `end` along the other axis."""

    orientation: Orientation
    pos: float
    start: float
    end: float


Point = tuple[float, float]  # (x, y)


@dataclass(frozen=True)
class Cell:
    """One printed cell: its grid position, spans, box and text."""

    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    words: tuple[Word, ...] = ()

    @property
    def is_merged(self) -> bool:
        return self.row_span > 1 or self.col_span > 1

    def covers(self, row: int, col: int) -> bool:
        return (self.row <= row < self.row + self.row_span
                and self.col <= col < self.col + self.col_span)


@dataclass(frozen=True)
class GridTable:
    """A table laid on a grid: `col_edges` are the x boundaries of its columns (n_cols + 1),
    `row_edges` the y boundaries of its rows (n_rows + 1). `ruled` is False for a table found
    by word alignment alone."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    col_edges: tuple[float, ...]
    row_edges: tuple[float, ...]
    cells: tuple[Cell, ...]
    ruled: bool = True

    @property
    def n_rows(self) -> int:
        return len(self.row_edges) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1

    def cell_grid(self) -> list[list[Cell | None]]:
        """For each grid position the cell covering it (None where no cell does)."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    grid[r][c] = cell
        return grid

    def rows(self) -> list[list[str]]:
        """The cell texts row by row; a merged cell's text is repeated into every position it
        covers."""
        return [[cell.text if cell else "" for cell in row] for row in self.cell_grid()]

    def spans(self) -> list[list[tuple[int, int] | None]]:
        """Parallel to `rows()`: for each position the (row, col) of the top-left position of
        the printed cell covering it. Positions with the same origin were one merged cell;
        a position is its own origin unless it was covered by a cell above or left of it."""
        return [[(cell.row, cell.col) if cell else None for cell in row]
                for row in self.cell_grid()]

    def merged_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_merged]

    def row_words(self, row: int) -> list[Word]:
        """The words of the cells that start in `row` (a merged cell's words are counted
        once, in its first row), left to right."""
        cells = sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)
        return [w for c in cells for w in c.words]

    def row_bounds(self, row: int) -> tuple[float, float]:
        return self.row_edges[row], self.row_edges[row + 1]


# --- text lines from words ----------------------------------------------------------------

def median_height(words: Sequence[Word], default: float = 10.0) -> float:
    heights = [w.bottom - w.top for w in words if w.bottom > w.top]
    return statistics.median(heights) if heights else default


def cluster_lines(words: Iterable[Word], tolerance: float = 0.5) -> list[list[Word]]:
    """Group words into text lines by vertical position, top to bottom, each left to right.

    A word joins the current line when its vertical centre lies within `tolerance` times the
    smaller word height of the line's running centre; superscripts and mixed font sizes on
    one line stay together, the next line (a full height lower) does not.
    """
    ordered = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    lines: list[list[Word]] = []
    centre = height = 0.0
    for word in ordered:
        mid = (word.top + word.bottom) / 2
        h = max(word.bottom - word.top, 1e-6)
        if lines and abs(mid - centre) <= tolerance * min(h, height):
            lines[-1].append(word)
            n = len(lines[-1])
            centre += (mid - centre) / n
            height = max(height, h)
        else:
            lines.append([word])
            centre, height = mid, h
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def join_line_texts(lines: Sequence[Sequence[Word]]) -> str:
    """Join the lines of one cell with spaces; a line ending in "-" continues without a space
    ("perundang-" + "undangan" -> "perundang-undangan": Indonesian compounds and
    reduplications break at their hyphen, which must stay)."""
    text = ""
    for line in lines:
        part = " ".join(w.text for w in line)
        if not part:
            continue
        text = part if not text else (text + part if text.endswith("-") else f"{text} {part}")
    return text


def words_text(words: Sequence[Word], settings: GridSettings) -> str:
    return join_line_texts(cluster_lines(words, settings.line_tolerance))


# --- ruled tables: segments -> rules -> snapped -> joined -> intersections -> cells ----------

def segments_to_rules(segments: Iterable[Segment], settings: GridSettings) -> list[Rule]:
    """Axis-aligned rules from segments; a segment thick in both directions (a filled box, a
    diagonal) is not a rule and is dropped."""
    rules = []
    for s in segments:
        width, height = abs(s.x1 - s.x0), abs(s.bottom - s.top)
        x0, x1 = sorted((s.x0, s.x1))
        top, bottom = sorted((s.top, s.bottom))
        if height <= settings.max_rule_thickness and width >= height:
            rules.append(Rule("h", (top + bottom) / 2, x0, x1))
        elif width <= settings.max_rule_thickness:
            rules.append(Rule("v", (x0 + x1) / 2, top, bottom))
    return rules


def cluster_values(values: Sequence[float], tolerance: float) -> dict[float, float]:
    """Map each value to the mean of its cluster; values chain into one cluster while
    neighbours are within `tolerance`."""
    mapping: dict[float, float] = {}
    group: list[float] = []
    for value in sorted(set(values)) + [float("inf")]:
        if group and value - group[-1] > tolerance:
            mean = sum(group) / len(group)
            mapping.update(dict.fromkeys(group, mean))
            group = []
        group.append(value)
    return mapping


def snap_rules(rules: Sequence[Rule], settings: GridSettings) -> list[Rule]:
    """Move parallel rules within `snap_tolerance` of each other onto their mean position."""
    snapped = []
    for orientation in ("h", "v"):
        group = [r for r in rules if r.orientation == orientation]
        mapping = cluster_values([r.pos for r in group], settings.snap_tolerance)
        snapped += [replace(r, pos=mapping[r.pos]) for r in group]
    return snapped


def join_rules(rules: Sequence[Rule], settings: GridSettings) -> list[Rule]:
    """Merge collinear rules that overlap or leave a gap of at most `join_tolerance`."""
    joined: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (r.orientation, r.pos, r.start)):
        last = joined[-1] if joined else None
        if (last is not None and last.orientation == rule.orientation and last.pos == rule.pos
                and rule.start <= last.end + settings.join_tolerance):
            joined[-1] = replace(last, end=max(last.end, rule.end))
        else:
            joined.append(rule)
    return [r for r in joined if r.end - r.start >= settings.min_rule_length]


def find_intersections(rules: Sequence[Rule], settings: GridSettings
                       ) -> dict[Point, tuple[frozenset[int], frozenset[int]]]:
    """Every crossing of a horizontal and a vertical rule, with the indices of the
    horizontal and vertical rules through it (rules ending within the tolerance count)."""
    tol = settings.intersection_tolerance
    indexed = list(enumerate(rules))
    horizontals = [(i, r) for i, r in indexed if r.orientation == "h"]
    verticals = [(i, r) for i, r in indexed if r.orientation == "v"]
    found: dict[Point, tuple[set[int], set[int]]] = {}
    for vi, v in verticals:
        for hi, h in horizontals:
            if (v.start - tol <= h.pos <= v.end + tol) and (h.start - tol <= v.pos <= h.end + tol):
                hs, vs = found.setdefault((v.pos, h.pos), (set(), set()))
                hs.add(hi)
                vs.add(vi)
    return {p: (frozenset(hs), frozenset(vs)) for p, (hs, vs) in found.items()}


def find_cells(intersections: dict[Point, tuple[frozenset[int], frozenset[int]]]
               ) -> list[tuple[float, float, float, float]]:
    """The smallest rectangles whose corners are intersections joined by rules.

    From each intersection (a top-left corner) try the crossings below it on the same
    vertical rule and right of it on the same horizontal rule, nearest first; the first
    pair whose bottom-right corner is a crossing connected to both closes a cell. Where a
    rule is missing inside a merged cell no crossing there connects, so the cell grows to
    the next one that does.
    """
    def connected(a: Point, b: Point) -> bool:
        if a[0] == b[0]:
            return bool(intersections[a][1] & intersections[b][1])
        if a[1] == b[1]:
            return bool(intersections[a][0] & intersections[b][0])
        return False

    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for point in sorted(intersections, key=lambda p: (p[1], p[0])):
        by_x.setdefault(point[0], []).append(point)
        by_y.setdefault(point[1], []).append(point)
    cells = []
    for point in intersections:
        below = [p for p in by_x[point[0]] if p[1] > point[1]]
        right = [p for p in by_y[point[1]] if p[0] > point[0]]
        cell = None
        for b in below:
            if not connected(point, b):
                continue
            for r in right:
                if not connected(point, r):
                    continue
                corner = (r[0], b[1])
                if corner in intersections and connected(corner, r) and connected(corner, b):
                    cell = (point[0], point[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def group_cells(boxes: Sequence[tuple[float, float, float, float]]
                ) -> list[list[tuple[float, float, float, float]]]:
    """Cells sharing a corner belong to one table (union-find over corners)."""
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        for corner in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            if corner in owner:
                parent[find(i)] = find(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[tuple[float, float, float, float]]] = {}
    for i, box in enumerate(boxes):
        groups.setdefault(find(i), []).append(box)
    return sorted(groups.values(), key=lambda g: (min(b[1] for b in g), min(b[0] for b in g)))


def lay_on_grid(boxes: Sequence[tuple[float, float, float, float]]
                ) -> tuple[list[float], list[float], list[Cell]]:
    """Column and row edges of a group of cells and each cell's position and spans."""
    xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
    ys = sorted({b[1] for b in boxes} | {b[3] for b in boxes})
    col_of = {x: i for i, x in enumerate(xs)}
    row_of = {y: i for i, y in enumerate(ys)}
    cells = [Cell(row=row_of[top], col=col_of[x0], row_span=row_of[bottom] - row_of[top],
                  col_span=col_of[x1] - col_of[x0], x0=x0, top=top, x1=x1, bottom=bottom)
             for x0, top, x1, bottom in boxes]
    return xs, ys, sorted(cells, key=lambda c: (c.row, c.col))


def centre_in(word: Word, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def fill_cells(cells: Sequence[Cell], words: Sequence[Word], col_edges: Sequence[float],
               row_edges: Sequence[float], settings: GridSettings) -> list[Cell]:
    """Give each cell the words whose centre it holds and their text in reading order.

    The cells tile a grid, so a word's cell is found by bisecting the column and row edges
    and looking up the cell covering that grid position (a position no cell covers, in an
    irregular grid, leaves the word to the page's text).
    """
    owner: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                owner[(r, c)] = index
    buckets: dict[int, list[Word]] = {i: [] for i in range(len(cells))}
    last_col, last_row = len(col_edges) - 2, len(row_edges) - 2
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        col = min(max(bisect.bisect_right(col_edges, cx) - 1, 0), last_col)
        row = min(max(bisect.bisect_right(row_edges, cy) - 1, 0), last_row)
        if (row, col) in owner:
            buckets[owner[(row, col)]].append(word)
    return [replace(c, words=tuple(buckets[i]), text=words_text(buckets[i], settings))
            for i, c in enumerate(cells)]


def words_in_cells(tables: Iterable[GridTable]) -> set[int]:
    """The ids of the words the tables' cells hold (a word inside a table's box but in no
    cell, in an irregular grid, is not among them and stays text)."""
    return {id(w) for table in tables for cell in table.cells for w in cell.words}


# A list marker: "1.", "a)", "iv.", "-", "•". A numbered or bulleted list with a hanging
# indent aligns like a two-column table; it is not one.
LIST_MARKER_RE = re.compile(r"^(\(?(\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]?|[-•·*▪◦–])$")


def find_tables(segments: Sequence[Segment], words: Sequence[Word],
                settings: GridSettings = GridSettings()) -> list[GridTable]:
    """Ruled tables from ruling segments, their cells filled with `words`; top to bottom.

    Grids smaller than `min_rows` x `min_columns` or without any word are dropped (page
    frames, boxed paragraphs, decorative boxes).
    """
    rules = segments_to_rules(segments, settings)
    rules = join_rules(snap_rules(rules, settings), settings)
    intersections = find_intersections(rules, settings)
    tables = []
    for group in group_cells(find_cells(intersections)):
        xs, ys, cells = lay_on_grid(group)
        if len(xs) - 1 < settings.min_columns or len(ys) - 1 < settings.min_rows:
            continue
        box = (xs[0], ys[0], xs[-1], ys[-1])
        inside = [w for w in words if centre_in(w, box)]
        if not inside:
            continue
        cells = fill_cells(cells, inside, xs, ys, settings)
        tables.append(GridTable(bbox=box, col_edges=tuple(xs), row_edges=tuple(ys),
                                cells=tuple(cells), ruled=True))
    return tables


# --- borderless tables: aligned word gaps -------------------------------------------------
#
#   words -> text lines           each split into parts where words stand far apart
#         -> core                 consecutive lines whose parts never bridge the block's
#                                 rivers (x-ranges no word of the block covers)
#         -> extended block       header lines above and full-width label rows inside
#                                 ("Tujuan 1 : ..."), a part crossing a river is kept only
#                                 when table rows follow it
#         -> fragments            each part placed in the columns between the rivers it
#                                 lies between (crossing a river = a horizontal span)
#         -> cell blocks          a column's fragments closer than the row padding are one
#                                 wrapped cell
#         -> rows                 every cell block's top starts a row; a block reaching over
#                                 later row starts (a program beside its kegiatan) spans them

Range = tuple[float, float]


@dataclass
class _TextLine:
    words: list[Word]
    parts: list[tuple[float, float, list[Word]]]  # x0, x1, words of each word group
    top: float
    bottom: float

    @property
    def ranges(self) -> list[Range]:
        return [(a, b) for a, b, _ in self.parts]


def split_parts(line: Sequence[Word], gap: float) -> list[tuple[float, float, list[Word]]]:
    """A line's word groups, split where words are at least `gap` apart."""
    parts: list[tuple[float, float, list[Word]]] = []
    for word in line:
        if parts and word.x0 - parts[-1][1] < gap:
            x0, x1, group = parts[-1]
            parts[-1] = (x0, max(x1, word.x1), group + [word])
        else:
            parts.append((word.x0, word.x1, [word]))
    return parts


def word_gaps(line: Sequence[Word]) -> list[float]:
    return [b.x0 - a.x1 for a, b in zip(line, line[1:])]


def median_gap(line: Sequence[Word]) -> float:
    gaps = word_gaps(line)
    return statistics.median(gaps) if gaps else 0.0


def justified(line: Sequence[Word], settings: GridSettings) -> bool:
    """Whether a line reads as justified prose: many words, nearly all spaces stretched to
    the same width, most words starting lower-case. Justification widens every space of a
    line alike, often past the column gap; a column gap is one that stands out from the
    line's own spaces (a row of single-number cells, "2019 2020 2021", is not prose)."""
    gaps = word_gaps(line)
    if len(gaps) < settings.justified_min_gaps:
        return False
    middle = statistics.median(gaps)
    even = sum(abs(g - middle) <= 0.25 * middle for g in gaps)
    lower = sum(w.text[:1].islower() for w in line)
    return even >= 0.75 * len(gaps) and lower >= 0.5 * len(line)


def union_ranges(ranges: Iterable[Range]) -> list[Range]:
    """Merge overlapping x-ranges: what is left between them are the block's rivers."""
    merged: list[list[float]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def rivers_of(columns: Sequence[Range]) -> list[Range]:
    return [(a[1], b[0]) for a, b in zip(columns, columns[1:])]


def text_lines(words: Sequence[Word], settings: GridSettings) -> list[_TextLine]:
    """Text lines split into parts; the split gap scales with the line's own word height,
    so a 7 pt table next to 11 pt prose is split at its own column gaps."""
    lines = []
    for group in cluster_lines(words, settings.line_tolerance):
        read = any(w.confidence is not None for w in group)
        ratio = settings.ocr_column_gap if read else settings.column_gap
        gap = max(ratio * median_height(group), settings.min_column_gap)
        parts = split_parts(group, gap)
        if len(parts) > 2 and justified(group, settings):
            parts = split_parts(group, max(gap, settings.justified_contrast * median_gap(group)))
        lines.append(_TextLine(group, parts, min(w.top for w in group),
                               max(w.bottom for w in group)))
    return lines


def grow_core(lines: Sequence[_TextLine], start: int, settings: GridSettings
              ) -> tuple[int, list[Range]]:
    """From a line of several parts, the run of lines that keep every river open: returns
    the end (exclusive) and the columns (the union of the run's parts)."""
    columns = union_ranges(lines[start].ranges)
    height = median_height(lines[start].words)
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.top - lines[end - 1].bottom > settings.max_row_gap * height:
            break
        widened = union_ranges(columns + line.ranges)
        if len(widened) < len(columns):
            break
        columns = widened
        end += 1
    return end, columns


def place(line: _TextLine, rivers: Sequence[Range]) -> str:
    """How a line stands to the rivers: "fits" (every part between two rivers), "mixed"
    (some part crosses a river, another stands in a column: a row with a cell merged across
    columns, a header line with a group header) or "spans" (every part crosses: a label
    merged across the table, or a caption or prose)."""
    crossing = [any(x0 < r0 and x1 > r1 for r0, r1 in rivers) for x0, x1, _ in line.parts]
    if not any(crossing):
        return "fits"
    return "mixed" if not all(crossing) else "spans"


def narrow(rivers: list[Range], line: _TextLine) -> list[Range]:
    """Rivers narrowed by parts reaching into them without crossing (a longer cell text)."""
    narrowed = []
    for r0, r1 in rivers:
        for x0, x1, _ in line.parts:
            if x0 <= r0 < x1 < r1:
                r0 = x1
            elif r0 < x0 < r1 <= x1:
                r1 = x0
        narrowed.append((r0, r1))
    return narrowed


def extend_block(lines: Sequence[_TextLine], start: int, end: int, columns: list[Range],
                 taken: Sequence[bool], settings: GridSettings) -> tuple[int, int, list[Range]]:
    """Extend a core over the lines around it that belong to the table, up and down.

    Only lines as close as the core's own rows are considered (a caption or a paragraph
    stands further off), and none another table took. Taken are:
    - lines of two or more parts that fit the rivers or are "mixed" (a header line with a
      group header, a row with a cell merged across columns);
    - a single-part line at wrapping distance (half a word height) from the table that fits,
      or crosses rivers with parts narrower than a quarter of the table: the upper line of
      a header cell or of a centred group header ("CAPAIAN" over "KINERJA SASARAN"), the
      last line of a wrapped cell;
    - up to `max_label_rows` lines that span the table (a label merged across it,
      "Tujuan 1 : ..."), only when two table lines of several parts lie beyond them: one
      loose justified prose line splits into parts by chance, two in a row do not.
    """
    rivers = rivers_of(columns)
    core = lines[start:end]
    height = median_height([w for line in core for w in line.words])
    limit = max(b.top - a.bottom for a, b in zip(core, core[1:])) + 0.25 * height
    wrap = 0.5 * height
    narrow_part = 0.25 * (columns[-1][1] - columns[0][0])

    def gap(a: int, b: int) -> float:
        upper, lower = min(a, b), max(a, b)
        return lines[lower].top - lines[upper].bottom

    def usable(index: int) -> bool:
        return 0 <= index < len(lines) and not taken[index]

    for step in (1, -1):
        edge = end - 1 if step == 1 else start
        index, pending, spanning = edge + step, 0, False
        while usable(index) and gap(index - step, index) <= limit:
            line = lines[index]
            kind = place(line, rivers)
            multi = len(line.parts) >= 2
            if kind != "spans" and multi:
                if pending and (spanning or kind != "fits"):
                    beyond = index + step
                    if not (usable(beyond) and gap(index, beyond) <= limit
                            and len(lines[beyond].parts) >= 2
                            and place(lines[beyond], rivers) != "spans"):
                        break
                edge, pending, spanning = index, 0, False
            elif (not pending and gap(index - step, index) <= wrap
                  and (kind == "fits" or all(x1 - x0 <= narrow_part for x0, x1, _ in line.parts))):
                edge = index  # a wrapped line, or the upper line of a centred group header
            elif kind in ("spans", "fits") and pending < settings.max_label_rows:
                # A label merged across the table, or (fitting in one column) the lower
                # line of a middle-aligned header cell, taken only with a line of several
                # parts in the columns beyond it.
                pending += 1
                spanning = spanning or kind == "spans"
            else:
                break
            if kind == "fits" and edge == index:
                rivers = narrow(rivers, line)
            index += step
        if step == 1:
            end = edge + 1
        else:
            start = edge
    x0 = min(p[0] for line in lines[start:end] for p in line.parts)
    x1 = max(p[1] for line in lines[start:end] for p in line.parts)
    return start, end, [(x0, x1)] + rivers  # table extent first, then the rivers


@dataclass
class _Fragment:
    line: int
    col: int
    col_span: int
    words: list[Word]
    top: float
    bottom: float


def fragments_of(block: Sequence[_TextLine], edges: Sequence[float],
                 settings: GridSettings) -> list[_Fragment]:
    """Each part of each line placed in the columns it covers. A part spans a column only
    when it covers `min_span_cover` of its width: a centred header wider than its column's
    text spills over the rivers beside it without heading the next columns."""
    fragments = []
    last = len(edges) - 2

    def cover(x0: float, x1: float, col: int) -> float:
        width = edges[col + 1] - edges[col]
        return (min(x1, edges[col + 1]) - max(x0, edges[col])) / width if width > 0 else 1.0

    for index, line in enumerate(block):
        for x0, x1, words in line.parts:
            first = min(max(bisect.bisect_right(edges, x0) - 1, 0), last)
            final = min(max(bisect.bisect_left(edges, x1) - 1, first), last)
            while first < final and cover(x0, x1, first) < settings.min_span_cover:
                first += 1
            while final > first and cover(x0, x1, final) < settings.min_span_cover:
                final -= 1
            fragments.append(_Fragment(index, first, final - first + 1, words,
                                       min(w.top for w in words), max(w.bottom for w in words)))
    return fragments


def wrap_threshold(block: Sequence[_TextLine], height: float, settings: GridSettings,
                   fragments: Sequence[_Fragment] = ()) -> float | None:
    """The largest vertical gap between two lines of one wrapped cell, or None when line
    spacing alone cannot tell wrapped lines from rows.

    Padded tables space rows wider than the lines inside a cell: the gaps between lines
    fall into two groups. The split is at the largest jump between sorted gaps, taken only
    when the jump is at least `wrap_gap_contrast` heights and at least two gaps are wide
    (one wide gap is just the header's distance from the body). Otherwise every line is a
    row, and the assembly stage joins wrapped cells split that way.

    Text lines that overlap say a middle-aligned table has wrapped cells: a one-line cell
    sits between the two lines of its neighbour, so the page's lines interleave half a
    line apart and their gaps say nothing. Then the gaps are measured within each column
    (`column_wrap_threshold`).
    """
    # Overlapping lines (middle-aligned header cells of different heights) say nothing
    # about spacing.
    all_gaps = [b.top - a.bottom for a, b in zip(block, block[1:])]
    gaps = sorted(g for g in all_gaps if g >= 0)
    threshold = None
    if len(gaps) >= 2:
        jump, at = max((b - a, i) for i, (a, b) in enumerate(zip(gaps, gaps[1:])))
        if jump >= settings.wrap_gap_contrast * height and len(gaps) - (at + 1) >= 2:
            threshold = (gaps[at] + gaps[at + 1]) / 2
    if threshold is None and fragments and interleaved(block):
        return column_wrap_threshold(fragments, height, settings)
    return threshold


def interleaved(block: Sequence[_TextLine]) -> bool:
    """Whether text lines in the lower half of the table overlap the line above: the lines
    of cells beside each other are not on one line grid (a one-line cell centred beside a
    two-line one, a cell merged down beside the wrapped cells of the rows it spans)."""
    overlaps = [i for i, (a, b) in enumerate(zip(block, block[1:])) if b.top < a.bottom]
    # A header's middle-aligned cells overlap too; count only overlaps in the lower half.
    return sum(i >= len(block) // 2 for i in overlaps) >= 2


def column_wrap_threshold(fragments: Sequence[_Fragment], height: float,
                          settings: GridSettings) -> float | None:
    """The wrap threshold from the gaps between consecutive fragments of each column: the
    smallest gaps are the line spacing inside wrapped cells (the table has some, its lines
    interleave), the next group up begins at the first jump of `wrap_gap_contrast` heights
    (rows are padded; a column's gap over several rows is larger still)."""
    by_column: dict[tuple[int, int], list[_Fragment]] = {}
    for fragment in fragments:
        by_column.setdefault((fragment.col, fragment.col_span), []).append(fragment)
    gaps = []
    for column in by_column.values():
        column = sorted(column, key=lambda f: f.top)
        gaps += [g for a, b in zip(column, column[1:]) if (g := b.top - a.bottom) >= 0]
    gaps.sort()
    for at, (a, b) in enumerate(zip(gaps, gaps[1:])):
        if b - a >= settings.wrap_gap_contrast * height:
            return (a + b) / 2 if len(gaps) - (at + 1) >= 2 else None
    return None


def block_columns(group: Sequence[_Fragment]) -> tuple[int, int]:
    """(first column, column span) of a cell block: the union of its fragments' columns."""
    first = min(f.col for f in group)
    return first, max(f.col + f.col_span for f in group) - first


def cell_blocks(fragments: Sequence[_Fragment], threshold: float | None) -> list[list[_Fragment]]:
    """Join each fragment to the cell above it when the gap is a wrap and the columns of
    one contain the other's (the lines of a centred header differ in width: "Kondisi" over
    two columns, "Awal" under it in one); a fragment covering one of those columns in
    between ends that column's cell."""
    blocks: list[list[_Fragment]] = []
    open_block: dict[int, int] = {}  # column -> index of the block last seen there
    for fragment in sorted(fragments, key=lambda f: (f.line, f.col)):
        columns = set(range(fragment.col, fragment.col + fragment.col_span))
        previous = {open_block[c] for c in columns if c in open_block}
        if len(previous) == 1 and threshold is not None:
            candidate = previous.pop()
            first, span = block_columns(blocks[candidate])
            above = set(range(first, first + span))
            extra = (columns | above) - above
            # No line-adjacency test: in a middle-aligned header a one-line cell sits on a
            # text line between the two lines of its neighbour.
            if ((columns <= above or above <= columns)
                    and all(open_block.get(c, candidate) == candidate for c in extra)
                    and fragment.top - blocks[candidate][-1].bottom <= threshold):
                blocks[candidate].append(fragment)
                for c in columns:
                    open_block[c] = candidate
                continue
        blocks.append([fragment])
        for c in columns:
            open_block[c] = len(blocks) - 1
    return blocks


def find_borderless_tables(words: Sequence[Word], settings: GridSettings = GridSettings()
                           ) -> list[GridTable]:
    """Tables without rules: runs of lines whose word gaps line up (see the chain above).

    Cores are found first and extended largest first: a table's body has more lines and
    finer columns than its header (whose centred group titles hide the rivers between the
    columns they head), so the body decides the columns and takes the header in.
    A table needs `min_borderless_rows` lines of two or more parts and
    `min_borderless_columns` columns; a numbered or bulleted list is not a table.
    """
    lines = text_lines(words, settings)
    cores = []
    index = 0
    while index < len(lines):
        if len(lines[index].parts) < 2:
            index += 1
            continue
        end, columns = grow_core(lines, index, settings)
        multi = sum(len(line.parts) >= 2 for line in lines[index:end])
        if (multi >= settings.min_borderless_rows
                and len(columns) >= settings.min_borderless_columns):
            cores.append((index, end, columns))
            index = end
        else:
            index += 1
    taken = [False] * len(lines)
    tables = []
    for start, end, columns in sorted(cores, key=lambda core: core[0] - core[1]):
        if any(taken[start:end]):
            continue
        start, end, extent = extend_block(lines, start, end, columns, taken, settings)
        table = borderless_table(lines[start:end], extent[0], extent[1:], settings)
        if table is not None:
            tables.append(table)
            taken[start:end] = [True] * (end - start)
    return sorted(tables, key=lambda t: t.bbox[1])


def is_list(block: Sequence[_TextLine], edges: Sequence[float]) -> bool:
    """Two columns whose first holds only list markers: a list with a hanging indent.

    OCR misreads small markers ("2." as "ea", "5." as "_5."): most markers must read as
    one, the others be as short as one."""
    if len(edges) != 3:
        return False
    markers = [" ".join(w.text for w in words) for line in block
               for x0, _, words in line.parts if x0 < edges[1]]
    readable = [bool(LIST_MARKER_RE.match(m.strip("_-'`.,"))) for m in markers]
    # A misread marker is short and has no capital: "No." over "1." "2." is a column title.
    misread = all(ok or (len(m) <= 3 and not re.search(r"[A-Z]", m))
                  for m, ok in zip(markers, readable))
    return bool(markers) and misread and sum(readable) >= max(1, 2 * len(markers) / 3)


def crossed_rivers(block: Sequence[_TextLine], extent: Range, rivers: Sequence[Range],
                   settings: GridSettings) -> list[Range]:
    """Rivers that a group header crosses: "Kondisi Awal" over 2019 and 2020 covers the gap
    between the two columns, which the union of all parts then loses. Where at most
    `max_river_crossings` lines cover an x-range that no open river lies in, and at least
    `min_river_support` lines below all of those have text on both sides of its least
    covered stretch, that stretch is a river too."""
    edges = sorted({x for line in block for x0, x1, _ in line.parts for x in (x0, x1)})
    stretches = []  # (x0, x1, coverage) between consecutive part edges
    for a, b in zip(edges, edges[1:]):
        mid = (a + b) / 2
        count = sum(any(x0 <= mid <= x1 for x0, x1, _ in line.parts) for line in block)
        stretches.append((a, b, count))
    allowed = min(settings.max_river_crossings, len(block) // 4)
    found: list[Range] = []
    run: list[tuple[float, float, int]] = []
    for stretch in stretches + [(extent[1], extent[1], len(block))]:
        if 0 < stretch[2] <= allowed:
            run.append(stretch)
            continue
        if run and not any(r0 < run[-1][1] and r1 > run[0][0] for r0, r1 in rivers):
            least = min(c for _, _, c in run)
            low = [st for st in run if st[2] == least]
            r0, r1 = low[0][0], low[-1][1]
            crossing = [i for i, line in enumerate(block)
                        if any(x0 < r1 and x1 > r0 for x0, x1, _ in line.parts)]
            support = [i for i, line in enumerate(block) if i not in crossing
                       and beside(line, r0, r1, rivers, settings.min_column_gap)]
            # A group header stands above every line it heads; a long cell among shorter
            # ones has lines on both sides of it, above and below.
            if (r1 - r0 >= settings.min_column_gap
                    and len(support) >= settings.min_river_support
                    and max(crossing) < min(support)):
                found.append((r0, r1))
        run = []
    return sorted(list(rivers) + found)


def beside(line: _TextLine, r0: float, r1: float, rivers: Sequence[Range], slack: float
           ) -> bool:
    """Whether a line has text in the columns right next to the stretch r0..r1 on both
    sides: no river lies between the stretch and the nearest part on either side. A line
    with text further off ("Kondisi" in the column left of the years) says nothing."""
    lefts = [x1 for _, x1, _ in line.parts if x1 <= r0]
    rights = [x0 for x0, _, _ in line.parts if x0 >= r1]
    if not lefts or not rights:
        return False
    left, right = max(lefts), min(rights)
    return not any((left + slack < a and b <= r0) or (r1 <= a and b < right - slack)
                   for a, b in rivers)


def supported_rivers(block: Sequence[_TextLine], rivers: Sequence[Range],
                     settings: GridSettings) -> list[Range]:
    """The rivers whose column to the right has text starting in it in at least
    `min_river_support` lines. A loose justified line whose neighbours happen to be shorter
    leaves a chance river with only that line's tail right of it; a sparse column on the
    left (a "No" or a program merged down over many rows) is real and stays."""
    kept: list[Range] = []
    for index, (r0, r1) in enumerate(rivers):
        limit = rivers[index + 1][0] if index + 1 < len(rivers) else float("inf")
        population = sum(any(r1 <= x0 < limit for x0, _, _ in line.parts) for line in block)
        if population >= settings.min_river_support:
            kept.append((r0, r1))
    return kept


def block_centre(group: Sequence[_Fragment]) -> float:
    return (group[0].top + group[-1].bottom) / 2


def middle_rows(blocks: Sequence[Sequence[_Fragment]], top: float, bottom: float,
                tolerance: float) -> tuple[list[float], list[tuple[int, int]]]:
    """Rows and (row, span) of each cell block of a middle-aligned table.

    The rows are the centres of the blocks in the columns with the most blocks, and of
    labels merged across the table (a cell merged down over several rows has its centre
    between rows and must not make one). A
    block's text is centred in its cell, so its cell is the longest run of rows free in its
    columns around the text whose middle is the text's centre: a program printed once
    beside its three kegiatan spans their three rows; an empty cell stays empty.
    """
    counts: dict[int, int] = {}
    for group in blocks:
        col, span = block_columns(group)
        if span == 1:
            counts[col] = counts.get(col, 0) + 1
    most = max(counts.values(), default=0)
    width = max((sum(block_columns(g)) for g in blocks), default=1)
    # A label merged across (most of) the table is a row of its own too.
    anchors = sorted(block_centre(g) for g in blocks
                     if (block_columns(g)[1] == 1
                         and counts.get(block_columns(g)[0], 0) >= 0.8 * most)
                     or block_columns(g)[1] >= 0.5 * width)
    centres = cluster_means(anchors or sorted(block_centre(g) for g in blocks), tolerance)
    row_edges = [top] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [bottom]
    spans: list[list[int]] = []
    for group in blocks:
        centre = block_centre(group)
        rows = [i for i, c in enumerate(centres) if abs(c - centre) <= tolerance]
        if not rows:  # between two rows: a cell merged over an even number of rows
            below = bisect.bisect_left(centres, centre)
            rows = [r for r in (below - 1, below) if 0 <= r < len(centres)]
        spans.append([min(rows), max(rows)])
    taken: dict[tuple[int, int], int] = {}
    for index, (group, (first, last)) in enumerate(zip(blocks, spans)):
        col, span = block_columns(group)
        for r in range(first, last + 1):
            for c in range(col, col + span):
                taken.setdefault((r, c), index)
    for index, group in enumerate(blocks):
        col, span = block_columns(group)
        columns = range(col, col + span)
        first, last = spans[index]

        def free(r: int, index: int = index, columns: range = columns) -> bool:
            return all(taken.get((r, c), index) == index for c in columns)

        # The longest run of free rows around the text whose middle (in y: rows differ in
        # height) is the text's centre.
        centre = block_centre(group)

        def height(top: int, bottom: int) -> float:
            return row_edges[bottom + 1] - row_edges[top]

        def centred(top: int, bottom: int, centre: float = centre) -> bool:
            return abs((row_edges[top] + row_edges[bottom + 1]) / 2 - centre) <= tolerance

        best = widest_centred_span(first, last, len(centres) - 1, free, centred, height)
        spans[index] = list(best)
        for r in range(best[0], best[1] + 1):
            for c in columns:
                taken[(r, c)] = index
    return row_edges, [(first, last - first + 1) for first, last in spans]


def widest_centred_span(first: int, last: int, limit: int, free: Callable[[int], bool],
                        centred: Callable[[int, int], bool],
                        size: Callable[[int, int], float]) -> tuple[int, int]:
    """The largest span of rows (or columns) around `first..last`, within the free ones up
    to `limit`, whose middle is the text's centre: how far a centred merged cell reaches."""
    low, high = first, last
    while low > 0 and free(low - 1):
        low -= 1
    while high < limit and free(high + 1):
        high += 1
    best = (first, last)
    for a in range(low, first + 1):
        for b in range(last, high + 1):
            if centred(a, b) and size(a, b) > size(*best):
                best = (a, b)
    return best


def cluster_means(values: Sequence[float], tolerance: float) -> list[float]:
    """The mean of each run of sorted values closer than `tolerance` to the last."""
    groups: list[list[float]] = []
    for value in values:
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def clusters(values: Sequence[float], tolerance: float) -> list[float]:
    """The first value of each run of sorted values closer than `tolerance` to the last."""
    starts: list[float] = []
    last = None
    for value in values:
        if last is None or value - last > tolerance:
            starts.append(value)
        last = value
    return starts


def text_centre(cell: Cell) -> float:
    return (min(w.x0 for w in cell.words) + max(w.x1 for w in cell.words)) / 2


def widen_group_headers(cells: list[Cell], edges: Sequence[float], tolerance: float,
                        settings: GridSettings) -> list[Cell]:
    """Give a one-line cell centred over several columns the span it heads.

    A short group header ("Target" over the years 2021-2026) is narrower than the columns
    it heads, so its text covers only the column or two at its middle. Its cell is the
    widest run of columns that are empty from the header down to the row of the cells
    under it, with one one-column cell each in that row, whose middle is the header's
    centre: centred text is centred over its cell, and so are the cells under it. Only
    header cells are widened: the cells under them are no lower than the first row with
    text in every column (the column numbers, the years, or else the first body row).
    """
    out = list(cells)
    n_cols = len(edges) - 1
    filled: dict[int, set[int]] = {}
    for c in out:
        if c.words:
            for r in range(c.row, c.row + c.row_span):
                filled.setdefault(r, set()).update(range(c.col, c.col + c.col_span))
    full = [r for r, cols in filled.items() if len(cols) == n_cols]
    if not full:
        return out
    first_full = min(full)
    for index, cell in enumerate(out):
        if (not cell.words or cell.row + cell.row_span > first_full
                or len(cluster_lines(cell.words, settings.line_tolerance)) != 1):
            continue
        below = [c for c in out if c.row >= cell.row + cell.row_span and c.words
                 and c.col <= cell.col < c.col + c.col_span]
        if not below:
            continue
        child_row = min(c.row for c in below)
        if child_row > first_full:
            continue
        children = {c.col: c for c in out
                    if c.row == child_row and c.col_span == 1 and c.words}

        def free(col: int, child_row: int = child_row, cell: Cell = cell,
                 children: dict[int, Cell] = children) -> bool:
            return col in children and not any(
                c is not cell and c.col <= col < c.col + c.col_span
                and c.row < child_row and c.row + c.row_span > cell.row for c in out)

        first, last = cell.col, cell.col + cell.col_span - 1
        if not all(c in children for c in range(first, last + 1)):
            continue
        centre = text_centre(cell)

        def centred(a: int, b: int, centre: float = centre,
                    children: dict[int, Cell] = children) -> bool:
            # Two estimates of the span's middle: halfway between the centres of the cells
            # under its ends (exact when the end columns are as wide), and between the
            # column edges inferred from the rivers.
            middles = ((text_centre(children[a]) + text_centre(children[b])) / 2,
                       (edges[a] + edges[b + 1]) / 2)
            return min(abs(m - centre) for m in middles) <= tolerance

        best = widest_centred_span(first, last, len(edges) - 2, free, centred,
                                   lambda a, b: b - a)
        if best != (first, last):
            out[index] = replace(cell, col=best[0], col_span=best[1] - best[0] + 1,
                                 x0=edges[best[0]], x1=edges[best[1] + 1])
    return out


def borderless_table(block: Sequence[_TextLine], extent: Range, rivers: Sequence[Range],
                     settings: GridSettings) -> GridTable | None:
    """Read an extended block into a GridTable (spans from fragments and cell blocks)."""
    rivers = supported_rivers(block, crossed_rivers(block, extent, rivers, settings), settings)
    edges = [extent[0]] + [(r0 + r1) / 2 for r0, r1 in rivers] + [extent[1]]
    if len(edges) - 1 < settings.min_borderless_columns or is_list(block, edges):
        return None
    height = median_height([w for line in block for w in line.words])
    fragments = fragments_of(block, edges, settings)
    blocks = cell_blocks(fragments, wrap_threshold(block, height, settings, fragments))
    tolerance = settings.line_tolerance * height
    # Cells of one row share their top when top-aligned and their centre when
    # middle-aligned; the key that gathers the cells into fewer rows is the alignment used.
    tops = clusters(sorted(b[0].top for b in blocks), tolerance)
    centres = clusters(sorted(block_centre(b) for b in blocks), tolerance)
    bottom = max(line.bottom for line in block)
    if len(centres) < len(tops):
        row_edges, placed = middle_rows(blocks, min(line.top for line in block), bottom,
                                        tolerance)
    else:
        row_edges = tops + [bottom]
        placed = []
        for group in blocks:
            row = bisect.bisect_right(tops, group[0].top + tolerance) - 1
            final = bisect.bisect_right(tops, group[-1].bottom) - 1
            row = min(max(row, 0), len(tops) - 1)
            placed.append((row, max(min(final, len(tops) - 1) - row + 1, 1)))
    cells = []
    for group, (row, span) in zip(blocks, placed):
        col, col_span = block_columns(group)
        words_ = [w for f in group for w in f.words]
        cells.append(Cell(row=row, col=col, row_span=span, col_span=col_span,
                          x0=edges[col], top=row_edges[row], x1=edges[col + col_span],
                          bottom=row_edges[row + span], text=words_text(words_, settings),
                          words=tuple(words_)))
    cells = widen_group_headers(cells, edges, tolerance, settings)
    cells.sort(key=lambda c: (c.row, c.col))
    return GridTable(bbox=(edges[0], row_edges[0], edges[-1], bottom), col_edges=tuple(edges),
                     row_edges=tuple(row_edges), cells=tuple(cells), ruled=False)
