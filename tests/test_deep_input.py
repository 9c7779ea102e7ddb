"""Deeply nested input files are refused with a line, never a RecursionError (issue 11, item 8).

A workflow file nested 5,000 levels deep, in YAML's flow style (`{a: {a: ...}}`) or its
block style (one level per line, or `- - - ...` on one line), is refused by every command
that loads workflows with `FILE:LINE: nesting deeper than 64 levels`; so is a config file
(TOML) nested as deep. Each runs the installed `redress`, as an operator would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import run_cli

DEPTH = 5_000
LIMIT_MESSAGE = "nesting deeper than 64 levels"


def flow_mapping(depth: int) -> str:
    return "workflow: " + "{a: " * depth + "1" + "}" * depth + "\n"


def block_mapping(depth: int) -> str:
    # one level per line, each indented one space more than the last
    return "workflow: x\nnested:\n" + "".join(f"{' ' * (i + 1)}a:\n" for i in range(depth)) \
        + " " * (depth + 1) + "1\n"


def block_sequence(depth: int) -> str:
    return "workflow: x\nnested:\n" + "- " * depth + "leaf\n"


STYLES = {"flow": (flow_mapping, 1), "block": (block_mapping, 2 + 64),
          "block-sequence": (block_sequence, 3)}


def assert_refused_plainly(done: object, expected: str) -> None:
    code, out, err = done.returncode, done.stdout, done.stderr  # type: ignore[attr-defined]
    assert code == 1, (out, err[-2000:])
    assert "Traceback" not in err and "RecursionError" not in out + err
    assert expected in out + err, (out, err[-2000:])


@pytest.mark.parametrize("style", list(STYLES))
def test_workflow_check_refuses_deep_nesting_with_file_and_line(
        style: str, tmp_path: Path, sqlite_url: str) -> None:
    """Item 8: `workflow check` names the file and the line where the 65th level starts."""
    make, line = STYLES[style]
    path = tmp_path / "deep.yaml"
    path.write_text(make(DEPTH), encoding="utf-8")
    done = run_cli("workflow", "check", str(path), db=sqlite_url, cwd=tmp_path)
    assert_refused_plainly(done, f"{path}:{line}: {LIMIT_MESSAGE}")
    assert done.stderr.count("error:") == 1, done.stderr
    assert done.stderr.startswith("error: ")
    assert len(done.stderr.splitlines()) == 1, done.stderr[-2000:]


@pytest.mark.parametrize("style", list(STYLES))
def test_workflow_list_and_case_open_refuse_a_deep_workflow_in_an_operator_folder(
        style: str, tmp_path: Path, sqlite_url: str) -> None:
    """Item 8: every command that loads workflows refuses it the same way."""
    make, line = STYLES[style]
    folder = tmp_path / "my-workflows"
    folder.mkdir()
    path = folder / "deep.yaml"
    path.write_text(make(DEPTH), encoding="utf-8")
    config = tmp_path / "redress.toml"
    config.write_text('[workflows]\npaths = ["my-workflows"]\n', encoding="utf-8")
    env = {"REDRESS_CONFIG": str(config)}

    listed = run_cli("workflow", "list", db=sqlite_url, cwd=tmp_path, env=env)
    assert_refused_plainly(listed, f"deep             INVALID: {path}:{line}: {LIMIT_MESSAGE}")
    assert "chc-2024" in listed.stdout  # the good ones are still listed

    for args in (("workflow", "show", "deep"),
                 ("case", "open", "--received", "2026-11-02", "--resident", "Ms A Example",
                  "--workflow", "deep")):
        done = run_cli(*args, db=sqlite_url, cwd=tmp_path, env=env)
        assert_refused_plainly(done, f"error: {path}:{line}: {LIMIT_MESSAGE}")


def test_nesting_of_exactly_64_levels_is_read(tmp_path: Path, sqlite_url: str) -> None:
    """Item 8: the limit is 64; a file at the limit gets past the YAML reader (and is then
    refused for what it says, not for its depth)."""
    path = tmp_path / "deep.yaml"
    path.write_text("workflow: " + "{a: " * 63 + "1" + "}" * 63 + "\n", encoding="utf-8")
    done = run_cli("workflow", "check", str(path), db=sqlite_url, cwd=tmp_path)
    assert done.returncode == 1
    assert LIMIT_MESSAGE not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: "), done.stderr


def test_aliases_cannot_build_nesting_past_the_limit(tmp_path: Path, sqlite_url: str) -> None:
    """Item 8: each anchor is 40 levels deep, but pasting one inside the next would nest
    past 64 once expanded; that is refused too, at the alias's line."""
    levels = 40
    text = ("workflow: x\nfirst: &one " + "{a: " * levels + "1" + "}" * levels + "\n"
            "second: &two " + "{a: " * levels + "*one" + "}" * levels + "\n")
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    done = run_cli("workflow", "check", str(path), db=sqlite_url, cwd=tmp_path)
    assert_refused_plainly(done, f"error: {path}:3: {LIMIT_MESSAGE}")


@pytest.mark.parametrize("text", [
    pytest.param("[landlord]\nx = " + "[" * DEPTH + "]" * DEPTH + "\n", id="arrays"),
    pytest.param("[landlord]\nx = " + "{a = " * DEPTH + "1" + "}" * DEPTH + "\n",
                 id="inline-tables"),
    pytest.param("[landlord." + ".".join(["a"] * DEPTH) + "]\nx = 1\n", id="dotted-table"),
])
def test_a_deep_config_file_is_refused_plainly(text: str, tmp_path: Path,
                                               sqlite_url: str) -> None:
    """Item 8: the config file (TOML) too: one error line, no traceback."""
    config = tmp_path / "redress.toml"
    config.write_text(text, encoding="utf-8")
    done = run_cli("workflow", "list", db=sqlite_url, cwd=tmp_path,
                   env={"REDRESS_CONFIG": str(config)})
    assert_refused_plainly(done, f"error: {config}: {LIMIT_MESSAGE}")
    assert len(done.stderr.splitlines()) == 1, done.stderr[-2000:]
