"""Danish (and English) money and dates in words, written with Babel."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

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
