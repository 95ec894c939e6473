"""`mailreg demo`, the README's first command, runs from nothing and shows the result."""

import subprocess
import sys


def test_demo_runs_and_prints_registrations_and_replies():
    done = subprocess.run([sys.executable, "-m", "mailreg", "demo"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "One poll: 5 messages (1 machine, 3 registered, 1 review), 4 replies sent." in out
    assert "hverdagsledelse  late       Hanne Møller" in out
    assert "Subject: Bekræftelse: tilmelding til Mellemledernetværk om hverdagsledelse" in out
    assert "Kære Anne" in out and "tirsdag den 3. juni 2025" in out
    assert "[attached: hverdagsledelse.ics (text/calendar)]" in out
    assert "Traceback" not in done.stderr
