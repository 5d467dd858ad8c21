"""Folder runs: many documents in parallel, resumable, with a manifest and analyst tables.

    discover -> plan (sha256, output names, skip what is up to date) -> execute (local
    worker processes, or a Dask cluster) -> manifest line per document -> analyst tables

The unit of work is one document: `run_task` extracts it and writes its JSON atomically
in whatever process runs it, and hands back a small summary. Only the parent writes the
manifest (`DIR/manifest.jsonl`, append-only, one JSON line per document per run), after the
output is in place, so that a run killed at any instant leaves either a complete output or
none, and a manifest whose last line at worst is torn (readers skip it).

Local runs use their own small pool of worker processes rather than `ProcessPoolExecutor`:
when a worker dies the executor fails every pending document and cannot say which one
killed it, and it cannot kill one worker that hangs. Here each worker holds one document
at a time, so a worker that dies marks exactly its document `worker_crashed`, one past the
time limit is killed and its document marked `timeout`, and a fresh worker takes its place.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import json
import multiprocessing
import os
import resource
import signal
import socket
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from multiprocessing.connection import Connection, wait
from pathlib import Path, PurePosixPath
from typing import Any

from . import storage
from .errors import RktError, error_message
from .ingest import INPUT_SUFFIXES
from .output import output_names, remove_stale_temporaries, write_json
from .settings import Settings

MANIFEST_NAME = "manifest.jsonl"
#: A run's lease on an output folder on an fsspec URL (see `Lease`); hidden, so that no
#: reader of `*.json` takes it for an output.
LEASE_NAME = ".rkt-lock.json"
#: Fault injection for the tests of the runner: a worker given the input of this file name
#: kills its own process with SIGKILL before extracting it, as a native crash or the
#: out-of-memory killer would. Never set in real runs.
CRASH_HOOK_ENV = "RKT_TEST_KILL_WORKER_ON"
#: Likewise: a worker given the input of this file name hangs (sleeps) before extracting
#: it, as a document caught in an endless loop of a native library would.
HANG_HOOK_ENV = "RKT_TEST_HANG_ON"

# The code that makes an output: a change in any of these files can change a JSON output.
# The runner, the command line, the evaluation and the analyst tables cannot.
_NOT_PIPELINE = {"batch.py", "cli.py", "analyst.py", "evaluate.py", "__init__.py"}


def pipeline_version() -> str:
    """`<package version>+<12 hex of the extraction source>`.

    The hash covers every source and data file of `extract/` and `normalize/` that shapes an
    output (the stages, the schema, the term lists), so an output is redone whenever the
    code that made it changed, without anybody having to remember to bump a constant. The
    price is that editing a comment redoes the folder; the OCR cache makes that cheap (a
    rerun costs the later stages only, a fraction of a second a page).
    """
    try:
        package = metadata.version("rkt-extract")
    except metadata.PackageNotFoundError:
        package = "0+unknown"
    return f"{package}+{_source_hash()}"


def _source_hash() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    files = [p for folder in ("extract", "normalize") for p in (root / folder).rglob("*")
             if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts
             and not (p.parent.name == "extract" and p.name in _NOT_PIPELINE)]
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


# -- discovery and planning ---------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One document to extract: where it is, what it is, and where its JSON goes."""

    input: str  # the path handed to `extract_document`, as found under the folder given
    relative: str  # its path under that folder: what names the output, run after run
    output: str  # the output file
    #: The input's sha256 when planning read it (a local input); None for a URL input known
    #: by its fingerprint, whose worker hashes the bytes it reads to extract it anyway.
    sha256: str | None
    pages: int  # an estimate for the progress bar (PDF pages; 1 for an image or a text)
    fingerprint: str | None = None  # `storage.fingerprint` of a URL input, when it has one


def discover(paths: Iterable[str | Path]) -> list[tuple[str | Path, str]]:
    """(input file, path relative to the folder it was found in) for every input: the
    files given, and every PDF, image and text file under the folders given, recursively
    (hidden files and folders skipped), in a stable order. A folder or file may be an
    fsspec URL (s3://bucket/rkt-2024/); its files are then URLs too."""
    found: list[tuple[str | Path, str]] = []
    for given in paths:
        location: str | Path = given if storage.is_url(given) else Path(given)
        if storage.is_dir(location):
            for file, relative in storage.walk(location):
                parts = relative.split("/")
                if (PurePosixPath(relative).suffix.lower() in INPUT_SUFFIXES
                        and not any(part.startswith(".") for part in parts)):
                    found.append((file, relative))
        else:
            found.append((location, storage.name(location)))
    return found


def file_sha256(location: str | Path) -> str:
    digest = hashlib.sha256()
    with storage.open_binary(location) as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: Bytes fetched at least by each read of a PDF behind a URL while counting its pages.
#: PDFium reads only the trailer, the cross-reference and the page tree root: about 5 KB in
#: 12 reads, within 2 or 3 blocks of 64 KiB, on the corpus's PDFs. A store's own default
#: block (5 MiB on s3fs) would fetch most of a typical RKT for that.
PAGE_COUNT_BLOCK = 64 * 1024


def estimate_pages(location: str | Path) -> int:
    """Pages of a PDF (from its page tree, without parsing any page); 1 otherwise. A PDF
    behind a URL is opened as a seekable stream in small blocks (`PAGE_COUNT_BLOCK`): only
    the blocks holding its trailer and page tree are fetched, not the document."""
    if PurePosixPath(storage.name(location)).suffix.lower() != ".pdf":
        return 1
    try:
        import pypdfium2 as pdfium

        local = storage.local_path(location)
        with contextlib.ExitStack() as stack:
            source: Any = str(local) if local is not None else stack.enter_context(
                storage.open_binary(location, block_size=PAGE_COUNT_BLOCK))
            document = pdfium.PdfDocument(source)
            try:
                return max(1, len(document))
            finally:
                document.close()
    except Exception:  # a broken PDF fails in its worker, with its own error code
        return 1


@dataclass
class Plan:
    todo: list[Task]
    skipped: list[tuple[Task, dict[str, Any]]]  # (task, the manifest record of its output)
    missing: list[tuple[str, str]]  # (input, relative) that vanished while planning


def plan(found: Sequence[tuple[str | Path, str]], out_dir: str | Path,
         records: Sequence[dict[str, Any]], version: str, force: bool = False) -> Plan:
    """Which documents to extract and which are up to date.

    A document is up to date when the manifest's last `done` (or `skipped`) record for its
    path was made by the same pipeline version, its output file still exists, and its input
    is the same:

    - an input on a URL whose store gives a fingerprint (`storage.fingerprint`: content tag
      and size, or size and write time) is compared by fingerprint, from its metadata: its
      bytes are not read here (a bucket's corpus is not downloaded to plan a rerun), only
      by the worker that extracts it, which records their sha256;
    - when that fingerprint differs from the record's while all else matches (an object
      uploaded again with the same content, a record without a fingerprint), and for every
      other input (a local path, a store without the metadata), the input is hashed and
      compared by sha256: reading a document is far cheaper than extracting it again.

    Output names come from `output.output_names`, seeded with the names earlier runs gave.
    Pages are estimated for the documents to extract; a skipped one keeps its record's.
    """
    by_relative: dict[str, tuple[str | Path, str]] = {}
    for path, relative in found:
        by_relative.setdefault(relative, (path, relative))  # the same file given twice
    taken = {r["relative"]: r["output"] for r in records
             if r.get("relative") and r.get("output")}
    names = output_names(by_relative, taken)
    # A `skipped` record vouches for the same output as the `done` one it was planned from
    # (it copies its sha256, output and pages) and carries the fingerprint seen then.
    last_done = {r["relative"]: r for r in records if r.get("status") in ("done", "skipped")}
    outputs = set(storage.glob_names(out_dir, "*.json"))  # one listing, not one per output
    result = Plan([], [], [])
    for relative, (path, _) in by_relative.items():
        output = str(storage.join(out_dir, names[relative]))
        done = None if force else last_done.get(relative)
        if done is not None and not (done.get("pipeline_version") == version
                                     and done.get("output") == names[relative]
                                     and names[relative] in outputs):
            done = None
        try:
            mark = storage.fingerprint(path)
            same_mark = mark is not None and done is not None and done.get("fingerprint") == mark
            sha = None if same_mark or (mark is not None and done is None) else file_sha256(path)
        except OSError:  # FileNotFoundError, and what fsspec raises for a missing key
            result.missing.append((str(path), relative))
            continue
        if done is not None and (same_mark or done.get("sha256") == sha):
            result.skipped.append((Task(str(path), relative, output, sha or done.get("sha256"),
                                        done.get("pages") or 1, mark), done))
        else:
            result.todo.append(Task(str(path), relative, output, sha, estimate_pages(path),
                                    mark))
    return result


# -- the manifest -------------------------------------------------------------------------


def read_manifest(path: str | Path) -> list[dict[str, Any]]:
    """The manifest's records in order; a line that is not a whole JSON object (the torn
    last line of a killed run) is skipped."""
    if not storage.is_file(path):
        return []
    records = []
    for line in storage.read_bytes(path).splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def latest_status(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The last record of each input (by relative path)."""
    return {r["relative"]: r for r in records if r.get("relative")}


def open_manifest(path: str | Path, flush_seconds: float = 30.0) -> Manifest | RemoteManifest:
    """The manifest of a local folder, or of an fsspec URL (see `RemoteManifest`)."""
    if storage.local_path(path) is not None:
        return Manifest(storage.local_path(path))  # type: ignore[arg-type]
    return RemoteManifest(str(path), flush_seconds)


class Manifest:
    """Append-only JSON lines, each flushed to disk before the next document is counted."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._stream = self.path.open("ab")
        if self._stream.tell() > 0:
            with self.path.open("rb") as reader:
                reader.seek(-1, os.SEEK_END)
                if reader.read(1) != b"\n":
                    self._stream.write(b"\n")  # end a torn line: the next record stays whole

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        self._stream.write(line.encode("utf-8"))
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def close(self) -> None:
        self._stream.close()


class RemoteManifest:
    """The manifest on an fsspec URL. Object stores cannot append, so the whole file (the
    earlier runs' lines and this run's) is rewritten atomically (`storage.write_atomic`),
    at most every `flush_seconds` and at the end: a run killed hard loses at most the last
    `flush_seconds` of records. That costs time, not correctness: the documents they
    recorded have no `done` line, so the next run extracts them again and rewrites the
    same outputs under the same names."""

    def __init__(self, url: str, flush_seconds: float = 30.0) -> None:
        self.url = url
        self.flush_seconds = flush_seconds
        content = storage.read_bytes(url) if storage.is_file(url) else b""
        if content and not content.endswith(b"\n"):
            content += b"\n"  # end a torn line: the next record stays whole
        self._lines = [content] if content else []
        self._dirty = False
        self._flushed = time.monotonic()
        # The run's lease keeper flushes it from its own thread too (`Lease.on_beat`).
        self._lock = threading.RLock()

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            self._lines.append(line.encode("utf-8"))
            self._dirty = True
            if time.monotonic() - self._flushed >= self.flush_seconds:
                self.flush()

    def flush(self) -> None:
        with self._lock:
            if self._dirty:
                content = b"".join(self._lines)
                self._lines = [content]
                storage.write_atomic(self.url, content)
                self._dirty = False
            self._flushed = time.monotonic()

    def close(self) -> None:
        self.flush()


# -- one document -------------------------------------------------------------------------


def pin_threads() -> None:
    """One thread per worker for Tesseract (OpenMP), OpenCV and BLAS: processes are the
    parallelism, and threads on top of them fight for the same cores (bare Tesseract on
    two cores: 0.94 pages/s with OMP_THREAD_LIMIT=1, 0.15 unbounded). A value exported by
    the user wins."""
    for name in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    try:
        import cv2

        cv2.setNumThreads(1)
    except ImportError:
        pass


def run_task(task: Task, settings: Settings) -> dict[str, Any]:
    """Extract one document and write its JSON; never raises for a bad document.

    Returns the summary the manifest records: status "done" or "failed", the error
    {code, message} or None, pages, OCR'd pages, warnings, seconds, and this process's
    peak memory so far.
    """
    pin_threads()
    if os.environ.get(CRASH_HOOK_ENV) == storage.name(task.input):
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get(HANG_HOOK_ENV) == storage.name(task.input):
        time.sleep(3600)
    from .pipeline import extract_document  # heavy: imported in the worker, once

    started, cpu = time.perf_counter(), cpu_seconds()
    summary: dict[str, Any] = {"status": "failed", "error": None, "sha256": task.sha256,
                               "pages": None, "ocr_pages": 0, "warnings": 0,
                               "programs": 0, "activities": 0}
    try:
        data = extract_document(task.input, settings)
        write_json(data, task.output)
    except RktError as error:
        summary["error"] = _error(error.code, str(error))
    except FileNotFoundError:
        summary["error"] = _error("not_found", f"{task.input}: no such file")
    except MemoryError:
        summary["error"] = _error("worker_crashed", "out of memory")
    except Exception as error:  # one broken document must not stop the batch
        detail = (str(error).splitlines() or [""])[0][:200]
        summary["error"] = _error("internal_error", f"{type(error).__name__}: {detail}")
    else:
        source = data["source"]
        programs = data["programs"]
        summary.update(
            status="done", sha256=source["sha256"], pages=source["pages"],
            ocr_pages=len(source["ocr_pages"]), warnings=len(data["warnings"]),
            programs=len(programs),
            activities=sum(len(p["activities"]) for p in programs)
            + len(data["unassigned_activities"]))
    summary["seconds"] = round(time.perf_counter() - started, 3)
    summary["cpu_seconds"] = round(cpu_seconds() - cpu, 3)
    # ru_maxrss is in KiB on Linux: the high-water mark of this worker process so far.
    summary["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return summary


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its finished children (the
    Tesseract processes it ran): what a document costs, whatever else loads the machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _error(code: str, detail: str) -> dict[str, str]:
    return {"code": code, "message": error_message(code, detail)}


def _failure(code: str, detail: str, seconds: float = 0.0) -> dict[str, Any]:
    return {"status": "failed", "error": _error(code, detail), "pages": None, "ocr_pages": 0,
            "warnings": 0, "programs": 0, "activities": 0, "seconds": round(seconds, 3)}


# -- local execution ----------------------------------------------------------------------


def _worker_main(conn: Connection, settings: Settings, page_slots: Any) -> None:
    # Ctrl-C reaches the whole process group: the parent decides what happens to workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pin_threads()
    from .ocr import share_page_slots

    share_page_slots(page_slots)
    _serve(conn, settings)


def _serve(conn: Connection, settings: Settings) -> None:
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        conn.send(run_task(task, settings))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: Task | None = None
    started: float = 0.0
    documents: int = 0

    def stop(self, kill: bool = False) -> None:
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a server that imported the pipeline once (a worker starts
    # in milliseconds, not the ~2 s of importing spaCy-era dependencies), and never inherit
    # the parent's threads (the progress bar's) as plain fork would.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["extract._preload", "extract.batch"])
        return context
    return multiprocessing.get_context("spawn")


def _start_workers_early() -> None:
    # The server that forks workers imports the pipeline (~2 s): let it do so while the
    # folder is being hashed and planned.
    if isinstance(_context(), multiprocessing.context.ForkServerContext):
        from multiprocessing import forkserver

        forkserver.ensure_running()


def run_local(tasks: Sequence[Task], settings: Settings, jobs: int,
              on_start: Callable[[Task], None], on_result: Callable[[Task, dict], None]
              ) -> None:
    """Extract `tasks` on `jobs` worker processes, calling `on_result` for each document in
    the parent as it finishes (done, failed, crashed or timed out)."""
    context = _context()
    pending = deque(tasks)
    workers: list[_Worker] = []
    limit = settings.batch.timeout or None
    recycle = settings.batch.max_documents_per_worker
    # As many pages read at once as there are cores (or jobs, if more), whichever worker
    # they belong to: see `ocr.share_page_slots`.
    page_slots = context.BoundedSemaphore(_cores(jobs))

    def start_worker() -> _Worker:
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_worker_main, args=(child_end, settings, page_slots),
                                  name="rkt-worker", daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def retire(worker: _Worker, kill: bool) -> None:
        workers.remove(worker)
        worker.stop(kill=kill)

    try:
        while pending or any(w.task for w in workers):
            while len(workers) < jobs and len(workers) < len(pending) + sum(
                    1 for w in workers if w.task):
                workers.append(start_worker())
            for worker in workers:
                if worker.task is None and pending:
                    worker.task, worker.started = pending.popleft(), time.monotonic()
                    on_start(worker.task)
                    try:
                        worker.conn.send(worker.task)
                    except OSError:
                        pass  # it died on the way: its sentinel says so below
            busy = [w for w in workers if w.task]
            now = time.monotonic()
            wait_for = None if limit is None else max(
                0.0, min(w.started + limit for w in busy) - now)
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                 timeout=wait_for)
            for worker in busy:
                task = worker.task
                assert task is not None
                elapsed = time.monotonic() - worker.started
                result = None
                if worker.conn.poll():
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):
                        result = None
                if result is not None:
                    worker.task, worker.documents = None, worker.documents + 1
                    on_result(task, result)
                    if recycle and worker.documents >= recycle:
                        retire(worker, kill=False)
                elif not worker.process.is_alive():
                    retire(worker, kill=True)
                    on_result(task, _failure("worker_crashed", _death(worker.process),
                                             elapsed))
                elif limit is not None and elapsed >= limit:
                    retire(worker, kill=True)
                    on_result(task, _failure("timeout", f"stopped after {elapsed:.0f} s "
                                             f"(limit {limit:g} s)", elapsed))
    finally:
        for worker in list(workers):
            worker.stop(kill=True)


def _death(process: Any) -> str:
    return _exit_status(process.exitcode)


def _exit_status(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"worker process killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"worker process killed by signal {-code}"
    return f"worker process exited with status {code}"


# -- Dask execution -----------------------------------------------------------------------


class _Child:
    """The extraction process of one Dask worker thread: `run_task` runs there, so that a
    document past the time limit, or one that crashes its process, costs that process and
    not the Dask worker (Dask cannot stop a running task, and a dead worker makes it retry
    the document elsewhere, killing worker after worker).

    Started with `subprocess`, not `multiprocessing`: a Dask worker is a daemon process,
    and daemon processes may not have multiprocessing children. It is spoken to over a
    socket pair with multiprocessing's `Connection`, like the local pool's workers, and
    lives for many documents (importing the pipeline costs seconds).
    """

    def __init__(self, settings: Settings) -> None:
        import subprocess
        import sys

        ours, theirs = multiprocessing.Pipe(duplex=True)
        fd = theirs.fileno()
        root = str(Path(__file__).resolve().parent.parent)  # the same code as this process
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [root, os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            [sys.executable, "-c", f"from extract.batch import _child_main; _child_main({fd})"],
            pass_fds=(fd,), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = ours
        self.documents = 0
        self.conn.send(settings)

    def run(self, task: Task, limit: float | None) -> dict[str, Any] | str:
        """The document's summary, or "timeout" (the process was killed at the limit), or
        "crashed" (the process died: `self.process.returncode` says how)."""
        if not self._ready():
            self.stop()
            return "crashed"
        try:
            self.conn.send(task)
            if not self.conn.poll(limit):  # silent until the limit: stopped there
                self.stop()
                return "timeout"
            result = self.conn.recv()
            self.documents += 1
            return result
        except (EOFError, OSError):  # its end of the pipe closed: it died
            pass
        # Its pipe closes a moment before it can be reaped: wait for how it ended.
        with contextlib.suppress(Exception):
            self.process.wait(timeout=10)
        self.stop()
        return "crashed"

    def _ready(self, start_limit: float = 600.0) -> bool:
        # The first message is "ready", once the pipeline is imported: start-up time does
        # not count against a document's limit.
        if getattr(self, "_is_ready", False):
            return True
        try:
            self._is_ready = self.conn.poll(start_limit) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            self._is_ready = False
        return self._is_ready

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()

    def retire(self) -> None:
        try:
            self.conn.send(None)
            self.process.wait(timeout=30)
        except (OSError, TimeoutError):
            pass
        self.stop()


_threads = threading.local()


def _child_main(fd: int) -> None:
    """The `_Child` process: read the settings, import the pipeline, serve documents."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    settings = conn.recv()
    pin_threads()
    from . import _preload  # noqa: F401  the pipeline, lexicon and spaCy, once

    conn.send("ready")
    _serve(conn, settings)


def run_task_isolated(task: Task, settings: Settings) -> dict[str, Any]:
    """`run_task` in this thread's own child process, within `settings.batch.timeout`:
    the Dask task. A document over the limit gets `timeout`, one that kills the child
    `worker_crashed`; either way the child is replaced and the Dask worker goes on. With
    no limit (timeout 0) the document is extracted in the Dask worker's own process."""
    limit = settings.batch.timeout or None
    if limit is None:
        # No limit to enforce: extract in the Dask worker itself, as `run_task` alone would
        # (and as a process-local store, memory://, needs).
        return run_task(task, settings)
    child: _Child | None = getattr(_threads, "child", None)
    if child is None or child.process.poll() is not None:
        child = _threads.child = _Child(settings)
    started = time.monotonic()
    result = child.run(task, limit)
    elapsed = time.monotonic() - started
    if isinstance(result, dict):
        recycle = settings.batch.max_documents_per_worker
        if recycle and child.documents >= recycle:
            _threads.child = None
            child.retire()
        return result
    _threads.child = None
    if result == "timeout":
        return _failure("timeout", f"stopped after {elapsed:.0f} s (limit {limit:g} s)",
                        elapsed)
    return _failure("worker_crashed", _exit_status(child.process.returncode), elapsed)


def run_dask(tasks: Sequence[Task], settings: Settings, address: str,
             on_start: Callable[[Task], None], on_result: Callable[[Task, dict], None]
             ) -> None:
    """The same `run_task` per document on an existing dask.distributed cluster.

    Inputs and the output folder must be where every worker can reach them: a shared
    file system, or an fsspec URL (s3://, gcs://) with its package installed on the
    workers. Each Dask worker thread extracts in a child process of its own
    (`run_task_isolated`), so that `settings.batch.timeout` is enforced and a document
    that crashes its process is marked `worker_crashed` without killing the Dask worker.
    A Dask worker that dies all the same is Dask's to handle: it retries the document
    elsewhere and, when the document has killed `distributed.scheduler.allowed-failures`
    workers, gives up on it (`worker_crashed` here).
    """
    from dask.distributed import Client, as_completed
    from distributed import KilledWorker

    try:
        client = Client(address, timeout=30)
    except (OSError, TimeoutError) as error:
        raise BatchError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    with client:
        futures = {}
        for task in tasks:
            future = client.submit(run_task_isolated, task, settings, pure=False,
                                   key=f"rkt-{Path(task.relative).stem[:40]}-{uuid.uuid4().hex}")
            futures[future] = task
            on_start(task)
        for future in as_completed(futures):
            task = futures[future]
            try:
                result = future.result()
            except KilledWorker as error:
                result = _failure("worker_crashed", f"Dask workers died running it: {error}")
            except Exception as error:
                result = _failure("internal_error", f"{type(error).__name__}: {error}")
            on_result(task, result)


# -- the run ------------------------------------------------------------------------------


@dataclass
class RunSummary:
    """What a run did, for the end-of-run lines and the exit status."""

    done: int = 0
    skipped: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    warnings: int = 0
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the workers', extracting (not planning, not the tables)
    peak_rss_mib: float = 0.0
    pipeline_version: str = ""

    @property
    def n_failed(self) -> int:
        return sum(self.failed.values())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed"] = dict(self.failed)
        return data


class Reporter:
    """Hooks a run calls as documents start and finish; the command line prints a
    progress bar and one line per document, the tests and the benchmark nothing."""

    def planned(self, plan: Plan) -> None: ...
    def started(self, task: Task) -> None: ...
    def finished(self, task: Task | None, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def run_batch(paths: Sequence[str | Path], out_dir: str | Path,
              settings: Settings = Settings(), *, dask_address: str | None = None,
              reporter: Reporter | None = None) -> RunSummary:
    """Extract every input under `paths` into `out_dir`: the whole of `rkt extract`.

    Skips what is up to date (unless `settings.batch.force`), records each document in
    `out_dir/manifest.jsonl`, and rebuilds the analyst tables from every output in
    `out_dir` at the end.
    """
    reporter = reporter or Reporter()
    begun = time.perf_counter()
    if not storage.is_url(out_dir):
        out_dir = Path(out_dir)
    try:
        storage.make_dirs(out_dir)
        with _exclusive(out_dir, settings) as lease, _terminate_as_interrupt():
            return _run(paths, out_dir, settings, dask_address, reporter, begun, lease)
    except storage.StorageError as error:
        raise BatchError(str(error)) from error


class BatchError(Exception):
    """The run itself cannot go on (not one document: the output folder, the cluster)."""


@contextlib.contextmanager
def _exclusive(out_dir: str | Path, settings: Settings) -> Iterator[Lease | None]:
    # Two runs writing one folder would interleave their manifests and race on outputs.
    # Locally a lock the kernel releases when the run dies; on a URL, a lease (`Lease`).
    folder = storage.local_path(out_dir)
    if folder is None:
        lease = Lease(out_dir, settings.batch.lease_seconds,
                      settings.batch.manifest_flush_seconds)
        lease.acquire()
        try:
            yield lease
        finally:
            lease.release()
        return
    with (folder / ".rkt-extract.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BatchError(f"another rkt extract is writing to {out_dir}") from error
        yield None


class Lease:
    """One run's claim on an output folder on an fsspec URL: `DIR/.rkt-lock.json` says
    which run (host, pid, token), since when, and when it last showed it was alive.

    A thread renews it every `renew_seconds` (and flushes the manifest then, `on_beat`).
    Another run that finds a lease renewed within `seconds` stops; an older one, or one
    whose process is gone from this machine, is taken over. A run that finds at renewal
    that another run took its lease (it was stopped past `seconds`: a suspended laptop)
    stops at its next document (`lost`) without writing its manifest over the other's.

    Best-effort, unlike the local lock: fsspec has no compare-and-swap, and creating the
    lease only if absent is atomic only where the store's package makes `pipe_file(mode=
    "create")` a conditional write (S3's If-None-Match, GCS's generation match); elsewhere,
    and always when taking over a stale lease, it is a check then a write. Two runs started
    at the same instant on such a store can both write it; the read-back after writing
    stops the one whose write was overwritten, if the other's landed first, and renewals
    catch the rest within `renew_seconds`. Outputs stay whole either way (written
    atomically); what a race can cost is manifest records, hence redone documents.
    """

    def __init__(self, folder: str | Path, seconds: float, renew_seconds: float) -> None:
        self.folder = folder
        self.url = storage.join(folder, LEASE_NAME)
        self.seconds = seconds
        self.renew_seconds = max(0.01, min(renew_seconds, seconds / 3))
        self.token = uuid.uuid4().hex
        self.started = datetime.now(UTC).isoformat()
        self.lost: str | None = None
        self.on_beat: Callable[[], None] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> None:
        try:
            storage.create_new(self.url, self._payload())
        except FileExistsError:
            held = self.holder()
            if held is not None and self._alive(held):
                raise BatchError(
                    f"another rkt extract is writing to {self.folder}: "
                    f"{_describe(held)}. If that run is dead, its lease {self.url} lapses "
                    f"{self.seconds:g} s after its last heartbeat (or delete it)."
                ) from None
            storage.write_atomic(self.url, self._payload())  # a dead run's: taken over
        held = self.holder()
        if held is None or held.get("token") != self.token:
            raise BatchError(f"another rkt extract took the lease {self.url} at the same "
                             f"moment: {_describe(held or {})}")
        self._thread = threading.Thread(target=self._keep, name="rkt-lease", daemon=True)
        self._thread.start()

    def holder(self) -> dict[str, Any] | None:
        """The lease as stored; None when there is none or it is not a lease."""
        try:
            held = json.loads(storage.read_bytes(self.url))
        except (OSError, ValueError):
            return None
        return held if isinstance(held, dict) else None

    def renew(self) -> None:
        held = self.holder()
        if held is not None and held.get("token") != self.token:
            self.lost = _describe(held)
            return
        storage.write_atomic(self.url, self._payload())

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        held = self.holder()
        if held is not None and held.get("token") == self.token:
            storage.remove(self.url)

    def _keep(self) -> None:
        while not self._stop.wait(self.renew_seconds):
            try:
                self.renew()
                if self.lost:
                    return
                if self.on_beat is not None:
                    self.on_beat()
            except Exception:  # a store that fails for a moment: try again next beat
                continue

    def _payload(self) -> bytes:
        return json.dumps({"token": self.token, "host": socket.gethostname(),
                           "pid": os.getpid(), "started": self.started,
                           "heartbeat": datetime.now(UTC).isoformat()}).encode("utf-8")

    def _alive(self, held: dict[str, Any]) -> bool:
        try:
            beat = datetime.fromisoformat(held["heartbeat"])
        except (KeyError, TypeError, ValueError):
            return False  # not a lease this tool wrote
        if (datetime.now(UTC) - beat).total_seconds() >= self.seconds:
            return False
        if held.get("host") == socket.gethostname() and isinstance(held.get("pid"), int):
            try:
                os.kill(held["pid"], 0)  # signal 0: only asks whether the process exists
            except ProcessLookupError:
                return False  # killed on this machine: no need to wait for it to lapse
            except PermissionError:
                pass  # someone else's live process
        return True


def _describe(held: dict[str, Any]) -> str:
    return (f"host {held.get('host')}, pid {held.get('pid')}, started "
            f"{held.get('started')}, last heartbeat {held.get('heartbeat')}")


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    # SIGTERM (a scheduler stopping the job) unwinds like Ctrl-C: the workers are killed
    # on the way out instead of being left to finish their document alone.
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(paths: Sequence[str | Path], out_dir: str | Path, settings: Settings,
         dask_address: str | None, reporter: Reporter, begun: float,
         lease: Lease | None = None) -> RunSummary:
    remove_stale_temporaries(out_dir)
    if not dask_address:
        _start_workers_early()
    if settings.batch.tables:
        # The tables need pandas and pyarrow (~1 s to import): while the workers extract,
        # this process has nothing else to do, and the end of the run waits less.
        threading.Thread(target=importlib.import_module, args=("extract.analyst",),
                         name="rkt-import-tables", daemon=True).start()
    version = pipeline_version()
    manifest_path = storage.join(out_dir, MANIFEST_NAME)
    the_plan = plan(discover(paths), out_dir, read_manifest(manifest_path), version,
                    force=settings.batch.force)
    reporter.planned(the_plan)
    summary = RunSummary(pipeline_version=version)
    run_id = uuid.uuid4().hex[:12]
    manifest = open_manifest(manifest_path, settings.batch.manifest_flush_seconds)
    if lease is not None:
        # Records reach the store with every heartbeat, even while no document finishes.
        lease.on_beat = manifest.flush

    def record(task: Task | None, status: str, result: dict[str, Any], *,
               input_: str = "", relative: str = "") -> dict[str, Any]:
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "run": run_id,
            "input": task.input if task else input_,
            "relative": task.relative if task else relative,
            "sha256": result.get("sha256") or (task.sha256 if task else None),
            "fingerprint": task.fingerprint if task else None,
            "output": storage.name(task.output) if task else None,
            "status": status,
            "error": result.get("error"),
            "pages": result.get("pages"),
            "ocr_pages": result.get("ocr_pages", 0),
            "seconds": result.get("seconds", 0.0),
            "cpu_seconds": result.get("cpu_seconds", 0.0),
            "warnings": result.get("warnings", 0),
            "programs": result.get("programs", 0),
            "activities": result.get("activities", 0),
            "peak_rss_mib": result.get("peak_rss_mib"),
            "pipeline_version": version,
        }
        if status == "failed" and task is not None:
            entry["output"] = None if not storage.is_file(task.output) else entry["output"]
        manifest.append(entry)
        return entry

    def on_result(task: Task, result: dict[str, Any]) -> None:
        if lease is not None and lease.lost:
            raise BatchError(f"another rkt extract took over {out_dir} ({lease.lost}): "
                             "stopped; this run's last records are left to that run")
        entry = record(task, result["status"], result)
        if result["status"] == "done":
            summary.done += 1
            summary.warnings += entry["warnings"]
            summary.pages += entry["pages"] or 0
            summary.ocr_pages += entry["ocr_pages"]
        else:
            summary.failed[entry["error"]["code"]] += 1
        summary.cpu_seconds += entry["cpu_seconds"] or 0.0
        summary.peak_rss_mib = max(summary.peak_rss_mib, result.get("peak_rss_mib") or 0.0)
        reporter.finished(task, entry)

    try:
        for input_, relative in the_plan.missing:
            result = _failure("not_found", f"{input_}: no such file (moved or deleted?)")
            summary.failed["not_found"] += 1
            reporter.finished(None, record(None, "failed", result, input_=input_,
                                           relative=relative))
        for task, done in the_plan.skipped:
            entry = record(task, "skipped", {**done, "seconds": 0.0, "cpu_seconds": 0.0,
                                            "peak_rss_mib": None})
            summary.skipped += 1
            reporter.finished(task, entry)
        if the_plan.todo:
            worker_settings = _worker_settings(settings, dask_address is not None)
            if dask_address:
                run_dask(the_plan.todo, worker_settings, dask_address, reporter.started,
                         on_result)
            else:
                run_local(the_plan.todo, worker_settings, _jobs(settings), reporter.started,
                          on_result)
    finally:
        if lease is None or not lease.lost:  # never over the manifest of the run that took it
            manifest.close()
        reporter.close()
    if settings.batch.tables:
        from .analyst import write_tables

        write_tables(out_dir, csv=settings.batch.csv)
    summary.seconds = round(time.perf_counter() - begun, 2)
    return summary


def _jobs(settings: Settings) -> int:
    return max(1, settings.batch.jobs or os.cpu_count() or 1)


def _cores(jobs: int) -> int:
    return max(jobs, os.cpu_count() or 1)


def _worker_settings(settings: Settings, distributed: bool) -> Settings:
    """The settings a worker extracts with, unless `ocr.workers` was set: locally, a page
    thread per core, the workers sharing one slot per core (so one document alone spreads
    over every core, and a full pool still reads one page per core); on Dask, one thread
    (Dask's workers are the parallelism)."""
    if settings.ocr.workers is not None:
        return settings
    threads = 1 if distributed else _cores(_jobs(settings))
    return replace(settings, ocr=replace(settings.ocr, workers=threads))


def iter_outputs(out_dir: str | Path) -> Iterator[str | Path]:
    """The JSON outputs of a folder (not the manifest, not the tables)."""
    for name in storage.glob_names(out_dir, "*.json"):
        yield storage.join(out_dir, name)
