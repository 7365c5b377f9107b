"""The HTML viewer: one self-contained page that draws the graph with vis-network.

The page loads nothing from the network: vis-network (the build shipped inside pyvis), the viewer's
script and its styles are inlined, and a Content-Security-Policy allows only those exact scripts.
Text from articles is data, never markup: the graph is embedded as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and
the viewer's script puts it into the page with ``textContent`` only.

Layout and sizes are computed here with networkx (PageRank, spring layout), so the page opens with
physics off. Above ``limit`` nodes the page first shows the ``limit`` nodes of highest PageRank and
adds a node's neighbours when it is clicked.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.vocab import KG

__all__ = ["SHOW_LIMIT", "render"]

SHOW_LIMIT = 1500
"""Above this many nodes the page first shows only this many, the ones of highest PageRank."""

VIEWER_DIR = Path(__file__).with_name("viewer")
VIS_VERSION = "vis-9.1.2"

# Drawn classes in legend order, with their colours; events are drawn as diamonds. Keys are plain str
# IRIs, as pyoxigraph returns them (an rdflib URIRef never equals a str).
ENTITY_COLOURS = {
    str(KG.Person): "#4e79a7",
    str(KG.Organization): "#f28e2b",
    str(KG.Company): "#e15759",
    str(KG.Place): "#8cd17d",
    str(KG.Country): "#59a14f",
    str(KG.City): "#499894",
    str(KG.Product): "#b07aa1",
}
EVENT_COLOURS = {
    str(KG.Event): "#9c755f",
    str(KG.Meeting): "#76b7b2",
    str(KG.Visit): "#edc948",
    str(KG.GiftGiving): "#ff9da7",
    str(KG.Statement): "#d4a6c8",
}
# Most specific first: a node's class is the first of these among its types.
SPECIFICITY = tuple(
    str(c)
    for c in (
        KG.Company, KG.Country, KG.City, KG.Meeting, KG.Visit, KG.GiftGiving, KG.Statement,
        KG.Person, KG.Organization, KG.Place, KG.Product, KG.Event,
    )
)  # fmt: skip
LABEL, ALT_LABEL = str(RDFS.label), str(SKOS.altLabel)
# Literal properties shown elsewhere in the panel, or not worth showing.
UNLISTED = {LABEL, ALT_LABEL, str(KG.evidence), str(KG.startOffset), str(KG.endOffset), str(KG.confidence)}

_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)
_CLOSERS = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

# The document id of ?st's source: its dcterms:identifier, else its IRI, else "".
_DOC_ID = (
    f"OPTIONAL {{ ?st <{PROV.wasDerivedFrom}> ?d OPTIONAL {{ ?d <{DCTERMS.identifier}> ?id }} }} "
    'BIND(COALESCE(STR(?id), STR(?d), "") AS ?doc)'
)

Row = tuple[str, ...]
Json = dict[str, object]


def render(store: ox.Store, *, limit: int = SHOW_LIMIT) -> str:
    """Returns the viewer of the graph in ``store`` as one self-contained HTML page.

    The store is read as the union of its graphs. The same store gives byte-identical HTML; write it
    as UTF-8.

    Raises:
        KGError: if the viewer's assets (its template, or vis-network inside pyvis) are missing.
    """
    data = graph_data(store, limit=limit)
    vis_dir = _vis_dir()
    scripts = {
        "vis_js": _asset(vis_dir / "vis-network.min.js"),
        "viewer_js": _asset(VIEWER_DIR / "viewer.js"),
    }
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts.values()
    )
    parts = {
        **scripts,
        "csp": f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'",
        "vis_css": _asset(vis_dir / "vis-network.css"),
        "viewer_css": _asset(VIEWER_DIR / "viewer.css"),
        "data": json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(
            _SCRIPT_SAFE
        ),
    }
    template = _asset(VIEWER_DIR / "viewer.html")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template)


def graph_data(store: ox.Store, *, limit: int = SHOW_LIMIT) -> Json:
    """Returns what the viewer draws: classes, nodes (with layout and rank) and edges, all sorted."""
    types: defaultdict[str, set[str]] = defaultdict(set)
    for node, cls in _select(
        store, f"SELECT DISTINCT ?n ?c WHERE {{ ?n a ?c VALUES ?c {{ {_iris(SPECIFICITY)} }} }}"
    ):
        types[node].add(cls)
    classes = {node: next(c for c in SPECIFICITY if c in found) for node, found in types.items()}
    is_event = {node: cls in EVENT_COLOURS for node, cls in classes.items()}

    literals: defaultdict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for node, prop, value in _select(
        store,
        f"SELECT DISTINCT ?n ?p ?v WHERE {{ ?n a ?c VALUES ?c {{ {_iris(SPECIFICITY)} }} "
        "?n ?p ?v FILTER(isLiteral(?v)) }",
    ):
        literals[node][prop].append(value)

    links = [
        (s, p, o)
        for s, p, o in _select(
            store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?o) && ?p != <{RDF.type}>) }}"
        )
        if s in classes and o in classes
    ]
    fact_evidence: defaultdict[Row, list[Json]] = defaultdict(list)
    for s, p, o, doc, text in _select(
        store,
        f"SELECT DISTINCT ?s ?p ?o ?doc ?text WHERE {{ ?st a <{RDF.Statement}> ; <{RDF.subject}> ?s ; "
        f"<{RDF.predicate}> ?p ; <{RDF.object}> ?o ; <{KG.evidence}> ?text . {_DOC_ID} }}",
    ):
        fact_evidence[(s, p, o)].append({"doc": doc, "text": text})
    event_evidence: defaultdict[str, list[Json]] = defaultdict(list)
    for node, doc, text in _select(
        store,
        f"SELECT DISTINCT ?st ?doc ?text WHERE {{ ?st <{KG.evidence}> ?text "
        f"FILTER NOT EXISTS {{ ?st a <{RDF.Statement}> }} {_DOC_ID} }}",
    ):
        if node in classes:
            event_evidence[node].append({"doc": doc, "text": text})

    nodes = sorted(classes)
    ranks, sizes, positions = _analyse(nodes, [(s, o) for s, _, o in links], limit)
    counts = Counter(classes.values())
    return {
        "limit": limit,
        "classes": [
            {"name": _local(c), "color": colour, "event": c in EVENT_COLOURS, "count": counts[c]}
            for c, colour in {**ENTITY_COLOURS, **EVENT_COLOURS}.items()
            if counts[c]
        ],
        "nodes": [
            {
                "id": node,
                "label": min(literals[node][LABEL], default=_local(node)),
                "alt": sorted(set(literals[node][ALT_LABEL])),
                "cls": _local(classes[node]),
                "props": sorted(
                    [_local(p), v]
                    for p, values in literals[node].items()
                    if p not in UNLISTED
                    for v in values
                ),
                "evidence": event_evidence[node],
                "rank": ranks[node],
                "size": sizes[node],
                "x": positions[node][0],
                "y": positions[node][1],
            }
            for node in nodes
        ],
        "edges": [
            {
                "id": f"e{i}",
                "from": s,
                "to": o,
                "label": _local(p),
                "kind": "role" if is_event[s] else "fact",
                "evidence": fact_evidence[(s, p, o)],
            }
            for i, (s, p, o) in enumerate(links)
        ],
    }


def _analyse(
    nodes: list[str], links: list[tuple[str, str]], limit: int
) -> tuple[dict[str, int], dict[str, float], dict[str, tuple[int, int]]]:
    """Returns each node's PageRank rank (0 is highest), its drawn size and its position in pixels.

    The ``limit`` nodes of highest rank are placed by a spring layout; the others (only in big graphs)
    on sunflower spirals around an already placed neighbour, which is fast and keeps them near it.
    """
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(sorted(set(links)))
    pagerank: dict[str, float] = nx.pagerank(graph) if nodes else {}
    ranked = sorted(nodes, key=lambda n: (-pagerank[n], n))
    rank = {node: i for i, node in enumerate(ranked)}
    top = max(pagerank.values(), default=1.0)

    # A new graph, not graph.subgraph(): a subgraph view may iterate in the order of a set, which
    # changes with PYTHONHASHSEED, and the layout depends on the order of nodes and edges.
    core: nx.Graph[str] = nx.Graph()
    core.add_nodes_from(sorted(ranked[:limit]))
    core.add_edges_from(edge for edge in graph.edges if core.has_node(edge[0]) and core.has_node(edge[1]))
    step = 220.0
    spread = step * math.sqrt(len(core)) / 2
    placed = {
        node: (float(x) * spread, float(y) * spread)
        for node, (x, y) in nx.spring_layout(core, seed=0).items()
    }
    crowd: Counter[str] = Counter()
    queue = deque(n for n in ranked if n in placed)
    outer = 0
    for start in ranked:
        if start not in placed:  # a component with no node placed yet starts on a spiral outside
            radius, angle = spread + step * (1 + math.sqrt(outer)), outer * _GOLDEN_ANGLE
            placed[start] = (radius * math.cos(angle), radius * math.sin(angle))
            outer += 1
            queue.append(start)
        while queue:
            node = queue.popleft()
            for other in sorted(graph[node], key=rank.__getitem__):
                if other not in placed:
                    placed[other] = _around(placed[node], crowd[node], step / 2)
                    crowd[node] += 1
                    queue.append(other)
    return (
        rank,
        {n: round(8 + 22 * math.sqrt(pagerank[n] / top), 1) for n in nodes},
        {n: (round(x), round(y)) for n, (x, y) in placed.items()},
    )


def _around(centre: tuple[float, float], k: int, step: float) -> tuple[float, float]:
    """Returns the k-th point of a sunflower spiral around ``centre``."""
    radius, angle = step * math.sqrt(k + 1), k * _GOLDEN_ANGLE
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def _select(store: ox.Store, query: str) -> list[Row]:
    """Runs a SELECT over the union of the store's graphs; returns its rows sorted, unbound as ""."""
    result = store.query(query, use_default_graph_as_union=True)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"expected a SELECT query, got {query!r}")
    return sorted(tuple("" if term is None else term.value for term in row) for row in result)


def _iris(terms: Iterable[str]) -> str:
    return " ".join(f"<{t}>" for t in terms)


def _local(iri: str) -> str:
    """Returns the local name of an IRI: what follows its last '#' or '/'."""
    return re.split(r"[#/]", iri.rstrip("#/"))[-1] or iri


def _vis_dir() -> Path:
    """Returns the folder of the vis-network build inside the installed pyvis, without importing it."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KGError(
            "the HTML viewer needs the pyvis package for vis-network; install it: pip install pyvis"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / VIS_VERSION


def _asset(path: Path) -> str:
    """Returns the text of a file to inline, checking it cannot close its <script> or <style> element."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KGError(
            f"cannot read the viewer asset {path}: {error.strerror}; reinstall kg and pyvis"
        ) from error
    if path.suffix != ".html" and _CLOSERS.search(text):
        raise KGError(
            f"the viewer asset {path} contains '</script', '</style' or '<!--' and cannot be inlined"
        )
    return text
