"""The labelled corpus (tests/corpus): every mail understood as the coordinator would.

Each case is its own test, so a failure names the file and lists every field that
differs. `test_corpus_summary` prints per-field precision and recall over the whole
corpus (run with -s to see it) and fails when any field is below 1.0.
"""

from __future__ import annotations

import json
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailreg.config import NetworkConfig
from mailreg.reading.guard import machine_reason
from mailreg.reading.message import parse
from mailreg.reading.understand import mail_language, understand

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ARRIVAL = datetime(2025, 2, 20, 10, tzinfo=ZoneInfo("Europe/Copenhagen"))
OWN = {"lv@fremtidensbiblioteker.dk"}
CASES = sorted(CORPUS.glob("*.eml"))
FIELDS = ("intent", "networks", "participants", "ean_problem", "language", "review")


def load_networks() -> list[NetworkConfig]:
    data = tomllib.loads((CORPUS / "networks.toml").read_text(encoding="utf-8"))
    return [NetworkConfig(**n, deadline=date(2025, 3, 15)) for n in data["networks"]]


NETWORKS = load_networks()


def _fold(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def person_key(name, email, organisation, ean) -> tuple:
    """Names and organisations exactly (whitespace folded); addresses case-insensitively."""
    return (_fold(name), email.lower() if email else None, _fold(organisation), ean)


def classify(raw: bytes) -> dict:
    """What mailreg decides for one raw mail, in the label's shape."""
    mail = parse(raw, ARRIVAL)
    if machine_reason(mail, OWN):
        return {"intent": "machine", "networks": set(), "participants": set(),
                "ean_problem": None, "language": mail_language(mail), "review": False,
                "reason": None}
    result = understand(mail, NETWORKS)
    return {
        "intent": result.intent,
        "networks": set(result.networks),
        "participants": {person_key(p.name, p.email, p.organisation, p.ean)
                         for p in result.participants},
        "ean_problem": result.ean_problem,
        "language": result.language,
        "review": result.review_reason is not None or result.intent in ("question", "unclear"),
        "reason": result.review_reason,
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
    }


def mismatches(got: dict, want: dict) -> list[str]:
    return [f"{name}: got {got[name]!r}, expected {want[name]!r}"
            for name in FIELDS if got[name] != want[name]]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_corpus_case(case: Path) -> None:
    got = classify(case.read_bytes())
    problems = mismatches(got, expected(case))
    assert not problems, f"{case.name} (review reason: {got['reason']}):\n  " + "\n  ".join(
        problems)


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


def scores() -> Iterator[tuple[str, Score]]:
    table = {name: Score() for name in FIELDS}
    for case in CASES:
        got, want = classify(case.read_bytes()), expected(case)
        for name in FIELDS:
            table[name].add(as_items(name, got[name]), as_items(name, want[name]), case.stem)
    yield from table.items()


def test_corpus_summary() -> None:
    table = dict(scores())
    lines = [f"\ncorpus: {len(CASES)} mails", f"{'field':<14}{'precision':>10}{'recall':>8}"]
    for name, score in table.items():
        lines.append(f"{name:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
                     + (f"  wrong: {', '.join(score.wrong_cases)}" if score.wrong_cases else ""))
    raws = [c.read_bytes() for c in CASES]
    start = time.perf_counter()
    for raw in raws:
        mail = parse(raw, ARRIVAL)
        if not machine_reason(mail, OWN):
            understand(mail, NETWORKS)
    per_message = (time.perf_counter() - start) / len(raws) * 1000
    lines.append(f"parse + understand: {per_message:.2f} ms per message")
    print("\n".join(lines))
    bad = {name: s.wrong_cases for name, s in table.items() if s.wrong_cases}
    assert not bad, f"fields with mismatches: {bad}"
