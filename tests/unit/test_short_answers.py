"""A short answer to a quoted invitation: "Begge dele, tak!" signs up for what the
invitation offers; "Nej tak til begge dele" and "lyder spændende" sign up for nothing."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Why
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 6, 9, 0, tzinfo=UTC)
INVITATION = ("\n\nMvh\nBo Lind\nVejle Bibliotekerne\n\nDen 5. feb. 2025 kl. 13.47 skrev "
              "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>:\n> Kære alle\n>\n"
              "> Deltag i kursusdagen om formidling af skønlitteratur den 22. april og i "
              "netværksmødet i CB-området den 27. marts.\n>\n"
              "> Svar blot på denne mail, så skriver jeg jer på.\n")


def read(answer: str):
    raw = mails.gmail("bo.lind@vejle.dk", "Bo Lind", "Re: To arrangementer i foråret",
                      answer + INVITATION, sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS)


@pytest.mark.parametrize(("answer", "slugs"), [
    ("Begge dele, tak!", {"cb-netvaerksmoede", "formidlingskursus"}),
    ("Begge dele, tak! EAN til kursusdagen: 5798000416604",
     {"cb-netvaerksmoede", "formidlingskursus"}),
    ("Ja tak, kursusdagen.", {"formidlingskursus"}),
    ("Both, please!", {"cb-netvaerksmoede", "formidlingskursus"}),
    # the answer first, then why
    ("Begge dele, tak! Jeg har både driften og vores læsekredse, så det passer perfekt til "
     "mig.", {"cb-netvaerksmoede", "formidlingskursus"}),
])
def test_a_yes_signs_up_for_what_it_names(answer: str, slugs: set[str]) -> None:
    result = read(answer)
    assert (result.intent, set(result.networks), result.review_reason) == (
        Intent.signup, slugs, None)


@pytest.mark.parametrize("answer", [
    "Nej tak til begge dele.",
    "Begge dele lyder spændende!",
    "Kursusdagen er desværre ikke noget for os, tak.",
    "No thanks, neither.",
    "Begge dele, tak! Men jeg skal lige tjekke kalenderen og vender tilbage.",
])
def test_a_no_or_a_maybe_signs_up_for_nothing(answer: str) -> None:
    assert read(answer).intent != Intent.signup


ONE_INVITATION = ("\n\nHanne\n\nDen 4. feb. 2025 kl. 14.02 skrev Lisbet Vestergaard "
                  "<lv@fremtidensbiblioteker.dk>:\n> Kære kolleger\n>\n> Kursusdag: Formidling "
                  "af skønlitteratur, tirsdag den 22. april i Vejle.\n>\n> Tilmelding per "
                  "mail til lv@fremtidensbiblioteker.dk senest 15. marts.\n")


@pytest.mark.parametrize(("answer", "history", "signs_up"), [
    ("Ja tak!", ONE_INVITATION, True),
    ("Jeps 👍", ONE_INVITATION, True),
    ("Ja tak!", INVITATION, False),  # two events offered: which one is hers to ask
    ("Ja tak!", "\n\nHanne\n", False),  # a yes to nothing quoted
    ("Tak for invitationen!", ONE_INVITATION, False),
    # a thank-you that notes the day in the calendar asks for nothing
    ("Tak for invitationen - jeg har sat kryds i kalenderen ved 22. april.", ONE_INVITATION,
     False),
    ("Tak skal du have – jeg har sat 22. april i kalenderen. Ses!", ONE_INVITATION, False),
    # a yes to an offer of one thing or another chooses neither
    ("Ja tak 😊", "\n\nDen 5. feb. 2025 kl. 13.47 skrev Lisbet Vestergaard "
     "<lv@fremtidensbiblioteker.dk>:\n> Kursusdagen om formidling er desværre fuld. Vil du "
     "på venteliste, eller vil du hellere med til konferencen i Aalborg?\n", False),
])
def test_a_bare_yes_signs_up_for_the_one_network_invited_to(answer: str, history: str,
                                                          signs_up: bool) -> None:
    raw = mails.gmail("haly@rksk.dk", "Hanne Lysgaard", "Sv: Invitation", answer + history,
                      sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    registers = result.intent == Intent.signup and result.review_reason is None
    assert registers == signs_up, result
    if signs_up:
        assert result.networks == ("formidlingskursus",)


@pytest.mark.parametrize(("answer", "another_day"), [
    ("Jeg kan deltage den 22. 👍", False),
    ("Jeg kan deltage den 10. 👍", True),  # another meeting, not the course day
    ("Jeg kommer gerne den 11. marts.", True),
])
def test_a_yes_to_another_day_than_the_quoted_networks_waits(answer: str,
                                                             another_day: bool) -> None:
    raw = mails.gmail("haly@rksk.dk", "Hanne Lysgaard", "Sv: Invitation",
                      answer + ONE_INVITATION, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent, result.networks) == (Intent.signup, ("formidlingskursus",))
    assert (result.review_reason is not None and result.review_reason.code
            == Why.another_day) == another_day, result.review_reason


@pytest.mark.parametrize(("lines", "invoiced"), [
    ("tilmelde to kolleger til kursusdagen om formidling:\n\n"
     "Sara Holm, saho@vejle.dk – EAN 5798000416604\n"
     "Jonas Ærø, joae@vejle.dk\n\nFakturaen i øvrigt til EAN 5798000237407.",
     {("saho@vejle.dk", "5798000416604"), ("joae@vejle.dk", "5798000237407")}),
    ("tilmelde mig selv og vores miljøkoordinator Martin Friis (mafr@vejle.dk) til "
     "kursusdagen om formidling.\n\nVi skal faktureres hver for sig:\n"
     "Mig: EAN 5798000416604\nMartin: EAN 5798000237407",
     {("bo.lind@vejle.dk", "5798000416604"), ("mafr@vejle.dk", "5798000237407")}),
], ids=["address-line", "name-colon"])
def test_a_participant_with_an_ean_on_her_own_line_is_invoiced_there(lines: str,
                                                                     invoiced: set) -> None:
    """Her line writes her address or begins with her name; the mail's other EAN is
    the rest's."""
    body = f"Hej Lisbet\n\nJeg vil gerne {lines}\n\nMvh\nBo Lind\nVejle Bibliotekerne\n"
    raw = mails.gmail("bo.lind@vejle.dk", "Bo Lind", "Tilmelding", body, sent=SENT)
    people = understand(mails.inbound(raw, SENT), NETWORKS).participants
    assert {(p.email, p.ean) for p in people} == invoiced


@pytest.mark.parametrize("answer", ["Ja tak.", "Vi ses i Vejle! 📚"])
def test_a_yes_to_an_invitation_its_reply_did_not_quote(answer: str) -> None:
    """Apple Mail and phones often send the answer without the quote: the subject says
    what she answers."""
    raw = mails.gmail("olbj@odder.dk", "Ole Bjerre",
                      "Re: Invitation: Kursusdag: Formidling af skønlitteratur", answer +
                      "\n\nOle Bjerre\nOdder Bibliotek\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent, result.networks, result.review_reason) == (
        Intent.signup, ("formidlingskursus",), None)


@pytest.mark.parametrize(("subject", "text", "signs_up"), [
    # her own headline meets what the text says: the coordinator looks
    ("Afmelding - konferencen 12. maj", "Jeg vil gerne deltage i konferencen.", False),
    # and adds to a text that says little
    ("Tilmelding til kursusdagen", "Den 22. april kan jeg godt være med.", True),
    # the subject of the mail she answers is not hers (the coordinator looks)
    ("SV: Tilmelding til kursusdagen", "Den 22. april kan jeg godt være med.", False),
])
def test_a_new_mails_subject_weighs_beside_its_text(subject: str, text: str,
                                                     signs_up: bool) -> None:
    raw = mails.outlook("vibe@nyborg.dk", "Vibeke Schou", subject,
                        f"Hej Lisbet\n\n{text}\n\nVh\nVibeke Schou\nNyborg Bibliotek\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent == Intent.signup and result.review_reason is None) == signs_up


def test_a_request_names_its_networks_past_a_dash() -> None:
    raw = mails.gmail("matho@naestved.dk", "Maja Thorsen", "Netværk",
                        "Jeg vil gerne tilmeldes kursusdagen den 22. april – og når jeg nu er i "
                        "gang, også konferencen i Aalborg.\n\nMaja Thorsen\nNæstved Bibliotek\n",
                        sent=SENT)
    assert understand(mails.inbound(raw, SENT), NETWORKS).networks == (
        "formidlingskursus", "kommunekonference")


@pytest.mark.parametrize(("subject", "signs_up"), [
    ("Tilmelding kursusdag 22/4 - Anja Sloth, Varde Bibliotek", True),
    ("Meld mig til kursusdagen i Vejle 22/4 tak", True),  # a request in its own words
    ("Meld mig til kursusdagen 22/4?? er der plads endnu", False),  # and a question
])
def test_an_empty_mail_whose_own_subject_signs_up_is_that_sign_up(subject: str,
                                                                   signs_up: bool) -> None:
    raw = mails.outlook("ansl@varde.dk", "Anja Sloth", subject,
                        "Med venlig hilsen\nAnja Sloth\nBibliotekar | Varde Bibliotek\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    registers = result.intent == Intent.signup and result.review_reason is None
    assert registers == signs_up and result.networks == ("formidlingskursus",)


@pytest.mark.parametrize(("subject", "text", "intent", "review"), [
    ("Tilmelding til kursusdagen – Anja Sloth, Varde Bibliotek", "Se emnefeltet – EAN står "
     "nedenfor.\n\nEAN 5798000902886", Intent.signup, False),
    ("Afmelding kursusdag 22/4", "Jf. emnefeltet – beklager!", Intent.cancel, False),
    ("Tilmelding til kursusdagen?", "Se emnet – kan man tilmelde sig, selvom man ikke er "
     "mellemleder?", Intent.question, True),  # the subject asks
])
def test_a_text_that_points_to_its_subject_says_what_the_subject_says(
        subject: str, text: str, intent: Intent, review: bool) -> None:
    raw = mails.outlook("ansl@varde.dk", "Anja Sloth", subject,
                        f"Hej Lisbet\n\n{text}\n\nVenlig hilsen\nAnja Sloth\n", sent=SENT,
                        charset="utf-8")
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent, result.networks) == (intent, ("formidlingskursus",))
    assert (result.review_reason is not None) == review


def test_her_library_comes_from_her_own_quoted_words_not_the_invitation_under_them() -> None:
    thread = ("Undskyld – kursusdagen selvfølgelig!\n\nHilsen Annika\n\n"
              "Den tor. 6. feb. 2025 kl. 09.00 skrev Lisbet Vestergaard "
              "<lv@fremtidensbiblioteker.dk>:\n\n> Hej Annika\n>\n> Vil du tilmeldes "
              "kursusdagen eller netværksmødet?\n>\n> Venlig hilsen\n> Lisbet\n>\n"
              "> Fra: Annika Sejr <annikasejr@gmail.com>\n> Sendt: onsdag den 5. februar 2025 "
              "21:14\n> Til: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n> Emne: Re: To "
              "arrangementer i foråret\n>\n> Hej Lisbet\n> Tilmeld mig gerne :)\n> Annika Sejr\n"
              "> Tønder Bibliotekerne\n>\n> Den ons. 15. jan. 2025 kl. 13.10 skrev Lisbet "
              "Vestergaard <\n> lv@fremtidensbiblioteker.dk>:\n>\n> Kære alle\n>\n> Deltag i "
              "kursusdagen om formidling den 22. april og i netværksmødet i CB-området den 27. "
              "marts.\n>\n> Venlig hilsen\n>\n> Lisbet Vestergaard\n> Konsulent\n"
              "> Tænketanken Fremtidens Biblioteker\n> lv@fremtidensbiblioteker.dk\n")
    raw = mails.gmail("annikasejr@gmail.com", "Annika Sejr", "Re: SV: To arrangementer i foråret",
                      thread, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert [(p.name, p.organisation) for p in result.participants] == [
        ("Annika Sejr", "Tønder Bibliotekerne")]


def test_a_sign_up_sent_again_is_read_from_the_quote() -> None:
    text = ("Hej Lisbet\nJeg sendte dig en tilmelding for en uge siden, men har ikke fået nogen "
            "bekræftelse, så jeg sender den lige igen, se nedenfor.\nMvh\nLone Vinther\n\n"
            "Den 3. feb. 2025 kl. 10.12 skrev Lone Vinther <lovi@frederikshavn.dk>:\n"
            "> Hej Lisbet\n> Jeg vil gerne tilmelde mig konferencen i Aalborg den 12. maj.\n"
            "> Mvh\n> Lone Vinther\n")
    raw = mails.gmail("lovi@frederikshavn.dk", "Lone Vinther", "Fwd: Tilmelding konference",
                      text, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent, result.networks) == (Intent.signup, ("kommunekonference",))


@pytest.mark.parametrize("doubt", [
    "Jeg er ikke sikker på, at nedenstående kom frem, så her er den en gang til.",
    "I'm not sure it reached you, so I'm sending it again below.",
])
def test_a_doubt_whether_her_sign_up_arrived_is_no_doubt_about_coming(doubt: str) -> None:
    text = (f"Hej Lisbet\n{doubt}\nMvh\nLone Vinther\n\n"
            "Den 3. feb. 2025 kl. 10.12 skrev Lone Vinther <lovi@frederikshavn.dk>:\n"
            "> Hej Lisbet\n> Jeg vil gerne tilmelde mig konferencen i Aalborg den 12. maj.\n"
            "> Mvh\n> Lone Vinther\n")
    raw = mails.gmail("lovi@frederikshavn.dk", "Lone Vinther", "Fwd: Tilmelding konference",
                      text, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent, result.review_reason) == (Intent.signup, None)


def test_a_chiefs_sign_up_sent_again_registers_the_people_it_names_not_her() -> None:
    text = ("Hej Lisbet\nJeg sendte tilmeldingen herunder den 3. februar, men har ikke hørt "
            "noget. Jeg sender den igen for en sikkerheds skyld.\nVenlig hilsen\nJytte Rosenkvist"
            "\n\nDen 3. feb. 2025 kl. 10.12 skrev Jytte Rosenkvist <jyro@horsens.dk>:\n"
            "> Kære Lisbet\n> Jeg vil gerne tilmelde to af vores mellemledere til konferencen i "
            "Aalborg den 12. maj:\n>\n> Anders Bøgh, afdelingsleder, anbo@horsens.dk\n"
            "> Maria Thorsen, teamleder, mtho@horsens.dk\n>\n> Jeg deltager ikke selv.\n"
            "> Venlig hilsen\n> Jytte Rosenkvist\n")
    raw = mails.gmail("jyro@horsens.dk", "Jytte Rosenkvist", "Fwd: Tilmelding konference",
                      text, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["anbo@horsens.dk", "mtho@horsens.dk"]


def test_a_request_that_points_back_names_the_network_before_it() -> None:
    text = ("Jeg vil gerne med til netværksmødet den 27. marts.\nJeg har også set jeres kursusdag "
            "om formidling af skønlitteratur i Vejle. Den vil jeg også gerne tilmeldes.\n\n"
            "Susanne Grøn\nGuldborgsund Bibliotekerne\n")
    raw = mails.gmail("sugr@guldborgsund.dk", "Susanne Grøn", "Tilmelding", text, sent=SENT)
    assert understand(mails.inbound(raw, SENT), NETWORKS).networks == (
        "cb-netvaerksmoede", "formidlingskursus")


def test_a_question_put_to_a_copied_colleague_is_none_for_the_coordinator() -> None:
    raw = mails.gmail("sova@horsens.dk", "Søren Vad", "SV: Invitation",
                      "Jeg vil gerne være med i hverdagsledelses-netværket!\nEllen – du snakkede "
                      "også om det på ledermødet i tirsdags?\n\nSøren\n", sent=SENT)
    mail = replace(mails.inbound(raw, SENT), cc_names=(("Ellen Brask", "elbr@horsens.dk"),))
    assert understand(mail, NETWORKS).review_reason is None
    alone = replace(mail, cc_names=())  # asked of nobody she copies: the coordinator's
    assert understand(alone, NETWORKS).review_reason is not None


def test_a_network_declined_in_so_many_words_is_not_taken_from_the_invitation() -> None:
    raw = mails.gmail("mali@vejle.dk", "Maja Lind", "Re: Invitation til to nye netværk",
                      "Ja tak til det grønne netværk! Hverdagsledelse må jeg springe over i år – "
                      "der er ikke timer til begge.\n\nMaja Lind\nVejle Bibliotekerne\n\n"
                      "Den 3. feb. 2025 kl. 10.12 skrev Lisbet Vestergaard "
                      "<lv@fremtidensbiblioteker.dk>:\n> Vi inviterer til to nye netværk: "
                      "hverdagsledelse og ledelse af bæredygtighed.\n> Tilmelding per mail.\n",
                      sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent, result.networks) == (Intent.signup, ("baeredygtighed",))


@pytest.mark.parametrize(("subject", "text", "intent", "slugs"), [
    # the first yes is to the invitation she answers, the second names its own
    ("Re: Invitation til nyt mellemledernetværk om hverdagsledelse",
     "Jeps, jeg er med. Og når nu jeg er i gang: skriv mig også på bæredygtighed.",
     Intent.signup, ("baeredygtighed", "hverdagsledelse")),
    # one said yes to, the other passed over in the same sentence
    ("VS: Kursusdag og konference?", "Kursusdagen siger jeg ja til, konferencen må vente – "
     "der er ikke budget til begge i år.", Intent.signup, ("formidlingskursus",)),
    # "ikke tid til begge dele" is no "begge dele"
    ("Re: Bekræftelse", "Jeg beholder min plads i hverdagsledelse, men må desværre sige fra "
     "til bæredygtighed – der er ikke tid til begge dele i år.", Intent.cancel,
     ("baeredygtighed",)),
    ("kursusdag vejle", "Kan du tilmelde Mikkel Sand, misa@kolding.dk, til kursusdagen d. 22/4.",
     Intent.signup, ("formidlingskursus",)),
    # the network the request says not, however the thread names it
    ("SV: Bekræftelse: kursusdag", "Tak for bekræftelsen på kursusdagen. Min kollega Mikkel "
     "Sand (misa@kolding.dk) vil gerne tilmeldes netværksmødet i CB-området – altså ikke "
     "kursusdagen, der er det kun mig.", Intent.signup, ("cb-netvaerksmoede",)),
    # "de ... begge" are two people, not both networks
    ("SV: Bekræftelse: kursusdag om formidling", "Kan du også skrive Mikkel Sand "
     "(misa@thisted.dk) og Bo Lund (bolu@thisted.dk) på? De har begge fået nyt ansvar for "
     "læsekredsene i år.", Intent.signup, ("formidlingskursus",)),
])
def test_which_networks_a_request_means(subject, text, intent, slugs) -> None:
    raw = mails.gmail("tobo@thisted.dk", "Tove Bo", subject,
                      text + "\n\nTove Bo\nThisted Bibliotek\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert (result.intent, result.networks) == (intent, slugs)


def test_both_under_an_overview_of_more_than_two_waits_whichever_two_its_subject_names(
        ) -> None:
    overview = ("\n\nLone\n\nDen 3. feb. 2025 kl. 08.05 skrev Lisbet Vestergaard "
                "<lv@fremtidensbiblioteker.dk>:\n> Mellemledernetværk om hverdagsledelse, Ledelse "
                "af bæredygtighed, Netværksmøde for souschefer og mellemledere i CB-området, "
                "konferencen Styrk det strategiske samarbejde med kommunen og Kursusdag: "
                "Formidling af skønlitteratur.\n> Tilmelding per mail.\n")
    raw = mails.gmail("loaf@vesthimmerland.dk", "Lone Abildgaard", "Re: Forårets netværk, "
                      "konference og kursusdag – oversigt", "Ja tak til begge de nye netværk"
                      + overview, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert result.networks == () and result.review_reason.code == Why.both_unnamed


def coordinator_asked(question: str, answer: str):
    raw = mails.gmail("bo.lind@vejle.dk", "Bo Lind", "Re: Kursusdag", answer + "\n\nBo\n\n"
                      "Den 5. feb. 2025 kl. 13.47 skrev Lisbet Vestergaard "
                      f"<lv@fremtidensbiblioteker.dk>:\n> Kære Bo\n>\n> {question}\n", sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


@pytest.mark.parametrize(("question", "answer", "signup"), [
    # a seat offered is taken with a yes
    ("Der er blevet en plads ledig på kursusdagen om formidling den 22. april. Vil du have "
     "den?", "Ja, gerne! Tusind tak.", True),
    # a yes to one thing or another, to a question about the list of participants, or to a
    # confirmation that asked nothing, is none
    ("Er det dig selv eller din kollega Søren, der skal tilmeldes kursusdagen om formidling?",
     "Ja.", False),
    ("Vi laver en deltagerliste til kursusdagen om formidling. Må jeg dele din mailadresse på "
     "listen?", "Ja, gerne!", False),
    ("Tak for din tilmelding til kursusdagen om formidling. Du er registreret.",
     "Ja tak – det vil jeg rigtig gerne!", False),
    # her attendance confirmed again, the event named as the confirmation names it, asks
    # for nothing; herself or another as well does
    ("Tak for din tilmelding til Kursusdag: Formidling af skønlitteratur tirsdag den 22. "
     "april 2025 i Vejle.", "Hermed bekræftet, at jeg deltager i kursusdagen den 22. april – "
     "jeg tager toget og er der i god tid.", False),
    ("Tak for din tilmelding til Kursusdag: Formidling af skønlitteratur tirsdag den 22. "
     "april 2025 i Vejle.", "Tak! Og min kollega også – hun glemte at skrive.", False),
    ("Tak for din tilmelding til Kursusdag: Formidling af skønlitteratur tirsdag den 22. "
     "april 2025 i Vejle.", "Tak! Jeg vil også gerne med til konferencen i Aalborg.", True),
], ids=["seat-offered", "either-or", "consent", "confirmed", "confirmed-again",
        "colleague-too", "another-event"])
def test_a_yes_to_the_coordinators_question_is_what_it_answers(question: str, answer: str,
                                                               signup: bool) -> None:
    result = coordinator_asked(question, answer)
    assert (result.intent == Intent.signup and result.review_reason is None) == signup


def test_a_theme_of_the_invitation_she_answers_names_no_other_network() -> None:
    """The hverdagsledelse invitation lists "Skønlitteratur og ledelse" among its themes:
    looking forward to it signs her up for that network, not for the course day too."""
    text = ("Jeg træder hermed ind under fanerne i mellemledernetværket om hverdagsledelse. Jeg "
            "glæder mig især til Skønlitteratur og ledelse.\n\nEva\n\nDen 20. jan. 2025 kl. "
            "10.14 skrev Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>:\n> Hermed invitation "
            "til nyt Mellemledernetværk om hverdagsledelse.\n> Temaer: Skønlitteratur og "
            "ledelse, den svære samtale.\n")
    raw = mails.gmail("evtr@alleroed.dk", "Eva Tranberg", "Re: Invitation til nyt "
                      "mellemledernetværk om hverdagsledelse", text, sent=SENT)
    assert understand(mails.inbound(raw, SENT), NETWORKS).networks == ("hverdagsledelse",)


def test_a_yes_to_the_coordinators_own_question_signs_up_for_what_she_asked() -> None:
    """ "Har du lyst til at være med i netværket om ledelse af bæredygtighed?" asks her in
    person, as an invitation does."""
    raw = mails.outlook(
        "boko@brk.dk", "Kofoed, Bodil", "SV: Bæredygtighedsnetværket?",
        "Gerne!\n\nBodil\n\nBodil Kofoed\nBiblioteksleder\nBornholms Biblioteker\n"
        "Peter Mortensens Vej 1, 3700 Rønne\n\n"
        "Fra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nSendt: 10. februar 2025 16:02\n"
        "Til: Kofoed, Bodil <boko@brk.dk>\nEmne: Bæredygtighedsnetværket?\n\nHej Bodil\n\n"
        "Har du lyst til at være med i netværket om ledelse af bæredygtighed? Vi mangler en fra "
        "Bornholm :-) Første møde er torsdag den 3. april.\n\nKh Lisbet\n", sent=SENT)
    holdout = networks(Path(__file__).resolve().parents[1] / "corpus" / "holdout")
    result = understand(mails.inbound(raw, SENT), holdout, COORDINATOR)
    assert (result.intent, result.networks) == (Intent.signup, ("baeredygtighed",))
    assert [p.email for p in result.participants] == ["boko@brk.dk"]


def test_thanks_for_a_confirmation_of_her_own_sign_up_signs_up_nobody() -> None:
    """"vi glæder os begge to" under the confirmation of the two she signed up: thanks."""
    raw = mails.gmail("meko@odsherred.dk", "Mette Kofoed", "Re: SV: Kursusdag om formidling",
                      "Tusind tak, Lisbet – vi glæder os begge to!\n\nKh Mette\n\n"
                      "Den 3. feb. 2025 kl. 13.30 skrev Lisbet Vestergaard "
                      "<lv@fremtidensbiblioteker.dk>:\n> Kære Mette og Jakob\n>\n> I er nu "
                      "begge tilmeldt kursusdagen om formidling af skønlitteratur 22. april.\n"
                      ">\n> Venlig hilsen\n> Lisbet\n>\n> Den 2. feb. 2025 kl. 09.10 skrev "
                      "Mette Kofoed <meko@odsherred.dk>:\n>> Jakob Lind (jali@odsherred.dk) og "
                      "jeg vil gerne med på kursusdagen om formidling af skønlitteratur.\n",
                      sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent != Intent.signup and result.review_reason is not None


def test_a_long_yes_under_her_own_confirmation_with_news_registers_nobody_and_waits() -> None:
    """"We'll be there from the start, so we only miss the last session" says more than
    thanks: no second registration, and the coordinator reads it."""
    raw = mails.outlook("dapr@brk.dk", "Daniel Pryce", "RE: Tilmelding bekræftet",
                        "Hi Lisbet,\n\nJust a heads-up: my colleague and I will have to leave "
                        "the course day at about 14:00 to catch the ferry back to Bornholm "
                        "from Køge. We'll be there from the start, so we only miss the last "
                        "session.\n\nHope that's OK.\n\nBest,\nDaniel Pryce\nBornholms "
                        "Biblioteker\n\nFrom: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
                        "Sent: 3 February 2025 13:30\nTo: Daniel Pryce <dapr@brk.dk>\n"
                        "Subject: Tilmelding bekræftet\n\nKære Daniel\n\nDu er nu tilmeldt "
                        "kursusdagen om formidling af skønlitteratur 22. april.\n\n"
                        "Venlig hilsen\nLisbet\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent != Intent.signup and result.participants == ()
    assert result.review_reason is not None


def test_her_library_comes_from_the_thread_but_never_from_the_meetings_place() -> None:
    """No signature: "på Varde Bibliotek" in the coordinator's question to her is her
    library; "Sted: Vejle Bibliotekerne" in an invitation is where the meeting is."""
    asked = mails.gmail("idkj@varde.dk", "Ida Kjærsgaard", "Re: Kursusdag?",
                         "Ja! Skriv mig på.\n\nIda\n\nDen 24. feb. 2025 kl. 13.00 skrev Lisbet "
                         "Vestergaard <lv@fremtidensbiblioteker.dk>:\n> Hej Ida\n>\n> Jeg "
                         "tænkte, at kursusdagen om formidling af skønlitteratur måske var "
                         "noget for dig, nu hvor du har fået ansvaret for læsekredsene på "
                         "Varde Bibliotek?\n>\n> Kh Lisbet\n", sent=SENT)
    invited = mails.gmail("tikj@vejen.dk", "Tine Kjærgaard", "Re: Kursusdag",
                           "Jeg vil gerne være med!\n\nTine\n\nDen 3. feb. 2025 kl. 10.00 skrev "
                           "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>:\n> Kursusdag om "
                           "formidling af skønlitteratur\n> Tirsdag den 22. april 2025 kl. "
                           "9.30-15.30\n> Sted: Vejle Bibliotekerne, Willy Sørensens Plads 1\n"
                           ">\n> Tilmelding til lv@fremtidensbiblioteker.dk.\n", sent=SENT)
    found = [[(p.email, p.organisation) for p in understand(
        mails.inbound(raw, SENT), NETWORKS, COORDINATOR).participants] for raw in (asked, invited)]
    assert found == [[("idkj@varde.dk", "Varde Bibliotek")], [("tikj@vejen.dk", None)]]


def test_the_names_the_coordinator_asked_for_are_the_participants() -> None:
    raw = mails.outlook("ulhj@balk.dk", "Ulrik Hjorth", "SV: SV: Tilmelding kursusdag",
                        "Undskyld - det bliver Ulrikke Nørby og Said Hamid. Jeg har sat dem "
                        "begge cc.\n\nVh Ulrik\n\nUlrik Hjorth\nBibliotekschef\nBallerup "
                        "Bibliotekerne\n" + mails.coordinators_mail(
                            "Ulrik Hjorth", "ulhj@balk.dk", "SV: Tilmelding kursusdag",
                            "Hej Ulrik\n\nTak for jeres tilmelding af to medarbejdere til "
                            "kursusdagen om formidling af skønlitteratur. Vil du sende mig navne "
                            "og mailadresser på dem?\n\nVh Lisbet"), sent=SENT,
                        extra_headers="Cc: =?utf-8?q?Ulrikke_N=C3=B8rby?= <ulno@balk.dk>, "
                        "Said Hamid <saha@balk.dk>\r\n")
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["ulno@balk.dk", "saha@balk.dk"]


def _answer_to_her_question(answer: str, question: str, first: str = "Jeg vil gerne "
                            "tilmelde mig jeres kursus/konference i foråret.") -> object:
    """The writer's answer over the coordinator's question over her own first sign-up."""
    own = ("\nFra: Hans Ulrik Møller <hum@thisted.dk>\nSendt: 3. februar 2025 09:00\nTil: "
           "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: Kursus/konference\n\n"
           f"Hej Lisbet\n\n{first}\n\n"
           "Med venlig hilsen\nHans Ulrik Møller\nKulturformidler\nThisted Bibliotek\n")
    raw = mails.outlook("hum@thisted.dk", "Hans Ulrik Møller", "SV: Kursus/konference",
                        f"Hej Lisbet\n\n{answer}\n\nMvh Hans Ulrik\n" + mails.coordinators_mail(
                            "Hans Ulrik Møller", "hum@thisted.dk", "SV: Kursus/konference",
                            f"Hej Hans Ulrik\n\nTak for din mail. {question}\n\nVenlig hilsen\n"
                            "Lisbet Vestergaard") + own, sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


@pytest.mark.parametrize(("answer", "question"), [
    ("Det er Aalborg.", "Tænker du på konferencen i Aalborg den 12. maj, eller på "
     "kursusdagen i Vejle den 22. april?"),
    ("Nej, kun mig.", "Skal der flere med fra Thisted?"),
    ("Bare mig selv – Søren kan alligevel ikke, han er på ferie i den uge.",
     "Hvem skal med fra jer – kommer Søren også?"),
    ("Just me, thanks – and could you send the confirmation to my work address as well?",
     "Skal der flere med fra Thisted?"),
])
def test_an_answer_to_her_question_completes_the_sign_up_below_it(answer: str,
                                                                   question: str) -> None:
    result = _answer_to_her_question(answer, question)
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["hum@thisted.dk"]



@pytest.mark.parametrize(("first", "signs_up"), [
    ("Vi vil gerne med til konferencen i Aalborg – mig og måske Søren fra udviklingsteamet.",
     True),
    ("Vi vil gerne med til konferencen i Aalborg, hvis min chef kan godkende udgiften.", False),
])
def test_her_question_who_comes_settles_only_a_doubt_about_who_comes(first: str,
                                                                     signs_up: bool) -> None:
    result = _answer_to_her_question("Bare mig selv – Søren kan alligevel ikke.",
                                     "Hvem skal med fra jer – kommer Søren også?", first)
    assert (result.intent == Intent.signup) is signs_up
    assert (result.review_reason is None) is signs_up


def test_the_place_an_answer_names_picks_one_of_the_events_she_offered() -> None:
    result = _answer_to_her_question("Det er Aalborg.", "Tænker du på konferencen i Aalborg "
                                     "den 12. maj, eller på kursusdagen i Vejle den 22. april?")
    assert (result.networks, result.review_reason) == (("kommunekonference",), None)


def test_an_answer_with_a_practical_question_completes_the_sign_up_and_flags_the_question(
        ) -> None:
    result = _answer_to_her_question("Konferencen. Ved du, hvor i Aalborg den bliver holdt?",
                                     "Tænker du på konferencen eller på kursusdagen?")
    assert (result.intent, result.networks, result.review_reason) == (
        Intent.signup, ("kommunekonference",), None)
    assert result.asks == ("Ved du, hvor i Aalborg den bliver holdt?",)


@pytest.mark.parametrize("answer", [
    "Tak, det ser rigtigt ud.",
    "Nej tak, så venter jeg til næste gang.",
    "Det må jeg lige tænke over.",
    "Nej, kun mig. Men jeg kan desværre alligevel ikke komme.",
])
def test_a_thanks_a_no_or_a_doubt_under_her_question_signs_nobody_up(answer: str) -> None:
    assert _answer_to_her_question(answer, "Skal der flere med fra Thisted?").intent != (
        Intent.signup)


def test_the_coordinator_is_never_a_participant_under_a_quote_the_reading_does_not_know() -> None:
    """A quote header in a language the reading does not know leaves her signature last."""
    raw = mails.outlook(
        "olko@guldborgsund.dk", "Olena Kovalenko", "Відп: Invitation: Kursusdag 22. april",
        "Hej Lisbet\n\nJeg vil gerne tilmelde mig kursusdagen i Vejle den 22. april.\n\n"
        "Olena\n\nВід: Лісбет <lv@fremtidensbiblioteker.dk>\nНадіслано: 9 грудня 2024 р.\n"
        "Тема: Invitation: Kursusdag 22. april\n\nKære biblioteksledere\n\nDeltag i "
        "kursusdagen om formidling af skønlitteratur.\n\nVenlig hilsen\n\nLisbet Vestergaard\n"
        "Konsulent\nTænketanken Fremtidens Biblioteker\nlv@fremtidensbiblioteker.dk\n",
        sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["olko@guldborgsund.dk"]


@pytest.mark.parametrize("offer", ["Skal jeg også skrive Mikkel Kjær på, som du nævner i din "
                                   "mail?", "Skal jeg også skrive din kollega på?"])
def test_a_yes_to_her_offer_signs_up_the_colleague_it_names_with_his_address(offer: str
                                                                            ) -> None:
    raw = mails.outlook(
        "lobr@faxekommune.dk", "Lotte Brinch", "SV: Konferencen 12. maj",
        "Hej Lisbet\n\nJa tak, gerne. Han har besluttet sig 😊\n\nLotte\n"
        + mails.coordinators_mail(
            "Lotte Brinch", "lobr@faxekommune.dk", "SV: Konferencen 12. maj",
            f"Hej Lotte\n\nTak, du er skrevet på konferencen. {offer}\n\nVenlig hilsen\n"
            "Lisbet Vestergaard")
        + "\nFra: Lotte Brinch <lobr@faxekommune.dk>\nSendt: 2. februar 2025 10:30\nTil: "
        "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: Konferencen 12. maj\n\n"
        "Jeg vil gerne deltage i konferencen den 12. maj. Min kollega Mikkel Kjær "
        "(mikj@faxekommune.dk) overvejer også at tage med.\n\nLotte Brinch\nBibliotekschef\n"
        "Faxe Bibliotekerne\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.signup
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mikkel Kjær", "mikj@faxekommune.dk")]


@pytest.mark.parametrize("answer", ["Tine Krogh Lauritsen 😊",
                                    "My full name is Tine Krogh-Lauritsen."])
def test_the_full_name_she_was_asked_for_is_her_name(answer: str) -> None:
    raw = mails.outlook("tkl@hedensted.dk", "Tine K.", "SV: Hverdagsledelse",
                        f"Hej Lisbet\n\n{answer}\n\nKh Tine\n" + mails.coordinators_mail(
                            "Tine K.", "tkl@hedensted.dk", "SV: Hverdagsledelse",
                            "Hej Tine\n\nDejligt! Du er skrevet på hverdagsledelse. Hvad er "
                            "dit fulde navn? Jeg skal bruge det til deltagerlisten.\n\nVh "
                            "Lisbet"), sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert [(p.name, p.email) for p in result.participants] == [
        (answer.removeprefix("My full name is ").rstrip(" .😊"), "tkl@hedensted.dk")]


@pytest.mark.parametrize("answer", [
    "Konferencen i Aalborg! Og min kollega Mads Holm (maho@thisted.dk) vil også gerne med.",
    "Ja, sæt mig bare på konferencen. Og min kollega Mads Holm (maho@thisted.dk) vil også "
    "gerne med.",
])
def test_her_answer_for_herself_keeps_her_beside_the_colleague_she_adds(answer: str) -> None:
    result = _answer_to_her_question(answer, "Hvilket af arrangementerne tænker du på?")
    assert [p.email for p in result.participants] == ["hum@thisted.dk", "maho@thisted.dk"]


@pytest.mark.parametrize("subject", [
    "SV: Kursus/konference -> konferencen i Aalborg",
    "Konferencen i Aalborg - SV: Kursus/konference",  # before the subject she answers
    "Konferencen i Aalborg",  # the subject written over
])
def test_an_answer_written_only_into_the_subject_completes_the_sign_up(subject: str) -> None:
    raw = mails.outlook(
        "hum@thisted.dk", "Hans Ulrik Møller", subject,
        "Venlig hilsen\nHans Ulrik Møller\nThisted Bibliotek\n" + mails.coordinators_mail(
            "Hans Ulrik Møller", "hum@thisted.dk", "SV: Kursus/konference",
            "Hej Hans Ulrik\n\nTænker du på konferencen i Aalborg eller på kursusdagen i "
            "Vejle?\n\nVenlig hilsen\nLisbet Vestergaard")
        + "\nFra: Hans Ulrik Møller <hum@thisted.dk>\nSendt: 3. februar 2025 09:00\nTil: "
        "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: Kursus/konference\n\nHej "
        "Lisbet\n\nJeg vil gerne tilmelde mig jeres kursus/konference i foråret.\n\nMed venlig "
        "hilsen\nHans Ulrik Møller\nThisted Bibliotek\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert (result.intent, result.networks, result.review_reason) == (
        Intent.signup, ("kommunekonference",), None)
    assert [p.email for p in result.participants] == ["hum@thisted.dk"]


def test_the_subject_of_an_empty_forward_signs_nobody_up() -> None:
    """Only under the coordinator's own question is a subject written over an answer."""
    raw = mails.outlook(
        "hum@thisted.dk", "Hans Ulrik Møller", "VS: Tilmelding til konferencen i Aalborg",
        "Venlig hilsen\nHans Ulrik Møller\nThisted Bibliotek\n\nFra: Kulturchef Bo Lind "
        "<bo@thisted.dk>\nSendt: 3. februar 2025 09:00\nTil: Hans Ulrik Møller "
        "<hum@thisted.dk>\nEmne: Konferencen\n\nSkal du ikke med til konferencen i Aalborg?"
        "\n\nBo\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent != Intent.signup or result.review_reason is not None
