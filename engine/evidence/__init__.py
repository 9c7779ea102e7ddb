"""The evidence bundle: a case's full record as the Housing Ombudsman asks for it (2020
Code 3.20; 2024 4.1, 2022 4.15), in one zip: a readable timeline (HTML and PDF), every
letter as it left, the audit events with their hashes, the chain's verification and a
manifest of SHA-256 digests (`_bundle`); the timeline's two forms (`_timeline`).

Above `runner` (it reads the outbox's stored message bytes); imports every layer below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "Bundle": "._bundle",
    "export_bundle": "._bundle",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # explicit re-exports, so type checkers see the public names
    from ._bundle import Bundle as Bundle
    from ._bundle import export_bundle as export_bundle
