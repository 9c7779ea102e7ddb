"""Working-day arithmetic: England & Wales bank holidays, weekends and closure days.

Every expected date below was worked out by hand from a printed calendar; the comment on
each case counts the working days one by one ("(1)", "(2)", ...), so a reader can check it
without running anything. "Within N working days of X" is the Nth working day strictly
after the date of X: the day of X itself never counts, even when it is a working day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from redress.engine import Registry, WorkflowDefinition, WorkingCalendar, apply, open_case
from redress.engine.cases import at_london, local_date
from support import left

LONDON = ZoneInfo("Europe/London")

# Landlord closure between Christmas and New Year 2026 (Tue 29 - Thu 31 Dec).
CLOSED_XMAS_2026 = (date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- add_working_days -------------------------------------------------------------------

# (start, n, expected, closures, id)
ADD_CASES = [
    # Weekends. 6 Jun 2025 is a Friday; no bank holiday in June 2025.
    ("2025-06-05", 1, "2025-06-06", (), "thu+1=fri"),
    ("2025-06-06", 1, "2025-06-09", (), "fri+1=mon"),
    # A Saturday receipt does not count itself: Mon 9 Jun is the 1st working day.
    ("2025-06-07", 1, "2025-06-09", (), "sat+1=mon"),
    ("2025-06-08", 1, "2025-06-09", (), "sun+1=mon"),
    # Fri 6 Jun: Mon 9 (1) ... Fri 13 (5).
    ("2025-06-06", 5, "2025-06-13", (), "fri+5=next-fri"),
    ("2025-06-07", 5, "2025-06-13", (), "sat+5=fri"),
    ("2025-06-08", 5, "2025-06-13", (), "sun+5=fri"),
    # A Monday start is not itself counted: Tue 10 (1) ... Mon 16 (5).
    ("2025-06-09", 5, "2025-06-16", (), "mon+5=next-mon"),
    # Easter 2025: Good Friday 18 Apr, Easter Monday 21 Apr.
    # Thu 17 Apr: Fri 18 GF, Sat, Sun, Mon 21 EM skipped -> Tue 22 (1).
    ("2025-04-17", 1, "2025-04-22", (), "easter25-maundy-thu+1"),
    # Received on Good Friday itself: Tue 22 (1).
    ("2025-04-18", 1, "2025-04-22", (), "easter25-good-fri+1"),
    ("2025-04-21", 1, "2025-04-22", (), "easter25-easter-mon+1"),
    # Wed 16 Apr: Thu 17 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), Fri 25 (5).
    ("2025-04-16", 5, "2025-04-25", (), "easter25-wed+5"),
    # Thu 10 Apr: Fri 11 (1), Mon 14 (2), 15 (3), 16 (4), 17 (5), Tue 22 (6), 23 (7),
    # 24 (8), 25 (9), Mon 28 (10).
    ("2025-04-10", 10, "2025-04-28", (), "easter25-thu+10"),
    # Christmas 2026: Fri 25 Dec, Boxing Day Sat 26 Dec (substitute Mon 28 Dec),
    # New Year's Day Fri 1 Jan 2027.
    # Thu 24 Dec: Fri 25, Sat, Sun, Mon 28 skipped -> Tue 29 (1).
    ("2026-12-24", 1, "2026-12-29", (), "xmas26-eve+1"),
    # Sat 26 Dec (Boxing Day on a Saturday) and Mon 28 (its substitute) -> Tue 29 (1).
    ("2026-12-26", 1, "2026-12-29", (), "xmas26-boxing-sat+1"),
    ("2026-12-28", 1, "2026-12-29", (), "xmas26-substitute-mon+1"),
    # Thu 24 Dec: Tue 29 (1), Wed 30 (2), Thu 31 (3), [Fri 1 Jan], Mon 4 (4), Tue 5 (5).
    ("2026-12-24", 5, "2027-01-05", (), "xmas26-eve+5"),
    # ... Wed 6 (6), Thu 7 (7), Fri 8 (8), Mon 11 (9), Tue 12 (10).
    ("2026-12-24", 10, "2027-01-12", (), "xmas26-eve+10"),
    # ... Wed 13 (11), 14 (12), 15 (13), Mon 18 (14), 19 (15), 20 (16), 21 (17), 22 (18),
    # Mon 25 (19), Tue 26 (20).
    ("2026-12-24", 20, "2027-01-26", (), "xmas26-eve+20"),
    # 5, 10 and 20 working days from Fri 18 Dec 2026, across Christmas and New Year:
    # Mon 21 (1), 22 (2), 23 (3), Thu 24 (4), [25, 26, 27, 28], Tue 29 (5).
    ("2026-12-18", 5, "2026-12-29", (), "xmas26-fri+5"),
    # Wed 30 (6), Thu 31 (7), [Fri 1 Jan], Mon 4 (8), Tue 5 (9), Wed 6 (10).
    ("2026-12-18", 10, "2027-01-06", (), "xmas26-fri+10"),
    # Thu 7 (11), Fri 8 (12), Mon 11 (13) ... Fri 15 (17), Mon 18 (18), 19 (19), Wed 20 (20).
    ("2026-12-18", 20, "2027-01-20", (), "xmas26-fri+20"),
    # Landlord closed Tue 29 - Thu 31 Dec 2026.
    # Thu 24 Dec: 25-28 holidays/weekend, 29-31 closed, Fri 1 Jan holiday -> Mon 4 (1).
    ("2026-12-24", 1, "2027-01-04", CLOSED_XMAS_2026, "closure-xmas26-eve+1"),
    # Mon 4 (1), 5 (2), 6 (3), 7 (4), Fri 8 (5): three days later than without the closure.
    ("2026-12-24", 5, "2027-01-08", CLOSED_XMAS_2026, "closure-xmas26-eve+5"),
    # Fri 18 Dec: Mon 21 (1), 22 (2), 23 (3), Thu 24 (4), [25 Dec - 1 Jan], Mon 4 (5).
    ("2026-12-18", 5, "2027-01-04", CLOSED_XMAS_2026, "closure-xmas26-fri+5"),
    # Received on a closure day: it does not count, Mon 4 Jan (1).
    ("2026-12-30", 1, "2027-01-04", CLOSED_XMAS_2026, "closure-received-on-closed-day"),
    # A closure on a day that is a bank holiday anyway changes nothing: Tue 29 (1).
    ("2026-12-24", 1, "2026-12-29", (date(2026, 12, 28),), "closure-on-bank-holiday"),
    # 2022 Platinum Jubilee: Thu 2 Jun (the late May bank holiday, moved) and Fri 3 Jun.
    # Wed 1 Jun: Thu 2, Fri 3, Sat, Sun skipped -> Mon 6 (1).
    ("2022-06-01", 1, "2022-06-06", (), "jubilee22-wed+1"),
    # The usual last Monday in May (30 May 2022) was an ordinary working day.
    ("2022-05-27", 1, "2022-05-30", (), "jubilee22-last-may-mon-is-working"),
    # Fri 27 May: Mon 30 (1), Tue 31 (2), Wed 1 Jun (3), [2, 3 Jun], Mon 6 (4), Tue 7 (5).
    ("2022-05-27", 5, "2022-06-07", (), "jubilee22-fri+5"),
    # State funeral of Queen Elizabeth II: Mon 19 Sep 2022.
    # Fri 16 Sep: Sat, Sun, Mon 19 skipped -> Tue 20 (1).
    ("2022-09-16", 1, "2022-09-20", (), "funeral22-fri+1"),
    # Thu 15 Sep: Fri 16 (1), Tue 20 (2), Wed 21 (3), Thu 22 (4), Fri 23 (5).
    ("2022-09-15", 5, "2022-09-23", (), "funeral22-thu+5"),
    # Coronation of King Charles III: Mon 8 May 2023 (and early May bank holiday Mon 1 May).
    # Fri 5 May: Sat, Sun, Mon 8 skipped -> Tue 9 (1).
    ("2023-05-05", 1, "2023-05-09", (), "coronation23-fri+1"),
    # Fri 28 Apr: [Mon 1 May], Tue 2 (1), 3 (2), 4 (3), Fri 5 (4), [Mon 8], Tue 9 (5),
    # 10 (6), 11 (7), Fri 12 (8), Mon 15 (9), Tue 16 (10).
    ("2023-04-28", 10, "2023-05-16", (), "coronation23-two-may-holidays+10"),
    # Year boundaries.
    # Wed 31 Dec 2025: Thu 1 Jan 2026 is New Year's Day -> Fri 2 Jan (1).
    ("2025-12-31", 1, "2026-01-02", (), "year-end-2025+1"),
    # Fri 31 Dec 2027: 1 Jan 2028 is a Saturday, substitute Mon 3 Jan -> Tue 4 Jan (1).
    ("2027-12-31", 1, "2028-01-04", (), "year-end-2027-substitute-new-year+1"),
    # Thu 23 Dec 2027: Fri 24 (1); Christmas Sat/Boxing Day Sun, substitutes Mon 27 and
    # Tue 28 -> Wed 29 (2).
    ("2027-12-23", 2, "2027-12-29", (), "xmas27-two-substitute-days+2"),
    # Mon 20 Dec 2027 + 10: 21 (1), 22 (2), 23 (3), 24 (4), [25-28], 29 (5), 30 (6),
    # Fri 31 (7), [1, 2 Jan Sat/Sun, Mon 3 substitute], Tue 4 (8), Wed 5 (9), Thu 6 (10).
    ("2027-12-20", 10, "2028-01-06", (), "year-end-2027+10"),
]


@pytest.mark.parametrize(
    ("start", "n", "expected", "closures"),
    [pytest.param(d(s), n, d(e), c, id=i) for s, n, e, c, i in ADD_CASES],
)
def test_add_working_days(start: date, n: int, expected: date, closures: tuple[date, ...]) -> None:
    cal = WorkingCalendar(closures=closures)
    assert cal.add_working_days(start, n) == expected
    # The deadline is a working day, and exactly n working days have elapsed by then.
    assert cal.is_working_day(expected)
    assert cal.working_days_between(start, expected) == n
    assert cal.working_days_between(start, expected - timedelta(days=1)) == n - 1


@pytest.mark.parametrize("n", [0, -1, -20], ids=["zero", "minus-one", "minus-twenty"])
def test_add_working_days_refuses_n_below_one(n: int) -> None:
    with pytest.raises(ValueError) as excinfo:
        WorkingCalendar().add_working_days(date(2026, 1, 5), n)
    assert str(excinfo.value) == f"working days must be at least 1, got: {n}"


def test_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError) as excinfo:
        WorkingCalendar(region="scotland")
    assert str(excinfo.value) == "unknown calendar 'scotland'; known: england-and-wales"


def test_order_of_queries_does_not_matter() -> None:
    """Years are loaded lazily; asking for a later year first must not corrupt earlier ones."""
    cal = WorkingCalendar()
    assert cal.add_working_days(d("2027-12-31"), 1) == d("2028-01-04")
    assert cal.add_working_days(d("2022-06-01"), 1) == d("2022-06-06")
    assert cal.add_working_days(d("2025-04-17"), 1) == d("2025-04-22")
    assert cal.add_working_days(d("2026-12-24"), 5) == d("2027-01-05")


# --- is_working_day ---------------------------------------------------------------------

WORKING_DAY_CASES = [
    ("2025-06-06", True, (), "ordinary-friday"),
    ("2025-06-07", False, (), "saturday"),
    ("2025-06-08", False, (), "sunday"),
    ("2025-04-18", False, (), "good-friday-2025"),
    ("2025-04-21", False, (), "easter-monday-2025"),
    ("2025-04-22", True, (), "tuesday-after-easter-2025"),
    ("2026-12-25", False, (), "christmas-2026-friday"),
    ("2026-12-26", False, (), "boxing-day-2026-saturday"),
    ("2026-12-28", False, (), "substitute-boxing-day-2026"),
    ("2026-12-29", True, (), "tuesday-29-dec-2026"),
    ("2026-12-29", False, CLOSED_XMAS_2026, "tuesday-29-dec-2026-closed"),
    ("2027-01-04", True, CLOSED_XMAS_2026, "first-day-back-2027"),
    ("2022-05-30", True, (), "last-may-monday-2022-moved"),
    ("2022-06-02", False, (), "jubilee-thursday-2022"),
    ("2022-06-03", False, (), "jubilee-friday-2022"),
    ("2022-09-19", False, (), "state-funeral-2022"),
    ("2023-05-08", False, (), "coronation-2023"),
    ("2028-01-03", False, (), "substitute-new-year-2028"),
]


@pytest.mark.parametrize(
    ("day", "expected", "closures"),
    [pytest.param(d(s), w, c, id=i) for s, w, c, i in WORKING_DAY_CASES],
)
def test_is_working_day(day: date, expected: bool, closures: tuple[date, ...]) -> None:
    assert WorkingCalendar(closures=closures).is_working_day(day) is expected


# --- working_days_between ---------------------------------------------------------------

# Working days in (a, b]: a itself never counts, b counts if it is a working day.
BETWEEN_CASES = [
    ("2025-06-06", "2025-06-06", 0, (), "same-day"),
    ("2025-06-09", "2025-06-06", 0, (), "end-before-start"),
    ("2025-06-06", "2025-06-08", 0, (), "fri-to-sun"),
    ("2025-06-06", "2025-06-09", 1, (), "fri-to-mon"),
    ("2025-06-05", "2025-06-06", 1, (), "thu-to-fri"),
    # Mon 9 - Fri 13 Jun 2025 and Mon 16 - Fri 20: the start Fri 6 not counted.
    ("2025-06-06", "2025-06-20", 10, (), "two-weeks"),
    ("2025-04-17", "2025-04-21", 0, (), "over-easter-2025"),
    ("2025-04-17", "2025-04-22", 1, (), "over-easter-2025-to-tue"),
    # Tue 29, Wed 30, Thu 31 Dec 2026 (1 Jan is New Year's Day).
    ("2026-12-24", "2027-01-01", 3, (), "xmas26-to-new-year"),
    ("2026-12-24", "2027-01-01", 0, CLOSED_XMAS_2026, "xmas26-to-new-year-closed"),
    ("2025-12-31", "2026-01-02", 1, (), "over-year-end-2025"),
    # 2026 has 261 weekdays (it starts on a Thursday), less 8 bank holidays = 253.
    ("2025-12-31", "2026-12-31", 253, (), "whole-year-2026"),
]


@pytest.mark.parametrize(
    ("start", "end", "expected", "closures"),
    [pytest.param(d(a), d(b), n, c, id=i) for a, b, n, c, i in BETWEEN_CASES],
)
def test_working_days_between(
    start: date, end: date, expected: int, closures: tuple[date, ...]
) -> None:
    assert WorkingCalendar(closures=closures).working_days_between(start, end) == expected


# --- holiday_name -----------------------------------------------------------------------

# Names come from the `holidays` package; match a telling word so that a change of
# wording there does not break the table (the exact names are checked against the
# package itself in test_holiday_names_come_from_holidays_package).
NAME_CASES = [
    ("2025-04-18", "good friday", (), "good-friday-2025"),
    ("2025-04-21", "easter monday", (), "easter-monday-2025"),
    ("2026-12-25", "christmas", (), "christmas-2026"),
    ("2026-12-26", "boxing day", (), "boxing-day-2026-saturday"),
    ("2026-12-28", "boxing day", (), "substitute-boxing-day-2026"),
    ("2022-06-02", "spring bank holiday", (), "moved-spring-holiday-2022"),
    ("2022-06-03", "jubilee", (), "platinum-jubilee-2022"),
    ("2022-09-19", "funeral", (), "state-funeral-2022"),
    ("2023-05-08", "coronation", (), "coronation-2023"),
    ("2026-12-30", "closure", CLOSED_XMAS_2026, "closure-day"),
]


@pytest.mark.parametrize(
    ("day", "word", "closures"),
    [pytest.param(d(s), w, c, id=i) for s, w, c, i in NAME_CASES],
)
def test_holiday_name(day: date, word: str, closures: tuple[date, ...]) -> None:
    name = WorkingCalendar(closures=closures).holiday_name(day)
    assert name is not None
    assert word in name.lower()


@pytest.mark.parametrize(
    "day",
    [d("2025-06-06"), d("2025-06-07"), d("2022-05-30")],
    ids=["working-day", "plain-saturday", "last-may-monday-2022-moved"],
)
def test_no_holiday_name(day: date) -> None:
    assert WorkingCalendar().holiday_name(day) is None


def test_closure_is_named_closure() -> None:
    assert WorkingCalendar(closures=CLOSED_XMAS_2026).holiday_name(d("2026-12-30")) == "closure"


# --- property checks over every day of 2020-2027 -------------------------------------------

FIRST, LAST = date(2020, 1, 1), date(2027, 12, 31)


def every_day(first: date = FIRST, last: date = LAST) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def test_bank_holidays_come_from_holidays_package() -> None:
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2028))
    cal = WorkingCalendar()
    weekdays_seen = holidays_seen = 0
    for day in every_day():
        if day.weekday() >= 5:
            assert not cal.is_working_day(day), day
            continue
        weekdays_seen += 1
        holidays_seen += day in bank
        assert cal.is_working_day(day) is (day not in bank), day
    # Sanity: the loop really covered eight years of weekdays and their bank holidays.
    # Weekdays: 262 (2020, leap, from Wed) + 261 + 260 + 260 + 262 (2024, leap, from Mon)
    # + 261 + 261 + 261 = 2088. Weekday bank holidays: 8 + 8 + 10 (2022: jubilee and
    # funeral) + 9 (2023: coronation) + 8 + 8 + 8 + 8 = 67.
    assert weekdays_seen == 2088
    assert holidays_seen == 67


def test_holiday_names_come_from_holidays_package() -> None:
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2028))
    cal = WorkingCalendar()
    for day in every_day():
        assert cal.holiday_name(day) == bank.get(day), day


def test_the_generated_bank_holidays_are_the_packages() -> None:
    """The table commands read instead of running `holidays` holds, year by year, exactly
    what the package says (regenerate it when this fails after upgrading `holidays`)."""
    from redress.engine.cases import BANK_HOLIDAY_TABLE, bank_holidays

    years = BANK_HOLIDAY_TABLE
    assert (years.start, years.stop) == (2000, 2041)
    package = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    for year in years:
        assert bank_holidays(year) == {k: v for k, v in package.items() if k.year == year}
    # outside the table the package answers: Easter Monday 1999 and 2041
    assert bank_holidays(1999)[date(1999, 4, 5)] == "Easter Monday"
    assert bank_holidays(2041)[date(2041, 4, 22)] == "Easter Monday"
    cal = WorkingCalendar()
    # Thu 18 Apr 2041; Fri 19 Good Friday, Mon 22 Easter Monday: Tue 23 (1)
    assert cal.add_working_days(date(2041, 4, 18), 1) == date(2041, 4, 23)


def test_closures_remove_only_their_own_days() -> None:
    plain, closed = WorkingCalendar(), WorkingCalendar(closures=CLOSED_XMAS_2026)
    for day in every_day(date(2026, 1, 1), date(2027, 12, 31)):
        expected = plain.is_working_day(day) and day not in CLOSED_XMAS_2026
        assert closed.is_working_day(day) is expected, day


def naive_add(cal: WorkingCalendar, start: date, n: int) -> date:
    """The definition, walked a day at a time."""
    day = start
    while n:
        day += timedelta(days=1)
        n -= cal.is_working_day(day)
    return day


@pytest.mark.parametrize("n", [1, 5, 10, 20], ids=["1-day", "5-days", "10-days", "20-days"])
def test_add_working_days_matches_day_by_day_walk(n: int) -> None:
    cal = WorkingCalendar(closures=CLOSED_XMAS_2026)
    for start in every_day():
        due = cal.add_working_days(start, n)
        assert due == naive_add(cal, start, n), (start, n)
        assert cal.working_days_between(start, due) == n, (start, n)


# --- deadlines under the Code's timers, through the pure core ----------------------------

FIELDS = {"complaint_definition": "x", "outcomes_sought": "y", "responsibility": "z"}


def london(text: str) -> datetime:
    """A Europe/London wall-clock time, as a UTC instant."""
    value = datetime.fromisoformat(text)
    return at_london(value.date(), value.time())


@pytest.fixture(scope="module")
def chc_2024() -> WorkflowDefinition:
    return Registry().load("chc-2024")


# (received at, acknowledged at (London wall clock), acknowledge due, stage 1 due, id)
# chc-2024: acknowledge within 5 working days of receipt (6.2); stage 1 response within
# 10 working days of the acknowledgement (6.3).
CORE_CASES = [
    # Received Thu 24 Dec 2026: Tue 29 (1), 30 (2), 31 (3), [1 Jan], Mon 4 (4), Tue 5 (5).
    # Acknowledged Tue 5 Jan: Wed 6 (1), 7 (2), 8 (3), Mon 11 (4) ... Fri 15 (8),
    # Mon 18 (9), Tue 19 (10).
    ("2026-12-24T09:00", "2027-01-05T09:00", "2027-01-05", "2027-01-19", "xmas-2026"),
    # Received Sat 7 Jun 2025 (not counted): Mon 9 (1) ... Fri 13 (5).
    # Acknowledged Mon 9 Jun: Tue 10 (1) ... Fri 13 (4), Mon 16 (5) ... Mon 23 (10).
    ("2025-06-07T10:00", "2025-06-09T10:00", "2025-06-13", "2025-06-23", "saturday-receipt"),
    # Received Fri 27 Mar 2026 (GMT); clocks go forward Sun 29 Mar. Mon 30 (1), 31 (2),
    # Wed 1 Apr (3), Thu 2 (4), [Good Friday 3 Apr, Easter Monday 6 Apr], Tue 7 (5).
    # Acknowledged Mon 30 Mar 09:00 BST (08:00 UTC): Tue 31 (1), Wed 1 (2), Thu 2 (3),
    # Tue 7 (4), 8 (5), 9 (6), Fri 10 (7), Mon 13 (8), 14 (9), Wed 15 (10).
    ("2026-03-27T09:00", "2026-03-30T09:00", "2026-04-07", "2026-04-15", "dst-start-2026"),
    # Received Mon 30 Mar 2026 00:30 BST = Sun 29 Mar 23:30 UTC: the London date (Monday)
    # counts. Tue 31 (1), Wed 1 (2), Thu 2 (3), [3-6 Apr], Tue 7 (4), Wed 8 (5).
    # (Counting from the UTC date, Sunday, would give Tue 7 Apr.)
    # Acknowledged Tue 31 Mar 09:00: Wed 1 (1), Thu 2 (2), Tue 7 (3) ... Fri 10 (6),
    # Mon 13 (7), 14 (8), 15 (9), Thu 16 (10).
    (
        "2026-03-30T00:30",
        "2026-03-31T09:00",
        "2026-04-08",
        "2026-04-16",
        "just-after-midnight-bst-is-utc-previous-day",
    ),
    # Received Fri 23 Oct 2026; clocks go back Sun 25 Oct. Mon 26 (1) ... Fri 30 (5).
    # Acknowledged Mon 26 Oct (GMT again): Tue 27 (1) ... Fri 30 (4), Mon 2 Nov (5) ...
    # Fri 6 (9), Mon 9 Nov (10).
    ("2026-10-23T16:45", "2026-10-26T09:00", "2026-10-30", "2026-11-09", "dst-end-2026"),
    # Received Tue 30 Jun 2026 23:30 BST (22:30 UTC, same date): Wed 1 Jul (1), 2 (2),
    # Fri 3 (3), Mon 6 (4), Tue 7 (5).
    # Acknowledged Mon 6 Jul 00:30 BST = Sun 5 Jul 23:30 UTC: counted from Monday,
    # Tue 7 (1) ... Fri 10 (4), Mon 13 (5) ... Fri 17 (9), Mon 20 (10).
    # (Counting from the UTC date, Sunday, would give Fri 17 Jul.)
    ("2026-06-30T23:30", "2026-07-06T00:30", "2026-07-07", "2026-07-20", "late-evening-bst"),
    # Received Wed 1 Jul 2026 00:30 BST = Tue 30 Jun 23:30 UTC: London date Wed 1 Jul.
    # Thu 2 (1), Fri 3 (2), Mon 6 (3), Tue 7 (4), Wed 8 (5).
    # Acknowledged Wed 1 Jul 23:30 BST (22:30 UTC): Thu 2 (1) ... Wed 15 (10).
    (
        "2026-07-01T00:30",
        "2026-07-01T23:30",
        "2026-07-08",
        "2026-07-15",
        "after-midnight-london-before-midnight-utc",
    ),
]


@pytest.mark.parametrize(
    ("received", "acknowledged", "ack_due", "stage1_due"),
    [pytest.param(london(r), london(a), d(x), d(y), id=i) for r, a, x, y, i in CORE_CASES],
)
def test_code_deadlines(
    chc_2024: WorkflowDefinition,
    received: datetime,
    acknowledged: datetime,
    ack_due: date,
    stage1_due: date,
) -> None:
    cal = WorkingCalendar()
    opened = open_case(
        chc_2024, cal, ref="T-1", received_at=received, resident="A", actor="officer",
        now=received, email="a@example.org",
    )  # fmt: skip
    ack = opened.case.deadline("acknowledge")
    assert ack is not None
    assert opened.case.received == local_date(received)
    assert ack.started_on == local_date(received)
    assert ack.code == "6.2"
    assert ack.due == ack_due

    acked = apply(chc_2024, cal, opened.case, "acknowledge", FIELDS, "officer", acknowledged)
    case = left(chc_2024, cal, acked)  # the acknowledgement leaves as it is written
    met = case.deadline("acknowledge")
    assert met is not None
    assert met.status == "met"
    s1 = case.deadline("stage1_response")
    assert s1 is not None
    assert s1.code == "6.3"
    assert s1.started_on == local_date(acknowledged)
    assert s1.due == stage1_due


def test_london_time_helpers_used_above() -> None:
    """The instants in CORE_CASES really straddle midnight UTC as their comments say."""
    late = london("2026-06-30T23:30")
    assert late == datetime(2026, 6, 30, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert local_date(late) == date(2026, 6, 30)
    early = london("2026-07-01T00:30")
    assert early.date() == date(2026, 6, 30)  # UTC date
    assert local_date(early) == date(2026, 7, 1)  # London date: what counts
    bst = london("2026-03-30T00:30")
    assert bst.date() == date(2026, 3, 29)
    assert local_date(bst) == date(2026, 3, 30)
    gmt = london("2026-03-27T09:00")
    assert gmt.time() == time(9, 0)  # GMT: London and UTC agree before the change
    assert gmt.astimezone(LONDON).utcoffset() == timedelta(0)
