"""The shell's one entry point for case work: load, decide (pure core), save.

The CLI, the demo and tests call these; the runner will too. The definition a case runs
on is the one stored with it, never the file as it is today.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from . import _core
from ._calendar import WorkingCalendar
from ._clock import Clock, local_date, system_clock
from ._config import Config
from ._core import Case, Decision
from ._definition import WorkflowDefinition
from ._errors import InvalidInput
from ._reader import find_cases
from ._registry import Registry
from ._store import Store

GENERATED_REF = re.compile(r"\d{4}-\d{5,}")


@dataclass
class Desk:
    """Everything case work needs, wired once per process."""

    store: Store
    registry: Registry
    calendar: WorkingCalendar
    clock: Clock = system_clock

    @classmethod
    def open(cls, db_url: str, config: Config, clock: Clock = system_clock) -> Desk:
        return cls(Store(db_url), Registry(config.workflow_dirs),
                   WorkingCalendar(config.closures), clock)

    def choose_workflow(self, name: str | None, received: date) -> WorkflowDefinition:
        if name:
            return self.registry.load(name)
        editions = [d for d in self.registry.baselines() if d.effective_from <= received]
        if not editions:
            first = self.registry.baselines()[0]
            raise InvalidInput(
                f"no Code edition was in force on {received}: the first, {first.name}, "
                f"applies from {first.effective_from}; choose one with --workflow"
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
    ) -> Case:
        if ref is not None and GENERATED_REF.fullmatch(ref):
            raise InvalidInput(f"--ref {ref!r} looks like a reference redress generates "
                               "(YEAR-NNNNN); use your system's own form, e.g. WEB-{ref}")
        if ref is not None and not ref.strip():
            raise InvalidInput("--ref must not be empty")
        defn = self.choose_workflow(workflow, local_date(received_at))
        decision = _core.open_case(
            defn, self.calendar, ref=ref or "", received_at=received_at, resident=resident,
            actor=actor, now=self.clock(), email=email, channel=channel, summary=summary,
        )
        new_ref = self.store.create(decision, defn, ref)
        return self.store.load(new_ref)

    def act(
        self, ref: str, action: str, fields: Mapping[str, str], actor: str
    ) -> Decision:
        """Apply an action at the clock's time; one transaction, version-checked."""
        case = self.store.load(ref)
        defn = self.store.definition(case.digest)
        decision = _core.apply(defn, self.calendar, case, action, fields, actor, self.clock())
        self.store.commit(decision, case.version)
        return decision

    def cases(
        self,
        *,
        state: str | None = None,
        overdue: bool = False,
        due_within: int | None = None,
    ) -> list[Case]:
        with self.store.reading() as fetch:
            return find_cases(fetch, self.clock(), state=state, overdue=overdue,
                              due_within=due_within)
