"""Folder runs with inputs and outputs on fsspec URLs: the walk, the hashes, the workers'
reads, atomic writes, the manifest and the analyst tables, through fsspec.

`memory://` is process-local, so the runs through the local worker pool (separate
processes) use `simplecache::file://`: a non-local fsspec file system (no rename, no
fsync, no lock: the object-store code path) over a folder every process sees.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace

import fsspec
import pytest

from extract import storage
from extract.analyst import load
from extract.batch import (
    MANIFEST_NAME,
    RemoteManifest,
    discover,
    latest_status,
    pipeline_version,
    plan,
    read_manifest,
    run_batch,
)
from extract.validate import validate_document

from .conftest import DEPOK, PONTIANAK, ROOT
from .test_batch import FAST, make_copies


@pytest.fixture
def memory():
    fs = fsspec.filesystem("memory")
    root = "/rkt-test"
    yield fs, root
    if fs.exists(root):
        fs.rm(root, recursive=True)


def without_file(data: dict) -> dict:
    """A JSON output without `source.file`: the input's location, a URL or a path."""
    return {**data, "source": {k: v for k, v in data["source"].items() if k != "file"}}


def test_walk_finds_the_same_inputs_on_a_url_as_on_the_path(tmp_path, memory):
    fs, root = memory
    make_copies(tmp_path / "in", 4)
    (tmp_path / "in" / ".hidden").mkdir()
    (tmp_path / "in" / ".hidden" / "rkt.txt").write_text("x", encoding="utf-8")
    (tmp_path / "in" / "catatan.docx").write_bytes(b"PK")
    for path in (tmp_path / "in").rglob("*"):
        if path.is_file():
            fs.pipe_file(f"{root}/in/{path.relative_to(tmp_path / 'in').as_posix()}",
                         path.read_bytes())
    local = discover([tmp_path / "in"])
    remote = discover([f"memory://{root}/in/"])
    assert [r for _, r in remote] == [r for _, r in local] and len(local) == 4
    assert remote[0][0] == f"memory://{root}/in/kota-0/rkt-000.txt"
    # A file URL given alone is an input of its own name.
    assert discover([f"memory://{root}/in/kota-1/rkt-001.txt"])[0][1] == "rkt-001.txt"


def test_file_url_is_the_local_path():
    assert storage.local_path("file:///data/rkt") == storage.local_path("/data/rkt")
    assert storage.local_path("simplecache::file:///data/rkt") is None
    assert storage.local_path("s3://bucket/rkt") is None
    assert not storage.is_url("C:\\data\\rkt") and not storage.is_url("rkt/2024")


def test_writes_are_atomic_on_object_stores_and_other_file_systems(tmp_path, memory):
    fs, root = memory
    cached = f"simplecache::file://{tmp_path}"
    for folder in (f"memory://{root}", cached, tmp_path):
        target = storage.join(folder, "a.json")
        storage.write_atomic(target, b'{"a": 1}')
        storage.write_atomic(target, lambda stream: stream.write(b'{"a": 2}'))
        assert storage.read_bytes(target) == b'{"a": 2}'

        def broken(stream):
            stream.write(b'{"a": ')
            raise RuntimeError("killed mid-write")

        with pytest.raises(RuntimeError):
            storage.write_atomic(target, broken)
        # The old content stays whole, and no temporary is left beside it.
        assert storage.read_bytes(target) == b'{"a": 2}'
        assert storage.glob_names(folder, "*") == ["a.json"]
        assert storage.glob_names(folder, ".*") == []


def test_a_missing_protocol_package_is_named():
    pytest.importorskip("fsspec")
    try:
        import s3fs  # noqa: F401
        pytest.skip("s3fs is installed")
    except ImportError:
        pass
    with pytest.raises(storage.StorageError, match="pip install s3fs"):
        discover(["s3://rkt-bucket/2024/"])
    run = subprocess.run([sys.executable, "-m", "extract.cli", "extract",
                          "s3://rkt-bucket/2024/", "--out", "s3://rkt-bucket/out"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "pip install s3fs" in run.stderr


def test_remote_manifest_ends_a_torn_line_and_flushes_whole(memory):
    fs, root = memory
    url = f"memory://{root}/out/{MANIFEST_NAME}"
    fs.pipe_file(f"{root}/out/{MANIFEST_NAME}",
                 b'{"relative":"a.txt","status":"done"}\n{"relative":"b.t')  # killed here
    manifest = RemoteManifest(url, flush_seconds=3600)
    manifest.append({"relative": "c.txt", "status": "done"})
    assert len(read_manifest(url)) == 1  # not flushed yet: at most this much is lost
    manifest.close()
    assert [r["relative"] for r in read_manifest(url)] == ["a.txt", "c.txt"]
    assert storage.glob_names(f"memory://{root}/out", ".*") == []


def test_local_pool_runs_from_and_to_a_non_local_file_system(tmp_path):
    make_copies(tmp_path / "in", 4)
    (tmp_path / "in" / "kota-0" / "rusak.pdf").write_bytes(b"<html>404 Not Found</html>")
    local = run_batch([tmp_path / "in"], tmp_path / "local", FAST)
    source = f"simplecache::file://{tmp_path}/in"
    out = f"simplecache::file://{tmp_path}/remote"
    remote = run_batch([source], out, FAST)
    assert (remote.done, remote.n_failed) == (local.done, local.n_failed) == (4, 1)
    names = sorted(p.name for p in (tmp_path / "local").glob("*.json"))
    assert names == sorted(p.name for p in (tmp_path / "remote").glob("*.json"))
    for name in names:
        here = json.loads((tmp_path / "local" / name).read_text(encoding="utf-8"))
        there = json.loads((tmp_path / "remote" / name).read_text(encoding="utf-8"))
        assert validate_document(there) == []
        assert there["source"]["file"].startswith(source)
        assert without_file(here) == without_file(there)
    assert not (tmp_path / "remote" / ".rkt-extract.lock").exists()  # no lock off local disks
    assert not list((tmp_path / "remote").glob(".*.tmp"))
    latest = latest_status(read_manifest(f"{out}/{MANIFEST_NAME}"))
    assert latest["kota-0/rusak.pdf"]["error"]["code"] == "not_a_pdf"
    assert load(out)["documents"]["output"].tolist() == names

    # Resume: the manifest on the URL says what is up to date.
    rerun = run_batch([source], out, FAST)
    assert (rerun.done, rerun.skipped, rerun.n_failed) == (0, 4, 1)


def test_file_url_runs_as_the_local_path(tmp_path):
    make_copies(tmp_path / "in", 2)
    summary = run_batch([f"file://{tmp_path}/in"], f"file://{tmp_path}/out", FAST)
    assert summary.done == 2
    assert (tmp_path / "out" / ".rkt-extract.lock").exists()  # the local path's lock
    assert len(read_manifest(tmp_path / "out" / MANIFEST_NAME)) == 2


def test_a_worker_reads_a_document_from_a_url(memory):
    from extract.pipeline import extract_document

    fs, root = memory
    fs.pipe_file(f"{root}/in/{DEPOK.name}", DEPOK.read_bytes())
    data = extract_document(f"memory://{root}/in/{DEPOK.name}")
    assert data["source"]["file"] == f"memory://{root}/in/{DEPOK.name}"
    assert without_file(data) == without_file(extract_document(DEPOK))
    with pytest.raises(Exception, match="not_found|no such file"):
        extract_document(f"memory://{root}/in/{PONTIANAK.name}")



def test_a_url_run_killed_before_its_manifest_flush_redoes_those_documents_once(
        tmp_path, monkeypatch):
    make_copies(tmp_path / "in", 3)
    out = f"simplecache::file://{tmp_path}/out"
    # As if killed hard before the manifest's first flush: outputs written, no records.
    monkeypatch.setattr(RemoteManifest, "flush", lambda self: None)
    assert run_batch([tmp_path / "in"], out, FAST).done == 3
    assert read_manifest(f"{out}/{MANIFEST_NAME}") == []
    monkeypatch.undo()
    resumed = run_batch([tmp_path / "in"], out, FAST)
    assert (resumed.done, resumed.skipped) == (3, 0)  # redone, under the same names
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == [
        "rkt-000.json", "rkt-001.json", "rkt-002.json"]
    latest = latest_status(read_manifest(f"{out}/{MANIFEST_NAME}"))
    assert {r["status"] for r in latest.values()} == {"done"} and len(latest) == 3
    assert run_batch([tmp_path / "in"], out, FAST).skipped == 3


def test_local_outputs_get_the_usual_file_mode(tmp_path):
    # Analysts on a shared server read each other's runs: not the 0600 of a temp file.
    import stat

    target = tmp_path / "out" / "doc.json"
    storage.write_atomic(target, b'{"a": 1}')
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~storage._UMASK


# -- planning URL inputs from their metadata, and the lease on a URL output ----------------


@pytest.fixture
def in_process(monkeypatch):
    """Extract in this process, one document after another, instead of the local pool:
    its workers are other processes, which do not see memory://. What these tests look at
    is the planning, the manifest and the lease, all in the parent."""
    from extract import batch

    def run_here(tasks, settings, jobs, on_start, on_result):
        for task in tasks:
            on_start(task)
            on_result(task, batch.run_task(task, settings))

    monkeypatch.setattr(batch, "run_local", run_here)
    monkeypatch.setattr(batch, "_start_workers_early", lambda: None)
    return run_here


@pytest.fixture
def reads(monkeypatch):
    """Every path of memory:// whose bytes were handed out (whole, or a stream opened for
    reading), in order."""
    from fsspec.implementations.memory import MemoryFileSystem

    seen: list[str] = []
    cat_file, open_ = MemoryFileSystem.cat_file, MemoryFileSystem._open

    def counting_cat_file(self, path, *args, **kwargs):
        seen.append(self._strip_protocol(path))
        return cat_file(self, path, *args, **kwargs)

    def counting_open(self, path, mode="rb", *args, **kwargs):
        if "r" in mode:
            seen.append(self._strip_protocol(path))
        return open_(self, path, mode, *args, **kwargs)

    monkeypatch.setattr(MemoryFileSystem, "cat_file", counting_cat_file)
    monkeypatch.setattr(MemoryFileSystem, "_open", counting_open)
    return seen


def upload_copies(tmp_path, fs, root: str, count: int) -> dict[str, bytes]:
    """`make_copies` of a real RKT, put on memory:// under ROOT/in: relative -> bytes."""
    make_copies(tmp_path / "in", count)
    uploaded = {}
    for path in sorted((tmp_path / "in").rglob("*.txt")):
        relative = path.relative_to(tmp_path / "in").as_posix()
        uploaded[relative] = path.read_bytes()
        fs.pipe_file(f"{root}/in/{relative}", uploaded[relative])
    return uploaded


def input_reads(reads: list[str], root: str) -> list[str]:
    return [path for path in reads if path.startswith(f"{root}/in/")]


def test_a_rerun_over_url_inputs_reads_none_of_their_bytes(tmp_path, memory, in_process, reads):
    import hashlib

    fs, root = memory
    uploaded = upload_copies(tmp_path, fs, root, 4)
    source, out = f"memory://{root}/in", f"memory://{root}/out"
    first = run_batch([source], out, FAST)
    assert first.done == 4
    # The first run read each input once, in its worker: planning read none of them.
    assert sorted(input_reads(reads, root)) == sorted(f"{root}/in/{r}" for r in uploaded)
    records = read_manifest(f"{out}/{MANIFEST_NAME}")
    for record in records:
        data = json.loads(fs.cat_file(f"{root}/out/{record['output']}"))
        assert record["sha256"] == hashlib.sha256(uploaded[record["relative"]]).hexdigest()
        assert record["sha256"] == data["source"]["sha256"]
        assert record["fingerprint"] == storage.fingerprint(f"{source}/{record['relative']}")
        assert record["fingerprint"].endswith(f";size={len(uploaded[record['relative']])}")

    reads.clear()
    rerun = run_batch([source], out, FAST)
    assert (rerun.done, rerun.skipped, rerun.n_failed) == (0, 4, 0)
    assert input_reads(reads, root) == []
    skipped = latest_status(read_manifest(f"{out}/{MANIFEST_NAME}"))
    assert {r["status"] for r in skipped.values()} == {"skipped"}
    assert all(r["sha256"] and r["fingerprint"] for r in skipped.values())


def test_changed_url_inputs_are_redone_and_a_same_content_upload_is_not(
        tmp_path, memory, in_process, reads):
    fs, root = memory
    uploaded = upload_copies(tmp_path, fs, root, 4)
    source, out = f"memory://{root}/in", f"memory://{root}/out"
    assert run_batch([source], out, FAST).done == 4
    changed, again, gone, kept = sorted(uploaded)
    # New content under the same name and of the same size: only its metadata tells.
    fs.pipe_file(f"{root}/in/{changed}", uploaded[changed].replace(b"nomor 0", b"nomor 9"))
    fs.pipe_file(f"{root}/in/{again}", uploaded[again])  # uploaded again, same bytes
    # One vanishes between the walk of the folder and the planning.
    found = discover([source])
    fs.rm_file(f"{root}/in/{gone}")
    records = read_manifest(f"{out}/{MANIFEST_NAME}")
    assert plan(found, out, records, pipeline_version()).missing == [(f"{source}/{gone}", gone)]
    reads.clear()
    summary = run_batch([source], out, FAST)
    assert (summary.done, summary.skipped, summary.n_failed) == (1, 2, 0)
    latest = latest_status(read_manifest(f"{out}/{MANIFEST_NAME}"))
    assert latest[changed]["status"] == "done" and latest[again]["status"] == "skipped"
    data = json.loads(fs.cat_file(f"{root}/out/{latest[changed]['output']}"))
    assert data["source"]["sha256"] == latest[changed]["sha256"] != records[0]["sha256"]
    # The two whose fingerprint changed were hashed to decide (the changed one read again
    # by its worker); the one that did not change was not read at all.
    assert sorted(input_reads(reads, root)) == sorted(
        [f"{root}/in/{changed}"] * 2 + [f"{root}/in/{again}"])
    # The new fingerprint is recorded: the next rerun reads nothing.
    reads.clear()
    assert run_batch([source], out, FAST).skipped == 3
    assert input_reads(reads, root) == []
    # --force redoes every document, each read once, by its worker.
    reads.clear()
    forced = replace(FAST, batch=replace(FAST.batch, force=True))
    assert run_batch([source], out, forced).done == 3
    assert sorted(input_reads(reads, root)) == sorted(
        f"{root}/in/{r}" for r in (changed, again, kept))


def test_url_runs_killed_midway_resume_to_one_output_per_input(
        tmp_path, memory, in_process, monkeypatch):
    from extract import batch

    fs, root = memory
    uploaded = upload_copies(tmp_path, fs, root, 6)
    source, out = f"memory://{root}/in", f"memory://{root}/out"

    def interrupted_after(count):
        def run_then_stop(tasks, settings, jobs, on_start, on_result):
            for index, task in enumerate(tasks):
                if index == count:
                    raise KeyboardInterrupt  # Ctrl-C, or SIGTERM from a scheduler
                on_start(task)
                on_result(task, batch.run_task(task, settings))
        return run_then_stop

    # Stopped politely after two documents: their records reach the store on the way out.
    monkeypatch.setattr(batch, "run_local", interrupted_after(2))
    with pytest.raises(KeyboardInterrupt):
        run_batch([source], out, FAST)
    assert len(read_manifest(f"{out}/{MANIFEST_NAME}")) == 2
    assert not fs.exists(f"{root}/out/{batch.LEASE_NAME}")
    # Killed hard after two more, before any manifest flush and with its lease left behind
    # (its process gone from this machine).
    monkeypatch.setattr(batch, "run_local", interrupted_after(2))
    monkeypatch.setattr(RemoteManifest, "flush", lambda self: None)
    monkeypatch.setattr(batch.Lease, "release", lambda self: None)
    with pytest.raises(KeyboardInterrupt):
        run_batch([source], out, FAST)
    monkeypatch.undo()
    monkeypatch.setattr(batch, "run_local", in_process)
    monkeypatch.setattr(batch, "_start_workers_early", lambda: None)
    lease = json.loads(fs.cat_file(f"{root}/out/{batch.LEASE_NAME}"))
    fs.pipe_file(f"{root}/out/{batch.LEASE_NAME}",
                 json.dumps({**lease, "pid": dead_pid()}).encode())
    resumed = run_batch([source], out, FAST)
    assert (resumed.done, resumed.skipped) == (4, 2)  # the two unrecorded ones redone
    outputs = storage.glob_names(out, "*.json")
    latest = latest_status(read_manifest(f"{out}/{MANIFEST_NAME}"))
    assert sorted(latest) == sorted(uploaded) and len(outputs) == 6
    assert sorted(r["output"] for r in latest.values()) == outputs
    assert {r["status"] for r in latest.values()} == {"done", "skipped"}
    assert not fs.exists(f"{root}/out/{batch.LEASE_NAME}")


def test_page_count_of_a_url_pdf_reads_a_few_blocks_not_the_document(memory, monkeypatch):
    import io

    from fsspec.implementations.memory import MemoryFileSystem

    from extract import batch

    from .conftest import RENDERED_PONTIANAK

    fs, root = memory
    data = RENDERED_PONTIANAK.read_bytes()
    fs.pipe_file(f"{root}/in/rkt.pdf", data)

    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size=-1):
            chunk = super().read(size)
            Counting.read_bytes += len(chunk)
            return chunk

        def readinto(self, buffer):
            count = super().readinto(buffer)
            Counting.read_bytes += count
            return count

    asked = {}

    def counting_open(self, path, mode="rb", block_size=None, **kwargs):
        asked["block_size"] = block_size
        return Counting(bytes(self.store[self._strip_protocol(path)].getbuffer()))

    monkeypatch.setattr(MemoryFileSystem, "_open", counting_open)
    assert batch.estimate_pages(f"memory://{root}/in/rkt.pdf") == 19
    assert asked["block_size"] == batch.PAGE_COUNT_BLOCK
    assert 0 < Counting.read_bytes < len(data) / 10


def dead_pid() -> int:
    """The id of a process of this machine that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lease(fs, path: str, *, host: str, pid: int, age: float) -> None:
    from datetime import UTC, datetime, timedelta

    beat = datetime.now(UTC) - timedelta(seconds=age)
    fs.pipe_file(path, json.dumps({"token": "the-other-run", "host": host, "pid": pid,
                                   "started": (beat - timedelta(hours=1)).isoformat(),
                                   "heartbeat": beat.isoformat()}).encode())


def test_a_fresh_lease_of_another_run_stops_a_second_run_and_a_stale_one_does_not(
        tmp_path, memory, in_process):
    import socket

    from extract.batch import LEASE_NAME, BatchError

    fs, root = memory
    upload_copies(tmp_path, fs, root, 2)
    source, out = f"memory://{root}/in", f"memory://{root}/out"
    lease = f"{root}/out/{LEASE_NAME}"
    seconds = FAST.batch.lease_seconds
    write_lease(fs, lease, host="node-7", pid=4242, age=seconds / 2)
    with pytest.raises(BatchError, match="another rkt extract is writing to .*node-7"):
        run_batch([source], out, FAST)
    assert json.loads(fs.cat_file(lease))["token"] == "the-other-run"  # left alone
    assert not fs.exists(f"{root}/out/{MANIFEST_NAME}") and storage.glob_names(out, "*.json") == []
    # Past the timeout the other run is taken as dead; so is, at once, a process of this
    # machine that has ended.
    write_lease(fs, lease, host="node-7", pid=4242, age=seconds + 1)
    assert run_batch([source], out, FAST).done == 2
    assert not fs.exists(lease)  # released at the end
    write_lease(fs, lease, host=socket.gethostname(), pid=dead_pid(), age=0)
    assert run_batch([source], out, FAST).skipped == 2
    assert not fs.exists(lease)


def test_a_lease_is_renewed_during_a_run_with_the_manifest(tmp_path, memory, in_process):
    import os

    from extract.batch import LEASE_NAME, Lease, Reporter

    fs, root = memory
    upload_copies(tmp_path, fs, root, 3)
    source, out = f"memory://{root}/in", f"memory://{root}/out"
    seen = []

    class Watching(Reporter):
        def started(self, task):
            # Each document starts once the one before it is on the store (or 10 s).
            deadline = time.monotonic() + 10
            while (len(read_manifest(f"{out}/{MANIFEST_NAME}")) < len(seen)
                   and time.monotonic() < deadline):
                time.sleep(0.02)
            time.sleep(0.1)
            seen.append((json.loads(fs.cat_file(f"{root}/out/{LEASE_NAME}")),
                         len(read_manifest(f"{out}/{MANIFEST_NAME}"))))

    quick = replace(FAST, batch=replace(FAST.batch, manifest_flush_seconds=0.05))
    assert run_batch([source], out, quick, reporter=Watching()).done == 3
    leases = [lease for lease, _ in seen]
    assert {lease["pid"] for lease in leases} == {os.getpid()}
    assert len({lease["token"] for lease in leases}) == 1
    assert leases[0]["heartbeat"] < leases[-1]["heartbeat"]
    # The finished documents' records reached the store mid-run.
    assert [records for _, records in seen] == [0, 1, 2]
    assert not fs.exists(f"{root}/out/{LEASE_NAME}")

    # The heartbeat flushes the manifest even while no document finishes (a 200-page scan).
    lease = Lease(f"memory://{root}/idle", seconds=300, renew_seconds=0.05)
    manifest = RemoteManifest(f"memory://{root}/idle/{MANIFEST_NAME}", flush_seconds=3600)
    lease.on_beat = manifest.flush
    lease.acquire()
    manifest.append({"relative": "a.txt", "status": "done"})
    deadline = time.monotonic() + 10
    while not read_manifest(f"memory://{root}/idle/{MANIFEST_NAME}"):
        assert time.monotonic() < deadline, "the heartbeat did not flush the manifest"
        time.sleep(0.02)
    lease.release()
    assert not fs.exists(f"{root}/idle/{LEASE_NAME}")


def test_a_run_whose_lease_was_taken_over_stops(tmp_path, memory, in_process):
    from extract.batch import LEASE_NAME, BatchError, Reporter

    fs, root = memory
    upload_copies(tmp_path, fs, root, 3)
    source, out = f"memory://{root}/in", f"memory://{root}/out"
    lease = f"{root}/out/{LEASE_NAME}"

    class TakenOver(Reporter):
        def started(self, task):
            if task.relative.endswith("rkt-001.txt"):
                # As a second run does when this one seemed dead (a suspended machine).
                write_lease(fs, lease, host="node-7", pid=4242, age=0)
                time.sleep(0.3)

    quick = replace(FAST, batch=replace(FAST.batch, manifest_flush_seconds=0.05))
    with pytest.raises(BatchError, match="took over .*node-7"):
        run_batch([source], out, quick, reporter=TakenOver())
    assert json.loads(fs.cat_file(lease))["token"] == "the-other-run"  # not released


def test_cli_stops_with_status_2_on_a_url_output_another_run_holds(tmp_path):
    import socket

    from extract.batch import LEASE_NAME

    make_copies(tmp_path / "in", 1)
    (tmp_path / "out").mkdir()
    write_lease(fsspec.filesystem("file"), str(tmp_path / "out" / LEASE_NAME),
                host=socket.gethostname(), pid=1, age=0)  # pid 1 is alive
    run = subprocess.run([sys.executable, "-m", "extract.cli", "extract", str(tmp_path / "in"),
                          "--out", f"simplecache::file://{tmp_path}/out"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "another rkt extract is writing to" in run.stderr and "pid 1" in run.stderr
    assert not (tmp_path / "out" / MANIFEST_NAME).exists()
