"""Rewrite tests/golden/queries/*.tsv from a fresh build of the seeds. Review the diff before committing.

    python tests/golden/regenerate.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph

from kg.config import Settings
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as out:
        build([ROOT / "seeds"], Path(out), Settings())
        store = pyoxigraph.Store()
        store.load(path=str(Path(out) / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
        for query in sorted((ROOT / "ontology" / "queries").glob("*.rq")):
            result = store.query(query.read_text(encoding="utf-8"))
            tsv = result.serialize(format=pyoxigraph.QueryResultsFormat.TSV)
            (ROOT / "tests" / "golden" / "queries" / f"{query.stem}.tsv").write_bytes(tsv)
            print(query.stem)
