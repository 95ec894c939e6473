"""Who a sign-up registers: the rows of a table (pasted from a spreadsheet or written in
an HTML-only mail), a form filled in once per person with her own EAN, and the sender
only when she is meant."""

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import COORDINATOR, networks

from mailreg.domain.model import Intent, Why
from mailreg.reading.people import find_signature, is_role_address
from mailreg.reading.understand import _body, _comes_herself, participants, understand

NETWORKS = networks(Path(__file__).resolve().parents[1] / "corpus" / "seven")
SENT = datetime(2025, 2, 6, 9, 0, tzinfo=UTC)
SIGNATURE = "\n\nVenlig hilsen\nMads Ebbesen\nBibliotekschef\nAlbertslund Bibliotek\n"


def read(body: str, sender: str = "mads.ebbesen@albertslund.dk", name: str = "Mads Ebbesen",
         signature: str = SIGNATURE):
    raw = mails.outlook(sender, name, "Tilmelding", body + signature, sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS)


def html_only(html: str):
    """An Outlook mail with no text part: the table is HTML only."""
    raw = ("From: Mads Ebbesen <mads.ebbesen@albertslund.dk>\r\n"
           "To: lv@fremtidensbiblioteker.dk\r\nSubject: Tilmelding\r\n"
           "Date: Thu, 06 Feb 2025 09:00:00 +0000\r\nMessage-ID: <t1@albertslund.dk>\r\n"
           "MIME-Version: 1.0\r\nContent-Type: text/html; charset=\"utf-8\"\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + html).encode()
    return understand(mails.inbound(raw, SENT), NETWORKS)


def test_the_rows_of_an_html_table_are_the_participants_not_the_chief() -> None:
    rows = "".join(f"<tr><td><p>{n}</p></td><td><p>{a}</p></td><td><p>5798000278752</p></td></tr>"
                   for n, a in (("Sofie Ravn-Jakobsen", "sora@albertslund.dk"),
                                ("Kenneth Abildgaard", "keab@albertslund.dk")))
    result = html_only(
        "<html><body><p>Hej Lisbet,</p><p>Jeg vil gerne tilmelde to af mine ledere til "
        "netværket om ledelse af bæredygtighed. De står herunder:</p><table>"
        "<tr><td><p><b>Navn</b></p></td><td><p><b>Mail</b></p></td><td><p><b>EAN</b></p></td>"
        f"</tr>{rows}</table><p>Tak!</p><p>Venlig hilsen</p><p>Mads Ebbesen</p>"
        "<p>Bibliotekschef</p><p>Albertslund Bibliotek</p></body></html>")
    assert result.review_reason is None
    assert {(p.name, p.email, p.organisation, p.ean) for p in result.participants} == {
        ("Sofie Ravn-Jakobsen", "sora@albertslund.dk", "Albertslund Bibliotek", "5798000278752"),
        ("Kenneth Abildgaard", "keab@albertslund.dk", "Albertslund Bibliotek", "5798000278752")}


def test_each_form_block_keeps_its_own_ean_with_a_branch_after_it() -> None:
    result = read("Hermed tilmelding af to medarbejdere til kursusdagen i Vejle:\n\n"
                  "Navn: Lærke Winther\nTitel: Bibliotekar\nMail: lawi@albertslund.dk\n"
                  "EAN: 5798000962644 (Glamsbjerg Bibliotek)\n\n"
                  "Navn: Ebbe Kjærsgaard\nTitel: Kulturformidler\nMail: ebkj@albertslund.dk\n"
                  "EAN: 5798000586802 (Assens Bibliotek)")
    assert [(p.name, p.ean) for p in result.participants] == [
        ("Lærke Winther", "5798000962644"), ("Ebbe Kjærsgaard", "5798000586802")]


def test_her_address_in_prose_goes_to_the_one_named_without_one() -> None:
    result = read("Vi vil gerne tilmelde vores leder af børne- og ungeområdet, Astrid Kjærulff, "
                  "til netværket om ledelse af bæredygtighed. Hendes direkte mail er "
                  "askj@dragoer.dk - send gerne bekræftelsen dertil.\n\nEAN: 5798000367401",
                  sender="bibliotek@dragoer.dk", name="Dragør Bibliotek",
                  signature="\n\nVenlig hilsen\nDragør Bibliotek\nKirkevej 7, 2791 Dragør\n")
    assert result.review_reason is None
    assert [(p.name, p.email, p.organisation) for p in result.participants] == [
        ("Astrid Kjærulff", "askj@dragoer.dk", "Dragør Bibliotek")]


def test_the_library_system_is_the_organisation_not_the_branch() -> None:
    result = read("Jeg vil gerne tilmeldes kursusdagen om formidling af skønlitteratur.",
                  sender="ahra@aarhus.dk", name="Ahmad Rahimi",
                  signature="\n\nMed venlig hilsen\n\nAhmad Rahimi\nBibliotekar\n"
                            "Tranbjerg Bibliotek\nAarhus Kommunes Biblioteker\n\nAarhus Kommune\n")
    assert [p.organisation for p in result.participants] == ["Aarhus Kommunes Biblioteker"]


def test_a_private_address_with_no_name_takes_the_library_from_the_prose() -> None:
    result = read("Jeg vil gerne tilmeldes mellemledernetværket om hverdagsledelse. Jeg er "
                  "mellemleder i Ikast-Brande Bibliotek og skriver fra min private mail.",
                  sender="lillemus.bogorm@hotmail.com", name="",
                  signature="\n\nVenlig hilsen\n")
    assert [(p.name, p.email, p.organisation) for p in result.participants] == [
        ("", "lillemus.bogorm@hotmail.com", "Ikast-Brande Bibliotek")]


@pytest.mark.parametrize(("text", "signature", "organisation"), [
    ("", "Nadia El-Sayed | Teamleder, Borgerservice og Bibliotek | Ishøj Bibliotek | "
     "Tlf. 4357 7100", "Ishøj Bibliotek"),
    ("", "Nadia El-Sayed, Leder af Borgerservice og Bibliotek\nLæsø Bibliotek", "Læsø Bibliotek"),
    ("", "Best / Venlig hilsen\nNadia El-Sayed\nHead of Branch Libraries\nOdense Bibliotekerne",
     "Odense Bibliotekerne"),
    (" My details: Nadia El-Sayed, Librarian, Helsingør Kommunes Biblioteker. EAN: "
     "5798006209835", "Nadia", "Helsingør Kommunes Biblioteker"),
    (" Vi er kun to ledere på Morsø Folkebibliotek, så det bliver mig.", "Hilsen\nNadia",
     "Morsø Folkebibliotek"),
    ("", "Venlig hilsen\nNadia El-Sayed\nBibliotekar\nKolding Stadsbibliotek\nKolding Kommune",
     "Kolding Stadsbibliotek"),
    ("", "Venlig hilsen\nNadia El-Sayed\nFaxe Bibliotekerne - administrationen",
     "Faxe Bibliotekerne"),
    ("", "Venlig hilsen\nNadia El-Sayed\nLeder af Borgerservice og Bibliotek\nLæsø Kommune",
     "Læsø Kommune"),
    ("\n\nTilmelding Aalborg 12.5. - Nadia El-Sayed, Frederikshavn Bibliotek.", "Mvh Nadia",
     "Frederikshavn Bibliotek"),
    ("", "Thanks,\nNadia El-Sayed\nHead of Libraries\nFuresø Bibliotek & Borgerservice",
     "Furesø Bibliotek & Borgerservice"),
    ("", "Best regards\nNadia El-Sayed\nSenior Librarian\nStadsbiblioteket Lyngby | "
     "Lyngby-Taarbæk Kommune", "Stadsbiblioteket Lyngby"),
    ("", "Venlig hilsen\nNadia El-Sayed\nVordingborg Bibliotekerne / Kultur og Borgerservice",
     "Vordingborg Bibliotekerne"),
    ("", "Venlig hilsen\nNadia El-Sayed\n[Herning Bibliotekerne]", "Herning Bibliotekerne"),
], ids=["pipes", "title-then-library-line", "two-closings", "details-line", "folkebibliotek",
        "stadsbibliotek", "department-after-dash", "department-then-municipality",
        "details-line-full-stop", "head-of-libraries", "library-named-by-its-town",
        "department-after-slash", "logo-alt-text"])
def test_the_library_from_every_shape_of_signature(text: str, signature: str,
                                                   organisation: str) -> None:
    result = read("Jeg vil gerne tilmelde mig kursusdagen om formidling." + text,
                  sender="nels@ishoj.dk", name="Nadia El-Sayed", signature="\n\n" + signature)
    assert [(p.name, p.organisation) for p in result.participants] == [
        ("Nadia El-Sayed", organisation)]


def test_the_first_word_of_a_sentence_is_no_part_of_a_librarys_name() -> None:
    result = read("Fra Hvidovre Bibliotekerne tilmelder vi Tina Bruhn <tibr@hvidovre.dk> til "
                  "konferencen.", sender="likr@hvidovre.dk", name="Lisbeth Krogh",
                  signature="\n\nVenlig hilsen\nLisbeth Krogh\nBibliotekschef\n")
    assert [p.organisation for p in result.participants] == ["Hvidovre Bibliotekerne"]


@pytest.mark.parametrize(("body", "organisation"), [
    ("vil gerne med til kurset i vejle\n\nmvh lise, haderslev bibliotekerne",
     "haderslev bibliotekerne"),
    ("jeg vil gerne deltage på formidlingskurset mvh lise fra ærø bibliotek", "ærø bibliotek"),
    ("vil gerne med på kurset ean 5798005512066 (ringkøbing-skjern bibliotekerne)",
     "ringkøbing-skjern bibliotekerne"),
    ("jeg vil gerne med på kurset, det er for hele vores bibliotek\nmvh lise", None),
    ("jeg vil gerne med på kurset. jeg er mellemleder på Hjørring bibliotekerne. mvh lise",
     "Hjørring bibliotekerne"),
], ids=["after-comma", "after-fra", "in-brackets", "not-a-town", "after-paa"])
def test_the_library_of_one_who_writes_without_capitals(body: str, organisation: str) -> None:
    result = read(body, sender="lisekd@gmail.com", name="Lise Kragh Damgaard", signature="")
    assert [p.organisation for p in result.participants] == [organisation]


@pytest.mark.parametrize(("display", "signature", "name"), [
    ("Bøgh, Ann Sofie", "Venlig hilsen\nANN SOFIE BØGH\nSouschef\nHerlev Bibliotek",
     "Ann Sofie Bøgh"),
    ("Brodersen, Jens", "Mvh\nJENS", "Jens Brodersen"),
    ("Thomas O'Brien", "Cheers, Tom", "Thomas O'Brien"),
    ("Kristian Lund", "Mvh Kris", "Kristian Lund"),
    ("", "Venlig hilsen\nMETTE HOLM\nBibliotekar", "Mette Holm"),
    ("Annemette Lysgaard", "Kh Mette", "Annemette Lysgaard"),
    ("Anette Brandt", "Kh Nete\nHedensted Bibliotekerne", "Anette Brandt"),
    ("Poul Erik Vinther", "Mvh\nPoul Erik", "Poul Erik Vinther"),
    ("Jens Otto Grum", "Best regards,\nJens Otto\nMiddelfart Bibliotek", "Jens Otto Grum"),
], ids=["capitals-as-from", "capital-first-name", "nickname", "short-form", "capitals-alone",
        "end-of-compound", "without-leading-vowel", "double-first-name", "double-first-name-en"])
def test_the_sender_is_named_in_normal_case_and_by_her_from_name(
        display: str, signature: str, name: str) -> None:
    result = read("Skriv mig gerne op til kursusdagen om formidling af skønlitteratur.",
                  sender="asbo@herlev.dk", name=display, signature="\n\n" + signature + "\n")
    assert [p.name for p in result.participants] == [name]
    assert result.writer == name  # the reply greets her by this name


@pytest.mark.parametrize(("postscript", "intent"), [
    ("PS. Skriv mig lige på til kursusdagen i Vejle d. 22/4 - jeg har fået ok fra min chef.",
     Intent.signup),
    ("P.S.: Jeg bliver desværre nødt til at melde fra til kursusdagen i Vejle.", Intent.cancel),
], ids=["sign-up", "cancellation"])
def test_a_postscript_under_the_signature_is_read_as_the_mail(postscript: str,
                                                              intent: Intent) -> None:
    result = read("Mange tak for dine slides fra sidst.",
                  signature=SIGNATURE + "\n" + postscript + "\n")
    assert (result.intent, result.networks, result.review_reason) == (
        intent, ("formidlingskursus",), None)
    assert [p.name for p in result.participants] == ["Mads Ebbesen"]


def test_a_nickname_written_in_her_own_address_takes_the_from_name() -> None:
    result = read("Vil du være sød at annullere min tilmelding til kursusdagen?",
                  sender="rie.kloevedal@gmail.com", name="Marie Kløvedal",
                  signature="\n\nVh Rie\n")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Marie Kløvedal", "rie.kloevedal@gmail.com")]


def test_a_sign_off_of_another_first_name_does_not_take_the_from_name() -> None:
    result = read("Skriv mig gerne op til kursusdagen om formidling af skønlitteratur.",
                  sender="asbo@herlev.dk", name="Thomas Brink", signature="\n\nMvh\nPeter\n")
    assert [(p.name, p.email) for p in result.participants] == [("", "asbo@herlev.dk")]


@pytest.mark.parametrize("body", [
    "Lone Højer er desværre sygemeldt i længere tid, så i stedet for hende kommer Maria Hjort "
    "(mahj@albertslund.dk) til konferencen den 12. maj.",
    "Vi sender Maria Hjort (mahj@albertslund.dk) i stedet for Lone Højer til konferencen.",
    "Lone Højer er desværre forhindret den 12. maj, så Maria Hjort deltager for os "
    "(mahj@albertslund.dk).",
    "Lone Højer kan alligevel ikke den 12. maj, men Maria Hjort tager hendes plads. Hun har "
    "mail mahj@albertslund.dk.",
    # the writer is the one who leaves
    "Jeg og min chef har aftalt, at Maria Hjort tager min plads på konferencen den 12. maj. "
    "Marias mail er mahj@albertslund.dk.",
])
def test_the_one_another_comes_in_place_of_is_no_participant(body: str) -> None:
    result = read(body)
    assert [(p.name, p.email) for p in result.participants] == [
        ("Maria Hjort", "mahj@albertslund.dk")]


@pytest.mark.parametrize("body", [
    "Kan vi bytte Søren Buus ud med Maria Hjort (mahj@albertslund.dk) til netværksmødet den "
    "27.? Søren er sat på et lederforløb samme dag.",
    "Change of participant: please replace Søren Buus with our new deputy, Maria Hjort "
    "(mahj@albertslund.dk), in the sustainability network.",
], ids=["asked-in-danish", "english"])
def test_a_swap_asked_for_signs_up_the_one_who_comes_for_the_coordinator_to_review(
        body: str) -> None:
    result = read(body)
    assert result.intent == Intent.signup and result.review_reason.code == Why.swap
    assert [(p.name, p.email) for p in result.participants] == [
        ("Maria Hjort", "mahj@albertslund.dk")]


@pytest.mark.parametrize(("body", "own"), [
    ("Selv vil jeg gerne med til netværksmødet i Roskilde den 27. marts, og vores "
     "kulturkonsulent Ole Lykkegaard (olly@albertslund.dk) vil gerne til konferencen i "
     "Aalborg den 12. maj.", {"Mads Ebbesen": ("cb-netvaerksmoede",),
                              "Ole Lykkegaard": ("kommunekonference",)}),
    # another's participation told in passing is no network of hers
    ("Min chef, Lene Bach, deltager i konferencen i Aalborg, men jeg vil gerne tilmelde mig "
     "kursusdagen i Vejle den 22. april.", {"Mads Ebbesen": ("formidlingskursus",)}),
    # a list: the network on each person's line, or on the line under her
    ("Vi tilmelder disse to:\n\nGry Holt - gryh@albertslund.dk - kursusdagen i Vejle\n"
     "Ib Lund - ibl@albertslund.dk - netværksmødet i CB-området",
     {"Gry Holt": ("formidlingskursus",), "Ib Lund": ("cb-netvaerksmoede",)}),
    ("Hermed to tilmeldinger:\n1. Gry Holt, gryh@albertslund.dk\n   Konferencen i Aalborg\n"
     "2. Ib Lund, ibl@albertslund.dk\n   Kursusdagen i Vejle + konferencen i Aalborg",
     {"Gry Holt": ("kommunekonference",),
      "Ib Lund": ("formidlingskursus", "kommunekonference")}),
    # the network as a heading over its people
    ("Tilmeldinger:\n\nKursusdagen i Vejle:\nGry Holt, gryh@albertslund.dk\n\n"
     "Netværksmødet i CB-området:\nIb Lund, ibl@albertslund.dk",
     {"Gry Holt": ("formidlingskursus",), "Ib Lund": ("cb-netvaerksmoede",)}),
    # the writer sends one and comes to another; two named before their network
    ("Jeg kommer selv til konferencen i Aalborg, og jeg sender Gry Holt (gryh@albertslund.dk) "
     "til kursusdagen i Vejle.", {"Mads Ebbesen": ("kommunekonference",),
                                  "Gry Holt": ("formidlingskursus",)}),
    ("Til netværksmødet i CB-området: Gry Holt (gryh@albertslund.dk) og Ib Lund "
     "(ibl@albertslund.dk). Jeg selv vil gerne på kursusdagen i Vejle.",
     {"Gry Holt": ("cb-netvaerksmoede",), "Ib Lund": ("cb-netvaerksmoede",),
      "Mads Ebbesen": ("formidlingskursus",)}),
    # her own event beside another's, in the words of a hurried mail
    ("Jeg tager konferencen i Aalborg, og min souschef Gry Holt tager kursusdagen i Vejle. "
     "Hendes mail er gryh@albertslund.dk", {"Mads Ebbesen": ("kommunekonference",),
                                            "Gry Holt": ("formidlingskursus",)}),
    ("Mig til konferencen i Aalborg og Gry Holt (gryh@albertslund.dk) til kursusdagen i Vejle.",
     {"Mads Ebbesen": ("kommunekonference",), "Gry Holt": ("formidlingskursus",)}),
    ("Tilmeld mig til konferencen i Aalborg, og min kollega Ib Lund til kursusdagen i Vejle "
     "(ibl@albertslund.dk).", {"Mads Ebbesen": ("kommunekonference",),
                               "Ib Lund": ("formidlingskursus",)}),
    # one named again begins her own part; "hun" is the one named just before
    ("Til kursusdagen i Vejle sender vi Gry Holt (gryh@albertslund.dk) og Ib Lund "
     "(ibl@albertslund.dk), og Gry skal også med til konferencen i Aalborg.",
     {"Gry Holt": ("formidlingskursus", "kommunekonference"), "Ib Lund": ("formidlingskursus",)}),
    ("Gry Holt (gryh@albertslund.dk) skal med til konferencen i Aalborg. Hun vil også gerne "
     "på kursusdagen i Vejle.\n\nIb Lund (ibl@albertslund.dk) har fået CB-samarbejdet, så han "
     "skal til netværksmødet i CB-området.",
     {"Gry Holt": ("formidlingskursus", "kommunekonference"), "Ib Lund": ("cb-netvaerksmoede",)}),
    # what she is in already, said in a clause about her, is not asked for again
    ("Gry Holt (gryh@albertslund.dk), som allerede er tilmeldt hverdagsledelse, vil også gerne "
     "til konferencen i Aalborg, og så kommer Ib Lund (ibl@albertslund.dk) med til kursusdagen.",
     {"Gry Holt": ("kommunekonference",), "Ib Lund": ("formidlingskursus",)}),
    # headings of their own (bold in Word, no colon) over bullet lists
    ("Vi vil gerne med til to af arrangementerne. Her er vores deltagere:\n\nKonferencen i "
     "Aalborg\n\n  *   Gry Holt – gryh@albertslund.dk\n  *   Bo Lund – bolu@albertslund.dk"
     "\n\nKursusdagen i Vejle\n\n  *   Ib Lund – ibl@albertslund.dk\n\nAlle tre er "
     "teamledere.",
     {"Gry Holt": ("kommunekonference",), "Bo Lund": ("kommunekonference",),
      "Ib Lund": ("formidlingskursus",)}),
], ids=["me-here-him-there", "my-chief-goes-elsewhere", "rows", "network-under-name",
        "headings", "i-send-her", "named-before", "i-take-this", "me-to-this", "sign-me-up",
        "named-again", "she-he", "already-in-a-clause", "headings-without-colon"])
def test_each_is_signed_up_for_the_network_her_part_of_the_mail_asks_for(
        body: str, own: dict[str, tuple[str, ...]]) -> None:
    result = read(body)
    assert result.review_reason is None
    assert {p.name: p.networks for p in result.participants} == own
    assert set(result.networks) == {slug for slugs in own.values() for slug in slugs}


def test_a_writer_who_asks_for_her_own_network_is_never_dropped_unseen() -> None:
    """The people reader misses her: the coordinator sorts it out, not the colleague
    registered for both."""
    result = read("Jeg selv vil gerne med i bæredygtighedsnetværket, og Camilla Sandholt "
                  "(casa@albertslund.dk) tager til netværksmødet i CB-området.",
                  sender="berka@albertslund.dk", name="Berit Kamper",
                  signature="\n\nVenlig hilsen\nBerit Kamper\n")
    names = {p.name for p in result.participants}
    assert "Berit Kamper" in names or result.review_reason.code == Why.networks_per_person


@pytest.mark.parametrize("body", [
    "Jeg er allerede med i hverdagsledelse – og kommer også gerne til konferencen i Aalborg.",
    "Jeg er jo allerede tilmeldt hverdagsledelse – nu vil jeg gerne tilmelde min kollega Ib "
    "Lund (ibl@albertslund.dk) til konferencen i Aalborg.",
    # named only to say which EAN: the same as there
    "Fra Albertslund deltager følgende i konferencen i Aalborg:\n\n- Ib Lund, "
    "ibl@albertslund.dk\n- Mads Ebbesen, mads.ebbesen@albertslund.dk\n\nDet er Ib og "
    "undertegnede.\n\nEAN: samme som på vores tilmelding til hverdagsledelse i januar.",
])
def test_a_network_she_is_in_already_is_not_asked_for_again(body: str) -> None:
    assert read(body).networks == ("kommunekonference",)


def test_one_who_holds_another_network_signs_herself_up_for_this_one() -> None:
    result = read("Jeg er allerede tilmeldt hverdagsledelse. Nu vil både jeg og min kollega "
                  "Ib Lund (ibl@albertslund.dk) gerne med til konferencen i Aalborg også.")
    assert (result.intent, result.networks) == (Intent.signup, ("kommunekonference",))
    assert [p.email for p in result.participants] == [
        "mads.ebbesen@albertslund.dk", "ibl@albertslund.dk"]


def test_one_she_brings_along_is_signed_up() -> None:
    result = read("Jeg kommer som før, og så har jeg Lise med til konferencen i Aalborg – hun "
                  "vil gerne være fast med. Det er Lise Overgaard, liov@albertslund.dk.")
    assert result.intent == Intent.signup
    assert "liov@albertslund.dk" in [p.email for p in result.participants]


@pytest.mark.parametrize(("lines", "body"), [
    (["hej lisbet", "mig til kursusdagen tak"], "mig til kursusdagen tak"),
    (["Hej Lisbet - jeg vil gerne deltage i kursusdagen."],
     "jeg vil gerne deltage i kursusdagen."),
    (["Hej, tilmeld mig kursusdagen"], "tilmeld mig kursusdagen"),
    # a signature under "-- " with no closing greeting, a banner in it
    (["Jeg vil gerne tilmelde mig. Mit EAN er 5798532196524.", "", "Mads", "", "-- ",
      "Mads Egholm-Rytter", "Mellemleder, Vordingborg Bibliotekerne",
      "[image: Konference om læselyst 20. marts – tilmeld dig nu]"],
     "Jeg vil gerne tilmelde mig. Mit EAN er 5798532196524.\n\nMads"),
])
def test_the_greeting_and_only_the_greeting_is_left_out(lines: list[str], body: str) -> None:
    assert _body(lines, find_signature(lines)) == body


def test_a_verb_before_a_name_is_not_part_of_it() -> None:
    result = read("Tilmelder Jakob Kaae og mig til netværksmødet i Roskilde. "
                  "Jakob: jaka@albertslund.dk")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Jakob Kaae", "jaka@albertslund.dk")]


@pytest.mark.parametrize("body", [
    # a part taken back or narrowed, or people pointed to by their place in a list
    "Jeg tilmelder Gry Holt (gryh@albertslund.dk) og Ib Lund (ibl@albertslund.dk) til "
    "hverdagsledelse, og Gry også til konferencen i Aalborg.\n\nPS: Glem det med Gry og "
    "konferencen – hun har ferie i maj.",
    "Vi vil gerne tilmelde:\n1. Gry Holt (gryh@albertslund.dk)\n2. Ib Lund "
    "(ibl@albertslund.dk)\n3. Asta Berg (asbe@albertslund.dk)\nDe to førstnævnte til "
    "netværksmødet i CB-området, nr. 3 til kursusdagen i Vejle.",
    # a table of crosses
    "Vi vil gerne tilmelde disse to, se krydsene:\n\n"
    "Navn      Mail                  Kursusdag  Konferencen\n"
    "Gry Holt  gryh@albertslund.dk   X\nIb Lund   ibl@albertslund.dk               X",
], ids=["taken-back", "by-place", "crosses"])
def test_who_goes_where_waits_where_the_mail_revises_it_or_marks_it_in_columns(
        body: str) -> None:
    assert read(body).review_reason.code == Why.networks_per_person


def test_one_whose_network_is_not_said_waits_when_the_others_are_split() -> None:
    result = read("Gry Holt (gryh@albertslund.dk) vil gerne på kursusdagen i Vejle, og Ib Lund "
                  "(ibl@albertslund.dk) til konferencen i Aalborg. Asta Berg "
                  "(asbe@albertslund.dk) vil også gerne med.")
    assert result.review_reason.code == Why.networks_per_person


def test_the_one_who_stopped_is_no_participant_when_another_comes_instead() -> None:
    result = read("En lille ændring til netværksmødet i Roskilde: Ulrich Beck er stoppet hos os, "
                  "så i stedet kommer Tanja Lindqvist (tali@albertslund.dk), som netop er startet "
                  "som souschef.")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Tanja Lindqvist", "tali@albertslund.dk")]


def test_thanks_to_the_coordinator_is_no_name_and_a_colleagues_address_is_his() -> None:
    raw = mails.outlook("mads.ebbesen@albertslund.dk", "Mads Ebbesen", "Re: Bekræftelse",
                        "Tak Lisbet!\nMin kollega Sebastian Holmgaard Winther vil også gerne med "
                        "i netværket om hverdagsledelse - hans mail er sehw@albertslund.dk.\n"
                        "Hilsen Mads\nAlbertslund Bibliotek\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Sebastian Holmgaard Winther", "sehw@albertslund.dk")]


def test_a_colleague_who_comes_too_without_an_address_is_never_dropped_unseen() -> None:
    result = read("Jeg tager turen til Aalborg den 12. maj og deltager gerne i konferencen. "
                  "Min kollega Peter Holm fra vores udviklingsteam tager også med.")
    assert ("Peter Holm", None) in [(p.name, p.email) for p in result.participants]
    assert result.review_reason.code == Why.named_without_address


def test_a_colleague_who_only_considers_coming_is_no_participant() -> None:
    result = read("Jeg vil gerne tilmelde mig netværket om hverdagsledelse. Min kollega\n"
                  "Ditte Hougaard overvejer også at være med, men hun skriver selv til\n"
                  "dig, hvis hun beslutter sig.")
    assert [p.name for p in result.participants] == ["Mads Ebbesen"]


@pytest.mark.parametrize("sentence", [
    "Min kollega Ida Holst (idho@albertslund.dk) og jeg vil begge gerne med på kursusdagen "
    "om formidling.",
    "My colleague Ida Holst (idho@albertslund.dk) and I would like to attend the course day "
    "on literature outreach.",
    "Jeg vil gerne med til kursusdagen i Vejle, og min kollega Ida Holst vil også gerne med "
    "- hun har mailen idho@albertslund.dk.",
])
def test_a_colleague_and_i_signs_up_the_sender_too(sentence: str) -> None:
    result = read(sentence)
    assert {(p.name, p.email) for p in result.participants} == {
        ("Ida Holst", "idho@albertslund.dk"), ("Mads Ebbesen", "mads.ebbesen@albertslund.dk")}


APPROVAL = ("\n\nFra: Marianne Holst <maho@{domain}>\nSendt: 10. februar 2025 16:22\n"
            "Til: Mads Ebbesen <mads.ebbesen@albertslund.dk>\nEmne: SV: Netværk om "
            "bæredygtighed?\n\nHej Mads\n\nJa, selvfølgelig. Du kan bruge vores EAN "
            "5798000203228.\n\nMarianne\n")


@pytest.mark.parametrize(("domain", "ean"), [("albertslund.dk", "5798000203228"),
                                             ("fremtidensbiblioteker.dk", None)],
                         ids=["her-chief", "someone-else"])
def test_the_ean_in_her_chiefs_quoted_approval_is_hers(domain: str, ean: str | None) -> None:
    result = read("Min chef har givet grønt lys (se nedenfor), så jeg vil gerne tilmelde mig "
                  "netværket Ledelse af bæredygtighed.",
                  signature=SIGNATURE + APPROVAL.format(domain=domain))
    assert [(p.name, p.ean) for p in result.participants] == [("Mads Ebbesen", ean)]


CC = "Cc: Lise Holt <liho@albertslund.dk>, \"Brandt, Anders\" <anbr@albertslund.dk>\r\n"


@pytest.mark.parametrize(("body", "emails"), [
    ("Lise og Anders (cc) vil gerne deltage i kursusdagen om formidling. Jeg har selv en "
     "anden aftale den dag.", {"liho@albertslund.dk", "anbr@albertslund.dk"}),
    ("Jeg og min kollega Lise Holt (cc) deltager gerne i konferencen i Aalborg 12/5.",
     {"mads.ebbesen@albertslund.dk", "liho@albertslund.dk"}),
    ("Hej Lisbet. Mig + Lise fra børneafd. (cc) vil gerne med i hverdagsledelse.",
     {"mads.ebbesen@albertslund.dk", "liho@albertslund.dk"}),
    ("Jeg vil gerne tilmelde mine to kolleger, som står cc, til kursusdagen om formidling.",
     {"liho@albertslund.dk", "anbr@albertslund.dk"}),
], ids=["first-names-chief-not-coming", "jeg-og-min-kollega", "after-an-abbreviation",
        "mine-to-som-staar-cc"])
def test_colleagues_in_cc_named_where_the_mail_signs_up_are_its_participants(
        body: str, emails: set[str]) -> None:
    """The people of a sign-up (whether the mail is one is the intent's to say)."""
    raw = mails.outlook("mads.ebbesen@albertslund.dk", "Mads Ebbesen", "Tilmelding",
                        body + SIGNATURE, sent=SENT, extra_headers=CC)
    mail = mails.inbound(raw, SENT)
    lines = mail.text.splitlines()
    signature = find_signature(lines)
    people, reason, _evidence, _writer = participants(mail, _body(lines, signature), signature,
                                                      [], None)
    assert reason is None and {p.email for p in people} == emails
    assert all(p.name and p.organisation == "Albertslund Bibliotek" for p in people)


@pytest.mark.parametrize("sentence", [
    "Han kan nås på jelu@albertslund.dk.", "Hans mail: jelu@albertslund.dk",
    "He can be reached at jelu@albertslund.dk."])
def test_he_can_be_reached_at_gives_the_address_to_the_one_named(sentence: str) -> None:
    result = read("Jeg tilmelder hermed Jesper Lund til kursusdagen om formidling. " + sentence)
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Jesper Lund", "jelu@albertslund.dk")]


def test_a_signature_in_capitals_gives_the_library_in_normal_case() -> None:
    result = read("Jeg vil gerne tilmeldes kursusdagen om formidling.",
                  signature="\n\nVenlig hilsen\nMADS EBBESEN\nBIBLIOTEKSCHEF\n"
                            "ALBERTSLUND BIBLIOTEK\n")
    assert [(p.name, p.organisation) for p in result.participants] == [
        ("Mads Ebbesen", "Albertslund Bibliotek")]


@pytest.mark.parametrize("sentence", [
    "Min chef Hanne Lund (hali@albertslund.dk) har godkendt det.",
    "Faktura sendes til Hanne Lund, hali@albertslund.dk",
])
def test_a_chief_who_approves_or_pays_is_no_participant(sentence: str) -> None:
    result = read("Jeg vil gerne tilmelde mig kursusdagen om formidling. " + sentence)
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]


@pytest.mark.parametrize(("body", "people"), [
    ("Skriv Bo Nygaard, bony@albertslund.dk, på listen til kursusdagen.",
     [("Bo Nygaard", "bony@albertslund.dk")]),
    ("Skriv Bo Nygaard på listen til kursusdagen.", [("Bo Nygaard", None)]),
])
def test_the_verb_that_begins_a_request_is_no_part_of_the_name_after_it(
        body: str, people: list) -> None:
    assert [(p.name, p.email) for p in read(body).participants] == people


def test_a_listed_participant_with_an_invoice_note_is_still_a_participant() -> None:
    result = read("Jeg vil gerne tilmelde følgende til kursusdagen om formidling:\n\n"
                  "- Sofie Ravn, sora@albertslund.dk (faktura til Hovedbiblioteket)\n"
                  "- Jonas Krog, jokr@albertslund.dk\n")
    assert [p.name for p in result.participants] == ["Sofie Ravn", "Jonas Krog"]


@pytest.mark.parametrize("rows", [
    "1) Sofie Ravn (bibliotekar) - sora@albertslund.dk\n2) Jonas Krog (formidler) - "
    "jokr@albertslund.dk\n",
    "Sofie Ravn\nBibliotekar\nsora@albertslund.dk\n\nJonas Krog\nFormidler\n"
    "jokr@albertslund.dk\n",
    "Sofie Ravn, sora@albertslund.dk / Jonas Krog, jokr@albertslund.dk\n",
], ids=["title-in-brackets", "name-title-address-lines", "two-on-one-line"])
def test_each_listed_address_goes_to_the_name_that_leads_it(rows: str) -> None:
    result = read("Jeg vil gerne tilmelde følgende til kursusdagen om formidling:\n\n" + rows)
    assert [(p.name, p.email) for p in result.participants] == [
        ("Sofie Ravn", "sora@albertslund.dk"), ("Jonas Krog", "jokr@albertslund.dk")]


def test_each_person_in_one_sentence_keeps_the_ean_in_her_own_brackets() -> None:
    result = read("Jeg vil gerne tilmelde Jonas Krog (jokr@albertslund.dk, EAN 5798000586802) "
                  "og Eva Lind (evli@albertslund.dk, EAN 5798000962644) til kursusdagen om "
                  "formidling.")
    assert [(p.name, p.ean) for p in result.participants] == [
        ("Jonas Krog", "5798000586802"), ("Eva Lind", "5798000962644")]


@pytest.mark.parametrize(("body", "cancelled"), [
    ("Sofie Ravn og jeg melder desværre afbud til kursusdagen.",
     ["Mads Ebbesen", "Sofie Ravn"]),
    # a name beside a cancellation is not cancelled unless she is joined to the writer
    ("Jeg må melde afbud til kursusdagen, da Mette Hansen har bedt mig tage et møde.",
     ["Mads Ebbesen"]),
])
def test_a_cancellation_is_for_the_writer_and_whom_she_joins_to_herself(
        body: str, cancelled: list[str]) -> None:
    result = read(body)
    assert result.intent.value == "cancel"
    assert [p.name for p in result.participants] == cancelled


def test_a_form_that_names_the_undersigned_registers_the_writer() -> None:
    result = read("Hermed tilmelding til kursusdagen om formidling.\n\n"
                  "Deltager: Undertegnede\n\nEAN-nr.: 5798000273184\n")
    assert result.review_reason is None
    assert [(p.name, p.email, p.ean) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk", "5798000273184")]


def test_a_shared_mailbox_gives_the_chief_the_address_written_after_his_first_name() -> None:
    result = read("På vegne af bibliotekschef Henrik Juul Andreasen vil vi gerne tilmelde ham "
                  "kursusdagen om formidling. Bekræftelse bedes sendt direkte til Henrik på "
                  "hjan@albertslund.dk.", sender="bibliotek@albertslund.dk",
                  name="Albertslund Bibliotek",
                  signature="\n\nMed venlig hilsen\nLone\nAdministrationen\n"
                            "Albertslund Bibliotek\n")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Henrik Juul Andreasen", "hjan@albertslund.dk")]


def test_the_word_before_a_name_at_a_sentences_start_is_not_part_of_it() -> None:
    result = read("Vores Birgit Lauesen (bila@albertslund.dk), som er tilmeldt kursusdagen om "
                  "formidling, er sygemeldt, så hun må desværre afmeldes.")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Birgit Lauesen", "bila@albertslund.dk")]


def test_a_leader_who_sends_the_ean_later_is_not_the_one_signed_up() -> None:
    result = read("vil gerne med på vejle-dagen d 22/4 om skønlitteratur, ean får du fra min "
                  "leder på mandag", sender="gittebrandt@gmail.com", name="Gitte Brandt",
                  signature="\nmvh gitte\n")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Gitte Brandt", "gittebrandt@gmail.com")]


@pytest.mark.parametrize("sentence", [
    "Brug gerne min arbejdsmail lofr@albertslund.dk til al korrespondance.",
    "Skriv gerne til mig på lofr@albertslund.dk.",
    "My work email is lofr@albertslund.dk.",
    # as a learner of Danish writes it
    "Kan du sende bekræftelsen til min arbejds mail: lofr@albertslund.dk ?",
    "\n\nMig: lofr@albertslund.dk"])
def test_the_address_she_gives_as_her_own_is_hers(sentence: str) -> None:
    result = read("Jeg skriver fra min private mail, fordi vores mailsystem er nede. Jeg vil "
                  "gerne tilmelde mig kursusdagen om formidling. " + sentence,
                  sender="louisefrandsen@gmail.com", name="Mads Ebbesen")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "lofr@albertslund.dk")]


def test_names_typed_in_capitals_beside_their_addresses_are_names() -> None:
    result = read("Tilmelding til kursusdagen om formidling:\nHANNE ØSTERBY – "
                  "haoe@albertslund.dk\nMIKKEL RAVNSBORG – mira@albertslund.dk\nJeg kommer "
                  "ikke selv.")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Hanne Østerby", "haoe@albertslund.dk"), ("Mikkel Ravnsborg", "mira@albertslund.dk")]


@pytest.mark.parametrize(("sentence", "address"), [
    ("Please send the confirmation to my work address, maeb@albertslund.dk.",
     "maeb@albertslund.dk"),
    ("Bekræftelsen må gerne gå til maeb@albertslund.dk.", "maeb@albertslund.dk"),
    # an address that is not hers: the confirmation goes to another, she is still herself
    ("Bekræftelsen må gerne gå til vores sekretær på lofr@albertslund.dk.",
     "madsebbesen@gmail.com")])
def test_the_address_a_confirmation_should_go_to_is_hers_if_it_fits_her_name(
        sentence: str, address: str) -> None:
    result = read("Jeg skriver fra min private mail, fordi vores mailsystem driller. Jeg vil "
                  "gerne tilmelde mig kursusdagen om formidling. " + sentence,
                  sender="madsebbesen@gmail.com", name="Mads Ebbesen")
    assert [(p.name, p.email) for p in result.participants] == [("Mads Ebbesen", address)]


def people_of(body: str, **headers: str) -> list:
    """The people of a sign-up (whether the mail is one is the intent's to say)."""
    raw = mails.outlook(headers.get("sender", "mads.ebbesen@albertslund.dk"),
                        headers.get("name", "Mads Ebbesen"), headers.get("subject", "Tilmelding"),
                        body + SIGNATURE, sent=SENT)
    mail = mails.inbound(raw, SENT)
    lines = mail.text.splitlines()
    signature = find_signature(lines)
    return participants(mail, _body(lines, signature), signature, [], None)[0]


def test_a_colleague_and_i_myself_are_both_signed_up() -> None:
    people = people_of("Vi vil gerne være to til kursusdagen om formidling: vores "
                       "udviklingskonsulent Jakob Brix (jabr@albertslund.dk) og jeg selv.")
    assert {p.name for p in people} == {"Jakob Brix", "Mads Ebbesen"}


CONFIRMATION = ("\n\nFra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\n"
                "Sendt: torsdag den 6. februar 2025 09:10\n"
                "Til: Mads Ebbesen <mads.ebbesen@albertslund.dk>\n"
                "Emne: SV: Tilmelding kursusdag\n\nKære Mads\n\n"
                "Tak for tilmeldingen af Lotte Brink Sørensen (lobs@albertslund.dk) til "
                "kursusdagen om formidling. Hun er nu registreret.\n\nVenlig hilsen\n"
                "Lisbet Vestergaard\n")


@pytest.mark.parametrize(("body", "cancelled"), [
    ("Desværre må vi melde afbud for Lotte til kursusdagen - hun er sygemeldt.",
     [("Lotte Brink Sørensen", "lobs@albertslund.dk")]),
    # a first name beside a cancellation, not the one it is for: the writer cancels
    ("Jeg må melde afbud til kursusdagen, da Lotte har bedt mig tage et møde.",
     [("Mads Ebbesen", "mads.ebbesen@albertslund.dk")]),
])
def test_a_colleague_cancelled_by_first_name_is_found_in_full_in_the_thread(
        body: str, cancelled: list[tuple[str, str]]) -> None:
    raw = mails.outlook("mads.ebbesen@albertslund.dk", "Mads Ebbesen", "SV: Tilmelding kursusdag",
                        body + SIGNATURE + CONFIRMATION, sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert result.intent.value == "cancel"
    assert [(p.name, p.email) for p in result.participants] == cancelled


@pytest.mark.parametrize(("body", "names"), [
    ("Jeg har hørt Mikael Bierbaum holde oplæg og vil derfor gerne tilmelde mig kursusdagen "
     "om formidling, som han er med til at facilitere.", ["Mads Ebbesen"]),
    ("Jeg vil gerne tilmelde mig og Sofie Ravn til kursusdagen om formidling.",
     ["Mads Ebbesen", "Sofie Ravn"]),
], ids=["speaker-beside-me", "me-and-a-colleague"])
def test_a_name_beside_the_writers_own_sign_up_is_not_signed_up(
        body: str, names: list[str]) -> None:
    assert [p.name for p in people_of(body)] == names


def test_a_writer_who_says_she_herself_cannot_come_is_not_registered_in_anyones_place() -> None:
    """The colleague she sends is not read here; the coordinator is asked, and the chief
    is not signed up in her place."""
    raw = mails.outlook("mads.ebbesen@albertslund.dk", "Mads Ebbesen", "Tilmelding",
                        "Vi vil gerne sende en fra børneafdelingen til kursusdagen om "
                        "formidling. Selv kan jeg desværre ikke den dag." + SIGNATURE, sent=SENT)
    mail = mails.inbound(raw, SENT)
    lines = mail.text.splitlines()
    signature = find_signature(lines)
    people, reason, _evidence, _writer = participants(mail, _body(lines, signature), signature,
                                                      [], None)
    assert people == [] and reason is not None and reason.code.value == "others_not_found"


@pytest.mark.parametrize(("body", "people"), [
    ("Rikke Holm Sand bad mig melde hende til netværksmødet i Roskilde, da hun selv er på "
     "ferie. Hendes mail er riho@albertslund.dk. Jeg deltager ikke selv.",
     [("Rikke Holm Sand", "riho@albertslund.dk")]),
    ("1) Hverdagsledelse: Ja tak, den tager jeg selv.\n2) Ledelse af bæredygtighed: Den giver "
     "jeg videre til Anders Vinkel, som er vores grønne tovholder - han har sagt ja. Hans mail "
     "er anvi@albertslund.dk.",
     [("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Anders Vinkel", "anvi@albertslund.dk")]),
    ("Min chef Bo Ravn har godkendt det, han har sagt ja. Jeg vil gerne tilmelde mig "
     "kursusdagen om formidling.", [("Mads Ebbesen", "mads.ebbesen@albertslund.dk")]),
], ids=["asked-me-to-sign-her-up", "he-said-yes", "the-chief-approves"])
def test_someone_signed_up_as_her_or_him_is_the_name_before_it(
        body: str, people: list[tuple[str, str]]) -> None:
    assert [(p.name, p.email) for p in people_of(body)] == people


def test_a_subject_that_says_it_all_over_an_empty_body_gives_library_and_ean() -> None:
    raw = mails.outlook("bent.norgaard@jammerbugt.dk", "Bent Ulrik Nørgaard",
                        "Tilmelding konferencen Aalborg 12/5 - Bent Ulrik Nørgaard, Jammerbugt "
                        "Bibliotekerne, EAN 5798000746459", "\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert [(p.name, p.organisation, p.ean) for p in result.participants] == [
        ("Bent Ulrik Nørgaard", "Jammerbugt Bibliotekerne", "5798000746459")]


def test_an_inline_image_in_outlooks_plain_text_is_no_address() -> None:
    result = read("Så kom der grønt lys fra chefen (skærmbillede herunder) - regn mig med i "
                  "netværket om ledelse af bæredygtighed!\n\n"
                  "[cid:image001.png@01DB7E2A.5C1F3B40]")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]


def written_to(to: str, subject: str, text: str,
               cc: str = "Cc: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\r\n"):
    """Mads's mail to colleagues, the coordinator copied (or in Bcc: cc="")."""
    raw = mails.outlook("mads.ebbesen@albertslund.dk", "Mads Ebbesen", subject,
                        text + SIGNATURE, sent=SENT, to=to, extra_headers=cc)
    return mails.inbound(raw, SENT)


@pytest.mark.parametrize(("to", "emails"), [
    ("Asger Vinther <asvi@albertslund.dk>", ["asvi@albertslund.dk"]),
    ("Asger Vinther <asger.vinther@gmail.com>", []),
], ids=["her-colleague", "not-at-her-library"])
def test_the_colleague_the_mail_is_written_to_and_told_she_is_signed_up_is_the_participant(
        to: str, emails: list[str]) -> None:
    """The coordinator reads along in Bcc; the chief does not come. Without a colleague
    of hers to give the place to, nobody is signed up (the coordinator is asked)."""
    mail = written_to(to, "Du er meldt til", "Hej Asger\n\nSom aftalt til MUS har jeg meldt dig "
                      "til mellemledernetværket om hverdagsledelse. Lisbet står på bcc.", cc="")
    lines = mail.text.splitlines()
    signature = find_signature(lines)
    people = participants(mail, _body(lines, signature), signature, [], None)[0]
    assert [p.email for p in people] == emails


def test_the_colleagues_the_mail_is_written_to_and_told_they_are_signed_up() -> None:
    mail = written_to("Rikke Holm <riho@albertslund.dk>, Jonas Ibsen <joib@albertslund.dk>",
                      "VS: Invitation", "Kære Rikke og Jonas\n\nSom aftalt har jeg meldt jer "
                      "begge til bæredygtighedsnetværket - Lisbet er cc.\n\nLisbet: EAN "
                      "5798000416604")
    result = understand(mail, NETWORKS, COORDINATOR)
    assert sorted(p.email for p in result.participants) == [
        "joib@albertslund.dk", "riho@albertslund.dk"]


def test_the_colleague_the_mail_is_written_to_is_the_one_its_sign_up_names() -> None:
    """"Hej Morten ... Lisbet, det er hermed en tilmelding af Morten": Morten, in To, not
    the chief who writes."""
    mail = written_to("Morten Holm <moho@albertslund.dk>", "VS: Invitation",
                      "Hej Morten\n\nDen her er vist lige noget for dig. Lisbet, det er hermed "
                      "en tilmelding af Morten til bæredygtighedsnetværket.\n")
    result = understand(mail, NETWORKS, COORDINATOR)
    assert [(p.name, p.email) for p in result.participants] == [
        ("Morten Holm", "moho@albertslund.dk")]


def test_addresses_answered_go_to_the_people_her_own_earlier_mail_named() -> None:
    """The coordinator asked for the addresses; the answer gives them without the names,
    which stand in the chief's own sign-up below. The chief herself does not come."""
    raw = mails.outlook(
        "mads.ebbesen@albertslund.dk", "Mads Ebbesen", "SV: SV: Invitation",
        "Hej Lisbet\n\nangr@albertslund.dk og kalu@albertslund.dk\n\nMvh Mads\n\n"
        "Fra: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nSendt: 11. februar 2025 12:10\n"
        "Til: Mads Ebbesen <mads.ebbesen@albertslund.dk>\nEmne: SV: Invitation\n\nHej Mads\n\n"
        "Kan du sende mailadresserne på Anne og Karsten?\n\nVenlig hilsen\nLisbet\n\n"
        "Fra: Mads Ebbesen <mads.ebbesen@albertslund.dk>\nSendt: 11. februar 2025 10:00\n"
        "Til: Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>\nEmne: SV: Invitation\n\n"
        "Hej Lisbet\n\nVi vil gerne tilmelde Anne Gram og Karsten Lund til kursusdagen om "
        "formidling.\n\nVenlig hilsen\nMads Ebbesen\nAlbertslund Bibliotek\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert sorted((p.name, p.email) for p in result.participants) == [
        ("Anne Gram", "angr@albertslund.dk"), ("Karsten Lund", "kalu@albertslund.dk")]


def test_a_colleague_in_cc_takes_the_library_her_quoted_answer_signs_with() -> None:
    """The chief signs only "Mvh Bent"; the colleague's answer below names the library."""
    raw = mails.outlook(
        "bekr@soroe.dk", "Bent Kragh", "VS: Påmindelse: Netværksmøde i Roskilde",
        "Hej Lisbet\nSå kommer Zahra fra os til mødet i Roskilde, se nedenfor. Hun har cc.\n"
        "Mvh Bent\n\nFra: Zahra Nabil <zana@soroe.dk>\nSendt: 10. februar 2025 16:22\n"
        "Til: Bent Kragh <bekr@soroe.dk>\nEmne: SV: Påmindelse: Netværksmøde i Roskilde\n\n"
        "Jo, det vil jeg meget gerne!\n\nZahra Nabil\nSouschef\nSorø Bibliotek\n"
        "Storgade 7, 4180 Sorø\n", sent=SENT, extra_headers="Cc: Zahra Nabil <zana@soroe.dk>\r\n")
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert [(p.name, p.email, p.organisation) for p in result.participants] == [
        ("Zahra Nabil", "zana@soroe.dk", "Sorø Bibliotek")]


def test_the_one_who_approved_is_not_signed_up_in_the_writers_place() -> None:
    text = ("Hej Lisbet\n\nDorthe har sagt god for det nedenfor, så nu må du gerne notere mig til "
            "netværksmødet i Roskilde den 27. marts.\n\nMange hilsner\nKirsten Nielsen\n"
            "Souschef, Næstved Bibliotek\n\n---------- Forwarded message ---------\n"
            "Fra: Dorthe Wendelboe <dowe@naestved.dk>\nDato: 3. feb. 2025\nEmne: Netværksmøde\n\n"
            "Hej Kirsten, ja, det må du gerne.\nDorthe\n")
    raw = mails.gmail("kini@naestved.dk", "Kirsten Nielsen", "Fwd: Netværksmøde 27. marts", text,
                      sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert [(p.name, p.email) for p in result.participants] == [
        ("Kirsten Nielsen", "kini@naestved.dk")]


@pytest.mark.parametrize(("address", "shared"), [
    ("kulturogfritid@fredensborg.dk", True), ("kultur-og-fritid@x.dk", True),
    ("borgerservice.bibliotek@x.dk", True), ("kulturchef@x.dk", False), ("kila@x.dk", False),
    # where the invoices go: no participant nobody could name
    ("okonomi-kultur@lolland.dk", True), ("fakturor.kultur@malmo.se", True),
    ("kreditor@x.dk", True),
])
def test_a_mailbox_named_for_a_department_is_shared(address: str, shared: bool) -> None:
    assert is_role_address(address) == shared


def test_her_after_the_colleagues_first_name_is_the_colleague_of_the_forwarded_mail() -> None:
    """The chief forwards her colleague's wish and writes only "Camilla ... skriv hende på"."""
    raw = mails.outlook(
        "jepa@randers.dk", "Jens Peter Aagaard", "VS: Invitation til netværk om bæredygtighed",
        "Hej Lisbet\n\nCamilla har min velsignelse - skriv hende venligst på "
        "bæredygtighedsnetværket. EAN 5798002321036.\n\nMvh\nJens Peter Aagaard\n"
        "Bibliotekschef\nRanders Bibliotek\n\nFra: Camilla Skov Bæk <casb@randers.dk>\n"
        "Sendt: 7. februar 2025 15:12\nTil: Jens Peter Aagaard <jepa@randers.dk>\n"
        "Emne: VS: Invitation til netværk om bæredygtighed\n\nHej JP\n\nKunne jeg komme med "
        "i det her?\n\n/Camilla\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert result.review_reason is None
    assert [(p.name, p.email, p.organisation, p.ean) for p in result.participants] == [
        ("Camilla Skov Bæk", "casb@randers.dk", "Randers Bibliotek", "5798002321036")]


def test_we_both_cancel_the_writer_and_the_colleague_she_named_with_herself() -> None:
    result = read("Hverken Pernille Dahl eller jeg kan komme til konferencen i Aalborg alligevel. "
                  "Flybilletterne er blevet for dyre. Vi må derfor begge melde afbud. Pernilles "
                  "mail er pedahl@albertslund.dk, hvis du skal bruge den.")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Pernille Dahl", "pedahl@albertslund.dk")]


def test_an_address_after_a_relative_clause_is_the_one_of_the_colleague_before_it() -> None:
    result = read("Vi vil gerne sende to af vores folk til konferencen i Aalborg: Jytte Brandt "
                  "Holm (jbh@albertslund.dk), og Anders Vendelbo, som er udviklingskonsulent i "
                  "Kultur og Fritid og sidder i vores styregruppe (anve@albertslund.dk).")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Jytte Brandt Holm", "jbh@albertslund.dk"), ("Anders Vendelbo", "anve@albertslund.dk")]


def test_an_ean_on_the_line_that_signs_up_the_writer_and_a_colleague_is_for_both() -> None:
    result = read("Mig og min kollega Troels Hvid (trhv@albertslund.dk) vil gerne til "
                  "konferencen i Aalborg. EAN 5798000880764")
    assert [(p.name, p.ean) for p in result.participants] == [
        ("Mads Ebbesen", "5798000880764"), ("Troels Hvid", "5798000880764")]


def test_two_seats_given_back_are_the_writers_own_and_the_colleagues_named_in_genitive() -> None:
    result = read("Vores to pladser i hverdagsledelsesnetværket må vi desværre give tilbage - min "
                  "egen og Lise Ulriksens (liul@albertslund.dk). Beklager det sene afbud.")
    assert result.intent == "cancel"
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Lise Ulriksen", "liul@albertslund.dk")]


def test_a_colleague_joined_by_first_name_is_named_in_full_and_waits_for_her_address() -> None:
    result = read("Louise fra børneafdelingen og jeg kommer begge til kursusdagen i Vejle den 22. "
                  "april. Louise Kjærgaard, som hun hedder nu, har ikke fået sin nye mailadresse "
                  "endnu, så send bare det hele til mig.")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Louise Kjærgaard", None)]
    assert result.review_reason is not None  # the coordinator gets her address


@pytest.mark.parametrize("body", [
    "tilm. mig + Kim fra vores IT til konferencen i Aalborg 👍",
    "Jeg vil gerne tilmelde mig og Kim til konferencen i Aalborg.",
    "Jeg og min kollega Kim vil gerne med til konferencen i Aalborg.",
])
def test_a_colleague_joined_after_the_writer_by_first_name_waits_for_her_address(
        body: str) -> None:
    result = read(body)
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Kim", None)]
    assert result.review_reason.code == Why.named_without_address


def test_an_address_made_of_the_writers_name_in_a_new_mail_from_a_private_one_is_hers() -> None:
    result = read("Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket om hverdagsledelse. Jeg "
                  "skriver fra min private mail, fordi min arbejdsmail først bliver oprettet i "
                  "næste uge - den bliver maeb@albertslund.dk, så send gerne bekræftelsen "
                  "dertil.", sender="mads.e.1975@gmail.com")
    assert [(p.name, p.email) for p in result.participants] == [("Mads Ebbesen",
                                                                 "maeb@albertslund.dk")]


def test_a_name_typed_in_lower_case_before_the_address_it_makes_is_hers() -> None:
    result = read("tilm mig og karen bonde (kabo@albertslund.dk) til hverdagsledelse 👍")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Karen Bonde", "kabo@albertslund.dk")]
    assert result.review_reason is None


@pytest.mark.parametrize(("body", "waits"), [
    ("Tilmeld mig og min kollega til konferencen i Aalborg.", True),
    ("Skriv mig og en kollega fra børneafdelingen på til kursusdagen i Vejle. Jeg sender "
     "hendes navn, når vagtplanen er lagt.", True),
    ("Jeg vil gerne med til konferencen i Aalborg. Min leder har sagt god for det.", False),
    ("Både jeg og vores souschef Mette Juncker vil gerne deltage i netværket om hverdagsledelse "
     "– Mette skriver selv til dig, så her er kun min tilmelding.", False),
])
def test_one_the_writer_brings_without_a_name_is_not_dropped_unsaid(body: str,
                                                                   waits: bool) -> None:
    result = read(body)
    assert result.intent == Intent.signup
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]
    assert (result.review_reason is not None) is waits


def test_a_secretariat_signs_up_the_chief_it_names_and_he_waits_for_his_address() -> None:
    result = read("Bibliotekschef Per Holt ønsker at deltage i konferencen i Aalborg den 12. maj. "
                  "Han deltager for Albertslund Bibliotekerne.",
                  sender="kulturogfritid@albertslund.dk", name="Kultur og Fritid - Sekretariatet",
                  signature="\n\nMed venlig hilsen\nSekretariatet\nKultur og Fritid\n"
                            "Albertslund Kommune\n")
    assert [(p.name, p.email, p.organisation) for p in result.participants] == [
        ("Per Holt", None, "Albertslund Bibliotekerne")]
    assert result.review_reason is not None


@pytest.mark.parametrize(("sentence", "herself"), [
    ("Hverken Pernille Dahl eller jeg kan komme. Vi må derfor begge melde afbud.", True),
    ("Enten Sofie Ravn eller jeg kommer til mødet, det ved vi i morgen.", False),
    ("Vores to pladser må vi give tilbage - min egen og Lise Ulriksens.", True),
    ("Undertegnede ønsker hermed at tilmelde sig netværket om hverdagsledelse.", True),
    ("Undertegnede vil gerne tilmelde Bo Dam og Ida Holm.", False),
    ("Jeg tager begge netværk, Ulrik tager kun hverdagsledelse.", True),
    ("Susanne Krogh (mig) – konference + kursusdag", True),
    # her own coming not decided, not asked for yet, or only a contact line
    ("Om jeg selv deltager, vender jeg tilbage om.", False),
    ("Mig selv melder jeg til senere, når kalenderen er på plads.", False),
    ("Kontaktperson: undertegnede", False),
    # her own place in other words than "jeg vil gerne ..."
    ("Meld mig til begge netværk, og Pernille Damgaard til hverdagsledelse.", True),
    ("Jeg slutter mig gerne til bæredygtighedsnetværket. Min kollega Rikke (cc) vil også.",
     True),
    ("Jeg tager selv del i netværket, og vores miljøansvarlige Tobias Ravn deltager også.",
     True),
    ("Tilmelding til hverdagsledelse: selv + 2 medarbejdere", True),
    ("vi er 3 fra lemvig der vil med til kurset: mig, Ulla Skov og Bjarne Nørgaard", True),
    ("Please sign up Ida Kragh for the network. Count me in as well.", True),
    ("Deltagere:\n* Mig (Connie Bruun)\n* Dennis Yde (deyd@assens.dk)", True),
    # her address for the reply is no place taken
    ("Send bekræftelsen til mig (hanne@vejle.dk), tak.", False),
    # a clause of her own after a comma; her own place put first
    ("Jeg skriver fra min private mail, da Outlook er nede, og jeg vil gerne have det sendt "
     "i dag.", False),
    ("Selv deltager jeg i konferencen, hvor jeg tager Yousef Khalil med.", True),
])
def test_the_writer_counts_herself_in_only_beside_another_not_instead_of_her(
        sentence: str, herself: bool) -> None:
    assert _comes_herself(sentence) == herself


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_bare_names_listed_under_a_colon_are_the_participants_not_the_chief(gap: str) -> None:
    result = read(f"Kære Lisbet\n\nVi vil gerne sende tre medarbejdere på kursusdagen om "
                  f"formidling:{gap}Anja Holm\nPeter Lassen\nNadja Friis{gap}De er alle fra "
                  f"voksenafdelingen. Faktura til EAN 5798000610088.")
    assert [p.name for p in result.participants] == ["Anja Holm", "Peter Lassen", "Nadja Friis"]
    assert result.review_reason is not None
    assert result.review_reason.code == Why.named_without_address  # she must ask for them


@pytest.mark.parametrize(("signature", "organisation"), [
    ("\n\nJens Peter Vilstrup, bibliotekschef\nBrønderslev Bibliotek\n", "Brønderslev Bibliotek"),
    ("\n\nVh Jens Peter Vilstrup\nSouschef Brønderslev Bibliotek\n", "Brønderslev Bibliotek"),
    (" Mvh Jens Peter Vilstrup Brønderslev Bibliotek\n", "Brønderslev Bibliotek"),
])
def test_a_title_or_the_name_beside_the_library_is_not_the_organisation(
        signature: str, organisation: str) -> None:
    result = read("Hej Lisbet\n\nJeg vil gerne deltage i konferencen.", signature=signature,
                  sender="jpv@bronderslev.dk", name="Jens Peter Vilstrup")
    assert [(p.name, p.organisation) for p in result.participants] == [
        ("Jens Peter Vilstrup", organisation)]


def test_a_nickname_that_keeps_the_first_letters_takes_the_from_name() -> None:
    result = read("Hej Lisbet\n\nJeg må desværre melde afbud til konferencen.",
                  signature="\n\nKh Bettan\nOdsherred Bibliotek\n",
                  sender="beol@odsherred.dk", name="Bettina Ølgaard")
    assert [p.name for p in result.participants] == ["Bettina Ølgaard"]


def test_a_request_for_a_colleague_and_me_signs_up_both() -> None:
    result = read("Hej Lisbet\n\nKan du tilmelde Sanne Abildgaard (saab@albertslund.dk) og "
                  "mig til konferencen?")
    assert {p.email for p in result.participants} == {
        "mads.ebbesen@albertslund.dk", "saab@albertslund.dk"}


@pytest.mark.parametrize("lines", [
    "Gunver Rosenkilde        guro@albertslund.dk\nAhmad Rasuli             ahra@albertslund.dk",
    "guro@albertslund.dk: Gunver Rosenkilde\nahra@albertslund.dk: Ahmad Rasuli",
    "- afdelingsleder Gunver Rosenkilde, Hovedbiblioteket (guro@albertslund.dk)\n"
    "- teamleder Ahmad Rasuli, Vallensbæk (ahra@albertslund.dk)",
    "Gunver Rosenkilde\nguro@albertslund.dk\n\nAhmad Rasuli\nahra@albertslund.dk",
])
def test_a_list_of_names_and_addresses_in_any_layout_is_the_participants(lines: str) -> None:
    result = read(f"Hej Lisbet\n\nVi melder følgende to til kursusdagen om formidling:\n\n{lines}"
                  f"\n\nEAN 5798000418882")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Gunver Rosenkilde", "guro@albertslund.dk"), ("Ahmad Rasuli", "ahra@albertslund.dk")]
    assert result.review_reason is None


def test_a_hyphenated_surname_over_its_address_is_one_person() -> None:
    result = read("Hej Lisbet\n\nHer kommer vores tilmeldinger til kursusdagen om formidling:\n\n"
                  "Hanna Friis-Mortensen\nhafm@albertslund.dk\n\nJimmy Ladegaard\n"
                  "jila@albertslund.dk")
    assert [p.name for p in result.participants] == ["Hanna Friis-Mortensen", "Jimmy Ladegaard"]
    assert result.review_reason is None


def test_the_chief_a_secretary_writes_for_is_no_participant() -> None:
    result = read("På vegne af bibliotekschef Torben Smed tilmeldes følgende to medarbejdere til "
                  "kursusdagen om formidling:\nNina Barfod (niba@albertslund.dk)\nClaus Hedemann "
                  "(clhe@albertslund.dk)")
    assert [p.name for p in result.participants] == ["Nina Barfod", "Claus Hedemann"]


@pytest.mark.parametrize("herself", ["Jeg selv deltager også.", "og så kommer jeg også selv."])
def test_the_chief_who_says_she_comes_herself_after_her_list_is_one_of_them(herself: str) -> None:
    result = read("Hej Lisbet\n\nVi tilmelder til kursusdagen om formidling:\n\nSanne Kromann\n"
                  f"sakr@albertslund.dk\n\n{herself}")
    assert {p.email for p in result.participants} == {
        "sakr@albertslund.dk", "mads.ebbesen@albertslund.dk"}


def test_the_one_whose_place_another_takes_is_no_participant_of_the_swap() -> None:
    result = read("Hej Lisbet\n\nRikke Lund (rilu@albertslund.dk) er gået på barsel, så vi "
                  "sender Jakob Nør (jano@albertslund.dk) i stedet til kursusdagen om formidling.")
    assert [p.email for p in result.participants] == ["jano@albertslund.dk"]
    assert result.review_reason is not None and result.review_reason.code == Why.swap


def test_the_colleague_a_chief_cancels_is_the_one_cancelled_not_the_chief() -> None:
    result = read("Kære Lisbet\n\nSusanne Kold skal desværre ikke med til kursusdagen om "
                  "formidling. Hun er sygemeldt på ubestemt tid.")
    assert [p.name for p in result.participants] == ["Susanne Kold"]


def test_the_leader_who_gave_leave_is_no_one_to_sign_up() -> None:
    result = read("Jeg har fået lov af min leder til at tage på kursusdagen om formidling, så jeg "
                  "skriver for at få en plads.")
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]


@pytest.mark.parametrize("body", [
    "Min kollega Søren Holk har allerede meldt sig til konferencen i Aalborg, så vi har "
    "aftalt, at jeg tager kursusdagen om formidling. Skriv mig gerne på.",
    "Både jeg og vores souschef Mette Juncker vil gerne med på kursusdagen om formidling – "
    "Mette skriver selv til dig, så her er kun min tilmelding.",
    "Min chef, Bente Kragh, har bedt mig melde mig til kursusdagen om formidling, så det gør "
    "jeg hermed.",
], ids=["has-her-place", "writes-herself", "asked-me-to"])
def test_a_colleague_named_beside_the_writers_own_sign_up_is_no_participant(body: str
                                                                            ) -> None:
    result = read(body)
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]
    assert result.networks == ("formidlingskursus",)


def test_one_who_comes_for_the_writer_at_one_meeting_takes_no_place() -> None:
    result = read("My deputy, Sofie Lund (solu@albertslund.dk), will attend the meeting on 3 "
                  "June on my behalf. I'll be back for September and November.")
    assert result.intent == Intent.unclear and result.review_reason.code == Why.one_meeting


def test_the_one_she_signs_up_after_a_comma_and_i_is_not_the_writer() -> None:
    result = read("Nu har vi ansat en ny afdelingsleder, og jeg vil gerne tilmelde hende til "
                  "kursusdagen om formidling:\n\nAsta Winkel, asta.winkel@albertslund.dk\n")
    assert [p.email for p in result.participants] == ["asta.winkel@albertslund.dk"]


@pytest.mark.parametrize(("display", "sign_off", "name", "organisation"), [
    ("Birthe Kragelund", "Kh Bitten", "Birthe Kragelund", "Albertslund Bibliotek"),
    ("Lars Ejby", "Hilsen Lasse", "Lars Ejby", "Albertslund Bibliotek"),
    ("Kim Bæk (KIBA)", "Vh Kim", "Kim Bæk", "Albertslund Bibliotek"),
    ("Pia Sand - Svendborg Bibliotek", "Vh Pia", "Pia Sand", "Svendborg Bibliotek"),
], ids=["nickname", "short-form", "initials-in-from", "library-in-from"])
def test_a_short_sign_off_takes_the_full_name_from_the_from_header(
        display: str, sign_off: str, name: str, organisation: str) -> None:
    library = "\nAlbertslund Bibliotek\n" if "Svendborg" not in display else "\n"
    result = read("Tilmeld mig gerne kursusdagen om formidling.", sender="xyz@albertslund.dk",
                  name=display, signature=f"\n\n{sign_off}{library}")
    assert [(p.name, p.organisation) for p in result.participants] == [(name, organisation)]


def test_her_own_address_given_from_a_shared_mailbox_is_hers() -> None:
    result = read("Jeg må desværre melde afbud til kursusdagen. Jeg er tilmeldt med min egen "
                  "mail, nkie@albertslund.dk, men skriver herfra i dag.",
                  sender="bibliotek@albertslund.dk", name="Albertslund Bibliotek",
                  signature="\n\nVenlig hilsen\nNanna Kiel\nAlbertslund Bibliotek\n")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Nanna Kiel", "nkie@albertslund.dk")]


def test_a_colleague_from_another_library_keeps_the_library_on_her_line() -> None:
    result = read("Vi vil gerne tilmelde to til kursusdagen om formidling:\n\n"
                  "- Rasmus Helt (rahe@albertslund.dk)\n"
                  "- Lotte Brink fra Samsø Bibliotek (lobr@samsoe.dk)\n")
    assert [(p.email, p.organisation) for p in result.participants] == [
        ("rahe@albertslund.dk", "Albertslund Bibliotek"), ("lobr@samsoe.dk", "Samsø Bibliotek")]


def test_one_only_quoted_as_the_source_is_no_participant() -> None:
    result = read("Som Karin Holm skriver nedenfor, vil jeg gerne med til kursusdagen om "
                  "formidling.")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]


def test_taking_part_tomorrow_is_another_meeting_than_the_networks() -> None:
    result = read("Jeg er med på Teams i morgen kl. 14, hvor vi planlægger kursusdagen om "
                  "formidling.")
    assert result.review_reason is not None and result.review_reason.code == Why.another_day


def test_one_who_only_gets_the_answer_is_no_participant() -> None:
    """A secretary's "svar gerne både ham og mig" and a chief's "bekræftelsen med kopi til
    min sekretær, Pia ..." name people who read the reply, not people who come."""
    for_the_chief = read(
        "På vegne af bibliotekschef Jens Peter Mølholm vil jeg hermed tilmelde ham til "
        "kursusdagen i Vejle.\n\nJens Peters mail er jpm@albertslund.dk – svar gerne både "
        "ham og mig.\n\nEAN-nummer: 5798000278752",
        sender="tibe@albertslund.dk", name="Tina Bech",
        signature="\n\nMed venlig hilsen\nTina Bech\nLedelsessekretær\nAlbertslund Bibliotek\n")
    assert [p.email for p in for_the_chief.participants] == ["jpm@albertslund.dk"]
    copied = read("Jeg vil gerne deltage i kursusdagen i Vejle.\n\nVil du sende bekræftelsen "
                  "med kopi til min sekretær, Pia Bendtsen (pibe@albertslund.dk)? Hun styrer "
                  "min kalender.")
    assert [p.email for p in copied.participants] == ["mads.ebbesen@albertslund.dk"]


def test_a_new_colleague_named_by_first_name_only_is_asked_for_not_the_writer() -> None:
    result = read("Vores nye formidler Sanne skal med på kursusdagen om skønlitteratur i "
                  "Vejle. Jeg har vedhæftet hendes kontaktkort.")
    assert result.participants == ()
    assert result.review_reason is not None
    assert result.review_reason.code == Why.others_not_found


@pytest.mark.parametrize(("names", "addresses", "people"), [
    ("Birgitte Holm og Kasper Juul", "biho@albertslund.dk, kaju@albertslund.dk",
     [("Birgitte Holm", "biho@albertslund.dk"), ("Kasper Juul", "kaju@albertslund.dk")]),
    # each takes the address made of her name, whatever the order
    ("Cecilie Ravn & Kasper Juul", "kaju@albertslund.dk; cera@albertslund.dk",
     [("Cecilie Ravn", "cera@albertslund.dk"), ("Kasper Juul", "kaju@albertslund.dk")]),
])
def test_names_on_one_line_take_the_addresses_on_the_next(names: str, addresses: str,
                                                          people: list) -> None:
    result = read(f"Vi vil gerne have to med på kursusdagen i Vejle:\n\n{names}\n{addresses}\n\n"
                  "EAN 5798000278752")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == people


def test_a_cancellation_for_both_of_those_named_is_not_the_writers() -> None:
    result = read("Desværre må vi melde afbud for begge til kursusdagen – sygdom og travlhed\n"
                  "Allan Poulsen og Nina Holm\nalpo@albertslund.dk / niho@albertslund.dk")
    assert result.intent == Intent.cancel
    assert [p.email for p in result.participants] == ["alpo@albertslund.dk",
                                                       "niho@albertslund.dk"]


def test_a_name_and_its_own_address_on_one_line_typed_in_lower_case() -> None:
    """A chief on her phone: "sofie lund sofl@..." is Sofie Lund (her address is made of
    her name); the reply greets and the list shows her in normal case."""
    result = read("kan du tilmelde mine to mellemledere til kursusdagen i vejle\n"
                  "sofie lund sofl@albertslund.dk\nmads krog makr@albertslund.dk\n"
                  "ean 5798 000 278 752")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Sofie Lund", "sofl@albertslund.dk"), ("Mads Krog", "makr@albertslund.dk")]


@pytest.mark.parametrize(("sentence", "people"), [
    ("Vi bliver tre: mig selv, Henrik von Holstein (hevh@albertslund.dk) og Maria de la Cruz "
     "Pedersen (mdlc@albertslund.dk).",
     {"Mads Ebbesen", "Henrik von Holstein", "Maria de la Cruz Pedersen"}),
    ("Min kollega Pieter van den Broek (pivb@albertslund.dk) og jeg vil gerne deltage.",
     {"Mads Ebbesen", "Pieter van den Broek"}),
    ("Min kollega Hanna við Stein (havs@albertslund.dk) og jeg vil gerne deltage.",
     {"Mads Ebbesen", "Hanna við Stein"}),
    # a Swedish colleague in a Danish library writes her own language
    ("Jag och min kollega Mikkel Dam (mikdam@albertslund.dk) vill gärna komma.",
     {"Mads Ebbesen", "Mikkel Dam"}),
])
def test_names_with_particles_are_whole(sentence: str, people: set[str]) -> None:
    result = read(f"{sentence} Det gælder kursusdagen i Vejle.")
    assert {p.name for p in result.participants} == people
    assert result.review_reason is None


def test_an_address_given_apart_from_the_name_in_prose_is_hers() -> None:
    result = read("Fra Albertslund kommer Ditte la Cour og Łukasz Zieliński til kursusdagen i "
                  "Vejle - jeg selv kan desværre ikke. Ditte har dilc@albertslund.dk, og han har "
                  "luzi@albertslund.dk.")
    assert {(p.name, p.email) for p in result.participants} == {
        ("Ditte la Cour", "dilc@albertslund.dk"), ("Łukasz Zieliński", "luzi@albertslund.dk")}
    assert result.review_reason is None


def test_an_address_nobody_could_be_named_for_goes_to_review_not_away() -> None:
    result = read("Jeg vil gerne med på kursusdagen i Vejle og tager min kollega med - "
                  "kast@albertslund.dk.")
    assert result.review_reason is not None
    assert result.review_reason.code == Why.addresses_without_names
    assert ("addresses", "kast@albertslund.dk") in result.review_reason.params


def test_a_chief_named_in_full_who_approved_and_reads_along_is_no_participant() -> None:
    raw = mails.outlook("lari@albertslund.dk", "Lasse Riber", "Tilmelding",
                        "Min chef, Gunhild Aas, har sagt god for det, så jeg vil gerne tilmelde "
                        "mig kursusdagen i Vejle. Gunhild står på cc.\n\nMvh\nLasse Riber\n"
                        "Albertslund Bibliotek\n", sent=SENT,
                        extra_headers="Cc: Gunhild Aas <guaa@albertslund.dk>\r\n")
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert [p.email for p in result.participants] == ["lari@albertslund.dk"]


def test_a_form_field_that_promises_the_address_later_gives_none() -> None:
    result = read("Hermed tilmelding til kursusdagen i Vejle:\n\nNavn: Lærke Winther\n"
                  "Mail: lawi@albertslund.dk\n\nNavn: Simon Gade\n"
                  "Mail: følger – han er ny og har ikke fået sin adresse endnu\n")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Lærke Winther", "lawi@albertslund.dk"), ("Simon Gade", None)]
    assert result.review_reason is not None
    assert result.review_reason.code == Why.named_without_address


def test_a_vietnamese_name_is_whole() -> None:
    result = read("Jeg vil gerne tilmelde Phạm Văn Long (pvl@albertslund.dk) til kursusdagen i "
                  "Vejle.")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Phạm Văn Long", "pvl@albertslund.dk")]


def test_events_shared_out_by_number_and_not_by_name_wait_for_the_coordinator() -> None:
    result = read("Vi vil gerne tilmelde tre: Lise Grønbech (ligr@albertslund.dk), Anne Tang "
                  "(antg@albertslund.dk) og Kasper Holm (kaho@albertslund.dk). To af dem skal til "
                  "konferencen i Aalborg og én på kursusdagen i Vejle – de finder selv ud af hvem.")
    assert result.review_reason is not None
    assert result.review_reason.code == Why.networks_per_person


def test_a_sign_off_written_without_danish_letters_is_her_from_name() -> None:
    result = read("Undskyld de manglende ae, oe og aa. Jeg vil gerne tilmelde mig kursusdagen i "
                  "Vejle.", sender="sohoej@albertslund.dk", name="Søren Højgaard",
                  signature="\n\nMange hilsner\nSoeren\n")
    assert [p.name for p in result.participants] == ["Søren Højgaard"]


def test_a_colleague_whose_invoice_goes_elsewhere_gets_her_own_ean() -> None:
    result = read("Jeg vil gerne tilmelde mig kursusdagen i Vejle, og min kollega Sanne Krogh "
                  "(sakr@albertslund.dk) vil også gerne med.\n\nEAN til min tilmelding: "
                  "5798000275041\nSanne hører under Kultur- og Fritidsforvaltningen, så hendes "
                  "faktura skal til EAN 5798000666511.")
    assert [(p.email, p.ean) for p in result.participants] == [
        ("mads.ebbesen@albertslund.dk", "5798000275041"), ("sakr@albertslund.dk", "5798000666511")]


def test_we_are_three_over_a_list_of_three_is_not_the_writer_too() -> None:
    result = read("Vi er tre fra Albertslund og Ishøj, der gerne vil med på kursusdagen i Vejle:"
                  "\n\nAne Kjeldsen, Albertslund Bibliotek, ankj@albertslund.dk\nMartin Bundgaard, "
                  "Albertslund Bibliotek, mabu@albertslund.dk\nHelle Sommer, Ishøj Bibliotek, "
                  "hesom@ishoj.dk\n\nEAN Albertslund: 5798000331020\nEAN Ishøj: 5798000269040")
    assert [(p.email, p.ean) for p in result.participants] == [
        ("ankj@albertslund.dk", "5798000331020"), ("mabu@albertslund.dk", "5798000331020"),
        ("hesom@ishoj.dk", "5798000269040")]


def test_one_from_a_place_the_mail_gives_no_ean_for_gets_none_of_anothers() -> None:
    result = read("Fra Albertslund kommer jeg selv og min kollega Lone Brix "
                  "(lobr@albertslund.dk).\n\nAnders Kjær fra Næstved Bibliotek kører med – hans "
                  "mail er ankjae@naestved.dk. Albertslunds EAN er 5798000262324; Anders sørger "
                  "selv for Næstveds EAN.")
    assert {p.email: p.ean for p in result.participants} == {
        "mads.ebbesen@albertslund.dk": "5798000262324", "lobr@albertslund.dk": "5798000262324",
        "ankjae@naestved.dk": None}


def copied_to(body: str, cc: str, to: str = "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>"):
    raw = mails.outlook("mads.ebbesen@albertslund.dk", "Mads Ebbesen", "Kursusdagen i Vejle",
                        body + SIGNATURE, sent=SENT, to=to, extra_headers=cc)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


def test_those_a_sign_up_counts_are_found_among_the_copied() -> None:
    result = copied_to("Vi kommer alle tre, som står på denne mail, til kursusdagen om "
                       "formidling af skønlitteratur i Vejle.\n\nEAN 5798000278752",
                       "Cc: Lise Holt <liho@albertslund.dk>, \"Brandt, Anders\" "
                       "<anbr@albertslund.dk>\r\n")
    assert result.review_reason is None
    assert [(p.name, p.email, p.ean) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk", "5798000278752"),
        ("Lise Holt", "liho@albertslund.dk", "5798000278752"),
        ("Anders Brandt", "anbr@albertslund.dk", "5798000278752")]


def test_a_colleague_in_to_is_the_other_of_karen_og_jeg_begge() -> None:
    result = copied_to("Karen og jeg vil gerne begge med til kursusdagen om formidling af "
                       "skønlitteratur.", "", to="Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>"
                       ", Karen Ravn <kara@albertslund.dk>")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == [
        "mads.ebbesen@albertslund.dk", "kara@albertslund.dk"]


BESIDE_HER = "Lisbet Vestergaard <lv@fremtidensbiblioteker.dk>, Johanne Berg <jobe@albertslund.dk>"


@pytest.mark.parametrize(("body", "expected"), [
    ("Johanne og jeg vil gerne med til kursusdagen om formidling af skønlitteratur.",
     ["mads.ebbesen@albertslund.dk", "jobe@albertslund.dk"]),
    ("Kan du skrive Johanne på til kursusdagen om formidling af skønlitteratur? Jeg er selv "
     "forhindret.", ["jobe@albertslund.dk"]),
])
def test_a_colleague_written_to_beside_the_coordinator_is_found_by_her_first_name(
        body: str, expected: list[str]) -> None:
    result = copied_to(body, "", to=BESIDE_HER)
    assert result.review_reason is None
    assert [p.email for p in result.participants] == expected


def test_a_colleague_written_to_whom_no_sign_up_names_is_no_participant() -> None:
    result = copied_to("Jeg vil gerne med til kursusdagen om formidling af skønlitteratur. "
                       "Johanne, kan du tage vagten i skranken den dag?", "", to=BESIDE_HER)
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]


def test_the_writer_makes_up_the_count_where_she_says_jeg_selv() -> None:
    result = read("Vi kommer to: jeg selv og vores souschef, Anders Kiil (anki@albertslund.dk)"
                  ", til kursusdagen om formidling af skønlitteratur i Vejle.")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == [
        "mads.ebbesen@albertslund.dk", "anki@albertslund.dk"]


@pytest.mark.parametrize("body", [
    "Vi vil begge gerne med til kursusdagen om formidling af skønlitteratur i Vejle.",
    "Vi kommer alle fire til kursusdagen om formidling af skønlitteratur i Vejle.",
])
def test_people_a_sign_up_counts_but_does_not_name_go_to_the_coordinator(body: str) -> None:
    # nobody copied: one of them would be dropped without a word
    result = copied_to(body, "")
    assert result.intent == Intent.signup
    assert result.review_reason is not None and result.review_reason.code == Why.miscounted
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]


def test_a_count_that_is_no_sign_up_counts_nobody() -> None:
    result = read("Vi er fem fastansatte i alt, så jeg tager selv afsted. Jeg vil gerne "
                  "tilmelde mig kursusdagen om formidling af skønlitteratur i Vejle.")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]


def private(body: str):
    raw = mails.gmail("mads.ebbesen.privat@gmail.com", "Mads Ebbesen", "Tilmelding",
                      body + "\n\nMads Ebbesen\nAlbertslund Bibliotek", sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


@pytest.mark.parametrize("listed", [
    "1) Ib Lund, ibl@albertslund.dk\n2) Mads Ebbesen (det er mig), maeb@albertslund.dk",
    "Navn            Mail\nIb Lund         ibl@albertslund.dk\nMads Ebbesen    maeb@albertslund.dk",
])
def test_a_writer_who_lists_herself_with_her_work_address_is_registered_under_it(
        listed: str) -> None:
    result = private(f"Vi vil gerne med på kursusdagen i Vejle:\n\n{listed}\n\nEAN 5798000278752")
    assert result.review_reason is None
    assert sorted(p.email for p in result.participants) == [
        "ibl@albertslund.dk", "maeb@albertslund.dk"]


def test_a_row_without_an_address_is_never_given_the_writers_own() -> None:
    result = private("Vores tilmeldinger til kursusdagen i Vejle:\n\n"
                     "Navn            Mail\nIb Lund         ibl@albertslund.dk\n"
                     "Sofie Ravn\nMads Ebbesen    maeb@albertslund.dk\n\nSofies mail følger.")
    assert {(p.name, p.email) for p in result.participants} == {
        ("Ib Lund", "ibl@albertslund.dk"), ("Sofie Ravn", None),
        ("Mads Ebbesen", "maeb@albertslund.dk")}
    assert result.review_reason is not None  # Sofie's address is the coordinator's to get


@pytest.mark.parametrize("listed", [
    "Krogh, Mette – mekr@albertslund.dk\nØstergaard, Bo – boos@albertslund.dk",
    "Krogh, Mette (mekr@albertslund.dk)\nØstergaard, Bo (boos@albertslund.dk)",
])
def test_a_list_written_surname_first_names_each_in_natural_order(listed: str) -> None:
    result = read(f"Albertslund tilmelder to til kursusdagen i Vejle:\n\n{listed}\n\n"
                  "Jeg deltager ikke selv.")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mette Krogh", "mekr@albertslund.dk"), ("Bo Østergaard", "boos@albertslund.dk")]


def test_a_colleagues_address_in_the_next_sentence_by_first_name() -> None:
    result = read("Vi er to, der gerne vil med på kursusdagen i Vejle: Line Østergård og "
                  "undertegnede. Line har lioe@albertslund.dk.")
    assert result.review_reason is None
    assert sorted(p.email for p in result.participants) == [
        "lioe@albertslund.dk", "mads.ebbesen@albertslund.dk"]


def test_the_one_colleague_copied_is_the_one_signed_up_however_the_clause_is_set_off() -> None:
    result = copied_to("Jeg vil gerne tilmelde min kollega, der står cc på denne mail, til "
                       "kursusdagen om formidling af skønlitteratur.",
                       "Cc: Rasmus Juhl <raju@albertslund.dk>\r\n")
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == [
        ("Rasmus Juhl", "raju@albertslund.dk")]


def test_a_count_one_more_than_the_names_does_not_make_the_writer_the_one_missing() -> None:
    """"Vi er tre ..." over two names: the third may be the writer, or someone not named
    yet; the two are registered and the coordinator asks (a guess would invoice her)."""
    result = copied_to("Vi er tre fra Albertslund, der gerne vil med til kursusdagen om "
                       "formidling af skønlitteratur:\n\nIda Krog – idkr@albertslund.dk\n"
                       "Peter Hvas – pehv@albertslund.dk", "")
    assert [p.email for p in result.participants] == ["idkr@albertslund.dk",
                                                      "pehv@albertslund.dk"]
    assert result.review_reason is not None and result.review_reason.code == Why.miscounted


def test_meg_selv_counts_the_writer_as_mig_selv_does() -> None:
    result = copied_to("Vi er to fra Albertslund som gjerne vil være med på kursusdagen om "
                       "formidling: meg selv og min kollega Mathias Kofoed (makof@albertslund.dk"
                       ").", "")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk",
                                                      "makof@albertslund.dk"]


def test_colleagues_the_next_sentence_puts_in_cc_are_the_ones_signed_up() -> None:
    result = copied_to("Jeg vil gerne tilmelde tre af vores mellemledere til kursusdagen om "
                       "formidling af skønlitteratur. De står alle tre på cc, så de også får "
                       "din bekræftelse.\n\nSelv deltager jeg ikke.",
                       "Cc: Lise Holt <liho@albertslund.dk>, Bo Lind <boli@albertslund.dk>, "
                       "Ea Berg <eabe@albertslund.dk>\r\n")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == [
        "liho@albertslund.dk", "boli@albertslund.dk", "eabe@albertslund.dk"]


def test_one_copied_but_not_named_is_not_taken_for_the_other_of_us_both() -> None:
    """"Vi vil begge gerne med" with the chief copied: whom "begge" means is the
    coordinator's to ask, not the Cc's to tell."""
    result = copied_to("Vi vil begge gerne med til kursusdagen om formidling af "
                       "skønlitteratur i Vejle.", "Cc: Jette Holm <jeho@albertslund.dk>\r\n")
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk"]
    assert result.review_reason is not None and result.review_reason.code == Why.miscounted


def test_a_count_smaller_than_the_people_named_waits() -> None:
    """"Vi kommer to: jeg selv, Kim Løve og Ulla Brix": which two is the coordinator's to
    ask, not the reading's to guess (it used to drop the writer)."""
    result = copied_to("Vi kommer to fra Albertslund til kursusdagen om formidling af "
                       "skønlitteratur: jeg selv, Kim Løve (kilo@albertslund.dk) og Ulla Brix "
                       "(ulbr@albertslund.dk).", "")
    assert result.review_reason is not None and result.review_reason.code == Why.miscounted


def test_one_registered_by_first_name_is_found_by_her_full_name_beside_it() -> None:
    result = read("Skriv også Jonas på netværksmødet, tak – Jonas Mølgaard, souschef her i "
                  "Albertslund. Hans mailadresse har jeg ikke lige ved hånden.")
    assert [(p.name, p.email) for p in result.participants] == [("Jonas Mølgaard", None)]
    assert result.review_reason is not None and result.review_reason.code == \
        Why.named_without_address


def test_one_already_registered_who_asks_for_her_deputy_is_not_registered_again() -> None:
    result = read("Could you add my deputy as well? She'd like to join the course day in Vejle. "
                  "I'm already registered myself.")
    assert all(p.email != "mads.ebbesen@albertslund.dk" for p in result.participants)


def test_a_branch_mailbox_signed_with_a_direct_address_registers_that_address() -> None:
    raw = mails.outlook("roedby.bibliotek@lolland.dk", "Rødby Bibliotek", "Netværksmødet",
                        "Hej Lisbet\n\nJeg vil gerne tilmelde mig netværksmødet den 27. marts i "
                        "Roskilde.\n\nMed venlig hilsen\n\nGitte Lund Carstensen\nFilialleder, "
                        "Rødby Bibliotek\nLolland Bibliotekerne\nDirekte: gilc@lolland.dk\n",
                        sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert [(p.name, p.email) for p in result.participants] == [
        ("Gitte Lund Carstensen", "gilc@lolland.dk")]


def test_the_address_goes_to_the_name_before_it_not_to_the_subject_of_a_sentence_before() -> None:
    result = read("Bo Kragh, som vi tilmeldte netværket om hverdagsledelse i januar, har fået nyt "
                  "job og stopper til marts. I stedet for Bo kommer vores nye afdelingsleder "
                  "Nanna Helbo (nahe@albertslund.dk).")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Nanna Helbo", "nahe@albertslund.dk")]


def test_the_place_those_counted_come_from_is_no_person() -> None:
    result = read("Vi er to fra Hvide Sande, der gerne vil være med i netværket om "
                  "hverdagsledelse: mig selv og min kollega Sanne Hvid (sahv@albertslund.dk).")
    assert result.review_reason is None
    assert [p.email for p in result.participants] == ["mads.ebbesen@albertslund.dk",
                                                      "sahv@albertslund.dk"]


def test_a_mailbox_whose_from_names_a_library_is_no_person_to_register() -> None:
    raw = mails.outlook("bibadm@albertslund.dk", "Albertslund Bibliotek - Administration",
                        "Tilmelding", "Hej Lisbet\n\nVi vil gerne tilmelde os kursusdagen om "
                        "formidling af skønlitteratur i Vejle.\n\nVenlig hilsen\n"
                        "Administrationen\n", sent=SENT)
    result = understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)
    assert result.participants == ()
    assert result.review_reason is not None and result.review_reason.code == Why.shared_mailbox


@pytest.mark.parametrize(("body", "names"), [
    ("Skriv også Niels på netværksmødet – han vil også gerne med.", ["Niels"]),
    ("Vi vil gerne melde to fra os til netværksmødet den 27. marts: Kirsten og Bo.",
     ["Kirsten", "Bo"]),
])
def test_colleagues_named_by_first_name_only_wait_by_name_not_as_the_writer(
        body: str, names: list[str]) -> None:
    result = read(body)
    assert [(p.name, p.email) for p in result.participants] == [(n, None) for n in names]
    assert result.review_reason is not None and result.review_reason.code == Why.others_not_found


def test_a_colleague_by_first_name_is_found_in_an_old_outlook_quote_header() -> None:
    result = read("Lisbet, se nedenfor. Jakob vil gerne med til konferencen, og det er ok med "
                  "mig.\n\n-----Oprindelig meddelelse-----\nFra: Jakob Lindholm "
                  "[mailto:jali@albertslund.dk]\nSendt: 3. februar 2025 09:12\nTil: Mads Ebbesen"
                  "\nEmne: Konferencen i Aalborg?\n\nHej Mads, må jeg komme med til konferencen "
                  "i Aalborg?\n\nJakob")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Jakob Lindholm", "jali@albertslund.dk")]


def test_those_two_others_come_in_place_of_are_no_participants() -> None:
    result = read("I stedet for mig og Ulla kommer Bent Kruse (beks@albertslund.dk) og Fie Dahl "
                  "(fida@albertslund.dk) i netværket for hverdagsledelse.\n\nCc: Ulla Brøns "
                  "<ulbr@albertslund.dk>")
    assert sorted(p.email for p in result.participants) == ["beks@albertslund.dk",
                                                            "fida@albertslund.dk"]


def test_a_request_to_write_on_a_first_name_is_no_person_named_skriv() -> None:
    result = read("Skriv Frederik på til netværksmødet den 27. marts, tak.")
    assert all(not p.name.startswith("Skriv") for p in result.participants)
    assert all(p.email != "mads.ebbesen@albertslund.dk" for p in result.participants)


def test_a_request_to_take_a_colleague_along_is_a_sign_up_of_her() -> None:
    result = read("Kan du tage Birgitte med på listen til netværksmødet? Hun hedder Birgitte "
                  "Aagaard og har mailen biaa@albertslund.dk.")
    assert (result.intent, result.review_reason) == (Intent.signup, None)
    assert [(p.name, p.email) for p in result.participants] == [
        ("Birgitte Aagaard", "biaa@albertslund.dk")]


def under_confirmation(body: str, confirmation: str):
    """A reply to the coordinator's confirmation, quoted as Outlook quotes it."""
    raw = mails.outlook("mads.ebbesen@albertslund.dk", "Mads Ebbesen", "SV: Bekræftelse",
                        body + SIGNATURE + mails.coordinators_mail(
                            "Mads Ebbesen", "mads.ebbesen@albertslund.dk", "Bekræftelse",
                            confirmation + "\n\nVenlig hilsen\nLisbet Vestergaard"), sent=SENT)
    return understand(mails.inbound(raw, SENT), NETWORKS, COORDINATOR)


ADDED = ("Kan du også skrive Pia Holm og Søren Lund på til netværksmødet? De kører med mig "
         "derop, så vi er tre fra Albertslund.\n\nPia: piho@albertslund.dk, Søren: "
         "solu@albertslund.dk")


def test_a_writer_confirmed_before_who_adds_two_is_not_signed_up_again() -> None:
    result = under_confirmation(ADDED, "Kære Mads\n\nTak for din tilmelding til netværksmødet "
                                "for souschefer og mellemledere i CB-området. Du er nu "
                                "registreret som deltager.")
    assert (result.intent, result.review_reason) == (Intent.signup, None)
    assert [p.email for p in result.participants] == ["piho@albertslund.dk",
                                                       "solu@albertslund.dk"]


@pytest.mark.parametrize("confirmation", [
    # it confirms others she signed up, not her
    "Hej Mads\n\nTak – Anna og Bo er nu skrevet på listen til netværksmødet i CB-området.",
    # it confirms her for another network
    "Kære Mads\n\nDu er nu tilmeldt kursusdagen om formidling af skønlitteratur.",
])
def test_a_writer_whose_place_at_that_network_is_not_confirmed_comes_too(
        confirmation: str) -> None:
    result = under_confirmation(ADDED, confirmation)
    assert "mads.ebbesen@albertslund.dk" in [p.email for p in result.participants]


def test_her_work_address_she_copies_is_the_one_registered() -> None:
    raw = mails.outlook("lenekjaer71@gmail.com", "Lene Kjær", "Tilmelding kursusdag",
                        "Jeg vil gerne tilmelde mig kursusdagen om formidling af skønlitteratur. "
                        "Jeg skriver hjemmefra, men sætter min arbejdsmail cc – send gerne "
                        "bekræftelsen dertil.\n\nMange hilsner\nLene Kjær\nBillund "
                        "Bibliotekerne\n", sent=SENT, extra_headers="Cc: lekj@billund.dk\r\n")
    result = understand(mails.inbound(raw, SENT), NETWORKS)
    assert [(p.name, p.email) for p in result.participants] == [("Lene Kjær", "lekj@billund.dk")]


def test_a_first_name_joined_to_the_writer_and_written_nowhere_in_full_waits_named() -> None:
    result = read("Min kollega Sanne og jeg vil gerne tilmeldes netværket om hverdagsledelse. "
                  "Vi er begge teamledere.")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Mads Ebbesen", "mads.ebbesen@albertslund.dk"), ("Sanne", None)]
    assert result.review_reason is not None
    assert result.review_reason.code == Why.named_without_address
    assert "Sanne" in dict(result.review_reason.params)["names"]


def test_both_before_a_first_name_is_no_part_of_it() -> None:
    result = copied_to("Both Emma and I would like to attend the course day on fiction "
                       "outreach – Emma is cc'd.", "Cc: Emma Thorup <emth@albertslund.dk>\r\n")
    assert result.review_reason is None
    assert sorted((p.name, p.email) for p in result.participants) == [
        ("Emma Thorup", "emth@albertslund.dk"), ("Mads Ebbesen", "mads.ebbesen@albertslund.dk")]


@pytest.mark.parametrize(("body", "expected"), [
    ("Tilmelder mig selv + Ida (idno@albertslund.dk) + Rasmus (rahe@albertslund.dk) til "
     "netværksmødet i CB-området.", [("Mads Ebbesen", "mads.ebbesen@albertslund.dk"),
                                     ("Ida", "idno@albertslund.dk"),
                                     ("Rasmus", "rahe@albertslund.dk")]),
    ("Til netværksmødet i CB-området vil vi gerne tilmelde Allan Busk.\n\nAllan: "
     "albu@albertslund.dk",
     [("Allan Busk", "albu@albertslund.dk")]),
])
def test_a_first_name_just_before_an_address_is_the_one_it_belongs_to(
        body: str, expected: list[tuple[str, str]]) -> None:
    result = read(body)
    assert result.review_reason is None
    assert [(p.name, p.email) for p in result.participants] == expected


def test_ill_be_joining_as_well_signs_the_writer_up_beside_her_deputy() -> None:
    result = read("Please register my deputy, Søren Kvist (skvi@albertslund.dk), for the "
                  "network meeting in the CB area on 27 March. I'll be joining as well.")
    assert [p.email for p in result.participants] == [
        "mads.ebbesen@albertslund.dk", "skvi@albertslund.dk"]


def test_my_deputy_unnamed_is_the_colleague_whose_mail_is_below() -> None:
    result = read("Could you add my deputy as well? Her details are in the mail below. I'm "
                  "already registered myself.\n\nMads\n\nFra: Josefine Kjær "
                  "<joskj@albertslund.dk>\nSendt: 3. februar 2025 09:12\nTil: Mads Ebbesen "
                  "<mads.ebbesen@albertslund.dk>\nEmne: Kursusdag i Vejle\n\nHej Mads\n\nJeg "
                  "vil rigtig gerne med på kursusdagen om formidling af skønlitteratur i "
                  "Vejle.\n\nMvh Josefine\n", signature="")
    assert [(p.name, p.email) for p in result.participants] == [
        ("Josefine Kjær", "joskj@albertslund.dk")]


def test_a_confirmation_that_greets_her_and_says_she_is_registered_is_hers() -> None:
    result = under_confirmation("Kan du også skrive Pia Holm (piho@albertslund.dk) på til "
                                "netværksmødet? Hun kører med mig derop.",
                                "Kære Mads\n\nDu er nu registreret som deltager i "
                                "netværksmødet for souschefer og mellemledere i CB-området.")
    assert [p.email for p in result.participants] == ["piho@albertslund.dk"]
