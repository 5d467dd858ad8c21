"""OCR of page images with Tesseract: words with boxes and confidences, cached on disk.

    image -> sideways_turn (a quick look, then OSD; cached) -> deskew
          -> find_ruling_segments -> erase_ruling_lines -> ocr_page (Tesseract TSV, cached)
          -> [not upright: detect_rotation, read again] -> drop rule artefacts
          -> reread_cells (one more call for ruled cells left empty or read badly)
          -> OcrPage

Tesseract itself runs through `extract/tesseract.py`: in this process (tesserocr) when it
can, else the `tesseract` command.

`ocr_document` runs those steps per page (pages in parallel) and returns, for each, the
words (pixel boxes, confidence 0-100), the ruling segments, the page size and the mean
confidence: what `grid.find_tables` and `layout` take. `to_layout` / `to_page` run those
on a page in PDF points, as `pdf.py` does for a text layer, giving an IR `Page` with
`ocr=True`; `fill_source` records the OCR in `Source`.

Measured on RKT tables here (shared notes, ocr-facts.md): `ind+eng` reads "%" and ";" that
Debian's `ind` model cannot output, `--psm 3` beats `--psm 6`, 300 dpi beats 200, and
Tesseract is five times slower unless OpenMP is limited to one thread
(OMP_THREAD_LIMIT=1): parallelize across pages, not inside Tesseract.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from .grid import GridSettings, Segment, centre_in, find_borderless_tables, find_tables
from .ingest import IngestError
from .ir import Line, Page, Source, Word
from .layout import LayoutSettings, PageLayout, layout_page
from .raster import (
    POINTS_PER_INCH,
    PageImage,
    RasterSettings,
    binarize,
    deskew,
    detect_rotation,
    erase_ruling_lines,
    find_ruling_segments,
    flatten_lighting,
    render_page,
    rotate,
    rule_masks,
    sideways_turn,
)
from .tesseract import (
    ApiEngine,
    CommandEngine,
    TesseractCall,
    TesseractFailure,
    TesseractTimeout,
    engine_for,
)

#: Bumped whenever the cached value's shape or the way Tesseract is called changes.
CACHE_FORMAT = 1
CACHE_ENV = "RKT_OCR_CACHE"
DEFAULT_CACHE_DIR = Path("~/.cache/rkt/ocr")
INSTALL_HINT = (
    "Tesseract with Indonesian data is missing; install it with: "
    "apt-get install tesseract-ocr tesseract-ocr-ind"
)

# What Tesseract makes of a ruling line: a lone bar, underscore, dash or tilde. Such a
# "word" sitting on a detected rule is the rule, not text (a "-" in the middle of a cell,
# meaning "no value", does not touch a rule and is kept).
_RULE_ARTEFACT = re.compile(r"[|_~\-—–=¦.,'`]*[|_~\-—–=¦][|_~\-—–=¦.,'`]*")
_EDGE_BARS = "|¦"


@dataclass(frozen=True)
class OcrSettings:
    #: Resolution pages of a PDF are rendered at. 300 dpi: word error rate 0.056 against
    #: 0.092 at 200 dpi on RKT scans, for about 15% more time.
    dpi: int = 300
    #: Tesseract languages. `ind` alone cannot output "%" or ";" (Debian's 4.1.0 model);
    #: `ind+eng` read "%" right 21/33 times against 0/33.
    languages: str = "ind+eng"
    #: Page segmentation mode 3 (automatic, no OSD): psm 6 was slower and less accurate.
    psm: int = 3
    #: OCR engine mode 1 (LSTM only): Debian ships LSTM-only ("fast") models; pinning it
    #: keeps the cache key honest.
    oem: int = 1
    #: Further Tesseract parameters ("-c name=value" pairs), part of the cache key.
    tesseract_config: tuple[tuple[str, str], ...] = ()
    #: OpenMP threads per Tesseract process (set as OMP_THREAD_LIMIT unless the environment
    #: already sets it). 1 is five times faster on two cores; None leaves OpenMP alone.
    omp_thread_limit: int | None = 1
    #: How Tesseract runs: "api" keeps it loaded in the process (tesserocr), "command"
    #: starts the `tesseract` command for every call (pytesseract), "auto" the API when
    #: tesserocr is installed. Same words either way; the command pays ~0.25 CPU s a call
    #: to load its models (see extract/tesseract.py).
    engine: str = "auto"
    #: Seconds before one Tesseract call is abandoned (a pathological page must not hang a
    #: batch); 0 waits forever.
    timeout: float = 180.0

    #: Turn pages upright, straighten them, and whiten their ruling lines before OCR.
    fix_rotation: bool = True
    #: Orientation detection costs one to three more Tesseract calls a page (OSD, then two
    #: low-resolution reads when OSD is unsure): ~40% on top of the page's OCR. So a page
    #: is read as it lies first (unless `sideways_turn` found it lying sideways), and taken
    #: as upright when its words come out with at least this mean confidence,
    #: `upright_min_words` of them confident (>= 80) words of three letters or more, nine in
    #: ten of them wider than tall (Tesseract also reads sideways lines, in tall boxes);
    #: otherwise the rotation is detected and the page read again if it must turn.
    #: Measured on 56 rendered scan pages read as they lie and upside down: upright pages
    #: 78-96 (covers of 15-24 words 78-86), upside-down ones 47-55, a sideways page 50-71
    #: (and 89 the other way up, with no flat word). 0 always detects.
    upright_confidence: float = 75.0
    upright_min_words: int = 10
    fix_skew: bool = True
    erase_rules: bool = True
    #: A word made only of bar-like characters within this many pixels of a rule is the
    #: rule read as text and is dropped; a "|" glued to a word beside a vertical rule
    #: ("|Kegiatan") is cut off.
    rule_artefact_px: float = 6.0

    #: Words below this confidence (0-100) are dropped: Tesseract's noise on speckles.
    min_word_confidence: float = 0.0
    #: A word read with less than `speck_confidence` and shorter than `speck_height` times
    #: the page's median word height is a speck or a sliver of a rule, not text (a 1 pt
    #: high "ti" at confidence 4 under a table cell).
    speck_confidence: float = 20.0
    speck_height: float = 0.4
    #: Cells and lines whose mean word confidence is below this are flagged
    #: (warning `low_ocr_confidence`) by the stages that build cells.
    low_confidence: float = 60.0

    #: Cache OCR results on disk, keyed by the page image and everything that changes
    #: Tesseract's output. Directory: this setting, else $RKT_OCR_CACHE, else
    #: ~/.cache/rkt/ocr.
    use_cache: bool = True
    cache_dir: str | None = None

    #: Look again at the ruled-table cells that came out empty but hold ink, or were read
    #: with a mean confidence below `reread_below_confidence`. Tesseract's page layout
    #: drops or garbles small isolated marks such as the "1.", "2." of a "No" column; the
    #: cells' contents are stacked into one small image and read in one more call as a
    #: uniform block (`reread_psm` 6).
    reread_cells: bool = True
    reread_below_confidence: float = 60.0
    #: ... or that hold one word read with less than this: a header "CAPAIAN" read as
    #: "Tauern." at confidence 2 between two good words keeps its cell's mean above 60.
    reread_word_below: float = 10.0
    reread_psm: int = 6
    #: Binarize each piece (Otsu) before the second look. Measured on a noisy JPEG scan:
    #: the "1." / "2." / "3." / "7." of a No column came out as "dis", "2,", "a", "7."
    #: in grey and as "1.", "2.", "3.", "7." (confidence 90-96) binarized.
    reread_binarize: bool = True
    #: A cell needs at least this many ink pixels (at 300 dpi) to be read again: less is
    #: speckle.
    min_cell_ink_px: int = 40
    #: Cell borders trimmed before looking for ink, in inches: what the erased rule left.
    cell_inset_inches: float = 0.02

    #: Pages OCR'd at once by `ocr_document` (threads driving one Tesseract process each);
    #: None: one per CPU. Measured: two processes on two cores are ~1.5x one.
    workers: int | None = None

    raster: RasterSettings = field(default_factory=RasterSettings)


#: Pages being read at once by all the worker processes of a batch (a semaphore the batch
#: runner hands each worker; None outside a batch). A worker's document may spread its
#: pages over `OcrSettings.workers` threads, but the workers together never read more
#: pages than there are slots: the last large document of a run gets every idle core, and
#: a full pool never runs more Tesseracts than cores.
_page_slots: Any = None


def share_page_slots(slots: Any) -> None:
    """Make this process take a slot of `slots` (a multiprocessing semaphore) per page."""
    global _page_slots
    _page_slots = slots


class OcrError(IngestError):
    """Tesseract failed or timed out on a page (code "ocr_failed")."""


@dataclass(frozen=True)
class OcrResult:
    words: list[Word]
    mean_confidence: float | None
    engine_version: str
    cached: bool = False  # True when the words came from the cache and Tesseract never ran


@dataclass
class OcrPage:
    """One page after OCR, in pixels of the corrected (upright, deskewed) image."""

    number: int
    width: int
    height: int
    dpi: float
    rotation: int  # degrees clockwise the page was turned to be upright
    skew: float  # degrees (counter-clockwise positive) it was straightened by
    segments: list[Segment]
    words: list[Word]
    mean_confidence: float | None
    engine_version: str
    cached: bool = False


# -- Tesseract availability ---------------------------------------------------------------


@functools.cache
def _installed_languages(cmd: str) -> tuple[str, ...]:
    try:
        out = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True,
                             timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    lines = (out.stdout + out.stderr).splitlines()
    return tuple(line.strip() for line in lines[1:] if line.strip() and " " not in line)


@functools.cache
def _tessdata_dir(cmd: str) -> Path | None:
    try:
        out = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True,
                             timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'"([^"]+)"', out.stdout + out.stderr)
    return Path(found.group(1)) if found else None


def _tesseract_cmd() -> str:
    # pytesseract's setting when it has been imported (whoever imported it may have pointed
    # it elsewhere), else the command on the PATH. Importing pytesseract costs ~0.9 s (it
    # imports pandas), which a worker reading through the API engine never needs.
    loaded = sys.modules.get("pytesseract")
    return str(loaded.pytesseract.tesseract_cmd) if loaded is not None else "tesseract"


def tesseract_available(languages: str = "ind+eng") -> bool:
    """True when the Tesseract binary runs and has every language of `languages`."""
    cmd = _tesseract_cmd()
    if shutil.which(cmd) is None and not Path(cmd).is_file():
        return False
    installed = set(_installed_languages(cmd))
    return bool(installed) and all(lang in installed for lang in languages.split("+"))


def osd_available() -> bool:
    """True when Tesseract's orientation and script detection data is installed."""
    return tesseract_available("osd")


def require_tesseract(languages: str = "ind+eng") -> None:
    if not tesseract_available(languages):
        raise IngestError("ocr_unavailable", f"Tesseract with the {languages} language data "
                          "is not installed")


def tesseract_version(settings: OcrSettings | None = None) -> str:
    """"tesseract 5.3.0": the version of the engine `settings` run (part of the cache key:
    tesserocr's own wheel may bundle another Tesseract than the system's command)."""
    return _engine(settings or OcrSettings()).version


def api_engine_available(settings: OcrSettings | None = None) -> bool:
    """True when Tesseract can run inside this process (tesserocr installed, OpenMP
    limited as asked): what `engine="auto"` then uses."""
    return isinstance(_engine(replace(settings or OcrSettings(), engine="auto")), ApiEngine)


def _engine(settings: OcrSettings) -> ApiEngine | CommandEngine:
    folder = _tessdata_dir(_tesseract_cmd())
    return engine_for(settings.engine, str(folder) if folder else None,
                      settings.omp_thread_limit)


@functools.cache
def _model_fingerprint(languages: str) -> str:
    """Size and content hash of the traineddata used: a model upgrade changes the output."""
    folder = _tessdata_dir(_tesseract_cmd())
    digest = hashlib.sha256()
    for lang in languages.split("+"):
        path = folder / f"{lang}.traineddata" if folder else None
        if path is not None and path.is_file():
            digest.update(lang.encode() + hashlib.sha256(path.read_bytes()).digest())
        else:
            digest.update(lang.encode() + b":unknown")
    return digest.hexdigest()[:16]


# -- the cache ----------------------------------------------------------------------------


def cache_dir(settings: OcrSettings) -> Path:
    chosen = settings.cache_dir or os.environ.get(CACHE_ENV) or str(DEFAULT_CACHE_DIR)
    return Path(chosen).expanduser()


def cache_key(image: PageImage, settings: OcrSettings, dpi: float, kind: str = "words",
              extra: dict[str, Any] | None = None) -> str:
    """sha256 of the exact pixels plus everything that changes what Tesseract returns."""
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(image).tobytes())
    recipe = {
        "format": CACHE_FORMAT,
        "kind": kind,
        "shape": list(image.shape),
        "dtype": str(image.dtype),
        "engine": tesseract_version(settings),
        "models": _model_fingerprint(settings.languages if kind == "words" else "osd"),
        "languages": settings.languages,
        "psm": settings.psm,
        "oem": settings.oem,
        "dpi": round(float(dpi), 2),
        "config": [list(pair) for pair in settings.tesseract_config],
        "extra": extra or {},
    }
    digest.update(json.dumps(recipe, sort_keys=True).encode())
    return digest.hexdigest()


def _cache_path(settings: OcrSettings, key: str) -> Path:
    return cache_dir(settings) / key[:2] / f"{key}.json"


def _cache_get(settings: OcrSettings, key: str) -> dict[str, Any] | None:
    if not settings.use_cache:
        return None
    path = _cache_path(settings, key)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or half-written by a killed run: read again
    return value if isinstance(value, dict) and value.get("format") == CACHE_FORMAT else None


def _cache_put(settings: OcrSettings, key: str, value: dict[str, Any]) -> None:
    if not settings.use_cache:
        return
    path = _cache_path(settings, key)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside then renamed: parallel workers never read a half-written entry.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            json.dump({"format": CACHE_FORMAT, **value}, handle, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        # A read-only or full disk costs speed, never the result.
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


# -- Tesseract calls ----------------------------------------------------------------------


def _run_tesseract_words(image: PageImage, settings: OcrSettings, dpi: float) -> list[list[Any]]:
    """Tesseract TSV as [text, x0, top, x1, bottom, confidence] rows, words only."""
    call = TesseractCall(settings.languages, settings.psm, settings.oem, round(dpi),
                         settings.tesseract_config, settings.timeout)
    return _engine(settings).read(image, call)


def osd_rotation(image: PageImage, omp_thread_limit: int | None = 1, engine: str = "auto"
                 ) -> tuple[int, float] | None:
    """Tesseract OSD: (degrees clockwise to turn the page upright, confidence), or None
    when it cannot tell (too few characters, as on sparse table pages)."""
    settings = OcrSettings(engine=engine, omp_thread_limit=omp_thread_limit)
    return _engine(settings).orientation(image, min_characters=10)


def orientation_score(image: PageImage, languages: str = "ind+eng",
                      omp_thread_limit: int | None = 1, engine: str = "auto") -> float:
    """How well a (small) page reads this way up: total confidence of plausible words.

    Upside-down or sideways text comes out as short, low-confidence fragments; upright
    text as many confident words of several letters.
    """
    settings = OcrSettings(languages=languages, use_cache=False,
                           omp_thread_limit=omp_thread_limit, engine=engine)
    try:
        rows = _run_tesseract_words(image, settings, 150)
    except (TesseractFailure, TesseractTimeout):
        return 0.0
    return float(sum(r[5] for r in rows if r[5] >= 50 and sum(c.isalnum() for c in r[0]) >= 3))


# -- one page -----------------------------------------------------------------------------


def ocr_page(
    image: PageImage,
    settings: OcrSettings = OcrSettings(),
    *,
    segments: Sequence[Segment] = (),
    dpi: float | None = None,
) -> OcrResult:
    """OCR one prepared page image (upright, deskewed, rules erased).

    `segments` are the page's ruling lines: bar-like "words" sitting on them are dropped.
    A cache hit returns the stored words without starting Tesseract.
    """
    require_tesseract(settings.languages)
    dpi = float(dpi or settings.dpi)
    key = cache_key(image, settings, dpi)
    stored = _cache_get(settings, key)
    cached = stored is not None
    if stored is None:
        try:
            words_found = _run_tesseract_words(image, settings, dpi)
        except TesseractTimeout as error:
            raise OcrError("ocr_failed", f"Tesseract timed out on a page after "
                           f"{settings.timeout:g} s") from error
        except TesseractFailure as error:
            raise OcrError("ocr_failed", f"Tesseract failed on a page: {error}") from error
        stored = {"engine": tesseract_version(settings), "words": words_found}
        _cache_put(settings, key, stored)
    words = [Word(str(t), float(x0), float(top), float(x1), float(bottom), float(conf))
             for t, x0, top, x1, bottom, conf in stored["words"]]
    words = clean_words(words, segments, settings)
    return OcrResult(words, mean_confidence(words), str(stored["engine"]), cached)


def clean_words(
    words: Iterable[Word], segments: Sequence[Segment], settings: OcrSettings = OcrSettings()
) -> list[Word]:
    """Drop empty and low-confidence words and what is left of the rules in the text."""
    tolerance = settings.rule_artefact_px
    verticals = [s for s in segments if s.orientation == "v"]
    kept = []
    for word in words:
        text = word.text.strip()
        if not text or (word.confidence or 0.0) < settings.min_word_confidence:
            continue
        box = (word.x0, word.top, word.x1, word.bottom)
        if _RULE_ARTEFACT.fullmatch(text) and _near_any(box, segments, tolerance):
            continue
        word = _strip_edge_bars(Word(text, *box, word.confidence), verticals, tolerance)
        if word is not None:
            kept.append(word)
    # Before any cell is judged for a second look: a speck would drag its confidence down.
    return drop_specks(kept, settings)


def drop_specks(words: Sequence[Word], settings: OcrSettings = OcrSettings()) -> list[Word]:
    """Drop words that are specks or slivers of a rule: doubtful and far flatter than text.

    Judged by geometry and confidence only, never by what the word says. (Dropping
    doubtful words that overlap a confident one was tried too: it also dropped a garbled
    but useful second line of a cell, so it is not done.)
    """
    heights = sorted(w.bottom - w.top for w in words)
    if not heights:
        return []
    floor = settings.speck_height * heights[len(heights) // 2]
    return [w for w in words
            if w.bottom - w.top >= floor
            or (w.confidence if w.confidence is not None else 100.0) >= settings.speck_confidence]


def _strip_edge_bars(word: Word, verticals: Sequence[Segment], tolerance: float) -> Word | None:
    """Cut a "|" glued to a word's side when a vertical rule runs along that side."""
    text, x0, x1 = word.text, word.x0, word.x1
    char = (x1 - x0) / max(len(text), 1)  # TSV has no character boxes: assume even widths
    if text[0] in _EDGE_BARS and _near_any((x0, word.top, x0 + char, word.bottom),
                                            verticals, tolerance):
        stripped = text.lstrip(_EDGE_BARS)
        x0 += char * (len(text) - len(stripped))
        text = stripped
    if text and text[-1] in _EDGE_BARS and _near_any((x1 - char, word.top, x1, word.bottom),
                                                      verticals, tolerance):
        stripped = text.rstrip(_EDGE_BARS)
        x1 -= char * (len(text) - len(stripped))
        text = stripped
    if not text:
        return None
    return Word(text, x0, word.top, x1, word.bottom, word.confidence)


def _near_any(box: tuple[float, float, float, float], segments: Iterable[Segment],
              tolerance: float) -> bool:
    x0, top, x1, bottom = box
    return any(x0 <= s.x1 + tolerance and x1 >= s.x0 - tolerance
               and top <= s.bottom + tolerance and bottom >= s.top - tolerance
               for s in segments)


def mean_confidence(words: Sequence[Word]) -> float | None:
    values = [w.confidence for w in words if w.confidence is not None]
    return round(sum(values) / len(values), 2) if values else None


# -- whole documents ----------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedPage:
    image: PageImage  # upright and deskewed, rules still on it
    ocr_image: PageImage  # what Tesseract reads: rules erased when the settings say so
    rotation: int
    skew: float
    segments: list[Segment]


def prepare_page(image: PageImage, dpi: float, settings: OcrSettings = OcrSettings(),
                 rotation: int | None = None) -> PreparedPage:
    """Upright, straight, rules found and erased: a page ready for Tesseract. `rotation`
    (degrees clockwise) when already known, else detected if `settings.fix_rotation`."""
    raster = settings.raster
    if rotation is None:
        rotation = _rotation(image, dpi, settings) if settings.fix_rotation else 0
    if rotation:
        image = rotate(image, rotation)
    skew = 0.0
    if settings.fix_skew:
        image, skew = deskew(image, raster)
    masks = rule_masks(image, dpi, raster)
    segments = find_ruling_segments(image, dpi, raster, masks=masks)
    erased = (erase_ruling_lines(image, segments, dpi, raster, masks=masks)
              if settings.erase_rules else image)
    erased = flatten_lighting(erased, dpi, raster)
    return PreparedPage(image, erased, rotation, skew, segments)


def _rotation(image: PageImage, dpi: float, settings: OcrSettings) -> int:
    # Orientation detection runs Tesseract too (OSD, or OCR at low resolution): cached
    # like the words, so a second run over the same scans starts no Tesseract at all.
    raster = settings.raster
    key = cache_key(image, settings, dpi, kind="rotation", extra={
        "use_osd": raster.use_osd, "min_osd_confidence": raster.min_osd_confidence,
        "orientation_dpi": raster.orientation_dpi, "osd": osd_available()})
    stored = _cache_get(settings, key)
    if stored is not None:
        return int(stored["rotation"])
    rotation = detect_rotation(image, dpi, settings.raster, languages=settings.languages,
                               omp_thread_limit=settings.omp_thread_limit,
                               engine=settings.engine)
    _cache_put(settings, key, {"rotation": rotation})
    return rotation


def _sideways_turn(image: PageImage, dpi: float, settings: OcrSettings) -> int:
    # Cached like the rotation: a second run over the same scans starts no OSD.
    raster = settings.raster
    key = cache_key(image, settings, dpi, kind="sideways", extra={
        "min_osd_confidence": raster.min_osd_confidence, "check_dpi": raster.sideways_check_dpi,
        "orientation_dpi": raster.orientation_dpi, "osd": osd_available() and raster.use_osd,
        "band": raster.orientation_band_px})
    stored = _cache_get(settings, key)
    if stored is not None:
        return int(stored["rotation"])
    rotation = sideways_turn(image, dpi, raster, languages=settings.languages,
                             omp_thread_limit=settings.omp_thread_limit, engine=settings.engine)
    _cache_put(settings, key, {"rotation": rotation})
    return rotation


def reread_cells(
    image: PageImage,
    segments: Sequence[Segment],
    words: Sequence[Word],
    dpi: float,
    settings: OcrSettings = OcrSettings(),
) -> tuple[list[Word], bool]:
    """The page's words after a second look at the ruled-table cells read badly.

    A cell is looked at again when the page OCR left it empty though it holds ink, read
    it with a mean confidence below `reread_below_confidence`, or read one of its words
    with less than `reread_word_below`. The cells come from
    `grid.find_tables` on the page's rules and words (in pixels). Each such cell's ink is
    cut out, binarized, and the pieces are stacked well apart into one mosaic that Tesseract
    reads in a single call (a call per cell costs ~0.3 s of start-up each with the command, and
    Tesseract's page layout pass each with either engine); the words found
    are mapped back to the page. A cell's new words replace its old ones only when they
    are read with more confidence. Returns the words and whether the mosaic came from the
    cache (True also when no cell needed a second look).
    """
    tables = find_tables(segments, words, GridSettings().scaled(dpi / POINTS_PER_INCH))
    inset = max(1, round(settings.cell_inset_inches * dpi))
    min_ink = settings.min_cell_ink_px * (dpi / 300.0) ** 2
    # page x, page y, pixels, the cell's words from the page OCR
    pieces: list[tuple[int, int, PageImage, tuple[Word, ...]]] = []
    for table in tables:
        for cell in table.cells:
            confidence = mean_confidence(cell.words)
            if (confidence is not None and confidence >= settings.reread_below_confidence
                    and min(w.confidence for w in cell.words if w.confidence is not None)
                    >= settings.reread_word_below):
                continue
            x0, top = int(cell.x0) + inset, int(cell.top) + inset
            x1, bottom = int(cell.x1) - inset, int(cell.bottom) - inset
            if x1 - x0 < 4 or bottom - top < 4:
                continue
            crop = image[top:bottom, x0:x1]
            ink = binarize(crop, settings.raster) > 0
            if ink.sum() < min_ink:
                continue
            ys, xs = np.nonzero(ink)
            cx0, cy0 = max(0, int(xs.min()) - inset), max(0, int(ys.min()) - inset)
            cx1, cy1 = int(xs.max()) + 1 + inset, int(ys.max()) + 1 + inset
            piece = crop[cy0:cy1, cx0:cx1]
            if settings.reread_binarize:
                piece = cv2.threshold(piece, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
            pieces.append((x0 + cx0, top + cy0, piece, cell.words))
    if not pieces:
        return list(words), True
    # Pieces one under another, a text line's height or more apart so that each is its own
    # line to Tesseract, with a margin all round.
    gap = max(round(0.25 * dpi), max(p[2].shape[0] for p in pieces) // 2)
    width = max(p[2].shape[1] for p in pieces) + 2 * gap
    height = sum(p[2].shape[0] for p in pieces) + gap * (len(pieces) + 1)
    mosaic = np.full((height, width), 255, dtype=np.uint8)
    placed = []  # (mosaic top, mosaic bottom, page dx, page dy)
    y = gap
    for page_x, page_y, pixels, _ in pieces:
        h, w = pixels.shape
        mosaic[y:y + h, gap:gap + w] = pixels
        placed.append((y, y + h, page_x - gap, page_y - y))
        y += h + gap
    result = ocr_page(mosaic, replace(settings, psm=settings.reread_psm), dpi=dpi)
    found: list[list[Word]] = [[] for _ in pieces]
    for word in result.words:
        middle = (word.top + word.bottom) / 2
        for index, (top, bottom, dx, dy) in enumerate(placed):
            if top - gap / 2 <= middle <= bottom + gap / 2:
                found[index].append(Word(word.text, word.x0 + dx, word.top + dy, word.x1 + dx,
                                         word.bottom + dy, word.confidence))
                break
    dropped: set[Word] = set()
    added: list[Word] = []
    for (_, _, _, old), new in zip(pieces, found):
        old_confidence = mean_confidence(old)
        new_confidence = mean_confidence(new)
        if new_confidence is None:
            continue
        if old_confidence is None or new_confidence > old_confidence:
            dropped.update(old)
            added.extend(new)
    return [w for w in words if w not in dropped] + added, result.cached


def ocr_document(
    pages: Iterable[PageImage | tuple[PageImage, float]],
    settings: OcrSettings = OcrSettings(),
    *,
    numbers: Iterable[int] | None = None,
) -> list[OcrPage]:
    """OCR every page: rotation, deskew, rules found and erased, Tesseract, clean-up.

    `pages` are grayscale images (at `settings.dpi`) or (image, dpi) pairs, as
    `raster.load_image_pages` returns them; `numbers` their page numbers (1.. by default).
    Pages run `settings.workers` at a time; at most that many are held in memory beyond
    the results, so a generator of pages keeps a long scan's memory flat.
    """
    require_tesseract(settings.languages)
    items = zip(numbers if numbers is not None else itertools.count(1), pages)
    workers = settings.workers or os.cpu_count() or 1
    if workers <= 1:
        return [_ocr_one(number, item, settings) for number, item in items]
    done: list[OcrPage] = []
    # Threads are enough: the time goes to Tesseract processes and to OpenCV / NumPy, which
    # release the GIL.
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rkt-ocr") as pool:
        running: set[Future[OcrPage]] = set()
        for number, item in items:
            if len(running) >= workers:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                done += [future.result() for future in finished]
            running.add(pool.submit(_ocr_one, number, item, settings))
        done += [future.result() for future in running]
    return sorted(done, key=lambda page: page.number)


def _ocr_one(number: int, item: PageImage | tuple[PageImage, float],
             settings: OcrSettings) -> OcrPage:
    with _page_slots if _page_slots is not None else contextlib.nullcontext():
        return _ocr_one_page(number, item, settings)


def _ocr_one_page(number: int, item: PageImage | tuple[PageImage, float],
                  settings: OcrSettings) -> OcrPage:
    image, dpi = item if isinstance(item, tuple) else (item, float(settings.dpi))
    prepared, ocr = _prepare_and_read(image, dpi, settings)
    words, cached = ocr.words, ocr.cached
    if settings.reread_cells and prepared.segments:
        words, reread_cached = reread_cells(prepared.ocr_image, prepared.segments, words, dpi,
                                            settings)
        cached = cached and reread_cached
    height, width = prepared.image.shape[:2]
    return OcrPage(number, width, height, dpi, prepared.rotation, prepared.skew,
                   prepared.segments, words, mean_confidence(words), ocr.engine_version,
                   cached)


def _prepare_and_read(image: PageImage, dpi: float, settings: OcrSettings
                      ) -> tuple[PreparedPage, OcrResult]:
    """The page prepared and read: as it lies when it reads upright (see
    `upright_confidence`), else turned as orientation detection says."""
    # A page is read as it lies first unless a quick look finds its lines running top to
    # bottom *and* OSD is sure it lies sideways: the quick look alone misjudges some upright
    # table pages with narrow columns of wrapped text (seen: such a page turned sideways and
    # read as nonsense). A wrong guess costs one read, and is caught by the upright check.
    if settings.fix_rotation and settings.upright_confidence > 0:
        turned: tuple[int, PreparedPage, OcrResult] | None = None
        turn = _sideways_turn(image, dpi, settings)
        if turn:
            prepared = prepare_page(image, dpi, settings, rotation=turn)
            ocr = ocr_page(prepared.ocr_image, settings, segments=prepared.segments, dpi=dpi)
            if _reads_upright(ocr.words, settings):
                return prepared, ocr
            turned = (turn, prepared, ocr)  # a sparse page may read poorly either way
        prepared = prepare_page(image, dpi, settings, rotation=0)
        ocr = ocr_page(prepared.ocr_image, settings, segments=prepared.segments, dpi=dpi)
        if _reads_upright(ocr.words, settings):
            return prepared, ocr
        rotation = _rotation(image, dpi, settings)
        if rotation == 0:
            return prepared, ocr
        if turned is not None and turned[0] == rotation:
            return turned[1], turned[2]
        prepared = prepare_page(image, dpi, settings, rotation=rotation)
    else:
        prepared = prepare_page(image, dpi, settings)
    return prepared, ocr_page(prepared.ocr_image, settings, segments=prepared.segments,
                              dpi=dpi)


def _reads_upright(words: Sequence[Word], settings: OcrSettings) -> bool:
    # Tesseract reads sideways text lines too, confidently, in boxes taller than wide:
    # the confident words must also lie flat, all but a few.
    confident = [w for w in words if w.confidence is not None and w.confidence >= 80
                 and sum(c.isalnum() for c in w.text) >= 3]
    flat = sum(1 for w in confident if w.x1 - w.x0 > w.bottom - w.top)
    confidence = mean_confidence(words)
    return (confidence is not None and confidence >= settings.upright_confidence
            and len(confident) >= settings.upright_min_words
            and flat >= 0.9 * len(confident))


def ocr_pdf(
    pdf: bytes, settings: OcrSettings = OcrSettings(), pages: Iterable[int] | None = None
) -> list[OcrPage]:
    """Render `pages` (1-based numbers; all by default) of a PDF at `settings.dpi` and OCR
    them. Pages are rendered one at a time, in this thread, as workers free up (pdfium is
    not thread-safe)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        numbers = list(range(1, len(document) + 1)) if pages is None else list(pages)
        images = ((render_page(document, number - 1, settings.dpi, settings.raster),
                   float(settings.dpi)) for number in numbers)
        return ocr_document(images, settings, numbers=numbers)
    finally:
        document.close()


def fill_source(source: Source, pages: Sequence[OcrPage], settings: OcrSettings) -> None:
    """Record the OCR in a document's `Source`: pages, engine, languages, mean confidence
    (over all words of all OCR'd pages, so a near-empty page does not weigh like a full one)."""
    source.ocr_pages = sorted({*source.ocr_pages, *(page.number for page in pages)})
    if pages:
        source.ocr_engine = pages[0].engine_version
        source.ocr_languages = settings.languages
        source.ocr_mean_confidence = mean_confidence([w for p in pages for w in p.words])


def in_points(page: OcrPage) -> tuple[list[Word], list[Segment], float, float]:
    """The page's words, rules, width and height in PDF points (1/72 in) instead of pixels.

    A scanned PDF page then has the size of the PDF page, and `grid` and `layout` run with
    their default (point) settings, as on a text layer.
    """
    k = POINTS_PER_INCH / page.dpi

    def pt(value: float) -> float:
        return round(value * k, 2)  # a hundredth of a point is far below a pixel

    words = [Word(w.text, pt(w.x0), pt(w.top), pt(w.x1), pt(w.bottom), w.confidence)
             for w in page.words]
    segments = [Segment(pt(s.x0), pt(s.top), pt(s.x1), pt(s.bottom)) for s in page.segments]
    return words, segments, pt(page.width), pt(page.height)


def to_layout(page: OcrPage, grid_settings: GridSettings = GridSettings(),
              layout_settings: LayoutSettings = LayoutSettings()) -> PageLayout:
    """Tables and lines of an OCR'd page, in points, as `pdf.py` lays out a text-layer page:
    ruled tables from the found rules, borderless ones among the words outside them."""
    words, segments, width, height = in_points(page)
    tables = find_tables(segments, words, grid_settings)
    outside = [w for w in words if not any(centre_in(w, t.bbox) for t in tables)]
    tables += find_borderless_tables(outside, grid_settings)
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    layout = layout_page(words, tables, page.number, layout_settings, width, height)
    for line in layout.lines:
        line.confidence = mean_confidence(line.words)
    return layout


def low_confidence_cells(layout: PageLayout, settings: OcrSettings = OcrSettings()
                         ) -> list[tuple[Line, int, str, float]]:
    """(row line, column, text, mean word confidence) of each table cell read with a mean
    confidence below `settings.low_confidence`, for the `low_ocr_confidence` warning.
    A merged cell is reported once, at its first row and column."""
    flagged = []
    for block in layout.tables:
        for cell in block.table.cells:
            confidence = mean_confidence(cell.words)
            if confidence is not None and confidence < settings.low_confidence:
                flagged.append((block.lines[cell.row], cell.col, cell.text, confidence))
    return flagged


def to_page(page: OcrPage, grid_settings: GridSettings = GridSettings(),
            layout_settings: LayoutSettings = LayoutSettings()) -> Page:
    """An IR `Page` (ocr=True, mean confidence set) from an OCR'd page, in points."""
    layout = to_layout(page, grid_settings, layout_settings)
    return Page(number=page.number, lines=layout.lines, width=layout.width,
                height=layout.height, ocr=True, mean_confidence=page.mean_confidence)
