"""Property-based tests: whatever text comes in, the parsers answer or refuse in their own way.

Each parser gets at least 2,000 generated inputs (hypothesis). Inputs are built from the
pieces real RKT text is made of (words and lines of the corpus documents, Indonesian numbers,
rupiah amounts, years, OCR noise) mixed with arbitrary characters and bytes. The property:
nothing raises but the project's own `RktError`, and results keep their invariants (a money
amount is a non-negative int, a year lies in the configured range, a period runs forward).
"""

from __future__ import annotations

import math
import random
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import ERROR_HINTS, RktError
from extract.flattened import recover_flattened_table
from extract.headers import classify, is_header_cell, is_header_line, is_numbering_row
from extract.ingest import decode_text, ingest_text
from extract.ir import Line
from extract.sections import detect_sections
from extract.settings import Settings
from extract.tables import find_tables
from normalize import (
    DEFAULT_SETTINGS,
    collapse_whitespace,
    correct_name,
    correct_term,
    find_years,
    fix_heading_ocr,
    fix_roman_heading,
    int_to_roman,
    parse_money,
    parse_number,
    parse_period,
    parse_quantity,
    parse_year,
    roman_to_int,
    segment_glued,
    strip_list_marker,
    strip_markup,
)

from .conftest import DEPOK, PONTIANAK

MANY = settings(max_examples=2000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEWER = settings(max_examples=300, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CORPUS_LINES = [line for path in (PONTIANAK, DEPOK)
                for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
CORPUS_WORDS = sorted({word for line in CORPUS_LINES for word in line.split()})

# Characters that matter to the parsers: digits and their separators, currency, comparators,
# dashes, quotes, markup, rules read as text, spaces of every kind.
SPECIALS = list("0123456789.,-+%/()[]*|:;_~=<>") + [
    "Rp", "Rp.", "rp", " ", "  ", "\t", "\n", "\f", "\u00a0", "\u2013", "\u2014", "\u2212",
    "\u2265", "\u2264", "\u201c", "\u201d", "\uff05", "\ufffd", "s.d.", "s/d", "Tahun", "juta",
    "miliar", "M", "T", ",-", ",00", ".-", "l", "O", "I", "V", "X", "BAB", "Tabel",
]
pieces = st.one_of(st.sampled_from(SPECIALS), st.sampled_from(CORPUS_WORDS),
                   st.characters(codec="utf-8"), st.text(string.digits, min_size=1, max_size=14))
text_like = st.lists(pieces, max_size=8).map("".join)


def grouped(digits: int) -> str:
    """An integer printed the Indonesian way: 3088327417 -> "3.088.327.417"."""
    return f"{digits:,}".replace(",", ".")


number_like = st.one_of(
    st.integers(0, 10**15).map(grouped),
    st.integers(0, 10**15).map(str),
    st.tuples(st.integers(0, 10**6), st.integers(0, 99)).map(lambda p: f"{p[0]},{p[1]:02d}"),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(string.digits + ".,- ", max_size=30),
)
money_like = st.tuples(st.sampled_from(["", "Rp", "Rp.", "Rp ", "**Rp. ", "IDR "]),
                       number_like,
                       st.sampled_from(["", ",-", "-", ",00", " juta", " miliar", " M", "**",
                                        " (APBD)", "x"])).map("".join)
cell_text = st.one_of(text_like, number_like, money_like)


# -- numbers --------------------------------------------------------------------------------


@MANY
@given(st.one_of(cell_text, st.text(max_size=40)))
def test_number_parsers_answer_or_say_none(text):
    value = parse_number(text)
    assert value is None or (isinstance(value, float) and math.isfinite(value))
    money = parse_money(text)
    if money is not None:
        assert isinstance(money.amount, int) and money.amount >= 0
        assert money.currency == "IDR" and money.raw == text
    quantity = parse_quantity(text)
    assert quantity.raw == text
    assert quantity.value is None or math.isfinite(quantity.value)
    assert quantity.unit is None or (quantity.unit == quantity.unit.lower() and quantity.unit)
    assert quantity.comparator in (None, ">=", "<=", ">", "<", "=")


@FEWER
@given(st.integers(0, 10**12))
def test_grouped_integers_read_back(value):
    assert parse_number(grouped(value)) == float(value)
    assert parse_money(f"Rp. {grouped(value)},-").amount == value


year_text = st.one_of(
    text_like,
    st.tuples(st.sampled_from(["", "Tahun ", "(", "1", "TA ", "RPJMD "]),
              st.integers(0, 30000).map(str),
              st.sampled_from(["", ")", "-", " - ", "s.d.", "/", "\u2013"]),
              st.integers(0, 30000).map(str)).map("".join),
)


@MANY
@given(year_text)
def test_years_and_periods_are_plausible(text):
    low, high = DEFAULT_SETTINGS.year_min, DEFAULT_SETTINGS.year_max
    assert all(low <= year <= high for year in find_years(text))
    year = parse_year(text)
    assert year is None or low <= year <= high
    period = parse_period(text)
    assert period is None or low <= period[0] <= period[1] <= high


# -- text -----------------------------------------------------------------------------------


@FEWER
@given(st.integers(1, 3999))
def test_roman_numerals_round_trip(value):
    assert roman_to_int(int_to_roman(value)) == value


name_like = st.one_of(
    st.sampled_from(CORPUS_LINES).map(lambda line: line[:80]),
    st.lists(st.sampled_from(CORPUS_WORDS), min_size=1, max_size=6).map(" ".join),
    st.lists(st.sampled_from(CORPUS_WORDS), min_size=1, max_size=4).map("".join),  # glued
    text_like,
)


# -- headers --------------------------------------------------------------------------------


@MANY
@given(st.one_of(name_like, st.text(max_size=40)))
def test_text_functions_return_text(text):
    collapsed = collapse_whitespace(text)
    assert collapsed == collapsed.strip() and "  " not in collapsed
    assert isinstance(strip_markup(text), str)
    marker, rest = strip_list_marker(text)
    assert (marker is None or isinstance(marker, str)) and isinstance(rest, str)
    assert isinstance(fix_heading_ocr(text), str) and isinstance(fix_roman_heading(text), str)
    number = roman_to_int(text)
    assert number is None or number > 0
    # correction and segmentation
    corrected = correct_term(text)
    if not corrected.corrections:
        assert corrected.text == text
    assert isinstance(correct_name(text).text, str)
    for word in text.split()[:3]:
        split = segment_glued(word)
        assert split is None or split.replace(" ", "") == word.replace(" ", "")
    # header classification
    role, score, ambiguous = classify(text)
    assert 0.0 <= score <= 100.0 and isinstance(ambiguous, bool)
    assert role is None or score >= 80.0
    assert isinstance(is_header_cell(text), bool) and isinstance(is_header_line(text), bool)
    assert isinstance(is_numbering_row(text.split("\t")), bool)


# -- ingest, sections, tables ---------------------------------------------------------------

# Whole documents are many draws; to keep 2,000 of them quick, lines are drawn whole from a
# pool (corpus lines, and rows of cells made once from the corpus words and numbers) and
# then cut, spliced with a special piece, or kept.
_random = random.Random(6)
CELLS = CORPUS_WORDS + SPECIALS + [grouped(_random.randrange(10**12)) for _ in range(50)] + [
    f"{_random.randrange(100)},{_random.randrange(100):02d}%" for _ in range(30)]
ROWS = ["\t".join(_random.choice(CELLS) for _ in range(_random.randint(2, 6)))
        for _ in range(300)]
LINE_POOL = CORPUS_LINES + ROWS
line_like = st.one_of(
    st.sampled_from(LINE_POOL),
    st.tuples(st.sampled_from(LINE_POOL), st.integers(0, 200), st.sampled_from(SPECIALS))
    .map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:]),  # a piece spliced in
    st.tuples(st.sampled_from(LINE_POOL), st.integers(0, 200)).map(lambda t: t[0][:t[1]]),
    text_like,
)
document_like = st.lists(line_like, max_size=12).map("\n".join)


@MANY
@given(st.one_of(
    st.binary(max_size=300),
    document_like.map(lambda text: text.encode("utf-8")),
    st.tuples(document_like, st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le",
                                              "utf-16-be", "cp1252", "latin-1"]))
    .map(lambda pair: pair[0].encode(pair[1], errors="ignore")),
))
def test_text_bytes_decode_or_are_refused(data):
    try:
        text = decode_text(data)
    except RktError as error:
        assert error.code in ERROR_HINTS
        return
    assert isinstance(text, str)
    document = ingest_text(data, "x.txt")
    assert sum(len(page.lines) for page in document.pages) >= 1


def read_or_refuse(text: str):
    """The text as a document, or None when ingest refuses it with one of its codes (a
    text of control characters is binary data)."""
    try:
        return ingest_text(text.encode("utf-8"), "x.txt")
    except RktError as error:
        assert error.code == "unreadable_text"
        return None


@MANY
@given(document_like)
def test_sections_and_tables(text):
    settings = Settings()
    document = read_or_refuse(text)
    if document is None:
        return
    document = detect_sections(document, settings.sections)
    assert document.metadata.type in ("RKT", "RENSTRA", "RENJA", "LKJIP", "PK", "UNKNOWN")
    assert isinstance(document.metadata.title, str)
    document = find_tables(document, settings)
    for table in document.tables:
        assert all(isinstance(cell, str) for row in table.rows for cell in row.cells)


# Lines of a flattened table: a header made of header words, then rows of names and values.
HEADER_WORDS = ["No", "Sasaran", "Indikator", "Kinerja", "Program", "Kegiatan", "Target",
                "Satuan", "Capaian", "Realisasi", "Anggaran", "Kondisi", "Awal", "Tahun",
                "(1)", "(2)", "(3)", "2021", "2022"]
flattened_line = st.one_of(
    st.lists(st.sampled_from(HEADER_WORDS), min_size=1, max_size=6).map(" ".join),
    st.lists(st.one_of(st.sampled_from(CORPUS_WORDS), number_like, st.sampled_from(
        ["1.", "2.", "a.", "-", "%", "Persen", "Dokumen", "Orang"])), max_size=10).map(" ".join),
    st.sampled_from(CORPUS_LINES).map(lambda line: line.replace("\t", " ")),
    st.just(""),
)


@MANY
@given(st.lists(flattened_line, max_size=10))
def test_flattened_recovery(texts):
    lines = [Line(text, number) for number, text in enumerate(texts, start=1)]
    result = recover_flattened_table(lines)
    if result.table is not None:
        assert result.table.rows and result.table.flattened
    assert all(isinstance(note, str) for note in result.notes)


@FEWER
@given(document_like)
def test_whole_text_pipeline_gives_valid_json_or_an_rkt_error(text):
    from extract.assemble import assemble
    from extract.model import to_json
    from extract.validate import assert_valid

    settings = Settings()
    document = read_or_refuse(text)
    if document is None:
        return
    document = find_tables(detect_sections(document, settings.sections), settings)
    assert_valid(to_json(assemble(document, settings)))
