"""A letter's email parts are encoded by `_mime`'s text handler, which must write the
very bytes the standard library's content manager writes: same transfer encoding chosen
(7bit, 8bit, quoted-printable or base64), same soft line breaks, same quoting."""

from __future__ import annotations

import random
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8, EmailPolicy, default

import pytest
from redress.engine.letters._mime import content_manager

# characters where quoted-printable has a rule of its own: '=' and whitespace (quoted at
# a line's end), CR and LF, controls, Latin-1 and wider characters
EDGES = ["=", " ", "\t", "\r", "\n", "\r\n", "\x0b", "\x0c", "\x85", "\x7f", "é", "—",
         "\u2019", "€", "😀", "<", ">", "~", "&amp;", "\u2028"]
WORDS = ["Dear", "Resident", "complaint", "stage", "working", "days", "<p>", "</p>",
         '<a href="https://www.housing-ombudsman.org.uk/">', "0300 111 3000", "&#39;"]


def body(rng: random.Random) -> str:
    """A letter-like body: ASCII lines of many lengths around the 78-character limit, some
    long like HTML, sprinkled with the characters above, with or without a last newline."""
    lines = []
    density = rng.choice([0.02, 0.15, 0.9])  # the last: mostly Welsh, emoji and such
    for _ in range(rng.choice([1, 2, 9, 10, 11, 12, 30])):
        width = rng.choice([0, 1, 40, 74, 75, 76, 77, 78, 79, 80, 150, 300])
        parts: list[str] = []
        while sum(map(len, parts)) < width:
            parts.append(rng.choice(EDGES) if rng.random() < density else rng.choice(WORDS))
            parts.append(rng.choice([" ", "", "\t"]) if rng.random() < 0.3 else " ")
        line = "".join(parts)[:width] if rng.random() < 0.5 else "".join(parts)
        lines.append(line)
    return "\n".join(lines) + rng.choice(["", "\n", " ", "\t", "=", "\r\n"])


def built(policy: EmailPolicy, text: str, html: str) -> bytes:
    msg = EmailMessage(policy=policy)
    msg["Subject"] = "Your complaint"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    msg.set_boundary("===============0000000000000000001==")
    return msg.as_bytes()


@pytest.mark.parametrize("standard", [SMTP, SMTPUTF8, default,
                                      SMTP.clone(max_line_length=40)],
                         ids=["SMTP", "SMTPUTF8", "default", "SMTP-40"])
def test_the_text_handler_writes_the_standard_bytes(standard: EmailPolicy) -> None:
    ours = standard.clone(content_manager=content_manager())
    rng = random.Random(20261205)
    seen = set()
    for _ in range(400):
        text, html = body(rng), body(rng)
        got = built(ours, text, html)
        assert got == built(standard, text, html), (text, html)
        for part in message_from_bytes(got, policy=default).iter_parts():
            seen.add(str(part["Content-Transfer-Encoding"]).strip())
    # the bodies reach every choice the policy allows (else the comparison proves little)
    eight = {"8bit"} if standard.cte_type == "8bit" else set()
    assert seen == {"7bit", "quoted-printable", "base64"} | eight


def test_letter_parts_read_back_as_written() -> None:
    """What the handler writes decodes to the letter's text, line ends aside (CR, LF or
    both, as `bytes.splitlines` reads them: the only line ends MIME knows)."""
    from redress.engine.letters._mail import POLICY

    rng = random.Random(5)
    for _ in range(200):
        text, html = body(rng), body(rng)
        msg = message_from_bytes(built(POLICY, text, html), policy=default)
        plain, rich = msg.iter_parts()
        for part, want in ((plain, text), (rich, html)):
            got = part.get_content().encode()
            assert got.splitlines() == (want.encode().splitlines() or [b""])  # "" as "\n"


def test_other_options_go_to_the_standard_handler() -> None:
    """A charset or encoding asked for is the standard library's business, as before."""
    ours = SMTP.clone(content_manager=content_manager())
    for kwargs in ({"cte": "base64"}, {"charset": "latin-1"}, {"disposition": "inline"}):
        mine, theirs = EmailMessage(policy=ours), EmailMessage(policy=SMTP)
        mine.set_content("Café " * 30, **kwargs)  # type: ignore[arg-type]
        theirs.set_content("Café " * 30, **kwargs)  # type: ignore[arg-type]
        assert mine.as_bytes() == theirs.as_bytes()


NAMES = ["Ms A Example", "Smith, Jo", 'Jo "JJ" Smith', "Zoë Ḿüller-Łódź", "O'Brien <x>",
         "=?utf-8?q?looks_encoded?=", "A very long name " * 6, "", "Test Homes, Ltd"]
SUBJECTS = ["Your complaint", "Réponse à votre plainte — stage 1", "x" * 200,
            "We have logged your complaint - our reference 2026-00001 " * 3, "=?x?= ; , : <>",
            "Ymateb i\u2019ch cwyn: cam 2"]


def stdlib_email(letter: dict[str, object], ref: str, resident: str, from_name: str,
                 from_address: str) -> bytes:
    """The letter's email as the standard library makes it with its own SMTP policy."""
    from email.headerregistry import Address
    from email.utils import format_datetime

    from redress.engine.cases import instant
    from redress.engine.letters._mail import message_id

    msg = EmailMessage(policy=SMTP)
    msg["From"] = Address(display_name=from_name, addr_spec=from_address)
    msg["To"] = Address(display_name=resident, addr_spec=str(letter["recipient"]))
    msg["Subject"] = letter["subject"]
    msg["Date"] = format_datetime(instant(letter["created_at"]))  # type: ignore[arg-type]
    msg["Message-ID"] = message_id(ref, letter["seq"], str(letter["content_hash"]),  # type: ignore[arg-type]
                                   from_address)
    msg.set_content(letter["text"])
    msg.add_alternative(letter["html"], subtype="html")
    return msg.as_bytes()


def test_a_letters_email_is_the_standard_librarys_byte_for_byte() -> None:
    """The mailer writes a letter's email without building the standard library's
    message tree; over many letters (names and subjects that must be quoted, encoded or
    folded; bodies that go 7bit, quoted-printable or base64) the bytes are the
    ones the standard library's own SMTP policy makes, MIME boundary included."""
    from redress.engine.letters._mail import letter_email, mailer

    rng = random.Random(77)
    for i in range(300):
        ref = f"2026-{i:05d}"
        from_name, resident = rng.choice(NAMES), rng.choice(NAMES)
        letter = {"channel": "email", "seq": rng.randint(1, 12),
                  "recipient": rng.choice(["a@example.org", "resident.b@mail.example.co.uk"]),
                  "subject": rng.choice(SUBJECTS),
                  "created_at": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0"
                                f"{rng.randint(0, 9)}:30:00+00:00",
                  "content_hash": f"{rng.getrandbits(256):064x}",
                  "text": body(rng), "html": body(rng)}
        seed = rng.getrandbits(32)
        random.seed(seed)  # the MIME boundary is drawn at random
        expected = stdlib_email(letter, ref, resident, from_name, "complaints@homes.example")
        random.seed(seed)
        got = mailer(from_name, "complaints@homes.example")(ref, resident, letter)
        assert got.data == expected, (letter, from_name, resident)
        random.seed(seed)
        assert letter_email(letter, ref=ref, resident=resident, from_name=from_name,
                            from_address="complaints@homes.example").as_bytes() == expected
