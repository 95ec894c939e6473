"""Send queued replies over SMTP. A reply is claimed (committed) before it goes to the
server and marked sent only after the server accepted it; a refusal or an outage is
retried later with growing pauses."""

from __future__ import annotations

import logging
import queue
import smtplib
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from mailreg.adapters.db import session
from mailreg.adapters.logins import smtp_refusal
from mailreg.adapters.oauth import TokenError, tokens_for, xoauth2
from mailreg.adapters.tables import OutboxMessage
from mailreg.adapters.tls import tls_context
from mailreg.config import SmtpConfig

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=6)


class SmtpError(Exception):
    """The SMTP server could not be reached or refused the login."""


def connect(config: SmtpConfig, password: str | None) -> smtplib.SMTP:
    context = tls_context(config.verify_tls, "SMTP", config.host)
    where = f"SMTP server {config.host}:{config.effective_port}"
    smtp: smtplib.SMTP
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
                _oauth2_login(smtp, config, config.username)
            else:
                smtp.login(config.username, password or "")
        except (smtplib.SMTPException, TokenError) as exc:
            smtp.close()
            raise SmtpError(smtp_refusal(where, config, exc)) from exc
    return smtp


def _oauth2_login(smtp: smtplib.SMTP, config: SmtpConfig, username: str) -> None:
    """AUTH XOAUTH2; on refusal once more with a fresh token."""
    smtp.ehlo_or_helo_if_needed()
    tokens = tokens_for(config.oauth2_token_command, config.oauth2_token_file)
    for refresh in (False, True):
        initial = xoauth2(username, tokens.token(refresh=refresh))
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
                 now: datetime, *, mail_from: str) -> tuple[int, int]:
    """Send every due reply from `mail_from` (the mailbox whose SMTP server this is);
    return (sent, failed). Never raises for one bad reply.

    Each reply is claimed (committed) before it goes to the server and marked sent
    after the server accepted it. A reply the server refused or that lost its
    connection is released for a later retry (RFC 5321 6.1). Only if mailreg itself dies
    between claim and "sent" does a reply stay claimed: it is then never resent
    (at most one reply) and `status` and the digest show it for the coordinator.
    """
    with session(engine) as s:
        due = [i for i in s.exec(select(col(OutboxMessage.id))
                     .where(col(OutboxMessage.mail_from) == mail_from)
                     .where(col(OutboxMessage.sent_at).is_(None))
                     .where(col(OutboxMessage.claimed_at).is_(None))
                     .where(col(OutboxMessage.next_attempt_at) <= now)
                     .order_by(col(OutboxMessage.id))) if i is not None]
    if not due:
        return 0, 0
    try:
        smtp = connect(config, password)
    except SmtpError as exc:
        with session(engine) as s:
            _record_failure(s, due, str(exc), now)
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
                with session(engine) as s:
                    _record_failure(s, [outbox_id], str(exc), now)
                log.warning("reply %s to %s not sent: %s", outbox_id, row.recipients, exc)
                if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
                    break  # the rest stay due and go at the next run
                continue
            with engine.begin() as conn:
                conn.execute(_MARK_SENT, {"ids": [outbox_id], "now": now})
            sent += 1
            log.info("reply %s sent to %s (%s)", outbox_id, row.to_address, row.kind)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
    return sent, failed


CLAIMED = (col(OutboxMessage.id), col(OutboxMessage.mail_from), col(OutboxMessage.recipients),
           col(OutboxMessage.raw), col(OutboxMessage.to_address), col(OutboxMessage.kind))


def _claim(engine: Engine, outbox_id: int, now: datetime):
    """Claim one reply in its own committed transaction and return what sending needs.

    One conditional UPDATE ... RETURNING (SQLite 3.35+, PostgreSQL) on a plain
    connection: the same claim as before, without an ORM session per reply.
    """
    with engine.begin() as conn:
        return conn.execute(_CLAIM_ONE, {"outbox_id": outbox_id, "now": now}).first()


def claim_due(conn: Connection, now: datetime, limit: int, mail_from: str) -> list:
    """Claim the oldest due replies from `mail_from`, at most `limit`, in the caller's
    transaction."""
    return sorted(conn.execute(_CLAIM_DUE, {"now": now, "limit": limit,
                                            "from_address": mail_from}))


def _claiming(which):
    # the conditions again in the UPDATE: another process may have claimed it meanwhile
    return (update(OutboxMessage).where(which)
            .where(col(OutboxMessage.sent_at).is_(None))
            .where(col(OutboxMessage.claimed_at).is_(None))
            .values(claimed_at=bindparam("now"), attempts=col(OutboxMessage.attempts) + 1)
            .returning(*CLAIMED))


# built once: this runs for every reply
_CLAIM_ONE = _claiming(col(OutboxMessage.id) == bindparam("outbox_id"))
_CLAIM_DUE = _claiming(col(OutboxMessage.id).in_(
    select(col(OutboxMessage.id)).where(col(OutboxMessage.sent_at).is_(None))
    .where(col(OutboxMessage.claimed_at).is_(None))
    .where(col(OutboxMessage.next_attempt_at) <= bindparam("now"))
    .where(col(OutboxMessage.mail_from) == bindparam("from_address"))
    .order_by(col(OutboxMessage.id)).limit(bindparam("limit")).scalar_subquery()))
_MARK_SENT = (update(OutboxMessage)
              .where(col(OutboxMessage.id).in_(bindparam("ids", expanding=True)))
              .values(sent_at=bindparam("now")))


def _record_failure(s: Session, ids: Sequence[int], error: str, now: datetime) -> None:
    """Release the replies for a retry after a pause that grows with each attempt."""
    for row in s.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(ids))):
        if row.claimed_at is None:
            row.attempts += 1
        row.claimed_at = None
        row.last_error = error[:1000]
        row.next_attempt_at = now + backoff(row.attempts)


class Sender:
    """Sends replies in threads while the poll goes on deciding, so the SMTP round
    trips overlap the work instead of following it.

    Each thread has its own SMTP connection, so one waits for the server while another
    sends (two, as Microsoft 365 allows three per mailbox); replies to one address all
    go over the same connection, in order. The threads only speak SMTP. The poll's own
    transactions claim replies for them (`exchange`, at most `window` in flight) and
    record what the server said: the poll stays the only writer of the database, a
    reply is still claimed (committed) before it goes out and marked sent only after the
    server accepted it. A crash can leave at most `window` replies uncertain, listed
    for the coordinator, never resent.
    """

    def __init__(self, config: SmtpConfig, password: str | None, mail_from: str,
                 window: int = 4, connections: int = 2) -> None:
        self.config, self.password, self.window = config, password, window
        self.mail_from = mail_from  # the mailbox's own replies: its SMTP server sends them
        # one queue per thread: the claimed rows it sends, then None to stop
        self.todo: list[queue.SimpleQueue] = [queue.SimpleQueue() for _ in range(connections)]
        self.done: queue.SimpleQueue = queue.SimpleQueue()  # (id, error or None)
        self.results: list[tuple[int, str | None]] = []  # taken from `done`, unrecorded
        self.in_flight = self.sent = self.failed = 0
        self.broken = False  # the server is unreachable or hung up: claim no more
        self.threads = [threading.Thread(target=self._run, args=(todo,), daemon=True,
                                         name=f"mailreg-sender-{i}")
                        for i, todo in enumerate(self.todo)]
        for thread in self.threads:
            thread.start()

    def exchange(self, s: Session, now: datetime, claim: bool = True) -> list:
        """In the caller's transaction: record the outcome of replies handed over before,
        then claim more up to the window. Hand the claimed ones over after the commit."""
        while not self.done.empty():
            self.results.append(self.done.get())
        results, self.results = self.results, []
        self.in_flight -= len(results)
        sent = [outbox_id for outbox_id, error in results if error is None]
        if sent:
            s.connection().execute(_MARK_SENT, {"ids": sent, "now": now})
        for outbox_id, error in results:
            if error is not None:
                _record_failure(s, [outbox_id], error, now)
        self.sent += len(sent)
        self.failed += len(results) - len(sent)
        free = self.window - self.in_flight
        if not claim or self.broken or free <= 0:
            return []
        return claim_due(s.connection(), now, free, self.mail_from)

    def hand_over(self, claimed: list) -> None:
        self.in_flight += len(claimed)
        for row in claimed:
            self.todo[hash(row.to_address) % len(self.todo)].put(row)

    def finish(self, engine: Engine, now: datetime | None) -> tuple[int, int]:
        """Send what is still due, `window` at a time, until nothing is left or the
        server is lost; then stop the threads. Return (sent, failed)."""
        now = now or datetime.now(UTC)
        while True:
            with session(engine) as s:
                claimed = self.exchange(s, now)
            self.hand_over(claimed)
            if not self.in_flight:
                break
            # wait until half the window is free: one transaction per few replies
            while len(self.results) < max(1, self.in_flight - self.window // 2):
                self.results.append(self.done.get())
        for todo, thread in zip(self.todo, self.threads, strict=True):
            todo.put(None)
            thread.join()
        return self.sent, self.failed

    def _run(self, todo: queue.SimpleQueue) -> None:
        smtp = None
        while (row := todo.get()) is not None:
            error = None
            try:
                if self.broken:
                    raise SmtpError("not sent: the SMTP connection was lost before it")
                smtp = smtp or connect(self.config, self.password)
                smtp.sendmail(row.mail_from, row.recipients.split(","), row.raw)
                log.info("reply %s sent to %s (%s)", row.id, row.to_address, row.kind)
            except (SmtpError, smtplib.SMTPException, OSError) as exc:
                error = str(exc)
                log.warning("reply %s to %s not sent: %s", row.id, row.recipients, exc)
                if isinstance(exc, SmtpError | smtplib.SMTPServerDisconnected | OSError):
                    self.broken = True
            except Exception as exc:  # noqa: BLE001 - report, never leave the poll waiting
                error = f"{type(exc).__name__}: {exc}"
                log.exception("reply %s: sending failed", row.id)
            self.done.put((row.id, error))
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
