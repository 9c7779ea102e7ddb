"""The store: its tables as SQLAlchemy Core (`_tables`), the `Store` that saves an action,
its deadlines, events, letters and wake-ups in one transaction (`_store`), the plain-SQL
reads shared with the fast read-only path that starts without SQLAlchemy (`_reader`),
how cases and histories read to people and as JSON (`_views`), `audit verify`'s replay
check (`_verify`), legal holds, erasure and retention (`_erase`), whether work the
database broke off is tried again (`_retry`), and the Alembic migrations (`_migrate`,
`migrations/`).

May import `letters`, `cases`, `workflow` and the base modules; never `runner`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "Store": "._store",
    "safe_url": "._store",
    "SCRIPTS": "._migrate",
    "head": "._migrate",
    "upgrade": "._migrate",
    "SCHEMA_HEAD": "._reader",
    "Fetch": "._reader",
    "events_of": "._reader",
    "CaseFilter": "._lists",
    "find_cases": "._lists",
    "iter_cases": "._lists",
    "iter_listed": "._lists",
    "Listed": "._lists",
    "letter_of": "._reader",
    "letters_of": "._reader",
    "load_case": "._reader",
    "resolved_definition": "._reader",
    "postgres_reader": "._reader",
    "sqlite_path": "._reader",
    "sqlite_reader": "._reader",
    "case_dict": "._views",
    "case_text": "._views",
    "deadline_lines": "._views",
    "event_dict": "._views",
    "history_text": "._views",
    "letter_dict": "._views",
    "workflow_text": "._views",
    "JOBS": "._tables",
    "metadata": "._tables",
    "PARTIAL": "._tables",
    "Verification": "._verify",
    "last_verified": "._verify",
    "usable_cpus": "._verify",
    "verify": "._verify",
    "anonymise_due": "._erase",
    "erase_case": "._erase",
    "hold_case": "._erase",
    "release_case": "._erase",
    "interruption": "._retry",
    "retrying": "._retry",
    "BUSY": "._retry",
    "DEADLOCK": "._retry",
    "LOST": "._retry",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._erase import anonymise_due as anonymise_due
    from ._erase import erase_case as erase_case
    from ._erase import hold_case as hold_case
    from ._erase import release_case as release_case
    from ._lists import CaseFilter as CaseFilter
    from ._lists import Listed as Listed
    from ._lists import find_cases as find_cases
    from ._lists import iter_cases as iter_cases
    from ._lists import iter_listed as iter_listed
    from ._migrate import SCRIPTS as SCRIPTS
    from ._migrate import head as head
    from ._migrate import upgrade as upgrade
    from ._reader import SCHEMA_HEAD as SCHEMA_HEAD
    from ._reader import Fetch as Fetch
    from ._reader import events_of as events_of
    from ._reader import letter_of as letter_of
    from ._reader import letters_of as letters_of
    from ._reader import load_case as load_case
    from ._reader import postgres_reader as postgres_reader
    from ._reader import resolved_definition as resolved_definition
    from ._reader import sqlite_path as sqlite_path
    from ._reader import sqlite_reader as sqlite_reader
    from ._retry import BUSY as BUSY
    from ._retry import DEADLOCK as DEADLOCK
    from ._retry import LOST as LOST
    from ._retry import interruption as interruption
    from ._retry import retrying as retrying
    from ._store import Store as Store
    from ._store import safe_url as safe_url
    from ._tables import JOBS as JOBS
    from ._tables import PARTIAL as PARTIAL
    from ._tables import metadata as metadata
    from ._verify import Verification as Verification
    from ._verify import last_verified as last_verified
    from ._verify import usable_cpus as usable_cpus
    from ._verify import verify as verify
    from ._views import case_dict as case_dict
    from ._views import case_text as case_text
    from ._views import deadline_lines as deadline_lines
    from ._views import event_dict as event_dict
    from ._views import history_text as history_text
    from ._views import letter_dict as letter_dict
    from ._views import workflow_text as workflow_text
