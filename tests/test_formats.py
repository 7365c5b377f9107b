"""The format registry: every format round-trips, Accept negotiation, errors that list the choices."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError, KGError
from kg.formats import (
    GRAPH_RESULT_FORMATS,
    SOLUTION_RESULT_FORMATS,
    RdfFormat,
    ResultFormat,
    format_from_name,
    negotiate,
    output_format_names,
    rdf_format_from_name,
    rdf_format_from_path,
    result_format_from_name,
)
from kg.store import open_graph

EX = "https://kg.example.org/id/"
QUADS = [
    ox.Quad(
        ox.NamedNode(EX + "person/xi-jinping"), ox.NamedNode(EX + "p"), ox.Literal("习近平", language="zh")
    ),
    ox.Quad(
        ox.NamedNode(EX + "person/xi-jinping"),
        ox.NamedNode(EX + "q"),
        ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ),
    ox.Quad(
        ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "b"), ox.NamedNode(EX + "graph/1")
    ),
]


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_rdf_format_knows_its_extension_media_type_and_name(fmt: RdfFormat) -> None:
    assert fmt.extension == fmt.oxigraph.file_extension
    assert fmt.media_type == fmt.oxigraph.media_type
    assert rdf_format_from_path(f"graph.{fmt.extension}") is fmt
    assert rdf_format_from_path(f"dir.d/GRAPH.{fmt.extension.upper()}") is fmt
    assert rdf_format_from_name(fmt.label) is fmt
    assert rdf_format_from_name(fmt.extension) is fmt
    assert format_from_name(fmt.label) is fmt
    assert negotiate(fmt.media_type, list(RdfFormat)) is fmt


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_rdf_format_round_trips_data_through_open_graph(fmt: RdfFormat, tmp_path: Path) -> None:
    quads = QUADS if fmt.holds_datasets else [q for q in QUADS if isinstance(q.graph_name, ox.DefaultGraph)]
    data = ox.serialize(quads if fmt.holds_datasets else [q.triple for q in quads], format=fmt.oxigraph)
    assert data is not None
    path = tmp_path / f"graph.{fmt.extension}"
    path.write_bytes(data)
    merged = {ox.Quad(q.subject, q.predicate, q.object) for q in quads}  # open_graph adds the merge
    assert set(open_graph(path)) == set(quads) | merged


def test_holds_datasets() -> None:
    assert {f for f in RdfFormat if f.holds_datasets} == {RdfFormat.NQUADS, RdfFormat.TRIG, RdfFormat.JSONLD}


@pytest.mark.parametrize("fmt", [f for f in ResultFormat if f is not ResultFormat.TABLE])
def test_result_format_knows_its_media_type_and_name(fmt: ResultFormat) -> None:
    assert fmt.oxigraph is not None
    assert fmt.media_type == fmt.oxigraph.media_type.split(";")[0]
    assert fmt.oxigraph.file_extension in fmt.extensions
    assert result_format_from_name(fmt.label) is fmt
    assert format_from_name(fmt.label.upper()) is fmt
    assert negotiate(fmt.media_type, SOLUTION_RESULT_FORMATS) is fmt


def test_table_has_no_media_type_and_is_text() -> None:
    assert ResultFormat.TABLE.media_type is None
    assert ResultFormat.TABLE.content_type == "text/plain; charset=utf-8"
    assert ResultFormat.TABLE.graph_format is RdfFormat.TURTLE
    assert ResultFormat.CSV.graph_format is None


def test_content_types_add_a_charset_to_text_only() -> None:
    assert RdfFormat.TURTLE.content_type == "text/turtle; charset=utf-8"
    assert ResultFormat.CSV.content_type == "text/csv; charset=utf-8"
    assert ResultFormat.JSON.content_type == "application/sparql-results+json"


def test_output_format_names_are_unique_and_results_first() -> None:
    names = output_format_names()
    assert names[:5] == ["table", "csv", "tsv", "json", "xml"]
    assert len(names) == len(set(names)) == len(ResultFormat) + len(RdfFormat)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, ResultFormat.JSON),
        ("", ResultFormat.JSON),
        ("*/*", ResultFormat.JSON),
        ("text/csv", ResultFormat.CSV),
        ("application/json", ResultFormat.JSON),
        ("application/xml", ResultFormat.XML),
        ("TEXT/TAB-SEPARATED-VALUES", ResultFormat.TSV),
        ("text/*", ResultFormat.CSV),
        ("text/csv;q=0.5, application/sparql-results+xml", ResultFormat.XML),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.4", ResultFormat.CSV),
        ("application/sparql-results+json;q=0, */*;q=0.1", ResultFormat.XML),
        ("text/*;q=1, text/csv;q=0", ResultFormat.TSV),
        ("text/csv; charset=utf-8; q=0.9, text/tab-separated-values; q=0.8", ResultFormat.CSV),
        ("garbage, text/csv", ResultFormat.CSV),
        ("text/csv;q=2", ResultFormat.CSV),
        ("image/png", None),
        ("text/csv;q=0", None),
        # SPARQLWrapper's header for JSON
        (
            "application/sparql-results+json,application/json,text/javascript,application/javascript",
            ResultFormat.JSON,
        ),
    ],
)
def test_negotiate_solution_formats(accept: str | None, expected: ResultFormat | None) -> None:
    assert negotiate(accept, SOLUTION_RESULT_FORMATS) is expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, RdfFormat.TURTLE),
        ("*/*", RdfFormat.TURTLE),
        ("application/n-triples", RdfFormat.NTRIPLES),
        ("text/plain", RdfFormat.NTRIPLES),
        ("application/ld+json", RdfFormat.JSONLD),
        ("application/rdf+xml, text/turtle;q=0.5", RdfFormat.RDFXML),
        ("text/turtle;q=0, */*", RdfFormat.NTRIPLES),
        ("application/sparql-results+json, text/turtle;q=0.9", RdfFormat.TURTLE),
        ("application/sparql-results+json", None),
    ],
)
def test_negotiate_graph_formats(accept: str | None, expected: RdfFormat | None) -> None:
    assert negotiate(accept, GRAPH_RESULT_FORMATS) is expected


def test_unknown_extension_names_the_file_and_lists_extensions() -> None:
    with pytest.raises(InputError) as error:
        rdf_format_from_path("exports/graph.xyz")
    message = str(error.value)
    assert "exports/graph.xyz" in message and "'.xyz'" in message
    for fmt in RdfFormat:
        assert f".{fmt.extension}" in message


def test_missing_extension_is_reported() -> None:
    with pytest.raises(InputError, match="graph: cannot tell the RDF format from no extension"):
        rdf_format_from_path("graph")


@pytest.mark.parametrize(
    ("lookup", "choices"),
    [
        (rdf_format_from_name, [f.label for f in RdfFormat]),
        (result_format_from_name, [f.label for f in ResultFormat]),
        (format_from_name, output_format_names()),
    ],
)
def test_bad_names_give_errors_listing_the_choices(lookup: object, choices: list[str]) -> None:
    assert callable(lookup)
    with pytest.raises(KGError) as error:
        lookup("yaml")
    message = str(error.value)
    assert "'yaml'" in message
    assert message.endswith("expected one of " + ", ".join(choices))
