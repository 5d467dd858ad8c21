"""The intermediate representation every ingestion path produces and every stage reads.

A document flows through the pipeline as one `Document`: ingestion fills `source` and
`pages` (lines, and for PDFs and scans words with boxes), the section stage fills
`sections`, `captions` and `metadata`, the table stage fills `tables`, and assembly turns
all of it into the canonical JSON. Text files, PDF text layers and OCR all produce the same
`Page` / `Line` shapes, so the later stages do not care where a line came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceFormat = Literal["pdf", "image", "text"]


@dataclass(frozen=True)
class Word:
    """A word with its box in page coordinates (PDF points or image pixels)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None  # OCR confidence 0-100; None for a text layer


@dataclass(frozen=True)
class Box:
    """A rectangle on one page in PDF points, origin at the top left (as words are)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    @staticmethod
    def union(boxes: list[Box | None]) -> Box | None:
        """The smallest box around the given boxes of one page (None when there are none)."""
        present = [b for b in boxes if b is not None]
        if not present:
            return None
        return Box(present[0].page, min(b.x0 for b in present), min(b.top for b in present),
                   max(b.x1 for b in present), max(b.bottom for b in present))


@dataclass
class Line:
    """One line of text as read.

    `cells` is set when the source itself marks cell boundaries (tab-separated text, or
    cells read from a ruled grid); flattened OCR text has `cells is None` and its table
    structure has to be recovered from the words alone.
    """

    text: str
    number: int  # 1-based line number through the whole document (a text file's own)
    page: int | None = None
    cells: list[str] | None = None
    words: list[Word] = field(default_factory=list)
    confidence: float | None = None
    #: For a table row read from a page: the box of the printed cell at each position of
    #: `cells` (a merged cell's whole box at every position it covers). None elsewhere.
    cell_boxes: list[Box | None] | None = None

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_tabular(self) -> bool:
        return self.cells is not None and len(self.cells) > 1


@dataclass
class Page:
    number: int | None  # None for a text file without form feeds
    lines: list[Line]
    width: float | None = None
    height: float | None = None
    ocr: bool = False
    mean_confidence: float | None = None


@dataclass
class Source:
    file: str
    sha256: str
    format: SourceFormat
    pages: int | None
    ocr_pages: list[int] = field(default_factory=list)
    ocr_engine: str | None = None
    ocr_languages: str | None = None
    ocr_mean_confidence: float | None = None

    @property
    def document_id(self) -> str:
        return self.sha256[:16]


@dataclass
class Section:
    number: str | None  # "BAB II", "2.3"
    title: str
    page: int | None
    line: int | None


@dataclass
class Caption:
    """A table caption such as "Tabel 2.3" followed by its title lines."""

    label: str | None  # "Tabel 2.3"
    title: str
    page: int | None
    line: int  # the line the caption starts on
    end_line: int  # the last line of the caption's title


@dataclass
class TableRow:
    cells: list[str]
    lines: list[int]  # source lines the row was read from
    page: int | None = None
    raw: str = ""
    #: Where the row and each of its cells were printed (paged inputs only; the review page
    #: outlines them). `cell_boxes` parallels `cells` when set.
    box: Box | None = None
    cell_boxes: list[Box | None] | None = None


@dataclass
class RawTable:
    """A table as cells, before its columns are interpreted.

    `header` holds the header rows (column titles, year rows, the "(1) (2) (3)" numbering
    row); `rows` the data rows. A cell merged over several rows is either repeated into each
    row it covers (grids read from geometry) or left empty below its first row (as text
    converters write it); assembly reads both as one record.
    """

    label: str | None
    caption: str | None
    section: str | None  # title of the section the table sits in, for unlabelled tables
    pages: list[int]
    header: list[list[str]]
    rows: list[TableRow]
    first_line: int
    flattened: bool = False  # recovered from text whose columns were flattened into lines
    #: The table's outline on each page it covers (paged inputs only), header rows included.
    boxes: list[Box] = field(default_factory=list)

    @property
    def name(self) -> str | None:
        """How provenance refers to the table: its label, else its caption or section."""
        return self.label or self.caption or self.section

    @property
    def width(self) -> int:
        return max([len(r) for r in self.header] + [len(r.cells) for r in self.rows] + [0])


@dataclass
class Signatory:
    name: str
    position: str | None = None
    rank: str | None = None
    nip: str | None = None
    line: int | None = None


@dataclass
class Metadata:
    type: str = "UNKNOWN"
    title: str = ""
    year: int | None = None
    agency: str | None = None
    region: str | None = None
    signatory: Signatory | None = None
    rpjmd: tuple[int, int] | None = None
    renstra: tuple[int, int] | None = None
    vision: str | None = None
    vision_line: int | None = None
    missions: list[tuple[str, int]] = field(default_factory=list)  # (text, line)
    goal_statements: list[tuple[str, int]] = field(default_factory=list)  # prose "Tujuan : X"
    objective_statements: list[tuple[str, int]] = field(default_factory=list)
    budget_statements: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, raw, line)


@dataclass
class Issue:
    """A warning raised by a stage, in the contract's WarningCode vocabulary."""

    code: str
    message: str
    page: int | None = None
    line: int | None = None


@dataclass
class Document:
    source: Source
    pages: list[Page]
    sections: list[Section] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    def warn(self, code: str, message: str, *, page: int | None = None,
             line: int | None = None) -> None:
        self.warnings.append(Issue(code, message, page, line))
