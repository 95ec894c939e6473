"""Realistic test mails, built the way Outlook, Gmail and iPhone Mail write them."""

from __future__ import annotations

import itertools
from datetime import datetime
from email.header import Header
from email.utils import format_datetime

from mailreg.domain.mail import Inbound
from mailreg.reading.message import parse

_counter = itertools.count(1)


def outlook(sender: str, name: str, subject: str, body: str, *, sent: datetime,
            message_id: str | None = None, extra_headers: str = "",
            in_reply_to: str = "", to: str = "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>",
            charset: str = "iso-8859-1") -> bytes:
    """A Danish Outlook (Microsoft 365) plain-text mail, quoted-printable: iso-8859-1, or
    utf-8 as Outlook chooses for letters (and dashes) beyond it."""
    import quopri

    if any(ord(c) > 255 for c in body) and charset == "iso-8859-1":
        charset = "utf-8"  # as Outlook does for a dash or a letter beyond Latin-1
    n = next(_counter)
    message_id = message_id or (
        f"<AM0PR02MB55{n:04d}D8E0C1B5A3F1D2@AM0PR02MB5521.eurprd02.prod.outlook.com>")
    reply = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    head = (
        f"Return-Path: <{sender}>\r\n"
        f"Received: from EUR05-AM6-obe.outbound.protection.outlook.com (40.107.22.50)\r\n"
        f"\tby mx.fremtidensbiblioteker.dk; {format_datetime(sent)}\r\n"
        f"From: {Header(name, charset).encode()} <{sender}>\r\n"
        f"To: {to}\r\n"
        f"Subject: {Header(subject, charset).encode()}\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        f"Message-ID: {message_id}\r\n{reply}"
        f"Accept-Language: da-DK, en-US\r\nContent-Language: da-DK\r\n{extra_headers}"
        f"MIME-Version: 1.0\r\n"
        f'Content-Type: text/plain; charset="{charset}"\r\n'
        f"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    encoded = quopri.encodestring(body.replace("\n", "\r\n").encode(charset))
    return head.encode("ascii") + encoded


def coordinators_mail(name: str, address: str, subject: str, text: str) -> str:
    """The coordinator's mail to the writer as Danish Outlook quotes it under a reply."""
    return (f"\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nSendt: 3. februar 2025 "
            f"10:00\nTil: {name} <{address}>\nEmne: {subject}\n\n{text}\n")


def gmail(sender: str, name: str, subject: str, body: str, *, sent: datetime) -> bytes:
    """A Gmail multipart/alternative mail with a UTF-8 text and HTML part."""
    n = next(_counter)
    html = "".join(f"<div>{line or '<br>'}</div>" for line in body.splitlines())
    return (
        f"MIME-Version: 1.0\r\nDate: {format_datetime(sent)}\r\n"
        f"Message-ID: <CAF3kq+Vd8Qm{n:04d}Jx0Lr9hT1p@mail.gmail.com>\r\n"
        f"Subject: {Header(subject, 'utf-8').encode()}\r\n"
        f"From: {Header(name, 'utf-8').encode()} <{sender}>\r\n"
        f"To: lv@fremtidensbiblioteker.dk\r\n"
        f'Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f6"\r\n\r\n'
        f"--000000000000a1b2c3d4e5f6\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n\r\n"
        f"--000000000000a1b2c3d4e5f6\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n<div dir=\"ltr\">{html}</div>\r\n\r\n"
        f"--000000000000a1b2c3d4e5f6--\r\n"
    ).encode()


def signup(sender: str, name: str, network_words: str, *, sent: datetime,
           organisation: str = "Vejle Bibliotekerne", **kwargs) -> bytes:
    body = (
        f"Hej Lisbet\n\nJeg vil gerne tilmelde mig {network_words}.\n\n"
        f"Venlig hilsen\n\n{name}\nAfdelingsleder\n{organisation}\n"
    )
    return outlook(sender, name, f"Tilmelding til {network_words}", body, sent=sent, **kwargs)


def cancel(sender: str, name: str, network_words: str, *, sent: datetime, **kwargs) -> bytes:
    body = (
        f"Hej Lisbet\n\nJeg må desværre melde afbud til {network_words}, da jeg har fået "
        f"nyt job.\n\nMvh\n{name}\n"
    )
    return outlook(sender, name, f"Afmelding {network_words}", body, sent=sent, **kwargs)


def inbound(raw: bytes, arrival: datetime) -> Inbound:
    return parse(raw, arrival)
