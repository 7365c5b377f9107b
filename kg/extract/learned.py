"""Facts from a learned classifier over pairs of mentions in one sentence.

A multinomial logistic regression, trained on the train splits of CoNLL04 and CrossRE (news,
politics) by ``scripts/train_relations.py`` and stored as plain JSON in ``kg/data/relations.json``,
scores each ordered pair of kg's own mentions in a sentence from features of the spaCy parse: the
two mentions' kg classes and NER labels, the dependency path between their roots, the words between
them, their distance and order, the words that join them ("of", "in", "at", "for", "based", a
comma, a possessive, an apposition) and a few word classes (titles, killing, being based, home).
For each pair the most probable relation in either direction is kept when its probability reaches
the model's threshold; that probability is the relation's confidence.

A few constructions veto a label whatever its probability: a name that modifies a third one or a
relative ("Dole's wife, Elizabeth, is a native of ..."), a place where a person only spoke ("said
Ms. Say in Nashville"), a region a list gives to another item ("Dan Sai District in Loei Province,
Nakhon Thai District in Phitsanulok Province"), places the gazetteer cannot nest so ("a friendly
against Spain in Madrid"), an organisation somebody spoke to ("told BBC Radio 4's Today programme");
and names ``FAR`` arcs apart need ``FAR_CONFIDENCE``.

Labels become ontology properties: Work_For -> worksFor, OrgBased_In -> basedIn, Located_In ->
locatedIn, Live_In -> livesIn (citizenOf when the place is a demonym such as "Chinese"), Kill ->
killed.

A fact is evidence of its mentions' classes. When a mention's class came from the NER label alone
(weight 1) and does not fit the fact, a mention of the needed class over the same words is added to
the reader with a cue's weight, as the rules do for titles, so resolution types the entity to fit:
"a native of Chisholm, Minn." makes Chisholm a Place though kg typed it an organisation for want of
a preposition before it. Places and organisations trade classes at any confidence, a person and
anything else only at ``RETYPE_PERSON``. So call ``find_learned`` before the reader's mentions are
collected.

The model is read once per process, on first use; importing this module reads nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from kg.errors import ModelError
from kg.extract.lexicon import (
    HOST_VERBS,
    JOB_TITLES,
    KILL_VERBS,
    KILLING_STEMS,
    LEADER_TITLES,
    MEET_VERBS,
    SPEECH_VERBS,
    TALK_NOUNS,
    VISIT_NOUNS,
    VISIT_VERBS,
)
from kg.extract.mentions import CUE, Reader, Span, Token, a_roll_of_names, stood_against, written_as_a_group
from kg.extract.relations import national_country
from kg.records import Mention, Relation

MODEL_FILE = "relations.json"
NONE = "none"
# Each label's property.
PREDICATES = {"Work_For": "worksFor", "OrgBased_In": "basedIn", "Located_In": "locatedIn",
              "Live_In": "livesIn", "Kill": "killed"}
# A fact retypes a person as something else, or the reverse, only this sure (see ``_as``).
RETYPE_PERSON = 0.7
# Verbs of a journey whose "to" names where one goes, not where one lives ("flew to Tokyo"; not
# "moved to London").
_JOURNEY_VERBS = frozenset({"travel", "fly", "go", "head", "sail", "drive"})
# Names this many dependency arcs apart or more are mostly unrelated (on CoNLL04 train, 67 of 1,610
# candidate pairs so far apart are), though the classifier, which weighs the words, may still give
# them a label's usual probability: such a pair needs at least ``FAR_CONFIDENCE`` (not a killing,
# which news often tells at length: "Sirhan was convicted of assassinating Kennedy").
FAR = 9
FAR_CONFIDENCE = 0.8
# The class groups each property's subject and object must belong to (kg.graph.SIGNATURES).
NEEDS = {"worksFor": ("Person", "Organization"), "basedIn": ("Organization", "Place"),
         "locatedIn": ("Place", "Place"), "livesIn": ("Person", "Place"), "citizenOf": ("Person", "Place"),
         "killed": ("Person", "Person")}
# The same for the rules' other properties (None: a slot of more than one group, as leaderOf's
# country or organisation).
_RULE_NEEDS = NEEDS | {"leaderOf": ("Person", None), "bornIn": ("Person", "Place"),
                       "producedBy": ("Product", "Organization"), "memberOf": (None, "Organization")}
_OPEN_SLOT_CLASSES = frozenset({"Country", "Organization", "Company"})  # what the None slots take
_JOINERS = frozenset({"of", "in", "at", "for", "from", "based", "base", "with", "by", "to", "on", "near", ",",
                      "'s", "’s", "(", "-", "--", "headquarter", "headquartered", "native", "resident"})

# Word classes that generalise over the few training sentences each word has.
CUES = {
    "kill": KILL_VERBS | {"assassin", "assassination", "killer", "killing", "murder", "murderer", "slaying",
                          "gunman", "shooting", "slay", "death", "die"},
    "title": frozenset(t for t in LEADER_TITLES | JOB_TITLES if " " not in t),
    "base": frozenset({"base", "based", "headquarter", "headquartered", "headquarters", "locate", "located",
                       "office", "offices"}),
    "home": frozenset({"born", "bear", "native", "hometown", "home", "resident", "live", "grow", "raise",
                       "citizen", "mayor", "governor", "senator"}),
    "part": frozenset({"capital", "city", "town", "village", "county", "state", "province", "region",
                       "district", "suburb", "part", "border", "north", "south", "east", "west",
                       "northeast", "northwest", "southeast", "southwest", "northern", "southern",
                       "eastern", "western", "central"}),
}


def _cues(words: list[str]) -> list[str]:
    return sorted({name for name, members in CUES.items() for w in words if w in members})


def _cue_words(tokens: list[Token]) -> list[str]:
    """The words of ``tokens`` that may be cues, lemma and form; not "live" said of a lifespan
    ("humans living to 150 years", "lived to be 100"), which tells nothing of where anyone lives."""
    return [w for t in tokens if not _lifespan(t) for w in (_word(t), t.lower_)]


def _lifespan(token: Token) -> bool:
    if token.lemma_.lower() != "live":
        return False
    return any((child.dep_ == "xcomp" or child.dep_ == "prep" and child.lower_ in ("to", "until", "past", "beyond"))
               and any(t.like_num for t in child.subtree) for child in token.children)  # "lived to be 100"


@dataclass(frozen=True)
class Model:
    """Weights of a multinomial logistic regression: one row per feature, one column per label."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float  # the lowest of ``thresholds``
    thresholds: dict[str, float]  # per label: the probability a relation must reach to be kept

    def probabilities(self, features: list[str]) -> list[float]:
        """The probability of each label given a pair's features (a softmax over the summed weights)."""
        rows = [row for feature in features if (row := self.weights.get(feature)) is not None]
        scores = [sum(column) for column in zip(self.bias, *rows, strict=True)]  # in the order given
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


@lru_cache(maxsize=1)
def model() -> Model:
    """The classifier shipped in ``kg/data/relations.json``, read once per process on first use.

    Raises:
        ModelError: the file is missing or is not a model ``scripts/train_relations.py`` wrote.
    """
    where = resources.files("kg").joinpath("data", MODEL_FILE)
    try:
        return model_from_json(json.loads(where.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise ModelError(f"{where}: cannot read the relation model ({error}); "
                         "rebuild it with python scripts/train_relations.py") from error


def model_from_json(data: Any) -> Model:
    """A Model from the JSON object ``scripts/train_relations.py`` writes.

    Raises:
        ValueError: a field is missing or a row does not have one weight per label.
    """
    try:
        labels = tuple(str(x) for x in data["labels"])
        bias = tuple(float(x) for x in data["bias"])
        weights = {str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()}
        threshold = float(data["threshold"])
        thresholds = {str(k): float(v) for k, v in data.get("thresholds", {}).items()}
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a relation model: {error!r}") from error
    if not labels or labels[0] != NONE or len(bias) != len(labels) \
            or any(len(row) != len(labels) for row in weights.values()) \
            or any(label not in PREDICATES for label in labels[1:]):
        raise ValueError(f"not a relation model: labels {labels!r} do not match the weights or kg's labels")
    return Model(labels, bias, weights, threshold, {label: thresholds.get(label, threshold) for label in labels[1:]})


@dataclass(frozen=True)
class Candidate:
    """A mention with its tokens, as a pair member."""

    span: Span
    mention: Mention


def candidates(reader: Reader) -> Iterator[list[Candidate]]:
    """Per sentence, the named mentions that can take part in a relation, in text order.

    Mentions the rules add over words already named (a title with its person, a product with its
    maker, "the Chinese leader") are left out, so the candidates do not depend on whether the rules
    ran first; so is the region that only says where a place is ("Amherst, Mass.": the rules state
    Amherst locatedIn Massachusetts).
    """
    by_sentence: dict[tuple[int, int], list[Candidate]] = {}
    taken: set[tuple[int, int]] = set()
    for span, _ in reader.spans:  # "Mass." of "Amherst, Mass." only says where Amherst is
        found = reader.qualifier(span)
        if found is not None:
            taken.update((id(span.doc), i) for i in range(found[0].start, found[0].end))
    for span, mention in reader.spans:
        if mention.cls in ("Product", "NamedEvent") or mention.head or not mention.key \
                or mention.cls == "Person" and not mention.named:
            continue
        doc_key = id(span.doc)
        if any((doc_key, i) in taken for i in range(span.start, span.end)):
            continue
        taken.update((doc_key, i) for i in range(span.start, span.end))
        sent = span.root.sent
        by_sentence.setdefault((doc_key, sent.start), []).append(Candidate(span, mention))
    for members in by_sentence.values():
        yield sorted(members, key=lambda c: c.span.start)


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12")):
        if n <= limit:
            return name
    return "13+"


def _group(cls: str) -> str:
    return {"Company": "Organization", "Country": "Place", "City": "Place"}.get(cls, cls)


def _word(token: Token) -> str:
    if token.like_num:
        return "<num>"
    return str(token.lemma_.lower() if token.pos_ in ("VERB", "NOUN", "AUX") else token.lower_)


@lru_cache(maxsize=4096)
def _shape(text: str) -> str:
    shape = re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "0", text)))
    return shape[:6]


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """(tokens from a up to the common ancestor, that ancestor, tokens from b up to it), or None."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    where = {t.i: n for n, t in enumerate(up_b)}
    for n, token in enumerate(up_a):
        if token.i in where:
            return up_a[:n], token, up_b[: where[token.i]]
    return None


class _Shared(NamedTuple):
    """What the features of a pair have in common in either direction, computed once per pair."""

    between: int  # how many words lie between the two names
    words: list[str]
    others: int  # names starting between them
    pre: str
    post: str
    after_first: str | None
    cue_between: list[str]
    path: tuple[list[Token], Token, list[Token]] | None  # from the first name's root to the second's
    path_word: dict[int, str]  # the words of the path's tokens by index
    path_words: list[str]  # those between the two roots, sorted, each once
    cue_path: list[str]
    cue_near: list[str]


@lru_cache(maxsize=4)
def _shared(first: Candidate, second: Candidate) -> _Shared:
    doc = first.span.doc
    between = list(doc[first.span.end : second.span.start])
    before = doc[first.span.start - 1] if first.span.start > 0 else None
    after = doc[second.span.end] if second.span.end < len(doc) else None
    after_first = doc[first.span.end] if first.span.end < len(doc) else None
    ta, tb = first.span.root, second.span.root
    path = dependency_path(ta, tb)
    path_word: dict[int, str] = {}
    path_words, cue_path, cue_near = [], [], []
    if path is not None:
        up, top, down = path
        path_word = {t.i: _word(t) for t in (*up, top, *down)}
        inner = [*up[1:], *([top] if top.i not in (ta.i, tb.i) else []), *reversed(down[1:])]
        path_words = sorted({path_word[t.i] for t in inner})
        cue_path = _cues(_cue_words(inner))
        near = [t for t in (*ta.children, *tb.children, ta.head, tb.head) if not _lifespan(t)]
        cue_near = _cues([_word(t) for t in near])
    return _Shared(
        len(between), [_word(t) for t in between], sum(1 for t in between if t.ent_type_ and t.ent_iob_ == "B"),
        _word(before) if before is not None else "<s>", _word(after) if after is not None else "</s>",
        _word(after_first) if after_first is not None else None,
        _cues(_cue_words(between)) if len(between) <= 12 else [], path, path_word, path_words, cue_path, cue_near,
    )


def features(a: Candidate, b: Candidate) -> list[str]:
    """The features of the ordered pair (a as subject, b as object)."""
    ma, mb = a.mention, b.mention
    ta, tb = a.span.root, b.span.root
    ea, eb = ta.ent_type_ or "-", tb.ent_type_ or "-"
    ga, gb = _group(ma.cls), _group(mb.cls)
    types = f"{ga}|{gb}"
    forward = a.span.start < b.span.start
    shared = _shared(a, b) if forward else _shared(b, a)
    order = "ab" if forward else "ba"
    words = shared.words
    feats = [
        "bias_t=" + types, f"ca={ma.cls}", f"cb={mb.cls}", f"cc={ma.cls}|{mb.cls}", f"ea={ea}", f"eb={eb}",
        f"ee={ea}|{eb}", f"order={order}|{types}", f"dist={_bucket(shared.between)}|{types}",
        f"wa={min(ma.weight, 9)}|{ga}", f"wb={min(mb.weight, 9)}|{gb}", f"na={ma.named}", f"nb={mb.named}",
        f"sa={_shape(ma.text)}", f"sb={_shape(mb.text)}",
        f"lena={min(len(a.span), 4)}", f"lenb={min(len(b.span), 4)}",
        f"ents_between={min(shared.others, 3)}|{types}",
    ]
    if shared.between <= 12:
        feats += [f"bw={w}" for w in sorted(set(words))]
        feats += [f"bw={w}|{order}|{types}" for w in sorted(set(words))]
        feats += [f"bb={x}_{y}|{order}" for x, y in sorted(set(zip(words, words[1:], strict=False)))]
    if words:
        feats += [f"bf={words[0]}|{order}|{types}", f"bl={words[-1]}|{order}|{types}"]
        if len(words) <= 4:
            feats.append(f"bseq={' '.join(words)}|{order}|{types}")
    else:
        feats.append(f"adjacent|{order}|{types}")
    feats.append(f"pre={shared.pre}|{order}")
    feats.append(f"post={shared.post}|{order}")
    if shared.after_first is not None:
        feats.append(f"after_first={shared.after_first}|{order}|{types}")
    feats += [f"join={w}|{order}|{types}" for w in sorted(set(words) & _JOINERS)]
    feats += [f"cue_between={c}|{order}|{types}" for c in shared.cue_between]
    feats += [f"da={ta.dep_}", f"db={tb.dep_}"]
    feats += [f"ha={_word(ta.head)}|{ta.dep_}", f"hb={_word(tb.head)}|{tb.dep_}"]
    feats += _path_features(shared, forward, ta, tb, types)
    feats += _syntax_features(a, b, types)
    return feats


def _path_features(shared: _Shared, forward: bool, ta: Token, tb: Token, types: str) -> list[str]:
    if shared.path is None:
        return ["path=none"]
    up, top, down = shared.path
    if not forward:
        up, down = down, up
    word = shared.path_word
    deps = [f"{t.dep_}<" for t in up] + [f">{t.dep_}" for t in reversed(down)]
    length = len(up) + len(down)
    feats = [f"plen={_bucket(length)}|{types}", f"path={' '.join(deps)}", f"path={' '.join(deps)}|{types}"]
    if length <= 6:
        mixed = []
        for t in up:
            mixed.append(f"{t.dep_}<")
            if t.i != ta.i:
                mixed.append(word[t.i])
        if top.i not in (ta.i, tb.i):
            mixed.append(word[top.i])
        for t in reversed(down):
            if t.i != tb.i:
                mixed.append(word[t.i])
            mixed.append(f">{t.dep_}")
        feats.append(f"plex={' '.join(mixed)}|{types}")
    feats.append(f"top={word[top.i]}|{types}")
    feats += [f"pw={w}|{types}" for w in shared.path_words]
    feats += [f"cue_path={c}|{types}" for c in shared.cue_path]
    feats += [f"cue_near={c}|{types}" for c in shared.cue_near]
    return feats


def _syntax_features(a: Candidate, b: Candidate, types: str) -> list[str]:
    """Constructions that join two names: one depends on the other (apposition, possessive,
    compound), or a preposition hangs one on the other ("Smith of Acme", "a spokesman for Acme")."""
    feats = []
    for name, x, other in (("ab", a.span.root, b), ("ba", b.span.root, a)):
        y = other.span.root
        if x.head.i == y.i or other.span.start <= x.head.i < other.span.end:
            feats.append(f"child={name}|{x.dep_}|{types}")
        if x.dep_ == "pobj" and x.head.dep_ == "prep":
            holder = x.head.head
            if other.span.start <= holder.i < other.span.end or holder.i == y.i:
                feats.append(f"prep={name}|{x.head.lower_}|{types}")
            elif holder.head.i == y.i:
                feats.append(f"prep2={name}|{x.head.lower_}|{_word(holder)}|{types}")
    return feats


def modifies_another(a: Candidate, b: Candidate) -> bool:
    """Whether one of the two names modifies a third one, so belongs to it and not to the pair:
    "South Korea" in "Xi thanked South Korea's President Lee" is Lee's country, not Xi's."""
    return _modifies(a, b) == "third" or _modifies(b, a) == "third"


KIN_NOUNS = frozenset({"wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "widow",
                       "widower", "child", "parent", "nephew", "niece", "grandson", "granddaughter", "cousin",
                       "uncle", "aunt", "fiancee", "fiance", "spouse", "stepson", "stepdaughter", "family"})
_MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod", "npadvmod"})


def _modifies(candidate: Candidate, other: Candidate) -> str:
    """What a name modifies: the other name, some third name ("South Korea" in "Xi met South
    Korea's President Lee"), for a place a common noun that is not the other name's ("the U.S. ally"
    in "Xi's visit to the U.S. ally followed the APEC forum": "third" too), and so for a person a
    relative ("Dole's wife, Elizabeth, is a native of Salisbury"), or no name."""
    token = candidate.span.root
    start = token.i
    while token.dep_ in _MODIFIER_DEPS and token.head.i != token.i:
        token = token.head
        if other.span.start <= token.i < other.span.end:
            return "other"
        if token.ent_type_ in ("PERSON", "ORG") and abs(token.i - start) > 0:
            return "third"
    group = _group(candidate.mention.cls)
    kin = group == "Person" and token.lemma_.lower() in KIN_NOUNS
    if token.i != start and token.pos_ == "NOUN" and (group == "Place" or kin) and not _describes(token, other):
        return "third"
    return "none"


def _describes(noun: Token, other: Candidate) -> bool:
    """Whether a common noun is said of the other name or belongs to it: an apposition ("Acme, a
    U.S. company"), a copula's attribute ("Acme is a U.S. company"), the name's head or modifier
    ("Sohn's New Jersey home")."""
    root = other.span.root
    if other.span.start <= noun.head.i < other.span.end or root.head.i == noun.i:
        return True
    return noun.dep_ == "attr" and any(c.dep_ in ("nsubj", "nsubjpass") and c.i == root.i for c in noun.head.children)


def find_learned(reader: Reader, ruled: Sequence[Relation] = ()) -> list[Relation]:
    """Relations the classifier finds between mentions of one sentence, with its probability as
    confidence; none that would give a mention another group than a rule's relation (``ruled``) needs
    it in: "France's Dassault Aviation" is based in France by rule, so no guess of "Dassault Aviation
    locatedIn France" makes it a place; "Nanik Rupani, president of the Indian Merchants Chamber"
    leads it by rule, so no guess makes the chamber a place. A slot open to several groups (what one
    leads: a country or an organisation) keeps a mention's group only when the slot takes its class:
    "director general of Age Concern England", tagged a place, may still be guessed an organisation."""
    classifier = model()
    fixed = {(m.start, m.end): group or _group(m.cls) for r in ruled
             for m, group in zip((r.subject, r.object), _RULE_NEEDS[r.predicate], strict=True)
             if group or m.cls in _OPEN_SLOT_CLASSES}
    relations: list[Relation] = []
    for a, b in list(pairs(reader)):  # a list: retyping adds mentions to the reader
        best: tuple[float, str, Candidate, Candidate] | None = None
        for subject, obj in ((a, b), (b, a)):
            probs = classifier.probabilities(features(subject, obj))
            for label, p in zip(classifier.labels, probs, strict=True):
                if label != NONE and (best is None or p > best[0]):
                    best = (p, label, subject, obj)
        if best is None or best[0] < classifier.thresholds[best[1]]:
            continue
        p, label, subject, obj = best
        if label != "Kill" and p < FAR_CONFIDENCE and far(a, b) or vetoed(reader, label, subject, obj):
            continue
        groups = NEEDS[PREDICATES[label]]
        if any(fixed.get((c.mention.start, c.mention.end), group) != group
               for c, group in zip((subject, obj), groups, strict=True)):
            continue
        relations.append(_relation(reader, label, subject, obj, p))
    return relations


def pairs(reader: Reader) -> Iterator[tuple[Candidate, Candidate]]:
    """The pairs of candidates of a sentence the classifier decides, in text order: not two
    mentions of one name, nor a name that modifies a third one (``modifies_another``).

    ``scripts/train_relations.py`` learns from these very pairs, read after the rules as in
    ``kg.extract.extract``."""
    for members in candidates(reader):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.mention.key != b.mention.key and not modifies_another(a, b):
                    yield a, b


def vetoed(reader: Reader, label: str, subject: Candidate, obj: Candidate) -> bool:
    """Whether a construction or the map rules the label out whatever its probability: a state body
    and another country (``_abroad``), a region a list gives to another item (``_contained_elsewhere``),
    places the gazetteer cannot nest so ("Spain in Madrid", "Valencia in Australia"), a place where a
    person only spoke (``_where_said``), travelled to (``_a_destination``) or that is only in what
    they said (``_reported``), a town written as its team (``_a_town_s_team``), an organisation only
    spoken to (``_told``), an organisation or person stood against ("a critic of the party", "a
    critic of President Ruto": kg.extract.mentions.stood_against), a killing in a sentence with no
    word of killing, a person's fact in a line-up, which says nothing of its people
    (kg.extract.mentions.a_roll_of_names; a short list of places, "Fort Hamilton, Brooklyn, N.Y.;",
    does nest them)."""
    return label in ("Work_For", "Live_In", "Kill") and a_roll_of_names(subject.span.sent) \
        or label in ("OrgBased_In", "Live_In") and _reported(subject, obj) \
        or label == "OrgBased_In" and _abroad(reader, subject, obj) \
        or label == "Located_In" and (_contained_elsewhere(reader, subject, obj)
                                      or not reader.gazetteer.may_lie_in(subject.span.text, obj.span.text)) \
        or label == "Live_In" and (_where_said(subject, obj) or _a_town_s_team(obj) or _a_destination(obj)) \
        or label == "Work_For" and (_told(subject, obj) or stood_against(obj.span.root)
                                    or stood_against(subject.span.root)) \
        or label == "Kill" and not _speaks_of_killing(subject)


def _a_town_s_team(place: Candidate) -> bool:
    """Whether a town (or region) is written as a group, which for a town is its team: "Newcastle striker
    Craig Bellamy", "Newcastle have fined Bellamy" (kg.extract.mentions.written_as_a_group). A country
    so written ("Ireland captain Brian O'Driscoll") is its national side, whose players are its citizens."""
    return place.mention.cls != "Country" and written_as_a_group(place.span)


def _speaks_of_killing(candidate: Candidate) -> bool:
    """Whether the sentence has a word of killing ("shot", "assassin", "murdered", "opened fire"):
    every Kill of CoNLL04's train and dev splits has one, and without one a killing is not said."""
    return any(t.lower_.startswith(KILLING_STEMS) for t in candidate.span.sent)


def _where_said(person: Candidate, place: Candidate) -> bool:
    """Whether the place is only where the person spoke: "said Ms. Say in Nashville", "Craig Martin
    said Wednesday in Seattle"."""
    prep = place.span.root.head
    verb = prep.head.head if _within(prep.head, person) else prep.head  # "said [Ms. Say in Nashville]"
    return place.span.root.dep_ == "pobj" and prep.lower_ in ("in", "at") and verb.lemma_.lower() in SPEECH_VERBS \
        and any(c.dep_ == "nsubj" and _within(c, person) for c in verb.children)


def _a_destination(place: Candidate) -> bool:
    """Whether the place is where someone goes or meets someone, which is no home: "his first visit
    to the United States", "a trip to Paris", "flew to Tokyo", "visited Seoul", "visited a factory in
    Nagoya", "Modi meets Macron in Paris", "talks in Geneva"."""
    root = place.span.root
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "into"):
        return root.head.head.lemma_.lower() in VISIT_NOUNS | VISIT_VERBS | _JOURNEY_VERBS
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "at") and root.head.head.lemma_.lower() in TALK_NOUNS:
        return True
    token = root  # the verb the place hangs from: "visited a Toyota factory in Nagoya", "met X in Paris"
    while token.dep_ in ("pobj", "prep", "dobj", "compound") and token.head.i != token.i:
        token = token.head
    return token.pos_ == "VERB" and token.lemma_.lower() in VISIT_VERBS | MEET_VERBS | HOST_VERBS


def _reported(speaker: Candidate, place: Candidate) -> bool:
    """Whether the place is only in what the person or organisation said: "Analysts at Morgan Stanley
    said demand in China had weakened"."""
    token = place.span.root
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH_VERBS:
            return not token.left_edge.i <= speaker.span.root.i <= token.right_edge.i
        token = token.head
    return False


def _told(person: Candidate, org: Candidate) -> bool:
    """Whether the organisation is, or has, what somebody told or spoke to: "told BBC Radio 4's Today
    programme", "told the BBC News website", "speaking to Reuters". An interviewee is no employee; but
    the person may be the one told ("talking to Real Madrid director Emilio Butragueno")."""
    token, titles = org.span.root, 0
    while token.dep_ in ("compound", "poss", "nmod") and token.head.i != token.i:
        token = token.head
        titles += not _within(token, person)
    verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "to" else token.head
    root = person.span.root
    told_too = root.head.i == token.i or root.head.i == verb.i and root.dep_ in ("dobj", "dative")
    if told_too or _within(token, person) and titles:  # not "told the BBC Mr Howard had ..." parsed as one name
        return False  # the person is the one told: "talking to Real Madrid sporting director Emilio Butragueno"
    told = token.dep_ in ("dobj", "dative") and verb.lemma_ == "tell"
    return told or token.dep_ == "pobj" and verb.lemma_ in ("speak", "talk")


def _contained_elsewhere(reader: Reader, place: Candidate, region: Candidate) -> bool:
    """Whether a list puts the region with another item than the place: in "between Dan Sai District
    in Loei Province, Nakhon Thai District in Phitsanulok Province, and Lomsak District", Dan Sai is
    in Loei, not in Phitsanulok (another item's region), nor in Nakhon Thai or Lomsak (other items),
    and Loei is not in them either."""
    root, other = place.span.root, region.span.root
    holder, own_holder, container = _holder(other), _holder(root), _container(root)
    if holder is not None and not _within(holder, place) and (  # not "Dan Sai in Loei in Thailand"
            container is not None and container.i != holder.i or own_holder is not None and own_holder.i != holder.i):
        found = reader.mention_at(holder)
        return found is not None and _group(found.cls) == "Place"
    mine = [root] if own_holder is None else [root, own_holder]
    return any(_first_item(t).i == _first_item(other).i and t.i != other.i and _listed(t) for t in mine)


def _holder(token: Token) -> Token | None:
    """What a place is said to contain by "in": "Dan Sai District" for "Loei Province" in "Dan Sai
    District in Loei Province"."""
    return token.head.head if token.dep_ == "pobj" and token.head.lower_ == "in" else None


def _container(token: Token) -> Token | None:
    """The place "in" hangs on a place: "Loei Province" of "Dan Sai District in Loei Province"."""
    return next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
                 for o in c.children if o.dep_ == "pobj"), None)


def _within(token: Token, candidate: Candidate) -> bool:
    return bool(candidate.span.start <= token.i < candidate.span.end)


def _first_item(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _listed(token: Token) -> bool:
    """Whether a token is in a list joined by "and" or "or" (not "Amherst, Mass.", parsed alike)."""
    first = _first_item(token)
    return any(c.dep_ == "cc" for t in (first, *first.conjuncts) for c in t.children)


def far(a: Candidate, b: Candidate) -> bool:
    """Whether two names are ``FAR`` or more dependency arcs apart: any label but Kill then needs
    ``FAR_CONFIDENCE``."""
    found = dependency_path(a.span.root, b.span.root)
    return found is not None and len(found[0]) + len(found[2]) >= FAR


def _abroad(reader: Reader, org: Candidate, place: Candidate) -> bool:
    """Whether the place is another country than the one a state body's name gives it: the "French
    Government" is not based in Turkey whatever the sentence says about Turkey."""
    found = national_country(reader, org.span)
    return found is not None and place.mention.cls == "Country" and place.mention.key != found[1].casefold()


def _relation(reader: Reader, label: str, subject: Candidate, obj: Candidate, p: float) -> Relation:
    predicate = PREDICATES[label]
    if predicate == "livesIn" and obj.mention.cls == "Country" and (not obj.mention.named or _national(obj, subject)):
        predicate = "citizenOf"  # "a Chinese dissident", "a U.S. businessman": nationality, not a home
    subject_group, object_group = NEEDS[predicate]
    s = _as(reader, subject, subject_group, p)
    o = _as(reader, obj, object_group, p)
    return Relation(s, predicate, o, reader.evidence(subject.span.root), round(p, 3))


def _national(country: Candidate, person: Candidate) -> bool:
    """Whether a country's name modifies the person's or a noun said of the person (``_describes``):
    "Hochstein is a U.S. businessman", "U.S. businessman Amos Hochstein", "Iran's president, Mohammad
    Khatami", "France's Mathé Altéry"; not a noun the person only has ("Mr Straw's China trip")."""
    token, root = country.span.root, person.span.root
    noun = token.head
    if token.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    if person.span.start <= noun.i < person.span.end:
        return True
    return noun.pos_ == "NOUN" and _describes(noun, person) and not (root.dep_ == "poss" and root.head.i == noun.i)


def _as(reader: Reader, candidate: Candidate, group: str, p: float) -> Mention:
    """The mention, or a mention of ``group`` over the same words when only spaCy's label typed it.

    Only when the mention's weight is 1 (nothing but the NER label, or kg's fallback for a place
    name with no preposition before it, chose the class): places and organisations trade classes at
    any confidence ("a native of Chisholm, Minn."), a person and anything else only at
    ``RETYPE_PERSON`` or more ("the assassination of Lincoln", Lincoln tagged an organisation).
    """
    mention = candidate.mention
    current = _group(mention.cls)
    if current == group or mention.weight > 1 or not mention.named:
        return mention
    if {current, group} != {"Organization", "Place"} and p < RETYPE_PERSON:
        return mention
    return reader.span_mention(candidate.span, group, weight=CUE, key=mention.key)
