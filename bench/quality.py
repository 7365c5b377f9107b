"""Extraction quality on public relation data sets, end to end: text in, graph out, facts read back.

    python bench/quality.py [--dataset conll04|crossre|redocred|all] [--limit N]
                            [--learned | --no-learned | --baseline] [--errors N] [--diagnose]
                            [--cause WORDS]

For each dev split in ``../shared/data`` every sentence (CoNLL04, CrossRE) or document (Re-DocRED)
is detokenised into plain text, with a character map so each gold entity mention becomes a string.
The texts go through kg's public pipeline (``Document`` -> ``extract_all`` -> ``graph_quads``),
the quads are loaded into a pyoxigraph store, and the facts are read back with SPARQL. A predicted
fact matches a gold relation when its predicate maps to the gold relation's type (``MAPPING``, the
one table; docs/evaluation.md shows it) and its subject and object carry the gold mention strings
among their ``rdfs:label`` / ``skos:altLabel`` (case-insensitively, ignoring a leading "the", a
trailing "'s" and trailing punctuation). Gold relations of types with no mapping are not scored;
predicted facts whose predicate maps to no type are not counted.

Each text is resolved on its own (``graph_quads`` per document): the sentences of these data sets
come from unrelated articles, so merging "Washington" across them would only add noise.

``--learned`` (the default) adds ``kg.extract.learned.find_learned`` to the rules for the run by
patching ``kg.extract.find_relations`` (or leaves kg alone once ``kg.extract`` calls
``find_learned`` itself); ``--no-learned`` measures the rules alone; ``--baseline`` the crude
baseline alone (``crude_baseline``). ``--diagnose`` counts the errors by cause (``diagnose``);
``--cause "no node"`` lists every error of the causes containing those words, with its sentence and
the labels and classes of the nodes kg made of its text (``causes``).

Test splits are held out: only dev is read here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DATASETS = ("conll04", "crossre", "redocred")

# ---------------------------------------------------------------------------------------------
# The mapping: gold relation types -> scored categories -> kg facts that count for them.
# ---------------------------------------------------------------------------------------------

ANY = "*"
PERSON, ORGANIZATION, PLACE = "Person", "Organization", "Place"
# kg classes as the groups the mapping speaks of.
GROUP = {"Person": PERSON, "Organization": ORGANIZATION, "Company": ORGANIZATION,
         "Place": PLACE, "Country": PLACE, "City": PLACE, "Product": "Product"}


@dataclass(frozen=True)
class Category:
    """One scored relation type: which gold relations belong to it and which kg facts count for it.

    ``gold`` rows are (gold type, head entity types, tail entity types, inverse): ``None`` types mean
    any; ``inverse`` means the gold head is kg's object (Wikidata's "head of state" runs from the
    country to the person). ``facts`` are (kg predicate, subject group, object group), ``*`` any.
    """

    gold: tuple[tuple[str, frozenset[str] | None, frozenset[str] | None, bool], ...]
    facts: tuple[tuple[str, str, str], ...]


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


_PEOPLE = _types("person", "politician")
_ORGS = _types("organisation", "politicalparty")
_PLACES = _types("location", "country")

MAPPING: dict[str, dict[str, Category]] = {
    "conll04": {
        "Work_For": Category(
            (("Work_For", None, None, False),),
            (("worksFor", ANY, ANY), ("memberOf", ANY, ANY), ("leaderOf", ANY, ORGANIZATION))),
        "OrgBased_In": Category((("OrgBased_In", None, None, False),), (("basedIn", ANY, ANY),)),
        "Located_In": Category((("Located_In", None, None, False),), (("locatedIn", ANY, ANY),)),
        "Live_In": Category((("Live_In", None, None, False),),
                            (("citizenOf", ANY, ANY), ("livesIn", ANY, ANY), ("bornIn", ANY, ANY),
                             ("leaderOf", ANY, PLACE))),
        "Kill": Category((("Kill", None, None, False),), (("killed", ANY, ANY),)),
    },
    "crossre": {
        "person-organisation (role, part-of)": Category(
            (("role", _PEOPLE, _ORGS, False), ("part-of", _PEOPLE, _ORGS, False),
             ("role", _ORGS, _PEOPLE, True)),
            (("worksFor", ANY, ANY), ("memberOf", PERSON, ANY), ("leaderOf", ANY, ORGANIZATION))),
        "person-place (physical, role, origin, general-affiliation)": Category(
            (("physical", _PEOPLE, _PLACES, False), ("role", _PEOPLE, _PLACES, False),
             ("origin", _PEOPLE, _PLACES, False), ("general-affiliation", _PEOPLE, _PLACES, False)),
            (("citizenOf", ANY, ANY), ("livesIn", ANY, ANY), ("bornIn", ANY, ANY), ("leaderOf", ANY, PLACE))),
        "organisation-place (physical, part-of)": Category(
            (("physical", _ORGS, _PLACES, False), ("part-of", _ORGS, _PLACES, False)),
            (("basedIn", ANY, ANY),)),
        "place-place (physical, part-of)": Category(
            (("physical", _PLACES, _PLACES, False), ("part-of", _PLACES, _PLACES, False)),
            (("locatedIn", ANY, ANY),)),
        "organisation-organisation (part-of)": Category(
            (("part-of", _ORGS, _ORGS, False),), (("memberOf", ORGANIZATION, ANY),)),
    },
    "redocred": {
        "P27 citizenship": Category((("P27", _types("PER"), None, False),), (("citizenOf", ANY, ANY),)),
        "P19 place of birth": Category((("P19", _types("PER"), None, False),), (("bornIn", ANY, ANY),)),
        "P551 residence": Category((("P551", _types("PER"), None, False),), (("livesIn", ANY, ANY),)),
        "P35/P6 head of state/government": Category(
            (("P35", None, _types("PER"), True), ("P6", None, _types("PER"), True)),
            (("leaderOf", ANY, PLACE),)),
        "P108 employer": Category((("P108", _types("PER"), None, False),),
                                  (("worksFor", ANY, ANY), ("leaderOf", ANY, ORGANIZATION))),
        "P159 headquarters (and P131/P17 of an organisation)": Category(
            (("P159", None, None, False), ("P131", _types("ORG"), None, False),
             ("P17", _types("ORG"), None, False)),
            (("basedIn", ANY, ANY),)),
        "P131/P17 located in": Category(
            (("P131", _types("LOC"), None, False), ("P17", _types("LOC"), None, False)),
            (("locatedIn", ANY, ANY),)),
        "P463/P102 member of": Category(
            (("P463", None, None, False), ("P102", None, None, False)), (("memberOf", ANY, ANY),)),
    },
}


def gold_category(dataset: str, gold_type: str, head_type: str, tail_type: str) -> tuple[str, bool] | None:
    """(category, inverse) a gold relation is scored under, or None when it is not scored."""
    for name, category in MAPPING[dataset].items():
        for rel, heads, tails, inverse in category.gold:
            if rel != gold_type:
                continue
            if (heads is None or head_type in heads) and (tails is None or tail_type in tails):
                return name, inverse
    return None


def fact_category(dataset: str, predicate: str, subject_cls: str, object_cls: str) -> str | None:
    """The category a kg fact is counted under, or None when no category takes it."""
    s, o = GROUP.get(subject_cls, subject_cls), GROUP.get(object_cls, object_cls)
    for name, category in MAPPING[dataset].items():
        for p, sg, og in category.facts:
            if p == predicate and sg in (ANY, s) and og in (ANY, o):
                return name
    return None


# ---------------------------------------------------------------------------------------------
# Data: dev splits detokenised into text, with gold entities as strings.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    """A gold entity: its mention strings and character spans in the sample's text, and its type."""

    type: str
    names: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldRelation:
    """A gold relation between two entities (indices into ``Sample.entities``), as annotated."""

    type: str
    head: int
    tail: int


@dataclass(frozen=True)
class Sample:
    """One text of a data set with its gold annotation."""

    id: str
    text: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    title: str | None = None


_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "n't", "'s", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Plain text for a tokenised sentence and each token's (start, end) in it.

    Quotes written as two tokens (`` ` ` `` and ``' '``) become one ``"``; a clitic ("'s", "n't",
    "'Brien") joins the word before it; brackets and quotes hug what they enclose.
    """
    text = ""
    spans: list[tuple[int, int]] = []
    glue = True  # no space before the next token
    quote_open = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("`", "'") and i + 1 < len(tokens) and tokens[i + 1] == token:  # a two-token quote
            piece, width = '"', 2
        elif token in ("``", "''"):
            piece, width = '"', 1
        else:
            piece, width = token, 1
        if piece == '"':
            opening = token in ("`", "``") if token != '"' else not quote_open
            quote_open = opening
            space = not glue and opening
            glue_next = opening
        else:
            attaches = (piece in _NO_SPACE_BEFORE or bool(re.fullmatch(r"'[A-Za-z]+", piece))
                        or piece.lower() in ("n't", "'t") or bool(re.fullmatch(r"[.,;:!?]+", piece)))
            space = not glue and not attaches
            glue_next = piece in _NO_SPACE_AFTER
        if space:
            text += " "
        start = len(text)
        text += piece
        for _ in range(width):
            spans.append((start, len(text)))
        glue = glue_next
        i += width
    return text, spans


def _entity(text: str, spans: list[tuple[int, int]], start: int, end: int, etype: str) -> GoldEntity:
    """A one-mention gold entity over tokens [start, end)."""
    begin, finish = spans[start][0], spans[end - 1][1]
    return GoldEntity(etype, (text[begin:finish],), ((begin, finish),))


def load_conll04(split: str = "dev") -> list[Sample]:
    """CoNLL04 (SpERT format) sentences."""
    rows = json.loads((DATA / "conll04" / f"conll04_{split}.spert_format.json").read_text(encoding="utf-8"))
    samples = []
    for n, row in enumerate(rows):
        text, spans = detokenise(row["tokens"])
        entities = tuple(_entity(text, spans, e["start"], e["end"], e["type"]) for e in row["entities"])
        relations = tuple(GoldRelation(r["type"], r["head"], r["tail"]) for r in row["relations"])
        samples.append(Sample(f"conll04-{split}-{n:04d}", text, entities, relations))
    return samples


def load_crossre(split: str = "dev", domains: Iterable[str] = ("news", "politics")) -> list[Sample]:
    """CrossRE sentences of the given domains."""
    samples = []
    for domain in domains:
        path = DATA / "crossre" / f"{domain}-{split}.json"
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text, spans = detokenise(row["sentence"])
            index: dict[tuple[int, int], int] = {}
            entities: list[GoldEntity] = []
            for start, end, etype in row["ner"]:
                index[(start, end)] = len(entities)
                entities.append(_entity(text, spans, start, end + 1, etype))
            relations = tuple(GoldRelation(r[4], index[(r[0], r[1])], index[(r[2], r[3])])
                              for r in row["relations"] if (r[0], r[1]) in index and (r[2], r[3]) in index)
            samples.append(Sample(f"crossre-{row['doc_key']}", text, tuple(entities), relations))
    return samples


def load_redocred(limit: int | None = None) -> list[Sample]:
    """Re-DocRED dev documents: sentences joined into one paragraph, the title kept as metadata."""
    rows = json.loads((DATA / "re-docred" / "dev_revised.json").read_text(encoding="utf-8"))
    samples = []
    for n, row in enumerate(rows[:limit] if limit else rows):
        text = ""
        offsets: list[list[tuple[int, int]]] = []
        for sentence in row["sents"]:
            sent_text, spans = detokenise(sentence)
            base = len(text) + (1 if text else 0)
            text += (" " if text else "") + sent_text
            offsets.append([(base + s, base + e) for s, e in spans])
        entities = []
        for vertex in row["vertexSet"]:
            names, where = [], []
            for mention in vertex:
                spans = offsets[mention["sent_id"]]
                start, end = spans[mention["pos"][0]][0], spans[mention["pos"][1] - 1][1]
                where.append((start, end))
                if text[start:end] not in names:
                    names.append(text[start:end])
            entities.append(GoldEntity(vertex[0]["type"], tuple(names), tuple(where)))
        relations = tuple(GoldRelation(label["r"], label["h"], label["t"]) for label in row["labels"])
        samples.append(Sample(f"redocred-dev-{n:03d}", text, tuple(entities), relations, title=row["title"]))
    return samples


def load(dataset: str, split: str = "dev", limit: int | None = None) -> list[Sample]:
    """The samples of a data set's split (Re-DocRED has dev only here)."""
    if dataset == "conll04":
        samples = load_conll04(split)
    elif dataset == "crossre":
        samples = load_crossre(split)
    elif dataset == "redocred":
        if split != "dev":
            raise ValueError("re-docred: only the dev split is available")
        return load_redocred(limit)
    else:
        raise ValueError(f"unknown data set {dataset!r}; expected one of {', '.join(DATASETS)}")
    return samples[:limit] if limit else samples


# ---------------------------------------------------------------------------------------------
# Scoring.
# ---------------------------------------------------------------------------------------------


def norm(name: str) -> str:
    """A name as compared: case-folded, a leading "the" and a trailing "'s" dropped, spaces collapsed.

    Trailing ``.,;:`` go too: the data sets glue a sentence's full stop or comma to its last word
    ("Boise.", "July 1-2,"), and kg writes "Conn." where the data has "Conn".
    """
    name = " ".join(unicodedata.normalize("NFKC", name).replace("’", "'").split()).casefold()
    name = re.sub(r"^the ", "", name)
    name = re.sub(r"'s$", "", name.rstrip(".,;: "))
    return name.rstrip(".,;: ")


@dataclass(frozen=True)
class GoldFact:
    """A scored gold relation: its category and the mention strings of subject and object (kg's direction)."""

    doc: str
    category: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    sentence: str = ""


@dataclass(frozen=True)
class PredictedFact:
    """A fact read back from the graph: its category, and the labels of its subject and object."""

    doc: str
    category: str
    predicate: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    confidence: float = 1.0
    sentence: str = ""


@dataclass(frozen=True)
class Counts:
    """Gold, predicted and correct counts of one category (or all), with P/R/F1."""

    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores per category and micro-averaged, and the unmatched facts."""

    categories: dict[str, Counts] = field(default_factory=dict)
    false_negatives: list[GoldFact] = field(default_factory=list)
    false_positives: list[PredictedFact] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        return Counts(sum(c.gold for c in self.categories.values()),
                      sum(c.predicted for c in self.categories.values()),
                      sum(c.correct for c in self.categories.values()))


def _matches(gold: GoldFact, predicted: PredictedFact) -> bool:
    subject = {norm(x) for x in predicted.subject}
    obj = {norm(x) for x in predicted.object}
    return (gold.doc == predicted.doc and gold.category == predicted.category
            and any(norm(x) in subject for x in gold.subject) and any(norm(x) in obj for x in gold.object))


def score(gold: Iterable[GoldFact], predicted: Iterable[PredictedFact],
          categories: Iterable[str] = ()) -> Report:
    """Precision, recall and F1 per category: a one-to-one matching of gold and predicted facts.

    Duplicates are counted once (the same gold pair annotated twice, the same node pair predicted
    under two predicates of one category). Each predicted fact matches at most one gold fact and
    each gold fact at most one predicted fact (greedy, in order of confidence).
    """
    golds = list(dict.fromkeys(gold))
    best: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], PredictedFact] = {}
    for fact in predicted:
        key = (fact.doc, fact.category, fact.subject, fact.object)
        if key not in best or fact.confidence > best[key].confidence:
            best[key] = fact
    preds = sorted(best.values(), key=lambda f: (-f.confidence, f.doc, f.category, f.subject, f.object))
    by_doc: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, gold_fact in enumerate(golds):
        by_doc[(gold_fact.doc, gold_fact.category)].append(n)
    taken: set[int] = set()
    correct: Counter[str] = Counter()
    report = Report()
    for fact in preds:
        pool = by_doc[(fact.doc, fact.category)]
        hit = next((n for n in pool if n not in taken and _matches(golds[n], fact)), None)
        if hit is None:
            report.false_positives.append(fact)
        else:
            taken.add(hit)
            correct[fact.category] += 1
    report.false_negatives = [fact for n, fact in enumerate(golds) if n not in taken]
    names = list(dict.fromkeys([*categories, *(f.category for f in golds), *(f.category for f in preds)]))
    gold_n = Counter(f.category for f in golds)
    pred_n = Counter(f.category for f in preds)
    report.categories = {name: Counts(gold_n[name], pred_n[name], correct[name]) for name in names}
    return report


def gold_facts(dataset: str, samples: Iterable[Sample]) -> Iterator[GoldFact]:
    """The scored gold relations of the samples, in kg's direction."""
    for sample in samples:
        for relation in sample.relations:
            head, tail = sample.entities[relation.head], sample.entities[relation.tail]
            found = gold_category(dataset, relation.type, head.type, tail.type)
            if found is None:
                continue
            category, inverse = found
            subject, obj = (tail, head) if inverse else (head, tail)
            yield GoldFact(sample.id, category, subject.names, obj.names, _sentence(sample, head, tail))


def _sentence(sample: Sample, head: GoldEntity, tail: GoldEntity) -> str:
    if len(sample.text) < 400:
        return sample.text
    start = min(s for s, _ in head.spans[:1] + tail.spans[:1])
    end = max(e for _, e in head.spans[:1] + tail.spans[:1])
    return "…" + sample.text[max(0, start - 60) : end + 60] + "…"


# ---------------------------------------------------------------------------------------------
# Running kg end to end and reading the facts back.
# ---------------------------------------------------------------------------------------------

# The kg properties the mapping scores (a fact of any other property counts for no type).
RELATIONS = sorted({fact[0] for categories in MAPPING.values() for category in categories.values()
                    for fact in category.facts})


MODES = ("learned", "rules", "baseline")


@contextmanager
def extraction(mode: str) -> Iterator[None]:
    """kg's extraction in one of ``MODES`` for the duration of the block.

    ``learned``: the rules and the learned classifier (``kg.extract.learned.find_learned``);
    ``rules``: the rules alone; ``baseline``: the crude baseline alone (``crude_baseline``).
    ``kg.extract.find_relations`` (and ``find_learned``, once kg calls it) is patched, never edited.
    """
    import kg.extract as extract_module

    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    saved = {name: getattr(extract_module, name) for name in ("find_relations", "find_learned")
             if hasattr(extract_module, name)}
    wired = "find_learned" in saved
    rules = saved["find_relations"]
    if wired and mode != "learned":
        setattr(extract_module, "find_learned", lambda reader, ruled=(): [])  # noqa: B010
    if mode == "learned" and not wired:
        from kg.extract.learned import find_learned

        def combined(reader: Any) -> Any:
            relations, attributes = rules(reader)
            return relations + find_learned(reader, relations), attributes

        setattr(extract_module, "find_relations", combined)  # noqa: B010
    elif mode == "baseline":
        setattr(extract_module, "find_relations", lambda reader: (crude_baseline(reader), []))  # noqa: B010
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(extract_module, name, value)


# Which property the crude baseline gives a pair of class groups (subject group, object group).
BASELINE = {("Person", "Organization"): "worksFor", ("Organization", "Place"): "basedIn",
            ("Place", "Place"): "locatedIn", ("Person", "Place"): "livesIn", ("Person", "Person"): "killed"}


def crude_baseline(reader: Any) -> list[Any]:
    """The crude baseline: in each sentence, each mention joined to the nearest mention of each
    class group its own group has a property for (``BASELINE``); of two people or two places, the
    first named is the subject. Confidence 0.5."""
    from kg.extract.learned import candidates
    from kg.records import Relation

    relations = []
    for members in candidates(reader):
        for a in members:
            ga = GROUP.get(a.mention.cls, "")
            nearest: dict[str, Any] = {}
            for b in members:
                gb = GROUP.get(b.mention.cls, "")
                if b is a or b.mention.key == a.mention.key or (ga, gb) not in BASELINE:
                    continue
                if ga == gb and b.span.start < a.span.start:
                    continue  # same group: the first named is the subject
                distance = abs(b.span.start - a.span.start)
                if gb not in nearest or distance < abs(nearest[gb].span.start - a.span.start):
                    nearest[gb] = b
            for gb, b in sorted(nearest.items()):
                relations.append(Relation(a.mention, BASELINE[(ga, gb)], b.mention,
                                          reader.evidence(a.span.root), 0.5))
    return relations


def run_kg(samples: Sequence[Sample], nlp: Any = None, mode: str = "learned") -> Any:
    """A pyoxigraph store with kg's graph of the samples, each text resolved on its own."""
    import pyoxigraph

    from kg.config import Settings
    from kg.pipeline import extract_all, graph_quads
    from kg.records import Document

    settings = Settings()
    # Each sample is running text as annotated: a dateline such as "DAYTON, Ohio (AP)" is a sentence
    # of the data set, so it is not left to ingest's guess at headlines and page furniture.
    documents = [Document(id=s.id, text=s.text, title=s.title) for s in samples]
    store = pyoxigraph.Store()
    with extraction(mode):
        for extracted in extract_all(documents, settings, nlp):
            store.extend(graph_quads([extracted], settings))
    return store


_FACTS = """
PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?g ?s ?p ?o ?sc ?oc (MAX(?c) AS ?conf) (SAMPLE(?ev) AS ?evidence) WHERE {
  GRAPH ?g {
    ?s ?p ?o . ?s a ?sc . ?o a ?oc .
    OPTIONAL { ?f a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                  kg:confidence ?c ; kg:evidence ?ev }
  }
  VALUES ?p { PREDICATES }
  FILTER(STRSTARTS(STR(?sc), STR(kg:)) && STRSTARTS(STR(?oc), STR(kg:)))
} GROUP BY ?g ?s ?p ?o ?sc ?oc
""".replace("PREDICATES", " ".join(f"kg:{p}" for p in RELATIONS))

_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?g ?n ?l WHERE { GRAPH ?g { ?n rdfs:label|skos:altLabel ?l } }
"""


def predicted_facts(dataset: str, store: Any, samples: Sequence[Sample]) -> list[PredictedFact]:
    """The facts in the store, read with SPARQL, each with its category and its nodes' labels."""
    from kg.iris import DEFAULT_BASE, document_iri

    docs = {document_iri(DEFAULT_BASE, s.id): s.id for s in samples}
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in store.query(_LABELS):
        labels[(row["g"].value, row["n"].value)].append(row["l"].value)
    kg_ns = "https://kg.example.org/ontology#"
    facts = []
    for row in store.query(_FACTS):
        graph, s, o = row["g"].value, row["s"].value, row["o"].value
        predicate = row["p"].value[len(kg_ns):]
        subject_cls, object_cls = row["sc"].value[len(kg_ns):], row["oc"].value[len(kg_ns):]
        category = fact_category(dataset, predicate, subject_cls, object_cls)
        if category is None or graph not in docs:
            continue
        confidence = float(row["conf"].value) if row["conf"] is not None else 1.0
        evidence = row["evidence"].value if row["evidence"] is not None else ""
        facts.append(PredictedFact(docs[graph], category, predicate, tuple(sorted(labels[(graph, s)])),
                                   tuple(sorted(labels[(graph, o)])), confidence, evidence))
    return facts


def evaluate(dataset: str, samples: Sequence[Sample], nlp: Any = None, mode: str = "learned") -> Report:
    """kg's scores on the samples, end to end, extracting in ``mode`` (one of ``MODES``)."""
    return evaluate_store(dataset, samples, run_kg(samples, nlp, mode))


def evaluate_store(dataset: str, samples: Sequence[Sample], store: Any) -> Report:
    """The scores of a store already holding kg's graph of the samples."""
    return score(gold_facts(dataset, samples), predicted_facts(dataset, store, samples), MAPPING[dataset])


_NODES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kg: <https://kg.example.org/ontology#>
SELECT ?g ?n ?l ?c WHERE { GRAPH ?g { ?n rdfs:label|skos:altLabel ?l ; a ?c } FILTER(?c != kg:Document) }
"""


def diagnose(dataset: str, report: Report, store: Any, samples: Sequence[Sample]) -> dict[str, Counter[str]]:
    """Why each error happened, counted per reason (see ``causes``)."""
    reasons: dict[str, Counter[str]] = {"false negatives": Counter(), "false positives": Counter()}
    for kind, reason, _, _ in causes(dataset, report, store, samples):
        reasons[kind][reason] += 1
    return reasons


def causes(dataset: str, report: Report, store: Any,
           samples: Sequence[Sample]) -> Iterator[tuple[str, str, GoldFact | PredictedFact, list[str]]]:
    """Each error with why it happened: (kind, reason, fact, the labels of the text's nodes).

    A false negative is lost because no node of its text carries one of the gold names ("no
    node"), because the nodes found have classes no property of the category accepts under the
    ontology's signatures ("classes"), or because no such fact was extracted ("no fact"). A false
    positive joins two gold entities the gold leaves unrelated ("unrelated gold pair"), touches a
    part of a gold name written "A, B" ("part of 'A, B'", such as "Amherst" in "Amherst, Mass."), or
    touches something that is not a gold entity ("not a gold entity").
    """
    from kg.graph import SIGNATURES
    from kg.iris import DEFAULT_BASE, document_iri

    docs = {document_iri(DEFAULT_BASE, s.id): s.id for s in samples}
    nodes: dict[str, dict[str, tuple[set[str], str]]] = defaultdict(dict)
    for row in store.query(_NODES):
        doc = docs.get(row["g"].value)
        if doc is not None:
            labels, _ = nodes[doc].setdefault(row["n"].value, (set(), row["c"].value.rsplit("#", 1)[-1]))
            labels.add(norm(row["l"].value))

    def shown(doc: str) -> list[str]:
        return sorted(f"{' / '.join(sorted(labels))} [{cls}]" for labels, cls in nodes[doc].values())

    for fact in report.false_negatives:
        found = nodes[fact.doc].values()
        subjects = [cls for labels, cls in found if any(norm(x) in labels for x in fact.subject)]
        objects = [cls for labels, cls in found if any(norm(x) in labels for x in fact.object)]
        if not subjects or not objects:
            reason = "no node carries the gold name"
        elif not any(fact_category(dataset, p, s, o) == fact.category and s in SIGNATURES[p][0]
                     and o in SIGNATURES[p][1] for s in subjects for o in objects for p in SIGNATURES):
            reason = "the nodes' classes fit no property of the type"
        else:
            reason = "no fact extracted"
        yield "false negatives", reason, fact, shown(fact.doc)
    by_id = {s.id: s for s in samples}
    for pred in report.false_positives:
        names = {norm(n) for e in by_id[pred.doc].entities for n in e.names}
        parts = {norm(p) for n in names if ", " in n for p in n.split(", ")}
        kinds = {_kind(pred.subject, names, parts), _kind(pred.object, names, parts)}
        if kinds == {"gold"}:
            reason = "unrelated gold pair"
        elif "part" in kinds and "other" not in kinds:
            reason = "part of a gold name written 'A, B'"
        else:
            reason = "not a gold entity"
        yield "false positives", reason, pred, shown(pred.doc)


def _kind(labels: tuple[str, ...], names: set[str], parts: set[str]) -> str:
    normed = {norm(x) for x in labels}
    return "gold" if normed & names else "part" if normed & parts else "other"


# ---------------------------------------------------------------------------------------------
# Printing.
# ---------------------------------------------------------------------------------------------


def table(report: Report) -> list[str]:
    """Per-category and micro P/R/F1 as aligned lines."""
    width = max([len(name) for name in report.categories] + [5])
    lines = [f"{'type':<{width}}  {'gold':>5} {'pred':>5} {'ok':>5}  {'P':>5} {'R':>5} {'F1':>5}"]
    rows = [*report.categories.items(), ("micro", report.micro)]
    for name, c in rows:
        lines.append(f"{name:<{width}}  {c.gold:>5} {c.predicted:>5} {c.correct:>5}  "
                     f"{c.precision:5.3f} {c.recall:5.3f} {c.f1:5.3f}")
    return lines


def worst_errors(report: Report, n: int = 15) -> list[str]:
    """The most confident false positives and the false negatives, interleaved, ``n`` in all."""
    fps = sorted(report.false_positives, key=lambda f: -f.confidence)
    fns = report.false_negatives
    lines: list[str] = []
    for i in range(n):
        for kind, pool in (("FP", fps), ("FN", fns)):
            if i < len(pool) and len(lines) < n:
                fact = pool[i]
                if isinstance(fact, PredictedFact):
                    what = (f"{fact.predicate}({' / '.join(fact.subject)} -> {' / '.join(fact.object)}) "
                            f"[{fact.category}] conf {fact.confidence:.2f}")
                else:
                    what = f"{fact.category}({' / '.join(fact.subject)} -> {' / '.join(fact.object)})"
                sentence = fact.sentence if len(fact.sentence) <= 240 else fact.sentence[:237] + "…"
                lines.append(f"{kind} {fact.doc}: {what}\n     {sentence}")
    return lines


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=[*DATASETS, "all"], default="conll04")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts of each data set")
    parser.add_argument("--learned", action=argparse.BooleanOptionalAction, default=True,
                        help="add the learned relation classifier to the rules (default: yes)")
    parser.add_argument("--baseline", action="store_true",
                        help="the crude baseline (nearest mention pair by class) instead of kg's extraction")
    parser.add_argument("--errors", type=int, default=15, help="how many errors to print")
    parser.add_argument("--diagnose", action="store_true", help="count the errors by their cause")
    parser.add_argument("--cause", default=None, metavar="WORDS",
                        help="list every error whose cause contains WORDS, with the nodes of its text")
    args = parser.parse_args(argv)
    from kg.nlp import load as load_model

    nlp = load_model()
    for dataset in DATASETS if args.dataset == "all" else (args.dataset,):
        started = time.perf_counter()
        samples = load(dataset, "dev", args.limit)
        mode = "baseline" if args.baseline else "learned" if args.learned else "rules"
        store = run_kg(samples, nlp, mode)
        report = evaluate_store(dataset, samples, store)
        seconds = time.perf_counter() - started
        title = {"learned": "rules + classifier", "rules": "rules only", "baseline": "crude baseline"}[mode]
        out(f"== {dataset} dev: {len(samples)} texts, {title}")
        for line in table(report):
            out(line)
        out(f"-- {min(args.errors, len(report.false_positives) + len(report.false_negatives))} errors")
        for line in worst_errors(report, args.errors):
            out(line)
        if args.diagnose:
            for kind, counts in diagnose(dataset, report, store, samples).items():
                out(f"-- {kind} by cause: " + ", ".join(f"{why} {n}" for why, n in counts.most_common()))
        if args.cause:
            for kind, why, fact, found in causes(dataset, report, store, samples):
                if args.cause in why:
                    out(f"{kind[:-1]}, {why}: {' / '.join(fact.subject)} -> {' / '.join(fact.object)} "
                        f"[{fact.category}] in {fact.doc}\n     {fact.sentence}\n     nodes: {'; '.join(found)}")
        out(f"wall time {seconds:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
