"""The operator's configuration file (TOML): closures, workflow folders, landlord details.

Found at --config, else $REDRESS_CONFIG, else ./redress.toml if present. Sections that
later capabilities read (mail, smtp, landlord, ombudsman) are accepted as they are.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ._errors import ConfigError
from ._text import did_you_mean

SECTIONS = ("calendar", "workflows", "landlord", "ombudsman", "letters", "mail", "smtp",
            "runner", "alerts", "reports")


MAX_DEPTH = 64  # as for workflow files; no setting needs more than three levels
DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels"


def too_deep(value: Any) -> bool:
    """Whether tables and arrays nest deeper than MAX_DEPTH (walked without recursion:
    dotted table names nest without limit and without recursing in tomllib)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else \
            item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    closures: frozenset[date] = frozenset()
    workflow_dirs: tuple[Path, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)


def load_config(path: str | None) -> Config:
    chosen = path or os.environ.get("REDRESS_CONFIG")
    if chosen is None:
        default = Path("redress.toml")
        if not default.is_file():
            return Config()
        chosen = str(default)
    p = Path(chosen)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: {exc}") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise ConfigError(f"{p}: {DEPTH_MESSAGE}") from None
    if too_deep(raw):
        raise ConfigError(f"{p}: {DEPTH_MESSAGE}")
    for key in raw:
        if key not in SECTIONS:
            raise ConfigError(f"{p}: unknown section [{key}]{did_you_mean(key, SECTIONS)}")
    cal = raw.get("calendar", {})
    closures: set[date] = set()
    for i, value in enumerate(cal.get("closures", [])):
        if isinstance(value, date):
            closures.add(value)
            continue
        try:
            closures.add(date.fromisoformat(str(value)))
        except ValueError:
            raise ConfigError(
                f"{p}: calendar.closures[{i}] must be a date like 2026-12-29, got: {value!r}"
            ) from None
    dirs = tuple((p.parent / d) for d in raw.get("workflows", {}).get("paths", []))
    return Config(p, frozenset(closures), dirs, raw)
