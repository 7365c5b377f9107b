"""Extraction across processes or a Dask cluster, with the very same stage functions.

A worker loads the spaCy pipeline once (``_pipeline`` is cached per process) and turns a batch of
Documents into Extractions; batches come back in input order, so the graph is byte-identical
whichever way it was built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any, cast

from kg.records import Document, Extraction

BATCH = 16  # documents per task: big enough to amortise pickling, small enough to balance


@lru_cache(maxsize=4)
def _pipeline(model: str | None) -> Any:
    from kg.nlp import load

    return load(model)


def extract_batch(documents: list[Document], model: str | None = None, batch_size: int = 64) -> list[Extraction]:
    """Parse and extract a batch of documents in this process (a pool or Dask worker)."""
    from kg.extract import extract
    from kg.gazetteer import gazetteer
    from kg.nlp import parse

    places = gazetteer()
    return [extract(document, blocks, places) for document, blocks in parse(_pipeline(model), documents, batch_size)]


def _warm(model: str | None) -> None:
    from kg.extract.learned import model as relation_model
    from kg.extract.mentions import given_names
    from kg.gazetteer import gazetteer

    _pipeline(model)
    gazetteer()
    given_names()
    relation_model()


def batches(documents: Iterable[Document], size: int = BATCH) -> Iterator[list[Document]]:
    """Consecutive lists of at most ``size`` documents."""
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_in_processes(documents: Iterable[Document], workers: int, model: str | None,
                         batch_size: int = 64) -> Iterator[Extraction]:
    """Extractions from ``workers`` local processes, in input order, streaming."""
    import multiprocessing
    from functools import partial

    context: Any
    if "fork" in multiprocessing.get_all_start_methods():
        # Load everything once here: forked workers share it instead of each loading it again
        # (3-4 s a worker with spawn, which is most of the gain of a second process on small inputs).
        _warm(model)
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    task = partial(extract_batch, model=model, batch_size=batch_size)
    try:
        with context.Pool(workers) as pool:
            for result in pool.imap(task, batches(documents), chunksize=1):
                yield from result
    finally:
        _pipeline.cache_clear()  # this process parses nothing: no need to hold the model through the graph


def extract_on_cluster(documents: Iterable[Document], address: str, model: str | None,
                       batch_size: int = 64) -> Iterator[Extraction]:
    """Extractions from an existing Dask cluster at ``address``, in input order, a window at a time.

    Raises:
        KGError: Dask is not installed or the scheduler cannot be reached.
    """
    from kg.errors import KGError

    try:
        from distributed import Client as connect
    except ImportError:
        raise KGError("--scheduler needs Dask: pip install 'kg[dask]'") from None
    try:
        client = cast(Any, connect)(address, timeout="10s")  # distributed is untyped
    except OSError as error:
        raise KGError(f"--scheduler {address}: cannot reach the Dask scheduler ({error})") from None
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    try:
        pending: list[Any] = []
        for batch in batches(documents):
            pending.append(client.submit(extract_batch, batch, model, batch_size, pure=False))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    finally:
        client.close()
