"""A typo in the word that signs up or cancels does not hide it: the words of
mailreg/reading/lexicon/spelling.toml and the examples it gives."""

import tomllib

import pytest

from mailreg.domain.model import Intent
from mailreg.reading.intent import SPELLING, judge, respell, weigh

TABLE = tomllib.loads(SPELLING.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("typo", "word"), TABLE["examples"])
def test_a_typo_is_read_as_the_word_it_misses(typo: str, word: str) -> None:
    assert respell(f"Jeg vil {typo} nu") == f"Jeg vil {word} nu"


@pytest.mark.parametrize("word", TABLE["kept"] + TABLE["words"])
def test_real_words_stay_as_written(word: str) -> None:
    assert respell(word) == word


@pytest.mark.parametrize(("text", "intent"), [
    ("Vil gerne tilmeldde mig hverdagsledelse netværket", Intent.signup),
    ("Jeg vil gerne deltge i netværket om bæredygtighed.", Intent.signup),
    ("Jeg må desværre afmedle mig kursusdagen.", Intent.cancel),
    ("Kan ikk alligevel sorry", Intent.cancel),  # written short
    ("Tilm. undertegnede til CB-mødet 27/3.", Intent.signup),  # an abbreviation
    ("vil gerne tilm til hv.ledelse netværket", Intent.signup),
    ("Jeg må desværre trække min tilm. tilbage, jeg har fået nyt job.", Intent.cancel),
])
def test_a_mail_with_a_typo_is_read_as_meant(text: str, intent: Intent) -> None:
    assert judge(weigh(text))[0] == intent


@pytest.mark.parametrize(("short", "word"), TABLE["short"].items())
def test_a_word_written_short_is_read_as_the_word_it_stands_for(short: str,
                                                                word: str | list[str]) -> None:
    verb, noun = (word, word) if isinstance(word, str) else word
    assert respell(f"Jeg kan {short} komme") == f"Jeg kan {verb} komme"
    assert respell(f"Det er min {short} til kursusdagen") == f"Det er min {noun} til kursusdagen"
