"""What the coordinator decides herself: confirm, cancel, move, resolve a review item,
send again a reply whose sending was interrupted.

Each command records the change with its cause, queues the fitting reply in the same
transaction, then sends the outbox, exactly like a decision taken from a mail.
"""

from __future__ import annotations

import imaplib
import os
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy.engine import Engine
from sqlmodel import select

from mailreg.adapters import smtp as outbox
from mailreg.adapters.db import acquire_lease, release_lease, session
from mailreg.adapters.mailbox import Mailbox, MailboxError
from mailreg.adapters.store import current, network_state, store
from mailreg.adapters.tables import InboundMessage, OutboxMessage, Registration
from mailreg.adapters.templates import Renderer
from mailreg.config import Config, ConfigError
from mailreg.domain.model import Decision, Outcome, Person
from mailreg.domain.rules import coordinator_cancel, coordinator_confirm, coordinator_move, decide
from mailreg.reading.message import parse
from mailreg.reading.understand import understand
from mailreg.services.poll import LEASE_TTL, lease_name

# A claim younger than this (or four SMTP timeouts, if longer) may belong to a command
# still sending; a poll holds its lease while it sends.
RESEND_AFTER = timedelta(minutes=2)


class CommandError(Exception):
    """The command cannot be carried out; the message says why."""


def _registration(s, registration_id: int) -> Registration:
    row = s.get(Registration, registration_id)
    if row is None:
        raise CommandError(f"No registration with id {registration_id}; "
                           f"see `mailreg list` for the ids.")
    return row


def _owner(config: Config, engine: Engine, registration_id: int) -> Config:
    """The mailbox view whose coordinator and SMTP server answer for this registration."""
    with session(engine) as s:
        return config.view_for(_registration(s, registration_id).network)


def _commit(config: Config, engine: Engine, make) -> str:
    """Run `make(session)`, which returns (decision, ref, original mail or None,
    language, summary); store the decision in that session, then send the outbox."""
    now = datetime.now(UTC)
    with session(engine) as s:
        decision, ref, original, language, summary = make(s)
        store(s, config, Renderer(config), decision, original, language, now, ref)
    sent, failed = outbox.send_pending(engine, config.smtp, config.smtp.password(), now,
                                       mail_from=config.from_address)
    return f"{summary} Replies sent: {sent}" + (f", waiting: {failed}." if failed else ".")


def confirm(config: Config, engine: Engine, registration_id: int) -> str:
    config = _owner(config, engine, registration_id)
    def make(s):
        row = _registration(s, registration_id)
        if row.status == "confirmed":
            raise CommandError(f"Registration {registration_id} is already confirmed.")
        return (coordinator_confirm(current(row)), f"confirm {registration_id}", None,
                config.replies.language, f"Confirmed {row.name} for {row.network}.")
    return _commit(config, engine, make)


def cancel(config: Config, engine: Engine, registration_id: int) -> str:
    config = _owner(config, engine, registration_id)
    def make(s):
        row = _registration(s, registration_id)
        if row.status == "cancelled":
            raise CommandError(f"Registration {registration_id} is already cancelled.")
        state = network_state(s, row.network, {row.email})
        return (coordinator_cancel(current(row), state), f"cancel {registration_id}", None,
                config.replies.language, f"Cancelled {row.name} for {row.network}.")
    return _commit(config, engine, make)


def move(config: Config, engine: Engine, registration_id: int, slug: str) -> str:
    network = config.network(slug)
    if network is None:
        raise CommandError(f"No network with slug {slug!r}; known: "
                           + ", ".join(n.slug for n in config.networks))
    config = config.view_for(slug)

    def make(s):
        row = _registration(s, registration_id)
        if row.network == slug:
            raise CommandError(f"Registration {registration_id} is already in {slug}.")
        decision = coordinator_move(current(row), network, network_state(s, slug),
                                    network_state(s, row.network))
        return (decision, f"move {registration_id} to {slug}", None, config.replies.language,
                f"Moved {row.name} from {row.network} to {slug}.")
    return _commit(config, engine, make)


class Resolved(NamedTuple):
    """What `resolve` did: `summary` the decision and replies, `filing` what happened to
    the mail in the IMAP folders; `warning` when the coordinator must move it herself."""

    summary: str
    filing: str
    warning: bool = False


def _logged(s, message_id: str) -> InboundMessage | None:
    wanted = message_id if message_id.startswith("<") else f"<{message_id}>"
    return s.exec(select(InboundMessage).where(
        (InboundMessage.message_id == wanted) | (InboundMessage.key == message_id))).first()


def resolve(config: Config, engine: Engine, message_id: str, slug: str) -> Resolved:
    """Decide a review item for the network the coordinator names, as if the mail had
    said so: the sign-up (or cancellation) is registered and answered. Then the mail is
    moved from the review folder to the processed folder, so the review folder holds only
    what still waits."""
    network = config.network(slug)
    if network is None:
        raise CommandError(f"No network with slug {slug!r}; known: "
                           + ", ".join(n.slug for n in config.networks))
    wanted = message_id if message_id.startswith("<") else f"<{message_id}>"
    owner = config.view_for(slug)

    def make(s):
        item = _logged(s, message_id)
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
        request = understand(mail, owner.networks)
        people = request.participants or (
            Person(mail.sender_name or mail.sender, mail.sender),)
        intent = request.intent if request.intent == "cancel" else "signup"
        request = replace(request, intent=intent, networks=(slug,), participants=people,
                          review_reason=None)
        emails = {p.email for p in people if p.email} | {mail.sender}
        state = {slug: network_state(s, slug, emails, {p.name for p in people})}
        decision: Decision = decide(request, mail.sender, mail.arrival,
                                    {slug: network}, state, owner.tz)
        item.outcome = decision.outcome
        item.reason = f"resolved by the coordinator for {slug} (was: {item.reason})"
        language = request.language if request.language == "en" else owner.replies.language
        names = ", ".join(p.name for p in people)
        return (decision, mail.message_id or mail.key, mail, language,
                f"Resolved {wanted} for {slug}: {names} ({decision.outcome}).")
    summary = _commit(owner, engine, make)
    return Resolved(summary, *file_resolved(config, engine, message_id))


def file_resolved(config: Config, engine: Engine, message_id: str) -> tuple[str, bool]:
    """Move a resolved mail from the review folder to the processed folder; return what
    happened and whether the coordinator has to move it herself.

    The resolve is committed before this: a server that cannot be reached only leaves
    the mail where it is. The mail is found by its Message-ID, since its UID in the
    review folder is not the inbox UID that was logged."""
    with session(engine) as s:
        item = _logged(s, message_id)
        view = next((v for v in config.mailbox_views() if v.mailbox_id == item.mailbox),
                    config)
        source, target = item.target_folder, view.imap.processed_folder
        if not item.filed:  # still in the inbox: the next poll files it where this says
            item.target_folder = target
            return f"The next poll files the mail in {target!r}.", False
        wanted = item.message_id
    if not wanted:
        return (f"Warning: the mail has no Message-ID, so mailreg cannot find it in the "
                f"review folder; it stays in {source!r}: move it to {target!r} yourself.",
                True)
    try:
        with Mailbox(view.imap, view.imap.password()) as box:
            box.ensure_folders(target)
            box.select(source)
            uids = box.find_message_id(wanted)
            box.move(uids, target)
    except (MailboxError, ConfigError, OSError, imaplib.IMAP4.error) as exc:
        return (f"Warning: the resolve is saved, but the mail could not be moved on the "
                f"IMAP server ({exc}). It stays in {source!r}: move it to {target!r} "
                f"yourself.", True)
    if not uids:
        return f"The mail was no longer in {source!r}; nothing to move.", False
    with session(engine) as s:
        _logged(s, message_id).target_folder = target
    return f"Moved the mail from {source!r} to {target!r}.", False


def resend(config: Config, engine: Engine, outbox_id: int) -> str:
    """Send again a reply whose sending was interrupted (mailreg stopped after claiming
    it, before the SMTP server's answer was recorded), once the coordinator has made sure
    it did not arrive. mailreg never does this by itself: the reply may have gone out.

    Every mailbox's poll lease is held meanwhile, so no poll is sending it right now.
    """
    now = datetime.now(UTC)
    owner, held = f"{socket.gethostname()}:{os.getpid()}", []  # as a poller's, see db
    try:
        for view in config.mailbox_views():
            if not acquire_lease(engine, lease_name(view), owner, now, LEASE_TTL):
                raise CommandError("mailreg is polling right now and may be sending this "
                                   "reply; try again when the poll is done.")
            held.append(view)
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
        sent, failed = outbox.send_pending(engine, smtp, smtp.password(), now,
                                           mail_from=mail_from)
    finally:
        for view in held:
            release_lease(engine, lease_name(view), owner)
    return (f"Reply {outbox_id} to {to} released for sending. Replies sent: {sent}"
            + (f", waiting: {failed}." if failed else "."))
