"""Ontology terms as Python names. Generated from ontology/kg.ttl by `python -m kg.vocabgen`; do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """kg ontology: Entities, relations and events read from news articles, with the provenance of every
    fact: the source document, the evidence sentence and its character offsets. Facts between entities
    are asserted directly and also described by an rdf:Statement node that carries their provenance.
    """

    _fail = True
    _NS = Namespace("https://kg.example.org/ontology#")

    # classes
    City: URIRef
    """City: A city or town, such as Gyeongju or Beijing."""
    Company: URIRef
    """Company: A business organization that makes or sells products, such as Xiaomi or Samsung."""
    Country: URIRef
    """Country: A country or sovereign state, such as China or South Korea."""
    Document: URIRef
    """Document: A source article that kg read. It has dcterms:identifier (the input id) and, where known,
    dcterms:title, dcterms:date, dcterms:source and schema:url."""
    Event: URIRef
    """Event: Something that happened, as read from one sentence of a document. Its participants are given
    by role properties (kg:agent, kg:recipient, kg:object, kg:participant, kg:host, kg:location,
    kg:date), and the node carries its own provenance (prov:wasDerivedFrom, kg:evidence, kg:startOffset,
    kg:endOffset). Use the most specific subclass known."""
    GiftGiving: URIRef
    """Gift giving: An event in which kg:agent gives kg:object to kg:recipient, such as a diplomatic gift."""
    Meeting: URIRef
    """Meeting: An event in which people or organizations meet, such as a summit or talks. kg:agent and
    kg:participant name who met, kg:host who hosted."""
    NamedEvent: URIRef
    """Named event: An occasion known by its own name, such as a festival, a tournament, an award ceremony,
    a summit or a war ("Cannes Film Festival", "Davis Cup", "Brit Awards", "Iraq War"). It is an entity
    like a person or a place: one node for every document that names it, with its labels and
    kg:mentionedIn. Not a kg:Event, which is one happening read from one sentence and carries that
    sentence as its provenance."""
    Organization: URIRef
    """Organization: A group acting as one: a government body, party, ministry, agency, forum or company."""
    Person: URIRef
    """Person: A human being named in the news, such as a head of state or a chief executive."""
    Place: URIRef
    """Place: A geographic place: a region, a country, a city or another location. Use the most specific
    subclass known."""
    Product: URIRef
    """Product: A manufactured product or product line, such as a smartphone model."""
    Statement: URIRef
    """Statement: Something said or quoted: an event in which kg:agent (the speaker) says kg:quote,
    possibly to kg:recipient and about kg:object. Not to be confused with rdf:Statement, which kg uses
    to reify a fact so that its provenance can be recorded; a kg:Statement is an utterance in the world,
    an rdf:Statement is a description of a triple."""
    Visit: URIRef
    """Visit: An event in which someone travels to a place or to a host, such as a state visit. kg:agent is
    the visitor, kg:location the place visited and kg:host the host."""

    # object properties
    agent: URIRef
    """agent: Who acts in the event: the giver of a gift, the visitor, the speaker, the one who meets."""
    basedIn: URIRef
    """based in: The organization has its headquarters or main seat in the place."""
    bornIn: URIRef
    """born in: The person was born in the place (which says nothing of where the person lives now)."""
    citizenOf: URIRef
    """citizen of: The person is a citizen or national of the place, usually a kg:Country."""
    host: URIRef
    """host: Who hosts or organizes the event."""
    killed: URIRef
    """killed: The person killed the other person."""
    leaderOf: URIRef
    """leader of: The person leads the country or organization, as head of state, head of government or
    chief."""
    livesIn: URIRef
    """lives in: The person lives in the place."""
    locatedIn: URIRef
    """located in: The place lies within the other place, such as a city in its country."""
    location: URIRef
    """location: Where the event took place."""
    memberOf: URIRef
    """member of: The subject (a person, an organization or a country) is a member of the organization."""
    mentionedIn: URIRef
    """mentioned in: The entity or event is mentioned in the document; there is one such link per document."""
    object: URIRef
    """object: What the event acts on: what is given, or what is discussed."""
    participant: URIRef
    """participant: Who takes part in the event other than the agent, such as the other side of a meeting."""
    producedBy: URIRef
    """produced by: The product is made or sold under its brand by the organization."""
    recipient: URIRef
    """recipient: Who receives in the event: the receiver of a gift, the one spoken to."""
    worksFor: URIRef
    """works for: The person is employed by or serves the organization."""

    # datatype properties
    confidence: URIRef
    """confidence: How sure the extractor is of a fact (an rdf:Statement) or an event: a decimal from 0 to
    1."""
    date: URIRef
    """date: When the event took place: an xsd:date where the day is known, otherwise an xsd:gYearMonth or
    an xsd:gYear."""
    endOffset: URIRef
    """end offset: Where the evidence sentence ends in the document text: the character offset just past
    its last character, for a fact (an rdf:Statement) or an event. Never less than kg:startOffset."""
    evidence: URIRef
    """evidence: The sentence of the source document that a fact (an rdf:Statement) or an event was read
    from, exactly as it appears in the document text."""
    quote: URIRef
    """quote: The words said in a kg:Statement, as quoted in the text."""
    startOffset: URIRef
    """start offset: Where the evidence sentence starts in the document text: a character offset from 0
    (like a Python string index), for a fact (an rdf:Statement) or an event. schema:startOffset is an
    offset into a creative work too, but counted in seconds of media."""
    title: URIRef
    """title: A title or office the person holds, as written in the text, such as "President"."""
