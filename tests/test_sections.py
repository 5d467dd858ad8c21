from extract.ingest import ingest, ingest_text
from extract.sections import detect_sections

from .conftest import DEPOK, PONTIANAK


def sections_of(text: str):
    return detect_sections(ingest_text(text.encode(), "x.txt"))


def test_ocr_chapter_numerals_are_read():
    doc = sections_of("BAB |\nPENDAHULUAN\n\nisi\n BAB Il\nRENCANA STRATEGIS\n\nBAB Il\n"
                      "RENCANA KINERJA TAHUN 2021\n")
    assert [(s.number, s.title) for s in doc.sections] == [
        ("BAB I", "PENDAHULUAN"), ("BAB II", "RENCANA STRATEGIS"),
        ("BAB III", "RENCANA KINERJA TAHUN 2021")]


def test_table_of_contents_entries_are_not_headings():
    doc = sections_of("DAFTAR ISI\n\nBAB I PENDAHULUAN\t1\n1.1. Latar Belakang\t1\n\n"
                      "BAB I PENDAHULUAN\n\n1.1. Latar Belakang\n")
    assert [(s.number, s.line) for s in doc.sections] == [("BAB I", 6), ("1.1", 8)]


def test_numbered_indicator_in_prose_is_not_a_heading():
    doc = sections_of("1.1 Persentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih 75%\n"
                      "2.5 Capaian Kinerja Tahun Sebelumnya (2020)\n")
    assert [s.number for s in doc.sections] == ["2.5"]


def test_caption_takes_its_title_lines_but_not_the_header_row():
    doc = sections_of("Tabel 3.1\nRencana Kinerja Tahunan Kantor Kesatuan Bangsa dan\n"
                      "Politik Tahun 2021\n\nNo Sasaran Strategis Indikator Kinerja Target\n")
    assert [(c.label, c.title) for c in doc.captions] == [
        ("Tabel 3.1", "Rencana Kinerja Tahunan Kantor Kesatuan Bangsa dan Politik Tahun 2021")]


def test_metadata_of_the_clean_document():
    meta = detect_sections(ingest(PONTIANAK)).metadata
    assert (meta.type, meta.year, meta.agency, meta.region) == (
        "RKT", 2021, "Kantor Kesatuan Bangsa dan Sosial Politik", "Kota Pontianak")
    assert meta.title == "RENCANA KINERJA TAHUNAN (RKT) 2021"
    assert meta.signatory.name == "Rizal, S.SOS"
    assert meta.rpjmd == (2020, 2024) and meta.renstra == (2020, 2024)
    assert meta.vision == ("PONTIANAK KOTA KHATULISTIWA YANG BERWAWASAN LINGKUNGAN, CERDAS DAN "
                           "BERMARTABAT")
    assert len(meta.missions) == 5
    assert meta.missions[4][0] == ("Mewujudkan kota yang bersih, hijau, aman, tertib dan "
                                   "berkelanjutan")


def test_metadata_of_the_ocr_document():
    meta = detect_sections(ingest(DEPOK)).metadata
    assert (meta.type, meta.year, meta.agency, meta.region) == (
        "RKT", 2021, "Kantor Kesatuan Bangsa dan Politik", "Kota Depok")
    assert meta.signatory.name == "Drs. M.N. Hakim Siregar, M.Si"
    assert meta.signatory.nip == "196908071994031009"
    assert meta.signatory.rank.startswith("Pembina Tk")
    assert meta.rpjmd == (2016, 2021) and meta.renstra == (2016, 2021)
    assert meta.vision == "Terwujudnya Kota Depok yang Unggul, Nyaman dan Religius"
    # the fifth mission wraps over three lines with a blank line inside
    assert meta.missions[4][0].endswith("kesadaran hidup berbangsa dan bernegara")


def test_a_letter_is_not_typed_as_an_rkt():
    doc = sections_of("Dengan hormat,\nBersama ini kami sampaikan undangan rapat.\n")
    assert doc.metadata.type == "UNKNOWN"
    assert [w.code for w in doc.warnings] == ["unknown_document_type"]


def test_missions_whose_numbers_ocr_lost() -> None:
    # Bappeda Bandung scan: "3." read as "cH", "4." dropped; the intro announces 5 missions.
    from extract.ir import Line
    from extract.sections import missions

    texts = ["Untuk mewujudkan visi tersebut ditetapkan 5 (lima) misi sebagai berikut:", "",
             "1. Membangun masyarakat yang humanis, agamis, berkualitas dan berdaya", "saing.",
             "2. Mewujudkan tata kelola pemerintahan yang melayani, efektif, efisien dan",
             "bersih.", "cH Membangun perekonomian yang mandiri, kokoh dan berkeadilan.",
             "Mewujudkan Bandung nyaman melalui perencanaan tata ruang,",
             "pembangunan infrastruktur serta pengendalian pemanfaatan ruang yang",
             "berkualitas dan berwawasan lingkungan.",
             "5. Mengembangkan pembiayaan kota yang partisipatif, kolaboratif dan",
             "terintegrasi.", "Secara rinci disajikan sebagaimana Tabel 3.1 berikut."]
    lines = [Line(text=t, number=n, page=5) for n, t in enumerate(texts, 1)]
    found = [text for text, _ in missions(lines, texts)]
    assert found[2] == "Membangun perekonomian yang mandiri, kokoh dan berkeadilan"
    assert len(found) == 5 and found[4].startswith("Mengembangkan pembiayaan kota")
    # Another scan of it: "2." read as "ea", and the list number of item 1's wrap lost.
    texts[3:6] = ["saing", "ea Mewujudkan tata kelola pemerintahan yang melayani, efektif,",
                  "efisien dan bersih", ]
    lines = [Line(text=t, number=n, page=5) for n, t in enumerate(texts, 1)]
    found = [text for text, _ in missions(lines, texts)]
    assert found[0].endswith("berdaya saing") and found[1].startswith("Mewujudkan tata kelola")


def test_missions_whose_numbers_ocr_read_as_words() -> None:
    # Depok scan (rendered, seed 61): "1." to "4." read as "NI", "akan", "mcd", "sa"; only
    # "5." survived. The numbers stand at x 106, the items' text and its wrapped lines at
    # 127-128: the list's hanging indent tells a new item from a continued one.
    from extract.ir import Line, Word
    from extract.sections import missions

    rows = [
        ("Untuk mewujudkan visi tersebut ditetapkan 5 (lima) misi sebagai berikut :", 130),
        ("", None),
        ("NI Meningkatkan kualitas pelayanan publik yang profesional dan transparan", 106),
        ("akan Mengembangkan sumber daya manusia yang kreatif dan berdaya saing", 106),
        ("mcd Mengembangkan ekonomi yang mandiri, kokoh dan berkeadilan", 106),
        ("sa Membangun infrastruktur dan ruang publik yang merata, berwawasan", 106),
        ("lingkungan dan ramah keluarga", 127),
        ("5. Meningkatkan kesadaran masyarakat dalam melaksanakan nilai-nilai agama", 106),
        ("dan menjaga kerukunan antar umat beragama serta meningkatkan", 127),
        ("kesadaran hidup berbangsa dan bernegara", 127),
        ("", None),
        ("Struktur Organisasi", 102),
        ("", None),
        ("Susunan organisasi Kantor Kesatuan Bangsa dan Politik Kota Depok terdiri", 130),
    ]
    lines = []
    for number, (text, x) in enumerate(rows, 1):
        words, left = [], x
        for position, token in enumerate(text.split()):
            if position == 1 and x == 106:
                left = 128  # the items' text after the number column
            words.append(Word(token, left, 100.0 + 12 * number, left + 6 * len(token),
                              109.0 + 12 * number, 90.0))
            left += 6 * len(token) + 4
        lines.append(Line(text=text, number=number, page=5, words=words))
    texts = [row[0] for row in rows]
    found = [text for text, _ in missions(lines, texts)]
    assert found == [
        "Meningkatkan kualitas pelayanan publik yang profesional dan transparan",
        "Mengembangkan sumber daya manusia yang kreatif dan berdaya saing",
        "Mengembangkan ekonomi yang mandiri, kokoh dan berkeadilan",
        "Membangun infrastruktur dan ruang publik yang merata, berwawasan lingkungan dan "
        "ramah keluarga",
        "Meningkatkan kesadaran masyarakat dalam melaksanakan nilai-nilai agama dan menjaga "
        "kerukunan antar umat beragama serta meningkatkan kesadaran hidup berbangsa dan "
        "bernegara",
    ]
    # Without word positions (a text file) the words stay: nothing tells them apart.
    plain = [Line(text=t, number=n, page=5) for n, t in enumerate(texts, 1)]
    assert [text for text, _ in missions(plain, texts)][0].startswith("NI Meningkatkan")
