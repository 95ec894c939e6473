"""What the coordinator decides herself: confirm, cancel, move, resolve a review item,
send again a reply whose sending was interrupted.

Each command records the change with its cause, queues the fitting reply in the same
transaction, then sends the outbox, exactly like a decision taken from a mail. Each
returns a `Done`, which the CLI (and a receipt by mail) puts into words.
"""

from __future__ import annotations

import imaplib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy.engine import Engine
from sqlmodel import Session

from mailreg.adapters.db import (
    POLL_LEASE_TTL,
    acquire_lease,
    poll_lease,
    release_lease,
    session,
)
from mailreg.adapters.mailbox import Mailbox, MailboxError
from mailreg.adapters.smtp import send_pending
from mailreg.adapters.store import current, network_state
from mailreg.adapters.tables import (
    OutboxMessage,
    Registration,
    decode_notes,
    encode_notes,
)
from mailreg.adapters.templates import Renderer
from mailreg.config import Config, ConfigError, MailboxView, NetworkConfig
from mailreg.domain.mail import Inbound
from mailreg.domain.model import Decision, Intent, Note, Outcome, Person, Status, Why
from mailreg.domain.rules import (
    coordinator_cancel,
    coordinator_confirm,
    coordinator_move,
    decide,
    reply_language,
)
from mailreg.reading.message import parse
from mailreg.reading.understand import understand
from mailreg.services.record import record
from mailreg.services.report import logged_message

# A claim younger than this (or four SMTP timeouts, if longer) may belong to a command
# still sending; a poll holds its lease while it sends.
RESEND_AFTER = timedelta(minutes=2)


class Action(StrEnum):
    confirmed = "confirmed"
    cancelled = "cancelled"
    moved = "moved"
    resolved = "resolved"
    resent = "resent"


class Filing(StrEnum):
    """What became of a resolved mail in the IMAP folders."""

    moved = "moved"  # from the review folder to the processed folder
    next_poll = "next_poll"  # still in the inbox: the next poll files it
    gone = "gone"  # no longer in the review folder
    no_message_id = "no_message_id"  # cannot be found there: she moves it herself
    failed = "failed"  # the IMAP server could not be reached: she moves it herself


@dataclass(frozen=True)
class Done:
    """What a command did: the action, on whom and where, and the replies sent.

    `filing` and its folders and error are set by `resolve` only."""

    action: Action
    subject: str  # the registration id, the Message-ID, or the reply id
    names: tuple[str, ...] = ()
    network: str = ""
    to_network: str = ""
    outcome: Outcome | None = None
    recipients: str = ""
    sent: int = 0
    waiting: int = 0
    filing: Filing | None = None
    source_folder: str = ""
    target_folder: str = ""
    error: str = ""

    @property
    def warning(self) -> bool:
        """The coordinator has to move the mail herself."""
        return self.filing in (Filing.no_message_id, Filing.failed)


class CommandError(Exception):
    """The command cannot be carried out; the message says why."""


def _registration(s: Session, registration_id: int) -> Registration:
    row = s.get(Registration, registration_id)
    if row is None:
        raise CommandError(f"No registration with id {registration_id}; "
                           f"see `mailreg list` for the ids.")
    return row


def _owner(config: Config, engine: Engine, registration_id: int) -> MailboxView:
    """The mailbox view whose coordinator and SMTP server answer for this registration."""
    with session(engine) as s:
        return config.view_for(_registration(s, registration_id).network)


# What a command decides in its transaction: the decision, what the history names as
# its cause, the mail it answers (None for a command), the reply's language, and what
# the command reports (without the replies, which come after the commit)
Made = tuple[Decision, str, Inbound | None, str, Done]


def _commit(view: MailboxView, engine: Engine, make: Callable[[Session], Made]) -> Done:
    """Run `make(session)`, record its decision in that session, then send the outbox."""
    now = datetime.now(UTC)
    with session(engine) as s:
        decision, ref, original, language, done = make(s)
        record(s, view, Renderer(view), decision, original, language, now, ref)
    sent, waiting = send_pending(engine, view.smtp, view.smtp.password(), now,
                                 mail_from=view.from_address)
    return replace(done, sent=sent, waiting=waiting)


def confirm(config: Config, engine: Engine, registration_id: int) -> Done:
    view = _owner(config, engine, registration_id)

    def make(s: Session) -> Made:
        row = _registration(s, registration_id)
        if row.status == Status.confirmed:
            raise CommandError(f"Registration {registration_id} is already confirmed.")
        return (coordinator_confirm(current(row)), f"confirm {registration_id}", None,
                view.replies.language,
                Done(Action.confirmed, str(registration_id), (row.name,), row.network))
    return _commit(view, engine, make)


def cancel(config: Config, engine: Engine, registration_id: int) -> Done:
    view = _owner(config, engine, registration_id)

    def make(s: Session) -> Made:
        row = _registration(s, registration_id)
        if row.status == Status.cancelled:
            raise CommandError(f"Registration {registration_id} is already cancelled.")
        state = network_state(s, row.network, {row.email})
        return (coordinator_cancel(current(row), state), f"cancel {registration_id}", None,
                view.replies.language,
                Done(Action.cancelled, str(registration_id), (row.name,), row.network))
    return _commit(view, engine, make)


def _network(config: Config, slug: str) -> NetworkConfig:
    network = config.network(slug)
    if network is None:
        raise CommandError(f"No network with slug {slug!r}; known: "
                           + ", ".join(n.slug for n in config.networks))
    return network


def move(config: Config, engine: Engine, registration_id: int, slug: str) -> Done:
    network = _network(config, slug)
    view = config.view_for(slug)

    def make(s: Session) -> Made:
        row = _registration(s, registration_id)
        if row.network == slug:
            raise CommandError(f"Registration {registration_id} is already in {slug}.")
        decision = coordinator_move(current(row), network, network_state(s, slug),
                                    network_state(s, row.network))
        return (decision, f"move {registration_id} to {slug}", None, view.replies.language,
                Done(Action.moved, str(registration_id), (row.name,), row.network, slug))
    return _commit(view, engine, make)


def resolve(config: Config, engine: Engine, message_id: str, slug: str) -> Done:
    """Decide a review item for the network the coordinator names, as if the mail had
    said so: the sign-up (or cancellation) is registered and answered. Then the mail is
    moved from the review folder to the processed folder, so the review folder holds only
    what still waits."""
    network = _network(config, slug)
    wanted = message_id if message_id.startswith("<") else f"<{message_id}>"
    view = config.view_for(slug)

    def make(s: Session) -> Made:
        item = logged_message(s, message_id)
        if item is None:
            raise CommandError(f"No message {wanted} in the log; `mailreg status` lists "
                               f"what waits for review.")
        if item.outcome != Outcome.review:
            raise CommandError(f"Message {wanted} is not waiting for review "
                               f"(its outcome is {item.outcome}).")
        if item.raw is None:
            raise CommandError(f"The text of {wanted} is no longer stored; register the "
                               f"person by hand.")
        mail = parse(item.raw, item.received_at)
        request = understand(mail, view.networks)
        people = request.participants or (
            Person(mail.sender_name or mail.sender, mail.sender),)
        intent = Intent.cancel if request.intent == Intent.cancel else Intent.signup
        request = replace(request, intent=intent, networks=(slug,), participants=people,
                          review_reason=None)
        emails = {p.email for p in people if p.email} | {mail.sender}
        state = {slug: network_state(s, slug, emails, {p.name for p in people})}
        decision = decide(request, mail.sender, mail.arrival, {slug: network}, state,
                          view.tz)
        item.outcome = decision.outcome
        item.reason = encode_notes([Note.of(Why.resolved, network=slug),
                                    *decode_notes(item.reason)])
        return (decision, mail.message_id or mail.key, mail,
                reply_language(request, view.replies.language),
                Done(Action.resolved, wanted, tuple(p.name for p in people), slug,
                     outcome=decision.outcome))
    done = _commit(view, engine, make)
    return file_resolved(config, engine, message_id, done)


def file_resolved(config: Config, engine: Engine, message_id: str, done: Done) -> Done:
    """Move a resolved mail from the review folder to the processed folder and say what
    happened (`Done.filing`).

    The resolve is committed before this: a server that cannot be reached only leaves
    the mail where it is. The mail is found by its Message-ID, since its UID in the
    review folder is not the inbox UID that was logged."""
    with session(engine) as s:
        item = logged_message(s, message_id)
        assert item is not None, "resolve found it a moment ago"
        view = next((v for v in config.mailbox_views() if v.mailbox_id == item.mailbox),
                    config.mailbox_views()[0])
        source, target = item.target_folder, view.imap.processed_folder
        done = replace(done, source_folder=source, target_folder=target)
        if not item.filed:  # still in the inbox: the next poll files it where this says
            item.target_folder = target
            return replace(done, filing=Filing.next_poll)
        wanted = item.message_id
    if not wanted:
        return replace(done, filing=Filing.no_message_id)
    try:
        with Mailbox(view.imap, view.imap.password()) as box:
            box.ensure_folders(target)
            box.select(source)
            uids = box.find_message_id(wanted)
            box.move(uids, target)
    except (MailboxError, ConfigError, OSError, imaplib.IMAP4.error) as exc:
        return replace(done, filing=Filing.failed, error=str(exc))
    if not uids:
        return replace(done, filing=Filing.gone)
    with session(engine) as s:
        logged = logged_message(s, message_id)
        if logged is not None:
            logged.target_folder = target
    return replace(done, filing=Filing.moved)


def resend(config: Config, engine: Engine, outbox_id: int) -> Done:
    """Send again a reply whose sending was interrupted (mailreg stopped after claiming
    it, before the SMTP server's answer was recorded), once the coordinator has made sure
    it did not arrive. mailreg never does this by itself: the reply may have gone out.

    Every mailbox's poll lease is held meanwhile, so no poll is sending it right now.
    """
    now = datetime.now(UTC)
    owner, held = f"{socket.gethostname()}:{os.getpid()}", []  # as a poller's, see db
    try:
        for view in config.mailbox_views():
            lease = poll_lease(view.mailbox_id, view.imap.inbox)
            if not acquire_lease(engine, lease, owner, now, POLL_LEASE_TTL):
                raise CommandError("mailreg is polling right now and may be sending this "
                                   "reply; try again when the poll is done.")
            held.append(lease)
        with session(engine) as s:
            row = s.get(OutboxMessage, outbox_id)
            if row is None:
                raise CommandError(f"No reply with id {outbox_id}; `mailreg status` lists "
                                   f"the replies not yet sent with their ids.")
            to = row.recipients.replace(",", ", ")
            if row.sent_at is not None:
                raise CommandError(f"Reply {outbox_id} to {to} was sent "
                                   f"{row.sent_at.astimezone(config.tz):%d.%m.%Y %H:%M}; "
                                   f"it is not sent twice.")
            if row.claimed_at is None:
                raise CommandError(f"Reply {outbox_id} to {to} was not interrupted: it waits "
                                   f"to be sent and the next poll sends it"
                                   + (f" (last error: {row.last_error})." if row.last_error
                                      else "."))
            mail_from, sender = row.mail_from, config.view_sending_from(row.mail_from)
            if sender is None:
                raise CommandError(f"Reply {outbox_id} is from {mail_from}, which no mailbox "
                                   f"in the config sends from any more.")
            smtp = sender.smtp
            wait = max(RESEND_AFTER, timedelta(seconds=4 * smtp.timeout_seconds))
            if now - row.claimed_at < wait:
                raise CommandError(f"Reply {outbox_id} to {to} was claimed for sending less "
                                   f"than {wait.seconds // 60} minutes ago and may still be "
                                   f"on its way; try again in a few minutes.")
            row.claimed_at, row.next_attempt_at = None, now
            row.last_error = "sending was interrupted; released by the coordinator"
        sent, waiting = send_pending(engine, smtp, smtp.password(), now, mail_from=mail_from)
    finally:
        for lease in held:
            release_lease(engine, lease, owner)
    return Done(Action.resent, str(outbox_id), recipients=to, sent=sent, waiting=waiting)
