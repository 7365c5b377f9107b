"""Typing and naming rules on small news-style sentences, with the real model."""

from __future__ import annotations

from typing import Any

from tests.test_extract import entities, events, facts


def test_region_after_a_place_names_it_and_is_not_a_home(nlp: Any) -> None:
    text = "In 1830, the poet Emily Dickinson was born in Amherst, Mass., and later moved to Boston."
    found = entities(nlp, text)
    assert "Amherst, Mass." in found["Amherst"][1]
    stated = facts(nlp, text)
    assert ("Amherst", "locatedIn", "Mass.") in stated
    assert ("Emily Dickinson", "livesIn", "Amherst") in stated
    assert not any(p == "livesIn" and o == "Mass." for _, p, o in stated)


def test_a_list_of_places_is_not_a_qualifier(nlp: Any) -> None:
    stated = facts(nlp, "Floods hit Texas, Ohio and Iowa on Monday.")
    assert not any(p == "locatedIn" for _, p, _ in stated)


def test_capitalised_dateline_place(nlp: Any) -> None:
    found = entities(nlp, "BANGKOK, Thailand (AP) -- Floods closed schools in the capital on Monday.")
    assert found["Bangkok"][0] == "City"
    assert "BANGKOK" in found["Bangkok"][1]
    assert ("Bangkok", "locatedIn", "Thailand") in facts(nlp, "BANGKOK, Thailand (AP) -- Floods closed schools.")


def test_names_spacy_calls_people_that_cannot_be(nlp: Any) -> None:
    found = entities(nlp, "The G8 summit opened as the Britons living in Milton Keynes watched the Lifelong "
                          "Learning debate, Paul Boateng MP said.")
    assert not any(cls == "Person" and label in ("G8", "Britons", "Milton Keynes", "Lifelong Learning")
                   for label, (cls, _) in found.items())
    assert found["Paul Boateng"][0] == "Person"


def test_job_title_and_dash_are_not_part_of_a_name(nlp: Any) -> None:
    found = entities(nlp, "Constable David Warcup said the inquiry was over. Moazzam Begg - held for years - spoke.")
    assert "David Warcup" in found
    assert "Moazzam Begg" in found


def test_a_name_modifying_another_name_belongs_to_it(nlp: Any) -> None:
    stated = facts(nlp, "Chinese President Xi Jinping thanked South Korea's President Lee Jae Myung on Saturday.")
    assert not any(s == "Xi Jinping" and o == "South Korea" for s, _, o in stated)


def test_a_visit_is_not_a_home(nlp: Any) -> None:
    stated = facts(nlp, "Xi Jinping's state visit to South Korea was his first since 2014.")
    assert ("Xi Jinping", "livesIn", "South Korea") not in stated


def test_place_words_and_titles_of_nobility_decide_the_class(nlp: Any) -> None:
    found = entities(nlp, "Flooding hit Cameron Parish on Monday, and the Duchess of York visited flood victims.")
    assert found["Cameron Parish"][0] == "Place"
    assert found["Duchess of York"][0] == "Person"
    found = entities(nlp, "A squadron from the Jarama 1st Cavalry Brigade in Salamanca was put on alert.")
    assert found["Salamanca"][0] in ("City", "Place")  # the tagger says PERSON; "in" and the gazetteer disagree


def test_a_surname_that_is_a_place_word_stays_a_person(nlp: Any) -> None:
    found = entities(nlp, "Police said Mark Dorsey shot and killed Ellen Park outside her home.")
    assert found["Ellen Park"][0] == "Person"


def test_an_unclosed_bracket_is_not_part_of_a_name(nlp: Any) -> None:
    found = entities(nlp, "Today the Union of Democratic Forces (SDS) announced its stand on the strikes.")
    assert "Union of Democratic Forces" in found
    assert not any("(" in label for label in found)


def test_common_words_and_fragments_are_not_organisations(nlp: Any) -> None:
    found = entities(nlp, "The Budget was delayed. Ministers said the budget would wait for the Office of the "
                          "Deputy Prime Minister, a Conservative Party spokesman said.")
    assert "Budget" not in found
    assert "Conservative Party" in found
    assert not any(label.endswith((" of the", " of")) for label in found)


def test_a_subject_pronoun_stands_for_its_person(nlp: Any) -> None:
    stated = facts(nlp, "Sundar Pichai spoke on Monday. He is the chief executive of Google, based in Mountain View.")
    assert ("Sundar Pichai", "leaderOf", "Google") in stated
    assert ("Sundar Pichai", "leaderOf", "Mountain View") not in stated


def test_a_pronoun_agrees_with_the_given_name(nlp: Any) -> None:
    found = events(nlp, "Angela Merkel greeted Tony Blair on Monday. She said: \"We have a lot of work to do.\"")
    assert [roles["agent"] for cls, roles, _, _ in found if cls == "Statement"] == ["Angela Merkel"]
    found = events(nlp, "Angela Merkel greeted Tony Blair on Monday. He said: \"We have a lot of work to do.\"")
    assert [roles["agent"] for cls, roles, _, _ in found if cls == "Statement"] == ["Tony Blair"]


def test_a_killer_noun_describing_a_person(nlp: Any) -> None:
    stated = facts(nlp, "Investigators questioned Mark Chapman, the killer of John Lennon, again in 2000.")
    assert ("Mark Chapman", "killed", "John Lennon") in stated


def test_an_acronym_defined_in_brackets_names_the_organisation(nlp: Any) -> None:
    found = entities(nlp, "The Union of Democratic Forces (SDS) announced its stand. The SDS said no to the plan.")
    assert found["Union of Democratic Forces"] == ("Organization", ("SDS",))
