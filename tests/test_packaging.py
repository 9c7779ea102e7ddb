"""`pip install .` ships the whole engine: every package, the migrations, the workflows,
the letter templates and the fonts.

The tests run against the installed package (the repository folder is not itself named
`redress`), so after the README's `pip install '.[test]'` they look at what pip put in
site-packages. The pyproject check holds for any install, editable ones included.
"""

from __future__ import annotations

import importlib
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
import redress.engine

ROOT = Path(__file__).resolve().parents[1]
# `redress` itself is a namespace package (no __init__.py): find it from its engine
INSTALLED = Path(redress.engine.__file__).resolve().parents[1]
SHIPPED = ("engine", "workflows", "letter_templates")
DATA = ("*.py", "py.typed", "*.mako", "*.yaml", "*.j2", "*.toml", "*.ttf", "*.txt")


def source_files() -> list[Path]:
    """Every file of the source tree that belongs in the package, relative to its root."""
    found = []
    for top in SHIPPED:
        for path in sorted((ROOT / top).rglob("*")):
            if (path.is_file() and "__pycache__" not in path.parts
                    and any(fnmatch(path.name, p) for p in DATA)):
                found.append(path.relative_to(ROOT))
    return found


def test_the_source_tree_has_what_must_ship() -> None:
    names = {p.as_posix() for p in source_files()}
    for must in ("engine/store/migrations/env.py", "engine/store/migrations/script.py.mako",
                 "engine/store/migrations/versions/0003_runner.py", "engine/py.typed",
                 "workflows/chc-2024.yaml", "workflows/examples/landlord-2024.yaml",
                 "letter_templates/chc-2024/stage1_response.j2",
                 "letter_templates/ombudsman.toml"):
        assert must in names
    assert any(n.startswith("letter_templates/fonts/") for n in names)


def test_every_file_is_installed() -> None:
    missing = [p.as_posix() for p in source_files() if not (INSTALLED / p).is_file()]
    assert missing == [], f"not installed in {INSTALLED}: {missing}"


def test_pyproject_names_every_package_and_its_data() -> None:
    """Holds for an editable install too, where the installed tree is this one."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    packages = set(setuptools["packages"])
    data = setuptools["package-data"]
    for path in source_files():
        folder = ".".join(("redress", *path.parent.parts))
        if path.suffix == ".py":
            assert folder in packages, f"{path}: package {folder} is not in pyproject.toml"
            continue
        # data ships with the nearest listed package above it, by its patterns
        parts = path.parts
        owners = [(".".join(("redress", *parts[:i])), "/".join(parts[i:]))
                  for i in range(len(parts) - 1, 0, -1)]
        assert any(pkg in packages and any(fnmatch(rest, pat) for pat in data.get(pkg, []))
                   for pkg, rest in owners), f"{path}: no package-data pattern ships it"


@pytest.mark.parametrize("name", sorted(
    p.parent.relative_to(ROOT).as_posix().replace("/", ".")
    for p in (ROOT / "engine").rglob("__init__.py") if "migrations" not in p.parts))
def test_each_package_imports_from_the_installed_tree(name: str) -> None:
    module = importlib.import_module(f"redress.{name}")
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().is_relative_to(INSTALLED)
