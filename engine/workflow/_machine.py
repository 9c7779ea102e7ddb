"""The state graph of a definition, as a `transitions` Machine built once per definition.

Only the graph is used: which actions may fire from a state and where they lead. No
callbacks, no model objects kept between calls and no `Timeout` states (their timers
live in memory and die with the process); deadlines are data in the core instead.
"""

from __future__ import annotations

from typing import Any

from ._definition import WorkflowDefinition

_machines: dict[str, Any] = {}


def _machine_for(defn: WorkflowDefinition) -> Any:
    machine = _machines.get(defn.digest)
    if machine is None:
        machine = _machines[defn.digest] = _build(defn)
    return machine


def _build(defn: WorkflowDefinition) -> Any:
    from transitions import Machine

    transitions = [
        {"trigger": action.name, "source": src, "dest": dst}
        for action in defn.actions.values()
        for src, dst in action.moves
    ]
    return Machine(
        model=None,
        states=list(defn.states),
        transitions=transitions,
        initial=defn.initial,
        auto_transitions=False,
    )


def destination(defn: WorkflowDefinition, state: str, action: str) -> str | None:
    """Where `action` leads from `state`, or None if the graph has no such move."""
    event = _machine_for(defn).events.get(action)
    if event is None:
        return None
    moves = event.transitions.get(state)
    return str(moves[0].dest) if moves else None


def available(defn: WorkflowDefinition, state: str) -> list[str]:
    """Actions that can fire from `state`, in definition order.

    Read straight from the definition (the same moves the Machine is built from) so that
    read-only commands need not build a Machine.
    """
    return [a.name for a in defn.actions.values() if a.destination(state) is not None]
