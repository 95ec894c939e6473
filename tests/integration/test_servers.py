"""The test servers themselves work, so failures elsewhere point at mailreg, not the harness."""

import smtplib
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from servers import Dovecot, SmtpSink

RAW = (
    "From: Søren Ærø <soeren@example.dk>\r\n"
    "To: tilmelding@example.dk\r\n"
    "Subject: =?utf-8?q?Tilmelding_til_m=C3=B8de?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Hej, jeg vil gerne tilmelde mig. Blåbærgrød på Ærø, æøå ÆØÅ.\r\n"
).encode()


def test_append_keeps_internaldate_and_text(dovecot: Dovecot) -> None:
    # An offset other than the server's (UTC) shows the instant survives the round trip.
    when = datetime(2024, 3, 5, 23, 30, 15, tzinfo=timezone(timedelta(hours=-7)))
    uid = dovecot.append(RAW, when, flags=[b"\\Seen"])

    with dovecot.client() as imap:
        imap.normalise_times = False
        imap.select_folder("INBOX", readonly=True)
        data = imap.fetch([uid], ["INTERNALDATE", "FLAGS", "BODY.PEEK[]"])[uid]

    assert data[b"INTERNALDATE"] == when
    assert data[b"INTERNALDATE"].utcoffset() is not None
    assert b"\\Seen" in data[b"FLAGS"]
    assert data[b"BODY[]"] == RAW
    assert "Blåbærgrød på Ærø, æøå ÆØÅ" in data[b"BODY[]"].decode()
    assert dovecot.messages("INBOX") == [RAW]


def test_nested_folders_use_slash_and_reset_removes_them(dovecot: Dovecot) -> None:
    when = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    dovecot.append(RAW, when, folder="Tilmeldinger/Behandlet")
    dovecot.append(RAW, when)

    with dovecot.client() as imap:
        folders = {name: delimiter for _flags, delimiter, name in imap.list_folders()}
    assert folders["Tilmeldinger/Behandlet"] == b"/"
    assert dovecot.messages("Tilmeldinger/Behandlet") == [RAW]
    assert dovecot.messages("Findes/Ikke") == []

    dovecot.reset()
    with dovecot.client() as imap:
        assert [name for _flags, _delim, name in imap.list_folders()] == ["INBOX"]
    assert dovecot.messages("INBOX") == []


def test_move_capability_can_be_withheld(dovecot: Dovecot, dovecot_nomove: Dovecot) -> None:
    with dovecot.client() as imap:
        assert imap.has_capability("MOVE")
    with dovecot_nomove.client() as imap:
        assert not imap.has_capability("MOVE")
        assert imap.has_capability("UIDPLUS")  # the fallback needs UID EXPUNGE


def test_dovecot_missing_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("servers.shutil.which", lambda *args, **kwargs: None)
    with pytest.raises(RuntimeError, match="apt-get install dovecot-imapd"):
        Dovecot().start()


def _mail(subject: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "tilmelding@example.dk"
    msg["To"] = "soeren@example.dk"
    msg["Subject"] = subject
    msg.set_content("Du er tilmeldt. Venlig hilsen, Bjørn\n")
    return msg


def test_smtp_sink_receives(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as smtp:
        smtp.send_message(_mail("Bekræftelse på tilmelding"))

    [mail] = smtp_sink.received
    assert mail.mail_from == "tilmelding@example.dk"
    assert mail.rcpt_tos == ["soeren@example.dk"]
    assert mail.message["Subject"] == "Bekræftelse på tilmelding"
    assert "Bjørn" in mail.message.get_content()

    smtp_sink.clear()
    assert smtp_sink.received == []


def test_smtp_sink_refuses_on_request(smtp_sink: SmtpSink) -> None:
    smtp_sink.refuse = 451
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port) as smtp:
        with pytest.raises(smtplib.SMTPDataError) as excinfo:
            smtp.send_message(_mail("Afvist"))
        assert excinfo.value.smtp_code == 451

        smtp_sink.refuse = None
        smtp.send_message(_mail("Accepteret"))

    assert [mail.message["Subject"] for mail in smtp_sink.received] == ["Accepteret"]
