"""Awkward and broken inputs: each gives a correct graph or one line naming the file and the problem,
and a failed build never leaves half-written exports behind."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
import rdflib

import kg.export
from kg.cli import main
from kg.config import Settings
from kg.errors import InputError, KGError
from kg.ingest import read_inputs
from kg.nlp import MAX_CHARS, blocks_of
from kg.pipeline import Summary, build
from kg.records import Document

KG = "https://kg.example.org/ontology#"
RES = "https://kg.example.org/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
EXPORTS = ["graph.html", "graph.jsonld", "graph.nt", "graph.trig", "graph.ttl"]
SENTENCE = ("Chinese President Xi Jinping met South Korean President Lee Jae Myung in Gyeongju on Saturday, "
            "and the two leaders later visited Seoul. ")
SLOW = pytest.mark.skipif(
    not os.environ.get("KG_SLOW_TESTS"),
    reason="parses megabytes with the real model (minutes on 2 cores); set KG_SLOW_TESTS=1 to run",
)

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(nlp: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Runs `kg ...` in-process with the session's spaCy model; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr("kg.pipeline.load", lambda name=None: nlp)

    def run(*args: str | Path) -> tuple[int, str, str]:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse: bad usage
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def one_line_error(err: str, *needles: str) -> str:
    """The message of a one-line `kg build: error: ...` with no traceback, checked for each needle."""
    assert err.endswith("\n") and err.count("\n") == 1, f"expected one line on stderr, got:\n{err}"
    assert err.startswith("kg build: error: ") and "Traceback" not in err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"
    return err.strip()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder, hidden ones (temp files) included, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def triples(path: Path) -> set[tuple[Any, ...]]:
    """The triples of an export as read by pyoxigraph, in a form comparable with `rdflib_triples`."""
    found = set()
    for triple in pyoxigraph.parse(path=str(path)):
        assert not isinstance(triple.subject, pyoxigraph.BlankNode)
        obj = triple.object
        if isinstance(obj, pyoxigraph.Literal):
            datatype = None if obj.language else obj.datatype.value
            term: Any = ("literal", obj.value, obj.language, datatype)
        else:
            term = obj.value
        found.add((triple.subject.value, triple.predicate.value, term))
    return found


def rdflib_triples(path: Path, fmt: str) -> set[tuple[Any, ...]]:
    """The triples (of every graph, for TriG) as read by rdflib."""
    graph = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    graph.parse(path, format=fmt)
    found = set()
    for s, p, o, *_ in (graph.quads() if fmt == "trig" else graph):
        if isinstance(o, rdflib.Literal):
            datatype = None if o.language else str(o.datatype or XSD_STRING)
            found.add((str(s), str(p), ("literal", str(o), o.language, datatype)))
        else:
            found.add((str(s), str(p), str(o)))
    return found


def evidence(path: Path) -> Iterator[tuple[str, str, int, int]]:
    """(node, sentence, start, end) of every fact or event with provenance in graph.nt."""
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    rows = store.query(f"""SELECT ?node ?doc ?sentence ?start ?end WHERE {{
        ?node <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc ; <{KG}evidence> ?sentence ;
              <{KG}startOffset> ?start ; <{KG}endOffset> ?end }}""")
    for row in rows:
        yield row["node"].value, row["sentence"].value, int(row["start"].value), int(row["end"].value)


def labels(path: Path) -> set[str]:
    return {o[1] for _, p, o in triples(path) if p == RDFS_LABEL and isinstance(o, tuple)}


def run_build(inputs: list[Path], out: Path, nlp: Any) -> Summary:
    return build(inputs, out, Settings(), nlp=nlp)


# --- inputs that must give a graph ------------------------------------------------------------------


def test_empty_files_give_document_nodes_and_nothing_else(tmp_path: Path, nlp: Any) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n  \n")
    (tmp_path / "nothing.html").write_bytes(b"")
    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb"):  # empty, and its name is latin-1
        pass
    inputs = [tmp_path / "empty.txt", tmp_path / "blank.md", tmp_path / "nothing.html",
              Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.txt"))]
    summary = run_build(inputs, tmp_path / "out", nlp)
    assert summary.documents == 4 and not summary.entities and not summary.facts and not summary.events
    graph = triples(tmp_path / "out" / "graph.nt")
    for doc_id in ("empty", "blank", "nothing", "café"):
        node = f"{RES}document/{doc_id}"
        assert (node, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{KG}Document") in graph
        assert (node, "http://purl.org/dc/terms/identifier",
                ("literal", doc_id, None, XSD_STRING)) in graph
    assert {s for s, _, _ in graph} == {f"{RES}document/{d}" for d in ("empty", "blank", "nothing", "café")}


def test_latin1_file_is_decoded_into_the_graph(tmp_path: Path, nlp: Any) -> None:
    text = "José Mourinho praised Chelsea after the club signed Adrian Mutu from Parma for £15.8m in 2003.\n"
    (tmp_path / "mutu.txt").write_bytes(text.encode("latin-1"))
    run_build([tmp_path / "mutu.txt"], tmp_path / "out", nlp)
    found = labels(tmp_path / "out" / "graph.nt")
    assert {"José Mourinho", "Adrian Mutu"} <= found
    assert not any("\ufffd" in label or "Ã" in label for label in found)


WEIRD = (
    "South Korean President 이재명 met Chinese President 习近平 in Seoul on Monday.\n"
    "Irish broadcaster Conan O'Brien, who calls himself \"the <b>loud</b> one\" 😀, visited Paris with "
    "Anna \\ Smith.\n"
    "The comedian \"O'Brien <b>\\x</b> 😀 Smith\" visited Paris on Tuesday, the BBC reported.\n"
    "Files in C:\\Users\\Smith were copied by Zoë Ångström & Sons before the meeting in Berlin.\n"
)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser uses ConjunctiveGraph
def test_quotes_brackets_backslashes_emoji_and_cjk_round_trip(tmp_path: Path, nlp: Any) -> None:
    name = "이재명 习近平 <summit> \"O'Brien\" 😀.txt"
    (tmp_path / name).write_text(WEIRD, encoding="utf-8")
    out = tmp_path / "out"
    summary = run_build([tmp_path / name], out, nlp)
    assert summary.entities
    ttl, nt = triples(out / "graph.ttl"), triples(out / "graph.nt")
    assert ttl == nt == rdflib_triples(out / "graph.ttl", "turtle") == rdflib_triples(out / "graph.nt", "nt")
    assert rdflib_triples(out / "graph.trig", "trig") == nt
    doc_id = name.removesuffix(".txt")
    assert (f"{RES}document/이재명-习近平-summit-o-brien", "http://purl.org/dc/terms/identifier",
            ("literal", doc_id, None, XSD_STRING)) in nt
    assert {"Conan O'Brien", "Zoë Ångström & Sons", doc_id} <= labels(out / "graph.nt")
    sentences = [s for _, s, _, _ in evidence(out / "graph.nt")]
    assert any(all(c in s for c in ('"', "<b>", "\\", "😀", "'")) for s in sentences), sentences
    for _, sentence, start, end in evidence(out / "graph.nt"):
        assert WEIRD[start:end] == sentence  # offsets count code points, emoji included


# --- long documents ---------------------------------------------------------------------------------


def check_blocks(document: Document) -> list[tuple[int, str]]:
    """Blocks are short, exact slices of the text, cover each body span, and are cut after sentences."""
    blocks = list(blocks_of(document))
    for offset, piece in blocks:
        assert 0 < len(piece) <= MAX_CHARS
        assert document.text[offset : offset + len(piece)] == piece
    for start, end in document.body_spans if document.body_spans is not None else ((0, len(document.text)),):
        inside = [(o, p) for o, p in blocks if start <= o < end]
        assert inside[0][0] == start and inside[-1][0] + len(inside[-1][1]) == end
        for (o, p), (next_o, _) in zip(inside, inside[1:], strict=False):
            assert o + len(p) == next_o  # contiguous: nothing skipped, nothing read twice
    return blocks


def test_a_long_block_is_cut_at_sentence_ends_with_exact_offsets() -> None:
    prefix = "Tags\n"
    line = "".join(f"Xi met Lee {i} times in Seoul! Did Putin visit Paris? Yes… " for i in range(3000))
    text = prefix + line.strip() + "\nShort closing line here.\n"
    spans = ((len(prefix), len(prefix) + len(line.strip())), (len(text) - 25, len(text) - 1))
    blocks = check_blocks(Document(id="long", text=text, body_spans=spans))
    assert all(len(piece) > MAX_CHARS // 2 for _, piece in blocks[:-2])  # no needlessly short blocks
    for _, piece in blocks[:-2]:
        assert piece.rstrip()[-1] in ".!?…" and piece[-1] == " "  # cut after a sentence and its space


@pytest.mark.parametrize(
    "text", ["word " * 12_000, "x" * 45_000, "a" * 100 + " " + "b" * 30_000, "Xi.\n" * 15_000],
    ids=["no-sentence-ends", "no-spaces", "one-early-space", "many-lines-whole-text"],
)
def test_blocks_without_sentence_ends_are_still_cut_exactly(text: str) -> None:
    spans = () if "\n" in text else ((0, len(text)),)
    check_blocks(Document(id="x", text=text, body_spans=spans))


def test_a_5mb_single_line_file_is_read_and_cut_into_short_blocks(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(SENTENCE * (5_000_000 // len(SENTENCE) + 1), encoding="utf-8")
    (document,) = read_inputs([path])
    assert len(document.text) > 5_000_000 and document.body_spans == ((0, len(document.text) - 1),)
    blocks = check_blocks(document)
    assert all(piece.endswith("Seoul. ") or piece.endswith("Seoul.") for _, piece in blocks)


def test_a_multi_block_single_line_document_builds_with_exact_offsets(tmp_path: Path, nlp: Any) -> None:
    filler = "The two leaders discussed trade, security and technology during the long talks. "
    text = (SENTENCE + filler * 300 + "Russian President Vladimir Putin visited Beijing on Tuesday. "
            + filler * 300 + "Xiaomi is based in Beijing, officials in Shenzhen said.")
    assert len(text) > 2 * MAX_CHARS
    (tmp_path / "line.txt").write_text(text, encoding="utf-8")
    summary = run_build([tmp_path / "line.txt"], tmp_path / "out", nlp)
    found = labels(tmp_path / "out" / "graph.nt")
    assert {"Xi Jinping", "Lee Jae Myung", "Vladimir Putin", "Xiaomi"} <= found  # first, middle, last block
    assert summary.events
    spans = list(evidence(tmp_path / "out" / "graph.nt"))
    assert any(start > MAX_CHARS for _, _, start, _ in spans)
    for _, sentence, start, end in spans:
        assert text[start:end] == sentence


def test_a_document_longer_than_spacy_max_length_builds(tmp_path: Path) -> None:
    """A real spaCy pipeline (blank English: fast, and it refuses any text over max_length)."""
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    text = SENTENCE * (int(blank.max_length * 1.2) // len(SENTENCE))
    assert len(text) > blank.max_length
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    summary = run_build([tmp_path / "long.txt"], tmp_path / "out", blank)
    assert summary.documents == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == EXPORTS


@SLOW
def test_a_longer_than_max_length_document_builds_with_the_real_model(tmp_path: Path, nlp: Any) -> None:
    text = SENTENCE * (int(nlp.max_length * 1.2) // len(SENTENCE))
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    summary = run_build([tmp_path / "long.txt"], tmp_path / "out", nlp)
    assert summary.entities["Person"] >= 2
    assert {"Xi Jinping", "Lee Jae Myung", "Gyeongju", "Seoul"} <= labels(tmp_path / "out" / "graph.nt")


@SLOW
def test_a_5mb_single_line_file_builds_with_the_real_model(tmp_path: Path, nlp: Any) -> None:
    (tmp_path / "big.txt").write_text(SENTENCE * (5_000_000 // len(SENTENCE) + 1), encoding="utf-8")
    summary = run_build([tmp_path / "big.txt"], tmp_path / "out", nlp)
    assert summary.documents == 1 and summary.entities["Person"] >= 2
    assert {"Xi Jinping", "Lee Jae Myung", "Gyeongju", "Seoul"} <= labels(tmp_path / "out" / "graph.nt")


# --- inputs that must be refused with one line ------------------------------------------------------


def test_binary_file_is_refused_by_name(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    code, out, err = cli("build", tmp_path / "photo.txt", "--out", tmp_path / "out")
    assert code == 1 and out == ""
    one_line_error(err, str(tmp_path / "photo.txt"), "binary")
    assert not (tmp_path / "out").exists()


JSONL_CASES = [
    ("not JSON", '{"id": "b", "text": "Lee met Xi.",', "not valid JSON"),
    ("not an object", '["b", "Lee met Xi."]', "expected a JSON object"),
    ("missing text", '{"id": "b", "title": "Lee Meets Xi"}', "'text'"),
    ("duplicate id", '{"id": "a", "text": "Lee met Xi again."}', "duplicate id 'a'"),
]


@pytest.mark.parametrize(("line", "problem"), [c[1:] for c in JSONL_CASES], ids=[c[0] for c in JSONL_CASES])
def test_malformed_jsonl_line_is_refused_with_file_and_line(tmp_path: Path, cli: Cli, line: str,
                                                            problem: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Xi met Lee in Seoul."}) + "\n\n" + line + "\n")
    code, out, err = cli("build", path, "--out", tmp_path / "out")
    assert code == 1 and out == ""
    one_line_error(err, f"{path}:3: ", problem)


@pytest.mark.parametrize(
    ("name", "problem"),
    [("missing.txt", "no such file or folder"), ("report.pdf", "unsupported file type"),
     ("folder-without-articles", "no .txt, .md, .html, .htm or .jsonl files found")],
)
def test_bad_paths_are_refused(tmp_path: Path, cli: Cli, name: str, problem: str) -> None:
    if name.endswith(".pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.7\n")
    elif name.startswith("folder"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "notes.docx").write_bytes(b"PK\x03\x04")
    code, out, err = cli("build", tmp_path / name, "--out", tmp_path / "out")
    assert code == 1 and out == ""
    one_line_error(err, str(tmp_path / name), problem)


@pytest.mark.parametrize(
    "base",
    [
        "example.org/id/",
        "https://example.org/id",
        "https://example.org/my id/",
        "https://example.org/<id>/",
        "https://example.org/%zz/",  # passes a simple pattern; pyoxigraph refuses it
        "http://[::1/id/",
    ],
)
def test_bad_base_is_refused(tmp_path: Path, cli: Cli, base: str) -> None:
    (tmp_path / "a.txt").write_text("Xi Jinping met Lee Jae Myung in Seoul.\n")
    try:
        code, out, err = cli("build", tmp_path / "a.txt", "--out", tmp_path / "out", "--base", base)
    except ValueError as error:
        pytest.fail(f"traceback instead of a message: {error!r}")
    assert code == 1
    one_line_error(err, "--base", repr(base))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_bad_workers_is_bad_usage(tmp_path: Path, cli: Cli, value: str) -> None:
    (tmp_path / "a.txt").write_text("Xi Jinping met Lee Jae Myung in Seoul.\n")
    code, out, err = cli("build", tmp_path / "a.txt", "--workers", value, "--out", tmp_path / "out")
    assert code == 2 and out == ""
    assert "--workers" in err and repr(value) in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_user_mistake_in_a_real_process_is_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "dump.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    kg = shutil.which("kg") or pytest.skip("the kg console script is not on PATH (activate .venv)")
    result = subprocess.run([kg, "build", str(tmp_path / "dump.txt"), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"kg build: error: {tmp_path / 'dump.txt'}: binary file (contains NUL bytes); " \
                            "expected UTF-8 text\n"


# --- a failed build leaves the previous exports as they were ----------------------------------------


@pytest.fixture(scope="module")
def first_build(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Exports of a good build, to copy before each attempt to spoil them."""
    folder = tmp_path_factory.mktemp("first")
    (folder / "gyeongju.txt").write_text(SENTENCE + "Xi gave Lee two Xiaomi smartphones.\n")
    build([folder / "gyeongju.txt"], folder / "out", Settings(), nlp=nlp)
    return folder / "out"


@pytest.fixture
def previous(first_build: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    before = snapshot(out)
    assert sorted(before) == EXPORTS
    (tmp_path / "other.txt").write_text("Russian President Vladimir Putin visited Beijing on Tuesday.\n")
    return out, before


def test_failed_build_on_bad_input_leaves_exports_byte_identical(
    tmp_path: Path, cli: Cli, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    (tmp_path / "zip.txt").write_bytes(b"PK\x03\x04\x00\x00")
    code, _, err = cli("build", tmp_path / "other.txt", tmp_path / "zip.txt", "--out", out)
    assert code == 1
    one_line_error(err, str(tmp_path / "zip.txt"), "binary")
    assert snapshot(out) == before


def test_export_failing_midway_changes_nothing_and_leaves_no_temp_file(
    tmp_path: Path, cli: Cli, previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous
    written: list[str] = []

    def disk_full(quads: Any, base: str) -> bytes:
        written.append("trig")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(kg.export.WRITERS, "graph.trig", disk_full)
    code, _, err = cli("build", tmp_path / "other.txt", "--out", out)
    assert written and code == 1
    one_line_error(err, str(out), "No space left on device")
    assert snapshot(out) == before


def test_writer_raising_any_error_leaves_no_temp_file(
    tmp_path: Path, nlp: Any, previous: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = previous

    def broken(quads: Any, base: str) -> bytes:
        raise ValueError("serializer failed")

    monkeypatch.setitem(kg.export.WRITERS, "graph.trig", broken)
    with pytest.raises((ValueError, KGError)):
        run_build([tmp_path / "other.txt"], out, nlp)
    assert snapshot(out) == before


def test_a_good_second_build_replaces_every_export(
    tmp_path: Path, nlp: Any, previous: tuple[Path, dict[str, bytes]]
) -> None:
    """The counterpart of the tests above: without a failure, the same folder does change."""
    out, before = previous
    run_build([tmp_path / "other.txt"], out, nlp)
    after = snapshot(out)
    assert sorted(after) == EXPORTS
    assert all(after[name] != before[name] for name in EXPORTS)
    assert "Vladimir Putin" in labels(out / "graph.nt")


def test_input_errors_are_raised_before_any_parsing(tmp_path: Path) -> None:
    """The library raises InputError (the CLI's exit 1) without loading a model."""

    class NoModel:
        def pipe(self, *args: Any, **kwargs: Any) -> Any:
            raise AssertionError("the model was used before the inputs were checked")

    (tmp_path / "good.txt").write_text("Xi met Lee.\n")
    (tmp_path / "bad.txt").write_bytes(b"\x00")
    with pytest.raises(InputError, match="bad.txt: binary"):
        build([tmp_path / "good.txt", tmp_path / "bad.txt"], tmp_path / "out", Settings(), nlp=NoModel())
