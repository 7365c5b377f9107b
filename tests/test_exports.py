"""Every export parses cleanly in rdflib, pyoxigraph and rapper, agrees with the others, and is
byte-identical across builds and with the committed exports/ folder."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
import rdflib

from tests.conftest import ROOT

RDF_FILES = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.trig": "trig", "graph.jsonld": "json-ld"}
OXIGRAPH = {"graph.ttl": pyoxigraph.RdfFormat.TURTLE, "graph.nt": pyoxigraph.RdfFormat.N_TRIPLES,
            "graph.trig": pyoxigraph.RdfFormat.TRIG, "graph.jsonld": pyoxigraph.RdfFormat.JSON_LD}
RAPPER = {"graph.ttl": "turtle", "graph.nt": "ntriples", "graph.trig": "trig"}  # raptor 2.0 has no JSON-LD


def triples_rdflib(path: Path, fmt: str) -> set[tuple[str, str, str]]:
    graph = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    graph.parse(path, format=fmt)
    quads = graph.quads((None, None, None, None)) if fmt == "trig" else ((s, p, o, None) for s, p, o in graph)
    return {(s.n3(), p.n3(), o.n3()) for s, p, o, _ in quads}


def triples_oxigraph(path: Path, fmt: Any) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in pyoxigraph.parse(path=str(path), format=fmt)}


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_parses_in_rdflib_without_warnings(seeds_build: Path, name: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        triples = triples_rdflib(seeds_build / name, RDF_FILES[name])
    assert triples
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_same_triples_in_pyoxigraph_and_rdflib(seeds_build: Path, name: str) -> None:
    oxi = triples_oxigraph(seeds_build / name, OXIGRAPH[name])
    union = triples_oxigraph(seeds_build / "graph.nt", OXIGRAPH["graph.nt"])
    assert oxi == union, "every serialisation holds the same union graph"
    assert len(triples_rdflib(seeds_build / name, RDF_FILES[name])) == len(oxi)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("name", sorted(RAPPER))
def test_parses_in_rapper_without_warnings(seeds_build: Path, name: str) -> None:
    done = subprocess.run(["rapper", "-i", RAPPER[name], "-c", str(seeds_build / name)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr.lower() and "error" not in done.stderr.lower(), done.stderr
    count = int(done.stderr.rsplit("returned", 1)[1].split()[0])
    expected = len(triples_oxigraph(seeds_build / "graph.nt", OXIGRAPH["graph.nt"]))
    if name == "graph.trig":  # the union as the default graph, plus one named graph per document
        assert count > expected
    else:
        assert count == expected


def test_trig_has_a_named_graph_per_document(seeds_build: Path) -> None:
    quads = list(pyoxigraph.parse(path=str(seeds_build / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    graphs = {str(q.graph_name) for q in quads if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
    documents = {p.stem for p in (ROOT / "seeds").glob("*.txt")}
    assert {g.rsplit("/", 1)[1].rstrip(">").replace("-", "_") for g in graphs} == documents
    default = {q.triple for q in quads if isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
    named = {q.triple for q in quads if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
    assert default == named, "the default graph is the union of the named graphs"


def test_no_blank_nodes(seeds_build: Path) -> None:
    for quad in pyoxigraph.parse(path=str(seeds_build / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES):
        assert not isinstance(quad.subject, pyoxigraph.BlankNode)
        assert not isinstance(quad.object, pyoxigraph.BlankNode)


def test_two_builds_are_byte_identical(seeds_build: Path, nlp: Any, tmp_path: Path) -> None:
    from kg.config import Settings
    from kg.pipeline import build

    build([ROOT / "seeds"], tmp_path, Settings(), nlp=nlp)
    for path in sorted(seeds_build.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs between builds"


def test_committed_exports_are_fresh(seeds_build: Path) -> None:
    committed = ROOT / "exports"
    names = sorted(p.name for p in seeds_build.iterdir())
    assert sorted(p.name for p in committed.iterdir()) == names, "exports/ holds exactly what kg build writes"
    stale = [n for n in names if (committed / n).read_bytes() != (seeds_build / n).read_bytes()]
    assert not stale, f"exports/ is stale, run `kg build seeds/`: {stale}"


def test_jsonld_has_a_context(seeds_build: Path) -> None:
    import json

    data = json.loads((seeds_build / "graph.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["kg"] == "https://kg.example.org/ontology#"
    assert any(node.get("@type") == ["kg:Person"] for node in data["@graph"])
