"""What an operator meets first: the demo in a folder of its own, letter files that never
overwrite each other, read-only commands that never make a database, and arguments that
do not decode.

Dates: a complaint received Mon 2 Nov 2026 and acknowledged Tue 3 Nov at 10:00 queues
letter 1 (stage1_acknowledgement); `run --once` at 10:05 writes it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from redress.cli import main
from support import LANDLORD_CONFIG, OUTCOME_ARGS, REDRESS

ACK = ["--set", "complaint_definition=Damp", "--set", "outcomes_sought=Repair",
       "--set", "responsibility=The walls are ours"]


def plain_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    return {**env, **extra}


def redress(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as an operator runs it (no REDRESS_* unless given)."""
    return subprocess.run([REDRESS, *args], capture_output=True, text=True, cwd=cwd,
                          env=plain_env(**env), timeout=120)


def cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


# --- 1. the demo in its own folder --------------------------------------------------------


def real_case(folder: Path) -> str:
    """A folder holding an operator's real database, with one case and a queued letter."""
    db = f"sqlite:///{folder / 'redress.db'}"
    r = redress("case", "open", "--received", "2026-11-02", "--resident", "Ms Real Person",
                "--email", "real@example.org", "--ref", "REAL-1", cwd=folder,
                REDRESS_DATABASE_URL=db, REDRESS_CONFIG=LANDLORD_CONFIG, REDRESS_NOW="2026-11-03")
    assert r.returncode == 0, r.stderr
    r = redress("case", "act", "REAL-1", "acknowledge", *ACK, cwd=folder,
                REDRESS_DATABASE_URL=db, REDRESS_CONFIG=LANDLORD_CONFIG, REDRESS_NOW="2026-11-03")
    assert r.returncode == 0, r.stderr
    return db


def snapshot(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return [tuple(r) for t in ("complaint_case", "case_event", "letter", "outbox", "alert")
                for r in conn.execute(f"SELECT * FROM {t} ORDER BY id")]


def test_demo_never_touches_the_database_in_the_folder_or_the_environment(
        tmp_path: Path) -> None:
    here = tmp_path / "office"
    here.mkdir()
    real_case(here)
    before = snapshot(here / "redress.db")
    elsewhere = tmp_path / "elsewhere.db"
    r = redress("demo", cwd=here, REDRESS_DATABASE_URL=f"sqlite:///{here / 'redress.db'}")
    assert r.returncode == 0, r.stderr
    r2 = redress("demo", "--db", f"sqlite:///{elsewhere}", "--dir", "second", cwd=here)
    assert r2.returncode == 0, r2.stderr
    assert snapshot(here / "redress.db") == before
    assert not elsewhere.exists()
    demo = here / "redress-demo"
    assert (demo / "redress.db").is_file() and (demo / "outbox").is_dir() and \
        (demo / "print").is_dir()
    assert (here / "second" / "redress.db").is_file()
    # what it suggests trying reads the demo's own database
    assert "redress --db sqlite:///redress-demo/redress.db --now 2026-12-16 case list " \
        "--overdue" in r.stdout
    # runner lines name the file where it is
    assert "written to redress-demo/outbox/2026-00001-c1-letter-1.eml" in r.stdout


def test_demo_run_twice_starts_afresh_and_says_so(tmp_path: Path) -> None:
    first = redress("demo", "--dir", "d", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = redress("demo", "--dir", "d", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "starting afresh: emptying d/, which an earlier demo made" in second.stdout
    assert "Overdue today: 2026-00003\n" in second.stdout  # not 2026-00003, 2026-00006
    r = redress("--db", "sqlite:///d/redress.db", "audit", "verify", cwd=tmp_path)
    assert r.returncode == 0 and "3 case(s)" in r.stdout, r.stdout


def test_demo_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    r = redress("demo", "--dir", "mine", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.startswith("error: --dir mine: the folder is not empty"), r.stderr
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_ctrl_c_stops_the_demo_at_once_with_exit_130(tmp_path: Path) -> None:
    with subprocess.Popen([REDRESS, "demo"], cwd=tmp_path, env=plain_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:
            if line.startswith("Case 2026-00001"):
                proc.send_signal(signal.SIGINT)
                break
        out = proc.stdout.read()
        err = proc.stderr.read()
        assert proc.wait(timeout=30) == 130, err
    assert "Traceback" not in err
    assert "error: redress demo interrupted" in err
    assert "Case 2026-00002" not in out and "Overdue today" not in out


# --- 2. letter files never overwrite each other ------------------------------------------


def office(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDRESS_CONFIG", LANDLORD_CONFIG)
    monkeypatch.setenv("REDRESS_DATABASE_URL", f"sqlite:///{folder / 'redress.db'}")


# Refs differing only in case are one case (issue 11 item 9), so a folded file name cannot
# come from them; "HB 1" and "hb_1" still map to one name on a case-folding filesystem.
@pytest.mark.parametrize("refs", [("HB/1", "HB_1"), ("HB 1", "hb_1")],
                         ids=["slash-and-underscore", "space-and-case"])
@pytest.mark.parametrize("channel", ["email", "post"])
def test_letter_files_of_two_cases_never_share_a_name(
        isolated: Path, monkeypatch: pytest.MonkeyPatch, refs: tuple[str, str],
        channel: str) -> None:
    office(isolated, monkeypatch)
    contact = ["--email", "a@example.org"] if channel == "email" else \
        ["--channel", "post", "--address", "1 Road, Town, AB1 2CD"]
    for i, ref in enumerate(refs):
        cli("--now", "2026-11-02", "case", "open", "--received", "2026-11-02",
            "--resident", f"Resident {i}", "--ref", ref, *contact)
        cli("--now", "2026-11-03T10:00", "case", "act", ref, "acknowledge", *ACK)
    out = cli("--now", "2026-11-03T10:05", "run", "--once")
    assert "2 sent" in out, out
    folder = isolated / ("outbox" if channel == "email" else "print")
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2, files
    if channel == "email":
        bodies = [(folder / f).read_text(encoding="utf-8") for f in files]
        assert sorted("Resident 0" in b for b in bodies) == [False, True]
    # where the filesystem folds case, the names still differ once folded
    assert len({f.casefold() for f in files}) == 2


def test_a_file_already_at_a_letters_name_is_never_overwritten(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office(isolated, monkeypatch)
    cli("--now", "2026-11-02", "case", "open", "--received", "2026-11-02", "--resident",
        "Ms A", "--email", "a@example.org", "--ref", "A1")
    cli("--now", "2026-11-03T10:00", "case", "act", "A1", "acknowledge", *ACK)
    taken = isolated / "outbox" / "A1-c1-letter-1.eml"
    taken.parent.mkdir()
    taken.write_bytes(b"someone else's file")
    out = cli("--now", "2026-11-03T10:05", "run", "--once")
    assert "1 failed" in out, out
    assert "already exists and holds something else; it was not overwritten" in out
    assert taken.read_bytes() == b"someone else's file"


# --- 6. the wrong folder is noticed -------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["case", "list"], ["case", "show", "2026-00001"], ["case", "history", "2026-00001"],
    ["audit", "verify"], ["alert", "list"], ["outbox", "list"],
    ["letter", "show", "2026-00001", "1"],
    ["case", "act", "2026-00001", "withdraw"],
], ids=lambda c: " ".join(c[:2]))
def test_a_command_in_a_folder_without_a_database_says_so_and_makes_none(
        tmp_path: Path, command: list[str]) -> None:
    r = redress(*command, cwd=tmp_path)
    assert (r.returncode, r.stderr) == (1, "error: no redress database at redress.db; run "
                                           "where it is or pass --db\n")
    assert list(tmp_path.iterdir()) == []


def test_another_programs_sqlite_file_is_never_written_to(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    r = redress("--db", f"sqlite:///{other}", "case", "open", "--received", "2026-11-02",
                "--resident", "Ms A", "--email", "a@example.org", cwd=tmp_path,
                REDRESS_CONFIG=LANDLORD_CONFIG)
    assert r.returncode == 1
    assert r.stderr == (f"error: {other} is not a redress database: it holds tables redress "
                        "did not make (photo); pass --db with a redress database or a new "
                        "file\n")
    with sqlite3.connect(other) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert tables == ["photo"]


def test_alert_seen_of_an_unknown_id_exits_1_and_marks_nothing(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office(isolated, monkeypatch)
    cli("--now", "2026-11-02", "case", "open", "--received", "2026-11-02", "--resident",
        "Ms A", "--email", "a@example.org")
    cli("--now", "2026-11-10", "run", "--once")  # the acknowledgement is overdue: alerts
    before = cli("alert", "list")
    assert before != "no open alerts\n"
    result = CliRunner().invoke(main, ["alert", "seen", "1", "999"])
    assert result.exit_code == 1
    assert "error: no alert with id 999; nothing was marked" in result.output
    assert cli("alert", "list") == before


# --- 5. arguments that do not decode -----------------------------------------------------


def test_an_argument_that_is_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    r = subprocess.run([REDRESS, "case", "open", "--received", "2026-11-02", "--resident",
                        b"Ms \xff".decode("utf-8", "surrogateescape"), "--email",
                        "a@example.org"], capture_output=True, cwd=tmp_path,
                       env=plain_env(REDRESS_CONFIG=LANDLORD_CONFIG))
    assert r.returncode == 1
    assert r.stderr.startswith(b"error: the value of --resident is not valid UTF-8 text")
    assert b"Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_environment_value_that_is_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    env = {k.encode(): v.encode("utf-8", "surrogateescape") for k, v in plain_env().items()}
    env[b"REDRESS_USER"] = b"j.sm\xffith"
    env[b"REDRESS_CONFIG"] = LANDLORD_CONFIG.encode()
    r = subprocess.run([REDRESS, "case", "open", "--received", "2026-11-02", "--resident",
                        "Ms A", "--email", "a@example.org"], capture_output=True, cwd=tmp_path,
                       env=env)
    assert r.returncode == 1
    assert list(tmp_path.iterdir()) == []
    assert r.stderr.startswith(b"error: $REDRESS_USER is not valid UTF-8 text"), r.stderr


# --- 7. words a complaints officer reads -------------------------------------------------


def opened(folder: Path, monkeypatch: pytest.MonkeyPatch, ref: str = "W1") -> str:
    office(folder, monkeypatch)
    cli("--now", "2026-11-02", "case", "open", "--received", "2026-11-02", "--resident",
        "Ms Alice Example", "--email", "a@example.org", "--ref", ref)
    return ref


def test_runner_lines_name_the_deadline_and_its_due_date_in_london_time(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = opened(isolated, monkeypatch)
    # the acknowledgement is due Mon 9 Nov; its breach fires at the end of that day
    out = cli("--now", "2026-11-10T09:30", "run", "--once")
    assert "2026-11-10 09:30:00 case W1: end of deadline: Acknowledge, define and log at " \
        "stage 1 due Mon 09 Nov 2026: breach recorded" in out, out
    assert "UTC" not in out and "of deadline 1" not in out
    # the handler (the last to act: "officer") has no address of their own, so the team's
    # address gets the breach once, not twice
    assert out.count("(breach) sent") == 1, out
    assert ref


def test_case_show_counts_working_days_and_says_extended_by(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = opened(isolated, monkeypatch)
    cli("--now", "2026-11-03T10:00", "case", "act", ref, "acknowledge", *ACK)
    cli("--now", "2026-11-10", "case", "act", ref, "extend", "--set", "working_days=5",
        "--set", "reason=A survey")
    shown = cli("--now", "2026-11-17", "case", "show", ref)
    # stage 1: due Tue 17 Nov + 5 working days = Tue 24 Nov; five working days from 17 Nov
    assert "received  Mon 02 Nov 2026" in shown
    line = next(x for x in shown.splitlines() if x.strip().startswith("stage1_response"))
    assert "due Tue 24 Nov 2026" in line and "pending, 5 working days left" in line, line
    assert line.endswith("Stage 1 response, extended by 5 working days"), line
    assert "wd)" not in shown


def test_a_closed_case_offers_no_outstanding_action_steps_unless_one_is_open(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = opened(isolated, monkeypatch)
    cli("--now", "2026-11-03T10:00", "case", "act", ref, "acknowledge", *ACK)
    cli("--now", "2026-11-10", "case", "act", ref, "respond", "--set", "decision=Upheld",
        *OUTCOME_ARGS, "--set", "reasons=Late", "--set", "remedy=£50",
        "--set", "outstanding_actions=none")
    cli("--now", "2026-11-10", "letter", "sent", ref, "2")
    cli("--now", "2026-11-11", "case", "act", ref, "close")
    shown = cli("--now", "2026-11-11", "case", "show", ref)
    (line,) = [x for x in shown.splitlines() if x.startswith("next actions:")]
    assert "record_action" not in line and "complete_action" not in line, line


def test_the_letter_greets_the_resident_by_title_and_surname(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = opened(isolated, monkeypatch)
    cli("--now", "2026-11-03T10:00", "case", "act", ref, "acknowledge", *ACK)
    text = cli("letter", "show", ref, "1")
    assert "\nMs Alice Example\n" in text  # the name in full, as given, in the address
    assert "\nDear Ms Example\n" in text


def test_case_list_json_says_letters_are_in_case_show(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    ref = opened(isolated, monkeypatch)
    cli("--now", "2026-11-03T10:00", "case", "act", ref, "acknowledge", *ACK)
    (listed,) = json.loads(cli("--now", "2026-11-03T10:00", "case", "list", "--json"))
    shown = json.loads(cli("--now", "2026-11-03T10:00", "case", "show", ref, "--json"))
    assert "letters" not in listed and len(shown["letters"]) == 1
    assert {k: v for k, v in shown.items() if k != "letters"} == listed


def test_help_reads_the_same_everywhere() -> None:
    top = cli("--help")
    assert "letter " in top and "letters " not in top  # one group, not two alike
    for command in (["case", "list"], ["case", "act"], ["run"]):
        shown = cli(*command, "--help")
        assert "--now DATETIME" in shown and "--config PATH" in shown and "--db URL" in shown
    act = cli("case", "act", "--help")
    assert "redress workflow show NAME" in " ".join(act.split())
    assert cli("letters", "check", "--help")  # the old spelling still works
