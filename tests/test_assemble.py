from extract.assemble import assemble, is_continuation, join_wrapped_cells
from extract.headers import interpret_header
from extract.ingest import ingest, ingest_text
from extract.ir import RawTable, TableRow
from extract.sections import detect_sections
from extract.settings import Settings
from extract.tables import find_tables

from .conftest import PONTIANAK


def assembled(path_or_text):
    if isinstance(path_or_text, str):
        doc = ingest_text(path_or_text.encode(), "x.txt")
    else:
        doc = ingest(path_or_text)
    doc = find_tables(detect_sections(doc), Settings())
    return doc, assemble(doc, Settings())


IKU_HEADER = ["No.", "IKU Perangkat Daerah", "Sasaran Perangkat Daerah",
              "Indikator Sasaran Perangkat Daerah", "Program Pendukung", "Sub Kegiatan",
              "Jumlah Dana"]


def row(*cells, line=1):
    return TableRow(list(cells), [line])


def test_wrapped_cells_of_the_iku_table_are_joined():
    # BAB IV of the Pontianak RKT, lines 360-364: the indicator and the program name wrap
    # onto a later row that also opens the next sub kegiatan.
    rows = [
        row("", "", "", "Persentase Penanganan Konflik Agar Tidak Terjadi",
            "Program Penguatan Ideologi Pancasila dan", "Pembauran Kebangsaan", "", line=360),
        row("", "", "", "", "", "Wawasan Kebangsaan", "", line=361),
        row("", "", "", "Konflik", "Karakter Kebangsaan", "Bela Negara", "", line=363),
        row("", "", "", "", "", "Jumlah Dana", "269.010.230", line=364),
    ]
    table = RawTable(None, None, None, [], [IKU_HEADER], rows, 355)
    layout = interpret_header(table, 2021)
    joined = join_wrapped_cells(rows, layout, max_words=2)
    assert joined[0].cells[3] == "Persentase Penanganan Konflik Agar Tidak Terjadi Konflik"
    assert joined[0].cells[4] == "Program Penguatan Ideologi Pancasila dan Karakter Kebangsaan"
    assert [r.cells[5] for r in joined] == ["Pembauran Kebangsaan", "Wawasan Kebangsaan",
                                            "Bela Negara", "Jumlah Dana"]


def test_a_new_kegiatan_is_not_a_continuation():
    # Tabel 2.5, line 311: a short kegiatan name under a long one starts a new kegiatan
    assert not is_continuation("Kegiatan Pembinaan dan Pengembangan Ketahanan Ekonomi Daerah",
                               "Kegiatan Monitoring", None, "kegiatan", 2)
    assert is_continuation("Program Peningkatan Kewaspadaan Nasional dan Peningkatan Kualitas "
                           "dan Fasilitasi Penanganan", "Konflik Sosial", "program", "program", 2)


def test_one_program_across_three_tables_is_one_record():
    _, rkt = assembled(PONTIANAK)
    program = next(p for p in rkt.programs if p.number == "2")
    assert program.name == "Program Penguatan ideologi Pancasila dan Karakter Kebangsaan"
    assert "Program Ideologi Bangsa Pancasila dan karakter kebangsaan" in program.aliases
    assert {p.table for p in program.provenance} >= {"Tabel 2.3", "Tabel 2.5"}
    assert program.budget.amount == 269010230  # from the IKU table's "Jumlah Dana" row


def test_numbering_gap_and_duplicates_are_warned():
    doc, _ = assembled(PONTIANAK)
    messages = [(w.code, w.line) for w in doc.warnings]
    assert ("numbering_gap", 242) in messages  # Tabel 2.3 jumps from 4. to 6.
    assert ("duplicate_entry", 313) in messages  # Tabel 2.5 numbers two programs 6.


def test_budget_summary_keeps_the_printed_percent_and_warns():
    doc, rkt = assembled(PONTIANAK)
    summary = rkt.budget_summary[0]
    assert (summary.year, summary.allocated.amount, summary.realized.amount,
            summary.realization_percent) == (2020, 3088327417, 2714724445, 96.82)
    assert any(w.code == "inconsistent_percent" for w in doc.warnings)


def test_ocr_spelling_is_corrected_with_provenance():
    _, rkt = assembled(PONTIANAK)
    program = next(p for p in rkt.programs if p.number == "1")
    activity = next(a for a in program.activities if a.number == "3")
    assert "Vervikasi" not in activity.name
    assert "Verifikasi Bantuan Keuangan Partai Politik" in [activity.name] + activity.aliases
    fixes = [c for p in activity.provenance for c in p.corrections]
    assert any(c.from_ == "Vervikasi" and c.to == "Verifikasi" for c in fixes)


def test_a_count_in_an_indicator_name_is_its_target_when_no_other_is_given():
    _, rkt = assembled(PONTIANAK)
    indicator = next(i for p in rkt.programs for a in p.activities for i in a.indicators
                     if i.name == "Tersedianya 12 Proposal Partai Politik")
    assert [(t.year, t.value, t.unit) for t in indicator.targets] == [(2021, 12.0, "proposal")]
    ratio = next(i for p in rkt.programs for i in p.indicators if "per 10.000" in i.name)
    assert ratio.targets == []


def test_history_table_objective_joins_the_plan_objective_it_measures():
    _, rkt = assembled(PONTIANAK)
    entry = rkt.performance_history[2]
    assert entry.indicator == "Persentase capaian Kinerja Perangkat Daerah"
    assert (entry.target.value, entry.achievement.value, entry.achievement.unit) == (
        95.0, 96.82, "%")
    assert len(rkt.objectives) == 3


def test_a_table_with_other_numbering_and_column_order_is_read_by_meaning():
    text = (
        "Tabel 4.2\nRencana Program dan Kegiatan Dinas Kesehatan Tahun 2023\n\n"
        "Kegiatan\tProgram\tIndikator Kinerja Kegiatan\tSatuan\tTarget 2023\tPagu Indikatif\n"
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil\tPROGRAM PEMENUHAN UPAYA KESEHATAN "
        "PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT\tPersentase ibu hamil mendapatkan "
        "pelayanan\tpersen\t100\tRp 1.250.000.000,00\n"
        "Pengelolaan Pelayanan Kesehatan Balita\t\tCakupan pelayanan balita\tpersen\t95\t"
        "Rp 845.500.000\n")
    _, rkt = assembled(text)
    assert len(rkt.programs) == 1
    program = rkt.programs[0]
    assert [a.name for a in program.activities] == [
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil", "Pengelolaan Pelayanan Kesehatan Balita"]
    first = program.activities[0]
    assert first.budget.amount == 1250000000
    assert [(t.year, t.value) for t in first.indicators[0].targets] == [(2023, 100.0)]
    assert first.indicators[0].unit == "persen"


def test_merged_cells_repeated_into_each_row_are_one_record():
    # A grid read from a PDF repeats a merged program cell into every row it covers.
    program = "Program penunjang urusan pemerintahan daerah"
    text = ("Tabel 2.5\nProgram dan Kegiatan\n\n"
            "Program\tKegiatan\tIndikator Kegiatan\n"
            f"{program}\tAdministrasi keuangan perangkat daerah\tJumlah laporan\n"
            f"{program}\tAdministrasi umum perangkat daerah\tJumlah dokumen\n")
    _, rkt = assembled(text)
    assert [p.name for p in rkt.programs] == [program]
    assert len(rkt.programs[0].activities) == 2


def test_every_warning_code_is_documented_in_the_readme():
    from extract.warnings import WARNING_CODES

    from .conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [code for code in WARNING_CODES if f"`{code}`" not in readme] == []


def test_merged_number_cell_repeated_is_not_a_duplicate() -> None:
    # A grid repeats a merged "No" cell into every row it covers (Pontianak Tabel 2.5,
    # program 6 over its kegiatan rows): one record, no duplicate_entry warning.
    from extract.assemble import assemble
    from extract.ir import Document, RawTable, Source, TableRow

    program = "Program penunjang urusan pemerintahan daerah"
    rows = [TableRow(cells=["6.", program, kegiatan], lines=[n], page=15)
            for n, kegiatan in enumerate(["Penyusunan Dokumen Perencanaan Perangkat Daerah",
                                          "Penyediaan Jasa Penunjang Urusan Pemerintahan"], 1)]
    rows.append(TableRow(cells=["6.", "Program peningkatan kewaspadaan nasional", "x"],
                         lines=[3], page=15))
    table = RawTable(label="Tabel 2.5", caption=None, section=None, pages=[15],
                     header=[["No", "Program", "Kegiatan"]], rows=rows, first_line=1)
    doc = Document(source=Source(file="t.pdf", sha256="0", format="pdf", pages=1),
                   pages=[], tables=[table])
    assemble(doc)
    duplicates = [w for w in doc.warnings if w.code == "duplicate_entry"]
    assert len(duplicates) == 1 and "number 6" in duplicates[0].message


def test_row_numbers_read_through_ocr_specks_and_dropped_dots() -> None:
    # Seed-31 scans: Jatim Tabel 2.1 numbered objective 1.1 "11"; Pontianak Tabel 2.3
    # numbered program 2 "2 .“". The goal/objective levels and the program number survive.
    text = ("Tabel 2.1\nTujuan dan Sasaran\n\n"
            "No\tTujuan/Sasaran\tIndikator Kinerja\tSatuan\tTarget 2024\n"
            "1\tMeningkatkan kualitas dan pemerataan layanan pendidikan menengah\t"
            "Rata-rata Lama Sekolah\tTahun\t8,20\n"
            "11\tMeningkatnya angka partisipasi pendidikan menengah dan pendidikan khusus\t"
            "Angka Partisipasi Kasar (APK) SMA/SMK/SMALB\t%\t89,00\n"
            "1.2\tMeningkatnya mutu pendidikan menengah dan pendidikan khusus\t"
            "Persentase SMA/SMK/SLB terakreditasi minimal B\t%\t94,00\n"
            "\n\nTabel 2.3\nProgram\n\n"
            "No\tProgram\tIndikator Program\n"
            "1.\tProgram Peningkatan Peran Partai Politik\tRasio masyarakat\n"
            "2 .\u201c\tProgram Penguatan ideologi Pancasila dan Karakter Kebangsaan\t"
            "Persentase pembinaan\n")
    _, rkt = assembled(text)
    assert [g.text for g in rkt.goals] == [
        "Meningkatkan kualitas dan pemerataan layanan pendidikan menengah"]
    assert [o.goal for o in rkt.objectives] == [rkt.goals[0].text] * 2
    assert [p.number for p in rkt.programs] == ["1", "2"]


def test_an_indicator_garbled_by_ocr_is_still_the_same_indicator() -> None:
    from extract.assemble import misread_only, same_indicator

    # Depok, seed-53 scan: Tabel 3.1 read the indicator clean, the strategy table as
    # "konftik costal"; both are one indicator of "Meningkatnya Kohesi Sosial".
    assert same_indicator("Persentase menurunnya Indeks konflik sosial",
                          "Persentase menurunnya Indeks konftik costal")
    # Sibling indicators that differ in one real word stay two (Jatim Tabel 2.1).
    assert not misread_only("Angka Partisipasi Kasar (APK) SMA/SMK/SMALB",
                            "Angka Partisipasi Murni (APM) SMA/SMK/SMALB")
    assert not misread_only("Persentase lulusan SMA yang melanjutkan",
                            "Persentase lulusan SMK yang melanjutkan")


def test_a_row_shorter_than_its_header_reads_as_empty_cells() -> None:
    # Found by the property tests: a row that stops before the header's last columns.
    from extract.assemble import assemble
    from extract.ir import Document, RawTable, Source, TableRow

    program = "Program penunjang urusan pemerintahan daerah"
    rows = [TableRow(cells=["1", program, "Persentase capaian", "95", "Rp 1.250.000.000,00"],
                     lines=[1], page=3),
            TableRow(cells=["Jumlah"], lines=[2], page=3)]
    table = RawTable(label="Tabel 2.3", caption=None, section=None, pages=[3],
                     header=[["No", "Program", "Indikator Program", "Target 2021",
                              "Anggaran (Rp)"]], rows=rows, first_line=1)
    doc = Document(source=Source(file="t.pdf", sha256="0", format="pdf", pages=1),
                   pages=[], tables=[table])
    rkt = assemble(doc)
    assert [p.name for p in rkt.programs] == [program]
