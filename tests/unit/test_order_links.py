"""The pure parts of the coordinator's orders: tokens, the form she edits, the mailto
links and the Authentication-Results check. No server."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from mailreg.adapters.links import MAX_URL, Links, mailto
from mailreg.domain.mail import Inbound
from mailreg.domain.model import Refusal
from mailreg.domain.orders import Act, Order, sign, token_in, verify
from mailreg.reading.form import authenticated, order_token, read_form

KEY = b"0123456789abcdef0123456789abcdef"
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
ORDER = Order(Act.register, "42", "hverdagsledelse", date(2027, 1, 1))


def test_a_token_carries_its_order_and_nothing_else_verifies() -> None:
    token = sign(ORDER, KEY)
    assert verify(token, KEY, NOW) == ORDER
    assert verify(token, b"another key" * 3, NOW) == Refusal.token_altered
    for changed in (token.replace(".42.", ".43."),
                    token.replace("hverdagsledelse", "baeredygtighed"),
                    token.replace("register", "dismiss"),
                    token.replace("20270101", "20300101"),
                    token[:-1] + ("A" if token[-1] != "A" else "B"),
                    token[:-3]):
        assert verify(changed, KEY, NOW) == Refusal.token_altered, changed


def test_a_token_expires_after_its_day() -> None:
    token = sign(ORDER, KEY)
    assert verify(token, KEY, datetime(2027, 1, 1, 22, 0, tzinfo=UTC)) == ORDER
    assert verify(token, KEY, datetime(2027, 1, 2, 0, 1, tzinfo=UTC)) == Refusal.token_expired


def test_the_token_counts_only_on_its_own_line_not_quoted_nor_inside_a_link() -> None:
    token = sign(ORDER, KEY)
    assert token_in(f"Hej\n\nKode: {token}\n") == token
    assert token_in(f"  code:   {token}  \n") == token
    assert token_in(f"> Kode: {token}\n") is None  # a quoted order
    assert token_in(f"<mailto:lv@x.dk?body=Kode%3A%20{token}>") is None  # a quoted link
    assert token_in(f"Se koden {token} her") is None


def mail(text: str, **headers: str) -> Inbound:
    return Inbound(key="k", message_id="<m@x>", sender="lv@fremtidensbiblioteker.dk",
                   sender_name="Lisbet", subject="s", text=text, arrival=NOW,
                   headers={k.lower().replace("_", "-"): v for k, v in headers.items()})


def test_a_reply_to_a_receipt_that_quotes_an_order_is_no_order() -> None:
    token = sign(ORDER, KEY)
    quoted = (f"Tak!\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
              f"Sendt: 2. december 2026 09:14\nTil: lv@fremtidensbiblioteker.dk\n"
              f"Emne: Tilmeld til Hverdagsledelse\n\nNavn: Ditte Gram\n\nKode: {token}\n")
    assert order_token(mail(quoted)) is None
    assert order_token(mail(f"Navn: Ditte Gram\n\nKode: {token}\n")) == token


def test_the_form_reads_blocks_as_she_edited_them() -> None:
    token = sign(ORDER, KEY)
    text = (f"Ret gerne felterne herunder.\n\nNavn:  Mette  Holm\nE-mail: mette@aarhus.dk\n"
            f"Organisation:\nEAN: 5798 0004 16604\n\nNavn: Bo Lind\nEmail: bo@aarhus.dk\n"
            f"Netværk: Ledelse af bæredygtighed\n\nKode: {token}\n\nMed venlig hilsen\n"
            f"Lisbet\nE-mail: lv@fremtidensbiblioteker.dk\n")
    form = read_form(text)
    assert form.people == [
        {"name": "Mette Holm", "email": "mette@aarhus.dk", "organisation": "",
         "ean": "5798 0004 16604"},
        {"name": "Bo Lind", "email": "bo@aarhus.dk"}]
    assert form.network == "Ledelse af bæredygtighed"


def test_outlook_html_makes_every_line_a_paragraph_and_the_form_still_reads() -> None:
    text = "Navn: Mette Holm\n\nE-mail: mette@aarhus.dk\n\nEAN:\n\nNavn: Bo\n\nE-mail: bo@x.dk\n"
    assert [p["email"] for p in read_form(text).people] == ["mette@aarhus.dk", "bo@x.dk"]


def test_an_emptied_form_has_no_people() -> None:
    assert read_form("Navn:\nE-mail:\nOrganisation:\nEAN:\n").people == []


def opened(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return unquote(parts.path), query["subject"][0], query["body"][0]


def test_a_link_opens_a_mail_with_the_subject_the_form_and_the_token() -> None:
    links = Links("lv@fremtidensbiblioteker.dk", KEY, date(2026, 12, 2), 30, "da")
    link = links.order(Act.register, 42, network="hverdagsledelse",
                       network_name="Mellemledernetværk om hverdagsledelse", about="Ditte Gram",
                       people=[{"name": "Ditte Gram", "email": "digr@faxe.dk"}])
    assert link.text == "Tilmeld til Mellemledernetværk om hverdagsledelse"
    to, subject, body = opened(link.url)
    assert to == "lv@fremtidensbiblioteker.dk"
    assert subject == "Tilmeld til Mellemledernetværk om hverdagsledelse: Ditte Gram"
    assert "\r\nNavn: Ditte Gram\r\nE-mail: digr@faxe.dk\r\n" in body
    assert verify(token_in(body.replace("\r\n", "\n")) or "", KEY, NOW) == Order(
        Act.register, "42", "hverdagsledelse", date(2027, 1, 1))
    assert " " not in link.url and "+" not in link.url  # %20, never a +


def test_a_link_stays_under_outlooks_limit_and_says_who_was_left_out() -> None:
    links = Links("lv@fremtidensbiblioteker.dk", KEY, date(2026, 12, 2), 30, "da")
    people = [{"name": f"Søren Ærø Kjærgård {i}", "email": f"soeren.{i}@aarhus.dk",
               "organisation": "Aarhus Kommunes Biblioteker, Hovedbiblioteket Dokk1",
               "ean": "5798000416604"} for i in range(12)]
    link = links.order(Act.register, 7, network="hverdagsledelse", people=people)
    assert len(link.url) <= MAX_URL
    _to, _subject, body = opened(link.url)
    assert "Søren Ærø Kjærgård 0" in body and "deltagere mere kunne ikke være i linket" in body
    assert token_in(body.replace("\r\n", "\n"))  # the token is never the one left out


def test_mailto_escapes_what_would_end_the_subject_or_the_body() -> None:
    url = mailto("lv@x.dk", "A & B ? = #", "line 1\nline 2 & more")
    _to, subject, body = opened(url)
    assert (subject, body) == ("A & B ? = #", "line 1\r\nline 2 & more")


@pytest.mark.parametrize(("header", "ok"), [
    ("mx.fremtidensbiblioteker.dk; spf=pass smtp.mailfrom=lv@fremtidensbiblioteker.dk", True),
    ("mx.fremtidensbiblioteker.dk; dkim=pass header.d=fremtidensbiblioteker.dk; spf=fail",
     True),
    ("mx.fremtidensbiblioteker.dk; spf=fail smtp.mailfrom=fremtidensbiblioteker.dk", False),
    ("mx.fremtidensbiblioteker.dk; dkim=pass header.d=evil.example", False),
    ("relay.evil.example; spf=pass smtp.mailfrom=fremtidensbiblioteker.dk", False),
    ("", False),
], ids=["spf", "dkim", "spf-fail", "other-domain", "other-server", "none"])
def test_authentication_results_from_our_server_for_her_domain(header: str, ok: bool) -> None:
    assert authenticated(mail("x", Authentication_Results=header), "fremtidensbiblioteker.dk",
                         "mx.fremtidensbiblioteker.dk") is ok
