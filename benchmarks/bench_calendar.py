"""Working-day arithmetic, per call: redress against numpy and workalendar.

Every deadline the engine sets or extends is one `add_working_days` call, and a report
over many cases makes thousands, so the per-call cost is what matters. numpy's
`busday_offset` is the fast general-purpose tool; workalendar is the usual calendar
library. All three are asked the same questions (the Nth England & Wales working day
strictly after a date), and the answers are compared before any timing is trusted.

Run: python benchmarks/bench_calendar.py
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from importlib.metadata import version

import holidays
import numpy as np
from _common import best_of, header, verdict
from redress.engine import WorkingCalendar
from workalendar.europe import UnitedKingdom  # type: ignore[import-untyped]

SEED = 20261122
FIRST, LAST = date(2020, 1, 1), date(2027, 12, 31)
MAX_N = 20
SAMPLES, REPEATS = (200, 1) if "--smoke" in sys.argv else (4000, 7)  # --smoke: seconds


def sample(rng: random.Random) -> list[tuple[date, int]]:
    """Random (date, n) questions: any day 2020-2027, weekends and holidays included."""
    span = (LAST - FIRST).days
    return [
        (FIRST + timedelta(days=rng.randint(0, span)), rng.randint(1, MAX_N))
        for _ in range(SAMPLES)
    ]


def england_bank_holidays() -> dict[date, str]:
    """The same source redress uses, with a year either side for answers past 2027."""
    years = range(FIRST.year - 1, LAST.year + 2)
    return dict(sorted(holidays.country_holidays("GB", subdiv="ENG", years=years).items()))


def calendar_differences(bank: dict[date, str], uk: UnitedKingdom) -> list[tuple[date, str]]:
    """Days off in one calendar but not the other, 2020-2027: why answers may differ."""
    years = range(FIRST.year, LAST.year + 1)
    england = {d for d in bank if FIRST <= d <= LAST and d.weekday() < 5}
    theirs = {d: name for y in years for d, name in uk.holidays(y)}
    weekday = {d for d in theirs if d.weekday() < 5}
    only_england = [(d, f"{bank[d]!r} is missing from workalendar") for d in england - weekday]
    only_theirs = [(d, f"workalendar's {theirs[d]!r} is not one") for d in weekday - england]
    return sorted(only_england + only_theirs)


def main() -> None:
    header("bench_calendar: Nth working day strictly after a date, per call")
    questions = sample(random.Random(SEED))
    names = england_bank_holidays()
    bank = list(names)

    cal = WorkingCalendar()
    # numpy: "strictly after d" is "roll forward from the next day, then n - 1 more".
    busdays = np.busdaycalendar(holidays=np.array(bank, dtype="datetime64[D]"))
    bank64 = np.array(bank, dtype="datetime64[D]")
    after64 = [np.datetime64(d + timedelta(days=1), "D") for d, _ in questions]
    steps = [n - 1 for _, n in questions]
    uk = UnitedKingdom()

    # Same answers first; warms every cache (redress's year table, workalendar's
    # per-year holiday lists) so the timings below measure steady-state calls.
    ours = [cal.add_working_days(d, n) for d, n in questions]
    theirs_np = [
        np.busday_offset(a, k, roll="forward", busdaycal=busdays).astype(date)
        for a, k in zip(after64, steps, strict=True)
    ]
    theirs_wk = [uk.add_working_days(d, n) for d, n in questions]
    np_mismatch = sum(a != b for a, b in zip(ours, theirs_np, strict=True))
    wk_differ = [
        (d, n, a, b) for (d, n), a, b in zip(questions, ours, theirs_wk, strict=True) if a != b
    ]

    def run_redress() -> None:
        add = cal.add_working_days
        for d, n in questions:
            add(d, n)

    def run_numpy_holidays() -> None:
        offset = np.busday_offset
        for a, k in zip(after64, steps, strict=True):
            offset(a, k, roll="forward", holidays=bank64)

    def run_numpy_busdaycal() -> None:
        offset = np.busday_offset
        for a, k in zip(after64, steps, strict=True):
            offset(a, k, roll="forward", busdaycal=busdays)

    def run_workalendar() -> None:
        add = uk.add_working_days
        for d, n in questions:
            add(d, n)

    per_call = {
        name: best_of(REPEATS, run) / SAMPLES * 1e6
        for name, run in (
            ("redress WorkingCalendar.add_working_days", run_redress),
            ("numpy busday_offset(holidays=...)", run_numpy_holidays),
            ("numpy busday_offset(busdaycal=...)", run_numpy_busdaycal),
            ("workalendar UnitedKingdom().add_working_days", run_workalendar),
        )
    }
    ours_us = per_call["redress WorkingCalendar.add_working_days"]
    np_hol_us = per_call["numpy busday_offset(holidays=...)"]
    np_cal_us = per_call["numpy busday_offset(busdaycal=...)"]
    wk_us = per_call["workalendar UnitedKingdom().add_working_days"]

    print(
        f"{SAMPLES} questions, seed {SEED}: dates {FIRST}..{LAST}, n in 1..{MAX_N}; "
        f"best of {REPEATS} passes"
    )
    print(
        f"{len(bank)} England bank holidays {bank[0].year}-{bank[-1].year} "
        f"from holidays {version('holidays')}; numpy {np.__version__}"
    )
    print()
    print("answers")
    print(f"  redress vs numpy:        {np_mismatch} of {SAMPLES} differ (expected 0)")
    print(
        f"  redress vs workalendar:  {len(wk_differ)} of {SAMPLES} differ "
        "(UnitedKingdom is not exactly England's calendar)"
    )
    for day, name in calendar_differences(names, uk):
        print(f"    calendars differ on {day}: {name}")
    for d, n, a, b in wk_differ[:5]:
        print(f"    {d} + {n}: redress {a}, workalendar {b}")
    if len(wk_differ) > 5:
        print(f"    ... and {len(wk_differ) - 5} more")
    print()
    print("per call")
    width = max(len(k) for k in per_call)
    for name, us in per_call.items():
        print(f"  {name:<{width}}  {us:8.2f} us")
    print()
    print("ratios (how many times faster redress is)")
    print(
        f"  vs numpy, holidays= per call:    {np_hol_us / ours_us:6.1f}x  "
        f"target > 1x   {verdict(np_hol_us > ours_us)}"
    )
    print(
        f"  vs numpy, prebuilt busdaycal:    {np_cal_us / ours_us:6.1f}x  "
        f"target > 1x   {verdict(np_cal_us > ours_us)}"
    )
    print(
        f"  vs workalendar:                  {wk_us / ours_us:6.1f}x  "
        f"target >= 10x {verdict(wk_us >= 10 * ours_us)}"
    )


if __name__ == "__main__":
    main()
