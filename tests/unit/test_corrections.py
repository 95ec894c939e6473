"""Second thoughts in one mail: what the writer strikes, replaces or corrects is not
what she asks for ("Nej vent – det er kursusdagen, jeg mener", "i stedet for
konferencen", "PS: ... i stedet?")."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Why
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "holdout")
SENT = datetime(2025, 2, 12, 8, 40, tzinfo=UTC)


def read(body: str, postscript: str = ""):
    raw = mails.outlook("bilm@hjoerring.dk", "Birgitte Lund", "Tilmelding",
                        f"Hej Lisbet\n\n{body}\n\nMed venlig hilsen\nBirgitte Lund\n"
                        f"Afdelingsleder\nHjørring Bibliotekerne\n{postscript}", sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


@pytest.mark.parametrize(("body", "postscript", "slugs"), [
    ("Jeg melder mig hermed til konferencen. Nej vent – det er kursusdagen jeg mener! "
     "Konferencen i Aalborg har vi allerede sendt en anden afsted til.", "",
     ("formidlingskursus",)),
    ("I would like to register for the course day in Vejle on 22 April – sorry, scratch "
     "that, I mean the conference in Aalborg on 12 May.", "", ("kommunekonference",)),
    ("Jeg vil gerne med til kursusdagen i stedet for konferencen.", "",
     ("formidlingskursus",)),
    ("Jeg vil hellere med til kursusdagen end til konferencen.", "", ("formidlingskursus",)),
    ("Hermed min tilmelding til netværket om hverdagsledelse.",
     "\nPS: Min chef siger, vi allerede har én med i hverdagsledelse. Kan du skrive mig op "
     "til bæredygtighedsnetværket i stedet?", ("baeredygtighed",)),
    # a correction whose sentence only explains settles on the request after it
    ("Jeg vil gerne med til konferencen i Aalborg. Nej vent – jeg har lige kigget i "
     "kalenderen, den 12. maj har vi byrådsmøde. Så skriv mig hellere på kursusdagen i Vejle.",
     "", ("formidlingskursus",)),
    # a correction that heads its paragraph reaches to the paragraph's end
    ("Jeg vil gerne tilmelde Karina Seidelin (kase@odsherred.dk) og Torben Lykke "
     "(tly@odsherred.dk) til netværksmødet i Roskilde.\n\nRettelse – Torben vil hellere med "
     "i bæredygtighedsnetværket. Så Karina til CB-mødet og hverdagsledelse, Torben kun til "
     "bæredygtighed.", "", ("baeredygtighed", "cb-netvaerksmoede", "hverdagsledelse")),
])
def test_a_sign_up_is_for_what_the_writer_settles_on(body: str, postscript: str,
                                                      slugs: tuple[str, ...]) -> None:
    result = read(body, postscript)
    assert (result.intent, result.networks) == (Intent.signup, slugs)


def test_a_corrected_cancellation_gives_up_only_what_the_correction_cancels() -> None:
    result = read("Rettelse til min mail i morges: Jeg melder kun fra til konferencen i "
                  "Aalborg – IKKE til kursusdagen i Vejle. Den glæder jeg mig stadig til.")
    assert (result.intent, result.networks) == (Intent.cancel, ("kommunekonference",))


def test_what_a_cancellation_prefers_instead_is_not_cancelled() -> None:
    result = read("Please take me off the list for the sustainability network. Our director "
                  "wants the team to prioritise the conference this year instead.")
    assert (result.intent, result.networks) == (Intent.cancel, ("baeredygtighed",))


def test_what_she_says_not_after_a_comma_is_not_asked_for() -> None:
    result = read("Det er konferencen i Aalborg, jeg gerne vil med til, ikke kursusdagen i Vejle.")
    assert (result.networks, result.review_reason) == (("kommunekonference",), None)


def test_putting_right_her_earlier_mail_leaves_its_registration_to_the_coordinator() -> None:
    """The earlier mail may have registered her for the one she now says not to: the
    coordinator cancels it herself."""
    result = read("Hej igen – glem min sidste mail, jeg fik skrevet det forkerte netværk. Det er "
                  "hverdagsledelse, jeg gerne vil tilmeldes, ikke bæredygtighed.")
    assert (result.intent, result.networks) == (Intent.signup, ("hverdagsledelse",))
    assert result.review_reason is not None and result.review_reason.code == Why.corrected


def test_a_postscript_that_sends_a_colleague_instead_takes_the_writer_out() -> None:
    result = read("Jeg vil rigtig gerne være med i mellemledernetværket om hverdagsledelse.",
                  "\nP.S. Jeg har talt med min chef: det er min kollega Anders Ravn "
                  "(anra@hjoerring.dk), der skal med og ikke mig. Så skriv ham på i stedet.")
    assert [p.email for p in result.participants] == ["anra@hjoerring.dk"]


def test_a_colleague_taken_back_is_no_participant_and_her_address_asks_nothing() -> None:
    result = read("Jeg vil gerne deltage i konferencen den 12. maj, og min kollega Rikke Sommer "
                  "(riso@hjoerring.dk) vil også gerne med.",
                  "\nP.S. Glem det med Rikke – hun er på ferie den uge. Så det er kun mig.")
    assert [p.email for p in result.participants] == ["bilm@hjoerring.dk"]
    assert result.review_reason is None
