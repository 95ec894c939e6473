"""One poll: mailbox -> parse -> guard -> understand -> rules -> store -> file -> send.

Exactly once: a batch's registrations, replies (outbox) and message log commit in
one transaction; messages leave the inbox only after that commit; replies are sent
from the outbox afterwards. A crash at any point can only repeat filing or sending
work that is checked against the database, never a decision or a reply.
"""

from __future__ import annotations

import imaplib
import logging
import os
import socket
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain

from sqlalchemy import bindparam, func, insert, union, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from mailreg import outbox
from mailreg.config import Config
from mailreg.db import acquire_lease, release_lease, session
from mailreg.guard import machine_reason
from mailreg.intake import Analysis, Intake
from mailreg.mailbox import Envelope, Mailbox, MailboxError
from mailreg.message import Inbound, message_key, parse
from mailreg.models import (
    FolderState,
    InboundMessage,
    OutboxMessage,
    Outcome,
    Registration,
    RegistrationEvent,
    ServiceEvent,
    Status,
)
from mailreg.privacy import purge_raw_mail
from mailreg.replies import Renderer
from mailreg.report import backlog_progress
from mailreg.rules import Current, Decision, NetworkState, Reply, decide, decide_details
from mailreg.understand import find_ean, split_new_text

log = logging.getLogger(__name__)
LEASE_TTL = timedelta(minutes=10)
# Messages per transaction: each commit writes its pages to the log again (one per
# message cost 0.9 ms). A crash repeats at most this many decisions, never a reply;
# the sender gets new replies at each commit, so its window matches this.
COMMIT_EVERY = 4



class PollBusy(Exception):
    """Another poller holds the mailbox's lease."""


@dataclass
class PollResult:
    outcomes: Counter = field(default_factory=Counter)
    sent: int = 0
    failed: int = 0

    @property
    def processed(self) -> int:
        return sum(self.outcomes.values())


def lease_name(config: Config) -> str:
    return f"poll:{config.mailbox_id}/{config.imap.inbox}"


def poll_once(config: Config, engine: Engine, now: datetime | None = None) -> PollResult:
    """Fetch and decide everything new in the inbox, sending replies meanwhile."""
    owner = f"{socket.gethostname()}:{os.getpid()}"
    name = lease_name(config)
    if not acquire_lease(engine, name, owner, datetime.now(UTC), LEASE_TTL):
        raise PollBusy("Another mailreg poller is working on this mailbox; try again later.")
    result = PollResult()
    try:
        sender = outbox.Sender(config.smtp, config.smtp.password())
        try:
            _read_inbox(config, engine, now, sender, owner, result)
        finally:
            # replies claimed for the sender go out and are recorded, even if IMAP failed
            result.sent, result.failed = sender.finish(engine, now)
        send_time = now or datetime.now(UTC)
        if not sender.broken:  # replies left over, and retries that are due
            sent, failed = outbox.send_pending(engine, config.smtp, config.smtp.password(),
                                               send_time)
            result.sent, result.failed = result.sent + sent, result.failed + failed
        purge_raw_mail(engine, config.retention.raw_mail_days, send_time)
        with session(engine) as s:
            s.add(ServiceEvent(kind="poll", detail=f"{result.processed} messages"))
    finally:
        release_lease(engine, name, owner)
    return result


def _read_inbox(config: Config, engine: Engine, now: datetime | None,
                sender: outbox.Sender, owner: str, result: PollResult) -> None:
    processor = Processor(config, engine, sender)
    try:
        with Mailbox(config.imap, config.imap.password()) as box:
            box.select_inbox()
            box.ensure_folders(config.imap.processed_folder, config.imap.review_folder)
            refile_pending(engine, box, config.mailbox_id, config.imap.inbox)
            uids = box.uids_after(processor.last_uid(box.uidvalidity))
            size = config.imap.batch_size
            chunks = [uids[i : i + size] for i in range(0, len(uids), size)]
            intake = Intake(config.networks, len(uids))
            try:
                # the next batch is fetched and read (by the workers) while this one
                # is decided
                upcoming = processor.fetch(box, chunks[0], intake) if chunks else None
                for start in backlog_progress(range(0, len(uids), size), len(uids)):
                    i, fetched = start // size, upcoming
                    upcoming = (processor.fetch(box, chunks[i + 1], intake)
                                if i + 1 < len(chunks) else None)
                    result.outcomes.update(processor.batch(box, chunks[i], now, fetched))
                    acquire_lease(engine, lease_name(config), owner, datetime.now(UTC),
                                  LEASE_TTL)
            finally:
                intake.close()
    except (OSError, imaplib.IMAP4.error, imaplib.IMAP4.abort) as exc:
        # committed messages stay done; the next poll goes on from there
        raise MailboxError(f"The connection to the IMAP server {config.imap.host} was "
                           f"lost during the poll ({exc}); the next poll continues "
                           f"where this one stopped.") from exc


def screen(mail: Inbound, own: set[str]) -> Decision | None:
    """The outcome of a message no rule needs to read: machine mail (never answered)
    or one without a sender or readable text (to review, with the reason)."""
    reason = machine_reason(mail, own)
    if reason:
        return Decision(Outcome.machine, reason)
    if not mail.sender or (mail.defects and not mail.text):
        return Decision(Outcome.review, "; ".join(mail.defects) or "no sender")
    return None


def refile_pending(engine: Engine, box: Mailbox, mailbox: str, folder: str) -> None:
    """Move messages whose outcome is committed but which a crash left in the inbox."""
    with session(engine) as s:
        pending = s.exec(select(InboundMessage)
                         .where(InboundMessage.filed.is_(False))
                         .where(InboundMessage.mailbox == mailbox)
                         .where(InboundMessage.folder == folder)
                         .where(InboundMessage.uidvalidity == box.uidvalidity)).all()
        by_target: dict[str, list[int]] = {}
        for row in pending:
            by_target.setdefault(row.target_folder, []).append(row.uid)
        for target, uids in by_target.items():
            if target != folder:
                box.move(uids, target)
        for row in pending:
            row.filed = True


@dataclass
class Fetched:
    """One batch downloaded, its analyses under way."""

    raws: dict[int, bytes | None]  # None: too large, not downloaded
    analyses: Iterator[Analysis]  # in the order of `raws`


class Processor:
    """Decides batches of messages, a few messages per transaction."""

    def __init__(self, config: Config, engine: Engine,
                 sender: outbox.Sender | None = None) -> None:
        self.config = config
        self.engine = engine
        self.sender = sender
        self.renderer = Renderer(config)
        self.networks = {n.slug: n for n in config.networks}
        self.own = {config.coordinator.address, config.from_address.lower()}
        self.folder = config.imap.inbox
        self.mailbox = config.mailbox_id

    def last_uid(self, uidvalidity: int) -> int:
        with session(self.engine) as s:
            state = s.exec(self.folder_state()).first()
            if state is None:
                s.add(FolderState(mailbox=self.mailbox, folder=self.folder,
                                  uidvalidity=uidvalidity, last_uid=0))
                return 0
            if state.uidvalidity != uidvalidity:
                log.warning("UIDVALIDITY of %s changed (%s -> %s): rescanning; messages "
                            "already handled are recognised by Message-ID",
                            self.folder, state.uidvalidity, uidvalidity)
                state.uidvalidity, state.last_uid = uidvalidity, 0
            return state.last_uid

    def folder_state(self):
        return select(FolderState).where(FolderState.mailbox == self.mailbox,
                                         FolderState.folder == self.folder)

    def fetch(self, box: Mailbox, uids: list[int], intake: Intake | None = None) -> Fetched:
        """Download a batch and start reading it; a message over the size limit is not
        downloaded, only its headers, and goes to review."""
        limit = self.config.imap.max_message_bytes
        small, large = [], []
        for envelope in box.envelopes(uids):
            (small if envelope.size <= limit else large).append(envelope)
        raws: dict[int, bytes | None] = {f.uid: f.raw for f in box.bodies(small)}
        arrivals = {e.uid: e.arrival for e in small}
        intake = intake or Intake(self.config.networks, 0)
        readable = intake.submit([(raw, arrivals[uid]) for uid, raw in raws.items()])
        oversized = [Analysis(self.oversized(box, e)) for e in large]
        raws.update((e.uid, None) for e in large)
        return Fetched(raws, chain(readable, oversized))

    def batch(self, box: Mailbox, uids: list[int], now: datetime | None,
              fetched: Fetched | None = None) -> Counter:
        """Decide and store each message of the batch (a savepoint each, a commit every
        COMMIT_EVERY), then file the batch on the IMAP server."""
        fetched = fetched or self.fetch(box, uids)
        items = sorted(zip(fetched.raws.items(), fetched.analyses, strict=True),
                       key=lambda item: item[0][0])
        outcomes: Counter = Counter()
        moves: dict[str, list[int]] = {}
        with Session(self.engine, expire_on_commit=False) as s:
            self.seen = seen_keys(s, self.mailbox, [a.mail.key for _, a in items])
            self.sent_today = replies_today(
                s, self.config, {a.mail.sender for _, a in items}, now or datetime.now(UTC))
            for n, ((uid, raw), analysis) in enumerate(items, 1):
                try:
                    with s.begin_nested():
                        outcome, target = self.process(s, uid, box.uidvalidity, analysis,
                                                       raw, now)
                except Exception as exc:  # noqa: BLE001 - one bad message must not stop a batch
                    log.exception("uid=%s could not be processed", uid)
                    outcome, target = self.process(s, uid, box.uidvalidity, Analysis(
                        analysis.mail, failure=f"{type(exc).__name__}: {exc}"), raw, now)
                outcomes[outcome] += 1
                moves.setdefault(target, []).append(uid)
                if n % COMMIT_EVERY == 0 or n == len(items):
                    self.commit(s, now)
            state = s.exec(self.folder_state()).one()
            state.last_uid = max(state.last_uid, *uids)
            s.commit()
        for target, target_uids in moves.items():
            if target != self.folder:
                box.move(target_uids, target)
        with session(self.engine) as s:
            s.exec(update(InboundMessage)
                   .where(InboundMessage.mailbox == self.mailbox)
                   .where(InboundMessage.uidvalidity == box.uidvalidity)
                   .where(InboundMessage.folder == self.folder)
                   .where(InboundMessage.uid.in_(uids))
                   .values(filed=True))
        return outcomes

    def commit(self, s: Session, now: datetime | None) -> None:
        """Commit the messages decided so far, with the sender's bookkeeping; then hand
        it the replies claimed in that commit."""
        claimed = self.sender.exchange(s, now or datetime.now(UTC)) if self.sender else []
        s.commit()
        if claimed:
            self.sender.hand_over(claimed)

    def oversized(self, box: Mailbox, envelope: Envelope) -> Inbound:
        head = box.header_fields(envelope.uid)
        mail = parse(head + b"\r\n", envelope.arrival)
        key = mail.key if mail.message_id else message_key(
            "", head + f"{envelope.size}:{envelope.arrival.isoformat()}".encode())
        reason = (f"the message is {envelope.size:,} bytes, over imap.max_message_bytes "
                  f"({self.config.imap.max_message_bytes:,}); it was not downloaded")
        return Inbound(key=key, message_id=mail.message_id, sender=mail.sender,
                       sender_name=mail.sender_name, subject=mail.subject, text="",
                       arrival=envelope.arrival, headers=mail.headers,
                       defects=(reason,), size=envelope.size)

    def process(self, s: Session, uid: int, uidvalidity: int, analysis: Analysis,
                raw: bytes | None, now: datetime | None) -> tuple[str, str]:
        """Decide one message and stage everything it causes; return (outcome, folder)."""
        imap = self.config.imap
        mail, request = analysis.mail, analysis.request
        seen = self.seen.get(mail.key)
        if seen is not None:
            log.info("uid=%s %s already handled (%s); filed again", uid, mail.key, seen[0])
            return Outcome.already_processed, seen[1]

        if analysis.failure:
            mail, request = replace(mail, text="", defects=(
                f"mailreg failed on this message ({analysis.failure})",)), None
        decision = screen(mail, self.own)
        if decision is None:
            decision = self.follow_up(s, mail) or decide(
                request, mail.sender, mail.arrival, self.networks,
                self.state(s, request.networks, mail, request), self.config.tz)

        language = request.language if request and request.language == "en" else (
            self.config.replies.language)
        if decision.to_review:
            target = imap.review_folder
        elif mail.sender in self.own and mail.header("x-mailreg-kind") == "digest":
            target = self.folder  # our digest to the coordinator stays where she reads it
        else:
            target = imap.processed_folder
        self.apply(s, decision, mail, language, now)
        s.connection().execute(_INSERT_INBOUND, {
            "mailbox": self.mailbox, "key": mail.key, "message_id": mail.message_id,
            "folder": self.folder, "uidvalidity": uidvalidity, "uid": uid,
            "sender": mail.sender, "subject": mail.subject, "received_at": mail.arrival,
            "processed_at": now or datetime.now(UTC), "outcome": decision.outcome,
            "reason": decision.review_reason, "target_folder": target, "raw": raw,
        })
        s.flush()  # a failure belongs to this message's savepoint, not the next one's
        self.seen[mail.key] = (decision.outcome, target)
        log.info("uid=%s from=%s outcome=%s%s", uid, mail.sender or "-", decision.outcome,
                 f" reason={decision.review_reason}" if decision.review_reason else "")
        return decision.outcome, target

    def follow_up(self, s: Session, mail: Inbound) -> Decision | None:
        """A reply to one of our mails that asked for missing details (the EAN)."""
        ids = {mail.in_reply_to, *mail.references} - {""}
        if not ids:
            return None
        ours = s.exec(select(OutboxMessage.in_reply_to_key)
                      .where(OutboxMessage.message_id.in_(ids))).all()
        if not ours:
            return None
        sources = s.exec(select(InboundMessage.message_id, InboundMessage.key)
                         .where(InboundMessage.key.in_(ours))).all()
        source_ids = {mid or key for mid, key in sources}
        waiting = s.exec(select(Registration)
                         .where(Registration.message_id.in_(source_ids))
                         .where(Registration.flags.like("%missing ean%"))).all()
        new_text, _quoted = split_new_text(mail.text)
        ean, problem = find_ean(new_text)
        network = waiting[0].network if waiting else None
        return decide_details(ean, problem, mail.sender, [current(r) for r in waiting],
                              network)

    def state(self, s: Session, slugs: tuple[str, ...], mail: Inbound,
              request) -> dict[str, NetworkState]:
        emails = {p.email for p in request.participants if p.email} | {mail.sender}
        names = {p.name for p in request.participants}
        return {slug: network_state(s, slug, emails, names) for slug in slugs}

    def apply(self, s: Session, decision: Decision, mail: Inbound, language: str,
              now: datetime | None) -> None:
        store(s, self.config, self.renderer, decision, mail, language, now or datetime.now(UTC),
              mail.message_id or mail.key, self.sent_today)


def seen_keys(s: Session, mailbox: str, keys: list[str]) -> dict[str, tuple[str, str]]:
    """Outcome and folder of the batch's messages already in the log: one query per
    batch instead of one per message."""
    found: dict[str, tuple[str, str]] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        rows = s.exec(select(InboundMessage.key, InboundMessage.outcome,
                             InboundMessage.target_folder)
                      .where(InboundMessage.mailbox == mailbox)
                      .where(InboundMessage.key.in_(unique[start : start + 500])))
        found.update((key, (outcome, folder)) for key, outcome, folder in rows)
    return found


def store(s: Session, config: Config, renderer: Renderer, decision: Decision,
          original: Inbound | None, language: str, at: datetime, ref: str,
          sent_today: dict | None = None) -> None:
    """Stage a decision: new registrations, changes with their history, queued replies.

    `original` is the mail being answered (None for a coordinator's command) and `ref`
    what the history names as the cause (a Message-ID or a command). `sent_today`, kept
    by the caller across a batch, saves a count query per reply. New rows go in as Core
    INSERTs: a backlog adds thousands, and the ORM's unit of work cost more than the
    statements.
    """
    conn = s.connection()
    for new in decision.new:
        person = new.person
        registration_id = conn.execute(_INSERT_REGISTRATION, {
            "network": new.network, "name": person.name, "email": person.email or "",
            "organisation": person.organisation or "", "ean": person.ean,
            "status": new.status, "received_at": original.arrival if original else at,
            "message_id": ref, "registered_by": original.sender if original else "",
            "flags": "; ".join(new.flags), "updated_at": at,
        }).scalar_one()
        conn.execute(_INSERT_EVENT, {
            "registration_id": registration_id, "at": at, "from_status": None,
            "to_status": new.status, "cause": new.cause, "message_id": ref})
    for change in decision.changes:
        row = s.get(Registration, change.registration_id)
        s.add(RegistrationEvent(registration_id=row.id, at=at, from_status=row.status,
                                to_status=change.to_status, cause=change.cause,
                                message_id=ref))
        row.status, row.updated_at = change.to_status, at
        if change.to_network:
            row.network = change.to_network
    for update_ in decision.updates:
        row = s.get(Registration, update_.registration_id)
        row.ean, row.updated_at = update_.ean, at
        row.flags = "; ".join(f for f in row.flags.split("; ")
                              if f and not f.startswith("missing ean"))
        s.add(RegistrationEvent(registration_id=row.id, at=at, from_status=row.status,
                                to_status=row.status, cause="EAN supplied by mail",
                                message_id=ref))
    for reply in decision.replies:
        queue(s, config, renderer, reply, original, language, at, sent_today)


def replies_today(s: Session, config: Config, addresses: set[str],
                  at: datetime) -> dict[tuple[str, date], int]:
    """Automatic replies each address got today so far: one query for a batch."""
    day = at.astimezone(config.tz).date()
    found = dict.fromkeys(((a, day) for a in addresses if a), 0)
    unique = sorted(a for a, _day in found)
    for start in range(0, len(unique), 500):
        rows = s.exec(select(OutboxMessage.to_address, func.count())
                      .where(OutboxMessage.to_address.in_(unique[start : start + 500]))
                      .where(OutboxMessage.created_at >= _day_start(day, config))
                      .group_by(OutboxMessage.to_address))
        found.update(((address, day), n) for address, n in rows)
    return found


def _day_start(day: date, config: Config) -> datetime:
    return datetime.combine(day, time(0), config.tz)


def queue(s: Session, config: Config, renderer: Renderer, reply: Reply,
          original: Inbound | None, language: str, at: datetime,
          sent_today: dict | None = None) -> None:
    """Put a reply in the outbox, unless the address had its daily share already.

    `sent_today` caches the count per (address, day) for one batch, whose poll is the
    only writer of the outbox while it holds the poll lease.
    """
    limit = config.replies.max_replies_per_day
    day = at.astimezone(config.tz).date()
    cache = sent_today if sent_today is not None else {}
    today = cache.get((reply.to, day))
    if today is None:
        today = s.exec(select(func.count()).select_from(OutboxMessage)
                       .where(OutboxMessage.to_address == reply.to)
                       .where(OutboxMessage.created_at >= _day_start(day, config))).one()
    if original is not None and today >= limit:
        cache[(reply.to, day)] = today
        log.warning("no reply to %s: %d automatic replies today already (limit %d)",
                    reply.to, today, limit)
        return
    cache[(reply.to, day)] = today + 1
    mail = renderer.build(reply, original, language)
    s.connection().execute(_INSERT_OUTBOX, {
        "kind": reply.template, "in_reply_to_key": original.key if original else "",
        "message_id": mail.message_id, "mail_from": config.from_address,
        "to_address": reply.to, "recipients": ",".join([reply.to, *reply.cc]),
        "subject": mail.subject, "raw": mail.raw, "created_at": at, "next_attempt_at": at,
    })


_INSERT_REGISTRATION = insert(Registration).returning(Registration.id)
_INSERT_EVENT = insert(RegistrationEvent)
_INSERT_INBOUND = insert(InboundMessage)
_INSERT_OUTBOX = insert(OutboxMessage)


def network_state(s: Session, slug: str, emails: set[str] = frozenset(),
                  names: set[str] = frozenset()) -> NetworkState:
    """Seat counts of a network, the registrations of the given people, and the head
    of its waiting list: all the rules need, without loading every registration.

    Runs prepared Core statements on the session's connection (same transaction): this
    is called for every message, and building ORM queries cost more than running them.
    """
    s.flush()  # Core statements do not autoflush
    conn = s.connection()
    counts = dict(conn.execute(_COUNTS, {"slug": slug}).all())
    mine = conn.execute(_MINE, {"slug": slug, "emails": sorted(emails),
                                "names": sorted(names)}).all()
    head = conn.execute(_HEAD, {"slug": slug, "n": len(emails) + len(names) + 1}).all() if (
        counts.get(Status.waitlisted)) else ()
    return NetworkState(
        confirmed=counts.get(Status.confirmed, 0),
        waitlisted=counts.get(Status.waitlisted, 0),
        mine=tuple(_current_row(r) for r in mine),
        waiting_head=tuple(_current_row(r) for r in head),
    )


CURRENT_COLUMNS = (Registration.id, Registration.network, Registration.name,
                   Registration.email, Registration.status, Registration.received_at,
                   Registration.registered_by)
_COUNTS = (select(Registration.status, func.count())
           .where(Registration.network == bindparam("slug"))
           .where(Registration.status.in_((Status.confirmed, Status.waitlisted)))
           .group_by(Registration.status))
# a UNION, not an OR: each half is a lookup in its own index
_MINE = union(
    select(*CURRENT_COLUMNS).where(Registration.network == bindparam("slug"))
    .where(Registration.email.in_(bindparam("emails", expanding=True))),
    select(*CURRENT_COLUMNS).where(Registration.network == bindparam("slug"))
    .where(Registration.name.in_(bindparam("names", expanding=True))))
_HEAD = (select(*CURRENT_COLUMNS).where(Registration.network == bindparam("slug"))
         .where(Registration.status == Status.waitlisted)
         .order_by(Registration.received_at, Registration.id).limit(bindparam("n")))


def _current_row(row) -> Current:
    rid, network, name, email, status, received_at, registered_by = row
    return Current(id=rid, network=network, name=name, email=email, status=Status(status),
                   received_at=received_at, registered_by=registered_by)


def current(r: Registration) -> Current:
    return Current(id=r.id, network=r.network, name=r.name, email=r.email, status=r.status,
                   received_at=r.received_at, registered_by=r.registered_by)
