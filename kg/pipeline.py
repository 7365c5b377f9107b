"""The build: inputs to extractions to a resolved graph to exports."""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, Store
from rdflib.namespace import RDF

from kg.config import Settings
from kg.corpus import (
    Cache,
    content_hash,
    drop_other_graphs,
    extractor_fingerprint,
    model_name,
    open_store,
    replace_graph,
)
from kg.errors import KGError
from kg.export import write_all
from kg.extract import extract
from kg.extract.resolve import CorpusEntities, KeyTable, document_keys, resolve
from kg.gazetteer import gazetteer
from kg.graph import REQUIRED_ROLES, SIGNATURES, build_quads, document_quads
from kg.ingest import document_ids, read_inputs
from kg.iris import document_iri
from kg.nlp import load, parse
from kg.records import Document, Extraction
from kg.vocab import KG

_IRI_BASE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]$")


@dataclass(frozen=True)
class Summary:
    """What a build produced."""

    documents: int
    entities: Counter[str]
    facts: Counter[str]
    events: Counter[str]
    seconds: float
    files: list[Path] = field(default_factory=list)
    parsed: int | None = None  # with a store: documents parsed now, the rest reused from its cache
    reused: int = 0
    replaced: int = 0  # with a store: document graphs replaced in it
    removed: int = 0  # with a store and prune: documents dropped from it

    def lines(self) -> list[str]:
        """The summary as short lines for a terminal."""
        def counts(counter: Counter[str]) -> str:
            return ", ".join(f"{name} {n}" for name, n in sorted(counter.items())) or "none"

        return [
            f"documents  {self.documents}",
            f"entities   {sum(self.entities.values())} ({counts(self.entities)})",
            f"facts      {sum(self.facts.values())} ({counts(self.facts)})",
            f"events     {sum(self.events.values())} ({counts(self.events)})",
            f"time       {self.seconds:.1f} s",
        ] + ([] if self.parsed is None else
             [f"store      parsed {self.parsed}, reused {self.reused}, graphs replaced {self.replaced}"
              + (f", removed {self.removed}" if self.removed else "")])


def check_base(base: str) -> str:
    """The base IRI, checked.

    Raises:
        KGError: it is not an absolute IRI ending in / or #.
    """
    problem = f"--base {base!r}: expected an absolute IRI ending in '/' or '#', like https://example.org/id/"
    if not _IRI_BASE.match(base):
        raise KGError(problem)
    try:
        NamedNode(base + "x")
    except ValueError as error:
        raise KGError(f"{problem} ({error})") from None
    return base


def extract_all(documents: Iterable[Document], settings: Settings, nlp: Any = None) -> Iterator[Extraction]:
    """Parse and extract each document, streaming, in this process, ``settings.workers`` processes,
    or on the Dask cluster at ``settings.scheduler``; the output is the same either way."""
    from kg.parallel import extract_in_processes, extract_on_cluster

    if settings.scheduler:
        yield from extract_on_cluster(documents, settings.scheduler, settings.model, settings.batch_size)
        return
    if settings.workers > 1:
        yield from extract_in_processes(documents, settings.workers, settings.model, settings.batch_size)
        return
    nlp = nlp or load(settings.model)
    places = gazetteer()
    for document, blocks in parse(nlp, documents, settings.batch_size):
        yield extract(document, blocks, places)


def graph_quads(extractions: list[Extraction], settings: Settings) -> list[Quad]:
    """Resolve entities across the extractions and make the graph's quads, all in memory (``build`` streams)."""
    resolution = resolve(extractions)
    return build_quads(extractions, resolution, settings.base, settings.min_confidence)


Progress = Callable[[int, int, int], None]  # (documents done, documents to do, words done)


def reporting(extractions: Iterable[Extraction], total: int, progress: Progress | None,
              skipped: Callable[[], int] = lambda: 0) -> Iterator[Extraction]:
    """The extractions, telling ``progress`` after each one how far the build has come (``skipped``:
    how many documents were passed over so far, reused from a store's cache)."""
    words = done = 0
    for parsed, extraction in enumerate(extractions, start=1):
        words += len(extraction.document.text.split())
        done = min(parsed + skipped(), total)
        if progress is not None:
            progress(done, total, words)
        yield extraction
    if progress is not None and 0 < done < total:
        progress(total, total, words)  # the last documents were reused


def build(inputs: Iterable[str | Path], out: Path, settings: Settings, nlp: Any = None,
          store: Path | None = None, progress: Progress | None = None, prune: bool = False,
          exports: Sequence[str] | None = None) -> Summary:
    """Read the inputs, extract, and write every export (or the files named in ``exports``) into ``out``.

    Streams: documents are read one at a time and each extraction is spilled to a cache on disk as
    it is made; resolution across documents holds a few counters per entity, and the graph is made
    one document at a time from the cache. With ``store`` (a corpus folder, see kg.corpus) the cache
    is the folder's: only documents new or changed since they were cached (or read by another
    version of kg or the model) are parsed; the graph is resolved over every cached document, the
    folder's pyoxigraph store is brought up to date one document graph at a time, and the exports
    hold the whole corpus. Documents cached earlier stay in it unless ``prune`` drops those that are
    not among the inputs.

    Raises:
        KGError: bad input, a missing model, or an unwritable output or store folder.
    """
    started = time.perf_counter()
    check_base(settings.base)
    inputs = list(inputs)
    if store is not None:
        return _build_corpus(inputs, out, settings, nlp, store, started, progress, prune, exports)
    total = sum(1 for _ in document_ids(inputs))  # every input checked before any parsing
    _check_found(inputs, total)
    with tempfile.TemporaryDirectory(prefix="kg-build-") as spill:
        cache = Cache(Path(spill), temporary=True)
        try:
            spill_into(cache, reporting(extract_all(read_inputs(inputs), settings, nlp), total, progress))
            quads, _ = make_graph(cache, settings)
        finally:
            cache.close()
    return export(quads, out, settings.base, exports, summarise(quads, total, 0.0, []), started)


def export(quads: list[Quad], out: Path, base: str, exports: Sequence[str] | None, summary: Summary,
           started: float) -> Summary:
    """Write the exports of the graph; the summary with the files written and the time since ``started``."""
    files = write_all(quads, out, base, exports)
    return replace(summary, seconds=time.perf_counter() - started, files=files)


def spill_into(cache: Cache, extractions: Iterable[Extraction]) -> int:
    """Put each extraction in the cache with its DocumentKeys as soon as it is made; how many there were."""
    count = 0
    for extraction in extractions:
        cache.put(extraction, document_keys(extraction))
        count += 1
    return count


def make_graph(cache: Cache, settings: Settings, corpus: Store | None = None) -> tuple[list[Quad], int]:
    """The quads of every cached document, made one document at a time, in the order the writers want
    (by graph, then triple); with ``corpus`` (a store folder's), each document graph is also synchronised
    there, and graphs of documents no longer cached are dropped. Returns the quads and how many corpus
    graphs changed."""
    graphs: dict[str, list[Quad]] = {}
    replaced, names = 0, set()
    for name, quads in document_graphs(cache, settings):
        graphs[str(name)] = quads
        if corpus is not None:
            names.add(name)
            replaced += replace_graph(corpus, name, {quad.triple for quad in quads})
    if corpus is not None:
        replaced += drop_other_graphs(corpus, names)
    return [quad for name in sorted(graphs) for quad in graphs[name]], replaced


def _check_found(inputs: list[str | Path], documents: int) -> None:
    if not documents:
        raise KGError(f"{', '.join(map(str, inputs))}: no .txt, .md, .html, .htm or .jsonl files found")


def document_graphs(cache: Cache, settings: Settings) -> Iterator[tuple[NamedNode, list[Quad]]]:
    """Each cached document's named graph and its quads, resolved across the whole cache."""
    corpus = resolve_cache(cache)
    for extraction, keys in cache.items():
        graph = NamedNode(document_iri(settings.base, extraction.document.id))
        yield graph, document_quads(extraction, corpus.of(keys), settings.base, settings.min_confidence)


def resolve_cache(cache: Cache) -> CorpusEntities:
    """The entities of every document in the cache, from their keys alone."""
    table = KeyTable()
    for keys in cache.document_keys():
        table.add(keys)
    return table.resolve()


class _Unchanged:
    """Passes over the documents cached with the same content by the same extractor, counting them."""

    def __init__(self, known: dict[str, tuple[str, bool]]) -> None:
        self.known = known
        self.skipped = 0

    def __call__(self, documents: Iterable[Document]) -> Iterator[Document]:
        for document in documents:
            if self.known.get(document.id) == (content_hash(document), True):
                self.skipped += 1
            else:
                yield document


def _build_corpus(inputs: list[str | Path], out: Path, settings: Settings, nlp: Any, folder: Path, started: float,
                  progress: Progress | None, prune: bool, exports: Sequence[str] | None) -> Summary:
    wanted = set(document_ids(inputs))  # every input checked before any parsing
    _check_found(inputs, len(wanted))
    fingerprint = extractor_fingerprint(model_name(settings.model, nlp))
    oxigraph = open_store(folder)  # first: it locks the folder against a second concurrent build
    try:
        cache = Cache(folder, fingerprint)
        try:
            known = cache.known()
            gone = sorted(known.keys() - wanted)
            removed = cache.remove(gone) if prune else 0
            again = [] if prune else [doc_id for doc_id in gone if not known[doc_id][1]]  # read by an older kg
            unchanged = _Unchanged(known)
            documents = chain(unchanged(read_inputs(inputs)), cache.documents(again))
            parsed = spill_into(cache, reporting(extract_all(documents, settings, nlp), len(wanted) + len(again),
                                                 progress, lambda: unchanged.skipped))
            quads, replaced = make_graph(cache, settings, oxigraph)
            documents_in_store = len(cache)
        finally:
            cache.close()
        oxigraph.flush()
    finally:
        del oxigraph  # closes the store (pyoxigraph has no close) and releases its lock
    summary = replace(summarise(quads, documents_in_store, 0.0, []), parsed=parsed, reused=unchanged.skipped,
                      replaced=replaced, removed=removed)
    return export(quads, out, settings.base, exports, summary, started)


def summarise(quads: Iterable[Quad], documents: int, seconds: float, files: list[Path]) -> Summary:
    """Counts of entities by class, facts by property and events by class (each triple counted once,
    however many documents hold it)."""
    rdf_type = str(RDF.type)
    relation_names = {str(KG[p]): p for p in SIGNATURES}
    typed: set[tuple[Any, Any]] = set()
    related: set[tuple[str, Any, Any]] = set()
    for quad in quads:
        predicate = quad.predicate.value
        if predicate == rdf_type:
            typed.add((quad.subject, quad.object))
        elif predicate in relation_names:
            related.add((relation_names[predicate], quad.subject, quad.object))
    events = set(REQUIRED_ROLES)
    entities: Counter[str] = Counter()
    happenings: Counter[str] = Counter()
    for _, cls_node in typed:
        if isinstance(cls_node, NamedNode) and cls_node.value.startswith(str(KG)):
            cls = cls_node.value[len(str(KG)):]
            if cls in events:
                happenings[cls] += 1
            elif cls != "Document":
                entities[cls] += 1
    facts = Counter(name for name, _, _ in related)
    return Summary(documents, entities, facts, happenings, seconds, files)
