"""Every code has words in Danish and in English, with the same values to fill in, and
codes survive the round trip through storage."""

import string

import pytest

from mailreg.adapters.tables import decode_notes, encode_notes
from mailreg.adapters.words import LANGUAGES, PHRASES, say, table
from mailreg.domain.model import KINDS, Flag, Note, Why

CODES = [(kind, code) for kind, enum in {**KINDS, **PHRASES}.items() for code in enum]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(("kind", "code"), CODES, ids=lambda v: str(v))
def test_every_code_has_words_in_both_languages(kind: str, code) -> None:
    texts = {language: table(language).get(kind, {}).get(code.value) for language in LANGUAGES}
    assert all(texts.values()), f"{kind}.{code.value} lacks words: {texts}"
    assert placeholders(texts["da"]) == placeholders(texts["en"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tables_hold_no_word_for_a_code_that_does_not_exist(language: str) -> None:
    known = {(kind, code.value) for kind, code in CODES}
    listed = {(kind, code) for kind, words in table(language).items() for code in words}
    assert listed <= known, listed - known


def test_values_are_filled_in_and_a_missing_one_shows() -> None:
    note = Note.of(Flag.outside_target_group, title="Bibliotekschef", group="mellemledere")
    assert say(note, "da") == 'titlen "Bibliotekschef" er måske uden for målgruppen (mellemledere)'
    assert say(note, "en") == ('title "Bibliotekschef" may be outside the target group '
                               '(mellemledere)')
    assert say(Note.of(Why.no_network), "en").endswith("(? are open)")


def test_codes_round_trip_through_storage() -> None:
    notes = (Note.of(Why.no_network, open=4), Note.of(Flag.missing_ean))
    assert decode_notes(encode_notes(notes)) == notes
    assert decode_notes("") == ()
    assert decode_notes("an English sentence") == (Note.of(Why.legacy, text="an English sentence"),)
