"""Exports: one registry of the files `kg build` writes, written all or nothing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from pyoxigraph import Quad, Store

from kg.errors import KGError
from kg.export import rdf

Writer = Callable[[Sequence[Quad], str], bytes]

RDF_WRITERS: dict[str, Writer] = {
    "graph.ttl": rdf.turtle,
    "graph.nt": rdf.ntriples,
    "graph.trig": rdf.trig,
    "graph.jsonld": rdf.jsonld,
}


def to_store(quads: Sequence[Quad]) -> Store:
    """An in-memory Oxigraph store holding the quads."""
    store = Store()
    store.extend(quads)
    return store


def html(quads: Sequence[Quad], base: str) -> bytes:
    """The interactive viewer (imported only when written: it reads vis-network from pyvis)."""
    from kg.export.html import render

    return render(to_store(quads)).encode("utf-8")


WRITERS: dict[str, Writer] = RDF_WRITERS | {"graph.html": html}


def write_all(quads: Sequence[Quad], out: Path, base: str, names: Sequence[str] | None = None) -> list[Path]:
    """Write every export into ``out``: each is rendered first, then all are renamed into place,
    so a failure leaves the previous files untouched.

    Raises:
        KGError: the folder cannot be created or written.
    """
    names = list(WRITERS) if names is None else list(names)
    staged: list[tuple[str, Path]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            data = WRITERS[name](quads, base)
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
