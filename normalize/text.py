"""Pure text clean-up: whitespace, converter markup, list markers and BAB headings.

These functions never consult a dictionary; they undo layout artefacts of PDF converters
(markdown emphasis) and of Tesseract (ruling lines read as "|", Roman numerals read as
"|", "Il" or "1").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "collapse_whitespace",
    "fix_heading_ocr",
    "fix_roman_heading",
    "int_to_roman",
    "roman_to_int",
    "strip_list_marker",
    "strip_markup",
    "strip_ruling_noise",
    "strip_trailing_punctuation",
]

# Zero-width characters and the soft hyphen survive PDF extraction invisibly and break word
# matching, so they go with the whitespace.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WHITESPACE = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    """Collapse every run of whitespace (tabs, newlines, NBSP) to one space and strip the ends."""
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


# Markdown emphasis as converters emit it: "**bold**", "*italic*", "***both***", "__x__".
# The lookarounds keep "5 * 3" and bullets ("* item") out of it.
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.S)
# A bold span that a converter split across lines leaves unpaired "**" behind.
_STRAY_STARS = re.compile(r"\*{2,}")


def strip_markup(text: str) -> str:
    """Remove markdown emphasis markers, keeping the emphasised text.

    >>> strip_markup("**Rp. 3.088.327.417-**")
    'Rp. 3.088.327.417-'
    >>> strip_markup("berupa *output* dan")
    'berupa output dan'
    """
    previous = None
    while previous != text:  # nested emphasis ("***x***" inside "**...**") needs passes
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    return _STRAY_STARS.sub("", text)


# "|" is never part of a name in these documents: it is a ruling line read as a character.
# Lone "_", "~" and "—" tokens are the same artefact when they stand between spaces.
_RULING_CHARS = re.compile(r"\|+")
_RULING_TOKENS = re.compile(r"(?:(?<=\s)|^)[_~—]+(?=\s|$)")


def strip_ruling_noise(text: str) -> str:
    """Drop characters that table ruling lines become under OCR ("|Kegiatan" -> "Kegiatan")."""
    return collapse_whitespace(_RULING_TOKENS.sub(" ", _RULING_CHARS.sub(" ", text)))


_TRAILING_PUNCT = re.compile(r"[\s;:,.]+$")


def strip_trailing_punctuation(text: str) -> str:
    """Strip list punctuation at the end of an item ("...berbudaya ;" -> "...berbudaya")."""
    return _TRAILING_PUNCT.sub("", text)


# List markers, most specific first. Each alternative is anchored at the start and must be
# followed by whitespace or the end (a "No" cell holds just "1."), so "1.1.Latar" or a
# year "2021 " never matches. A bare
# number ("1 Undang-Undang", OCR lost the dot) is only taken before a capital letter and up
# to two digits; "12 Proposal" is therefore ambiguous and callers should not pass
# quantities here.
_LIST_MARKER = re.compile(
    r"""^\s*(?:[|!il'`,.]\s+(?=\d))?   # a speck OCR read before the marker ("i 2.", "| 3.")
    (?:
        (?P<outline>\d{1,2}(?:\.\d{1,2})+)\.?          # 1.1  1.1.  2.3.1
      | \((?P<paren>\d{1,2}|[a-z])\)                     # (1)  (a)
      | (?P<num>\d{1,2})[.,)]                            # 1.  4,  (OCR comma)  1)
      | (?P<letter>[a-z])[.)]                            # a.  b)
      | (?P<roman>[IVX]{1,4})\.                          # I.  IV.
      | (?P<bullet><>|[-\u2013\u2022\u25cf\u25aa\u25e6*\u00b7>\u00bb])  # - • <> (OCR)
      | (?P<bare>\d{1,2})(?=\s+[A-Z])                    # 1 Undang-Undang
    )(?:\s+|$)""",
    re.X,
)


def strip_list_marker(text: str) -> tuple[str | None, str]:
    """Split a leading list marker from an item.

    Returns ``(marker, rest)``. The marker loses its punctuation ("1." -> "1", "4," -> "4",
    "a." -> "a", "(1)" -> "1"); bullets are returned as printed ("-", "<>"). Without a
    marker the result is ``(None, text)``.
    """
    match = _LIST_MARKER.match(text)
    if match is None:
        return None, text
    marker = next(value for value in match.groupdict().values() if value is not None)
    return marker, text[match.end() :]


# The cell of a "No" column as OCR may read it: "2 .\u201c", "'3", "1.1.", "4,".
_ROW_NUMBER = re.compile(r"^[^\w]*(\d{1,3}(?:\s*\.\s*\d{1,3})*)[^\w]*$")


def read_row_number(cell: str) -> str:
    """The number printed in a "No" cell, without the punctuation and specks around it.

    "2 .\u201c" -> "2", "1.1." -> "1.1", "(3)" -> "3". A cell that holds anything else
    (a letter, a word, two numbers) is returned stripped but otherwise as printed, so the
    caller can still see what was there.
    """
    text = cell.strip()
    match = _ROW_NUMBER.match(text)
    if match is None:
        return text.rstrip(".")
    return re.sub(r"\s+", "", match.group(1))


def repair_outline_numbers(numbers: Sequence[str]) -> list[str]:
    """Put back the dot OCR dropped from outline numbers in one column of row numbers.

    In a column that numbers goals "1", "2" and their objectives "1.1", "1.2", a "11"
    under goal 1 is objective 1.1 read without its dot (a goal 11 right after goal 1 would
    skip nine). Only done when the column holds outline numbers elsewhere; numbers are as
    `read_row_number` gives them, "" for an empty cell.
    """
    if not any(_OUTLINE.fullmatch(n) for n in numbers):
        return list(numbers)
    repaired, goal = [], None
    for number in numbers:
        if re.fullmatch(r"\d+", number):
            if (goal is not None and len(number) == len(goal) + 1
                    and number.startswith(goal) and not number.endswith("0")):
                number = f"{goal}.{number[len(goal):]}"
            else:
                goal = number
        elif _OUTLINE.fullmatch(number):
            goal = number.split(".")[0]
        repaired.append(number)
    return repaired


_OUTLINE = re.compile(r"\d{1,2}\.\d{1,2}")


def number_ranges(numbers: Sequence[int]) -> str:
    """"1-3, 7" for [1, 2, 3, 7]: page or line numbers as a reader writes them."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ROMAN_VALID = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def roman_to_int(text: str) -> int | None:
    """Value of a Roman numeral ("IV" -> 4), or None when ``text`` is not a valid one."""
    numeral = text.strip().upper()
    if not numeral or not _ROMAN_VALID.match(numeral):
        return None
    total, index = 0, 0
    for value, symbol in _ROMAN_VALUES:
        while numeral.startswith(symbol, index):
            total += value
            index += len(symbol)
    return total


def int_to_roman(value: int) -> str:
    """Roman numeral of a positive integer (4 -> "IV")."""
    if value <= 0:
        raise ValueError(f"no Roman numeral for {value}")
    parts = []
    for amount, symbol in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        parts.append(symbol * count)
    return "".join(parts)


# Words after which a Roman numeral is expected: chapter headings, and the administrative
# rank of the old region names ("Kotamadya Daerah Tingkat Il Depok").
_BAB_NUMERAL = re.compile(r"(?P<keyword>\b(?:BAB|Bab)\s+)(?P<numeral>\S+)")
_TINGKAT_NUMERAL = re.compile(r"(?P<keyword>\bT(?:ingkat|INGKAT)\s+)(?P<numeral>\S+)")
# Tesseract reads "I" as "|", "l", "1" or "!"; a token made only of these is a run of I's.
_ONE_LIKE = frozenset("|lI1!")


def _fix_numeral(token: str, *, digits: bool) -> str:
    """Repair one numeral token; anything that is not numeral-like is returned unchanged.

    ``digits`` allows Arabic numbers to become Roman ("1" -> "I", "4" -> "IV"), which is right
    after "BAB" but not after words that also take Arabic numbers.
    """
    core = token.rstrip(".:")
    tail = token[len(core) :]
    if not core:
        return token
    if core.isdigit():
        if not digits:
            return token
        if set(core) <= _ONE_LIKE:
            return "I" * len(core) + tail
        value = int(core)
        return int_to_roman(value) + tail if 0 < value < 40 else token
    # An I-run misread inside a numeral: "|" -> "I", "Il" -> "II", "lV" -> "IV", "Xl" -> "XI".
    candidate = "".join("I" if ch in _ONE_LIKE else ch for ch in core)
    if candidate.isupper() and roman_to_int(candidate) is not None:
        return candidate + tail
    return token


def fix_roman_heading(text: str) -> str:
    """Repair the Roman numeral after "BAB" (and "Tingkat") as OCR and converters garble it.

    "BAB |" -> "BAB I", "BAB Il" -> "BAB II", "BAB Ill" -> "BAB III", "BAB 1" -> "BAB I",
    "BAB 4" -> "BAB IV", "Tingkat Il" -> "Tingkat II". After "BAB", a number made only of
    ones counts as I's ("11" -> "II"): a chapter number above ten is far rarer than a
    doubled "I" read as "11".
    """

    def repair_bab(match: re.Match[str]) -> str:
        return match.group("keyword") + _fix_numeral(match.group("numeral"), digits=True)

    def repair_tingkat(match: re.Match[str]) -> str:
        return match.group("keyword") + _fix_numeral(match.group("numeral"), digits=False)

    return _TINGKAT_NUMERAL.sub(repair_tingkat, _BAB_NUMERAL.sub(repair_bab, text))


_LEADING_RULING = re.compile(r"^[\s|_~—]+")


def fix_heading_ocr(line: str) -> str:
    """Clean a heading line: markup, ruling characters at the start, whitespace, BAB numeral.

    >>> fix_heading_ocr("**BAB |  PENDAHULUAN**")
    'BAB I PENDAHULUAN'
    """
    line = collapse_whitespace(strip_markup(line))
    return fix_roman_heading(_LEADING_RULING.sub("", line))
