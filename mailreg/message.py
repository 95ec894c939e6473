"""Raw bytes of one mail -> `Inbound`, the plain facts the rest of the pipeline reads.

Parsing never raises: whatever cannot be read is recorded in `defects`, so a broken
message still gets an outcome (review with the reason) instead of stopping a batch.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import getaddresses, parseaddr

log = logging.getLogger(__name__)

CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


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
    defects: tuple[str, ...] = ()
    size: int = 0

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


def parse(raw: bytes, arrival: datetime) -> Inbound:
    import mailparser

    defects: list[str] = []
    try:
        mail = mailparser.parse_from_bytes(raw)
    except Exception as exc:  # noqa: BLE001 - hostile input may break any parser path
        log.warning("unparseable message: %s", exc)
        return _unparseable(raw, arrival, f"the message could not be parsed ({exc})")

    msg = mail.message
    headers: dict[str, str] = {}
    for name, value in msg.items():
        headers.setdefault(name.lower(), clean_display(str(value), 2000))
    message_id = _first_id(headers.get("message-id", ""))

    sender_name, sender = "", ""
    from_pairs = getaddresses([headers.get("from", "")])
    if from_pairs:
        name, address = from_pairs[0]
        sender, sender_name = valid_address(address), clean_display(decode_words(name))
    if not sender:
        defects.append("the From address is missing or not valid")

    text = "\n".join(p for p in mail.text_plain if p).strip()
    if not text and mail.text_html:
        text = html_to_text("\n".join(mail.text_html))
    for defect in mail.defects_categories or ():
        defects.append(f"MIME defect: {defect}")

    return Inbound(
        key=message_key(message_id, raw),
        message_id=message_id,
        sender=sender,
        sender_name=sender_name,
        subject=clean_display(mail.subject or "", 500),
        text=text.replace("\r\n", "\n"),
        arrival=arrival,
        headers=headers,
        content_type=msg.get_content_type(),
        in_reply_to=_first_id(headers.get("in-reply-to", "")),
        references=tuple(re.findall(r"<[^<>\s]+>", headers.get("references", ""))),
        reply_to=valid_address(parseaddr(headers.get("reply-to", ""))[1]),
        to=_addresses(msg.get_all("to", [])),
        cc=_addresses(msg.get_all("cc", [])),
        defects=tuple(defects),
        size=len(raw),
    )


def html_to_text(html: str) -> str:
    from inscriptis import get_text

    try:
        return get_text(html).strip()
    except Exception:  # noqa: BLE001 - fall back to stripping tags from broken HTML
        return re.sub(r"<[^>]+>", " ", html)


def decode_words(text: str) -> str:
    """Decode RFC 2047 words in a display name (after the address was split off, so an
    encoded word can never smuggle in an address)."""
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(text)))
    except (UnicodeError, LookupError, ValueError):
        return text


def _first_id(value: str) -> str:
    match = re.search(r"<[^<>\s]{1,900}>", value)
    return match.group(0) if match else ""


def _addresses(values: list) -> tuple[str, ...]:
    found = (valid_address(a) for _, a in getaddresses([str(v) for v in values]))
    return tuple(a for a in found if a)


def _unparseable(raw: bytes, arrival: datetime, reason: str) -> Inbound:
    return Inbound(
        key=message_key("", raw), message_id="", sender="", sender_name="", subject="",
        text="", arrival=arrival, defects=(reason,), size=len(raw),
    )
