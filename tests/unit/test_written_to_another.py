"""A mail written to someone else, the coordinator reading along (copied on a reply-all,
or sent her by mistake), is hers to read, not a registration: it goes to review with
the words that show whom it speaks to. A mail that speaks to her, tells a copied
colleague she is signed up, or signs up plainly under another's name (the same mail
sent to two coordinators) is read as before."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Why
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 11, 13, 40, tzinfo=UTC)
SIGNATURE = ("\n\nVenlig hilsen\nHanne Brøndum\nAfdelingsleder, Voksen\n"
             "Skanderborg Bibliotekerne\nTlf. 87 94 75 20\n")
COLLEAGUES = "Ulla Kvist <ulkv@skanderborg.dk>; Peter Lund <pelu@skanderborg.dk>"
CC_HER = "Cc: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\r\n"
INVITATION = ("\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
              "Sendt: 3. februar 2025 09:12\nTil: Hanne Brøndum <habr@skanderborg.dk>\n"
              "Emne: Invitation: Kursusdag: Formidling af skønlitteratur\n\n"
              "Kære ledere\n\nHermed invitation til kursusdagen om formidling af "
              "skønlitteratur den 22. april i Vejle. Tilmelding senest 15. marts 2025.\n")


def read(body: str, *, to: str = COLLEAGUES, cc: str = CC_HER):
    raw = mails.outlook("habr@skanderborg.dk", "Hanne Brøndum",
                        "SV: Invitation: Kursusdag: Formidling af skønlitteratur",
                        body + SIGNATURE + INVITATION, sent=SENT, to=to, extra_headers=cc)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


@pytest.mark.parametrize(("body", "words"), [
    ("Hej Ulla\n\nEr det ikke noget for dig? Du har jo fortællecaféerne. Sig til, så melder "
     "jeg dig til.", "Hej Ulla"),
    ("Kære Peter og Ulla\n\nJeg kunne godt tænke mig at tage med. Skal vi køre sammen?",
     "Kære Peter"),
    ("Spændende! Skal vi ikke tage den på ledermødet på tirsdag og finde ud af, hvem der "
     "tager afsted?", "Skal vi ikke tage den på ledermødet på tirsdag og finde ud af, "
     "hvem der tager afsted?"),
])
def test_a_mail_to_colleagues_that_copies_her_waits_for_her(body: str, words: str) -> None:
    result = read(body)
    assert result.intent == Intent.unclear and result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.written_to_another
    assert dict(result.review_reason.params)["words"] == words


def test_a_colleague_greeted_in_a_mail_sent_to_her_by_mistake_is_for_review() -> None:
    result = read("Hej Lise\n\nEr det ikke lige noget for dig? Tænk over det og sig til.",
                  to="Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>", cc="")
    assert result.intent == Intent.unclear
    assert result.review_reason is not None
    assert result.review_reason.code == Why.written_to_another


@pytest.mark.parametrize("body", [
    "Hej Ulla og Lisbet\n\nJeg vil gerne deltage i kursusdagen om formidling.",
    "Hej Ulla\n\nJeg tager med til Vejle.\n\nLisbet, du må gerne skrive mig på kursusdagen "
    "om formidling.",
    "Hej Ulla\n\nFint, så tager jeg til Vejle.\n\nLisbet – nu har vi fundet ud af det: Du må "
    "gerne skrive mig på kursusdagen om formidling.",
    "Hej alle\n\nJeg vil gerne deltage i kursusdagen om formidling.",
])
def test_a_mail_that_speaks_to_her_as_well_is_read_as_a_sign_up(body: str) -> None:
    result = read(body)
    assert result.intent == Intent.signup and result.review_reason is None
    assert [p.email for p in result.participants] == ["habr@skanderborg.dk"]


@pytest.mark.parametrize("greeting", ["Hej Lisbeth", "Hej Lis", "Kære Lisbet Vestergaard",
                                      "Kære Vestergaard", "Dear Ms Vestergaard"])
def test_her_name_as_people_spell_and_shorten_it_is_her(greeting: str) -> None:
    result = read(f"{greeting}\n\nJeg vil gerne deltage i kursusdagen om formidling.",
                  to="lv@fremtidensbiblioteker.dk", cc="")
    assert result.intent == Intent.signup and result.review_reason is None


def test_a_colleague_told_she_is_signed_up_with_her_copied_is_registered() -> None:
    result = read("Hej Ulla\n\nSom aftalt har jeg meldt dig til kursusdagen om formidling. "
                  "Lisbet står cc.", to="Ulla Kvist <ulkv@skanderborg.dk>")
    assert result.intent == Intent.signup and result.review_reason is None
    assert [p.email for p in result.participants] == ["ulkv@skanderborg.dk"]


def test_without_knowing_whose_inbox_it_is_nothing_is_judged() -> None:
    raw = mails.outlook("habr@skanderborg.dk", "Hanne Brøndum", "Kursusdag",
                        "Hej Ulla\n\nJeg vil gerne deltage i kursusdagen om formidling."
                        + SIGNATURE, sent=SENT)
    assert understand(mails.inbound(raw, SENT), NETWORKS).intent == Intent.signup


def test_a_plain_sign_up_under_another_coordinators_name_is_read_as_a_sign_up() -> None:
    result = read("Hej Karen\n\nJeg vil gerne tilmelde mig kursusdagen om formidling.",
                  to="lv@fremtidensbiblioteker.dk", cc="")
    assert result.intent == Intent.signup and result.review_reason is None


def test_a_request_to_the_one_it_greets_is_not_for_her() -> None:
    result = read("Hej Lise\n\nVi vil begge gerne med til kursusdagen om formidling. Kan du "
                  "skrive os op, når du alligevel samler tilmeldingerne fra huset?",
                  to="lv@fremtidensbiblioteker.dk", cc="")
    assert result.intent == Intent.unclear and result.participants == ()


def test_an_aside_to_her_does_not_make_a_note_to_colleagues_hers() -> None:
    result = read("Hej Maja og Brian\n\nSig til inden fredag, om I vil med til kursusdagen om "
                  "formidling, så melder jeg jer til samlet. (Lisbet - du står cc, så du ved, "
                  "at der kommer noget fra os.)")
    assert result.intent == Intent.unclear and result.participants == ()


def test_a_letter_to_colleagues_that_tells_them_where_to_sign_up_is_hers_to_read() -> None:
    result = read("Kære kolleger i Østjylland\n\nHer er mit lille februar-brev:\n\n"
                  "1. Vores nye makerspace er åbnet - kom forbi!\n"
                  "2. Husk kursusdagen om formidling den 22. april i Vejle. Tilmelding til "
                  "Lisbet Vestergaard, lv@fremtidensbiblioteker.dk, senest 15. marts. Jeg har "
                  "selv meldt mig til og kan kun anbefale det.",
                  cc="Bcc: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\r\n")
    assert result.review_reason is not None
    assert result.review_reason.code == Why.written_to_another
    assert all(p.name != "Lisbet Vestergaard" for p in result.participants)


def answer_to(colleague_asked: str, answer: str):
    """Hanne answers Ulla's own mail, Lisbet copied."""
    raw = mails.outlook("habr@skanderborg.dk", "Hanne Brøndum", "SV: Til Vejle 22/4",
                        answer + SIGNATURE + "\n\nFra: Ulla Kvist <ulkv@skanderborg.dk>\n"
                        "Sendt: 10. februar 2025 11:02\nTil: Hanne Brøndum "
                        "<habr@skanderborg.dk>\nCc: Lisbet Vestergaard "
                        "<lv@fremtidensbiblioteker.dk>\nEmne: Til Vejle 22/4\n\n"
                        f"{colleague_asked}\n",
                        sent=SENT, to="Ulla Kvist <ulkv@skanderborg.dk>", extra_headers=CC_HER)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_a_plain_yes_to_a_colleagues_own_question_is_hers_not_the_coordinators() -> None:
    result = answer_to("Skal vi samkøre til kursusdagen i Vejle? Vi er begge tilmeldt.",
                       "Jeg er med! Jeg står klar kl. 7.40.")
    assert result.intent == Intent.unclear and result.participants == ()
    assert result.review_reason.code == Why.written_to_another


def test_a_yes_to_a_colleagues_forward_of_the_invitation_is_a_sign_up() -> None:
    result = answer_to("Er det noget for dig? Tilmelding per mail til Lisbet senest 15. marts.",
                       "Jeg er med!")
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["habr@skanderborg.dk"]


CHIEF = ("\n\nFra: Karsten Holm <kaho@skanderborg.dk>\nSendt: 19. februar 2025 14:00\n"
         "Til: Hanne Brøndum <habr@skanderborg.dk>; Peter Lund <pelu@skanderborg.dk>\n"
         "Cc: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: Kursusdag\n\n"
         "Hej begge to\n\nSig til mig, om I vil med til kursusdagen i Vejle, så samler jeg "
         "tilmeldingen og sender den til Lisbet inden fristen.\n\nKarsten\n")


@pytest.mark.parametrize(("body", "to"), [
    ("Jeg vil gerne med! Det lyder rigtig spændende." + CHIEF,
     "Karsten Holm <kaho@skanderborg.dk>"),
    ("Hej alle\n\nHer er invitationen til kursusdagen i Vejle. Sig til mig senest fredag, hvem "
     "der gerne vil med, så melder jeg jer samlet til hos Lisbet.", COLLEAGUES),
])
def test_a_yes_in_a_round_someone_else_gathers_is_not_for_her_yet(body: str, to: str) -> None:
    result = read(body, to=to)
    assert result.intent == Intent.unclear and result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.written_to_another


def test_a_yes_sent_to_her_in_that_round_is_a_sign_up() -> None:
    result = read("Hej Lisbet\n\nJeg vil gerne med til kursusdagen." + CHIEF,
                  to="Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>", cc="")
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["habr@skanderborg.dk"]


def test_a_newsletter_that_tells_of_colleagues_going_signs_nobody_up() -> None:
    result = read("Kære samarbejdspartnere\n\nHer er årets første nyhedsbrev fra Skanderborg "
                  "Bibliotekerne.\n\n• Ledelse: Hele børneteamet tager til kursusdagen om "
                  "formidling af skønlitteratur i Vejle den 22. april, og vi glæder os til at "
                  "dele erfaringerne.\n• Læselyst: 412 børn deltog i vinterferiens kampagne.",
                  to="Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>", cc="")
    assert result.intent == Intent.unclear and result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.written_to_another


def test_a_bare_yes_copied_to_her_answers_the_one_it_is_sent_to() -> None:
    """A chief's reply-all "Ja, selvfølgelig!" to her colleague's "Må jeg være med?", the
    coordinator in Cc: the colleague's to act on, not a sign-up of the chief."""
    asked = ("\n\nFra: Ulla Kvist <ulkv@skanderborg.dk>\nSendt: 10. februar 2025 15:02\n"
             "Til: Hanne Brøndum <habr@skanderborg.dk>\nCc: Lisbet Vestergaard "
             "<lv@fremtidensbiblioteker.dk>\nEmne: Kursusdag – må jeg?\n\nHej Hanne\n\nJeg "
             "har fået invitationen til kursusdagen om formidling af skønlitteratur og vil "
             "rigtig gerne med. Er det ok med dig? Så skriver jeg selv til Lisbet bagefter.\n")
    raw = mails.outlook("habr@skanderborg.dk", "Hanne Brøndum", "SV: Kursusdag – må jeg?",
                        "Hej Ulla\n\nJa, selvfølgelig! Det er lige noget for dig." + SIGNATURE
                        + asked, sent=SENT, to="Ulla Kvist <ulkv@skanderborg.dk>",
                        extra_headers=CC_HER)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent != Intent.signup and result.participants == ()


def test_a_place_later_on_the_greetings_line_is_nobody_greeted() -> None:
    result = read("Hej hvad koster kursusdagen om formidling i Vejle? Skal lige vide det, før "
                  "jeg melder mig til", to="lv@fremtidensbiblioteker.dk", cc="")
    assert result.intent == Intent.question
