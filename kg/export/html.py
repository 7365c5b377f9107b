"""The HTML viewer: one self-contained page that draws the graph with vis-network.

The page loads nothing from the network: vis-network (the build shipped inside pyvis), the viewer's
script and its styles are inlined, and a Content-Security-Policy allows only those exact scripts.
Text from articles is data, never markup: the graph is embedded as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and
the viewer's script puts it into the page with ``textContent`` only.

Sizes (PageRank) and the layout are computed here, so the page opens still; physics runs only on
demand. Each connected component is laid out on its own: small ones (the long tail of news graphs:
pairs, stars) as radial trees; bigger ones with networkx's spring layout over their ``CORE`` most
central nodes, the rest grown around their neighbours and relaxed by a force model whose repulsion is
cut off (a k-d tree finds the close pairs), then nodes whose labels would overlap are pushed apart.
The components are packed side by side, the biggest first and isolated nodes last, into a drawing
about as wide as tall. Above ``limit`` nodes the page first shows the ``limit`` nodes of highest
PageRank and adds a node's neighbours when it is clicked.
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
import numpy as np
import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from scipy.spatial import cKDTree

from kg.errors import KGError
from kg.vocab import KG

__all__ = ["SHOW_LIMIT", "graph_data", "local_name", "nodes_and_links", "render"]

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
    str(KG.NamedEvent): "#bab0ac",
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
        KG.Person, KG.Organization, KG.Place, KG.Product, KG.NamedEvent, KG.Event,
    )
)  # fmt: skip
LABEL, ALT_LABEL = str(RDFS.label), str(SKOS.altLabel)
# Literal properties shown elsewhere in the panel, or not worth showing.
UNLISTED = {LABEL, ALT_LABEL, str(KG.evidence), str(KG.startOffset), str(KG.endOffset), str(KG.confidence)}

# What JSON may hold but a <script> element may not (str.replace beats str.translate on megabytes).
_SCRIPT_SAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
_CLOSERS = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

# Layout, in pixels at zoom 1 (the viewer's labels are 14 px, cut at 40 characters).
STEP = 120.0  # the usual length of an edge
SMALL = 12  # components up to this size are radial trees, bigger ones start from a spring layout
CORE = 300  # the spring layout places at most this many nodes of a component (it is O(n^2) a step)
RELAX = 40  # steps of the cut-off force model over a component bigger than CORE
ASPECT = 1.2  # width / height of the packed drawing
LOOKAHEAD = 50  # boxes tried for each gap when packing
CHAR, LABEL_MAX, LABEL_HEIGHT, GAP, GRID = 7.0, 40, 22.0, 14.0, 10

# The document id of ?st's source: its dcterms:identifier, else its IRI, else "".
_DOC_ID = (
    f"OPTIONAL {{ ?st <{PROV.wasDerivedFrom}> ?d OPTIONAL {{ ?d <{DCTERMS.identifier}> ?id }} }} "
    'BIND(COALESCE(STR(?id), STR(?d), "") AS ?doc)'
)

Row = tuple[str, ...]
Json = dict[str, object]
Point = tuple[float, float]


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
        "data": _script_safe(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))),
    }
    template = _asset(VIEWER_DIR / "viewer.html")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template)


def nodes_and_links(store: ox.Store) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Returns the drawn nodes (entities and events) with their most specific class IRI, and the links
    (subject, property IRI, object) between them, sorted; no documents, no rdf:Statement nodes."""
    types: defaultdict[str, set[str]] = defaultdict(set)
    for node, cls in _select(
        store, f"SELECT DISTINCT ?n ?c WHERE {{ ?n a ?c VALUES ?c {{ {_iris(SPECIFICITY)} }} }}"
    ):
        types[node].add(cls)
    classes = {node: next(c for c in SPECIFICITY if c in found) for node, found in types.items()}
    links = [
        (s, p, o)
        for s, p, o in _select(
            store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?o) && ?p != <{RDF.type}>) }}"
        )
        if s in classes and o in classes
    ]
    return classes, links


def graph_data(store: ox.Store, *, limit: int = SHOW_LIMIT) -> Json:
    """Returns what the viewer draws: classes, documents, nodes (with layout, rank, degree and the
    documents they come from) and edges, all sorted."""
    classes, links = nodes_and_links(store)
    is_event = {node: cls in EVENT_COLOURS for node, cls in classes.items()}

    # Every literal, then keep the drawn nodes': much faster than joining on the class in SPARQL.
    literals: defaultdict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for node, prop, value in _select(
        store, "SELECT DISTINCT ?n ?p ?v WHERE { ?n ?p ?v FILTER(isLiteral(?v)) }"
    ):
        if node in classes:
            literals[node][prop].append(value)

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
    sources: defaultdict[str, set[str]] = defaultdict(set)
    titles: dict[str, str] = {}
    for node, doc, title in _select(
        store,
        f"SELECT DISTINCT ?n ?doc ?title WHERE {{ ?n <{KG.mentionedIn}>|<{PROV.wasDerivedFrom}> ?d "
        f"OPTIONAL {{ ?d <{DCTERMS.identifier}> ?id }} OPTIONAL {{ ?d <{DCTERMS.title}> ?t }} "
        f"OPTIONAL {{ ?d <{RDFS.label}> ?l }} BIND(COALESCE(STR(?id), STR(?d)) AS ?doc) "
        "BIND(COALESCE(STR(?t), STR(?l), ?doc) AS ?title) }",
    ):
        if node in classes:
            sources[node].add(doc)
            titles.setdefault(doc, title)

    nodes = sorted(classes)
    labels = {node: min(literals[node][LABEL], default=local_name(node)) for node in nodes}
    widths = {node: 0.0 if is_event[node] else CHAR * min(len(labels[node]), LABEL_MAX) for node in nodes}
    ranks, sizes, positions = _analyse(nodes, [(s, o) for s, _, o in links], widths)
    degree = Counter(end for s, _, o in links for end in (s, o))
    documents = sorted(titles)
    doc_index = {doc: i for i, doc in enumerate(documents)}
    counts = Counter(classes.values())
    return {
        "limit": limit,
        "classes": [
            {"name": local_name(c), "color": colour, "event": c in EVENT_COLOURS, "count": counts[c]}
            for c, colour in {**ENTITY_COLOURS, **EVENT_COLOURS}.items()
            if counts[c]
        ],
        "documents": [{"id": doc, "label": titles[doc]} for doc in documents],
        "nodes": [
            {
                "id": node,
                "label": labels[node],
                "alt": sorted(set(literals[node][ALT_LABEL])),
                "cls": local_name(classes[node]),
                "props": sorted(
                    [local_name(p), v]
                    for p, values in literals[node].items()
                    if p not in UNLISTED
                    for v in values
                ),
                "evidence": event_evidence[node],
                "docs": sorted(doc_index[doc] for doc in sources[node]),
                "degree": degree[node],
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
                "label": local_name(p),
                "kind": "role" if is_event[s] else "fact",
                "evidence": fact_evidence[(s, p, o)],
            }
            for i, (s, p, o) in enumerate(links)
        ],
    }


def _analyse(
    nodes: list[str], links: list[tuple[str, str]], widths: dict[str, float]
) -> tuple[dict[str, int], dict[str, float], dict[str, tuple[int, int]]]:
    """Returns each node's PageRank rank (0 is highest), its drawn size and its position in pixels.

    ``widths`` are the drawn widths of the nodes' labels. Nodes and links must come in a stable order:
    the layout depends on it (no set of strings is iterated, so PYTHONHASHSEED does not matter).
    """
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(sorted(set(links)))
    pagerank: dict[str, float] = nx.pagerank(graph) if nodes else {}
    ranked = sorted(nodes, key=lambda n: (-pagerank[n], n))
    rank = {node: i for i, node in enumerate(ranked)}
    top = max(pagerank.values(), default=1.0)
    sizes = {n: round(8 + 22 * math.sqrt(pagerank[n] / top), 1) for n in nodes}
    components = sorted(
        (sorted(c, key=rank.__getitem__) for c in nx.connected_components(graph)),
        key=lambda c: (-len(c), rank[c[0]]),
    )
    extents = {
        n: (max(sizes[n], widths[n] / 2) + GAP, sizes[n] + GAP, sizes[n] + LABEL_HEIGHT + GAP) for n in nodes
    }
    parts = [
        _tree(graph, c[0], rank, widths) if len(c) <= SMALL else _spread(_spring(graph, c, rank), extents)
        for c in components
    ]
    return rank, sizes, _pack(parts, extents)


def _tree(
    graph: nx.Graph[str], root: str, rank: dict[str, int], widths: dict[str, float]
) -> dict[str, Point]:
    """Lays out a small component as a radial tree from ``root``: each node's unplaced neighbours are
    spread over the wedge that faces away from its parent."""
    placed = {root: (0.0, 0.0)}
    queue = deque([(root, 0.0, 2 * math.pi)])
    while queue:
        node, angle, wedge = queue.popleft()
        children = [n for n in sorted(graph[node], key=rank.__getitem__) if n not in placed]
        share = wedge / max(len(children), 1)
        x, y = placed[node]
        for i, child in enumerate(children):
            turn = angle - wedge / 2 + share * (i + 0.5)
            # far enough that siblings are apart and side-by-side labels do not overlap
            radius = max(
                STEP, STEP / 2 / share, (widths[node] + widths[child]) / 2 * abs(math.cos(turn)) + GAP
            )
            placed[child] = (x + radius * math.cos(turn), y + radius * math.sin(turn))
            queue.append((child, turn, min(max(share, math.pi / 2), math.pi)))
    return placed


def _spring(graph: nx.Graph[str], nodes: list[str], rank: dict[str, int]) -> dict[str, Point]:
    """Lays out a component (its nodes in rank order): a spring layout of its ``CORE`` most central
    nodes, scaled so the median edge is ``STEP`` long; the others grown around a placed neighbour,
    then all relaxed."""
    # A new graph, not graph.subgraph(): a subgraph view may iterate in the order of a set, which
    # changes with PYTHONHASHSEED, and the layout depends on the order of nodes and edges.
    core: nx.Graph[str] = nx.Graph()
    core.add_nodes_from(sorted(nodes[:CORE]))
    core.add_edges_from(sorted((u, v) for u in core for v in graph[u] if u < v and v in core))
    layout = nx.spring_layout(core, seed=0)
    lengths = sorted(math.dist(layout[u], layout[v]) for u, v in core.edges if u != v)
    scale = STEP / max(lengths[len(lengths) // 2], 1e-3) if lengths else STEP
    placed = {node: (float(x) * scale, float(y) * scale) for node, (x, y) in layout.items()}
    if len(nodes) == len(placed):
        return placed
    crowd: Counter[str] = Counter()
    queue = deque(n for n in nodes if n in placed)
    while queue:
        node = queue.popleft()
        for other in sorted(graph[node], key=rank.__getitem__):
            if other not in placed:
                placed[other] = _around(placed[node], crowd[node], STEP / 2)
                crowd[node] += 1
                queue.append(other)
    return _relax(graph, nodes, placed)


def _around(centre: Point, k: int, step: float) -> Point:
    """Returns the k-th point of a sunflower spiral around ``centre``."""
    radius, angle = step * math.sqrt(k + 1), k * _GOLDEN_ANGLE
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def _relax(graph: nx.Graph[str], nodes: list[str], placed: dict[str, Point]) -> dict[str, Point]:
    """Runs ``RELAX`` steps of Fruchterman and Reingold's force model with its grid variant's cut-off:
    nodes repel only within ``2 * STEP``, so a step costs O(n log n) instead of O(n^2)."""
    index = {node: i for i, node in enumerate(nodes)}
    pos = np.array([placed[node] for node in nodes], dtype=np.float64)
    ends = np.array([(index[u], index[v]) for u, v in graph.edges(nodes) if u != v], dtype=np.intp)
    move = STEP / 2
    for _ in range(RELAX):
        shift = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(2 * STEP, output_type="ndarray")
        delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        push = delta * (STEP * STEP / np.maximum((delta * delta).sum(axis=1), 1.0))[:, None]
        np.add.at(shift, pairs[:, 0], push)
        np.subtract.at(shift, pairs[:, 1], push)
        delta = pos[ends[:, 0]] - pos[ends[:, 1]]
        pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / STEP)[:, None]
        np.subtract.at(shift, ends[:, 0], pull)
        np.add.at(shift, ends[:, 1], pull)
        length = np.maximum(np.sqrt((shift * shift).sum(axis=1)), 1e-9)[:, None]
        pos += shift / length * np.minimum(length, move)
        move *= 0.92
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos.tolist(), strict=True)}


def _spread(placed: dict[str, Point], extents: dict[str, tuple[float, float, float]]) -> dict[str, Point]:
    """Pushes apart nodes whose boxes (node and label, see ``_pack``) overlap, each time along the axis
    where they overlap least, for up to ``RELAX`` rounds."""
    nodes = list(placed)
    box = np.array([extents[n] for n in nodes], dtype=np.float64)
    half = np.column_stack([box[:, 0], (box[:, 1] + box[:, 2]) / 2])
    offset = (box[:, 2] - box[:, 1]) / 2  # from a node's centre down to its box's centre
    centre = np.array([placed[n] for n in nodes], dtype=np.float64)
    centre[:, 1] += offset
    for _ in range(RELAX):
        pairs = cKDTree(centre).query_pairs(2 * float(half.max()), p=math.inf, output_type="ndarray")
        delta = centre[pairs[:, 0]] - centre[pairs[:, 1]]
        overlap = half[pairs[:, 0]] + half[pairs[:, 1]] - np.abs(delta)
        hit = (overlap > 0).all(axis=1)
        if not hit.any():
            break
        pairs, delta, overlap = pairs[hit], delta[hit], overlap[hit]
        axis = overlap.argmin(axis=1)
        rows = np.arange(len(pairs))
        push = np.zeros_like(delta)
        push[rows, axis] = np.where(delta[rows, axis] >= 0, 1.0, -1.0) * overlap[rows, axis] / 2
        np.add.at(centre, pairs[:, 0], push)
        np.subtract.at(centre, pairs[:, 1], push)
    centre[:, 1] -= offset
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, centre.tolist(), strict=True)}


def _pack(
    parts: list[dict[str, Point]], extents: dict[str, tuple[float, float, float]]
) -> dict[str, tuple[int, int]]:
    """Packs the components' drawings into one about ``ASPECT`` times wider than tall.

    A skyline (segments [x, width, y], left to right) keeps the free space; its lowest, then leftmost,
    gap takes the first of the next ``LOOKAHEAD`` boxes (in the order given: biggest first) that fits
    it; a gap that none fits is raised to its lower neighbour and left unused. ``extents`` are each
    node's half width, and its height above and below its centre, label included.
    """
    boxes = []
    for part in parts:
        left = min(x - extents[n][0] for n, (x, _) in part.items())
        top = min(y - extents[n][1] for n, (_, y) in part.items())
        right = max(x + extents[n][0] for n, (x, _) in part.items())
        bottom = max(y + extents[n][2] for n, (_, y) in part.items())
        boxes.append((part, left, top, _grid(right - left), _grid(bottom - top)))
    area = sum(w * h for *_, w, h in boxes)
    skyline = [[0, max([_grid(math.sqrt(ASPECT * area))] + [w for *_, w, _ in boxes]), 0]]
    placed: dict[str, tuple[int, int]] = {}
    while boxes:
        i = min(range(len(skyline)), key=lambda j: (skyline[j][2], skyline[j][0]))
        x, gap, y = skyline[i]
        fits = next((k for k, box in enumerate(boxes[:LOOKAHEAD]) if box[3] <= gap), None)
        if fits is None:
            skyline[i][2] = min(skyline[j][2] for j in (i - 1, i + 1) if 0 <= j < len(skyline))
        else:
            part, left, top, w, h = boxes.pop(fits)
            placed.update((n, (round(px - left + x), round(py - top + y))) for n, (px, py) in part.items())
            skyline[i : i + 1] = [[x, w, y + h]] + ([[x + w, gap - w, y]] if w < gap else [])
        _merge(skyline)
    return placed


def _merge(skyline: list[list[int]]) -> None:
    """Joins neighbouring skyline segments of the same height."""
    i = 0
    while i + 1 < len(skyline):
        if skyline[i][2] == skyline[i + 1][2]:
            skyline[i][1] += skyline.pop(i + 1)[1]
        else:
            i += 1


def _grid(length: float) -> int:
    """Rounds a length up to the layout grid, so rows of similar boxes line up and the skyline stays short."""
    return math.ceil(length / GRID) * GRID


def _script_safe(text: str) -> str:
    """Escapes JSON text so that it cannot end or confuse the <script> element that holds it."""
    for char, escape in _SCRIPT_SAFE:
        text = text.replace(char, escape)
    return text


def _select(store: ox.Store, query: str) -> list[Row]:
    """Runs a SELECT over the union of the store's graphs; returns its rows sorted, unbound as ""."""
    result = store.query(query, use_default_graph_as_union=True)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"expected a SELECT query, got {query!r}")
    return sorted(tuple("" if term is None else term.value for term in row) for row in result)


def _iris(terms: Iterable[str]) -> str:
    return " ".join(f"<{t}>" for t in terms)


def local_name(iri: str) -> str:
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
