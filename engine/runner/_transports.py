"""Where outgoing messages go: an SMTP server, a folder of .eml files, a print folder.

Each transport reports one of three outcomes by what it raises: nothing (accepted; the
reply is returned), `SendError("transient")` (nothing was handed over, or the server
said try later: send again after a pause), `SendError("permanent")` (the server refused
it: a person must act) or `SendError("uncertain")` (the message may have been accepted:
never sent again without a person deciding).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .._errors import ConfigError, EngineError
from .._text import has_line_break
from ..letters._compose import ConfigFile

TRANSPORTS = ("file", "smtp")
BeforeData = Callable[[], Awaitable[None]]


class SendError(EngineError):
    """A send that did not end in the server's acceptance."""

    def __init__(self, kind: str, reply: str) -> None:
        super().__init__(reply)
        self.kind = kind  # transient | permanent | uncertain
        self.reply = reply


@dataclass(frozen=True)
class Email:
    data: bytes  # the message exactly as it goes out
    sender: str
    recipient: str
    name: str  # a file-safe name for the file transport


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    name: str


class MailTransport(Protocol):
    """Where email goes. `before_data` is awaited once the message is about to be handed
    over; anything raised after it may mean the server has the message."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def send(self, item: Email, before_data: BeforeData) -> str: ...


def mail_transport(settings: MailSettings) -> MailTransport:
    if settings.transport == "smtp":
        return SmtpTransport(settings)
    return FileTransport(settings.outbox_dir)


def _flag(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{what} must be true or false, got: {value!r}")


def _number(value: Any, what: str, *, minimum: float = 0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = minimum - 1
    if number < minimum:
        raise ConfigError(f"{what} must be a number of at least {minimum:g}, got: {value!r}")
    return number


@dataclass(frozen=True)
class MailSettings:
    """How mail leaves: from the config file's [mail], [smtp] and [alerts] tables, with
    REDRESS_* environment variables over them. The password only ever comes from the
    environment and is never shown."""

    transport: str = "file"
    outbox_dir: Path = Path("outbox")
    print_dir: Path = Path("print")
    host: str = "localhost"
    port: int = 0  # 0: 465 with implicit TLS, else 587 with STARTTLS, else 25
    starttls: bool | None = None  # None: use STARTTLS when the server offers it
    tls: bool = False
    username: str = ""
    password: str = field(default="", repr=False)
    from_address: str = ""
    timeout: float = 60.0
    connections: int = 4  # SMTP connections a runner sends over at once
    max_attempts: int = 8
    retry_seconds: float = 60.0
    retry_max_seconds: float = 3600.0
    lease_seconds: float = 600.0
    team: str = ""
    people: Mapping[str, str] = field(default_factory=dict)
    validate_certs: bool = True

    @classmethod
    def from_config(cls, config: ConfigFile, env: Mapping[str, str] | None = None,
                    landlord_email: str = "") -> MailSettings:
        env = os.environ if env is None else env
        where = str(config.path) if config.path else "config"
        base = config.path.parent if config.path else Path(".")
        mail = dict(config.raw.get("mail", {}))
        smtp = dict(config.raw.get("smtp", {}))
        alerts = dict(config.raw.get("alerts", {}))
        _known(where, "mail", mail, ("transport", "from", "outbox_dir", "print_dir",
                                     "max_attempts", "retry_seconds", "retry_max_seconds",
                                     "lease_seconds"))
        _known(where, "smtp", smtp, ("host", "port", "starttls", "tls", "username", "from",
                                     "timeout", "password_env", "validate_certs", "password",
                                     "connections"))
        _known(where, "alerts", alerts, ("team", "people"))
        if "password" in smtp:
            raise ConfigError(f"{where}: [smtp] password: a password does not belong in the "
                              "config file; set REDRESS_SMTP_PASSWORD (or name another "
                              "variable with password_env)")

        def pick(name: str, table: Mapping[str, Any], key: str, default: Any) -> Any:
            value = env.get(name)
            return value if value not in (None, "") else table.get(key, default)

        def folder(name: str, key: str, default: str) -> Path:
            if env.get(name):
                return Path(env[name])
            return base / mail[key] if key in mail else Path(default)

        transport = str(pick("REDRESS_MAIL_TRANSPORT", mail, "transport", "file")).lower()
        if transport not in TRANSPORTS:
            raise ConfigError(f"mail transport must be one of {', '.join(TRANSPORTS)} "
                              f"(REDRESS_MAIL_TRANSPORT or [mail] transport in {where}), got: "
                              f"{transport!r}")
        tls = _flag(pick("REDRESS_SMTP_TLS", smtp, "tls", False), "REDRESS_SMTP_TLS / smtp.tls")
        raw_starttls = pick("REDRESS_SMTP_STARTTLS", smtp, "starttls", None)
        starttls = None if raw_starttls is None else _flag(
            raw_starttls, "REDRESS_SMTP_STARTTLS / smtp.starttls")
        if tls and starttls:
            raise ConfigError("choose implicit TLS (REDRESS_SMTP_TLS) or STARTTLS "
                              "(REDRESS_SMTP_STARTTLS), not both")
        port = int(_number(pick("REDRESS_SMTP_PORT", smtp, "port", 0),
                           "REDRESS_SMTP_PORT / smtp.port"))
        if port == 0:
            port = 465 if tls else 587 if starttls else 25
        password_env = str(smtp.get("password_env", "REDRESS_SMTP_PASSWORD"))
        from_address = str(pick("REDRESS_SMTP_FROM", smtp, "from", "")
                           or mail.get("from", "") or landlord_email)
        people = alerts.get("people", {})
        if not isinstance(people, dict):
            raise ConfigError(f"{where}: [alerts] people must be a table of name = email")
        settings = cls(
            transport=transport,
            outbox_dir=folder("REDRESS_OUTBOX_DIR", "outbox_dir", "outbox"),
            print_dir=folder("REDRESS_PRINT_DIR", "print_dir", "print"),
            host=str(pick("REDRESS_SMTP_HOST", smtp, "host", "localhost")),
            port=port, starttls=starttls, tls=tls,
            username=str(pick("REDRESS_SMTP_USERNAME", smtp, "username", "")),
            password=env.get(password_env, ""),
            from_address=from_address,
            timeout=_number(pick("REDRESS_SMTP_TIMEOUT", smtp, "timeout", 60),
                            "REDRESS_SMTP_TIMEOUT / smtp.timeout", minimum=0.1),
            connections=int(_number(smtp.get("connections", 4), "smtp.connections",
                                    minimum=1)),
            max_attempts=int(_number(mail.get("max_attempts", 8), "mail.max_attempts",
                                     minimum=1)),
            retry_seconds=_number(mail.get("retry_seconds", 60), "mail.retry_seconds",
                                  minimum=1),
            retry_max_seconds=_number(mail.get("retry_max_seconds", 3600),
                                      "mail.retry_max_seconds", minimum=1),
            lease_seconds=_number(mail.get("lease_seconds", 600), "mail.lease_seconds",
                                  minimum=1),
            team=str(alerts.get("team", "") or landlord_email),
            people={str(k): str(v) for k, v in people.items()},
            validate_certs=_flag(smtp.get("validate_certs", True), "smtp.validate_certs"),
        )
        for what, value in (("from address", settings.from_address),
                            ("alerts team", settings.team),
                            *((f"alerts.people.{k}", v) for k, v in settings.people.items())):
            if has_line_break(value):
                raise ConfigError(f"{where}: the {what} must be one line")
        return settings

    def describe(self) -> str:
        """Where mail goes, for the runner's first log line (never the password)."""
        if self.transport == "file":
            return f"mail to folder {self.outbox_dir}/ (file transport)"
        security = "implicit TLS" if self.tls else (
            "STARTTLS" if self.starttls else "STARTTLS if offered" if self.starttls is None
            else "no TLS")
        login = f", login {self.username} (password from the environment)" \
            if self.username else ""
        return f"mail via SMTP {self.host}:{self.port} ({security}{login})"


def _known(where: str, table: str, values: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    from .._text import did_you_mean

    for key in values:
        if key not in keys:
            raise ConfigError(f"{where}: unknown key {key!r} in [{table}]"
                              f"{did_you_mean(key, keys)}; known: {', '.join(keys)}")


def _write_new(path: Path, data: bytes) -> bool:
    """Create `path` holding `data`, never replacing a file: written to a temporary file,
    then linked into place (which fails if the name is taken), so a reader never sees
    half a message. False if the name is already taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError:  # a filesystem without hard links: exclusive create in place
        try:
            with open(path, "xb") as f:
                f.write(data)
        except FileExistsError:
            return False
    finally:
        tmp.unlink(missing_ok=True)
    return True


async def _deliver_file(path: Path, data: bytes, before_data: BeforeData) -> str:
    await before_data()
    try:
        if _write_new(path, data):
            return f"written to {path}"
        # an earlier attempt of this message wrote it before its outcome was recorded
        if path.read_bytes() == data:
            return f"written to {path} (by an earlier attempt)"
    except OSError as exc:
        raise SendError("transient", f"cannot write {path}: {exc.strerror or exc}") from None
    raise SendError("permanent", f"{path} already exists and holds something else; it was "
                    "not overwritten (move it away, then outbox retry)")


class FileTransport:
    """Each email as an .eml file in a folder: the embedded default, no mail server."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def send(self, item: Email, before_data: BeforeData) -> str:
        return await _deliver_file(self.folder / f"{item.name}.eml", item.data, before_data)


class PrintTransport:
    """Post letters as PDF files in the print folder, for the post room."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, item: Printed, before_data: BeforeData) -> str:
        return await _deliver_file(self.folder / f"{item.name}.pdf", item.pdf, before_data)


class SmtpTransport:
    """One SMTP connection per batch; MAIL, RCPT, then DATA, so a refusal before DATA is
    known to be safe to retry and a failure during DATA is known to be uncertain."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: Any = None

    async def open(self) -> None:
        import aiosmtplib

        st = self.settings
        tls_context = None
        if not st.validate_certs:
            tls_context = ssl.create_default_context()
            tls_context.check_hostname = False
            tls_context.verify_mode = ssl.CERT_NONE
        smtp = aiosmtplib.SMTP(hostname=st.host, port=st.port, use_tls=st.tls,
                               start_tls=st.starttls, timeout=st.timeout,
                               validate_certs=st.validate_certs, tls_context=tls_context)
        try:
            await smtp.connect()
            if st.username:
                await smtp.login(st.username, st.password)
        except aiosmtplib.SMTPAuthenticationError as exc:
            await _quietly_close(smtp)
            raise SendError("transient", f"SMTP login as {st.username} refused: {exc.code} "
                            f"{exc.message}") from None
        except (TimeoutError, aiosmtplib.SMTPException, OSError, ssl.SSLError) as exc:
            await _quietly_close(smtp)
            raise SendError("transient", f"cannot connect to SMTP {st.host}:{st.port}: "
                            f"{_said(exc)}") from None
        self._smtp = smtp

    async def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            try:
                await smtp.quit()
            except Exception:
                await _quietly_close(smtp)

    async def send(self, item: Email, before_data: BeforeData) -> str:
        import aiosmtplib

        if self._smtp is None or not self._smtp.is_connected:
            self._smtp = None
            await self.open()
        smtp = self._smtp
        try:
            await smtp.mail(item.sender)
            await smtp.rcpt(item.recipient)
        except aiosmtplib.SMTPResponseException as exc:
            raise await _refused(smtp, exc) from None
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            raise await self._lost(smtp, "transient", _said(exc)) from None
        try:
            await before_data()
        except BaseException:  # the send is abandoned: leave the connection ready
            await _reset(smtp)
            raise
        try:
            reply = await smtp.data(item.data)
        except aiosmtplib.SMTPResponseException as exc:
            # the server answered the DATA with a refusal: it did not take the message
            raise await _refused(smtp, exc) from None
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            raise await self._lost(smtp, "uncertain",
                                   f"no answer to DATA: {_said(exc)}") from None
        return f"{reply.code} {reply.message}"


    async def _lost(self, smtp: Any, kind: str, reply: str) -> SendError:
        """The connection failed mid-exchange: drop it (the next send opens another)."""
        self._smtp = None
        await _quietly_close(smtp)
        return SendError(kind, reply)


async def _refused(smtp: Any, exc: Any) -> SendError:
    """The server answered with a refusal: 5xx for good, 4xx for now."""
    await _reset(smtp)
    return SendError("permanent" if exc.code >= 500 else "transient",
                     f"{exc.code} {exc.message}")


async def _reset(smtp: Any) -> None:
    try:
        await smtp.rset()
    except Exception:
        await _quietly_close(smtp)


async def _quietly_close(smtp: Any) -> None:
    try:
        smtp.close()
    except Exception:
        return None


def _said(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
