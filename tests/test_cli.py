"""The `redress` command's contract: options, output forms, exit codes and messages.

Most tests run the command in-process (click's CliRunner) for speed; a few run the
installed console script in a new process to see exactly what a user sees: the exit
code, and no traceback for any expected failure.

Dates: Mon 2 Nov 2026 is the usual day of receipt. Acknowledgement is due 5 working days
later (Code 6.2): Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 Nov (5). There is no
bank holiday in November 2026.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from redress.cli import main
from redress.engine import Desk, Store, load_config
from support import LANDLORD_CONFIG, OUTCOME_ARGS, REDRESS, deliver, run_cli, track_stores

POST = ("--channel", "post", "--address", "1 High St, Town")

LONDON = ZoneInfo("Europe/London")

ACK = ("--set", "complaint_definition=Damp in the back bedroom",
       "--set", "outcomes_sought=Treat the mould and redecorate",
       "--set", "responsibility=The bedroom walls and windows are ours to repair")
RESPONSE = ("--set", "decision=Upheld", *OUTCOME_ARGS,
            "--set", "reasons=Repairs were late",
            "--set", "remedy=£150", "--set", "outstanding_actions=none")


# Stores the command opened in this process; see `invoke`.
_OPENED: list[Store] = []


@pytest.fixture(autouse=True)
def _isolated(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An empty folder, no REDRESS_* variables, and a note of every store opened."""
    track_stores(monkeypatch, _OPENED)
    yield
    close_stores()


def close_stores() -> None:
    while _OPENED:
        _OPENED.pop().close()


# --- helpers ----------------------------------------------------------------------------


def invoke(*args: str, env: Mapping[str, str | None] | None = None,
           close: bool = True) -> Result:
    """Run the command in-process.

    The command leaves its database connections pooled when it returns (see
    test_command_releases_its_database_connections); `close` releases them here so that
    an unclosed PostgreSQL connection does not fail a later test with a ResourceWarning.
    """
    runner = CliRunner()
    try:
        return runner.invoke(main, list(args), env={"REDRESS_USER": "officer",
                                                    "REDRESS_CONFIG": LANDLORD_CONFIG,
                                                    **(env or {})})
    finally:
        if close:
            close_stores()


def describe(r: Result) -> str:
    crash = ""
    unexpected = r.exception is not None and not isinstance(r.exception, SystemExit)
    if unexpected and r.exc_info is not None:
        import traceback

        crash = "".join(traceback.format_exception(*r.exc_info))
    return f"exit {r.exit_code}\n--- stdout\n{r.stdout}--- stderr\n{r.stderr}{crash}"


def assert_ok(r: Result) -> str:
    assert r.exit_code == 0, describe(r)
    assert "Traceback" not in r.output
    return r.stdout


def assert_fails(r: Result, code: int, *needles: str) -> str:
    """An expected failure: the exit code, one plain message, never a traceback."""
    assert r.exit_code == code, describe(r)
    # A crash also exits 1 under CliRunner; an expected failure is a deliberate exit.
    assert isinstance(r.exception, SystemExit), describe(r)
    assert "Traceback" not in r.output
    if code == 1:
        assert r.stderr.startswith("error: "), describe(r)
    else:
        assert r.stderr.startswith("Usage: "), describe(r)
    for needle in needles:
        assert needle in r.stderr, f"{needle!r} not in stderr\n{describe(r)}"
    return r.stderr


class Cli:
    """The command bound to one database; `now` fixes the clock for one call."""

    def __init__(self, db: str) -> None:
        self.db = db

    def __call__(self, *args: str, now: str | None = None,
                 env: Mapping[str, str | None] | None = None) -> Result:
        return invoke("--db", self.db, *(("--now", now) if now else ()), *args, env=env)

    def ok(self, *args: str, now: str | None = None) -> str:
        out = assert_ok(self(*args, now=now))
        if args[:2] == ("case", "act"):
            self.deliver(args[2], now)
        return out

    def deliver(self, ref: str, now: str | None) -> None:
        """The letters an action wrote leave as they are written (these tests are about
        other things; letters leaving have tests of their own)."""
        from redress.engine.cases import fixed_clock, parse_instant

        when = parse_instant(now or "2026-11-02", "--now")
        desk = Desk.open(self.db, load_config(None), fixed_clock(when))
        try:
            deliver(desk, ref)
        finally:
            desk.store.close()

    def json(self, *args: str, now: str | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", now=now))

    def open(self, received: str = "2026-11-02", *extra: str, now: str | None = None) -> str:
        out = self.ok("case", "open", "--received", received, "--resident", "Ms A Example",
                      *POST, *extra, now=now or received)
        lines = out.splitlines()
        assert len(lines) == 1, out
        return lines[0]

    def show(self, ref: str, now: str) -> dict[str, Any]:
        shown: dict[str, Any] = self.json("case", "show", ref, now=now)
        return shown

    def deadline(self, ref: str, name: str, now: str) -> dict[str, Any]:
        found = [d for d in self.show(ref, now)["deadlines"] if d["name"] == name]
        assert found, f"no deadline {name} on {ref}"
        last: dict[str, Any] = found[-1]
        return last

    def refs(self, *args: str, now: str) -> list[str]:
        return [c["ref"] for c in self.json("case", "list", *args, now=now)]


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url)


@pytest.fixture
def scli(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


def history_at(cli: Cli, ref: str) -> datetime:
    events = cli.json("case", "history", ref)
    return datetime.fromisoformat(events[0]["at"])


# --- global options -----------------------------------------------------------------------


def test_db_option_and_environment_variable_choose_the_database(tmp_path: Path) -> None:
    a = f"sqlite:///{tmp_path / 'a.db'}"
    b = f"sqlite:///{tmp_path / 'b.db'}"
    assert_ok(invoke("--db", a, "--now", "2026-11-02", "case", "open", "--received",
                     "2026-11-02", "--resident", "Ms A", *POST, "--ref", "IN-A"))
    assert (tmp_path / "a.db").is_file()
    assert_ok(invoke("--now", "2026-11-02", "case", "open", "--received", "2026-11-02",
                     "--resident", "Mr B", *POST, "--ref", "IN-B",
                     env={"REDRESS_DATABASE_URL": b}))
    assert (tmp_path / "b.db").is_file()
    assert not (tmp_path / "redress.db").exists()

    def refs(*args: str, env: Mapping[str, str] | None = None) -> list[str]:
        out = assert_ok(invoke(*args, "case", "list", "--json", env=env))
        return [c["ref"] for c in json.loads(out)]

    assert refs("--db", a) == ["IN-A"]
    assert refs(env={"REDRESS_DATABASE_URL": b}) == ["IN-B"]
    # The option wins over the environment.
    assert refs("--db", a, env={"REDRESS_DATABASE_URL": b}) == ["IN-A"]


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [("2026-01-15", 9), ("2026-07-15", 8)],  # GMT in winter, BST (UTC+1) in summer
    ids=["winter", "summer"],
)
@pytest.mark.parametrize("how", ["option", "env"])
def test_now_as_a_date_alone_means_0900_london(cli: Cli, day: str, utc_hour: int,
                                               how: str) -> None:
    opener = ("case", "open", "--received", day, "--resident", "Ms A", *POST)
    if how == "option":
        ref = assert_ok(cli(*opener, now=day)).strip()
    else:
        ref = assert_ok(cli(*opener, env={"REDRESS_NOW": day})).strip()
    at = history_at(cli, ref)
    assert at == datetime.fromisoformat(f"{day}T{utc_hour:02d}:00:00").replace(tzinfo=UTC)
    assert at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") == f"{day} 09:00"


def test_now_takes_a_datetime_with_or_without_a_zone(cli: Cli) -> None:
    ref = cli.open("2026-07-15", now="2026-07-15T14:30")  # naive means London (BST)
    assert history_at(cli, ref) == datetime(2026, 7, 15, 13, 30, tzinfo=UTC)
    ref = cli.open("2026-07-15", now="2026-07-15T14:30Z")
    assert history_at(cli, ref) == datetime(2026, 7, 15, 14, 30, tzinfo=UTC)


def test_bad_now_is_refused(cli: Cli) -> None:
    assert_fails(cli("case", "list", now="next tuesday"), 1, "--now", "next tuesday")


def test_config_closure_moves_a_deadline_by_one_working_day(cli: Cli, tmp_path: Path) -> None:
    plain = cli.open()
    assert cli.deadline(plain, "acknowledge", "2026-11-02")["due"] == "2026-11-09"
    conf = tmp_path / "closures.toml"
    conf.write_text('[calendar]\nclosures = ["2026-11-04"]\n', encoding="utf-8")
    # Wed 4 Nov closed: Tue 3 (1), Thu 5 (2), Fri 6 (3), Mon 9 (4), Tue 10 (5).
    out = assert_ok(invoke("--db", cli.db, "--config", str(conf), "--now", "2026-11-02",
                           "case", "open", "--received", "2026-11-02", "--resident", "Ms B",
                           *POST))
    assert cli.deadline(out.strip(), "acknowledge", "2026-11-02")["due"] == "2026-11-10"


@pytest.mark.parametrize("how", ["env", "cwd"])
def test_config_is_also_found_by_environment_or_in_the_current_folder(
    cli: Cli, tmp_path: Path, how: str
) -> None:
    text = '[calendar]\nclosures = ["2026-11-04"]\n'
    if how == "env":
        conf = tmp_path / "elsewhere.toml"
        conf.write_text(text, encoding="utf-8")
        env = {"REDRESS_CONFIG": str(conf)}
    else:
        (tmp_path / "redress.toml").write_text(text, encoding="utf-8")
        env = {"REDRESS_CONFIG": None}
    out = assert_ok(cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                        *POST, now="2026-11-02", env=env))
    assert cli.deadline(out.strip(), "acknowledge", "2026-11-02")["due"] == "2026-11-10"


def test_config_with_an_unknown_section_is_refused_naming_the_file(
    cli: Cli, tmp_path: Path
) -> None:
    conf = tmp_path / "typo.toml"
    conf.write_text('[calender]\nclosures = ["2026-11-04"]\n', encoding="utf-8")
    r = invoke("--db", cli.db, "--config", str(conf), "--now", "2026-11-02", "case", "open",
               "--received", "2026-11-02", "--resident", "Ms A", *POST)
    assert_fails(r, 1, str(conf), "[calender]", "calendar")
    listed = invoke("--db", cli.db, "case", "list", "--json")  # nothing made, or saved
    assert "no redress database" in listed.output if listed.exit_code else \
        json.loads(listed.output) == []


def test_missing_config_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    r = invoke("--db", cli.db, "--config", str(missing), "--now", "2026-11-02", "case", "open",
               "--received", "2026-11-02", "--resident", "Ms A", *POST)
    assert_fails(r, 1, str(missing), "not found")


def test_missing_config_file_is_refused_by_read_only_commands(
    cli: Cli, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    cli.open()
    missing = tmp_path / "nowhere.toml"
    r = invoke("--db", cli.db, "--config", str(missing), "--now", "2026-11-02", "case", "list")
    assert_fails(r, 1, str(missing))


# --- case open ----------------------------------------------------------------------------


def test_open_prints_the_new_reference_only(cli: Cli) -> None:
    r = cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A Example",
            "--email", "a@example.org", "--summary", "Damp and mould", now="2026-11-02")
    out = assert_ok(r)
    assert out.count("\n") == 1 and out.endswith("\n")
    ref = out.strip()
    assert ref and " " not in ref
    shown = cli.show(ref, "2026-11-02")
    assert shown["ref"] == ref
    assert shown["workflow"] == "chc-2024"
    assert shown["state"] == "received"
    assert shown["received"] == "2026-11-02"
    assert shown["resident"] == "Ms A Example"
    assert shown["email"] == "a@example.org"
    assert shown["channel"] == "email"  # the default when an email address is given
    assert shown["summary"] == "Damp and mould"
    # a second case gets a different reference
    assert cli.open() != ref


def test_open_with_workflow_channel_and_ref(cli: Cli) -> None:
    ref = cli.open("2026-11-02", "--workflow", "landlord-2024", "--ref", "EXT-42")
    assert ref == "EXT-42"
    shown = cli.show("EXT-42", "2026-11-02")
    assert shown["workflow"] == "landlord-2024"
    assert shown["channel"] == "post"
    # landlord-2024 acknowledges within 3 working days: Tue 3, Wed 4, Thu 5 Nov.
    assert cli.deadline("EXT-42", "acknowledge", "2026-11-02")["due"] == "2026-11-05"


def test_same_ref_twice_is_refused_and_one_case_remains(cli: Cli) -> None:
    cli.open("2026-11-02", "--ref", "HR-0001")
    r = cli("case", "open", "--received", "2026-11-02", "--resident", "Mr B", *POST, "--ref",
            "HR-0001", now="2026-11-02")
    assert_fails(r, 1, "HR-0001", "already exists")
    assert r.stdout == ""
    listed = cli.json("case", "list")
    assert len(listed) == 1
    assert listed[0]["resident"] == "Ms A Example"


def test_open_refuses_bad_input(cli: Cli) -> None:
    base = ("case", "open", "--resident", "Ms A")
    assert_fails(cli(*base, "--received", "2026-11-03", *POST, now="2026-11-02"),
                 1, "after the clock's date")
    assert_fails(cli(*base, "--received", "2 Nov", *POST, now="2026-11-02"),
                 1, "--received")
    assert_fails(cli(*base, "--received", "2026-11-02", "--channel", "email",
                     now="2026-11-02"), 1, "--email")
    assert_fails(cli(*base, "--received", "2026-11-02", "--channel", "fax", now="2026-11-02"),
                 2, "fax")
    assert cli.json("case", "list") == []


@pytest.mark.parametrize(
    ("received", "edition"),
    [
        ("2024-03-31", "chc-2022"),
        ("2024-04-01", "chc-2024"),
        ("2022-03-31", "chc-2020"),
        ("2022-04-01", "chc-2022"),
        ("2020-07-01", "chc-2020"),
    ],
)
def test_edition_is_chosen_by_received_date(cli: Cli, received: str, edition: str) -> None:
    ref = cli.open(received, now="2026-11-02")
    assert cli.show(ref, "2026-11-02")["workflow"] == edition


def test_no_edition_before_the_first_code(cli: Cli) -> None:
    r = cli("case", "open", "--received", "2020-06-30", "--resident", "Ms A", *POST,
            now="2026-11-02")
    assert_fails(r, 1, "2020-06-30", "chc-2020", "2020-07-01", "--workflow")
    assert cli.json("case", "list") == []
    # ... and the advice works.
    r = cli("case", "open", "--received", "2020-06-30", "--resident", "Ms A", *POST,
            "--workflow", "chc-2020", now="2026-11-02")
    assert_fails(r, 1, "before chc-2020 took effect (2020-07-01)", "--allow-before-effective")
    ref = cli.open("2020-06-30", "--workflow", "chc-2020", "--allow-before-effective",
                   now="2026-11-02")
    assert cli.show(ref, "2026-11-02")["workflow"] == "chc-2020"


# --- case act -----------------------------------------------------------------------------


def test_act_moves_the_case_and_prints_the_deadlines(cli: Cli) -> None:
    ref = cli.open()
    out = cli.ok("case", "act", ref, "acknowledge", *ACK, "--by", "j.patel", now="2026-11-04")
    assert out.splitlines()[0] == f"{ref}: acknowledge done; received -> stage1"
    assert "acknowledge" in out and "Code 6.2" in out
    assert "stage1_response" in out and "Code 6.3" in out
    shown = cli.show(ref, "2026-11-04")
    assert shown["state"] == "stage1"
    assert shown["fields"]["complaint_definition"] == "Damp in the back bedroom"
    events = cli.json("case", "history", ref)
    assert [(e["action"], e["actor"]) for e in events] == [("open", "officer"),
                                                           ("acknowledge", "j.patel"),
                                                           ("letter_sent", "test")]


def test_act_json_prints_the_case(cli: Cli) -> None:
    ref = cli.open()
    shown = cli.json("case", "act", ref, "acknowledge", *ACK, now="2026-11-03")
    assert shown["ref"] == ref
    assert shown["state"] == "stage1"


def test_set_file_reads_a_text_file(cli: Cli, tmp_path: Path) -> None:
    ref = cli.open()
    text = tmp_path / "definition.txt"
    text.write_text("Damp in the back bedroom.\nReported three times since June.\n",
                    encoding="utf-8")
    cli.ok("case", "act", ref, "acknowledge", "--set-file", f"complaint_definition={text}",
           "--set", "outcomes_sought=Repair", "--set", "responsibility=Ours", now="2026-11-03")
    fields = cli.show(ref, "2026-11-03")["fields"]
    assert fields["complaint_definition"] == ("Damp in the back bedroom.\n"
                                              "Reported three times since June.")
    assert fields["outcomes_sought"] == "Repair"


def test_set_file_that_does_not_exist_is_refused_naming_it(cli: Cli, tmp_path: Path) -> None:
    ref = cli.open()
    missing = tmp_path / "no-such-letter.txt"
    r = cli("case", "act", ref, "acknowledge", "--set-file", f"complaint_definition={missing}",
            "--set", "outcomes_sought=Repair", now="2026-11-03")
    assert_fails(r, 1, str(missing))
    assert cli.show(ref, "2026-11-03")["state"] == "received"


@pytest.mark.parametrize("option", ["--set", "--set-file"])
def test_set_without_equals_is_a_usage_error(cli: Cli, option: str) -> None:
    ref = cli.open()
    r = cli("case", "act", ref, "acknowledge", option, "complaint_definition", now="2026-11-03")
    assert_fails(r, 2, "FIELD=")
    assert cli.show(ref, "2026-11-03")["state"] == "received"


def test_unknown_action_suggests_the_near_miss(cli: Cli) -> None:
    ref = cli.open()
    r = cli("case", "act", ref, "acknowlege", *ACK, now="2026-11-03")
    assert_fails(r, 1, "acknowlege", "did you mean 'acknowledge'")


def test_unknown_field_suggests_the_near_miss(cli: Cli) -> None:
    ref = cli.open()
    r = cli("case", "act", ref, "acknowledge", *ACK, "--set", "handler_note=x",
            now="2026-11-03")
    assert_fails(r, 1, "handler_note", "did you mean 'handler_notes'")


def test_unknown_case_ref_is_refused(cli: Cli) -> None:
    cli.open()
    for args in (("case", "act", "NO-SUCH", "acknowledge", *ACK), ("case", "show", "NO-SUCH"),
                 ("case", "history", "NO-SUCH")):
        assert_fails(cli(*args, now="2026-11-03"), 1, "NO-SUCH")


def test_missing_required_field_names_the_field_and_its_provision(cli: Cli) -> None:
    ref = cli.open()
    r = cli("case", "act", ref, "acknowledge", "--set", "outcomes_sought=Repair",
            now="2026-11-03")
    err = assert_fails(r, 1, "complaint_definition (Code 5.6)")
    assert "outcomes_sought" not in err
    r = cli("case", "act", ref, "acknowledge", now="2026-11-03")
    assert_fails(r, 1, "complaint_definition (Code 5.6)", "outcomes_sought (Code 5.6)")
    assert cli.show(ref, "2026-11-03")["state"] == "received"


def test_action_not_allowed_in_this_state_is_refused(cli: Cli) -> None:
    ref = cli.open()
    assert_fails(cli("case", "act", ref, "respond", *RESPONSE, now="2026-11-03"), 1,
                 "not allowed", "received")


def test_actions_cannot_be_backdated(cli: Cli) -> None:
    ref = cli.open(now="2026-11-04")
    r = cli("case", "act", ref, "acknowledge", *ACK, now="2026-11-03")
    assert_fails(r, 1, "back-dated")


def test_stage2_response_from_the_stage1_responder_is_refused(cli: Cli) -> None:
    ref = cli.open()
    cli.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-03")
    cli.ok("case", "act", ref, "respond", *RESPONSE, "--by", "j.patel", now="2026-11-10")
    cli.ok("case", "act", ref, "escalate", now="2026-11-11")
    cli.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-12")
    r = cli("case", "act", ref, "respond", *RESPONSE, "--by", "j.patel", now="2026-11-20")
    assert_fails(r, 1, "j.patel", "(Code 6.13)")
    cli.ok("case", "act", ref, "respond", *RESPONSE, "--by", "s.khan", now="2026-11-20")
    assert cli.show(ref, "2026-11-20")["state"] == "stage2_responded"


# --- case show: deadlines and their statuses -----------------------------------------------


def test_show_json_has_the_documented_keys(cli: Cli) -> None:
    ref = cli.open()
    shown = cli.show(ref, "2026-11-02")
    for key in ("ref", "workflow", "state", "received", "deadlines"):
        assert key in shown
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown["received"])
    (d,) = shown["deadlines"]
    assert {"name", "due", "status", "completed_on"} <= set(d)
    assert d == {**d, "name": "acknowledge", "due": "2026-11-09", "status": "pending",
                 "completed_on": None}


def test_show_text(cli: Cli) -> None:
    ref = cli.open()
    out = cli.ok("case", "show", ref, now="2026-11-02")
    assert ref in out
    assert "chc-2024" in out
    assert "received" in out
    assert "acknowledge" in out and "due Mon 09 Nov 2026" in out and "Code 6.2" in out


def test_deadline_statuses(cli: Cli) -> None:
    met = cli.open()
    cli.ok("case", "act", met, "acknowledge", *ACK, now="2026-11-04")
    on_due_day = cli.open()
    cli.ok("case", "act", on_due_day, "acknowledge", *ACK, now="2026-11-09T23:30")
    late = cli.open()
    cli.ok("case", "act", late, "acknowledge", *ACK, now="2026-11-10")
    overdue = cli.open()
    withdrawn = cli.open()
    cli.ok("case", "act", withdrawn, "withdraw", now="2026-11-03")

    def ack(ref: str, now: str = "2026-11-10") -> tuple[str, str | None]:
        d = cli.deadline(ref, "acknowledge", now)
        assert d["due"] == "2026-11-09"
        return d["status"], d["completed_on"]

    assert ack(met) == ("met", "2026-11-04")
    assert ack(on_due_day) == ("met", "2026-11-09")
    assert ack(late) == ("late", "2026-11-10")
    assert ack(overdue, "2026-11-09") == ("pending", None)  # due today is not yet overdue
    assert ack(overdue) == ("overdue", None)
    assert ack(withdrawn) == ("cancelled", "2026-11-03")
    assert cli.show(withdrawn, "2026-11-10")["state"] == "withdrawn"
    # The next deadline is pending, counted from the acknowledgement (Code 6.3):
    # Thu 5 (1), Fri 6 (2), Mon 9 (3) ... Wed 18 Nov (10).
    s1 = cli.deadline(met, "stage1_response", "2026-11-10")
    assert (s1["status"], s1["due"], s1["completed_on"]) == ("pending", "2026-11-18", None)


def test_extension_moves_due_and_is_in_the_history(cli: Cli) -> None:
    ref = cli.open()
    cli.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-04")
    assert cli.deadline(ref, "stage1_response", "2026-11-13")["due"] == "2026-11-18"
    cli.ok("case", "act", ref, "extend", "--set", "working_days=5",
           "--set", "reason=A damp survey is booked", now="2026-11-13")
    # Thu 19 (1), Fri 20 (2), Mon 23 (3), Tue 24 (4), Wed 25 Nov (5).
    d = cli.deadline(ref, "stage1_response", "2026-11-13")
    assert (d["due"], d["status"]) == ("2026-11-25", "pending")
    assert d.get("extended_by_working_days") == 5

    changes = [c for e in cli.json("case", "history", ref) for c in e["deadline_changes"]
               if c["change"] == "extended"]
    assert len(changes) == 1
    assert changes[0]["deadline"] == "stage1_response"
    assert changes[0]["previous_due"] == "2026-11-18"
    assert changes[0]["due"] == "2026-11-25"
    text = cli.ok("case", "history", ref)
    assert "extended" in text and "2026-11-18" in text and "2026-11-25" in text

    # Beyond 10 working days in all needs a good reason (Code 6.4).
    r = cli("case", "act", ref, "extend", "--set", "working_days=6", "--set", "reason=More",
            now="2026-11-16")
    assert_fails(r, 1, "good_reason", "(Code 6.4)")
    assert cli.deadline(ref, "stage1_response", "2026-11-16")["due"] == "2026-11-25"
    cli.ok("case", "act", ref, "extend", "--set", "working_days=6", "--set", "reason=More",
           "--set", "good_reason=The surveyor fell ill", now="2026-11-16")
    # Thu 26 (1), Fri 27 (2), Mon 30 (3), Tue 1 (4), Wed 2 (5), Thu 3 Dec (6).
    assert cli.deadline(ref, "stage1_response", "2026-11-16")["due"] == "2026-12-03"
    changes = [c for e in cli.json("case", "history", ref) for c in e["deadline_changes"]
               if c["change"] == "extended"]
    assert [(c["previous_due"], c["due"]) for c in changes] == [
        ("2026-11-18", "2026-11-25"), ("2026-11-25", "2026-12-03")]


# --- case list ----------------------------------------------------------------------------


@pytest.fixture
def three_cases(cli: Cli) -> Cli:
    """On Thu 12 Nov 2026:
    A received Mon 2 Nov, not acknowledged: acknowledge due Mon 9 Nov, overdue.
    B received Mon 2 Nov, acknowledged Tue 3 Nov: stage 1 response due Tue 17 Nov.
    C received Wed 11 Nov: acknowledge due Wed 18 Nov (Thu 12 (1) ... Wed 18 (5)).
    """
    cli.open("2026-11-02", "--ref", "A")
    cli.open("2026-11-02", "--ref", "B")
    cli.ok("case", "act", "B", "acknowledge", *ACK, now="2026-11-03")
    cli.open("2026-11-11", "--ref", "C")
    assert cli.deadline("B", "stage1_response", "2026-11-12")["due"] == "2026-11-17"
    assert cli.deadline("C", "acknowledge", "2026-11-12")["due"] == "2026-11-18"
    return cli


NOW = "2026-11-12"


def test_list_all_oldest_first(three_cases: Cli) -> None:
    assert three_cases.refs(now=NOW) == ["A", "B", "C"]


def test_list_by_state(three_cases: Cli) -> None:
    cli = three_cases
    assert cli.refs("--state", "received", now=NOW) == ["A", "C"]
    assert cli.refs("--state", "stage1", now=NOW) == ["B"]
    assert cli.refs("--state", "closed", now=NOW) == []


def test_list_unknown_state_is_a_typo(three_cases: Cli) -> None:
    r = three_cases("case", "list", "--state", "stage_1", now="2026-11-20")
    assert_fails(r, 1, "no workflow in use has a state 'stage_1'", "did you mean 'stage1'?")


def test_list_overdue(three_cases: Cli) -> None:
    cli = three_cases
    assert cli.refs("--overdue", now=NOW) == ["A"]
    assert cli.refs("--overdue", now="2026-11-09") == []  # due today is not overdue
    assert cli.refs("--overdue", now="2026-11-18") == ["A", "B"]
    assert cli.refs("--overdue", "--state", "stage1", now=NOW) == []


def test_list_due_within(three_cases: Cli) -> None:
    cli = three_cases
    # Calendar days from today; a deadline already passed is due within any N.
    assert cli.refs("--due-within", "4", now=NOW) == ["A"]
    assert cli.refs("--due-within", "5", now=NOW) == ["A", "B"]
    assert cli.refs("--due-within", "6", now=NOW) == ["A", "B", "C"]
    assert cli.refs("--due-within", "6", "--state", "received", now=NOW) == ["A", "C"]
    assert_fails(cli("case", "list", "--due-within", "-1", now=NOW), 2)


def test_list_text(three_cases: Cli) -> None:
    cli = three_cases
    lines = cli.ok("case", "list", now=NOW).splitlines()
    assert [line.split()[0] for line in lines] == ["A", "B", "C"]
    (overdue,) = cli.ok("case", "list", "--overdue", now=NOW).splitlines()
    assert overdue.startswith("A ") and "overdue" in overdue
    assert cli.ok("case", "list", "--state", "closed", now=NOW).strip() == "no cases"


# --- case history -------------------------------------------------------------------------


def test_history_text_and_json(cli: Cli) -> None:
    ref = cli.open()
    cli.ok("case", "act", ref, "acknowledge", *ACK, "--by", "j.patel", now="2026-11-04")
    cli.ok("case", "act", ref, "withdraw", "--set", "note=Resolved informally",
           now="2026-11-05")
    events = cli.json("case", "history", ref)
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    assert [e["action"] for e in events] == ["open", "acknowledge", "letter_sent", "withdraw"]
    assert [(e["from_state"], e["to_state"]) for e in events] == [
        (None, "received"), ("received", "stage1"), ("stage1", "stage1"),
        ("stage1", "withdrawn")]
    assert events[1]["actor"] == "j.patel"
    assert events[1]["fields"]["outcomes_sought"] == "Treat the mould and redecorate"
    # the acknowledgement is answered by its letter, and met when the letter leaves
    assert {"deadline": "acknowledge", "change": "answered", "due": "2026-11-09",
            "letter": "stage1_acknowledgement"}.items() <= \
        events[1]["deadline_changes"][0].items()
    assert {"deadline": "acknowledge", "change": "met", "letter": 1}.items() <= \
        events[2]["deadline_changes"][0].items()
    assert [c["change"] for c in events[3]["deadline_changes"]] == ["cancelled"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["hash"]) for e in events)

    text = cli.ok("case", "history", ref)
    assert text.index("open") < text.index("acknowledge") < text.index("withdraw")
    assert "2026-11-04 09:00" in text  # London time
    assert "j.patel" in text
    assert "Resolved informally" in text


def test_history_text_does_not_print_none(cli: Cli) -> None:
    ref = cli.open()
    assert "None" not in cli.ok("case", "history", ref)


# --- usage errors -------------------------------------------------------------------------


def test_missing_resident_is_a_usage_error(cli: Cli) -> None:
    r = cli("case", "open", "--received", "2026-11-02", *POST, now="2026-11-02")
    assert_fails(r, 2, "--resident")


def test_unknown_option_is_a_usage_error(cli: Cli) -> None:
    assert_fails(cli("case", "list", "--overdeu"), 2, "--overdeu")
    assert_fails(invoke("--colour", "case", "list"), 2, "--colour")


# --- in a new process: exit codes and no traceback -----------------------------------------


def test_real_process_success(sqlite_url: str) -> None:
    opened = run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                     *POST, db=sqlite_url, now="2026-11-02")
    assert opened.returncode == 0, opened.stderr
    assert opened.stderr == ""
    ref = opened.stdout.strip()
    assert opened.stdout == f"{ref}\n"
    shown = run_cli("case", "show", ref, "--json", db=sqlite_url, now="2026-11-10")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["deadlines"][0]["status"] == "overdue"


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("case", "act", "R-1", "acknowlege"), 1, "did you mean 'acknowledge'"),
        (("case", "act", "NO-SUCH", "acknowledge"), 1, "NO-SUCH"),
        (("case", "act", "R-1", "acknowledge", "--set", "outcomes_sought=x"), 1,
         "complaint_definition (Code 5.6)"),
        (("case", "act", "R-1", "acknowledge", "--set", "oops"), 2, "FIELD=VALUE"),
        (("case", "act", "R-1", "acknowledge", "--set-file", "complaint_definition=/no/file"),
         1, "/no/file"),
        (("case", "open", "--received", "2026-11-02", "--resident", "Mr B", *POST, "--ref",
          "R-1"), 1, "already exists"),
        (("case", "open", "--received", "2026-11-02"), 2, "--resident"),
        (("case", "open", "--received", "2020-06-30", "--resident", "Mr B", *POST), 1,
         "2020-06-30"),
        (("case", "list", "--bogus"), 2, "--bogus"),
        (("case", "show", "NO-SUCH"), 1, "NO-SUCH"),
        (("workflow", "show", "chc-2042"), 1, "chc-2042"),
    ],
    ids=["unknown-action", "unknown-ref", "missing-field", "set-no-equals", "set-file-missing",
         "duplicate-ref", "missing-resident", "before-first-code", "unknown-option",
         "show-unknown-ref", "unknown-workflow"],
)
def test_real_process_expected_errors(sqlite_url: str, args: tuple[str, ...], code: int,
                                      needle: str) -> None:
    opened = run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                     *POST, "--ref", "R-1", db=sqlite_url, now="2026-11-02")
    assert opened.returncode == 0, opened.stderr
    r = run_cli(*args, db=sqlite_url, now="2026-11-03")
    assert r.returncode == code, f"{r.returncode}\n{r.stdout}\n{r.stderr}"
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert r.stderr.startswith("error: " if code == 1 else "Usage: "), r.stderr
    assert needle in r.stderr
    if code == 1:
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


@pytest.mark.parametrize("kind", ["unparseable", "unsupported", "not-a-database"])
def test_unusable_database_url_is_one_error_line(tmp_path: Path, kind: str) -> None:
    if kind == "not-a-database":
        junk = tmp_path / "notes.db"
        junk.write_text("these are my notes, not a database\n", encoding="utf-8")
        url = f"sqlite:///{junk}"
    else:
        url = {"unparseable": "redress.db", "unsupported": "mysql://u@localhost/db"}[kind]
    r = run_cli("case", "list", db=url)
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith("error: "), r.stderr


# --- demo ---------------------------------------------------------------------------------


def run_plain(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command with no REDRESS_* variable set, as a new user would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    return subprocess.run([REDRESS, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    here = tmp_path / "demo"
    here.mkdir()
    r = run_plain("demo", cwd=here)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert not (here / "redress.db").exists()
    here = here / "redress-demo"  # the demo's own folder and database
    assert (here / "redress.db").is_file()
    out = r.stdout
    for ref in ("2026-00001", "2026-00002", "2026-00003"):
        assert f"Case {ref}" in out
    for resident in ("Ms Alice Example", "Mr Ben Sample", "Mrs Carol Test"):
        assert resident in out
    refused = [line for line in out.splitlines() if "REFUSED" in line]
    assert len(refused) == 1
    assert "respond" in refused[0] and "stage 2" in refused[0] and "(Code 6.13)" in refused[0]
    assert "Overdue today: 2026-00003" in out
    return here


def test_demo_runs_in_an_empty_folder_and_leaves_one_overdue_case(demo_dir: Path) -> None:
    r = run_plain("--now", "2026-12-16", "case", "list", "--overdue", cwd=demo_dir)
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.splitlines()
    assert line.startswith("2026-00003 ")
    r = run_plain("audit", "verify", cwd=demo_dir)
    assert r.returncode == 0, r.stderr
    assert "3 case(s)" in r.stdout


def test_demo_dispatches_letters_and_fires_a_reminder_and_a_breach(tmp_path: Path) -> None:
    """Item 7 of the runner: the acknowledgement and the extension go out by themselves
    (file transport), and as the clock moves a reminder and a breach alert fire."""
    here = tmp_path / "d"
    here.mkdir()
    r = run_plain("demo", "--dir", ".", cwd=here)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()

    def runner_lines(text: str) -> list[str]:
        return [x for x in lines if "runner:" in x and text in x]

    assert len(runner_lines("letter 1 (stage1_acknowledgement) sent: written to "
                            "outbox/2026-00001-c1-letter-1.eml")) == 1
    assert len(runner_lines("letter 2 (stage1_extension) sent: written to "
                            "outbox/2026-00001-c1-letter-2.eml")) == 1
    assert len(runner_lines("letter 1 (stage1_acknowledgement) sent: written to "
                            "print/2026-00002-c2-letter-1.pdf")) == 1
    assert runner_lines("case 2026-00001: reminder: Stage 1 response due Wed 25 Nov 2026: "
                        "reminded")
    assert runner_lines("case 2026-00003: end of deadline: Acknowledge, define and log at "
                        "stage 1 due Tue 08 Dec 2026: breach recorded")
    # the handler's address is the team's: one breach email, not two
    assert len(runner_lines("(breach) sent")) == 1
    # manual letters wait for an officer: the demo's officer reviews each and queues it,
    # and its deadline is met when the runner sends it
    assert len(runner_lines("letter 3 (stage1_response) sent")) == 1
    assert "letter 3 reviewed and queued by j.patel" in r.stdout
    shown = run_plain("--now", "2026-12-16", "case", "show", "2026-00001", "--json", cwd=here)
    s1 = [d for d in json.loads(shown.stdout)["deadlines"] if d["name"] == "stage1_response"]
    assert (s1[0]["status"], s1[0]["completed_on"]) == ("met", "2026-11-23")
    sent = here / "outbox"
    ack = (sent / "2026-00001-c1-letter-1.eml").read_text(encoding="utf-8")
    assert "To: Ms Alice Example <alice@example.org>" in ack
    assert "Content-Type: multipart/alternative" in ack
    breach = [p.read_text(encoding="utf-8") for p in sorted(sent.glob("2026-00003-alert-*"))]
    assert any("Subject: Breach: Acknowledge, define and log at stage 1 on case 2026-00003"
               in b for b in breach)
    assert (here / "print" / "2026-00002-c2-letter-1.pdf"
            ).read_bytes().startswith(b"%PDF")
    shown = run_plain("--now", "2026-12-16", "case", "show", "2026-00003", cwd=here)
    assert "[breach recorded 2026-12-09]" in shown.stdout  # the runner woke when it fell due
    listed = run_plain("outbox", "list", "--state", "sent", cwd=here)
    assert listed.returncode == 0 and "2026-00001 letter 1 stage1_acknowledgement" in \
        listed.stdout


def test_now_after_the_subcommand(demo_dir: Path) -> None:
    r = run_plain("case", "list", "--overdue", "--now", "2026-12-16", cwd=demo_dir)
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.splitlines()
    assert line.startswith("2026-00003 ")


# --- audit verify -------------------------------------------------------------------------


@pytest.fixture
def audited(scli: Cli) -> Cli:
    """Two cases on SQLite: ONE (open, acknowledge, respond) and TWO (open)."""
    scli.open("2026-11-02", "--ref", "ONE")
    scli.ok("case", "act", "ONE", "acknowledge", *ACK, now="2026-11-03")
    scli.ok("case", "act", "ONE", "respond", *RESPONSE, now="2026-11-10")
    scli.open("2026-11-02", "--ref", "TWO")
    out = scli.ok("audit", "verify")
    assert "intact" in out and "2 case(s)" in out
    return scli


def sqlite_file(url: str) -> str:
    return url[len("sqlite:///"):]


def tamper(url: str, sql: str, *params: Any) -> None:
    conn = sqlite3.connect(sqlite_file(url))
    try:
        with conn:
            changed = conn.execute(sql, params).rowcount
        assert changed == 1
    finally:
        conn.close()


CASE_ID = "(SELECT id FROM complaint_case WHERE ref = ?)"


def test_audit_verify_finds_an_edited_event(audited: Cli) -> None:
    tamper(audited.db, f"UPDATE case_event SET fields = ? WHERE case_id = {CASE_ID} AND seq = 2",
           json.dumps({"complaint_definition": "Something else", "outcomes_sought": "x"}),
           "ONE")
    r = audited("audit", "verify")
    assert r.exit_code == 1, describe(r)
    assert "Traceback" not in r.output
    assert re.search(r"\bONE\b.*event 2\b", r.stdout), r.stdout
    assert "TWO" not in r.stdout
    assert "damaged" in r.stderr
    # One case can be checked on its own.
    assert audited("audit", "verify", "TWO").exit_code == 0
    assert audited("audit", "verify", "ONE").exit_code == 1


def test_audit_verify_finds_a_deleted_last_event(audited: Cli) -> None:
    tamper(audited.db, f"DELETE FROM case_event WHERE case_id = {CASE_ID} AND seq = 3", "ONE")
    r = audited("audit", "verify")
    assert r.exit_code == 1, describe(r)
    assert "ONE" in r.stdout and "TWO" not in r.stdout


def test_audit_verify_in_a_new_process(audited: Cli) -> None:
    ok = run_cli("audit", "verify", db=audited.db)
    assert ok.returncode == 0, ok.stderr
    tamper(audited.db, f"UPDATE case_event SET actor = 'someone.else' WHERE case_id = {CASE_ID} "
           "AND seq = 1", "TWO")
    bad = run_cli("audit", "verify", db=audited.db)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "TWO" in bad.stdout and "event 1" in bad.stdout


def test_audit_verify_unknown_ref(audited: Cli) -> None:
    assert_fails(audited("audit", "verify", "NO-SUCH"), 1, "NO-SUCH")


# --- resources ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("case", "act", "R-1", "withdraw"), ("db", "upgrade"),
                                  ("audit", "verify")], ids=["act", "db-upgrade", "audit"])
def test_command_releases_its_database_connections(cli: Cli, args: tuple[str, ...]) -> None:
    cli.open("2026-11-02", "--ref", "R-1")
    assert_ok(invoke("--db", cli.db, "--now", "2026-11-03", *args, close=False))
    assert _OPENED, "the command opened no store"
    assert [s.engine.pool.checkedin() for s in _OPENED] == [0] * len(_OPENED)


# --- db upgrade ---------------------------------------------------------------------------


def test_db_upgrade_creates_the_schema_and_is_idempotent(db_url: str) -> None:
    first = assert_ok(invoke("--db", db_url, "db", "upgrade"))
    match = re.fullmatch(r"database at schema version (\S+)\n", first)
    assert match, first
    assert assert_ok(invoke("--db", db_url, "db", "upgrade")) == first
    cli = Cli(db_url)
    assert cli.json("case", "list") == []
    ref = cli.open()
    assert assert_ok(invoke("--db", db_url, "db", "upgrade")) == first
    assert [c["ref"] for c in cli.json("case", "list")] == [ref]


def test_db_upgrade_on_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    out = assert_ok(invoke("--db", url, "db", "upgrade"))
    assert "schema version" in out
    conn = sqlite3.connect(tmp_path / "fresh.db")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    assert {"complaint_case", "case_event", "deadline", "workflow_definition"} <= tables
    assert out.strip().endswith(version)


def test_db_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'redress.db'}"
    assert_fails(invoke("--db", url, "db", "upgrade"), 1, "does not exist")


def test_set_action_lists_each_promised_action(cli: Cli) -> None:
    """`--set-action "WHAT|DATE"` (repeatable): each promised action tracked (2024 6.6)."""
    ref = cli.open()
    cli.ok("case", "act", ref, "acknowledge", *ACK, now="2026-11-03")
    answer = RESPONSE[:-2]  # all but --set outstanding_actions=none
    assert answer[-1] == "remedy=£150"
    both = cli("case", "act", ref, "respond", *RESPONSE, "--set-action", "Fix the tap|"
               "2026-12-03", now="2026-11-10")
    assert_fails(both, 1, "either with --set-action or with --set outstanding_actions=none")
    cli.ok("case", "act", ref, "respond", *answer, "--set-action", "Fix the tap|2026-12-03",
           "--set-action", "Refund the rent|2026-11-20", now="2026-11-10")
    tracked = [(d["note"], d["due"]) for d in cli.show(ref, "2026-11-10")["deadlines"]
               if d["name"] == "outstanding_action"]
    assert tracked == [("Fix the tap", "2026-12-03"), ("Refund the rent", "2026-11-20")]
