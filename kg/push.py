"""Send a graph to a triple store by the SPARQL 1.1 Graph Store HTTP Protocol, with the standard library.

Any store that speaks the protocol takes kg's graph this way (Oxigraph at ``/store``, Fuseki at
``/DATASET/data``, Virtuoso at ``/sparql-graph-crud``, GraphDB at ``/repositories/ID/rdf-graphs/service``):
each graph is one request, ``PUT`` (replace the graph) or ``POST`` (merge into it), to
``ENDPOINT?graph=<iri>`` for a named graph or ``ENDPOINT?default`` for the default graph, with an
N-Triples (or Turtle) body.

Two ways to send a dataset: one named graph per document (the named graphs of a TriG file, each named
by its Document IRI), or everything into the store's default graph. To mirror ``graph.trig`` exactly,
push it both ways: the named graphs, then the union as the default graph.
"""

from __future__ import annotations

import html
import http.client
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.errors import KGError
from kg.formats import RdfFormat
from kg.query import PREFIXES

__all__ = ["BODY_FORMATS", "DEFAULT_TIMEOUT", "PushReport", "PushedGraph", "graph_url", "push"]

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for the store to answer one request."""

BODY_FORMATS: tuple[RdfFormat, ...] = (RdfFormat.NTRIPLES, RdfFormat.TURTLE)
"""Formats a request body can take: N-Triples (the default: every store reads it) or Turtle."""

_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_HEAD = re.compile(r"<!DOCTYPE[^>]*>|<head\b.*?</head\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class PushedGraph:
    """One graph sent: its name (None for the default graph), how many triples, and the store's answer."""

    name: str | None
    triples: int
    status: int

    @property
    def label(self) -> str:
        """``<iri>`` for a named graph, ``default graph`` otherwise."""
        return "default graph" if self.name is None else f"<{self.name}>"


@dataclass(frozen=True)
class PushReport:
    """What :func:`push` sent, where, and how long it took."""

    endpoint: str
    method: str
    graphs: tuple[PushedGraph, ...]
    seconds: float

    @property
    def triples(self) -> int:
        """Triples sent over all graphs (a triple in two graphs counts twice)."""
        return sum(graph.triples for graph in self.graphs)

    def lines(self) -> list[str]:
        """A short summary for a terminal."""
        named = [graph for graph in self.graphs if graph.name is not None]
        lines = [f"endpoint   {self.endpoint} ({self.method})"]
        if named:
            lines.append(f"graphs     {len(named)} named graphs, {sum(g.triples for g in named)} triples")
        lines += [f"default    {g.triples} triples" for g in self.graphs if g.name is None]
        lines.append(f"time       {self.seconds:.1f} s")
        return lines


def push(
    store: ox.Store,
    endpoint: str,
    *,
    per_document: bool,
    timeout: float = DEFAULT_TIMEOUT,
    body_format: RdfFormat = RdfFormat.NTRIPLES,
    replace: bool = True,
) -> PushReport:
    """Send ``store``'s graphs to the Graph Store Protocol ``endpoint``.

    With ``per_document``, each named graph of the store (for a TriG file opened with
    :func:`kg.store.open_graph`, one per document) goes to ``endpoint?graph=<its name>``, in sorted
    order; the default graph is not sent. Otherwise the default graph (for a file opened with
    ``open_graph``, the merge of all its graphs; for a store folder with named graphs only, their
    union, each triple once) goes to ``endpoint?default``. ``replace`` sends ``PUT``, which replaces
    each graph, so pushing twice gives the same store; ``replace=False`` sends ``POST``, which merges
    into what the store holds. Each body is N-Triples (or ``body_format`` Turtle), sorted.

    Raises:
        KGError: the endpoint is not an ``http(s)`` URL, ``body_format`` is not N-Triples or Turtle,
            ``timeout`` is not above 0, ``per_document`` is asked of a graph without named graphs, the
            store cannot be reached, does not answer within ``timeout`` seconds, or answers with an
            HTTP error; the one-line message names the endpoint, the graph and the status.
    """
    _check(endpoint, body_format, timeout)
    method = "PUT" if replace else "POST"
    started = time.perf_counter()
    pushed = []
    for name, triples in _graphs(store, per_document):
        body = _serialize(triples, body_format)
        status = _send(endpoint, name, body, body_format, method, timeout)
        pushed.append(PushedGraph(name, len(triples), status))
    return PushReport(endpoint, method, tuple(pushed), time.perf_counter() - started)


def graph_url(endpoint: str, name: str | None) -> str:
    """The URL of graph ``name`` (None: the default graph) at ``endpoint``, by indirect identification."""
    separator = "&" if urlsplit(endpoint).query else "?"
    if name is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}graph={quote(name, safe='')}"


def _check(endpoint: str, body_format: RdfFormat, timeout: float) -> None:
    url = urlsplit(endpoint)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise KGError(
            f"--endpoint {endpoint!r} is not an http(s) URL; expected the store's Graph Store Protocol "
            "URL, such as http://127.0.0.1:7878/store"
        )
    if body_format not in BODY_FORMATS:
        raise KGError(
            f"cannot push {body_format.label}; expected one of {', '.join(f.label for f in BODY_FORMATS)}"
        )
    if not timeout > 0:
        raise KGError(f"timeout {timeout!r} is not allowed; expected a number of seconds above 0")


def _graphs(store: ox.Store, per_document: bool) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """(graph name or None, its triples, sorted) for each graph to send."""
    named = sorted(_named_graphs(store), key=lambda graph: graph.value)
    if per_document:
        if not named:
            raise KGError(
                "the graph has no named graphs to send one per document; push a TriG file "
                "(graph.trig holds one named graph per document) or use --default-graph"
            )
        for graph in named:
            yield graph.value, _sorted(_quads(store.quads_for_pattern(None, None, None, graph)))
        return
    default = _sorted(_quads(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    if not default and named:  # a store folder with named graphs only: send their union, each triple once
        default = _sorted(_quads(store.quads_for_pattern(None, None, None, None)))
    yield None, default


def _named_graphs(store: ox.Store) -> Iterator[ox.NamedNode]:
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode):  # kg writes no blank nodes; a blank graph name has no IRI to send
            yield graph


def _quads(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    for quad in quads:
        yield quad.triple


def _sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The distinct triples, sorted as kg's exports are, so the same graph gives the same body."""
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _serialize(triples: Sequence[ox.Triple], body_format: RdfFormat) -> bytes:
    prefixes = _used_prefixes(triples) if body_format is RdfFormat.TURTLE else None
    output = ox.serialize(triples, format=body_format.oxigraph, prefixes=prefixes)
    return output or b""


def _used_prefixes(triples: Sequence[ox.Triple]) -> dict[str, str]:
    """The vocabulary prefixes (not ``res:``, whose local names hold ``/``) some triple uses."""
    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, ox.NamedNode)
    }
    return {
        prefix: namespace
        for prefix, namespace in PREFIXES.items()
        if prefix != "res" and any(iri.startswith(namespace) for iri in iris)
    }


def _send(
    endpoint: str, name: str | None, body: bytes, body_format: RdfFormat, method: str, timeout: float
) -> int:
    """Send one graph; its HTTP status. A store that refuses a body may answer and close the connection
    before reading all of it (Virtuoso does): the send then fails, and its answer is read all the same."""
    what = "the default graph" if name is None else f"graph <{name}>"
    url = urlsplit(graph_url(endpoint, name))
    kind = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    connection = kind(url.hostname or "", url.port, timeout=timeout)
    target = (url.path or "/") + (f"?{url.query}" if url.query else "")
    headers = {"Content-Type": body_format.content_type, "Content-Length": str(len(body))}
    too_late = f"{endpoint}: no answer within {timeout:g} s for {method} {what}"
    try:
        connection.connect()
    except TimeoutError as error:
        raise KGError(too_late) from error
    except OSError as error:  # refused, no such host, unreachable
        connection.close()
        raise KGError(f"{endpoint}: cannot connect ({_reason(error)}); is the store running?") from error
    try:
        sent_error: OSError | None = None
        try:
            connection.request(method, target, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError) as error:
            sent_error = error
        try:
            response = connection.getresponse()
            answer = response.read()
        except (http.client.HTTPException, ConnectionError) as error:
            raise sent_error or error from None
    except TimeoutError as error:
        raise KGError(too_late) from error
    except (OSError, http.client.HTTPException) as error:  # the connection dropped mid-request
        raise KGError(f"{endpoint}: {method} {what} failed: {_one_line(str(error))}") from error
    finally:
        connection.close()
    if response.status >= 300:
        raise KGError(f"{endpoint}: HTTP {response.status} {response.reason} for {method} {what}{_detail(answer)}")
    return int(response.status)


def _detail(answer: bytes) -> str:
    """``: the store's answer`` on one line, shortened, if it gave one."""
    text = answer[:2000].decode("utf-8", "replace")
    if _HTML_TAG.search(text):  # an HTML error page (Virtuoso's, a proxy's): its text without head and tags
        text = _HTML_TAG.sub(" ", _HTML_HEAD.sub(" ", text))
    message = html.unescape(_one_line(text))
    if not message:
        return ""
    return f": {message if len(message) <= 200 else message[:197] + '...'}"


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return _one_line(str(reason))


def _one_line(text: str) -> str:
    return " ".join(text.split())
