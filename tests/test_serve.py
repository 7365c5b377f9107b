"""The SPARQL endpoint over HTTP: protocol, negotiation, refusals, limits, and that it never fetches."""

from __future__ import annotations

import http.server
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KGError
from kg.query import format_result, run_query
from kg.serve import Example, Limits, SparqlServer, load_examples, make_server, render_page
from kg.store import open_graph
from kg.workers import ThreadRunner, can_fork
from tests.test_workers import gone

FIXTURE = Path(__file__).parent / "fixtures" / "query_graph.ttl"
RES = "https://kg.example.org/id/"
LEADERS = """PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } ORDER BY ?label"""
CONSTRUCT = "CONSTRUCT { ?p kg:leaderOf ?c } WHERE { ?p kg:leaderOf ?c } ORDER BY ?p"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return self.headers.get_content_type()


def fetch(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> Response:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


def get(url: str, query: str, **headers: str) -> Response:
    return fetch(f"{url}?{urllib.parse.urlencode({'query': query})}", headers=headers)


def running(server: SparqlServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return open_graph(FIXTURE)


@pytest.fixture(scope="module")
def endpoint(store: ox.Store) -> Iterator[str]:
    examples = [Example("Leaders </script><b>", LEADERS)]
    yield from running(make_server(store, port=0, examples=examples))


def expected(store: ox.Store, query: str, fmt: str) -> bytes:
    output = format_result(run_query(store, query), fmt)
    return output if isinstance(output, bytes) else output.encode()


# --- the protocol --------------------------------------------------------------------------------


def test_get_defaults_to_sparql_results_json(endpoint: str, store: ox.Store) -> None:
    response = get(endpoint, LEADERS)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.body == expected(store, LEADERS, "json")
    bindings = json.loads(response.body)["results"]["bindings"]
    assert [b["label"]["value"] for b in bindings] == ["Lee Jae Myung", "Xi Jinping"]


def test_post_urlencoded(endpoint: str, store: ox.Store) -> None:
    body = urllib.parse.urlencode({"query": LEADERS}).encode()
    response = fetch(
        endpoint, data=body, headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}
    )
    assert response.status == 200
    assert response.body == expected(store, LEADERS, "json")


def test_post_direct(endpoint: str, store: ox.Store) -> None:
    response = fetch(
        endpoint,
        data=LEADERS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.body == expected(store, LEADERS, "csv")


@pytest.mark.parametrize(
    ("accept", "media_type", "fmt"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "json"),
        ("application/json", "application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("text/csv", "text/csv", "csv"),
        ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("*/*", "application/sparql-results+json", "json"),
    ],
)
def test_select_content_negotiation(
    endpoint: str, store: ox.Store, accept: str, media_type: str, fmt: str
) -> None:
    response = get(endpoint, LEADERS, Accept=accept)
    assert response.status == 200
    assert response.media_type == media_type
    assert response.body == expected(store, LEADERS, fmt)


def test_ask(endpoint: str) -> None:
    response = get(endpoint, f"ASK {{ <{RES}person/xi-jinping> a <https://kg.example.org/ontology#Person> }}")
    assert response.status == 200
    assert json.loads(response.body) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "media_type", "fmt"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "ntriples"),
        ("application/ld+json", "application/ld+json", "jsonld"),
        ("application/rdf+xml", "application/rdf+xml", "rdfxml"),
        ("application/sparql-results+json, text/turtle;q=0.9", "text/turtle", "turtle"),
    ],
)
def test_construct_content_negotiation(
    endpoint: str, store: ox.Store, accept: str | None, media_type: str, fmt: str
) -> None:
    response = get(endpoint, CONSTRUCT, **({"Accept": accept} if accept else {}))
    assert response.status == 200
    assert response.media_type == media_type
    assert response.body == expected(store, CONSTRUCT, fmt)


def test_construct_turtle_parses(endpoint: str) -> None:
    response = get(endpoint, CONSTRUCT)
    triples = list(ox.parse(response.body, ox.RdfFormat.TURTLE))
    assert len(triples) == 2


def test_unacceptable_accept_is_406(endpoint: str) -> None:
    response = get(endpoint, LEADERS, Accept="image/png")
    assert response.status == 406
    assert response.text == (
        "Accept: image/png matches none of application/sparql-results+json, "
        "application/sparql-results+xml, text/csv, text/tab-separated-values\n"
    )


def test_bad_query_is_400_with_one_line(endpoint: str) -> None:
    response = get(endpoint, "SELECT ?x WHERE { ?x ?p }")
    assert response.status == 400
    assert response.media_type == "text/plain"
    assert response.text.startswith("SPARQL syntax error in 'SELECT ?x WHERE { ?x ?p }' at 1:")
    assert response.text.count("\n") == 1
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url_suffix", ["", "?query=", "?query=ASK%20%7B%7D&query=ASK%20%7B%7D"])
def test_missing_or_repeated_query_is_400(endpoint: str, url_suffix: str) -> None:
    response = fetch(endpoint + url_suffix)
    assert response.status == 400
    assert "expected exactly one non-empty query" in response.text


def test_other_paths_methods_and_media_types(endpoint: str) -> None:
    assert fetch(endpoint.replace("/sparql", "/nope")).status == 404
    response = fetch(endpoint, data=b"x", method="PUT")
    assert response.status == 405 and response.headers["Allow"] == "GET, POST, OPTIONS"
    response = fetch(endpoint, data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status == 415
    assert "expected application/x-www-form-urlencoded or application/sparql-query" in response.text


def test_request_body_limit(store: ox.Store) -> None:
    server = make_server(store, port=0, examples=[])
    server.limits = Limits(max_body=10)
    for url in running(server):
        response = fetch(url, data=b"ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"})
        assert response.status == 413
        assert "the request body has 16 bytes; the limit is 10" in response.text


# --- read-only and CORS --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "data", "content_type"),
    [
        (
            "",
            b"update=INSERT+DATA+%7B%3Chttp%3A%2F%2Fex%2Fa%3E+%3Chttp%3A%2F%2Fex%2Fb%3E+1%7D",
            "application/x-www-form-urlencoded",
        ),
        ("", b"INSERT DATA { <http://ex/a> <http://ex/b> 1 }", "application/sparql-update"),
        ("?update=DROP+ALL", None, None),
    ],
)
def test_updates_are_forbidden(
    endpoint: str, store: ox.Store, suffix: str, data: bytes | None, content_type: str | None
) -> None:
    before = len(store)
    headers = {"Content-Type": content_type} if content_type else {}
    response = fetch(endpoint + suffix, data=data, headers=headers)
    assert response.status == 403
    assert response.text == "this endpoint is read-only: SPARQL updates are not accepted\n"
    assert len(store) == before


def test_update_sent_as_query_is_400(endpoint: str) -> None:
    response = get(endpoint, "INSERT DATA { <http://ex/a> <http://ex/b> 1 }")
    assert response.status == 400
    assert "is a SPARQL update (INSERT)" in response.text


def test_options_preflight(endpoint: str) -> None:
    response = fetch(
        endpoint,
        method="OPTIONS",
        headers={"Origin": "https://example.com", "Access-Control-Request-Method": "POST"},
    )
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    assert response.body == b""


# --- it never fetches anything a query names ---------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Records every request and answers with a triple, as a remote server would."""

    paths: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.paths.append(self.path)
        body = b"<http://ex/remote> <http://ex/p> <http://ex/o> ."
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def remote() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server standing for a remote one: its base URL and the paths it was asked for."""
    _Recorder.paths = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", _Recorder.paths
    server.shutdown()
    server.server_close()


def test_service_is_refused_and_nothing_is_fetched(endpoint: str, remote: tuple[str, list[str]]) -> None:
    url, paths = remote
    response = get(endpoint, f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}")
    assert response.status == 400
    assert response.text.startswith(f"SERVICE <{url}sparql> in ")
    assert "is not allowed: kg never fetches remote data" in response.text
    assert paths == []


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * FROM <{url}graph> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} FROM <{url}graph> WHERE {{ ?s ?p ?o }}",
    ],
)
def test_from_names_a_graph_in_the_store_and_fetches_nothing(
    endpoint: str, remote: tuple[str, list[str]], template: str
) -> None:
    url, paths = remote
    response = get(
        endpoint, template.format(url=url), Accept="application/sparql-results+json, application/n-triples"
    )
    assert response.status == 200
    assert b"remote" not in response.body
    if response.media_type == "application/sparql-results+json":
        assert json.loads(response.body)["results"]["bindings"] == []
    else:
        assert response.body == b""
    time.sleep(0.1)
    assert paths == []


def test_default_graph_uri_fetches_nothing(endpoint: str, remote: tuple[str, list[str]]) -> None:
    url, paths = remote
    params = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": url + "g"})
    response = fetch(f"{endpoint}?{params}")
    assert response.status == 200
    assert json.loads(response.body)["results"]["bindings"] == []
    assert paths == []


def test_from_file_iri_reads_nothing(endpoint: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://ex/secret> <http://ex/p> "TOPSECRET" .\n', encoding="utf-8")
    for iri in ("file:///etc/passwd", secret.as_uri()):
        response = get(endpoint, f"SELECT * FROM <{iri}> WHERE {{ ?s ?p ?o }}")
        assert response.status == 200
        assert json.loads(response.body)["results"]["bindings"] == []
        assert b"TOPSECRET" not in response.body and b"root" not in response.body


# --- limits ------------------------------------------------------------------------------------


def test_result_size_limit(store: ox.Store) -> None:
    for url in running(make_server(store, port=0, max_rows=1, examples=[])):
        response = get(url, LEADERS)
        assert response.status == 413
        assert (
            response.text
            == "the result has more than 1 rows; add LIMIT to the query or make it more selective\n"
        )
        assert get(url, LEADERS + " LIMIT 1").status == 200
        assert get(url, "ASK {}").status == 200


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z . ?d ?p ?w . ?e ?p ?v }"


@pytest.fixture(scope="module")
def slow_store() -> ox.Store:
    """200 triples, so that SLOW counts 8 million combinations (a second or more), and RUNAWAY
    320 billion (hours)."""
    store = ox.Store()
    p = ox.NamedNode("http://ex/p")
    for i in range(200):
        store.add(ox.Quad(ox.NamedNode(f"http://ex/{i}"), p, ox.Literal(str(i))))
    return store


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def in_background(url: str, query: str) -> tuple[threading.Thread, list[Response]]:
    responses: list[Response] = []
    thread = threading.Thread(target=lambda: responses.append(get(url, query)), daemon=True)
    thread.start()
    return thread, responses


def busy_worker(server: SparqlServer, deadline: float = 10.0) -> int:
    """The pid of the worker that took the query just sent (waits for it to be forked and busy)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        for pid in server.queries.pids:
            if cpu_seconds(pid) > 0.05:
                return int(pid)
        time.sleep(0.02)
    raise AssertionError("no worker started the query")


forking = pytest.mark.skipif(not can_fork() or not Path("/proc/self/stat").exists(), reason="needs fork and /proc")


@forking
def test_a_runaway_query_is_stopped_by_the_timeout_and_its_cpu_released(slow_store: ox.Store) -> None:
    server = make_server(slow_store, port=0, timeout=3.0, max_running=2, examples=[])
    for url in running(server):
        thread, responses = in_background(url, RUNAWAY)
        pid = busy_worker(server)
        used = cpu_seconds(pid)
        time.sleep(0.3)
        assert cpu_seconds(pid) > used, "the runaway query is running in its worker"
        answered = get(url, LEADERS_OF_EX)  # another query is answered meanwhile, by another worker
        assert answered.status == 200
        thread.join(10)
        response = responses[0]
        assert response.status == 503
        assert response.text == (
            "the query ran longer than 3 s and was stopped; add LIMIT or make it more selective\n"
        )
        assert gone(pid), "the worker running the query was killed"
        assert pid not in server.queries.pids
        for other in server.queries.pids:
            before = cpu_seconds(other)
            time.sleep(0.3)
            assert cpu_seconds(other) - before < 0.05, "no worker is still busy"
        for _ in range(3):  # the next queries are answered, by the other worker and a fresh one
            assert json.loads(get(url, LEADERS_OF_EX).body)["results"]["bindings"] == [{"n": NUMBER_200}]


LEADERS_OF_EX = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex/p> ?o }"
NUMBER_200 = {"type": "literal", "value": "200", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_max_running_queries_then_503_until_one_ends(slow_store: ox.Store) -> None:
    server = make_server(slow_store, port=0, timeout=4.0, max_running=1, examples=[])
    for url in running(server):
        thread, responses = in_background(url, RUNAWAY)
        if can_fork() and Path("/proc/self/stat").exists():
            busy_worker(server)
        else:
            time.sleep(0.5)
        busy = get(url, "ASK {}")
        assert busy.status == 503
        assert busy.text == "1 queries are still running; try again later\n"
        assert busy.headers["Retry-After"] == "4"
        thread.join(10)
        assert responses[0].status == 503
        if can_fork():
            assert get(url, "ASK {}").status == 200, "the stopped query no longer counts as running"


@forking
def test_a_worker_that_dies_is_a_500_and_is_replaced(slow_store: ox.Store) -> None:
    server = make_server(slow_store, port=0, timeout=30, max_running=1, examples=[])
    for url in running(server):
        thread, responses = in_background(url, RUNAWAY)
        os.kill(busy_worker(server), signal.SIGKILL)
        thread.join(10)
        assert responses[0].status == 500
        assert responses[0].text == "the query worker failed\n"
        assert get(url, "ASK {}").status == 200


@forking
def test_closing_the_server_kills_its_workers(slow_store: ox.Store) -> None:
    server = make_server(slow_store, port=0, timeout=30, max_running=2, examples=[])
    for url in running(server):
        thread, _ = in_background(url, RUNAWAY)
        busy_worker(server)
        assert get(url, "ASK {}").status == 200
        pids = server.queries.pids
        assert len(pids) == 2
    assert all(gone(pid) for pid in pids)
    thread.join(10)


def test_a_store_folder_is_served(tmp_path: Path, store: ox.Store) -> None:
    folder = tmp_path / "store"
    writer = ox.Store(str(folder))
    writer.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    writer.flush()
    del writer
    on_disk = open_graph(folder)
    for url in running(make_server(on_disk, port=0, examples=[])):
        for _ in range(3):
            response = get(url, LEADERS)
            assert response.status == 200
            assert response.body == expected(store, LEADERS, "json")


# --- updates, when allowed ----------------------------------------------------------------------

EX_A = "INSERT DATA { <http://ex/a> <http://ex/b> 1 }"
ASK_A = "ASK { <http://ex/a> <http://ex/b> 1 }"


def asks(url: str, query: str) -> bool:
    response = get(url, query)
    assert response.status == 200, response.text
    return bool(json.loads(response.body)["boolean"])


def test_allowed_updates_are_seen_by_every_later_query() -> None:
    store = open_graph(FIXTURE)
    server = make_server(store, port=0, max_running=2, examples=[], allow_update=True)
    for url in running(server):
        assert not asks(url, ASK_A)
        response = fetch(url, data=EX_A.encode(), headers={"Content-Type": "application/sparql-update"})
        assert response.status == 204 and response.body == b""
        for _ in range(4):  # whichever worker answers
            assert asks(url, ASK_A)
        body = urllib.parse.urlencode({"update": "DELETE DATA { <http://ex/a> <http://ex/b> 1 }"}).encode()
        assert fetch(url, data=body, headers=FORM).status == 204
        for _ in range(4):
            assert not asks(url, ASK_A)
        assert asks(url, "ASK { ?p kg:leaderOf ?c }"), "the predeclared prefixes work"
    assert len(store) == len(open_graph(FIXTURE))


@pytest.mark.parametrize(
    ("suffix", "data", "content_type", "status", "message"),
    [
        ("?update=DROP+ALL", None, None, 400, "a SPARQL update must be sent by POST"),
        ("", b"INSERT DATA { <http://ex/a> }", "application/sparql-update", 400, "SPARQL syntax error in"),
        ("", b"update=", "application/x-www-form-urlencoded", 400, "expected exactly one non-empty update"),
        ("", b"update=CLEAR+ALL&using-graph-uri=http%3A%2F%2Fex%2Fg", "application/x-www-form-urlencoded", 400,
         "expected only the update parameter"),
    ],
)
def test_bad_updates(suffix: str, data: bytes | None, content_type: str | None, status: int, message: str) -> None:
    store = open_graph(FIXTURE)
    before = len(store)
    for url in running(make_server(store, port=0, examples=[], allow_update=True)):
        response = fetch(url + suffix, data=data, headers={"Content-Type": content_type} if content_type else {})
        assert response.status == status
        assert message in response.text
    assert len(store) == before


def test_update_never_loads_or_calls_a_service(remote: tuple[str, list[str]]) -> None:
    url_remote, paths = remote
    store = open_graph(FIXTURE)
    before = len(store)
    for url in running(make_server(store, port=0, examples=[], allow_update=True)):
        for update in (
            f"LOAD <{url_remote}data.ttl>",
            f"LOAD SILENT <{url_remote}data.ttl> INTO GRAPH <http://ex/g>",
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url_remote}sparql> {{ ?s ?p ?o }} }}",
        ):
            response = fetch(url, data=update.encode(), headers={"Content-Type": "application/sparql-update"})
            assert response.status == 400
            assert "is not allowed: kg never fetches remote data" in response.text
    assert paths == []
    assert len(store) == before


def test_updating_a_read_only_store_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    writer = ox.Store(str(folder))
    writer.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    writer.flush()
    del writer
    for url in running(make_server(open_graph(folder), port=0, examples=[], allow_update=True)):
        response = fetch(url, data=EX_A.encode(), headers={"Content-Type": "application/sparql-update"})
        assert response.status == 400
        assert "read-write" in response.text
        assert not asks(url, ASK_A)


def test_without_fork_a_query_past_the_timeout_is_abandoned(
    slow_store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.serve

    monkeypatch.setattr(kg.serve, "pool", lambda handle, size: ThreadRunner(handle, size))
    for url in running(make_server(slow_store, port=0, timeout=0.2, max_running=2, examples=[])):
        response = get(url, SLOW)
        assert response.status == 503
        assert response.text == (
            "the query ran longer than 0.2 s and was abandoned; add LIMIT or make it more selective\n"
        )
        assert get(url, "ASK {}").status == 200


def test_limits_must_be_positive(store: ox.Store) -> None:
    with pytest.raises(KGError, match="timeout 0 is not allowed; expected a number above 0"):
        make_server(store, port=0, timeout=0)


def test_port_in_use_is_a_kg_error(store: ox.Store) -> None:
    first = make_server(store, port=0, examples=[])
    try:
        port = first.server_address[1]
        with pytest.raises(KGError, match=f"cannot listen on 127.0.0.1:{port}: "):
            make_server(store, port=port, examples=[])
    finally:
        first.server_close()


def test_binds_to_localhost_by_default(store: ox.Store) -> None:
    server = make_server(store, port=0, examples=[])
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert server.url == f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.server_close()


# --- the query page ------------------------------------------------------------------------------


def test_query_page_is_offline_and_lists_the_examples(endpoint: str) -> None:
    response = fetch(endpoint.replace("/sparql", "/"))
    assert response.status == 200
    assert response.media_type == "text/html"
    assert "connect-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.text
    assert "<textarea" in page and 'fetch("sparql"' in page
    assert " src=" not in page and " href=" not in page and "@import" not in page
    assert '<option value="0">Leaders &lt;/script&gt;&lt;b&gt;</option>' in page
    assert page.count("</script>") == 2  # the example's "</script>" is escaped in the inline JSON


def test_render_page_without_examples_hides_the_chooser() -> None:
    page = render_page([]).decode()
    assert "<label hidden>" in page
    assert "LIMIT 25" in page


def test_load_examples(tmp_path: Path) -> None:
    (tmp_path / "b-people.rq").write_text("SELECT * WHERE { ?s a kg:Person }\n", encoding="utf-8")
    (tmp_path / "a-leaders.rq").write_text("# Who leads what\n#\nSELECT * WHERE { ?s kg:leaderOf ?o }\n")
    (tmp_path / "notes.txt").write_text("not a query")
    examples = load_examples(tmp_path)
    assert [e.title for e in examples] == ["Who leads what", "b people"]
    assert examples[1].text == "SELECT * WHERE { ?s a kg:Person }\n"
    assert load_examples(tmp_path / "missing") == []


def test_the_repository_examples_all_run(store: ox.Store) -> None:
    for example in load_examples():
        format_result(run_query(store, example.text), "json")


# --- a real client -----------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_client(endpoint: str) -> None:
    wrapper = pytest.importorskip("SPARQLWrapper")
    for method in (wrapper.GET, wrapper.POST):
        client = wrapper.SPARQLWrapper(endpoint)
        client.setMethod(method)
        client.setQuery(LEADERS)
        client.setReturnFormat(wrapper.JSON)
        results = client.query().convert()
        assert [b["label"]["value"] for b in results["results"]["bindings"]] == [
            "Lee Jae Myung",
            "Xi Jinping",
        ]
        client.setQuery("PREFIX kg: <https://kg.example.org/ontology#> ASK { ?x a kg:Person }")
        assert client.query().convert() == {"head": {}, "boolean": True}
        client.setQuery("PREFIX kg: <https://kg.example.org/ontology#> " + CONSTRUCT)
        client.setReturnFormat(wrapper.TURTLE)
        turtle = client.query().convert()
        assert len(list(ox.parse(turtle, ox.RdfFormat.TURTLE))) == 2
        client.setReturnFormat(wrapper.RDFXML)
        graph = client.query().convert()
        assert len(graph) == 2
