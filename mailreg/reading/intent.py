"""What a mail asks for, weighed: cues from a table kept as data
(`lexicon/intent.toml`), found sentence by sentence in the mail's new text, summed by
kind, and judged against thresholds. Not the first pattern that matches: a sign-up
with a condition, a sign-up that also cancels, or too little evidence goes to the
coordinator, and the cues that decided are kept to explain it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from mailreg.domain.model import Evidence, Intent, Note, Why

LEXICON = Path(__file__).resolve().parent / "lexicon" / "intent.toml"
WORDS = LEXICON.with_name("words.toml")
SPELLING = LEXICON.with_name("spelling.toml")
WORD = re.compile(r"[^\W\d_]+")
ENOUGH = 3  # the sum of weights that makes a sign-up or a cancellation
# a new sentence: after . ! ? when a capital follows ("den 22. april" is one), a line, a dash
# (not before a digit: "d. 27/3", "kl. 10" go on)
# A sentence that only says whom the one before applies to goes on with it: "Vi må aflyse
# vores deltagelse. Det gælder både undertegnede og Maria Lindgren."
GOES_ON = r"(?!(?:Det|Dette|This|That)\s+(?:gælder|omfatter|applies|goes\s+for)\b)"
# A dash before "dog", "hvis", "forudsat" ... keeps the limit with the clause it limits: "Skriv
# også Bente på – dog med forbehold, for hun ved først på fredag, om hun kan få fri"
LIMITS = r"(?!(?:dog|hvis|if|forudsat|provided|såfremt|medmindre|unless|i\s+givet\s+fald)\b)"
PARAGRAPH = re.compile(r"\n[ \t]*\n")
SENTENCE = re.compile(rf"(?<=[.!?])\s+(?=[^a-zæøå\s\d]){GOES_ON}|\n+|\s+[–—]\s+{LIMITS}")
# a line break inside a sentence, as mail programs wrap plain text: the next line goes
# on in lower case after a line that ends without a stop
WRAPPED = re.compile(r"(?<=[^\n.!?:;])[ \t]*\n[ \t]*(?=[a-zæøå(])")
# two dashes inside one sentence set a parenthesis apart, not two sentences: "sende Sanne
# fra børneafdelingen – Sanne Østergaard Lind – til kursusdagen"
PARENTHESIS = re.compile(r"\s[–—]\s([^–—.!?\n]{1,60}?)\s[–—]\s")
# a main clause of the writer's own after an indirect question: "Jeg vil gerne høre, om der
# er parkering, og så vil jeg gerne tilmelde mig"
OWN_CLAUSE = re.compile(r"(?:[,;]|\b(?:og|men|and|but)\b)\s*(?:(?:og|så|then)\s+)*"
                        r"(?:(?:jeg|vi|I|we)\s+(?:\w+\s+)?(?:vil|skal|kan|melder|tilmelder|will|would)"
                        r"|(?:vil|skal|kan|melder|tilmelder)\s+(?:jeg|vi))\b")
# where the clause a cue stands in begins
CLAUSE_START = re.compile(r"[,;:–—]|\b(?:men|og|så|but|and|so)\b", re.I)
# a "not" that says no "not": "Ikke mindst vil jeg gerne deltage", "not only"
NOT_A_NOT = re.compile(r"\b(?:ikke\s+(?:mindst|kun|bare|blot)|not\s+(?:only|least|just))\b", re.I)
NOBODY = re.compile(r"\b(?:ingen|neither|none|hverken)\s+(?:af|of)\s+(?:os|us|dem|them)\b", re.I)
NEGATED = re.compile(r"\b(?:ikke|aldrig|hverken|ingen|forhindret|not|never|cannot|nobody"
                     r"|none)\b", re.I)
# a place she holds already ("Jeg kommer stadig til netværket", "deltager allerede i"):
# no new sign-up
ALREADY = re.compile(r"\b(?:stadig|allerede(?!\s+nu\b)|fortsat|already|still)\b", re.I)
# ... or as it was: "Bo will attend as planned", "Karin kommer som aftalt" (not a request
# made as agreed: "Tilmeld mig som aftalt i telefonen")
ASKS_REGISTRATION = re.compile(r"tilmeld|regist|sign|skriv|meld", re.I)
AS_PLANNED = re.compile(r"\s+(?:\w+\s+){0,3}?(?:as\s+(?:planned|agreed|before)"
                        r"|som\s+(?:planlagt|aftalt|tidligere))\b", re.I)
# a sign-up, condition or hesitation counts when the writer speaks of herself or her own
# people ("jeg", "vi", "min kollega"); "hun vil med" is another's wish
# and so do colleagues she copies ("Karen og Mads (cc) vil gerne med") and her library
# ("Fanø Bibliotek vil gerne deltage")
# the English "I", not the Danish "I" (you): "om I vil med" asks others
ENGLISH_I = r"(?-i:\bI\b)(?![ \t]+(?:vil|kan|har|skal|er|må|gerne|også|ikke|selv)\b)"
# a sign-up's subject that is the one written to, or anyone: "om I vil med", "Kan du
# deltage", "man kan deltage"; not the writer's wish
YOU_BEFORE = re.compile(r"\b(du|man|you|(?-i:I))\s+(?:\w+\s+)?$", re.I)
DANISH_WORD = re.compile(r"(?:vil|kan|skal|har|er|må|gerne|også|deltage|komme|være|med)\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:jeg|vi|mig|os|min|mit|mine|vores|undertegnede|we|me|us|my|our"
                          r"|jag|meg|mina|vår|vårt|våra|våre)\b"  # (Swedish and Norwegian)
                          rf"|{ENGLISH_I}|\(cc\)|\b(?:står|er)\s+(?:på\s+|i\s+)?cc\b|\bbibliotek(?:et|erne|er)?\s+(?:vil|ønsker|deltager"
                          r"|kommer|sender|tilmelder)\b|\bfra\s+(?:\w+\s+){0,2}\w*bibliotek\w*"
                          # the addresses of those she signs up: "Sara Nygaard, sany@..., og ..."
                          r"|[\w.+-]+@[\w-]+\.\w",
                          re.I)
# a sentence that leaves out its "I", as a hurried mail does ("Vil gerne med til
# kursusdagen", "Kommer gerne", "Tjekker og vender tilbage", "Would love to join"): the
# writer is its subject
PRO_DROP = re.compile(r"^\W*(?:(?:og|men|så|ja|ok|okay|tak|and|but|yes)\W+)?"
                      r"(?:please|kindly|vil|ville|kan|kunne|skal|kommer|deltager|melder|tilmelder"
                      r"|ønsker|glæder|tjekker|vender|venter|overvejer|håber|would|will|can|shall"
                      r"|am|wish)\b(?!\s+(?:man|du|i|hun|han|de|det|der|jeg|vi|you|he|she|they|it"
                      r"|there|we)\b)", re.I)
FOR = ("signup", "request", "swap")
# a sentence that turns the one before round: "Men ...", and "Medmindre ..." after a
# cancellation ("Jeg melder afbud. Medmindre jeg kan blive flyttet til bæredygtighed")
BUT = re.compile(r"^\W*(?:men|but|medmindre|unless)\b", re.I)
# the answer to a question the sentence before asked: "I så fald ...", "If so ..."
IF_SO = re.compile(r"^(?:i\s+så\s+fald|i\s+givet\s+fald|hvis\s+ja|if\s+so)\b", re.I)
# ... and a plain "Så ..." after a question about room alone ("Er der plads til én mere? Så
# vil jeg gerne"), which the rules answer; after one whose answer decides ("Er der plads til
# tre, og giver I rabat? Så melder vi os til") it waits for the coordinator's answer
THEN = re.compile(r"^så\b", re.I)
# (room for several from one library is the coordinator's to weigh: "Er der plads til så
# mange fra ét bibliotek?")
ROOM_ASKED = re.compile(r"^\W*(?:er|har)\s+(?:der|i|du)\s+(?:\w+\s+){0,2}?plads\b"
                        r"(?!\s+til\s+(?:så\s+mange|flere|alle|os\s+alle|to|tre|fire|fem|seks"
                        r"|\d+)\b)"
                        r"(?![^?]*,\s*og\s+\w+\s+(?:i|du|der|man|vi|det)\b)", re.I)
# ... or after one that asks how to sign up, answered by her mail's arrival ("Er det dig,
# man skal skrive til? I så fald vil jeg gerne være med"); after any other the request
# waits for the answer ("Er man i målgruppen uden personaleansvar? I så fald ...")
HOW_ASKED = re.compile(r"\b(?:skrive|henvende\s+sig|melde\s+sig)\s+til\s+(?:dig|jer)\b"
                       r"|\bskal\s+skrive\s+til\b"
                       r"|\bhvordan\s+(?:\w+\s+)?(?:kommer|tilmelder|melder)\s+man\b", re.I)
AGAINST = ("condition", "hesitation")
# who a sentence's wish is when it is not the writer's: a colleague by name, or "hun",
# "de to i cc" ("Sofie vil gerne med i bæredygtighedsnetværket, se nedenfor"): her wish
# passed on, a sign-up only when the writer stands behind it (understand.py)
OTHERS_SUBJECT = re.compile(r"(?:^|[,;:–—-]\s*)(?:(?:både|og|også)\s+)?(?:(?-i:[A-ZÆØÅ][a-zæøå]+)"
                            r"(?:\s+(?:og|&)\s+(?-i:[A-ZÆØÅ][a-zæøå]+))?|hun|han|de\s+(?:to|tre)"
                            r"(?:\s+i\s+cc)?|she|he"
                            # a list of full names, or "alle tre afdelingsledere": "Britt
                            # Bertelsen, Søren Gade og Majken Holst skal med til ..."
                            r"|(?-i:[A-ZÆØÅ][a-zæøå]+(?:\s+[A-ZÆØÅ][a-zæøå-]+){0,2})"
                            r"(?:\s*(?:,|og|&)\s*(?-i:[A-ZÆØÅ][a-zæøå]+(?:\s+[A-ZÆØÅ][a-zæøå-]+){0,2}))+"
                            r"|alle\s+(?:to|tre|fire|fem|seks)(?:\s+\w+)?)"
                            r"\s+(?:\([^)]*\)\s*)?(?:\w+\s+){0,2}?$", re.I)
# a cue that names its subject first: "Mads skal med", "Ida må gerne komme med"
NAMED_FIRST = re.compile(r"(?-i:[A-ZÆØÅ][a-zæøå]+)\s")
# another's wish passed on: what follows "..., at hun" is hers to ask for
REPORTED = re.compile(r"\b(?:sige|siger|sagt|sagde|hilse\w*|fortæl\w*|skrive|skriver|skrev|skrevet"
                      r"|nævn\w*|spurgt|spørger|mener|tror|hørt|hører|videre|udtryk\s+for)\b[^.]*?"
                      r"\bat\s+(?:hun|han|de|vedkommende|den\s+(?:nye\s+)?\w+"
                      r"|(?-i:[A-ZÆØÅ][a-zæøå]+))\b"
                      # "Mark mentioned he'd like to join", "she said that she would like to"
                      r"|\b(?:mention(?:s|ed)?|said|says|told\s+(?:me|us)|wrote|writes)\s+"
                      r"(?:that\s+)?(?:she|he|they)\b", re.I)
# the others of a sentence ask for themselves: "..., så hun skriver selv til dig", "så de selv
# kan tilmelde sig", "she will write to you herself"
THEMSELVES = re.compile(r"\b(?:hun|han|de|vedkommende)\s+(?:\w+\s+)?(?:skriver|sender|melder"
                        r"|tilmelder)\s+(?:\w+\s+)?selv\b|\bselv\s+kan\s+tilmelde\s+sig\b"
                        r"|\b(?:she|he|they)\s+(?:will|\x27ll)\s+(?:write|register|sign\s+up)\b"
                        r"[^.]*?\b(?:herself|himself|themselves)\b"
                        r"|\blet\s+(?:him|her|them)\s+(?:write|register|sign\s+up)\b", re.I)
# a cancellation made already, thanked for or confirmed ("Tak for bekræftelsen på mit
# afbud"), or taken back ("Glem mit afbud fra i går"): no new one
ACKNOWLEDGED = re.compile(r"\b(?:tak\s+for|bekræftelse\w*\s+(?:på|af)|thanks?\s+(?:you\s+)?for"
                          r"|confirm\w*\s+(?:of|for)|modtaget|fået|registreret|noteret"
                          r"|glem|se\s+bort\s+fra|ignorer|fortryder|tilbagekalder|ignore)"
                          r"\s+(?:\w+\s+){0,5}?(?:afbud\w*|afmelding\w*|cancellation)"
                          # "Tak fordi du så hurtigt fik slettet min tilmelding", "min afmelding
                          # er registreret", "my cancellation went through"
                          r"|\btak\s+fordi\s+(?:\w+\s+){0,5}?(?:slettet|afmeldt|annulleret|fjernet)"
                          r"|\b(?:afbud|afmelding|cancellation)\w*\s+(?:\w+\s+){0,4}?(?:er\s+(?:blevet\s+)?"
                          r"(?:registreret|modtaget|noteret)|went\s+through|was\s+received)", re.I)
# a cancellation in the past ("Sidst måtte jeg melde afbud, men denne gang ...") is none now
PAST = re.compile(r"\b(?:sidst|sidste\s+(?:gang|år)|i\s+fjor|last\s+(?:time|year)"
                  r"|meldte\s+(?:mig\s+)?(?:afbud|fra)|afmeldte|havde\s+(?:\w+\s+)?meldt)\b"
                  # another's, told: "Min kollega Peter har vist meldt fra" (not "Jeg har ...")
                  r"|(?<!\bjeg\s)(?<!\bvi\s)\bhar\s+(?:vist\s+|selv\s+|allerede\s+|nok\s+)?"
                  r"meldt\s+(?:fra|afbud)\b|(?<!\bI\s)(?<!\bwe\s)\b(?:has|have|had)\s+"
                  r"(?:already\s+)?cancel+ed\b", re.I)
# a cancellation only supposed: "Skulle jeg blive forhindret, sender jeg en kollega", "Hvis
# jeg bliver syg"
# nobody to do it: "Vi har ikke pt. en anden leder, der kan overtage pladsen", "ingen, der
# kan tage hendes plads", "no one who could take her place"
NOBODY_WHO = re.compile(r"\b(?:ikke|ingen|no(?:\s+one|body)?)\b(?:\s+\S+){0,5}?,?\s+"
                        r"(?:der|som|who|that)\s+(?:kan|vil|could|can|would)\s+(?:\w+\s+)?$", re.I)
# a fact conceded beside another request, no cancellation: "Jeg vil gerne på mailinglisten,
# selvom jeg ikke har mulighed for at deltage i møderne i år"
CONCEDED = re.compile(r"\b(?:selv\s*om|skønt|even\s+though|although)\s+(?:\w+\s+){0,2}$", re.I)
SUPPOSED = re.compile(r"\b(?:skulle|hvis|if|should)\s+(?:jeg|vi|I|we)\s+(?:\w+\s+){0,2}?"
                      r"(?:blive|bliver|be|become|get)\b"
                      r"|\bdet\s+kan\s+(?:godt\s+|sagtens\s+)?være\s*,?\s+(?:at\s+)?(?:jeg|vi)\b",
                      re.I)
# a question asked only in a closing "if" ("jeg vil gerne med, hvis ikke det er for sent?"):
# the sign-up before it stands
IF_ASKED = re.compile(r"^(?:jeg|vi|i)\b.*[,\s]\s*(?:hvis|if)\b[^,.!?]*\?$", re.I)
# pictures in the text say nothing to the cues, and hide the end of a sentence ("jeg er klar 👍")
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+")
SUBJECT_I = re.compile(rf"\b(?:jeg|vi|undertegnede|we)\b|{ENGLISH_I}", re.I)
THIRD_PERSON = re.compile(r"\b(?:hun|han|de|she|he|they)\b", re.I)
# the writer sets herself aside while others take part ("Selv må jeg melde pas", "I cannot
# attend myself"): no cancellation ("afmelde mig selv" is one, and "Jeg selv og Mette Kold
# må melde fra" cancels both)
SELF_ASIDE = re.compile(r"(?<!\bmig )(?<!\bos )\bselv\b(?!\s+og\b)|\bmyself\b", re.I)
# a question cancels when it asks the coordinator to ("Kan du afmelde mig?"), not when it
# asks what would happen ("Hvis jeg tilmelder mig, kan jeg så nå at afmelde mig igen?")
ASKS_YOU = re.compile(r"\b(?:du|dig|you)\b|(?-i:\bI\b)", re.I)
# a question the writer asks herself, or a colleague, about her own step: "Skal jeg og du
# melde fra til kursusdagen, eller hvad tænker du?", "Bør vi melde fra?"
DELIBERATES = re.compile(r"^\W*(?:skal|bør|burde|should)\s+(?:jeg|vi|I|we)\b", re.I)
# words of taking part or leaving that say something else: helping to do something ("være
# med til at lægge hus til"), leaving what is no event ("afmelde mig jeres nyhedsbrev",
# "melder fra til frokosten", "I cancelled my hotel"), what others called off ("Our team
# meeting got cancelled"), no cancellation at all ("Ingen afbud herfra")
OTHER_THAN_TAKING_PART = re.compile(
    r"\bvære\s+med\s+til\s+at\b"
    r"|\b(?:(?:af|fra)?meld\w*|afbud|aflys\w*|cancel\w*|droppe[r]?|trække[r]?\s+mig|slet\w*|fjern\w*"
    r"|remove\w*)\s+"
    r"(?:mig\s+|os\s+)?"
    r"(?:fra\s+|afbud\s+)?(?:\w+\s+){0,3}?(?:nyhedsbrev\w*|nyhedsmail\w*|udsendelse\w*"
    r"|mailliste\w*|mailing\s*list\w*|postliste\w*|abonnement\w*|frokost\w*|middag\w*|festmiddag\w*"
    r"|forplejning\w*|hotel\w*|overnatning\w*|værelse\w*|tandlæge\w*|styregruppe\w*"
    r"|lunch|dinner|room|newsletter|subscription)"
    r"|\b(?:got|was|were|has\s+been|have\s+been|er\s+blevet|blev)\s+(?:cancel+ed|aflyst)\b"
    # another meeting of her own let go to come ("meldt fra til et møde i KL for at kunne komme")
    r"|\b(?:fra|afbud)\s+til\s+(?:et|en|mit\s+eget|vores\s+eget|et\s+andet|en\s+anden)\s+"
    r"(?:\w+\s+)?\w*(?:møde|workshop|seminar)\w*|\b(?:den|en)\s+anden\s+workshop\b"
    r"|\bunsubscribe\b|\bingen\s+afbud\b"
    # keeping up with the networks, not joining one: "følge med i jeres netværk"
    r"|\bfølge\s+med\s+i\b|\bkeep\s+up\s+with\b"
    # a list to be on, not an event: "count me in for the reading list you mentioned"
    r"|\b(?:count\s+(?:me|us)\s+in|sign\s+(?:me|us)\s+up|add\s+(?:me|us)|tilmeld\w*\s+(?:mig|os)"
    r"|skriv\w*\s+(?:mig|os)(?:\s+op)?|sæt\w*\s+(?:mig|os))(?:\s+(?:venligst|gerne|please))?"
    r"\s+(?:(?:for|to|til|på)\s+(?:\S+\s+){0,5}?|(?:jeres\s+|your\s+|the\s+)?)"
    r"(?:reading\s+list|newsletter|mailing\s*list|læseliste\w*|litteraturliste\w*|nyhedsbrev\w*"
    r"|mailliste\w*|postliste\w*)"
    # copied, not signed up: "Sæt mig gerne på cc, når du sender praktisk information"
    r"|\b(?:sæt|skriv)\w*\s+(?:mig|os|hende|ham)\s+(?:gerne\s+|venligst\s+)?på\s+(?:cc|kopi)\b"
    # a speaker offered, not a participant: "melder jeg mig klar til at holde et kort oplæg"
    r"|\b(?:melde[rs]?|stille[rs]?)\s+(?:jeg\s+|vi\s+)?(?:mig|os)\s+(?:gerne\s+)?(?:klar|til\s+rådighed)"
    r"\s+til\s+at\s+(?:holde|give|fortælle|præsentere|bidrage)\b"
    r"|\bikke\s+(?:tænkt\s+mig\s+at|planer\s+om\s+at)\s+melde\s+(?:fra|afbud)\b", re.I)
# a question that asks the coordinator to do it: "Kan vi bytte Søren ud med Maria?"
ASKS_FOR = re.compile(r"^\W*(?:kan|kunne|vil|ville|må|could|can|would)\s+(?:du|i|vi|you|we)\b",
                      re.I)


@dataclass(frozen=True)
class Cue:
    id: str
    kind: str
    weight: int
    pattern: re.Pattern[str]
    example: str
    anyone: bool  # counts whoever the sentence speaks of (a form's line)
    needs: str = ""  # "signup": counts only in a sentence that also signs up; "cancel":
    # holds back the mail's cancellation wherever it stands ("..., før du sletter mig")


@cache
def cues() -> tuple[Cue, ...]:
    with LEXICON.open("rb") as f:
        table = tomllib.load(f)["cue"]
    return tuple(Cue(c["id"], c["kind"], int(c["weight"]),
                     re.compile(c["pattern"], re.I | re.M), c["example"],
                     bool(c.get("anyone", False)), c.get("needs", "")) for c in table)


@cache
def _holds_cancel() -> frozenset[str]:
    return frozenset(c.id for c in cues() if c.needs == "cancel")


@cache
def _needs_signup() -> frozenset[str]:
    return frozenset(c.id for c in cues() if c.needs == "signup")


@cache
def word_lists() -> dict[str, dict]:
    with WORDS.open("rb") as f:
        return tomllib.load(f)


def word_list(name: str) -> re.Pattern[str]:
    """One of the word lists of `lexicon/words.toml`, compiled."""
    return re.compile(word_lists()[name]["pattern"], re.I)


ASKS = word_list("asks")  # a question without a question mark
LOGISTICS = word_list("logistics")  # the journey, the stay, the time, the invoice
DELIVERY = word_list("delivery")  # whether her earlier mail arrived
APPROVAL = word_list("approval")  # who decides whether she may go
PRACTICAL = word_list("practical")  # the day itself: the journey, food, programme, invoice
DECIDING = word_list("deciding")  # what in a question can change the registration
WAITS_ON_ANSWER = word_list("waits_on_answer")  # "Hvis ...": the question decides after all
# the writer herself ("vi" is the library, not her; "meg" as a Norwegian writes it)
ME = re.compile(r"\b(?:(?i:jeg|mig|meg|undertegnede|me|myself)|I)\b")
HER_REQUEST = re.compile(r"\b(?:min|my)\s+(?:tilmelding|afmelding|registration)\b", re.I)
ANSWER_TAKEN_INTO_ACCOUNT = word_list("answer_taken_into_account")  # "Så ...", "i så fald"
ANSWER_ASIDE = word_list("answer_aside")  # "uanset hvad": the answer changes nothing
HELD_ALREADY = word_list("held_already")  # her place is held: a yes is to something else
NOT_ASKED = word_list("not_asked")  # small talk and rhetorical questions
ANOTHER_TIME = word_list("another_time")  # a wish for another round beside a cancellation
TAKING_PART = word_list("taking_part")  # what a doubt about her coming speaks of
THANKS_FOR_CONFIRMING = re.compile(r"\W*(?:(?:mange\s+|tusind\s+)?tak|thanks?(?:\s+you)?)\s+"
                                   r"(?:so\s+much\s+)?(?:for|fordi)\s+(?:\w+\s+){0,3}?"
                                   r"(?:confirm\w*|bekræft\w*)", re.I)
PAST_PLAN = word_list("past_plan")  # "Jeg havde tænkt mig at ...": a plan, not a request
PLAN_ENDS = word_list("plan_ends")
# a colleague as the one whose coming is in doubt: "Min kollega Signe overvejer også at tage
# med", "Min kollega Kirsten Lund kommer måske også"
COLLEAGUE_MAYBE = re.compile(r"\W*(?:min|vores|my|our)\s+(?:\w+\s+)?(?:kollega|souschef|\w*leder"
                             r"|colleague|deputy)(?:\s+(?-i:[A-ZÆØÅ][\w-]+)){0,3}"
                             r"(?:\s+\(\S+@[^)\s]+\))?\s+(?:\w+\s+){0,4}?"
                             r"(?:komme|kommer|med|deltage|deltager|join|attend|come)\b", re.I)
# the writer in a sentence: "jeg", "mig", "vi", "I"
WRITER = re.compile(r"\b(?:jeg|mig|vi|os|me|we|us)\b|\bI\b")
OTHERWISE = re.compile(r"\W*(?:ellers|otherwise|alternativt|hvis\s+ikke|if\s+not)\b", re.I)
HEADLINES = {kind: word_list(f"subject_{kind}") for kind in ("cancel", "signup")}
HEADLINE_DOUBTS = word_list("subject_hesitation")


OWNER_BEFORE = re.compile(r"\b(?:min|din|sin|vores|jeres|deres|hans|hendes|my|our|your)\s+$",
                          re.I)


@cache
def _spelling() -> tuple[int, frozenset[str], dict[str, tuple[str, ...]],
                         dict[str, tuple[str, str]], re.Pattern[str]]:
    with SPELLING.open("rb") as f:
        table = tomllib.load(f)
    by_letter: dict[str, tuple[str, ...]] = {}
    for word in table["words"]:
        by_letter[word[0]] = (*by_letter.get(word[0], ()), word)
    short = {key.rstrip("."): (word, word) if isinstance(word, str) else tuple(word)
             for key, word in table["short"].items()}
    dotted = "|".join(re.escape(key[:-1]) for key in table["short"] if key.endswith("."))
    abbreviated = re.compile(rf"\b({dotted})\b\." if dotted else r"(?!)", re.I)
    return int(table["shortest"]), frozenset(table["words"]), by_letter, short, abbreviated


def respell(text: str) -> str:
    """The text with each word one typo from a cue word read as that word, and each word
    written short as the word it stands for (`lexicon/spelling.toml`): "Vil gerne tilmeldde
    mig" signs up, "Kan ikk alligevel" cancels."""
    from rapidfuzz.distance import OSA

    shortest, known, by_letter, short, abbreviated = _spelling()

    def read(match: re.Match[str]) -> str:
        word = match.group(0)
        folded = word.casefold()
        if folded in short:  # (the noun after "min", "vores": "trække min tilm. tilbage")
            verb, noun = short[folded]
            return noun if OWNER_BEFORE.search(match.string, 0, match.start()) else verb
        if len(folded) < shortest or folded in known:
            return word
        near = [w for w in by_letter.get(folded[0], ())
                if abs(len(w) - len(folded)) <= 1 and OSA.distance(w, folded) <= 1]
        return near[0] if near else word  # the first: the list runs commonest first
    return WORD.sub(read, abbreviated.sub(r"\1", text))  # (the dot is the word's, no full stop)


@dataclass(frozen=True)
class Weighed:
    """The evidence of one text, summed by kind."""

    evidence: tuple[Evidence, ...]
    questions: int  # sentences that ask without requesting
    # a condition or hesitation in the sentence that cancels ("Ellers må jeg melde fra")
    hedged_cancel: Evidence | None = None

    def total(self, *kinds: str) -> int:
        return sum(e.weight for e in self.evidence if e.kind in kinds)

    def first(self, *kinds: str) -> Evidence | None:
        return next((e for e in self.evidence if e.kind in kinds), None)

    def adding(self, found: Evidence) -> Weighed:
        """The same evidence and one more (the subject's, the learned opinion's)."""
        return Weighed((*self.evidence, found), self.questions, self.hedged_cancel)


def weigh(text: str, elsewhere: frozenset[str] = frozenset()) -> Weighed:
    """The evidence of a text: its sentences' summed, each cue counted once. A question
    that the next sentence turns into a request ("Er der plads til én mere? I så fald
    vil jeg gerne deltage.") is part of that request; a request that waits for the answer
    to another question is none yet. A doubt in one of the `elsewhere` sentences (about
    another network than the one signed up for) holds nothing back."""
    found: dict[str, Evidence] = {}
    questions, asked, hedged, cancelled = 0, "", None, False
    read = sentences(text)
    cancels = any(w.first("cancel") for _, w in read)
    signs = any(w.first(*FOR) for _, w in read)
    explaining = _explaining_a_question(text) | elsewhere | (
        _asides(text) if signs else frozenset())
    for sentence, weighed in read:
        if sentence in explaining or signs and not weighed.first(*FOR, "cancel") and (
                ANOTHER_TIME.search(sentence) and not OTHERWISE.match(sentence)
                or COLLEAGUE_MAYBE.match(sentence) and not WRITER.search(sentence)):
            # (beside a sign-up, "Vi overvejer i øvrigt at sende en kollega med næste år": a
            # doubt about the next round, not "Ellers overvejer jeg næste hold"; "Min kollega
            # Naja Frost overvejer også at komme": a doubt about a colleague's own coming)
            weighed = Weighed(tuple(e for e in weighed.evidence if e.kind not in AGAINST),
                              weighed.questions)
        if cancels and ANOTHER_TIME.search(sentence):
            weighed = _without_another_time(sentence, weighed)
        if PAST_PLAN.search(sentence):
            weighed = _without_past_plans(sentence, weighed)
        if THANKS_FOR_CONFIRMING.match(sentence):  # "Thanks for confirming my registration
            # for both ...": her registration thanked for, not asked for again
            weighed = Weighed(tuple(e for e in weighed.evidence if e.kind not in FOR),
                              weighed.questions)
        if cancels and weighed.first("swap") and weighed.first(*AGAINST) and not weighed.first(
                "cancel"):  # "Maybe a colleague will take my place, I'll let you know": a
            # place that may be passed on later, beside her cancellation
            weighed = Weighed(tuple(e for e in weighed.evidence if e.kind not in (
                "swap", *AGAINST)), weighed.questions)
        answered = bool(asked) and (ROOM_ASKED.match(asked) or HOW_ASKED.search(asked))
        if asked and (IF_SO.match(sentence) or THEN.match(sentence) and DECIDING.search(
                asked)) and not answered:  # "Er man i målgruppen uden personaleansvar? I så
            # fald vil jeg gerne tilmeldes", "Kan jeg godt nøjes med formiddagen? ... Så
            # tilmelder jeg mig": it waits for the answer
            weighed = Weighed(tuple(e for e in weighed.evidence if e.kind not in FOR),
                              weighed.questions)
        for evidence in weighed.evidence:
            found.setdefault(evidence.id, evidence)
        if hedged is None and weighed.first("cancel"):
            hedged = weighed.first(*AGAINST)
        elif hedged is None and cancelled and BUT.match(sentence):  # "... melde afbud – men
            # jeg giver dig endeligt besked, når vagtplanen er lagt"
            hedged = weighed.first(*AGAINST)
        cancelled = weighed.first("cancel") is not None
        if answered and (IF_SO.match(sentence) or THEN.match(sentence)) and any(
                e.kind in FOR for e in weighed.evidence):
            questions -= 1
        questions += weighed.questions
        # (the question stands over a sentence that says nothing either way: "Will any
        # talks be in English? My Danish is basic. If so, I would like to register.")
        # ("Hvis ikke, kommer jeg fysisk" answers it herself, either way)
        asked = sentence if weighed.questions else "" if weighed.evidence or OTHERWISE.match(
            sentence) else asked
    if not any(e.kind == "cancel" for e in found.values()):  # nothing for them to hold back
        found = {key: e for key, e in found.items() if key not in _holds_cancel()}
    elif hedged is None:  # "Jeg bliver nødt til at melde fra. Men lad mig lige vende det med
        # min chef"
        hedged = next((e for e in found.values() if e.id in _holds_cancel()), None)
    return Weighed(tuple(found.values()), questions, hedged)


def _explaining_a_question(text: str) -> frozenset[str]:
    """The sentences after a question in a paragraph that neither signs up nor cancels:
    a doubt there is the question's reason, not the sign-up's ("Kan jeg få
    deltagerlisten? Så kan vi måske arrangere samkørsel."). The question itself still
    counts."""
    explaining: set[str] = set()
    for paragraph in PARAGRAPH.split(text):
        read = sentences(paragraph)
        if any(w.first(*FOR, "cancel") for _, w in read):
            continue
        asked = False
        for sentence, weighed in read:
            if asked:
                explaining.add(sentence)
            asked |= bool(weighed.questions)
    return frozenset(explaining)


def _asides(text: str, questions: bool = False) -> frozenset[str]:
    """The doubts of a paragraph about something else, above the one that signs up ("Vi
    overvejer også at søge om et ekstra stoppested ved plejecentret ... Og så vil jeg i
    øvrigt gerne tilmelde mig", "I've put a tentative hold on the 12th" in a thread about a
    project): a doubting sentence there that says nothing of taking part (with
    `questions`, a question there: it asks beside the sign-up, as a practical one does).
    (A doubt after the sign-up is about it: "Men kun hvis der bliver arrangeret fælles
    transport".)"""
    found: set[str] = set()
    for paragraph in PARAGRAPH.split(text):
        read = sentences(paragraph)
        if any(w.first(*FOR, "cancel") for _, w in read):
            break
        found |= {sentence for sentence, weighed in read
                  if (weighed.questions if questions else weighed.first(*AGAINST))
                  and not TAKING_PART.search(sentence)}
    return frozenset(found)


def _without_another_time(sentence: str, weighed: Weighed) -> Weighed:
    """A sentence of a cancelling mail whose clause wishes for another round ("Jeg må
    melde fra, men håber at kunne være med en anden gang"): the sign-up of that clause is
    none, nor is a doubt there that follows the cancellation or stands in a clause of its
    own ("If things calm down in the autumn, I might get in touch again, but please take me
    off the list"); "Måske må jeg melde fra" still doubts."""
    cancel = max((sentence.find(e.text) for e in weighed.evidence if e.kind == "cancel"),
                 default=-1)

    def later(evidence: Evidence) -> bool:
        at = sentence.find(evidence.text)
        clause = _clause_at(sentence, at)
        if evidence.kind == "condition":  # with what it conditions: "If things calm down in
            # the autumn, I might get in touch again"
            clause += " " + _clause_at(sentence, min(at + len(clause) + 1, len(sentence) - 1))
        return at >= 0 and bool(ANOTHER_TIME.search(clause)) and (
            evidence.kind in ("signup", "request") or at > cancel or not any(
                e.kind == "cancel" and e.text in clause for e in weighed.evidence))

    return Weighed(tuple(e for e in weighed.evidence if not later(e)), weighed.questions)


def _without_past_plans(sentence: str, weighed: Weighed) -> Weighed:
    """A sentence that tells a plan she had ("Jeg havde tænkt mig at melde mig selv, men
    jeg sender i stedet Nanna"): what signs up or cancels from the plan to its "men" or
    "nu" is none, and an "i stedet" after a plan of her own replaces the plan, not a
    registration, so it signs up; what she asks after the plan stands."""
    spans = _plan_spans(sentence)
    # (only her own plan: "Planen var, at han skulle med" may be of one registered)
    own = [(start, end) for start, end in spans if ME.search(sentence[start:end])]
    kept = []
    for evidence in weighed.evidence:
        at = sentence.find(evidence.text)
        if evidence.kind in (*FOR, "cancel") and any(a <= at < end for a, end in spans):
            continue
        if evidence.kind == "swap" and any(at >= end for _, end in own):
            evidence = replace(evidence, kind="signup")
        kept.append(evidence)
    return Weighed(tuple(kept), weighed.questions)


def _plan_spans(text: str) -> list[tuple[int, int]]:
    """Where each past plan of a text runs: from its words to its "men" or "nu"."""
    return [(m.start(), next((e.start() for e in PLAN_ENDS.finditer(text, m.end())), len(text)))
            for m in PAST_PLAN.finditer(text)]


def past_plans(text: str) -> list[str]:
    """The words of each plan she had ("havde tænkt mig at melde mig til kursusdagen i
    Vejle"): what they name is not what she asks for."""
    return [text[start:end] for start, end in _plan_spans(text)]


def _clause_at(sentence: str, at: int) -> str:
    """The clause of a sentence that a position stands in."""
    starts = [m.end() for m in CLAUSE_START.finditer(sentence) if m.end() <= at]
    ends = [m.start() for m in CLAUSE_START.finditer(sentence) if m.start() > at]
    return sentence[max(starts, default=0) : min(ends, default=len(sentence))]


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[tuple[str, Weighed], ...]:
    """Each sentence of a text with its evidence. Cached: the readers of networks and
    people ask again about the sentences of the same mail. An emoji ends a sentence as a
    stop does ("Tilmeld mig kurset i Vejle 🙏 kan man få glutenfri frokost?")."""
    text = PARENTHESIS.sub(r" (\1) ", respell(WRAPPED.sub(" ", EMOJI.sub("\n\n", text))))
    return tuple((s, _weigh_sentence(s)) for s in (s.strip() for s in SENTENCE.split(text))
                 if s)


@lru_cache(maxsize=1024)
def _weigh_sentence(sentence: str) -> Weighed:
    """Every cue in one sentence. In a sentence that cancels, the words of the
    cancellation ("min tilmelding ... tilbage") are not read again as a sign-up, nor
    are the words of a condition or hesitation ("før jeg melder mig til"); a
    sign-up cue that is negated ("vil ikke deltage"), speaks of a place held already
    ("kommer stadig"), has another subject ("om I vil med") or is asked about ("Skal
    man tilmelde sig?") is no request, but a polite request is one also as a question,
    and so is a swap she is asked to make ("Kan vi bytte Søren ud med Maria?").
    A colleague's wish ("Sofie vil gerne med") is evidence of its own kind, "wish"."""
    found: list[Evidence] = []
    sentence = OTHER_THAN_TAKING_PART.sub(" andet ", sentence)
    social = bool(NOT_ASKED.search(sentence))  # "Hvem kan sige nej til ...?", "hvordan går det?"
    asks = sentence.endswith("?") and not social
    deliberates = sentence.endswith("?") and bool(DELIBERATES.match(sentence))
    sentence = NOT_ASKED.sub(" ", sentence)
    signup_asked = asks and not IF_ASKED.search(sentence)
    indirect = None if social else ASKS.search(sentence)  # "Jeg vil gerne høre, om ..."
    rest, requested, cancels = sentence, False, False
    acknowledged = [m.span() for m in ACKNOWLEDGED.finditer(sentence)]
    for cue in cues():
        if cue.kind == "cancel" and cue.pattern.search(rest) and not acknowledged:
            cancels = True  # read as the "not" it is: "forhindret i at deltage i ..."
            rest = cue.pattern.sub(" ikke ", rest)
    asked_of_you = rest  # a polite request, not in the words of a cancellation ("Du må godt
    # skrive Ulla af listen")
    for cue in cues():
        if cue.kind in AGAINST and not cue.needs:
            rest = cue.pattern.sub(" ", rest)  # (one that needs the sign-up leaves it be)
    first_person = None
    reported = REPORTED.search(sentence)
    for cue in cues():
        match = cue.pattern.search(
            rest if cue.kind == "signup" else asked_of_you if cue.kind == "request" else sentence)
        if match is None:
            continue
        # (a swap's words may say not of the one who leaves: "X er forhindret, så Y deltager")
        said = match.group(0).rsplit(",", 1)[-1] if cue.kind == "swap" else match.group(0)
        asked = signup_asked and not (cue.kind == "swap" and ASKS_FOR.match(sentence)) or (
            indirect is not None and match.start() >= indirect.end()
            and not OWN_CLAUSE.search(sentence, indirect.end(), match.start()))
        if cue.kind in ("signup", "swap") and (asked or NEGATED.search(said)
                                               or ALREADY.search(match.group(0))
                                               or _negated_before(sentence, match.start())
                                               or NOBODY_WHO.search(sentence[:match.start()])
                                               or AS_PLANNED.match(sentence, match.end())
                                               and not ASKS_REGISTRATION.search(match.group(0))):
            continue
        if cue.kind == "signup" and cancels and any(
                word in match.group(0).casefold() for word in ("tilmelding", "registration")):
            continue  # the registration it cancels: "Jeg annullerer hermed min tilmelding"
        if cue.kind == "signup" and reported is not None and match.start() > reported.start():
            continue  # "Jeg skulle hilse fra Mette og sige, at hun gerne vil med": her wish
        if cue.kind in ("signup", "swap") and THEMSELVES.search(sentence):
            continue  # "Min kollega vil gerne med, så hun skriver selv til dig": hers to ask
        if cue.kind == "cancel" and (SELF_ASIDE.search(sentence) or PAST.search(sentence) or (
                SUPPOSED.search(sentence[:match.end()])) or CONCEDED.search(
                sentence[:match.start()]) or (
                asks and not ASKS_YOU.search(sentence)) or deliberates or any(
                start <= match.start() < end for start, end in acknowledged)):
            continue
        you = YOU_BEFORE.search(sentence[:match.start()]) if cue.kind == "signup" else None
        if you and not cue.anyone and (you.group(1) != "I" or DANISH_WORD.match(match.group(0))):
            continue
        if cue.kind in ("signup", *AGAINST) and not cue.anyone:
            if first_person is None:
                first_person = bool(FIRST_PERSON.search(sentence) or PRO_DROP.match(sentence))
            if not first_person:
                if cue.kind == "signup" and (OTHERS_SUBJECT.search(sentence[:match.start()])
                                             or NAMED_FIRST.match(match.group(0))):
                    found.append(Evidence("intent", cue.id, "wish", cue.weight,
                                          match.group(0).strip()[:80]))
                continue
        # a question that cancels or asks about the registration's own details is no
        # question for the coordinator
        requested |= cue.kind in (*FOR, "cancel", "detail")
        found.append(Evidence("intent", cue.id, cue.kind, cue.weight,
                              match.group(0).strip()[:80]))
    if not any(e.kind in (*FOR, "cancel") and e.weight >= 2 for e in found):
        # no sign-up or cancellation here to limit ("Hvis jeg ikke kan få fri, melder jeg
        # afbud" is limited): "Sig til, hvis du mangler noget"; and a colleague's
        # doubts are hers ("Min kollega overvejer også at være med, hvis hun ...") unless
        # the writer herself is the one who doubts ("Jeg overvejer at deltage"); a doubt
        # with no one named stays ("– med forbehold for godkendelse fra min chef")
        theirs = THIRD_PERSON.search(sentence) and not SUBJECT_I.search(sentence)
        # (and a doubt about the journey, the time or the invoice is about that: "Kommer
        # muligvis 20 min senere"; not one that names who decides whether she may go; a
        # doubt whether her earlier mail arrived is about the mail: "Jeg er ikke sikker
        # på, at nedenstående kom frem")
        found = [e for e in found if e.id not in _needs_signup() and not (
            e.kind in AGAINST and (theirs or _about_logistics(sentence, e)
                                   or DELIVERY.search(sentence)))]
    asks = asks or bool(ASKS.search(sentence)) and not social  # "Jeg vil gerne høre, om ..."
    return Weighed(tuple(found), int(asks and not requested))


def _about_logistics(sentence: str, doubt: Evidence) -> bool:
    """Whether the clause of a doubt speaks of the journey, the stay, the time of arrival or
    the invoice, and not of who decides whether she may go: "Kommer muligvis 20 min
    senere", "Vi får muligvis nyt EAN-nummer" (not "..., der står for alle fakturaer, så du
    får en tilmelding fra dem i næste uge")."""
    clause = _clause_at(sentence, max(sentence.find(doubt.text), 0))
    return bool(LOGISTICS.search(clause)) and not APPROVAL.search(sentence)


def practical_questions(text: str, signed: bool = False) -> tuple[str, ...]:
    """The questions of a sign-up (or cancellation) when each is about the day itself,
    not about what may change the registration ("Er der parkering ved Nordkraft?", not
    "Må jeg tage vores praktikant med?"), nor followed by what its answer decides ("Hvis
    det er i juni, kan jeg ikke"); () otherwise. A question may take its topic from the
    sentence before it ("Jeg har cøliaki. Giver du det videre til køkkenet?"); one about
    room that the sign-up waits on ("Er der stadig plads? I så fald ...") is the rules' to
    answer. A request after the questions must stand on its own (`_stands_alone`: "Er der
    vegetarisk frokost? Jeg vil i hvert fald gerne med", not "Kan I anbefale et hotel? ...
    Vores chef sender tilmeldingen"). A writer who holds her place already, or thanks for
    a reply, asks only. `signed`: the sign-up is the thread's, which the text answers
    ("Hverdagsledelse. Ved du, hvor det første møde bliver?")."""
    if HELD_ALREADY.search(text):
        return ()
    asked: list[str] = []
    after_question, before = False, ""
    elsewhere = _asides(text, questions=True)  # about the project the thread is about
    for sentence, weighed in sentences(text):
        if sentence in elsewhere:
            asked.append(" ".join(sentence.split()))
            continue
        kinds = {e.kind for e in weighed.evidence if e.weight >= 2}
        if "thanks" in kinds:
            return ()
        if after_question and WAITS_ON_ANSWER.search(sentence) and (
                not kinds & set(FOR) or "cancel" in kinds):
            return ()  # (not "Hvis ikke, så betragt denne mail som min tilmelding")
        if asked and not signed and kinds & {*FOR, "cancel"} and not _stands_alone(
                sentence, kinds, text):
            return ()
        signed |= bool(kinds & {*FOR, "cancel"})
        after_question = bool(weighed.questions) and not ROOM_ASKED.match(sentence)
        topic, before = f"{before} {sentence}", sentence
        if not after_question:
            continue
        if not PRACTICAL.search(topic) or DECIDING.search(sentence):
            return ()
        asked.append(" ".join(sentence.split()))
    return tuple(asked) if signed else ()


def _stands_alone(sentence: str, kinds: set[str], text: str) -> bool:
    """Whether a request after a question is the writer's own, firm, and does not lean on
    the answer: "Jeg vil i hvert fald gerne med", "hermed min tilmelding" (not "Kan du
    skrive mig på?", "Vores chef tilmelder os", "Så tilmelder jeg mig" unless the mail
    says the answer changes nothing)."""
    return bool(kinds & {"signup", "cancel"}) and bool(
        ME.search(sentence) or HER_REQUEST.search(sentence)) and (
        not ANSWER_TAKEN_INTO_ACCOUNT.search(sentence) or bool(ANSWER_ASIDE.search(text)))


def _negated_before(sentence: str, at: int) -> bool:
    """A "not" in the three words before a cue, in its own clause: "Jeg vil ikke skrive
    mig på endnu" (not "Jeg kan ikke selv, men skriv Bo på"); or nobody as the clause's
    subject: "Ingen af os kan komme til ...", "neither of us can come"."""
    clause = NOT_A_NOT.sub(" ", CLAUSE_START.split(sentence[:at])[-1])
    return bool(NEGATED.search(" ".join(clause.split()[-3:])) or NOBODY.search(clause))


def with_headline(weighed: Weighed, subject: str) -> Weighed:
    """The evidence with what a new mail's subject says ("Afmelding", "Tilmelding"):
    weight 2, so it decides nothing alone but adds to the text, or meets it. A doubt
    there ("Foreløbig tilmelding") holds back the sign-up of any text."""
    doubt = HEADLINE_DOUBTS.search(subject)
    if doubt is not None:
        weighed = weighed.adding(Evidence("intent", "subject.hesitation", "hesitation", 3,
                                          doubt.group(0).strip()))
    for kind, headline in HEADLINES.items():
        if headline.search(subject):
            found = Evidence("intent", f"subject.{kind}", kind, 2, subject.strip()[:80])
            return weighed.adding(found)
    return weighed


def judge(weighed: Weighed) -> tuple[Intent | None, Note | None]:
    """(intent, review reason); intent None when the text gives too little evidence
    (the caller then looks at what else the mail is: a short answer, an empty forward)."""
    signup = weighed.total(*FOR) >= ENOUGH
    cancel = weighed.total("cancel") >= ENOUGH
    against = weighed.first(*AGAINST)
    swap = weighed.first("swap")
    if signup and weighed.first("cancel"):  # also a headline "Afmelding" over a sign-up
        if swap is not None:  # one leaves, another comes: "X kan ikke, så Y overtager"
            return Intent.signup, Note.of(Why.swap, words=swap.text)
        return Intent.unclear, Note.of(Why.signup_and_cancel)
    hedged = weighed.hedged_cancel  # "Ellers må jeg melde fra", "Måske må jeg melde fra"
    if cancel and hedged is not None:
        why = Why.conditional if hedged.kind == "condition" else Why.hesitant
        return Intent.unclear, Note.of(why, words=hedged.text)
    if cancel and weighed.first("wish"):  # "Mette er forhindret, så Kristian deltager for os":
        return Intent.unclear, Note.of(Why.signup_and_cancel)  # one in another's place
    if cancel:
        return Intent.cancel, Note.of(Why.cancel_with_question) if weighed.questions else None
    if signup and against is not None and against.weight < ENOUGH and weighed.questions:
        # a plain "hvis" beside a question ("..., hvis prisen er rimelig. Hvad koster
        # det?"): the answer she waits for decides
        return Intent.question, Note.of(Why.question)
    if signup and against is not None:
        why = Why.conditional if against.kind == "condition" else Why.hesitant
        return Intent.unclear, Note.of(why, words=against.text)
    if signup and swap is not None:
        return Intent.signup, Note.of(Why.swap, words=swap.text)
    if signup:
        return Intent.signup, Note.of(Why.signup_with_question) if weighed.questions else None
    if weighed.questions:
        return Intent.question, Note.of(Why.question)
    if against is not None:
        return Intent.unclear, Note.of(Why.hesitant, words=against.text)
    if weighed.first("thanks") is not None and weighed.first("wish") is None:
        return Intent.unclear, Note.of(Why.thanks)  # ("Tak for bekræftelsen på Nanna. Nanna
    return None, None  # Brink skal også med på kursusdagen": the wish is read on its own)


@cache
def pattern_of(*kinds: str) -> re.Pattern[str]:
    """One pattern for every clear cue (weight 2 and more) of the kinds: for the readers
    of people and networks, who ask whether a sentence signs up or cancels at all."""
    return re.compile("|".join(f"(?:{c.pattern.pattern})" for c in cues()
                               if c.kind in kinds and c.weight >= 2), re.I | re.M)
