"""`redress demo`: sample complaints moved through the Code with a fixed, moving clock."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date, time
from pathlib import Path

from ._config import Config
from ._errors import ActionRefused, Interrupted, InvalidInput
from ._service import Desk
from .cases._clock import at_london, fixed_clock, local_date
from .letters._compose import Letter
from .letters._pdf import letter_pdf
from .letters._samples import with_sample_landlord
from .runner._outbox import queue_letter
from .runner._runner import Runner
from .runner._transports import MailSettings
from .store._views import case_text, history_text

Echo = Callable[[str], None]

ACK = {
    "complaint_definition": "Damp and mould in the back bedroom, reported three times since "
    "June and not put right.",
    "outcomes_sought": "Find the cause, treat the mould, redecorate, and recognise the delay.",
    "responsibility": "The walls, windows and ventilation are ours to repair. Furniture and "
    "belongings are covered by your contents insurance.",
}
DEMO_DIR = "redress-demo"
MARKER = ".redress-demo"  # names a folder the demo made, so a second run may empty it


def demo_folder(folder: Path, echo: Echo) -> None:
    """Make `folder` the demo's own and empty: a folder an earlier demo made is emptied
    (said aloud); any other folder that is not empty is refused, never touched."""
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"--dir {folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / MARKER).is_file():
            raise InvalidInput(f"--dir {folder}: the folder is not empty and an earlier "
                               "redress demo did not make it; choose a new folder")
        echo(f"starting afresh: emptying {folder}/, which an earlier demo made")
        for child in folder.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MARKER).write_text("made by redress demo; emptied by the next one\n",
                                     encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"--dir {folder}: {exc.strerror or exc}") from None


def run_demo(config: Config, echo: Echo, folder: Path = Path(DEMO_DIR)) -> None:
    """The demo in `folder` alone: its own database, outbox and print folders; never the
    operator's database (--db, $REDRESS_DATABASE_URL) nor their mail server."""
    demo_folder(folder, echo)
    db_url = f"sqlite:///{folder / 'redress.db'}"
    desk = Desk.open(db_url, config)
    # letters need a landlord: where neither the config nor the workflow names one, the
    # demo writes as a sample landlord
    sample = not desk.letters.landlord
    desk.letters = with_sample_landlord(desk.letters)
    # the demo never emails anyone: its runner writes to folders, whatever the config says
    mail = replace(MailSettings.from_config(config, env={}), transport="file",
                   outbox_dir=folder / "outbox", print_dir=folder / "print",
                   team=str(desk.letters.landlord_defaults.get("complaints_email", "")
                            or desk.letters.landlord.get("complaints_email", "")))
    runner = Runner(desk, mail, lambda line: None)  # `dispatch` prints what a pass did
    try:
        runner.start()
        _run(desk, runner, db_url, echo, folder, sample)
    finally:
        runner.stop()


def _run(desk: Desk, runner: Runner, db_url: str, echo: Echo, folder: Path,
         sample: bool) -> None:
    produced: list[tuple[str, Letter]] = []

    def dispatch(dated: bool = False) -> None:
        """What `redress run` does at this moment: fire what is due, send what is queued."""
        for line in asyncio.run(runner.run_pass()).lines:
            when = f"  {local_date(desk.clock()):%a %d %b %Y}  " if dated else " " * 19
            echo(f"{when}runner: {line}")
        if runner.stopping:  # Ctrl-C or SIGTERM: stop here, not at the end
            raise Interrupted("redress demo interrupted; its folder holds what was done so "
                              "far")

    def on(day: date, hour: int = 10) -> None:
        """Move the clock, with the runner running: it wakes at each instant something
        falls due on the way, as `redress run` would."""
        target = at_london(day, time(hour, 0))
        due = runner.next_wake()
        while due is not None and desk.clock() < due <= target:
            desk.clock = fixed_clock(due)
            dispatch(dated=True)
            due = runner.next_wake()
        desk.clock = fixed_clock(target)
        dispatch(dated=True)

    def step(ref: str, action: str, by: str, **fields: str) -> None:
        decision, letters = desk.act_with_letters(ref, action, fields, by)
        when = desk.clock()
        echo(f"  {local_date(when):%a %d %b %Y}  {action:<12} by {by:<16} -> {decision.case.state}")
        for ltr in letters:
            produced.append((ref, ltr))
            echo(f"{'':<19}letter {ltr.seq}: {ltr.kind} ({ltr.channel}, {ltr.dispatch})")
            if ltr.dispatch == "manual":
                # reviewed and sent the same day: its deadline is met when it leaves
                queue_letter(desk.store, ref, ltr.seq, by, when, desk.mailer)
                echo(f"{'':<19}letter {ltr.seq} reviewed and queued by {by} "
                     "(redress letter send)")
        dispatch()

    echo("redress demo: sample complaints under the 2024 Complaint Handling Code")
    echo(f"folder: {folder}/ (its own database, outbox/ and print/; --db, "
         "$REDRESS_DATABASE_URL and [mail] are not used)\n")

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
    step(a.ref, "respond", "j.patel", decision="Upheld", failings="We did not complete the "
         "mould treatment within our published timescales.", reasons="Repairs were not "
         "completed within our published timescales.", remedy="Mould treatment and "
         "redecoration, and £150 for the time and trouble.",
         outstanding_actions="Redecorate the back bedroom|2026-12-04")
    on(date(2026, 11, 25))
    step(a.ref, "escalate", "complaints.team")
    on(date(2026, 11, 27))
    step(a.ref, "acknowledge", "complaints.team",
         complaint_definition="The resident says £150 does not reflect six months of damp.",
         outcomes_sought="A higher award and a follow-up inspection.",
         responsibility="The award and the inspection are ours to review; the damaged "
         "furniture is a matter for the resident's contents insurance.")
    on(date(2026, 12, 4))
    promised = desk.store.load(a.ref).deadline("outstanding_action")
    if promised is not None:  # the redecoration promised at stage 1 is done on the day
        step(a.ref, "complete_action", "j.patel", deadline=str(promised.seq))
    on(date(2026, 12, 14))
    try:
        step(a.ref, "respond", "j.patel", decision="Partly upheld", failings="...",
             reasons="...", remedy="...", outstanding_actions="none")
    except ActionRefused as refused:
        echo(f"  {desk.clock():%a %d %b %Y}  respond by j.patel REFUSED: {refused}")
    step(a.ref, "respond", "s.khan", decision="Partly upheld", failings="Our first award did "
         "not reflect six months of damp.", reasons="The award did not "
         "reflect the length of the problem.", remedy="Award increased to £400; follow-up "
         "inspection in January.", outstanding_actions="Follow-up inspection|2027-01-12")
    on(date(2026, 12, 16))
    step(a.ref, "close", "complaints.team", category="Damp and mould",
         learning="Damp reports now get a survey within 10 working days.")

    on(date(2026, 11, 9), 9)
    b = desk.open_case(received_at=at_london(date(2026, 11, 9)), resident="Mr Ben Sample",
                       actor="complaints.team", workflow="landlord-2024", channel="post",
                       summary="Missed repair appointment",
                       address="12 Mill Lane, Anytown, AN3 4PQ",
                       adjustments={"large_print": "yes"})
    echo(f"\nCase {b.ref} (landlord-2024, 3-working-day acknowledgement; letters by post in "
         "large print, Code 5.10): received Mon 09 Nov 2026")
    on(date(2026, 11, 12))
    step(b.ref, "acknowledge", "complaints.team", complaint_definition="Two missed repair "
         "appointments for a broken boiler.", outcomes_sought="A fixed appointment and "
         "compensation.", investigating_team="Repairs",
         responsibility="The boiler and its servicing are ours. Gas supply faults are the "
         "gas network's.")
    on(date(2026, 11, 24))
    step(b.ref, "respond", "repairs.lead", decision="Upheld", failings="Our contractor missed "
         "two appointments.", category="Repairs and maintenance", learning="No learning "
         "identified, because the contractor's missed-visit penalty already applies.",
         reasons="Both appointments were "
         "missed by our contractor.", remedy="Boiler repaired 20 November; £50 goodwill.",
         outstanding_actions="none")

    on(date(2026, 12, 1), 9)
    c = desk.open_case(received_at=at_london(date(2026, 12, 1)), resident="Mrs Carol Test",
                       actor="complaints.team", email="carol@example.org",
                       summary="Noise from the communal boiler room")
    echo(f"\nCase {c.ref} ({c.workflow}, chosen by received date): "
         "received Tue 01 Dec 2026 and not yet acknowledged")

    echo("\nThe clock moves to Wed 16 Dec 2026; the runner fires what fell due:")
    on(date(2026, 12, 16))
    now = desk.clock()
    echo(f"\n=== Where things stand on {now:%a %d %b %Y} ===")
    for ref in (a.ref, b.ref, c.ref):
        case = desk.store.load(ref)
        echo("")
        echo(case_text(case, desk.store.definition(case.digest), now,
                       desk.store.letters(ref), desk.calendar))
        echo("timeline:")
        echo(_indent(history_text(desk.store.events(ref))))
    overdue = [x.ref for x in desk.cases(overdue=True)]
    echo(f"\nOverdue today: {', '.join(overdue) if overdue else 'none'}")
    _write_letters(produced, folder / "letters", echo, sample)
    echo(f"\nSent automatically (file transport): {folder}/outbox/*.eml (letters by email "
         f"and alerts to the team), {folder}/print/*.pdf (letters by post)")
    db = f"--db {db_url}"
    echo(f"Try: redress {db} --now 2026-12-16 case list --overdue")
    echo(f"     redress {db} outbox list")
    echo(f"     redress {db} alert list")
    if produced:
        ref, first = produced[0]
        echo(f"     redress {db} letter show {ref} {first.seq} --format html")


def _write_letters(produced: list[tuple[str, Letter]], folder: Path, echo: Echo,
                   sample: bool) -> None:
    """Every letter as text and HTML (and PDF where it goes by post), in `folder`."""
    if not produced:
        return
    folder.mkdir(parents=True, exist_ok=True)
    ref, first = produced[0]
    echo(f"\n=== The first letter, {first.kind} for case {ref}, as the resident reads it ===")
    echo(first.text.rstrip())
    if sample:
        echo("(written as a sample landlord: set [landlord] in redress.toml for your own)")
    echo(f"\n=== All {len(produced)} letters, in {folder}/ ===")
    for ref, ltr in produced:
        stem = folder / f"{ref}-{ltr.seq:02d}-{ltr.kind}"
        stem.with_suffix(".txt").write_text(ltr.text, encoding="utf-8")
        stem.with_suffix(".html").write_text(ltr.html, encoding="utf-8")
        files = [stem.with_suffix(".txt").name, stem.with_suffix(".html").name]
        if ltr.channel == "post":
            stem.with_suffix(".pdf").write_bytes(
                letter_pdf(ltr.text, ltr.subject, ltr.created_at, large_print=ltr.large_print))
            files.append(stem.with_suffix(".pdf").name)
        lp = ", large print" if ltr.large_print else ""
        echo(f"  {ref} letter {ltr.seq:<2} {ltr.kind:<24} {ltr.channel}{lp}: {', '.join(files)}")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
