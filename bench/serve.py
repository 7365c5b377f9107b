"""Speed of kg's Turtle writer, queries and endpoint against pyoxigraph used directly (and rdflib).

    python bench/serve.py [--triples 1000000] [--requests 2000] [--clients 8] [--repeat 3] [--no-rdflib]

A deterministic graph of kg's shape is generated (``--triples``, about 1M by default): documents
with an identifier, label, title and date; people, organisations, companies, places and products
with a type, an ``@en`` label, ``skos:altLabel`` and ``kg:mentionedIn`` each document they appear in
(a few are in very many, most in a few); facts asserted directly and described by an
``rdf:Statement`` with the evidence sentence, offsets, confidence and source document; and events
(visits, meetings, gifts, statements with quotes) with their roles, dates and provenance. Quads
carry their document as graph name, as ``kg.graph.build_quads`` makes them; IRIs are minted by
``kg.iris``.

It prints, each as seconds and as a ratio to pyoxigraph used directly (the goal: kg within 1.5x):

(a) Turtle of the union graph: ``kg.export.rdf.turtle(quads, base)`` (which also merges the graphs
    and sorts, for byte-identical files), ``pyoxigraph.serialize`` of the same triples as a store
    gives them, with the same prefixes, ``Store.dump``, and rdflib's ``Graph.serialize``;
(b) a GROUP BY query (entities and events per class) written as SPARQL JSON results: through
    ``kg.query.run_query`` + ``format_result``, ``Store.query(...).serialize`` and rdflib's
    ``Graph.query(...).serialize``, best of ``--repeat``;
(c) ``kg serve`` (``kg.serve.make_server``, ``max_running`` raised to the number of clients): the
    throughput, p50 and p99 latency and error count of ``--clients`` concurrent clients sending
    ``--requests`` queries over HTTP (the example queries of ``ontology/queries`` in turn, the
    person of person-profile.rq changing each time), against the same queries run on the store
    directly by as many threads. Every example query reads the whole graph (Oxigraph evaluates
    person-profile's UNION before it joins the name), taking 0.3 to 6 s each on 1M triples, so
    2000 of them would take a quarter of an hour on 2 cores: (c) answers from a graph of
    ``--serve-triples`` (50k, the size of some 600 news articles) unless told otherwise.

rdflib is slow at 1M triples (minutes to load and write); ``--no-rdflib`` leaves it out, and
``--triples 200000`` gives a quick run.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.export.rdf import prefixes, turtle, union  # noqa: E402
from kg.graph import term, text, typed  # noqa: E402
from kg.iris import DEFAULT_BASE, document_iri, entity_iri, event_iri, fact_iri  # noqa: E402
from kg.query import format_result, run_query  # noqa: E402
from kg.serve import make_server  # noqa: E402
from kg.vocab import KG  # noqa: E402

BASE = DEFAULT_BASE
QUERIES = ROOT / "ontology" / "queries"
PROFILED = "Xi Jinping"  # person-profile.rq asks about this person; the graph has them
GROUP_BY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(DISTINCT ?x) AS ?count) WHERE { ?x a ?class ; rdfs:label ?label }
GROUP BY ?class ORDER BY DESC(?count) ?class"""
PEOPLE = 200  # person-profile.rq asks about these many people in turn, from the 50th most mentioned on

# --- a graph of kg's shape -------------------------------------------------------------------------

CLASSES = ("Person", "Person", "Person", "Organization", "Company", "Country", "City", "Place", "Product")
SYLLABLES = ("ka", "lo", "mi", "ren", "sa", "to", "vi", "xu", "dan", "el", "or", "pa", "qi", "ru", "shen")
FACTS = {  # predicate -> (subject classes, object classes)
    "leaderOf": (("Person",), ("Country", "Organization")),
    "worksFor": (("Person",), ("Organization", "Company")),
    "citizenOf": (("Person",), ("Country",)),
    "basedIn": (("Organization", "Company"), ("Country", "City", "Place")),
    "locatedIn": (("City", "Place"), ("Country",)),
    "producedBy": (("Product",), ("Company",)),
}
EVENTS = ("Visit", "Meeting", "GiftGiving", "Statement", "Statement")
TITLES = ("President", "Prime Minister", "Chief Executive", "Minister")
ROLES = {"Visit": KG.location, "GiftGiving": KG.object, "Meeting": KG.participant}  # the second role


@dataclass(frozen=True)
class Entity:
    cls: str
    label: str

    @property
    def iri(self) -> ox.NamedNode:
        return term(entity_iri(BASE, self.cls, self.label.lower()))


def generate(target: int, seed: int = 7) -> tuple[list[ox.Quad], list[str]]:
    """Quads of kg's shape whose union graph has about ``target`` triples, and the people in it, the most
    mentioned first; the same for the same arguments."""
    rng = random.Random(seed)
    documents = max(1, round(target / 88))  # a document adds about 88 new triples to the union
    pool = [Entity("Person", PROFILED)] + [
        Entity(cls, _name(rng, cls)) for cls in (rng.choice(CLASSES) for _ in range(documents * 2))
    ]
    by_class: dict[str, list[Entity]] = {}
    for entity in pool:
        by_class.setdefault(entity.cls, []).append(entity)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(pool))]  # a few entities in many documents
    quads: list[ox.Quad] = []
    for number in range(documents):
        quads.extend(_document(rng, number, pool, weights, by_class))
    return quads, [entity.label for entity in by_class["Person"]]


def _name(rng: random.Random, cls: str) -> str:
    words = 2 if cls == "Person" else rng.choice((1, 2, 3))
    name = " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).title() for _ in range(words)
    )
    return f"{name} {rng.randrange(1000)}" if rng.random() < 0.5 else name


def _document(
    rng: random.Random,
    number: int,
    pool: Sequence[Entity],
    weights: Sequence[float],
    by_class: dict[str, list[Entity]],
) -> Iterator[ox.Quad]:
    doc_id = f"{('business', 'politics', 'sport', 'tech', 'world')[number % 5]}/{number:06d}"
    doc = term(document_iri(BASE, doc_id))

    def quad(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, term(p), o, doc)

    title = f"Story {number} about {rng.choice(pool).label}"
    yield quad(doc, RDF.type, term(KG.Document))
    yield quad(doc, DCTERMS.identifier, ox.Literal(doc_id))
    yield quad(doc, RDFS.label, text(title))
    yield quad(doc, DCTERMS.title, text(title))
    date = f"20{number % 25:02d}-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
    yield quad(doc, DCTERMS.date, typed(date, XSD.date))

    mentioned = {entity.iri.value: entity for entity in rng.choices(pool, weights, k=14)}
    if number % 50 == 0:
        mentioned[pool[0].iri.value] = pool[0]
    for entity in mentioned.values():
        yield quad(entity.iri, RDF.type, term(KG[entity.cls]))
        yield quad(entity.iri, RDFS.label, text(entity.label))
        yield quad(entity.iri, KG.mentionedIn, doc)
        if rng.random() < 0.4:
            yield quad(entity.iri, SKOS.altLabel, text(entity.label.split()[0]))
        if entity.cls == "Person" and rng.random() < 0.1:
            yield quad(entity.iri, KG.title, text(rng.choice(TITLES)))

    here = list(mentioned.values())
    offset = 0
    for _ in range(4):
        predicate = rng.choice(list(FACTS))
        subjects, objects = FACTS[predicate]
        subject = next((e for e in here if e.cls in subjects), None) or rng.choice(by_class[subjects[0]])
        obj = next((e for e in reversed(here) if e.cls in objects), None) or rng.choice(by_class[objects[0]])
        s, p, o = subject.iri, term(KG[predicate]), obj.iri
        sentence = f"{subject.label} {predicate} {obj.label}, officials said on {rng.choice(TITLES)} day."
        fact = term(fact_iri(BASE, s.value, p.value, o.value, doc_id, str(offset)))
        yield ox.Quad(s, p, o, doc)
        yield quad(fact, RDF.type, term(RDF.Statement))
        yield quad(fact, RDF.subject, s)
        yield quad(fact, RDF.predicate, p)
        yield quad(fact, RDF.object, o)
        yield from _provenance(quad, fact, doc, sentence, offset, rng)
        offset += len(sentence) + 1

    for n in range(2):
        cls = rng.choice(EVENTS)
        agent = next((e for e in here if e.cls == "Person"), pool[0])
        other = rng.choice(here)
        node = term(event_iri(BASE, doc_id, offset, n + 1))
        sentence = f"{agent.label} and {other.label} met, {rng.choice(TITLES)} said."
        yield quad(node, RDF.type, term(KG[cls]))
        yield quad(node, RDFS.label, text(f"{agent.label} {cls.lower()} {other.label}"))
        yield quad(node, KG.mentionedIn, doc)
        yield quad(node, KG.agent, agent.iri)
        yield quad(node, ROLES.get(cls, KG.recipient), other.iri)
        if cls == "GiftGiving":
            yield quad(node, KG.recipient, rng.choice(by_class["Person"]).iri)
        if cls == "Statement":
            yield quad(node, KG.quote, text(f"We will {rng.choice(SYLLABLES)} together, {number}."))
        if rng.random() < 0.5:
            yield quad(node, KG.date, typed(f"20{number % 25:02d}-{number % 12 + 1:02d}", XSD.gYearMonth))
        yield from _provenance(quad, node, doc, sentence, offset, rng)
        offset += len(sentence) + 1


def _provenance(
    quad: Callable[[ox.NamedNode, str, ox.NamedNode | ox.Literal], ox.Quad],
    node: ox.NamedNode,
    doc: ox.NamedNode,
    sentence: str,
    offset: int,
    rng: random.Random,
) -> Iterator[ox.Quad]:
    yield quad(node, PROV.wasDerivedFrom, doc)
    yield quad(node, KG.evidence, text(sentence))
    yield quad(node, KG.startOffset, typed(offset, XSD.integer))
    yield quad(node, KG.endOffset, typed(offset + len(sentence), XSD.integer))
    yield quad(node, KG.confidence, typed(Decimal(str(round(rng.uniform(0.5, 1.0), 3))), XSD.decimal))


# --- timing ------------------------------------------------------------------------------------------


def timed(work: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs of ``work``, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def report(title: str, rows: Sequence[tuple[str, float | None, str]]) -> None:
    """Rows of (what, seconds or None if skipped, note), with the ratio to the pyoxigraph row."""
    direct = next(seconds for what, seconds, _ in rows if what.startswith("pyoxigraph"))
    print(f"\n{title}")
    for what, seconds, note in rows:
        if seconds is None or direct is None:
            print(f"  {what:<34} {'-':>9}          {note}")
        else:
            print(f"  {what:<34} {seconds:>8.2f}s  {seconds / direct:>5.2f}x  {note}")


def rdflib_graph(triples: Sequence[ox.Triple]) -> Any:
    import rdflib

    def node(value: Any) -> Any:
        if isinstance(value, ox.NamedNode):
            return rdflib.URIRef(value.value)
        if value.language:
            return rdflib.Literal(value.value, lang=value.language)
        datatype = value.datatype.value
        return rdflib.Literal(value.value, datatype=None if datatype == str(XSD.string) else datatype)

    graph = rdflib.Graph()
    for triple in triples:
        graph.add((node(triple.subject), node(triple.predicate), node(triple.object)))
    return graph


# --- (c) the endpoint under load -----------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    seconds: float
    latencies: list[float]
    errors: int

    def line(self, what: str, direct: float | None = None) -> str:
        latencies = sorted(self.latencies) or [0.0]
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))] * 1000
        rate = len(self.latencies) / self.seconds
        ratio = f"{direct / rate:>5.2f}x" if direct else "    -"
        timing = f"p50 {p50:7.1f} ms  p99 {p99:8.1f} ms"
        return f"  {what:<34} {rate:>7.1f}/s  {ratio}  {timing}  errors {self.errors}"


def mix(requests: int, people: Sequence[str]) -> list[str]:
    """``requests`` queries, the example queries in turn (person-profile.rq about PEOPLE people in turn),
    in a fixed shuffled order."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(QUERIES.glob("*.rq"))]
    chosen = list(people[50 : 50 + PEOPLE]) or list(people)
    queries = []
    for i in range(requests):
        text = texts[i % len(texts)]
        if '"Xi Jinping"@en' in text:
            name = chosen[(i // len(texts)) % len(chosen)].replace("\\", "\\\\").replace('"', '\\"')
            text = text.replace('"Xi Jinping"@en', f'"{name}"@en')
        queries.append(text)
    random.Random(1).shuffle(queries)
    return queries


def load(send: Callable[[str], bool], queries: Sequence[str], clients: int) -> Load:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def one(query: str) -> None:
        nonlocal errors
        started = time.perf_counter()
        ok = send(query)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            errors += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, queries))
    return Load(time.perf_counter() - started, latencies, errors)


def http_sender(url: str) -> Callable[[str], bool]:
    def send(query: str) -> bool:
        body = urllib.parse.urlencode({"query": query}).encode()
        headers = {"Accept": "application/sparql-results+json"}
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                response.read()
                return bool(response.status == 200)
        except (OSError, ValueError):
            return False

    return send


def _solutions(result: Any) -> ox.QuerySolutions:
    assert isinstance(result, ox.QuerySolutions)
    return result


def direct_sender(store: ox.Store) -> Callable[[str], bool]:
    def send(query: str) -> bool:
        return bool(_solutions(store.query(query)).serialize(format=ox.QueryResultsFormat.JSON))

    return send


# --- main ------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the union graph (default 1M)")
    parser.add_argument("--requests", type=int, default=2000, help="queries sent to kg serve (default 2000)")
    parser.add_argument(
        "--serve-triples",
        type=int,
        default=50_000,
        help="size of the graph kg serve answers from (default 50k)",
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each timing in (a), (b), best kept")
    parser.add_argument("--no-rdflib", dest="rdflib", action="store_false", help="leave rdflib out")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    quads, people = generate(args.triples)
    triples = union(quads)
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    print(
        f"graph: {len(quads):,} quads in {len({q.graph_name for q in quads}):,} document graphs, "
        f"{len(triples):,} triples in the union; made in {time.perf_counter() - started:.1f} s"
    )
    graph = None
    if args.rdflib:
        seconds, graph = timed(lambda: rdflib_graph(triples))
        print(f"rdflib graph built in {seconds:.1f} s (not counted)")

    # (a) Turtle
    in_store = [quad.triple for quad in store]  # the order a pyoxigraph user has: the store's
    kg_s, written = timed(lambda: turtle(quads, BASE), args.repeat)
    names = prefixes(BASE)
    ox_s, _ = timed(lambda: ox.serialize(in_store, format=ox.RdfFormat.TURTLE, prefixes=names), args.repeat)
    default = ox.DefaultGraph()
    dump_s, _ = timed(lambda: store.dump(format=ox.RdfFormat.TURTLE, from_graph=default), args.repeat)
    rows: list[tuple[str, float | None, str]] = [
        ("kg.export.rdf.turtle", kg_s, f"{len(written) / 1e6:.0f} MB; merges the graphs and sorts"),
        ("pyoxigraph serialize", ox_s, "the same triples in the store's order, same prefixes"),
        ("pyoxigraph Store.dump", dump_s, "the store's own order, no prefixes"),
    ]
    if graph is not None:
        rl_s, _ = timed(lambda: graph.serialize(format="turtle"), 1)
        rows.append(("rdflib Graph.serialize", rl_s, "one run"))
    else:
        rows.append(("rdflib Graph.serialize", None, "skipped (--no-rdflib)"))
    report("(a) Turtle export of the union graph", rows)

    # (b) a GROUP BY query
    kg_s, _ = timed(lambda: format_result(run_query(store, GROUP_BY), "json"), args.repeat)
    ox_s, _ = timed(
        lambda: _solutions(store.query(GROUP_BY)).serialize(format=ox.QueryResultsFormat.JSON), args.repeat
    )
    rows = [("kg.query.run_query + format_result", kg_s, ""), ("pyoxigraph Store.query", ox_s, "")]
    if graph is not None:
        rl_s, _ = timed(lambda: graph.query(GROUP_BY).serialize(format="json"), 1)
        rows.append(("rdflib Graph.query", rl_s, "one run"))
    else:
        rows.append(("rdflib Graph.query", None, "skipped (--no-rdflib)"))
    report("(b) GROUP BY: entities and events per class, as SPARQL JSON", rows)

    # (c) kg serve under load
    if args.serve_triples != args.triples:
        quads, people = generate(args.serve_triples)
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in union(quads))
    queries = mix(args.requests, people)
    for query in sorted(set(queries))[:20]:  # warm up: the store's first queries pay for its caches
        direct_sender(store)(query)
    direct = load(direct_sender(store), queries, args.clients)
    server = make_server(store, port=0, max_running=args.clients, timeout=300.0, max_rows=1_000_000)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        served = load(http_sender(server.url), queries, args.clients)
    finally:
        server.shutdown()
        server.server_close()
    rate = len(direct.latencies) / direct.seconds
    print(
        f"\n(c) {len(queries)} example queries on {len(store):,} triples, {args.clients} clients at once "
        "(ratio: time per query)"
    )
    print(served.line("kg serve (HTTP, JSON results)", rate))
    print(direct.line("pyoxigraph Store.query, in process", rate))
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 1 if served.errors else 0


if __name__ == "__main__":
    sys.exit(main())
