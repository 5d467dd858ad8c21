"""Header interpretation: what each column of a table means, by the words of its header.

Column titles are matched by fuzzy similarity against the vocabulary RKTs use ("Indikator
Kinerja Sasaran", "Kondisi Awal", "Jumlah Dana", ...), never by position or table number,
so a table with other numbering or another column order is read the same way. Group
headers spanning several columns ("Target" over 2020..2024) give their role to the year
columns under them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from .ir import RawTable
from .settings import HeaderSettings

# Canonical column roles and the header wordings that name them. Longer, more specific
# wordings win over shorter ones ("Indikator Program" over "Indikator", "Sasaran Program"
# over "Sasaran") because each cell is matched against every wording and the best wins.
ROLE_WORDINGS: dict[str, tuple[str, ...]] = {
    "number": ("no", "no.", "nomor", "no urut"),
    "vision": ("visi",),
    "mission": ("misi",),
    "goal": ("tujuan", "tujuan strategis"),
    "goal_indicator": ("indikator tujuan", "indikator kinerja tujuan"),
    "goal_objective_indicator": ("indikator tujuan/sasaran", "indikator tujuan sasaran",
                                 "indikator tujuan dan sasaran"),
    "objective": ("sasaran", "sasaran strategis", "sasaran perangkat daerah",
                  "sasaran strategis perangkat daerah"),
    "objective_indicator": ("indikator sasaran", "indikator kinerja sasaran",
                            "indikator sasaran perangkat daerah", "indikator kinerja",
                            "indikator kinerja utama", "indikator"),
    "key_indicator": ("iku", "iku perangkat daerah"),
    "program": ("program", "program pendukung", "nama program"),
    # One column naming programs, kegiatan and sub kegiatan on successive rows; the level of
    # each row comes from its code (1.02.01 / 1.02.01.2.01 / 1.02.01.2.01.0001).
    "hierarchy": ("program/kegiatan/sub kegiatan", "program/kegiatan", "program kegiatan",
                  "program kegiatan sub kegiatan", "program/kegiatan/subkegiatan",
                  "uraian program/kegiatan/sub kegiatan", "uraian", "nama program/kegiatan"),
    # Goals and objectives in one column, told apart by their numbering (1 / 1.1).
    "goal_objective": ("tujuan/sasaran", "tujuan / sasaran", "tujuan dan sasaran",
                       "tujuan sasaran"),
    "hierarchy_objective": ("sasaran program/kegiatan", "sasaran program/kegiatan/sub kegiatan"),
    "code": ("kode", "kode rekening", "kode program", "kode kegiatan", "kode sub kegiatan",
             "kode program/kegiatan"),
    "program_objective": ("sasaran program", "outcome program"),
    "program_indicator": ("indikator program", "indikator kinerja program"),
    "activity": ("kegiatan", "nama kegiatan"),
    "activity_objective": ("sasaran kegiatan", "output kegiatan"),
    "activity_indicator": ("indikator kegiatan", "indikator kinerja kegiatan"),
    "sub_activity": ("sub kegiatan", "subkegiatan", "nama sub kegiatan"),
    "sub_activity_indicator": ("indikator sub kegiatan", "indikator kinerja sub kegiatan"),
    "unit": ("satuan",),
    "baseline": ("kondisi awal", "kondisi kinerja awal", "capaian awal", "baseline",
                 "kondisi awal realisasi"),
    "target": ("target", "target kinerja", "rencana target"),
    "final": ("kondisi akhir", "target akhir", "kondisi kinerja akhir"),
    "budget": ("jumlah dana", "anggaran", "pagu", "pagu indikatif", "dana", "alokasi anggaran",
               "jumlah anggaran", "pagu anggaran", "rp"),
    "achievement": ("capaian", "realisasi", "capaian kinerja", "realisasi kinerja"),
    "strategy": ("strategi",),
    "policy": ("arah kebijakan", "kebijakan"),
}

# Roles whose cells name an entity; an empty cell below one repeats the entity above it
# (the cell was merged over several rows in the printed table).
ENTITY_ROLES = ("goal", "objective", "program", "activity", "sub_activity")
VALUE_ROLES = ("baseline", "target", "final", "achievement", "budget")
YEAR_RE = re.compile(r"^(?:tahun\s+|ta\.?\s+)?\(?((?:19|20)\d\d)\)?$", re.IGNORECASE)
NUMBERING_RE = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass(frozen=True)
class Column:
    index: int
    role: str | None  # a key of ROLE_WORDINGS, or None when unrecognised
    label: str  # the header words over this column, top to bottom
    year: int | None = None
    score: float = 0.0


@dataclass(frozen=True)
class TableLayout:
    columns: tuple[Column, ...]
    ambiguous: tuple[str, ...] = ()  # header cells that matched two roles equally well

    def of(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    def has(self, role: str) -> bool:
        return any(c.role == role for c in self.columns)

    @property
    def roles(self) -> set[str]:
        return {c.role for c in self.columns if c.role}


def normalize_label(text: str) -> str:
    """Lower-case header words without numbering, years in brackets or remarks in brackets."""
    text = re.sub(r"\*+", "", text).lower()
    text = re.sub(r"\(\s*\d{1,2}\s*\)", " ", text)  # "(4)" column numbers
    text = re.sub(r"\((impact|outcome|output|realisasi|%|rp\.?)\)", r" \1 ", text)
    text = re.sub(r"[^\w/ ]", " ", text)
    # A lone digit before the title is OCR noise (a column number or rule read into the
    # cell): no column title starts with a bare number.
    text = re.sub(r"^(?:\d\s+)+(?=[a-z]{3})", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def classify(label: str, settings: HeaderSettings = HeaderSettings()
             ) -> tuple[str | None, float, bool]:
    """The role a header label names, its score, and whether another role scored as well."""
    text = normalize_label(label)
    text = re.sub(r"\b(19|20)\d\d\b", " ", text).strip()
    if not text:
        return None, 0.0, False
    scored: dict[str, float] = {}
    for role, wordings in ROLE_WORDINGS.items():
        best = 0.0
        for wording in wordings:
            score = fuzz.ratio(text, wording)
            # A label with a remark after the canonical words ("capaian %", "indikator
            # tujuan/sasaran impact") still names that role.
            if text.startswith(wording + " ") and len(wording) >= 5:
                score = max(score, 90.0 + min(len(wording), 40) / 4)
            best = max(best, score)
        scored[role] = best
    ranked = sorted(scored.items(), key=lambda item: -item[1])
    (role, score), (_, runner_up) = ranked[0], ranked[1]
    if score < settings.min_score:
        return None, score, False
    return role, score, runner_up >= score - settings.ambiguity_margin and runner_up >= 90


def header_text(text: str) -> str:
    """A header cell without markup and the stray punctuation OCR reads off rules."""
    return text.strip().strip("*|:;,._~—'\"‘’“”` ").strip()


def is_header_cell(text: str, settings: HeaderSettings = HeaderSettings(),
                   max_chars: int = 70) -> bool:
    """A cell that can stand in a header row: a column title, a year or a column number."""
    text = header_text(text)
    if not text:
        return True
    if len(text) > max_chars:
        return False
    if YEAR_RE.match(text) or NUMBERING_RE.match(text):
        return True
    stripped = re.sub(r"\(\s*\d{1,2}\s*\)", "", text).strip()
    if not stripped:
        return True
    role, _, _ = classify(stripped, settings)
    if role is not None:
        return True
    # A title split over two header lines ("Kondisi" over "Awal") is made of header words.
    words = re.findall(r"[A-Za-z]+", stripped.lower())
    return bool(words) and len(words) <= 3 and all(w in HEADER_WORDS for w in words)


def is_header_row(cells: list[str], settings: HeaderSettings = HeaderSettings(),
                  max_chars: int = 70) -> bool:
    """A row that can stand in a table's header: every cell a header cell, or, in a wide row
    with at least two recognised titles, all but one (a title OCR merged with a neighbour,
    "Indikator Tujuan/Sasaran (impact) Sala:", must not turn the whole header into data)."""
    filled = [c for c in cells if header_text(c)]
    failing = [c for c in filled if not is_header_cell(c, settings, max_chars)]
    if not failing:
        return True
    # Distinct texts: a merged cell repeated into the columns it spans counts once, and a
    # label spanning the whole row ("Tujuan 1: ...") is one text, not a header.
    distinct = set(filled)
    titled = sum(classify(header_text(c), settings)[0] is not None for c in distinct)
    return len(distinct) >= 4 and len(set(failing)) == 1 and titled >= 2 and not any(
        re.search(r"\d", c) and not re.search(r"[A-Za-z]{3}", c) for c in failing)


COLUMN_NUMBER_RE = re.compile(r"\(\s*\d{1,2}\s*\)")


def is_numbering_row(cells: list[str]) -> bool:
    """The "(1) (2) (3)" row that numbers the columns.

    OCR reads small bracketed digits badly ("(6)" as "©", "(10)" as "@o", "(4)" as "+@)"):
    a row where at least half the cells are column numbers and the rest short marks with
    no word or digit in them is that row too. A title numbered in its own cell, "Tujuan
    (2)", is a title."""
    filled = [header_text(c) for c in cells if header_text(c)]
    if not filled:
        return False
    numbers = sum(is_column_number(c) for c in filled)
    if numbers == len(filled):
        return True
    marks = all(is_column_number(c) or (len(c) <= 4 and not re.search(r"[A-Za-z]{2}|\d", c))
                for c in filled)
    return marks and numbers >= 2 and numbers >= 0.5 * len(filled)


def is_column_number(text: str) -> bool:
    """"3", "(3)", or a bracketed number with a stray mark beside it ("5 (3)", ". (2)")."""
    if NUMBERING_RE.match(text):
        return True
    match = COLUMN_NUMBER_RE.search(text)
    if not match:
        return False
    rest = (text[:match.start()] + text[match.end():]).strip()
    return len(rest) <= 2 and not re.search(r"[A-Za-z]{2}", rest)


def interpret_header(table: RawTable, plan_year: int | None,
                     settings: HeaderSettings = HeaderSettings(),
                     period_start: int | None = None) -> TableLayout:
    """Give every column of `table` a role (and a year for year columns)."""
    width = table.width
    rows = [row + [""] * (width - len(row)) for row in table.header if not is_numbering_row(row)]
    rows = [spread_group_headers(row, rows[i + 1] if i + 1 < len(rows) else None)
            for i, row in enumerate(rows)]
    columns = []
    ambiguous = []
    for index in range(width):
        parts = [header_text(row[index]) for row in rows if header_text(row[index])]
        year = None
        # The year qualifies the column title beside or above it ("Realisasi 2022",
        # "Tahun 2023" over "Realisasi"), or the title sits over the year ("Capaian Kinerja
        # Sasaran" over 2019): only then does the year decide baseline or target.
        year_last = False
        words = []
        for part in parts:
            inline = re.search(r"\b((?:19|20)\d\d)\b", part)
            if YEAR_RE.match(part):
                year = int(YEAR_RE.match(part).group(1))
                year_last = True
            else:
                words.append(part)
                year_last = False
                if inline and year is None and len(part) < 40:
                    year = int(inline.group(1))
        role, score, is_ambiguous = None, 0.0, False
        # The lowest header words that name a role decide it: "Target" over "2021" names a
        # target year, "Indikator Kinerja" under "Capaian Kinerja Sasaran" is an indicator.
        for part in reversed(words):
            role, score, is_ambiguous = classify(part, settings)
            if role:
                break
        if role is None and len(words) > 1:
            # A title wrapped over header lines: "Kondisi" / "Awal".
            role, score, is_ambiguous = classify(" ".join(words), settings)
        if is_ambiguous:
            ambiguous.append(" / ".join(words))
        if role is None and year is not None and period_start is not None:
            # A bare year column: the plan period's years are targets, years before it
            # the starting condition.
            role = "baseline" if year < period_start else "target"
        elif year is not None and role not in ("baseline", "target", "final") and (
                role is None or year_last):
            # A year under any other header ("Capaian Kinerja Sasaran" over 2019) is a
            # baseline when it precedes the plan year and a target from the plan year on.
            role = "baseline" if plan_year and year < plan_year else "target"
        columns.append(Column(index, role, " / ".join(parts), year, score))
    achievements = [c for c in columns if c.role == "achievement"]
    if len(achievements) > 1 and any("realisasi" in c.label.lower() for c in achievements):
        # "Realisasi" is the value achieved; "Capaian (%)" beside it is the rate derived
        # from it, which the contract does not keep.
        columns = [replace(c, role="achievement_rate")
                   if c.role == "achievement" and "realisasi" not in c.label.lower() else c
                   for c in columns]
    return TableLayout(tuple(columns), tuple(ambiguous))


def spread_group_headers(row: list[str], below: list[str] | None) -> list[str]:
    """Repeat a group header ("Target") into the empty cells right of it that have a
    sub-header (a year) below them: the printed cell was merged across those columns."""
    if below is None:
        return row
    spread = list(row)
    current = ""
    for index, cell in enumerate(row):
        if cell.strip():
            current = cell
        elif current and index < len(below) and below[index].strip():
            spread[index] = current
        else:
            current = ""
    return spread


HEADER_WORDS = {w for wordings in ROLE_WORDINGS.values() for wording in wordings
                for w in wording.split() if len(w) > 3}


def is_header_line(text: str) -> bool:
    """A plain line made of three or more column titles ("No Sasaran Strategis Indikator
    Kinerja Target"), as OCR writes a table's header row."""
    words = re.findall(r"[A-Za-z]+", text)
    if not 3 <= len(words) <= 16 or len(text) > 140 or re.search(r"[,:]|\bRp\b", text):
        return False
    titles = [w for w in words if w.lower() in HEADER_WORDS]
    if len(titles) < 3 or len(titles) < 0.6 * len(words):
        return False
    role, _, _ = classify(" ".join(words[:2]))
    return role is not None or len(titles) >= 4
