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
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from typing import NamedTuple

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from mailreg.adapters.db import (
    POLL_LEASE_TTL,
    acquire_lease,
    chunked,
    poll_lease,
    release_lease,
    session,
)
from mailreg.adapters.mailbox import Envelope, Mailbox, MailboxError
from mailreg.adapters.smtp import Sender, send_pending
from mailreg.adapters.store import (
    Ledger,
    Writes,
    network_state,
    replies_today,
    waiting_for_details,
)
from mailreg.adapters.tables import (
    FolderState,
    InboundMessage,
    OutboxMessage,
    ServiceEvent,
    encode_notes,
)
from mailreg.adapters.templates import Renderer
from mailreg.adapters.words import say_all
from mailreg.config import MailboxView
from mailreg.domain.mail import KIND_HEADER, Inbound, message_key
from mailreg.domain.model import (
    Decision,
    Intent,
    MachineSign,
    NetworkState,
    Note,
    Outcome,
    Understanding,
    Why,
)
from mailreg.domain.rules import FollowUp, decide_mail, reply_language
from mailreg.reading.form import order_token
from mailreg.reading.guard import machine_reason
from mailreg.reading.intake import Analysis, Intake
from mailreg.reading.message import parse
from mailreg.reading.understand import details_given
from mailreg.services.orders import carry_out
from mailreg.services.privacy import purge_raw_mail
from mailreg.services.record import record
from mailreg.services.report import backlog_progress

log = logging.getLogger(__name__)
# Messages per transaction. A crash repeats at most this many decisions, never a
# reply. The sender is handed new replies only at a commit, so its window is as large:
# it must have enough to send while the next group is decided.
COMMIT_EVERY = 16


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


def poll_once(config: MailboxView, engine: Engine, now: datetime | None = None) -> PollResult:
    """Fetch and decide everything new in the inbox, sending replies meanwhile."""
    owner = f"{socket.gethostname()}:{os.getpid()}"
    name = poll_lease(config.mailbox_id, config.imap.inbox)
    if not acquire_lease(engine, name, owner, datetime.now(UTC), POLL_LEASE_TTL):
        raise PollBusy("Another mailreg poller is working on this mailbox; try again later.")
    result = PollResult()
    try:
        sender = Sender(config.smtp, config.smtp.password(), config.from_address,
                               window=COMMIT_EVERY)
        try:
            _read_inbox(config, engine, now, sender, owner, result)
        finally:
            # replies claimed for the sender go out and are recorded, even if IMAP failed
            result.sent, result.failed = sender.finish(engine, now)
        carry_out(config, engine, owner)
        send_time = now or datetime.now(UTC)
        if not sender.broken:  # replies left over, and retries that are due
            sent, failed = send_pending(engine, config.smtp, config.smtp.password(),
                                               send_time, mail_from=config.from_address)
            result.sent, result.failed = result.sent + sent, result.failed + failed
        purge_raw_mail(engine, config.retention.raw_mail_days, send_time)
        with session(engine) as s:
            s.add(ServiceEvent(kind="poll", detail=f"{result.processed} messages"))
    finally:
        release_lease(engine, name, owner)
    return result


def _read_inbox(config: MailboxView, engine: Engine, now: datetime | None,
                sender: Sender, owner: str, result: PollResult) -> None:
    processor = Processor(config, engine, sender)
    try:
        with Mailbox(config.imap, config.imap.password()) as box:
            box.select_inbox()
            box.ensure_folders(config.imap.processed_folder, config.imap.review_folder)
            refile_pending(engine, box, config.mailbox_id, config.imap.inbox)
            uids = box.uids_after(processor.last_uid(box.uidvalidity))
            size = config.imap.batch_size
            chunks = [uids[i : i + size] for i in range(0, len(uids), size)]
            intake = Intake(config.networks, len(uids), config.coordinator)
            try:
                # the next batch is fetched and read (by the workers) while this one
                # is decided
                upcoming = processor.fetch(box, chunks[0], intake) if chunks else None
                for start in backlog_progress(range(0, len(uids), size), len(uids)):
                    i, fetched = start // size, upcoming
                    upcoming = (processor.fetch(box, chunks[i + 1], intake)
                                if i + 1 < len(chunks) else None)
                    result.outcomes.update(processor.batch(box, chunks[i], now, fetched))
                    acquire_lease(engine, poll_lease(config.mailbox_id, config.imap.inbox),
                                  owner, datetime.now(UTC), POLL_LEASE_TTL)
            finally:
                intake.close()
    except (OSError, imaplib.IMAP4.error, imaplib.IMAP4.abort) as exc:
        # committed messages stay done; the next poll goes on from there
        raise MailboxError(f"The connection to the IMAP server {config.imap.host} was "
                           f"lost during the poll ({exc}); the next poll continues "
                           f"where this one stopped.") from exc


def refile_pending(engine: Engine, box: Mailbox, mailbox: str, folder: str) -> None:
    """Move messages whose outcome is committed but which a crash left in the inbox."""
    with session(engine) as s:
        pending = s.exec(select(InboundMessage)
                         .where(col(InboundMessage.filed).is_(False))
                         .where(col(InboundMessage.mailbox) == mailbox)
                         .where(col(InboundMessage.folder) == folder)
                         .where(col(InboundMessage.uidvalidity) == box.uidvalidity)).all()
        by_target: dict[str, list[int]] = {}
        for row in pending:
            by_target.setdefault(row.target_folder, []).append(row.uid)
        for target, uids in by_target.items():
            if target != folder:
                box.move(uids, target)
        for row in pending:
            row.filed = True


@dataclass
class Batch:
    """One batch downloaded, its analyses under way."""

    raws: dict[int, bytes | None]  # None: too large, not downloaded
    analyses: Iterator[Analysis]  # in the order of `raws`


class Processor:
    """Decides batches of messages, a few messages per transaction."""

    def __init__(self, config: MailboxView, engine: Engine,
                 sender: Sender | None = None) -> None:
        self.config = config
        self.engine = engine
        self.sender = sender
        self.renderer = Renderer(config)
        self.networks = {n.slug: n for n in config.networks}
        self.own = {config.coordinator.address, config.from_address.lower()}
        self.folder = config.imap.inbox
        self.mailbox = config.mailbox_id
        # per batch: messages already in the log, replies per address today, and which
        # of the ids the batch answers are our replies
        self.seen: dict[str, Seen] = {}
        self.sent_today: dict = {}
        self.ours: set[str] = set()

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
        return select(FolderState).where(col(FolderState.mailbox) == self.mailbox,
                                         col(FolderState.folder) == self.folder)

    def fetch(self, box: Mailbox, uids: list[int], intake: Intake | None = None) -> Batch:
        """Download a batch and start reading it; a message over the size limit is not
        downloaded, only its headers, and goes to review."""
        limit = self.config.imap.max_message_bytes
        small: list[Envelope] = []
        large: list[Envelope] = []
        for envelope in box.envelopes(uids):
            (small if envelope.size <= limit else large).append(envelope)
        downloads = list(box.bodies(small))
        intake = intake or Intake(self.config.networks, 0, self.config.coordinator)
        readable = intake.submit([(d.raw, d.arrival) for d in downloads])
        raws: dict[int, bytes | None] = {d.uid: d.raw for d in downloads}
        oversized = [Analysis(self.oversized(box, e)) for e in large]
        raws.update((e.uid, None) for e in large)
        return Batch(raws, chain(readable, oversized))

    def batch(self, box: Mailbox, uids: list[int], now: datetime | None,
              fetched: Batch | None = None) -> Counter:
        """Decide and store the batch, a group of COMMIT_EVERY messages per transaction,
        then file it on the IMAP server."""
        fetched = fetched or self.fetch(box, uids)
        items = sorted(((uid, raw, analysis) for (uid, raw), analysis
                        in zip(fetched.raws.items(), fetched.analyses, strict=True)),
                       key=lambda item: item[0])
        outcomes: Counter = Counter()
        moves: dict[str, list[int]] = {}
        with Session(self.engine, expire_on_commit=False) as s:
            mails = [analysis.mail for _uid, _raw, analysis in items]
            self.seen = seen_keys(s, self.mailbox, [m.key for m in mails])
            self.sent_today = replies_today(
                s, self.config.tz, {m.sender for m in mails}, now or datetime.now(UTC))
            self.ours = our_replies(s, mails)
            for start in range(0, len(items), COMMIT_EVERY):
                for uid, (outcome, target) in self.group(
                        s, box.uidvalidity, items[start : start + COMMIT_EVERY], now):
                    outcomes[outcome] += 1
                    moves.setdefault(target, []).append(uid)
                self.commit(s, now)
            state = s.exec(self.folder_state()).one()
            state.last_uid = max(state.last_uid, *uids)
            s.commit()
        for target, target_uids in moves.items():
            if target != self.folder:
                box.move(target_uids, target)
        with session(self.engine) as s:
            s.exec(update(InboundMessage)
                   .where(col(InboundMessage.mailbox) == self.mailbox)
                   .where(col(InboundMessage.uidvalidity) == box.uidvalidity)
                   .where(col(InboundMessage.folder) == self.folder)
                   .where(col(InboundMessage.uid).in_(uids))
                   .values(filed=True))
        return outcomes

    def group(self, s: Session, uidvalidity: int, items: list, now: datetime | None
              ) -> list[tuple[int, tuple[str, str]]]:
        """Decide a group of messages in one savepoint: (uid, (outcome, folder)) each.

        Sign-ups are decided against a `Ledger` read once for the group, and their rows
        are written together. A message that changes registrations already stored (a
        cancellation, details sent in reply) or staged by the group (the same people
        again) is decided against the database on its own. If writing the group fails,
        its messages are done again one at a time, so one bad message cannot stop the
        others.
        """
        sent_today, seen = dict(self.sent_today), dict(self.seen)
        try:
            with s.begin_nested():
                return self._group(s, uidvalidity, items, now)
        except Exception:  # noqa: BLE001 - redone message by message below
            log.exception("a group of %d messages could not be stored together; "
                          "storing them one at a time", len(items))
            self.sent_today, self.seen = sent_today, seen
            return [(uid, self.alone(s, uid, uidvalidity, analysis, raw, now))
                    for uid, raw, analysis in items]

    def _group(self, s: Session, uidvalidity: int, items: list, now: datetime | None
               ) -> list[tuple[int, tuple[str, str]]]:
        writes, ledger, done = Writes(), None, []
        for uid, raw, analysis in items:
            if not self.changes_stored(analysis, ledger):
                ledger = ledger or self.ledger(s, items)
                staged = Writes()
                try:
                    done.append((uid, self.process(s, uid, uidvalidity, analysis, raw, now,
                                                   ledger, staged)))
                    writes.extend(staged)
                    continue
                except Exception:  # noqa: BLE001 - done alone below, which logs it
                    pass
            # against the database, on its own; the ledger would not see its changes
            writes.flush(s.connection())
            ledger = None
            done.append((uid, self.alone(s, uid, uidvalidity, analysis, raw, now)))
        writes.flush(s.connection())
        return done

    def changes_stored(self, analysis: Analysis, ledger: Ledger | None) -> bool:
        """Whether deciding the message may change registrations already stored, or
        staged by the group's earlier messages (a corrected EAN a minute later)."""
        mail, request = analysis.mail, analysis.request
        return bool(request and request.intent == Intent.cancel
                    or {mail.in_reply_to, *mail.references} & self.ours
                    or request and ledger and ledger.holds_staged(request, mail.sender))

    def ledger(self, s: Session, items: list) -> Ledger:
        """The registrations the group's sign-ups may meet."""
        slugs: set[str] = set()
        emails: set[str] = set()
        names: set[str] = set()
        for _uid, _raw, analysis in items:
            if analysis.request:
                slugs.update(n for n in analysis.request.networks if n in self.networks)
                emails.add(analysis.mail.sender)
                emails.update(p.email for p in analysis.request.participants if p.email)
                names.update(p.name for p in analysis.request.participants)
        return Ledger(s.connection(), slugs, emails, names)

    def alone(self, s: Session, uid: int, uidvalidity: int, analysis: Analysis,
              raw: bytes | None, now: datetime | None) -> tuple[str, str]:
        """Decide one message against the database, in a savepoint of its own; if that
        fails, the message goes to review with the reason."""
        try:
            with s.begin_nested():
                return self.process(s, uid, uidvalidity, analysis, raw, now)
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop a batch
            log.exception("uid=%s could not be processed", uid)
            failure = Note.of(Why.failed, error=f"{type(exc).__name__}: {exc}")
            return self.process(s, uid, uidvalidity, Analysis(analysis.mail, failure=failure),
                                raw, now)

    def commit(self, s: Session, now: datetime | None) -> None:
        """Commit the messages decided so far, with the sender's bookkeeping; then hand
        it the replies claimed in that commit."""
        if self.sender is None:
            s.commit()
            return
        claimed = self.sender.exchange(s, now or datetime.now(UTC))
        s.commit()
        if claimed:
            self.sender.hand_over(claimed)

    def oversized(self, box: Mailbox, envelope: Envelope) -> Inbound:
        head = box.header_fields(envelope.uid)
        mail = parse(head + b"\r\n", envelope.arrival)
        key = mail.key if mail.message_id else message_key(
            "", head + f"{envelope.size}:{envelope.arrival.isoformat()}".encode())
        reason = Note.of(Why.oversized, size=f"{envelope.size:,}",
                         limit=f"{self.config.imap.max_message_bytes:,}")
        return Inbound(key=key, message_id=mail.message_id, sender=mail.sender,
                       sender_name=mail.sender_name, subject=mail.subject, text="",
                       arrival=envelope.arrival, headers=mail.headers,
                       defects=(reason,), size=envelope.size)

    def process(self, s: Session, uid: int, uidvalidity: int, analysis: Analysis,
                raw: bytes | None, now: datetime | None, ledger: Ledger | None = None,
                writes: Writes | None = None) -> tuple[str, str]:
        """Decide one message and stage everything it causes; return (outcome, folder).

        With a `ledger` the rules read it and the new rows go to `writes`, which the
        caller flushes; without, both go through the database at once.
        """
        imap = self.config.imap
        mail, request = analysis.mail, analysis.request
        reuses = False
        seen = self.seen.get(mail.key)
        if seen is not None and seen.fingerprint not in ("", mail.fingerprint):
            # another mail under a Message-ID already used: logged under a key of its own
            mail, reuses = replace(mail, key=f"{mail.key}#{mail.fingerprint}"), True
            seen = self.seen.get(mail.key) or seen_keys(s, self.mailbox, [mail.key]).get(
                mail.key)
        if seen is not None:  # a copy of a mail already handled
            log.info("uid=%s %s already handled (%s); filed again", uid, mail.key,
                     seen.outcome)
            return Outcome.already_processed, seen.folder

        if analysis.failure:
            mail, request = replace(mail, text="", defects=(analysis.failure,)), None
        machine = machine_reason(mail, self.own)
        follow_up, state = None, {}
        if is_order(mail, machine):  # carried out after the batch (services.orders)
            decision = Decision(Outcome.command)
        else:
            if machine is None and request is not None:  # what the rules will read
                follow_up, state = (self.follow_up(s, mail),
                                    self.state(s, request, mail, ledger))
            decision = decide_mail(mail, request, machine, follow_up, self.networks, state,
                                   self.config.tz, reuses_message_id=reuses)
        language = reply_language(request, self.config.replies.language)
        if decision.to_review:
            target = imap.review_folder
        elif mail.sender in self.own and mail.header(KIND_HEADER) in ("digest", "receipt"):
            target = self.folder  # our mail to the coordinator stays where she reads it
        else:
            target = imap.processed_folder
        at = now or datetime.now(UTC)
        staged = writes if writes is not None else Writes()
        record(s, self.config, self.renderer, decision, mail, language, at,
               mail.message_id or mail.key, self.sent_today, staged)
        staged.inbound.append({
            "mailbox": self.mailbox, "key": mail.key, "message_id": mail.message_id,
            "folder": self.folder, "uidvalidity": uidvalidity, "uid": uid,
            "sender": mail.sender, "subject": mail.subject, "received_at": mail.arrival,
            "processed_at": at, "outcome": decision.outcome, "fingerprint": mail.fingerprint,
            "reason": encode_notes(decision.reasons), "target_folder": target, "raw": raw,
        })
        if writes is None:
            staged.flush(s.connection())
            s.flush()  # a failure belongs to this message's savepoint, not the next one's
        if ledger is not None:
            ledger.add(decision.new, mail.arrival, mail.sender)
        self.seen[mail.key] = Seen(decision.outcome, target, mail.fingerprint)
        log.info("uid=%s from=%s outcome=%s%s", uid, mail.sender or "-", decision.outcome,
                 f" reason={say_all(decision.reasons, 'en')}" if decision.reasons else "")
        return decision.outcome, target

    def follow_up(self, s: Session, mail: Inbound) -> FollowUp | None:
        """What a reply to one of our mails may complete: the registrations of the mail
        we answered, and the details its new text gives."""
        ids = {mail.in_reply_to, *mail.references} & self.ours
        if not ids:
            return None
        return FollowUp(waiting_for_details(s, ids), *details_given(mail))

    def state(self, s: Session, request: Understanding, mail: Inbound,
              ledger: Ledger | None) -> dict[str, NetworkState]:
        emails = {p.email for p in request.participants if p.email} | {mail.sender}
        names = {p.name for p in request.participants if p.name}
        read = ledger.state if ledger is not None else partial(network_state, s)
        # a cancellation that names no network is about the one its people hold
        slugs = request.networks or (tuple(self.networks) if request.intent == Intent.cancel
                                     else ())
        return {slug: read(slug, emails, names) for slug in slugs}


def is_order(mail: Inbound, machine: Note | None) -> bool:
    """A mail that carries an order's token: never read as a sign-up, never answered.
    The coordinator's own address is no sign of a machine here; any other sign is."""
    return (machine is None or machine.code == MachineSign.own_address) and bool(
        order_token(mail))


class Seen(NamedTuple):
    """A message already in the log: its outcome, its folder and its fingerprint."""

    outcome: str
    folder: str
    fingerprint: str


def seen_keys(s: Session, mailbox: str, keys: list[str]) -> dict[str, Seen]:
    """The batch's messages already in the log: one query per batch instead of one per
    message."""
    found: dict[str, Seen] = {}
    for chunk in chunked(sorted(set(keys))):
        rows = s.exec(select(col(InboundMessage.key), col(InboundMessage.outcome),
                             col(InboundMessage.target_folder),
                             col(InboundMessage.fingerprint))
                      .where(col(InboundMessage.mailbox) == mailbox)
                      .where(col(InboundMessage.key).in_(chunk)))
        found.update((key, Seen(outcome, folder, fp or "")) for key, outcome, folder, fp in rows)
    return found


def our_replies(s: Session, mails: list[Inbound]) -> set[str]:
    """The Message-IDs among those the batch's mails answer that are our replies: only
    such a mail can be a follow-up, the rest need no lookup."""
    ids = sorted({i for m in mails for i in (m.in_reply_to, *m.references) if i})
    return {mid for chunk in chunked(ids) for mid in s.exec(
        select(col(OutboxMessage.message_id)).where(col(OutboxMessage.message_id).in_(chunk)))}
