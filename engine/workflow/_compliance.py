"""Is a workflow looser than a Code baseline? A derived workflow may only tighten it.

Each finding names the file and line where the looser value is written, the rule broken
and the provision behind it. Timers are compared by name; a timer in calendar days or
hours is never later than the same number of working days, so it counts as no looser
when its length in (rounded-up) days is within the baseline's working days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .._errors import InvalidInput
from ._definition import Duration, WorkflowDefinition
from ._registry import Registry
from ._yaml import Located, PathKey


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None
    rule: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: [{self.rule}] {self.message} (Code {self.code})"


def longer_than(d: Duration, limit: Duration) -> bool:
    """True when a timer of length `d` can end later than one of length `limit`."""
    if d.unit == limit.unit:
        return d.length > limit.length
    d_days = math.ceil(d.length / 24) if d.unit == "hours" else d.length
    limit_days = math.ceil(limit.length / 24) if limit.unit == "hours" else limit.length
    if limit.unit == "working_days":
        # `d` is in days or hours: N calendar days never end later than N working days.
        return d_days > limit_days
    if d.unit == "working_days":
        return True  # weekends and holidays can always push working days past calendar days
    return d_days > limit_days


def check_against(
    defn: WorkflowDefinition, doc: Located, base: WorkflowDefinition
) -> list[Finding]:
    """Every way `defn` (loaded from `doc`) is looser than `base`."""
    found: list[Finding] = []

    def add(path: PathKey, rule: str, code: str, message: str) -> None:
        file, line = doc.line(path)
        found.append(Finding(file, line, rule, code, message))

    if defn.stage_count > base.max_stages:
        top = max(defn.states.values(), key=lambda s: s.stage or 0)
        add(("states", top.name, "stage"), "stages", base.stages_code,
            f"{defn.stage_count} stages; {base.name} allows at most {base.max_stages}")

    for name, bt in base.timers.items():
        if bt.window == "resident" or bt.started_by:
            # the resident's own time (e.g. to ask for stage 2) and dates the landlord
            # promises are the landlord's policy; the Code sets no length to tighten
            continue
        t = defn.timers.get(name)
        if t is None:
            add(("timers",), "timer missing", bt.code,
                f"no timer {name!r}; {base.name} requires {bt.duration} from {bt.starts}")
            continue
        if longer_than(t.duration, bt.duration):
            add(("timers", name), "longer timer", bt.code,
                f"timer {name} is {t.duration}; {base.name} allows at most {bt.duration}")
        if t.starts != bt.starts and not _starts_no_later(defn, t.starts, bt.starts):
            add(("timers", name, "starts"), "later start", bt.code,
                f"timer {name} counts from {t.starts}; {base.name} counts from {bt.starts}")
        extra = [a for a in t.met_by if a not in bt.met_by]
        if extra:
            add(("timers", name, "met_by"), "more ways to meet a deadline", bt.code,
                f"timer {name} is also met by {', '.join(extra)}; {base.name} only by "
                f"{', '.join(bt.met_by)}")
        if bt.extend is not None and t.extend is not None:
            cap, base_cap = t.extend.max_working_days, bt.extend.max_working_days
            if base_cap is not None and (cap is None or cap > base_cap):
                shown = "without a cap" if cap is None else f"by {cap} working days"
                add(("timers", name, "extend"), "larger extension cap", bt.extend.code,
                    f"timer {name} may be extended {shown}; {base.name} allows "
                    f"{base_cap} without good reason")
        elif bt.extend is None and t.extend is not None:
            add(("timers", name, "extend"), "extension not allowed", bt.code,
                f"timer {name} may be extended; {base.name} allows no extension")
    for name, t in defn.timers.items():
        lim = base.limits.get(name)
        if name not in base.timers and lim is not None and not t.started_by \
                and longer_than(t.duration, lim.duration):
            add(("timers", name), "longer timer", lim.code,
                f"timer {name} is {t.duration}; {base.name} allows at most {lim.duration}")

    # A missing action is not looser (a workflow without `refuse` accepts everything);
    # an action that exists must ask for everything the Code requires of it.
    for name, ba in base.actions.items():
        a = defn.actions.get(name)
        if a is None:
            continue
        have = {f for f, _ in a.requires}
        for fname, fcode in ba.requires:
            if fname not in have:
                add(("actions", name, "requires"), "missing required field", fcode,
                    f"action {name} does not require {fname}")
        held = have | {f for f, _ in a.on_record}
        for fname, fcode in ba.on_record:
            if fname not in held:
                add(("actions", name), "missing required field", fcode,
                    f"action {name} does not need {fname} on record")

    # a value the Code attaches a duty to (an upheld decision's failings, 7.1) keeps it
    for fname, options in base.choices.items():
        for oname, bc in options.items():
            c = defn.choices.get(fname, {}).get(oname)
            needs = {f for f, _ in c.needs} if c is not None else set()
            for need, code in bc.needs:
                if need not in needs:
                    add(("choices", fname), "missing required field", code,
                        f"{fname} {bc.label} does not need {need}")

    zero = base.rules.get("no_stage_zero")
    if zero:
        for state, ack in stage_zero(defn, base):
            add(("states", state), "stage 0", zero,
                f"a case can reach {state} from receipt with neither the acknowledgement "
                f"({ack}) nor a response timer running: an extra stage before stage 1")

    for rule, code in base.rules.items():
        escalate = defn.actions.get("escalate")
        if rule == "escalation_without_reason" and escalate is not None and not escalate.requires:
            continue  # kept in substance: escalating asks the resident for nothing
        if rule not in defn.rules and rule != "no_stage_zero":  # checked by its shape above
            add(("rules",), "rule dropped", code, f"rule {rule} is not enforced")

    for ground, ex in defn.exclusions.items():
        bex = base.exclusions.get(ground)
        if bex is None and base.exclusions:
            codes = ", ".join(sorted({e.code for e in base.exclusions.values()}))
            add(("exclusions", ground), "extra exclusion ground", codes,
                f"exclusion ground {ground!r} is not one {base.name} lists")
        elif bex is not None and bex.months and ex.months and ex.months < bex.months:
            add(("exclusions", ground, "months"), "shorter time limit", bex.code,
                f"complaints older than {ex.months} months are excluded; {base.name} "
                f"requires accepting them up to {bex.months} months")

    for kind, bl in base.letters.items():
        ltr = defn.letters.get(kind)
        codes = ", ".join(dict.fromkeys(r.code for r in bl.must_contain))
        if ltr is None:
            add(("letters",), "letter missing", codes,
                f"no {kind} letter on {bl.action}; {base.name} sends one")
            continue
        have = {r.element for r in ltr.must_contain}
        for req in bl.must_contain:
            if req.element not in have:
                add(("letters", kind, "must_contain"), "letter element missing", req.code,
                    f"letter {kind} does not require {req.element} ({req.label})")
    return sorted(found, key=lambda f: (f.file != doc.line(())[0], f.line or 0))


def stage_zero(defn: WorkflowDefinition, base: WorkflowDefinition) -> list[tuple[str, str]]:
    """States a case can reach from receipt, before stage 1, in which no clock runs:
    neither the acknowledgement timer (the baseline's timer that starts on receipt) nor
    a response timer (any other landlord's deadline: once one runs, stage 1 has begun).
    A triage
    state entered by an action that stops the acknowledgement clock is one (2024 5.2,
    2022 4.1: "it is not appropriate to have extra named stages (such as 'stage 0')")."""
    base_ack = next((t for t in base.timers.values() if t.starts == base.initial), None)
    if base_ack is None or base_ack.name not in defn.timers:
        return []
    ack = defn.timers[base_ack.name]
    clocks = {t.name for t in defn.timers.values() if t.window == "landlord" and not t.started_by}
    later = clocks - {ack.name}  # once one of these runs, stage 1 has begun
    start = frozenset(n for n in clocks if defn.timers[n].starts == defn.initial)
    found = [] if start else [defn.initial]
    seen = {(defn.initial, start)}
    frontier = [(defn.initial, start)]
    while frontier:
        here, running = frontier.pop(0)
        for a in defn.actions.values():
            there = a.destination(here)
            if there is None or there == here or defn.states[there].final:
                continue
            after = frozenset(n for n in running if a.name not in defn.timers[n].met_by) | {
                n for n in clocks if defn.timers[n].starts == there}
            if after & later:
                continue  # stage 1 has begun
            if not after and there not in found:
                found.append(there)
            if (there, after) not in seen:
                seen.add((there, after))
                frontier.append((there, after))
    return [(state, ack.name) for state in found]


def _starts_no_later(defn: WorkflowDefinition, start: str, base_start: str) -> bool:
    """True if `start` is entered no later than `base_start` on every path of `defn`.

    Measured as the fewest moves from the initial state; a baseline state the workflow
    lacks cannot be compared, so that counts as later.
    """
    steps = _distances(defn)
    return base_start in steps and start in steps and steps[start] <= steps[base_start]


def _distances(defn: WorkflowDefinition) -> dict[str, int]:
    steps = {defn.initial: 0}
    frontier = [defn.initial]
    while frontier:
        here = frontier.pop(0)
        for action in defn.actions.values():
            there = action.destination(here)
            if there is not None and there not in steps:
                steps[there] = steps[here] + 1
                frontier.append(there)
    return steps


def baseline_of(defn: WorkflowDefinition, registry: Registry) -> WorkflowDefinition | None:
    """The Code baseline a workflow descends from (the root of its `extends` chain, or
    the workflow itself if it is one); None for a workflow that follows no Code."""
    current = defn
    while current.extends:
        current = registry.load(current.extends)
    if current.edition and current.extends is None and current.name.startswith("chc-"):
        return current
    return None


def baseline_name(defn: WorkflowDefinition, registry: Registry) -> str:
    """The name of the Code baseline a workflow descends from, for `workflow check`."""
    base = baseline_of(defn, registry)
    if base is None:
        raise InvalidInput(f"{defn.name} extends no Code baseline; name one with --against "
                           "(chc-2020, chc-2022 or chc-2024)")
    return base.name


@dataclass(frozen=True)
class Standing:
    """Where a workflow stands against the Code, decided before a case opens on it."""

    baseline: str | None  # the Code edition it follows; None: it follows none
    findings: tuple[Finding, ...]  # every way it is looser than that edition

    @property
    def notice(self) -> str | None:
        return None if self.baseline else "it follows no Code edition"


def standing(name: str, registry: Registry) -> Standing:
    defn, doc = registry.load_with_source(name)
    base = baseline_of(defn, registry)
    if base is None or base is defn:
        return Standing(base.name if base else None, ())
    return Standing(base.name, tuple(check_against(defn, doc, base)))
