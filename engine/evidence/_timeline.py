"""A case's timeline as a reader at the Ombudsman sees it: every event, deadline and
letter, in London time, with the audit chain's verification at the top.

One list of sections makes both forms, so the HTML and the PDF say the same thing: the
HTML is a single self-contained page (Jinja, autoescaped), the PDF is made with fpdf2
and the fonts the letters use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..cases._clock import instant, london, long_date
from ..cases._core import Case
from ..store._views import letter_state
from ..workflow._definition import WorkflowDefinition


@dataclass(frozen=True)
class Section:
    title: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


# Events the engine records that are not workflow actions, as the timeline names them.
RECORDED = {"open": "Complaint recorded", "letter_sent": "Letter left",
            "breach": "Deadline missed: breach recorded",
            "contact": "Contact details or adjustments recorded",
            "withdraw_letter": "Letter withdrawn to be redrafted",
            "linked": "Linked with another case"}


def _when(value: Any) -> str:
    at = instant(value)
    return f"{at.astimezone(london()):%d %b %Y %H:%M}" if at else ""


def sections(case: Case, defn: WorkflowDefinition, events: Sequence[Mapping[str, Any]],
             letters: Sequence[Mapping[str, Any]], files: Mapping[int, Sequence[str]],
             faults: Sequence[str]) -> list[Section]:
    """The timeline: the case, the chain's verification, events, deadlines, letters."""
    about = Section("The case", ("", ""), (
        ("Reference", case.ref),
        ("Resident", case.resident),
        ("Received", long_date(case.received)),
        ("Workflow", f"{case.workflow}: {defn.title}"),
        ("State", f"{defn.states[case.state].label} ({case.state})"),
        ("Events", f"{len(events)}, the latest at {_when(events[-1]['clock_at'])}"
         if events else "none"),
        ("Times", "London time"),
    ))
    chain = Section("Audit chain", ("Result",), tuple((f,) for f in faults) or (
        ("Intact: every event's hash was recomputed and matches, in an unbroken chain",),),
        "DAMAGED: the record was changed after it was written" if faults else "")
    made: dict[int, list[str]] = {}
    for ltr in letters:
        made.setdefault(int(ltr["event_seq"]), []).append(
            f"letter {ltr['seq']} {ltr['kind']} ({ltr['channel']}): {ltr['subject']}")
    rows = []
    for e in events:
        move = (f"opened in {e['to_state']}" if e["from_state"] is None else
                e["to_state"] if e["from_state"] == e["to_state"] else
                f"{e['from_state']} -> {e['to_state']}")
        label = defn.actions[e["action"]].label if e["action"] in defn.actions else \
            RECORDED.get(e["action"], e["action"])
        details = [f"{k}: {v}" for k, v in _loaded(e["fields"]).items()]
        details += [f"deadline {c.get('deadline')} {c.get('change')}: due {c.get('due')}"
                    for c in _loaded(e["changes"]) or []]
        details += made.get(int(e["seq"]), [])
        rows.append((str(e["seq"]), _when(e["clock_at"]), f"{label} ({e['action']})",
                     str(e["actor"]), move, "\n".join(details)))
    timeline = Section("Events", ("No.", "When", "What", "By", "State", "Details"),
                       tuple(rows))
    deadlines = Section("Deadlines", ("No.", "Deadline", "Provision", "Started", "Due",
                                      "Status", "Done"), tuple(
        (str(d.seq),
         (defn.timers[d.name].label if d.name in defn.timers else d.name)
         + (f": {d.note}" if d.note else ""),
         "landlord's policy" if d.code == "landlord" else f"Code {d.code}",
         long_date(d.started_on), long_date(d.due),
         d.status + (f", breach recorded {_when(d.breached_at)}" if d.breached_at else ""),
         _when(d.completed_at))
        for d in case.deadlines))
    sent = Section("Letters", ("No.", "Letter", "Channel", "Written", "State", "Left",
                               "Files in this bundle"), tuple(
        (str(ltr["seq"]), f"{ltr['kind']}: {ltr['subject']}", ltr["channel"],
         _when(ltr["created_at"]), letter_state(ltr), _when(ltr.get("left_at")),
         "\n".join(files.get(int(ltr["seq"]), ())))
        for ltr in letters))
    return [about, chain, timeline, deadlines, sent]


def _loaded(raw: Any) -> Any:
    """A stored JSON column; an edited one that no longer parses is shown as it is."""
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return {"(unreadable)": str(raw)}


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; margin: 2em;
       color: #000; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 4px 6px; text-align: left; vertical-align: top;
         white-space: pre-line; }
th { background: #eee; }
.damaged { font-weight: bold; border: 2px solid #000; padding: 6px; }
@media print { @page { size: A4; margin: 15mm; } }
</style></head>
<body>
<h1>{{ title }}</h1>
{% for s in sections %}
<h2>{{ s.title }}</h2>
{% if s.note %}<p class="damaged">{{ s.note }}</p>{% endif %}
<table>
{% if s.head|select|list %}<tr>{% for h in s.head %}<th scope="col">{{ h }}</th>
{% endfor %}</tr>{% endif %}
{% for row in s.rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% else %}<tr><td>none</td></tr>{% endfor %}
</table>
{% endfor %}
</body></html>
"""


def timeline_html(title: str, parts: Sequence[Section]) -> str:
    from jinja2 import Environment

    return Environment(autoescape=True).from_string(PAGE).render(title=title, sections=parts)


def timeline_pdf(title: str, parts: Sequence[Section], created: datetime) -> bytes:
    """The same sections as a PDF: each row a short block, its first cell in bold."""
    from fpdf.enums import XPos, YPos

    from ..letters._pdf import a4_document, document_bytes

    pdf = a4_document(title, created, 18, 16)

    def para(text: str, style: str = "", size: float = 10, gap: float = 5) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(0, gap, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    para(title, "B", 15, 8)
    for s in parts:
        pdf.ln(3)
        para(s.title, "B", 12, 7)
        if s.note:
            para(s.note, "B")
        for row in s.rows or (("none",),):
            pairs = list(zip(s.head, row, strict=False)) if any(s.head) else \
                [("", " ".join(row))]
            first = " ".join(v for _, v in pairs[:2] if v)
            para(first, "B")
            for name, value in pairs[2:]:
                if value:
                    para(f"{name}: {value}" if name else value)
            pdf.ln(1.5)
    return document_bytes(pdf)
