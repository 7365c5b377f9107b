"""The HTML viewer: self-contained, safe with hostile text, deterministic, and working in a browser."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.export.html import CORE, graph_data, render
from kg.vocab import KG

FIXTURE = Path(__file__).parent / "fixtures" / "viewer_graph.ttl"
ID = "https://kg.example.org/id/"
XI = ID + "person/xi-jinping"
LEE = ID + "person/lee-jae-myung"
CHINA = ID + "place/china"
KOREA = ID + "place/south-korea"
GYEONGJU = ID + "place/gyeongju"
XIAOMI = ID + "organization/xiaomi"
PHONE = ID + "product/xiaomi-smartphone"
GIFT = ID + "event/000_51e8d211c805fd6d-0-1"
EVIL = "javascript:alert(1)"
EVIL_LABEL = "</script><script>alert(1)</script>"
SENTENCE = (
    "That’s exactly what happened when Chinese President Xi Jinping gifted South Korean President "
    "Lee Jae Myung two Xiaomi smartphones during a state visit on November 1, 2025, in Gyeongju, South Korea."
)
CITE = "document 000_51e8d211c805fd6d \u2014 Xi gifts Lee two Xiaomi smartphones"
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.DOTALL)


def load(graph: ox.NamedNode | None = None) -> ox.Store:
    store = ox.Store()
    store.load(path=FIXTURE, format=ox.RdfFormat.TURTLE, to_graph=graph or ox.DefaultGraph())
    return store


@pytest.fixture(scope="module")
def html() -> str:
    return render(load())


@pytest.fixture(scope="module")
def data(html: str) -> Any:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


class Tags(HTMLParser):
    """Collects the page's start tags with their attributes, as a browser's tokenizer sees them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_page_loads_nothing_from_the_network(html: str) -> None:
    tags = Tags(html).tags
    assert [a for t, a in tags if t == "script"] == [{"type": "application/json", "id": "kg-data"}, {}, {}]
    assert not [t for t, _ in tags if t in {"link", "img", "iframe", "a", "base", "form", "object", "embed"}]
    assert not [a for _, a in tags if {"src", "href", "action", "srcset"} & set(a)]
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//)""", html, re.IGNORECASE)
    assert not re.search(r"""@import|url\(\s*['"]?(?:https?:|//)""", html, re.IGNORECASE)


def test_csp_allows_exactly_the_inline_scripts(html: str) -> None:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert csp is not None
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts}
    allowed = re.search(r"script-src ([^;]*)", csp.group(1))
    assert allowed is not None
    assert set(allowed.group(1).split()) == hashes
    assert "default-src 'none'" in csp.group(1)


def test_hostile_text_stays_data(html: str, data: Any) -> None:
    assert "</script><script>alert(1)" not in html
    assert "alert(3)</script>" not in html
    assert "<img src=x" not in html
    assert "<b>friends" not in html
    assert "\u2028" not in html.split("<script>")[0]  # escaped in the JSON block
    evil = next(n for n in data["nodes"] if n["id"] == EVIL)
    assert evil["label"] == EVIL_LABEL
    assert evil["alt"] == ["<img src=x onerror=alert(1)>", "line\u2028separator"]


def test_json_holds_the_drawn_graph(data: Any) -> None:
    assert [(c["name"], c["count"], c["event"]) for c in data["classes"]] == [
        ("Person", 3, False),
        ("Company", 1, False),
        ("Country", 2, False),
        ("City", 1, False),
        ("Product", 1, False),
        ("GiftGiving", 1, True),
    ]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert [n["id"] for n in data["nodes"]] == sorted(nodes)
    # no documents, no rdf:Statement nodes
    assert set(nodes) == {XI, LEE, CHINA, KOREA, GYEONGJU, XIAOMI, PHONE, GIFT, EVIL}
    assert nodes[XI]["label"] == "Xi Jinping"
    assert nodes[XI]["cls"] == "Person"
    assert nodes[XI]["alt"] == ["Chinese President Xi Jinping", "Xi"]
    assert nodes[XI]["props"] == [["title", "President"]]
    assert nodes[XIAOMI]["cls"] == "Company"
    assert nodes[GIFT]["cls"] == "GiftGiving"
    assert nodes[GIFT]["props"] == [["date", "2025-11-01"]]
    assert nodes[GIFT]["evidence"] == [{"doc": "000_51e8d211c805fd6d", "text": SENTENCE}]
    assert data["documents"] == [
        {"id": "000_51e8d211c805fd6d", "label": "Xi gifts Lee two Xiaomi smartphones"},
        {"id": "evil</script><script>alert(3)</script>", "label": "evil"},
    ]
    assert nodes[XI]["docs"] == [0]
    assert nodes[EVIL]["docs"] == [1]
    assert nodes[GIFT]["docs"] == [0]  # from kg:mentionedIn and prov:wasDerivedFrom, once
    assert {n["id"]: n["degree"] for n in nodes.values()} == {
        XI: 2,
        LEE: 2,
        CHINA: 1,
        KOREA: 2,
        GYEONGJU: 2,
        XIAOMI: 2,
        PHONE: 2,
        GIFT: 4,
        EVIL: 1,
    }
    assert sorted(n["rank"] for n in nodes.values()) == list(range(len(nodes)))
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes.values())

    edges = {(e["from"], e["label"], e["to"]): e for e in data["edges"]}
    assert {key: e["kind"] for key, e in edges.items()} == {
        (GIFT, "agent", XI): "role",
        (GIFT, "recipient", LEE): "role",
        (GIFT, "object", PHONE): "role",
        (GIFT, "location", GYEONGJU): "role",
        (XI, "leaderOf", CHINA): "fact",
        (LEE, "leaderOf", KOREA): "fact",
        (GYEONGJU, "locatedIn", KOREA): "fact",
        (PHONE, "producedBy", XIAOMI): "fact",
        (EVIL, "worksFor", XIAOMI): "fact",
    }
    assert edges[(XI, "leaderOf", CHINA)]["evidence"] == [{"doc": "000_51e8d211c805fd6d", "text": SENTENCE}]
    assert edges[(EVIL, "worksFor", XIAOMI)]["evidence"][0]["doc"] == "evil</script><script>alert(3)</script>"
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_output_is_deterministic(html: str) -> None:
    assert render(load()) == html
    assert render(load(ox.NamedNode(ID + "document/000_51e8d211c805fd6d"))) == html  # read as the union


def generated_graph(people: int = CORE + 60) -> str:
    """Turtle of a graph with every kind of component the layout treats apart: one bigger than CORE
    (spring layout, then grown and relaxed), small trees, pairs and isolated nodes."""
    lines = [f"@prefix kg: <{KG}> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [f"@prefix {kind}: <{ID}{kind}/> ." for kind in ("person", "organization", "place", "product")]
    for i in range(people):
        lines.append(
            f'person:p{i} a kg:Person ; rdfs:label "Person {i}"@en ; kg:memberOf organization:o{i % 40} .'
        )
    for j in range(40):
        lines.append(
            f'organization:o{j} a kg:Organization ; rdfs:label "Org {j}"@en ; kg:basedIn place:c{j % 6} .'
        )
    for c in range(6):
        lines.append(f'place:c{c} a kg:City ; rdfs:label "City {c}"@en ; kg:locatedIn place:country .')
    lines.append('place:country a kg:Country ; rdfs:label "Country"@en .')
    for k in range(30):  # pairs, and trees of four
        lines.append(
            f'person:pair{k} a kg:Person ; rdfs:label "Pair {k}"@en ; kg:worksFor organization:pair{k} .'
        )
        lines.append(f'organization:pair{k} a kg:Company ; rdfs:label "Company {k}"@en .')
        if k % 3 == 0:
            maker = f"organization:pair{k}"
            lines.append(
                f'product:pair{k} a kg:Product ; rdfs:label "Product {k}"@en ; kg:producedBy {maker} .'
            )
            lines.append(f'place:pair{k} a kg:City ; rdfs:label "A city with a rather long name {k}"@en .')
            lines.append(f"organization:pair{k} kg:basedIn place:pair{k} .")
    for k in range(60):
        lines.append(
            f'product:alone{k} a kg:Product ; rdfs:label "{"Isolated product " * (k % 3 + 1)}{k}"@en .'
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viewer") / "generated.ttl"
    path.write_text(generated_graph(), encoding="utf-8")
    return path


@pytest.mark.parametrize(("graph", "limit"), [("fixture", 3), ("fixture", 1500), ("generated", 100)])
def test_output_does_not_depend_on_the_hash_seed(graph: str, limit: int, generated: Path) -> None:
    path = FIXTURE if graph == "fixture" else generated
    code = (
        "import sys, pyoxigraph as ox\nfrom kg.export.html import render\n"
        f"store = ox.Store()\nstore.load(path={str(path)!r}, format=ox.RdfFormat.TURTLE)\n"
        f"sys.stdout.buffer.write(render(store, limit={limit}).encode())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def components(data: Any) -> list[set[str]]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(n["id"] for n in data["nodes"])
    graph.add_edges_from((e["from"], e["to"]) for e in data["edges"])
    return list(nx.connected_components(graph))


def check_layout(data: Any, apart: float) -> None:
    """Nodes are at least ``apart`` pixels from each other, the drawing is compact and about as wide as
    tall, and the components' drawings do not overlap."""
    at = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert min(math.dist(at[a], at[b]) for a, b in itertools.combinations(at, 2)) >= apart
    xs, ys = [x for x, _ in at.values()], [y for _, y in at.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.5 < width / height < 2.5
    assert width * height < len(at) * 250**2
    boxes = []
    for component in components(data):
        cx, cy = [at[n][0] for n in component], [at[n][1] for n in component]
        boxes.append((min(cx), min(cy), max(cx), max(cy)))
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)


def test_layout_of_the_seeds_is_readable(seeds_store: ox.Store) -> None:
    data = graph_data(seeds_store)
    check_layout(data, apart=40)


def test_layout_of_a_bigger_graph(generated: Path) -> None:
    store = ox.Store()
    store.load(path=generated, format=ox.RdfFormat.TURTLE)
    data = graph_data(store)
    assert max(len(c) for c in components(data)) > CORE  # the grown and relaxed path is taken
    check_layout(data, apart=20)


def test_big_graphs_start_with_the_top_nodes() -> None:
    store = load()
    html = render(store, limit=3)
    data = json.loads(DATA_BLOCK.findall(html)[0])
    assert data["limit"] == 3
    by_rank = sorted(data["nodes"], key=lambda n: n["rank"])
    assert [n["size"] for n in by_rank] == sorted((n["size"] for n in by_rank), reverse=True)
    assert render(store, limit=3) == html


def test_an_empty_store_renders() -> None:
    data = json.loads(DATA_BLOCK.findall(render(ox.Store()))[0])
    assert data == {"classes": [], "documents": [], "edges": [], "limit": 1500, "nodes": []}


# ---- in a browser (Debian chromium driven by playwright; skipped when either is missing)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A page of the viewer with everything it requested, every dialog and every console error."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgViewer !== undefined")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check_clean(self) -> None:
        assert [u for u in self.requests if not u.startswith(("file:", "data:"))] == []
        assert self.dialogs == []
        assert self.errors == []


@pytest.fixture
def page(browser: Any, html: str, tmp_path: Path) -> Iterator[Page]:
    path = tmp_path / "graph.html"
    path.write_text(html, encoding="utf-8")
    page = Page(browser, path)
    yield page
    page.check_clean()
    page.page.close()


def test_browser_search_selects_and_shows_evidence(page: Page) -> None:
    p = page.page
    p.fill("#search", "Xi")
    p.press("#search", "Enter")
    assert p.evaluate("kgViewer.network.getSelectedNodes()") == [XI]
    assert p.text_content("#panel h2") == "Xi Jinping"
    assert p.text_content("#panel blockquote") == SENTENCE + CITE
    assert p.eval_on_selector_all("#panel blockquote mark", "ms => ms.map(m => m.textContent)") == [
        "Chinese President Xi Jinping"
    ]


def test_browser_legend_hides_a_class(page: Page) -> None:
    p = page.page
    persons = [XI, LEE, EVIL]
    assert p.evaluate("ids => ids.map(id => kgViewer.nodes.get(id).hidden)", persons) == [False] * 3
    p.click('#legend button[data-cls="Person"]')
    assert p.evaluate("ids => ids.map(id => kgViewer.nodes.get(id).hidden)", persons) == [True] * 3
    assert p.evaluate(f"kgViewer.nodes.get({json.dumps(CHINA)}).hidden") is False
    assert p.get_attribute('#legend button[data-cls="Person"]', "aria-pressed") == "false"
    p.click('#legend button[data-cls="Person"]')
    assert p.evaluate("ids => ids.map(id => kgViewer.nodes.get(id).hidden)", persons) == [False] * 3


def test_browser_edge_click_shows_its_evidence(page: Page) -> None:
    p = page.page
    point = p.evaluate(
        """([a, b]) => {
            const pos = kgViewer.network.getPositions([a, b]);
            return kgViewer.network.canvasToDOM({x: (pos[a].x + pos[b].x) / 2, y: (pos[a].y + pos[b].y) / 2});
        }""",
        [XI, CHINA],
    )
    box = p.locator("#graph").bounding_box()
    p.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert p.text_content("#panel h2") == "Xi Jinping leaderOf China"
    assert p.text_content("#panel blockquote") == SENTENCE + CITE


def test_browser_hostile_text_is_shown_as_text(page: Page) -> None:
    p = page.page
    p.fill("#search", "onerror")
    p.click("#results button")
    assert p.text_content("#panel h2") == EVIL_LABEL
    assert p.text_content("#panel .iri") == EVIL
    assert "<img src=x onerror=alert(1)>" in (p.text_content("#panel blockquote") or "")
    assert p.evaluate("document.querySelectorAll('img, a, iframe, b').length") == 0
    assert p.evaluate("document.scripts.length") == 3
    p.click("#panel .facts button")  # to Xiaomi
    assert p.text_content("#panel h2") == "Xiaomi"


def test_browser_big_graph_adds_neighbours_on_click(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    path.write_text(render(load(), limit=3), encoding="utf-8")
    viewer = Page(browser, path)
    p = viewer.page
    data = json.loads(p.text_content("#kg-data") or "")
    top = sorted(data["nodes"], key=lambda n: n["rank"])
    shown = {n["id"] for n in top[:3]}
    assert set(p.evaluate("kgViewer.nodes.getIds()")) == shown
    assert "showing 3" in (p.text_content("#status") or "")
    p.fill("#search", "China")  # ranked low: not shown at first
    p.press("#search", "Enter")
    assert p.evaluate("kgViewer.network.getSelectedNodes()") == [CHINA]
    assert set(p.evaluate("kgViewer.nodes.getIds()")) == shown | {CHINA, XI}
    viewer.check_clean()
    p.close()


# ---- the seeds' viewer in a browser: what `kg build seeds/` writes

GIFT_SENTENCE = (
    "Chinese President Xi Jinping gifted South Korean President Lee Jae Myung two Xiaomi smartphones"
)
VISIBLE = "kgViewer.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id).sort()"


@pytest.fixture
def seeds(browser: Any, seeds_build: Path) -> Iterator[Page]:
    page = Page(browser, seeds_build / "graph.html")
    yield page
    page.check_clean()
    page.page.close()


def seeds_data(seeds: Page) -> Any:
    return json.loads(seeds.page.text_content("#kg-data") or "")


def on_screen(p: Any, node: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    point = p.evaluate("id => kgViewer.network.canvasToDOM(kgViewer.network.getPositions([id])[id])", node)
    box = p.locator("#graph").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def test_seeds_first_view_shows_every_node_readably(seeds: Page) -> None:
    p, data = seeds.page, seeds_data(seeds)
    assert p.evaluate("kgViewer.network.getScale()") >= 0.6  # 14 px labels stay at least 8 px
    box = p.locator("#graph").bounding_box()
    for node in data["nodes"]:
        x, y = on_screen(p, node["id"])
        assert box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]
    labels = {n["id"]: n["label"] for n in p.evaluate("kgViewer.nodes.get()")}
    events = {c["name"] for c in data["classes"] if c["event"]}
    assert {n["id"] for n in data["nodes"] if n["cls"] in events} == {k for k, v in labels.items() if v == ""}
    assert labels[XI] == "Xi Jinping"
    assert p.evaluate("document.scripts.length") == 3
    assert p.evaluate("document.querySelectorAll('img, a, iframe, object, embed').length") == 0


def test_seeds_search_finds_xi(seeds: Page) -> None:
    p = seeds.page
    p.fill("#search", "Xi")
    assert p.text_content("#results li:first-child button span") == "Xi Jinping"
    p.press("#search", "Enter")
    assert p.evaluate("kgViewer.network.getSelectedNodes()") == [XI]
    assert p.text_content("#panel h2") == "Xi Jinping"


def test_seeds_clicking_xi_shows_the_gift_sentence(seeds: Page) -> None:
    p = seeds.page
    p.mouse.click(*on_screen(p, XI))
    assert p.text_content("#panel h2") == "Xi Jinping"
    assert p.text_content("#panel .iri") == XI
    quotes = p.locator("#panel blockquote", has_text=GIFT_SENTENCE)
    assert quotes.count() >= 1
    quote = quotes.first
    assert "Chinese President Xi Jinping" in quote.locator("mark").all_text_contents()
    assert (quote.locator("cite").text_content() or "").startswith("document 000_51e8d211c805fd6d")


def test_seeds_legend_toggles_a_class(seeds: Page) -> None:
    p, data = seeds.page, seeds_data(seeds)
    everyone = sorted(n["id"] for n in data["nodes"])
    people = {n["id"] for n in data["nodes"] if n["cls"] == "Person"}
    assert XI in people and p.evaluate(VISIBLE) == everyone
    p.click('#legend button[data-cls="Person"]')
    assert p.evaluate(VISIBLE) == sorted(set(everyone) - people)
    assert p.get_attribute('#legend button[data-cls="Person"]', "aria-pressed") == "false"
    assert f"showing {len(everyone) - len(people)}" in (p.text_content("#status") or "")
    p.click('#legend button[data-cls="Person"]')
    assert p.evaluate(VISIBLE) == everyone


def test_seeds_document_and_degree_filters(seeds: Page) -> None:
    p, data = seeds.page, seeds_data(seeds)
    everyone = sorted(n["id"] for n in data["nodes"])
    doc = next(i for i, d in enumerate(data["documents"]) if d["id"] == "004_7d5df2262e82529b")
    in_doc = sorted(n["id"] for n in data["nodes"] if doc in n["docs"])
    assert 0 < len(in_doc) < len(everyone)
    p.select_option("#doc-filter", str(doc))
    assert p.evaluate(VISIBLE) == in_doc
    p.select_option("#doc-filter", "")
    assert p.evaluate(VISIBLE) == everyone

    linked = sorted(n["id"] for n in data["nodes"] if n["degree"] >= 4)
    assert XI in linked and 0 < len(linked) < len(everyone)
    p.fill("#degree-filter", "4")
    assert p.evaluate(VISIBLE) == linked
    hidden = next(n["id"] for n in data["nodes"] if n["degree"] < 4)
    p.evaluate(f"kgViewer.choose({json.dumps(hidden)})")  # as a search would: it lifts the filter
    assert p.evaluate("kgViewer.network.getSelectedNodes()") == [hidden]
    assert p.input_value("#degree-filter") == "0"
    assert p.evaluate(VISIBLE) == everyone


def test_seeds_event_labels_show_on_hover_and_selection(seeds: Page) -> None:
    p, data = seeds.page, seeds_data(seeds)
    event = next(n for n in data["nodes"] if n["cls"] == "GiftGiving")
    label = f"kgViewer.nodes.get({json.dumps(event['id'])}).label"
    assert p.evaluate(label) == ""
    p.mouse.move(*on_screen(p, event["id"]), steps=5)
    p.wait_for_function(f"() => {label} !== ''")
    assert event["label"].startswith(p.evaluate(label).rstrip("\u2026"))
    box = p.locator("#graph").bounding_box()
    p.mouse.move(box["x"] + 3, box["y"] + 3, steps=5)  # an empty corner of the graph
    p.wait_for_function(f"() => {label} === ''")
    p.evaluate(f"kgViewer.choose({json.dumps(event['id'])})")
    assert p.evaluate(label) != ""
    assert p.evaluate("kgViewer.network.getSelectedNodes()") == [event["id"]]


def test_browser_hostile_article_runs_nothing(browser: Any, nlp: Any, tmp_path: Path) -> None:
    """An article carrying markup and script goes through the whole build; the viewer runs none of it."""
    from kg.config import Settings
    from kg.pipeline import build

    article = tmp_path / "hostile.txt"
    article.write_text(
        "President Barack Obama met Chancellor Angela Merkel in Berlin <img src=x onerror=alert(1)> on Monday.\n\n"
        "Obama told reporters, \u201cWe agreed </script><script>alert(1)</script> on everything today.\u201d\n\n"
        "Merkel gave Obama a <a href=\"javascript:alert(1)\">signed football</a> from Berlin.\n",
        encoding="utf-8",
    )
    build([article], tmp_path / "out", Settings(), nlp=nlp)
    html_text = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "</script><script>alert(1)" not in html_text and "<img src=x" not in html_text
    page = Page(browser, tmp_path / "out" / "graph.html")
    p = page.page
    p.fill("#search", "Obama")
    p.press("#search", "Enter")
    p.wait_for_function("document.querySelector('#panel').textContent.includes('Obama')")
    p.wait_for_timeout(300)
    assert p.evaluate("document.querySelectorAll('img, a, iframe, object, embed').length") == 0
    assert p.evaluate("document.scripts.length") == 3
    page.check_clean()
    page.page.close()
