"""Facts between entities from the syntax around names.

- titles and appositions: "Chinese President Xi Jinping", "Vladimir Putin, the Russian president",
  "Xi, China's leader" -> leaderOf, title; "Nvidia spokesman John Doe" -> worksFor;
- organisations described by a place: "U.S. chipmaker Nvidia", "Xiaomi phones, a Chinese brand",
  "Seoul-based Naver", "Acme, based in Ohio" -> basedIn;
- places next to places: "Gyeongju, South Korea" -> locatedIn;
- products: "Xiaomi smartphones" -> a Product producedBy Xiaomi;
- killing: "X killed Y", "Y was killed by X" -> killed;
- nominal mentions: "the Chinese leader" -> a mention that resolution ties to China's leader.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.lexicon import (
    JOB_TITLES,
    KILL_VERBS,
    KILLER_NOUNS,
    LEADER_TITLES,
    PRODUCT_NOUNS,
)
from kg.extract.mentions import ORGANISATIONS, PLACES, Reader, Span, Token
from kg.records import Attribute, Mention, Relation


def find_relations(reader: Reader) -> tuple[list[Relation], list[Attribute]]:
    """Relations and title attributes read from one document."""
    relations: list[Relation] = []
    attributes: list[Attribute] = []
    for span, mention in list(reader.spans):
        if mention.cls == "Person":
            for group in descriptors(span):
                _person_facts(reader, span, mention, group, relations, attributes)
        elif mention.cls in ORGANISATIONS:
            for group in descriptors(span):
                _based_in(reader, span, mention, group, relations)
            _products(reader, span, mention, relations)
        elif mention.cls in PLACES:
            _located_in(reader, span, mention, relations)
    relations += _killings(reader)
    _nominals(reader)
    return relations, attributes


def descriptors(span: Span) -> Iterator[list[Token]]:
    """Groups of tokens that describe a name: its own modifiers, its appositions, a copula's attribute."""
    root = span.root
    left: list[Token] = []
    for token in reversed(list(root.subtree)):
        if token.i < span.start and (not left or token.i == left[-1].i - 1):
            left.append(token)
    if left:
        yield left[::-1]
    if root.dep_ == "appos":
        yield [t for t in root.head.subtree if not span.start <= t.i < span.end and t.i < span.start]
    for child in root.children:
        if child.dep_ == "appos":
            yield list(child.subtree)
    if root.dep_ == "compound":  # "Xiaomi phones, a Chinese brand": the apposition describes the maker
        for child in root.head.children:
            if child.dep_ == "appos":
                yield list(child.subtree)
    if root.dep_ == "nsubj" and root.head.lemma_ in ("be", "become"):
        for child in root.head.children:
            if child.dep_ == "attr":
                yield list(child.subtree)


def title_in(tokens: list[Token]) -> tuple[str, bool] | None:
    """(title as written, whether it is a leader's title) for the first title among the tokens."""
    for i in range(len(tokens)):
        for size in (3, 2, 1):
            words = tokens[i : i + size]
            phrase = " ".join(t.lower_ for t in words)
            lemma = " ".join(t.lemma_.lower() for t in words)
            for candidate in (phrase, lemma):
                if candidate in LEADER_TITLES or candidate in JOB_TITLES:
                    text = " ".join(t.text for t in words)
                    return text[:1].upper() + text[1:], candidate in LEADER_TITLES
    return None


def _anchors(reader: Reader, tokens: list[Token], exclude: Mention) -> list[tuple[Token, Mention]]:
    found: dict[int, tuple[Token, Mention]] = {}
    for token in tokens:
        other = reader.mention_at(token)
        if other is not None and other is not exclude and id(other) not in found:
            found[id(other)] = (token, other)
    return list(found.values())


def _person_facts(reader: Reader, span: Span, person: Mention, group: list[Token],
                  relations: list[Relation], attributes: list[Attribute]) -> None:
    evidence = reader.evidence(span.root)
    title = title_in([t for t in group if reader.mention_at(t) is None])
    if title is not None:
        attributes.append(Attribute(person, "title", title[0], evidence))
        if group[-1].i == span.start - 1:  # "Chinese President Xi Jinping" is a name of Xi Jinping too
            reader.span_mention(span.doc[group[0].i : span.end], "Person", weight=0, key=person.key)
    inside = {t.i for t in group}
    for token, anchor in _anchors(reader, group, person):
        if title is not None and title[1] and anchor.cls in PLACES + ORGANISATIONS:
            if not _through_a_verb(token, inside):
                relations.append(Relation(person, "leaderOf", anchor, evidence, 0.9))
        elif anchor.cls in ORGANISATIONS:
            relations.append(Relation(person, "worksFor", anchor, evidence, 0.7 if title else 0.5))
        elif anchor.cls == "Country" and token.ent_type_ == "NORP":  # "Russian businessman X"
            relations.append(Relation(person, "citizenOf", anchor, evidence, 0.7))
        elif anchor.cls == "Person" and anchor.key != person.key and _names_a_killer(group) \
                and not _through_a_verb(token, inside):  # "Kennedy's assassin Oswald"
            relations.append(Relation(person, "killed", anchor, evidence, 0.7))


def _names_a_killer(group: list[Token]) -> bool:
    return any(t.lemma_.lower() in KILLER_NOUNS for t in group)


def _through_a_verb(token: Token, inside: set[int]) -> bool:
    """Whether a name hangs on the description through a verb ("the chief executive of Google, based
    in Mountain View"), so it describes something else than the person."""
    while token.i in inside and token.head.i != token.i:
        token = token.head
        if token.i in inside and token.pos_ in ("VERB", "AUX"):
            return True
    return False


def _based_in(reader: Reader, span: Span, org: Mention, group: list[Token], relations: list[Relation]) -> None:
    for token, anchor in _anchors(reader, group, org):
        if anchor.cls in PLACES and token.dep_ in ("compound", "amod", "npadvmod", "nmod", "poss"):
            relations.append(Relation(org, "basedIn", anchor, reader.evidence(span.root), 0.8))
    for child in span.root.children:  # "Acme, based in Ohio", "Seoul-based"
        if child.lemma_ in ("base", "headquarter", "headquartered") and child.dep_ in ("acl", "amod"):
            for place in child.subtree:
                other = reader.mention_at(place)
                if other is not None and other.cls in PLACES and other is not org:
                    relations.append(Relation(org, "basedIn", other, reader.evidence(span.root), 0.8))
                    break


def _products(reader: Reader, span: Span, org: Mention, relations: list[Relation]) -> None:
    head = span.root.head
    if span.root.dep_ != "compound" or head.lemma_.lower() not in PRODUCT_NOUNS or head.i < span.end:
        return
    phrase = span.doc[span.start : head.i + 1]
    key = f"{org.key} {head.lemma_.lower()}"
    product = reader.span_mention(phrase, "Product", producer=org.key, key=key)
    relations.append(Relation(product, "producedBy", org, reader.evidence(head), 0.8))


def _located_in(reader: Reader, span: Span, place: Mention, relations: list[Relation]) -> None:
    """"Amherst, Mass." -> Amherst locatedIn Massachusetts, and "Amherst, Mass." a name of Amherst."""
    found = reader.qualifier(span)
    if found is None:
        return
    region_span, region = found
    relations.append(Relation(place, "locatedIn", region, reader.evidence(span.root), 0.9))
    reader.span_mention(span.doc[span.start : region_span.end], place.cls, weight=0, key=place.key)


def _killings(reader: Reader) -> Iterator[Relation]:
    for token in reader.tokens_with_lemma(KILL_VERBS):
        if token.pos_ != "VERB":
            continue
        killer = victim = None
        for child in token.children:
            if child.dep_ == "nsubj":
                killer = reader.mention_at(child)
            elif child.dep_ in ("dobj", "nsubjpass"):
                victim = reader.mention_at(child)
            elif child.dep_ == "agent":
                killer = next((reader.mention_at(t) for t in child.children if t.dep_ == "pobj"), None)
        if killer and victim and killer.cls == victim.cls == "Person" and killer.key != victim.key:
            yield Relation(killer, "killed", victim, reader.evidence(token), 0.8)


def _nominals(reader: Reader) -> None:
    """"the Chinese leader", "the Russian president": mentions of whoever leads that country."""
    for token in reader.tokens_with_lemma(LEADER_TITLES):
        if token.pos_ != "NOUN" or reader.mention_at(token):
            continue
        children = list(token.children)
        if not any(c.lower_ == "the" for c in children):
            continue
        for child in children:
            country = reader.mention_at(child)
            if country is not None and country.cls == "Country" and child.i < token.i:
                start = min(c.i for c in children if c.i < token.i)
                head = f"leaderOf:{country.key}"
                reader.span_mention(token.doc[start : token.i + 1], "Person", weight=1, key="@" + head, head=head)
                break
