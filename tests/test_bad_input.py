"""Bad input, a row each: the exit code, the words the message must hold, and that nothing
was saved (every table of the database, and the folder, as they were).

Each row runs one command against the same case: 2026-00001, received Mon 2 Nov 2026 and
acknowledged Tue 3 Nov (letter 1 queued), at stage 1, with the clock at Wed 4 Nov. The
config is tests/landlord.toml unless the row writes its own.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from redress.cli import main
from support import LANDLORD_CONFIG

REF = "2026-00001"
NOW = "2026-11-04"
ACK = ["--set", "complaint_definition=Damp", "--set", "outcomes_sought=Repair",
       "--set", "responsibility=The walls are ours"]
OPEN = ["case", "open", "--received", "2026-11-02"]
GOOD_OPEN = [*OPEN, "--resident", "Ms B", "--email", "b@example.org"]
EXTEND = ["case", "act", REF, "extend", "--set", "reason=A survey is booked"]
RESPOND = ["case", "act", REF, "respond", "--set", "decision=Upheld", "--set", "remedy=£50",
           "--set", "outstanding_actions=none"]
LANDLORD = ('[landlord]\nname = "Test Homes"\naddress = ["1 Test Street", "Testtown"]\n'
            'complaints_email = "complaints@test-homes.example"\nsignatory_role = "Team"\n')
BIG = 1_000_000  # characters in the big --set-file (the was 50 MB)


@dataclass(frozen=True)
class Row:
    args: list[str]
    code: int
    words: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    config: str | None = None  # the text of a config file the row uses instead
    files: dict[str, bytes] = field(default_factory=dict)  # files the row's command reads


def resident(value: str) -> list[str]:
    return [*OPEN, "--resident", value, "--email", "b@example.org"]


def extend_by(days: str, *more: str) -> list[str]:
    return [*EXTEND, "--set", f"working_days={days}", *more]


ROWS: dict[str, Row] = {
    # an extension's length
    "extend-100000-with-good-reason": Row(
        extend_by("100000", "--set", "good_reason=Contractor"), 1,
        ("100000 working days", "more than redress allows (60", "(Code 6.4)")),
    "extend-61-with-good-reason": Row(
        extend_by("61", "--set", "good_reason=Contractor"), 1, ("61 working days", "(60")),
    "extend-past-the-cap-without-good-reason": Row(
        extend_by("11"), 1, ("11 working days in all is more than 10", "good_reason")),
    "extend-arabic-indic-five": Row(extend_by("\u0665"), 1, ("working_days", "digits 0-9")),
    "extend-fullwidth-five": Row(extend_by("\uff15"), 1, ("working_days", "digits 0-9")),
    "extend-minus-five": Row(extend_by("-5"), 1, ("working_days", "digits 0-9")),
    "extend-zero": Row(extend_by("0"), 1, ("working_days", "positive whole number")),
    "extend-words": Row(extend_by("five"), 1, ("working_days", "digits 0-9")),
    "agree-updates-arabic-indic-three": Row(
        ["case", "act", REF, "agree_updates", "--set", "update_every=\u0663"], 1,
        ("update_every", "whole number")),
    # a field given twice
    "set-twice": Row(extend_by("5", "--set", "working_days=7"), 1,
                     ("field working_days is given more than once",)),
    "set-and-set-file": Row([*extend_by("5"), "--set-file", "reason=reason.txt"], 1,
                            ("field reason is given more than once",),
                            files={"reason.txt": b"From a file"}),
    # email addresses
    "email-not-an-address": Row([*OPEN, "--resident", "Ms B", "--email", "not-an-email"], 1,
                                ("--email must be one valid email address",)),
    "email-two-addresses": Row([*OPEN, "--resident", "Ms B", "--email",
                                "a@example.org, b@example.org"], 1, ("--email", "one valid")),
    "email-with-a-name": Row([*OPEN, "--resident", "Ms B", "--email", "B <b@example.org>"], 1,
                             ("--email", "one valid")),
    "contact-email-not-an-address": Row(["case", "contact", REF, "--email", "nope"], 1,
                                        ("--email must be one valid email address",)),
    # sizes
    "set-file-of-a-megabyte": Row([*extend_by("5"), "--set-file", "good_reason=big.txt"], 1,
                                  ("--set-file good_reason", "larger than a field may be"),
                                  files={"big.txt": b"a" * BIG}),
    "set-of-20001-characters": Row(extend_by("5", "--set", "good_reason=" + "a" * 20_001), 1,
                                   ("field good_reason is too long", "at most 20000",
                                    "[limits]")),
    "resident-of-201-characters": Row(resident("A" * 201), 1,
                                      ("--resident is too long", "at most 200")),
    "by-of-201-characters": Row([*extend_by("5"), "--by", "j" * 201], 1,
                                ("--by is too long",)),
    "summary-of-1001-characters": Row([*GOOD_OPEN, "--summary", "s" * 1001], 1,
                                      ("--summary is too long", "at most 1000")),
    "limit-from-the-config": Row(resident("Ms Bartholomew"), 1,
                                 ("--resident is too long", "at most 10"),
                                 config=LANDLORD + "[limits]\nname = 10\n"),
    "set-file-missing": Row([*extend_by("5"), "--set-file", "good_reason=nowhere.txt"], 1,
                            ("--set-file good_reason: cannot read nowhere.txt",)),
    "set-file-not-utf8": Row([*extend_by("5"), "--set-file", "good_reason=latin1.txt"], 1,
                             ("--set-file good_reason: cannot read latin1.txt",),
                             files={"latin1.txt": "Caf\u00e9".encode("latin-1")}),
    # control and format characters, by field
    "resident-esc": Row(resident("Ms \x1b[31mA"), 1, ("--resident", "U+001B ESC")),
    "resident-bel": Row(resident("Ms \x07A"), 1, ("--resident", "U+0007 BEL")),
    "resident-right-to-left-override": Row(resident("Ms \u202eA"), 1,
                                           ("--resident", "U+202E RIGHT-TO-LEFT OVERRIDE")),
    "resident-zero-width-space": Row(resident("Ms\u200bA"), 1,
                                     ("--resident", "U+200B ZERO WIDTH SPACE")),
    "resident-nul": Row(resident("Ms \x00A"), 1, ("--resident", "U+0000 NUL")),
    "resident-line-separator": Row(resident("Ms A\u2028Bcc: x@example.org"), 1,
                                   ("--resident must be one line",)),
    "ref-zero-width-space": Row([*GOOD_OPEN, "--ref", "WEB\u200b1"], 1,
                                ("--ref", "U+200B")),
    "summary-line-feed": Row([*GOOD_OPEN, "--summary", "one\ntwo"], 1,
                             ("--summary must be one line",)),
    "address-bel": Row([*OPEN, "--resident", "Ms B", "--channel", "post", "--address",
                        "1 Road\x07, Town"], 1, ("--address", "U+0007 BEL")),
    "by-forging-a-history-line": Row([*extend_by("5"), "--by", "j.smith\nroot"], 1,
                                     ("--by must be one line", "line of the record")),
    "by-esc": Row([*extend_by("5"), "--by", "j.smith\x1b[2K"], 1, ("--by", "U+001B ESC")),
    "redress-user-line-feed": Row(extend_by("5"), 1, ("$REDRESS_USER must be one line",),
                                  env={"REDRESS_USER": "j.smith\nroot"}),
    "field-esc-in-letter-text": Row(extend_by("5", "--set", "good_reason=a\x1bb"), 1,
                                    ("field good_reason", "U+001B ESC",
                                     "only line feeds and tabs")),
    "field-paragraph-separator": Row(extend_by("5", "--set", "good_reason=a\u2029b"), 1,
                                     ("field good_reason", "U+2029")),
    "field-nul-from-a-file": Row([*RESPOND, "--set-file", "reasons=nul.txt"], 1,
                                 ("field reasons", "U+0000 NUL"),
                                 files={"nul.txt": b"We were late\x00 again"}),
    "withdraw-note-esc": Row(["letter", "withdraw", REF, "1", "--note", "oops\x1b"], 1,
                             ("--note", "U+001B ESC")),
    "outbox-resolve-note-nul": Row(["outbox", "resolve", "1", "--as", "failed", "--note",
                                    "x\x00"], 1, ("--note", "U+0000 NUL")),
    # dates and workflows
    "received-before-the-workflow": Row([*GOOD_OPEN[:2], "--received", "2019-01-01",
                                         *GOOD_OPEN[4:], "--workflow", "chc-2024"], 1,
                                        ("received on 2019-01-01", "before chc-2024 took "
                                         "effect (2024-04-01)", "--allow-before-effective")),
    "now-in-arabic-indic-digits": Row(["--now", "\u0662\u0660\u0662\u0666-11-04",
                                       *extend_by("5")], 1, ("--now", "must be a date")),
    # arguments that do not decode
    "resident-not-utf8": Row(resident(b"Ms \xff".decode("utf-8", "surrogateescape")), 1,
                             ("the value of --resident is not valid UTF-8",)),
    # numbers in ids
    "alert-seen-unknown": Row(["alert", "seen", "999"], 1, ("no alert with id 999",)),
    "alert-seen-arabic-indic-id": Row(["alert", "seen", "\u0661"], 2, ("digits 0-9",)),
    "due-within-arabic-indic": Row(["case", "list", "--due-within", "\u0663"], 2,
                                   ("digits 0-9",)),
    # the config file
    "config-unknown-runner-key": Row(extend_by("5"), 1, ("unknown key 'poll_secs' in [runner]",
                                                         "did you mean 'poll_seconds'"),
                                     config=LANDLORD + "[runner]\npoll_secs = 5\n"),
    "config-unknown-landlord-key": Row(extend_by("5"), 1, ("unknown key 'nmae' in [landlord]",
                                                           "did you mean 'name'"),
                                       config=LANDLORD + "nmae = 'x'\n"),
    "config-unknown-section": Row(extend_by("5"), 1, ("unknown section [runer]",
                                                      "did you mean 'runner'"),
                                  config=LANDLORD + "[runer]\npoll_seconds = 5\n"),
    "config-address-a-number": Row(extend_by("5"), 1, ("landlord.address must be a list of "
                                                       "lines", "got: 5"),
                                   config=LANDLORD.replace('["1 Test Street", "Testtown"]',
                                                           "5")),
    "config-landlord-name-esc": Row(extend_by("5"), 1, ("landlord.name", "U+001B ESC"),
                                    config=LANDLORD.replace("Test Homes", "Test\\u001bHomes")),
    "config-team-not-an-email": Row(extend_by("5"), 1, ("alerts.team must be one valid email",),
                                    config=LANDLORD + "[alerts]\nteam = 'the team'\n"),
    "config-templates-missing": Row(extend_by("5"), 1, ("letters.templates",
                                                        "'my-templates' does not exist"),
                                    config=LANDLORD + "[letters]\ntemplates = ['my-templates']\n"),
    "config-workflows-missing": Row(extend_by("5"), 1, ("workflows.paths", "does not exist"),
                                    config=LANDLORD + "[workflows]\npaths = ['nowhere']\n"),
    "config-attempts-text": Row(extend_by("5"), 1, ("mail.max_attempts must be a whole number",),
                                config=LANDLORD + "[mail]\nmax_attempts = '8'\n"),
    "config-tls-text": Row(extend_by("5"), 1, ("smtp.tls must be true or false",),
                           config=LANDLORD + "[smtp]\ntls = 'yes'\n"),
    "config-limit-zero": Row(extend_by("5"), 1, ("limits.text must be a whole number of at "
                                                 "least 1",),
                             config=LANDLORD + "[limits]\ntext = 0\n"),
    "config-table-a-value": Row(extend_by("5"), 1, ("[runner] must be a table",),
                                config="runner = 5\n" + LANDLORD),
}


def dump(db: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = [(t, [tuple(r) for r in conn.execute(f'SELECT * FROM "{t}"')]) for t in tables]
    conn.close()
    return out


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with the case every row acts on."""
    folder = tmp_path_factory.mktemp("prepared")
    env = {"REDRESS_DATABASE_URL": f"sqlite:///{folder / 'redress.db'}",
           "REDRESS_CONFIG": LANDLORD_CONFIG, "REDRESS_USER": "officer"}
    for args in ([*GOOD_OPEN[:4], "--resident", "Ms A", "--email", "a@example.org"],
                 ["case", "act", REF, "acknowledge", *ACK]):
        now = "2026-11-02" if args[1] == "open" else "2026-11-03T10:00"
        r = CliRunner().invoke(main, ["--now", now, *args], env=env)
        assert r.exit_code == 0, r.output
    return folder / "redress.db"


@pytest.fixture
def office(prepared: Path, isolated: Path) -> Iterator[Path]:
    shutil.copy(prepared, isolated / "redress.db")
    yield isolated


@pytest.mark.parametrize("row", list(ROWS.values()), ids=list(ROWS))
def test_bad_input_is_refused_plainly_and_nothing_is_saved(office: Path, row: Row) -> None:
    for name, data in row.files.items():
        (office / name).write_bytes(data)
    config = LANDLORD_CONFIG
    if row.config is not None:
        (office / "bad.toml").write_text(row.config, encoding="utf-8")
        config = str(office / "bad.toml")
    before = dump(office / "redress.db")
    files = sorted(p.name for p in office.iterdir())
    env = {"REDRESS_DATABASE_URL": "sqlite:///redress.db", "REDRESS_CONFIG": config,
           "REDRESS_USER": "officer", "REDRESS_NOW": NOW, **row.env}
    result = CliRunner().invoke(main, row.args, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert result.exit_code == row.code, result.output
    message = result.output
    assert "Traceback" not in message
    assert message.startswith("error: ") or "Error: " in message, message
    for words in row.words:
        assert words in message, message
    assert dump(office / "redress.db") == before
    assert sorted(p.name for p in office.iterdir()) == files


def test_there_are_at_least_forty_rows() -> None:
    assert len(ROWS) >= 40


def test_a_config_file_with_a_byte_order_mark_is_read(office: Path) -> None:
    (office / "bom.toml").write_bytes("\ufeff".encode() + LANDLORD.encode())
    env = {"REDRESS_DATABASE_URL": "sqlite:///redress.db",
           "REDRESS_CONFIG": str(office / "bom.toml"), "REDRESS_NOW": NOW}
    result = CliRunner().invoke(main, ["case", "show", REF], env=env)
    assert result.exit_code == 0, result.output


def test_an_extension_within_the_maximum_with_a_good_reason_is_taken(office: Path) -> None:
    env = {"REDRESS_DATABASE_URL": "sqlite:///redress.db", "REDRESS_CONFIG": LANDLORD_CONFIG,
           "REDRESS_NOW": NOW}
    result = CliRunner().invoke(main, extend_by("60", "--set", "good_reason=Contractor"),
                                env=env)
    assert result.exit_code == 0, result.output


def test_nul_is_refused_naming_the_field_on_either_database(desk: Any, clock: Any) -> None:
    """On PostgreSQL a NUL reached the driver and failed naming no field; on SQLite it was
    stored. Both are refused before the database, naming the field."""
    from redress.engine import InvalidInput

    case = desk.open_case(received_at=clock.now, resident="Ms A", actor="officer",
                          email="a@example.org", workflow="chc-2024")
    fields = {"complaint_definition": "Damp\x00", "outcomes_sought": "Repair",
              "responsibility": "Ours"}
    with pytest.raises(InvalidInput, match=r"field complaint_definition contains .*U\+0000 NUL"):
        desk.act(case.ref, "acknowledge", fields, "officer")
    with pytest.raises(InvalidInput, match=r"--resident contains .*U\+0000 NUL"):
        desk.open_case(received_at=clock.now, resident="Ms\x00B", actor="officer",
                       email="b@example.org", workflow="chc-2024")
    assert [c.ref for c in desk.cases()] == [case.ref]
    assert [e["action"] for e in desk.store.events(case.ref)] == ["open"]
