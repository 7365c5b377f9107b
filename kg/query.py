"""Run SPARQL 1.1 queries on a pyoxigraph store and write their results.

``run_query`` parses and starts a query; ``format_result`` writes what it gives as kg's text
table, a W3C results format (CSV, TSV, JSON, XML) or, for CONSTRUCT and DESCRIBE, an RDF format.
Queries never reach outside the store: ``SERVICE`` is refused unless asked for, and
``FROM``/``FROM NAMED`` IRIs only name graphs inside the store (pyoxigraph never dereferences them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.errors import InputError, QueryError
from kg.formats import OutputFormat, RdfFormat, ResultFormat, format_from_name
from kg.iris import DEFAULT_BASE
from kg.vocab import KG

__all__ = [
    "PREFIXES",
    "Query",
    "QueryResult",
    "ResultTooLarge",
    "compact_iri",
    "format_result",
    "read_query",
    "run_query",
    "run_update",
]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
"""What :func:`run_query` returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

PREFIXES: Mapping[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
    "foaf": str(FOAF),
    "kg": str(KG),
    "res": DEFAULT_BASE,
}
"""Prefixes every query may use without declaring them, and that tables and Turtle output use."""

QUERY_FILE_SUFFIXES = (".rq", ".sparql")

_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


_T = TypeVar("_T")
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class ResultTooLarge(QueryError):
    """A result has more rows (or triples) than the limit allows."""


@dataclass(frozen=True)
class Query:
    """SPARQL query text and the file it was read from, if any (used in error messages)."""

    text: str
    source: str | None = None

    def describe(self) -> str:
        """The query file's name, or the start of the query text, for messages."""
        if self.source is not None:
            return self.source
        text = " ".join(self.text.split())
        return repr(text if len(text) <= 60 else text[:57] + "...")


# --- reading a query ---------------------------------------------------------------------------


def read_query(arg: str) -> Query:
    """The query a command-line argument stands for: the text itself, or a ``.rq`` file's content.

    ``arg`` is a file when it is one line without ``{`` and either ends with ``.rq``/``.sparql``
    or names an existing file.

    Raises:
        InputError: the query file is missing or is not UTF-8 text.
    """
    if not _looks_like_path(arg):
        return Query(arg)
    path = Path(arg)
    try:
        return Query(path.read_text(encoding="utf-8"), source=arg)
    except FileNotFoundError as error:
        raise InputError(f"{arg}: no such query file; expected a .rq file or SPARQL query text") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{arg}: query file is not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise InputError(f"{arg}: cannot read query file: {error.strerror}") from error


def _looks_like_path(arg: str) -> bool:
    if "\n" in arg or "{" in arg or not arg.strip():
        return False
    if arg.lower().endswith(QUERY_FILE_SUFFIXES):
        return True
    try:
        return Path(arg).is_file()
    except OSError:  # a name too long to be a file, say: query text
        return False


# --- running a query ---------------------------------------------------------------------------


def run_query(
    store: ox.Store,
    query: Query | str,
    *,
    allow_service: bool = False,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> QueryResult:
    """Parse ``query`` and start it on ``store``; the result is lazy and read by :func:`format_result`.

    The prefixes in :data:`PREFIXES` are predeclared. The query sees the store's default graph,
    which :func:`kg.store.open_graph` makes the merge of a file's named graphs, so a TriG file is
    queried as one graph; if the default graph is empty (a store folder with named graphs only),
    it sees the union of all graphs instead. A ``FROM``/``FROM NAMED`` clause, or
    ``default_graphs``/``named_graphs`` (the SPARQL protocol's ``default-graph-uri`` and
    ``named-graph-uri``), picks graphs of the store by name; nothing is ever fetched. ``SERVICE``
    is refused unless ``allow_service``, because pyoxigraph would fetch the service over HTTP.

    Raises:
        QueryError: the query does not parse, is an update, uses ``SERVICE`` when not allowed,
            names an invalid graph IRI, or fails to start; the message names the query file
            (or quotes the query) and gives pyoxigraph's reason on one line.
    """
    if isinstance(query, str):
        query = Query(query)
    words = _bare_words(query.text)
    _refuse_update(query, words)
    if not allow_service:
        _refuse_service(query)
    try:
        return store.query(
            query.text,
            prefixes=dict(PREFIXES),
            use_default_graph_as_union=_union_needed(store, words, default_graphs, named_graphs),
            default_graph=[_graph_name(iri, query) for iri in default_graphs] or None,
            named_graphs=[_graph_name(iri, query) for iri in named_graphs] or None,
        )
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error in {query.describe()}{_where(error.msg)}") from error
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"query {query.describe()} failed: {_one_line(str(error))}") from error


def run_update(store: ox.Store, update: Query | str) -> None:
    """Apply the SPARQL 1.1 update ``update`` to ``store``, all or nothing; :data:`PREFIXES` are predeclared.

    Nothing is ever fetched: ``LOAD`` and ``SERVICE`` are refused.

    Raises:
        QueryError: the update does not parse, uses ``LOAD`` or ``SERVICE``, or the store refuses
            it (a store folder opened read-only); the message names the update file or quotes it.
    """
    if isinstance(update, str):
        update = Query(update)
    if "LOAD" in _bare_words(update.text):
        raise QueryError(f"LOAD in {update.describe()} is not allowed: kg never fetches remote data")
    _refuse_service(update)
    try:
        store.update(update.text, prefixes=dict(PREFIXES))
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error in {update.describe()}{_where(error.msg)}") from error
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"update {update.describe()} failed: {_one_line(str(error))}") from error


def _union_needed(
    store: ox.Store, words: Sequence[str], default_graphs: Sequence[str], named_graphs: Sequence[str]
) -> bool:
    """Whether to query the union of all graphs: only when no dataset is named and the default graph is empty.

    :func:`kg.store.open_graph` fills the default graph of files with the merge of their graphs;
    a store folder whose data is all in named graphs needs the union (where a triple held by
    several graphs shows up once per graph).
    """
    if default_graphs or named_graphs or "FROM" in words:
        return False
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def _graph_name(iri: str, query: Query) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"invalid graph IRI {iri!r} for {query.describe()}: {error}") from error


def _where(message: str) -> str:
    """pyoxigraph's ``error at 1:26: expected ...`` as `` at 1:26: expected ...``."""
    message = _one_line(message)
    return message[len("error") :] if message.startswith("error at ") else f": {message}"


def _refuse_update(query: Query, words: Sequence[str]) -> None:
    form = next((word for word in words if word not in ("BASE", "PREFIX")), None)
    if form in _UPDATE_KEYWORDS:
        raise QueryError(
            f"{query.describe()} is a SPARQL update ({form}); kg runs read-only queries only "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )


def _refuse_service(query: Query) -> None:
    tokens = [token for token in _tokens(query.text) if token[0] not in ("space", "comment")]
    for i, (kind, text) in enumerate(tokens):
        if kind == "word" and "SERVICE" in _keyword_parts(text):
            target = next((t for _, t in tokens[i + 1 : i + 3] if t.upper() != "SILENT"), "")
            raise QueryError(
                f"SERVICE {target} in {query.describe()} is not allowed: kg never fetches remote data"
            )


# --- a small SPARQL lexer, enough to find keywords outside strings, IRIs and comments ----------

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
               |'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
               |"(?:[^"\\\n\r]|\\.)*"
               |'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<word>(?:[\w:.\-%\u00b7]|\\[_~.\-!$&'()*+,;=/?\#@%])+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs; kinds: space, comment, string, iri, var, word, other."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        yield kind, match.group()


def _keyword_parts(word: str) -> list[str]:
    """The upper-cased runs of letters in a word token that could be keywords.

    A word can glue a keyword to a number or a language tag (``1.SERVICE``, ``"x"@en.SERVICE``),
    so every run of letters counts, except in pieces (between dots) with a ``:``: those are
    prefixed names or blank node labels, never keywords. This may see a keyword that is not
    one (in ``ex:a.service`` or ``@x-service``), never miss one.
    """
    return [run.upper() for part in word.split(".") if ":" not in part for run in _LETTERS.findall(part)]


_LETTERS = re.compile(r"[A-Za-z]+")


def _bare_words(text: str) -> list[str]:
    """The keyword-like words of a query, upper-cased, in order."""
    return [part for kind, token in _tokens(text) if kind == "word" for part in _keyword_parts(token)]


# --- writing a result --------------------------------------------------------------------------


def format_result(
    result: QueryResult,
    fmt: OutputFormat | str,
    *,
    max_rows: int | None = None,
    prefixes: Mapping[str, str] = PREFIXES,
) -> str | bytes:
    """Write ``result`` in ``fmt`` (a format or its name): ``str`` for the table, UTF-8 ``bytes`` otherwise.

    SELECT and ASK take a :class:`ResultFormat`; the W3C formats come from pyoxigraph exactly.
    CONSTRUCT and DESCRIBE take an :class:`RdfFormat`, or ``table`` (Turtle), ``json`` (JSON-LD)
    or ``xml`` (RDF/XML). The table compacts IRIs with ``prefixes``, shows literals by their
    lexical value and ends with a ``N rows`` line; an ASK table is ``true`` or ``false``.

    Raises:
        ResultTooLarge: ``max_rows`` is set and the result has more rows or triples.
        QueryError: the format does not fit the kind of result (say, CSV for CONSTRUCT),
            or the query fails while it runs.
        KGError: ``fmt`` is a name no format has; the message lists the choices.
    """
    if isinstance(fmt, str):
        fmt = format_from_name(fmt)
    try:
        if isinstance(result, ox.QueryTriples):
            graph = _format_graph(result, _graph_format(fmt), max_rows, prefixes)
            return graph.decode("utf-8") if fmt is ResultFormat.TABLE else graph
        solution_format = _solution_format(fmt, result)
        if isinstance(result, ox.QueryBoolean):
            return _format_boolean(result, solution_format)
        return _format_solutions(result, solution_format, max_rows, prefixes)
    except (OSError, RuntimeError) as error:
        raise QueryError(f"the query failed while running: {_one_line(str(error))}") from error


def _graph_format(fmt: OutputFormat) -> RdfFormat:
    if isinstance(fmt, RdfFormat):
        return fmt
    if fmt.graph_format is None:
        choices = ", ".join([f.label for f in ResultFormat if f.graph_format] + [f.label for f in RdfFormat])
        raise QueryError(
            f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt.label}; expected {choices}"
        )
    return fmt.graph_format


def _solution_format(fmt: OutputFormat, result: ox.QuerySolutions | ox.QueryBoolean) -> ResultFormat:
    if isinstance(fmt, ResultFormat):
        return fmt
    kind = "an ASK" if isinstance(result, ox.QueryBoolean) else "a SELECT"
    raise QueryError(
        f"{kind} result cannot be written as {fmt.label} (an RDF format); "
        f"expected one of {', '.join(f.label for f in ResultFormat)}"
    )


def _format_boolean(result: ox.QueryBoolean, fmt: ResultFormat) -> str | bytes:
    if fmt.oxigraph is None:
        return "true\n" if result else "false\n"
    return _written(result.serialize(format=fmt.oxigraph))


def _format_solutions(
    result: ox.QuerySolutions, fmt: ResultFormat, max_rows: int | None, prefixes: Mapping[str, str]
) -> str | bytes:
    if fmt.oxigraph is None:
        names = [variable.value for variable in result.variables]
        return _table(names, _limited(_solutions(result), max_rows), prefixes)
    if max_rows is None:
        return _written(result.serialize(format=fmt.oxigraph))
    return _written(_reparsed(result, max_rows).serialize(format=fmt.oxigraph))


def _format_graph(
    result: ox.QueryTriples, fmt: RdfFormat, max_rows: int | None, prefixes: Mapping[str, str]
) -> bytes:
    triples = _limited(_triples(result), max_rows)
    return _written(ox.serialize(triples, format=fmt.oxigraph, prefixes=_used_prefixes(triples, prefixes)))


def _written(output: bytes | None) -> bytes:
    """pyoxigraph's serialisation, which is bytes when no output file is given."""
    assert output is not None
    return output


def _limited(rows: Iterable[_T], max_rows: int | None) -> list[_T]:
    """All rows, or ResultTooLarge as soon as there are more than ``max_rows``."""
    if max_rows is None:
        return list(rows)
    taken = list(islice(rows, max_rows + 1))
    if len(taken) > max_rows:
        raise ResultTooLarge(
            f"the result has more than {max_rows} rows; add LIMIT to the query or make it more selective"
        )
    return taken


def _solutions(result: ox.QuerySolutions) -> Iterator[ox.QuerySolution]:
    """The solutions, typed (pyoxigraph's stubs type iteration as Any)."""
    yield from result


def _triples(result: ox.QueryTriples) -> Iterator[ox.Triple]:
    """The triples, typed (pyoxigraph's stubs type iteration as Any)."""
    yield from result


def _reparsed(result: ox.QuerySolutions, max_rows: int) -> ox.QuerySolutions:
    """The solutions, at most ``max_rows``, as a fresh QuerySolutions (via TSV) for pyoxigraph to write."""
    names = [variable.value for variable in result.variables]
    lines = ["\t".join(f"?{name}" for name in names)]
    for solution in _limited(_solutions(result), max_rows):
        lines.append("\t".join(_term_tsv(solution[name]) for name in names))
    reparsed = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    assert isinstance(reparsed, ox.QuerySolutions)
    return reparsed


def _term_tsv(term: _Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return f"<<( {_term_tsv(term.subject)} {_term_tsv(term.predicate)} {_term_tsv(term.object)} )>>"
    return str(term)


# --- the text table ----------------------------------------------------------------------------


def _table(names: Sequence[str], solutions: Sequence[ox.QuerySolution], prefixes: Mapping[str, str]) -> str:
    namespaces = _by_length(prefixes)
    rows = [[_cell(solution[name], namespaces) for name in names] for solution in solutions]
    widths = [max([_width(name)] + [_width(row[i]) for row in rows]) for i, name in enumerate(names)]
    lines = [_line(names, widths), _line(["-" * w for w in widths], widths)] if names else []
    lines += [_line(row, widths) for row in rows]
    count = len(solutions)
    lines.append(f"{count} row" if count == 1 else f"{count} rows")
    return "\n".join(lines) + "\n"


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)
    ).rstrip()


def _cell(term: _Term | None, namespaces: Sequence[tuple[str, str]]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value, namespaces)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    parts = (
        _cell(term.subject, namespaces),
        _cell(term.predicate, namespaces),
        _cell(term.object, namespaces),
    )
    return f"<< {' '.join(parts)} >>"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide East Asian characters 2, combining marks 0."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def compact_iri(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``prefix:rest`` for the longest namespace in ``prefixes`` that ``iri`` starts with, else ``<iri>``."""
    return _compact(iri, _by_length(prefixes))


def _compact(iri: str, namespaces: Sequence[tuple[str, str]]) -> str:
    for prefix, namespace in namespaces:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _by_length(prefixes: Mapping[str, str]) -> list[tuple[str, str]]:
    return sorted(prefixes.items(), key=lambda item: -len(item[1]))


_PLAIN_LOCAL = re.compile(r"\w(?:[\w.\-]*[\w\-])?")


def _used_prefixes(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes that give a plain ``prefix:name`` for every IRI in ``triples`` under them.

    A prefix some IRI uses with a local part Turtle would have to escape (``res:person\\/xi``)
    is left out, so those IRIs are written in full; unused prefixes are left out too.
    """
    iris = {term.value for triple in triples for term in _iris_in(triple)}
    used = {}
    for prefix, namespace in _by_length(prefixes):
        under = {iri for iri in iris if iri.startswith(namespace)}
        if under and all(_PLAIN_LOCAL.fullmatch(iri[len(namespace) :]) for iri in under):
            used[prefix] = namespace
        iris -= under
    return used


def _iris_in(term: _Term) -> Iterator[ox.NamedNode]:
    if isinstance(term, ox.NamedNode):
        yield term
    elif isinstance(term, ox.Triple):
        for part in (term.subject, term.predicate, term.object):
            yield from _iris_in(part)


def _one_line(text: str) -> str:
    return " ".join(text.split())
