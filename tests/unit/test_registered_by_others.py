"""A chief or secretary who registered others writes again, under the confirmation or her
own sign-up: the people meant are those the thread lists, found by the names the new
text uses, and never the writer in their place."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Understanding, Why
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 18, 9, 30, tzinfo=UTC)
CONFIRMATION = ("\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
                "Sendt: 3. februar 2025 08:31\nTil: Gorm Lausen <gola@holstebro.dk>\n"
                "Emne: Bekræftelse: tilmelding til Mellemledernetværk om hverdagsledelse\n\n"
                "Hej Gorm\n\nTak for jeres tilmelding. Jeg har registreret følgende:\n\n"
                "{people}\n\nEAN: 5798000539112\n\nMvh\nLisbet Vestergaard\n")
THREE = ("- Anne Kirkegaard, ankir@holstebro.dk, Holstebro Bibliotek\n"
         "- Peter Lauge, pela@holstebro.dk, Holstebro Bibliotek\n"
         "- Anne Mose, anmo@holstebro.dk, Holstebro Bibliotek")


def reply(text: str, people: str = THREE, cc: str = "") -> Understanding:
    raw = mails.outlook("gola@holstebro.dk", "Gorm Lausen",
                        "SV: Bekræftelse: tilmelding til Mellemledernetværk om hverdagsledelse",
                        f"Hej Lisbet\n\n{text}\n\nHilsen Gorm"
                        + CONFIRMATION.format(people=people), sent=SENT, extra_headers=cc)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_a_first_name_two_of_the_list_carry_cancels_nobody() -> None:
    result = reply("Anne kan desværre ikke alligevel, vi har for mange på ferie i juni.")
    assert result.participants == ()
    assert result.review_reason is not None and result.review_reason.code == Why.others_not_found


def test_a_first_name_one_of_the_list_carries_cancels_her() -> None:
    result = reply("Peter kan desværre ikke alligevel, vi har for mange på ferie i juni.")
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["pela@holstebro.dk"]


def test_one_listed_as_form_fields_is_found_by_first_name() -> None:
    result = reply("Kan du slette Rasmus? Han går på barsel allerede fra marts.",
                   people="Navn: Rasmus Kolind\nE-mail: rako@holstebro.dk\n"
                          "Organisation: Holstebro Bibliotek\n\nNavn: Trine Haahr\n"
                          "E-mail: trha@holstebro.dk\nOrganisation: Holstebro Bibliotek")
    assert result.intent == Intent.cancel
    assert [(p.name, p.email) for p in result.participants] == [
        ("Rasmus Kolind", "rako@holstebro.dk")]


def test_the_one_a_secretary_writes_for_is_not_the_one_cancelled() -> None:
    result = reply("På vegne af Kirsten: Peter kan ikke deltage i netværket alligevel.",
                   cc="Cc: Kirsten Aaby <kiaa@holstebro.dk>\r\n")
    assert [p.email for p in result.participants] == ["pela@holstebro.dk"]


def test_those_beside_her_the_coordinator_confirmed_are_not_registered_again() -> None:
    result = reply("Vi bliver nu fire: Ud over Peter og Anne, som du har bekræftet, kommer jeg "
                   "selv og vores nye souschef Ulla Brink (ulbr@holstebro.dk).",
                   people="- Peter Lauge, pela@holstebro.dk, Holstebro Bibliotek\n"
                          "- Anne Mose, anmo@holstebro.dk, Holstebro Bibliotek")
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["gola@holstebro.dk", "ulbr@holstebro.dk"]


def test_a_new_mail_that_cancels_a_colleague_by_first_name_never_cancels_the_writer() -> None:
    raw = mails.outlook("flju@kalundborg.dk", "Flemming Juhl", "Afmelding – bæredygtighed",
                        "Kære Lisbet\n\nFor et par uger siden tilmeldte jeg Karin Lund og Per "
                        "Dahl til netværket om ledelse af bæredygtighed. Per har desværre sagt "
                        "sin stilling op, så han skal afmeldes. Karin fortsætter som planlagt."
                        "\n\nMed venlig hilsen\nFlemming Juhl\nBibliotekschef\n", sent=SENT,
                        charset="utf-8")
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert "flju@kalundborg.dk" not in [p.email for p in result.participants]
    assert result.review_reason is not None


@pytest.mark.parametrize("text", [
    "Her kommer det lovede EAN-nummer: 5798 0005 6022 2",
    "Undskyld, jeg glemte EAN: 5798000560222",
])
def test_the_ean_sent_later_completes_the_sign_up_of_the_people_it_listed(text: str) -> None:
    own = ("\n\nFra: Rikke Vinther [mailto:rivi@lolland.dk]\nSendt: 30. januar 2025 11:42\n"
           "Til: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: Tilmelding til "
           "netværksmøde 27. marts\n\nHej Lisbet\n\nJeg vil gerne tilmelde to af vores "
           "mellemledere til netværksmødet i CB-området den 27. marts:\n\nAnette Holm – "
           "anho@lolland.dk\nBrian Juul – brju@lolland.dk\n\nEAN-nummer følger.\n\n"
           "Venlig hilsen\nRikke Vinther\nBibliotekschef, Lolland Bibliotekerne\n")
    raw = mails.outlook("rivi@lolland.dk", "Rikke Vinther", "SV: Tilmelding til netværksmøde "
                        "27. marts", f"Hej igen Lisbet\n\n{text}\n\nVh Rikke" + own, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.signup
    assert [(p.email, p.ean) for p in result.participants] == [
        ("anho@lolland.dk", "5798000560222"), ("brju@lolland.dk", "5798000560222")]


def test_a_colleague_who_takes_the_writers_place_is_a_swap() -> None:
    result = reply("Jeg kan desværre ikke komme til netværksmødet den 27. marts, men min "
                   "kollega Nikolaj Friis (nifr@holstebro.dk) vil gerne tage min plads.")
    assert result.intent == Intent.signup and result.review_reason.code == Why.swap
    assert [p.email for p in result.participants] == ["nifr@holstebro.dk"]


def test_one_who_comes_instead_makes_the_cancellation_the_coordinators() -> None:
    result = reply("Peter kan ikke komme alligevel. Til gengæld vil Bodil Kaae "
                   "(boka@holstebro.dk) meget gerne med på kursusdagen i Vejle, hvis der "
                   "stadig er plads.")
    assert result.intent == Intent.unclear and result.participants == ()
    assert result.review_reason.code == Why.signup_and_cancel


def test_one_who_still_comes_is_not_cancelled() -> None:
    result = reply("Peter kan desværre ikke alligevel. Anne Mose (anmo@holstebro.dk) kommer "
                   "stadig som planlagt.")
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["pela@holstebro.dk"]


def test_one_who_cancels_from_a_private_address_is_cancelled_where_she_is_registered() -> None:
    raw = mails.gmail("signe.vestbjerg@gmail.com", "Signe Vestbjerg", "Re: Bekræftelse: "
                      "tilmelding til Mellemledernetværk om hverdagsledelse",
                      "Hej Lisbet\nGorm tilmeldte mig hverdagsledelse, men jeg har fået nyt job "
                      "og stopper 1. marts, så jeg kan ikke deltage. Beklager!\nSigne"
                      + CONFIRMATION.format(people="- Signe Vestbjerg, sive@holstebro.dk, "
                                                   "Holstebro Bibliotek"), sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["sive@holstebro.dk"]


def test_a_first_name_in_lower_case_cancels_the_one_of_the_list() -> None:
    result = reply("vi bliver kun 2 alligevel, peter melder fra. anne kirkegaard og anne mose "
                   "kommer")
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["pela@holstebro.dk"]


def test_she_of_two_is_the_one_the_text_does_not_name() -> None:
    two = ("- Anne Kirkegaard, ankir@holstebro.dk, Holstebro Bibliotek\n"
           "- Peter Lauge, pela@holstebro.dk, Holstebro Bibliotek")
    result = reply("She can't make it after all, sorry! Peter is still coming.", people=two)
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["ankir@holstebro.dk"]


def test_two_more_are_the_two_not_the_writer() -> None:
    result = reply("Vi er to mere, der gerne vil med: Karen Hviid (kahv@holstebro.dk) og Ole "
                   "Brun (olbr@holstebro.dk). Samme EAN.")
    assert [p.email for p in result.participants] == ["kahv@holstebro.dk", "olbr@holstebro.dk"]


def under_lisbet(text: str, hers: str, below: str = "") -> Understanding:
    """Gorm's reply to a mail of Lisbet's that says `hers`, with `below` quoted under it."""
    raw = mails.outlook(
        "gola@holstebro.dk", "Gorm Lausen", "SV: Tilmelding",
        f"{text}\n\nHilsen Gorm\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
        "Sendt: 3. februar 2025 08:31\nTil: Gorm Lausen <gola@holstebro.dk>\n"
        f"Emne: SV: Tilmelding\n\nHej Gorm\n\n{hers}\n\nMvh\nLisbet Vestergaard\n{below}",
        sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_an_ean_sent_later_is_for_those_her_own_sign_up_listed_below_the_confirmation() -> None:
    own = ("\n\nFra: Gorm Lausen <gola@holstebro.dk>\nSendt: 2. februar 2025 16:02\n"
           "Til: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: Tilmelding\n\n"
           "Vi vil gerne være med med to deltagere:\n\n- Anne Kirkegaard, ankir@holstebro.dk\n"
           "- Peter Lauge, pela@holstebro.dk\n\nMvh Gorm Lausen\n")
    result = under_lisbet(
        "Hej Lisbet\n\nUndskyld, det glemte jeg. EAN-nr.: 5798 0005 3911 2",
        "Tak for tilmeldingen. Jeg har registreret Anne Kirkegaard og Peter Lauge til "
        "Mellemledernetværk om hverdagsledelse. Jeg mangler dog jeres EAN-nummer – vil du "
        "sende det?", below=own)
    assert result.intent == Intent.signup
    assert [(p.email, p.ean) for p in result.participants] == [
        ("ankir@holstebro.dk", "5798000539112"), ("pela@holstebro.dk", "5798000539112")]


def test_the_address_the_coordinator_asked_for_goes_to_the_one_she_asked_about() -> None:
    result = under_lisbet(
        "Hun har ingd@holstebro.dk",
        "Tak for tilmeldingen. Thomas Kjær er registreret til Mellemledernetværk om "
        "hverdagsledelse, men jeg mangler en mailadresse på Inger Dahl, før jeg kan skrive "
        "hende på.")
    assert result.intent == Intent.signup
    assert [(p.name, p.email) for p in result.participants] == [
        ("Inger Dahl", "ingd@holstebro.dk")]
