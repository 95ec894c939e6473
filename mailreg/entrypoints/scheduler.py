"""The service: a poll every `poll_interval_minutes`, the digest at `digest_time`, and
with `imap.idle` a poll as soon as the server reports new mail.

A BackgroundScheduler runs the jobs; the main thread waits on an Event that the
SIGTERM/SIGINT handler sets, then shuts the scheduler down and waits for a running
poll to finish (shutting a BlockingScheduler down from a signal handler raises).
The IDLE watcher is a thread of its own with its own IMAP connection (one client per
thread); polls from it and from the schedule take turns through a lock, so a mail
reported while a poll runs is fetched by the next one.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from sqlalchemy.engine import Engine

from mailreg.adapters.mailbox import IDLE_RENEW_SECONDS, Mailbox
from mailreg.config import Config, MailboxView

log = logging.getLogger(__name__)
MAX_RECONNECT_SECONDS = 300


class IdleWatcher(threading.Thread):
    """Keeps an IMAP IDLE open on the inbox and calls `on_new_mail` when mail arrives.

    Also calls it after every (re)connection, to catch up on what came while no
    connection was open. IDLE is renewed every `renew_seconds`; a dropped connection is
    retried after 1, 2, 4 ... up to MAX_RECONNECT_SECONDS; the scheduled poll goes on
    meanwhile. Stops within about a second of `stop` being set.
    """

    def __init__(self, config: MailboxView, on_new_mail: Callable[[], None],
                 stop: threading.Event, renew_seconds: float = IDLE_RENEW_SECONDS) -> None:
        super().__init__(name="imap-idle", daemon=True)
        self.config = config
        self.on_new_mail = on_new_mail
        self.stop = stop
        self.renew_seconds = renew_seconds
        self.idling = threading.Event()  # set while an IDLE is open (tests, diagnostics)
        self.connections = 0
        self.box: Mailbox | None = None

    def run(self) -> None:
        delay = 1.0
        while not self.stop.is_set():
            try:
                with Mailbox(self.config.imap, self.config.imap.password()) as box:
                    self.box = box
                    box.select_inbox(readonly=True)
                    self.connections += 1
                    if self.connections > 1:
                        log.info("IMAP IDLE connection restored")
                    delay = 1.0
                    self.on_new_mail()
                    while not self.stop.is_set():
                        self.idling.set()
                        new = box.wait_for_new_mail(self.stop, self.renew_seconds)
                        self.idling.clear()
                        if new:
                            log.info("the IMAP server reports new mail")
                            self.on_new_mail()
            except Exception as exc:  # noqa: BLE001 - any failure: reconnect after a pause
                self.idling.clear()
                if self.stop.is_set():
                    break
                log.warning("IMAP IDLE connection lost (%s); reconnecting in %.0f s; the "
                            "scheduled poll goes on meanwhile", exc, delay)
                self.stop.wait(delay)
                delay = min(delay * 2, MAX_RECONNECT_SECONDS)
            finally:
                self.box = None


def run_service(config: Config, engine: Engine, stop: threading.Event | None = None) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    from mailreg.services.digest import send_digest_if_due
    from mailreg.services.poll import PollBusy, poll_once

    stop = stop or threading.Event()
    scheduler = BackgroundScheduler(timezone=config.tz)
    watchers = []
    digest_jobs = []
    for number, view in enumerate(config.mailbox_views()):
        poll_job, digest_job = _jobs(view, engine, poll_once, PollBusy, send_digest_if_due)
        scheduler.add_job(poll_job, IntervalTrigger(
            minutes=config.schedule.poll_interval_minutes, timezone=config.tz),
            id=f"poll-{number}", max_instances=1, coalesce=True, next_run_time=_now(config))
        digest_at = config.schedule.digest_time
        scheduler.add_job(digest_job, CronTrigger(
            hour=digest_at.hour, minute=digest_at.minute, timezone=config.tz),
            id=f"digest-{number}", max_instances=1, coalesce=True, misfire_grace_time=3600)
        digest_jobs.append(digest_job)
        if view.imap.idle:
            watchers.append(IdleWatcher(view, poll_job, stop))

    def on_signal(signum, _frame) -> None:
        log.info("received %s, stopping after the current job", signal.Signals(signum).name)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    scheduler.start()
    for watcher in watchers:
        watcher.start()
    log.info("mailreg running: %d mailbox(es), poll every %s min%s, digest at %s (%s)",
             len(digest_jobs), config.schedule.poll_interval_minutes,
             " and on new mail (IMAP IDLE)" if watchers else "",
             config.schedule.digest_time.strftime("%H:%M"), config.timezone)
    for digest_job in digest_jobs:
        digest_job()  # a missed morning is caught up at start
    stop.wait()
    scheduler.shutdown(wait=True)
    for watcher in watchers:
        watcher.join()  # leaves IDLE within a second; a poll it started is finished first
    log.info("mailreg stopped")


def _jobs(view: MailboxView, engine: Engine, poll_once, busy, send_digest_if_due):
    """The poll and digest jobs of one mailbox. Polls from the schedule and from IDLE
    take turns through a lock; a failing mailbox only logs, the others go on."""
    poll_lock = threading.Lock()
    label = view.coordinator.address

    def poll_job() -> None:
        try:
            with poll_lock:
                result = poll_once(view, engine)
            log.info("poll %s: %d messages, %d replies sent, %d failed",
                     label, result.processed, result.sent, result.failed)
            send_digest_if_due(view, engine)  # a digest that failed this morning
        except busy as exc:
            log.info("%s", exc)
        except Exception as exc:  # noqa: BLE001 - the next poll tries again
            log.error("poll of %s failed: %s", label, exc)

    def digest_job() -> None:
        try:
            send_digest_if_due(view, engine)
        except Exception as exc:  # noqa: BLE001 - retried at the next start or poll
            log.error("digest for %s failed: %s", label, exc)

    return poll_job, digest_job


def _now(config: Config):
    from datetime import datetime

    return datetime.now(config.tz)
