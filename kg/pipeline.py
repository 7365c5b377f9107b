"""The build: inputs to extractions to a resolved graph to exports."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Quad

from kg.config import Settings
from kg.errors import KGError
from kg.export import write_all
from kg.extract import extract
from kg.extract.resolve import resolve
from kg.gazetteer import gazetteer
from kg.graph import build_quads
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
        ]


def check_base(base: str) -> str:
    """The base IRI, checked.

    Raises:
        KGError: it is not an absolute IRI ending in / or #.
    """
    from pyoxigraph import NamedNode

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


def build(inputs: Iterable[str | Path], out: Path, settings: Settings, nlp: Any = None) -> Summary:
    """Read the inputs, extract, and write every export into ``out``.

    Raises:
        KGError: bad input, a missing model, or an unwritable output folder.
    """
    started = time.perf_counter()
    check_base(settings.base)
    documents = list(read_inputs(inputs))
    if not documents:
        raise KGError(f"{', '.join(map(str, inputs))}: no .txt, .md, .html, .htm or .jsonl files found")
    extractions = list(extract_all(documents, settings, nlp))
    quads = graph_quads(extractions, settings)
    files = write_all(quads, out, settings.base)
    return summarise(quads, len(documents), time.perf_counter() - started, files)


def summarise(quads: list[Quad], documents: int, seconds: float, files: list[Path]) -> Summary:
    """Counts of entities by class, facts by property and events by class."""
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    events = {"Event", "Meeting", "Visit", "GiftGiving", "Statement"}
    entities: Counter[str] = Counter()
    happenings: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    relation_names = {str(KG[p]): p for p in ("leaderOf", "worksFor", "memberOf", "citizenOf", "livesIn",
                                               "basedIn", "locatedIn", "producedBy", "killed")}
    for triple in {q.triple for q in quads}:
        predicate = triple.predicate.value
        if predicate == rdf_type and triple.object.value.startswith(str(KG)):
            cls = triple.object.value[len(str(KG)):]
            if cls in events:
                happenings[cls] += 1
            elif cls != "Document":
                entities[cls] += 1
        elif predicate in relation_names:
            facts[relation_names[predicate]] += 1
    return Summary(documents, entities, facts, happenings, seconds, files)
