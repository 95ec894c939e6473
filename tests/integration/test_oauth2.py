"""XOAUTH2 logins against the real servers: Dovecot checks the token with a local
introspection endpoint (as it would with Microsoft's or Google's), aiosmtpd with the
same SASL exchange Microsoft 365 and Gmail use."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import mails
import pytest
from servers import Dovecot

from mailreg.adapters.db import make_engine
from mailreg.adapters.oauth import TokenError, TokenSource, parse_token
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def introspection():
    """A token introspection endpoint that knows the tokens in `valid`."""
    valid: set[str] = set()
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            token = parse_qs(body).get("token", [""])[0]
            seen.append(token)
            answer = {"active": token in valid, "username": "coordinator"}
            payload = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.valid, server.seen = valid, seen
    yield server
    server.shutdown()


def test_poll_and_reply_with_xoauth2(introspection, smtp_sink, make_config, tmp_path,
                                     monkeypatch):
    url = f"http://127.0.0.1:{introspection.server_port}/introspect"
    with Dovecot(oauth2_introspection_url=url) as dovecot:
        token_file = tmp_path / "token.json"
        token_file.write_text(json.dumps({"access_token": "tok-1", "expires_in": 3599}))
        introspection.valid.add("tok-1")
        smtp_sink.oauth2_tokens.add("tok-1")
        config = make_config(imap_port=dovecot.port, imap_user=dovecot.user)
        imap = config.imap.model_copy(update={"password_env": None,
                                              "oauth2_token_file": token_file})
        smtp = config.smtp.model_copy(update={"username": "lv@fremtidensbiblioteker.dk",
                                              "oauth2_token_file": token_file})
        config = config.model_copy(update={"imap": imap, "smtp": smtp})
        engine = make_engine(config.database.url)
        dovecot.append(mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse",
                                    sent=datetime(2025, 2, 10, tzinfo=CPH)),
                       datetime(2025, 2, 10, tzinfo=CPH))

        result = poll_once(config, engine)

        assert result.outcomes == {"registered": 1} and result.sent == 1
        assert "tok-1" in introspection.seen
        assert [m.rcpt_tos for m in smtp_sink.received] == [["mette.holm@aarhus.dk"]]


def test_refused_token_is_refetched_once():
    calls = iter(["old-token", '{"access_token": "new-token", "expires_in": 3600}'])
    source = TokenSource(command="unused")
    source._read = lambda: next(calls)  # the command's two answers, in order
    assert source.token() == "old-token"
    assert source.token() == "old-token"  # cached
    assert source.token(refresh=True) == "new-token"


def test_expired_token_is_refreshed(tmp_path):
    now = [0.0]
    path = tmp_path / "token"
    path.write_text('{"access_token": "a", "expires_in": 120}')
    source = TokenSource(file=path, clock=lambda: now[0])
    assert source.token() == "a"
    path.write_text('{"access_token": "b", "expires_in": 120}')
    now[0] = 30
    assert source.token() == "a"
    now[0] = 61  # within a minute of expiry
    assert source.token() == "b"


def test_token_command_output_and_errors(tmp_path):
    assert parse_token("ya29.a0AfH6SMBx\n") == ("ya29.a0AfH6SMBx", 3000)
    with pytest.raises(TokenError, match="no access_token"):
        parse_token('{"error": "invalid_grant"}')
    failing = TokenSource(command="sh -c 'echo refresh token expired >&2; exit 3'")
    with pytest.raises(TokenError, match="exited with 3: refresh token expired"):
        failing.token()
