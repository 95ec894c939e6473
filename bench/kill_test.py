"""Kill -9 the poller hundreds of times and count lost and duplicated outcomes.

Starts its own Dovecot and SMTP sink, loads a backlog of Danish sign-ups, kills
`mailreg poll --once` at random moments, lets a last run finish, and checks that
every message has exactly one outcome, every person one registration and at most
one reply. Repeats with a fresh backlog until --kills kills were done.

A kill comes at a random moment after the poll decided its first message (or sent
its first reply), within the time a whole poll of a backlog works from its first
decision on, shortened in proportion to the mail still in the inbox. Kills then land
while messages are decided and replies are sent, not while the interpreter starts or
after the poll is done.

    .venv/bin/python bench/kill_test.py --kills 300
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CONFIG_TEMPLATE  # noqa: E402
from crash import (  # noqa: E402
    exactly_once_report,
    people,
    poll_command,
    run_with_kills,
    wait_until_working,
)
from mails import signup  # noqa: E402
from servers import Dovecot, SmtpSink  # noqa: E402

from mailreg.adapters.db import make_engine  # noqa: E402

CPH = ZoneInfo("Europe/Copenhagen")


def load_round(dovecot: Dovecot, sink: SmtpSink, db: Path, config: Path,
               backlog: int, tag: str) -> list[str]:
    """A fresh inbox of `backlog` sign-ups and a config with a fresh database; returns
    the sign-ups' Message-IDs."""
    dovecot.reset()
    sink.clear()
    config.write_text(CONFIG_TEMPLATE.format(
        db=f"sqlite:///{db}", imap_host=dovecot.host, imap_port=dovecot.port,
        imap_user=dovecot.user, smtp_host=sink.host, smtp_port=sink.port,
        deadline="2025-03-15", capacity=max(backlog // 2, 1), late_policy="late", batch_size=5,
        max_replies=5, network_extra=""), encoding="utf-8")
    start = datetime(2025, 2, 10, 9, tzinfo=CPH)
    appended = []
    for i, (address, name) in enumerate(people(backlog)):
        message_id = f"<{tag}-{i}@vejle.dk>"
        dovecot.append(signup(address, name, "hverdagsledelse", sent=start,
                              message_id=message_id), start + timedelta(minutes=i))
        appended.append(message_id)
    return appended


def work_time(config: Path) -> float:
    """Seconds from a poll's first decision to its end."""
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(poll_command(config), stdout=subprocess.DEVNULL, stderr=log)
        wait_until_working(proc, log)
        started = time.perf_counter()
        if proc.wait() != 0:
            raise SystemExit("the calibration poll failed")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="total kills (default 200)")
    parser.add_argument("--backlog", type=int, default=40, help="mails per round")
    parser.add_argument("--per-round", type=int, default=4,
                        help="runs started (and killed if still working) per backlog")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    totals = {"lost": 0, "duplicated": 0, "uncertain": 0, "uncertain_delivered": 0}
    kills = rounds = 0
    with Dovecot() as dovecot, SmtpSink() as sink, tempfile.TemporaryDirectory() as tmp:
        os.environ["MAILREG_TEST_IMAP_PASSWORD"] = dovecot.password
        config = Path(tmp, "config.toml")
        load_round(dovecot, sink, Path(tmp, "whole.sqlite3"), config, args.backlog, "whole")
        work = work_time(config)
        print(f"a poll of {args.backlog} mails works {work:.2f} s from its first decision: "
              f"kills come up to that long after it", flush=True)
        while kills < args.kills:
            rounds += 1
            db = Path(tmp, f"round{rounds}.sqlite3")
            appended = load_round(dovecot, sink, db, config, args.backlog, f"r{rounds}")
            def until(backlog=args.backlog) -> float:
                with dovecot.client() as imap:
                    left = imap.select_folder("INBOX")[b"EXISTS"]
                return work * left / backlog

            kills += run_with_kills(config, args.per_round, args.seed + rounds, until)
            report = exactly_once_report(make_engine(f"sqlite:///{db}"), sink, appended)
            for key in totals:
                totals[key] += report[key]
            print(f"round {rounds}: {kills} kills so far, {report}", flush=True)
    print(f"{kills} kills in {rounds} rounds of {args.backlog} mails: lost {totals['lost']}, "
          f"duplicated {totals['duplicated']} (replies left uncertain and shown to the "
          f"coordinator: {totals['uncertain']}, of which the SMTP server had accepted "
          f"{totals['uncertain_delivered']})")
    return 0 if totals["lost"] == 0 and totals["duplicated"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
