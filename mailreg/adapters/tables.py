"""The tables: registrations and their history, the message log, the outbox.

Times are stored as UTC and come back timezone-aware (SQLite keeps no zone).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Index,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from mailreg.domain.model import KINDS, Note, Outcome, Status, Why


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; attach a zone")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else (
            value.astimezone(UTC)
        )

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def encode_notes(notes: Iterable[Note]) -> str:
    """Codes as stored: a JSON list of {"code": "kind.code", value: ...}; "" for none."""
    items = [{"code": f"{n.kind}.{n.code.value}", **dict(n.params)} for n in notes]
    return json.dumps(items, ensure_ascii=False) if items else ""


def decode_notes(text: str | None) -> tuple[Note, ...]:
    """Stored codes back as Notes. Text that is not such a list, or a code this version
    does not know, comes back as Why.legacy with the text, so nothing is lost."""
    if not text:
        return ()
    try:
        items = json.loads(text)
        return tuple(_note(item) for item in items)
    except (ValueError, TypeError, KeyError, AttributeError):
        return (Note.of(Why.legacy, text=text),)


def _note(item: dict) -> Note:
    kind, _, code = item.pop("code").partition(".")
    try:
        return Note.of(KINDS[kind](code), **item)
    except (KeyError, ValueError):
        return Note.of(Why.legacy, text=code)


class Registration(SQLModel, table=True):
    # What the rules ask for every message: a network's seat counts, the head of its
    # waiting list and the people the mail is about. Without these a backlog got
    # slower with every registration it added.
    __table_args__ = (
        Index("ix_registration_network_status", "network", "status", "received_at"),
        Index("ix_registration_network_email", "network", "email"),
        Index("ix_registration_network_name", "network", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    network: str
    name: str
    email: str = Field(index=True)
    organisation: str = ""
    ean: str | None = None
    status: Status = Field(index=True, sa_type=String(20))
    received_at: datetime = Field(sa_type=UTCDateTime)
    message_id: str
    registered_by: str = ""
    flags: str = ""  # what the coordinator should look at: codes (encode_notes)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RegistrationEvent(SQLModel, table=True):
    """One change of a registration's status: when, why and which message caused it."""

    id: int | None = Field(default=None, primary_key=True)
    registration_id: int = Field(foreign_key="registration.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    from_status: str | None = None
    to_status: str
    cause: str = Field(sa_type=Text)  # a code (encode_notes)
    message_id: str | None = None


class InboundMessage(SQLModel, table=True):
    """The log of every message taken from the inbox, keyed so none is handled twice."""

    __table_args__ = (UniqueConstraint("mailbox", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(default="", index=True)  # user@host of the coordinator's mailbox
    key: str = Field(index=True)
    message_id: str = ""
    folder: str
    uidvalidity: int = Field(sa_type=BigInteger)  # IMAP allows up to 2**32 - 1
    uid: int = Field(sa_type=BigInteger)
    sender: str = ""
    subject: str = ""
    received_at: datetime = Field(sa_type=UTCDateTime)
    processed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    outcome: Outcome = Field(sa_type=String(20), index=True)
    reason: str = ""  # why it waits for review or is machine mail: codes (encode_notes)
    fingerprint: str = ""  # sender, Date and text hashed: tells a copy from another mail
    target_folder: str
    filed: bool = False
    raw: bytes | None = Field(default=None, sa_type=LargeBinary)


class OutboxMessage(SQLModel, table=True):
    """A reply waiting to be sent; `sent_at` is set only after the SMTP server accepted it."""

    # the claim of the oldest due replies, at every commit of a poll
    __table_args__ = (Index("ix_outboxmessage_due", "sent_at", "claimed_at", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # a ReplyKind
    in_reply_to_key: str = Field(index=True)
    message_id: str
    mail_from: str
    to_address: str = Field(index=True)
    recipients: str
    subject: str
    raw: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # being sent
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_error: str = Field(default="", sa_type=Text)


class FolderState(SQLModel, table=True):
    """UIDVALIDITY and the last UID seen of a folder, to fetch only what is new."""

    __table_args__ = (UniqueConstraint("mailbox", "folder"),)
    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = ""
    folder: str
    uidvalidity: int = Field(sa_type=BigInteger)
    last_uid: int = Field(default=0, sa_type=BigInteger)


class Lease(SQLModel, table=True):
    """A named lock with an expiry, so two pollers never work on one mailbox at once."""

    name: str = Field(primary_key=True)
    owner: str
    expires_at: datetime = Field(sa_type=UTCDateTime)


class ServiceEvent(SQLModel, table=True):
    """Last successful poll, digests sent: what `status` reports."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    day: date | None = None
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    detail: str = ""


class CommandRecord(SQLModel, table=True):
    """A coordinator's command, by mail or on the command line: who gave it and when,
    what it asked and what came of it. A used token is kept (hashed) so it is refused
    the next time; a command mail is carried out once, by its row here."""

    __tablename__ = "command"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    by: str  # the sender's address, or "cli:<user>@<host>"
    act: str  # an Act
    target: str = ""
    network: str = ""
    token: str | None = Field(default=None, unique=True)  # sha256 of a used token
    inbound_id: int | None = Field(default=None, unique=True)  # the command mail
    refused: str = ""  # a Refusal code (encode_notes) when nothing was done
    result: str = Field(default="", sa_type=Text)  # what was done (JSON), for the receipt
    receipt_queued: bool = True  # a command mail's receipt is in the outbox


class Setting(SQLModel, table=True):
    """A value mailreg keeps for itself: the key of its action links when the config
    names none."""

    name: str = Field(primary_key=True)
    value: str
