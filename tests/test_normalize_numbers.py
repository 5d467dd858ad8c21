"""Indonesian numbers, money, quantities and years, on strings from the corpus documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalize import (
    Money,
    NormalizeSettings,
    Quantity,
    find_year,
    find_years,
    parse_money,
    parse_number,
    parse_number_cell,
    parse_period,
    parse_quantity,
    parse_year,
    repair_number_cell,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PONTIANAK = CORPUS / "pontianak-kesbangpol-rkt-2021.txt"
DEPOK = CORPUS / "depok-kesbangpol-rkt-2021-ocr.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.088.327.417", 3088327417.0),  # Pontianak, Jumlah Anggaran 2020
        ("96,82", 96.82),  # Pontianak, Capaian (%)
        ("0,02", 0.02),  # Depok, target
        ("75", 75.0),
        ("10.000", 10000.0),  # "per 10.000 penduduk"
        ("3.088.327.41 7", 3088327417.0),  # OCR split a digit group
        ("96.82", 96.82),  # one dot not followed by three digits: a decimal point
        ("1.250.000.000,00", 1250000000.0),
        ("2.714.724.445,-", 2714724445.0),  # rupiah tail, not a minus
        ("3.088.327.417-", 3088327417.0),
        ("**3.314.590.000**", 3314590000.0),
        ("1,250,000", 1250000.0),  # English grouping, two groups or more
        ("1,5", 1.5),
        ("-5", -5.0),
        ("(1.000)", -1000.0),
        ("75.", 75.0),  # sentence full stop
        (" 100 ", 100.0),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    ["", "-", "WTP", "Baik", "Rp", "75%", "2019 2020", "2016-2021", "1.2.3", "12 Proposal"],
)
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Rp. 3.088.327.417-", 3088327417),
        ("Rp. 2.714.724.445,-", 2714724445),
        ("Rp 1.250.000.000,00", 1250000000),
        ("3.314.590.000", 3314590000),
        ("**Rp. 3.088.327.417-**", 3088327417),
        ("Rp. 269.010.230", 269010230),
        ("Rp 1,5 miliar", 1500000000),
        ("Rp. 3.088.327.417,- (tiga milyar)", 3088327417),
        ("IDR 8.250.000", 8250000),
    ],
)
def test_parse_money(text: str, amount: int) -> None:
    money = parse_money(text)
    assert money == Money(amount=amount, currency="IDR", raw=text)
    assert isinstance(money.amount, int)


@pytest.mark.parametrize("text", ["", "Rp.", "Baik", "Jumlah Dana", "96,82%", "Rp 5 orang"])
def test_parse_money_rejects_non_amounts(text: str) -> None:
    assert parse_money(text) is None


def test_budget_cells_of_pontianak_iku_table() -> None:
    """Every "Jumlah Dana" cell of the IKU table (BAB IV) parses to its printed amount."""
    amounts = [
        parse_money(line.split("\t")[-1])
        for line in PONTIANAK.read_text(encoding="utf-8").splitlines()
        if re.search(r"\tJumlah Dana\t\S", line)
    ]
    assert [money.amount for money in amounts if money] == [
        3314590000,
        269010230,
        8250000,
        159258207,
        875850000,
    ]


def test_budget_summary_lines_of_pontianak() -> None:
    text = PONTIANAK.read_text(encoding="utf-8")
    allocated = re.search(r"Jumlah Anggaran Kegiatan Tahun 2020 : (.+)", text)
    realized = re.search(r"Jumlah Realisasi Anggaran Kegiatan Tahun 2020 : (.+)", text)
    assert allocated and realized
    assert parse_money(allocated.group(1)).amount == 3088327417
    assert parse_money(realized.group(1)).amount == 2714724445


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator"),
    [
        ("75%", 75.0, "%", None),
        ("75 %", 75.0, "%", None),
        ("96,82%", 96.82, "%", None),
        ("**96,82%**", 96.82, "%", None),
        ("0,02 %", 0.02, "%", None),
        ("0,02%", 0.02, "%", None),
        ("12 Proposal", 12.0, "proposal", None),
        (">= 80%", 80.0, "%", ">="),
        ("≥ 80%", 80.0, "%", ">="),
        ("<= 5 kasus", 5.0, "kasus", "<="),
        ("Minimal 80 %", 80.0, "%", ">="),
        ("100", 100.0, None, None),
        ("100 Persen", 100.0, "persen", None),
        ("2 Dokumen.", 2.0, "dokumen", None),
        ("3.088.327.41 7 orang", 3088327417.0, "orang", None),
        ("Rp. 269.010.230", 269010230.0, "rp", None),
    ],
)
def test_parse_quantity(text: str, value: float, unit: str | None, comparator: str | None) -> None:
    quantity = parse_quantity(text)
    assert quantity.value == pytest.approx(value)
    assert (quantity.unit, quantity.comparator, quantity.raw) == (unit, comparator, text)


@pytest.mark.parametrize("text", ["WTP", "Baik", "", "Tersedianya 12 Proposal", "-"])
def test_parse_quantity_keeps_non_numeric_raw(text: str) -> None:
    assert parse_quantity(text) == Quantity(value=None, unit=None, raw=text)


def test_parse_quantity_range_is_not_one_value() -> None:
    assert parse_quantity("80-85%") == Quantity(value=None, unit="%", raw="80-85%")


def test_target_cells_of_pontianak_tabel_2_2() -> None:
    """The target row of "Presentase Partisipasi Masyarakat" parses cell by cell."""
    line = next(
        line
        for line in PONTIANAK.read_text(encoding="utf-8").splitlines()
        if "Presentase Partisipasi Masyarakat" in line and "\t65%" in line
    )
    cells = line.split("\t")[-8:]
    assert [parse_quantity(cell).value for cell in cells] == [65, 75, 75, 75, 75, 80, 85, 85]
    assert {parse_quantity(cell).unit for cell in cells} == {"%"}


def test_target_cells_of_depok_ocr() -> None:
    line = next(
        line
        for line in DEPOK.read_text(encoding="utf-8").splitlines()
        if line.startswith("1 Meningkatnya Persentase 0,02 %")
    )
    values = re.findall(r"\d+,\d+ %", line)
    assert [parse_quantity(value).value for value in values] == [0.02] * 4


def test_contract_dicts() -> None:
    assert parse_money("Rp. 3.088.327.417,-").to_dict() == {
        "amount": 3088327417,
        "currency": "IDR",
        "raw": "Rp. 3.088.327.417,-",
    }
    assert parse_quantity("≥ 96,82%").to_dict() == {"value": 96.82, "unit": "%", "raw": "≥ 96,82%"}


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2021", 2021),
        ("Tahun 2021", 2021),
        ("(2021)", 2021),
        ("12022", 2022),  # a ruling line read as a leading "1"
        ("| 2024", 2024),
        ("TA 2021", 2021),
        ("2019 ", 2019),
        ("1945", None),  # UUD 1945: outside the plausible range
        ("20210", None),
        ("tahun 2021 ini", None),  # prose: use find_year
        ("Baik", None),
        ("", None),
    ],
)
def test_parse_year(text: str, year: int | None) -> None:
    assert parse_year(text) == year


def test_find_year_in_corpus_strings() -> None:
    assert find_year("Capaian Kinerja Tahun 2020") == 2020
    assert find_year("RENCANA KERJA TAHUNAN (RKT) 2021") == 2021
    assert find_year("NIP.19690807 199403 1 009") is None
    assert find_year("Pancasiladan UUD 1945.") is None
    assert find_years("Perubahan Tahun 2016—-2021Kantor Kesatuan") == (2016, 2021)
    assert find_year("Kondisi Akhir 12024") == 2024


def test_parse_period() -> None:
    assert parse_period("RPJMD Kota Pontianak Tahun 2020-2024") == (2020, 2024)
    assert parse_period("RENSTRA Perubahan Tahun 2016—-2021Kantor") == (2016, 2021)
    assert parse_period("tahun 2016 — 2021 yang hendak dicapai") == (2016, 2021)
    assert parse_period("2016 s.d. 2021") == (2016, 2021)
    assert parse_period("Tahun 2021") is None


def test_year_range_comes_from_settings() -> None:
    settings = NormalizeSettings(year_min=1900)
    assert parse_year("1945", settings) == 1945
    assert parse_year("1945") is None


# --- cells of a known number column (scans: "." read as ":" or ";", letters for digits) -----


@pytest.mark.parametrize(
    ("raw", "column", "value"),
    [
        ("1:250.000", "number", 1250000.0),  # "." read as ":" in a scanned number column
        ("3;088;327;417", "money", 3088327417),
        ("Rp. 3.088.327.41 7,-", "money", 3088327417),
        ("Rp 1:250.000", "money", 1250000),
        ("l00", "number", 100.0),  # "1" read as "l"
        ("2O21", "number", 2021.0),  # "0" read as "O"
        ("9O%", "percent", 90.0),
        ("|75%", "percent", 75.0),  # a ruling line read as "|" (ocr-facts.md)
        ("96.82", "percent", 96.82),  # a decimal point in a percent column
        ("0,02 %", "percent", 0.02),
        ("0,02 Yo", "percent", 0.02),  # "%" read as "Yo" (ocr-facts.md)
        ("75Yo", "percent", 75.0),
    ],
)
def test_number_cells_are_repaired_by_column_type(raw, column, value):
    parsed = parse_number_cell(raw, column)
    assert parsed is not None
    assert (parsed.amount if column == "money" else parsed.value) == value
    assert parsed.raw == raw


def test_number_cell_repairs_do_not_touch_words_or_numerals():
    assert repair_number_cell("Il") == "Il"  # a Roman numeral misread, not a number
    assert parse_number_cell("Il", "number").value is None
    assert parse_number_cell("-", "money") is None
    assert parse_number_cell("12 Proposal", "number").unit == "proposal"


def test_free_text_keeps_a_map_scale():
    # Outside a number column "1:250.000" is a scale, and the general parser refuses it.
    assert parse_number("1:250.000") is None


@pytest.mark.parametrize("cell, value", [
    ("' 3 .", 3.0),           # Bappeda Bandung scan, target 2022
    ("“65,93", 65.93),        # Disdik Jatim scan, APM 2023
    ('"13,34', 13.34),        # Disdik Jatim scan, Harapan Lama Sekolah 2022
    (": 75% ‘", 75.0),        # Pontianak scan, Tabel 2.6
    ("1.250.000.", 1250000.0),
])
def test_value_cells_with_ocr_specks(cell: str, value: float) -> None:
    from normalize.numbers import parse_number_cell

    assert parse_number_cell(cell, "number").value == value


def test_words_in_value_cells_keep_no_value() -> None:
    from normalize.numbers import parse_number_cell

    assert parse_number_cell("WTP", "number").value is None
    assert parse_number_cell("Baik", "number").value is None
