#!/usr/bin/env python3
"""Throughput and memory of `rkt extract` on scanned and digital RKTs, against the floors.

    python scripts/bench.py [--jobs N] [--scans GOLD ...] [--work DIR] [--repeat N] [--profile]

Renders a small corpus from the gold files with `scripts/render_corpus.py` (scans of two
documents, ~30 pages; the committed digital renditions, ~70 pages), then prints:

- scanned pages per second end to end (`run_batch`, as `rkt extract` runs it: planning,
  worker processes, OCR, extraction, JSON, manifest, tables) with 1 and N jobs, each with
  a fresh, empty OCR cache (a warm cache would measure the cache);
- the same page images through the bare `tesseract` command with the same settings
  (300 dpi, ind+eng, psm 3, oem 1, OMP_THREAD_LIMIT=1, TSV out) on 1 and N processes, and
  the ratio (the target is >= 0.85: OCR is the floor, the rest should cost little);
- digital pages per second end to end with 1 and N jobs against pdfplumber's own
  `extract_words` + `extract_tables` on the same pages and processes (target >= 0.5);
- the peak resident memory of a worker (target < 1 GiB at 300 dpi).

Wall-clock rates depend on whatever else runs on the machine; the CPU seconds a page costs
(ours: the workers and their Tesseract processes, plus the parent's planning and tables;
bare: the tesseract or pdfplumber processes) do not, and their ratio is the throughput
ratio on an otherwise idle machine with the same cores. Both are printed.

`--profile` instead runs the scans through the pipeline in this process, one page at a
time, OCR cache off, and prints the CPU seconds a page each named stage costs (this
process's CPU plus that of the Tesseract processes it starts), and how many Tesseract
calls of each kind a page needs: where the time beyond bare Tesseract goes.

It takes several minutes on two cores: OCR is ~2 s a page per core.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.batch import run_batch  # noqa: E402
from extract.ocr import OcrSettings, api_engine_available, tesseract_version  # noqa: E402
from extract.raster import render_page  # noqa: E402
from extract.settings import Settings  # noqa: E402

DEFAULT_SCANS = ["gold/kab-sleman-dinkes-rkt-2023.json", "gold/kota-bandung-bappeda-rkt-2022.json"]


def render_scans(golds: list[str], folder: Path) -> list[Path]:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "render_corpus.py"), *golds,
                    "--out", str(folder), "--scan", "--variants", "scan", "--seed", "11", "-q"],
                   check=True, cwd=ROOT)
    return sorted(folder.glob("*-scan.pdf"))


def page_images(pdfs: list[Path], folder: Path, dpi: int) -> list[Path]:
    """Every page of the scans as a 300 dpi grayscale PNG, rendered as the pipeline does."""
    import pypdfium2 as pdfium

    images = []
    folder.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        document = pdfium.PdfDocument(str(pdf))
        for index in range(len(document)):
            path = folder / f"{pdf.stem}-{index + 1:03d}.png"
            cv2.imwrite(str(path), render_page(document, index, dpi))
            images.append(path)
        document.close()
    return images


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bare_tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                         check=False)
    return (out.stdout or out.stderr).splitlines()[0].strip()


def bare_tesseract(images: list[Path], jobs: int, settings: OcrSettings
                   ) -> tuple[float, float]:
    """Seconds and CPU seconds for the `tesseract` command alone over `images`, `jobs` at
    a time."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = ["tesseract", "-l", settings.languages, "--psm", str(settings.psm),
               "--oem", str(settings.oem)]

    def one(image: Path) -> None:
        subprocess.run([command[0], str(image), "stdout", *command[1:], "tsv"], env=env,
                       check=True, capture_output=True)

    started, cpu = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - started, _cpu(resource.RUSAGE_CHILDREN) - cpu


@functools.lru_cache(maxsize=4)
def _open_pdf(path: str):  # one open document per file and process, as a real reader would
    import pdfplumber

    return pdfplumber.open(path)


def _plumb(item: tuple[str, int]) -> int:
    page = _open_pdf(item[0]).pages[item[1]]
    page.extract_words()
    page.extract_tables()
    page.flush_cache()
    return 1


def bare_pdfplumber(pdfs: list[Path], jobs: int) -> tuple[float, float, int]:
    """Seconds, CPU seconds and pages for pdfplumber's words and tables of every page, on
    `jobs` processes."""
    import pypdfium2 as pdfium

    items = [(str(pdf), index) for pdf in pdfs for index in range(len(pdfium.PdfDocument(
        str(pdf))))]
    started, cpu = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
    with ProcessPoolExecutor(jobs) as pool:
        pages = sum(pool.map(_plumb, items, chunksize=4))
    return time.perf_counter() - started, _cpu(resource.RUSAGE_CHILDREN) - cpu, pages


def end_to_end(inputs: Path, out: Path, jobs: int, cache: Path | None = None
               ) -> tuple[float, float, int, float]:
    """Seconds, CPU seconds, pages, and the peak memory of a worker (MiB) for a fresh
    `run_batch`."""
    defaults = Settings()
    ocr = replace(defaults.ocr, workers=1, cache_dir=str(cache) if cache else None)
    settings = replace(defaults, ocr=ocr,
                       batch=replace(defaults.batch, jobs=jobs, force=True))
    started, parent_cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    summary = run_batch([inputs], out, settings)
    seconds = time.perf_counter() - started
    if summary.n_failed:
        raise SystemExit(f"{summary.n_failed} documents failed: {dict(summary.failed)}")
    parent = _cpu(resource.RUSAGE_SELF) - parent_cpu
    print(f"    (CPU s/page: workers {summary.cpu_seconds / summary.pages:.2f}, this process "
          f"{parent / summary.pages:.2f}: planning, progress, manifest, tables)", flush=True)
    return seconds, summary.cpu_seconds + parent, summary.pages, summary.peak_rss_mib


# -- stage profile ---------------------------------------------------------------------

_CALL = "Tesseract call"
# (module, function, stage name): the named steps of `extract_document` on a scanned page.
# A stage's time excludes the stages it calls. A Tesseract call's CPU (in this process for
# the API engine, in a child process for the command) goes to "tesseract: <the step that
# called it>".
_STAGES = [
    ("extract.paged", "read_layouts", "text layer check"),
    ("extract.ocr", "render_page", "render"),
    ("extract.ocr", "_sideways_turn", "sideways check"),
    ("extract.ocr", "_rotation", "orientation detection"),
    ("extract.ocr", "deskew", "deskew"),
    ("extract.ocr", "rule_masks", "rule masks"),
    ("extract.ocr", "find_ruling_segments", "rule segments"),
    ("extract.ocr", "erase_ruling_lines", "rule erasing"),
    ("extract.ocr", "flatten_lighting", "lighting check"),
    ("extract.ocr", "cache_key", "OCR cache key"),
    ("extract.tesseract", "ApiEngine.read", _CALL),
    ("extract.tesseract", "ApiEngine.orientation", _CALL),
    ("extract.tesseract", "CommandEngine.read", _CALL),
    ("extract.tesseract", "CommandEngine.orientation", _CALL),
    ("extract.ocr", "clean_words", "rule artefacts"),
    ("extract.ocr", "_reads_upright", "upright check"),
    ("extract.ocr", "reread_cells", "cell re-read (cells, mosaic)"),
    ("extract.paged", "ocr_layout", "page layout (tables, lines)"),
    ("extract.paged", "finish_layouts", "tables across pages"),
    ("extract.pipeline", "detect_sections", "sections"),
    ("extract.pipeline", "find_tables", "tables"),
    ("extract.pipeline", "assemble", "assemble"),
    ("extract.pipeline", "snap_nomenclature", "nomenclature"),
    ("extract.pipeline", "to_json", "to JSON"),
    ("extract.pipeline", "assert_valid", "validate"),
]


class _StageClock:
    """CPU seconds per stage, exclusive of nested stages: this process's CPU plus the
    reaped child processes' (Tesseract). The pipeline runs in one thread here."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.stack: list[list[Any]] = []  # [name, start, time of nested stages]

    @staticmethod
    def now() -> float:
        return time.process_time() + _cpu(resource.RUSAGE_CHILDREN)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.stack.append([name, self.now(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                _, start, nested = self.stack.pop()
                spent = self.now() - start
                if name == _CALL:  # all of it is Tesseract's, charged to its caller
                    caller = next((s[0] for s in reversed(self.stack)
                                   if s[0] in ("sideways check", "orientation detection",
                                               "cell re-read (cells, mosaic)")), "page")
                    self.add(f"tesseract: {caller}", spent, 1)
                else:
                    self.add(name, spent - nested, 1)
                if self.stack:
                    self.stack[-1][2] += spent

        return timed

    def add(self, name: str, seconds: float, calls: int) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.calls[name] = self.calls.get(name, 0) + calls


def profile_stages(pdfs: list[Path]) -> None:
    """Print the CPU seconds a page each stage costs on `pdfs`, OCR cache off."""
    import importlib

    import pypdfium2 as pdfium

    import extract._preload  # noqa: F401  # spaCy, the lexicon: a batch worker has them
    from extract.batch import pin_threads
    from extract.pipeline import extract_document

    pin_threads()  # one thread for Tesseract and OpenCV, as in a batch worker
    clock = _StageClock()
    for module_name, path, name in _STAGES:
        owner: Any = importlib.import_module(module_name)
        *classes, function = path.split(".")
        for class_name in classes:  # "ApiEngine.read": a method
            owner = getattr(owner, class_name)
        setattr(owner, function, clock.wrap(name, getattr(owner, function)))
    defaults = Settings()
    settings = replace(defaults, ocr=replace(defaults.ocr, workers=1, use_cache=False))
    pages = 0
    total = clock.now()
    for pdf in pdfs:
        extract_document(pdf, settings)
        pages += len(pdfium.PdfDocument(str(pdf)))
    total = clock.now() - total
    print(f"\nCPU s/page per stage, {pages} scanned pages, OCR cache off, one thread:")
    for name, seconds in sorted(clock.seconds.items(), key=lambda item: -item[1]):
        print(f"  {name:<34} {seconds / pages:7.3f}   ({clock.calls[name] / pages:.2f} calls "
              f"a page)")
    rest = total - sum(clock.seconds.values())
    print(f"  {'(the rest)':<34} {rest / pages:7.3f}")
    print(f"  {'total':<34} {total / pages:7.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scans", nargs="+", default=DEFAULT_SCANS,
                        help="gold files whose scans are the scanned corpus")
    parser.add_argument("--digital", type=Path, default=ROOT / "corpus" / "rendered",
                        help="folder of digital PDFs")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: "
                        "a temporary one)")
    parser.add_argument("--skip-scans", action="store_true")
    parser.add_argument("--skip-digital", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="run each scanned-page "
                        "measurement (rkt, then the floor) this many times and print the "
                        "median ratio too: a shared machine's speed drifts")
    parser.add_argument("--profile", action="store_true", help="print CPU s/page per stage "
                        "on the scans instead of the throughput figures")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="rkt-bench-"))
    job_counts = sorted({1, args.jobs})
    ocr = OcrSettings()
    print(f"rkt bench: {os.cpu_count()} CPUs, jobs {job_counts}, work folder {work}",
          flush=True)

    if args.profile:
        profile_stages(render_scans([str(ROOT / g) for g in args.scans], work / "scans"))
        return

    if not args.skip_scans:
        scans = render_scans([str(ROOT / g) for g in args.scans], work / "scans")
        images = page_images(scans, work / "scan-pages", ocr.dpi)
        print(f"\nscanned: {len(scans)} documents, {len(images)} pages at {ocr.dpi} dpi, "
              f"{ocr.languages}, psm {ocr.psm}; rkt runs Tesseract through the "
              f"{'API (tesserocr)' if api_engine_available(ocr) else 'command'}, "
              f"{tesseract_version(ocr)}; the floor is the {bare_tesseract_version()} command",
              flush=True)
        ours: dict[int, float] = {}
        for jobs in job_counts:
            ratios, cpu_ratios, rates = [], [], []
            for _ in range(args.repeat):
                # rkt, then the floor right after it: the two see the same machine as nearly
                # as can be (a shared host's speed drifts by some 10% over minutes).
                seconds, cpu, pages, rss = end_to_end(
                    work / "scans", work / f"scan-out-{jobs}", jobs,
                    cache=Path(tempfile.mkdtemp(dir=work, prefix="cache-")))
                bare_seconds, bare_cpu = bare_tesseract(images, jobs, ocr)
                bare = len(images) / bare_seconds
                rates.append(pages / seconds)
                ratios.append(pages / seconds / bare)
                cpu_ratios.append(bare_cpu / len(images) / (cpu / pages))
                print(f"  jobs {jobs}: rkt {pages / seconds:.3f} pages/s ({seconds:.1f} s for "
                      f"{pages} pages), bare tesseract {bare:.3f} pages/s, ratio "
                      f"{ratios[-1]:.2f}; CPU s/page rkt {cpu / pages:.2f}, bare "
                      f"{bare_cpu / len(images):.2f}, ratio {cpu_ratios[-1]:.2f}; peak worker "
                      f"memory {rss:.0f} MiB", flush=True)
            ours[jobs] = statistics.median(rates)
            if args.repeat > 1:
                print(f"  jobs {jobs}, median of {args.repeat}: ratio "
                      f"{statistics.median(ratios):.2f}, CPU ratio "
                      f"{statistics.median(cpu_ratios):.2f}", flush=True)
        if len(job_counts) > 1:
            print(f"  speed-up 1 -> {args.jobs} jobs: {ours[args.jobs] / ours[1]:.2f}x",
                  flush=True)

    if not args.skip_digital:
        pdfs = sorted(args.digital.glob("*.pdf"))
        print(f"\ndigital: {len(pdfs)} documents from {args.digital}", flush=True)
        digital: dict[int, float] = {}
        for jobs in job_counts:
            seconds, cpu, pages, rss = end_to_end(args.digital, work / f"digital-out-{jobs}",
                                                  jobs)
            digital[jobs] = pages / seconds
            plumb_seconds, plumb_cpu, plumb_pages = bare_pdfplumber(pdfs, jobs)
            plumber = plumb_pages / plumb_seconds
            print(f"  jobs {jobs}: rkt {digital[jobs]:.2f} pages/s ({seconds:.1f} s for "
                  f"{pages} pages), pdfplumber words+tables {plumber:.2f} pages/s, ratio "
                  f"{digital[jobs] / plumber:.2f}; CPU s/page rkt {cpu / pages:.3f}, "
                  f"pdfplumber {plumb_cpu / plumb_pages:.3f}, ratio "
                  f"{plumb_cpu / plumb_pages / (cpu / pages):.2f}; peak worker memory "
                  f"{rss:.0f} MiB", flush=True)
        if len(job_counts) > 1:
            print(f"  speed-up 1 -> {args.jobs} jobs: {digital[args.jobs] / digital[1]:.2f}x",
                  flush=True)


if __name__ == "__main__":
    main()
