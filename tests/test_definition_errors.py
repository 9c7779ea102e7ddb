"""Faulty workflow files: each is refused with the exact FILE:LINE: message an officer sees.

The files live in bad_workflows/ beside this module. `_valid_minimal.yaml` is a complete,
valid workflow; most bad_*.yaml files are that file with one fault. Paths are built from
this file's location, and the expected messages from the same path that is passed to
`Registry.load`, since the message repeats that path exactly.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from redress.engine import DefinitionError, Registry, from_resolved

if TYPE_CHECKING:
    from _pytest.mark.structures import ParameterSet

BAD = Path(__file__).resolve().parent / "bad_workflows"
VALID = BAD / "_valid_minimal.yaml"
MARKER = "REDRESS_TAG_EXECUTED"  # the file bad_python_tag.yaml's command would create


@pytest.fixture
def reg() -> Registry:
    # bad_workflows/ is searched first, so `extends: cycle_b` and the like find these files.
    return Registry(extra_dirs=[BAD])


def at(name: str, line: int, message: str) -> str:
    return f"{BAD / name}:{line}: {message}"


def case(
    case_id: str, name: str, *problems: tuple[int, str], reported_in: str | None = None
) -> ParameterSet:
    """Loading `name` fails with these (line, message) problems, in this order."""
    text = "\n".join(at(reported_in or name, line, message) for line, message in problems)
    return pytest.param(name, text, id=case_id)


# Line numbers are those of the files in bad_workflows/.
CASES = [
    case(
        "unknown-key-near-miss",
        "bad_unknown_key_near_miss.yaml",
        (8, "unknown key 'lable' in states.received (did you mean 'label'?)"),
    ),
    case(
        "unknown-top-level-key-near-miss",
        "bad_unknown_top_key.yaml",
        (5, "unknown key 'descripton' (did you mean 'description'?)"),
    ),
    # Only the typo is reported, not its knock-on (nothing else leads to 'open').
    case(
        "moves-unknown-destination-state",
        "bad_moves_unknown_destination.yaml",
        (21, "actions.acknowledge.moves.received: unknown state 'opne' (did you mean 'open'?)"),
    ),
    case(
        "timer-starts-unknown-state",
        "bad_timer_starts_unknown_state.yaml",
        (15, "timers.acknowledge.starts: unknown state 'recieved' (did you mean 'received'?)"),
    ),
    case(
        "met-by-unknown-action",
        "bad_met_by_unknown_action.yaml",
        (16, "timers.acknowledge.met_by.0: unknown action 'acknowlege' "
            "(did you mean 'acknowledge'?)"),
    ),
    case(
        "duplicate-key",
        "bad_duplicate_key.yaml",
        (15, "duplicate key 'working_days' in timers.acknowledge (first given on line 14)"),
    ),
    case(
        "negative-duration",
        "bad_negative_duration.yaml",
        (14, "timers.acknowledge.working_days must be a positive whole number, got: -5"),
    ),
    case(
        "zero-duration",
        "bad_zero_duration.yaml",
        (14, "timers.acknowledge.working_days must be a positive whole number, got: 0"),
    ),
    case(
        "two-duration-units",
        "bad_two_units.yaml",
        (
            14,
            "timers.acknowledge needs exactly one of working_days, days, hours, "
            "got: working_days, days",
        ),
    ),
    case(
        "unreachable-state",
        "bad_unreachable_state.yaml",
        (10, "state 'review' is unreachable from 'received'"),
    ),
    # Line 8 is the first state, where the states mapping begins (not `states:` itself).
    case(
        "no-initial-state",
        "bad_no_initial_state.yaml",
        (8, "states: no state is marked initial: true; mark the state a new complaint starts in"),
    ),
    case(
        "two-initial-states",
        "bad_two_initial_states.yaml",
        (8, "states: only one state may be initial: true, found 2 (received, open)"),
    ),
    case(
        "extends-unknown-workflow",
        "bad_extends_unknown.yaml",
        (2, "bad extends: no workflow named '_valid_minimall' (did you mean '_valid_minimal'?)"),
    ),
    # cycle_a extends cycle_b extends cycle_a: reported where the cycle closes.
    case(
        "extends-cycle-a-b",
        "cycle_a.yaml",
        (2, "extends 'cycle_a' makes a cycle: cycle_a -> cycle_b -> cycle_a"),
        reported_in="cycle_b.yaml",
    ),
    case(
        "extends-cycle-b-a",
        "cycle_b.yaml",
        (2, "extends 'cycle_b' makes a cycle: cycle_b -> cycle_a -> cycle_b"),
        reported_in="cycle_a.yaml",
    ),
    case(
        "extends-itself",
        "bad_self_extends.yaml",
        (2, "extends 'bad_self_extends' makes a cycle: bad_self_extends -> bad_self_extends"),
    ),
    case(
        "python-tag",
        "bad_python_tag.yaml",
        (
            3,
            "tag !!python/object/apply:os.system is not allowed: workflow files take plain "
            "values only",
        ),
    ),
    case(
        "alias-bomb",
        "bad_alias_bomb.yaml",
        (2, "document expands to more than 50000 values (an alias bomb?); refused"),
    ),
    # The flow mapping opened on line 4 is found unclosed on line 5.
    case(
        "invalid-yaml-syntax",
        "bad_syntax.yaml",
        (
            5,
            "invalid YAML: expected ',' or '}', but got '<scalar>' "
            "(while parsing a flow mapping from line 4)",
        ),
    ),
    case("empty-file", "bad_empty.yaml", (1, "file is empty")),
    case("only-comments", "bad_only_comments.yaml", (1, "file is empty")),
    case(
        "document-is-a-list",
        "bad_not_mapping.yaml",
        (1, "a workflow file must be a mapping of keys to values, got: a list"),
    ),
    case(
        "document-is-text",
        "bad_scalar_document.yaml",
        (1, "a workflow file must be a mapping of keys to values, got: str 'just some text'"),
    ),
]


def test_valid_minimal_loads(reg: Registry) -> None:
    defn = reg.load(str(VALID))
    assert defn.name == "minimal"
    assert defn.initial == "received"
    assert list(defn.states) == ["received", "open", "closed"]
    assert defn.timers["acknowledge"].code == "6.2"
    assert str(defn.timers["acknowledge"].duration) == "5 working days"
    assert defn.actions["close"].moves == (("open", "closed"),)
    # "*" expands to every state that is not final.
    assert defn.actions["withdraw"].moves == (("received", "closed"), ("open", "closed"))


def test_every_bad_file_has_a_case() -> None:
    """A file added to bad_workflows/ without an entry in CASES would go untested."""
    covered = {param.values[0] for param in CASES}
    valid = {"_valid_minimal.yaml", "valid_code_6_10.yaml", "good_extends.yaml"}
    known_bug = {"bad_moves_unknown_source.yaml"}  # see test_moves_unknown_source_state
    on_disk = {p.name for p in BAD.glob("*.yaml")}
    assert on_disk == covered | valid | known_bug


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_bad_workflow_is_refused(reg: Registry, name: str, expected: str) -> None:
    path = BAD / name
    with pytest.raises(DefinitionError) as excinfo:
        reg.load(str(path))
    assert str(excinfo.value) == expected
    assert len(excinfo.value.problems) == expected.count("\n") + 1
    # Nothing half-loaded: the same Registry still loads a valid file, identically to a
    # fresh one.
    after = reg.load(str(VALID))
    fresh = Registry(extra_dirs=[BAD]).load(str(VALID))
    assert after.name == "minimal"
    assert after.digest == fresh.digest
    assert after == fresh


def test_changing_an_inherited_timer_unit_says_how(tmp_path: Path, reg: Registry) -> None:
    path = tmp_path / "hours.yaml"
    path.write_text("workflow: hours\nextends: chc-2024\ntitle: T\n"
                    "timers:\n  acknowledge: {hours: 48}\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as excinfo:
        reg.load(str(path))
    assert str(excinfo.value).endswith(
        "timers.acknowledge needs exactly one of working_days, days, hours, got: "
        "working_days, hours (to change the unit of a timer you extend, set the inherited "
        "one to null, e.g. working_days: null)")
    path.write_text("workflow: hours\nextends: chc-2024\ntitle: T\n"
                    "timers:\n  acknowledge: {working_days: null, hours: 48}\n",
                    encoding="utf-8")
    assert str(reg.load(str(path)).timers["acknowledge"].duration) == "48 hours"


def test_moves_unknown_source_state(reg: Registry) -> None:
    path = BAD / "bad_moves_unknown_source.yaml"
    with pytest.raises(DefinitionError) as excinfo:
        reg.load(str(path))
    assert str(excinfo.value) == (
        f"{path}:24: actions.close.moves: unknown state 'opne' (did you mean 'open'?)"
    )


def test_relative_path_is_repeated_as_given(reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message names the file exactly as the caller spelled it, relative or not."""
    monkeypatch.chdir(BAD.parent)
    relative = "bad_workflows/bad_zero_duration.yaml"
    with pytest.raises(DefinitionError) as excinfo:
        reg.load(relative)
    assert str(excinfo.value) == (
        f"{relative}:14: timers.acknowledge.working_days must be a positive whole number, got: 0"
    )


# --- unquoted provision numbers --------------------------------------------------------


def test_unquoted_provision_keeps_its_text(reg: Registry) -> None:
    """`code: 6.10` is a float to YAML; read as such it would become 6.1, another provision."""
    defn = reg.load(str(BAD / "valid_code_6_10.yaml"))
    assert defn.timers["acknowledge"].code == "6.10"
    assert defn.stages_code == "5.30"
    assert defn.actions["close"].code == "6.20"
    # The resolved data a case keeps carries the same text, and rebuilds to the same codes.
    assert defn.resolved["timers"]["acknowledge"]["code"] == "6.10"
    rebuilt = from_resolved(defn.resolved)
    assert rebuilt.timers["acknowledge"].code == "6.10"
    assert rebuilt.stages_code == "5.30"
    assert rebuilt.digest == defn.digest


def test_extends_merges_over_its_base(reg: Registry) -> None:
    defn = reg.load(str(BAD / "good_extends.yaml"))
    assert defn.name == "derived"
    assert defn.extends == "_valid_minimal"
    assert str(defn.timers["acknowledge"].duration) == "3 working days"
    assert defn.timers["acknowledge"].code == "6.10"  # unquoted in the derived file
    assert defn.timers["acknowledge"].starts == "received"  # kept from the base
    assert list(defn.actions) == ["acknowledge", "close", "withdraw"]


# --- no code runs, no memory explodes ---------------------------------------------------


def test_python_tag_runs_nothing(
    reg: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = BAD / "bad_python_tag.yaml"
    # The canary is live: the command in the file, run by hand elsewhere, makes the marker.
    # Composing builds only the node tree; no tag is acted on.
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert node is not None
    (_, workflow_node), *_ = node.value
    assert workflow_node.tag == "tag:yaml.org,2002:python/object/apply:os.system"
    command = workflow_node.value[0].value
    proof = tmp_path / "proof"
    proof.mkdir()
    subprocess.run(["sh", "-c", command], cwd=proof, check=True)
    assert (proof / MARKER).exists()

    here = tmp_path / "load"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(DefinitionError, match="workflow files take plain values only"):
        reg.load(str(path))
    assert not (here / MARKER).exists()
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ('!!python/name:os.system ""', "!!python/name:os.system"),
        ("!!python/object/new:os.system [x]", "!!python/object/new:os.system"),
        ("!custom x", "!custom"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
    ],
    ids=["python-name", "python-object-new", "local-tag", "binary", "set"],
)
def test_other_tags_are_refused(reg: Registry, tmp_path: Path, text: str, tag: str) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text(f"workflow: {text}\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as excinfo:
        reg.load(str(path))
    assert str(excinfo.value) == (
        f"{path}:1: tag {tag} is not allowed: workflow files take plain values only"
    )


def _max_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def test_alias_bomb_is_refused_quickly_and_small(reg: Registry) -> None:
    path = BAD / "bad_alias_bomb.yaml"
    before = _max_rss_bytes()
    started = time.perf_counter()
    with pytest.raises(DefinitionError):
        reg.load(str(path))
    elapsed = time.perf_counter() - started
    grown = _max_rss_bytes() - before
    print(f"alias bomb refused in {elapsed:.3f}s; peak memory grew by {grown / 2**20:.1f} MiB")
    # 9**9 (387 million) strings expanded would need many GiB; allow generous slack.
    assert grown < 256 * 2**20


# --- nothing half-loaded ----------------------------------------------------------------


def test_fixed_file_loads_after_failure(reg: Registry, tmp_path: Path) -> None:
    """A failed load leaves nothing behind: the same file, once fixed, loads in full."""
    path = tmp_path / "edited.yaml"
    good = VALID.read_text(encoding="utf-8")
    path.write_text(good.replace("working_days: 5", "working_days: 0"), encoding="utf-8")
    with pytest.raises(DefinitionError):
        reg.load(str(path))
    path.write_text(good, encoding="utf-8")
    defn = reg.load(str(path))
    assert str(defn.timers["acknowledge"].duration) == "5 working days"
    assert defn.digest == reg.load(str(VALID)).digest
