"""`mailreg resend`: a reply whose sending was interrupted (claimed, then mailreg died
before the SMTP server's answer was recorded) is never resent by mailreg itself; the
coordinator, who can check whether it arrived, sends it with one command, once."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import mails
from sqlmodel import select

from mailreg.adapters.db import POLL_LEASE_TTL, acquire_lease, make_engine, poll_lease, session
from mailreg.adapters.smtp import claim_due
from mailreg.adapters.tables import OutboxMessage
from mailreg.entrypoints import cli
from mailreg.services import digest
from mailreg.services.poll import poll_once

T0 = datetime(2025, 2, 10, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def lease(config) -> str:
    return poll_lease(config.mailbox_id, config.imap.inbox)


def interrupted(dovecot, smtp_sink, make_config, claimed_ago: timedelta):
    """One sign-up answered into the outbox while the SMTP server refused, then claimed
    `claimed_ago` and never sent: what a poll killed while sending leaves behind."""
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.gmail("karl.bak@viborg.dk", "Karl Bak", "Tilmelding",
                               "Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket for "
                               "hverdagsledelse.\n\nVenlig hilsen\nKarl Bak\n"
                               "Viborg Bibliotekerne\n", sent=T0), T0)
    smtp_sink.refuse = 451
    poll_once(config, engine)
    smtp_sink.refuse = None
    with engine.begin() as conn:
        [claimed] = claim_due(conn, datetime.now(UTC) + timedelta(days=1), 10,
                              config.from_address)
        conn.execute(OutboxMessage.__table__.update().values(
            claimed_at=datetime.now(UTC) - claimed_ago))
    assert smtp_sink.received == []
    return config, engine, claimed.id


def reply(engine, outbox_id: int) -> OutboxMessage:
    with session(engine) as s:
        return s.exec(select(OutboxMessage).where(OutboxMessage.id == outbox_id)).one()


def run(*argv: str) -> int:
    return cli.main(["--config", os.environ["MAILREG_TEST_CONFIG"], *argv])


def test_status_and_digest_name_the_command_and_resend_sends_once(
        dovecot, smtp_sink, make_config, tmp_path, capsys, monkeypatch):
    config, engine, outbox_id = interrupted(dovecot, smtp_sink, make_config,
                                            timedelta(minutes=5))
    monkeypatch.setenv("MAILREG_TEST_CONFIG", str(tmp_path / "config.toml"))

    assert run("status") == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if f"#{outbox_id} " in x)
    assert "karl.bak@viborg.dk" in line and "it may have gone out" in line
    assert line.endswith(f"if it did not arrive: mailreg resend {outbox_id}")
    text = digest.compose(config, engine, datetime.now(UTC)).text
    assert ("afsendelse afbrudt: det kan være kommet frem); tjek hos modtageren, om det "
            "er kommet frem, før du sender det igen\n      Send igen: <mailto:") in text

    assert run("resend", str(outbox_id)) == 0
    assert "The reply to karl.bak@viborg.dk was sent again. Replies sent: 1." \
        in capsys.readouterr().out
    [sent] = smtp_sink.received
    assert sent.message["To"] == "karl.bak@viborg.dk"
    assert sent.message["Subject"].startswith("Bekræftelse")
    assert reply(engine, outbox_id).sent_at is not None

    assert run("resend", str(outbox_id)) == cli.EXIT_COMMAND
    assert "it is not sent twice" in capsys.readouterr().err
    assert len(smtp_sink.received) == 1
    assert run("status") == 0
    assert "Replies not yet sent: 0" in capsys.readouterr().out


def test_resend_refuses_while_the_reply_may_still_be_on_its_way(
        dovecot, smtp_sink, make_config, tmp_path, capsys, monkeypatch):
    config, engine, outbox_id = interrupted(dovecot, smtp_sink, make_config,
                                            timedelta(seconds=10))
    monkeypatch.setenv("MAILREG_TEST_CONFIG", str(tmp_path / "config.toml"))
    assert run("resend", str(outbox_id)) == cli.EXIT_COMMAND
    assert "may still be on its way; try again in 2 minutes" in capsys.readouterr().err

    with engine.begin() as conn:  # older now, but a poll is running
        conn.execute(OutboxMessage.__table__.update().values(
            claimed_at=datetime.now(UTC) - timedelta(minutes=5)))
    poller = f"{socket.gethostname()}:{os.getppid()}"  # a live process, not this one
    assert acquire_lease(engine, lease(config), poller, datetime.now(UTC), POLL_LEASE_TTL)
    assert run("resend", str(outbox_id)) == cli.EXIT_COMMAND
    assert "mailreg is polling right now" in capsys.readouterr().err

    assert smtp_sink.received == []
    row = reply(engine, outbox_id)
    assert row.claimed_at is not None and row.sent_at is None


def test_a_reply_that_only_waits_one_that_does_not_exist_and_one_no_mailbox_sends(
        dovecot, smtp_sink, make_config, tmp_path, capsys, monkeypatch):
    config, engine, outbox_id = interrupted(dovecot, smtp_sink, make_config,
                                            timedelta(minutes=5))
    monkeypatch.setenv("MAILREG_TEST_CONFIG", str(tmp_path / "config.toml"))
    with engine.begin() as conn:  # as a refusal leaves it: released, due later
        conn.execute(OutboxMessage.__table__.update().values(claimed_at=None))
    assert run("resend", str(outbox_id)) == cli.EXIT_COMMAND
    err = capsys.readouterr().err
    assert "was not interrupted" in err and "the next poll sends it" in err
    assert "451" in err  # the server's refusal, as the coordinator needs it

    assert run("resend", "999") == cli.EXIT_COMMAND
    assert "there is no reply with id 999; `mailreg status` lists" in capsys.readouterr().err
    assert smtp_sink.received == []

    with engine.begin() as conn:  # the coordinator's address changed in the config since
        conn.execute(OutboxMessage.__table__.update().values(mail_from="old@example.dk"))
    assert run("status") == 0
    assert (f"#{outbox_id} " in (out := capsys.readouterr().out)
            and "no mailbox in the config sends from old@example.dk any more" in out)
