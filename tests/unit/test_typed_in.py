"""Answers typed into the coordinator's quoted mail: Outlook's marked comments, "SVAR:"
lines, a form's ticked boxes and filled fields are the writer's, not the coordinator's."""

from datetime import UTC, datetime
from pathlib import Path

import mails
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "holdout")
SENT = datetime(2025, 2, 6, 9, 0, tzinfo=UTC)
LISBET = ("Fra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
          "Sendt: 4. februar 2025 14:03\nTil: Birgit Holm <biho@hjoerring.dk>\n"
          "Emne: SV: Tilmelding\n\n")
QUESTIONS = ("Hej Birgit\n\nInden jeg kan registrere tilmeldingen, mangler jeg et par "
             "oplysninger:\n\n"
             "Hvilket arrangement gælder tilmeldingen? Der er fem åbne lige nu: netværket om "
             "hverdagsledelse, netværket om ledelse af bæredygtighed, konferencen i Aalborg, "
             "netværksmødet i CB-området og kursusdagen i Vejle.\n{0}\n"
             "Hvem skal deltage (fulde navn og mailadresse)?\n{1}\n"
             "Hvad er jeres EAN-nummer til fakturaen?\n{2}\n\n"
             "Venlig hilsen\n\nLisbet Vestergaard\n")
FORM = ("Kære alle\n\nTILMELDINGSBLANKET\nNavn: {0}\nMail: {1}\nEAN-nr.: 5798000160217\n\n"
        "Jeg tilmelder mig:\n"
        "[{2}] Mellemledernetværk om hverdagsledelse – tre netværksdage i 2025\n"
        "[ ] Ledelse af bæredygtighed – tre netværksmøder i 2025\n"
        "[{3}] Kursusdag: Formidling af skønlitteratur – Vejle Bibliotekerne, 22. april 2025\n\n"
        "Venlig hilsen\n\nLisbet Vestergaard\n")


def read(new: str, quoted: str):
    signed = f"{new}\n\nVenlig hilsen\nBirgit Holm\nHjørring Bibliotekerne\n\n"
    raw = mails.outlook("biho@hjoerring.dk", "Birgit Holm", "SV: Tilmelding",
                        signed + LISBET + quoted, sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_outlooks_marked_comments_in_the_quote_are_her_answers() -> None:
    result = read("Hej Lisbet\n\nSe mine svar i din mail herunder.", QUESTIONS.format(
        "[Birgit Holm] Kursusdagen i Vejle den 22. april",
        "[Birgit Holm] Det er mig selv – Birgit Holm, biho@hjoerring.dk",
        "[Birgit Holm] 5798000160217"))
    assert (result.intent, result.networks) == (Intent.signup, ("formidlingskursus",))
    assert [(p.email, p.ean) for p in result.participants] == [
        ("biho@hjoerring.dk", "5798000160217")]
    assert result.review_reason is None


def test_answers_marked_svar_name_the_colleague_she_signs_up() -> None:
    result = read("Hej Lisbet\n\nSe svar nedenfor.", QUESTIONS.format(
        "SVAR: Netværket om hverdagsledelse.",
        "SVAR: Det er ikke mig, men min kollega Rikke Dahl Sørensen, rids@hjoerring.dk.",
        "SVAR: 5798000160217"))
    assert (result.intent, result.networks) == (Intent.signup, ("hverdagsledelse",))
    assert [p.email for p in result.participants] == ["rids@hjoerring.dk"]


def test_the_box_she_ticked_in_the_quoted_form_is_her_choice() -> None:
    result = read("Har udfyldt herunder",
                  FORM.format("Birgit Holm", "biho@hjoerring.dk", " ", "X"))
    assert (result.intent, result.networks) == (Intent.signup, ("formidlingskursus",))
    assert [(p.name, p.ean) for p in result.participants] == [("Birgit Holm", "5798000160217")]


def test_the_options_she_left_unticked_in_a_form_copied_into_her_text_are_not_chosen(
        ) -> None:
    result = read(
        "Hej Lisbet\n\nJeg har kopieret blanketten ind:\n\nNavn: Birgit Holm\n"
        "☐ Mellemledernetværk om hverdagsledelse – tre netværksdage i 2025\n"
        "☐ Ledelse af bæredygtighed – tre netværksmøder i 2025\n"
        "☒ Kursusdag: Formidling af skønlitteratur – Vejle, 22. april 2025", "")
    assert result.networks == ("formidlingskursus",)


def test_comments_marked_with_another_name_are_not_hers() -> None:
    result = read("Hej Lisbet\n\nTak, jeg vender tilbage.", QUESTIONS.format(
        "[Lone Berg] Kursusdagen i Vejle", "[Lone Berg] Lone Berg, lobe@hjoerring.dk", ""))
    assert result.intent != Intent.signup
    assert result.participants == ()


def test_plain_answers_under_her_questions_count_where_the_text_points_to_them() -> None:
    answers = ("Netværket om hverdagsledelse.", "Just me: Birgit Holm, biho@hjoerring.dk",
               "5798000160217")
    result = read("Hi Lisbet\n\nSee my answers below in blue.", QUESTIONS.format(*answers))
    assert (result.intent, result.networks) == (Intent.signup, ("hverdagsledelse",))
    assert [(p.email, p.ean) for p in result.participants] == [
        ("biho@hjoerring.dk", "5798000160217")]
    unpointed = read("Hej Lisbet\n\nTak for din mail.", QUESTIONS.format(*answers))
    assert unpointed.intent != Intent.signup


def test_her_question_wrapped_onto_the_next_line_is_no_answer() -> None:
    wrapped = QUESTIONS.replace("lige nu: netværket om ", "lige nu: netværket\nom ").replace(
        "konferencen i Aalborg, ", "konferencen i\nAalborg, ")
    result = read("Hej Lisbet\n\nJeg har skrevet svarene med fed herunder.", wrapped.format(
        "*Kursusdagen i Vejle*", "*Bare mig, biho@hjoerring.dk*", "*5798000160217*"))
    assert result.networks == ("formidlingskursus",)
