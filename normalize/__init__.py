"""Normalization of RKT text: Indonesian numbers, OCR clean-up, term correction, nomenclature.

Pure functions over strings; the only state is the lexicon, loaded once by ``load_lexicon``.
Thresholds live in ``NormalizeSettings``.
"""

from normalize.lexicon import (
    Agency,
    Lexicon,
    NomenclatureEntry,
    jns_pemda_for_region,
    load_lexicon,
    nomenclature_key,
)
from normalize.numbers import (
    Money,
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
from normalize.prose import BudgetStatement, ProseEntity, find_entities, read_budget_statement
from normalize.settings import DEFAULT_SETTINGS, NormalizeSettings
from normalize.terms import (
    Corrected,
    Correction,
    NomenclatureMatch,
    correct_name,
    correct_term,
    match_nomenclature,
    segment_glued,
    word_similarity,
)
from normalize.text import (
    collapse_whitespace,
    fix_heading_ocr,
    fix_roman_heading,
    int_to_roman,
    read_row_number,
    repair_outline_numbers,
    roman_to_int,
    strip_list_marker,
    strip_markup,
    strip_ruling_noise,
    strip_trailing_punctuation,
)

__all__ = [
    "DEFAULT_SETTINGS",
    "Agency",
    "Corrected",
    "Correction",
    "Lexicon",
    "Money",
    "NomenclatureEntry",
    "NomenclatureMatch",
    "NormalizeSettings",
    "Quantity",
    "collapse_whitespace",
    "correct_name",
    "correct_term",
    "find_year",
    "find_years",
    "fix_heading_ocr",
    "fix_roman_heading",
    "int_to_roman",
    "jns_pemda_for_region",
    "load_lexicon",
    "match_nomenclature",
    "nomenclature_key",
    "parse_money",
    "parse_number",
    "parse_number_cell",
    "parse_period",
    "parse_quantity",
    "parse_year",
    "repair_number_cell",
    "roman_to_int",
    "segment_glued",
    "word_similarity",
    "BudgetStatement",
    "ProseEntity",
    "find_entities",
    "read_budget_statement",
    "read_row_number",
    "repair_outline_numbers",
    "strip_list_marker",
    "strip_markup",
    "strip_ruling_noise",
    "strip_trailing_punctuation",
]
