"""Danish (and English) money, dates and times in words, written with Babel; and a
Danish price text put into another language from a table of its phrases."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal

from mailreg.config import parse_price_amount

LOCALES = {"da": "da_DK", "en": "en_GB"}


def format_money(amount: Decimal | float | int, language: str = "da") -> str:
    """4500 -> "4.500,00 kr." (Danish) or "DKK 4,500.00" (English)."""
    from babel.numbers import format_currency

    if language == "en":
        return format_currency(amount, "DKK", "¤\u00a0#,##0.00", locale="en_GB",
                               currency_digits=True)
    return format_currency(amount, "DKK", locale=LOCALES.get(language, "da_DK"))


def format_long_date(value: date, language: str = "da") -> str:
    """date(2025, 6, 3) -> "tirsdag den 3. juni 2025" / "Tuesday, 3 June 2025"."""
    from babel.dates import format_date

    return format_date(value, "full", locale=LOCALES.get(language, "da_DK"))


def format_time_span(start: time, end: time, language: str = "da") -> str:
    """09:30 to 15:30 -> "09.30–15.30" (Danish) or "09:30–15:30" (English)."""
    from babel.dates import format_interval

    return format_interval(start, end, "Hm", locale=LOCALES.get(language, "da_DK"))


NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# "4.500 kr.", "4.500,-", "kr. 4.500", "DKK 4500": a number with its currency
AMOUNT = re.compile(rf"(?:kr\.|DKK)\s*(?:{NUMBER})(?:\s*,-)?|(?:{NUMBER})\s*"
                    rf"(?:kr\.|kr\b|kroner\b|DKK\b|,-)", re.IGNORECASE)
# a full stop only at the end of a sentence, not in "f.eks."
PUNCTUATION = re.compile(r"[,;:()/]|\.(?=\s|$)")
WORD = re.compile(r"\S+?(?=\s|[,;:()/]|\.(?:\s|$)|$)")


def translate_price(text: str, phrases: Mapping[str, str], language: str) -> str:
    """A Danish price text in another language, phrase by phrase from its table
    (`templates/<language>/price.toml`): "4.500 kr. + moms per deltager ekskl.
    forplejning" -> "DKK 4,500.00 plus VAT per participant excluding catering". A part
    no phrase matches is kept in Danish, quoted. Without a table: the text as it is."""
    if not phrases:
        return text
    known = [(_phrase(danish), phrases[danish])
             for danish in sorted(phrases, key=len, reverse=True)]
    words: list[str] = []
    unknown = -1  # where the Danish words no phrase matched began
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        word, end = _known_word(text, position, known, language)
        if word is None:
            unknown = position if unknown < 0 else unknown
            word_end = WORD.match(text, position)
            position = word_end.end() if word_end else position + 1
            continue
        if unknown >= 0:
            words.append(f'"{text[unknown:position].strip()}"')
            unknown = -1
        words.append(word)
        position = end
    if unknown >= 0:
        words.append(f'"{text[unknown:].strip()}"')
    joined = " ".join(words)
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([,;:.)/])", r"\1", joined))


def _phrase(danish: str) -> re.Pattern[str]:
    """A phrase of the table as a pattern: any spacing, whole words."""
    pattern = r"\s*".join(re.escape(part) for part in danish.split())
    return re.compile(pattern + (r"(?!\w)" if danish[-1].isalnum() else ""), re.IGNORECASE)


def _known_word(text: str, position: int, known: list[tuple[re.Pattern[str], str]],
                language: str) -> tuple[str | None, int]:
    """The words of `text` at `position` in the language and where they end: an
    amount, a phrase of the table, a punctuation mark; (None, position) if none."""
    amount = AMOUNT.match(text, position)
    if amount:
        value = parse_price_amount(amount.group(0))
        if value is not None:
            return format_money(value, language), amount.end()
    for pattern, english in known:
        match = pattern.match(text, position)
        if match:
            capital = match.group(0)[:1].isupper() and english[:1].islower()
            return (english[:1].upper() + english[1:] if capital else english), match.end()
    if PUNCTUATION.match(text, position):
        return text[position], position + 1
    return None, position
