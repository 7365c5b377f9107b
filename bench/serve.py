"""Speed of kg's Turtle writer, queries and endpoint against pyoxigraph used directly (and rdflib).

    python bench/serve.py [--triples 1000000] [--requests 2000] [--clients 8] [--repeat 3] [--no-rdflib]

A deterministic, synthetic graph of kg's shape is generated (``--triples``, about 1M by default; not
built from real articles, which would take hours of spaCy at this size): documents with an
identifier, label, title and date; people, organisations, companies, places and products with a
type, an ``@en`` label, ``skos:altLabel`` and ``kg:mentionedIn`` each document they appear in (a few
are in very many, most in a few); facts asserted directly and described by an ``rdf:Statement`` with
the evidence sentence, offsets, confidence and source document; and events (visits, meetings,
gifts, statements with quotes) with their roles, dates and provenance. Quads carry their document as
graph name and each document's quads are made sorted by ``kg.graph.sorted_quads``, as
``kg.graph.document_quads`` makes them; IRIs are minted by ``kg.iris``.

It prints, each as seconds and as a ratio to pyoxigraph used directly (the goal: kg within 1.5x):

(a) Turtle of the union graph. pyoxigraph, two ways: ``Store.dump`` of a store that already holds
    the union, with kg's prefixes (no merging, its own order); and the job ``kg build`` does, from
    the quads in their document graphs: their triples deduplicated (in Python: pyoxigraph's own
    ways, a SPARQL CONSTRUCT over the union or an INSERT into the default graph, take 3-4 times
    longer) and ``serialize``. kg: ``kg.export.rdf.turtle`` (what ``kg build`` writes: subjects
    sorted, each once, so that the same document graphs give the same bytes) from those quads, and
    from the store of the first row. rdflib: ``Graph.serialize``. Ratios are to ``Store.dump``.
    Then the other files ``kg build`` writes from the same prepared dataset.
(b) a GROUP BY query (entities and events per class) written as SPARQL JSON results: through
    ``kg.query.run_query`` + ``format_result``, ``Store.query(...).serialize`` and rdflib's
    ``Graph.query(...).serialize``, best of ``--repeat``;
(c) ``kg serve`` (``kg.serve.make_server``, ``max_running`` raised to the number of clients, so one
    worker process per client): the throughput, p50 and p99 latency and error count of
    ``--clients`` concurrent clients sending ``--requests`` queries over HTTP (the example queries
    of ``ontology/queries`` in turn, the person of person-profile.rq changing each time), against
    the same queries run on the store directly by as many threads. Every example query reads the
    whole graph: on 1M triples they take 0.1 to 10 s each, so (c) takes the better part of an
    hour; ``--serve-triples 50000`` answers from a smaller graph instead.

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

from kg.export import RDF_WRITERS  # noqa: E402
from kg.export.rdf import prefixes, prepare, turtle  # noqa: E402
from kg.graph import sorted_quads, term, text, typed  # noqa: E402
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
Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]
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
        graph = term(document_iri(BASE, _id(number)))
        quads.extend(sorted_quads(_document(rng, number, pool, weights, by_class), graph))
    return quads, [entity.label for entity in by_class["Person"]]


def _name(rng: random.Random, cls: str) -> str:
    words = 2 if cls == "Person" else rng.choice((1, 2, 3))
    name = " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).title() for _ in range(words)
    )
    return f"{name} {rng.randrange(1000)}" if rng.random() < 0.5 else name


def _id(number: int) -> str:
    return f"{('business', 'politics', 'sport', 'tech', 'world')[number % 5]}/{number:06d}"


def _document(
    rng: random.Random,
    number: int,
    pool: Sequence[Entity],
    weights: Sequence[float],
    by_class: dict[str, list[Entity]],
) -> Iterator[Triple]:
    """The triples of one document's graph (with repeats, as kg.graph makes them)."""
    doc_id = _id(number)
    doc = term(document_iri(BASE, doc_id))

    def quad(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> Triple:
        return s, term(p), o

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
        yield s, p, o
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
    quad: Callable[[ox.NamedNode, str, ox.NamedNode | ox.Literal], Triple],
    node: ox.NamedNode,
    doc: ox.NamedNode,
    sentence: str,
    offset: int,
    rng: random.Random,
) -> Iterator[Triple]:
    yield quad(node, PROV.wasDerivedFrom, doc)
    yield quad(node, KG.evidence, text(sentence))
    yield quad(node, KG.startOffset, typed(offset, XSD.integer))
    yield quad(node, KG.endOffset, typed(offset + len(sentence), XSD.integer))
    yield quad(node, KG.confidence, typed(Decimal(str(round(rng.uniform(0.5, 1.0), 3))), XSD.decimal))


# --- timing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Best wall-clock and best CPU seconds (this process) of some runs."""

    wall: float
    cpu: float


def timed(work: Callable[[], Any], repeat: int = 1) -> tuple[Timing, Any]:
    """Best wall and CPU time of ``repeat`` runs of ``work``, and its last result. CPU time is this
    process's: on a shared machine it moves less than wall time, which other processes slow down."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        gc.collect()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = work()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - cpu_started)
    return Timing(wall, cpu), result


def report(title: str, rows: Sequence[tuple[str, Timing | None, str]]) -> None:
    """Rows of (what, timing or None if skipped, note), with the ratios to the first pyoxigraph row."""
    direct = next(timing for what, timing, _ in rows if what.startswith("pyoxigraph"))
    print(f"\n{title}\n  {'':<34} {'wall':>9}   ratio  {'cpu':>7}   ratio")
    for what, timing, note in rows:
        if timing is None or direct is None:
            print(f"  {what:<34} {'-':>9}  {'':>6}  {'-':>7}  {'':>6}  {note}")
        else:
            print(
                f"  {what:<34} {timing.wall:>8.2f}s  {timing.wall / direct.wall:>5.2f}x  {timing.cpu:>6.2f}s  "
                f"{timing.cpu / max(direct.cpu, 1e-9):>5.2f}x  {note}"
            )


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


def union_store(quads: Sequence[ox.Quad]) -> ox.Store:
    """A store whose default graph is the union of the quads' graphs, filled document by document
    (as ``kg build --store`` fills its union graph)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in dict.fromkeys(q.triple for q in quads))
    return store


def turtle_rows(quads: Sequence[ox.Quad], store: ox.Store, graph: Any, repeat: int) -> None:
    """(a): Turtle of the union graph, then the other files kg build writes."""
    names = prefixes(BASE)
    default = ox.DefaultGraph()
    dump_s, dumped = timed(lambda: store.dump(format=ox.RdfFormat.TURTLE, from_graph=default, prefixes=names), repeat)
    union_s, _ = timed(lambda: ox.serialize(dict.fromkeys(q.triple for q in quads), format=ox.RdfFormat.TURTLE,
                                            prefixes=names), repeat)
    kg_quads_s, from_quads = timed(lambda: turtle(quads, BASE), repeat)
    kg_store_s, written = timed(lambda: turtle(store, BASE), repeat)
    rows: list[tuple[str, Timing | None, str]] = [
        ("pyoxigraph Store.dump", dump_s, f"{len(dumped or b'') / 1e6:.0f} MB; a store already holding the union"),
        ("pyoxigraph serialize(union)", union_s, "the same job as kg build: the document graphs' union, "
                                                 "deduplicated in Python, then serialize"),
        ("kg turtle(quads)", kg_quads_s, f"{len(from_quads) / 1e6:.0f} MB; what kg build does: document graphs "
                                         "merged, subjects sorted"),
        ("kg turtle(store)", kg_store_s, f"{len(written) / 1e6:.0f} MB; from the store of the first row"),
    ]
    if graph is not None:
        rl_s, _ = timed(lambda: graph.serialize(format="turtle"), 1)
        rows.append(("rdflib Graph.serialize", rl_s, "one run"))
    else:
        rows.append(("rdflib Graph.serialize", None, "skipped (--no-rdflib)"))
    report("(a) Turtle export of the union graph", rows)
    dataset = prepare(quads, BASE)
    dataset.turtle  # noqa: B018 (computed once for every file, as kg build does)
    others = []
    for name, write in RDF_WRITERS.items():
        seconds, data = timed(lambda write=write: write(dataset, BASE), 1)  # type: ignore[misc]
        others.append(f"{name} {seconds.wall:.2f}s ({len(data) / 1e6:.0f} MB)")
    print("  kg build's other RDF files, from the same prepared dataset: " + ", ".join(others))


def group_by_rows(store: ox.Store, graph: Any, repeat: int) -> None:
    """(b): a GROUP BY query written as SPARQL JSON results."""
    kg_s, _ = timed(lambda: format_result(run_query(store, GROUP_BY), "json"), repeat)
    ox_s, _ = timed(
        lambda: _solutions(store.query(GROUP_BY)).serialize(format=ox.QueryResultsFormat.JSON), repeat
    )
    rows: list[tuple[str, Timing | None, str]] = [
        ("pyoxigraph Store.query", ox_s, ""), ("kg.query.run_query + format_result", kg_s, "")
    ]
    if graph is not None:
        rl_s, _ = timed(lambda: graph.query(GROUP_BY).serialize(format="json"), 1)
        rows.append(("rdflib Graph.query", rl_s, "one run"))
    else:
        rows.append(("rdflib Graph.query", None, "skipped (--no-rdflib)"))
    report("(b) GROUP BY: entities and events per class, as SPARQL JSON", rows)


def serve_rows(store: ox.Store, people: Sequence[str], requests: int, clients: int) -> int:
    """(c): kg serve under load, then the same queries on the store in process; the errors."""
    queries = mix(requests, people)
    for query in sorted(set(queries))[:20]:  # warm up: the store's first queries pay for its caches
        direct_sender(store)(query)
    print(
        f"\n(c) {len(queries)} example queries on {len(store):,} triples, {clients} clients at once "
        "(ratio: time per query)",
        flush=True,
    )
    server = make_server(store, port=0, max_running=clients, timeout=300.0, max_rows=1_000_000)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        served = load(http_sender(server.url), queries, clients)
    finally:
        server.shutdown()
        server.server_close()
    print(served.line("kg serve (HTTP, JSON results)"), flush=True)
    direct = load(direct_sender(store), queries, clients)
    rate = len(direct.latencies) / direct.seconds
    print(direct.line("pyoxigraph Store.query, in process", rate))
    print(served.line("kg serve, against it", rate))
    return served.errors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the union graph (default 1M)")
    parser.add_argument("--requests", type=int, default=2000, help="queries sent to kg serve (default 2000)")
    parser.add_argument(
        "--serve-triples", type=int, default=None, help="size of the graph kg serve answers from (default: --triples)"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each timing in (a), (b), best kept")
    parser.add_argument("--no-rdflib", dest="rdflib", action="store_false", help="leave rdflib out")
    parser.add_argument("--skip", choices=("a", "b", "c"), action="append", default=[], help="leave a part out")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    quads, people = generate(args.triples)
    store = union_store(quads)
    print(
        f"graph: synthetic, of kg's shape (bench/serve.py generate): {len(quads):,} quads in "
        f"{len({q.graph_name for q in quads}):,} document graphs, {len(store):,} triples in the union; "
        f"made in {time.perf_counter() - started:.1f} s"
    )
    graph = None
    if args.rdflib and {"a", "b"} - set(args.skip):
        seconds, graph = timed(lambda: rdflib_graph([q.triple for q in store]))
        print(f"rdflib graph built in {seconds.wall:.1f} s (not counted)")
    if "a" not in args.skip:
        turtle_rows(quads, store, graph, args.repeat)
    if "b" not in args.skip:
        group_by_rows(store, graph, args.repeat)
    del graph
    errors = 0
    if "c" not in args.skip:
        if args.serve_triples not in (None, args.triples):
            quads, people = generate(args.serve_triples)
            store = union_store(quads)
        del quads
        errors = serve_rows(store, people, args.requests, args.clients)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
