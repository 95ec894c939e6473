"""`mailreg demo`: the whole pipeline on a throwaway local mail setup.

Starts pymap (a pure-Python IMAP server, so no root and no system packages) and an
aiosmtpd sink on 127.0.0.1, loads the sample sign-ups from data/samples/ with their
Date header as arrival time, runs one poll, and prints the registrations and replies.
"""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
PASSWORD = "demo-password"  # the throwaway server's only password, never a real one

DEMO_CONFIG = """
timezone = "Europe/Copenhagen"
[database]
url = "sqlite:///{db}"
[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "lv"
password_env = "MAILREG_DEMO_PASSWORD"
[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
[coordinator]
name = "Lisbet Vestergaard"
address = "lv@fremtidensbiblioteker.dk"
organisation = "Tænketanken Fremtidens Biblioteker"
[[networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
aliases = ["hverdagsledelse", "netværk for hverdagsledelse"]
deadline = "15. marts 2025"
first_meeting = 2025-06-03
price = "4.500 kr. + moms per deltager ekskl. forplejning"
capacity = 30
[[networks]]
slug = "baeredygtighed"
name = "Ledelse af bæredygtighed"
aliases = ["bæredygtighed", "netværk om bæredygtighed"]
deadline = 2025-03-15
first_meeting = 2025-04-03
price = "4.500 kr. + moms per deltager + forplejning"
capacity = 30
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            error = proc.stderr.read() if proc.stderr else b""
            raise RuntimeError(f"the demo IMAP server stopped: {error!r}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the demo IMAP server did not start in time")


def arrival_of(raw: bytes) -> datetime:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    try:
        return parsedate_to_datetime(msg["Date"])
    except (TypeError, ValueError):
        return datetime.now(UTC)


def run_demo() -> int:
    from aiosmtpd.controller import Controller
    from imapclient import IMAPClient

    from mailreg.adapters.db import make_engine
    from mailreg.config import parse_config
    from mailreg.services.poll import poll_once
    from mailreg.services.report import registrations

    received: list = []

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    with tempfile.TemporaryDirectory(prefix="mailreg-demo-") as tmp:
        imap_port, smtp_port = free_port(), free_port()
        pymap = subprocess.Popen(
            [sys.executable, "-c", "import sys; from pymap.main import main; sys.exit(main())",
             "--host", "127.0.0.1", "--port", str(imap_port),
             "--no-tls", "dict", "--demo-user", "lv", "--demo-password", PASSWORD],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        smtp = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
        smtp.start()
        try:
            wait_for_port(imap_port, pymap)
            samples = sorted(SAMPLES.glob("*.eml"))
            client = IMAPClient("127.0.0.1", port=imap_port, ssl=False)
            client.login("lv", PASSWORD)
            for path in samples:
                raw = path.read_bytes()
                client.append("INBOX", raw, msg_time=arrival_of(raw))
            client.logout()
            print(f"Loaded {len(samples)} sample mails from {SAMPLES} into a local IMAP "
                  f"server (127.0.0.1:{imap_port}).\n")

            os.environ["MAILREG_DEMO_PASSWORD"] = PASSWORD
            config = parse_config(DEMO_CONFIG.format(
                db=Path(tmp, "demo.sqlite3"), imap_port=imap_port, smtp_port=smtp_port),
                source="demo config")
            engine = make_engine(config.database.url)
            [view] = config.mailbox_views()
            result = poll_once(view, engine)
            print(f"One poll: {result.processed} messages "
                  f"({', '.join(f'{n} {k}' for k, n in sorted(result.outcomes.items()))}), "
                  f"{result.sent} replies sent.\n")
            print_registrations(registrations(engine), config)
            print_replies(received)
        finally:
            smtp.stop()
            pymap.terminate()
            pymap.wait(timeout=10)
    return 0


def print_registrations(rows, config) -> None:
    print("Registrations:")
    for r in rows:
        arrived = r.received_at.astimezone(config.tz).strftime("%d.%m.%Y %H:%M")
        print(f"  {r.network:<16} {r.status:<10} {r.name:<22} {r.email:<30} "
              f"EAN {r.ean or '-':<14} arrived {arrived}")
    print()


def print_replies(envelopes) -> None:
    print(f"Replies sent ({len(envelopes)}):")
    for envelope in envelopes:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        print("-" * 72)
        print(f"To: {', '.join(envelope.rcpt_tos)}")
        print(f"Subject: {msg['Subject']}")
        print()
        body = msg.get_body(("plain",))
        print(body.get_content().rstrip() if body else "")
        for part in msg.iter_attachments():
            print(f"[attached: {part.get_filename()} ({part.get_content_type()})]")
    print("-" * 72)
