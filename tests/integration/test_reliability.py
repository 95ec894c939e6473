"""Faults against the real servers: SMTP refusing, a held lease, UIDVALIDITY changes,
oversized mail, kill -9 at random moments, erasure and retention."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import mails
import pytest
from crash import exactly_once_report, people, run_with_kills
from sqlmodel import select

from mailreg.adapters.db import acquire_lease, make_engine, poll_lease, session
from mailreg.adapters.smtp import send_pending
from mailreg.adapters.tables import (
    FolderState,
    InboundMessage,
    OutboxMessage,
    Registration,
    decode_notes,
)
from mailreg.adapters.words import say_all
from mailreg.services.poll import PollBusy, poll_once
from mailreg.services.privacy import erase_person, person_data, purge_raw_mail

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)


def lease(config) -> str:
    return poll_lease(config.mailbox_id, config.imap.inbox)


def test_smtp_refusing_keeps_replies_for_a_later_retry(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    smtp_sink.refuse = 451
    dovecot.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse",
                                sent=T0), T0)
    result = poll_once(config, engine, now=T0)
    assert (result.sent, result.failed) == (0, 1)
    with session(engine) as s:
        row = s.exec(select(OutboxMessage)).one()
    assert row.sent_at is None and row.claimed_at is None
    assert "451" in row.last_error and row.next_attempt_at > T0

    smtp_sink.refuse = None
    mine = config.from_address
    assert send_pending(engine, config.smtp, None, T0, mail_from=mine) == (0, 0)  # backoff
    assert send_pending(engine, config.smtp, None, T0 + timedelta(minutes=5),
                        mail_from=mine) == (1, 0)
    assert [m.rcpt_tos for m in smtp_sink.received] == [["mette.holm@aarhus.dk"]]


def test_smtp_down_then_back(dovecot, smtp_sink, make_config):
    from servers import free_port

    config = make_config(smtp_port=free_port())  # nothing listens there
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("jens.berg@vejle.dk", "Jens Berg", "hverdagsledelse",
                                sent=T0), T0)
    assert poll_once(config, engine, now=T0).failed == 1
    up = make_config()
    assert send_pending(engine, up.smtp, None, T0 + timedelta(hours=1),
                        mail_from=up.from_address) == (1, 0)


def test_second_poller_waits_while_the_lease_is_held(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    assert acquire_lease(engine, lease(config), "other-host:1", datetime.now(UTC),
                         timedelta(minutes=10))
    with pytest.raises(PollBusy):
        poll_once(config, engine)


def test_lease_of_a_killed_local_poller_is_taken_over(dovecot, smtp_sink, make_config):
    import socket

    config = make_config()
    engine = make_engine(config.database.url)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert acquire_lease(engine, lease(config), f"{socket.gethostname()}:{dead.pid}",
                         datetime.now(UTC), timedelta(minutes=10))
    poll_once(config, engine)  # does not raise PollBusy


def test_two_pollers_started_at_once_never_double(dovecot, smtp_sink, make_config, tmp_path):
    config = make_config(batch_size=3)
    for i, (address, name) in enumerate(people(12)):
        dovecot.append(mails.signup(address, name, "hverdagsledelse", sent=T0),
                       T0 + timedelta(minutes=i))
    cmd = [sys.executable, "-m", "mailreg", "--config", str(tmp_path / "config.toml"),
           "poll", "--once"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    codes = sorted(p.wait(timeout=60) for p in procs)
    errors = [p.stderr.read().decode() for p in procs if p.returncode not in (0, 4)]
    # 4: the other one held the lease; anything else shows its traceback
    assert codes[0] == 0 and codes[1] in (0, 4), errors
    engine = make_engine(config.database.url)
    with session(engine) as s:
        assert len(s.exec(select(Registration)).all()) == 12
    assert len(smtp_sink.received) == 12


def test_uidvalidity_change_rescans_without_answering_twice(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    first = mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0)
    dovecot.append(first, T0)
    poll_once(config, engine)
    with session(engine) as s:  # the server renumbered the folder (e.g. rebuilt index)
        s.exec(select(FolderState)).one().uidvalidity += 1
    dovecot.append(first, T0)  # and the old message came back with it
    dovecot.append(mails.signup("jens.berg@vejle.dk", "Jens Berg", "hverdagsledelse",
                                sent=T0), T0 + timedelta(minutes=1))
    result = poll_once(config, engine)
    assert result.outcomes == {"already_processed": 1, "registered": 1}
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.received) == [
        "jens.berg@vejle.dk", "mette.holm@aarhus.dk"]
    assert dovecot.messages("INBOX") == []


def test_oversized_message_is_not_downloaded_and_goes_to_review(dovecot, smtp_sink,
                                                                 make_config, monkeypatch):
    config = make_config()
    config = config.model_copy(update={"imap": config.imap.model_copy(
        update={"max_message_bytes": 4096})})
    engine = make_engine(config.database.url)
    big = mails.signup("bo.ek@herning.dk", "Bo Ek", "hverdagsledelse", sent=T0,
                       extra_headers="X-Padding: " + "x" * 900 + "\r\n" * 1)
    big = big + b"\r\n" + (b"Vedh\xe6ftet program.\r\n" * 400)
    dovecot.append(big, T0)
    fetched = []
    from mailreg.adapters import mailbox
    original = mailbox.Mailbox.bodies
    monkeypatch.setattr(mailbox.Mailbox, "bodies",
                        lambda self, envs: fetched.extend(envs) or original(self, envs))
    result = poll_once(config, engine)
    assert result.outcomes == {"review": 1}
    assert fetched == []
    with session(engine) as s:
        row = s.exec(select(InboundMessage)).one()
    assert row.raw is None
    assert "over imap.max_message_bytes" in say_all(decode_notes(row.reason), "en")
    assert row.sender == "bo.ek@herning.dk"
    assert len(dovecot.messages("Tilmeldinger/Til gennemsyn")) == 1


def test_deeply_nested_mime_gets_an_outcome(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    depth = 3000
    head = (b"From: Bo Ek <bo.ek@herning.dk>\r\nTo: lv@fremtidensbiblioteker.dk\r\n"
            b"Subject: Tilmelding hverdagsledelse\r\nMessage-ID: <nested@herning.dk>\r\n"
            b"MIME-Version: 1.0\r\n")
    body = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
                    for i in range(depth))
    dovecot.append(head + body + b"Content-Type: text/plain\r\n\r\nTilmelding\r\n", T0)
    started = time.monotonic()
    result = poll_once(config, engine)
    assert result.processed == 1
    assert time.monotonic() - started < 20
    assert dovecot.messages("INBOX") == []


def test_erase_and_export_person(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse",
                                sent=T0), T0)
    dovecot.append(mails.signup("jens.berg@vejle.dk", "Jens Berg", "hverdagsledelse",
                                sent=T0), T0)
    poll_once(config, engine, now=T0 + timedelta(days=1))  # within raw_mail_days

    data = person_data(engine, "Mette.Holm@aarhus.dk")
    assert [r["name"] for r in data["registrations"]] == ["Mette Holm"]
    assert "tilmelde mig hverdagsledelse" in data["messages"][0]["text"]
    assert "Mette" in data["replies"][0]["text"]
    json.dumps(data)  # serialisable as the command prints it

    counts = erase_person(engine, "mette.holm@aarhus.dk", datetime.now(UTC))
    assert counts == {"registrations": 1, "messages": 1, "replies": 1}
    after = person_data(engine, "mette.holm@aarhus.dk")
    assert after["registrations"] == [] and after["messages"] == [] and after["replies"] == []
    with session(engine) as s:
        names = sorted(r.name for r in s.exec(select(Registration)).all())
        raw = b"".join(r.raw or b"" for r in s.exec(select(InboundMessage)).all())
    assert names == ["Jens Berg", "[slettet]"]  # the seat count stays right
    assert b"Mette" not in raw


def test_raw_mail_is_purged_after_retention(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse",
                                sent=T0), T0)
    poll_once(config, engine, now=T0)
    assert purge_raw_mail(engine, 90, T0 + timedelta(days=89)) == 0
    assert purge_raw_mail(engine, 90, T0 + timedelta(days=91)) == 1
    with session(engine) as s:
        assert s.exec(select(InboundMessage)).one().raw is None
        assert s.exec(select(Registration)).one().name == "Mette Holm"


def test_kill_9_at_random_moments_loses_and_doubles_nothing(dovecot, smtp_sink, make_config,
                                                           tmp_path):
    config = make_config(batch_size=4)
    appended = []
    for i, (address, name) in enumerate(people(30)):
        raw = mails.signup(address, name, "hverdagsledelse", sent=T0,
                           message_id=f"<kill-{i}@vejle.dk>")
        appended.append(f"<kill-{i}@vejle.dk>")
        dovecot.append(raw, T0 + timedelta(minutes=i))
    killed = run_with_kills(tmp_path / "config.toml", kills=8, seed=7, max_delay=0.3)
    engine = make_engine(config.database.url)
    report = exactly_once_report(engine, smtp_sink, appended)
    print(f"killed {killed} runs: {report}")
    assert report["lost"] == 0 and report["duplicated"] == 0
    assert dovecot.messages("INBOX") == []


def test_imap_connection_dropping_mid_poll(dovecot, smtp_sink, make_config, monkeypatch):
    """The TCP connection to Dovecot dies after the first batch: the committed batch
    stays done, the poll reports the loss, and the next poll finishes the rest."""
    from mailreg.adapters.mailbox import MailboxError
    from mailreg.services.poll import Processor

    config = make_config(batch_size=2)
    engine = make_engine(config.database.url)
    for i, (address, name) in enumerate(people(5)):
        dovecot.append(mails.signup(address, name, "hverdagsledelse", sent=T0),
                       T0 + timedelta(minutes=i))
    original = Processor.batch
    batches = []

    def batch_then_drop(self, box, uids, now, fetched=None):
        outcomes = original(self, box, uids, now, fetched)
        batches.append(uids)
        if len(batches) == 1:
            import socket
            box.client.socket().shutdown(socket.SHUT_RDWR)  # the network goes away
        return outcomes

    monkeypatch.setattr(Processor, "batch", batch_then_drop)
    with pytest.raises(MailboxError, match="lost during the poll"):
        poll_once(config, engine)
    with session(engine) as s:
        assert len(s.exec(select(Registration)).all()) == 2
    monkeypatch.setattr(Processor, "batch", original)

    result = poll_once(config, engine)
    assert result.outcomes == {"registered": 3}
    with session(engine) as s:
        assert len(s.exec(select(Registration)).all()) == 5
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.received) == sorted(a for a, _ in people(5))
    assert dovecot.messages("INBOX") == []


def test_a_group_that_cannot_be_written_together_is_written_one_by_one(
        dovecot, smtp_sink, make_config, monkeypatch):
    """A group's rows go in with one statement per table; if that fails, each message
    is decided and stored again on its own, and everyone is registered and answered
    once."""
    from mailreg.adapters.store import Writes

    config = make_config()
    engine = make_engine(config.database.url)
    for i, (address, name) in enumerate(people(5)):
        dovecot.append(mails.signup(address, name, "hverdagsledelse", sent=T0),
                       T0 + timedelta(minutes=i))
    original = Writes.flush

    def flush_one_at_most(self, conn):
        if len(self.inbound) > 1:
            raise OSError("disk I/O error")  # as sqlite3 reports a failing write
        original(self, conn)

    monkeypatch.setattr(Writes, "flush", flush_one_at_most)
    result = poll_once(config, engine)
    assert result.outcomes == {"registered": 5} and result.sent == 5
    with session(engine) as s:
        assert sorted(r.email for r in s.exec(select(Registration))) == sorted(
            a for a, _ in people(5))
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.received) == sorted(
        a for a, _ in people(5))
    assert dovecot.messages("INBOX") == []
