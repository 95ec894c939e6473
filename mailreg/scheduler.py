"""The service: a poll every `poll_interval_minutes`, the digest at `digest_time`.

A BackgroundScheduler runs the jobs; the main thread waits on an Event that the
SIGTERM/SIGINT handler sets, then shuts the scheduler down and waits for a running
poll to finish (shutting a BlockingScheduler down from a signal handler raises).
"""

from __future__ import annotations

import logging
import signal
import threading

from sqlalchemy.engine import Engine

from mailreg.config import Config

log = logging.getLogger(__name__)


def run_service(config: Config, engine: Engine, stop: threading.Event | None = None) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    from mailreg.digest import send_digest_if_due
    from mailreg.pipeline import PollBusy, poll_once

    stop = stop or threading.Event()

    def poll_job() -> None:
        try:
            result = poll_once(config, engine)
            log.info("poll: %d messages, %d replies sent, %d failed",
                     result.processed, result.sent, result.failed)
            send_digest_if_due(config, engine)  # a digest that failed this morning
        except PollBusy as exc:
            log.info("%s", exc)
        except Exception as exc:  # noqa: BLE001 - the next poll tries again
            log.error("poll failed: %s", exc)

    def digest_job() -> None:
        try:
            send_digest_if_due(config, engine)
        except Exception as exc:  # noqa: BLE001 - retried at the next start or poll
            log.error("digest failed: %s", exc)

    scheduler = BackgroundScheduler(timezone=config.tz)
    scheduler.add_job(poll_job, IntervalTrigger(
        minutes=config.schedule.poll_interval_minutes, timezone=config.tz),
        id="poll", max_instances=1, coalesce=True, next_run_time=_now(config))
    digest_at = config.schedule.digest_time
    scheduler.add_job(digest_job, CronTrigger(
        hour=digest_at.hour, minute=digest_at.minute, timezone=config.tz),
        id="digest", max_instances=1, coalesce=True, misfire_grace_time=3600)

    def on_signal(signum, _frame) -> None:
        log.info("received %s, stopping after the current job", signal.Signals(signum).name)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    scheduler.start()
    log.info("mailreg running: poll every %s min, digest at %s (%s)",
             config.schedule.poll_interval_minutes, digest_at.strftime("%H:%M"),
             config.timezone)
    digest_job()  # a missed morning is caught up at start
    stop.wait()
    scheduler.shutdown(wait=True)
    log.info("mailreg stopped")


def _now(config: Config):
    from datetime import datetime

    return datetime.now(config.tz)
