"""spaCy rule matching of money, percents, years, counts and budget cues in prose."""

from __future__ import annotations

from normalize.prose import find_entities, read_budget_statement


def _labels(text: str) -> list[tuple[str, str]]:
    return [(entity.label, entity.text) for entity in find_entities(text)]


def test_budget_line_of_pontianak():
    # corpus/pontianak-kesbangpol-rkt-2021.txt l.336, as converted (bold markup, "-" ending)
    line = "Jumlah Anggaran Kegiatan Tahun 2020 : **Rp. 3.088.327.417-**"
    statement = read_budget_statement(line)
    assert statement is not None
    assert (statement.kind, statement.year, statement.money.amount) == ("allocated", 2020,
                                                                        3088327417)
    assert statement.percent is None


def test_realization_with_its_percent_on_the_next_line():
    # l.337-338: the percent continues on the next line
    statement = read_budget_statement(
        " Jumlah Realisasi Anggaran Kegiatan Tahun 2020 : **Rp. 2.714.724.445,-**",
        " atau sebesar **96,82%**.")
    assert statement is not None
    assert (statement.kind, statement.year, statement.money.amount) == ("realized", 2020,
                                                                        2714724445)
    assert statement.percent == 96.82


def test_lines_without_a_statement():
    assert read_budget_statement("Persentase realisasi anggaran dalam pemenuhan urusan") is None
    assert read_budget_statement("Jumlah Anggaran") is None  # no year, no amount
    assert read_budget_statement("Jumlah Anggaran Tahun 2020 : -") is None


def test_entities_of_every_printed_form():
    assert _labels("Rp 1.250.000.000,00") == [("MONEY", "Rp 1.250.000.000,00")]
    money = find_entities("Rp.3.088.327.41 7,-")[0]  # OCR split a digit group
    assert money.label == "MONEY" and money.value.amount == 3088327417
    assert _labels("sebesar 96,82%") == [("PERCENT", "96,82%")]
    assert _labels("0,02 %") == [("PERCENT", "0,02 %")]
    ge = find_entities("target ≥ 80%")[0]
    assert (ge.label, ge.value.value, ge.value.comparator) == ("PERCENT", 80.0, ">=")
    assert find_entities(">= 80%")[0].value.comparator == ">="
    count = find_entities("Tersedianya 12 Proposal Partai Politik")[0]
    assert (count.label, count.value.value, count.value.unit) == ("QUANTITY", 12.0, "proposal")
    assert [(e.label, e.value) for e in find_entities("Renstra Tahun 2020-2024")][:1] == [
        ("YEAR", 2020)]


def test_section_cues():
    found = _labels("sebagaimana tercantum pada Tabel 2.3 dan BAB II berikut")
    assert ("SECTION", "Tabel 2.3") in found and ("SECTION", "BAB II") in found
