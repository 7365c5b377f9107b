"""Shared fixtures: the real spaCy model loaded once, and the seeds built once per test run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from kg.nlp import load

    return load()


@pytest.fixture(scope="session")
def seeds_build(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exports of `kg build seeds/`, built once with the real model."""
    from kg.config import Settings
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seeds-exports")
    build([ROOT / "seeds"], out, Settings(), nlp=nlp)
    return out


@pytest.fixture(scope="session")
def seeds_store(seeds_build: Path) -> Any:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(seeds_build / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    return store
