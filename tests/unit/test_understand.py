"""The general rules of understanding, on small invented mails that are not in the corpus:
quote styles, EAN forms, typos, "både ... og", "begge", shared mailboxes, colleagues,
English, charsets and HTML."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mailreg.adapters.words import say
from mailreg.config import NetworkConfig
from mailreg.domain.mail import Inbound
from mailreg.domain.model import Why
from mailreg.reading.message import html_to_text, parse, unflow
from mailreg.reading.quoting import split_new_text
from mailreg.reading.understand import find_ean, language_of, understand

CPH = ZoneInfo("Europe/Copenhagen")
ARRIVAL = datetime(2025, 3, 1, 9, tzinfo=CPH)
NETWORKS = [
    NetworkConfig(slug="digital", name="Netværk om digital dannelse",
                  aliases=["digital dannelse", "dannelsesnetværket"], deadline=date(2025, 4, 1)),
    NetworkConfig(slug="boern", name="Ledelse af børnebiblioteker",
                  aliases=["børnebiblioteker", "børnenetværket"], deadline=date(2025, 4, 1)),
]


def mail(text: str, subject: str = "Netværk", sender: str = "kila@morsoe.dk",
         name: str = "Kim Larsen", attachments: tuple[str, ...] = ()) -> Inbound:
    return Inbound(key="k", message_id="<m@x>", sender=sender, sender_name=name,
                   subject=subject, text=text, arrival=ARRIVAL, to=("koordinator@net.dk",),
                   attachments=attachments)


# --- where the new text is ---------------------------------------------------------

QUOTE_STYLES = {
    "gmail": "Den tirs. 4. mar. 2025 kl. 08.15 skrev Ane Berg <ab@net.dk>:\n> Kære alle\n> Tekst",
    "gmail wrapped": "Den tirs. 4. mar. 2025 kl. 08.15 skrev Ane Berg <\nab@net.dk>:\n\n> Tekst",
    "gmail wrapped before": "Den tirs. 4. mar. 2025 kl. 08.15 skrev Ane Berg\n<ab@net.dk>:\n\n"
                            "> Tekst",
    "english gmail": "On Tue, 4 Mar 2025 at 08:15, Ane Berg <ab@net.dk> wrote:\n> Text",
    "outlook": "________________________________\nFra: Ane Berg <ab@net.dk>\n"
               "Sendt: tirsdag den 4. marts 2025 08.15\nTil: Kim\nEmne: Netværk\n\nTekst",
    "outlook plain": "Fra: Ane Berg <ab@net.dk>\nSendt: 4. marts 2025 08:15\nEmne: X\n\nTekst",
    "oprindelig": "-----Oprindelig meddelelse-----\nFra: Ane Berg\nSendt: 4. marts\n\nTekst",
    "original": "-----Original Message-----\nFrom: Ane Berg\nSent: 4 March\n\nText",
    "gmail forward": "---------- Forwarded message ---------\nFrom: Ane <ab@net.dk>\nText",
    "apple forward": "Start på videresendt besked:\n\nFra: Ane Berg <ab@net.dk>\nEmne: X\nTekst",
    "iphone": "Sendt fra min iPhone\n\nDen 4. mar. 2025 kl. 08.15 skrev Ane Berg <ab@net.dk>:\n\n"
              "> Tekst\n> mere tekst",
    # Outlook in the language of its menus
    "german outlook": "________________________________\nVon: Ane Berg <ab@net.dk>\n"
                      "Gesendet: Montag, 3. März 2025 08:15\nAn: Kim\nBetreff: Netværk\n\nTekst",
    "polish outlook": "Od: Ane Berg <ab@net.dk>\nWysłano: poniedziałek, 3 marca 2025 08:15\n"
                      "Do: Kim\nTemat: Netværk\n\nTekst",
    "swedish outlook": "Från: Ane Berg <ab@net.dk>\nSkickat: den 3 mars 2025 08:15\nTill: Kim"
                       "\nÄmne: Netværk\n\nTekst",
    "dutch gmail": "Op ma 3 mrt 2025 om 08:15 schreef Ane Berg <ab@net.dk>:\n> Tekst",
}


@pytest.mark.parametrize("style", QUOTE_STYLES)
def test_quote_styles_are_split_off(style: str) -> None:
    new, quoted = split_new_text("Jeg er med.\n\nMvh Kim\n\n" + QUOTE_STYLES[style])
    assert new == "Jeg er med.\n\nMvh Kim"
    assert "Tekst" in quoted or "Text" in quoted


def test_bottom_posted_reply_keeps_the_text_below_the_quote() -> None:
    text = "Ane Berg skrev den 04-03-2025 08:15:\n> Invitation\n> til netværk\n\nJeg vil gerne."
    assert split_new_text(text) == ("Jeg vil gerne.", text.rsplit("\n\n", 1)[0])


def test_a_line_starting_with_fra_in_running_text_is_not_history() -> None:
    text = "Fra: vores bibliotek deltager to.\nMvh Kim"
    assert split_new_text(text)[0] == text


def test_html_quote_becomes_quoted_lines() -> None:
    html = ('<div>Jeg vil gerne tilmeldes.</div><div class="gmail_quote">'
            '<div class="gmail_attr">Den 4. mar. 2025 skrev Ane &lt;ab@net.dk&gt;:</div>'
            "<blockquote>Tilmelding til digital dannelse</blockquote></div>")
    new, quoted = split_new_text(html_to_text(html))
    assert new == "Jeg vil gerne tilmeldes."
    assert "digital dannelse" in quoted


def test_outlook_html_reply_header_block_is_history() -> None:
    html = ('<p class="MsoNormal">Hermed min tilmelding.</p><div style="border:none;'
            'border-top:solid #E1E1E1 1.0pt"><p><b>Fra:</b> Ane</p></div><p>Gammel tekst</p>')
    new, quoted = split_new_text(html_to_text(html))
    assert new == "Hermed min tilmelding."
    assert "Gammel tekst" in quoted


def test_signup_only_in_quoted_text_is_not_a_signup() -> None:
    text = ("Tak, det lyder spændende.\n\nMvh Kim Larsen\n\n"
            "Den 4. mar. 2025 kl. 08.15 skrev Ane Berg <ab@net.dk>:\n"
            "> Jeg vil gerne tilmelde mig digital dannelse.")
    result = understand(mail(text), NETWORKS)
    assert result.intent == "unclear" and result.participants == ()
    assert result.review_reason


def test_quoted_invitation_names_the_network_for_a_bare_signup() -> None:
    text = ("Jeg vil gerne tilmeldes.\n\nMvh\nKim Larsen\nMorsø Bibliotek\n\n"
            "-----Oprindelig meddelelse-----\nFra: Ane Berg\nSendt: 4. marts 2025\n\n"
            "Invitation til Netværk om digital dannelse. Tilmelding per mail.")
    result = understand(mail(text, subject="SV: Invitation"), NETWORKS)
    assert (result.intent, result.networks, result.review_reason) == (
        "signup", ("digital",), None)
    assert result.participants[0].organisation == "Morsø Bibliotek"


# --- EAN -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "EAN til min tilmelding: 5790000123452", "Faktura til EAN 5790 0001\n2345 2, mrk. BHS",
    "EAN: 5790000123452", "EAN-nr.: 5790 0001 2345 2", "EAN nummer 5790000123452",
    "Vores EAN-nr. er 5790000123452.", "EAN 5790 000 123 452", "ean-nummer: 5790-0001-2345-2",
    "Fakturering til 5790000123452 tak",
])
def test_ean_forms(text: str) -> None:
    assert find_ean(text) == ("5790000123452", None)


def test_the_ean_given_after_the_writer_corrects_herself_wins() -> None:
    assert find_ean("EAN: 5798000273054 – nej vent, det er vores gamle. Vi har fået nyt pr. "
                    "1. januar: 5798000599413") == ("5798000599413", None)


def test_wrong_check_digit_is_a_problem_not_an_ean() -> None:
    assert find_ean("EAN: 5790000123459") == (None, "invalid")
    assert find_ean("EAN-nr.: 5790 0001 2345 9") == (None, "invalid")
    # a correction that states the EAN in words ("EAN skal være ...") is labelled too
    assert find_ean("Rettelse: EAN skal være 5790000123459.") == (None, "invalid")


def test_phone_cvr_and_unlabelled_wrong_numbers_are_not_eans() -> None:
    assert find_ean("Tlf. 2025 1234 / 86 12 34 56, CVR 12345678, sag 5790000123459") == (
        None, None)


@pytest.mark.parametrize("text", [
    "Bogens EAN er 9788711983423, hvis I samler en litteraturliste.",
    "Vi læser 9788702012345 i læsekredsen.",
])
def test_a_books_ean_is_no_invoice_ean(text: str) -> None:
    """An ISBN is a valid EAN-13, but a book is no place to send the invoice."""
    assert find_ean(text) == (None, None)
    assert find_ean(text + " Vores EAN: 5790000123452") == ("5790000123452", None)


QUOTED_EAN = ("\n\nDen 5. feb. 2025 kl. 10.02 skrev Annemette Holm <anho@morsoe.dk>:\n"
              "> Jeg tilmelder mig netværket om digital dannelse.\n> EAN: 5790000123452\n")


@pytest.mark.parametrize(("new", "ean"), [
    ("Jeg vil også gerne deltage i netværket om digital dannelse – samme EAN som Annemette.",
     "5790000123452"),
    ("Jeg vil gerne tilmelde mig digital dannelse. EAN-nummeret står i mailen herunder.",
     "5790000123452"),
    ("Jeg vil også gerne tilmelde mig digital dannelse.", None),  # no EAN spoken of
])
def test_an_ean_the_new_text_speaks_of_comes_from_the_quoted_mail(new: str, ean) -> None:
    result = understand(mail(new + "\n\nVh\nKim Larsen" + QUOTED_EAN), NETWORKS)
    assert [p.ean for p in result.participants] == [ean]


def test_blocks_without_an_ean_line_keep_the_mails_ean() -> None:
    text = ("Her er vores tilmeldinger til netværket om digital dannelse:\n\n"
            "Navn: Birgitte Enevoldsen\nMail: biene@slagelse.dk\n\n"
            "Navn: Kasper Thygesen\nMail: kathy@slagelse.dk\n\n"
            "Fakturaen må gerne gå til EAN 5790000123452.\n\nVenlig hilsen\nHanne Ry\n"
            "Slagelse Bibliotekerne")
    people = understand(mail(text), NETWORKS).participants
    assert {(p.email, p.ean) for p in people} == {("biene@slagelse.dk", "5790000123452"),
                                                  ("kathy@slagelse.dk", "5790000123452")}


# --- networks ------------------------------------------------------------------------

def test_typo_and_compound_name_the_network() -> None:
    for phrase in ("digtal dannelse", "dannelsesnetværket", "børnebibliotekerne",
                   "børnebiblotekerne"):
        result = understand(mail(f"Jeg vil gerne tilmelde mig {phrase}.\nMvh Kim Larsen"),
                            NETWORKS)
        assert result.networks, phrase


def test_both_named_with_baade_og() -> None:
    result = understand(mail("Jeg vil gerne være med i både digital dannelse og "
                             "børnebiblioteker.\n\nMvh\nKim Larsen"), NETWORKS)
    assert result.networks == ("boern", "digital")


def test_begge_means_both_when_two_are_open() -> None:
    result = understand(mail("Tilmeld mig begge netværk, tak.\n\nKim Larsen"), NETWORKS)
    assert result.networks == ("boern", "digital")


def test_begge_under_the_joint_invitation_of_two_means_those_two_of_three_open() -> None:
    """The subject names both, one more than the other; a third network is open too."""
    three = [*NETWORKS, NetworkConfig(slug="kursus", name="Kursusdag om formidling",
                                      aliases=["kursusdagen"], deadline=date(2025, 4, 1))]
    result = understand(mail("Vi sender Annika Lind (anli@morsoe.dk) til begge netværk.\n\n"
                             "Kim Larsen", subject="SV: Invitation: To nye ledernetværk – "
                             "digital dannelse og ledelse af børnebiblioteker"), three)
    assert result.networks == ("boern", "digital") and result.review_reason is None


def test_a_network_put_right_is_the_one_asked_for_and_the_coordinator_cancels_the_other(
        ) -> None:
    """A follow-up to her own sign-up, quoted below it."""
    result = understand(mail("Jeg skrev digital dannelse, men mente børnebiblioteker. "
                             "Undskyld rodet!\n\nKim Larsen\n\nFra: Kim Larsen "
                             "<kila@morsoe.dk>\nSendt: 4. februar 2025 10:00\nTil: "
                             "koordinator@net.dk\nEmne: Tilmelding\n\nJeg vil gerne tilmelde "
                             "mig netværket om digital dannelse.\n\nKim Larsen",
                             subject="SV: Tilmelding"), NETWORKS)
    assert result.intent == "signup" and result.networks == ("boern",)
    assert result.review_reason.code == Why.corrected


def test_no_network_named_while_several_are_open_goes_to_review() -> None:
    result = understand(mail("Jeg vil gerne tilmelde mig netværket.\n\nMvh\nKim Larsen"),
                        NETWORKS)
    assert result.intent == "signup" and result.networks == ()
    assert "which network" in say(result.review_reason, "en")


def test_the_new_text_beats_the_subject_and_a_declined_network_is_dropped() -> None:
    text = ("Digital dannelse er ikke noget for os, men jeg vil gerne tilmelde mig "
            "børnenetværket.\n\nMvh\nKim Larsen")
    result = understand(mail(text, subject="Re: Netværk om digital dannelse"), NETWORKS)
    assert result.networks == ("boern",)


def test_network_in_subject_only() -> None:
    result = understand(mail("Hermed min tilmelding.\n\nVenlig hilsen\nKim Larsen",
                             subject="Tilmelding: digital dannelse"), NETWORKS)
    assert (result.intent, result.networks) == ("signup", ("digital",))


# --- intent --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Jeg må melde afbud til digital dannelse.", "Jeg vil gerne afmelde mig digital dannelse.",
    "Jeg kan desværre ikke deltage i digital dannelse alligevel.",
    "Please cancel my registration for digital dannelse.",
])
def test_cancellations(text: str) -> None:
    assert understand(mail(text + "\n\nMvh\nKim Larsen"), NETWORKS).intent == "cancel"


def test_question_goes_to_review_without_participants() -> None:
    result = understand(mail("Hvornår er første møde i digital dannelse?\n\nMvh\nKim Larsen"),
                        NETWORKS)
    assert (result.intent, result.participants) == ("question", ())
    assert result.review_reason


def test_signup_with_a_question_that_decides_is_kept_but_reviewed() -> None:
    """(a practical one, "Er der frokost?", is no reason: test_practical_questions.py)"""
    result = understand(mail("Jeg vil gerne tilmelde mig digital dannelse. Må jeg tage "
                             "vores praktikant med?\n\nMvh\nKim Larsen"), NETWORKS)
    assert result.intent == "signup" and result.review_reason


def test_attachment_only_is_unclear() -> None:
    result = understand(mail("Se vedhæftede.\n\nMvh\nKim Larsen", subject="Tilmelding",
                             attachments=("tilmelding.pdf",)), NETWORKS)
    assert result.intent == "unclear" and "attachment" in say(result.review_reason, "en")


# --- people --------------------------------------------------------------------------

def test_sender_from_signature_with_organisation_and_title() -> None:
    text = ("Jeg tilmelder mig digital dannelse.\n\nMed venlig hilsen\n\nKim Aagaard Larsen\n"
            "Teamleder, Læring\nMorsø Folkebibliotek\nTlf. 99 70 12 34")
    [person] = understand(mail(text), NETWORKS).participants
    assert (person.name, person.email, person.organisation, person.title) == (
        "Kim Aagaard Larsen", "kila@morsoe.dk", "Morsø Folkebibliotek", "Teamleder")


def test_first_name_signature_takes_the_full_name_from_the_from_header() -> None:
    result = understand(mail("Tilmeld mig digital dannelse\nMvh Kim", name="Larsen, Kim Aagaard"),
                        NETWORKS)
    assert result.participants[0].name == "Kim Aagaard Larsen"


def test_shared_mailbox_with_a_named_person() -> None:
    text = ("Jeg vil gerne tilmelde mig børnenetværket.\n\nVenlig hilsen\nSara Holm\n"
            "Børnebibliotekar\nMorsø Bibliotek\nsaho@morsoe.dk")
    [person] = understand(mail(text, sender="info@morsoe.dk", name="Morsø Bibliotek"),
                          NETWORKS).participants
    assert (person.name, person.email) == ("Sara Holm", "saho@morsoe.dk")


def test_shared_mailbox_naming_nobody_goes_to_review() -> None:
    text = "Vi tilmelder en medarbejder til børnenetværket.\n\nVenlig hilsen\nMorsø Bibliotek"
    result = understand(mail(text, sender="bibliotek@morsoe.dk", name="Morsø Bibliotek"),
                        NETWORKS)
    assert result.participants == () and "shared mailbox" in say(result.review_reason, "en")


def test_chief_registers_a_list_of_colleagues_not_herself() -> None:
    text = ("Vi tilmelder følgende til digital dannelse:\n\n"
            "* Per Holm, teamleder, peho@morsoe.dk\nLise Dahl (lida@morsoe.dk)\n\n"
            "EAN: 5790000123452\n\nVenlig hilsen\nKim Larsen\nBibliotekschef\nMorsø Bibliotek")
    people = understand(mail(text), NETWORKS).participants
    assert [(p.name, p.email, p.organisation, p.ean) for p in people] == [
        ("Per Holm", "peho@morsoe.dk", "Morsø Bibliotek", "5790000123452"),
        ("Lise Dahl", "lida@morsoe.dk", "Morsø Bibliotek", "5790000123452"),
    ]


def test_chief_registers_herself_and_a_colleague() -> None:
    text = ("Jeg vil gerne tilmelde mig selv og min kollega Per Holm til digital dannelse.\n\n"
            "Mvh\nKim Larsen\nMorsø Bibliotek")
    people = understand(mail(text), NETWORKS).participants
    assert [(p.name, p.email) for p in people] == [("Kim Larsen", "kila@morsoe.dk"),
                                                  ("Per Holm", None)]


@pytest.mark.parametrize("opening", [
    "Min chef Hanne Dahl har godkendt det.", "Min kollega Hanne Dahl anbefalede netværket.",
])
def test_people_mentioned_in_passing_are_not_registered(opening: str) -> None:
    text = f"{opening} Jeg vil gerne tilmelde mig digital dannelse.\n\nMvh\nKim Larsen"
    people = understand(mail(text), NETWORKS).participants
    assert [p.name for p in people] == ["Kim Larsen"]


def test_colleagues_joined_with_og_are_all_registered() -> None:
    text = ("Vi tilmelder vores teamleder Jonas Skov og souschef Eva Lund til digital "
            "dannelse.\n\nMvh\nKim Larsen\nBibliotekschef\nMorsø Bibliotek")
    people = understand(mail(text), NETWORKS).participants
    assert [p.name for p in people] == ["Jonas Skov", "Eva Lund"]


# --- language and encodings ----------------------------------------------------------

def test_english_mail_is_answered_in_english() -> None:
    text = ("Dear coordinator,\n\nI would like to join the digital dannelse network.\n\n"
            "Best regards,\nKim Larsen\nMorsø Library")
    result = understand(mail(text), NETWORKS)
    assert (result.intent, result.language, result.networks) == ("signup", "en", ("digital",))


def test_undeclared_8bit_body_and_raw_8bit_header_are_read() -> None:
    raw = ("From: S\xf8ren Kj\xe6r <sk@morsoe.dk>\nSubject: Tilmelding\n"
           "Content-Type: text/plain\n\nJeg vil gerne tilmelde mig b\xf8rnenetv\xe6rket.\n"
           "Mvh\nS\xf8ren Kj\xe6r\n").encode("latin-1")
    inbound = parse(raw, ARRIVAL)
    assert inbound.sender_name == "Søren Kjær"
    assert "børnenetværket" in inbound.text
    assert understand(inbound, NETWORKS).networks == ("boern",)


def test_danish_date_header_is_read_day_first() -> None:
    raw = (b"From: a@b.dk\nDate: tirsdag den 4. marts 2025 14:05\nSubject: x\n\ntekst\n")
    sent = parse(raw, ARRIVAL).sent
    assert sent is not None and (sent.year, sent.month, sent.day) == (2025, 3, 4)


def test_unknown_charset_falls_back_and_is_recorded() -> None:
    raw = b"From: a@b.dk\nContent-Type: text/plain; charset=x-foo\n\nHels\xf8r\n"
    inbound = parse(raw, ARRIVAL)
    assert inbound.text == "Helsør"
    assert any("x-foo" in say(d, "en") for d in inbound.defects)


def test_html_only_mail_and_attachments_are_handled() -> None:
    raw = (b"From: a@b.dk\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n"
           b"--XX\nContent-Type: text/html; charset=utf-8\n\n<p>Jeg vil gerne&nbsp;tilmeldes"
           b"</p>\n--XX\nContent-Type: application/ms-tnef; name=winmail.dat\n"
           b"Content-Disposition: attachment; filename=winmail.dat\n"
           b"Content-Transfer-Encoding: base64\n\nAAAA\n--XX--\n")
    inbound = parse(raw, ARRIVAL)
    assert inbound.text == "Jeg vil gerne tilmeldes"
    assert inbound.attachments == ("winmail.dat",)


def test_text_struck_through_is_taken_back() -> None:
    """Struck in HTML (<s>, <del>, a line-through style) while the plain alternative
    shows it unmarked, or "~~...~~" in plain text: the writer took it back."""
    html = ("<p>Jeg melder mig til <s>børnenetværket</s> <span style=\"color:red;"
            "text-decoration:line-through\">og Kim Holm</span> det digitale netværk.</p>")
    raw = ("From: Ida Lund <ilu@morsoe.dk>\nMIME-Version: 1.0\nContent-Type: "
           "multipart/alternative; boundary=XX\n\n--XX\nContent-Type: text/plain; "
           "charset=utf-8\n\nJeg melder mig til børnenetværket og Kim Holm det digitale "
           f"netværk.\n--XX\nContent-Type: text/html; charset=utf-8\n\n{html}\n--XX--\n"
           ).encode()
    assert " ".join(parse(raw, ARRIVAL).text.split()) == (
        "Jeg melder mig til det digitale netværk.")
    plain = parse("From: a@b.dk\n\nJeg melder mig til ~~børnenetværket~~ det digitale.\n"
                  .encode(), ARRIVAL)
    assert " ".join(plain.text.split()) == "Jeg melder mig til det digitale."


def test_a_shared_mailbox_introducing_the_participant_in_prose() -> None:
    """ "Hun hedder X og har mailen Y": the participant, not the shared mailbox."""
    text = ("Vi vil gerne tilmelde en af vores mellemledere til netværket om digital "
            "dannelse. Hun hedder Ditte Gram og har mailen digr@faxe.dk.\n\nVenlig hilsen\n"
            "Faxe Bibliotekerne\n")
    result = understand(mail(text, sender="bibliotek@faxe.dk", name="Faxe Bibliotekerne"),
                        NETWORKS)
    assert [(p.name, p.email) for p in result.participants] == [("Ditte Gram", "digr@faxe.dk")]
    assert result.review_reason is None


def test_format_flowed_soft_line_breaks_are_undone() -> None:
    """Thunderbird and Apple Mail wrap long lines with a trailing space (RFC 3676): the
    signature line "... | Odense Bibliotekerne | ..." is one line again."""
    text = ("Jeg skal med, tak. Det er min chef der har \nforeslået det.\n\nMvh\n-- \n"
            "Julie Sand | Afdelingsleder | Odense \nBibliotekerne | 6551 4421\n"
            "> et citat der \n> fortsætter\n")
    assert unflow(text).splitlines() == [
        "Jeg skal med, tak. Det er min chef der har foreslået det.", "", "Mvh", "-- ",
        "Julie Sand | Afdelingsleder | Odense Bibliotekerne | 6551 4421",
        "> et citat der fortsætter"]


@pytest.mark.parametrize(("text", "subject", "language"), [
    ("Count me in!\n\nCheers,\nSiobhan", "Re: Invitation: Konference 12. maj", "en"),
    ("Can't make it, sorry – something came up.", "RE: Påmindelse: Netværksmøde", "en"),
    ("Yes!", "Re: Course day 22 April", "en"),  # nothing to count: the subject's
    ("🙋‍♀️", "Re: To ledige pladser i hverdagsledelse", "da"),
    ("Jeg kan desværre ikke i morgen, sorry.", "Afbud", "da"),
])
def test_a_short_reply_is_answered_in_its_own_language(text: str, subject: str,
                                                       language: str) -> None:
    assert language_of(text, subject) == language


@pytest.mark.parametrize("library", ["Dansk Centralbibliotek for Sydslesvig",
                                     "Furesø Bibliotek og Borgerservice"])
def test_the_words_that_complete_a_librarys_name_are_kept(library: str) -> None:
    result = understand(mail(f"Jeg vil gerne tilmelde mig digital dannelse. Regningen bedes "
                             f"sendt til {library}, att. Regnskab.\n\nVenlig hilsen\n"
                             f"Kim Larsen\n"), NETWORKS)
    assert [p.organisation for p in result.participants] == [library]
