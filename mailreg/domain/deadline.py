"""Deadlines: "senest 15. marts 2025" holds up to and including 23:59:59 that day in
the configured time zone, and a mail counts from when the coordinator's mailbox
received it (IMAP INTERNALDATE), not from its Date header or when it was processed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def arrived_in_time(arrival: datetime, deadline: date, tz: ZoneInfo) -> bool:
    """Whether a mail that arrived at `arrival` (aware) meets a deadline day in `tz`."""
    return arrival.astimezone(tz).date() <= deadline
