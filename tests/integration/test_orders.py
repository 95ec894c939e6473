"""The coordinator works from her mail client: she presses a link in the digest, her
mail program opens a mail, she edits it and sends it; the next poll carries it out
and answers her with a receipt. Real Dovecot, real SMTP sink, real database.

Forgeries change nothing: no token, an altered token, another item's token, a
replayed command, a stranger's From with a copied token."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, make_msgid
from html import escape
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import mails
import pytest
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import (
    CommandRecord,
    InboundMessage,
    OutboxMessage,
    Registration,
    decode_notes,
    encode_notes,
)
from mailreg.domain.model import Flag, Note, Status
from mailreg.entrypoints import cli
from mailreg.services import digest
from mailreg.services.poll import poll_once

T0 = datetime(2025, 2, 10, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
LATE = datetime(2025, 3, 20, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
PROCESSED, REVIEW = "Tilmeldinger/Behandlet", "Tilmeldinger/Til gennemsyn"
LISBET = "lv@fremtidensbiblioteker.dk"
SIGNATURE = ("\n\nMed venlig hilsen\n\nLisbet Vestergaard\nKoordinator\n"
             "Tænketanken Fremtidens Biblioteker\nE-mail: lv@fremtidensbiblioteker.dk\n"
             "Tlf. 20 30 40 50\n")


def shared_mailbox_signup() -> bytes:
    """From a library's shared mailbox, naming the participant in prose only."""
    return mails.outlook("bibliotek@faxe.dk", "Faxe Bibliotekerne", "Tilmelding",
                         "Hej\n\nVi vil gerne tilmelde en medarbejder til netværket. "
                         "Hun hedder Ditte Gram.\n\nVenlig hilsen\nFaxe Bibliotekerne\n",
                         sent=T0)


def question() -> bytes:
    return mails.gmail("spoergsmaal@naestved.dk", "Næstved Bibliotek", "Spørgsmål",
                       "Hej Lisbet\n\nHvad koster netværket om bæredygtighed for et helt "
                       "år?\n\nHilsen\nPer\n", sent=T0)


def links_of(html: str) -> dict[str, list[str]]:
    """Every mailto link of the digest's HTML by its button text, as a mail client
    finds them (the href, HTML entities undone)."""
    found: dict[str, list[str]] = {}
    for href, text in re.findall(r'<a href="(mailto:[^"]+)"[^>]*>([^<]+)</a>', html):
        found.setdefault(text.strip(), []).append(href.replace("&amp;", "&"))
    return found


def open_link(url: str) -> tuple[str, str, str]:
    """(to, subject, body) as a mail program opens the link (RFC 6068)."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and len(url) <= 2000
    query = parse_qs(parts.query, keep_blank_values=True)
    return unquote(parts.path), query["subject"][0], query["body"][0].replace("\r\n", "\n")


def sent_by(sender: str, name: str, to: str, subject: str, body: str, *,
            client: str = "outlook", sent: datetime | None = None,
            headers: str = "") -> bytes:
    """The mail her program sends: Outlook (text and HTML, signature below), an
    iPhone (plain text) or Outlook on the web (HTML only)."""
    sent = sent or datetime.now(UTC)
    message_id = make_msgid(domain="fremtidensbiblioteker.dk")
    head = (f"From: {Header(name, 'utf-8').encode()} <{sender}>\r\nTo: {to}\r\n"
            f"Subject: {Header(subject, 'utf-8').encode()}\r\n"
            f"Date: {format_datetime(sent)}\r\nMessage-ID: {message_id}\r\n{headers}"
            f"MIME-Version: 1.0\r\n")
    text = body + SIGNATURE
    html = "".join(f"<p class=MsoNormal>{escape(line) or '&nbsp;'}</p>\r\n"
                   for line in text.splitlines())
    if client == "iphone":
        return (head + 'Content-Type: text/plain; charset=utf-8\r\n'
                "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n\r\nSendt fra min iPhone"
                ).encode()
    html_part = ('Content-Type: text/html; charset="utf-8"\r\n'
                 "Content-Transfer-Encoding: 8bit\r\n\r\n"
                 f"<html><body>{html}</body></html>\r\n")
    if client == "owa":
        return (head + html_part).encode()
    return (head + 'Content-Type: multipart/alternative; boundary="_000_AM0PR"\r\n\r\n'
            "--_000_AM0PR\r\nContent-Type: text/plain; charset=\"utf-8\"\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n--_000_AM0PR\r\n"
            + html_part + "--_000_AM0PR--\r\n").encode()


def edit(body: str, **fields: str) -> str:
    """Change the values of the form's first block, as she would by hand."""
    for name, value in fields.items():
        body = re.sub(rf"^({name}:).*$", rf"\1 {value}", body, count=1, flags=re.MULTILINE)
    return body


def registrations(engine) -> list[Registration]:
    with session(engine) as s:
        return list(s.exec(select(Registration).order_by(Registration.id)).all())


def receipts(smtp_sink) -> list:
    return [m.message for m in smtp_sink.received if m.message["X-Mailreg-Kind"] == "receipt"]


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def reviewed(dovecot, smtp_sink, make_config):
    """Two mails in review, the digest made, its links found."""
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(shared_mailbox_signup(), T0)
    dovecot.append(question(), T0)
    poll_once(config, engine)
    assert len(dovecot.messages(REVIEW)) == 2
    smtp_sink.clear()
    html = digest.compose(config, engine, datetime.now(UTC)).html
    return config, engine, links_of(html)


def test_she_edits_the_name_and_address_and_the_registration_is_what_she_sent(
        reviewed, dovecot, smtp_sink):
    config, engine, links = reviewed
    [first, _question] = links["Tilmeld til Ledelse af bæredygtighed"]
    to, subject, body = open_link(first)
    assert to == LISBET and subject == "Tilmeld til Ledelse af bæredygtighed: bibliotek@faxe.dk"
    assert "E-mail: bibliotek@faxe.dk" in body  # what mailreg read, for her to check
    body = edit(body, Navn="Ditte Gram Olsen", **{"E-mail": "digr@faxe.dk"},
                Organisation="Faxe Bibliotekerne", EAN="5798000416604")
    dovecot.append(sent_by(LISBET, "Lisbet Vestergaard", to, subject, body), datetime.now(UTC))

    poll_once(config, engine)

    [ditte] = registrations(engine)
    assert (ditte.name, ditte.email, ditte.organisation, ditte.ean, ditte.network,
            ditte.status) == ("Ditte Gram Olsen", "digr@faxe.dk", "Faxe Bibliotekerne",
                              "5798000416604", "baeredygtighed", Status.confirmed)
    assert len(dovecot.messages(REVIEW)) == 1  # the question still waits
    assert any(b"Faxe Bibliotekerne" in raw for raw in dovecot.messages(PROCESSED))
    [receipt] = receipts(smtp_sink)
    assert receipt["To"] == LISBET and receipt["Subject"].startswith("Udført: Tilmeld til")
    text = body_of(receipt)
    assert "Ditte Gram Olsen er tilmeldt Ledelse af bæredygtighed (bekræftet)" in text
    assert "EAN: 5798000416604" in text
    assert "til bibliotek@faxe.dk: bekræftelse" in text  # what went to whom
    assert "Mailen er flyttet fra »Tilmeldinger/Til gennemsyn« til »Tilmeldinger/Behandlet«" \
        in text
    confirmation = next(m.message for m in smtp_sink.received
                        if "bibliotek@faxe.dk" in m.rcpt_tos)
    assert "digr@faxe.dk" in confirmation["Cc"]
    # the command mail is filed, never read as a sign-up, never answered
    with session(engine) as s:
        command = s.exec(select(InboundMessage).where(
            InboundMessage.outcome == "command")).one()
        assert command.target_folder == PROCESSED
        record = s.exec(select(CommandRecord)).one()
        assert (record.by, record.act, record.refused) == (LISBET, "register", "")
    assert not any(LISBET in m.rcpt_tos and m.message["X-Mailreg-Kind"] != "receipt"
                   for m in smtp_sink.received)
    # the next digest shows her receipt mail in the inbox, the command gone
    assert any(b"X-Mailreg-Kind: receipt" in raw for raw in dovecot.messages("INBOX")) is False


@pytest.mark.parametrize("client", ["iphone", "owa"])
def test_the_link_works_from_a_phone_and_from_outlook_on_the_web(reviewed, dovecot,
                                                                   smtp_sink, client):
    config, engine, links = reviewed
    to, subject, body = open_link(links["Tilmeld til Mellemledernetværk om hverdagsledelse"][0])
    body = edit(body, Navn="Ditte Gram", **{"E-mail": "ditte.gram@faxe.dk"})
    dovecot.append(sent_by(LISBET, "Lisbet Vestergaard", to, subject, body, client=client),
                   datetime.now(UTC))
    poll_once(config, engine)
    [ditte] = registrations(engine)
    assert (ditte.name, ditte.email, ditte.network) == ("Ditte Gram", "ditte.gram@faxe.dk",
                                                        "hverdagsledelse")
    assert receipts(smtp_sink)[0]["Subject"].startswith("Udført")


def test_no_registration_files_the_question_and_sends_nothing(reviewed, dovecot, smtp_sink):
    config, engine, links = reviewed
    _faxe, question_link = links["Ingen tilmelding"]
    to, subject, body = open_link(question_link)
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
    poll_once(config, engine)
    assert registrations(engine) == []
    with session(engine) as s:
        item = s.exec(select(InboundMessage).where(
            InboundMessage.sender == "spoergsmaal@naestved.dk")).one()
        assert (item.outcome, item.target_folder) == ("dismissed", PROCESSED)
    assert [m.rcpt_tos for m in smtp_sink.received] == [[LISBET]]  # the receipt only
    assert "afsluttet uden tilmelding" in body_of(receipts(smtp_sink)[0])


def test_a_replayed_command_changes_nothing_and_says_why(reviewed, dovecot, smtp_sink):
    config, engine, links = reviewed
    to, subject, body = open_link(links["Tilmeld til Ledelse af bæredygtighed"][0])
    mail = sent_by(LISBET, "Lisbet", to, subject, body)
    dovecot.append(mail, datetime.now(UTC))
    poll_once(config, engine)
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))  # again
    poll_once(config, engine)
    assert len(registrations(engine)) == 1
    first, second = receipts(smtp_sink)
    assert first["Subject"].startswith("Udført") and second["Subject"].startswith("Ikke udført")
    assert "Linket er allerede brugt" in body_of(second)


def test_a_used_token_is_refused_even_where_the_object_could_act_again(
        dovecot, smtp_sink, make_config):
    """A participant list link changes nothing and may be used again; an add link may
    not, though adding again would be possible."""
    config = make_config()
    engine = make_engine(config.database.url)
    links = links_of(digest.compose(config, engine, datetime.now(UTC)).html)
    to, subject, body = open_link(links["Tilføj deltager"][0])
    body = edit(body, Navn="Mette Holm", **{"E-mail": "mette.holm@aarhus.dk"},
                Organisation="Aarhus Kommunes Biblioteker")
    for _ in range(2):
        dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
        poll_once(config, engine)
    [mette] = registrations(engine)
    assert (mette.name, mette.network, mette.status) == ("Mette Holm", "hverdagsledelse",
                                                         Status.confirmed)
    done, refused = receipts(smtp_sink)
    assert "Mette Holm er tilføjet til Mellemledernetværk om hverdagsledelse" in body_of(done)
    assert "Linket er allerede brugt" in body_of(refused)
    confirmation = [m for m in smtp_sink.received if m.rcpt_tos == ["mette.holm@aarhus.dk"]]
    assert len(confirmation) == 1  # one confirmation, to her


def forged(links, dovecot, change) -> None:
    to, subject, body = open_link(links["Tilmeld til Ledelse af bæredygtighed"][0])
    dovecot.append(change(to, subject, body), datetime.now(UTC))


@pytest.mark.parametrize("forgery, why", [
    (lambda to, subject, body: sent_by(LISBET, "Lisbet", to, subject,
                                       re.sub(r"Kode: .*", "", body)), None),
    (lambda to, subject, body: sent_by(LISBET, "Lisbet", to, subject,
                                       body.replace("baeredygtighed", "hverdagsledelse")),
     "ikke en, mailreg har udstedt"),
    (lambda to, subject, body: sent_by(LISBET, "Lisbet", to, subject,
                                       re.sub(r"(mr1\.register\.)(\d+)",
                                              lambda m: m.group(1) + str(int(m.group(2)) + 1),
                                              body)),
     "ikke en, mailreg har udstedt"),
    (lambda to, subject, body: sent_by("lv@fremtidensbiblioteker.dk.evil.example", "Lisbet",
                                       to, subject, body), "ikke er koordinator"),
    (lambda to, subject, body: sent_by("bibliotek@faxe.dk", "Faxe Bibliotekerne", to, subject,
                                       body), "ikke er koordinator"),
], ids=["no-token", "altered-network", "another-items-id", "lookalike-domain", "stranger"])
def test_forgeries_change_nothing(reviewed, dovecot, smtp_sink, forgery, why):
    config, engine, links = reviewed
    forged(links, dovecot, forgery)
    poll_once(config, engine)
    assert registrations(engine) == []
    assert len(dovecot.messages(REVIEW)) == 2
    strangers = [m for m in smtp_sink.received if m.rcpt_tos != [LISBET]]
    assert strangers == []  # a stranger gets nothing
    if why is None:  # her own mail without a code is no command: filed, not answered
        assert receipts(smtp_sink) == []
    else:
        [receipt] = receipts(smtp_sink)
        assert receipt["To"] == LISBET and receipt["Subject"].startswith("Ikke udført")
        assert why in body_of(receipt)


def test_a_command_needs_spf_or_dkim_when_the_config_asks_for_it(dovecot, smtp_sink,
                                                                 make_config):
    config = make_config(network_extra="")
    config = config.model_copy(update={"coordinator": config.coordinator.model_copy(
        update={"require_authentication": True, "authserv_id": "mx.fremtidensbiblioteker.dk"})})
    engine = make_engine(config.database.url)
    links = links_of(digest.compose(config, engine, datetime.now(UTC)).html)
    to, subject, body = open_link(links["Tilføj deltager"][0])
    body = edit(body, Navn="Mette Holm", **{"E-mail": "mette.holm@aarhus.dk"})
    fail = ("Authentication-Results: mx.fremtidensbiblioteker.dk; spf=fail "
            "smtp.mailfrom=fremtidensbiblioteker.dk; dkim=none\r\n")
    elsewhere = ("Authentication-Results: relay.evil.example; spf=pass "
                 "smtp.mailfrom=fremtidensbiblioteker.dk\r\n")
    ok = ("Authentication-Results: mx.fremtidensbiblioteker.dk; dkim=pass "
          "header.d=fremtidensbiblioteker.dk header.s=selector1; spf=pass "
          "smtp.mailfrom=lv@fremtidensbiblioteker.dk\r\n")
    for headers in (fail, elsewhere, ok):
        dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body, headers=headers),
                       datetime.now(UTC))
        poll_once(config, engine)
    assert [r.name for r in registrations(engine)] == ["Mette Holm"]
    subjects = [r["Subject"].split(":")[0] for r in receipts(smtp_sink)]
    assert subjects == ["Ikke udført", "Ikke udført", "Udført"]
    assert "SPF/DKIM" in body_of(receipts(smtp_sink)[0])


def test_late_registrations_are_decided_from_the_digest(dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    for sender, name in (("karl.bak@viborg.dk", "Karl Bak"), ("ole.dahl@viborg.dk", "Ole Dahl"),
                         ("pia.skov@viborg.dk", "Pia Skov")):
        dovecot.append(mails.signup(sender, name, "netværket om hverdagsledelse", sent=LATE),
                       LATE)
    poll_once(config, engine)
    assert {r.status for r in registrations(engine)} == {Status.late}
    smtp_sink.clear()
    links = links_of(digest.compose(config, engine, datetime.now(UTC)).html)
    for button, row in (("Bekræft", 0), ("Venteliste", 1), ("Afvis", 2)):
        to, subject, body = open_link(links[button][row])
        dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
    poll_once(config, engine)
    assert [(r.name, r.status) for r in registrations(engine)] == [
        ("Karl Bak", Status.confirmed), ("Ole Dahl", Status.waitlisted),
        ("Pia Skov", Status.rejected)]
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.received if m.rcpt_tos != [LISBET]) == [
        "karl.bak@viborg.dk", "ole.dahl@viborg.dk", "pia.skov@viborg.dk"]
    assert len(receipts(smtp_sink)) == 3


def test_the_participant_list_comes_by_mail_with_cancel_move_and_correct(
        dovecot, smtp_sink, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.signup("karl.bak@viborg.dk", "Karl Bak", "netværket om "
                                "hverdagsledelse", sent=T0), T0)
    poll_once(config, engine)
    smtp_sink.clear()
    links = links_of(digest.compose(config, engine, datetime.now(UTC)).html)
    to, subject, body = open_link(links["Deltagerliste"][0])
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
    poll_once(config, engine)
    [listing] = receipts(smtp_sink)
    html = listing.get_body(("html",)).get_content()
    assert "Karl Bak" in html
    person = links_of(html)
    smtp_sink.clear()

    to, subject, body = open_link(person["Flyt"][0])
    assert "Netværk: Ledelse af bæredygtighed" in body  # the other networks to choose from
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
    to, subject, body = open_link(person["Ret"][0])
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, edit(body, EAN="5798000416604")),
                   datetime.now(UTC))
    poll_once(config, engine)
    [karl] = registrations(engine)
    assert (karl.network, karl.ean) == ("baeredygtighed", "5798000416604")
    assert [r["Subject"].split(":")[0] for r in receipts(smtp_sink)] == ["Udført", "Udført"]


def test_a_crash_before_the_receipt_sends_it_at_the_next_poll_and_does_nothing_twice(
        dovecot, smtp_sink, make_config):
    """The command commits first, the receipt after the mail is filed: a crash in
    between leaves the record without its receipt, and the next poll queues it."""
    config = make_config()
    engine = make_engine(config.database.url)
    links = links_of(digest.compose(config, engine, datetime.now(UTC)).html)
    to, subject, body = open_link(links["Tilføj deltager"][0])
    body = edit(body, Navn="Mette Holm", **{"E-mail": "mette.holm@aarhus.dk"})
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
    poll_once(config, engine)
    with session(engine) as s:  # as if mailreg had died before queueing the receipt
        s.exec(OutboxMessage.__table__.delete().where(OutboxMessage.kind == "receipt"))
        s.exec(CommandRecord.__table__.update().values(receipt_queued=False))
    smtp_sink.clear()

    poll_once(config, engine)

    assert [r.name for r in registrations(engine)] == ["Mette Holm"]
    [receipt] = receipts(smtp_sink)
    assert "Mette Holm er tilføjet" in body_of(receipt)
    assert [m.rcpt_tos for m in smtp_sink.received] == [[LISBET]]  # no second confirmation


def test_a_sign_up_only_the_learned_model_reads_is_one_press_from_registered(
        dovecot, smtp_sink, make_config):
    """No cue knows "Bo Nygaard, ..., på listen til netværket, tak": the mail waits, its
    reason says it looks like a sign-up, and the button already carries the colleague it
    names."""
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(mails.outlook(
        "hani@vejle.dk", "Hanne Nielsen", "Mellemledernetværket",
        "Hej Lisbet\n\nBo Nygaard, bony@vejle.dk, på listen til netværket om "
        "hverdagsledelse, tak. EAN 5798000389274\n\nVenlig hilsen\nHanne Nielsen\n"
        "Vejle Bibliotekerne\n", sent=T0), T0)
    poll_once(config, engine)
    assert registrations(engine) == [] and len(dovecot.messages(REVIEW)) == 1
    html = digest.compose(config, engine, datetime.now(UTC)).html
    assert "mailen ligner en tilmelding (" in html
    to, subject, body = open_link(
        links_of(html)["Tilmeld til Mellemledernetværk om hverdagsledelse"][0])
    assert "E-mail: bony@vejle.dk" in body and "Navn: Bo Nygaard" in body, body
    smtp_sink.clear()
    dovecot.append(sent_by(LISBET, "Lisbet Vestergaard", to, subject, body), datetime.now(UTC))
    poll_once(config, engine)
    [bo] = registrations(engine)
    assert (bo.name, bo.email, bo.ean, bo.status) == ("Bo Nygaard", "bony@vejle.dk",
                                                      "5798000389274", Status.confirmed)


QUESTION = Note.of(Flag.asks, words="Er der parkering ved Nordkraft?")


def asking(engine, *flags: Note, registered_by: str = "hani@vejle.dk") -> int:
    """A sign-up registered with a practical question beside it, as the poll stores it;
    its id."""
    with session(engine) as s:
        row = Registration(network="baeredygtighed", name="Hanne Nielsen", email="hani@vejle.dk",
                           organisation="Vejle Bibliotekerne", status=Status.confirmed,
                           received_at=T0, message_id="<parkering@vejle.dk>",
                           registered_by=registered_by, flags=encode_notes([QUESTION, *flags]))
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def flags_of(engine, registration_id: int) -> tuple[Note, ...]:
    with session(engine) as s:
        row = s.get(Registration, registration_id)
        assert row is not None
        return decode_notes(row.flags)


def test_she_answers_the_question_herself_then_presses_answered(dovecot, smtp_sink,
                                                                 make_config):
    """The reply link opens a plain mail to the participant (the chief who signed her
    up, and so asked, in Cc); "Besvaret" drops the question and only the question:
    nobody is mailed, she gets a receipt, and the question leaves the digest."""
    config = make_config()
    engine = make_engine(config.database.url)
    hanne = asking(engine, Note.of(Flag.missing_ean), registered_by="chef@vejle.dk")
    html = digest.compose(config, engine, datetime.now(UTC)).html
    assert "Er der parkering ved Nordkraft?" in html
    links = links_of(html)
    [reply] = links["Svar på spørgsmålet"]
    query = parse_qs(urlsplit(reply).query)
    assert unquote(urlsplit(reply).path) == "hani@vejle.dk"
    assert (query["subject"], query["cc"]) == (["Dit spørgsmål om Ledelse af bæredygtighed"],
                                               ["chef@vejle.dk"])
    assert "body" not in query  # hers to write
    to, subject, body = open_link(links["Besvaret"][0])
    assert (to, subject) == (LISBET, "Besvaret: Hanne Nielsen")
    dovecot.append(sent_by(LISBET, "Lisbet Vestergaard", to, subject, body), datetime.now(UTC))

    poll_once(config, engine)

    assert flags_of(engine, hanne) == (Note.of(Flag.missing_ean),)
    assert [m.rcpt_tos for m in smtp_sink.received] == [[LISBET]]  # the receipt only
    [receipt] = receipts(smtp_sink)
    assert receipt["Subject"] == "Udført: Besvaret"
    text = body_of(receipt)
    assert "Spørgsmålet fra Hanne Nielsen (Ledelse af bæredygtighed) er markeret som " \
           "besvaret." in text
    assert "Der er ikke sendt noget til deltagerne." in text
    with session(engine) as s:
        record = s.exec(select(CommandRecord)).one()
        assert (record.by, record.act, record.target, record.refused) == (
            LISBET, "answered", str(hanne), "")
    after = digest.compose(config, engine, datetime.now(UTC))
    assert "Nordkraft" not in after.text and "Besvaret" not in links_of(after.html)
    assert links_of(after.html)["Ret"]  # the missing EAN still waits for her


def test_answered_on_the_command_line_and_an_older_link_then_says_why_not(
        dovecot, smtp_sink, make_config, tmp_path, capsys):
    config = make_config()
    engine = make_engine(config.database.url)
    hanne = asking(engine)
    to, subject, body = open_link(
        links_of(digest.compose(config, engine, datetime.now(UTC)).html)["Besvaret"][0])
    argv = ["--config", str(tmp_path / "config.toml"), "answered", str(hanne)]

    assert cli.main(argv) == 0
    assert capsys.readouterr().out == ("The question from Hanne Nielsen (Ledelse af "
                                       "bæredygtighed) is marked as answered. Replies sent: "
                                       "0.\n")
    assert flags_of(engine, hanne) == ()
    with session(engine) as s:
        record = s.exec(select(CommandRecord)).one()
        assert (record.by.startswith("cli:"), record.act) == (True, "answered")
    assert cli.main(argv) == cli.EXIT_COMMAND
    assert f"registration {hanne} has no unanswered question" in capsys.readouterr().err

    # yesterday's digest still had the link: nothing to do, and the receipt says why
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
    poll_once(config, engine)
    [refused] = receipts(smtp_sink)
    assert refused["Subject"] == "Ikke udført: Besvaret"
    assert f"Tilmelding nr. {hanne} har intet ubesvaret spørgsmål." in body_of(refused)
    assert [m.rcpt_tos for m in smtp_sink.received] == [[LISBET]]


def test_correcting_a_registration_keeps_its_unanswered_question(dovecot, smtp_sink,
                                                                 make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    hanne = asking(engine, Note.of(Flag.missing_ean))
    to, subject, body = open_link(
        links_of(digest.compose(config, engine, datetime.now(UTC)).html)["Ret"][0])
    body = edit(body, Navn="Hanne Lind Nielsen", EAN="5798000389274")
    dovecot.append(sent_by(LISBET, "Lisbet", to, subject, body), datetime.now(UTC))
    poll_once(config, engine)
    assert receipts(smtp_sink)[0]["Subject"].startswith("Udført: Ret")
    assert flags_of(engine, hanne) == (QUESTION,)  # the EAN came; the question still waits
    after = digest.compose(config, engine, datetime.now(UTC))
    assert "Nordkraft" in after.text and links_of(after.html)["Besvaret"]
