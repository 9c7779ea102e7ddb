"""Workflow definitions: the operator's YAML read with file and line for every value
(`_yaml`), validated whole and frozen into a `WorkflowDefinition` (`_definition`, with
the catalogue of letter elements a workflow may require in `_elements`), found by name
and resolved through `extends` (`_registry`), compared with a Code baseline
(`_compliance`), and turned into a state graph (`_machine`, on `transitions`).

The lowest layer: it imports nothing from `cases`, `letters`, `store` or `runner`, only
the base modules (`.._errors`, `.._text`). The element catalogue lives here rather than
in `letters` because a definition is checked against it when it is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "WorkflowDefinition": "._definition",
    "LetterDef": "._definition",
    "TimerDef": "._definition",
    "Requirement": "._definition",
    "build": "._definition",
    "load_document": "._definition",
    "from_resolved": "._definition",
    "canonical_json": "._definition",
    "Registry": "._registry",
    "check_against": "._compliance",
    "baseline_name": "._compliance",
    "available": "._machine",
    "CATALOGUE": "._elements",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._compliance import baseline_name as baseline_name
    from ._compliance import check_against as check_against
    from ._definition import LetterDef as LetterDef
    from ._definition import Requirement as Requirement
    from ._definition import TimerDef as TimerDef
    from ._definition import WorkflowDefinition as WorkflowDefinition
    from ._definition import build as build
    from ._definition import canonical_json as canonical_json
    from ._definition import from_resolved as from_resolved
    from ._definition import load_document as load_document
    from ._elements import CATALOGUE as CATALOGUE
    from ._machine import available as available
    from ._registry import Registry as Registry
