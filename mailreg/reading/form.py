"""The fields of an order the coordinator sent from an action link: one block of
`Navn:`, `E-mail:`, `Organisation:`, `EAN:` per participant, and `Netværk:` once.

Only the lines above the `Kode:` line count, and no quoted line: her signature goes
below, a quoted mail is someone else's. She may have edited any value, emptied it or
added a block; what she sent is what is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailreg.domain.mail import Inbound
from mailreg.domain.orders import FIELDS, PERSON_FIELDS, TOKEN_LINE, token_in
from mailreg.reading.quoting import split_new_text

_KEY = {re.sub(r"[\s-]", "", text).casefold(): name
        for name, labels in FIELDS.items() for text in labels}
_KEY.update({"organization": "organisation", "mail": "email", "eannummer": "ean"})
# Outlook's text part writes a linked address as "a@b.dk<mailto:a@b.dk>"
_LINK = re.compile(r"\s*<(?:mailto:|https?://)[^>]*>")
_LINE = re.compile(r"^\s*([A-Za-zÆØÅæøå][\w -]{1,20}?)\s*:\s*(.*?)\s*$")


@dataclass
class Form:
    people: list[dict[str, str]] = field(default_factory=list)
    network: str = ""


def read_form(text: str) -> Form:
    end = TOKEN_LINE.search(text)
    form, block = Form(), dict[str, str]()
    for line in text[: end.start() if end else len(text)].splitlines():
        if line.lstrip().startswith(">"):
            continue
        found = _LINE.match(line)
        name = _KEY.get(re.sub(r"[\s-]", "", found.group(1)).casefold()) if found else None
        if name is None or found is None:
            continue
        value = " ".join(_LINK.sub("", found.group(2)).split())
        if name == "network":
            form.network = value
        elif name in block or (name == "name" and block):
            # a field given again, or a name, begins the next participant: the form
            # leads each block with its name, and a signature's "E-mail:" above it is a
            # block of its own (blank lines tell nothing: Outlook's HTML makes a
            # paragraph of every line)
            form.people.append(block)
            block = {name: value}
        else:
            block[name] = value
    if block:
        form.people.append(block)
    form.people = [b for b in form.people if any(b.get(k) for k in PERSON_FIELDS)]
    return form


def order_token(mail: Inbound) -> str | None:
    """The token of a mail that is an order: on a `Kode:` line of its new text (a
    quoted or forwarded order is no order)."""
    return token_in(split_new_text(mail.text)[0])


_RESULT = re.compile(r"\b(spf|dkim)\s*=\s*(\w+)([^;]*)", re.IGNORECASE)
_DOMAIN = re.compile(r"\b(?:smtp\.mailfrom|header\.d|header\.i|header\.from)\s*=\s*"
                     r"(?:[^\s;@]*@)?([A-Za-z0-9.-]+)", re.IGNORECASE)


def authenticated(mail: Inbound, domain: str, authserv_id: str = "") -> bool:
    """Whether the receiving server's Authentication-Results say SPF or DKIM passed for
    the domain (RFC 8601). Only the topmost header counts, the one our server added;
    with `authserv_id`, only when that server wrote it."""
    header = mail.header("authentication-results")
    server = header.split(";", 1)[0].strip().split()[0] if header.strip() else ""
    if not header or (authserv_id and server.casefold() != authserv_id.casefold()):
        return False
    for _method, result, rest in _RESULT.findall(header):
        found = _DOMAIN.search(rest)
        if result.lower() == "pass" and found and (
                found.group(1).casefold() == domain.casefold()
                or found.group(1).casefold().endswith("." + domain.casefold())):
            return True
    return False
