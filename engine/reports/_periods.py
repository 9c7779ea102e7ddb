"""The period a report covers: a reporting year ("2025-26": 1 April 2025 to 31 March
2026, the year the Regulator of Social Housing's measures are reported for) or any two
dates, both included. Dates are Europe/London dates; a figure counted "by the date a
letter left" compares the stored UTC instant with the London midnights that bound the
period, so the SQL never needs to know about summer time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .._errors import InvalidInput
from ..cases._clock import at_london, long_date, parse_date

YEAR_FORM = re.compile(r"(\d{4})[-/](\d{2}|\d{4})")
YEAR_HELP = "a reporting year like 2025-26 (1 April 2025 to 31 March 2026)"


@dataclass(frozen=True)
class Period:
    start: date  # first day included
    end: date  # last day included
    year: str | None = None  # "2025-26" when the period is a reporting year

    @property
    def name(self) -> str:
        """For a file name: "2025-26", or "2025-04-01_to_2025-06-30"."""
        return self.year or f"{self.start.isoformat()}_to_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        span = f"{short_date(self.start)} to {short_date(self.end)}"
        return f"{self.year} ({span})" if self.year else span

    def starts_at(self) -> datetime:
        """The first instant in the period (London midnight), in UTC."""
        return at_london(self.start, time(0, 0))

    def ends_at(self) -> datetime:
        """The first instant after the period (London midnight), in UTC."""
        return at_london(self.end + timedelta(days=1), time(0, 0))

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def short_date(day: date) -> str:
    """1 April 2025: a date in a table, without the weekday."""
    return f"{day.day} {day:%B %Y}"


def reporting_year(text: str) -> Period:
    """ "2025-26" (or 2025/26, 2025-2026) -> 1 April 2025 to 31 March 2026."""
    raw = text.strip()
    found = YEAR_FORM.fullmatch(raw)
    if found is None:
        raise InvalidInput(f"--year must be {YEAR_HELP}, got: {text!r}")
    first, second = int(found.group(1)), found.group(2)
    following = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if len(second) == 2 and following < first:  # 2099-00
        following += 100
    if following != first + 1 or not 1900 < first < 9999:
        raise InvalidInput(f"--year must be {YEAR_HELP}: the second year follows the first, "
                           f"got: {text!r}")
    return Period(date(first, 4, 1), date(first + 1, 3, 31),
                  f"{first}-{str(first + 1)[-2:]}")


def year_of(day: date) -> str:
    """The reporting year a date falls in: 17 May 2025 and 3 March 2026 are in 2025-26."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{str(first + 1)[-2:]}"


def last_year(today: date) -> Period:
    """The most recent reporting year that has ended by `today`."""
    first = today.year - 1 if today.month >= 4 else today.year - 2
    return reporting_year(f"{first}-{str(first + 1)[-2:]}")


def period_of(year: str | None, start: str | None, end: str | None) -> Period:
    """The period from --year, or from --from and --to (both included)."""
    if year is not None:
        if start is not None or end is not None:
            raise InvalidInput("give either --year or --from and --to, not both")
        return reporting_year(year)
    if start is None or end is None:
        missing = "--to" if start is not None else "--from" if end is not None else None
        if missing:
            raise InvalidInput(f"{missing} is needed too: a period has a first and a last day")
        raise InvalidInput(f"give --year ({YEAR_HELP}) or --from DATE --to DATE")
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if last < first:
        raise InvalidInput(f"--to {last} is before --from {first}: the period would be empty")
    if (first.month, first.day, last.month, last.day) == (4, 1, 3, 31) and \
            last.year == first.year + 1:
        return Period(first, last, year_of(first))
    return Period(first, last)


def described(period: Period) -> str:
    """The period in words: "1 April 2025 to 31 March 2026"."""
    return f"{long_date(period.start)} to {long_date(period.end)}"
