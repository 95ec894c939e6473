"""Machine mail and mail loops: messages we must never answer automatically."""

from __future__ import annotations

import re

from mailreg.domain.mail import LOOP_HEADER, Inbound
from mailreg.domain.model import MachineSign, Note

BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
SUPPRESS = {"all", "autoreply", "oof"}
MACHINE_LOCALPART = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|noreply[-.+].*|bounces?([-+.].*)?)$"
)


def machine_reason(mail: Inbound, own_addresses: set[str]) -> Note | None:
    """Why this message must get no automatic reply, or None when a person wrote it."""
    h = mail.header
    auto = h("auto-submitted").strip().lower()
    if auto and auto.split(";")[0].strip() != "no":
        return Note.of(MachineSign.auto_submitted, value=auto)
    if h("precedence").strip().lower() in BULK_PRECEDENCE:
        return Note.of(MachineSign.precedence, value=h("precedence").strip())
    for name in ("list-id", "list-unsubscribe"):
        if h(name):
            return Note.of(MachineSign.list_header, header=name)
    for name in ("x-autoreply", "x-autorespond"):
        if h(name):
            return Note.of(MachineSign.autoreply_header, header=name)
    suppress = {p.strip().lower() for p in h("x-auto-response-suppress").split(",")}
    if suppress & SUPPRESS:
        return Note.of(MachineSign.response_suppressed, value=h("x-auto-response-suppress"))
    if "return-path" in mail.headers and h("return-path").strip() in ("<>", ""):
        return Note.of(MachineSign.empty_return_path)
    if mail.content_type == "multipart/report":
        return Note.of(MachineSign.delivery_report)
    if h(LOOP_HEADER):
        return Note.of(MachineSign.loop_marker)
    if mail.sender:
        if mail.sender in own_addresses:
            return Note.of(MachineSign.own_address)
        if MACHINE_LOCALPART.match(mail.sender.split("@")[0]):
            return Note.of(MachineSign.machine_sender, address=mail.sender)
    return None
