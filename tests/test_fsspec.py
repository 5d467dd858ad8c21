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

import fsspec
import pytest

from extract import storage
from extract.analyst import load
from extract.batch import (
    MANIFEST_NAME,
    RemoteManifest,
    discover,
    latest_status,
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
