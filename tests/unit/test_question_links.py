"""A registration that asks a practical question ("Er der parkering ved Nordkraft?"):
the digest gives the coordinator a plain mail to answer it and a "Besvaret" order for
when she has; correcting the registration keeps the question. No server, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from mailreg.adapters.links import Links, mailto
from mailreg.adapters.tables import Registration, decode_notes, encode_notes
from mailreg.config import parse_config
from mailreg.domain.model import Flag, Note, Status
from mailreg.domain.orders import Act, Order, token_in, verify
from mailreg.services.actions import registration_links
from mailreg.services.commands import _flags_after_edit

KEY = b"0123456789abcdef0123456789abcdef"
TODAY = date(2025, 2, 21)
QUESTION = Note.of(Flag.asks, words="Er der parkering ved Nordkraft?")
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
[replies]
language = "{language}"
[[networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
deadline = 2025-03-15
price = "4.500 kr. + moms per deltager ekskl. forplejning"
required_fields = ["ean"]
[[networks]]
slug = "baeredygtighed"
name = "Ledelse af bæredygtighed"
deadline = 2025-03-15
"""


def view(language: str = "da"):
    return parse_config(CONFIG.format(language=language)).mailbox_views()[0]


def links(language: str = "da") -> Links:
    return Links("lv@fremtidensbiblioteker.dk", KEY, TODAY, 30, language)


def registration(*flags: Note, network: str = "baeredygtighed", registered_by: str = "",
                 status: Status = Status.confirmed, **fields: str) -> Registration:
    values = {"name": "Hanne Nielsen", "email": "hani@vejle.dk",
              "organisation": "Vejle Bibliotekerne", "ean": "5798000389274"} | fields
    return Registration(id=8, network=network, status=status,
                        received_at=datetime(2025, 2, 20, 12, 0, tzinfo=UTC),
                        message_id="<q@vejle.dk>", registered_by=registered_by,
                        flags=encode_notes(flags), **values)


def opened(url: str) -> tuple[str, dict[str, str]]:
    """(to, {cc, subject, body}) as a mail program opens the link (RFC 6068)."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and len(url) <= 2000
    return unquote(parts.path), {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_a_question_gets_a_reply_to_the_participant_and_an_answered_order() -> None:
    made = registration_links(view(), links(), registration(QUESTION))
    assert [link.text for link in made] == ["Svar på spørgsmålet", "Besvaret", "Ret"]
    reply, answered, _edit = made
    assert reply.kind == "reply" and answered.kind == "act"
    to, fields = opened(reply.url)
    assert (to, fields) == ("hani@vejle.dk", {"subject": "Dit spørgsmål om Ledelse af "
                                                         "bæredygtighed"})
    to, fields = opened(answered.url)
    assert to == "lv@fremtidensbiblioteker.dk"
    assert fields["subject"] == "Besvaret: Hanne Nielsen"
    token = token_in(fields["body"].replace("\r\n", "\n")) or ""
    assert verify(token, KEY, datetime(2025, 2, 21, 8, 0, tzinfo=UTC)) == Order(
        Act.answered, "8", "", date(2025, 3, 23))


def test_the_links_speak_the_digests_language() -> None:
    reply, answered, _edit = registration_links(view("en"), links("en"),
                                                registration(QUESTION))
    assert (reply.text, answered.text) == ("Answer the question", "Answered")
    assert opened(reply.url)[1]["subject"] == "Your question about Ledelse af bæredygtighed"
    assert opened(answered.url)[1]["subject"] == "Answered: Hanne Nielsen"


def test_the_colleague_who_signed_her_up_and_so_asked_is_in_cc() -> None:
    by_chief = registration(QUESTION, registered_by="Chef@Vejle.dk")
    assert opened(registration_links(view(), links(), by_chief)[0].url)[1]["cc"] == \
        "chef@vejle.dk"
    for herself in ("hani@vejle.dk", "HANI@vejle.dk", "", "not an address"):
        reply = registration_links(view(), links(), registration(
            QUESTION, registered_by=herself))[0]
        assert "cc" not in opened(reply.url)[1], herself


def test_a_late_registration_with_a_question_is_decided_and_answered() -> None:
    made = registration_links(view(), links(), registration(QUESTION, status=Status.late))
    assert [link.text for link in made] == ["Bekræft", "Venteliste", "Afvis",
                                            "Svar på spørgsmålet", "Besvaret", "Ret"]


@pytest.mark.parametrize("flags", [(), (Note.of(Flag.missing_ean),)])
def test_without_a_question_there_is_nothing_to_answer(flags) -> None:
    made = registration_links(view(), links(), registration(*flags))
    assert [link.text for link in made] == (["Ret"] if flags else [])


def test_an_edit_keeps_an_unanswered_question_and_works_out_the_rest_again() -> None:
    network = parse_config(CONFIG.format(language="da")).network("hverdagsledelse")
    assert network is not None
    target = Note.of(Flag.outside_target_group, title="Bibliotekschef", group="mellemledere")
    row = registration(Note.of(Flag.missing_ean), QUESTION, target,
                       network="hverdagsledelse", ean="")
    assert _flags_after_edit(network, row) == [Note.of(Flag.missing_ean), QUESTION, target]
    row.ean = "5798000389274"  # the EAN she corrected: that flag goes, the question stays
    assert _flags_after_edit(network, row) == [QUESTION, target]
    assert decode_notes(encode_notes(_flags_after_edit(network, row))) == (QUESTION, target)


def test_mailto_with_cc() -> None:
    to, fields = opened(mailto("hani@vejle.dk", "Dit spørgsmål", cc="chef@vejle.dk"))
    assert (to, fields) == ("hani@vejle.dk", {"cc": "chef@vejle.dk",
                                              "subject": "Dit spørgsmål"})
