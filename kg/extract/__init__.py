"""Extraction: one document's parsed blocks to mentions, relations, attributes and events."""

from __future__ import annotations

from kg.extract.events import drop_contradicted, find_events
from kg.extract.learned import find_learned
from kg.extract.mentions import Reader
from kg.extract.relations import birthplaces, find_relations
from kg.gazetteer import Gazetteer, gazetteer
from kg.nlp import Block
from kg.records import Document, Extraction


def extract(document: Document, blocks: list[Block], places: Gazetteer | None = None) -> Extraction:
    """Everything kg reads from one parsed document."""
    reader = Reader(document, blocks, places or gazetteer())
    reader.refer_pronouns()
    relations, attributes = find_relations(reader)
    relations = birthplaces(reader, relations + find_learned(reader, relations))
    events = find_events(reader)
    relations = drop_contradicted(relations, events)
    mentions = sorted(set(reader.mentions), key=lambda m: (m.start, m.end, m.cls, m.key))
    return Extraction(document, tuple(mentions), tuple(relations), tuple(attributes), tuple(events))
