"""RDF files: Turtle, N-Triples, TriG and JSON-LD, the same bytes for the same quads.

Every writer takes the dataset as a pyoxigraph ``Store`` or a sequence of ``Quad`` (one named graph
per document) and writes the union of its graphs; TriG also writes each named graph.

How the files are made without touching triples one by one in Python: pyoxigraph (Rust) writes the
whole dataset as TriG once. pyoxigraph writes a triple the same way wherever it stands (same prefixes,
same escapes), so that text is cut with bytes operations into statements (a subject and its
predicate-object pairs), and the subjects are written sorted, each once. A subject that pyoxigraph
wrote in one statement keeps it as it is: its pairs in the order of the quads (``kg build`` sorts each
document's quads). A subject written in several statements (in several document graphs) gets their
pairs merged, each once, sorted. So the same quads in the same order give the same bytes, and the
same document graphs in any order too. On a million triples this costs 1.5 to 1.9 times pyoxigraph's
own ``Store.dump`` of a store already holding the union (1.9 on quads made as ``kg build`` makes them),
and about half what pyoxigraph takes to make that union from the document graphs (``python
bench/serve.py``; docs/interop.md). A dataset whose
TriG cannot be cut safely this way (RDF 1.2 triple terms, or ``<<`` in a literal) is written the slow
exact way instead: its triples sorted by their N-Triples form, through pyoxigraph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from operator import methodcaller
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

_PAIRS = b" ;\n\t"  # between the predicate-object pairs of a top-level statement
_INNER_PAIRS = b" ;\n\t\t"  # the same inside a TriG graph block
_OBJECTS = b" , "  # between the objects of one predicate
_OBJECT = re.compile(rb'("(?:[^"\\]|\\.)*"\S*|\S+)(?: , |\Z)')  # a literal (with its tag or type), or a name
_SUBJECT = methodcaller("partition", b" ")

Subjects = dict[bytes, list[bytes]]
"""Subject token -> the pair texts of its statements, each joined by ``_PAIRS``."""


def prefixes(base: str) -> dict[str, str]:
    """Prefixes for the ontology, standard vocabularies and each kind of minted resource."""
    minted = {segment: f"{base}{segment}/" for segment in sorted(set(SEGMENTS.values()))}
    minted |= {name: f"{base}{name}/" for name in ("document", "event", "fact")}
    return STANDARD_PREFIXES | minted


class _Irregular(Exception):
    """pyoxigraph's TriG holds something the fast path cannot cut safely."""


@dataclass(frozen=True)
class _Block:
    """Statements of one graph (``b""`` for the default graph), as pyoxigraph wrote them."""

    graph: bytes
    statements: list[bytes]


class Prepared:
    """A source prepared for export: its TriG cut into statements once, shared by every writer."""

    def __init__(self, source: Source, base: str) -> None:
        self.source = source
        self.base = base

    @cached_property
    def blocks(self) -> list[_Block] | None:
        """The statements of each graph block, or None if the TriG cannot be cut safely."""
        try:
            return _cut(_trig_text(self.source, prefixes(self.base)))
        except _Irregular:
            return None

    @cached_property
    def union(self) -> Subjects:
        """Every subject of every graph with its pairs."""
        return _merge(block.statements for block in self.blocks or ())

    @cached_property
    def header(self) -> bytes:
        """The ``@prefix`` lines, sorted by name."""
        return b"".join(f"@prefix {name}: <{iri}> .\n".encode() for name, iri in sorted(prefixes(self.base).items()))

    @cached_property
    def turtle(self) -> bytes:
        """The union graph as Turtle."""
        if self.blocks is not None:
            with suppress(_Irregular):
                return self.header + _write(self.union)
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
    """The union graph as Turtle: subjects sorted, each with its predicate-object pairs sorted."""
    return prepare(source, base).turtle


def ntriples(source: Source | Prepared, base: str) -> bytes:
    """The union graph as N-Triples, in the order of the Turtle file."""
    data = prepare(source, base)
    return serialize(parse(data.turtle, format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES) or b""


def trig(source: Source | Prepared, base: str) -> bytes:
    """The union as the default graph, then one named graph per document, each sorted as in Turtle."""
    data = prepare(source, base)
    if data.blocks is not None:
        with suppress(_Irregular):
            return _named_graphs(data, data.blocks)
    default = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in union(data.source)]
    named = sorted((q for q in _quads(data.source) if not isinstance(q.graph_name, DefaultGraph)), key=str)
    return serialize([*default, *named], format=RdfFormat.TRIG, prefixes=prefixes(base)) or b""


def _named_graphs(data: Prepared, blocks: list[_Block]) -> bytes:
    """The Turtle file (the union, in the default graph), then each named graph's block, sorted."""
    named: dict[bytes, list[list[bytes]]] = {}
    for block in blocks:
        if block.graph:
            named.setdefault(block.graph, []).append(block.statements)
    parts = [data.turtle]
    for graph in sorted(named):
        parts += [graph, b" {\n", _write(_merge(named[graph]), b"\t"), b"}\n"]
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


def _trig_text(source: Source, names: dict[str, str]) -> bytes:
    if isinstance(source, Store):
        return source.dump(format=RdfFormat.TRIG, prefixes=names) or b""
    return serialize(source, format=RdfFormat.TRIG, prefixes=names) or b""


def _cut(text: bytes) -> list[_Block]:
    """The statements of each graph block of pyoxigraph's TriG, each as ``subject pairs``.

    pyoxigraph escapes line breaks in literals, so every line break in the text is its own:
    statements end with `` .`` and a line break, graph blocks with a line holding ``}``.

    Raises:
        _Irregular: the text holds ``<<`` (a triple term, or a literal quoting one) or does not
            have the expected layout.
    """
    if b"<<" in text:
        raise _Irregular
    blocks = []
    for piece in text.split(b"\n}\n"):
        head, opened, inner = piece.rpartition(b" {\n")
        if opened:
            top, _, graph = head.rpartition(b"\n")
            if top:
                blocks.append(_Block(b"", _statements(top, b" .\n")))
            statements = _statements(inner.replace(_INNER_PAIRS, _PAIRS), b" .\n\t")
            if statements:
                statements[0] = statements[0][1:]  # the tab that opens the block
            blocks.append(_Block(graph, statements))
        else:
            blocks.append(_Block(b"", _statements(piece, b" .\n")))
    return blocks


def _statements(text: bytes, end: bytes) -> list[bytes]:
    """The statements of ``text`` (each ended by ``end``, the last maybe by `` .`` alone), without
    the ``@prefix`` lines that may open it."""
    statements = text.split(end)
    last = statements.pop()
    if last.strip():
        if not last.endswith(b" ."):
            raise _Irregular
        statements.append(last[:-2])
    start = 0
    while start < len(statements) and statements[start].startswith(b"@prefix "):
        start += 1
    return statements[start:] if start else statements


def _merge(blocks: Iterable[list[bytes]]) -> Subjects:
    subjects: Subjects = {}
    add = subjects.setdefault
    for statements in blocks:
        for subject, _, pairs in map(_SUBJECT, statements):
            add(subject, []).append(pairs)
    return subjects


def _write(subjects: Subjects, indent: bytes = b"") -> bytes:
    """Statements of ``subjects``, sorted by subject, each subject once (see the module's docstring)."""
    between = _PAIRS + indent
    lines: list[bytes] = []
    for subject in sorted(subjects):
        texts = subjects[subject]
        pairs = texts[0] if len(texts) == 1 else between.join(_merged_pairs(texts))
        if indent and len(texts) == 1:
            pairs = pairs.replace(_PAIRS, between)
        lines.extend((indent, subject, b" ", pairs, b" .\n"))
    return b"".join(lines)


def _merged_pairs(texts: list[bytes]) -> list[bytes]:
    """The predicate-object pairs of several statements of one subject, sorted, each once."""
    joined = _PAIRS.join(texts)
    pairs = joined.split(_PAIRS)
    if _OBJECTS in joined:
        pairs = _one_object_each(pairs)
    return sorted(set(pairs))


def _one_object_each(pairs: list[bytes]) -> list[bytes]:
    """``p o1 , o2`` as ``p o1`` and ``p o2``, so that pairs sort and merge one triple at a time."""
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
