"""A chief who signs up a team in a list: Outlook's bullets ("·" in the plain-text part
Outlook writes), numbered items with a job title before the name, names with letters from
outside Danish, and the chief herself when she says she comes too."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent
from mailreg.reading.understand import understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")
SENT = datetime(2025, 2, 11, 13, 40, tzinfo=UTC)
SIGNATURE = ("\n\nMed venlig hilsen\nJette Vinding\nBibliotekschef\nHalsnæs Bibliotekerne\n"
             "Tlf. 4778 4000\n")
TEAM = [("Bo Krarup", "bokr@halsnaes.dk"), ("Tülay Øzdemir", "tuoz@halsnaes.dk"),
        ("Mirela Kovačević", "mikov@halsnaes.dk")]
HERSELF = ("Jette Vinding", "jevi@halsnaes.dk")


def read(body: str):
    raw = mails.outlook("jevi@halsnaes.dk", "Jette Vinding", "Tilmelding til kursusdagen",
                        "Hej Lisbet\n\n" + body + SIGNATURE, sent=SENT, charset="utf-8")
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def people(result) -> list[tuple[str, str | None]]:
    return [(p.name, p.email) for p in result.participants]


@pytest.mark.parametrize("items", [
    # Outlook's bullets, as its plain-text part writes them
    "·         Bo Krarup, Frederiksværk – bokr@halsnaes.dk\n"
    "·         Tülay Øzdemir, Hundested – tuoz@halsnaes.dk\n"
    "·         Mirela Kovačević, Ølsted – mikov@halsnaes.dk",
    "·         Bo Krarup – afdelingsleder, Børn og Unge – bokr@halsnaes.dk\n"
    "·         Tülay Øzdemir – teamleder – tuoz@halsnaes.dk\n"
    "·         Mirela Kovačević – bibliotekar – mikov@halsnaes.dk",
    # a spreadsheet pasted as text, semicolons between its cells
    "Navn;E-mail;Afdeling\nBo Krarup;bokr@halsnaes.dk;Frederiksværk\n"
    "Tülay Øzdemir;tuoz@halsnaes.dk;Hundested\nMirela Kovačević;mikov@halsnaes.dk;Ølsted",
    # numbered, a job title before each name
    "  1.  Bibliotekar Bo Krarup, bokr@halsnaes.dk\n"
    "  2.  Kulturformidler Tülay Øzdemir, tuoz@halsnaes.dk\n"
    "  3.  Teamleder Mirela Kovačević, mikov@halsnaes.dk",
])
def test_each_listed_colleague_is_signed_up_and_not_the_chief(items: str) -> None:
    result = read("Vi vil gerne tilmelde følgende til kursusdagen om formidling den "
                  f"22. april:\n\n{items}\n\nEAN 5798000418882")
    assert result.intent == Intent.signup and result.review_reason is None
    assert people(result) == TEAM


@pytest.mark.parametrize("herself", [
    "Og så er jeg selv nummer fire.",
    "Og jeg tager selv med som den fjerde.",
    "... og så kommer jeg selv med, da vi ikke har nogen souschef i huset.",
    "Og så vil jeg faktisk også selv gerne med.",
    "Selv vil jeg gerne med til kursusdagen.",
    "Og jeg slår selv følge med dem.",
])
def test_the_chief_who_says_she_comes_too_is_signed_up_with_them(herself: str) -> None:
    result = read("Vi vil gerne tilmelde følgende til kursusdagen om formidling:\n\n"
                  "·         Bo Krarup, bokr@halsnaes.dk\n"
                  "·         Tülay Øzdemir, tuoz@halsnaes.dk\n"
                  "·         Mirela Kovačević, mikov@halsnaes.dk\n\n"
                  f"{herself}\n\nEAN 5798000418882")
    assert sorted(people(result)) == sorted([*TEAM, HERSELF])


def test_a_chief_who_says_she_does_not_come_is_not_signed_up() -> None:
    result = read("Vi vil gerne tilmelde følgende til kursusdagen om formidling:\n\n"
                  "·         Bo Krarup, bokr@halsnaes.dk\n"
                  "·         Tülay Øzdemir, tuoz@halsnaes.dk\n"
                  "·         Mirela Kovačević, mikov@halsnaes.dk\n\n"
                  "Selv kan jeg ikke komme med, da jeg har byrådsmøde.\n\nEAN 5798000418882")
    assert people(result) == TEAM


def test_seats_for_people_not_named_yet_do_not_sign_up_the_chief() -> None:
    result = read("Vi sender to fra huset til kursusdagen i Vejle den 22. april – navnene "
                  "følger, når vagtplanen er på plads.")
    assert result.intent == Intent.signup and people(result) == []
    assert result.review_reason is not None


def read_reply(body: str, cc: str = "", quote: str = "", sender: str = "jevi@halsnaes.dk"):
    raw = mails.outlook(sender, "Jette Vinding", "SV: Kursusdag om formidling",
                        "Hej Lisbet\n\n" + body + SIGNATURE + quote, sent=SENT,
                        charset="utf-8", extra_headers=cc)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


BO_CC = "Cc: Bo Krarup <bokr@halsnaes.dk>\r\n"
CONFIRMED = ("\n________________________________\nFra: Lisbet Vestergaard "
             "<lv@fremtidensbiblioteker.dk>\nSendt: 4. februar 2025 15:40\nTil: Jette Vinding "
             "<jevi@halsnaes.dk>\nEmne: SV: Kursusdag om formidling\n\nKære Jette\n\nTak – Bo "
             "Krarup (bokr@halsnaes.dk) og Tülay Øzdemir (tuoz@halsnaes.dk) er nu tilmeldt "
             "kursusdagen den 22. april.\n\nVenlig hilsen\nLisbet Vestergaard\n")


@pytest.mark.parametrize(("body", "cc", "quote", "intent", "expected"), [
    ("Både Bo og jeg må desværre melde fra til kursusdagen.", BO_CC, "", Intent.cancel,
     [HERSELF, TEAM[0]]),
    ("Vi må desværre melde fra til kursusdagen, både Bo Krarup (bokr@halsnaes.dk) og jeg.",
     "", "", Intent.cancel, [HERSELF, TEAM[0]]),
    ("Jeg tager til Vejle d. 22. april, og Bo (cc) kommer med mig.", BO_CC, "",
     Intent.signup, [HERSELF, TEAM[0]]),
    # first names only, the full names and addresses in the confirmation quoted below
    ("Bo og Tülay må desværre melde fra til kursusdagen – vi har sygdom i huset.", "",
     CONFIRMED, Intent.cancel, TEAM[:2]),
    ("Ja tak – og jeg tager Bo Krarup med (bokr@halsnaes.dk) til kursusdagen.", "", "",
     Intent.signup, [HERSELF, TEAM[0]]),
    # one who still comes is not cancelled with the writer
    ("Jeg må desværre melde fra til kursusdagen, men Bo kommer stadig.", BO_CC, CONFIRMED,
     Intent.cancel, [HERSELF]),
])
def test_the_writer_and_the_colleagues_she_names_by_first_name(
        body: str, cc: str, quote: str, intent: Intent, expected: list) -> None:
    result = read_reply(body, cc, quote)
    assert result.intent == intent
    assert sorted(people(result)) == sorted(expected)


def test_my_colleague_in_cc_is_the_one_copied() -> None:
    result = read_reply("Min kollega i cc vil gerne deltage i kursusdagen den 22. april. Han "
                        "er lige startet som teamleder hos os.", BO_CC)
    assert result.intent == Intent.signup and result.review_reason is None
    assert people(result) == [TEAM[0]]


def test_a_colleagues_signature_pasted_in_gives_her_name_and_address() -> None:
    result = read("Jeg vil gerne tilmelde en af mine bibliotekarer til kursusdagen om "
                  "formidling. Her er hendes oplysninger, klippet fra hendes signatur:\n\n"
                  "Tülay Øzdemir\nBibliotekar, Voksenafdelingen\nHalsnæs Bibliotekerne\n"
                  "Tlf. 4778 4123\ntuoz@halsnaes.dk\n\nFaktura til EAN 5798000418882.")
    assert result.review_reason is None
    assert people(result) == [TEAM[1]]


def test_a_chief_who_keeps_out_of_it_is_not_signed_up() -> None:
    result = read("Vi vil gerne sende vores tre ildsjæle til kursusdagen om formidling:\n\n"
                  "Bo Krarup – bokr@halsnaes.dk\nTülay Øzdemir – tuoz@halsnaes.dk\n"
                  "Mirela Kovačević – mikov@halsnaes.dk\n\n"
                  "Jeg holder mig selv udenfor denne gang. EAN 5798000418882.")
    assert people(result) == TEAM


def test_in_a_swap_of_two_neither_who_leaves_is_signed_up() -> None:
    result = read("Vi er nødt til at bytte om på kursusdagen: I stedet for Bo Krarup og Tülay "
                  "Øzdemir kommer Mirela Kovačević (mikov@halsnaes.dk).")
    assert result.intent == Intent.signup and result.review_reason is not None  # a swap
    assert people(result) == [TEAM[2]]


def test_a_tables_library_column_gives_each_participant_her_own_library() -> None:
    result = read("Vi vil gerne tilmelde følgende fra vores samarbejde til kursusdagen om "
                  "formidling:\n\n"
                  "Deltager            Bibliotek                E-mail              EAN\n"
                  "Bo Krarup           Halsnæs Bibliotekerne    bokr@halsnaes.dk    "
                  "5798000418882\n"
                  "Ida Mose            Gribskov Bibliotekerne   idmo@gribskov.dk    "
                  "5798000389274\n\nHver kommune betaler for sin egen deltager.")
    assert [(p.name, p.organisation, p.ean) for p in result.participants] == [
        ("Bo Krarup", "Halsnæs Bibliotekerne", "5798000418882"),
        ("Ida Mose", "Gribskov Bibliotekerne", "5798000389274")]


@pytest.mark.parametrize(("body", "expected"), [
    # the undersigned who registers others is the one who writes
    ("Undertegnede vil hermed gerne tilmelde Bo Krarup (bokr@halsnaes.dk) og Tülay Øzdemir "
     "(tuoz@halsnaes.dk) til kursusdagen om formidling.", TEAM[:2]),
    ("Undertegnede tilmelder hermed Bo Krarup (bokr@halsnaes.dk) til kursusdagen om "
     "formidling.", TEAM[:1]),
    # the undersigned the invoice is marked for
    ("Vi vil gerne tilmelde Bo Krarup (bokr@halsnaes.dk) og Tülay Øzdemir (tuoz@halsnaes.dk) "
     "til kursusdagen om formidling. Faktura til vores EAN, att. undertegnede.", TEAM[:2]),
    # and among those who come, one of them
    ("Til kursusdagen om formidling kommer vi to:\n\n·         Undertegnede\n"
     "·         Bo Krarup – bokr@halsnaes.dk", [HERSELF, TEAM[0]]),
])
def test_the_undersigned_is_the_writer_who_comes_only_where_listed(body: str,
                                                                    expected: list) -> None:
    assert sorted(people(read(body + "\n\nEAN 5798000418882"))) == sorted(expected)


CONFIRMED_THREE = CONFIRMED.replace(
    "og Tülay Øzdemir (tuoz@halsnaes.dk)",
    "Tülay Øzdemir (tuoz@halsnaes.dk) og Mirela Kovačević (mikov@halsnaes.dk)")


@pytest.mark.parametrize(("body", "sender", "expected"), [
    ("Vi må desværre melde afbud for alle tre til kursusdagen – budgettet er beskåret.",
     "jevi@halsnaes.dk", TEAM),
    ("Unfortunately Bo, Tülay and I have to cancel our places at the course day.",
     "jevi@halsnaes.dk", [HERSELF, *TEAM[:2]]),
    # from her private address; she and Mirela keep their places
    ("Bo og Tülay må desværre melde fra til kursusdagen. Jeg og Mirela kommer som planlagt.",
     "jettevinding@gmail.com", TEAM[:2]),
])
def test_a_cancellation_for_colleagues_the_confirmation_below_names(
        body: str, sender: str, expected: list) -> None:
    result = read_reply(body, quote=CONFIRMED_THREE, sender=sender)
    assert result.intent == Intent.cancel
    assert sorted(people(result)) == sorted(expected)


@pytest.mark.parametrize(("body", "cc"), [
    # the addresses in Cc without names: each name in the text finds the address made of it
    ("Jeg tilmelder Bo Krarup og Tülay Øzdemir (cc) til kursusdagen om formidling.",
     "Cc: tuoz@halsnaes.dk, bokr@halsnaes.dk\r\n"),
    # the names before a dash, what they do after it
    ("Bo Krarup / Tülay Øzdemir – de to skal med på kursusdagen om formidling. Jeg har sat "
     "dem cc.\n\nEAN 5798000418882",
     "Cc: Bo Krarup <bokr@halsnaes.dk>, =?utf-8?q?T=C3=BClay_=C3=98zdemir?= "
     "<tuoz@halsnaes.dk>\r\n"),
])
def test_colleagues_copied_are_found_as_the_text_names_them(body: str, cc: str) -> None:
    result = read_reply(body, cc)
    assert result.intent == Intent.signup and result.review_reason is None
    assert sorted(people(result)) == sorted(TEAM[:2])


@pytest.mark.parametrize(("body", "sender", "expected"), [
    ("Hermed tilmelding af Bo Krarup og Tülay Øzdemir samt undertegnede til kursusdagen om "
     "formidling.\n(bokr@halsnaes.dk<mailto:bokr@halsnaes.dk> / "
     "tuoz@halsnaes.dk<mailto:tuoz@halsnaes.dk>)", "jevi@halsnaes.dk", [HERSELF, *TEAM[:2]]),
    # the addresses in another order than the names: each takes the one made of her name
    ("Jeg tilmelder Bo Krarup og Tülay Øzdemir til kursusdagen om formidling.\n"
     "Mails: tuoz@halsnaes.dk; bokr@halsnaes.dk", "jevi@halsnaes.dk", TEAM[:2]),
    # from a private address, her work address marked as hers
    ("Please register me and my colleague Tülay Øzdemir for the course day. Our work emails "
     "are jevi@halsnaes.dk (me) and tuoz@halsnaes.dk (Tülay).", "jettevinding@gmail.com",
     [HERSELF, TEAM[1]]),
])
def test_addresses_apart_from_the_names_go_to_whom_they_belong(
        body: str, sender: str, expected: list) -> None:
    result = read_reply(body + "\n\nEAN 5798000418882", sender=sender)
    assert result.review_reason is None
    assert sorted(people(result)) == sorted(expected)


def test_a_list_of_names_without_addresses_waits_with_each_name() -> None:
    result = read("Vi vil gerne tilmelde følgende til kursusdagen om formidling – mailadresserne "
                  "sender jeg, når jeg har dem fra HR:\n\n"
                  "- Bo Krarup, afdelingsleder Frederiksværk\n"
                  "- Tülay Øzdemir, teamleder Hundested\n\nEAN 5798000418882")
    assert people(result) == [("Bo Krarup", None), ("Tülay Øzdemir", None)]
    assert result.review_reason is not None  # no registration without their addresses


def test_a_place_at_a_sentences_start_is_no_one_named() -> None:
    result = read("Fra Halsnæs deltager vi med to i kursusdagen om formidling:\n\n"
                  "1. Bo Krarup, afdelingsleder – bokr@halsnaes.dk\n"
                  "2. Tülay Øzdemir, teamleder – tuoz@halsnaes.dk\n\nEAN 5798000418882")
    assert result.review_reason is None  # not "Fra Halsnæs" named without an address
    assert people(result) == TEAM[:2]
