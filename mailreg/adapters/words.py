"""Codes in words: the Danish or English text of a status, flag, cause or reason, from
one table per language (`templates/<lang>/words.toml`), with the code's values filled
in. Used where a person reads them: the digest, the CLI, receipts."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from enum import StrEnum
from functools import cache

from mailreg.adapters.templates import TEMPLATES
from mailreg.domain.model import Note
from mailreg.domain.orders import Act, Filing, Prompt

LANGUAGES = ("da", "en")
# Tables of phrases keyed by a code without a kind of its own: the label of an action
# link, what a command did, what became of a decided mail
PHRASES: dict[str, type[StrEnum]] = {"act": Act, "done": Act, "filing": Filing,
                                     "form": Prompt}


@cache
def table(language: str) -> dict[str, dict[str, str]]:
    """{kind: {code: text}} of a language (Danish for one mailreg has no words in)."""
    language = language if language in LANGUAGES else "da"
    with (TEMPLATES / language / "words.toml").open("rb") as f:
        return tomllib.load(f)


def say(item: Note | StrEnum, language: str) -> str:
    """The words for a code, its values filled in; the code itself if it has none."""
    note = item if isinstance(item, Note) else Note(item)
    text = table(language).get(note.kind, {}).get(note.code.value)
    if text is None:
        return note.code.value
    return text.format_map(_Values(note.params))


def say_all(notes: Iterable[Note], language: str, sep: str = "; ") -> str:
    return sep.join(say(n, language) for n in notes)


class _Values(dict):
    """A code's values for str.format_map; one that is missing shows as "?"."""

    def __init__(self, params: tuple[tuple[str, str], ...]) -> None:
        super().__init__(params)

    def __missing__(self, key: str) -> str:
        return "?"
