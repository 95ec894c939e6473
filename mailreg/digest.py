"""The coordinator's morning digest: where each network stands and what waits for her.

Sent at most once per local day, recorded in the database, so a restart or a
missed morning never sends it twice (a missed morning is sent at the next start).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy.engine import Engine
from sqlmodel import select

from mailreg import outbox
from mailreg.config import Config
from mailreg.db import session
from mailreg.models import ServiceEvent
from mailreg.report import network_counts, review_items, unsent_replies

log = logging.getLogger(__name__)


def render_text(config: Config, engine: Engine, now: datetime) -> str:
    today = now.astimezone(config.tz).date()
    lines = [f"Tilmeldinger pr. {today.isoformat()}", ""]
    for n in network_counts(config, engine):
        capacity = f"/{n.capacity}" if n.capacity else ""
        c = n.counts
        lines.append(
            f"{n.name}: {c['confirmed']}{capacity} bekræftet, {c['waitlisted']} på venteliste, "
            f"{c['late']} efter fristen, {c['cancelled']} afmeldt; "
            f"{max(n.days_left(today), 0)} dage til fristen"
        )
    items = review_items(engine)
    lines += ["", f"Til gennemsyn: {len(items)}"]
    for item in items:
        when = item.received_at.astimezone(config.tz).strftime("%d.%m.%Y %H:%M")
        lines.append(f"- {when} {item.sender}: {item.subject} ({item.reason})")
    stuck = unsent_replies(engine)
    if stuck:
        lines += ["", f"Svar der ikke er sendt endnu: {len(stuck)}"]
        lines += [f"- {r.recipients}: {r.subject} ({r.last_error})" for r in stuck]
    return "\n".join(lines) + "\n"


def digest_sent_on(engine: Engine, day) -> bool:
    with session(engine) as s:
        return s.exec(select(ServiceEvent).where(ServiceEvent.kind == "digest")
                      .where(ServiceEvent.day == day)).first() is not None


def send_digest_if_due(config: Config, engine: Engine, now: datetime | None = None) -> bool:
    """Send today's digest if it is past digest_time and none went today."""
    now = now or datetime.now(UTC)
    local = now.astimezone(config.tz)
    if local.time() < config.schedule.digest_time or digest_sent_on(engine, local.date()):
        return False
    send_digest(config, engine, now)
    return True


def send_digest(config: Config, engine: Engine, now: datetime) -> None:
    day = now.astimezone(config.tz).date()
    msg = EmailMessage()
    msg["From"] = Address(display_name="mailreg", addr_spec=config.from_address)
    msg["To"] = config.coordinator.address
    msg["Subject"] = f"Tilmeldinger: dagens overblik {day.strftime('%d.%m.%Y')}"
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid("mailreg-digest", config.coordinator.address.split("@")[1])
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(render_text(config, engine, now))
    smtp = outbox.connect(config.smtp, config.smtp.password())
    try:
        smtp.send_message(msg)
    finally:
        smtp.quit()
    with session(engine) as s:
        s.add(ServiceEvent(kind="digest", day=day, at=now))
    log.info("digest for %s sent to %s", day, config.coordinator.address)
