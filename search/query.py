"""What a search box's text asks for: a customer number (full or its last four digits), an
order or external number, a name, a date, or words. Bad text is refused with a message."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hallops.periods import in_window

MAX_LENGTH = 40
MIN_TEXT = 2

DATE_LIKE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
DIGITS = re.compile(r"^\d+$")


class QueryRefused(ValueError):
    """The text cannot be searched; the message says why (translated)."""


@dataclass(frozen=True)
class Query:
    text: str
    day: dt.date | None = None
    last_four: str | None = None  # four digits: the end of a customer number
    full_number: str | None = None  # eleven digits: a whole customer number

    @property
    def is_words(self) -> bool:
        """Text that may be a name or words (not a date, not digits only)."""
        return self.day is None and not DIGITS.match(self.text)


def parse(raw: str | None) -> Query:
    text = (raw or "").strip()
    if not text:
        raise QueryRefused(_("Type what to look for: a customer number or its last four digits, "
                             "an order number, a name or a date."))
    if len(text) > MAX_LENGTH:
        raise QueryRefused(_("A search is at most %(max)d characters.") % {"max": MAX_LENGTH})
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        raise QueryRefused(_("The search contains characters that cannot be typed; "
                             "type it again."))
    text = " ".join(text.split())
    match = DATE_LIKE.match(text)
    if match:
        try:
            day = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            day = None
        if day is None or not in_window(day):
            raise QueryRefused(_("“%(text)s” is not a date; write a date as 2026-03-15.")
                               % {"text": text})
        return Query(text=text, day=day)
    if DIGITS.match(text):
        if len(text) == 4:
            return Query(text=text, last_four=text)
        if len(text) == 11:
            return Query(text=text, full_number=text)
    if len(text) < MIN_TEXT:
        raise QueryRefused(_("Type at least %(min)d characters.") % {"min": MIN_TEXT})
    return Query(text=text)
