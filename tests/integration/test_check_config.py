"""`mailreg check-config` against the real test servers, as the administrator sees it:
warnings that do not fail, and a refused login said in plain words with the setting to
check (never a bytes repr, never the password)."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from servers import free_port

from mailreg.entrypoints.cli import EXIT_SERVER, main


def check_config(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--config", str(path), "check-config"])
    out = capsys.readouterr()
    return code, out.out + out.err


def with_smtp_login(path: Path) -> None:
    """The test config with a username (and a password) for the SMTP server."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(
        '[smtp]\n', '[smtp]\nusername = "lv@fremtidensbiblioteker.dk"\n'
        'password_env = "MAILREG_TEST_SMTP_PASSWORD"\n', 1), encoding="utf-8")


def test_a_warning_is_shown_and_check_config_still_passes(dovecot, smtp_sink, make_config,
                                                          tmp_path, capsys):
    make_config(deadline="2025-01-31")  # long past: still a valid file
    code, said = check_config(tmp_path / "config.toml", capsys)
    assert code == 0, said
    assert "valid (2 network(s), time zone Europe/Copenhagen), 2 warning(s):" in said
    assert ("networks[hverdagsledelse].deadline: 31.01.2025 has passed, so every sign-up "
            "from now on is after the deadline") in said
    assert "IMAP: logged in" in said and "SMTP: connected" in said
    assert not (tmp_path / "mailreg.sqlite3").exists()  # check-config creates no database


def test_a_refused_imap_password_names_the_settings(dovecot, smtp_sink, make_config, tmp_path,
                                                    capsys, monkeypatch):
    make_config()
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", "Sommer2025!")
    code, said = check_config(tmp_path / "config.toml", capsys)
    assert code == EXIT_SERVER
    assert f"The IMAP server {dovecot.host}:{dovecot.port} refused the username or password (" \
           in said
    assert "AUTHENTICATIONFAILED" in said and "b'" not in said
    assert (f"Check imap.username ({dovecot.user}) and the password in the environment "
            f"variable MAILREG_TEST_IMAP_PASSWORD (imap.password_env).") in said
    assert "Sommer2025!" not in said


def test_a_refused_smtp_password_names_the_settings(dovecot, smtp_sink, make_config, tmp_path,
                                                    capsys, monkeypatch):
    make_config()
    with_smtp_login(tmp_path / "config.toml")
    monkeypatch.setenv("MAILREG_TEST_SMTP_PASSWORD", "Sommer2025!")
    code, said = check_config(tmp_path / "config.toml", capsys)
    assert code == EXIT_SERVER
    assert "refused the username or password (535 " in said and "b'" not in said
    assert ("Check smtp.username (lv@fremtidensbiblioteker.dk) and the password in the "
            "environment variable MAILREG_TEST_SMTP_PASSWORD (smtp.password_env).") in said
    assert "Sommer2025!" not in said


class _Accept:
    async def handle_DATA(self, server, session, envelope) -> str:
        return "250 OK"


def test_an_smtp_server_without_login_says_what_to_change(dovecot, smtp_sink, make_config,
                                                          tmp_path, capsys, monkeypatch):
    """A server that offers AUTH only after STARTTLS, reached with security = "none"."""
    port = free_port()
    server = Controller(_Accept(), hostname="127.0.0.1", port=port,
                        server_hostname="no-auth.test")  # AUTH only over TLS: none here
    server.start()
    try:
        make_config(smtp_port=port)
        with_smtp_login(tmp_path / "config.toml")
        monkeypatch.setenv("MAILREG_TEST_SMTP_PASSWORD", "Sommer2025!")
        code, said = check_config(tmp_path / "config.toml", capsys)
    finally:
        server.stop()
    assert code == EXIT_SERVER
    assert f"The SMTP server 127.0.0.1:{port} offers no login, but smtp.username is set" in said
    assert "leave out smtp.username" in said
    assert 'set smtp.security = "starttls" and port = 587' in said
    assert "SMTP AUTH extension" not in said
