"""Read-only views of the database: counts per network, registrations, review items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from mailreg.config import Config
from mailreg.db import session
from mailreg.models import InboundMessage, OutboxMessage, Outcome, Registration, Status


@dataclass(frozen=True)
class NetworkCounts:
    slug: str
    name: str
    capacity: int | None
    deadline: date
    counts: dict[str, int]

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days


def network_counts(config: Config, engine: Engine) -> list[NetworkCounts]:
    with session(engine) as s:
        rows = s.exec(select(Registration.network, Registration.status, func.count())
                      .group_by(Registration.network, Registration.status)).all()
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
        query = select(Registration).order_by(Registration.network, Registration.received_at,
                                              Registration.id)
        if network:
            query = query.where(Registration.network == network)
        if statuses:
            query = query.where(Registration.status.in_(statuses))
        return list(s.exec(query).all())


def review_items(engine: Engine) -> list[InboundMessage]:
    with session(engine) as s:
        return list(s.exec(select(InboundMessage)
                           .where(InboundMessage.outcome == Outcome.review)
                           .order_by(InboundMessage.received_at)).all())


def unsent_replies(engine: Engine) -> list[OutboxMessage]:
    with session(engine) as s:
        return list(s.exec(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                           .order_by(OutboxMessage.id)).all())


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
