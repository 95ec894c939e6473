"""The fields of an order the coordinator sent from an action link: one block of
`Navn:`, `E-mail:`, `Organisation:`, `EAN:` per participant, and `Netværk:` once.

Only the lines above the `Kode:` line count, and no quoted line: her signature goes
below, a quoted mail is someone else's. She may have edited any value, emptied it or
added a block; what she sent is what is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mailreg.domain.orders import FIELDS, PERSON_FIELDS, TOKEN_LINE

_KEY = {re.sub(r"[\s-]", "", text).casefold(): name
        for name, labels in FIELDS.items() for text in labels}
_KEY.update({"organization": "organisation", "mail": "email", "eannummer": "ean"})
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
            if not line.strip() and block:  # a blank line ends a block
                form.people.append(block)
                block = {}
            continue
        value = " ".join(found.group(2).split())
        if name == "network":
            form.network = value
        elif name in block:  # a field given twice begins the next participant
            form.people.append(block)
            block = {name: value}
        else:
            block[name] = value
    if block:
        form.people.append(block)
    form.people = [b for b in form.people if any(b.get(k) for k in PERSON_FIELDS)]
    return form
