"""A message never vanishes: a true copy of a mail already handled stays silent, and a
different mail that reuses its Message-ID is logged, waits for review with that reason
and gets no reply (issue 16). Through Dovecot and aiosmtpd."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import mails
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import InboundMessage, Registration, decode_notes
from mailreg.adapters.words import say_all
from mailreg.domain.model import Note, Outcome, Why
from mailreg.services.digest import context
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)
MID = "<AM0PR02MB5500REUSED0001@AM0PR02MB5521.eurprd02.prod.outlook.com>"


def test_a_copy_is_silent_and_another_mail_with_its_message_id_waits(
        dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    first = mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0,
                         message_id=MID)
    dovecot.append(first, T0)
    poll_once(config, engine)
    assert len(smtp_sink.received) == 1

    smtp_sink.clear()
    dovecot.append(first, T0)  # the same mail copied back into the inbox
    other = mails.signup("jens.berg@vejle.dk", "Jens Berg", "bæredygtighed", sent=T0,
                         message_id=MID)
    dovecot.append(other, T0)
    result = poll_once(config, engine)

    assert result.outcomes == {Outcome.already_processed: 1, Outcome.review: 1}
    assert smtp_sink.received == []  # neither the copy nor the stranger is answered
    with session(engine) as s:
        rows = s.exec(select(InboundMessage).order_by(InboundMessage.id)).all()
        registered = [r.email for r in s.exec(select(Registration)).all()]
    assert [(r.sender, r.outcome) for r in rows] == [
        ("mette.holm@aarhus.dk", Outcome.registered), ("jens.berg@vejle.dk", Outcome.review)]
    assert decode_notes(rows[1].reason) == (Note.of(Why.reused_message_id),)
    assert registered == ["mette.holm@aarhus.dk"]
    assert dovecot.messages(config.imap.review_folder) and not dovecot.messages("INBOX")

    ctx = context(config, engine, datetime(2025, 2, 11, 7, tzinfo=CPH))
    [item] = ctx["review"]
    assert item["sender"] == "jens.berg@vejle.dk"
    assert item["reason"] == say_all((Note.of(Why.reused_message_id),), "da")

    smtp_sink.clear()
    dovecot.append(other, T0)  # and a copy of the second is silent too
    assert poll_once(config, engine).outcomes == {Outcome.already_processed: 1}
    assert smtp_sink.received == []
