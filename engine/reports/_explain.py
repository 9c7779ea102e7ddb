"""Every case behind CH01 and CH02, one line per case per figure: its anchor dates
(received, acknowledged, requested, left), its due dates, any extension and whether it
counted, and why the case is in or out, so a regulator or auditor can re-check any
figure by hand. The lines come from the very statements the figures are summed from
(with their detail columns), so an explanation and a figure cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .._errors import CaseNotFound
from ..cases._clock import instant, local_date
from ..store._reader import day
from ._periods import Period, short_date, year_of
from ._tsm import STAGES, Progress, Row, Source, Statements, period_where, snapshot


@dataclass(frozen=True)
class Line:
    figure: str  # "CH01 stage 1", ...
    ref: str
    counted: bool  # in the figure's count (CH02: among the responses)
    reason: str
    within: bool | None = None  # CH02: within the Code's timescales
    dates: dict[str, str | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"figure": self.figure, "ref": self.ref,
                               "counted": self.counted}
        if self.within is not None:
            out["within_timescale"] = self.within
        return {**out, "dates": self.dates, "reason": self.reason}

    def text(self) -> str:
        verdict = ("within" if self.within else "not within") if self.within is not None \
            else ("counted" if self.counted else "left out")
        return f"  {self.ref:<14} {verdict:<10} {self.reason}"


def _day(value: Any) -> date | None:
    return None if value is None else day(value)


def _left(value: Any) -> date | None:
    moment = instant(value)
    return None if moment is None else local_date(moment)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _when(day_: date | None) -> str:
    return short_date(day_) if day_ else "-"


class Explainer:
    """Turns the detail rows of the three parts into lines, for a period or (with
    `period` None, for one case) with the reporting year each fact counts in."""

    def __init__(self, source: Source, period: Period | None) -> None:
        self.source = source
        self.period = period

    def _in(self, day_: date | None) -> tuple[bool, str]:
        if day_ is None:
            return False, ""
        if self.period is None:
            return True, f" (counts in {year_of(day_)})"
        if self.period.holds(day_):
            return True, ""
        side = "before" if day_ < self.period.start else "after"
        return False, f", {side} the period (counts in {year_of(day_)})"

    def _label(self, digest: str, state: str | None) -> str:
        defn = self.source.definitions.get(digest)
        if defn is None or state is None or state not in defn.states:
            return str(state)
        return defn.states[state].label

    def _ground(self, fields: Any) -> str:
        try:
            ground = json.loads(fields or "{}").get("ground")
        except (TypeError, ValueError):
            ground = None
        return f" on the ground {ground}" if ground else ""

    def _response_note(self, stage: int, responded: date | None) -> str:
        if responded is None:
            return f"; no stage {stage} response has left"
        inside, note = self._in(responded)
        where = "in CH02 below" if inside and self.period else f"CH02{note}" if inside \
            else f"not in CH02{note}"
        return f"; its stage {stage} response left {_when(responded)} ({where})"

    def _entry(self, stage: int, row: Row, what: str, anchor: date | None
               ) -> tuple[str, dict[str, str | None], Line | None]:
        """The start of a CH01 line and its dates, and the whole line when the date is
        outside the period or the case was accepted into the stage."""
        dates = {"received": _iso(_day(row["received"])),
                 "requested": _iso(anchor) if stage > 1 else None,
                 "acknowledged": _iso(_left(row.get("acknowledged_at"))),
                 "left": _iso(_left(row.get("responded_at")))}
        inside, note = self._in(anchor)
        head = f"{what} {_when(anchor)}{note}"
        figure = f"CH01 stage {stage}"
        if not inside:
            return head, dates, Line(figure, row["ref"], False, head, dates=dates)
        if not row["accepted"]:
            return head, dates, None
        acknowledged = _left(row.get("acknowledged_at"))
        ack = f" (acknowledgement left {_when(acknowledged)})" if acknowledged else ""
        return head, dates, Line(
            figure, row["ref"], True, f"{head}; accepted into stage {stage}{ack}"
            + self._response_note(stage, _left(row.get("responded_at"))), dates=dates)

    def receipt(self, row: Row) -> Line:
        head, dates, done = self._entry(1, row, "received", _day(row["received"]))
        if done is not None:
            return done
        if row["refused"]:
            return Line("CH01 stage 1", row["ref"], False,
                        f"{head}; not accepted{self._ground(row.get('refusal'))} (reported "
                        "beside CH01 as not accepted)", dates=dates)
        return Line("CH01 stage 1", row["ref"], False,
                    f"{head}; not accepted into stage 1: "
                    f"{self._label(row['digest'], row['state']).lower()}", dates=dates)

    def request(self, row: Row) -> Line:
        head, dates, done = self._entry(2, row, "requested", _day(row["requested"]))
        if done is not None:
            return done
        if row["declined"]:
            fields = row["fields"] if row["direct"] else row.get("next_fields")
            after = " after the case had closed" if row["direct"] else ""
            return Line("CH01 stage 2", row["ref"], False,
                        f"{head}{after}; escalation declined{self._ground(fields)} (reported "
                        "beside CH01 as an escalation declined)", dates=dates)
        if row["next_state"] is None:
            return Line("CH01 stage 2", row["ref"], False,
                        f"{head}; not yet accepted into stage 2 (to be acknowledged)",
                        dates=dates)
        return Line("CH01 stage 2", row["ref"], False,
                    f"{head}; not accepted into stage 2: "
                    f"{self._label(row['digest'], row['next_state']).lower()}", dates=dates)

    def _deadline(self, what: str, due: date | None, left: date | None, status: str,
                  extended: int, cap: int | None, original: date | None = None,
                  capped: date | None = None, good: bool = False) -> str:
        out = f"{what} due {_when(due)}"
        if extended:
            mode = self.source.settings.extensions
            limit = "no cap" if cap is None else f"the cap of {cap}"
            past = cap is not None and extended > cap
            how = (f"past {limit}, " + ("with a good reason recorded" if good
                                         else "with no good reason recorded")) if past \
                else f"within {limit}"
            counted = {"code": not past or good, "cap": not past, "none": False}[mode]
            out += (f" (extended by {extended} working days, {how}; from "
                    f"{_when(original)}")
            if mode == "cap" and past:
                out += f"; the cap allows {_when(capped)}"
            out += f"; the extension {'counts' if counted else 'does not count'} with "
            out += f"extensions = \"{mode}\")"
        out += f", left {_when(left)}: {status}"
        return out

    def response(self, row: Row) -> Line:
        stage = int(row["stage"])
        left = _left(row["completed_at"])
        inside, note = self._in(left)
        figure = f"CH02 stage {stage}"
        dates = {"received": _iso(_day(row["received"])),
                 "requested": _iso(_day(row.get("requested"))),
                 "acknowledged": _iso(_left(row.get("ack_at"))), "left": _iso(left),
                 "acknowledgement_due": _iso(_day(row.get("ack_due"))),
                 "response_due": _iso(_day(row["due"])),
                 "original_due": _iso(_day(row.get("original_due")))}
        parts = [f"received {_when(_day(row['received']))}"]
        if row.get("requested") is not None:
            parts.append(f"requested {_when(_day(row['requested']))}")
        judged_ack = self.source.settings.acknowledgement
        if row["ack"] is not None:
            if row["ack_status"] is None:
                parts.append("no acknowledgement on record")
            else:
                parts.append(self._deadline(
                    "acknowledgement", _day(row["ack_due"]), _left(row["ack_at"]),
                    str(row["ack_status"]), int(row["ack_extended_by"] or 0),
                    row["ack_cap"]) + ("" if judged_ack else " (not judged)"))
        parts.append(self._deadline(
            "response", _day(row["due"]), left, str(row["status"]),
            int(row["extended_by"] or 0), row["cap"], _day(row.get("original_due")),
            _day(row.get("capped_due")), bool(row.get("good_reason"))))
        text = "; ".join(parts)
        if not inside:
            return Line(figure, row["ref"], False, f"response left {_when(left)}{note}: "
                        + text, dates=dates)
        within = bool(row["within"])
        if not within:
            why = []
            if judged_ack and not row["ack_within"]:
                why.append("the acknowledgement")
            if not row["response_within"]:
                why.append("the response")
            text += f" -> not within: {' and '.join(why)} missed the timescale"
        else:
            text += " -> within the Code's timescales"
        return Line(figure, row["ref"], True, text + note, within=within, dates=dates)


def explain(source: Source, period: Period, progress: Progress | None = None
            ) -> Iterator[Line]:
    """Every case behind the period's figures, figure by figure, streamed."""
    say = progress or (lambda _: None)
    ex = Explainer(source, period)
    with snapshot(source.store) as run:
        source.load_roles(run)
        st = source.statements(source.calendar_span(period))
        tables = st.tables()
        on_received, on_requested, on_left = period_where(st, period)
        parts = (
            (st.receipts(on_received, detail=True), "ORDER BY c.ref", ex.receipt),
            (st.requests(on_requested, detail=True), "ORDER BY q.ref, q.seq", ex.request),
            (st.responses(on_left, detail=True), "ORDER BY r.stage, r.ref, r.seq",
             ex.response),
        )
        done = 0
        for sql, order, line in parts:
            for row in run(f"{tables}{sql} {order}", st.params):
                yield line(row)
                done += 1
                if done % 10_000 == 0:
                    say(f"{done:,} cases explained")


def case_explanation(source: Source, ref: str, period: Period | None,
                     today: date) -> list[Line]:
    """One case's place in each figure: for `period`, or (None) the year each fact
    counts in."""
    ex = Explainer(source, period)
    with snapshot(source.store) as run:
        source.load_roles(run)
        found = list(run("SELECT id, received FROM complaint_case WHERE ref = :ref",
                         {"ref": ref}))
        if not found:
            raise CaseNotFound(ref)
        received = day(found[0]["received"])
        start = min(received, period.start) if period else received
        st: Statements = source.statements(
            (start - timedelta(days=120), max(today, period.end if period else today)
             + timedelta(days=366)))
        tables = st.tables()
        st.params["case_id"] = found[0]["id"]
        lines: list[Line] = []
        for row in run(f"{tables}{st.receipts('c.id = :case_id', detail=True)}", st.params):
            lines.append(ex.receipt(row))
        for row in run(f"{tables}{st.requests('q.case_id = :case_id', detail=True)} "
                       "ORDER BY q.seq", st.params):
            lines.append(ex.request(row))
        for row in run(f"{tables}{st.responses('r.case_id = :case_id', detail=True)} "
                       "ORDER BY r.stage, r.seq", st.params):
            lines.append(ex.response(row))
    order = {f"{m} stage {n}": i for i, (m, n) in
             enumerate((m, n) for m in ("CH01", "CH02") for n in STAGES)}
    return sorted(lines, key=lambda ln: order.get(ln.figure, 9))
