"""Generate ``kg/vocab.py`` (the ``KG`` namespace) from the ontology, ``ontology/kg.ttl``.

    python -m kg.vocabgen            # rewrite kg/vocab.py
    python -m kg.vocabgen --check    # exit 1 if kg/vocab.py is stale

Like rdflib's ``rdflib/tools/defined_namespace_creator.py``: an rdflib ``DefinedNamespace`` with
``_fail = True`` and one annotated attribute per term, documented by its ``rdfs:label`` and
``rdfs:comment``. Classes come first, then object, datatype and other properties, each group sorted
by name, and nothing in the output depends on the time or the machine, so it is reproducible.
"""

from __future__ import annotations

import argparse
import keyword
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.errors import InputError

NAMESPACE = "https://kg.example.org/ontology#"
ONTOLOGY_FILE = Path(__file__).parent / "ontology" / "kg.ttl"  # == Path(kg.__file__).parent / "ontology"
VOCAB_FILE = Path(__file__).parent / "vocab.py"

# The groups of terms, in output order, by the rdf:type that puts a term in a group.
GROUPS: tuple[tuple[str, frozenset[URIRef]], ...] = (
    ("classes", frozenset({OWL.Class, RDFS.Class})),
    ("object properties", frozenset({OWL.ObjectProperty})),
    ("datatype properties", frozenset({OWL.DatatypeProperty})),
    ("annotation properties", frozenset({OWL.AnnotationProperty})),
    ("other properties", frozenset({RDF.Property})),
)
_GENERATED = "Generated from ontology/kg.ttl by `python -m kg.vocabgen`; do not edit."
_WIDTH = 110  # ruff's line-length
_INDENT = "    "


@dataclass(frozen=True)
class Term:
    """One term of the namespace: its local name and the text that documents it."""

    name: str
    label: str
    comment: str


def collect_terms(ontology: Graph, namespace: str = NAMESPACE) -> dict[str, list[Term]]:
    """The terms defined in ``namespace``, by group (see ``GROUPS``), each group sorted by name.

    A term is any IRI in the namespace with an ``rdf:type``; a term of no known group goes to "other terms".
    """
    groups: dict[str, list[Term]] = {name: [] for name, _ in GROUPS}
    groups["other terms"] = []
    subjects = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    for subject in sorted(s for s in subjects if s.startswith(namespace) and s != namespace):
        types = set(ontology.objects(subject, RDF.type))
        group = next((name for name, kinds in GROUPS if types & kinds), "other terms")
        groups[group].append(
            Term(
                name=subject[len(namespace) :],
                label=_text(ontology, subject, RDFS.label),
                comment=_text(ontology, subject, RDFS.comment),
            )
        )
    for terms in groups.values():
        terms.sort(key=lambda term: term.name)
    return {name: terms for name, terms in groups.items() if terms}


def render(ontology: Graph, namespace: str = NAMESPACE) -> str:
    """The text of ``vocab.py`` for ``ontology``."""
    onto = URIRef(namespace.rstrip("#/"))
    title = _text(ontology, onto, DCTERMS.title) or "Ontology terms"
    description = _text(ontology, onto, DCTERMS.description)
    lines = [
        f'"""Ontology terms as Python names. {_GENERATED}"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KG(DefinedNamespace):",
        *_docstring(f"{title}: {description}" if description else title, _INDENT, own_line_close=True),
        "",
        f"{_INDENT}_fail = True",
        f'{_INDENT}_NS = Namespace("{namespace}")',
    ]
    extras: list[str] = []
    for group, terms in collect_terms(ontology, namespace).items():
        lines += ["", f"{_INDENT}# {group}"]
        for term in terms:
            doc = f"{term.label}: {term.comment}" if term.comment else term.label
            if term.name.isidentifier() and not keyword.iskeyword(term.name):
                lines.append(f"{_INDENT}{term.name}: URIRef")
                lines += _docstring(doc or term.name, _INDENT)
            else:
                extras.append(f"{_INDENT * 2}{term.name!r},")
    if extras:
        lines += ["", f"{_INDENT}# not Python identifiers: use KG['name']", f"{_INDENT}_extras = ["]
        lines += [*extras, f"{_INDENT}]"]
    return "\n".join(lines) + "\n"


def load_ontology(path: Path) -> Graph:
    """Parse the ontology (Turtle).

    Raises:
        InputError: the file is missing or does not parse.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        message = " ".join(str(exc).split(" at ^ in:")[0].split())
        raise InputError(f"{path}: not valid Turtle: {message}") from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``vocab.py``, or with ``--check`` report whether it is stale. Returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m kg.vocabgen",
        description="Generate kg/vocab.py from ontology/kg.ttl.",
        epilog="example: python -m kg.vocabgen --check",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the output is stale; write nothing")
    parser.add_argument("--ontology", type=Path, default=ONTOLOGY_FILE, help="default: %(default)s")
    parser.add_argument("--output", type=Path, default=VOCAB_FILE, help="default: %(default)s")
    args = parser.parse_args(argv)
    try:
        text = render(load_ontology(args.ontology))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
    if args.check:
        if current != text:
            print(f"{args.output} is stale: run python -m kg.vocabgen", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


def _text(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    """The English (else untagged, else any) value of ``predicate``, on one line."""
    values = [v for v in graph.objects(subject, predicate) if isinstance(v, Literal)]
    values.sort(key=lambda v: (v.language != "en", v.language is not None, v.language or "", str(v)))
    return " ".join(str(values[0]).split()) if values else ""


def _docstring(text: str, indent: str, own_line_close: bool = False) -> list[str]:
    """A docstring for ``text``, wrapped to the line length, with quotes and backslashes escaped."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    one = f'{indent}"""{text}"""'
    if len(one) <= _WIDTH and not own_line_close:
        return [one]
    width = _WIDTH - len(indent) - 6  # room for the opening and closing quotes on one line
    wrapped = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    if own_line_close:  # a class docstring: text, then the closing quotes on their own line
        return [f'{indent}"""{wrapped[0]}', *(indent + w for w in wrapped[1:]), f'{indent}"""']
    wrapped[-1] += '"""'
    return [f'{indent}"""{wrapped[0]}', *(indent + w for w in wrapped[1:])]


if __name__ == "__main__":
    sys.exit(main())
