"""Table structure from geometry alone: synthetic rules and words, no PDF involved.

Cell texts are real strings of the Pontianak RKT (Tabel 2.5 and the BAB IV IKU table).
"""

from __future__ import annotations

from extract.grid import (
    GridSettings,
    Segment,
    cluster_lines,
    find_borderless_tables,
    find_tables,
    join_line_texts,
)
from extract.ir import Word
from extract.layout import LayoutSettings, page_lines
from extract.settings import TableSettings

PROGRAM = ("1. Program Peningkatan Peran Partai Politik dan Lembaga pendidikan politik dan "
           "pengembangan etika budaya politik")
KEGIATAN = ["Kegiatan Verifikasi Bantuan Keuangan Partai Politik",
            "Kegiatan Bimbingan Teknis penerima Bantuan Keuangan Partai Politik",
            "Bantuan Keuangan kepada Partai Politik"]
CHAR = 5.0  # width of a character in the synthetic words
SPACE = 2.8  # a space, about 0.28 of the word height as in Helvetica
HEIGHT = 10.0


def words_at(text: str, x: float, top: float) -> list[Word]:
    """The words of `text` on one line starting at (x, top), one space apart."""
    out = []
    for token in text.split():
        out.append(Word(token, x, top, x + CHAR * len(token), top + HEIGHT))
        x += CHAR * len(token) + SPACE
    return out


def wrapped(text: str, x: float, top: float, width: float) -> list[Word]:
    """`text` wrapped to lines of at most `width` points, 12 points apart."""
    lines: list[list[str]] = [[]]
    for token in text.split():
        if lines[-1] and CHAR * len(" ".join(lines[-1] + [token])) > width:
            lines.append([])
        lines[-1].append(token)
    return [w for i, line in enumerate(lines) for w in words_at(" ".join(line), x, top + 12 * i)]


def grid_segments(xs: list[float], ys: list[float],
                  missing_h: set[tuple[int, int]] = frozenset()) -> list[Segment]:
    """Rules of a full grid drawn per cell side (as Word does); `missing_h` holds
    (row boundary index, column) pairs whose horizontal piece is not drawn (merged cells)."""
    segments = []
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (r, c) not in missing_h:
                segments.append(Segment(xs[c], y, xs[c + 1], y))
    for x in xs:
        for top, bottom in zip(ys, ys[1:]):
            segments.append(Segment(x, top, x, bottom))
    return segments


def merged_program_table() -> tuple[list[Segment], list[Word]]:
    """Program | Kegiatan | Jumlah Dana: the program cell merged over its 3 kegiatan rows."""
    xs = [50.0, 250.0, 500.0, 580.0]
    ys = [100.0, 120.0, 170.0, 210.0, 240.0]
    segments = grid_segments(xs, ys, missing_h={(2, 0), (3, 0)})
    words = words_at("Program", 52, 104) + words_at("Kegiatan", 252, 104)
    words += words_at("Jumlah", 502, 104) + words_at("Dana", 502, 112)
    words += wrapped(PROGRAM, 52, 124, 190)
    for kegiatan, top in zip(KEGIATAN, (124, 174, 214)):
        words += wrapped(kegiatan, 252, top, 240)
    words += words_at("3.314.590.000", 502, 124)
    return segments, words


def test_merged_program_cell_is_repeated_and_recorded() -> None:
    segments, words = merged_program_table()
    [table] = find_tables(segments, words)
    assert (table.n_rows, table.n_cols) == (4, 3)
    rows = table.rows()
    assert rows[0] == ["Program", "Kegiatan", "Jumlah Dana"]
    assert [row[0] for row in rows[1:]] == [PROGRAM] * 3
    assert [row[1] for row in rows[1:]] == KEGIATAN
    assert rows[1][2] == "3.314.590.000" and rows[2][2] == rows[3][2] == ""
    spans = table.spans()
    assert [spans[r][0] for r in (1, 2, 3)] == [(1, 0)] * 3  # one printed cell
    assert spans[2][1] == (2, 1)  # the kegiatan cells are their own
    [merged] = table.merged_cells()
    assert (merged.row, merged.col, merged.row_span, merged.col_span) == (1, 0, 3, 1)
    # The merged cell's words are counted once, in its first row.
    assert sum(w.text == "Peningkatan" for r in range(4) for w in table.row_words(r)) == 1


def test_wrapped_cell_stays_one_cell() -> None:
    indicator = ("Jumlah Kegiatan Ketahanan Sosial dan Pelestarian/ Pengembangan Ketahanan "
                 "Sosial Budaya Daerah")
    xs, ys = [50.0, 250.0, 330.0], [100.0, 115.0, 160.0]
    words = words_at("Indikator", 52, 102) + words_at("Satuan", 252, 102)
    cell = wrapped(indicator, 52, 118, 190)
    assert len({w.top for w in cell}) == 3  # three printed lines
    words += cell + words_at("Persen", 252, 118)
    [table] = find_tables(grid_segments(xs, ys), words)
    assert table.rows() == [["Indikator", "Satuan"], [indicator, "Persen"]]


def test_hyphenated_line_end_joins_without_space() -> None:
    lines = [words_at("Jumlah bahan bacaan dan peraturan perundang-", 0, 0),
             words_at("undangan yang disediakan", 0, 12)]
    assert join_line_texts(lines) == ("Jumlah bahan bacaan dan peraturan "
                                      "perundang-undangan yang disediakan")


def test_snapping_joining_and_short_rules() -> None:
    """Borders a hair apart, pieces with small gaps and verticals stopping short of the
    horizontals still make one 2x2 grid."""
    segments = [
        Segment(50, 100, 148, 100), Segment(150.5, 100.6, 300, 100.6),   # gap 2.5, offset 0.6
        Segment(50, 130.4, 300, 130.4), Segment(50, 160, 300, 160.8),    # slightly tilted
        Segment(50, 102, 50, 158), Segment(150.8, 101.5, 150.8, 158.5), Segment(300, 100, 300, 160),
    ]
    words = (words_at("No", 52, 110) + words_at("Sasaran", 152, 110)
             + words_at("1.", 52, 140) + words_at("Terciptanya", 152, 140))
    [table] = find_tables(segments, words)
    assert table.rows() == [["No", "Sasaran"], ["1.", "Terciptanya"]]


def test_page_frame_and_boxed_paragraph_are_not_tables() -> None:
    frame = [Segment(20, 20, 570, 20), Segment(20, 800, 570, 800),
             Segment(20, 20, 20, 800), Segment(570, 20, 570, 800)]
    words = words_at("Kata Pengantar", 100, 100)
    assert find_tables(frame, words) == []
    # A frame with a rule under a running header: one column, two rows: still not a table.
    assert find_tables(frame + [Segment(20, 60, 570, 60)], words) == []


def test_empty_grid_is_dropped_and_two_grids_are_two_tables() -> None:
    first = grid_segments([50, 150, 250], [100, 120, 140])
    second = grid_segments([50, 150, 250], [300, 320, 340])
    words = words_at("Satuan", 52, 104) + words_at("Target", 152, 104)
    words += words_at("Persen", 52, 124) + words_at("75", 152, 124)
    assert len(find_tables(first + second, words)) == 1
    words += words_at("Persen", 52, 304)
    tables = find_tables(first + second, words)
    assert [t.bbox[1] for t in tables] == [100, 300]


def test_group_header_spans_columns() -> None:
    """"Target" merged over two year columns: repeated into both, one origin."""
    xs, ys = [50.0, 200.0, 260.0, 320.0], [100.0, 115.0, 130.0, 150.0]
    segments = grid_segments(xs, ys)
    segments = [s for s in segments if not (s.x0 == s.x1 == 260.0 and s.top == 100.0)]
    segments = [s for s in segments if not (s.x0 == 50 and s.x1 == 200 and s.top == 115.0)]
    words = (words_at("Indikator", 52, 102) + words_at("Target", 240, 102)
             + words_at("2021", 202, 117) + words_at("2022", 262, 117)
             + words_at("Persentase", 52, 134) + words_at("75", 202, 134)
             + words_at("80", 262, 134))
    [table] = find_tables(segments, words)
    assert table.rows() == [["Indikator", "Target", "Target"], ["Indikator", "2021", "2022"],
                            ["Persentase", "75", "80"]]
    assert table.spans()[0][1] == table.spans()[0][2] == (0, 1)
    assert table.spans()[1][0] == (0, 0)


def test_scaled_settings_for_scans() -> None:
    scaled = GridSettings().scaled(300 / 72)
    assert scaled.snap_tolerance == GridSettings().snap_tolerance * 300 / 72
    assert scaled.min_borderless_rows == GridSettings().min_borderless_rows
    assert scaled.column_gap == GridSettings().column_gap  # relative to word height


def test_cluster_lines_orders_words() -> None:
    words = words_at("Jumlah Dana", 300, 100) + words_at("Sub Kegiatan", 50, 101)
    words += words_at("3.314.590.000", 50, 115)
    lines = cluster_lines(words)
    assert [[w.text for w in line] for line in lines] == [
        ["Sub", "Kegiatan", "Jumlah", "Dana"], ["3.314.590.000"]]


# --- borderless ---------------------------------------------------------------------------

IKU_ROWS = [("Sub Kegiatan", "Jumlah Dana"),
            ("Bimbingan Partai Politik", ""),
            ("Verifikasi Bantuan Partai Politik", ""),
            ("Hibah Bantuan Partai Politik", ""),
            ("Jumlah Dana", "3.314.590.000"),
            ("Pembauran Kebangsaan", ""),
            ("Jumlah Dana", "269.010.230")]


def borderless_words(top: float = 200.0, row_gap: float = 16.0) -> list[Word]:
    words = []
    for i, (left, right) in enumerate(IKU_ROWS):
        words += words_at(left, 50, top + row_gap * i)
        if right:
            words += words_at(right, 300, top + row_gap * i)
    return words


def test_borderless_table_by_column_alignment() -> None:
    prose = words_at("Rencana Kinerja Tahunan (RKT) ini merupakan komitmen Kantor", 50, 100)
    prose += words_at("Kesatuan Bangsa dan Sosial Politik Kota Pontianak.", 50, 114)
    after = words_at("BAB V PENUTUP", 50, 400)
    [table] = find_borderless_tables(prose + borderless_words() + after)
    assert not table.ruled
    assert table.rows() == [list(row) for row in IKU_ROWS]
    assert table.bbox[1] >= 200 and table.bbox[3] < 400


def test_prose_is_not_a_borderless_table() -> None:
    words = []
    for i in range(6):
        words += words_at("Perencanaan kinerja merupakan komitmen bagi instansi untuk mencapai "
                          "sasaran", 50, 100 + 14 * i)
    assert find_borderless_tables(words) == []


def test_two_aligned_lines_are_not_enough() -> None:
    words = words_at("Mengetahui,", 50, 100) + words_at("Pontianak, Januari 2021", 350, 100)
    words += words_at("Walikota", 50, 114) + words_at("Kepala Kantor", 350, 114)
    assert find_borderless_tables(words) == []


def test_borderless_wrapped_row_joins_when_spacing_says_so() -> None:
    """Rows padded 10 points apart, a wrapped second column 2 points under its first line."""
    words = words_at("No.", 50, 100) + words_at("Kegiatan", 100, 100)
    words += words_at("1.", 50, 120) + words_at("Fasilitasi Forkopimda", 100, 120)
    words += words_at("2.", 50, 140) + words_at("Monitoring dan pengawasan", 100, 140)
    words += words_at("ormas", 100, 152)
    words += words_at("3.", 50, 172) + words_at("Fasilitasi FKUB", 100, 172)
    [table] = find_borderless_tables(words)
    assert table.rows() == [["No.", "Kegiatan"], ["1.", "Fasilitasi Forkopimda"],
                            ["2.", "Monitoring dan pengawasan ormas"], ["3.", "Fasilitasi FKUB"]]


def test_borderless_group_header_spans_its_year_columns() -> None:
    """Tabel 2.2's layout: "Kondisi Awal" centred over the 2019 and 2020 columns hides the
    gap between them; the columns are still two and the header spans both."""
    words = words_at("Indikator", 50, 101) + words_at("Kondisi", 133, 96)
    words += words_at("Awal", 140, 107) + words_at("Satuan", 200, 101)
    words += words_at("2019", 125, 121) + words_at("2020", 160, 121)
    rows = [("Persentase Partisipasi", "65%", "75%", "Persen"),
            ("Persentase Penanganan", "99%", "100%", "Persen"),
            ("Persentase Capaian", "95%", "96%", "Persen")]
    for i, (name, first, second, unit) in enumerate(rows):
        top = 137 + 26 * i  # two lines 1 point apart, rows padded 5 points apart
        words += words_at(name.split()[0], 50, top) + words_at(" ".join(name.split()[1:]), 50,
                                                                top + 11)
        words += words_at(first, 125, top) + words_at(second, 160, top)
        words += words_at(unit, 200, top)
    [table] = find_borderless_tables(words)
    grid = table.rows()
    assert table.n_cols == 4
    assert grid[0][1] == grid[0][2] == "Kondisi Awal"
    assert table.spans()[0][2] == (0, 1)
    assert ["2019", "2020"] == grid[1][1:3]
    assert grid[-1] == ["Persentase Capaian", "95%", "96%", "Persen"]  # wrapped cell joined


def test_numbered_list_with_hanging_indent_is_not_a_table() -> None:
    words = []
    for i, item in enumerate(["Mewujudkan tata kelola pemerintahan yang baik",
                              "Meningkatkan kerukunan umat beragama",
                              "Menciptakan rasa aman dan damai"]):
        words += words_at(f"{i + 1}.", 50, 100 + 28 * i) + words_at(item, 80, 100 + 28 * i)
        words += words_at("dalam bingkai NKRI", 80, 112 + 28 * i)
    assert find_borderless_tables(words) == []


# --- page layout ----------------------------------------------------------------------------

def test_page_lines_reading_order_and_numbering() -> None:
    segments, table_words = merged_program_table()
    caption = words_at("Tabel 2.5", 50, 80)
    prose = words_at("Berikut disajikan Rencana Kinerja Tahunan (RKT) Kantor Kesatuan", 50, 40)
    prose += words_at("Bangsa dan Sosial Politik Kota Pontianak Tahun 2021.", 50, 52)
    footer = words_at("BAB IV", 50, 300)
    words = footer + table_words + caption + prose  # any order in, reading order out
    tables = find_tables(segments, words)
    lines = page_lines(words, tables, 3)
    texts = [line.text for line in lines]
    assert texts[:2] == ["Berikut disajikan Rencana Kinerja Tahunan (RKT) Kantor Kesatuan",
                         "Bangsa dan Sosial Politik Kota Pontianak Tahun 2021."]
    assert texts[2:4] == ["", "Tabel 2.5"]  # paragraph gap, then the caption
    rows = [line for line in lines if line.is_tabular]
    assert texts.index("Tabel 2.5") < lines.index(rows[0])
    assert rows[0].cells == ["Program", "Kegiatan", "Jumlah Dana"]
    assert [r.cells[0] for r in rows[1:]] == [PROGRAM] * 3
    assert rows[1].text == "\t".join(rows[1].cells)
    assert texts[-1] == "BAB IV" and not lines[-1].is_tabular
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert {line.page for line in lines} == {3}
    assert lines[0].words and lines[0].cells is None


def test_touching_tables_get_separator_blank_lines() -> None:
    first = grid_segments([50, 150, 250], [100, 120, 140])
    second = grid_segments([50, 150, 250], [150, 170, 190])
    words = []
    for top in (104, 124, 154, 174):
        words += words_at("Persen", 52, top) + words_at("75", 152, top)
    tables = find_tables(first + second, words)
    assert len(tables) == 2
    lines = page_lines(words, tables, 1)
    assert [line.is_tabular for line in lines] == [True, True, False, False, False, True, True]
    assert LayoutSettings().table_separator_blank_lines > TableSettings().max_blank_gap


def test_word_in_a_table_box_but_in_no_cell_stays_text() -> None:
    """An irregular grid: the header row is shorter than the body, a note sits beside it."""
    segments = grid_segments([50, 150, 250], [120, 140])
    segments += grid_segments([50, 150, 250, 350], [140, 160, 180])
    words = words_at("Satuan", 52, 124) + words_at("Target", 152, 124)
    words += words_at("catatan", 260, 124)  # inside the table's box, in no cell
    for top in (144, 164):
        words += words_at("Persen", 52, top) + words_at("75", 152, top) + words_at("80", 252, top)
    tables = find_tables(segments, words)
    texts = [line.text for line in page_lines(words, tables, 1)]
    assert "catatan" in texts


def test_middle_aligned_wrapped_cells_are_one_row() -> None:
    """A middle-aligned borderless table: a goal wrapped over two lines 1 point apart, its
    one-line neighbours centred between them, so the page's text lines interleave. The
    two lines are one cell and the row is one row (rows are padded 8 points apart)."""
    words = words_at("No", 50, 100) + words_at("Tujuan", 70, 100)
    words += words_at("Indikator", 250, 100) + words_at("Target", 400, 100)
    rows = [("1", "Meningkatkan derajat kesehatan", "masyarakat Kabupaten", "Usia Harapan Hidup",
             "80,79"),
            ("2", "Meningkatkan tata kelola", "pemerintahan yang baik", "Nilai AKIP", "BB"),
            ("3", "Meningkatkan kualitas pelayanan", "kesehatan", "Angka Kematian Ibu", "88,21")]
    top = 118.0
    for number, first, second, indicator, value in rows:
        words += words_at(first, 70, top) + words_at(second, 70, top + 11)
        middle = top + 5.5
        words += words_at(number, 50, middle) + words_at(indicator, 250, middle)
        words += words_at(value, 400, middle)
        top += 21 + 8
    [table] = find_borderless_tables(words)
    assert table.rows() == [["No", "Tujuan", "Indikator", "Target"]] + [
        [number, f"{first} {second}", indicator, value]
        for number, first, second, indicator, value in rows]


def test_borderless_group_header_is_centred_over_the_columns_it_heads() -> None:
    """"Target" printed once, centred over the years 2021-2023 (narrower than the three
    columns), heads all three; "Awal" over 2020 stays in its column."""
    words = words_at("Indikator", 50, 96) + words_at("Awal", 150, 96)
    years = [(150, "2020"), (200, "2021"), (250, "2022"), (300, "2023")]
    words += words_at("Target", 245, 96)  # centre 260: the middle of 2021-2023
    words += [w for x, year in years for w in words_at(year, x, 114)]
    for i, name in enumerate(["Partisipasi", "Penanganan", "Capaian"]):
        top = 132 + 18 * i
        words += words_at(name, 50, top)
        words += [w for x, _ in years for w in words_at(f"{60 + i}%", x + 2, top)]
    [table] = find_borderless_tables(words)
    grid = table.rows()
    assert table.n_cols == 5
    assert grid[0] == ["Indikator", "Awal", "Target", "Target", "Target"]
    assert table.spans()[0][2:] == [(0, 2), (0, 2), (0, 2)]
    assert grid[1][1:] == ["2020", "2021", "2022", "2023"]


def test_list_with_markers_misread_by_ocr_is_not_a_table() -> None:
    # The missions of a Bappeda Bandung scan: "2." read as "ea", "5." as "_5.".
    words = []
    items = ["Membangun masyarakat yang humanis, agamis, berkualitas",
             "Mewujudkan tata kelola pemerintahan yang melayani",
             "Membangun perekonomian yang mandiri, kokoh dan berkeadilan"]
    for i, (marker, item) in enumerate(zip(["1.", "ea", "3."], items)):
        words += words_at(marker, 50, 100 + 28 * i) + words_at(item, 80, 100 + 28 * i)
        words += words_at("dan berdaya saing", 80, 112 + 28 * i)
    assert find_borderless_tables(words) == []
    # A real two-column table with words in its first column stays a table.
    words = []
    for i, (unit, item) in enumerate(zip(["Persen", "Dokumen", "Laporan"], items)):
        words += words_at(unit, 50, 100 + 14 * i) + words_at(item, 120, 100 + 14 * i)
    assert len(find_borderless_tables(words)) == 1
