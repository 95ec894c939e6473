"""The coordinator's IMAP mailbox: what is new, fetch it, file it away.

Messages are read with BODY.PEEK[] so the coordinator still sees them as unread,
and moved out of the inbox only after the database has committed their outcome.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from threading import Event
from typing import TYPE_CHECKING

from mailreg.adapters.logins import imap_refusal
from mailreg.adapters.oauth import tokens_for
from mailreg.adapters.tls import tls_context
from mailreg.config import ImapConfig

if TYPE_CHECKING:
    from imapclient import IMAPClient

log = logging.getLogger(__name__)
# Servers may end an IDLE after 30 minutes (RFC 2177); leave and re-enter well before.
IDLE_RENEW_SECONDS = 25 * 60


class MailboxError(Exception):
    """The IMAP server could not be reached or refused us; the message says which."""


@dataclass(frozen=True)
class Envelope:
    """What the server tells us about a message before we download it."""

    uid: int
    size: int
    arrival: datetime


@dataclass(frozen=True)
class Download:
    """A message's bytes as fetched, with its UID and arrival."""

    uid: int
    arrival: datetime
    raw: bytes


class Mailbox:
    def __init__(self, config: ImapConfig, password: str | None) -> None:
        self.config = config
        self._password = password
        self.client: IMAPClient | None = None
        self.uidvalidity = 0

    @property
    def imap(self) -> IMAPClient:
        """The logged-in connection (inside `with Mailbox(...)`)."""
        if self.client is None:
            raise MailboxError("not connected to the IMAP server")
        return self.client

    def __enter__(self) -> Mailbox:
        self.connect()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def connect(self) -> None:
        from imapclient import IMAPClient

        cfg = self.config
        context = tls_context(cfg.verify_tls, "IMAP", cfg.host)
        where = f"IMAP server {cfg.host}:{cfg.effective_port}"
        try:
            client = IMAPClient(cfg.host, port=cfg.effective_port, ssl=cfg.security == "ssl",
                                ssl_context=context, timeout=cfg.timeout_seconds)
            if cfg.security == "starttls":
                client.starttls(context)
        except (OSError, ssl.SSLError) as exc:
            raise MailboxError(f"Cannot connect to the {where}: {exc}") from exc
        client.normalise_times = False
        try:
            if cfg.uses_oauth2:
                oauth2_login(client, cfg)
            else:
                client.login(cfg.username, self._password or "")
        except Exception as exc:  # imapclient raises LoginError and IMAP4.error
            client.shutdown()
            raise MailboxError(imap_refusal(where, cfg, exc)) from exc
        self.client = client

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:  # noqa: BLE001 - the connection may already be gone
                pass
            self.client = None

    def select_inbox(self, readonly: bool = False) -> int:
        """Select the inbox (read-write, to move from it; read-only for a watcher that only
        listens) and return its UIDVALIDITY."""
        return self.select(self.config.inbox, readonly)

    def select(self, folder: str, readonly: bool = False) -> int:
        info = self.imap.select_folder(folder, readonly=readonly)
        self.uidvalidity = int(info[b"UIDVALIDITY"])
        return self.uidvalidity

    def find_message_id(self, message_id: str) -> list[int]:
        """UIDs in the selected folder whose Message-ID is `message_id` ("<...>").

        A move gives a message a new UID in the target folder; its Message-ID stays.
        SEARCH HEADER matches substrings, and with its angle brackets an id matches only
        itself."""
        charset = None if message_id.isascii() else "UTF-8"
        return sorted(self.imap.search(["HEADER", "Message-ID", message_id], charset))

    def wait_for_new_mail(self, stop: Event, renew_seconds: float = IDLE_RENEW_SECONDS,
                          check_seconds: float = 1.0) -> bool:
        """IDLE (RFC 2177) on the selected folder until the server reports new mail (True),
        `renew_seconds` pass or `stop` is set (False).

        The server pushes "* n EXISTS" when a message arrives. It may drop an IDLE after
        30 minutes, so callers come back within `renew_seconds` (25 min) to leave and
        re-enter it. `stop` is looked at every `check_seconds`. A dropped connection
        raises (imaplib's abort or OSError); the caller reconnects.
        """
        # Mail that came while we were not idling (a poll was running) is reported at
        # the next command: ask with NOOP first, so it is not missed.
        _text, pending = self.imap.noop()
        if _reports_new_mail(pending):
            return True
        started = time.monotonic()
        self.imap.idle()
        try:
            while not stop.is_set() and time.monotonic() - started < renew_seconds:
                woken = time.monotonic()
                responses = self.imap.idle_check(timeout=check_seconds)
                if _reports_new_mail(responses):
                    return True
                if not responses and time.monotonic() - woken < check_seconds / 2:
                    # Readable but nothing read: imapclient hides a closed connection
                    # (EOF) this way. DONE below raises if it is gone.
                    return False
            return False
        finally:
            self.imap.idle_done()

    def uids_after(self, last_uid: int) -> list[int]:
        # `N:*` always matches the highest UID, even one below N (RFC 3501): filter.
        return sorted(u for u in self.imap.search(["UID", f"{last_uid + 1}:*"])
                      if u > last_uid)

    def envelopes(self, uids: list[int]) -> list[Envelope]:
        out = []
        for uid, data in self.imap.fetch(uids, ["RFC822.SIZE", "INTERNALDATE"]).items():
            arrival = data[b"INTERNALDATE"]
            # the same moment and offset, in a tzinfo that pickles (imapclient's
            # FixedOffset does not), for worker processes
            arrival = arrival.replace(tzinfo=timezone(arrival.utcoffset()))
            out.append(Envelope(uid, int(data[b"RFC822.SIZE"]), arrival))
        return sorted(out, key=lambda e: e.uid)

    def bodies(self, envelopes: list[Envelope]) -> Iterator[Download]:
        """Download in batches so memory does not grow with the backlog."""
        for chunk in _chunks(envelopes, self.config.batch_size):
            response = self.imap.fetch([e.uid for e in chunk], ["BODY.PEEK[]"])
            for envelope in chunk:
                data = response.get(envelope.uid)
                if data is None:  # expunged by someone else meanwhile
                    continue
                yield Download(envelope.uid, envelope.arrival, bytes(data[b"BODY[]"]))

    def header_fields(self, uid: int, fields: str = "MESSAGE-ID FROM SUBJECT") -> bytes:
        """Only some header fields: for a message too large to download."""
        key = f"BODY.PEEK[HEADER.FIELDS ({fields})]"
        data = self.imap.fetch([uid], [key]).get(uid, {})
        return next((bytes(v) for k, v in data.items() if k.startswith(b"BODY[HEADER")), b"")

    def ensure_folders(self, *folders: str) -> None:
        existing = {name for _flags, _delim, name in self.imap.list_folders()}
        for folder in folders:
            if folder not in existing:
                self.imap.create_folder(folder)
                self.imap.subscribe_folder(folder)
                log.info("created IMAP folder %s", folder)

    def move(self, uids: list[int], folder: str) -> None:
        """MOVE when the server has it, else COPY + \\Deleted + UID EXPUNGE of just these."""
        if not uids:
            return
        if self.imap.has_capability("MOVE"):
            self.imap.move(uids, folder)
            return
        self.imap.copy(uids, folder)
        self.imap.add_flags(uids, [b"\\Deleted"], silent=True)
        if self.imap.has_capability("UIDPLUS"):
            self.imap.uid_expunge(uids)
        else:
            self.imap.expunge()


def oauth2_login(client, cfg: ImapConfig) -> None:
    """XOAUTH2 with the cached token; once more with a fresh one if it was refused
    (it may have expired early or been revoked)."""
    tokens = tokens_for(cfg.oauth2_token_command, cfg.oauth2_token_file)
    try:
        client.oauth2_login(cfg.username, tokens.token())
    except client.Error:
        client.oauth2_login(cfg.username, tokens.token(refresh=True))


def _reports_new_mail(responses: list) -> bool:
    """Whether untagged responses include "* n EXISTS" (or RECENT): a message arrived.
    Messages leaving the folder are reported as EXPUNGE, not EXISTS."""
    return any(isinstance(r, tuple) and len(r) > 1 and r[1] in (b"EXISTS", b"RECENT")
               for r in responses)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
