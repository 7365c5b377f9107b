"""Errors raised by kg. The library raises; the CLI turns them into one-line messages."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error a user can cause and fix. Its message names the bad value."""


class InputError(KGError):
    """An input file or record is missing, unreadable or malformed."""


class QueryError(KGError):
    """A SPARQL query does not parse or cannot run."""


class ModelError(KGError):
    """The spaCy pipeline cannot be loaded."""
