"""The shell's one entry point for case work: load, decide (pure core), save.

The CLI, the demo and tests call these; the runner will too. The definition a case runs
on is the one stored with it, never the file as it is today.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar

from . import _inputs
from ._config import Config, retention_years
from ._errors import ActionRefused, ChangedMeanwhile, InvalidInput, StoreInterrupted
from .cases import _core
from .cases._calendar import WorkingCalendar
from .cases._clock import Clock, local_date, system_clock
from .cases._core import Case, Decision
from .cases._timers import DEFAULT_REMIND_AT, plan, validate_interval
from .letters._compose import Letter, LetterSettings, compose, context, for_decision, landlord_of
from .letters._mail import Mailer, valid_email
from .store._retry import ROLLED_BACK, retrying
from .store._store import Loaded, Store
from .workflow._compliance import Standing, standing
from .workflow._definition import WorkflowDefinition
from .workflow._registry import Registry

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def remind_time(config: Config) -> time:
    """`[runner] remind_at = "09:00"`: the London time of day reminders go out."""
    from ._errors import ConfigError

    raw = config.raw.get("runner", {}).get("remind_at")
    if raw is None:
        return DEFAULT_REMIND_AT
    if isinstance(raw, time):
        return raw
    try:
        return time.fromisoformat(str(raw))
    except ValueError:
        raise ConfigError(f"{config.path}: runner.remind_at must be a time like \"09:00\", "
                          f"got: {raw!r}") from None


GENERATED_REF = re.compile(r"\d{4}-\d{5,}")
T = TypeVar("T")


def once_more(ref: str, work: Callable[[], T]) -> T:
    """An officer's change to case `ref`, taken once more from the start (the case read
    again) if the database undid it to end a deadlock or a serialization conflict: it
    was rolled back for certain, so it is never taken twice. Lost twice, it is
    `ChangedMeanwhile`: the officer looks at the case again and retries."""
    try:
        return retrying(work, tries=2, on=ROLLED_BACK)
    except StoreInterrupted as exc:
        if exc.kind in ROLLED_BACK:
            raise ChangedMeanwhile(ref, "the database undid this change, which collided "
                                        "with another at the same moment") from None
        raise


@dataclass
class Desk:
    """Everything case work needs, wired once per process."""

    store: Store
    registry: Registry
    calendar: WorkingCalendar
    clock: Clock = system_clock
    letters: LetterSettings = field(default_factory=LetterSettings)
    remind_at: time = DEFAULT_REMIND_AT  # the London time reminders are sent at
    config: Config = field(default_factory=Config)
    _sender: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # each event records the closures it was decided with, so a replay can decide
        # it again after the configured calendar changes
        self.store.closures = self.calendar.closures
        self.store.retention_years = retention_years(self.config)

    @classmethod
    def open(cls, db_url: str, config: Config, clock: Clock = system_clock) -> Desk:
        settings = LetterSettings.from_config(config)
        return cls(Store(db_url), Registry(config.workflow_dirs),
                   WorkingCalendar(config.closures), clock, settings,
                   remind_time(config), config)

    def mailer(self, defn: WorkflowDefinition) -> Mailer:
        """How this workflow's email letters are made for the outbox: from the landlord's
        name, at the runner's sender address ([smtp] from, [mail] from or the landlord's
        complaints_email)."""
        from .letters._mail import mailer
        from .runner._transports import MailSettings

        landlord = landlord_of(defn, self.letters)
        if self._sender is None:  # read once, and only when a letter is to be emailed
            self._sender = MailSettings.from_config(self.config).from_address
        return mailer(str(landlord.get("name") or ""),
                      self._sender or str(landlord.get("complaints_email") or ""))

    def choose_workflow(self, name: str | None, received: date) -> WorkflowDefinition:
        if name:
            return self.registry.load(name)
        editions = [d for d in self.registry.baselines() if d.effective_from <= received]
        if not editions:
            first = self.registry.baselines()[0]
            raise InvalidInput(
                f"no Code edition was in force on {received}: the first, {first.name}, "
                f"applies from {first.effective_from}; choose one with --workflow (and "
                "--allow-before-effective)"
            )
        return editions[-1]

    def open_case(
        self,
        *,
        received_at: datetime,
        resident: str,
        actor: str,
        workflow: str | None = None,
        email: str | None = None,
        channel: str = "email",
        summary: str = "",
        ref: str | None = None,
        address: str = "",
        adjustments: Mapping[str, str] | None = None,
        review_on: date | None = None,
        before_effective: bool = False,
    ) -> Case:
        """`before_effective`: open it on a workflow named although the complaint was
        received before that workflow took effect (refused otherwise)."""
        lim = self.config.limits
        _inputs.name(resident, "--resident", lim)
        _inputs.name(actor, "--by", lim)
        for what, value in (("--email", email), ("--ref", ref)):
            if value is not None:
                _inputs.name(value, what, lim)
        _inputs.one_line(summary, "--summary", lim)
        _inputs.one_line(address, "--address", lim)
        for key, value in (adjustments or {}).items():
            _inputs.one_line(value, f"adjustment {key}", lim)
        ref = None if ref is None else ref.strip()  # kept as spelt, found by any spelling
        if ref is not None and GENERATED_REF.fullmatch(ref):
            raise InvalidInput(f"--ref {ref!r} looks like a reference redress generates "
                               "(YEAR-NNNNN); use your system's own form, e.g. WEB-{ref}")
        if ref is not None and not ref.strip():
            raise InvalidInput("--ref must not be empty")
        defn = self.choose_workflow(workflow, local_date(received_at))
        noted = self._may_open(workflow, defn) if workflow else {}
        received = local_date(received_at)
        if received < defn.effective_from:
            if not before_effective:
                raise InvalidInput(
                    f"the complaint was received on {received}, before {defn.name} took "
                    f"effect ({defn.effective_from}); check the date, or, to handle it under "
                    f"{defn.name} all the same, give --allow-before-effective")
            noted = {**noted, "before_effective": f"received before {defn.name} took "
                     f"effect on {defn.effective_from}; opened on it all the same"}
        decision = _core.open_case(
            defn, self.calendar, ref=ref or "", received_at=received_at, resident=resident,
            actor=actor, now=self.clock(), email=_one_address(email), channel=channel,
            summary=summary, address=address, adjustments=adjustments, noted=noted,
            review_on=review_on,
        )
        wakeups = plan(defn, self.calendar, None, decision, self.remind_at)
        return self.store.create_case(decision, defn, ref, wakeups=wakeups)

    def standing(self, workflow: str) -> Standing:
        """Where a named workflow stands against the Code edition it extends."""
        return standing(workflow, self.registry)

    def _may_open(self, workflow: str, defn: WorkflowDefinition) -> dict[str, str]:
        """A workflow looser than the Code it extends opens no case unless the landlord
        declares the divergence in the file; then the case records it."""
        st = self.standing(workflow)
        if not st.findings and not defn.divergence:
            return {}
        if st.findings and not defn.divergence:
            raise ActionRefused(
                f"workflow {defn.name} is looser than {st.baseline} in {len(st.findings)} "
                f"way{'s' if len(st.findings) != 1 else ''}, so no case can open on it:\n"
                + "\n".join(f"  {f}" for f in st.findings)
                + "\nTighten it, or if the landlord knowingly differs, say so in the file: "
                "divergence: {reason: ..., approved_by: ...}")
        n = len(st.findings)
        looser = f"; looser than {st.baseline} in {n} way{'s' if n != 1 else ''}" if n else ""
        return {"divergence": f"{defn.divergence.get('reason', '')} (approved by "
                              f"{defn.divergence.get('approved_by', '')}){looser}"}

    def act(
        self, ref: str, action: str, fields: Mapping[str, str], actor: str
    ) -> Decision:
        """Apply an action at the clock's time and write the letters it produces; the
        case, its event and its letters are saved in one version-checked transaction."""
        return self.act_with_letters(ref, action, fields, actor)[0]

    def act_with_letters(
        self, ref: str, action: str, fields: Mapping[str, str], actor: str
    ) -> tuple[Decision, list[Letter]]:
        self.checked(fields, actor)
        return once_more(ref, lambda: self._act(ref, action, fields, actor))

    def _act(self, ref: str, action: str, fields: Mapping[str, str], actor: str
             ) -> tuple[Decision, list[Letter]]:
        with self.store.for_change() as conn:
            # read once; the write checks the version read
            loaded = self.store.load_for_change(ref, conn)
            case = loaded.case
            defn = self.store.definition(case.digest)
            validate_interval(defn, fields)
            adef = defn.actions.get(action)
            if adef is not None and adef.effect == "link":
                return self._link(loaded, defn, action, fields, actor, conn), []
            decision = _core.apply(defn, self.calendar, case, action, fields, actor,
                                   self.clock())
            letters = for_decision(defn, decision, self.letters)
            wakeups = plan(defn, self.calendar, case, decision, self.remind_at)
            numbers = self.store.commit(decision, case.version, letters, wakeups,
                                        self.mailer(defn) if letters else None,
                                        loaded=loaded, conn=conn)
        return decision, [replace(ltr, seq=n) for ltr, n in zip(letters, numbers, strict=True)]

    def _link(self, loaded: Loaded, defn: WorkflowDefinition, action: str,
              fields: Mapping[str, str], actor: str, conn: Connection | None) -> Decision:
        """A link (2024 6.8) is recorded on both cases in one transaction."""
        from ._errors import CaseNotFound

        now = self.clock()
        case = loaded.case
        target = fields.get("linked_case", "").strip()
        try:
            theirs_loaded = self.store.load_for_change(target, conn) if target else None
        except CaseNotFound:
            theirs_loaded = None
        other = None if theirs_loaded is None else theirs_loaded.case
        if other is not None:  # recorded by its own reference, however it was typed
            fields = {**fields, "linked_case": other.ref}
        decision = _core.apply(defn, self.calendar, case, action, fields, actor, now,
                               other=other)
        assert other is not None and theirs_loaded is not None  # apply refuses no case
        other_defn = self.store.definition(other.digest)
        folded = decision.case.state != case.state
        theirs = _core.linked(other_defn, other, case.ref,
                              fields.get("relation", "").strip().lower(), folded, actor, now)
        sides = sorted([(loaded, decision, defn), (theirs_loaded, theirs, other_defn)],
                       key=lambda x: x[0].case.ref)  # one order for every writer's locks
        with nullcontext(conn) if conn is not None else self.store.writing() as tx:
            for before, dec, d in sides:
                self.store.commit_in(tx, dec, before.case.version,
                                     wakeups=plan(d, self.calendar, before.case, dec,
                                                  self.remind_at), loaded=before)
        return decision

    def checked(self, fields: Mapping[str, str], actor: str, note: str = "") -> None:
        """What an officer types with an action, checked before anything is loaded: who
        acts (a name), each field (text), a note (one line); each within its limit."""
        lim = self.config.limits
        _inputs.name(actor, "--by", lim)
        _inputs.one_line(note, "--note", lim)
        for key, value in fields.items():
            _inputs.name(key, "a field name", lim)
            _inputs.text(value, f"field {key}", lim)

    def letter_sent(self, ref: str, seq: int, on: date | None, note: str,
                    actor: str) -> datetime:
        """Record that letter `seq` left by another route on `on` (default: now)."""
        self.checked({}, actor, note)
        return once_more(ref, lambda: self.store.letter_sent(
            ref, seq, on, note, actor, self.calendar, self.clock(), self.remind_at))

    def withdraw_letter(self, ref: str, seq: int, note: str, actor: str) -> Decision:
        """Withdraw a letter that has not left, so its action can be taken again."""
        self.checked({}, actor, note)
        return once_more(ref, lambda: self.store.withdraw_letter(
            ref, seq, note, actor, self.calendar, self.clock(), self.remind_at))

    def contact(self, ref: str, actor: str, **changes: Any) -> Decision:
        """Record new contact details or reasonable adjustments on a case."""
        self.checked({}, actor)
        lim = self.config.limits
        for key, value in changes.items():
            if key == "email" and value is not None:
                _inputs.name(value, "--email", lim)
            elif key == "adjustments":
                for what, note in value.items():
                    _inputs.one_line(note, f"adjustment {what}", lim)
            elif isinstance(value, str):
                _inputs.one_line(value, f"--{key}", lim)
        if "email" in changes:
            changes["email"] = _one_address(changes["email"])

        def work() -> Decision:
            with self.store.for_change() as conn:
                loaded = self.store.load_for_change(ref, conn)
                case = loaded.case
                defn = self.store.definition(case.digest)
                decision = _core.update_contact(case, actor=actor, now=self.clock(),
                                                defn=defn, calendar=self.calendar, **changes)
                self.store.commit(decision, case.version,
                                  wakeups=plan(defn, self.calendar, case, decision,
                                               self.remind_at), loaded=loaded, conn=conn)
            return decision

        return once_more(ref, work)

    def preview(self, ref: str, kind: str, fields: Mapping[str, str]) -> Letter:
        """Render a letter of `kind` for a case; store nothing.

        When the letter's action can be taken now, the preview is what taking it with
        `fields` would send (new dates included); otherwise the letter is rendered from
        the case as it stands, with `fields` added.
        """
        case = self.store.load(ref)
        defn = self.store.definition(case.digest)
        spec = defn.letters.get(kind)
        if spec is None:
            from ._text import did_you_mean

            raise InvalidInput(f"workflow {defn.name} has no letter {kind!r}"
                               f"{did_you_mean(kind, defn.letters)}; letters: "
                               f"{', '.join(defn.letters) or 'none'}")
        now = self.clock()
        stage = defn.states[case.state].stage
        if spec.applies(spec.action, case.state, stage):
            decision = _core.apply(defn, self.calendar, case, spec.action, fields, "preview",
                                   now)
            found = [x for x in for_decision(defn, decision, self.letters, preview=True)
                     if x.kind == kind]
            return found[0]
        known = {f for a in defn.actions.values() for f in a.fields}
        for name in fields:
            if name not in known:
                from ._text import did_you_mean

                raise InvalidInput(f"workflow {defn.name} has no field {name!r}"
                                   f"{did_you_mean(name, known)}")
        state = spec.sources[0] if spec.sources else case.state
        stage = spec.stage or (defn.states[state].stage if state in defn.states else None)
        ctx = context(defn, spec, case, self.letters, stage=stage,
                      fields={**case.data, **fields},
                      deadline=case.deadline(spec.due) if spec.due else None,
                      previous_due=None, now=now)
        return compose(defn, spec, ctx, self.letters, channel=case.channel,
                       action=spec.action, created_at=now, preview=True)

    def cases(
        self,
        *,
        state: str | None = None,
        overdue: bool = False,
        due_within: int | None = None,
    ) -> list[Case]:
        from .store._lists import find_cases  # (an action's process never lists)

        with self.store.reading() as fetch:
            return find_cases(fetch, self.clock(), state=state, overdue=overdue,
                              due_within=due_within)


def _one_address(email: str | None) -> str | None:
    """`--email` as exactly one valid address. Nothing (None or blank) is left for the
    core to judge, and so is a value with a line break or an encoded word, which the core
    refuses in its own words (they could forge a header, not merely fail to deliver)."""
    from ._text import has_encoded_word, has_line_break

    if email is None or not email.strip() or has_line_break(email) or \
            has_encoded_word(email):
        return email
    return valid_email(email, "--email")
