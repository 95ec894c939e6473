"""A refused login in the administrator's words: the server's reply decoded and the
setting to change. (The refusals of real servers: tests/integration/test_check_config.py.)"""

from __future__ import annotations

from imapclient.exceptions import LoginError

from mailreg.adapters.logins import imap_refusal, server_words
from mailreg.config import ImapConfig

IMAP = ImapConfig(host="imap.example.dk", username="lv@fremtidensbiblioteker.dk",
                  password_file="/etc/mailreg/imap-password")


def test_the_bytes_imapclient_hands_over_are_decoded() -> None:
    refusal = LoginError(str(b"[AUTHENTICATIONFAILED] Authentication failed."))
    assert server_words(refusal) == "[AUTHENTICATIONFAILED] Authentication failed"
    assert server_words(b"5.7.8 Error: authentication failed") == (
        "5.7.8 Error: authentication failed")


def test_a_refused_password_names_where_it_comes_from() -> None:
    said = imap_refusal("IMAP server imap.example.dk:993", IMAP,
                        LoginError(str(b"[AUTHENTICATIONFAILED] Authentication failed.")))
    assert said == ("The IMAP server imap.example.dk:993 refused the username or password "
                    "([AUTHENTICATIONFAILED] Authentication failed). Check imap.username "
                    "(lv@fremtidensbiblioteker.dk) and the password in "
                    "/etc/mailreg/imap-password (imap.password_file).")


def test_a_password_refused_for_want_of_tls_says_to_encrypt() -> None:
    said = imap_refusal("IMAP server imap.example.dk:143", IMAP, LoginError(str(
        b"[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections.")))
    assert 'Set imap.security = "ssl" (port 993) or "starttls".' in said
