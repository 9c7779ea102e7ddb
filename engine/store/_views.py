"""How cases, deadlines and histories read: JSON-ready dicts and plain-text blocks.

Shared by the CLI and the demo so that both say the same thing the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ..cases._calendar import WorkingCalendar
from ..cases._clock import day_label, instant, local_date, london
from ..cases._core import FOLDED_IN, FOLDED_INTO, Case, Deadline, links, open_actions
from ..workflow._definition import WorkflowDefinition


def deadline_dict(d: Deadline, now: datetime) -> dict[str, Any]:
    completed = d.completed_on  # worked out once: a list asks it of every deadline
    return {
        "name": d.name,
        "due": d.due.isoformat(),
        "status": d.status_at(now),
        "completed_on": completed.isoformat() if completed else None,
        "started_on": d.started_on.isoformat(),
        "extended_by_working_days": d.extended_by,
        "code": d.code,
        "number": d.seq,
        "note": d.note or None,
        "breach_recorded_at": d.breached_at.isoformat() if d.breached_at else None,
    }


def letter_state(row: Mapping[str, Any]) -> str:
    """drafted, queued, sent, failed, uncertain or cancelled: where a letter is on its way
    to the resident. It has left when the outbox sent it or an officer recorded how."""
    if row.get("withdrawn_at"):
        return "cancelled"
    if row.get("left_at"):
        return "sent"
    sending = row.get("sending")
    if sending in ("queued", "sending"):
        return "queued"
    return str(sending) if sending else "drafted"


def letter_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    created = instant(row["created_at"])
    left = instant(row.get("left_at"))
    return {
        "id": row["seq"],
        "kind": row["kind"],
        "action": row["action"],
        "channel": row["channel"],
        "created": created.isoformat() if created else None,
        "dispatch": row["dispatch"],
        "subject": row["subject"],
        "large_print": bool(row["large_print"]),
        "content_hash": row["content_hash"],
        "event": row["event_seq"],
        "outbox": row.get("sending"),  # queued, sending, sent, failed, uncertain or None
        "state": letter_state(row),
        "left": left.isoformat() if left else None,
        "left_how": row.get("left_note") or None,
    }


def letter_line(row: Mapping[str, Any]) -> str:
    lp = ", large print" if row["large_print"] else ""
    state = letter_state(row)
    left = instant(row.get("left_at"))
    when = f" {day_label(local_date(left))}" if left and state == "sent" else ""
    return (f"  {row['seq']:>3}  {row['kind']:<24} {row['channel']:<5} {row['dispatch']:<9}"
            f" {row['subject']}{lp} [{state}{when}]")


def case_dict(case: Case, defn: WorkflowDefinition, now: datetime,
              letters: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    state = defn.states[case.state]
    return {
        "ref": case.ref,
        "workflow": case.workflow,
        "edition": defn.edition,
        "state": case.state,
        "state_label": state.label,
        "stage": state.stage,
        "received": case.received.isoformat(),
        "resident": case.resident,
        "email": case.email,
        "channel": case.channel,
        "address": case.address,
        "adjustments": dict(case.adjustments),
        "summary": case.summary,
        "version": case.version,
        "deadlines": [deadline_dict(d, now) for d in case.deadlines],
        "fields": dict(case.data),
        "handlers": dict(case.handlers),
        "divergence": dict(defn.divergence) or None,
        "restriction": restriction(case),
        "links": [{"ref": ref, "relation": how} for ref, how in links(case.data.get("links", ""))],
        "available_actions": open_actions(defn, case),
        "letters": [letter_dict(r) for r in letters],
    }


# the fields of a restriction on contact (2024 5.14, 5.15), as `restrict` records them
RESTRICTION = {"restriction": "what", "restriction_reason": "reason",
               "proportionality": "proportionality", "review_on": "review_on"}
LINK_WORDS = {
    FOLDED_INTO: "this complaint was folded into its stage 1 response",
    FOLDED_IN: "its complaint was folded into this case's stage 1 response",
}


def restriction(case: Case) -> dict[str, str] | None:
    """The restriction on contact in force on the case, or None."""
    if not case.data.get("restriction", "").strip():
        return None
    return {key: case.data.get(name, "") for name, key in RESTRICTION.items()}


def _record_lines(case: Case) -> list[str]:
    """What the case's record says beyond its deadlines: the outcome and what was
    learnt (7.1, 9.1), a restriction on contact (5.14), linked complaints (6.8)."""
    out = []
    data = case.data
    for name, label in (("decision", "decision"), ("failings", "failings"),
                        ("category", "category"), ("learning", "learning")):
        if data.get(name, "").strip():
            out.append(f"  {label:<9} {data[name]}")
    r = restriction(case)
    if r is not None:
        try:
            review = day_label(date.fromisoformat(r['review_on']))
        except ValueError:
            review = r["review_on"]
        out.append(f"  contact restricted: {r['what']} (reason: {r['reason']}; how it is "
                   f"proportionate: {r['proportionality']}; review by {review})")
    for ref, how in links(data.get("links", "")):
        words = LINK_WORDS.get(how, "a related complaint, answered on its own")
        out.append(f"  linked    {ref}: {words}")
    if data.get("ombudsman_ref", "").strip():
        asked = data.get("ombudsman_requested_on", "")
        out.append(f"  ombudsman {data['ombudsman_ref']}" + (f", asked on {asked}" if asked else "")
                   + (f"; determination: {data['outcome']} on {data.get('determined_on', '')}"
                      if data.get("outcome", "").strip() else ""))
    return out


def event_dict(row: Mapping[str, Any]) -> dict[str, Any]:

    at = instant(row["clock_at"])
    recorded = instant(row["recorded_at"])
    return {
        "seq": row["seq"],
        "action": row["action"],
        "actor": row["actor"],
        "from_state": row["from_state"],
        "to_state": row["to_state"],
        "at": at.isoformat() if at else None,
        "recorded_at": recorded.isoformat() if recorded else None,
        "fields": json.loads(row["fields"]),
        "deadline_changes": json.loads(row["changes"]),
        "hash": row["hash"],
    }


def _status_word(d: Deadline, now: datetime, calendar: WorkingCalendar) -> str:
    status = d.status_at(now)
    if status in ("met", "late") and d.completed_on:
        return f"{status} {day_label(d.completed_on)}"
    if status == "cancelled":
        return "cancelled"
    today = local_date(now)
    if status == "overdue":
        days = calendar.working_days_between(d.due, today)
        return f"OVERDUE by {days} working day{'s' if days != 1 else ''}" if days else "OVERDUE"
    days = calendar.working_days_between(today, d.due)
    if d.due == today:
        return "due today"
    return f"pending, {days} working day{'s' if days != 1 else ''} left"


def deadline_lines(case: Case, defn: WorkflowDefinition, now: datetime,
                   calendar: WorkingCalendar | None = None) -> list[str]:
    """A line per deadline: its name, due date, where it stands (in working days, by
    `calendar`: the landlord's closures included when given), provision and label."""
    calendar = calendar or WorkingCalendar()
    lines = []
    for d in case.deadlines:
        timer = defn.timers.get(d.name)
        label = timer.label if timer else d.name
        if timer is not None and timer.started_by:
            # tracked one by one: the officer names it with --set deadline=N
            label = f"{label} {d.seq}" + (f": {d.note}" if d.note else "")
        if d.breached_at is not None:
            label += f" [breach recorded {local_date(d.breached_at)}]"
        if d.letter_seq is not None and d.status == "pending":
            label += f" [answered by letter {d.letter_seq}, not sent yet]"
        ext = f", extended by {d.extended_by} working days" if d.extended_by else ""
        lines.append(
            f"  {d.name:<20} due {day_label(d.due)}  {_status_word(d, now, calendar):<30} "
            f"{_provision(d.code)}  {label}{ext}"
        )
    return lines


def _provision(code: str) -> str:
    """What a deadline is set by: a Code provision, or the landlord's own policy."""
    return "landlord's policy" if code == "landlord" else f"Code {code}"


def case_text(case: Case, defn: WorkflowDefinition, now: datetime,
              letters: Sequence[Mapping[str, Any]] = (),
              calendar: WorkingCalendar | None = None) -> str:
    state = defn.states[case.state]
    contact = case.email if case.channel == "email" else f"by post: {case.address}"
    out = [
        f"{case.ref}  {case.resident}  ({contact})",
        f"  workflow  {case.workflow}: {defn.title}",
        f"  state     {case.state} - {state.label}",
        f"  received  {day_label(case.received)}",
    ]
    if case.summary:
        out.append(f"  summary   {case.summary}")
    if defn.divergence:
        out.append(f"  divergence from the Code: {defn.divergence.get('reason', '')} "
                   f"(approved by {defn.divergence.get('approved_by', '')})")
    if case.adjustments:
        out.append("  adjustments " + "; ".join(f"{k}: {v}" for k, v in case.adjustments.items()))
    out.extend(_record_lines(case))
    out.append("deadlines:")
    out.extend(deadline_lines(case, defn, now, calendar) or ["  (none)"])
    out.append("letters:")
    out.extend([letter_line(r) for r in letters] or ["  (none)"])
    actions = open_actions(defn, case)
    out.append("next actions: " + (", ".join(actions) if actions else "none"))
    return "\n".join(out)


def history_text(events: Sequence[Mapping[str, Any]],
                 letters: Sequence[Mapping[str, Any]] = ()) -> str:
    out = []
    for row in events:
        e = event_dict(row)
        at = datetime.fromisoformat(e["at"]).astimezone(london())
        if e["from_state"] is None:
            move = f"opened in {e['to_state']}"
        elif e["from_state"] != e["to_state"]:
            move = f"{e['from_state']} -> {e['to_state']}"
        else:
            move = e["to_state"]
        out.append(f"{at:%Y-%m-%d %H:%M}  {e['action']:<19} by {e['actor']:<12} {move}")
        for name, value in e["fields"].items():
            out.append(f"      {name}: {value}")
        for c in e["deadline_changes"]:
            extra = ""
            if c["change"] == "extended":
                extra = (f" from {c['previous_due']} (+{c['working_days']} working days, "
                         f"Code {c['code']})")
            out.append(f"      deadline {c['deadline']} {c['change']}: due {c['due']}{extra}")
        for ltr in letters:
            if ltr["event_seq"] == row["seq"]:
                out.append(f"      letter {ltr['seq']} {ltr['kind']} ({ltr['channel']}, "
                           f"{ltr['dispatch']}): {ltr['subject']}")
    return "\n".join(out)


def workflow_text(defn: WorkflowDefinition) -> str:
    """A workflow as a complaints manager reads it: stages, actions, timers, provisions."""
    out = [f"{defn.name}: {defn.title}"]
    edition = f"Code edition {defn.edition}, " if defn.edition else ""
    base = f", extends {defn.extends}" if defn.extends else ""
    out.append(f"  {edition}effective from {defn.effective_from}, calendar {defn.calendar}, "
               f"at most {defn.max_stages} stage(s) (Code {defn.stages_code}){base}")
    out.append("states:")
    for s in defn.states.values():
        kind = "final" if s.final else f"stage {s.stage}" + (", initial" if s.initial else "")
        out.append(f"  {s.name:<18} ({kind})  {s.label}")
    out.append("actions:")
    for a in defn.actions.values():
        moves = ", ".join(f"{src} -> {dst}" for src, dst in a.moves)
        code = f"  (Code {a.code})" if a.code else ""
        out.append(f"  {a.name}: {moves}{code}")
        if a.requires:
            out.append("      requires " + ", ".join(
                f"{f} ({c})" if c else f for f, c in a.requires))
        if a.accepts:
            out.append("      accepts " + ", ".join(a.accepts))
    out.append("timers:")
    for t in defn.timers.values():
        start = (f"due on the date {', '.join(t.started_by)} gives as {t.due_field}"
                 if t.started_by else f"{t.duration} from entering {t.starts}")
        if t.started_by and t.duration.unit != "on_date":
            start += f", else {t.duration} from {t.counts_from or 'then'}"
        expiry = f"take {t.expiry_action}" if t.expiry_action else t.on_expiry
        whose = " (the resident's time)" if t.window == "resident" else ""
        out.append(f"  {t.name}: {start}{whose}; met by {', '.join(t.met_by) or 'nothing'}; "
                   f"on expiry {expiry} (Code {t.code})")
        for r in t.remind:
            out.append(f"      remind the {r.to} {r.working_days} working day"
                       f"{'s' if r.working_days != 1 else ''} before")
        if t.updates is not None:
            out.append(f"      once {t.updates.field} is agreed, remind the {t.updates.to} "
                       f"to update the resident at that interval (Code {t.updates.code})")
        if t.extend is not None:
            cap = (f"up to {t.extend.max_working_days} working days"
                   if t.extend.max_working_days is not None else "without a cap")
            out.append(f"      may be extended {cap} (Code {t.extend.code})")
    if defn.rules:
        out.append("rules:")
        out.extend(f"  {name} (Code {code})" for name, code in defn.rules.items())
    if defn.exclusions:
        out.append("exclusion grounds:")
        out.extend(f"  {e.ground}: {e.label} (Code {e.code})" for e in defn.exclusions.values())
    if defn.limits:
        out.append("limits for optional stages:")
        out.extend(f"  {lim.timer}: at most {lim.duration} (Code {lim.code})"
                   for lim in defn.limits.values())
    if defn.letters:
        out.append("letters (templates from " + ", ".join(defn.templates) + "):")
        for ltr in defn.letters.values():
            when = f" from {', '.join(ltr.sources)}" if ltr.sources else ""
            when += f" at stage {ltr.stage}" if ltr.stage else ""
            out.append(f"  {ltr.kind}: on {ltr.action}{when}, {ltr.dispatch} - {ltr.title}")
            out.append("      must contain " + ", ".join(
                f"{r.element} ({r.code})" for r in ltr.must_contain))
    return "\n".join(out)
