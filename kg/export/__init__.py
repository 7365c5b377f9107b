"""Exports: one registry of the files `kg build` writes, written all or nothing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from pyoxigraph import Store

from kg.errors import KGError
from kg.export import rdf
from kg.export.rdf import Prepared, Source

Writer = Callable[[Source | Prepared, str], bytes]
"""Renders one file from the dataset (a store, quads, or both prepared once for every writer) and the base IRI."""

RDF_WRITERS: dict[str, Writer] = {
    "graph.ttl": rdf.turtle,
    "graph.nt": rdf.ntriples,
    "graph.trig": rdf.trig,
    "graph.jsonld": rdf.jsonld,
}


def to_store(source: Source | Prepared) -> Store:
    """An Oxigraph store holding the dataset: the store itself if it is one, else a new in-memory store."""
    if isinstance(source, Prepared):
        source = source.source
    if isinstance(source, Store):
        return source
    store = Store()
    store.extend(source)
    return store


def html(source: Source | Prepared, base: str) -> bytes:
    """The interactive viewer (imported only when written: it reads vis-network from pyvis)."""
    from kg.export.html import render

    return render(to_store(source)).encode("utf-8")


WRITERS: dict[str, Writer] = RDF_WRITERS | {"graph.html": html}


def write_all(source: Source, out: Path, base: str, names: Sequence[str] | None = None) -> list[Path]:
    """Write every export of ``source`` (a store, or quads in document graphs) into ``out``: each is
    rendered first, then all are renamed into place, so a failure leaves the previous files untouched.
    The RDF files share one canonical form of the dataset, computed once (see kg.export.rdf).

    Raises:
        KGError: the folder cannot be created or written.
    """
    names = list(WRITERS) if names is None else list(names)
    dataset = rdf.prepare(source, base)
    staged: list[tuple[str, Path]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            data = WRITERS[name](dataset, base)
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
            staged.append((temp, out / name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        for temp, final in staged:
            os.chmod(temp, 0o644)
            os.replace(temp, final)
    except OSError as error:
        raise KGError(f"{out}: cannot write exports ({error.strerror or error})") from None
    finally:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)
    return [out / name for name in names]
