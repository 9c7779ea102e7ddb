"""The runner: `redress run` on APScheduler's wake-ups (`_runner`), firing due wake-ups in
batches (`_jobs`), the outbox that claims, sends and marks each message once
(`_outbox`), the pure decisions on a send's outcome (`_dispatch`), the SMTP, file and
print transports (`_transports`), and the team's alerts (`_alerts`).

May import every layer below (`store`, `letters`, `cases`, `workflow`, the base
modules); the service it runs beside is named by the `Desk` shape, not imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "BATCH": "._runner",
    "MAX_BATCH": "._runner",
    "PassResult": "._runner",
    "Runner": "._runner",
    "fire_due": "._jobs",
    "next_due": "._jobs",
    "ClaimLost": "._outbox",
    "Outbox": "._outbox",
    "outbox_json": "._outbox",
    "outbox_line": "._outbox",
    "queue_letter": "._outbox",
    "sent_message": "._outbox",
    "stored_pdf": "._outbox",
    "MailSettings": "._transports",
    "alert_line": "._alerts",
    "alerts": "._alerts",
    "mark_seen": "._alerts",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._alerts import alert_line as alert_line
    from ._alerts import alerts as alerts
    from ._alerts import mark_seen as mark_seen
    from ._jobs import fire_due as fire_due
    from ._jobs import next_due as next_due
    from ._outbox import ClaimLost as ClaimLost
    from ._outbox import Outbox as Outbox
    from ._outbox import outbox_json as outbox_json
    from ._outbox import outbox_line as outbox_line
    from ._outbox import queue_letter as queue_letter
    from ._outbox import sent_message as sent_message
    from ._outbox import stored_pdf as stored_pdf
    from ._runner import BATCH as BATCH
    from ._runner import MAX_BATCH as MAX_BATCH
    from ._runner import PassResult as PassResult
    from ._runner import Runner as Runner
    from ._transports import MailSettings as MailSettings
