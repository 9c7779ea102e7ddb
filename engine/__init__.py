"""redress engine: the public surface. Callers import from here or from a subpackage's
public names, never from a `_` module.

The packages are layers, each importing only those below it (a test reads every import
to hold this; docs/architecture.md draws it):

    (top)     Desk (_service), config, the demo and this surface
    evidence/ a case's evidence bundle for the Ombudsman (timeline, letters, audit)
    runner/   wake-ups fired, the outbox, SMTP/file/print transports, alerts
    store/    tables, the store, the fast reader, views, migrations
    letters/  letter context, rendering, verification, PDF, email building, samples
    cases/    the pure core: cases, deadlines, working days, clock, timers, audit hashing
    workflow/ YAML with lines -> frozen definitions, registry, compliance, state graph
    (base)    _errors (the one error hierarchy), _text, _lazy: every layer may use them

Names are resolved lazily so that a read-only command imports only what it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

_EXPORTS = {
    "WorkingCalendar": ".cases._calendar",
    "Case": ".cases._core",
    "Deadline": ".cases._core",
    "Decision": ".cases._core",
    "Event": ".cases._core",
    "apply": ".cases._core",
    "open_case": ".cases._core",
    "WorkflowDefinition": ".workflow._definition",
    "build": ".workflow._definition",
    "load_document": ".workflow._definition",
    "from_resolved": ".workflow._definition",
    "Registry": ".workflow._registry",
    "Store": ".store._store",
    "Desk": "._service",
    "Config": "._config",
    "load_config": "._config",
    "check_against": ".workflow._compliance",
    "EngineError": "._errors",
    "DefinitionError": "._errors",
    "ActionRefused": "._errors",
    "InvalidInput": "._errors",
    "CaseNotFound": "._errors",
    "ChangedMeanwhile": "._errors",
    "DuplicateCase": "._errors",
    "StoreError": "._errors",
    "ConfigError": "._errors",
    "WorkflowNotFound": "._errors",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._config import Config as Config
    from ._config import load_config as load_config
    from ._errors import ActionRefused as ActionRefused
    from ._errors import CaseNotFound as CaseNotFound
    from ._errors import ChangedMeanwhile as ChangedMeanwhile
    from ._errors import ConfigError as ConfigError
    from ._errors import DefinitionError as DefinitionError
    from ._errors import DuplicateCase as DuplicateCase
    from ._errors import EngineError as EngineError
    from ._errors import InvalidInput as InvalidInput
    from ._errors import StoreError as StoreError
    from ._errors import WorkflowNotFound as WorkflowNotFound
    from ._service import Desk as Desk
    from .cases._calendar import WorkingCalendar as WorkingCalendar
    from .cases._core import Case as Case
    from .cases._core import Deadline as Deadline
    from .cases._core import Decision as Decision
    from .cases._core import Event as Event
    from .cases._core import apply as apply
    from .cases._core import open_case as open_case
    from .store._store import Store as Store
    from .workflow._compliance import check_against as check_against
    from .workflow._definition import WorkflowDefinition as WorkflowDefinition
    from .workflow._definition import build as build
    from .workflow._definition import from_resolved as from_resolved
    from .workflow._definition import load_document as load_document
    from .workflow._registry import Registry as Registry
