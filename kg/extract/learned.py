"""Facts from a learned classifier over pairs of mentions in one sentence.

A multinomial logistic regression, trained on CoNLL04's train split by ``scripts/train_relations.py``
and stored as plain JSON in ``kg/data/relations.json``, scores each ordered pair of kg's own
mentions in a sentence from features of the spaCy parse: the two mentions' kg classes and NER
labels, the dependency path between their roots, the words between them, their distance and order,
and the words that join them ("of", "in", "at", "for", "based", a comma, a possessive, an
apposition). For each pair the most probable relation in either direction is kept when its
probability reaches the model's threshold; the probability is the relation's confidence.

Relation labels become ontology properties: Work_For -> worksFor, OrgBased_In -> basedIn,
Located_In -> locatedIn, Live_In -> livesIn (citizenOf for a demonym such as "Chinese"),
Kill -> killed.

When a fact needs a place and its mention is a name spaCy tagged as a place (GPE, LOC, FAC) that kg
typed an organisation only for want of a preposition before it ("a native of Chisholm, Minn."), the
fact is evidence of the class: a Place mention over the same words is added to the reader (with a
cue's weight, as the rules do), so resolution types the entity a Place and the fact fits the
ontology. Call ``find_learned`` before the reader's mentions are collected.

The model is read once per process, on first use.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.extract.mentions import CUE, Reader, Span, Token
from kg.records import Mention, Relation

MODEL_FILE = "relations.json"
NONE = "none"
# Each label's property, and the classes its subject and object need (None: any).
PREDICATES = {"Work_For": "worksFor", "OrgBased_In": "basedIn", "Located_In": "locatedIn",
              "Live_In": "livesIn", "Kill": "killed"}
PLACE_CLASSES = ("Place", "Country", "City")
_NEEDS_PLACE = {"basedIn": (False, True), "locatedIn": (True, True), "livesIn": (False, True)}
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_JOINERS = frozenset({"of", "in", "at", "for", "from", "based", "base", "with", "by", "to", "on", "near", ",",
                      "'s", "’s", "(", "-", "--", "headquarter", "headquartered", "native", "resident"})


@dataclass(frozen=True)
class Model:
    """Weights of a multinomial logistic regression: one row per feature, one column per label."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float

    def probabilities(self, features: list[str]) -> list[float]:
        """The probability of each label given a pair's features (a softmax over the summed weights)."""
        scores = list(self.bias)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


@lru_cache(maxsize=1)
def model() -> Model:
    """The classifier shipped in ``kg/data/relations.json``, read on first use."""
    text = resources.files("kg").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


def model_from_json(data: dict[str, object]) -> Model:
    """A Model from the JSON object ``scripts/train_relations.py`` writes."""
    labels = tuple(str(x) for x in data["labels"])  # type: ignore[attr-defined]
    bias = tuple(float(x) for x in data["bias"])  # type: ignore[attr-defined]
    weights = {str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()}  # type: ignore[attr-defined]
    return Model(labels, bias, weights, float(data["threshold"]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Candidate:
    """A mention with its tokens, as a pair member."""

    span: Span
    mention: Mention


def candidates(reader: Reader) -> Iterator[list[Candidate]]:
    """Per sentence, the named mentions that can take part in a relation, in text order.

    Mentions the rules add over words already named (a title with its person, a product with its
    maker, "the Chinese leader") are left out, so the candidates do not depend on whether the rules
    ran first.
    """
    by_sentence: dict[tuple[int, int], list[Candidate]] = {}
    taken: set[tuple[int, int]] = set()
    for span, mention in reader.spans:
        if mention.cls == "Product" or mention.head or not mention.key:
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


def _shape(text: str) -> str:
    shape = re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "0", text)))
    return shape[:6]


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]] | None:
    """(tokens from a up to the common ancestor, that ancestor, tokens from b up to it), or None."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    where = {t.i: n for n, t in enumerate(up_b)}
    for n, token in enumerate(up_a):
        if token.i in where:
            return up_a[:n], token, up_b[: where[token.i]]
    return None


def features(a: Candidate, b: Candidate) -> list[str]:
    """The features of the ordered pair (a as subject, b as object)."""
    ma, mb = a.mention, b.mention
    ta, tb = a.span.root, b.span.root
    ea, eb = ta.ent_type_ or "-", tb.ent_type_ or "-"
    ga, gb = _group(ma.cls), _group(mb.cls)
    types = f"{ga}|{gb}"
    first, second = (a, b) if a.span.start < b.span.start else (b, a)
    order = "ab" if first is a else "ba"
    doc = a.span.doc
    between = list(doc[first.span.end : second.span.start])
    words = [_word(t) for t in between]
    feats = [
        "bias_t=" + types, f"ca={ma.cls}", f"cb={mb.cls}", f"cc={ma.cls}|{mb.cls}", f"ea={ea}", f"eb={eb}",
        f"ee={ea}|{eb}", f"order={order}|{types}", f"dist={_bucket(len(between))}|{types}",
        f"wa={min(ma.weight, 9)}|{ga}", f"wb={min(mb.weight, 9)}|{gb}", f"na={ma.named}", f"nb={mb.named}",
        f"sa={_shape(ma.text)}", f"sb={_shape(mb.text)}",
        f"lena={min(len(a.span), 4)}", f"lenb={min(len(b.span), 4)}",
    ]
    others = sum(1 for t in between if t.ent_type_ and t.ent_iob_ == "B")
    feats.append(f"ents_between={min(others, 3)}|{types}")
    if len(between) <= 12:
        feats += [f"bw={w}" for w in sorted(set(words))]
        feats += [f"bw={w}|{order}|{types}" for w in sorted(set(words))]
        feats += [f"bb={x}_{y}|{order}" for x, y in sorted(set(zip(words, words[1:], strict=False)))]
    if between:
        feats += [f"bf={words[0]}|{order}|{types}", f"bl={words[-1]}|{order}|{types}"]
        if len(between) <= 4:
            feats.append(f"bseq={' '.join(words)}|{order}|{types}")
    else:
        feats.append(f"adjacent|{order}|{types}")
    before = doc[first.span.start - 1] if first.span.start > 0 else None
    after = doc[second.span.end] if second.span.end < len(doc) else None
    feats.append(f"pre={_word(before) if before is not None else '<s>'}|{order}")
    feats.append(f"post={_word(after) if after is not None else '</s>'}|{order}")
    after_first = doc[first.span.end] if first.span.end < len(doc) else None
    if after_first is not None:
        feats.append(f"after_first={_word(after_first)}|{order}|{types}")
    feats += [f"join={w}|{order}|{types}" for w in sorted(set(words) & _JOINERS)]
    feats += [f"da={ta.dep_}", f"db={tb.dep_}", f"ha={_word(ta.head)}|{ta.dep_}", f"hb={_word(tb.head)}|{tb.dep_}"]
    feats += _path_features(ta, tb, types)
    feats += _syntax_features(a, b, types)
    return feats


def _path_features(ta: Token, tb: Token, types: str) -> list[str]:
    found = dependency_path(ta, tb)
    if found is None:
        return ["path=none"]
    up, top, down = found
    deps = [f"{t.dep_}<" for t in up] + [f">{t.dep_}" for t in reversed(down)]
    inner = [t for t in up[1:]] + ([top] if top is not None and top.i not in (ta.i, tb.i) else []) \
        + [t for t in reversed(down[1:])]
    lexical = [_word(t) for t in inner]
    length = len(up) + len(down)
    feats = [f"plen={_bucket(length)}|{types}", f"path={' '.join(deps)}", f"path={' '.join(deps)}|{types}"]
    if length <= 6:
        mixed = []
        for t in up:
            mixed.append(f"{t.dep_}<")
            if t is not ta:
                mixed.append(_word(t))
        if top is not None and top.i not in (ta.i, tb.i):
            mixed.append(_word(top))
        for t in reversed(down):
            if t is not tb:
                mixed.append(_word(t))
            mixed.append(f">{t.dep_}")
        feats.append(f"plex={' '.join(mixed)}|{types}")
    if top is not None:
        feats.append(f"top={_word(top)}|{types}")
    feats += [f"pw={w}|{types}" for w in sorted(set(lexical))]
    return feats


def _syntax_features(a: Candidate, b: Candidate, types: str) -> list[str]:
    """Named constructions: apposition, possessive, compound modifier, a preposition joining them."""
    feats = []
    ta, tb = a.span.root, b.span.root
    for name, x, y in (("ab", ta, tb), ("ba", tb, ta)):
        if x.head.i == y.i or x.head.i in range(*_range(b if y is tb else a)):
            feats.append(f"child={name}|{x.dep_}|{types}")
        if x.dep_ == "pobj" and x.head.dep_ == "prep":
            holder = x.head.head
            other = b if y is tb else a
            if other.span.start <= holder.i < other.span.end or holder.i == y.i:
                feats.append(f"prep={name}|{x.head.lower_}|{types}")
            elif holder.head.i == y.i or (holder.dep_ == "appos" and holder.head.i == y.i):
                feats.append(f"prep2={name}|{x.head.lower_}|{_word(holder)}|{types}")
    return feats


def _range(candidate: Candidate) -> tuple[int, int]:
    return candidate.span.start, candidate.span.end


def label_of(reader: Reader, a: Candidate, b: Candidate) -> tuple[str, float] | None:
    """The most probable relation between two mentions, with its probability, as (label, p)."""
    classifier = model()
    best: tuple[str, float] | None = None
    for subject, obj in ((a, b), (b, a)):
        probs = classifier.probabilities(features(subject, obj))
        for label, p in zip(classifier.labels, probs, strict=True):
            if label != NONE and (best is None or p > best[1]):
                best = (label if subject is a else "~" + label, p)
    return best


def find_learned(reader: Reader) -> list[Relation]:
    """Relations the classifier finds between mentions of one sentence, with its probability as confidence."""
    classifier = model()
    relations: list[Relation] = []
    for members in candidates(reader):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.mention.key == b.mention.key:
                    continue
                best: tuple[float, str, Candidate, Candidate] | None = None
                for subject, obj in ((a, b), (b, a)):
                    probs = classifier.probabilities(features(subject, obj))
                    for label, p in zip(classifier.labels, probs, strict=True):
                        if label != NONE and (best is None or p > best[0]):
                            best = (p, label, subject, obj)
                if best is None or best[0] < classifier.threshold:
                    continue
                p, label, subject, obj = best
                relation = _relation(reader, label, subject, obj, p)
                if relation is not None:
                    relations.append(relation)
    return relations


def _relation(reader: Reader, label: str, subject: Candidate, obj: Candidate, p: float) -> Relation | None:
    predicate = PREDICATES[label]
    if predicate == "livesIn" and obj.mention.cls == "Country" and not obj.mention.named:
        predicate = "citizenOf"  # "a Chinese dissident": a demonym says citizenship
    needs = _NEEDS_PLACE.get(predicate, (False, False))
    s, o = subject.mention, obj.mention
    if needs[0]:
        s = _as_place(reader, subject)
    if needs[1]:
        o = _as_place(reader, obj)
    evidence = reader.evidence(subject.span.root)
    return Relation(s, predicate, o, evidence, round(p, 3))


def _as_place(reader: Reader, candidate: Candidate) -> Mention:
    """The mention, or a Place mention over the same words when spaCy saw a place kg typed weakly."""
    mention = candidate.mention
    if mention.cls in PLACE_CLASSES or mention.weight > 1 or candidate.span.root.ent_type_ not in _PLACE_LABELS:
        return mention
    return reader.span_mention(candidate.span, "Place", weight=CUE, key=mention.key)
