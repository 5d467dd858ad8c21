from extract.headers import interpret_header
from extract.ingest import ingest, ingest_text
from extract.sections import detect_sections
from extract.settings import Settings
from extract.tables import find_tables, fit_width, realign_shifted_row

from .conftest import PONTIANAK


def tables_of(path):
    return find_tables(detect_sections(ingest(path)), Settings()).tables


def test_every_table_of_the_clean_document_is_found_and_named():
    names = [t.name for t in tables_of(PONTIANAK)]
    assert names == ["Tabel 2.1", "Tabel 2.2", "Tabel 2.3", "Tabel 2.4", "Tabel 2.5",
                     "Tabel 2.6", "TABEL RENCANA KINERJA TAHUNAN TAHUN 2021",
                     "Indikator Kinerja Perangkat Daerah Yang Mengacu Pada Tujuan dan Sasaran "
                     "RPJMD"]


def test_a_table_continues_across_a_blank_line():
    table = next(t for t in tables_of(PONTIANAK) if t.label == "Tabel 2.4")
    assert len(table.rows) == 32
    assert table.rows[9].cells[1] == "Kegiatan Penyuluhan kepada Masyarakat"


def test_header_rows_and_the_column_number_row_are_not_data():
    table = next(t for t in tables_of(PONTIANAK) if t.label == "Tabel 2.1")
    assert len(table.header) == 3 and len(table.rows) == 1


def test_surplus_empty_cells_in_front_of_a_row_are_dropped():
    # BAB IV IKU table, line 357: one empty cell too many in front of the row
    cells = ["", "", "", "", "", "", "Verifikasi Bantuan Partai Politik", ""]
    assert fit_width(cells, 7) == ["", "", "", "", "", "Verifikasi Bantuan Partai Politik", ""]


def test_text_slid_into_a_value_column_is_moved_back():
    doc = find_tables(detect_sections(ingest_text(
        b"Tabel 9.9\nCapaian\n\n"
        b"No.\tSasaran\tIndikator Sasaran\tTarget\n"
        b"1.\tTerciptanya kondisi kondusif\tPersentase konflik yang ditangani\t100%\n"
        b"\t\tPeningkatan rencana kinerja\tPersentase realisasi anggaran daerah\n",
        "x.txt")), Settings())
    table = doc.tables[0]
    layout = interpret_header(table, 2021)
    cells, moved = realign_shifted_row(table.rows[1].cells, layout)
    assert moved
    assert cells == ["", "Peningkatan rencana kinerja", "Persentase realisasi anggaran daerah", ""]


def test_contents_lists_are_not_tables():
    doc = find_tables(detect_sections(ingest_text(
        b"DAFTAR ISI\n\nKata Pengantar\ti\nBAB I PENDAHULUAN\t1\n1.1. Latar Belakang\t1\n",
        "x.txt")), Settings())
    assert doc.tables == []


def test_list_of_figures_with_wrapped_titles_is_not_a_table() -> None:
    # "DAFTAR GAMBAR" of the Pontianak RKT as the PDF layout reads it.
    from extract.ir import RawTable, TableRow
    from extract.tables import is_contents_list

    rows = [["Gambar", "Struktur Organisasi Kantor Kesatuan Bangsa dan Politik Kota", "4"],
            ["1.1.", "Pontianak", ""],
            ["Gambar", "Bagan Sinergisitas Perencanaan Strategis Pembangunan", "13"],
            ["2.1.", "Daerah antara RPJMD dan RENSTRA KESBANGPOL Kota", ""],
            ["", "Pontianak Tahun 2020-2024", ""]]
    table = RawTable(label=None, caption="DAFTAR GAMBAR", section=None, pages=[5], header=[],
                     rows=[TableRow(cells=r, lines=[i]) for i, r in enumerate(rows)],
                     first_line=1)
    assert is_contents_list(table)
    table.rows[1].cells[-1] = "100%"
    assert not is_contents_list(table)


def test_unrecovered_rows_of_one_table_are_named_then_summed_up(monkeypatch) -> None:
    # The RPJMN chapter V (a badly converted national plan) leaves rows no column takes;
    # a long garbled table names its first few and counts the rest in one warning.
    from extract import tables
    from extract.flattened import FlattenedResult
    from extract.ir import Document, Line, RawTable, Source, TableRow

    lines = [Line("No Program Indikator Target 2021", 1)] + [
        Line(f"Persentase desa mandiri {n} 80% 85%", n) for n in range(2, 14)]
    table = RawTable(label=None, caption=None, section=None, pages=[], header=[],
                     rows=[TableRow(["1", "Program", "Indikator", "80"], [2])], first_line=1)
    result = FlattenedResult(table=table,
                             unrecovered=[(n, f"garbled {n}") for n in range(3, 14)])
    monkeypatch.setattr(tables, "recover_flattened_table", lambda region, settings: result)
    monkeypatch.setattr(tables, "is_header_line", lambda text: text.startswith("No "))
    monkeypatch.setattr(tables, "header_starts", lambda lines: [1])
    doc = Document(source=Source(file="x.txt", sha256="0", format="text", pages=None),
                   pages=[])
    tables.flattened_tables(doc, lines, Settings())
    warned = [w for w in doc.warnings if w.code == "unrecovered_row"]
    assert len(warned) == 6
    assert warned[0].message.startswith("line 3 of a flattened table")
    assert warned[-1].message == ("6 more lines of the flattened table at line 1 could not be "
                                  "placed in a column: lines 8-13")
