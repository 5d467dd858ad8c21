"""Indonesian numbers, money, quantities and years as printed in RKT tables.

Indonesian writes "." between thousands and "," before decimals: "3.088.327.417" is three
billion, "96,82" is ninety-six point eight two. Converters and OCR add their own noise
(markdown bold, a space inside a digit group, a ruling line read as a leading "1"), which is
undone here. Every function is pure and returns None (or a value of None) rather than
guessing when the text is not a number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from normalize.settings import DEFAULT_SETTINGS, NormalizeSettings
from normalize.text import collapse_whitespace, strip_markup

__all__ = [
    "Money",
    "NumberColumn",
    "Quantity",
    "find_year",
    "find_years",
    "parse_money",
    "parse_number",
    "parse_number_cell",
    "parse_period",
    "parse_quantity",
    "parse_year",
    "repair_number_cell",
]


@dataclass(frozen=True)
class Money:
    """An amount of rupiah as printed ("Rp. 3.088.327.417,-" -> amount 3088327417)."""

    amount: int
    currency: str = "IDR"
    raw: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The contract's Money record."""
        return {"amount": self.amount, "currency": self.currency, "raw": self.raw}


@dataclass(frozen=True)
class Quantity:
    """A target or achievement cell: a number with its unit, or only the raw text.

    ``comparator`` (">=", "<=", ">", "<", "=") records a printed "≥ 80%" or "minimal 80%";
    the contract v1 has no field for it, so ``to_dict`` leaves it out.
    """

    value: float | None
    unit: str | None
    raw: str
    comparator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's Quantity record."""
        return {"value": self.value, "unit": self.unit, "raw": self.raw}


# --- numbers -------------------------------------------------------------------------------

_PLAIN = re.compile(r"\d+")
_ID_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 3.088.327.417  1.250.000,00
_ID_DECIMAL = re.compile(r"\d+,\d+")  # 96,82  0,02
_ONE_DOT = re.compile(r"\d+\.\d+")  # 10.000 (thousands) or 96.82 (decimal)
_EN_GROUPED_DECIMAL = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+")  # 1,250,000.50
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){2,}")  # 1,250,000 (one group would be a decimal)
# The rupiah convention "3.088.327.417,-" (or "-", ".-") closes the amount; it is not a sign.
_RUPIAH_TAIL = re.compile(r"(?:[,.]?\s*[-\u2013\u2014]+|,00)$")
_MINUS = "-\u2212\u2013"  # hyphen, minus sign, en dash


def _number_core(text: str) -> str:
    """Strip markup, whitespace, a rupiah tail and sentence punctuation around a number."""
    core = collapse_whitespace(strip_markup(text))
    core = core.rstrip(";:")
    if core.endswith(".") and not core.endswith(".."):
        core = core[:-1]
    return _RUPIAH_TAIL.sub("", core).strip() if len(core) > 1 else core


def _parse_unsigned(core: str) -> float | None:
    if _PLAIN.fullmatch(core):
        return float(core)
    if _ID_GROUPED.fullmatch(core):
        return float(core.replace(".", "").replace(",", "."))
    if _ID_DECIMAL.fullmatch(core):
        return float(core.replace(",", "."))
    if _ONE_DOT.fullmatch(core):
        whole, fraction = core.split(".")
        # "10.000" is ten thousand in an Indonesian table; "96.82" can only be a decimal.
        return float(whole + fraction) if len(fraction) == 3 else float(core)
    if _EN_GROUPED_DECIMAL.fullmatch(core):
        return float(core.replace(",", ""))
    if _EN_GROUPED.fullmatch(core):
        return float(core.replace(",", ""))
    return None


def parse_number(text: str) -> float | None:
    """Parse an Indonesian number; None when ``text`` is not one number.

    "3.088.327.417" -> 3088327417.0, "96,82" -> 96.82, "10.000" -> 10000.0, "75" -> 75.0,
    "96.82" -> 96.82 (one dot not followed by exactly three digits is a decimal point),
    "3.088.327.41 7" -> 3088327417.0 (OCR split a digit group), "Rp"-free money tails such
    as "2.714.724.445,-" are accepted. Units ("75%") are not: see ``parse_quantity``.
    """
    core = _number_core(text)
    negative = False
    if core.startswith("(") and core.endswith(")"):
        core, negative = core[1:-1].strip(), True  # accounting notation
    elif core[:1] in _MINUS and len(core) > 1:
        core, negative = core[1:].strip(), True
    value = _parse_unsigned(core)
    if value is None and " " in core:
        # OCR breaks digit groups ("3.088.327.41 7"); rejoin only when the result is a
        # correctly grouped number, so that "2019 2020" stays two numbers (None here).
        joined = core.replace(" ", "")
        if _ID_GROUPED.fullmatch(joined) or _EN_GROUPED.fullmatch(joined):
            value = _parse_unsigned(joined)
    if value is None or not math.isfinite(value):
        return None  # "1e400"-sized digit strings overflow to inf: not a number of a table
    return -value if negative else value


# --- money ---------------------------------------------------------------------------------

_CURRENCY_PREFIX = re.compile(r"^(?:Rp|IDR)\s*\.?\s*", re.IGNORECASE)
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")  # "(tiga milyar ...)" spelt out
_MULTIPLIERS = {
    "ribu": 1_000,
    "rb": 1_000,
    "juta": 1_000_000,
    "jt": 1_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "m": 1_000_000_000,
    "triliun": 1_000_000_000_000,
    "t": 1_000_000_000_000,
}
_MULTIPLIER_TAIL = re.compile(r"\s*(?P<word>[A-Za-z]+)\.?$")


def parse_money(text: str) -> Money | None:
    """Parse a rupiah amount; None when there is no amount.

    Accepts "Rp. 3.088.327.417-", "Rp. 2.714.724.445,-", "Rp 1.250.000.000,00",
    "3.314.590.000", "**Rp. 3.088.327.417-**" and "Rp 1,5 miliar". The amount is rounded to
    whole rupiah.
    """
    raw = text
    core = collapse_whitespace(strip_markup(text))
    core = _TRAILING_NOTE.sub("", core)
    core = _CURRENCY_PREFIX.sub("", core)
    multiplier = 1
    tail = _MULTIPLIER_TAIL.search(core)
    if tail is not None:
        factor = _MULTIPLIERS.get(tail.group("word").lower())
        if factor is None:
            return None  # words after the number: not a bare amount
        multiplier, core = factor, core[: tail.start()]
    value = parse_number(core)
    # A budget is never negative (the contract's amount has minimum 0): "-1" or "(500)" in
    # a money cell is not an amount; nor is a number beyond what floats hold.
    if value is None or value < 0 or not math.isfinite(value * multiplier):
        return None
    return Money(amount=round(value * multiplier), currency="IDR", raw=raw)


# --- quantities ----------------------------------------------------------------------------

_COMPARATORS = (
    (re.compile(r"^(?:>=|≥|=>|>\s=|⩾)\s*"), ">="),
    (re.compile(r"^(?:<=|≤|=<|<\s=|⩽)\s*"), "<="),
    (re.compile(r"^(?:min(?:imal|imum)?\.?|sekurang-kurangnya|paling\s+sedikit)\s+", re.I), ">="),
    (re.compile(r"^(?:maks(?:imal|imum)?\.?|max\.?|paling\s+banyak)\s+", re.I), "<="),
    (re.compile(r"^>\s*"), ">"),
    (re.compile(r"^<\s*"), "<"),
    (re.compile(r"^=\s*"), "="),
)
_LEADING_NUMBER = re.compile(r"^(?P<number>\d[\d.,]*(?:\s+[\d.,]*\d[\d.,]*)*)\s*(?P<rest>.*)$")
# "80-85%", "80 s.d. 85 %": a range is not one value.
_RANGE = re.compile(r"^(?:[-\u2013\u2014]|s\.?\s?d\.?|s/d|sampai|hingga)\s*\d", re.I)
_UNIT_TRIM = re.compile(r"^[\s:]+|[\s.;,:]+$")


def _split_comparator(text: str) -> tuple[str | None, str]:
    for pattern, comparator in _COMPARATORS:
        match = pattern.match(text)
        if match:
            return comparator, text[match.end() :]
    return None, text


def _clean_unit(text: str) -> str | None:
    unit = _UNIT_TRIM.sub("", text).replace("\uff05", "%").lower()
    return unit or None


def _leading_number(text: str) -> tuple[float, str] | None:
    """The number a text starts with and the rest, preferring the longest parse.

    Tokens are tried longest first so that an OCR-split group ("3.088.327.41 7 orang") is
    rejoined before the shorter reading wins.
    """
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return None
    tokens = match.group("number").split(" ")
    for count in range(len(tokens), 0, -1):
        value = parse_number(" ".join(tokens[:count]))
        if value is not None:
            rest = " ".join([*tokens[count:], match.group("rest")])
            return value, rest.strip()
    return None


def parse_quantity(text: str) -> Quantity:
    """Parse a target/achievement cell into value, unit and comparator; raw is always kept.

    "75%" / "75 %" -> 75.0 "%", "96,82%" -> 96.82 "%", "12 Proposal" -> 12.0 "proposal",
    "≥ 80%" -> 80.0 "%" comparator ">=", "100" -> 100.0 None, "WTP" -> None None,
    "Rp. 269.010.230" -> 269010230.0 "rp". Units are lower-cased as printed.
    """
    raw = text
    core = collapse_whitespace(strip_markup(text))
    if not core:
        return Quantity(value=None, unit=None, raw=raw)
    comparator, core = _split_comparator(core)
    if _CURRENCY_PREFIX.match(core):
        money = parse_money(core)
        if money is not None:
            return Quantity(float(money.amount), "rp", raw, comparator)
    parsed = _leading_number(core)
    if parsed is None:
        return Quantity(value=None, unit=None, raw=raw, comparator=comparator)
    value, rest = parsed
    if _RANGE.match(rest):
        unit = re.sub(r"^.*?\d[\d.,]*\s*", "", rest, count=1)
        return Quantity(value=None, unit=_clean_unit(unit), raw=raw, comparator=comparator)
    return Quantity(value=value, unit=_clean_unit(rest), raw=raw, comparator=comparator)


# --- years ---------------------------------------------------------------------------------

# A four-digit run not glued to other digits or to a digit group ("2.021.000"). An optional
# leading "1" is a ruling line that Tesseract read as a digit ("12022" for "2022").
_YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(?P<lead>1?)(?P<year>\d{4})(?!\d)(?![.,]\d)")
_YEAR_PREFIX = re.compile(r"^(?:tahun|thn\.?|th\.?|t\.\s?a\.?|ta\.?)\s*", re.IGNORECASE)
_PERIOD = re.compile(
    r"(?<!\d)(?P<start>1?\d{4})\s*(?:[-\u2013\u2014/]+|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*"
    r"(?P<end>1?\d{4})(?!\d)",
    re.IGNORECASE,
)


def _plausible(digits: str, settings: NormalizeSettings) -> int | None:
    """The year that a 4-digit run, or a 5-digit run with an OCR leading "1", stands for."""
    if len(digits) == 5:
        if not digits.startswith("1"):
            return None
        digits = digits[1:]
    if len(digits) != 4:
        return None
    year = int(digits)
    return year if settings.year_min <= year <= settings.year_max else None


def find_years(text: str, settings: NormalizeSettings = DEFAULT_SETTINGS) -> tuple[int, ...]:
    """Every plausible year in ``text``, in order ("2016—-2021Kantor" -> (2016, 2021))."""
    years = []
    for match in _YEAR.finditer(text):
        year = _plausible(match.group("lead") + match.group("year"), settings)
        if year is None and match.group("lead"):
            year = _plausible(match.group("year"), settings)
        if year is not None:
            years.append(year)
    return tuple(years)


def find_year(text: str, settings: NormalizeSettings = DEFAULT_SETTINGS) -> int | None:
    """The first plausible year in ``text`` ("Capaian Kinerja Tahun 2020" -> 2020)."""
    years = find_years(text, settings)
    return years[0] if years else None


def parse_year(text: str, settings: NormalizeSettings = DEFAULT_SETTINGS) -> int | None:
    """A cell or header that is one year: "2021", "Tahun 2021", "(2021)", OCR "12022" -> 2022.

    None when the text holds anything else (use ``find_year`` to search inside prose).
    """
    core = collapse_whitespace(strip_markup(text)).replace("|", "").strip()
    core = core.strip("()[]{}").strip(" .,;:")
    core = _YEAR_PREFIX.sub("", core).strip("()[] .,;:")
    if not core.isdigit():
        return None
    return _plausible(core, settings)


def parse_period(
    text: str, settings: NormalizeSettings = DEFAULT_SETTINGS
) -> tuple[int, int] | None:
    """The first year range in ``text``: "RPJMD 2020-2024" -> (2020, 2024); "2016—-2021" too."""
    for match in _PERIOD.finditer(text):
        start = _plausible(match.group("start"), settings)
        end = _plausible(match.group("end"), settings)
        if start is not None and end is not None and start <= end:
            return start, end
    return None


# --- number cells --------------------------------------------------------------------------

NumberColumn = Literal["money", "number", "percent"]

# Scans read the thousands dot as ":" or ";" ("1:250.000"). Only inside a column known to
# hold numbers is that a misreading: in prose "1:250.000" is a map scale.
_MISREAD_GROUP_DOT = re.compile(r"(?<=\d)[:;](?=\d{3}(?!\d))")
# Letters Tesseract gives for digits, inside a number: "l00" 100, "2O21" 2021, "1I" 11.
_DIGIT_LIKE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER_TOKEN = re.compile(r"[\dOolI|.,:;]+")
_EDGE_RULES = re.compile(r"^\|+|\|+$")  # a ruling line read as "|" at a cell's edge


def _repair_token(token: str) -> str:
    token = _EDGE_RULES.sub("", token)
    percent = "%" if token.endswith("%") else ""
    token = token[: len(token) - len(percent)]
    if not _NUMBER_TOKEN.fullmatch(token):
        return token + percent
    digits = sum(ch.isdigit() for ch in token)
    letters = sum(ch in "OolI|" for ch in token)
    if digits == 0 or letters > digits:
        return token + percent  # "Il", "lo": a word or a Roman numeral, not a number
    return token.translate(_DIGIT_LIKE) + percent


_MARKS_ONLY = re.compile(r"[\'\"“”‘’`:;.,|_~]+")
_OCR_QUOTES = re.compile(r"^[\'\"“”‘’`]+(?=\d)|(?<=[\d%])[\'\"“”‘’`]+$")
_TRAILING_DOT = re.compile(r"\d+(?:,\d+)?%?\.")

# Tesseract's readings of "%" after a number (ocr-facts.md): "0,02 Yo", "100Y6", "75Yo".
_PERCENT_MISREAD = re.compile(r"(?<=\d)\s?(?:Yo|yo|Y6|Y0)(?=\s|$)")


def repair_number_cell(text: str) -> str:
    """Undo OCR misreadings that are safe only in a column of numbers.

    "1:250.000" -> "1.250.000", "3;088;327;417" -> "3.088.327.417", "l00" -> "100",
    "2O21" -> "2021", "|75%" -> "75%", "0,02 Yo" -> "0,02%". Words and Roman numerals
    ("Il") stay as they are.
    """
    text = _PERCENT_MISREAD.sub("%", collapse_whitespace(strip_markup(text)))
    # Specks and rule ends read as quotes, colons or dots around the number ("' 3 .",
    # "“65,93", ": 75% ‘"): marks alone are dropped, quotes at a number's edges too.
    tokens = [_OCR_QUOTES.sub("", token) for token in text.split()
              if not _MARKS_ONLY.fullmatch(token)]
    if len(tokens) == 1 and _TRAILING_DOT.fullmatch(tokens[0]):
        tokens = [tokens[0][:-1]]
    tokens = [_repair_token(token) for token in tokens]
    return _MISREAD_GROUP_DOT.sub(".", " ".join(token for token in tokens if token))


def parse_number_cell(
    text: str, column: NumberColumn, settings: NormalizeSettings = DEFAULT_SETTINGS
) -> Money | Quantity | None:
    """Parse a cell of a column known to hold money, plain numbers or percents.

    The column type allows repairs (``repair_number_cell``) that free text does not: a
    money cell "Rp 1:250.000" is 1250000 rupiah, a percent cell "96.82" is 96.82 and
    "9O%" is 90 %. Money columns give ``Money`` (None without an amount); the others give a
    ``Quantity`` (value None when the cell holds no number).
    """
    repaired = repair_number_cell(text)
    if column == "money":
        money = parse_money(repaired)
        return Money(money.amount, money.currency, text.strip()) if money else None
    quantity = parse_quantity(repaired)
    if column == "percent" and quantity.value is not None and quantity.unit is None:
        quantity = Quantity(quantity.value, "%", quantity.raw, quantity.comparator)
    return Quantity(quantity.value, quantity.unit, text.strip(), quantity.comparator)
