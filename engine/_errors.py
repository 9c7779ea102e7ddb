"""One error hierarchy: every expected failure is an EngineError with the facts in it.

The CLI maps these to exit codes and plain messages; nothing here is ever shown as a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class EngineError(Exception):
    """Base of every expected error. `exit_code` is what the CLI returns."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file, pointing at its file and line."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class DefinitionError(EngineError):
    """A workflow file is invalid; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class WorkflowNotFound(EngineError, LookupError):
    def __init__(self, name: str, known: list[str]) -> None:
        from ._text import did_you_mean

        self.name = name
        super().__init__(f"no workflow named {name!r}{did_you_mean(name, known)}")


class CaseNotFound(EngineError, LookupError):
    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"no case with reference {ref!r}")


class DuplicateCase(EngineError):
    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(f"a case with reference {ref!r} already exists")


class ActionRefused(EngineError):
    """A rule of the workflow refuses the action; `code` is the provision behind it."""

    def __init__(self, message: str, code: str | None = None) -> None:
        self.code = code
        self.reason = message
        super().__init__(f"{message} (Code {code})" if code else message)


class InvalidInput(EngineError):
    """A value given by the user cannot be used (bad date, unknown field, ...)."""


class ChangedMeanwhile(EngineError):
    def __init__(self, ref: str, why: str = "") -> None:
        self.ref = ref
        super().__init__(f"case {ref} was changed meanwhile by someone else"
                         + (f" ({why})" if why else "") + "; nothing was saved, try again")


class StoreError(EngineError):
    """The database cannot be used (unreachable, locked, unsupported, not migrated)."""


class Interrupted(EngineError):
    """Stopped by Ctrl-C (SIGINT) or SIGTERM before the end: the shell's usual 130."""

    exit_code = 130


class StoreInterrupted(StoreError):
    """The database broke off a unit of work that may succeed if tried again: a deadlock
    or serialization failure (rolled back for certain), a lock wait that ran out, or a
    lost connection (a commit in flight may or may not have happened). `kind` says which;
    `store._retry.retrying` decides from it whether to try again."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


class ConfigError(EngineError):
    """The configuration file is unreadable or has a bad value."""


class LetterRefused(EngineError):
    """A letter would go out without a mandatory element, or its template is broken.

    Carries every problem at once, each naming the element and the provision behind it,
    so the officer can put all of them right before trying again.
    """

    def __init__(self, kind: str, problems: list[str],
                 outcome: str = "refused; nothing was saved") -> None:
        self.kind = kind
        self.problems = problems
        super().__init__(f"letter {kind} {outcome}:\n"
                         + "\n".join(f"  - {p}" for p in problems))
