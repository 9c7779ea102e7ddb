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


# SMTP's policy (CRLF line ends) with the registry above; messages are made as before
POLICY = SMTP.clone(header_factory=_Headers())


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


def letter_email(
    letter: Mapping[str, Any],
    *,
    ref: str,
    resident: str,
    from_name: str,
    from_address: str,
) -> EmailMessage:
    """Build the email for a stored letter row (see `store._reader.LETTER`)."""
    if letter["channel"] != "email":
        raise InvalidInput(f"letter {letter['seq']} of case {ref} goes by post, not email; "
                           "use --format pdf")
    if not from_address:
        raise InvalidInput("no sender address: set complaints_email in the [landlord] table "
                           "of the config file")
    msg = EmailMessage(policy=POLICY)
    try:
        msg["From"] = _mailbox_header("From", from_name, from_address)
        msg["To"] = _mailbox_header("To", resident, letter["recipient"])
        msg["Subject"] = letter["subject"]
    except (ValueError, HeaderParseError) as exc:  # a CR or LF, or not one address
        raise InvalidInput(f"letter {letter['seq']} of case {ref} cannot be emailed: {exc}"
                           ) from None
    created = instant(letter["created_at"])
    assert created is not None
    msg["Date"] = format_datetime(created)
    msg["Message-ID"] = message_id(ref, letter["seq"], letter["content_hash"], from_address)
    msg.set_content(letter["text"])
    msg.add_alternative(letter["html"], subtype="html")
    _draw_boundary(msg, letter["text"], letter["html"])
    return msg


_TOKEN_DIGITS = len(repr(sys.maxsize - 1))  # as `email.generator` writes its token


def _draw_boundary(msg: EmailMessage, *parts: str) -> None:
    """Draw the multipart boundary as the standard library's generator would (the same
    random draw and form, so the same bytes) and set it now: the generator would compile
    a new regular expression for every message to make sure its text lacks the boundary.
    A boundary that is in the text (it cannot be in a quoted-printable or base64 body,
    where '=' is encoded) is left for the generator to draw again."""
    token = random.randrange(sys.maxsize)
    boundary = "=" * 15 + f"{token:0{_TOKEN_DIGITS}d}" + "=="
    if not any(boundary in part for part in parts):
        msg.set_boundary(boundary)


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
        msg = letter_email(letter, ref=ref, resident=resident, from_name=from_name,
                           from_address=from_address)
        return Mailed(msg.as_bytes(), from_address, str(msg["Message-ID"]))

    return make
