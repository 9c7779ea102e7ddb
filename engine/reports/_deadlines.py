"""How the deadlines due in a period fared: the one count both the annual report and the
self-assessment measure timeliness by."""

from __future__ import annotations

from datetime import date

from ..store._reader import Fetch

Counts = dict[str, int]  # met, late, overdue (still unanswered after its due date)


def due_in(fetch: Fetch, start: date, end: date, today: date,
           workflow: str | None = None) -> dict[tuple[str, str], Counts]:
    """Per (deadline name, workflow digest), the runs due from `start` to `end`: met, late,
    and still overdue at `today`; cancelled runs are not counted. One SQL aggregate, on
    the cases of one workflow name if given."""
    only = " AND c.workflow = :wf" if workflow else ""
    rows = fetch(
        "SELECT d.name AS name, c.digest AS digest, d.status AS status, "
        "SUM(CASE WHEN d.due < :today THEN 1 ELSE 0 END) AS past, COUNT(*) AS n "
        "FROM deadline d JOIN complaint_case c ON c.id = d.case_id "
        f"WHERE d.due >= :start AND d.due <= :end{only} "
        "GROUP BY d.name, c.digest, d.status",
        {"start": start, "end": end, "today": today, "wf": workflow})
    out: dict[tuple[str, str], Counts] = {}
    for r in rows:
        c = out.setdefault((str(r["name"]), str(r["digest"])),
                           {"met": 0, "late": 0, "overdue": 0})
        if r["status"] in ("met", "late"):
            c[str(r["status"])] += int(r["n"])
        elif r["status"] == "pending":
            c["overdue"] += int(r["past"] or 0)
    return out
