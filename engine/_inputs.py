"""Every value a person types, checked where it enters, one function per kind.

A name, a one-line value or a block of text must be printable: control and format
characters (Unicode categories Cc, Cf, Zl, Zp: NUL, ESC, BEL, a right-to-left override,
a zero-width space, a line separator) could forge a line in `case history`, hide text in
a letter, or fail on PostgreSQL (NUL). Text that may run over several lines keeps line
feeds and tabs, nothing else of those. Each kind has a size limit, so one value cannot
fill the database; `[limits]` in the config file changes them. A number is ASCII digits
only (`int()` would read an Arabic-Indic five as 5).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ._errors import InvalidInput
from ._text import has_line_break

LINE_BREAK = ("a line break (CR, LF or a Unicode line separator), which could forge an "
              "email header or a line of the record")
REFUSED = frozenset({"Cc", "Cf", "Zl", "Zp"})
IN_TEXT = frozenset("\n\t")  # all a multi-line value may hold of those categories


@dataclass(frozen=True)
class Limits:
    """Characters a value may have, by kind (defaults documented in README)."""

    name: int = 200  # a resident's name, who acts (--by), a reference, an email address
    line: int = 1_000  # one line: a summary, a note, a postal address
    text: int = 20_000  # a field of a letter or a record: reasons, an explanation

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Limits:
        """From `[limits]`; the config module has checked the keys and their types."""
        return cls(**{f.name: int(table[f.name]) for f in fields(cls) if f.name in table})


DEFAULT = Limits()


def _bad_character(value: str, allowed: frozenset[str]) -> str | None:
    for ch in value:
        if ch not in allowed and unicodedata.category(ch) in REFUSED:
            return ch
    return None


CONTROL_NAMES = {"\0": "NUL", "\a": "BEL", "\b": "BACKSPACE", "\t": "TAB",
                 "\n": "LINE FEED", "\v": "LINE TABULATION", "\f": "FORM FEED",
                 "\r": "CARRIAGE RETURN", "\x1b": "ESC", "\x7f": "DELETE"}


def _describe(ch: str) -> str:
    name = CONTROL_NAMES.get(ch) or unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()


def _checked(value: str, what: str, limit: int, allowed: frozenset[str], kind: str) -> str:
    if len(value) > limit:
        raise InvalidInput(f"{what} is too long: {len(value)} characters, at most {limit} "
                           f"for {kind} (set [limits] in the config file to change it)")
    bad = _bad_character(value, allowed)
    if bad is not None and not allowed and has_line_break(bad):
        raise InvalidInput(f"{what} must be one line: it contains {LINE_BREAK}")
    if bad is not None:
        lines = " (only line feeds and tabs are allowed)" if allowed else ""
        raise InvalidInput(f"{what} contains a control or format character ({_describe(bad)})"
                           f"{lines}; type it as plain text")
    return value


def name(value: str, what: str, limits: Limits = DEFAULT) -> str:
    """A name on one line: a resident, who acts, a reference, an address to email."""
    return _checked(value, what, limits.name, frozenset(), "a name")


def one_line(value: str, what: str, limits: Limits = DEFAULT) -> str:
    """A short value on one line."""
    return _checked(value, what, limits.line, frozenset(), "one line")


def text(value: str, what: str, limits: Limits = DEFAULT) -> str:
    """Text that may run over several lines (line feeds and tabs only)."""
    return _checked(value, what, limits.text, IN_TEXT, "text")


def whole_number(value: str, what: str) -> int:
    """A whole number written in ASCII digits (a sign is not a digit: none is allowed)."""
    raw = value.strip()
    if not raw or not (raw.isascii() and raw.isdigit()):
        raise InvalidInput(f"{what} must be a whole number in digits 0-9, got: {value!r}")
    return int(raw)


def decoded(value: str, what: str) -> str:
    """A command-line argument or environment value that was not valid UTF-8 arrives with
    surrogate escapes; it is refused here, naming where it came from."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise InvalidInput(f"{what} is not valid UTF-8 text: {shown!r}; check the terminal's "
                           "or the script's character encoding") from None
    return value
