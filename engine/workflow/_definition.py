"""Workflow files -> frozen, validated `WorkflowDefinition`s.

The whole file (after `extends` is resolved) is checked before anything is built, and
every problem is reported as FILE:LINE: message. A definition is the definition of a
procedure, never a running case: cases keep the resolved data (and its digest) they
started with, so editing a file never changes a case in flight.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .._errors import DefinitionError, Problem
from .._text import did_you_mean
from ._elements import CATALOGUE, NAMESPACES
from ._yaml import Located, PathKey

UNITS = ("working_days", "days", "hours")
EFFECTS = ("extend", "refuse", "link")
ON_EXPIRY = ("breach", "none")  # or {action: NAME}: the runner takes that action
RECIPIENTS = ("handler", "team")  # who a reminder or alert goes to
WINDOWS = ("landlord", "resident")  # whose time a timer measures
# Rules are behaviour fixed in code; a workflow switches them on and cites the provision.
RULES = {
    "different_stage2_handler": "the person who responds at stage 2 (or later) must not be "
    "the person who responded at stage 1",
    "escalation_without_reason": "the resident need give no reason to escalate: the "
    "escalate action may require no field",
    "no_stage_zero": "no extra stage before stage 1: every state a case can reach from "
    "receipt is stage 1, final, or one where the acknowledgement timer still runs "
    "(checked by workflow check)",
}
ANY_STATE = "*"
# an action that leaves the case where it is, from any state, final ones included:
# moves: {"*": "*"} (a restriction on contact, a link to another case)
# the record of contact details and adjustments (`case contact`): not a workflow action,
# but a timer may be started and met by it (the 5.10 review of adjustments)
CONTACT = "contact"
DISPATCH = ("automatic", "manual")


@dataclass(frozen=True)
class Duration:
    unit: str  # one of UNITS
    length: int

    def __str__(self) -> str:
        return f"{self.length} {self.unit.replace('_', ' ')}"


@dataclass(frozen=True)
class Extension:
    max_working_days: int | None  # None: no cap
    code: str


@dataclass(frozen=True)
class Reminder:
    """Remind `to` this many working days before a deadline falls due."""

    working_days: int
    to: str


@dataclass(frozen=True)
class Updates:
    """Keep the resident informed at the interval agreed with them (2024 Code 5.9): once an
    action records `field` (working days), remind `to` at that interval until the deadline
    is met."""

    field: str
    code: str
    to: str


@dataclass(frozen=True)
class TimerDef:
    name: str
    duration: Duration
    starts: str  # the state whose entry starts the clock ("" when an action starts it)
    met_by: tuple[str, ...]
    code: str
    label: str
    extend: Extension | None
    on_expiry: str  # breach | none | action
    expiry_action: str | None = None  # the action the runner takes when it expires
    remind: tuple[Reminder, ...] = ()
    updates: Updates | None = None
    window: str = "landlord"  # resident: the resident's time (e.g. to escalate)
    started_by: tuple[str, ...] = ()  # actions that start a run (one run per action taken)
    due_field: str | None = None  # with started_by: the field giving the due date
    describe: str | None = None  # with started_by: the field saying what is due
    counts_from: str | None = None  # a date field of the action entering `starts` (the
    #   day a resident's request was received), or of the action in `started_by` (the
    #   day the Ombudsman asked), counted from instead of the recording
    each: str | None = None  # with started_by: a field listing runs, one "WHAT|DATE" a line


@dataclass(frozen=True)
class StateDef:
    name: str
    stage: int | None
    final: bool
    initial: bool
    label: str


@dataclass(frozen=True)
class ActionDef:
    name: str
    moves: tuple[tuple[str, str], ...]  # (from, to), "*" already expanded
    requires: tuple[tuple[str, str], ...]  # (field, provision)
    accepts: tuple[str, ...]
    effect: str | None
    code: str | None
    label: str
    implied: tuple[str, ...] = ()  # fields the engine's own rules let it take
    stage_codes: tuple[tuple[str, int, str], ...] = ()  # (field, stage, provision)
    # fields that must be on the case by this action: given by an earlier action, or now
    # where the action also takes them (requires or accepts)
    on_record: tuple[tuple[str, str], ...] = ()  # (field, provision)
    clears: tuple[str, ...] = ()  # fields the action takes off the case's record
    folds_to: str | None = None  # effect link: where a case folded into another goes
    # fields the case's record keeps under another name (field, name): the Ombudsman's
    # request date beside the resident's request to escalate, both given as requested_on
    record_as: tuple[tuple[str, str], ...] = ()

    def code_for(self, name: str, stage: int | None) -> str:
        """The provision requiring field `name` at `stage` (stage 2 may cite its own)."""
        for fname, at, code in self.stage_codes:
            if fname == name and at == stage:
                return code
        return dict(self.requires).get(name, "")

    def destination(self, state: str) -> str | None:
        for src, dst in self.moves:
            if src == state:
                return dst
        return None

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(src for src, _ in self.moves)

    @cached_property
    def fields(self) -> tuple[str, ...]:
        # asked several times by every action decided; a definition never changes
        named = (*(f for f, _ in self.requires), *self.accepts, *self.implied)
        return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Exclusion:
    ground: str
    code: str
    months: int | None
    label: str
    after_acceptance: bool = False  # can arise once the complaint is in a stage


@dataclass(frozen=True)
class Choice:
    """One value a field may take (a decision, a category), and what choosing it needs:
    an upheld complaint's response says what went wrong (2024 7.1)."""

    name: str
    label: str
    needs: tuple[tuple[str, str], ...] = ()  # (field, provision)


@dataclass(frozen=True)
class Limit:
    timer: str
    duration: Duration
    code: str


@dataclass(frozen=True)
class Requirement:
    """One element a letter must contain, with the provision that requires it."""

    element: str
    code: str
    label: str
    shows: tuple[str, ...]  # context paths (see _elements)
    if_given: bool = False  # only when its value was given (see _elements)


@dataclass(frozen=True)
class LetterDef:
    """A letter an action produces: when, what it must contain, how it is sent."""

    kind: str
    title: str
    action: str
    sources: tuple[str, ...]  # states the action starts from; () means any
    stage: int | None  # or: any state of this stage
    dispatch: str  # automatic: sent by the runner; manual: an officer sends it
    due: str | None  # the timer whose date the letter quotes
    must_contain: tuple[Requirement, ...]

    def applies(self, action: str, from_state: str, stage: int | None) -> bool:
        if action != self.action:
            return False
        if self.sources and from_state not in self.sources:
            return False
        return self.stage is None or self.stage == stage


@dataclass(frozen=True)
class WorkflowDefinition:
    name: str
    title: str
    edition: str | None
    effective_from: date
    calendar: str
    max_stages: int
    stages_code: str
    states: Mapping[str, StateDef]
    timers: Mapping[str, TimerDef]
    actions: Mapping[str, ActionDef]
    rules: Mapping[str, str]  # rule -> provision
    exclusions: Mapping[str, Exclusion]
    limits: Mapping[str, Limit]
    landlord: Mapping[str, str]
    extends: str | None
    resolved: Mapping[str, Any] = field(repr=False, compare=False)
    letters: Mapping[str, LetterDef] = field(default_factory=dict)
    templates: tuple[str, ...] = ()  # template folders, most specific first
    digest: str = ""
    # a landlord's knowing departure from its Code baseline: reason and who approved it
    divergence: Mapping[str, str] = field(default_factory=dict)
    # field -> the values it may take; a value is given by its name or its label
    choices: Mapping[str, Mapping[str, Choice]] = field(default_factory=dict)

    def choice(self, name: str, value: str) -> Choice | None:
        """The option of field `name` that `value` names (by name or label, in any case
        and spacing), or None."""
        key = _folded(value)
        for c in self.choices.get(name, {}).values():
            if key in (_folded(c.name), _folded(c.label)):
                return c
        return None

    @cached_property
    def initial(self) -> str:
        return next(s.name for s in self.states.values() if s.initial)

    @property
    def stage_count(self) -> int:
        return max((s.stage or 0) for s in self.states.values())

    def timers_started_by(self, state: str) -> list[TimerDef]:
        known = self._known("_timers_started_by")
        found = known.get(state)
        if found is None:
            found = known[state] = tuple(t for t in self.timers.values() if t.starts == state)
        return list(found)

    def timers_started_by_action(self, action: str) -> list[TimerDef]:
        known = self._known("_timers_started_by_action")
        found = known.get(action)
        if found is None:
            found = known[action] = tuple(t for t in self.timers.values()
                                          if action in t.started_by)
        return list(found)

    def _known(self, name: str) -> dict[str, tuple[TimerDef, ...]]:
        # asked for every action decided (and again for every event a verification
        # replays); a definition never changes, so each answer is kept
        found: dict[str, tuple[TimerDef, ...]] = self.__dict__.setdefault(name, {})
        return found

    def letters_for(self, action: str, from_state: str) -> list[LetterDef]:
        """The letters `action` taken from `from_state` produces, in file order."""
        # asked for every action; a definition never changes, so each answer is kept
        known: dict[tuple[str, str], tuple[LetterDef, ...]] = self.__dict__.setdefault(
            "_letters_for", {})
        found = known.get((action, from_state))
        if found is None:
            stage = self.states[from_state].stage if from_state in self.states else None
            found = known[(action, from_state)] = tuple(
                ltr for ltr in self.letters.values() if ltr.applies(action, from_state, stage))
        return list(found)


def _folded(value: str) -> str:
    return " ".join(str(value).replace("_", " ").replace("-", " ").lower().split())


# one encoder each, made once: `json.dumps` with options makes a new one for every call
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)
_ORDERED = json.JSONEncoder(separators=(",", ":"), default=str)


def canonical_json(data: Any) -> str:
    return _CANONICAL.encode(data)


def ordered_json(data: Any) -> str:
    """JSON that keeps the file's order (the order fields and timers are shown in)."""
    return _ORDERED.encode(data)


def digest_of(resolved: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(resolved).encode()).hexdigest()


# --- building -------------------------------------------------------------------------


class _Builder:
    def __init__(self, doc: Located) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(self, path: PathKey, message: str) -> None:
        file, line = self.doc.line(path)
        self.problems.append(Problem(file, line, message))

    @staticmethod
    def label(path: PathKey) -> str:
        return ".".join(str(p) for p in path)

    def mapping(
        self,
        path: PathKey,
        value: Any,
        allowed: Iterable[str] | None,
        required: Iterable[str] = (),
    ) -> dict[str, Any]:
        """Check a mapping's keys; `allowed=None` when the keys are the user's own names."""
        if not isinstance(value, dict):
            self.fail(path, f"{self.label(path)} must be a mapping, got: {_kind(value)}")
            return {}
        allowed = None if allowed is None else list(allowed)
        for key in value:
            if allowed is not None and key not in allowed:
                where = f" in {self.label(path)}" if path else ""
                self.fail(
                    (*path, key), f"unknown key {key!r}{where}{did_you_mean(key, allowed)}"
                )
        for key in required:
            if key not in value or value[key] is None:
                self.fail(path, f"{self.label((*path, key))} is required")
        return {
            k: v
            for k, v in value.items()
            if (allowed is None or k in allowed) and v is not None
        }

    def text(self, path: PathKey, value: Any, default: str = "") -> str:
        if value is None:
            return default
        if isinstance(value, bool | dict | list):
            self.fail(path, f"{self.label(path)} must be text, got: {_kind(value)}")
            return default
        # Provisions like 6.10 must keep their source text, not become the float 6.1.
        return self.doc.raw.get(path, str(value))

    def positive_int(self, path: PathKey, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(
                path, f"{self.label(path)} must be a positive whole number, got: {value!r}"
            )
            return 1
        return value

    def duration(self, path: PathKey, spec: dict[str, Any]) -> Duration:
        units = [u for u in UNITS if u in spec]
        if len(units) != 1:
            got = f", got: {', '.join(units)}" if units else ""
            if len(units) > 1 and "extends" in self.doc.data:
                got += (" (to change the unit of a timer you extend, set the inherited one "
                        f"to null, e.g. {units[0]}: null)")
            self.fail(path, f"{self.label(path)} needs exactly one of {', '.join(UNITS)}{got}")
            return Duration("working_days", 1)
        unit = units[0]
        return Duration(unit, self.positive_int((*path, unit), spec[unit]))

    def name_of(self, path: PathKey, value: Any, known: Iterable[str], what: str) -> str:
        name = self.text(path, value)
        known = list(known)
        if name not in known:
            self.fail(path, f"{self.label(path)}: unknown {what} {name!r}"
                      f"{did_you_mean(name, known)}")
        return name

    def names(self, path: PathKey, value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        self.fail(path, f"{self.label(path)} must be a name or a list of names")
        return []


TOP_KEYS = (
    "workflow", "title", "edition", "extends", "effective_from", "calendar", "stages",
    "rules", "exclusions", "limits", "states", "timers", "actions", "landlord",
    "description", "letters", "templates", "divergence", "choices",
)
ACTION_KEYS = ("moves", "requires", "accepts", "effect", "code", "label", "on_record",
               "clears", "folds_to", "record_as")


def build(doc: Located) -> WorkflowDefinition:
    """Validate a resolved document (extends already merged) and build the definition."""
    b = _Builder(doc)
    top = b.mapping(
        (), doc.data, TOP_KEYS, ("workflow", "title", "effective_from", "stages", "states",
                                 "actions"),
    )
    name = b.text(("workflow",), top.get("workflow"))
    title = b.text(("title",), top.get("title"))
    edition = b.text(("edition",), top["edition"]) if "edition" in top else None
    eff = top.get("effective_from")
    effective_from = date(1970, 1, 1)
    if isinstance(eff, date):
        effective_from = eff
    elif "effective_from" in top:
        b.fail(("effective_from",), f"effective_from must be a date like 2024-04-01, got: {eff!r}")
    calendar = b.text(("calendar",), top.get("calendar"), "england-and-wales")
    if calendar != "england-and-wales":
        b.fail(("calendar",), f"unknown calendar {calendar!r}; known: england-and-wales")

    stages = b.mapping(("stages",), top.get("stages", {}), ("max", "code"), ("max", "code"))
    max_stages = b.positive_int(("stages", "max"), stages.get("max", 1))
    stages_code = b.text(("stages", "code"), stages.get("code"))

    # states
    states: dict[str, StateDef] = {}
    raw_states = top.get("states", {})
    if not isinstance(raw_states, dict) or not raw_states:
        b.fail(("states",), "states must be a non-empty mapping")
        raw_states = {}
    for sname, spec in raw_states.items():
        p: PathKey = ("states", sname)
        s = b.mapping(p, spec if spec is not None else {}, ("stage", "final", "initial", "label"))
        final = s.get("final", False) is True
        stage = None
        if "stage" in s:
            stage = b.positive_int((*p, "stage"), s["stage"])
        elif not final:
            b.fail(p, f"state {sname!r} needs a stage number (or final: true)")
        states[sname] = StateDef(sname, stage, final, s.get("initial", False) is True,
                                 b.text((*p, "label"), s.get("label"), sname.replace("_", " ")))
    initials = [s.name for s in states.values() if s.initial]
    if states and not initials:
        b.fail(("states",), "states: no state is marked initial: true; mark the state a new "
               "complaint starts in")
    elif len(initials) > 1:
        b.fail(("states",), f"states: only one state may be initial: true, found "
               f"{len(initials)} ({', '.join(initials)})")
    if states and not any(s.final for s in states.values()):
        b.fail(("states",), "at least one state must be final: true")

    # actions
    actions: dict[str, ActionDef] = {}
    raw_actions = top.get("actions", {})
    if not isinstance(raw_actions, dict) or not raw_actions:
        b.fail(("actions",), "actions must be a non-empty mapping")
        raw_actions = {}
    live = [s.name for s in states.values() if not s.final]
    for aname, spec in raw_actions.items():
        p = ("actions", aname)
        a = b.mapping(p, spec, ACTION_KEYS, ("moves",))
        code = b.text((*p, "code"), a["code"]) if "code" in a else None
        moves: list[tuple[str, str]] = []
        for src, dst in b.mapping((*p, "moves"), a.get("moves", {}), None).items():
            mp: PathKey = (*p, "moves", src)
            dst_name = dst if src == dst == ANY_STATE else b.name_of(mp, dst, states, "state")
            if src == ANY_STATE and dst == ANY_STATE:  # stays, wherever it is
                moves.extend((s, s) for s in states if s not in dict(moves))
                continue
            if src == ANY_STATE:
                moves.extend((s, dst_name) for s in live if s not in dict(moves))
            else:
                if src not in states:
                    b.fail(mp, f"{b.label((*p, 'moves'))}: unknown state {src!r}"
                           f"{did_you_mean(src, states)}")
                moves.append((src, dst_name))
        requires: list[tuple[str, str]] = []
        stage_codes: list[tuple[str, int, str]] = []
        req = a.get("requires", {})
        if isinstance(req, list):
            if code is None and req:
                b.fail((*p, "requires"), "required fields need a provision: give the action a "
                       "code, or write requires as a mapping field: provision")
            requires = [(b.text((*p, "requires", i), f), code or "") for i, f in enumerate(req)]
        else:
            for fname, fcode in b.mapping((*p, "requires"), req, None).items():
                if isinstance(fcode, dict):  # {1: "6.4", 2: "6.15"}: a provision a stage
                    per = _stage_codes(b, (*p, "requires", fname), fcode)
                    stage_codes += [(fname, at, code) for at, code in per]
                    requires.append((fname, per[0][1] if per else ""))
                else:
                    requires.append((fname, b.text((*p, "requires", fname), fcode)))
        accepts = b.names((*p, "accepts"), a["accepts"]) if "accepts" in a else []
        effect = a.get("effect")
        if effect is not None and effect not in EFFECTS:
            b.fail((*p, "effect"), f"unknown effect {effect!r}{did_you_mean(str(effect), EFFECTS)}"
                   f"; known: {', '.join(EFFECTS)}")
        if effect == "extend":
            for needed in ("working_days", "reason"):
                if needed not in dict(requires):
                    b.fail((*p, "requires"), f"an extend action must require {needed!r}")
        on_record = [(f, b.text((*p, "on_record", f), c))
                     for f, c in b.mapping((*p, "on_record"), a.get("on_record", {}),
                                           None).items()]
        clears = b.names((*p, "clears"), a["clears"]) if "clears" in a else []
        folds_to = None
        if effect == "link":
            folds_to = b.name_of((*p, "folds_to"), a.get("folds_to"), states, "state")
            if folds_to in states and not states[folds_to].final:
                b.fail((*p, "folds_to"), f"folds_to must be a final state: a complaint "
                       f"folded into another ends; {folds_to!r} is not final")
            for needed in ("linked_case", "relation"):
                if needed not in dict(requires):
                    b.fail((*p, "requires"), f"a link action must require {needed!r}")
        elif "folds_to" in a:
            b.fail((*p, "folds_to"), "folds_to applies only to an action with effect: link")
        record_as = [(f, b.text((*p, "record_as", f), n)) for f, n in
                     b.mapping((*p, "record_as"), a.get("record_as", {}), None).items()]
        for fname, _ in record_as:
            if fname not in dict(requires) and fname not in accepts:
                b.fail((*p, "record_as", fname), f"record_as: action {aname!r} takes no field "
                       f"{fname!r}: add it to the action's requires or accepts")
        actions[aname] = ActionDef(aname, tuple(moves), tuple(requires), tuple(accepts),
                                   effect, code, b.text((*p, "label"), a.get("label"),
                                                        aname.replace("_", " ")),
                                   stage_codes=tuple(stage_codes), on_record=tuple(on_record),
                                   clears=tuple(clears), folds_to=folds_to,
                                   record_as=tuple(record_as))

    # timers
    timers: dict[str, TimerDef] = {}
    raw_timers = top.get("timers", {})
    if not isinstance(raw_timers, dict):
        b.fail(("timers",), "timers must be a mapping")
        raw_timers = {}
    for tname, spec in raw_timers.items():
        timers[tname] = _timer(b, tname, spec, states, actions)

    # rules, exclusions, limits, landlord
    rules: dict[str, str] = {}
    for rname, spec in b.mapping(("rules",), top.get("rules", {}), RULES).items():
        if spec is False:
            continue
        r = b.mapping(("rules", rname), spec, ("code",), ("code",))
        rules[rname] = b.text(("rules", rname, "code"), r.get("code"))
    exclusions: dict[str, Exclusion] = {}
    for ground, spec in b.mapping(("exclusions",), top.get("exclusions", {}), None).items():
        p = ("exclusions", ground)
        e = b.mapping(p, spec, ("code", "months", "label", "after_acceptance"), ("code",))
        months = b.positive_int((*p, "months"), e["months"]) if "months" in e else None
        after = e.get("after_acceptance", False)
        if not isinstance(after, bool):
            b.fail((*p, "after_acceptance"), f"after_acceptance must be true or false, got: "
                   f"{after!r}")
        exclusions[ground] = Exclusion(ground, b.text((*p, "code"), e.get("code")), months,
                                       b.text((*p, "label"), e.get("label"),
                                              ground.replace("_", " ")), after is True)
    limits: dict[str, Limit] = {}
    for tname, spec in b.mapping(("limits",), top.get("limits", {}), None).items():
        p = ("limits", tname)
        lim = b.mapping(p, spec, (*UNITS, "code"), ("code",))
        limits[tname] = Limit(tname, b.duration(p, lim), b.text((*p, "code"), lim.get("code")))
    landlord = {
        k: b.text(("landlord", k), v)
        for k, v in b.mapping(("landlord",), top.get("landlord", {}), None).items()
    }

    choices = _choices(b, top.get("choices", {}))
    _implied_fields(exclusions, states, actions, choices)
    divergence: dict[str, str] = {}
    if "divergence" in top:
        dv = b.mapping(("divergence",), top["divergence"], ("reason", "approved_by"),
                       ("reason", "approved_by"))
        divergence = {k: b.text(("divergence", k), dv.get(k)) for k in ("reason", "approved_by")
                      if k in dv}
    letters = _letters(b, top.get("letters", {}), states, actions, timers)
    templates = tuple(b.names(("templates",), top["templates"])) if "templates" in top \
        else tuple(_own_templates(top))

    if not b.problems:  # reachability means little while names are still wrong
        _check_graph(b, states, actions, timers, rules)
    if b.problems:
        raise DefinitionError(_ordered(b.problems))
    resolved = dict(doc.data)
    resolved.pop("extends", None)
    return WorkflowDefinition(
        name=name, title=title, edition=edition, effective_from=effective_from,
        calendar=calendar, max_stages=max_stages, stages_code=stages_code, states=states,
        timers=timers, actions=actions, rules=rules, exclusions=exclusions, limits=limits,
        landlord=landlord, extends=top.get("extends"), letters=letters, templates=templates,
        resolved=resolved,
        digest=digest_of(resolved), divergence=divergence, choices=choices,
    )


def _choices(b: _Builder, raw: Any) -> dict[str, dict[str, Choice]]:
    """`choices: {FIELD: {NAME: {label: ..., needs: {FIELD: provision}}}}`."""
    out: dict[str, dict[str, Choice]] = {}
    for fname, options in b.mapping(("choices",), raw, None).items():
        p: PathKey = ("choices", fname)
        out[fname] = {}
        for name, spec in b.mapping(p, options, None).items():
            op: PathKey = (*p, name)
            c = b.mapping(op, spec if spec is not None else {}, ("label", "needs"))
            needs = [(f, b.text((*op, "needs", f), code))
                     for f, code in b.mapping((*op, "needs"), c.get("needs", {}), None).items()]
            out[fname][str(name)] = Choice(str(name), b.text(
                (*op, "label"), c.get("label"), str(name).replace("_", " ").capitalize()),
                tuple(needs))
        if not out[fname]:
            b.fail(p, f"choices.{fname} must list at least one value")
    return out


TIMER_KEYS = (*UNITS, "on_date", "describe", "starts", "started_by", "met_by", "code", "label",
              "extend", "on_expiry", "remind", "updates", "window", "counts_from", "each")
# Dates an officer records on an action for what happened earlier; the engine checks them
# (never after the clock).
DATE_FIELDS = ("requested_on", "aware_on", "agreed_on", "determined_on")


def _timer(b: _Builder, tname: str, spec: Any, states: Mapping[str, StateDef],
           actions: Mapping[str, ActionDef]) -> TimerDef:
    p: PathKey = ("timers", tname)
    t = b.mapping(p, spec, TIMER_KEYS, ("met_by", "code"))
    started_by: list[str] = []
    due_field = None
    starts = ""
    if "started_by" in t:
        # a run per action taken, due on the date the action gives (e.g. an outstanding
        # action's promised date, 2024 Code 7.3)
        started_by = b.names((*p, "started_by"), t["started_by"])
        due_field = b.text((*p, "on_date"), t.get("on_date"))
        if not due_field:
            b.fail(p, f"timer {tname!r} is started by an action: give the field holding its "
                   "date with on_date: FIELD")
        each = b.text((*p, "each"), t["each"]) if "each" in t else None
        for act in started_by:
            if act == CONTACT:  # `case contact` records adjustments (2024 5.10)
                continue
            b.name_of((*p, "started_by"), act, actions, "action")
            if act in actions and each and each in actions[act].fields:
                continue  # its runs are listed in that field, one "WHAT|DATE" a line
            if act in actions and due_field and due_field not in actions[act].fields:
                b.fail((*p, "on_date"), f"action {act!r} starts timer {tname!r} but has no "
                       f"field {due_field!r} to give its date: add it to the action's requires")
        if "starts" in t:
            b.fail((*p, "starts"), f"timer {tname!r} is started by an action and due "
                   "on_date: starts does not apply")
        # a length too: when the action gives no date, the run is due that long after it
        duration = b.duration(p, t) if any(u in t for u in UNITS) else Duration("on_date", 0)
    else:
        if "starts" not in t:
            b.fail(p, f"{b.label((*p, 'starts'))} is required")
        if "on_date" in t:
            b.fail((*p, "on_date"), "on_date needs started_by: ACTION")
        duration = b.duration(p, t)
        starts = b.name_of((*p, "starts"), t.get("starts"), states, "state")
    met_by = b.names((*p, "met_by"), t.get("met_by", []))
    for i, act in enumerate(met_by):
        if act == CONTACT and started_by:
            continue
        b.name_of((*p, "met_by", i) if isinstance(t.get("met_by"), list) else (*p, "met_by"),
                  act, actions, "action")
    extend = None
    if "extend" in t:
        e = b.mapping((*p, "extend"), t["extend"], ("max_working_days", "code"), ("code",))
        cap = e.get("max_working_days")
        extend = Extension(
            None if cap is None else b.positive_int((*p, "extend", "max_working_days"), cap),
            b.text((*p, "extend", "code"), e.get("code")),
        )
    raw_expiry = t.get("on_expiry", "breach")
    on_expiry, expiry_action = "breach", None
    if isinstance(raw_expiry, dict):
        e = b.mapping((*p, "on_expiry"), raw_expiry, ("action",), ("action",))
        expiry_action = b.name_of((*p, "on_expiry", "action"), e.get("action"), actions,
                                  "action")
        on_expiry = "action"
    elif raw_expiry in ON_EXPIRY:
        on_expiry = str(raw_expiry)
    else:
        b.fail((*p, "on_expiry"), f"on_expiry must be one of {', '.join(ON_EXPIRY)} or "
               f"{{action: NAME}}, got: {raw_expiry!r}")
    reminders: list[Reminder] = []
    raw_remind = t.get("remind", [])
    for i, r in enumerate(raw_remind if isinstance(raw_remind, list) else [raw_remind]):
        rp: PathKey = (*p, "remind", i) if isinstance(raw_remind, list) else (*p, "remind")
        rm = b.mapping(rp, r, ("working_days", "to"), ("working_days",))
        before = rm.get("working_days", 1)
        if before != 0:  # 0: on the day itself (a review date)
            before = b.positive_int((*rp, "working_days"), before)
        reminders.append(Reminder(before,
                                  _recipient(b, (*rp, "to"), rm.get("to", "handler"))))
    updates = None
    if "updates" in t:
        up: PathKey = (*p, "updates")
        u = b.mapping(up, t["updates"], ("field", "code", "to"), ("field", "code"))
        field_name = b.text((*up, "field"), u.get("field"))
        if field_name and not any(field_name in a.fields for a in actions.values()):
            b.fail((*up, "field"), f"no action takes the field {field_name!r}: add it to an "
                   "action's accepts (e.g. extend)")
        updates = Updates(field_name, b.text((*up, "code"), u.get("code")),
                          _recipient(b, (*up, "to"), u.get("to", "handler")))
    counts_from = None
    if "counts_from" in t:
        counts_from = b.text((*p, "counts_from"), t["counts_from"])
        if counts_from not in DATE_FIELDS:
            b.fail((*p, "counts_from"), f"counts_from must be one of {', '.join(DATE_FIELDS)}"
                   f", got: {counts_from!r}")
        entering = [a for a in actions.values()
                    if any(dst == starts != src for src, dst in a.moves)
                    or a.name in started_by]
        for a in entering:
            if counts_from not in a.fields:
                b.fail((*p, "counts_from"), f"action {a.name!r} starts timer {tname!r} but "
                       f"takes no {counts_from!r}: add it to the action's accepts")
    window = b.text((*p, "window"), t.get("window"), "landlord")
    if window not in WINDOWS:
        b.fail((*p, "window"), f"window must be one of {', '.join(WINDOWS)}, got: {window!r}")
    return TimerDef(tname, duration, starts, tuple(met_by), b.text((*p, "code"), t.get("code")),
                    b.text((*p, "label"), t.get("label"), tname.replace("_", " ")), extend,
                    on_expiry, expiry_action, tuple(reminders), updates, window,
                    tuple(started_by), due_field,
                    b.text((*p, "describe"), t["describe"]) if "describe" in t else None,
                    counts_from, b.text((*p, "each"), t["each"]) if "each" in t else None)


def _stage_codes(b: _Builder, path: PathKey, spec: dict[Any, Any]) -> list[tuple[int, str]]:
    out = []
    for key, code in spec.items():
        # written as numbers; stored definitions come back through JSON as "1", "2"
        stage = int(key) if isinstance(key, str) and key.isdigit() else key
        if not isinstance(stage, int) or isinstance(stage, bool) or stage < 1:
            b.fail(path, f"{b.label(path)}: a provision per stage is written "
                   f"{{1: \"6.4\", 2: \"6.15\"}}; {stage!r} is not a stage number")
            continue
        out.append((stage, b.text((*path, key), code)))
    if not out:
        b.fail(path, f"{b.label(path)} needs a provision")
    return sorted(out)


def _implied_fields(exclusions: Mapping[str, Exclusion], states: Mapping[str, StateDef],
                    actions: dict[str, ActionDef],
                    choices: Mapping[str, Mapping[str, Choice]] | None = None) -> None:
    """Fields the engine's own rules need, taken by the actions they apply to whatever the
    file lists, so that a stored definition written before a rule keeps working:
    every extension may say when it was agreed (`agreed_on`, 2024 6.4); where a time
    limit is in months (2024 2.3, 2020 1.5), the actions that refuse or accept a new
    complaint take the date the issue occurred or became known (`aware_on`), and
    accepting one takes the discretion used (`discretion`); an action taking a field with
    choices takes what a choice needs (an upheld decision's `failings`, 2024 7.1)."""
    months = any(e.months for e in exclusions.values())
    initial = {s.name for s in states.values() if s.initial}
    for name, a in actions.items():
        implied: list[str] = []
        if a.effect == "extend":
            implied.append("agreed_on")
        leaving = [dst for src, dst in a.moves if src in initial and dst in states and dst != src]
        if months and leaving:
            if a.effect == "refuse":
                implied.append("aware_on")
            elif any(not states[dst].final for dst in leaving):
                implied += ["aware_on", "discretion"]
        for fname, options in (choices or {}).items():
            if fname in a.fields:
                implied += [f for c in options.values() for f, _ in c.needs
                            if f not in a.fields and f not in implied]
        if implied:
            actions[name] = replace(a, implied=tuple(implied))


def _recipient(b: _Builder, path: PathKey, value: Any) -> str:
    who = b.text(path, value, "handler")
    if who not in RECIPIENTS:
        b.fail(path, f"{b.label(path)} must be one of {', '.join(RECIPIENTS)}, got: {who!r}")
    return who


LETTER_KEYS = ("title", "on", "dispatch", "due", "must_contain")
KIND_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _letters(
    b: _Builder,
    raw: Any,
    states: Mapping[str, StateDef],
    actions: Mapping[str, ActionDef],
    timers: Mapping[str, TimerDef],
) -> dict[str, LetterDef]:
    out: dict[str, LetterDef] = {}
    for kind, spec in b.mapping(("letters",), raw, None).items():
        p: PathKey = ("letters", kind)
        if not KIND_NAME.fullmatch(str(kind)):
            b.fail(p, f"letter kind {kind!r} must be lower-case letters, digits and _ "
                   "(it names the template file)")
        ltr = b.mapping(p, spec, LETTER_KEYS, ("title", "on", "must_contain"))
        on = b.mapping((*p, "on"), ltr.get("on", {}), ("action", "from", "stage"), ("action",))
        action = b.name_of((*p, "on", "action"), on.get("action"), actions, "action")
        sources: list[str] = []
        if "from" in on:
            sources = b.names((*p, "on", "from"), on["from"])
            for src in sources:
                if src not in states:
                    b.fail((*p, "on", "from"), f"{b.label((*p, 'on', 'from'))}: unknown state "
                           f"{src!r}{did_you_mean(src, states)}")
                elif action in actions and actions[action].destination(src) is None:
                    b.fail((*p, "on", "from"), f"letter {kind!r}: action {action!r} cannot "
                           f"start from state {src!r}")
        stage = b.positive_int((*p, "on", "stage"), on["stage"]) if "stage" in on else None
        dispatch = b.text((*p, "dispatch"), ltr.get("dispatch"), "manual")
        if dispatch not in DISPATCH:
            b.fail((*p, "dispatch"), f"dispatch must be one of {', '.join(DISPATCH)}, got: "
                   f"{dispatch!r}")
        due = b.name_of((*p, "due"), ltr["due"], timers, "timer") if "due" in ltr else None
        reqs: list[Requirement] = []
        for element, rspec in b.mapping((*p, "must_contain"), ltr.get("must_contain", {}),
                                        None).items():
            rp: PathKey = (*p, "must_contain", element)
            reqs.append(_requirement(b, rp, element, rspec))
        if not reqs and "must_contain" in ltr:
            b.fail((*p, "must_contain"), f"letter {kind!r} must contain at least one element")
        if due is None and any("deadline." in path for r in reqs for path in r.shows):
            b.fail(p, f"letter {kind!r} quotes a deadline's date: name its timer with due: TIMER")
        out[kind] = LetterDef(kind, b.text((*p, "title"), ltr.get("title")), action,
                              tuple(sources), stage, dispatch, due, tuple(reqs))
    return out


def _requirement(b: _Builder, path: PathKey, element: str, spec: Any) -> Requirement:
    """`element: "6.9"` for a catalogued element, or a mapping with code/label/shows."""
    known = CATALOGUE.get(element)
    if not isinstance(spec, dict):
        code = b.text(path, spec)
        if known is None:
            b.fail(path, f"unknown letter element {element!r}"
                   f"{did_you_mean(element, CATALOGUE)}; for an element of your own give "
                   "code, label and shows (e.g. shows: [fields.panel_date])")
            return Requirement(element, code, element, ())
        return Requirement(element, code, known.label, known.shows, known.if_given)
    r = b.mapping(path, spec, ("code", "label", "shows"), ("code",))
    shows = tuple(b.names((*path, "shows"), r["shows"])) if "shows" in r else \
        (known.shows if known else ())
    if not shows:
        b.fail(path, f"letter element {element!r} is not a known element: say what shows it "
               "with shows: [fields.NAME, ...]")
    for item in shows:
        if item.partition(".")[0] not in NAMESPACES or "." not in item:
            b.fail((*path, "shows"), f"shows: {item!r} is not a context path; paths start "
                   f"with one of {', '.join(NAMESPACES)} (e.g. fields.panel_date)")
    label = b.text((*path, "label"), r.get("label"), known.label if known else element)
    return Requirement(element, b.text((*path, "code"), r.get("code")), label, shows,
                       known.if_given if known else False)


def _check_graph(
    b: _Builder,
    states: Mapping[str, StateDef],
    actions: Mapping[str, ActionDef],
    timers: Mapping[str, TimerDef],
    rules: Mapping[str, str],
) -> None:
    """Reachability and cross-references: what transitions would only find at run time."""
    for a in actions.values():
        for src, _ in a.moves:
            # a refusal may follow a closure (a late request to escalate, 5.11); an
            # extension of a closed case's deadline means nothing
            if src in states and states[src].final and a.effect == "extend":
                b.fail(("actions", a.name, "moves", src),
                       f"action {a.name!r} with effect {a.effect} cannot start from final "
                       f"state {src!r}")
    initial = [s.name for s in states.values() if s.initial]
    if len(initial) != 1:
        return
    seen = {initial[0]}
    frontier = [initial[0]]
    while frontier:
        here = frontier.pop()
        for a in actions.values():
            dst = a.destination(here)
            # a link may fold the case into another, ending it
            for to in (dst, a.folds_to if dst is not None else None):
                if to is not None and to in states and to not in seen:
                    seen.add(to)
                    frontier.append(to)
    for sname in states:
        if sname not in seen:
            b.fail(("states", sname), f"state {sname!r} is unreachable from {initial[0]!r}")
    for t in timers.values():
        if t.extend is not None and t.extend.max_working_days is not None and not any(
            a.effect == "extend" for a in actions.values()
        ):
            b.fail(("timers", t.name, "extend"), f"timer {t.name!r} can be extended but no "
                   "action has effect: extend")
    escalate = actions.get("escalate")
    if "escalation_without_reason" in rules and escalate is not None and escalate.requires:
        fields = ", ".join(f for f, _ in escalate.requires)
        b.fail(("actions", "escalate", "requires"),
               f"escalate may require no reason from the resident (Code "
               f"{rules['escalation_without_reason']}), but requires: {fields}")
    if "different_stage2_handler" in rules and "respond" not in actions:
        b.fail(("rules", "different_stage2_handler"),
               "rule different_stage2_handler needs an action named 'respond'")


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), f"{type(value).__name__} {value!r}"
    )


def _ordered(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


# --- resolving `extends` and finding files --------------------------------------------


def merge_located(base: Located, over: Located) -> Located:
    """Derived-over-base: mappings merge key by key, anything else is replaced, null deletes."""

    def merge(a: Any, o: Any) -> Any:
        if isinstance(a, dict) and isinstance(o, dict):
            out = dict(a)
            for k, v in o.items():
                if v is None:
                    out.pop(k, None)
                else:
                    out[k] = merge(a.get(k), v)
            return out
        return o

    return Located(
        merge(base.data, over.data),
        {**base.where, **over.where},
        {**base.raw, **over.raw},
    )


def load_document(path: Path, resolve: Any, _chain: tuple[str, ...] = ()) -> Located:
    """Load a file and everything it extends; `resolve(name)` finds a named workflow file."""
    from ._yaml import load_located  # PyYAML is needed only when reading files

    doc = load_located(path)
    if not isinstance(doc.data, dict):
        raise DefinitionError([Problem(str(path), 1, "a workflow file must be a mapping "
                                       f"of keys to values, got: {_kind(doc.data)}")])
    parent = doc.data.get("extends")
    own_templates = "templates" in doc.data
    if parent is None:
        if not own_templates and isinstance(doc.data.get("workflow"), str):
            doc.data["templates"] = _own_templates(doc.data)
        return doc
    file, line = doc.line(("extends",))
    if not isinstance(parent, str):
        raise DefinitionError([Problem(file, line, "extends must name a workflow")])
    chain = (*_chain, str(path.resolve()))
    beside = path.parent / parent
    try:
        # a file name is read beside the extending file; a plain name is looked up
        parent_path = beside if beside.suffix in (".yaml", ".yml") and beside.is_file() \
            else resolve(parent)
    except LookupError as exc:
        raise DefinitionError([Problem(file, line, f"bad extends: {exc}")]) from None
    if str(parent_path.resolve()) in chain:
        names = [Path(c).stem for c in chain] + [parent_path.stem]
        raise DefinitionError([Problem(file, line, f"extends {parent!r} makes a cycle: "
                                       + " -> ".join(names))])
    base = load_document(parent_path, resolve, chain)
    merged = merge_located(base, doc)
    merged.data["extends"] = parent
    if not own_templates and isinstance(doc.data.get("workflow"), str):
        # templates are looked for in this workflow's folder first, then its bases'
        merged.data["templates"] = [doc.data["workflow"], *base.data.get("templates", [])]
    return merged


def _own_templates(data: Mapping[str, Any]) -> list[str]:
    """A workflow's own template folder, then its Code edition's (a copied baseline keeps
    the Code's letters until it has its own)."""
    name = str(data.get("workflow", ""))
    edition = data.get("edition")
    baseline = f"chc-{edition}" if edition else None
    return [name] + ([baseline] if baseline and baseline != name else [])


def from_resolved(resolved: Mapping[str, Any], source: str = "<stored>") -> WorkflowDefinition:
    """Rebuild a definition from its stored resolved data (what a case started with)."""
    return build(Located(_revive_dates(dict(resolved)), {(): (source, 0)}))


def _revive_dates(data: dict[str, Any]) -> dict[str, Any]:
    eff = data.get("effective_from")
    if isinstance(eff, str):
        data["effective_from"] = date.fromisoformat(eff)
    return data
