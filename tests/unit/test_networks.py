"""Which network a text names (reading/networks.py and lexicon/networks.toml): whole
names and aliases, words only one network uses, typos and compounds, the date of the
first meeting; and the everyday words that never name one on their own."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from mailreg.config import NetworkConfig
from mailreg.domain.model import Intent, Why
from mailreg.reading.networks import named, other_day, terms, weigh
from mailreg.reading.understand import which_networks

FIVE = Path(__file__).resolve().parents[1] / "corpus" / "five" / "networks.toml"
NETWORKS = [NetworkConfig(**n, deadline=date(2025, 3, 14))
            for n in tomllib.loads(FIVE.read_text(encoding="utf-8"))["networks"]]


@pytest.mark.parametrize(("text", "slugs"), [
    ("Jeg vil gerne tilmelde mig netværket om hverdagsledelse.", {"hverdagsledelse"}),
    ("Tilmelding: Ledelse af bæredygtighed", {"baeredygtighed"}),
    ("Jeg vil gerne med på strategikonferencen.", {"kommunekonference"}),
    ("til netværksmødet i CB-området", {"cb-netvaerksmoede"}),
    ("Kursusdag: Formidling af skønlitteratur", {"formidlingskursus"}),
    ("hverdagsleldelse", {"hverdagsledelse"}),  # a typo
    ("bæredygtihed", {"baeredygtighed"}),
    ("netværket om hverdagsleldese", {"hverdagsledelse"}),  # two letters swapped round
    ("hverdagsledelsesnetværket", {"hverdagsledelse"}),  # a compound
    ("Tilmelding til kursusdagen den 22. april", {"formidlingskursus"}),  # event + date
    ("konferencen d. 12/5", {"kommunekonference"}),
    ("Jeg vil gerne med til konferencen.", {"kommunekonference"}),  # the only conference
    ("både kursusdagen om formidling og netværket om hverdagsledelse",
     {"formidlingskursus", "hverdagsledelse"}),
    ("Der er to konferencer i maj; jeg vælger jeres konference.", {"kommunekonference"}),  # forms
    ("skønlitteraturkurset", {"formidlingskursus"}),  # a compound on a distinctive word
    # English mail names the networks in English
    ("I would like to join the sustainability network.", {"baeredygtighed"}),
    ("Please sign me up for the conference in May.", {"kommunekonference"}),
    ("the course day on fiction", {"formidlingskursus"}),
    ("the network that starts on June 3rd", {"hverdagsledelse"}),  # the date month first
    # what people call them
    ("Sæt et kryds ved mig til det grønne netværk.", {"baeredygtighed"}),
    ("hverdagsnetværket", {"hverdagsledelse"}),
])
def test_a_network_is_named(text: str, slugs: set[str]) -> None:
    assert set(named(text, NETWORKS)) == slugs, weigh(text, NETWORKS)


@pytest.mark.parametrize("text", [
    "Aarhus Kommunes Biblioteker, Hovedbiblioteket, 8000 Aarhus C",
    "Vi har travlt i kommunen og i området for tiden.",
    "Souschef, Hørsholm Bibliotek",
    "Hørsholm Kommune behandler personoplysninger efter databeskyttelsesforordningen.",
    "Jeg er leder af formidling og læring i Ishøj.",
    "mellemledernetværket",  # both networks for middle managers are that
    "Vi glæder os til samarbejdet med kommunens kulturforvaltning.",
])
def test_everyday_words_name_no_network(text: str) -> None:
    assert named(text, NETWORKS) == {}, weigh(text, NETWORKS)


@pytest.mark.parametrize(("text", "slugs"), [
    ("Afbud til bæredygtighedsnetværket, jeg er sat på Kulturministeriets konference samme dag",
     {"baeredygtighed"}),
    ("Jeg skal desværre til KL's konference den dag.", set()),
    ("I'm at the Ministry's conference that week.", set()),
    ("Danmarks Biblioteksforenings kursus om læseklubber", set()),
    # the season's and the think tank's own are ours
    ("Forårets konference i Aalborg", {"kommunekonference"}),
])
def test_another_organisers_event_names_none_of_ours(text: str, slugs: set[str]) -> None:
    assert set(named(text, NETWORKS)) == slugs, weigh(text, NETWORKS)


@pytest.mark.parametrize("text", [
    "Count me in for the Skønlitteratur og ledelse reading list you mentioned!",
    "Slet mig venligst fra nyhedsbrevet om bæredygtighed.",
])
def test_a_list_to_be_on_names_no_network(text: str) -> None:
    assert which_networks(Intent.signup, text, "", "", NETWORKS)[0] == ()


def test_a_word_two_networks_share_tells_them_apart_no_better_than_a_stopword() -> None:
    for slug, found in terms(tuple((n.slug, (n.name, *n.aliases)) for n in NETWORKS)).items():
        words = {t.word for t in found if t.kind != "phrase"}
        others = {t.word for s, f in terms(tuple((n.slug, (n.name, *n.aliases))
                                                 for n in NETWORKS)).items()
                  if s != slug for t in f if t.kind != "phrase"}
        assert not words & others, slug


PLACES = {"kommunekonference": "Nordkraft, Kjellerupstorv 1, 9000 Aalborg",
          "cb-netvaerksmoede": "Roskilde Bibliotek, Dronning Margrethes Vej 14, 4000 Roskilde",
          "formidlingskursus": "Vejle Bibliotekerne, Willy Sørensens Plads 1, 7100 Vejle",
          "hverdagsledelse": "Vejle Bibliotekerne, Willy Sørensens Plads 1, 7100 Vejle"}
LOCATED = [n.model_copy(update={"location": PLACES.get(n.slug, "")}) for n in NETWORKS]


@pytest.mark.parametrize(("text", "slugs"), [
    ("Jeg vil gerne med til mødet i Roskilde.", {"cb-netvaerksmoede"}),
    ("Skriv mig op til Roskilde-mødet", {"cb-netvaerksmoede"}),
    ("Vi tager gerne to med til Aalborg", {"kommunekonference"}),
    ("Hvor ligger Nordkraft?", {"kommunekonference"}),  # a venue wherever it stands
    ("I'd love to come to Aalborg in May.", {"kommunekonference"}),
    ("1) Roskilde\n2) mig selv\n3) 5798000106789", {"cb-netvaerksmoede"}),  # an answer
])
def test_a_network_is_named_by_where_it_meets(text: str, slugs: set[str]) -> None:
    assert set(named(text, LOCATED)) == slugs, weigh(text, LOCATED)


@pytest.mark.parametrize("text", [
    "Vi i Roskilde har længe talt om at komme med i et netværk.",
    "Jeg er souschef på Roskilde Bibliotek.",
    "Til Aalborg Kommune, att. Kulturforvaltningen",
    "Jeg vil gerne tilmelde mig. Hilsen fra Aalborg",
    "Jeg vil gerne tilmelde mig.\nRoskilde Bibliotek",
])
def test_a_town_said_as_the_writers_own_names_no_network(text: str) -> None:
    assert named(text, LOCATED) == {}, weigh(text, LOCATED)


def test_without_a_location_a_town_names_nothing() -> None:
    unlocated = [n.model_copy(update={"location": ""}) for n in NETWORKS]
    assert named("Jeg vil gerne med til mødet i Roskilde.", unlocated) == {}


@pytest.mark.parametrize(("text", "slugs"), [
    ("Jeg vil gerne med i netværket der starter i juni.", {"hverdagsledelse"}),
    ("Skriv mig op til mødet i marts.", {"cb-netvaerksmoede"}),
    ("Jeg tager den i juni, tak.", {"hverdagsledelse"}),
    ("Count me in for the June network.", {"hverdagsledelse"}),
    # two networks first meet in April: the month names neither
    ("Jeg vil gerne med til den i april.", set()),
])
def test_a_network_is_named_by_the_month_it_meets_in_when_no_other_does(
        text: str, slugs: set[str]) -> None:
    assert set(named(text, NETWORKS)) == slugs, weigh(text, NETWORKS)


@pytest.mark.parametrize("text", [
    "Jeg er desværre på ferie i juni.",
    "Vi har travlt i marts med ombygningen.",
])
def test_a_month_not_said_of_an_event_names_no_network(text: str) -> None:
    assert named(text, NETWORKS) == {}, weigh(text, NETWORKS)


def test_a_town_two_networks_meet_in_names_neither() -> None:
    assert named("Jeg vil gerne med til dagen i Vejle.", LOCATED) == {}
    assert set(named("Jeg vil gerne med til kursusdagen i Vejle.", LOCATED)) == {
        "formidlingskursus"}


INVITATION = ("Hermed invitation til nyt mellemledernetværk om HVERDAGSLEDELSE. Blandt de "
              "konkrete aktiviteter på møderne vil indgå konceptet Skønlitteratur og ledelse. "
              "Første møde: 3. juni 2025. Tilmelding til lv@fremtidensbiblioteker.dk.")


@pytest.mark.parametrize(("text", "slugs"), [
    # a theme of the invitation she answers, which is a word of another network's name
    ("Skønlitteratur og ledelse lyder virkelig spændende - skriv mig op!",
     ("hverdagsledelse",)),
    # another network in words of its own is still that one
    ("Jeg vil hellere med på kursusdagen om formidling af skønlitteratur.",
     ("formidlingskursus",)),
])
def test_words_taken_from_the_invitation_she_answers_name_that_invitations_network(
        text: str, slugs: tuple[str, ...]) -> None:
    found, _reason, _evidence = which_networks(
        Intent.signup, text, "Re: Invitation til nyt mellemledernetværk om hverdagsledelse",
        INVITATION, NETWORKS)
    assert found == slugs


def test_a_time_of_day_is_no_date() -> None:
    """"kl. 15" is no 1 May: a day and a month in digits need a sign between them."""
    assert other_day("Jeg skal gå før kl. 15 til det første møde.", NETWORKS) == ""
    assert set(named("Vi ses 22/4 og 22.04 og den 22. april.", NETWORKS)) == {"formidlingskursus"}


def test_another_day_is_found_however_its_month_is_capitalised() -> None:
    assert other_day("Jeg kan kun den 13 Maj.", NETWORKS) == "13 maj"


@pytest.mark.parametrize(("text", "slugs"), [
    # one event named with another's date or place, or two only by their details: hers to ask
    ("Jeg vil gerne med til konferencen den 27. marts.", ()),
    ("Kan du skrive mig på CB-mødet i Vejle?", ()),
    ("Jeg vil gerne med til mødet i Roskilde den 22. april.", ()),
    # the date and the place both fit one event, the other only a word of its kind
    ("Jeg vil gerne tilmelde mig netværksmødet i Aalborg den 12. maj.", ("kommunekonference",)),
    # two events listed are two
    ("Jeg vil gerne tilmelde mig hverdagsledelsen og kursusdagen i Vejle.",
     ("formidlingskursus", "hverdagsledelse")),
])
def test_one_event_described_with_anothers_details_is_for_the_coordinator(
        text: str, slugs: tuple[str, ...]) -> None:
    found, reason, _evidence = which_networks(Intent.signup, text, "", "", NETWORKS)
    assert found == slugs
    assert (reason is not None and reason.code == Why.mixed_up) == (not slugs)


@pytest.mark.parametrize("text", [
    "Jeg havde tænkt mig at melde mig til kursusdagen i Vejle, men min chef har bedt mig tage "
    "med til konferencen i Aalborg i stedet. Så jeg vil gerne tilmeldes konferencen.",
    "Planen var, at jeg skulle på kursusdagen, men nu vil jeg hellere med til konferencen.",
])
def test_an_event_of_a_plan_she_had_is_not_asked_for(text: str) -> None:
    assert which_networks(Intent.signup, text, "", "", NETWORKS)[0] == ("kommunekonference",)


def test_a_request_under_a_table_means_the_table_not_its_last_row() -> None:
    table = ("Arrangement\tDato\tDeltager\n"
             "Netværksmøde for souschefer og mellemledere i CB-området\t27/3\tPeter Lorentzen\n"
             "Mellemledernetværk om hverdagsledelse\t3/6\t–\n\n"
             "Kan du registrere dem, der står med navn ud for jeres arrangementer?")
    # (which row's network is whose is then the people's: `per_person`)
    assert which_networks(Intent.signup, table, "", "", NETWORKS)[0] == (
        "cb-netvaerksmoede", "hverdagsledelse")


REMINDER = ("> Her er de arrangementer, vi tager imod tilmeldinger til:\n>\n"
            "> 1. Netværksmøde for souschefer og mellemledere i CB-området\n"
            "> Torsdag 27. marts 2025 på Roskilde Bibliotek\n>\n"
            "> 2. Ledelse af bæredygtighed\n> Første møde torsdag 3. april 2025\n>\n"
            "> 3. Kursusdag: Formidling af skønlitteratur\n> Tirsdag 22. april 2025 i Vejle\n>\n"
            "> Husk: konferencen i Aalborg har sin egen frist.\n>\n"  # (no item of the list)
            "> Venlig hilsen\n> Lisbet Vestergaard\n")


@pytest.mark.parametrize(("text", "slugs"), [
    ("Nr. 3 for mig, tak.", ("formidlingskursus",)),
    ("Vil gerne med til den første.", ("cb-netvaerksmoede",)),
    ("Skriv mig gerne op til den sidste på listen.", ("formidlingskursus",)),
    ("nr. 1 og 2 tak", ("baeredygtighed", "cb-netvaerksmoede")),
    ("Jeg tager gerne den i Vejle.", ("formidlingskursus",)),
    ("Nr. 7 for mig.", ()),  # no such place in the list: hers to ask
    ("Jeg vil gerne med, men kan ikke komme til det første møde.", ()),  # a meeting's place
])
def test_a_reply_picks_an_event_by_its_place_in_the_list_it_answers(
        text: str, slugs: tuple[str, ...]) -> None:
    assert which_networks(Intent.signup, text, "", REMINDER, NETWORKS)[0] == slugs
