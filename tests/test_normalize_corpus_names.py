"""Issue 4's done-when check on the corpus outputs: no near-miss words left in names.

Every name the pipeline outputs for the corpus (text documents and the digital renderings in
corpus/rendered/) is split into words; a word that no list knows but that lies close to a
vocabulary word (a slip the corrector could have fixed) fails the test, unless it is an
acronym (all capitals or listed) or a place name. People's names are only in the signatory,
which is not a name of the plan and is not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.pipeline import extract_document
from normalize.lexicon import load_lexicon
from normalize.settings import DEFAULT_SETTINGS
from normalize.terms import near_misses

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.txt")) + sorted((CORPUS / "rendered").glob("*-digital.pdf"))
TEXT_KEYS = ("name", "text", "strategic_objective")
LIST_KEYS = ("aliases", "objectives")
SKIPPED = ("provenance", "tables", "source", "sections", "warnings", "document")
_WORD = re.compile(r"[^\W\d_]+")
# A word this close to a vocabulary word (``word_similarity``) counts as a near miss: lower
# than the corrector's own bars, so the check is stricter than the corrector.
NEAR = 80.0


def _names(value):  # noqa: ANN001, ANN202 - JSON walk
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TEXT_KEYS and isinstance(item, str):
                yield item
            elif key in LIST_KEYS and isinstance(item, list):
                yield from (text for text in item if isinstance(text, str))
            elif key not in SKIPPED:
                yield from _names(item)
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_names_hold_no_word_a_slip_away_from_the_lexicon(path):
    data = extract_document(path)
    lexicon = load_lexicon()
    left = set()
    for name in _names(data):
        for word in _WORD.findall(name):
            if word.isupper() or lexicon.is_acronym(word):
                continue
            if word[0].isupper() and lexicon.is_place(word):
                continue
            close = near_misses(word, lexicon, DEFAULT_SETTINGS, NEAR)
            if close:
                left.add((word, close[0]))
    assert not left, f"near-miss words left in names: {sorted(left)}"


def test_the_check_finds_a_slip():
    lexicon = load_lexicon()
    assert near_misses("Vervikasi", lexicon, DEFAULT_SETTINGS, NEAR)
    assert near_misses("Startegis", lexicon, DEFAULT_SETTINGS, NEAR)
    assert not near_misses("Verifikasi", lexicon, DEFAULT_SETTINGS, NEAR)
