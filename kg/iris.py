"""Deterministic, readable IRIs for minted resources."""

from __future__ import annotations

import hashlib
import re
import unicodedata

DEFAULT_BASE = "https://kg.example.org/id/"

# Characters that may not appear unescaped in an IRI path segment (RFC 3987) are neither letters,
# digits nor combining marks, so keeping those of any script and joining the rest with "-" gives a
# valid IRI. Marks are kept because they are part of the letters in many scripts: the vowel signs of
# Devanagari or Thai, Arabic harakat ("नरेंद्र मोदी" would otherwise become "नर-द-र-म-द").
_DASHES = re.compile(r"-{2,}")
MAX_SLUG = 120

# The path segment of each top class; subclasses share their parent's segment, so refining a
# type (Organization -> Company) never changes an entity's IRI.
SEGMENTS = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "Place": "place",
    "Country": "place",
    "City": "place",
    "Product": "product",
    "NamedEvent": "named-event",
}


def digest(*parts: str, size: int = 16) -> str:
    """A stable hex digest of the parts, for names that have no readable form."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:size]


def slug(text: str) -> str:
    """A readable, lower-case IRI segment for any name in any script.

    >>> slug("Xi Jinping"), slug("U.S."), slug("이재명"), slug("नरेंद्र मोदी"), slug("<>")[:2]
    ('xi-jinping', 'u-s', '이재명', 'नरेंद्र-मोदी', 'x-')
    """
    norm = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch if _word_char(ch) else "-" for ch in norm)
    readable = _DASHES.sub("-", kept).strip("-")
    if not any(ch.isalnum() for ch in readable):
        return "x-" + digest(text, size=8)
    if len(readable) > MAX_SLUG:  # keep long names that share a beginning apart
        return readable[: MAX_SLUG - 17].rstrip("-") + "-" + digest(readable)
    return readable


def _word_char(ch: str) -> bool:
    """A letter, digit or mark that RFC 3987 allows unescaped in an IRI path (its ``ucschar``)."""
    if not (ch.isalnum() or unicodedata.category(ch)[0] == "M"):
        return False
    code = ord(ch)
    if code < 0xA0:
        return ch.isascii()
    if 0xD800 <= code <= 0xF8FF or 0xFDD0 <= code <= 0xFDEF or 0xE0000 <= code <= 0xE0FFF:
        return False  # surrogates, private use, non-characters, tags and variation selectors
    return (code & 0xFFFF) < 0xFFFE


def entity_iri(base: str, cls: str, key: str) -> str:
    """The IRI of an entity of class ``cls`` (a local name) whose normalised name is ``key``."""
    return f"{base}{SEGMENTS[cls]}/{slug(key)}"


def document_iri(base: str, doc_id: str) -> str:
    """The IRI of a source document."""
    return f"{base}document/{slug(doc_id)}"


def event_iri(base: str, doc_id: str, start: int, n: int) -> str:
    """The IRI of the ``n``-th event read from the sentence at ``start`` of a document."""
    return f"{base}event/{slug(doc_id)}-{start}-{n}"


def fact_iri(base: str, *parts: str) -> str:
    """The IRI of an rdf:Statement describing one fact read from one sentence."""
    return f"{base}fact/{digest(*parts)}"
