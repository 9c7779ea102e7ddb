"""One case's evidence bundle, a zip made in memory with the standard library.

Everything comes from the store as it is: each letter's stored HTML, the PDF made from
its stored text exactly as the print room gets it, and an email letter's bytes as the
outbox holds them (what was, or will be, sent). The audit events are given with their
stored hashes, and the chain is verified by the store's own check, so an edited row
shows in the bundle. Members are written in a fixed order with a fixed time (the case's
latest event), so an unchanged case exports to the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from ..cases._clock import instant, london
from ..letters._pdf import letter_pdf
from ..runner._outbox import sent_message
from ..store._reader import events_of, letter_of, letters_of, load_case
from ..store._store import Store
from ..store._views import event_dict
from ._timeline import sections, timeline_html, timeline_pdf

FORMAT = "redress evidence bundle 1"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Bundle:
    ref: str
    data: bytes
    members: tuple[str, ...]
    faults: tuple[str, ...]  # what verifying the audit chain found (none: intact)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def export_bundle(store: Store, ref: str) -> Bundle:
    """The evidence bundle of case `ref`."""
    with store.reading() as fetch:
        case_id, case, _ = load_case(fetch, ref)
        events = [dict(r) for r in events_of(fetch, case_id)]
        letters = []
        for r in letters_of(fetch, case_id):
            full = dict(letter_of(fetch, ref, case_id, r["seq"]))
            letters.append({**full, "sending": r["sending"],
                            "eml": sent_message(fetch, case_id, r["seq"])})
    defn = store.definition(case.digest)
    faults = store.verify_audit(ref)[1]
    latest = instant(events[-1]["clock_at"]) if events else case.received_at
    assert latest is not None

    files: list[tuple[str, bytes]] = []
    named: dict[int, list[str]] = {}
    for ltr in letters:
        stem = f"letters/{ltr['seq']:03d}-{ltr['kind']}"
        created = instant(ltr["created_at"])
        assert created is not None
        made = [(f"{stem}.pdf", letter_pdf(ltr["text"], ltr["subject"], created,
                                           large_print=bool(ltr["large_print"]))),
                (f"{stem}.html", str(ltr["html"]).encode())]
        if ltr["eml"] is not None:
            made.append((f"{stem}.eml", bytes(ltr["eml"])))
        named[int(ltr["seq"])] = [name for name, _ in made]
        files += made
    title = f"Case {case.ref}: the complaint's record"
    parts = sections(case, defn, events, letters, named, faults)
    files = [("timeline.html", timeline_html(title, parts).encode()),
             ("timeline.pdf", timeline_pdf(title, parts, latest)), *files,
             ("audit/events.json", _json(_audit_events(case.ref, events))),
             ("audit/verification.json", _json(_verification(case.ref, events, faults)))]
    manifest = {"format": FORMAT, "case": case.ref,
                "as_of_event": events[-1]["seq"] if events else None,
                "files": [{"name": name, "bytes": len(data),
                           "sha256": hashlib.sha256(data).hexdigest()}
                          for name, data in files]}
    files.append((MANIFEST, _json(manifest)))
    return Bundle(case.ref, _zipped(files, latest), tuple(n for n, _ in files), tuple(faults))


def _audit_events(ref: str, events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Every event as read, with the hash stored with it and the one before it; `stored`
    keeps the columns as the database holds them, which the hashes cover."""
    out = []
    for e in events:
        shown = event_dict(e) if _readable(e) else {"seq": e["seq"], "action": e["action"],
                                                     "hash": e["hash"]}
        out.append({**shown, "prev_hash": e["prev_hash"], "stored": {
            "fields": e["fields"], "changes": e["changes"],
            "clock_at": str(e["clock_at"]), "recorded_at": str(e["recorded_at"])}})
    return {"case": ref, "events": out}


def _readable(e: Mapping[str, Any]) -> bool:
    try:
        json.loads(e["fields"])
        json.loads(e["changes"])
    except (TypeError, ValueError):
        return False
    return True


def _verification(ref: str, events: Sequence[Mapping[str, Any]],
                  faults: Sequence[str]) -> dict[str, Any]:
    return {"case": ref, "intact": not faults, "events_checked": len(events),
            "faults": list(faults),
            "how": "each event's hash is recomputed from its stored content and the hash "
                   "before it (redress audit verify); an edited, deleted or inserted event "
                   "is named here"}


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n").encode()


def _zipped(files: Sequence[tuple[str, bytes]], at: datetime) -> bytes:
    when = at.astimezone(london()).timetuple()[:6]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()
