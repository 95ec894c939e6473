"""Send queued replies over SMTP. A reply is marked sent only after the server
accepted it; a refusal or an outage is retried later with growing pauses."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import select

from mailreg.config import SmtpConfig
from mailreg.db import session
from mailreg.models import OutboxMessage
from mailreg.oauth import TokenError, xoauth2
from mailreg.tls import tls_context

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=6)


class SmtpError(Exception):
    """The SMTP server could not be reached or refused the login."""


def connect(config: SmtpConfig, password: str | None) -> smtplib.SMTP:
    context = tls_context(config.verify_tls, "SMTP", config.host)
    where = f"SMTP server {config.host}:{config.effective_port}"
    try:
        if config.security == "ssl":
            smtp = smtplib.SMTP_SSL(config.host, config.effective_port,
                                    timeout=config.timeout_seconds, context=context)
        else:
            smtp = smtplib.SMTP(config.host, config.effective_port,
                                timeout=config.timeout_seconds)
            if config.security == "starttls":
                smtp.starttls(context=context)
    except (OSError, smtplib.SMTPException) as exc:
        raise SmtpError(f"Cannot connect to the {where}: {exc}") from exc
    if config.username:
        try:
            if config.uses_oauth2:
                _oauth2_login(smtp, config)
            else:
                smtp.login(config.username, password or "")
        except (smtplib.SMTPException, TokenError) as exc:
            smtp.close()
            raise SmtpError(f"The {where} refused the login for {config.username}: {exc}. "
                            f"Check smtp.username and the password.") from exc
    return smtp


def _oauth2_login(smtp: smtplib.SMTP, config: SmtpConfig) -> None:
    """AUTH XOAUTH2; on refusal once more with a fresh token."""
    smtp.ehlo_or_helo_if_needed()
    for refresh in (False, True):
        initial = xoauth2(config.username, config.tokens.token(refresh=refresh))
        try:
            # a challenge after a refusal carries the error as JSON: answer empty
            smtp.auth("XOAUTH2", lambda challenge=None, s=initial: "" if challenge else s)
            return
        except smtplib.SMTPAuthenticationError:
            if refresh:
                raise


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def send_pending(engine: Engine, config: SmtpConfig, password: str | None,
                 now: datetime) -> tuple[int, int]:
    """Send every due reply; return (sent, failed). Never raises for one bad reply.

    Each reply is claimed (committed) before it goes to the server and marked sent
    after the server accepted it. A reply the server refused or that lost its
    connection is released for a later retry (RFC 5321 6.1). Only if mailreg itself dies
    between claim and "sent" does a reply stay claimed: it is then never resent
    (at most one reply) and `status` and the digest show it for the coordinator.
    """
    with session(engine) as s:
        due = s.exec(select(OutboxMessage.id)
                     .where(OutboxMessage.sent_at.is_(None))
                     .where(OutboxMessage.claimed_at.is_(None))
                     .where(OutboxMessage.next_attempt_at <= now)
                     .order_by(OutboxMessage.id)).all()
    if not due:
        return 0, 0
    try:
        smtp = connect(config, password)
    except SmtpError as exc:
        _record_failure(engine, due, str(exc), now)
        log.error("%s; %d replies wait in the outbox", exc, len(due))
        return 0, len(due)
    sent = failed = 0
    try:
        for outbox_id in due:
            row = _claim(engine, outbox_id, now)
            if row is None:
                continue  # another process took it
            try:
                smtp.sendmail(row.mail_from, row.recipients.split(","), row.raw)
            except (smtplib.SMTPException, OSError) as exc:
                failed += 1
                _record_failure(engine, [outbox_id], str(exc), now)
                log.warning("reply %s to %s not sent: %s", outbox_id, row.recipients, exc)
                if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
                    break  # the rest stay due and go at the next run
                continue
            with engine.begin() as conn:
                conn.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id)
                             .values(sent_at=now))
            sent += 1
            log.info("reply %s sent to %s (%s)", outbox_id, row.to_address, row.kind)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
    return sent, failed


def _claim(engine: Engine, outbox_id: int, now: datetime):
    """Claim one reply in its own committed transaction and return what sending needs.

    One conditional UPDATE ... RETURNING (SQLite 3.35+, PostgreSQL) on a plain
    connection: the same claim as before, without an ORM session per reply.
    """
    with engine.begin() as conn:
        return conn.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id)
            .where(OutboxMessage.sent_at.is_(None))
            .where(OutboxMessage.claimed_at.is_(None))
            .values(claimed_at=now, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage.mail_from, OutboxMessage.recipients, OutboxMessage.raw,
                       OutboxMessage.to_address, OutboxMessage.kind)
        ).first()


def _record_failure(engine: Engine, ids: list[int], error: str, now: datetime) -> None:
    """Release the replies for a retry after a pause that grows with each attempt."""
    with session(engine) as s:
        for row in s.exec(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
            if row.claimed_at is None:
                row.attempts += 1
            row.claimed_at = None
            row.last_error = error[:1000]
            row.next_attempt_at = now + backoff(row.attempts)
