"""Who a mail is about: the sender's signature, form fields, and colleagues named in it.

A chief often registers colleagues ("min kollega Ulla Thorsen (ulth@...)", one
"Navn – adresse" line each) and is then not a participant herself unless she says so
("både mig selv og ..."). A shared mailbox (bibliotek@, info@) is never a person.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, replace

from mailreg.domain.ean import ean_check_ok
from mailreg.domain.mail import ADDRESS_PATTERN
from mailreg.domain.model import Person
from mailreg.reading.intent import GOES_ON, word_list

# the Latin letters of names written in Denmark: Danish, and "Aida Hadžić", "Łukasz",
# "Şükrü", "Ramón", "Phạm Văn Long" (Latin-1, Latin Extended-A and -B, and Additional)
_LATIN = [chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if chr(c) not in "×÷"]
UPPER = "A-Z" + "".join(c for c in _LATIN if c.isupper())
LOWER = "a-z" + "".join(c for c in _LATIN if c.islower())
# a name's word: "Holm", "Ravn-Jakobsen", "O'Brien", "McDonald"
PART = rf"[{UPPER}](?:['’][{UPPER}])?[{LOWER}]+(?:(?<=Mc|ac)[{UPPER}][{LOWER}]+)?"
WORD = rf"{PART}(?:-{PART})?"
# the small words of names from abroad: "Henrik von Holstein", "Maria de la Cruz Pedersen",
# "Pieter van den Broek", "Ditte la Cour", "Hanna við Stein"
PARTICLES = {"von", "van", "de", "da", "la", "le", "du", "di", "del", "der", "den", "dos", "ter",
             "ten", "við", "á", "í", "úr"}  # (Faroese: "Hanna við Stein", "Jógvan á Lakjuni")
PARTICLE = (r"(?:v[ao]n(?:[ \t]+(?:der|den|de))?|de(?:[ \t]+la)?|la|le|da|du|di|del|dos|ter|ten"
            r"|við|á|í|úr)")
NAME = rf"{WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+)?{WORD}){{1,3}}"
NAME_RE = re.compile(rf"(?<![\w@.]){NAME}(?![\w@])")
EMAIL_RE = re.compile(ADDRESS_PATTERN)
_CLOSING = (
    r"(?:(?:med\s+)?venlig(?:st|e)?\s+hils(?:en|ner|ener)|(?:de\s+)?bedste\s+hils(?:en|ner|ener)"
    r"|mange\s+hils(?:en|ner|ener)|kærlig(?:e)?\s+hils(?:en|ner|ener)|varme\s+hils(?:en|ner|ener)"
    r"|hilsen|hilsner|mvh\.?|m\.v\.h\.?|vh\.?|kh\.?|dbh\.?|best\s+regards|kind\s+regards"
    r"|warm\s+regards|regards|best\s+wishes|all\s+the\s+best|best|cheers|sincerely"
    r"|yours\s+sincerely|many\s+thanks|thanks|tak)")
# a closing greeting, also in two languages at once ("Best / Venlig hilsen")
GREETING = re.compile(rf"^{_CLOSING}(?:\s*/\s*{_CLOSING})?\s*[,.!]*\s*(?P<rest>.*)$", re.I)
SALUTATION = re.compile(r"^(?:hej|hejsa|kære|dear|hi|hello|goddag|god\s+morgen)\b", re.I)
# a list item's mark, as mail programs write it (Outlook's HTML bullets become "·")
BULLET = "[-•*–·]"
# words that begin a greeting line ("Tak Lisbet", "Kære Lisbet"), never a person's name
NOT_FIRST_NAMES = {"tak", "hej", "hejsa", "kære", "hilsen", "hilsner", "mvh", "vh", "kh",
                   "dear", "hi", "hello", "thanks", "cheers", "regards", "goddag", "godmorgen"}
# words that stand capitalised before a name at a sentence's start ("Vores Birgit Lauesen
# (...)", "Også Sofie Ravn ..."): never part of it
LEAD_WORDS = NOT_FIRST_NAMES | {
    "vores", "min", "mit", "mine", "jeg", "vi", "og", "men", "så", "også", "desværre",
    "hermed", "både", "samt", "derfor", "hverken", "enten", "fra", "til", "hos", "med", "our",
    "my", "we", "and", "also",
    "please", "both", "neither", "either", "unfortunately", "sadly", "regrettably", "sorry",
    "undskyld", "beklager",
    # a request's verb ("Skriv Bo Nygaard på listen", "Tilmeld Ida Holm til ...")
    "skriv", "tilmeld", "afmeld", "sæt", "noter", "notér", "registrer", "meld", "add", "put",
    "register", "sign"}
# a form's participant that is the writer herself ("Deltager: Undertegnede")
SELF_VALUE = re.compile(r"^(?:undertegnede|mig(?:\s+selv)?|jeg(?:\s+selv)?|myself|me"
                        r"|the\s+undersigned|afsender(?:en)?)\W*$", re.I)
# (not the job: "bibliotekar", "bibliotekschef")
ORG_WORD = re.compile(
    r"bibliotek(?!ar|s?(?:chef|leder|direktør|konsulent|assistent|formidler|medarbejder))"
    r"|library|libraries|kommune\b|kommunes\b|municipality|kulturhus|kulturcenter|\bregion\b",
    re.I,
)
# a library's name: one to three capitalised words before "Bibliotek(erne)", "Kommunes
# Biblioteker" and the like, or "Libraries" in English (not a label before it: "EAN
# Kolding Bibliotekerne: 5798...", "Tilmeldinger Skanderborg Bibliotekerne", nor a
# sentence's first word: "Fra Hvidovre Bibliotekerne tilmelder vi ...")
ORG_PHRASE = re.compile(
    rf"(?<![\w-])(?:(?!(?:EAN|CVR|P-nr|Att|Attn|Fra|Til|Hos|På|Ved|For|Med|Og|Vi|Jeg"
    rf"|Tilmelding\w*|Afmelding\w*|Deltager\w*|Faktura\w*)\b)"
    rf"[{UPPER}][\w-]+[ \t]+){{1,3}}"
    # ("Bibliotekerne", "Kommunebiblioteker", "Stadsbibliotek", "Folkebibliotek")
    rf"(?:Kommunes[ \t]+)?(?:(?:[{UPPER}][a-zæøå]*b|B)ibliotek(?:erne|er|et)?|Libraries|Library)"
    # and what completes its name: "Furesø Bibliotek og Borgerservice", "Dansk
    # Centralbibliotek for Sydslesvig" (not the next library of a list: "Odder Bibliotek
    # og Samsø Bibliotek")
    r"(?:[ \t]+(?:og|&|for)[ \t]+(?:Kulturhus(?:e|et)?|Borgerservice|Kulturcenter"
    r"|Medborgerhus(?:et)?|Sydslesvig|Lokalarkiv(?:et)?|Lokalhistorisk[ \t]+Arkiv))?"
    r"(?![\w-])")
# the library of one who writes without capitals, after "fra", "på", a comma or a bracket,
# on a line of its own, or after a capitalised name: "mvh lise, haderslev bibliotekerne",
# "jytte fra ærø bibliotek", "på Hjørring bibliotekerne", "mvh tanja\nlyngby-taarbæk
# bibliotekerne", "med venlig hilsen Torben Kjærsgaard Frederikshavn bibliotek" (not "fra
# vores bibliotek")
ORG_IN_LOWER_CASE = re.compile(
    rf"(?:\b(?:fra|på)[ \t]+|[,(][ \t]*|^[ \t]*|(?<=[a-zæøå])[ \t]+(?=[{UPPER}]))"
    rf"(?P<org>(?P<town>[{UPPER}a-zæøå][a-zæøå-]{{2,}})[ \t]+"
    r"bibliotek(?:erne|er|et)?)(?![\w-])", re.M)
NOT_A_TOWN = {"vores", "mit", "min", "dit", "jeres", "deres", "hans", "hendes", "eget", "det",
              "et", "hele", "samme", "lokale", "kommunens", "byens", "andet", "nyt", "nye"}
SYSTEM_WORD = re.compile(r"Bibliotekerne|Biblioteker|Kommunebiblioteker|Libraries")
TITLE_WORD = re.compile(
    r"leder|chef|bibliotekar|konsulent|koordinator|formidler|ansvarlig|direktør|manager"
    r"|head\b|librarian|officer|specialist|medarbejder|assistent|director|coordinator"
    r"|udvikler|rådgiver|fagreferent|projekt",
    re.I,
)
ROLE_LOCALPARTS = {
    "info", "bibliotek", "biblioteket", "bibliotekerne", "biblioteker", "kontakt", "post",
    "postkasse", "mail", "admin", "office", "kontoret", "sekretariat", "sekretariatet",
    "hovedbiblioteket", "library", "kultur", "borgerservice", "administration", "adm",
    "support", "service", "reception", "team", "fælles", "faelles", "booking", "ledelse",
    # where invoices go: "okonomi-kultur@", "fakturor.kultur@", "kreditor@"
    "faktura", "fakturaer", "fakturering", "fakturor", "okonomi", "oekonomi", "økonomi",
    "regnskab", "bogholderi", "kreditor", "kreditorer", "finance", "invoice", "invoices",
    "accounts",
}
LIBRARY_WORD = re.compile(r"bibliote|library|libraries", re.I)
DANISH_LIBRARY = re.compile(r"bibliote", re.I)
ENGLISH_NAME = re.compile(r"\s*\([^()]*\b(?:Library|Libraries)\b[^()]*\)")
FORM_FIELD = re.compile(
    r"^\s*(?P<key>navn|name|fulde navn|deltager|titel|stilling|title|job title|bibliotek"
    r"|arbejdssted|organisation|organization|institution|library|e-?mail(?:adresse)?"
    r"|mail(?:adresse)?|ean(?:-?nummer|-?nr\.?)?)\s*:\s*(?P<value>\S.*?)\s*$",
    re.I | re.M,
)
COLLEAGUE_CUE = re.compile(
    rf"\b(?i:min|mit|mine|vores|our|my)\s+(?:[{LOWER}-]+\s+){{0,2}}?"
    r"(?:kollega(?:er|en|erne)?|kolleger(?:ne)?|afdelingsleder(?:e|en)?|teamleder(?:e|en)?"
    r"|mellemleder(?:e|en)?|medarbejder(?:e|en)?|souschef(?:en)?"
    r"|colleagues?|team\s+leaders?|managers?|deputy)"
    rf"\s*,?\s+(?P<name>{NAME})",
)
# a sentence about someone who approves, is invoiced, informed or sent a copy: not a
# participant ("Min chef Hanne Lund (hali@...) har godkendt det", "Faktura til Bo Ravn,
# bora@...", "bekræftelsen med kopi til min sekretær, Pia Bendtsen (pibe@...)")
BYSTANDER = re.compile(
    r"\b(?:godkend\w*|approv\w*|faktur\w*|invoic\w*|regning\w*|orienter\w*|informed"
    r"|kontaktperson|contact\s+person|bogholderi\w*|accounts|kopi\s+til|copy\s+to"
    r"|sekretær\w*|secretary)\b", re.I)
# one named as the one who said yes to another's going, or asked the writer to go:
# "Dorthe har sagt god for det" ("Min chef, Gunhild Aas, har sagt god for det"), "My
# manager Per (cc'd) asked me to sign up", "Per (cc) har bedt mig melde mig til"
APPROVER = re.compile(r"(?-i:\b([A-ZÆØÅ][a-zæøå]+)(?:\s+[A-ZÆØÅ][\w-]+){0,2})"
                      r"(?:\s*\(cc(?:\W?d)?\))?\s*,?\s+(?:har\s+(?:\w+\s+)?(?:sagt\s+(?:god\s+for|ja)"
                      r"|godkendt|givet\s+(?:lov|grønt\s+lys)|bedt\s+mig\s+(?:om\s+at\s+)?(?:til)?melde\s+mig)"
                      r"|(?:has\s+)?asked\s+me\s+to\s+(?:sign\s+up|register|attend|join|go)\b"
                      r"(?!\s+(?:him|her|them)\b))", re.I)
# a person introduced in prose: "Hun hedder Ditte Gram og har mailen digr@..."
INTRODUCED = re.compile(
    r"\b(?i:hun|han|vedkommende|deltageren|personen|she|he)\s+(?i:hedder|er|is|is\s+called)"
    rf"\s+(?P<name>{NAME})")
SELF_CUE = re.compile(
    # ("Undertegnede tillader sig at anmelde følgende deltagere", "Undertegnede vil gerne
    # tilmelde Bo og Ida", "Faktura til EAN ..., att. undertegnede" are the one who writes,
    # not one who comes)
    r"\b(?:mig selv|myself|(?<!att\.\s)(?<!att:\s)(?<!att\s)(?<!attn\.\s)(?<!til\s)(?<!v/\s)"
    r"undertegnede(?!\s+(?:\w+\s+){0,5}?(?:følgende|tilmeld\w*\b(?!\s+sig\b)|anmeld\w*"
    r"|melde[rs]?\b|sende[rs]?\b|registrer\w*))"
    r"|(?:til|af)?meld(?:e[rs]?)?\s+(?:\w+\s+)?mig\b|\b(?:til)?slutte[rs]?\s+(?:\w+\s+)?mig\b"
    # "Count me in as well", "regn også mig med"
    r"|\b(?:count|regn|tæl)\s+(?:\w+\s+)?(?:me|mig)\s+(?:in|med)\b"
    r"|tilmelde[rs]?\s+(?:både\s+)?(?:mig|os)\b|skriv\s+mig|os\s+begge|os\s+to|both\s+of\s+us"
    r"|sign\s+me|register\s+me|(?:jeg|i)\s+(?:vil|kan|skal|ønsker|må|would|will|want|have)"
    r"(?:\s+\w+){0,3}?\s+(?:deltage|være\s+med|med\s+(?:i|til|på)|join|attend|participate|cancel)"
    # "Jeg og min kollega ...", "Jag och min kollega", "jeg deltager også selv", "me and my
    # colleague"
    r"|(?<!mellem\s)(?<!between\s)(?:jeg|mig|jag|meg)\s+(?:selv\s+)?(?:og|och)\s+\w+"
    # "vi er 3 ...: mig, Ulla Skov og ..." (not "Vi er tre ..." over two names: the third
    # may be anyone)
    r"|vi\s+er\s+(?:to|tre|fire|fem|\d)\b(?!\s+(?:mere|til|ekstra|more))(?=[^.!?\n]*\b(?:mig|meg|jeg)\b)"
    r"|jeg\s+(?:deltager|kommer)"
    r"\s+(?:også|selv)|(?:i|me)\s+and\s+my\b"
    # "Jeg selv deltager også", "Jeg selv vil gerne med i ...", "og så kommer jeg også selv"
    r"|jeg\s+selv\s+(?:deltager|kommer|vil|skal|tager)\b|(?:deltager|kommer)\s+jeg\s+(?:også\s+)?selv\b"
    r"|\bselv\s+(?:deltager|kommer|tager)\s+jeg\b"  # "Selv deltager jeg i konferencen"
    # "og så vil jeg faktisk også selv gerne med", "Og så er jeg selv nummer seks", "Og jeg
    # tager selv med som den tredje"
    r"|\b(?:er|vil|skal|tager)\s+jeg\s+(?:\w+\s+){0,3}?selv\b|\bjeg\s+tager\s+(?:også\s+)?selv\s+(?:med|del)\b"
    # "så vil jeg også gerne med til ...", "Selv vil jeg gerne med", "jeg tager Mette Brandt
    # med", "jeg slår selv følge med dem"
    r"|\b(?:vil|skal|kan|må)\s+jeg\s+(?:\w+\s+){0,3}?(?:deltage|med|være\s+med|komme)\b"
    r"|\bjeg\s+tager\s+(?:\S+\s+){1,4}?med\b|\bslår\s+(?:jeg\s+)?(?:selv\s+)?følge\b"
    # "Min kollega Ida Holst og jeg vil begge gerne med", "... (jab@...) og jeg selv",
    # "my colleague and I will"
    # (not where she signs another up: "..., og jeg vil gerne tilmelde hende", nor after a
    # comma, where a clause of her own begins: "..., og jeg vil gerne have det sendt")
    r"|(?<!,)(?<!,\s)\bog\s+jeg\s+(?:vil|kommer|deltager|skal|ønsker|tilmelder|melder|selv|må|kan"
    r"|gerne)\b"  # ("vil Rikke (cc) og jeg gerne med")
    r"(?!(?:\s+\w+){0,2}?\s+(?:tilmelde|melde|sende|skrive)\s+(?:hende|ham|dem)\b)"
    # "både Søren Kaae (...) og jeg.", "Mig + Ulla (cc) vil gerne med", "Henriette (cc)
    # kommer med mig"
    # "selv + 2 medarbejdere"
    r"|\bog\s+jeg\s*(?:[.!),]|$)|\b(?:mig|selv)\s*[+&]\s*\w|\b(?:kommer|tager|kører|deltager)\s+med\s+mig\b"
    # her own event beside another's: "Jeg tager konferencen, og min souschef ...", "Tilmeld
    # mig til bæredygtighed, og ...", "Mig til konferencen og Kathrine til ...", "I'll take
    # the conference, and my deputy ..."
    r"|\bjeg\s+tager\s+(?:selv\s+)?(?:konferencen|kursusdagen|\w*mødet|\w*netværket"
    r"|(?:begge|både|alle\s+tre)\s+(?:\w+\s+)?(?:netværk|dele|arrangementer))\b"
    r"|\btilmeld\s+(?:både\s+)?mig\b|^\W*mig\s+(?:selv\s+)?(?:til|på)\b"
    r"|\bsæt\s+(?:også\s+)?mig\s+(?:\w+\s+)?på\b"  # "Ja, sæt mig bare på ventelisten"
    r"|\bI(?:\x27ll|\s+will)\s+(?:take|do|join|attend)\s+the\b"
    # "I'll be joining as well", "I'll attend too"
    r"|\bI(?:\x27ll|\s+will)\s+(?:be\s+)?(?:join(?:ing)?|attend(?:ing)?|coming|there)\s+"
    r"(?:as\s+well|too)\b"
    # "I would like to sign up for ...", "I'd like to register" (not "... to register my
    # colleague")
    r"|\bI(?:\x27d|\s+would|\s+want|\s+wish)\s+(?:\w+\s+)?to\s+(?:sign\s+up|register)"
    r"(?=\s+(?:myself|for|to|in|at|as)\b|\s*[.,!]|\s*$)"
    # her own name in a list marked as hers: "Susanne Krogh (mig) – konference"
    r"|\w+\s*\((?:mig(?:\s+selv)?|me|myself|undertegnede)\)"
    # ("vi kommer begge", not "vi melder afbud for begge vores deltagere" nor "vi må melde
    # afbud for begge": for the two she names)
    r"|\bvi\s+(?:\w+\s+){0,3}?(?<!\bfor\s)begge\b(?!\s+(?:vores|de|deltager|kolleg|medarbejder))|\bwe\s+both\b"
    # "Vores to pladser ... – min egen og Lise Ulriksens": her own seat and another's
    r"|\bmin(?:e)?\s+eg(?:en|et|ne)\s+og\b"
    r"|\band\s+I\s+(?:would|will|want|wish|are)\b"
    # "Kan du tilmelde Sanne Abildgaard (saab@...) og mig?", "... and me"
    r"|\b(?:og|and)\s+mig\s*(?:selv\s*)?(?:[?.!,]|$|\s+(?:til|på|med|i)\b)"
    r"|\band\s+me\s*(?:[?.!,]|$|\s+(?:for|to|in|on)\b)"
    # "Hverdagsledelse: Ja tak, den tager jeg selv"
    r"|\b(?:den|pladsen)\s+tager\s+jeg\s+selv\b|\bjeg\s+tager\s+(?:den|pladsen)\s+selv\b)",
    re.I,
)
# a list's line that is the writer herself: "* Mig (Connie Bruun)", "2. Mig selv"
OWN_LINE = re.compile(r"^[\W\d]*(?:mig|me|myself)(?:\s+selv)?\s*(?:\(|[:–—-]|$)", re.I)
# someone signed up as "her" or "him", or her yes passed on by the writer ("Rikke Holm
# Sand bad mig melde hende til ...", "... til Anders Vinkel – han har sagt ja"): the
# one meant is the full name written before it
BY_PRONOUN = re.compile(
    r"\b(?:(?:til|af)?melde|skrive|sætte|booke)\s+(?:hende|ham)(?:\s+(?:til|fra|op|på|ind))?\b"
    r"|\b(?:hun|han)\s+har\s+(?:sagt|takket)\s+ja\b"
    r"|\b(?:sign|put|register|book)\s+(?:her|him)\b|\b(?:she|he)\s+has\s+(?:said\s+yes|agreed)\b",
    re.I)
# a sentence that hesitates: whoever it names is not signed up by it
HESITATING = word_list("hesitating")


@dataclass(frozen=True)
class Signature:
    name: str = ""  # as written; may be a first name only
    title: str = ""
    organisation: str = ""
    emails: tuple[str, ...] = ()
    start: int = -1  # index of the closing greeting line in the text, -1 when none


def fold(text: str) -> str:
    return " ".join(text.split())


# a mailbox named for a department: "kulturogfritid@", "borgerservice.bibliotek@"
ROLE_COMPOUND = re.compile(
    r"(?:(?:bibliotek\w*|kultur|fritid|borgerservice|sekretariat\w*|administration|adm|"
    r"post|info|kontakt|ledelse\w*|service|erhverv|skole\w*|uddannelse|faktura\w*|fakturor"
    r"|o(?:e)?konomi|økonomi|regnskab|kreditor\w*)[._-]?(?:og[._-]?)?){2,}")


def is_role_address(address: str) -> bool:
    """info@, bibliotek@ and the like: a shared mailbox, not a person."""
    local = address.split("@")[0].lower()
    return local in ROLE_LOCALPARTS or local.split(".")[0] in ROLE_LOCALPARTS or bool(
        ROLE_COMPOUND.fullmatch(local))


def without_title(name: str) -> str:
    """A name without the job title written before it ("Bibliotekschef Per Holt")."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 2 and TITLE_WORD.search(words[0]) else name


def without_lead_words(name: str) -> str:
    """A name without the words a sentence puts before it: "Vores Birgit Lauesen" is
    Birgit Lauesen."""
    words = name.split()
    while len(words) > 1 and words[0].casefold() in LEAD_WORDS:
        words = words[1:]
    return " ".join(words)


def looks_like_name(text: str) -> bool:
    """A person's name: 1-5 capitalised words, no digits, no library or job words."""
    words = text.split()
    return (
        1 <= len(words) <= 5
        and all(w[:1].isupper() for w in words if w.lower() not in PARTICLES)
        and not re.search(r"[\d@:/|&()!?]", text)
        and words[0].casefold().strip(",.") not in NOT_FIRST_NAMES
        and not ORG_WORD.search(text)
        and not TITLE_WORD.search(text)
    )


# what a From display name adds after the name: her initials, her library ("Kim Bæk
# (KIBA)", "Pia Sand - Svendborg Bibliotek", "Holm, Mette | Kultur")
DISPLAY_TAIL = re.compile(r"\s*(?:\([^)]*\)|\s[-–|/]\s.*)\s*$")


def display_name_person(display: str, address: str) -> str:
    """The From display name when it names a person ("Holm, Mette" reordered), else ""."""
    if not display or (address and is_role_address(address)):
        return ""
    display = DISPLAY_TAIL.sub("", display)
    if display.count(",") == 1:
        last, first = (part.strip() for part in display.split(","))
        display = f"{first} {last}"
    display = fold(display.strip("'\" "))
    return display if looks_like_name(display) and len(display.split()) >= 2 else ""


def find_signature(lines: list[str]) -> Signature:
    """The block after the last closing greeting ("Venlig hilsen", "Mvh Kasper", ...)."""
    for i in range(len(lines) - 1, -1, -1):
        match = GREETING.match(lines[i].strip())
        if not match:
            continue
        rest = match.group("rest").strip()
        if rest and not looks_like_name(rest):
            continue
        block = ([rest] if rest else []) + [x.strip() for x in lines[i + 1 :] if x.strip()]
        return _read_signature(block[:8], i)
    return _unmarked_signature(lines)


def _unmarked_signature(lines: list[str]) -> Signature:
    """No closing greeting: the last paragraph, when it starts with a full name
    ("Kim Larsen", "/Kim Larsen", "- Kim Larsen", also under "-- ") and is short, and is
    not the whole mail unless each line after the name is a title, an organisation, a
    number or an address."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    block = [line.strip() for line in lines[start:end]]
    if block and block[0] == "--":  # the delimiter above a signature ("-- ", RFC 3676)
        block = block[1:]
    if not block or len(block) > 6 or start == 0 and not all(
            TITLE_WORD.search(line) or ORG_WORD.search(line) or re.search(r"[\d@]", line)
            for line in block[1:]):  # a mail of its signature alone: its subject says it all
        return Signature()
    first = re.sub(r"^[/–-]+\s*", "", block[0])
    if not (looks_like_name(first) and len(first.split()) >= 2):
        return Signature()
    return _read_signature([first, *block[1:]], start)


# an academic title before a name in a signature: "Dr. Sabine Kühnert", "Prof. ..."
ACADEMIC = re.compile(r"^(?:dr|prof|ph\.?\s?d|mag|cand\.\s?\w+)\.?\s+(?=[A-ZÆØÅ])", re.I)


def _read_signature(block: list[str], start: int) -> Signature:
    block = [ACADEMIC.sub("", block[0]), *block[1:]] if block else block
    name = block[0] if block and looks_like_name(block[0]) else ""
    rest = block[1:] if name else block
    if name and len(name.split()) == 1 and rest and looks_like_name(rest[0]) and (
            rest[0].split()[0] == name):
        name, rest = rest[0], rest[1:]  # "Kh Signe" then "Signe Munk Hansen"
    title = next((line for line in rest if TITLE_WORD.search(line)
                  and not re.search(r"[\d@]", line)), "")
    emails = tuple(e.lower() for line in rest for e in EMAIL_RE.findall(line))
    return Signature(name=name, title=_title_part(title), organisation=organisation_in(rest),
                     emails=emails, start=start)


def organisation_in(lines: list[str]) -> str:
    """The library as the signature writes it: a line of its own beats "Titel, Afdeling";
    a library beats the municipality it belongs to ("Solrød Bibliotek" over the "Solrød
    Kommune" line under it), and the library system its branch ("Aarhus Kommunes
    Biblioteker" over "Tranbjerg Bibliotek")."""
    found: list[str] = []
    lines = [line.strip().strip("[]") for line in lines]  # (a logo's alt text: "[Vejle ...]")
    # (its English name in brackets after the Danish: "Aarhus Bibliotekerne (Aarhus Public
    # Libraries)")
    lines = [ENGLISH_NAME.sub("", line) if DANISH_LIBRARY.search(line) else line
             for line in lines]
    # (" - afdeling", " / Kultur og Borgerservice", a signature table's next cell after a tab)
    for line in (re.split(r"\s+[-–—/]\s+|\t", line)[0] for line in lines):
        if ORG_WORD.search(line) and not re.search(r"[,|·@\d:]", line) and not (
                TITLE_WORD.search(line)):
            found.append(fold(line))
    for line in lines:
        if re.search(r"[@:]", line):
            continue
        for part in reversed(re.split(r"\s*[,|·]\s*|\s+[-–—/]\s+", line)):
            stripped = _LEADER_OF.sub("", part).strip()
            if ORG_WORD.search(stripped) and not re.search(r"\d", stripped) and (
                    stripped != part.strip() or not TITLE_WORD.search(stripped)):
                found.append(fold(stripped))
    # (its Danish name before its English one: "Københavns Biblioteker | Copenhagen Libraries")
    libraries = sorted((f for f in found if LIBRARY_WORD.search(f)),
                       key=lambda f: not DANISH_LIBRARY.search(f))
    # (a library by its name before a department: "Ishøj Bibliotek", "Stadsbiblioteket
    # Lyngby", not "Borgerservice og Bibliotek")
    named = [f for f in libraries if ORG_PHRASE.match(f) or _with_a_place(f)]
    # (a department without a library's name gives way to the municipality: "Leder af
    # Borgerservice og Bibliotek" over "Læsø Kommune")
    municipal = [f for f in found if not LIBRARY_WORD.search(f)]
    return next((f for f in named if SYSTEM_WORD.search(f)),  # (not "Head of Libraries")
                (named or municipal or libraries or [""])[0])


# the words of a department's or a branch's name, not of a place: "Borgerservice og
# Bibliotek", "Branch Libraries"
DEPARTMENT_WORD = re.compile(
    r"^(?:\w*bibliotek\w*|\w*librar\w*|borgerservice|kultur\w*|fritid|og|i|&|service\w*"
    r"|afdeling\w*|center|centret|branch\w*|main|central|public|lokal\w*)$", re.I)


def _with_a_place(organisation: str) -> bool:
    """Whether a library's words name a place besides their own: "Stadsbiblioteket
    Lyngby", "Biblioteket i Ringe"."""
    words = organisation.split()
    return 1 < len(words) <= 4 and all(w[:1].isupper() or w in ("i", "og", "&") for w in words) \
        and any(w[:1].isupper() and not DEPARTMENT_WORD.match(w) for w in words)


def organisation_named(text: str) -> str:
    """A library named anywhere in the text ("Faktura til Viborg Bibliotekerne, EAN ...",
    "Mvh Ane, Billund Bibliotek"), the library system before a branch: the last resort
    when no signature or form gives the organisation."""
    text = re.sub(r"[ \t]+\r?\n", " ", text)  # a soft break (format=flowed) goes on
    found = [_LEADER_OF.sub("", fold(m.group(0))) for m in ORG_PHRASE.finditer(text)]
    systems = [f for f in found if SYSTEM_WORD.search(f)]
    lower = [m.group("org") for m in ORG_IN_LOWER_CASE.finditer(text)
             if m.group("town").casefold() not in NOT_A_TOWN]
    return (systems or found or lower or [""])[0]


def library_of_municipality(organisation: str, text: str) -> str:
    """A municipality ("Hjørring Kommune" in a secretary's signature) gives way to its
    library when the text names it ("Fakturaen bedes sendt til Hjørring Bibliotekerne"):
    the library is the organisation; another town's library is not hers."""
    if not organisation or LIBRARY_WORD.search(organisation):
        return organisation
    town = organisation.split()[0]
    text = re.sub(r"[ \t]+\r?\n", " ", text)
    found = [fold(m.group(0)) for m in ORG_PHRASE.finditer(text)
             if m.group(0).split()[0] == town]
    systems = [f for f in found if SYSTEM_WORD.search(f)]
    return (systems or found or [organisation])[0]


# a title before the organisation: "Leder af Vejle Bibliotekerne", "Souschef Roskilde
# Bibliotekerne"
_LEADER_OF = re.compile(
    r"^(?:\w*(?:leder|chef|direktør|bibliotekar|konsulent)|head|director|manager)\s+"
    r"(?:(?:af|for|ved|på|i|of|at)\s+|(?=(?-i:[A-ZÆØÅ])))",
    re.I,
)


def _title_part(line: str) -> str:
    return fold(re.split(r"\s*[,|]\s*", line)[0]) if line else ""


FORM_KINDS = {"navn": "name", "name": "name", "fulde navn": "name", "deltager": "name",
              "titel": "title", "stilling": "title", "title": "title", "job title": "title"}


def form_blocks(text: str) -> list[dict[str, str]]:
    """"Navn: ...", "Bibliotek: ...", "E-mail: ...", "EAN: ..." lines as one block per
    person: a kind that comes again begins the next block (a form filled in twice)."""
    blocks: list[dict[str, str]] = []
    block: dict[str, str] = {}
    for match in FORM_FIELD.finditer(text):
        key = match.group("key").lower()
        kind = FORM_KINDS.get(key) or ("email" if "mail" in key else "ean"
                                       if key.startswith("ean") else "organisation")
        if kind in block:
            blocks.append(block)
            block = {}
        value = match.group("value")
        block[kind] = _system_in(value) if kind == "organisation" else value
    return [*blocks, block] if block else blocks


def _system_in(value: str) -> str:
    """A form's workplace as the library system when the line names one beside the branch
    ("Arbejdssted: Esbjerg Hovedbibliotek, Esbjerg Kommunes Biblioteker"), else as written."""
    found = organisation_in([value])
    return found if re.search(r"[,|·]", value) and SYSTEM_WORD.search(found) else value


def form_fields(text: str) -> dict[str, str]:
    """The first block of form fields (see `form_blocks`)."""
    blocks = form_blocks(text)
    return blocks[0] if blocks else {}


# the column heads of a table of participants (rows pasted from a spreadsheet, an HTML
# table made text): a word a head contains, and the field its column gives, the first
# that fits ("Deltagerens e-mail" is a mail column); "" is a column we do not read (a
# branch column is not the organisation: the chief's is, as for any colleague)
COLUMNS = (
    ("mail", "email"), ("ean", "ean"), ("fornavn", "first"), ("firstname", "first"),
    ("efternavn", "last"), ("surname", "last"), ("lastname", "last"), ("navn", "name"),
    ("name", "name"), ("deltager", "name"), ("participant", "name"), ("titel", "title"),
    ("stilling", "title"), ("title", "title"), ("funktion", "title"), ("afdeling", ""),
    ("filial", ""), ("enhed", ""), ("department", ""),
    # a library's name there is the participant's own ("Aabenraa Bibliotekerne"); a
    # branch or department is not
    ("bibliotek", "organisation"), ("arbejdssted", "organisation"),
    ("organisation", "organisation"), ("organization", "organisation"),
    ("library", "organisation"),
    ("telefon", ""), ("tlf", ""), ("mobil", ""), ("phone", ""),
    ("arrangement", ""), ("netværk", ""), ("event", ""),
)


def _column(head: str) -> str | None:
    """The field a column head names ("E-mailadresse": "email"), None when unknown."""
    key = re.sub(r"[\s.:-]", "", head.casefold())
    return next((field for word, field in COLUMNS if word in key), None)


# the joins of a line of names: "Anne Fog; Martin Krogh; Lise Thorup", "Cecilie Ravn &
# Morten Aagesen", "Allan Poulsen og Nina Holm"
NAME_JOIN = re.compile(r"\s*(?:[,;&/+]|\bog\b|\band\b)\s*", re.I)


def names_over_addresses(body: str) -> list[Person]:
    """People named on one line and given their addresses on the next, as many as the
    names ("Birgitte Holm og Kasper Juul" over "biho@..., kaju@..."): each takes the
    address made of her name, else the one in her place."""
    lines = [line.strip() for line in body.splitlines()]
    for line, below in itertools.pairwise(lines):
        names = [n for n in NAME_JOIN.split(line) if n]
        addresses = [a.lower() for a in EMAIL_RE.findall(below)]
        if len(names) < 2 or len(addresses) != len(names) or NAME_JOIN.sub(
                "", EMAIL_RE.sub("", below)) or not all(
                len(n.split()) >= 2 and looks_like_name(n) for n in names):
            continue
        fitting = {n: a for n in names for a in addresses if fits_address(n, a)}
        if len(set(fitting.values())) < len(fitting):
            fitting = {}  # (two names fit one address: the order decides)
        left = [a for a in addresses if a not in fitting.values()]
        return [Person(n, fitting.get(n) or left.pop(0)) for n in names]
    return []


def table_people(body: str) -> list[Person]:
    """People in the rows of a table whose first line heads its columns ("Fornavn
    Efternavn Mail Afdeling", "Navn | Mail | EAN"): a name split over first-name and
    surname columns is joined, and each row keeps its own address and EAN."""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        heads = _column_heads(line)
        if heads:
            return _table_rows(lines[i + 1 :], line, heads)
    return _table_cell_by_cell(lines)


def _table_cell_by_cell(lines: list[str]) -> list[Person]:
    """A table whose text has one cell to a line, as Outlook writes a Word table's text
    part ("Navn" / "Stilling" / "Arrangement" / "Birthe Sand" / "Souschef" / ...): a run of
    bare column heads, then its rows, as many cells each."""
    cells = [line.strip() for line in lines if line.strip()]
    for i in range(len(cells)):
        heads = list(itertools.takewhile(_bare_head, cells[i:]))
        fields = [_column(h) or "" for h in heads]
        if len(heads) >= 2 and {"name", "first"} & set(fields):
            rest = cells[i + len(heads):]
            rows = ["\t".join(rest[r : r + len(heads)])
                    for r in range(0, len(rest) - len(heads) + 1, len(heads))]
            return _table_rows(rows, "\t".join(heads), fields)
    return []


def _bare_head(cell: str) -> bool:
    """A cell that is a column head and nothing else: "Navn", "E-mail" (not "Navn: Bo")."""
    return len(cell.split()) <= 2 and not re.search(r"[:@\d]", cell) and _column(cell) is not None


def _column_heads(line: str) -> list[str]:
    """The fields of a table's head line, or [] when the line is no such head: at least
    two short cells, one of them a name, and each a known column unless one is a mail."""
    cells = [c for c in CELL_GAP.split(line.strip()) if c]
    fields = [_column(c) for c in cells]
    if len(cells) < 2 or not {"name", "first"} & set(fields) or (
            None in fields and "email" not in fields) or any(len(c) > 30 for c in cells):
        return []
    return [f or "" for f in fields]


def _cells(row: str, head: str, count: int) -> list[str]:
    """A row cut into as many cells as its head has: at tabs or bars as pasted, else at
    wide gaps, else where the head's columns begin (an empty cell in laid-out text)."""
    for gap in ("\t", "|", ";"):
        if gap in head:
            return [c.strip() for c in row.strip(" \r").strip("|").split(gap)]
    cells = [c for c in CELL_GAP.split(row.strip()) if c]
    if len(cells) == count:
        return cells
    starts = [m.start() for m in re.finditer(r"\S+(?: \S+)*", head)]
    return [row[a:b].strip() for a, b in zip(starts, [*starts[1:], len(row) + 1], strict=True)]


def _table_rows(lines: list[str], head: str, fields: list[str]) -> list[Person]:
    """The rows under a table's head, to the first line that is no row."""
    people: list[Person] = []
    for line in lines:
        if not line.strip():
            continue
        cells = _cells(line, head, len(fields))
        if len([c for c in cells if c]) < 2:
            break
        row = {field: cell for field, cell in zip(fields, cells, strict=False) if field}
        name = fold(row.get("name") or f"{row.get('first', '')} {row.get('last', '')}")
        if name.count(",") == 1:  # "Lund, Jesper", as an address book writes it
            name = " ".join(part.strip() for part in reversed(name.split(",")))
        if not (looks_like_name(name) and plausible(name)):
            continue
        email = EMAIL_RE.search(row.get("email", ""))
        ean = re.sub(r"\D", "", row.get("ean", ""))
        library = ORG_PHRASE.fullmatch(row.get("organisation", "").strip())
        people.append(Person(name, email.group(0).lower() if email else None,
                             library.group(0) if library else None,
                             ean if len(ean) == 13 and ean_check_ok(ean) else None,
                             row.get("title") or None))
    return people


def named_people(body: str, skip: set[str]) -> list[Person]:
    """People the text names with an address or as "min kollega <Navn>", in text order."""
    found: list[tuple[int, Person]] = []
    names_seen: set[str] = set()
    for match in EMAIL_RE.finditer(body):
        email = match.group(0).rstrip(".").lower()
        if email in skip or is_role_address(email):
            continue
        name = _without_genitive(body, _name_for_address(body, match.start())) or \
            _name_after_address(body, match.end()) or _made_of_a_name_nearby(body, match)
        if name and name.casefold() not in names_seen:
            names_seen.add(name.casefold())
            found.append((match.start(), Person(name, email)))
    loose: list[tuple[int, str]] = []
    for match in (*COLLEAGUE_CUE.finditer(body), *INTRODUCED.finditer(body)):
        for position, name in _name_series(body, match.start("name"), match.group("name")):
            if name.casefold() not in names_seen and plausible(name):
                names_seen.add(name.casefold())
                loose.append((position, name))
    spare = [e.lower() for e in EMAIL_RE.findall(body)
             if e.lower() not in skip and not is_role_address(e)
             and e.lower() not in {p.email for _, p in found}]
    for position, name in loose:  # "min kollega X ... Hans mail er x@..."
        found.append((position, Person(name, spare[0] if len(loose) == 1 and len(spare) == 1
                                       else None)))
    return [p for _, p in sorted(found, key=lambda item: item[0])]


def _name_after_address(body: str, at: int) -> str:
    """The name after an address that leads its line: "brkr@fredericia.dk: Bruno Krag"."""
    line_start = body.rfind("\n", 0, at) + 1
    after = re.match(rf"[ \t]*[:–-][ \t]*({NAME})", body[at:])
    if after and not body[line_start:at].split("@")[0].strip(" -•*\t").count(" ") and \
            plausible(after.group(1)):
        return after.group(1)
    return ""


SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")


def _made_of_a_name_nearby(body: str, address: re.Match[str]) -> str:
    """The one full name in the address's paragraph, before it or after it in its sentence,
    that the address is made of ("Ditte la Cour ... Ditte har dilc@...", "Łukasz Zieliński
    fra Makerspace skal også med - han har luzi@..."): prose gives the name and the address
    apart."""
    start = body.rfind("\n\n", 0, address.start()) + 1
    end = SENTENCE_END.search(body, address.end())
    email = address.group(0)
    fits = {name for m in NAME_RE.finditer(body, start, end.start() if end else len(body))
            if plausible(name := without_lead_words(m.group(0))) and fits_address(name, email)}
    return fits.pop() if len(fits) == 1 else ""


def _without_genitive(body: str, name: str) -> str:
    """A name as the genitive of a seat beside the writer's own ("min egen og Lise
    Ulriksens (uliul@...)"): the name without its s."""
    if name.endswith("s") and re.search(
            rf"\b(?:min|mit|mine)(?:\s+eg(?:en|et|ne))?\s+og\s+{re.escape(name)}\b", body):
        return name[:-1]
    return name


def _name_series(body: str, start: int, first: str) -> list[tuple[int, str]]:
    """"vores teamleder Jonas Skov og souschef Eva Lund": the cued name and those joined
    to it with "og", "and" or a comma."""
    series = [(start, first)]
    at = start + len(first)
    while match := _NEXT_NAME.match(body, at):
        series.append((match.start("name"), match.group("name")))
        at = match.end()
    return series


# between the cells of a table row as text: the columns inscriptis lays out, tabs, bars
CELL_GAP = re.compile(r"\s{2,}|\t|\s*[|;]\s*")  # (";" as a spreadsheet copied as text)
# "Efternavn, Fornavn <adresse>", as Outlook's address book writes a name, and as a list
# does ("Krogh, Mette – mekr@...", "- Nielsen, Karen (kani@...)")
_TURNED = re.compile(rf"(?:^\s*(?:{BULLET}\s*|\d+[.)]\s*)?|[;>]\s*)({WORD}),[ \t]*({WORD}(?:[ \t]+"
                     rf"{WORD})?)\s*(?:<|\(|[–—-]|:)\s*$")
# a list line that is "Efternavn, Fornavn" and nothing else, as a staff list writes it
_TURNED_LINE = re.compile(rf"^({WORD}(?:[ \t]+{WORD})?),[ \t]*({WORD}(?:[ \t]+{WORD})?)\s*$")
_NEXT_NAME = re.compile(
    rf"[ \t]*(?:,|og|and|&)[ \t]+(?:[{LOWER}-]+[ \t]+){{0,2}}?(?P<name>{NAME})")


def _name_for_address(body: str, at: int) -> str:
    """The name written just before an address: "Navn (a@b)", "Navn – a@b", "- Navn, titel,
    a@b", "Navn – titel – a@b"."""
    return without_lead_words(_written_before(body, at))


def _written_before(body: str, at: int) -> str:
    """The words before an address that name a person, as written: on its line, after
    the address before it ("Camilla Storm, cast@... / Henrik Bæk, hebk@...")."""
    line_start = body.rfind("\n", 0, at) + 1
    line_start = max([line_start] + [m.end() for m in EMAIL_RE.finditer(body, line_start, at)])
    before = body[line_start:at]
    # a list item that starts with the name wins over words just before the address
    # ("- Daniel Brask, Head of Citizen Services (dabr@...)"), also after a title in lower
    # case ("- afdelingsleder Birgitte Holm Munch, Rønne (birgitte.munch@...)")
    item = re.match(rf"^\s*(?:{BULLET}\s*|\d+[.)]\s*)?(?:[{LOWER}-]+\s+){{0,2}}({NAME})"
                    # ("- Lotte Brink fra Samsø Bibliotek (lobr@...)")
                    rf"(?:\s*\([^)@]*\))?(?:\s*,|\s+[–—-]\s|\s+(?:fra|from)\s+[{UPPER}][^(,]*\()",
                    before)  # "1) Sofie Ravn (bibliotekar) – a@b"
    if item and plausible(without_title(item.group(1))) and not SENTENCE_END.search(
            before, item.end()):  # "2. Bibliotekar Bo Holm, a@b" (not the subject of a
        # sentence before the one with the address: "Bo Kragh, som vi tilmeldte ..., har
        # fået nyt job. I stedet for Bo kommer ... Nanna Helbo (nahe@...)")
        return without_title(item.group(1))
    direct = re.search(rf"({NAME})\s*(?:[(<\[,]|[–—-]|:)\s*$", before)  # "Mikkel Sand, a@b"
    if direct and plausible(without_title(direct.group(1))):  # ("Bibliotekschef Jørgen
        return without_title(direct.group(1))  # Winther (jowi@...)")
    turned = _TURNED.search(before)  # "Clausen, Dorthe <docl@...>", from an address book
    if turned and plausible(turned.group(2)):
        return f"{turned.group(2)} {turned.group(1)}"
    cells = [c for c in CELL_GAP.split(before.strip()) if c]  # a table's row: name first
    if len(cells) >= 2 and re.fullmatch(NAME, cells[0]) and plausible(cells[0]):
        return cells[0]
    # "Ahmad Rasuli             ahra@...", "Bettina Ladefoged (mig)  bela@..."
    row = re.fullmatch(rf"\s*({NAME})(?:\s*\([^)@]*\))?(?:[ ]{{2,}}|\t)\s*", before)
    if row and plausible(row.group(1)):
        return row.group(1)
    # "Sofie Lund sofl@...": a line of a name and an address made of it, nothing between
    plain = re.fullmatch(rf"\s*(?:{BULLET}\s*|\d+[.)]\s*)?({NAME})\s+", before)
    address = EMAIL_RE.match(body, at)
    if plain and address and fits_address(plain.group(1), address.group(0)):
        return plain.group(1)
    if not before.strip():  # the address alone under a "Navn, titel, bibliotek" line
        return _name_above(body[:line_start].splitlines())
    return ""


def _name_above(lines: list[str]) -> str:
    """The name that leads the lines just above an address on its own line: "Navn,
    titel" on the line before, or "Navn" with title, library and phone lines between
    (a colleague's signature pasted in)."""
    above = [line for line in lines[-6:] if line.strip()][-4:]
    for i in range(len(above) - 1, -1, -1):
        lead = re.match(rf"^\s*(?:{BULLET}\s*)?({NAME})\s*(?:,|$)", above[i])
        if lead and plausible(lead.group(1)):
            return lead.group(1)
        if "@" in above[i] or not (TITLE_WORD.search(above[i]) or ORG_WORD.search(above[i])
                                   or PHONE_LINE.match(above[i])):
            return ""
    return ""


PHONE_LINE = re.compile(r"^\s*(?:tlf|telefon|mobil|mob|direkte|phone|tel)\b", re.I)


_ITEM = re.compile(rf"^\s*(?:{BULLET}|\d{{1,2}}[.)])?\s*(?P<rest>\S.*)$")
# (a hyphen inside a word is part of the name: "Hanna Friis-Mortensen")
_LEAD_NAME = re.compile(r"^(?P<name>[^,;(<\[\d@:]+?)\s*(?:[,;(<\[–]|-(?!\w)|$)")


def listed_without_address(body: str) -> list[str]:
    """People in a list of participants who come without an address: in a run of
    list lines ("- Navn, adresse", one per line, or a table's rows) where others have
    theirs, a line that begins with a name and gives none ("Carina Lauesen (hun har
    ikke fået mail endnu)", "Caspar Holm   Bibliotekar   (følger)"); and a list of bare
    names under a line that ends with a colon ("... på skønlitteraturkurset:"), also
    written surname first ("Bruun, Anette")."""
    found: list[str] = []
    run: list[str] = []
    head = ""
    lines = body.splitlines()
    for i, line in enumerate([*lines, ""]):
        item = _ITEM.match(line)
        if item and not line.rstrip().endswith(":"):
            turned = _TURNED_LINE.match(item.group("rest"))  # "Bruun, Anette"
            run.append(f"{turned.group(2)} {turned.group(1)}" if turned else item.group("rest"))
            continue
        if run and CELL_GAP.search(run[-1].strip()) and i + 1 < len(lines) and \
                CELL_GAP.search(lines[i + 1].strip()):
            continue  # a blank line between a table's rows (HTML made text)
        names = list(itertools.takewhile(_bare_name, run)) if head.endswith(":") else []
        leads = [_lead_name(r) for r in run] if head.endswith(":") else []
        if len(names) >= 2:  # the names under "Vi sender tre medarbejdere på kurset:"
            found += [fold(n) for n in names]
        elif len(leads) >= 2 and all(leads) and not any(EMAIL_RE.search(r) for r in run):
            found += leads  # "- Hanne Kirkegaard, afdelingsleder Maribo" under a colon
        elif len(run) >= 2 and any(EMAIL_RE.search(r) for r in run):
            found += [name for rest in run
                      if not EMAIL_RE.search(rest) and (name := _lead_name(rest))]
        # the line that heads the next run: a colon line, or a blank after it
        head = line.rstrip() or ("" if run else head)
        run = []
    return found


def _lead_name(item: str) -> str:
    """The name a list item begins with, before a comma or a dash ("Hanne Kirkegaard,
    afdelingsleder Maribo"), or ""."""
    lead = _LEAD_NAME.match(CELL_GAP.split(item.strip())[0])
    name = fold(lead.group("name")) if lead else ""
    return name if len(name.split()) >= 2 and looks_like_name(name) and plausible(name) else ""


def _bare_name(line: str) -> bool:
    """A list line that is a person's name and nothing else: "Peter Lassen"."""
    name = fold(line)
    return 2 <= len(name.split()) <= 4 and NAME_RE.fullmatch(name) is not None and \
        plausible(name)


def meant_by_pronoun(body: str) -> list[str]:
    """Full names of people a sentence signs up or cancels as "her" or "him", or whose
    yes it reports (see `BY_PRONOUN`): the last name before the pronoun in the sentence,
    else in the sentence before. Not in a sentence that hesitates or only says who
    approves or pays ("Min chef Bo Ravn har godkendt det, han har sagt ja")."""
    found: list[str] = []
    previous = ""
    for sentence in sentences_of(body):
        cue = BY_PRONOUN.search(sentence)
        if cue and not HESITATING.search(sentence) and not BYSTANDER.search(sentence):
            names = _full_names(sentence[: cue.start()]) or _full_names(previous)
            found += [n for n in names[-1:] if n not in found]
        previous = sentence
    return found


def _full_names(text: str) -> list[str]:
    """The full names of people in a text, in order (not a library, not a title)."""
    names = (without_lead_words(m.group(0)) for m in NAME_RE.finditer(text))
    return [n for n in names if len(n.split()) >= 2 and looks_like_name(n) and plausible(n)]


# how a name's letters are written in an address: "Łukasz Zieliński" is luzi@
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ł": "l", "đ": "d", "ß": "ss", "ı": "i"})


def _spellings(word: str) -> set[str]:
    """A name's word as an address may spell it: as written, with Danish letters spelled
    out, and with accents dropped ("Wójcik": wojcik)."""
    spelled = word.translate(_ASCII)
    plain = "".join(c for c in unicodedata.normalize("NFKD", spelled)
                    if not unicodedata.combining(c))
    return {word, spelled, plain, plain.replace("aa", "a")}


def fits_address(name: str, address: str) -> bool:
    """Whether an address is made of the name: a beginning of each of its words, in
    order, a middle name left out or not ("Mette Bundgaard": mebu@, mette.bundgaard@,
    mbundgaard@; "Ane Kirstine Juul": akj@)."""
    local = re.sub(r"[\d._-]", "", address.partition("@")[0].casefold())
    words = [w.casefold() for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2 or not local:
        return False

    def made(rest: str, i: int) -> bool:
        if i == len(words):
            return not rest
        if 0 < i < len(words) - 1 and made(rest, i + 1):  # a middle name left out
            return True
        return any(made(rest[n:], i + 1) for word in _spellings(words[i])
                   for n in range(1, len(word) + 1) if rest.startswith(word[:n]))
    return made(local, 0)


def sentences_of(body: str) -> list[str]:
    """The sentences of a text, a wrapped sentence joined, a list item on its own."""
    return [sentence.strip(" ")
            for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•·–]|\d{1,2}[.)])\s)", body)
            for sentence in re.split(rf"(?<=[.!?])\s+(?=[^a-zæøå\s\d(]){GOES_ON}",
                                     re.sub(r"[ ]*\n[ ]*", " ", paragraph))]


def plausible(name: str) -> bool:
    """A name that is no organisation and no job title ("Region Midtjylland")."""
    return not ORG_WORD.search(name) and not TITLE_WORD.search(name)


def line_details(body: str, person: Person) -> tuple[str, str]:
    """(title, organisation) from a "Navn, titel, bibliotek" line about this person (or
    "Navn | Titel | Bibliotek | Tlf.", "..., Librarian, X Biblioteker. EAN: ..."), the
    library also on the line under it ("Hjalte Brun, Leder af Borgerservice og Bibliotek"
    over "Læsø Bibliotek")."""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if person.name in line and re.search(r"[,|·]", line):
            parts = [p.strip() for p in re.split(r"\s*[,|·]\s*|\.\s+",
                                                 line.split(person.name, 1)[1])]
            parts = [p.rstrip(".") for p in parts + lines[i + 1:i + 2]
                     if p and not EMAIL_RE.search(p)]
            organisation = organisation_in(parts)
            title = next((p for p in parts if TITLE_WORD.search(p) and p != organisation), "")
            return title, organisation
    return "", ""


def same_person(a: str, b: str) -> bool:
    """Names that refer to the same person: equal, or one adds middle names to the other."""
    wa, wb = a.casefold().split(), b.casefold().split()
    if not wa or not wb:
        return False
    return wa == wb or (wa[0] == wb[0] and wa[-1] == wb[-1])


def with_details(people: list[Person], organisation: str | None, ean: str | None) -> list[Person]:
    return [replace(p, organisation=p.organisation or organisation, ean=p.ean or ean)
            for p in people]
