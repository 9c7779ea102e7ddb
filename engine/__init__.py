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

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._calendar import WorkingCalendar as WorkingCalendar
    from ._compliance import check_against as check_against
    from ._config import Config as Config
    from ._config import load_config as load_config
    from ._core import Case as Case
    from ._core import Deadline as Deadline
    from ._core import Decision as Decision
    from ._core import Event as Event
    from ._core import apply as apply
    from ._core import open_case as open_case
    from ._definition import WorkflowDefinition as WorkflowDefinition
    from ._definition import build as build
    from ._definition import from_resolved as from_resolved
    from ._definition import load_document as load_document
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
    from ._registry import Registry as Registry
    from ._service import Desk as Desk
    from ._store import Store as Store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
