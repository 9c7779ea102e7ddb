"""Text parts of a letter's email, encoded as the standard library encodes them, faster.

A letter's HTML is ASCII with long lines, so `EmailMessage.set_content` chooses
quoted-printable, and the standard library's encoder quotes characters with
`str.translate` over a 256-entry list, one character at a time, on a ten-line sample
(to choose between quoted-printable and base64) and again on the whole body: a third of
the time it takes to make a letter's email. `encode_text` quotes each run of such
characters with one regular expression, each line once, and otherwise follows
`email.contentmanager` step for step, so the bytes are the same
(`tests/test_mail_encoding.py` compares them over many bodies). Its content manager,
the standard one but for text, is installed through the policy's `content_manager`, the
standard library's place for it; `_mail.letter_bytes` calls `encode_text` directly.
"""

from __future__ import annotations

import binascii
import re
from email.contentmanager import ContentManager, raw_data_manager
from email.message import Message
from email.policy import EmailPolicy
from typing import Any

# runs of every character but the ones a quoted-printable body may carry as they are
# (`email.quoprimime._QUOPRI_BODY_ENCODE_MAP`: tab, CR, LF and printable ASCII but '=')
_UNSAFE = re.compile(r"[^\t\n\r -<>-~]+")


def _quoted(match: re.Match[str]) -> str:
    # '=XX' for each (the text is Latin-1 here, each character one byte)
    return "=" + match.group().encode("latin-1").hex("=").upper()


def _qp_line(line: str, maxlinelen: int) -> str:
    """One quoted line broken into pieces of at most `maxlinelen` characters with soft
    line breaks ('=' and LF), as `email.quoprimime.body_encode` breaks it."""
    if len(line) <= maxlinelen and not line.endswith((" ", "\t")):
        return line  # (most lines)
    pieces: list[str] = []
    append = pieces.append
    maxlinelen1 = maxlinelen - 1
    start = 0
    laststart = len(line) - 1 - maxlinelen
    while start <= laststart:  # never inside an escape
        stop = start + maxlinelen1
        if line[stop - 2] == "=":
            append(line[start:stop - 1])
            start = stop - 2
        elif line[stop - 1] == "=":
            append(line[start:stop])
            start = stop - 1
        else:
            append(line[start:stop] + "=")
            start = stop
    # whitespace that ends a line is quoted, or kept visible behind a soft break
    if line and line[-1] in " \t":
        room = start - laststart
        if room >= 3:
            q = f"={ord(line[-1]):02X}"
        elif room == 2:
            q = line[-1] + "=\n"
        else:
            q = f"=\n={ord(line[-1]):02X}"
        append(line[start:-1] + q)
    else:
        append(line[start:])
    return "\n".join(pieces)


def _base64_body(data: bytes, max_line_length: int) -> str:
    per_line = max_line_length // 4 * 3
    return "".join(binascii.b2a_base64(data[i:i + per_line]).decode("ascii")
                   for i in range(0, len(data), per_line))


def encode_text(string: str, policy: EmailPolicy) -> tuple[str, str]:
    """(transfer encoding, payload) for UTF-8 text, chosen as
    `email.contentmanager._encode_text` chooses when no encoding is asked for."""
    lines = string.encode("utf-8").splitlines()
    linesep = policy.linesep.encode("ascii")
    max_len = policy.max_line_length
    if not max_len:
        raise ValueError("text is encoded for a policy with a line length limit")
    normal = b"\n".join(lines) + b"\n"
    if max((len(x) for x in lines), default=0) <= max_len:
        try:
            return "7bit", normal.decode("ascii")
        except UnicodeDecodeError:
            pass
        if policy.cte_type == "8bit":
            return "8bit", normal.decode("ascii", "surrogateescape")
    # Which is shorter for the first ten lines, quoted-printable or base64? Each line is
    # quoted on its own, so the whole body is quoted once and the sample taken from it.
    quoted = _UNSAFE.sub(_quoted, normal.decode("latin-1")).split("\n")[:-1]
    encoded = [_qp_line(line, max_len) for line in quoted]
    sniff_qp = "\n".join(encoded[:10]) + "\n"
    sniff = linesep.join(lines[:10]) + linesep
    if len(sniff_qp) > len(binascii.b2a_base64(sniff)):
        return "base64", _base64_body(linesep.join(lines) + linesep, max_len)
    return "quoted-printable", "\n".join(encoded) + "\n"


class _LetterContent(ContentManager):
    """The standard content manager (`raw_data_manager`) but for UTF-8 text with no
    other options asked for, which it encodes itself; its checks are the standard ones."""

    def get_content(self, msg: Message, *args: Any, **kw: Any) -> Any:
        return raw_data_manager.get_content(msg, *args, **kw)

    def set_content(self, msg: Message, obj: Any, *args: Any, **kw: Any) -> None:
        plain = (type(obj) is str and not args and kw.get("charset", "utf-8") == "utf-8"
                 and all(v is None for k, v in kw.items() if k not in ("subtype", "charset")))
        if not plain or not msg.policy.max_line_length or \
                msg.get_content_maintype() == "multipart":
            raw_data_manager.set_content(msg, obj, *args, **kw)
            return
        msg.clear_content()  # type: ignore[attr-defined]
        msg["Content-Type"] = f"text/{kw.get('subtype', 'plain')}"
        cte, payload = encode_text(obj, msg.policy)  # type: ignore[arg-type]
        msg.set_payload(payload)
        msg.set_param("charset", "utf-8", replace=True)
        msg["Content-Transfer-Encoding"] = cte


def content_manager() -> ContentManager:
    """The content manager for letters' emails (see the module's docstring)."""
    return _LetterContent()
