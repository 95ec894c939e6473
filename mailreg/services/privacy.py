"""Personal data: raw mail kept only as long as configured, erasure of one person,
and everything held about one person (GDPR access request)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from mailreg.adapters.db import session
from mailreg.adapters.tables import (
    InboundMessage,
    OutboxMessage,
    Registration,
    RegistrationEvent,
    ServiceEvent,
    decode_notes,
    encode_notes,
)
from mailreg.domain.model import Flag, Note
from mailreg.reading.message import parse

ERASED = "[slettet]"


def purge_raw_mail(engine: Engine, days: int, now: datetime) -> int:
    """Drop the stored text of mail taken from the inbox, and of replies sent, more than
    `days` ago (counted from processing, so an imported backlog can still be reviewed);
    and the words of a question not marked answered on a registration unchanged as long
    (they came from such a mail, and a question about a diet can be health data): the
    flag stays, without them."""
    cutoff = now - timedelta(days=days)
    with session(engine) as s:
        for row in s.exec(select(Registration)
                          .where(col(Registration.updated_at) < cutoff)
                          .where(col(Registration.flags).contains(f'"flag.{Flag.asks.value}"'))):
            row.flags = encode_notes(Note.of(Flag.asked) if note.code == Flag.asks else note
                                     for note in decode_notes(row.flags))
        inbound = s.exec(update(InboundMessage)
                         .where(col(InboundMessage.processed_at) < cutoff)
                         .where(col(InboundMessage.raw).is_not(None))
                         .values(raw=None)).rowcount
        s.exec(update(OutboxMessage)
               .where(col(OutboxMessage.sent_at) < cutoff)
               .where(col(OutboxMessage.raw) != b"")
               .values(raw=b""))
    return inbound


def _mine(email: str):
    email = email.strip().lower()
    return email, (
        or_(col(Registration.email) == email, col(Registration.registered_by) == email),
        col(InboundMessage.sender) == email,
        or_(col(OutboxMessage.to_address) == email, col(OutboxMessage.recipients).contains(email)),
    )


def erase_person(engine: Engine, email: str, now: datetime) -> dict[str, int]:
    """Anonymise one person everywhere; the counts per network stay right.

    Registrations she made for colleagues lose her address as `registered_by` but
    keep the colleagues. The erasure is recorded with a hash, not the address.
    """
    email, (reg_filter, msg_filter, out_filter) = _mine(email)
    counts = {}
    with session(engine) as s:
        rows = s.exec(select(Registration).where(reg_filter)).all()
        counts["registrations"] = 0
        for row in rows:
            if row.registered_by == email:
                row.registered_by = ""
            if row.email == email:
                row.name, row.email, row.organisation, row.ean = ERASED, "", "", None
                row.flags = ""
                counts["registrations"] += 1
        counts["messages"] = s.exec(update(InboundMessage).where(msg_filter).values(
            sender="", subject=ERASED, raw=None)).rowcount
        counts["replies"] = s.exec(update(OutboxMessage).where(out_filter).values(
            to_address="", recipients="", subject=ERASED, raw=b"")).rowcount
        digest = hashlib.sha256(email.encode()).hexdigest()[:16]
        s.add(ServiceEvent(kind="erasure", at=now,
                           detail=f"sha256:{digest} " + ", ".join(
                               f"{n} {k}" for k, n in counts.items())))
    return counts


def person_data(engine: Engine, email: str) -> dict:
    """Everything mailreg holds about one address, as plain JSON-ready data."""
    email, (reg_filter, msg_filter, out_filter) = _mine(email)
    with session(engine) as s:
        registrations = s.exec(select(Registration).where(reg_filter)).all()
        ids = [r.id for r in registrations]
        events = s.exec(select(RegistrationEvent)
                        .where(col(RegistrationEvent.registration_id).in_(ids))).all()
        messages = s.exec(select(InboundMessage).where(msg_filter)).all()
        replies = s.exec(select(OutboxMessage).where(out_filter)).all()
    return {
        "email": email,
        "registrations": [r.model_dump(mode="json", warnings=False) for r in registrations],
        "history": [e.model_dump(mode="json", warnings=False) for e in events],
        "messages": [{
            **m.model_dump(mode="json", exclude={"raw"}, warnings=False),
            "text": parse(m.raw, m.received_at).text if m.raw else None,
        } for m in messages],
        "replies": [{
            **r.model_dump(mode="json", exclude={"raw"}, warnings=False),
            "text": r.raw.decode("utf-8", "replace") if r.raw else None,
        } for r in replies],
    }
