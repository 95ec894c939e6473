"""Recording a decision in the caller's transaction: its registrations (adapters.store)
and its replies, rendered and put in the outbox unless the address had its daily share.

The poll and the coordinator's commands both end here, so a reply is queued in the
same transaction as the change that causes it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
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
    for group in one_mail_each(decision.replies):
        queue(s, view, renderer, group, original, language, at, sent_today, staged)
    if writes is None:
        staged.flush(s.connection())


def one_mail_each(replies: list[Reply]) -> list[list[Reply]]:
    """The replies of one decision as the mails they go out in: everything that
    answers the mail goes to its sender in one mail (two networks, two people, a seat
    and a waiting list); a later notice, such as a promotion, goes on its own."""
    by_address: dict[str, list[Reply]] = {}
    alone: list[list[Reply]] = []
    for reply in replies:
        if reply.answers_message:
            by_address.setdefault(reply.to, []).append(reply)
        else:
            alone.append([reply])
    return [*by_address.values(), *alone]


def queue(s: Session, view: MailboxView, renderer: Renderer, replies: list[Reply],
          original: Inbound | None, language: str, at: datetime,
          sent_today: dict[tuple[str, date], int] | None, writes: Writes) -> None:
    """Put a mail with these replies in the outbox, unless the address had its daily
    share already (a coordinator's command is never capped).

    `sent_today` caches the count per (address, day) for one batch, whose poll is the
    only writer of the outbox while it holds the poll lease.
    """
    reply = replies[0]
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
    mail = renderer.build_all(replies, original, language, at)
    cache[(reply.to, day)] = today + 1
    copied = replace(reply, cc=tuple(sorted({a for r in replies for a in r.cc})))
    writes.outbox.append(outbox_row(copied, mail, view.from_address,
                                    original.key if original else "", at))
