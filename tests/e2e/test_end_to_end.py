"""A sign-up mail in a real Dovecot mailbox becomes a registration and a Danish reply
sent through a real SMTP server; the message ends in the processed folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import mails
import pytest
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import InboundMessage, OutboxMessage, Registration
from mailreg.domain.model import Status
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
REPO = Path(__file__).resolve().parents[2]


def registrations(engine) -> list[Registration]:
    with session(engine) as s:
        return list(s.exec(select(Registration).order_by(Registration.id)).all())


def test_signup_becomes_registration_reply_and_filed_message(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    raw = (SAMPLES / "01-gmail-hverdagsledelse.eml").read_bytes()
    arrival = datetime(2025, 2, 17, 9, 12, 41, tzinfo=CPH)
    dovecot.append(raw, arrival)

    result = poll_once(config, engine)

    assert result.outcomes == {"registered": 1}
    [reg] = registrations(engine)
    assert (reg.network, reg.name, reg.email, reg.status) == (
        "hverdagsledelse", "Anne Kjær Lund", "anne.kjaer.lund@gmail.com", Status.confirmed)
    assert reg.organisation == "Silkeborg Bibliotekerne"
    assert reg.ean == "5798000214538"
    assert reg.received_at == arrival
    assert reg.message_id == "<CAF3kq+Vd8Qm2Jx0Lr9hT1p@mail.gmail.com>"

    [sent] = smtp_sink.received
    assert sent.rcpt_tos == ["anne.kjaer.lund@gmail.com"]
    reply = sent.message
    assert reply["From"].addresses[0].addr_spec == "lv@fremtidensbiblioteker.dk"
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["X-Auto-Response-Suppress"] == "All"
    assert reply["In-Reply-To"] == "<CAF3kq+Vd8Qm2Jx0Lr9hT1p@mail.gmail.com>"
    assert reply["References"].split()[-1] == "<CAF3kq+Vd8Qm2Jx0Lr9hT1p@mail.gmail.com>"
    assert reply["Message-ID"].endswith("@fremtidensbiblioteker.dk>")
    assert reply["Subject"] == "Bekræftelse: tilmelding til Mellemledernetværk om hverdagsledelse"
    body = reply.get_body(("plain",)).get_content()
    [ics] = [p for p in reply.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert "DTSTART;VALUE=DATE:20250603" in ics.get_content()
    assert "Kære Anne" in body
    assert "tirsdag den 3. juni 2025" in body
    assert "lørdag den 15. marts 2025" in body
    assert "4.500 kr. + moms per deltager" in body

    assert dovecot.messages("INBOX") == []
    assert len(dovecot.messages("Tilmeldinger/Behandlet")) == 1
    with session(engine) as s:
        [row] = s.exec(select(InboundMessage)).all()
        assert (row.outcome, row.filed) == ("registered", True)
        sent = s.exec(select(OutboxMessage)).one()
        assert sent.sent_at is not None
        # what status and the digest show: the subject as the participant reads it
        assert sent.subject == reply["Subject"]

    again = poll_once(config, engine)
    assert again.processed == 0 and again.sent == 0
    assert len(smtp_sink.received) == 1


@pytest.mark.parametrize(("arrival", "status", "subject"), [
    # winter time (UTC+1): the deadline day counts to 23:59:59 local time
    (datetime(2025, 3, 15, 23, 59, 59, tzinfo=CPH), Status.confirmed, "Bekræftelse"),
    (datetime(2025, 3, 16, 0, 0, 0, tzinfo=CPH), Status.late, "Tilmelding efter fristen"),
])
def test_deadline_is_judged_by_arrival_in_copenhagen(dovecot, smtp_sink, make_config,
                                                    arrival, status, subject):
    config = make_config()
    engine = make_engine(config.database.url)
    # the sender's clock says the 15th either way; only the mailbox's arrival counts
    raw = mails.signup("jbn@vejle.dk", "Jens Bech Nielsen", "netværket om hverdagsledelse",
                       sent=datetime(2025, 3, 15, 20, 0, tzinfo=CPH))
    dovecot.append(raw, arrival)

    poll_once(config, engine)

    [reg] = registrations(engine)
    assert reg.status == status
    [sent] = smtp_sink.received
    assert sent.message["Subject"].startswith(subject)
    if status == Status.late:
        assert "efter fristen" in sent.message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(("utc_arrival", "status"), [
    (datetime(2025, 6, 15, 21, 59, 59, tzinfo=ZoneInfo("UTC")), Status.confirmed),
    (datetime(2025, 6, 15, 22, 0, 0, tzinfo=ZoneInfo("UTC")), Status.late),
])
def test_summer_time_deadline(dovecot, smtp_sink, make_config, utc_arrival, status):
    """15 June at 23:59:59 in Copenhagen is 21:59:59 UTC (summer time, UTC+2)."""
    config = make_config(deadline="2025-06-15")
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("mp@gentofte.dk", "Maja Poulsen", "hverdagsledelse",
                                sent=utc_arrival), utc_arrival)
    poll_once(config, engine)
    assert [r.status for r in registrations(engine)] == [status]


def test_backlog_processed_days_later_is_judged_by_arrival(dovecot, smtp_sink, make_config):
    """Processing happens long after the deadline; a mail that arrived in time is on time."""
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("sk@roskilde.dk", "Søren Krogh", "hverdagsledelse",
                                sent=datetime(2025, 3, 14, 10, tzinfo=CPH)),
                   datetime(2025, 3, 14, 10, 0, 5, tzinfo=CPH))
    poll_once(config, engine, now=datetime(2025, 3, 20, 8, tzinfo=CPH))
    assert [r.status for r in registrations(engine)] == [Status.confirmed]


def test_unclear_mail_goes_to_review_with_reason(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append((SAMPLES / "04-question.eml").read_bytes(),
                   datetime(2025, 2, 19, 11, 40, tzinfo=CPH))
    poll_once(config, engine)
    assert registrations(engine) == []
    assert len(dovecot.messages("Tilmeldinger/Til gennemsyn")) == 1
    with session(engine) as s:
        row = s.exec(select(InboundMessage)).one()
    assert row.outcome == "review" and "question" in row.reason
    [sent] = smtp_sink.received
    assert sent.message["Subject"].startswith("Vi har modtaget din mail")


def test_machine_mail_gets_no_reply(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append((SAMPLES / "05-out-of-office.eml").read_bytes(),
                   datetime(2025, 2, 20, 8, tzinfo=CPH))
    result = poll_once(config, engine)
    assert result.outcomes == {"machine": 1}
    assert smtp_sink.received == []
    assert registrations(engine) == []


def test_copy_fallback_when_server_has_no_move(dovecot_nomove, smtp_sink, make_config,
                                               monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", dovecot_nomove.password)
    config = make_config(imap_port=dovecot_nomove.port)
    engine = make_engine(config.database.url)
    dovecot_nomove.append((SAMPLES / "02-outlook-baeredygtighed.eml").read_bytes(),
                          datetime(2025, 3, 4, 14, 3, tzinfo=CPH))
    poll_once(config, engine)
    assert dovecot_nomove.messages("INBOX") == []
    assert len(dovecot_nomove.messages("Tilmeldinger/Behandlet")) == 1
    [reg] = registrations(engine)
    assert (reg.network, reg.ean) == ("baeredygtighed", "5798000214538")


def test_same_message_copied_back_into_inbox_is_not_answered_twice(dovecot, smtp_sink,
                                                                    make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    raw = (SAMPLES / "01-gmail-hverdagsledelse.eml").read_bytes()
    dovecot.append(raw, datetime(2025, 2, 17, 9, 12, tzinfo=CPH))
    poll_once(config, engine)
    dovecot.append(raw, datetime(2025, 2, 17, 9, 12, tzinfo=CPH))  # the coordinator drags it back
    result = poll_once(config, engine)
    assert result.outcomes == {"already_processed": 1}
    assert len(registrations(engine)) == 1
    assert len(smtp_sink.received) == 1
    assert dovecot.messages("INBOX") == []


def run_cli(*args: str, config: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mailreg", "--config", str(config), *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )


def test_cli_poll_export_status(dovecot, smtp_sink, make_config, tmp_path):
    make_config()
    config_path = tmp_path / "config.toml"
    samples = (("01-gmail-hverdagsledelse.eml", 17), ("02-outlook-baeredygtighed.eml", 18))
    for sample, day in samples:
        dovecot.append((SAMPLES / sample).read_bytes(), datetime(2025, 2, day, 10, tzinfo=CPH))

    poll = run_cli("poll", "--once", config=config_path)
    assert poll.returncode == 0, poll.stderr
    assert "Processed 2 message(s)" in poll.stdout

    exported = run_cli("export", "--format", "json", config=config_path)
    rows = json.loads(exported.stdout)
    assert {r["network"] for r in rows} == {"hverdagsledelse", "baeredygtighed"}
    first = next(r for r in rows if r["network"] == "hverdagsledelse")
    assert set(first) >= {"network", "name", "email", "organisation", "ean", "status",
                          "received_at", "message_id"}
    assert first["received_at"] == "2025-02-17T10:00:00+01:00"

    only = json.loads(run_cli("export", "--network", "baeredygtighed", config=config_path).stdout)
    assert [r["name"] for r in only] == ["Jens Bech Nielsen"]

    csv_out = run_cli("export", "--format", "csv", config=config_path).stdout
    assert csv_out.startswith("\ufeffNetværk;Navn;E-mail;")  # the BOM on stdout too
    assert "Anne Kjær Lund" in csv_out

    status = run_cli("status", config=config_path)
    assert status.returncode == 0
    line = next(x for x in status.stdout.splitlines() if x.startswith("hverdagsledelse"))
    assert line.split()[1:3] == ["1", "0"] and "30" in line


def test_cli_reports_unreachable_server_and_bad_config(make_config, tmp_path, dovecot):
    from servers import free_port

    make_config(imap_port=free_port())
    result = run_cli("poll", "--once", config=tmp_path / "config.toml")
    assert result.returncode != 0
    assert "Cannot connect to the IMAP server 127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr

    bad = tmp_path / "bad.toml"
    text = (tmp_path / "config.toml").read_text().replace(
        'security = "none"', 'security = "tls"', 1)
    bad.write_text(text)
    line = text.splitlines().index('security = "tls"') + 1
    result = run_cli("check-config", config=bad)
    assert result.returncode == 2
    assert f"line {line}, imap.security: must be one of" in result.stderr

    wrong_password = run_cli("check-config", config=tmp_path / "config.toml",
                             env={"MAILREG_TEST_IMAP_PASSWORD": "wrong"})
    assert wrong_password.returncode != 0


def test_check_config_logs_in(dovecot, smtp_sink, make_config, tmp_path):
    make_config()
    result = run_cli("check-config", config=tmp_path / "config.toml")
    assert result.returncode == 0, result.stderr
    assert "IMAP: logged in" in result.stdout and "SMTP: connected" in result.stdout
    assert dovecot.password not in result.stdout + result.stderr  # never shown


def test_run_service_polls_and_stops_on_sigterm(dovecot, smtp_sink, make_config, tmp_path):
    config = make_config()
    dovecot.append((SAMPLES / "01-gmail-hverdagsledelse.eml").read_bytes(),
                   datetime(2025, 2, 17, 9, 12, tzinfo=CPH))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailreg", "--config", str(tmp_path / "config.toml"), "run"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        def replied() -> bool:
            return any(m.rcpt_tos == ["anne.kjaer.lund@gmail.com"] for m in smtp_sink.received)

        deadline = time.monotonic() + 30
        while not replied() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert replied(), "the service did not poll at start"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "mailreg stopped" in err
    engine = make_engine(config.database.url)
    assert len(registrations(engine)) == 1
