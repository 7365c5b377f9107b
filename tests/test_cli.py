"""The `kg` command: help with an example for every subcommand, documented commands, usage errors,
and the summary `kg build` prints."""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from kg.cli import COMMANDS, main, parser
from tests.conftest import ROOT

KG = "https://kg.example.org/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EVENTS = {"Event", "Meeting", "Visit", "GiftGiving", "Statement"}
ENTITIES = {"Person", "Organization", "Company", "Place", "Country", "City", "Product"}
SUMMARY = ["documents", "entities", "facts", "events", "time", "wrote"]
EXPORTS = ["graph.html", "graph.jsonld", "graph.nt", "graph.trig", "graph.ttl"]


def subcommands() -> list[str]:
    """The subcommands the parser knows, read from the parser itself."""
    (action,) = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(action.choices)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:
        code = int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_every_subcommand_has_a_handler() -> None:
    assert subcommands() == sorted(COMMANDS)
    assert {"build", "query", "serve", "validate"} <= set(subcommands())


@pytest.mark.parametrize("command", subcommands())
def test_help_exits_0_and_shows_a_runnable_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, command, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"usage: kg {command}")
    examples = [line for line in out.splitlines() if re.match(rf"^\s*example: kg {command} \S", line)]
    assert examples, f"`kg {command} --help` has no 'example: kg {command} ...' line:\n{out}"
    # The example is valid usage, and the files it names are in the repository.
    command_line = re.split(r"\s{2,}|\s\(", examples[0].split("example:", 1)[1].strip())[0]  # no "(then ...)"
    words = shlex.split(command_line)
    assert words[:2] == ["kg", command]
    args = parser().parse_args(words[1:])
    named = [*getattr(args, "inputs", []), getattr(args, "graph", None), getattr(args, "query", None)]
    for value in filter(None, named):
        assert (ROOT / value).exists(), f"the example of `kg {command}` names {value}, not in the repo"


def test_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in subcommands():
        assert re.search(rf"^\s+{command}\s+\S", out, flags=re.M), f"{command} missing from `kg --help`"


def test_readme_mentions_every_subcommand() -> None:
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md does not exist yet")
    text = readme.read_text(encoding="utf-8")
    missing = [c for c in subcommands() if not re.search(rf"`kg {c}\b", text)]
    assert not missing, f"README.md does not show: {', '.join('kg ' + c for c in missing)}"


@pytest.mark.parametrize(
    ("args", "needle"),
    [((), "COMMAND"), (("frobnicate",), "frobnicate"), (("build",), "INPUT"),
     (("build", "seeds", "--workers", "0"), "--workers"),
     (("build", "seeds", "--min-confidence", "1.5"), "--min-confidence"),
     (("build", "seeds", "--colour"), "--colour")],
    ids=["no-args", "unknown-command", "no-input", "workers-0", "confidence-1.5", "unknown-option"],
)
def test_bad_usage_exits_2_with_usage_and_no_traceback(args: tuple[str, ...], needle: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("usage: kg") and needle in err and "Traceback" not in err
    assert err.rstrip().splitlines()[-1].startswith("kg")  # last line: "kg ...: error: ..."


def test_kg_without_arguments_exits_2_in_a_real_process() -> None:
    kg = shutil.which("kg") or pytest.skip("the kg console script is not on PATH (activate .venv)")
    result = subprocess.run([kg], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: kg") and "Traceback" not in result.stderr


def graph_counts(nt: Path) -> tuple[Counter[str], Counter[str], Counter[str], int]:
    """Entities by class, facts by property, events by class and documents, read from an export."""
    entities: Counter[str] = Counter()
    events: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    documents = 0
    relations = {"leaderOf", "worksFor", "memberOf", "citizenOf", "livesIn", "basedIn", "locatedIn",
                 "producedBy", "killed"}
    for triple in set(pyoxigraph.parse(path=str(nt))):
        predicate, obj = triple.predicate.value, triple.object.value
        if predicate == RDF_TYPE and obj.startswith(KG):
            cls = obj[len(KG):]
            if cls in ENTITIES:
                entities[cls] += 1
            elif cls in EVENTS:
                events[cls] += 1
            elif cls == "Document":
                documents += 1
        elif predicate.startswith(KG) and predicate[len(KG):] in relations:
            facts[predicate[len(KG):]] += 1
    return entities, facts, events, documents


def parse_counts(line: str, label: str) -> Counter[str]:
    match = re.fullmatch(rf"{label} +(\d+) \((.*)\)", line)
    assert match, f"not a '{label} N (...)' line: {line!r}"
    counts: Counter[str] = Counter()
    if match.group(2) != "none":
        for part in match.group(2).split(", "):
            name, number = part.rsplit(" ", 1)
            counts[name] = int(number)
    assert sum(counts.values()) == int(match.group(1))
    return counts


def test_build_on_the_seeds_prints_the_summary(seeds_build: Path, nlp: Any, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.pipeline.load", lambda name=None: nlp)  # the session's model, not a second load
    out = tmp_path / "exports"
    code, stdout, err = run(capsys, "build", ROOT / "seeds", "--out", out)
    assert code == 0 and err == ""
    lines = stdout.splitlines()
    assert [line.split()[0] for line in lines] == SUMMARY
    entities, facts, events, documents = graph_counts(seeds_build / "graph.nt")
    assert lines[0] == "documents  2" and documents == 2
    assert parse_counts(lines[1], "entities") == entities and sum(entities.values()) > 0
    assert parse_counts(lines[2], "facts") == facts
    assert parse_counts(lines[3], "events") == events and sum(events.values()) > 0
    assert re.fullmatch(r"time +\d+\.\d s", lines[4])
    written = [Path(p) for p in lines[5].removeprefix("wrote").strip().split(", ")]
    assert sorted(p.name for p in written) == EXPORTS
    for path in written:
        assert path.parent == out and path.stat().st_size > 0
    # The same seeds give byte-identical exports, whoever builds them.
    for name in ("graph.nt", "graph.ttl", "graph.trig", "graph.jsonld"):
        assert (out / name).read_bytes() == (seeds_build / name).read_bytes(), name


def test_build_error_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "build", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert code == 1 and out == ""
    assert err == f"kg build: error: {tmp_path / 'nowhere'}: no such file or folder\n"


def test_progress_logs_plain_lines_off_a_terminal() -> None:
    import io

    from kg.cli import Progress

    stream = io.StringIO()
    progress = Progress(stream)
    for done in range(1, 251):
        progress(done, 250, done * 300)
    lines = stream.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "parsed 100/250 documents", "parsed 200/250 documents"]
    assert all("words/s" in line and "ETA" in line for line in lines)
