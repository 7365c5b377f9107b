"""Open a graph for querying: an RDF file loaded into memory, or a pyoxigraph store folder."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.formats import rdf_format_from_path

__all__ = ["open_graph"]


def open_graph(path: str | os.PathLike[str]) -> ox.Store:
    """Open ``path`` as a pyoxigraph store.

    A file (Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML, told by its extension) is
    loaded into a new in-memory store; relative IRIs in it resolve against the file's own
    ``file:`` URI. Named graphs (TriG, N-Quads, JSON-LD) are kept, and their triples are also
    put in the default graph, each once: the default graph is then the merge of all graphs, as
    in kg's own ``graph.trig``, so queries see a dataset as one graph, and ``GRAPH``/``FROM``
    still pick single graphs. (pyoxigraph's ``use_default_graph_as_union`` would repeat a triple
    once per graph holding it.) A folder is opened as a persistent pyoxigraph store, read-only
    and as it is (do not let another process write it meanwhile).

    Raises:
        InputError: the path is missing, has an unknown extension, is not a store folder,
            or does not parse; the one-line message names the file and, for a parse error,
            the line and column.
    """
    where = Path(path)
    if where.is_dir():
        return _open_store_folder(where)
    if not where.exists():
        raise InputError(
            f"{where}: no such file or folder; expected an RDF file or a pyoxigraph store folder"
        )
    return _load_file(where)


def _load_file(path: Path) -> ox.Store:
    fmt = rdf_format_from_path(path)
    store = ox.Store()
    try:
        store.bulk_load(path=path, format=fmt.oxigraph, base_iri=path.resolve().as_uri())
    except SyntaxError as error:
        raise InputError(f"{path}: not valid {fmt.label}: {_one_line(error.msg)}") from error
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: cannot read: {_one_line(str(error))}") from error
    if fmt.holds_datasets:
        _merge_into_default_graph(store)
    return store


def _merge_into_default_graph(store: ox.Store) -> None:
    """Add every named graph's triples to the default graph; a store is a set, so each lands once."""
    named = [quad for quad in store if not isinstance(quad.graph_name, ox.DefaultGraph)]
    store.extend(ox.Quad(quad.subject, quad.predicate, quad.object) for quad in named)


def _open_store_folder(path: Path) -> ox.Store:
    if (path / "oxigraph").is_dir():  # a `kg build --store` folder
        path = path / "oxigraph"
    try:
        return ox.Store.read_only(os.fspath(path))
    except OSError as error:
        raise InputError(
            f"{path}: not a pyoxigraph store folder ({_one_line(str(error))}); "
            "expected a folder written by pyoxigraph, or an RDF file"
        ) from error


def _one_line(text: str) -> str:
    return " ".join(text.split())
