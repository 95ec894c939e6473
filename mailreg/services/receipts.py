"""The receipt of a command mail: what was done and what was sent to whom, or why
nothing was done, with the links to go on from there; and the sentences that say what
a command did (the CLI prints them too)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from mailreg.adapters.links import Link, Links
from mailreg.adapters.tables import CommandRecord, OutboxMessage, decode_notes
from mailreg.adapters.templates import render_pair
from mailreg.adapters.words import say, table
from mailreg.config import Config, MailboxView
from mailreg.domain.mail import KIND_HEADER, LOOP_HEADER, Inbound, clean_display
from mailreg.domain.model import SENDER_DEFECTS, Note, ReplyKind, Status
from mailreg.domain.orders import Act
from mailreg.services.actions import network_links, person_links
from mailreg.services.commands import Done


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


def receipt_row(view: MailboxView, make: Links, record: CommandRecord,
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
                    "links": person_links(view, make, p)} for p in done.listing]
    go_on: list[Link] = []
    if done is not None and done.network and done.act in (Act.add, Act.register,
                                                           Act.participants):
        go_on = network_links(view, make, done.network)
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
        "stranger": bool(mail and from_whom(mail) not in view.coordinator.command_senders),
        "sender": from_whom(mail) if mail else "",
        "people": [{**p, "status": say(Status(p["status"]), lang) if p.get("status")
                    else ""} for p in (done.people if done else ())],
        "replies": [{"to": to, "kind": say(ReplyKind(kind), lang)}
                    for to, kind in (done.replies if done else ())],
        "filing": describe_filing(done, lang) if done and done.filing else "",
        "listing": listing,
        "network": network.name if network else "",
        "links": go_on,
    }


def from_whom(mail: Inbound) -> str:
    """Who a mail says it is from, as its From header reads when no one address can
    be taken from it."""
    return mail.sender if mail.sender and not any(
        d.code in SENDER_DEFECTS for d in mail.defects) else (
        clean_display(mail.header("from")) or "?")


def say_refusal(notes: tuple[Note, ...], language: str) -> str:
    text = "; ".join(say(n, language) for n in notes)
    return text[:1].upper() + text[1:]
