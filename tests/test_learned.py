"""The learned relation classifier: its model file, and its facts on hand-written sentences."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from typing import Any

import pytest

from kg.extract.learned import MODEL_FILE, NONE, PREDICATES, find_learned, model, model_from_json
from kg.extract.mentions import Reader
from kg.gazetteer import gazetteer
from kg.nlp import parse
from kg.records import Document, Relation

PROPERTIES = {"leaderOf", "worksFor", "memberOf", "citizenOf", "livesIn", "basedIn", "locatedIn", "killed"}


def learned(nlp: Any, text: str) -> tuple[Reader, list[Relation]]:
    [(document, blocks)] = list(parse(nlp, [Document(id="t", text=text)]))
    reader = Reader(document, blocks, gazetteer())
    return reader, find_learned(reader)


def triples(relations: list[Relation]) -> set[tuple[str, str, str]]:
    return {(r.subject.text, r.predicate, r.object.text) for r in relations}


def test_model_file_loads_and_is_small() -> None:
    path = resources.files("kg").joinpath("data", MODEL_FILE)
    assert len(path.read_bytes()) < 2_000_000
    classifier = model()
    assert classifier.labels[0] == NONE and set(classifier.labels[1:]) == set(PREDICATES)
    assert 0 < classifier.threshold < 1 and len(classifier.weights) > 1000
    probabilities = classifier.probabilities(["no such feature"])
    assert abs(sum(probabilities) - 1) < 1e-9 and probabilities[0] == max(probabilities)
    assert model() is classifier  # read once per process


def test_malformed_model_is_refused() -> None:
    data = json.loads(resources.files("kg").joinpath("data", MODEL_FILE).read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="not a relation model"):
        model_from_json({**data, "bias": data["bias"][:-1]})
    with pytest.raises(ValueError, match="not a relation model"):
        model_from_json({"labels": ["none"]})


def test_import_reads_nothing() -> None:
    code = "import kg.extract.learned as m; assert m.model.cache_info().currsize == 0"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(("text", "fact"), [
    ("David Miller, a spokesman for the World Bank, said the loan would be approved next week.",
     ("David Miller", "worksFor", "World Bank")),
    ("Siemens, based in Munich, Germany, said orders rose.", ("Siemens", "basedIn", "Munich")),
    ("Police said Mark Dorsey shot and killed Ellen Park outside her home.",
     ("Mark Dorsey", "killed", "Ellen Park")),
])
def test_facts_on_new_sentences(nlp: Any, text: str, fact: tuple[str, str, str]) -> None:
    _, relations = learned(nlp, text)
    assert fact in triples(relations)
    assert all(0.0 <= r.confidence <= 1.0 and r.predicate in PROPERTIES for r in relations)
    assert all(r.evidence.sentence == text for r in relations)


def test_a_fact_retypes_a_weakly_typed_place(nlp: Any) -> None:
    reader, relations = learned(nlp, "The singer Lena Holt, a native of Greenbrook, Vt., grew up on a farm.")
    assert ("Lena Holt", "livesIn", "Greenbrook") in triples(relations)
    greenbrook = {m.cls for m in reader.mentions if m.text == "Greenbrook"}
    assert "Place" in greenbrook  # kg typed it an organisation (no "in" before it); the fact adds a Place cue


def test_no_facts_without_two_names(nlp: Any) -> None:
    assert learned(nlp, "Angela Merkel spoke for an hour.")[1] == []
