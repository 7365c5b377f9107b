"""kg push: the Graph Store Protocol requests it makes and the errors it reports, against a recording server.

Pushing into real stores (the Oxigraph server, Virtuoso) is tested in test_interop.py.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KGError
from kg.formats import RdfFormat
from kg.push import graph_url, push
from kg.store import open_graph

RES = "https://kg.example.org/id/"
ONE = f"{RES}document/one"
TWO = f"{RES}document/two"
TRIG = f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix kg: <https://kg.example.org/ontology#> .
@prefix res: <{RES}> .

<{ONE}> {{
  <{RES}person/xi-jinping> rdfs:label "Xi Jinping"@en ; kg:leaderOf <{RES}place/china> .
  <{RES}place/china> rdfs:label "China"@en .
}}
<{TWO}> {{
  <{RES}person/xi-jinping> rdfs:label "Xi Jinping"@en .
  <{RES}place/서울> rdfs:label "서울"@ko .
}}
"""
UNION = 4  # distinct triples over both graphs


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, list[str]]
    content_type: str
    body: bytes


@dataclass
class Recorder:
    """A Graph Store stand-in: it records each request and answers ``status`` with ``reply``."""

    url: str
    requests: list[Request] = field(default_factory=list)
    status: int = 201
    reply: bytes = b""
    delay: float = 0.0

    def triples(self, request: Request) -> set[ox.Triple]:
        media_type = request.content_type.split(";")[0]
        fmt = RdfFormat.TURTLE if media_type == "text/turtle" else RdfFormat.NTRIPLES
        return {quad.triple for quad in ox.parse(request.body, fmt.oxigraph)}


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            content_type = self.headers.get("Content-Type", "")
            recorder.requests.append(Request(self.command, url.path, params, content_type, body))
            time.sleep(recorder.delay)
            try:
                self.send_response(recorder.status)
                self.send_header("Content-Length", str(len(recorder.reply)))
                self.end_headers()
                self.wfile.write(recorder.reply)
            except ConnectionError:  # the client gave up waiting (the timeout test)
                pass

        do_PUT = do_POST = _record

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    recorder = Recorder(f"http://127.0.0.1:{server.server_address[1]}/store")
    server.RequestHandlerClass = _handler(recorder)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "graph.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def named_graph(path: Path, name: str) -> set[ox.Triple]:
    return {
        quad.triple for quad in ox.parse(path=path, format=ox.RdfFormat.TRIG) if quad.graph_name.value == name
    }


def test_one_named_graph_per_document_each_put_to_its_iri(recorder: Recorder, trig: Path) -> None:
    report = push(open_graph(trig), recorder.url, per_document=True)
    assert [(r.method, r.path, r.params) for r in recorder.requests] == [
        ("PUT", "/store", {"graph": [ONE]}),
        ("PUT", "/store", {"graph": [TWO]}),
    ]
    assert {r.content_type for r in recorder.requests} == {"application/n-triples"}
    assert recorder.triples(recorder.requests[0]) == named_graph(trig, ONE)
    assert recorder.triples(recorder.requests[1]) == named_graph(trig, TWO)
    assert [(g.name, g.triples, g.status) for g in report.graphs] == [(ONE, 3, 201), (TWO, 2, 201)]
    assert report.method == "PUT" and report.triples == 5 and report.endpoint == recorder.url
    assert report.lines()[:2] == [f"endpoint   {recorder.url} (PUT)", "graphs     2 named graphs, 5 triples"]


def test_default_graph_gets_the_union_each_triple_once(recorder: Recorder, trig: Path) -> None:
    report = push(open_graph(trig), recorder.url, per_document=False)
    (request,) = recorder.requests
    assert (request.method, request.params) == ("PUT", {"default": [""]})
    assert recorder.triples(request) == named_graph(trig, ONE) | named_graph(trig, TWO)
    assert request.body.count(b"\n") == UNION
    assert [(g.name, g.triples, g.label) for g in report.graphs] == [(None, UNION, "default graph")]
    assert "default    4 triples" in report.lines()


def test_a_store_with_named_graphs_only_sends_their_union(recorder: Recorder, trig: Path) -> None:
    store = ox.Store()
    store.load(path=trig, format=ox.RdfFormat.TRIG)  # no default graph, as in a store folder
    push(store, recorder.url, per_document=False)
    assert len(recorder.triples(recorder.requests[0])) == UNION


def test_bodies_are_sorted_and_the_same_each_time(recorder: Recorder, trig: Path) -> None:
    push(open_graph(trig), recorder.url, per_document=True)
    push(open_graph(trig), recorder.url, per_document=True)
    first, second = recorder.requests[:2], recorder.requests[2:]
    assert [r.body for r in first] == [r.body for r in second]
    lines = first[0].body.decode("utf-8").splitlines()
    assert lines == sorted(lines)


def test_turtle_body(recorder: Recorder, trig: Path) -> None:
    push(open_graph(trig), recorder.url, per_document=True, body_format=RdfFormat.TURTLE)
    request = recorder.requests[0]
    assert request.content_type == "text/turtle; charset=utf-8"
    assert b"@prefix rdfs:" in request.body
    assert recorder.triples(request) == named_graph(trig, ONE)


def test_append_posts(recorder: Recorder, trig: Path) -> None:
    report = push(open_graph(trig), recorder.url, per_document=False, replace=False)
    assert recorder.requests[0].method == "POST" and report.method == "POST"


def test_graph_url() -> None:
    assert graph_url("http://h/store", None) == "http://h/store?default"
    assert (
        graph_url("http://h/store", ONE)
        == "http://h/store?graph=https%3A%2F%2Fkg.example.org%2Fid%2Fdocument%2Fone"
    )
    assert graph_url("http://h/ds/data?x=1", None) == "http://h/ds/data?x=1&default"
    assert graph_url("http://h/s", f"{RES}place/서울").endswith(
        "graph=https%3A%2F%2Fkg.example.org%2Fid%2Fplace%2F%EC%84%9C%EC%9A%B8"
    )


def test_per_document_needs_named_graphs(recorder: Recorder, tmp_path: Path) -> None:
    turtle = tmp_path / "graph.ttl"
    turtle.write_text(f'<{RES}a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n', encoding="utf-8")
    with pytest.raises(KGError, match=r"no named graphs .* TriG file .* --default-graph"):
        push(open_graph(turtle), recorder.url, per_document=True)
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("status", "reply", "message"),
    [
        (
            400,
            b"Bad request: not N-Triples\nmore",
            r"HTTP 400 Bad Request for PUT graph <.*one>: Bad request: not N-Triples more$",
        ),
        (401, b"", r"HTTP 401 Unauthorized for PUT graph <.*one>$"),
        (
            500,
            b"<html><head><title>Oops</title></head><body><h1>500</h1><p>disk &amp; full</p></body></html>",
            r"HTTP 500 Internal Server Error for PUT graph <.*one>: 500 disk & full$",
        ),
    ],
)
def test_http_errors_name_the_endpoint_and_status(
    recorder: Recorder, trig: Path, status: int, reply: bytes, message: str
) -> None:
    recorder.status, recorder.reply = status, reply
    with pytest.raises(KGError, match=message) as error:
        push(open_graph(trig), recorder.url, per_document=True)
    assert str(error.value).startswith(f"{recorder.url}: ")
    assert "\n" not in str(error.value)
    assert len(recorder.requests) == 1, "stops at the first refusal"


def test_connection_refused() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(
        KGError,
        match=r"^http://127\.0\.0\.1:\d+/store: cannot connect \(.*refused.*\); is the store running\?$",
    ):
        push(ox.Store(), endpoint, per_document=False)


def test_no_answer_within_the_timeout(recorder: Recorder, trig: Path) -> None:
    recorder.delay = 2.0
    started = time.monotonic()
    with pytest.raises(KGError, match=r"/store: no answer within 0\.3 s for PUT the default graph$"):
        push(open_graph(trig), recorder.url, per_document=False, timeout=0.3)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("endpoint", ["127.0.0.1:7878/store", "ftp://example.org/store", "http:///store", ""])
def test_endpoint_must_be_an_http_url(endpoint: str) -> None:
    with pytest.raises(
        KGError, match=r"--endpoint .* is not an http\(s\) URL; expected .*http://127.0.0.1:7878/store"
    ):
        push(ox.Store(), endpoint, per_document=False)


def test_body_format_and_timeout_are_checked(recorder: Recorder) -> None:
    with pytest.raises(KGError, match=r"cannot push jsonld; expected one of ntriples, turtle"):
        push(ox.Store(), recorder.url, per_document=False, body_format=RdfFormat.JSONLD)
    with pytest.raises(KGError, match=r"timeout 0 is not allowed"):
        push(ox.Store(), recorder.url, per_document=False, timeout=0)
    assert recorder.requests == []


def test_kg_push_command(recorder: Recorder, trig: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["push", str(trig), "--endpoint", recorder.url, "--graph-per-document"]) == 0
    out = capsys.readouterr().out
    assert "2 named graphs, 5 triples" in out and len(recorder.requests) == 2
    assert main(["push", str(trig), "--endpoint", recorder.url, "--default-graph"]) == 0
    assert recorder.requests[-1].params == {"default": [""]}

    recorder.status = 403
    assert main(["push", str(trig), "--endpoint", recorder.url]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kg push: error: {recorder.url}: HTTP 403 Forbidden") and err.count("\n") == 1
    with pytest.raises(SystemExit) as usage:
        main(["push", str(trig), "--endpoint", recorder.url, "--graph-per-document", "--default-graph"])
    assert usage.value.code == 2


def test_a_store_that_answers_before_reading_the_body_has_its_answer_reported() -> None:
    """Virtuoso answers 500 and closes the connection while a large body is still being sent."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer_early() -> None:
        connection, _ = listener.accept()
        with connection:
            while b"\r\n\r\n" not in connection.recv(65536):
                pass
            reply = b"the endpoint is not configured to have default graph"
            connection.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: %d\r\n"
                               b"Connection: close\r\n\r\n%s" % (len(reply), reply))
            connection.shutdown(socket.SHUT_WR)
            time.sleep(0.2)

    server = threading.Thread(target=answer_early, daemon=True)
    server.start()
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"{RES}thing/{i}"), ox.NamedNode(f"{RES}p"), ox.Literal("x" * 200))
                 for i in range(60_000))  # about 20 MB of N-Triples: more than the socket buffers hold
    endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}/store"
    with pytest.raises(KGError, match=r"/store: HTTP 500 Internal Server Error for PUT the default graph: "
                                      r"the endpoint is not configured to have default graph$"):
        push(store, endpoint, per_document=False)
    server.join(5)
    listener.close()
