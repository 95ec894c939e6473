"""Throughput of one `mailreg poll --once` on a backlog, next to the IMAP I/O floor.

Starts its own Dovecot and SMTP sink (tests/servers.py), appends N varied Danish
sign-ups (Outlook and Gmail, two networks, different people and libraries), then
measures

  (a) the floor: a fresh imapclient connection fetching every body with BODY.PEEK[]
      in batches of --batch-size, and nothing else;
  (b) one `python -m mailreg poll --once` in a subprocess that registers all N and
      sends all N replies (wall time and the subprocess's own peak RSS);

checks that the database holds N registrations and the sink received N replies, and
prints msg/s, the ratio b/a, the peak RSS, and where the machine's CPU went during the
poll (the poll with its workers, the SMTP sink, the rest). Appending is timed but not
counted.

Last, it measures the ceiling: the CPU per message of the parts every poll pays for
and mailreg does not write, each alone on an otherwise quiet machine (mail-parser on
the sign-ups, the IMAP fetch on both sides, a plain smtplib client sending the poll's
replies and the aiosmtpd sink receiving them; the least of three repeats), and the
rate those alone would allow.

    .venv/bin/python bench/throughput.py --n 5000
    .venv/bin/python bench/throughput.py --n 10000
    .venv/bin/python bench/throughput.py --database postgresql  # throwaway cluster
    .venv/bin/python bench/throughput.py --n 2000 --profile /tmp/poll.txt  # pyinstrument
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CONFIG_TEMPLATE  # noqa: E402
from mails import gmail, outlook  # noqa: E402
from servers import Dovecot, Postgres, SmtpSink  # noqa: E402

CPH = ZoneInfo("Europe/Copenhagen")
START = datetime(2025, 2, 3, 8, 0, tzinfo=CPH)  # before both deadlines (15 March 2025)
# Mails parsed and replies sent again to measure the ceiling, and how often: the least
# of the repeats is the one least disturbed by anything else on the machine.
CEILING_SAMPLE, CEILING_REPEATS = 1000, 3

FIRST = ["Mette", "Jens", "Sofie", "Karl", "Anne", "Bo", "Lise", "Ole", "Ida", "Per",
         "Hanne", "Søren", "Birgitte", "Niels", "Kirsten", "Mads", "Louise", "Rasmus",
         "Charlotte", "Henrik", "Pia", "Anders", "Signe", "Torben", "Maja", "Jørgen",
         "Helle", "Lars", "Dorthe", "Thomas"]
LAST = ["Holm", "Berg", "Lund", "Bak", "Dahl", "Skov", "Krogh", "Vinther", "Juhl", "Ravn",
        "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
        "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen",
        "Poulsen", "Møller", "Mortensen", "Østergaard", "Frederiksen", "Knudsen"]
TOWNS = ["Vejle", "Aarhus", "Herning", "Odense", "Aalborg", "Roskilde", "Køge", "Horsens",
         "Silkeborg", "Randers", "Kolding", "Esbjerg", "Næstved", "Holstebro", "Viborg",
         "Svendborg", "Frederikshavn", "Hjørring", "Skive", "Ringkøbing-Skjern"]
TITLES = ["Afdelingsleder", "Biblioteksleder", "Teamleder", "Bibliotekschef",
          "Souschef", "Fagkoordinator"]
# (words in the mail, network it means)
NETWORKS = [("hverdagsledelse", "hverdagsledelse"),
            ("netværket for hverdagsledelse", "hverdagsledelse"),
            ("mellemledernetværket om hverdagsledelse", "hverdagsledelse"),
            ("netværket om bæredygtighed", "baeredygtighed"),
            ("Ledelse af bæredygtighed", "baeredygtighed")]
OPENINGS = ["Jeg vil gerne tilmelde mig {what}.",
            "Hermed min tilmelding til {what}.",
            "Jeg vil meget gerne deltage i {what} og tilmelder mig hermed.",
            "Tak for invitationen. Jeg tilmelder mig {what}."]


def person(i: int) -> tuple[str, str, str, str]:
    """A distinct (name, address, library, title) for every i."""
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    town = TOWNS[(i * 7) % len(TOWNS)]
    local = f"{first}.{last}".lower().translate(str.maketrans("æøå", "aoa"))
    domain = town.lower().translate(str.maketrans("æøå", "aoa")).replace("-", "")
    return f"{first} {last}", f"{local}{i}@{domain}.dk", f"{town} Bibliotekerne", \
        TITLES[i % len(TITLES)]


def signup_mail(i: int) -> tuple[bytes, datetime]:
    """The i-th sign-up, as Outlook or Gmail writes it, and when it arrived."""
    name, address, library, title = person(i)
    words, _slug = NETWORKS[i % len(NETWORKS)]
    opening = OPENINGS[(i // 3) % len(OPENINGS)].format(what=words)
    body = (f"Hej Lisbet\n\n{opening}\n\nVenlig hilsen\n\n{name}\n{title}\n{library}\n"
            f"Tlf. 7{i % 10}{(i * 37) % 100:02d} {(i * 91) % 10000:04d}\n")
    arrival = START + timedelta(seconds=20 * i)
    sent = arrival - timedelta(seconds=3)
    subject = f"Tilmelding til {words}"
    if i % 3 == 2:
        return gmail(address, name, subject, body, sent=sent), arrival
    return outlook(address, name, subject, body, sent=sent,
                   message_id=f"<AM0PR02MB{i:07d}D8E0C1B5A3F1D2@eurprd02.prod.outlook.com>"), \
        arrival


def append_all(dovecot: Dovecot, n: int, connections: int = 4, per_command: int = 200) -> None:
    """MULTIAPPEND (RFC 3502) in parallel connections; each message keeps its own
    INTERNALDATE, as if it had arrived then."""
    def work(indices: range) -> None:
        with dovecot.client() as imap:
            for start in range(indices.start, indices.stop, per_command):
                msgs = []
                for i in range(start, min(start + per_command, indices.stop)):
                    raw, arrival = signup_mail(i)
                    msgs.append({"msg": raw, "date": arrival})
                imap.multiappend("INBOX", msgs)

    step = -(-n // connections)
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(work, [range(s, min(s + step, n)) for s in range(0, n, step)]))


def fetch_floor(dovecot: Dovecot, batch_size: int) -> tuple[int, int]:
    """The I/O floor: every body over one fresh connection, in batches. (messages, bytes)"""
    from imapclient import IMAPClient

    with IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=60) as imap:
        imap.login(dovecot.user, dovecot.password)
        imap.select_folder("INBOX", readonly=True)
        uids = sorted(imap.search(["ALL"]))
        size = count = 0
        for start in range(0, len(uids), batch_size):
            for data in imap.fetch(uids[start : start + batch_size], ["BODY.PEEK[]"]).values():
                size += len(data[b"BODY[]"])
                count += 1
    return count, size


@dataclass
class Ceiling:
    """CPU milliseconds per message of the parts a poll cannot skip, each alone."""

    fetch: float  # Dovecot and imapclient together, from the floor's fetch
    mail_parser: float
    smtp_client: float
    smtp_sink: float

    @property
    def total(self) -> float:
        return self.fetch + self.mail_parser + self.smtp_client + self.smtp_sink


def parse_cost(raws: list[bytes]) -> float:
    """CPU ms per message of mail-parser alone on these mails."""
    import mailparser

    started = time.process_time()
    for raw in raws:
        mailparser.parse_from_bytes(raw)
    return (time.process_time() - started) * 1000 / len(raws)


def smtp_cost(replies: list[bytes]) -> tuple[float, float]:
    """CPU ms per message of sending these over one plain smtplib connection to a fresh
    aiosmtpd sink: (client, sink). The sink runs in a thread of this process."""
    import smtplib

    with SmtpSink() as sink:
        smtp = smtplib.SMTP(sink.host, sink.port)
        own, client = resource.getrusage(resource.RUSAGE_SELF), time.thread_time()
        for raw in replies:
            smtp.sendmail("lv@example.dk", ["deltager@example.dk"], raw)
        client = time.thread_time() - client
        after = resource.getrusage(resource.RUSAGE_SELF)
        smtp.quit()
    total = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
    return client * 1000 / len(replies), (total - client) * 1000 / len(replies)


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores, /proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


@dataclass
class Poll:
    seconds: float
    rss_kb: int
    cpu: float  # the poll process and its reading workers
    sink_cpu: float  # this process during the poll: the SMTP sink's thread
    machine_cpu: float  # every core, everything: Dovecot and anything else too
    summary: str


def run_poll(config: Path, log: Path, profile: Path | None) -> Poll:
    """Run one poll in a subprocess and measure it."""
    prefix = [sys.executable]
    if profile and profile.suffix == ".prof":
        prefix += ["-m", "cProfile", "-o", str(profile)]
    elif profile:  # pyinstrument, a sampling profiler: pip install pyinstrument
        renderer = "html" if profile.suffix == ".html" else "text"
        prefix += ["-m", "pyinstrument", "-r", renderer, "-o", str(profile)]
    cmd = [*prefix, "-m", "mailreg", "--config", str(config), "poll", "--once"]
    with log.open("wb") as err, tempfile.TemporaryFile() as out:
        own, machine = resource.getrusage(resource.RUSAGE_SELF), busy_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)  # its usage includes its workers'
        elapsed = time.perf_counter() - started
        machine = busy_seconds() - machine
        after = resource.getrusage(resource.RUSAGE_SELF)
        sink = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read().decode(errors="replace").strip()
    if proc.returncode != 0:
        raise SystemExit(f"poll failed with exit code {proc.returncode}; see {log}:\n"
                         + log.read_text(errors="replace")[-3000:])
    return Poll(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, sink, machine,
                stdout)


def row_counts(url: str, *tables: str) -> list[int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables]
    engine.dispose()
    return counts


def help_time(runs: int = 7) -> float:
    """Median wall time of `python -m mailreg --help` (what the CLI costs to start)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mailreg", "--help"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="sign-ups (default 5000)")
    parser.add_argument("--batch-size", type=int, default=200,
                        help="imap.batch_size, also the floor's fetch batch (default 200)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                        help="sqlite (default), or a throwaway PostgreSQL cluster from "
                        "Debian's server that flushes its commits to disk")
    parser.add_argument("--log", type=Path, help="keep the poll's log (stderr) in this file")
    parser.add_argument("--profile", type=Path, help="profile the poll into this file: "
                        "cProfile for .prof, else pyinstrument (.txt or .html)")
    args = parser.parse_args()

    with ExitStack() as stack:
        dovecot, sink = stack.enter_context(Dovecot()), stack.enter_context(SmtpSink())
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        os.environ["MAILREG_TEST_IMAP_PASSWORD"] = dovecot.password
        if args.database == "postgresql":
            url = stack.enter_context(Postgres(durable=True)).new_database()
        else:
            url = f"sqlite:///{Path(tmp, 'bench.sqlite3')}"
        config = Path(tmp, "config.toml")
        config.write_text(CONFIG_TEMPLATE.format(
            db=url, imap_host=dovecot.host, imap_port=dovecot.port, imap_user=dovecot.user,
            smtp_host=sink.host, smtp_port=sink.port, deadline="2025-03-15",
            capacity=args.n, late_policy="late", batch_size=args.batch_size,
            max_replies=5, network_extra=""), encoding="utf-8")

        started = time.perf_counter()
        append_all(dovecot, args.n)
        append_s = time.perf_counter() - started

        started, machine = time.perf_counter(), busy_seconds()
        fetched, size = fetch_floor(dovecot, args.batch_size)
        floor_s = time.perf_counter() - started
        fetch_ms = (busy_seconds() - machine) * 1000 / args.n
        if fetched != args.n:
            raise SystemExit(f"the inbox holds {fetched} messages, expected {args.n}")

        poll = run_poll(config, args.log or Path(tmp, "poll.log"), args.profile)
        registrations, logged = row_counts(url, "registration", "inboundmessage")
        replies = len(sink.received)
        help_s = help_time()
        sample = range(min(args.n, CEILING_SAMPLE))
        replies_sample = [sink.received[i].data for i in sample]
        mails_sample = [signup_mail(i)[0] for i in sample]
        client_ms, sink_ms = min((smtp_cost(replies_sample) for _ in range(CEILING_REPEATS)),
                                 key=sum)
        ceiling = Ceiling(fetch_ms, min(parse_cost(mails_sample)
                                        for _ in range(CEILING_REPEATS)), client_ms, sink_ms)

    print(f"N                      {args.n} sign-ups, {size / args.n / 1024:.1f} KB each, "
          f"batch size {args.batch_size}, {args.database}")
    print(f"append (not counted)   {append_s:7.2f} s")
    print(f"(a) fetch floor        {floor_s:7.2f} s  {args.n / floor_s:8.0f} msg/s")
    print(f"(b) poll --once        {poll.seconds:7.2f} s  {args.n / poll.seconds:8.0f} msg/s")
    print(f"ratio b/a              {poll.seconds / floor_s:7.1f}")
    print(f"peak RSS of the poll   {poll.rss_kb / 1024:7.1f} MB")
    print(f"mailreg --help         {help_s:7.3f} s (median of 7)")
    cores = os.cpu_count() or 1
    per_message = 1000 / args.n
    print(f"CPU during the poll    {poll.machine_cpu:7.1f} s of {cores} cores x "
          f"{poll.seconds:.1f} s ({poll.machine_cpu / poll.seconds / cores:.0%} busy), "
          f"{poll.machine_cpu * per_message:.2f} ms a message: poll and its workers "
          f"{poll.cpu * per_message:.2f}, SMTP sink {poll.sink_cpu * per_message:.2f}, "
          f"rest (Dovecot, a database server, other load) "
          f"{(poll.machine_cpu - poll.cpu - poll.sink_cpu) * per_message:.2f}")
    print(f"ceiling                {ceiling.total:.2f} ms a message for the parts every poll "
          f"pays, each alone: IMAP fetch {ceiling.fetch:.2f}, mail-parser "
          f"{ceiling.mail_parser:.2f}, SMTP client {ceiling.smtp_client:.2f}, SMTP sink "
          f"{ceiling.smtp_sink:.2f}; with nothing else, {cores} cores allow at most "
          f"{cores * 1000 / ceiling.total:.0f} msg/s")
    print(f"poll said              {poll.summary}")
    print(f"registrations in DB    {registrations} (messages logged: {logged})")
    print(f"replies at the sink    {replies}")
    ok = registrations == args.n and replies == args.n and logged == args.n
    if not ok:
        print("MISMATCH: expected one registration and one reply per sign-up")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
