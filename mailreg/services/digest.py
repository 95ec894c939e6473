"""The coordinator's morning digest: how full each network is, what changed since the
last digest, what waits for her; the invoicing data attached.

Exactly once per day. `send_digest_if_due` runs at `schedule.digest_time` and at every
start. Sending is serialised by the database lease "digest" (`mailreg.adapters.db.acquire_lease`,
an atomic conditional UPDATE, so two processes on two machines cannot both hold it);
whoever holds it checks for today's `ServiceEvent(kind="digest")`, sends, and records
it before letting go. A second sender either fails to get the lease or finds the
record, so it never sends. The record is written only after the SMTP server accepted
the mail: if sending fails nothing is recorded, and the next call sends it (a missed
morning is caught up at the next start, covering everything since the last digest
sent). We chose this order over "record first, then send": recording first turns a
crash between the two into a lost digest with nothing to tell anyone, while this order
turns it into, at worst, a second copy, and only if the process dies in the moment
between the server's "250 OK" and one local commit.

"Since the last digest" means status changes recorded after the previous digest's
time (`col(ServiceEvent.at)`), up to this digest's time; the first digest covers everything.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from mailreg.adapters.db import acquire_lease, release_lease, session
from mailreg.adapters.formatting import format_long_date, format_money
from mailreg.adapters.smtp import SmtpError, connect
from mailreg.adapters.tables import ServiceEvent, decode_notes
from mailreg.adapters.templates import render_pair
from mailreg.adapters.words import say, say_all
from mailreg.config import MailboxView
from mailreg.domain.mail import KIND_HEADER, clean_display, valid_address
from mailreg.domain.model import Status
from mailreg.domain.orders import Act
from mailreg.services.actions import links, registration_links, review_links
from mailreg.services.export import InvoiceRow, invoice_csv_bytes, invoice_rows, invoice_xlsx_bytes
from mailreg.services.report import (
    Change,
    changes_between,
    flagged_registrations,
    last_service_event,
    machine_mail,
    network_counts,
    review_items,
    unsent_replies,
)

log = logging.getLogger(__name__)
LEASE = "digest"
LEASE_TTL = timedelta(minutes=10)
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
SECTIONS = ("signup", "waitlisted", "promoted", "late", "cancelled", "other")
_in_process = threading.Lock()  # the lease owner is the process; threads take turns here

class DigestNotSent(SmtpError):
    """The SMTP server refused the digest or the connection broke; nothing was recorded,
    so the next call sends it."""


@dataclass(frozen=True)
class DigestMail:
    subject: str
    text: str
    html: str
    recipients: list[str]
    invoice: list[InvoiceRow]
    changes: int


def recipients(config: MailboxView) -> list[str]:
    """The coordinator and `digest_recipients`, validated (only these become headers)."""
    out: list[str] = []
    for raw in [config.coordinator.address, *config.coordinator.digest_recipients]:
        address = valid_address(raw)
        if not address:
            log.warning("digest_recipients: %r is not an email address; skipped", raw)
        elif address not in out:
            out.append(address)
    return out


def _mine(config: MailboxView):
    """Digests are kept per coordinator (one per mailbox with [[mailboxes]])."""
    return col(ServiceEvent.detail).startswith(f"{config.coordinator.address}:")


def previous_digest_time(config: MailboxView, engine: Engine, before: datetime) -> datetime | None:
    """When the last digest before `before` was sent; None before the first one."""
    with session(engine) as s:
        return s.exec(select(col(ServiceEvent.at)).where(col(ServiceEvent.kind) == "digest")
                      .where(_mine(config)).where(col(ServiceEvent.at) < before)
                      .order_by(col(ServiceEvent.at).desc())).first()


def digest_sent_on(config: MailboxView, engine: Engine, day) -> bool:
    with session(engine) as s:
        return s.exec(select(ServiceEvent).where(col(ServiceEvent.kind) == "digest")
                      .where(_mine(config)).where(col(ServiceEvent.day) == day)).first() is not None


def context(config: MailboxView, engine: Engine, now: datetime) -> dict:
    """Everything the templates show, as display-ready values (times in the configured
    zone, texts from mail cleaned of control characters, codes in words)."""
    lang = config.replies.language
    tz = config.tz
    local = now.astimezone(tz)
    today = local.date()
    since = previous_digest_time(config, engine, now)

    def when(moment: datetime) -> str:
        return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")

    def status(value: str) -> str:
        return say(Status(value), lang)

    make = links(config, engine, now)
    networks = []
    for n in network_counts(config, engine):
        c = n.counts
        left = n.days_left(today)
        fill = min(100, round(100 * c["confirmed"] / n.capacity)) if n.capacity else None
        networks.append({
            "slug": n.slug, "name": n.name, "capacity": n.capacity, "free": n.free,
            "confirmed": c["confirmed"], "waitlisted": c["waitlisted"], "late": c["late"],
            "cancelled": c["cancelled"], "rejected": c["rejected"],
            "deadline": n.deadline.strftime("%d.%m.%Y"), "days_left": left,
            "closed": left < 0, "fill": fill,
            "actions": [make.order(act, n.slug, network_name=n.name, about=n.name)
                        for act in (Act.add, Act.participants)],
        })

    changes = [c for c in changes_between(engine, since, now) if config.network(c.network)]
    names = {n.slug: n.name for n in config.networks}

    def change_row(c: Change) -> dict:
        cause = say_all(decode_notes(c.cause), lang)
        return {"when": when(c.at), "network": names.get(c.network, c.network),
                "arrived": when(c.received_at) if c.received_at else "",
                "name": clean_display(c.name) or c.email, "email": c.email, "id": c.registration_id,
                "status": status(c.to_status), "cause": cause}

    new = {key: [change_row(c) for c in changes if c.kind == key] for key in SECTIONS}

    review = [{
        "arrived": when(m.received_at), "sender": clean_display(m.sender) or "-",
        "subject": clean_display(m.subject) or "-",
        "reason": clean_display(say_all(decode_notes(m.reason), lang), 300),
        "message_id": clean_display(m.message_id or m.key, 300),
        "actions": review_links(config, make, m),
    } for m in review_items(engine, config.mailbox_id)]
    flagged = [{
        "id": r.id, "name": clean_display(r.name) or r.email, "email": r.email,
        "organisation": clean_display(r.organisation),
        "network": names.get(r.network, r.network), "status": status(r.status),
        "decide": r.status in (Status.late, Status.needs_review),
        "flags": [clean_display(say(f, lang), 300) for f in decode_notes(r.flags)],
        "received": when(r.received_at),
        "actions": registration_links(config, make, r),
    } for r in flagged_registrations(engine) if config.network(r.network)]
    unsent = [{
        "id": r.id, "interrupted": r.claimed_at is not None,  # a failure releases its claim
        "to": r.recipients.replace(",", ", "), "subject": clean_display(r.subject),
        "created": when(r.created_at), "attempts": r.attempts,
        "error": ("afsendelse afbrudt: det kan være kommet frem" if lang == "da" else
                  "sending interrupted: it may have arrived") if r.claimed_at else (
            (("mailserveren svarede: " if lang == "da" else "the mail server said: ")
             + clean_display(r.last_error, 300)) if r.last_error else (
                "venter" if lang == "da" else "waiting")),
        "actions": [make.order(Act.resend, r.id, about=r.to_address)] if r.claimed_at else [],
    } for r in unsent_replies(engine) if r.mail_from == config.from_address]

    machine = [{"count": n, "sign": clean_display(say(note, lang), 300)}
               for note, n in machine_mail(engine, since, now, config.mailbox_id)]
    rows = invoice_rows(config, engine)
    priced = [r.total for r in rows if r.total is not None]
    poll = last_service_event(engine, "poll")
    new_count = sum(1 for c in changes if c.from_status is None)
    waiting = len(review) + len(flagged) + len(unsent)
    return {
        "language": lang,
        "today": today.strftime("%d.%m.%Y"),
        "today_long": format_long_date(today, lang),
        "generated": when(now),
        "since": when(since) if since else None,
        "networks": networks,
        "new": new,
        "new_count": new_count,
        "cancelled_count": len(new["cancelled"]),
        "change_count": len(changes),
        "review": review,
        "flagged": flagged,
        "unsent": unsent,
        "waiting": waiting,
        "machine": machine,
        "machine_count": sum(m["count"] for m in machine),
        "invoice": {
            "count": len(rows),
            "total": format_money(sum(priced), lang) if priced else None,
            "unpriced": len(rows) - len(priced),
            "vat_percent": f"{config.invoicing.vat_percent:f}".rstrip("0").rstrip("."),
            "csv": f"fakturering-{today.isoformat()}.csv" if lang == "da"
            else f"invoicing-{today.isoformat()}.csv",
            "xlsx": f"fakturering-{today.isoformat()}.xlsx" if lang == "da"
            else f"invoicing-{today.isoformat()}.xlsx",
        },
        "last_poll": when(poll.at) if poll else None,
        "coordinator": clean_display(config.coordinator.name),
        "coordinator_address": config.coordinator.address,
        "rows": rows,
    }


def subject(ctx: dict) -> str:
    """E.g. "Tilmeldinger: overblik 21.02.2025 (3 nye, 1 afmeldt, 2 til gennemsyn)"."""
    if ctx["language"] == "en":
        parts = [f"{ctx['new_count']} new"]
        if ctx["cancelled_count"]:
            parts.append(f"{ctx['cancelled_count']} cancelled")
        parts.append(f"{ctx['waiting']} to review")
        return f"Registrations: overview {ctx['today']} ({', '.join(parts)})"
    parts = [f"{ctx['new_count']} nye"]
    if ctx["cancelled_count"]:
        parts.append(f"{ctx['cancelled_count']} afmeldt")
    parts.append(f"{ctx['waiting']} til gennemsyn")
    return f"Tilmeldinger: overblik {ctx['today']} ({', '.join(parts)})"


def render(config: MailboxView, ctx: dict) -> tuple[str, str]:
    """(text, html) of the digest in the configured language (Danish when missing)."""
    return render_pair(config, "digest", {"subject": subject(ctx), **ctx})


def compose(config: MailboxView, engine: Engine, now: datetime) -> DigestMail:
    """The digest as it would be sent now, without sending or recording anything."""
    ctx = context(config, engine, now)
    text, html = render(config, ctx)
    return DigestMail(subject(ctx), text, html, recipients(config), ctx["rows"],
                      ctx["change_count"])


def build_message(config: MailboxView, digest: DigestMail, now: datetime) -> EmailMessage:
    """multipart/mixed: text and HTML alternatives, then the invoicing CSV and XLSX."""
    lang = config.replies.language
    day = now.astimezone(config.tz).date().isoformat()
    msg = EmailMessage()
    msg["From"] = Address(display_name="mailreg", addr_spec=config.from_address)
    msg["To"] = ", ".join(digest.recipients)
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(now.astimezone(config.tz))
    msg["Message-ID"] = make_msgid("mailreg-digest", config.coordinator.address.split("@")[1])
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg[KIND_HEADER] = "digest"
    msg.set_content(digest.text)
    msg.add_alternative(digest.html, subtype="html")
    if digest.invoice:
        stem = "fakturering" if lang == "da" else "invoicing"
        msg.add_attachment(invoice_csv_bytes(digest.invoice, lang), maintype="text",
                           subtype="csv", filename=f"{stem}-{day}.csv")
        msg.add_attachment(invoice_xlsx_bytes(digest.invoice, lang), maintype=XLSX[0],
                           subtype=XLSX[1], filename=f"{stem}-{day}.xlsx")
    return msg


@contextmanager
def _exclusive(engine: Engine) -> Iterator[bool]:
    """Yield True while this process alone may send a digest (see the module docstring)."""

    if not _in_process.acquire(blocking=False):
        yield False
        return
    owner = f"{socket.gethostname()}:{os.getpid()}"
    try:
        if not acquire_lease(engine, LEASE, owner, datetime.now(UTC), LEASE_TTL):
            log.info("another mailreg process is sending the digest")
            yield False
            return
        try:
            yield True
        finally:
            release_lease(engine, LEASE, owner)
    finally:
        _in_process.release()


def send_digest_if_due(config: MailboxView, engine: Engine, now: datetime | None = None) -> bool:
    """Send today's digest if it is past digest_time and none went today; True if sent."""
    now = now or datetime.now(UTC)
    local = now.astimezone(config.tz)
    if local.time() < config.schedule.digest_time or digest_sent_on(config, engine,
                                                                   local.date()):
        return False
    with _exclusive(engine) as mine:
        if not mine or digest_sent_on(config, engine, local.date()):
            return False
        _send(config, engine, now)
        return True


def send_digest(config: MailboxView, engine: Engine, now: datetime) -> bool:
    """Send the digest now, also when today's went already (`mailreg digest --send`);
    False only when another process is sending one at this moment."""
    with _exclusive(engine) as mine:
        if mine:
            _send(config, engine, now)
        return mine


def _send(config: MailboxView, engine: Engine, now: datetime) -> None:
    day = now.astimezone(config.tz).date()
    digest = compose(config, engine, now)
    if not digest.recipients:
        raise DigestNotSent("The digest has no valid recipient; check coordinator.address.")
    msg = build_message(config, digest, now)
    smtp = connect(config.smtp, config.smtp.password())
    try:
        smtp.sendmail(config.from_address, digest.recipients, msg.as_bytes(policy=SMTP))
    except (smtplib.SMTPException, OSError) as exc:
        raise DigestNotSent(f"The SMTP server did not take the digest: {exc}. "
                            f"It is sent again at the next try.") from exc
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
    with session(engine) as s:
        s.add(ServiceEvent(kind="digest", day=day, at=now,
                           detail=f"{config.coordinator.address}: "
                                  f"{len(digest.recipients)} recipient(s), "
                                  f"{digest.changes} change(s)"))
    log.info("digest for %s sent to %d recipient(s): %s", day, len(digest.recipients),
             digest.subject)
