"""Throughput of a build against bare spaCy, with one and two processes; peak memory; and how
resolution plus graph building, and the memory they hold, grow with the corpus.

    python bench/throughput.py                 # 600 BBC articles interleaved across topics
    python bench/throughput.py --docs 2225     # the whole corpus

Words are spaCy tokens of the same block texts (kg.nlp.blocks_of) parsed with the same model and
batch size. kg's time runs from reading the files to graph.ttl on disk (``kg.pipeline.build``, which
streams: extractions are spilled to disk as they are made); model loading is left out of the
single-process figures and included (in every worker) in the two-process ones, for both. The whole
corpus is then built into a store, and for each size the first articles of its extraction cache are
resolved and made into quads again, with tracemalloc's count of what resolution holds beside what
holding every extraction (as kg did before it streamed) would.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
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


def cpu_timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """What ``work`` returns, its wall time, and the CPU time this process spent on it (which other
    processes sharing the machine disturb far less than the wall time)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - started, time.process_time() - cpu


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


def kg_build(folder: Path, out: Path, nlp: Any, workers: int, store: Path | None = None) -> None:
    """ingest -> extract -> spill -> resolve -> quads -> graph.ttl, as kg build runs it."""
    from kg.config import Settings
    from kg.pipeline import build

    build([folder], out, Settings(workers=workers), nlp if workers == 1 else None, store=store, exports=["graph.ttl"])


def first_rows(cache_file: Path, size: int, into: Path) -> Path:
    """A copy of an extraction cache with its first ``size`` documents (by id)."""
    from kg.corpus import CACHE_FILE

    into.mkdir()
    with sqlite3.connect(into / CACHE_FILE) as db:
        db.execute("ATTACH DATABASE ? AS whole", (str(cache_file),))
        db.execute("CREATE TABLE document AS SELECT * FROM whole.document ORDER BY id LIMIT ?", (size,))
    return into


def held_mb(work: Callable[[], T]) -> tuple[T, float]:
    """What ``work`` returns, and the most memory Python held while it ran (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def resolution_at(cache_folder: Path) -> None:
    """Resolution + quads of a cache's documents: time, and memory held by resolution vs all extractions."""
    from pyoxigraph import Store

    from kg.config import Settings
    from kg.corpus import Cache
    from kg.pipeline import document_graphs, resolve_cache

    cache = Cache(cache_folder, "bench")
    try:
        size = len(cache)
        graph = Store()
        _, took = timed(lambda: [graph.extend(quads) for _, quads in document_graphs(cache, Settings())])
        corpus, by_keys = held_mb(lambda: resolve_cache(cache))
        extractions, by_extractions = held_mb(cache.extractions)
        mentions = sum(len(e.mentions) for e in extractions)
        del extractions
    finally:
        cache.close()
    print(f"resolve + quads of {size:5d} articles: {took:6.2f} s, {1000 * took / size:.2f} s per 1,000; "
          f"resolution holds {by_keys:5.1f} MB ({len(corpus.entities)} entities) where all extractions "
          f"({mentions} mentions) would hold {by_extractions:6.1f} MB")


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
    from kg.corpus import CACHE_FILE
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

        words, bare1, bare_cpu = cpu_timed(lambda: bare_spacy(nlp, texts, batch_size, 1))
        _, kg1, kg_cpu = cpu_timed(lambda: kg_build(folder, Path(tmp) / "one", nlp, 1))
        _, bare2 = timed(lambda: bare_spacy(nlp, texts, batch_size, args.workers))
        _, kg2 = timed(lambda: kg_build(folder, Path(tmp) / "two", nlp, args.workers))
        print(f"words {words}")
        print(f"1 process    spaCy {words / bare1:8.0f} words/s   kg {words / kg1:8.0f} words/s   "
              f"kg/spaCy {bare1 / kg1:.2f}   (goal >= 0.9)")
        print(f"  CPU time   spaCy {words / bare_cpu:8.0f} words/s   kg {words / kg_cpu:8.0f} words/s   "
              f"kg/spaCy {bare_cpu / kg_cpu:.2f}   (the same, by CPU seconds of this process)")
        print(f"{args.workers} processes  spaCy {words / bare2:8.0f} words/s   kg {words / kg2:8.0f} words/s   "
              f"kg/spaCy {bare2 / kg2:.2f}   kg {args.workers} vs 1: {kg1 / kg2:.2f}x   (goal >= 1.6x)")

        store = Path(tmp) / "store"
        _, seconds = timed(lambda: kg_build(every, Path(tmp) / "all", nlp, 1, store=store))
        own, _ = peak_rss_mb()
        print(f"whole run of {sizes[-1]} articles in one process, into a store: {seconds:.1f} s, "
              f"{sizes[-1] / seconds:.1f} articles/s; peak RSS so far {own:.0f} MB (the model is held throughout)")
        for size in sizes:
            resolution_at(first_rows(store / CACHE_FILE, size, Path(tmp) / f"first-{size}"))
    own, children = peak_rss_mb()
    print(f"peak RSS: this process {own:.0f} MB (spaCy, the builds, then the measures above, which hold every "
          f"extraction and trace allocations), largest child {children:.0f} MB   (goal < 1536 MB)")


if __name__ == "__main__":
    main()
