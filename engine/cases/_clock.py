"""The clock is injected: decisions take `now`; only the shell reads the wall clock.

Deadlines are dates in Europe/London; instants are stored in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from .._errors import InvalidInput

Clock = Callable[[], datetime]

DEFAULT_TIME = time(9, 0)


@lru_cache(maxsize=1)
def london() -> ZoneInfo:
    return ZoneInfo("Europe/London")


def system_clock() -> datetime:
    return datetime.now(UTC)


def fixed_clock(instant: datetime) -> Clock:
    return lambda: instant


def running_from(start: datetime) -> Clock:
    """A clock set to `start` that then runs at the wall clock's pace (a long-running
    demo or test with --now)."""
    offset = start - datetime.now(UTC)
    return lambda: datetime.now(UTC) + offset


def local_date(instant: datetime) -> date:
    """The Europe/London calendar date of a UTC instant."""
    return instant.astimezone(london()).date()


def long_date(day: date) -> str:
    """A date as people read it: Wednesday 18 November 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@lru_cache(maxsize=1024)
def day_label(day: date) -> str:
    """A day as officers' views, alerts and the runner's log name it (`Mon 09 Nov 2026`);
    kept: a runner's batch names the same few due days thousands of times."""
    return f"{day:%a %d %b %Y}"


@lru_cache(maxsize=4096)
def at_london(day: date, at: time = DEFAULT_TIME) -> datetime:
    """A London wall-clock time on `day`, as a UTC instant (kept: a runner's batch and
    `audit verify` ask for the same few days' ends thousands of times)."""
    return datetime.combine(day, at, tzinfo=london()).astimezone(UTC)


def instant(value: Any) -> datetime | None:
    """A stored naive-UTC instant (text or datetime) as an aware UTC datetime."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_date(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what} must be a date like 2025-04-17, got: {text!r}") from None


def parse_instant(text: str, what: str = "time") -> datetime:
    """Parse a date or datetime; a date alone means 09:00 Europe/London, naive means London."""
    raw = text.strip()
    if len(raw) == 10:
        return at_london(parse_date(raw, what))
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{what} must be a date or date-time like 2025-04-17 or 2025-04-17T14:30, "
            f"got: {text!r}"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=london())
    return value.astimezone(UTC)
