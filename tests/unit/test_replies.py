"""Replies as the participant receives them: every template in Danish and English,
rendered through `Renderer.build` from a parsed original mail, then serialised and read
back the way a mail client would."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from zoneinfo import ZoneInfo

import mails
import pytest
from icalendar import Calendar

from mailreg.adapters.templates import TEMPLATES, Outgoing, Renderer
from mailreg.config import parse_config
from mailreg.domain.mail import Inbound
from mailreg.domain.model import Flag, Intent, Reply, ReplyKind
from mailreg.domain.rules import decide_mail
from mailreg.reading.message import parse
from mailreg.reading.understand import understand

CONFIG = """\
timezone = "Europe/Copenhagen"
[imap]
host = "imap.example.dk"
username = "lv@fremtidensbiblioteker.dk"
password_env = "MAILREG_IMAP_PASSWORD"
[smtp]
host = "smtp.example.dk"
[coordinator]
name = "Lisbet Vestergaard"
address = "lv@fremtidensbiblioteker.dk"
organisation = "Tænketanken Fremtidens Biblioteker"
[[networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
deadline = "15. marts 2025"
first_meeting = 2025-06-03
price = "4.500 kr. + moms per deltager ekskl. forplejning"
capacity = 30
cancel_note_after_deadline = "Bemærk, at tilmeldingen er bindende efter fristen."
[[networks]]
slug = "baeredygtighed"
name = "Ledelse af bæredygtighed"
deadline = 2025-03-15
first_meeting = 2025-04-03
price_amount = 4500
[[networks]]
slug = "kommunekonference"
name = "Bibliotekerne og kommunen 2025"
kind = "event"
deadline = 2025-04-25
first_meeting = 2025-05-20
start_time = "09:30"
end_time = "15:30"
location = "Dokk1, Hack Kampmanns Plads 2; 8000 Aarhus C"
price = "1.200 kr. ekskl. moms og ekskl. forplejning"
[[networks]]
slug = "formidlingskursus"
name = "Kursus i formidling"
kind = "event"
deadline = 2025-04-25
first_meeting = 2025-11-04
[[networks]]
slug = "souschefer"
name = "Netværk for souschefer"
deadline = 2025-04-25
first_meeting = 2025-09-11
start_time = "10:00"
end_time = "12:00"
location = "Hovedbiblioteket, Odense"
"""

ARRIVAL = datetime(2025, 3, 3, 9, 14, 30, tzinfo=UTC)
ORIGINAL_ID = "<AM9PR07MB71716F2B8E5A3C0D9E2B1A4C6D9F1@AM9PR07MB7171.eurprd07.prod.outlook.com>"
INVITATION_ID = "<CAH8invitation2025hverdag@mail.gmail.com>"

ORIGINAL = f"""\
Return-Path: <mha@odense.dk>
From: "Hansen, Mette" <mha@odense.dk>
To: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>
Subject: =?iso-8859-1?Q?SV:_Invitation_til_netv=E6rk_for_hverdagsledelse?=
Date: Mon, 3 Mar 2025 09:14:22 +0000
Message-ID: {ORIGINAL_ID}
References: {INVITATION_ID}
In-Reply-To: {INVITATION_ID}
Content-Language: da-DK
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

Hej Lisbet

Jeg vil gerne tilmelde mig og mine kolleger Anna Berg, Bo Holm og Carl Ib.

Venlig hilsen
Mette Hansen
""".encode("ascii")

# replies only: the digest is a mail to the coordinator with a context of its own
NAMES = sorted(p.name.removesuffix(".txt.j2") for p in (TEMPLATES / "da").glob("[!_]*.txt.j2")
               if not p.name.startswith(("digest", "receipt")))  # the coordinator's
LISTS_PEOPLE = {"already_registered", "cancelled", "confirmation", "details_updated", "late",
                "late_waitlisted", "promoted", "waitlisted"}
GROUP = ("Anna Berg", "Bo Holm", "Carl Ib")
AND = {"da": "Anna Berg, Bo Holm og Carl Ib", "en": "Anna Berg, Bo Holm and Carl Ib"}
HELLO = {"da": "Kære Mette", "en": "Dear Mette"}
SIGNED = {"da": "Venlig hilsen", "en": "Kind regards"}
CONTEXT = {"people", "self_only", "note", "missing", "greeting", "position", "coordinator",
           "original_subject", "network", "language", "asks"}


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(parse_config(CONFIG))


@pytest.fixture(scope="module")
def original() -> Inbound:
    return parse(ORIGINAL, ARRIVAL)


def reply(name: str, people: tuple[str, ...] = ("Mette Hansen",), **kw) -> Reply:
    """A reply as the rules would make it for the sender mha@odense.dk."""
    defaults = {
        "network": None if name == "received" else "hverdagsledelse",
        "people": people,
        "self_only": people == ("Mette Hansen",),
        "position": 4 if "waitlisted" in name else None,
        "note": "Bemærk, at tilmeldingen er bindende efter fristen." if name == "cancelled"
        else "",
        "missing": ("ean_invalid",) if name == "missing_details" else (),
        "greet": "Mette",  # the rules greet the sender by the first name they found
    }
    return Reply(ReplyKind(name), to="mha@odense.dk", **(defaults | kw))


def wire(mail: Outgoing) -> tuple[bytes, EmailMessage]:
    """The bytes sent over SMTP and the message a client reads back from them, which
    must parse without a defect in any part."""
    back = BytesParser(policy=policy.default).parsebytes(mail.raw)
    assert [(part.get_content_type(), part.defects) for part in back.walk()
            if part.defects] == []
    assert all(len(line) <= 998 for line in mail.raw.split(b"\r\n"))
    assert b"\n" not in mail.raw.replace(b"\r\n", b"")  # CRLF line ends only
    return mail.raw, back


def raw_headers(data: bytes) -> list[tuple[str, str]]:
    """(lowercased name, unfolded undecoded value) of each top-level header on the wire."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = re.sub(r"\r\n(?=[ \t])", "", head)
    return [(name.strip().lower(), value.strip())
            for name, value in (line.split(":", 1) for line in unfolded.split("\r\n"))]


def body_of(msg: EmailMessage) -> str:
    """The text the participant reads (a calendar file may be attached)."""
    return msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("people", [("Mette Hansen",), GROUP], ids=["self", "group"])
def test_every_template_renders_cleanly(renderer, original, name, language, people) -> None:
    """Greeting, names, signature in the right language; no template debris."""
    _, back = wire(renderer.build(reply(name, people), original, language))
    subject, body = str(back["Subject"]), body_of(back)
    for text in (subject, body):
        assert "{{" not in text and "{%" not in text and "None" not in text
    assert "\n\n\n" not in body
    assert body == body.strip() + "\n"
    if name == "received":
        assert "Invitation til netværk for hverdagsledelse" in subject
    else:
        assert "Mellemledernetværk om hverdagsledelse" in subject
    if name not in ("received", "missing_details"):  # these answer a mail of the thread
        assert "Mellemledernetværk om hverdagsledelse" in body
    assert SIGNED[language] in body
    assert SIGNED["en" if language == "da" else "da"] not in body
    assert "Lisbet Vestergaard" in body and "lv@fremtidensbiblioteker.dk" in body
    assert body.startswith(HELLO[language])  # for a group: the sender, "Hansen, Mette"
    if people == GROUP and name in LISTS_PEOPLE:
        assert AND[language] in body


FACT = re.compile(r"[A-ZÆØÅ][\w ]*: \S")  # "Pris: ...", "Registration deadline: ..."
ADDRESS = {"Lisbet Vestergaard", "Tænketanken Fremtidens Biblioteker",
           "lv@fremtidensbiblioteker.dk"}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", [kind.value for kind in ReplyKind])
@pytest.mark.parametrize("network", ["hverdagsledelse", "kommunekonference"])
def test_every_paragraph_is_one_line(renderer, original, name, language, network) -> None:
    """Lines are the mail client's to wrap, to the reader's window: no sentence is
    broken over lines. Only the facts ("Pris: ...") and the coordinator's address are
    lists of lines."""
    msg = renderer.build(reply(name, GROUP, network=None if name == "received" else network),
                         original, language)
    for paragraph in body_of(wire(msg)[1]).strip().split("\n\n"):
        lines = paragraph.split("\n")
        assert len(lines) == 1 or all(FACT.match(line) for line in lines) or \
            set(lines) <= ADDRESS, paragraph


def test_long_lines_are_soft_broken_on_the_wire_only(renderer, original) -> None:
    """Quoted-printable keeps every line on the wire within 76 characters (RFC 2045)
    with soft line breaks, which the client joins again."""
    data, back = wire(renderer.build(reply("late"), original, "da"))
    lines = data.split(b"\r\n\r\n", 1)[1].split(b"\r\n")
    assert all(len(line) <= 76 for line in lines)
    assert any(line.endswith(b"=") for line in lines)
    longest = max(body_of(back).split("\n"), key=len)
    assert len(longest) > 76
    assert longest.startswith("Tak for din tilmelding") and longest.endswith("efter fristen.")


def test_english_templates_mirror_danish() -> None:
    """Every Danish template, partials included, has an English counterpart."""
    def names(lang: str) -> set[str]:
        return {p.name for p in (TEMPLATES / lang).glob("*.txt.j2")}

    assert names("en") == names("da")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("partial", ["_hello", "_people"])
def test_inline_partials_have_no_trailing_newline(language: str, partial: str) -> None:
    """They are included mid-sentence; a newline would break the line."""
    raw = (TEMPLATES / language / f"{partial}.txt.j2").read_bytes()
    assert not raw.endswith(b"\n")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", [p.name for p in sorted((TEMPLATES / "da").glob("*.txt.j2"))
                                  if not p.name.startswith(("digest", "receipt"))])
def test_templates_use_only_the_context_build_provides(renderer, language, name) -> None:
    """A misspelt variable would only show as a crash when that reply is due."""
    from jinja2 import meta

    source = (TEMPLATES / language / name).read_text(encoding="utf-8")
    used = meta.find_undeclared_variables(renderer.env.parse(source))
    assert used <= CONTEXT


def test_danish_confirmation_states_the_facts(renderer, original) -> None:
    _, back = wire(renderer.build(reply("confirmation"), original, "da"))
    body = body_of(back)
    assert str(back["Subject"]) == (
        "Bekræftelse: tilmelding til Mellemledernetværk om hverdagsledelse")
    assert "tirsdag den 3. juni 2025" in body
    assert "lørdag den 15. marts 2025" in body
    assert "4.500 kr. + moms per deltager ekskl. forplejning" in body
    assert "Du er nu tilmeldt Mellemledernetværk om hverdagsledelse" in body


def test_english_confirmation_states_the_facts(renderer, original) -> None:
    _, back = wire(renderer.build(reply("confirmation"), original, "en"))
    body = body_of(back)
    assert "Mellemledernetværk om hverdagsledelse" in str(back["Subject"])
    assert "Tuesday, 3 June 2025" in body
    assert "Saturday, 15 March 2025" in body
    # the whole price note, catering included, in English
    assert "\nPrice: DKK\u00a04,500.00 plus VAT per participant excluding catering\n" in body
    assert "moms" not in body and "forplejning" not in body
    assert body.startswith("Dear Mette")


EVENT = {  # a one-day conference with its times and place, as the participant reads it
    "da": ["Arrangementet finder sted tirsdag den 20. maj 2025 kl. 09.30–15.30.",
           "Sted: Dokk1, Hack Kampmanns Plads 2; 8000 Aarhus C"],
    "en": ["The event takes place on Tuesday, 20 May 2025, 09:30–15:30.",
           "Venue: Dokk1, Hack Kampmanns Plads 2; 8000 Aarhus C"],
}
MEETINGS = {"da": "møde", "en": "meeting"}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", ["confirmation", "promoted", "already_registered",
                                  "waitlisted"])
def test_an_event_is_worded_as_one_event(renderer, original, name, language) -> None:
    """A conference is no series: its day, times and place, and no word of meetings."""
    body = body_of(wire(renderer.build(reply(name, network="kommunekonference"),
                                       original, language))[1])
    for line in EVENT[language]:
        assert f"\n{line}\n" in body
    assert MEETINGS[language] not in body.lower()
    assert ("etværk" if language == "da" else "network") not in body  # "fully booked"


@pytest.mark.parametrize(("language", "follows"), [
    ("da", "\n\nTidspunktet og stedet følger, når programmet er på plads.\n\n"),
    ("en", "\n\nI will send the time and the venue once the programme is in place.\n\n")])
def test_an_event_without_times_says_what_follows(renderer, original, language,
                                                  follows) -> None:
    body = body_of(wire(renderer.build(reply("confirmation", network="formidlingskursus"),
                                       original, language))[1])
    assert {"da": "Arrangementet finder sted tirsdag den 4. november 2025.\n",
            "en": "The event takes place on Tuesday, 4 November 2025.\n"}[language] in body
    assert follows in body
    assert MEETINGS[language] not in body.lower()


@pytest.mark.parametrize(("language", "words"), [
    ("da", ["\nFørste møde: tirsdag den 3. juni 2025\n",
            "\n\nTid og sted for møderne følger, når programmet er på plads.\n\n"]),
    ("en", ["\nFirst meeting: Tuesday, 3 June 2025\n",
            "\n\nI will send the times and venues of the meetings once the programme is in "
            "place.\n\n"])])
def test_a_series_is_worded_as_meetings(renderer, original, language, words) -> None:
    body = body_of(wire(renderer.build(reply("confirmation"), original, language))[1])
    for text in words:
        assert text in body
    assert "Arrangementet" not in body and "event" not in body


@pytest.mark.parametrize(("language", "words"), [
    ("da", ["\nFørste møde: torsdag den 11. september 2025 kl. 10.00–12.00\n",
            "\nSted: Hovedbiblioteket, Odense\n",
            "\n\nTid og sted for de øvrige møder følger, når programmet er på plads.\n\n"]),
    ("en", ["\nFirst meeting: Thursday, 11 September 2025, 10:00–12:00\n",
            "\nVenue: Hovedbiblioteket, Odense\n",
            "\n\nI will send the times and venues of the other meetings once the programme "
            "is in place.\n\n"])])
def test_a_series_with_its_first_meeting_known_promises_the_others(renderer, original,
                                                                   language, words) -> None:
    body = body_of(wire(renderer.build(reply("confirmation", network="souschefer"),
                                       original, language))[1])
    for text in words:
        assert text in body


def calendar_of(renderer, original, slug: str, language: str = "da") -> tuple[str, Calendar]:
    """The .ics of a confirmation as sent, and as a calendar program reads it."""
    _, back = wire(renderer.build(reply("confirmation", network=slug), original, language))
    [part] = [p for p in back.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == f"{slug}.ics"
    ics = part.get_content()
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))  # folded
    return ics, Calendar.from_ical(ics)


def test_calendar_event_of_an_event_has_its_times_place_and_description(renderer,
                                                                        original) -> None:
    ics, calendar = calendar_of(renderer, original, "kommunekonference")
    [event] = calendar.walk("VEVENT")
    cph = ZoneInfo("Europe/Copenhagen")
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event["DTEND"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("DTSTART") == datetime(2025, 5, 20, 9, 30, tzinfo=cph)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2025, 5, 20, 13, 30, tzinfo=UTC)
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Copenhagen"
    assert "DTSTART;TZID=Europe/Copenhagen:20250520T093000\r\n" in ics
    assert str(event["SUMMARY"]) == "Bibliotekerne og kommunen 2025"
    assert str(event["LOCATION"]) == "Dokk1, Hack Kampmanns Plads 2; 8000 Aarhus C"
    assert "LOCATION:Dokk1\\, Hack Kampmanns Plads 2\\; 8000 Aarhus C" in ics  # escaped
    description = str(event["DESCRIPTION"]).split("\n")
    assert description[0] == "Bibliotekerne og kommunen 2025"
    assert "Pris: 1.200 kr. ekskl. moms og ekskl. forplejning" in description
    assert description[-1] == ("Kontakt: Lisbet Vestergaard, Tænketanken Fremtidens "
                               "Biblioteker, lv@fremtidensbiblioteker.dk")
    assert str(event["ORGANIZER"]) == "mailto:lv@fremtidensbiblioteker.dk"


def test_calendar_event_of_a_series_without_times_lasts_the_day(renderer, original) -> None:
    _, calendar = calendar_of(renderer, original, "hverdagsledelse")
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2025, 6, 3)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)
    assert "TZID" not in event["DTSTART"].params and calendar.walk("VTIMEZONE") == []
    assert str(event["SUMMARY"]) == "Mellemledernetværk om hverdagsledelse: første møde"
    assert "LOCATION" not in event
    assert "Pris: 4.500 kr. + moms per deltager ekskl. forplejning" in str(event["DESCRIPTION"])


def test_english_calendar_event_is_in_english(renderer, original) -> None:
    _, calendar = calendar_of(renderer, original, "hverdagsledelse", "en")
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Mellemledernetværk om hverdagsledelse: first meeting"
    assert str(event["DESCRIPTION"]).split("\n")[-1].startswith("Contact: Lisbet Vestergaard")


@pytest.mark.parametrize("language", ["da", "en"])
def test_price_from_amount_only(renderer, original, language) -> None:
    """A network with price_amount and no price text still tells the price."""
    _, back = wire(renderer.build(reply("confirmation", network="baeredygtighed"),
                                  original, language))
    assert re.search(r"4[.,]500", body_of(back))


def test_english_amount_is_written_with_a_space(renderer, original) -> None:
    """British readers expect "DKK 4,500.00" (as format_money documents), not "DKK4,500.00"."""
    _, back = wire(renderer.build(reply("confirmation", network="baeredygtighed"),
                                  original, "en"))
    assert re.search(r"DKK[ \u00a0]4,500\.00", body_of(back))


@pytest.mark.parametrize(("language", "words"), [("da", "nummer 4"), ("en", "number 4")])
@pytest.mark.parametrize("name", ["waitlisted", "late_waitlisted"])
def test_waiting_list_position_is_stated(renderer, original, name, language, words) -> None:
    _, back = wire(renderer.build(reply(name), original, language))
    assert words in body_of(back)


@pytest.mark.parametrize(("language", "pair"),
                         [("da", "Anna Berg og Bo Holm"), ("en", "Anna Berg and Bo Holm")])
def test_two_people_are_joined_without_comma(renderer, original, language, pair) -> None:
    msg = renderer.build(reply("confirmation", ("Anna Berg", "Bo Holm")), original, language)
    assert pair in body_of(wire(msg)[1])


MISSING = {
    "da": "Jeg mangler lige jeres EAN-nummer til fakturaen og navnet på jeres bibliotek.",
    "en": "Could you also send me your EAN number for the invoice and the name of your library?",
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", ["confirmation", "late", "waitlisted"])
def test_missing_details_are_asked_for_before_the_signature(renderer, original, name,
                                                             language) -> None:
    missing = (Flag.missing_ean, Flag.missing_organisation)
    msg = renderer.build(reply(name, missing=missing), original, language)
    body = body_of(wire(msg)[1])
    assert f"\n\n{MISSING[language]}" in body
    assert body.index(MISSING[language]) < body.index(SIGNED[language])
    assert "\n\n\n" not in body


PROMISE = {"da": "Dit spørgsmål svarer jeg på i en særskilt mail.",
           "en": "I will answer your question in a separate email."}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_practical_question_is_promised_an_answer_once(renderer, original,
                                                         language) -> None:
    """A sign-up that also asked about parking is confirmed, and told the coordinator
    answers the question herself: once in a mail for two networks, before the signature;
    so is a cancellation that asked for the slides."""
    alone = body_of(wire(renderer.build(reply("confirmation", asks=True), original,
                                        language))[1])
    assert f"\n\n{PROMISE[language]}\n\n" in alone
    assert alone.index(PROMISE[language]) < alone.index(SIGNED[language])
    both = body_of(wire(renderer.build_all(
        [reply("confirmation", asks=True), reply("waitlisted", network="baeredygtighed",
                                                 asks=True)], original, language))[1])
    assert both.count(PROMISE[language]) == 1 and "\n\n\n" not in both
    plain = body_of(wire(renderer.build(reply("confirmation"), original, language))[1])
    assert PROMISE[language] not in plain
    cancelled = body_of(wire(renderer.build(reply("cancelled", asks=True), original,
                                            language))[1])
    assert cancelled.index(PROMISE[language]) < cancelled.index(SIGNED[language])


@pytest.mark.parametrize("language", ["da", "en"])
def test_cancel_note_is_its_own_paragraph(renderer, original, language) -> None:
    body = body_of(wire(renderer.build(reply("cancelled"), original, language))[1])
    assert "\n\nBemærk, at tilmeldingen er bindende efter fristen.\n\n" in body


@pytest.mark.parametrize("language", ["da", "en"])
def test_reply_headers(renderer, original, language) -> None:
    """The headers of a careful auto-responder, and a thread the client can follow."""
    msg = renderer.build(reply("confirmation"), original, language)
    _, back = wire(msg)
    assert back["Auto-Submitted"] == "auto-replied"
    assert back["X-Auto-Response-Suppress"] == "All"
    assert back["In-Reply-To"] == ORIGINAL_ID
    assert back["References"].split()[-1] == ORIGINAL_ID
    assert back["References"].split() == [INVITATION_ID, ORIGINAL_ID]
    assert getaddresses([str(back["From"])]) == [
        ("Lisbet Vestergaard", "lv@fremtidensbiblioteker.dk")]
    assert getaddresses([str(back["To"])])[0][1] == "mha@odense.dk"
    assert back["Date"] is not None
    message_id = str(back["Message-ID"]).strip()
    assert re.fullmatch(r"<[^<>\s@]+@fremtidensbiblioteker\.dk>", message_id)
    assert message_id != ORIGINAL_ID
    again = renderer.build(reply("confirmation"), original, language)
    assert again.message_id != msg.message_id


@pytest.mark.parametrize(("at", "date"), [
    (datetime(2025, 1, 14, 8, 5, tzinfo=UTC), "Tue, 14 Jan 2025 09:05:00 +0100"),
    (datetime(2025, 6, 3, 8, 5, tzinfo=UTC), "Tue, 03 Jun 2025 10:05:00 +0200"),
], ids=["winter", "summer"])
def test_date_header_is_local_time(renderer, original, at, date) -> None:
    """The Date of a reply is Copenhagen time (the configured zone), summer time aware."""
    data, _ = wire(renderer.build(reply("confirmation"), original, "da", at))
    assert dict(raw_headers(data))["date"] == date


def test_date_header_of_now_has_copenhagen_offset(renderer, original) -> None:
    data, _ = wire(renderer.build(reply("received"), original, "da"))
    assert dict(raw_headers(data))["date"][-5:] in {"+0100", "+0200"}


def test_thread_headers_are_plain_on_the_wire(renderer, original) -> None:
    """Mail clients thread by the literal ids: an Outlook-length Message-ID must not be
    RFC 2047-encoded in In-Reply-To or References (RFC 2047 forbids it in a msg-id)."""
    data, _ = wire(renderer.build(reply("confirmation"), original, "da"))
    headers = dict(raw_headers(data))
    assert headers["in-reply-to"] == ORIGINAL_ID
    assert headers["references"].split() == [INVITATION_ID, ORIGINAL_ID]
    assert "=?" not in headers["message-id"]


def test_later_notice_is_not_threaded(renderer) -> None:
    """A promotion is sent days later, not as an answer: no In-Reply-To, still marked."""
    msg = renderer.build(reply("promoted", answers_message=False), None, "da")
    _, back = wire(msg)
    assert back["In-Reply-To"] is None and back["References"] is None
    assert back["Auto-Submitted"] == "auto-replied"
    assert back["X-Auto-Response-Suppress"] == "All"
    assert body_of(back).startswith("Kære Mette")


def greeting_for(renderer, raw: bytes) -> str:
    """The first line of the reply to a mail, read and decided as the poll does."""
    mail = parse(raw, ARRIVAL)
    networks = renderer.config.networks
    decision = decide_mail(mail, understand(mail, networks), None, None,
                           {n.slug: n for n in networks}, {}, renderer.config.tz)
    return body_of(wire(renderer.build(decision.replies[0], mail, "da"))[1]).split("\n")[0]


def test_encoded_display_name_is_greeted(renderer) -> None:
    """Outlook writes "Søren Kjær" as an encoded word; the greeting uses the decoded name."""
    raw = mails.outlook("skj@kk.dk", "Søren Kjær", "Tilmelding", "Hej Lisbet\n\nJeg vil "
                        "gerne tilmelde mig hverdagsledelse.\n\nMvh\nSøren\n", sent=ARRIVAL)
    assert b"=?iso-8859-1?q?S=F8ren_Kj=E6r?=" in raw
    assert greeting_for(renderer, raw) == "Kære Søren"


def test_a_shared_mailbox_is_greeted_neutrally(renderer) -> None:
    """Not "Kære Faxe": a first name only when a person's name is known."""
    raw = mails.outlook("bibliotek@faxe.dk", "Faxe Bibliotekerne", "Tilmelding",
                        "Hej\n\nVi vil gerne tilmelde en medarbejder til hverdagsledelse.\n\n"
                        "Venlig hilsen\nFaxe Bibliotekerne\n", sent=ARRIVAL)
    assert greeting_for(renderer, raw) == "Hej"


HOSTILE = [
    pytest.param(b'From: =?utf-8?q?x=0D=0ABcc:_evil@example.com?= <mha@odense.dk>',
                 b"Subject: =?utf-8?q?x=0D=0ABcc:_evil@example.com?=", id="q-encoded-crlf"),
    pytest.param(b'From: "Mette =?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=" <mha@odense.dk>',
                 b"Subject: =?utf-8?b?VGlsbWVsZGluZw0KQmNjOiBldmlsQGV4YW1wbGUuY29tDQoNCmhp?=",
                 id="b-encoded-crlf-and-body"),
    pytest.param(b"From: Mette\rBcc: evil@example.com <mha@odense.dk>",
                 b"Subject: Tilmelding\rBcc: evil@example.com", id="bare-cr"),
    pytest.param(b"From: Mette Hansen <mha@odense.dk>",
                 b"Subject: =?utf-8?b?VGlsbWVsZGluZ+KAqEJjYzogZXZpbEBleGFtcGxlLmNvbcKF?=",
                 id="unicode-line-separators"),
    pytest.param(b"From: Mette Hansen <mha@odense.dk>",
                 b"Subject: =?utf-8?q?Tilmelding?=\n =?utf-8?q?=0ABcc=3A_evil=40example=2Ecom?=",
                 id="folded-encoded-words"),
]


@pytest.mark.parametrize("name", ["received", "confirmation"])
@pytest.mark.parametrize(("sender", "subject"), HOSTILE)
def test_hostile_original_adds_no_header(renderer, name, sender, subject) -> None:
    """Nothing the sender wrote becomes a header of ours (DESIGN rule 5)."""
    raw = re.sub(rb"(?m)^From: .*$", sender.replace(b"\\", b"\\\\"), ORIGINAL, count=1)
    raw = re.sub(rb"(?m)^Subject: .*$", subject.replace(b"\\", b"\\\\"), raw, count=1)
    mail = parse(raw, ARRIVAL)
    msg = renderer.build(reply(name, GROUP), mail, "da")
    data, back = wire(msg)
    names = {name for name, _ in raw_headers(data)}
    assert names <= {"from", "to", "subject", "date", "message-id", "in-reply-to",
                     "references", "auto-submitted", "x-auto-response-suppress",
                     "x-mailreg-loop", "content-type", "content-transfer-encoding",
                     "mime-version"}
    assert back["Bcc"] is None and back["Cc"] is None
    assert getaddresses([str(back["To"])])[0][1] == "mha@odense.dk"
    for header, value in back.items():
        assert not re.search(r"[\r\n\u2028\u2029\x85]", str(value)), header
    assert "Bcc" not in body_of(back).split("\n\n", 1)[0]  # nor in the greeting line


def test_long_danish_subject_is_valid_on_the_wire(renderer, original) -> None:
    """A long non-ASCII subject becomes encoded words of at most 75 characters (RFC 2047)
    on folded lines, and a client reads the whole subject back."""
    long_subject = "Tilmelding til netværket for hverdagsledelse og bæredygtighed " * 4
    raw = ORIGINAL.replace(b"Subject: =?iso-8859-1?Q?SV:_Invitation_til_netv=E6rk_for_"
                           b"hverdagsledelse?=", f"Subject: {long_subject}".encode("latin-1"))
    mail = parse(raw, ARRIVAL)
    data, back = wire(renderer.build(reply("received"), mail, "da"))
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    words = re.findall(r"=\?utf-8\?q\?[^?]*\?=", head)
    assert words and all(len(word) <= 75 for word in words)
    assert all(len(line) <= 998 for line in head.split("\r\n"))
    # the subject is cut at 200 characters, whole words of it must come back
    assert "Vi har modtaget din mail: Tilmelding til netværket for hverdagsledelse og " \
           "bæredygtighed Tilmelding til netværket" in " ".join(str(back["Subject"]).split())


@pytest.mark.parametrize("language", ["da", "en"])
def test_one_mail_covers_every_network_and_person(renderer, original, language) -> None:
    """A sign-up for two networks, one with a seat and one full, gets one mail: one
    greeting, each network's news, what is still missing once, one signature, and a
    calendar event for the network with a seat."""
    seat = reply("confirmation", missing=(Flag.missing_ean,))
    full = reply("waitlisted", network="baeredygtighed", missing=(Flag.missing_ean,),
                 cc=("ulth@odense.dk",))
    raw, back = wire(renderer.build_all([seat, full], original, language))
    body = body_of(back)
    assert body.startswith(HELLO[language]) and body.count(HELLO[language]) == 1
    assert body.count(SIGNED[language]) == 1
    assert "Mellemledernetværk om hverdagsledelse" in body and "Ledelse af bæredygtighed" in body
    assert ("nummer 4" if language == "da" else "number 4") in body
    missing = {"da": "EAN-nummer", "en": "EAN number"}[language]
    assert body.count(missing) == 1
    assert body.index(missing) < body.index(SIGNED[language])
    assert back["Cc"] == "ulth@odense.dk"
    assert "hverdagsledelse" in back["Subject"].lower() or "Bekræftelse" in back["Subject"]
    calendars = [p for p in back.walk() if p.get_content_type() == "text/calendar"]
    assert [p.get_filename() for p in calendars] == ["hverdagsledelse.ics"]


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_answer_under_a_reply_that_asks_for_the_ean_completes_the_sign_up(
        renderer, original, language) -> None:
    """The participant answers our own confirmation's request ("Jeg mangler lige jeres
    EAN-nummer ...") with the number alone: read as her sign-up again, with the EAN, so
    the rules note it on her registration (`details_updated`), no review."""
    msg = renderer.build(reply("confirmation", missing=(Flag.missing_ean,)), original, language)
    quoted = "\n".join(f"> {line}" for line in body_of(wire(msg)[1]).splitlines())
    answer = mails.gmail("mha@odense.dk", "Mette Hansen", "Re: " + str(wire(msg)[1]["Subject"]),
                         "EAN: 5798000389274\n\nMette\n\nDen man. 3. mar. 2025 kl. 10.15 skrev "
                         f"Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>:\n{quoted}\n",
                         sent=ARRIVAL + timedelta(hours=1))
    view = parse_config(CONFIG).mailbox_views()[0]
    result = understand(mails.inbound(answer, ARRIVAL + timedelta(hours=1)), view.networks,
                        view.coordinator)
    assert (result.intent, result.networks, result.review_reason) == (
        Intent.signup, ("hverdagsledelse",), None)
    assert [(p.email, p.ean) for p in result.participants] == [("mha@odense.dk",
                                                                "5798000389274")]
