"""A cancellation gives up only the places it asks to give up: not the network the writer
keeps, not the chief's own place when she cancels for a colleague, and not yet when the
writer holds it back herself."""

from datetime import UTC, datetime
from pathlib import Path

import mails
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Why
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 18, 7, 55, tzinfo=UTC)


def read(body: str, subject: str = "Netværk – en ændring"):
    raw = mails.outlook("kld@slagelse.dk", "Kåre Lund Damsgaard", subject,
                        "Kære Lisbet\n\n" + body + "\n\nMed venlig hilsen\nKåre Lund Damsgaard\n"
                        "Bibliotekschef\nSlagelse Bibliotekerne\n", sent=SENT, charset="utf-8")
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_the_network_she_keeps_is_not_cancelled() -> None:
    result = read("Jeg meldte mig i sidste uge til både hverdagsledelse og bæredygtighed. Det "
                  "kan jeg ikke nå med ombygningen, så tag mig venligst af "
                  "bæredygtighedsnetværket. Hverdagsledelse holder jeg fast i.")
    assert result.intent == Intent.cancel and result.networks == ("baeredygtighed",)


def test_a_chief_who_cancels_for_a_colleague_keeps_her_own_place() -> None:
    result = read("Susanne Kold skal desværre ikke med til netværksmødet i Roskilde den 27. "
                  "marts. Hun er sygemeldt, og vi sender ikke nogen i stedet.")
    assert result.intent == Intent.cancel
    assert [(p.name, p.email) for p in result.participants] == [("Susanne Kold", None)]


def test_a_cancellation_she_holds_back_waits_for_the_coordinator() -> None:
    result = read("Jeg tror desværre, jeg bliver nødt til at melde fra til kursusdagen – vi "
                  "bliver omorganiseret. Men lad mig lige vende det med min direktør i morgen, "
                  "før du sletter mig.")
    assert result.intent == Intent.unclear
    assert result.review_reason is not None and result.review_reason.code == Why.hesitant


def test_a_cancellation_on_a_condition_waits_for_the_coordinator() -> None:
    result = read("Hvis jeg ikke kan få fri den dag, melder jeg afbud til kursusdagen.")
    assert result.intent == Intent.unclear
    assert result.review_reason is not None and result.review_reason.code == Why.conditional


def test_colleagues_named_in_full_are_cancelled_not_the_chief() -> None:
    result = read("Desværre må Mette Holm og Lars Berg melde fra til kursusdagen – vi har fået "
                  "en akut opgave fra Region Sjælland.")
    assert result.intent == Intent.cancel
    assert [(p.name, p.email) for p in result.participants] == [("Mette Holm", None),
                                                                ("Lars Berg", None)]


def test_colleagues_named_by_first_name_only_wait_rather_than_the_chief_is_cancelled() -> None:
    result = read("Jytte og Ahmad må desværre melde fra til kursusdagen.")
    assert result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.others_not_found
