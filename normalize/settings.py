"""Tolerances and thresholds of the normalization pass, in one place.

Every number that decides whether a string is rewritten lives here, so that a caller (or a
test) can make the pass stricter or looser without touching the code. Scores are rapidfuzz
scores on a 0-100 scale.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NormalizeSettings:
    """Settings of the normalization functions; the defaults are tuned on the corpus documents.

    Years
        year_min, year_max: a four-digit number is a year only inside this range (1990-2100).
        It is also the range in which an OCR "12022" (a ruling line read as a leading "1")
        is accepted as 2022.

    Term correction (``normalize.terms.correct_term``)
        min_word_length (4): shorter words are never corrected; too many real short words lie
            one edit apart.
        short_word_length (7): words up to this length need ``min_score_short``.
        min_score (85.0): similarity a correction needs: rapidfuzz ``fuzz.ratio`` of the
            words or of their folded forms (``lexicon.fold``: v -> f, q -> k, OCR l -> i and
            rn -> m, doubled letters once), the higher; 100 means the two differ only by
            such confusions ("kebangsaaan", "Jumiah").
            Real fixes of the corpus score 88.9 and up ("Startegis", "pemahanan"); the
            wrong readings that a lower bar let through scored 82.4 ("Vasilasi" ->
            "Vaksinasi", "ketagwaan" -> "ketaatan").
        min_score_short (90.0): for short words, where one edit is a large share of the word
            ("politk" -> "politik" scores 92.3; "Unggel" -> "Unggul" 83.3 is left alone).
        min_score_name (90.0): for capitalised words, which may be proper names the
            vocabulary does not know, unless the candidate is a planning term ("Rencana
            Startegis" is a title, not a name).
        candidate_cutoff (70.0): rapidfuzz cut-off for collecting candidates (cheap filter).
        candidate_limit (10): candidates kept per word before ranking.
        max_length_delta (2): candidates differ in length from the word by at most this much.
        domain_bonus (3.0): rank bonus of a planning-vocabulary candidate over a general word.
        frequency_weight (0.5): rank bonus per Zipf unit of word frequency.
        min_rank_margin (1.0): the best candidate must out-rank the runner-up by this much,
            otherwise the word is ambiguous and left alone.
        min_upper_word_length (6): an all-capitals word is corrected only in an all-capitals
            text (a heading) and only from this length on; shorter ones are acronyms.
        same_first_letter (True): a candidate must start with the word's letter (after
            folding v -> f). Dropped first letters ("eningka") are better left alone than
            guessed ("meningkat"? "peningkatan"?).

        min_target_zipf (3.0): a word of the frequency list rarer than this (Zipf) is not a
            correction target unless it is a domain term: the rare entries hold common
            misspellings ("progam", "seprti") that would otherwise attract corrections.
        context_bonus (4.0): rank bonus of a candidate that forms a word pair of an official
            name with a neighbouring word ("Pajak Daerah", "dalam Rangka").
        min_misread_zipf (4.0): a word no list holds but that parses as an affixed form
            ("bersoma": ber-soma) is still read as a common word that only OCR letter shapes
            set apart from it ("bersama"), when that word is a planning term or at least
            this common (Zipf).
        min_score_context (80.0): the score such a candidate needs, instead of min_score,
            min_score_short and min_score_name: the neighbour confirms the reading
            ("Dearah" -> "Daerah" after "Pajak" scores 83.3).

    Split words (``normalize.terms.correct_name``)
        join_zipf_margin (0.3): two known words are joined into one ("sar ana" -> "sarana",
            "den gan" -> "dengan") only when the joined word is this many Zipf units more
            common than either half; "sumber daya", "kerja sama", "tata kelola" stay apart
            (their solid spellings are rarer than the halves).

    Glued-word segmentation (``normalize.terms.segment_glued``)
        min_glued_length (6): shorter out-of-vocabulary words are not split.
        min_piece_length (2): no piece shorter than this ("a", "i" are not pieces).
        short_piece_length (3): pieces up to this length must be function words ("di",
            "dan", "ke", ...), so that "kegaitannya" is not split into "keg ait annya".
        rare_piece_length (4), min_short_piece_zipf (4.5): a piece of up to four letters
            must be a common word (Zipf >= 4.5) or a planning term; rarer short words are
            mostly names and fragments ("anya", "meru", "ting") that would split typos and
            loans ("Tersediaanya", "merukapan", "eksisting") into nonsense.
        min_content_piece_zipf (4.0), long_piece_length (8): without a function word ("dan",
            "yang", ...) among the pieces, every piece must be this common, or a listed word
            of at least 8 letters, or a planning term: "kurunwaktu" and
            "Mengembangkansumberdaya" split, the names "Wiraraja" and "Muarojambi" do not.
        min_derived_piece_length (7): an affixed form that no list holds may be a piece
            from this length on ("kemudian|dituangkan"); shorter ones match too easily.
        unknown_piece_zipf (3.0): Zipf frequency assumed for a known word that the frequency
            list lacks (domain terms, derived forms).

    Nomenclature matching (``normalize.terms.match_nomenclature``)
        nomenclature_min_score (85.0): rapidfuzz ``token_sort_ratio`` a name needs to be
            matched to a Permendagri 90 program/kegiatan/sub kegiatan; the same threshold as
            the gold evaluator uses for names.
    """

    year_min: int = 1990
    year_max: int = 2100

    min_word_length: int = 4
    short_word_length: int = 7
    min_score: float = 85.0
    min_score_short: float = 90.0
    min_score_name: float = 90.0
    candidate_cutoff: float = 70.0
    candidate_limit: int = 10
    max_length_delta: int = 2
    domain_bonus: float = 3.0
    frequency_weight: float = 0.5
    min_rank_margin: float = 1.0
    min_upper_word_length: int = 6
    same_first_letter: bool = True
    min_target_zipf: float = 3.0
    context_bonus: float = 4.0
    min_score_context: float = 80.0
    min_misread_zipf: float = 4.0

    join_zipf_margin: float = 0.3

    min_glued_length: int = 6
    min_piece_length: int = 2
    short_piece_length: int = 3
    rare_piece_length: int = 4
    min_short_piece_zipf: float = 4.5
    min_content_piece_zipf: float = 4.0
    long_piece_length: int = 8
    min_derived_piece_length: int = 7
    unknown_piece_zipf: float = 3.0

    nomenclature_min_score: float = 85.0


DEFAULT_SETTINGS = NormalizeSettings()
