"""Gold tables as real tables: merged cells, multi-row headers, wrapped cells, page breaks.

The gold stores every table as a grid with spans repeated. Here the repeats become merged
cells again: a value repeated down an entity column (program, kegiatan, tujuan, sasaran, ...
found by header words) in consecutive rows is one cell, a row whose cells all repeat one value
is one full-width cell, and header cells repeated across or down the header rows are one
group header ("TARGET" over 2021..2024).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

# header words that make a column an entity column (its repeats are merged cells)
ENTITY_WORDS = (
    "program", "kegiatan", "tujuan", "sasaran", "visi", "misi", "iku", "indikator",
    "strategi", "kebijakan", "urusan", "bidang", "perangkat daerah",
)
NUMBER_RE = re.compile(r"^\(?\d+(\.\d+)*\.?\)?$")
COLNUM_RE = re.compile(r"^\(\s*\d+\s*\)$|^\d{1,2}\)?$")
VALUE_RE = re.compile(
    r"^(rp\.?\s*)?[-+]?\d[\d.,]*\s*(%|persen)?[-,]*$|^[≥≤<>]=?\s*\d", re.IGNORECASE
)
MONEY_RE = re.compile(r"^(rp\.?\s*)?\d{1,3}(\.\d{3})+(,\d+|,-|-)?$", re.IGNORECASE)
CODE_RE = re.compile(r"^\d+(\.\d+)+$")
TOTAL_WORDS = ("jumlah", "total", "jumlah total", "jumlah anggaran")
TOC_CAPTIONS = ("daftar isi", "daftar tabel", "daftar gambar", "daftar grafik", "daftar lampiran")

Span = tuple[int, int, int, int]  # (col0, row0, col1, row1), inclusive, table coordinates


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().lower()


def is_toc(table: dict) -> bool:
    cap = norm(table.get("caption"))
    return any(cap.startswith(c) for c in TOC_CAPTIONS)


def is_colnum_row(row: list[str]) -> bool:
    """The '(1) (2) (3)' row under a header."""
    cells = [c.strip() for c in row if c and c.strip()]
    return bool(cells) and all(COLNUM_RE.match(c) for c in cells)


@dataclass
class TableModel:
    """A gold table analysed for rendering."""

    header: list[list[str]]
    rows: list[list[str]]
    ncols: int
    header_spans: list[Span] = field(default_factory=list)
    entity_cols: list[int] = field(default_factory=list)
    number_col: int | None = None
    full_rows: set[int] = field(default_factory=set)  # body rows printed as one wide cell
    bold_rows: set[int] = field(default_factory=set)  # program / kegiatan / total rows
    aligns: list[str] = field(default_factory=list)  # LEFT / CENTER / RIGHT per column

    @property
    def nheader(self) -> int:
        return len(self.header)


def _pad(rows: list[list[str]], n: int) -> list[list[str]]:
    return [[(c or "") for c in r] + [""] * (n - len(r)) for r in rows]


def analyse(table: dict) -> TableModel:
    header = table.get("header") or []
    rows = table.get("rows") or []
    ncols = max([len(r) for r in header + rows] or [1])
    model = TableModel(header=_pad(header, ncols), rows=_pad(rows, ncols), ncols=ncols)
    model.header_spans = header_spans(model.header)
    for i, r in enumerate(model.rows):
        if ncols > 1 and r[0].strip() and all(c == r[0] for c in r):
            model.full_rows.add(i)
    body = [r for i, r in enumerate(model.rows) if i not in model.full_rows]
    words = [" ".join(norm(h[c]) for h in model.header if not is_colnum_row(h))
             for c in range(ncols)]
    has_words = any(re.search(r"[a-z]{3}", w) for w in words)
    for c in range(ncols):
        values = [r[c].strip() for r in body if r[c].strip()]
        numbering = bool(values) and all(NUMBER_RE.match(v) for v in values)
        if re.match(r"^(no\.?|nomor|no urut)( |$)", words[c]) or (numbering and c == 0):
            if model.number_col is None:
                model.number_col = c
            continue
        textual = bool(values) and sum(not VALUE_RE.match(v) for v in values) > len(values) / 2
        if any(w in words[c] for w in ENTITY_WORDS) and textual:
            model.entity_cols.append(c)
        elif not has_words and textual:
            model.entity_cols.append(c)
    for c in range(ncols):
        values = [r[c].strip() for r in body if r[c].strip()]
        w = words[c]
        if c == model.number_col or "satuan" in w:
            model.aligns.append("CENTER")
        elif values and all(MONEY_RE.match(v) for v in values):
            model.aligns.append("RIGHT")
        elif values and (all(VALUE_RE.match(v) for v in values)
                         or all(len(v) <= 12 for v in values)):
            model.aligns.append("CENTER")
        else:
            model.aligns.append("LEFT")
    # hierarchical tables: program rows (codes of 3 parts) and totals bold
    code_cols = [c for c in range(ncols) if words[c].startswith("kode")]
    for i, r in enumerate(model.rows):
        if any(norm(v) in TOTAL_WORDS for v in r):
            model.bold_rows.add(i)
        for c in code_cols:
            if CODE_RE.match(r[c].strip()) and len(r[c].strip().split(".")) == 3:
                model.bold_rows.add(i)
    return model


def merge_cols(model: TableModel) -> list[int]:
    """Columns whose repeats become merged cells, outermost (leftmost) first."""
    return sorted(set(model.entity_cols) | ({model.number_col} - {None}))


def header_spans(header: list[list[str]]) -> list[Span]:
    """Merged header cells: equal values across a row (inside the parent group) and down."""
    nrows = len(header)
    if not nrows:
        return []
    ncols = len(header[0])
    taken = [[False] * ncols for _ in range(nrows)]
    # column boundaries of each row's groups, for nesting the row below
    bounds: list[set[int]] = [set() for _ in range(nrows)]
    spans: list[Span] = []
    for r in range(nrows):
        parent = bounds[r - 1] if r else set()
        c = 0
        while c < ncols:
            if taken[r][c]:
                c += 1
                continue
            v = header[r][c].strip()
            c1 = c
            if v:
                while (c1 + 1 < ncols and not taken[r][c1 + 1]
                       and header[r][c1 + 1].strip() == v and (c1 + 1) not in parent):
                    c1 += 1
            r1 = r
            if v:
                while r1 + 1 < nrows and all(
                    header[r1 + 1][k].strip() == v and not taken[r1 + 1][k]
                    for k in range(c, c1 + 1)
                ):
                    r1 += 1
            for rr in range(r, r1 + 1):
                for k in range(c, c1 + 1):
                    taken[rr][k] = True
                bounds[rr].add(c)
                bounds[rr].add(c1 + 1)
            if c1 > c or r1 > r:
                spans.append((c, r, c1, r1))
            c = c1 + 1
    return spans


def body_blocks(model: TableModel, rows: range) -> tuple[list[Span], list[int]]:
    """Vertical merges in entity and number columns over `rows` (body indices), nested:
    a block never crosses a block boundary of a merged column to its left. Returns the
    spans and the body rows that start a block of the outermost merged column."""
    idx = list(rows)
    if not idx:
        return [], []
    boundaries: set[int] = {idx[0]}
    boundaries |= {i for i in idx if i in model.full_rows}
    boundaries |= {i + 1 for i in idx if i in model.full_rows}
    spans: list[Span] = []
    top: list[int] = []
    for level, c in enumerate(merge_cols(model)):
        starts = set(boundaries)
        for i in idx[1:]:
            cur, prev = model.rows[i][c].strip(), model.rows[i - 1][c].strip()
            if cur != prev or (not cur and level == 0):
                starts.add(i)
        start_list = sorted(s for s in starts if s <= idx[-1])
        if level == 0:
            top = start_list
        for k, s in enumerate(start_list):
            e = (start_list[k + 1] - 1) if k + 1 < len(start_list) else idx[-1]
            if s in model.full_rows:
                continue
            e2 = s
            while e2 < e and (e2 + 1) not in model.full_rows:
                e2 += 1
            if e2 > s:
                spans.append((c, s, c, e2))
        boundaries |= starts
    return spans, top


def body_spans(model: TableModel, rows: range) -> list[Span]:
    return body_blocks(model, rows)[0]


# ---------------------------------------------------------------------------- geometry
@dataclass
class TableLook:
    """How one table is drawn."""

    style: str = "ruled"  # ruled | hlines | borderless
    font: str = "DejaVuSansCondensed"
    size: float = 8.0
    header_fill: bool = True
    valign: str = "TOP"  # body cells: TOP or MIDDLE
    pad: float = 3.0


def _words_width(text: str, font: str, size: float) -> float:
    words = text.split()
    return max([stringWidth(w, font, size) for w in words] or [0.0])


def column_widths(model: TableModel, look: TableLook, avail: float) -> tuple[list[float], bool]:
    """Widths filling `avail`; False when even the longest words do not fit."""
    n = model.ncols
    bold = f"{look.font}-Bold"
    pad = 2 * look.pad + 1
    min_w = [0.0] * n
    want = [0.0] * n
    spanned = {(c, r) for (c0, r0, c1, r1) in model.header_spans if c1 > c0
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(model.header):
        for c, v in enumerate(row):
            if (c, r) in spanned:
                continue
            min_w[c] = max(min_w[c], _words_width(v, bold, look.size) + pad)
            want[c] = max(want[c], min(stringWidth(v, bold, look.size), 110) + pad)
    for i, row in enumerate(model.rows):
        if i in model.full_rows:
            continue
        font = bold if i in model.bold_rows else look.font
        for c, v in enumerate(row):
            full = stringWidth(v, font, look.size) + pad
            # amounts and short values never wrap ("Rp 11.856.430.000,00" stays one line)
            unbreakable = model.aligns[c] != "LEFT" and len(v) <= 24
            min_w[c] = max(min_w[c], full if unbreakable else _words_width(v, font, look.size)
                           + pad)
            want[c] = max(want[c], full)
    min_w = [max(m, 14.0) for m in min_w]
    cap = max(avail * 0.42, 90.0)
    want = [max(min(w, cap), m) for w, m in zip(want, min_w)]
    if sum(min_w) > avail:
        return min_w, False
    if sum(want) <= avail:  # fits on one line each: the spare width goes to text columns
        weight = [w if a == "LEFT" else w * 0.25 for w, a in zip(want, model.aligns)]
        spare = avail - sum(want)
        return [w + spare * k / sum(weight) for w, k in zip(want, weight)], True
    extra = avail - sum(min_w)
    slack = [w - m for w, m in zip(want, min_w)]
    total = sum(slack) or 1.0
    return [m + extra * s / total for m, s in zip(min_w, slack)], True


def fit_look(model: TableModel, look: TableLook, avail: float,
             min_size: float = 6.0) -> tuple[list[float], bool]:
    """Shrink the font until the table fits `avail` (or the minimum size is reached)."""
    while True:
        widths, ok = column_widths(model, look, avail)
        if ok or look.size <= min_size:
            if not ok:  # squeeze: long words get broken, as a cramped Word table does
                scale = avail / sum(widths)
                widths = [w * scale for w in widths]
            return widths, ok
        look.size = round(look.size - 0.5, 2)


# ---------------------------------------------------------------------------- building
def _styles(look: TableLook) -> dict[str, ParagraphStyle]:
    lead = look.size * 1.18
    base = dict(fontName=look.font, fontSize=look.size, leading=lead, splitLongWords=1)
    return {
        "LEFT": ParagraphStyle("cl", alignment=TA_LEFT, **base),
        "CENTER": ParagraphStyle("cc", alignment=TA_CENTER, **base),
        "RIGHT": ParagraphStyle("cr", alignment=TA_RIGHT, **base),
        "head": ParagraphStyle("ch", alignment=TA_CENTER, **{**base, "fontName":
                                                              f"{look.font}-Bold"}),
        "colnum": ParagraphStyle("cn", alignment=TA_CENTER, **{**base, "fontName":
                                                                f"{look.font}-Italic",
                                                                "fontSize": look.size - 1}),
        "full": ParagraphStyle("cf", alignment=TA_LEFT, **{**base, "fontName":
                                                            f"{look.font}-Bold"}),
        "LEFT-bold": ParagraphStyle("clb", alignment=TA_LEFT, **{**base, "fontName":
                                                                 f"{look.font}-Bold"}),
        "CENTER-bold": ParagraphStyle("ccb", alignment=TA_CENTER, **{**base, "fontName":
                                                                     f"{look.font}-Bold"}),
        "RIGHT-bold": ParagraphStyle("crb", alignment=TA_RIGHT, **{**base, "fontName":
                                                                   f"{look.font}-Bold"}),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph | str:
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    return Paragraph(escape(text), style)


def build_table(model: TableModel, rows: range, widths: list[float], look: TableLook) -> Table:
    """A reportlab Table of the header and body `rows`, merged cells as SPAN commands."""
    st = _styles(look)
    nh = model.nheader
    data: list[list] = []
    covered: set[tuple[int, int]] = set()
    spans = list(model.header_spans)
    bspans, top = body_blocks(model, rows)
    for (c0, r0, c1, r1) in bspans:
        spans.append((c0, r0 - rows.start + nh, c1, r1 - rows.start + nh))
    full = [i - rows.start + nh for i in rows if i in model.full_rows]
    spans += [(0, r, model.ncols - 1, r) for r in full]
    for (c0, r0, c1, r1) in spans:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (c, r) != (c0, r0):
                    covered.add((c, r))
    for r, hrow in enumerate(model.header):
        pst = st["colnum"] if is_colnum_row(hrow) else st["head"]
        data.append(["" if (c, r) in covered else _para(v, pst) for c, v in enumerate(hrow)])
    for i in rows:
        r = i - rows.start + nh
        row = model.rows[i]
        if r in full:
            data.append([_para(row[0], st["full"])] + [""] * (model.ncols - 1))
            continue
        suffix = "-bold" if i in model.bold_rows else ""
        data.append(["" if (c, r) in covered else _para(v, st[model.aligns[c] + suffix])
                     for c, v in enumerate(row)])
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), look.font, look.size),
        ("LEFTPADDING", (0, 0), (-1, -1), look.pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), look.pad),
        ("TOPPADDING", (0, 0), (-1, -1), look.pad * 0.7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), look.pad * 0.9),
        ("VALIGN", (0, 0), (-1, -1), look.valign),
    ]
    if nh:
        cmds.append(("VALIGN", (0, 0), (-1, nh - 1), "MIDDLE"))
    for (c0, r0, c1, r1) in spans:
        cmds.append(("SPAN", (c0, r0), (c1, r1)))
    last = len(data) - 1
    if look.style == "ruled":
        cmds += [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("BOX", (0, 0), (-1, -1), 0.9, colors.black)]
        if nh and look.header_fill:
            cmds.append(("BACKGROUND", (0, 0), (-1, nh - 1), colors.Color(0.86, 0.86, 0.86)))
    elif look.style == "hlines":
        cmds += [("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                 ("LINEBELOW", (0, last), (-1, last), 1.0, colors.black)]
        if nh:
            cmds.append(("LINEBELOW", (0, nh - 1), (-1, nh - 1), 0.6, colors.black))
        for r in [t - rows.start + nh for t in top[1:]]:
            cmds.append(("LINEABOVE", (0, r), (-1, r), 0.3, colors.black))
    else:  # borderless: whitespace only, as text exported without table rules
        cmds += [("TOPPADDING", (0, nh), (-1, -1), look.pad * 1.2)]
    return Table(data, colWidths=widths, style=TableStyle(cmds), hAlign="CENTER")


class ChunkedTable(Flowable):
    """A table that breaks across pages between any two rows, even inside merged cells.

    reportlab refuses to split a table inside a row span; long RKT tables have program cells
    spanning a dozen rows. Each page gets its own reportlab Table: the header rows repeated,
    and a merged block cut by the page break starts again (value repeated) on the next page.
    """

    def __init__(self, model: TableModel, widths: list[float], look: TableLook,
                 rows: range | None = None):
        super().__init__()
        self.model = model
        self.widths = widths
        self.look = look
        self.rows = rows if rows is not None else range(len(model.rows))
        self._table: Table | None = None

    def _build(self, rows: range) -> Table:
        return build_table(self.model, rows, self.widths, self.look)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._table = self._build(self.rows)
        w, h = self._table.wrap(aw, ah)
        self.width, self.height = w, h
        return w, h

    def _height(self, n: int, aw: float, ah: float) -> float:
        t = self._build(range(self.rows.start, self.rows.start + n))
        return t.wrap(aw, ah)[1]

    def split(self, aw: float, ah: float) -> list[Flowable]:
        n = len(self.rows)
        if n <= 1 or self._height(1, aw, ah) > ah:
            # a single row taller than the space left: let reportlab cut inside the row
            table = self._build(range(self.rows.start, self.rows.start + 1)) if n else None
            if table is None or ah < 160:  # little room left: start it on the next page
                return []
            table.splitInRow = 1
            table.repeatRows = self.model.nheader
            first = table.split(aw, ah)
            if not first:
                return []
            rest = ChunkedTable(self.model, self.widths, self.look,
                                range(self.rows.start + 1, self.rows.stop))
            return first + ([rest] if len(rest.rows) else [])
        lo, hi = 1, n - 1  # largest k with height(k) <= ah
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._height(mid, aw, ah) <= ah:
                lo = mid
            else:
                hi = mid - 1
        s = self.rows.start
        return [ChunkedTable(self.model, self.widths, self.look, range(s, s + lo)),
                ChunkedTable(self.model, self.widths, self.look, range(s + lo, self.rows.stop))]

    def draw(self) -> None:
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)
