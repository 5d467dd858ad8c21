"""Folder runs: kill and resume, crashed and hung workers, safe output names, the manifest."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from extract.batch import (
    CRASH_HOOK_ENV,
    MANIFEST_NAME,
    Manifest,
    latest_status,
    pipeline_version,
    read_manifest,
    run_batch,
)
from extract.output import output_names, safe_stem
from extract.settings import Settings
from extract.validate import validate_document

from .conftest import PONTIANAK, ROOT

FAST = replace(Settings(), batch=replace(Settings().batch, jobs=2, tables=False))


def make_copies(folder: Path, count: int, prefix: str = "rkt") -> list[Path]:
    """`count` variants of a real RKT (its text, plus a line naming the copy): distinct
    inputs, each a whole document, quick to extract."""
    text = PONTIANAK.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        sub = folder / f"kota-{index % 3}"
        sub.mkdir(exist_ok=True)
        path = sub / f"{prefix}-{index:03d}.txt"
        path.write_text(f"{text}\nSalinan dokumen nomor {index}\n", encoding="utf-8")
        paths.append(path)
    return paths


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "extract.cli", "extract", *args],
                            cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own group: killed with its workers


def outputs_written(out: Path) -> int:
    return len(list(out.glob("*.json")))


def kill_when(process: subprocess.Popen, out: Path, outputs: int, sig: signal.Signals) -> None:
    """Kill the run (and its workers: the whole process group) once it has written
    `outputs` outputs in all."""
    deadline = time.monotonic() + 90
    while outputs_written(out) < outputs and process.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.02)
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass  # it had already finished: the assertions below say so
    process.wait(timeout=30)


def test_run_killed_twice_resumes_to_exactly_one_valid_output_per_input(tmp_path):
    inputs = make_copies(tmp_path / "in", 100)
    out = tmp_path / "out"
    rng = random.Random(5)
    args = (str(tmp_path / "in"), "--out", str(out), "--jobs", "2")
    # Killed once hard (as by the OOM killer or a power cut), once politely, at points
    # that fall anywhere in a document's life: reading, extracting, writing, recording.
    kill_when(cli(*args), out, rng.randint(10, 30), signal.SIGKILL)
    first = outputs_written(out)
    assert first < 100
    kill_when(cli(*args), out, first + rng.randint(15, 35), signal.SIGTERM)
    assert len(list(out.glob("*.json"))) < 100  # the kills really landed midway
    final = cli(*args)
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr

    outputs = sorted(out.glob("*.json"))
    assert len(outputs) == 100
    assert not list(out.glob(".*.tmp"))
    shas = set()
    for path in outputs:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert validate_document(data) == []
        shas.add(data["source"]["sha256"])
    assert len(shas) == 100  # one output per input, none twice
    records = read_manifest(out / MANIFEST_NAME)
    latest = latest_status(records)
    assert len(latest) == 100
    assert {r["status"] for r in latest.values()} <= {"done", "skipped"}
    assert {r["output"] for r in latest.values()} == {p.name for p in outputs}
    # Every input was extracted once to completion, twice at most (killed between its
    # output and its manifest line), and the last run extracted only what was left.
    done = [r for r in records if r["status"] == "done"]
    assert len({r["relative"] for r in done}) == 100 and len(done) <= 100 + 4
    assert {r["relative"] for r in records} == {p.relative_to(tmp_path / "in").as_posix()
                                               for p in inputs}
    assert "100 done" not in stderr and "skipped" in stderr


def test_worker_killed_mid_document_is_marked_crashed_and_a_rerun_completes(tmp_path):
    make_copies(tmp_path / "in", 6)
    out = tmp_path / "out"
    args = (str(tmp_path / "in"), "--out", str(out), "--jobs", "2")
    run = cli(*args, env={CRASH_HOOK_ENV: "rkt-002.txt"})
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 1
    assert "FAILED" in stderr and "[worker_crashed]" in stderr and "SIGKILL" in stderr
    latest = latest_status(read_manifest(out / MANIFEST_NAME))
    crashed = latest["kota-2/rkt-002.txt"]
    assert crashed["status"] == "failed" and crashed["error"]["code"] == "worker_crashed"
    assert crashed["output"] is None
    # The pool was replaced: every other document was extracted.
    assert sorted(r["status"] for r in latest.values()) == ["done"] * 5 + ["failed"]

    rerun = cli(*args)
    _, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    latest = latest_status(read_manifest(out / MANIFEST_NAME))
    assert latest["kota-2/rkt-002.txt"]["status"] == "done"
    assert sorted(r["status"] for r in latest.values()) == ["done"] + ["skipped"] * 5
    assert len(list(out.glob("*.json"))) == 6


def test_document_over_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path):
    make_copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    # No real document extracts in 10 ms: every worker is killed at the limit and
    # replaced, and each document gets its own `timeout`.
    hurried = replace(FAST, batch=replace(FAST.batch, timeout=0.01, jobs=1))
    summary = run_batch([tmp_path / "in"], out, hurried)
    assert summary.failed == {"timeout": 3} and summary.done == 0
    latest = latest_status(read_manifest(out / MANIFEST_NAME))
    assert all(r["error"]["code"] == "timeout" and "limit" in r["error"]["message"]
               for r in latest.values())
    assert not list(out.glob("*.json")) and not list(out.glob(".*.tmp"))
    summary = run_batch([tmp_path / "in"], out, FAST)
    assert summary.done == 3 and summary.n_failed == 0


def test_rerun_skips_up_to_date_documents_and_redoes_changed_or_forced_ones(tmp_path):
    inputs = make_copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert run_batch([tmp_path / "in"], out, FAST).done == 3
    summary = run_batch([tmp_path / "in"], out, FAST)
    assert (summary.done, summary.skipped) == (0, 3)
    inputs[0].write_text(inputs[0].read_text(encoding="utf-8") + "Revisi\n", encoding="utf-8")
    summary = run_batch([tmp_path / "in"], out, FAST)
    assert (summary.done, summary.skipped) == (1, 2)
    forced = replace(FAST, batch=replace(FAST.batch, force=True))
    assert run_batch([tmp_path / "in"], out, forced).done == 3
    records = read_manifest(out / MANIFEST_NAME)
    assert {r["pipeline_version"] for r in records} == {pipeline_version()}
    assert len(records) == 12 and len(list(out.glob("*.json"))) == 3


def test_manifest_survives_a_torn_last_line(tmp_path):
    make_copies(tmp_path / "in", 2)
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, FAST)
    with (out / MANIFEST_NAME).open("ab") as stream:
        stream.write(b'{"time":"2026-11-25T18:00:00+00:00","input":"kota-0/rk')  # killed here
    summary = run_batch([tmp_path / "in"], out, FAST)
    assert summary.skipped == 2
    lines = (out / MANIFEST_NAME).read_bytes().splitlines()
    assert len(lines) == 5 and len(read_manifest(out / MANIFEST_NAME)) == 4
    Manifest(out / MANIFEST_NAME).close()  # reopening a whole file adds nothing
    assert len((out / MANIFEST_NAME).read_bytes().splitlines()) == 5


def test_missing_and_unreadable_inputs_fail_alone(tmp_path):
    make_copies(tmp_path / "in", 2)
    (tmp_path / "in" / "rusak.pdf").write_bytes(b"<html>404 Not Found</html>")
    summary = run_batch([tmp_path / "in", tmp_path / "tidak-ada.pdf"], tmp_path / "out", FAST)
    assert summary.done == 2
    assert summary.failed["not_found"] == 1 and summary.n_failed == 2
    latest = latest_status(read_manifest(tmp_path / "out" / MANIFEST_NAME))
    assert latest["tidak-ada.pdf"]["error"]["code"] == "not_found"
    assert latest["rusak.pdf"]["status"] == "failed"
    assert latest["rusak.pdf"]["error"]["message"]


@pytest.mark.parametrize("name", ["..", ".", "../../etc/passwd", "a/b", "CON", "x\x00y",
                                  "Laporan RKT 2021 (final)", "RKT Dinas Pendidikan\u00a0Aceh",
                                  "e\u0301" * 200, "\u0627\u0644\u062e\u0637\u0629", ""])
def test_safe_stem_is_one_harmless_path_component(name):
    stem = safe_stem(name)
    assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert not stem.startswith(".") and len(stem.encode("utf-8")) <= 120
    assert Path(f"{stem}.json").name == f"{stem}.json"


def test_output_names_are_unique_stable_and_keep_earlier_names():
    relatives = ["a.pdf", "a.txt", "sub/a.pdf", "A.PDF", "b.pdf", "x" * 240 + ".pdf",
                 "y" * 240 + ".pdf", "laporan akhir.pdf", "laporan_akhir.pdf"]
    names = output_names(relatives)
    assert len({n.casefold() for n in names.values()}) == len(relatives)
    assert names["b.pdf"] == "b.json"
    assert names == output_names(list(reversed(relatives)))
    # A newcomer that wants a name already given keeps it from the earlier owner.
    later = output_names(["b.pdf", "sub/b.pdf"], taken={"b.pdf": "b.json"})
    assert later["b.pdf"] == "b.json" and later["sub/b.pdf"].startswith("b-")
    # A name recorded for an input that is gone is not handed to another one.
    assert output_names(["new/b.pdf"], taken={"b.pdf": "b.json"})["new/b.pdf"] != "b.json"
    # A manifest tampered with cannot point an output outside the folder.
    assert output_names(["c.pdf"], taken={"c.pdf": "../c.json"})["c.pdf"] == "c.json"


def test_strange_input_names_land_inside_the_output_folder(tmp_path):
    text = PONTIANAK.read_text(encoding="utf-8")
    names = ["RKT Kesbangpol 2021 (final).txt", "rkt-kesbangpol.txt", "rkt-kesbangpol.md",
             " ...txt", "Ré\u0301ncana kinerja.txt", "r" * 240 + ".txt"]
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for index, name in enumerate(names):
        (folder / name).write_text(f"{text}\n{index}\n", encoding="utf-8")
    (folder / "sub" / "rkt-kesbangpol.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([folder], out, FAST)
    assert summary.done == len(names) + 1
    outputs = [p for p in tmp_path.rglob("*.json")]
    assert all(p.parent == out for p in outputs) and len(outputs) == len(names) + 1


def test_page_slots_bound_the_pages_read_at_once_across_threads(monkeypatch):
    import threading
    from types import SimpleNamespace

    import numpy as np

    from extract import ocr

    active, peak = 0, 0
    lock = threading.Lock()

    def read(number, item, settings):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        return SimpleNamespace(number=number)

    monkeypatch.setattr(ocr, "_ocr_one_page", read)
    monkeypatch.setattr(ocr, "require_tesseract", lambda languages: None)
    pages = [np.zeros((4, 4), np.uint8)] * 8
    assert [p.number for p in ocr.ocr_document(pages, ocr.OcrSettings(workers=4))] == [
        *range(1, 9)]
    assert peak == 4
    peak = 0
    ocr.share_page_slots(threading.BoundedSemaphore(2))  # what a batch worker is given
    try:
        ocr.ocr_document(pages, ocr.OcrSettings(workers=4))
    finally:
        ocr.share_page_slots(None)
    assert peak == 2
