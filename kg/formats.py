"""The one registry of formats kg reads and writes.

Two enums: :class:`RdfFormat` (graph and dataset serialisations) and :class:`ResultFormat`
(SPARQL query results). Each member knows its name, file extensions, media types and the
matching pyoxigraph format. Everything else reads them: extension guessing for input files,
the CLI's ``--format`` names and the endpoint's content negotiation (:func:`negotiate`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath
from typing import Protocol, TypeVar

import pyoxigraph as ox

from kg.errors import InputError, KGError

__all__ = [
    "GRAPH_RESULT_FORMATS",
    "SOLUTION_RESULT_FORMATS",
    "OutputFormat",
    "RdfFormat",
    "ResultFormat",
    "format_from_name",
    "negotiate",
    "output_format_names",
    "rdf_format_from_name",
    "rdf_format_from_path",
    "result_format_from_name",
]


class RdfFormat(Enum):
    """An RDF serialisation: name, extensions (first is canonical), media types (first is canonical)."""

    TURTLE = ("turtle", ("ttl",), ("text/turtle", "application/x-turtle"), ox.RdfFormat.TURTLE)
    NTRIPLES = ("ntriples", ("nt",), ("application/n-triples", "text/plain"), ox.RdfFormat.N_TRIPLES)
    NQUADS = ("nquads", ("nq",), ("application/n-quads", "text/x-nquads"), ox.RdfFormat.N_QUADS)
    TRIG = ("trig", ("trig",), ("application/trig", "application/x-trig"), ox.RdfFormat.TRIG)
    JSONLD = ("jsonld", ("jsonld",), ("application/ld+json", "application/x-json+ld"), ox.RdfFormat.JSON_LD)
    RDFXML = ("rdfxml", ("rdf",), ("application/rdf+xml",), ox.RdfFormat.RDF_XML)

    def __init__(
        self,
        label: str,
        extensions: tuple[str, ...],
        media_types: tuple[str, ...],
        oxigraph: ox.RdfFormat,
    ) -> None:
        self.label = label
        self.extensions = extensions
        self.media_types = media_types
        self.oxigraph = oxigraph

    @property
    def extension(self) -> str:
        """The canonical file extension, without the dot."""
        return self.extensions[0]

    @property
    def media_type(self) -> str:
        """The canonical media type."""
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """The HTTP ``Content-Type`` value, with ``charset`` for ``text/*`` types."""
        return _content_type(self.media_type)

    @property
    def holds_datasets(self) -> bool:
        """True if the format can hold named graphs (N-Quads, TriG, JSON-LD)."""
        return self.oxigraph.supports_datasets


class ResultFormat(Enum):
    """A SPARQL results format. ``table`` is kg's plain-text table and has no media type."""

    TABLE = ("table", ("txt",), (), None)
    CSV = ("csv", ("csv",), ("text/csv",), ox.QueryResultsFormat.CSV)
    TSV = ("tsv", ("tsv",), ("text/tab-separated-values",), ox.QueryResultsFormat.TSV)
    JSON = (
        "json",
        ("srj", "json"),
        ("application/sparql-results+json", "application/json"),
        ox.QueryResultsFormat.JSON,
    )
    XML = (
        "xml",
        ("srx", "xml"),
        ("application/sparql-results+xml", "application/xml"),
        ox.QueryResultsFormat.XML,
    )

    def __init__(
        self,
        label: str,
        extensions: tuple[str, ...],
        media_types: tuple[str, ...],
        oxigraph: ox.QueryResultsFormat | None,
    ) -> None:
        self.label = label
        self.extensions = extensions
        self.media_types = media_types
        self.oxigraph = oxigraph

    @property
    def media_type(self) -> str | None:
        """The canonical media type, or None for the text table."""
        return self.media_types[0] if self.media_types else None

    @property
    def content_type(self) -> str:
        """The HTTP ``Content-Type`` value (``text/plain`` for the table)."""
        return _content_type(self.media_type or "text/plain")

    @property
    def graph_format(self) -> RdfFormat | None:
        """The RDF format a CONSTRUCT/DESCRIBE result takes when this format is asked for, if any."""
        return _GRAPH_FALLBACK.get(self)


OutputFormat = ResultFormat | RdfFormat
"""Anything a query result can be written as."""

_GRAPH_FALLBACK = {
    ResultFormat.TABLE: RdfFormat.TURTLE,
    ResultFormat.JSON: RdfFormat.JSONLD,
    ResultFormat.XML: RdfFormat.RDFXML,
}

SOLUTION_RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat.JSON,
    ResultFormat.XML,
    ResultFormat.CSV,
    ResultFormat.TSV,
)
"""Formats the endpoint offers for SELECT and ASK, the default first."""

GRAPH_RESULT_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat.TURTLE,
    RdfFormat.NTRIPLES,
    RdfFormat.JSONLD,
    RdfFormat.RDFXML,
    RdfFormat.NQUADS,
    RdfFormat.TRIG,
)
"""Formats the endpoint offers for CONSTRUCT and DESCRIBE, the default first."""


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


# --- lookup by file extension and by name ---------------------------------------------------------


def rdf_format_from_path(path: str | os.PathLike[str]) -> RdfFormat:
    """The RDF format of a file, from its extension (case-insensitive).

    Raises:
        InputError: the extension is not one of the registry's; the message names the file
            and lists the valid extensions.
    """
    suffix = PurePath(path).suffix.lower().lstrip(".")
    for fmt in RdfFormat:
        if suffix in fmt.extensions:
            return fmt
    valid = ", ".join(f".{ext}" for fmt in RdfFormat for ext in fmt.extensions)
    found = f"'.{suffix}'" if suffix else "no extension"
    raise InputError(f"{os.fspath(path)}: cannot tell the RDF format from {found}; expected one of {valid}")


def rdf_format_from_name(name: str) -> RdfFormat:
    """The RDF format called ``name`` (its name or an extension, case-insensitive).

    Raises:
        KGError: no such format; the message lists the choices.
    """
    return _from_name(name, tuple(RdfFormat), "RDF format")


def result_format_from_name(name: str) -> ResultFormat:
    """The query results format called ``name`` (its name or an extension, case-insensitive).

    Raises:
        KGError: no such format; the message lists the choices.
    """
    return _from_name(name, tuple(ResultFormat), "result format")


def format_from_name(name: str) -> OutputFormat:
    """A results format or an RDF format by name, for a ``--format`` option that takes both.

    Raises:
        KGError: no such format; the message lists the choices.
    """
    choices: tuple[OutputFormat, ...] = (*ResultFormat, *RdfFormat)
    return _from_name(name, choices, "format")


def output_format_names() -> list[str]:
    """The names :func:`format_from_name` accepts as canonical, results formats first."""
    return [fmt.label for fmt in (*ResultFormat, *RdfFormat)]


class _Named(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...


_N = TypeVar("_N", bound=_Named)


def _from_name(name: str, choices: Sequence[_N], what: str) -> _N:
    key = name.strip().lower().lstrip(".")
    for fmt in choices:
        if key == fmt.label:
            return fmt
    for fmt in choices:
        if key in fmt.extensions:
            return fmt
    raise KGError(f"unknown {what} {name!r}; expected one of {', '.join(f.label for f in choices)}")


# --- content negotiation -------------------------------------------------------------------------


class _Negotiable(Protocol):
    @property
    def media_types(self) -> tuple[str, ...]: ...


_F = TypeVar("_F", bound=_Negotiable)


@dataclass(frozen=True)
class _MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How precisely this range matches ``media_type``: 3 exact, 2 ``type/*``, 1 ``*/*``, 0 not."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*":
            return 1
        if self.type != mtype:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == msub else 0


def negotiate(accept: str | None, offered: Sequence[_F]) -> _F | None:
    """Pick the offered format an ``Accept`` header prefers (RFC 9110 q-values and wildcards).

    Each offered format takes the q-value of the most specific range matching any of its media
    types; the highest q wins and ties go to the earlier offer. A missing or empty header accepts
    the first offer.

    Returns:
        The chosen format, or None if the header accepts none of the offers.
    """
    ranges = _parse_accept(accept or "")
    if not ranges:
        return offered[0] if offered else None
    best: _F | None = None
    best_q = 0.0
    for fmt in offered:
        q = _quality(fmt, ranges)
        if q > best_q:
            best, best_q = fmt, q
    return best


def _quality(fmt: _Negotiable, ranges: Sequence[_MediaRange]) -> float:
    best = (0, 0.0)  # (specificity, q): the most specific match decides, then the higher q
    for media_type in fmt.media_types:
        for media_range in ranges:
            specificity = media_range.specificity(media_type)
            if specificity and (specificity, media_range.q) > best:
                best = (specificity, media_range.q)
    return best[1]


def _parse_accept(header: str) -> list[_MediaRange]:
    ranges = []
    for item in header.split(","):
        media_range = _parse_media_range(item)
        if media_range is not None:
            ranges.append(media_range)
    return ranges


def _parse_media_range(item: str) -> _MediaRange | None:
    kind, *params = (part.strip() for part in item.split(";"))
    mtype, slash, subtype = kind.lower().partition("/")
    if not slash or not mtype or not subtype or (mtype == "*" and subtype != "*"):
        return None
    q = 1.0
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                q = min(max(float(value.strip()), 0.0), 1.0)
            except ValueError:
                return None
    return _MediaRange(mtype, subtype, q)
