"""Shared pytest fixtures: real throwaway mail servers (see tests/servers.py).

- ``dovecot``: one Dovecot per session, emptied before each test.
- ``dovecot_nomove``: likewise, but without the MOVE capability (COPY fallback).
- ``smtp_sink``: a fresh SMTP sink per test.
"""

import os
from collections.abc import Iterator

import pytest
from servers import Dovecot, Postgres, SmtpSink


@pytest.fixture(scope="session")
def _dovecot_server() -> Iterator[Dovecot]:
    with Dovecot() as server:
        yield server


@pytest.fixture
def dovecot(_dovecot_server: Dovecot) -> Dovecot:
    _dovecot_server.reset()
    return _dovecot_server


@pytest.fixture(scope="session")
def _dovecot_nomove_server() -> Iterator[Dovecot]:
    with Dovecot(move_capability=False) as server:
        yield server


@pytest.fixture
def dovecot_nomove(_dovecot_nomove_server: Dovecot) -> Dovecot:
    _dovecot_nomove_server.reset()
    return _dovecot_nomove_server


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


CONFIG_TEMPLATE = """
timezone = "Europe/Copenhagen"
[database]
url = "{db}"
[imap]
host = "{imap_host}"
port = {imap_port}
security = "none"
username = "{imap_user}"
password_env = "MAILREG_TEST_IMAP_PASSWORD"
batch_size = {batch_size}
[smtp]
host = "{smtp_host}"
port = {smtp_port}
security = "none"
[coordinator]
name = "Lisbet Vestergaard"
address = "lv@fremtidensbiblioteker.dk"
organisation = "Tænketanken Fremtidens Biblioteker"
[replies]
max_replies_per_day = {max_replies}
[[networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
aliases = ["hverdagsledelse", "netværk for hverdagsledelse"]
deadline = "{deadline}"
first_meeting = 2025-06-03
price = "4.500 kr. + moms per deltager ekskl. forplejning"
capacity = {capacity}
late_policy = "{late_policy}"
cancel_note_after_deadline = "Bemærk, at årsprisen stadig opkræves."
{network_extra}
[[networks]]
slug = "baeredygtighed"
name = "Ledelse af bæredygtighed"
aliases = ["bæredygtighed", "netværk om bæredygtighed"]
deadline = 2025-03-15
first_meeting = 2025-04-03
price = "4.500 kr. + moms per deltager + forplejning"
capacity = 30
"""


@pytest.fixture(scope="session")
def _postgres():
    """Started only when MAILREG_TEST_DATABASE=postgresql (make test-postgres)."""
    if os.environ.get("MAILREG_TEST_DATABASE") != "postgresql":
        yield None
        return
    with Postgres() as server:
        yield server


@pytest.fixture
def database_url(tmp_path, _postgres) -> str:
    """A fresh, empty database: a SQLite file, or a PostgreSQL database of its own."""
    if _postgres is not None:
        return _postgres.new_database()
    return f"sqlite:///{tmp_path / 'mailreg.sqlite3'}"


@pytest.fixture
def make_config(tmp_path, dovecot, smtp_sink, monkeypatch, database_url):
    """Build a validated Config for the test servers; keyword arguments change values."""
    from mailreg.config import parse_config

    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", dovecot.password)

    def build(**overrides):
        values = {
            "db": database_url, "imap_host": dovecot.host,
            "imap_port": dovecot.port, "imap_user": dovecot.user, "smtp_host": smtp_sink.host,
            "smtp_port": smtp_sink.port, "deadline": "2025-03-15", "capacity": 30,
            "late_policy": "late", "batch_size": 50, "max_replies": 5, "network_extra": "",
        } | overrides
        text = CONFIG_TEMPLATE.format(**values)
        (tmp_path / "config.toml").write_text(text, encoding="utf-8")
        return parse_config(text)

    return build
