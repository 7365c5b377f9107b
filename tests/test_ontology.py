"""The ontology: it parses, documents and aligns every term, defines what the contract requires,
and agrees with the generated vocabulary ``kg/vocab.py``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

import kg
from kg import vocabgen
from kg.vocab import KG

ONTOLOGY_DIR = Path(kg.__file__).parent / "ontology"
KG_TTL = ONTOLOGY_DIR / "kg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
NS = "https://kg.example.org/ontology#"
ONTOLOGY_IRI = URIRef("https://kg.example.org/ontology")
SDO = "https://schema.org/"

CLASSES = [
    "Person", "Organization", "Company", "Place", "Country", "City", "Product",
    "Event", "Meeting", "Visit", "GiftGiving", "Statement", "Document",
]  # fmt: skip
OBJECT_PROPERTIES = [
    "leaderOf", "worksFor", "memberOf", "citizenOf", "livesIn", "basedIn", "locatedIn", "producedBy",
    "killed",
    "agent", "recipient", "object", "participant", "host", "location", "mentionedIn",
]  # fmt: skip
DATATYPE_PROPERTIES = ["title", "date", "quote", "evidence", "startOffset", "endOffset", "confidence"]

# (term, superclass or superproperty): the alignments the ontology promises.
ALIGNMENTS = [
    ("Person", SDO + "Person"), ("Person", str(FOAF.Person)),
    ("Organization", SDO + "Organization"), ("Organization", str(FOAF.Organization)),
    ("Company", NS + "Organization"), ("Company", SDO + "Corporation"),
    ("Place", SDO + "Place"),
    ("Country", NS + "Place"), ("Country", SDO + "Country"),
    ("City", NS + "Place"), ("City", SDO + "City"),
    ("Product", SDO + "Product"),
    ("Event", SDO + "Event"), ("Event", str(PROV.Activity)),
    ("Meeting", NS + "Event"), ("Visit", NS + "Event"),
    ("GiftGiving", NS + "Event"), ("Statement", NS + "Event"),
    ("GiftGiving", SDO + "GiveAction"), ("Statement", SDO + "CommunicateAction"),
    ("Document", SDO + "NewsArticle"), ("Document", str(FOAF.Document)), ("Document", str(PROV.Entity)),
    ("leaderOf", SDO + "worksFor"), ("worksFor", SDO + "worksFor"), ("memberOf", SDO + "memberOf"),
    ("citizenOf", SDO + "nationality"), ("basedIn", SDO + "location"),
    ("locatedIn", SDO + "containedInPlace"),
    ("producedBy", SDO + "manufacturer"), ("title", SDO + "jobTitle"),
    ("agent", SDO + "agent"), ("agent", str(PROV.wasAssociatedWith)), ("recipient", SDO + "recipient"),
    ("object", SDO + "object"), ("participant", SDO + "attendee"), ("host", SDO + "organizer"),
    ("location", SDO + "location"), ("date", SDO + "startDate"), ("date", str(DCTERMS.date)),
    ("quote", SDO + "text"), ("mentionedIn", SDO + "subjectOf"),
]  # fmt: skip

# Terms with no fitting schema.org term; the ontology says why in a skos:editorialNote.
UNALIGNED = {"killed", "confidence"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(KG_TTL, format="turtle")


def terms(graph: Graph, kind: URIRef) -> set[str]:
    return {str(s)[len(NS) :] for s in graph.subjects(RDF.type, kind) if str(s).startswith(NS)}


def english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "en"]


def all_terms(graph: Graph) -> set[str]:
    return terms(graph, OWL.Class) | terms(graph, OWL.ObjectProperty) | terms(graph, OWL.DatatypeProperty)


@pytest.mark.parametrize("path", [KG_TTL, SHAPES_TTL], ids=["kg.ttl", "shapes.ttl"])
def test_parses_in_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(graph) == len(quads) > 100


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert english(ontology, ONTOLOGY_IRI, DCTERMS.title)
    assert english(ontology, ONTOLOGY_IRI, DCTERMS.description)
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


def test_contract_terms_are_defined_with_the_right_kind(ontology: Graph) -> None:
    assert set(CLASSES) <= terms(ontology, OWL.Class)
    assert set(OBJECT_PROPERTIES) <= terms(ontology, OWL.ObjectProperty)
    assert set(DATATYPE_PROPERTIES) <= terms(ontology, OWL.DatatypeProperty)
    assert not terms(ontology, OWL.ObjectProperty) & terms(ontology, OWL.DatatypeProperty)


def test_every_term_has_english_label_and_comment(ontology: Graph) -> None:
    missing = [
        name
        for name in sorted(all_terms(ontology))
        if len(english(ontology, URIRef(NS + name), RDFS.label)) != 1
        or len(english(ontology, URIRef(NS + name), RDFS.comment)) != 1
    ]
    assert missing == [], f"terms without exactly one rdfs:label@en and rdfs:comment@en: {missing}"


def test_every_term_is_aligned_to_schema_org_or_says_why_not(ontology: Graph) -> None:
    unaligned = set()
    for name in all_terms(ontology):
        iri = URIRef(NS + name)
        supers = set(ontology.objects(iri, RDFS.subClassOf)) | set(ontology.objects(iri, RDFS.subPropertyOf))
        if not any(str(s).startswith(SDO) for s in supers):
            unaligned.add(name)
            assert english(ontology, iri, SKOS.editorialNote), f"kg:{name}: no schema.org alignment, no note"
    assert unaligned == UNALIGNED


@pytest.mark.parametrize(("name", "parent"), ALIGNMENTS, ids=[f"{n}<{p}" for n, p in ALIGNMENTS])
def test_alignment(ontology: Graph, name: str, parent: str) -> None:
    iri = URIRef(NS + name)
    supers = set(ontology.objects(iri, RDFS.subClassOf)) | set(ontology.objects(iri, RDFS.subPropertyOf))
    assert URIRef(parent) in supers


def test_object_properties_have_entity_ranges(ontology: Graph) -> None:
    ranges = {name: ontology.value(URIRef(NS + name), RDFS.range) for name in OBJECT_PROPERTIES}
    assert ranges["worksFor"] == KG.Organization
    assert ranges["basedIn"] == ranges["locatedIn"] == ranges["location"] == KG.Place
    assert ranges["producedBy"] == KG.Organization
    assert ranges["killed"] == KG.Person
    assert ranges["mentionedIn"] == KG.Document
    union = ontology.value(ranges["leaderOf"], OWL.unionOf)
    assert set(ontology.items(union)) == {KG.Country, KG.Organization}


def test_kg_statement_is_told_apart_from_rdf_statement(ontology: Graph) -> None:
    (comment,) = english(ontology, KG.Statement, RDFS.comment)
    assert "rdf:Statement" in comment
    assert (KG.Statement, RDFS.subClassOf, RDF.Statement) not in ontology


def test_vocab_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert vocabgen.main(["--check"]) == 0, capsys.readouterr().err


def test_check_reports_a_stale_vocab(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "vocab.py"
    stale.write_text("# stale\n", encoding="utf-8")
    assert vocabgen.main(["--check", "--output", str(stale)]) == 1
    assert "stale" in capsys.readouterr().err
    assert stale.read_text(encoding="utf-8") == "# stale\n"  # --check writes nothing
    assert vocabgen.main(["--output", str(stale)]) == 0
    assert vocabgen.main(["--check", "--output", str(stale)]) == 0


def test_generation_is_deterministic_and_ordered(ontology: Graph) -> None:
    text = vocabgen.render(ontology)
    assert text == vocabgen.render(Graph().parse(KG_TTL, format="turtle"))
    groups = vocabgen.collect_terms(ontology)
    assert list(groups) == ["classes", "object properties", "datatype properties"]
    for group in groups.values():
        names = [term.name for term in group]
        assert names == sorted(names)
    positions = [text.index(f"    {name}: URIRef") for name in ("City", "Visit", "agent", "confidence")]
    assert positions == sorted(positions)  # classes, then object properties, then datatype properties


def test_every_kg_attribute_is_defined_in_the_ontology(ontology: Graph) -> None:
    names = set(KG.__annotations__)
    assert names == all_terms(ontology)
    for name in names:
        assert (URIRef(NS + name), RDF.type, None) in ontology


def test_vocab_names_resolve_and_misspellings_fail() -> None:
    assert KG.title == URIRef(NS + "title")  # not str.title
    assert KG.object == URIRef(NS + "object")
    assert KG.Person == URIRef(NS + "Person")
    assert KG["leaderOf"] == URIRef(NS + "leaderOf")
    with pytest.raises(AttributeError):
        _ = KG.Persn
