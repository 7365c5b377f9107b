"""RDF files: Turtle, N-Triples, TriG and JSON-LD, the same bytes for the same quads.

Every writer takes the dataset as a pyoxigraph ``Store`` or a sequence of ``Quad`` (one named graph
per document) and writes the union of its graphs; TriG also writes each named graph.

How the files are made without touching triples one by one in Python: pyoxigraph (Rust) writes the
whole dataset as TriG once. pyoxigraph writes a triple the same way wherever it stands (same prefixes,
same escapes), so that text is cut with bytes operations into statements (a subject and its
predicate-object pairs, in the form a graph block indents them), and the subjects are written
sorted, each once. A subject that pyoxigraph wrote in one statement keeps it as it is: its pairs in
the order of the quads (``kg build`` sorts each document's quads). A subject written in several
statements (in several document graphs) gets their pairs merged, each once, sorted. So the same
quads in the same order give the same bytes, and the same document graphs in any order too. On a
million triples the Turtle takes 1.4 to 1.5 times pyoxigraph's own ``Store.dump`` of a store already
holding the union, and a third of what pyoxigraph takes to make that union from the document graphs
(``python bench/serve.py``; docs/interop.md). A dataset whose statements cannot be merged safely this
way (RDF 1.2 triple terms) is written the slow exact way instead: its triples sorted by their
N-Triples form, through pyoxigraph.
"""

from __future__ import annotations

import gc
import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, compress, count, pairwise, repeat
from operator import contains
from typing import Any

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.iris import SEGMENTS
from kg.vocab import KG

__all__ = ["Prepared", "Source", "jsonld", "ntriples", "prefixes", "prepare", "trig", "turtle", "union"]

Source = Store | Sequence[Quad]
"""What the writers take: a store, or quads (each in its document's named graph)."""

STANDARD_PREFIXES = {
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "skos": str(SKOS),
    "prov": str(PROV), "dcterms": str(DCTERMS), "schema": "https://schema.org/", "kg": str(KG),
}

_END = b" .\n\t"  # between the statements of a graph block
_PAIRS = b" ;\n\t\t"  # between the predicate-object pairs of a statement in a graph block
_OBJECTS = b" , "  # between the objects of one predicate
_OBJECT = re.compile(rb'("(?:[^"\\]|\\.)*"\S*|\S+)(?: , |\Z)')  # a literal (with its tag or type), or a name

Subjects = dict[bytes, list[bytes]]
"""Subject token -> its statements (``subject pairs``), in the order found."""


def prefixes(base: str) -> dict[str, str]:
    """Prefixes for the ontology, standard vocabularies and each kind of minted resource."""
    minted = {segment: f"{base}{segment}/" for segment in sorted(set(SEGMENTS.values()))}
    minted |= {name: f"{base}{name}/" for name in ("document", "event", "fact")}
    return STANDARD_PREFIXES | minted


class _Irregular(Exception):
    """pyoxigraph's TriG holds something the fast path cannot merge safely (RDF 1.2 triple terms)."""


@dataclass(frozen=True)
class _Cut:
    """pyoxigraph's TriG of a dataset cut into statements (``subject pairs``, each in the form a graph
    block indents it: pairs joined by ``_PAIRS``), with the graph each run of them belongs to."""

    statements: list[bytes]
    graphs: list[tuple[bytes, int, int]]  # (graph token, b"" for the default graph; first and past-last statement)


class Prepared:
    """A source prepared for export: its TriG cut into statements once, shared by every writer."""

    def __init__(self, source: Source, base: str) -> None:
        self.source = source
        self.base = base

    @cached_property
    def cut(self) -> _Cut:
        """The statements of every graph."""
        with _gc_paused():
            return _cut(_trig_text(self.source, prefixes(self.base)))

    @cached_property
    def header(self) -> bytes:
        """The ``@prefix`` lines, sorted by name."""
        return b"".join(f"@prefix {name}: <{iri}> .\n".encode() for name, iri in sorted(prefixes(self.base).items()))

    @cached_property
    def turtle(self) -> bytes:
        """The union graph as Turtle."""
        with _gc_paused(), suppress(_Irregular):
            statements = _sorted_statements(_group(self.cut.statements))
            return b" .\n".join([self.header.removesuffix(b" .\n"), *statements, b""])  # one copy
        return serialize(union(self.source), format=RdfFormat.TURTLE, prefixes=prefixes(self.base)) or b""

    def triples(self) -> Iterator[Triple]:
        """The union graph's triples in the order of the Turtle file."""
        for quad in parse(self.turtle, format=RdfFormat.TURTLE):
            yield quad.triple


def prepare(source: Source | Prepared, base: str) -> Prepared:
    """``source`` ready for the writers; one already prepared for the same base is used as it is."""
    if isinstance(source, Prepared) and source.base == base:
        return source
    return Prepared(source.source if isinstance(source, Prepared) else source, base)


def turtle(source: Source | Prepared, base: str) -> bytes:
    """The union graph as Turtle: subjects sorted, each once (see the module's docstring)."""
    return prepare(source, base).turtle


def ntriples(source: Source | Prepared, base: str) -> bytes:
    """The union graph as N-Triples, in the order of the Turtle file."""
    data = prepare(source, base)
    return serialize(parse(data.turtle, format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES) or b""


def trig(source: Source | Prepared, base: str) -> bytes:
    """The union as the default graph, then one named graph per document, each sorted as in Turtle."""
    data = prepare(source, base)
    with _gc_paused(), suppress(_Irregular):
        return _named_graphs(data.turtle, data.cut)
    default = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in union(data.source)]
    named = sorted((q for q in _quads(data.source) if not isinstance(q.graph_name, DefaultGraph)), key=str)
    return serialize([*default, *named], format=RdfFormat.TRIG, prefixes=prefixes(base)) or b""


def _named_graphs(turtle: bytes, cut: _Cut) -> bytes:
    """The Turtle file (the union, in the default graph), then each named graph's block, sorted."""
    ranges: dict[bytes, list[tuple[int, int]]] = {}
    for graph, start, end in cut.graphs:
        if graph:
            ranges.setdefault(graph, []).append((start, end))
    parts = [turtle]
    for graph in sorted(ranges):
        subjects: Subjects = {}
        for start, end in ranges[graph]:
            subjects = _group(cut.statements[start:end], subjects)
        parts += [graph, b" {\n\t", _END.join(_sorted_statements(subjects)), b" .\n}\n"]
    return b"".join(parts)


def jsonld(source: Source | Prepared, base: str) -> bytes:
    """The union graph as compacted JSON-LD: a @context of prefixes, then one node object per subject
    (in the order of the Turtle file), one to a line."""
    context = prefixes(base)
    nodes = _node_objects(prepare(source, base).triples(), _compactor(context))
    head = json.dumps(context, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n ")
    graph = ",".join(f"\n  {json.dumps(node, ensure_ascii=False, sort_keys=True)}" for node in nodes)
    return f'{{\n "@context": {head},\n "@graph": [{graph}\n ]\n}}\n'.encode()


def _node_objects(triples: Iterable[Triple], compact: Callable[[str], str]) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    rdf_type = str(RDF.type)
    for triple in triples:
        subject = _id(triple.subject, compact)
        node = nodes.setdefault(subject, {"@id": subject})
        if triple.predicate.value == rdf_type and not isinstance(triple.object, Literal):
            node.setdefault("@type", []).append(_id(triple.object, compact))
        else:
            node.setdefault(compact(triple.predicate.value), []).append(_value(triple.object, compact))
    return list(nodes.values())


# --- the fast path: cutting pyoxigraph's TriG into statements -------------------------------------


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: the cutting makes hundreds of thousands of lists and
    bytes, none in a cycle, and a collection they set off would walk every object of the process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _trig_text(source: Source, names: dict[str, str]) -> bytes:
    if isinstance(source, Store):
        return source.dump(format=RdfFormat.TRIG, prefixes=names) or b""
    return serialize(source, format=RdfFormat.TRIG, prefixes=names) or b""


def _cut(text: bytes) -> _Cut:
    """The statements of pyoxigraph's TriG, each as ``subject pairs``, and the graph of each.

    pyoxigraph escapes line breaks and tabs in literals, so every one in the text is its own: a
    statement in a graph block starts a line with a tab and ends with `` .``; the lines of a block's
    other statements start with two tabs. So the text is split once where a statement ends and a tab
    starts the next; a piece that also holds a statement end followed by no tab holds what lies
    between: ``@prefix`` lines, a block's ``}`` and the next block's opening, or statements outside
    any block (the default graph), whose pairs are indented again as in a block.
    """
    pieces = text.split(_END)
    statements: list[bytes] = []
    graphs: list[tuple[bytes, int]] = [(b"", 0)]
    done = 0
    for index in chain([0], compress(count(), map(contains, pieces, repeat(b" .\n")))):
        if index < done:
            continue  # the first piece, met twice
        statements += pieces[done:index]
        lines = pieces[index].split(b" .\n")
        if index:
            statements.append(lines.pop(0))  # a statement of the block the piece starts in
        for line in lines:
            if line.startswith(b"}\n"):
                line = line[2:]
                graphs.append((b"", len(statements)))
            graph, opened, first = line.partition(b" {\n\t")
            if opened:
                graphs.append((graph, len(statements)))
                statements.append(first)
            elif line and not line.startswith(b"@prefix "):
                statements.append(line.replace(b" ;\n\t", _PAIRS))
        done = index + 1
    statements += pieces[done:]
    bounds = pairwise([*graphs, (b"", len(statements))])
    return _Cut(statements, [(graph, start, end) for (graph, start), (_, end) in bounds if end > start])


def _group(statements: list[bytes], into: Subjects | None = None) -> Subjects:
    """The statements by subject (the token before the first space)."""
    grouped: Subjects = {} if into is None else into
    for statement in statements:
        subject = statement[: statement.find(b" ")]
        found = grouped.get(subject)
        if found is None:
            grouped[subject] = [statement]
        else:
            found.append(statement)
    return grouped


def _sorted_statements(subjects: Subjects) -> list[bytes]:
    """The statements of ``subjects``, sorted by subject, each subject once: a subject found in one
    statement keeps it as pyoxigraph wrote it; one found in several gets their pairs merged, each
    once, sorted.

    Raises:
        _Irregular: a subject is a triple term (RDF 1.2), which has spaces of its own, or pairs to
            merge have objects that cannot be told apart safely.
    """
    order = sorted(subjects)
    first_term = bisect_left(order, b"<<")
    if first_term < len(order) and order[first_term].startswith(b"<<"):
        raise _Irregular
    return [texts[0] if len(texts := subjects[subject]) == 1 else _merged(subject, texts) for subject in order]


def _merged(subject: bytes, texts: list[bytes]) -> bytes:
    """One statement of the predicate-object pairs of several statements of ``subject``, sorted, each once."""
    skip = len(subject) + 1
    joined = _PAIRS.join([text[skip:] for text in texts])
    pairs = joined.split(_PAIRS)
    if _OBJECTS in joined:
        pairs = _one_object_each(pairs)
    return subject + b" " + _PAIRS.join(sorted(set(pairs)))


def _one_object_each(pairs: list[bytes]) -> list[bytes]:
    """``p o1 , o2`` as ``p o1`` and ``p o2``, so that pairs sort and merge one triple at a time.

    Raises:
        _Irregular: the objects cannot be told apart safely (such as a triple term holding a literal).
    """
    single = []
    for pair in pairs:
        if _OBJECTS not in pair:
            single.append(pair)
            continue
        predicate, _, objects = pair.partition(b" ")
        parts = _OBJECT.findall(objects) if b'"' in objects else objects.split(_OBJECTS)
        if _OBJECTS.join(parts) != objects:
            raise _Irregular
        single += [predicate + b" " + part for part in parts]
    return single


# --- the slow exact path, and JSON-LD terms ---------------------------------------------------------


def _quads(source: Source) -> Iterator[Quad]:
    yield from source


def union(source: Source) -> list[Triple]:
    """The triples of all graphs, each once, sorted by their N-Triples form."""
    return sorted({quad.triple for quad in _quads(source)}, key=str)


def _compactor(context: dict[str, str]) -> Callable[[str], str]:
    """``prefix:rest`` for the longest namespace an IRI starts with (if ``rest`` has no colon), else the IRI."""
    namespaces = sorted(context.items(), key=lambda kv: -len(kv[1]))
    cache: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = cache.get(iri)
        if found is None:
            found = next(
                (f"{prefix}:{iri[len(ns):]}" for prefix, ns in namespaces
                 if iri.startswith(ns) and len(iri) > len(ns) and ":" not in iri[len(ns):]),
                iri,
            )
            cache[iri] = found
        return found

    return compact


def _id(term: object, compact: Callable[[str], str]) -> str:
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def _value(term: object, compact: Callable[[str], str]) -> dict[str, str]:
    if not isinstance(term, Literal):
        return {"@id": _id(term, compact)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == str(XSD.string):
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(term.datatype.value)}
