"""Throughput of a build against bare spaCy, with one and two processes; peak memory; and how
resolution plus graph building grow with the corpus.

    python bench/throughput.py                 # 600 BBC articles interleaved across topics
    python bench/throughput.py --docs 2225     # the whole corpus

Words are spaCy tokens of the same block texts (kg.nlp.blocks_of) parsed with the same model and
batch size. kg's time runs from reading the files to graph.ttl on disk; model loading is left out
of the single-process figures and included (in every worker) in the two-process ones, for both.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import zip_longest
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "data" / "bbc_news"
T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def interleaved(limit: int, into: Path) -> Path:
    """A folder of ``limit`` BBC articles taken from each topic in turn, named so that sorted order
    (the order kg reads them) is that order and any prefix mixes every topic."""
    topics = [sorted(folder.glob("*.txt")) for folder in sorted(BBC.iterdir()) if folder.is_dir()]
    files = [f for group in zip_longest(*topics) for f in group if f is not None][:limit]
    into.mkdir()
    for n, file in enumerate(files):
        shutil.copy(file, into / f"{n:05d}-{file.parent.name}-{file.name}")
    return into


def bare_spacy(nlp: Any, texts: list[str], batch_size: int, processes: int) -> int:
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=processes))


def kg_build(folder: Path, out: Path, nlp: Any, workers: int) -> list[Any]:
    """ingest -> extract -> resolve -> quads -> graph.ttl; the extractions, for reuse."""
    from kg.config import Settings
    from kg.export import write_all
    from kg.ingest import read_inputs
    from kg.pipeline import extract_all, graph_quads

    settings = Settings(workers=workers)
    extractions = list(extract_all(read_inputs([folder]), settings, nlp if workers == 1 else None))
    write_all(graph_quads(extractions, settings), out, settings.base, names=["graph.ttl"])
    return extractions


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident set size of this process and of its largest finished child, in MB (Linux: KiB)."""
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / unit,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / unit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=600, help="BBC articles to parse (default 600)")
    parser.add_argument("--sizes", default="500,1000,2225", help="corpus sizes for resolution and graph building")
    parser.add_argument("--workers", type=int, default=2, help="processes of the parallel runs (default 2)")
    args = parser.parse_args()

    from kg.config import Settings
    from kg.extract.resolve import resolve
    from kg.graph import build_quads
    from kg.ingest import read_inputs
    from kg.nlp import blocks_of, load

    batch_size = Settings().batch_size
    nlp = load()
    sizes = sorted(int(n) for n in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = interleaved(args.docs, Path(tmp) / "in")
        every = interleaved(sizes[-1], Path(tmp) / "every")
        texts = [text for document in read_inputs([folder]) for _, text in blocks_of(document)]
        bare_spacy(nlp, texts[:50], batch_size, 1)  # warm up
        print(f"{args.docs} BBC articles, {len(texts)} blocks, batch size {batch_size}, model {nlp.meta['name']}")

        words, bare1 = timed(lambda: bare_spacy(nlp, texts, batch_size, 1))
        _, kg1 = timed(lambda: kg_build(folder, Path(tmp) / "one", nlp, 1))
        _, bare2 = timed(lambda: bare_spacy(nlp, texts, batch_size, args.workers))
        _, kg2 = timed(lambda: kg_build(folder, Path(tmp) / "two", nlp, args.workers))
        print(f"words {words}")
        print(f"1 process    spaCy {words / bare1:8.0f} words/s   kg {words / kg1:8.0f} words/s   "
              f"kg/spaCy {bare1 / kg1:.2f}   (goal >= 0.9)")
        print(f"{args.workers} processes  spaCy {words / bare2:8.0f} words/s   kg {words / kg2:8.0f} words/s   "
              f"kg/spaCy {bare2 / kg2:.2f}   kg {args.workers} vs 1: {kg1 / kg2:.2f}x   (goal >= 1.6x)")

        extractions, seconds = timed(lambda: kg_build(every, Path(tmp) / "all", nlp, 1))
    print(f"whole run of {sizes[-1]} articles in one process: {seconds:.1f} s, "
          f"{sizes[-1] / seconds:.1f} articles/s")
    for size in sizes:
        part = extractions[:size]
        _, took = timed(lambda: build_quads(part, resolve(part), Settings().base))  # noqa: B023
        per_1000 = 1000 * took / len(part)
        print(f"resolve + build_quads of {len(part):5d} articles: {took:6.2f} s, {per_1000:.2f} s per 1,000")
    own, children = peak_rss_mb()
    print(f"peak RSS: this process {own:.0f} MB (spaCy, {sizes[-1]} extractions, quads), "
          f"largest child {children:.0f} MB   (goal < 1536 MB)")


if __name__ == "__main__":
    main()
