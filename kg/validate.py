"""Check a data graph against kg's SHACL shapes (``ontology/shapes.ttl``).

    >>> report = validate("exports/graph.ttl")
    >>> report.conforms
    True
    >>> validate("tests/fixtures/two_labels.ttl").results  # doctest: +NORMALIZE_WHITESPACE
    ['<https://kg.example.org/id/person/xi-jinping> rdfs:label: has more than one rdfs:label;
      exactly one is allowed (other names go in skos:altLabel)']

SHACL's ``sh:class`` and ``sh:targetClass`` follow ``rdf:type/rdfs:subClassOf*`` in the *data*
graph, which only says ``a kg:Company``. So the data is copied and each node also gets the
superclasses of its classes from ``ontology/kg.ttl`` as types; pySHACL then runs without inference.
RDFS inference would be slower, and wrong here: the ontology's ``rdfs:range`` axioms would type a
bad value as the expected class (``kg:worksFor`` to a Product would make the Product an
Organization), so every range check would pass.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from pyshacl.errors import ValidationFailure
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.errors import InputError
from kg.store import open_graph

__all__ = ["ONTOLOGY_DIR", "Report", "blank_node_lines", "load_graph", "validate", "with_superclass_types"]

ONTOLOGY_DIR = Path(__file__).parent / "ontology"  # == Path(kg.__file__).parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

# The target of the shapes that check the whole graph in one query; their messages name the node at fault.
GRAPH_ANCHOR = URIRef("https://kg.example.org/shapes#DataGraph")
# Checked here in one pass instead of by pySHACL: its SPARQL query costs seconds on large graphs.
NO_BLANK_NODES_SHAPE = URIRef("https://kg.example.org/shapes#NoBlankNodesShape")

# Prefixes used to shorten IRIs in result lines.
_PREFIXES: Mapping[str, str] = {
    "kg": "https://kg.example.org/ontology#",
    "kgsh": "https://kg.example.org/shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_IRI_IN_TEXT = re.compile(r"<([^<>\s]+)>")
_MAX_LITERAL = 60
_XSD_STRING = str(XSD.string)


@dataclass(frozen=True)
class Report:
    """The outcome of a validation.

    ``results`` holds one readable line per problem, sorted: ``FOCUS PATH: MESSAGE (value: VALUE)``.
    ``text`` is the whole report, as ``kg validate`` prints it.
    """

    conforms: bool
    results: list[str]
    text: str


def validate(data: str | os.PathLike[str] | Graph) -> Report:
    """Validate a graph, or the graph in a file or store folder, against kg's SHACL shapes.

    Args:
        data: an rdflib graph (not modified; for a Dataset, the union of its graphs), or a path
            that ``kg.store.open_graph`` opens: a Turtle, N-Triples, N-Quads, TriG, JSON-LD or
            RDF/XML file, told by its extension, or a pyoxigraph store folder.

    Raises:
        InputError: the file is missing, has an unknown extension or does not parse; or the
            ontology or shapes next to the package are missing or broken. The message is one line
            and names the file.
    """
    graph = data if isinstance(data, Graph) else load_graph(data)
    ontology = _parse_turtle(ONTOLOGY_FILE)
    shapes = _parse_turtle(SHAPES_FILE)
    prepared = with_superclass_types(graph, ontology)
    run: list[str | URIRef] = [
        s
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if isinstance(s, URIRef) and s != NO_BLANK_NODES_SHAPE
    ]
    conforms, results_graph, _ = shacl_validate(
        prepared, shacl_graph=shapes, use_shapes=run, inference="none", advanced=False, inplace=True
    )
    if isinstance(results_graph, ValidationFailure):  # the shapes themselves are broken
        raise InputError(f"{SHAPES_FILE}: not usable SHACL: {_one_line(results_graph.message)}")
    blank = blank_node_lines(prepared, shapes)
    conforms = conforms and not blank
    lines = sorted([*_result_lines(results_graph), *blank])
    if conforms:
        text = "Conforms: the graph meets kg's SHACL shapes."
    else:
        text = f"Does not conform: {len(lines)} problem(s).\n" + "\n".join(lines)
    return Report(conforms=bool(conforms), results=lines, text=text)


def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Read a graph file or store folder into an rdflib graph; named graphs are merged into one.

    Raises:
        InputError: the path is missing, its extension is unknown, or it does not parse.
    """
    store = open_graph(path)  # the default graph already holds the union of any named graphs
    graph = Graph()
    try:
        graph.addN(
            (_term(q.subject), _term(q.predicate), _term(q.object), graph)
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        )
    except TypeError as exc:
        raise InputError(f"{os.fspath(path)}: {exc}") from exc
    return graph


def with_superclass_types(data: Graph, ontology: Graph) -> Graph:
    """Copy ``data``, adding ``s rdf:type D`` for every ``s rdf:type C`` where ``C rdfs:subClassOf+ D``.

    Only IRIs are added as superclasses; nothing else of the ontology enters the copy.
    """
    supers = _superclasses(ontology)
    out = Graph()
    if isinstance(data, ConjunctiveGraph):  # a Dataset: the union of its graphs
        out.addN((s, p, o, out) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        out.addN((s, p, o, out) for s, p, o in data)
    typed = list(out.subject_objects(RDF.type))
    out.addN((node, RDF.type, sup, out) for node, cls in typed for sup in supers.get(cls, ()))
    return out


def blank_node_lines(data: Graph, shapes: Graph) -> list[str]:
    """The result lines of ``kgsh:NoBlankNodesShape``, found in one pass over ``data``.

    The same check as the shape's SPARQL query, with the shape's own message: every blank node,
    except RDF list and OWL class-expression nodes (of an ontology mixed into the data).
    """
    constraint = shapes.value(NO_BLANK_NODES_SHAPE, SH.sparql)
    template = (
        str(shapes.value(constraint, SH.message)) if constraint is not None else "_:{?value}: blank node"
    )
    structural = (RDF.first, OWL.unionOf, OWL.members)
    blanks = {node for triple in data for node in triple if isinstance(node, BNode)}
    return sorted(
        _shorten(template.replace("{?value}", str(node)).replace("{$value}", str(node)))
        for node in blanks
        if not any((node, p, None) in data for p in structural)
    )


def _superclasses(ontology: Graph) -> dict[Node, frozenset[URIRef]]:
    direct: dict[Node, set[Node]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        direct.setdefault(sub, set()).add(sup)
    closure: dict[Node, frozenset[URIRef]] = {}
    for cls in direct:
        seen: set[Node] = set()
        todo = list(direct[cls])
        while todo:
            sup = todo.pop()
            if sup not in seen:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        closure[cls] = frozenset(s for s in seen if isinstance(s, URIRef))
    return closure


def _term(term: object) -> Node:
    """An rdflib term for a pyoxigraph one; a plain literal stays plain, as rdflib parses it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return (
            Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
        )
    raise TypeError(f"RDF 1.2 triple terms are not supported: {term}")


def _parse_turtle(path: Path) -> Graph:
    if not path.is_file():
        raise InputError(f"{path}: no such file; kg's ontology folder is incomplete")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        raise InputError(f"{path}: not valid Turtle: {_one_line(exc)}") from exc


def _result_lines(results: Graph) -> Iterable[str]:
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        message = _shorten(_one_line("; ".join(messages) or "does not conform"))
        if focus == GRAPH_ANCHOR:  # a whole-graph check: its message starts with the node at fault
            yield message
            continue
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        line = _show(focus) if path is None else f"{_show(focus)} {_show_path(results, path)}"
        line += f": {message}"
        if value is not None and value != focus:
            line += f" (value: {_show(value)})"
        yield line


def _show(node: Node | None) -> str:
    """A short, single-line form of a node: ``kg:Person``, ``<iri>``, ``_:b0``, ``"text"@en``."""
    if isinstance(node, URIRef):
        for prefix, namespace in _PREFIXES.items():
            if node.startswith(namespace) and _LOCAL_NAME.fullmatch(node[len(namespace) :]):
                return f"{prefix}:{node[len(namespace) :]}"
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        text = str(node)
        if len(text) > _MAX_LITERAL:
            text = text[: _MAX_LITERAL - 1] + "…"
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^{_show(node.datatype)}'
        return f'"{text}"'
    return "(none)"


def _show_path(graph: Graph, path: Node) -> str:
    """A SHACL path in SPARQL property-path syntax: ``kg:agent``, ``kg:agent|kg:host``, ``^kg:agent``."""
    if not isinstance(path, BNode):
        return _show(path)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_show_path(graph, p) for p in Collection(graph, alternatives))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _show_path(graph, inverse)
    if graph.value(path, RDF.first) is not None:
        return "/".join(_show_path(graph, p) for p in Collection(graph, path))
    return "(path)"


def _shorten(message: str) -> str:
    """Write the ``<iri>`` in a message with known prefixes, as ``_show`` does."""
    return _IRI_IN_TEXT.sub(lambda m: _show(URIRef(m.group(1))), message)


def _one_line(error: object) -> str:
    text = str(error)
    cut = text.find(" at ^ in:")  # rdflib's Turtle errors end with a dump of the rest of the input
    if cut >= 0:
        text = text[:cut]
    return " ".join(text.split())
