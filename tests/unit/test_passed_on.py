"""A chief who passes on a colleague's wish ("Sofie vil gerne med, se nedenfor") signs her
up when she stands behind it (she approves it or says who pays), and the colleague is
the participant, not the chief. Without that it waits for the coordinator."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Why
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 12, 8, 15, tzinfo=UTC)
SIGNATURE = ("\n\nMed venlig hilsen\nUlla Jakobsen\nBibliotekschef\n"
             "Esbjerg Kommunes Biblioteker\nTlf. 7616 1000\n")
QUOTE = ("\n\nFra: Sofie Lindqvist <soli@esbjerg.dk>\nSendt: 11. februar 2025 15:02\n"
         "Til: Jakobsen, Ulla <ulja@esbjerg.dk>\nEmne: Bæredygtighedsnetværket\n\n"
         "Hej Ulla\n\nMå jeg komme med i netværket om ledelse af bæredygtighed? Jeg står for "
         "vores grønne omstilling.\n\nSofie Lindqvist\nAfdelingsleder\n")


def read(text: str, cc: str = ""):
    raw = mails.outlook("ulja@esbjerg.dk", "Jakobsen, Ulla", "VS: Bæredygtighedsnetværket",
                        text + SIGNATURE + QUOTE, sent=SENT, extra_headers=cc)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


@pytest.mark.parametrize("text", [
    "Lisbet - Sofie vil gerne med i bæredygtighedsnetværket, se nedenfor. Vi betaler: "
    "EAN 5798000389274.",
    "Hej Lisbet\n\nSofie vil gerne med i bæredygtighedsnetværket. Jeg har sagt god for det.",
])
def test_a_wish_she_stands_behind_signs_the_colleague_up(text: str) -> None:
    result = read(text)
    assert result.intent == Intent.signup and result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Sofie Lindqvist", "soli@esbjerg.dk")]


def test_a_wish_only_passed_on_waits_for_the_coordinator() -> None:
    result = read("Hej Lisbet\n\nSofie vil gerne med i bæredygtighedsnetværket, se nedenfor.")
    assert result.intent == Intent.unclear and result.participants == ()
    assert result.review_reason is not None and result.review_reason.code == Why.passed_on


def test_the_two_in_cc_are_the_participants() -> None:
    result = read("Hej Lisbet\n\nDe to i cc vil gerne med til kursusdagen om formidling. "
                  "Faktura til EAN 5798000389274.",
                  cc="Cc: Anne Vad <alva@esbjerg.dk>, Bjarke Nielsen <bjni@esbjerg.dk>\r\n")
    assert result.intent == Intent.signup
    assert {p.email for p in result.participants} == {"alva@esbjerg.dk", "bjni@esbjerg.dk"}


def test_a_wish_reported_in_english_for_one_who_writes_herself_is_no_sign_up() -> None:
    result = read("Hi Lisbet\n\nMark, our team leader, mentioned he'd like to join the "
                  "sustainability network - I'll let him write to you himself.")
    assert result.intent != Intent.signup and result.participants == ()


def test_seats_reserved_with_the_names_to_follow_register_nobody_yet() -> None:
    result = read("Hej Lisbet\n\nVil du reservere to pladser til kursusdagen om formidling? "
                  "Navnene følger, når vagtplanen er lagt. EAN 5798000389274")
    assert result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.others_not_found


@pytest.mark.parametrize(("text", "participant"), [
    # another named in a wish the chief pays for
    ("Hej Lisbet\n\nMette Ravn skal med i bæredygtighedsnetværket. Hun er afdelingsleder "
     "hos os og kan fanges på mera@esbjerg.dk.\n\nFakturaen bedes sendt til EAN "
     "5798000389274.", ("Mette Ravn", "mera@esbjerg.dk")),
    # "hende" with nobody named: the colleague whose own mail is just below
    ("Hej Lisbet\n\nJa – tilmeld hende venligst. Regningen til EAN 5798000389274.",
     ("Sofie Lindqvist", "soli@esbjerg.dk")),
    # the same under her thanks for a confirmation
    ("Hej Lisbet\n\nTak for bekræftelsen på Sofie.\n\nMette Ravn (mera@esbjerg.dk) skal også "
     "med på kursusdagen om formidling. Fakturaen til EAN 5798000389274.",
     ("Mette Ravn", "mera@esbjerg.dk")),
], ids=["named-in-a-wish", "her-just-below", "after-thanks"])
def test_the_colleague_the_chief_stands_behind_is_the_participant(
        text: str, participant: tuple[str, str]) -> None:
    result = read(text)
    assert result.intent == Intent.signup and result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [participant]


def test_the_danish_her_is_no_pronoun_for_a_colleague() -> None:
    result = read("Hej Lisbet\n\nHer er min tilmelding til bæredygtighedsnetværket. EAN "
                  "5798000389274.")
    assert [p.email for p in result.participants] == ["ulja@esbjerg.dk"]
