"""SPARQL over a small graph shaped like docs/graph.md: every result format exactly, errors, TriG union."""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError, KGError, QueryError
from kg.formats import RdfFormat, ResultFormat
from kg.query import (
    PREFIXES,
    Query,
    ResultTooLarge,
    compact_iri,
    format_result,
    read_query,
    run_query,
    run_update,
)
from kg.store import open_graph

FIXTURE = Path(__file__).parent / "fixtures" / "query_graph.ttl"
RES = "https://kg.example.org/id/"
KG = "https://kg.example.org/ontology#"

LEADERS = """
SELECT ?person ?label ?country WHERE {
  ?person a kg:Person ; rdfs:label ?label .
  OPTIONAL { ?person kg:leaderOf ?country }
} ORDER BY ?label
"""
LEE, XI = RES + "person/lee-jae-myung", RES + "person/xi-jinping"
KOREA, CHINA = RES + "place/south-korea", RES + "place/china"

EXPECTED = {
    ResultFormat.TABLE: (
        "person                    label          country\n"
        "------------------------  -------------  ---------------------\n"
        "res:person/lee-jae-myung  Lee Jae Myung  res:place/south-korea\n"
        "res:person/xi-jinping     Xi Jinping     res:place/china\n"
        "2 rows\n"
    ),
    ResultFormat.CSV: (
        f"person,label,country\r\n{LEE},Lee Jae Myung,{KOREA}\r\n{XI},Xi Jinping,{CHINA}\r\n"
    ).encode(),
    ResultFormat.TSV: (
        "?person\t?label\t?country\n"
        f'<{LEE}>\t"Lee Jae Myung"@en\t<{KOREA}>\n'
        f'<{XI}>\t"Xi Jinping"@en\t<{CHINA}>\n'
    ).encode(),
    ResultFormat.JSON: (
        '{"head":{"vars":["person","label","country"]},"results":{"bindings":['
        f'{{"person":{{"type":"uri","value":"{LEE}"}},'
        '"label":{"type":"literal","value":"Lee Jae Myung","xml:lang":"en"},'
        f'"country":{{"type":"uri","value":"{KOREA}"}}}},'
        f'{{"person":{{"type":"uri","value":"{XI}"}},'
        '"label":{"type":"literal","value":"Xi Jinping","xml:lang":"en"},'
        f'"country":{{"type":"uri","value":"{CHINA}"}}}}]}}}}'
    ).encode(),
    ResultFormat.XML: (
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        '<variable name="person"/><variable name="label"/><variable name="country"/></head><results>'
        f'<result><binding name="person"><uri>{LEE}</uri></binding>'
        '<binding name="label"><literal xml:lang="en">Lee Jae Myung</literal></binding>'
        f'<binding name="country"><uri>{KOREA}</uri></binding></result>'
        f'<result><binding name="person"><uri>{XI}</uri></binding>'
        '<binding name="label"><literal xml:lang="en">Xi Jinping</literal></binding>'
        f'<binding name="country"><uri>{CHINA}</uri></binding></result>'
        "</results></sparql>"
    ).encode(),
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return open_graph(FIXTURE)


# --- SELECT in every format ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(EXPECTED))
def test_select_gives_the_exact_expected_output(store: ox.Store, fmt: ResultFormat) -> None:
    assert format_result(run_query(store, LEADERS), fmt) == EXPECTED[fmt]


@pytest.mark.parametrize("fmt", list(EXPECTED))
def test_formats_can_be_named(store: ox.Store, fmt: ResultFormat) -> None:
    assert format_result(run_query(store, LEADERS), fmt.label) == EXPECTED[fmt]


def test_json_is_w3c_sparql_results_json(store: ox.Store) -> None:
    output = format_result(run_query(store, LEADERS), ResultFormat.JSON)
    assert isinstance(output, bytes)
    results = json.loads(output)
    assert results["head"]["vars"] == ["person", "label", "country"]
    first = results["results"]["bindings"][0]
    assert first["person"] == {"type": "uri", "value": LEE}
    assert first["label"] == {"type": "literal", "value": "Lee Jae Myung", "xml:lang": "en"}


def test_table_shows_typed_literals_by_value_and_other_iris_in_full(store: ox.Store) -> None:
    query = "SELECT ?doc ?date ?url WHERE { ?doc a kg:Document ; dcterms:date ?date ; schema:url ?url }"
    assert format_result(run_query(store, query), "table") == (
        "doc                                date        url\n"
        "---------------------------------  ----------  ---------------------------------\n"
        "res:document/000_51e8d211c805fd6d  2025-11-01  <https://news.example.com/xi-lee>\n"
        "1 row\n"
    )


def test_table_aligns_wide_characters_and_leaves_unbound_cells_empty(store: ox.Store) -> None:
    query = 'SELECT ?name ?n WHERE { VALUES (?name ?n) { ("习近平" 1) ("Xi" 22) (UNDEF 3) } }'
    assert format_result(run_query(store, query), "table") == (
        "name    n\n------  --\n习近平  1\nXi      22\n        3\n3 rows\n"
    )


def test_table_escapes_line_breaks_and_tabs(store: ox.Store) -> None:
    query = r'SELECT ?text WHERE { BIND("a\tb\nc" AS ?text) }'
    assert format_result(run_query(store, query), "table") == "text\n-------\na\\tb\\nc\n1 row\n"


def test_empty_select_table(store: ox.Store) -> None:
    query = "SELECT ?x WHERE { ?x a kg:Meeting }"
    assert format_result(run_query(store, query), "table") == "x\n-\n0 rows\n"


def test_compact_iri() -> None:
    assert compact_iri(KG + "Person") == "kg:Person"
    assert compact_iri(RES + "place/china") == "res:place/china"
    assert compact_iri("http://www.w3.org/2004/02/skos/core#altLabel") == "skos:altLabel"
    assert compact_iri("https://example.com/x") == "<https://example.com/x>"
    assert compact_iri(KG) == f"<{KG}>"


def test_common_prefixes_are_predeclared(store: ox.Store) -> None:
    assert set(PREFIXES) >= {"rdf", "rdfs", "xsd", "skos", "prov", "dcterms", "schema", "kg", "res"}
    query = "SELECT ?event WHERE { ?event a kg:GiftGiving ; prov:wasDerivedFrom ?doc . ?doc a kg:Document }"
    assert (
        format_result(run_query(store, query), "csv")
        == f"event\r\n{RES}event/000_51e8d211c805fd6d-0-1\r\n".encode()
    )


# --- ASK and CONSTRUCT -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "true\n"),
        ("json", b'{"head":{},"boolean":true}'),
        (
            "xml",
            b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
            b"<boolean>true</boolean></sparql>",
        ),
        ("csv", b"true"),
        ("tsv", b"true"),
    ],
)
def test_ask(store: ox.Store, fmt: str, expected: str | bytes) -> None:
    query = f"ASK {{ <{XI}> kg:leaderOf <{CHINA}> }}"
    assert format_result(run_query(store, query), fmt) == expected


def test_ask_false(store: ox.Store) -> None:
    assert format_result(run_query(store, f"ASK {{ <{XI}> kg:leaderOf <{KOREA}> }}"), "table") == "false\n"


CONSTRUCT = "CONSTRUCT { ?p kg:leaderOf ?c } WHERE { ?p kg:leaderOf ?c }"


def test_construct_table_is_turtle_with_only_clean_prefixes(store: ox.Store) -> None:
    output = format_result(run_query(store, CONSTRUCT), "table")
    assert isinstance(output, str)
    lines = output.splitlines()
    assert lines[0] == "@prefix kg: <https://kg.example.org/ontology#> ."
    assert sorted(lines[1:]) == [f"<{LEE}> kg:leaderOf <{KOREA}> .", f"<{XI}> kg:leaderOf <{CHINA}> ."]


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_construct_in_every_rdf_format_parses_back(store: ox.Store, fmt: RdfFormat) -> None:
    output = format_result(run_query(store, CONSTRUCT), fmt)
    assert isinstance(output, bytes)
    triples = {quad.triple for quad in ox.parse(output, fmt.oxigraph)}
    leader = ox.NamedNode(KG + "leaderOf")
    assert triples == {
        ox.Triple(ox.NamedNode(LEE), leader, ox.NamedNode(KOREA)),
        ox.Triple(ox.NamedNode(XI), leader, ox.NamedNode(CHINA)),
    }


def test_construct_ntriples_exactly(store: ox.Store) -> None:
    query = CONSTRUCT + " ORDER BY ?p"
    assert (
        format_result(run_query(store, query), "ntriples")
        == (f"<{LEE}> <{KG}leaderOf> <{KOREA}> .\n<{XI}> <{KG}leaderOf> <{CHINA}> .\n").encode()
    )


def test_construct_json_is_json_ld(store: ox.Store) -> None:
    output = format_result(run_query(store, f"DESCRIBE <{CHINA}>"), ResultFormat.JSON)
    assert isinstance(output, bytes)
    (node,) = json.loads(output)
    assert node["@id"] == CHINA
    assert node["http://www.w3.org/2000/01/rdf-schema#label"] == [{"@language": "en", "@value": "China"}]


def test_construct_cannot_be_csv(store: ox.Store) -> None:
    with pytest.raises(
        QueryError, match="CONSTRUCT or DESCRIBE result cannot be written as csv; expected table"
    ):
        format_result(run_query(store, CONSTRUCT), "csv")


def test_select_cannot_be_turtle(store: ox.Store) -> None:
    with pytest.raises(
        QueryError, match=r"a SELECT result cannot be written as turtle .*expected one of table, csv"
    ):
        format_result(run_query(store, LEADERS), RdfFormat.TURTLE)


def test_unknown_format_name_lists_the_choices(store: ox.Store) -> None:
    with pytest.raises(
        KGError, match="unknown format 'yaml'; expected one of table, csv, tsv, json, xml, turtle"
    ):
        format_result(run_query(store, LEADERS), "yaml")


# --- errors ------------------------------------------------------------------------------------


def test_syntax_error_is_one_readable_line(store: ox.Store) -> None:
    with pytest.raises(QueryError) as error:
        run_query(store, "SELECT ?x WHERE {\n  ?x ?p\n}")
    message = str(error.value)
    assert re.match(r"SPARQL syntax error in 'SELECT \?x WHERE { \?x \?p }' at 3:\d+: expected ", message)
    assert "\n" not in message


def test_syntax_error_names_the_query_file(store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("SELECT * WHERE { ?s ?p }\n", encoding="utf-8")
    with pytest.raises(
        QueryError, match=rf"^SPARQL syntax error in {re.escape(str(path))} at \d+:\d+: expected "
    ):
        run_query(store, read_query(str(path)))


def test_update_is_refused(store: ox.Store) -> None:
    with pytest.raises(QueryError, match=r"is a SPARQL update \(INSERT\); kg runs read-only queries only"):
        run_query(store, "PREFIX ex: <http://ex/>\nINSERT DATA { ex:a ex:b ex:c }")


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Records every request and fails it."""

    paths: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.paths.append(self.path)
        self.send_error(500)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def recorder() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server: its base URL and the paths it was asked for."""
    _Recorder.paths = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", _Recorder.paths
    server.shutdown()
    server.server_close()


HIDDEN_SERVICES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { ?s ?p ?o service silent <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s kg:startOffset 0.SERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o.SERVICE <{url}> { ?a ?b ?c } }",
    'SELECT * WHERE { ?s rdfs:label "Xi Jinping"@en.SERVICE <{url}> { ?a ?b ?c } }',
    "SELECT * WHERE { ?s kg:startOffset ?o FILTER(?o<2)SERVICE <{url}> { ?a ?b ?c } }",
    "PREFIX ex: <http://ex/> SELECT * WHERE { BIND(ex:a\\' AS ?x) SERVICE <{url}> { ?a ?b ?c } } # '",
    "SELECT * WHERE { # a comment }\n SERVICE <{url}> { ?a ?b ?c } }",
]


@pytest.mark.parametrize("template", HIDDEN_SERVICES)
def test_service_is_refused_wherever_the_keyword_hides(
    store: ox.Store, recorder: tuple[str, list[str]], template: str
) -> None:
    url, paths = recorder
    query = template.replace("{url}", url + "fetched")
    with pytest.raises(QueryError, match="SERVICE .* is not allowed: kg never fetches remote data"):
        run_query(store, query)
    assert paths == []
    # pyoxigraph itself would have fetched it: the refusal is what keeps the endpoint offline
    with contextlib.suppress(OSError, QueryError):
        format_result(store.query(query, prefixes=dict(PREFIXES), use_default_graph_as_union=True), "json")
    assert "/fetched" in paths


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { BIND("SERVICE <http://x/> {}" AS ?x) }',
        "SELECT ?x WHERE { BIND('''a \"SERVICE\" ''' AS ?x) }",
        "SELECT ?x WHERE { BIND(<https://schema.org/Service> AS ?x) }",
        "SELECT ?x WHERE { BIND(schema:Service AS ?x) }",
        "SELECT ?service WHERE { BIND(1 AS ?service) } # SERVICE <http://x/> {}",
    ],
)
def test_the_word_service_elsewhere_is_fine(store: ox.Store, query: str) -> None:
    output = format_result(run_query(store, query), "csv")
    assert isinstance(output, bytes) and output.count(b"\r\n") == 2


def test_failing_graph_iri_is_a_query_error(store: ox.Store) -> None:
    with pytest.raises(QueryError, match="invalid graph IRI 'not an iri'"):
        run_query(store, LEADERS, default_graphs=["not an iri"])


# --- result size limit -------------------------------------------------------------------------


def test_max_rows_refuses_larger_results(store: ox.Store) -> None:
    with pytest.raises(ResultTooLarge, match="more than 1 rows; add LIMIT"):
        format_result(run_query(store, LEADERS), "json", max_rows=1)
    with pytest.raises(ResultTooLarge):
        format_result(run_query(store, CONSTRUCT), "turtle", max_rows=1)
    with pytest.raises(ResultTooLarge):
        format_result(run_query(store, LEADERS), "table", max_rows=1)
    assert format_result(run_query(store, LEADERS), "csv", max_rows=2) == EXPECTED[ResultFormat.CSV]


TRICKY = r"""
SELECT ?a ?b WHERE {
  VALUES (?a ?b) {
    ("tab\there\nline \"quoted\" back\\slash"@en 1.5)
    (UNDEF "习近平"@zh)
    (<https://kg.example.org/id/x> 42)
    ("2025-11"^^xsd:gYearMonth UNDEF)
  }
  OPTIONAL { BIND(BNODE("b") AS ?unused) }
}
"""


@pytest.mark.parametrize("fmt", [f for f in ResultFormat if f.oxigraph is not None])
def test_limited_output_is_identical_to_direct_output(store: ox.Store, fmt: ResultFormat) -> None:
    direct = format_result(run_query(store, TRICKY), fmt)
    assert format_result(run_query(store, TRICKY), fmt, max_rows=4) == direct


def test_limited_output_keeps_blank_nodes_and_triple_terms(store: ox.Store) -> None:
    query = "SELECT ?b ?t WHERE { BIND(BNODE() AS ?b) BIND(<<( res:a res:b res:c )>> AS ?t) }"
    direct = json.loads(format_result(run_query(store, query), "json"))
    limited = json.loads(format_result(run_query(store, query), "json", max_rows=10))
    assert limited["results"]["bindings"][0]["b"]["type"] == "bnode"
    assert limited["results"]["bindings"][0]["t"] == direct["results"]["bindings"][0]["t"]


# --- query files and TriG named graphs ---------------------------------------------------------


def test_read_query_reads_rq_files(store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "leaders.rq"
    path.write_text(LEADERS, encoding="utf-8")
    query = read_query(str(path))
    assert query == Query(LEADERS, source=str(path))
    assert format_result(run_query(store, query), "csv") == EXPECTED[ResultFormat.CSV]


def test_read_query_keeps_query_text() -> None:
    assert read_query(LEADERS) == Query(LEADERS)
    assert read_query("ASK {}") == Query("ASK {}")


def test_missing_query_file_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.rq"
    with pytest.raises(InputError, match=rf"^{missing}: no such query file"):
        read_query(str(missing))


TRIG = """
@prefix kg: <https://kg.example.org/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://kg.example.org/id/> .
<document/a> { <person/xi-jinping> a kg:Person ; rdfs:label "Xi Jinping"@en . }
<document/b> { <person/lee-jae-myung> a kg:Person ; rdfs:label "Lee Jae Myung"@en . }
"""
PEOPLE = "SELECT ?label WHERE { ?p a kg:Person ; rdfs:label ?label } ORDER BY ?label"


@pytest.fixture(scope="module")
def trig_store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    path = tmp_path_factory.mktemp("trig") / "graph.trig"
    path.write_text(TRIG, encoding="utf-8")
    return open_graph(path)


def test_trig_named_graphs_are_queried_as_one(trig_store: ox.Store) -> None:
    assert (
        format_result(run_query(trig_store, PEOPLE), "tsv")
        == b'?label\n"Lee Jae Myung"@en\n"Xi Jinping"@en\n'
    )


def test_from_picks_one_named_graph(trig_store: ox.Store) -> None:
    query = PEOPLE.replace("WHERE", f"FROM <{RES}document/a> WHERE")
    assert format_result(run_query(trig_store, query), "tsv") == b'?label\n"Xi Jinping"@en\n'


def test_graph_keyword_sees_named_graphs(trig_store: ox.Store) -> None:
    query = "SELECT ?g WHERE { GRAPH ?g { ?p a kg:Person } } ORDER BY ?g"
    assert format_result(run_query(trig_store, query), "table") == (
        "g\n--------------\nres:document/a\nres:document/b\n2 rows\n"
    )


def test_a_triple_in_several_graphs_shows_once(tmp_path: Path) -> None:
    # kg's own graph.trig: the union in the default graph, and the same triples in document graphs
    path = tmp_path / "graph.trig"
    path.write_text(
        TRIG
        + '<person/xi-jinping> a kg:Person ; rdfs:label "Xi Jinping"@en .\n'
        + '<document/c> { <person/xi-jinping> rdfs:label "Xi Jinping"@en . }\n',
        encoding="utf-8",
    )
    store = open_graph(path)
    assert format_result(run_query(store, PEOPLE), "tsv") == b'?label\n"Lee Jae Myung"@en\n"Xi Jinping"@en\n'
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert format_result(run_query(store, count), "table") == "n\n-\n4\n1 row\n"


def test_store_folder_with_named_graphs_only_is_queried_as_their_union(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    writer = ox.Store(str(folder))
    writer.load(input=TRIG, format=ox.RdfFormat.TRIG)
    writer.flush()
    del writer
    store = open_graph(folder)
    assert format_result(run_query(store, PEOPLE), "tsv") == b'?label\n"Lee Jae Myung"@en\n"Xi Jinping"@en\n'


def test_protocol_default_graph_picks_one_named_graph(trig_store: ox.Store) -> None:
    result = run_query(trig_store, PEOPLE, default_graphs=[f"{RES}document/b"])
    assert format_result(result, "tsv") == b'?label\n"Lee Jae Myung"@en\n'


# --- opening graphs ----------------------------------------------------------------------------


def test_open_graph_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.ttl: no such file or folder"):
        open_graph(tmp_path / "nope.ttl")


def test_open_graph_parse_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.nt"
    path.write_text('<http://ex/a> <http://ex/p> "1" .\n<http://ex/a> <http://ex/p> .\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        open_graph(path)
    message = str(error.value)
    assert message.startswith(f"{path}: not valid ntriples: Parser error at line 2 column 29")
    assert "\n" not in message


def test_open_graph_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "graph.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"graph\.csv: cannot tell the RDF format from '\.csv'; expected one of \.ttl"
    ):
        open_graph(path)


def test_open_graph_folder_that_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a pyoxigraph store folder"):
        open_graph(tmp_path)


def test_open_graph_reads_a_store_folder_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    writer = ox.Store(str(folder))
    writer.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    writer.flush()
    del writer
    store = open_graph(folder)
    assert format_result(run_query(store, LEADERS), "csv") == EXPECTED[ResultFormat.CSV]
    with pytest.raises((OSError, RuntimeError), match="read-write"):
        store.add(ox.Quad(ox.NamedNode(LEE), ox.NamedNode(KG + "p"), ox.Literal("x")))


def test_open_graph_never_fetches_remote_json_ld_contexts(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://ex/a", "name": "x"}')
    with pytest.raises(InputError, match=r"remote\.jsonld: not valid jsonld: .*remote contexts"):
        open_graph(path)


# --- updates -------------------------------------------------------------------------------------


def test_run_update_applies_with_the_prefixes_predeclared() -> None:
    store = open_graph(FIXTURE)
    run_update(store, "INSERT DATA { res:new-person a kg:Person }")
    assert format_result(run_query(store, "ASK { res:new-person a kg:Person }"), "table") == "true\n"


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ("LOAD <http://example.org/x.ttl>", "LOAD in 'LOAD <http://example.org/x.ttl>' is not allowed"),
        ("load silent <http://example.org/x.ttl> into graph <http://ex/g>", "is not allowed: kg never fetches"),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
         "SERVICE <http://example.org/sparql> in "),
        ("INSERT DATA { <http://ex/a> }", "SPARQL syntax error in 'INSERT DATA { <http://ex/a> }' at 1:"),
    ],
)
def test_run_update_refuses_what_would_fetch_and_reports_syntax_errors(update: str, message: str) -> None:
    store = open_graph(FIXTURE)
    before = len(store)
    with pytest.raises(QueryError, match=re.escape(message)):
        run_update(store, update)
    assert len(store) == before


def test_run_update_on_a_read_only_store_folder_fails_with_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    writer = ox.Store(str(folder))
    writer.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    writer.flush()
    del writer
    with pytest.raises(QueryError, match="^update 'INSERT DATA .*' failed: .*read-write"):
        run_update(open_graph(folder), "INSERT DATA { <http://ex/a> <http://ex/b> 1 }")
