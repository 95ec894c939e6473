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


def test_two_networks_and_a_colleague_get_one_reply(dovecot, smtp_sink, make_config) -> None:
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.outlook(
        "mette.holm@aarhus.dk", "Mette Holm", "Tilmelding",
        "Hej Lisbet\n\nJeg vil gerne tilmelde både mig selv og min kollega Ulla Thorsen "
        "(ulth@aarhus.dk) til hverdagsledelse og til bæredygtighed.\n\nVenlig hilsen\n"
        "Mette Holm\nAarhus Kommunes Biblioteker\n", sent=T0), T0)
    poll_once(config, engine)

    with session(engine) as s:
        registered = {(r.network, r.email) for r in s.exec(select(Registration)).all()}
    assert registered == {(n, e) for n in ("hverdagsledelse", "baeredygtighed")
                          for e in ("mette.holm@aarhus.dk", "ulth@aarhus.dk")}
    [reply] = smtp_sink.received
    assert sorted(reply.rcpt_tos) == ["mette.holm@aarhus.dk", "ulth@aarhus.dk"]
    text = reply.message.get_body(("plain",)).get_content()
    assert text.startswith("Kære Mette") and text.count("Venlig hilsen") == 1
    assert "Mellemledernetværk om hverdagsledelse" in text
    assert "Ledelse af bæredygtighed" in text and "Ulla Thorsen" in text
    calendars = sorted(p.get_filename() for p in reply.message.walk()
                       if p.get_content_type() == "text/calendar")
    assert calendars == ["baeredygtighed.ics", "hverdagsledelse.ics"]
