"""bench/quality.py: detokenising, the mapping, the scoring, and an end-to-end floor on CoNLL04 dev."""

from __future__ import annotations

from typing import Any

import pytest

from bench.quality import (
    DATA,
    GoldFact,
    PredictedFact,
    detokenise,
    evaluate,
    fact_category,
    gold_category,
    load,
    norm,
    score,
)

# A bit under what rules + classifier measured on these 60 sentences (micro-F1 0.503; rules alone 0.18).
FLOOR_60 = 0.45


def test_detokenise_keeps_offsets() -> None:
    tokens = ["`", "`", "He", "was", "n't", "there", ",", "'", "'", "said", "Kevin", "O", "'Brien",
              "(", "AP", ")"]
    text, spans = detokenise(tokens)
    assert text == "\"He wasn't there,\" said Kevin O'Brien (AP)"
    assert [text[s:e] for s, e in spans][2:6] == ["He", "was", "n't", "there"]
    assert text[spans[10][0] : spans[12][1]] == "Kevin O'Brien"
    assert text[spans[14][0] : spans[14][1]] == "AP"


def test_names_compare_loosely_only_at_the_edges() -> None:
    assert norm("The White House's") == norm("white house") == "white house"
    assert norm("Boise.") == "boise" and norm("Conn.") == norm("Conn")
    assert norm("Theresa May") != norm("May")


def test_mapping() -> None:
    assert gold_category("conll04", "Live_In", "Peop", "Loc") == ("Live_In", False)
    assert fact_category("conll04", "leaderOf", "Person", "Country") == "Live_In"
    assert fact_category("conll04", "leaderOf", "Person", "Company") == "Work_For"
    assert fact_category("conll04", "producedBy", "Product", "Company") is None
    assert gold_category("redocred", "P35", "LOC", "PER") == ("P35/P6 head of state/government", True)
    assert gold_category("redocred", "P17", "MISC", "LOC") is None  # an event's country: not scored
    assert gold_category("redocred", "P17", "ORG", "LOC")[0].startswith("P159")  # type: ignore[index]
    assert gold_category("crossre", "role", "politician", "politicalparty") == (
        "person-organisation (role, part-of)", False)
    assert gold_category("crossre", "win-defeat", "person", "person") is None


def test_score_on_a_hand_made_example() -> None:
    gold = [
        GoldFact("d1", "Work_For", ("Kevin O'Brien",), ("the theater",)),
        GoldFact("d1", "Located_In", ("Aiken",), ("S.C.",)),
        GoldFact("d2", "Kill", ("Oswald",), ("Kennedy",)),
        GoldFact("d2", "Kill", ("Oswald",), ("Kennedy",)),  # annotated twice: counted once
    ]
    obrien, oswald, kennedy = ("Kevin O'Brien", "O'Brien"), ("Lee H. Oswald", "Oswald"), ("JFK", "Kennedy")
    predicted = [
        PredictedFact("d1", "Work_For", "worksFor", obrien, ("Theater",), 0.9),
        PredictedFact("d1", "Work_For", "memberOf", obrien, ("Theater",), 0.5),  # the same pair again
        PredictedFact("d1", "Located_In", "locatedIn", ("S.C.",), ("Aiken",), 0.8),  # wrong direction
        PredictedFact("d2", "Kill", "killed", oswald, kennedy, 0.7),
        PredictedFact("d1", "Kill", "killed", ("Oswald",), ("Kennedy",), 0.6),  # right names, wrong text
    ]
    report = score(gold, predicted, ["Work_For", "Located_In", "Kill", "Live_In"])
    micro = report.micro
    assert (micro.gold, micro.predicted, micro.correct) == (3, 4, 2)
    assert micro.precision == pytest.approx(0.5) and micro.recall == pytest.approx(2 / 3)
    assert micro.f1 == pytest.approx(4 / 7)
    work, located, kill, live = (report.categories[k] for k in ("Work_For", "Located_In", "Kill", "Live_In"))
    assert (work.precision, work.recall, work.f1) == (1.0, 1.0, 1.0)
    assert (located.gold, located.predicted, located.correct, located.f1) == (1, 1, 0, 0.0)
    assert (kill.precision, kill.recall) == (0.5, 1.0) and kill.f1 == pytest.approx(2 / 3)
    assert (live.gold, live.predicted, live.f1) == (0, 0, 0.0)
    assert {f.category for f in report.false_negatives} == {"Located_In"}
    assert sorted(f.doc for f in report.false_positives) == ["d1", "d1"]


@pytest.mark.skipif(not (DATA / "conll04").is_dir(), reason="../shared/data/conll04 is not there")
def test_conll04_dev_end_to_end_floor(nlp: Any) -> None:
    report = evaluate("conll04", load("conll04", "dev", limit=60), nlp)
    assert report.micro.gold >= 80
    assert report.micro.f1 >= FLOOR_60, "\n".join(f"{k}: {v}" for k, v in report.categories.items())
