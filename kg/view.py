"""`kg view`: the HTML viewer of any graph, and the graph as a network file for Gephi and Cytoscape."""

from __future__ import annotations

import os
import re
import sys
import webbrowser
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import RDFS

from kg.errors import KGError
from kg.export.html import local_name, nodes_and_links, render
from kg.store import open_graph

__all__ = ["NETWORK_FORMATS", "has_display", "network", "network_bytes", "view", "write_network"]

NETWORK_FORMATS = {".graphml": "GraphML", ".gexf": "GEXF"}
"""The network file formats ``write_network`` writes, by extension."""


def view(graph_path: Path, out: Path | None = None, open_browser: bool = True) -> Path:
    """Writes the HTML viewer of a graph and, when asked and a display is there, opens it in a browser.

    ``graph_path`` is an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, told by its
    extension) or a pyoxigraph store folder. ``out`` defaults to the graph's path with ``.html`` in
    place of its extension (``exports/graph.ttl`` -> ``exports/graph.html``; a folder ``store/`` ->
    ``store.html``); an ``out`` ending in ``.graphml`` or ``.gexf`` gets the network file of
    ``write_network`` instead, and no browser. Returns the path written.

    Raises:
        InputError: the graph is missing, has an unknown extension or does not parse.
        KGError: the file cannot be written.
    """
    store = open_graph(graph_path)
    if out is not None and out.suffix.lower() in NETWORK_FORMATS:
        return write_network(store, out)
    source = graph_path if graph_path.name else graph_path.resolve()
    target = out if out is not None else source.with_suffix(".html")
    _write(target, render(store).encode("utf-8"))
    if open_browser and has_display():
        webbrowser.open(target.resolve().as_uri())
    return target


def has_display() -> bool:
    """Whether a graphical browser can be opened: always on macOS and Windows, elsewhere only under X11
    or Wayland (without them Python's webbrowser would start a text browser in the terminal)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def write_network(store: ox.Store, path: Path) -> Path:
    """Writes the graph's entities, events and the links between them as GraphML (``.graphml``) or GEXF
    (``.gexf``), told by the extension, for Gephi, Cytoscape or networkx; returns ``path``.

    Nodes are the viewer's nodes, keyed by IRI, with the attributes ``label`` (their rdfs:label),
    ``class`` (the local name of their most specific kg class) and ``iri``; edges are directed, one per
    property between two nodes, with the attribute ``property`` (its local name, as ``leaderOf``).
    Documents and rdf:Statement nodes are left out. The same store gives byte-identical files.

    Raises:
        KGError: the extension is not one of ``NETWORK_FORMATS``, or the file cannot be written.
    """
    _write(path, network_bytes(store, path))
    return path


def network_bytes(store: ox.Store, name: Path) -> bytes:
    """The bytes ``write_network`` writes to a file called ``name`` (its extension picks the format).

    Raises:
        KGError: the extension is not one of ``NETWORK_FORMATS``.
    """
    kind = name.suffix.lower()
    if kind not in NETWORK_FORMATS:
        raise KGError(
            f"{name}: unknown network file extension {name.suffix or '(none)'!r}; expected one of "
            f"{', '.join(NETWORK_FORMATS)}"
        )
    graph = network(store)
    text = "\n".join(nx.generate_graphml(graph) if kind == ".graphml" else nx.generate_gexf(graph))
    # GEXF's <meta> holds today's date, which would make the file differ from day to day
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def network(store: ox.Store) -> nx.MultiDiGraph[str]:
    """The graph's entities and events, and the links between them, as a networkx multigraph."""
    classes, links = nodes_and_links(store)
    labels: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDFS.label)), None, None):
        subject, label = quad.subject, quad.object
        if isinstance(subject, ox.NamedNode) and subject.value in classes and isinstance(label, ox.Literal):
            labels[subject.value] = min(labels.get(subject.value, label.value), label.value)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in sorted(classes):
        graph.add_node(
            node, label=labels.get(node, local_name(node)), iri=node, **{"class": local_name(classes[node])}
        )
    for s, p, o in links:
        graph.add_edge(s, o, key=local_name(p), property=local_name(p))
    return graph


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        raise KGError(f"{path}: cannot write ({error.strerror or error})") from None
