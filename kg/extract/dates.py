"""Dates as the text states them, normalised to ISO (YYYY-MM-DD, YYYY-MM or YYYY).

A weekday ("on Saturday") or a month without a year is resolved against the document's date
when it has one, and left out otherwise: a date is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {name: n for n, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})$"),
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$"),
    re.compile(rf"^{_MONTH}(?:,?\s+(?:of\s+)?(?P<year>\d{{4}}))?$"),
    re.compile(r"^(?:in\s+)?(?P<year>(?:1[89]|20)\d{2})$"),
]


def normalise_date(text: str, document_date: str | None = None) -> str | None:
    """ISO form of a date phrase, or None when it names no definite day, month or year.

    >>> normalise_date("November 1, 2025"), normalise_date("September"), normalise_date("Saturday", "2025-11-03")
    ('2025-11-01', None, '2025-11-01')
    """
    phrase = re.sub(r"^(?:on|in|the|this|last)\s+", "", text.strip().lower()).strip(" ,.")
    anchor = _parse_iso(document_date)
    if phrase in WEEKDAYS or phrase.rstrip("s") in WEEKDAYS:
        if anchor is None:
            return None
        back = (anchor.weekday() - WEEKDAYS.index(phrase.rstrip("s"))) % 7
        return (anchor - dt.timedelta(days=back)).isoformat()
    for pattern in _PATTERNS:
        match = pattern.match(phrase)
        if match is None:
            continue
        parts = match.groupdict()
        month = MONTHS.get(parts.get("month") or "", 0) or int(parts.get("m") or 0)
        year = int(parts["year"]) if parts.get("year") else None
        if year is None and month:
            if anchor is None:
                return None
            year = anchor.year if month <= anchor.month else anchor.year - 1
        if year is None:
            return None
        day = int(parts["day"]) if parts.get("day") else None
        if day is not None:
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return None
        return f"{year:04d}-{month:02d}" if month else f"{year:04d}"
    return None


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_ANY_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_STATED = re.compile(rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|{_ANY_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
                     rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_ANY_MONTH},?\s+\d{{4}})\b", re.IGNORECASE)


def stated_date(line: str) -> str | None:
    """The day a line states in full ("Updated: 10:32 GMT, October 31, 2025", "31 Oct 2025",
    "2025-10-31"), in ISO form, or None.

    >>> stated_date("Updated: 10:32 GMT, October 31, 2025"), stated_date("Published 3rd March 2024")
    ('2025-10-31', '2024-03-03')
    """
    found = _STATED.search(line)
    return normalise_date(found.group()) if found else None

