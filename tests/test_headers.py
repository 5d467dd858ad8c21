import pytest

from extract.headers import classify, interpret_header, is_header_line
from extract.ir import RawTable


@pytest.mark.parametrize("label, role", [
    ("No.", "number"),
    ("INDIKATOR KINERJA TUJUAN", "goal_indicator"),
    ("INDIKATOR KINERJA SASARAN", "objective_indicator"),
    ("Indikator Tujuan/Sasaran (impact)", "goal_objective_indicator"),
    ("Sasaran Program", "program_objective"),
    ("Indikator Program", "program_indicator"),
    ("Sasaran Kegiatan", "activity_objective"),
    ("Indikator Kegiatan", "activity_indicator"),
    ("Program Pendukung", "program"),
    ("Sub Kegiatan", "sub_activity"),
    ("Jumlah Dana", "budget"),
    ("KONDISI AWAL (Realisasi)", "baseline"),
    ("Kondisi Akhir", "final"),
    ("Capaian (%)", "achievement"),
    ("Sasaran Strategis", "objective"),
    ("Indikator Kinerja (4)", "objective_indicator"),
    ("SATUAN", "unit"),
    ("IKU Perangkat Daerah", "key_indicator"),
    ("Pagu Indikatif", "budget"),
])
def test_header_words_name_their_column(label, role):
    assert classify(label)[0] == role


def test_prose_is_not_a_column_title():
    assert classify("Meningkatnya Toleransi Di Kalangan Masyarakat")[0] is None


def test_group_headers_give_their_role_to_the_year_columns_under_them():
    header = [
        ["No.", "Tujuan", "Sasaran", "Indikator Tujuan/Sasaran (impact)", "Kondisi Awal", "",
         "Target", "", "", "", "", "Kondisi Akhir"],
        ["", "", "", "", "2019", "2020", "2020", "2021", "2022", "2023", "2024", "2024"],
    ]
    table = RawTable(None, None, None, [], header, [], 1)
    layout = interpret_header(table, plan_year=2021)
    assert [(c.role, c.year) for c in layout.columns[4:]] == [
        ("baseline", 2019), ("baseline", 2020), ("target", 2020), ("target", 2021),
        ("target", 2022), ("target", 2023), ("target", 2024), ("final", 2024)]


def test_bare_year_columns_before_the_plan_year_are_baselines():
    header = [["SASARAN", "INDIKATOR SASARAN", "2019", "2021"]]
    layout = interpret_header(RawTable(None, None, None, [], header, [], 1), plan_year=2021)
    assert [(c.role, c.year) for c in layout.columns[2:]] == [("baseline", 2019),
                                                               ("target", 2021)]


def test_ocr_header_lines_are_recognised():
    assert is_header_line("No Sasaran Strategis Indikator Kinerja Target")
    assert is_header_line("SASARAN INDIKATOR KONDISI KONDISI STRATEGI ARAH KEBIJAKAN PROGRAM")
    assert not is_header_line("Kegiatan, Sasaran Kegiatan dan Indikator")
    assert not is_header_line("Jumlah Anggaran Kegiatan Tahun 2020 : Rp. 3.088.327.417-")


def test_a_title_wrapped_over_header_lines_and_bare_years_by_the_plan_period():
    # A borderless table read line by line: "Kondisi" over "Awal", "Target" heading only
    # the middle of its year columns, "Kondisi" over "Akhir".
    header = [
        ["", "", "Kondisi", "", "", "Target", "", "", "Kondisi"],
        ["No", "Sasaran", "Awal", "", "", "", "", "", "Akhir"],
        ["", "", "2020", "2021", "2022", "2023", "2024", "2025", "2026"],
    ]
    table = RawTable(None, None, None, [], header, [], 1)
    layout = interpret_header(table, plan_year=2023, period_start=2021)
    assert [(c.role, c.year) for c in layout.columns[2:]] == [
        ("baseline", 2020), ("target", 2021), ("target", 2022), ("target", 2023),
        ("target", 2024), ("target", 2025), ("final", 2026)]


def test_header_row_survives_one_title_merged_by_ocr() -> None:
    # Tabel 2.2 of a Pontianak scan: the Satuan column's rule was lost and its title read
    # into the indicator title, with a stray "5" in front.
    from extract.headers import is_header_row

    header = ["No.", "Tujuan", "Sasaran", "5 Indikator Tujuan/Sasaran (impact) Sala:",
              "Kondisi Awal", "Kondisi Awal", "Target", "Target", "Target"]
    data = ["1.", "Meningkatnya Toleransi Di Kalangan Masyarakat",
            "Terwujudnya Kondisi Kondusif di Kota Pontianak",
            "Persentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih", "%", "65", "75"]
    assert is_header_row(header)
    assert not is_header_row(data)
    assert classify("5 Indikator Tujuan/Sasaran (impact) Sala:")[0] == "goal_objective_indicator"


def test_numbering_row_as_ocr_reads_it() -> None:
    # The "(1) ... (12)" row of a Dinkes Sleman scan after Tesseract.
    from extract.headers import is_numbering_row

    assert is_numbering_row([". (2)", "+@)", "5 (3)", "(5)", "©", "@", "(8)", "(9)", "@o",
                             "(11)", "(12)"])
    assert not is_numbering_row(["No. (1)", "Tujuan (2)", "Sasaran (3)", "Target (6)"])
    assert not is_numbering_row(["2", "65", "75", "100%"])


def test_header_row_with_a_misread_merged_title_repeated() -> None:
    # Tabel 2.1 of a Pontianak scan: "KONDISI AWAL (Realisasi)", merged over two year
    # columns, read as "alee AWAL (Realisasi)" and repeated into both.
    from extract.headers import is_header_row

    assert is_header_row(["VISI", "MISI", "TUJUAN", "INDIKATOR KINERJA TUJUAN", "SASARAN",
                          "INDIKATOR KINERJA SASARAN", "SATUAN", "alee AWAL (Realisasi)",
                          "alee AWAL (Realisasi)", "TARGET", "TARGET", "KONDISI AKHIR"])


def test_label_spanning_the_row_is_not_a_header() -> None:
    # A goal merged across a Depok table, repeated into every column by the grid.
    from extract.headers import is_header_row

    goal = "Tujuan : Meningkatkan Integrasi Sosial Berlandaskan Nilai-Nilai Agama dan Kebangsaan"
    assert not is_header_row([goal] * 8 + ["Sasaran", "Target"])


def test_year_with_an_ocr_speck_is_a_header_cell() -> None:
    # "'2019" in the year row of Tabel 2.1 on a Pontianak scan.
    from extract.headers import is_header_cell

    assert is_header_cell("'2019") and is_header_cell("“2020”")
