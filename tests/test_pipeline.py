"""The build's plumbing: settings from the environment, the store summary, content hashes, streaming,
the extractor's fingerprint, a new class's way into the graph."""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyoxigraph import Quad

from kg.config import Settings
from kg.corpus import content_hash
from kg.pipeline import Summary, build
from kg.records import Document, Extraction
from kg.validate import validate


def test_batch_size_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_BATCH_SIZE", "8")
    assert Settings.from_env().batch_size == 8
    monkeypatch.setenv("KG_BATCH_SIZE", "none")
    assert Settings.from_env().batch_size == Settings().batch_size


def test_summary_names_parsed_and_reused_only_with_a_store() -> None:
    plain = Summary(3, Counter(), Counter(), Counter(), 1.0)
    assert not any(line.startswith("store") for line in plain.lines())
    stored = replace(plain, parsed=0, reused=3, replaced=0)
    assert stored.lines()[-1] == "store      parsed 0, reused 3, graphs replaced 0"
    pruned = replace(plain, parsed=0, reused=2, replaced=1, removed=1)
    assert pruned.lines()[-1] == "store      parsed 0, reused 2, graphs replaced 1, removed 1"


def test_content_hash_follows_text_and_metadata_not_the_path() -> None:
    document = Document("a", "Some text.", path="x/a.txt", title="A")
    assert content_hash(document) == content_hash(replace(document, path="y/a.txt"))
    assert content_hash(document) != content_hash(replace(document, text="Other text."))
    assert content_hash(document) != content_hash(replace(document, title="B"))
    assert content_hash(document) != content_hash(document, fingerprint="another model")


def blank_model() -> Any:
    """A real spaCy pipeline that parses fast: blank English with a sentencizer and a few names."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": name} for name in ("Vince Cable", "Vincent Cable")]
                       + [{"label": "GPE", "pattern": "London"}])
    return nlp


def test_a_build_holds_one_extraction_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extractions go to the spill as they are made, and the graph is made from it one document at a time:
    however many documents, no more than a couple of Extraction objects are alive at any moment."""
    import kg.pipeline

    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(40):
        name = "Vince Cable" if n % 2 else "Vincent Cable"
        (inputs / f"{n:03d}.txt").write_text(f"{name} spoke in London on Monday about article {n}.\n")
    live: weakref.WeakSet[Extraction] = weakref.WeakSet()
    most = [0]
    extract_all, document_quads = kg.pipeline.extract_all, kg.pipeline.document_quads

    def counted(extraction: Extraction) -> Extraction:
        live.add(extraction)
        most[0] = max(most[0], len(live))
        return extraction

    def extracting(*args: Any) -> Iterator[Extraction]:
        return (counted(extraction) for extraction in extract_all(*args))

    def graphing(extraction: Extraction, *args: Any) -> list[Quad]:
        return document_quads(counted(extraction), *args)

    monkeypatch.setattr(kg.pipeline, "extract_all", extracting)
    monkeypatch.setattr(kg.pipeline, "document_quads", graphing)
    summary = build([inputs], tmp_path / "out", Settings(), nlp=blank_model())
    assert summary.documents == 40 and summary.entities == Counter({"Person": 1, "City": 1})  # Vince Cable
    assert 1 <= most[0] <= 3
    assert not list((tmp_path / "out").glob("*.sqlite"))


def test_progress_reaches_the_total_when_the_last_documents_were_reused() -> None:
    from kg.pipeline import reporting

    calls: list[tuple[int, int, int]] = []
    extractions = [Extraction(Document(str(n), "two words")) for n in range(2)]
    assert list(reporting(extractions, 5, lambda *call: calls.append(call), lambda: 1)) == extractions
    assert calls == [(2, 5, 2), (3, 5, 4), (5, 5, 4)]


def test_the_fingerprint_follows_the_extraction_code_and_the_model(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import kg.corpus
    from kg.corpus import PACKAGE, SOURCES, extractor_fingerprint

    package = tmp_path / "kg"
    for pattern in SOURCES:
        for path in PACKAGE.glob(pattern):
            (package / path.relative_to(PACKAGE)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, package / path.relative_to(PACKAGE))
    monkeypatch.setattr(kg.corpus, "PACKAGE", package)
    before = extractor_fingerprint("en_core_web_sm 3.8.0")
    assert before == extractor_fingerprint("en_core_web_sm 3.8.0")
    assert before != extractor_fingerprint("en_core_web_sm 3.7.1")
    assert before.startswith("kg ")
    with (package / "extract" / "mentions.py").open("a") as source:
        source.write("\n# a change\n")
    assert before != extractor_fingerprint("en_core_web_sm 3.8.0")


def test_a_named_event_gets_its_own_iri_and_conforms(tmp_path: Path, nlp: Any) -> None:
    (tmp_path / "cup.txt").write_text("Tom Reid won the Hopman Cup in Perth on Sunday.\n", encoding="utf-8")
    build([tmp_path / "cup.txt"], tmp_path / "out", Settings(), nlp=nlp)
    store = ox.Store()
    store.load(path=str(tmp_path / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    found = [(str(r["e"].value), r["l"].value) for r in store.query(
        "SELECT ?e ?l WHERE { ?e a <https://kg.example.org/ontology#NamedEvent> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")]
    assert found == [(f"{Settings().base}named-event/hopman-cup", "Hopman Cup")]
    assert validate(tmp_path / "out" / "graph.ttl").conforms
