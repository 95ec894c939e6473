"""The action links of the digest and the receipts: `mailto:` URLs to the address
mailreg reads, whose subject says what the link does and whose body holds the form
(one block of fields per participant) and the signed token.

She presses one, her mail program opens the mail, she may edit the fields, she sends
it; the next poll carries it out (`mailreg.services.orders`). A link stays under
2,000 characters, Outlook's limit: participants beyond that are left out of the
form, and the form says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from mailreg.adapters.words import table
from mailreg.domain.orders import PERSON_FIELDS, Act, Order, label, sign

MAX_URL = 2000


@dataclass(frozen=True)
class Link:
    text: str  # what the button says
    url: str
    kind: str = "act"  # "act" for an order; "reply" for a plain mail to a sender


@dataclass(frozen=True)
class Links:
    """Makes the links of one digest or receipt: to whom they go, the key that signs
    them, until when they work, and the language of their words."""

    to: str
    key: bytes
    today: date
    days: int
    language: str

    @property
    def expires(self) -> date:
        return self.today + timedelta(days=self.days)

    def order(self, act: Act, target: object, *, network: str = "", network_name: str = "",
              about: str = "", people: Sequence[dict] = (), network_field: str | None = None
              ) -> Link:
        """The link of one order. `about` names its object in the subject; `people`
        fill the form's blocks; `network_field` asks for the network (a move)."""
        words = table(self.language)
        button = words["act"][act].format(network=network_name or network)
        token = sign(Order(act, str(target), network, self.expires), self.key)
        subject = f"{button}: {about}" if about else button
        intro = words["form"]["fields" if people or network_field is not None
                              or act in (Act.add, Act.edit) else "plain"]
        blocks = [_block(p, self.language) for p in people] or (
            [_block({}, self.language)] if act in (Act.add, Act.edit) else [])
        for shown in range(len(blocks), -1, -1):
            parts = [intro, *blocks[:shown]]
            if shown < len(blocks):
                parts.append(words["form"]["left_out"].format(count=len(blocks) - shown))
            if network_field is not None:
                parts.append(f"{label('network', self.language)}: {network_field}")
            parts.append(f"{'Code' if self.language == 'en' else 'Kode'}: {token}")
            url = mailto(self.to, subject, "\n\n".join(parts) + "\n")
            if len(url) <= MAX_URL:
                break
        return Link(button, url)


def _block(person: dict, language: str) -> str:
    return "\n".join(f"{label(f, language)}: {person.get(f) or ''}" for f in PERSON_FIELDS)


def mailto(to: str, subject: str, body: str = "", cc: str = "") -> str:
    """A mailto: URL (RFC 6068): every reserved character percent-encoded, spaces as
    %20 (not +, which some clients keep), line ends as %0D%0A."""
    url = f"mailto:{quote(to, safe='@')}?"
    if cc:
        url += f"cc={quote(cc, safe='@')}&"
    url += f"subject={quote(subject, safe='')}"
    if body:
        url += "&body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
    return url
