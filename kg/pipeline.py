"""The build: inputs to extractions to a resolved graph to exports."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad

from kg.config import Settings
from kg.errors import KGError
from kg.export import write_all
from kg.extract import extract
from kg.extract.resolve import resolve
from kg.gazetteer import gazetteer
from kg.graph import REQUIRED_ROLES, SIGNATURES, build_quads
from kg.ingest import read_inputs
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
             [f"store      parsed {self.parsed}, reused {self.reused}, graphs replaced {self.replaced}"])


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
    """Resolve entities across the extractions and make the graph's quads."""
    resolution = resolve(extractions)
    return build_quads(extractions, resolution, settings.base, settings.min_confidence)


Progress = Callable[[int, int, int], None]  # (documents done, documents to do, words done)


def reporting(extractions: Iterable[Extraction], total: int, progress: Progress | None) -> Iterator[Extraction]:
    """The extractions, telling ``progress`` after each one how far the build has come."""
    words = 0
    for done, extraction in enumerate(extractions, start=1):
        words += len(extraction.document.text.split())
        if progress is not None:
            progress(done, total, words)
        yield extraction


def build(inputs: Iterable[str | Path], out: Path, settings: Settings, nlp: Any = None,
          store: Path | None = None, progress: Progress | None = None) -> Summary:
    """Read the inputs, extract, and write every export into ``out``.

    With ``store`` (a corpus folder, see kg.corpus), only documents new or changed since they were
    cached there are parsed; the graph is resolved over every cached document, the folder's
    pyoxigraph store is brought up to date one document graph at a time, and the exports hold the
    whole corpus.

    Raises:
        KGError: bad input, a missing model, or an unwritable output or store folder.
    """
    started = time.perf_counter()
    check_base(settings.base)
    documents = list(read_inputs(inputs))
    if not documents:
        raise KGError(f"{', '.join(map(str, inputs))}: no .txt, .md, .html, .htm or .jsonl files found")
    if store is None:
        extractions = list(reporting(extract_all(documents, settings, nlp), len(documents), progress))
        quads = graph_quads(extractions, settings)
        files = write_all(quads, out, settings.base)
        return summarise(quads, len(documents), time.perf_counter() - started, files)
    return _build_corpus(documents, out, settings, nlp, store, started, progress)


def _build_corpus(documents: list[Document], out: Path, settings: Settings, nlp: Any, folder: Path,
                  started: float, progress: Progress | None = None) -> Summary:
    from kg.corpus import Cache, open_store, synchronise

    oxigraph = open_store(folder)  # first: it locks the folder against a second concurrent build
    try:
        cache = Cache(folder, settings.model or "")
        try:
            stale = cache.stale(documents)
            for extraction in reporting(extract_all(stale, settings, nlp), len(stale), progress):
                cache.put(extraction)
            extractions = cache.extractions()
        finally:
            cache.close()
        quads = graph_quads(extractions, settings)
        replaced = synchronise(oxigraph, quads)
        oxigraph.flush()
    finally:
        del oxigraph  # closes the store (pyoxigraph has no close) and releases its lock
    files = write_all(quads, out, settings.base)
    summary = summarise(quads, len(extractions), time.perf_counter() - started, files)
    return replace(summary, parsed=len(stale), reused=len(documents) - len(stale), replaced=replaced)


def summarise(quads: list[Quad], documents: int, seconds: float, files: list[Path]) -> Summary:
    """Counts of entities by class, facts by property and events by class."""
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    events = set(REQUIRED_ROLES)
    entities: Counter[str] = Counter()
    happenings: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    relation_names = {str(KG[p]): p for p in SIGNATURES}
    for triple in {q.triple for q in quads}:
        predicate, obj = triple.predicate.value, triple.object
        if predicate == rdf_type and isinstance(obj, NamedNode) and obj.value.startswith(str(KG)):
            cls = obj.value[len(str(KG)):]
            if cls in events:
                happenings[cls] += 1
            elif cls != "Document":
                entities[cls] += 1
        elif predicate in relation_names:
            facts[relation_names[predicate]] += 1
    return Summary(documents, entities, facts, happenings, seconds, files)
