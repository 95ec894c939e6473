"""Reading a labelled corpus folder (tests/corpus, tests/corpus/five,
tests/corpus/holdout): what mailreg reads in each mail, in the labels' shape, and
precision and recall per field. Shared by tests/unit/test_corpus.py and
bench/reading.py."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from mailreg.config import CoordinatorConfig, NetworkConfig
from mailreg.reading.guard import machine_reason
from mailreg.reading.message import parse
from mailreg.reading.understand import mail_language, understand

ROOT = Path(__file__).resolve().parent / "corpus"
ARRIVAL = datetime(2025, 2, 20, 10, tzinfo=ZoneInfo("Europe/Copenhagen"))
# the coordinator the corpora's mail is written to (tests/corpus/README.md)
COORDINATOR = CoordinatorConfig(name="Lisbet Vestergaard", address="lv@fremtidensbiblioteker.dk")
OWN = {COORDINATOR.address}
FIELDS = ("intent", "networks", "participants", "ean_problem", "language", "review")


@cache
def networks(folder: Path) -> list[NetworkConfig]:
    data = tomllib.loads((folder / "networks.toml").read_text(encoding="utf-8"))
    return [NetworkConfig(**n, deadline=date(2025, 3, 15)) for n in data["networks"]]


def cases(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml"))


def _fold(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def person_key(name, email, organisation, ean) -> tuple:
    """Names and organisations exactly (whitespace folded); addresses case-insensitively."""
    return (_fold(name), email.lower() if email else None, _fold(organisation), ean)


def classify(raw: bytes, folder: Path = ROOT) -> dict:
    """What mailreg decides for one raw mail, in the label's shape."""
    mail = parse(raw, ARRIVAL)
    if machine_reason(mail, OWN):
        return {"intent": "machine", "networks": set(), "participants": set(),
                "ean_problem": None, "language": mail_language(mail), "review": False,
                "reason": None, "registers": set()}
    result = understand(mail, networks(folder), COORDINATOR)
    return {
        "intent": result.intent,
        "networks": set(result.networks),
        "participants": {person_key(p.name or None, p.email, p.organisation, p.ean)
                         for p in result.participants},
        "ean_problem": result.ean_problem,
        "language": result.language,
        "review": result.review_reason is not None or result.intent in ("question", "unclear"),
        "reason": result.review_reason,
        # (network, address) of each registration: a person's own networks, else all
        "registers": {(n, p.email) for n in result.networks for p in result.participants
                      if not p.networks or n in p.networks},
    }


def expected(case: Path) -> dict:
    label = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    return {
        "intent": label["intent"],
        "networks": set(label["networks"]),
        "participants": {person_key(p["name"], p["email"], p["organisation"], p["ean"])
                         for p in label["participants"]},
        "ean_problem": label["ean_problem"],
        "language": label["language"],
        "review": label["review"],
        # (network, address) each participant asks for: her own networks where the label
        # gives them (people of one mail going to different networks), else the mail's
        "asked": {(n, p["email"].lower() if p["email"] else None)
                  for p in label["participants"]
                  for n in p.get("networks", label["networks"])},
    }


def mismatches(got: dict, want: dict) -> list[str]:
    return [f"{name}: got {got[name]!r}, expected {want[name]!r}"
            for name in FIELDS if got[name] != want[name]]


@dataclass
class Score:
    """Counts for one field: items found that are right, found in all, expected in all."""

    right: int = 0
    found: int = 0
    wanted: int = 0
    wrong_cases: list[str] = field(default_factory=list)

    def add(self, got: set, want: set, case: str) -> None:
        self.right += len(got & want)
        self.found += len(got)
        self.wanted += len(want)
        if got != want:
            self.wrong_cases.append(case)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.wanted if self.wanted else 1.0


def as_items(name: str, value) -> set:
    """A field as a set of items, so that precision and recall mean the same for all."""
    if name in ("networks", "participants"):
        return set(value)
    if name == "review":
        return {"review"} if value else set()
    if name == "ean_problem":
        return {value} if value else set()
    return {value}


def registrations(result: dict) -> set[tuple[str, str | None]]:
    """(network, address) of every registration a reading would make without review."""
    if result["intent"] != "signup" or result["review"]:
        return set()
    return result["registers"]


def unasked(got: dict, want: dict) -> set[tuple[str, str | None]]:
    """Registrations the reading makes that the label does not ask for."""
    asked = want["asked"] if want["intent"] == "signup" else set()
    return registrations(got) - asked


def cancellations(result: dict) -> set[tuple[str, str | None]]:
    """(network or "*" for the one held, address) of every cancellation a reading would
    carry out without review."""
    if result["intent"] != "cancel" or result["review"]:
        return set()
    return {(n, p[1]) for n in (result["networks"] or {"*"}) for p in result["participants"]}


def uncalled(got: dict, want: dict) -> set[tuple[str, str | None]]:
    """Cancellations the reading carries out that the label does not ask for: someone's
    place given up without her asking. "*" (the one network she holds) is asked for where
    the label cancels that address anywhere."""
    asked = {(n, p[1]) for n in (set(want["networks"]) or {"*"}) for p in want["participants"]
             } if want["intent"] == "cancel" else set()
    addresses = {address for _, address in asked}
    return {(n, a) for n, a in cancellations(got) - asked
            if not (n == "*" and a in addresses) and ("*", a) not in asked}


@dataclass
class Checked:
    """A corpus read: per-field scores, registrations made and those nobody asked for,
    cancellations made and those nobody asked for, and the share of checks that hold."""

    table: dict[str, Score]
    made: int
    unasked: int
    cancelled: int
    uncalled: int
    held: float


def scores(folder: Path) -> tuple[dict[str, Score], int, int]:
    """Per-field scores, registrations made, and those nobody asked for."""
    result = checked(folder)
    return result.table, result.made, result.unasked


def checked(folder: Path) -> Checked:
    """`scores`, cancellations, and the share of checks that hold: each field of each mail
    (intent, networks, participants, EAN problem, language, review) read as labelled."""
    result = Checked({name: Score() for name in FIELDS}, 0, 0, 0, 0, 0.0)
    held = 0
    for case in cases(folder):
        got, want = classify(case.read_bytes(), folder), expected(case)
        for name in FIELDS:
            result.table[name].add(as_items(name, got[name]), as_items(name, want[name]),
                                   case.stem)
        held += sum(got[name] == want[name] for name in FIELDS)
        result.made += len(registrations(got))
        result.unasked += len(unasked(got, want))
        result.cancelled += len(cancellations(got))
        result.uncalled += len(uncalled(got, want))
    result.held = held / (len(FIELDS) * max(1, len(cases(folder))))
    return result
