"""Records to RDF: entities, facts with their rdf:Statement provenance, events and documents.

Each triple goes into the named graph of the document it was read from; the union of the named
graphs is the whole graph. Facts whose final types break the ontology's domain and range are
dropped here, after resolution has settled every entity's class.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.extract.resolve import Resolution, surface
from kg.iris import document_iri, entity_iri, event_iri, fact_iri
from kg.records import Entity, Event, Evidence, Extraction
from kg.vocab import KG

SCHEMA_URL = NamedNode("https://schema.org/url")
PLACES = {"Place", "Country", "City"}
ORGANISATIONS = {"Organization", "Company"}
# Which classes each property may join: (subjects, objects).
SIGNATURES: dict[str, tuple[set[str], set[str]]] = {
    "leaderOf": ({"Person"}, {"Country"} | ORGANISATIONS),
    "worksFor": ({"Person"}, ORGANISATIONS),
    "memberOf": ({"Person"} | ORGANISATIONS, ORGANISATIONS),
    "citizenOf": ({"Person"}, {"Country"}),
    "livesIn": ({"Person"}, PLACES),
    "bornIn": ({"Person"}, PLACES),
    "basedIn": (ORGANISATIONS, PLACES),
    "locatedIn": (PLACES, PLACES),
    "producedBy": ({"Product"}, ORGANISATIONS),
    "killed": ({"Person"}, {"Person"}),
}
ROLE_CLASSES = {"location": PLACES, "object": {"Product"} | ORGANISATIONS | PLACES | {"Person"}}
REQUIRED_ROLES = {"GiftGiving": ("agent", "object"), "Visit": ("agent",), "Statement": ("agent",),
                  "Meeting": (), "Event": ()}
_DATE_TYPES = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}


def term(iri: str) -> NamedNode:
    """A pyoxigraph node for an IRI (from the vocabulary or minted)."""
    return NamedNode(str(iri))


def text(value: str) -> Literal:
    """An English text literal."""
    return Literal(value, language="en")


def typed(value: object, datatype: str) -> Literal:
    """A typed literal."""
    return Literal(str(value), datatype=NamedNode(str(datatype)))


def build_quads(extractions: Iterable[Extraction], resolution: Resolution, base: str,
                min_confidence: float = 0.0) -> list[Quad]:
    """Every quad of the graph, sorted and without duplicates, so output is byte-identical."""
    quads = {q for e in extractions for q in document_quads(e, resolution, base, min_confidence)}
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.triple)))


def document_quads(extraction: Extraction, resolution: Resolution, base: str,
                   min_confidence: float = 0.0) -> list[Quad]:
    """The quads of one document's named graph, sorted and without duplicates."""
    graph = term(document_iri(base, extraction.document.id))
    return sorted_quads(_document_triples(extraction, resolution, base, min_confidence), graph)


def sorted_quads(triples: Iterable[tuple[NamedNode, NamedNode, NamedNode | Literal]], graph: NamedNode) -> list[Quad]:
    """The triples in ``graph``, each once, sorted by their N-Triples form. The quads are made in that
    order, so they lie in memory in the order pyoxigraph reads them when it writes the files: on a
    million quads, pyoxigraph writes them in 0.7 times the time it takes for the same quads made in
    another order and sorted afterwards (bench/serve.py; docs/interop.md)."""
    ordered = sorted(set(triples), key=lambda triple: f"{triple[0]} {triple[1]} {triple[2]}")
    return [Quad(s, p, o, graph) for s, p, o in ordered]


def _document_triples(extraction: Extraction, resolution: Resolution, base: str,
                      min_confidence: float) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    document = extraction.document
    doc = term(document_iri(base, document.id))
    yield doc, term(RDF.type), term(KG.Document)
    yield doc, term(DCTERMS.identifier), Literal(document.id)
    yield doc, term(RDFS.label), text(document.title or document.id)
    if document.title:
        yield doc, term(DCTERMS.title), text(document.title)
    if document.date and _is_iso_date(document.date[:10]):
        yield doc, term(DCTERMS.date), typed(document.date[:10], XSD.date)
    if document.source:
        yield doc, term(DCTERMS.source), Literal(document.source)
    if document.url:
        yield doc, SCHEMA_URL, Literal(document.url)

    def iri(entity: Entity) -> NamedNode:
        return term(entity_iri(base, entity.cls, entity.key))

    for mention in extraction.mentions:
        entity = resolution.entity(mention)
        if entity is None:
            continue
        node = iri(entity)
        yield node, term(RDF.type), term(KG[entity.cls])
        yield node, term(RDFS.label), text(entity.label)
        yield node, term(KG.mentionedIn), doc
        form = surface(mention)
        if form != entity.label:
            yield node, term(SKOS.altLabel), text(form)

    best: dict[tuple[str, str, str, int, int], tuple[float, Evidence]] = {}
    for relation in extraction.relations:  # one rdf:Statement per fact and sentence, at its best confidence
        subject, obj = resolution.entity(relation.subject), resolution.entity(relation.object)
        if subject is None or obj is None or subject.key == obj.key or relation.confidence < min_confidence:
            continue
        domain, range_ = SIGNATURES[relation.predicate]
        if subject.cls not in domain or obj.cls not in range_:
            continue
        ev = relation.evidence
        found = (str(iri(subject).value), relation.predicate, str(iri(obj).value), ev.start, ev.end)
        if found not in best or best[found][0] < relation.confidence:
            best[found] = (relation.confidence, ev)
    for (subject_iri, predicate, object_iri, start, end), (confidence, ev) in sorted(best.items()):
        s, p, o = term(subject_iri), term(KG[predicate]), term(object_iri)
        yield s, p, o
        fact = term(fact_iri(base, str(s), str(p), str(o), document.id, str(start), str(end)))
        yield fact, term(RDF.type), term(RDF.Statement)
        yield fact, term(RDF.subject), s
        yield fact, term(RDF.predicate), p
        yield fact, term(RDF.object), o
        yield from _provenance(fact, doc, ev, confidence)

    for attribute in extraction.attributes:
        entity = resolution.entity(attribute.subject)
        if entity is not None and entity.cls == "Person":
            yield iri(entity), term(KG[attribute.predicate]), text(attribute.value)

    numbers: dict[int, int] = {}
    for event in extraction.events:
        if event.confidence < min_confidence:
            continue
        roles = [(role, entity) for role, mention in event.roles
                 if (entity := resolution.entity(mention)) is not None
                 and entity.cls in ROLE_CLASSES.get(role, PLACES | ORGANISATIONS | {"Person", "Country"})]
        names = {role for role, _ in roles}
        if not all(r in names for r in REQUIRED_ROLES[event.cls]) or len(roles) < 2 - (event.quote is not None):
            continue
        numbers[event.evidence.start] = numbers.get(event.evidence.start, 0) + 1
        node = term(event_iri(base, document.id, event.evidence.start, numbers[event.evidence.start]))
        yield node, term(RDF.type), term(KG[event.cls])
        yield node, term(RDFS.label), text(event_label(event, roles))
        yield node, term(KG.mentionedIn), doc
        for role, entity in roles:
            yield node, term(KG[role]), iri(entity)
        if event.date:
            yield node, term(KG.date), typed(event.date, _DATE_TYPES[len(event.date)])
        if event.quote:
            yield node, term(KG.quote), text(event.quote)
        yield from _provenance(node, doc, event.evidence, event.confidence)


def _is_iso_date(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _provenance(node: NamedNode, doc: NamedNode, evidence: Evidence,
                confidence: float) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    yield node, term(PROV.wasDerivedFrom), doc
    yield node, term(KG.evidence), text(evidence.sentence)
    yield node, term(KG.startOffset), typed(evidence.start, XSD.integer)
    yield node, term(KG.endOffset), typed(evidence.end, XSD.integer)
    yield node, term(KG.confidence), typed(Decimal(str(round(confidence, 3))), XSD.decimal)


def event_label(event: Event, roles: list[tuple[str, Entity]]) -> str:
    """A short readable description of an event from its roles."""
    named: dict[str, list[str]] = {}
    for role, entity in roles:
        named.setdefault(role, []).append(entity.label)

    def first(role: str) -> str:
        return " and ".join(named.get(role, []))

    if event.cls == "GiftGiving":
        to = f" to {first('recipient')}" if "recipient" in named else ""
        return f"{first('agent')} gives {first('object')}{to}"
    if event.cls == "Visit":
        return f"{first('agent')} visits {first('location') or 'a place'}"
    if event.cls == "Statement":
        quote = event.quote or ""
        return f"{first('agent')}: “{quote[:60]}{'…' if len(quote) > 60 else ''}”"
    if event.cls == "Meeting":
        people = [*named.get("host", []), *named.get("participant", [])]
        return "Meeting of " + ", ".join(people)
    return f"{event.trigger} ({', '.join(e.label for _, e in roles)})"
