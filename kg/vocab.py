"""Ontology terms as Python names. Generated from ontology/kg.ttl by `python -m kg.vocabgen`; do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """kg ontology: news entities, relations and events with provenance."""

    _fail = True
    _NS = Namespace("https://kg.example.org/ontology#")

    # classes
    Person: URIRef
    Organization: URIRef
    Company: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    Product: URIRef
    Event: URIRef
    Meeting: URIRef
    Visit: URIRef
    GiftGiving: URIRef
    Statement: URIRef
    Document: URIRef

    # properties
    leaderOf: URIRef
    worksFor: URIRef
    memberOf: URIRef
    citizenOf: URIRef
    livesIn: URIRef
    basedIn: URIRef
    locatedIn: URIRef
    producedBy: URIRef
    killed: URIRef
    title: URIRef
    agent: URIRef
    recipient: URIRef
    object: URIRef
    participant: URIRef
    host: URIRef
    location: URIRef
    date: URIRef
    quote: URIRef
    mentionedIn: URIRef
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    confidence: URIRef
