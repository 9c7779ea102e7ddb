"""Reporting periods: the regulator's year runs 1 April to 31 March ("2025-26")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .._errors import InvalidInput

_YEAR = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def name(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (4, 1, 3, 31) \
                and self.end.year == self.start.year + 1:
            return f"{self.start.year}-{str(self.end.year)[2:]}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def reporting_year(text: str) -> Period:
    """`2025-26`: 1 April 2025 to 31 March 2026."""
    m = _YEAR.fullmatch(text.strip())
    if m is None or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise InvalidInput(f"--year must be a reporting year like 2025-26 (1 April 2025 to "
                           f"31 March 2026), got: {text!r}")
    first = int(m.group(1))
    return Period(date(first, 4, 1), date(first + 1, 3, 31))


def last_complete_year(today: date) -> Period:
    """The most recent reporting year that has ended by `today`."""
    first = today.year - 1 if today.month >= 4 else today.year - 2
    return Period(date(first, 4, 1), date(first + 1, 3, 31))


def period(year: str | None, start: date | None, end: date | None, today: date) -> Period:
    """A period from `--year`, or `--from`/`--to`, or the last complete year."""
    if year and (start or end):
        raise InvalidInput("give either --year or --from/--to, not both")
    if year:
        return reporting_year(year)
    if start or end:
        if not (start and end):
            raise InvalidInput("--from and --to go together")
        if end < start:
            raise InvalidInput(f"--to {end} is before --from {start}")
        return Period(start, end)
    return last_complete_year(today)
