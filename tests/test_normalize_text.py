"""Pure text clean-up on lines of the corpus documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalize import (
    collapse_whitespace,
    fix_heading_ocr,
    fix_roman_heading,
    int_to_roman,
    roman_to_int,
    strip_list_marker,
    strip_markup,
    strip_ruling_noise,
    strip_trailing_punctuation,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PONTIANAK = CORPUS / "pontianak-kesbangpol-rkt-2021.txt"
DEPOK = CORPUS / "depok-kesbangpol-rkt-2021-ocr.txt"


def test_collapse_whitespace() -> None:
    assert collapse_whitespace("Kegiatan Tahun 2021 Kantor Kesatuan Bangsa\ndan Sosial") == (
        "Kegiatan Tahun 2021 Kantor Kesatuan Bangsa dan Sosial"
    )
    assert collapse_whitespace(" \tKasubag Tata Usaha ,\u00a0\u200bmembawahi  ") == (
        "Kasubag Tata Usaha , membawahi"
    )
    assert collapse_whitespace("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Rp. 3.088.327.417-**", "Rp. 3.088.327.417-"),
        ("atau sebesar **96,82%**.", "atau sebesar 96,82%."),
        (
            "***“Merumuskan dan melaksanakan kebijakan”***.",
            "“Merumuskan dan melaksanakan kebijakan”.",
        ),
        ("berupa *output* dan atau *outcome* yang", "berupa output dan atau outcome yang"),
        ("2.1. *Visi dan Misi Pemerintah Kota*", "2.1. Visi dan Misi Pemerintah Kota"),
        ("**Kantor Kesatuan Bangsa", "Kantor Kesatuan Bangsa"),  # bold split across lines
        ("- **Pontianak Kota Khatulistiwa**", "- Pontianak Kota Khatulistiwa"),
        ("5 * 3 = 15", "5 * 3 = 15"),
        ("Tabel 2.3", "Tabel 2.3"),
    ],
)
def test_strip_markup(text: str, expected: str) -> None:
    assert strip_markup(text) == expected


@pytest.mark.parametrize(
    ("text", "marker", "rest"),
    [
        ("1. Kepala Kantor.", "1", "Kepala Kantor."),
        (
            "4, Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional;",
            "4",
            "Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional;",
        ),
        (
            "1 Mempelajari sasaran berikut indikatornya",
            "1",
            "Mempelajari sasaran berikut indikatornya",
        ),
        ("a. Analisis Perencanaan dan Pelaporan;", "a", "Analisis Perencanaan dan Pelaporan;"),
        ("- a. Penyiapan bahan", "-", "a. Penyiapan bahan"),
        (
            "<> Perumusan RENSTRA kantor mengacu pada renstra Kota;",
            "<>",
            "Perumusan RENSTRA kantor mengacu pada renstra Kota;",
        ),  # noqa: E501
        (
            "1.1 Persentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih",
            "1.1",
            "Persentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih",
        ),
        ("1.2. Landasan Hukum", "1.2", "Landasan Hukum"),
        (
            "2.5 Capaian Kinerja Tahun Sebelumnya (2020)",
            "2.5",
            "Capaian Kinerja Tahun Sebelumnya (2020)",
        ),
        ("12,", "12", ""),  # Depok OCR: "12." read as "12,"
        ("1.", "1", ""),  # a "No" cell
        ("(1)", "1", ""),
        ("• Bermartabat", "•", "Bermartabat"),
        ("II. Visi", "II", "Visi"),
    ],
)
def test_strip_list_marker(text: str, marker: str, rest: str) -> None:
    assert strip_list_marker(text) == (marker, rest)


@pytest.mark.parametrize(
    "text",
    [
        "2021 Tahun Anggaran",
        "Rp. 3.088.327.417",
        "M.N. Hakim Siregar",
        "Program penunjang urusan pemerintahan daerah",
        "75 %",
        "1.1.Latar Belakang",
        "",
    ],
)
def test_strip_list_marker_leaves_unmarked_text(text: str) -> None:
    assert strip_list_marker(text) == (None, text)


def test_strip_trailing_punctuation() -> None:
    assert strip_trailing_punctuation("Mewujudkan kualitas sumber daya manusia ;") == (
        "Mewujudkan kualitas sumber daya manusia"
    )
    assert (
        strip_trailing_punctuation("Kelompok Jabatan Fungsional.") == "Kelompok Jabatan Fungsional"
    )
    assert strip_trailing_punctuation("UUD 1945") == "UUD 1945"


def test_strip_ruling_noise() -> None:
    assert strip_ruling_noise("|Kegiatan Penyuluhan | kepada Masyarakat") == (
        "Kegiatan Penyuluhan kepada Masyarakat"
    )
    assert strip_ruling_noise("bermasyarakat dan | pelaku dan etnis") == (
        "bermasyarakat dan pelaku dan etnis"
    )
    assert strip_ruling_noise("_ Kasubag ~ Tata Usaha") == "Kasubag Tata Usaha"
    assert strip_ruling_noise("Ber-KB_data") == "Ber-KB_data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BAB |", "BAB I"),
        ("BAB Il", "BAB II"),
        ("BAB Ill", "BAB III"),
        ("BAB 1", "BAB I"),
        ("BAB 11", "BAB II"),
        ("BAB 4", "BAB IV"),
        ("BAB lV PENUTUP", "BAB IV PENUTUP"),
        ("BAB IV", "BAB IV"),
        ("BAB V PENUTUP", "BAB V PENUTUP"),
        ("BAB II PERENCANAAN KINERJA", "BAB II PERENCANAAN KINERJA"),
        ("BAB PENDAHULUAN", "BAB PENDAHULUAN"),
        ("Kotamadya Daerah Tingkat Il Cilegon", "Kotamadya Daerah Tingkat II Cilegon"),
        ("tingkat 1 (satu) tahun", "tingkat 1 (satu) tahun"),
        ("Tingkat kinerja", "Tingkat kinerja"),
    ],
)
def test_fix_roman_heading(text: str, expected: str) -> None:
    assert fix_roman_heading(text) == expected


def test_fix_heading_ocr() -> None:
    assert fix_heading_ocr("**BAB |  PENDAHULUAN**") == "BAB I PENDAHULUAN"
    assert fix_heading_ocr(" | BAB Il") == "BAB II"
    assert fix_heading_ocr("BAB 1") == "BAB I"


def test_every_bab_heading_of_the_corpus_gets_a_roman_numeral() -> None:
    headings = [
        line.strip()
        for path in (PONTIANAK, DEPOK)
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*BAB\s", line)
    ]
    fixed = [fix_heading_ocr(line) for line in headings]
    assert "BAB |" in headings and "BAB Il" in headings and "BAB 1" in headings
    for line in fixed:
        numeral = line.split()[1]
        assert roman_to_int(numeral) is not None, line


@pytest.mark.parametrize(
    ("numeral", "value"), [("I", 1), ("II", 2), ("III", 3), ("IV", 4), ("ix", 9), ("XIV", 14)]
)
def test_roman_to_int(numeral: str, value: int) -> None:
    assert roman_to_int(numeral) == value
    assert int_to_roman(value) == numeral.upper()


@pytest.mark.parametrize("text", ["", "IIII", "Il", "|", "BAB", "VX"])
def test_roman_to_int_rejects_invalid(text: str) -> None:
    assert roman_to_int(text) is None


def test_int_to_roman_rejects_zero() -> None:
    with pytest.raises(ValueError):
        int_to_roman(0)


@pytest.mark.parametrize("cell, marker, rest", [
    # Program cells of a Pontianak scan: a rule speck read before the number.
    ("i 2. Program Ideologi Bangsa Pancasila dan karakter kebangsaan", "2",
     "Program Ideologi Bangsa Pancasila dan karakter kebangsaan"),
    ("| 3. Program pemberdayaan dan pengawasan organisasi kemasyarakatan", "3",
     "Program pemberdayaan dan pengawasan organisasi kemasyarakatan"),
])
def test_list_marker_after_an_ocr_speck(cell: str, marker: str, rest: str) -> None:
    assert strip_list_marker(cell) == (marker, rest)


def test_short_words_before_a_number_are_not_specks() -> None:
    assert strip_list_marker("di 2. Kota")[0] is None


@pytest.mark.parametrize("cell, number", [
    ("2 .\u201c", "2"),   # Pontianak Tabel 2.3 "2." with a quote speck, seed-31 scan
    ("1.", "1"), ("3.", "3"), ("1.2", "1.2"), ("2.1.", "2.1"), ("(3)", "3"), ("4,", "4"),
    ("a.", "a"), ("", ""),
])
def test_read_row_number(cell: str, number: str) -> None:
    from normalize import read_row_number
    assert read_row_number(cell) == number


def test_outline_numbers_get_back_the_dot_ocr_dropped() -> None:
    from normalize import repair_outline_numbers
    # Jatim Tabel 2.1 "No" column as Tesseract read it (seed-31 scan): "1.1" came out "11".
    column = ["1", "1", "11", "11", "1.2", "1.2", "2", "2.1"]
    assert repair_outline_numbers(column) == [
        "1", "1", "1.1", "1.1", "1.2", "1.2", "2", "2.1"]
    # Plain numbering is left alone, goal 11 after goal 10 too.
    assert repair_outline_numbers(["1", "2", "3", "11", "12"]) == ["1", "2", "3", "11", "12"]
    assert repair_outline_numbers(["9", "9.1", "10", "11"]) == ["9", "9.1", "10", "11"]
