"""Indonesian affix stripping, used only to decide that a word is a real derived form.

Root-word lists hold "laksana" but not "terlaksananya"; a frequency list holds the common
derived forms but not every one a planning table coins. A word that strips to a known stem
is therefore accepted as correct and never "corrected". The stripping over-generates on
purpose (no phonotactic rules): accepting a rare typo as a word costs a missed correction,
while rejecting a real word risks a wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["candidate_stems", "is_derived"]

_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_DERIVATIONAL = ("kan", "an", "i")
# Loan suffixes of administrative Indonesian: ekstrem-isme, minimal-isasi, pelaku-wan.
_LOAN_SUFFIXES = ("isme", "isasi", "itas", "wan", "wati")
# Loan adjectives pair with a noun in -asi/-si: regeneratif ~ regenerasi, integratif ~ integrasi.
_LOAN_SWAPS = (("atif", "asi"), ("itif", "isi"), ("utif", "usi"))

# Prefix -> the consonant a nasal prefix replaced before a vowel (pemahaman <- paham,
# penanganan <- tangan, pengelolaan <- kelola, penyusunan <- susun). "" means no restoration.
_PREFIXES: dict[str, str] = {
    "di": "", "ke": "", "se": "", "ber": "", "be": "", "bel": "", "ter": "", "te": "",
    "per": "", "pe": "", "pel": "", "me": "",
    "mem": "p", "pem": "p", "men": "t", "pen": "t", "meng": "k", "peng": "k",
    "meny": "s", "peny": "s", "menge": "", "penge": "",
}  # fmt: skip
# Prefixes that may follow a first prefix: mem-per-, di-per-, ke-ber-, ke-ter-, pem-ber-.
_INNER_PREFIXES = ("per", "ber", "ter", "pe", "be", "ke", "se")
# Bound loan prefixes written solid in standard Indonesian: antarumat, pascabencana.
_LOAN_PREFIXES = (
    "antar", "anti", "pasca", "pra", "multi", "non", "supra", "swa", "inter", "super",
    "sub", "semi", "ultra", "ekstra", "infra", "kontra", "mikro", "makro", "tri", "lintas",
)  # fmt: skip
_FIRST_PREFIXES = {**_PREFIXES, **dict.fromkeys(_LOAN_PREFIXES, "")}
_VOWELS = frozenset("aeiou")
_MIN_STEM = 3


def _strip_suffixes(word: str) -> set[str]:
    forms = {word}
    for layer in (_PARTICLES, _POSSESSIVES, _DERIVATIONAL):
        forms |= {
            form[: -len(suffix)]
            for form in forms
            for suffix in layer
            if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_STEM
        }
    forms |= {
        form[: -len(suffix)]
        for form in list(forms)
        for suffix in _LOAN_SUFFIXES
        if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_STEM
    }
    forms |= {
        form[: -len(old)] + new
        for form in list(forms)
        for old, new in _LOAN_SWAPS
        if form.endswith(old)
    }
    return forms


def _strip_prefix(word: str, prefixes: tuple[str, ...] | dict[str, str]) -> Iterator[str]:
    for prefix in prefixes:
        if not word.startswith(prefix) or len(word) - len(prefix) < _MIN_STEM:
            continue
        rest = word[len(prefix) :]
        yield rest
        restore = prefixes[prefix] if isinstance(prefixes, dict) else ""
        if restore and rest[0] in _VOWELS:
            yield restore + rest


def _affix_stems(word: str) -> Iterator[tuple[str, bool, bool]]:
    """(stem, a prefix was removed, a suffix was removed) for every way to strip ``word``."""
    for form in _strip_suffixes(word):
        suffixed = form != word
        if suffixed:
            yield form, False, True
        for once in _strip_prefix(form, _FIRST_PREFIXES):
            yield once, True, suffixed
            for twice in _strip_prefix(once, _INNER_PREFIXES):
                yield twice, True, suffixed


def candidate_stems(word: str) -> set[str]:
    """Every stem that ``word`` might have after removing up to two prefixes and its suffixes."""
    return {stem for stem, _prefixed, _suffixed in _affix_stems(word.lower())}


def _is_compound(stem: str, stems: frozenset[str] | set[str]) -> bool:
    return any(
        stem[:cut] in stems and stem[cut:] in stems
        for cut in range(_MIN_STEM + 1, len(stem) - _MIN_STEM)
    )


def is_derived(
    word: str, stems: frozenset[str] | set[str], roots: frozenset[str] | set[str] = frozenset()
) -> bool:
    """True when ``word`` is an affixed form of a word in ``stems``.

    A compound of two roots takes a prefix and a suffix as one solid word ("dititikberatkan"
    from "titik berat", "pertanggungjawaban"), so with both affixes removed the stem may
    also be two words of ``roots``. Only roots: derived words would let glued text through
    ("pencapaiantujuan" is not pen-capaian-tuju-an).
    """
    for stem, prefixed, suffixed in _affix_stems(word.lower()):
        if stem in stems:
            return True
        if roots and prefixed and suffixed and _is_compound(stem, roots):
            return True
    return False
