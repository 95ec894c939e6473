"""Reading fetched mail before any rule or database: parse, screen, understand.

This is most of the CPU work per message and needs nothing but the bytes, the
networks and whose inbox it is, so a large backlog spreads it over worker processes
(`Intake`) while the poll decides message after message in arrival order. A small poll reads inline:
starting workers costs more than a few messages.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime

from mailreg.domain.mail import Inbound, message_key
from mailreg.domain.model import Coordinator, Defect, Network, Note, Understanding, Why
from mailreg.reading.message import parse
from mailreg.reading.understand import understand

log = logging.getLogger(__name__)
POOL_FROM = 400  # messages in a poll from which worker processes pay off


@dataclass(frozen=True)
class Analysis:
    mail: Inbound
    request: Understanding | None = None  # None: no sender, nobody to answer
    failure: Note | None = None  # reading crashed: the message goes to review with this


def read(raw: bytes, arrival: datetime) -> Inbound:
    """Parse, and turn even a parser crash into a message that goes to review."""
    try:
        return parse(raw, arrival)
    except Exception as exc:  # noqa: BLE001 - hostile input may break any parser path
        log.warning("unreadable message: %s", exc)
        return Inbound(key=message_key("", raw), message_id="", sender="", sender_name="",
                       subject="", text="", arrival=arrival, size=len(raw),
                       defects=(Note.of(Defect.unparseable, error=type(exc).__name__),))


def analyse(raw: bytes, arrival: datetime, networks: Sequence[Network],
            coordinator: Coordinator | None = None) -> Analysis:
    mail = read(raw, arrival)
    if not mail.sender:
        return Analysis(mail)
    try:
        return Analysis(mail, understand(mail, networks, coordinator))
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop a batch
        log.exception("%s could not be understood", mail.key)
        return Analysis(mail, failure=Note.of(Why.failed, error=f"{type(exc).__name__}: {exc}"))


_networks: Sequence[Network] = []
_coordinator: Coordinator | None = None


def _start_worker(networks: Sequence[Network], coordinator: Coordinator | None) -> None:
    global _networks, _coordinator
    _networks, _coordinator = networks, coordinator


def _analyse_in_worker(raw: bytes, arrival: datetime) -> Analysis:
    return analyse(raw, arrival, _networks, _coordinator)


class Intake:
    """Analyses fetched mail, in worker processes when there is a backlog."""

    def __init__(self, networks: Sequence[Network], backlog: int,
                 coordinator: Coordinator | None = None) -> None:
        self.networks, self.coordinator = networks, coordinator
        self.pool: ProcessPoolExecutor | None = None
        workers = min(os.cpu_count() or 1, 4)
        if backlog >= POOL_FROM and workers > 1:
            # spawn, not fork: the scheduler's threads must not be forked mid-lock
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker, initargs=(networks, coordinator))

    def submit(self, fetched: list[tuple[bytes, datetime]]) -> Iterator[Analysis]:
        """Start analysing; the results come in the order given."""
        if self.pool is None or not fetched:
            return self._inline(fetched)
        try:
            results = self.pool.map(_analyse_in_worker, *zip(*fetched, strict=True),
                                    chunksize=max(1, len(fetched) // 8))
        except BrokenProcessPool:
            return self._inline_after_broken_pool(fetched)
        return self._guarded(results, fetched)

    def _guarded(self, results: Iterable[Analysis],
                 fetched: list[tuple[bytes, datetime]]) -> Iterator[Analysis]:
        done = 0
        try:
            for analysis in results:
                done += 1
                yield analysis
        except BrokenProcessPool:
            yield from self._inline_after_broken_pool(fetched[done:])

    def _inline_after_broken_pool(self, fetched) -> Iterator[Analysis]:
        log.error("the worker processes died; reading the rest in this process")
        self.close()
        return self._inline(fetched)

    def _inline(self, fetched: list[tuple[bytes, datetime]]) -> Iterator[Analysis]:
        return (analyse(raw, arrival, self.networks, self.coordinator)
                for raw, arrival in fetched)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
