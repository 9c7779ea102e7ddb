"""A post letter's PDF is made once, with the letter, and the runner never makes one
while it holds the database.

The letter's action makes the PDF (and reads its text back, to check it); the letter is
stored with those bytes, and the runner hands exactly them to the print room. A letter
stored before the PDF was kept with it (revision 0007) has its PDF made by the runner
after its claim has committed. Either way an officer's action on another case is served
while the runner works through a batch of 200 post letters: the tests have the officer
act from inside the runner's work (while it prints, or while it makes a PDF) and wait
for the action to finish before the runner goes on, so a runner holding SQLite's write
lock there would make the action fail with "database busy".
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from redress.engine import Desk, load_config
from redress.engine.cases import instant
from redress.engine.letters import _pdf, letter_pdf, pdf_text
from redress.engine.runner import MailSettings, Runner, _transports, stored_pdf
from sqlalchemy import text as sql
from support import LANDLORD_CONFIG, Clock

ACK = {"complaint_definition": "Damp in the back bedroom",
       "outcomes_sought": "Treat the mould", "responsibility": "The walls are ours"}
ADDRESS = "1 Road, Town, TT1 1TT"
LETTER = ("# Your complaint\n\nDear Ms \u0174yn O\u2019Brien,\n\nWe received your complaint "
          "on Monday 2 November 2026 \u2013 about the \u00a340 charge.\n\n- the tap\n- the "
          "\u201cmould\u201d\n")


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every PDF this process makes from now on, by the thread that made it."""
    calls: list[str] = []
    real = _pdf.letter_pdf

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(_pdf, "letter_pdf", counting)
    return calls


def _desk(url: str, clock: Clock) -> Desk:
    return Desk.open(url, load_config(LANDLORD_CONFIG), clock)


def _posted(desk: Desk, clock: Clock, resident: str = "Ms P Example") -> str:
    """A post case opened on 2 Nov and acknowledged on 3 Nov 10:00: letter 1 queued."""
    clock.set(date(2026, 11, 2), 9)
    ref = desk.open_case(received_at=clock(), resident=resident, actor="officer",
                         email=None, channel="post", address=ADDRESS).ref
    clock.set(date(2026, 11, 3), 10)
    desk.act_with_letters(ref, "acknowledge", ACK, "j.smith")
    return ref


def _runner(desk: Desk, tmp_path: Path, lines: list[str]) -> Runner:
    mail = MailSettings(outbox_dir=tmp_path / "outbox", print_dir=tmp_path / "print")
    return Runner(desk, mail, lines.append)


def _stored(desk: Desk, ref: str) -> bytes | None:
    with desk.store.reading() as fetch:
        case_id = fetch("SELECT id FROM complaint_case WHERE ref = :r", {"r": ref})[0]["id"]
        return stored_pdf(fetch, int(case_id), 1)


# --- the same letter, the same bytes ----------------------------------------------------


def test_two_makes_of_the_same_letter_give_identical_bytes() -> None:
    at = datetime(2026, 11, 3, 10, tzinfo=UTC)
    first = letter_pdf(LETTER, "Our reference 2026-00001", at, large_print=False)
    again = letter_pdf(LETTER, "Our reference 2026-00001", at, large_print=False)
    london = letter_pdf(LETTER, "Our reference 2026-00001", at.astimezone(ZoneInfo(
        "Europe/London")), large_print=False)
    assert first == again == london
    assert "\u0174yn O\u2019Brien" in pdf_text(first)[0]
    # a character outside the fonts' reduced copy (Cyrillic) is subset from the full font
    other = LETTER.replace("Ŵyn", "Жанна")
    assert letter_pdf(other, "S", at, large_print=True) == letter_pdf(other, "S", at,
                                                                      large_print=True)
    assert "Жанна" in pdf_text(letter_pdf(other, "S", at, large_print=True))[0]
    # a process's first PDF (which parses the fonts) is the same as any later one
    code = ("import sys; from datetime import datetime, UTC; from redress.engine.letters "
            "import letter_pdf; sys.stdout.buffer.write(letter_pdf(sys.argv[1], "
            "'Our reference 2026-00001', datetime(2026, 11, 3, 10, tzinfo=UTC), "
            "large_print=False))")
    fresh = subprocess.run([sys.executable, "-c", code, LETTER], capture_output=True,
                           check=True).stdout
    assert fresh == first


# --- made once, with the letter ---------------------------------------------------------


def test_a_post_letter_is_made_once_and_printed_as_stored(db_url: str, tmp_path: Path,
                                                          made: list[str]) -> None:
    clock = Clock(date(2026, 11, 2), 9)
    desk = _desk(db_url, clock)
    try:
        ref = _posted(desk, clock)
        assert len(made) == 1  # the acknowledgement's PDF, checked by reading it back
        stored = _stored(desk, ref)
        assert stored is not None and "Ms P Example" in pdf_text(stored)[0]
        with desk.store.reading() as fetch:  # made again from the stored letter: the same
            row = fetch("SELECT text, subject, created_at, large_print FROM letter", {})[0]
        assert letter_pdf(row["text"], row["subject"], instant(row["created_at"]),
                          large_print=bool(row["large_print"])) == stored
        clock.set(date(2026, 11, 3), 11)
        lines: list[str] = []
        result = asyncio.run(_runner(desk, tmp_path, lines).run_pass())
        assert result.sent == 1, lines
        assert len(made) == 1  # the runner made none
        printed = list((tmp_path / "print").iterdir())
        assert [p.read_bytes() for p in printed] == [stored]
    finally:
        desk.store.close()


# --- an officer acts while the runner works ---------------------------------------------


def _officer(url: str, ref: str, order: list[str]) -> Callable[[], None]:
    """Acknowledge `ref` in a thread with its own connection, and wait for the outcome;
    what happened is appended to `order`."""
    def act() -> None:
        clock = Clock(date(2026, 11, 3), 11)
        desk = _desk(url, clock)
        try:
            desk.act(ref, "acknowledge", ACK, "a.officer")
            order.append("officer committed")
        except Exception as exc:  # the assertion below shows what it was
            order.append(f"officer failed: {exc}")
        finally:
            desk.store.close()

    def run_and_wait() -> None:
        worker = threading.Thread(target=act, name="officer")
        worker.start()
        worker.join(timeout=120)
        assert not worker.is_alive()

    return run_and_wait


@pytest.fixture
def batch(sqlite_url: str) -> Iterator[tuple[Desk, Clock, list[str], str]]:
    """200 post letters queued (one per case) and one case an officer has yet to
    acknowledge, on SQLite."""
    clock = Clock(date(2026, 11, 2), 9)
    desk = _desk(sqlite_url, clock)
    try:
        refs = [_posted(desk, clock, f"Resident {n}") for n in range(200)]
        clock.set(date(2026, 11, 2), 9)
        other = desk.open_case(received_at=clock(), resident="Ms Other", actor="officer",
                               email="other@example.org").ref
        clock.set(date(2026, 11, 3), 11)
        yield desk, clock, refs, other
    finally:
        desk.store.close()


def test_an_officer_acts_while_the_runner_prints_200_post_letters(
        batch: tuple[Desk, Clock, list[str], str], sqlite_url: str, tmp_path: Path,
        made: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    desk, _, refs, other = batch
    order: list[str] = []
    officer = _officer(sqlite_url, other, order)
    real_send = _transports.PrintTransport.send

    async def printing(self: Any, item: Any, before_data: Any) -> str:
        if not order:  # the runner has claimed the batch and prints its first letter
            order.append("runner printing")
            officer()
        reply = await real_send(self, item, before_data)
        order.append("printed")
        return reply

    monkeypatch.setattr(_transports.PrintTransport, "send", printing)
    before = len(made)
    lines: list[str] = []
    result = asyncio.run(_runner(desk, tmp_path, lines).run_pass())

    assert order[:2] == ["runner printing", "officer committed"], order[:2]
    assert order.count("printed") == 200 and order.index("printed") > 1
    assert result.sent == 201, lines[-3:]  # and the officer's acknowledgement, by email
    assert len(made) == before  # no PDF made by the runner: each was made with its letter
    assert [e["action"] for e in desk.store.events(other)][:2] == ["open", "acknowledge"]
    assert len(list((tmp_path / "print").iterdir())) == 200
    assert all(_stored(desk, r) for r in refs[:3])


def test_a_letter_stored_without_its_pdf_has_it_made_outside_the_claim(
        batch: tuple[Desk, Clock, list[str], str], sqlite_url: str, tmp_path: Path,
        made: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    desk, _, refs, other = batch
    before = {r: _stored(desk, r) for r in refs[:2]}
    with desk.store.writing() as conn:  # as a letter stored before revision 0007 is
        conn.execute(sql("UPDATE letter SET pdf = NULL WHERE case_id IN (SELECT id FROM "
                         "complaint_case WHERE ref IN (:a, :b))"), {"a": refs[0], "b": refs[1]})
    order: list[str] = []
    officer = _officer(sqlite_url, other, order)
    counting = _pdf.letter_pdf

    def making(*args: Any, **kwargs: Any) -> bytes:
        if not order:  # the runner makes the first missing PDF
            order.append("runner making a PDF")
            officer()
        return counting(*args, **kwargs)

    monkeypatch.setattr(_pdf, "letter_pdf", making)
    lines: list[str] = []
    result = asyncio.run(_runner(desk, tmp_path, lines).run_pass())

    assert order == ["runner making a PDF", "officer committed"]
    assert result.sent == 201, lines[-3:]  # and the officer's acknowledgement, by email
    assert [e["action"] for e in desk.store.events(other)][:2] == ["open", "acknowledge"]
    for ref in refs[:2]:  # made again identically, and kept with the letter
        assert _stored(desk, ref) == before[ref]
    printed = {p.name: p.read_bytes() for p in (tmp_path / "print").iterdir()}
    assert sorted(before.values()) == sorted(v for k, v in printed.items()
                                             if any(k.startswith(f"{r}-") for r in refs[:2]))
