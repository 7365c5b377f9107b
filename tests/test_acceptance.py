"""The seed acceptance file (../shared/acceptance/*.json) read and checked against the built graph.

Format (from the file itself): entities are matched by rdfs:label or skos:altLabel; a class matches
itself or any subclass; '~x' matches any label containing x; 'a|b' accepts either; an entity whose
label and alias sit on two nodes is split.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import SHARED

KG = "https://kg.example.org/ontology#"
SUBCLASSES = {
    "Organization": {"Organization", "Company"},
    "Place": {"Place", "Country", "City"},
    "Event": {"Event", "Meeting", "Visit", "GiftGiving", "Statement"},
}
FILES = sorted((SHARED / "acceptance").glob("*.json"))


class Graph:
    """Labels, classes and edges of the union graph, read through SPARQL."""

    def __init__(self, store: Any) -> None:
        self.labels: dict[str, set[str]] = {}
        self.classes: dict[str, set[str]] = {}
        self.edges: dict[tuple[str, str], set[str]] = {}
        self.literals: dict[tuple[str, str], set[str]] = {}
        rows = store.query(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        for row in rows:
            s, p, o = (row["s"].value, row["p"].value, row["o"])
            if p in ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"):
                self.labels.setdefault(s, set()).add(o.value)
            elif p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" and o.value.startswith(KG):
                self.classes.setdefault(s, set()).add(o.value[len(KG):])
            elif p.startswith(KG) and type(o).__name__ == "NamedNode":
                self.edges.setdefault((s, p[len(KG):]), set()).add(o.value)
            elif p.startswith(KG):
                self.literals.setdefault((s, p[len(KG):]), set()).add(o.value)

    def nodes(self, pattern: str) -> set[str]:
        """Nodes with a label or alias matching a pattern ('~x' contains, 'a|b' either)."""
        found = set()
        for option in pattern.split("|"):
            for node, labels in self.labels.items():
                if option.startswith("~"):
                    if any(option[1:].casefold() in label.casefold() for label in labels):
                        found.add(node)
                elif option in labels:
                    found.add(node)
        return found

    def is_a(self, node: str, cls: str) -> bool:
        return bool(self.classes.get(node, set()) & SUBCLASSES.get(cls, {cls}))


@pytest.fixture(scope="module")
def graph(seeds_store: Any) -> Graph:
    return Graph(seeds_store)


def expectations() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in FILES:
        spec = json.loads(path.read_text(encoding="utf-8"))
        for kind in ("entities", "facts", "events", "forbidden"):
            for item in spec.get(kind, []):
                cases.append((kind, item))
    return cases


def case_id(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:60]


@pytest.mark.parametrize(("kind", "item"), expectations(), ids=case_id)
def test_acceptance(graph: Graph, kind: str, item: dict[str, Any]) -> None:
    CHECKS[kind](graph, item)


def check_entity(graph: Graph, item: dict[str, Any]) -> None:
    nodes = [n for n in graph.nodes(item["label"]) if graph.is_a(n, item["class"])]
    assert nodes, f"no {item['class']} labelled {item['label']!r}"
    assert len(nodes) == 1, f"{item['label']!r} is split over {sorted(nodes)}"
    for alias in item["aliases"]:
        holders = graph.nodes(alias)
        assert nodes[0] in holders, f"alias {alias!r} is not on {nodes[0]}"
        assert holders == {nodes[0]} or all(not graph.is_a(h, item["class"]) for h in holders - {nodes[0]}), (
            f"alias {alias!r} of {item['label']!r} is split over {sorted(holders)}"
        )


def check_fact(graph: Graph, item: dict[str, Any]) -> None:
    subjects, objects = graph.nodes(item["s"]), graph.nodes(item["o"])
    assert any(graph.edges.get((s, item["p"]), set()) & objects for s in subjects), (
        f"missing fact {item['s']} {item['p']} {item['o']}"
    )


def check_event(graph: Graph, item: dict[str, Any]) -> None:
    def fits(event: str) -> bool:
        for role, want in item["roles"].items():
            if (event, role) in graph.literals:
                values = graph.literals[(event, role)]
                options = want.split("|")
                if not any(v == o or (o.startswith("~") and o[1:].casefold() in v.casefold())
                           for v in values for o in options):
                    return False
            elif not graph.edges.get((event, role), set()) & graph.nodes(want):
                return False
        return True

    events = [n for n in graph.classes if graph.is_a(n, item["class"])]
    assert any(fits(e) for e in events), f"no {item['class']} event with roles {item['roles']}"


def check_forbidden(graph: Graph, item: dict[str, Any]) -> None:
    assert not graph.nodes(item["label"]) - {n for n in graph.nodes(item["label"]) if not graph.classes.get(n)}, (
        f"forbidden label {item['label']!r} present"
    )


CHECKS = {"entities": check_entity, "facts": check_fact, "events": check_event, "forbidden": check_forbidden}
