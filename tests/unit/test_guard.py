"""Rule 3 of DESIGN.md: never answer a machine (`mailreg.reading.guard.machine_reason`).

Every case is a complete raw message parsed with `mailreg.reading.message.parse`, so the
tests also cover how the headers survive parsing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailreg.adapters.words import say
from mailreg.domain.model import SENDER_DEFECTS, Defect, MachineSign
from mailreg.domain.rules import decide_mail
from mailreg.reading.guard import CALENDAR_SUBJECT, RULES, machine_reason
from mailreg.reading.message import parse

ARRIVAL = datetime(2025, 3, 3, 9, 14, 30, tzinfo=UTC)
OWN = {"lv@fremtidensbiblioteker.dk"}

OUTLOOK_SIGNUP = b"""\
Return-Path: <mha@odense.dk>
Received: from EUR05-AM6-obe.outbound.protection.outlook.com
\t(mail-am6eur05on2081.outbound.protection.outlook.com [40.107.22.81])
\tby mx.fremtidensbiblioteker.dk (Postfix) with ESMTPS id 4Z5k2H3xQzz1Bq
\tfor <lv@fremtidensbiblioteker.dk>; Mon,  3 Mar 2025 10:14:29 +0100 (CET)
From: "Hansen, Mette" <mha@odense.dk>
To: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>
Subject: =?iso-8859-1?Q?SV:_Invitation_til_netv=E6rk_for_hverdagsledelse?=
Thread-Topic: =?iso-8859-1?Q?Invitation_til_netv=E6rk_for_hverdagsledelse?=
Thread-Index: AQHbjDqJ0s1XrX9fQ0mZ4WJ2c3R8yA==
Date: Mon, 3 Mar 2025 09:14:22 +0000
Message-ID: <AM9PR07MB71716F2B8E5A3C0D9E2B1A4C6D9F1@AM9PR07MB7171.eurprd07.prod.outlook.com>
References: <CAH8invitation2025hverdag@mail.gmail.com>
In-Reply-To: <CAH8invitation2025hverdag@mail.gmail.com>
Accept-Language: da-DK, en-US
Content-Language: da-DK
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
msip_labels:
Content-Type: multipart/alternative;
\tboundary="_000_AM9PR07MB71716F2B8E5A3C0D9E2B1A4C6D9F1AM9PR07MB7171eurp_"
MIME-Version: 1.0

--_000_AM9PR07MB71716F2B8E5A3C0D9E2B1A4C6D9F1AM9PR07MB7171eurp_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

Hej Lisbet

Jeg vil gerne tilmelde mig netv=E6rket for hverdagsledelse.

Venlig hilsen
Mette Hansen
Afdelingsleder, Odense Bibliotekerne

--_000_AM9PR07MB71716F2B8E5A3C0D9E2B1A4C6D9F1AM9PR07MB7171eurp_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

<html><body><p>Hej Lisbet</p><p>Jeg vil gerne tilmelde mig netv=E6rket for =
hverdagsledelse.</p><p>Venlig hilsen<br>Mette Hansen</p></body></html>

--_000_AM9PR07MB71716F2B8E5A3C0D9E2B1A4C6D9F1AM9PR07MB7171eurp_--
"""


def message(
    extra: str = "",
    sender: str = '"Hansen, Mette" <mha@odense.dk>',
    return_path: str = "<mha@odense.dk>",
    subject: str = "Tilmelding til hverdagsledelse",
    content_type: str = 'text/plain; charset="utf-8"',
    body: str = "Hej Lisbet\n\nJeg vil gerne tilmeldes netværket.\n\nVenlig hilsen\nMette\n",
) -> bytes:
    """A realistic single-part mail; `extra` adds header lines (one per line)."""
    head = (
        f"Return-Path: {return_path}\n"
        "Received: from mx.odense.dk (mx.odense.dk [193.162.80.12])\n"
        "\tby mx.fremtidensbiblioteker.dk (Postfix) with ESMTPS id 4Z5k2H3xQzz1Bq\n"
        "\tfor <lv@fremtidensbiblioteker.dk>; Mon,  3 Mar 2025 10:14:29 +0100 (CET)\n"
        f"From: {sender}\n"
        "To: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
        f"Subject: {subject}\n"
        "Date: Mon, 3 Mar 2025 10:14:22 +0100\n"
        "Message-ID: <20250303091422.4711@mx.odense.dk>\n"
        "MIME-Version: 1.0\n"
        f"Content-Type: {content_type}\n"
        "Content-Transfer-Encoding: 8bit\n"
    )
    for line in extra.splitlines():
        head += line.strip() + "\n"
    return (head + "\n" + body).encode("utf-8")


REPORT_BODY = """\
--=_report_4711
Content-Type: text/plain; charset=utf-8

Din meddelelse er blevet læst.

--=_report_4711
Content-Type: message/disposition-notification

Reporting-UA: mha@odense.dk; Microsoft Outlook 16.0
Final-Recipient: rfc822;mha@odense.dk
Original-Message-ID: <20250228120000.1@fremtidensbiblioteker.dk>
Disposition: manual-action/MDN-sent-manually; displayed

--=_report_4711--
"""

MACHINE = [
    pytest.param(message("Auto-Submitted: auto-replied"), "auto-submitted",
                 id="auto-submitted-auto-replied"),
    pytest.param(message("Auto-Submitted: auto-generated"), "auto-submitted",
                 id="auto-submitted-auto-generated"),
    pytest.param(message("Auto-Submitted: auto-notified; owner-email=it@odense.dk"),
                 "auto-submitted", id="auto-submitted-auto-notified"),
    pytest.param(message("Precedence: bulk"), "precedence", id="precedence-bulk"),
    pytest.param(message("Precedence: list"), "precedence", id="precedence-list"),
    pytest.param(message("Precedence: junk"), "precedence", id="precedence-junk"),
    pytest.param(message("Precedence: auto_reply"), "precedence", id="precedence-auto_reply"),
    pytest.param(message("Precedence: Bulk"), "precedence", id="precedence-capitalised"),
    pytest.param(message("List-Id: Bibliotekschefer <bibchef.lists.bibliotekschefer.dk>"),
                 "list-id", id="list-id"),
    pytest.param(message("List-Unsubscribe: <mailto:leave-bibchef@lists.bibliotekschefer.dk>"),
                 "list-unsubscribe", id="list-unsubscribe"),
    pytest.param(message("X-Autoreply: yes", subject="Ude af kontoret: Tilmelding"),
                 "x-autoreply", id="x-autoreply"),
    pytest.param(message("X-Autorespond: Ferie til 10. marts", subject="Fraværende"),
                 "x-autorespond", id="x-autorespond"),
    pytest.param(message("X-Auto-Response-Suppress: All"), "x-auto-response-suppress",
                 id="suppress-all"),
    pytest.param(message("X-Auto-Response-Suppress: AutoReply"), "x-auto-response-suppress",
                 id="suppress-autoreply"),
    pytest.param(message("X-Auto-Response-Suppress: OOF"), "x-auto-response-suppress",
                 id="suppress-oof"),
    pytest.param(message("X-Auto-Response-Suppress: DR, OOF, AutoReply"),
                 "x-auto-response-suppress", id="suppress-list-with-oof"),
    pytest.param(message(return_path="<>", subject="Automatisk svar: Tilmelding"),
                 "return-path", id="empty-return-path"),
    pytest.param(message(sender="Mail Delivery System <MAILER-DAEMON@mx.odense.dk>",
                         subject="Undelivered Mail Returned to Sender"),
                 "mailer-daemon@mx.odense.dk", id="mailer-daemon"),
    pytest.param(message(sender="postmaster@aarhus.dk", subject="Delivery delayed"),
                 "postmaster@aarhus.dk", id="postmaster"),
    pytest.param(message(sender="Odense Kommune <noreply@odense.dk>", subject="Kvittering"),
                 "noreply@odense.dk", id="noreply"),
    pytest.param(message(sender="Kommunen <no-reply@kk.dk>", subject="Din henvendelse"),
                 "no-reply@kk.dk", id="no-reply"),
    pytest.param(message(sender="Kommunen <NoReply@Vejle.dk>", subject="Din henvendelse"),
                 "noreply@vejle.dk", id="noreply-mixed-case"),
    pytest.param(message(content_type='multipart/report; report-type=disposition-notification;'
                                      ' boundary="=_report_4711"',
                         subject="Læst: Tilmelding til hverdagsledelse", body=REPORT_BODY),
                 "multipart/report", id="multipart-report"),
    pytest.param(message(sender="Lisbet Vestergaard <LV@FremtidensBiblioteker.dk>",
                         subject="Bekræftelse: tilmelding"),
                 "own address", id="own-address"),
    pytest.param(message("X-Mailreg-Loop: fremtidensbiblioteker.dk",
                         sender="Lisbet <lisbet.vestergaard@gmail.com>",
                         subject="Re: Bekræftelse: tilmelding"),
                 "loop", id="loop-marker"),
]


@pytest.mark.parametrize(("raw", "expected"), MACHINE)
def test_machine_mail_gets_no_reply(raw: bytes, expected: str) -> None:
    """Each machine marker alone is enough, and the reason names that marker."""
    reason = machine_reason(parse(raw, ARRIVAL), OWN)
    assert reason is not None
    assert expected in say(reason, "en").lower()


PEOPLE = [
    pytest.param(message(), id="plain-signup"),
    pytest.param(message("Auto-Submitted: no"), id="auto-submitted-no"),
    pytest.param(message("X-Auto-Response-Suppress: DR, RN"), id="suppress-dr-rn"),
    pytest.param(message("X-Auto-Response-Suppress: NRN, RN"), id="suppress-nrn-rn"),
    pytest.param(message("Precedence: first-class"), id="precedence-other"),
    pytest.param(message(sender="Norah Eriksen <noreen@kk.dk>"), id="noreen-is-a-person"),
    pytest.param(OUTLOOK_SIGNUP, id="outlook-danish-signup"),
]


@pytest.mark.parametrize("raw", PEOPLE)
def test_person_mail_is_not_machine(raw: bytes) -> None:
    """A person's sign-up (and the harmless look-alike headers) gets a reply."""
    mail = parse(raw, ARRIVAL)
    assert mail.sender  # the address was read, so the sender checks really ran
    assert machine_reason(mail, OWN) is None


def test_outlook_signup_is_read_as_expected() -> None:
    """The Outlook sample parses to what the guard relies on."""
    mail = parse(OUTLOOK_SIGNUP, ARRIVAL)
    assert mail.sender == "mha@odense.dk"
    assert mail.content_type == "multipart/alternative"
    assert "netværket for hverdagsledelse" in mail.text


# --- every rule in the table shows on its own example ----------------------------------


def with_line(line: str) -> bytes:
    """The plain sign-up with one header line added, or its Subject, From or
    Content-Type replaced by the example's."""
    name, _, value = line.partition(": ")
    if name == "Subject" and CALENDAR_SUBJECT.match(value):  # made by a click: no words
        return message(subject=value, body="")
    if name == "Subject":
        return message(subject=value)
    if name == "Body":
        return message(body=value + "\n")
    if name == "From":
        return message(sender=value)
    if name == "Content-Type" and value.startswith("multipart/report"):
        return message(content_type=value.replace("boundary=b", 'boundary="=_report_4711"'),
                       body=REPORT_BODY)
    if name == "Content-Type":  # a calendar part with its method
        method = value.rsplit("=", 1)[1]
        return message(content_type='multipart/mixed; boundary="b1"', body=(
            "--b1\nContent-Type: text/plain; charset=utf-8\n\nAccepteret.\n--b1\n"
            f"Content-Type: {value}\n\nBEGIN:VCALENDAR\nMETHOD:{method}\nEND:VCALENDAR\n"
            "--b1--\n"))
    if name == "Return-Path":
        return message(return_path=value)
    return message(line)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.sign.value)
def test_every_rule_reads_its_own_example(rule) -> None:
    """Each sign alone makes the mail machine mail, and the reason names that sign."""
    reason = machine_reason(parse(with_line(rule.example), ARRIVAL), OWN)
    assert reason is not None and reason.code == rule.sign, (rule.example, reason)


MORE_MACHINE = [
    *(pytest.param(message(sender=f"Service <{local}@vendor.example>"), id=local)
      for local in ("gmail-noreply", "do-not-reply", "no_reply", "no.reply", "noreply-4711",
                    "donotreply", "NoReply", "biblioteksnyt-request", "netvaerk-bounces",
                    "liste-owner", "owner-liste", "mailman-admin")),
    pytest.param(message("Sender: netvaerk-bounces@lists.kl.dk"), id="sender-bounces"),
    pytest.param(message("List-Subscribe: <mailto:nyt-join@lists.kl.dk>"), id="list-subscribe"),
    pytest.param(message("List-Post: <mailto:nyt@lists.kl.dk>"), id="list-post"),
    pytest.param(message("Mailing-List: contact nyt-help@kl.dk; run by ezmlm"), id="ezmlm"),
    pytest.param(message("X-Spam-Status: Yes, score=8.2 required=5.0"), id="spam-status"),
    *(pytest.param(message(subject=f"{prefix} Tilmelding til hverdagsledelse"), id=prefix)
      for prefix in ("Automatisk svar:", "Autosvar:", "Fraværende:", "Auto reply:",
                     "Automatic reply:", "Out of Office:")),
    *(pytest.param(message(subject=f"{prefix} Netværksmøde 27. marts", body=body), id=prefix)
      for prefix in ("Afvist:", "Foreløbig:", "Declined:", "Tentative:")
      for body in ("", "Mette Hansen har accepteret denne invitation.\n")),
]


@pytest.mark.parametrize("raw", MORE_MACHINE)
def test_more_machine_signs(raw: bytes) -> None:
    assert machine_reason(parse(raw, ARRIVAL), OWN) is not None


LOOK_ALIKES = [
    pytest.param(message(sender="Bruno Reply <bruno.reply@vejle.dk>"), id="bruno-reply"),
    pytest.param(message(sender="Noreen Holm <noreen.holm@vejle.dk>"), id="noreen"),
    pytest.param(message("X-Spam-Status: No, score=-0.1 required=5.0"), id="spam-no"),
    pytest.param(message(subject="SV: Automatisk svar om tilmelding?"), id="sv-prefix"),
    # a colleague's Exchange rule forwarded a person's mail: still the person's
    pytest.param(message("X-MS-Exchange-Inbox-Rules-Loop: sekretariat@odense.dk"),
                 id="forwarded-by-a-colleagues-rule"),
    pytest.param(message(body="Jeg vil gerne tilmeldes.\n\nJeg er fraværende 10.-14. marts.\n"),
                 id="absence-in-body"),
    pytest.param(message(body="Jeg vil gerne tilmeldes. Jeg fik et automatisk svar fra jer, "
                              "men ingen bekræftelse.\n"), id="speaks-of-an-auto-reply"),
    # a calendar response sent with her comments ("Accepter og send med kommentarer")
    pytest.param(message(subject="Afvist: Netværksmøde 27. marts", body=(
        "Hej Lisbet\nJeg må desværre melde afbud til mødet – byrådet har budgetseminar.\nUlla\n")),
        id="calendar-response-with-her-words"),
]


@pytest.mark.parametrize("raw", LOOK_ALIKES)
def test_look_alikes_are_people(raw: bytes) -> None:
    mail = parse(raw, ARRIVAL)
    assert mail.sender and machine_reason(mail, OWN) is None


# --- who may be answered: the one address of the From --------------------------------


@pytest.mark.parametrize(("header", "sender", "defect"), [
    ('"Hansen, Mette" <mha@odense.dk>', "mha@odense.dk", None),
    ('"Hansen,\r\n Mette" <mha@odense.dk>', "mha@odense.dk", None),  # folded, CRLF
    ("=?utf-8?q?Holm=2C_M=C3=B8ller?= <mh@odense.dk>", "mh@odense.dk", None),
    ('"mha@odense.dk" <mha@odense.dk>', "mha@odense.dk", None),
    ("alice@example.com <bob@example.com>", "bob@example.com", Defect.from_name_is_address),
    ('"alice@example.com" <bob@example.com>', "bob@example.com",
     Defect.from_name_is_address),
    ("=?utf-8?q?bob=40evil.example?= <mha@odense.dk>", "mha@odense.dk",
     Defect.from_name_is_address),
    ("a@odense.dk, b@vejle.dk", "", Defect.from_several),
    ("Bo <bo@odense.dk>, Al <al@vejle.dk>", "", Defect.from_several),
    ("Mette <mha@odense.dk", "mha@odense.dk", Defect.from_invalid),
    ("undisclosed-recipients:;", "", Defect.from_invalid),
])
def test_the_from_yields_one_address_or_a_defect(header, sender, defect) -> None:
    mail = parse(message(sender=header), ARRIVAL)
    assert mail.sender == sender
    codes = {d.code for d in mail.defects}
    assert (defect in codes) if defect else not codes & set(SENDER_DEFECTS)


def test_a_forged_from_gets_no_reply_and_waits_with_the_reason() -> None:
    mail = parse(message(sender="alice@example.com <bob@example.com>"), ARRIVAL)
    decision = decide_mail(mail, None, machine_reason(mail, OWN), None, {}, {}, UTC)
    assert decision.to_review and decision.replies == []
    assert "alice@example.com" in say(decision.reasons[0], "en")


def test_an_empty_from_address_is_a_bounce_not_a_forgery() -> None:
    mail = parse(message(sender="MAILER-DAEMON <>"), ARRIVAL)
    assert machine_reason(mail, OWN).code == MachineSign.empty_from
    assert not {d.code for d in mail.defects} & set(SENDER_DEFECTS)


# --- the standard library reads what mail-parser gives up on ---------------------------

BROKEN_BOUNCE = (
    b"From: MAILER-DAEMON@mx.aarhus.dk\r\nTo: lv@fremtidensbiblioteker.dk\r\n"
    b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b1@mx.aarhus.dk>\r\n"
    b"Date: Mon, 3 Mar 2025 10:14:22 +0100\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/report; report-type=delivery-status; boundary="outer"\r\n\r\n'
    b'--outer\r\nContent-Type: multipart/alternative; boundary="inner"\r\n\r\n'
    b"no start boundary here\r\n"
    b"--outer\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n")


def test_a_broken_bounce_is_still_a_bounce() -> None:
    mail = parse(BROKEN_BOUNCE, ARRIVAL)
    assert (mail.sender, mail.subject, mail.message_id) == (
        "mailer-daemon@mx.aarhus.dk", "Undelivered Mail Returned to Sender",
        "<b1@mx.aarhus.dk>")
    assert machine_reason(mail, OWN) is not None


def test_a_broken_signup_keeps_its_sender_and_waits_for_review() -> None:
    raw = BROKEN_BOUNCE.replace(b"MAILER-DAEMON@mx.aarhus.dk", b"Mette Holm <mh@aarhus.dk>")
    raw = raw.replace(b"multipart/report; report-type=delivery-status", b"multipart/mixed")
    mail = parse(raw, ARRIVAL)
    assert (mail.sender, mail.sender_name) == ("mh@aarhus.dk", "Mette Holm")
    assert machine_reason(mail, OWN) is None
    assert any(d.code == Defect.unparseable for d in mail.defects)


# --- subjects in the charset senders meant --------------------------------------------


@pytest.mark.parametrize(("header", "expected"), [
    # GBK bytes (外包) labelled gb2312, as many Chinese mail programs do
    ("=?gb2312?B?zeKw/A==?=", "外包"),
    # cp1252 curly quotes labelled iso-8859-1
    ("=?iso-8859-1?Q?=93Tilmelding=94?=", "“Tilmelding”"),
    ("=?x-unknown?Q?Tilmelding_hverdagsledelse?=", "Tilmelding hverdagsledelse"),
])
def test_encoded_subjects_are_read_as_their_senders_meant(header: str, expected: str) -> None:
    mail = parse(message(subject=header), ARRIVAL)
    assert mail.subject == expected


def test_an_unreadable_encoded_word_is_never_shown_raw() -> None:
    mail = parse(message(subject="=?utf-8?B?###?= Tilmelding"), ARRIVAL)
    assert "=?" not in mail.subject and "Tilmelding" in mail.subject
