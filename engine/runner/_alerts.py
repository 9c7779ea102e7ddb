"""Alerts as people read them: the open list, and marking them seen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text

from .._errors import InvalidInput
from ..cases._clock import instant
from ..cases._refs import ref_key
from ..store._reader import Fetch
from ..store._store import Store


def alerts(fetch: Fetch, *, show_all: bool = False, ref: str | None = None,
           limit: int = 500) -> list[dict[str, Any]]:
    where = [] if show_all else ["a.seen_at IS NULL"]
    params: dict[str, Any] = {"n": limit}
    if ref:
        where.append("c.ref_key = :ref")
        params["ref"] = ref_key(ref)
    cond = f"WHERE {' AND '.join(where)}" if where else ""
    rows = fetch(
        "SELECT a.id, c.ref, a.deadline_seq, a.kind, a.recipient, a.address, a.subject, "
        "a.message, a.created_at, a.seen_at, a.seen_by FROM alert a "
        f"LEFT JOIN complaint_case c ON c.id = a.case_id {cond} ORDER BY a.id DESC LIMIT :n",
        params)
    out = []
    for r in rows:
        d = dict(r)
        for key in ("created_at", "seen_at"):
            moment = instant(d[key])
            d[key] = moment.isoformat() if moment else None
        out.append(d)
    return out


def alert_line(r: Mapping[str, Any]) -> str:
    created = instant(r["created_at"])
    when = f"{created:%Y-%m-%d %H:%M}" if created else ""
    to = r["recipient"] + (f" <{r['address']}>" if r["address"] else "")
    seen = f"  (seen by {r['seen_by']})" if r["seen_at"] else ""
    return f"{r['id']:>5}  {when}  {r['kind']:<14} to {to}{seen}\n       {r['subject']}"


def mark_seen(store: Store, ids: Sequence[int], actor: str, now: datetime) -> int:
    """Mark alerts seen; an id that names no alert refuses them all (a typo is told)."""
    with store.writing() as s:
        listed = ", ".join(str(int(i)) for i in ids)
        known = {r[0] for r in s.execute(text(f"SELECT id FROM alert WHERE id IN ({listed})"))}
        unknown = [str(i) for i in ids if i not in known]
        if unknown:
            raise InvalidInput(f"no alert with id {', '.join(unknown)}; nothing was marked "
                               "(redress alert list --all shows them)")
        result = s.execute(text(
            f"UPDATE alert SET seen_at = :now, seen_by = :by WHERE id IN "
            f"({', '.join(str(int(i)) for i in ids)}) AND seen_at IS NULL"),
            {"now": store.stamp(now), "by": actor})
        return int(result.rowcount)
