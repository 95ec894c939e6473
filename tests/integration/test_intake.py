"""Reading a backlog in worker processes: the same answers as reading in the poll's
own process, and a poll through the workers registers and answers everyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import mails
from crash import people
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import Registration
from mailreg.reading import intake
from mailreg.reading.intake import POOL_FROM, Intake, analyse
from mailreg.services.poll import poll_once

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_workers_read_as_the_poll_does(make_config):
    """Outlook, Gmail, iPhone, iso-8859-1 and HTML-only samples plus a broken one."""
    networks = make_config().networks
    fetched = [(p.read_bytes(), T0.astimezone(UTC)) for p in sorted(SAMPLES.glob("*.eml"))]
    fetched.append((b"\xff\xfe not a mail \x00", T0.astimezone(UTC)))
    reader = Intake(networks, backlog=POOL_FROM)
    try:
        assert reader.pool is not None, "a backlog of POOL_FROM messages gets workers"
        in_workers = list(reader.submit(fetched))
    finally:
        reader.close()
    assert in_workers == [analyse(raw, arrival, networks) for raw, arrival in fetched]
    assert any(a.request and a.request.networks for a in in_workers)


def test_a_small_poll_reads_inline(make_config):
    reader = Intake(make_config().networks, backlog=POOL_FROM - 1)
    assert reader.pool is None


def test_poll_through_the_workers(dovecot, smtp_sink, make_config, monkeypatch):
    monkeypatch.setattr(intake, "POOL_FROM", 2)
    config = make_config(batch_size=3)  # several batches: the next is read meanwhile
    engine = make_engine(config.database.url)
    for i, (address, name) in enumerate(people(7)):
        dovecot.append(mails.signup(address, name, "hverdagsledelse", sent=T0),
                       T0 + timedelta(minutes=i))
    result = poll_once(config, engine)
    assert result.outcomes == {"registered": 7} and result.sent == 7
    with session(engine) as s:
        assert sorted(r.email for r in s.exec(select(Registration))) == sorted(
            a for a, _ in people(7))
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.received) == sorted(
        a for a, _ in people(7))
    assert dovecot.messages("INBOX") == []
