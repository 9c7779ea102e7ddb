"""`open_actions` remembers its answers per definition; it must never answer otherwise
than `open_actions_plain`, which works each one out.

Cases are drawn at random (seeded) over every state of each bundled workflow and the
examples, with pending and finished runs of its timers, the fields its actions need on
record filled, blank or missing, and stages answered or not: each is asked of both,
many of them twice and out of order, so an answer remembered for one case is offered to
others that share its key.
"""

from __future__ import annotations

import gc
import random
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from redress.engine.cases import Case, Deadline, open_actions, open_actions_plain
from redress.engine.workflow import Registry, WorkflowDefinition

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ["chc-2020", "chc-2022", "chc-2024"]
EXAMPLES = sorted((ROOT / "workflows" / "examples").glob("*.yaml"))
STATUSES = ["pending", "pending", "met", "late", "cancelled"]
VALUES = ["", "  ", "on record", None]  # None: the field is not on the record at all


def definitions() -> list[WorkflowDefinition]:
    registry = Registry((ROOT / "workflows" / "examples",))
    return [registry.load(name) for name in WORKFLOWS] + \
        [registry.load(str(path)) for path in EXAMPLES]


def random_case(defn: WorkflowDefinition, rng: random.Random, n: int) -> Case:
    timers = list(defn.timers)
    deadlines = tuple(
        Deadline(seq=i + 1, name=rng.choice(timers), code="x", started_on=date(2025, 1, 1),
                 due=date(2025, 2, 1), status=rng.choice(STATUSES),
                 letter_seq=rng.choice([None, 3]))
        for i in range(rng.randint(0, 4)))
    named = {f for a in defn.actions.values() for f, _ in a.on_record}
    named |= {"decision", "summary", "links"}  # read by nothing here: must not matter
    data = {}
    for name in sorted(named):
        value = rng.choice(VALUES)
        if value is not None:
            data[name] = value
    stages = sorted({str(s.stage) for s in defn.states.values() if s.stage is not None})
    handlers = {s: "officer" for s in stages if rng.random() < 0.5}
    if rng.random() < 0.2:
        handlers["other"] = "officer"
    return Case(ref=f"T-{n}", workflow=defn.name, digest="d", state=rng.choice(list(defn.states)),
                received=date(2025, 1, 1), received_at=datetime(2025, 1, 1, tzinfo=UTC),
                resident=rng.choice(["A", "B"]), data=data, handlers=handlers,
                deadlines=deadlines, version=rng.randint(1, 9))


@pytest.mark.parametrize("seed", range(4))
def test_memo_answers_as_the_plain_rule(seed: int) -> None:
    rng = random.Random(seed)
    for defn in definitions():
        cases = [random_case(defn, rng, n) for n in range(1500)]
        asked = cases + rng.sample(cases, len(cases))  # each once, then again shuffled
        for case in asked:
            assert open_actions(defn, case) == open_actions_plain(defn, case), \
                f"{defn.name}: {case}"


def test_every_state_gives_some_answer_the_memo_keeps() -> None:
    """The comparison covers answers that differ: not every case gets the same list."""
    rng = random.Random(7)
    defn = Registry().load("chc-2024")
    answers = {tuple(open_actions(defn, random_case(defn, rng, n))) for n in range(2000)}
    assert len(answers) > 20


def test_an_answer_is_a_fresh_list() -> None:
    defn = Registry().load("chc-2024")
    case = random_case(defn, random.Random(1), 0)
    first = open_actions(defn, case)
    first.append("changed by the caller")
    assert open_actions(defn, case) == open_actions_plain(defn, case)


def test_a_full_memo_starts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from redress.engine.cases import _core  # the size, made small to fill it

    monkeypatch.setattr(_core, "ACTIONS_MEMO_SIZE", 5)
    defn = Registry().load("chc-2024")
    rng = random.Random(3)
    for n in range(300):
        case = random_case(defn, rng, n)
        assert open_actions(defn, case) == open_actions_plain(defn, case)
    assert len(_core._ActionsMemo.of(defn).answers) <= 5


def test_the_memo_goes_with_its_definition() -> None:
    from redress.engine.cases import _core

    defn = Registry().load("chc-2022")
    open_actions(defn, random_case(defn, random.Random(2), 0))
    key = id(defn)
    assert key in _core._ActionsMemo._of
    del defn
    gc.collect()
    assert key not in _core._ActionsMemo._of
