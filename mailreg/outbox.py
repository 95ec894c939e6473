"""Send queued replies over SMTP. A reply is marked sent only after the server
accepted it; a refusal or an outage is retried later with growing pauses."""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from mailreg.config import SmtpConfig
from mailreg.db import session
from mailreg.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=6)


class SmtpError(Exception):
    """The SMTP server could not be reached or refused the login."""


def connect(config: SmtpConfig, password: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if not config.verify_tls:
        log.warning("TLS certificate verification is OFF for SMTP %s (verify_tls=false)",
                    config.host)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
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
            smtp.login(config.username, password or "")
        except smtplib.SMTPException as exc:
            smtp.close()
            raise SmtpError(f"The {where} refused the login for {config.username}: {exc}. "
                            f"Check smtp.username and the password.") from exc
    return smtp


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def send_pending(engine: Engine, config: SmtpConfig, password: str | None,
                 now: datetime) -> tuple[int, int]:
    """Send every due reply; return (sent, failed). Never raises for one bad reply."""
    with session(engine) as s:
        due = s.exec(select(OutboxMessage.id)
                     .where(OutboxMessage.sent_at.is_(None))
                     .where(OutboxMessage.next_attempt_at <= now)
                     .order_by(OutboxMessage.id)).all()
    if not due:
        return 0, 0
    sent = failed = 0
    try:
        smtp = connect(config, password)
    except SmtpError as exc:
        _record_failure(engine, due, str(exc), now)
        log.error("%s; %d replies wait in the outbox", exc, len(due))
        return 0, len(due)
    try:
        for outbox_id in due:
            with session(engine) as s:
                row = s.get(OutboxMessage, outbox_id)
                if row is None or row.sent_at is not None:
                    continue
                try:
                    smtp.sendmail(row.mail_from, row.recipients.split(","), row.raw)
                except (smtplib.SMTPException, OSError) as exc:
                    row.attempts += 1
                    row.last_error = str(exc)[:1000]
                    row.next_attempt_at = now + backoff(row.attempts)
                    failed += 1
                    log.warning("reply %s to %s not sent: %s", row.id, row.recipients, exc)
                    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
                        raise
                    continue
                row.sent_at = now
                row.attempts += 1
                sent += 1
                log.info("reply %s sent to %s (%s)", row.id, row.recipients, row.kind)
    except (smtplib.SMTPServerDisconnected, OSError):
        pass  # the rest stay due and go at the next run
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
    return sent, failed


def _record_failure(engine: Engine, ids: list[int], error: str, now: datetime) -> None:
    with session(engine) as s:
        for row in s.exec(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
            row.attempts += 1
            row.last_error = error[:1000]
            row.next_attempt_at = now + backoff(row.attempts)
