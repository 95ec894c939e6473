"""One mail in, one mail out: a sign-up for two networks and a colleague gets a single
reply that covers all of it, through Dovecot and aiosmtpd."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import mails
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import Registration
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)


def mette_writes(dovecot, smtp_sink, make_config, text: str):
    """Mette Holm's mail through Dovecot and a poll: the (network, address) registered, the
    one reply sent and its text."""
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.outlook(
        "mette.holm@aarhus.dk", "Mette Holm", "Tilmelding",
        f"Hej Lisbet\n\n{text}\n\nVenlig hilsen\nMette Holm\nAarhus Kommunes Biblioteker\n",
        sent=T0), T0)
    poll_once(config, engine)
    with session(engine) as s:
        registered = {(r.network, r.email) for r in s.exec(select(Registration)).all()}
    [reply] = smtp_sink.received
    return registered, reply, reply.message.get_body(("plain",)).get_content()


def test_two_networks_and_a_colleague_get_one_reply(dovecot, smtp_sink, make_config) -> None:
    registered, reply, text = mette_writes(
        dovecot, smtp_sink, make_config, "Jeg vil gerne tilmelde både mig selv og min "
        "kollega Ulla Thorsen (ulth@aarhus.dk) til hverdagsledelse og til bæredygtighed.")
    assert registered == {(n, e) for n in ("hverdagsledelse", "baeredygtighed")
                          for e in ("mette.holm@aarhus.dk", "ulth@aarhus.dk")}
    assert sorted(reply.rcpt_tos) == ["mette.holm@aarhus.dk", "ulth@aarhus.dk"]
    assert text.startswith("Kære Mette") and text.count("Venlig hilsen") == 1
    assert "Mellemledernetværk om hverdagsledelse" in text
    assert "Ledelse af bæredygtighed" in text and "Ulla Thorsen" in text
    calendars = sorted(p.get_filename() for p in reply.message.walk()
                       if p.get_content_type() == "text/calendar")
    assert calendars == ["baeredygtighed.ics", "hverdagsledelse.ics"]


def test_each_is_registered_for_the_network_she_asks_for(dovecot, smtp_sink,
                                                         make_config) -> None:
    """"Jeg vil gerne med i hverdagsledelse, og Ulla tager til bæredygtighed": neither is
    registered for the other's network, and one reply covers both."""
    registered, reply, text = mette_writes(
        dovecot, smtp_sink, make_config, "Selv vil jeg gerne med i netværket om "
        "hverdagsledelse, og min kollega Ulla Thorsen (ulth@aarhus.dk) tager til Ledelse af "
        "bæredygtighed.")
    assert registered == {("hverdagsledelse", "mette.holm@aarhus.dk"),
                          ("baeredygtighed", "ulth@aarhus.dk")}
    assert sorted(reply.rcpt_tos) == ["mette.holm@aarhus.dk", "ulth@aarhus.dk"]
    assert "Mellemledernetværk om hverdagsledelse" in text
    assert "Ledelse af bæredygtighed" in text and "Ulla Thorsen" in text


def test_a_conference_reply_as_the_participant_receives_it(dovecot, smtp_sink,
                                                           make_config) -> None:
    """A one-day event, through Dovecot and aiosmtpd: worded as one event, its calendar
    file at its times in Copenhagen time, and the mail dated in Copenhagen time."""
    from icalendar import Calendar

    config = make_config(network_extra='kind = "event"\nstart_time = "09:30"\n'
                                       'end_time = "15:30"\nlocation = "Dokk1, Aarhus"')
    engine = make_engine(config.database.url)
    dovecot.append(mails.outlook(
        "mette.holm@aarhus.dk", "Mette Holm", "Tilmelding",
        "Hej Lisbet\n\nJeg vil gerne tilmelde mig hverdagsledelse.\n\nVenlig hilsen\n"
        "Mette Holm\n", sent=T0), T0)
    poll_once(config, engine, now=T0)

    [reply] = smtp_sink.received
    assert reply.message["Date"] == "Mon, 10 Feb 2025 09:00:00 +0100"
    text = reply.message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "\nArrangementet finder sted tirsdag den 3. juni 2025 kl. 09.30–15.30.\n" in text
    assert "\nSted: Dokk1, Aarhus\n" in text and "møde" not in text
    [part] = [p for p in reply.message.walk() if p.get_content_type() == "text/calendar"]
    [event] = Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("DTSTART") == datetime(2025, 6, 3, 9, 30, tzinfo=CPH)
    assert str(event["LOCATION"]) == "Dokk1, Aarhus"
    assert "lv@fremtidensbiblioteker.dk" in str(event["DESCRIPTION"])
