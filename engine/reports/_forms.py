"""The measures as people and spreadsheets read them: the same numbers as the JSON,
rounded to one decimal place for reading (rates per 1,000 homes, percentages)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ._explain import Line
from ._tsm import TsmReport


def _percent(within: int, responded: int) -> str:
    return f"{within * 100 / responded:.1f}%" if responded else "no responses"


def tsm_text(report: TsmReport) -> str:
    """The measures with their definitions, as the landlord publishes them."""
    out = [f"Tenant Satisfaction Measures: complaints, {report.period.label}",
           f"Homes owned: {report.homes:,}", "",
           "CH01  Complaints relative to the size of the landlord (per 1,000 homes)"]
    for n, f in report.stages.items():
        what = "complaints received" if n == 1 else "escalation requests received"
        out.append(f"  stage {n}: {f.received * 1000 / report.homes:.1f} per 1,000 homes "
                   f"({f.received:,} {what} and accepted)")
    out += [f"  not counted: {report.not_accepted:,} complaint(s) not accepted, "
            f"{report.escalations_declined:,} escalation(s) declined", "",
            "CH02  Complaints responded to within the Complaint Handling Code's timescales"]
    for n, f in report.stages.items():
        out.append(f"  stage {n}: {_percent(f.within, f.responded)} ({f.within:,} of "
                   f"{f.responded:,} responses)")
    out += ["", "Definitions (redress's defaults unless the config's [reports] table "
            "changes them):"]
    out += [f"  - {line}" for line in report.settings.lines()]
    return "\n".join(out)


def tsm_csv(report: TsmReport) -> str:
    """One row per figure: measure, stage, count, of (the base), value (unrounded)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["measure", "stage", "count", "of", "value", "period_from", "period_to"])
    span = (report.period.start.isoformat(), report.period.end.isoformat())
    for n, f in report.stages.items():
        w.writerow(["CH01", n, f.received, report.homes, f.received * 1000 / report.homes,
                    *span])
    for n, f in report.stages.items():
        w.writerow(["CH02", n, f.within, f.responded,
                    f.within / f.responded if f.responded else "", *span])
    w.writerow(["not_accepted", 1, report.not_accepted, "", "", *span])
    w.writerow(["escalations_declined", 2, report.escalations_declined, "", "", *span])
    for key, value in report.settings.as_dict().items():
        w.writerow([f"setting:{key}", "", "", "", value, *span])
    return buf.getvalue()


def lines_csv(lines: Iterable[Line]) -> Iterable[str]:
    """The explanation as CSV rows, streamed."""
    cols = ("received", "acknowledged", "requested", "left", "acknowledgement_due",
            "response_due", "original_due")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["figure", "ref", "counted", "within_timescale", *cols, "reason"])
    for ln in lines:
        w.writerow([ln.figure, ln.ref, ln.counted, "" if ln.within is None else ln.within,
                    *(ln.dates.get(c) or "" for c in cols), ln.reason])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def lines_text(lines: Iterable[Line]) -> Iterable[str]:
    """The explanation grouped by figure, a heading before each."""
    current = None
    for ln in lines:
        if ln.figure != current:
            current = ln.figure
            yield ""
            yield {"CH01 stage 1": "CH01 stage 1: each complaint received in the period",
                   "CH01 stage 2": "CH01 stage 2: each request to escalate made in the "
                                   "period",
                   }.get(ln.figure, f"{ln.figure}: each stage {ln.figure[-1]} response "
                                    "that left in the period")
        yield ln.text()
