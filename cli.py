"""The `redress` command: parse, call the engine, print text or --json.

Imports are deferred to the command that needs them, so that read-only commands start
quickly. Every expected failure is an EngineError, printed as one plain line with exit
code 1 (2 for usage errors); no traceback reaches a user for those.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from redress.engine import Case, Config, Desk, Registry, WorkflowDefinition
    from redress.engine.store import Fetch, Listed

DEFAULT_DB = "sqlite:///redress.db"
F = TypeVar("F", bound=Callable[..., Any])

# Starting a command imports the engine and its libraries: hundreds of thousands of
# objects, none of them garbage, which the cyclic collector would scan again and again
# while they are made, and once more as the process ends. The installed command
# (`start`) starts with collection paused and resumes it once the database is open,
# with what was imported set aside for good (`gc.freeze`): a long runner collects as
# ever but never rescans its modules. A quarter of a `case act` process's time
# (benchmarks/bench_cli.py). Callers in the same process (tests) are left as they are.
_collection_paused = False


def _resume_collection() -> None:
    global _collection_paused
    if _collection_paused:
        _collection_paused = False
        gc.freeze()
        gc.enable()


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

    def desk(self, create: bool = False) -> Desk:
        """The desk on --db; a SQLite file is made only where `create` says (opening a
        case, the runner): a command in the wrong folder says so, never makes one."""
        if self._desk is None:
            from redress.engine import Desk

            if not create:
                self.must_exist()
            self._desk = Desk.open(self.db, self.config, self.clock())
            _resume_collection()
        return self._desk

    def must_exist(self) -> None:
        from redress.engine import StoreError
        from redress.engine.store import sqlite_path

        path = sqlite_path(self.db)
        if path is not None and not Path(path).is_file():
            raise StoreError(f"no redress database at {path}; run where it is or pass --db")

    @contextmanager
    def reading(self) -> Iterator[Fetch]:
        """A read-only view: the standard library's sqlite3, or psycopg alone, when it
        can (no SQLAlchemy to import); else the store."""
        from redress.engine.store import postgres_reader, sqlite_path, sqlite_reader

        _ = self.config  # a bad --config is reported whichever path reads
        self.must_exist()
        path = sqlite_path(self.db)
        if path and Path(path).is_file():
            with sqlite_reader(path) as fetch:
                if fetch is not None:
                    _resume_collection()
                    yield fetch
                    return
        elif path is None and not self.db.startswith("sqlite"):
            with postgres_reader(self.db) as fetch:
                if fetch is not None:
                    _resume_collection()
                    yield fetch
                    return
        with self.desk().store.reading() as fetch:
            yield fetch


def _actor(by: str | None) -> str:
    """Who acts: --by, else $REDRESS_USER, else the login name; a name on one line."""
    from redress.engine._inputs import name

    if by:
        return name(by, "--by")
    env = os.environ.get("REDRESS_USER")
    if env:
        return name(env, "$REDRESS_USER")
    import getpass

    try:
        return name(getpass.getuser(), "the login name (give --by)")
    except Exception:
        return "unknown"


class WholeNumber(click.ParamType):
    """A whole number in ASCII digits (click's int reads other scripts' digits too)."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            self.fail(f"{value!r} is not a whole number in digits 0-9", param, ctx)
        return int(text)


WHOLE = WholeNumber()


class RedressGroup(click.Group):
    """Turns the engine's expected errors into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from redress.engine._errors import EngineError

        try:
            return super().invoke(ctx)
        except EngineError as exc:
            raise _Failure(str(exc), exc.exit_code) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Every argument and REDRESS_* variable decodes as UTF-8, or one clear line."""
        from redress.engine._errors import EngineError
        from redress.engine._inputs import decoded

        try:
            if ctx.parent is None:  # the whole command line is here
                for i, arg in enumerate(args):
                    option = args[i - 1] if i and args[i - 1].startswith("--") else None
                    decoded(arg, f"the value of {option}" if option else repr(
                        arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")))
                for key, value in os.environ.items():
                    if key.startswith("REDRESS_"):
                        decoded(value, f"${key}")
        except EngineError as exc:
            raise _Failure(str(exc), exc.exit_code) from None
        return super().parse_args(ctx, args)


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


METAVARS = {"--config": "PATH", "--now": "DATETIME", "--db": "URL"}  # as at the top level


def global_options(f: F) -> F:
    """Let --db, --now and --config also follow the command (`case list --now DATE`)."""
    for name, attr, help_text in (("--config", "config_path", CONFIG_HELP),
                                  ("--now", "now_text", NOW_HELP), ("--db", "db", DB_HELP)):
        f = click.option(name, expose_value=False, callback=_override(attr), help=help_text,
                         metavar=METAVARS[name])(f)
    return f


@click.group(cls=RedressGroup)
@click.option("--db", envvar="REDRESS_DATABASE_URL", default=DEFAULT_DB, show_default=True,
              metavar="URL", help=DB_HELP)
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
@click.option("--review-on", metavar="DATE", help="When the adjustments will be reviewed "
              "(2024 Code 5.10; default: the workflow's, six months on).")
@click.option("--ref", metavar="REF", help="Use this reference (e.g. an external id) "
              "instead of a generated one; a second case with it is refused.")
@click.option("--by", metavar="HANDLER", help="Who is recording it (default: $REDRESS_USER).")
@click.option("--allow-before-effective", is_flag=True, help="Open it on the --workflow named "
              "although it was received before that workflow took effect (recorded).")
@global_options
@click.pass_obj
def case_open(s: Settings, received: str, resident: str, workflow: str | None,
              email: str | None, channel: str | None, summary: str, address: str,
              large_print: bool, review_on: str | None, ref: str | None,
              by: str | None, allow_before_effective: bool) -> None:
    """Open a complaint and print its reference."""
    from redress.engine.cases import parse_date, parse_instant

    desk = s.desk(create=True)
    new = desk.open_case(
        received_at=parse_instant(received, "--received"), resident=resident,
        actor=_actor(by), workflow=workflow, email=email,
        channel=channel or ("email" if email else "post"), summary=summary, ref=ref,
        address=address, adjustments={"large_print": "yes"} if large_print else None,
        review_on=parse_date(review_on, "--review-on") if review_on else None,
        before_effective=allow_before_effective,
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
    """Perform ACTION on case REF at the clock's time.

    ACTION is one of the case's workflow's actions, each with the fields it requires and
    accepts: `redress case show REF` lists the actions open now, and `redress workflow
    show NAME` (e.g. chc-2024) lists every action with its fields and provisions.
    """
    from redress.engine.store import case_dict, deadline_lines

    fields = _parse_fields(sets, set_files, s.config.limits.text)
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
    for line in deadline_lines(decision.case, defn, desk.clock(), desk.calendar):
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
@click.option("--review-on", metavar="DATE", help="When the adjustments will next be "
              "reviewed; given alone, records a review (2024 Code 5.10).")
@click.option("--by", metavar="HANDLER", help="Who records it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def case_contact(s: Settings, ref: str, email: str | None, address: str | None,
                 channel: str | None, large_print: bool | None, adjustment_note: str | None,
                 review_on: str | None, by: str | None) -> None:
    """Record contact details and reasonable adjustments; each change is audited."""
    from redress.engine.cases import parse_date

    adjustments: dict[str, str] = {}
    if large_print is not None:
        adjustments["large_print"] = "yes" if large_print else ""
    if adjustment_note is not None:
        adjustments["note"] = adjustment_note
    decision = s.desk().contact(ref, _actor(by), email=email, address=address,
                                channel=channel, adjustments=adjustments,
                                review_on=parse_date(review_on, "--review-on")
                                if review_on else None)
    changed = ", ".join(f"{k}: {v or '(removed)'}" for k, v in decision.event.fields.items())
    click.echo(f"{ref}: recorded {changed}")


def _parse_fields(sets: tuple[str, ...], set_files: tuple[str, ...],
                  limit: int | None = None) -> dict[str, str]:
    """--set and --set-file values by field; a field given twice is refused, and a file
    far larger than a field may be is refused before it is read."""
    from redress.engine import InvalidInput

    fields: dict[str, str] = {}

    def put(option: str, item: str, read: Callable[[str, str], str]) -> None:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise click.UsageError(f"{option} takes FIELD=" + ("PATH" if "file" in option
                                                               else "VALUE") + f", got: {item!r}")
        if name.strip() in fields:
            raise InvalidInput(f"field {name.strip()} is given more than once (--set or "
                               "--set-file); give it once")
        fields[name.strip()] = read(name.strip(), value)

    def from_file(name: str, path: str) -> str:
        try:
            if limit is not None and Path(path).stat().st_size > 4 * limit:
                raise InvalidInput(f"--set-file {name}: {path} is larger than a field may be "
                                   f"({limit} characters; [limits] text in the config file)")
            return Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"--set-file {name}: cannot read {path}: "
                               f"{getattr(exc, 'strerror', None) or exc}") from None

    for item in sets:
        put("--set", item, lambda _name, v: v)
    for item in set_files:
        put("--set-file", item, from_file)
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
        from redress.engine import WorkingCalendar

        click.echo(case_text(found, defn, now, letters, WorkingCalendar(s.config.closures)))


@case.command("list")
@click.option("--state", metavar="S", help="Only cases in this state.")
@click.option("--overdue", is_flag=True, help="Only cases with an overdue deadline.")
@click.option("--due-within", type=WHOLE, metavar="DAYS",
              help="Only cases with a pending deadline due within N days.")
@click.option("--limit", type=WHOLE, metavar="N", help="At most N cases.")
@click.option("--offset", type=WHOLE, default=0, metavar="N",
              help="Skip the first N cases (with --limit: page through a long list).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print JSON lines: a case a line.")
@global_options
@click.pass_obj
def case_list(s: Settings, state: str | None, overdue: bool, due_within: int | None,
              limit: int | None, offset: int, as_json: bool, as_jsonl: bool) -> None:
    """List cases, oldest first; each is printed as it is read."""
    from redress.engine.store import CaseFilter, iter_cases, iter_listed

    if as_json and as_jsonl:
        raise click.UsageError("give --json or --jsonl, not both")
    now = s.now()
    cache: dict[str, WorkflowDefinition] = {}
    with s.reading() as fetch:
        if state:
            _check_state(fetch, state)
        wanted = CaseFilter(state, overdue, due_within, limit, offset)
        if as_json or as_jsonl:
            items = _list_dicts(iter_cases(fetch, now, wanted),
                                lambda digest: _definition(fetch, digest, cache), now)
            _write_chunked(_json_lines(items) if as_jsonl else _json_array(items))
        else:
            _write_chunked(_list_lines(iter_listed(fetch, now, wanted), now))


def _write_chunked(pieces: Iterator[str]) -> None:
    """Write text as it is made, in blocks of about 64 KB: a write a line would cost a
    system call a line where output is unbuffered (PYTHONUNBUFFERED)."""
    block: list[str] = []
    size = 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= 65536:
            sys.stdout.write("".join(block))
            block, size = [], 0
    sys.stdout.write("".join(block))
    sys.stdout.flush()


def _list_lines(found: Iterator[Listed], now: datetime) -> Iterator[str]:
    listed = False
    for c in found:
        yield _list_line(c, now) + "\n"
        listed = True
    if not listed:
        yield "no cases\n"


def _list_dicts(cases: Iterator[Case], definition: Callable[[str], WorkflowDefinition],
                now: datetime) -> Iterator[dict[str, Any]]:
    """`case show --json`'s dict of each case, less its letters: a list carries none (no
    key, not an empty list). The key is last, so dropping it leaves the order as it was."""
    from redress.engine.store import case_dict

    for c in cases:
        item = case_dict(c, definition(c.digest), now)
        del item["letters"]
        yield item


def _json_lines(items: Iterator[dict[str, Any]]) -> Iterator[str]:
    """`json.dumps(item, ensure_ascii=False)` a line, from one encoder made once."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for item in items:
        yield encode(item) + "\n"


def _json_array(items: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The text `_dump` gives the whole list, an item at a time (JSON strings hold no
    line breaks, so indenting each line of an item nests it)."""
    encode = json.JSONEncoder(indent=2, ensure_ascii=False).encode
    first = True
    for item in items:
        yield "[\n  " if first else ",\n  "
        yield encode(item).replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


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


def _list_line(c: Listed, now: datetime) -> str:
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


@case.command("export")
@click.argument("ref")
@click.option("--out", metavar="FILE", help="Where to write the zip (default: "
              "REF-evidence.zip in the current folder).")
@global_options
@click.pass_obj
def case_export(s: Settings, ref: str, out: str | None) -> None:
    """Write the case's evidence bundle for the Housing Ombudsman: a zip of the timeline
    (HTML and PDF), every letter as it left, the audit events and their verification,
    and a manifest of SHA-256 digests. Prints the zip's SHA-256 (for send_evidence)."""
    from redress.engine.evidence import export_bundle

    bundle = export_bundle(s.desk().store, ref)
    target = out or f"{_file_safe(bundle.ref)}-evidence.zip"
    _emit(bundle.data, target)
    click.echo(f"sha256 {bundle.sha256}")
    click.echo(f"{len(bundle.members)} files; audit chain "
               + ("intact" if not bundle.faults else f"DAMAGED: {len(bundle.faults)} fault(s), "
                  "named in audit/verification.json"))
    if bundle.faults:
        for fault in bundle.faults:
            click.echo(f"warning: {fault}", err=True)


def _file_safe(ref: str) -> str:
    """A reference as a file name: letters, digits, '-' and '_' kept, others as '_'."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in ref)


# --- legal holds and erasure --------------------------------------------------------------


@case.command("hold")
@click.argument("ref")
@click.option("--reason", required=True, help="Why (an open Ombudsman case, litigation); "
              "recorded in the audit trail, so no personal data in it.")
@click.option("--by", metavar="HANDLER", help="Who sets it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def case_hold(s: Settings, ref: str, reason: str, by: str | None) -> None:
    """Put a legal hold on a case: its personal data is kept until it is released."""
    from redress.engine.store import hold_case

    desk = s.desk()
    found = hold_case(desk.store, ref, reason, _actor(by), desk.clock())
    click.echo(f"{found.ref}: held ({reason.strip()}); its personal data is neither erased "
               "nor anonymised until it is released")


@case.command("release")
@click.argument("ref")
@click.option("--by", metavar="HANDLER", help="Who releases it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def case_release(s: Settings, ref: str, by: str | None) -> None:
    """End a case's legal hold."""
    from redress.engine.store import release_case

    desk = s.desk()
    found = release_case(desk.store, ref, _actor(by), desk.clock())
    click.echo(f"{found.ref}: hold released")


@case.command("erase")
@click.argument("ref")
@click.option("--reason", required=True, help="Why (e.g. the resident's erasure request "
              "of DATE); recorded in the audit trail, so no personal data in it.")
@click.option("--by", metavar="HANDLER", help="Who erases it (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def case_erase(s: Settings, ref: str, reason: str, by: str | None) -> None:
    """Erase a case's personal data (UK GDPR Article 17), keeping the facts reports need.

    Refused while the case has a live deadline, an open tracked action, a letter on its
    way or a legal hold.
    """
    from redress.engine.store import erase_case

    desk = s.desk()
    names = erase_case(desk.store, ref, reason, _actor(by), desk.clock())
    shown = desk.store.load(ref).ref
    click.echo(f"{shown}: personal data erased: {', '.join(names) or 'none held'}")


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


# `redress letters check` reads well too: the same commands, listed once in --help
main.add_command(RedressGroup("letters", commands=letter.commands, hidden=True,
                              help="The same as `redress letter`."))


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
@click.argument("number", type=WHOLE, metavar="ID")
@click.option("--format", "fmt", type=SHOW_FORMAT, default="text", show_default=True,
              help="eml: the email as sent (multipart: plain text and HTML).")
@click.option("--out", metavar="FILE", help="Write to FILE instead of standard output.")
@global_options
@click.pass_obj
def letter_show(s: Settings, ref: str, number: int, fmt: str, out: str | None) -> None:
    """Reproduce letter ID of case REF exactly as it was produced."""
    from redress.engine.cases import instant
    from redress.engine.runner import sent_message, stored_pdf
    from redress.engine.store import letter_of, load_case

    with s.reading() as fetch:
        case_id, found, _ = load_case(fetch, ref)
        row = letter_of(fetch, ref, case_id, number)
        sent = sent_message(fetch, case_id, number) if fmt == "eml" else None
        defn = _definition(fetch, found.digest, {}) if fmt == "eml" and sent is None else None
        printed = stored_pdf(fetch, case_id, number) if fmt == "pdf" else None
    if sent is not None:  # the exact bytes the outbox sends
        _emit(sent.decode("utf-8", errors="replace"), out)
    elif printed is not None:  # the exact bytes the print room gets
        _emit(printed, out)
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


# `audit verify`'s processes by default: each holds a batch's records and a connection,
# and a few already keep a database server's disk busy
VERIFY_JOBS = 8


@audit.command("verify")
@click.argument("ref", required=False)
@click.option("--from", "start", metavar="DATE", help="Only cases with an event recorded "
              "on or after this day (London time).")
@click.option("--to", "end", metavar="DATE", help="Only cases with an event recorded on or "
              "before this day (London time).")
@click.option("--since", metavar="last|DATE", help="Only cases with an event recorded since "
              "the last verification that checked everything (last) or since a day: for a "
              "nightly run.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes checking cases side by side (default: one for each "
              f"processor this command may use, at most {VERIFY_JOBS}); 1 checks in this "
              "process alone, leaving the other processors to the runner and officers.")
@global_options
@click.pass_obj
def audit_verify(s: Settings, ref: str | None, start: str | None, end: str | None,
                 since: str | None, jobs: int | None) -> None:
    """Recompute every case's hash chain and replay its events; exit 1 if anything was
    edited or deleted. Each run is recorded, so `--since last` checks only what changed."""
    from datetime import timedelta

    from redress.engine.cases import at_london
    from redress.engine.store import last_verified, usable_cpus, verify

    if ref and (start or end or since):
        raise click.UsageError("give a case reference or --from/--to/--since, not both")
    first = at_london(_day(start, "--from"), time(0)) if start else None
    last = at_london(_day(end, "--to") + timedelta(days=1), time(0)) if end else None
    if first and last and last <= first:
        raise click.UsageError(f"--to ({end}) is before --from ({start})")
    store = s.desk().store
    after = None
    if since == "last":
        after = last_verified(store)
        if after is None:
            click.echo("no earlier verification found clean: checking every case", err=True)
    elif since:
        after = at_london(_day(since, "--since"), time(0))
    done = verify(store, ref, recorded_from=first, recorded_to=last, since=after,
                  record=True, incremental=since == "last" and not (start or end),
                  jobs=jobs or min(usable_cpus(), VERIFY_JOBS))
    for f in done.faults:
        click.echo(f)
    if after is not None:
        click.echo(f"checked the cases with events recorded since "
                   f"{after.astimezone(_london()):%-d %B %Y %H:%M:%S}", err=True)
    if done.faults:
        click.echo(f"audit trail damaged: {len(done.faults)} fault(s) in {done.checked} "
                   "case(s)", err=True)
        sys.exit(1)
    click.echo(f"audit trail intact: {done.checked} case(s) checked")


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: give YYYY-MM-DD",
                                 param_hint=option) from None


def _london() -> Any:
    from redress.engine.cases import london

    return london()


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
@click.option("--dir", "folder", type=click.Path(file_okay=False), default="redress-demo",
              show_default=True, metavar="PATH", help="The demo's own folder: its database, "
              "outbox and print folders. Emptied first if an earlier demo made it.")
@global_options
@click.pass_obj
def demo(s: Settings, folder: str) -> None:
    """Run sample complaints through the Code in a folder of their own, never --db, and
    print their timelines."""
    from redress.engine._demo import run_demo

    run_demo(s.config, click.echo, Path(folder))


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
@click.option("--batch-size", type=int, default=None, metavar="N", help="Wake-ups fired "
              "per transaction, with the rest due on their cases ([runner] batch_size, "
              "default 200): larger fires faster, smaller lets officers' actions in sooner.")
@global_options
@click.pass_obj
def run(s: Settings, once: bool, poll_seconds: float | None, batch_size: int | None) -> None:
    """Fire deadlines, reminders and breaches on time and send queued letters.

    Runs until SIGTERM or SIGINT. With --now, the clock starts at that time and runs on
    (with --once it stays there).
    """
    import asyncio

    from redress.engine.cases import running_from
    from redress.engine.runner import Runner

    desk = s.desk(create=True)
    if s.now_text and not once:
        desk.clock = running_from(s.now())
    mail = _mail_settings(s)
    poll = poll_seconds or _poll_seconds(s)
    batch = _batch_size(s, batch_size)

    from redress.engine.cases import london

    def log(line: str) -> None:  # stamped in London time, as officers read it
        click.echo(f"{desk.clock().astimezone(london()):%Y-%m-%d %H:%M:%S} {line}")

    runner = Runner(desk, mail, log, batch)
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


def _batch_size(s: Settings, given: int | None) -> int:
    from redress.engine import ConfigError
    from redress.engine.runner import BATCH, MAX_BATCH

    if given is not None:
        if not 1 <= given <= MAX_BATCH:
            raise click.BadParameter(f"must be from 1 to {MAX_BATCH}, got: {given}",
                                     param_hint="--batch-size")
        return given
    raw = s.config.raw.get("runner", {}).get("batch_size", BATCH)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_BATCH:
        raise ConfigError(f"{s.config.path}: runner.batch_size must be a whole number from "
                          f"1 to {MAX_BATCH}, got: {raw!r}")
    return raw


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
@click.argument("message_id", type=WHOLE, metavar="ID")
@click.option("--by", metavar="NAME", help="Who decides (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def outbox_retry(s: Settings, message_id: int, by: str | None) -> None:
    """Send a failed or uncertain message again (for an uncertain one, only once you know
    the first did not arrive: the resident may otherwise get it twice)."""
    was = _outbox(s).retry(message_id, _actor(by), s.now())
    click.echo(f"outbox {message_id}: queued again (was {was}); redress run sends it")


@outbox.command("resolve")
@click.argument("message_id", type=WHOLE, metavar="ID")
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
    from redress.engine._inputs import one_line

    one_line(note, "--note", s.config.limits)
    was = _outbox(s).resolve(message_id, outcome, _actor(by), note, s.now())
    click.echo(f"outbox {message_id}: {outcome} (was {was})")


@letter.command("send")
@click.argument("ref")
@click.argument("number", type=WHOLE, metavar="ID")
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
@click.argument("number", type=WHOLE, metavar="ID")
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
@click.argument("number", type=WHOLE, metavar="ID")
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
@click.argument("alert_ids", type=WHOLE, nargs=-1, required=True, metavar="ID...")
@click.option("--by", metavar="NAME", help="Who saw them (default: $REDRESS_USER).")
@global_options
@click.pass_obj
def alert_seen(s: Settings, alert_ids: tuple[int, ...], by: str | None) -> None:
    """Mark alerts as seen, so they leave the open list."""
    from redress.engine.runner import mark_seen

    n = mark_seen(s.desk().store, alert_ids, _actor(by), s.now())
    click.echo(f"{n} alert(s) marked seen")


# --- reports ----------------------------------------------------------------------------


@main.group(cls=RedressGroup)
def report() -> None:
    """The Regulator of Social Housing's complaint measures (CH01, CH02), per period."""


def _report_source(s: Settings) -> Any:
    from redress.engine.reports import ReportSettings, Source

    table = s.config.raw.get("reports", {})
    settings = ReportSettings.from_table(table if isinstance(table, dict) else {},
                                         str(s.config.path or "config"))
    desk = s.desk()
    return Source(desk.store, desk.calendar, settings)


def _progress() -> Callable[[str], None] | None:
    """Progress on a terminal (standard error), nothing when it is not one."""
    if not sys.stderr.isatty():
        return None

    def say(line: str) -> None:
        click.echo(f"\r\033[K{line}", err=True, nl=False)

    return say


def _period_options(f: F) -> F:
    f = click.option("--to", "end", metavar="DATE", help="Last day of the period (with "
                     "--from).")(f)
    f = click.option("--from", "start", metavar="DATE", help="First day of the period, "
                     "for a period other than a reporting year.")(f)
    return click.option("--year", metavar="YYYY-YY", help="Reporting year: 2025-26 is 1 "
                        "April 2025 to 31 March 2026.")(f)


@report.command("tsm")
@_period_options
@click.option("--homes", type=int, metavar="N", help="Homes owned (CH01 is per 1,000 "
              "homes; default: [reports] homes in the config).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (numbers unrounded).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.option("--explain", is_flag=True, help="Also list every case counted or left out, "
              "with its dates and why.")
@global_options
@click.pass_obj
def report_tsm(s: Settings, year: str | None, start: str | None, end: str | None,
               homes: int | None, as_json: bool, as_csv: bool, explain: bool) -> None:
    """Tenant Satisfaction Measures CH01 and CH02, with their definitions."""
    from redress.engine.reports import explain as explained
    from redress.engine.reports import (
        lines_csv,
        lines_text,
        period_of,
        tsm,
        tsm_csv,
        tsm_text,
    )

    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    period = period_of(year, start, end)
    source = _report_source(s)
    count = source.settings.with_homes(homes)
    progress = _progress()
    try:
        figures = tsm(source, period, count, progress)
        lines = explained(source, period, progress) if explain else None
        if as_json:
            head = json.dumps(figures.as_dict(), indent=2, ensure_ascii=False)
            if lines is None:
                click.echo(head)
                return
            click.echo(head[:-2] + ',\n  "cases": [', nl=False)
            for i, line in enumerate(lines):
                click.echo(("," if i else "") + "\n    "
                           + json.dumps(line.as_dict(), ensure_ascii=False), nl=False)
            click.echo("\n  ]\n}")
        elif as_csv:
            click.echo(tsm_csv(figures), nl=False)
            if lines is not None:
                click.echo("")
                for chunk in lines_csv(lines):
                    click.echo(chunk, nl=False)
        else:
            click.echo(tsm_text(figures))
            for text in lines_text(lines) if lines is not None else ():
                click.echo(text)
    finally:
        if progress is not None:
            progress("")


@case.command("explain")
@click.argument("ref")
@_period_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@click.pass_obj
def case_explain(s: Settings, ref: str, year: str | None, start: str | None,
                 end: str | None, as_json: bool) -> None:
    """How case REF counts in CH01 and CH02: its dates, due dates, extensions and why it
    is in or out (for a period, or the reporting year each fact falls in)."""
    from redress.engine.cases import local_date
    from redress.engine.reports import case_explanation, period_of

    period = period_of(year, start, end) if (year or start or end) else None
    lines = case_explanation(_report_source(s), ref, period, local_date(s.now()))
    if as_json:
        _dump([line.as_dict() for line in lines])
        return
    click.echo(f"Case {ref}: " + (f"CH01 and CH02 for {period.label}" if period else
                                  "CH01 and CH02, each in the reporting year it counts in"))
    for line in lines:
        click.echo(f"{line.figure}: " + line.text().strip())


def _period_or_last(year: str | None, start: str | None, end: str | None,
                    s: Settings) -> Any:
    """The period asked for, or the last reporting year that has ended."""
    from redress.engine.reports import last_year, period_of

    if year or start or end:
        return period_of(year, start, end)
    return last_year(s.now().date())


@report.command("annual")
@_period_options
@click.option("--out", "out_dir", metavar="DIR", default=".", show_default=True,
              help="Folder for the HTML, Markdown and JSON files.")
@click.option("--response", "response_file", metavar="FILE", help="The governing body's "
              "response to the report (2024 Code 8.2), a text file.")
@click.option("--homes", type=int, metavar="N", help="Homes owned, for CH01 and CH02 in the "
              "report (default: [reports] homes in the config; without either they are "
              "left out).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON too.")
@global_options
@click.pass_obj
def report_annual(s: Settings, year: str | None, start: str | None, end: str | None,
                  out_dir: str, response_file: str | None, homes: int | None,
                  as_json: bool) -> None:
    """The annual complaints performance and service improvement report: volumes,
    outcomes, timeliness, extensions, refusals, remedies, the Ombudsman's findings and the
    learning recorded, with charts; the same numbers in HTML, Markdown and JSON."""
    from redress.engine import InvalidInput
    from redress.engine.reports import annual, annual_charts, annual_html, annual_markdown

    span = _period_or_last(year, start, end, s)
    response = None
    if response_file:
        try:
            response = Path(response_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"--response {response_file}: cannot read it as UTF-8 text "
                               f"({exc})") from None
    progress = _progress()
    try:
        with s.reading() as fetch:
            figures = annual(fetch, span, s.now().date(), response,
                             sqlite=s.db.startswith("sqlite"), progress=progress)
        source = _report_source(s)
        if homes is not None or source.settings.homes is not None:
            from redress.engine.reports import tsm

            figures["tsm"] = tsm(source, span, source.settings.with_homes(homes),
                                 progress).as_dict()
        if progress is not None:
            progress("drawing the charts")
        charts = annual_charts(figures)
    finally:
        if progress is not None:
            progress("")
    title = f"Complaints performance and service improvement report, {span.label}"
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"annual-report-{span.name}"
    written = {".json": json.dumps(figures, indent=2, ensure_ascii=False) + "\n",
               ".md": annual_markdown(figures, title),
               ".html": annual_html(figures, title, charts)}
    for suffix, text in written.items():
        stem.with_suffix(suffix).write_text(text, encoding="utf-8")
        click.echo(f"wrote {stem.with_suffix(suffix)}", err=as_json)
    if as_json:
        click.echo(written[".json"], nl=False)


@main.command("self-assessment")
@click.option("--code", "edition", required=True, metavar="EDITION",
              help="The Code edition to assess against: 2024 or 2022.")
@click.option("--workflow", metavar="NAME", help="The workflow assessed (default: the "
              "edition's baseline, e.g. chc-2024); figures come from its cases.")
@_period_options
@click.option("--out", "out_dir", metavar="DIR", default=".", show_default=True,
              help="Folder for the HTML, Markdown and CSV files.")
@global_options
@click.pass_obj
def self_assessment_cmd(s: Settings, edition: str, workflow: str | None, year: str | None,
                        start: str | None, end: str | None, out_dir: str) -> None:
    """The Code self-assessment (2024 Code 8.1): every provision, answered only where
    redress can vouch for it (the workflow rule that enforces it, the measured figure),
    the rest left for the landlord."""
    from redress.engine.reports import self_assessment, summary, to_csv, to_html, to_markdown

    today = s.now().date()
    span = _period_or_last(year, start, end, s)
    config = s.config
    official = config.raw.get("self_assessment", {}).get("code_text")
    official_path = (config.path.parent / official) if official and config.path else None
    desk = s.desk()
    with s.reading() as fetch:
        defn, rows = self_assessment(fetch, desk.registry, edition, workflow, span.start,
                                     span.end, today, official_path)
    title = (f"Self-assessment against the Complaint Handling Code {edition}: {defn.name}, "
             f"{span.label}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"self-assessment-{edition}-{defn.name}-{span.name}"
    for suffix, text in ((".html", to_html(rows, title)), (".md", to_markdown(rows, title)),
                         (".csv", to_csv(rows))):
        stem.with_suffix(suffix).write_text(text, encoding="utf-8")
        click.echo(f"wrote {stem.with_suffix(suffix)}")
    click.echo(summary(rows))


def start() -> None:
    """The installed `redress` command: `main`, with collection paused while it starts
    (see `_resume_collection`)."""
    global _collection_paused
    if gc.isenabled():
        gc.disable()
        _collection_paused = True
    main()


if __name__ == "__main__":  # pragma: no cover
    start()
