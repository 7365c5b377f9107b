"""RDF files: Turtle, N-Triples, TriG and JSON-LD, written from sorted quads so output is byte-identical."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.iris import SEGMENTS
from kg.vocab import KG

STANDARD_PREFIXES = {
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "skos": str(SKOS),
    "prov": str(PROV), "dcterms": str(DCTERMS), "schema": "https://schema.org/", "kg": str(KG),
}


def prefixes(base: str) -> dict[str, str]:
    """Prefixes for the ontology, standard vocabularies and each kind of minted resource."""
    minted = {segment: f"{base}{segment}/" for segment in sorted(set(SEGMENTS.values()))}
    minted |= {name: f"{base}{name}/" for name in ("document", "event", "fact")}
    return STANDARD_PREFIXES | minted


def union(quads: Sequence[Quad]) -> list[Any]:
    """The triples of all named graphs, sorted, each once."""
    return sorted({q.triple for q in quads}, key=str)


def turtle(quads: Sequence[Quad], base: str) -> bytes:
    """The union graph as Turtle."""
    return serialize(union(quads), format=RdfFormat.TURTLE, prefixes=prefixes(base)) or b""


def ntriples(quads: Sequence[Quad], base: str) -> bytes:
    """The union graph as N-Triples."""
    return serialize(union(quads), format=RdfFormat.N_TRIPLES) or b""


def trig(quads: Sequence[Quad], base: str) -> bytes:
    """One named graph per document, then the union as the default graph."""
    from pyoxigraph import DefaultGraph

    default = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in union(quads)]
    return serialize([*default, *quads], format=RdfFormat.TRIG, prefixes=prefixes(base)) or b""


def jsonld(quads: Sequence[Quad], base: str) -> bytes:
    """The union graph as compacted JSON-LD: a @context of prefixes, one node object per subject."""
    context = prefixes(base)

    def compact(iri: str) -> str:
        for prefix, namespace in sorted(context.items(), key=lambda kv: -len(kv[1])):
            rest = iri[len(namespace):]
            if iri.startswith(namespace) and rest and ":" not in rest:
                return f"{prefix}:{rest}"
        return iri

    def value(node: Any) -> dict[str, str]:
        if isinstance(node, NamedNode):
            return {"@id": compact(node.value)}
        assert isinstance(node, Literal)
        if node.language:
            return {"@value": node.value, "@language": node.language}
        if node.datatype.value == str(XSD.string):
            return {"@value": node.value}
        return {"@value": node.value, "@type": compact(node.datatype.value)}

    nodes: dict[str, dict[str, Any]] = {}
    for triple in union(quads):
        subject = compact(triple.subject.value)
        node = nodes.setdefault(subject, {"@id": subject})
        if triple.predicate.value == str(RDF.type):
            node.setdefault("@type", []).append(compact(triple.object.value))
        else:
            node.setdefault(compact(triple.predicate.value), []).append(value(triple.object))
    document = {"@context": context, "@graph": list(nodes.values())}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
