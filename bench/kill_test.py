"""Kill -9 the poller hundreds of times and count lost and duplicated outcomes.

Starts its own Dovecot and SMTP sink, loads a backlog of Danish sign-ups, kills
`mailreg poll --once` at random moments, lets a last run finish, and checks that
every message has exactly one outcome, every person one registration and at most
one reply. Repeats with a fresh backlog until --kills kills were done.

    .venv/bin/python bench/kill_test.py --kills 300
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CONFIG_TEMPLATE  # noqa: E402
from crash import exactly_once_report, people, run_with_kills  # noqa: E402
from mails import signup  # noqa: E402
from servers import Dovecot, SmtpSink  # noqa: E402

from mailreg.db import make_engine  # noqa: E402

CPH = ZoneInfo("Europe/Copenhagen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="total kills (default 200)")
    parser.add_argument("--backlog", type=int, default=40, help="mails per round")
    parser.add_argument("--per-round", type=int, default=10, help="kills per backlog")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    totals = {"lost": 0, "duplicated": 0, "uncertain": 0, "uncertain_delivered": 0}
    kills = rounds = 0
    with Dovecot() as dovecot, SmtpSink() as sink, tempfile.TemporaryDirectory() as tmp:
        os.environ["MAILREG_TEST_IMAP_PASSWORD"] = dovecot.password
        while kills < args.kills:
            rounds += 1
            dovecot.reset()
            sink.clear()
            db = Path(tmp, f"round{rounds}.sqlite3")
            config = Path(tmp, "config.toml")
            config.write_text(CONFIG_TEMPLATE.format(
                db=f"sqlite:///{db}", imap_host=dovecot.host, imap_port=dovecot.port,
                imap_user=dovecot.user,
                smtp_host=sink.host, smtp_port=sink.port, deadline="2025-03-15",
                capacity=args.backlog // 2, late_policy="late", batch_size=5,
                max_replies=5, network_extra=""), encoding="utf-8")
            start = datetime(2025, 2, 10, 9, tzinfo=CPH)
            appended = []
            for i, (address, name) in enumerate(people(args.backlog)):
                message_id = f"<r{rounds}-{i}@vejle.dk>"
                dovecot.append(signup(address, name, "hverdagsledelse", sent=start,
                                      message_id=message_id), start + timedelta(minutes=i))
                appended.append(message_id)
            kills += run_with_kills(config, args.per_round, args.seed + rounds, 1.2)
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
