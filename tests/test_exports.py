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


# --- deterministic output, whatever the order of the document graphs ------------------------------

BASE = "https://kg.example.org/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def tricky_quads() -> list[pyoxigraph.Quad]:
    """Quads in four document graphs whose Turtle has lists of objects, literals holding the separators
    the fast path cuts at (`` , ``, `` ;``, line breaks, quotes, braces), escaped local names and IRIs
    outside every prefix."""
    import random

    node, literal = pyoxigraph.NamedNode, pyoxigraph.Literal
    subjects = [node(f"{BASE}person/{name}") for name in ("a", "b", "a-b", "a.b", "x%20y", "ü", "a,b", "c;d")]
    subjects += [node(f"http://other.example/{i}") for i in range(3)]
    predicates = [node(f"https://kg.example.org/ontology#{p}") for p in ("p", "q", "r")]
    predicates.append(node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))
    literals = [
        literal("a , b"), literal('say "hi" , ok'), literal("x\ny ;\n\t .\n}\n"), literal("a , b", language="en"),
        literal("1", datatype=node(XSD + "integer")), literal("2025-01", datatype=node(XSD + "gYearMonth")),
        literal("tab\tend\\"), literal('é , "q"@en', language="fr"), literal("v", datatype=node("http://other.example/dt")),
        literal("0.8", datatype=node(XSD + "decimal")), literal("{ x } .", language="en"),
    ]
    graphs = [node(f"{BASE}document/{i}") for i in range(4)]
    rng = random.Random(3)
    choices = [(rng.choice(subjects), rng.choice(predicates), rng.choice(subjects + literals), rng.choice(graphs))
               for _ in range(500)]
    return list({pyoxigraph.Quad(*choice) for choice in choices})


def exports_of(source: Any) -> dict[str, bytes]:
    from kg.export import RDF_WRITERS
    from kg.export.rdf import prepare

    dataset = prepare(source, BASE)
    return {name: write(dataset, BASE) for name, write in RDF_WRITERS.items()}


def by_document(quads: list[pyoxigraph.Quad]) -> list[list[pyoxigraph.Quad]]:
    """The quads of each document graph, sorted as ``kg.graph.document_quads`` sorts them."""
    graphs: dict[str, list[pyoxigraph.Quad]] = {}
    for quad in quads:
        graphs.setdefault(str(quad.graph_name), []).append(quad)
    return [sorted(graph, key=lambda q: str(q.triple)) for graph in graphs.values()]


def test_the_same_document_graphs_in_any_order_give_byte_identical_files() -> None:
    import random

    documents = by_document(tricky_quads())
    expected = exports_of([quad for document in documents for quad in document])
    for seed in range(3):
        random.Random(seed).shuffle(documents)
        assert exports_of([quad for document in documents for quad in document]) == expected


def test_a_store_gives_the_same_files_each_time_holding_its_quads() -> None:
    from kg.export import rdf

    quads = [quad for document in by_document(tricky_quads()) for quad in document]
    stores = [pyoxigraph.Store(), pyoxigraph.Store()]
    for store in stores:
        store.extend(quads)
    first, second = (exports_of(store) for store in stores)
    assert first == second
    assert rdf.turtle(stores[0], BASE) == first["graph.ttl"], "each writer takes a store directly"
    assert rdf.trig(stores[0], BASE) == first["graph.trig"]
    for name, fmt in OXIGRAPH.items():
        assert {str(q) for q in pyoxigraph.parse(first[name], format=fmt)} == {
            str(q) for q in pyoxigraph.parse(exports_of(quads)[name], format=fmt)}, name


def test_every_file_holds_exactly_the_quads() -> None:
    quads = tricky_quads()
    files = exports_of(quads)
    union = {str(q.triple) for q in quads}
    for name, fmt in OXIGRAPH.items():
        parsed = list(pyoxigraph.parse(files[name], format=fmt))
        assert {str(q.triple) for q in parsed} == union, name
        assert len(parsed) == len(union) or name == "graph.trig", f"{name} repeats a triple"
    trig = list(pyoxigraph.parse(files["graph.trig"], format=pyoxigraph.RdfFormat.TRIG))
    named = {str(q) for q in trig if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
    assert named == {str(q) for q in quads}
    assert len(trig) == len(union) + len(quads)


def test_default_graph_statements_between_graph_blocks_are_cut_too() -> None:
    """pyoxigraph writes default-graph triples outside any block, with pairs indented once; the cut
    takes them wherever they stand (first, between blocks, last) and merges their subjects with the
    same subjects in named graphs."""
    quads = tricky_quads()
    default = [pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads[::3]]
    for order in (default + quads, quads + default, quads[:200] + default + quads[200:]):
        files = exports_of(order)
        union = {str(q.triple) for q in order}
        for name, fmt in OXIGRAPH.items():
            parsed = list(pyoxigraph.parse(files[name], format=fmt))
            assert {str(q.triple) for q in parsed} == union, name
        trig = pyoxigraph.parse(files["graph.trig"], format=pyoxigraph.RdfFormat.TRIG)
        named = {str(q) for q in trig if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
        assert named == {str(q) for q in quads}


def test_turtle_is_sorted_by_subject_each_once(seeds_build: Path) -> None:
    text = (seeds_build / "graph.ttl").read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("@prefix ")]
    subjects = [line.split(" ", 1)[0] for line in body if not line.startswith("\t")]
    assert subjects == sorted(subjects, key=lambda s: s.encode()) and len(set(subjects)) == len(subjects)
    assert all(line.endswith((" ;", " .")) for line in body)


def test_a_literal_quoting_a_triple_term_is_cut_like_any_other() -> None:
    node = pyoxigraph.NamedNode
    quads = [pyoxigraph.Quad(node(f"{BASE}person/{i % 3}"), node("https://kg.example.org/ontology#quote"),
                             pyoxigraph.Literal(f"<< {i} >> , ;"), node(f"{BASE}document/{i % 2}"))
             for i in range(12)]
    expected = exports_of(quads)
    assert exports_of(list(reversed(quads))) == expected
    assert expected["graph.ttl"].count(b"person:0 ") == 1, "the subject of two graphs is written once"
    parsed = pyoxigraph.parse(expected["graph.ttl"], format=pyoxigraph.RdfFormat.TURTLE)
    assert {str(q.triple) for q in parsed} == {str(q.triple) for q in quads}


def test_triple_terms_take_the_exact_path_and_stay_deterministic() -> None:
    """RDF 1.2 triple terms have spaces of their own, so a subject with several of them as objects of
    one predicate, in several graphs, cannot be merged by cutting text: the writers fall back to
    pyoxigraph on the triples."""
    node = pyoxigraph.NamedNode
    quoted = [pyoxigraph.Triple(node(f"{BASE}person/{i}"), node("https://kg.example.org/ontology#said"),
                                pyoxigraph.Literal(f"x , {i}")) for i in range(3)]
    quads = [pyoxigraph.Quad(node(f"{BASE}person/a"), node("https://kg.example.org/ontology#cites"), term,
                             node(f"{BASE}document/{d}")) for term in quoted for d in range(2)]
    expected = exports_of(quads)
    assert exports_of(list(reversed(quads))) == expected
    for name, fmt in OXIGRAPH.items():
        if name != "graph.jsonld":  # JSON-LD 1.1 has no triple terms
            parsed = {str(q.triple) for q in pyoxigraph.parse(expected[name], format=fmt)}
            assert parsed == {str(q.triple) for q in quads}, name


def test_empty_dataset() -> None:
    files = exports_of([])
    assert list(pyoxigraph.parse(files["graph.ttl"], format=pyoxigraph.RdfFormat.TURTLE)) == []
    assert files["graph.nt"] == b""
    import json

    assert json.loads(files["graph.jsonld"])["@graph"] == []
