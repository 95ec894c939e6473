"""Sequences of real mail through Dovecot and aiosmtpd: capacity, waiting list,
cancellations, duplicates, follow-ups, the daily cap and the coordinator's commands."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import mails
import pytest
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import InboundMessage, Registration, RegistrationEvent, decode_notes
from mailreg.domain.model import Cause, Flag, Note, Status, Why
from mailreg.domain.orders import Act
from mailreg.services import commands as coordinator
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)
PEOPLE = [("mette.holm@aarhus.dk", "Mette Holm"), ("jens.berg@vejle.dk", "Jens Berg"),
          ("sofie.lund@odense.dk", "Sofie Lund"), ("karl.bak@viborg.dk", "Karl Bak")]


def by_email(engine) -> dict[str, Registration]:
    with session(engine) as s:
        return {r.email: r for r in s.exec(select(Registration)).all()}


def body(received) -> str:
    return received.message.get_body(("plain",)).get_content()


def deliver(dovecot, config, engine, *raws: bytes, at: datetime = T0):
    for i, raw in enumerate(raws):
        dovecot.append(raw, at + timedelta(minutes=i))
    return poll_once(config, engine)


def test_full_network_waitlist_cancel_and_promotion(dovecot, smtp_sink, make_config):
    config = make_config(capacity=2)
    engine = make_engine(config.database.url)
    signups = [mails.signup(e, n, "netværket om hverdagsledelse", sent=T0) for e, n in PEOPLE]
    deliver(dovecot, config, engine, *signups)

    regs = by_email(engine)
    assert [regs[e].status for e, _ in PEOPLE] == [
        Status.confirmed, Status.confirmed, Status.waitlisted, Status.waitlisted]
    replies = {m.rcpt_tos[0]: m for m in smtp_sink.received}
    assert replies["sofie.lund@odense.dk"].message["Subject"].startswith("Venteliste")
    assert "ventelisten som nummer 1" in body(replies["sofie.lund@odense.dk"])
    assert "ventelisten som nummer 2" in body(replies["karl.bak@viborg.dk"])

    smtp_sink.clear()
    deliver(dovecot, config, engine,
            mails.cancel("jens.berg@vejle.dk", "Jens Berg", "hverdagsledelse", sent=T0),
            at=T0 + timedelta(days=1))

    regs = by_email(engine)
    assert regs["jens.berg@vejle.dk"].status == Status.cancelled
    assert regs["sofie.lund@odense.dk"].status == Status.confirmed  # first in line moved up
    assert regs["karl.bak@viborg.dk"].status == Status.waitlisted
    replies = {m.rcpt_tos[0]: m for m in smtp_sink.received}
    assert set(replies) == {"jens.berg@vejle.dk", "sofie.lund@odense.dk"}
    assert "nu afmeldt" in body(replies["jens.berg@vejle.dk"])
    assert "årsprisen" not in body(replies["jens.berg@vejle.dk"])  # cancelled in time
    promoted = replies["sofie.lund@odense.dk"].message
    assert promoted["Subject"].startswith("Du har fået plads")
    assert "In-Reply-To" not in promoted  # a new notice, not an answer to Jens' mail

    with session(engine) as s:
        history = s.exec(select(RegistrationEvent)
                         .where(RegistrationEvent.registration_id
                                == regs["sofie.lund@odense.dk"].id)
                         .order_by(RegistrationEvent.id)).all()
    assert [(e.from_status, e.to_status) for e in history] == [
        (None, "waitlisted"), ("waitlisted", "confirmed")]
    assert decode_notes(history[1].cause) == (Note.of(Cause.promoted),)
    assert history[1].message_id.startswith("<AM0PR")  # Jens' cancellation caused it


def test_same_person_twice_gets_already_registered(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    deliver(dovecot, config, engine,
            mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0),
            mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0))
    assert len(by_email(engine)) == 1
    subjects = [m.message["Subject"] for m in smtp_sink.received]
    assert subjects == [
        "Bekræftelse: tilmelding til Mellemledernetværk om hverdagsledelse",
        "Allerede tilmeldt: Mellemledernetværk om hverdagsledelse"]


@pytest.mark.parametrize("later", [timedelta(days=1), timedelta(minutes=2)],
                         ids=["next-day", "same-poll"])
def test_a_new_ean_from_one_registered_corrects_the_invoice(dovecot, smtp_sink, make_config,
                                                            later):
    """A sign-up again with another EAN ("Rettelse: det rigtige EAN er ...") replaces the
    EAN of the invoice, also when both mails arrive before the same poll."""
    config = make_config()
    engine = make_engine(config.database.url)
    first = mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0)
    again = mails.outlook(
        "mette.holm@aarhus.dk", "Mette Holm", "Rettelse: tilmelding til hverdagsledelse",
        "Hej Lisbet\n\nJeg vil gerne tilmelde mig hverdagsledelse – med det rigtige "
        "EAN-nummer denne gang: 5798000214538.\n\nVenlig hilsen\nMette Holm\n",
        sent=T0 + later, charset="utf-8")
    if later < timedelta(hours=1):
        deliver(dovecot, config, engine, first, again)
    else:
        deliver(dovecot, config, engine, first)
        deliver(dovecot, config, engine, again, at=T0 + later)

    [reg] = by_email(engine).values()
    assert (reg.ean, reg.flags, reg.status) == ("5798000214538", "", Status.confirmed)
    subjects = [m.message["Subject"] for m in smtp_sink.received]
    assert subjects == [
        "Bekræftelse: tilmelding til Mellemledernetværk om hverdagsledelse",
        "EAN-nummer modtaget: Mellemledernetværk om hverdagsledelse"]


def test_cancellation_of_unknown_registration_goes_to_review(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    deliver(dovecot, config, engine,
            mails.cancel("karl.bak@viborg.dk", "Karl Bak", "hverdagsledelse", sent=T0))
    assert by_email(engine) == {}
    [reply] = smtp_sink.received
    assert reply.message["Subject"].startswith("Vedr. afmelding")
    assert "kan ikke finde en tilmelding" in body(reply)
    assert len(dovecot.messages("Tilmeldinger/Til gennemsyn")) == 1


def signed_up_then_cancels(dovecot, smtp_sink, config, engine, network_words: str,
                           at: datetime) -> None:
    """Mette signs up for hverdagsledelse, then writes a cancellation naming `network_words`."""
    deliver(dovecot, config, engine,
            mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0))
    smtp_sink.clear()
    deliver(dovecot, config, engine,
            mails.cancel("mette.holm@aarhus.dk", "Mette Holm", network_words, sent=T0), at=at)


def test_cancellation_naming_no_network_cancels_the_one_she_holds(dovecot, smtp_sink,
                                                                   make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    signed_up_then_cancels(dovecot, smtp_sink, config, engine, "netværket",
                           at=T0 + timedelta(days=1))
    assert by_email(engine)["mette.holm@aarhus.dk"].status == Status.cancelled
    [reply] = smtp_sink.received
    assert "nu afmeldt" in body(reply) and "hverdagsledelse" in body(reply)
    assert dovecot.messages("Tilmeldinger/Til gennemsyn") == []


def test_cancellation_after_deadline_carries_the_configured_note(dovecot, smtp_sink,
                                                                  make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    signed_up_then_cancels(dovecot, smtp_sink, config, engine, "hverdagsledelse",
                           at=datetime(2025, 3, 16, 0, 0, 1, tzinfo=CPH))
    [reply] = smtp_sink.received
    assert "Bemærk, at årsprisen stadig opkræves." in body(reply)


def test_missing_ean_is_asked_for_and_a_reply_supplies_it(dovecot, smtp_sink, make_config):
    """The network has a price, so the EAN is required without a word in the file."""
    config = make_config()
    assert config.network("hverdagsledelse").required_fields == ["ean"]
    engine = make_engine(config.database.url)
    deliver(dovecot, config, engine,
            mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0))
    [confirmation] = smtp_sink.received
    assert "EAN-nummer til fakturaen" in body(confirmation)
    assert decode_notes(by_email(engine)["mette.holm@aarhus.dk"].flags) == (
        Note.of(Flag.missing_ean),)

    smtp_sink.clear()
    answer = mails.outlook(
        "mette.holm@aarhus.dk", "Mette Holm",
        "SV: " + confirmation.message["Subject"],
        "Hej Lisbet\n\nVores EAN-nr. er 5798 0002 1453 8\n\nMvh Mette\n\n"
        "Fra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nSendt: 10. februar 2025\n"
        "Emne: " + confirmation.message["Subject"] + "\n\nJeg mangler lige jeres EAN-nummer",
        sent=T0 + timedelta(hours=2), in_reply_to=confirmation.message["Message-ID"])
    result = deliver(dovecot, config, engine, answer, at=T0 + timedelta(hours=2))

    assert result.outcomes == {"updated": 1}
    reg = by_email(engine)["mette.holm@aarhus.dk"]
    assert (reg.ean, reg.flags, reg.status) == ("5798000214538", "", Status.confirmed)
    [thanks] = smtp_sink.received
    assert thanks.message["Subject"].startswith("EAN-nummer modtaget")


def test_required_fields_given_empty_asks_for_no_ean(dovecot, smtp_sink, make_config):
    config = make_config(network_extra="required_fields = []")
    engine = make_engine(config.database.url)
    deliver(dovecot, config, engine,
            mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0))
    [confirmation] = smtp_sink.received
    assert confirmation.message["Subject"].startswith("Bekræftelse")
    assert "EAN" not in body(confirmation)
    reg = by_email(engine)["mette.holm@aarhus.dk"]
    assert (reg.status, reg.flags) == (Status.confirmed, "")


def test_daily_cap_on_automatic_replies(dovecot, smtp_sink, make_config):
    config = make_config(max_replies=2)
    engine = make_engine(config.database.url)
    questions = [mails.outlook("pia.skov@herning.dk", "Pia Skov", f"Spørgsmål {i}",
                               f"Hej\n\nHvad koster netværket, spørgsmål {i}?\n\nMvh Pia Skov\n",
                               sent=T0) for i in range(4)]
    result = deliver(dovecot, config, engine, *questions)
    assert result.outcomes == {"review": 4}
    assert len(smtp_sink.received) == 2


@pytest.mark.parametrize(("policy", "status", "subject"), [
    ("waitlist", Status.waitlisted, "Venteliste (efter"),
    ("reject", Status.rejected, "Tilmeldingen er lukket"),
])
def test_late_policies(dovecot, smtp_sink, make_config, policy, status, subject):
    late = datetime(2025, 3, 17, 9, 0, tzinfo=CPH)
    config = make_config(late_policy=policy)
    engine = make_engine(config.database.url)
    deliver(dovecot, config, engine, mails.signup(
        "karl.bak@viborg.dk", "Karl Bak", "hverdagsledelse", sent=late), at=late)
    assert by_email(engine)["karl.bak@viborg.dk"].status == status
    [reply] = smtp_sink.received
    assert reply.message["Subject"].startswith(subject)


def test_coordinator_confirms_late_and_resolves_review(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    late = datetime(2025, 3, 16, 8, 0, tzinfo=CPH)
    deliver(dovecot, config, engine, mails.signup(
        "karl.bak@viborg.dk", "Karl Bak", "hverdagsledelse", sent=late), at=late)
    reg = by_email(engine)["karl.bak@viborg.dk"]
    assert reg.status == Status.late
    smtp_sink.clear()

    done = coordinator.confirm(config, engine, reg.id)
    assert (done.act, done.names) == (Act.confirm, ("Karl Bak",))
    assert by_email(engine)["karl.bak@viborg.dk"].status == Status.confirmed
    [reply] = smtp_sink.received
    assert reply.rcpt_tos == ["karl.bak@viborg.dk"]
    assert reply.message["Subject"].startswith("Bekræftelse")

    # a sign-up that does not say which network waits for review, then is resolved
    smtp_sink.clear()
    vague = mails.outlook("sofie.lund@odense.dk", "Sofie Lund", "Tilmelding",
                          "Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket.\n\n"
                          "Venlig hilsen\nSofie Lund\nOdense Bibliotekerne\n", sent=T0)
    deliver(dovecot, config, engine, vague)
    with session(engine) as s:
        item = s.exec(select(InboundMessage).where(InboundMessage.outcome == "review")).one()
    assert decode_notes(item.reason) == (Note.of(Why.no_network, open=2),)
    smtp_sink.clear()
    coordinator.resolve(config, engine, item.message_id, "baeredygtighed")
    reg = by_email(engine)["sofie.lund@odense.dk"]
    assert (reg.network, reg.status) == ("baeredygtighed", Status.confirmed)
    [reply] = smtp_sink.received
    assert reply.message["Subject"] == "Bekræftelse: tilmelding til Ledelse af bæredygtighed"
    assert reply.message["In-Reply-To"] == item.message_id

    smtp_sink.clear()
    coordinator.move(config, engine, reg.id, "hverdagsledelse")
    assert by_email(engine)["sofie.lund@odense.dk"].network == "hverdagsledelse"
    assert smtp_sink.received[0].message["Subject"].startswith("Bekræftelse: tilmelding til "
                                                               "Mellemledernetværk")


def test_registration_outside_the_target_group_is_confirmed_but_flagged(dovecot, smtp_sink,
                                                                       make_config):
    config = make_config(network_extra='target_group = "mellemledere"\n'
                                       'not_for_titles = ["bibliotekschef", "direktør"]')
    engine = make_engine(config.database.url)
    chief = mails.outlook(
        "ib.holt@faxe.dk", "Ib Holt", "Tilmelding hverdagsledelse",
        "Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket om hverdagsledelse.\n\n"
        "Venlig hilsen\n\nIb Holt\nBibliotekschef\nFaxe Bibliotekerne\n", sent=T0)
    deliver(dovecot, config, engine, chief)
    reg = by_email(engine)["ib.holt@faxe.dk"]
    assert reg.status == Status.confirmed
    assert decode_notes(reg.flags) == (Note.of(Flag.missing_ean), Note.of(  # a priced network
        Flag.outside_target_group, title="Bibliotekschef", group="mellemledere"))
    assert smtp_sink.received[0].message["Subject"].startswith("Bekræftelse")


def test_coordinator_cancel_moves_the_waiting_list_up(dovecot, smtp_sink, make_config):
    config = make_config(capacity=1)
    engine = make_engine(config.database.url)
    deliver(dovecot, config, engine,
            *[mails.signup(e, n, "hverdagsledelse", sent=T0) for e, n in PEOPLE[:2]])
    first = by_email(engine)[PEOPLE[0][0]]
    smtp_sink.clear()
    coordinator.cancel(config, engine, first.id)
    regs = by_email(engine)
    assert regs[PEOPLE[0][0]].status == Status.cancelled
    assert regs[PEOPLE[1][0]].status == Status.confirmed
    subjects = {m.rcpt_tos[0]: m.message["Subject"] for m in smtp_sink.received}
    assert subjects[PEOPLE[0][0]].startswith("Afmelding modtaget")
    assert subjects[PEOPLE[1][0]].startswith("Du har fået plads")


def test_templates_can_be_overridden_from_a_folder(dovecot, smtp_sink, make_config, tmp_path):
    folder = tmp_path / "templates" / "da"
    folder.mkdir(parents=True)
    (folder / "confirmation.txt.j2").write_text(
        "{% set subject %}Velkommen i {{ network.name }}{% endset -%}\n"
        "Hej {{ greeting }}, vi ses {{ network.first_meeting }}.\n", encoding="utf-8")
    config = make_config()
    config = config.model_copy(update={"replies": config.replies.model_copy(
        update={"template_dir": tmp_path / "templates"})})
    engine = make_engine(config.database.url)
    deliver(dovecot, config, engine,
            mails.signup("mette.holm@aarhus.dk", "Mette Holm", "hverdagsledelse", sent=T0))
    [reply] = smtp_sink.received
    assert reply.message["Subject"] == "Velkommen i Mellemledernetværk om hverdagsledelse"
    assert "Hej Mette, vi ses tirsdag den 3. juni 2025." in body(reply)


def test_cancellation_among_sign_ups_decided_together(dovecot, smtp_sink, make_config):
    """Sign-ups are decided in groups against counts read once; a cancellation in the
    middle of a group is decided against the database, and the sign-ups after it see
    the seat it freed and the promotion it caused."""
    config = make_config(capacity=1)
    engine = make_engine(config.database.url)
    (mette, mette_name), (jens, jens_name), (sofie, sofie_name) = PEOPLE[:3]
    deliver(dovecot, config, engine,
            mails.signup(mette, mette_name, "hverdagsledelse", sent=T0),
            mails.signup(jens, jens_name, "hverdagsledelse", sent=T0),
            mails.cancel(mette, mette_name, "hverdagsledelse", sent=T0),
            mails.signup(sofie, sofie_name, "hverdagsledelse", sent=T0),
            mails.signup(mette, mette_name, "hverdagsledelse", sent=T0))

    with session(engine) as s:
        rows = s.exec(select(Registration).order_by(Registration.id)).all()
    assert [(r.email, r.status) for r in rows] == [
        (mette, Status.cancelled), (jens, Status.confirmed),  # promoted
        (sofie, Status.waitlisted), (mette, Status.waitlisted)]  # a new sign-up after it
    subjects = {(m.rcpt_tos[0], m.message["Subject"].split(":")[0]) for m in smtp_sink.received}
    assert subjects == {(mette, "Bekræftelse"), (jens, "Venteliste"),
                        (mette, "Afmelding modtaget"), (jens, "Du har fået plads"),
                        (sofie, "Venteliste"), (mette, "Venteliste")}
    assert "ventelisten som nummer 1" in body(next(
        m for m in smtp_sink.received if m.rcpt_tos[0] == sofie))
