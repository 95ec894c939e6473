"""The labelled corpora, every mail read as the coordinator would.

- tests/corpus: 56 mails for two networks; every case must be read right.
- tests/corpus/five: 150 mails for five networks, the development corpus of the reading
  as weighed evidence. Cases it does not read right yet are listed with the fields
  they miss in tests/corpus/five/known.toml (strict: a case that starts to pass must
  leave the list); no case may register anyone nobody asked for.
- tests/corpus/six: 120 more mails for the same five networks, written in December 2026
  by two authors who had not read the reading code (people, signatures and EANs;
  intent and which network), with their own known.toml; tests/corpus/seven to ten:
  120 more each, by eight further authors; eleven to twentyfive, 120 more each, by an
  author each who had read neither the reading code nor the other corpora.
- the holdouts are never read here: bench/reading.py measures them.
"""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from corpus_tools import (
    ARRIVAL,
    FIELDS,
    OWN,
    ROOT,
    cases,
    classify,
    expected,
    mismatches,
    networks,
    scores,
    unasked,
    uncalled,
)

from mailreg.reading.guard import machine_reason
from mailreg.reading.message import parse
from mailreg.reading.understand import understand

DEVELOPMENT = tuple(ROOT / name for name in ("five", "six", "seven", "eight", "nine", "ten",
                                                     "eleven", "twelve", "thirteen",
                                                     "fourteen", "fifteen", "sixteen", "seventeen",
                                                     "eighteen", "nineteen", "twenty",
                                                     "twentyone", "twentytwo",
                                                     "twentythree", "twentyfour",
                                                     "twentyfive", "twentysix",
                                                     "twentyseven", "twentyeight",
                                                     "twentynine", "thirty", "thirtyone",
                                                     "thirtytwo", "thirtythree",
                                                     "thirtyfour", "thirtyfive",
                                                     "thirtysix", "thirtyseven",
                                                     "thirtyeight", "thirtynine",
                                                     "forty", "fortyone", "fortytwo",
                                                     "fortythree", "fortyfour", "fortyfive",
                                                     "fortysix", "fortyseven", "fortyeight",
                                                     "fortynine", "fifty", "fiftyone",
                                                     "fiftytwo", "fiftythree",
                                                     "fiftyfour", "fiftyfive", "fiftysix",
                                                     "fiftyseven", "fiftyeight", "fiftynine",
                                                     "sixty", "sixtyone", "sixtytwo",
                                                     "sixtythree", "sixtyfour",
                                                     "sixtyfive", "sixtysix",
                                                     "sixtyseven", "sixtyeight",
                                                     "sixtynine", "seventy", "seventyone",
                                                     "seventytwo", "seventythree",
                                                     "seventyfour", "seventyfive",
                                                     "seventysix", "seventyseven",
                                                     "seventyeight", "seventynine",
                                                     "eighty", "eightyone", "eightytwo",
                                                     "eightythree", "eightyfour",
                                                     "eightyfive", "eightysix",
                                                     "eightyseven"))
KNOWN = {case: gaps for folder in DEVELOPMENT for case, gaps in tomllib.loads(
    (folder / "known.toml").read_text(encoding="utf-8")).get("case", {}).items()}
DEVELOPMENT_CASES = [c for folder in DEVELOPMENT for c in cases(folder)]


@pytest.mark.parametrize("case", cases(ROOT), ids=lambda c: c.stem)
def test_corpus_case(case: Path) -> None:
    got = classify(case.read_bytes())
    problems = mismatches(got, expected(case))
    assert not problems, f"{case.name} (review reason: {got['reason']}):\n  " + "\n  ".join(
        problems)


def test_corpus_summary() -> None:
    table, _made, _wrong = scores(ROOT)
    lines = [f"\ncorpus: {len(cases(ROOT))} mails", f"{'field':<14}{'precision':>10}{'recall':>8}"]
    for name, score in table.items():
        lines.append(f"{name:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
                     + (f"  wrong: {', '.join(score.wrong_cases)}" if score.wrong_cases else ""))
    raws = [c.read_bytes() for c in cases(ROOT)]
    start = time.perf_counter()
    for raw in raws:
        mail = parse(raw, ARRIVAL)
        if not machine_reason(mail, OWN):
            understand(mail, networks(ROOT))
    per_message = (time.perf_counter() - start) / len(raws) * 1000
    lines.append(f"parse + understand: {per_message:.2f} ms per message")
    print("\n".join(lines))
    bad = {name: s.wrong_cases for name, s in table.items() if s.wrong_cases}
    assert not bad, f"fields with mismatches: {bad}"


@pytest.mark.parametrize("case", DEVELOPMENT_CASES, ids=lambda c: c.stem)
def test_development_case(case: Path) -> None:
    """Read as labelled, or wrong in exactly the fields `known.toml` lists: a gap may
    close or shrink (then take it off the list), never grow unnoticed."""
    got, want = classify(case.read_bytes(), case.parent), expected(case)
    problems = mismatches(got, want)
    known = KNOWN.get(case.stem, {}).get("fields", [])
    wrong = [name for name in FIELDS if got[name] != want[name]]
    if known and wrong == known:
        pytest.xfail(f"not read right yet: {', '.join(known)}")
    assert not known, f"{case.name} is now wrong in {wrong or 'nothing'}, known.toml says " \
        f"{known}: update known.toml"
    assert not problems, f"{case.name} (review reason: {got['reason']}):\n  " + "\n  ".join(
        problems)


@pytest.mark.parametrize("case", DEVELOPMENT_CASES, ids=lambda c: c.stem)
def test_nobody_is_registered_who_did_not_ask(case: Path) -> None:
    """The first rule: never a registration nobody asked for, whatever else is wrong."""
    got, want = classify(case.read_bytes(), case.parent), expected(case)
    wrong = unasked(got, want)
    allowed = {(n, a or None) for n, a in KNOWN.get(case.stem, {}).get("unasked", [])}
    assert wrong <= allowed, f"{case.name} registers {sorted(wrong - allowed)}"


@pytest.mark.parametrize("case", DEVELOPMENT_CASES, ids=lambda c: c.stem)
def test_nobody_is_cancelled_who_did_not_ask(case: Path) -> None:
    """Nor a place given up that nobody asked to give up ("Hverdagsledelse holder jeg fast
    i", "Susanne Kold skal ikke med" from her chief)."""
    got, want = classify(case.read_bytes(), case.parent), expected(case)
    wrong = uncalled(got, want)
    allowed = {(n, a or None) for n, a in KNOWN.get(case.stem, {}).get("uncalled", [])}
    assert wrong <= allowed, f"{case.name} cancels {sorted(wrong - allowed)}"
