"""Resolution of people across documents: honorifics keep genders apart, spelling variants and short
forms of a given name join, distinct people with one surname stay apart. Hand-made mentions, no model."""

from __future__ import annotations

import string
from collections import Counter
from itertools import permutations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.mentions import key_of
from kg.extract.resolve import (
    DocumentKeys,
    KeyTable,
    _variants,
    document_keys,
    given_gender,
    resolve,
    surface,
    titled,
    variant,
)
from kg.records import Document, Extraction, Mention
from tests.test_extract import entities


def article(doc_id: str, *names: str) -> Extraction:
    """A document naming each person once, as the mention reader would have recorded them."""
    mentions, text = [], ""
    for name in names:
        start = len(text)
        text += f"{name} spoke. "
        titled = name.split()[0].rstrip(".").casefold() in ("mr", "mrs", "ms", "miss", "sir", "lady", "dame", "lord")
        mentions.append(Mention(doc_id, start, start + len(name), name, "Person", key=key_of(name, "Person"),
                                weight=3 if titled else 2))
    return Extraction(Document(doc_id, text), tuple(mentions))


def people(*documents: tuple[str, ...]) -> dict[str, str]:
    """Each name of each document (as "doc:name") with the label of the person it resolved to."""
    extractions = [article(f"d{n}", *names) for n, names in enumerate(documents)]
    resolution = resolve(extractions)
    found = {}
    for extraction in extractions:
        for mention in extraction.mentions:
            entity = resolution.entity(mention)
            found[f"{mention.doc_id}:{mention.text}"] = entity.label if entity else ""
    return found


# --- honorifics and given names: never across genders -------------------------------------------------


def test_mrs_howard_in_one_document_with_michael_howard_stays_apart() -> None:
    found = people(("Michael Howard", "Mr Howard", "Mrs Howard"))
    assert found["d0:Mr Howard"] == "Michael Howard"
    assert found["d0:Mrs Howard"] == "Mrs Howard"


def test_the_label_is_a_form_with_the_whole_name_however_often_a_shorter_one_is_used() -> None:
    found = people(("Sir Alan Gieve", "Sir Alan", "Sir Alan"), ("Sir Alan",))
    assert found["d0:Sir Alan"] == found["d0:Sir Alan Gieve"] == "Sir Alan Gieve"


def _typed(doc_id: str, text: str, *names: tuple[str, str, int]) -> Extraction:
    """A document with each (name, class, weight) mentioned where the text has it, in order."""
    mentions, at = [], 0
    for name, cls, weight in names:
        start = text.index(name, at)
        at = start + len(name)
        mentions.append(Mention(doc_id, start, at, name, cls, key=key_of(name, cls), weight=weight))
    return Extraction(Document(doc_id, text), tuple(mentions))


def test_a_surname_tagged_a_place_however_often_is_the_person_named_in_full() -> None:
    text = "Ronan Keane kicked a goal. Keane missed. Keane scored. Keane was injured."
    extraction = _typed("d0", text, ("Ronan Keane", "Person", 2), ("Keane", "Place", 1), ("Keane", "Place", 1),
                        ("Keane", "Organization", 1))
    resolution = resolve([extraction])
    assert {resolution.entity(m).label for m in extraction.mentions} == {"Ronan Keane"}
    assert resolution.entity(extraction.mentions[0]).cls == "Person"


def test_a_town_s_name_is_the_person_s_unless_something_is_placed_there() -> None:
    text = "Lisa Dorset won. She beat Dorset in the final, and Dorset said so."
    people = _typed("d0", text, ("Lisa Dorset", "Person", 2), ("Dorset", "City", 9), ("Dorset", "City", 9))
    resolution = resolve([people])
    assert {(resolution.entity(m).label, resolution.entity(m).cls) for m in people.mentions} == {
        ("Lisa Dorset", "Person")}
    placed = _typed("d1", text + " Fans in Dorset cheered.", ("Lisa Dorset", "Person", 2),
                    ("Dorset", "City", 9), ("Dorset", "City", 9), ("Dorset", "City", 9))
    resolution = resolve([placed])
    assert resolution.entity(placed.mentions[1]).cls == "City"


def test_mrs_howard_in_another_document_does_not_join_michael_howard() -> None:
    found = people(("Michael Howard",), ("Mrs Howard",), ("Mr Howard",))
    assert found["d1:Mrs Howard"] == "Mrs Howard"
    assert found["d2:Mr Howard"] == "Michael Howard"


@pytest.mark.parametrize("title", ["Mrs", "Ms", "Miss", "Lady", "Dame"])
def test_a_female_honorific_joins_the_one_woman_of_that_surname(title: str) -> None:
    found = people(("Beverley Hughes", "Ms Hughes"), ("Ken Hughes", "Mr Hughes"), (f"{title} Hughes",),
                   ("Mr Hughes",))
    assert found[f"d2:{title} Hughes"] == "Beverley Hughes"
    assert found["d3:Mr Hughes"] == "Ken Hughes"


def test_a_given_name_stops_a_join_but_never_picks_one() -> None:
    """Gender-guesser's word on a given name is not evidence enough to choose between two people."""
    found = people(("Beverley Hughes",), ("Ken Hughes",), ("Ms Hughes",))
    assert found["d2:Ms Hughes"] == "Ms Hughes"
    found = people(("Chris Smith",), ("Christine Smith",), ("Christopher Smith",))
    assert len(set(found.values())) == 3


@pytest.mark.parametrize("title", ["Mr", "Sir", "Lord"])
def test_a_male_honorific_does_not_join_a_woman(title: str) -> None:
    found = people(("Sandra Howard",), (f"{title} Howard",))
    assert found[f"d1:{title} Howard"] != "Sandra Howard"
    found = people(("Sandra Howard", f"{title} Howard", "Mrs Howard"))
    assert found[f"d0:{title} Howard"] != "Sandra Howard" == found["d0:Mrs Howard"]


@pytest.mark.parametrize(("names", "other"), [
    (("Jan Berry", "Ms Berry"), ("Chuck Berry", "Mr Berry")),  # gender-guesser takes Jan for a man
    (("Hilary Benn", "Mr Benn"), ("Melissa Benn", "Ms Benn")),  # ... and Hilary for a woman
    (("Joss Stone", "Ms Stone"), ("Oliver Stone", "Mr Stone")),
    (("Bertie Ahern", "Mr Ahern"), ("Cecelia Ahern", "Ms Ahern")),
])
def test_in_one_document_the_honorific_says_who_a_full_name_is(names: tuple[str, str],
                                                               other: tuple[str, str]) -> None:
    """Where a document names only one gender by a surname, its honorific is what it says of the person,
    whatever the given name usually is; elsewhere, that honorific alone finds that person."""
    full, title = names
    found = people(names, other, (title,), (other[1],))
    assert found[f"d0:{title}"] == found[f"d0:{full}"] == full
    assert found[f"d2:{title}"] == full
    assert found[f"d3:{other[1]}"] == other[0]


def test_dame_and_lady_go_with_a_given_name_too() -> None:
    found = people(("Julie Andrews", "Dame Julie"), ("Dame Julie",), ("Lady Thatcher", "Margaret Thatcher"))
    assert found["d0:Dame Julie"] == found["d1:Dame Julie"] == "Julie Andrews"
    assert found["d2:Lady Thatcher"] == "Margaret Thatcher"


def test_a_middle_name_is_no_given_name() -> None:
    found = people(("Armand Marie Leroi", "Marie Leroi", "Mr Leroi"))
    assert len(set(found.values())) == 1


def test_a_womans_surname_with_and_without_honorific_is_one_person() -> None:
    found = people(("Ms Kumaratunga", "Kumaratunga"))
    assert found["d0:Kumaratunga"] == found["d0:Ms Kumaratunga"]
    found = people(("Mrs Kumaratunga",), ("Kumaratunga",))
    assert found["d0:Mrs Kumaratunga"] == found["d1:Kumaratunga"]
    found = people(("Mrs Howard",), ("Mr Howard",), ("Howard",))
    assert found["d0:Mrs Howard"] != found["d1:Mr Howard"] == found["d2:Howard"]


def test_honorifics_outweigh_the_guess_from_a_given_name() -> None:
    assert titled(Counter({"f": 2, "m": 1})) == "f"
    assert titled(Counter({"f": 1, "m": 1})) is None
    assert given_gender("michael howard") == "m"
    assert given_gender("chris smith") == "m"  # gender-guesser: mostly male
    assert given_gender("casey smith") is None  # gender-guesser: either
    assert given_gender("smith") is None and given_gender("mrs smith") is None


# --- spelling variants and short forms of one given name ----------------------------------------------


@pytest.mark.parametrize(("a", "b"), [
    ("Beverly Hughes", "Beverley Hughes"),
    ("Viktor Makarov", "Victor Makarov"),
    ("Vince Cable", "Vincent Cable"),
    ("Micheal Jones", "Michael Jones"),  # two letters swapped
])
def test_variants_of_a_given_name_join(a: str, b: str) -> None:
    for documents in ([(a,), (b,)], [(b,), (a,)], [(a, b)]):  # either order, or both in one document
        found = people(*documents)
        assert len(set(found.values())) == 1, found


def test_after_variants_join_a_lone_surname_finds_its_one_person() -> None:
    found = people(("Vincent Cable",), ("Vince Cable",), ("Mr Cable",))
    assert len(set(found.values())) == 1


@pytest.mark.parametrize(("a", "b"), [
    ("Tony Blair", "Sir Ian Blair"),
    ("Ken Clarke", "Charles Clarke"),
    ("Menzies Campbell", "Alastair Campbell"),
    ("Glenn Campbell", "Alastair Campbell"),
    ("Ivan Lewis", "Dan Lewis"),
    ("Daniel Smith", "Daniela Smith"),  # one edit, but a man and a woman
    ("Chris Smith", "Christine Smith"),  # a start, but a man and a woman
    ("Mr Smith", "Dame Julie Smith"),
    ("Mark Jones", "Marc Jones"),  # one edit, but under five letters
    ("Ken Clarke", "Kenneth Clarke"),  # a start of only three letters
    ("Victor Makarov", "Viktor Petrov"),  # another surname
])
def test_different_people_of_one_surname_stay_apart(a: str, b: str) -> None:
    found = people((a,), (b,))
    assert found[f"d0:{a}"] != found[f"d1:{b}"], found
    assert len(set(people((a, b)).values())) == 2


def test_a_lone_surname_of_several_men_joins_none() -> None:
    found = people(("Tony Blair",), ("Sir Ian Blair",), ("Mr Blair",))
    assert found["d2:Mr Blair"] not in ("Tony Blair", "Sir Ian Blair")


def test_a_name_between_two_people_joins_neither() -> None:
    """"Vince" starts both "Vincent" and "Vincenzo", who stay apart: it could be either."""
    found = people(("Vincent Smith", "Vincent Smith"), ("Vincenzo Smith", "Vincenzo Smith"), ("Vince Smith",))
    assert found["d0:Vincent Smith"] != found["d1:Vincenzo Smith"]
    assert found["d2:Vince Smith"] == "Vince Smith"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("beverly", "beverley", True), ("viktor", "victor", True), ("vince", "vincent", True),
    ("michael", "micheal", True), ("dan", "ivan", False), ("ken", "kenneth", False), ("mark", "marc", False),
    ("tony", "ian", False), ("glenn", "menzies", False), ("victor", "hector", False), ("anna", "anna", False),
])
def test_variant(a: str, b: str, same: bool) -> None:
    assert variant(a, b) is same
    assert variant(b, a) is same


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(string.ascii_lowercase[:5], min_size=3, max_size=7),
                          st.sampled_from(["smith", "jones"])), min_size=1, max_size=12, unique=True))
def test_indexed_variants_match_comparing_every_pair(names: list[tuple[str, str]]) -> None:
    """The index finds exactly the earlier names that comparing each pair finds."""
    keys = [f"{given} {surname}" for given, surname in names]
    expected: dict[str, str] = {}
    for n, key in enumerate(keys):
        related = {expected.get(o, o) for o in keys[:n]
                   if o.split()[1] == key.split()[1] and variant(key.split()[0], o.split()[0])}
        if len(related) == 1:
            expected[key] = related.pop()
    assert _variants(keys, dict.fromkeys(keys), dict.fromkeys(keys)) == expected


def test_resolution_does_not_depend_on_document_order() -> None:
    documents = [("Vincent Cable", "Mr Cable"), ("Vince Cable",), ("Beverly Hughes",), ("Ms Hughes",),
                 ("Beverley Hughes", "Ken Hughes")]
    results = set()
    for order in permutations(range(len(documents))):
        table = KeyTable()
        for n in order:
            table.add(document_keys(article(f"d{n}", *documents[n])))
        corpus = table.resolve()
        results.add(tuple(sorted((key, e.label, e.aliases, e.documents) for key, e in corpus.entities.items())))
    assert len(results) == 1


def test_document_keys_hold_no_text_or_mentions() -> None:
    keys = document_keys(article("d0", "Michael Howard", "Mr Howard", "Mrs Howard"))
    assert isinstance(keys, DocumentKeys)
    assert keys.keys == (("howard", "michael howard"), ("michael howard", "michael howard"),
                         ("mrs howard", "mrs howard"))
    assert [(c.key, c.female, c.male) for c in keys.clusters] == [("michael howard", 0, 1), ("mrs howard", 1, 0)]
    assert "spoke" not in repr(keys)


def test_people_of_real_sentences(nlp: Any) -> None:
    """The same rules through the real model: honorifics as spaCy's spans carry them."""
    from kg.extract import extract
    from kg.ingest import text_document
    from kg.nlp import parse

    texts = [
        "Tory leader Michael Howard spoke in Bournemouth on Monday. Mr Howard said taxes would fall.\n"
        "Mrs Howard will make solo visits to target seats.\n",
        "Liberal Democrat Treasury spokesman Vincent Cable said the figures did not add up.\n",
        "Vince Cable said on Tuesday that the chancellor had hidden the true figures.\n",
        "Viktor Makarov, 50, said he had been betrayed. Victor Makarov defected in 1985, and Mr Makarov "
        "now lives in London.\n",
        "Prime Minister Tony Blair met Sir Ian Blair, the new Metropolitan Police Commissioner, on Friday.\n",
    ]
    documents = [text_document(f"d{n}", text) for n, text in enumerate(texts)]
    extractions = [extract(document, blocks) for document, blocks in parse(nlp, documents)]
    resolution = resolve(extractions)
    found: dict[str, set[str]] = {}
    for extraction in extractions:
        for mention in extraction.mentions:
            entity = resolution.entity(mention)
            if entity is not None and entity.cls == "Person":
                found.setdefault(entity.label, set()).add(surface(mention))
    assert {"Michael Howard", "Mr Howard"} <= found["Michael Howard"] and "Mrs Howard" not in found["Michael Howard"]
    assert found["Mrs Howard"] == {"Mrs Howard"}
    assert any({"Vince Cable", "Vincent Cable"} <= forms for forms in found.values())
    assert any({"Viktor Makarov", "Victor Makarov", "Mr Makarov"} <= forms for forms in found.values())
    assert not any({"Tony Blair", "Ian Blair"} <= {f.removeprefix("Sir ") for f in forms} for forms in found.values())


def test_a_company_s_suffix_is_dropped_from_its_key_unless_only_a_place_would_be_left() -> None:
    assert key_of("Samsung Electronics", "Company") == key_of("Samsung", "Company")
    assert key_of("Acme Holdings Ltd", "Company") == key_of("Acme", "Company")
    keys = {key_of(name, "Company") for name in ("British Airways", "British Telecom", "Japan Airlines", "Japan")}
    assert len(keys) == 4


def test_a_former_holder_is_not_the_title_alone(nlp: Any) -> None:
    for text in ("Shadow chancellor Tom Hale spoke. The chancellor said nothing.",
                 "Former chancellor Ann Cole spoke. The chancellor said nothing."):
        found = entities(nlp, text)
        assert not any("the chancellor" in aliases for _, aliases in found.values()), text
    assert "the mayor" in entities(nlp, "Mayor Ken Reid agreed. The mayor said so.")["Ken Reid"][1]
