"""Mail typed or dictated on a phone or a watch: a subject that is the whole message over
the device's line, spoken marks and addresses, a network's name in pieces."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent
from mailreg.reading.understand import understand, undictated

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 16, 21, 5, tzinfo=UTC)


def read(body: str, subject: str = "Tilmelding"):
    raw = mails.gmail("bodil.kirk@jammerbugt.dk", "Bodil Kirk", subject, body, sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


@pytest.mark.parametrize(("subject", "intent", "slugs"), [
    ("tilmelding bæredygtighed", Intent.signup, ("baeredygtighed",)),
    ("afbud cb mødet 27/3", Intent.cancel, ("cb-netvaerksmoede",)),
    ("tilmelding hverdagsledelse + bæredygtighed", Intent.signup,
     ("baeredygtighed", "hverdagsledelse")),
    ("Bæredygtighed – ja tak", Intent.signup, ("baeredygtighed",)),
    ("Bæredygtighed – nej tak", Intent.unclear, ("baeredygtighed",)),
])
def test_a_subject_over_only_the_devices_line_is_the_whole_message(
        subject: str, intent: Intent, slugs: tuple[str, ...]) -> None:
    result = read("Sendt fra mit Apple Watch", subject=subject)
    assert (result.intent, result.networks) == (intent, slugs)


@pytest.mark.parametrize(("body", "slug"), [
    ("jeg vil gerne deltage i ledelse af bære dygtig hed komma første møde den tredje april "
     "punktum", "baeredygtighed"),
    ("Skriv mig op til mellemleder netværket om hver dags ledelse tak", "hverdagsledelse"),
])
def test_a_networks_name_in_pieces_names_it(body: str, slug: str) -> None:
    result = read(body + "\n\nMvh Bodil Kirk")
    assert (result.intent, result.networks) == (Intent.signup, (slug,))


def test_spoken_marks_and_a_spoken_address_are_written_out() -> None:
    assert undictated("kan du skrive min kollega på punktum hans mail er kaj snabel a odense "
                      "punktum dk punktum tak") == (
        "kan du skrive min kollega på. Hans mail er kaj@odense.dk. Tak")
    assert undictated("Jeg sender et punkt til dagsordenen.") == (
        "Jeg sender et punkt til dagsordenen.")  # nothing spoken: left as it is
