"""The operator's configuration file (TOML): closures, workflow folders, landlord details.

Found at --config, else $REDRESS_CONFIG, else ./redress.toml if present. Read strictly,
and whole, before any command runs: every table and key must be one redress knows
(else "did you mean"), every value of its kind (an address a list of lines, an email
one valid address, a folder one that exists). A UTF-8 byte order mark is accepted.

The kinds are checked by the small table below rather than a validation library such
as pydantic: every command reads this file, and importing pydantic would double the
start-up time of a read-only `case show` (about 150 ms on top of about 140 ms).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from . import _inputs
from ._errors import ConfigError, InvalidInput
from ._inputs import Limits
from ._text import did_you_mean
from .cases._privacy import RETENTION_YEARS

# table -> key -> kind (checked by `_check`); what each key does is in README
SCHEMA: dict[str, dict[str, str]] = {
    "calendar": {"closures": "dates"},
    "workflows": {"paths": "folders"},
    "landlord": {"name": "name", "address": "lines", "complaints_email": "email",
                 "complaints_phone": "line", "signatory_role": "line", "website": "line"},
    "ombudsman": {"name": "name", "telephone": "line", "email": "email", "website": "line",
                  "complaint_form": "line", "address": "lines"},
    "letters": {"templates": "folders"},
    "mail": {"transport": "line", "from": "email", "outbox_dir": "path", "print_dir": "path",
             "max_attempts": "count", "retry_seconds": "number",
             "retry_max_seconds": "number", "lease_seconds": "number"},
    "smtp": {"host": "line", "port": "count", "starttls": "flag", "tls": "flag",
             "username": "line", "from": "email", "timeout": "number", "password_env": "line",
             "validate_certs": "flag", "password": "line", "connections": "count"},
    "alerts": {"team": "email", "people": "emails"},
    "runner": {"poll_seconds": "number", "remind_at": "time", "batch_size": "count"},
    "limits": {"name": "count", "line": "count", "text": "count"},
    "retention": {"years_after_closure": "years"},
    "self_assessment": {"code_text": "path"},
    "reports": {"extensions": "line", "acknowledgement": "flag", "homes": "count"},
}
SECTIONS = tuple(SCHEMA)


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
    limits: Limits = field(default_factory=Limits)


def load_config(path: str | None) -> Config:
    chosen = path or os.environ.get("REDRESS_CONFIG")
    if chosen is None:
        default = Path("redress.toml")
        if not default.is_file():
            return Config()
        chosen = str(default)
    p = Path(chosen)
    try:
        # utf-8-sig: a byte order mark, as some Windows editors write, is not an error
        raw = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{p}: is a folder, not a config file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
                          ) from None
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read it: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: {exc}") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise ConfigError(f"{p}: {DEPTH_MESSAGE}") from None
    if too_deep(raw):
        raise ConfigError(f"{p}: {DEPTH_MESSAGE}")
    for key, table in raw.items():
        if key not in SCHEMA:
            raise ConfigError(f"{p}: unknown section [{key}]{did_you_mean(key, SECTIONS)}")
        if not isinstance(table, dict):
            raise ConfigError(f"{p}: [{key}] must be a table of settings, got: {table!r}")
        known = SCHEMA[key]
        for name, value in table.items():
            if name not in known:
                raise ConfigError(f"{p}: unknown key {name!r} in [{key}]"
                                  f"{did_you_mean(name, known)}; keys: {', '.join(known)}")
            _check(p, f"{key}.{name}", known[name], value)
    closures: set[date] = set()
    for value in raw.get("calendar", {}).get("closures", []):
        closures.add(value if isinstance(value, date) else date.fromisoformat(value))
    dirs = tuple((p.parent / d) for d in raw.get("workflows", {}).get("paths", []))
    return Config(p, frozenset(closures), dirs, raw, Limits.from_table(raw.get("limits", {})))


SIMPLE: dict[str, tuple[Callable[[Any], bool], str]] = {
    "count": (lambda v: type(v) is int and v >= 1, "a whole number of at least 1"),
    "years": (lambda v: type(v) is int and 1 <= v <= 100,
              "a whole number of years from 1 to 100"),
    "number": (lambda v: type(v) in (int, float) and v > 0, "a number above 0"),
    "flag": (lambda v: isinstance(v, bool), "true or false"),
    "time": (lambda v: isinstance(v, time | str), 'a time like "09:00"'),
}


def _check(p: Path, key: str, kind: str, value: Any) -> None:
    """One setting of the kind SCHEMA gives it, or ConfigError naming file and key."""
    def bad(wanted: str) -> ConfigError:
        return ConfigError(f"{p}: {key} must be {wanted}, got: {value!r}")

    try:
        if kind in ("name", "line", "email", "path"):
            if not isinstance(value, str):
                raise bad("text in quotes")
            (_inputs.name if kind == "name" else _inputs.one_line)(value, key)
            if kind == "email" and value.strip():
                from .letters._mail import valid_email

                valid_email(value, key)
        elif kind == "lines":
            if not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
                raise bad('a list of lines, like ["1 Quay Street", "Anytown", "AN1 2QS"]')
            for i, line in enumerate(value):
                _inputs.one_line(line, f"{key}[{i}]")
        elif kind == "emails":
            if not isinstance(value, dict):
                raise bad('a table of name = "email address"')
            for who, address in value.items():
                _inputs.name(who, f"{key} name {who!r}")
                _check(p, f"{key}.{who}", "email", address)
        elif kind == "folders":
            folders = [value] if isinstance(value, str) else value
            if not (isinstance(folders, list) and all(isinstance(x, str) for x in folders)):
                raise bad('a list of folders, like ["my-folder"]')
            for folder in folders:
                if not (p.parent / folder).is_dir():
                    raise ConfigError(f"{p}: {key}: folder {folder!r} does not exist (folders "
                                      "are taken from where the config file is)")
        elif kind == "dates":
            if not isinstance(value, list):
                raise bad('a list of dates, like ["2026-12-29"]')
            for i, day in enumerate(value):
                if isinstance(day, date) and not isinstance(day, datetime):
                    continue
                try:
                    date.fromisoformat(str(day) if isinstance(day, str) else "?")
                except ValueError:
                    raise ConfigError(f"{p}: {key}[{i}] must be a date like 2026-12-29, "
                                      f"got: {day!r}") from None
        elif not SIMPLE[kind][0](value):
            raise bad(SIMPLE[kind][1])
    except InvalidInput as exc:
        raise ConfigError(f"{p}: {exc}") from None


RETENTION_KEYS = ("years_after_closure",)


def retention_years(config: Config) -> int:
    """`[retention] years_after_closure = 6`: how long a closed case keeps its personal
    data before the runner anonymises it."""
    table = config.raw.get("retention", {})
    where = config.path or "the configuration"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [retention] must be a table")
    for key in table:
        if key not in RETENTION_KEYS:
            raise ConfigError(f"{where}: unknown key retention.{key}"
                              f"{did_you_mean(key, RETENTION_KEYS)}; known: "
                              f"{', '.join(RETENTION_KEYS)}")
    years = table.get("years_after_closure", RETENTION_YEARS)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 100:
        raise ConfigError(f"{where}: retention.years_after_closure must be a whole number "
                          f"of years from 1 to 100, got: {years!r}")
    return years
