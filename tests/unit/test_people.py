"""People from form blocks filled in once per person and from lists of participants
where one comes without an address."""

import pytest

from mailreg.reading.people import (
    find_signature,
    form_blocks,
    library_of_municipality,
    listed_without_address,
    named_people,
    organisation_named,
    table_people,
)


def test_a_form_filled_in_once_per_person_is_one_block_each() -> None:
    text = ("Navn: Sara Holm\nTitel: Souschef\nBibliotek: Greve Bibliotek\n"
            "E-mail: saho@greve.dk\nEAN: 5798000416604\n\n"
            "Navn: Jonas Ærø\nStilling: Teamleder\nE-mail: joae@greve.dk\n")
    assert form_blocks(text) == [
        {"name": "Sara Holm", "title": "Souschef", "organisation": "Greve Bibliotek",
         "email": "saho@greve.dk", "ean": "5798000416604"},
        {"name": "Jonas Ærø", "title": "Teamleder", "email": "joae@greve.dk"}]


@pytest.mark.parametrize(("body", "names"), [
    ("Vi kommer tre:\n- Sara Holm, saho@greve.dk\n- Jonas Ærø (hans mail følger)\n"
     "- Bo Lind <boli@greve.dk>\n", ["Jonas Ærø"]),
    ("1. Sara Holm, saho@greve.dk\n2. Mette Kjær – ny medarbejder, mail kommer\n",
     ["Mette Kjær"]),
    ("- Sara Holm, saho@greve.dk\n- Bo Lind, boli@greve.dk\n", []),
    ("- mig selv, doma@greve.dk\n- Sara Holm, saho@greve.dk\n", []),
    ("Program:\n- Velkomst\n- Oplæg om strategi\n", []),  # no addresses: no list of people
    ("- Sara Holm, saho@greve.dk\n- Greve Bibliotek, Hovedbiblioteket\n", []),
    ("Navn          Titel        E-mail\n\nSara Holm     Souschef     saho@greve.dk\n\n"
     "Jonas Ærø     Bibliotekar  (følger)\n\nBo Lind       Formidler    boli@greve.dk\n",
     ["Jonas Ærø"]),
    ("Tilmelding til netværksmødet 27/3:\n\nBruun, Anette\nKjær, Steffen\n\nBegge er "
     "afdelingsledere hos os.", ["Anette Bruun", "Steffen Kjær"]),
], ids=["dash", "numbered", "all-with-address", "mig-selv", "agenda", "organisation",
        "table-rows-apart", "surname-first"])
def test_a_listed_participant_without_an_address_is_found(body: str, names: list[str]) -> None:
    assert listed_without_address(body) == names


def test_names_pasted_from_an_address_book_are_turned_round() -> None:
    body = "Clausen, Dorthe <docl@skive.dk>; Bruun, Carsten <cabr@skive.dk>\n"
    assert [(p.name, p.email) for p in named_people(body, set())] == [
        ("Dorthe Clausen", "docl@skive.dk"), ("Carsten Bruun", "cabr@skive.dk")]


def test_a_library_beats_the_municipality_it_belongs_to() -> None:
    from mailreg.reading.people import organisation_in

    assert organisation_in(["Souschef | Greve Bibliotek og Kulturhus", "Greve Kommune"]) == (
        "Greve Bibliotek og Kulturhus")
    assert organisation_in(["Kultur- og fritidskonsulent", "Greve Kommune"]) == "Greve Kommune"


def test_the_library_system_beside_a_phone_in_a_signature_table_beats_the_branch() -> None:
    from mailreg.reading.people import organisation_in

    assert organisation_in(["Biblioteksleder", "Hinnerup Bibliotek",
                            "Favrskov Bibliotekerne\tTlf. 89 64 52 71"]) == (
        "Favrskov Bibliotekerne")


def test_a_library_written_in_danish_and_english_is_its_danish_name() -> None:
    from mailreg.reading.people import organisation_in

    assert organisation_in(["Project Manager, Partnerships",
                            "Københavns Biblioteker | Copenhagen Libraries",
                            "Københavns Kommune"]) == "Københavns Biblioteker"
    assert organisation_in(["Head of Section", "Aarhus Bibliotekerne (Aarhus Public "
                            "Libraries)"]) == "Aarhus Bibliotekerne"


def test_name_dash_title_dash_address_lines_name_the_person_not_the_title() -> None:
    from mailreg.reading.people import named_people

    body = ("Vi melder to deltagere til netværket:\n\n"
            "Sidsel Holm-Kragh – leder af Grøn Omstilling – siho@horsens.dk\n"
            "Emil Raahauge - projektleder, Bæredygtige Biblioteker - emra@horsens.dk\n")
    assert [(p.name, p.email) for p in named_people(body, set())] == [
        ("Sidsel Holm-Kragh", "siho@horsens.dk"), ("Emil Raahauge", "emra@horsens.dk")]


def test_rows_pasted_from_a_spreadsheet_join_first_name_and_surname() -> None:
    body = ("Her er vores tilmeldinger:\n\nFornavn\tEfternavn\tMail\tAfdeling\n"
            "Jesper\tVestergaard Lund\tjevl@esbjerg.dk\tEsbjerg Hovedbibliotek\n"
            "Yasmin\tEl-Sayed\tyael@esbjerg.dk\tRibe Bibliotek\n\nFaktura til EAN 5798000967946\n")
    assert [(p.name, p.email, p.organisation) for p in table_people(body)] == [
        ("Jesper Vestergaard Lund", "jevl@esbjerg.dk", None),
        ("Yasmin El-Sayed", "yael@esbjerg.dk", None)]


def test_an_html_table_made_text_gives_each_row_its_address_and_ean() -> None:
    body = ("De står herunder:\n\nNavn                 Mail                   EAN\n\n"
            "Sofie Ravn-Jakobsen  sora@albertslund.dk    5798000278752\n\n"
            "Kenneth Abildgaard   keab@albertslund.dk\n\nTak!\n")
    assert [(p.name, p.email, p.ean) for p in table_people(body)] == [
        ("Sofie Ravn-Jakobsen", "sora@albertslund.dk", "5798000278752"),
        ("Kenneth Abildgaard", "keab@albertslund.dk", None)]


def test_a_line_of_words_that_are_no_column_heads_is_no_table() -> None:
    assert table_people("Navn og mail følger\nSofie Ravn  sora@albertslund.dk\n") == []


def test_a_library_named_across_a_soft_line_break_is_found() -> None:
    from mailreg.reading.people import organisation_named

    text = ("Tilmelding til formidlingskurset d. 22/4 for Anne-Mette Vinther, Herning \n"
            "Bibliotekerne, EAN 5798039767817, tak")
    assert organisation_named(text) == "Herning Bibliotekerne"


def test_names_with_an_apostrophe_or_mc_are_names() -> None:
    body = ("Jeg tilmelder Sinéad O'Brien (sino@helsingor.dk) og Ian McDonald "
            "<ianm@helsingor.dk>.\n")
    assert [(p.name, p.email) for p in named_people(body, set())] == [
        ("Sinéad O'Brien", "sino@helsingor.dk"), ("Ian McDonald", "ianm@helsingor.dk")]


def test_a_table_head_in_other_words_and_a_column_of_remarks_is_still_a_head() -> None:
    body = ("Navn på deltager\tStillingsbetegnelse\tE-mailadresse\tBemærkning\n"
            "Lis Holm\tAfdelingsleder\tliho@greve.dk\tvegetar\n")
    assert [(p.name, p.email, p.title) for p in table_people(body)] == [
        ("Lis Holm", "liho@greve.dk", "Afdelingsleder")]


def test_a_table_name_written_surname_first_is_turned_round() -> None:
    body = "Navn\tMail\nLund, Jesper\tjelu@assens.dk\nØstergaard, Marianne\tmaoe@assens.dk\n"
    assert [p.name for p in table_people(body)] == ["Jesper Lund", "Marianne Østergaard"]


def test_a_workplace_field_with_branch_and_system_gives_the_system() -> None:
    blocks = form_blocks("Navn: Gry Sandholt Iversen\nStilling: Fagkoordinator, Voksen\n"
                         "Arbejdssted: Esbjerg Hovedbibliotek, Esbjerg Kommunes Biblioteker\n"
                         "E-mail: gsiv@esbjerg.dk\n")
    assert blocks[0]["organisation"] == "Esbjerg Kommunes Biblioteker"
    assert form_blocks("Bibliotek: Hovedbiblioteket, Aarhus\n")[0]["organisation"] == (
        "Hovedbiblioteket, Aarhus")


@pytest.mark.parametrize(("text", "organisation"), [
    ("Fakturaen bedes sendt til Hjørring Bibliotekerne, EAN 5798000957015.",
     "Hjørring Bibliotekerne"),
    ("Vi var på besøg på Aalborg Bibliotekerne sidste år.", "Hjørring Kommune"),
], ids=["her-towns-library", "another-towns-library"])
def test_a_municipality_in_the_signature_gives_way_to_its_library_named_in_the_text(
        text: str, organisation: str) -> None:
    assert library_of_municipality("Hjørring Kommune", text) == organisation


def test_a_name_and_a_comma_before_an_address_in_a_sentence_is_her_address() -> None:
    body = "Kan du tilmelde Mikkel Sand, misa@kolding.dk, til kursusdagen d. 22/4."
    assert [(p.name, p.email) for p in named_people(body, set())] == [
        ("Mikkel Sand", "misa@kolding.dk")]


def test_the_label_before_a_library_is_no_part_of_its_name() -> None:
    assert organisation_named("EAN Kolding Bibliotekerne: 5798008109188") == (
        "Kolding Bibliotekerne")


def test_a_table_written_one_cell_to_a_line_gives_its_rows() -> None:
    """Outlook's text part of a Word table: each cell on a line of its own."""
    body = ("Vi vil gerne sende to til netværksmødet i Roskilde:\n\nNavn\n\nStilling\n\n"
            "Arrangement\n\nBirthe Sand\n\nSouschef\n\nNetværksmøde 27/3\n\nKenneth Lyng\n\n"
            "Teamleder, Børn\n\nNetværksmøde 27/3\n\n \n\nEAN 5798008366789")
    assert [(p.name, p.email, p.title) for p in table_people(body)] == [
        ("Birthe Sand", None, "Souschef"), ("Kenneth Lyng", None, "Teamleder, Børn")]
    # a form is no table: "Navn: Bo Holm" is a field with its value
    assert table_people("Navn: Bo Holm\nMail: boho@skive.dk\nStilling: Souschef") == []


@pytest.mark.parametrize(("text", "library"), [
    ("mvh tanja\nlyngby-taarbæk bibliotekerne", "lyngby-taarbæk bibliotekerne"),
    ("med venlig hilsen Torben Kjærsgaard Frederikshavn bibliotek", "Frederikshavn bibliotek"),
    ("mvh lise, haderslev bibliotekerne", "haderslev bibliotekerne"),
    ("jeg glæder mig til at vise det frem fra vores bibliotek", ""),
])
def test_a_library_written_without_capitals_is_found_as_written(text: str, library: str) -> None:
    assert organisation_named(text) == library


def test_a_heading_before_a_library_is_no_part_of_its_name() -> None:
    assert organisation_named("Tilmeldinger Skanderborg Bibliotekerne\nNavn: Lise Holm") == (
        "Skanderborg Bibliotekerne")


@pytest.mark.parametrize("first_line", ["Dr. Sabine Kühnert", "Prof. Sabine Kühnert"])
def test_an_academic_title_before_the_signature_name_is_no_part_of_it(first_line: str) -> None:
    lines = ["Jeg vil gerne deltage.", "", "With kind regards", "", first_line,
             "Souschef / Deputy Head", "Aabenraa Bibliotekerne"]
    assert find_signature(lines).name == "Sabine Kühnert"
