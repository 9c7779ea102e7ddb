"""A stored letter as an email: multipart/alternative, plain text first, then HTML.

The Message-ID is derived from the case, the letter's number and its content hash, so
the same letter always has the same Message-ID (a resend is recognisably the same
message). Header values never carry CR or LF: the letter was refused earlier if a name
or address had one, and the standard library's header policy refuses them again here.

From and To are each one mailbox, built as `email.headerregistry.Address` objects: the
display name is quoted or encoded (RFC 5322, RFC 2047) by the standard library, so a
name with commas, quotes, angle brackets or accents can never become a second address.
An address a person types is checked to be exactly one address (`valid_email`).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import lru_cache
from typing import Any

from .._errors import InvalidInput
from ..cases._clock import instant
from ._mime import content_manager, encode_text


class _Header(BaseHeader):
    """A header that folds once for each way of folding (the policy's line length, line
    end and `utf8`, all that folding reads): the same header object serves many
    letters (see `_Headers`)."""

    def fold(self, *, policy: Any) -> str:
        key = (policy.max_line_length, policy.linesep, policy.utf8)
        folded: dict[tuple[Any, ...], str] = self.__dict__.setdefault("_folded", {})
        done = folded.get(key)
        if done is None:
            done = folded[key] = super().fold(policy=policy)
        return done


class _Headers(HeaderRegistry):
    """The standard header registry, made cheaper for letters, which repeat their
    headers: each header name's class is made once (the standard one makes a new class
    for every header), and a header value met before is not parsed again. Header
    objects are immutable, so a parsed one serves every message that has it."""

    def __init__(self) -> None:
        super().__init__(base_class=_Header)
        self._classes: dict[str, type[BaseHeader]] = {}
        self._parsed = lru_cache(maxsize=1024)(super().__call__)

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls

    def __call__(self, name: str, value: Any) -> BaseHeader:
        if type(value) is str:  # (an Address is not hashable: see `_mailbox_header`)
            return self._parsed(name, value)
        return super().__call__(name, value)


# SMTP's policy (CRLF line ends) with the registry above and the faster text encoder of
# `_mime`; messages are made byte for byte as the standard policy makes them
POLICY = SMTP.clone(header_factory=_Headers(), content_manager=content_manager())


def message_id(ref: str, seq: int, content_hash: str, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "redress.invalid"
    return f"<{ref}.letter-{seq}.{content_hash[:16]}@{domain}>"


def mailbox(name: str, address: str) -> Address:
    """One mailbox for a From or To header; raises ValueError unless `address` is exactly
    one address."""
    return Address(display_name=name, addr_spec=address)


@lru_cache(maxsize=1024)
def _mailbox_header(header: str, name: str, address: str) -> BaseHeader:
    """A From or To header of one mailbox, parsed once for the letters that repeat it
    (every letter has the same From; a case's letters, the same To)."""
    return POLICY.header_factory(header, mailbox(name, address))  # type: ignore[no-any-return]


def valid_email(value: str, field: str = "--email") -> str:
    """`value` as exactly one valid email address (checked by `email-validator`, offline),
    with surrounding spaces gone and the domain as DNS reads it; else InvalidInput naming
    the field. Internationalised mailboxes are refused: sending them needs SMTPUTF8,
    which many servers lack."""
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(value.strip(), check_deliverability=False,
                                 allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"{field} must be one valid email address, got {value!r}: {exc}"
                           ) from None
    return str(checked.normalized)


def _headers(letter: Mapping[str, Any], ref: str, resident: str, from_name: str,
             from_address: str) -> list[tuple[str, BaseHeader]]:
    """The top-level headers of a letter's email, each checked and parsed as setting it on
    an `EmailMessage` would (`policy.header_store_parse`); InvalidInput if one cannot be."""
    if letter["channel"] != "email":
        raise InvalidInput(f"letter {letter['seq']} of case {ref} goes by post, not email; "
                           "use --format pdf")
    if not from_address:
        raise InvalidInput("no sender address: set complaints_email in the [landlord] table "
                           "of the config file")
    created = instant(letter["created_at"])
    assert created is not None
    try:
        return [
            ("From", _mailbox_header("From", from_name, from_address)),
            ("To", _mailbox_header("To", resident, letter["recipient"])),
            *((name, POLICY.header_store_parse(name, value)[1]) for name, value in (
                ("Subject", letter["subject"]),
                ("Date", format_datetime(created)),
                ("Message-ID", message_id(ref, letter["seq"], letter["content_hash"],
                                          from_address)))),
        ]
    except (ValueError, HeaderParseError) as exc:  # a CR or LF, or not one address
        raise InvalidInput(f"letter {letter['seq']} of case {ref} cannot be emailed: {exc}"
                           ) from None


def _message(headers: list[tuple[str, BaseHeader]], text: str, html: str) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    for name, header in headers:
        msg[name] = header
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def letter_email(
    letter: Mapping[str, Any],
    *,
    ref: str,
    resident: str,
    from_name: str,
    from_address: str,
) -> EmailMessage:
    """Build the email for a stored letter row (see `store._reader.LETTER`)."""
    msg = _message(_headers(letter, ref, resident, from_name, from_address),
                   letter["text"], letter["html"])
    boundary = _boundary(letter["text"], letter["html"])
    if boundary is not None:
        msg.set_boundary(boundary)
    return msg


_TOKEN_DIGITS = len(repr(sys.maxsize - 1))  # as `email.generator` writes its token


def _boundary(*parts: str) -> str | None:
    """Draw the multipart boundary as the standard library's generator would (the same
    random draw and form, so the same bytes): the generator would compile a new regular
    expression for every message to make sure its text lacks the boundary. None when
    the boundary is in one of the `parts` (it cannot be in a quoted-printable or base64
    body, where '=' is encoded): the generator is left to draw again."""
    token = random.randrange(sys.maxsize)
    boundary = "=" * 15 + f"{token:0{_TOKEN_DIGITS}d}" + "=="
    return None if any(boundary in part for part in parts) else boundary


_TOP = "MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary=\"{}\"\r\n\r\n"
# (the HTML part is an `EmailMessage` too, made by `add_alternative`, and so has its own
# MIME-Version header)
_PARTS = ("--{}\r\nContent-Type: text/plain; charset=\"utf-8\"\r\n"
          "Content-Transfer-Encoding: {}\r\n\r\n",
          "--{}\r\nContent-Type: text/html; charset=\"utf-8\"\r\n"
          "Content-Transfer-Encoding: {}\r\nMIME-Version: 1.0\r\n\r\n")


def letter_bytes(letter: Mapping[str, Any], *, ref: str, resident: str, from_name: str,
                 from_address: str) -> tuple[bytes, str]:
    """(the email's bytes, its Message-ID): `letter_email(...).as_bytes()`, byte for byte,
    written straight out. A letter's email always has the same shape (its headers, then
    a plain part and an HTML part), so the standard library's message tree and generator
    need not be built for each: the headers are its header objects, folded by its
    policy, and each part's body is encoded as its content manager would (`_mime`).
    `tests/test_mail_encoding.py` compares the two over many letters."""
    headers = _headers(letter, ref, resident, from_name, from_address)
    text, html = letter["text"], letter["html"]
    boundary = _boundary(text, html)
    msgid = str(headers[-1][1])
    if boundary is None:  # rare: the generator draws another
        return _message(headers, text, html).as_bytes(), msgid
    out = [POLICY.fold_binary(name, header) for name, header in headers]
    out.append(_TOP.format(boundary).encode("ascii"))
    for part, body in zip(_PARTS, (text, html), strict=True):
        cte, payload = encode_text(body, POLICY)  # type: ignore[arg-type]
        out.append(part.format(boundary, cte).encode("ascii"))
        # (every line of an encoded payload ends in LF alone; the generator writes CRLF)
        out.append(payload.replace("\n", "\r\n").encode("ascii", "surrogateescape"))
        out.append(b"\r\n")
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(out), msgid


@dataclass(frozen=True)
class Mailed:
    """An email letter made ready to send: its bytes and envelope."""

    data: bytes
    sender: str
    message_id: str


# (ref, resident, stored letter fields) -> the letter as it will be sent
Mailer = Callable[[str, str, Mapping[str, Any]], Mailed]


def mailer(from_name: str, from_address: str) -> Mailer:
    """Make email letters as one sender; used in the action's own transaction, so the
    outbox holds the exact message every attempt sends."""

    def make(ref: str, resident: str, letter: Mapping[str, Any]) -> Mailed:
        data, msgid = letter_bytes(letter, ref=ref, resident=resident, from_name=from_name,
                                   from_address=from_address)
        return Mailed(data, from_address, msgid)

    return make
