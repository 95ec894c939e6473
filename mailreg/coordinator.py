"""What the coordinator decides herself: confirm, cancel, move, resolve a review item.

Each command records the change with its cause, queues the fitting reply in the same
transaction, then sends the outbox, exactly like a decision taken from a mail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from mailreg import outbox
from mailreg.config import Config
from mailreg.db import session
from mailreg.message import parse
from mailreg.models import InboundMessage, Outcome, Registration
from mailreg.pipeline import current, network_state, store
from mailreg.replies import Renderer
from mailreg.rules import (
    Decision,
    coordinator_cancel,
    coordinator_confirm,
    coordinator_move,
    decide,
)
from mailreg.understand import Person, understand


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
    sent, failed = outbox.send_pending(engine, config.smtp, config.smtp.password(), now)
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


def resolve(config: Config, engine: Engine, message_id: str, slug: str) -> str:
    """Decide a review item for the network the coordinator names, as if the mail had
    said so: the sign-up (or cancellation) is registered and answered."""
    network = config.network(slug)
    if network is None:
        raise CommandError(f"No network with slug {slug!r}; known: "
                           + ", ".join(n.slug for n in config.networks))
    wanted = message_id if message_id.startswith("<") else f"<{message_id}>"
    config = config.view_for(slug)

    def make(s):
        item = s.exec(select(InboundMessage).where(
            (InboundMessage.message_id == wanted) | (InboundMessage.key == message_id))).first()
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
        request = understand(mail, config.networks)
        people = request.participants or (
            Person(mail.sender_name or mail.sender, mail.sender),)
        intent = request.intent if request.intent == "cancel" else "signup"
        request = replace(request, intent=intent, networks=(slug,), participants=people,
                          review_reason=None)
        emails = {p.email for p in people if p.email} | {mail.sender}
        state = {slug: network_state(s, slug, emails, {p.name for p in people})}
        decision: Decision = decide(request, mail.sender, mail.arrival,
                                    {slug: network}, state, config.tz)
        item.outcome = decision.outcome
        item.reason = f"resolved by the coordinator for {slug} (was: {item.reason})"
        language = request.language if request.language == "en" else config.replies.language
        names = ", ".join(p.name for p in people)
        return (decision, mail.message_id or mail.key, mail, language,
                f"Resolved {wanted} for {slug}: {names} ({decision.outcome}).")
    return _commit(config, engine, make)
