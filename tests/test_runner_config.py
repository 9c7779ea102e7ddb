"""How mail leaves is configured ([mail], [smtp], [alerts] or REDRESS_* variables), and
an upgraded database keeps watching the deadlines it already had."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from redress.engine import ConfigError, Desk, load_config
from redress.engine._config import Config
from redress.engine.runner import MailSettings
from redress.engine.store import SCHEMA_HEAD
from support import LANDLORD_CONFIG, Clock


def config(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "redress.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(str(path))


def test_the_file_transport_is_the_default_and_needs_nothing(tmp_path: Path) -> None:
    mail = MailSettings.from_config(Config(), env={})
    assert (mail.transport, mail.outbox_dir, mail.print_dir) == ("file", Path("outbox"),
                                                                Path("print"))
    assert mail.describe() == "mail to folder outbox/ (file transport)"


def test_smtp_from_the_config_file_with_folders_beside_it(tmp_path: Path) -> None:
    cfg = config(tmp_path, """
[mail]
transport = "smtp"
print_dir = "post-room"
max_attempts = 3
[smtp]
host = "mail.example.org"
starttls = true
username = "redress"
from = "complaints@example.org"
[alerts]
team = "team@example.org"
people = {"j.smith" = "j.smith@example.org"}
""")
    mail = MailSettings.from_config(cfg, env={"REDRESS_SMTP_PASSWORD": "s3cret"})
    assert (mail.transport, mail.host, mail.port, mail.starttls, mail.tls) == (
        "smtp", "mail.example.org", 587, True, False)
    assert (mail.username, mail.password, mail.from_address) == (
        "redress", "s3cret", "complaints@example.org")
    assert mail.print_dir == tmp_path / "post-room"
    assert mail.max_attempts == 3
    assert mail.people == {"j.smith": "j.smith@example.org"}
    shown = mail.describe() + repr(mail)
    assert "s3cret" not in shown
    assert shown.startswith("mail via SMTP mail.example.org:587 (STARTTLS, login redress "
                            "(password from the environment))")


def test_environment_variables_override_the_file(tmp_path: Path) -> None:
    cfg = config(tmp_path, '[mail]\ntransport = "file"\n[smtp]\nhost = "a.example"\n')
    mail = MailSettings.from_config(cfg, env={
        "REDRESS_MAIL_TRANSPORT": "smtp", "REDRESS_SMTP_HOST": "b.example",
        "REDRESS_SMTP_PORT": "2525", "REDRESS_SMTP_TLS": "true",
        "REDRESS_SMTP_FROM": "x@b.example", "REDRESS_SMTP_USERNAME": "u"})
    assert (mail.transport, mail.host, mail.port, mail.tls, mail.from_address,
            mail.username) == ("smtp", "b.example", 2525, True, "x@b.example", "u")
    assert MailSettings.from_config(cfg, env={"REDRESS_SMTP_TLS": "1"}).port == 465


@pytest.mark.parametrize(("text", "env", "message"), [
    ('[smtp]\npassword = "hunter2"\n', {},
     "[smtp] password: a password does not belong in the config file; set "
     "REDRESS_SMTP_PASSWORD"),
    ("", {"REDRESS_MAIL_TRANSPORT": "pigeon"},
     "mail transport must be one of file, smtp (REDRESS_MAIL_TRANSPORT or [mail] transport"),
    ("", {"REDRESS_SMTP_TLS": "true", "REDRESS_SMTP_STARTTLS": "true"},
     "choose implicit TLS (REDRESS_SMTP_TLS) or STARTTLS (REDRESS_SMTP_STARTTLS), not both"),
    ("", {"REDRESS_SMTP_PORT": "smtp"}, "REDRESS_SMTP_PORT / smtp.port must be a number"),
    ('[smtp]\nhots = "x"\n', {}, "unknown key 'hots' in [smtp] (did you mean 'host'?)"),
    ('[alerts]\nteam = "a@x.org\\nBcc: evil@x.org"\n', {}, "alerts.team must be one line"),
])
def test_bad_mail_settings_are_refused_clearly(tmp_path: Path, text: str,
                                               env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as err:
        MailSettings.from_config(config(tmp_path, text), env=env)
    assert message in str(err.value)
    assert "hunter2" not in str(err.value)


def test_a_database_from_before_the_runner_keeps_its_pending_deadlines(tmp_path: Path,
                                                                       clock: Clock) -> None:
    """Upgrading to migration 0003 gives each pending deadline its expiry wake-up."""
    from alembic import command
    from alembic.config import Config as AlembicConfig
    from redress.engine.runner import Runner
    from redress.engine.store import SCRIPTS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    desk = Desk.open(url, load_config(LANDLORD_CONFIG))
    desk.clock = clock
    try:
        case = desk.open_case(received_at=clock.now, resident="A", actor="o",
                              email="a@example.org")
        with desk.store.engine.begin() as conn:
            cfg = AlembicConfig()
            cfg.set_main_option("script_location", str(SCRIPTS))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")  # as a database of the previous release
        assert desk.store.schema_version() == "0002"
        desk.store.ensure_schema()
        assert desk.store.schema_version() == SCHEMA_HEAD
        with desk.store.reading() as fetch:
            jobs = fetch("SELECT kind, deadline_seq, due_at FROM timer_job", {})
        assert [(j["kind"], j["deadline_seq"]) for j in jobs] == [("expire", 1)]
        clock.set(date(2026, 11, 10), 1)  # acknowledge was due Mon 9 Nov
        mail = MailSettings.from_config(Config(), env={"REDRESS_OUTBOX_DIR": str(tmp_path)})
        import asyncio

        result = asyncio.run(Runner(desk, mail, print).run_pass())
        assert result.fired == 1
        assert [e["action"] for e in desk.store.events(case.ref)] == ["open", "breach"]
    finally:
        desk.store.close()
