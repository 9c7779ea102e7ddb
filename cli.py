"""The `redress` command: parse, call the engine, print text or --json.

Imports are deferred to the command that needs them, so that read-only commands start
quickly. Every expected failure is an EngineError, printed as one plain line with exit
code 1 (2 for usage errors); no traceback reaches a user for those.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from redress.engine import Case, Config, Desk, Registry, WorkflowDefinition
    from redress.engine.store import Fetch

DEFAULT_DB = "sqlite:///redress.db"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Settings:
    db: str
    now_text: str | None
    config_path: str | None
    _desk: Desk | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            from redress.engine import load_config

            self._config = load_config(self.config_path)
        return self._config

    def now(self) -> datetime:
        from redress.engine.cases import parse_instant, system_clock

        return parse_instant(self.now_text, "--now") if self.now_text else system_clock()

    def clock(self) -> Callable[[], datetime]:
        from redress.engine.cases import fixed_clock, system_clock

        return fixed_clock(self.now()) if self.now_text else system_clock

    def close(self) -> None:
        if self._desk is not None:
            self._desk.store.close()
            self._desk = None

    def registry(self) -> Registry:
        from redress.engine import Registry

        return Registry(self.config.workflow_dirs)

    def desk(self) -> Desk:
        if self._desk is None:
            from redress.engine import Desk

            self._desk = Desk.open(self.db, self.config, self.clock())
        return self._desk

    @contextmanager
    def reading(self) -> Iterator[Fetch]:
        """A read-only view: the standard library's sqlite3 when it can, else the store."""
        from redress.engine.store import sqlite_path, sqlite_reader

        _ = self.config  # a bad --config is reported whichever path reads
        path = sqlite_path(self.db)
        if path and Path(path).is_file():
            with sqlite_reader(path) as fetch:
                if fetch is not None:
                    yield fetch
                    return
        with self.desk().store.reading() as fetch:
            yield fetch


def _actor(by: str | None) -> str:
    if by:
        return by
    env = os.environ.get("REDRESS_USER")
    if env:
        return env
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class RedressGroup(click.Group):
    """Turns the engine's expected errors into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from redress.engine._errors import EngineError

        try:
            return super().invoke(ctx)
        except EngineError as exc:
            raise _Failure(str(exc), exc.exit_code) from None


class _Failure(click.ClickException):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


DB_HELP = "Database URL: sqlite:///FILE or postgresql://USER@HOST/DB."
NOW_HELP = "Fix the clock (a date alone means 09:00 Europe/London)."
CONFIG_HELP = "Configuration file (default: $REDRESS_CONFIG or ./redress.toml)."


def _override(attr: str) -> Callable[[click.Context, click.Parameter, str | None], None]:
    def store(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            setattr(ctx.find_object(Settings), attr, value)

    return store


def global_options(f: F) -> F:
    """Let --db, --now and --config also follow the command (`case list --now DATE`)."""
    for name, attr, help_text in (("--config", "config_path", CONFIG_HELP),
                                  ("--now", "now_text", NOW_HELP), ("--db", "db", DB_HELP)):
        f = click.option(name, expose_value=False, callback=_override(attr), help=help_text,
                         metavar=name.strip("-").upper() if name != "--db" else "URL")(f)
    return f


@click.group(cls=RedressGroup)
@click.option("--db", envvar="REDRESS_DATABASE_URL", default=DEFAULT_DB, show_default=True,
              help=DB_HELP)
@click.option("--now", "now_text", envvar="REDRESS_NOW", metavar="DATETIME", help=NOW_HELP)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH",
              help=CONFIG_HELP)
@click.version_option(package_name="redress")
@click.pass_context
def main(ctx: click.Context, db: str, now_text: str | None, config_path: str | None) -> None:
    """redress: complaint handling to the Housing Ombudsman's Complaint Handling Code."""
    ctx.obj = settings = Settings(db, now_text, config_path)
    ctx.call_on_close(settings.close)


# --- cases ------------------------------------------------------------------------------


@main.group(cls=RedressGroup)
def case() -> None:
    """Open, advance and inspect complaints."""


@case.command("open")
@click.option("--received", required=True, metavar="DATE",
              help="When the complaint was received (date, or date-time).")
@click.option("--resident", required=True, help="The resident's name.")
@click.option("--workflow", metavar="NAME", help="Workflow name or file (default: the Code "
              "edition in force on the received date).")
@click.option("--email", metavar="ADDR", help="The resident's email address.")
@click.option("--channel", type=click.Choice(["email", "post"]), default=None,
              help="How letters reach the resident (default: email if --email is given).")
@click.option("--summary", default="", help="A short description of the complaint.")
@click.option("--address", default="", metavar="TEXT", help="The resident's postal address "
              "(lines separated by commas); needed when the channel is post.")
@click.option("--large-print", is_flag=True, help="Record the reasonable adjustment that "
              "letters go in large print (2024 Code 5.10).")
@click.option("--ref", metavar="REF", help="Use this reference (e.g. an external id) "
              "instead of a generated one; a second case with it is refused.")
@click.option("--by", metavar="HANDLER", help="Who is recording it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def case_open(s: Settings, received: str, resident: str, workflow: str | None,
              email: str | None, channel: str | None, summary: str, address: str,
              large_print: bool, ref: str | None, by: str | None) -> None:
    """Open a complaint and print its reference."""
    from redress.engine.cases import parse_instant

    desk = s.desk()
    new = desk.open_case(
        received_at=parse_instant(received, "--received"), resident=resident,
        actor=_actor(by), workflow=workflow, email=email,
        channel=channel or ("email" if email else "post"), summary=summary, ref=ref,
        address=address, adjustments={"large_print": "yes"} if large_print else None,
    )  # fmt: skip
    click.echo(new.ref)
    notice = desk.standing(workflow).notice if workflow else None
    if notice:
        click.echo(f"notice: case {new.ref} runs on {new.workflow}: {notice}", err=True)


@case.command("act")
@click.argument("ref")
@click.argument("action")
@click.option("--by", metavar="HANDLER", help="Who acts (default: $REDRESS_USER).")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help="A field value.")
@click.option("--set-file", "set_files", multiple=True, metavar="FIELD=PATH",
              help="A field value read from a text file.")
@click.option("--set-action", "promised", multiple=True, metavar="WHAT|DATE",
              help="An outstanding action the response promises, and the date it will be "
              "done by (repeat for each); tracked until done.")
@click.option("--json", "as_json", is_flag=True, help="Print the case as JSON afterwards.")
@global_options
@click.pass_obj
def case_act(s: Settings, ref: str, action: str, by: str | None, sets: tuple[str, ...],
             set_files: tuple[str, ...], promised: tuple[str, ...], as_json: bool) -> None:
    """Perform ACTION on case REF at the clock's time."""
    from redress.engine.store import case_dict, deadline_lines

    fields = _parse_fields(sets, set_files)
    if promised:
        if "outstanding_actions" in fields:
            from redress.engine import InvalidInput

            raise InvalidInput("give outstanding actions either with --set-action or with "
                               "--set outstanding_actions=none, not both")
        fields["outstanding_actions"] = "\n".join(promised)
    desk = s.desk()
    decision, letters = desk.act_with_letters(ref, action, fields, _actor(by))
    defn = desk.store.definition(decision.case.digest)
    if as_json:
        _dump(case_dict(decision.case, defn, desk.clock(), desk.store.letters(ref)))
        return
    moved = decision.event
    click.echo(f"{ref}: {action} done; {moved.from_state} -> {moved.to_state}")
    for line in deadline_lines(decision.case, defn, desk.clock()):
        click.echo(line)
    for ltr in letters:
        click.echo(f"  letter {ltr.seq}: {ltr.kind} ({ltr.channel}, {ltr.dispatch}) - "
                   f"redress letter show {ref} {ltr.seq}")


@case.command("contact")
@click.argument("ref")
@click.option("--email", metavar="ADDR", help="New email address.")
@click.option("--address", metavar="TEXT", help="New postal address (lines separated by "
              "commas).")
@click.option("--channel", type=click.Choice(["email", "post"]), help="How letters reach "
              "the resident.")
@click.option("--large-print/--no-large-print", default=None,
              help="Record (or end) the large-print adjustment (2024 Code 5.10).")
@click.option("--adjustment-note", metavar="TEXT", help="Any other adjustment agreed or "
              "disability disclosed, in words (an empty value removes it).")
@click.option("--by", metavar="HANDLER", help="Who records it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def case_contact(s: Settings, ref: str, email: str | None, address: str | None,
                 channel: str | None, large_print: bool | None, adjustment_note: str | None,
                 by: str | None) -> None:
    """Record contact details and reasonable adjustments; each change is audited."""
    adjustments: dict[str, str] = {}
    if large_print is not None:
        adjustments["large_print"] = "yes" if large_print else ""
    if adjustment_note is not None:
        adjustments["note"] = adjustment_note
    decision = s.desk().contact(ref, _actor(by), email=email, address=address,
                                channel=channel, adjustments=adjustments)
    changed = ", ".join(f"{k}: {v or '(removed)'}" for k, v in decision.event.fields.items())
    click.echo(f"{ref}: recorded {changed}")


def _parse_fields(sets: tuple[str, ...], set_files: tuple[str, ...]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in sets:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise click.UsageError(f"--set takes FIELD=VALUE, got: {item!r}")
        fields[name.strip()] = value
    for item in set_files:
        name, eq, path = item.partition("=")
        if not eq or not name.strip():
            raise click.UsageError(f"--set-file takes FIELD=PATH, got: {item!r}")
        try:
            fields[name.strip()] = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            from redress.engine import InvalidInput

            raise InvalidInput(f"--set-file {name}: cannot read {path}: "
                               f"{getattr(exc, 'strerror', None) or exc}") from None
    return fields


def _definition(fetch: Fetch, digest: str, cache: dict[str, WorkflowDefinition]
                ) -> WorkflowDefinition:
    if digest not in cache:
        from redress.engine import from_resolved
        from redress.engine.store import resolved_definition

        cache[digest] = from_resolved(resolved_definition(fetch, digest))
    return cache[digest]


@case.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@click.pass_obj
def case_show(s: Settings, ref: str, as_json: bool) -> None:
    """Show a case: state, deadlines (with whether each was met) and next actions."""
    from redress.engine.store import case_dict, case_text, letters_of, load_case

    now = s.now()
    with s.reading() as fetch:
        case_id, found, _ = load_case(fetch, ref)
        defn = _definition(fetch, found.digest, {})
        letters = letters_of(fetch, case_id)
    if as_json:
        _dump(case_dict(found, defn, now, letters))
    else:
        click.echo(case_text(found, defn, now, letters))


@case.command("list")
@click.option("--state", metavar="S", help="Only cases in this state.")
@click.option("--overdue", is_flag=True, help="Only cases with an overdue deadline.")
@click.option("--due-within", type=click.IntRange(min=0), metavar="N",
              help="Only cases with a pending deadline due within N days.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@click.pass_obj
def case_list(s: Settings, state: str | None, overdue: bool, due_within: int | None,
              as_json: bool) -> None:
    """List cases, oldest first."""
    from redress.engine.store import case_dict, find_cases

    now = s.now()
    cache: dict[str, WorkflowDefinition] = {}
    with s.reading() as fetch:
        if state:
            _check_state(fetch, state)
        found = find_cases(fetch, now, state=state, overdue=overdue, due_within=due_within)
        defs = {c.digest: _definition(fetch, c.digest, cache) for c in found}
    if as_json:
        _dump([case_dict(c, defs[c.digest], now) for c in found])
        return
    if not found:
        click.echo("no cases")
    for c in found:
        click.echo(_list_line(c, now))


def _check_state(fetch: Fetch, state: str) -> None:
    """A state no stored workflow has is a typo, not an empty list."""
    from redress.engine import InvalidInput
    from redress.engine._text import did_you_mean

    known: set[str] = set()
    for row in fetch("SELECT resolved FROM workflow_definition", {}):
        known.update(json.loads(row["resolved"]).get("states", {}))
    if known and state not in known:
        raise InvalidInput(f"no workflow in use has a state {state!r}"
                           f"{did_you_mean(state, sorted(known))}; states: "
                           f"{', '.join(sorted(known))}")


def _list_line(c: Case, now: datetime) -> str:
    live = [d for d in c.deadlines if d.status == "pending"]
    nxt = min(live, key=lambda d: d.due) if live else None
    due = f"{nxt.name} due {nxt.due} ({nxt.status_at(now)})" if nxt else "no pending deadline"
    return f"{c.ref:<14} {c.state:<18} {c.received}  {c.resident[:24]:<24} {due}"


@case.command("history")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@click.pass_obj
def case_history(s: Settings, ref: str, as_json: bool) -> None:
    """The case's audit trail, oldest first."""
    from redress.engine.store import (
        event_dict,
        events_of,
        history_text,
        letter_dict,
        letters_of,
        load_case,
    )

    with s.reading() as fetch:
        case_id, _, _ = load_case(fetch, ref)
        rows = events_of(fetch, case_id)
        letters = letters_of(fetch, case_id)
    if as_json:
        out = []
        for r in rows:
            e = event_dict(r)
            e["letters"] = [letter_dict(x) for x in letters if x["event_seq"] == r["seq"]]
            out.append(e)
        _dump(out)
    else:
        click.echo(history_text(rows, letters))


# --- workflows --------------------------------------------------------------------------


@main.group(cls=RedressGroup)
def workflow() -> None:
    """List, show and check workflow definitions."""


@workflow.command("list")
@global_options
@click.pass_obj
def workflow_list(s: Settings) -> None:
    """Workflows available by name (your folders first, then the bundled ones)."""
    from redress.engine import DefinitionError

    reg = s.registry()
    broken = 0
    for name in reg.names():
        try:
            defn = reg.load(name)
        except DefinitionError as exc:
            broken += 1
            click.echo(f"{name:<16} INVALID: {exc.problems[0]}")
            continue
        base = f" (extends {defn.extends})" if defn.extends else ""
        click.echo(f"{name:<16} from {defn.effective_from}  {defn.title}{base}")
    if broken:
        sys.exit(1)


@workflow.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the resolved definition.")
@global_options
@click.pass_obj
def workflow_show(s: Settings, name: str, as_json: bool) -> None:
    """Stages, actions and timers of a workflow, with the provisions behind them."""
    from redress.engine.store import workflow_text

    defn = s.registry().load(name)
    if as_json:
        _dump(json.loads(json.dumps(dict(defn.resolved), default=str)))
    else:
        click.echo(workflow_text(defn))


@workflow.command("check")
@click.argument("file")
@click.option("--against", metavar="NAME", help="Code baseline to compare with "
              "(default: what the file extends).")
@global_options
@click.pass_obj
def workflow_check(s: Settings, file: str, against: str | None) -> None:
    """List every way FILE is looser than the Code; exit 1 if there is any."""
    from redress.engine import check_against
    from redress.engine.workflow import baseline_name

    reg = s.registry()
    defn, doc = reg.load_with_source(file)
    base_name = against or baseline_name(defn, reg)
    findings = check_against(defn, doc, reg.load(base_name))
    if not findings:
        click.echo(f"{file}: no looser than {base_name}")
        return
    for f in findings:
        click.echo(str(f))
    click.echo(f"{len(findings)} way{'s' if len(findings) != 1 else ''} looser than {base_name}",
               err=True)
    sys.exit(1)


# --- letters ---------------------------------------------------------------------------


@main.group(cls=RedressGroup)
def letter() -> None:
    """Show stored letters, preview a letter, check every template."""


main.add_command(letter, "letters")


def _emit(content: str | bytes, out: str | None) -> None:
    if out:
        try:
            if isinstance(content, bytes):
                Path(out).write_bytes(content)
            else:
                Path(out).write_text(content, encoding="utf-8")
        except OSError as exc:
            from redress.engine import InvalidInput

            raise InvalidInput(f"--out {out}: {exc.strerror or exc}") from None
        click.echo(f"wrote {out}", err=True)
    elif isinstance(content, bytes):
        if sys.stdout.isatty():
            raise click.UsageError("a PDF is binary: give --out FILE or redirect the output")
        sys.stdout.buffer.write(content)
    else:
        click.echo(content, nl=False)


FORMAT = click.Choice(["text", "html", "pdf"])
SHOW_FORMAT = click.Choice(["text", "html", "pdf", "eml"])


@letter.command("show")
@click.argument("ref")
@click.argument("number", type=int, metavar="ID")
@click.option("--format", "fmt", type=SHOW_FORMAT, default="text", show_default=True,
              help="eml: the email as sent (multipart: plain text and HTML).")
@click.option("--out", metavar="FILE", help="Write to FILE instead of standard output.")
@global_options
@click.pass_obj
def letter_show(s: Settings, ref: str, number: int, fmt: str, out: str | None) -> None:
    """Reproduce letter ID of case REF exactly as it was produced."""
    from redress.engine.cases import instant
    from redress.engine.runner import sent_message
    from redress.engine.store import letter_of, load_case

    with s.reading() as fetch:
        case_id, found, _ = load_case(fetch, ref)
        row = letter_of(fetch, ref, case_id, number)
        sent = sent_message(fetch, case_id, number) if fmt == "eml" else None
        defn = _definition(fetch, found.digest, {}) if fmt == "eml" and sent is None else None
    if sent is not None:  # the exact bytes the outbox sends
        _emit(sent.decode("utf-8", errors="replace"), out)
    elif defn is not None:
        from redress.engine.letters import LetterSettings, landlord_of, letter_email
        from redress.engine.runner import MailSettings

        landlord = landlord_of(defn, LetterSettings.from_config(s.config))
        # the sender exactly as the runner chooses it, so the Message-ID matches too
        mail = MailSettings.from_config(s.config)
        msg = letter_email(row, ref=ref, resident=found.resident,
                           from_name=str(landlord["name"]),
                           from_address=mail.from_address or str(landlord["complaints_email"]))
        _emit(msg.as_string(), out)
    elif fmt == "pdf":
        from redress.engine.letters import letter_pdf

        created = instant(row["created_at"])
        assert created is not None
        _emit(letter_pdf(row["text"], row["subject"], created,
                         large_print=bool(row["large_print"])), out)
    else:
        _emit(row["text"] if fmt == "text" else row["html"], out)


@letter.command("preview")
@click.argument("ref")
@click.argument("kind")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="A field value to preview with (not saved).")
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.option("--out", metavar="FILE", help="Write to FILE instead of standard output.")
@global_options
@click.pass_obj
def letter_preview(s: Settings, ref: str, kind: str, sets: tuple[str, ...], fmt: str,
                   out: str | None) -> None:
    """Render letter KIND for case REF as it stands, verified but not stored."""
    found = s.desk().preview(ref, kind, _parse_fields(sets, ()))
    if fmt == "pdf":
        from redress.engine.letters import letter_pdf

        _emit(letter_pdf(found.text, found.subject, found.created_at,
                         large_print=found.large_print), out)
    else:
        _emit(found.text if fmt == "text" else found.html, out)


@letter.command("check")
@click.argument("workflows", nargs=-1, metavar="[WORKFLOW]...")
@click.option("--show", "show_kind", metavar="KIND", help="Also print this letter as rendered.")
@global_options
@click.pass_obj
def letter_check(s: Settings, workflows: tuple[str, ...], show_kind: str | None) -> None:
    """Render every letter of every workflow (or those named) with sample data, verify
    each mandatory element and score its plain language; exit 1 on any failure."""
    from redress.engine import WorkingCalendar
    from redress.engine.letters import MIN_READING_EASE, LetterSettings, check_workflow

    reg = s.registry()
    settings = LetterSettings.from_config(s.config)
    calendar = WorkingCalendar(s.config.closures)
    failed = total = 0
    for name in workflows or tuple(reg.names()):
        defn = reg.load(name)
        for c in check_workflow(defn, settings, calendar, s.now()):
            total += 1
            if c.problem is not None:
                failed += 1
                click.echo(f"FAIL {c.workflow:<14} {c.kind:<26} {c.problem}")
                continue
            assert c.score is not None and c.letter is not None
            verdict = "ok  " if c.ok else "FAIL"
            failed += not c.ok
            low = "" if c.ok else f" (below {MIN_READING_EASE:.0f})"
            click.echo(f"{verdict} {c.workflow:<14} {c.kind:<26} reading ease {c.score:5.1f}"
                       f"{low}  {c.letter.template}")
            if show_kind == c.kind:
                click.echo(c.letter.text)
    click.echo(f"{total - failed} of {total} letters verified and plain (Flesch reading "
               f"ease >= {MIN_READING_EASE:.0f})", err=True)
    if failed:
        sys.exit(1)


# --- audit, database, demo ---------------------------------------------------------------


@main.group(cls=RedressGroup)
def audit() -> None:
    """Check the audit trail."""


@audit.command("verify")
@click.argument("ref", required=False)
@global_options
@click.pass_obj
def audit_verify(s: Settings, ref: str | None) -> None:
    """Recompute every case's hash chain; exit 1 if any event was edited or deleted."""
    checked, faults = s.desk().store.verify_audit(ref)
    for f in faults:
        click.echo(f)
    if faults:
        click.echo(f"audit trail damaged: {len(faults)} fault(s) in {checked} case(s)", err=True)
        sys.exit(1)
    click.echo(f"audit trail intact: {checked} case(s) checked")


@main.group(cls=RedressGroup)
def db() -> None:
    """Database administration."""


@db.command("upgrade")
@global_options
@click.pass_obj
def db_upgrade(s: Settings) -> None:
    """Create or upgrade the schema to the newest migration."""
    from redress.engine import Store

    store = Store(s.db, migrate=False)
    try:
        version = store.upgrade()
    finally:
        store.close()
    click.echo(f"database at schema version {version}")


@main.command()
@global_options
@click.pass_obj
def demo(s: Settings) -> None:
    """Run sample complaints through the Code and print their timelines (in --db)."""
    from redress.engine._demo import run_demo

    run_demo(s.db, s.config, click.echo)


def _mail_settings(s: Settings) -> Any:
    from redress.engine.runner import MailSettings

    desk = s.desk()
    return MailSettings.from_config(
        s.config, landlord_email=str(desk.letters.landlord.get("complaints_email", "")))


@main.command()
@click.option("--once", is_flag=True, help="Do one pass (fire what is due, send what is "
              "queued) and exit: for cron and tests.")
@click.option("--poll", "poll_seconds", type=click.FloatRange(min=0.1, max=30), default=None,
              metavar="SECONDS", help="Look for new work at least this often "
              "([runner] poll_seconds, default 10).")
@global_options
@click.pass_obj
def run(s: Settings, once: bool, poll_seconds: float | None) -> None:
    """Fire deadlines, reminders and breaches on time and send queued letters.

    Runs until SIGTERM or SIGINT. With --now, the clock starts at that time and runs on
    (with --once it stays there).
    """
    import asyncio

    from redress.engine.cases import running_from
    from redress.engine.runner import Runner

    desk = s.desk()
    if s.now_text and not once:
        desk.clock = running_from(s.now())
    mail = _mail_settings(s)
    poll = poll_seconds or _poll_seconds(s)

    def log(line: str) -> None:
        click.echo(f"{desk.clock():%Y-%m-%d %H:%M:%S} {line}")

    runner = Runner(desk, mail, log)
    runner.start()
    try:
        if once:
            result = asyncio.run(runner.run_pass())  # each line logged as it happens
            log(f"pass done: {result.fired} wake-up(s) fired, {result.sent} sent, "
                f"{result.retrying} to retry, {result.failed} failed, "
                f"{result.uncertain} uncertain"
                + (f", {result.abandoned} abandoned (claim expired)" if result.abandoned
                   else "")
                + (f", {result.unrecorded} not recorded (claim expired)"
                   if result.unrecorded else ""))
        else:
            log(f"redress run: {_safe_db(s.db)}, {mail.describe()}, polling every "
                f"{poll:g} s; stop with SIGTERM or Ctrl-C")
            asyncio.run(runner.serve(poll))
            log("stopped")
    finally:
        runner.stop()
        s._desk = None


def _poll_seconds(s: Settings) -> float:
    from redress.engine import ConfigError

    raw = s.config.raw.get("runner", {}).get("poll_seconds", 10)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = 0
    if not 0.1 <= value <= 30:
        # work made by other processes must be picked up within 30 seconds
        raise ConfigError(f"{s.config.path}: runner.poll_seconds must be a number from 0.1 "
                          f"to 30, got: {raw!r}")
    return value


def _safe_db(url: str) -> str:
    from redress.engine.store import safe_url

    return safe_url(url)


@main.group(cls=RedressGroup)
def outbox() -> None:
    """Letters and alerts waiting to be sent, sent, failed or uncertain."""


@outbox.command("list")
@click.option("--state", metavar="STATE", help="queued, sending, sent, failed or uncertain.")
@click.option("--case", "ref", metavar="REF", help="Only this case's messages.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@click.pass_obj
def outbox_list(s: Settings, state: str | None, ref: str | None, as_json: bool) -> None:
    """The newest messages first, with what the server said."""
    from redress.engine.runner import outbox_json as to_json
    from redress.engine.runner import outbox_line

    rows = _outbox(s).list(state, ref)
    if as_json:
        click.echo(to_json(rows))
        return
    for r in rows:
        click.echo(outbox_line(r))
    if not rows:
        click.echo("no messages" + (f" {state}" if state else ""))


def _outbox(s: Settings) -> Any:
    from redress.engine.runner import Outbox

    desk = s.desk()
    return Outbox(desk.store, _mail_settings(s), desk.letters, "cli", desk.calendar,
                  desk.remind_at)


@outbox.command("retry")
@click.argument("message_id", type=int, metavar="ID")
@click.option("--by", metavar="NAME", help="Who decides (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def outbox_retry(s: Settings, message_id: int, by: str | None) -> None:
    """Send a failed or uncertain message again (for an uncertain one, only once you know
    the first did not arrive: the resident may otherwise get it twice)."""
    was = _outbox(s).retry(message_id, _actor(by), s.now())
    click.echo(f"outbox {message_id}: queued again (was {was}); redress run sends it")


@outbox.command("resolve")
@click.argument("message_id", type=int, metavar="ID")
@click.option("--as", "outcome", type=click.Choice(["sent", "failed"]), required=True,
              help="sent: you confirmed it arrived; failed: it will not be sent (say how "
              "the resident is told in --note).")
@click.option("--note", default="", help="What you checked or did.")
@click.option("--by", metavar="NAME", help="Who decides (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def outbox_resolve(s: Settings, message_id: int, outcome: str, note: str,
                   by: str | None) -> None:
    """Record what became of a failed or uncertain message; nothing is sent."""
    was = _outbox(s).resolve(message_id, outcome, _actor(by), note, s.now())
    click.echo(f"outbox {message_id}: {outcome} (was {was})")


@letter.command("send")
@click.argument("ref")
@click.argument("number", type=int, metavar="ID")
@click.option("--by", metavar="NAME", help="Who sends it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def letter_send(s: Settings, ref: str, number: int, by: str | None) -> None:
    """Queue a letter an officer has reviewed (dispatch: manual) for sending."""
    from redress.engine.runner import queue_letter

    desk = s.desk()
    oid = queue_letter(desk.store, ref, number, _actor(by), s.now(), desk.mailer)
    click.echo(f"letter {number} of case {ref} queued as outbox {oid}; redress run sends it")


@letter.command("sent")
@click.argument("ref")
@click.argument("number", type=int, metavar="ID")
@click.option("--on", "on", metavar="DATE", help="The date it left (default: today).")
@click.option("--note", default="", help="How it left: posted first class, handed over...")
@click.option("--by", metavar="NAME", help="Who records it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def letter_sent(s: Settings, ref: str, number: int, on: str | None, note: str,
                by: str | None) -> None:
    """Record that a letter left by another route (posted or handed over by hand): the
    deadline it answers is met (or late) on that date."""
    from redress.engine.cases import local_date, long_date, parse_date

    desk = s.desk()
    day = parse_date(on, "--on") if on else None
    left = desk.letter_sent(ref, number, day, note, _actor(by))
    click.echo(f"letter {number} of case {ref} recorded as sent on "
               f"{long_date(local_date(left))}")


@letter.command("withdraw")
@click.argument("ref")
@click.argument("number", type=int, metavar="ID")
@click.option("--note", default="", help="Why it is withdrawn (kept in the history).")
@click.option("--by", metavar="NAME", help="Who withdraws it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def letter_withdraw(s: Settings, ref: str, number: int, note: str, by: str | None) -> None:
    """Withdraw a letter that has not left, to redraft it: the case goes back to where it
    was before the action that drafted it, so the action can be taken again."""
    desk = s.desk()
    decision = desk.withdraw_letter(ref, number, note, _actor(by))
    click.echo(f"letter {number} of case {ref} withdrawn; the case is {decision.case.state}")


@main.group(cls=RedressGroup)
def alert() -> None:
    """Reminders, breaches and sending problems for people to act on."""


@alert.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include alerts already marked seen.")
@click.option("--case", "ref", metavar="REF", help="Only this case's alerts.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@click.pass_obj
def alert_list(s: Settings, show_all: bool, ref: str | None, as_json: bool) -> None:
    """Open alerts, newest first."""
    from redress.engine.runner import alert_line, alerts

    with s.reading() as fetch:
        rows = alerts(fetch, show_all=show_all, ref=ref)
    if as_json:
        _dump(rows)
        return
    for r in rows:
        click.echo(alert_line(r))
    if not rows:
        click.echo("no open alerts" if not show_all else "no alerts")


@alert.command("seen")
@click.argument("alert_ids", type=int, nargs=-1, required=True, metavar="ID...")
@click.option("--by", metavar="NAME", help="Who saw them (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def alert_seen(s: Settings, alert_ids: tuple[int, ...], by: str | None) -> None:
    """Mark alerts as seen, so they leave the open list."""
    from redress.engine.runner import mark_seen

    n = mark_seen(s.desk().store, alert_ids, _actor(by), s.now())
    click.echo(f"{n} alert(s) marked seen")


if __name__ == "__main__":  # pragma: no cover
    main()
