"""The coordinator's orders by mail: what an action link in the digest asks mailreg to
do, and the token that proves mailreg issued it.

A token is an HMAC-SHA256 over the action, its object and an expiry date, keyed by a
secret only mailreg holds, so a token cannot be made up or changed to name another
object. It is written on a line of its own, `Kode: mr1.<act>.<object>.<network>.<date>.<mac>`,
in the body of the mail the link opens: the mail client leaves such a line alone, and
inside a URL (a quoted digest) the line's ": " is percent-encoded, so a quoted link is
never read as an order.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from mailreg.domain.model import Refusal


class Act(StrEnum):
    """What an order asks; its object is a mail, a registration, a reply or a network."""

    register = "register"  # a mail in review: register its people for a network
    unregister = "unregister"  # a mail in review: cancel its people's registration
    dismiss = "dismiss"  # a mail in review: no registration, no reply
    confirm = "confirm"  # a registration (late, waitlisted, flagged)
    waitlist = "waitlist"  # a late registration
    reject = "reject"  # a late registration
    edit = "edit"  # a registration: correct name, address, organisation, EAN
    cancel = "cancel"  # a registration
    answered = "answered"  # a registration: she answered its question herself
    move = "move"  # a registration, to the network the form names
    resend = "resend"  # an interrupted reply
    add = "add"  # a network: register the people of the form
    participants = "participants"  # a network: send me its participant list


class Filing(StrEnum):
    """What became of a decided mail in the IMAP folders."""

    moved = "moved"  # from the review folder to the processed folder
    next_poll = "next_poll"  # still in the inbox: the next poll files it
    gone = "gone"  # no longer in the review folder
    no_message_id = "no_message_id"  # cannot be found there: she moves it herself
    failed = "failed"  # the IMAP server could not be reached: she moves it herself


class Prompt(StrEnum):
    """The words of an order's mail and its receipt."""

    fields = "fields"  # the form may be edited
    plain = "plain"  # nothing to fill in
    left_out = "left_out"  # count= participants did not fit in the link
    done = "done"  # a receipt's subject: the order was carried out
    refused = "refused"  # a receipt's subject: nothing was done
    answer = "answer"  # a link to write to a sender herself
    answer_question = "answer_question"  # a link to answer a registration's question
    question_subject = "question_subject"  # network=: that mail's subject


@dataclass(frozen=True)
class Order:
    act: Act
    target: str  # the id of a mail, registration or reply; a slug for add, participants
    network: str = ""  # the network a mail in review is decided for
    expires: date = date.max


PREFIX = "mr1"
LABELS = ("Kode", "Code")  # the line the token stands on, in the languages of the form
# \S+ and not [a-z0-9_-]+: a token changed into other characters is still found, and
# refused as altered rather than read as a sign-up
TOKEN_LINE = re.compile(rf"^[ \t]*(?:{'|'.join(LABELS)})\s*:\s*({PREFIX}\.\S+)\s*$",
                        re.MULTILINE | re.IGNORECASE)
TOKEN = re.compile(rf"^{PREFIX}\.([a-z]+)\.([a-z0-9_-]+)\.([a-z0-9_-]*)\.(\d{{8}})\."
                   r"([A-Za-z0-9_-]{22})$")


def sign(order: Order, key: bytes) -> str:
    """The token of an order."""
    body = f"{PREFIX}.{order.act}.{order.target}.{order.network}.{order.expires:%Y%m%d}"
    return f"{body}.{_mac(body, key)}"


def _mac(body: str, key: bytes) -> str:
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:22]  # 132 bits


def token_in(text: str) -> str | None:
    """The token on a `Kode:` line of the text, checked or not; None if there is none."""
    found = TOKEN_LINE.search(text)
    return found.group(1) if found else None


def verify(token: str, key: bytes, now: datetime) -> Order | Refusal:
    """The order a token carries, if mailreg issued it and it has not expired."""
    found = TOKEN.match(token)
    if found is None:
        return Refusal.token_altered
    act, target, network, expires, mac = found.groups()
    if not hmac.compare_digest(mac, _mac(token.rsplit(".", 1)[0], key)):
        return Refusal.token_altered
    try:
        order = Order(Act(act), target, network, datetime.strptime(expires, "%Y%m%d").date())
    except ValueError:
        return Refusal.token_altered
    return Refusal.token_expired if order.expires < now.date() else order


def token_digest(token: str) -> str:
    """What is stored of a used token: enough to refuse it again, nothing to reuse."""
    return hashlib.sha256(token.encode()).hexdigest()


# The fields of an order's form, by their label in each language; one block of them
# per participant, and `network` once for the mail (where to move or add).
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("Navn", "Name"),
    "email": ("E-mail", "Email"),
    "organisation": ("Organisation", "Organisation"),
    "ean": ("EAN", "EAN"),
    "network": ("Netværk", "Network"),
}
PERSON_FIELDS = ("name", "email", "organisation", "ean")


def label(field: str, language: str) -> str:
    da, en = FIELDS[field]
    return en if language == "en" else da
