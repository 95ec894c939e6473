"""The coordinator's digest: its numbers for a fixed set of registrations and review
items, escaping, and sending exactly once per day through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import csv
import io
import re
import threading
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from mailreg.adapters.db import acquire_lease, make_engine, release_lease, session
from mailreg.adapters.tables import (
    InboundMessage,
    OutboxMessage,
    Registration,
    RegistrationEvent,
    ServiceEvent,
    encode_notes,
)
from mailreg.config import Config, parse_config
from mailreg.domain.model import Cause, Flag, Note, Why
from mailreg.services import digest

CPH = ZoneInfo("Europe/Copenhagen")
HOSTILE = "Åse <script>alert(1)</script> Lund"


def at(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=CPH)


CONFIG = """
timezone = "Europe/Copenhagen"
[database]
url = "sqlite:///{db}"
[imap]
host = "127.0.0.1"
port = 1143
security = "none"
username = "lv"
password_env = "MAILREG_TEST_IMAP_PASSWORD"
[smtp]
host = "{smtp_host}"
port = {smtp_port}
security = "none"
[coordinator]
name = "Lisbet Vestergaard"
address = "lv@fremtidensbiblioteker.dk"
organisation = "Tænketanken Fremtidens Biblioteker"
{extra}
[[networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
deadline = 2025-03-15
price = "4.500 kr. + moms per deltager ekskl. forplejning"
capacity = 3
required_fields = ["ean"]
not_for_titles = ["bibliotekschef"]
target_group = "mellemledere"
[[networks]]
slug = "baeredygtighed"
name = "Ledelse af bæredygtighed"
deadline = 2025-03-15
price = "4.500 kr. + moms per deltager + forplejning"
capacity = 30
"""


def config_text(db, smtp_host: str = "127.0.0.1", smtp_port: int = 2525,
                extra: str = "") -> str:
    return CONFIG.format(db=db, smtp_host=smtp_host, smtp_port=smtp_port, extra=extra)


def build_config(db, smtp_host: str = "127.0.0.1", smtp_port: int = 2525,
                 extra: str = "") -> Config:
    return parse_config(config_text(db, smtp_host, smtp_port, extra))


def add_registration(s, network: str, name: str, email: str, history, *, flags=(),
                     ean: str | None = "5798000214538",
                     organisation: str = "Aarhus Kommunes Biblioteker") -> Registration:
    """A registration with its history [(when, to_status, cause), ...], flags and causes
    as the poll stores them."""
    row = Registration(network=network, name=name, email=email, organisation=organisation,
                       ean=ean, status=history[-1][1], received_at=history[0][0],
                       message_id=f"<{email}>", flags=encode_notes(flags))
    s.add(row)
    s.flush()
    before = None
    for when, to, cause in history:
        s.add(RegistrationEvent(registration_id=row.id, at=when, from_status=before,
                                to_status=to, cause=encode_notes([cause]),
                                message_id=f"<{email}>"))
        before = to
    return row


def seed(engine, previous_digest: bool = True, config: Config | None = None) -> None:
    """hverdagsledelse (capacity 3): one old sign-up, one cancellation, a promotion, a
    flagged hostile name, one waitlisted; baeredygtighed: one confirmed, one late. Two
    mails wait for review, one reply is stuck. The previous digest went on 20 Feb 07:00."""
    signup = Note.of(Cause.signup_by_mail)
    with session(engine) as s:
        add_registration(s, "hverdagsledelse", "Mette Holm", "mette.holm@aarhus.dk",
                         [(at(17, 9), "confirmed", signup)])
        add_registration(s, "hverdagsledelse", "Jens Bech Nielsen", "jbn@vejle.dk",
                         [(at(17, 10), "confirmed", signup),
                          (at(20, 15), "cancelled", Note.of(Cause.cancelled_by_mail))])
        add_registration(s, "hverdagsledelse", "Søren Ærø Krogh", "sk@roskilde.dk",
                         [(at(18, 8), "waitlisted", signup),
                          (at(20, 15), "confirmed", Note.of(Cause.promoted))],
                         flags=[Note.of(Flag.missing_ean)], ean=None,
                         organisation="Roskilde Bibliotekerne")
        add_registration(s, "hverdagsledelse", HOSTILE, "aase@odense.dk",
                         [(at(20, 11), "confirmed", signup)],
                         flags=[Note.of(Flag.outside_target_group, title="Bibliotekschef",
                                        group="mellemledere")])
        add_registration(s, "hverdagsledelse", "Karl Bak", "karl.bak@viborg.dk",
                         [(at(20, 12), "waitlisted", signup)])
        add_registration(s, "baeredygtighed", "Pia Skov", "pia.skov@herning.dk",
                         [(at(19, 9), "confirmed", signup)])
        add_registration(s, "baeredygtighed", "Ole Dahl", "ole@gentofte.dk",
                         [(at(20, 16), "late", signup)])
        for uid, sender, subject, reason, when in (
                (1, "anne@gmail.com", "Spørgsmål <b>om</b> prisen", Note.of(Why.question),
                 at(20, 14, 5)),
                (2, "bo@vejle.dk", "Tilmelding", Note.of(Why.no_network, open=2),
                 at(20, 16, 30))):
            s.add(InboundMessage(mailbox=config.mailbox_id if config else "",
                                 key=f"k{uid}", message_id=f"<q{uid}@mail.example>",
                                 folder="INBOX", uidvalidity=1, uid=uid, sender=sender,
                                 subject=subject, received_at=when, outcome="review",
                                 reason=encode_notes([reason]),
                                 target_folder="Tilmeldinger/Til gennemsyn"))
        s.add(OutboxMessage(kind="waitlisted", in_reply_to_key="k", message_id="<r1@x>",
                            mail_from="lv@fremtidensbiblioteker.dk",
                            to_address="karl.bak@viborg.dk", recipients="karl.bak@viborg.dk",
                            subject="Venteliste: Mellemledernetværk om hverdagsledelse",
                            raw=b"x", attempts=3, last_error="451 4.3.0 Try again later",
                            created_at=at(20, 12)))
        s.add(OutboxMessage(kind="confirmation", in_reply_to_key="k", message_id="<r2@x>",
                            mail_from="lv@fremtidensbiblioteker.dk", to_address="pia@x.dk",
                            recipients="pia@x.dk", subject="sent", raw=b"x",
                            created_at=at(19, 9), sent_at=at(19, 9, 1)))
        if previous_digest:
            s.add(ServiceEvent(kind="digest", day=date(2025, 2, 20), at=at(20, 7),
                               detail="lv@fremtidensbiblioteker.dk: 1 recipient(s)"))
        s.add(ServiceEvent(kind="poll", at=at(21, 6, 55)))


@pytest.fixture
def seeded(tmp_path):
    config = build_config(tmp_path / "digest.sqlite3")
    engine = make_engine(config.database.url)
    seed(engine, config=config)
    return config, engine


def test_digest_numbers_for_a_fixed_day(seeded):
    config, engine = seeded
    ctx = digest.context(config, engine, at(21, 7))

    hverdag, baere = ctx["networks"]
    assert (hverdag["confirmed"], hverdag["waitlisted"], hverdag["late"],
            hverdag["cancelled"], hverdag["capacity"], hverdag["free"]) == (3, 1, 0, 1, 3, 0)
    assert (baere["confirmed"], baere["late"], baere["free"]) == (1, 1, 29)
    assert hverdag["days_left"] == 22 and not hverdag["closed"]

    new = {key: [c["name"] for c in items] for key, items in ctx["new"].items()}
    assert new == {"signup": [HOSTILE], "waitlisted": ["Karl Bak"],
                   "promoted": ["Søren Ærø Krogh"], "late": ["Ole Dahl"],
                   "cancelled": ["Jens Bech Nielsen"], "other": []}
    assert ctx["since"] == "20.02.2025 07:00"
    assert (ctx["new_count"], ctx["cancelled_count"]) == (3, 1)

    assert [m["sender"] for m in ctx["review"]] == ["anne@gmail.com", "bo@vejle.dk"]
    assert ctx["review"][0]["reason"] == "mailen stiller et spørgsmål"
    assert ctx["review"][0]["arrived"] == "20.02.2025 14:05"
    flagged = {r["name"]: r for r in ctx["flagged"]}
    assert set(flagged) == {"Ole Dahl", "Søren Ærø Krogh", HOSTILE}
    assert flagged["Søren Ærø Krogh"]["flags"] == ["EAN-nummer mangler"]
    assert flagged["Ole Dahl"]["decide"] and flagged["Ole Dahl"]["flags"] == []
    assert "målgruppen" in flagged[HOSTILE]["flags"][0]
    [stuck] = ctx["unsent"]
    assert (stuck["to"], stuck["attempts"]) == ("karl.bak@viborg.dk", 3)
    assert ctx["waiting"] == 2 + 3 + 1

    assert ctx["invoice"]["count"] == 4
    assert ctx["invoice"]["total"] == "22.500,00\xa0kr."  # 4 x 4.500 + 25 % VAT
    assert ctx["last_poll"] == "21.02.2025 06:55"

    mail = digest.compose(config, engine, at(21, 7))
    assert mail.subject == "Tilmeldinger: overblik 21.02.2025 (3 nye, 1 afmeldt, 6 til gennemsyn)"
    assert mail.recipients == ["lv@fremtidensbiblioteker.dk"]
    text = mail.text
    assert "3 af 3 pladser bekræftet (0 ledige), 1 på venteliste" in text
    assert "Frist 15.03.2025: 22 dage tilbage" in text
    assert "mailreg resolve" not in text and "mailreg confirm" not in text  # no terminal
    assert "Tilmeld til Mellemledernetværk om hverdagsledelse: <mailto:lv@" in text
    assert "Bekræft: <mailto:lv@" in text
    assert text.index("VENTER PÅ DIG") < text.index("NETVÆRK")  # what waits for her first
    assert "Mette Holm" not in text  # her sign-up came before the previous digest
    assert "Søren Ærø Krogh <sk@roskilde.dk>" in text


def test_first_digest_covers_everything(tmp_path):
    config = build_config(tmp_path / "first.sqlite3")
    engine = make_engine(config.database.url)
    seed(engine, previous_digest=False, config=config)
    ctx = digest.context(config, engine, at(21, 7))
    assert ctx["since"] is None
    assert [c["name"] for c in ctx["new"]["signup"]] == [
        "Mette Holm", "Jens Bech Nielsen", "Pia Skov", HOSTILE]
    assert ctx["new_count"] == 7


def test_english_digest(tmp_path):
    config = build_config(tmp_path / "en.sqlite3")
    config = config.model_copy(update={"replies": config.replies.model_copy(
        update={"language": "en"})})
    engine = make_engine(config.database.url)
    seed(engine, config=config)
    mail = digest.compose(config, engine, at(21, 7))
    assert mail.subject == "Registrations: overview 21.02.2025 (3 new, 1 cancelled, 6 to review)"
    assert "the mail asks a question" in mail.text
    assert "Waiting for you (6)" in mail.html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_escapes_hostile_names_and_subjects_and_uses_inline_styles(seeded):
    config, engine = seeded
    html = digest.compose(config, engine, at(21, 7)).html
    assert "<script>" not in html and "<b>om</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Spørgsmål &lt;b&gt;om&lt;/b&gt; prisen" in html
    parsed = _Collector()
    parsed.feed(html)
    assert "script" not in parsed.tags and "style" not in parsed.tags
    assert "class" not in parsed.attrs  # inline styles only: Outlook and Gmail drop <style>
    shown = "".join(parsed.text)
    assert HOSTILE in shown  # the browser shows the name as text, as written
    assert "Mellemledernetværk om hverdagsledelse" in shown


class _Layout(HTMLParser):
    """Cells with text per table row (nested tables count apart; empty spacer cells do
    not), the fixed widths asked for, and how many elements keep text from wrapping."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[int] = []
        self.open: list[int] = []  # text cells of each open row
        self.cells: list[str] = []  # text of each open cell
        self.widths: list[tuple[int, str]] = []
        self.nowrap = 0

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        style = (attrs.get("style") or "").replace(" ", "")
        if tag == "tr":
            self.open.append(0)
        elif tag in ("td", "th"):
            self.cells.append("")
        pixels = [int(w) for w in [attrs.get("width") or ""] if w.isdigit()]
        pixels += [int(m) for m in re.findall(r"(?<![-\w])width:(\d+)px", style)]
        self.widths += [(w, style) for w in pixels]
        self.nowrap += "white-space:nowrap" in style or "min-width" in style

    def handle_data(self, data) -> None:
        if self.cells:
            self.cells[-1] += data

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th"):
            self.open[-1] += bool(self.cells.pop().strip())
        elif tag == "tr":
            self.rows.append(self.open.pop())


@pytest.mark.parametrize("language", ["da", "en"])
def test_html_digest_fits_a_phone_without_sideways_scrolling(tmp_path, language):
    """At 375px the six-column network table needed sideways scrolling. Now no row has
    more than four cells, nothing asks for a width beyond the phone's except the
    fluid frame (width:100%, max-width for desktops), and no text is kept from wrapping.
    Every figure of a network is still shown with its label."""
    config = build_config(tmp_path / "phone.sqlite3")
    config = config.model_copy(update={"replies": config.replies.model_copy(
        update={"language": language})})
    engine = make_engine(config.database.url)
    seed(engine, config=config)
    mail = digest.compose(config, engine, at(21, 7))
    layout = _Layout()
    layout.feed(mail.html)
    assert layout.rows and max(layout.rows) <= 4
    wide = [(w, style) for w, style in layout.widths if w > 375]
    assert all("width:100%" in style and "max-width:" in style for _w, style in wide), wide
    assert layout.nowrap == 0

    parsed = _Collector()
    parsed.feed(mail.html)
    shown = " ".join(" ".join(parsed.text).split())
    labels = {"da": ("bekræftet", "venteliste", "efter fristen", "afmeldt"),
              "en": ("confirmed", "waiting list", "late", "cancelled")}[language]
    figures = " ".join(f"{value} {label}"
                       for value, label in zip(("3 / 3", 1, 0, 1), labels, strict=True))
    assert figures in shown  # hverdagsledelse: 3 of 3 confirmed, 1 waiting, 1 cancelled


def sink_config(tmp_path, smtp_sink, **kwargs) -> Config:
    return build_config(tmp_path / "send.sqlite3", smtp_sink.host, smtp_sink.port, **kwargs)


def test_sent_once_a_day_and_next_day_covers_what_happened_between(tmp_path, smtp_sink):
    config = sink_config(tmp_path, smtp_sink,
                         extra='digest_recipients = ["leder@fremtidensbiblioteker.dk", '
                               '"not an address"]')
    engine = make_engine(config.database.url)
    seed(engine, config=config)

    assert not digest.send_digest_if_due(config, engine, at(21, 6, 59))  # before 07:00
    assert digest.send_digest_if_due(config, engine, at(21, 7))
    assert not digest.send_digest_if_due(config, engine, at(21, 7, 0))  # a restart
    assert not digest.send_digest_if_due(config, engine, at(21, 23, 59))
    [sent] = smtp_sink.received
    assert sorted(sent.rcpt_tos) == ["leder@fremtidensbiblioteker.dk",
                                     "lv@fremtidensbiblioteker.dk"]
    msg = sent.message
    assert msg["Subject"] == "Tilmeldinger: overblik 21.02.2025 (3 nye, 1 afmeldt, 6 til gennemsyn)"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/mixed"
    assert msg.get_body(("plain",)).get_content().startswith("Tilmeldinger: overblik")
    assert "&lt;script&gt;" in msg.get_body(("html",)).get_content()
    attachments = {part.get_filename(): part for part in msg.iter_attachments()}
    assert set(attachments) == {"fakturering-2025-02-21.csv", "fakturering-2025-02-21.xlsx"}
    raw_csv = attachments["fakturering-2025-02-21.csv"].get_payload(decode=True)
    assert raw_csv.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw_csv
    rows = list(csv.reader(io.StringIO(raw_csv.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Navn", "E-mail"] and len(rows) == 5
    with session(engine) as s:
        days = s.exec(select(ServiceEvent.day).where(ServiceEvent.kind == "digest")).all()
    assert days == [date(2025, 2, 20), date(2025, 2, 21)]

    # during the 21st: a new sign-up and a cancellation; the 22nd's digest has just those
    with session(engine) as s:
        add_registration(s, "baeredygtighed", "Lone Ørum", "lone@gentofte.dk",
                         [(at(21, 10), "confirmed", Note.of(Cause.signup_by_mail))])
        pia = s.exec(select(Registration).where(Registration.name == "Pia Skov")).one()
        cancelled = encode_notes([Note.of(Cause.cancelled_by_mail)])
        s.add(RegistrationEvent(registration_id=pia.id, at=at(21, 12), from_status="confirmed",
                                to_status="cancelled", cause=cancelled))
        pia.status = "cancelled"
    smtp_sink.clear()
    assert digest.send_digest_if_due(config, engine, at(22, 7, 5))
    assert not digest.send_digest_if_due(config, engine, at(22, 8))
    [second] = smtp_sink.received
    assert "(1 nye, 1 afmeldt," in second.message["Subject"]
    text = second.message.get_body(("plain",)).get_content()
    assert "Nyt siden sidste overblik (21.02.2025 07:00)" in text
    assert "Lone Ørum <lone@gentofte.dk>" in text and "Pia Skov <pia.skov" in text
    assert "Karl Bak <karl.bak@viborg.dk>, Mellemledernetværk" not in text.split(
        "VENTER PÅ DIG")[0]  # waitlisted on the 20th: in yesterday's digest, not today's


def test_refused_digest_is_not_recorded_and_goes_at_the_next_try(tmp_path, smtp_sink):
    config = sink_config(tmp_path, smtp_sink)
    engine = make_engine(config.database.url)
    seed(engine, config=config)
    smtp_sink.refuse = 451
    with pytest.raises(digest.DigestNotSent):
        digest.send_digest_if_due(config, engine, at(21, 7))
    assert not digest.digest_sent_on(config, engine, date(2025, 2, 21))
    smtp_sink.refuse = None
    assert digest.send_digest_if_due(config, engine, at(21, 7, 10))
    assert len(smtp_sink.received) == 1
    assert digest.digest_sent_on(config, engine, date(2025, 2, 21))


def test_a_second_sender_never_sends_while_the_first_holds_the_lease(tmp_path, smtp_sink):
    config = sink_config(tmp_path, smtp_sink)
    engine = make_engine(config.database.url)
    seed(engine, config=config)
    # another machine is sending right now
    assert acquire_lease(engine, digest.LEASE, "other-host:4242", datetime.now(CPH),
                         digest.LEASE_TTL)
    assert not digest.send_digest_if_due(config, engine, at(21, 7))
    assert not digest.send_digest(config, engine, at(21, 7))
    assert smtp_sink.received == []
    release_lease(engine, digest.LEASE, "other-host:4242")

    # two threads of this process at once: one digest
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(
        digest.send_digest_if_due(config, engine, at(21, 7)))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(smtp_sink.received) == 1


def test_preview_sends_and_records_nothing(seeded):
    config, engine = seeded
    html = digest.compose(config, engine, at(21, 7)).html
    assert html.startswith("<!DOCTYPE html>")
    assert not digest.digest_sent_on(config, engine, date(2025, 2, 21))


def links_by_text(html: str) -> dict[str, list[str]]:
    """Every mailto link of the HTML by its button text (HTML entities undone)."""
    found: dict[str, list[str]] = {}
    for href, text in re.findall(r'<a href="(mailto:[^"]+)"[^>]*>([^<]+)</a>', html):
        found.setdefault(text.strip(), []).append(href.replace("&amp;", "&"))
    return found


@pytest.mark.parametrize(("language", "asks", "reply", "answered", "subject"), [
    ("da", 'spørger: "Er der parkering ved Nordkraft?"', "Svar på spørgsmålet", "Besvaret",
     "Dit%20sp%C3%B8rgsm%C3%A5l%20om%20Ledelse%20af%20b%C3%A6redygtighed"),
    ("en", 'asks: "Er der parkering ved Nordkraft?"', "Answer the question", "Answered",
     "Your%20question%20about%20Ledelse%20af%20b%C3%A6redygtighed"),
])
def test_a_registration_that_asks_shows_the_question_and_both_links(
        tmp_path, language, asks, reply, answered, subject):
    """The registration stands; the digest lists it to look at, with her question, a
    plain mail to answer it and the order that says it is answered, in text and HTML."""
    config = build_config(tmp_path / f"asks-{language}.sqlite3")
    config = config.model_copy(update={"replies": config.replies.model_copy(
        update={"language": language})})
    engine = make_engine(config.database.url)
    seed(engine, config=config)
    with session(engine) as s:
        hanne = add_registration(
            s, "baeredygtighed", "Hanne Nielsen", "hani@vejle.dk",
            [(at(20, 13), "confirmed", Note.of(Cause.signup_by_mail))],
            flags=[Note.of(Flag.asks, words="Er der parkering ved Nordkraft?")])
        hanne_id = hanne.id
    ctx = digest.context(config, engine, at(21, 7))
    [row] = [r for r in ctx["flagged"] if r["id"] == hanne_id]
    assert row["flags"][0].startswith(asks) and not row["decide"]
    assert [link.text for link in row["actions"]][:2] == [reply, answered]
    assert ctx["waiting"] == 2 + 4 + 1

    mail = digest.compose(config, engine, at(21, 7))
    ask_url = f"mailto:hani@vejle.dk?subject={subject}"
    block = mail.text.split(f"#{hanne_id} Hanne Nielsen <hani@vejle.dk>", 1)[1].split("\n  - ")[0]
    assert asks in block
    assert f"{reply}: <{ask_url}>" in block
    assert f"{answered}: <mailto:lv@fremtidensbiblioteker.dk?subject={answered}%3A%20Hanne" \
           f"%20Nielsen&body=" in block and f"mr1.answered.{hanne_id}." in block

    assert asks.replace('"', "&#34;") in mail.html
    found = links_by_text(mail.html)
    assert found[reply] == [ask_url]
    [order] = found[answered]
    assert f"mr1.answered.{hanne_id}." in order
    # the reply is drawn as an outline beside the filled order buttons, like "Svar afsenderen"
    assert re.search(r'border:1px solid #1e3a5f;[^>]*>\s*<a href="' + re.escape(ask_url),
                     mail.html)
