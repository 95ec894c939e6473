"""The machine-mail set (tests/mail/machine) through a real poll: Dovecot in, aiosmtpd
out. No reply reaches a machine, no reply goes to any address but the From's own,
every message is logged, and a forged or ambiguous From waits in the review folder."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import InboundMessage
from mailreg.domain.model import Outcome
from mailreg.services.poll import poll_once

CASES = sorted((Path(__file__).resolve().parents[1] / "mail" / "machine").glob("*.eml"))
CPH = ZoneInfo("Europe/Copenhagen")


def test_a_poll_of_the_machine_mail_set(dovecot, smtp_sink, make_config) -> None:
    config = make_config(max_replies=50)
    engine = make_engine(config.database.url)
    labels = {}
    for i, path in enumerate(CASES):
        raw = path.read_bytes()
        dovecot.append(raw, datetime(2025, 2, 20, 9, i % 60, tzinfo=CPH))
        labels[path.stem] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    result = poll_once(config, engine)

    assert result.processed == len(CASES) and dovecot.messages("INBOX") == []
    allowed = {label["reply_to"] for label in labels.values() if label["reply_to"]}
    machines = sum(label["machine"] for label in labels.values())
    recipients = [to for mail in smtp_sink.received for to in mail.rcpt_tos]
    assert set(recipients) <= allowed
    with session(engine) as s:
        logged = s.exec(select(InboundMessage)).all()
    assert len(logged) == len(CASES)
    assert sum(row.outcome == Outcome.machine for row in logged) == machines
    reviewed = len(dovecot.messages(config.imap.review_folder))
    assert reviewed >= sum(label["review"] for label in labels.values())
