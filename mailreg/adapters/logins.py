"""Why an IMAP or SMTP server refused mailreg's login, said so that the administrator
knows which setting to look at: the server's own words (decoded, not a bytes repr)
and the hint that fits them."""

from __future__ import annotations

import ast
import smtplib

from mailreg.adapters.oauth import TokenError
from mailreg.config import ImapConfig, Secret, SmtpConfig


def server_words(value: object) -> str:
    """A server's reply as text: b'[AUTHENTICATIONFAILED] ...' (bytes, or the repr of
    bytes that imapclient's LoginError carries) -> [AUTHENTICATIONFAILED] ..."""
    if isinstance(value, BaseException):
        value = value.args[0] if value.args else str(value)
    if isinstance(value, str) and value[:2] in ("b'", 'b"'):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            pass
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).strip().rstrip(".")  # the sentence around it has its own full stop


def secret_source(config: Secret, section: str) -> str:
    """Where the password or token comes from, as config.toml says."""
    if config.password_env:
        return (f"the password in the environment variable {config.password_env} "
                f"({section}.password_env)")
    if config.password_file:
        return f"the password in {config.password_file} ({section}.password_file)"
    if config.oauth2_token_command:
        return f"the token that {section}.oauth2_token_command prints"
    if config.oauth2_token_file:
        return f"the token in {config.oauth2_token_file} ({section}.oauth2_token_file)"
    return f"the password ({section}.password_env or {section}.password_file)"


def imap_refusal(where: str, config: ImapConfig, exc: Exception) -> str:
    if isinstance(exc, TokenError):
        return f"No OAuth2 token to log in to the {where}: {exc}."
    said = server_words(exc)
    if "PRIVACYREQUIRED" in said or "without SSL/TLS" in said:
        return (f"The {where} takes no password on an unencrypted connection ({said}). "
                f'Set imap.security = "ssl" (port 993) or "starttls".')
    if "UNAVAILABLE" in said:
        return f"The {where} cannot log anyone in just now ({said}); try again later."
    return (f"The {where} refused the username or password ({said}). Check imap.username "
            f"({config.username}) and {secret_source(config, 'imap')}.")


def smtp_refusal(where: str, config: SmtpConfig, exc: Exception) -> str:
    if isinstance(exc, TokenError):
        return f"No OAuth2 token to log in to the {where}: {exc}."
    if isinstance(exc, smtplib.SMTPNotSupportedError):  # no AUTH in the EHLO answer
        hint = ('it may offer one only on an encrypted connection: set smtp.security = '
                '"starttls" and port = 587 (or "ssl" and 465)' if config.security == "none"
                else "check smtp.host and smtp.port")
        return (f"The {where} offers no login, but smtp.username is set. If it takes mail "
                f"from this machine without a login, leave out smtp.username; otherwise "
                f"{hint}.")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        said = f"{exc.smtp_code} {server_words(exc.smtp_error)}"
        return (f"The {where} refused the username or password ({said}). Check "
                f"smtp.username ({config.username}) and {secret_source(config, 'smtp')}.")
    return f"The {where} refused the login for {config.username}: {server_words(exc)}."
