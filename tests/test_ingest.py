"""Reading files and folders into Documents: formats, ids, decoding, HTML bodies and page furniture."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import document_ids, line_kind, read_inputs, split_lines, text_document
from kg.records import Document
from tests.conftest import SHARED

ARTICLE = (
    "Leaders Agree to Deepen Trade Ties After Gyeongju Summit\n"
    "\n"
    "By Min-ji Park, Seoul Correspondent\n"
    "Chinese President Xi Jinping met South Korean President Lee Jae Myung in Gyeongju on Saturday.\n"
    "\n"
    "A Symbolic Gift With a Playful Twist\n"
    "   Xi gave Lee two Xiaomi smartphones, and the room laughed when he joked about a backdoor.   \n"
    "Tags\n"
    "0 Comments\n"
    "Post a Comment\n"
)
BODY = [
    "Chinese President Xi Jinping met South Korean President Lee Jae Myung in Gyeongju on Saturday.",
    "Xi gave Lee two Xiaomi smartphones, and the room laughed when he joked about a backdoor.",
]


def body(document: Document) -> list[str]:
    return [document.text[start:end] for start, end in document.body_spans]


def check_spans(document: Document) -> None:
    """Each span is exactly one stripped, non-empty line of the text, in order, without overlap."""
    lines = {line.strip() for line in document.text.split("\n")}
    previous = 0
    for start, end in document.body_spans:
        assert previous <= start < end <= len(document.text)
        piece = document.text[start:end]
        assert piece == piece.strip() and "\n" not in piece and piece in lines
        previous = end


def read(*paths: Path | str) -> list[Document]:
    """The documents of the inputs; the quick first pass of a build (``document_ids``) gives the same
    ids, and refuses the same inputs with the same message (an HTML page without article text aside)."""
    try:
        documents = list(read_inputs(paths))
    except InputError as error:
        if "no article text" not in str(error):
            with pytest.raises(InputError) as first_pass:
                list(document_ids(paths))
            assert str(first_pass.value) == str(error)
        raise
    assert list(document_ids(paths)) == [d.id for d in documents]
    return documents


# --- plain text and markdown ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gyeongju.txt", "gyeongju.md", "GYEONGJU.TXT"])
def test_text_file_is_one_document_with_title_and_body(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    (document,) = read(path)
    assert document.id == Path(name).stem
    assert document.text == ARTICLE  # never rewritten: offsets point into exactly what was read
    assert document.path == str(path)
    assert document.title == "Leaders Agree to Deepen Trade Ties After Gyeongju Summit"
    assert body(document) == BODY
    check_spans(document)


def test_furniture_and_headings_are_left_out_of_the_body() -> None:
    title, spans = split_lines(ARTICLE)
    lines = {ARTICLE[a:b] for a, b in spans}
    for furniture in ("Tags", "0 Comments", "Post a Comment", "By Min-ji Park, Seoul Correspondent",
                      "A Symbolic Gift With a Playful Twist", title):
        assert furniture not in lines
    for furniture in ("Tags", "0 Comments", "Post a Comment", "Share this article"):
        assert line_kind(furniture) == "furniture"
    assert line_kind("A Symbolic Gift With a Playful Twist") == "heading"
    assert line_kind("He left.") == "body"
    assert line_kind("Lee asked: ‘How is the communication security?’") == "body"
    assert line_kind("He called the deal “a historic step forward”.") == "body"
    assert line_kind("Rover deal 'may cost 2,000 jobs'") != "body"  # a quoted headline is not a sentence


def test_bbc_headlines_in_quotes_are_titles() -> None:
    """The first line of a BBC article is its headline, even when it ends in a closing quote."""
    for name in ("business/020.txt", "business/021.txt", "sport/199.txt"):
        (document,) = read(SHARED / "data" / "bbc_news" / name)
        headline = document.text.split("\n", 1)[0].strip()
        assert document.title == headline
        assert headline not in body(document)


def test_only_a_first_headline_line_is_the_title(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Xi met Lee in Gyeongju on Saturday, officials said.\nNo More Games\n")
    (tmp_path / "b.md").write_text("# Xi Jinping Visits Gyeongju for APEC\n\nXi met Lee in Gyeongju.\n")
    (tmp_path / "c.txt").write_text("\n\n  Chelsea sack Mutu  \r\n\r\nChelsea have sacked Adrian Mutu.\r\n")
    a, b, c = read(tmp_path / "a.txt", tmp_path / "b.md", tmp_path / "c.txt")
    assert a.title is None
    assert b.title == "Xi Jinping Visits Gyeongju for APEC"  # the markdown '#' is not part of it
    assert c.title == "Chelsea sack Mutu"
    assert body(c) == ["Chelsea have sacked Adrian Mutu."]  # no '\r' in the span
    for document in (a, b, c):
        check_spans(document)


@given(st.text(st.sampled_from("ab .\n\r\t\u00a0\u2028É’!Xi")))
def test_body_spans_are_exact_lines_of_any_text(text: str) -> None:
    title, spans = split_lines(text)
    check_spans(Document(id="x", text=text, body_spans=spans))
    if title is not None:
        assert title == next(line.strip() for line in text.split("\n") if line.strip())


# --- HTML ------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Leaders Meet in Gyeongju | Example News</title>
  <style>body { font-family: sans-serif; } .promo { color: STYLERULE; }</style>
  <script>window.dataLayer = ["SCRIPTTEXT tracking pixel"];</script>
</head>
<body>
  <nav class="site-nav"><ul>
    <li><a href="/">Home</a></li><li><a href="/world">NAVLINK World News</a></li>
    <li><a href="/sport">Sport</a></li>
  </ul></nav>
  <main>
    <article>
      <h1>Leaders Meet in Gyeongju</h1>
      <p class="byline">By Jane Reporter</p>
      <p>Chinese President Xi Jinping met South Korean President Lee Jae Myung in Gyeongju on Saturday.</p>
      <p>The two leaders discussed trade and regional security at a dinner hosted by Lee in Seoul.</p>
      <p>Xi gave Lee two Xiaomi smartphones as a gift, and the room laughed when he joked about security.</p>
    </article>
    <section class="comments" id="comments">
      <h2>0 Comments</h2>
      <div class="comment"><p>COMMENTWIDGET Great article, visit my shop for cheap watches.</p></div>
      <form><textarea name="comment"></textarea><button>Post a Comment</button></form>
    </section>
  </main>
  <footer><p>&copy; 2025 Example News. All rights reserved.</p></footer>
  <script>document.write("INLINESCRIPT");</script>
</body>
</html>
"""
PAGE_BODY = [
    "Chinese President Xi Jinping met South Korean President Lee Jae Myung in Gyeongju on Saturday.",
    "The two leaders discussed trade and regional security at a dinner hosted by Lee in Seoul.",
    "Xi gave Lee two Xiaomi smartphones as a gift, and the room laughed when he joked about security.",
]


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_article_body_is_taken_without_page_widgets(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"gyeongju{suffix}"
    path.write_text(PAGE, encoding="utf-8")
    (document,) = read(path)
    assert document.id == "gyeongju"
    assert body(document) == PAGE_BODY
    check_spans(document)
    for widget in ("STYLERULE", "SCRIPTTEXT", "NAVLINK", "COMMENTWIDGET", "INLINESCRIPT", "Post a Comment",
                   "All rights reserved", "<p>", "&copy;"):
        assert widget not in document.text
    assert document.title == "Leaders Meet in Gyeongju"


def test_html_date_comes_from_the_page_not_from_a_copyright_line(tmp_path: Path) -> None:
    undated, dated = tmp_path / "undated.html", tmp_path / "dated.html"
    undated.write_text(PAGE, encoding="utf-8")
    dated.write_text(PAGE.replace(
        "<head>", '<head>\n  <meta property="article:published_time" content="2025-11-01T10:00:00+09:00">'
    ), encoding="utf-8")
    by_id = {d.id: d for d in read(undated, dated)}
    assert by_id["undated"].date is None  # not 2025-01-01 guessed from "© 2025"
    assert by_id["dated"].date == "2025-11-01"


def test_empty_html_is_an_empty_document(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_bytes(b"")
    (document,) = read(tmp_path / "blank.html")
    assert (document.id, document.text, document.body_spans) == ("blank", "", ())


def test_html_without_article_text_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text("<html><head><title>Gone</title></head><body><script>track()</script></body></html>")
    with pytest.raises(InputError, match=r"nav\.html: no article text"):
        read(path)


# --- JSON lines ------------------------------------------------------------------------------------


def test_jsonl_is_one_document_per_line_with_metadata(tmp_path: Path) -> None:
    records = [
        {"id": "seoul-1", "text": "Xi met Lee in Seoul.\u2028Then he flew home.", "title": "Xi in Seoul",
         "url": "https://news.example/1", "date": "2025-11-01", "source": "Example News"},
        {"id": 42, "text": "Putin visited Paris.\u0085It rained."},
    ]
    path = tmp_path / "feed.jsonl"
    # Raw U+2028 and U+0085 are legal inside JSON strings; only "\n" ends a record.
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n".join(lines) + "\r\n\n", encoding="utf-8")
    first, second = read(path)
    assert (first.id, first.text, first.title, first.url, first.date, first.source) == (
        "seoul-1", records[0]["text"], "Xi in Seoul", "https://news.example/1", "2025-11-01", "Example News"
    )
    assert (second.id, second.text, second.path) == ("42", records[1]["text"], str(path))
    check_spans(first)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "a", "text": "ok"', "not valid JSON"),
        ('["a", "text"]', "expected a JSON object"),
        ('{"id": "a"}', "'text'"),
        ('{"id": true, "text": "x"}', "'id'"),
        ('{"id": "b", "text": "x", "title": 7}', "'title' must be a string"),
        ('{"id": "b", "text": "x", "date": "yesterday"}', "'date'"),
        ('{"id": "b", "text": "x", "date": "2025-02-30"}', "'date'"),
        ('{"id": "b", "text": "Lee met \\ud83d Xi."}', "'text' has an unpaired surrogate"),
    ],
)
def test_malformed_jsonl_line_is_reported_with_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "Xi met Lee."}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read(path)
    assert str(error.value).startswith(f"{path}:3: ")
    assert problem in str(error.value)


@pytest.mark.parametrize("value", ["2025", "2025-11", "2025-11-01", "2025-11-01T09:30:00+09:00"])
def test_jsonl_accepts_iso_dates(tmp_path: Path, value: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Xi met Lee.", "date": value}) + "\n")
    assert read(path)[0].date == value


# --- folders and ids -------------------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order_with_relative_ids(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in ["b.txt", "a.md", "sport/199.txt", "sport/2024/final.htm", "world/z.html", "Upper.TXT"]:
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(PAGE if name.endswith(("htm", "html")) else "Xi met Lee in Seoul.\n")
    (corpus / "world" / "feed.jsonl").write_text('{"id": "w1", "text": "Lee met Xi."}\n')
    for ignored in ["notes.pdf", "data.csv", "sport/README", "image.png"]:
        (corpus / ignored).write_bytes(b"\x89PNG\x00\x00")
    documents = read(corpus)
    assert [d.id for d in documents] == ["Upper", "a", "b", "sport/199", "sport/2024/final", "w1", "world/z"]
    assert [Path(d.path).relative_to(corpus).as_posix() for d in documents] == [
        "Upper.TXT", "a.md", "b.txt", "sport/199.txt", "sport/2024/final.htm", "world/feed.jsonl",
        "world/z.html",
    ]


def test_files_and_folders_mix_and_a_file_given_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "one.txt").write_text("Xi met Lee in Seoul.\n")
    (tmp_path / "two.txt").write_text("Lee met Xi in Beijing.\n")
    documents = read(tmp_path / "two.txt", tmp_path / "news", str(tmp_path / "news" / "one.txt"))
    assert [d.id for d in documents] == ["two", "one"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("x/report.txt", "y/report.md"), ("Report 1.txt", "report-1.txt"), ("a.txt", "feed.jsonl")],
)
def test_two_documents_with_the_same_id_are_reported(tmp_path: Path, first: str, second: str) -> None:
    for name in (first, second):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        jsonl = name.endswith(".jsonl")
        (tmp_path / name).write_text('{"id": "a", "text": "Lee met Xi."}\n' if jsonl else "Xi met Lee.\n")
    with pytest.raises(InputError) as error:
        read(tmp_path / first, tmp_path / second)
    assert str(tmp_path / second) in str(error.value) and str(tmp_path / first) in str(error.value)
    # Given as one folder, the two files in different subfolders are told apart by their paths.
    if first.startswith("x/"):
        assert [d.id for d in read(tmp_path)] == ["x/report", "y/report"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("missing.txt", "no such file or folder"), ("scan.pdf", "unsupported file type")],
)
def test_bad_paths_are_reported(tmp_path: Path, name: str, expected: str) -> None:
    if name.endswith(".pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.7\n")
    with pytest.raises(InputError, match=expected) as error:
        read(tmp_path / name)
    assert str(error.value).startswith(str(tmp_path / name))


def test_file_name_that_is_not_utf8_gives_a_text_id(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "corpus")
    os.mkdir(folder)
    with open(folder + b"/caf\xe9 \xa315m.txt", "w") as stream:  # a latin-1 file name
        stream.write("Chelsea have sacked Adrian Mutu.\n")
    (document,) = read(tmp_path / "corpus")
    assert document.id == "café £15m"


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Xi met Lee.\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match=r"locked\.txt: cannot be read \(Permission denied\)"):
        read(path)


# --- decoding --------------------------------------------------------------------------------------


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    (document,) = read(path)
    assert document.text == ARTICLE
    assert document.title == "Leaders Agree to Deepen Trade Ties After Gyeongju Summit"


def test_real_latin1_article_is_decoded() -> None:
    path = SHARED / "data" / "bbc_news" / "sport" / "199.txt"
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (document,) = read(path)
    assert document.id == "199"
    assert document.text == raw.decode("latin-1")
    assert "a £15.8m signing from Parma" in document.text
    assert document.title == "Chelsea sack Mutu"
    assert body(document)[0] == "Chelsea have sacked Adrian Mutu after he failed a drugs test."
    check_spans(document)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "windows.txt"
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + "Xi met 이재명 in Seoul; £5m was pledged.\n".encode(encoding))
    assert read(path)[0].text == "Xi met 이재명 in Seoul; £5m was pledged.\n"


def test_one_stray_latin1_byte_in_utf8_text_garbles_nothing_else(tmp_path: Path) -> None:
    text = "Xi said “check for a backdoor” — Lee laughed. " * 40
    path = tmp_path / "mixed.txt"
    path.write_bytes(text.encode("utf-8") + b"The fee was \xa315m.\n")
    assert read(path)[0].text == text + "The fee was £15m.\n"


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    text = ("Le président Emmanuel Macron a rencontré à l’Élysée le chancelier allemand. « Nous agirons "
            "ensemble », a déclaré M. Macron. Les négociations reprendront à Bruxelles.\n")
    path = tmp_path / "paris.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read(path)[0].text == text


@pytest.mark.parametrize("data", [b"PK\x03\x04\x14\x00\x00\x00zip", b"Xi met Lee. " * 2000 + b"\x00\x01"])
def test_binary_file_is_reported(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="binary") as error:
        read(path)
    assert str(error.value).startswith(f"{path}: ")


def test_empty_files_are_empty_documents(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n\t\n")
    (tmp_path / "none.jsonl").write_text("\n\n")
    documents = read(tmp_path / "empty.txt", tmp_path / "blank.md", tmp_path / "none.jsonl")
    assert [(d.id, d.title, d.body_spans) for d in documents] == [("empty", None, ()), ("blank", None, ())]


def test_a_text_of_only_furniture_has_nothing_to_parse() -> None:
    from kg.nlp import blocks_of

    document = text_document("chrome", "Post a Comment\nTags\n0 Comments\n")
    assert document.body_spans == ()
    assert list(blocks_of(document)) == []


def test_a_date_in_the_page_furniture_dates_a_plain_text_article() -> None:
    text = ("Samsung names new chief as profits slump\n\nBy Kim Min-jun, Reuters\n"
            "Updated: 10:32 GMT, October 31, 2025\n\nSEOUL - Samsung appointed a new chief on Friday, "
            "its first change since November 1, 2024.\n")
    assert text_document("t", text).date == "2025-10-31"
    assert text_document("t", text, date="2025-11-02").date == "2025-11-02", "a date given wins"
    dated_headline = "Remembering November 22, 1963 in Dallas today\n\nThe city marks the day. It rained.\n"
    assert text_document("t", dated_headline).date is None, "a headline's date is what it is about"
    assert text_document("t", "He left on November 1, 2024, after a long and quiet career.\n").date is None
