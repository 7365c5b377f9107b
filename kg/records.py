"""Frozen records passed between the stages: ingest -> nlp -> extract -> resolve -> graph.

Offsets are character offsets into ``Document.text``; every record carries its document id,
so nothing downstream needs a spaCy object.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One input article. ``text`` is exactly the text that offsets refer to."""

    id: str
    text: str
    path: str = ""
    title: str | None = None
    url: str | None = None
    date: str | None = None  # ISO 8601 as given
    source: str | None = None
    body_spans: tuple[tuple[int, int], ...] | None = None  # blocks of running text; None: the whole text


@dataclass(frozen=True)
class Evidence:
    """Where a fact or event was read: the sentence and its offsets in the document text."""

    doc_id: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Mention:
    """A surface form of an entity. ``cls`` is a local name of a class in the ontology."""

    doc_id: str
    start: int
    end: int
    text: str
    cls: str
    key: str = ""  # normalised name that resolution groups on; set by extract
    head: str = ""  # for a nominal mention ("the Chinese leader"): the key it refers to
    producer: str = ""  # for a Product mention: the key of the company that makes it
    weight: int = 1  # how strongly the text supports ``cls``: 1 the NER label, 3 a cue, 9 a gazetteer
    named: bool = True  # False for forms that are not names of the entity (a demonym, a pronoun)


@dataclass(frozen=True)
class Relation:
    """A fact between two mentions, with the sentence it came from."""

    subject: Mention
    predicate: str
    object: Mention
    evidence: Evidence
    confidence: float = 1.0


@dataclass(frozen=True)
class Attribute:
    """A literal-valued fact about a mention, such as a title."""

    subject: Mention
    predicate: str
    value: str
    evidence: Evidence


@dataclass(frozen=True)
class Event:
    """An event read from one sentence. Roles map a property to mentions; literals hold date and quote."""

    cls: str
    trigger: str
    evidence: Evidence
    roles: tuple[tuple[str, Mention], ...] = ()
    date: str | None = None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    quote: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A resolved real-world entity: one node in the graph."""

    key: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = field(default=())
