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
