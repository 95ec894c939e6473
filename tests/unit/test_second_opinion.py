"""When no cue of the table says what a mail asks for, the model learned from the
labelled mail gives its opinion. A sign-up or cancellation it is sure of waits for the
coordinator as one, with its participants read and the words that weighed most named;
it is never registered or cancelled on the model's word alone."""

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
