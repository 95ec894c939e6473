"""Several coordinators' mailboxes in one config: each polled with its own servers and
networks; one that fails does not stop the others."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import mails
import pytest
from servers import Dovecot, SmtpSink, free_port
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import Registration
from mailreg.config import ConfigError, parse_config
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, tzinfo=CPH)

CONFIG = """
timezone = "Europe/Copenhagen"
[database]
url = "{db}"

[[mailboxes]]
[mailboxes.imap]
host = "127.0.0.1"
port = {port_a}
security = "none"
username = "coordinator"
password_env = "MAILREG_TEST_IMAP_PASSWORD"
[mailboxes.smtp]
host = "127.0.0.1"
port = {smtp}
security = "none"
[mailboxes.coordinator]
name = "Lisbet Vestergaard"
address = "lv@fremtidensbiblioteker.dk"
[[mailboxes.networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
aliases = ["hverdagsledelse"]
deadline = 2025-03-15

[[mailboxes]]
[mailboxes.imap]
host = "127.0.0.1"
port = {port_b}
security = "none"
username = "coordinator"
password_env = "MAILREG_TEST_IMAP_PASSWORD"
[mailboxes.smtp]
host = "127.0.0.1"
port = {smtp_b}
security = "none"
[mailboxes.coordinator]
name = "Karen Ørskov"
address = "ko@roskildebib.dk"
organisation = "Roskilde Bibliotekerne"
[[mailboxes.networks]]
slug = "souschefer-cb"
name = "Netværk for souschefer og mellemledere i CB-området"
aliases = ["souschefnetværket", "netværksmøde for souschefer"]
deadline = "1. marts 2025"
"""


def write_config(tmp_path, database_url, port_a, port_b, smtp, smtp_b=None):
    text = CONFIG.format(db=database_url, port_a=port_a, port_b=port_b, smtp=smtp,
                         smtp_b=smtp_b or smtp)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    return parse_config(text)


def run_poll(tmp_path):
    return subprocess.run(
        [sys.executable, "-m", "mailreg", "--config", str(tmp_path / "config.toml"),
         "poll", "--once"], capture_output=True, text=True, timeout=60,
        env={**os.environ})


def test_two_mailboxes_each_with_its_networks_and_signature(dovecot, smtp_sink, tmp_path,
                                                            database_url, monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", dovecot.password)
    with Dovecot() as second:
        config = write_config(tmp_path, database_url, dovecot.port, second.port,
                              smtp_sink.port)
        dovecot.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse",
                                    sent=T0), T0)
        # the same colleague writes to the regional coordinator as well
        second.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm",
                                   "souschefnetværket", sent=T0), T0)
        result = run_poll(tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("Processed 1 message(s)") == 2

        with session(make_engine(config.database.url)) as s:
            regs = sorted((r.network, r.email) for r in s.exec(select(Registration)).all())
        assert regs == [("hverdagsledelse", "mette.holm@aarhus.dk"),
                        ("souschefer-cb", "mette.holm@aarhus.dk")]
        senders = sorted(m.message["From"].addresses[0].addr_spec for m in smtp_sink.received)
        assert senders == ["ko@roskildebib.dk", "lv@fremtidensbiblioteker.dk"]
        regional = next(m for m in smtp_sink.received if "ko@" in str(m.message["From"]))
        assert "Karen Ørskov" in regional.message.get_body(("plain",)).get_content()


def test_one_mailbox_down_does_not_stop_the_other(dovecot, smtp_sink, tmp_path, database_url,
                                                  monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", dovecot.password)
    write_config(tmp_path, database_url, free_port(), dovecot.port, smtp_sink.port)
    dovecot.append(mails.signup("sofie.lund@odense.dk", "Sofie Lund", "souschefnetværket",
                                sent=T0), T0)
    result = run_poll(tmp_path)
    assert result.returncode == 3
    assert "Cannot connect to the IMAP server" in result.stderr
    assert "Processed 1 message(s)" in result.stdout
    assert [m.rcpt_tos for m in smtp_sink.received] == [["sofie.lund@odense.dk"]]


def test_each_mailbox_sends_its_own_replies_through_its_own_server(
        dovecot, smtp_sink, tmp_path, database_url, monkeypatch):
    """A reply waiting for a retry at one coordinator's SMTP server is not sent through
    another coordinator's server when that mailbox is polled."""
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", dovecot.password)
    with Dovecot() as second, SmtpSink() as second_sink:
        config = write_config(tmp_path, database_url, dovecot.port, second.port,
                              smtp_sink.port, second_sink.port)
        national, regional = config.mailbox_views()
        engine = make_engine(config.database.url)
        now = datetime.now(UTC)
        dovecot.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse",
                                    sent=T0), T0)
        second.append(mails.signup("sofie.lund@odense.dk", "Sofie Lund",
                                   "souschefnetværket", sent=T0), T0)
        smtp_sink.refuse = 451
        assert poll_once(national, engine, now=now).failed == 1  # retried in a minute

        later = now + timedelta(minutes=5)  # the national reply is due again
        assert poll_once(regional, engine, now=later).sent == 1
        assert [m.rcpt_tos for m in second_sink.received] == [["sofie.lund@odense.dk"]]

        smtp_sink.refuse = None
        assert poll_once(national, engine, now=later).sent == 1
        assert [m.rcpt_tos for m in smtp_sink.received] == [["mette.holm@aarhus.dk"]]
        assert len(second_sink.received) == 1


def test_mixing_the_two_forms_is_an_error_naming_the_line():
    text = CONFIG.format(db="sqlite:///x", port_a=1, port_b=2, smtp=3, smtp_b=3) + (
        '\n[imap]\nhost = "x"\nusername = "y"\npassword_env = "Z"\n')
    with pytest.raises(ConfigError, match=r"line \d+, imap: with \[\[mailboxes\]\]"):
        parse_config(text)
