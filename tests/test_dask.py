"""The Dask path gives the same outputs as local worker processes on the same inputs."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from extract.batch import MANIFEST_NAME, latest_status, read_manifest, run_batch
from extract.settings import Settings

from .conftest import CORPUS, DEPOK, PONTIANAK

distributed = pytest.importorskip("dask.distributed")


def test_dask_outputs_equal_local_outputs(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "kota").mkdir(parents=True)
    shutil.copy(PONTIANAK, inputs / PONTIANAK.name)
    shutil.copy(DEPOK, inputs / "kota" / DEPOK.name)
    shutil.copy(CORPUS / "rendered" / "depok-kesbangpol-rkt-2021-ocr-digital.pdf",
                inputs / "kota")
    settings = replace(Settings(), batch=replace(Settings().batch, jobs=2))
    local = run_batch([inputs], tmp_path / "local", settings)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = run_batch([inputs], tmp_path / "dask", settings,
                           dask_address=cluster.scheduler_address)
    assert local.done == remote.done == 3 and remote.n_failed == 0
    names = sorted(p.name for p in (tmp_path / "local").glob("*.json"))
    assert names == sorted(p.name for p in (tmp_path / "dask").glob("*.json"))
    for name in names:
        # The JSON holds no timings: the whole document must be the same.
        assert (json.loads((tmp_path / "local" / name).read_text(encoding="utf-8"))
                == json.loads((tmp_path / "dask" / name).read_text(encoding="utf-8")))
    latest = latest_status(read_manifest(tmp_path / "dask" / MANIFEST_NAME))
    assert {r["status"] for r in latest.values()} == {"done"}
    assert (tmp_path / "dask" / "tables" / "programs.parquet").is_file()


def test_dask_enforces_the_time_limit_and_survives_a_crashed_document(tmp_path, monkeypatch):
    from extract.batch import CRASH_HOOK_ENV, HANG_HOOK_ENV

    from .test_batch import make_copies

    make_copies(tmp_path / "in", 3)
    # The workers inherit these: one document hangs, one kills the process extracting it.
    monkeypatch.setenv(HANG_HOOK_ENV, "rkt-001.txt")
    monkeypatch.setenv(CRASH_HOOK_ENV, "rkt-002.txt")
    # Each document's limit runs from when its (already started) extraction process gets
    # it; a text RKT takes ~1 s.
    settings = replace(Settings(), batch=replace(Settings().batch, timeout=10, tables=False))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        before = set(client.scheduler_info()["workers"])
        summary = run_batch([tmp_path / "in"], tmp_path / "out", settings,
                            dask_address=cluster.scheduler_address)
        # The Dask worker lived through both: no restart, no retry elsewhere.
        assert set(client.scheduler_info()["workers"]) == before
    assert summary.done == 1 and summary.failed == {"timeout": 1, "worker_crashed": 1}
    latest = latest_status(read_manifest(tmp_path / "out" / MANIFEST_NAME))
    hung, crashed = latest["kota-1/rkt-001.txt"], latest["kota-2/rkt-002.txt"]
    assert hung["error"]["code"] == "timeout" and "limit 10 s" in hung["error"]["message"]
    assert crashed["error"]["code"] == "worker_crashed"
    assert "SIGKILL" in crashed["error"]["message"]
    assert [p.name for p in (tmp_path / "out").glob("*.json")] == ["rkt-000.json"]


def test_dask_reads_and_writes_fsspec_urls(tmp_path):
    import fsspec

    from extract.analyst import load

    fs, root = fsspec.filesystem("memory"), "/rkt-dask"
    fs.pipe_file(f"{root}/in/{PONTIANAK.name}", PONTIANAK.read_bytes())
    fs.pipe_file(f"{root}/in/kota/{DEPOK.name}", DEPOK.read_bytes())
    # memory:// lives in one process: a cluster of threads, and no limit (a limit runs
    # each document in a child process of its own, which would not see it).
    settings = replace(Settings(), batch=replace(Settings().batch, timeout=0))
    try:
        with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                      dashboard_address=None) as cluster:
            summary = run_batch([f"memory://{root}/in"], f"memory://{root}/out", settings,
                                dask_address=cluster.scheduler_address)
        assert summary.done == 2 and summary.n_failed == 0
        local = run_batch([PONTIANAK, DEPOK], tmp_path / "local",
                          replace(settings, batch=replace(settings.batch, jobs=1)))
        assert local.done == 2
        for path in sorted((tmp_path / "local").glob("*.json")):
            here = json.loads(path.read_text(encoding="utf-8"))
            there = json.loads(fs.cat_file(f"{root}/out/{path.name}"))
            assert there["source"].pop("file").startswith(f"memory://{root}/in/")
            here["source"].pop("file")
            assert here == there
        records = read_manifest(f"memory://{root}/out/{MANIFEST_NAME}")
        assert sorted(r["relative"] for r in records) == sorted([PONTIANAK.name,
                                                                 f"kota/{DEPOK.name}"])
        assert len(load(f"memory://{root}/out")["documents"]) == 2
    finally:
        fs.rm(root, recursive=True)
