"""IRI minting: every slug is a valid IRI segment for pyoxigraph and rdflib, stable, readable, distinct."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.iris import DEFAULT_BASE, SEGMENTS, document_iri, entity_iri, event_iri, fact_iri, slug
from tests.conftest import ROOT

PREDICATE = "https://kg.example.org/ontology#label"
# Any text, plus text rich in what trips IRI minting: surrogates (from undecodable file names), private
# use, unassigned and control characters, combining marks.
TRICKY = st.characters(categories=["Cs", "Co", "Cn", "Cc", "Mn", "Lo", "Zs", "Po"])
TEXTS = st.one_of(st.text(), st.text(TRICKY))
BASES = st.sampled_from([DEFAULT_BASE, "http://example.org/kg#", "urn:example:kg/", "https://例え.jp/id/"])


def parse_subject(iri: str) -> tuple[str, str]:
    """The subject IRI as pyoxigraph and rdflib read it back from one N-Triples line."""
    line = f'<{iri}> <{PREDICATE}> "x" .\n'
    oxi = list(pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_TRIPLES))
    graph = rdflib.Graph()
    graph.parse(data=line, format="nt")
    (subject, _, _), = list(graph)
    return oxi[0].subject.value, str(subject)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, base=BASES)
def test_slug_of_any_text_is_a_valid_iri_segment(text: str, base: str) -> None:
    segment = slug(text)
    assert segment, f"empty slug for {text!r}"
    assert not set(segment) & set("/?#[]@%<>\"{}|\\^` \t\n"), f"slug {segment!r} has a delimiter or a space"
    assert not segment.startswith("-") and not segment.endswith("-") and "--" not in segment
    assert len(segment) <= 120
    iri = f"{base}person/{segment}"
    assert parse_subject(iri) == (iri, iri)


@settings(max_examples=100, deadline=None)
@given(text=TEXTS, start=st.integers(0, 10**7), n=st.integers(1, 99), base=BASES)
def test_document_event_and_fact_iris_of_any_id_parse(text: str, start: int, n: int, base: str) -> None:
    for iri in (document_iri(base, text), event_iri(base, text, start, n), fact_iri(base, text, str(start)),
                *(entity_iri(base, cls, text) for cls in SEGMENTS)):
        assert iri.startswith(base)
        assert parse_subject(iri) == (iri, iri)


@given(text=st.text())
def test_slug_is_deterministic_and_normalised(text: str) -> None:
    assert slug(text) == slug(text)
    # The same name typed in another Unicode form mints the same IRI.
    assert slug(unicodedata.normalize("NFD", text)) == slug(unicodedata.normalize("NFC", text))


@pytest.mark.parametrize(
    "variants",
    [("Xi Jinping", "XI JINPING", "xi jinping", "Xi\u00a0Jinping", " Xi  Jinping\n"),
     ("Zoë", "Zoe\u0308", "ZOË"), ("Xiaomi", "Ｘｉａｏｍｉ")],
)
def test_slug_ignores_case_spacing_and_unicode_form(variants: tuple[str, ...]) -> None:
    assert len({slug(v) for v in variants}) == 1, {v: slug(v) for v in variants}


def test_slug_is_the_same_in_another_process() -> None:
    """No dependence on hash randomisation or any other per-process state."""
    names = ["Xi Jinping", "이재명", "习近平", "نرگس محمدی", "<>", "", "😀", "O'Brien", "a" * 300]
    code = ("import json, sys\nfrom kg.iris import slug\n"
            "print(json.dumps([slug(n) for n in json.load(sys.stdin)]))")
    result = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(names), capture_output=True, text=True, check=True,
        cwd=ROOT, env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert json.loads(result.stdout) == [slug(name) for name in names]


WORD = st.characters(categories=["Lu", "Ll", "Lo", "Nd", "Mn", "Mc"])


@given(words=st.lists(st.text(WORD, min_size=1, max_size=12), min_size=1, max_size=4))
def test_slug_keeps_every_letter_digit_and_mark_of_a_name(words: list[str]) -> None:
    """Readable in any script: a name of letters, digits and combining marks loses none of them."""
    name = " ".join(words)
    expected = "-".join(unicodedata.normalize("NFKC", w).casefold() for w in words)
    # RFC 3987 leaves out the tags and variation selectors supplement (U+E0000-E0FFF) and private use
    in_iri = all(not 0xE0000 <= ord(ch) <= 0xE0FFF and unicodedata.category(ch) != "Co" for ch in expected)
    if in_iri and all(ch.isalnum() or unicodedata.category(ch)[0] == "M" for ch in expected) and any(
        ch.isalnum() for ch in expected
    ) and len(expected) <= 120 and not expected.startswith("-"):
        assert slug(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Xi Jinping", "xi-jinping"),
        ("Chinese President Xi Jinping", "chinese-president-xi-jinping"),
        ("South Korea", "south-korea"),
        ("U.S.", "u-s"),
        ("Lee Jae-myung", "lee-jae-myung"),
        ("이재명", "이재명"),
        ("习近平", "习近平"),
        ("नरेंद्र मोदी", "नरेंद्र-मोदी"),
        ("ทักษิณ ชินวัตร", "ทักษิณ-ชินวัตร"),
        ("Zoë Ångström", "zoë-ångström"),
        ("Ｘｉａｏｍｉ", "xiaomi"),  # full-width letters fold (NFKC)
        ("  Xiaomi  14 Ultra!  ", "xiaomi-14-ultra"),
    ],
)
def test_slug_is_readable(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    "names",
    [
        ("Xi Jinping", "Xi"),
        ("Lee Jae Myung", "Lee Jae-yong", "Lee"),
        ("North Korea", "South Korea", "Korea"),
        ("Kim Jong Un", "Kim Jong Il"),
        ("이재명", "이재용"),
        ("习近平", "习近"),
        ("नरेंद्र मोदी", "नीरज मोदी", "नरेन्द्र"),
        ("Xiaomi", "Xiaomi 14", "Xiaomi 14 Ultra"),
        ("😀", "😃", "<>", "&"),  # no readable form: hashed, still apart
    ],
)
def test_distinct_names_get_distinct_slugs(names: tuple[str, ...]) -> None:
    assert len({slug(name) for name in names}) == len(names), {name: slug(name) for name in names}


@given(prefix=st.text(st.characters(categories=["Ll"]), min_size=130, max_size=200), a=st.text(min_size=1),
       b=st.text(min_size=1))
def test_long_names_that_share_a_beginning_stay_apart(prefix: str, a: str, b: str) -> None:
    if slug(prefix + a) != slug(prefix + b):
        return
    # Equal slugs are fine only when the names really normalise to the same thing.
    assert slug(a) == slug(b) or not any(ch.isalnum() for ch in a + b)


def test_entity_iri_shares_the_segment_of_the_top_class() -> None:
    base = DEFAULT_BASE
    assert entity_iri(base, "Organization", "xiaomi") == entity_iri(base, "Company", "xiaomi")
    assert entity_iri(base, "Organization", "xiaomi") == f"{base}organization/xiaomi"
    assert len({entity_iri(base, cls, "seoul") for cls in ("Place", "Country", "City")}) == 1
    assert entity_iri(base, "Person", "jordan") != entity_iri(base, "Place", "jordan")
    assert entity_iri(base, "Person", "xi jinping") == f"{base}person/xi-jinping"


def test_entity_iri_rejects_an_unknown_class() -> None:
    with pytest.raises(KeyError):
        entity_iri(DEFAULT_BASE, "Planet", "mars")


def test_event_iris_are_distinct_per_document_sentence_and_number() -> None:
    iris = {event_iri(DEFAULT_BASE, doc, start, n)
            for doc in ("a", "a-1", "b") for start in (0, 1, 10) for n in (1, 2, 11)}
    assert len(iris) == 27
