"""When no cue of the table says what a mail asks for, the model learned from the
labelled mail gives its opinion. A sign-up or cancellation it is sure of waits for the
coordinator as one, with its participants read and the words that weighed most named;
it is never registered or cancelled on the model's word alone. Only in a thread where a
sign-up is under way (the sender's own just below, or the coordinator's question about
one) does a sign-up it is sure of complete that one ("Her er den: 5798...")."""

import json
from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.adapters.words import say
from mailreg.domain.model import Intent, Outcome, Why
from mailreg.domain.rules import decide
from mailreg.reading.learned import MODEL, opinion
from mailreg.reading.understand import understand

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
NETWORKS = networks(CORPUS / "five")
SENT = datetime(2025, 2, 12, 8, 15, tzinfo=UTC)


def read(text: str, subject: str = "Kursusdag om formidling"):
    raw = mails.outlook("hani@vejle.dk", "Hanne Nielsen", subject,
                        text + "\n\nVenlig hilsen\nHanne Nielsen\nVejle Bibliotekerne\n",
                        sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_the_shipped_model_was_trained_on_every_development_corpus() -> None:
    """A development corpus added without training again would be read by a model
    that never saw it (scripts/train_intent.py)."""
    trained_on = json.loads(MODEL.read_text(encoding="utf-8"))["trained_on"]
    development = {"corpus"} | {f.parent.name for f in CORPUS.glob("*/known.toml")}
    assert set(trained_on) == development


@pytest.mark.parametrize(("text", "people"), [
    ("Bo Nygaard, bony@vejle.dk, på listen til kursusdagen, tak. EAN 5798000389274",
     ["bony@vejle.dk"]),
    ("Ja tak, og faktura til EAN 5798000389274.", ["hani@vejle.dk"]),
])
def test_a_sign_up_no_cue_knows_waits_with_its_participants(text: str, people: list) -> None:
    result = read(text)
    assert result.intent == Intent.signup and result.networks == ("formidlingskursus",)
    assert result.review_reason is not None
    assert result.review_reason.code == Why.looks_like_signup
    assert [p.email for p in result.participants] == people
    assert any(e.id == "learned.signup" for e in result.evidence)  # for `mailreg explain`
    decision = decide(result, "hani@vejle.dk", SENT, {n.slug: n for n in NETWORKS}, {}, UTC)
    assert decision.outcome == Outcome.review  # never registered on the model's word


def test_the_reason_names_words_a_person_can_read() -> None:
    note = read("Ja tak, og faktura til EAN 5798000389274.").review_reason
    assert note is not None
    text = say(note, "da")
    assert text.startswith("mailen ligner en tilmelding (") and "ja tak" in text
    assert "x_address" not in text and '"0' not in text


def test_a_cancellation_no_cue_knows_waits_as_one() -> None:
    result = read("Hej Lisbet\n\nKursusdagen må desværre undvære mig, vi har sygdom i "
                  "afdelingen.")
    assert result.intent == Intent.cancel
    assert result.review_reason is not None
    assert result.review_reason.code == Why.looks_like_cancel


@pytest.mark.parametrize("text", [
    "Tak for invitationen, den har jeg sendt videre til Bo.",
    "Jeg er på til kursusdagen i april.",  # a sign-up, but the model is not sure enough
])
def test_what_the_model_is_not_sure_of_stays_unclear(text: str) -> None:
    result = read(text)
    assert result.intent == Intent.unclear and result.participants == ()
    assert result.review_reason is not None and result.review_reason.code == Why.intent_unclear


def test_the_cues_decide_where_they_say_anything() -> None:
    """'vender tilbage' is hesitation to the cue table; the model is not asked."""
    result = read("Jeg har læst invitationen og vender tilbage efter ferien.")
    assert result.review_reason is not None and result.review_reason.code == Why.hesitant
    assert not any(e.id.startswith("learned.") for e in result.evidence)


def test_an_opinion_is_a_kind_with_its_share_and_words() -> None:
    guess = opinion("Desværre må jeg melde afbud til netværksmødet, jeg er syg.")
    assert guess.kind == "cancel" and 0.5 < guess.share <= 1
    assert guess.words and all(len(w) >= 4 or " " in w for w in guess.words)


def in_thread(answer: str, quoted: str, sender: str = "pet@lemvig.dk",
              name: str = "Poul Erik Thrane"):
    raw = mails.gmail(sender, name, "Re: SV: Tilmelding bæredygtighed",
                      f"{answer}\n\nHilsen {name.split()[0]}\n\n{quoted}", sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


ASKED_FOR_EAN = (
    "Den 11-02-2025 kl. 14:03 skrev Lisbet Vestergaard:\n> Hej Poul Erik\n>\n> Tak for din "
    "tilmelding til Ledelse af bæredygtighed. Jeg mangler jeres EAN-nummer, så vi kan sende "
    "fakturaen. Vil du sende det til mig?\n>\n> Venlig hilsen\n> Lisbet Vestergaard\n")
OWN_SIGNUP = (
    "Den tirs. 11. feb. 2025 kl. 13.30 skrev Poul Erik Thrane <pet@lemvig.dk>:\n> Hej "
    "Lisbet, jeg vil gerne tilmelde mig Ledelse af bæredygtighed.\n>\n> Mvh Poul Erik "
    "Thrane\n> Lemvig Bibliotek\n")
OFFERED_MORE = (
    "Den 11-02-2025 kl. 14:03 skrev Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>:\n> Hej "
    "Poul Erik\n>\n> Tak – du er nu tilmeldt Ledelse af bæredygtighed. Skal jeg også skrive "
    "dig på hverdagsledelse? Der er stadig pladser.\n>\n> Venlig hilsen\n> Lisbet\n")


CONFIRMED_WITHOUT_EAN = (
    "Den 11-02-2025 kl. 14:03 skrev Lisbet Vestergaard:\n> Kære Poul Erik\n>\n> Tak for din "
    "tilmelding til Ledelse af bæredygtighed. Du er nu registreret som deltager. Hvis I ikke "
    "allerede har sendt jeres EAN-nummer, må du meget gerne sende det.\n>\n> Venlig hilsen\n"
    "> Lisbet Vestergaard\n")


@pytest.mark.parametrize(("answer", "quoted"), [
    ("EAN: 5798000389274", ASKED_FOR_EAN),  # what the coordinator asked for
    # thanks, and what the confirmation asked for without a question mark
    ("Tak for bekræftelsen. Her er vores EAN: 5798000389274", CONFIRMED_WITHOUT_EAN),
    ("Glemte at skrive EAN: 5798000389274", OWN_SIGNUP),  # what her own sign-up lacked
    ("Rettelse: EAN skal være 5798000389274, ikke det jeg skrev", OWN_SIGNUP),
])
def test_an_answer_completes_the_sign_up_under_way_in_its_thread(answer: str,
                                                                 quoted: str) -> None:
    result = in_thread(answer, quoted)
    assert (result.intent, result.networks, result.review_reason) == (
        Intent.signup, ("baeredygtighed",), None)
    assert [(p.email, p.ean) for p in result.participants] == [("pet@lemvig.dk",
                                                                "5798000389274")]
    assert any(e.id == "thread.signup" for e in result.evidence)  # for `mailreg explain`


@pytest.mark.parametrize(("answer", "quoted"), [
    # an offer of another network is a new request, read on its own
    ("Ja gerne! Det havde jeg faktisk overvejet.", OFFERED_MORE),
    # a follow-up that puts her sign-up right is the coordinator's to mend
    ("Ups, det var konferencen jeg mente, ikke bæredygtighed.", OWN_SIGNUP),
    ("Det er ikke mig, men min kollega Nikolaj Brandt (nibr@lemvig.dk), der skal deltage.",
     OWN_SIGNUP),
    # a question from someone else than the coordinator (a colleague's, forwarded)
    ("Her er den: 5798000389274", ASKED_FOR_EAN.replace("Lisbet Vestergaard:", "Mette Lund:")),
    # a name put right beside the EAN is the coordinator's to mend on her list
    ("Tak for bekræftelsen. To rettelser: Mit efternavn er Thrane, ikke Trane. Og EAN skal "
     "være 5798000389274.", CONFIRMED_WITHOUT_EAN),
    # thanks for a confirmation that asked for nothing
    ("Tak for bekræftelsen. EAN: 5798000389274", OFFERED_MORE.replace(
        " Skal jeg også skrive dig på hverdagsledelse? Der er stadig pladser.", "")),
])
def test_an_answer_to_anything_else_still_waits(answer: str, quoted: str) -> None:
    assert in_thread(answer, quoted).review_reason is not None
