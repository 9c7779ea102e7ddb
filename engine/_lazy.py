"""Lazy public names: a package names what callers may use without importing it yet.

A read-only command (`case show` on SQLite) must start without loading SQLAlchemy,
Jinja or APScheduler, so no package's `__init__` imports its modules; a name is
imported from its module the first time it is asked for, and kept.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: `exports` maps each public name to the
    module (relative to `package`) it lives in."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
