"""`audit verify` covers the whole record: a replay of each case's events through its
stored definition must lead to the stored case row, deadlines, tracked actions and
letters; with REDRESS_AUDIT_KEY an event edited with its chain recomputed is found.

The record is made the way it is in use: officers' actions, a breach the runner records,
a letter the runner sends, one an officer posts, one withdrawn, a contact change, an
extension and a tracked action. Each test then edits the database as someone with
write access to it could, and `audit verify` must name the case and the field.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from redress.cli import main
from redress.engine import Desk, load_config
from redress.engine.cases import at_london, event_hash
from redress.engine.runner import MailSettings, fire_due
from redress.engine.store import Store
from sqlalchemy import text
from support import LANDLORD_CONFIG, OUTCOME, Clock

ACK = {"complaint_definition": "Damp in the back bedroom", "outcomes_sought": "Repair",
       "responsibility": "The walls are ours"}
KEY = "a long random audit key kept away from the database"


def cli(db_url: str, now: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", db_url, "--now", now, *args],
                              env={"REDRESS_CONFIG": LANDLORD_CONFIG, **(env or {})})


def at(clock: Clock, day: date, hour: int = 10) -> None:
    clock.set(day, hour)


def make_record(desk: Desk, clock: Clock, db_url: str, outbox: Path) -> str:
    """One case through most of what can happen to it; returns its reference."""
    at(clock, date(2026, 11, 2), 9)
    ref = desk.open_case(received_at=clock.now, resident="Ms Alice Example",
                         actor="officer", email="alice@example.org",
                         summary="Damp and mould not repaired", ref="WEB-7").ref
    at(clock, date(2026, 11, 10), 1)  # acknowledgement missed: the runner records it
    fire_due(desk.store, desk.calendar, desk.letters, MailSettings(), "test", clock.now,
             200, desk.remind_at, desk.mailer)
    at(clock, date(2026, 11, 10))
    desk.act(ref, "acknowledge", ACK, "officer")  # letter 1, automatic: the runner sends
    sent = cli(db_url, "2026-11-10 11:00", "run", "--once",
               env={"REDRESS_OUTBOX_DIR": str(outbox)})
    assert sent.exit_code == 0, sent.output
    at(clock, date(2026, 11, 11))
    desk.contact(ref, "officer", email="alice.new@example.org")
    at(clock, date(2026, 11, 12))
    desk.act(ref, "extend", {"working_days": "5", "reason": "Survey booked"}, "j.patel")
    desk.withdraw_letter(ref, 2, "wrong date in it", "j.patel")  # letter 2, withdrawn
    desk.act(ref, "extend", {"working_days": "4", "reason": "Survey booked for 20th"},
             "j.patel")  # letter 3
    at(clock, date(2026, 11, 23))
    desk.act(ref, "respond", {"decision": "Upheld", **OUTCOME, "reasons": "Repairs were late",
                              "remedy": "£150 and redecoration",
                              "outstanding_actions": "Fit the new extractor fan|2026-12-04"},
             "j.patel")  # letter 4, manual
    desk.letter_sent(ref, 4, None, "posted first class", "officer")
    at(clock, date(2026, 12, 3))
    tracked = [d for d in desk.store.load(ref).deadlines if d.note]
    desk.act(ref, "complete_action", {"deadline": str(tracked[0].seq), "note": "Fan fitted"},
             "j.patel")
    return ref


@pytest.fixture
def recorded(db_url: str, clock: Clock, isolated: Path) -> Iterator[tuple[Store, str]]:
    desk = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    desk.clock = clock
    ref = make_record(desk, clock, db_url, isolated / "outbox")
    yield desk.store, ref
    desk.store.close()


def edit(store: Store, sql: str, **params: Any) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(sql), params)


def faults(store: Store) -> list[str]:
    checked, found = store.verify_audit()
    assert checked == 1
    return found


def test_a_whole_record_replays_intact(recorded: tuple[Store, str], db_url: str) -> None:
    store, ref = recorded
    actions = [e["action"] for e in store.events(ref)]
    assert actions == ["open", "breach", "acknowledge", "letter_sent", "contact", "extend",
                       "withdraw_letter", "extend", "respond", "letter_sent",
                       "complete_action"]
    assert faults(store) == []
    shown = cli(db_url, "2026-12-03", "audit", "verify")
    assert shown.exit_code == 0, shown.output
    assert "audit trail intact: 1 case(s) checked" in shown.output


def test_an_edited_case_row_is_found(recorded: tuple[Store, str], db_url: str) -> None:
    store, ref = recorded
    edit(store, "UPDATE complaint_case SET state = 'closed'")
    assert faults(store) == [
        f"{ref}: state is 'closed' but the events lead to 'stage1_responded'"]
    shown = cli(db_url, "2026-12-03", "audit", "verify")
    assert shown.exit_code == 1
    assert "state is 'closed' but the events lead to 'stage1_responded'" in shown.output


def test_a_moved_deadline_is_found(recorded: tuple[Store, str]) -> None:
    store, ref = recorded
    edit(store, "UPDATE deadline SET due = :d WHERE name = 'escalation_window'",
         d=date(2027, 3, 1))
    found = faults(store)
    assert len(found) == 1
    assert found[0].startswith(f"{ref}: deadline ")
    assert "(escalation_window) due is '2027-03-01' but the events lead to '20" in found[0]


def test_an_edited_tracked_action_is_found(recorded: tuple[Store, str]) -> None:
    store, _ref = recorded
    edit(store, "UPDATE deadline SET status = 'pending', completed_at = NULL WHERE note <> ''")
    found = faults(store)
    assert any("status is 'pending' but the events lead to 'met'" in f for f in found), found


def test_a_deleted_letter_is_found(recorded: tuple[Store, str]) -> None:
    store, ref = recorded
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox WHERE letter_id IN (SELECT id FROM letter "
                          "WHERE seq = 4)"))
        conn.execute(text("DELETE FROM letter WHERE seq = 4"))
    found = faults(store)
    assert f"{ref}: letter 4 (written by event 9) is missing" in found


def test_a_sent_letter_marked_unsent_is_found(recorded: tuple[Store, str]) -> None:
    store, ref = recorded
    edit(store, "UPDATE letter SET left_at = NULL, left_by = NULL WHERE seq = 1")
    found = faults(store)
    assert any(f.startswith(f"{ref}: letter 1 left at None") for f in found), found


def test_an_edited_letter_text_is_found(recorded: tuple[Store, str]) -> None:
    store, ref = recorded
    edit(store, "UPDATE letter SET text = text || ' We admit nothing.' WHERE seq = 4")
    assert faults(store) == [f"{ref}: letter 4's text was changed after it was written "
                             "(content hash mismatch)"]


def test_an_edited_personal_value_is_found(recorded: tuple[Store, str]) -> None:
    store, _ref = recorded
    edit(store, "UPDATE personal_value SET value = 'Mr Someone Else' "
         "WHERE value = 'Ms Alice Example'")
    found = faults(store)
    assert any("a personal value was changed after it was recorded" in f for f in found)


def _recompute(store: Store, ref: str, key: bytes | None, keyed: bool) -> None:
    """What someone with write access but not the key can do: edit an event and
    recompute every hash after it (and the case's head), as keyed or not."""
    with store.engine.begin() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text(
            "SELECT * FROM case_event ORDER BY seq"))]
        prev = "0" * 64
        for row in rows:
            if row["action"] == "respond":
                fields = json.loads(row["fields"])
                fields["decision"] = "Not upheld"
                row["fields"] = json.dumps(fields, sort_keys=True, separators=(",", ":"))
            row["prev_hash"] = prev
            row["hash"] = event_hash(prev, ref, row, key)
            conn.execute(text("UPDATE case_event SET fields = :f, prev_hash = :p, hash = :h, "
                              "keyed = :k WHERE id = :i"),
                         {"f": row["fields"], "p": prev, "h": row["hash"], "k": keyed,
                          "i": row["id"]})
            prev = row["hash"]
        conn.execute(text("UPDATE complaint_case SET head_hash = :h, data = REPLACE(data, "
                          "'\"Upheld\"', '\"Not upheld\"')"), {"h": prev})


def _rechained(store: Store, ref: str, action: str, changes: Any) -> str:
    """The first `action` event's deadline changes rewritten (`changes`: the stored text
    to a new text) and every hash after it recomputed without a key: only the replay can
    tell. Returns the text it stored."""
    with store.engine.begin() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text(
            "SELECT * FROM case_event ORDER BY seq"))]
        edited = next(r for r in rows if r["action"] == action)
        edited["changes"] = changes(edited["changes"])
        prev = "0" * 64
        for row in rows:
            row["prev_hash"] = prev
            row["hash"] = event_hash(prev, ref, row)
            conn.execute(text("UPDATE case_event SET changes = :c, prev_hash = :p, "
                              "hash = :h WHERE id = :i"),
                         {"c": row["changes"], "p": prev, "h": row["hash"], "i": row["id"]})
            prev = row["hash"]
        conn.execute(text("UPDATE complaint_case SET head_hash = :h"), {"h": prev})
    return str(edited["changes"])


def _moved(stored: str) -> str:
    """The changes with their first due date a day later, as canonical JSON."""
    found = json.loads(stored)
    found[0]["due"] = (date.fromisoformat(found[0]["due"]) + timedelta(days=1)).isoformat()
    return json.dumps(found, sort_keys=True, separators=(",", ":"))


def test_an_edited_deadline_change_is_found_by_the_replay(
        recorded: tuple[Store, str]) -> None:
    """Changes with no personal value in them are compared as the stored text: an edited
    text must still differ from the replayed changes."""
    store, ref = recorded
    stored = _rechained(store, ref, "extend", _moved)
    assert "personal" not in stored  # the text is compared as it is stored
    found = faults(store)
    assert len(found) == 1, found
    assert found[0].startswith(f"{ref}: event 6 (extend) records deadline changes the "
                               "definition does not give: recorded stage1_response ")


def test_an_edited_deadline_change_with_a_personal_value_is_found(
        recorded: tuple[Store, str]) -> None:
    """A tracked action's note is a personal value: those changes are decoded first."""
    store, ref = recorded
    stored = _rechained(store, ref, "respond", lambda s: s.replace("2026-12-04",
                                                                   "2026-12-05"))
    assert "personal" in stored and "2026-12-05" in stored
    found = faults(store)
    assert any(f.startswith(f"{ref}: event 9 (respond) records deadline changes the "
                            "definition does not give") for f in found), found


def test_deadline_changes_spelled_otherwise_are_the_same_changes(
        recorded: tuple[Store, str]) -> None:
    """Text that is not the canonical spelling is decoded and compared, not a fault."""
    store, ref = recorded
    stored = _rechained(store, ref, "extend", lambda s: json.dumps(json.loads(s), indent=1))
    assert "\n" in stored  # not the canonical spelling
    assert faults(store) == []


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDRESS_AUDIT_KEY", KEY)


@pytest.mark.parametrize("forged_with", ["a guessed key", "no key"])
def test_an_event_edited_with_its_chain_recomputed_is_found_with_the_key(
        keyed: None, recorded: tuple[Store, str], forged_with: str) -> None:
    store, ref = recorded
    with store.reading() as fetch:
        assert {r["keyed"] for r in fetch("SELECT keyed FROM case_event", {})} == {True} or \
            {r["keyed"] for r in fetch("SELECT keyed FROM case_event", {})} == {1}
    assert faults(store) == []
    if forged_with == "no key":
        _recompute(store, ref, None, keyed=False)
    else:
        _recompute(store, ref, b"guessed", keyed=True)
    found = faults(store)
    assert found, "the forged chain passed"
    assert all(f.startswith(f"{ref}: event ") for f in found), found


def test_without_the_key_a_recomputed_chain_is_what_an_unkeyed_chain_cannot_show(
        recorded: tuple[Store, str]) -> None:
    """The README says so: anyone who can write to the database can rewrite an unkeyed
    chain and the case together, and the result verifies."""
    store, ref = recorded
    _recompute(store, ref, None, keyed=False)
    assert faults(store) == []


def test_a_keyed_hash_is_plain_hmac_sha256(keyed: None, recorded: tuple[Store, str]) -> None:
    """Anyone holding the key can check an event with the standard library alone."""
    store, ref = recorded
    with store.reading() as fetch:
        first = dict(fetch("SELECT * FROM case_event WHERE seq = 1", {})[0])
    content = {"ref": ref, **{k: first[k] for k in ("seq", "action", "actor", "from_state",
                                                    "to_state", "fields", "changes",
                                                    "context")}}
    for name in ("clock_at", "recorded_at"):
        value = first[name]
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        content[name] = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    message = first["prev_hash"] + json.dumps(content, sort_keys=True, separators=(",", ":"))
    assert hmac.new(KEY.encode(), message.encode(), hashlib.sha256).hexdigest() == \
        first["hash"]


def test_an_instant_is_hashed_in_one_spelling_whatever_its_year_or_form() -> None:
    """The hash covers `%Y-%m-%d %H:%M:%S.%f` of the naive instant, as an outside
    checker would spell it with strftime: for a datetime with or without a zone, or the
    text SQLite hands back, in every year a datetime can hold."""
    import random
    from datetime import UTC

    rng = random.Random(14)
    years = [1, 9, 99, 999, 1000, 1970, 2026, 9999,
             *(rng.randrange(1, 10000) for _ in range(300))]
    for year in years:
        moment = datetime(year, rng.randrange(1, 13), rng.randrange(1, 29),
                          rng.randrange(24), rng.randrange(60), rng.randrange(60),
                          rng.choice([0, 1, 999999, rng.randrange(1000000)]))
        row = {"seq": 1, "action": "open", "actor": "o", "from_state": None,
               "to_state": "received", "fields": "{}", "changes": "[]"}
        spelled = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
        content = {"ref": "2026-00001", **row, "clock_at": spelled, "recorded_at": spelled}
        message = "0" * 64 + json.dumps(content, sort_keys=True, separators=(",", ":"))
        expected = hashlib.sha256(message.encode()).hexdigest()
        for form in (moment, moment.replace(tzinfo=UTC), str(moment) if year >= 1000
                     else moment):
            assert event_hash("0" * 64, "2026-00001",
                              {**row, "clock_at": form, "recorded_at": form}) == expected, \
                (year, form)


def test_an_event_s_hash_covers_the_canonical_json_of_its_content() -> None:
    """The hash is SHA-256 (or the keyed HMAC) of the previous hash and the canonical
    JSON of the event's content (keys sorted, no spaces, ASCII escapes, `context` only
    when there is one), as an outside checker would make it with `json.dumps`: for
    random events, with text that must be escaped, and with values of other types."""
    import random
    import string

    rng = random.Random(61)
    alphabet = string.printable + '"\\\u00e9\u2019\u00a3\U0001f600\x00\x1f\x7f\u2028'

    def words() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))

    for i in range(500):
        at = datetime(2026, 1, 1) + timedelta(seconds=rng.randrange(10**8),
                                              microseconds=rng.randrange(10**6))
        row: dict[str, Any] = {
            "seq": rng.randrange(1, 10**6), "action": words(), "actor": words(),
            "from_state": words(), "to_state": words(),
            "fields": json.dumps({words(): words()}), "changes": json.dumps([words()]),
            "clock_at": rng.choice([at, str(at)]), "recorded_at": at,
            "context": rng.choice([None, "", "{}", json.dumps({"closures": [words()]})])}
        if i % 10 == 0:  # other types: a state not yet set, a number given as text
            row[rng.choice(["from_state", "seq"])] = rng.choice([None, "7"])
        ref = words()
        content = {"ref": ref, **{k: row[k] for k in ("seq", "action", "actor", "from_state",
                                                       "to_state", "fields", "changes")},
                   "clock_at": str(at) if at.microsecond else f"{at}.000000",
                   "recorded_at": str(at) if at.microsecond else f"{at}.000000"}
        if row["context"] not in (None, "", "{}"):
            content["context"] = row["context"]
        message = ("9" * 64 + json.dumps(content, sort_keys=True, separators=(",", ":"),
                                         default=str)).encode()
        assert event_hash("9" * 64, ref, row) == hashlib.sha256(message).hexdigest(), row
        assert event_hash("9" * 64, ref, row, KEY.encode()) == hmac.new(
            KEY.encode(), message, hashlib.sha256).hexdigest()


def test_a_replay_uses_the_closures_an_event_was_decided_with(
        recorded: tuple[Store, str]) -> None:
    """A closure day added to the config later moves no recorded deadline."""
    store, _ = recorded
    store.closures = frozenset({date(2026, 11, 10), date(2026, 11, 11)})
    assert faults(store) == []


def test_received_time_is_recorded_for_the_replay(recorded: tuple[Store, str]) -> None:
    store, ref = recorded
    edit(store, "UPDATE complaint_case SET received_at = :t", t=at_london(
        date(2026, 10, 30)).replace(tzinfo=None))
    found = faults(store)
    assert any(f.startswith(f"{ref}: received_at is ") for f in found), found
