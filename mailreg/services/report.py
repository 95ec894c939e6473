"""Read-only views of the database for the coordinator and the administrator: counts
per network, registrations, what changed since a moment, review items, unsent replies,
the service's last poll and digest; and the progress shown for a long backlog."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from mailreg.adapters.db import session
from mailreg.adapters.tables import (
    InboundMessage,
    OutboxMessage,
    Registration,
    RegistrationEvent,
    ServiceEvent,
    decode_notes,
)
from mailreg.config import Config
from mailreg.domain.model import UNANSWERED, Note, Outcome, Status

DECIDE = (Status.late, Status.needs_review)  # statuses that wait for the coordinator
BY_ARRIVAL = (col(Registration.network), col(Registration.received_at), col(Registration.id))


@dataclass(frozen=True)
class NetworkCounts:
    slug: str
    name: str
    capacity: int | None
    deadline: date
    counts: dict[str, int]

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days

    @property
    def free(self) -> int | None:
        """Seats still free, None without a capacity."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.counts.get(Status.confirmed.value, 0), 0)


def network_counts(config: Config, engine: Engine) -> list[NetworkCounts]:
    with session(engine) as s:
        rows = s.exec(select(col(Registration.network), col(Registration.status), func.count())
                      .group_by(col(Registration.network), col(Registration.status))).all()
    table: dict[str, dict[str, int]] = {}
    for network, status, count in rows:
        table.setdefault(network, {})[str(status)] = count
    return [
        NetworkCounts(n.slug, n.name, n.capacity, n.deadline,
                      {s.value: table.get(n.slug, {}).get(s.value, 0) for s in Status})
        for n in config.networks
    ]


def registrations(engine: Engine, network: str | None = None,
                  statuses: list[str] | None = None) -> list[Registration]:
    with session(engine) as s:
        query = select(Registration).order_by(*BY_ARRIVAL)
        if network:
            query = query.where(col(Registration.network) == network)
        if statuses:
            query = query.where(col(Registration.status).in_(statuses))
        return list(s.exec(query).all())


def flagged_registrations(engine: Engine) -> list[Registration]:
    """Active registrations with something for the coordinator to check (EAN, target
    group), or whose status waits for her decision (late, needs review); and any, also
    a cancelled one, that asks a question she has not answered yet."""
    active = [Status.confirmed, Status.waitlisted, *DECIDE]
    asks = or_(*(col(Registration.flags).contains(f'"flag.{flag.value}"') for flag in UNANSWERED))
    with session(engine) as s:
        return list(s.exec(
            select(Registration)
            .where((col(Registration.status).in_(active)
                    & ((col(Registration.flags) != "") | col(Registration.status).in_(DECIDE)))
                   | asks)
            .order_by(*BY_ARRIVAL)).all())


@dataclass(frozen=True)
class Change:
    """One status change of a registration, with what the digest shows about it."""

    at: datetime
    registration_id: int
    network: str
    name: str
    email: str
    from_status: str | None
    to_status: str
    cause: str
    received_at: datetime | None = None  # when the registration's mail arrived

    @property
    def kind(self) -> str:
        """signup, waitlisted, late, promoted, cancelled or other (EAN supplied, moved)."""
        to, before = self.to_status, self.from_status
        if to == before:
            return "other"
        if to == Status.cancelled:
            return "cancelled"
        if to in (Status.late, Status.rejected):
            return "late"
        if to == Status.waitlisted:
            return "waitlisted"
        if to == Status.confirmed:
            return "signup" if before is None else (
                "promoted" if before in (Status.waitlisted, Status.late, Status.needs_review)
                else "other")
        return "other"


def changes_between(engine: Engine, since: datetime | None, until: datetime) -> list[Change]:
    """Status changes after `since` (everything when None) up to and including `until`."""
    with session(engine) as s:
        query = (select(RegistrationEvent, Registration)
                 .join(Registration, col(Registration.id) == col(RegistrationEvent.registration_id))
                 .where(col(RegistrationEvent.at) <= until)
                 .order_by(col(RegistrationEvent.at), col(RegistrationEvent.id)))
        if since is not None:
            query = query.where(col(RegistrationEvent.at) > since)
        rows = s.exec(query).all()
    return [Change(e.at, e.registration_id, r.network, r.name, r.email, e.from_status,
                   e.to_status, e.cause, r.received_at) for e, r in rows]


def review_items(engine: Engine, mailbox: str | None = None) -> list[InboundMessage]:
    """Mail waiting for the coordinator, of one mailbox or of all."""
    with session(engine) as s:
        query = (select(InboundMessage).where(col(InboundMessage.outcome) == Outcome.review)
                 .order_by(col(InboundMessage.received_at)))
        if mailbox is not None:
            query = query.where(col(InboundMessage.mailbox) == mailbox)
        return list(s.exec(query).all())


def machine_mail(engine: Engine, since: datetime | None, until: datetime,
                 mailbox: str | None = None) -> list[tuple[Note, int]]:
    """Machine mail taken from the inbox and not answered, by the sign that showed it:
    (the latest mail's sign with its values, how many), the most frequent first."""
    with session(engine) as s:
        query = (select(col(InboundMessage.reason))
                 .where(col(InboundMessage.outcome) == Outcome.machine)
                 .where(col(InboundMessage.processed_at) <= until)
                 .order_by(col(InboundMessage.processed_at)))
        if since is not None:
            query = query.where(col(InboundMessage.processed_at) > since)
        if mailbox is not None:
            query = query.where(col(InboundMessage.mailbox) == mailbox)
        reasons = s.exec(query).all()
    latest: dict[str, Note] = {}
    counts: Counter[str] = Counter()
    for reason in reasons:
        for note in decode_notes(reason)[:1]:
            latest[note.code] = note
            counts[note.code] += 1
    return [(latest[code], n) for code, n in counts.most_common()]


def logged_message(s: Session, message_id: str) -> InboundMessage | None:
    """A message of the log by its Message-ID (with or without <>) or its key."""
    wanted = message_id if message_id.startswith("<") else f"<{message_id}>"
    return s.exec(select(InboundMessage).where((col(InboundMessage.message_id) == wanted)
                                               | (col(InboundMessage.key) == message_id))
                  ).first()


def unsent_replies(engine: Engine) -> list[OutboxMessage]:
    with session(engine) as s:
        return list(s.exec(select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
                           .order_by(col(OutboxMessage.id))).all())


def last_service_event(engine: Engine, kind: str) -> ServiceEvent | None:
    """The latest record of a kind ("poll", "digest"), for `status` and the digest."""
    with session(engine) as s:
        return s.exec(select(ServiceEvent).where(col(ServiceEvent.kind) == kind)
                      .order_by(col(ServiceEvent.at).desc(), col(ServiceEvent.id).desc())).first()


def registration_dict(r: Registration, config: Config) -> dict:
    """The export contract: network, name, email, organisation, ean, status,
    received_at (ISO 8601 with the configured zone's offset), message_id."""
    return {
        "network": r.network,
        "name": r.name,
        "email": r.email,
        "organisation": r.organisation,
        "ean": r.ean or "",
        "status": str(r.status),
        "received_at": r.received_at.astimezone(config.tz).isoformat(),
        "message_id": r.message_id,
    }


def backlog_progress(starts: range, total: int) -> Iterator[int]:
    """Yield the batch starts `range(0, total, batch_size)`, showing a progress bar on
    stderr while a backlog of more than one batch is worked through at a terminal.

    Nothing is shown when stderr is not a terminal (the service, cron, tests). Log lines
    written meanwhile go through the bar's console, so they scroll above the bar
    instead of tearing it.
    """
    if total <= starts.step or not sys.stderr.isatty():
        yield from starts
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    original = sys.stderr
    with Progress("mail", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True, redirect_stderr=True) as progress:
        task = progress.add_task("mail", total=total)
        handlers = [h for h in logging.getLogger().handlers
                    if isinstance(h, logging.StreamHandler) and h.stream is original]
        for handler in handlers:
            handler.setStream(sys.stderr)  # rich's proxy while the bar is shown
        try:
            for start in starts:
                yield start
                progress.advance(task, min(starts.step, total - start))
        finally:
            for handler in handlers:
                handler.setStream(original)
