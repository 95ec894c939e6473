"""The coordinator's orders by mail: the links of the digest and the receipts, and
carrying out the mails those links send.

A poll logs a mail that carries a token as `Outcome.command`, never as a sign-up and
never answered automatically (`mailreg.services.poll`). After the batch, `carry_out`
takes each such mail once: it is carried out only when its From is an address that
gets the digest, (with `require_authentication`) the receiving server vouches for it,
and its token is one mailreg issued, unchanged, unexpired and unused. Whatever comes
of it, the coordinator gets a receipt: what was done and what was sent to whom, or
why nothing was done. A stranger who copied a token gets nothing; the coordinator is
told. Every order is recorded (`CommandRecord`) with when and from whom.

The receipt is queued after the command's own transaction (a decided mail is filed on
the IMAP server in between, so the receipt can say where it went); a crash in between
leaves the record marked `receipt_queued = False`, and the next poll sends it then.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from mailreg.adapters.db import session
from mailreg.adapters.links import Link, Links, mailto
from mailreg.adapters.tables import (
    CommandRecord,
    InboundMessage,
    OutboxMessage,
    Registration,
    Setting,
    decode_notes,
    encode_notes,
)
from mailreg.adapters.templates import render_pair
from mailreg.adapters.words import say, table
from mailreg.config import Config, MailboxView
from mailreg.domain.deadline import arrived_in_time
from mailreg.domain.mail import KIND_HEADER, LOOP_HEADER, Inbound, clean_display
from mailreg.domain.model import Intent, Note, Outcome, Refusal, ReplyKind, Status
from mailreg.domain.orders import Act, Order, verify
from mailreg.reading.form import Form, authenticated, order_token, read_form
from mailreg.reading.message import parse
from mailreg.reading.quoting import split_new_text
from mailreg.reading.understand import understand
from mailreg.services import commands
from mailreg.services.commands import By, CommandError, Done, person_dict

log = logging.getLogger(__name__)
LINK_KEY = "link_key"


def link_key(view: MailboxView, engine: Engine) -> bytes:
    """The key that signs the action links: the configured secret, else one made
    once and kept in the database (so every process that shares it agrees)."""
    configured = view.coordinator.secret()
    if configured:
        return configured
    with session(engine) as s:
        row = s.get(Setting, LINK_KEY)
        if row is not None:
            return row.value.encode()
    try:
        with session(engine) as s:
            s.add(Setting(name=LINK_KEY, value=secrets.token_urlsafe(32)))
    except IntegrityError:  # another process made it a moment ago
        pass
    with session(engine) as s:
        row = s.get(Setting, LINK_KEY)
        assert row is not None
        return row.value.encode()


def links(view: MailboxView, engine: Engine, now: datetime) -> Links:
    return Links(view.coordinator.address, link_key(view, engine),
                 now.astimezone(view.tz).date(), view.coordinator.link_days,
                 view.replies.language)


def describe(done: Done, config: Config, language: str = "en") -> str:
    """What a command did, in a sentence without its full stop (CLI and receipt)."""
    words = table(language)
    names = {n.slug: n.name for n in config.networks}
    return words["done"][done.act].format(
        names=", ".join(n for n in done.names if n) or "-",
        network=names.get(done.network, done.network),
        to_network=names.get(done.to_network, done.to_network),
        outcome=words["status"].get(done.outcome, done.outcome), recipients=done.recipients)


def describe_filing(done: Done, language: str = "en") -> str:
    """What became of a decided mail in the IMAP folders."""
    return table(language)["filing"][done.filing].format(
        source=done.source_folder, target=done.target_folder, error=done.error)


def carry_out(view: MailboxView, engine: Engine, owner: str | None = None) -> int:
    """Carry out the command mails a poll logged and that are not done yet, and queue
    the receipts a crash left unsent; return how many commands were carried out."""
    with session(engine) as s:
        done_ids = select(col(CommandRecord.inbound_id)).where(
            col(CommandRecord.inbound_id).is_not(None))
        pending = list(s.exec(select(col(InboundMessage.id))
                              .where(col(InboundMessage.mailbox) == view.mailbox_id)
                              .where(col(InboundMessage.outcome) == Outcome.command)
                              .where(col(InboundMessage.id).not_in(done_ids))
                              .order_by(col(InboundMessage.id))).all())
        unreceipted = list(s.exec(select(col(CommandRecord.id))
                                  .where(col(CommandRecord.receipt_queued).is_(False))).all())
    if not (pending or unreceipted):
        return 0
    make = links(view, engine, datetime.now(UTC))
    for record_id in unreceipted:
        assert record_id is not None
        queue_receipt(view, engine, make, record_id)
    for inbound_id in pending:
        assert inbound_id is not None
        try:
            _carry_out_one(view, engine, make, inbound_id, owner)
        except Exception as exc:  # noqa: BLE001 - one bad command must not stop the poll
            log.exception("command mail %s failed", inbound_id)
            _refuse(view, engine, make, inbound_id, None,
                    Note.of(Refusal.failed, error=f"{type(exc).__name__}: {exc}"))
    return len(pending)


def _carry_out_one(view: MailboxView, engine: Engine, make: Links, inbound_id: int,
                   owner: str | None) -> None:
    with session(engine) as s:
        row = s.get(InboundMessage, inbound_id)
        assert row is not None and row.raw is not None, "a command mail keeps its text"
        mail = parse(row.raw, row.received_at)
    token = order_token(mail) or ""
    coordinator = view.coordinator
    if mail.sender not in coordinator.command_senders:
        _refuse(view, engine, make, inbound_id, mail, Note.of(Refusal.not_coordinator,
                                                        address=mail.sender or "?"))
        return
    if coordinator.require_authentication and not authenticated(
            mail, mail.sender.rsplit("@", 1)[-1], coordinator.authserv_id):
        _refuse(view, engine, make, inbound_id, mail, Note.of(Refusal.not_authenticated,
                                                        address=mail.sender))
        return
    order = verify(token, make.key, datetime.now(UTC))
    if isinstance(order, Refusal):
        _refuse(view, engine, make, inbound_id, mail, Note.of(order))
        return
    by = By(mail.sender, token, inbound_id)
    try:
        done = _dispatch(view, engine, order, _her_form(mail, coordinator.command_senders),
                         by, owner)
    except CommandError as exc:
        _refuse(view, engine, make, inbound_id, mail, exc.note, order)
        return
    with session(engine) as s:
        record = s.exec(select(CommandRecord)
                        .where(col(CommandRecord.inbound_id) == inbound_id)).one()
        record.result = done.to_json()  # with what the filing found
        record_id = record.id
    assert record_id is not None
    queue_receipt(view, engine, make, record_id)


def _her_form(mail: Inbound, senders: tuple[str, ...]) -> Form:
    """The form she sent, without a block of her own signature's (Outlook may put the
    signature above the form, and it has an "E-mail:" line too)."""
    form = read_form(split_new_text(mail.text)[0])
    form.people = [b for b in form.people if (b.get("email") or "").lower() not in senders]
    return form


def _dispatch(view: MailboxView, engine: Engine, order: Order, form: Form, by: By,
              owner: str | None) -> Done:
    """Carry out one order with what the coordinator's form says."""
    act, target = order.act, order.target
    if act in (Act.register, Act.unregister):
        return commands.resolve(view, engine, int(target), order.network, form.people or None,
                                cancel=act == Act.unregister, by=by)
    if act == Act.dismiss:
        return commands.dismiss(view, engine, int(target), by=by)
    if act == Act.edit:
        return commands.edit(view, engine, int(target), form.people[0] if form.people else {},
                             by=by)
    if act == Act.move:
        return commands.move(view, engine, int(target), form.network, by=by)
    if act == Act.resend:
        return commands.resend(view, engine, int(target), by=by, owner=owner)
    if act == Act.add:
        return commands.add(view, engine, target, form.people, by=by)
    if act == Act.participants:
        return commands.participants(view, engine, target, by=by)
    status_command = {Act.confirm: commands.confirm, Act.cancel: commands.cancel,
                      Act.waitlist: commands.waitlist, Act.reject: commands.reject}[act]
    return status_command(view, engine, int(target), by=by)


def _refuse(view: MailboxView, engine: Engine, make: Links, inbound_id: int,
            mail: Inbound | None, why: Note, order: Order | None = None) -> None:
    """Record that nothing was done and why, and queue the receipt that says so, in
    one transaction. The token stays unused: she may send it again, corrected."""
    with session(engine) as s:
        record = CommandRecord(by=mail.sender if mail else "?",
                               act=order.act if order else "", inbound_id=inbound_id,
                               target=order.target if order else "",
                               network=order.network if order else "",
                               refused=encode_notes([why]), receipt_queued=True)
        s.add(record)
        s.flush()
        s.add(_receipt_row(view, make, record, mail))


def queue_receipt(view: MailboxView, engine: Engine, make: Links, record_id: int) -> None:
    with session(engine) as s:
        record = s.get(CommandRecord, record_id)
        if record is None or record.receipt_queued:
            return
        inbound = s.get(InboundMessage, record.inbound_id) if record.inbound_id else None
        mail = parse(inbound.raw, inbound.received_at) if inbound and inbound.raw else None
        s.add(_receipt_row(view, make, record, mail))
        record.receipt_queued = True


def _receipt_row(view: MailboxView, make: Links, record: CommandRecord,
                 mail: Inbound | None) -> OutboxMessage:
    """The receipt of a command mail as an outbox row: to whoever gave the order, or
    to the coordinator when a stranger did."""
    now = datetime.now(UTC)
    senders = view.coordinator.command_senders
    to = mail.sender if mail and mail.sender in senders else view.coordinator.address
    ctx = receipt_context(view, make, record, mail)
    text, html = render_pair(view, "receipt", ctx)
    msg = EmailMessage()
    msg["From"] = Address(display_name="mailreg", addr_spec=view.from_address)
    msg["To"] = to
    msg["Subject"] = ctx["subject"]
    msg["Date"] = format_datetime(now.astimezone(view.tz))
    message_id = make_msgid("mailreg-receipt", view.coordinator.address.split("@")[1])
    msg["Message-ID"] = message_id
    if mail and mail.message_id:
        msg["In-Reply-To"] = msg["References"] = mail.message_id
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg[LOOP_HEADER] = view.coordinator.address.split("@")[1]
    msg[KIND_HEADER] = "receipt"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return OutboxMessage(kind="receipt", in_reply_to_key=mail.key if mail else "",
                         message_id=message_id, mail_from=view.from_address, to_address=to,
                         recipients=to, subject=ctx["subject"], raw=msg.as_bytes(policy=SMTP),
                         created_at=now, next_attempt_at=now)


def receipt_context(view: MailboxView, make: Links, record: CommandRecord,
                    mail: Inbound | None) -> dict:
    """What a receipt shows: the order, what was done or why not, the people as they
    are registered now, the replies sent, and the links to go on from there."""
    lang = view.replies.language
    words = table(lang)
    refused = decode_notes(record.refused)
    done = Done.from_json(record.result) if record.result and not refused else None
    network = view.network(record.network)
    act = words["act"].get(record.act, "").format(network=network.name if network else "")
    about = clean_display(mail.subject) if mail else ""
    listing = []
    if done is not None and done.act == Act.participants:
        listing = [{**p, "status": say(Status(p["status"]), lang),
                    "links": _person_links(view, make, p)} for p in done.listing]
    go_on: list[Link] = []
    if done is not None and done.network and done.act in (Act.add, Act.register,
                                                           Act.participants):
        go_on = _network_links(view, make, done.network)
    headline = (describe(done, view, lang) if done else say_refusal(refused, lang))
    ok = done is not None
    return {
        "language": lang,
        "ok": ok,
        "subject": f"{words['form']['done' if ok else 'refused']}: {act or about or '-'}",
        "headline": headline,
        "coordinator": clean_display(view.coordinator.name),
        "order": act, "mail_subject": about,
        "mail_sent": mail.arrival.astimezone(view.tz).strftime("%d.%m.%Y %H:%M") if mail
        else "",
        "stranger": bool(mail and mail.sender not in view.coordinator.command_senders),
        "sender": mail.sender if mail else "",
        "people": [{**p, "status": say(Status(p["status"]), lang) if p.get("status")
                    else ""} for p in (done.people if done else ())],
        "replies": [{"to": to, "kind": say(ReplyKind(kind), lang)}
                    for to, kind in (done.replies if done else ())],
        "filing": describe_filing(done, lang) if done and done.filing else "",
        "listing": listing,
        "network": network.name if network else "",
        "links": go_on,
    }


def say_refusal(notes: tuple[Note, ...], language: str) -> str:
    text = "; ".join(say(n, language) for n in notes)
    return text[:1].upper() + text[1:]


def _person_links(view: MailboxView, make: Links, person: dict) -> list[Link]:
    """Cancel, move and correct one registration of a participant list."""
    about = person["name"] or person["email"]
    others = " / ".join(n.name for n in view.networks if n.slug != person.get("network"))
    return [make.order(Act.cancel, person["id"], about=about),
            make.order(Act.move, person["id"], about=about, network_field=others),
            make.order(Act.edit, person["id"], about=about, people=[person])]


def _network_links(view: MailboxView, make: Links, slug: str) -> list[Link]:
    network = view.network(slug)
    name = network.name if network else slug
    return [make.order(Act.add, slug, network_name=name, about=name),
            make.order(Act.participants, slug, network_name=name, about=name)]


def reply_link(language: str, to: str, subject: str) -> Link:
    """A plain mail to a sender, for the coordinator to answer herself."""
    words = table(language)
    return Link(words["form"]["answer"], mailto(to, f"Re: {subject}"), kind="reply")


def review_links(view: MailboxView, make: Links, item: InboundMessage) -> list[Link]:
    """The actions on a mail in review: register for each network open when it
    arrived (those the mail seems to name first), cancel where it reads as a
    cancellation, no registration, and a plain answer to the sender."""
    about = clean_display(item.sender) or "-"
    out: list[Link] = []
    if item.id is not None:
        mail = commands.stored_mail(item)
        request = understand(mail, view.networks) if item.raw is not None else None
        people = [{"name": p.name, "email": p.email or "", "organisation": p.organisation or "",
                   "ean": p.ean or ""} for p in (request.participants if request else ())] or [
            {"name": mail.sender_name, "email": mail.sender}]
        named = [slug for slug in (request.networks if request else ()) if view.network(slug)]
        open_ = [n.slug for n in view.networks
                 if arrived_in_time(item.received_at, n.deadline, view.tz)]
        slugs = list(dict.fromkeys([*named, *(open_ or [n.slug for n in view.networks])]))

        def order(act: Act, slug: str) -> Link:
            network = view.network(slug)
            return make.order(act, item.id, network=slug, about=about, people=people,
                              network_name=network.name if network else slug)
        if request is not None and request.intent == Intent.cancel:
            out += [order(Act.unregister, slug) for slug in named or slugs]
        out += [order(Act.register, slug) for slug in slugs]
        out.append(make.order(Act.dismiss, item.id, about=about))
    if item.sender:
        out.append(reply_link(make.language, item.sender, clean_display(item.subject)))
    return out


def registration_links(make: Links, row: Registration) -> list[Link]:
    """A late registration: confirm, waiting list or no; one with a flag: correct it."""
    about = row.name or row.email
    out = [make.order(act, row.id, about=about) for act in (Act.confirm, Act.waitlist,
                                                              Act.reject)
           if row.status in (Status.late, Status.needs_review)]
    if row.flags:
        out.append(make.order(Act.edit, row.id, about=about, people=[person_dict(row)]))
    return out
