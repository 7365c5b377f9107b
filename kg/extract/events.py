"""Events from triggers in the dependency parse, and statements from quotations.

- GiftGiving: "X gave/gifted Y Z", "X presented Y with Z", "X offered Z", "X's gift of Z";
- Visit: "X visited P", "X travelled to P", "X's (state) visit to P", "during a visit to P", "X's China
  trip", "X's tour of P";
- Meeting: "X hosted Y", "X met (with) Y", but not in a report of sport (``CONTEST_NOUNS``);
- Statement: a quotation with its speech verb ("Xi quipped, ‘...’", "asked Xi, “...”").

Each event takes the date and place its sentence states; pronouns in roles are resolved to the
nearest fitting person before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.dates import normalise_date
from kg.extract.lexicon import (
    ABSTRACT_OBJECTS,
    CONTEST_NOUNS,
    GIFT_NOUNS,
    GIFT_VERBS,
    GIFT_WORDS,
    HOST_VERBS,
    LOOSE_GIFT_VERBS,
    MEET_VERBS,
    MOVE_VERBS,
    PRONOUNS,
    QUANTITY_NOUNS,
    SPEECH_VERBS,
    VISIT_NOUNS,
    VISIT_VERBS,
)
from kg.extract.mentions import PLACES, Reader, Span, Token, relative_to
from kg.records import Event, Evidence, Mention, Relation

AGENTS = ("Person", "Organization", "Company", "Country")
_QUOTE = re.compile(r"“([^”\n]+)”|‘((?:[^’\n]|’(?=\w))+)’(?!\w)|\"([^\"\n]+)\"")
_NOT_WHEN = frozenset({"since", "until", "till", "by", "before", "after", "from", "through"})
_CLAUSE_LINKS = ("conj", "xcomp", "advcl", "pcomp", "prep", "acl", "relcl", "ccomp")


def drop_contradicted(relations: list[Relation], events: list[Event]) -> list[Relation]:
    """The relations without those an event or a surer fact of the same sentence contradicts: whoever
    the sentence says visits a place ("Xi's state visit to South Korea") does not live there, and of
    two places each said to lie in the other, the less sure is dropped."""
    visited = {(e.evidence.start, agent.key, place.key) for e in events if e.cls == "Visit"
               for role, agent in e.roles if role == "agent" for where, place in e.roles if where == "location"}
    kept = [r for r in relations if r.predicate != "livesIn"
            or (r.evidence.start, r.subject.key, r.object.key) not in visited]
    return [r for r in kept if not _inverted(r, kept)]


def _inverted(relation: Relation, relations: list[Relation]) -> bool:
    """Whether a place is also said, more surely, to lie in the one said to lie in it: "Bosnia's
    capital, Sarajevo" cannot put Bosnia in Sarajevo as well as Sarajevo in Bosnia."""
    inverse = (relation.object.key, relation.subject.key)
    return relation.predicate == "locatedIn" and any(
        r.predicate == "locatedIn" and r.evidence.start == relation.evidence.start
        and r.confidence > relation.confidence and (r.subject.key, r.object.key) == inverse for r in relations)


def find_events(reader: Reader) -> list[Event]:
    """Every event read from one document, in text order."""
    events: list[Event] = []
    triggers = GIFT_VERBS | GIFT_NOUNS | VISIT_VERBS | MOVE_VERBS | VISIT_NOUNS | HOST_VERBS | MEET_VERBS
    found = list(reader.tokens_with_lemma(triggers | CONTEST_NOUNS))
    of_gifts = any(t.lemma_.lower() in GIFT_WORDS for t in found)
    of_sport = len({t.lemma_.lower() for t in found if t.pos_ == "NOUN" and t.lemma_.lower() in CONTEST_NOUNS}) > 1
    for token in found:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in GIFT_VERBS and (of_gifts or lemma not in LOOSE_GIFT_VERBS):
            events += _gift(reader, token)
        elif token.pos_ == "NOUN" and lemma in GIFT_NOUNS:
            events += _gift_noun(reader, token)
        elif token.pos_ == "VERB" and (lemma in VISIT_VERBS or lemma in MOVE_VERBS):
            events += _visit(reader, token, lemma in VISIT_VERBS)
        elif token.pos_ == "NOUN" and lemma in VISIT_NOUNS:
            events += _visit_noun(reader, token)
        elif token.pos_ == "VERB" and lemma in HOST_VERBS | MEET_VERBS and not of_sport:
            events += _meeting(reader, token, lemma in HOST_VERBS)
    events += _statements(reader)
    return sorted(events, key=lambda e: (e.evidence.start, e.trigger, e.cls))


def subject(reader: Reader, verb: Token) -> Mention | None:
    """Who does what a verb says: its subject (for "who", whom it stands for: kg.extract.mentions.relative_to),
    a passive's "by" agent, the object of the verb an "as" clause hangs from ("AP quoted prosecutor
    Russell McGuire as saying"), or the subject of the clause it hangs from ("Xi pointed and replied",
    "responded by expressing")."""
    for _ in range(5):
        subjects = [child for child in verb.children if child.dep_ in ("nsubj", "csubj")]
        if subjects:  # the nearest before the verb: "BERLIN (Reuters) - Merz hosted ..." parses with two
            before = [child for child in subjects if child.i < verb.i]
            return filler(reader, relative_to(before[-1] if before else subjects[0]), AGENTS)
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return filler(reader, pobj, AGENTS)
        if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
            said_of = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
            if said_of is not None:
                return filler(reader, said_of, AGENTS)
        if verb.dep_ not in _CLAUSE_LINKS or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def filler(reader: Reader, token: Token, classes: tuple[str, ...]) -> Mention | None:
    """The entity a token names, a pronoun's antecedent, or None when it is neither of ``classes``."""
    mention = reader.mention_at(token)
    if mention is None and token.lower_ in PRONOUNS:
        mention = reader.antecedent(token)
    if mention is None or mention.cls not in classes:
        return None
    return mention


Thing = Mention | tuple[Span, str]
"""What is given: an entity already named, or a phrase and its key, made a Product mention (``made``)
only once the gift is certain, so that a phrase no gift takes ("gave a speech") is no entity."""


def thing(reader: Reader, token: Token) -> Thing | None:
    """What is given: a product or named thing, "a pair of X" read as X, an abstract noun refused."""
    if token.lemma_.lower() in QUANTITY_NOUNS:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                inner = next((t for t in prep.children if t.dep_ == "pobj"), None)
                if inner is not None:
                    return thing(reader, inner)
    mention = reader.mention_at(token)
    if mention is not None:
        return mention if mention.cls in ("Product", "Organization", "Company") else None
    if token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() in ABSTRACT_OBJECTS:
        return None
    start = token.i
    for left in reversed([t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod")]):
        if left.i == start - 1 and not any(c.dep_ == "advmod" for c in left.children):
            modifiers = token.doc[left.left_edge.i : left.i]  # "cedar" of "a cedar wood cross"
            start = left.left_edge.i if all(t.dep_ in ("compound", "amod", "nmod") for t in modifiers) else left.i
    end = token.i + 1
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of") and any(t.pos_ == "PROPN" for t in prep.subtree):
            end = max(t.i for t in prep.subtree) + 1
    end = next((t.i for t in token.doc[token.i : end] if t.text in (",", "(", "\u2014")), end)  # not ", the town where"
    span = token.doc[start:end]
    # The key keeps what identifies the thing, names and noun modifiers, not adjectives or articles:
    # "wooden Go board" and "a board for the game Go" are both the "go board".
    names = [t.lower_ for t in span if t.i != token.i and (t.pos_ == "PROPN" or t.dep_ == "compound" and t.i < token.i)]
    return span, " ".join([*names, token.lemma_.lower()])


def made(reader: Reader, found: Thing) -> Mention:
    """The mention of what is given, recorded now if it is a phrase."""
    if isinstance(found, Mention):
        return found
    span, key = found
    return reader.span_mention(span, "Product", weight=1, key=key)


def _gift(reader: Reader, verb: Token) -> Iterator[Event]:
    agent = subject(reader, verb)
    recipient = obj = None
    for child in verb.children:
        dep = child.dep_
        if dep in ("dative", "iobj") or (dep == "prep" and child.lower_ in ("to", "for")):
            target = child if dep != "prep" else next((t for t in child.children if t.dep_ == "pobj"), None)
            recipient = filler(reader, target, AGENTS) if target is not None else recipient
        elif dep == "dobj":
            recipient_in_np = _recipient_inside(reader, child)
            if recipient_in_np is not None:  # "gifted President Lee two phones" parsed as one phrase
                recipient = recipient or recipient_in_np
            presented = filler(reader, child, AGENTS) if verb.lemma_.lower() == "present" else None
            if presented is not None:  # "presented Xi with a board"
                recipient = presented
            else:
                obj = thing(reader, child)
        elif dep == "nsubjpass":
            who = filler(reader, child, AGENTS)
            recipient, obj = (who, obj) if who else (recipient, thing(reader, child))
        elif dep == "prep" and child.lower_ == "with":
            inner = next((t for t in child.children if t.dep_ == "pobj"), None)
            obj = thing(reader, inner) if inner is not None else obj
    if agent is None or obj is None or (verb.lemma_.lower() in ("give", "present") and recipient is None):
        return  # "presented the award", "gave a speech": no one is given anything
    roles = [("agent", agent), ("object", made(reader, obj))] + ([("recipient", recipient)] if recipient else [])
    yield _event(reader, verb, "GiftGiving", roles, 0.8)


def _recipient_inside(reader: Reader, noun: Token) -> Mention | None:
    for left in sorted(noun.lefts, key=lambda t: t.i):
        if left.dep_ in ("nmod", "poss"):
            mention = reader.mention_at(left)
            if mention is not None and mention.cls == "Person":
                return mention
    return None


def _gift_noun(reader: Reader, noun: Token) -> Iterator[Event]:
    agent = obj = recipient = None
    for child in noun.children:
        if child.dep_ == "poss":
            agent = filler(reader, child, AGENTS)
        elif child.dep_ == "compound" and obj is None:
            obj = thing(reader, child)
        elif child.dep_ == "prep" and child.lower_ in ("of", "to", "from"):
            inner = next((t for t in child.children if t.dep_ == "pobj"), None)
            if inner is None:
                continue
            if child.lower_ == "of":
                obj = thing(reader, inner)
            elif child.lower_ == "to":
                recipient = filler(reader, inner, AGENTS)
            else:
                agent = filler(reader, inner, AGENTS)
    if agent is None or obj is None:
        return
    roles = [("agent", agent), ("object", made(reader, obj))] + ([("recipient", recipient)] if recipient else [])
    yield _event(reader, noun, "GiftGiving", roles, 0.6)


def _visit(reader: Reader, verb: Token, visiting: bool) -> Iterator[Event]:
    moved = next((child for child in verb.children if child.dep_ == "nsubjpass"), None)
    # A passive move is its own subject's: "the Britons will be returned to the UK, Straw said".
    agent = subject(reader, verb) if moved is None or visiting else filler(reader, moved, AGENTS)
    place = None
    for child in verb.children:
        if visiting and child.dep_ == "dobj":  # "visited Seoul", "visited a Toyota factory in Nagoya"; the first
            place = place or filler(reader, child, PLACES) or _place_in(reader, child, ("in",))  # not "..., his trip"
        elif child.dep_ == "prep" and child.lower_ in ("to", "in") and not visiting:
            inner = next((t for t in child.children if t.dep_ == "pobj"), None)
            place = filler(reader, inner, PLACES) if inner is not None else None
    ranked = any(c.ent_type_ == "ORDINAL" or c.lower_ in ("close", "last") for c in verb.children)
    if agent is None or agent.cls != "Person" or place is None or ranked:
        return  # "Macey, who came fourth in Athens": a place in a race, no journey
    yield _event(reader, verb, "Visit", [("agent", agent), ("location", place)], 0.8)


def _visit_noun(reader: Reader, noun: Token) -> Iterator[Event]:
    """A visit named by a noun: its possessor's ("Xi's state visit"), or, for "his" or none, that of
    the subject of the clause the visit hangs from ("Merz met Trump ..., in his first visit to the
    United States": the visit is Merz's, not Trump's, the nearest name)."""
    in_clause = noun.dep_ == "pobj" and noun.head.dep_ == "prep"
    owners = [c for c in noun.children if c.dep_ in ("poss", "compound")]
    named = [c for c in owners if c.lower_ not in PRONOUNS]
    agent = next((found for c in named if (found := filler(reader, c, ("Person",)))), None)
    if agent is None and in_clause:
        agent = subject(reader, noun.head.head)
        agent = agent if agent is not None and agent.cls == "Person" else None
    if agent is None:  # "on the fourth day of his tour": no clause's subject, so whom "his" is
        agent = next((found for c in owners if (found := filler(reader, c, ("Person",)))), None)
    if agent is None or agent.cls != "Person":
        return
    place = _place_in(reader, noun, ("to", "in", "at", "of") if noun.lemma_.lower() == "tour" else ("to", "in", "at"))
    named_before = (t for left in noun.lefts if left.dep_ in ("compound", "amod", "nmod") for t in left.subtree)
    place = place or next((found for t in named_before if (found := filler(reader, t, PLACES))), None)
    roles = [("agent", agent)] + ([("location", place)] if place else [])
    yield _event(reader, noun, "Visit", roles, 0.7 if place else 0.5)


def _meeting(reader: Reader, verb: Token, hosting: bool) -> Iterator[Event]:
    """Who meets whom. One receives an award or a letter as well as a guest, so only a person received
    is one ("Stevie Wonder will receive Billboard's Century Award" is no meeting)."""
    first = subject(reader, verb)
    guests = ("Person",) if verb.lemma_.lower() == "receive" else ("Person", "Organization", "Company")
    others = []
    for child in verb.children:
        target = child
        if child.dep_ == "prep" and child.lower_ == "with":
            target = next((t for t in child.children if t.dep_ == "pobj"), child)
        elif child.dep_ != "dobj":
            continue
        for token in [target, *[c for c in target.children if c.dep_ == "conj"]]:
            who = filler(reader, token, guests)
            if who is not None:
                others.append(who)
    if first is None or not others or first.cls == "Country":
        return
    roles = [("host" if hosting else "participant", first)] + [("participant", o) for o in others]
    yield _event(reader, verb, "Meeting", roles, 0.8)


def _statements(reader: Reader) -> Iterator[Event]:
    for block, text in zip(reader.blocks, reader.texts, strict=True):
        doc = block.doc
        for match, words in _quotations(text):
            quote = words.strip().rstrip(",;:")
            if len(quote.split()) < 3:
                continue  # scare quotes, not speech
            inside = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if inside is None:
                continue
            verb = _speech_verb(inside)
            if verb is None:
                continue
            agent = subject(reader, verb)
            if agent is None or agent.cls == "Country":
                continue
            roles = [("agent", agent)]
            for child in verb.children:
                if child.dep_ in ("dobj", "dative") and not inside.start <= child.i < inside.end:
                    heard = filler(reader, child, ("Person", "Organization", "Company"))
                    if heard is not None:
                        roles.append(("recipient", heard))
            start = min(verb.sent.start_char, inside.start_char)
            end = max(verb.sent.end_char, inside.end_char)
            evidence = Evidence(reader.document.id, block.offset + start, block.offset + end, text[start:end])
            yield _event(reader, verb, "Statement", roles, 0.8, quote=quote.strip(), evidence=evidence)


def _quotations(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each quotation of a text and its words. A quotation that runs on into the next paragraph is
    left open ("...becomes a problem. "People are using..."), so the marks after it pair wrongly: words
    inside two marks that end with a space are such a quotation, whose last mark opens the next, and
    words that start with a space lie between two quotations ("...top form." And he admitted ...
    team. "She is..."), so the search starts again at their last mark."""
    start = 0
    while (match := _QUOTE.search(text, start)) is not None:
        words = next(g for g in match.groups() if g is not None)
        start = match.end() - 1 if words[:1].isspace() or words[-1:].isspace() else match.end()
        if not words[:1].isspace():
            yield match, words


def _speech_verb(quote: Span) -> Token | None:
    """The speech verb nearest a quotation, outside it, in the sentences the quotation touches."""
    sentences = {quote[0].sent.start: quote[0].sent, quote[-1].sent.start: quote[-1].sent}
    best: tuple[int, Token] | None = None
    for sent in sentences.values():
        for token in sent:
            if quote.start <= token.i < quote.end or token.pos_ != "VERB":
                continue
            if token.lemma_.lower() not in SPEECH_VERBS:
                continue
            distance = quote.start - token.i if token.i < quote.start else token.i - quote.end
            if best is None or distance < best[0]:
                best = (distance, token)
    return best[1] if best else None


def _place_in(reader: Reader, head: Token, preps: tuple[str, ...]) -> Mention | None:
    for token in head.subtree:
        if token.dep_ == "pobj" and token.head.lower_ in preps:
            place = filler(reader, token, PLACES)
            if place is not None:
                return place
    return None


def _event(reader: Reader, trigger: Token, cls: str, roles: list[tuple[str, Mention]], confidence: float,
           quote: str | None = None, evidence: Evidence | None = None) -> Event:
    evidence = evidence or reader.evidence(trigger)
    names = {m.key for _, m in roles}
    if not any(role == "location" for role, _ in roles):
        place = _place_in(reader, trigger, ("in", "at"))
        if place is not None and place.key not in names:
            roles.append(("location", place))
    date = None
    for ent in trigger.sent.ents:
        if ent.label_ == "DATE" and ent.start > 0 and ent.doc[ent.start - 1].lower_ in _NOT_WHEN:
            continue
        if ent.label_ == "DATE":
            date = normalise_date(ent.text, reader.document.date)
            if date:
                break
    unique = tuple(dict.fromkeys(roles))
    return Event(cls, trigger.lemma_.lower(), evidence, unique, date=date, quote=quote, confidence=confidence)
