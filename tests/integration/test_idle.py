"""Push: with `imap.idle` a sign-up is answered within seconds of arrival, against the
real Dovecot, and a dropped IDLE connection is reconnected."""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import mails

from mailreg.adapters.db import make_engine
from mailreg.entrypoints.scheduler import IdleWatcher, run_service
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)


def idle_config(make_config):
    config = make_config()
    return config.model_copy(update={
        "imap": config.imap.model_copy(update={"idle": True}),
        # Only IDLE can explain a reply within seconds: the timed poll is hours away.
        "schedule": config.schedule.model_copy(update={"poll_interval_minutes": 600}),
    })


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def replies_to(sink, address: str) -> list:
    return [m for m in sink.received if m.rcpt_tos == [address]]


def test_service_answers_a_new_sign_up_within_5_seconds(dovecot, smtp_sink, make_config):
    config = idle_config(make_config)
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse",
                                sent=T0), T0)
    stop = threading.Event()
    service = threading.Thread(target=run_service, args=(config, engine, stop))
    service.start()
    try:
        # The poll at start answers the backlog, then the watcher is idling.
        assert wait_until(lambda: replies_to(smtp_sink, "mette.holm@aarhus.dk"), 20)
        time.sleep(1.0)
        arrived = time.monotonic()
        dovecot.append(mails.signup("jens.berg@vejle.dk", "Jens Berg", "hverdagsledelse",
                                    sent=T0), T0 + timedelta(minutes=1))
        assert wait_until(lambda: replies_to(smtp_sink, "jens.berg@vejle.dk"), 5), (
            "no reply within 5 s of arrival")
        print(f"answered {time.monotonic() - arrived:.2f} s after arrival")
    finally:
        stop.set()
        service.join(timeout=15)
    assert not service.is_alive(), "the service did not stop"
    assert len(replies_to(smtp_sink, "jens.berg@vejle.dk")) == 1


def test_dropped_idle_connection_is_reconnected(dovecot, smtp_sink, make_config):
    config = idle_config(make_config)
    engine = make_engine(config.database.url)
    stop = threading.Event()
    watcher = IdleWatcher(config, lambda: poll_once(config, engine), stop)
    watcher.start()
    try:
        assert wait_until(watcher.idling.is_set, 10)
        # The connection dies under the watcher (a NAT timeout, a server restart).
        watcher.box.client.socket().shutdown(socket.SHUT_RDWR)
        assert wait_until(lambda: watcher.connections >= 2 and watcher.idling.is_set(), 15)
        dovecot.append(mails.signup("sofie.lund@herning.dk", "Sofie Lund", "hverdagsledelse",
                                    sent=T0), T0)
        assert wait_until(lambda: replies_to(smtp_sink, "sofie.lund@herning.dk"), 5)
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()
    assert dovecot.messages("INBOX") == []


def test_idle_is_renewed(dovecot, smtp_sink, make_config):
    """Leaving and re-entering IDLE (every 25 minutes in service) loses no mail."""
    config = idle_config(make_config)
    engine = make_engine(config.database.url)
    stop = threading.Event()
    polls = []
    watcher = IdleWatcher(config, lambda: polls.append(poll_once(config, engine)), stop,
                          renew_seconds=0.5)
    watcher.start()
    try:
        assert wait_until(watcher.idling.is_set, 10)
        time.sleep(1.6)  # several renewals
        assert len(polls) == 1 and watcher.connections == 1  # renewing is not new mail
        dovecot.append(mails.signup("karl.bak@odense.dk", "Karl Bak", "hverdagsledelse",
                                    sent=T0), T0)
        assert wait_until(lambda: replies_to(smtp_sink, "karl.bak@odense.dk"), 5)
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()
