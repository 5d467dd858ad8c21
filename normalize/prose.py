"""Money, percents, years, quantities and budget cues in running text, with spaCy rules.

A blank Indonesian spaCy pipeline (tokenizer only, no model to download; see ``_nlp``) with
one ``entity_ruler`` whose token patterns mark

    MONEY     "Rp. 3.088.327.417-", "Rp 1.250.000.000,00", "Rp.3.088.327.41 7,-"
    PERCENT   "96,82%", "0,02 %", ">= 80%", "≥ 80 persen"
    YEAR      "Tahun 2020", "2021"
    QUANTITY  "12 Proposal", "4 dokumen" (a number and a unit word)
    BUDGET    "Jumlah Anggaran", "Total Pagu", "Jumlah Dana"
    REALIZED  "Jumlah Realisasi Anggaran"
    SECTION   "BAB II", "Tabel 2.3", "Lampiran" (cues that prose refers to a part of the plan)

and ``read_budget_statement`` turns a line like "Jumlah Anggaran Kegiatan Tahun 2020 : Rp.
3.088.327.417-" into its year, amount and kind. The tokenizer keeps "3.088.327.417" and
"96,82" as single number tokens; the values are parsed by ``normalize.numbers``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from normalize.numbers import Money, Quantity, parse_money, parse_quantity, parse_year
from normalize.text import collapse_whitespace, strip_markup

__all__ = ["BudgetStatement", "ProseEntity", "find_entities", "read_budget_statement"]

_YEAR_TEXT = r"^(19|20)\d\d$"
# Unit words that follow a count in RKT prose and tables ("12 Proposal", "4 dokumen").
UNIT_WORDS = (
    "dokumen", "kegiatan", "orang", "proposal", "laporan", "kali", "bulan", "tahun", "unit",
    "paket", "lembaga", "ormas", "partai", "desa", "kelurahan", "kecamatan", "sekolah",
    "peserta", "kelompok", "forum", "buah", "berkas", "rekomendasi", "jenis", "titik",
    "hari", "pegawai", "asn", "opd", "perangkat", "layanan", "aplikasi", "sistem",
)  # fmt: skip
_AMOUNT_WORDS = ("anggaran", "pagu", "dana", "belanja")
_ROMAN = r"^[IVXL]+\.?$"
_SECTION_NUMBER = r"^(?:\d+(?:\.\d+)*\.?|[IVXL]+)$"


def _patterns() -> list[dict[str, Any]]:
    number = {"LIKE_NUM": True}
    comparator = [{"ORTH": {"IN": [">", "<", "≥", "≤"]}}, {"ORTH": "=", "OP": "?"}]
    money = [{"LOWER": {"IN": ["rp", "idr"]}}, {"ORTH": ".", "OP": "?"},
             {"LIKE_NUM": True, "OP": "+"}, {"ORTH": {"IN": [",", "-", ",-"]}, "OP": "*"}]
    percent_sign = {"LOWER": {"IN": ["%", "persen"]}}
    year = {"TEXT": {"REGEX": _YEAR_TEXT}}
    return [
        {"label": "MONEY", "pattern": money},
        {"label": "PERCENT", "pattern": [number, percent_sign]},
        {"label": "PERCENT", "pattern": [*comparator, number, percent_sign]},
        {"label": "YEAR", "pattern": [{"LOWER": "tahun"}, year]},
        {"label": "YEAR", "pattern": [year]},
        {"label": "QUANTITY", "pattern": [number, {"LOWER": {"IN": list(UNIT_WORDS)}}]},
        {"label": "REALIZED", "pattern": [{"LOWER": {"IN": ["jumlah", "total"]}},
                                          {"LOWER": "realisasi"},
                                          {"LOWER": {"IN": list(_AMOUNT_WORDS)}}]},
        {"label": "BUDGET", "pattern": [{"LOWER": {"IN": ["jumlah", "total"]}},
                                        {"LOWER": {"IN": list(_AMOUNT_WORDS)}}]},
        {"label": "SECTION", "pattern": [{"LOWER": "bab"}, {"TEXT": {"REGEX": _ROMAN}}]},
        {"label": "SECTION", "pattern": [{"LOWER": {"IN": ["tabel", "gambar", "lampiran"]}},
                                         {"TEXT": {"REGEX": _SECTION_NUMBER}}]},
    ]


@functools.cache
def _nlp() -> Any:
    """The Indonesian pipeline with the rules; built once per process.

    spaCy's Indonesian tokenizer (its prefix, suffix and infix rules) without the language's
    15,900 tokenizer exceptions, which keep reduplicated and hyphenated words ("nilai-nilai")
    as one token: none of the rules looks at such a word, and
    `spacy.blank("id")` spends 3.4 s building them into special cases (0.14 s without), in
    every batch worker, Dask child and test process. Measured on the corpus and the RPJMN
    (38,109 lines): the same entities, at the same offsets, on every line.
    """
    from spacy.lang.id import Indonesian
    from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS

    class IndonesianFigures(Indonesian):
        class Defaults(Indonesian.Defaults):
            tokenizer_exceptions = BASE_EXCEPTIONS

    nlp = IndonesianFigures()
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_patterns())
    return nlp


Label = Literal["MONEY", "PERCENT", "YEAR", "QUANTITY", "BUDGET", "REALIZED", "SECTION"]


@dataclass(frozen=True)
class ProseEntity:
    """One recognised span: its label, text, character offsets and parsed value."""

    label: Label
    text: str
    start: int
    end: int
    value: Money | Quantity | int | None


def _value(label: str, text: str) -> Money | Quantity | int | None:
    if label == "MONEY":
        return parse_money(text)
    if label in ("PERCENT", "QUANTITY"):
        return parse_quantity(text)
    if label == "YEAR":
        return parse_year(text.split()[-1])
    return None


def find_entities(text: str) -> list[ProseEntity]:
    """Money, percents, years, counts and budget cues of ``text``, in order."""
    doc = _nlp()(text)
    return [ProseEntity(ent.label_, ent.text, ent.start_char, ent.end_char,
                        _value(ent.label_, ent.text))
            for ent in doc.ents]


@dataclass(frozen=True)
class BudgetStatement:
    """A budget line of the prose: "Jumlah [Realisasi] Anggaran ... Tahun Y : Rp. X"."""

    kind: Literal["allocated", "realized"]
    year: int
    money: Money
    percent: float | None
    text: str


_PERCENT_CUE = re.compile(r"\bsebesar\b", re.IGNORECASE)


def read_budget_statement(text: str, following: str = "") -> BudgetStatement | None:
    """The budget statement ``text`` makes, if it makes one.

    A cue ("Jumlah Anggaran", "Jumlah Realisasi Anggaran") must come first, then the year,
    then the amount. A realization's percent ("atau sebesar 96,82%") may continue on the
    next lines: pass them as ``following``.
    """
    text = collapse_whitespace(strip_markup(text))
    if not re.search(r"\b(jumlah|total)\b", text, re.IGNORECASE):
        return None  # cheap guard: most lines are not budget statements
    entities = find_entities(text)
    cue = next((e for e in entities if e.label in ("BUDGET", "REALIZED")), None)
    if cue is None:
        return None
    after = [e for e in entities if e.start >= cue.end]
    year = next((e for e in after if e.label == "YEAR"), None)
    money = next((e for e in after if e.label == "MONEY" and year is not None
                  and e.start >= year.end), None)
    if year is None or money is None or not isinstance(money.value, Money):
        return None
    if not isinstance(year.value, int):
        return None
    percent = None
    if cue.label == "REALIZED":
        window = collapse_whitespace(strip_markup(f"{text} {following}"))
        cue_at = _PERCENT_CUE.search(window)
        if cue_at is not None:
            found = next((e for e in find_entities(window[cue_at.end():])
                          if e.label == "PERCENT"), None)
            if found is not None and isinstance(found.value, Quantity):
                percent = found.value.value
    kind: Literal["allocated", "realized"] = "realized" if cue.label == "REALIZED" else "allocated"
    return BudgetStatement(kind, year.value, money.value, percent, text)
