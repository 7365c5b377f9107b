"""Train kg's relation classifier and write kg/data/relations.json.

    python scripts/train_relations.py [--crossre/--no-crossre] [--out kg/data/relations.json]

Reads only TRAIN splits from ../shared/data: CoNLL04 train and (unless --no-crossre) CrossRE news
and politics train, whose relations are mapped to CoNLL04's labels through bench/quality.py's
table. Each sentence goes through kg's own parsing and mention finding (``kg.nlp.parse``,
``kg.extract.mentions.Reader``); every pair of candidate mentions in a sentence
(``kg.extract.learned.candidates``) gives two examples, one per direction, with the features of
``kg.extract.learned.features``, labelled with the gold relation between the gold entities the
two mentions overlap most, or "none".

The model is a multinomial logistic regression with an L2 penalty, fitted by a plain-numpy L-BFGS
(a fixed number of iterations at most, no randomness). The penalty and the decision threshold are
chosen by 5-fold cross-validation on the training sentences (folds by sentence number), and the
model is then refitted on all of them. Features seen fewer than ``MIN_COUNT`` times are dropped;
weights are rounded to 3 decimals, a feature whose weights all round below ``MIN_WEIGHT`` is left
out (that keeps the file near 1.2 MB), and the JSON is written with sorted keys: the same data and
code give the same file byte for byte. About 1.5 minutes on two busy cores.
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

from bench.quality import Sample, gold_category, load  # noqa: E402
from kg.extract.learned import NONE, Candidate, candidates, features, modifies_another  # noqa: E402
from kg.extract.mentions import Reader  # noqa: E402
from kg.gazetteer import gazetteer  # noqa: E402
from kg.nlp import load as load_model  # noqa: E402
from kg.nlp import parse  # noqa: E402
from kg.records import Document  # noqa: E402

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
PENALTIES = (0.1, 0.3, 1.0)  # C: weight of the data term against 0.5 * ||W||^2
THRESHOLDS = tuple(round(0.15 + 0.05 * i, 2) for i in range(13))
DECIMALS = 3
MIN_WEIGHT = 0.01  # a feature whose every weight is smaller is left out of the file
MAX_ITERATIONS = 150


@dataclass(frozen=True)
class Pair:
    """An unordered candidate pair: features and gold label of (a, b) and of (b, a)."""

    sentence: int
    forward: list[str]
    forward_label: str
    backward: list[str]
    backward_label: str


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
    """Every candidate pair of the samples with its features and labels."""
    documents = [Document(id=s.id, text=s.text, title=s.title) for s in samples]
    by_id = {s.id: (n, s) for n, s in enumerate(samples)}
    places = gazetteer()
    pairs: list[Pair] = []
    for document, blocks in parse(nlp, documents):
        number, sample = by_id[document.id]
        gold = gold_relations(dataset, sample)
        reader = Reader(document, blocks, places)
        for members in candidates(reader):
            entity = [align(sample, c) for c in members]
            for i, a in enumerate(members):
                for j in range(i + 1, len(members)):
                    b = members[j]
                    if a.mention.key == b.mention.key or modifies_another(a, b):
                        continue
                    if entity[i] is not None and entity[i] == entity[j]:
                        continue  # two parts of one gold name ("Lubbock, Texas"): no label to learn
                    ea, eb = entity[i], entity[j]
                    forward = gold.get((ea, eb), NONE) if ea is not None and eb is not None else NONE
                    backward = gold.get((eb, ea), NONE) if ea is not None and eb is not None else NONE
                    pairs.append(Pair(offset + number, features(a, b), forward, features(b, a), backward))
    return pairs


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


def decode(probs_forward: np.ndarray, probs_backward: np.ndarray,
           threshold: float | Sequence[float]) -> list[tuple[int, int]]:
    """Per pair: (direction 0 forward / 1 backward, label index), label 0 when below its threshold
    (one for all labels, or one per label index)."""
    limits = [threshold] * len(LABELS) if isinstance(threshold, float) else list(threshold)
    decided = []
    for pf, pb in zip(probs_forward, probs_backward, strict=True):
        f, b = int(np.argmax(pf[1:])) + 1, int(np.argmax(pb[1:])) + 1
        direction, label, p = (0, f, pf[f]) if pf[f] >= pb[b] else (1, b, pb[b])
        decided.append((direction, label if p >= limits[label] else 0))
    return decided


def probabilities(x: sparse.csr_matrix, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each example's label probabilities (a row-wise softmax)."""
    scores = x @ w + b
    scores -= scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def pair_f1(pairs: Sequence[Pair], decided: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(gold, predicted, correct) ordered relations over the candidate pairs."""
    gold = predicted = correct = 0
    for pair, (direction, label) in zip(pairs, decided, strict=True):
        truth = {(0, pair.forward_label), (1, pair.backward_label)} - {(0, NONE), (1, NONE)}
        gold += len(truth)
        if label:
            predicted += 1
            correct += (direction, LABELS[label]) in truth
    return gold, predicted, correct


def vocabulary_of(pairs: Sequence[Pair]) -> dict[str, int]:
    """Column numbers of the features seen in at least ``MIN_COUNT`` examples, in sorted order."""
    counts: Counter[str] = Counter()
    for pair in pairs:
        counts.update(set(pair.forward))
        counts.update(set(pair.backward))
    kept = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    return {f: n for n, f in enumerate(kept)}


def cross_validate(pairs: Sequence[Pair], log: Any) -> tuple[float, list[float]]:
    """The penalty with the best pooled F1 over the folds at one threshold for all labels, then a
    threshold per label, each raised or lowered in turn while the pooled F1 grows."""
    folds = [[p for p in pairs if p.sentence % FOLDS == k] for k in range(FOLDS)]
    held_out: dict[float, list[tuple[list[Pair], np.ndarray]]] = {penalty: [] for penalty in PENALTIES}
    for k in range(FOLDS):
        train = [p for j, fold in enumerate(folds) if j != k for p in fold]
        vocabulary = vocabulary_of(train)
        x, y = design(train, vocabulary)
        xt, _ = design(folds[k], vocabulary)
        for penalty in PENALTIES:
            w, b = fit(x, y, penalty)
            held_out[penalty].append((folds[k], probabilities(xt, w, b)))

    def f1(penalty: float, limits: Sequence[float]) -> float:
        c = [0, 0, 0]
        for test, probs in held_out[penalty]:
            counts = pair_f1(test, decode(probs[0::2], probs[1::2], limits))
            c = [c[i] + counts[i] for i in range(3)]
        return 2 * c[2] / (c[0] + c[1]) if c[0] + c[1] else 0.0

    best: tuple[float, float, float] | None = None  # (F1, -threshold, penalty)
    for penalty in PENALTIES:
        score, threshold = max((f1(penalty, [t] * len(LABELS)), -t) for t in THRESHOLDS)
        log(f"  C={penalty:<4} best threshold {-threshold:.2f}: F1 {score:.3f}")
        best = max(best or (score, threshold, penalty), (score, threshold, penalty))
    assert best is not None
    penalty, limits = best[2], [-best[1]] * len(LABELS)
    for _ in range(2):
        for label in range(1, len(LABELS)):
            limits[label] = max(THRESHOLDS, key=lambda t: (f1(penalty, limits[:label] + [t] + limits[label + 1 :]),
                                                           -abs(t - limits[label])))
    log(f"  per label: {dict(zip(LABELS[1:], limits[1:], strict=True))}: F1 {f1(penalty, limits):.3f}")
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
    penalty, limits = cross_validate(pairs, print)
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
