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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any

from .._errors import InvalidInput
from ..cases._clock import instant


def message_id(ref: str, seq: int, content_hash: str, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "redress.invalid"
    return f"<{ref}.letter-{seq}.{content_hash[:16]}@{domain}>"


def mailbox(name: str, address: str) -> Address:
    """One mailbox for a From or To header; raises ValueError unless `address` is exactly
    one address."""
    return Address(display_name=name, addr_spec=address)


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
    msg = EmailMessage(policy=SMTP)
    try:
        msg["From"] = mailbox(from_name, from_address)
        msg["To"] = mailbox(resident, letter["recipient"])
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
    return msg


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
