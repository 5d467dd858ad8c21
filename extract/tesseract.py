"""Running Tesseract: one interface, two engines.

    engine_for(settings) -> ApiEngine     Tesseract loaded once in this process (tesserocr)
                         -> CommandEngine the `tesseract` command, started for every call
    engine.read(image, call)      -> word rows, as the TSV gives them
    engine.orientation(image)     -> (degrees clockwise to turn upright, confidence) or None

Both run the same library on the same pixels with the same parameters, so both return the
same words, boxes and confidences (tests/test_tesseract.py compares them); the OCR cache does
not tell them apart. What differs is the cost: the command loads its ind+eng models at every
start, ~0.25 CPU s (measured: 0.23 s user on a 50x30 px image), and a scanned page takes one
to three calls (the page, the cell re-read, orientation detection on pages that do not read
upright). The API engine keeps loaded instances in a pool and pays that once per process.

The API engine needs OpenMP limited *before* Tesseract's library is loaded: libgomp reads
OMP_THREAD_LIMIT once, when it starts, and a page read with OpenMP free to spin on two cores
took 5.6 s instead of 1.7 here. When the limit asked for does not hold in this process
(libgomp already started by something else), "auto" falls back to the command, which gets
the variable in its own environment.
"""

from __future__ import annotations

import ctypes
import functools
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

#: What `OcrSettings.engine` may say.
ENGINES = ("auto", "api", "command")


class TesseractTimeout(RuntimeError):
    """A call ran past its time limit."""


class TesseractFailure(RuntimeError):
    """Tesseract could not read the image (or could not start)."""


@dataclass(frozen=True)
class TesseractCall:
    """Everything that changes what one Tesseract call returns, but the pixels."""

    languages: str
    psm: int
    oem: int
    dpi: int
    #: "-c name=value" parameters
    config: tuple[tuple[str, str], ...] = ()
    #: seconds; 0 waits forever
    timeout: float = 0.0


#: One word as the TSV gives it: text, x0, top, x1, bottom, confidence (0-100, truncated
#: to a whole number as pytesseract has always returned it: the thresholds were measured so).
WordRow = list[Any]


def limit_openmp(limit: int | None) -> None:
    """Ask for at most `limit` OpenMP threads per Tesseract. A value the user exported wins:
    whoever set it meant it."""
    if limit is not None:
        os.environ.setdefault("OMP_THREAD_LIMIT", str(limit))


def _word_rows(tsv: str) -> list[WordRow]:
    """The word rows of a Tesseract TSV (level 5), without empty words."""
    rows = []
    for line in tsv.splitlines():
        fields = line.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue  # the header, and page / block / paragraph / line rows
        text = fields[11].strip()
        confidence = float(fields[10])
        if confidence < 0 or not text:
            continue
        left, top, width, height = (int(v) for v in fields[6:10])
        rows.append([text, left, top, left + width, top + height, float(int(confidence))])
    return rows


class CommandEngine:
    """The `tesseract` command through pytesseract, one process per call."""

    name = "command"

    @functools.cached_property
    def version(self) -> str:
        import subprocess

        import pytesseract

        out = subprocess.run([str(pytesseract.pytesseract.tesseract_cmd), "--version"],
                             capture_output=True, text=True, timeout=30, check=False)
        first = (out.stdout or out.stderr).strip().splitlines()
        return first[0].strip() if first else "tesseract unknown"

    @staticmethod
    @contextmanager
    def _image_file(image: np.ndarray) -> Iterator[str]:
        # An uncompressed PGM: the same pixels as a PNG (the TSV is identical) written in
        # ~15 ms instead of ~180 ms for a 300 dpi A4 page, and read back without inflating.
        with tempfile.TemporaryDirectory(prefix="rkt-ocr-") as folder:
            path = os.path.join(folder, "page.pgm")
            cv2.imwrite(path, image)
            yield path

    def read(self, image: np.ndarray, call: TesseractCall) -> list[WordRow]:
        import pytesseract

        config = " ".join([f"--psm {call.psm}", f"--oem {call.oem}", f"--dpi {call.dpi}",
                           *(f"-c {name}={value}" for name, value in call.config)])
        try:
            with self._image_file(image) as path:
                tsv = pytesseract.image_to_data(path, lang=call.languages, config=config,
                                                timeout=call.timeout)
        except RuntimeError as error:  # pytesseract's timeout
            if isinstance(error, pytesseract.TesseractError):
                raise TesseractFailure(str(error)) from error
            raise TesseractTimeout(str(error)) from error
        return _word_rows(tsv)

    def orientation(self, image: np.ndarray, min_characters: int = 10
                    ) -> tuple[int, float] | None:
        import pytesseract

        try:
            with self._image_file(image) as path:
                osd = pytesseract.image_to_osd(
                    path, config=f"--psm 0 -c min_characters_to_try={min_characters}",
                    output_type=pytesseract.Output.DICT, timeout=60)
        except RuntimeError:  # too few characters to tell, or timed out
            return None
        return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))


class ApiEngine:
    """Tesseract's C++ API through tesserocr: models loaded once, kept in a pool.

    An instance serves one call at a time; calls from several threads (the pages of one
    document) each take an idle instance of the right languages or load a new one, so a
    process holds at most as many as it ever read pages at once (~55 MB each with ind+eng).
    """

    name = "api"

    def __init__(self, tessdata: str | None) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        self._tessdata = tessdata
        self._idle: dict[tuple[Any, ...], list[Any]] = {}
        self._lock = threading.Lock()
        _quiet_leptonica()
        # A worker forked while another thread held the lock must not inherit it held.
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()

    @functools.cached_property
    def version(self) -> str:
        return self._tesserocr.tesseract_version().strip().splitlines()[0].strip()

    @contextmanager
    def _instance(self, languages: str, oem: int,
                  config: tuple[tuple[str, str], ...]) -> Iterator[Any]:
        key = (languages, oem, config)
        with self._lock:
            idle = self._idle.setdefault(key, [])
            api = idle.pop() if idle else None
        if api is None:
            try:
                where = {"path": self._tessdata} if self._tessdata else {}
                api = self._tesserocr.PyTessBaseAPI(**where, lang=languages, oem=oem)
            except RuntimeError as error:
                raise TesseractFailure(f"Tesseract could not load {languages}: {error}"
                                       ) from error
            # Tesseract's notes ("Estimating resolution ...") went to the command's own
            # stderr, which pytesseract swallowed; in this process they would reach the
            # user's console.
            api.SetVariable("debug_file", os.devnull)
            for name, value in config:
                api.SetVariable(name, value)
        try:
            yield api
        finally:
            with self._lock:
                self._idle.setdefault(key, []).append(api)

    def read(self, image: np.ndarray, call: TesseractCall) -> list[WordRow]:
        pixels = np.ascontiguousarray(image, dtype=np.uint8)
        height, width = pixels.shape[:2]
        with self._instance(call.languages, call.oem, call.config) as api:
            api.SetPageSegMode(call.psm)
            api.SetImageBytes(pixels.tobytes(), width, height, 1, width)
            # What `--dpi` does for the command: the page's resolution, not guessed.
            api.SetVariable("user_defined_dpi", str(call.dpi))
            if not api.Recognize(timeout=round(call.timeout * 1000)):
                raise (TesseractTimeout(f"Tesseract stopped after {call.timeout:g} s")
                       if call.timeout else TesseractFailure("Tesseract could not read"))
            tsv = api.GetTSVText(0)
            api.Clear()  # the page's results are not kept past the call
        return _word_rows(tsv or "")

    def orientation(self, image: np.ndarray, min_characters: int = 10
                    ) -> tuple[int, float] | None:
        pixels = np.ascontiguousarray(image, dtype=np.uint8)
        height, width = pixels.shape[:2]
        config = (("min_characters_to_try", str(min_characters)),)
        with self._instance("osd", 0, config) as api:
            api.SetPageSegMode(self._tesserocr.PSM.OSD_ONLY)
            api.SetImageBytes(pixels.tobytes(), width, height, 1, width)
            found = api.DetectOrientationScript()
            api.Clear()
        if not found:
            return None  # too few characters to tell
        # The API says how the page is turned; the command (and we) how to turn it back.
        return (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"])


def _quiet_leptonica() -> None:
    """Silence Leptonica's messages, as the command's swallowed stderr did: "Error in
    pixScanForForeground: invalid box" is printed for a blank piece of a cell mosaic and
    means nothing to a user. Leptonica has no Python binding; its C switch is called on the
    copy this process loaded (the system's, or the one a tesserocr wheel bundles)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "lept" in line.rsplit("/", 1)[-1]}
        for path in paths:
            ctypes.CDLL(path).setMsgSeverity(6)  # L_SEVERITY_NONE
    except (OSError, AttributeError):
        pass  # not Linux, or not found: the messages stay, nothing else changes


def _openmp_follows_environment() -> bool:
    """True unless OMP_THREAD_LIMIT asks for a limit this process's OpenMP runtime does not
    apply (it was started before the variable was set)."""
    wanted = os.environ.get("OMP_THREAD_LIMIT")
    if wanted is None:
        return True
    try:
        gomp = ctypes.CDLL("libgomp.so.1")
        return int(gomp.omp_get_thread_limit()) == int(wanted)
    except (OSError, ValueError):
        return True  # no OpenMP runtime (Tesseract built without it), or a value it ignores


@functools.cache
def _api_engine(tessdata: str | None, omp_thread_limit: int | None) -> ApiEngine | None:
    limit_openmp(omp_thread_limit)  # before tesserocr loads libtesseract and libgomp
    try:
        engine = ApiEngine(tessdata)
    except ImportError:
        return None
    if not _openmp_follows_environment():
        return None
    return engine


@functools.cache
def _command_engine() -> CommandEngine:
    return CommandEngine()


def engine_for(kind: str, tessdata: str | None, omp_thread_limit: int | None
               ) -> ApiEngine | CommandEngine:
    """The engine `kind` ("auto", "api" or "command") names: "auto" is the API engine when
    tesserocr is installed and OpenMP can be limited in this process, else the command."""
    if kind not in ENGINES:
        raise ValueError(f"unknown Tesseract engine {kind!r}: one of {', '.join(ENGINES)}")
    if kind != "command":
        api = _api_engine(tessdata, omp_thread_limit)
        if api is not None:
            return api
        if kind == "api":
            raise TesseractFailure("the Tesseract API engine needs tesserocr, and OpenMP "
                                   "limited before it loads (OMP_THREAD_LIMIT)")
    limit_openmp(omp_thread_limit)  # the command inherits this process's environment
    return _command_engine()
