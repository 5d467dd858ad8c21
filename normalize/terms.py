"""Conservative correction of OCR and typing errors in names, and nomenclature matching.

A wrong correction is worse than none: it silently changes what the document says. So a
word is only rewritten when (1) no list knows it, not even as an affixed form of a known
stem, (2) it is not an acronym, a number or a likely proper name, and (3) exactly one
vocabulary word is clearly closer to it than any other, by a score above the settings'
threshold. Every rewrite is reported as a ``Correction`` so that the raw text and the
change can be kept in provenance.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from normalize.lexicon import (
    _FOLD_LETTERS,
    Lexicon,
    NomenclatureEntry,
    fold,
    load_lexicon,
    nomenclature_key,
    normalize_level,
)
from normalize.morphology import candidate_stems
from normalize.settings import DEFAULT_SETTINGS, NormalizeSettings
from normalize.text import strip_markup, strip_ruling_noise, strip_trailing_punctuation

__all__ = [
    "Corrected",
    "Correction",
    "NomenclatureMatch",
    "correct_name",
    "correct_term",
    "near_misses",
    "match_nomenclature",
    "segment_glued",
    "word_similarity",
]

# Splitting glued words and joining split ones keep the letters: full similarity.
SEGMENTATION_SCORE = 100.0


@dataclass(frozen=True)
class Correction:
    """One rewrite: ``from_`` as read, ``to`` as corrected, rapidfuzz ``score`` 0-100."""

    from_: str
    to: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The contract's provenance correction record."""
        return {"from": self.from_, "to": self.to, "score": self.score}


@dataclass(frozen=True)
class Corrected:
    """A corrected text with the corrections that produced it (empty when unchanged)."""

    text: str
    corrections: tuple[Correction, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.corrections)


@dataclass(frozen=True)
class NomenclatureMatch:
    """The Permendagri 90 entry a name matched.

    ``alternatives`` lists the other codes that carry the same official name (a generic
    "X.XX" kegiatan is repeated under several urusan).
    """

    code: str
    name: str
    level: str
    score: float
    jns_pemda: str | None = None
    alternatives: tuple[str, ...] = ()


# --- word-level correction -----------------------------------------------------------------

_CHUNK = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
# Longest ending treated as a suffix when telling a derivation from a slip.
_SUFFIX_LENGTH = 4


def _match_case(model: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``model`` ("Vervikasi" -> "Verifikasi")."""
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _is_heading(text: str, settings: NormalizeSettings) -> bool:
    """True for an all-capitals text, where capitals say nothing about acronyms."""
    words = [word for word in _LETTERS.findall(text) if len(word) >= settings.min_word_length]
    return bool(words) and all(word.isupper() for word in words)


def _is_typo_shaped(word: str, candidate: str) -> bool:
    """Whether ``candidate`` differs from ``word`` the way a slip does, not a derivation.

    A word that is the other plus or minus an ending ("insidensi"/"insiden",
    "concepts"/"concept", "Udarab"/"udara") or a beginning, or whose last few letters are
    a different suffix ("regeneratif"/"regenerasi", "Mangkei"/"Mangkir"), is another word
    or a cut-off, not a misspelling of it.
    """
    if (_foldable(word, candidate) and _folded(word) == fold(candidate)) or (
            _shapeable(word, candidate) and _shape(word) == _shape(candidate)):
        return True  # only OCR confusions apart ("rurnah", "Jumiah", "Perizirian")
    if candidate.startswith(word) or word.startswith(candidate):
        return False
    if candidate.endswith(word) or word.endswith(candidate):
        return False
    common = next(
        (i for i, (a, b) in enumerate(zip(word, candidate, strict=False)) if a != b),
        min(len(word), len(candidate)),
    )
    word_tail, candidate_tail = word[common:], candidate[common:]
    if max(len(word_tail), len(candidate_tail)) <= _SUFFIX_LENGTH:
        return OSA.distance(word_tail, candidate_tail) < 2  # one slip, a swap counting one
    return True


def _threshold(word: str, name_like: bool, settings: NormalizeSettings) -> float:
    threshold = settings.min_score
    if len(word) <= settings.short_word_length:
        threshold = max(threshold, settings.min_score_short)
    if name_like:
        threshold = max(threshold, settings.min_score_name)
    return threshold


def _slip_score(word: str, candidate: str) -> float:
    """100 minus the share of slips (edits, a swap counting one; on the word, its folded
    form or its OCR shape, the fewest). Ranks candidates: a lost letter and a wrong letter
    are one slip each, where ``fuzz.ratio`` counts the wrong letter twice and would prefer
    the misspelling "progam" to "program" for "progtam"."""
    return 100.0 * (1.0 - _slips(word, candidate) / max(len(word), len(candidate), 1))


def _slips(word: str, candidate: str) -> float:
    """The slips that make ``candidate`` read as ``word`` (see ``_slip_score``)."""
    slips = OSA.distance(word, candidate)
    # Doubled letters count here, as the one slip they are: only the threshold forgives
    # them. Forgiven in ranking too, a letter misread as its neighbour's twin out-ranked the
    # word it came from: "Informaai" (s read as a) was "informal", "Kawaaan" "kawan",
    # "Pelaanan" (y lost) "pelarian", where "informasi", "kawasan", "pelayanan" are one slip.
    if _foldable(word, candidate):
        slips = min(slips, OSA.distance(_folded_letters(word), _folded_letters(candidate)))
    if _shapeable(word, candidate):
        # A blurred letter ("Evalusi": o/a) is no surer than a lost one: half a slip, so
        # that the domain's "Evaluasi" can out-rank "Evolusi".
        # A run of strokes read as other letters ("pendudiik": ii for u) is one misreading:
        # half a slip, where it would be two edits.
        runs = sum(max(0, word.count(many) - candidate.count(many))
                   for many, _one in _OCR_SHAPES)
        for order in _stroke_orders(word):
            shaped = OSA.distance(_shape(word, True, order), _shape(candidate, True, order))
            strokes = OSA.distance(_strokes(word, True, order), _strokes(candidate, True, order))
            slips = min(slips, shaped + SHAPE_SLIP * (strokes - shaped) + STROKE_SLIP * runs)
    return slips


def _rank(
    word: str, candidate: str, lexicon: Lexicon, settings: NormalizeSettings
) -> float:
    bonus = settings.domain_bonus if candidate in lexicon.domain else 0.0
    return (_slip_score(word, candidate) + bonus
            + settings.frequency_weight * lexicon.zipf(candidate))


def word_similarity(word: str, candidate: str) -> float:
    """The score of reading ``word`` as ``candidate`` (0-100), as the word corrector uses it."""
    return _similarity(word, candidate)


# Letter shapes Tesseract confuses on scans (ocr-facts.md: "Jumiah", "TAHIIN", "koniik";
# and the classic rn/m, cl/d, ri/n, c/e, h/b, f/t, o/a pairs), mapped to one form. Used only
# to score an unknown word against a candidate, never to decide that a word is known.
_OCR_SHAPES = (("rn", "m"), ("ri", "n"), ("ii", "u"), ("ij", "u"), ("cl", "d"), ("vv", "w"),
               ("cj", "g"))
_OCR_LETTERS = str.maketrans("cohfq", "eabtg")
# "rii" reads two ways: "ri" an "n" ("Sejeriis": "sejenis") or "ii" a "u" after an "r"
# ("Riiang": "ruang"). A word with it is also shaped the other way round.
_OCR_SHAPES_U_FIRST = (("rn", "m"), ("ii", "u"), ("ri", "n"), ("ij", "u"), ("cl", "d"),
                       ("vv", "w"), ("cj", "g"))


def _stroke_orders(word: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The orders in which to read the runs of strokes of ``word`` (see above)."""
    return (_OCR_SHAPES, _OCR_SHAPES_U_FIRST) if "rii" in word.lower() else (_OCR_SHAPES,)


# Shorter words are not compared by folded forms or shapes: folding "daam" or "Kpaal" gives
# "dam" and "kpai", other words entirely. Nor are words more than two plain edits apart:
# several confusions at once make anything alike ("Seafer" and "Scooter" share a shape).
_MIN_FOLDED_LENGTH = 5
SHAPE_SLIP = 1.0
STROKE_SLIP = 0.5
_MAX_FOLDED_EDITS = 2


def _foldable(word: str, candidate: str) -> bool:
    return min(len(word), len(candidate)) >= _MIN_FOLDED_LENGTH


def _shapeable(word: str, candidate: str) -> bool:
    return _foldable(word, candidate) and OSA.distance(word, candidate) <= _MAX_FOLDED_EDITS


def _folded(word: str) -> str:
    """``fold`` of an unknown word, except that "ii" stays two strokes: Tesseract's "ii" is
    a "u" ("khusiis") or a lost letter ("koniik" for "konflik"), not a doubled "i"; no
    native word doubles it but across a prefix ("diisi"), and those are known words."""
    return fold(word) if "ii" not in word.lower() else fold(word.lower().replace("ii", "i\0i")
                                                            ).replace("\0", "")


def _folded_letters(word: str) -> str:
    """``fold`` without making doubled letters one: v -> f, q -> k, l -> i, rn -> m."""
    return word.lower().replace("rn", "m").translate(_FOLD_LETTERS)


def _strokes(word: str, doubles: bool = False, runs: tuple[tuple[str, str], ...] = _OCR_SHAPES
             ) -> str:
    """``fold`` with the runs of strokes Tesseract reads for one letter made that letter;
    with ``doubles``, doubled letters stay two."""
    shaped = word.lower()
    for many, one in runs:  # before folding, which would make "ii" one "i"
        shaped = shaped.replace(many, one)
    return _folded_letters(shaped) if doubles else fold(shaped)


def _shape(word: str, doubles: bool = False, runs: tuple[tuple[str, str], ...] = _OCR_SHAPES
           ) -> str:
    return _strokes(word, doubles, runs).translate(_OCR_LETTERS)


def _similarity(word: str, candidate: str) -> float:
    """rapidfuzz ratio of the words, of their folded forms or of their OCR shapes, the
    highest; or one minus the share of slips (a swap of two letters counting one).

    Folding forgives the confusions that are not real differences (v/f, doubled letters),
    so "Vervikasi" is as close to "Verifikasi" as its one real error makes it; shapes
    forgive the letters a scan blurs into each other ("Bodan" is "Badan", not "Bondan").
    """
    slips = OSA.distance(word, candidate)  # a swap of two letters is one slip, not two
    by_slips = 100.0 * (1.0 - slips / max(len(word), len(candidate), 1))
    scores = [fuzz.ratio(word, candidate), by_slips]
    if _foldable(word, candidate):
        scores.append(fuzz.ratio(_folded(word), fold(candidate)))
    if _shapeable(word, candidate):
        scores.extend(fuzz.ratio(_shape(word, runs=order), _shape(candidate, runs=order))
                      for order in _stroke_orders(word))
    return max(scores)


@functools.cache
def _shaped_targets(lexicon: Lexicon, length: int) -> tuple[str, ...]:
    """``_shape`` of the correction targets of one length, aligned with them (built once)."""
    return tuple(_shape(word) for word in lexicon.targets_by_length.get(length, ()))


def _candidates(
    word: str, lexicon: Lexicon, settings: NormalizeSettings
) -> list[tuple[str, float]]:
    """Vocabulary words of similar length scoring above the cut-off, best first."""
    folded = fold(word)
    found: dict[str, float] = {}
    low = len(word) - settings.max_length_delta
    for length in range(low, len(word) + settings.max_length_delta + 1):
        choices = lexicon.targets_by_length.get(length)
        if not choices:
            continue
        queries = [(word, choices), (folded, lexicon.folded_targets_by_length[length])]
        queries += [(_shape(word, runs=order), _shaped_targets(lexicon, length))
                    for order in _stroke_orders(word)]
        for query, keys in queries:
            for _key, _score, index in process.extract(
                query,
                keys,
                scorer=fuzz.ratio,
                score_cutoff=settings.candidate_cutoff,
                limit=settings.candidate_limit,
            ):
                choice = choices[index]
                found[choice] = _similarity(word, choice)
    ranked = sorted(found.items(), key=lambda item: item[1], reverse=True)
    return ranked[: settings.candidate_limit]


def _eligible(word: str, heading: bool, lexicon: Lexicon, settings: NormalizeSettings) -> bool:
    """Whether ``word`` may be corrected at all: long enough, not an acronym, not a place
    name, not a known or glued word."""
    if len(word) < settings.min_word_length:
        return False
    if word.isupper():
        # All capitals is an acronym, unless the whole text is a heading in capitals.
        if not heading or len(word) < settings.min_upper_word_length:
            return False
    elif any(ch.isupper() for ch in word[1:]):
        return False  # "PeraturanPemerintah", "IVb": glued or coded, see segment_glued
    lowered = word.lower()
    if lexicon.is_acronym(lowered):
        return False
    if word[0].isupper() and lexicon.is_place(lowered):
        return False  # "Jragung", "Pengambengan": villages, not misread "Jagung"
    return True


@functools.lru_cache(maxsize=65536)
def _slip_candidates(
    word: str, lexicon: Lexicon, settings: NormalizeSettings
) -> tuple[tuple[str, float], ...]:
    """Vocabulary words ``word`` may be a slip of (typo-shaped, same first letter)."""
    lowered = word.lower()
    return tuple(
        (candidate, score)
        for candidate, score in _candidates(lowered, lexicon, settings)
        if _is_typo_shaped(lowered, candidate)
        and (not settings.same_first_letter or fold(candidate)[0] == fold(lowered)[0])
        # Rare entries of the frequency list are often misspellings themselves ("progam",
        # "seprti"): never a target unless a domain term.
        and (candidate in lexicon.domain or lexicon.zipf(candidate) >= settings.min_target_zipf)
    )


def near_misses(
    word: str, lexicon: Lexicon, settings: NormalizeSettings, min_score: float
) -> list[str]:
    """Vocabulary words that an unknown ``word`` is a likely slip of (score >= min_score).

    Empty for a known word, a short word or an acronym. Used to check outputs: a name word
    with near misses is one the corrector left alone although it looks misspelt.
    """
    if len(word) < settings.min_word_length or lexicon.is_known(word) or lexicon.is_acronym(word):
        return []
    return [choice for choice, score in _slip_candidates(word, lexicon, settings)
            if score >= min_score]


@functools.lru_cache(maxsize=65536)
def _correct_word(
    word: str,
    heading: bool,
    lexicon: Lexicon,
    settings: NormalizeSettings,
    before: str = "",
    after: str = "",
) -> Correction | None:
    """The correction of one word, or None. Cached: the same word recurs on every page.

    ``before`` and ``after`` are the neighbouring words (lower-case): a candidate that forms
    a pair of an official name with one of them ("Pajak Daerah" for "Pajak Dearah") ranks
    higher and needs a lower score (``min_score_context``).
    """
    if not _eligible(word, heading, lexicon, settings):
        return None
    lowered = word.lower()
    respelled = lexicon.respellings.get(lowered)
    if respelled is not None:
        score = round(_similarity(lowered, respelled), 1)
        return Correction(from_=word, to=_match_case(word, respelled), score=score)
    if lexicon.is_known(lowered):
        return (_misread_derivation(word, lexicon, settings)
                or _lost_letter(word, lexicon, before, after))
    if segment_glued(word, lexicon, settings) is not None:
        # "kegiatandan" is two words without a space, not a typo of "kegiatannya".
        return None
    candidates = _slip_candidates(word, lexicon, settings)
    if not candidates:
        return None

    def in_context(choice: str) -> bool:
        return (before, choice) in lexicon.bigrams or (choice, after) in lexicon.bigrams

    ranked = sorted(
        (
            (
                _rank(lowered, choice, lexicon, settings)
                + (settings.context_bonus if in_context(choice) else 0.0),
                choice,
                score,
            )
            for choice, score in candidates
        ),
        reverse=True,
    )
    best_rank, best, best_score = ranked[0]
    # A capitalised word may be a name the lists lack ("Jragung" is not "Jagung"), unless
    # it turns out to be a misspelt planning term ("Rencana Startegis" is a title).
    name_like = word[0].isupper() and best not in lexicon.domain
    threshold = _threshold(lowered, name_like, settings)
    if in_context(best):
        threshold = min(threshold, settings.min_score_context)
    if best_score < threshold:
        return None
    if len(ranked) > 1 and best_rank - ranked[1][0] < settings.min_rank_margin:
        return None  # two readings are equally good: do not pick one
    if any((other.startswith(best) or best.startswith(other)) and score >= threshold
           and OSA.distance(lowered, other) == OSA.distance(lowered, best) == 1
           for _rank_, other, score in ranked[1:]):
        return None  # a stem or its derived form ("Pelayann": "pelayan"? "pelayanan"?)
    if not in_context(best) and _rival_reading(lowered, best, lexicon, settings):
        return None
    return Correction(from_=word, to=_match_case(word, best), score=round(best_score, 1))


def _one_slip_away(word: str) -> set[str]:
    """Every string one slip from ``word``: a letter lost, put back, changed, or two
    swapped; the first letter kept (OCR keeps it, see ``same_first_letter``)."""
    out = _with_a_letter_more(word)
    for i in range(1, len(word)):
        out.add(word[:i] + word[i + 1:])
        out.update(word[:i] + letter + word[i + 1:] for letter in _ALPHABET)
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    return out


def _rival_reading(word: str, best: str, lexicon: Lexicon, settings: NormalizeSettings) -> bool:
    """Whether another common word or planning term one slip from ``word`` makes ``best`` a
    guess. The candidates are gathered and ranked by a rapidfuzz ratio that counts a changed
    or swapped letter twice and a lost one once, so a rival one slip away may never have
    been weighed:

    - one nearer than ``best`` ("Penunjan" is "penunjang" with a letter lost, ruled out as
      a cut-off, not "penggunaan" three slips away);
    - one as near, when ``best`` is a general word and the rival a planning term or more
      common ("Koera": "kolera" or "korea"? "beraih": "beralih" or "bersih"? "royon":
      "rayon" or "royong"?).
    """
    best_slips = _slips(word, best)
    general = best not in lexicon.domain
    for other in _one_slip_away(word) | _stroke_readings(word):
        if other in (best, word):
            continue
        if not _is_target(other, lexicon, settings):
            # A derived form the lists lack is never a target, but one that only letter
            # shapes set apart from the word is likelier what it was than a target two
            # slips away ("Kebcrdayaan": "keberdayaan", c for e, not "kebudayaan";
            # "Pengiimpan": "pengumpan", ii for u, not "pengiriman"). Against a target
            # one slip away it does not count: affix stripping finds a derived form behind
            # too many l/i readings ("kejaian": "kejalan" beside "kejadian").
            if (best_slips >= 2 and _misread_as(word, other)
                    and _slips(word, other) < best_slips
                    and _plausible_derivation(other, lexicon)):
                return True
            continue
        slips = _slips(word, other)
        if slips < best_slips or (slips == best_slips and general and (
                other in lexicon.domain or lexicon.zipf(other) >= lexicon.zipf(best))):
            return True
    return False


def _misread_as(word: str, other: str) -> bool:
    """Whether only OCR letter shapes set ``word`` apart from ``other`` (l/i, c/e, h/b,
    runs of strokes)."""
    return _shapeable(word, other) and (_shape(word) == _shape(other) or _slips(word, other) < 1)


def _stroke_readings(word: str) -> set[str]:
    """``word`` with one run of strokes read as the letter it stands for ("Pengiimpan":
    "pengumpan")."""
    return {word[:i] + one + word[i + len(many):] for many, one in _OCR_SHAPES
            for i in range(1, len(word)) if word.startswith(many, i)}


def _is_target(word: str, lexicon: Lexicon, settings: NormalizeSettings) -> bool:
    """A word the corrector may write: listed, no acronym or non-standard spelling, and
    a planning term or common enough (see ``_slip_candidates``)."""
    if word in lexicon.domain:
        return not lexicon.is_acronym(word) and word not in lexicon.respellings
    return (lexicon.zipf(word) >= settings.min_target_zipf and not lexicon.is_acronym(word)
            and word not in lexicon.respellings)


# Letters whose swap makes a spelling variant, not a misreading ("Efektifitas").
_VARIANT_LETTERS = str.maketrans("vq", "fk")


def _misread_derivation(
    word: str, lexicon: Lexicon, settings: NormalizeSettings
) -> Correction | None:
    """A word that no list holds but that parses as an affixed form ("bersoma": ber-soma,
    "perfanian": per-fani-an), and that is only OCR letter shapes away from one common
    listed word or planning term ("bersama", "pertanian", "Fasilitasi"): the misreading is
    the likelier story. Spellings that differ by v/f or q/k ("Efektifitas", "Efektivitas")
    are variants, not misreadings; a doubled letter is a misreading ("kependudukkan")."""
    lowered = word.lower()
    if (lowered in lexicon.frequency or lowered in lexicon.domain
            or len(lowered) < _MIN_FOLDED_LENGTH):
        return None
    exact = [choice for choice, _score in _slip_candidates(word, lexicon, settings)
             if _shape(choice) == _shape(lowered)
             and choice.translate(_VARIANT_LETTERS) != lowered.translate(_VARIANT_LETTERS)
             and (choice in lexicon.domain or lexicon.zipf(choice) >= settings.min_misread_zipf)]
    fuller = sorted(choice for choice in _with_a_letter_more(lowered)
                    if choice in lexicon.domain
                    or lexicon.zipf(choice) >= settings.min_misread_zipf)
    if len(exact) == 1 and any(_as_likely(choice, exact[0], lexicon)
                               for choice in fuller if choice != exact[0]):
        # A lost letter tells another story as well: "peerintah" is "perintah" with a
        # letter doubled or "pemerintah" with one lost, "Pencemaan" "pencernaan" (rn read
        # as m) or "pencemaran" (r lost). Neither is surer: no guess. A far rarer fuller
        # word does not count: "tabun" is "tahun", not "tabung".
        return None
    if not exact and not _plausible_derivation(lowered, lexicon):
        # Or one letter lost ("Failitasi", "pelasanaan", "denan"): the same story when
        # exactly one such fuller word is common or a planning term, and the word as read
        # is no listed form and parses only through a short or rare stem ("pelindungan",
        # pe-lindung-an, is a real word beside "perlindungan").
        exact = fuller
    if len(exact) != 1 or _rival_reading(lowered, exact[0], lexicon, settings):
        return None  # "beraih": "beralih" (l lost) or "bersih" (s read as a)?
    return Correction(from_=word, to=_match_case(word, exact[0]),
                      score=round(_similarity(lowered, exact[0]), 1))


def _as_likely(other: str, word: str, lexicon: Lexicon) -> bool:
    """Whether ``other`` is as likely a target as ``word``: a planning term where ``word``
    is none, or as common in the same class."""
    if (other in lexicon.domain) != (word in lexicon.domain):
        return other in lexicon.domain
    return lexicon.zipf(other) >= lexicon.zipf(word)


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _with_a_letter_more(word: str) -> set[str]:
    """Every word ``word`` would be with one letter put back after its first letter (OCR
    loses letters inside a word; the first one it keeps)."""
    return {word[:i] + letter + word[i:] for i in range(1, len(word) + 1)
            for letter in _ALPHABET}


def _plausible_derivation(word: str, lexicon: Lexicon) -> bool:
    """A listed word form, or an affixed form of a stem of five letters or more that is
    in common use (Zipf 3 or more): a real word, however rare the whole form."""
    if word in lexicon.vocabulary:
        return True
    return any(len(stem) >= 5 and lexicon.zipf(stem) >= 3.0
               for stem in candidate_stems(word) if stem in lexicon.stems)


def _lost_letter(word: str, lexicon: Lexicon, before: str, after: str) -> Correction | None:
    """A real word that lost one letter ("Bidan" for "Bidang", "darah" for "daerah") where
    both neighbours make an official-name word pair with the fuller word ("Urusan Bidang
    Kesehatan") and none with the word as read."""
    lowered = word.lower()
    if not before or not after or len(lowered) < 4:
        return None
    if (before, lowered) in lexicon.bigrams or (lowered, after) in lexicon.bigrams:
        return None
    found = [choice for choice in _with_a_letter_more(lowered)
             if (before, choice) in lexicon.bigrams and (choice, after) in lexicon.bigrams]
    if len(found) != 1:
        return None
    return Correction(from_=word, to=_match_case(word, found[0]),
                      score=round(_similarity(lowered, found[0]), 1))


# A person's name: a title before it ("Ir. Dadang", "dr. Ratna", "Drs. H. Nur") or a degree
# after it ("Rizal, S.Sos", "Wiradisastra, M.T."). Its capitalised words are never corrected.
_PERSON = re.compile(
    r"(?:^|[\s(])(?:Ir|Dr|dr|Drs|Dra|Prof|Hj|H|KH|Ny|Tn)\.\s*[A-Z]"
    r"|,\s*(?:S|M|Dr|Ph|A)\.\s?[A-Za-z]{1,4}\.?(?:\s|,|$)"
)


def correct_term(
    text: str,
    lexicon: Lexicon | None = None,
    settings: NormalizeSettings = DEFAULT_SETTINGS,
) -> Corrected:
    """Correct misspelt words of ``text`` in place, keeping everything else byte for byte.

    Only whole words are replaced. Chunks with digits ("P4GN", "2021"), acronyms, words
    the lexicon knows (also as affixed forms), glued words and short words are left alone;
    a capitalised word may be a name and needs a higher score unless it is corrected to a
    planning term.
    """
    lexicon = load_lexicon() if lexicon is None else lexicon
    heading = _is_heading(text, settings)
    person = _PERSON.search(text) is not None
    parts: list[str] = []
    corrections: list[Correction] = []
    position = 0
    neighbours = [word.lower() for word in _LETTERS.findall(text)]
    index = -1
    after_hyphen = False
    for chunk in _CHUNK.finditer(text):
        digits = any(ch.isdigit() for ch in chunk.group())
        # The second half of a word hyphenated at a line break ("Pa- kaian") is no word.
        continuation, after_hyphen = after_hyphen, chunk.group().endswith("-")
        for match in _LETTERS.finditer(chunk.group()):
            index += 1
            if digits:
                continue
            word = match.group()
            if chunk.group().endswith(word + "-"):
                continue  # "Pengg-": the first half of a word hyphenated at a line break
            if continuation and match.start() == 0:
                continue
            if person and word[0].isupper():
                continue  # a person's name: "Ir. Dadang Suparman", "Rizal, S.Sos"
            before = neighbours[index - 1] if index > 0 else ""
            after = neighbours[index + 1] if index + 1 < len(neighbours) else ""
            fix = _correct_word(word, heading, lexicon, settings, before, after)
            if fix is None:
                continue
            start = chunk.start() + match.start()
            parts.append(text[position:start])
            parts.append(fix.to)
            position = start + len(word)
            corrections.append(fix)
    if not corrections:
        return Corrected(text=text)
    parts.append(text[position:])
    return Corrected(text="".join(parts), corrections=tuple(corrections))


# --- glued words ---------------------------------------------------------------------------

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_MAX_PIECE = 24


def _piece_log_probability(
    piece: str, lexicon: Lexicon, settings: NormalizeSettings
) -> float | None:
    """log10 probability of a piece standing alone, or None if it cannot be a piece."""
    if len(piece) < settings.min_piece_length:
        return None
    if len(piece) <= settings.short_piece_length and piece not in lexicon.short_pieces:
        return None
    if piece in lexicon.bound_morphemes:
        return None
    zipf = lexicon.frequency.get(piece)
    if zipf is None:
        # A planning term, or a long derived form the lists lack ("dituangkan", "indikatif").
        derived = len(piece) >= settings.min_derived_piece_length and lexicon.is_known(piece)
        if piece not in lexicon.domain and not derived:
            return None
        zipf = settings.unknown_piece_zipf
    if (
        len(piece) <= settings.rare_piece_length
        and zipf < settings.min_short_piece_zipf
        and piece not in lexicon.domain
    ):
        return None  # "anya", "meru": names that would split "Tersediaanya", "merukapan"
    return zipf - 9.0


def _split_by_dictionary(
    part: str, lexicon: Lexicon, settings: NormalizeSettings
) -> list[str] | None:
    """Most probable split of ``part`` into known words (max product of frequencies)."""
    lowered = part.lower()
    size = len(lowered)
    best = [-math.inf] * (size + 1)
    back = [0] * (size + 1)
    best[0] = 0.0
    for end in range(1, size + 1):
        for start in range(max(0, end - _MAX_PIECE), end):
            if best[start] == -math.inf:
                continue
            log_probability = _piece_log_probability(lowered[start:end], lexicon, settings)
            if log_probability is None:
                continue
            if best[start] + log_probability > best[end]:
                best[end] = best[start] + log_probability
                back[end] = start
    if best[size] == -math.inf:
        return None
    pieces: list[str] = []
    end = size
    while end > 0:
        start = back[end]
        pieces.append(part[start:end])  # original capitalisation
        end = start
    return pieces[::-1]


def _plausible_split(
    word: str, pieces: list[str], lexicon: Lexicon, settings: NormalizeSettings
) -> bool:
    """Whether a dictionary split looks like lost spaces rather than a compound or a name.

    With a function word among the pieces ("Moral|dan", "sasaran|yang|ingin") it does,
    unless the word is capitalised and starts with it ("Dan|antara" is a name). Without
    one, every piece must be a common word, a long listed word or a hand-listed planning
    term ("kurun|waktu", "Mengembangkan|sumberdaya" but not "Wira|raja", "Muaro|jambi").
    """
    lowered = [piece.lower() for piece in pieces]
    if any(piece in lexicon.function_words for piece in lowered):
        return not (word[0].isupper() and lowered[0] in lexicon.function_words)
    return all(
        piece in lexicon.planning
        or lexicon.zipf(piece) >= settings.min_content_piece_zipf
        or (len(piece) >= settings.long_piece_length and piece in lexicon.frequency)
        for piece in lowered
    )


def segment_glued(
    word: str,
    lexicon: Lexicon | None = None,
    settings: NormalizeSettings = DEFAULT_SETTINGS,
) -> str | None:
    """Split a word that lost its spaces; None when it is not clearly glued.

    "DokumenRencanaKinerjamemuatinformasitentang" -> "Dokumen Rencana Kinerja memuat informasi
    tentang", "Pengendaliandan" -> "Pengendalian dan". Only out-of-vocabulary words are split,
    at lower-to-upper case changes first and then by dictionary, and only when every piece is
    a known word.
    """
    lexicon = load_lexicon() if lexicon is None else lexicon
    if not word.isalpha() or len(word) < settings.min_glued_length:
        return None
    if lexicon.is_known(word) and not _CAMEL_BOUNDARY.search(word):
        return None
    pieces: list[str] = []
    for part in _CAMEL_BOUNDARY.split(word):
        if len(part) < settings.min_piece_length:
            return None  # "iSentra" is a brand, not "i Sentra"
        if lexicon.is_known(part):
            pieces.append(part)
            continue
        if len(part) < settings.min_glued_length:
            return None
        split = _split_by_dictionary(part, lexicon, settings)
        if split is None or not _plausible_split(part, split, lexicon, settings):
            return None
        if not _space_lost_at_function_word(split, lexicon, settings) and _one_misread_word(
                part, lexicon, settings):
            return None
        pieces.extend(split)
    if len(pieces) < 2:
        return None
    return " ".join(pieces)


def _space_lost_at_function_word(
    pieces: list[str], lexicon: Lexicon, settings: NormalizeSettings
) -> bool:
    """A common word and a conjunction or preposition of three letters or more, the
    commonest glued pair ("Operasidan", "Gajidan", "Pendidikdan"): a split that no one-slip
    reading ("operasikan", "gajian", "pendidikan") outweighs."""
    if len(pieces) != 2:
        return False
    lowered = [piece.lower() for piece in pieces]
    function = [piece for piece in lowered if piece in lexicon.function_words and len(piece) >= 3]
    other = [piece for piece in lowered if piece not in function]
    if len(function) != 1 or len(other) != 1 or len(other[0]) < 4:
        return False
    # A word of four letters must be a common one: "gaji" is, "prov" is an abbreviation.
    return len(other[0]) > 4 or lexicon.zipf(other[0]) >= settings.min_content_piece_zipf


def _one_misread_word(part: str, lexicon: Lexicon, settings: NormalizeSettings) -> bool:
    """Whether ``part`` reads as one word with one slip or a misread letter shape, which
    is likelier than words that lost their spaces: "Provini" is "provinsi", not "Prov ini";
    "Mariusia" (ri for n) "manusia", not "Mari usia"; "dilakiikan" (ii for u) "dilakukan",
    not "di laki ikan"; "ketimpagan" "ketimpangan", not "ke tim pagan"."""
    lowered = part.lower()
    return any(_slips(lowered, candidate) <= 1
               for candidate, _score in _slip_candidates(lowered, lexicon, settings))


# --- whole names ---------------------------------------------------------------------------

_EDGE_PUNCT = re.compile(r"^(?P<lead>\W*)(?P<core>.*?)(?P<trail>\W*)$")


def _segment_text(
    text: str, lexicon: Lexicon, settings: NormalizeSettings
) -> tuple[str, list[Correction]]:
    corrections: list[Correction] = []
    tokens: list[str] = []
    for token in text.split(" "):
        match = _EDGE_PUNCT.match(token)
        core = match.group("core") if match else ""
        split = segment_glued(core, lexicon, settings) if core else None
        if split is None:
            tokens.append(token)
            continue
        corrections.append(Correction(from_=core, to=split, score=SEGMENTATION_SCORE))
        tokens.append(match.group("lead") + split + match.group("trail"))
    return " ".join(tokens), corrections


def _joinable(left: str, right: str, lexicon: Lexicon, settings: NormalizeSettings) -> bool:
    """Whether two tokens are one word that OCR split ("Ban gsa" -> "Bangsa").

    The whole must be a listed word. Then: one half is unknown ("Ban gsa"); or the right
    half is a bare suffix ("penyusun an"); or, both halves being words, the whole is far
    more common than either ("da lam", "un tuk") and neither half is a function word, so
    that "di bidang" and "sumber daya" stay two words.
    """
    right = right.rstrip(".,;:)")  # "Ang kutan," is still one word split
    if not (left.isalpha() and right.isalpha() and right.islower()):
        return False
    joined = (left + right).lower()
    if joined not in lexicon.frequency and joined not in lexicon.planning:
        return False
    first, second = left.lower(), right.lower()
    if not (lexicon.is_known(first) and lexicon.is_known(second)):
        return True
    if first not in lexicon.frequency and first not in lexicon.domain:
        return True  # "Keisla man", "sinkronis asi": a left half known only as an affixed
        # form no list holds is a cut word more likely than a derivation of its own
    if second in lexicon.bound_morphemes:
        return True
    if first == "di" and second.endswith("kan") and len(second) >= 6:
        return True  # "di tetapkan": the passive prefix, not the preposition before a verb
    if first in lexicon.function_words or second in lexicon.function_words:
        return False
    if any(len(half) <= 2 and half not in lexicon.short_pieces for half in (first, second)):
        return True  # "Ba dan", "ting gi": a two-letter piece that is no word of its own
    return lexicon.zipf(joined) >= (
        max(lexicon.zipf(first), lexicon.zipf(second)) + settings.join_zipf_margin)


def _hyphen_joinable(left: str, right: str, lexicon: Lexicon) -> bool:
    """Whether "pelak- sanaan" is one word hyphenated at a line break.

    The left part ends in a hyphen, the right is a lower-case continuation, and the joined
    word is listed ("Pa- kaian"), or known as a derived form while the left part alone is
    no word. "Nilai- nilai" is a plural and keeps its hyphen.
    """
    if len(left) < 3 or not left.endswith("-") or not left[:-1].isalpha():
        return False
    stem, rest = left[:-1], _EDGE_PUNCT.match(right)
    core = rest.group("core") if rest else ""
    if not (core.isalpha() and core.islower()):
        return False
    if core.lower() == stem.lower():
        return False  # "Nilai- nilai": a plural, hyphenated on purpose
    joined = (stem + core).lower()
    return joined in lexicon.frequency or joined in lexicon.domain or (
        lexicon.is_known(joined) and not lexicon.is_known(stem))


_HYPHENED = re.compile(r"^(?P<lead>\W*)(?P<left>[^\W\d_]{2,})-(?P<right>[^\W\d_]{2,})"
                       r"(?P<trail>\W*)$")


def _split_false_hyphens(text: str, lexicon: Lexicon) -> tuple[str, list[Correction]]:
    """"dan-hasil", "BPK-atas": a speck read as a hyphen where a space was. Indonesian joins
    words with a hyphen for plurals and affixed loans ("nilai-nilai", "non-ASN"), never
    before or after a conjunction or preposition ("dan", "yang", "untuk"). "di-", "ke-" and
    "per-" are also prefixes: only function words of three letters or more, "per" aside."""
    tokens = text.split(" ")
    corrections: list[Correction] = []
    for index, token in enumerate(tokens):
        match = _HYPHENED.match(token)
        if match is None:
            continue
        left, right = match.group("left"), match.group("right")
        if left.lower() == right.lower():
            continue
        function = [part for part in (left, right) if part.islower()
                    and len(part) >= 3 and part in lexicon.function_words and part != "per"]
        other = right if function and function[0] == left else left
        # The other part a lower-case word or an acronym: "untuk-Mu" holds a clitic.
        if not function or not ((other.islower() and lexicon.is_known(other))
                                or (other.isupper() and len(other) >= 2)):
            continue
        fixed = f"{match.group('lead')}{left} {right}{match.group('trail')}"
        corrections.append(Correction(from_=token, to=fixed, score=SEGMENTATION_SCORE))
        tokens[index] = fixed
    return " ".join(tokens), corrections


def _join_split_words(
    text: str, lexicon: Lexicon, settings: NormalizeSettings
) -> tuple[str, list[Correction]]:
    tokens = text.split(" ")
    out: list[str] = []
    corrections: list[Correction] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        joined = None
        if following is not None and _hyphen_joinable(token, following, lexicon):
            joined = token[:-1] + following  # "Pa- kaian": a line-break hyphen
        elif following is not None and _joinable(token, following, lexicon, settings):
            joined = token + following  # "Pro gram"
        if joined is not None:
            corrections.append(Correction(from_=f"{token} {following}", to=joined,
                                          score=SEGMENTATION_SCORE))
            out.append(joined)
            index += 2
            continue
        out.append(token)
        index += 1
    return " ".join(out), corrections


def correct_name(
    text: str,
    lexicon: Lexicon | None = None,
    settings: NormalizeSettings = DEFAULT_SETTINGS,
) -> Corrected:
    """The whole pipeline for a program, kegiatan, objective or indicator name.

    Strips converter markup and ruling-line noise, collapses whitespace, drops trailing
    list punctuation, joins words that OCR split, splits glued words and corrects misspelt
    terms. The corrections of every step are returned in order.
    """
    lexicon = load_lexicon() if lexicon is None else lexicon
    # Chapter numbers first: ruling-noise stripping takes "BAB |" for a rule beside a word.
    chaptered, chapters = _fix_chapter_numbers(strip_markup(text))
    cleaned = strip_trailing_punctuation(strip_ruling_noise(chaptered))
    percents, signs = _fix_percent_signs(cleaned)
    percents, digits = _fix_digits_in_words(percents, lexicon)
    percents, numbers = _fix_column_numbers(percents)
    dotted, dots = _fix_dotted_words(percents, lexicon, settings)
    doubled, doubles = _hyphenate_reduplication(dotted)
    joined, joins = _join_split_words(doubled, lexicon, settings)
    joined, hyphens = _split_false_hyphens(joined, lexicon)
    segmented, splits = _segment_text(joined, lexicon, settings)
    corrected = correct_term(segmented, lexicon, settings)
    return Corrected(text=corrected.text,
                     corrections=(*chapters, *signs, *digits, *numbers, *dots, *doubles, *joins,
                                  *hyphens, *splits, *corrected.corrections))


# Tesseract's readings of a "%" after a number (ocr-facts.md; the rendered scans: "0,02 Yo",
# "75Yo", "100Y6"). No Indonesian word is spelt so, and after a number nothing else is meant.
# A "Yo" standing alone before a number is the unit column of a table row ("minimal B Yo
# 93,00 93,46").
_PERCENT_MISREAD = re.compile(
    r"(?<=\d)(?P<space>\s?)(?P<sign>Yo|yo|YO|Y6|Y0|%o)(?=[\s,;.)]|$)"
    r"|(?<=\s)(?P<unit>Yo|YO)(?=\s+\d)")


def _fix_percent_signs(text: str) -> tuple[str, list[Correction]]:
    corrections = [Correction(from_=match.group("sign") or match.group("unit"), to="%",
                              score=SEGMENTATION_SCORE)
                   for match in _PERCENT_MISREAD.finditer(text)]
    if not corrections:
        return text, []
    return _PERCENT_MISREAD.sub(lambda match: (match.group("space") or "") + "%",
                                text), corrections


# A "1" or "0" between lower-case letters is an "l" or "o" Tesseract read as a digit
# ("Pe1aksanaan", "da1am", "lu1usan"); codes and acronyms ("P4GN", "5G") have capitals or
# other digits.
_DIGIT_IN_WORD = re.compile(r"(?<![\w])(?P<word>[A-Za-z]?[a-z]*[01|][a-z01|]*[a-z])(?![\w])")


# The same in a word in capitals: "1AHUNAN" (T), "PR0GRAM" (O), "5ASARAN" (S). Only one
# digit, and only when the word in letters is a listed word of five letters or more: codes
# and acronyms ("P4GN", "5G", "B2SA") stay.
_DIGIT_IN_CAPITALS = re.compile(r"(?<![\w])(?=[A-Z]*[015][A-Z]*(?![\w]))(?P<word>[A-Z015]{5,})"
                                r"(?![\w])")
_CAPITAL_READINGS = {"1": "TIL", "0": "O", "5": "S"}


def _fix_digits_in_capitals(text: str, lexicon: Lexicon) -> tuple[str, list[Correction]]:
    corrections: list[Correction] = []

    def fix(match: re.Match[str]) -> str:
        word = match.group("word")
        digits = [i for i, ch in enumerate(word) if ch.isdigit()]
        if len(digits) != 1:
            return word
        at = digits[0]
        readings = [word[:at] + letter + word[at + 1:] for letter in _CAPITAL_READINGS[word[at]]]
        known = [r for r in readings if r.lower() in lexicon.frequency
                 or r.lower() in lexicon.domain]
        if len(known) != 1 or lexicon.is_acronym(known[0].lower()):
            return word
        corrections.append(Correction(from_=word, to=known[0], score=SEGMENTATION_SCORE))
        return known[0]

    return _DIGIT_IN_CAPITALS.sub(fix, text), corrections


def _fix_digits_in_words(text: str, lexicon: Lexicon) -> tuple[str, list[Correction]]:
    text, corrections = _fix_digits_in_capitals(text, lexicon)

    def fix(match: re.Match[str]) -> str:
        word = match.group("word")
        letters = word.replace("1", "l").replace("|", "l").replace("0", "o")
        if (letters == word or sum(ch.isalpha() for ch in word) < 3
                or not lexicon.is_known(letters.lower())):
            return word
        corrections.append(Correction(from_=word, to=letters, score=SEGMENTATION_SCORE))
        return letters

    return _DIGIT_IN_WORD.sub(fix, text), corrections


# A table's row of column numbers ("(1) (2) (3) (4) (5)", "1 2 3 4 5"): a digit read as a
# letter ("(a" for "(4": ocr-facts.md lists "4" among Tesseract's misreadings) lies between
# its neighbours, whose numbers say what it is.
_COLUMN_NUMBER = re.compile(r"^(?P<open>\(?)(?P<value>\d{1,2}|[^\W\d_]{1,2})(?P<close>\)?)$")


def _fix_column_numbers(text: str) -> tuple[str, list[Correction]]:
    tokens = text.split(" ")
    corrections: list[Correction] = []
    for index in range(1, len(tokens) - 1):
        here = _COLUMN_NUMBER.match(tokens[index])
        if here is None or here.group("value").isdigit():
            continue
        before = _COLUMN_NUMBER.match(tokens[index - 1])
        after = _COLUMN_NUMBER.match(tokens[index + 1])
        if not (before and after and before.group("value").isdigit()
                and after.group("value").isdigit()):
            continue
        number = int(before.group("value")) + 1
        if int(after.group("value")) != number + 1 or before.group("open") != after.group("open"):
            continue
        # A run of at least four: "1 a 3" alone may be prose.
        outer = [_COLUMN_NUMBER.match(tokens[i]) for i in (index - 2, index + 2)
                 if 0 <= i < len(tokens)]
        if not any(m and m.group("value").isdigit() for m in outer):
            continue
        fixed = f"{before.group('open')}{number}{before.group('close')}"
        corrections.append(Correction(from_=tokens[index], to=fixed, score=SEGMENTATION_SCORE))
        tokens[index] = fixed
    return " ".join(tokens), corrections


# A chapter number after "BAB" (or "BAGIAN"): Tesseract reads the strokes of "I" as "|",
# "l" or "1" ("BAB |", "BAB Il", "BAB Ill"), and "BAB" before a numeral as "BAR".
_CHAPTER = re.compile(r"(?<!\S)(?P<cue>BAB|Bab|BAR|BAGIAN|Bagian)(?P<space>\s+)"
                      r"(?P<number>[IVXl|1]+)(?P<trail>\.?)(?=\s|$)")
_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")


def _fix_chapter_numbers(text: str) -> tuple[str, list[Correction]]:
    corrections: list[Correction] = []

    def fix(match: re.Match[str]) -> str:
        cue, number = match.group("cue"), match.group("number")
        # "BAB 1" is a chapter numbered in digits: its number stays ("BAR 1" -> "BAB 1").
        roman = number if number.isdigit() else number.translate(_STROKES)
        if not roman or not (number.isdigit() or _ROMAN.match(roman)):
            return match.group()
        fixed_cue = "BAB" if cue == "BAR" else cue
        if (fixed_cue, roman) == (cue, number):
            return match.group()
        corrections.append(Correction(from_=f"{cue} {number}", to=f"{fixed_cue} {roman}",
                                      score=SEGMENTATION_SCORE))
        return f"{fixed_cue}{match.group('space')}{roman}{match.group('trail')}"

    return _CHAPTER.sub(fix, text), corrections


_STROKES = str.maketrans("l|1", "III")


# A dot between letters: "Kelola.dan", "target.capaian" (a speck for a space) or
# "TAHI.INAN" (Tesseract reading "U" as "I.I"). Abbreviations ("S.Sos", "M.T.") have a
# capital or a single letter on one side and are left alone by the checks below.
_DOTTED = re.compile(r"^(?P<left>[^\W\d_]+|\d{4})(?P<mark>[.'’‘])(?P<right>[^\W\d_]+)"
                     r"(?P<trail>\W*)$")


def _fix_dotted_words(
    text: str, lexicon: Lexicon, settings: NormalizeSettings
) -> tuple[str, list[Correction]]:
    heading = _is_heading(text, settings)
    tokens = text.split(" ")
    corrections: list[Correction] = []
    for index, token in enumerate(tokens):
        match = _DOTTED.match(token)
        if match is None:
            continue
        left, right = match.group("left"), match.group("right")
        if (right.islower() and len(right) >= 2 and lexicon.is_known(right)
                and (left.isdigit() or (len(left) >= 3 and lexicon.is_known(left)))):
            # A stop is followed by a capital: before a lower-case word the dot is a speck
            # read where a space was ("Kelola.dan", "target.capaian"); so is a quote
            # between two words ("ini'disusun", "lembaga'pendidikan").
            fixed = f"{left} {right}{match.group('trail')}"
            score = SEGMENTATION_SCORE
        elif match.group("mark") != ".":
            continue  # "Qur'an", "Jum'at": the apostrophe of a loan word
        else:
            fix = _correct_word(left + right, heading, lexicon, settings)
            if fix is None or left.isdigit():
                continue
            fixed, score = fix.to + match.group("trail"), fix.score
        corrections.append(Correction(from_=token, to=fixed, score=score))
        tokens[index] = fixed
    return " ".join(tokens), corrections


_DASH_TOKENS = {"-", "\u2013", "\u2014"}


def _hyphenate_reduplication(text: str) -> tuple[str, list[Correction]]:
    """"Nilai nilai", "nilai - nilai", "Nilai \u2014 Nilai" -> "Nilai-nilai", ...: Indonesian
    plurals are written with a hyphen; converters and OCR lose it or pad it with spaces.
    Words in capitals and runs of three are table cells, not plurals."""
    tokens = text.split(" ")
    out: list[str] = []
    corrections: list[Correction] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.endswith("-") and index + 1 < len(tokens):
            # "Nilai- nilai": the hyphen is there, a space was added after it.
            other = tokens[index + 1]
            core = other.rstrip(".,;:)")
            if len(token) > 3 and token[:-1].isalpha() and core.lower() == token[:-1].lower():
                joined = f"{token}{other}"
                corrections.append(Correction(from_=f"{token} {other}", to=joined,
                                              score=SEGMENTATION_SCORE))
                out.append(joined)
                index += 2
                continue
        step = 2 if index + 2 < len(tokens) and tokens[index + 1] in _DASH_TOKENS else 1
        if index + step < len(tokens):
            other = tokens[index + step]
            core = other.rstrip(".,;:)")
            third = tokens[index + step + 1] if index + step + 1 < len(tokens) else ""
            if (token.isalpha() and len(token) >= 3 and not token.isupper()
                    and core.lower() == token.lower() and third.lower() != core.lower()
                    # Without a dash, "Target Target" or "Baik Baik" are repeated table
                    # cells; a plural's second half is written in lower case.
                    and (step == 2 or core.islower())):
                joined = f"{token}-{core}{other[len(core):]}"
                corrections.append(Correction(from_=" ".join(tokens[index:index + step + 1]),
                                              to=joined, score=SEGMENTATION_SCORE))
                out.append(joined)
                index += step + 1
                continue
        out.append(token)
        index += 1
    return " ".join(out), corrections


# --- nomenclature --------------------------------------------------------------------------

_SEARCHED_LEVELS = ("program", "kegiatan", "sub_kegiatan")


def _preference(entry: NomenclatureEntry, jns_pemda: str | None) -> tuple[bool, bool, bool]:
    """Order among entries sharing one name: the asked jns_pemda, active, generic X.XX code."""
    return (
        jns_pemda is None or entry.jns_pemda == jns_pemda,
        entry.active,
        entry.code.startswith("X.XX"),
    )


def match_nomenclature(
    name: str,
    level: str | None = None,
    lexicon: Lexicon | None = None,
    settings: NormalizeSettings = DEFAULT_SETTINGS,
    *,
    jns_pemda: str | None = None,
) -> NomenclatureMatch | None:
    """The Permendagri 90 program/kegiatan/sub kegiatan whose official name ``name`` is.

    Names are compared with rapidfuzz ``token_sort_ratio`` after lower-casing, dropping
    punctuation and a leading "Program"/"Kegiatan"/"Sub Kegiatan"; only a score of at least
    ``settings.nomenclature_min_score`` matches. ``level`` None searches program, kegiatan
    and sub kegiatan. ``jns_pemda`` ("provinsi" or "kabupaten/kota") picks between entries
    that share the name.
    """
    lexicon = load_lexicon() if lexicon is None else lexicon
    key = nomenclature_key(name)
    if not key:
        return None
    wanted = normalize_level(level)
    levels = (wanted,) if wanted is not None else _SEARCHED_LEVELS
    best: tuple[float, str, str] | None = None
    for candidate_level in levels:
        keys = lexicon.nomenclature_keys.get(candidate_level, ())
        found = process.extractOne(
            key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=settings.nomenclature_min_score
        )
        if found is not None and (best is None or found[1] > best[0]):
            best = (float(found[1]), candidate_level, found[0])
    if best is None:
        return None
    score, matched_level, matched_key = best
    entries = sorted(
        lexicon.nomenclature_by_key[(matched_level, matched_key)],
        key=lambda entry: _preference(entry, jns_pemda),
        reverse=True,
    )
    chosen = entries[0]
    alternatives = tuple(dict.fromkeys(e.code for e in entries if e.code != chosen.code))
    return NomenclatureMatch(
        code=chosen.code,
        name=chosen.name,
        level=matched_level,
        score=round(score, 1),
        jns_pemda=chosen.jns_pemda,
        alternatives=alternatives,
    )
