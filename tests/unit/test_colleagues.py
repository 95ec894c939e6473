"""Colleagues a chief signs up, with their addresses where she puts them: in Cc ("Lise og
Anders (cc)"), or on a line of their own after the names ("Mails: a; b"). The chief
herself is not signed up, and a Cc nobody names is nobody's registration."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import networks

from mailreg.domain.model import Intent, Why
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 6, 9, 0, tzinfo=UTC)
CC = ("Cc: =?iso-8859-1?Q?Lise_M=F8ller_Kjeldsen?= <limk@gladsaxe.dk>, "
      "\"Holt, Anders\" <anho@gladsaxe.dk>\r\n")
SIGNATURE = "\n\nVenlig hilsen\nSusanne Broberg\nBibliotekschef\nGladsaxe Bibliotekerne\n"


def read(body: str, cc: str = CC):
    raw = mails.outlook("subr@gladsaxe.dk", "Susanne Broberg", "Tilmelding",
                        body + SIGNATURE, sent=SENT, extra_headers=cc)
    return understand(mails.inbound(raw, SENT), NETWORKS)


@pytest.mark.parametrize("body", [
    "Jeg vil gerne tilmelde mine to kolleger Lise og Anders, som står cc, til kursusdagen "
    "om formidling. EAN 5798000418882.",
    "Jeg tilmelder hermed Lise Møller Kjeldsen og Anders Holt (begge cc) til kursusdagen "
    "om formidling. EAN 5798000418882.",
])
def test_colleagues_named_in_the_text_get_their_addresses_from_cc(body: str) -> None:
    result = read(body)
    assert result.intent == Intent.signup and result.review_reason is None
    assert {(p.name, p.email) for p in result.participants} == {
        ("Lise Møller Kjeldsen", "limk@gladsaxe.dk"), ("Anders Holt", "anho@gladsaxe.dk")}


def test_a_cc_the_text_does_not_name_is_no_participant() -> None:
    result = read("Jeg vil gerne tilmelde mig kursusdagen om formidling. EAN 5798000418882.")
    assert [p.email for p in result.participants] == ["subr@gladsaxe.dk"]


def test_colleagues_nobody_can_find_send_the_mail_to_review_not_the_sender() -> None:
    result = read("Jeg vil gerne tilmelde mine to kolleger til kursusdagen om formidling.",
                  cc="")
    assert result.participants == ()
    assert result.review_reason is not None and result.review_reason.code == Why.others_not_found


def test_addresses_on_a_line_of_their_own_go_to_the_names_in_order() -> None:
    result = read("Jeg vil gerne tilmelde Lise Møller Kjeldsen og Anders Holt til kursusdagen "
                  "om formidling.\nMails: limk@gladsaxe.dk; anho@gladsaxe.dk\nEAN 5798000418882",
                  cc="")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Lise Møller Kjeldsen", "limk@gladsaxe.dk"), ("Anders Holt", "anho@gladsaxe.dk")]


@pytest.mark.parametrize(("body", "person"), [
    ("I stedet for Mette Bach kommer Jonas Krog til kursusdagen om formidling. "
     "Jonas' mail er jokr@gladsaxe.dk.", ("Jonas Krog", "jokr@gladsaxe.dk")),
    ("Fra Gladsaxe Bibliotekerne kommer Else Marie Dahl til kursusdagen om formidling. Else "
     "Maries egen mail er elda@gladsaxe.dk - send gerne bekræftelsen direkte til hende.",
     ("Else Marie Dahl", "elda@gladsaxe.dk")),
], ids=["jonas-mail", "else-maries-egen-mail"])
def test_an_address_given_after_a_possessive_first_name_goes_to_that_person(
        body: str, person: tuple[str, str]) -> None:
    result = read(body, cc="")
    assert [(p.name, p.email) for p in result.participants] == [person]


def test_addresses_nobody_can_be_named_for_send_the_mail_to_review_not_the_sender() -> None:
    result = read("Jeg vil gerne tilmelde disse til kursusdagen om formidling:\n"
                  "jevl@gladsaxe.dk\nmaoe@gladsaxe.dk\nEAN 5798000418882", cc="")
    assert result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.addresses_without_names



def test_a_colleague_named_only_to_compare_is_no_participant() -> None:
    result = read("Jeg vil også gerne med til kursusdagen om formidling - samme EAN som Lise.")
    assert [p.email for p in result.participants] == ["subr@gladsaxe.dk"]


def test_a_colleague_who_still_takes_part_is_not_cancelled_with_the_writer() -> None:
    raw = mails.outlook("subr@gladsaxe.dk", "Susanne Broberg", "SV: Tilmelding til kursusdagen",
                        "Jeg er desværre nødt til at melde fra til kursusdagen om formidling. "
                        "Lise deltager stadig som planlagt." + SIGNATURE, sent=SENT,
                        extra_headers=CC)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["subr@gladsaxe.dk"]


def test_he_who_cancels_is_the_colleague_the_sentence_names() -> None:
    result = read("Anders er desværre sygemeldt i længere tid, så han må melde fra til "
                  "kursusdagen om formidling.")
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["anho@gladsaxe.dk"]


def test_a_name_in_a_sentence_that_signs_up_the_writer_alone_is_no_participant() -> None:
    result = read("Vi har alligevel fået midler fra Grøn Pulje, så jeg vil rigtig gerne "
                  "tilmeldes kursusdagen om formidling.", cc="")
    assert [p.email for p in result.participants] == ["subr@gladsaxe.dk"]
    assert result.review_reason is None


def test_the_colleagues_who_stand_in_cc_are_the_participants() -> None:
    result = read("Jeg vil gerne tilmelde de to kolleger, der står cc, til kursusdagen om "
                  "formidling. Faktura til EAN 5798000418882.")
    assert {p.email for p in result.participants} == {"limk@gladsaxe.dk", "anho@gladsaxe.dk"}


def test_a_writer_who_announces_the_participants_is_not_one() -> None:
    result = read("Undertegnede tillader sig hermed at anmelde følgende deltagere til "
                  "kursusdagen om formidling:\n\n- afdelingsleder Lise Møller Kjeldsen "
                  "(limk@gladsaxe.dk)\n- teamleder Anders Holt (anho@gladsaxe.dk)", cc="")
    assert "subr@gladsaxe.dk" not in {p.email for p in result.participants}


def test_a_cancellation_on_behalf_of_a_colleague_in_cc_is_his_not_the_writers() -> None:
    result = read("Desværre må jeg melde afbud til kursusdagen om formidling på vegne af "
                  "Anders (cc), som har fået nyt job og stopper hos os med udgangen af april.")
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["anho@gladsaxe.dk"]


@pytest.mark.parametrize(("body", "expected"), [
    # she signs up in English, and copies a colleague who comes too
    ("I would like to sign up for the course day on fiction outreach. I'm cc'ing my "
     "colleague Lise, who will be joining me.", {"subr@gladsaxe.dk", "limk@gladsaxe.dk"}),
    # the one copied asked her to go, and does not come himself
    ("My manager Anders (cc'd) asked me to sign up for the course day on fiction outreach, "
     "so I would like to register.", {"subr@gladsaxe.dk"}),
])
def test_who_of_the_copied_comes_in_an_english_sign_up(body: str, expected: set[str]) -> None:
    result = read(body)
    assert result.intent == Intent.signup
    assert {p.email for p in result.participants} == expected


def test_he_in_the_sentence_after_is_the_colleague_in_cc_named_before() -> None:
    result = read("Jeg er selv tilmeldt kursusdagen om formidling i forvejen. Er der stadig "
                  "plads til Anders (cc)? I så fald vil han også gerne med.")
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["anho@gladsaxe.dk"]


def test_a_colleague_in_cc_by_her_nickname_comes_with_the_writer() -> None:
    result = read("Hvis der stadig er plads, vil Rikke (cc) og jeg gerne med til kursusdagen om "
                  "formidling.", cc="Cc: \"Lassen, Henrikke\" <hela@gladsaxe.dk>\r\n")
    assert (result.intent, result.review_reason) == (Intent.signup, None)
    assert {p.email for p in result.participants} == {"subr@gladsaxe.dk", "hela@gladsaxe.dk"}


def test_she_who_stands_in_cc_is_the_one_copied() -> None:
    result = read("Kan du tilføje min afdelingsleder? Hun står cc og vil også gerne med på "
                  "kursusdagen om formidling.", cc="Cc: Lise Holm <liho@gladsaxe.dk>\r\n")
    assert [p.email for p in result.participants] == ["liho@gladsaxe.dk"]


@pytest.mark.parametrize("aside", [
    "Hvis der er en ekstra plads, vil min kollega Lise Møller Kjeldsen (limk@gladsaxe.dk) "
    "også meget gerne med – giv lige besked.",
    "Min kollega Anders Holt (anho@gladsaxe.dk) kommer måske også.",
])
def test_a_colleague_named_only_in_doubt_waits_beside_the_writers_firm_sign_up(
        aside: str) -> None:
    result = read(f"Jeg melder mig til kursusdagen om formidling. {aside}\nEAN 5798000418882",
                  cc="")
    assert [p.email for p in result.participants] == ["subr@gladsaxe.dk"]
    assert result.review_reason is not None and result.review_reason.code == Why.conditional


@pytest.mark.parametrize("aside", [
    "Hvis der stadig er plads, vil min kollega Lise Møller Kjeldsen (limk@gladsaxe.dk) også "
    "gerne med.",
    "Min kollega Lise Møller Kjeldsen kommer også, hvis du skal bruge hendes mail, er den "
    "limk@gladsaxe.dk.",
])
def test_room_or_a_polite_if_is_no_doubt_about_the_colleague(aside: str) -> None:
    result = read(f"Jeg melder mig til kursusdagen om formidling. {aside}\nEAN 5798000418882",
                  cc="")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["subr@gladsaxe.dk", "limk@gladsaxe.dk"]
