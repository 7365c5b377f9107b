"""Check a data graph against kg's SHACL shapes (``ontology/shapes.ttl``).

    >>> report = validate("exports/graph.ttl")      # doctest: +SKIP
    >>> report.conforms, report.results[:1]         # doctest: +SKIP
    (False, ['<https://kg.example.org/id/person/xi> rdfs:label: has more than one rdfs:label; ...'])

SHACL's ``sh:class`` follows ``rdf:type/rdfs:subClassOf*`` in the *data* graph, which only says
``a kg:Company``. Rather than running RDFS inference (slow, and the ontology's ``rdfs:range`` axioms
would type a wrong value as the expected class, so every range check would pass), the data is copied
and each node gets the superclass types of its classes from ``ontology/kg.ttl``; pySHACL then runs
without inference.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from pyshacl.errors import ValidationFailure
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.errors import InputError

ONTOLOGY_DIR = Path(__file__).parent / "ontology"  # == Path(kg.__file__).parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

# File extension -> rdflib parser. TriG and N-Quads are read as the union of all their graphs.
FORMATS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
_QUAD_FORMATS = frozenset({"trig", "nquads"})

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
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_MAX_LITERAL = 60


@dataclass(frozen=True)
class Report:
    """The outcome of a validation.

    ``results`` holds one readable line per problem, sorted: ``FOCUS PATH: MESSAGE (value: VALUE)``.
    ``text`` is the whole report as printed by ``kg validate``.
    """

    conforms: bool
    results: list[str]
    text: str


def validate(data: str | os.PathLike[str] | Graph) -> Report:
    """Validate a data graph, or the graph in a file, against kg's SHACL shapes.

    Args:
        data: a graph, or the path of a Turtle (.ttl), N-Triples (.nt), TriG (.trig), N-Quads (.nq)
            or JSON-LD (.jsonld, .json) file. A graph is not modified; for a Dataset, the union of its
            graphs is validated.

    Raises:
        InputError: the file is missing, has an unknown extension or does not parse; or the
            ontology or shapes next to the package are missing or broken.
    """
    graph = data if isinstance(data, Graph) else load_graph(data)
    ontology = load_graph(ONTOLOGY_FILE)
    shapes = load_graph(SHAPES_FILE)
    prepared = with_superclass_types(graph, ontology)
    conforms, results_graph, _ = shacl_validate(
        prepared, shacl_graph=shapes, inference="none", advanced=False, inplace=True
    )
    if isinstance(results_graph, ValidationFailure):  # the shapes themselves are broken
        raise InputError(f"{SHAPES_FILE}: not usable SHACL: {_one_line(results_graph.message)}")
    lines = sorted(_result_lines(results_graph))
    if conforms:
        text = "Conforms: the graph meets kg's SHACL shapes."
    else:
        text = f"Does not conform: {len(lines)} problem(s).\n" + "\n".join(lines)
    return Report(conforms=bool(conforms), results=lines, text=text)


def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Read an RDF file, choosing the parser by its extension (see ``FORMATS``).

    Raises:
        InputError: the file is missing, its extension is unknown, or it does not parse.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        choices = ", ".join(FORMATS)
        raise InputError(f"{path}: unknown RDF file extension {path.suffix!r}; expected one of {choices}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            return _union(dataset)
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        raise InputError(f"{path}: not valid {fmt}: {_one_line(exc)}") from exc


def with_superclass_types(data: Graph, ontology: Graph) -> Graph:
    """Copy ``data``, adding ``s rdf:type D`` for every ``s rdf:type C`` where ``C rdfs:subClassOf+ D``.

    Only IRIs are added as superclasses; nothing else of the ontology enters the copy.
    """
    supers = _superclasses(ontology)
    out = _union(data) if isinstance(data, Dataset) else _copy(data)
    extra = [
        (node, RDF.type, sup, out)
        for node, cls in data.subject_objects(RDF.type)
        for sup in supers.get(cls, ())
    ]
    out.addN(extra)
    return out


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


def _copy(graph: Graph) -> Graph:
    out = Graph()
    out.addN((s, p, o, out) for s, p, o in graph)
    return out


def _union(dataset: Dataset) -> Graph:
    out = Graph()
    out.addN((s, p, o, out) for s, p, o, _ in dataset.quads((None, None, None, None)))
    return out


def _result_lines(results: Graph) -> Iterable[str]:
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        message = "; ".join(messages) or "does not conform"
        line = _show(focus)
        if path is not None:
            line += " " + _show(path)
        line += ": " + _one_line(message)
        if value is not None and value != focus:
            line += f" (value: {_show(value)})"
        yield line


def _show(node: Node | None) -> str:
    """A short, single-line form of a node: ``kg:Person``, ``<iri>``, ``_:b0``, ``"text"@en``."""
    if isinstance(node, URIRef):
        for prefix, namespace in _PREFIXES.items():
            local = node[len(namespace) :]
            if node.startswith(namespace) and _LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
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
    if node is None:
        return "(none)"
    return _show_path(node)


def _show_path(node: Node) -> str:
    return str(node)


def _one_line(error: object) -> str:
    text = str(error)
    cut = text.find(" at ^ in:")  # rdflib's Turtle errors end with a dump of the remaining input
    if cut >= 0:
        text = text[:cut]
    return " ".join(text.split())
