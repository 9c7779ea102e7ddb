"""`redress demo`: sample complaints moved through the Code with a fixed, moving clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from ._clock import at_london, fixed_clock
from ._config import Config
from ._errors import ActionRefused
from ._service import Desk
from ._views import case_text, history_text

Echo = Callable[[str], None]

ACK = {
    "complaint_definition": "Damp and mould in the back bedroom, reported three times since "
    "June and not put right.",
    "outcomes_sought": "Find the cause, treat the mould, redecorate, and recognise the delay.",
}


def run_demo(db_url: str, config: Config, echo: Echo) -> None:
    desk = Desk.open(db_url, config)
    try:
        _run(desk, db_url, echo)
    finally:
        desk.store.close()


def _run(desk: Desk, db_url: str, echo: Echo) -> None:

    def on(day: date, hour: int = 10) -> None:
        desk.clock = fixed_clock(at_london(day, time(hour, 0)))

    def step(ref: str, action: str, by: str, **fields: str) -> None:
        decision = desk.act(ref, action, fields, by)
        when = desk.clock()
        echo(f"  {when:%a %d %b %Y}  {action:<12} by {by:<16} -> {decision.case.state}")

    echo("redress demo: sample complaints under the 2024 Complaint Handling Code")
    echo(f"database: {db_url}\n")

    on(date(2026, 11, 2), 9)
    a = desk.open_case(received_at=at_london(date(2026, 11, 2)), resident="Ms Alice Example",
                       actor="complaints.team", workflow="chc-2024",
                       email="alice@example.org", summary="Damp and mould not repaired")
    echo(f"Case {a.ref} (chc-2024): received Mon 02 Nov 2026")
    on(date(2026, 11, 4))
    step(a.ref, "acknowledge", "complaints.team", **ACK)
    on(date(2026, 11, 13))
    step(a.ref, "extend", "j.patel", working_days="5",
         reason="A damp survey is booked for 20 November and its findings decide the remedy.")
    on(date(2026, 11, 23))
    step(a.ref, "respond", "j.patel", decision="Upheld", reasons="Repairs were not completed "
         "within our published timescales.", remedy="Mould treatment and redecoration, and "
         "£150 for the time and trouble.", outstanding_actions="Redecoration booked for 4 "
         "December 2026.")
    on(date(2026, 11, 25))
    step(a.ref, "escalate", "complaints.team")
    on(date(2026, 11, 27))
    step(a.ref, "acknowledge", "complaints.team",
         complaint_definition="The resident says £150 does not reflect six months of damp.",
         outcomes_sought="A higher award and a follow-up inspection.")
    on(date(2026, 12, 14))
    try:
        step(a.ref, "respond", "j.patel", decision="Partly upheld", reasons="...", remedy="...",
             outstanding_actions="none")
    except ActionRefused as refused:
        echo(f"  {desk.clock():%a %d %b %Y}  respond by j.patel REFUSED: {refused}")
    step(a.ref, "respond", "s.khan", decision="Partly upheld", reasons="The award did not "
         "reflect the length of the problem.", remedy="Award increased to £400; follow-up "
         "inspection in January.", outstanding_actions="Inspection on 12 January 2027.")
    on(date(2026, 12, 16))
    step(a.ref, "close", "complaints.team")

    on(date(2026, 11, 9), 9)
    b = desk.open_case(received_at=at_london(date(2026, 11, 9)), resident="Mr Ben Sample",
                       actor="complaints.team", workflow="landlord-2024", channel="post",
                       summary="Missed repair appointment")
    echo(f"\nCase {b.ref} (landlord-2024, 3-working-day acknowledgement): received "
         "Mon 09 Nov 2026")
    on(date(2026, 11, 12))
    step(b.ref, "acknowledge", "complaints.team", complaint_definition="Two missed repair "
         "appointments for a broken boiler.", outcomes_sought="A fixed appointment and "
         "compensation.", investigating_team="Repairs")
    on(date(2026, 11, 24))
    step(b.ref, "respond", "repairs.lead", decision="Upheld", reasons="Both appointments were "
         "missed by our contractor.", remedy="Boiler repaired 20 November; £50 goodwill.",
         outstanding_actions="none")

    on(date(2026, 12, 1), 9)
    c = desk.open_case(received_at=at_london(date(2026, 12, 1)), resident="Mrs Carol Test",
                       actor="complaints.team", email="carol@example.org",
                       summary="Noise from the communal boiler room")
    echo(f"\nCase {c.ref} ({c.workflow}, chosen by received date): "
         "received Tue 01 Dec 2026 and not yet acknowledged")

    on(date(2026, 12, 16))
    now = desk.clock()
    echo(f"\n=== Where things stand on {now:%a %d %b %Y} ===")
    for ref in (a.ref, b.ref, c.ref):
        case = desk.store.load(ref)
        echo("")
        echo(case_text(case, desk.store.definition(case.digest), now))
        echo("timeline:")
        echo(_indent(history_text(desk.store.events(ref))))
    overdue = [x.ref for x in desk.cases(overdue=True)]
    echo(f"\nOverdue today: {', '.join(overdue) if overdue else 'none'}")
    echo("Try: redress --now 2026-12-16 case list --overdue")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
