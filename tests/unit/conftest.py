"""Unit tests use no server: asking for Dovecot, the SMTP sink or a database here is an
error, so `make unit` runs where Dovecot and PostgreSQL cannot."""

import pytest


def _no_servers(name: str):
    @pytest.fixture
    def refuse():
        raise pytest.UsageError(f"tests/unit may not use the {name!r} fixture; move the "
                                f"test to tests/integration")
    return refuse


dovecot = _no_servers("dovecot")
dovecot_nomove = _no_servers("dovecot_nomove")
smtp_sink = _no_servers("smtp_sink")
database_url = _no_servers("database_url")
make_config = _no_servers("make_config")
