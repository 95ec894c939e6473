"""A mail as the domain sees it (`Inbound`), and the rules for what of a stranger's mail
may be shown or become a header of ours: a validated address, text without control
characters.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from mailreg.domain.model import Note

CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
ADDRESS_PATTERN = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
ADDRESS = re.compile(rf"^{ADDRESS_PATTERN}$")
LOOP_HEADER = "x-mailreg-loop"  # on every mail we send; mail carrying it is never answered
KIND_HEADER = "x-mailreg-kind"  # what kind of mail of ours it is (the digest)


@dataclass(frozen=True)
class Inbound:
    key: str
    message_id: str
    sender: str  # a validated, lowercased address or ""
    sender_name: str  # display name, cleaned of control characters
    subject: str
    text: str  # the body as text (HTML converted), quoted history included
    arrival: datetime  # when the coordinator's mailbox received it (INTERNALDATE)
    headers: dict[str, str] = field(default_factory=dict)  # lowercased name -> first value
    content_type: str = "text/plain"
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    reply_to: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    cc_names: tuple[tuple[str, str], ...] = ()  # (display name, address) of each Cc
    defects: tuple[Note, ...] = ()  # what could not be read (`Defect` codes)
    size: int = 0
    sent: datetime | None = None  # the Date header, when it can be read; arrival decides
    attachments: tuple[str, ...] = ()  # file names (or content types) of attached files
    calendar_method: str = ""  # METHOD of a calendar part ("REPLY": a meeting response)
    fingerprint: str = ""  # sender, Date and text hashed: the same mail whatever its bytes

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def clean_display(text: str, limit: int = 200) -> str:
    """A display name or subject safe to show and to put in our own headers' text."""
    return " ".join(CONTROL.sub(" ", text or "").split())[:limit]


def valid_address(text: str) -> str:
    """The address itself, lowercased, or "" when it is not a plain, valid address."""
    address = (text or "").strip().strip("<>").lower()
    return address if len(address) <= 254 and ADDRESS.match(address) else ""


def message_key(message_id: str, raw: bytes) -> str:
    """Message-ID when there is one; otherwise a hash of the bytes (stable on refetch)."""
    if message_id:
        return "mid:" + message_id[:900]
    return "sha256:" + hashlib.sha256(raw).hexdigest()
