"""The domain lexicon: vocabulary with frequencies, acronyms, and Permendagri 90 nomenclature.

Loaded once per process (``load_lexicon`` is cached) from ``normalize/data`` and the
``wordfreq`` package. Everything the correction functions look up per word (length buckets
of correction targets, normalised nomenclature keys) is computed here, at load time.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from normalize.morphology import is_derived
from normalize.text import collapse_whitespace, strip_markup

__all__ = [
    "NOMENCLATURE_LEVELS",
    "Agency",
    "Lexicon",
    "NomenclatureEntry",
    "fold",
    "jns_pemda_for_region",
    "load_lexicon",
    "nomenclature_key",
    "normalize_level",
]

NOMENCLATURE_FILE = "nomenklatur_program_kegiatan_subkegiatan_kep050-3708.csv"
AGENCY_FILE = "perangkat_daerah_units.csv"
ROOTS_FILE = "sastrawi_kata-dasar.txt"
PLANNING_TERMS_FILE = "planning_terms.txt"
ACRONYMS_FILE = "acronyms.txt"
RESPELLINGS_FILE = "respellings.tsv"
PLACE_NAMES_FILE = "place_names.txt"

NOMENCLATURE_LEVELS = ("bidang", "program", "kegiatan", "sub_kegiatan")
# Zipf frequency a root needs to count as a part of a solid compound ("titik", "berat").
COMPOUND_ROOT_ZIPF = 4.0

# Function words: a glued word that contains one ("Pengendaliandan", "tahapansebagai") is
# almost surely two words that lost a space, unlike a compound name ("Wiraraja").
_FUNCTION_WORDS = frozenset(
    """di ke dan yang dalam dengan untuk oleh pada dari serta sebagai adalah atau bagi
    tentang kepada terhadap melalui secara antara bahwa agar karena sesuai maupun juga
    akan telah sudah dapat ini itu tersebut per""".split()
)
# Words of up to three letters that may be a piece of a glued word. Other short strings in
# the frequency list are mostly bound morphemes or fragments ("nya", "ter", "kan") that
# would split real words apart.
_SHORT_PIECES = frozenset(
    {word for word in _FUNCTION_WORDS if len(word) <= 3}
    | set("ada apa dua air hak hal isu ibu tim".split())
)
# Frequent tokens of the frequency list that are suffix chains, not words.
_BOUND_MORPHEMES = frozenset("nya annya kannya inya lah kah pun kan an".split())

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class NomenclatureEntry:
    """One row of the Permendagri 90 / Kepmendagri 050-3708 nomenclature."""

    level: str  # bidang, program, kegiatan or sub_kegiatan
    code: str  # e.g. "8.01.04", "X.XX.01.2.02" (X.XX: the same in every urusan)
    name: str  # official name as listed (programs are upper-case there)
    jns_pemda: str | None  # "provinsi" or "kabupaten/kota"
    active: bool  # False for rows dropped by a later decree
    legal_basis: str | None  # "90" (Permendagri 90) or "50" (changed by Kepmendagri 050-3708)


@dataclass(frozen=True)
class Agency:
    """A perangkat daerah (regional government unit) name with its primary bidang code."""

    id: int
    jns_pemda: str
    bidang_code: str
    name: str
    active: bool


@dataclass(frozen=True, eq=False, repr=False)
class Lexicon:
    """Everything the normalizer knows about words. Build it with ``load_lexicon``.

    ``eq=False`` keeps hashing by identity, so per-word results can be cached against one
    loaded lexicon.
    """

    vocabulary: frozenset[str]  # every known lower-case word form
    frequency: Mapping[str, float]  # Zipf frequency (wordfreq); absent = not in that list
    roots: frozenset[str]  # Indonesian root words (Sastrawi)
    foreign: frozenset[str]  # common English words: known, never targets
    planning: frozenset[str]  # hand-written planning vocabulary (planning_terms.txt)
    domain: frozenset[str]  # planning + confirmed words of official names: preferred targets
    acronyms: frozenset[str]  # lower-case; never corrected
    respellings: Mapping[str, str]  # non-standard spelling -> standard, lower-case
    stems: frozenset[str]  # what affix stripping may reach: roots, domain, frequent words
    compound_roots: frozenset[str]  # common roots that form solid compounds (titik+berat)
    function_words: frozenset[str]  # "dan", "yang", ...: their presence marks a glued word
    short_pieces: frozenset[str]  # the only words of 1-3 letters a glued word splits into
    bound_morphemes: frozenset[str]  # listed tokens that are never a piece of a glued word
    targets_by_length: Mapping[int, tuple[str, ...]]  # correction targets by length
    folded_targets_by_length: Mapping[int, tuple[str, ...]]  # ``fold`` of the same, aligned
    nomenclature: tuple[NomenclatureEntry, ...]
    nomenclature_keys: Mapping[str, tuple[str, ...]]  # level -> distinct normalised names
    nomenclature_by_key: Mapping[tuple[str, str], tuple[NomenclatureEntry, ...]]
    agencies: tuple[Agency, ...]
    places: frozenset[str] = frozenset()  # words of Indonesian region names, lower-case
    # Adjacent word pairs of the official names ("pajak daerah", "dalam rangka"): context
    # that tells which of two close words a misread one was.
    bigrams: frozenset[tuple[str, str]] = frozenset()

    def __repr__(self) -> str:
        return (
            f"Lexicon({len(self.vocabulary)} words, {len(self.domain)} domain terms, "
            f"{len(self.acronyms)} acronyms, {len(self.nomenclature)} nomenclature entries, "
            f"{len(self.agencies)} agencies)"
        )

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` (0.0 when the frequency list lacks it)."""
        return self.frequency.get(word.lower(), 0.0)

    def is_place(self, word: str) -> bool:
        """True for a word of a province, regency, city, district or village name."""
        return word.lower() in self.places

    def is_acronym(self, word: str) -> bool:
        return word.lower() in self.acronyms

    def is_known(self, word: str) -> bool:
        """True for a listed word, an acronym, a common English word (planning documents
        quote "output", "outcome", "baseline"), or an affixed form of a known stem."""
        return _is_known(self, word.lower())


@functools.lru_cache(maxsize=65536)
def _is_known(lexicon: Lexicon, word: str) -> bool:
    if word in lexicon.vocabulary or word in lexicon.acronyms or word in lexicon.foreign:
        return True
    return is_derived(word, lexicon.stems, lexicon.compound_roots)


# Spelling and OCR confusions that should cost (almost) nothing when comparing words:
# Indonesian writers swap v/f ("Vervikasi") and q/k; Tesseract reads "l" as "i" ("Jumiah")
# and "m" as "rn"; typing and OCR double letters ("Perrmasalahan", "kebangsaaan").
_FOLD_LETTERS = str.maketrans("vql", "fki")
_REPEATS = re.compile(r"(.)\1+")


def fold(word: str) -> str:
    """Comparison form of a word: lower-case, v -> f, q -> k, l -> i, rn -> m, no doubles."""
    folded = word.lower()
    # Doubles go first, so that the l -> i mapping cannot merge "li" into one letter. The
    # guards skip the slow calls for the many words that need neither (load time).
    if _REPEATS.search(folded):
        folded = _REPEATS.sub(r"\1", folded)
    if "rn" in folded:
        folded = folded.replace("rn", "m")
    return folded.translate(_FOLD_LETTERS)


# --- nomenclature keys ---------------------------------------------------------------------

_LEVEL_ALIASES = {
    "bidang": "bidang",
    "urusan": "bidang",
    "program": "program",
    "kegiatan": "kegiatan",
    "activity": "kegiatan",
    "sub_kegiatan": "sub_kegiatan",
    "sub kegiatan": "sub_kegiatan",
    "subkegiatan": "sub_kegiatan",
    "sub-kegiatan": "sub_kegiatan",
    "sub_activity": "sub_kegiatan",
}
_LEADING_LEVEL_WORD = re.compile(r"^(?:sub\s*kegiatan|kegiatan|program)\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalize_level(level: str | None) -> str | None:
    """Map "Sub Kegiatan", "sub_activity", "PROGRAM" ... to a nomenclature level name."""
    if level is None:
        return None
    key = collapse_whitespace(level).lower()
    if key not in _LEVEL_ALIASES:
        raise ValueError(f"unknown nomenclature level {level!r}; use one of {NOMENCLATURE_LEVELS}")
    return _LEVEL_ALIASES[key]


def nomenclature_key(name: str) -> str:
    """Comparable form of a program/kegiatan name: lower-case, no punctuation, no level word.

    "PROGRAM PEMBERDAYAAN DAN PENGAWASAN ORGANISASI KEMASYARAKATAN" and "Program pemberdayaan
    dan pengawasan organisasi kemasyarakatan" have the same key.
    """
    text = _NON_WORD.sub(" ", strip_markup(name).lower()).replace("_", " ")
    return _LEADING_LEVEL_WORD.sub("", collapse_whitespace(text))


_REGION_KIND = re.compile(r"^\s*(?P<kind>provinsi|kabupaten|kab\.?|kota|kotamadya)\b", re.I)


def jns_pemda_for_region(region: str | None) -> str | None:
    """The nomenclature's jns_pemda for a region name: "Kota Depok" -> "kabupaten/kota"."""
    match = _REGION_KIND.match(region or "")
    if match is None:
        return None
    return "provinsi" if match.group("kind").lower() == "provinsi" else "kabupaten/kota"


def _official_key(name: str) -> str:
    """``nomenclature_key`` without the markup pass: official names carry none (faster)."""
    text = " ".join(_NON_WORD.sub(" ", name.lower()).replace("_", " ").split())
    return _LEADING_LEVEL_WORD.sub("", text)


# --- loading -------------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("normalize").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _word_list(name: str) -> list[str]:
    """Non-comment lines of a one-entry-per-line data file."""
    lines = (line.split("#", 1)[0].strip() for line in _data_text(name).splitlines())
    return [line for line in lines if line]


def _respellings() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in _word_list(RESPELLINGS_FILE):
        wrong, right, *_why = line.split("\t")
        pairs[wrong.strip().lower()] = right.strip().lower()
    return pairs


def _read_nomenclature() -> tuple[NomenclatureEntry, ...]:
    rows = csv.reader(io.StringIO(_data_text(NOMENCLATURE_FILE)))
    header = next(rows)
    if header != ["level", "kode", "nama", "jns_pemda", "status_data", "id_hkm"]:
        raise ValueError(f"unexpected columns in {NOMENCLATURE_FILE}: {header}")
    # Plain csv.reader and str.split: DictReader and a regex cost a tenth of a second here.
    return tuple(
        NomenclatureEntry(
            level=level,
            code=code,
            name=" ".join(name.split()),
            jns_pemda=jns_pemda or None,
            active=status != "1",
            legal_basis=basis or None,
        )
        for level, code, name, jns_pemda, status, basis in rows
    )


def _read_agencies() -> tuple[Agency, ...]:
    rows = csv.DictReader(io.StringIO(_data_text(AGENCY_FILE)))
    return tuple(
        Agency(
            id=int(row["id_unit"]),
            jns_pemda=row["jns_pemda"],
            bidang_code=row["bidang_kode"],
            name=collapse_whitespace(row["nm_unit"]),
            active=row["status_data"] != "1",
        )
        for row in rows
    )


def _bigrams_of(names: Iterable[str]) -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for name in names:
        tokens = [word.lower() for word in _WORD.findall(name)]
        pairs.update(zip(tokens, tokens[1:], strict=False))
    return frozenset(pairs)


def _words_of(names: Iterable[str]) -> set[str]:
    return {word.lower() for name in names for word in _WORD.findall(name) if len(word) > 1}


def _index_nomenclature(
    entries: tuple[NomenclatureEntry, ...],
) -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], tuple[NomenclatureEntry, ...]]]:
    by_key: dict[tuple[str, str], list[NomenclatureEntry]] = defaultdict(list)
    for entry in entries:
        by_key[(entry.level, _official_key(entry.name))].append(entry)
    keys: dict[str, list[str]] = defaultdict(list)
    for level, key in by_key:
        keys[level].append(key)
    return (
        {level: tuple(names) for level, names in keys.items()},
        {key: tuple(group) for key, group in by_key.items()},
    )


@functools.cache
def load_lexicon() -> Lexicon:
    """Load the lexicon once; later calls return the same object."""
    import wordfreq  # imported here: numbers and text must not pay for it

    frequency = {
        word: round(math.log10(probability) + 9, 2)
        for word, probability in wordfreq.get_frequency_dict("id").items()
        if word.isalpha()
    }
    roots = frozenset(_word_list(ROOTS_FILE))
    # wordfreq's small English list: every entry has Zipf >= 3, i.e. a common word.
    english = wordfreq.get_frequency_dict("en", wordlist="small")
    foreign = frozenset(word for word in english if word.isalpha())
    planning = {word.lower() for word in _word_list(PLANNING_TERMS_FILE)}
    acronyms = frozenset(word.lower() for word in _word_list(ACRONYMS_FILE))
    respellings = _respellings()
    nomenclature = _read_nomenclature()
    agencies = _read_agencies()

    official_words = _words_of(entry.name for entry in nomenclature)
    official_words |= _words_of(agency.name for agency in agencies)
    general = frequency.keys() | roots
    # The official names have typos of their own ("Singkronisasi", "Penyalagunaan"), so only
    # their words that a general list confirms count; the rest were curated into
    # planning_terms.txt or are reached by affix stripping.
    domain = frozenset(planning | (official_words & general))
    vocabulary = frozenset(general | planning)
    stems = frozenset(roots | domain | {word for word in frequency if len(word) >= 4})
    # Only common roots: rare ones ("andar") would make glued text a "compound"
    # ("penjabarandari" as pen-jabar-andar-i).
    compound_roots = frozenset(
        root for root in roots if frequency.get(root, 0.0) >= COMPOUND_ROOT_ZIPF
    )

    targets: dict[int, list[str]] = defaultdict(list)
    for word in sorted(frequency.keys() | domain):
        if word not in acronyms and word not in respellings:
            targets[len(word)].append(word)

    nomenclature_keys, nomenclature_by_key = _index_nomenclature(nomenclature)
    return Lexicon(
        vocabulary=vocabulary,
        frequency=MappingProxyType(frequency),
        roots=roots,
        foreign=foreign,
        planning=frozenset(planning),
        domain=domain,
        acronyms=acronyms,
        respellings=MappingProxyType(respellings),
        stems=stems,
        compound_roots=compound_roots,
        function_words=_FUNCTION_WORDS,
        short_pieces=_SHORT_PIECES,
        bound_morphemes=_BOUND_MORPHEMES,
        targets_by_length=MappingProxyType({n: tuple(words) for n, words in targets.items()}),
        folded_targets_by_length=MappingProxyType(
            {n: tuple(fold(word) for word in words) for n, words in targets.items()}
        ),
        nomenclature=nomenclature,
        nomenclature_keys=MappingProxyType(nomenclature_keys),
        nomenclature_by_key=MappingProxyType(nomenclature_by_key),
        agencies=agencies,
        places=frozenset(_word_list(PLACE_NAMES_FILE)),
        bigrams=_bigrams_of([entry.name for entry in nomenclature]
                            + [agency.name for agency in agencies]),
    )
