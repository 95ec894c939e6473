"""Kill -9 a poller at random moments and count what was lost or doubled.

Shared by tests/test_reliability.py and bench/kill_test.py (which repeats it
hundreds of times).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlmodel import select

from mailreg.adapters.db import session
from mailreg.adapters.tables import InboundMessage, OutboxMessage, Registration


def people(n: int) -> list[tuple[str, str]]:
    first = ["Mette", "Jens", "Sofie", "Karl", "Anne", "Bo", "Lise", "Ole", "Ida", "Per"]
    last = ["Holm", "Berg", "Lund", "Bak", "Dahl", "Skov", "Krogh", "Vinther", "Juhl", "Ravn"]
    out = []
    for i in range(n):
        name = f"{first[i % 10]} {last[(i // 10) % 10]}"
        out.append((f"{name.lower().replace(' ', '.')}{i}@vejle.dk", name))
    return out


def poll_command(config_path: Path) -> list[str]:
    return [sys.executable, "-m", "mailreg", "--config", str(config_path), "poll", "--once"]


# what a poll logs once it works: a message decided, a reply sent
WORKING = ("outcome=", " sent to ")


def run_with_kills(config_path: Path, kills: int, seed: int,
                   max_delay: float | Callable[[], float]) -> int:
    """Start `poll --once` and kill -9 it at a random moment up to `max_delay` seconds
    (a function: asked before each run) after it decided its first message or sent its
    first reply, `kills` times; then let one run finish. Returns how many runs were
    killed before they finished. Counting from the first decision, not from the start,
    puts the kills where the work is on a fast machine and a slow one alike."""
    rng = random.Random(seed)
    cmd = poll_command(config_path)
    killed = 0
    for _ in range(kills):
        with tempfile.TemporaryFile() as log:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
            wait_until_working(proc, log)
            time.sleep(rng.uniform(0, max_delay() if callable(max_delay) else max_delay))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                killed += 1
            proc.wait()
    final = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    return killed


def wait_until_working(proc: subprocess.Popen, log) -> None:
    """Return once the poll writing its log to the file `log` has decided a message or
    sent a reply, or has ended."""
    while proc.poll() is None:
        # pread: the poll writes through the same file offset, which must not move
        text = os.pread(log.fileno(), 1 << 20, 0).decode(errors="replace")
        if any(marker in text for marker in WORKING):
            return
        time.sleep(0.002)


def exactly_once_report(engine, sink, appended: list[str]) -> dict[str, int]:
    """lost: a message without an outcome, or a reply that never went out although
    nothing marks it for the coordinator; duplicated: a second outcome, registration or
    reply. uncertain: replies claimed when the poller died, never resent (at most one
    reply) and listed for the coordinator; how many of those did reach the server is
    counted apart (`uncertain_delivered`)."""
    with session(engine) as s:
        logged = Counter(m.message_id for m in s.exec(select(InboundMessage)).all())
        regs = Counter(r.email for r in s.exec(select(Registration)).all())
        uncertain = s.exec(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                           .where(OutboxMessage.claimed_at.is_not(None))).all()
        answered_by_uncertain = {
            m.message_id for m in s.exec(select(InboundMessage)).all()
            if m.key in {u.in_reply_to_key for u in uncertain}}
    replies = Counter(m.message["In-Reply-To"] for m in sink.received)
    delivered_ids = {m.message["Message-ID"] for m in sink.received}
    lost = sum(1 for mid in appended if logged[mid] == 0)
    lost += sum(1 for mid in appended
                if replies[mid] == 0 and mid not in answered_by_uncertain)
    duplicated = sum(n - 1 for n in logged.values() if n > 1)
    duplicated += sum(n - 1 for n in regs.values() if n > 1)
    duplicated += sum(n - 1 for n in replies.values() if n > 1)
    return {"lost": lost, "duplicated": duplicated, "uncertain": len(uncertain),
            "uncertain_delivered": sum(1 for u in uncertain if u.message_id in delivered_ids)}
