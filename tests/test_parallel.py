"""Parallel builds (local processes, a Dask cluster) write the very same bytes as a single-process build."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.parallel import batches
from kg.pipeline import build
from tests.conftest import DATA, ROOT

EXPORTS = ("graph.ttl", "graph.nt", "graph.trig", "graph.jsonld")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and eight BBC articles from four topics: ten documents."""
    folder = tmp_path_factory.mktemp("parallel-in")
    for seed in (ROOT / "seeds").iterdir():
        shutil.copy(seed, folder / seed.name)
    for topic in ("business", "politics", "sport", "tech"):
        for file in sorted((DATA / "bbc_news" / topic).glob("*.txt"))[:2]:
            shutil.copy(file, folder / f"{topic}-{file.name}")
    return folder


@pytest.fixture(scope="module")
def single(corpus: Path, nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single")
    build([corpus], out, Settings(), nlp=nlp)
    return out


def same(a: Path, b: Path) -> None:
    for name in EXPORTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_batches_keep_order() -> None:
    assert [len(b) for b in batches(range(40), 16)] == [16, 16, 8]  # type: ignore[arg-type]
    assert [x for b in batches(range(40), 16) for x in b] == list(range(40))  # type: ignore[arg-type]


def test_two_worker_processes_match_one(corpus: Path, single: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path, Settings(workers=2))
    same(single, tmp_path)


def test_dask_cluster_matches_one_process(corpus: Path, single: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        build([corpus], tmp_path, Settings(scheduler=cluster.scheduler_address))
    same(single, tmp_path)

