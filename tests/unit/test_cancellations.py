"""A cancellation gives up only the places it asks to give up: not the network the writer
keeps, not the chief's own place when she cancels for a colleague, and not yet when the
writer holds it back herself."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Understanding, Why
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


def test_a_network_kept_that_cannot_be_told_from_the_one_given_up_waits() -> None:
    """The places are named only by their towns: which one she keeps is the coordinator's
    to see, not a reason to give up both."""
    result = read("Jeg står på din liste til både konferencen i Aalborg og kursusdagen i "
                  "Vejle. Aalborg må jeg desværre melde afbud til, men Vejle holder jeg fast i.")
    assert result.intent == Intent.cancel and result.review_reason.code == Why.keeps_one


def test_a_secretary_cancels_her_chief_named_with_his_title_and_address() -> None:
    result = read("Bibliotekschef Jørgen Winther (jowi@slagelse.dk) kan desværre alligevel ikke "
                  "deltage i kursusdagen den 22. april. Vil du slette ham fra deltagerlisten?")
    assert result.intent == Intent.cancel
    assert people(result) == [("Jørgen Winther", "jowi@slagelse.dk")]


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


def test_the_sentence_that_says_whom_the_cancellation_applies_to_is_read_with_it() -> None:
    result = read("Vi må desværre aflyse Slagelse Bibliotekernes deltagelse i konferencen den "
                  "12. maj. Det gælder både undertegnede og vores udviklingskonsulent Maria "
                  "Lindgren.")
    assert result.intent == Intent.cancel
    assert [(p.name, p.email) for p in result.participants] == [
        ("Kåre Lund Damsgaard", "kld@slagelse.dk"), ("Maria Lindgren", None)]


def test_colleagues_named_by_first_name_only_wait_rather_than_the_chief_is_cancelled() -> None:
    result = read("Jytte og Ahmad må desværre melde fra til kursusdagen.")
    assert result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.others_not_found


def test_a_colleagues_place_given_up_by_her_name_is_not_the_chiefs() -> None:
    result = read("Henriks plads på kursusdagen skal desværre annulleres – han er på ferie. "
                  "Han bliver selvfølgelig i hverdagsledelsesnetværket.")
    assert result.intent == Intent.cancel and result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.others_not_found


def people(result) -> list[tuple[str, str | None]]:
    return [(p.name, p.email) for p in result.participants]


def test_the_team_withdrawn_in_a_list_is_cancelled_not_signed_up() -> None:
    result = read("Vi har holdt møde med forvaltningen, og vi sender ingen til konferencen i år. "
                  "Derfor trækker vi alle tre tilmeldinger:\n\n- Bente Lund (bel@slagelse.dk)\n"
                  "- Morten Dahl (modh@slagelse.dk)\n- mig selv")
    assert result.intent == Intent.cancel
    assert sorted(people(result)) == sorted([("Bente Lund", "bel@slagelse.dk"),
                                             ("Morten Dahl", "modh@slagelse.dk"),
                                             ("Kåre Lund Damsgaard", "kld@slagelse.dk")])


def test_a_colleague_who_withdraws_herself_is_found_in_the_mail_passed_on() -> None:
    result = read("Se nedenfor. Mona må desværre trække sig fra bæredygtighedsnetværket. Vil du "
                  "sørge for, at hun bliver afmeldt?\n\n-----Oprindelig meddelelse-----\n"
                  "Fra: Mona Skov <mosk@slagelse.dk>\nSendt: 17. februar 2025 14:02\nTil: Kåre "
                  "Lund Damsgaard <kld@slagelse.dk>\nEmne: netværket\n\nHej Kåre\n\nJeg bliver "
                  "nødt til at trække mig fra netværket.\n\nMona", subject="VS: netværket")
    assert result.intent == Intent.cancel
    assert people(result) == [("Mona Skov", "mosk@slagelse.dk")]


def test_one_in_anothers_place_is_not_cancelled() -> None:
    for text in ("Mette Bang er desværre forhindret den 22. april, så Kristian Holm deltager "
                 "for os (krho@slagelse.dk).",
                 "Jeg melder fra til kursusdagen, men vores nye afdelingsleder Pia Dalsgaard "
                 "(pida@slagelse.dk) tager turen i stedet."):
        result = read(text)
        assert result.intent == Intent.signup, text
        assert result.review_reason is not None and result.review_reason.code == Why.swap


def test_no_cancellation_in_a_thank_you_a_maybe_or_a_greeting() -> None:
    assert read("Tak for bekræftelsen på mit afbud. Vi ses forhåbentlig næste gang!"
                ).intent != Intent.cancel
    assert read("Just a heads-up: I might have to cancel my place at the course day."
                ).intent == Intent.unclear
    sorry = read("Sorry Lisbet, have to cancel - double-booked on the 22nd.")
    assert sorry.intent == Intent.cancel
    assert people(sorry) == [("Kåre Lund Damsgaard", "kld@slagelse.dk")]


def test_a_cancellation_said_in_the_subject_alone() -> None:
    result = read("", subject="Afmelding - kursusdagen om formidling")
    assert result.intent == Intent.cancel and result.networks == ("formidlingskursus",)
    assert people(result) == [("Kåre Lund Damsgaard", "kld@slagelse.dk")]


def test_a_cancellation_in_the_subject_over_a_signature_without_a_closing_greeting() -> None:
    raw = mails.outlook("tq@rebild.dk", "Tine Qvist", "Afmelding - hverdagsledelse - Tine Qvist",
                        "Tine Qvist\nAfdelingsleder\nRebild Bibliotekerne\nTlf. 99 88 76 54\n",
                        sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.cancel and result.networks == ("hverdagsledelse",)
    assert result.review_reason is None  # carried out, not left to the coordinator
    assert people(result) == [("Tine Qvist", "tq@rebild.dk")]


def test_one_meeting_missed_a_cancellation_supposed_or_past_gives_up_no_place() -> None:
    missed = read("Jeg kan desværre ikke deltage i første møde – vi har sommerfest den dag. Men "
                  "jeg vil meget gerne blive i netværket og være med til de næste møder.")
    assert missed.intent == Intent.unclear
    supposed = read("Jeg vil gerne deltage i kursusdagen om formidling. Skulle jeg blive "
                    "forhindret, sender jeg en kollega.")
    assert supposed.intent == Intent.signup
    past = read("Jeg meldte afbud til kursusdagen for en uge siden, men nu er situationen "
                "vendt. Vil du skrive mig på igen?")
    assert past.intent != Intent.cancel


def test_she_who_takes_anothers_place_is_signed_up_not_the_one_she_replaces() -> None:
    result = read("Anne Brix har bedt mig overtage hendes plads på kursusdagen i Vejle. Så det "
                  "bliver mig, der kommer den 22. april.")
    assert result.intent == Intent.signup and result.review_reason is not None  # a swap
    assert people(result) == [("Kåre Lund Damsgaard", "kld@slagelse.dk")]


def in_thread(sender: str, name: str, subject: str, text: str, client=mails.outlook):
    """A reply with the mail it answers quoted under it, read."""
    raw = client(sender, name, subject, text, sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_one_she_cancels_by_name_takes_the_address_of_the_confirmation_quoted() -> None:
    result = in_thread(
        "kld@slagelse.dk", "Kåre Lund Damsgaard", "SV: Bekræftelse: Kursusdag",
        "Hej Lisbet\n\nJeppe Nørgaard er stoppet hos os, så han skal desværre afmeldes "
        "kursusdagen.\n\nMvh Kåre\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
        "Sendt: 5. februar 2025 10:00\nTil: Jeppe Nørgaard <jeno@slagelse.dk>\n"
        "Emne: Bekræftelse: Kursusdag\n\nHej Jeppe\n\nDu er nu tilmeldt kursusdagen om "
        "formidling.\n")
    assert result.intent == Intent.cancel
    assert [(p.name, p.email) for p in result.participants] == [
        ("Jeppe Nørgaard", "jeno@slagelse.dk")]


def test_her_colleague_cancelled_by_a_pronoun_alone_is_not_the_writer() -> None:
    result = read("Ditte har fortrudt – hun kan alligevel ikke den dag – så du kan bare slette "
                  "hende igen.", subject="SV: Kursusdag – Ditte")
    assert not any(p.email == "kld@slagelse.dk" for p in result.participants)
    assert result.review_reason is not None


def test_colleagues_named_in_the_sentence_before_them_are_cancelled_not_the_chief() -> None:
    result = read("På grund af ombygningen kan Marianne Lund og Peter Skov Thomsen desværre "
                  "ikke deltage i kursusdagen den 22. april. Vil du afmelde dem begge?")
    assert result.intent == Intent.cancel
    assert people(result) == [("Marianne Lund", None), ("Peter Skov Thomsen", None)]


def test_a_cancellation_for_another_day_than_any_network_waits() -> None:
    """"Afbud til temadagen den 8. april" names no network: it is not the one she holds."""
    result = read("Jeg melder afbud til temadagen om læselyst den 8. april i Silkeborg.")
    assert result.review_reason is not None and result.review_reason.code == Why.another_day


def test_a_regret_under_the_coordinators_confirmation_of_the_cancellation_cancels_nothing(
        ) -> None:
    result = in_thread(
        "jaki@skive.dk", "Janne Kirkebæk", "Re: Bekræftelse af afmelding – Kursusdag",
        "Tak for hurtigt svar – og ærgerligt, at jeg ikke kan være med.\n\nJanne\n\n"
        "Den 17. feb. 2025 kl. 11.26 skrev Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>:\n"
        "> Kære Janne\n>\n> Jeg har registreret din afmelding til kursusdagen om formidling, "
        "og du får ikke en faktura.\n", client=mails.gmail)
    assert result.intent == Intent.unclear and result.review_reason.code == Why.thanks


def under_the_invitation(text: str) -> Understanding:
    return in_thread(
        "dosk@alleroed.dk", "Dorrit Skafte", "SV: Invitation: Kursusdag om formidling",
        f"Kære Lisbet\n\n{text}\n\nVenlig hilsen\nDorrit Skafte\n\nFra: Lisbet Vestergaard "
        "<lv@fremtidensbiblioteker.dk>\nSendt: 3. februar 2025 08:05\nEmne: Invitation: "
        "Kursusdag om formidling\n\nKære ledere\n\nTilmelding per mail til "
        "lv@fremtidensbiblioteker.dk senest 15. marts.\n")


@pytest.mark.parametrize("text", [
    "Tak for invitationen. Vi har desværre ikke mulighed for at deltage i år.",
    "Vi må melde pas i år. Vi er kun to ledere og har ikke tid lige nu.",
    "We won't be able to join this year, but please keep us on the list.",
    # what comes after the no presumes nothing ("et møde igen")
    "Jeg ville rigtig gerne have meldt mig til – temaet er lige mig – men vi har åbent hus "
    "netop den dag, så jeg kan desværre ikke komme denne gang.\n\nHåber, der bliver et "
    "møde igen til efteråret.",
])
def test_a_no_to_the_invitation_gives_up_no_place(text: str) -> None:
    result = under_the_invitation(text)
    assert result.intent == Intent.unclear and result.review_reason.code == Why.declines


@pytest.mark.parametrize("text", [
    "Jeg må desværre melde fra alligevel – vores afdeling flytter i april.",
    "Please take me off the list, I won't be able to attend after all.",
    "Jeg meldte mig til i januar. Nu kan jeg desværre ikke komme.",
])
def test_a_no_in_words_of_a_place_held_under_the_invitation_is_a_cancellation(text: str
                                                                              ) -> None:
    assert under_the_invitation(text).intent == Intent.cancel


def test_our_participants_cancelled_by_the_chief_are_not_the_chief() -> None:
    result = read("Vores to deltagere fra Slagelse må desværre melde afbud til kursusdagen.")
    assert result.intent == Intent.cancel and result.participants == ()
    assert result.review_reason.code == Why.others_not_found


@pytest.mark.parametrize("body", [
    "Jeg kan ikke komme til andet møde i september, men er med resten.",
    "Jeg er nødt til at trække mig fra mødet den 25. november. Juni og september står fast.",
    "Unfortunately I have to withdraw from the September meeting. I'll be at the meetings in "
    "June and November as planned.",
])
def test_an_absence_from_one_meeting_of_a_series_gives_up_no_place(body: str) -> None:
    result = read(body, subject="Hverdagsledelse")
    assert result.intent == Intent.unclear and result.review_reason.code == Why.one_meeting


@pytest.mark.parametrize(("body", "subject"), [
    ("Jeg må melde afbud til første møde den 3. juni – vi er på ferie. Men jeg er stadig med "
     "i netværket.", "Hverdagsledelse"),
    ("Jeg er sygemeldt til midt i april, så jeg kan ikke deltage den 3. april.",
     "SV: Bekræftelse af tilmelding: Ledelse af bæredygtighed"),
])
def test_an_absence_on_a_day_of_a_series_gives_up_no_place(body: str, subject: str) -> None:
    result = read(body, subject=subject)
    assert result.intent == Intent.unclear and result.review_reason.code == Why.one_meeting


@pytest.mark.parametrize("body", [
    "Jeg kan desværre ikke deltage den 27. marts i Roskilde – vi har budgetmøde den dag.",
    "Jeg må melde afbud til både konferencen i Aalborg den 12. maj og til netværket om "
    "hverdagsledelse.",
])
def test_an_absence_on_the_day_of_a_one_day_event_gives_up_its_place(body: str) -> None:
    """A one-day event (`kind = "event"`) has no other meeting to keep."""
    result = read(body)
    assert result.intent == Intent.cancel and result.review_reason is None


def test_a_cancellation_for_another_day_than_the_events_is_another_meeting() -> None:
    result = read("Afbud fra mig til CB-ledermødet den 13. marts. Jeg er til KL's "
                  "kulturkonference den dag.", subject="Afbud 13. marts – CB-området")
    assert result.intent == Intent.unclear and result.review_reason.code == Why.another_day
    result = read("Afbud fra mig til netværksmødet i CB-området den 27. marts.",
                  subject="Afbud 27. marts")
    assert result.intent == Intent.cancel and result.review_reason is None


@pytest.mark.parametrize("body", [
    "Jeg vil gerne tilmeldes netværket om hverdagsledelse.\n\nJeg er muligvis forhindret i det "
    "tredje møde i efteråret, men de to første møder er jeg med til.",
    "Hermed min tilmelding til netværket om hverdagsledelse. Jeg har desværre ferie den 3. juni "
    "og kan derfor ikke være med til det første møde.",
])
def test_a_sign_up_to_a_series_that_will_miss_one_meeting_is_a_sign_up(body: str) -> None:
    result = read(body, subject="Hverdagsledelse")
    assert (result.intent, result.review_reason, result.networks) == (
        Intent.signup, None, ("hverdagsledelse",))


@pytest.mark.parametrize("body", [
    # the day missed is the event's, which has no other
    "Jeg vil gerne tilmelde mig kursusdagen i Vejle. Jeg kan desværre ikke deltage den 22. "
    "april.",
    # another network given up beside the sign-up
    "Jeg vil gerne tilmeldes netværket om hverdagsledelse. Bæredygtighed kan jeg desværre ikke "
    "deltage i alligevel fra første møde.",
])
def test_a_sign_up_beside_another_absence_waits(body: str) -> None:
    assert read(body).intent != Intent.signup or read(body).review_reason is not None


def test_the_whole_series_named_beside_one_meeting_is_a_cancellation() -> None:
    result = read("Jeg må desværre melde afbud til bæredygtighedsnetværket – både andet møde "
                  "og resten af året.")
    assert result.intent == Intent.cancel and result.review_reason is None


def test_out_of_the_office_is_no_cancellation() -> None:
    result = read("Jeg er ude af huset på lederuddannelse til og med 21. februar. Jeg sender "
                  "EAN-nummeret, når jeg er tilbage.")
    assert result.intent != Intent.cancel


@pytest.mark.parametrize("body", [
    "Jeg bliver muligvis nødt til at melde fra til bæredygtighedsnetværket. Jeg ved mere "
    "efter byrådsmødet.",
    "Just a heads-up: I may have to cancel my spot in the sustainability network.",
    "Sådan som det ser ud nu, kan jeg nok ikke komme til kursusdagen alligevel.",
    "Jeg tror desværre, jeg bliver nødt til at melde afbud til kursusdagen – men jeg giver dig "
    "endeligt besked, når vagtplanen er lagt.",
])
def test_a_cancellation_still_in_doubt_gives_up_nothing(body: str) -> None:
    result = read(body)
    assert result.intent == Intent.unclear
    assert result.review_reason.code == Why.hesitant


@pytest.mark.parametrize(("subject", "body"), [
    ("Tilbagekald: Tilmelding til kursusdagen",
     'Kåre Lund Damsgaard vil gerne tilbagekalde meddelelsen "Tilmelding til kursusdagen".'),
    ("Recall: Registration for the course day",
     'Kåre Lund Damsgaard would like to recall the message, "Registration for the course '
     'day".'),
])
def test_outlooks_recall_of_an_earlier_message_waits_for_the_coordinator(subject: str,
                                                                         body: str) -> None:
    result = read(body, subject=subject)
    assert result.intent == Intent.unclear and result.review_reason.code == Why.recalls
    assert result.participants == ()


def test_what_stands_in_the_way_the_same_day_is_not_what_she_gives_up() -> None:
    result = read("Jeg står på ventelisten til netværket om hverdagsledelse, men du "
                  "må gerne slette mig igen – vi har fået en temadag om bæredygtighed i huset "
                  "samme dag.")
    assert (result.intent, result.networks) == (Intent.cancel, ("hverdagsledelse",))


@pytest.mark.parametrize("text", [
    "Jeg kan alligevel ikke komme til kursusdagen. Sletter du mig?",
    "Jeg har fået et sammenfald med en anden konference. Stryger du mig fra "
    "deltagerlisten til kursusdagen?",
])
def test_a_cancellation_asked_as_a_question_is_a_cancellation(text: str) -> None:
    """"Sletter du mig?" asks her to do it, as "Kan du slette mig?" does."""
    result = read(text)
    assert (result.intent, result.review_reason) == (Intent.cancel, None)


@pytest.mark.parametrize("text", [
    "I'm afraid I won't be joining the network after all – my contract ends in April.",
    "I have to ask you to take my name off the list for the course day.",
    "Ulla og Bo har fået nyt arbejde hos kommunen. Vi må derfor melde dem fra.",
])
def test_a_place_given_up_in_other_words(text: str) -> None:
    """Read from the words themselves, not only from the learned second opinion."""
    assert not any(e.id.startswith("learned.") for e in read(text).evidence)
    assert read(text).intent == Intent.cancel


def confirmed(*registered: str) -> str:
    """The coordinator's confirmation, quoted under a reply as Outlook quotes it."""
    return ("\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nSendt: 3. februar 2025 "
            "10:12\nTil: Kåre Lund Damsgaard <kld@slagelse.dk>\nEmne: Bekræftelse: kursusdagen "
            "i Vejle\n\nKære Kåre\n\nTak for tilmeldingen. Jeg har registreret:\n\n"
            + "".join(f"- {line}\n" for line in registered)
            + "\nVenlig hilsen\nLisbet Vestergaard\nTænketanken Fremtidens Biblioteker\n")


@pytest.mark.parametrize(("sentence", "registered", "cancelled"), [
    # the writer and the colleague only the confirmation names
    ("Vi må desværre begge melde afbud til kursusdagen i Vejle.",
     ["Kåre Lund Damsgaard, kld@slagelse.dk", "Pia Holm, piho@slagelse.dk"],
     ["kld@slagelse.dk", "piho@slagelse.dk"]),
    # the chief who signed up two, not herself
    ("Vi må desværre melde begge fra til kursusdagen i Vejle.",
     ["Pia Holm, piho@slagelse.dk", "Ole Vind, olvi@slagelse.dk"],
     ["piho@slagelse.dk", "olvi@slagelse.dk"]),
    ("Vores to deltagere må desværre melde afbud til kursusdagen i Vejle.",
     ["Pia Holm, piho@slagelse.dk", "Ole Vind, olvi@slagelse.dk"],
     ["piho@slagelse.dk", "olvi@slagelse.dk"]),
])
def test_those_a_cancellation_counts_are_the_ones_the_confirmation_lists(
        sentence: str, registered: list[str], cancelled: list[str]) -> None:
    result = read(sentence + confirmed(*registered), "SV: Bekræftelse: kursusdagen i Vejle")
    assert result.intent == Intent.cancel and result.review_reason is None
    assert sorted(p.email for p in result.participants) == sorted(cancelled)


def test_a_count_the_confirmation_does_not_make_up_still_waits() -> None:
    """Two cancel, the confirmation lists three: which two is the coordinator's to ask."""
    result = read("Vi må desværre begge melde afbud til kursusdagen i Vejle." + confirmed(
        "Kåre Lund Damsgaard, kld@slagelse.dk", "Pia Holm, piho@slagelse.dk",
        "Ole Vind, olvi@slagelse.dk"), "SV: Bekræftelse: kursusdagen i Vejle")
    assert result.review_reason is not None and result.review_reason.code == Why.miscounted


def test_neither_she_nor_the_colleague_she_names_comes() -> None:
    raw = mails.outlook("kld@slagelse.dk", "Kåre Lund Damsgaard", "SV: Bekræftelse",
                        "Kære Lisbet\n\nHverken Pia eller jeg kan komme til kursusdagen i Vejle "
                        "alligevel. Pia står på cc.\n\nMed venlig hilsen\nKåre Lund Damsgaard\n"
                        "Slagelse Bibliotekerne\n", sent=SENT,
                        extra_headers="Cc: Pia Holm <piho@slagelse.dk>\r\n")
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.cancel and result.review_reason is None
    assert sorted(p.email for p in result.participants) == ["kld@slagelse.dk",
                                                            "piho@slagelse.dk"]


def test_both_missing_the_first_meeting_of_a_series_but_with_the_rest_cancel_nothing() -> None:
    result = read("Vi er desværre begge forhindret i det første møde i bæredygtighedsnetværket "
                  "den 3. april – vi har biblioteksdag i kommunen – men vi er med resten af året.")
    assert result.intent == Intent.unclear
    assert result.review_reason is not None and result.review_reason.code == Why.one_meeting


def test_a_chief_who_cancels_de_to_herunder_keeps_her_own_place() -> None:
    result = read("De to herunder må desværre melde fra til netværket om hverdagsledelse. Vi "
                  "har fået et større sparekrav.")
    assert all(p.email != "kld@slagelse.dk" for p in result.participants)
    assert result.review_reason is not None


def test_we_three_are_the_three_the_confirmation_lists_with_the_library_it_names() -> None:
    raw = mails.outlook("kld@slagelse.dk", "Kåre Lund Damsgaard", "SV: Bekræftelse",
                        "Hej Lisbet\n\nVi tre fra Slagelse kan ikke alligevel, der er byrådsmøde "
                        "samme dag.\n\nMvh Kåre\n" + confirmed(
                            "Kåre Lund Damsgaard, kld@slagelse.dk", "Pia Holm, piho@slagelse.dk",
                            "Ole Vind, olvi@slagelse.dk").replace(
                            "Jeg har registreret:", "Tilmeldte fra Slagelse Bibliotekerne:")
                        .replace("Tak for tilmeldingen.", "Netværksmødet er på Roskilde "
                                 "Bibliotek."), sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.cancel and result.review_reason is None
    assert sorted(p.email for p in result.participants) == [
        "kld@slagelse.dk", "olvi@slagelse.dk", "piho@slagelse.dk"]
    assert {p.organisation for p in result.participants} == {"Slagelse Bibliotekerne"}


@pytest.mark.parametrize("body", [
    "Jette melder desværre fra kursusdagen – hun er sygemeldt. De to andre kommer som planlagt.",
    "Efter en snak mellem mig og Annette er vi blevet enige om, at hun springer netværket om "
    "bæredygtighed over i år. Så hun skal afmeldes.",
])
def test_a_colleague_cancelled_by_first_name_is_not_taken_for_the_writer(body: str) -> None:
    result = read(body)
    assert all(p.email != "kld@slagelse.dk" for p in result.participants)


def test_a_question_about_whether_to_cancel_cancels_nothing() -> None:
    result = read("Skal jeg og du melde fra til kursusdagen i Vejle, eller hvad tænker du?")
    assert result.intent != Intent.cancel


@pytest.mark.parametrize("sentence", [
    "Mig og Pia kan desværre ikke alligevel til kursusdagen i Vejle.",
    "Jeg, Pia og Ole melder desværre fra til kursusdagen i Vejle.",
    "Unfortunately Pia and I can no longer attend the course day in Vejle.",
])
def test_the_writer_joined_to_those_she_cancels_is_cancelled_where_she_is_confirmed(
        sentence: str) -> None:
    result = read(sentence + confirmed("Kåre Lund Damsgaard, kld@slagelse.dk",
                                       "Pia Holm, piho@slagelse.dk", "Ole Vind, olvi@slagelse.dk"),
                  "SV: Bekræftelse: kursusdagen i Vejle")
    assert result.intent == Intent.cancel
    assert "kld@slagelse.dk" in {p.email for p in result.participants}
    assert "piho@slagelse.dk" in {p.email for p in result.participants}


def test_one_who_talked_it_over_with_the_writer_cancels_alone() -> None:
    result = read("Pia and I have discussed it, and unfortunately Ole won't be attending the "
                  "course day in Vejle after all. I'll still be coming." + confirmed(
                      "Kåre Lund Damsgaard, kld@slagelse.dk", "Ole Vind, olvi@slagelse.dk"),
                  "SV: Bekræftelse: kursusdagen i Vejle")
    assert "kld@slagelse.dk" not in {p.email for p in result.participants}


def test_those_her_own_quoted_sign_up_lists_are_the_ones_the_count_cancels() -> None:
    """"Please cancel my two colleagues below" under a confirmation that names nobody
    ("Tak, begge er nu tilmeldt"), over her own sign-up of the two."""
    thread = ("\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nSendt: 4. februar 2025 "
              "09:00\nTil: Kåre Lund Damsgaard <kld@slagelse.dk>\nEmne: SV: Tilmelding\n\n"
              "Tak, begge er nu tilmeldt kursusdagen i Vejle.\n\nVenlig hilsen\nLisbet\n\n"
              "Fra: Kåre Lund Damsgaard <kld@slagelse.dk>\nSendt: 3. februar 2025 10:12\nTil: "
              "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: Tilmelding\n\nHej Lisbet"
              "\n\nJeg vil gerne tilmelde to af mine medarbejdere til kursusdagen i Vejle:\n\n"
              "Pia Holm, piho@slagelse.dk\nOle Vind, olvi@slagelse.dk\n\nJeg deltager ikke "
              "selv.\n\nVenlig hilsen\nKåre Lund Damsgaard\n")
    result = read("Please cancel the registrations for my two colleagues below." + thread,
                  "SV: Tilmelding")
    assert result.intent == Intent.cancel and result.review_reason is None
    assert sorted(p.email for p in result.participants) == ["olvi@slagelse.dk",
                                                            "piho@slagelse.dk"]


def test_none_of_us_two_coming_cancels_both() -> None:
    result = read("Ingen af os to kommer alligevel til kursusdagen i Vejle." + confirmed(
        "Kåre Lund Damsgaard, kld@slagelse.dk", "Pia Holm, piho@slagelse.dk"),
        "SV: Bekræftelse: kursusdagen i Vejle")
    assert result.intent == Intent.cancel and result.review_reason is None
    assert sorted(p.email for p in result.participants) == ["kld@slagelse.dk",
                                                            "piho@slagelse.dk"]


def test_a_network_kept_in_a_hurried_but_clause_is_not_the_one_cancelled() -> None:
    """ "Afmeld mig konferencen men jeg kommer stadig til Vejle": written without a comma,
    the clause after "men" still keeps the course day in Vejle."""
    result = read("Afmeld mig konferencen men jeg kommer stadig til kursusdagen i Vejle 👍")
    assert result.intent == Intent.cancel
    assert "formidlingskursus" not in result.networks


def test_she_who_says_it_will_be_only_her_keeps_her_place_in_a_cancellation_for_two() -> None:
    raw = mails.outlook(
        "grsoe@aabenraa.dk", "Gry Sønderby", "SV: Bekræftelse: konferencen",
        "Hej Lisbet\n\nVi tilmeldte os begge i januar, men Frederik (cc) kan desværre ikke "
        "alligevel den 12. maj, så det bliver kun mig. Vil du afmelde ham?\n\nMange hilsner\n"
        "Gry Sønderby\nAabenraa Bibliotekerne\n", sent=SENT,
        extra_headers="Cc: Frederik Munch <frmu@aabenraa.dk>\r\n")
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["frmu@aabenraa.dk"]


@pytest.mark.parametrize(("body", "subject"), [
    ("Jeg må desværre melde afbud til mit oplæg om tværgående samarbejde på konferencen i "
     "Aalborg den 12. maj. Jeg har spurgt min souschef, om hun kan tage det.", "Konferencen"),
    ("Jeg var inviteret med som gæst til netværksmødet i Roskilde for at fortælle om vores "
     "samarbejde med jobcentret. Jeg må desværre melde afbud – jeg er syg.", "Torsdag"),
    ("Jeg bliver nødt til at melde afbud til kursusdagen i Vejle. Jeg har spurgt Bo, om han "
     "kan tage workshoppen om højtlæsning i stedet.", "Kursusdagen"),
    ("Jeg kan desværre ikke komme den 12. maj alligevel.", "Afbud - mit oplæg på konferencen"),
])
def test_a_speaker_or_guest_who_cancels_her_part_is_no_participant_cancelling(
        body: str, subject: str) -> None:
    result = read(body, subject)
    assert result.intent != Intent.cancel and result.review_reason.code == Why.speaker


def test_her_talk_elsewhere_is_a_participants_reason_to_cancel() -> None:
    result = read("Jeg må desværre melde afbud til konferencen i Aalborg den 12. maj, da jeg "
                  "har mit oplæg for kulturudvalget samme dag.")
    assert result.intent == Intent.cancel and result.networks == ("kommunekonference",)


def test_the_writer_who_cancels_herself_and_another_gives_up_both_places() -> None:
    result = read("Jeg selv og Mette Kold (meko@slagelse.dk) må melde fra til netværket om "
                  "hverdagsledelse - ombygningen fylder det meste af året. Jonas Brandt "
                  "fortsætter som planlagt.")
    assert result.intent == Intent.cancel and result.review_reason is None
    assert sorted(p.email for p in result.participants) == ["kld@slagelse.dk",
                                                            "meko@slagelse.dk"]


def test_a_cancellation_that_puts_right_yesterdays_cancels_the_right_one_and_waits() -> None:
    """The one cancelled by mistake yesterday is the coordinator's to put back."""
    result = read("Rettelse til min mail i går: det er Anne-Mette Lund (amlu@slagelse.dk), ikke "
                  "Anne Lund, der skal afmeldes kursusdagen. Anne Lund deltager som planlagt.")
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["amlu@slagelse.dk"]
    assert result.review_reason.code == Why.corrected


def test_one_who_writes_for_her_husband_cancels_him_not_herself() -> None:
    raw = mails.gmail("ulla.aagaard@icloud.com", "Ulla Aagaard", "Torben Aagaard - afbud",
                      "Hej Lisbet\n\nJeg skriver for min mand Torben Aagaard, som er "
                      "afdelingsleder ved Esbjerg Kommunes Biblioteker. Han faldt på cyklen og "
                      "er sygemeldt resten af foråret. Han må derfor desværre melde fra til "
                      "bæredygtighedsnetværket.\n\nMvh Ulla Aagaard\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.intent == Intent.cancel
    assert [(p.name, p.email) for p in result.participants] == [("Torben Aagaard", None)]
    assert result.review_reason.code == Why.named_without_address
