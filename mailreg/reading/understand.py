"""What a person's mail asks for: intent, networks, participants, EAN, language.

Pure functions over `Inbound` and the configured networks. Only the new text can make
a sign-up or a cancellation; the subject and the quoted history are evidence for which
network is meant. When the answer is not clear, `review_reason` says why and the
coordinator decides: a wrong "you are registered" is worse than none.

Intent and networks are weighed evidence (`intent.py`, `networks.py`, their tables in
`lexicon/`); people come from address lines, tables, forms and the sentences that sign
up (`people.py`). What decided is kept in `Understanding.evidence` for `mailreg explain`.
Told whose inbox it is (the coordinator), a mail written to someone else, her copied or
sent it by mistake, waits for her, and her own address is never a participant.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from email.utils import getaddresses
from functools import cache, cached_property
from pathlib import Path

from mailreg.domain.ean import ean_check_ok
from mailreg.domain.mail import Inbound
from mailreg.domain.model import (
    Coordinator,
    Evidence,
    Intent,
    Network,
    Note,
    Person,
    Understanding,
    Why,
)
from mailreg.reading.intent import (
    AGAINST,
    FOR,
    HELD_ALREADY,
    ME,
    OTHER_THAN_TAKING_PART,
    PAST_PLAN,
    WRAPPED,
    Weighed,
    judge,
    past_plans,
    pattern_of,
    practical_questions,
    sentences,
    weigh,
    with_headline,
    word_list,
)
from mailreg.reading.learned import opinion
from mailreg.reading.networks import (
    an_events_day,
    named,
    normalise,
    other_date,
    other_day,
    score,
)
from mailreg.reading.networks import weigh as terms_of
from mailreg.reading.people import (
    APPROVER,
    BYSTANDER,
    EMAIL_RE,
    HESITATING,
    LEAD_WORDS,
    LIBRARY_WORD,
    NAME,
    NAME_RE,
    ORG_PHRASE,
    ORG_WORD,
    OWN_LINE,
    SALUTATION,
    SELF_CUE,
    SELF_VALUE,
    UPPER,
    Signature,
    display_name_person,
    find_signature,
    fits_address,
    fold,
    form_blocks,
    form_fields,
    is_role_address,
    library_of_municipality,
    line_details,
    listed_without_address,
    looks_like_name,
    meant_by_pronoun,
    named_people,
    names_over_addresses,
    organisation_in,
    organisation_named,
    plausible,
    same_person,
    sentences_of,
    table_people,
    with_details,
    without_lead_words,
    without_title,
)
from mailreg.reading.per_person import CROSS_ROW, networks_by_person
from mailreg.reading.quoting import QUOTE_PREFIX, QuotedMail, quoted_mails, split_new_text
from mailreg.reading.typed_in import UNTICKED, typed_in

CANCEL = pattern_of("cancel")
SWAP = pattern_of("swap")
SIGNUP = pattern_of("signup", "request")
PARTICIPATE = word_list("participate")
ROOM_LEFT = re.compile(r"\b(?:stadig|still)\s+(?:er\s+|is\s+)?(?:plads\w*|room|a\s+place|places)\b",
                       re.I)  # "hvis der stadig er plads" is no "still comes"
TAKES_PART = re.compile(rf"{PARTICIPATE.pattern}|\bgerne\s+med\b|\bkommer\b|\bwill\s+come\b", re.I)
NEGATION = word_list("negation")
IF_WITHOUT_DOUBT = word_list("if_without_doubt")  # "hvis der stadig er plads"
# the writer keeps out of it: "Jeg holder mig selv udenfor denne gang", "står over"
STAYS_OUT = re.compile(r"\b(?:holder|står|sidder)\s+(?:mig\s+(?:selv\s+)?)?(?:udenfor|over)\b"
                       r"|\bsit(?:ting)?\s+(?:this\s+one\s+)?out\b", re.I)
# her own coming not decided or not yet asked for: "Om jeg selv deltager, vender jeg tilbage
# om", "Mig selv melder jeg til senere"; a contact or invoice line: "Kontaktperson:
# undertegnede"
NOT_YET = re.compile(r"^\W*(?:om|hvorvidt|whether)\b|\b(?:senere|bagefter|later)\b"
                     r"|^\W*(?:kontaktperson|kontakt|faktura\w*|att|contact(?:\s+person)?"
                     r"|invoice\w*)\s*:", re.I)
# she is one who gets the answer, not one who comes: "svar gerne både ham og mig", "send
# bekræftelsen til Bo og mig"
ANSWERED_TO = re.compile(r"\b(?:svar\w*|besvar\w*|reply|respond|send\w*"
                         r"\s+(?:\w+\s+){0,2}?(?:til|to)|skriv\w*\s+(?:tilbage\s+)?til"
                         r"|write\s+(?:back\s+)?to)\b[^,;:–—]*$", re.I)
# a place she keeps, beside a cancellation for others: neither new nor cancelled
# still coming as registered ("Jeg og Kasper kommer stadig"), not room still left ("hvis der
# stadig er plads")
STILL = re.compile(r"\b(?:stadig|fortsat|som\s+planlagt|as\s+planned|still)\b"
                   r"(?!\s+(?:er\s+|is\s+)?(?:plads|ledig\w*|room|places?|seats?|spots?|open)\b)",
                   re.I)
AFFIRM = word_list("affirm")
YES = word_list("yes")
HEADLINE_PARTS = re.compile(r"\s[–—-]\s|:")  # "Kursusdag 22/4 – ja tak", "Konferencen: Ja"
REFUSAL = word_list("refusal")
TABLE_ROW = re.compile(r"\t| {3,}\S")  # cells apart: a table's row as text
ONLY_ME_COMES = word_list("only_me_comes")  # "..., så det bliver kun mig": she stays
ONLY_US = word_list("only_us")  # "Nej, kun mig": no refusal, an answer about who comes
GIVES = word_list("gives")  # "Det bliver Malene og mig", "My full name is ..."
NAME_ASKED_OF_HER = re.compile(r"\b(?:dit|your)\s+(?:fulde|full)\s+(?:navn|name)\b"
                               r"|\bhvad\s+hedder\s+du\b|\bwhat\W?s\s+your\s+name\b", re.I)
SAYS_NAME = re.compile(r"\b(?:(?:my|mit)\s+(?:full\s+|fulde\s+)?(?:name|navn)\s+(?:is|er)"
                       r"|jeg\s+hedder|I\s+am|I\x27m)\s*$", re.I)  # just before the name
OFFERS = word_list("offers")  # "Skal jeg også skrive Mikkel Kjær på?"
ANSWER_CLAUSE = re.compile(r"\s[–—-]\s|[,;:]\s")  # "Bare mig selv – Søren kan ikke"
HEDGE = word_list("hedge")
INVITES = word_list("invites")
CONFIRMS = word_list("confirms")  # a quoted confirmation: a thank-you under it is no yes
ADDS = word_list("adds")  # ... unless it asks for more
BESIDES = word_list("besides")
EITHER_OR = word_list("either_or")  # a quoted offer of one or another: a bare yes chooses none
CORRECTED = word_list("corrected")  # "Jeg skrev bæredygtighed, men mente hverdagsledelse"
BOTH_THINGS = word_list("both_things")
BOTH = word_list("both")
OTHERS = word_list("others")
PASSED_OVER = word_list("passed_over")
KEEPS = word_list("keeps")
DECLINES = word_list("declines")
# the thread: a sign-up under way ("Jeg mangler jeres EAN-nummer"), put right, or a
# cancellation confirmed; and a mail that revises who goes where
TAKES_SIGNUP = word_list("takes_signup")
ASKS_DETAILS = word_list("asks_details")
ASKS_FOR = word_list("asks_for")
PUTS_RIGHT = word_list("puts_right")
NAME_PUT_RIGHT = word_list("name_put_right")
CONFIRMS_CANCEL = word_list("confirms_cancel")
THANKS_INVITATION = word_list("thanks_invitation")
NOT_COMING = word_list("not_coming")
ONE_MEETING = word_list("one_meeting")
ONE_MEETING_NAMED = word_list("one_meeting_named")
RECALLS = word_list("recalls")
SPEAKER = word_list("speaker")  # "mit oplæg", "inviteret med som gæst": her part in the programme
TAKING_PART_SOON = word_list("taking_part_soon")
WHOLE_SERIES = word_list("whole_series")
STANDS_IN = word_list("stands_in")
# what is no event, with what it is about: "nyhedsbrevet om bæredygtighed" names no network
NO_EVENT = re.compile(rf"(?:{OTHER_THAN_TAKING_PART.pattern})"
                      r"(?:\s+(?:om|about|on)\s+(?:\w+\s+){0,2}\w+)?", re.I)
PRESUMES_PLACE = word_list("presumes_place")
REVISES = word_list("revises")
# "Jonas' mail er ...", "Else Maries egen mail er ...": the possessive of a first name,
# a double one too
POSSESSIVE_ADDRESS = re.compile(
    r"(?-i:\b(?P<first>(?:[A-ZÆØÅ][\w-]+[ \t]+)?[A-ZÆØÅ][\w-]+?))(?:[’'`]s?|s)\s+"
    r"(?:(?:egen|egne|nye|direkte|private?|personlige|own|new|direct)\s+)?"
    r"(?:e-?mail|mail|mailadresse|adresse|arbejdsmail|address)"
    r"\s*(?:er|:|is)\s*(?P<address>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
# "Bekræftelse sendes til Henrik på hjan@...", "Henrik: hjan@...", "Line har lioe@...":
# a first name's address
FIRST_NAME_ADDRESS = re.compile(
    r"(?-i:\b(?P<first>[A-ZÆØÅ][\w-]+))\s*(?:på|at|:|\(|<|har(?:\s+(?:e-?mail|mail|mailen"
    r"|mailadressen|adressen))?)\s*"
    r"(?P<address>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
# the writer's own address, given in the text: "Brug gerne min arbejdsmail lfr@...",
# "skriv til mig på ...", "my work email is ...": it is hers, whatever she writes from
_ADDRESS = r"(?P<address>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
OWN_ADDRESS = (
    re.compile(r"\b(?:min|my)\s+(?:(?:nye|new|private?|personlige|personal|direkte|direct"
               r"|work|rigtige|real|egen|own)\s+|arbejds[\s-]?|job[\s-]?)?(?:e-?mail|mail)"
               rf"(?:-?adresse|\s+address)?(?:\s+i\s+stedet|\s+instead)?\s*(?:er|is|:|,)?\s*"
               rf"{_ADDRESS}", re.I),  # ("Vil du bruge min arbejdsmail i stedet: jobn@...?")
    # "please send the confirmation to my work address, kabre@..."
    re.compile(rf"\b(?:min|my)\s+(?:work\s+address|arbejdsadresse)\s*(?:er|is|:|,)?\s*{_ADDRESS}",
               re.I),
    re.compile(r"\b(?:til|kontakte?|reach|contact|write\s+to|e-?mail|mail)\s+(?:mig|me)"
               rf"\s+(?:på|at|via)\s*{_ADDRESS}", re.I),
    # "udover mig selv (hly@...)", "vores arbejdsmails – min er vsk@...", a list's "Mig: ..."
    re.compile(rf"\b(?:mig\s+selv|myself)\s*[(,:]?\s*{_ADDRESS}", re.I),
    re.compile(rf"^\W*(?:mig|me)\s*[:=]\s*{_ADDRESS}", re.I | re.M),
    re.compile(rf"mails?\b[^.@]{{0,20}}?\bmin\s+er\s*:?\s*{_ADDRESS}", re.I),
    # "Our work emails are secl01@... (me) and mali07@... (Maria)"
    re.compile(rf"{_ADDRESS}\s*\((?:me|myself|mig|mig\s+selv|min)\)", re.I),
)
# "bekræftelsen må gerne gå til doqu@...", "please send the confirmation to ...": hers
# when it fits her name (a chief may have it sent to her secretary)
CONFIRMATION_TO = re.compile(r"\b(?:bekræftelsen|svaret|the\s+confirmation)\s+(?:\w+\s+){0,3}?"
                             rf"(?:til|to)\s+(?:\w+\s+){{0,2}}?{_ADDRESS}", re.I)
# "Hendes direkte mail er askj@...", "Han kan nås på ...", "His address is ...": the
# address of the one named
PRONOUN_ADDRESS = re.compile(
    r"\b(?:(?:hendes|hans|her|his)\s+(?:[\w-]+\s+)?(?:e-?mail(?:adresse)?|mail(?:adresse)?"
    r"|adresse|address)\s*(?:er|:|is)|(?:hun|han|she|he)\s+(?:kan\s+(?:nås|kontaktes|træffes)"
    r"|har\s+(?:mail(?:en|adressen)?|adressen)|can\s+be\s+reached|is\s+reachable)"
    r"\s*(?:på|at|:)?)\s*(?P<address>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
# "Sofie Ravn og jeg", "jeg og min kollega Sofie Ravn", "Hverken Pernille Dahl eller jeg":
# a name joined to the writer
WITH_ME = re.compile(rf"({NAME})\s+og\s+(?i:jeg)\b"
                     rf"|\b(?i:hverken)\s+({NAME})\s+eller\s+(?i:jeg)\b"
                     rf"|\b(?i:jeg\s+(?:selv\s+)?og)\s+(?:(?i:min)\s+\w+\s+)?({NAME})")
# the writer and one other together: "Vi må derfor begge melde afbud", "we both"
WE_BOTH = re.compile(r"\b(?:vi\s+(?:\w+\s+){0,3}?begge|os\s+begge|we\s+both|both\s+of\s+us)\b",
                     re.I)
# two others, both: "de har begge fået nyt ledelsesansvar", "they both lead a team"
THEY_BOTH = re.compile(r"\b(?:de\s+(?:\w+\s+){0,3}?begge|dem\s+begge|they\s+(?:\w+\s+)?both"
                       r"|both\s+of\s+them)\b", re.I)
# a sign-up of the writer alone: "tilmelde mig det nye netværk", not "tilmelde mig og Bo"
SIGNS_ME_ONLY = re.compile(r"\b(?:tilmelde[rs]?|melde[rs]?|skriv[e]?|sign|register)\s+(?:mig|me)\b"
                           r"(?!\s*(?:,|(?:selv\s+)?(?:og|and|samt|plus)\b))"
                           # "så jeg vil rigtig gerne tilmeldes" (not "jeg og Mette ...")
                           r"|\bjeg\s+(?!og\b)(?:\w+\s+){0,3}?(?:tilmeldes|deltage|være\s+med)\b"
                           r"(?!\s*(?:,|(?:og|samt)\b))", re.I)
# the writer herself, set aside: "Selv kan jeg ...", "jeg kan desværre ikke selv ...",
# "I cannot attend myself" (with a negation in the sentence)
WRITER_ASIDE = re.compile(r"\bselv\s+(?:kan|må|skal|kommer|har|deltager|tager)\s+jeg\b"
                          r"|\bjeg\s+(?:kan|må|skal|kommer|har)\s+(?:\w+\s+){0,3}?selv\b"
                          r"|(?-i:\bI\b)\s+(?:\w+\s+){0,3}?myself\b"
                          # "det er min kollega X, der skal med, og ikke mig"
                          r"|\b(?:og|men|,)\s*ikke\s+mig\b|\b(?:and|but|,)\s*not\s+me\b", re.I)
LEAVING = re.compile(r"\b(?:i\s+stedet\s+for|in\s+place\s+of|instead\s+of)\s+"
                     # ("I stedet for mig og Ulla kommer ...": Ulla too)
                     r"(?:(?:mig|me)\s+(?:og|and)\s+)?"
                     r"(?:((?-i:[A-ZÆØÅ][\w-]+)(?:\s+(?-i:[A-ZÆØÅ][\w-]+)){0,3})"
                     r"|(?:hende|ham|her|him)\b)"
                     # "Kan vi bytte Søren Buus ud med Maria?", "replace Mads Kjeldsen with"
                     r"|\b(?:bytte|skifte|udskifte|erstatte|replace|swap)\s+"
                     r"((?-i:[A-ZÆØÅ][\w-]+)(?:\s+(?-i:[A-ZÆØÅ][\w-]+)){0,3})\s+"
                     r"(?:ud\s+)?(?:med|with|for)\b"
                     # "Anne Brix har bedt mig overtage hendes plads"
                     r"|\b(?:overtage[r]?|tage[r]?|få[r]?)\s+(?:hendes|hans)\s+plads\b"
                     # "Ulrich Beck er stoppet hos os, så i stedet kommer Tanja Lindqvist"
                     r"|\bi\s+stedet\s+(?:kommer|deltager|sender\s+vi)\b"
                     # "Rikke Lund er gået på barsel, så vi sender Jakob Nør i stedet"
                     r"|\bsender\s+(?:vi\s+)?(?:\S+\s+){1,4}?i\s+stedet\b(?!\s+for\b)"
                     # "Mette Bang er forhindret den 12. maj, så Kristian Holm deltager for os"
                     r"|\b(?P<hindered>forhindret|sygemeldt|syg|stoppet|på\s+barsel"
                     r"|kan\s+(?:\w+\s+)?ikke)"
                     r"\b[^,\n]*,\s*(?:så|men)\s+(?-i:[A-ZÆØÅ])[\w-]*(?:\s+(?-i:[A-ZÆØÅ])[\w-]*){0,3}"
                     r"\s+(?:deltager|kommer|tager|overtager)\b", re.I)
# the writer is the one who leaves: "Sofie Juhl tager min plads", "I stedet for mig kommer"
MY_PLACE = re.compile(r"\b(?:over)?(?:tager|tage|får|få)\s+min\s+plads\b|\bi\s+stedet\s+for\s+mig\b"
                      r"|\btak(?:e|es|ing)\s+(?:over\s+)?my\s+(?:place|seat|spot)\b"
                      r"|\b(?:instead\s+of|in\s+place\s+of)\s+me\b", re.I)
# one more name in a series: "..., Ole Vind", "og Ole Vind"
AND_NAME = re.compile(r"\s*(?:,|\s+og|\s+and|\s+&)\s+"
                      r"((?-i:[A-ZÆØÅ][\w-]+)(?:\s+(?-i:[A-ZÆØÅ][\w-]+)){0,3})")
ATTACHMENT_ONLY = word_list("attachment_only")
GREETED = re.compile(r"^\w+(?:\s+(?:morgen|dag|alle|allesammen|igen))?(?:\s+[A-ZÆØÅ][\w-]*){0,2}"
                     r"\s*(?:[,!.:;]|[-–—](?=\s))?\s*")
GREETING_ALONE = re.compile(r"^(?:hej|hejsa|kære|hi|hello|dear)\s+[a-zæøå]+\s*[,!.]?$", re.I)
# (", ikke kursusdagen" is a clause of its own that keeps its "ikke")
CLAUSE = re.compile(r"(?<=[.!?])\s+(?=[^a-zæøå\s])|[;\n]|(?:,|\s[-–—])\s*(?:men|but)\b"
                    r"|\s(?=(?:men|but)\s)"  # (written in a hurry: "Afmeld mig Aalborg men ...")
                    r"|(?:,|\s[-–—])\s*(?=(?:ikke|not)\s)")
# a place held already: "Min kollega Søren Holk har allerede meldt sig til konferencen"
HAS_PLACE = re.compile(r"\b(?:allerede(?!\s+nu\b)|already)\b", re.I)
# "Jeg er allerede med i X – og kommer også gerne til Y", "Søren har allerede meldt sig til
# X, så jeg tager Y"
DASH = re.compile(r"\s[–—]\s|,\s*så\s+(?=jeg\b|vi\b)")
# the text points to its subject for what it asks
SEE_SUBJECT = re.compile(r"\b(?:se|jf\.?|som\s+(?:det\s+)?står\s+i)\s+"
                         r"(?:emne(?:felt|linj)\w*|emnet)\b|\bsee\s+(?:the\s+)?subject\b", re.I)
PREFIX = r"(?:re|sv|aw|vs|fw|fwd|videresend|antw)\s*:\s*"  # a reply's or forward's mark
SUBJECT_PREFIX = re.compile(rf"^\s*(?:{PREFIX})+", re.I)
POINTS_BELOW = word_list("points_below")
SENDS_AGAIN = word_list("sends_again")
COLLECTS = word_list("collects")
BY_COUNT = word_list("by_count")
NEWSLETTER = word_list("newsletter")
CORRECTS = word_list("corrects")
EARLIER_MAIL = word_list("earlier_mail")
TAKEN_BACK = word_list("taken_back")
CLASH = word_list("clash")
INSTEAD_OF = word_list("instead_of")
ENDORSES = word_list("endorses")
GREETS_NOBODY = word_list("greets_nobody")
# a name the writer speaks to: after a greeting, or before a comma or an exclamation
ADDRESSED = re.compile(r"\b(?:hej|hejsa|kære|dear|hi|hello|tak|thanks)\s+(?-i:([A-ZÆØÅ][a-zæøå]+))"
                       r"|(?:^|(?<=[.!?]\s))(?-i:([A-ZÆØÅ][a-zæøå]+))(?:\s*[,!:]|\s+[–—-]\s)",
                       re.I | re.M)  # ("Lisbet – du må gerne skrive mig på")
OTHER_REQUEST = word_list("other_request")
VOCATIVE = re.compile(r"^(?-i:([A-ZÆØÅ][a-zæøå]+))\s*(?:[,:]|\s[–—-])")  # "Ellen – ..."
QUOTED_SUBJECT = re.compile(r"^[>\s]*(?:emne|subject|betreff|temat|ämne|onderwerp)\s*:\s*(.+)$",
                            re.I | re.M)  # the subject line of the quoted mail
REPLY_PREFIX = re.compile(r"^\s*(?:re|sv|aw|antw)\s*:", re.I)
PREFIX_AT_END = re.compile(rf"(?:\b{PREFIX})+$", re.I)  # "JA TAK – SV:"
# a sentence for which network a request names: it goes on past a dash ("... den 27.
# marts – og også mellemledernetværket om hverdagsledelse")
# a sentence's parts: its clauses, and what commas and dashes set apart
PART = re.compile(r"[,;:\n]|\s[–—-]\s|\s(?:men|but)\s")
BACK = re.compile(r"^\W*(?:den|det|dem|dette|denne|dén|dét)\b", re.I)  # the one just named
REQUEST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[^a-zæøå\s])|\n+")
# the learned second opinion is heard when it is this sure of a sign-up or cancellation
# (at 0.8 none of its guesses on the development mail it had not been trained on was wrong)
LEARNED_ENOUGH = 0.8
LEARNED = {"signup": Why.looks_like_signup, "cancel": Why.looks_like_cancel}
SAYS_NO = re.compile(r"\b(?:nej|no)\b", re.I)
URL = re.compile(r"<?https?://\S+>?|\bwww\.\S+", re.I)
ENGLISH = re.compile(
    # "I" only as written in English: the Danish "i" (in) is the commonest word of all
    r"\b(?:the|and|would|like|please|(?-i:I)|my|is|are|to|for|regards|thank|thanks|you|network"
    r"|attend|have|will|this|with|of|dear|hi|yes|me|in|on|it|sorry|cheers|can[\'’]t|cannot"
    r"|received)\b",
    re.I,
)
DANISH = re.compile(
    r"\b(?:og|jeg|vi|til|gerne|vil|på|det|er|en|af|med|mig|hej|kære|hilsen|mvh|tak|netværk\w*"
    r"|ikke|vores|som|har|kan|for|at|så|den|ses|(?-i:i)|ledige?|pladser)\b",
    re.I,
)
EAN_LABEL = re.compile(
    r"\bEAN(?:[\s.-]*(?:nr|nummer|number|no|kode|code|lokationsnummer)\.?)?"
    # (whose it is: "EAN til min tilmelding: ...", "EAN for Sanne: ...")
    r"(?:\s+(?:til|for|to)\s+[^\d\n:]{1,30}(?=:))?"
    r"(?:\s*(?:er|is|:|=|-|skal\s+være|should\s+be|hedder|lyder\s+på))*\s*"
    # (a number may wrap onto the next line: "EAN 5798 0001\n8273 8")
    r"(?P<digits>\d(?:(?:[ .\-]|[ \t]*\n[ \t]*)?\d){5,18})(?!\d)",
    re.I,
)
EAN_WORD = re.compile(r"\bEAN", re.I)
BOOKLAND = ("978", "979")  # GS1's prefixes for books: ISBNs, not locations to invoice
EAN_BARE = re.compile(r"(?<![\d+])(\d(?:[ .\-]?\d){12})(?![\d]|[ .\-]\d)")

def understand(mail: Inbound, networks: Sequence[Network],
               coordinator: Coordinator | None = None) -> Understanding:
    new_text, earlier, lines, signature, body = _parts(mail, coordinator)
    quoted = earlier.quoted
    subject = SUBJECT_PREFIX.sub("", mail.subject)
    language = language_of(new_text or subject, subject)
    ean, ean_problem = find_ean(new_text)
    if not ean and not ean_problem:  # "Tilmelding ... – Bent Nørgaard, EAN 5798..." over no text
        ean, ean_problem = find_ean(_own_subject(mail))

    unaddressed = _unaddressed(body, coordinator)
    intent, intent_reason, weighed = read_intent(unaddressed, subject,
                                                 mail, earlier, networks, coordinator)
    # (a plain sign-up or cancellation under another's name is hers, "Hej Lisbet" copied
    # to the regional coordinator as well; a request asks the one it greets)
    plain = intent in (Intent.signup, Intent.cancel) and intent_reason is None and \
        not weighed.first("request")
    aside = _answers_another(mail, new_text, earlier, coordinator, networks) or (
        "" if plain else _written_to_another(mail, new_text, body, intent, coordinator)) or \
        _collected_by_another(mail, new_text, earlier, coordinator) or \
        _newsletter(new_text, subject)
    if aside:
        intent, intent_reason = Intent.unclear, Note.of(Why.written_to_another, words=aside)
    slugs, network_reason, network_evidence = which_networks(intent, body, subject, quoted,
                                                             networks)
    meeting = _one_meeting(unaddressed, intent, slugs, networks)
    if meeting:
        intent, intent_reason = Intent.unclear, Note.of(Why.one_meeting, words=meeting)
    elsewhere = _another_meeting(unaddressed, intent, slugs, networks)
    if elsewhere:
        intent, intent_reason = Intent.unclear, Note.of(Why.another_day, words=elsewhere)
    soon = _taking_part_soon(body, slugs, networks, mail) if intent == Intent.signup else ""
    if soon and not network_reason:
        network_reason = Note.of(Why.another_day, words=soon)
    corrected = CORRECTED.search(body) if intent == Intent.signup else None
    if corrected:  # the wrong one is not asked for; the coordinator cancels it herself
        slugs = tuple(s for s in slugs if s not in named(corrected.group("wrong"), networks))
        network_reason = network_reason or Note.of(Why.corrected, words=corrected.group(0))
    earlier_choice = EARLIER_MAIL.search(body) if intent == Intent.signup else None
    if earlier_choice and slugs and set(named(body, networks)) - set(slugs):
        # "glem min sidste mail ... Det er hverdagsledelse, ikke bæredygtighed": her earlier
        # sign-up may hold the one she puts right
        network_reason = network_reason or Note.of(Why.corrected, words=earlier_choice.group(0))
    put_right = EARLIER_MAIL.search(body) if intent == Intent.cancel else None
    if put_right and PUTS_RIGHT.search(body):  # "Rettelse til min mail i går: det er Anne-Mette
        # Lund, ikke Anne Lund, der skal afmeldes": the one cancelled by mistake is hers to mend
        network_reason = network_reason or Note.of(Why.corrected, words=put_right.group(0))
    base = Understanding(intent=intent, networks=slugs, language=language,
                         ean_problem=ean_problem,
                         evidence=weighed.evidence + network_evidence)
    if intent in (Intent.question, Intent.unclear):
        return _with(base, review_reason=intent_reason, networks=slugs)
    asks = _asked_beside(unaddressed, mail, intent, intent_reason, any(
        e.id == "thread.signup" for e in weighed.evidence))
    if asks:  # "Er der parkering ved Nordkraft?": registered (or cancelled), the question
        # flagged for the coordinator
        intent_reason, base = None, _with(base, asks=asks)

    own = _own_earlier(mail, earlier.mails) if quoted else []
    if not ean and not ean_problem and own:
        ean, ean_problem = find_ean("\n".join(m.text for m in own))
    if not ean and not ean_problem and quoted and EAN_WORD.search(new_text):
        # "samme EAN som Annemette", "EAN-nummeret fremgår af mailen herunder": the new
        # text speaks of an EAN it does not write; the quoted mails labelled one
        ean = next((e for e in _labelled_eans(quoted)), None)
    if not ean and not ean_problem and quoted and POINTS_BELOW.search(new_text):
        ean = _colleagues_ean(mail, earlier.mails)  # "Min chef har sagt ja (se nedenfor)"
    if any(e.id == RESENT for e in weighed.evidence) and own and SENDS_AGAIN.search(
            new_text) and not EMAIL_RE.search(body):
        # "Jeg sender den igen for en sikkerheds skyld": the people are those of the
        # sign-up she sends again, not she who sends it
        lines = own[0].text.splitlines()
        signature = find_signature(lines)
        body = _body(lines, signature)
    signature_text = "\n".join(lines[signature.start:]) if signature.start >= 0 else ""
    people, people_reason, people_evidence, writer = participants(
        mail, body, signature, own, ean, signature_text, earlier, coordinator)
    if coordinator and any(p.email == coordinator.address.casefold() for p in people):
        # her own signature read as the writer's, under a quote the reading did not know:
        # the coordinator is never a participant
        people = [p for p in people if p.email != coordinator.address.casefold()]
        people_reason = people_reason or (None if people else Note.of(Why.no_participant_name))
    if not people and people_reason == Note.of(Why.no_participant_name):
        # a personal address that signs its mail with no name: the registration goes
        # under the address and the reply asks for the name; a cancellation needs none
        # (a mailbox whose From names a library, "Lolland Bibliotekerne - Administration",
        # is a shared one)
        people, people_reason = ([], Note.of(Why.shared_mailbox)) if ORG_WORD.search(
            mail.sender_name) else ([Person("", mail.sender, _organisation(
                body, signature, signature_text), ean)], None)
    if any(e.id == "thread.signup" for e in weighed.evidence):
        people = _under_way_people(new_text, earlier, mail, people, ean, coordinator)
    given = _name_given(new_text.strip() or _added_to_subject(
        mail.subject, earlier, coordinator), earlier, coordinator) if (
        intent == Intent.signup) else ""
    if given and not any(same_person(p.name, given) for p in people):  # "Tine Krogh
        # Lauritsen 😊" to "Hvad er dit fulde navn?"
        people = [replace(p, name=given) if p.email == mail.sender else p for p in people]
    if intent == Intent.signup and people and not any(p.email == mail.sender for p in people) \
            and _answers_for_herself(unaddressed, mail, earlier, coordinator, networks):
        # "The one about sustainability. And yes, my colleague Emma Lind is coming too":
        # her own sign-up below the coordinator's question, and a colleague beside it
        people = [Person(writer or mail.sender_name, mail.sender, people[0].organisation, ean),
                  *people]
    offered = _offered(unaddressed, earlier, mail, coordinator) if intent == Intent.signup else []
    if offered:  # "Ja tak, gerne" to "Skal jeg også skrive Mikkel Kjær på?"
        people = with_details(offered, people[0].organisation if people else None, ean)
    if intent == Intent.signup and any(p.email == mail.sender for p in people) and (
            meant := _others_meant(body) or (len(people) > 1 and "others")) and (
            _held_already(new_text, mail, earlier, coordinator, networks, slugs)):
        # "Kan du også skrive Pia og Søren på? De kører med mig derop" under "Kære Helle
        # ... Du er nu registreret": she adds others, her own place is held
        people = [p for p in people if p.email != mail.sender]
        if not people:
            people_reason = Note.of(Why.others_not_found, words=meant)
    wish = weighed.first("wish")
    if wish and not any(e.kind in FOR and e.weight >= 2 for e in weighed.evidence) and (
            not _comes_herself(body)):
        # a colleague's wish the writer stands behind: she is not the one signed up
        people = [p for p in people if p.email != mail.sender]
        if not people:
            people_reason = Note.of(Why.others_not_found, words=wish.text)
    if intent == Intent.signup and not network_reason and (len(slugs) > 1 or len(people) > 1):
        # one network for one, another for another ("Jeg selv vil gerne med i
        # bæredygtighedsnetværket, og Camilla Sandholt tager til CB-mødet"): each is
        # registered for her own, or the coordinator sorts it out
        placed = networks_by_person(body, networks, slugs, people, mail.sender)
        if len(slugs) <= 1 and not CROSS_ROW.search(body) and (
                placed is None or {s for p in placed for s in p.networks} <= set(slugs)):
            placed = people  # one network: everyone's, unless her own line names another
        if placed is None or len(slugs) > 1 and (REVISES.search(body) or (
                len(people) > 1 and BY_COUNT.search(body))):
            network_reason = Note.of(Why.networks_per_person)
        elif placed is not people:
            people = placed
            base = _with(base, networks=tuple(sorted({s for p in placed for s in p.networks})))
    if intent == Intent.cancel:
        people = _as_registered(people, mail, earlier)
        if len(people) > 1 and ONLY_ME_COMES.search(body):  # "Frederik (cc) kan desværre
            # ikke alligevel, så det bliver kun mig": she keeps her place
            people = [p for p in people if p.email != mail.sender]
    coming = _coming(body, people, mail.sender) if intent == Intent.cancel else {}
    # one who still comes is no one to cancel ("My colleague Jens will still attend"); one
    # who comes newly makes the mail a sign-up and a cancellation, the coordinator's
    still = {key for key, said in coming.items() if STILL.search(ROOM_LEFT.sub(" ", said))}
    people = [p for p in people if (p.email, p.name) not in still]
    if set(coming) - still:
        base, intent_reason, people = _with(base, intent=Intent.unclear), Note.of(
            Why.signup_and_cancel), []
    unreachable = [p.name for p in people if not p.email]
    if intent == Intent.signup and unreachable and not people_reason:
        people_reason = Note.of(Why.named_without_address, names=", ".join(unreachable))
    reason = intent_reason or network_reason or people_reason
    return _with(base, participants=tuple(people), review_reason=reason,
                 ean_problem=ean_problem, evidence=base.evidence + people_evidence,
                 writer=writer)


def _without_name(organisation: str, name: str) -> str:
    """The organisation without the words of her name a one-line sign-off puts before
    it: "Peter Vilstrup Brønderslev Bibliotek" is Brønderslev Bibliotek."""
    words, own = organisation.split(), set(name.split())
    while len(words) > 2 and words[0] in own:
        words = words[1:]
    return " ".join(words)


def _colleagues_ean(mail: Inbound, earlier: list[QuotedMail]) -> str | None:
    """The EAN a colleague of the sender's own organisation labelled in a quoted mail the
    new text points to ("Du kan bruge vores EAN 5798000203228" in the chief's approval
    below): an address of the sender's own domain wrote it, so it is her library's."""
    domain = mail.sender.rpartition("@")[2]
    if not domain:
        return None
    for quoted in earlier:
        if f"@{domain}" in quoted.author.casefold() and mail.sender not in quoted.author.casefold():
            found = _labelled_eans(quoted.text)
            if found:
                return found[0]
    return None


def details_given(mail: Inbound) -> tuple[str | None, str | None]:
    """(EAN, problem) in the new text: what a reply to our question about missing
    details gives."""
    new_text, _quoted = split_new_text(mail.text)
    return find_ean(new_text)


def mail_language(mail: Inbound) -> str:
    """The language to answer in, also for mail that understand() is not asked about."""
    new_text, _quoted = split_new_text(mail.text)
    return language_of(new_text or SUBJECT_PREFIX.sub("", mail.subject))


# --- intent ------------------------------------------------------------------------


class _Earlier:
    """The quoted history, cut into messages once and only when read (it is slow)."""

    def __init__(self, quoted: str) -> None:
        self.quoted = quoted

    @cached_property
    def mails(self) -> list[QuotedMail]:
        return quoted_mails(self.quoted) if self.quoted else []


def read_intent(body: str, subject: str, mail: Inbound, earlier: _Earlier,
                networks: Sequence[Network], coordinator: Coordinator | None = None
                ) -> tuple[Intent, Note | None, Weighed]:
    """(intent, review reason, the evidence). Sign-up and cancellation come from the
    new text, weighed (`reading/intent.py`); a new mail's subject adds to the text or
    meets it, and is the whole message only when the text is empty ("Tilmelding
    kursusdag 22/4" over a bare signature). A text that points to the sender's own
    quoted sign-up ("sender den lige igen, se nedenfor") makes that sign-up."""
    text = URL.sub(" ", body)
    if not text.strip() and (added := _added_to_subject(mail.subject, earlier, coordinator)):
        text = added  # "SV: Tilmelding -> konferencen i Aalborg" over nothing of her own
    if RECALLS.search(mail.subject) or RECALLS.search(text):
        return Intent.unclear, Note.of(Why.recalls), weigh("")
    own_headline = not SUBJECT_PREFIX.match(mail.subject)  # not the one she answers
    if own_headline and SEE_SUBJECT.search(text) and "?" not in subject:  # "Se emnefeltet"
        text = f"{subject}.\n{text}"
    weighed = weigh(text, _doubts_about_another_network(text, networks))
    if own_headline:
        weighed = with_headline(weighed, mail.subject)
    intent, reason = judge(weighed)
    if reason == Note.of(Why.signup_and_cancel):
        kept = _besides_one_meeting(text, mail, networks)
        if kept is not None:  # "Hermed min tilmelding ... kan ikke være med til det første
            weighed = kept  # møde": she keeps her place in the series
            intent, reason = judge(weighed)
    speaker = intent == Intent.cancel and (
        SPEAKER.search(text) or own_headline and SPEAKER.search(mail.subject))
    if speaker:  # "Afbud - mit oplæg på konferencen 12. maj": her part in the programme
        return Intent.unclear, Note.of(Why.speaker, words=speaker.group(0)), weighed
    if intent == Intent.cancel and _cancelled_already(text, earlier, coordinator, networks):
        return Intent.unclear, Note.of(Why.thanks), weighed
    if intent == Intent.cancel and _declines_invitation(text, mail, earlier):
        return Intent.unclear, Note.of(Why.declines), weighed
    if intent == Intent.signup and _yes_to_a_confirmation(text, mail, earlier, coordinator,
                                                           networks):
        return Intent.unclear, Note.of(Why.thanks), weighed
    if reason == Note.of(Why.signup_with_question) and _asks_only_others(text, mail):
        reason = None
    other = OTHER_REQUEST.search(text) if intent == Intent.question else None
    if other is not None:  # "Kan du ringe mig op?" asks for no answer about an event
        return Intent.unclear, Note.of(Why.other_request, words=other.group(0)), weighed
    if reason == Note.of(Why.thanks) and find_ean(text)[0]:
        # "Tak for bekræftelsen. Her er vores EAN: 5798..." to a confirmation that asked for
        # it: the EAN completes her sign-up (a name put right beside it is the
        # coordinator's to mend: "Mit efternavn er Søndergaard, ikke Sønderby")
        renamed = NAME_PUT_RIGHT.search(text)
        if renamed:
            return Intent.unclear, Note.of(Why.other_request, words=renamed.group(0)), weighed
        under_way = _under_way(text, mail, earlier, coordinator)
        if under_way is not None:
            return Intent.signup, None, weighed.adding(
                Evidence("intent", "thread.signup", "signup", 0, under_way))
    answers = intent in (None, Intent.question) and _answers_her_question(text, weighed, networks)
    under_way = _under_way(text, mail, earlier, coordinator) if answers or intent is None else None
    if answers and under_way is not None:
        # "Det er Aalborg.", "Nej, kun mig.", "My full name is ...", "EAN: 5798..." to the
        # coordinator's question about the sign-up under way: the answer completes it (a
        # practical question beside it is flagged: "Ved du, hvor det første møde bliver?")
        return Intent.signup, Note.of(Why.signup_with_question) if weighed.questions else (
            None), weighed.adding(Evidence("intent", "thread.signup", "signup", 0, under_way))
    if intent is not None:
        return intent, reason, weighed
    wish = weighed.first("wish")
    if wish is not None:  # "Sofie vil gerne med i bæredygtighedsnetværket, se nedenfor"
        if ENDORSES.search(text):
            return Intent.signup, None, weighed
        return Intent.unclear, Note.of(Why.passed_on, words=wish.text), weighed
    if _answers_with_network(text, earlier, mail, networks) and not _copied_only(mail,
                                                                                 coordinator):
        return Intent.signup, None, weighed
    resent = _resent_signup(text, mail, earlier)
    if resent is not None:
        return Intent.signup, None, resent.adding(Evidence("intent", RESENT, "signup", 0,
                                                           "her own sign-up, sent again"))
    if not text.strip() and own_headline and named(subject, networks):
        # the subject is the whole message: "Afmelding - hverdagsledelse - Tine Qvist",
        # "Meld mig til CB-netværksmødet 27/3 tak"
        said, doubt = judge(weigh(subject)) if "?" not in subject else (None, None)
        if said is None and "?" not in subject and any(  # "Kursusdag 22/4 – ja tak"
                YES.match(part) and not REFUSAL.search(part)
                for part in HEADLINE_PARTS.split(subject)):
            said = Intent.signup
        if weighed.first("signup") or said == Intent.signup and doubt is None:
            return Intent.signup, None, weighed
        if weighed.first("cancel") or said == Intent.cancel and doubt is None:
            return Intent.cancel, None, weighed
    if not text.strip():
        return Intent.unclear, Note.of(Why.no_new_text if mail.subject else Why.empty), weighed
    if mail.attachments and ATTACHMENT_ONLY.search(text) and find_ean(text) == (None, None) \
            and not form_fields(text):  # (not "EAN står i den vedhæftede, men her er det: ...")
        return Intent.unclear, Note.of(Why.attachment_only, files=", ".join(mail.attachments)), \
            weighed
    return _second_opinion(_learned_text(text, mail), weighed, under_way)


def _added_to_subject(subject: str, earlier: _Earlier, coordinator: Coordinator | None) -> str:
    """What a reply with no text of its own wrote into the subject of the mail it answers:
    "SV: Tilmelding -> konferencen i Aalborg" under "Emne: Tilmelding" says "konferencen i
    Aalborg", "JA TAK – SV: Ledig plads" says "JA TAK"; a subject written over in full
    ("EAN 5798 0003 5541 5", "Birthe Kjær Mikkelsen") says all of it."""
    answered = QUOTED_SUBJECT.search(earlier.quoted)
    own, theirs = (" ".join(SUBJECT_PREFIX.sub("", x).split()) for x in (
        subject, answered.group(1) if answered else ""))
    if theirs and own.casefold().startswith(theirs.casefold()):
        return own[len(theirs):].strip(" -–>:,.")
    if theirs and own.casefold().endswith(theirs.casefold()):  # "JA TAK – SV: Ledig plads"
        return PREFIX_AT_END.sub("", own[:-len(theirs)]).strip(" -–>:,.")
    # written over, under a question of the coordinator's (never a forward's subject)
    return "" if SUBJECT_PREFIX.match(subject) or not _coordinators(earlier, coordinator) else own


def _answers_her_question(text: str, weighed: Weighed, networks: Sequence[Network]) -> bool:
    """A plain answer that gives what a sign-up lacks, in a text that asks nothing back but
    practical questions: an EAN, or a short first sentence that says who or which ("Det er
    Aalborg.", "Det bliver Malene Krogh og mig.", "My full name is ...", "Nej, kun mig" to
    "Skal der flere med?") and neither refuses, cancels nor hedges."""
    answer = next((s for s in REQUEST_SENTENCE.split(text.strip()) if s.strip()), "")
    first = ANSWER_CLAUSE.split(answer)[0]
    only_us = ONLY_US.search(answer)
    if only_us:  # (what follows its clause is the why: "Bare mig selv – Søren kan ikke, ...")
        answer = answer[:only_us.end()]
    if weighed.questions and not practical_questions(text, signed=True) or weighed.first(
            "cancel", *AGAINST):  # (not "Nej, kun mig. Men jeg kan alligevel ikke komme")
        return False
    if find_ean(text)[0]:
        return True
    words = re.findall(r"\w+", answer)
    if "?" in first or not 0 < len(words) <= 12 or HEDGE.search(first):
        return False  # (the answer first, then what she asks)
    return bool(only_us) or not REFUSAL.search(first) and bool(GIVES.search(answer) or (
        len(words) <= 3 and named(answer, networks)))  # "Hverdagsledelse."


def _besides_one_meeting(text: str, mail: Inbound, networks: Sequence[Network]
                         ) -> Weighed | None:
    """The evidence of a sign-up to a series without the sentences that only say she will
    miss one of its meetings ("Jeg er muligvis forhindret i det tredje møde", "kan derfor
    ikke være med til det første møde"): an absence from one meeting gives up no place.
    None where such a sentence names another network than the sign-up's, or the sign-up is
    for an event (a one-day event has no other meeting)."""
    read = sentences(text)
    signed = {slug for s, w in read if w.first(*FOR) for slug in named(s, networks)} or set(
        named(mail.subject, networks))
    absent = [s for s, w in read if w.first("cancel") and not w.first(*FOR)]
    if not signed or not absent or any(getattr(n, "kind", "series") != "series"
                                       for n in networks if n.slug in signed):
        return None
    if any(not (ONE_MEETING.search(s) or ONE_MEETING_NAMED.search(s))
           or set(named(s, networks)) - signed for s in absent):
        return None
    return weigh(" ".join(s for s, _ in read if s not in absent))


def _doubts_about_another_network(text: str, networks: Sequence[Network]) -> frozenset[str]:
    """The sentences that doubt only about networks none of the text's sign-ups names ("Jeg
    tilmelder mig hverdagsledelse. Konferencen i Aalborg overvejer jeg stadig"): that
    network's doubt, not the sign-up's."""
    read = sentences(text)
    signed = {slug for s, w in read if w.first(*FOR) for slug in named(s, networks)}
    return frozenset(s for s, w in read if signed and w.first(*AGAINST) and not w.first(
        *FOR, "cancel") and (slugs := set(named(s, networks))) and not slugs & signed)


def _asked_beside(text: str, mail: Inbound, intent: Intent, reason: Note | None,
                  in_thread: bool = False) -> tuple[str, ...]:
    """The practical questions a sign-up or cancellation asks beside it
    (`practical_questions`), where the learned second opinion, too, is sure the mail is
    that request: the question used to hold a misread sign-up back, and two readers must
    agree before it no longer does (`in_thread`: the sign-up under way in the thread, which
    the text answers, needs no second reader)."""
    if reason not in (Note.of(Why.signup_with_question), Note.of(Why.cancel_with_question)):
        return ()
    text = URL.sub(" ", text)
    if in_thread:
        return practical_questions(text, signed=True)
    asks = practical_questions(text)
    second = opinion(_learned_text(text, mail)) if asks else None
    return asks if second and second.kind == intent and second.share >= LEARNED_ENOUGH else ()


def _second_opinion(text: str, weighed: Weighed, under_way: str | None
                    ) -> tuple[Intent, Note | None, Weighed]:
    """No cue said anything: what the learned model reads the mail as. A sign-up or
    cancellation it is sure of waits for the coordinator as one, its participants read
    and offered to her in one click; it is never acted on alone (`reading/learned.py`).
    Only where a sign-up is under way in the thread (`under_way`) does a sign-up it is
    sure of complete that one: "Her er den: 5798...", "Glemte at skrive EAN: ..."."""
    guess = opinion(text)
    if guess.share < LEARNED_ENOUGH or guess.kind not in LEARNED or (
            guess.kind == "signup" and SAYS_NO.search(text)):
        # (words weigh without their order: "Nej tak til begge dele" is no sign-up)
        return Intent.unclear, Note.of(Why.intent_unclear), weighed
    words = ", ".join(guess.words)
    found = Evidence("intent", f"learned.{guess.kind}", guess.kind, 0,
                     f"{guess.share:.0%}: {words}")
    if guess.kind == "signup" and under_way is not None:
        thread = Evidence("intent", "thread.signup", "signup", 0, under_way)
        return Intent.signup, None, weighed.adding(found).adding(thread)
    share = min(99, round(guess.share * 100))  # a model is never sure
    return Intent(guess.kind), Note.of(LEARNED[guess.kind], share=share, words=words), \
        weighed.adding(found)


# the coordinator asks for one person's address: "jeg mangler en mailadresse på Inger Dahl"
ADDRESS_ASKED = re.compile(r"\b(?:e-?mail(?:adresse)?|mailadresse|adresse|address)\s+"
                           r"(?:på|til|for|of)\s+(?P<name>(?-i:[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]+)+))",
                           re.I)


# the coordinator asks who comes: "Vil du sende mig navne og mailadresser på dem?"
NAMES_ASKED = re.compile(r"\bnavne(?:ne)?\b|\bnames\b"
                         r"|\bhvem\s+(?:der\s+)?(?:kommer|deltager|skal\s+med)\b"
                         r"|\bwho\s+(?:will\s+)?(?:come|attend)", re.I)


def _under_way_people(text: str, earlier: _Earlier, mail: Inbound, people: list[Person],
                      ean: str | None, coordinator: Coordinator | None) -> list[Person]:
    """The people of the sign-up a reply completes ("Her kommer det lovede EAN-nummer"
    under her own sign-up of two colleagues, "Rettelse til fakturaoplysningerne for Mads
    Bonde" under the coordinator's confirmation of him): those the answered mail lists
    with their addresses, the ones the new text names if it names some, and the writer
    only where she is one of them; the one whose address the coordinator asked for, when
    the reply gives one. A list-less sign-up under way is the writer's own."""
    answered = earlier.mails[0]
    hers = _coordinators(earlier, coordinator) is not None
    skip = {mail.sender, coordinator.address if coordinator else ""}
    named_now = [Person(n, a) for n, a in _named_recipients(mail.cc_names, text, skip)
                 if n in text]
    if hers and named_now and NAMES_ASKED.search(answered.text):  # "Vil du sende mig navne
        # på dem?" - "det bliver Ulrikke Nørby og Said Hamid. Jeg har sat dem begge cc"
        return with_details(named_now, people[0].organisation if people else None, ean)
    if not (_own_earlier(mail, [answered]) or hers and CONFIRMS.search(answered.text)):
        return people  # (an invitation lists nobody who signed up)
    asked = ADDRESS_ASKED.search(answered.text)
    given = [a.lower() for a in EMAIL_RE.findall(text) if a.lower() not in skip]
    if asked and len(given) == 1:  # "mangler en mailadresse på Inger Dahl" - "Hun har ingd@..."
        return with_details([Person(fold(asked.group("name")), given[0])],
                            people[0].organisation if people else None, ean)
    # (the nearest mail of the thread that lists them: a confirmation that names them
    # without addresses sends her on to her own sign-up below it)
    listed = next((found for m in earlier.mails if (found := [
        p for p in named_people(m.text, set()) if p.email not in skip])), [])
    if not listed:
        return people
    named_here = [p for p in listed if p.name.casefold() in text.casefold()
                  or re.search(rf"\b{re.escape(p.name.split()[0])}\b", text)]
    herself = [p for p in people if p.email == mail.sender] if _comes_herself(
        answered.text) else []
    return herself + with_details(named_here or listed, people[0].organisation if people
                                  else None, ean)


def _answers_for_herself(text: str, mail: Inbound, earlier: _Earlier,
                         coordinator: Coordinator | None, networks: Sequence[Network]) -> bool:
    """Whether the reply answers the coordinator's question about the writer's own sign-up
    just below it with the event alone ("Konferencen!", "The one about sustainability."):
    a sentence that names a network and no one."""
    answered = _coordinators(earlier, coordinator)
    if answered is None or "?" not in answered.text or _sets_herself_aside(text) or not any(
            ME.search(m.text) for m in _own_sign_up_below(mail, earlier)):
        return False
    return any(named(s, networks) and not NAME_RE.search(s) and not OTHERS.search(s)
               and not weighed.first("cancel") for s, weighed in sentences(text))


def _name_given(text: str, earlier: _Earlier, coordinator: Coordinator | None) -> str:
    """The writer's full name, where the coordinator asked for it ("Hvad er dit fulde
    navn?", "What is your full name?") and the answer gives one: the first name in full
    of the new text whose first word is a first name ("Tine Krogh Lauritsen 😊", "My full
    name is Natalia Kowalski-Brandt")."""
    answered = _coordinators(earlier, coordinator)
    if answered is None or not NAME_ASKED_OF_HER.search(answered.text):
        return ""
    return next((m.group(0) for m in NAME_RE.finditer(text) if len(m.group(0).split()) > 1
                 and (m.group(0).split()[0].casefold() in _first_names()
                      or SAYS_NAME.search(text[:m.start()]))), "")


COLLEAGUE_OFFERED = re.compile(r"\b(?:din|jeres|your)\s+(?:\w+\s+)?(?:kolleg\w*|colleague)\b"
                               r"|\b(?:hende|ham|her|him)\b", re.I)


def _offered(text: str, earlier: _Earlier, mail: Inbound, coordinator: Coordinator | None
             ) -> list[Person]:
    """The people the coordinator's question offers to sign up, when the reply is a plain
    yes ("Skal jeg også skrive Mikkel Kjær på, som du nævner?" - "Ja tak, gerne"), with the
    addresses the thread gives them; [] for anyone else's question or another answer."""
    answered = _coordinators(earlier, coordinator)
    if answered is None or not YES.search(text) or REFUSAL.search(text):
        return []
    own = {mail.sender_name.casefold(), coordinator.name.casefold() if coordinator else ""}
    told = " ".join(answered.text.split())
    offered = [told[offer.end():end] for offer in OFFERS.finditer(told)  # (to its "?")
               if (end := told.find("?", offer.end())) > 0]
    names = [m.group(0) for said in offered for m in NAME_RE.finditer(said)
             if len(m.group(0).split()) > 1 and m.group(0).casefold() not in own]
    known = [p for m in earlier.mails for p in named_people(m.text, {mail.sender})]
    others = [p for p in dict.fromkeys(known) if p.email not in (
        mail.sender, coordinator.address.casefold() if coordinator else "")]
    if not names and len(others) == 1 and any(COLLEAGUE_OFFERED.search(said)
                                              for said in offered):
        return others  # "Skal jeg også skrive din kollega på?": the one her mail names
    return [next((p for p in known if same_person(p.name, name)), Person(name, None))
            for name in dict.fromkeys(names)]


def _coordinators(earlier: _Earlier, coordinator: Coordinator | None) -> QuotedMail | None:
    """The quoted mail a reply answers, where the coordinator wrote it."""
    if coordinator is None or not earlier.quoted or not earlier.mails:
        return None
    answered = earlier.mails[0]
    return answered if _written_by(answered, coordinator.address, coordinator.name) else None


def _cancelled_already(text: str, earlier: _Earlier, coordinator: Coordinator | None,
                       networks: Sequence[Network]) -> bool:
    """A cancellation under the coordinator's confirmation that it is made, naming no
    other network ("Tak for hurtigt svar – og ærgerligt, at jeg ikke kan være med"): her
    thanks, nothing new to cancel."""
    answered = _coordinators(earlier, coordinator)
    return answered is not None and bool(CONFIRMS_CANCEL.search(answered.text)) and set(
        named(text, networks)) <= set(named(answered.text, networks))


def _yes_to_a_confirmation(text: str, mail: Inbound, earlier: _Earlier,
                           coordinator: Coordinator | None, networks: Sequence[Network]) -> bool:
    """A yes under the coordinator's confirmation to her, which asked nothing ("Ja tak – det
    vil jeg rigtig gerne!" to "Du er registreret", "Just confirming that I'll be there on 3
    April" to "Tak for din tilmelding til ..."), naming no network the confirmation does
    not, no person, address or EAN, and asking for no more ("Og mig selv også"): her
    thanks, the registration made already (not one to a colleague she was copied on), also
    where she says more ("We'll be there from the start, so we only miss the last session"):
    the coordinator reads it."""
    answered = _coordinators(earlier, coordinator)
    if answered is None:
        return False
    greeted = ADDRESSED.search(answered.text)
    someone = next((g for g in greeted.groups() if g), "") if greeted else ""
    if someone and mail.sender_name and someone != mail.sender_name.split()[0]:
        return False
    return bool(CONFIRMS.search(answered.text)) and "?" not in answered.text and set(
        named(text, networks)) <= set(named(answered.text, networks)) and not (
        EMAIL_RE.search(text) or NAME_RE.search(text) or ADDS.search(text) or any(find_ean(text)))


def _held_already(text: str, mail: Inbound, earlier: _Earlier, coordinator: Coordinator | None,
                  networks: Sequence[Network], slugs: Sequence[str]) -> bool:
    """Whether the writer's place at these networks is held before this mail: she says so
    ("Jeg er allerede tilmeldt"), or the coordinator's confirmation she answers is hers (it
    lists her address, or greets her and says she is registered) and names them all."""
    # (not where she names the other network she holds: "Jeg er allerede tilmeldt
    # hverdagsledelse ... Nu vil både jeg og min kollega gerne med i bæredygtighed")
    if any(HELD_ALREADY.search(s) and set(slugs) <= set(named(s, networks) or slugs)
           for s in sentences_of(text)):
        return True
    answered = _coordinators(earlier, coordinator)
    if answered is None or not slugs or not CONFIRMS.search(answered.text):
        return False
    greeted = ADDRESSED.search(answered.text)
    first = mail.sender_name.split()[0] if mail.sender_name else ""
    hers = mail.sender in answered.text.casefold() or greeted is not None and bool(first) and (
        first in greeted.groups()) and bool(YOU_REGISTERED.search(answered.text))
    return hers and set(slugs) <= set(named(answered.text, networks))


# the confirmation speaks to the one registered ("Du er nu registreret som deltager"), not
# of others she signed up ("Hej Bente – Thomas og Malene er nu skrevet på listen")
YOU_REGISTERED = re.compile(r"\b(?:du|you)\s+(?:er|are)\s+(?:nu\s+|now\s+)?(?:registreret|tilmeldt|"
                            r"skrevet\s+på|registered|signed\s+up|on\s+the\s+list)\b"
                            r"|\bdin\s+tilmelding\b|\byour\s+registration\b", re.I)


def _taking_part_soon(body: str, slugs: Sequence[str], networks: Sequence[Network],
                      mail: Inbound) -> str:
    """The words of taking part today or tomorrow ("Jeg er med på Teams i morgen kl. 14")
    when none of the networks it names meets within two days of the mail's arrival: another
    meeting. "" otherwise."""
    soon = TAKING_PART_SOON.search(body)
    if soon is None or any(
            abs((first - mail.arrival.date()).days) <= 2 for n in networks
            if n.slug in slugs and isinstance(first := getattr(n, "first_meeting", None), date)):
        return ""
    return soon.group(0)


def _one_meeting(text: str, intent: Intent | None, slugs: Sequence[str],
                 networks: Sequence[Network]) -> str:
    """The words that make a cancellation an absence from one meeting of a series ("Jeg
    kan ikke komme til andet møde i september, men er med resten", "afbud til første møde
    den 3. juni"), or a sign-up one who comes for the writer that day ("My deputy will
    attend the first meeting on my behalf"): the place stays as it is, and the coordinator
    notes the day. "" when it speaks of the whole series ("både 3. april og resten af
    året"), and for a one-day event, which has no other meeting to keep."""
    if intent not in (Intent.cancel, Intent.signup) or WHOLE_SERIES.search(text) or (
            intent == Intent.signup and not STANDS_IN.search(text)):
        return ""
    series = [n for n in networks if n.slug in slugs and getattr(n, "kind", "series") == "series"]
    if slugs and not series:
        return ""
    found = ONE_MEETING.search(text) or (ONE_MEETING_NAMED.search(text) if series else None)
    return found.group(0) if found and not an_events_day(found.group(0), networks) else ""


def _another_meeting(text: str, intent: Intent | None, slugs: Sequence[str],
                     networks: Sequence[Network]) -> str:
    """The words of a cancellation for a day that is none of its one-day events' ("Afbud
    fra mig til CB-ledermødet den 13. marts" while the CB-area meeting is on 27 March):
    another meeting, "" otherwise. (A series' later days are not known yet.)"""
    events = [n for n in networks if n.slug in slugs]
    if intent != Intent.cancel or not events or any(
            getattr(n, "kind", "series") != "event" for n in events):
        return ""
    found = ONE_MEETING_NAMED.search(text)
    return other_date(found.group(0), events) if found else ""


def _declines_invitation(text: str, mail: Inbound, earlier: _Earlier) -> bool:
    """A "no" under the invitation it answers, with thanks for it or in words that need
    no place held (up to the end of its sentence: "Håber, der bliver et møde igen til
    efteråret" after it presumes nothing), and no registration of hers in the thread
    ("Tak for invitationen. Vi har desværre ikke mulighed for at deltage i år", "Vi må
    melde pas i år"): nothing to cancel."""
    no = NOT_COMING.search(text)
    if no:  # (a place held is said before the no or in its sentence)
        end = next((m.end() for m in SENTENCE_END.finditer(text, no.end())), len(text))
        no = None if PRESUMES_PLACE.search(text[:end]) else no
    said_no = THANKS_INVITATION.search(text) or no
    return bool(said_no and earlier.quoted and INVITES.search(
        earlier.quoted) and not CONFIRMS.search(earlier.quoted) and not SIGNUP.search(
        "\n".join(m.text for m in _own_earlier(mail, earlier.mails))))


def _under_way(text: str, mail: Inbound, earlier: _Earlier, coordinator: Coordinator | None
               ) -> str | None:
    """The sign-up under way in the thread the mail answers, as its first words: the
    sender's own clear sign-up just below, which her text adds to but does not put right
    ("Forkert mailadresse i min tilmelding" is the coordinator's to mend; an EAN put right
    the rules replace), or the coordinator's question about one ("Tak for din tilmelding.
    Jeg mangler jeres EAN-nummer – vil du sende det?")."""
    if not earlier.quoted or not earlier.mails:
        return None
    answered = earlier.mails[0]
    first = " ".join(answered.text.split())[:80]
    if _own_earlier(mail, [answered]):
        if PUTS_RIGHT.search(text) and not EAN_WORD.search(text):
            return None
        weighed = weigh(URL.sub(" ", answered.text))
        return first if judge(weighed) == (Intent.signup, None) else None
    if _coordinators(earlier, coordinator) is None:
        return None
    sentences = REQUEST_SENTENCE.split(" ".join(answered.text.split()))
    asks = any(("?" in s or ASKS_FOR.search(s)) and ASKS_DETAILS.search(f"{before} {s}")
               for before, s in zip(["", *sentences], sentences, strict=False))
    # (a sign-up she has taken, or the writer's own just below her question: "Jeg vil
    # gerne tilmelde mig jeres kursus/konference" - "Tænker du på konferencen eller ...?")
    return first if asks and (TAKES_SIGNUP.search(answered.text) or _own_sign_up_below(
        mail, earlier, who_asked=bool(NAMES_ASKED.search(answered.text)))) else None


def _own_sign_up_below(mail: Inbound, earlier: _Earlier, who_asked: bool = False
                       ) -> list[QuotedMail]:
    """The writer's own sign-up just below the mail her reply answers, if it is one; or,
    where the coordinator asked who comes, one that only hesitated ("mig og måske Søren" -
    "Hvem skal med?"): who comes is the doubt her question puts to the writer."""
    def signs_up(text: str) -> bool:
        said, why = judge(weigh(URL.sub(" ", text)))
        return said == Intent.signup or who_asked and why is not None and (
            why.code == Why.hesitant)
    return [m for m in _own_earlier(mail, earlier.mails[1:2]) if signs_up(m.text)]


def learned_input(mail: Inbound, coordinator: Coordinator | None) -> str:
    """What the learned second opinion reads of a mail, as `read_intent` gives it (and
    `scripts/train_intent.py` trains it on): a new mail's own subject and the new text
    without salutation, signature and links."""
    body = _parts(mail, coordinator)[-1]
    return _learned_text(URL.sub(" ", _unaddressed(body, coordinator)), mail)


def _learned_text(text: str, mail: Inbound) -> str:
    """The text the learned opinion weighs: a new mail's own subject over the text (not
    the subject of a reply or forward, which is another's)."""
    return ("" if SUBJECT_PREFIX.match(mail.subject) else mail.subject) + "\n" + text


def _written_to_another(mail: Inbound, new_text: str, body: str, intent: Intent | None,
                        coordinator: Coordinator | None) -> str:
    """The words that show the mail is written to someone else, the coordinator reading
    along: it greets another by name ("Hej Ulla"), or it copies her and puts its question
    to those it is sent to ("Skal vi ikke tage den på ledermødet?"). Empty when it speaks
    to her by name ("Lisbet, ...") or tells its recipient she is signed up (the
    coordinator copied to register her)."""
    if coordinator is None or _tells_you(body):
        return ""
    her = coordinator.name.split()  # "Kære Lisbet", "Kære Vestergaard"
    if any(_is_her(m.group(1) or m.group(2), name) and _asks_there(new_text, m.start())
           for m in ADDRESSED.finditer(new_text) for name in her):
        return ""
    first_line = next((line.strip() for line in new_text.splitlines() if line.strip()), "")
    greeting = SALUTATION.match(first_line)
    greeted = re.findall(r"(?-i:[A-ZÆØÅ][a-zæøå]+)", re.split(
        r"[,.!:;?]|\s[-–—]", first_line[greeting.end():])[0]) if greeting else []
    if greeting and greeted and not first_line[greeting.end():].lstrip(" ,").startswith(
            greeted[0]):
        greeted = []  # "Hej hvad koster konferencen i Aalborg?" greets nobody
    if greeting and greeted and not GREETS_NOBODY.match(greeted[0]) and (
            greeted[0].casefold() not in LEAD_WORDS) and not any(
            _is_her(word, name) for word in greeted for name in her):
        return f"{greeting.group(0)} {greeted[0]}"
    address = coordinator.address.casefold()
    if intent == Intent.question and address in mail.cc and address not in mail.to and (
            mail.to):
        return next((s.strip() for s in REQUEST_SENTENCE.split(body) if "?" in s), "")
    return ""


def _collected_by_another(mail: Inbound, new_text: str, earlier: _Earlier,
                          coordinator: Coordinator | None) -> str:
    """The words of one who gathers the answers and signs them up together later ("Sig til
    mig senest fredag, så melder jeg jer samlet til hos Lisbet"), in the mail or in the
    one it answers, when the mail is sent to others and only copies the coordinator: a
    yes in that round is for the one who gathers ("Jeg vil gerne med!")."""
    if coordinator is None or not mail.to or coordinator.address.casefold() in mail.to:
        return ""
    answered = next((m.text for m in earlier.mails[:1]
                     if coordinator.address.casefold() not in m.author.casefold()), "")
    found = COLLECTS.search(new_text) or COLLECTS.search(answered)
    return found.group(0) if found else ""


def _newsletter(new_text: str, subject: str) -> str:
    """The words by which a mail presents itself as a newsletter ("Her er årets første
    nyhedsbrev fra ..."): written to many, the coordinator among them; the events it tells
    of are news ("hele børneteamet tager til kursusdagen"), not a sign-up."""
    found = NEWSLETTER.search(new_text) or NEWSLETTER.search(subject)
    return found.group(0) if found else ""


def _answers_another(mail: Inbound, new_text: str, earlier: _Earlier,
                     coordinator: Coordinator | None, networks: Sequence[Network]) -> str:
    """The first words of a bare answer to someone else's mail, sent back to her with the
    coordinator copied ("Jeg er med!" to a colleague's "Skal vi samkøre til Vejle?"):
    also a plain yes there answers that one. Empty where it speaks to the coordinator by
    name, names a network itself ("Jeg vil gerne være med i hverdagsledelses-netværket")
    or answers an invitation passed on."""
    address = coordinator.address.casefold() if coordinator else ""
    if not address or address not in mail.cc or address in mail.to or not earlier.mails:
        return ""
    if coordinator is not None and coordinator.name.split() and re.search(
            rf"\b{re.escape(coordinator.name.split()[0])}\b", new_text, re.I):
        return ""
    if named(new_text, networks):
        return ""
    answered = earlier.mails[0]
    if not any(_written_by(answered, to, "") for to in mail.to):
        return ""
    if INVITES.search(answered.text) and not CONFIRMS.search(answered.text):
        return ""  # a yes to a colleague's forward of the invitation signs up
    return next((s.strip() for s in REQUEST_SENTENCE.split(new_text) if s.strip()), "")[:80]


def _unaddressed(body: str, coordinator: Coordinator | None) -> str:
    """The text without the coordinator's name where a line speaks to her ("lisbet vil
    gerne med til kursusdagen", "Lisbet, Mette vil gerne med"), so that what follows is
    read as the writer's own sentence."""
    if coordinator is None or not coordinator.name.split():
        return body
    her = re.escape(coordinator.name.split()[0])
    return re.sub(rf"(?im)^(\W*){her}\b\s*[,!:–-]?\s*", r"\1", body)


def _asks_there(text: str, at: int) -> bool:
    """Whether the line where the writer speaks to the coordinator greets her or asks her
    for something ("Lisbet, du må gerne skrive mig på"), not an aside ("(Lisbet – du står
    cc, så du ved, at der kommer noget fra Køge.)")."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)]
    return bool(SALUTATION.match(line.strip())) or any(
        e.kind in (*FOR, "cancel") for e in weigh(line).evidence)


def _is_her(word: str, first_name: str) -> bool:
    """Whether a name someone writes is the coordinator's first name, as people spell
    and shorten it: "Lisbeth" and "Lis" for Lisbet, not "Lise"."""
    a, b = word.casefold(), first_name.casefold()
    if a.startswith(b) or b.startswith(a):
        return len(a) >= 3 and len(a) - len(b) <= 1
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 1


def _asks_only_others(text: str, mail: Inbound) -> bool:
    """Whether every question of the text is put to someone she copies, by name
    ("Ellen – du snakkede også om det på ledermødet?"): a reply-all's question to a
    colleague is none for the coordinator."""
    copied = {name.split()[0].casefold() for name, address in mail.cc_names
              if name and address != mail.sender and not is_role_address(address)}
    asked = [s.strip() for s in REQUEST_SENTENCE.split(text) if weigh(s).questions]
    return bool(asked) and all(
        (m := VOCATIVE.match(s)) is not None and m.group(1).casefold() in copied for s in asked)


def _copied_only(mail: Inbound, coordinator: Coordinator | None) -> bool:
    """Whether the coordinator is only copied on a mail sent to others: a bare "Ja,
    selvfølgelig!" there answers the one it is sent to (a chief to her colleague)."""
    own = coordinator.address if coordinator else ""
    return bool(own and own in mail.cc and own not in mail.to and mail.to)


RESENT = "thread.resent"


def _resent_signup(text: str, mail: Inbound, earlier: _Earlier) -> Weighed | None:
    """The evidence of the sender's own quoted sign-up, when her new text points to it
    ("se nedenfor", "sender den igen") and says nothing else for or against."""
    if not POINTS_BELOW.search(text) or not earlier.quoted:
        return None
    for quoted in _own_earlier(mail, earlier.mails):
        weighed = weigh(URL.sub(" ", quoted.text))
        if judge(weighed) == (Intent.signup, None):
            return weighed
    return None


def _answers_with_network(text: str, earlier: _Earlier, mail: Inbound,
                          networks: Sequence[Network]) -> bool:
    """A short, plain answer ("Begge dele, tak!", "Det er hverdagsledelse", "Ja tak!") to
    a quoted invitation, or to a question about the sender's own quoted sign-up. Which
    network a bare yes means is the quoted mail's to say (several: review). The answer
    is the first sentence; what follows may explain it ("Begge dele! Jeg har både
    driften og vores grønne indsats.") but neither hedge nor refuse."""
    answer = next((s for s in REQUEST_SENTENCE.split(text.strip()) if s.strip()), "")
    words = re.findall(r"\w+", answer)
    # the mail answered: the quoted history, or the subject of a reply that quotes nothing
    history = earlier.quoted or (mail.subject if REPLY_PREFIX.match(mail.subject) else "")
    if not words or len(words) > 12 or HEDGE.search(text) or not history:
        return False
    if REFUSAL.search(text):  # "Nej tak til begge dele"
        return False
    if not (BOTH.search(answer) or named(answer, networks) or (
            YES.search(answer) and len(words) <= 6)):
        return False
    offered = earlier.mails[0].text if earlier.mails else history
    if not (BOTH.search(answer) or named(answer, networks)) and EITHER_OR.search(offered):
        return False  # "Ja tak" to "venteliste, eller vil du hellere med til konferencen?"
    own = _own_earlier(mail, earlier.mails)
    # her own sign-up asked about (not confirmed: "Tusind tak – vi glæder os begge to!"):
    # naming the network answers; an invitation needs a yes ("Begge dele, tak!"), not
    # "lyder spændende"
    return bool(SIGNUP.search("\n".join(m.text for m in own))) and not CONFIRMS.search(
        offered) or bool(
        INVITES.search(history) and not CONFIRMS.search(history) and (
            AFFIRM.search(text) or YES.search(text)))


# --- networks ----------------------------------------------------------------------


# a place in the list a reply answers: "Nr. 3 for mig", "nr. 2 og 5", "den første", "the
# last one"
BY_NUMBER = re.compile(r"\b(?:nr|nummer|punkt|no|number)\.?\s*(\d(?:\s*(?:,|og|and|&|\+)\s*\d)*)"
                       r"\b|#\s*(\d)\b", re.I)
BY_ORDINAL = re.compile(r"\b(?:den|det|the)\s+(første|anden|andet|tredje|fjerde|femte|sjette"
                        r"|sidste|first|second|third|fourth|fifth|sixth|last)\b"
                        # (not "det første møde", a meeting of a series)
                        r"(?=\s*(?:[.,;:!?)]|$|på\s+listen|i\s+listen|af\s+dem|one\b|on\s+the"
                        r"\s+list|tak\b|please\b|og\b|and\b))", re.I)
ORDINALS = {w: i for i, ws in enumerate(
    [("første", "first"), ("anden", "andet", "second"), ("tredje", "third"),
     ("fjerde", "fourth"), ("femte", "fifth"), ("sjette", "sixth")]) for w in ws}
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*–])\s+\S")


def _by_position(body: str, quoted: str, networks: Sequence[Network]) -> tuple[str, ...]:
    """The events a reply picks by their place in the list of the mail it answers ("Nr. 3
    for mig, tak" under a numbered list of five): each item is the lines from its number
    or bullet to the next, and names one network. () when the text picks none, or an item
    that names none."""
    wanted = [int(d) - 1 for m in BY_NUMBER.finditer(body)
              for d in re.findall(r"\d", m.group(1) or m.group(2))]
    wanted += [-1 if w in ("sidste", "last") else ORDINALS[w]
               for w in (m.group(1).casefold() for m in BY_ORDINAL.finditer(body))]
    if not wanted:
        return ()
    items: list[str] = []
    open_item = False  # (a blank line ends an item; what follows the list is none)
    for line in (QUOTE_PREFIX.sub("", x) for x in quoted.splitlines()):
        if LIST_ITEM.match(line):
            items.append(line)
        elif open_item and line.strip():
            items[-1] += "\n" + line
        open_item = bool(LIST_ITEM.match(line) or open_item and line.strip())
    listed = [next(iter(found)) for item in items
              if len(found := _dominant(named(item, networks))) == 1]
    if not all(-len(listed) <= i < len(listed) for i in wanted):
        return ()
    return tuple(sorted({listed[i] for i in wanted}))


DETAILS = ("date", "month", "place")
# two events listed, or one set against another, just after the one called by name:
# "hverdagsledelsen og kursusdagen i Vejle", "hellere bæredygtighed end ..."
LISTED = re.compile(r"\b(?:og|and|samt|end|than|eller|or)\b|[+&]")  # (a comma sets off
# the details of the one named: "CB-mødet, den 22. april")


def _mixed_up(body: str, networks: Sequence[Network]
              ) -> tuple[tuple[str, ...], Note | None, tuple[Evidence, ...]] | None:
    """A sentence that signs up and names one event by its name and another only by its
    date, month or place, in one breath ("konferencen den 27. marts", "CB-mødet i Vejle";
    not "hverdagsledelsen og kursusdagen i Vejle"), or two only by their details: one
    event described with another's details, for the coordinator. Where the date and the
    place both fit one event and the other is only called by a word of its kind
    ("netværksmødet i Aalborg den 12. maj"), that event. None when no sentence mixes."""
    for sentence, weighed in sentences(body):
        if not weighed.first(*FOR):
            continue
        found = named(sentence, networks)
        detailed = {s: ev for s, ev in found.items() if all(e.kind in DETAILS for e in ev)}
        called = {s: ev for s, ev in found.items() if not any(e.kind in DETAILS for e in ev)}
        normal = normalise(sentence)
        if not detailed or any(LISTED.search(normal, at, at + len(e.text) + 30)
                               for ev in called.values()
                               for e in ev if (at := normal.find(e.text)) >= 0):
            continue
        if not called and (len(detailed) < 2 or LISTED.search(normal)):
            continue  # (the date of one and the place of another: "mødet i Roskilde den
            # 22. april"; not "den 27. marts og den 22. april")
        evidence = tuple(e for ev in found.values() for e in ev)
        sure = [s for s, ev in detailed.items() if len(ev) >= 2]
        if len(sure) == 1 and all(e.kind == "event" for ev in called.values() for e in ev):
            return (sure[0],), None, detailed[sure[0]]
        return (), Note.of(Why.mixed_up, words=" ".join(sentence.split())[:80]), evidence
    return None


def which_networks(intent: Intent, body: str, subject: str, quoted: str,
                   networks: Sequence[Network]
                   ) -> tuple[tuple[str, ...], Note | None, tuple[Evidence, ...]]:
    """(slugs, review reason, the evidence). The new text wins; then the subject; then
    the history. When the new text names several networks, those named where it signs
    up or cancels win over those it only speaks of. A cancellation that names none is
    left to the rules, which know what its people are registered for. What is no event
    names none ("slet mig fra nyhedsbrevet om bæredygtighed")."""
    body = NO_EVENT.sub(" ", body)
    mixed = _mixed_up(body, networks) if intent == Intent.signup else None
    if mixed is not None:
        return mixed
    found, declined = in_clauses(body, networks, drop_negated=intent == Intent.signup)
    requested, unnamed = _in_requests(body, networks)
    if len(found) > 1:  # "... – vi har fået en kursusdag i huset samme dag": in the way
        clashing = {slug for part in PART.split(body) if CLASH.search(part)
                    for slug in named(part, networks)}
        found = {slug: ev for slug, ev in found.items() if slug not in clashing} or found
        requested -= clashing
    if len(found) > 1:
        focus = {slug: ev for slug, ev in found.items() if slug in requested}
        found = focus or found
    if len(found) > 1:  # "kursusdagen i stedet for konferencen": not the conference
        replaced = {slug for m in INSTEAD_OF.finditer(body)
                    for slug in named(next(g for g in m.groups() if g), networks)}
        found = {slug: ev for slug, ev in found.items() if slug not in replaced} or found
    found = _settled(body, networks, intent) or found
    if len(found) > 1:  # "Jeg havde tænkt mig at melde mig til kursusdagen, men ...
        # konferencen": not the course day
        planned = {slug for plan in past_plans(body) for slug in named(plan, networks)}
        found = {slug: ev for slug, ev in found.items() if slug not in planned} or found
    context = _dominant(named(subject, networks)) or _dominant(named(quoted, networks))
    echoed = _echoed(found, quoted, context, networks)
    if echoed:  # "Skønlitteratur og ledelse lyder spændende": the invitation's own words
        found = {slug: ev for slug, ev in found.items() if slug not in echoed}
    if found and unnamed and len(context) == 1 and intent == Intent.signup:
        # "Jeps, jeg er med. ... skriv mig også på bæredygtighed": the first yes is to the
        # invitation she answers
        found = {**context, **found}
    if not SWAP.search(body):  # a swap declines for one and signs up another: same network
        # what the text declines is not meant, however often the invitation names it
        context = {slug: ev for slug, ev in context.items() if slug not in declined}
    evidence = tuple(e for ev in (found or context).values() for e in ev)
    if _says(BOTH_THINGS, body) and len(found) == 1 and set(found) <= set(context) and \
            len(context) >= 2:  # "Begge dele, tak! EAN til kursusdagen: ..."
        return tuple(sorted(context)), None, evidence
    if _says(BOTH, THEY_BOTH.sub(" ", WE_BOTH.sub(" ", body))) and not found:  # ("Vi vil
        # begge gerne med", "de har begge fået nyt ledelsesansvar": two people)
        # (not under an overview that names more than two, whichever two its subject names)
        offered = _by_name(quoted, networks)
        if len(context) >= 2 and offered <= set(context):
            return tuple(sorted(context)), None, evidence
        pair = next((p for p in (named(subject, networks), named(quoted, networks)) if p), {})
        if len(pair) == 2 and offered <= set(pair):
            # "til begge netværk" under the joint invitation of two, one named more than the
            # other ("To nye ledernetværk – hverdagsledelse og ...")
            return tuple(sorted(pair)), None, evidence
        if len(networks) == 2:
            return tuple(sorted(n.slug for n in networks)), None, evidence
        return (), Note.of(Why.both_unnamed), evidence
    if found and intent == Intent.cancel and len(found) > 1 and _says(KEEPS, body):
        # it keeps one of them, but which is not clear ("Aalborg må jeg melde afbud til, men
        # Vejle holder jeg fast i"): no place is given up unasked
        return tuple(sorted(found)), Note.of(Why.keeps_one), evidence
    if found:
        return tuple(sorted(found)), None, evidence
    if len(context) == 1:
        # the answer names another day than the quoted network's ("Jeg kan deltage den
        # 10." to a question about a planning meeting): another meeting is meant
        day = other_day(body, [n for n in networks if n.slug in context]) if (
            intent == Intent.signup) else ""
        return tuple(context), Note.of(Why.another_day, words=day) if day else None, evidence
    picked = _by_position(body, quoted, networks) if len(context) > 1 else ()
    if picked:  # "Nr. 3 for mig, tak", "den første" of the coordinator's numbered list
        return picked, None, evidence
    if len(context) > 1 and not body.strip() and set(context) <= set(named(subject, networks)):
        # the subject is the whole message: "tilmelding hverdagsledelse + bæredygtighed"
        return tuple(sorted(context)), None, evidence
    if len(context) > 1:
        return (), Note.of(Why.several_networks_quoted), evidence
    if len(networks) == 1:
        return (networks[0].slug,), None, evidence
    if intent == Intent.cancel:  # the rules find the one network its people hold, unless
        # it names a day none of them meets ("afbud til temadagen den 8. april"): another's
        day = other_day(body, networks)
        return (), Note.of(Why.another_day, words=day) if day else None, evidence
    return (), Note.of(Why.no_network, open=len(networks)), evidence


def _settled(body: str, networks: Sequence[Network], intent: Intent
             ) -> dict[str, tuple[Evidence, ...]]:
    """The networks the writer settles on where she corrects a sign-up ("Jeg melder mig
    til konferencen. Nej vent – det er kursusdagen, jeg mener!", "sorry, scratch that, I
    mean the conference", "PS: Kan du skrive mig op til bæredygtighed i stedet?") or a
    cancellation in words that cancel ("Rettelse: Jeg melder kun fra til konferencen"):
    those named from her last correction to the end of its sentence (of its paragraph when
    the correction heads one; in the request after it when that sentence only explains),
    else in its whole sentence."""
    marks = list(CORRECTS.finditer(body)) if intent in (Intent.signup, Intent.cancel) else []
    if not marks:
        return {}
    mark = marks[-1]
    start = max((m.end() for m in SENTENCE_END.finditer(body, 0, mark.start())), default=0)
    heads = not body[body.rfind("\n", 0, mark.start()) + 1:mark.start()].strip()
    end = body.find("\n\n", mark.end()) if heads else next(
        (m.end() for m in SENTENCE_END.finditer(body, mark.end())), len(body))
    end = len(body) if end < 0 else end
    if intent == Intent.signup and not weigh(body[mark.start():end]).first(*FOR):
        # "Nej vent – den 12. maj har vi byrådsmøde. Så skriv mig hellere på kursusdagen":
        # the request that follows in her paragraph is what she settles on
        close = body.find("\n\n", end)
        asked = next((s for s, w in sentences(body[end:len(body) if close < 0 else close])
                      if w.first(*FOR)), "")
        found = in_clauses(asked, networks, drop_negated=True)[0] if asked else {}
        if found:
            return found
    for part in (body[mark.start():end], body[start:end]):
        if intent == Intent.cancel and not weigh(part).first("cancel"):
            continue
        found = in_clauses(part, networks, drop_negated=True)[0]
        if found:
            return found
    return {}


def _echoed(found: dict[str, tuple[Evidence, ...]], quoted: str,
            context: dict[str, tuple[Evidence, ...]], networks: Sequence[Network]) -> set[str]:
    """The other networks than the one invitation it answers that the new text names only
    in words it takes from that invitation, which never calls them by name (a theme of
    one network's programme that is a word of another's name: "Jeg glæder mig især til
    Skønlitteratur og ledelse"): the invitation decides. A quoted question that names both
    ("Hvilket af dem?") is answered, not echoed."""
    if len(context) != 1 or not found:
        return set()
    history, by_name = normalise(quoted), _by_name(quoted, networks)
    return {slug for slug, ev in found.items() if slug not in context and slug not in by_name
            and all(e.text in history for e in ev)}


def _by_name(text: str, networks: Sequence[Network]) -> set[str]:
    """The networks a text calls by name or alias, not only by words of their themes."""
    return {slug for slug, ev in named(text, networks).items()
            if any(e.kind == "phrase" for e in ev)}


def in_clauses(text: str, networks: Sequence[Network], drop_negated: bool
               ) -> tuple[dict[str, tuple[Evidence, ...]], set[str]]:
    """Networks named in the text, and those it declines; for a sign-up, not those only
    named in a clause that says not, already or passes over ("Hverdagsledelse er ikke
    noget for mig, men ... bæredygtighed", "Jeg er allerede med i hverdagsledelse")."""
    if not drop_negated:  # a cancellation: not what it keeps ("Hverdagsledelse holder jeg
        # fast i")
        every = named(text, networks)
        # (a clause that keeps one needs only point to it: "..., men Vejle holder jeg fast i")
        keeps = {slug for clause in CLAUSE.split(text) if KEEPS.search(clause)
                 for slug in terms_of(clause, networks) if slug in every}
        return {s: e for s, e in every.items() if s not in keeps}, set()
    kept: dict[str, tuple[Evidence, ...]] = {}
    negated: set[str] = set()
    declined: set[str] = set()  # passed over in so many words ("må jeg springe over")
    for clause in (part for c in CLAUSE.split(text) for part in DASH.split(c)):
        found = named(clause, networks)
        if (NEGATION.search(clause) or PASSED_OVER.search(clause)) and not SIGNUP.search(clause):
            negated |= set(found)
            if DECLINES.search(clause):
                declined |= set(found)
        else:
            for slug, evidence in found.items():
                kept[slug] = kept.get(slug, ()) + evidence
    if not kept and not negated:  # named only across clauses ("... kursusdagen. Den 22/4")
        return named(text, networks), set()
    return kept, declined - set(kept)


def _dominant(found: dict[str, tuple[Evidence, ...]]) -> dict[str, tuple[Evidence, ...]]:
    """Of the networks a subject or a quoted mail names, the one it is about when its
    evidence is at least twice any other's (an invitation names its own network again
    and again, another only in passing); else all of them."""
    scores = sorted(((score(ev), slug) for slug, ev in found.items()), reverse=True)
    if len(scores) > 1 and scores[0][0] >= 2 * scores[1][0]:
        return {scores[0][1]: found[scores[0][1]]}
    return found


def _in_requests(text: str, networks: Sequence[Network]) -> tuple[set[str], bool]:
    """(networks named in the sentences that sign up or cancel, and in the sentence
    before one that points back to it or names none: "... kursusdag i Vejle. Den vil
    jeg også gerne tilmeldes"; whether a request names no network at all)."""
    found: set[str] = set()
    previous, unnamed = "", False
    for sentence in REQUEST_SENTENCE.split(WRAPPED.sub(" ", text)):
        if _requests(sentence):
            # the part that asks, when one does: "Jeg er tilmeldt både X og Y, men jeg må
            # trække mig fra Y", "Kursusdagen siger jeg ja til, konferencen må vente"
            asking = {slug for clause in CLAUSE.split(sentence) if _requests(clause)
                      for slug in named(clause, networks)}
            own = (asking or set(named(sentence, networks))) - _passed_over(sentence, networks)
            if (BACK.match(sentence) or not own) and not TABLE_ROW.search(previous):
                # "Så skriv mig hellere på den i stedet" (not a table's last row: "Kan du
                # registrere dem, der står med navn?" under it means the whole table)
                own = own | set(named(previous, networks)) - _passed_over(previous, networks)
            found |= own
            unnamed |= not own
        previous = sentence
    return found, unnamed


def _passed_over(sentence: str, networks: Sequence[Network]) -> set[str]:
    """The networks a sentence names in a part that declines or says not, and asks for
    nothing ("konferencen må vente", "altså ikke hverdagsledelse")."""
    return {slug for part in PART.split(sentence)
            if (DECLINES.search(part) or NEGATION.search(part)) and not _requests(part)
            for slug in named(part, networks)}


def _says(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a clause of the text says it, and not in the negative ("der er ikke tid til
    begge dele" says no "begge dele")."""
    return any(pattern.search(c) and not NEGATION.search(c) for c in PART.split(text))


def _requests(text: str) -> bool:
    return any(e.kind in ("signup", "request", "swap", "cancel") for e in weigh(text).evidence)


# --- people ------------------------------------------------------------------------


def participants(mail: Inbound, body: str, signature: Signature, own: list[QuotedMail],
                 ean: str | None, signature_text: str = "", earlier: _Earlier | None = None,
                 coordinator: Coordinator | None = None
                 ) -> tuple[list[Person], Note | None, tuple[Evidence, ...], str]:
    """(people signed up or cancelled, review reason when nobody can be named, where
    each person was found, the sender's own name when she is a person). The
    coordinator is nobody's participant: not her address, also where she is copied, nor
    her name where the mail tells others to sign up with her."""
    her_address = coordinator.address.casefold() if coordinator else ""
    body = _capitals_beside_addresses(body)
    fields = form_fields(body)
    sender, found_by = _sender(mail, body, signature, fields, own, signature_text)
    where: dict[str, str] = {}
    skip = {mail.sender, *mail.to, her_address,
            *(sender.email for _ in [0] if sender and sender.email)}
    others: list[Person] = []
    bystanders: set[str | None] = set()
    doubted = ""  # the sentence that names someone with an address only in doubt
    listed_as = ""  # the address the writer lists herself with, not the one she writes from
    for person in named_people(body, {a for a in skip if a}):
        if sender and same_person(person.name, sender.name):
            listed_as = listed_as or person.email or ""
            continue
        if person.email == mail.sender or not (person.email or _acted_on(body, person.name)):
            continue
        if _bystander(body, person):
            bystanders.add(person.email)
            continue
        if person.email and (doubt := _doubted(body, person)):  # "Hvis der er en ekstra
            # plads, vil min kollega Signe (sikir@...) også gerne med": hers to decide
            bystanders.add(person.email)
            doubted = doubted or doubt
            continue
        others.append(person)
        where[person.name] = "named with an address" if person.email else "named as a colleague"
    for person in _copied(mail, body, her_address):  # "mine to kolleger Lise og Anders, som
        # står cc"; "Johanne og jeg vil gerne med", written to Johanne and the coordinator
        if person.email in skip and person.email not in mail.to:
            continue
        others = [p for p in others if not same_person(p.name, person.name)] + [person]
        where[person.name] = "named in the text, address from Cc"
    for person in _colleagues_by_first_name(mail, body, earlier, sender, her_address):
        # "afbud for Lotte"
        if not any(p.name.split()[:1] == person.name.split()[:1] for p in others):
            others.append(person)
            where[person.name] = "named by first name; full name and address from the thread"
    for told in _told_recipients(mail, body):  # "Hej Asger ... har jeg meldt dig til ..."
        if not any(same_person(p.name, told.name) for p in others):
            others.append(told)
            where[told.name] = "the one the mail is written to, told she is signed up"
    leaving = _leaving(body)  # "I stedet for Mette Bach kommer Jonas Krog": not Mette
    taken_back = [m.group("name") for m in TAKEN_BACK.finditer(body)]  # "Glem det med Rikke"
    dropped = [p for p in others if any(p.name.split()[:1] == n.split()[:1] for n in taken_back)]
    others = [p for p in others if not any(  # ("i stedet for Ulla": Ulla Brøns of the thread)
        same_person(p.name, n) or [n] == p.name.split()[:1] for n in leaving)
              and p not in dropped]
    known = {p.name.casefold() for p in others} | {n.casefold() for n in leaving}
    for name in [*_named_in_requests(body),  # "to pladser til Christel Mogensen og Dan ..."
                 *meant_by_pronoun(body),  # "Rikke Holm Sand bad mig melde hende til ..."
                 *listed_without_address(body)]:  # "- Carina Lauesen (ny, ingen mail endnu)"
        if name.casefold() not in known and not (sender and same_person(name, sender.name)) \
                and not _set_aside(body, name) and not any(  # "Ida Marie" of "Ida Marie Holt"
                    k.startswith(name.casefold() + " ") for k in known):
            known.add(name.casefold())
            others.append(Person(name, None))
            where[name] = "named in a sign-up or cancellation sentence, without an address"
    for i, block in enumerate(form_blocks(body)):  # a form filled in once per person
        # ("Mail: følger – han er ny" gives no address)
        given = EMAIL_RE.search(block.get("email", ""))
        name, email = fold(block.get("name", "")), given.group(0).lower() if given else None
        if not name or SELF_VALUE.match(name) or not looks_like_name(name) or (
                email == mail.sender or sender and same_person(name, sender.name)):
            continue  # "Deltager: Undertegnede" is the writer, read as the sender
        others = [p for p in others if p.email != email and not same_person(p.name, name)]
        # her own EAN ("EAN: 5798000586802 (Assens Bibliotek)"), not the mail's, which stays
        own_ean = find_ean(block.get("ean", ""))[0]
        others.insert(i, Person(name, email, block.get("organisation") or None, own_ean))
        where[name] = "form fields"
    for person, found in [*((p, "a table's row") for p in table_people(body)),  # "Fornavn
                          # <TAB>Efternavn<TAB>Mail"; "Anne Fog; Lise Thorup" over their mails
                          *((p, "names on a line, addresses on the next")
                            for p in names_over_addresses(body))]:
        if person.email == mail.sender or (sender and same_person(person.name, sender.name)):
            listed_as = listed_as or (person.email if person.email != mail.sender else "") or ""
            continue
        others = [p for p in others if not (person.email and p.email == person.email)
                  and not same_person(p.name, person.name)] + [person]
        where[person.name] = found
    if sender is None and not others:  # "Bibliotekschef Per Holt ønsker at deltage ..."
        others = [Person(name, None) for name in _named_for_a_shared_mailbox(body)]
        where.update((p.name, "named by a shared mailbox as the one who takes part")
                     for p in others)
    others = [p for p in others if not _speaks_for_herself(body, p.name)]
    if sender and listed_as:  # "2) Signe Kragh (det er mig), sikr@..." from her Gmail
        sender = replace(sender, email=listed_as)
        skip.add(listed_as)
    spare = {a for a in skip if a}
    others = _addresses_made_of_names(body, _possessive_addresses(body, others), spare)
    others = _paired_with_address_line(body, others, spare)
    others = _address_later_in_sentence(body, others, spare)
    others = _addresses_from_thread(mail, earlier, others, spare)
    meant = _others_meant(body) or _sets_herself_aside(body) or _tells_you(body) or (
        _cancels_for_another(body, sender.name.split()[0] if sender and sender.name else "",
                             earlier.quoted if earlier else ""))
    counted = _counted(body)  # "vi er tre ..." over a list of three: not the writer too
    confirmed = _confirmed(mail, earlier, coordinator)
    in_thread = _counted(body, THREAD_COUNTED)[0] if confirmed and not counted[0] else 0
    if not others and meant and not any(sender and p.email == sender.email for p in confirmed):
        # "Vores to deltagere må desværre melde afbud" over the confirmation of two
        others = _as_confirmed([], counted[0] or in_thread, sender, mail, confirmed, False, ean)
        where.update((p.name, COUNTED_FROM_CONFIRMATION) for p in others)
    if not others and meant and not _comes_herself(body):  # "mine to kolleger Lise og Anders"
        # (a first name it gives is kept, for the coordinator to complete: "Kirsten og Bo";
        # not one the thread writes in full, once or for two: "Anne" of Anne Kirkegaard and
        # Anne Mose)
        thread = f"{body}\n{earlier.quoted if earlier else ''}"
        named = [Person(n, None) for n in FIRST_NAME.findall(meant) if n.casefold() in (
            _first_names()) and n.casefold() not in IMPERATIVES and not any(
                m.group(0).split()[0] == n for m in NAME_RE.finditer(thread)
                if len(m.group(0).split()) > 1)]
        full = {n for m in NAME_RE.finditer(body) if looks_like_name(n := m.group(0))
                and len(n.split()) > 1 and not (sender and same_person(n, sender.name))}
        if not named and len(full) == 1 and HE_OR_SHE_ALONE.match(meant):  # "Jeg skriver for min
            # mand Torben Aagaard ... Han må derfor desværre melde fra": the one she names
            named = [Person(full.pop(), None)]
            return with_details(named, sender.organisation if sender else None, ean), Note.of(
                Why.named_without_address, names=named[0].name), (), sender.name if sender else ""
        return with_details(named, sender.organisation if sender else None, ean), Note.of(
            Why.others_not_found, words=meant), (), sender.name if sender else ""
    unnamed = _unnamed_addresses(body, others, {*skip, *signature.emails, *bystanders,
                                                *(p.email for p in dropped)})
    mine = [a for a in unnamed if sender and sender.name and fits_address(sender.name, a)]
    if sender and len(mine) == 1 and not others and (  # "Mail: sile@..." signed Signe Lehmann
            earlier is None or _coordinators(earlier, coordinator) is None
            and not _own_earlier(mail, earlier.mails)):
        # from her private address: one made of her own name is hers (under the
        # coordinator's mail, or her own, it may move a place she holds: hers to see)
        sender = replace(sender, email=mine[0])
        unnamed = [a for a in unnamed if a != mine[0]]
    paired = [Person(_in_full(body, m.group("first")) or m.group("first"), address)
              for m in FIRST_NAME_ADDRESS.finditer(body)
              if (address := m.group("address").lower().rstrip(".")) in unnamed
              and m.group("first").casefold() in _first_names()]
    if paired:  # "Tilmelder mig selv + Ida (idno@...) + Rasmus (rahe@...)": a common first
        # name just before an address nobody else has is hers (in full where the text
        # writes it so: "... sender vi Allan Busk. ... Allan: albu@...")
        others += paired
        unnamed = [a for a in unnamed if all(p.email != a for p in paired)]
        where.update((p.name, "a first name just before her address") for p in paired)
    if unnamed and not others:  # the addresses of those her own earlier mail named
        others = _named_before(unnamed, own)
        where.update((p.name, "named in her own earlier mail; address in this one")
                     for p in others)
    gives_her_place = bool(others) and any(  # "Sofie Juhl tager min plads"
        MY_PLACE.search(sentence) for sentence, weighed in sentences(body) if weighed.first("swap"))
    include_sender = sender is not None and not gives_her_place and (
        not others or _comes_herself(body) or bool(listed_as) or _lists_herself(
            body, mail.sender, others) or _cancels_with_them(body) and any(
            p.email == sender.email for p in confirmed)) and not (
        others and _sets_herself_aside(body)) and not (  # (a P.S.: "min kollega ... og ikke mig")
        others and counted[0] == len(others) and not _lists_herself(body, mail.sender, others))
    if unnamed and not others and not _comes_herself(body):  # not the sender in their place
        return [], Note.of(Why.addresses_without_names, addresses=", ".join(unnamed)), (), \
            sender.name if sender else ""
    if sender and sender.organisation:  # "Mvh Nadia Salem Ishøj Bibliotek" on one line
        sender = replace(sender, organisation=_without_name(sender.organisation, sender.name))
    organisation = (sender.organisation if sender else None) or _organisation(
        body, signature, signature_text) or _colleagues_organisation(mail, earlier) or (
        _thread_library(mail, earlier, coordinator))
    if sender and not sender.organisation:
        sender = replace(sender, organisation=organisation)
    others = [_own_line_organisation(body, _own_line_ean(body, p), mail.sender) for p in others]
    own_lines = [x for x in body.splitlines() if any(
        p.ean and x == _own_line(body, p) for p in others)]
    if own_lines:  # the mail's EAN is the one not on a participant's own line
        ean = find_ean("\n".join(x for x in body.splitlines() if x not in own_lines))[0]
    people = ([sender] if include_sender and sender else []) + with_details(
        others, organisation, ean)
    if include_sender and sender:
        people[0] = Person(sender.name, sender.email, sender.organisation, ean, sender.title)
        where[sender.name] = f"the sender; name from {found_by}"
    people, miscounted = _as_counted(people, counted, sender, mail, her_address, ean,
                                     confirmed)
    if not counted[0] and len(people) < in_thread:  # "Vi tre fra Faxe kan ikke alligevel"
        people = _as_confirmed(people, in_thread, sender, mail, confirmed, False, ean) or people
    where.update((p.name, "the sender, counted in by the mail" if sender and p.email == (
        sender.email) else COUNTED_FROM_CONFIRMATION if any(
            c.email == p.email for c in confirmed) else "counted by the mail; address from "
        "its header") for p in people if p.name not in where)
    people = _eans_by_place(body, people)
    evidence = tuple(Evidence("person", p.email or p.name, where.get(p.name, ""), 0, p.name)
                     for p in people)
    writer = sender.name if sender else ""
    spoken_of = [p for p in people if coordinator is not None and not p.email
                 and same_person(p.name, coordinator.name)]
    if spoken_of:  # "Tilmelding til Lisbet Vestergaard, lv@...": the mail tells others how
        # to sign up with her, and is hers to read
        return [p for p in people if p not in spoken_of], Note.of(
            Why.written_to_another, words=spoken_of[0].name), evidence, writer
    left = [a for a in unnamed if all(p.email != a for p in people)]
    if people and miscounted:
        return people, Note.of(Why.miscounted, words=miscounted, found=", ".join(
            p.name or p.email or "" for p in people)), evidence, writer
    if people and left:  # someone the mail means, whom the reading could not name
        return people, Note.of(Why.addresses_without_names, addresses=", ".join(left)), \
            evidence, writer
    if people and doubted:
        return people, Note.of(Why.conditional, words=doubted), evidence, writer
    brought = _brought_unnamed(body) if include_sender and not others else ""
    if brought:  # "Tilmeld mig og min kollega": the one she brings is not dropped unsaid
        return people, Note.of(Why.others_not_found, words=brought), evidence, writer
    if people:
        return people, None, evidence, writer
    if is_role_address(mail.sender):
        return [], Note.of(Why.shared_mailbox), evidence, writer
    return [], Note.of(Why.no_participant_name), evidence, writer


CAPITALS = re.compile(rf"\b[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})?\b")


# two or three words in lower case just before an address: "sofie lund sofl@..."
LOWER_BEFORE_ADDRESS = re.compile(r"((?:[a-zæøå]+ ){1,3}[a-zæøå]+)\s*[(<:,–-]?\s*"
                                  r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
LOWER_NAME = re.compile(r"^(\W*)([a-zæøå]+(?:[ -][a-zæøå]+){1,2})(\s*[(<:,–-]\s*|\s+)(?=\S+@)")


def _capitals_beside_addresses(body: str) -> str:
    """Names in capitals or in lower case on a line with an address written as names are
    ("HANNE ØSTERBY – haoe@..." is Hanne Østerby, "sofie lund sofl@..." Sofie Lund, where
    the address is made of the name): a list typed with caps lock on, or on a phone."""
    def normal(line: str) -> str:
        if EMAIL_RE.search(line) and len(CAPITALS.findall(line)) >= 2:
            return CAPITALS.sub(lambda m: m.group(0).title(), line)
        lower = LOWER_NAME.match(line)
        address = EMAIL_RE.search(line)
        if lower and address and fits_address(lower.group(2).title(), address.group(0)):
            return lower.group(1) + lower.group(2).title() + line[lower.end(2):]
        # "tilm mig og karen bonde (kabo@...)": the last two or three words before an
        # address, where they make it
        for before in LOWER_BEFORE_ADDRESS.finditer(line) if address else ():
            words = before.group(1).split()
            for k in (2, 3):
                name = " ".join(words[-k:])
                if len(words) >= k and fits_address(name.title(), before.group(2)):
                    start = before.end(1) - len(name)
                    return line[:start] + name.title() + line[before.end(1):]
        return line
    return "\n".join(normal(line) for line in body.split("\n"))


def _as_registered(people: list[Person], mail: Inbound, earlier: _Earlier) -> list[Person]:
    """The writer of a cancellation under the address the thread registered her with
    ("Signe Vestbjerg, sive@skanderborg.dk" in the confirmation, written from
    signe.vestbjerg@gmail.com): her place is held there."""
    held = [p for p in _thread_people(mail, earlier) if p.email != mail.sender]
    return [replace(p, email=found.email, organisation=p.organisation or found.organisation)
            if p.email == mail.sender and (found := next(
                (h for h in held if same_person(h.name, p.name)), None)) else p
            for p in people]


def _coming(body: str, people: list[Person], sender: str) -> dict[tuple, str]:
    """Those a cancellation would cancel whom it names as coming ("Jonas kan ikke komme til
    konferencen. Til gengæld vil Bodil Kaae (bodk@...) meget gerne med på kursusdagen",
    "My colleague Jens will still attend the course day"), each with the sentence: one
    that takes part and says not, where none that names her cancels."""
    found = {}
    for person in (p for p in people if p.email != sender):
        said = [(s, w) for s, w in sentences(body) if any(
            mark.casefold() in s.casefold() for mark in (person.email, person.name) if mark)]
        comes = next((s for s, _ in said if TAKES_PART.search(s) and not NEGATION.search(s)),
                     None)
        # (a cancellation that names her only to say it is not her: "det er Anne-Mette
        # Lund, ikke Anne Lund, der skal afmeldes")
        if comes is not None and not any(w.first("cancel") and not (person.name and re.search(
                rf"\b(?:ikke|not)\s+{re.escape(person.name)}\b", s)) for s, w in said):
            found[(person.email, person.name)] = comes
    return found


def _unnamed_addresses(body: str, others: list[Person], skip: set[str | None]) -> list[str]:
    """Personal addresses the text gives that no participant's name goes with: people
    it means whom the reading could not name ("Jesper<TAB>Lund<TAB>jelu@..." unread)."""
    given = {p.email for p in others} | skip
    found = [a.lower().rstrip(".") for a in EMAIL_RE.findall(body)]
    return list(dict.fromkeys(a for a in found if a not in given and not is_role_address(a)))


def _own_line_organisation(body: str, person: Person, sender: str) -> Person:
    """A participant at another domain than the sender's with a library on her own line
    ("Lotte Brink fra Samsø Bibliotek (lobr@samsoe.dk)"): that library is hers, not the
    chief's."""
    domain = sender.rpartition("@")[2]
    if person.organisation or not person.email or person.email.endswith("@" + domain):
        return person
    line = next((x for x in body.splitlines() if person.email in x.lower()), "")
    found = ORG_PHRASE.search(_own_part(line, person.email))
    return replace(person, organisation=fold(found.group(0))) if found else person


# how many the writer says they are: "vi er tre fra Favrskov og Syddjurs, der ...", "Vi
# kommer alle fire", "Vi vil begge gerne med", "Karen og jeg vil gerne begge med", "Please
# cancel us both", "Hverken Trine eller jeg kan komme" (not "vi er fem fastansatte i alt":
# only a sentence that signs up or cancels counts)
COUNTED = re.compile(
    r"\b(?:vi|we)\s+(?:er|bliver|kommer|stiller\s+med|are|will\s+be)\s+(?:alle\s+)?(?P<n>to|tre"
    r"|fire|fem|seks|two|three|four|five|six|\d)\b(?!\s+(?:mere|til|ekstra|more|gange|times))"
    r"|\b(?:vi|we)\s+(?:\w+\s+){0,3}?(?:alle|all)\s+(?P<all>to|tre|fire|fem|seks|three|four|five"
    r"|six|\d)\b(?!\s+(?:netværk|arrangement|møde|dage|gange|events))"
    r"|\b(?:vi|os|og\s+jeg|we|us|and\s+I)\s+(?:\w+\s+){0,3}?(?P<both>begge|both)\b"
    r"(?!\s+(?:dele|netværk|arrangement|møde|dage|events|meetings))"
    r"|\b(?P<of_us>both|neither)\s+of\s+us\b"
    r"|\bhverken\s+(?-i:[A-ZÆØÅ][\w-]+)(?:\s+(?-i:[A-ZÆØÅ][\w-]+))?\s+eller\s+(?:jeg|mig)\b",
    re.I)
COUNTED_FROM_CONFIRMATION = "counted by the mail; named in the confirmation it answers"
# a count of the people the library sent, which only the thread names: "Vores to deltagere
# må desværre melde afbud", "Vi tre fra Faxe kan ikke alligevel" (read only to find them in
# the confirmation the mail answers, never to doubt the people a mail names)
THREAD_COUNTED = re.compile(r"\b(?:vores|our|my|mine)\s+(?P<n>to|tre|fire|fem|seks|two|three"
                            r"|four|five|six|\d)\s+(?:\w+\s+)?(?:deltagere|kolleger|medarbejdere"
                            r"|ledere|participants|colleagues)\b|\bvi\s+(?P<all>to|tre|fire|fem"
                            r"|seks)\b(?!\s+(?:gange|dage|netværk|møder|mails))"
                            r"|\bingen\s+af\s+(?:os|dem|de)\s+(?P<none>to|tre|fire)\b", re.I)
# the writer among those a count names: "jeg selv, Kim Løve og Ulla Brix", "Karen og jeg",
# "afbud for os begge", "vi må begge" (not "vi må melde afbud for begge vores deltagere",
# "vi må trække alle tre tilmeldinger": the library's)
COUNTED_HERSELF = re.compile(
    r"\b(?:jeg|mig|meg)\s+selv\b|\bundertegnede\b|\bmyself\b|\b(?:jeg|mig|meg)\s+og\b"
    r"|\bog\s+(?:jeg|mig|meg)\b|\band\s+I\b|\b(?:os|vi|we|us)\s+(?:\w+\s+)?(?:begge|both)\b"
    r"|\b(?:both|neither)\s+of\s+us\b|\bingen\s+af\s+os\b|\beller\s+(?:jeg|mig)\b", re.I)
# a count that points to the mail's recipients: "alle fire, som står på denne mail"
ON_THIS_MAIL = re.compile(r"\b(?:på|i)\s+(?:denne\s+)?mail(?:en)?\b|\bcc\b"
                          r"|\bon\s+this\s+(?:e-?)?mail\b|\bcopied\b", re.I)
NUMBERS = {"to": 2, "two": 2, "tre": 3, "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5,
           "seks": 6, "six": 6}
# an EAN given for a place: "EAN Favrskov: ...", "Vordingborgs EAN er ...", "EAN for Sorø: ..."
PLACE_EAN = re.compile(
    r"\b(?i:EAN(?:[\s.-]*(?:nr|nummer)\.?)?\s+(?:for\s+|til\s+)?)(?P<place>[A-ZÆØÅ][\w-]+)\s*[:=]\s*"
    r"(?P<digits>\d(?:[ .\-]?\d){12})(?!\d)"
    r"|\b(?P<owner>[A-ZÆØÅ][\w-]+?)s?\s+(?i:EAN(?:[\s.-]*(?:nr|nummer)\.?)?\s*(?:er|is|:|=))\s*"
    r"(?P<digits2>\d(?:[ .\-]?\d){12})(?!\d)")


OWNERS_NOT_PLACES = {"vores", "mit", "min", "jeres", "deres", "hans", "hendes", "dit", "din",
                     "samme", "det", "our", "my", "your", "their", "the", "same"}


def _counted(body: str, pattern: re.Pattern[str] = COUNTED) -> tuple[int, str]:
    """How many a sentence that signs up or cancels says they are, and that sentence;
    (0, "") when none counts."""
    for sentence in sentences_of(body):
        found = pattern.search(sentence)
        if found and any(e.kind in (*FOR, "cancel") and e.weight >= 2
                         for e in weigh(sentence).evidence):
            number = next((g for g in found.groups() if g), "").lower()
            return int(number) if number.isdigit() else NUMBERS.get(number, 2), sentence
    return 0, ""


def _cancels_with_them(body: str) -> bool:
    """Whether a sentence that cancels joins the writer to the others it names ("Mig og
    Camilla kan desværre ikke alligevel", "Jeg, Lars og Vibeke melder fra", "Maria and I
    can no longer attend"; not "My manager and I have discussed it, and Tom won't be
    attending"): read where the confirmation it answers lists her too."""
    for sentence, weighed in sentences(body):
        cue = weighed.first("cancel")
        # the words of the clause around the cue (a list of names keeps its commas)
        parts = re.split(r",\s+(?:and|og|så|so)\s+", _cancelling_clause(sentence, weighed))
        clause = next((part for part in parts if cue is not None and cue.text in part), "")
        if clause and (COUNTED_HERSELF.search(clause) or WRITER_FIRST.match(clause)):
            return True
    return False


# "Jeg, Lars og Vibeke melder desværre fra"
WRITER_FIRST = re.compile(r"^\W*(?:jeg|mig)\s*,\s*(?-i:[A-ZÆØÅ])", re.I)


def _as_counted(people: list[Person], counted: tuple[int, str], sender: Person | None,
                mail: Inbound, her_address: str, ean: str | None,
                confirmed: Sequence[Person] = ()) -> tuple[list[Person], str]:
    """The people a mail counts ("Vi kommer alle fire", "Vi vil begge gerne med"), and the
    counting words when the people found do not agree with it, for the coordinator: never
    one of them dropped without a word, nor one more registered than it asks for. The
    writer makes the number up where the counting sentence speaks of her ("Vi kommer to:
    jeg selv og vores souschef ..."); those copied on the mail where
    they make it up exactly, each named in the mail ("Hans står på cc", the second
    signer) or the counting sentence pointing to them ("alle fire, som står på denne
    mail"), and the writer is one of the people."""
    number, sentence = counted
    addresses = {p.email for p in people if p.email}
    left_out = sender is not None and sender.email not in addresses and bool(
        COUNTED_HERSELF.search(sentence))
    if len(people) > number or len(people) == number and left_out:
        # "Vi kommer to ...: jeg selv, Kim Løve og Ulla Brix": which two is hers to ask
        return people, " ".join(sentence.split())
    if len(people) == number:
        return people, ""
    if sender and left_out and len(people) + 1 == number:
        return [replace(sender, ean=ean), *people], ""
    copies = [Person(name, address, sender.organisation if sender else None, ean)
              for name, address in _named_recipients([*mail.cc_names, *(  # (To, where hers is
                  getaddresses([mail.header("to")]) if her_address else [])],  # known)
                  mail.text, {*addresses, her_address})]
    named = [p for p in copies if re.search(rf"\b{re.escape(p.name.split()[0])}\b", mail.text)]
    if mail.sender in addresses and len(addresses) == len(people) and \
            len(people) + len(copies) == number and (
                len(named) == len(copies) or ON_THIS_MAIL.search(sentence)):
        return people + copies, ""
    filled = _as_confirmed(people, number, sender, mail, confirmed, left_out, ean)
    return (filled, "") if filled else (people, " ".join(sentence.split()))


def _as_confirmed(people: list[Person], number: int, sender: Person | None, mail: Inbound,
                  confirmed: Sequence[Person], left_out: bool, ean: str | None
                  ) -> list[Person]:
    """"Vi må desværre begge melde afbud" under the coordinator's confirmation of two: the
    people it lists, where it lists as many as the mail counts and everyone the mail names
    (the writer too where it lists her; a chief who only signed them up not, unless the
    count speaks of her); [] otherwise."""
    def listed(person: Person) -> bool:
        return any(c.email == person.email or same_person(c.name, person.name)
                   for c in confirmed)
    if not number or len(confirmed) != number or not all(
            listed(p) or p.email == mail.sender and not left_out for p in people):
        return []
    return [replace(c, organisation=c.organisation or (sender.organisation if sender
                                                         else None), ean=ean)
            for c in confirmed]


def _confirmed(mail: Inbound, earlier: _Earlier | None, coordinator: Coordinator | None
               ) -> list[Person]:
    """The people the coordinator's quoted confirmation lists with their addresses
    ("Navn: Kasper Munch / E-mail: kamu@...", "- Anja Holt, anho@..."); where it lists
    none ("Tak, alle tre er nu tilmeldt"), those of the writer's own sign-up quoted under
    it, which it confirms."""
    answered = _coordinators(earlier, coordinator) if earlier else None
    if answered is None or coordinator is None or earlier is None:
        return []
    return _listed(answered.text, {coordinator.address.casefold()}) or next((
        people for own in _own_earlier(mail, earlier.mails[1:])
        if (people := _listed(own.text, {mail.sender}))), [])


def _listed(text: str, skip: set[str]) -> list[Person]:
    """The people a mail lists with their addresses: form blocks, a table's rows, names
    beside addresses."""
    return [Person(fold(b["name"]), b["email"].lower(), b.get("organisation") or None)
            for b in form_blocks(text) if b.get("name") and b.get("email")] or [
        p for p in table_people(text) if p.email not in skip] or named_people(text, skip)


def _thread_library(mail: Inbound, earlier: _Earlier | None,
                       coordinator: Coordinator | None) -> str | None:
    """The library the quoted thread names whose name begins as the sender's domain does:
    first one the coordinator's confirmation names as the people's ("Tilmeldte fra Aarhus
    Kommunes Biblioteker:", "(Ringsted Bibliotek)"), not the place of the meeting ("på
    Roskilde Bibliotek"); else any ("Arbejdssted: Skive Bibliotek" in her own sign-up below,
    "- Bo Lindved, bolv@bronderslev.dk, Brønderslev Bibliotek", "på Varde Bibliotek" in the
    coordinator's question to her)."""
    domain = mail.sender.rpartition("@")[2].partition(".")[0]
    if not earlier or not earlier.quoted or not domain:
        return None
    answered = _coordinators(earlier, coordinator)
    if answered is not None:
        lines = answered.text.splitlines()
        signature = find_signature(lines)  # (not hers: "Tænketanken Fremtidens Biblioteker")
        text = "\n".join(lines[:signature.start] if signature.start >= 0 else lines)
        found = next((m.group(0) for m in ORG_PHRASE.finditer(text)
                      if THEIRS.search(text, 0, m.start()) and _fits(m.group(0), domain)), None)
        if found:
            return fold(found)
    return next((fold(m.group(0)) for m in ORG_PHRASE.finditer(earlier.quoted)
                 if _fits(m.group(0), domain) and not VENUE.search(
                     earlier.quoted, max(0, m.start() - 40), m.start())), None)


# a library named as the meeting's place: "Sted: Roskilde Bibliotek", "kl. 9.30-15.30 på
# Vejle Bibliotekerne"
VENUE = re.compile(r"(?:\b(?:sted|venue|location|adresse|address)\s*:|\bkl\.?\s*[\d.:]+"
                   r"(?:\s*[-–]\s*[\d.:]+)?)[\s>]*(?:(?:på|i|at)\s+)?\Z", re.I)


def _fits(library: str, domain: str) -> bool:
    """Whether a library's name begins as an address's domain does ("Brønderslev
    Bibliotek", bronderslev.dk)."""
    return normalise(library.split()[0])[:3] == domain[:3]


# a library named as the people's own just before it: "fra ", "Organisation: ", "("
THEIRS = re.compile(r"(?:\bfra|\bfrom|organisation:|^\()[ \t]*\Z", re.I | re.M)


def _eans_by_place(body: str, people: list[Person]) -> list[Person]:
    """The EAN a mail gives for each library or municipality it names ("EAN Favrskov: ...,
    EAN Syddjurs: ...", "Vordingborgs EAN er ...; Anders sørger selv for Næstveds EAN"):
    each person gets the one of her own place, by her organisation or her address, and a
    person of a place the mail gives no EAN for gets none of another's."""
    given: dict[str, str] = {}
    for match in PLACE_EAN.finditer(body):
        digits = re.sub(r"\D", "", match.group("digits") or match.group("digits2"))
        place = normalise(match.group("place") or match.group("owner"))
        if ean_check_ok(digits) and place not in OWNERS_NOT_PLACES:
            given[place] = digits

    def place_of(person: Person) -> str | None:
        where = normalise(f"{person.organisation or ''} {(person.email or '').split('@')[-1]}")
        return next((place for place in given if re.search(rf"\b{re.escape(place)}", where)),
                    None)

    places = {id(p): place_of(p) for p in people}
    if not given or not any(places.values()):
        return people

    def ean_of(person: Person) -> str | None:
        place = places[id(person)]
        return given[place] if place else None if person.ean in given.values() else person.ean

    return [replace(p, ean=ean_of(p)) for p in people]


def _own_line_ean(body: str, person: Person) -> Person:
    """A participant with an EAN on her own line ("Carsten Vedel, cave@... – EAN ...",
    "Martin: EAN ..."): invoiced there, not where the mail's other EAN says."""
    if person.ean:
        return person
    line = _own_line(body, person)
    return replace(person, ean=find_ean(_own_part(line, person.email))[0]) if line else person


def _own_part(line: str, email: str | None) -> str:
    """Her part of a line that names several people: the brackets around her address
    ("Eva Lind (evli@..., EAN ...)"), else from her address to the next one."""
    addresses = list(EMAIL_RE.finditer(line))
    if not email or len(addresses) < 2:
        return line
    bracket = re.search(rf"\([^()]*{re.escape(email)}[^()]*\)", line, re.I)
    if bracket:
        return bracket.group(0)
    starts = [m.start() for m in addresses if m.group(0).lower().rstrip(".") == email]
    later = [m.start() for m in addresses if starts and m.start() > starts[0]]
    return line[starts[0] : later[0] if later else len(line)] if starts else line


def _own_line(body: str, person: Person) -> str:
    """The line of one participant's own that writes an EAN: it writes her address, or it
    begins with her name or first name and a colon ("Martin: EAN 5798...") or speaks of
    her invoice ("Sanne hører under forvaltningen, så hendes faktura skal til EAN ...")."""
    first = person.name.split()[0] if person.name else ""
    for line in body.splitlines():
        hers = (person.email and person.email in line.lower()) or (first and re.match(
            rf"^\s*(?:{re.escape(person.name)}|{re.escape(first)})(?:\s*:|\b.*\b(?:hendes|hans"
            r"|her|his)\s+(?:faktura|invoice|EAN)\b)", line, re.I))
        if hers and find_ean(line)[0] and not WE.search(_own_part(line, person.email)):
            return line
    return ""


# the writer in her part of a line ("Mig og min kollega Troels Hvid (...) vil gerne ... EAN
# ..."): the EAN there is for both, not for the colleague alone
WE = re.compile(r"\b(?:mig|jeg|vi|os|begge|(?-i:I)|me|we|us|both)\b", re.I)


def _lists_herself(body: str, address: str, others: list[Person]) -> bool:
    """Whether the sender gives her own address among the participants' (a row of the
    table, an item of the list): then she is one of them."""
    listed = {a.lower().rstrip(".") for a in EMAIL_RE.findall(body)}
    return bool(address) and address in listed and any(p.email in listed for p in others)


def _possessive_addresses(body: str, others: list[Person]) -> list[Person]:
    """"Jonas' mail er jokr@...", "skriv til Jonas på jokr@...": the address of the person
    named so before, by first name; "Hendes direkte mail er askj@...": the address of the
    one participant who has none."""
    given = {m.group("first").casefold(): m.group("address").lower().rstrip(".")
             for pattern in (FIRST_NAME_ADDRESS, POSSESSIVE_ADDRESS)
             for m in pattern.finditer(body)}
    others = [replace(p, email=_address_of(p.name, given)) if not p.email and p.name else p
              for p in others]
    pronoun = [m.group("address").lower().rstrip(".") for m in PRONOUN_ADDRESS.finditer(body)]
    missing = [p for p in others if not p.email]
    if len(pronoun) == 1 and len(missing) == 1:
        return [replace(p, email=pronoun[0]) if p is missing[0] else p for p in others]
    return others


def _address_of(name: str, given: dict[str, str]) -> str | None:
    """The address given after her first name, or her double first name ("Else Marie
    Dahl": "Else Maries egen mail er ..."); the word before it may be any ("Så Jonas'
    mail er ...")."""
    words = name.casefold().split()
    for first, address in given.items():
        said = first.split()
        if said == words[: len(said)] or said[-1:] == words[:1]:
            return address
    return None


def _paired_with_address_line(body: str, others: list[Person], skip: set[str]) -> list[Person]:
    """People named without addresses, and one line that lists as many addresses nobody
    has ("Mails: kaiv@...; pjd@..."): the addresses in the order the names came (those
    made of a name went to her before)."""
    missing = [p for p in others if not p.email]
    taken = {p.email for p in others if p.email} | skip
    for line in body.splitlines():  # (each once: "anwi@...<mailto:anwi@...>")
        spare = list(dict.fromkeys(a.lower().rstrip(".") for a in EMAIL_RE.findall(line)))
        spare = [a for a in spare if a not in taken and not is_role_address(a)]
        if len(missing) >= 2 and len(spare) == len(missing):
            given = dict(zip((p.name for p in missing), spare, strict=True))
            return [replace(p, email=given[p.name]) if p.name in given else p for p in others]
    return others


def _addresses_made_of_names(body: str, others: list[Person], skip: set[str]) -> list[Person]:
    """People named without addresses, and addresses nobody has anywhere in the text: the
    one address made of her name, and of nobody else's, is hers ("Mette Bundgaard":
    mebu@...), wherever it stands ("Mails: tuoz@...; bokr@..." in another order)."""
    taken = {p.email for p in others if p.email} | skip
    spare = {a.lower().rstrip(".") for a in EMAIL_RE.findall(body)} - taken
    mine = {p.name: [a for a in spare if fits_address(p.name, a)] for p in others if not p.email}
    claimed = [found[0] for found in mine.values() if len(found) == 1]
    return [replace(p, email=mine[p.name][0]) if not p.email and len(mine[p.name]) == 1 and (
        claimed.count(mine[p.name][0]) == 1) else p for p in others]


def _named_before(addresses: list[str], own: list[QuotedMail]) -> list[Person]:
    """The people her own quoted sign-up named, each with the one address here made of
    her name ("Kan du sende mailadresserne på Anne og Karsten?" - "angr@... og kalu@...");
    [] unless every address finds its one name."""
    names = list(dict.fromkeys(n for m in own
                               for n in _named_in_requests(split_new_text(m.text)[0])))
    found = {a: [n for n in names if fits_address(n, a)] for a in addresses}
    if not found or any(len(n) != 1 for n in found.values()) or len(
            {n[0] for n in found.values()}) != len(found):
        return []
    return [Person(n[0], a) for a, n in found.items()]


def _address_later_in_sentence(body: str, others: list[Person], skip: set[str]) -> list[Person]:
    """One named without an address, and the one address nobody has later in her sentence
    ("... og Anders Vendelbo, som er udviklingskonsulent i Kultur og Fritid
    (yanve@...)"): a relative clause stands between her name and her address."""
    taken = {p.email for p in others if p.email} | skip
    for sentence in sentences_of(body):
        spare = list(dict.fromkeys(
            a.lower().rstrip(".") for a in EMAIL_RE.findall(sentence)
            if a.lower().rstrip(".") not in taken and not is_role_address(a)))
        missing = [p for p in others if not p.email and p.name and p.name in sentence]
        if len(spare) == 1 and len(missing) == 1 and (
                sentence.index(missing[0].name) < sentence.lower().index(spare[0])):
            return [replace(p, email=spare[0]) if p is missing[0] else p for p in others]
    return others


def _addresses_from_thread(mail: Inbound, earlier: _Earlier | None, others: list[Person],
                           skip: set[str]) -> list[Person]:
    """People named without an address whom the quoted thread or the Cc names in full
    with one ("Jeppe Nørgaard er stoppet hos os" over Lisbet's confirmation sent to "Jeppe
    Nørgaard <jeno@...>"): the address is theirs (not the sender's, nor the coordinator's)."""
    if all(p.email for p in others):
        return others
    known = [k for k in _thread_people(mail, earlier) if k.email not in skip]
    return [p if p.email else next((replace(p, email=k.email) for k in known if k.email and (
        same_person(k.name, p.name))), p) for p in others]


def _name_made_into(address: str, body: str) -> str:
    """The name in the text a bare address is made of: "Mette Bundgaard" for mebu@."""
    return next((m.group(0) for m in NAME_RE.finditer(body)
                 if looks_like_name(m.group(0)) and fits_address(m.group(0), address)), "")


def _named_recipients(recipients: Sequence[tuple[str, str]], text: str, skip: set[str]
                      ) -> list[tuple[str, str]]:
    """(name, address) of each recipient not skipped whom her display name or her address
    names ("Brandt, Anders", "anne.fog@..."), once each."""
    named: dict[str, str] = {}
    for display, address in recipients:
        address = address.lower()
        name = display_name_person(display, address) or _name_made_into(address, text)
        if name and address not in skip:
            named.setdefault(address, name)
    return [(name, address) for address, name in named.items()]


def _copied(mail: Inbound, body: str, her_address: str = "") -> list[Person]:
    """People in Cc, or in To beside the coordinator, whom a sentence that signs up or
    cancels names, in full or by first name: the chief writes "Lise og Anders (cc)" and
    their addresses stand in the header."""
    beside = getaddresses([mail.header("to")]) if her_address in mail.to else []
    copies = _named_recipients([*mail.cc_names, *beside], body, {mail.sender, her_address})
    if not copies:
        return []
    found: list[Person] = []
    acting = False  # the sentence before signs up or cancels
    # (a sentence as people write it: "Maja Friis / Torben Lund – de tre skal med")
    said = ""  # the sentence just read; the one before it, for "han" or "hun" in the next
    for sentence, weighed in ((s, weigh(s)) for s in sentences_of(body)):
        after, acting = acting, any(
            e.kind in ("signup", "request", "swap", "cancel", "wish") and e.weight >= 2
            for e in weighed.evidence)  # not "Mia deltager stadig" beside a cancel
        before, said = said, sentence
        if after and not acting and ALL_COPIED.search(sentence):  # "Jeg vil gerne tilmelde
            found += [Person(n, a) for n, a in copies if all(p.email != a for p in found)]
            continue  # tre af vores mellemledere ... De står alle tre på cc"
        if not acting:
            continue
        if ALL_COPIED.search(sentence) or (len(copies) == 1 and ONE_COPIED.search(sentence)):
            # "De to i cc vil gerne med til kursusdagen", "Min kollega i cc vil gerne deltage"
            found += [Person(n, a) for n, a in copies if all(p.email != a for p in found)]
            continue
        if not any(e.kind in ("signup", "request", "swap", "wish") for e in weighed.evidence):
            sentence = _cancelling_clause(sentence, weighed)  # not "men Bo kommer stadig"
        sentence = _without_principal(COMPARED.sub(" ", sentence))
        words = set(re.findall(r"(?-i:[A-ZÆØÅ][\w-]+)", sentence))
        if HE_OR_SHE_ALONE.search(sentence) and not any(n.split()[0] in words for n, _ in copies):
            # "Er der stadig plads til Asger (cc)? I så fald vil han også gerne med"
            words = set(re.findall(r"(?-i:[A-ZÆØÅ][\w-]+)", before))
        approvers = set(APPROVER.findall(sentence))  # "Kaj har sagt god for det"
        words |= {first for w in words for first in _nicknames().get(w.casefold(), ())}
        for name, address in copies:  # ("Rikke (cc)" for Henrikke Lassen)
            if (name in sentence or name.split()[0] in words
                    or name.split()[0].casefold() in words) and all(
                    p.email != address for p in found) and name.split()[0] not in approvers:
                found.append(Person(name, address))
    return found


# the writer tells the one she writes to that she signed her up ("Som aftalt har jeg meldt
# dig til ...", "I have signed you up"), the coordinator reading along in Cc or Bcc
SIGNS_YOU_UP = re.compile(
    r"\b(?:jeg\s+(?:har\s+)?|har\s+jeg\s+|så\s+)(?:\w+\s+)?(?:(?:til)?meld(?:t|er)|skr(?:evet|iver)"
    r"|sat|sætter)\s+(?:dig|jer(?:\s+begge|\s+alle)?)\s+(?:til|på|op)\b"
    r"|\bI(?:'ve|\s+have)\s+(?:signed\s+you\s+up|registered\s+you)\b",
    re.I)


def _told_recipients(mail: Inbound, body: str) -> list[Person]:
    """The colleagues the mail is written to, when it tells them they are signed up ("Hej
    Asger ... har jeg meldt dig til mellemledernetværket", "Kære Rikke og Jonas ... har
    jeg meldt jer begge til"): the To recipients greeted by first name, at the sender's
    own domain (so never the coordinator)."""
    domain = mail.sender.rpartition("@")[2]
    if not _tells_you(body) or not domain:
        return []
    new_text, _quoted = split_new_text(mail.text)
    first_line = next((line.strip() for line in new_text.splitlines() if line.strip()), "")
    greeting = SALUTATION.match(first_line)
    greeted = re.findall(r"(?-i:[A-ZÆØÅ][\w-]+)", re.split(r"[,.!:;]\s*(?!og\b)", first_line[
        greeting.end():])[0]) if greeting else []
    told = []
    for name, address in getaddresses([mail.header("to")]):
        person = display_name_person(name, address.lower())
        if person and person.split()[0] in greeted and address.lower().endswith("@" + domain):
            told.append(Person(person, address.lower()))
    return told


def _tells_you(body: str) -> str:
    """The words with which the writer tells the one she writes to that she is signed up
    (see `SIGNS_YOU_UP`), not in a question."""
    return next((m.group(0) for s in sentences_of(body) if "?" not in s
                 for m in [SIGNS_YOU_UP.search(s)] if m), "")


# the one a cancellation is for: "melde afbud for Lotte", "afmelde Lotte", "cancel Tom",
# "slette Rasmus", "Glem Sørens tilmelding", "Jonas's place"
CANCELLED_FOR = re.compile(r"\b(?:for|afmeld\w*|cancel\w*|slet\w*|stryg\w*|remove)\s+"
                           r"(?P<first>(?-i:[A-ZÆØÅ][\w-]+))|"
                           r"(?-i:\b(?P<owner>[A-ZÆØÅ][a-zæøå]+?))(?:s|[’']s)\s+"
                           r"(?:tilmelding|plads|deltagelse|place|registration|spot)\b", re.I)
FIRST_NAME = re.compile(r"(?<![\w@.])(?-i:[A-ZÆØÅ][a-zæøåäöüé]+(?:-[A-ZÆØÅ][a-zæøåäöüé]+)?)"
                        r"(?![\w@])")
MAILTO = re.compile(r"\[mailto:([^\]\s]+)\]")
AUTHOR = re.compile(r"^\s*\"?(?P<name>[^<\"]+?)\"?\s*<(?P<address>[^>\s]+@[^>\s]+)>")


def _colleagues_by_first_name(mail: Inbound, body: str, earlier: _Earlier | None,
                              sender: Person | None, coordinator: str = "") -> list[Person]:
    """Colleagues a sign-up names by first name only ("Så kommer Zahra", "melde afbud
    for Lotte"), whom the thread, the Cc or (the coordinator copied) the To names in full
    with an address at the sender's own domain (or, written from a private address, at the
    one domain the thread's people share): the chief writes the first name of someone
    both know. In a sentence that
    cancels, only the one it is for, or all of them ("afbud for alle tre")."""
    written_to = [] if not coordinator or coordinator.casefold() in mail.to else [
        Person(name, address.lower()) for name, address in (  # "Hej Morten ... Lisbet, det er
            # hermed en tilmelding af Morten" to Morten, Lisbet copied
            (display_name_person(n, a.lower()), a) for n, a in getaddresses([mail.header("to")]))
        if len(name.split()) >= 2]
    people = [p for p in [*_thread_people(mail, earlier), *written_to] if p.email
              and p.email != mail.sender and p.email.casefold() != coordinator.casefold()]
    domain = mail.sender.rpartition("@")[2]
    domains = {p.email.rpartition("@")[2] for p in people if p.email}
    if domain not in domains and len(domains) == 1:  # "henriettebuus@gmail.com"
        domain = domains.pop()
    known = [p for p in people if p.email and p.email.endswith("@" + domain)]
    if not known:
        return []
    swapping = _swaps(body)
    own_first = sender.name.split()[0].casefold() if sender and sender.name else ""
    confirmed = " ".join(m.text for m in (earlier.mails if earlier else [])
                         if _written_by(m, coordinator, "") and CONFIRMS.search(m.text))
    wanted: list[str] = []
    mentioned: list[str] = []  # the first names of the sentence before, for "her" in the next
    for sentence, weighed in sentences(body):
        kinds = {e.kind for e in weighed.evidence if e.weight >= 2}  # not "Mia deltager stadig"
        if kinds & {"signup", "request", "swap", "wish"}:
            # not who approved it: "Dorthe har sagt god for det, så notér mig"
            approvers = set(APPROVER.findall(sentence))
            # not those beside her whom the coordinator has confirmed already ("Ud over
            # Anders og Lisa, som du har bekræftet, kommer jeg selv")
            beside = {n for m in BESIDES.finditer(sentence)
                      for n in FIRST_NAME.findall(m.group(0))
                      if re.search(rf"\b{n}\b", confirmed)}
            found = [n for n in FIRST_NAME.findall(COMPARED.sub(" ", sentence))
                     if n not in approvers and n not in beside]
        elif "cancel" in kinds:
            if swapping:  # the one who leaves: "Tom can't make it – Anna will take his place"
                continue
            clause = _without_principal(_cancelling_clause(sentence, weighed))
            if ALL_OF_THEM.search(clause):  # "Vi må melde afbud for alle tre"
                return known
            found = [m.group("first") or m.group("owner")
                     for m in CANCELLED_FOR.finditer(sentence)] + [
                n for n in FIRST_NAME.findall(clause)] + _in_lower_case(clause, known)
            told = HE_OR_SHE.search(sentence)
            firsts = {p.name.split()[0] for p in known}
            if told and not firsts & set(found):  # "Mikkel er sygemeldt, så han må melde fra"
                # ("She can't make it" names no one of the thread by its "She")
                found = FIRST_NAME.findall(sentence[:told.start()]) or _last_known(
                    mentioned, known) or _the_other(body, known)
        else:  # (a sentence that names nobody keeps the names before it: "..., opgaven
            # er rykket. Kan du skrive ham på igen?")
            mentioned = FIRST_NAME.findall(sentence) or mentioned
            continue
        if PRONOUN.search(sentence) and not {p.name.split()[0] for p in known} & set(found):
            # "Camilla har min velsignelse – skriv hende"; or, nobody named, the colleague
            # whose own mail is just below ("Må jeg komme med?" - "Ja – tilmeld hende")
            found = _last_known(mentioned, known) or _author_below(earlier, known)
        elif ONE_OTHER.search(sentence) and not NAME_RE.search(sentence) and not any(
                w.casefold() in _first_names() for w in found):
            # "Could you add my deputy as well? Her details are in the mail below"
            found = _author_below(earlier, known)
        mentioned = FIRST_NAME.findall(sentence)
        wanted += [w for w in found if w.casefold() not in LEAD_WORDS
                   and w.casefold() != own_first and w not in wanted]
    if not wanted:
        return []
    found_people = []
    for first in wanted:
        matches = {p.email: p for p in known if p.name.split()[0] == first}
        if len(matches) == 1:
            found_people += list(matches.values())
    return found_people


# one colleague, unnamed: "my deputy", "min nye kollega", "vores souschef"
ONE_OTHER = re.compile(r"\b(?:min|vores|my|our)\s+(?:nye\s+|new\s+)?(?:kollega|colleague|souschef"
                       r"|deputy|\w*leder|manager|medarbejder)\b", re.I)


def _in_lower_case(clause: str, known: list[Person]) -> list[str]:
    """The first names of the thread's people that a clause writes in lower case as the
    one who cancels ("vi bliver kun 1 alligevel, sanne melder fra. alberte kommer" is
    Sanne); not a short one, which may be a word ("bo", "per")."""
    found = []
    for person in known:
        first = person.name.split()[0]
        at = re.search(rf"\b{re.escape(first.casefold())}\b", clause)
        if at is None or len(first) < 4:
            continue
        after = clause[at.end():at.end() + 40]
        said = CANCEL.search(after)
        if said is not None and not re.search(r"[.!?]", after[:said.start()]):
            found.append(first)
    return found


# everyone copied, as a sign-up says it: "De to i cc", "begge (cc)", "alle i cc", "mine to
# kolleger, som står cc"
ALL_COPIED = re.compile(r"\b(?:de|dem|begge|alle|mine|vores)\s+(?:(?:to|tre|fire|fem)\s+)?"
                        r"(?:\w+\s*,?\s+)?"
                        r"(?:\(cc\)|i\s+cc|på\s+cc|(?:som\s+|der\s+)?står\s+(?:på\s+|i\s+)?cc)"
                        # "De står alle tre på cc", just after the sentence that signs them up
                        r"|\bde\s+står\s+(?:alle\s+)?(?:(?:to|tre|fire|fem)\s+)?(?:på|i)\s+cc\b"
                        r"|\b(?:both|all)\s+(?:in\s+)?cc\b", re.I)
# the one copied, as a sign-up says it when only one is: "Min kollega i cc", "vores nye
# souschef (cc)", "min kollega, der står cc på denne mail"
ONE_COPIED = re.compile(r"\b(?:min|vores|my|our)\s+(?:\w+\s+)?\w+,?\s+(?:\(cc\)|i\s+cc|på\s+cc"
                        r"|in\s+cc|(?:som\s+|der\s+)?står\s+(?:på\s+|i\s+)?cc)"
                        # "Hun står cc og vil også gerne med", "she's cc'd"
                        r"|\b(?:hun|han)\s+står\s+(?:på\s+|i\s+)?cc\b|\b(?:she|he)(?:\x27s|\s+is)\s+"
                        r"(?:in\s+)?cc\W?d?\b", re.I)
# one a sign-up names only to compare ("samme EAN som Villads", "ligesom Villads"): no
# participant
COMPARED = re.compile(r"\b(?:som|ligesom|end|as|like)\s+(?-i:[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]+)*)")
# the one she writes for, where she signs up others ("På vegne af bibliotekschef Torben
# Smed tilmeldes følgende to medarbejdere"); one she cancels for is the one cancelled
ON_BEHALF = re.compile(r"\b(?:på\s+vegne\s+af|on\s+behalf\s+of)\s+(?-i:[a-zæøå]+\s+)?"
                       r"(?-i:[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]+)*)", re.I)
# the one who cancels, said as "he" or "she": "så han må melde fra"
HE_OR_SHE = re.compile(r"\b(?:han|hun|he|she)\s+(?:\w+\s+){0,2}?(?:må|kan|skal|vil|melder|er|bliver"
                       r"|has|must|can|will|is)\b", re.I)
# one a sentence speaks of as "he" or "she", in any order: "I så fald vil han også gerne med"
HE_OR_SHE_ALONE = re.compile(r"\b(?:han|hun|he|she)\b", re.I)
# one a sign-up or cancellation speaks of as "her" or "him"
# (the English "her", not the Danish "her" (here): "Her er vores to tilmeldinger")
PRONOUN = re.compile(r"\b(?i:hende|ham)\b|\b(?:her|him)\b(?!\s+(?:er|i|hos|på|fra|til)\b)")


# where one clause of a sentence ends and another begins ("Jeg må melde fra, men Rikke
# kommer stadig")
CLAUSE_BREAK = re.compile(r"\s*[;–—]\s*|,?\s+(?:men|but|mens|while)\s+"
                          r"|,?\s+(?:da|fordi|siden|since|because)\s+|,\s*(?:for|as)\s+", re.I)
# everyone of those she registered: "afbud for alle tre", "hele holdet", "all three of us"
ALL_OF_THEM = re.compile(r"\balle\s+(?:to|tre|fire|fem|seks)\b|\bhele\s+(?:holdet|gruppen)\b"
                         r"|\ball\s+(?:two|three|four|five|six)\b|\bthe\s+whole\s+(?:team|group)\b"
                         r"|\bboth\s+(?:of\s+)?our\b|\bbegge\s+(?:vores|de\s+to)\b", re.I)


def _swaps(body: str) -> bool:
    """Whether a sentence puts one person in another's place (a swap cue that stands):
    the one who leaves is then no participant, whoever names her."""
    return any(weighed.first("swap") for _, weighed in sentences(body))


# the writer herself in a clause: "jeg", "vi", "my place" (not "vores deltagere", her
# people, whom intent.FIRST_PERSON counts as hers too)
WRITER = re.compile(r"\b(?:jeg|mig|vi|os|me|we|us|myself)\b|(?-i:\bI\b)|\b(?:min|mit|my)\s+"
                          r"(?:tilmelding|plads|deltagelse|place|registration|spot|seat)\b", re.I)
# the one a clause says cannot come: "Anne kan desværre ikke", "så han skal afmeldes"
SUBJECT = re.compile(r"(?-i:\b(?!(?:Han|Hun|Jeg|Vi|De|Du|Det|Der|Den)\b)"
                     r"(?P<name>[A-ZÆØÅ][a-zæøå]+))\s+(?:kan|må|skal|har|er|bliver|melder"
                     r"|can|has|must|will|is|won\W?t|can\W?t)\b|\b(?:han|hun|he|she)\s+(?:\w+\s+)?(?:kan|må|"
                     r"skal|er|bliver|can|has|must|will|is)\b", re.I)


def _without_principal(sentence: str) -> str:
    """A sentence without the one the writer writes for, where it names others after her
    ("På vegne af Kirsten: Ida Marie kan ikke", "På vegne af bibliotekschef Niels Ove
    Bjerre må jeg trække alle tre tilmeldinger tilbage"); alone she is the one meant ("På
    vegne af Kirsten må jeg melde afbud")."""
    rest = ON_BEHALF.sub(" ", sentence)
    others = ALL_OF_THEM.search(rest) or OTHERS.search(rest) or NAME_RE.search(rest) or any(
        m.group("name") is None or m.group("name").casefold() in _first_names()
        for m in SUBJECT.finditer(rest))  # ("Desværre må jeg ..." names nobody)
    return rest if others else sentence


def _cancels_for_another(body: str, own_first: str, thread: str) -> str:
    """The one a cancellation is for when it is not the writer ("Anne kan desværre ikke
    alligevel", "Per har sagt op, så han skal afmeldes"): a cancel sentence with no word
    of the writer's own, and "he", "she" or another's first name as its subject, one the
    mail or its thread writes in full ("Per Dahl") or a common first name ("Jette melder
    desværre fra"). When nobody by that name can be found, nobody is cancelled: never the
    writer in her place."""
    named = {n.split()[0] for n in NAME_RE.findall(f"{body}\n{thread}")} - {own_first}
    for sentence, weighed in sentences(body):
        cue = weighed.first("cancel")
        clause = next((part for part in _cancelling_clause(sentence, weighed).split(",")
                       if cue is not None and cue.text in part), "")  # not "..., vi har ..."
        if not clause or WRITER.search(clause):
            continue
        for match in SUBJECT.finditer(clause):  # ("Jette melder desværre fra": a first name
            # the mail writes nowhere in full is still someone else's)
            if match.group("name") in named or match.group("name") is None or (
                    match.group("name").casefold() in _first_names()
                    and match.group("name") != own_first):
                return match.group(0)
    return ""


def _cancelling_clause(sentence: str, weighed: Weighed) -> str:
    """The clause of a sentence that holds its cancellation: "Jytte og Ahmad må desværre
    melde fra til Aalborg", "afmelde både mig selv og Rikke", not "men Rikke kommer"."""
    cue = weighed.first("cancel")
    return next((clause for clause in CLAUSE_BREAK.split(sentence)
                 if cue is not None and cue.text in clause), "")


def _last_known(mentioned: list[str], known: list[Person]) -> list[str]:
    """The last first name of the sentence just before that one person of the thread
    carries: whom "her" means when the chief has just named her ("Camilla har min
    velsignelse – skriv hende på"). A name further back is left to the coordinator."""
    for word in reversed(mentioned):
        for first in (word, word[:-1] if word.endswith("s") else ""):  # "Glem Sørens tilmelding"
            if len({p.email for p in known if p.name.split()[0] == first}) == 1:
                return [first]
    return []


def _the_other(body: str, known: list[Person]) -> list[str]:
    """Whom "she" means where the thread registered two and the text names the other
    ("She can't make it after all, sorry! Martin is still coming")."""
    unnamed = [p.name.split()[0] for p in known if not re.search(
        rf"\b{re.escape(p.name.split()[0])}\b", body, re.I)]
    return unnamed if len(known) == 2 and len(unnamed) == 1 else []


def _author_below(earlier: _Earlier | None, known: list[Person]) -> list[str]:
    """The first name of the colleague who wrote the mail just below, when the thread
    knows her."""
    author = AUTHOR.match(earlier.mails[0].author) if earlier and earlier.mails else None
    address = author.group("address").lower() if author else ""
    return [p.name.split()[0] for p in known if p.email == address][:1]


QUOTED_RECIPIENTS = re.compile(r"^[> ]*(?:Til|To|Cc|Kopi|Kopi til)\s*:\s*(.+)$", re.M)


def _thread_people(mail: Inbound, earlier: _Earlier | None) -> list[Person]:
    """People named in full with an address in the Cc and the quoted thread: its authors
    ("Fra: Lotte Brink <lobr@...>"), its recipients and those its mails name ("Lotte Brink
    (lobr@...)")."""
    people = [Person(name, address) for name, address in (
        (display_name_person(n, a), a) for n, a in mail.cc_names) if name]
    # and those a quoted mail was sent to ("Til: Jeppe Nørgaard <jeno@...>")
    for line in QUOTED_RECIPIENTS.findall(earlier.quoted if earlier else ""):
        people += [Person(name, address.lower()) for name, address in (
            (display_name_person(n, a.lower()), a) for n, a in getaddresses([line])) if name]
    for quoted in earlier.mails if earlier else []:
        # the people a confirmation lists as form fields ("Navn: Rasmus Kolind", "E-mail: ...")
        people += [Person(fold(b["name"]), b["email"].lower(), b.get("organisation") or None)
                   for b in form_blocks(quoted.text) if b.get("name") and b.get("email")]
        author = AUTHOR.match(MAILTO.sub(r"<\1>", quoted.author))  # ("Fra: Jakob Lindholm
        # [mailto:jali@...]", as older Outlook quotes)
        name = display_name_person(author.group("name"), author.group("address").lower()) \
            if author else ""
        if author and name:
            people.append(Person(name, author.group("address").lower()))
        people += named_people(quoted.text, set())
    return [p for p in people if len(p.name.split()) >= 2]


SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s)|\n\n")


def _leaving(body: str) -> list[str]:
    """The people another takes the place of ("i stedet for Mette Bach", "Lone Højer er
    syg, så i stedet for hende ...", "Ulrich Beck er stoppet, så i stedet kommer ..."):
    the coordinator cancels them herself; they are no participants of this mail."""
    names = []
    for match in LEAVING.finditer(body):
        if match.group(1) or match.group(2):  # "i stedet for Kirsten Aagaard og Ole Vind"
            series, at = [match.group(1) or match.group(2)], match.end()
            while more := AND_NAME.match(body, at):
                series.append(more.group(1))
                at = more.end()
            names += [n for n in series if looks_like_name(n)]
            continue
        # the sentence's start (not the dot of an address or a date before it: "27. marts")
        start = max((m.start() for m in SENTENCE_END.finditer(body, 0, match.start())),
                    default=-1)
        # "hende": the last full name before it in the sentence, not the one who takes the
        # place ("..., så Rasmus Fogh overtager hendes plads")
        # ("Mads Eriksen kan ikke, men ...": the one hindered stands just before it)
        before = [n.group(0) for n in NAME_RE.finditer(body, start + 1, match.start())
                  if looks_like_name(n.group(0)) and (
                      body[n.end():match.start()].strip() or match.group("hindered"))]
        names += before[-1:]
    return names


def _others_meant(body: str) -> str:
    """The words of a sign-up or cancellation sentence that speak of someone else, not in
    a clause that only says who pays or approves ("..., ean får du fra min leder")."""
    for sentence, weighed in sentences(body):
        if any(e.kind in ("signup", "request", "swap", "cancel") for e in weighed.evidence):
            for match in OTHERS.finditer(sentence):
                if not _aside(sentence, match.start()):
                    return match.group(0)
        if weighed.first("cancel"):  # "Jytte og Ahmad må desværre melde fra": not the writer
            pair = NAME_PAIR.search(_cancelling_clause(sentence, weighed))
            if pair:
                return pair.group(0)
        elif any(e.kind in ("signup", "request") and e.weight >= 2 for e in weighed.evidence):
            # "Vi vil gerne melde to fra os til netværksmødet: Kirsten og Bo" (first names,
            # not places: "Lolland og Falster")
            pair = next((m for m in FIRST_NAME_PAIR.finditer(sentence) if all(
                n.casefold() in _first_names() for n in m.groups())), None) or next((
                m for m in [FIRST_NAME_LEADS.match(sentence)]
                if m and m.group(1).casefold() in _first_names()), None)
            if pair:  # ("Jakob vil gerne med til konferencen, og det er ok med mig")
                return pair.group(0)
    return ""


# two people by name, joined: "Jytte og Ahmad", "Mette Holm and Lars"
NAME_PAIR = re.compile(r"(?-i:\b(?!(?:Jeg|Vi|Mig|Os|Du|De|Hun|Han)\b)[A-ZÆØÅ][a-zæøå]+(?:\s+"
                       r"[A-ZÆØÅ][a-zæøå]+)?\s+(?:og|and|&)\s+(?!(?:jeg|mig|I)\b)"
                       r"[A-ZÆØÅ][a-zæøå]+)\b")


CLAUSE_END = re.compile(r"[,;:()]|\s[-–—]\s")


def _aside(sentence: str, at: int) -> bool:
    """Whether the clause around a position speaks of an EAN, an invoice or an approval:
    the one it names there gives, pays or approves, and takes no part."""
    ends = [m.start() for m in CLAUSE_END.finditer(sentence)]
    start = max([e for e in ends if e < at], default=0)
    end = min([e for e in ends if e > at], default=len(sentence))
    clause = sentence[start:end]
    return bool(BYSTANDER.search(clause) or EAN_WORD.search(clause))


def _sets_herself_aside(body: str) -> str:
    """The words with which the writer says she herself does not come while the mail
    signs up ("Selv kan jeg desværre ikke den dag", "I cannot attend myself"): she is
    not the one meant, whoever is."""
    for sentence, weighed in sentences(body):
        aside = WRITER_ASIDE.search(sentence)
        if aside and NEGATION.search(sentence) and not any(
                e.kind == "cancel" for e in weighed.evidence):
            return aside.group(0)
    return ""


def _comes_herself(body: str) -> bool:
    """Whether the sender signs herself up too ("og mig selv", "jeg deltager også"),
    not in a clause that says she does not ("I cannot attend myself"); a reason given
    after it is another clause ("og så kommer jeg selv med, da vi ikke har nogen souschef")."""
    for sentence, _ in sentences(body):
        cue = SELF_CUE.search(sentence) or OWN_LINE.match(sentence)
        if cue and not STILL.search(sentence) and not HELD_ALREADY.search(sentence):
            # ("Jeg og Kasper kommer som planlagt", "I'm already registered myself")
            after = CLAUSE_BREAK.search(sentence, cue.end())  # (", da vi ikke har ...")
            clause = sentence[:after.start() if after else len(sentence)]
            if not NEGATION.search(clause) and not STAYS_OUT.search(clause) and not (
                    NOT_YET.search(clause)) and not ANSWERED_TO.search(sentence[:cue.start()]) \
                    and not PAST_PLAN.search(sentence[:cue.start()]):  # ("Jeg nævnte, at jeg
                # nok selv ville melde mig"): a plan she had
                return True
    return False


def _named_in_requests(body: str) -> list[str]:
    """Full names of people in the sentences that sign up: each is a participant, with
    an address or without (then the coordinator is asked for it). In a sentence that
    cancels, or signs up the writer alone ("Jeg har hørt Mikael Bierbaum ... og vil gerne
    tilmelde mig"), only one the writer joins to herself ("Sofie Ravn og jeg melder
    afbud"): a name beside it may be anyone's."""
    names = []
    alone: list[str] = []  # first names joined to the writer, written nowhere in full
    joined: list[str] = []  # the last name joined to the writer, for "vi begge" after it
    swapping = _swaps(body)
    before = ""  # the sentence just before
    for sentence, weighed in sentences(body):
        intent = judge(weighed)[0]
        with_me = [without_lead_words(next(g for g in m.groups() if g))
                   for m in WITH_ME.finditer(sentence)]
        if intent is None and weighed.first("wish") and not NEGATION.search(sentence):
            # another's wish the writer stands behind: "Mette Ravn skal med i netværket"
            found = [without_title(without_lead_words(m.group(0)))
                     for m in NAME_RE.finditer(sentence)]
        elif intent == Intent.signup and not SIGNS_ME_ONLY.search(sentence):
            if OTHERS.search(sentence):
                sentence = ON_BEHALF.sub(" ", sentence)
            found = [m.group(0) for m in NAME_RE.finditer(
                FROM_PLACE.sub(r"\1", COMPARED.sub(" ", sentence)))]
        elif intent in (Intent.signup, Intent.cancel):
            # "Hverken Pernille Dahl eller jeg kan komme ... Vi må derfor begge melde
            # afbud": "we both" are the writer and the one she joined to herself before
            found = with_me or (joined if WE_BOTH.search(sentence) else [])
            if intent == Intent.cancel and not found and not swapping:
                # "Susanne Kold skal desværre ikke med", "Desværre må Mette Holm og Lars
                # Berg melde fra" (in a swap the one leaving is no participant; "vi sender
                # ikke nogen i stedet" is no swap)
                clause = _cancelling_clause(sentence, weighed)
                if THEM.search(clause):  # "Rasmus Holt er stoppet, så I kan fjerne ham";
                    # "... kan Marianne Lund og Peter Skov Thomsen desværre ikke deltage.
                    # Vil du afmelde dem begge?"
                    clause = sentence if NAME_RE.search(sentence) else before
                clause = _without_principal(clause)
                found = [name for n in NAME_RE.finditer(clause)
                         if plausible(name := without_lead_words(n.group(0)))]
        else:
            found = []
        before = sentence
        joined = with_me or joined
        if intent in (Intent.signup, Intent.cancel):  # (a first name the text writes nowhere
            # in full is still hers to ask for: "Min kollega Sanne og jeg vil gerne ...")
            firsts = [m.group(1) for pattern in (FIRST_WITH_ME, ME_WITH_FIRST)
                      for m in pattern.finditer(sentence)
                      if pattern is FIRST_WITH_ME or intent == Intent.signup]
            alone += [n for n in firsts
                      if not _in_full(body, n) and n.casefold() in _first_names()]
            found += [_in_full(body, n) or n for n in firsts]
        if intent == Intent.signup:  # "Skriv også Jonas på, tak – Jonas Mølgaard, souschef"
            found += [_in_full(body, n) for e in weighed.evidence if e.id in REGISTERS_ANOTHER
                      for n in FIRST_NAME.findall(e.text) if n.casefold() not in IMPERATIVES]
        found = [n.split(" ", 1)[1] if len(n.split()) > 1 and n.split()[0].casefold() in (
            IMPERATIVES) else n for n in found]  # "Skriv Bo Nygaard på ...", "Skriv Frederik"
        found = [without_lead_words(n) for n in found]  # "Both Emma and I": Emma
        names += [n for n in found if looks_like_name(n) and (len(n.split()) >= 2 or n in alone)
                  and n.split()[0].casefold() not in NOT_A_NAME_START]
    return names


# words that begin a place or a subject line, capitalised at a sentence's start, never a
# name's first word: "Fra Furesø kommer ...", "På Læsø er vi ...", "Tilmelding Aalborg 12.5."
NOT_A_NAME_START = {"fra", "på", "til", "i", "hos", "ved", "tilmelding", "afmelding", "vedr"}
# a request's verb, capitalised where it begins the sentence: "Skriv Bo Nygaard på ..."
# (or its present, the writer left out: "Tilmelder Jakob Kaae og mig til CB-mødet")
IMPERATIVES = {"skriv", "sæt", "meld", "tilmeld", "book", "noter", "notér", "registrer", "husk",
               "tilmelder", "melder", "sender", "skriver"}
# the place those counted come from, no person: "Vi er to fra Hvide Sande, der ..."
FROM_PLACE = re.compile(rf"\b((?i:vi|os|to|tre|fire|fem|seks|\d+))\s+(?i:fra)\s+{NAME}")
# the cues whose words name the one registered: "Skriv også Jonas på", "Meld Karen til"
REGISTERS_ANOTHER = {"signup.skriv-hende", "signup.skriv-nogen", "signup.melde-nogen"}
# those the sentence before named: "Vil du afmelde dem begge?", "slet hende venligst"
THEM = re.compile(r"\b(?:dem|hende|ham|them|her|him)\b", re.I)
# "Louise fra børneafdelingen og jeg kommer begge": a first name joined to the writer
FIRST_WITH_ME = re.compile(r"(?-i:\b([A-ZÆØÅ][a-zæøå]+))(?:\s+fra\s+(?-i:[a-zæøå-]+))?"
                           r"\s+og\s+jeg\b", re.I)
# "mig og Kim", "tilm. mig + Kim fra vores IT", "jeg og min kollega Sanne": the same, after her
# (not those others come in place of: "I stedet for mig og Ulla kommer ...")
ME_WITH_FIRST = re.compile(r"(?<!stedet\sfor\s)(?<!instead\sof\s)\b(?:jeg|mig|me)\s+(?:og|and|&|\+)"
                           r"\s+(?:(?:min|vores|my|our)\s+(?:\w+\s+)?)?(?-i:([A-ZÆØÅ][a-zæøå]+))\b"
                           r"(?!\s+(?-i:[A-ZÆØÅ]))", re.I)


# "mig og min kollega", "jeg og en kollega", "me and my deputy": one she brings, unnamed
ME_AND_ANOTHER = re.compile(r"\b(?:jeg|mig|me|I)\s+(?:og|and|&|\+)\s+(?:min|vores|en|my|our|a)\s+"
                            r"(?:\w+\s+)?(?:kolleg\w*|souschef\w*|medarbejder\w*|\w*leder|"
                            r"stedfortræder\w*|colleague|deputy|team\s+leader)\b"
                            r"(?!\s+(?-i:[A-ZÆØÅ]))", re.I)


def _brought_unnamed(body: str) -> str:
    """The words of a sign-up sentence in which the writer joins one she does not name to
    herself ("Tilmeld mig og min kollega til konferencen"), else ""."""
    return next((m.group(0) for sentence, weighed in sentences(body)
                 if judge(weighed)[0] == Intent.signup
                 for m in ME_AND_ANOTHER.finditer(sentence)), "")


def _in_full(body: str, first: str) -> str:
    """The one full name the text writes with this first name ("Louise ... Louise
    Kjærgaard, som hun hedder nu"), else ""."""
    names = {n for n in (m.group(0) for m in NAME_RE.finditer(body))
             if n.split()[0] == first and looks_like_name(n)}
    return names.pop() if len(names) == 1 else ""


def _named_for_a_shared_mailbox(body: str) -> list[str]:
    """Full names a shared mailbox (a secretariat) writes in a sentence of taking part,
    a title before them dropped ("Bibliotekschef Per Holt ønsker at deltage i
    konferencen"): nobody else can be meant, and without an address she waits for the
    coordinator."""
    names: list[str] = []
    for sentence, weighed in sentences(body):
        if any(e.kind in ("signup", "request") for e in weighed.evidence) and not (
                BYSTANDER.search(sentence) or HESITATING.search(sentence)):
            names += [n for n in (without_title(m.group(0)) for m in NAME_RE.finditer(sentence))
                      if len(n.split()) >= 2 and looks_like_name(n) and n not in names]
    return names


LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s")


def _bystander(body: str, person: Person) -> bool:
    """Whether the sentence naming someone with an address says she approves, pays or is
    informed, and does not sign anyone up ("Min chef Hanne Lund (hali@...) har godkendt
    det"): she is not a participant."""
    for sentence in sentences_of(body):
        if person.name in sentence and (not person.email or person.email in sentence.lower()):
            return bool(BYSTANDER.search(sentence)) and not (
                SIGNUP.search(sentence) or PARTICIPATE.search(sentence)
                or LIST_ITEM.match(sentence) or "\t" in sentence)
    return False


def _doubted(body: str, person: Person) -> str:
    """The sentence naming someone by her address when it hesitates or sets a condition
    other than room or the reader's need ("Hvis der er en ekstra plads, vil min kollega
    Signe (sikir@...) også gerne med"); the writer's own firm sign-up beside it stands."""
    for sentence in sentences_of(body):
        if person.email and person.email in sentence.lower():
            return sentence if TAKES_PART.search(sentence) and HESITATING.search(
                IF_WITHOUT_DOUBT.sub(" ", sentence)) else ""
    return ""


def _acted_on(body: str, name: str) -> bool:
    """A colleague named without an address counts only in a sentence that cancels, or
    signs up or speaks of taking part without hesitating ("min kollega X har godkendt
    det" and "Min kollega X overvejer også at være med" do not). A sentence may wrap."""
    for sentence in sentences_of(body):
        if name in sentence:
            return bool(CANCEL.search(sentence) or (
                SIGNUP.search(sentence) or PARTICIPATE.search(sentence))
                and not HESITATING.search(sentence)) and not _set_aside(body, name)
    return False


def _set_aside(body: str, name: str) -> bool:
    """One named who has her place already or speaks for herself: no participant of this
    mail ("Min kollega Søren Holk har allerede meldt sig til konferencen")."""
    return _speaks_for_herself(body, name) or any(
        HAS_PLACE.search(clause) for sentence in sentences_of(body) if name in sentence
        for clause in CLAUSE.split(sentence) if name in clause)


def _speaks_for_herself(body: str, name: str) -> bool:
    """One who writes herself or is only quoted ("Mette skriver selv til dig", "Som Karin
    skriver nedenfor, vil jeg gerne med")."""
    words = name.split()
    first = re.escape(words[1] if words[0].casefold() in ("som", "as") and len(words) > 1
                      else words[0]) if words else ""
    return bool(first) and re.search(
        rf"\b{first}\s+(?:\w+\s+)?(?:skriver|sender|melder|tilmelder|writes|will\s+write)\s+"
        r"(?:\w+\s+){0,3}?(?:selv|herself|himself)\b"
        rf"|\b(?:som|as)\s+{first}\s+(?:\w+\s+)?(?:skriver|skrev|nævner|nævnte|siger|sagde"
        r"|writes|wrote|says|said|mentioned)\b", body, re.I) is not None


def _sender(mail: Inbound, body: str, signature: Signature, fields: dict[str, str],
            own: list[QuotedMail], signature_text: str = "") -> tuple[Person | None, str]:
    """The sender as a person, with name, address, organisation and title, or None for a
    shared mailbox that names nobody; and where her name was found."""
    display = display_name_person(mail.sender_name, mail.sender)
    name = signature.name if len(signature.name.split()) >= 2 else ""
    found_by = "the signature"
    if name and _first_names_of(name, display):
        name, found_by = display, "the From header"
    form_name = fold(fields.get("name", ""))
    form_email = fields.get("email", "").lower()
    if not name and form_name and (form_email == mail.sender or same_person(
            form_name, display or form_name) and (not display or same_person(form_name, display))):
        name, found_by = form_name, "form fields"
    if not name:
        name, found_by = _name_in_lines(body, display, signature.name), "a details line"
    if not name and display and (not signature.name or _short_for(signature.name, display)
                                 or _initials_of(signature.name, display)
                                 or _in_address(signature.name, mail.sender)):
        name, found_by = display, "the From header"
    if not name:
        return None, ""
    name = _in_normal_case(name, display)
    email = mail.sender if mail.sender and not is_role_address(mail.sender) else None
    email = _own_address(body) or next((m.group("address").lower() for m in
                                         CONFIRMATION_TO.finditer(body)
                                         if fits_address(name, m.group("address"))), email)
    if OWN_IN_CC.search(body):  # "sætter min arbejdsmail cc": the copy made of her name
        email = next((a for a in mail.cc if fits_address(name, a)), email)
    if email is None:
        email = next((e for e in signature.emails if not is_role_address(e)), None)
    elif email == mail.sender and any(e != email for e in signature.emails) and not (
            fits_address(name, email)):
        # a branch's mailbox signed "Direkte: gilc@...": the address made of her name
        email = next((e for e in signature.emails if fits_address(name, e)), email)
    organisation = (fields.get("organisation") if form_name and same_person(form_name, name)
                    else None) or signature.organisation
    title = signature.title
    if not organisation or not title:
        line_title, line_org = line_details(body, Person(name, email))
        organisation, title = organisation or line_org, title or line_title
    if not organisation:
        # (the end of her own words, not of the invitation she quoted under them)
        organisation = next((found for m in own if (found := organisation_in(
            split_new_text(m.text)[0].splitlines()[-6:]))), "")
    if not organisation:
        organisation = organisation_named(body + "\n" + signature_text + "\n"
                                          + _own_subject(mail) + "\n" + mail.sender_name)
    organisation = library_of_municipality(organisation, body)
    organisation = _in_normal_case(organisation, "")  # "ASSENS BIBLIOTEKERNE"
    return Person(fold(name), email, organisation or None, None, title or None), found_by


# the writer's own other address, copied: "Jeg skriver hjemmefra, men sætter min arbejdsmail
# cc", "I've cc'd my work address"
OWN_IN_CC = re.compile(r"\b(?:min|my)\s+(?:arbejds-?|work\s+|job-?)?(?:e-?mail|mail)(?:-?adresse"
                       r"|\s+address)?\s+(?:\w+\s+){0,2}?(?:på\s+|i\s+|in\s+)?cc\b"
                       r"|\bcc\W?(?:d|ed|ing)?\s+(?:\w+\s+)?my\s+(?:work|other)\s+(?:e-?mail|address)",
                       re.I)


def _own_address(body: str) -> str | None:
    """The address the writer gives as her own ("min arbejdsmail lfr@...", "skriv til mig
    på ..."): she asks for mail there, also when she writes from another address."""
    found = [m.group("address").lower().rstrip(".") for pattern in OWN_ADDRESS
             for m in pattern.finditer(body)]
    return found[0] if len(set(found)) == 1 and not is_role_address(found[0]) else None


NAMES = Path(__file__).resolve().parent / "lexicon" / "names.toml"


@cache
def _names() -> dict:
    """`lexicon/names.toml`, read once."""
    with NAMES.open("rb") as f:
        return tomllib.load(f)


def _nicknames() -> dict[str, list[str]]:
    return _names()["nicknames"]


@cache
def _first_names() -> frozenset[str]:
    """Common first names, case-folded."""
    return frozenset(n for names in _names()["first_names"].values() for n in names)


# a colleague by first name as the one who wants to come: "Jakob vil gerne med"
FIRST_NAME_LEADS = re.compile(r"(?-i:^\W*([A-ZÆØÅ][a-zæøå]+))\s+(?:vil|skal|kommer|deltager|"
                              r"would|will|wants)\b")
# two colleagues by their first names: "Kirsten og Bo", "Lars & Mette"
FIRST_NAME_PAIR = re.compile(r"(?-i:\b([A-ZÆØÅ][a-zæøå]+)\s+(?:og|and|&)\s+([A-ZÆØÅ][a-zæøå]+))\b")


def _short_for(sign: str, name: str) -> bool:
    """Whether a one-word sign-off is the first name of a full name, in any case, or a
    short form of it, its letters in order from the same first letter: "JENS" of "Jens
    Brodersen", "Tom" of "Thomas O'Brien", "Kris" of "Kristian Lund"; or the name a
    compound first name ends in: "Mette" of "Annemette Lysgaard"; or a nickname without
    the first name's leading vowel: "Nete" of "Anette", "Lise" of "Elisabeth"; or one
    that keeps its first four letters: "Bettan" of "Bettina"; or a Danish short form
    kept as data (`lexicon/names.toml`): "Bitten" of "Birthe". Written without æ, ø, å
    ("Soeren" of "Søren Højgaard") it is the same name."""
    sign, first = sign.casefold(), name.split()[0].casefold()
    if first in _nicknames().get(sign, ()):
        return True
    sign, first = normalise(sign), normalise(first)
    if len(sign.split()) == 1 and len(sign) >= 4 and first.startswith(sign[:4]):
        return True
    if len(sign.split()) == 1 and len(sign) >= 4 and first.endswith(sign):
        return True
    if len(sign.split()) == 1 and len(sign) >= 4 and first[:1] in "aeiouyæøå":
        rest = iter(first[1:])
        return sign[0] == first[1:2] and all(letter in rest for letter in sign)
    if len(sign.split()) != 1 or not sign or sign[0] != first[0]:
        return False
    rest = iter(first[1:])
    return sign == first or len(sign) >= 2 and all(letter in rest for letter in sign[1:])


def _first_names_of(sign: str, name: str) -> bool:
    """Whether a sign-off of two or more words is the start of a longer From name, her
    first names: "Poul Erik" of "Poul Erik Vinther"."""
    words, full = sign.casefold().split(), name.casefold().split()
    return len(full) > len(words) and full[:len(words)] == words


def _in_address(sign: str, address: str) -> bool:
    """Whether a one-word sign-off is written in her own address ("Rie" in
    rie.kloevedal@...): the From name is hers, however short the nickname."""
    return len(sign) >= 3 and " " not in sign and bool(
        re.search(rf"(?<![a-z]){re.escape(sign.casefold())}(?![a-z])",
                  address.partition("@")[0].casefold()))


def _in_normal_case(name: str, display: str) -> str:
    """A name written in capitals ("ANN SOFIE BØGH") as the From header writes it when it
    is the same name ("Bøgh, Ann Sofie"), else with a capital first letter per word (a
    library's name too: "ASSENS BIBLIOTEKERNE")."""
    if not name.isupper():
        return name
    if display and not display.isupper() and same_person(display, name):
        return display
    return re.sub(r"[\w]+", lambda m: m.group(0).capitalize(), name.lower())


def _initials_of(sign: str, name: str) -> bool:
    """Whether a sign-off is the initials of a name: "CDJ" of "Cecilie Dyrberg Juhl"."""
    letters = sign.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 4 and letters.isupper() and letters == "".join(
        w[0] for w in name.split()).upper()


def _name_in_lines(body: str, display: str, first: str) -> str:
    """A full name written at the start of a details line ("Bo Hansen, leder, X")
    that matches the From name or the signature's first name."""
    for line in body.splitlines():
        match = re.match(r"^\s*([^\d,@:]{3,60}?)\s*(?:,|$)", line)
        if not match or not looks_like_name(match.group(1)):
            continue
        candidate = fold(match.group(1))
        if len(candidate.split()) < 2:
            continue
        if (display and same_person(candidate, display)) or (
                first and candidate.split()[0] == first):
            return candidate
    return ""


def _organisation(body: str, signature: Signature, signature_text: str) -> str | None:
    """The library of the form, else of the signature, else one the text names ("Jeg er
    mellemleder i Ikast-Brande Bibliotek")."""
    fields = form_fields(body)
    found = fields.get("organisation") or signature.organisation or organisation_named(
        body + "\n" + signature_text)
    return library_of_municipality(found, body) or None  # "Han deltager for X Bibliotekerne"


def _colleagues_organisation(mail: Inbound, earlier: _Earlier | None) -> str | None:
    """The library a quoted mail from the sender's own domain signs with, when her own
    mail names none ("Så kommer Zahra fra os, se nedenfor" over Zahra's "Souschef / Sorø
    Bibliotek"): a colleague's workplace is hers."""
    domain = mail.sender.rpartition("@")[2]
    for quoted in earlier.mails if earlier and domain else []:
        if f"@{domain}" in quoted.author.casefold():
            found = organisation_in(quoted.text.splitlines()[-6:])
            if LIBRARY_WORD.search(found):
                return found
    return None


def _own_subject(mail: Inbound) -> str:
    """The subject the sender wrote herself, not the one of a mail she answers or forwards:
    her words as much as the text's ("Tilmelding konferencen 12/5 – Bent Nørgaard,
    Jammerbugt Bibliotekerne, EAN 5798000746459" over an empty body)."""
    return "" if SUBJECT_PREFIX.match(mail.subject) else mail.subject


def _own_earlier(mail: Inbound, earlier: list[QuotedMail]) -> list[QuotedMail]:
    """Quoted messages the sender wrote herself."""
    return [m for m in earlier if _written_by(m, mail.sender, mail.sender_name)]


def _written_by(quoted: QuotedMail, address: str, name: str) -> bool:
    """Whether the address wrote a quoted message, or the name where its attribution gives
    no address ("Den 19-02-2025 kl. 14:03 skrev Lisbet Vestergaard:")."""
    author = quoted.author.casefold()
    return bool(address and address.casefold() in author) or bool(
        name and name.casefold() in author and "@" not in author)


# --- EAN and language ---------------------------------------------------------------


def find_ean(text: str) -> tuple[str | None, str | None]:
    """(valid EAN, problem). A number labelled "EAN" with a wrong check digit or length is
    a problem to ask about; an unlabelled 13-digit number counts only when it checks. A
    book's EAN (an ISBN, prefix 978 or 979: "bogens EAN er 978...") is never an invoice's.
    One given after the writer corrects herself wins ("EAN: 5798000273054 – nej vent, det
    er vores gamle. Vi har fået nyt: 5798000599413")."""
    marks = [m.end() for m in CORRECTS.finditer(text)]
    corrected = find_ean(text[marks[-1]:]) if marks else (None, None)
    if corrected[0]:
        return corrected
    problem = None
    for match in EAN_LABEL.finditer(text):
        digits = re.sub(r"\D", "", match.group("digits"))
        if digits.startswith(BOOKLAND):
            continue
        if len(digits) == 13 and ean_check_ok(digits):
            return digits, None
        problem = "invalid"
    if problem:
        return None, problem
    for candidate in EAN_BARE.findall(text):
        digits = re.sub(r"\D", "", candidate)
        if len(digits) == 13 and ean_check_ok(digits) and not digits.startswith(BOOKLAND):
            return digits, None
    return None, None


def _labelled_eans(text: str) -> list[str]:
    """The valid EANs a text writes with the word "EAN" before them, in order."""
    digits = (re.sub(r"\D", "", m.group("digits")) for m in EAN_LABEL.finditer(text))
    return [d for d in digits if len(d) == 13 and ean_check_ok(d) and not d.startswith(BOOKLAND)]


def language_of(text: str, subject: str = "") -> str:
    """"en" when English function words outnumber Danish ones; a tie ("Yes!") goes to the
    subject's words; Danish by default."""
    text = URL.sub(" ", text)
    english, danish = len(ENGLISH.findall(text)), len(DANISH.findall(text))
    if english == danish and subject:
        return language_of(subject)
    return "en" if english > danish else "da"


# --- helpers -----------------------------------------------------------------------


def _body(lines: list[str], signature: Signature) -> str:
    """The new text without the salutation line, the signature and the options of a form
    the writer left unticked (she copied the whole form and ticked two of five boxes)."""
    kept = lines[: signature.start] if signature.start >= 0 else lines
    kept = [line for line in kept if not UNTICKED.match(line)]
    if kept and SALUTATION.match(kept[0].strip()):
        # only the greeting and the name it greets: the rest of the line may be the
        # whole mail ("Hej Lisbet - jeg vil gerne deltage i kursusdagen."); a greeting of
        # one word alone is all of its line, also in lower case ("hej lisbet")
        first = "" if GREETING_ALONE.match(kept[0].strip()) else GREETED.sub(
            "", kept[0].strip(), count=1)
        kept = ([first] if first else []) + kept[1:]
    return "\n".join(kept).strip()


def _parts(mail: Inbound, coordinator: Coordinator | None
           ) -> tuple[str, _Earlier, list[str], Signature, str]:
    """(new text, quoted history, the new text's lines, its signature, its body: the new
    text without the salutation and the signature). What she typed into the coordinator's
    quoted mail is new text, above her signature."""
    new_text, quoted = split_new_text(mail.text)
    earlier = _Earlier(quoted)
    new_text = undictated(new_text)
    lines = _postscript_above(new_text.splitlines())
    signature = find_signature(lines)
    typed = typed_in(earlier.mails, mail.sender_name, mail.sender, coordinator,
                     bool(POINTS_BELOW.search(new_text)))
    if typed:
        at = signature.start if signature.start >= 0 else len(lines)
        lines = [*lines[:at], "", *typed, "", *lines[at:]]
        signature = find_signature(lines)
        new_text = "\n".join(lines)
    return new_text, earlier, lines, signature, _body(lines, signature)


# what a phone's dictation writes out: "... den toogtyvende april spørgsmålstegn", "hans
# mail er kaj snabel a odense punktum dk"
DICTATED = re.compile(r"\b(?:punktum|spørgsmålstegn|udråbstegn|full\s+stop|question\s+mark)\b",
                      re.I)
SPOKEN_ADDRESS = re.compile(r"\b([\w.-]+)\s+(?:snabel[\s-]?a|at)\s+([\w-]+(?:\s+(?:punktum|dot)"
                            r"\s+[\w-]+)*?\s+(?:punktum|dot)\s+(?:dk|com|org|net|eu|se|no|de|nu"
                            r"|info))\b", re.I)
SENTENCE_GOES_ON = re.compile(r"([.?!])\s+([a-zæøå])")  # a dictated sentence's first letter
SPOKEN_MARKS = ((re.compile(r"\s*\b(?:punktum|full\s+stop)\b", re.I), "."),
                (re.compile(r"\s*\b(?:spørgsmålstegn|question\s+mark)\b", re.I), "?"),
                (re.compile(r"\s*\budråbstegn\b", re.I), "!"),
                (re.compile(r"\s*\bkomma\b", re.I), ","),
                (re.compile(r"\s*\b(?:ny\s+linje|nyt\s+afsnit|new\s+line)\b", re.I), "\n"))


def undictated(text: str) -> str:
    """A dictated text with its spoken marks written as marks, and a spoken address as an
    address ("kaj snabel a odense punktum dk" is kaj@odense.dk). Only a text that speaks
    its full stops or question marks is dictated."""
    if not DICTATED.search(text):
        return text
    text = SPOKEN_ADDRESS.sub(lambda m: m.group(1) + "@" + re.sub(
        r"\s+(?:punktum|dot)\s+", ".", m.group(2), flags=re.I), text)
    for spoken, mark in SPOKEN_MARKS:
        text = spoken.sub(mark, text)
    return SENTENCE_GOES_ON.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}", text)


POSTSCRIPT = re.compile(r"^\s*P\.?\s?S\b\.?:?", re.I)  # "PS.", "P.S.", "PS:"


def _postscript_above(lines: list[str]) -> list[str]:
    """The lines with a postscript under the signature moved above it: "PS. Skriv mig
    lige på til kursusdagen" is part of what the mail says, not of the signature."""
    at = next((i for i, line in enumerate(lines) if POSTSCRIPT.match(line)), None)
    start = find_signature(lines[:at]).start if at else -1
    if at is None or start < 0:
        return lines
    end = next((j for j in range(at + 1, len(lines)) if not lines[j].strip()), len(lines))
    return lines[:start] + lines[at:end] + [""] + lines[start:at] + lines[end:]


def _with(base: Understanding, **changes) -> Understanding:
    values = {**base.__dict__, **changes}
    if values["intent"] in (Intent.question, Intent.unclear):
        values["participants"] = ()
    return Understanding(**values)
