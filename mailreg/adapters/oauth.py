"""OAuth2 access tokens for XOAUTH2 logins (Microsoft 365 and Google Workspace, where
basic password login to IMAP and SMTP is switched off).

mailreg does not run the OAuth flow itself: a command (for example a small script
around MSAL or Google's auth library, or `oama`) or a file kept fresh by one hands it
an access token. The output is either the bare token or JSON with `access_token` and
`expires_in` (seconds). Tokens are cached until shortly before they expire and fetched
again when the server rejects one.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LIFETIME = 50 * 60  # providers issue 60-minute tokens; refresh before that
MARGIN = 60


class TokenError(Exception):
    """No token could be had; the message says from where and why."""


@dataclass
class TokenSource:
    command: str | None = None
    file: Path | None = None
    clock: Callable[[], float] = time.monotonic
    _token: str | None = field(default=None, repr=False)
    _expires: float = 0.0

    def token(self, refresh: bool = False) -> str:
        """A token valid for at least a minute more; `refresh` forces a new one."""
        if self._token and not refresh and self.clock() < self._expires:
            return self._token
        text = self._read()
        token, lifetime = parse_token(text)
        self._token, self._expires = token, self.clock() + max(lifetime - MARGIN, 0)
        return token

    def _read(self) -> str:
        if self.command:
            try:
                done = subprocess.run(shlex.split(self.command), capture_output=True,
                                      text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise TokenError(f"oauth2_token_command could not run: {exc}") from exc
            if done.returncode != 0:
                raise TokenError(f"oauth2_token_command exited with {done.returncode}: "
                                 f"{done.stderr.strip()[:300]}")
            return done.stdout
        if self.file:
            try:
                return self.file.read_text(encoding="utf-8")
            except OSError as exc:
                raise TokenError(f"Cannot read oauth2_token_file {self.file}: "
                                 f"{exc.strerror}") from exc
        raise TokenError("no oauth2_token_command or oauth2_token_file configured")


def parse_token(text: str) -> tuple[str, float]:
    """(token, lifetime in seconds) from a bare token or a JSON token response."""
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
            return str(data["access_token"]), float(data.get("expires_in", DEFAULT_LIFETIME))
        except (ValueError, KeyError, TypeError) as exc:
            raise TokenError("the token JSON has no access_token") from exc
    if not text or any(ch.isspace() for ch in text):
        raise TokenError("the token command or file gave no single token")
    return text, DEFAULT_LIFETIME


def xoauth2(user: str, token: str) -> str:
    """The SASL XOAUTH2 initial response (before base64)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


_sources: dict[tuple[str | None, Path | None], TokenSource] = {}


def tokens_for(command: str | None, file: Path | None) -> TokenSource:
    """One token source per configured command or file, kept for the process: a token
    is fetched once and reused until shortly before it expires."""
    return _sources.setdefault((command, file), TokenSource(command, file))
