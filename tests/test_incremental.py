"""`kg build --store DIR`: a persistent corpus that parses only new or changed documents, replaces
only the document graphs that changed, and survives being killed halfway."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.corpus import CACHE_FILE, STORE_FOLDER, from_json, to_json
from kg.pipeline import build
from tests.conftest import DATA, ROOT

ARTICLES = {
    "alpha.txt": "Chinese President Xi Jinping met South Korean President Lee Jae Myung in Gyeongju on Saturday.\n\n"
                 "Xi gave Lee a Xiaomi smartphone, and Lee said the gift was a sign of friendship.\n",
    "beta.txt": "Apple chief executive Tim Cook visited Tokyo on Monday.\n\n"
                "Cook said Apple would open a new office in Japan next year.\n",
    "gamma.txt": "German Chancellor Olaf Scholz travelled to Paris to meet French President Emmanuel Macron.\n\n"
                 "Scholz said Germany and France would work together on energy.\n",
}
EXTRA = ("delta.txt", "Microsoft, based in Redmond, hired Satya Nadella in 1992.\n\n"
                      "Nadella said Microsoft would invest in Kenya.\n")
CHANGED = ("beta.txt", ARTICLES["beta.txt"] + "\nCook later met Prime Minister Fumio Kishida in Tokyo.\n")

Graphs = dict[str, frozenset[str]]  # graph name ("" for the default graph) -> its triples


def contents(store: ox.Store) -> Graphs:
    """Every graph of a store with its triples, as N-Triples lines."""
    graphs: dict[str, set[str]] = {}
    for quad in store:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        graphs.setdefault(name, set()).add(str(quad.triple))
    return {name: frozenset(triples) for name, triples in graphs.items()}


def stored(folder: Path) -> Graphs:
    return contents(ox.Store.read_only(str(folder / STORE_FOLDER)))


def exported(out: Path) -> Graphs:
    """graph.trig of an export folder: the named graphs and the default graph with their union."""
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    return contents(store)


def write(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def same_exports(a: Path, b: Path) -> None:
    for name in ("graph.ttl", "graph.nt", "graph.trig", "graph.jsonld"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_extraction_json_round_trip(seeds_build: Path, nlp: Any) -> None:
    from kg.ingest import read_inputs
    from kg.pipeline import extract_all

    for extraction in extract_all(read_inputs([ROOT / "seeds"]), Settings(), nlp):
        assert from_json(to_json(extraction)) == extraction


def test_store_builds_incrementally(tmp_path: Path, nlp: Any) -> None:
    inputs = write(tmp_path / "in", ARTICLES)
    corpus = tmp_path / "corpus"

    first = build([inputs], tmp_path / "out1", Settings(), nlp=nlp, store=corpus)
    assert (first.parsed, first.reused, first.replaced) == (3, 0, 3)
    build([inputs], tmp_path / "fresh3", Settings(), nlp=nlp)
    same_exports(tmp_path / "out1", tmp_path / "fresh3")
    before = stored(corpus)
    assert before == exported(tmp_path / "fresh3")
    assert len(before) == 4  # three documents and the default graph

    again = build([inputs], tmp_path / "out2", Settings(), nlp=nlp, store=corpus)
    assert (again.parsed, again.reused, again.replaced) == (0, 3, 0)
    assert "parsed 0, reused 3" in "\n".join(again.lines())
    assert stored(corpus) == before
    same_exports(tmp_path / "out2", tmp_path / "fresh3")

    write(inputs, dict([EXTRA]))
    added = build([inputs], tmp_path / "out3", Settings(), nlp=nlp, store=corpus)
    assert (added.parsed, added.reused) == (1, 3)
    build([inputs], tmp_path / "fresh4", Settings(), nlp=nlp)
    same_exports(tmp_path / "out3", tmp_path / "fresh4")
    four = stored(corpus)
    assert four == exported(tmp_path / "fresh4")

    write(inputs, dict([CHANGED]))
    changed = build([inputs], tmp_path / "out4", Settings(), nlp=nlp, store=corpus)
    assert (changed.parsed, changed.reused, changed.replaced) == (1, 3, 1)
    build([inputs], tmp_path / "fresh5", Settings(), nlp=nlp)
    same_exports(tmp_path / "out4", tmp_path / "fresh5")
    after = stored(corpus)
    assert after == exported(tmp_path / "fresh5")
    beta = next(name for name in after if name.endswith("/beta>"))
    assert after[beta] != four[beta]
    assert {n: g for n, g in after.items() if n not in ("", beta)} == \
        {n: g for n, g in four.items() if n not in ("", beta)}


def _cached(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM document").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_build_leaves_a_consistent_store(tmp_path: Path, nlp: Any) -> None:
    files = sorted((DATA / "bbc_news" / "politics").glob("*.txt"))[:6] + \
        sorted((DATA / "bbc_news" / "tech").glob("*.txt"))[:6]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for file in files:
        shutil.copy(file, inputs / f"{file.parent.name}-{file.name}")
    corpus = tmp_path / "corpus"
    # A store that already holds four documents, so the killed run has something to keep intact.
    early = tmp_path / "early"
    early.mkdir()
    for file in sorted(inputs.iterdir())[:4]:
        shutil.copy(file, early / file.name)
    build([early], tmp_path / "out0", Settings(), nlp=nlp, store=corpus)
    assert _cached(corpus / CACHE_FILE) == 4

    env = {**os.environ, "KG_BATCH_SIZE": "2"}
    command = [sys.executable, "-m", "kg.cli", "build", str(inputs), "--out", str(tmp_path / "out1"),
               "--store", str(corpus)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while _cached(corpus / CACHE_FILE) < 6:
            assert process.poll() is None, f"the build ended before it could be killed: {process.stderr}"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert 6 <= _cached(corpus / CACHE_FILE) < len(files)

    build([inputs], tmp_path / "fresh", Settings(), nlp=nlp)
    fresh = exported(tmp_path / "fresh")
    build([early], tmp_path / "fresh-early", Settings(), nlp=nlp)
    fresh_early = exported(tmp_path / "fresh-early")
    left = stored(corpus)
    assert left == fresh_early  # the killed run had not reached the store: it is the earlier build, whole
    for name, triples in left.items():
        if name:
            assert triples == fresh_early[name]

    rerun = build([inputs], tmp_path / "out2", Settings(), nlp=nlp, store=corpus)
    assert rerun.parsed is not None and rerun.parsed < len(files) - 4
    assert stored(corpus) == fresh
    same_exports(tmp_path / "out2", tmp_path / "fresh")


@pytest.mark.parametrize("graphs", [1, 3])
def test_synchronise_keeps_shared_triples_in_the_union(graphs: int) -> None:
    from kg.corpus import synchronise

    store = ox.Store()
    shared = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("shared", language="en"))
    names = [ox.NamedNode(f"urn:g{i}") for i in range(graphs)]
    own = [ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"o{i}")) for i in range(graphs)]
    quads = [ox.Quad(*t, g) for g, t in zip(names, own, strict=True)] + [ox.Quad(*shared, g) for g in names]
    assert synchronise(store, quads) == graphs
    assert synchronise(store, quads) == 0
    synchronise(store, [q for q in quads if q.graph_name != names[0]])
    default = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert (shared in default) == (graphs > 1)
    assert own[0] not in default
    assert set(own[1:]) <= default


def test_query_and_view_read_a_store_folder(tmp_path: Path, nlp: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main
    from kg.config import Settings
    from kg.pipeline import build

    build([ROOT / "seeds"], tmp_path / "out", Settings(), nlp=nlp, store=tmp_path / "store")
    capsys.readouterr()
    assert main(["query", str(tmp_path / "store"), "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:leaderOf ?o }",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", "3"]
    assert main(["view", str(tmp_path / "store"), "--no-open", "--out", str(tmp_path / "v.html")]) == 0
    assert (tmp_path / "v.html").stat().st_size > 10_000


def test_documents_stay_in_a_store_unless_pruned(tmp_path: Path, nlp: Any,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    inputs = write(tmp_path / "in", ARTICLES | dict([EXTRA]))
    corpus = tmp_path / "corpus"
    build([inputs], tmp_path / "out1", Settings(), nlp=nlp, store=corpus)
    (inputs / EXTRA[0]).unlink()
    kept = build([inputs], tmp_path / "out2", Settings(), nlp=nlp, store=corpus)
    assert (kept.documents, kept.parsed, kept.reused, kept.replaced, kept.removed) == (4, 0, 3, 0, 0)
    same_exports(tmp_path / "out1", tmp_path / "out2")  # adding to a store is incremental: delta stays

    pruned = build([inputs], tmp_path / "out3", Settings(), nlp=nlp, store=corpus, prune=True)
    assert (pruned.documents, pruned.parsed, pruned.reused, pruned.removed) == (3, 0, 3, 1)
    assert pruned.replaced >= 1 and "removed 1" in pruned.lines()[-1]
    build([inputs], tmp_path / "fresh", Settings(), nlp=nlp)
    same_exports(tmp_path / "out3", tmp_path / "fresh")
    assert stored(corpus) == exported(tmp_path / "fresh")
    assert _cached(corpus / CACHE_FILE) == 3

    capsys.readouterr()
    assert main(["build", str(inputs), "--out", str(tmp_path / "out4"), "--prune"]) == 2
    assert capsys.readouterr().err.strip() == "kg build: error: --prune needs --store DIR (the corpus to drop " \
                                              "documents from)"


def test_a_new_extractor_reads_every_stored_document_again(tmp_path: Path, nlp: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Another kg, extraction code or model changes the fingerprint: documents among the inputs are
    parsed again, and so are those only in the store, from the text cached with them."""
    import kg.pipeline

    inputs = write(tmp_path / "in", ARTICLES)
    corpus = tmp_path / "corpus"
    first = build([inputs], tmp_path / "out1", Settings(), nlp=nlp, store=corpus)
    assert (first.parsed, first.reused) == (3, 0)
    (inputs / "gamma.txt").unlink()
    monkeypatch.setattr(kg.pipeline, "extractor_fingerprint", lambda model: f"another kg; model {model}")
    again = build([inputs], tmp_path / "out2", Settings(), nlp=nlp, store=corpus)
    assert (again.documents, again.parsed, again.reused, again.replaced) == (3, 3, 0, 0)
    same_exports(tmp_path / "out1", tmp_path / "out2")
    steady = build([inputs], tmp_path / "out3", Settings(), nlp=nlp, store=corpus)
    assert (steady.documents, steady.parsed, steady.reused) == (3, 0, 2)


def test_a_cache_from_before_fingerprints_is_read_again(tmp_path: Path, nlp: Any) -> None:
    from kg.ingest import read_inputs
    from kg.pipeline import extract_all

    old = write(tmp_path / "old", {"alpha.txt": ARTICLES["alpha.txt"]})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (extraction,) = extract_all(read_inputs([old]), Settings(), nlp)
    with sqlite3.connect(corpus / CACHE_FILE) as db:
        db.execute("CREATE TABLE extraction (id TEXT PRIMARY KEY, hash TEXT NOT NULL, json TEXT NOT NULL)")
        db.execute("INSERT INTO extraction VALUES (?, ?, ?)", ("alpha", "1:old", to_json(extraction)))
    inputs = write(tmp_path / "in", {"beta.txt": ARTICLES["beta.txt"]})
    summary = build([inputs], tmp_path / "out", Settings(), nlp=nlp, store=corpus)
    assert (summary.documents, summary.parsed, summary.reused) == (2, 2, 0)
    both = write(tmp_path / "both", {"alpha.txt": ARTICLES["alpha.txt"], "beta.txt": ARTICLES["beta.txt"]})
    build([both], tmp_path / "fresh", Settings(), nlp=nlp)
    same_exports(tmp_path / "out", tmp_path / "fresh")
