"""The phrase banks (tests/corpus/phrases*/dev.tsv): single sentences as library staff
write them, each labelled with what it asks for, read as the cues weigh a sentence alone.
The lines not read right yet are listed in each bank's known.toml, a ratchet that may only
shrink; the banks' holdout.tsv are only measured (bench/reading.py), never tuned against."""

import tomllib
from pathlib import Path

import pytest

from mailreg.reading.intent import judge, weigh

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BANKS = ("phrases", "phrases2", "phrases3", "phrases4", "phrases5")


def lines(bank: str) -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in  # type: ignore[misc]
            (CORPUS / bank / "dev.tsv").read_text(encoding="utf-8").splitlines() if line.strip()]


CASES = [(bank, number, label, text) for bank in BANKS
         for number, (label, text) in enumerate(lines(bank), 1)]
KNOWN = {bank: set(tomllib.loads((CORPUS / bank / "known.toml").read_text(encoding="utf-8"))
                   ["lines"]) for bank in BANKS}


def read(text: str) -> str:
    intent, _reason = judge(weigh(text))
    return str(intent) if intent else "unclear"


@pytest.mark.parametrize(("bank", "number", "label", "text"), CASES,
                         ids=[f"{b}-{n}" for b, n, _l, _t in CASES])
def test_each_phrase_is_read_as_labelled(bank: str, number: int, label: str, text: str) -> None:
    if number in KNOWN[bank]:
        assert read(text) != label, f"{bank} line {number} is read right now: take it off"
    else:
        assert read(text) == label, text
