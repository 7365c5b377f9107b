"""SHACL validation: the good fixture conforms in every format, each broken fixture fails and the
report names its problem, bad input files raise InputError, and a graph of ~5,000 triples is quick."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib.namespace as ns
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.errors import InputError
from kg.validate import Report, load_graph, validate, with_superclass_types
from kg.vocab import KG

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good.ttl"
RES = "https://kg.example.org/id/"
XI = URIRef(RES + "person/xi-jinping")
CHINA = URIRef(RES + "place/china")
XIAOMI = URIRef(RES + "organization/xiaomi")
PHONE = URIRef(RES + "product/xiaomi-smartphone")
MEETING = URIRef(RES + "event/doc1-366-1")
FACT = URIRef(RES + "fact/0000000000000001")
DOC = URIRef(RES + "document/doc1")


@pytest.fixture(scope="module")
def good() -> Graph:
    return load_graph(GOOD)


def _lines_naming(report: Report, *fragments: str) -> list[str]:
    return [line for line in report.results if all(f in line for f in fragments)]


def test_good_fixture_conforms() -> None:
    report = validate(GOOD)
    assert report.conforms, report.text
    assert report.results == []
    assert report.text.startswith("Conforms")


@pytest.mark.parametrize(
    "fmt", [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD]
)
def test_good_fixture_conforms_in_every_format(tmp_path: Path, fmt: ox.RdfFormat) -> None:
    store = ox.Store()  # one named graph per document, as kg writes graph.trig
    store.load(path=GOOD, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(DOC)))
    path = tmp_path / f"graph.{fmt.file_extension}"
    if fmt.supports_datasets:
        store.dump(path, format=fmt)
    else:
        store.dump(path, format=fmt, from_graph=ox.NamedNode(str(DOC)))
    report = validate(path)
    assert report.conforms, report.text


# fixture file -> (focus node or other text the line must name, what the line must say)
BROKEN = {
    "two_labels.ttl": ("person/xi-jinping> rdfs:label", "more than one rdfs:label"),
    "blank_node.ttl": ("_:", "blank node"),
    "leader_of_product.ttl": (
        "person/xi-jinping> kg:leaderOf",
        "must point to a kg:Country or a kg:Organization (or a subclass) (value: <" + str(PHONE) + ">)",
    ),
    "fact_without_statement.ttl": (
        "person/xi-jinping> kg:leaderOf",
        "no rdf:Statement describes this fact",
    ),
    "statement_without_evidence.ttl": ("fact/0000000000000001> kg:evidence", "has no kg:evidence"),
    "bad_date.ttl": (
        "event/doc1-0-1> kg:date",
        'must be an xsd:date, xsd:gYearMonth or xsd:gYear literal (value: "1 November 2025")',
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_fails_naming_its_problem(name: str) -> None:
    where, what = BROKEN[name]
    report = validate(FIXTURES / name)
    assert report.conforms is False
    assert _lines_naming(report, where, what), report.text
    # Each fixture has one defect: every line is about it.
    about_it = [line for line in report.results if what.split(" (value")[0] in line or "blank node" in line]
    assert about_it == report.results, report.text
    assert report.text.splitlines()[1:] == report.results


# Defects made in memory on the good graph: (id, triples to remove, triples to add, fragments of a line).
MUTATIONS = [
    (
        "works-for-a-product",
        [],
        [(XI, KG.worksFor, PHONE)],
        ["kg:worksFor", "must point to a kg:Organization"],
    ),
    (
        "no-mention",
        [(CHINA, KG.mentionedIn, DOC)],
        [],
        ["place/china> kg:mentionedIn", "has no kg:mentionedIn"],
    ),
    (
        "untagged-label",
        [(CHINA, RDFS.label, None)],
        [(CHINA, RDFS.label, Literal("China"))],
        ["place/china> rdfs:label", "language-tagged"],
    ),
    (
        "confidence-above-1",
        [],
        [(FACT, KG.confidence, Literal("1.5", datatype=ns.XSD.decimal))],
        ["kg:confidence", "from 0 to 1"],
    ),
    (
        "negative-offset",
        [(FACT, KG.startOffset, None)],
        [(FACT, KG.startOffset, Literal(-1))],
        ["kg:startOffset", ">= 0"],
    ),
    (
        "offsets-reversed",
        [(FACT, KG.startOffset, None)],
        [(FACT, KG.startOffset, Literal(500))],
        ["kg:startOffset", "not be greater than kg:endOffset"],
    ),
    ("quote-on-a-meeting", [], [(MEETING, KG.quote, Literal("Hello", lang="en"))], ["only for kg:Statement"]),
    (
        "date-time",
        [],
        [(MEETING, KG.date, Literal("2025-11-01T10:00:00", datatype=ns.XSD.dateTime))],
        ["kg:date", "must be an xsd:date"],
    ),
    ("document-without-id", [(DOC, DCTERMS.identifier, None)], [], ["dcterms:identifier"]),
    (
        "statement-of-an-unasserted-fact",
        [(XI, KG.leaderOf, CHINA)],
        [],
        ["fact/0000000000000001>: describes a fact that is not asserted"],
    ),
]


@pytest.mark.parametrize(
    ("removed", "added", "fragments"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_in_memory_defects_are_named(
    good: Graph, removed: list[tuple[object, ...]], added: list[tuple[object, ...]], fragments: list[str]
) -> None:
    graph = Graph()
    for triple in good:
        graph.add(triple)
    for pattern in removed:
        graph.remove(pattern)
    for triple in added:
        graph.add(triple)
    report = validate(graph)
    assert report.conforms is False
    assert _lines_naming(report, *fragments), report.text


def test_blank_node_check_in_python_matches_the_shape() -> None:
    from pyshacl import validate as shacl_validate
    from rdflib.namespace import SH

    from kg.validate import NO_BLANK_NODES_SHAPE, SHAPES_FILE, _result_lines, blank_node_lines

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    data = load_graph(FIXTURES / "blank_node.ttl")
    _, results, _ = shacl_validate(data, shacl_graph=shapes, use_shapes=[NO_BLANK_NODES_SHAPE])
    by_shacl = sorted(_result_lines(results))
    assert by_shacl == blank_node_lines(data, shapes)
    assert len(by_shacl) == 1
    assert all(isinstance(s, URIRef) for s in shapes.subjects(RDF.type, SH.NodeShape))  # validate() runs them


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pySHACL's ont_graph uses deprecated rdflib API
def test_shapes_work_with_plain_pyshacl_and_the_ontology_mixed_in() -> None:
    """The route documented in shapes.ttl for other tools: pyshacl -s shapes.ttl -e kg.ttl DATA."""
    from pyshacl import validate as shacl_validate

    from kg.validate import ONTOLOGY_FILE, SHAPES_FILE

    def conforms(path: Path) -> bool:
        result = shacl_validate(
            load_graph(path), shacl_graph=str(SHAPES_FILE), ont_graph=str(ONTOLOGY_FILE), inference="none"
        )
        return bool(result[0])

    assert conforms(GOOD)
    assert not conforms(FIXTURES / "leader_of_product.ttl")
    assert not conforms(FIXTURES / "blank_node.ttl")


def test_validating_a_graph_leaves_it_unchanged(good: Graph) -> None:
    before = len(good)
    assert validate(good).conforms
    assert len(good) == before
    assert (XIAOMI, RDF.type, KG.Organization) not in good


def test_subclass_types_are_added_but_ranges_are_not_inferred(good: Graph) -> None:
    ontology = Graph().parse(Path(__file__).parent.parent / "ontology" / "kg.ttl", format="turtle")
    graph = Graph()
    for triple in good:
        graph.add(triple)
    graph.add((XI, KG.worksFor, PHONE))
    prepared = with_superclass_types(graph, ontology)
    assert (XIAOMI, RDF.type, KG.Company) in prepared
    assert (XIAOMI, RDF.type, KG.Organization) in prepared
    assert (CHINA, RDF.type, KG.Place) in prepared
    assert (MEETING, RDF.type, KG.Event) in prepared
    assert (PHONE, RDF.type, KG.Organization) not in prepared  # a wrong value stays wrong


def test_a_dataset_is_validated_as_the_union_of_its_graphs(good: Graph) -> None:
    dataset = Dataset()
    first, second = dataset.graph(URIRef(RES + "g/1")), dataset.graph(URIRef(RES + "g/2"))
    for i, triple in enumerate(sorted(good)):
        (first if i % 2 else second).add(triple)
    assert validate(dataset).conforms


def test_report_is_frozen() -> None:
    report = validate(GOOD)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.conforms = False  # type: ignore[misc]


def test_missing_file_raises_input_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttl"
    with pytest.raises(InputError, match="nowhere.ttl"):
        validate(missing)


def test_unparsable_file_raises_one_line_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://kg.example.org/ontology#> .\nkg:a kg:b .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate(broken)
    message = str(caught.value)
    assert "broken.ttl" in message
    assert "\n" not in message
    assert "line 2" in message or "2:" in message, message


def test_unknown_extension_raises_input_error_with_choices(tmp_path: Path) -> None:
    odd = tmp_path / "graph.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"graph\.xyz.*\.ttl"):
        validate(odd)


def _scaled(good: Graph, copies: int) -> Graph:
    """``copies`` disjoint copies of the good graph, each under its own IRIs."""
    graph = Graph()
    for n in range(copies):

        def rename(node: object, n: int = n) -> object:
            if isinstance(node, URIRef) and node.startswith(RES):
                return URIRef(f"{RES}{n}/{node[len(RES) :]}")
            return node

        for s, p, o in good:
            graph.add((rename(s), rename(p), rename(o)))  # type: ignore[arg-type]
    return graph


def test_five_thousand_triples_conform(good: Graph) -> None:
    graph = _scaled(good, 5000 // len(good) + 1)
    assert len(graph) >= 5000
    report = validate(graph)
    assert report.conforms, report.text[:2000]


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.trig", "graph.jsonld"])
def test_the_seeds_build_conforms(seeds_build: Path, name: str) -> None:
    report = validate(seeds_build / name)
    assert report.conforms, report.text


def test_kg_validate_exit_codes(seeds_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["validate", str(seeds_build / "graph.ttl")]) == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text((seeds_build / "graph.ttl").read_text(encoding="utf-8")
                      + '\nperson:xi-jinping rdfs:label "Another name"@en .\n', encoding="utf-8")
    assert main(["validate", str(broken)]) == 1
    assert "xi-jinping" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2
