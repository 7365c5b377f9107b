"""Train kg's relation classifier and write kg/data/relations.json.

    python scripts/train_relations.py [--crossre/--no-crossre] [--out kg/data/relations.json]

Reads only TRAIN splits from ../shared/data: CoNLL04 train and (unless --no-crossre) CrossRE news
and politics train, whose relations are mapped to CoNLL04's labels through bench/quality.py's
table. Each sentence is read as ``kg.extract.extract`` reads it (``kg.nlp.parse``, a
``kg.extract.mentions.Reader`` whose pronouns are referred and whose rules have run), and each pair
the classifier decides at run time (``kg.extract.learned.pairs``) gives two examples, one per
direction, with the features of ``kg.extract.learned.features``, labelled with the gold relation
between the gold entities the two mentions overlap most, or "none".

The model is a multinomial logistic regression with an L2 penalty, fitted by a plain-numpy L-BFGS (a
fixed number of iterations at most, no randomness). The penalty and the decision thresholds are
chosen on the training sentences alone, by ``REPEATS`` 5-fold cross-validations, each on its own
seeded shuffle of the sentences (a sentence's pairs stay in one fold), on kg's own output: each
held-out pair decided as ``find_learned`` decides it (its vetoes and the far-apart rule included),
scored together with the facts the rules already state between the two names, the folds of one
repeat pooled into one F1. Of the penalties and shared thresholds whose F1 averaged over the repeats
is within one standard error of the best, the smallest penalty and then the highest threshold are
chosen (the one-standard-error rule: a gain the repeats cannot tell from noise buys neither a weaker
penalty nor more, less sure facts). A label gets a threshold of its own only when one raises that F1
in every repeat and by ``MARGIN`` on average: the curve is flat near its top, and a threshold picked
from one split of the folds moved with the split (OrgBased_In 0.2 to 0.5 between near-identical
training sets) more than it helped. The model is then refitted on all the pairs. Features seen fewer
than ``MIN_COUNT`` times are dropped; weights are rounded to 3 decimals, a feature whose weights all
round below ``MIN_WEIGHT`` is left out (that keeps the file near 1 MB), and the JSON is written with
sorted keys: the same data and code give the same file byte for byte. About 1 minute on an idle
core, 2 minutes on two busy ones.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One BLAS thread: the vectors are small, and threads only fight over a busy machine's cores.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import Sample, fact_category, gold_category, load  # noqa: E402
from kg.extract.learned import FAR_CONFIDENCE, NONE, Candidate, far, features, pairs, vetoed  # noqa: E402
from kg.extract.mentions import Reader  # noqa: E402
from kg.extract.relations import find_relations  # noqa: E402
from kg.gazetteer import gazetteer  # noqa: E402
from kg.nlp import load as load_model  # noqa: E402
from kg.nlp import parse  # noqa: E402
from kg.records import Document, Mention  # noqa: E402

LABELS = (NONE, "Work_For", "OrgBased_In", "Located_In", "Live_In", "Kill")
# CrossRE categories of bench/quality.py as CoNLL04 labels (organisation-organisation has none).
CROSSRE_LABELS = {
    "person-organisation (role, part-of)": "Work_For",
    "person-place (physical, role, origin, general-affiliation)": "Live_In",
    "organisation-place (physical, part-of)": "OrgBased_In",
    "place-place (physical, part-of)": "Located_In",
}
MIN_COUNT = 2
FOLDS = 5
PENALTIES = (0.3, 1.0, 3.0)  # C: weight of the data term against 0.5 * ||W||^2 (0.1 scored lower)
THRESHOLDS = tuple(round(0.15 + 0.05 * i, 2) for i in range(13))
DECIMALS = 3
MIN_WEIGHT = 0.01  # a feature whose every weight is smaller is left out of the file
MAX_ITERATIONS = 150
REPEATS = 3  # 5-fold cross-validations, each on its own shuffle of the sentences
MARGIN = 0.002  # cross-validated F1 a label's own threshold must add to replace the shared one


@dataclass(frozen=True)
class Pair:
    """An unordered candidate pair: features and gold label of (a, b) and of (b, a); what the rules
    already state between the two, what kg vetoes, and whether the names are ``far`` apart, each
    as (direction 0 forward / 1 backward, label)."""

    sentence: int
    forward: list[str]
    forward_label: str
    backward: list[str]
    backward_label: str
    stated: frozenset[tuple[int, str]]
    vetoes: frozenset[tuple[int, str]]
    far: bool


def gold_relations(dataset: str, sample: Sample) -> dict[tuple[int, int], str]:
    """(head entity, tail entity) -> CoNLL04 label, in kg's direction."""
    found: dict[tuple[int, int], str] = {}
    for relation in sample.relations:
        head, tail = relation.head, relation.tail
        if dataset == "conll04":
            label = relation.type
        else:
            head_type, tail_type = sample.entities[head].type, sample.entities[tail].type
            mapped = gold_category(dataset, relation.type, head_type, tail_type)
            if mapped is None or mapped[0] not in CROSSRE_LABELS:
                continue
            label = CROSSRE_LABELS[mapped[0]]
            if mapped[1]:
                head, tail = tail, head
        found.setdefault((head, tail), label)
    return found


def align(sample: Sample, candidate: Candidate) -> int | None:
    """The gold entity a mention overlaps most, or None."""
    best, best_overlap = None, 0
    for n, entity in enumerate(sample.entities):
        for start, end in entity.spans:
            overlap = min(end, candidate.mention.end) - max(start, candidate.mention.start)
            if overlap > best_overlap:
                best, best_overlap = n, overlap
    return best


def examples(nlp: Any, dataset: str, samples: Sequence[Sample], offset: int = 0) -> list[Pair]:
    """The pairs the classifier decides in the samples, read as ``kg.extract.extract`` reads them
    (pronouns referred, the rules run first), with their features and labels."""
    documents = [Document(id=s.id, text=s.text, title=s.title) for s in samples]
    by_id = {s.id: (n, s) for n, s in enumerate(samples)}
    places = gazetteer()
    found: list[Pair] = []
    for document, blocks in parse(nlp, documents):
        number, sample = by_id[document.id]
        gold = gold_relations(dataset, sample)
        reader = Reader(document, blocks, places)
        reader.refer_pronouns()
        rules = [(r.subject, r.object, fact_category("conll04", r.predicate, r.subject.cls, r.object.cls))
                 for r in find_relations(reader)[0]]
        for a, b in list(pairs(reader)):
            ea, eb = align(sample, a), align(sample, b)
            if ea is not None and ea == eb:
                continue  # two parts of one gold name ("Lubbock, Texas"): no label to learn
            forward = gold.get((ea, eb), NONE) if ea is not None and eb is not None else NONE
            backward = gold.get((eb, ea), NONE) if ea is not None and eb is not None else NONE
            ordered = ((0, a, b), (1, b, a))
            stated = frozenset((d, label) for d, s, o in ordered for subject, obj, label in rules
                               if label is not None and _overlap(subject, s) and _overlap(obj, o))
            vetoes = frozenset((d, label) for d, s, o in ordered for label in LABELS[1:] if vetoed(reader, label, s, o))
            found.append(Pair(offset + number, features(a, b), forward, features(b, a), backward, stated, vetoes,
                              far(a, b)))
    return found


def _overlap(mention: Mention, candidate: Candidate) -> bool:
    return mention.start < candidate.mention.end and candidate.mention.start < mention.end


def design(pairs: Sequence[Pair], vocabulary: dict[str, int]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The binary feature matrix and label vector of the ordered examples (forward, backward per pair)."""
    rows: list[int] = []
    cols: list[int] = []
    labels: list[int] = []
    n = 0
    for pair in pairs:
        for feats, label in ((pair.forward, pair.forward_label), (pair.backward, pair.backward_label)):
            columns = sorted({vocabulary[f] for f in feats if f in vocabulary})
            rows += [n] * len(columns)
            cols += columns
            labels.append(LABELS.index(label))
            n += 1
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocabulary)))
    return matrix, np.array(labels)


def fit(x: sparse.csr_matrix, y: np.ndarray, penalty: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x labels) and biases minimising C * cross-entropy + 0.5 * ||W||^2."""
    n, d = x.shape
    k = len(LABELS)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    xt = x.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        scores = x @ w + b
        scores -= scores.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scores).sum(axis=1, keepdims=True))
        log_p = scores - log_norm
        value = -penalty * float((onehot * log_p).sum()) + 0.5 * float((w * w).sum())
        residual = penalty * (np.exp(log_p) - onehot)
        grad_w = xt @ residual + w
        grad_b = residual.sum(axis=0)
        return value, np.concatenate([np.asarray(grad_w).ravel(), grad_b])

    theta = lbfgs(loss, np.zeros(d * k + k))
    return theta[: d * k].reshape(d, k), theta[d * k :]


def lbfgs(function: Any, theta: np.ndarray, memory: int = 10, iterations: int = MAX_ITERATIONS,
          tolerance: float = 1e-4) -> np.ndarray:
    """Minimise a smooth convex function with L-BFGS (two-loop recursion, backtracking Armijo search).

    Plain numpy, so every step is the same on every run; scipy's L-BFGS-B spends most of its time
    on bound handling this problem does not need.
    """
    value, grad = function(theta)
    steps: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(iterations):
        if float(np.abs(grad).max()) < tolerance:
            break
        direction = -grad
        alphas = []
        for s, y, rho in reversed(steps):
            alpha = rho * float(s @ direction)
            alphas.append(alpha)
            direction = direction - alpha * y
        if steps:
            s, y, _ = steps[-1]
            direction = direction * (float(s @ y) / float(y @ y))
        else:
            direction = direction / max(1.0, float(np.abs(grad).sum()))
        for (s, y, rho), alpha in zip(steps, reversed(alphas), strict=True):
            beta = rho * float(y @ direction)
            direction = direction + (alpha - beta) * s
        slope = float(grad @ direction)
        if slope >= 0:  # not a descent direction: restart from the gradient
            steps.clear()
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0
        while True:
            candidate = theta + step * direction
            new_value, new_grad = function(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = candidate - theta, new_grad - grad
        sy = float(s @ y)
        if sy > 1e-12:
            steps.append((s, y, 1.0 / sy))
            if len(steps) > memory:
                steps.pop(0)
        theta, value, grad = candidate, new_value, new_grad
    return theta


@dataclass(frozen=True)
class HeldOut:
    """One cross-validation's held-out pairs as ``kg.extract.learned.find_learned`` decides them,
    before any threshold: per pair the label index it would state (the most probable in either
    direction) and its probability, whether stating it adds a relation to those the rules state
    (vetoed and far-apart pairs add none) and whether that relation is correct; and the gold,
    predicted and correct ordered relations of the rules alone."""

    label: np.ndarray
    probability: np.ndarray
    adds: np.ndarray
    adds_correct: np.ndarray
    gold: int
    predicted: int
    correct: int

    def f1(self, limits: Sequence[float]) -> float:
        """Pair-level F1 of the rules and the classifier together, with one threshold per label index."""
        kept = self.probability >= np.asarray(limits)[self.label]
        predicted = self.predicted + int(self.adds[kept].sum())
        correct = self.correct + int(self.adds_correct[kept].sum())
        return 2 * correct / (self.gold + predicted) if self.gold + predicted else 0.0


def held_out(pairs: Sequence[Pair], probs: np.ndarray) -> HeldOut:
    """The decisions on pairs given their ordered examples' probabilities (forward, backward per pair)."""
    labels, probabilities_, adds, adds_correct = [], [], [], []
    gold = predicted = correct = 0
    for pair, pf, pb in zip(pairs, probs[0::2], probs[1::2], strict=True):
        truth = {(0, pair.forward_label), (1, pair.backward_label)} - {(0, NONE), (1, NONE)}
        gold += len(truth)
        predicted += len(pair.stated)
        correct += len(pair.stated & truth)
        f, b = int(np.argmax(pf[1:])) + 1, int(np.argmax(pb[1:])) + 1
        direction, label, p = (0, f, pf[f]) if pf[f] >= pb[b] else (1, b, pb[b])
        fact = (direction, LABELS[label])
        new = fact not in pair.vetoes and fact not in pair.stated \
            and (LABELS[label] == "Kill" or p >= FAR_CONFIDENCE or not pair.far)
        labels.append(label)
        probabilities_.append(float(p))
        adds.append(new)
        adds_correct.append(new and fact in truth)
    return HeldOut(np.array(labels, dtype=int), np.array(probabilities_), np.array(adds, dtype=bool),
                   np.array(adds_correct, dtype=bool), gold, predicted, correct)


def probabilities(x: sparse.csr_matrix, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each example's label probabilities (a row-wise softmax)."""
    scores = x @ w + b
    scores -= scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def vocabulary_of(pairs: Sequence[Pair]) -> dict[str, int]:
    """Column numbers of the features seen in at least ``MIN_COUNT`` examples, in sorted order."""
    counts: Counter[str] = Counter()
    for pair in pairs:
        counts.update(set(pair.forward))
        counts.update(set(pair.backward))
    kept = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    return {f: n for n, f in enumerate(kept)}


def cross_validate(pairs: Sequence[Pair]) -> dict[float, list[HeldOut]]:
    """Per penalty, the held-out decisions of ``REPEATS`` 5-fold cross-validations, each on its own
    seeded shuffle of the training sentences (a sentence's pairs stay in one fold)."""
    sentences = sorted({p.sentence for p in pairs})
    runs: dict[float, list[HeldOut]] = {penalty: [] for penalty in PENALTIES}
    for repeat in range(1, REPEATS + 1):
        order = np.random.default_rng(repeat).permutation(len(sentences))
        fold_of = {s: int(order[n]) % FOLDS for n, s in enumerate(sentences)}
        folds = [[p for p in pairs if fold_of[p.sentence] == k] for k in range(FOLDS)]
        decided: dict[float, list[HeldOut]] = {penalty: [] for penalty in PENALTIES}
        for k in range(FOLDS):
            train = [p for j, fold in enumerate(folds) if j != k for p in fold]
            vocabulary = vocabulary_of(train)
            x, y = design(train, vocabulary)
            xt, _ = design(folds[k], vocabulary)
            for penalty in PENALTIES:
                w, b = fit(x, y, penalty)
                decided[penalty].append(held_out(folds[k], probabilities(xt, w, b)))
        for penalty in PENALTIES:  # the folds of one repeat pooled into one score
            parts = decided[penalty]
            runs[penalty].append(HeldOut(np.concatenate([h.label for h in parts]),
                                         np.concatenate([h.probability for h in parts]),
                                         np.concatenate([h.adds for h in parts]),
                                         np.concatenate([h.adds_correct for h in parts]),
                                         sum(h.gold for h in parts), sum(h.predicted for h in parts),
                                         sum(h.correct for h in parts)))
    return runs


def choose(runs: dict[float, list[HeldOut]], log: Any) -> tuple[float, list[float]]:
    """The penalty and the one threshold for all labels: of those whose F1 averaged over the repeats
    is within one standard error of the best (the repeats' spread), the smallest penalty and then the
    highest threshold, so that a difference the splits cannot tell apart goes to the simpler model
    and the fewer, surer facts; then, label by label, the threshold that raises that F1 most, kept
    only if it raises it in every repeat and by ``MARGIN`` on average (else the label keeps the
    shared threshold)."""

    def f1(penalty: float, limits: Sequence[float]) -> float:
        return float(np.mean([run.f1(limits) for run in runs[penalty]]))

    scores = {(penalty, t): f1(penalty, [t] * len(LABELS)) for penalty in PENALTIES for t in THRESHOLDS}
    for penalty in PENALTIES:
        top = max(THRESHOLDS, key=lambda t: (scores[penalty, t], t))
        log(f"  C={penalty:<4} best threshold {top:.2f}: F1 {scores[penalty, top]:.4f} "
            f"(repeats {', '.join(f'{run.f1([top] * len(LABELS)):.4f}' for run in runs[penalty])})")
    best_penalty, best_t = max(scores, key=lambda k: (scores[k], k[1]))
    repeats = [run.f1([best_t] * len(LABELS)) for run in runs[best_penalty]]
    floor = scores[best_penalty, best_t] - float(np.std(repeats, ddof=1)) / len(repeats) ** 0.5
    penalty, threshold = min((k for k, v in scores.items() if v >= floor), key=lambda k: (k[0], -k[1]))
    log(f"  within one standard error of the best ({scores[best_penalty, best_t]:.4f}, C={best_penalty}, "
        f"threshold {best_t:.2f}): C={penalty}, threshold {threshold:.2f}, F1 {scores[penalty, threshold]:.4f}")
    limits = [threshold] * len(LABELS)
    for label in range(1, len(LABELS)):
        base = limits
        kept = []
        for t in THRESHOLDS:
            trial = base[:label] + [t] + base[label + 1 :]
            gains = [run.f1(trial) - run.f1(base) for run in runs[penalty]]
            if min(gains) > 0 and float(np.mean(gains)) >= MARGIN:
                kept.append((float(np.mean(gains)), t))
        if kept:
            limits = base[:label] + [max(kept)[1]] + base[label + 1 :]
        log(f"  {LABELS[label]}: threshold {limits[label]:.2f}"
            + (f" (+{max(kept)[0]:.4f})" if kept else " (no threshold of its own beats the shared one)"))
    log(f"  thresholds {dict(zip(LABELS[1:], limits[1:], strict=True))}: F1 {f1(penalty, limits):.4f}")
    return penalty, limits


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crossre", action=argparse.BooleanOptionalAction, default=True,
                        help="add CrossRE news and politics train (mapped labels) to CoNLL04 train")
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "data" / "relations.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    nlp = load_model()
    pairs = examples(nlp, "conll04", load("conll04", "train"))
    sources = ["conll04 train"]
    if args.crossre:
        pairs += examples(nlp, "crossre", load("crossre", "train"), offset=len(pairs) + 1_000_000)
        sources.append("crossre news+politics train")
    positives = Counter(x for p in pairs for x in (p.forward_label, p.backward_label) if x != NONE)
    print(f"{len(pairs)} candidate pairs from {', '.join(sources)}; "
          f"relations {dict(sorted(positives.items()))} ({time.perf_counter() - started:.1f} s)")
    penalty, limits = choose(cross_validate(pairs), print)
    print(f"chosen C={penalty} thresholds={limits[1:]} ({time.perf_counter() - started:.1f} s)")
    vocabulary = vocabulary_of(pairs)
    x, y = design(pairs, vocabulary)
    w, b = fit(x, y, penalty)
    weights = {}
    for feature, n in vocabulary.items():
        row = [round(float(v), DECIMALS) + 0.0 for v in w[n]]
        if max(abs(v) for v in row) >= MIN_WEIGHT:
            weights[feature] = row
    model = {
        "format": "kg-relations/1",
        "trained_on": sources,
        "labels": list(LABELS),
        "penalty": penalty,
        "threshold": min(limits[1:]),
        "thresholds": dict(zip(LABELS[1:], limits[1:], strict=True)),
        "bias": [round(float(v), DECIMALS) + 0.0 for v in b],
        "weights": weights,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({len(weights)} features, {size / 1e6:.2f} MB) "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
