"""A firm sign-up that also asks something practical is registered, the question kept for
the coordinator to answer (where the learned second opinion, too, reads a sign-up); a
question that can change the registration, or a mail that asks first and signs up only in
passing, waits for her (tests/corpus/README.md)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mailreg.config import NetworkConfig
from mailreg.domain.mail import Inbound
from mailreg.domain.model import Intent
from mailreg.reading.intent import practical_questions
from mailreg.reading.understand import understand

CPH = ZoneInfo("Europe/Copenhagen")
NETWORKS = [
    NetworkConfig(slug="kursusdag", name="Kursusdag om læsefremme", kind="event",
                  aliases=["kursusdagen om læsefremme"], deadline=date(2025, 4, 1),
                  location="Horsens Bibliotek"),
    NetworkConfig(slug="boern", name="Ledelse af børnebiblioteker",
                  aliases=["børnenetværket"], deadline=date(2025, 4, 1)),
]


def mail(text: str, subject: str = "Kursusdag om læsefremme") -> Inbound:
    return Inbound(key="k", message_id="<m@x>", sender="hejo@skive.dk",
                   sender_name="Helle Jonsen", subject=subject, text=text,
                   arrival=datetime(2025, 3, 1, 9, tzinfo=CPH), to=("lv@net.dk",))


SIGN = "Hej Lisbet\n\nJeg vil gerne tilmelde mig kursusdagen om læsefremme. "
END = "\n\nVenlig hilsen\nHelle Jonsen\nSkive Bibliotek"

PRACTICAL = {
    "parking": "Er der parkering ved biblioteket?",
    "diet": "Kan I sørge for glutenfri frokost til mig?",
    "slides": "Bliver oplæggene lagt ud bagefter?",
    "invoice": "Kan fakturaen sendes til vores indkøbsordre nr. 4471?",
    "calendar": "Kan jeg få en Outlook-invitation?",
    "english": "Will the talks be in Danish?",
}
DECIDING = {
    "several": "Er der plads til så mange fra ét bibliotek?",
    "trainee": "Må jeg tage vores praktikant med?",
    "part": "Kan man deltage i kun formiddagen?",
    "deputy": "Kan min souschef komme i stedet, hvis jeg bliver syg?",
    "price": "Hvad koster det?",
    "online": "Kan man følge med online?",
    "room": "Er der plads til tre fra Skive?",
}


@pytest.mark.parametrize("question", PRACTICAL.values(), ids=PRACTICAL)
def test_a_firm_signup_with_a_practical_question_is_registered(question: str) -> None:
    read = understand(mail(SIGN + question + END), NETWORKS)
    assert (read.intent, read.review_reason, read.networks) == (
        Intent.signup, None, ("kursusdag",))
    assert read.asks == (question,)


@pytest.mark.parametrize("question", DECIDING.values(), ids=DECIDING)
def test_a_question_that_can_change_the_registration_waits(question: str) -> None:
    read = understand(mail(SIGN + question + END), NETWORKS)
    assert read.review_reason is not None and read.asks == ()


def test_a_mail_that_asks_first_waits() -> None:
    """The question is the mail; the sign-up words are about a later one."""
    text = ("Hej Lisbet\n\nKan I anbefale et hotel tæt på Horsens Bibliotek? Vi er tre, der "
            "overvejer at komme aftenen før. Vores chef sender tilmeldingen for os alle i "
            "næste uge." + END)
    assert understand(mail(text), NETWORKS).asks == ()


def test_a_question_whose_answer_decides_waits() -> None:
    text = ("Tilmeld mig – eller vent, hvornår starter kursusdagen? Hvis det er før kl. 9, "
            "kan jeg ikke nå det.")
    assert practical_questions(text) == ()


def test_a_writer_who_holds_her_place_already_asks_only() -> None:
    assert practical_questions("Ja, det vil jeg gerne! Jeg er allerede tilmeldt. "
                               "Har du brug for slides på forhånd?") == ()


def test_every_question_must_be_practical() -> None:
    text = "Jeg vil gerne deltage. Er der parkering? Og må min kollega også komme med?"
    assert practical_questions(text) == ()
    assert practical_questions("Jeg vil gerne deltage. Er der parkering? Og er der "
                               "vegetarisk frokost?") == (
        "Er der parkering?", "Og er der vegetarisk frokost?")



def test_a_cancellation_with_a_practical_question_is_carried_out() -> None:
    text = ("Hej Lisbet\n\nJeg må desværre melde afbud til kursusdagen om læsefremme. "
            "Er det muligt at få tilsendt slides og materialer bagefter?" + END)
    read = understand(mail(text), NETWORKS)
    assert (read.intent, read.review_reason) == (Intent.cancel, None)
    assert read.asks == ("Er det muligt at få tilsendt slides og materialer bagefter?",)


def test_a_question_she_signs_up_after_either_way_stays_practical() -> None:
    """Only what holds her back makes the question decide: "Hvis ikke, kommer jeg ikke",
    not "Hvis ikke, så tilmeld mig alligevel"."""
    text = "Jeg vil gerne tilmelde mig kursusdagen. Er der parkering ved biblioteket? "
    assert practical_questions(text + "Hvis ikke, så tilmeld mig alligevel.") == (
        "Er der parkering ved biblioteket?",)
    assert practical_questions(text + "Hvis ikke, kommer jeg ikke.") == ()


def test_a_cancellation_that_asks_about_the_invoice_is_carried_out() -> None:
    """Whether the first meeting is still to be paid does not change that she leaves;
    "er det gratis at melde fra nu?" asks what the cancellation costs and waits."""
    text = ("Hej Lisbet\n\nJeg må desværre melde afbud til kursusdagen om læsefremme. Skal vi "
            "betale for dagen alligevel?" + END)
    read = understand(mail(text), NETWORKS)
    assert (read.intent, read.review_reason, read.asks) == (
        Intent.cancel, None, ("Skal vi betale for dagen alligevel?",))
    assert practical_questions("Jeg må melde afbud til kursusdagen. Er det gratis at melde "
                               "fra nu?") == ()


@pytest.mark.parametrize("question", PRACTICAL.values(), ids=PRACTICAL)
def test_a_practical_question_before_a_firm_signup_is_registered(question: str) -> None:
    text = f"Hej Lisbet\n\n{question} Jeg vil i hvert fald gerne tilmelde mig kursusdagen " \
        f"om læsefremme.{END}"
    read = understand(mail(text), NETWORKS)
    assert (read.intent, read.review_reason, read.asks) == (Intent.signup, None, (question,))


@pytest.mark.parametrize("after", [
    "Så tilmelder jeg mig kursusdagen om læsefremme.",  # leans on the answer
    "I så fald vil jeg gerne tilmelde mig kursusdagen om læsefremme.",
    "Kan du skrive mig på kursusdagen om læsefremme?",  # a request, itself a question
    "Vores chef tilmelder os kursusdagen om læsefremme.",  # not the writer's own
])
def test_a_question_before_a_signup_that_leans_on_it_or_is_not_hers_waits(after: str) -> None:
    assert practical_questions(f"Er der parkering ved biblioteket? {after}") == ()


def test_a_thanks_for_a_confirmation_that_asks_first_waits() -> None:
    assert practical_questions("Tak for bekræftelsen! Er der parkering ved biblioteket? Jeg "
                               "vil også gerne tilmelde mig børnenetværket.") == ()


@pytest.mark.parametrize(("text", "asked"), [
    ("Jeg har nøddeallergi – kan I give besked til køkkenet? Og så vil jeg gerne tilmelde mig "
     "kursusdagen.", ("kan I give besked til køkkenet?",)),  # "og så": and also
    ("Ved I, hvor det første møde den 3. juni bliver holdt? Jeg skal med uanset hvad. Så "
     "hermed min tilmelding.", ("Ved I, hvor det første møde den 3. juni bliver holdt?",)),
    ("Hvornår kommer programmet? Og ved man, hvor i landet det bliver? Jeg vil i hvert fald "
     "gerne med.", ("Hvornår kommer programmet?", "Og ved man, hvor i landet det bliver?")),
])
def test_a_request_after_practical_questions_in_the_words_people_use(
        text: str, asked: tuple[str, ...]) -> None:
    assert practical_questions(text) == asked



def test_room_for_several_from_one_library_is_the_coordinators_to_weigh() -> None:
    """Room for one more is the rules' to answer; room for four from one library is not,
    and a practical question beside it does not make the sign-up go through."""
    signup = "Vi vil gerne være fire fra Skive til kursusdagen om læsefremme. "
    assert practical_questions(signup + "Er der plads til så mange fra ét bibliotek? Og kan "
                               "vi parkere ved biblioteket?") == ()
    assert practical_questions(signup + "Er der plads til os? Og kan vi parkere ved "
                               "biblioteket?") == ("Og kan vi parkere ved biblioteket?",)


def test_a_question_about_something_else_above_the_signup_asks_beside_it() -> None:
    """A long mail about a joint project that ends with a sign-up: its questions are for
    the coordinator, not about taking part."""
    text = ("Ad 4) Den 6. marts passer fint her, men kan vi rykke til kl. 13.30?\n\n"
            "Og så vil jeg i øvrigt gerne tilmelde mig børnenetværket.")
    assert practical_questions(text) == ("Ad 4) Den 6. marts passer fint her, men kan vi rykke "
                                         "til kl. 13.30?",)
    # (a question about taking part there still waits)
    assert practical_questions("Kan min souschef også komme med?\n\nOg så vil jeg i øvrigt "
                               "gerne tilmelde mig børnenetværket.") == ()
