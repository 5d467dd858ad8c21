"""Flattened-table recovery on the raw Tesseract text of the Depok RKT 2021.

The lines are the corpus file's own (`Line` objects built from it by line number), so the
expected cells are what a person reads off the printed tables those lines came from.
"""

from __future__ import annotations

import random
import textwrap
import time
from collections import Counter

import pytest

from extract.flattened import FlattenedSettings, recover_flattened_table
from extract.ir import Line

GOAL = "Tujuan 1 : Meningkatkan integrasi sosial berlandaskan nilai - nilai agama dan kebangsaan"
KOHESI = "Meningkatnya Kohesi Sosial"
TOLERANSI = "Meningkatnya Toleransi dalam kehidupan beragama"
INDEKS = "Persentase menurunnya Indeks konflik sosial"
DIALOG = "persentase dialog dan fasilitasi umat beragama"
PROGRAMS = [
    "Pembauran kebangsaan.",
    "Pelibatan masyarakat dalam ketentraman dan ketertiban",
    "Penanganan Konflik Sosial",
    "Peningkatan Wawasan Kebangsaan dan Bela Negara",
    "Pendidikan Politik Warga",
    "Pemberdayaan Organisasi Sosial dan Politik",
    "Peningkatan Kerukunan Umat Beragama",
]


def span(text: list[str], first: int, last: int) -> list[Line]:
    """Lines `first`..`last` (1-based, inclusive) of a corpus file."""
    return [Line(text[n - 1], n) for n in range(first, last + 1)]


# --- Tabel 3.1 ---------------------------------------------------------------------------

@pytest.mark.parametrize("first", [357, 360])  # from the caption line, or after its title
def test_tabel_3_1(depok_lines: list[str], first: int) -> None:
    result = recover_flattened_table(span(depok_lines, first, 368))
    table = result.table
    assert table is not None and table.flattened
    assert table.header == [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]]
    assert [row.cells for row in table.rows] == [
        ["1", "Meningkatnya Kohesi Sosial", "Persentase menurunnya Indeks konflik sosial",
         "0,02%"],
        ["2", "Meningkatnya Toleransi dalam kehidupan beragama",
         "Persentase dialog dan fasilitasi umat beragama", "100%"],
    ]
    assert [row.lines for row in table.rows] == [[364, 366], [367, 368]]
    assert table.first_line == 361
    assert table.label is None and table.caption is None and table.section is None
    assert result.unrecovered == []


def test_span_holding_two_tables_ends_at_the_second(depok_lines: list[str]) -> None:
    # A caller that cuts spans only at captions hands over both tables at once: the first
    # ends at the title of the second, which `next_line` points at.
    result = recover_flattened_table(span(depok_lines, 357, 469))
    assert result.table is not None
    assert [row.cells[0] for row in result.table.rows] == ["1", "2"]
    assert result.next_line == 369
    assert any("ends at line 369" in note for note in result.notes)
    second = recover_flattened_table(span(depok_lines, result.next_line, 469))
    assert second.table is not None
    assert second.table.rows[0].cells[0] == GOAL


# --- the medium-term goals table -----------------------------------------------------------

@pytest.fixture(scope="module")
def medium_term(depok_lines: list[str]):
    return recover_flattened_table(span(depok_lines, 370, 469))


def column(result, index: int) -> list[str]:
    """The filled cells of a column below the goal row, top to bottom."""
    return [row.cells[index] for row in result.table.rows[1:] if row.cells[index]]


def test_medium_term_header(medium_term) -> None:
    assert medium_term.table.header == [
        ["", "", "", "Capaian Kinerja Sasaran", "Capaian Kinerja Sasaran", "", "", "", ""],
        ["Sasaran", "Indikator Sasaran", "Kondisi Awal 2016", "2019", "2021",
         "Kondisi Akhir (2021)", "Strategi", "Arah Kebijakan", "Program"],
    ]
    assert medium_term.table.first_line == 371


def test_medium_term_goal_row(medium_term) -> None:
    goal = medium_term.table.rows[0]
    assert goal.cells == [GOAL] + [""] * 8
    assert goal.lines == [377]


def test_medium_term_goal_row_repeated_when_asked(depok_lines: list[str]) -> None:
    result = recover_flattened_table(span(depok_lines, 370, 469),
                                     FlattenedSettings(repeat_spans=True))
    assert result.table.rows[0].cells == [GOAL] * 9
    # Merged cells are repeated into every sub-row they cover.
    assert all(row.cells[0] == KOHESI for row in result.table.rows[1:7])


def test_medium_term_objectives_indicators_and_values(medium_term) -> None:
    assert column(medium_term, 0) == [KOHESI, TOLERANSI]
    assert column(medium_term, 1) == [INDEKS, DIALOG]
    values = [row.cells[2:6] for row in medium_term.table.rows if row.cells[2]]
    assert values == [["0,02 %"] * 4, ["50%", "100%", "100%", "100%"]]


def test_medium_term_programs(medium_term) -> None:
    assert column(medium_term, 8) == PROGRAMS
    # Each program is a row; the objective heads the first row of its programs only.
    rows = medium_term.table.rows[1:]
    assert [row.cells[0] for row in rows] == [KOHESI, "", "", "", "", "", TOLERANSI]
    assert rows[1].lines == [382, 383, 384, 385, 386]


def test_medium_term_strategies_and_policies(medium_term) -> None:
    strategies = column(medium_term, 6)
    assert strategies[0] == ("Meningkatkan kohesi sosial dalam kehidupan bermasyarakat dan "
                             "bernegara melalui dialog-dialog, pembauran dan resolusi konflik")
    assert strategies[-1] == "Meningkatkan pemahaman kehidupan beragama"
    policies = column(medium_term, 7)
    assert policies[0] == ("Melakukan dialogis, pembauran antar pelaku dan etnis pada "
                           "semua level")
    assert policies[-1] == ("Peningkatan pemahaman agama dalam rumah tangga, sekolah, "
                            "keluarga dan masyarakat")


def test_medium_term_places_every_line(medium_term, depok_lines: list[str]) -> None:
    assert medium_term.unrecovered == []
    placed = {n for row in medium_term.table.rows for n in row.lines}
    body = {n for n in range(377, 466) if depok_lines[n - 1].strip()}
    assert placed == body


def test_medium_term_says_what_was_a_guess(medium_term) -> None:
    assert any("a guess" in note or "close call" in note for note in medium_term.notes)


# --- no table, junk -------------------------------------------------------------------------

def test_prose_gives_no_table(depok_lines: list[str]) -> None:
    result = recover_flattened_table(span(depok_lines, 344, 352))
    assert result.table is None
    assert result.notes and "no table header" in result.notes[0]


def test_empty_input() -> None:
    result = recover_flattened_table([])
    assert result.table is None and result.unrecovered == [] and result.next_line is None


def test_junk_does_not_crash_or_hang(depok_lines: list[str]) -> None:
    rng = random.Random(7)
    words = " ".join(depok_lines).split() + ["|", "%", "1.", "(1)", "Rp", "0,02", "Tujuan 1 :"]
    header = span(depok_lines, 373, 376)
    for size in (0, 3, 40):
        junk = [Line(" ".join(rng.choice(words) for _ in range(rng.randint(0, size))), 400 + n)
                for n in range(60)]
        junk += [Line("".join(rng.choice("|%.,:;()-0123456789aZ ") for _ in range(50)), 500)]
        started = time.monotonic()
        for lines in (junk, header + junk):
            result = recover_flattened_table(lines)
            if result.table is not None:
                assert all(len(row.cells) == result.table.width for row in result.table.rows)
        assert time.monotonic() - started < 30


def test_header_followed_by_nothing(depok_lines: list[str]) -> None:
    result = recover_flattened_table(span(depok_lines, 357, 363))
    assert result.table is None
    assert any("no rows" in note for note in result.notes)


# --- another agency's columns --------------------------------------------------------------

def flatten(rows: list[list[str]], widths: list[int]) -> list[str]:
    """Lay tab-separated rows out as Tesseract reads a ruled table: every cell wrapped at
    its column's width, and each printed line read across all columns as one text line."""
    out = []
    for row in rows:
        wrapped = [textwrap.wrap(cell.strip(), width) for cell, width in zip(row, widths)]
        for n in range(max(len(lines) for lines in wrapped)):
            out.append(" ".join(lines[n] for lines in wrapped if n < len(lines)))
    return out


@pytest.mark.parametrize("widths", [[4, 30, 28, 26], [4, 24, 24, 24]])
def test_other_columns_flattened(pontianak_lines: list[str], widths: list[int]) -> None:
    # Tabel 2.3 of the Pontianak RKT (No | Program | Sasaran Program | Indikator Program),
    # cell boundaries given by its tabs, flattened here at made-up column widths.
    rows = [line.split("\t") for line in pontianak_lines[237:243]]
    text = ["No Program Sasaran Program Indikator Program", "(1) (2) (3) (4)"]
    text += flatten(rows, widths)
    result = recover_flattened_table([Line(t, n) for n, t in enumerate(text, start=1)])
    table = result.table
    assert table is not None
    assert table.header == [["No", "Program", "Sasaran Program", "Indikator Program"]]
    assert [row.cells[0] for row in table.rows] == ["1", "2", "3", "4", "6", "7"]
    for got, truth in zip(table.rows, rows):
        # No word is lost or invented, and every cell opens with its own first words.
        assert Counter(" ".join(got.cells[1:]).split()) == Counter(" ".join(truth[1:]).split())
        for cell, expected in zip(got.cells[1:], truth[1:]):
            assert cell.split()[:2] == expected.split()[:2]
