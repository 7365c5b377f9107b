"""Mentions: spaCy's entities cleaned, typed with gazetteer and syntax cues, and keyed for resolution.

A ``Reader`` holds one document's parsed blocks and the mentions found in them; the relation and
event rules read it. It is the only place that maps tokens to mentions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from kg.extract.lexicon import (
    COMPANY_NOUNS,
    CORPORATE_SUFFIXES,
    FEMALE_HONORIFICS,
    HONORIFICS,
    JOB_TITLES,
    MALE_HONORIFICS,
    NOBLE_TITLES,
    ORGANIZATION_WORDS,
    PLACE_WORDS,
    POST_NOMINALS,
    PRODUCT_NOUNS,
)
from kg.gazetteer import Gazetteer
from kg.nlp import COMMON_WORDS, Block
from kg.records import Document, Evidence, Mention

Token = Any  # spacy.tokens.Token
Span = Any  # spacy.tokens.Span

_QUOTES = "\"'“”‘’«»„`"
_EDGE = re.compile(rf"^[\s{_QUOTES}.,;:!?()\[\]{{}}—–-]+|[\s{_QUOTES},;:!?()\[\]{{}}—–-]+$")
_POSSESSIVE = re.compile(r"[’']s?$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
NAMED_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
                "FAC": "Place", "PRODUCT": "Product", "NORP": "Country"}
CUE, GAZETTEER = 3, 9
PLACES = ("Place", "Country", "City")
ORGANISATIONS = ("Organization", "Company")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "for", "outside"})


def normalise(text: str) -> str:
    """A surface form without quotes, a leading "the", a trailing possessive, or extra spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _EDGE.sub("", text)
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = _POSSESSIVE.sub("", text) if re.search(r"\w[’']s?$", text) and not text.endswith("s's") else text
    return re.sub(r"\s+", " ", _EDGE.sub("", text))


def key_of(text: str, cls: str) -> str:
    """The key resolution groups mentions on: case-folded, corporate suffixes and honorifics dropped."""
    words = normalise(text).casefold().split()
    if cls == "Person":
        while len(words) > 1 and words[0] in HONORIFICS:
            words.pop(0)
        if len(words) > 2:  # "George W. Bush" is "George Bush": middle initials do not tell people apart
            words = [words[0], *(w for w in words[1:-1] if len(w.rstrip(".")) > 1), words[-1]]
    if cls in ("Organization", "Company"):
        while len(words) > 1 and words[-1].strip(",") in CORPORATE_SUFFIXES:
            words.pop()
    return " ".join(words)


class Reader:
    """One document's blocks with the mentions found in them, indexed by token."""

    def __init__(self, document: Document, blocks: list[Block], gazetteer: Gazetteer) -> None:
        self.document = document
        self.blocks = blocks
        self.gazetteer = gazetteer
        self.mentions: list[Mention] = []
        self.spans: list[tuple[Span, Mention]] = []
        self._at: dict[tuple[int, int], Mention] = {}  # (block number, token index) -> mention
        self._starting: dict[tuple[int, int], tuple[Span, Mention]] = {}  # first token -> span, mention
        self._block_of: dict[int, int] = {id(block.doc): n for n, block in enumerate(blocks)}
        self._lower_words = {t.text for block in blocks for t in block.doc if t.is_lower and t.is_alpha}
        named = [(number, found) for number, block in enumerate(blocks) for ent in block.doc.ents
                 if (found := self._named(block, ent)) is not None]
        acronyms = _defined_acronyms(named)
        for number, (span, mention) in named:
            if mention.cls in ORGANISATIONS and mention.text in acronyms:  # "SDS" after "... Forces (SDS)"
                mention = replace(mention, key=acronyms[mention.text][1])
            self.add(number, span, mention)
        for where, key in acronyms.values():
            if (where[0], where[1].start) not in self._at:
                self.span_mention(where[1], "Organization", weight=0, key=key)
        for number, block in enumerate(blocks):
            for span in _capitalised_runs(block.doc):
                self._capitalised_place(number, block, span)

    def add(self, number: int, span: Span, mention: Mention) -> Mention:
        """Record a mention over ``span`` of block ``number`` (the first one found over a token wins)."""
        for token in span:
            self._at.setdefault((number, token.i), mention)
        self._starting.setdefault((number, span.start), (span, mention))
        self.mentions.append(mention)
        self.spans.append((span, mention))
        return mention

    def mention_at(self, token: Token) -> Mention | None:
        """The mention covering a token, if any."""
        return self._at.get((self._block_of[id(token.doc)], token.i))

    def refer_pronouns(self) -> None:
        """Index each subject "he" or "she" as a mention of the person it refers to (see
        ``antecedent``), so the rules read "He is the chief executive of Acme" as they read the name.
        These references are no names: they are not among ``mentions``."""
        for number, block in enumerate(self.blocks):
            for token in block.doc:
                if token.lower_ in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass") \
                        and (number, token.i) not in self._at:
                    found = self.antecedent(token)
                    if found is not None:
                        span = block.doc[token.i : token.i + 1]
                        for t in span:
                            self._at[(number, t.i)] = found
                        self.spans.append((span, found))

    def antecedent(self, pronoun: Token) -> Mention | None:
        """The person a he/she/him/her most likely refers to: the nearest person named before it in
        the last two sentences whose given name or honorific does not contradict the pronoun,
        preferring a subject for a subject pronoun and skipping the verb's own subject for an object
        pronoun."""
        at = self.offset(pronoun)
        window = self.offset(pronoun.sent[0]) - 400
        is_subject = pronoun.dep_ in ("nsubj", "nsubjpass")
        wanted = "female" if pronoun.lower_ in _FEMININE else "male"
        own_subject = None
        if not is_subject:
            own_subject = next((c for c in pronoun.head.children if c.dep_ == "nsubj"), None)
        best: tuple[int, Mention] | None = None
        for span, mention in self.spans:
            start = mention.start
            if mention.cls != "Person" or not mention.named or not window <= start < at:
                continue
            if own_subject is not None and span.start <= own_subject.i < span.end and span.doc is pronoun.doc:
                continue
            if gender(mention.text) not in (wanted, None):
                continue
            score = start + (1000 if is_subject and span.root.dep_ in ("nsubj", "nsubjpass") else 0)
            if best is None or score > best[0]:
                best = (score, mention)
        if best is None:
            return None
        found = best[1]
        return Mention(found.doc_id, at, at + len(pronoun.text), pronoun.text, "Person", key=found.key,
                       head=found.head, named=False)

    def qualifier(self, span: Span) -> tuple[Span, Mention] | None:
        """The region written after a place to say where it is ("Amherst, Mass.", "Gyeongju, South
        Korea"): a country or a gazetteer region after a comma, following a place that is neither, and
        not the start of a list ("Texas, Ohio and Iowa")."""
        doc = span.doc
        number = self._block_of[id(doc)]
        place = self.mention_at(span[0])
        if place is None or place.cls not in PLACES or span.end + 1 >= len(doc) or doc[span.end].text != ",":
            return None
        found = self._starting.get((number, span.end + 1))
        if found is None or found[1].cls not in PLACES or found[1].key == place.key or self._region(place):
            return None
        region_span, region = found
        if not self._region(region):
            return None
        after = [t.lower_ for t in doc[region_span.end : region_span.end + 2]]
        if after[:1] in (["and"], ["or"]) or after[:1] == [","] and self._starting.get((number, region_span.end + 1)):
            return None
        return found

    def _region(self, mention: Mention) -> bool:
        known = self.gazetteer.place(mention.text)
        return mention.cls == "Country" or known is not None and known.cls in ("Country", "Place")

    def offset(self, token: Token) -> int:
        """The character offset of a token in the document text."""
        return int(self.blocks[self._block_of[id(token.doc)]].offset + token.idx)

    def evidence(self, token: Token) -> Evidence:
        """The sentence around a token, as evidence."""
        sent = token.sent
        block = self.blocks[self._block_of[id(token.doc)]]
        return Evidence(self.document.id, block.offset + sent.start_char, block.offset + sent.end_char, sent.text)

    def span_mention(self, span: Span, cls: str, weight: int = CUE, **extra: Any) -> Mention:
        """A mention made from a span of tokens (a product, a nominal), recorded in the index."""
        number = self._block_of[id(span.doc)]
        start = self.blocks[number].offset + span.start_char
        text = span.text
        key = extra.pop("key") if "key" in extra else key_of(text, cls)
        mention = Mention(self.document.id, start, start + len(text), text, cls, key=key, weight=weight, **extra)
        return self.add(number, span, mention)

    def tokens_with_lemma(self, lemmas: frozenset[str]) -> Iterator[Token]:
        """The tokens whose lower-cased lemma is one of ``lemmas``, in document order.

        Scans spaCy's arrays rather than creating every Token object: that is most of the cost of
        extraction, which must stay small beside the parse.
        """
        from spacy.attrs import LEMMA, LOWER

        for block in self.blocks:
            doc = block.doc
            strings = doc.vocab.strings
            wanted = {strings.add(lemma) for lemma in lemmas} | {strings.add(lemma.title()) for lemma in lemmas}
            found = doc.to_array([LEMMA, LOWER])
            for i, (lemma, lower) in enumerate(found.tolist()):
                if lemma in wanted or lower in wanted:
                    token = doc[i]
                    if token.lemma_.lower() in lemmas:
                        yield token

    def _named(self, block: Block, ent: Span) -> tuple[Span, Mention] | None:
        span = _trim(ent)
        if span is None or ent.label_ not in NAMED_LABELS:
            return None
        if span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS:
            span = span.doc[span.start - 1 : span.end]  # "Mr Blair" is how the text names him
        text = span.text
        if not _HAS_LETTER.search(text) or len(text) > 80 or "\n" in text:
            return None
        parts = re.split(r"[-–/]", text)
        if len(parts) > 1 and all(self.gazetteer.place(part) for part in parts):
            return None  # "Beijing-Seoul relations" names two places, not one thing
        cls, weight, key, named = self._type(ent.label_, span)
        if cls is None:
            return None
        start = block.offset + span.start_char
        return span, Mention(self.document.id, start, start + len(text), text, cls, key=key, weight=weight,
                             named=named)

    def _not_a_person(self, span: Span) -> tuple[str | None, int, str, bool] | None:
        """What a name spaCy calls a person is when it cannot be one: a known place ("Milton Keynes"),
        a code ("G8", "MI6"), or words that are all common nouns and adjectives ("General Election",
        "Lifelong Learning"), which are dropped; None when it may be a person."""
        text = span.text
        given = _starts_with_given_name(span)
        place = self.gazetteer.place(text)
        after_preposition = span.start > 0 and span.doc[span.start - 1].lower_ in _PLACE_PREPOSITIONS
        if place is not None and (len(span) > 1 or after_preposition or place.cls != "City" and not given):
            return place.cls, 2, place.name.casefold(), True  # a surname alone may be a city's: "Lincoln"
        if any(c.isdigit() for c in text):
            code = len(span) == 1 and text.isalnum() and text[:1].isupper()
            return ("Organization", 1, key_of(text, "Organization"), True) if code else (None, 0, "", True)
        if len(span) > 1 and not given and all(map(_common_word, span)):
            return None, 0, "", True
        return None

    def _capitalised_place(self, number: int, block: Block, span: Span) -> None:
        """A known place written in capitals ("BANGKOK, Thailand (AP)"), which the model rarely tags."""
        if any((number, token.i) in self._at for token in span):
            return
        place = self.gazetteer.place(span.text)
        if place is None:
            return
        start = block.offset + span.start_char
        self.add(number, span, Mention(self.document.id, start, start + len(span.text), span.text, place.cls,
                                       key=place.name.casefold(), weight=GAZETTEER))

    def _type(self, label: str, span: Span) -> tuple[str | None, int, str, bool]:
        """(class, weight, key, named) for an entity span, using the gazetteer and the syntax around it."""
        text = span.text
        if label == "NORP":
            country = self.gazetteer.country_of_demonym(text)
            return ("Country", GAZETTEER, country.casefold(), False) if country else (None, 0, "", False)
        after_preposition = span.start > 0 and span.doc[span.start - 1].lower_ in _PLACE_PREPOSITIONS
        if label in ("GPE", "LOC", "FAC", "ORG"):
            place = self.gazetteer.place(text)
            if place is not None and (label != "ORG" or place.cls == "Country"):
                return place.cls, GAZETTEER, place.name.casefold(), True
            if place is not None and place.cls == "City" and after_preposition:  # "a brigade in Cordoba"
                return place.cls, 2, place.name.casefold(), True
        if label in ("PERSON", "ORG", "GPE", "LOC", "FAC") and len(span) > 1 and span[-1].lower_ in PLACE_WORDS \
                and span[0].lower_ not in HONORIFICS:
            return "Place", CUE, key_of(text, "Place"), True  # "Cameron Parish", "Custer National Forest"
        if label in ("ORG", "GPE", "LOC") and len(span) > 1 and span[0].lower_ in NOBLE_TITLES:
            return "Person", CUE, key_of(text, "Person"), True  # "Duchess of York", "Prince Norodom Ranariddh"
        if label == "PERSON" and (text[:1].islower() or len(text) < 2) or label == "ORG" and span[0].is_lower:
            return None, 0, "", True
        if label in ("PERSON", "ORG") and len(span) == 1 and text.lower() in self._lower_words and not text.isupper():
            return None, 0, "", True  # "Budget" where the text also says "the budget": a word, not a name
        if label in ("PERSON", "ORG") and self.gazetteer.country_of_demonym(text):
            return "Country", GAZETTEER, str(self.gazetteer.country_of_demonym(text)).casefold(), False
        if label == "PERSON" and span[0].lower_ not in HONORIFICS | NOBLE_TITLES:
            retyped = self._not_a_person(span)
            if retyped is not None:
                return retyped
        if label == "PERSON" and span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN":
            return "Person", 0, key_of(text, "Person"), True  # "a Go board": a name used as a modifier only
        if label in ("PERSON", "ORG", "GPE") and span[0].lower_ in HONORIFICS:
            return "Person", CUE, key_of(text, "Person"), True  # "Mr Blair", "Dr Ruth Kelly"
        if label in ("PERSON", "ORG") and _looks_like_a_person(span):
            return "Person", 2, key_of(text, "Person"), True  # "Olaf Scholz", whatever spaCy said
        cue = organisation_cue(span) if label != "PERSON" or text.split()[-1].lower() in CORPORATE_SUFFIXES else None
        if label == "PERSON" and _described_as_product(span):
            cue = "Product"  # "the strategy game Go"
        if cue is not None:
            return cue, CUE, key_of(text, cue), True
        if label in ("GPE", "LOC", "FAC"):
            online = span.start > 0 and span.doc[span.start - 1].lower_ in ("on", "via")
            if label == "GPE" and online:  # "trending on Weibo": a platform, not a place
                return "Organization", 1, key_of(text, "Organization"), True
            return "Place", 1, key_of(text, "Place"), True
        cls = NAMED_LABELS[label]
        return cls, 1, key_of(text, cls), True


def _defined_acronyms(named: list[tuple[int, tuple[Span, Mention]]]) -> dict[str, tuple[tuple[int, Span], str]]:
    """Acronyms an organisation's name defines in brackets right after it ("the Union of Democratic
    Forces (SDS)"): each with where it is written and the key of the name it stands for."""
    found: dict[str, tuple[tuple[int, Span], str]] = {}
    for number, (span, mention) in named:
        doc = span.doc
        if mention.cls not in ORGANISATIONS or span.end + 2 >= len(doc) or doc[span.end].text != "(":
            continue
        inner = doc[span.end + 1]
        if doc[span.end + 2].text == ")" and re.fullmatch(r"[A-Z][A-Z&-]{1,7}", inner.text) and len(span) > 1:
            found.setdefault(inner.text, ((number, doc[inner.i : inner.i + 1]), mention.key))
    return found


def _capitalised_runs(doc: Any) -> Iterator[Span]:
    """Runs of words in capitals that open a sentence and are followed by a comma or a bracket,
    as datelines are ("MEXICO CITY, Mexico (AP)")."""
    for sent in doc.sents:
        end = sent.start
        while end < sent.end and doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1:
            end += 1
        if end > sent.start and end < sent.end and doc[end].text in (",", "(") and sum(
                len(t) for t in doc[sent.start : end]) >= 4:
            yield doc[sent.start : end]


def organisation_cue(span: Span) -> str | None:
    """Company or Organization when the words in or around a name say so, else None.

    "chipmaker Nvidia", "Nvidia, the chipmaker", "Xiaomi phones", "Samsung Electronics" make a
    Company; "Asia-Pacific Economic Cooperation" an Organization.
    """
    words = [t.lower_ for t in span]
    if words[-1] in CORPORATE_SUFFIXES and len(words) > 1 and words[-1] not in ORGANIZATION_WORDS:
        return "Company"
    root = span.root
    neighbours = [t for t in root.children if t.dep_ in ("compound", "appos", "amod") and t.i < span.start]
    if root.dep_ == "appos" or (root.dep_ == "compound" and root.head.i > span.end - 1):
        neighbours.append(root.head)
    neighbours += [t for t in root.children if t.dep_ == "appos"]
    for token in neighbours:
        lemma = token.lemma_.lower()
        if lemma in COMPANY_NOUNS:
            return "Company"
        if root.dep_ == "compound" and token.i == root.head.i and lemma in PRODUCT_NOUNS:
            return "Company"
        if root.dep_ == "compound" and token.i == root.head.i:
            for appos in token.children:
                if appos.dep_ == "appos" and appos.lemma_.lower() in COMPANY_NOUNS:
                    return "Company"
    if any(w in ORGANIZATION_WORDS for w in words[1:]) or (len(words) > 1 and words[0] in ORGANIZATION_WORDS):
        return "Organization"
    return None


def _looks_like_a_person(span: Span) -> bool:
    """A name of two or three capitalised words starting with a known given name, and no word that
    makes it an organisation ("Olaf Scholz" yes; "Morgan Stanley Bank" no)."""
    words = [t.text for t in span]
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    lowered = {w.lower() for w in words}
    if lowered & (ORGANIZATION_WORDS | CORPORATE_SUFFIXES | COMPANY_NOUNS):
        return False
    return bool(given_names().get_gender(words[0]) != "unknown")


@lru_cache(maxsize=1)
def given_names() -> Any:
    """The given-name list of gender-guesser (about 40,000 names from many countries)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


_FEMININE = frozenset({"she", "her", "hers", "herself"})
def gender(name: str) -> str | None:
    """"male" or "female" when a person's honorific or given name says so, else None."""
    words = name.split()
    if not words:
        return None
    first = words[0].lower().rstrip(".")
    if first in FEMALE_HONORIFICS:
        return "female"
    if first in MALE_HONORIFICS:
        return "male"
    guessed = given_names().get_gender(words[0])
    return {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}.get(guessed)


def _starts_with_given_name(span: Span) -> bool:
    return bool(given_names().get_gender(span[0].text) != "unknown")


def _common_word(token: Token) -> bool:
    """Whether a word is an English noun or adjective in the lemmatiser's word lists (WordNet's)."""
    lookups = token.doc.vocab.lookups
    if not lookups.has_table(COMMON_WORDS):
        return False
    words = lookups.get_table(COMMON_WORDS)
    return token.lower_ in words or token.lemma_.lower() in words


def _described_as_product(span: Span) -> bool:
    root = span.root
    described = [t for t in root.children if t.dep_ in ("compound", "appos") and t.i < span.start]
    if root.dep_ == "appos":
        described.append(root.head)
    return any(t.lemma_.lower() in PRODUCT_NOUNS for t in described)


def _trim(ent: Span) -> Span | None:
    """The span without leading determiners, quotes or punctuation, trailing possessives, quotes or
    function words, anything before a possessive inside it ("South Korea’s Lee Jae Myung" -> "Lee Jae
    Myung"), after a spaced dash or from a bracket left open."""
    start, end = ent.start, ent.end
    doc = ent.doc
    for i in range(ent.start, ent.end):
        if doc[i].tag_ == "POS" and i + 1 < ent.end and ent.label_ == "PERSON":
            start = i + 1
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ == "the"
                           or doc[start].text in _QUOTES):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].text in _QUOTES or doc[end - 1].lower_ in ("’s", "'s")):
        end -= 1
    for i in range(start, end):
        if "\n" in doc[i].text_with_ws.rstrip(" ") or doc[i].is_space:
            end = i + (0 if doc[i].is_space else 1)
            break
    opened = [i for i in range(start, end) if doc[i].text == "("]
    if opened and not any(doc[i].text == ")" for i in range(opened[-1], end)):
        end = opened[-1]  # "Union of Democratic Forces (SDS": the bracket is not part of the name
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
    for i in range(start + 1, end):
        if doc[i].text in ("-", "–", "—") and doc[i - 1].whitespace_:  # "Whitehall - Labour": two things
            end = i
            break
    while end > start and doc[end - 1].is_lower and doc[end - 1].is_stop:  # "Office of the"
        end -= 1
    if start < end and doc[start].is_lower and doc[start].is_stop:  # "a Conservative Party"
        start += 1
    if ent.label_ in ("PERSON", "ORG"):
        start, end = _person_bounds(doc, start, end)
    return doc[start:end] if end > start else None


def _person_bounds(doc: Any, start: int, end: int) -> tuple[int, int]:
    """A person's name without a title before it that is no honorific ("Composer Thomas",
    "Constable David Warcup") or letters after it ("Paul Boateng MP")."""
    while end - start > 1 and doc[end - 1].lower_ in POST_NOMINALS:
        end -= 1
    while end - start > 1 and doc[start].lower_ not in HONORIFICS and (
            doc[start].lower_ in JOB_TITLES or doc[start].lower_ in POST_NOMINALS):
        start += 1
    return start, end
