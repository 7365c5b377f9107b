"""Mentions: spaCy's entities cleaned, typed with gazetteer and syntax cues, and keyed for resolution.

A ``Reader`` holds one document's parsed blocks and the mentions found in them; the relation and
event rules read it. It is the only place that maps tokens to mentions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from spacy.attrs import DEP, IS_ALPHA, IS_LOWER, IS_UPPER, LOWER, ORTH, POS, SENT_START
from spacy.strings import get_string_id

from kg.extract.lexicon import (
    ADVERSARY_NOUNS,
    COMPANY_HEADS,
    COMPANY_NOUNS,
    CORPORATE_SUFFIXES,
    EVENT_HEADS,
    FEMALE_HONORIFICS,
    GAMES_OPENERS,
    GROUP_MEMBERS,
    HONORIFICS,
    JOB_TITLES,
    KILLING_NOUNS,
    LEADER_TITLES,
    MAKE_VERBS,
    MALE_HONORIFICS,
    MOVE_VERBS,
    NAME_OPENERS,
    NOBLE_TITLES,
    OCCUPATIONS,
    ORGANISATION_HEADS,
    ORGANIZATION_WORDS,
    PARTY_NAMES,
    PARTY_WORDS,
    PLACE_OPENERS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    POST_NOMINALS,
    PRODUCT_NOUNS,
    RANKS,
    SHARE_NOUNS,
    SPEECH_VERBS,
    UNIT_NOUNS,
    VISIT_VERBS,
    WORK_NOUNS,
)
from kg.gazetteer import Gazetteer, gazetteer
from kg.nlp import ADJECTIVES, COMMON_WORDS, Block
from kg.records import Document, Evidence, Mention

Token = Any  # spacy.tokens.Token
Span = Any  # spacy.tokens.Span

_QUOTES = "\"'“”‘’«»„`"
_EDGE = re.compile(rf"^[\s{_QUOTES}.,;:!?()\[\]{{}}—–-]+|[\s{_QUOTES},;:!?()\[\]{{}}—–-]+$")
_POSSESSIVE = re.compile(r"[’']s?$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_PRICE = re.compile(r"\d[\d,.]*p")  # pence, which the tagger may take for a product's name
NAMED_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
                "FAC": "Place", "PRODUCT": "Product", "NORP": "Country"}
CUE, GAZETTEER = 3, 9
OCCASION_LABELS = ("EVENT", "WORK_OF_ART", "LAW")  # read only for names of occasions ("the Davis Cup")
ROMAN_NUMERALS = frozenset({"I", "II", "III", "IV", "V", "VI"})
PLACES = ("Place", "Country", "City")
ORGANISATIONS = ("Organization", "Company")


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
        while len(words) > 1 and words[-1].strip(",") in CORPORATE_SUFFIXES and not _a_place_alone(words[:-1]):
            words.pop()
    return " ".join(words)


def _a_place_alone(words: list[str]) -> bool:
    """Whether words are only a country's or a region's name or a demonym: "British" of "British
    Airways" and "Japan" of "Japan Airlines" tell no company apart ("British Telecom", "Japan
    Tobacco"); a town's name may be the company's own ("Toyota Motor")."""
    name = " ".join(words)
    place = gazetteer().place(name)
    return place is not None and place.cls != "City" or gazetteer().country_of_demonym(name) is not None


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
        # Each block's text, cut from the document's: spaCy's ``doc.text`` joins every token anew.
        self.texts = [document.text[block.offset : block.offset + _length(block.doc)] for block in blocks]
        self._sentences = [_sentences(block.doc) for block in blocks]
        self._lower_words: set[str] = set()
        self._subjects: set[str] = set()
        for block in blocks:
            lower, subjects = _word_sets(block.doc)
            self._lower_words |= lower
            self._subjects |= subjects
        self._initials, self._acronyms = _acronym_evidence([block.doc for block in blocks])
        # Surnames of the people tagged with a given name (not "Shareholders United", tagged a person too).
        self._surnames = {ent[-1].text for block in blocks for ent in block.doc.ents
                          if ent.label_ == "PERSON" and _looks_like_a_person(ent)}
        credits = [(number, span, cls) for number, block in enumerate(blocks)
                   for span, cls in _wire_credits(self._sentences[number], gazetteer)]
        taken = {(number, i) for number, span, _ in credits for i in range(span.start, span.end)}
        for _, span, cls in credits:
            place = gazetteer.place(span.text) if cls in PLACES else None
            if place is not None:
                self.span_mention(span, place.cls, weight=GAZETTEER, key=place.name.casefold())
            else:
                self.span_mention(span, cls)
        named = [(number, found) for number, block in enumerate(blocks) for ent in block.doc.ents
                 if (found := self._named(block, ent)) is not None
                 and not any((number, i) in taken for i in range(found[0].start, found[0].end))]
        asides = {(number, i) for number, (span, _) in named if "(" in span.text for i in range(span.start, span.end)}
        cued = {mention.key: mention.cls for _, (_, mention) in named if mention.weight == CUE}
        named = [(number, (span, _as_cued(mention, cued))) for number, (span, mention) in named
                 if "(" in span.text or (number, span.start) not in asides]  # not "Communist" of "(formerly Communist)"
        modifiers = _modifiers_only([found for _, found in named])
        named = [(number, found) for number, found in named if found[1].key not in modifiers]
        acronyms = _defined_acronyms(named)
        for number, (span, mention) in named:
            if mention.cls in ORGANISATIONS and mention.text in acronyms:  # "SDS" after "... Forces (SDS)"
                mention = replace(mention, key=acronyms[mention.text][1])
            self.add(number, span, mention)
            title = span.doc[span.start - 1] if span.start else None
            if mention.cls == "Person" and title is not None and title.is_title and title.lower_ in OCCUPATIONS - RANKS:
                self.span_mention(span.doc[title.i : span.end], "Person", weight=0, key=mention.key)  # "Actress X"
        for where, key in acronyms.values():
            if (where[0], where[1].start) not in self._at:
                self.span_mention(where[1], "Organization", weight=0, key=key)
        for number, block in enumerate(blocks):
            self._read_cues(number, block)
        self._surnames_alone()

    def _surnames_alone(self) -> None:
        """A named person's surname written alone where no mention was found ("Merz, who leads the
        party, said", untagged): a mention of that person, when the document names no one else of
        that surname and the word is no part of a longer name."""
        people: dict[str, set[str]] = {}
        for mention in self.mentions:
            words = mention.text.split()
            if mention.cls == "Person" and mention.named and len(words) > 1 and words[-1].isalpha() \
                    and words[-1][:1].isupper():
                people.setdefault(words[-1], set()).add(mention.key)
        surnames = {name: next(iter(keys)) for name, keys in people.items() if len(keys) == 1}
        for number, block in enumerate(self.blocks):
            doc = block.doc
            for token in _where(doc, ORTH, frozenset(surnames)) if surnames else ():
                before = doc[token.i - 1] if token.i else None
                after = doc[token.i + 1] if token.i + 1 < len(doc) else None
                if (number, token.i) in self._at or token.pos_ != "PROPN" \
                        or before is not None and before.pos_ == "PROPN" and before.is_title \
                        or after is not None and after.pos_ == "PROPN" and after.is_title:
                    continue
                self.span_mention(doc[token.i : token.i + 1], "Person", weight=1, key=surnames[token.text])

    def _read_cues(self, number: int, block: Block) -> None:
        """The names the tagger missed or cut that words around them give away: a place in capitals, a
        person a job describes or an honorific names ("Mr Hale"), a name described as a kind of place
        (retyped only from the tagger's label), a numbered unit, the place or parent after "of" in an
        organisation's name, a constituency, someone killed."""
        for span in _capitalised_runs(self._sentences[number]):
            self._capitalised_place(number, block, span)
        for span in _described_people(block.doc):
            typed = self._at.get((number, span.root.i))
            if typed is None or typed.cls != "Person" and typed.weight <= 1:
                self.span_mention(span, "Person")
        for span in _honoured_names(block.doc):
            if not any((number, i) in self._at for i in range(span.start - 1, span.end)):
                self.span_mention(span, "Person")
        for span in _titled_people(block.doc):
            if not any((number, t.i) in self._at for t in span):
                self.span_mention(span, "Person")
        for span in _named_companies(block.doc):
            if not any((number, t.i) in self._at for t in span):
                self.span_mention(span, "Company")
        for span in _described_places(block.doc):
            typed = self._at.get((number, span.root.i))
            if typed is not None and typed.cls not in ("Place", "City", "Country") and typed.weight < CUE:
                self.span_mention(span, "Place")
        for span in _numbered_units(block.doc):
            if not any((number, t.i) in self._at for t in span):
                self.span_mention(span, "Organization")
        for ent in block.doc.ents:
            of = _parent_after(ent) if ent.label_ == "ORG" else None
            if of is not None:
                rest = block.doc[of + 1 + (block.doc[of + 1].lower_ == "the") : ent.end]
                place = self.gazetteer.place(rest.text)
                if not any((number, t.i) in self._at for t in rest):  # "Pittsburgh" of "Acme Corp. of Pittsburgh"
                    self.span_mention(rest, place.cls if place else "Organization")
        for span in _seats(block.doc):
            if not any((number, t.i) in self._at for t in span):
                self.span_mention(span, "Place")  # "Parliament for Leeds Central", which the tagger missed
        for token in _where(block.doc, POS, _PROPER):
            if (number, token.i) not in self._at and token.is_title and token.dep_ != "compound" and _victim(token):
                self.span_mention(block.doc[token.i : token.i + 1], "Person")  # "the murder of King"

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
        preferring a subject for a subject pronoun, skipping the verb's own subject for an object
        pronoun and anyone named in a quotation that ends just before the pronoun, whose words the
        pronoun's person says ('"Michael is in great form," he said': he is not Michael)."""
        at = self.offset(pronoun)
        quoted = self._quotation_before(pronoun)
        window = self.offset(pronoun.sent[0]) - 400
        is_subject = pronoun.dep_ in ("nsubj", "nsubjpass")
        wanted = "female" if pronoun.lower_ in _FEMININE else "male"
        own_subject = None
        if not is_subject:
            own_subject = next((relative_to(c) for c in pronoun.head.children if c.dep_ == "nsubj"), None)
        best: tuple[int, Mention] | None = None
        for span, mention in self.spans:
            start = mention.start
            if mention.cls != "Person" or not mention.named or not window <= start < at \
                    or quoted[0] <= start < quoted[1]:
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

    def _quotation_before(self, token: Token) -> tuple[int, int]:
        """The characters of the quotation that ends just before a word, or (0, 0)."""
        number = self._block_of[id(token.doc)]
        before = self.texts[number][: token.idx].rstrip()
        if not before.endswith(('"', "\u201d")):
            return 0, 0
        opened = max(before.rfind('"', 0, len(before) - 1), before.rfind("\u201c"))
        offset = self.blocks[number].offset
        return (offset + opened, offset + len(before)) if opened >= 0 else (0, 0)

    def qualifier(self, span: Span) -> tuple[Span, Mention] | None:
        """The region written after a place to say where it is ("Amherst, Mass.", "Gyeongju, South
        Korea"): a country or a gazetteer region after a comma, following a place that is neither, and
        neither the start of a list ("Texas, Ohio and Iowa") nor a new clause ("in Paris, Ireland face
        the Faroes")."""
        doc = span.doc
        number = self._block_of[id(doc)]
        place = self.mention_at(span[0])
        if place is None or place.cls not in PLACES or span.end + 1 >= len(doc) or doc[span.end].text != ",":
            return None
        found = self._starting.get((number, span.end + 1))
        if found is None or found[1].cls not in PLACES or found[1].key == place.key or self._region(place):
            return None
        region_span, region = found
        if not self._region(region) or _opens_a_clause(span, region_span):
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

        wanted = _string_ids(lemmas | frozenset(lemma.title() for lemma in lemmas))
        for block in self.blocks:
            doc = block.doc
            found = doc.to_array([LEMMA, LOWER])
            for i, (lemma, lower) in enumerate(found.tolist()):
                if lemma in wanted or lower in wanted:
                    token = doc[i]
                    if token.lemma_.lower() in lemmas:
                        yield token

    def _named(self, block: Block, ent: Span) -> tuple[Span, Mention] | None:
        span = _trim(ent)
        if span is None or ent.label_ not in NAMED_LABELS and ent.label_ not in OCCASION_LABELS:
            return None
        if span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS and not span.doc[span.start - 1].is_lower:
            span = span.doc[span.start - 1 : span.end]  # "Mr Blair" is how the text names him; not "first lady"
        before = span.doc[span.start - 1] if span.start else None
        if ent.label_ == "ORG" and before is not None and before.ent_type_ == "ORDINAL" and before.text[:1].isdigit():
            span = span.doc[before.i : span.end]  # "82nd" of "the 82nd Airborne Division", tagged apart
        aside = _across_aside(span) if ent.label_ == "ORG" else None
        span = aside or span
        if ent.label_ == "ORG":
            span = _with_its_country(span)
        text = span.text
        if not _HAS_LETTER.search(text) or len(text) > 80 or "\n" in text:
            return None
        parts = re.split(r"[-–/]", text)
        if len(parts) > 1 and all(self.gazetteer.place(part) for part in parts):
            return None  # "Beijing-Seoul relations" names two places, not one thing
        if ent.label_ in ("PERSON", "ORG") and _a_list(span):
            return None  # "Makelele, Lampard", "Blur, Oasis": names side by side, tagged as one
        cls, weight, key, named = self._type(ent.label_, span)
        if cls is None:
            return None
        if aside is not None:  # "Bulgarian Socialist (formerly Communist) Party" is the Bulgarian Socialist Party
            key = key_of(" ".join(t.text for t in span if not _in_brackets(t)), cls)
        if cls == "Person" and len(span) > 1 and span[-1].like_num and a_roll_of_names(span.sent):
            span = span[:-1]  # "Bellamy 72" in a line-up: the minute he came on
            text, key = span.text, key_of(span.text, cls)
        if cls == "NamedEvent" and len(span) > 2 and span[0].is_lower and span[1].text == "-" \
                and not span[0].whitespace_ and not span[1].whitespace_ and span[2].is_title:
            span = span[2:]  # "post-World Cup", "pre-European Championships": the occasion after the prefix
            text, key = span.text, key_of(span.text, cls)
        start = block.offset + span.start_char
        return span, Mention(self.document.id, start, start + len(text), text, cls, key=key, weight=weight,
                             named=named)

    def _names_an_occasion(self, span: Span) -> bool:
        """Whether a name is an occasion's, by its last word before any year or numeral (see EVENT_HEADS):
        "Cannes Film Festival", "World Cup 2006", "World War II", "Athens Olympics", "Commonwealth Games"."""
        words = [t for t in span if not t.is_punct]
        while len(words) > 1 and (words[-1].like_num or words[-1].text in ROMAN_NUMERALS):
            words.pop()
        head, before = words[-1].lower_, words[:-1]
        if head in ("olympics", "paralympics"):
            return True
        if not before:
            return False
        if head == "games":
            opener = before[-1].text
            return opener.lower() in GAMES_OPENERS or self.gazetteer.place(opener) is not None
        if head == "nations":
            return bool(before[0].like_num) or before[0].lower_ == "tri"  # "Six Nations", "Tri-Nations"
        return head in EVENT_HEADS

    def _not_a_person(self, span: Span) -> tuple[str | None, int, str, bool] | None:
        """What a name spaCy calls a person is when it cannot be one: a known place ("Milton Keynes"),
        a code ("G8", "MI6"), or words that are all common nouns and adjectives ("General Election",
        "Lifelong Learning"), which are dropped; a lone word written as a place is (``_said_as_place``)
        or an English county ("Herefordshire"), a lone acronym that is no one's initials here and is long
        or written as an organisation's elsewhere (``_acronym_evidence``: "BAA") or a word in a list of
        organisations ("Age Concern, Mencap and the National Autistic Society"); None when it may be
        a person; a lone word after "the" that heads its phrase ("the Bill"), or after a capitalised
        common word inside the sentence that is no title ("the Finance Bill"), is dropped too."""
        text = span.text
        given = _starts_with_given_name(span)
        place = self.gazetteer.place(text)
        after_preposition = _after_place_preposition(span)
        big = place is not None and place.population >= BIG_CITY * 10  # "a missile strike on Kyiv"
        if place is not None and (len(span) > 1 or after_preposition or (place.cls != "City" or big) and not given):
            return place.cls, CUE if big else 2, place.name.casefold(), True  # a surname alone may be a city's
        if any(c.isdigit() for c in text):
            code = len(span) == 1 and text.isalnum() and text[:1].isupper()
            return ("Organization", 1, key_of(text, "Organization"), True) if code else (None, 0, "", True)
        if len(span) > 1 and not given and span[0].lower_ not in _TITLE_WORDS and all(map(_common_word, span)):
            return None, 0, "", True  # "General Election"; not "Pope Leo XIV"
        if len(span) > 1:
            return None
        if self._said_as_place(span, given) or text.endswith("shire") and text.isalpha():
            return "Place", 2, key_of(text, "Place"), True  # "at Gatwick", "Chatham, Kent", "Herefordshire"
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ == "the" and span.root.dep_ not in _MODIFYING:
            return None, 0, "", True  # "the Bill will go to a third reading"; not "the Tomlinson report"
        if before is not None and before.is_title and not before.is_sent_start and before.pos_ in _NAME_PARTS \
                and _common_word(before) and before.lower_ not in _TITLE_WORDS \
                and before.lemma_.lower() not in _TITLE_WORDS:
            return None, 0, "", True  # "the Finance Bill": the tagger cut a name of common words
        if given:
            return None
        if text.isupper() and len(text) > 2 and not span.sent.text.isupper() and text not in self._initials \
                and (len(text) > 3 or text in self._acronyms):
            return "Organization", 1, key_of(text, "Organization"), True  # "BAA said it", not "FDR would win"
        conjuncts = _conjuncts(span[0])
        if conjuncts and all(t.ent_type_ in ("ORG", "") for t in conjuncts) \
                and any(t.lower_ in ORGANISATION_HEADS | ORGANIZATION_WORDS for t in conjuncts):
            return "Organization", 1, key_of(text, "Organization"), True  # "Age Concern, Mencap and ..."
        return None

    def _said_as_place(self, span: Span, given: bool, listed: bool = False) -> bool:
        """Whether a name is written as a place is: in a list of mostly known places ("Basingstoke,
        Dorset and Torbay"), as the region after a known place and a comma ("Chatham, Kent"), before a
        comma and a known place ("Woodhill, Milton Keynes"), after "in" or "at" (or joined by "and" to
        a word after one), or as where someone goes or visits ("travel to Auschwitz"). A given name only
        counts the first two ways and after "in"; with ``listed`` (for a name the tagger calls an
        organisation) only a list with two known places or more counts."""
        doc = span.doc
        after = doc[span.end] if span.end < len(doc) else None
        speaker = span.root.dep_ == "nsubj" and span.root.head.lemma_ in SPEECH_VERBS  # "Md., Bernero said"
        if speaker or after is not None and after.tag_ == "POS":
            return False
        conjuncts = [_name_of(t) for t in _conjuncts(span.root)]
        known = [n for n in conjuncts if self.gazetteer.place(n.text) and n.root.ent_type_ != "PERSON"]
        if 2 * len(known) > len(conjuncts) and len(known) >= (2 if listed else 1) and not any(
                n.root.ent_type_ == "PERSON" and not self.gazetteer.place(n.text) for n in conjuncts):
            return True
        if listed:
            return False
        if span.start > 1 and doc[span.start - 1].text == "," and self.gazetteer.place(doc[span.start - 2].text) \
                and (after is None or after.is_punct):  # not "In Philadelphia, Randall was ..."
            return True
        region = next((e for e in doc.ents if e.start == span.end + 1), None)
        if after is not None and after.text == "," and region is not None and not given \
                and self.gazetteer.place(region.text) and (region.end == len(doc) or not doc[region.end].is_alpha):
            return True
        first = span.root
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        before = doc[first.left_edge.i - 1].lower_ if first.left_edge.i > 0 else ""
        head = first.head.head if first.dep_ == "pobj" else first.head
        gone = first.dep_ == "pobj" and first.head.lower_ in ("to", "from") and head.lemma_ in MOVE_VERBS | {"move"}
        visited = first.dep_ == "dobj" and head.lemma_ in VISIT_VERBS
        return before == "in" or not given and (before == "at" or gone or visited)

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
        if self._names_an_occasion(span):
            return "NamedEvent", CUE, key_of(text, "NamedEvent"), True  # "the Davis Cup", "Brit Awards"
        if label in OCCASION_LABELS:
            return None, 0, "", True  # "Wimbledon", "the New Year", "Titanic": the tagger's other events and works
        if _a_national(span):
            return None, 0, "", False  # "the Frenchman": someone of a country, not a name
        after_preposition = _after_place_preposition(span)
        if label in ("PERSON", "ORG", "GPE") and len(span) <= 3 and _victim(span.root):
            return "Person", CUE, key_of(text, "Person"), True  # "the assassination of Lincoln"
        if label in ("GPE", "LOC") and len(span) == 1 and text in self._surnames and self.gazetteer.place(text) is None:
            return "Person", CUE, key_of(text, "Person"), True  # "Erdogan", tagged GPE, where "Recep Tayyip Erdogan" is
        if label in ("PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT") and (
                _before_based(span) or label != "PERSON" and span.root.dep_ == "dobj"
                and span.root.head.lemma_ in VISIT_VERBS):
            place = self.gazetteer.place(text)
            if place is not None:  # "the Düsseldorf-based arms maker", "visited Wajima", whatever the tagger said
                return place.cls, GAZETTEER, place.name.casefold(), True
        if label in ("GPE", "LOC", "FAC", "ORG"):
            place = self.gazetteer.place(text)
            if place is not None and (label != "ORG" or place.cls == "Country"):
                return place.cls, GAZETTEER, place.name.casefold(), True
            if place is not None and place.cls == "City" and after_preposition:  # "a brigade in Cordoba"
                big = place.population >= BIG_CITY and span.doc[span.start - 1].lower_ in _TOWARDS
                return place.cls, CUE if big else 2, place.name.casefold(), True  # a city, not just a place
        if len(span) <= 3 and _a_player(span):
            return "Person", 1, key_of(text, "Person"), True  # "Cech, Ferreira, Carvalho, ...": the tagger's places
        if label in ("PERSON", "ORG", "GPE", "LOC", "FAC") and len(span) > 1 and span[-1].lower_ in PLACE_WORDS \
                and span[0].lower_ not in HONORIFICS:
            return "Place", CUE, key_of(text, "Place"), True  # "Cameron Parish", "Custer National Forest"
        if label in ("PERSON", "ORG", "GPE", "LOC", "FAC") and len(span) == 2 and span[0].lower_ in PLACE_OPENERS \
                and span[1].is_title:
            return "Place", CUE, key_of(text, "Place"), True  # "Fort Bend", "Camp David"
        if label in ("ORG", "GPE", "LOC") and len(span) > 1 and span[0].lower_ in NOBLE_TITLES:
            return "Person", CUE, key_of(text, "Person"), True  # "Duchess of York", "Prince Norodom Ranariddh"
        if label == "PERSON" and (text[:1].islower() or len(text) < 2) or label == "ORG" and span[0].is_lower \
                and not (text[:1].isdigit() and any(t.lower_ in UNIT_NOUNS for t in span)):  # not "21st Brigade"
            return None, 0, "", True
        if label in ("PERSON", "ORG") and len(span) == 1 and text.lower() in self._lower_words and not text.isupper():
            return None, 0, "", True  # "Budget" where the text also says "the budget": a word, not a name
        if label == "PRODUCT" and _PRICE.fullmatch(text):
            return None, 0, "", True  # "shares closed at 138p"
        if label in ("PERSON", "ORG", "PRODUCT") and self.gazetteer.country_of_demonym(text):
            return "Country", GAZETTEER, str(self.gazetteer.country_of_demonym(text)).casefold(), False
        if label in ("PERSON", "ORG") and _constituency(span, self.gazetteer):
            return "Place", CUE, key_of(text, "Place"), True  # "MP for Sheffield Brightside"
        if label == "PERSON" and len(span) == 1 and _not_a_name(span[0], text in self._subjects):
            return None, 0, "", True  # "Honorary consuls", "offices and Jobcentres", "Friend or Foe (SIFF)"
        if label in ("PERSON", "GPE") and len(span) <= 3 and written_as_a_group(span):
            return "Organization", CUE, key_of(text, "Organization"), True  # "Everton striker", "Saracens have"
        employer = label in ("PERSON", "ORG") and _an_employer(span)
        if employer:  # "an economist at Merrill Lynch": no person, nor a place "at" makes
            cls = organisation_cue(span) or "Organization"
            return cls, CUE, key_of(text, cls), True
        if label == "PERSON" and _described_as_organisation(span):
            return "Organization", CUE, key_of(text, "Organization"), True  # "the law firm Tods Murray"
        if label == "PERSON" and normalise(text).casefold() in PARTY_NAMES:
            return "Organization", CUE, key_of(text, "Organization"), True  # "the Lib Dems"
        if label == "PERSON" and len(span) > 1 and span[-1].lower_ in ORGANISATION_HEADS:
            return "Organization", CUE, key_of(text, "Organization"), True  # "Age Concern", "Royal Mail"
        if label == "PERSON" and span[0].lower_ not in HONORIFICS | NOBLE_TITLES:
            retyped = self._not_a_person(span)
            if retyped is not None:
                return retyped
        if label == "PERSON" and span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN":
            return "Person", 0, key_of(text, "Person"), True  # "a Go board": a name used as a modifier only
        if label in ("PERSON", "ORG", "GPE", "PRODUCT") and span[0].lower_ in HONORIFICS \
                and all(t.tag_ != "POS" for t in span):
            return "Person", CUE, key_of(text, "Person"), True  # "Mr Blair", "Dr Ruth Kelly"; not "Lord Dubs' Bill"
        if label in ("PERSON", "ORG") and _looks_like_a_person(span):
            return "Person", 2, key_of(text, "Person"), True  # "Olaf Scholz", whatever spaCy said
        company = text.split()[-1].lower() in CORPORATE_SUFFIXES | COMPANY_HEADS
        cue = organisation_cue(span) if label != "PERSON" or company else None
        if label == "ORG" and cue is None and len(span) <= 2 and self._said_as_place(span, True, listed=True):
            return "Place", 2, key_of(text, "Place"), True  # "Shrewsbury, Dorset and Torbay"
        if label == "PERSON" and _described_by(span, PRODUCT_NOUNS):
            cue = "Product"  # "the strategy game Go"
        elif label in ("PERSON", "ORG") and _described_by(span, WORK_NOUNS):
            return None, 0, "", True  # "the film Hellboy", "his album, Genius Loves Company": a work, no one
        if cue is not None:
            return cue, CUE, key_of(text, cue), True
        if label in ("GPE", "LOC", "FAC", "ORG") and len(span) > 1 and _titled(span):
            return "Person", CUE, key_of(text, "Person"), True  # "South African President Thabo Mbeki"
        if label in ("GPE", "LOC", "FAC") and text.isupper() and len(text) <= 3 \
                and span.root.dep_ in ("compound", "amod", "nmod") and span.root.head.pos_ == "NOUN":
            return None, 0, "", True  # "Japan's AI industry": an unknown abbreviation as a modifier
        if label in ("GPE", "LOC", "FAC"):
            online = span.start > 0 and span.doc[span.start - 1].lower_ in ("on", "via")
            if label == "GPE" and online:  # "trending on Weibo": a platform, not a place
                return "Organization", 1, key_of(text, "Organization"), True
            return "Place", 1, key_of(text, "Place"), True
        cls = NAMED_LABELS[label]
        return cls, 1, key_of(text, cls), True


def _as_cued(mention: Mention, cued: dict[str, str]) -> Mention:
    """A mention typed by the tagger alone, retyped as a cue types the same name elsewhere in the
    document ("the law firm Tods Murray ... Tods Murray has a client")."""
    cls = cued.get(mention.key)
    if cls is None or mention.weight > 1 or _group(cls) == _group(mention.cls):
        return mention
    return replace(mention, cls=cls)


def _group(cls: str) -> str:
    return "Place" if cls in PLACES else "Organization" if cls in ORGANISATIONS else cls


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


_PROPER = frozenset({"PROPN"})
_APPOSITION = frozenset({"appos"})
_DESCRIBING = frozenset({"attr", "appos"})


def _where(doc: Any, attr: int, values: frozenset[str]) -> Iterator[Token]:
    """The tokens whose ``attr`` (a spaCy attribute id, such as ``POS`` or ``LOWER``) is one of
    ``values``, found in spaCy's arrays without creating every Token object (see ``tokens_with_lemma``)."""
    wanted = _string_ids(values)
    for i, value in enumerate(doc.to_array(attr).tolist()):
        if value in wanted:
            yield doc[i]


@lru_cache(maxsize=64)
def _string_ids(values: frozenset[str]) -> frozenset[int]:
    """spaCy's ids of some strings (hashes, the same in every vocabulary), computed once per set."""
    return frozenset(map(get_string_id, values))


def _length(doc: Any) -> int:
    """The length of a Doc's text, from its last token."""
    return int(doc[-1].idx + len(doc[-1].text_with_ws)) if len(doc) else 0


def _sentences(doc: Any) -> list[Span]:
    """``doc.sents`` from spaCy's arrays: the same spans, without creating a Token for every word."""
    starts = [i for i, start in enumerate(doc.to_array(SENT_START).tolist()) if start == 1 or i == 0]
    return [doc[start:end] for start, end in zip(starts, [*starts[1:], len(doc)], strict=True)] if len(doc) else []


def _upper_words(doc: Any) -> Iterator[Token]:
    """The tokens written in capitals, found in spaCy's arrays."""
    for i, upper in enumerate(doc.to_array(IS_UPPER).tolist()):
        if upper:
            yield doc[i]


def _word_sets(doc: Any) -> tuple[set[str], set[str]]:
    """The words a text writes in lower case, and the words it uses as a subject, from spaCy's arrays."""
    strings = doc.vocab.strings
    subject = {strings.add("nsubj"), strings.add("nsubjpass")}
    rows = doc.to_array([ORTH, IS_LOWER, IS_ALPHA, DEP]).tolist()
    return ({strings[orth] for orth, lower, alpha, _ in rows if lower and alpha},
            {strings[orth] for orth, _, _, dep in rows if dep in subject})


def _capitalised_runs(sentences: list[Span]) -> Iterator[Span]:
    """Runs of words in capitals that open a sentence and are followed by a comma or a bracket,
    as datelines are ("MEXICO CITY, Mexico (AP)")."""
    for sent in sentences:
        doc = sent.doc
        end = sent.start
        while end < sent.end and doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1:
            end += 1
        if end > sent.start and end < sent.end and doc[end].text in (",", "(") and sum(
                len(t) for t in doc[sent.start : end]) >= 4:
            yield doc[sent.start : end]


# Words that may stand before a lone name and be no part of it ("President Bill", "Uncle Sam").
_TITLE_WORDS = HONORIFICS | LEADER_TITLES | JOB_TITLES | NOBLE_TITLES | OCCUPATIONS | RANKS | {
    "uncle", "aunt", "father", "mother", "brother", "sister", "mister", "speaker", "pastor", "saint"}
_NAME_PARTS = frozenset({"PROPN", "NOUN", "ADJ"})
# How a name modifies the noun after it ("the Tomlinson report", "the Conlon and Maguire families").
_MODIFYING = frozenset({"compound", "nmod", "amod", "poss", "conj"})
_WIRE_CODE = re.compile(r"[A-Z]{2}\d{10}")
_CAPITALS_AT_END = re.compile(r"[A-Z]{2}[^a-z]*$")


def _wire_credits(sentences: list[Span], gazetteer: Gazetteer) -> Iterator[tuple[Span, str]]:
    """The source a wire service credits, as its header line writes it: the place and the outlet of an
    FBIS-style source line ("PA2904034294 Guatemala City Teleonce Television in Spanish 0400 GMT"), a
    place and an outlet in capitals alone on a line ("Tokyo NIHON KEIZAI SHIMBUN"), an agency in
    brackets before a dash ("Moscow March 5 (ITAR-TASS) --")."""
    for sent in sentences:
        doc, text = sent.doc, sent.text
        if not (_WIRE_CODE.search(text) or _CAPITALS_AT_END.search(text) or "(" in text and "-" in text):
            continue  # no code, no line ending in capitals, no bracket before a dash: most sentences
        tokens = list(sent)
        coded = next((n + 1 for n, t in enumerate(tokens) if _WIRE_CODE.fullmatch(t.text)), None)
        found = _place_and_outlet(tokens[coded or 0 :], gazetteer, coded is not None)
        if found is not None:
            yield found[0], "Place"
            yield found[1], "Organization"
        for n, token in enumerate(tokens[:-3]):
            close = next((m for m in range(n + 2, min(n + 6, len(tokens) - 1)) if tokens[m].text == ")"), len(tokens))
            inner = tokens[n + 1 : close]
            if token.text == "(" and close < len(tokens) and tokens[close + 1].text in ("--", "-", "—", "–") \
                    and inner[0].is_alpha and all(t.is_upper or t.text == "-" for t in inner):
                yield doc[inner[0].i : inner[-1].i + 1], "Organization"


def _place_and_outlet(tokens: list[Token], gazetteer: Gazetteer, coded: bool) -> tuple[Span, Span] | None:
    """A known place and the outlet named after it: up to "in <Language>" after a document code, or
    to the end of a line in capitals."""
    if not tokens or not tokens[0].is_title:
        return None
    doc = tokens[0].doc
    known = [end for end in range(min(len(tokens), 3), 0, -1)
             if gazetteer.place(doc[tokens[0].i : tokens[end - 1].i + 1].text)]
    if not known:
        return None
    start = end = known[0]
    def joins(n: int) -> bool:  # "Radio Nacional de Espana"
        return tokens[n].lower_ != "in" and n + 1 < len(tokens) and tokens[n + 1].is_title

    while end < len(tokens) and end - start < 6 and not tokens[end].like_num \
            and (not tokens[end].is_lower or joins(end)):
        end += 1
    if end == start:
        return None
    outlet = doc[tokens[start].i : tokens[end - 1].i + 1]
    said = coded and end + 1 < len(tokens) and tokens[end].lower_ == "in" and tokens[end + 1].is_title
    capitals = end == len(tokens) and all(t.is_upper or not t.is_alpha for t in outlet)
    if not (said or capitals) or not any(t.is_alpha and len(t) > 1 for t in outlet) or gazetteer.place(outlet.text):
        return None
    return doc[tokens[0].i : tokens[start - 1].i + 1], outlet


# Nouns that, in apposition to a name, say it is a person's ("Tal, a senior Defense Ministry official").
_PERSON_NOUNS = (JOB_TITLES | LEADER_TITLES | OCCUPATIONS) - {"member", "partner", "owner", "founder", "unit", "staff",
                                                              "head", "representative", "supplier", "operator"}


def _opens_a_clause(place: Span, region: Span) -> bool:
    """Whether the region written after a place hangs on a verb after it that the place does not
    hang on: it starts a new clause ("after the draw in Paris, Ireland face the Faroes"), unlike
    "Gyeongju, South Korea is hosting the summit"."""
    verb = region.root.head
    return verb.pos_ in ("VERB", "AUX") and verb.i >= region.end and place.root.head.i != verb.i


def _described_people(doc: Any) -> Iterator[Span]:
    """Names that an apposition describes as a person's job ("Winter, 53, a former law professor")."""
    for token in _where(doc, DEP, _APPOSITION):
        if token.lemma_.lower() not in _PERSON_NOUNS or token.tag_ != "NN":
            continue
        head = token.head
        if head.like_num and head.dep_ == "appos":  # "Winter, 53, a ...": the age comes first
            head = head.head
        after = head.i + 1
        if after < len(doc) and doc[after].text == "(":  # "Nihat (Marka), deputy leader of SHP"
            after = next((t.i + 1 for t in doc[after : after + 5] if t.text == ")"), after)
        if head.i > token.i or not head.is_title or head.ent_type_ not in ("", "PERSON", "ORG", "GPE") \
                or after >= len(doc) or doc[after].text != ",":
            continue
        name = _titled_name(head)
        if name[0].ent_iob_ != "I":  # not the end of a longer name ("Fathers 4 Justice")
            yield name


def _honoured_names(doc: Any) -> Iterator[Span]:
    """Names an honorific opens ("Mr Hale", "Dr Ana Ruiz"): the capitalised proper nouns after it."""
    for token in _where(doc, LOWER, HONORIFICS):
        end = token.i + 1
        while end < len(doc) and end - token.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and doc[end].is_alpha:
            end += 1
        if token.is_title and end > token.i + 1:
            yield doc[token.i : end]


_TITLE_ENDS = frozenset(title.split()[-1] for title in LEADER_TITLES | JOB_TITLES)


def _titled_people(doc: Any) -> Iterator[Span]:
    """Untagged names after a title that start with a known given name: "Airbus Chief Executive
    Guillaume Faury", which the tagger may read as one organisation's name or none."""
    for token in _where(doc, LOWER, _TITLE_ENDS):
        end = token.i + 1
        while end < len(doc) and end - token.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and doc[end].is_alpha and not doc[end].ent_type_:
            end += 1
        name = doc[token.i + 1 : end]
        if end - token.i > 2 and _looks_like_a_person(name):
            yield name


# Nouns for a company that stand before its name ("rocket company SpaceX"); not those that also
# stand before a person's ("investor Warren Buffett", "producer Brian Grazer").
_COMPANY_TITLES = frozenset({
    "company", "firm", "maker", "carmaker", "automaker", "chipmaker", "planemaker", "drugmaker", "steelmaker",
    "manufacturer", "retailer", "conglomerate", "startup", "start-up", "airline", "insurer", "lender", "bank",
    "telecom", "broadcaster", "miner", "refiner", "shipbuilder", "subsidiary",
})


def _named_companies(doc: Any) -> Iterator[Span]:
    """Names a company noun stands right before, untagged or tagged as a nationality: "Musk's rocket
    company SpaceX", "the electric carmaker Rivian"."""
    for token in _where(doc, LOWER, _COMPANY_TITLES):
        end = token.i + 1
        while end < len(doc) and end - token.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                and doc[end].ent_type_ in ("", "NORP"):
            end += 1
        words = doc[token.i + 1 : end]
        linked = token.dep_ == "compound" and token.head.i == end - 1 or words[:1] and words[0].head.i == token.i
        if words and linked and (end == len(doc) or doc[end].pos_ != "PROPN") and not _looks_like_a_person(words):
            yield words


# Nouns that say a name is a place ("Zabiele is a village in ...", "Clark Lake, a lake in ...").
_PLACE_NOUNS = PLACE_WORDS | {"village", "town", "city", "hamlet", "suburb", "municipality", "commune", "borough",
                              "region", "neighbourhood", "neighborhood", "lake", "glacier", "mountain", "volcano",
                              "isthmus", "bay", "reservoir", "archipelago", "capital", "port"}


def _described_places(doc: Any) -> Iterator[Span]:
    """Names a copula or an apposition describes as a kind of place ("Mendenhall Glacier is a glacier
    in Alaska", "Heeney, a town in Summit County"), whatever the tagger called them."""
    for token in _where(doc, DEP, _DESCRIBING):
        if token.lemma_.lower() not in _PLACE_NOUNS or token.pos_ != "NOUN":
            continue
        name = token.head
        if token.dep_ == "attr":
            name = next((c for c in token.head.children if c.dep_ == "nsubj"), token)
        if name.pos_ != "PROPN" or not name.is_title:
            continue
        yield _titled_name(name)


def _before_based(span: Span) -> bool:
    """Whether a name is written before "-based": "the Düsseldorf-based arms maker"."""
    doc = span.doc
    return bool(span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ == "based")


def _titled_name(token: Token) -> Span:
    """``token`` with the capitalised words compounded before it: "Mendenhall Glacier"."""
    start = min([c.i for c in token.children if c.dep_ == "compound" and c.is_title and c.i < token.i] + [token.i])
    return token.doc[start : token.i + 1]


def _acronym_evidence(docs: list[Any]) -> tuple[set[str], set[str]]:
    """The initials of the people a text names in full ("FDR" for "Franklin D. Roosevelt"), and the
    words in capitals it writes as an organisation's somewhere: tagged one, after "the", with a plural
    verb, as the subject of a verb whose clause goes on with "it", or before an organisation's noun
    ("BAA are", "BAA said it was", "the OFLC", "the MAPAR party")."""
    people: set[str] = set()
    organisations: set[str] = set()
    for doc in docs:
        for ent in doc.ents:
            words = [w for w in ent.text.replace(".", " ").split() if w.lower() not in POST_NOMINALS | {"jr", "sr"}]
            if ent.label_ == "PERSON" and len(words) > 1 and all(w[:1].isupper() for w in words):
                people.add("".join(w[0] for w in words))
        for token in _upper_words(doc):
            if not (token.is_alpha and len(token) > 1):
                continue
            head = token.head
            said_it = token.dep_ == "nsubj" and any(
                c.dep_ == "ccomp" and any(g.dep_ == "nsubj" and g.lower_ == "it" for g in c.children)
                for c in head.children)
            if token.ent_type_ == "ORG" or said_it or token.dep_ == "nsubj" and head.tag_ == "VBP" \
                    or token.i > 0 and doc[token.i - 1].lower_ == "the" and token.dep_ != "compound" \
                    or token.dep_ == "compound" and head.lower_ in ORGANISATION_HEADS | ORGANIZATION_WORDS:
                organisations.add(token.text)
    return people, organisations


_COMPASS = frozenset({"north", "south", "east", "west", "central", "north-east", "north-west", "south-east",
                      "south-west", "northeast", "northwest", "southeast", "southwest"})
# Words before "for" whose object is a constituency ("MP for Sheffield Brightside", "Parliament for ...").
_SEAT_HOLDERS = frozenset({"mp", "msp", "mep", "am", "mla", "parliament", "seat"})


def _constituency(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a name is an electoral district's: the object of "MP for" or "seat of", or a known place
    and another word before "seat" or ending in a compass word ("the Sheffield Hallam seat",
    "Edinburgh North")."""
    doc = span.doc
    if len(span) < 2 or normalise(span.text).casefold() in PARTY_NAMES or span[0].lower_ in PARTY_WORDS:
        return False
    if span.start > 1 and doc[span.start - 1].lower_ in ("for", "of") and doc[span.start - 2].lower_ in _SEAT_HOLDERS:
        return True
    seat = span.end < len(doc) and doc[span.end].lower_ in ("seat", "constituency", "by-election")
    return gazetteer.place(span[0].text) is not None and (seat or span[-1].lower_ in _COMPASS)


def _with_its_country(span: Span) -> Span:
    """An organisation's name of common words only, with the place the text names after "of": "the
    Communist Party" of "the Communist Party of Greece" is not the whole name (nor the one of China)."""
    doc = span.doc
    words = [t for t in span if t.lower_ != "the"]
    if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of" or not words \
            or not all(t.is_title and _common_plural(t) for t in words):
        return span
    start = span.end + 1 + (doc[span.end + 1].lower_ == "the")
    place = next((e for e in doc.ents if e.start == start and e.label_ == "GPE"), None)
    return doc[span.start : place.end] if place is not None else span


def _parent_after(span: Span) -> int | None:
    """Where an organisation's name stops when "of" joins it to where the company is or to the
    organisation it is part of ("Acme Corp. of Pittsburgh", "Queens College of the City University of
    New York"): the index of "of", or None."""
    doc = span.doc
    for of in (t for t in span[2:-1] if t.lower_ == "of"):
        left = doc[of.i - 1].lower_
        rest = doc[of.i + 1 + (doc[of.i + 1].lower_ == "the") : span.end]
        if not rest or not rest[0].is_title:
            continue
        if left in ORGANISATION_HEADS and any(t.lower_ in ORGANISATION_HEADS for t in rest):
            return int(of.i)
        if left.rstrip(".") in {w.rstrip(".") for w in CORPORATE_SUFFIXES} and rest[0].pos_ == "PROPN":
            return int(of.i)
    return None


def _seats(doc: Any) -> Iterator[Span]:
    """The names written after "MP for", "Parliament for" or "seat of": constituencies."""
    for holder in _where(doc, LOWER, _SEAT_HOLDERS):
        if holder.i + 2 >= len(doc) or doc[holder.i + 1].lower_ not in ("for", "of"):
            continue
        token = doc[holder.i + 2]
        if token.is_title:
            end = token.i
            while end < len(doc) and (doc[end].is_title and doc[end].pos_ == "PROPN" or not doc[end - 1].whitespace_
                                      and (doc[end].text == "-" or doc[end].is_alpha)):  # "Henley-on-Thames"
                end += 1
            if end > token.i:
                yield doc[token.i : end]


def _not_a_name(token: Token, subject: bool) -> bool:
    """Whether a lone word the tagger calls a person's name is none: an adjective before a noun
    ("Honorary consuls"), the plural of a common noun listed with others and never the ``subject`` of a
    verb in the text ("offices and Jobcentres"; not "executed Mithridates and his sons ... Mithridates
    left"), or the last word of a name an acronym after it stands for ("Friend or Foe (SIFF)")."""
    doc = token.doc
    if token.tag_ == "JJ" and token.dep_ == "amod" and token.head.is_lower:
        return True
    if not subject and token.lower_.endswith("s") and _common_plural(token) and any(
            t.is_lower and t.tag_ == "NNS" for t in _conjuncts(token)):
        return True
    if token.i + 3 < len(doc) and doc[token.i + 1].text == "(" and doc[token.i + 3].text == ")":
        acronym = doc[token.i + 2].text
        return bool(acronym.isupper() and len(acronym) > 1 and acronym[-1] == token.text[0])
    return False


def _numbered_units(doc: Any) -> Iterator[Span]:
    """Units named by their number, which the tagger reads as an ordinal before a word ("the 12th
    Brigade", "the 101st Airborne Division")."""
    for ent in doc.ents:
        if ent.label_ != "ORDINAL" or not ent[-1].text[:1].isdigit():
            continue
        end = ent.end
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        if end > ent.end and doc[end - 1].lower_ in UNIT_NOUNS:
            yield doc[ent[-1].i : end]


def _victim(token: Token) -> bool:
    """Whether a name is of someone killed: after a killing noun and "of" ("the assassination of
    Lincoln", "assassin of Lincoln"), or the object of "assassinate" or "murder"."""
    while token.dep_ == "compound":
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        return bool(token.head.head.lemma_.lower() in KILLING_NOUNS)
    return token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_ in ("assassinate", "murder")


def _across_aside(span: Span) -> Span | None:
    """A name with a bracketed aside inside it, when the name goes on after the bracket with a word
    that ends an organisation's name ("the Bulgarian Socialist (formerly Communist) Party")."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != "(":
        return None
    close = next((t.i for t in doc[span.end + 1 : span.end + 6] if t.text == ")"), None)
    if close is None or close == span.end + 1 or close == span.end + 2 and doc[span.end + 1].is_upper:
        return None  # not an acronym the name defines: "University of the Highlands and Islands (UHI)"
    end = close + 1
    while end < len(doc) and end - close < 4 and doc[end].is_title and doc[end].pos_ == "PROPN":
        end += 1
    if end == close + 1 or doc[end - 1].lower_ not in ORGANISATION_HEADS | ORGANIZATION_WORDS:
        return None
    return doc[span.start : end]


def _in_brackets(token: Token) -> bool:
    """Whether a word is a bracket or inside brackets within its sentence."""
    depth = 0
    for t in token.sent:
        if t.i >= token.i:
            return depth > 0 or token.text in "()"
        depth += {"(": 1, ")": -1}.get(t.text, 0)
    return False


def _opening_verb(token: Token) -> bool:
    """A participle opening a sentence, which the tagger may take for a given name ("Evaluating Juppe's visit")."""
    return bool(token.is_sent_start and token.lower_.endswith("ing") and token.tag_ in ("VBG", "NNP")
                and given_names().get_gender(token.text) == "unknown")


# Prepositions after which the name of a city of ``BIG_CITY`` people or more, whatever the tagger said,
# is the city ("travelled to Marseille"): not "at" or "from", said of organisations too ("executives at
# Tata", "a licence from Paramount"), nor "for" ("he plays for Liverpool"). A smaller town so named is
# as often a firm or a club ("moved to Chelsea", a town of 40,000 in Massachusetts).
_TOWARDS = frozenset({"in", "to", "into", "near", "outside", "through", "throughout"})
BIG_CITY = 100_000


def _after_place_preposition(span: Span) -> bool:
    """Whether a name is the object of a preposition places follow ("in Cordoba"; not "into
    Kennedy's motorcade")."""
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS and not (
        span.end < len(doc) and doc[span.end].tag_ == "POS")


def _name_of(token: Token) -> Span:
    """The entity a word is part of ("United Russia" for "Russia"), or the word."""
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), token.doc[token.i : token.i + 1])


def _conjuncts(token: Token) -> list[Token]:
    """The other members of a list a word is in ("Heathrow, Gatwick and Stansted")."""
    first = token
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    members, todo = [first], [first]
    while todo:
        for child in todo.pop().children:
            if child.dep_ == "conj":
                members.append(child)
                todo.append(child)
    return [t for t in members if t.i != token.i]


def _modifiers_only(named: list[tuple[Span, Mention]]) -> set[str]:
    """Keys of the lone words called people that a document only ever writes as a modifier of a common
    noun or with "a" ("an Oscar nomination", "Oscar-winning", "won an Oscar"), and that are no part of
    a longer name in it: such a word names a prize or a thing named after someone, and no one the
    document speaks of ("the Tomlinson report" after "Mike Tomlinson" stays his)."""
    uses: dict[str, list[bool]] = defaultdict(list)
    parts: set[str] = set()
    for span, mention in named:
        if mention.cls == "Person":
            uses[mention.key].append(len(span) == 1 and _qualifies(span.root))
            if len(span) > 1:
                parts.update(t.lower_ for t in span)
    return {key for key, flags in uses.items() if all(flags) and key not in parts}


def _qualifies(token: Token) -> bool:
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ == "NOUN" and token.head.i > token.i \
        or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children) \
        or after is not None and after.text == "-" and not after.whitespace_


def made_by(product: Token, name: Span) -> bool:
    """Whether a product noun with a name before it reads as made by the one named: "two Xiaomi
    phones", "an HP printer", "Boeing jets"; not when the name is the product's own or its model's:
    "the Cell processor", "its GameBoy console", "Airbus A320 planes", "Rafale jets made by Dassault"."""
    if any(c.isdigit() for c in name.text) or maker_named(product) is not None:
        return False
    children = list(product.children)
    if any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that", "these", "those") for c in children):
        return False
    return product.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" or c.lower_ in ("a", "an") for c in children)


def relative_to(token: Token) -> Token:
    """The noun a relative pronoun stands for ("Joseph Aoun" for "who" in "Joseph Aoun, who presented
    him with a cross"), else the token."""
    if token.lower_ in ("who", "which", "that") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def stood_against(token: Token) -> bool:
    """Whether a word of a name is in what someone stands against: "a critic of the ruling Georgian
    Dream party", "an opponent of the Labour Party"; not "the Guardian's film critic"."""
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in ADVERSARY_NOUNS


def maker_named(product: Token) -> Token | None:
    """The word that names who made a product noun: "Dassault" in "jets made by Dassault"."""
    for verb in product.children:
        if verb.dep_ == "acl" and verb.lemma_.lower() in MAKE_VERBS:
            for agent in verb.children:
                if agent.dep_ == "agent":
                    return next((t for t in agent.children if t.dep_ == "pobj"), None)
    return None


def made_product(maker: Token) -> Token | None:
    """The product noun a word is said to make: "jets" for "Dassault" in "jets made by Dassault"."""
    product = maker.head.head.head  # pobj <- "by" <- "made" <- "jets"
    found = maker_named(product) if maker.dep_ == "pobj" and product.lemma_.lower() in PRODUCT_NOUNS else None
    return product if found is not None and found.i == maker.i else None


def organisation_cue(span: Span) -> str | None:
    """Company or Organization when the words in or around a name say so, else None.

    "chipmaker Nvidia", "Nvidia, the chipmaker", "Xiaomi phones", "phones made by Foxconn", "Apple's
    profits", "firms such as Apple", "Samsung Electronics" make a Company; "Asia-Pacific Economic
    Cooperation" an Organization.
    """
    words = [t.lower_ for t in span]
    root = span.root
    if made_product(root) is not None:
        return "Company"  # "phones made by Foxconn"
    if root.dep_ in ("poss", "compound") and root.head.lower_ in SHARE_NOUNS or root.dep_ == "pobj" \
            and root.head.lower_ == "in" and root.head.head.lower_ in SHARE_NOUNS:
        return "Company"  # "Apple's profits", "Nissan shareholders", "shares in Renault"
    item = root
    while item.dep_ == "conj" and item.head.i != item.i:
        item = item.head
    such = item.dep_ == "pobj" and item.head.lower_ == "as" \
        and any(c.lower_ == "such" for c in (*item.head.children, *item.head.head.children))
    if such and item.head.head.lemma_.lower() in COMPANY_NOUNS - {"group", "network", "platform", "fund", "owner"}:
        return "Company"  # "firms such as Rheinmetall, Leonardo and Indra"
    if len(words) > 1 and words[-1] not in ORGANIZATION_WORDS and (words[-1] in CORPORATE_SUFFIXES or (
            words[-1] in COMPANY_HEADS and not set(words) & (ORGANIZATION_WORDS | {"of", "for", "and", "the"}))):
        return "Company"  # "Samsung Electronics", "Island Records"; not "the Department of Energy"
    neighbours = [t for t in root.children if t.dep_ in ("compound", "appos", "amod") and t.i < span.start]
    if root.dep_ == "appos" or (root.dep_ == "compound" and root.head.i > span.end - 1):
        neighbours.append(root.head)
    neighbours += [t for t in root.children if t.dep_ == "appos"]
    for token in neighbours:
        lemma = token.lemma_.lower()
        if lemma in COMPANY_NOUNS and not (lemma == "group" and token.i == root.head.i):
            return "Company"  # not "the Labour group on Newham Council"
        if root.dep_ == "compound" and token.i == root.head.i and lemma in PRODUCT_NOUNS and made_by(token, span):
            return "Company"
        if root.dep_ == "compound" and token.i == root.head.i:
            for appos in token.children:
                if appos.dep_ == "appos" and appos.lemma_.lower() in COMPANY_NOUNS:
                    return "Company"
    if any(w in ORGANIZATION_WORDS for w in words[1:]) or (len(words) > 1 and words[0] in ORGANIZATION_WORDS):
        return "Organization"
    return None


def _looks_like_a_person(span: Span) -> bool:
    """A name of two or three capitalised words starting with a known given name that is no title, and
    no word that makes it an organisation ("Olaf Scholz" yes; "Morgan Stanley Bank", "Royal Mail" no)."""
    words = [t.text for t in span]
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    lowered = {w.lower() for w in words}
    if lowered & (ORGANIZATION_WORDS | ORGANISATION_HEADS | CORPORATE_SUFFIXES | COMPANY_NOUNS):
        return False
    if words[0].lower() in JOB_TITLES | LEADER_TITLES:
        return False  # "General Electric"
    if _common_word(span[0], ADJECTIVES) and all(map(_common_plural, span)):
        return False  # "Royal Mail", "Fair Trials": an adjective and nouns, not a given name
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


def _common_word(token: Token, table: str = COMMON_WORDS) -> bool:
    """Whether a word is an English noun or adjective (or of ``table``, the adjectives alone) in the
    lemmatiser's word lists (WordNet's), or the plural of one ("Trials")."""
    lookups = token.doc.vocab.lookups
    if not lookups.has_table(table):
        return False
    words = lookups.get_table(table)
    return token.lower_ in words or token.lemma_.lower() in words


def _common_plural(token: Token) -> bool:
    """Whether a word is a common noun or adjective, or a noun's plural ("Trials", "Jobcentres")."""
    lookups = token.doc.vocab.lookups
    singular = token.lower_[:-1] if token.lower_.endswith("s") else ""
    return _common_word(token) or bool(singular) and lookups.has_table(COMMON_WORDS) \
        and singular in lookups.get_table(COMMON_WORDS)


# Nouns that describe an organisation right before its name ("the charity Mencap", "law firm Tods Murray").
_ORGANISATION_DESCRIPTORS = frozenset({"firm", "company", "charity", "group", "organisation", "organization", "party",
                                       "agency", "union", "association", "campaign", "club", "band", "newspaper",
                                       "movement", "sect"})


def _described_as_organisation(span: Span) -> bool:
    root = span.root
    described = [t for t in root.children if t.dep_ == "compound" and t.i == span.start - 1]
    if root.dep_ == "appos" and root.head.i == span.start - 1:
        described.append(root.head)
    return any(t.lemma_.lower() in _ORGANISATION_DESCRIPTORS for t in described)


def written_as_a_group(span: Span) -> bool:
    """Whether a name is written as a group's (a team, a company), never as one person's: right before
    a word for one of its players, staff, owners or customers ("Everton striker", "Spurs boss", "Sega
    shares", "Napster users"), as a subject followed by ", which" ("Euronext, which combines three
    exchanges, said"), or, not looking like a person's name, right before "have", "are" or "were" as
    their one subject, as British writing treats a team ("Saracens have signed", "Munster were beaten";
    not "Blair and Brown have", "Raines, a former official, and Tim Howard have left", "if Blair were")."""
    root, head, doc = span.root, span.root.head, span.doc
    if root.dep_ == "compound" and head.i == span.end and head.lemma_.lower() in GROUP_MEMBERS:
        return True
    after = doc[span.end : span.end + 2]
    if root.dep_ not in ("nsubj", "nsubjpass") or not after:
        return False
    if after.text.lower() == ", which":
        return True
    if head.i not in (after[0].i, after[0].head.i) or span[0].lower_ in HONORIFICS | NOBLE_TITLES \
            or _looks_like_a_person(span):
        return False
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) > 1 or any(c.dep_ in ("conj", "appos") for c in root.children):
        return False
    verb = after[0]
    supposed = any(c.dep_ == "mark" and c.lower_ in ("if", "though", "unless") for c in head.children)
    return verb.tag_ == "VBP" and verb.lower_ in ("have", "are") or verb.lower_ == "were" and not supposed


def _an_employer(span: Span) -> bool:
    """Whether a name is written as where someone works or what is traded, never as a person: after
    a job and "at" or "with" ("an economist at Merrill Lynch", "a strategist with Morgan Stanley"),
    or after shares or a stake and "in" ("shares in Morgan Stanley")."""
    root = span.root
    if root.dep_ != "pobj":
        return False
    preposition, word = root.head.lower_, root.head.head.lemma_.lower()
    return preposition in ("at", "with") and word in JOB_TITLES | LEADER_TITLES \
        or preposition == "in" and word in ("share", "stake", "shareholding")


def _described_by(span: Span, nouns: frozenset[str]) -> bool:
    """Whether a noun before a name, or one it stands in apposition to, is one of ``nouns``."""
    root = span.root
    described = [t for t in root.children if t.dep_ in ("compound", "appos") and t.i < span.start]
    if root.dep_ == "appos":
        described.append(root.head)
    return any(t.lemma_.lower() in nouns for t in described)


def _trim(ent: Span) -> Span | None:
    """The span without leading determiners, quotes or punctuation, trailing possessives, quotes or
    function words, anything before a possessive inside it ("South Korea’s Lee Jae Myung" -> "Lee Jae
    Myung"), after a spaced dash, from a bracket left open or from a verb on ("Skadden, Arps said
    Popeyes"); a place with the kind of place written after it ("the Sahara desert")."""
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
    while end - start > 3 and _a_score(doc[end - 3 : end]):
        end -= 3  # "Stamford Bridge 3-1", "Sebastien Grosjean 2-6 6-3": a score after a name
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
    for i in range(start + 1, end):
        if doc[i].is_lower and doc[i].tag_ in ("VBD", "VBZ", "VBP"):  # "Skadden, Arps said Popeyes": a clause
            end = i
            break
    if ent.label_ == "ORG":
        end = _parent_after(doc[start:end]) or end
    while end > start and (doc[end - 1].is_lower and doc[end - 1].is_stop or doc[end - 1].is_punct):  # "Office of the"
        end -= 1
    if start < end and doc[start].is_lower and doc[start].is_stop:  # "a Conservative Party"
        start += 1
    if ent.label_ in ("PERSON", "ORG"):
        start, end = _person_bounds(doc, start, end, ent.label_ == "PERSON")
    if ent.label_ in ("LOC", "GPE") and end == ent.end < len(doc) and doc[end].lower_ in PLACE_WORDS \
            and doc[end].is_lower:
        end += 1  # "the Sahara desert", "the Najd plateau": the kind of place is part of its name
    return doc[start:end] if end > start else None


def _a_list(span: Span) -> bool:
    """Whether a name is a list of names ("Makelele, Lampard", "Blur, Oasis and Pulp"): commas between
    capitalised words and no word in lower case but "and", "&" or company word that would join them
    into one name ("Department of the Environment, Food and Rural Affairs", "Skadden, Arps, Slate,
    Meagher & Flom", "Smith, Barney Inc"). Two names alone ("Skadden, Arps") are a list only among
    many commas, as in a line-up."""
    words = [token for token in span if not token.is_punct and token.lower_ != "and"]
    commas = sum(token.text == "," for token in span)
    if not commas or not all(token.text[:1].isupper() for token in words) \
            or any(token.text == "&" or token.lower_ in CORPORATE_SUFFIXES | COMPANY_HEADS for token in span):
        return False
    listed = _separators(span.sent) >= 4  # a line-up, not "Skadden, Arps said"
    return commas > 1 or any(token.lower_ == "and" for token in span) or listed


def _titled(span: Span) -> bool:
    """Whether a leader's or a job's title right before a name qualifies it, as only a person's name
    is ("President Thabo Mbeki", "Foreign Minister Ali Shaath"; the tagger may call such names places)."""
    before = span.doc[span.start - 1] if span.start else None
    return before is not None and before.lower_ in LEADER_TITLES | JOB_TITLES and before.dep_ == "compound" \
        and span.start <= before.head.i < span.end


def a_roll_of_names(sentence: Span) -> bool:
    """Whether a sentence is a list of names and no clause, such as a team's line-up ("Cech, Ferreira,
    Carvalho, Terry, ...", "G Murphy; G Dempsey, S Horgan, ..."): four commas or semicolons and no verb
    but inside a name (the tagger may take "Cole" for one)."""
    text = sentence.text
    if text.count(",") + text.count(";") < 4:  # most sentences: no need to look at their words
        return False
    return _separators(sentence) >= 4 \
        and not any(token.pos_ in ("VERB", "AUX") and not token.ent_type_ for token in sentence)


def _separators(sentence: Span) -> int:
    """How many commas and semicolons stand as words in a sentence (not inside "1,000")."""
    return sum(token.text in (",", ";") for token in sentence)


def _a_player(span: Span) -> bool:
    """Whether a name is one item of a line-up: in a roll of names, not before a colon ("Chelsea: Cech,
    ...", the team) and not in brackets ("(Toulouse)", a player's club) unless a minute follows it,
    inside the name or not ("Lauren (Ljungberg 46)", a substitute)."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    substitute = span[-1].like_num or after is not None and after.like_num
    return a_roll_of_names(span.sent) and (substitute or not _in_brackets(span[0])) \
        and (after is None or after.text != ":")


def _a_score(tokens: Span) -> bool:
    """Whether three tokens are a game's score written "3-1" (small numbers, no spaces), not a model
    number ("737-800")."""
    home, dash, away = tokens
    return dash.text == "-" and home.is_digit and away.is_digit and len(home) <= 2 and len(away) <= 2 \
        and not home.whitespace_ and not dash.whitespace_


def _opening_calling(token: Token) -> bool:
    """A calling opening a sentence before a name ("Model Sophie Anderton"), not a company's word
    ("satellite broadcaster BSkyB")."""
    return token.is_sent_start and token.lower_ in NAME_OPENERS


def _demonym_noun(word: str) -> bool:
    """Whether a word is a demonym made a noun of a person: "Frenchman", "Irishwoman", "Scotsmen"."""
    found = re.fullmatch(r"([A-Z][a-z]+?)(?:man|woman|men|women)", word)
    return found is not None and gazetteer().country_of_demonym(found[1]) is not None


def _a_national(span: Span) -> bool:
    """Whether a name is a demonym made a noun of a person ("the Frenchman"), not a newspaper's
    ("political editor of The Scotsman")."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return _demonym_noun(span.text) and not (before is not None and before.text == "The" and not before.is_sent_start)


def _nationality(word: str) -> bool:
    """Whether a capitalised word says what country someone is of: "Kenyan", "Briton", "Welshman"."""
    return word[:1].isupper() and (gazetteer().country_of_demonym(word) is not None or _demonym_noun(word))


def _person_bounds(doc: Any, start: int, end: int, person: bool) -> tuple[int, int]:
    """A person's name without a title before it that is no honorific ("Constable David Warcup") or
    letters after it ("Paul Boateng MP"); for a name spaCy calls a person's, also without an
    occupation, a party or a verb before it ("Composer Thomas", "Tory Lord Ashcroft", "Evaluating
    Juppe"), and with the name an honorific at its end was cut from ("Tory Lord | Campbell"), and
    without a nationality before a name of two words or more ("Kenyan Susan Chepkemei", "Welshman Ray
    Reardon")."""
    if person and end - start > 2 and _nationality(doc[start].text):
        start += 1
    if person and end < len(doc) and doc[end - 1].lower_ in HONORIFICS:
        while end < len(doc) and doc[end].is_title and doc[end].is_alpha and doc[end].pos_ == "PROPN":
            end += 1
    while end - start > 1 and doc[end - 1].lower_ in POST_NOMINALS:
        end -= 1
    titles = JOB_TITLES | POST_NOMINALS | (OCCUPATIONS if person else frozenset())
    party = start
    while person and party < end - 1 and doc[party].lower_ in PARTY_WORDS:
        party += 1
    if party > start and (doc[party].lower_ in titles | HONORIFICS or _starts_with_given_name(doc[party : party + 1])):
        start = party  # "Tory Lord Ashcroft", "Labour MP Ann Clwyd"; not "Lib Dem"
    first = start
    while end - first > 1 and doc[first].lower_ not in HONORIFICS and (
            doc[first].lower_ in titles or person and (_opening_verb(doc[first]) or _opening_calling(doc[first]))):
        first += 1
    if person or first == end or _starts_with_given_name(doc[first:end]):  # not "General Accounting Office"
        start = first
    return start, end
