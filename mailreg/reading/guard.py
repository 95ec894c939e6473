"""Machine mail and mail loops: messages we must never answer automatically."""

from __future__ import annotations

import re

from mailreg.domain.mail import LOOP_HEADER, Inbound

BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
SUPPRESS = {"all", "autoreply", "oof"}
MACHINE_LOCALPART = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|noreply[-.+].*|bounces?([-+.].*)?)$"
)


def machine_reason(mail: Inbound, own_addresses: set[str]) -> str | None:
    """Why this message must get no automatic reply, or None when a person wrote it."""
    h = mail.header
    auto = h("auto-submitted").strip().lower()
    if auto and auto.split(";")[0].strip() != "no":
        return f"Auto-Submitted: {auto}"
    if h("precedence").strip().lower() in BULK_PRECEDENCE:
        return f"Precedence: {h('precedence').strip()}"
    for name in ("list-id", "list-unsubscribe"):
        if h(name):
            return f"mailing-list header {name}"
    for name in ("x-autoreply", "x-autorespond"):
        if h(name):
            return f"auto-reply header {name}"
    suppress = {p.strip().lower() for p in h("x-auto-response-suppress").split(",")}
    if suppress & SUPPRESS:
        return f"X-Auto-Response-Suppress: {h('x-auto-response-suppress')}"
    if "return-path" in mail.headers and h("return-path").strip() in ("<>", ""):
        return "empty Return-Path (a bounce or notification)"
    if mail.content_type == "multipart/report":
        return "multipart/report (a delivery or read report)"
    if h(LOOP_HEADER):
        return "our own loop marker"
    if mail.sender:
        if mail.sender in own_addresses:
            return "sent from our own address"
        if MACHINE_LOCALPART.match(mail.sender.split("@")[0]):
            return f"machine sender {mail.sender}"
    return None
