"""One complaint, one case: how an external reference is compared.

An officer may type `WEB-42`, `WEB-42 ` or `web-42` for the same complaint. The case
keeps the spelling it was opened with, for display; it is found, and kept unique, by
its key: the reference in Unicode compatibility form (NFKC), trimmed, and case-folded.
"""

from __future__ import annotations

import unicodedata


def ref_key(ref: str) -> str:
    """The key a reference is compared by: `ref_key("WEB-42 ") == ref_key("web-42")`."""
    return unicodedata.normalize("NFKC", ref).strip().casefold()
