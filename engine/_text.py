"""Small text helpers shared by error messages."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean X?)' for a near miss, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# Everything str.splitlines() breaks at: CR, LF and the Unicode line and paragraph
# separators a mail client may also honour. None may appear in a header value.
LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def has_line_break(value: str) -> bool:
    return not LINE_BREAKS.isdisjoint(value)


# An RFC 2047 encoded word (=?charset?Q?...?=): a mail program decodes it, and what it
# decodes to may hold a line break, so it never belongs in a name or an address.
ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")


def has_encoded_word(value: str) -> bool:
    return ENCODED_WORD.search(value) is not None
