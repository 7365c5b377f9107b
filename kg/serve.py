"""A SPARQL 1.1 Protocol endpoint over a pyoxigraph store, with the standard library only.

``/sparql`` answers queries by GET ``?query=``, POST ``application/x-www-form-urlencoded`` and
POST ``application/sparql-query``, in the format the ``Accept`` header prefers (JSON for
SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE by default). It is read-only unless made with
``allow_update``: updates get 403, or else are applied by POST ``application/sparql-update`` or
a form's ``update=`` (204 on success). ``/`` is a small offline query page. Every response carries
``Access-Control-Allow-Origin: *``.

Safety: the endpoint binds to 127.0.0.1 unless told otherwise; ``SERVICE`` and ``LOAD`` are
refused (pyoxigraph would fetch them over HTTP); ``FROM`` IRIs only name graphs inside the store
(pyoxigraph never dereferences them).

Limits: each query runs in a worker process forked from the server once the store is loaded
(kg.workers), which writes the result in the negotiated format and sends back the bytes. If it
has not answered after ``Limits.timeout`` seconds, the worker is killed, so the query stops using
CPU at once, the client gets 503, and a fresh worker is forked for the next query.
``Limits.max_running`` caps how many queries run at once (the number of workers), beyond which
clients get 503 too. Results with more than ``Limits.max_rows`` rows or triples get 413. An update
runs in the server process itself, with queries still answered meanwhile, and is not stopped by
the timeout; workers forked before it are retired, so every later query sees it. Without fork
(Windows) queries run in threads, and a query past the timeout is abandoned, not stopped: its
thread keeps its CPU, and counts among ``max_running``, until the query ends.
"""

from __future__ import annotations

import html
import json
import socket
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import KGError, QueryError
from kg.formats import GRAPH_RESULT_FORMATS, SOLUTION_RESULT_FORMATS, OutputFormat, negotiate
from kg.query import PREFIXES, ResultTooLarge, format_result, run_query, run_update
from kg.workers import Busy, Runner, TimedOut, WorkerFailed, pool

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "Example",
    "Limits",
    "SparqlServer",
    "load_examples",
    "make_server",
    "render_page",
    "serve",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
EXAMPLES_FOLDER = Path(__file__).parent / "ontology" / "queries"

_FORM = "application/x-www-form-urlencoded"
_SPARQL_QUERY = "application/sparql-query"
_SPARQL_UPDATE = "application/sparql-update"
_ALLOWED_METHODS = "GET, POST, OPTIONS"

Log = Callable[[str], None]


@dataclass(frozen=True)
class Limits:
    """What one query may cost.

    ``timeout``: seconds before the query is stopped and the client gets 503; ``max_rows``: rows
    or triples in a result; ``max_running``: queries running at once (worker processes);
    ``max_body``: bytes in a POST body.
    """

    timeout: float = 30.0
    max_rows: int = 100_000
    max_running: int = 4
    max_body: int = 1_000_000


@dataclass(frozen=True)
class Example:
    """An example query offered on the query page."""

    title: str
    text: str


@dataclass(frozen=True)
class _Reply:
    status: HTTPStatus
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def _error(status: HTTPStatus, message: str, *headers: tuple[str, str]) -> _Reply:
    return _Reply(status, (" ".join(message.split()) + "\n").encode("utf-8"), headers=headers)


@dataclass(frozen=True)
class _Request:
    """A query request as the protocol defines it, whichever way it came."""

    query: str
    default_graphs: Sequence[str] = ()
    named_graphs: Sequence[str] = ()
    accept: str | None = None


# --- the server ----------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server that answers SPARQL protocol requests on one store.

    ``queries`` runs each query in a worker process (see the module doc); ``server_close()``
    kills the workers.
    """

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        store: ox.Store,
        *,
        limits: Limits,
        page: bytes,
        log: Log | None,
        allow_update: bool = False,
    ) -> None:
        self.store = store
        self.limits = limits
        self.page = page
        self.log = log
        self.allow_update = allow_update
        self.queries: Runner[_Request, _Reply] = pool(partial(_answer, self), limits.max_running)  # forks lazily
        super().__init__(address, _Handler)

    def server_close(self) -> None:
        """Stop listening and kill the query workers."""
        self.queries.close()
        super().server_close()

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        """A client that hung up is no error; anything else goes to ``log`` (or stderr without it)."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        if self.log is None:
            super().handle_error(request, client_address)
        else:
            self.log(f"error while answering {client_address}: {traceback.format_exc()}")

    @property
    def url(self) -> str:
        """The endpoint's URL, such as ``http://127.0.0.1:7878/sparql``."""
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/sparql"


def make_server(
    store: ox.Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = Limits.timeout,
    max_rows: int = Limits.max_rows,
    max_running: int = Limits.max_running,
    examples: Sequence[Example] | None = None,
    log: Log | None = None,
    allow_update: bool = False,
) -> SparqlServer:
    """A bound endpoint, not serving yet: call its ``serve_forever()`` (tests bind port 0), and
    ``server_close()`` when done.

    ``timeout`` (seconds), ``max_rows`` and ``max_running`` are the :class:`Limits`;
    ``examples`` for the query page default to :func:`load_examples`; ``log`` gets one line
    per request (nothing is logged without it); ``allow_update`` accepts SPARQL updates.

    Raises:
        KGError: a limit is not positive, or the address cannot be bound (port in use,
            unknown host); the message names the value.
    """
    limits = _limits(timeout, max_rows, max_running)
    page = render_page(load_examples() if examples is None else examples)
    try:
        return SparqlServer((host, port), store, limits=limits, page=page, log=log, allow_update=allow_update)
    except OSError as error:
        raise KGError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error


def _limits(timeout: float, max_rows: int, max_running: int) -> Limits:
    for name, value in (("timeout", timeout), ("max_rows", max_rows), ("max_running", max_running)):
        if not value > 0:
            raise KGError(f"{name} {value!r} is not allowed; expected a number above 0")
    return Limits(timeout=timeout, max_rows=max_rows, max_running=max_running)


def serve(
    store: ox.Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout: float = Limits.timeout,
    max_rows: int = Limits.max_rows,
    max_running: int = Limits.max_running,
    examples: Sequence[Example] | None = None,
    log: Log | None = None,
    ready: Log | None = None,
    allow_update: bool = False,
) -> None:
    """Serve ``store`` until Ctrl-C, which returns normally; ``ready`` gets the URL once listening.

    The arguments are those of :func:`make_server`.

    Raises:
        KGError: a limit is not positive, or the address cannot be bound.
    """
    server = make_server(
        store,
        host,
        port,
        timeout=timeout,
        max_rows=max_rows,
        max_running=max_running,
        examples=examples,
        log=log,
        allow_update=allow_update,
    )
    try:
        if ready is not None:
            ready(server.url)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# --- requests ------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql"

    def version_string(self) -> str:
        """The ``Server`` header: kg's name only, not Python's version."""
        return self.server_version

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        """The query page at ``/``, queries at ``/sparql?query=``."""
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(_page_reply(self.server.page))
        elif url.path == "/sparql":
            self._send(self._from_params(url.query, ""))
        else:
            self._send(_error(HTTPStatus.NOT_FOUND, f"no such page {url.path}; the endpoint is /sparql"))

    def do_POST(self) -> None:  # noqa: N802
        """Queries posted as a form or as ``application/sparql-query``."""
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(_error(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}; POST to /sparql"))
            return
        self._send(self._from_post(url.query))

    def do_OPTIONS(self) -> None:  # noqa: N802
        """CORS preflight: any origin may GET and POST with ``Accept`` and ``Content-Type``."""
        self._send(
            _Reply(
                HTTPStatus.NO_CONTENT,
                headers=(
                    ("Allow", _ALLOWED_METHODS),
                    ("Access-Control-Allow-Methods", _ALLOWED_METHODS),
                    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                    ("Access-Control-Max-Age", "86400"),
                ),
            )
        )

    def _not_allowed(self) -> None:
        self._send(
            _error(
                HTTPStatus.METHOD_NOT_ALLOWED,
                f"{self.command} is not allowed; use {_ALLOWED_METHODS}",
                ("Allow", _ALLOWED_METHODS),
            )
        )

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def _from_post(self, url_query: str) -> _Reply:
        media_type, charset = _content_type(self.headers.get("Content-Type", ""))
        if media_type == _SPARQL_UPDATE and not self.server.allow_update:
            return _read_only()
        if media_type not in (_FORM, _SPARQL_QUERY, _SPARQL_UPDATE):
            return _error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"Content-Type {media_type or '(none)'} is not supported; "
                f"expected {_FORM} or {_SPARQL_QUERY}",
            )
        body = self._body()
        if isinstance(body, _Reply):
            return body
        try:
            text = body.decode(charset)
        except (UnicodeDecodeError, LookupError):
            return _error(HTTPStatus.BAD_REQUEST, f"the request body is not valid {charset} text")
        if media_type == _FORM:
            return self._from_params(text, "", posted=True)
        if media_type == _SPARQL_UPDATE:
            return _update(self.server, text)
        return self._from_params(url_query, text)

    def _body(self) -> bytes | _Reply:
        length = self.headers.get("Content-Length")
        if length is None:
            return _error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length header")
        if not length.isdigit():
            return _error(HTTPStatus.BAD_REQUEST, f"Content-Length {length!r} is not a number")
        if int(length) > self.server.limits.max_body:
            self.close_connection = True
            return _error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body has {length} bytes; the limit is {self.server.limits.max_body}",
            )
        return self.rfile.read(int(length))

    def _from_params(self, encoded: str, direct_query: str, posted: bool = False) -> _Reply:
        """A reply to the protocol parameters in ``encoded`` (a posted form if ``posted``), the query
        being there or ``direct_query``."""
        try:
            params = parse_qs(encoded, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return _error(HTTPStatus.BAD_REQUEST, "the request parameters are not valid UTF-8")
        if "update" in params:
            return _update_from_params(self.server, params, posted)
        queries = params.get("query", []) + ([direct_query] if direct_query else [])
        if len(queries) != 1 or not queries[0].strip():
            return _error(
                HTTPStatus.BAD_REQUEST,
                "expected exactly one non-empty query, as ?query=... or in a POST body "
                "(the query page is at /)",
            )
        request = _Request(
            queries[0],
            default_graphs=params.get("default-graph-uri", []),
            named_graphs=params.get("named-graph-uri", []),
            accept=self.headers.get("Accept"),
        )
        return _run_with_limits(self.server, request)

    def _send(self, reply: _Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Access-Control-Allow-Origin", "*")
        if reply.status != HTTPStatus.NO_CONTENT:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's naming)
        """One line per request to the server's ``log``, if any; http.server writes to stderr."""
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


def _content_type(header: str) -> tuple[str, str]:
    """(media type, charset) of a ``Content-Type`` header; the charset defaults to UTF-8."""
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = "utf-8"
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    return media_type.lower(), charset


def _read_only() -> _Reply:
    return _error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are not accepted")


# --- updates, when allowed ---------------------------------------------------------------------


def _update_from_params(server: SparqlServer, params: dict[str, list[str]], posted: bool) -> _Reply:
    if not server.allow_update:
        return _read_only()
    if not posted:
        return _error(HTTPStatus.BAD_REQUEST, f"a SPARQL update must be sent by POST, as {_SPARQL_UPDATE} or a form")
    if "using-graph-uri" in params or "using-named-graph-uri" in params or "query" in params:
        return _error(HTTPStatus.BAD_REQUEST, "expected only the update parameter; use USING in the update instead")
    updates = params["update"]
    if len(updates) != 1 or not updates[0].strip():
        return _error(HTTPStatus.BAD_REQUEST, "expected exactly one non-empty update")
    return _update(server, updates[0])


def _update(server: SparqlServer, text: str) -> _Reply:
    """Apply the update to the store here, then retire the workers so that later queries see it."""
    try:
        with server.queries.exclusive():
            run_update(server.store, text)
            server.queries.refresh()
    except QueryError as error:
        return _error(HTTPStatus.BAD_REQUEST, str(error))
    except Exception:  # a bug, not the client's fault: log it, answer 500
        return _internal_error(server, "applying the update")
    return _Reply(HTTPStatus.NO_CONTENT)


def _internal_error(server: SparqlServer, doing: str) -> _Reply:
    """500 for a bug met while ``doing`` something, with the traceback in the server's log."""
    if server.log is not None:
        server.log(traceback.format_exc())
    return _error(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error while {doing}")


# --- running a query under the limits ----------------------------------------------------------


def _run_with_limits(server: SparqlServer, request: _Request) -> _Reply:
    """Answer ``request`` from a worker, or 503 if it takes too long or too many are running."""
    limits = server.limits
    try:
        return server.queries.run(request, limits.timeout)
    except Busy:
        return _error(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"{limits.max_running} queries are still running; try again later",
            ("Retry-After", str(max(1, round(limits.timeout)))),
        )
    except TimedOut:
        ended = "stopped" if server.queries.stops else "abandoned"
        return _error(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query ran longer than {limits.timeout:g} s and was {ended}; add LIMIT or make it more selective",
        )
    except WorkerFailed as error:
        if server.log is not None:
            server.log(f"query worker failed: {error}")
        return _error(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker failed")


def _answer(server: SparqlServer, request: _Request) -> _Reply:
    """Run the query and write its result in the negotiated format; errors become 4xx/5xx replies.

    This runs in a worker process: everything it returns must pickle.
    """
    try:
        result = run_query(
            server.store,
            request.query,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
        )
        offered: Sequence[OutputFormat] = (
            GRAPH_RESULT_FORMATS if isinstance(result, ox.QueryTriples) else SOLUTION_RESULT_FORMATS
        )
        fmt = negotiate(request.accept, offered)
        if fmt is None:
            choices = ", ".join(f.media_type for f in offered if f.media_type)
            return _error(HTTPStatus.NOT_ACCEPTABLE, f"Accept: {request.accept} matches none of {choices}")
        body = format_result(result, fmt, max_rows=server.limits.max_rows)
    except ResultTooLarge as error:
        return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(error))
    except QueryError as error:
        return _error(HTTPStatus.BAD_REQUEST, str(error))
    except Exception:  # a bug, not the client's fault: log it, answer 500
        return _internal_error(server, "answering the query")
    return _Reply(HTTPStatus.OK, body if isinstance(body, bytes) else body.encode(), fmt.content_type)


# --- the query page ------------------------------------------------------------------------------


def load_examples(folder: Path = EXAMPLES_FOLDER) -> list[Example]:
    """The ``*.rq`` files in ``folder`` (none if it is missing), titled by their first ``#`` comment."""
    if not folder.is_dir():
        return []
    return [_example(path) for path in sorted(folder.glob("*.rq"))]


def _example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8", errors="replace")
    for line in text.splitlines():
        if line.startswith("#") and line.strip("# \t"):
            return Example(line.strip("# \t"), text)
    return Example(path.stem.replace("-", " ").replace("_", " "), text)


_DEFAULT_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25\n"

_PAGE_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
)


def _page_reply(page: bytes) -> _Reply:
    return _Reply(HTTPStatus.OK, page, "text/html; charset=utf-8", _PAGE_HEADERS)


def render_page(examples: Sequence[Example]) -> bytes:
    """The offline query page: no external URL, the examples and prefixes inlined as JSON."""
    data = {
        "examples": [{"title": e.title, "text": e.text} for e in examples],
        "prefixes": dict(PREFIXES),
        "initial": examples[0].text if examples else _DEFAULT_QUERY,
    }
    inline = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    options = "".join(f'<option value="{i}">{html.escape(e.title)}</option>' for i, e in enumerate(examples))
    return (
        _PAGE.replace("__OPTIONS__", options)
        .replace("__HIDDEN__", "" if examples else " hidden")
        .replace("__DATA__", inline)
        .encode("utf-8")
    )


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; }
  h1 { font-size: 1.3rem; }
  textarea { width: 100%; min-height: 12rem; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
  .bar { display: flex; gap: .6rem; align-items: center; margin: .5rem 0 1rem; }
  button { font: inherit; padding: .3rem 1.2rem; }
  #status { color: #555; }
  .error { color: #a00; white-space: pre-wrap; }
  table { border-collapse: collapse; font-size: 13px; }
  th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f3f3f3; }
  pre { background: #f7f7f7; padding: .6rem; overflow: auto; }
</style>
</head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>Queries go to <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). The prefixes
rdf, rdfs, owl, xsd, skos, prov, dcterms, schema, foaf, kg and res are predeclared.</p>
<label__HIDDEN__>Example: <select id="examples"><option value="">choose…</option>__OPTIONS__</select></label>
<textarea id="query" spellcheck="false" aria-label="SPARQL query"></textarea>
<div class="bar"><button id="run">Run</button><span id="status">Ctrl+Enter runs the query.</span></div>
<div id="result"></div>
<script type="application/json" id="data">__DATA__</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const query = document.getElementById("query");
const status = document.getElementById("status");
const result = document.getElementById("result");
query.value = data.initial;
const prefixes = Object.entries(data.prefixes).sort((a, b) => b[1].length - a[1].length);

function compact(iri) {
  for (const [prefix, ns] of prefixes) {
    if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
  }
  return "<" + iri + ">";
}

function show(term) {
  if (!term) return "";
  if (term.type === "uri") return compact(term.value);
  if (term.type === "bnode") return "_:" + term.value;
  if (term.type === "triple") {
    const t = term.value;
    return "<< " + show(t.subject) + " " + show(t.predicate) + " " + show(t.object) + " >>";
  }
  return term.value;
}

function element(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

function table(json) {
  const vars = json.head.vars || [];
  const rows = json.results.bindings;
  const tbl = document.createElement("table");
  const head = tbl.createTHead().insertRow();
  for (const v of vars) head.appendChild(element("th", v));
  const body = tbl.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) tr.appendChild(element("td", show(row[v])));
  }
  result.replaceChildren(tbl);
  return rows.length + (rows.length === 1 ? " row" : " rows");
}

async function run() {
  status.textContent = "Running…";
  const started = performance.now();
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: new URLSearchParams({query: query.value}),
    });
    const type = response.headers.get("Content-Type") || "";
    const seconds = ((performance.now() - started) / 1000).toFixed(2) + " s";
    if (!response.ok) {
      result.replaceChildren(element("p", await response.text()));
      result.firstChild.className = "error";
      status.textContent = response.status + " " + response.statusText + ", " + seconds;
    } else if (type.startsWith("application/sparql-results+json")) {
      const json = await response.json();
      if ("boolean" in json) {
        result.replaceChildren(element("p", String(json.boolean)));
        status.textContent = seconds;
      } else {
        status.textContent = table(json) + ", " + seconds;
      }
    } else {
      result.replaceChildren(element("pre", await response.text()));
      status.textContent = seconds;
    }
  } catch (error) {
    result.replaceChildren(element("p", String(error)));
    result.firstChild.className = "error";
    status.textContent = "failed";
  }
}

document.getElementById("run").addEventListener("click", run);
query.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
});
document.getElementById("examples").addEventListener("change", (event) => {
  const chosen = data.examples[Number(event.target.value)];
  if (event.target.value !== "" && chosen) query.value = chosen.text;
});
</script>
</body>
</html>
"""
