"""redress engine: the public surface. Callers import from here, not from `_` modules.

Names are resolved lazily so that a read-only command imports only what it uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "WorkingCalendar": "_calendar",
    "Case": "_core",
    "Deadline": "_core",
    "Decision": "_core",
    "Event": "_core",
    "apply": "_core",
    "open_case": "_core",
    "WorkflowDefinition": "_definition",
    "build": "_definition",
    "load_document": "_definition",
    "from_resolved": "_definition",
    "Registry": "_registry",
    "Store": "_store",
    "Desk": "_service",
    "Config": "_config",
    "load_config": "_config",
    "check_against": "_compliance",
    "EngineError": "_errors",
    "DefinitionError": "_errors",
    "ActionRefused": "_errors",
    "InvalidInput": "_errors",
    "CaseNotFound": "_errors",
    "ChangedMeanwhile": "_errors",
    "DuplicateCase": "_errors",
    "StoreError": "_errors",
    "ConfigError": "_errors",
    "WorkflowNotFound": "_errors",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from ._calendar import WorkingCalendar
    from ._compliance import check_against
    from ._config import Config, load_config
    from ._core import Case, Deadline, Decision, Event, apply, open_case
    from ._definition import WorkflowDefinition, build, from_resolved, load_document
    from ._errors import (
        ActionRefused,
        CaseNotFound,
        ChangedMeanwhile,
        ConfigError,
        DefinitionError,
        DuplicateCase,
        EngineError,
        InvalidInput,
        StoreError,
        WorkflowNotFound,
    )
    from ._registry import Registry
    from ._service import Desk
    from ._store import Store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
