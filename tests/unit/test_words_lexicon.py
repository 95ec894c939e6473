"""The word lists of mailreg/reading/lexicon/words.toml explain themselves: each finds
its examples and misses its counter-examples."""

import pytest

from mailreg.reading.intent import word_list, word_lists

CASES = [(name, text, found) for name, entry in word_lists().items()
         for found, key in ((True, "finds"), (False, "misses")) for text in entry[key]]


@pytest.mark.parametrize(("name", "text", "found"), CASES,
                         ids=[f"{n}-{'finds' if f else 'misses'}-{i}"
                              for i, (n, _t, f) in enumerate(CASES)])
def test_each_word_list_finds_its_examples(name: str, text: str, found: bool) -> None:
    assert bool(word_list(name).search(text)) is found
