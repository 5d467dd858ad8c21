"""Recover a table from OCR text whose columns were flattened into plain lines.

Tesseract reads a ruled table band by band: one printed row becomes one or more text lines,
each holding the fragments of every column left to right with nothing between them, and a
column whose text stands apart is sometimes emitted as its own block of short lines after
a blank line. The words are all there; the cell boundaries are not. This module puts them
back with what RKT tables offer instead of coordinates:

- the header names the columns, and each title tells what its cells look like: a row
  number, a value (percent, number, money) or text of a known kind (an objective starts
  "Meningkatnya ...", an indicator "Persentase ...", a program "Pembauran ...");
- value tokens are unmistakable, so they cut a line into stretches of text that lie
  between value columns;
- inside a stretch, each column's fragment opens a cell with a typical start word or goes
  on with the column's open cell: a cell ending with "dan" or "," wants more words, a cell
  that skipped a line or ended with "." is finished;
- text is wrapped greedily, so a column has one width on every line: no line of it is
  longer, and a cell goes on to the next line only with a word that did not fit;
- words that belong together in planning language ("umat beragama", "masyarakat dalam",
  counted over the Permendagri 90 nomenclature) are rarely split between columns.

Each way of reading a line gets a cost from these signals (`FlattenedSettings` lists
them), and the cheapest reading of the whole table is searched for, a few lines ahead.

The work is a chain of small steps, each a function below, in the order
`recover_flattened_table` runs them:

1. `find_header`: the header lines (words of the header vocabulary, fuzzy for OCR damage)
   and the column-numbering row.
2. `columns_from_header`: stacked header words become columns in order, each with a kind
   (number, value, text) and a role (objective, indicator, program, ...).
3. `find_table_end`: a second header, a foreign table's title or running prose ends the
   table inside the span the caller gave.
4. `body_units`: the body is cut into units: single lines, and blocks (a run of short lines
   after a blank line holds one column).
5. `read_body`: a beam search over readings of the units. A row number opens a row, a
   "Tujuan 1 : ..." line is a spanning row, value tokens fill value columns, the text
   between them is split over the text columns by `split_stretch` (a dynamic programme
   over word boundaries) and a block goes to the column it fits (`_Reader.expand_block`).
6. `build_rows`: the cells of every column become table rows. A cell that opens while
   cells to its left go on (a second program under the same objective) opens a sub-row;
   a cell merged over several sub-rows is left empty below its first row, as the
   tab-separated path and `extract.assemble` expect (see `FlattenedSettings.repeat_spans`).

Everything that was a guess is said in `FlattenedResult.notes`; lines that could not be put
in any column are returned in `FlattenedResult.unrecovered`. Nothing here knows a document,
an agency or a line number: vocabularies and tolerances live in `FlattenedSettings`.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .ir import Line, RawTable, TableRow

__all__ = ["FlattenedResult", "FlattenedSettings", "recover_flattened_table"]

# --- settings -------------------------------------------------------------------------------

_OBJECTIVE_STARTS = (
    "Meningkatnya", "Menurunnya", "Terwujudnya", "Terciptanya", "Tercapainya",
    "Terlaksananya", "Tersedianya", "Terpenuhinya", "Terjaminnya", "Terbinanya",
    "Terkendalinya", "Terselenggaranya", "Tertanganinya", "Terpeliharanya", "Berkurangnya",
    "Bertambahnya", "Menguatnya", "Optimalnya", "Terdatanya",
)
_ACTION_VERBS = (
    "Meningkatkan", "Melakukan", "Melaksanakan", "Mengoptimalkan", "Memperkuat",
    "Mengembangkan", "Mendorong", "Memfasilitasi", "Menyelenggarakan", "Mewujudkan",
    "Membangun", "Menyediakan", "Memantapkan", "Menguatkan", "Membina", "Mengendalikan",
)
_ACTION_NOUNS = (
    "Peningkatan", "Penguatan", "Pengembangan", "Optimalisasi", "Pemantapan", "Fasilitasi",
)


@dataclass(frozen=True)
class FlattenedSettings:
    """Vocabularies and tolerances of flattened-table recovery, with documented defaults.

    The costs are in one unit, about "one piece of evidence against this reading": a cell
    opening without a start word costs 1, a new cell right after a connector 2. They only
    compare readings of the same lines, so their order matters, not their size. Defaults
    were set on the corpus OCR document and on tab-separated tables of the other corpus
    document flattened by wrapping their cells at several column widths.
    """

    # -- header ------------------------------------------------------------------------
    #: Words column titles are made of, in their canonical spelling.
    header_words: tuple[str, ...] = (
        "No", "Nomor", "Kode", "Urut", "Nama", "Tujuan", "Sasaran", "Strategis", "Indikator",
        "Kinerja", "Utama", "IKU", "Program", "Kegiatan", "Sub", "Satuan", "Target",
        "Kondisi", "Awal", "Akhir", "Capaian", "Realisasi", "Strategi", "Arah", "Kebijakan",
        "Anggaran", "Jumlah", "Dana", "Pagu", "Indikatif", "Alokasi", "Rp", "Tahun", "Uraian",
        "Keterangan", "Lokasi", "Misi", "Visi", "Sumber", "Output", "Outcome", "Impact",
        "Keluaran", "Hasil", "Perangkat", "Daerah", "Penanggung", "Jawab", "Unit", "Kerja",
        "Pendanaan", "Baseline", "Renstra", "RPJMD", "Rencana", "Urusan", "Bidang",
        "Pelaksana", "Kelompok", "Prioritas",
    )
    #: Column titles of several words; stacked header words are joined when they make (the
    #: start of) one of these, e.g. "KONDISI" over "AWAL" over "2016".
    header_phrases: tuple[str, ...] = (
        "Sasaran Strategis", "Sasaran Program", "Sasaran Kegiatan", "Sasaran Perangkat Daerah",
        "Indikator Kinerja", "Indikator Kinerja Utama", "Indikator Kinerja Sasaran",
        "Indikator Kinerja Tujuan", "Indikator Kinerja Program", "Indikator Kinerja Kegiatan",
        "Indikator Sasaran", "Indikator Tujuan", "Indikator Program", "Indikator Kegiatan",
        "Indikator Sub Kegiatan", "Sub Kegiatan", "Nama Program", "Nama Kegiatan",
        "Kondisi Awal", "Kondisi Akhir", "Kondisi Kinerja Awal", "Kondisi Kinerja Akhir",
        "Capaian Kinerja", "Capaian Kinerja Sasaran", "Capaian Kinerja Program",
        "Target Kinerja", "Target Kinerja Sasaran", "Realisasi Kinerja",
        "Arah Kebijakan", "Jumlah Dana", "Jumlah Anggaran", "Pagu Indikatif", "Pagu Anggaran",
        "Alokasi Anggaran", "Sumber Dana", "Perangkat Daerah", "Penanggung Jawab",
        "Unit Kerja", "Tujuan Strategis", "Rencana Tahun", "No Urut",
    )
    #: Titles that take a year under them ("Kondisi Awal" / "2016").
    year_titles: tuple[str, ...] = (
        "Kondisi Awal", "Kondisi Akhir", "Kondisi Kinerja Awal", "Kondisi Kinerja Akhir",
        "Target", "Target Kinerja", "Realisasi", "Capaian", "Capaian Kinerja", "Anggaran",
        "Pagu", "Pagu Indikatif", "Jumlah Dana", "Tahun", "Rencana", "Rencana Tahun", "Dana",
    )
    #: What a title's first recognised word says about its cells: "number", "value", "unit"
    #: or a text role whose start words are in `start_words`; titles without one are "text".
    column_roles: tuple[tuple[str, str], ...] = (
        ("no", "number"), ("nomor", "number"), ("kode", "number"), ("tujuan", "goal"),
        ("sasaran", "objective"), ("indikator", "indicator"), ("iku", "indicator"),
        ("program", "program"), ("kegiatan", "program"), ("sub", "program"),
        ("satuan", "unit"), ("strategi", "strategy"), ("arah", "policy"),
        ("kebijakan", "policy"), ("target", "value"), ("kondisi", "value"),
        ("capaian", "value"), ("realisasi", "value"), ("anggaran", "value"),
        ("pagu", "value"), ("jumlah", "value"), ("dana", "value"), ("alokasi", "value"),
        ("tahun", "value"), ("rp", "value"), ("baseline", "value"), ("rencana", "value"),
    )
    #: Share of a line's words that must be header words for the line to be a header line.
    header_min_share: float = 0.75
    #: Different column-naming header words (those in `column_roles`) a line needs to open
    #: a header.
    header_min_words: int = 2
    #: A header line has at most this many words.
    header_max_words: int = 20
    #: rapidfuzz ratio (0-100) at which an OCR-damaged word ("lndikator") is a header word;
    #: words shorter than `fuzzy_min_chars` must match exactly.
    header_fuzzy_min: float = 84.0
    fuzzy_min_chars: int = 6
    #: Non-blank lines searched for the header from the start of the span (caption and
    #: title lines come first).
    header_search_lines: int = 10
    #: A header with other titles inside the body is another table's when it has at least
    #: this many columns (fewer is more likely a body line made of header words).
    min_foreign_columns: int = 3

    # -- cell vocabulary -----------------------------------------------------------------
    #: Words a cell of each role starts with. A word can start several roles; the column
    #: order and the cells' history decide between them.
    start_words: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("objective", _OBJECTIVE_STARTS),
        ("goal", _OBJECTIVE_STARTS + _ACTION_VERBS),
        ("indicator", (
            "Persentase", "Presentase", "Prosentase", "Jumlah", "Rasio", "Indeks", "Angka",
            "Tingkat", "Nilai", "Cakupan", "Capaian", "Banyaknya", "Proporsi", "Rata-rata",
            "Frekuensi", "Kualitas", "Predikat", "Opini", "Skor", "Realisasi")),
        ("strategy", _ACTION_VERBS + _ACTION_NOUNS),
        ("policy", _ACTION_VERBS + _ACTION_NOUNS),
        ("program", (
            "Program", "Kegiatan", "Sub", "Pembauran", "Penanganan", "Pendidikan",
            "Pemberdayaan", "Peningkatan", "Pembinaan", "Pengembangan", "Penguatan",
            "Penyelenggaraan", "Penyediaan", "Pelayanan", "Perencanaan", "Fasilitasi",
            "Koordinasi", "Pengelolaan", "Pelaksanaan", "Penyusunan", "Sosialisasi",
            "Pengawasan", "Pencegahan", "Pemeliharaan", "Pengadaan", "Penyuluhan",
            "Pelatihan", "Pemantauan", "Monitoring", "Evaluasi", "Kerjasama", "Rapat")),
        ("unit", (
            "persen", "%", "orang", "dokumen", "kegiatan", "laporan", "unit", "kali", "paket",
            "bulan", "tahun", "ormas", "lembaga", "desa", "kelurahan", "kecamatan", "indeks",
            "nilai", "rasio", "angka", "buah", "jam", "hari", "lokasi", "kelompok")),
    )
    #: Word shapes that start a cell of a role when the word is in no list, with the
    #: strength of that evidence (a list word is 1.0): Indonesian nominalisations pe-...-an
    #: name programs ("Pelibatan"), me-...-kan verbs open strategies and policies,
    #: ter-/me-...-nya forms open objectives.
    start_patterns: tuple[tuple[str, str, float], ...] = (
        ("program", r"(?:pe|pem|pen|peng|peny|per|pel)[a-z]{3,}an", 0.6),
        ("strategy", r"(?:pe|pem|pen|peng|peny|per|pel)[a-z]{3,}an", 0.3),
        ("policy", r"(?:pe|pem|pen|peng|peny|per|pel)[a-z]{3,}an", 0.3),
        ("strategy", r"(?:me|mem|men|meng|meny)[a-z]{3,}(?:kan|i)", 0.6),
        ("policy", r"(?:me|mem|men|meng|meny)[a-z]{3,}(?:kan|i)", 0.6),
        ("goal", r"(?:me|mem|men|meng|meny)[a-z]{3,}(?:kan|i)", 0.6),
        ("objective", r"(?:ter|me|mem|men|meng|meny|ber)[a-z]{3,}nya", 0.6),
        ("objective", r"(?:pe|pem|pen|peng|peny|per|pel)[a-z]{3,}an", 0.3),
    )
    #: rapidfuzz ratio at which an OCR-damaged word counts as a listed start word.
    start_fuzzy_min: float = 88.0
    #: Words after which a cell cannot end: the cell goes on in the next words. A fragment
    #: ending with ",", "/", "-" or "(" is unfinished too.
    connectors: tuple[str, ...] = (
        "dan", "serta", "dalam", "melalui", "yang", "untuk", "bagi", "di", "ke", "pada",
        "terhadap", "atau", "dengan", "oleh", "antar", "antara", "kepada", "guna", "sebagai",
        "dari", "tentang", "agar", "maupun", "hingga", "para", "&",
    )
    #: A number right after one of these words is text ("UUD 1945", "Tahun 2021"), not a
    #: value; so is a number after an all-capitals abbreviation.
    number_prefix_words: tuple[str, ...] = (
        "tahun", "nomor", "no", "pasal", "ayat", "ke", "tingkat", "level", "kelas", "rt", "rw",
        "uud", "pp", "perda", "perwal", "permendagri", "tanggal", "bab",
    )
    #: A line opening a row spanning the whole table: "Tujuan 1 : ...", "Sasaran 2: ...".
    spanning_labels: tuple[str, ...] = ("Tujuan", "Sasaran", "Misi", "Urusan", "Bidang")

    # -- layout tolerances ---------------------------------------------------------------
    #: A run of lines after a blank line whose lines are all at most this long is a block
    #: holding one column (Tesseract emits a column standing apart as its own block).
    block_line_max_chars: int = 30
    #: Two consecutive lines with at least this many words and characters and no value
    #: are running prose: the table has ended.
    prose_min_words: int = 12
    prose_min_chars: int = 90
    #: Lines with more words than this are not split (the split is quadratic in words),
    #: and no column takes more than `max_fragment_words` words of one line.
    max_line_words: int = 80
    max_fragment_words: int = 30
    #: Readings kept while reading a row (a beam search): a split that looks best on one
    #: line can be shown wrong by the next (a column goes on although its line had room),
    #: so the best `beam_width` partial readings go forward, each line adding its best
    #: `line_readings` splits and a block its `block_readings` likeliest columns.
    beam_width: int = 6
    line_readings: int = 3
    block_readings: int = 2
    #: Column width assumed before a column has had any text.
    default_width: int = 20

    # -- costs of reading a fragment into a column ---------------------------------------
    #: The costs below are penalties, not rewards (but for `collocation_join_bonus`): a
    #: reading must not gain by opening cells or leaving them unfinished, or a search over
    #: several lines would learn to do both.
    #: Cost of a cell opening with a word that is not a start word of its column's role
    #: (capitalised / lower-case; a start word costs what it lacks of full strength times
    #: the capitalised cost, a lower-case one `lower_start_factor` more).
    capital_start_cost: float = 1.0
    lower_start_cost: float = 2.0
    lower_start_factor: float = 1.5
    #: Cost of a new cell opening in a column whose cell is already open (a new sub-row),
    #: and of a capitalised start word of the column's role going on in the open cell
    #: instead (halved when the cell's casing is unknown, nothing in a Title Case cell).
    restart_cost: float = 0.5
    own_start_continue_cost: float = 1.0
    #: Cost of opening a new cell right after a cell that ended with a connector, and
    #: after a cell of a single word (a cell's first line is full unless the cell is short,
    #: and one-word objectives, indicators or programs are rare).
    restart_after_connector_cost: float = 2.0
    restart_short_cell_cost: float = 1.0
    #: Cost of a one-word cell ending (getting no words on the next line).
    short_cell_cost: float = 1.0
    #: Cost of a cell going on while a column to its left opens a new cell on the same
    #: line: cells on the left are the broader ones (an objective over its programs), so a
    #: new cell there starts new cells to its right.
    child_append_cost: float = 1.0
    #: Cost of leaving an unfinished cell (one ending with a connector) without words,
    #: and of going on with a second connector ("dan melalui" is not Indonesian, "negara,
    #: dan" is).
    empty_expecting_cost: float = 2.0
    double_connector_cost: float = 1.0
    #: Cost of a unit ("persen", "dokumen") going on over a second line.
    unit_continue_cost: float = 2.0
    #: Cost of a block going on in a cell that did not end unfinished, and per line between
    #: the cell's last text and where the block can start (a cell's lines are contiguous;
    #: counted up to `block_gap_lines`).
    unexpected_block_cost: float = 1.5
    block_gap_cost: float = 0.25
    block_gap_lines: int = 12
    #: Cost of leaving a fresh cell empty on the line that opens a row.
    empty_fresh_cost: float = 1.0
    #: Cost of continuing a cell that ended with "." or ";", or that got nothing on the
    #: line before (a cell's text occupies consecutive lines).
    terminated_cost: float = 2.5
    closed_cost: float = 2.0
    #: Cost of continuing a cell with a capitalised start word of another role.
    other_start_cost: float = 1.5
    #: Cost of a start word of a column further right inside a fragment (it should have
    #: started that column's fragment).
    inner_start_cost: float = 1.0
    #: Costs of a casing break: a lower-case word continuing a Title Case cell, a
    #: capitalised word continuing a sentence-case cell, a lower-case word followed by a
    #: capitalised one inside a fragment.
    title_case_cost: float = 0.75
    sentence_case_cost: float = 0.4
    case_shift_cost: float = 0.3
    #: Cost of a "|" (a ruling line read as a character) inside a fragment.
    bar_inside_cost: float = 1.0
    #: Text is wrapped greedily, so every column has a width W that no line of it exceeds,
    #: and a cell goes on to its next line only with a word that did not fit: W is at least
    #: the longest fragment and less than any line plus the next line's first word. Cost
    #: per character by which a reading makes those bounds cross; character counts stand
    #: in for printed widths, so `wrap_tolerance` of the width is let pass.
    wrap_cost: float = 0.5
    wrap_tolerance: float = 0.1
    #: Planning-language collocations, counted over the official program / kegiatan / sub
    #: kegiatan names of the Permendagri 90 nomenclature (`normalize.lexicon`): two words
    #: that belong together ("umat beragama", "masyarakat dalam") cost `collocation_split_cost`
    #: when a reading puts them in different columns, and a cell going on with a word that
    #: follows its last word in those names earns `collocation_join_bonus` (times their
    #: association, a pointwise mutual information over `collocation_pmi_scale` bits,
    #: capped at 1, from pairs seen `collocation_min_count` times or more).
    use_collocations: bool = True
    collocation_split_cost: float = 1.0
    collocation_join_bonus: float = 0.5
    collocation_pmi_scale: float = 6.0
    collocation_min_count: int = 2
    #: Cost per character of a continuation fragment's distance from the column's share of
    #: the line (lines are shared by the open columns roughly in proportion to width). A
    #: tie-breaker only: a cell's last line is short, so it must not outweigh evidence.
    balance_cost: float = 0.01
    #: Cost of a block going elsewhere than to a column waiting for its cell in a new row,
    #: and per line of a block starting lower than it could (blocks come top to bottom).
    pending_cost: float = 1.0
    block_y_cost: float = 0.25
    #: Two readings closer than this are reported in the notes as a guess.
    guess_margin: float = 0.35
    #: Cost of a cell left ending with a connector when its row ends.
    dangling_cost: float = 1.0
    #: A block whose best column costs more than this is not placed.
    max_block_cost: float = 3.0

    # -- output --------------------------------------------------------------------------
    #: Repeat a cell merged over several rows into every row it covers (and a spanning row
    #: into every column). Off by default: the tab-separated path leaves merged cells empty
    #: below their first row and `extract.assemble` reads an empty entity cell as "same as
    #: above" and a repeated one as a second record.
    repeat_spans: bool = False

    # -- debris and warnings -----------------------------------------------------------------
    #: A "table" that leaves at least `debris_min_lines` lines unplaced, and more lines
    #: unplaced than rows read, is running prose that happened to hold a line of header
    #: words (a national plan's paragraph "Kegiatan Prioritas Utama merupakan kebijakan
    #: ..."): it is given up as not a table, not passed on as hundreds of broken rows.
    debris_min_lines: int = 20
    #: Notes of one kind (the same words, line numbers and quoted text aside) beyond this
    #: many become one note with their count and the first examples, so that one damaged
    #: table gives a readable handful of warnings rather than hundreds.
    max_notes_per_kind: int = 5


@dataclass
class FlattenedResult:
    """What `recover_flattened_table` found.

    `table` is None when the lines hold no recognisable table. `unrecovered` are the
    (line number, text) of lines that could not be placed; `notes` explain guesses and
    failures in words (they become `unrecovered_table` / `unrecovered_row` warnings).
    `next_line` is where a second table starts inside the span (its title or header), for
    the caller to recover it with another call; None when the span held one table.
    """

    table: RawTable | None
    unrecovered: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    next_line: int | None = None


# --- lexicon ----------------------------------------------------------------------------------

_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_NUMBERING_TOKEN_RE = re.compile(r"^\(?\d{1,2}[)\].,]?$")
_ROW_START_RE = re.compile(r"^\s*[|(]?\s*(\d{1,3}(?:\.\d{1,2})*)[.)]?\s+(?=[^\W\d_])")
_NUMBER = r"[<>≤≥=]?\s?\d+(?:[.,]\d+)*"
_VALUE_RE = re.compile(
    rf"^(?:Rp\.?\s?{_NUMBER}(?:,-)?|{_NUMBER}\s?%|{_NUMBER})[.,;]?$", re.IGNORECASE)
_PERCENT_SIGNS = ("%", "%.", "%,", "%;")
_LIST_NUMBER_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?$")
_BARS = "|¦"
_UNFINISHED_ENDINGS = (",", "/", "-", "(", "&")
_TERMINAL_ENDINGS = (".", ";")


def _casefold_word(text: str) -> str:
    """The letters, digits and hyphens of a word, case-folded, for look-ups."""
    return re.sub(r"[^\w%-]", "", text).casefold()


@functools.cache
def _planning_bigrams() -> tuple[dict[tuple[str, str], int], dict[str, int], int] | None:
    """Word-pair and word counts over the official names of the Permendagri 90
    nomenclature; None when the lexicon cannot be loaded (the collocation costs are then
    off)."""
    try:
        from normalize.lexicon import load_lexicon
        names = [entry.name for entry in load_lexicon().nomenclature]
    except (ImportError, OSError, ValueError):  # an optional help, never a reason to fail
        return None
    pairs: Counter[tuple[str, str]] = Counter()
    words: Counter[str] = Counter()
    for name in names:
        tokens = re.findall(r"[^\W\d_]+", name.casefold())
        words.update(tokens)
        pairs.update(zip(tokens, tokens[1:]))
    return dict(pairs), dict(words), sum(pairs.values()) or 1


class _Lexicon:
    """Settings turned into fast look-ups, with a cache of per-word results."""

    def __init__(self, settings: FlattenedSettings) -> None:
        self.settings = settings
        self.header_canon = {w.casefold(): w for w in settings.header_words}
        self.header_long = [w for w in self.header_canon if len(w) >= settings.fuzzy_min_chars]
        self.phrases = {p.casefold() for p in settings.header_phrases}
        self.phrase_prefixes = {
            " ".join(p.split()[:n]) for p in self.phrases for n in range(1, len(p.split()) + 1)}
        self.year_titles = {t.casefold() for t in settings.year_titles}
        self.roles = dict(settings.column_roles)
        self.starts = {role: {w.casefold() for w in words} for role, words in settings.start_words}
        self.start_lists = {role: sorted(words) for role, words in self.starts.items()}
        self.patterns = [(role, re.compile(p), s) for role, p, s in settings.start_patterns]
        self.connectors = {c.casefold() for c in settings.connectors}
        self.number_prefixes = {w.casefold() for w in settings.number_prefix_words}
        labels = "|".join(re.escape(label) for label in settings.spanning_labels)
        self.spanning = re.compile(
            rf"^\s*(?:{labels})\b\s*(?:ke-?\s*)?(?:\d{{1,2}}|[IVX]{{1,4}})?\s*:\s*\S",
            re.IGNORECASE)
        self._association_cache: dict[tuple[str, str], float] = {}
        self._start_cache: dict[str, dict[str, float]] = {}
        self._header_cache: dict[str, str | None] = {}

    def header_word(self, token: str) -> str | None:
        """The canonical header word `token` is (OCR damage allowed), else None."""
        key = token.casefold()
        if key in self._header_cache:
            return self._header_cache[key]
        found = self.header_canon.get(key)
        if found is None and "/" in key:
            parts = [self.header_word(p) for p in token.split("/") if p]
            known = [p for p in parts if p]
            found = "/".join(known) if known and len(known) == len(parts) else None
        if found is None and len(key) >= self.settings.fuzzy_min_chars:
            match = process.extractOne(key, self.header_long, scorer=fuzz.ratio,
                                       score_cutoff=self.settings.header_fuzzy_min)
            found = self.header_canon[match[0]] if match else None
        self._header_cache[key] = found
        return found

    def association(self, a: str, b: str) -> float:
        """How strongly word `b` follows word `a` in planning language, from 0 to 1."""
        bigrams = _planning_bigrams() if self.settings.use_collocations else None
        if bigrams is None:
            return 0.0
        key = (_casefold_word(a), _casefold_word(b))
        if key not in self._association_cache:
            pairs, words, total = bigrams
            count = pairs.get(key, 0)
            value = 0.0
            if count >= self.settings.collocation_min_count:
                pmi = math.log2(count * total / (words[key[0]] * words[key[1]]))
                value = min(max(pmi / self.settings.collocation_pmi_scale, 0.0), 1.0)
            self._association_cache[key] = value
        return self._association_cache[key]

    def start_strengths(self, word: str) -> dict[str, float]:
        """How strongly `word` opens a cell of each role (1.0 a listed word, less a shape)."""
        key = _casefold_word(word)
        if key in self._start_cache:
            return self._start_cache[key]
        out: dict[str, float] = {}
        if len(key) >= 2 and not key.isdigit():
            for role, words in self.starts.items():
                if key in words:
                    out[role] = 1.0
                elif len(key) >= 7:
                    match = process.extractOne(key, self.start_lists[role], scorer=fuzz.ratio,
                                               score_cutoff=self.settings.start_fuzzy_min)
                    if match:
                        out[role] = 0.8
            for role, pattern, strength in self.patterns:
                if pattern.fullmatch(key) and out.get(role, 0.0) < strength:
                    out[role] = strength
        self._start_cache[key] = out
        return out


# --- tokens -----------------------------------------------------------------------------------

@dataclass
class _Word:
    """A word of a body line with what the cost functions look at."""

    text: str
    cap: bool  # starts with a capital letter
    acronym: bool  # all capitals, two letters or more ("LSM", "UUD")
    connector: bool
    starts: dict[str, float]
    bar_before: bool = False  # a "|" ruling line stood right before it


@dataclass
class _Token:
    text: str
    value: bool
    bar_before: bool = False


def tokenize(text: str, lex: _Lexicon) -> list[_Token]:
    """Split a body line into words and value tokens.

    "0,02" followed by "%" and "Rp" followed by an amount are one value; "|" characters
    (ruling lines read by OCR) are dropped but remembered as a boundary before the next
    token; a number after "UUD", "Tahun" or an abbreviation stays text.
    """
    raw = text.split()
    tokens: list[_Token] = []
    bar = False
    i = 0
    while i < len(raw):
        piece = raw[i]
        i += 1
        if piece.strip(_BARS) == "":
            bar = True
            continue
        if piece[0] in _BARS:
            bar, piece = True, piece.lstrip(_BARS)
        trailing_bar = piece[-1] in _BARS
        piece = piece.rstrip(_BARS)
        if i < len(raw) and raw[i] in _PERCENT_SIGNS and re.fullmatch(_NUMBER, piece):
            piece, i = f"{piece} {raw[i]}", i + 1
        elif piece.rstrip(".").casefold() == "rp" and i < len(raw) and re.match(r"\d", raw[i]):
            piece, i = f"{piece} {raw[i]}", i + 1
        if _LIST_NUMBER_RE.match(piece) and i < len(raw) and re.match(r"[^\W\d_]", raw[i]):
            # "1.1 Persentase ...": an item number inside a cell belongs to its text
            piece, i = f"{piece} {raw[i]}", i + 1
        value = bool(_VALUE_RE.match(piece))
        if value and tokens and not tokens[-1].value and not piece.endswith("%"):
            before = tokens[-1].text
            key = _casefold_word(before)
            if key in lex.number_prefixes or (before.isupper() and len(key) >= 2):
                value = False
        tokens.append(_Token(piece, value, bar))
        bar = trailing_bar
    return tokens


def _word(token: _Token, lex: _Lexicon) -> _Word:
    text = token.text
    # An item number ("1.1 Persentase") is read as the word it numbers.
    key = text.split(" ", 1)[1] if " " in text and not token.value else text
    letters = re.sub(r"[^A-Za-z]", "", key)
    first = next((ch for ch in key if ch.isalpha()), "")
    return _Word(
        text=text,
        cap=first.isupper(),
        acronym=len(letters) >= 2 and letters.isupper(),
        connector=_casefold_word(key) in lex.connectors,
        starts=lex.start_strengths(key),
        bar_before=token.bar_before,
    )


def _unfinished(words: list[str], lex: _Lexicon) -> bool:
    """A cell text that cannot end here: its last word is a connector or it ends with ","."""
    if not words:
        return False
    last = words[-1]
    return last.endswith(_UNFINISHED_ENDINGS) or _casefold_word(last) in lex.connectors


def _case_style(words: list[str], lex: _Lexicon) -> str | None:
    """"sentence" when a content word after the first is lower-case, "title" when two or
    more are and all are capitalised, None when the cell does not tell yet."""
    content = [w for w in words[1:] if re.match(r"[^\W\d_]", w)
               and _casefold_word(w) not in lex.connectors]
    if any(not w[0].isupper() for w in content):
        return "sentence"
    return "title" if len(content) >= 2 else None


# --- step 1: the header -----------------------------------------------------------------------

@dataclass
class _HeaderWord:
    text: str
    vocab: bool
    year: bool
    paren: bool
    neutral: bool  # "dan", "/", "&": neither for nor against a header


@dataclass
class Header:
    """The header block found by `find_header`."""

    lines: list[int]  # indexes into the span of the header text lines
    numbering: int | None  # index of the column-numbering row
    end: int  # index of the first line after the header block


def _header_words(text: str, lex: _Lexicon) -> list[_HeaderWord]:
    words = []
    for raw in text.split():
        token = raw.strip(_BARS + "_~—*:;,.")
        if not token:
            continue
        paren = token.startswith("(") or token.endswith(")")
        inner = token.strip("()")
        if not inner or (paren and re.fullmatch(r"\d{1,2}", inner)):
            continue  # "(4)": the column's number, printed in its title
        if _YEAR_RE.match(inner):
            words.append(_HeaderWord(f"({inner})" if paren else inner, True, True, paren, False))
        elif inner.casefold() in ("dan", "&", "/", "-"):
            words.append(_HeaderWord(inner.casefold(), False, False, False, True))
        else:
            canon = lex.header_word(inner)
            text_ = canon or inner
            words.append(_HeaderWord(f"({text_})" if paren else text_, canon is not None,
                                     False, paren, False))
    return words


def _is_numbering_row(text: str) -> bool:
    """The "(1) (2) (3) (4)" row numbering the columns (OCR may drop a bracket)."""
    tokens = text.split()
    if len(tokens) < 2 or not all(_NUMBERING_TOKEN_RE.match(t) for t in tokens):
        return False
    numbers = [int(re.sub(r"\D", "", t)) for t in tokens]
    rising = sum(b > a for a, b in zip(numbers, numbers[1:]))
    return rising >= 0.66 * (len(numbers) - 1)


def _header_line_kind(text: str, lex: _Lexicon) -> str | None:
    """"open" for a line that can start a header, "more" for one that can only continue it
    (a row of years), None for a line that is not a header line."""
    words = _header_words(text, lex)
    counted = [w for w in words if not w.neutral and not w.paren]
    s = lex.settings
    if not counted or len(words) > s.header_max_words:
        return None
    vocab = sum(w.vocab for w in counted)
    if vocab / len(counted) < s.header_min_share:
        return None
    # Words that name a column ("Sasaran", "Program"), not those that only qualify one
    # ("Daerah", "Kinerja"), open a header; a body line of qualifiers must not.
    heads = {w.text.strip("()").split("/")[0].casefold() for w in counted
             if w.vocab and not w.year} & set(lex.roles)
    return "open" if len(heads) >= s.header_min_words else "more"


def find_header(texts: list[str], lex: _Lexicon, start: int = 0,
                search: int | None = None) -> Header | None:
    """Find the header block: the first line of header words within the search window,
    then every header line, year row, numbering row and blank line right after it."""
    search = lex.settings.header_search_lines if search is None else search
    seen = 0
    for i in range(start, len(texts)):
        if not texts[i].strip():
            continue
        seen += 1
        if seen > search:
            return None
        if _is_numbering_row(texts[i]) or _header_line_kind(texts[i], lex) != "open":
            continue
        header = Header([i], None, i + 1)
        j = i + 1
        while j < len(texts):
            text = texts[j]
            if not text.strip():
                j += 1
                continue
            if _is_numbering_row(text):
                header.numbering = j
            elif _header_line_kind(text, lex) is not None and header.numbering is None:
                header.lines.append(j)
            else:
                break
            j += 1
            header.end = j
        return header
    return None


# --- step 2: columns --------------------------------------------------------------------------

@dataclass
class Column:
    """A recovered column: its title, what its cells hold and its title's role."""

    title: str
    kind: str  # "number", "value" or "text"
    role: str  # "number", "value", "unit", "goal", "objective", "indicator", ...


def _phrases(words: list[_HeaderWord], lex: _Lexicon) -> list[list[_HeaderWord]]:
    """Group a header line's words into column titles, longest known phrase first."""
    out: list[list[_HeaderWord]] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word.neutral:
            # "Program dan Kegiatan" is one title; a stray "dan" is dropped.
            if out and i + 1 < len(words) and not words[i + 1].year:
                out[-1].extend(words[i:i + 2])
                i += 2
            else:
                i += 1
            continue
        if word.paren and out and not (word.year and out[-1][-1].year):
            out[-1].append(word)  # "(2021)", "(impact)": a remark on the title before
            i += 1
            continue
        size = 1
        for n in range(min(4, len(words) - i), 1, -1):
            if " ".join(w.text.casefold() for w in words[i:i + n]) in lex.phrases:
                size = n
                break
        out.append(list(words[i:i + size]))
        i += size
    return out


def _title(words: list[_HeaderWord]) -> str:
    return " ".join(w.text for w in words)


def _extends(column: list[_HeaderWord], phrase: list[_HeaderWord], lex: _Lexicon) -> bool:
    """Whether `phrase`, read under `column`'s words, continues that column's title."""
    if all(w.year for w in phrase):
        named = " ".join(w.text.casefold() for w in column if not w.year and not w.paren)
        return not any(w.year for w in column) and named in lex.year_titles
    joined = " ".join(w.text.split("/")[0].casefold() for w in column + phrase if not w.paren)
    return joined in lex.phrase_prefixes and len(joined.split()) > 1


def _prefixes(phrase: list[_HeaderWord], column: list[_HeaderWord], lex: _Lexicon) -> bool:
    """Whether `phrase`, read above `column`'s words, is the start of that column's title."""
    joined = " ".join(w.text.split("/")[0].casefold() for w in phrase + column if not w.paren)
    return joined in lex.phrase_prefixes and not all(w.year for w in phrase)


def _role(words: list[_HeaderWord], lex: _Lexicon) -> str:
    for word in words:
        if word.year:
            continue
        role = lex.roles.get(word.text.strip("()").split("/")[0].casefold())
        if role:
            return role
    return "value" if any(w.year for w in words) else "text"


def columns_from_header(texts: list[str], header: Header, lex: _Lexicon,
                        notes: list[str], numbers: list[int]
                        ) -> tuple[list[Column], list[list[str]]]:
    """Turn the stacked header lines into columns and header rows.

    The line with the most titles sets the columns; words on lines below it continue the
    column whose title they complete ("AWAL" under "KONDISI", "2016" under "KONDISI AWAL")
    or, when they complete none, are columns of their own inserted where they stand (the
    "2019" "2021" under a group title); words on lines above it either start a column's
    title or are a group title spanning the columns inserted from below.
    """
    parsed = [_phrases(_header_words(texts[i], lex), lex) for i in header.lines]
    main = max(range(len(parsed)), key=lambda k: (sum(not all(w.year for w in p)
                                                      for p in parsed[k]), -k))
    columns = [list(p) for p in parsed[main]]
    inserted = [False] * len(columns)
    for phrases in parsed[main + 1:]:
        pointer = -1
        for phrase in phrases:
            target = next((c for c in range(pointer + 1, len(columns))
                           if _extends(columns[c], phrase, lex)), None)
            if target is None:
                pointer += 1
                columns.insert(pointer, list(phrase))
                inserted.insert(pointer, True)
            else:
                columns[target].extend(phrase)
                pointer = target
    groups: list[str] = []
    for k in range(main - 1, -1, -1):
        pointer = -1
        leftovers = []
        for phrase in parsed[k]:
            target = next((c for c in range(pointer + 1, len(columns))
                           if _prefixes(phrase, columns[c], lex)), None)
            if target is None:
                leftovers.append(_title(phrase))
            else:
                columns[target][:0] = phrase
                pointer = target
        if leftovers:
            groups.insert(0, " ".join(leftovers))
    titles = [_title(c) for c in columns]
    roles = [_role(c, lex) for c in columns]
    result = [Column(title, role if role in ("number", "value") else "text", role)
              for title, role in zip(titles, roles)]
    rows = [titles]
    if groups:
        runs: list[list[int]] = []
        for c, column in enumerate(columns):
            if inserted[c] and all(w.year for w in column):
                if runs and runs[-1][-1] == c - 1:
                    runs[-1].append(c)
                else:
                    runs.append([c])
        if len(runs) == 1:
            group = " ".join(groups)
            rows.insert(0, [group if c in runs[0] else "" for c in range(len(columns))])
        else:
            notes.append(f"header words {' / '.join(groups)!r} (line "
                         f"{numbers[header.lines[0]]}) span no column that could be found; "
                         "left out of the header")
    if header.numbering is not None:
        count = len(texts[header.numbering].split())
        if count != len(result):
            notes.append(f"the column-numbering row (line {numbers[header.numbering]}) has "
                         f"{count} numbers but {len(result)} columns were read from the "
                         "header; columns may be missing or merged")
    return result, rows


# --- step 3: where the table ends -------------------------------------------------------------

def _is_prose(text: str, lex: _Lexicon) -> bool:
    s = lex.settings
    tokens = tokenize(text, lex)
    return (len(tokens) >= s.prose_min_words and len(text.strip()) >= s.prose_min_chars
            and not any(t.value for t in tokens))


def find_table_end(texts: list[str], start: int, titles: list[str], lex: _Lexicon
                   ) -> tuple[int, set[int], str | None]:
    """The index where the table ends, the indexes of repeated header lines to skip, and
    why it ended (None when it runs to the end of the span).

    A header with the same titles is the header repeated on the next page and is skipped;
    a header with other titles is the next table, and the title line right above it goes
    with it; two lines of running prose end the table too.
    """
    skip: set[int] = set()
    s = lex.settings
    i = start
    while i < len(texts):
        text = texts[i]
        if not text.strip():
            i += 1
            continue
        if _is_numbering_row(text):
            skip.add(i)
            i += 1
            continue
        if _header_line_kind(text, lex) == "open":
            header = find_header(texts, lex, i, search=1)
            if header is not None:
                scratch: list[str] = []
                columns, _ = columns_from_header(texts, header, lex, scratch,
                                                 list(range(len(texts))))
                if [c.title.casefold() for c in columns] == [t.casefold() for t in titles]:
                    skip.update(range(i, header.end))
                    i = header.end
                    continue
                if len(columns) < s.min_foreign_columns or _row_number(text.strip()):
                    i += 1
                    continue
                end = i
                above = _previous_nonblank(texts, i)
                if above is not None and above >= start and _looks_like_title(texts[above], lex):
                    end = above
                return end, skip, "another table's header"
        if (_is_prose(text, lex) and i + 1 < len(texts)
                and _is_prose(texts[i + 1], lex)):
            return i, skip, "running prose"
        i += 1
    return len(texts), skip, None


def _previous_nonblank(texts: list[str], i: int) -> int | None:
    j = i - 1
    while j >= 0 and not texts[j].strip():
        j -= 1
    return j if j >= 0 else None


def _looks_like_title(text: str, lex: _Lexicon) -> bool:
    """A table title: capitalised, several words, no values, not a numbered row."""
    stripped = text.strip()
    tokens = tokenize(stripped, lex)
    return (len(tokens) >= 4 and stripped[:1].isupper() and not _ROW_START_RE.match(stripped)
            and not any(t.value for t in tokens) and not _unfinished(stripped.split(), lex))


# --- step 4: reading the body -----------------------------------------------------------------

@dataclass
class _Segment:
    """One cell of one column: the sub-row it opens in and its words so far."""

    subrow: int
    words: list[str]
    lines: list[int]


@dataclass
class _SubRow:
    reset: set[int]  # columns that do not carry a merged cell into this row
    lines: list[int]


@dataclass
class _View:
    """What the cost functions know about a column before a line is read."""

    index: int
    role: str
    fresh: bool  # its next words open a new cell
    pending: bool  # a new row is waiting for this column's cell
    expecting: bool  # its cell ended unfinished
    terminated: bool  # its cell ended with "." or ";"
    closed: bool  # it got nothing on the line before
    style: str | None
    width: int
    words: int  # words in its current cell
    last_connector: bool  # its cell ends with a connector word (not a comma)
    previous_line: int | None  # length of its fragment on the line before, if it had one
    upper: float  # the column's width is less than this (see `FlattenedSettings.wrap_cost`)
    last: str  # the last word of its cell


class _Grid:
    """The cells read so far, column by column, and the sub-rows they open."""

    def __init__(self, columns: list[Column], lex: _Lexicon) -> None:
        self.columns = columns
        self.lex = lex
        n = len(columns)
        self.segments: list[list[_Segment]] = [[] for _ in range(n)]
        self.subrows: list[_SubRow] = []
        self.pending: dict[int, int] = {}
        self.spans: list[tuple[int, str, list[int]]] = []  # (before sub-row, text, lines)
        self.open = False
        self.width = [0] * n
        self.touched = [-10] * n  # serial of the last unit that gave the column text
        self.bottom = [0] * n  # estimated line position below the column's last text
        self.last_length = [0] * n  # characters of the column's last line of text
        self.upper = [float("inf")] * n  # a bound the column's width stays under
        self.serial = 0
        self.anchor = (0, -1)  # (position, column) of the last placed block or line
        self.row_first = 0  # the first sub-row of the current row

    def copy(self) -> _Grid:
        other = _Grid.__new__(_Grid)
        other.__dict__.update(self.__dict__)
        other.segments = [[_Segment(g.subrow, list(g.words), list(g.lines)) for g in segs]
                          for segs in self.segments]
        other.subrows = [_SubRow(set(r.reset), list(r.lines)) for r in self.subrows]
        other.pending = dict(self.pending)
        other.spans = list(self.spans)
        for name in ("width", "touched", "bottom", "last_length", "upper"):
            setattr(other, name, list(getattr(self, name)))
        return other

    def dangling(self) -> int:
        """Cells of the current row that end with a connector: closing the row now leaves
        them unfinished."""
        return sum(1 for segs in self.segments if segs and segs[-1].subrow >= self.row_first
                   and _unfinished(segs[-1].words, self.lex))

    # -- structure
    def _new_subrow(self, reset: set[int], line: int) -> int:
        self.subrows.append(_SubRow(reset, [line]))
        return len(self.subrows) - 1

    def start_row(self, line: int) -> None:
        """A new row: every column waits for a cell of its own."""
        k = self._new_subrow(set(range(len(self.columns))), line)
        self.pending = {c: k for c in range(len(self.columns))}
        self.open = True
        self.row_first = k

    def span(self, text: str, line: int) -> None:
        """A row spanning every column ("Tujuan 1 : ..."); the next row starts afresh."""
        self.spans.append((len(self.subrows), text, [line]))
        self.open = False
        self.pending = {}

    def extend_span(self, words: list[str], line: int) -> None:
        """The spanning row's text goes on on the next line."""
        before, text, lines = self.spans[-1]
        self.spans[-1] = (before, f"{text} {' '.join(words)}", lines + [line])

    def first_content(self, c: int) -> bool:
        return all(self.columns[j].kind == "number" for j in range(c))

    def is_fresh(self, c: int) -> bool:
        if not self.segments[c]:
            return True
        k = self.pending.get(c)
        return k is not None and c in self.subrows[k].reset

    def restart(self, c: int, words: list[str], line: int) -> None:
        """Open a new cell in column `c`. A cell opening while the cells to its left go on
        is a new sub-row under them; the columns to its right then wait for their cells."""
        if c in self.pending:
            k = self.pending.pop(c)
            self.subrows[k].lines.append(line)
        elif self.first_content(c):
            self.start_row(line)
            k = self.pending.pop(c)
        else:
            k = self._new_subrow(set(), line)
            for j in range(c + 1, len(self.columns)):
                self.pending[j] = k
        self.segments[c].append(_Segment(k, list(words), [line]))

    def append(self, c: int, words: list[str], line: int) -> None:
        """Add words to column `c`'s current cell (a new cell when it has none)."""
        if self.is_fresh(c):
            self.restart(c, words, line)
            return
        segment = self.segments[c][-1]
        if segment.words and len(segment.words[-1]) > 1 and segment.words[-1].endswith("-") \
                and words:
            # "perundang-" / "undangan": a word hyphenated at the end of a line
            segment.words[-1] += words[0]
            words = words[1:]
        segment.words.extend(words)
        if line not in segment.lines:
            segment.lines.append(line)
        if line not in self.subrows[segment.subrow].lines:
            self.subrows[segment.subrow].lines.append(line)

    def touch(self, c: int, chars: int, position: int, height: int = 1,
              last: int | None = None, gap: float | None = None) -> None:
        """Record that column `c` got text: its widest line (`chars`), its last line, and
        `gap`, a line plus the word that went on to the next line (the width is less)."""
        self.width[c] = max(self.width[c], chars)
        self.last_length[c] = chars if last is None else last
        if gap is not None:
            self.upper[c] = min(self.upper[c], gap)
        self.touched[c] = self.serial
        self.bottom[c] = position + height

    # -- views
    def view(self, c: int) -> _View:
        fresh = self.is_fresh(c)
        words = [] if fresh else self.segments[c][-1].words
        last = words[-1] if words else ""
        return _View(
            index=c,
            role=self.columns[c].role,
            fresh=fresh,
            pending=c in self.pending,
            expecting=_unfinished(words, self.lex),
            terminated=last.endswith(_TERMINAL_ENDINGS) and not last.endswith("..."),
            closed=self.touched[c] < self.serial - 1,
            style=_case_style(words, self.lex),
            width=self.width[c],
            words=len(words),
            last_connector=bool(words) and _casefold_word(last) in self.lex.connectors,
            previous_line=(self.last_length[c] if self.touched[c] == self.serial - 1
                           and not fresh else None),
            upper=self.upper[c],
            last=last,
        )


def _start_cost(word: _Word, view: _View, s: FlattenedSettings) -> float:
    """Cost of `word` opening a new cell in the column seen in `view`."""
    strength = word.starts.get(view.role, 0.0)
    cost = s.capital_start_cost if word.cap else s.lower_start_cost
    if strength:
        cost = s.capital_start_cost * (1.0 - strength)
        if not word.cap and view.role != "unit":  # units are written in lower case
            cost += s.lower_start_factor * s.capital_start_cost
    return cost


def _continue_costs(word: _Word, view: _View, s: FlattenedSettings, *, in_block: bool
                    ) -> list[tuple[float, str]]:
    """The ways `word` can go on in a column whose cell is already open: appended to the
    cell, or (a capitalised start word of the column's role) opening the next cell.

    Costs are never rewards here: a reading must not gain by leaving a cell unfinished
    or by opening cells, or a search over several lines would learn to do both.
    """
    append = 0.0
    if view.expecting:
        if word.connector and view.last_connector:
            append += s.double_connector_cost
    elif view.terminated:
        append += s.terminated_cost
    elif in_block:
        append += s.unexpected_block_cost
    if view.closed and not in_block:
        append += s.closed_cost * (0.5 if view.expecting else 1.0)
    if view.role == "unit" and not view.expecting:
        append += s.unit_continue_cost
    own = word.starts.get(view.role, 0.0)
    if word.cap:
        # In a Title Case cell every word is capitalised, so a start word says less; in a
        # sentence-case cell a capitalised start word most likely opens a cell.
        other = max((v for r, v in word.starts.items() if r != view.role), default=0.0)
        factor = {"sentence": 1.0, None: 0.5}.get(view.style, 0.0)
        if own >= 0.6:
            append += s.own_start_continue_cost * own * factor
        elif other >= 0.6:
            append += s.other_start_cost * other * max(factor, 0.5)
    if view.style == "title" and not word.cap and not word.connector and word.text[0].isalpha():
        append += s.title_case_cost
    if view.style == "sentence" and word.cap and not word.acronym and not own:
        append += s.sentence_case_cost
    options = [(append, "append")]
    if own and (word.cap or view.role == "unit"):
        restart = s.restart_cost + _start_cost(word, view, s)
        if view.expecting:
            restart += s.restart_after_connector_cost
        if view.words == 1 and view.role != "unit":
            restart += s.restart_short_cell_cost
        if view.style == "title" and own < 1.0:
            restart += s.capital_start_cost * (1.0 - own)
        options.append((restart, "restart"))
    return options


@dataclass
class _Split:
    """One reading of a stretch: which words go to which column, and at what cost."""

    parts: list[tuple[int, int, int, str]]  # (column position, first word, end word, mode)
    cost: float


class _StretchCosts:
    """The cost of every fragment of a stretch in every column, from prefix sums."""

    def __init__(self, words: list[_Word], views: list[_View], lex: _Lexicon,
                 opening: bool) -> None:
        s = lex.settings
        self.words, self.views, self.s, self.opening, self.lex = words, views, s, opening, lex
        self.chars = [0]
        self.bars = [0]
        self.shifts = [0]
        for m, w in enumerate(words):
            self.chars.append(self.chars[-1] + len(w.text) + 1)
            self.bars.append(self.bars[-1] + (1 if w.bar_before and m else 0))
            prev = words[m - 1] if m else None
            shift = bool(prev and not prev.cap and not prev.connector
                         and prev.text[0].isalpha() and w.cap and not w.acronym)
            self.shifts.append(self.shifts[-1] + shift)
        # inner[c][m]: summed strength of words < m that start a column right of c
        self.inner: list[list[float]] = []
        for c, view in enumerate(views):
            later = {v.role for v in views[c + 1:]} - {view.role}
            sums = [0.0]
            for w in words:
                pen = 0.0
                if w.cap:
                    pen = max((w.starts.get(r, 0.0) for r in later), default=0.0)
                    pen = pen if pen >= 0.6 else 0.0
                sums.append(sums[-1] + pen)
            self.inner.append(sums)
        # split[m]: what putting words m-1 and m in different columns breaks apart
        self.split = [0.0] + [lex.association(a.text, b.text) for a, b in zip(words, words[1:])]
        self.total_chars = max(self.chars[-1] - 1, 0)
        self.active = [opening or v.fresh or v.expecting or not (v.closed or v.terminated)
                       for v in views]
        self.active_width = sum(v.width or s.default_width
                                for v, a in zip(views, self.active) if a) or 1

    def options(self, c: int, i: int, j: int) -> list[tuple[float, str]]:
        """The ways words[i:j] can be column c's fragment, each with its cost: "append" to
        the open cell, "restart" (a new cell in it), "start" (the first cell of a fresh
        column) or "" for an empty fragment."""
        s, view, words = self.s, self.views[c], self.words
        if i == j:
            if view.fresh:
                return [(s.empty_fresh_cost if self.opening else 0.0, "")]
            if view.expecting:
                return [(s.empty_expecting_cost, "")]
            if view.words == 1 and not view.closed and view.role not in ("unit", "value"):
                return [(s.short_cell_cost, "")]  # the cell would end after one word
            return [(0.0, "")]
        length = self.chars[j] - self.chars[i] - 1
        base = (s.bar_inside_cost * (self.bars[j] - self.bars[i + 1])
                + s.case_shift_cost * (self.shifts[j] - self.shifts[i + 1])
                + s.inner_start_cost * (self.inner[c][j] - self.inner[c][i + 1])
                + s.collocation_split_cost * self.split[i])
        wrap = {"append": 0.0, "restart": 0.0}
        if view.width or length:
            lower = max(view.width, length)
            before = self.crossing(view.width, view.upper)
            upper = view.upper
            wrap["restart"] = self.crossing(lower, upper) - before
            if view.previous_line is not None:
                upper = min(upper, view.previous_line + 1 + len(words[i].text))
            wrap["append"] = self.crossing(lower, upper) - before
        if not self.opening and self.active[c]:
            share = self.total_chars * (view.width or s.default_width) / self.active_width
            base += s.balance_cost * abs(length - share)
        if view.fresh:
            return [(base + s.wrap_cost * wrap["restart"] + _start_cost(words[i], view, s),
                     "start")]
        join = s.collocation_join_bonus * self.lex.association(view.last, words[i].text)
        return [(base + cost + s.wrap_cost * wrap[mode] - (join if mode == "append" else 0.0),
                 mode) for cost, mode in _continue_costs(words[i], view, s, in_block=False)]

    def crossing(self, lower: float, upper: float) -> float:
        """How far the width bounds cross, beyond the tolerance."""
        return max(0.0, lower - upper + 1 - self.s.wrap_tolerance * lower)


def split_stretch(words: list[_Word], views: list[_View], lex: _Lexicon, *,
                  opening: bool, readings: int = 1) -> list[_Split]:
    """The best readings of a stretch of words over the text columns in `views`.

    A dynamic programme over word boundaries: every column, left to right, takes a
    (possibly empty) fragment, and readings are ranked by their total cost; the best
    `readings` are returned, best first. `opening` is true on the line that opens a row,
    where every cell is new.
    """
    n, k = len(words), len(views)
    if k == 0:
        return [_Split([], 0.0)]
    s = lex.settings
    options = _StretchCosts(words, views, lex, opening).options
    limit = s.max_fragment_words
    # best[c][j][r]: the cheapest (cost, previous i, previous r, previous rank, mode) placing
    # words < j in columns < c, r telling whether one of those columns opened a new cell
    # in its open column (a new sub-row: the columns right of it should open theirs too).
    Entry = tuple[float, int, int, int, str]
    best: list[list[list[list[Entry]]]] = [
        [[[], []] for _ in range(n + 1)] for _ in range(k + 1)]
    best[0][0][0] = [(0.0, -1, -1, -1, "")]
    for c in range(k):
        for i in range(n + 1):
            for r in (0, 1):
                entries = best[c][i][r]
                if not entries:
                    continue
                ends = [n] if c == k - 1 else range(i, min(n, i + limit) + 1)
                for j in ends:
                    if j - i > limit:
                        continue
                    for cost, mode in options(c, i, j):
                        if r and mode == "append":
                            cost += s.child_append_cost
                        after = 1 if r or mode == "restart" else 0
                        slot = best[c + 1][j][after]
                        for rank, entry in enumerate(entries):
                            slot.append((entry[0] + cost, i, r, rank, mode))
                        slot.sort(key=lambda e: e[0])
                        del slot[readings:]
    finals = sorted(((entry[0], r, rank) for r in (0, 1)
                     for rank, entry in enumerate(best[k][n][r])))[:readings]
    out = []
    for total, r0, rank0 in finals:
        parts: list[tuple[int, int, int, str]] = []
        j, r, rank = n, r0, rank0
        for c in range(k, 0, -1):
            _, i, prev_r, prev_rank, mode = best[c][j][r][rank]
            parts.append((c - 1, i, j, "restart" if mode == "start" else mode))
            j, r, rank = i, prev_r, prev_rank
        parts.reverse()
        out.append(_Split(parts, total))
    return out


def _row_number(text: str) -> tuple[str, str] | None:
    """(number, rest) for a line opening a numbered row ("1 Meningkatnya ...")."""
    match = _ROW_START_RE.match(text)
    if not match or _is_numbering_row(text):
        return None
    return match.group(1), text[match.end():]


def _is_values(text: str, lex: _Lexicon) -> bool:
    tokens = tokenize(text, lex)
    return bool(tokens) and all(t.value for t in tokens)


@dataclass
class _Unit:
    """What the body is read in: one line, a block of lines holding one column, or a line
    of values only."""

    kind: str  # "line", "block" or "values"
    lines: list[Line]


def _is_block(run: list[Line], lex: _Lexicon) -> bool:
    """A run of short lines after a blank line: one column standing apart."""
    for line in run:
        text = line.text.strip()
        if len(text) > lex.settings.block_line_max_chars or _row_number(text):
            return False
        if lex.spanning.match(text) or _is_numbering_row(text):
            return False
        tokens = tokenize(text, lex)
        if any(t.value for t in tokens) and not all(t.value for t in tokens):
            return False
    return True


def body_units(lines: list[Line], skip: set[int], lex: _Lexicon) -> list[_Unit]:
    """Cut the body into units: runs of lines between blank lines are read line by line,
    except a run of short lines after a blank line, which is a block (its value-only lines
    are units of their own)."""
    units: list[_Unit] = []
    i = 0
    after_blank = False
    while i < len(lines):
        if i in skip or lines[i].is_blank:
            after_blank = after_blank or lines[i].is_blank
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j].is_blank and j not in skip:
            j += 1
        run = lines[i:j]
        if after_blank and _is_block(run, lex):
            block: list[Line] = []
            for line in run:
                if _is_values(line.text, lex):
                    if block:
                        units.append(_Unit("block", block))
                        block = []
                    units.append(_Unit("values", [line]))
                else:
                    block.append(line)
            if block:
                units.append(_Unit("block", block))
        else:
            units.extend(_Unit("line", [line]) for line in run)
        after_blank = False
        i = j
    return units


class _Reader:
    """One reading of a table's body: the cells so far, its cost and what was noted."""

    def __init__(self, columns: list[Column], lex: _Lexicon) -> None:
        self.columns = columns
        self.lex = lex
        self.s = lex.settings
        self.grid = _Grid(columns, lex)
        self.cost = 0.0
        self.notes: list[str] = []
        self.unrecovered: list[tuple[int, str]] = []
        self.unsure: list[int] = []  # lines whose reading was a close call
        self.unnumbered_rows: list[int] = []
        self.row_number: str | None = None  # the number of the last numbered row
        self.value_columns = [c for c, col in enumerate(columns) if col.kind == "value"]
        self.text_columns = [c for c, col in enumerate(columns) if col.kind == "text"]
        self.number_column = next((c for c, col in enumerate(columns) if col.kind == "number"),
                                  None)

    def fork(self) -> _Reader:
        other = _Reader.__new__(_Reader)
        other.__dict__.update(self.__dict__)
        other.grid = self.grid.copy()
        for name in ("notes", "unrecovered", "unsure", "unnumbered_rows"):
            setattr(other, name, list(getattr(self, name)))
        return other

    def expand(self, unit: _Unit) -> list[_Reader]:
        """The readings of this one continued by `unit`, each with its cost added."""
        if unit.kind == "block":
            return self.expand_block(unit.lines)
        if unit.kind == "values":
            self.grid.serial += 1
            self.place_values_only(tokenize(unit.lines[0].text, self.lex), unit.lines[0])
            return [self]
        return self.expand_line(unit.lines[0])

    def close_row(self) -> None:
        """Charge the cells a closing row leaves unfinished."""
        self.cost += self.s.dangling_cost * self.grid.dangling()

    # -- lines
    def expand_line(self, line: Line) -> list[_Reader]:
        """Read one line holding fragments of several columns, in its likeliest ways."""
        text = line.text.strip()
        grid = self.grid
        if _is_numbering_row(text):
            self.notes.append(f"line {line.number}: a column-numbering row inside the table "
                              "was skipped")
            return [self]
        if self.lex.spanning.match(text):
            grid.serial += 1
            grid.span(text, line.number)
            return [self]
        numbered = _row_number(text)
        if numbered and "." in numbered[0].rstrip(".") and self.row_number is not None \
                and numbered[0].split(".")[0] == self.row_number.split(".")[0]:
            numbered = None  # "1.2 Persentase ..." in row 1: an item of that row's cell
        tokens = tokenize(numbered[1] if numbered else text, self.lex)
        if len(tokens) > self.s.max_line_words:
            self.leave(line, "too many words to split")
            return [self]
        grid.serial += 1
        if numbered:
            grid.start_row(line.number)
            self.row_number = numbered[0]
            if self.number_column is not None:
                grid.restart(self.number_column, [numbered[0]], line.number)
        elif not grid.open:
            if grid.spans and _unfinished(grid.spans[-1][1].split(), self.lex):
                grid.extend_span([t.text for t in tokens], line.number)
                return [self]
            if not tokens or not (tokens[0].text[:1].isupper() or tokens[0].value):
                self.leave(line, "continues no row")
                return [self]
            grid.start_row(line.number)
            if self.number_column is not None:
                self.unnumbered_rows.append(line.number)
        if tokens and all(t.value for t in tokens) and not numbered:
            self.place_values_only(tokens, line)
            return [self]
        opening = all(grid.is_fresh(c) for c in self.text_columns)
        value_actions, stretches = self.stretches(tokens, line)
        views = {c: grid.view(c) for c in range(len(self.columns))}
        readings: list[tuple[float, list[tuple[int, list[str], str]]]] = [(0.0, value_actions)]
        margins: list[float] = []
        for columns, stretch in stretches:
            if not stretch:
                continue
            if not columns:
                self.notes.append(f"line {line.number}: text {_join(stretch)!r} lies where "
                                  "no text column is; left out")
                continue
            words = [_word(t, self.lex) for t in stretch]
            splits = split_stretch(words, [views[c] for c in columns], self.lex,
                                   opening=opening, readings=self.s.line_readings)
            if not splits:  # more words than the columns' fragments can hold together
                self.leave(line, f"{len(words)} words do not fit {len(columns)} columns")
                return [self]
            if len(splits) > 1:
                margins.append(splits[1].cost - splits[0].cost)
            combined = []
            for cost, actions in readings:
                for split in splits:
                    more = [(columns[p], [w.text for w in words[i:j]], mode)
                            for p, i, j, mode in split.parts if j > i]
                    combined.append((cost + split.cost, actions + more))
            combined.sort(key=lambda r: r[0])
            readings = combined[:self.s.line_readings]
        best = readings[0][0]
        children = []
        for rank, (cost, actions) in enumerate(readings):
            child = self.fork() if rank < len(readings) - 1 else self
            child.apply(actions, line, views)
            child.cost += cost
            if cost - best < self.s.guess_margin and (rank or min(margins, default=9.0)
                                                      < self.s.guess_margin):
                child.unsure.append(line.number)
            children.append(child)
        return children

    def stretches(self, tokens: list[_Token], line: Line) -> tuple[
            list[tuple[int, list[str], str]], list[tuple[list[int], list[_Token]]]]:
        """Cut a line at its value tokens: the values go to value columns (see
        `value_columns_for`) and each stretch of words between them is paired with the text
        columns that lie between those value columns. Returns the value actions and the
        stretches."""
        values = [m for m, t in enumerate(tokens) if t.value]
        targets = self.value_columns_for([tokens[m] for m in values], line) if values else []
        actions: list[tuple[int, list[str], str]] = []
        out: list[tuple[list[int], list[_Token]]] = []
        left = -1
        previous = -1
        for m, (column, mode) in zip(values, targets):
            actions.append((column, [tokens[m].text], mode))
            stretch = tokens[previous + 1:m]
            out.append(([c for c in self.text_columns if left < c < column], stretch))
            left, previous = column, m
        if not targets:
            previous = -1
        out.append(([c for c in self.text_columns if c > left], tokens[previous + 1:]))
        return actions, out

    def value_columns_for(self, values: list[_Token], line: Line) -> list[tuple[int, str]]:
        """The value column of each value token, left to right from the first value column
        waiting for its cell in this row, with "restart" for a new cell ("append" for a
        value beyond the last column). Nothing when the table has no value column: its
        numbers are text then."""
        grid = self.grid
        if not self.value_columns:
            return []
        waiting = [c for c in self.value_columns if c in grid.pending]
        start = self.value_columns.index(waiting[0]) if waiting else 0
        columns = self.value_columns[start:]
        if len(values) > len(columns) or (len(values) < len(columns) and not waiting):
            self.notes.append(f"line {line.number}: {len(values)} values for {len(columns)} "
                              "value columns; filled from the left (a guess)")
        return [(columns[m], "restart") if m < len(columns) else (columns[-1], "append")
                for m in range(len(values))]

    def apply(self, actions: list[tuple[int, list[str], str]], line: Line,
              views: dict[int, _View] | None = None) -> None:
        """Write a line's fragments into their columns, left to right (a cell opening in
        a column opens its sub-row before the columns right of it are written)."""
        grid = self.grid
        position = max(grid.bottom) if any(grid.bottom) else 0
        for c, words, mode in sorted(actions, key=lambda a: a[0]):
            gap = None
            if mode == "restart":
                self.restart(c, words, line.number)
            else:
                grid.append(c, words, line.number)
                previous = views[c].previous_line if views else None
                if previous is not None:
                    gap = previous + 1 + len(words[0])
            grid.touch(c, len(" ".join(words)), position, gap=gap)
        grid.anchor = (position, max((a[0] for a in actions), default=-1))

    def place_values_only(self, tokens: list[_Token], line: Line) -> None:
        if not self.grid.open:
            self.leave(line, "values outside any row")
            return
        if not self.value_columns:
            self.leave(line, "values but no value column")
            return
        targets = self.value_columns_for(tokens, line)
        self.apply([(c, [t.text], mode) for t, (c, mode) in zip(tokens, targets)], line)

    # -- blocks
    def expand_block(self, block: list[Line]) -> list[_Reader]:
        """Put a block of short lines into the one column it continues or opens.

        Columns waiting for their cell in a new row are filled first, left to right;
        otherwise the block continues an unfinished cell or opens a cell of its start
        word's role, and among equals goes to the column that can take it highest up
        (Tesseract emits blocks top to bottom, left to right).
        """
        grid = self.grid
        grid.serial += 1
        tokens = [t for line in block for t in tokenize(line.text, self.lex)]
        if not tokens:
            return [self]
        first = _word(tokens[0], self.lex)
        if not self.text_columns or not grid.open and not first.cap:
            for line in block:
                self.leave(line, "continues no row" if self.text_columns else "no text column")
            return [self]
        if not grid.open:
            grid.start_row(block[0].number)
        anchor_y, anchor_c = grid.anchor
        waiting = any(c in grid.pending for c in self.text_columns)
        scored = []
        for c in self.text_columns:
            view = grid.view(c)
            y0 = max(grid.bottom[c], anchor_y + (1 if c <= anchor_c else 0))
            if view.fresh:
                options = [(_start_cost(first, view, self.s), "restart")]
            else:
                gap = min(max(y0 - grid.bottom[c], 0), self.s.block_gap_lines)
                join = self.s.collocation_join_bonus * self.lex.association(view.last,
                                                                           first.text)
                options = [(cost + (self.s.block_gap_cost * gap - join
                                    if mode == "append" else 0.0), mode)
                           for cost, mode in _continue_costs(first, view, self.s, in_block=True)]
                if not first.cap and first.starts.get(view.role, 0.0) >= 0.6 and view.pending:
                    options.append((_start_cost(first, view, self.s), "restart"))
            cost, mode = min(options)
            if waiting and not view.pending:
                cost += self.s.pending_cost
            scored.append((cost + self.s.block_y_cost * y0 + 0.01 * c, c, mode, y0))
        scored.sort()
        floor = min(item[3] for item in scored)
        if scored[0][0] - self.s.block_y_cost * floor > self.s.max_block_cost:
            for line in block:
                self.leave(line, "fits no column")
            return [self]
        kept = [item for item in scored[:self.s.block_readings]
                if item[0] - scored[0][0] < self.s.max_block_cost]
        children = []
        for rank, (cost, c, mode, y0) in enumerate(kept):
            child = self.fork() if rank < len(kept) - 1 else self
            if len(scored) > 1 and abs(scored[1 - min(rank, 1)][0] - cost) < self.s.guess_margin:
                other = self.columns[scored[1 - min(rank, 1)][1]].title
                child.notes.append(
                    f"lines {block[0].number}-{block[-1].number}: the block "
                    f"{_join(tokens[:6])!r} was put in column {self.columns[c].title!r} "
                    f"(a guess; {other!r} fitted almost as well)")
            child.fill_block(c, block, mode)
            child.grid.touch(c, max(len(line.text.strip()) for line in block), y0, len(block),
                             last=len(block[-1].text.strip()))
            child.grid.anchor = (y0, c)
            child.cost += cost
            children.append(child)
        return children

    def fill_block(self, c: int, block: list[Line], mode: str) -> None:
        """Write a block's lines into column `c`; a line opening with a capitalised start
        word of the column's role after a finished line opens the column's next cell."""
        grid = self.grid
        role = self.columns[c].role
        for n, line in enumerate(block):
            words = [t.text for t in tokenize(line.text, self.lex)]
            if not words:
                continue
            if n == 0:
                if mode == "restart":
                    self.restart(c, words, line.number)
                else:
                    grid.append(c, words, line.number)
                continue
            first = _word(_Token(words[0], False), self.lex)
            current = grid.segments[c][-1].words if grid.segments[c] else []
            if (first.cap and first.starts.get(role, 0.0) >= 0.6
                    and not _unfinished(current, self.lex)
                    and _case_style(current, self.lex) != "title"):
                grid.restart(c, words, line.number)
            else:
                grid.append(c, words, line.number)

    def restart(self, c: int, words: list[str], number: int) -> None:
        """Open a new cell in column `c`, saying so when that opens a row no row number
        announced (the number may be lost to OCR, or the row is a sub-row after all)."""
        grid = self.grid
        if grid.first_content(c) and c not in grid.pending and grid.segments[c]:
            self.notes.append(f"line {number}: {' '.join(words[:4])!r} opens a new row in "
                              f"column {self.columns[c].title!r} without a row number "
                              "(a guess)")
        grid.restart(c, words, number)

    def leave(self, line: Line, why: str) -> None:
        self.unrecovered.append((line.number, line.text))
        self.notes.append(f"line {line.number} was not placed in the table ({why})")


def read_body(lines: list[Line], skip: set[int], columns: list[Column], lex: _Lexicon
              ) -> _Reader:
    """Read the body as a beam search over readings: each unit extends every kept reading
    in its likeliest ways, and the cheapest `beam_width` readings go on. A numbered row
    closes the rows before it, so the beam is narrowed to the best reading there."""
    beam = [_Reader(columns, lex)]
    for unit in body_units(lines, skip, lex):
        if unit.kind == "line" and _row_number(unit.lines[0].text.strip()):
            for reader in beam:
                reader.close_row()
            beam = [min(beam, key=lambda r: r.cost)]
        candidates = [child for reader in beam for child in reader.expand(unit)]
        candidates.sort(key=lambda r: r.cost)
        beam = candidates[:lex.settings.beam_width]
    for reader in beam:
        reader.close_row()
    return min(beam, key=lambda r: r.cost)


def _join(tokens: list) -> str:
    return " ".join(t.text for t in tokens)


# --- step 5: rows -----------------------------------------------------------------------------

def build_rows(grid: _Grid, by_number: dict[int, Line], repeat: bool) -> list[TableRow]:
    """Turn the cells into table rows, one per sub-row, with spanning rows in between.

    A cell covers its sub-row and every later sub-row until its column opens another cell
    (it was merged over them in print); below its first row it is left empty unless
    `repeat` asks for spans repeated into every row they cover.
    """
    n = len(grid.columns)
    starts: dict[tuple[int, int], _Segment] = {}
    for c, segments in enumerate(grid.segments):
        for segment in segments:
            starts[(segment.subrow, c)] = segment
    rows: list[TableRow] = []
    current = [""] * n  # the cell covering each column in the sub-row being built
    spans = list(grid.spans)

    def add_spans(before: int) -> None:
        while spans and spans[0][0] <= before:
            _, text, numbers = spans.pop(0)
            cells = [text] * n if repeat else [text] + [""] * (n - 1)
            page = next((by_number[m].page for m in numbers if m in by_number), None)
            raw = "\n".join(by_number[m].text.strip() for m in numbers if m in by_number)
            rows.append(TableRow(cells, list(numbers), page, raw or text))
            current[:] = [""] * n

    for k, subrow in enumerate(grid.subrows):
        add_spans(k)
        cells = []
        for c in range(n):
            segment = starts.get((k, c))
            if segment is not None:
                current[c] = " ".join(segment.words)
                cells.append(current[c])
            else:
                if c in subrow.reset:
                    current[c] = ""
                cells.append(current[c] if repeat else "")
        if not any(cells):
            continue
        numbers = sorted(set(subrow.lines))
        page = next((by_number[m].page for m in numbers if m in by_number), None)
        raw = "\n".join(by_number[m].text.strip() for m in numbers if m in by_number)
        rows.append(TableRow(cells, numbers, page, raw))
    add_spans(len(grid.subrows) + 1)
    return rows


# --- the chain --------------------------------------------------------------------------------

def recover_flattened_table(lines: list[Line],
                            settings: FlattenedSettings = FlattenedSettings()
                            ) -> FlattenedResult:
    """Recover one table from the plain lines of a flattened OCR table.

    `lines` run from just after the table's caption (or the caption itself, or the heading
    announcing the table) to the next section heading or caption; title lines before the
    header are passed over. The returned table has `flattened=True`, its header rows as
    recovered (a group title over year columns as a first row) and one row per printed
    row; label, caption and section are left for the caller.
    """
    lex = _Lexicon(settings)
    notes: list[str] = []
    texts = [line.text for line in lines]
    numbers = [line.number for line in lines]
    header = find_header(texts, lex)
    if header is None:
        if lines:
            notes.append(f"lines {numbers[0]}-{numbers[-1]}: no table header found")
        return FlattenedResult(None, [], notes)
    columns, header_rows = columns_from_header(texts, header, lex, notes, numbers)
    end, skip, reason = find_table_end(texts, header.end, header_rows[-1], lex)
    next_line = None
    if reason is not None and end < len(lines):
        notes.append(f"the table ends at line {numbers[end]} ({reason})")
        if reason == "another table's header":
            next_line = numbers[end]
    body = lines[header.end:end]
    reader = read_body(body, {i - header.end for i in skip if header.end <= i < end}, columns,
                       lex)
    unrecovered = list(reader.unrecovered)
    if reason == "running prose":
        unrecovered += [(line.number, line.text) for line in lines[end:] if not line.is_blank]
    by_number = {line.number: line for line in lines}
    rows = build_rows(reader.grid, by_number, settings.repeat_spans)
    notes.extend(reader.notes)
    if reader.unnumbered_rows:
        notes.append("rows without a row number (a guess that they are new rows) at lines "
                     + ", ".join(map(str, reader.unnumbered_rows)))
    if reader.unsure:
        unsure = sorted(set(reader.unsure))
        listed = ", ".join(map(str, unsure[:12])) + (f" and {len(unsure) - 12} more"
                                                     if len(unsure) > 12 else "")
        notes.append(f"the column split of lines {listed} was a close call between two "
                     "readings")
    if not rows:
        notes.append(f"the table headed at line {numbers[header.lines[0]]} has no rows that "
                     "could be read")
        leftovers = [(line.number, line.text) for line in body if not line.is_blank]
        return FlattenedResult(None, sorted(set(unrecovered + leftovers)),
                               aggregate_notes(notes, settings.max_notes_per_kind), next_line)
    if len(unrecovered) >= settings.debris_min_lines and len(unrecovered) > len(rows):
        note = (f"lines {numbers[header.lines[0]]}-{numbers[-1]}: a line of header words "
                f"followed by {len(unrecovered)} lines that fit no column and {len(rows)} rows "
                "read: prose, not a table")
        return FlattenedResult(None, [], [note], next_line)
    notes = aggregate_notes(notes, settings.max_notes_per_kind)
    used = [line for line in lines[header.lines[0]:end] if not line.is_blank]
    pages = sorted({line.page for line in used if line.page is not None})
    table = RawTable(label=None, caption=None, section=None, pages=pages,
                     header=header_rows, rows=rows, first_line=numbers[header.lines[0]],
                     flattened=True)
    return FlattenedResult(table, unrecovered, notes, next_line)


def aggregate_notes(notes: list[str], limit: int) -> list[str]:
    """The notes, those of one kind beyond `limit` replaced by one note with their count and
    the first examples, where the first of them stood. A kind is a note's words with the
    numbers and quoted text taken out ("line 12 was not placed in the table (continues no
    row)" and "line 14 ..." are one kind)."""
    kinds: dict[str, list[str]] = {}
    for note in notes:
        kinds.setdefault(_note_kind(note), []).append(note)
    out = []
    for note in notes:
        members = kinds[_note_kind(note)]
        if len(members) <= limit:
            out.append(note)
        elif note is members[0]:
            shown = 3
            out.append(f"{len(members)} notes of one kind, e.g. " + "; ".join(members[:shown])
                       + f"; and {len(members) - shown} more")
    return out


def _note_kind(note: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", note))
