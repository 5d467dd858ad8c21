from extract.ingest import decode_text, ingest, ingest_text

from .conftest import PONTIANAK


def test_tab_separated_lines_keep_their_cells_and_line_numbers():
    doc = ingest(PONTIANAK)
    line = next(x for x in doc.lines if x.number == 239)
    assert line.cells == ["2.", "Program Penguatan ideologi Pancasila dan Karakter Kebangsaan",
                          "Meningkatnya Pembinaan kemitraan pengembangan wawasan kebangsaan",
                          "Persentase pembinaan kemitraan pengembangan wawasan kebangsaan"]
    assert doc.source.format == "text" and doc.source.pages is None
    assert doc.source.document_id == "769c76efe56ccbfc"


def test_plain_lines_have_no_cells():
    doc = ingest(PONTIANAK)
    assert next(x for x in doc.lines if x.number == 3).cells is None


def test_form_feeds_are_page_breaks_and_line_numbers_run_on():
    doc = ingest_text(b"BAB I\nPENDAHULUAN\n\fBAB II\nRENCANA", "x.txt")
    assert [p.number for p in doc.pages] == [1, 2]
    assert [(x.number, x.page, x.text) for x in doc.pages[1].lines] == [
        (3, 2, "BAB II"), (4, 2, "RENCANA")]
    assert doc.source.pages == 2


def test_windows_1252_text_is_decoded():
    assert decode_text("Kegiatan Pengadaan \u2013 Tahun 2021".encode("cp1252")) == (
        "Kegiatan Pengadaan \u2013 Tahun 2021")
