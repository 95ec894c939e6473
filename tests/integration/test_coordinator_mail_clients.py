"""The coordinator's mailto commands from every mail program she may use, written from
the user's side.

The coordinator (Lisbet, lv@fremtidensbiblioteker.dk) gets the morning digest, presses
a button, her mail program opens a mail with a subject and a form, she may edit it and
sends it. The mails below are built the way real mail programs write such a mail:
Outlook desktop (multipart with MsoNormal HTML, iso-8859-1 quoted-printable, the
signature above or below, "addr<mailto:addr>" in the text part, hard wraps at 76),
Outlook that sends HTML only, Gmail web and the Gmail app (<div dir="ltr">, text part
wrapped at 78), Apple Mail on iPhone ("Sendt fra min iPhone") and on the Mac
(format=flowed; delsp=yes). What is checked is what she would check: the registration
in the database, her receipt, who else got mail, and where the mails were filed.

Written by a tester who had not read how the command mails are parsed. Its first run
found four problems, since fixed: a linked address ("a@b.dk<mailto:a@b.dk>"), her
signature's "E-mail:" line above the form taking the participant's name, a From with
two addresses carried out, and a receipt that did not say who a stranger was.
"""

from __future__ import annotations

import html as htmllib
import itertools
import re
import textwrap
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import quoprimime
from email.header import Header
from email.utils import format_datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import mails
import pytest
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import Registration
from mailreg.services import digest
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)  # the sign-ups arrived before the deadline
LV = "lv@fremtidensbiblioteker.dk"
REVIEW, PROCESSED = "Tilmeldinger/Til gennemsyn", "Tilmeldinger/Behandlet"
HVERDAG = "Mellemledernetværk om hverdagsledelse"
BAER = "Ledelse af bæredygtighed"
_n = itertools.count(1)

# Her Outlook signature, as Outlook's text part writes it (links as text<mailto:...>).
SIGNATURE = [
    "Med venlig hilsen",
    "",
    "Lisbet Vestergaard",
    "Netværkskoordinator",
    "Tænketanken Fremtidens Biblioteker",
    "Tlf.: +45 33 12 34 56 | Mobil: +45 21 43 65 87",
    f"E-mail: {LV}<mailto:{LV}>",
    "www.fremtidensbiblioteker.dk<https://www.fremtidensbiblioteker.dk/>",
]


# -- the digest's buttons ----------------------------------------------------------


@dataclass
class Link:
    label: str
    to: str
    subject: str
    body: str  # with CRLF line ends, as the link carries it

    @property
    def lines(self) -> list[str]:
        return self.body.replace("\r\n", "\n").split("\n")

    @property
    def code(self) -> str:
        return next(line for line in self.lines if line.startswith("Kode:"))


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.found.append(("".join(self._text).strip(), self._href))
            self._href = None


def buttons(html: str) -> list[Link]:
    parser = _Anchors()
    parser.feed(html)
    links = []
    for label, href in parser.found:
        if not href.startswith("mailto:"):
            continue
        parts = urlsplit(href)
        query = parse_qs(parts.query, keep_blank_values=True)
        links.append(Link(label, unquote(parts.path), query.get("subject", [""])[0],
                          query.get("body", [""])[0]))
    return links


def the_digest(config, engine, now: datetime | None = None):
    return digest.compose(config, engine, now or datetime.now(UTC))


def button(links: list[Link], label: str, about: str = "") -> Link:
    hits = [link for link in links if link.label == label and about in link.subject]
    assert len(hits) == 1, f"{label!r} about {about!r}: {[(k.label, k.subject) for k in links]}"
    return hits[0]


def edit(lines: list[str], **fields: str | None) -> list[str]:
    """Change form fields the way she would: Navn="X" sets the value, None deletes the
    line entirely. Keys use _ for -, e.g. E_mail."""
    out = []
    for line in lines:
        key = line.split(":", 1)[0] if ":" in line else ""
        arg = key.replace("-", "_")
        if arg in fields:
            value = fields[arg]
            if value is None:
                continue
            out.append(f"{key}: {value}")
        else:
            out.append(line)
    return out


# -- how mail programs write the mail she sends ------------------------------------


def _qp(text: str, charset: str) -> str:
    """Quoted-printable as the mail programs write it: soft breaks at 76."""
    as_bytes = text.encode(charset).decode("latin-1")
    return quoprimime.body_encode(as_bytes, maxlinelen=76, eol="\r\n")


def _h(value: str, charset: str = "utf-8") -> str:
    return Header(value, charset).encode() if not value.isascii() else value


def _esc(line: str) -> str:
    return htmllib.escape(line, quote=False)


def outlook_desktop(subject: str, lines: list[str], *, sender: str = LV,
                    display: str = "Lisbet Vestergaard", text_part: bool = True,
                    html_part: bool = True, charset: str = "iso-8859-1",
                    extra_headers: str = "", sent: datetime | None = None,
                    text_lines: list[str] | None = None) -> bytes:
    """Outlook 365 desktop on Windows, HTML mail: multipart/alternative, the text part in
    iso-8859-1 quoted-printable with CRLF, the HTML part one <p class=MsoNormal> per
    line with &nbsp; for empty lines and for the space after a colon."""
    sent = sent or datetime.now(CPH)
    n = next(_n)
    mid = f"<DB9PR02MB7{n:04d}A1B2C3D4E5F6A7B8C9D0@DB9PR02MB7275.eurprd02.prod.outlook.com>"
    text = "\r\n".join(text_lines if text_lines is not None else lines) + "\r\n"
    paragraphs = []
    for line in lines:
        line = re.sub(r"(\S+@\S+)<mailto:[^>]+>", r"\1", line)
        line = re.sub(r"(\S+)<https?://[^>]+>", r"\1", line)
        if not line.strip():
            paragraphs.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
        else:
            body = _esc(line)
            body = re.sub(r"([\w.+-]+@[\w.-]+\.\w+)", r'<a href="mailto:\1">\1</a>', body)
            body = body.replace(": ", ":&nbsp;", 1) if body.endswith(": ") else body
            body = body.replace("  ", " &nbsp;")
            paragraphs.append(f"<p class=MsoNormal>{body}<o:p></o:p></p>")
    html = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" '
        'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
        'xmlns="http://www.w3.org/TR/REC-html40">\r\n<head>\r\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\r\n'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\r\n'
        "<style><!--\r\n/* Font Definitions */\r\n@font-face\r\n\t{font-family:Aptos;}\r\n"
        "p.MsoNormal, li.MsoNormal, div.MsoNormal\r\n\t{margin:0cm;\r\n\tfont-size:11.0pt;"
        "\r\n\tfont-family:\"Aptos\",sans-serif;}\r\n--></style>\r\n</head>\r\n"
        '<body lang=DA link="#467886" vlink="#96607D" style=\'word-wrap:break-word\'>\r\n'
        '<div class=WordSection1>\r\n' + "\r\n".join(paragraphs) + "\r\n</div>\r\n</body>\r\n"
        "</html>\r\n"
    )
    sender_line = f"{_h(display, charset)} <{sender}>" if display else sender
    head = (
        "Received: from DB9PR02MB7275.eurprd02.prod.outlook.com ([fe80::1]) by\r\n"
        " DB9PR02MB7275.eurprd02.prod.outlook.com ([fe80::1%5]) with mapi id\r\n"
        f" 15.20.8445.017; {format_datetime(sent)}\r\n"
        f"From: {sender_line}\r\n"
    )
    head += (
        f"To: Lisbet Vestergaard <{LV}>\r\n"
        f"Subject: {_h(subject, charset)}\r\n"
        f"Thread-Topic: {_h(subject, charset)}\r\n"
        "Thread-Index: AdtnQ2k3bXlzZXJ2aWNlcw==\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        f"Message-ID: {mid}\r\n"
        "Accept-Language: da-DK, en-US\r\nContent-Language: da-DK\r\n"
        "X-MS-Has-Attach:\r\nX-MS-TNEF-Correlator:\r\n"
        "x-ms-exchange-organization-authas: Internal\r\n"
        f"{extra_headers}MIME-Version: 1.0\r\n"
    )
    text_mime = (f'Content-Type: text/plain; charset="{charset}"\r\n'
                 f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{_qp(text, charset)}")
    html_mime = (f'Content-Type: text/html; charset="{charset}"\r\n'
                 f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{_qp(html, charset)}")
    if text_part and html_part:
        b = f"_000_DB9PR02MB7{n:04d}A1B2C3D4E5F6_"
        raw = (head + f'Content-Type: multipart/alternative;\r\n\tboundary="{b}"\r\n\r\n'
               f"--{b}\r\n{text_mime}\r\n--{b}\r\n{html_mime}\r\n--{b}--\r\n")
    elif html_part:
        raw = head + html_mime
    else:
        raw = head + text_mime
    return raw.encode("ascii")


def outlook_plain_wrapped(subject: str, lines: list[str], *, width: int = 76,
                          charset: str = "iso-8859-1") -> bytes:
    """Outlook in plain-text mode with "Automatically wrap text at 76 characters":
    long lines are broken at spaces with hard CRLFs (not format=flowed)."""
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, width, break_long_words=False,
                                     break_on_hyphens=False) or [""])
    return outlook_desktop(subject, wrapped, html_part=False, charset=charset)


def gmail_web(subject: str, lines: list[str], *, sender: str = LV,
              display: str = "Lisbet Vestergaard", android: bool = False,
              extra_headers: str = "") -> bytes:
    """Gmail (web, or the Android app): multipart/alternative; the text part hard-wrapped
    at 78 by Gmail, the HTML part <div dir="ltr"> (dir="auto" in the app) with <br> and
    addresses turned into links."""
    n = next(_n)
    sent = datetime.now(CPH)
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, 78, break_long_words=False,
                                     break_on_hyphens=False) or [""])
    text = "\r\n".join(wrapped) + "\r\n"
    html_lines = []
    for line in lines:
        body = _esc(line)
        body = re.sub(r"([\w.+-]+@[\w.-]+\.\w+)", r'<a href="mailto:\1">\1</a>', body)
        html_lines.append(body)
    direction = "auto" if android else "ltr"
    html = f'<div dir="{direction}">' + "<br>".join(html_lines) + "</div>\r\n"
    b = f"0000000000004f{n:04d}0622b8e7c9"
    x_mailer = ""
    return (
        f"MIME-Version: 1.0\r\n{x_mailer}"
        f"Date: {format_datetime(sent)}\r\n"
        f"Message-ID: <CAKq9vXh{n:04d}+Zr3T8=wLpQ1mYb@mail.gmail.com>\r\n"
        f"Subject: {_h(subject)}\r\n"
        f"From: {_h(display)} <{sender}>\r\n"
        f"To: {LV}\r\n{extra_headers}"
        f'Content-Type: multipart/alternative; boundary="{b}"\r\n\r\n'
        f'--{b}\r\nContent-Type: text/plain; charset="UTF-8"\r\n'
        f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{_qp(text, 'utf-8')}\r\n"
        f'--{b}\r\nContent-Type: text/html; charset="UTF-8"\r\n'
        f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{_qp(html, 'utf-8')}\r\n"
        f"--{b}--\r\n"
    ).encode("ascii")


def iphone(subject: str, lines: list[str], *, sender: str = LV) -> bytes:
    """Apple Mail on iPhone: text/plain utf-8 quoted-printable, "Sendt fra min iPhone"."""
    sent = datetime.now(CPH)
    text = "\r\n".join([*lines, "", "Sendt fra min iPhone"]) + "\r\n"
    return (
        f"Content-Type: text/plain;\r\n\tcharset=utf-8\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\n"
        f"From: Lisbet Vestergaard <{sender}>\r\n"
        f"Mime-Version: 1.0 (1.0)\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        f"Subject: {_h(subject)}\r\n"
        f"Message-Id: <{str(uuid.uuid4()).upper()}@fremtidensbiblioteker.dk>\r\n"
        f"To: {LV}\r\n"
        f"X-Mailer: iPhone Mail (22D72)\r\n\r\n{_qp(text, 'utf-8')}"
    ).encode("ascii")


def _flow(line: str, width: int = 76) -> list[str]:
    """RFC 3676 with delsp=yes, as Apple Mail writes it: a long line is broken after a
    space and one extra space is added at the break (deleted again by the reader)."""
    if line.startswith((" ", ">", "From ")):
        line = " " + line  # space-stuffing
    if len(line) <= width:
        return [line]
    out, rest = [], line
    while len(rest) > width:
        cut = rest.rfind(" ", 0, width)
        if cut <= 0:
            break
        out.append(rest[: cut + 1] + " ")
        rest = rest[cut + 1:]
    out.append(rest)
    return out


def apple_mail_mac(subject: str, lines: list[str], *, sender: str = LV) -> bytes:
    """Apple Mail on macOS, plain text: format=flowed; delsp=yes, utf-8 QP."""
    sent = datetime.now(CPH)
    flowed: list[str] = []
    for line in lines:
        flowed.extend(_flow(line))
    text = "\r\n".join(flowed) + "\r\n"
    return (
        f"From: Lisbet Vestergaard <{sender}>\r\n"
        f'Content-Type: text/plain;\r\n\tcharset=utf-8;\r\n\tdelsp=yes;\r\n\tformat=flowed\r\n'
        f"Content-Transfer-Encoding: quoted-printable\r\n"
        f"Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))\r\n"
        f"Subject: {_h(subject)}\r\n"
        f"Message-Id: <{str(uuid.uuid4()).upper()}@fremtidensbiblioteker.dk>\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        f"To: {LV}\r\n"
        f"X-Mailer: Apple Mail (2.3826.400.131.1.6)\r\n\r\n{_qp(text, 'utf-8')}"
    ).encode("ascii")


# -- what she checks ---------------------------------------------------------------


def registrations(engine) -> list[Registration]:
    with session(engine) as s:
        return list(s.exec(select(Registration).order_by(Registration.id)))


def receipts(sink) -> list:
    return [m for m in sink.received if m.message["X-Mailreg-Kind"] == "receipt"]


def text_of(message) -> str:
    part = message.get_body(("plain",))
    return part.get_content() if part is not None else ""


def recipients(sink) -> list[str]:
    return sorted(r.lower() for m in sink.received for r in m.rcpt_tos)


def one_receipt(sink):
    found = receipts(sink)
    assert len(found) == 1, [(m.rcpt_tos, m.message["Subject"]) for m in sink.received]
    receipt = found[0]
    assert receipt.rcpt_tos == [LV]
    return receipt


def send(dovecot, raw: bytes, when: datetime | None = None) -> None:
    dovecot.append(raw, when or datetime.now(UTC))


def vague_signup(sender="sofie.lund@odense.dk", name="Sofie Lund",
                 organisation="Odense Bibliotekerne") -> bytes:
    """A sign-up that names no network: it waits for review."""
    return mails.outlook(sender, name, "Tilmelding",
                         f"Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket.\n\n"
                         f"Venlig hilsen\n{name}\n{organisation}\n", sent=T0)


def question() -> bytes:
    return mails.gmail("mads.krogh@silkeborg.dk", "Mads Krogh", "Spørgsmål om pris",
                       "Hej Lisbet\n\nHvad koster netværket om hverdagsledelse, og er "
                       "forplejning med i prisen?\n\nMvh Mads Krogh\nSilkeborg Bibliotekerne",
                       sent=T0)


def shared_mailbox_colleague() -> bytes:
    """A library's shared mailbox signs up a colleague by name only."""
    return mails.outlook("bibliotek@vejle.dk", "Vejle Bibliotekerne", "Tilmelding",
                         "Hej\n\nVi vil gerne tilmelde vores kollega Ditte Gram til "
                         "netværket om hverdagsledelse.\n\nVenlig hilsen\n"
                         "Vejle Bibliotekerne\nFællespostkassen\n", sent=T0)


@pytest.fixture
def world(dovecot, smtp_sink, make_config):
    """Sofie's vague sign-up waits for review; the digest is composed; sink emptied."""
    config = make_config()
    engine = make_engine(config.database.url)
    send(dovecot, vague_signup(), T0)
    poll_once(config, engine)
    assert len(dovecot.messages(REVIEW)) == 1
    smtp_sink.clear()
    return config, engine, buttons(the_digest(config, engine).html)


def sofie_confirmed_as_sent(engine, network="hverdagsledelse", **expected):
    regs = registrations(engine)
    assert [(r.network, r.email, r.status) for r in regs] == [
        (network, expected.get("email", "sofie.lund@odense.dk"), "confirmed")]
    reg = regs[0]
    assert reg.name == expected.get("name", "Sofie Lund")
    assert reg.organisation == expected.get("organisation", "Odense Bibliotekerne")
    assert (reg.ean or "") == expected.get("ean", "")
    return reg


# -- the cases ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _show_mail_on_failure(smtp_sink):
    """Pytest shows this only for a failing test: every mail sent, receipts in full."""
    yield
    for m in smtp_sink.received:
        print(f"=== to {m.rcpt_tos}: {m.message['Subject']} "
              f"[{m.message['X-Mailreg-Kind']}]")
        if m.message["X-Mailreg-Kind"] == "receipt":
            print(re.sub(r"<mailto:[^>]*>", "<mailto:...>", text_of(m.message)))
        else:
            print("   " + " | ".join(text_of(m.message).splitlines()[:3]))



def test_01_outlook_desktop_html_signature_below(world, dovecot, smtp_sink):
    """Outlook desktop, HTML mail, the form unchanged and her signature below it."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(link.subject, [*link.lines, "", *SIGNATURE]))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine)
    receipt = one_receipt(smtp_sink)
    assert receipt.message["Subject"].startswith("Udført")
    assert "Sofie Lund" in text_of(receipt.message)
    assert recipients(smtp_sink) == sorted([LV, "sofie.lund@odense.dk"])
    assert dovecot.messages(REVIEW) == []
    assert dovecot.messages("INBOX") == []
    print(receipt.message["Subject"])
    print(text_of(receipt.message))


def test_02_outlook_signature_above_the_form_and_nbsp(world, dovecot, smtp_sink):
    """Outlook set to put the signature at the top of new mail: her note, her signature
    (with her own E-mail: and phone lines) and only then the form. She corrects the
    organisation to one with a comma; Outlook's text part has a no-break space after
    the empty EAN's colon."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, Organisation="Odense Centralbibliotek, Voksenafdelingen")
    lines = ["Hej, her er rettelsen", "", *SIGNATURE, "", *form]
    text_lines = [line.replace("EAN: ", "EAN:\xa0") if line == "EAN: " else line
                  for line in lines]
    send(dovecot, outlook_desktop(link.subject, lines, text_lines=text_lines))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine, organisation="Odense Centralbibliotek, Voksenafdelingen")
    receipt = one_receipt(smtp_sink)
    assert receipt.message["Subject"].startswith("Udført")
    assert recipients(smtp_sink) == sorted([LV, "sofie.lund@odense.dk"])
    assert not any(r.email == LV for r in registrations(engine))


def test_03_outlook_html_only_with_danish_name(world, dovecot, smtp_sink):
    """Outlook that sends HTML only (no text part), iso-8859-1: she corrects the name to
    one with Danish letters."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, Navn="Sofie Ærø Sørensen")
    send(dovecot, outlook_desktop(link.subject, [*form, "", *SIGNATURE], text_part=False))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine, name="Sofie Ærø Sørensen")
    receipt = one_receipt(smtp_sink)
    assert receipt.message["Subject"].startswith("Udført")
    assert "Sofie Ærø Sørensen" in text_of(receipt.message)


def test_04_outlook_plain_text_wrapped_at_76_with_spaced_ean(world, dovecot, smtp_sink):
    """Outlook in plain-text mode, wrapping at 76 (the long instruction line breaks in
    three), iso-8859-1 QP; she writes the EAN as it is printed, in groups."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {BAER}")
    form = edit(link.lines, EAN="5798 0004 16604")
    send(dovecot, outlook_plain_wrapped(link.subject, [*form, "", *SIGNATURE]))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine, network="baeredygtighed", ean="5798000416604")
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")


def test_05_gmail_web_adds_a_second_participant(world, dovecot, smtp_sink):
    """Gmail web: she adds a block for Sofie's colleague below Sofie's."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    lines = link.lines
    at = lines.index(next(line for line in lines if line.startswith("Kode:")))
    extra = ["Navn: Jens Ærø Kristensen", "E-mail: jekr@odense.dk",
             "Organisation: Odense Bibliotekerne", "EAN: 5798000416604", ""]
    form = lines[:at] + extra + lines[at:]
    send(dovecot, gmail_web(link.subject, ["Hej", "", *form, "", "Mvh Lisbet"]))
    poll_once(config, engine)

    got = {(r.network, r.name, r.email, r.organisation, r.ean or "", r.status)
           for r in registrations(engine)}
    assert got == {
        ("hverdagsledelse", "Sofie Lund", "sofie.lund@odense.dk", "Odense Bibliotekerne", "",
         "confirmed"),
        ("hverdagsledelse", "Jens Ærø Kristensen", "jekr@odense.dk", "Odense Bibliotekerne",
         "5798000416604", "confirmed")}
    receipt = one_receipt(smtp_sink)
    assert receipt.message["Subject"].startswith("Udført")
    assert "Jens Ærø Kristensen" in text_of(receipt.message)
    assert set(recipients(smtp_sink)) == {LV, "sofie.lund@odense.dk", "jekr@odense.dk"}


@pytest.fixture
def colleague_world(dovecot, smtp_sink, make_config):
    """The shared mailbox bibliotek@vejle.dk names a colleague without her address."""
    config = make_config()
    engine = make_engine(config.database.url)
    send(dovecot, shared_mailbox_colleague(), T0)
    poll_once(config, engine)
    assert len(dovecot.messages(REVIEW)) == 1
    smtp_sink.clear()
    return config, engine, buttons(the_digest(config, engine).html)


def _check_ditte(engine, smtp_sink):
    regs = registrations(engine)
    assert [(r.network, r.name, r.email, r.status) for r in regs] == [
        ("hverdagsledelse", "Ditte Gram", "ditte.gram@vejle.dk", "confirmed")]
    receipt = one_receipt(smtp_sink)
    assert receipt.message["Subject"].startswith("Udført")
    assert "ditte.gram@vejle.dk" in recipients(smtp_sink)
    assert set(recipients(smtp_sink)) <= {LV, "ditte.gram@vejle.dk", "bibliotek@vejle.dk"}


def test_06_outlook_colleague_address_typed_in_becomes_a_link(colleague_world, dovecot,
                                                              smtp_sink):
    """She types Ditte's address into the form; Outlook turns it into a hyperlink, so the
    text part reads "ditte.gram@vejle.dk<mailto:ditte.gram@vejle.dk>"."""
    config, engine, links = colleague_world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, Navn="Ditte Gram", E_mail="ditte.gram@vejle.dk")
    text_form = edit(link.lines, Navn="Ditte Gram",
                     E_mail="ditte.gram@vejle.dk<mailto:ditte.gram@vejle.dk>")
    send(dovecot, outlook_desktop(link.subject, [*form, "", *SIGNATURE],
                                  text_lines=[*text_form, "", *SIGNATURE]))
    poll_once(config, engine)
    _check_ditte(engine, smtp_sink)


def test_07_gmail_android_colleague(colleague_world, dovecot, smtp_sink):
    """The Gmail app on Android (<div dir="auto">), Ditte's address filled in."""
    config, engine, links = colleague_world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, Navn="Ditte Gram", E_mail="ditte.gram@vejle.dk")
    send(dovecot, gmail_web(link.subject, form, android=True))
    poll_once(config, engine)
    _check_ditte(engine, smtp_sink)


def test_08_iphone_note_above_and_capital_letters(world, dovecot, smtp_sink):
    """iPhone Mail: "Hej, her er rettelsen" above the form, the address retyped with
    capitals, "Sendt fra min iPhone" below."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, E_mail="Sofie.Lund@Odense.DK")
    send(dovecot, iphone(link.subject, ["Hej, her er rettelsen", "", *form]))
    poll_once(config, engine)

    regs = registrations(engine)
    assert len(regs) == 1 and regs[0].status == "confirmed"
    assert regs[0].email.casefold() == "sofie.lund@odense.dk"
    assert regs[0].network == "hverdagsledelse" and regs[0].name == "Sofie Lund"
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")


def test_09_apple_mail_flowed_ean_line_deleted_organisation_emptied(world, dovecot,
                                                                    smtp_sink):
    """Apple Mail on the Mac (format=flowed; delsp=yes): she deletes the EAN line
    entirely and empties the organisation."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, EAN=None, Organisation="")
    send(dovecot, apple_mail_mac(link.subject, [*form, "", "Venlig hilsen", "Lisbet"]))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine, organisation="")
    assert registrations(engine)[0].ean in (None, "")
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")


def test_10_subject_edited(world, dovecot, smtp_sink):
    """She shortens the subject to her own words; the code says what to do."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop("Sofie til hverdagsledelse - rettet", link.lines))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine)
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")


def test_11_subject_says_another_network_than_the_code(world, dovecot, smtp_sink):
    """She rewrites the subject to the other network: the code decides or nothing is
    done; never a registration for a network no code named."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(f"Tilmeld til {BAER}: sofie.lund@odense.dk", link.lines))
    poll_once(config, engine)

    assert not any(r.network == "baeredygtighed" for r in registrations(engine))
    receipt = one_receipt(smtp_sink)
    if registrations(engine):
        assert HVERDAG in text_of(receipt.message)


def test_12_forwarded_digest_a_colleague_presses_a_link(world, dovecot, smtp_sink):
    """She forwarded the digest to Karen, who pressed a button from her own mailbox."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(link.subject, link.lines,
                                  sender="karen.moeller@fremtidensbiblioteker.dk",
                                  display="Karen Møller"))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert "karen.moeller@fremtidensbiblioteker.dk" not in recipients(smtp_sink)
    assert "sofie.lund@odense.dk" not in recipients(smtp_sink)
    receipt = one_receipt(smtp_sink)
    assert receipt.message["Subject"].startswith("Ikke udført")
    assert len(dovecot.messages(REVIEW)) >= 1  # Sofie's mail still waits


def _outlook_reply_quoting(original_text: str, subject: str, from_line: str) -> list[str]:
    return ["Tak", "", *SIGNATURE, "", "Fra: " + from_line,
            f"Sendt: {datetime.now(CPH):%d. %B %Y %H:%M}", f"Til: Lisbet Vestergaard <{LV}>",
            f"Emne: {subject}", "", *original_text.splitlines()]


def test_13_reply_tak_to_the_digest_quoting_it(world, dovecot, smtp_sink):
    """She answers the digest "Tak", Outlook quoting all of it (buttons and all)."""
    config, engine, _links = world
    d = the_digest(config, engine)
    lines = _outlook_reply_quoting(d.text, "Tilmeldinger: overblik", f"mailreg <{LV}>")
    send(dovecot, outlook_desktop("SV: Tilmeldinger: overblik", lines))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert "sofie.lund@odense.dk" not in recipients(smtp_sink)
    assert len(dovecot.messages(REVIEW)) >= 1
    assert not any(m.message["Subject"].startswith("Udført") for m in receipts(smtp_sink))


def test_14_reply_tak_to_a_receipt(world, dovecot, smtp_sink):
    """After an order is carried out she answers the receipt "Tak" from Gmail, quoting
    it with "> " (its "Registreret nu" block looks like a form)."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(link.subject, link.lines))
    poll_once(config, engine)
    receipt = one_receipt(smtp_sink)
    smtp_sink.clear()
    quoted = [f"> {line}" if line else ">" for line in text_of(receipt.message).splitlines()]
    lines = ["Tak!", "", f"Den ons. 3. dec. 2026 kl. 07.01 skrev mailreg <{LV}>:", *quoted]
    send(dovecot, gmail_web("Re: " + receipt.message["Subject"], lines))
    poll_once(config, engine)

    assert len(registrations(engine)) == 1
    assert "sofie.lund@odense.dk" not in recipients(smtp_sink)
    assert not any(m.message["Subject"].startswith("Udført") for m in receipts(smtp_sink))


def test_15_reply_quoting_an_unsent_order_is_no_order(world, dovecot, smtp_sink):
    """She had sent the opened button mail to Karen to ask first; Karen answered, and
    Lisbet's "Tak" to Karen (Cc herself) quotes the form with its unused code."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    quoted = [f"> {line}" if line else ">" for line in link.lines]
    lines = ["Tak, så venter jeg med den.", "", "Lisbet", "",
             "Den 3. dec. 2026 kl. 09.12 skrev Karen Møller "
             "<karen.moeller@fremtidensbiblioteker.dk>:",
             "> Vent lige til vi har talt med Odense.", ">",
             "> Den 3. dec. 2026 kl. 08.40 skrev Lisbet Vestergaard <" + LV + ">:", *[
                 ">" + q for q in quoted]]
    send(dovecot, gmail_web("Re: " + link.subject, lines))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert "sofie.lund@odense.dk" not in recipients(smtp_sink)
    assert len(dovecot.messages(REVIEW)) >= 1


def test_16_same_link_twice_in_two_polls(world, dovecot, smtp_sink):
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(link.subject, link.lines))
    poll_once(config, engine)
    send(dovecot, outlook_desktop(link.subject, link.lines))
    poll_once(config, engine)

    assert len(registrations(engine)) == 1
    assert recipients(smtp_sink).count("sofie.lund@odense.dk") == 1
    subjects = [m.message["Subject"] for m in receipts(smtp_sink)]
    assert len(subjects) == 2 and subjects[0].startswith("Udført")
    assert subjects[1].startswith("Ikke udført")


def test_17_same_link_twice_in_one_poll(world, dovecot, smtp_sink):
    """Sent from the phone and, not seeing it go, again from the desktop."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, iphone(link.subject, link.lines))
    send(dovecot, outlook_desktop(link.subject, link.lines))
    poll_once(config, engine)

    assert len(registrations(engine)) == 1
    assert recipients(smtp_sink).count("sofie.lund@odense.dk") == 1
    subjects = sorted(m.message["Subject"] for m in receipts(smtp_sink))
    assert len(subjects) == 2
    assert sum(s.startswith("Udført") for s in subjects) == 1


def test_18_yesterdays_link_after_todays(dovecot, smtp_sink, make_config):
    """She acted on today's digest; later she presses buttons of yesterday's digest
    for the same mail: the other network, and the same one again."""
    config = make_config()
    engine = make_engine(config.database.url)
    send(dovecot, vague_signup(), T0)
    poll_once(config, engine)
    smtp_sink.clear()
    now = datetime.now(UTC)
    yesterday = buttons(the_digest(config, engine, now - timedelta(days=1)).html)
    today = buttons(the_digest(config, engine, now).html)
    t = button(today, f"Tilmeld til {HVERDAG}")
    y_other = button(yesterday, f"Tilmeld til {BAER}")
    y_same = button(yesterday, f"Tilmeld til {HVERDAG}")
    y_dismiss = button(yesterday, "Ingen tilmelding")
    assert t.code != y_same.code
    send(dovecot, outlook_desktop(t.subject, t.lines))
    poll_once(config, engine)
    for old in (y_other, y_same, y_dismiss):
        send(dovecot, outlook_desktop(old.subject, old.lines))
        poll_once(config, engine)

    sofie_confirmed_as_sent(engine)
    assert recipients(smtp_sink).count("sofie.lund@odense.dk") == 1
    subjects = [m.message["Subject"] for m in receipts(smtp_sink)]
    assert len(subjects) == 4
    assert subjects[0].startswith("Udført")
    assert all(s.startswith("Ikke udført") for s in subjects[1:]), subjects


def test_19_code_altered_by_one_character(world, dovecot, smtp_sink):
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    code = link.code
    last = code[-1]
    altered = code[:-1] + ("A" if last != "A" else "B")
    lines = [altered if line == code else line for line in link.lines]
    send(dovecot, outlook_desktop(link.subject, lines))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert "sofie.lund@odense.dk" not in recipients(smtp_sink)
    receipt = one_receipt(smtp_sink)
    assert receipt.message["Subject"].startswith("Ikke udført")
    assert len(dovecot.messages(REVIEW)) == 1


def test_20_action_in_code_altered(world, dovecot, smtp_sink):
    """Someone edits the code's network from hverdagsledelse to baeredygtighed."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    code = link.code
    lines = [code.replace(".hverdagsledelse.", ".baeredygtighed.") if line == code else line
             for line in link.lines]
    assert lines != link.lines
    send(dovecot, outlook_desktop(link.subject, lines))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert one_receipt(smtp_sink).message["Subject"].startswith("Ikke udført")


def test_21_code_line_below_her_signature(world, dovecot, smtp_sink):
    """Her mail program put the signature where the cursor was, between the form and
    the code line."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    lines = link.lines
    at = lines.index(link.code)
    send(dovecot, outlook_desktop(link.subject, [*lines[:at], *SIGNATURE, "", *lines[at:]]))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine)
    assert not any(r.email == LV for r in registrations(engine))
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")


LONG_NETWORK = """
[[networks]]
slug = "strategisk-ledelse-af-folkebibliotekernes-digitale-tilbud"
name = "Strategisk ledelse af folkebibliotekernes digitale tilbud"
deadline = 2025-03-15
first_meeting = 2025-04-10
capacity = 25
"""


@pytest.mark.parametrize("client", ["outlook_plain_76", "gmail_78"])
def test_22_long_code_line_broken_by_the_client(dovecot, smtp_sink, make_config, client):
    """A network with a long slug: the code line is longer than the client's wrap
    width, so the client breaks it after "Kode:" with a hard line break."""
    config = make_config(network_extra=LONG_NETWORK)
    engine = make_engine(config.database.url)
    send(dovecot, vague_signup(), T0)
    poll_once(config, engine)
    smtp_sink.clear()
    links = buttons(the_digest(config, engine).html)
    link = button(links, "Tilmeld til Strategisk ledelse af folkebibliotekernes digitale tilbud")
    assert len(link.code) > 78
    if client == "outlook_plain_76":
        raw = outlook_plain_wrapped(link.subject, link.lines)
    else:
        raw = gmail_web(link.subject, link.lines)
    assert b"Kode:\r\nmr1." in raw  # the client did break the line
    send(dovecot, raw)
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine,
                            network="strategisk-ledelse-af-folkebibliotekernes-digitale-tilbud")
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")


@pytest.mark.parametrize("from_header", [
    "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk.evil.example>",
    '"lv@fremtidensbiblioteker.dk" <mallory@evil.example>',
    "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>, mallory@evil.example",
    "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk@evil.example>",
    "lv@fremtidensbiblioteker.dk <mallory@evil.example>",
], ids=["domain-suffix", "quoted-display-address", "two-addresses", "double-at",
        "bare-display-address"])
def test_23_spoofed_senders(world, dovecot, smtp_sink, from_header):
    """Someone who saw a forwarded digest sends its button mail under a look-alike
    From: nothing is done and nobody but the coordinator gets mail."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    raw = outlook_desktop(link.subject, link.lines, sender="x@x.invalid", display="X")
    raw = raw.replace(b"From: X <x@x.invalid>", f"From: {from_header}".encode())
    assert from_header.encode() in raw
    send(dovecot, raw)
    poll_once(config, engine)

    assert registrations(engine) == []
    assert set(recipients(smtp_sink)) <= {LV}
    assert not any(m.message["Subject"].startswith("Udført") for m in receipts(smtp_sink))
    assert len(dovecot.messages(REVIEW)) >= 1


def test_24_reply_to_elsewhere(world, dovecot, smtp_sink):
    """A genuine-looking From with Reply-To at another domain: the receipt goes to the
    coordinator's address, never to the Reply-To."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(link.subject, link.lines,
                                  extra_headers="Reply-To: mallory@evil.example\r\n"))
    poll_once(config, engine)

    assert not any("evil.example" in r for r in recipients(smtp_sink))
    assert receipts(smtp_sink) and all(m.rcpt_tos == [LV] for m in receipts(smtp_sink))


def test_25_email_field_emptied(world, dovecot, smtp_sink):
    """She empties Sofie's address: nobody can be registered without one, and no
    address may be guessed (not hers from the signature either)."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, E_mail="")
    send(dovecot, outlook_desktop(link.subject, [*form, "", *SIGNATURE]))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert set(recipients(smtp_sink)) == {LV}
    assert one_receipt(smtp_sink).message["Subject"].startswith("Ikke udført")


def test_26_question_filed_as_no_registration_from_gmail(dovecot, smtp_sink, make_config):
    """A question waits for review; she presses "Ingen tilmelding" in Gmail."""
    config = make_config()
    engine = make_engine(config.database.url)
    send(dovecot, question(), T0)
    poll_once(config, engine)
    assert len(dovecot.messages(REVIEW)) == 1
    smtp_sink.clear()
    link = button(buttons(the_digest(config, engine).html), "Ingen tilmelding")
    send(dovecot, gmail_web(link.subject, link.lines))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert set(recipients(smtp_sink)) == {LV}
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")
    assert dovecot.messages(REVIEW) == []
    assert any(b"Silkeborg" in m or b"mads.krogh" in m for m in dovecot.messages(PROCESSED))


def test_27_add_participant_from_outlook_with_signature(world, dovecot, smtp_sink):
    """"Tilføj deltager": an empty form she fills in; Danish letters, a comma in the
    organisation, a grouped EAN; her signature with its E-mail: line below."""
    config, engine, links = world
    link = button(links, "Tilføj deltager", HVERDAG)
    form = edit(link.lines, Navn="Søren Ærø", E_mail="soeren.aeroe@aeroe.dk",
                Organisation="Ærø Bibliotek, Marstal", EAN="5798 0004 16604")
    send(dovecot, outlook_desktop(link.subject, [*form, "", *SIGNATURE]))
    poll_once(config, engine)

    regs = registrations(engine)
    assert [(r.network, r.name, r.email, r.organisation, r.ean, r.status) for r in regs] == [
        ("hverdagsledelse", "Søren Ærø", "soeren.aeroe@aeroe.dk", "Ærø Bibliotek, Marstal",
         "5798000416604", "confirmed")]
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")
    assert set(recipients(smtp_sink)) == {LV, "soeren.aeroe@aeroe.dk"}


def test_28_late_registration_waitlisted_from_iphone(dovecot, smtp_sink, make_config):
    """A sign-up after the deadline is 'late'; she presses "Venteliste" on her phone."""
    config = make_config()
    engine = make_engine(config.database.url)
    late = datetime(2025, 3, 20, 10, 0, tzinfo=CPH)
    send(dovecot, mails.signup("hans.berg@horsens.dk", "Hans Berg", "hverdagsledelse",
                               sent=late), late)
    poll_once(config, engine)
    assert [r.status for r in registrations(engine)] == ["late"]
    smtp_sink.clear()
    link = button(buttons(the_digest(config, engine).html), "Venteliste")
    send(dovecot, iphone(link.subject, link.lines))
    poll_once(config, engine)

    assert [(r.email, r.status) for r in registrations(engine)] == [
        ("hans.berg@horsens.dk", "waitlisted")]
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")
    assert set(recipients(smtp_sink)) == {LV, "hans.berg@horsens.dk"}


def test_29_empty_block_removes_a_participant(colleague_world, dovecot, smtp_sink):
    """A mail naming two people; she empties the second block (keeps the labels)."""
    config, engine, links = colleague_world
    link = button(links, f"Tilmeld til {HVERDAG}")
    form = edit(link.lines, Navn="Ditte Gram", E_mail="ditte.gram@vejle.dk")
    at = form.index(link.code)
    form = form[:at] + ["Navn: ", "E-mail: ", "Organisation: ", "EAN: ", ""] + form[at:]
    send(dovecot, outlook_desktop(link.subject, form))
    poll_once(config, engine)
    _check_ditte(engine, smtp_sink)


@pytest.mark.parametrize("delimiter", ["-- ", "Venlig hilsen"])
def test_30_gmail_signature_above_the_form_plain_address(world, dovecot, smtp_sink,
                                                         delimiter):
    """Gmail with her signature above the form; its "E-mail:" line is a plain address
    (no <mailto:> suffix): only Sofie is registered, under her own name and address."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    signature = [delimiter, "Lisbet Vestergaard", "Netværkskoordinator",
                 "Tænketanken Fremtidens Biblioteker", "Tlf.: +45 33 12 34 56",
                 f"E-mail: {LV}"]
    send(dovecot, gmail_web(link.subject, ["Hej, her er rettelsen", "", *signature, "",
                                           *link.lines]))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine)
    assert one_receipt(smtp_sink).message["Subject"].startswith("Udført")
    assert set(recipients(smtp_sink)) == {LV, "sofie.lund@odense.dk"}


def test_31_from_her_address_in_other_letter_case(world, dovecot, smtp_sink):
    """Exchange writes her address as it is spelled in the directory, with capitals."""
    config, engine, links = world
    link = button(links, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(link.subject, link.lines,
                                  sender="LV@FremtidensBiblioteker.dk"))
    poll_once(config, engine)

    sofie_confirmed_as_sent(engine)
    [receipt] = receipts(smtp_sink)
    assert receipt.message["Subject"].startswith("Udført")


def test_32_expired_link(dovecot, smtp_sink, make_config):
    """A button from a digest of 40 days ago (links live 30 days)."""
    config = make_config()
    engine = make_engine(config.database.url)
    send(dovecot, vague_signup(), T0)
    poll_once(config, engine)
    smtp_sink.clear()
    old = buttons(the_digest(config, engine, datetime.now(UTC) - timedelta(days=40)).html)
    link = button(old, f"Tilmeld til {HVERDAG}")
    send(dovecot, outlook_desktop(link.subject, link.lines))
    poll_once(config, engine)

    assert registrations(engine) == []
    assert set(recipients(smtp_sink)) == {LV}
    assert one_receipt(smtp_sink).message["Subject"].startswith("Ikke udført")


def test_33_participant_list_twice(world, dovecot, smtp_sink):
    """"Deltagerliste" changes nothing and may be pressed again."""
    config, engine, links = world
    link = button(links, "Deltagerliste", HVERDAG)
    for _ in range(2):
        send(dovecot, iphone(link.subject, link.lines))
        poll_once(config, engine)
    subjects = [m.message["Subject"] for m in receipts(smtp_sink)]
    assert len(subjects) == 2 and all(s.startswith("Udført") for s in subjects), subjects
    assert registrations(engine) == []
    assert set(recipients(smtp_sink)) == {LV}
