"""One complaint, one case: an external reference is compared trimmed and case-folded,
kept as it was first spelt, and found by any spelling."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from redress.engine import Desk, DuplicateCase, load_config
from redress.engine.cases import at_london
from support import LANDLORD_CONFIG, Clock, run_cli
from test_upgrade import load_release

SPELLINGS = ("WEB-42", "WEB-42 ", "web-42")


@pytest.fixture
def desks(db_url: str) -> Iterator[list[Desk]]:
    opened = []
    for _ in SPELLINGS:
        d = Desk.open(db_url, load_config(LANDLORD_CONFIG))
        d.clock = Clock(date(2026, 11, 2), 9)
        opened.append(d)
    yield opened
    for d in opened:
        d.store.close()


def test_concurrent_opens_of_one_external_ref_make_one_case(desks: list[Desk]) -> None:
    start = threading.Barrier(len(SPELLINGS))
    opened: list[str] = []
    refused: list[str] = []
    failed: list[BaseException] = []

    def open_one(d: Desk, ref: str) -> None:
        start.wait()
        try:
            case = d.open_case(received_at=at_london(date(2026, 11, 2)),
                               resident="Ms Alice Example", email="alice@example.org",
                               actor="officer", ref=ref)
            opened.append(case.ref)
        except DuplicateCase as exc:
            refused.append(str(exc))
        except BaseException as exc:  # reported below
            failed.append(exc)

    threads = [threading.Thread(target=open_one, args=(d, ref))
               for d, ref in zip(desks, SPELLINGS, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failed, failed
    assert len(opened) == 1 and len(refused) == 2, (opened, refused)
    kept = opened[0]
    assert kept == kept.strip() and kept.upper() == "WEB-42"
    store = desks[0].store
    with store.reading() as fetch:
        count = fetch("SELECT COUNT(*) AS n FROM complaint_case", {})[0]["n"]
    assert count == 1
    for spelling in (*SPELLINGS, "  Web-42\t"):
        assert store.load(spelling).ref == kept  # found by any spelling, shown as kept


def test_the_original_spelling_is_shown_and_any_spelling_finds_it(db_url: str) -> None:
    made = run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms B",
                   "--email", "b@example.org", "--ref", " Web-Form-7 ", db=db_url,
                   now="2026-11-02")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Web-Form-7"
    again = run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms B",
                    "--email", "b@example.org", "--ref", "WEB-FORM-7", db=db_url,
                    now="2026-11-02")
    assert again.returncode == 1
    assert again.stderr.startswith("error: a case with reference 'WEB-FORM-7' already exists")
    shown = run_cli("case", "show", "web-form-7", db=db_url, now="2026-11-02")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Web-Form-7  Ms B")
    verified = run_cli("audit", "verify", "WEB-form-7", db=db_url, now="2026-11-02")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_an_earlier_release_s_colliding_references_both_stay(sqlite_url: str,
                                                            isolated: Path) -> None:
    """Made before references were compared case-folded: each is found by its exact
    spelling after the upgrade, and a new case under either spelling is refused."""
    load_release(sqlite_url, "0003")
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE complaint_case SET ref = 'web-9' WHERE id = 2")
        conn.execute("UPDATE complaint_case SET ref = 'WEB-9' WHERE id = 3")
    assert run_cli("db", "upgrade", db=sqlite_url).returncode == 0
    for ref, resident in (("web-9", "Mr Ben Sample"), ("WEB-9", "Mrs Carol Test")):
        shown = run_cli("case", "show", ref, db=sqlite_url, now="2026-12-20")
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.startswith(f"{ref}  {resident}")
    again = run_cli("case", "open", "--received", "2026-12-20", "--resident", "Ms D",
                    "--email", "d@example.org", "--ref", "Web-9", db=sqlite_url,
                    now="2026-12-20")
    assert again.returncode == 1, again.stdout
