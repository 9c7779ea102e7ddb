"""`redress letters check`: every letter of a workflow rendered with sample data, verified,
and scored for plain language (2024 Code 6.9: "clear, plain language").

The sample values are written in plain words so that the score measures the template's
own wording. The score is Flesch reading ease of the letter's prose: its paragraphs and
list items that end a sentence (addresses, dates and headings are not prose).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from ..cases._calendar import WorkingCalendar
from ..cases._clock import local_date
from ..cases._core import Case, Deadline
from ..workflow._definition import LetterDef, WorkflowDefinition
from ._compose import Letter, LetterSettings, compose, context
from ._render import text_blocks

MIN_READING_EASE = 60.0

SAMPLE_FIELDS = {
    "complaint_definition": "You told us the kitchen tap has leaked for six weeks. Two "
    "repair visits did not fix it.",
    "outcomes_sought": "You want the tap fixed and an apology for the wait.",
    "responsibility": "We look after the tap and the pipes in your home. The water company "
    "looks after the pipes in the street.",
    "decision": "Upheld",
    "failings": "Our first repair visit did not fix the leak, and we took six weeks to come "
    "back.",
    "reasons": "Our first visit did not fix the leak. We should have sent a plumber with the "
    "right part.",
    "remedy": "We are sorry. A plumber will fit a new tap. We will pay you £50 for the time "
    "and trouble.",
    "outstanding_actions": "A plumber will fit the new tap on 3 December.",
    "reason": "We need a report from the plumber before we can decide. The plumber comes on "
    "1 December.",
    "working_days": "5",
    "good_reason": "The plumber could not come sooner.",
    "explanation": "You took this matter to court in May. The court will decide it, so we "
    "cannot.",
    "resident_reasons": "I do not think £50 is enough.",
    "instruction": "The Ombudsman asked us to look at your complaint.",
    "note": "Closed after our final answer.",
}
SAMPLE_LANDLORD = {
    "name": "Example Homes",
    "address": ["2 Market Street", "Newtown", "NT1 1AA"],
    "complaints_email": "complaints@example-homes.example",
    "complaints_phone": "0300 123 4567",
    "signatory_role": "Complaints Team",
}


@dataclass(frozen=True)
class Checked:
    workflow: str
    kind: str
    letter: Letter | None
    score: float | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.score is not None and \
            self.score >= MIN_READING_EASE


def sample_value(name: str) -> str:
    return SAMPLE_FIELDS.get(name, f"Sample text for {name.replace('_', ' ')}.")


def sample_case(defn: WorkflowDefinition, spec: LetterDef, now: datetime, *,
                channel: str = "post", large_print: bool = False) -> Case:
    fields = {f: sample_value(f) for a in defn.actions.values() for f in a.fields}
    if defn.exclusions:
        fields["ground"] = next(iter(defn.exclusions))
    state = spec.sources[0] if spec.sources else defn.initial
    received = local_date(now) - timedelta(days=14)
    return Case(
        ref=f"{received.year}-00042", workflow=defn.name, digest=defn.digest, state=state,
        received=received, received_at=now - timedelta(days=14), resident="Ms Sam Sample",
        email="sam.sample@example.org", channel=channel, summary="A leaking kitchen tap",
        data=fields, address="Flat 4, 10 Park Road, Newtown, NT2 3BB",
        adjustments={"large_print": "yes"} if large_print else {},
    )


def sample_context(
    defn: WorkflowDefinition,
    spec: LetterDef,
    settings: LetterSettings,
    calendar: WorkingCalendar,
    now: datetime,
    *,
    channel: str = "post",
    large_print: bool = False,
) -> dict[str, Any]:
    """The context a letter of `spec` is written from, for a sample case at `now`."""
    case = sample_case(defn, spec, now, channel=channel, large_print=large_print)
    deadline, previous = None, None
    if spec.due:
        timer = defn.timers[spec.due]
        today = local_date(now)
        previous = _due(calendar, today, timer.duration.unit, timer.duration.length)
        extended = spec.action in defn.actions and defn.actions[spec.action].effect == "extend"
        due = calendar.add_working_days(previous, 5) if extended else previous
        deadline = Deadline(1, timer.name, timer.code, today, due,
                            extended_by=5 if extended else 0)
    stage = spec.stage or (defn.states[case.state].stage if case.state in defn.states else None)
    return context(defn, spec, case, with_sample_landlord(settings), stage=stage,
                   fields=case.data, deadline=deadline,
                   previous_due=previous if deadline and deadline.extended_by else None,
                   now=now)


def with_sample_landlord(settings: LetterSettings) -> LetterSettings:
    """Settings whose landlord falls back to the sample one where nothing is configured."""
    return replace(settings, landlord_defaults=SAMPLE_LANDLORD)


def sample_letter(
    defn: WorkflowDefinition,
    spec: LetterDef,
    settings: LetterSettings,
    calendar: WorkingCalendar,
    now: datetime,
    *,
    channel: str = "post",
    large_print: bool = False,
) -> Letter:
    """Render and verify one letter with sample data (raises LetterRefused)."""
    ctx = sample_context(defn, spec, settings, calendar, now, channel=channel,
                         large_print=large_print)
    return compose(defn, spec, ctx, with_sample_landlord(settings), channel=channel,
                   action=spec.action, created_at=now)


def _due(calendar: WorkingCalendar, day: date, unit: str, length: int) -> date:
    if unit == "working_days":
        return calendar.add_working_days(day, length)
    if unit == "days":
        return day + timedelta(days=length)
    return day + timedelta(days=max(1, length // 24))


def prose(text: str) -> str:
    """The sentences of a plain-text letter: paragraphs and items that end a sentence."""
    parts: list[str] = []
    for kind, lines in text_blocks(text):
        if kind == "h":
            continue
        items = lines if kind == "ul" else [" ".join(lines)]
        parts.extend(i for i in items if i.rstrip().endswith((".", "?", "!")))
    return "\n".join(parts)


def reading_ease(text: str) -> float:
    import textstat

    return float(textstat.flesch_reading_ease(prose(text)))


def check_workflow(
    defn: WorkflowDefinition,
    settings: LetterSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> list[Checked]:
    from .._errors import LetterRefused

    out = []
    for spec in defn.letters.values():
        try:
            letter = sample_letter(defn, spec, settings, calendar, now)
        except LetterRefused as refused:
            out.append(Checked(defn.name, spec.kind, None, None, "; ".join(refused.problems)))
            continue
        out.append(Checked(defn.name, spec.kind, letter, reading_ease(letter.text), None))
    return out
