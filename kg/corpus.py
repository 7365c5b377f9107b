"""Extractions cached in SQLite, and a persistent corpus: that cache with the graph in a pyoxigraph store.

A build spills every extraction into a ``Cache`` as soon as it is made, with the ``DocumentKeys``
resolution needs of it, so nothing holds the corpus in memory: resolution reads the keys, then the
graph is made one document at a time from the cached extractions. Without ``--store`` the cache is
a temporary file (pickles, no journal); with ``--store DIR`` it is ``DIR/extractions.sqlite``, one
row per document: its id, a sha256 of its content (id, text and metadata), the fingerprint of the
extractor that read it (kg's version, the source of its extraction code and data, the spaCy model),
its Extraction and DocumentKeys as JSON, each row written in its own transaction. A row is reused
only while both the content and the fingerprint match, so a new kg or model re-reads every document.

``DIR/oxigraph`` holds one named graph per document, named by the Document IRI, and the default
graph with their union, each triple once. Every document's graph is replaced in one SPARQL update
(one transaction), so a build killed at any moment leaves each document all or nothing, and the
next build finishes the job.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import sqlite3
import types
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from pyoxigraph import DefaultGraph, NamedNode, Quad, Store, Triple

from kg.errors import KGError
from kg.extract.resolve import Cluster, DocumentKeys
from kg.records import Document, Extraction

CACHE_FILE = "extractions.sqlite"
STORE_FOLDER = "oxigraph"
PACKAGE = Path(__file__).resolve().parent
# What extraction reads besides the text: a change to any of them re-reads every cached document.
SOURCES = ("extract/*.py", "data/*", "nlp.py", "gazetteer.py", "records.py")


def content_hash(document: Document, fingerprint: str = "") -> str:
    """sha256 of a document's id, text and metadata (not the path it was read from)."""
    fields = {k: v for k, v in dataclasses.asdict(document).items() if k != "path"}
    payload = json.dumps([fingerprint, fields], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def extractor_fingerprint(model: str) -> str:
    """kg's version, a sha256 of the files extraction depends on (``SOURCES``) and the model
    (``model``: its name and version, as ``model_name`` gives them)."""
    digest = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(PACKAGE.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return f"kg {_version()}; code {digest.hexdigest()[:16]}; model {model}"


def _version() -> str:
    try:
        return metadata.version("kg")
    except metadata.PackageNotFoundError:
        return "unknown"


def model_name(model: str | None, nlp: Any = None) -> str:
    """The spaCy pipeline a build uses, as "name version (spaCy version)": the loaded ``nlp``'s, or else
    that of ``model`` or of the first installed of kg's default models, read without loading it."""
    from spacy.about import __version__ as spacy_version
    from spacy.util import get_package_path, is_package

    from kg.nlp import DEFAULT_MODELS

    meta = getattr(nlp, "meta", None)
    if not isinstance(meta, dict):
        for name in (model,) if model else DEFAULT_MODELS:
            folder = get_package_path(name) if is_package(name) else Path(name)
            meta = _meta(folder)
            if meta:
                break
    if not meta:
        return f"{model or DEFAULT_MODELS[0]} (spaCy {spacy_version})"
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')} (spaCy {spacy_version})"


def _meta(folder: Path) -> dict[str, Any]:
    """The meta.json of a pipeline folder or package (which holds it at its top or in its one data folder)."""
    for path in (folder / "meta.json", *sorted(folder.glob("*/meta.json"))):
        if path.is_file():
            found = json.loads(path.read_text(encoding="utf-8"))
            return found if isinstance(found, dict) else {}
    return {}


def to_json(extraction: Extraction) -> str:
    """An Extraction as compact JSON."""
    return json.dumps(dataclasses.asdict(extraction), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str | bytes) -> Extraction:
    """The Extraction ``to_json`` wrote."""
    value = _decode(Extraction, json.loads(text))
    assert isinstance(value, Extraction)
    return value


def keys_to_json(keys: DocumentKeys) -> str:
    """DocumentKeys as compact JSON."""
    clusters = [[c.key, c.votes, c.surfaces, c.names, c.female, c.male] for c in keys.clusters]
    return json.dumps([keys.doc_id, keys.keys, clusters], ensure_ascii=False, separators=(",", ":"))


def keys_from_json(text: str) -> DocumentKeys:
    """The DocumentKeys ``keys_to_json`` wrote."""
    doc_id, pairs, clusters = json.loads(text)

    def counts(items: list[list[Any]]) -> tuple[tuple[str, int], ...]:
        return tuple((item, n) for item, n in items)

    return DocumentKeys(doc_id, tuple((a, b) for a, b in pairs),
                        tuple(Cluster(key, counts(v), counts(s), counts(n), f, m) for key, v, s, n, f, m in clusters))


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
    """Extractions by document id, with their DocumentKeys: a corpus folder's, or a temporary spill."""

    def __init__(self, folder: Path, fingerprint: str = "", *, temporary: bool = False) -> None:
        """Open (or create) ``folder/extractions.sqlite``. A ``temporary`` cache is for one build: its
        rows are pickles and nothing is synced to disk.

        Raises:
            KGError: the folder cannot be created or the file is not a usable SQLite database.
        """
        self.fingerprint = fingerprint
        self.temporary = temporary
        path = folder / CACHE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            if temporary:
                self._db.execute("PRAGMA journal_mode=OFF")
                self._db.execute("PRAGMA synchronous=OFF")
            else:
                self._db.execute("PRAGMA journal_mode=WAL")
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("CREATE TABLE IF NOT EXISTS document (id TEXT PRIMARY KEY, hash TEXT NOT NULL, "
                                 "fingerprint TEXT NOT NULL, extraction BLOB NOT NULL, keys TEXT NOT NULL)")
                self._upgrade()
        except (OSError, sqlite3.Error) as error:
            raise KGError(f"{path}: cannot open the extraction cache ({error})") from None

    def _upgrade(self) -> None:
        """Move the rows of a cache written before fingerprints into the new table, as outdated."""
        tables = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "extraction" in tables:
            self._db.execute("INSERT OR IGNORE INTO document SELECT id, hash, '', json, '' FROM extraction")
            self._db.execute("DROP TABLE extraction")

    def known(self) -> dict[str, tuple[str, bool]]:
        """Each cached document id with its content hash and whether the current extractor read it."""
        rows = self._db.execute("SELECT id, hash, fingerprint FROM document")
        return {doc_id: (digest, fingerprint == self.fingerprint) for doc_id, digest, fingerprint in rows}

    def put(self, extraction: Extraction, keys: DocumentKeys) -> None:
        """Store one extraction and its keys, in its own transaction."""
        document = extraction.document
        blob: bytes | str = pickle.dumps(extraction, protocol=5) if self.temporary else to_json(extraction)
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO document (id, hash, fingerprint, extraction, keys) "
                             "VALUES (?, ?, ?, ?, ?)",
                             (document.id, content_hash(document), self.fingerprint, blob, keys_to_json(keys)))

    def document_keys(self) -> Iterator[DocumentKeys]:
        """The DocumentKeys of every cached document, by document id, streaming."""
        for (text,) in self._db.execute("SELECT keys FROM document ORDER BY id"):
            yield keys_from_json(text)

    def items(self) -> Iterator[tuple[Extraction, DocumentKeys]]:
        """Every cached extraction with its keys, by document id, streaming."""
        for blob, text in self._db.execute("SELECT extraction, keys FROM document ORDER BY id"):
            yield self._extraction(blob), keys_from_json(text)

    def extractions(self) -> list[Extraction]:
        """Every cached extraction, by document id, in memory (for tests and small corpora)."""
        return [extraction for extraction, _ in self.items()]

    def documents(self, ids: Iterable[str]) -> Iterator[Document]:
        """The cached Documents of ``ids`` (to read again with a new extractor), in that order."""
        for doc_id in ids:
            row = self._db.execute("SELECT extraction FROM document WHERE id = ?", (doc_id,)).fetchone()
            if row is not None:
                yield self._document(row[0])

    def remove(self, ids: Iterable[str]) -> int:
        """Drop the rows of ``ids``, each in its own transaction; how many there were."""
        removed = 0
        for doc_id in ids:
            with self._db:
                self._db.execute("BEGIN")
                removed += self._db.execute("DELETE FROM document WHERE id = ?", (doc_id,)).rowcount
        return removed

    def _extraction(self, blob: bytes | str) -> Extraction:
        if self.temporary:
            assert isinstance(blob, bytes)
            value = pickle.loads(blob)  # written by this very build, into its own temporary folder
            assert isinstance(value, Extraction)
            return value
        return from_json(blob)

    def _document(self, blob: bytes | str) -> Document:
        if self.temporary:
            return self._extraction(blob).document
        value = _decode(Document, json.loads(blob)["document"])
        assert isinstance(value, Document)
        return value

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM document").fetchone()[0])

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
    replaced = sum(replace_graph(store, graph, triples) for graph, triples in sorted(wanted.items(), key=str))
    return replaced + drop_other_graphs(store, set(wanted))


def replace_graph(store: Store, graph: NamedNode, triples: set[Triple]) -> bool:
    """Make the named graph ``graph`` hold exactly ``triples``, keeping the default graph their union,
    in one transaction; False when it already did."""
    old = {quad.triple for quad in store.quads_for_pattern(None, None, None, graph)}
    if triples == old and store.contains_named_graph(graph):
        return False
    _write(store, graph, old, triples)
    return True


def drop_other_graphs(store: Store, keep: set[NamedNode]) -> int:
    """Drop every named graph not in ``keep`` (their triples leave the union unless held elsewhere)."""
    others = sorted((g for g in store.named_graphs() if isinstance(g, NamedNode) and g not in keep), key=str)
    for graph in others:
        _write(store, graph, {quad.triple for quad in store.quads_for_pattern(None, None, None, graph)}, set())
    return len(others)


def _write(store: Store, graph: NamedNode, old: set[Triple], new: set[Triple]) -> None:
    gone = [t for t in old - new if not _held_elsewhere(store, t, graph)]
    operations = [f"DROP SILENT GRAPH {graph}"]
    if new:
        operations.append(f"INSERT DATA {{ GRAPH {graph} {{ {_triples(new)} }} }}")
        operations.append(f"INSERT DATA {{ {_triples(new)} }}")
    if gone:
        operations.append(f"DELETE DATA {{ {_triples(gone)} }}")
    store.update(" ;\n".join(operations))


def _held_elsewhere(store: Store, triple: Triple, graph: NamedNode) -> bool:
    return any(q.graph_name != graph and not isinstance(q.graph_name, DefaultGraph)
               for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object))


def _triples(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in sorted(triples, key=str))
