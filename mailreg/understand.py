"""What a person's mail asks for: intent, networks, participants, EAN, language.

Pure functions over `Inbound` and the configured networks. When the answer is not
clear, `review_reason` says why and the coordinator decides: a wrong "you are
registered" is worse than none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from mailreg.config import NetworkConfig
from mailreg.message import Inbound


@dataclass(frozen=True)
class Person:
    name: str
    email: str | None
    organisation: str | None = None
    ean: str | None = None
    title: str | None = None  # job title from the signature, for the target-group check


@dataclass(frozen=True)
class Understanding:
    intent: str  # signup | cancel | question | unclear | machine
    networks: tuple[str, ...] = ()
    participants: tuple[Person, ...] = ()
    language: str = "da"
    ean_problem: str | None = None
    review_reason: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


CANCEL = re.compile(
    r"\b(afmeld\w*|melde?r? afbud|afbud|kan (?:alligevel )?ikke (?:deltage|komme)|"
    r"trække? (?:mig|min tilmelding) tilbage|cancel\w*|withdraw\w*|unable to attend|"
    r"can(?:no|')t attend|can(?:no|')t make it)\b",
    re.I,
)
SIGNUP = re.compile(
    r"\b(tilmeld\w*|register\w*|sign(?:ing)? (?:me |us )?up|enrol\w*)\b", re.I
)
WANTS = re.compile(r"\b(deltage|deltager|være med|deltag\w*|join|attend)\b", re.I)
ENGLISH = re.compile(
    r"\b(the|and|would|like|please|register|regards|thank|you|network|attend)\b", re.I
)
DANISH = re.compile(r"\b(og|jeg|til|gerne|tilmeld\w*|hilsen|mvh|netværk\w*|vil|på)\b", re.I)
QUOTE_START = re.compile(
    r"^(>|-{2,}\s*(Oprindelig meddelelse|Original Message|Videresendt|Forwarded)|"
    r"(Fra|From):\s|Den .{4,80} skrev|On .{4,120} wrote|.{0,80}\bskrev\b.*:\s*$|"
    r"Sendt fra min|Sent from my|Begin forwarded|Start på videresendt)",
    re.I,
)
GREETING = re.compile(
    r"^(venlig(?:st)? hilsen|venlige hilsner|de bedste hilsner|bedste hilsner|mange hilsner|"
    r"med venlig hilsen|mvh\.?|vh\.?|kh\.?|hilsen|best regards|kind regards|regards|"
    r"best wishes|cheers|sincerely)[,.!]?\s*$",
    re.I,
)
EAN_CANDIDATE = re.compile(r"(?<![\d])(\d(?:[ \-.]?\d){12})(?![\d])")
ROLE_LOCALPARTS = {
    "info", "bibliotek", "biblioteket", "kontakt", "post", "mail", "admin", "office",
    "kontoret", "sekretariat", "sekretariatet", "bibliotekerne", "hovedbiblioteket",
}


def norm(text: str) -> str:
    """Case-folded, accents kept (æøå matter), whitespace folded."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def split_new_text(text: str) -> tuple[str, str]:
    """(new text, quoted history). The history starts at the first quote marker line."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if QUOTE_START.match(line.strip()):
            return "\n".join(lines[:i]).strip(), "\n".join(lines[i:]).strip()
    return text.strip(), ""


def find_networks(text: str, networks: list[NetworkConfig]) -> list[str]:
    """Slugs of networks named in the text by their name or an alias."""
    haystack = norm(text)
    found = []
    for network in networks:
        terms = [network.name, *network.aliases]
        if any(re.search(rf"(?<!\w){re.escape(norm(t))}(?!\w)", haystack) for t in terms):
            found.append(network.slug)
    return found


def ean_check_ok(digits: str) -> bool:
    """GS1 check digit: weights 1,3,1,3,... over the first 12 digits."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def find_ean(text: str) -> tuple[str | None, str | None]:
    """(valid EAN, problem). Looks near "EAN" first, then any 13-digit number."""
    labelled = re.search(r"EAN[\w.\- ]{0,12}?[:\s]\s*([\d][\d \-.]{11,20}\d)", text, re.I)
    candidates = [labelled.group(1)] if labelled else EAN_CANDIDATE.findall(text)
    for candidate in candidates:
        digits = re.sub(r"\D", "", candidate)
        if len(digits) != 13:
            continue
        if ean_check_ok(digits):
            return digits, None
        if labelled:
            return None, "invalid"
    return None, None


def signature_block(new_text: str) -> list[str]:
    """Lines after the closing greeting ("Venlig hilsen", "Mvh", ...), if any."""
    lines = [line.strip() for line in new_text.splitlines()]
    for i in range(len(lines) - 1, -1, -1):
        head = lines[i]
        if GREETING.match(head):
            return [line for line in lines[i + 1 :] if line][:6]
        greeting_and_name = re.match(r"^(mvh|vh|kh|hilsen)[.,]?\s+(\S.*)$", head, re.I)
        if greeting_and_name:
            return [greeting_and_name.group(2), *[x for x in lines[i + 1 :] if x]][:6]
    return []


def looks_like_name(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not any(
        ch.isdigit() or ch in "@:/" for ch in line
    )


def is_role_address(address: str) -> bool:
    return address.split("@")[0] in ROLE_LOCALPARTS


def sender_person(mail: Inbound, new_text: str) -> tuple[Person | None, list[str]]:
    """The sender as a participant, with name and organisation from the signature."""
    signature = signature_block(new_text)
    name = signature[0] if signature and looks_like_name(signature[0]) else ""
    organisation = title = ""
    for line in signature[1:]:
        if re.search(r"bibliotek|kommune|library|libraries|kultur|borgerservice", line, re.I):
            organisation = organisation or line
        elif not title and not re.search(r"[\d@:/]", line):
            title = line
    if not name and mail.sender_name and not is_role_address(mail.sender):
        display = mail.sender_name
        if "," in display:  # "Holm, Mette Kjær" as Outlook shows it
            last, first = display.split(",", 1)
            display = f"{first.strip()} {last.strip()}"
        name = display if looks_like_name(display) else ""
    if not name:
        return None, signature
    person = Person(name=name, email=mail.sender or None, organisation=organisation or None,
                    title=title or None)
    return person, signature


def language_of(text: str) -> str:
    return "en" if len(ENGLISH.findall(text)) > len(DANISH.findall(text)) else "da"


def understand(mail: Inbound, networks: list[NetworkConfig]) -> Understanding:
    new_text, quoted = split_new_text(mail.text)
    subject = re.sub(r"^((re|sv|aw|vs|fw|fwd)\s*:\s*)+", "", mail.subject, flags=re.I)
    language = language_of(f"{subject}\n{new_text}")

    evidence = f"{subject}\n{new_text}"
    if CANCEL.search(evidence):
        intent = "cancel"
    elif "?" in new_text and not SIGNUP.search(new_text):
        intent = "question"
    elif SIGNUP.search(evidence) or WANTS.search(new_text):
        intent = "signup"
    else:
        intent = "unclear"

    named = find_networks(f"{subject}\n{new_text}", networks)
    if not named and intent in ("signup", "cancel"):
        named = find_networks(quoted, networks)
    if not named and len(networks) == 1 and intent in ("signup", "cancel"):
        named = [networks[0].slug]

    ean, ean_problem = find_ean(new_text)
    person, _signature = sender_person(mail, new_text)
    base = Understanding(intent=intent, networks=tuple(sorted(named)), language=language,
                         ean_problem=ean_problem)

    if intent == "question":
        return _review(base, "the mail asks a question")
    if intent == "unclear":
        return _review(base, "the mail does not say what the sender wants")
    if not named:
        return _review(base, "the mail does not say which network")
    if person is None:
        return _review(base, "no participant name could be found")
    if person.email and is_role_address(person.email) and intent == "signup":
        pass  # a named person writing from a shared mailbox is fine
    participant = Person(person.name, person.email, person.organisation, ean, person.title)
    return Understanding(
        intent=intent, networks=base.networks, participants=(participant,),
        language=language, ean_problem=ean_problem,
    )


def _review(base: Understanding, reason: str) -> Understanding:
    return Understanding(
        intent=base.intent, networks=base.networks, participants=(),
        language=base.language, ean_problem=base.ean_problem, review_reason=reason,
    )
