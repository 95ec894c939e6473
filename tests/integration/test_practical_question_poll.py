"""A sign-up or cancellation that also asks something practical, through a real Dovecot
and aiosmtpd: carried out at once, the reply promising an answer, the question kept on
the registration for the coordinator, and `explain` showing it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import mails
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import InboundMessage, Registration, decode_notes
from mailreg.domain.model import Flag, Note, Outcome, Status
from mailreg.entrypoints import cli
from mailreg.services import commands, digest
from mailreg.services.poll import poll_once
from mailreg.services.privacy import purge_raw_mail
from mailreg.services.report import flagged_registrations

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)
QUESTION = "Er der parkering ved biblioteket?"


def test_a_practical_question_is_registered_and_kept_for_the_coordinator(
        dovecot, smtp_sink, make_config, tmp_path, capsys) -> None:
    config = make_config()
    engine = make_engine(config.database.url)
    raw = mails.gmail("mette.holm@aarhus.dk", "Mette Holm", "Tilmelding",
                      f"Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket om hverdagsledelse. "
                      f"{QUESTION}\n\nEAN: 5798000389274\n\nVenlig hilsen\nMette Holm\n"
                      "Afdelingsleder\nAarhus Kommunes Biblioteker\n", sent=T0)
    dovecot.append(raw, T0)
    poll_once(config, engine)

    with session(engine) as s:
        [registration] = s.exec(select(Registration)).all()
        [logged] = s.exec(select(InboundMessage)).all()
    assert (registration.status, registration.network) == (Status.confirmed, "hverdagsledelse")
    assert decode_notes(registration.flags) == (Note.of(Flag.asks, words=QUESTION),)
    assert logged.outcome == Outcome.registered
    [reply] = smtp_sink.received
    text = reply.message.get_body(("plain",)).get_content()
    assert "Du er nu tilmeldt" in text
    assert "Dit spørgsmål svarer jeg på i en særskilt mail." in text

    capsys.readouterr()
    assert cli.main(["--config", str(tmp_path / "config.toml"), "explain",
                     logged.message_id or logged.key]) == 0
    assert f"asks       '{QUESTION}'" in capsys.readouterr().out


def test_a_cancellation_with_a_practical_question_keeps_it_in_the_digest(
        dovecot, smtp_sink, make_config) -> None:
    """Cancelled at once; the cancelled registration still shows in the digest's list of
    what waits for her, with its question, until she says it is answered."""
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("jens.berg@vejle.dk", "Jens Berg", "netværket om "
                                "hverdagsledelse", sent=T0), T0)
    poll_once(config, engine)
    slides = "Er det muligt at få tilsendt slides og materialer bagefter?"
    dovecot.append(mails.outlook("jens.berg@vejle.dk", "Jens Berg", "Afbud",
                                 "Hej Lisbet\n\nJeg må desværre melde afbud til netværket om "
                                 f"hverdagsledelse. {slides}\n\nVenlig hilsen\nJens Berg\n"
                                 "Vejle Bibliotekerne\n", sent=T0), T0)
    smtp_sink.clear()
    poll_once(config, engine)

    [row] = flagged_registrations(engine)
    assert (row.email, row.status) == ("jens.berg@vejle.dk", Status.cancelled)
    assert Note.of(Flag.asks, words=slides) in decode_notes(row.flags)
    [reply] = smtp_sink.received
    text = reply.message.get_body(("plain",)).get_content()
    assert "nu afmeldt" in text and "Dit spørgsmål svarer jeg på i en særskilt mail." in text



def test_a_question_past_the_retention_period_keeps_its_flag_not_its_words(
        dovecot, smtp_sink, make_config) -> None:
    """The mail's text goes after `retention.raw_mail_days`, and with it the words of a
    question not marked answered (a diet can be health data); the coordinator still sees
    that something was asked, and "Besvaret" still ends it."""
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.gmail("mette.holm@aarhus.dk", "Mette Holm", "Tilmelding",
                               "Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket om "
                               "hverdagsledelse. Jeg har cøliaki. Kan køkkenet lave glutenfri "
                               "frokost til mig?\n\nEAN: 5798000389274\n\nVenlig hilsen\n"
                               "Mette Holm\nAarhus Kommunes Biblioteker\n", sent=T0), T0)
    poll_once(config, engine)
    [row] = flagged_registrations(engine)
    assert [n.code for n in decode_notes(row.flags)] == [Flag.asks]
    changed = row.updated_at

    purge_raw_mail(engine, 90, changed + timedelta(days=89))
    [row] = flagged_registrations(engine)
    assert "glutenfri" in row.flags  # not yet

    purge_raw_mail(engine, 90, changed + timedelta(days=91))
    [row] = flagged_registrations(engine)
    assert decode_notes(row.flags) == (Note.of(Flag.asked),)
    shown = digest.compose(config, engine, changed + timedelta(days=91))
    assert "ordlyden er slettet" in shown.text and "glutenfri" not in shown.text
    assert "Besvaret" in shown.html

    commands.answered(config, engine, row.id)
    assert flagged_registrations(engine) == []
