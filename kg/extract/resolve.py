"""Resolution: mentions across a document and a corpus to one Entity per real-world thing.

Within a document: "Xi" joins "Xi Jinping" (a name contained in a longer one), "APEC" joins
"Asia-Pacific Economic Cooperation" (initials), "the Chinese leader" joins whoever the document
says leads China. Across documents: the same key is the same entity, a lone short name joins the
one full name in the corpus it fits, and the class is voted on with the evidence of every mention
(a gazetteer outweighs a syntax cue, which outweighs spaCy's label).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.mentions import normalise
from kg.records import Entity, Extraction, Mention

GROUPS = {"Person": "Person", "Organization": "Organization", "Company": "Organization", "Place": "Place",
          "Country": "Place", "City": "Place", "Product": "Product"}
_MINOR = frozenset({"of", "the", "and", "for", "in", "on", "de", "&"})


@dataclass(frozen=True)
class Resolution:
    """Entities by IRI key, and the entity each (document id, mention key) resolves to."""

    entities: dict[str, Entity]
    index: dict[tuple[str, str], str]

    def entity(self, mention: Mention) -> Entity | None:
        """The entity a mention resolves to, or None when it was dropped."""
        key = self.index.get((mention.doc_id, mention.key))
        return self.entities.get(key) if key is not None else None


def resolve(extractions: Iterable[Extraction]) -> Resolution:
    """Entities for a whole corpus of extractions."""
    local: dict[tuple[str, str], str] = {}  # (doc, mention key) -> document-level canonical key
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    documents: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        doc_id = extraction.document.id
        mapping = _document_keys(extraction)
        for mention in extraction.mentions:
            canonical = mapping.get(mention.key)
            if canonical is None:
                continue
            local[(doc_id, mention.key)] = canonical
            votes[canonical][mention.cls] += mention.weight
            documents[canonical].add(doc_id)
            surfaces[canonical][surface(mention)] += 1  # demonyms too: "Chinese" names China here
            if mention.weight and not mention.head:  # a name, not "President Xi" or "the Chinese leader"
                names[canonical][surface(mention)] += 1
    corpus = _corpus_keys(votes)
    entities: dict[str, Entity] = {}
    merged_votes: dict[str, Counter[str]] = defaultdict(Counter)
    merged_surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    merged_names: dict[str, Counter[str]] = defaultdict(Counter)
    merged_docs: dict[str, set[str]] = defaultdict(set)
    for key, target in corpus.items():
        merged_votes[target].update(votes[key])
        merged_surfaces[target].update(surfaces[key])
        merged_names[target].update(names[key])
        merged_docs[target] |= documents[key]
    for key, counter in merged_votes.items():
        if not sum(counter.values()):
            continue  # only ever a modifier ("a Go board"): no evidence it names anything
        cls = choose_class(counter)
        label = choose_label(key, cls, merged_names[key] or merged_surfaces[key])
        aliases = tuple(sorted(s for s in merged_surfaces[key] if s != label))
        entities[key] = Entity(key, cls, label, aliases, tuple(sorted(merged_docs[key])))
    index = {ref: corpus[canonical] for ref, canonical in local.items() if corpus[canonical] in entities}
    return Resolution(entities, index)


def surface(mention: Mention) -> str:
    """The form of a mention kept as a label: quotes and possessives dropped, nominals kept whole."""
    if mention.head:
        return mention.text[:1].lower() + mention.text[1:] if mention.text[:4] == "The " else mention.text
    return normalise(mention.text)


def choose_class(votes: Counter[str]) -> str:
    """The most specific class the evidence supports: the strongest group, then its best subclass."""
    by_group: Counter[str] = Counter()
    for cls, weight in votes.items():
        by_group[GROUPS[cls]] += weight
    group = max(sorted(by_group), key=lambda g: by_group[g])
    members = [(weight, cls) for cls, weight in votes.items() if GROUPS[cls] == group and cls != group]
    strong = [(weight, cls) for weight, cls in members if weight >= 3]
    return max(strong)[1] if strong else group


def choose_label(key: str, cls: str, forms: Counter[str]) -> str:
    """The canonical name: the form that spells the key, else the most frequent, longest form."""
    spelled = [form for form in forms if form.casefold() == key]
    if cls in ("Country", "City") or spelled:
        exact = sorted(spelled, key=lambda f: (-forms[f], f))
        return exact[0] if exact else key.title()
    if not forms:
        return key
    return sorted(forms, key=lambda f: (-forms[f], -len(f), f))[0]


def _document_keys(extraction: Extraction) -> dict[str, str]:
    """Each mention key of one document mapped to the key of the entity it names there."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    texts: dict[str, str] = {}
    for mention in extraction.mentions:
        if mention.key and not mention.head:
            votes[mention.key][mention.cls] += mention.weight
            texts.setdefault(mention.key, normalise(mention.text))
    group = {key: GROUPS[choose_class(counter)] for key, counter in votes.items()}
    mapping = {key: key for key in votes}
    people = [k for k in votes if group[k] == "Person"]
    weak = [k for k in votes if " " not in k and max(votes[k].values()) <= 1]  # spaCy's label alone
    for short in dict.fromkeys(people + weak):
        longer = [k for k in people if k != short and _contains_name(k, short)]
        if longer:
            mapping[short] = max(longer, key=lambda k: (sum(votes[k].values()), len(k), k))
    organisations = [k for k in votes if group[k] == "Organization"]
    for short in organisations:
        text = texts[short]
        if re.fullmatch(r"[A-Z][A-Z&.]{1,7}", text):
            longer = [k for k in organisations if k != short and initials(texts[k]) == text.replace(".", "")]
            if len(longer) == 1:
                mapping[short] = longer[0]
    leaders: dict[str, str] = {}
    for relation in extraction.relations:
        if relation.predicate == "leaderOf" and relation.subject.key in mapping:
            country = mapping.get(relation.object.key, relation.object.key)
            leaders.setdefault(f"leaderOf:{country}", mapping[relation.subject.key])
    for mention in extraction.mentions:
        if mention.head and mention.head in leaders:
            mapping[mention.key] = leaders[mention.head]
    return {key: mapping.get(value, value) for key, value in mapping.items()}


def _corpus_keys(votes: dict[str, Counter[str]]) -> dict[str, str]:
    """Each document-level key mapped to its corpus entity: a lone surname joins the one full name."""
    people = {k for k, v in votes.items() if GROUPS[choose_class(v)] == "Person"}
    full = [k for k in people if " " in k]
    by_part: dict[str, set[str]] = defaultdict(set)
    for name in full:
        words = name.split()
        by_part[words[-1]].add(name)
        by_part[words[0]].add(name)
    mapping = {key: key for key in votes}
    for key in people:
        if " " not in key and len(by_part.get(key, ())) == 1:
            mapping[key] = next(iter(by_part[key]))
    return mapping


def _contains_name(longer: str, short: str) -> bool:
    """Whether ``short`` is the first or last words of ``longer`` ("xi" in "xi jinping")."""
    long_words, short_words = longer.split(), short.split()
    n = len(short_words)
    return n < len(long_words) and (long_words[:n] == short_words or long_words[-n:] == short_words)


def initials(name: str) -> str:
    """Upper-case initials of a name's significant words ("Asia-Pacific Economic Cooperation" -> "APEC")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.casefold() not in _MINOR]
    return "".join(w[0] for w in words).upper()
