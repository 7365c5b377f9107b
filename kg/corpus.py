"""A persistent corpus: extractions cached in SQLite, the graph kept in a pyoxigraph store.

``DIR/extractions.sqlite`` holds one row per document: its id, a sha256 of its content (id, text
and metadata, with the extractor's fingerprint) and its Extraction as JSON, each written in its
own transaction. ``DIR/oxigraph`` holds one named graph per document, named by the Document IRI,
and the default graph with their union, each triple once. Every document's graph is replaced in
one SPARQL update (one transaction), so a build killed at any moment leaves each document all or
nothing, and the next build finishes the job.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import types
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from pyoxigraph import DefaultGraph, NamedNode, Quad, Store, Triple

from kg.errors import KGError
from kg.records import Document, Extraction

CACHE_VERSION = 1  # bump when extraction changes what it reads from the same text
CACHE_FILE = "extractions.sqlite"
STORE_FOLDER = "oxigraph"


def content_hash(document: Document, fingerprint: str = "") -> str:
    """sha256 of a document's id, text and metadata (not the path it was read from)."""
    fields = {k: v for k, v in dataclasses.asdict(document).items() if k != "path"}
    payload = json.dumps([fingerprint, fields], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def to_json(extraction: Extraction) -> str:
    """An Extraction as compact JSON."""
    return json.dumps(dataclasses.asdict(extraction), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> Extraction:
    """The Extraction ``to_json`` wrote."""
    value = _decode(Extraction, json.loads(text))
    assert isinstance(value, Extraction)
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _decode(kind: Any, value: Any) -> Any:
    """``value`` (from JSON) rebuilt as ``kind``: dataclasses, tuples and optionals, recursively."""
    if value is None:
        return None
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: _decode(hints[name], item) for name, item in value.items()})
    origin, args = get_origin(kind), get_args(kind)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        return tuple(_decode(arg, item) for arg, item in zip(args, value, strict=True))
    if origin in (Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    return value


class Cache:
    """The extraction cache of a corpus folder."""

    def __init__(self, folder: Path, fingerprint: str = "") -> None:
        """Open (or create) ``folder/extractions.sqlite``.

        Raises:
            KGError: the folder cannot be created or the file is not a usable SQLite database.
        """
        self.fingerprint = f"{CACHE_VERSION}:{fingerprint}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / CACHE_FILE, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS extraction "
                             "(id TEXT PRIMARY KEY, hash TEXT NOT NULL, json TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as error:
            raise KGError(f"{folder / CACHE_FILE}: cannot open the extraction cache ({error})") from None

    def hash(self, document: Document) -> str:
        """The content hash a document is cached under."""
        return content_hash(document, self.fingerprint)

    def stale(self, documents: Iterable[Document]) -> list[Document]:
        """The documents that are not cached with their current content."""
        known = dict(self._db.execute("SELECT id, hash FROM extraction").fetchall())
        return [d for d in documents if known.get(d.id) != self.hash(d)]

    def put(self, extraction: Extraction) -> None:
        """Store one extraction, in its own transaction."""
        document = extraction.document
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO extraction (id, hash, json) VALUES (?, ?, ?)",
                             (document.id, self.hash(document), to_json(extraction)))

    def extractions(self) -> list[Extraction]:
        """Every cached extraction, by document id."""
        return [from_json(text) for (text,) in self._db.execute("SELECT json FROM extraction ORDER BY id")]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM extraction").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def open_store(folder: Path) -> Store:
    """The writable pyoxigraph store of a corpus folder.

    Raises:
        KGError: the store cannot be opened (another process may be writing it).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return Store(os.fspath(folder / STORE_FOLDER))
    except OSError as error:
        raise KGError(f"{folder / STORE_FOLDER}: cannot open the store for writing ({error})") from None


def synchronise(store: Store, quads: Sequence[Quad]) -> int:
    """Make the store hold exactly ``quads`` (all in named graphs) and their union in the default graph.

    Only named graphs whose triples differ are replaced, each in one transaction; a triple leaves the
    default graph only when no named graph holds it any more. Returns how many graphs were replaced.
    """
    wanted: dict[NamedNode, set[Triple]] = defaultdict(set)
    for quad in quads:
        assert isinstance(quad.graph_name, NamedNode), "kg puts every quad in a document graph"
        wanted[quad.graph_name].add(quad.triple)
    present = {g for g in store.named_graphs() if isinstance(g, NamedNode)}
    replaced = 0
    for graph in sorted(present | wanted.keys(), key=str):
        new = wanted.get(graph, set())
        old = {quad.triple for quad in store.quads_for_pattern(None, None, None, graph)}
        if graph in present and new == old:
            continue
        gone = [t for t in old - new if not _held_elsewhere(store, t, graph)]
        operations = [f"DROP SILENT GRAPH {graph}"]
        if new:
            operations.append(f"INSERT DATA {{ GRAPH {graph} {{ {_triples(new)} }} }}")
            operations.append(f"INSERT DATA {{ {_triples(new)} }}")
        if gone:
            operations.append(f"DELETE DATA {{ {_triples(gone)} }}")
        store.update(" ;\n".join(operations))
        replaced += 1
    return replaced


def _held_elsewhere(store: Store, triple: Triple, graph: NamedNode) -> bool:
    return any(q.graph_name != graph and not isinstance(q.graph_name, DefaultGraph)
               for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object))


def _triples(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in sorted(triples, key=str))
