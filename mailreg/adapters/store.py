"""Storing decisions: new registrations with their history, status changes, rows for
the outbox, and what the rules read back (seat counts, a person's registrations, the
registrations a follow-up may complete).

A backlog adds thousands of rows, so new rows are staged in `Writes` and go in as one
executemany per table (one statement per row cost more than the rows), and a group of
sign-ups reads the registrations once, through a `Ledger` kept current in memory,
instead of three queries per message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, insert, union
from sqlalchemy import select as select_columns  # sqlmodel's select takes at most 4
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from mailreg.adapters.db import chunked
from mailreg.adapters.tables import (
    InboundMessage,
    OutboxMessage,
    Registration,
    RegistrationEvent,
    decode_notes,
    encode_notes,
)
from mailreg.adapters.templates import Outgoing
from mailreg.domain.mail import Inbound
from mailreg.domain.model import (
    Cause,
    Current,
    Decision,
    NetworkState,
    NewRegistration,
    Note,
    Reply,
    Status,
    Understanding,
)


@dataclass
class Writes:
    """New rows staged for the current transaction, written with one statement per
    table. Registrations go first: their history rows need the ids they get."""

    registrations: list[tuple[dict, dict]] = field(default_factory=list)  # (row, event)
    inbound: list[dict] = field(default_factory=list)
    outbox: list[dict] = field(default_factory=list)

    def extend(self, other: Writes) -> None:
        self.registrations += other.registrations
        self.inbound += other.inbound
        self.outbox += other.outbox

    def flush(self, conn: Connection) -> None:
        if self.registrations:
            ids = conn.execute(_INSERT_REGISTRATIONS,
                               [row for row, _event in self.registrations]).scalars().all()
            conn.execute(_INSERT_EVENT, [{**event, "registration_id": rid} for rid, (_row, event)
                                         in zip(ids, self.registrations, strict=True)])
        if self.inbound:
            conn.execute(_INSERT_INBOUND, self.inbound)
        if self.outbox:
            conn.execute(_INSERT_OUTBOX, self.outbox)
        self.registrations, self.inbound, self.outbox = [], [], []


# RETURNING in parameter order: the n-th id belongs to the n-th row (SQLite 3.35+, PG)
_INSERT_REGISTRATIONS = insert(Registration).returning(col(Registration.id),
                                                       sort_by_parameter_order=True)
_INSERT_EVENT = insert(RegistrationEvent)
_INSERT_INBOUND = insert(InboundMessage)
_INSERT_OUTBOX = insert(OutboxMessage)


def stage(s: Session, decision: Decision, original: Inbound | None, at: datetime,
          ref: str, writes: Writes) -> None:
    """Stage a decision's registrations: new ones (to `writes`, which the caller flushes),
    and status changes and details updates with their history (at once).

    `original` is the mail decided on (None for a coordinator's command) and `ref` what
    the history names as the cause (a Message-ID or a command).
    """
    for new in decision.new:
        writes.registrations.append(registration_rows(new, original, at, ref))
    if decision.changes or decision.updates:
        writes.flush(s.connection())  # the rows changed below may be among them
    for change in decision.changes:
        row = _registration(s, change.registration_id)
        s.add(RegistrationEvent(registration_id=change.registration_id, at=at,
                                from_status=row.status, to_status=change.to_status,
                                cause=encode_notes([change.cause]), message_id=ref))
        row.status, row.updated_at = change.to_status, at
        if change.to_network:
            row.network = change.to_network
        if change.flags:
            row.flags = encode_notes((*decode_notes(row.flags), *change.flags))
    for update_ in decision.updates:
        row = _registration(s, update_.registration_id)
        row.ean, row.updated_at, row.flags = update_.ean, at, encode_notes(update_.flags)
        s.add(RegistrationEvent(registration_id=update_.registration_id, at=at,
                                from_status=row.status, to_status=row.status,
                                cause=encode_notes([Note.of(Cause.ean_by_mail)]),
                                message_id=ref))


def _registration(s: Session, registration_id: int) -> Registration:
    row = s.get(Registration, registration_id)
    if row is None:
        raise LookupError(f"registration {registration_id} is gone")
    return row


def registration_rows(new: NewRegistration, original: Inbound | None, at: datetime,
                      ref: str) -> tuple[dict, dict]:
    """The registration row and its first history row (its id comes at the insert)."""
    person = new.person
    row = {"network": new.network, "name": person.name, "email": person.email or "",
           "organisation": person.organisation or "", "ean": person.ean,
           "status": new.status, "received_at": original.arrival if original else at,
           "message_id": ref, "registered_by": original.sender if original else "",
           "flags": encode_notes(new.flags), "updated_at": at}
    event = {"at": at, "from_status": None, "to_status": new.status,
             "cause": encode_notes([new.cause]), "message_id": ref}
    return row, event


def outbox_row(reply: Reply, mail: Outgoing, mail_from: str, answers: str,
               at: datetime) -> dict:
    """The outbox row of a rendered reply; `answers` is the key of the mail it answers."""
    return {"kind": reply.kind, "in_reply_to_key": answers, "message_id": mail.message_id,
            "mail_from": mail_from, "to_address": reply.to,
            "recipients": ",".join([reply.to, *reply.cc]), "subject": mail.subject,
            "raw": mail.raw, "created_at": at, "next_attempt_at": at}


def replies_today(s: Session, tz: ZoneInfo, addresses: set[str],
                  at: datetime) -> dict[tuple[str, date], int]:
    """Automatic replies each address got today so far: one query for a batch."""
    day = at.astimezone(tz).date()
    found = dict.fromkeys(((a, day) for a in addresses if a), 0)
    for chunk in chunked(sorted(a for a, _day in found)):
        rows = s.exec(select(col(OutboxMessage.to_address), func.count())
                      .where(col(OutboxMessage.to_address).in_(chunk))
                      .where(col(OutboxMessage.created_at) >= day_start(day, tz))
                      .group_by(col(OutboxMessage.to_address)))
        found.update(((address, day), n) for address, n in rows)
    return found


def day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def replies_to(s: Session, address: str, since: datetime) -> int:
    """How many replies went to an address since a moment."""
    return s.exec(select(func.count()).select_from(OutboxMessage)
                  .where(col(OutboxMessage.to_address) == address)
                  .where(col(OutboxMessage.created_at) >= since)).one()


def waiting_for_details(s: Session, our_ids: set[str]) -> list[Current]:
    """The registrations made from the mails that our replies `our_ids` answered: a
    mail answering one of those replies may complete their details."""
    answered = s.exec(select(col(OutboxMessage.in_reply_to_key))
                      .where(col(OutboxMessage.message_id).in_(our_ids))).all()
    sources = s.exec(select(col(InboundMessage.message_id), col(InboundMessage.key))
                     .where(col(InboundMessage.key).in_(answered))).all()
    refs = {mid or key for mid, key in sources}
    rows = s.connection().execute(
        select_columns(*CURRENT_COLUMNS).where(col(Registration.message_id).in_(refs))
        .order_by(col(Registration.id))).all()
    return [_current_row(r) for r in rows]


def network_state(s: Session, slug: str, emails: Set[str] = frozenset(),
                  names: Set[str] = frozenset()) -> NetworkState:
    """Seat counts of a network, the registrations of the given people, and the head
    of its waiting list: all the rules need, without loading every registration."""
    s.flush()  # Core statements do not autoflush
    conn = s.connection()
    counts = {status: n for _slug, status, n in conn.execute(_COUNTS, {"slugs": [slug]})}
    mine = conn.execute(_PEOPLE, {"slugs": [slug], "emails": sorted(emails),
                                  "names": sorted(names)}).all()
    head = conn.execute(_HEAD, {"slug": slug, "n": len(emails) + len(names) + 1}).all() if (
        counts.get(Status.waitlisted)) else ()
    return NetworkState(
        confirmed=counts.get(Status.confirmed, 0),
        waitlisted=counts.get(Status.waitlisted, 0),
        mine=tuple(_current_row(r) for r in mine),
        waiting_head=tuple(_current_row(r) for r in head),
    )


class Ledger:
    """The seat counts of some networks and the registrations of some people, read
    once for a group of sign-ups and kept current as the group's decisions are staged.

    It serves sign-ups only: its states carry no waiting list, which a cancellation
    needs for promotions, so a cancellation reads the database (`network_state`). Load
    it in the transaction that writes the group: another process may change seats
    between two transactions.
    """

    def __init__(self, conn: Connection, slugs: set[str], emails: set[str],
                 names: set[str]) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(dict)
        for slug, status, n in conn.execute(_COUNTS, {"slugs": sorted(slugs)}):
            self.counts[slug][status] = n
        self.by_email: dict[tuple[str, str], list[Current]] = defaultdict(list)
        self.by_name: dict[tuple[str, str], list[Current]] = defaultdict(list)
        rows = conn.execute(_PEOPLE, {"slugs": sorted(slugs), "emails": sorted(emails),
                                      "names": sorted(names)})
        for row in rows:
            self._index(_current_row(row))

    def _index(self, registration: Current) -> None:
        self.by_email[registration.network, registration.email].append(registration)
        self.by_name[registration.network, registration.name].append(registration)

    def state(self, slug: str, emails: set[str], names: set[str]) -> NetworkState:
        """As `network_state` gives it, without the waiting list."""
        mine: dict[int, Current] = {}  # by object: one registration is in both indexes
        for index, keys in ((self.by_email, emails), (self.by_name, names)):
            for key in keys:
                mine.update((id(r), r) for r in index.get((slug, key), ()))
        counts = self.counts.get(slug, {})
        return NetworkState(confirmed=counts.get(Status.confirmed, 0),
                            waitlisted=counts.get(Status.waitlisted, 0),
                            mine=tuple(mine.values()))

    def holds_staged(self, request: Understanding, sender: str) -> bool:
        """Whether a staged registration (id 0, not written yet) is one of the request's
        people's: a mail about it must be decided against the written rows."""
        emails = {sender, *(p.email for p in request.participants if p.email)}
        return any(not r.id for slug in request.networks for email in emails
                   for r in self.by_email.get((slug, email), ()))

    def add(self, new: list[NewRegistration], arrival: datetime, sender: str) -> None:
        """Count staged registrations (not yet written, so without an id: id 0)."""
        for registration in new:
            counts = self.counts[registration.network]
            counts[registration.status] = counts.get(registration.status, 0) + 1
            self._index(Current(0, registration.network, registration.person.name,
                                registration.person.email or "", registration.status,
                                arrival, sender, registration.flags, registration.person.ean))


CURRENT_COLUMNS = tuple(col(c) for c in (
    Registration.id, Registration.network, Registration.name, Registration.email,
    Registration.status, Registration.received_at, Registration.registered_by,
    Registration.flags, Registration.ean))
_COUNTS = (select(col(Registration.network), col(Registration.status), func.count())
           .where(col(Registration.network).in_(bindparam("slugs", expanding=True)))
           .where(col(Registration.status).in_((Status.confirmed, Status.waitlisted)))
           .group_by(col(Registration.network), col(Registration.status)))
# a UNION, not an OR: each half is a lookup in its own index
_PEOPLE = union(
    select_columns(*CURRENT_COLUMNS)
    .where(col(Registration.network).in_(bindparam("slugs", expanding=True)))
    .where(col(Registration.email).in_(bindparam("emails", expanding=True))),
    select_columns(*CURRENT_COLUMNS)
    .where(col(Registration.network).in_(bindparam("slugs", expanding=True)))
    .where(col(Registration.name).in_(bindparam("names", expanding=True))))
_HEAD = (select_columns(*CURRENT_COLUMNS).where(col(Registration.network) == bindparam("slug"))
         .where(col(Registration.status) == Status.waitlisted)
         .order_by(col(Registration.received_at), col(Registration.id)).limit(bindparam("n")))


def _current_row(row) -> Current:
    rid, network, name, email, status, received_at, registered_by, flags, ean = row
    return Current(id=rid, network=network, name=name, email=email, status=Status(status),
                   received_at=received_at, registered_by=registered_by,
                   flags=decode_notes(flags), ean=ean)


def current(r: Registration) -> Current:
    assert r.id is not None, "a stored registration has an id"
    return Current(id=r.id, network=r.network, name=r.name, email=r.email,
                   status=Status(r.status), received_at=r.received_at,
                   registered_by=r.registered_by, flags=decode_notes(r.flags), ean=r.ean)
