"""Files and folders to Documents: decoding, HTML body extraction, JSON lines, page furniture.

The text of a Document is never rewritten after decoding, so offsets found later point into exactly
what was read. Lines that are headlines, bylines or page furniture are left out of ``body_spans``:
the extractor only reads running text.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TypeVar

from charset_normalizer import from_bytes

from kg.errors import InputError
from kg.extract.dates import stated_date
from kg.iris import slug
from kg.records import Document

EXTENSIONS = (".txt", ".md", ".html", ".htm", ".jsonl")

# Byte order marks of the UTF encodings other than UTF-8 (UTF-32 first: its LE mark starts with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Runs of well-formed UTF-8 (RFC 3629 table), to keep them when a few stray legacy bytes are mixed in.
_UTF8_RUN = re.compile(
    rb"(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2})+"
)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][0-9:.,+\-Z]*)?)?)?", re.ASCII)
_MD_HEADING = re.compile(r"#{1,6}\s+")

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_][\w’'\-.]*", re.UNICODE)
# Sentence punctuation, maybe followed by closing quotes or brackets ('He said: "No."'); a closing quote
# alone does not end a sentence (the BBC headline "Rover deal 'may cost 2,000 jobs'").
_SENTENCE_END = re.compile(r"[.!?:;…][\"”’')\]]*\s*$")
_MINOR = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "over",
    "the", "to", "up", "via", "vs", "with", "amid", "after", "before", "about", "during", "while",
})


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Documents from files and folders, folders walked recursively in sorted order, one file at a time.

    Raises:
        InputError: a path is missing, has an unknown extension, or a file cannot be read.
    """
    return _checked(paths, read_file, lambda document: document.id)


def document_ids(paths: Iterable[str | Path]) -> Iterator[str]:
    """The id of each document ``read_inputs`` gives, in its order, checking every file as it does
    (missing, unreadable, binary, undecodable, a bad JSON line, clashing ids) without keeping any
    text or extracting an HTML page's article: a quick first pass that fails before any parsing.

    Raises:
        InputError: as ``read_inputs``, except for an HTML page without article text.
    """
    return _checked(paths, _file_ids, lambda doc_id: doc_id)


T = TypeVar("T")


def _checked(paths: Iterable[str | Path], read: Callable[[Path, str], Iterator[T]],
             ident: Callable[[T], str]) -> Iterator[T]:
    """What ``read`` gives for each input file (once, however often it is named), ids checked for clashes."""
    seen: set[Path] = set()
    ids: dict[str, str] = {}  # slug of each id (what its IRI is minted from) -> the file it came from
    for file, doc_id in _files(paths):
        if file.resolve() in seen:  # the same file named twice (a folder and a file in it)
            continue
        seen.add(file.resolve())
        for item in read(file, doc_id):
            key = slug(ident(item))
            if key in ids:
                raise InputError(
                    f"{file}: document id {ident(item)!r} clashes with one read from {ids[key]} "
                    f"(both would be document/{key}); rename one of them"
                )
            ids[key] = str(file)
            yield item


def _files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
            for file in files:
                yield file, _name(file.relative_to(path).with_suffix("").as_posix())
        elif path.is_file():
            if path.suffix.lower() not in EXTENSIONS:
                raise InputError(f"{path}: unsupported file type; expected one of {', '.join(EXTENSIONS)}")
            yield path, _name(path.stem)
        else:
            raise InputError(f"{path}: no such file or folder")


def _name(name: str) -> str:
    """A file name as text: the bytes of a name that is not UTF-8 are read like a file's text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # surrogate escapes of undecodable bytes
        return _utf8_else_cp1252(name.encode("utf-8", "surrogateescape"))[0]
    return name


def read_file(path: Path, doc_id: str) -> Iterator[Document]:
    """The Documents in one file: one per file, or one per line of a .jsonl file.

    Raises:
        InputError: the file is binary, undecodable, or (for .jsonl) has a malformed line.
    """
    text = _read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_documents(text, path)
    elif suffix in (".html", ".htm"):
        yield _html_document(text, path, doc_id)
    else:
        yield text_document(doc_id, text, path=str(path))


def _file_ids(path: Path, doc_id: str) -> Iterator[str]:
    """The ids of the documents in one file, checked as ``read_file`` checks them (HTML aside)."""
    text = _read_text(path)
    if path.suffix.lower() == ".jsonl":
        yield from (record[0] for record in _jsonl_records(text, path))
    else:
        yield doc_id


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    return decode(data, path)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (a BOM dropped), or another encoding when it is detected with confidence.

    Raises:
        InputError: the bytes are binary or in no encoding that can be detected.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"{path}: not valid {encoding.upper()} (byte {error.start})") from None
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (contains NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        text, stray = _utf8_else_cp1252(data)
        if stray * 50 < len(data):
            # ASCII or UTF-8 with a few legacy bytes (a latin-1 pound sign): detectors guess wildly on
            # so little evidence, and Windows-1252 is what such news text almost always is. Runs that
            # are well-formed UTF-8 stay UTF-8, so one stray byte in a UTF-8 file garbles nothing else.
            return text.removeprefix("\ufeff")
        best = from_bytes(data).best()
        if best is None or best.encoding in ("utf_8", "utf-8"):
            raise InputError(
                f"{path}: not valid UTF-8 (byte {utf8_error.start}) and no other encoding detected"
            ) from None
        return str(best)


def _utf8_else_cp1252(data: bytes) -> tuple[str, int]:
    """The text with well-formed UTF-8 read as UTF-8 and other bytes as Windows-1252; how many others."""
    parts: list[str] = []
    end = stray = 0
    for run in _UTF8_RUN.finditer(data):
        parts += [_cp1252(data[end : run.start()]), run.group().decode("utf-8")]
        stray += run.start() - end
        end = run.end()
    parts.append(_cp1252(data[end:]))
    return "".join(parts), stray + len(data) - end


def _cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")


def text_document(doc_id: str, text: str, *, path: str = "", title: str | None = None, url: str | None = None,
                  date: str | None = None, source: str | None = None) -> Document:
    """A Document whose title (unless given), date (unless given) and body are found from its line structure."""
    headline, spans = split_lines(text)
    return Document(id=doc_id, text=text, path=path, title=title or headline, url=url,
                    date=date or header_date(text), source=source, body_spans=spans)


def header_date(text: str, lines: int = 10) -> str | None:
    """The day a line of page furniture near the top states in full ("Updated: 10:32 GMT, October 31,
    2025", "Published 3 March 2024"), which dates the article: not the headline's, nor a sentence's."""
    found = [line.strip() for line in islice((m.group() for m in _LINE.finditer(text) if m.group().strip()), lines)]
    return next((day for line in found[1:] if line_kind(line) == "furniture" and (day := stated_date(line))), None)


def split_lines(text: str) -> tuple[str | None, tuple[tuple[int, int], ...]]:
    """The title (a first line that is a headline) and the spans of running text, one per line."""
    title = None
    spans = []
    first = True
    for match in _LINE.finditer(text):
        line = match.group().strip()
        if not line:
            continue
        kind = line_kind(line)
        if first and kind != "body" and len(_WORD.findall(line)) >= 3:
            title = _MD_HEADING.sub("", line, count=1)
        elif kind == "body":
            start = match.start() + (len(match.group()) - len(match.group().lstrip()))
            spans.append((start, start + len(line)))
        first = False
    return title, tuple(spans)


def line_kind(line: str) -> str:
    """``body`` for running text, ``heading`` for a headline, ``furniture`` for bylines and page chrome.

    >>> line_kind("Post a Comment"), line_kind("A Symbolic Gift With a Playful Twist"), line_kind("He left.")
    ('furniture', 'heading', 'body')
    """
    words = _WORD.findall(line)
    ends_sentence = bool(_SENTENCE_END.search(line))
    if len(words) < 5 and not ends_sentence:
        return "furniture"
    if ends_sentence and len(words) >= 3:
        return "body"
    lexical = [w for w in words if w.lower() not in _MINOR]
    capitalised = sum(1 for w in lexical if w[0].isupper())
    if lexical and capitalised / len(lexical) >= 0.8:
        return "heading"
    return "body" if len(words) >= 8 or ends_sentence else "heading"


def _html_document(html: str, path: Path, doc_id: str) -> Document:
    from trafilatura import bare_extraction

    if not html.strip():
        return text_document(doc_id, html, path=str(path))
    # No extensive date search: it turns a copyright footer ("© 2025") into a publication date of 1 January.
    result = bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                             date_extraction_params={"original_date": True, "extensive_search": False})
    fields = ("text", "title", "url", "date", "sitename")
    text, title, url, published, site = (getattr(result, name, None) for name in fields)
    if not text:
        raise InputError(f"{path}: no article text found in the HTML")
    return text_document(doc_id, text, path=str(path), title=title, url=url, date=published, source=site)


def _jsonl_documents(text: str, path: Path) -> Iterator[Document]:
    for doc_id, body, meta in _jsonl_records(text, path):
        yield text_document(doc_id, body, path=str(path), **meta)


def _jsonl_records(text: str, path: Path) -> Iterator[tuple[str, str, dict[str, str | None]]]:
    """(id, text, metadata) of each line of a .jsonl file, checked."""
    seen: set[str] = set()
    # Only "\n" ends a record: str.splitlines() would also split at U+2028 or U+0085 inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not valid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object with 'id' and 'text'")
        doc_id, body = record.get("id"), record.get("text")
        if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or not isinstance(body, str):
            raise InputError(f"{where}: expected a JSON object with string 'id' and 'text'")
        doc_id = str(doc_id)
        if doc_id in seen:
            raise InputError(f"{where}: duplicate id {doc_id!r}")
        seen.add(doc_id)
        meta = {k: record.get(k) for k in ("title", "url", "date", "source")}
        for key, value in {"id": doc_id, "text": body, **meta}.items():
            if value is not None and not isinstance(value, str):
                raise InputError(f"{where}: {key!r} must be a string")
            if value is not None and not value.isascii() and not _encodable(value):
                raise InputError(f"{where}: {key!r} has an unpaired surrogate escape (\\ud800-\\udfff)")
        if meta["date"] is not None and not _is_iso_date(meta["date"]):
            raise InputError(f"{where}: 'date' {meta['date']!r} is not an ISO 8601 date like 2025-11-01")
        yield doc_id, body, meta


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_iso_date(value: str) -> bool:
    """Whether ``value`` is an ISO 8601 date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, maybe with a time."""
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
