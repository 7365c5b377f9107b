"""`kg view`: the viewer of any graph file or store, and the network files for Gephi and Cytoscape."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

import kg.view
from kg.errors import InputError, KGError
from kg.export.html import render
from kg.view import view, write_network

FIXTURE = Path(__file__).parent / "fixtures" / "viewer_graph.ttl"
ID = "https://kg.example.org/id/"
XI = ID + "person/xi-jinping"
CHINA = ID + "place/china"
GIFT = ID + "event/000_51e8d211c805fd6d-0-1"
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.DOTALL)


def fixture_store() -> ox.Store:
    store = ox.Store()
    store.load(path=FIXTURE, format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What view() asked the web browser to open; a display is there."""
    calls: list[str] = []

    def open_url(url: str) -> bool:
        calls.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", open_url)
    monkeypatch.setattr(kg.view, "has_display", lambda: True)
    return calls


def test_view_writes_the_viewer_beside_the_graph_and_opens_it(tmp_path: Path, opened: list[str]) -> None:
    graph = tmp_path / "graph.ttl"
    shutil.copy(FIXTURE, graph)
    path = view(graph)
    assert path == tmp_path / "graph.html"
    assert path.read_text(encoding="utf-8") == render(fixture_store())
    assert opened == [path.resolve().as_uri()]


def test_view_without_a_browser_only_writes(tmp_path: Path, opened: list[str]) -> None:
    out = tmp_path / "sub" / "viewer.html"
    assert view(FIXTURE, out, open_browser=False) == out
    assert out.exists() and opened == []


def test_view_without_a_display_does_not_open(
    tmp_path: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.view, "has_display", lambda: False)
    view(FIXTURE, tmp_path / "graph.html")
    assert opened == []


def test_view_reads_trig_and_store_folders_as_one_graph(tmp_path: Path, opened: list[str]) -> None:
    store = ox.Store()
    store.load(path=FIXTURE, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID + "document/a"))
    trig = tmp_path / "graph.trig"
    store.dump(output=str(trig), format=ox.RdfFormat.TRIG)
    expected = render(fixture_store())
    assert view(trig, open_browser=False).read_text(encoding="utf-8") == expected

    folder = tmp_path / "store"
    on_disk = ox.Store(str(folder))
    on_disk.extend(fixture_store())
    on_disk.flush()
    del on_disk
    path = view(folder, open_browser=False)
    assert path == tmp_path / "store.html"
    data = json.loads(DATA_BLOCK.findall(path.read_text(encoding="utf-8"))[0])
    assert XI in {n["id"] for n in data["nodes"]}


def test_view_of_a_missing_or_unknown_file_fails(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        view(tmp_path / "missing.ttl", open_browser=False)
    odd = tmp_path / "graph.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        view(odd, open_browser=False)


@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_network_files_hold_nodes_and_links(tmp_path: Path, name: str) -> None:
    path = write_network(fixture_store(), tmp_path / name)
    graph = nx.read_graphml(path) if name.endswith(".graphml") else nx.read_gexf(path)
    assert graph.is_directed()
    assert len(graph) == 9  # entities and the event; no documents, no rdf:Statement nodes
    assert graph.nodes[XI]["label"] == "Xi Jinping"
    assert graph.nodes[XI]["class"] == "Person"
    assert graph.nodes[XI]["iri"] == XI
    assert graph.nodes[GIFT]["class"] == "GiftGiving"
    assert graph.edges[XI, CHINA]["property"] == "leaderOf"
    assert graph.edges[GIFT, XI]["property"] == "agent"
    assert graph.number_of_edges() == 9
    assert path.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert (
        write_network(fixture_store(), tmp_path / ("again" + path.suffix)).read_bytes() == path.read_bytes()
    )


def test_view_writes_network_files_for_their_extensions(tmp_path: Path, opened: list[str]) -> None:
    out = view(FIXTURE, tmp_path / "graph.gexf")
    assert out.read_bytes() == write_network(fixture_store(), tmp_path / "other.gexf").read_bytes()
    assert opened == []


def test_network_file_with_an_unknown_extension_fails(tmp_path: Path) -> None:
    with pytest.raises(KGError, match=r"graph\.csv: unknown network file extension '\.csv'; expected one of"):
        write_network(fixture_store(), tmp_path / "graph.csv")
    assert not (tmp_path / "graph.csv").exists()
