"""The pure core: a case and its deadlines (`_core`: `open_case` and `apply` decide what
an action does and return the new case and its event), the working-day calendar
(`_calendar`), the injected clock and London dates (`_clock`), what each deadline's
wake-ups are and what firing one decides (`_timers`), and the audit hash chain
(`_audit`). Nothing here reads the wall clock, a database, a file or the network.

May import `workflow` and the base modules; never `letters`, `store` or `runner`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "Case": "._core",
    "Deadline": "._core",
    "Decision": "._core",
    "Event": "._core",
    "apply": "._core",
    "open_case": "._core",
    "letter_left": "._core",
    "open_actions": "._core",
    "open_actions_plain": "._core",
    "WorkingCalendar": "._calendar",
    "BANK_HOLIDAY_TABLE": "._calendar",
    "bank_holidays": "._calendar",
    "Clock": "._clock",
    "at_london": "._clock",
    "fixed_clock": "._clock",
    "instant": "._clock",
    "local_date": "._clock",
    "long_date": "._clock",
    "london": "._clock",
    "parse_date": "._clock",
    "parse_instant": "._clock",
    "running_from": "._clock",
    "system_clock": "._clock",
    "EXPIRE": "._timers",
    "REMIND": "._timers",
    "UPDATE": "._timers",
    "RUNNER": "._timers",
    "Wakeup": "._timers",
    "fire": "._timers",
    "plan": "._timers",
    "wakeups_for": "._timers",
    "event_hash": "._audit",
    "verify_chain": "._audit",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._audit import event_hash as event_hash
    from ._audit import verify_chain as verify_chain
    from ._calendar import BANK_HOLIDAY_TABLE as BANK_HOLIDAY_TABLE
    from ._calendar import WorkingCalendar as WorkingCalendar
    from ._calendar import bank_holidays as bank_holidays
    from ._clock import Clock as Clock
    from ._clock import at_london as at_london
    from ._clock import fixed_clock as fixed_clock
    from ._clock import instant as instant
    from ._clock import local_date as local_date
    from ._clock import london as london
    from ._clock import long_date as long_date
    from ._clock import parse_date as parse_date
    from ._clock import parse_instant as parse_instant
    from ._clock import running_from as running_from
    from ._clock import system_clock as system_clock
    from ._core import Case as Case
    from ._core import Deadline as Deadline
    from ._core import Decision as Decision
    from ._core import Event as Event
    from ._core import apply as apply
    from ._core import letter_left as letter_left
    from ._core import open_actions as open_actions
    from ._core import open_actions_plain as open_actions_plain
    from ._core import open_case as open_case
    from ._timers import EXPIRE as EXPIRE
    from ._timers import REMIND as REMIND
    from ._timers import RUNNER as RUNNER
    from ._timers import UPDATE as UPDATE
    from ._timers import Wakeup as Wakeup
    from ._timers import fire as fire
    from ._timers import plan as plan
    from ._timers import wakeups_for as wakeups_for
