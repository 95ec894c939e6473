"""Machine mail and forged senders written from how real systems send them
(tests/mail/machine, written by someone who had not read the guard): no reply to a
machine, no reply but to the one address of the From, and a forged or ambiguous From
waits for the coordinator."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mailreg.config import NetworkConfig
from mailreg.domain.rules import decide_mail
from mailreg.reading.guard import machine_reason
from mailreg.reading.message import parse
from mailreg.reading.understand import understand

CASES = sorted((Path(__file__).resolve().parents[1] / "mail" / "machine").glob("*.eml"))
ARRIVAL = datetime(2025, 2, 20, 9, tzinfo=UTC)
OWN = {"lv@fremtidensbiblioteker.dk"}
NETWORKS = [NetworkConfig(slug="hverdagsledelse", name="Mellemledernetværk om hverdagsledelse",
                          aliases=["hverdagsledelse"], deadline=date(2025, 3, 15))]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_machine_mail_and_senders(path: Path) -> None:
    label = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    mail = parse(path.read_bytes(), ARRIVAL)
    machine = machine_reason(mail, OWN)
    assert (machine is not None) == label["machine"], (label["sign"], machine)
    request = understand(mail, NETWORKS) if mail.sender else None
    decision = decide_mail(mail, request, machine, None, {n.slug: n for n in NETWORKS}, {},
                           UTC)
    allowed = {label["reply_to"]} if label["reply_to"] else set()
    assert {r.to for r in decision.replies} <= allowed, label["note"]
    assert all(set(r.cc) <= allowed | {p.email for p in (request.participants if request
                                                          else ())} for r in decision.replies)
    if label["review"]:
        assert decision.to_review, label["note"]


def test_the_set_is_there() -> None:
    assert len(CASES) >= 40
