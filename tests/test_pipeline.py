"""The build's plumbing: settings from the environment, the store summary, content hashes."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from kg.config import Settings
from kg.corpus import content_hash
from kg.pipeline import Summary
from kg.records import Document


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


def test_content_hash_follows_text_and_metadata_not_the_path() -> None:
    document = Document("a", "Some text.", path="x/a.txt", title="A")
    assert content_hash(document) == content_hash(replace(document, path="y/a.txt"))
    assert content_hash(document) != content_hash(replace(document, text="Other text."))
    assert content_hash(document) != content_hash(replace(document, title="B"))
    assert content_hash(document) != content_hash(document, fingerprint="another model")
