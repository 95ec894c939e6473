"""Recording a decision in the caller's transaction: its registrations (adapters.store)
and its replies, rendered and put in the outbox unless the address had its daily share.

The poll and the coordinator's commands both end here, so a reply is queued in the
same transaction as the change that causes it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlmodel import Session

from mailreg.adapters.store import Writes, day_start, outbox_row, replies_to, stage
from mailreg.adapters.templates import Renderer
from mailreg.config import MailboxView
from mailreg.domain.mail import Inbound
from mailreg.domain.model import Decision, Reply

log = logging.getLogger(__name__)


def record(s: Session, view: MailboxView, renderer: Renderer, decision: Decision,
           original: Inbound | None, language: str, at: datetime, ref: str,
           sent_today: dict[tuple[str, date], int] | None = None,
           writes: Writes | None = None) -> None:
    """Stage a decision: new registrations, changes with their history, queued replies.

    `sent_today`, kept by the caller across a batch, saves a count query per reply. New
    rows go to `writes` when given (the caller flushes them), else straight to the
    database.
    """
    staged = writes if writes is not None else Writes()
    stage(s, decision, original, at, ref, staged)
    for reply in decision.replies:
        queue(s, view, renderer, reply, original, language, at, sent_today, staged)
    if writes is None:
        staged.flush(s.connection())


def queue(s: Session, view: MailboxView, renderer: Renderer, reply: Reply,
          original: Inbound | None, language: str, at: datetime,
          sent_today: dict[tuple[str, date], int] | None, writes: Writes) -> None:
    """Put a reply in the outbox, unless the address had its daily share already (a
    coordinator's command is never capped).

    `sent_today` caches the count per (address, day) for one batch, whose poll is the
    only writer of the outbox while it holds the poll lease.
    """
    limit = view.replies.max_replies_per_day
    day = at.astimezone(view.tz).date()
    cache = sent_today if sent_today is not None else {}
    today = cache.get((reply.to, day))
    if today is None:
        today = replies_to(s, reply.to, day_start(day, view.tz))
    if original is not None and today >= limit:
        cache[(reply.to, day)] = today
        log.warning("no reply to %s: %d automatic replies today already (limit %d)",
                    reply.to, today, limit)
        return
    mail = renderer.build(reply, original, language)
    cache[(reply.to, day)] = today + 1
    writes.outbox.append(outbox_row(reply, mail, view.from_address,
                                    original.key if original else "", at))
