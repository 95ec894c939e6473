"""What the coordinator decides herself, from the digest's links or the command line:
decide a mail in review (register, cancel, or file it without registration), confirm,
waitlist or reject a late registration, correct one, cancel or move one, say that its
question is answered, add people who signed up another way, send again an interrupted
reply, list a network.

Each command records the change with its cause and who gave it, queues the fitting
reply in the same transaction, then sends the outbox, exactly like a decision taken
from a mail. Each returns a `Done`, which the CLI and the receipt by mail put into
words; a command that cannot be carried out raises `CommandError` with a code.
"""

from __future__ import annotations

import getpass
import imaplib
import json
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

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
    CommandRecord,
    InboundMessage,
    Lease,
    OutboxMessage,
    Registration,
    RegistrationEvent,
    decode_notes,
    encode_notes,
)
from mailreg.adapters.templates import Renderer
from mailreg.adapters.words import say
from mailreg.config import Config, ConfigError, MailboxView, NetworkConfig
from mailreg.domain.ean import ean_check_ok
from mailreg.domain.mail import Inbound, valid_address
from mailreg.domain.model import (
    ACTIVE,
    UNANSWERED,
    Cause,
    Decision,
    Flag,
    Intent,
    Note,
    Outcome,
    Person,
    Refusal,
    Status,
    Understanding,
    Why,
)
from mailreg.domain.orders import Act, Filing, token_digest
from mailreg.domain.rules import (
    coordinator_add,
    coordinator_cancel,
    coordinator_confirm,
    coordinator_move,
    coordinator_reject,
    coordinator_waitlist,
    decide,
    missing_details,
    reply_language,
)
from mailreg.reading.message import parse
from mailreg.reading.understand import understand
from mailreg.services.record import one_mail_each, record
from mailreg.services.report import logged_message

# A claim younger than this (or four SMTP timeouts, if longer) may belong to a command
# still sending; a poll holds its lease while it sends.
RESEND_AFTER = timedelta(minutes=2)
LATE = (Status.late, Status.needs_review)


@dataclass(frozen=True)
class Done:
    """What a command did: the act, on what and where, who it is about now, and the
    replies it sent. `filing` and its folders are set for a decided mail in review."""

    act: Act
    subject: str  # the registration id, the Message-ID, the reply id or the network
    names: tuple[str, ...] = ()
    network: str = ""
    to_network: str = ""
    outcome: str = ""  # the status the registrations have now (a Status), if one
    people: tuple[dict, ...] = ()  # name, email, organisation, ean, status of each
    replies: tuple[tuple[str, str], ...] = ()  # (address, reply kind) of each mail queued
    recipients: str = ""
    sent: int = 0
    waiting: int = 0
    filing: str = ""  # a Filing
    source_folder: str = ""
    target_folder: str = ""
    error: str = ""
    listing: tuple[dict, ...] = ()  # a network's registrations (Act.participants)

    @property
    def warning(self) -> bool:
        """The coordinator has to move the mail herself."""
        return self.filing in (Filing.no_message_id, Filing.failed)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, default=str)

    @classmethod
    def from_json(cls, text: str) -> Done:
        data = json.loads(text)
        for name in ("names", "people", "listing"):
            data[name] = tuple(data.get(name, ()))
        data["replies"] = tuple(tuple(r) for r in data.get("replies", ()))
        return cls(**{**data, "act": Act(data["act"])})


class CommandError(Exception):
    """The command cannot be carried out; `note` says why (a Refusal code)."""

    def __init__(self, code: Refusal, **params: object) -> None:
        self.note = Note.of(code, **params)
        super().__init__(say(self.note, "en"))


@dataclass(frozen=True)
class By:
    """Who gives a command: a coordinator's address (by mail) or the login on the
    command line; a mail's token (used once) and the command mail's log id."""

    who: str = field(default_factory=lambda: f"cli:{getpass.getuser()}@"
                                             f"{socket.gethostname()}")
    token: str | None = None
    inbound_id: int | None = None

    def refuse_used(self, s: Session, config: Config) -> None:
        """Refuse a token used before; the record's unique token stops a race."""
        if not self.token:
            return
        used = s.exec(select(CommandRecord).where(
            col(CommandRecord.token) == token_digest(self.token))).first()
        if used is not None:
            raise CommandError(Refusal.token_used,
                               at=f"{used.at.astimezone(config.tz):%d.%m.%Y %H:%M}")

    def record(self, act: Act, target: str, network: str, at: datetime, result: str,
               use_token: bool = True) -> CommandRecord:
        """The history's record of the command; a command mail's receipt follows it."""
        return CommandRecord(at=at, by=self.who, act=act, target=target, network=network,
                             token=token_digest(self.token) if self.token and use_token
                             else None, inbound_id=self.inbound_id, result=result,
                             receipt_queued=self.inbound_id is None)


def _registration(s: Session, registration_id: int) -> Registration:
    row = s.get(Registration, registration_id)
    if row is None:
        raise CommandError(Refusal.no_registration, id=registration_id)
    return row


def _owner(config: Config, engine: Engine, registration_id: int) -> MailboxView:
    """The mailbox view whose coordinator and SMTP server answer for this registration."""
    with session(engine) as s:
        return config.view_for(_registration(s, registration_id).network)


def network_of(config: Config, slug_or_name: str) -> NetworkConfig:
    """A network by its slug or its name, as the coordinator wrote it in a form."""
    wanted = " ".join(slug_or_name.split()).casefold()
    network = config.network(slug_or_name.strip()) or next(
        (n for n in config.networks if wanted in (n.name.casefold(), n.slug)), None)
    if network is None:
        raise CommandError(Refusal.no_network, slug=slug_or_name,
                           known=", ".join(f"{n.slug} ({n.name})" for n in config.networks))
    return network


def person_fields(person: Person) -> dict[str, str]:
    """A person as the fields of a form (and of a receipt)."""
    return {"name": person.name, "email": person.email or "",
            "organisation": person.organisation or "", "ean": person.ean or ""}


def person_dict(r: Registration) -> dict:
    return {"id": r.id, "network": r.network, "name": r.name, "email": r.email,
            "organisation": r.organisation, "ean": r.ean or "", "status": str(r.status)}


# What a command decides in its transaction: the decision (None: nothing to record
# but the command), the mail it answers (None for a command), the reply's language,
# and what the command reports (without the replies, which come after the commit)
Made = tuple[Decision | None, Inbound | None, str, Done]


def _commit(view: MailboxView, engine: Engine, by: By, target: str,
            make: Callable[[Session], Made]) -> Done:
    """Run `make(session)`, record its decision and the command in that session, then
    send the outbox. A token already used is refused here, in the same transaction."""
    now = datetime.now(UTC)
    with session(engine) as s:
        by.refuse_used(s, view)
        decision, original, language, done = make(s)
        if decision is not None:
            ref = f"{done.act} {target} by {by.who}"
            record(s, view, Renderer(view), decision, original, language, now,
                   original.message_id or original.key if original else ref)
            done = replace(done, replies=tuple(
                (group[0].to, str(group[0].kind)) for group in one_mail_each(decision.replies)))
        s.add(by.record(done.act, target, done.network, now, done.to_json()))
    if decision is None or not decision.replies:
        return done
    sent, waiting = send_pending(engine, view.smtp, view.smtp.password(), now,
                                 mail_from=view.from_address)
    return replace(done, sent=sent, waiting=waiting)


def _now_about(engine: Engine, done: Done, registration_id: int) -> Done:
    """The registration as the command left it, for the receipt."""
    with session(engine) as s:
        row = s.get(Registration, registration_id)
        if row is None:
            return done
        return replace(done, people=(person_dict(row),), outcome=str(row.status))


def _status_command(act: Act, allowed: Callable[[Registration], Refusal | None],
                    decide_for: Callable[[Session, Registration], Decision]):
    """A command that changes one registration's status."""

    def command(config: Config, engine: Engine, registration_id: int, by: By | None = None
                ) -> Done:
        view = _owner(config, engine, registration_id)

        def make(s: Session) -> Made:
            row = _registration(s, registration_id)
            refusal = allowed(row)
            if refusal is not None:
                raise CommandError(refusal, id=registration_id, status=say(row.status, "en"))
            decision = decide_for(s, row)
            return (decision, None, view.replies.language,
                    Done(act, str(registration_id), (row.name,), row.network,
                         people=(person_dict(row),)))
        return _now_about(engine, _commit(view, engine, by or By(), str(registration_id),
                                          make), registration_id)
    return command


confirm = _status_command(
    Act.confirm, lambda r: Refusal.already if r.status == Status.confirmed else None,
    lambda s, r: coordinator_confirm(current(r)))
cancel = _status_command(
    Act.cancel, lambda r: Refusal.already if r.status == Status.cancelled else None,
    lambda s, r: coordinator_cancel(current(r), network_state(s, r.network, {r.email})))
waitlist = _status_command(
    Act.waitlist, lambda r: None if r.status in LATE else Refusal.not_late,
    lambda s, r: coordinator_waitlist(current(r), network_state(s, r.network)))
reject = _status_command(
    Act.reject, lambda r: None if r.status in LATE else Refusal.not_late,
    lambda s, r: coordinator_reject(current(r)))


def move(config: Config, engine: Engine, registration_id: int, slug: str,
         by: By | None = None) -> Done:
    network = network_of(config, slug)
    view = config.view_for(network.slug)

    def make(s: Session) -> Made:
        row = _registration(s, registration_id)
        if row.network == network.slug:
            raise CommandError(Refusal.same_network, id=registration_id, network=network.name)
        decision = coordinator_move(current(row), network, network_state(s, network.slug),
                                    network_state(s, row.network))
        return (decision, None, view.replies.language,
                Done(Act.move, str(registration_id), (row.name,), row.network, network.slug))
    return _now_about(engine, _commit(view, engine, by or By(), str(registration_id), make),
                      registration_id)


def edit(config: Config, engine: Engine, registration_id: int, changes: dict[str, str],
         by: By | None = None) -> Done:
    """Correct a registration's name, address, organisation or EAN; the flags about
    them are worked out again. Nobody is mailed: the coordinator knows, and the
    participant gave the details."""
    view = _owner(config, engine, registration_id)
    now, by = datetime.now(UTC), by or By()

    def make(s: Session) -> Made:
        row = _registration(s, registration_id)
        wanted = {k: " ".join(v.split()) for k, v in changes.items()
                  if k in ("name", "email", "organisation", "ean")}
        if "email" in wanted:
            wanted["email"] = _address(wanted["email"])
        if "ean" in wanted:
            wanted["ean"] = wanted["ean"].replace(" ", "")
        changed = {k: v for k, v in wanted.items() if v != (getattr(row, k) or "")}
        for name, value in changed.items():
            setattr(row, name, value or (None if name == "ean" else ""))
        network = config.network(row.network)
        if changed and network is not None:
            row.flags = encode_notes(_flags_after_edit(network, row))
            row.updated_at = now
            cause = Note.of(Cause.edited_by_coordinator, fields=", ".join(sorted(changed)))
            s.add(RegistrationEvent(registration_id=registration_id, at=now,
                                    from_status=row.status, to_status=row.status,
                                    cause=encode_notes([cause]),
                                    message_id=f"edit {registration_id} by {by.who}"))
        return (None, None, view.replies.language,
                Done(Act.edit, str(registration_id), (row.name,), row.network,
                     outcome=str(row.status), people=(person_dict(row),)))
    return _commit(view, engine, by, str(registration_id), make)


# Flags about what the mail said, not about the details an edit corrects: they stay
# (a question is dropped only when she says it is answered, `answered`)
KEPT_ON_EDIT = (Flag.outside_target_group, *UNANSWERED)


def _flags_after_edit(network: NetworkConfig, row: Registration) -> list[Note]:
    ean = row.ean or ""
    person = Person(row.name, row.email, row.organisation, ean if ean_check_ok(ean) else None)
    lacking = missing_details(network, person, "invalid" if ean else None)
    if row.name == row.email and Flag.missing_name not in lacking:
        lacking += (Flag.missing_name,)  # registered under the address, still
    kept = [n for n in decode_notes(row.flags) if n.code in KEPT_ON_EDIT]
    return [*(Note.of(f) for f in lacking), *kept]


def answered(config: Config, engine: Engine, registration_id: int, by: By | None = None
             ) -> Done:
    """The coordinator has answered a registration's practical questions herself: their
    flags go, every other flag stays. Nobody is mailed: her answer went already."""
    view = _owner(config, engine, registration_id)
    now, by = datetime.now(UTC), by or By()

    def make(s: Session) -> Made:
        row = _registration(s, registration_id)
        flags = decode_notes(row.flags)
        kept = [n for n in flags if n.code not in UNANSWERED]
        if len(kept) == len(flags):  # answered already (or never asked anything)
            raise CommandError(Refusal.no_question, id=registration_id)
        row.flags = encode_notes(kept)
        row.updated_at = now
        return (None, None, view.replies.language,
                Done(Act.answered, str(registration_id), (row.name,), row.network,
                     outcome=str(row.status), people=(person_dict(row),)))
    return _commit(view, engine, by, str(registration_id), make)


def _address(text: str) -> str:
    address = valid_address(text)
    if not address:
        raise CommandError(Refusal.bad_address, value=text)
    return address


def people_of(fields: Sequence[dict[str, str]]) -> list[Person]:
    """The participants of a form (or the CLI's options): a name and a valid address
    each; the EAN only when its check digit holds (else the registration is flagged)."""
    people = []
    for block in fields:
        email = (block.get("email") or "").strip()
        if not email and not block.get("name"):
            continue
        address = _address(email)
        ean = (block.get("ean") or "").replace(" ", "")
        people.append(Person(" ".join((block.get("name") or "").split()), address,
                             block.get("organisation") or None,
                             ean if ean_check_ok(ean) else None))
    if not people:
        raise CommandError(Refusal.no_people)
    return people


def add(config: Config, engine: Engine, slug: str, fields: Sequence[dict[str, str]],
        by: By | None = None) -> Done:
    """Register people who signed up another way (by phone, at a meeting)."""
    network = network_of(config, slug)
    view = config.view_for(network.slug)
    people = people_of(fields)
    ean_problem = any((b.get("ean") or "").strip() and not ean_check_ok(
        b["ean"].replace(" ", "")) for b in fields)

    def make(s: Session) -> Made:
        state = network_state(s, network.slug, {p.email for p in people if p.email})
        decision = coordinator_add(network, people, state)
        if ean_problem:  # a wrong EAN is registered as missing and flagged invalid
            decision.new = [replace(n, flags=tuple(
                Note.of(Flag.invalid_ean) if f.code == Flag.missing_ean else f
                for f in n.flags)) for n in decision.new]
        return (decision, None, view.replies.language,
                Done(Act.add, network.slug, tuple(p.name for p in people), network.slug))
    done = _commit(view, engine, by or By(), network.slug, make)
    with session(engine) as s:
        rows = s.exec(select(Registration).where(col(Registration.network) == network.slug)
                      .where(col(Registration.email).in_([p.email for p in people]))
                      .where(col(Registration.status).in_(ACTIVE))).all()
        listed = tuple(person_dict(r) for r in rows)
    return replace(done, people=listed, outcome=listed[0]["status"] if listed else "")


def participants(config: Config, engine: Engine, slug: str, by: By | None = None) -> Done:
    """A network's registrations, for the coordinator's list by mail."""
    network = network_of(config, slug)
    with session(engine) as s:
        rows = s.exec(select(Registration).where(col(Registration.network) == network.slug)
                      .where(col(Registration.status) != Status.cancelled)
                      .order_by(col(Registration.received_at))).all()
        listing = tuple(person_dict(r) for r in rows)
        done = Done(Act.participants, network.slug, network=network.slug, listing=listing)
        s.add((by or By()).record(Act.participants, network.slug, network.slug,
                                  datetime.now(UTC), done.to_json(), use_token=False))
    return done


def _review_item(s: Session, ref: str | int) -> InboundMessage:
    """A mail in review by its log id (from a link) or its Message-ID (CLI)."""
    item = s.get(InboundMessage, ref) if isinstance(ref, int) else logged_message(s, ref)
    if item is None:
        raise CommandError(Refusal.no_message, id=ref)
    if item.outcome != Outcome.review:
        raise CommandError(Refusal.not_in_review, id=ref, outcome=say(Outcome(item.outcome),
                                                                        "en"))
    return item


def resolve(config: Config, engine: Engine, ref: str | int, slug: str,
            fields: Sequence[dict[str, str]] | None = None, cancel: bool = False,
            by: By | None = None) -> Done:
    """Decide a mail in review for the network the coordinator names, as if the mail
    had said so: its people (or those she gives) are registered, or cancelled, and
    answered; the deadline is judged by the mail's arrival, as a poll would. Then the
    mail is moved from the review folder to the processed folder."""
    network = network_of(config, slug)
    view = config.view_for(network.slug)
    given = people_of(fields) if fields else None
    act = Act.unregister if cancel else Act.register

    def make(s: Session) -> Made:
        item = _review_item(s, ref)
        if item.raw is None and not given:
            raise CommandError(Refusal.text_gone, id=ref)
        mail = stored_mail(item)
        request = understand(mail, view.networks, view.coordinator) if item.raw is not None else \
            Understanding(Intent.signup)
        people = given or request.participants or (
            Person(mail.sender_name or mail.sender, mail.sender),)
        intent = Intent.cancel if cancel or (
            not fields and request.intent == Intent.cancel) else Intent.signup
        request = replace(request, intent=intent, networks=(network.slug,),
                          participants=tuple(people), review_reason=None)
        emails = {p.email for p in people if p.email} | {mail.sender}
        state = {network.slug: network_state(s, network.slug, emails,
                                             {p.name for p in people})}
        decision = decide(request, mail.sender, mail.arrival, {network.slug: network},
                          state, view.tz)
        if decision.to_review:  # a cancellation of nobody registered: nothing is done
            raise CommandError(Refusal.no_people)
        item.outcome = decision.outcome
        item.reason = encode_notes([Note.of(Why.resolved, network=network.slug),
                                    *decode_notes(item.reason)])
        return (decision, mail, reply_language(request, view.replies.language),
                Done(act, item.message_id or item.key, tuple(p.name for p in people),
                     network.slug, people=tuple(person_fields(p) for p in people)))
    done = _commit(view, engine, by or By(), str(ref), make)
    done = _with_statuses(engine, done)
    return file_decided(config, engine, ref, done)


def stored_mail(item: InboundMessage) -> Inbound:
    """A logged mail as the rules read it: parsed from its text while that is kept,
    else what the log holds of it (sender, subject, arrival)."""
    if item.raw is not None:
        return parse(item.raw, item.received_at)
    return Inbound(key=item.key, message_id=item.message_id, sender=item.sender,
                   sender_name="", subject=item.subject, text="", arrival=item.received_at)


def _with_statuses(engine: Engine, done: Done) -> Done:
    """The status each person of a decided mail has now."""
    with session(engine) as s:
        rows = {r.email: r for r in s.exec(
            select(Registration).where(col(Registration.network) == done.network)
            .where(col(Registration.email).in_([p["email"] for p in done.people]))
            .order_by(col(Registration.id)))}
    people = tuple({**p, "status": str(rows[p["email"]].status)} if p["email"] in rows
                   else p for p in done.people)
    return replace(done, people=people,
                   outcome=next((p["status"] for p in people if "status" in p), ""))


def dismiss(config: Config, engine: Engine, ref: str | int, by: By | None = None) -> Done:
    """File a mail in review as handled: nobody registered, nothing sent."""
    with session(engine) as s:
        view = next((v for v in config.mailbox_views()
                     if v.mailbox_id == _review_item(s, ref).mailbox),
                    config.mailbox_views()[0])

    def make(s: Session) -> Made:
        item = _review_item(s, ref)
        item.outcome = Outcome.dismissed
        item.reason = encode_notes([Note.of(Why.dismissed), *decode_notes(item.reason)])
        return None, None, view.replies.language, Done(Act.dismiss, item.message_id or item.key)
    done = _commit(view, engine, by or By(), str(ref), make)
    return file_decided(config, engine, ref, done)


def file_decided(config: Config, engine: Engine, ref: str | int, done: Done) -> Done:
    """Move a decided mail from the review folder to the processed folder and say
    what happened (`Done.filing`).

    The decision is committed before this: a server that cannot be reached only leaves
    the mail where it is. The mail is found by its Message-ID, since its UID in the
    review folder is not the inbox UID that was logged."""
    with session(engine) as s:
        item = s.get(InboundMessage, ref) if isinstance(ref, int) else logged_message(s, ref)
        assert item is not None, "the command found it a moment ago"
        view = next((v for v in config.mailbox_views() if v.mailbox_id == item.mailbox),
                    config.mailbox_views()[0])
        source, target = item.target_folder, view.imap.processed_folder
        done = replace(done, source_folder=source, target_folder=target)
        if not item.filed:  # still in the inbox: the next poll files it where this says
            item.target_folder = target
            return replace(done, filing=Filing.next_poll)
        wanted, item_id = item.message_id, item.id
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
        logged = s.get(InboundMessage, item_id)
        if logged is not None:
            logged.target_folder = target
    return replace(done, filing=Filing.moved)


def resend(config: Config, engine: Engine, outbox_id: int, by: By | None = None,
           owner: str | None = None) -> Done:
    """Send again a reply whose sending was interrupted (mailreg stopped after claiming
    it, before the SMTP server's answer was recorded), once the coordinator has made sure
    it did not arrive. mailreg never does this by itself: the reply may have gone out.

    Every mailbox's poll lease is held meanwhile, so no poll is sending it right now; a
    poll that carries out the command passes its `owner` and keeps its own lease.
    """
    now = datetime.now(UTC)
    owner = owner or f"{socket.gethostname()}:{os.getpid()}"  # as a poller's, see db
    held: list[str] = []
    try:
        for view in config.mailbox_views():
            lease = poll_lease(view.mailbox_id, view.imap.inbox)
            with session(engine) as s:
                mine = (row := s.get(Lease, lease)) is not None and row.owner == owner
            if not acquire_lease(engine, lease, owner, now, POLL_LEASE_TTL):
                raise CommandError(Refusal.polling)
            if not mine:
                held.append(lease)
        smtp, mail_from, to = _release_interrupted(config, engine, outbox_id, now, by or By())
        sent, waiting = send_pending(engine, smtp, smtp.password(), now, mail_from=mail_from)
    finally:
        for lease in held:
            release_lease(engine, lease, owner)
    return Done(Act.resend, str(outbox_id), recipients=to, sent=sent, waiting=waiting)


def _release_interrupted(config: Config, engine: Engine, outbox_id: int, now: datetime,
                         by: By):
    with session(engine) as s:
        row = s.get(OutboxMessage, outbox_id)
        if row is None:
            raise CommandError(Refusal.no_reply, id=outbox_id)
        to = row.recipients.replace(",", ", ")
        if row.sent_at is not None:
            raise CommandError(Refusal.reply_sent, id=outbox_id, to=to,
                               at=f"{row.sent_at.astimezone(config.tz):%d.%m.%Y %H:%M}")
        if row.claimed_at is None:
            raise CommandError(Refusal.reply_waiting, id=outbox_id, to=to,
                               error=row.last_error or "-")
        sender = config.view_sending_from(row.mail_from)
        if sender is None:
            raise CommandError(Refusal.reply_sender_gone, id=outbox_id, address=row.mail_from)
        wait = max(RESEND_AFTER, timedelta(seconds=4 * sender.smtp.timeout_seconds))
        if now - row.claimed_at < wait:
            raise CommandError(Refusal.reply_recent, id=outbox_id, to=to,
                               minutes=wait.seconds // 60)
        by.refuse_used(s, config)
        row.claimed_at, row.next_attempt_at = None, now
        row.last_error = ""  # released by the coordinator; a new failure says its own
        s.add(by.record(Act.resend, str(outbox_id), "", now,
                        Done(Act.resend, str(outbox_id), recipients=to).to_json()))
        return sender.smtp, row.mail_from, to
