"""Each example query in ontology/queries/ gives its expected result on the seeds.

The expected results are golden TSV files in tests/golden/queries/, reviewed by hand; regenerate
one with `kg query exports/graph.ttl ontology/queries/NAME.rq --format tsv`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from tests.conftest import ROOT

QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
GOLDEN = ROOT / "tests" / "golden" / "queries"


@pytest.fixture(scope="module")
def union_store(seeds_build: Path) -> Any:
    store = pyoxigraph.Store()
    store.load(path=str(seeds_build / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def test_there_are_at_least_eight_named_queries() -> None:
    assert len(QUERIES) >= 8
    for query in QUERIES:
        text = query.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{query.name} starts with a comment saying what it asks"


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_query_gives_expected_result(union_store: Any, query: Path) -> None:
    result = union_store.query(query.read_text(encoding="utf-8"))
    got = result.serialize(format=pyoxigraph.QueryResultsFormat.TSV).decode("utf-8")
    expected = (GOLDEN / f"{query.stem}.tsv").read_text(encoding="utf-8")
    assert got == expected, f"{query.name} returned:\n{got}"
    assert got.count("\n") > 1, f"{query.name} returns no rows on the seeds"
