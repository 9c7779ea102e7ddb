"""Static checks run as tests: the engine type-checks under --strict, lint is clean, and
the packages of `engine/` are layers that only ever import downwards."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "engine"

# Lowest first. A module may import its own layer and the layers below it, never above;
# layers side by side (runner and reports, both above store) never import each other.
# The base modules are below every layer: the one error hierarchy and its text helpers.
BASE = frozenset({"_errors", "_text", "_lazy", "_inputs"})
LAYERS = ("base", "workflow", "cases", "letters", "store", ("runner", "reports"), "evidence",
          "top")
RANK = {name: i for i, level in enumerate(LAYERS)
        for name in (level if isinstance(level, tuple) else (level,))}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_mypy_strict_on_engine() -> None:
    done = run("mypy", "engine")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_clean() -> None:
    done = run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


# --- layers -------------------------------------------------------------------------


def layer_of(parts: tuple[str, ...]) -> str:
    """The layer of a module named by its parts below the engine package."""
    if not parts:
        return "top"  # the engine package itself: its public surface
    first = parts[0].removesuffix(".py")
    if first in BASE:
        return "base"
    return first if first in RANK else "top"


def imported(tree: ast.Module, package: tuple[str, ...],
             names: bool = False) -> list[tuple[int, tuple[str, ...]]]:
    """Every engine module a file imports, by line: relative and absolute imports
    anywhere in the file (functions and TYPE_CHECKING blocks included) and
    `import_module("redress.engine...")` calls. `package` is the file's package,
    as parts below the engine; with `names`, a from-import gives each name it takes."""
    found: list[tuple[int, tuple[str, ...]]] = []

    def absolute(name: str) -> tuple[str, ...] | None:
        parts = tuple(name.split("."))
        if parts[:2] == ("redress", "engine"):
            return parts[2:]
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level - 1 > len(package):
                    continue  # above the engine (`redress.cli`): not a layer
                base = package[: len(package) - (node.level - 1)]
                target = base + tuple(node.module.split(".")) if node.module else base
            else:
                got = absolute(node.module or "")
                if got is None:
                    continue
                target = got
            if node.module is None or target == () or names:
                # `from . import _reader` names modules; `from .. import Desk` a name
                # of the package: either way the layer is the one each alias is in.
                for alias in node.names:
                    found.append((node.lineno, (*target, alias.name)))
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                got = absolute(alias.name)
                if got is not None:
                    found.append((node.lineno, got))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
              and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            got = absolute(node.args[0].value)
            if got is not None:
                found.append((node.lineno, got))
    return found


def upward_imports(engine: Path) -> list[str]:
    """One line per import that goes up a layer: FILE:LINE and what it breaks."""
    problems = []
    for path in sorted(engine.rglob("*.py")):
        rel = path.relative_to(engine).parts
        package, own = rel[:-1], layer_of(rel)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, target in imported(tree, package):
            theirs = layer_of(target)
            if RANK[theirs] > RANK[own] or (RANK[theirs] == RANK[own] and theirs != own):
                name = ".".join(("redress", "engine", *target))
                problems.append(
                    f"{path.relative_to(engine.parent)}:{line}: {own} imports {name} "
                    f"({theirs}); a layer imports only the layers below it")
    return problems


def test_no_layer_imports_a_higher_one() -> None:
    problems = upward_imports(ENGINE)
    assert problems == [], "\n".join(problems)


def test_upward_imports_are_found_with_file_and_line(tmp_path: Path) -> None:
    """The check itself: a deliberately wrong tree is caught, every way an import
    can be written."""
    engine = tmp_path / "engine"
    files = {
        "__init__.py": "from .cases._core import Case\n",
        "_errors.py": "class EngineError(Exception):\n    pass\n",
        "_service.py": "from .runner._runner import Runner\n",
        "cases/__init__.py": "",
        "cases/_core.py": """\
            from __future__ import annotations
            from typing import TYPE_CHECKING

            from .._errors import EngineError
            from ..workflow._definition import WorkflowDefinition
            if TYPE_CHECKING:
                from ..letters._compose import Letter
            """,
        "workflow/__init__.py": "",
        "workflow/_definition.py": """\
            def late():
                from redress.engine.store import Store
                import redress.engine.runner._jobs
            """,
        "letters/__init__.py": "",
        "letters/_compose.py": "from .. import Desk\nfrom .._service import remind_time\n",
        "store/__init__.py": "",
        "store/migrations/env.py": 'import_module("redress.engine.runner._outbox")\n',
        "runner/__init__.py": "",
        "runner/_runner.py": "from ..store import _reader\nfrom .. import _errors\n",
        "reports/__init__.py": "",
        "reports/_tsm.py": "from ..store._store import Store\nfrom ..runner import Outbox\n",
    }
    for name, text in files.items():
        (engine / name).parent.mkdir(parents=True, exist_ok=True)
        (engine / name).write_text(textwrap.dedent(text))
    problems = upward_imports(engine)
    assert problems == [
        "engine/cases/_core.py:7: cases imports redress.engine.letters._compose (letters); "
        "a layer imports only the layers below it",
        "engine/letters/_compose.py:1: letters imports redress.engine.Desk (top); "
        "a layer imports only the layers below it",
        "engine/letters/_compose.py:2: letters imports redress.engine._service (top); "
        "a layer imports only the layers below it",
        "engine/reports/_tsm.py:2: reports imports redress.engine.runner (runner); "
        "a layer imports only the layers below it",
        "engine/store/migrations/env.py:1: store imports redress.engine.runner._outbox "
        "(runner); a layer imports only the layers below it",
        "engine/workflow/_definition.py:2: workflow imports redress.engine.store (store); "
        "a layer imports only the layers below it",
        "engine/workflow/_definition.py:3: workflow imports redress.engine.runner._jobs "
        "(runner); a layer imports only the layers below it",
    ]


# --- the public surface ---------------------------------------------------------------

PUBLIC = [
    "ActionRefused", "Case", "CaseNotFound", "ChangedMeanwhile", "Config", "ConfigError",
    "Deadline", "Decision", "DefinitionError", "Desk", "DuplicateCase", "EngineError",
    "Event", "InvalidInput", "Registry", "Store", "StoreError", "WorkflowDefinition",
    "WorkflowNotFound", "WorkingCalendar", "apply", "build", "check_against",
    "from_resolved", "load_config", "load_document", "open_case",
]
SUBPACKAGES = sorted(p.parent.name for p in ENGINE.glob("*/__init__.py"))


def test_public_names_are_unchanged_and_resolve() -> None:
    import redress.engine as engine

    assert engine.__all__ == PUBLIC
    for name in PUBLIC:
        assert getattr(engine, name).__name__ == name


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_every_subpackage_name_resolves(name: str) -> None:
    module = importlib.import_module(f"redress.engine.{name}")
    assert module.__doc__ and "import" in module.__doc__  # says what it may import
    assert module.__all__
    for public in module.__all__:
        assert hasattr(module, public), f"redress.engine.{name}.{public}"
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        _ = module.nothing_here


# Tests that reach a private module on purpose, and why; anything else goes through
# `redress.engine` or a subpackage's public names.
PRIVATE_ON_PURPOSE = {
    ("test_store.py", "redress.engine.store._store"): "breaks the hashing and a table "
    "class inside the store, to show an action is all or nothing",
    ("test_letters.py", "redress.engine.letters._samples"): "replaces compose inside the "
    "sample path, to show `letters check` renders every letter",
    ("test_post_letters_once.py", "redress.engine.letters._pdf"): "wraps the one function "
    "that makes a letter's PDF, to count the PDFs an action and the runner make",
    ("test_post_letters_once.py", "redress.engine.runner._transports"): "has the print "
    "transport let an officer act while the runner prints",
    ("test_open_actions_memo.py", "redress.engine.cases._core"): "shrinks the memo of "
    "open actions and looks inside it, to show it starts again when full and goes with "
    "its definition",
    ("test_letter_safety.py", "redress.engine.letters._render"): "compares the HTML's "
    "words read without a parser with a parser's, and renders a template twice to show "
    "its kept safety check is made again when a file changes",
    ("test_letters.py", "redress.engine.letters._mail"): "builds the same message with the "
    "standard library and the mailer, to show reused headers change no byte",
    ("test_mail_encoding.py", "redress.engine.letters._mime"): "installs the faster text "
    "encoder in the standard policies, to compare its bytes with theirs",
    ("test_mail_encoding.py", "redress.engine.letters._mail"): "reads back messages made "
    "with the mailer's policy",
    ("test_rules.py", "redress.engine.cases._core"): "compares the core's own copy of a "
    "record with `dataclasses.replace`'s",
    ("test_verify_batches.py", "redress.engine.store._verify"): "has an officer act "
    "between a batch's first query and the rest, to show a batch reads one snapshot",
}


def private_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for line, target in imported(tree, (), names=True):
        if len(target) >= 2 and target[1].startswith("_"):
            found.append((line, ".".join(("redress", "engine", *target))))
    return found


def test_cli_and_tests_use_public_names() -> None:
    wrong = []
    for path in [ROOT / "cli.py", *sorted((ROOT / "tests").glob("*.py"))]:
        for line, name in private_imports(path):
            module = ".".join(name.split(".")[:4])
            if (path.name, module) not in PRIVATE_ON_PURPOSE:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert wrong == []


def test_a_read_only_command_loads_no_database_or_mail_library(tmp_path: Path) -> None:
    """`case show` on SQLite answers through the standard library's sqlite3: the lazy
    package surfaces must not pull SQLAlchemy, Jinja, APScheduler or aiosmtplib in."""
    db = tmp_path / "r.db"
    opened = subprocess.run(
        [sys.executable, "-c", "from redress.cli import main; main()", "--db",
         f"sqlite:///{db}", "--now", "2026-11-02", "case", "open", "--received",
         "2026-11-02", "--resident", "Ms A Example", "--email", "a@example.org"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert opened.returncode == 0, opened.stderr
    ref = opened.stdout.split()[0]
    probe = textwrap.dedent(f"""
        import sys
        from redress.cli import main
        try:
            main(["--db", "sqlite:///{db}", "case", "show", "{ref}"])
        except SystemExit as exit:
            assert exit.code in (0, None), exit.code
        heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "jinja2", "apscheduler",
                                   "aiosmtplib", "alembic", "fpdf") if m in sys.modules)
        print("loaded:", heavy)
        """)
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           cwd=tmp_path, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert ref in shown.stdout
    assert shown.stdout.strip().endswith("loaded: []")
