"""Nomenclature snapping: programs, kegiatan and sub kegiatan get their Permendagri 90 code.

    snap_nomenclature(record, settings) -> record

A name that matches an official nomenclature entry closely (rapidfuzz ``token_sort_ratio`` on
``normalize.lexicon.nomenclature_key`` forms, at least ``NomenclatureSettings.min_score``) gets
that entry's code. The hierarchy is respected: a kegiatan is looked up only among the kegiatan
of its program when the program's code is known, a sub kegiatan among those of its kegiatan,
so that codes always extend their parent's. A code the document prints is never replaced,
and it fixes the urusan of the generic "X.XX" codes (a "1.02" agency's "X.XX.01" program is
"1.02.01").

The nomenclature is the 2020 state (Kepmendagri 050-3708), whose sub kegiatan codes end in
two digits ("1.02.02.2.01.01"). Later revisions (Kepmendagri 050-5889 and on) number sub
kegiatan with four digits ("1.02.02.2.01.0001") and renumbered some of them, so a 2020
number padded to four digits is not known to be the document's code. A document that prints
its sub kegiatan codes in another style than the nomenclature's gets no snapped code on the
sub kegiatan it left uncoded: a code in another style, or a guessed one, would be wrong
there. Its program and kegiatan codes, the same in both styles, are snapped as usual.

Where the document's name differs from the official one only by OCR noise (every differing
word is a word no list knows and a close slip of the official word, nothing added or
dropped), the official spelling of those words replaces the misread ones, each change
recorded in provenance with its score. A real local variant ("Kegiatan Penyuluhan kepada
Masyarakat") keeps its wording.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz

from normalize.lexicon import Lexicon, NomenclatureEntry, jns_pemda_for_region, load_lexicon
from normalize.lexicon import nomenclature_key as key_of
from normalize.terms import word_similarity

from .model import RKT, Activity, Correction, Program, Provenance, SubActivity
from .settings import NomenclatureSettings, Settings

GENERIC = "X.XX"
_URUSAN = re.compile(r"^(\d{1,2}\.\d{2})\.")
_WORD = re.compile(r"[^\W\d_]+")


def snap_nomenclature(record: RKT, settings: Settings = Settings()) -> RKT:
    """Give programs, kegiatan and sub kegiatan their nomenclature code (in place; returned)."""
    snapper = _Snapper(record, settings.nomenclature, load_lexicon())
    for program in record.programs:
        snapper.program(program)
    for activity in record.unassigned_activities:
        snapper.activity(activity, None)
    snapper.resolve_generic_codes(record)
    return record


class _Snapper:
    def __init__(self, record: RKT, settings: NomenclatureSettings, lexicon: Lexicon):
        self.settings = settings
        self.lexicon = lexicon
        self.jns_pemda = jns_pemda_for_region((record.document or {}).get("region"))
        self.urusan = _document_urusan(record)
        self.sub_code_width = _printed_sub_code_width(record)
        self.assigned: list[Program | Activity | SubActivity] = []  # records given a code
        self.entries: dict[str, list[tuple[NomenclatureEntry, str]]] = {}
        for entry in lexicon.nomenclature:
            if entry.active and (self.jns_pemda is None or entry.jns_pemda == self.jns_pemda):
                self.entries.setdefault(entry.level, []).append((entry, key_of(entry.name)))

    # -- records ----------------------------------------------------------------------------

    def program(self, program: Program) -> None:
        self.snap(program, "program", None)
        for activity in program.activities:
            self.activity(activity, program.code)

    def activity(self, activity: Activity, parent: str | None) -> None:
        level = "sub_kegiatan" if activity.level == "sub_kegiatan" else "kegiatan"
        self.snap(activity, level, parent)
        for sub in activity.sub_activities:
            self.snap(sub, "sub_kegiatan", activity.code)

    def snap(self, item: Program | Activity | SubActivity, level: str, parent: str | None) -> None:
        found = self.match(item.name, level, parent)
        if found is None:
            return
        entry, code = found
        if item.code is None:
            if level != "sub_kegiatan" or self.sub_code_width in (None, _last_width(code)):
                item.code = code
                self.assigned.append(item)
        elif not _same_code(_resolved(entry.code, item.code), item.code):
            return  # the printed code names another entry: keep the document's name as is
        if self.settings.respell:
            self.respell(item, entry.name)

    def resolve_generic_codes(self, record: RKT) -> None:
        """Without printed codes, the urusan the snapped programs share resolves the generic
        "X.XX" codes given here: a Kesbangpol whose programs are 8.01.xx runs "8.01.01"."""
        if self.urusan is not None:
            return
        urusan = _document_urusan(record)
        if urusan is None:
            return
        for item in self.assigned:
            if item.code is not None:
                item.code = _resolved(item.code, urusan)

    # -- matching ---------------------------------------------------------------------------

    def match(self, name: str, level: str, parent: str | None
              ) -> tuple[NomenclatureEntry, str] | None:
        """The official entry ``name`` is, with its code resolved to the document's urusan."""
        key = key_of(name)
        if not key:
            return None
        scored: list[tuple[float, NomenclatureEntry, str]] = []
        for entry, official in self.entries.get(level, ()):
            code = _resolved(entry.code, parent or self.urusan)
            if parent is not None and not code.startswith(parent + "."):
                continue
            score = fuzz.token_sort_ratio(key, official)
            if score >= self.settings.min_score - self.settings.min_margin:
                scored.append((score, entry, code))
        if not scored:
            return None
        scored.sort(key=lambda item: item[0], reverse=True)
        best_score, best, code = scored[0]
        if best_score < self.settings.min_score:
            return None
        rivals = [s for s, e, _c in scored[1:] if key_of(e.name) != key_of(best.name)]
        if rivals and best_score - rivals[0] < self.settings.min_margin:
            return None
        codes = {c for s, e, c in scored if key_of(e.name) == key_of(best.name)}
        if len(codes) > 1:
            return None  # one name under several programs and no parent to choose by
        return best, code

    # -- spelling ---------------------------------------------------------------------------

    def respell(self, item: Program | Activity | SubActivity, official: str) -> None:
        """Replace misread words by the official ones when nothing else differs."""
        fixes = noise_fixes(item.name, official, self.lexicon, self.settings.min_word_score)
        if not fixes:
            return
        text = item.name
        for wrong, right, _score in fixes:
            text = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, text, count=1)
        if text == item.name:
            return
        item.name = text
        provenance = item.provenance[0] if item.provenance else None
        if provenance is None:
            provenance = Provenance(page=None, line=None, table=None, row=None, raw=text)
            item.provenance.append(provenance)
        provenance.corrections.extend(Correction(w, r, s) for w, r, s in fixes)


def noise_fixes(name: str, official: str, lexicon: Lexicon, min_score: float
                 ) -> list[tuple[str, str, float]]:
    """(misread word, official word, score) pairs, or [] when the names differ by more."""
    ours = _WORD.findall(name)
    theirs = _WORD.findall(official)
    matcher = difflib.SequenceMatcher(None, [w.lower() for w in ours],
                                      [w.lower() for w in theirs], autojunk=False)
    fixes: list[tuple[str, str, float]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 != j2 - j1:
            return []  # a word added or dropped: a local variant, not noise
        for wrong, right in zip(ours[i1:i2], theirs[j1:j2], strict=True):
            if wrong.isupper() or not _misread(wrong.lower(), right.lower(), lexicon):
                return []  # an acronym, or a real other word ("Pendataan" for "Pendanaan")
            score = word_similarity(wrong.lower(), right.lower())
            if score < min_score:
                return []
            fixes.append((wrong, _cased_like(wrong, right), round(score, 1)))
    return fixes


# A listed word counts as a misreading of the official one only when it is this many Zipf
# units rarer: the lists hold frequent typos ("umun") but a planning word is a real variant.
MISREAD_ZIPF_GAP = 2.0


def _misread(word: str, official: str, lexicon: Lexicon) -> bool:
    if not lexicon.is_known(word):
        return True
    return word not in lexicon.domain and (
        lexicon.zipf(word) + MISREAD_ZIPF_GAP <= lexicon.zipf(official))


def _cased_like(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def _resolved(code: str, context: str | None) -> str:
    """A generic "X.XX..." code with the urusan of ``context`` (a parent or urusan code)."""
    if not code.startswith(GENERIC) or not context:
        return code
    urusan = _URUSAN.match(context + ".")
    return urusan.group(1) + code[len(GENERIC):] if urusan else code


def _last_width(code: str) -> int:
    return len(code.rsplit(".", 1)[-1])


def _same_code(official: str, printed: str) -> bool:
    """Whether a printed code is the official one, in either numbering style ("...01.0001"
    is "...01.01")."""
    ours, theirs = official.split("."), printed.split(".")
    return len(ours) == len(theirs) and all(
        a == b or (a.isdigit() and b.isdigit() and int(a) == int(b))
        for a, b in zip(ours, theirs, strict=True))


# A sub kegiatan code has six parts: urusan (2), bidang, program, kegiatan (2), sub kegiatan.
_SUB_CODE_PARTS = 6


def _printed_sub_code_width(record: RKT) -> int | None:
    """The digits of the last part of the sub kegiatan codes the document prints (2 in the
    2020 style, 4 from Kepmendagri 050-5889 on), the most common; None when none printed."""
    widths = Counter(_last_width(code) for code in _printed_codes(record)
                     if len(code.split(".")) == _SUB_CODE_PARTS)
    return widths.most_common(1)[0][0] if widths else None


def _document_urusan(record: RKT) -> str | None:
    """The urusan most printed codes of the document start with ("1.02"), if any."""
    codes = Counter(match.group(1) for code in _printed_codes(record)
                    if (match := _URUSAN.match(code + ".")) and not code.startswith(GENERIC))
    return codes.most_common(1)[0][0] if codes else None


def _printed_codes(record: RKT) -> Iterable[str]:
    activities = list(record.unassigned_activities)
    for program in record.programs:
        if program.code:
            yield program.code
        activities.extend(program.activities)
    for activity in activities:
        if activity.code:
            yield activity.code
        yield from (sub.code for sub in activity.sub_activities if sub.code)
