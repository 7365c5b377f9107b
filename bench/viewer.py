"""How fast the HTML viewer opens on big graphs, next to stock pyvis with default physics.

    python bench/viewer.py [--articles 90 1200] [--stock-timeout 120] [--cache DIR] [--keep DIR]

The graphs are real kg graphs: the first N articles of the BBC corpus (``../shared/data/bbc_news``,
README left out, taken in the order 001 of each topic, 002 of each topic, ...) go through
``kg.pipeline.extract_all`` and ``graph_quads``, exactly as ``kg build`` runs them; 90 articles give
about 1,000 drawn nodes and 1,200 about 10,000. Extraction runs about 0.2 s an article, so the quads are
cached as N-Quads in ``--cache`` (one extraction of the largest N serves every size).

For each graph:

- kg render: the Python time of ``kg.export.html.render`` (queries, PageRank, layout, JSON).
- stock pyvis: ``pyvis.network.Network(cdn_resources="in_line")`` -- the default template, options and
  physics; ``in_line`` only so that vis-network is in the page, as there is no network here -- with
  the same nodes, labels, colours and edges, then ``write_html``.

Each page is opened from a file in headless Chromium (``/usr/bin/chromium``, 1400x900 viewport) with
every non-file request aborted (stock pyvis asks a CDN for Bootstrap). Times are from navigation start,
read from the page's clock through a hook on ``vis.Network``:

- drawn: the network's first ``afterDrawing``;
- settled: when it stops moving -- kg's viewer has physics off, so when drawn; stock pyvis at its
  ``stabilized`` event, given up after ``--stock-timeout`` seconds ("did not settle");
- clickable: once settled, a click on the most central node is sent (and sent again every 250 ms
  until one is handled); the time at which the network's click handler has run for it and the next
  frame has been drawn (for kg's viewer the side panel is then filled).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "bbc_news"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.DOTALL)

# Runs before the page's scripts: wraps vis.Network (assigned as vis-network's UMD bundle loads) to
# time the first drawing, the end of physics and the handling of a click on a node.
HOOK = """
(() => {
  const times = (window.__bench = { drawn: null, settled: null, clicked: null });
  let vis;
  Object.defineProperty(window, 'vis', {
    configurable: true,
    get() { return vis; },
    set(value) {
      vis = value;
      let Network;
      Object.defineProperty(value, 'Network', {
        configurable: true, enumerable: true,
        get() { return Network; },
        set(Original) {
          Network = function (...args) {
            const network = new Original(...args);
            window.__benchNetwork = network;
            network.once('afterDrawing', () => { times.drawn = performance.now(); });
            network.on('stabilized', () => {
              if (times.settled === null) times.settled = performance.now();
            });
            network.on('click', (params) => {
              if (params.nodes.length) requestAnimationFrame(() => { times.clicked = performance.now(); });
            });
            return network;
          };
          Network.prototype = Original.prototype;
        },
      });
    },
  });
})();
"""
NODE_ON_SCREEN = """(id) => {
  const network = window.__benchNetwork;
  const point = network.canvasToDOM(network.getPositions([id])[id]);
  const box = network.body.container.getBoundingClientRect();
  return { x: box.left + point.x, y: box.top + point.y };
}"""


def corpus(n: int) -> list[Any]:
    """The corpus's first n articles as kg Documents: 001 of each topic, then 002 of each, and so on."""
    from kg.ingest import read_inputs

    documents = [d for d in read_inputs([CORPUS]) if "/" in d.id]  # "business/001"; not README.TXT
    documents.sort(key=lambda d: tuple(reversed(d.id.split("/"))))
    return documents[:n]


def graphs(sizes: Sequence[int], cache: Path) -> dict[int, Path]:
    """N-Quads files of kg's graph of the first N articles, for each N; built once, then cached."""
    cache.mkdir(parents=True, exist_ok=True)
    paths = {n: cache / f"bbc-{n}.nq" for n in sizes}
    missing = [n for n, path in paths.items() if not path.exists()]
    if not missing:
        return paths
    import pyoxigraph as ox

    from kg.config import Settings
    from kg.export import to_store
    from kg.pipeline import extract_all, graph_quads

    settings = Settings()
    documents = corpus(max(missing))
    print(f"extracting {len(documents)} articles from {CORPUS} (cached in {cache}) ...", flush=True)
    started = time.perf_counter()
    extractions = []
    for extraction in extract_all(documents, settings):
        extractions.append(extraction)
        if len(extractions) % 100 == 0:
            print(f"  {len(extractions)} articles, {time.perf_counter() - started:.0f} s", flush=True)
    for n in missing:
        store = to_store(graph_quads(extractions[:n], settings))
        store.dump(output=str(paths[n]), format=ox.RdfFormat.N_QUADS)
    return paths


def stock_pyvis(data: dict[str, Any], path: Path) -> None:
    """Writes the graph with stock pyvis: its default template, options and physics."""
    from pyvis.network import Network

    colours = {c["name"]: c["color"] for c in data["classes"]}
    network = Network(cdn_resources="in_line")
    for node in data["nodes"]:
        network.add_node(node["id"], label=node["label"], title=node["label"], color=colours[node["cls"]])
    for edge in data["edges"]:
        network.add_edge(edge["from"], edge["to"], title=edge["label"])
    here = Path.cwd()
    os.chdir(path.parent)  # write_html may copy pyvis's lib/ folder into the working directory
    try:
        network.write_html(path.name)
    finally:
        os.chdir(here)


def measure(browser: Any, path: Path, node: str, timeout: float) -> dict[str, float | None]:
    """Opens a page and returns its drawn, settled and clickable times in seconds (None: not reached)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport=VIEWPORT)
    page.add_init_script(HOOK)
    page.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
    limit = timeout * 1000
    result: dict[str, float | None] = {"drawn": None, "settled": None, "clickable": None}
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=limit)
        page.wait_for_function(
            "() => window.__bench && window.__bench.drawn !== null", timeout=limit, polling=20
        )
        result["drawn"] = page.evaluate("window.__bench.drawn") / 1000
        physics = page.evaluate("window.__benchNetwork.physics.physicsEnabled")
        if physics:
            page.wait_for_function("() => window.__bench.settled !== null", timeout=limit, polling=50)
            result["settled"] = page.evaluate("window.__bench.settled") / 1000
        else:
            result["settled"] = result["drawn"]
        # Click until a click is handled: stock pyvis covers the graph with its loading bar for
        # half a second after physics ends.
        deadline = time.monotonic() + timeout
        while result["clickable"] is None and time.monotonic() < deadline:
            point = page.evaluate(NODE_ON_SCREEN, node)
            page.mouse.click(point["x"], point["y"])
            try:
                page.wait_for_function("() => window.__bench.clicked !== null", timeout=250, polling=10)
                result["clickable"] = page.evaluate("window.__bench.clicked") / 1000
            except PlaywrightTimeout:
                continue
    except PlaywrightTimeout:
        pass
    finally:
        page.close()
    return result


def seconds(value: float | None, missing: str) -> str:
    return missing if value is None else f"{value:.2f} s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, nargs="+", default=[90, 1200], help="graph sizes, in articles"
    )
    parser.add_argument("--stock-timeout", type=float, default=120.0, help="seconds to wait for stock pyvis")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-viewer")
    parser.add_argument("--keep", type=Path, help="write the pages into this folder")
    parser.add_argument("--no-stock", action="store_true", help="measure kg's viewer only")
    args = parser.parse_args(argv)

    import pyoxigraph as ox
    from playwright.sync_api import sync_playwright

    from kg.export.html import render

    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is not installed", file=sys.stderr)
        return 1
    out = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-viewer-"))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for n, source in graphs(args.articles, args.cache).items():
            store = ox.Store()
            store.load(path=str(source), format=ox.RdfFormat.N_QUADS)
            started = time.perf_counter()
            html = render(store)
            render_time = time.perf_counter() - started
            ours = out / f"kg-{n}.html"
            ours.write_text(html, encoding="utf-8")
            data = json.loads(DATA_BLOCK.findall(html)[0])
            centre = min(data["nodes"], key=lambda node: node["rank"])["id"]
            row = {
                "articles": n,
                "nodes": len(data["nodes"]),
                "edges": len(data["edges"]),
                "render": render_time,
                "mb": len(html.encode()) / 1e6,
                "kg": measure(browser, ours, centre, args.stock_timeout),
            }
            if not args.no_stock:
                stock = out / f"pyvis-{n}.html"
                started = time.perf_counter()
                stock_pyvis(data, stock)
                row["stock_render"] = time.perf_counter() - started
                row["stock"] = measure(browser, stock, centre, args.stock_timeout)
            rows.append(row)
            print(report(row, args.stock_timeout), flush=True)
        browser.close()
    print(f"pages in {out}")
    return 0


def report(row: dict[str, Any], timeout: float) -> str:
    kg, lines = row["kg"], []
    lines.append(
        f"{row['nodes']:,} nodes, {row['edges']:,} edges ({row['articles']} articles)\n"
        f"  kg viewer    Python render {row['render']:.2f} s, page {row['mb']:.1f} MB; in Chromium: "
        f"drawn {seconds(kg['drawn'], 'never')}, clickable {seconds(kg['clickable'], 'never')}"
    )
    if "stock" in row:
        stock = row["stock"]
        settled = seconds(stock["settled"], f"did not settle in {timeout:.0f} s")
        lines.append(
            f"  stock pyvis  Python write {row['stock_render']:.2f} s; in Chromium: "
            f"drawn {seconds(stock['drawn'], 'never')}, settled {settled}, "
            f"clickable {seconds(stock['clickable'], 'never')}"
        )
        if kg["clickable"] and stock["clickable"]:
            lines.append(
                f"  ratio        stock / kg time to clickable: {stock['clickable'] / kg['clickable']:.1f}x"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
