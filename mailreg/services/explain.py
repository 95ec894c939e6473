"""`mailreg explain`: how a stored mail was read. The mail's own text is read again
with today's reading, which records its evidence: the cues of intent, the terms that
named each network, where each person was found, and the machine sign if any."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.engine import Engine

from mailreg.adapters.db import session
from mailreg.adapters.tables import decode_notes
from mailreg.config import Config
from mailreg.domain.model import Note, Understanding
from mailreg.reading.guard import machine_reason
from mailreg.reading.message import parse
from mailreg.reading.understand import understand
from mailreg.services.report import logged_message


class NotFound(Exception):
    """No such message in the log; the message says what to look at instead."""


@dataclass(frozen=True)
class Explanation:
    message_id: str
    sender: str
    subject: str
    arrived: datetime
    outcome: str
    reasons: tuple[Note, ...]  # as recorded when the mail was decided
    machine: Note | None = None
    reading: Understanding | None = None  # None for machine mail or when the text is gone
    text_kept: bool = True


def explain(config: Config, engine: Engine, message_id: str) -> Explanation:
    with session(engine) as s:
        row = logged_message(s, message_id)
        if row is None:
            raise NotFound(f"No message {message_id} in the log; `mailreg status` lists what "
                           f"waits for review.")
        told = Explanation(row.message_id or row.key, row.sender, row.subject,
                           row.received_at, str(row.outcome), decode_notes(row.reason))
        raw, mailbox = row.raw, row.mailbox
    if raw is None:
        return replace(told, text_kept=False)
    view = next((v for v in config.mailbox_views() if v.mailbox_id == mailbox),
                config.mailbox_views()[0])
    mail = parse(raw, told.arrived)
    machine = machine_reason(mail, {view.coordinator.address, view.from_address})
    if machine is not None or not mail.sender:
        return replace(told, machine=machine)
    return replace(told, reading=understand(mail, view.networks, view.coordinator))
