"""kg's exports load into real triple stores, and the stores answer the example queries as kg does.

The stores: the Oxigraph server (loaded with ``kg push``), Apache Jena (``riot``, ``arq``), Raptor and
Redland (``rapper``, ``rdfproc``) and Virtuoso (the isql bulk loader, ``/sparql`` and its Graph Store
endpoint); and a real SPARQL client, SPARQLWrapper, against ``kg serve``. Each server is started here
on 127.0.0.1 and a free port, waited for within a bound, and stopped in its fixture's teardown; a test
skips, saying what to install, when its tool is missing (``.ci/run`` installs them all).

The data: the seed exports, and the exports of 200 BBC articles (the first 40 of each topic), built
once per run (about a minute). These tests are marked ``interop``: ``pytest -m "not interop"`` skips them.

Results are compared as lists of rows when the query has ORDER BY and as sets of rows otherwise,
each term as its kind, lexical value, language tag and datatype (``xsd:string`` counting as none),
after two normalisations: the values a GROUP_CONCAT joins are sorted (SPARQL leaves their order
open, and Jena and Virtuoso join them in another order than Oxigraph), and a GROUP_CONCAT over no
value counts as "" (Virtuoso gives "", Oxigraph and Jena leave it unbound). CSV results, which
keep lexical values only, are compared as such.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.errors import KGError
from kg.formats import ResultFormat
from kg.push import PushReport, push
from kg.query import Query, format_result, run_query
from kg.serve import make_server
from kg.store import open_graph
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.interop

QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
QUERY_IDS = [query.stem for query in QUERIES]
BBC_PER_TOPIC = 40
START_TIMEOUT = 90.0  # seconds a server may take to be ready
RUN_TIMEOUT = 300.0  # seconds one command-line tool may take
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


# --- results as comparable tables ----------------------------------------------------------------

Term = tuple[str, str, str | None, str | None]
"""kind (uri, literal, bnode), lexical value or IRI, language tag, datatype (None for xsd:string)."""
Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class Table:
    """A SELECT result: its variables and rows, unbound cells as None."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]


def from_json(data: bytes | str | dict[str, Any]) -> Table:
    """A table from the W3C SPARQL 1.1 Query Results JSON format."""
    parsed = json.loads(data) if isinstance(data, (bytes, str)) else data
    variables = tuple(parsed["head"]["vars"])
    rows = tuple(
        tuple(_json_term(binding.get(name)) for name in variables)
        for binding in parsed["results"]["bindings"]
    )
    return Table(variables, rows)


def _json_term(term: dict[str, str] | None) -> Term | None:
    if term is None or term["type"] == "unbound":  # Rasqal writes an unbound cell as {"type": "unbound"}
        return None
    kind = "literal" if term["type"] == "typed-literal" else term["type"]  # the old name some stores use
    datatype = term.get("datatype")
    language = term.get("xml:lang")
    return (
        kind,
        term["value"],
        language.lower() if language else None,
        None if datatype == XSD_STRING else datatype,
    )


def from_results(data: bytes, fmt: ox.QueryResultsFormat) -> Table:
    """A table from TSV or XML results, read by pyoxigraph."""
    result = ox.parse_query_results(data, fmt)
    assert isinstance(result, ox.QuerySolutions)
    variables = tuple(variable.value for variable in result.variables)
    return Table(
        variables, tuple(tuple(_ox_term(solution[name]) for name in variables) for solution in result)
    )


def _ox_term(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    assert isinstance(term, ox.Literal)
    datatype = None if term.language or term.datatype.value == XSD_STRING else term.datatype.value
    return ("literal", term.value, term.language.lower() if term.language else None, datatype)


def from_csv(data: bytes | str) -> Table:
    """A table from CSV results: every cell a lexical value, an empty cell None."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    header, *lines = list(csv.reader(io.StringIO(text)))
    rows = tuple(tuple(("csv", cell, None, None) if cell else None for cell in line) for line in lines)
    return Table(tuple(header), rows)


_GROUP_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\([^;)]*(?:;\s*SEPARATOR\s*=\s*"([^"]*)")?\s*\)\s*AS\s*\?(\w+)', re.IGNORECASE
)


def normalised(table: Table, query: str, *, words: bool = False) -> Table:
    """``table`` with each GROUP_CONCAT's values sorted, and a GROUP_CONCAT over nothing as "".

    ``words``: a GROUP_CONCAT becomes its sorted words, separators dropped (for Rasqal, which
    ignores SEPARATOR and joins with a space).
    """
    joined = {name: separator or " " for separator, name in _GROUP_CONCAT.findall(query)}
    columns = {table.variables.index(name): sep for name, sep in joined.items() if name in table.variables}
    if not columns:
        return table
    rows = []
    for row in table.rows:
        cells = list(row)
        for i, separator in columns.items():
            cell = cells[i]
            value = "" if cell is None else cell[1]
            if words:
                value = " ".join(sorted(value.replace(separator, " ").split()))
            elif value:
                value = separator.join(sorted(value.split(separator)))
            cells[i] = ("csv" if cell is not None and cell[0] == "csv" else "literal", value, None, None)
        rows.append(tuple(cells))
    return Table(table.variables, tuple(rows))


def assert_same(expected: Table, got: Table, query: Path, where: str, *, words: bool = False) -> None:
    """``got`` (from ``where``) has kg's variables and rows: in order if the query has ORDER BY."""
    text = query.read_text(encoding="utf-8")
    expected, got = normalised(expected, text, words=words), normalised(got, text, words=words)
    assert got.variables == expected.variables, f"{where}: {query.name} has variables {got.variables}"
    if "ORDER BY" in text.upper():
        same = got.rows == expected.rows
    else:
        same = sorted(got.rows, key=repr) == sorted(expected.rows, key=repr)
    if not same:
        missing = [row for row in expected.rows if row not in got.rows][:5]
        extra = [row for row in got.rows if row not in expected.rows][:5]
        pytest.fail(
            f"{where}: {query.name} gives {len(got.rows)} rows, kg {len(expected.rows)}; "
            f"only kg: {missing}; only {where}: {extra}"
            + ("" if missing or extra else "; the same rows in another order")
        )


# --- the data: seeds and 200 BBC articles ----------------------------------------------------------


@dataclass
class Dataset:
    """One build's exports, and what kg says about them."""

    name: str
    folder: Path
    _expected: dict[tuple[str, str], Table] = field(default_factory=dict)

    def file(self, extension: str) -> Path:
        return self.folder / f"graph.{extension}"

    @cached_property
    def store(self) -> ox.Store:
        """What ``kg query exports/graph.ttl`` queries."""
        return open_graph(self.file("ttl"))

    @cached_property
    def graph_sizes(self) -> dict[str, int]:
        """Triples in each named graph of graph.trig (one per document), by graph IRI."""
        written = format_result(run_query(open_graph(self.file("trig")), GRAPH_SIZES), ResultFormat.JSON)
        assert isinstance(written, bytes)
        return sizes(from_json(written))

    @cached_property
    def triples(self) -> int:
        return sum(1 for _ in ox.parse(path=self.file("nt"), format=ox.RdfFormat.N_TRIPLES))

    @cached_property
    def quads(self) -> int:
        """Statements in graph.trig: the union in the default graph, then each document's graph."""
        return sum(1 for _ in ox.parse(path=self.file("trig"), format=ox.RdfFormat.TRIG))

    def expected(self, query: Path | str, fmt: ResultFormat = ResultFormat.JSON) -> Table:
        """kg's answer to ``query`` (a .rq file or query text), read back from ``fmt`` (JSON or CSV)."""
        text = query.read_text(encoding="utf-8") if isinstance(query, Path) else query
        key = (text, fmt.label)
        if key not in self._expected:
            written = format_result(run_query(self.store, Query(text)), fmt)
            assert isinstance(written, bytes)
            self._expected[key] = from_csv(written) if fmt is ResultFormat.CSV else from_json(written)
        return self._expected[key]


@pytest.fixture(scope="session")
def bbc_build(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exports of 200 BBC articles, the first 40 of each topic; ids are ``business/001`` and so on."""
    from kg.config import Settings
    from kg.pipeline import build

    source = DATA / "bbc_news"
    if not source.is_dir():
        pytest.skip(f"{source} is missing: the BBC articles come with ../shared/data")
    articles = tmp_path_factory.mktemp("bbc_news")
    for topic in sorted(path for path in source.iterdir() if path.is_dir()):
        (articles / topic.name).mkdir()
        for file in sorted(topic.glob("*.txt"))[:BBC_PER_TOPIC]:
            shutil.copyfile(file, articles / topic.name / file.name)
    out = tmp_path_factory.mktemp("bbc-exports")
    build([articles], out, Settings(), nlp=nlp)
    return out


@pytest.fixture(scope="session", params=["seeds", "bbc200"])
def dataset(request: pytest.FixtureRequest) -> Dataset:
    folder = request.getfixturevalue("seeds_build" if request.param == "seeds" else "bbc_build")
    return Dataset(request.param, folder)


# --- starting and stopping servers -----------------------------------------------------------------


def free_ports(count: int) -> list[int]:
    """``count`` different TCP ports free on 127.0.0.1 now."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def tool(name: str, package: str) -> str:
    """The path of command ``name`` (also looked for beside this Python), or skip naming what to install."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed: {package}")
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


@contextmanager
def started(
    command: Sequence[str], *, log: Path, ready: Callable[[], bool], cwd: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` until the block ends, once ``ready()`` says it is up (within START_TIMEOUT)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=cwd
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not ready():
            if process.poll() is not None:
                pytest.fail(
                    f"{command[0]} exited with {process.returncode} before it was ready:\n{_tail(log)}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"{command[0]} was not ready within {START_TIMEOUT:g} s:\n{_tail(log)}")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(20)


def _tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def run(command: Sequence[str | Path], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
        **kwargs,
    )


def post(url: str, params: dict[str, str], accept: str) -> bytes:
    body = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return bytes(response.read())


JSON_RESULTS = "application/sparql-results+json"
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def sizes(table: Table) -> dict[str, int]:
    return {row[0][1]: int(row[1][1]) for row in table.rows if row[0] and row[1]}


# --- Oxigraph server, loaded with kg push ------------------------------------------------------------


@dataclass
class OxigraphServer:
    url: str
    pushed: list[PushReport]

    def select(self, query: str) -> Table:
        return from_json(post(f"{self.url}/query", {"query": query}, JSON_RESULTS))


@pytest.fixture(scope="session")
def oxigraph(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """``oxigraph serve`` on a fresh folder, loaded by kg push: each document's graph, then the union."""
    command = tool("oxigraph", "pip install oxigraph (it is in the test extras)")
    folder = tmp_path_factory.mktemp(f"oxigraph-{dataset.name}")
    url = f"http://127.0.0.1:{free_ports(1)[0]}"
    ready = f"{url}/query?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    serve = [command, "serve", "--location", str(folder / "store"), "--bind", url.removeprefix("http://")]
    with started(serve, log=folder / "server.log", ready=lambda: answers(ready)):
        store = open_graph(dataset.file("trig"))
        reports = [
            push(store, f"{url}/store", per_document=True, timeout=60),
            push(store, f"{url}/store", per_document=False, timeout=60),
        ]
        yield OxigraphServer(url, reports)


def test_oxigraph_holds_what_kg_push_sent(oxigraph: OxigraphServer, dataset: Dataset) -> None:
    per_document, default = oxigraph.pushed
    documents = dataset.graph_sizes
    assert len(documents) == len(per_document.graphs) > 0
    assert {graph.name: graph.triples for graph in per_document.graphs} == documents
    assert all(200 <= graph.status < 300 for report in oxigraph.pushed for graph in report.graphs)
    assert default.graphs[0].name is None and default.graphs[0].triples == dataset.triples

    assert sizes(oxigraph.select(GRAPH_SIZES)) == documents
    assert int(oxigraph.select(DEFAULT_SIZE).rows[0][0][1]) == dataset.triples  # type: ignore[index]

    again = push(open_graph(dataset.file("trig")), f"{oxigraph.url}/store", per_document=True)
    assert again.method == "PUT" and sizes(oxigraph.select(GRAPH_SIZES)) == documents, "PUT replaces"


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
def test_oxigraph_answers_the_example_queries_as_kg(
    oxigraph: OxigraphServer, dataset: Dataset, query: Path
) -> None:
    got = oxigraph.select(query.read_text(encoding="utf-8"))
    assert_same(dataset.expected(query), got, query, "oxigraph server")


# --- Apache Jena: riot and arq ---------------------------------------------------------------------

JAVA_LIBRARIES = Path("/usr/share/java")
JENA_DEPENDENCIES = (
    "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "gson", "guava", "httpclient", "httpclient-cache", "httpcore", "jackson-annotations",
    "jackson-core", "jackson-databind", "jakarta.json-api", "jsonld-java", "protobuf", "thrift",
    "titanium-json-ld", "slf4j-api", "slf4j-simple",
)  # fmt: skip
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto")  # quicker starts for short runs
ARQ_FORMATS = {"seeds": ("JSON", "TSV", "CSV"), "bbc200": ("JSON",)}


@dataclass(frozen=True)
class Jena:
    java: str
    classpath: str

    def run(self, main: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return run([self.java, *JVM_OPTIONS, "-cp", self.classpath, main, *args])


@pytest.fixture(scope="session")
def jena(tmp_path_factory: pytest.TempPathFactory) -> Jena:
    """Debian's Jena jars (libapache-jena-java has no launchers) run with java, riot and arq as main classes.

    Debian's jena-core.jar moves its bundled Xerces classes to the package ``xerces`` but leaves their
    message files under ``org/apache/jena/ext/xerces``, so Jena dies at start-up (an
    ExceptionInInitializerError in ``xerces.impl.dv.SchemaDVFactory``); the files are put where the
    classes look for them.
    """
    java = tool("java", "apt-get install default-jre-headless")
    if not (JAVA_LIBRARIES / "jena-cmds.jar").is_file():
        pytest.skip("Apache Jena is not installed: apt-get install libapache-jena-java")
    resources = tmp_path_factory.mktemp("jena-resources")
    with zipfile.ZipFile(JAVA_LIBRARIES / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = resources / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = sorted(JAVA_LIBRARIES.glob("jena-*.jar"))
    jars = [jar for jar in jars if not re.search(r"-\d", jar.stem)]  # the unversioned links only
    jars += [JAVA_LIBRARIES / f"{name}.jar" for name in JENA_DEPENDENCIES]
    return Jena(java, os.pathsep.join(str(path) for path in [resources, *jars] if path.exists()))


_COUNT = re.compile(r"^(\S+) : (Triples|Quads) = ([\d,]+)", re.MULTILINE)


def _riot_counts(output: str) -> dict[str, int]:
    return {Path(urllib.parse.unquote(urllib.parse.urlsplit(uri).path)).name: int(n.replace(",", ""))
            for uri, _, n in _COUNT.findall(output)}  # fmt: skip


def test_riot_validates_every_export(jena: Jena, dataset: Dataset) -> None:
    files = [dataset.file(extension) for extension in ("ttl", "nt", "trig")]
    done = jena.run("riotcmd.riot", "--validate", "--count", *files)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert not re.search(r"\b(WARN|ERROR)\b", output), output
    counts = {"graph.ttl": dataset.triples, "graph.nt": dataset.triples, "graph.trig": dataset.quads}
    assert _riot_counts(output) == counts

    # Jena's default JSON-LD reader (titanium, JSON-LD 1.1) needs a Jakarta JSON-P implementation that
    # Debian does not package; its JSON-LD 1.0 reader (jsonld-java) reads the file.
    done = jena.run("riotcmd.riot", "--validate", "--count", "--syntax=jsonld10", dataset.file("jsonld"))
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert not re.search(r"\b(WARN|ERROR)\b", output), output
    assert _riot_counts(output) == {"graph.jsonld": dataset.triples}


@pytest.fixture(scope="session")
def arq_results(jena: Jena, dataset: Dataset) -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    """``arq --data graph.ttl --query Q.rq --results=F`` for every example query and format, a few at once."""
    jobs = [(query, fmt) for query in QUERIES for fmt in ARQ_FORMATS[dataset.name]]

    def arq(job: tuple[Path, str]) -> subprocess.CompletedProcess[str]:
        query, fmt = job
        return jena.run("arq.arq", f"--data={dataset.file('ttl')}", f"--query={query}", f"--results={fmt}")

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        done = list(pool.map(arq, jobs))
    return {(query.stem, fmt): result for (query, fmt), result in zip(jobs, done, strict=True)}


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
def test_arq_answers_the_example_queries_as_kg(
    arq_results: dict[tuple[str, str], subprocess.CompletedProcess[str]], dataset: Dataset, query: Path
) -> None:
    for fmt in ARQ_FORMATS[dataset.name]:
        done = arq_results[(query.stem, fmt)]
        assert done.returncode == 0 and not re.search(r"\b(WARN|ERROR)\b", done.stderr), done.stderr
        if fmt == "JSON":
            got, expected = from_json(done.stdout), dataset.expected(query)
        elif fmt == "TSV":
            got, expected = (
                from_results(done.stdout.encode(), ox.QueryResultsFormat.TSV),
                dataset.expected(query),
            )
        else:
            got, expected = from_csv(done.stdout), dataset.expected(query, ResultFormat.CSV)
        assert_same(expected, got, query, f"arq --results={fmt}")


# --- Raptor and Redland: rapper and rdfproc ----------------------------------------------------------


@pytest.mark.parametrize(("extension", "syntax"), [("ttl", "turtle"), ("nt", "ntriples"), ("trig", "trig")])
def test_rapper_parses_every_export_with_the_exact_count(
    dataset: Dataset, extension: str, syntax: str
) -> None:
    rapper = tool("rapper", "apt-get install raptor2-utils")
    done = run([rapper, "--input", syntax, "--count", dataset.file(extension)])
    assert done.returncode == 0, done.stderr
    assert not re.search(r"warning|error", done.stderr, re.IGNORECASE), done.stderr
    expected = dataset.quads if extension == "trig" else dataset.triples
    assert f"Parsing returned {expected} triples" in done.stderr


@dataclass(frozen=True)
class Redland:
    rdfproc: str
    options: tuple[str, ...]

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run([self.rdfproc, "-q", *self.options, "kg", *args])

    def select(self, query: str) -> Table:
        """Rasqal's answer; rdfproc exits 0 even on a syntax error, which it prints as ``Error``."""
        done = run([self.rdfproc, "-q", "-r", "json", *self.options, "kg", "query", "sparql", "-", query])
        assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
        return from_json(done.stdout)


@pytest.fixture(scope="session")
def redland(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Redland:
    """graph.nt parsed into a Redland store on disk (Berkeley DB hashes)."""
    rdfproc = tool("rdfproc", "apt-get install redland-utils")
    folder = tmp_path_factory.mktemp(f"redland-{dataset.name}")
    store = Redland(rdfproc, ("-s", "hashes", "-t", f"hash-type='bdb',dir='{folder}'"))
    done = run([rdfproc, "-q", "-n", *store.options, "kg", "parse", dataset.file("nt").as_uri(), "ntriples"])
    assert done.returncode == 0 and not done.stderr, done.stderr
    return store


def test_rdfproc_store_holds_every_triple(redland: Redland, dataset: Dataset) -> None:
    done = redland("serialize", "ntriples")
    assert done.returncode == 0, done.stderr
    assert sum(1 for line in done.stdout.splitlines() if line.strip()) == dataset.triples


_NO_PATHS = "Rasqal (Redland's SPARQL engine) has no property paths (a/b): a syntax error"
RASQAL_CANNOT = {
    name: _NO_PATHS for name in ("events-at-place", "gifts", "person-profile", "places", "quotes", "visits")
}
RASQAL_IGNORES_SEPARATOR = {"companies-by-country"}  # compared word by word, see normalised()


def _rasqal_param(query: Path) -> Any:
    if query.stem in RASQAL_CANNOT:
        return pytest.param(
            query, id=query.stem, marks=pytest.mark.xfail(reason=RASQAL_CANNOT[query.stem], strict=True)
        )
    return pytest.param(query, id=query.stem)


@pytest.mark.parametrize("query", [_rasqal_param(query) for query in QUERIES])
def test_rdfproc_answers_the_example_queries_as_kg(redland: Redland, dataset: Dataset, query: Path) -> None:
    got = redland.select(query.read_text(encoding="utf-8"))
    assert_same(dataset.expected(query), got, query, "rdfproc", words=query.stem in RASQAL_IGNORES_SEPARATOR)


PATH_FREE = {
    "quotes": """PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?speaker ?quote ?to WHERE {
  ?s a kg:Statement ; kg:agent ?agent ; kg:quote ?quote .
  ?agent rdfs:label ?speaker .
  OPTIONAL { ?s kg:recipient ?recipient . ?recipient rdfs:label ?to }
}
ORDER BY ?speaker ?quote ?to
""",
    "gifts": """PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?giver ?gift ?recipient (COUNT(DISTINCT ?event) AS ?mentions) WHERE {
  ?event a kg:GiftGiving ; kg:agent ?agent ; kg:object ?object .
  ?agent rdfs:label ?giver .
  ?object rdfs:label ?gift .
  OPTIONAL { ?event kg:recipient ?r . ?r rdfs:label ?recipient }
}
GROUP BY ?giver ?gift ?recipient
ORDER BY ?giver ?gift ?recipient
""",
}
"""Two example queries with their property paths spelled out as triple patterns, which Rasqal runs."""


@pytest.mark.parametrize("name", sorted(PATH_FREE))
def test_rdfproc_answers_path_free_queries_as_kg(
    redland: Redland, dataset: Dataset, name: str, tmp_path: Path
) -> None:
    query = tmp_path / f"{name}-without-paths.rq"
    query.write_text(PATH_FREE[name], encoding="utf-8")
    assert_same(dataset.expected(query), redland.select(PATH_FREE[name]), query, "rdfproc")


# --- Virtuoso ---------------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Virtuoso:
    isql: str
    sql_port: int
    url: str
    folder: Path

    def sql(self, statements: str) -> str:
        """Run SQL through isql; isql exits 0 even on an error, which it prints as ``*** Error``."""
        done = run([self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"])
        output = done.stdout + done.stderr
        assert done.returncode == 0 and "*** Error" not in output, output
        return done.stdout

    def select(self, query: str, graph: str) -> Table:
        return from_json(
            post(f"{self.url}/sparql", {"query": query, "default-graph-uri": graph}, JSON_RESULTS)
        )


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A throwaway Virtuoso: its own virtuoso.ini and database in a temporary folder, on free local ports."""
    server = tool("virtuoso-t", "apt-get install virtuoso-opensource-7-bin")
    isql = tool("isql-vt", "apt-get install virtuoso-opensource-7-bin")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_ports(2)
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8"
    )
    instance = Virtuoso(isql, sql_port, f"http://127.0.0.1:{http_port}", folder)

    def ready() -> bool:
        done = run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", "exec=SELECT 1;"])
        return (
            done.returncode == 0
            and "*** Error" not in done.stdout + done.stderr
            and answers(f"{instance.url}/sparql?{urllib.parse.urlencode({'query': 'ASK {}'})}")
        )

    with started(
        [server, "+foreground", "+configfile", str(ini)], log=folder / "server.out", ready=ready, cwd=folder
    ):
        yield instance


@pytest.fixture(scope="session")
def virtuoso_graph(virtuoso: Virtuoso, dataset: Dataset) -> str:
    """graph.nt loaded by Virtuoso's bulk loader (ld_dir, rdf_loader_run) into a graph of its own."""
    graph = f"urn:kg:test:{dataset.name}"
    folder = virtuoso.folder / "load" / dataset.name
    folder.mkdir(parents=True)
    shutil.copyfile(dataset.file("nt"), folder / "graph.nt")
    virtuoso.sql(f"ld_dir('{folder}', 'graph.nt', '{graph}'); rdf_loader_run(); checkpoint;")
    errors = virtuoso.sql(
        f"SELECT ll_error FROM DB.DBA.load_list WHERE ll_graph = '{graph}' AND ll_error IS NOT NULL;"
    )
    assert "0 Rows." in errors, errors
    return graph


def test_virtuoso_loads_every_triple(virtuoso: Virtuoso, virtuoso_graph: str, dataset: Dataset) -> None:
    output = virtuoso.sql(f"SPARQL SELECT COUNT(*) FROM <{virtuoso_graph}> WHERE {{ ?s ?p ?o }};")
    assert re.search(rf"^{dataset.triples}\s*$", output, re.MULTILINE), output


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
def test_virtuoso_answers_the_example_queries_as_kg(
    virtuoso: Virtuoso, virtuoso_graph: str, dataset: Dataset, query: Path
) -> None:
    got = virtuoso.select(query.read_text(encoding="utf-8"), virtuoso_graph)
    assert_same(dataset.expected(query), got, query, "virtuoso")


@pytest.fixture(scope="session")
def virtuoso_graph_store(virtuoso: Virtuoso) -> str:
    """Virtuoso's Graph Store endpoint, open to writes by the anonymous web user (of this instance only)."""
    virtuoso.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
    return f"{virtuoso.url}/sparql-graph-crud"


def test_kg_push_into_virtuoso_graph_store(
    virtuoso: Virtuoso, virtuoso_graph_store: str, dataset: Dataset
) -> None:
    """Virtuoso's Graph Store endpoint takes one graph per document; it has no default graph to replace."""
    store = open_graph(dataset.file("trig"))
    report = push(store, virtuoso_graph_store, per_document=True)
    documents = dataset.graph_sizes
    assert {graph.name: graph.triples for graph in report.graphs} == documents
    for name, triples in list(documents.items())[:5]:
        count = virtuoso.select(DEFAULT_SIZE, name).rows[0][0]
        assert count is not None and int(count[1]) == triples, name

    with pytest.raises(KGError, match=r"sparql-graph-crud: HTTP 500 .*not configured to have default graph"):
        push(store, virtuoso_graph_store, per_document=False)


# --- SPARQLWrapper against kg serve -------------------------------------------------------------------

LEADERS = """PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?leader ?led WHERE { ?p kg:leaderOf ?c ; rdfs:label ?leader . ?c rdfs:label ?led } ORDER BY ?leader"""
LEADS = """PREFIX kg: <https://kg.example.org/ontology#>
CONSTRUCT { ?p kg:leaderOf ?c } WHERE { ?p kg:leaderOf ?c }"""


@pytest.fixture(scope="module")
def seeds(seeds_build: Path) -> Dataset:
    return Dataset("seeds", seeds_build)


@pytest.fixture(scope="module")
def kg_endpoint(seeds: Dataset) -> Iterator[str]:
    """``kg serve`` of the seeds' graph.trig, on a free port."""
    server = make_server(open_graph(seeds.file("trig")), port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def wrapper() -> Any:
    return pytest.importorskip("SPARQLWrapper", reason="pip install sparqlwrapper (it is in the test extras)")


def client(wrapper: Any, endpoint: str, query: str, fmt: str, method: str = "GET") -> Any:
    sparql = wrapper.SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_as_json_and_xml(
    wrapper: Any, kg_endpoint: str, seeds: Dataset, method: str
) -> None:
    expected = seeds.expected(LEADERS)
    assert len(expected.rows) >= 3
    as_json = client(wrapper, kg_endpoint, LEADERS, wrapper.JSON, method).query()
    assert as_json.info()["content-type"].startswith("application/sparql-results+json")
    assert from_json(as_json.convert()) == expected

    as_xml = client(wrapper, kg_endpoint, LEADERS, wrapper.XML, method).query()
    assert as_xml.info()["content-type"].startswith("application/sparql-results+xml")
    document = as_xml.convert()  # SPARQLWrapper parses XML results into a DOM
    xml = document.toxml(encoding="utf-8")
    assert from_results(xml, ox.QueryResultsFormat.XML) == expected


def test_sparqlwrapper_ask(wrapper: Any, kg_endpoint: str) -> None:
    yes = "PREFIX kg: <https://kg.example.org/ontology#> ASK { ?p a kg:Person ; kg:leaderOf ?c }"
    no = "PREFIX kg: <https://kg.example.org/ontology#> ASK { ?p a kg:Person ; kg:leaderOf ?p }"
    assert client(wrapper, kg_endpoint, yes, wrapper.JSON).query().convert()["boolean"] is True
    assert client(wrapper, kg_endpoint, no, wrapper.JSON).query().convert()["boolean"] is False
    xml = client(wrapper, kg_endpoint, yes, wrapper.XML).query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_sparqlwrapper_construct_as_turtle(wrapper: Any, kg_endpoint: str, seeds: Dataset) -> None:
    answer = client(wrapper, kg_endpoint, LEADS, wrapper.TURTLE).query()
    assert answer.info()["content-type"].startswith("text/turtle")
    got = set(ox.parse(answer.convert(), ox.RdfFormat.TURTLE))
    expected = set(ox.parse(format_result(run_query(seeds.store, LEADS), "ntriples"), ox.RdfFormat.N_TRIPLES))
    assert got == expected and len(got) >= 3


@pytest.mark.parametrize("request_method", ["urlencoded", "postdirectly"])
def test_sparqlwrapper_update_is_refused(
    wrapper: Any, kg_endpoint: str, seeds: Dataset, request_method: str
) -> None:
    update = "INSERT DATA { <urn:kg:test:a> <urn:kg:test:b> <urn:kg:test:c> }"
    sparql = client(wrapper, kg_endpoint, update, wrapper.JSON, wrapper.POST)
    sparql.setRequestMethod(request_method)
    assert sparql.isSparqlUpdateRequest()
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    assert "read-only" in refused.value.read().decode("utf-8")
    ask = "ASK { <urn:kg:test:a> ?p ?o }"
    assert client(wrapper, kg_endpoint, ask, wrapper.JSON).query().convert()["boolean"] is False
