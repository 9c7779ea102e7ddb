"""Working days: Monday to Friday, not an England & Wales bank holiday, not a closure day.

"Within N working days of X" is the Nth working day strictly after the date of X, so a
complaint received on a Saturday has Monday as its first working day. Bank holidays come
from the maintained `holidays` package; landlords add their own closure days.

Lookups are by ordinal in a sorted list of working days, built a year at a time (when a
question first needs that year), so a deadline costs one bisect rather than a walk
through the calendar. The years in `_bank_holidays` (generated from `holidays`, and
checked against it by the tests) are read from there, so a command that works out a
deadline does not import and run `holidays`; other years ask the package itself.
Regenerate after upgrading `holidays`:

    python -m redress.engine.cases._calendar > engine/cases/_bank_holidays.py
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

FIRST_YEAR, LAST_YEAR = 2000, 2040  # the years `_bank_holidays` holds
BANK_HOLIDAY_TABLE = range(FIRST_YEAR, LAST_YEAR + 1)


def from_package(years: Iterable[int]) -> dict[date, str]:
    """England & Wales bank holidays in `years`, with their names, from `holidays`."""
    import holidays

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=list(years)))


@cache
def bank_holidays(year: int) -> Mapping[date, str]:
    """England & Wales bank holidays in `year`: from the generated table where it holds
    the year, else from the `holidays` package. Kept for the process."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        from ._bank_holidays import DAYS

        return {date.fromisoformat(day): name for day, name in DAYS if
                day.startswith(f"{year}-")}
    return from_package([year])


def generate() -> str:
    """The source of `_bank_holidays`, from the installed `holidays` package."""
    from importlib.metadata import version

    days = sorted(from_package(range(FIRST_YEAR, LAST_YEAR + 1)).items())
    lines = [
        f'"""England & Wales bank holidays {FIRST_YEAR}-{LAST_YEAR}, generated from holidays '
        f'{version("holidays")} by',
        "`python -m redress.engine.cases._calendar`; a test checks them against the package.",
        '"""',
        "",
        "DAYS = (",
        *(f"    ({day.isoformat()!r}, {name!r})," for day, name in days),
        ")",
        "",
    ]
    return "\n".join(lines)


class WorkingCalendar:
    """England & Wales working days, with optional landlord closure days."""

    def __init__(self, closures: Iterable[date] = (), region: str = "england-and-wales") -> None:
        if region != "england-and-wales":
            raise ValueError(f"unknown calendar {region!r}; known: england-and-wales")
        self.region = region
        self.closures = frozenset(closures)
        self._years: set[int] = set()
        self._days: list[int] = []  # ordinals of working days, sorted
        self._holiday_names: dict[date, str] = {}
        # ordinals of the first and last day of the covered years, which are contiguous
        self._lo = self._hi = 0

    def _cover(self, first_year: int, last_year: int) -> None:
        if self._years:  # keep the table gap-free, so [_lo, _hi] is all answered by bisect
            first_year = min(first_year, min(self._years))
            last_year = max(last_year, max(self._years))
        missing = [y for y in range(first_year, last_year + 1) if y not in self._years]
        if not missing:
            return
        added: list[int] = []
        for year in missing:
            bank = bank_holidays(year)
            self._holiday_names.update(bank)
            day = date(year, 1, 1)
            end = date(year, 12, 31)
            while day <= end:
                if day.weekday() < 5 and day not in bank and day not in self.closures:
                    added.append(day.toordinal())
                day += timedelta(days=1)
            self._years.add(year)
        self._days = sorted(self._days + added) if self._days else added
        self._lo = date(first_year, 1, 1).toordinal()
        self._hi = date(last_year, 12, 31).toordinal()

    def is_working_day(self, day: date) -> bool:
        self._cover(day.year, day.year)
        i = bisect.bisect_left(self._days, day.toordinal())
        return i < len(self._days) and self._days[i] == day.toordinal()

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday's name, 'closure' for a landlord closure, else None."""
        self._cover(day.year, day.year)
        if day in self.closures:
            return "closure"
        return self._holiday_names.get(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The Nth working day strictly after `start` (n >= 1); `start` itself never counts."""
        if n < 1:
            raise ValueError(f"working days must be at least 1, got: {n}")
        ordinal = start.toordinal()
        # n working days never span more than ~n*1.5 + a fortnight of holidays
        reach = ordinal + n * 2 + 20
        if ordinal < self._lo or reach > self._hi:
            self._cover(start.year, date.fromordinal(reach).year)
        i = bisect.bisect_right(self._days, ordinal) + n - 1
        while i >= len(self._days):
            self._cover(start.year, max(self._years) + 1)
            i = bisect.bisect_right(self._days, ordinal) + n - 1
        return date.fromordinal(self._days[i])

    def subtract_working_days(self, end: date, n: int) -> date:
        """The Nth working day strictly before `end` (n >= 1): a reminder's day."""
        if n < 1:
            raise ValueError(f"working days must be at least 1, got: {n}")
        ordinal = end.toordinal()
        reach = ordinal - n * 2 - 20
        if reach < self._lo or ordinal > self._hi:
            self._cover(date.fromordinal(reach).year, end.year)
        i = bisect.bisect_left(self._days, ordinal) - n
        return date.fromordinal(self._days[max(i, 0)])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many have elapsed after `start` by `end`."""
        if end <= start:
            return 0
        self._cover(start.year, end.year)
        return bisect.bisect_right(self._days, end.toordinal()) - bisect.bisect_right(
            self._days, start.toordinal()
        )


if __name__ == "__main__":
    print(generate(), end="")
