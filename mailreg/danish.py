"""Danish dates and money, read with dateparser and written with Babel.

dateparser is slow to import and slower when it guesses the language, so it is
imported on first use and always told the languages and the day-first order.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

DATEPARSER_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "SKIP_TOKENS": ["senest", "den", "d.", "kl", "kl."],
}

LOCALES = {"da": "da_DK", "en": "en_GB"}


@lru_cache(maxsize=1024)
def parse_danish_date(text: str) -> date | None:
    """ "15. marts 2025", "senest 15/3-2025", "2025-03-15" -> date, else None."""
    import dateparser

    cleaned = re.sub(r"(\d)\s*/\s*(\d+)\s*-\s*(\d{4})", r"\1/\2/\3", text.strip())
    parsed = dateparser.parse(
        cleaned, languages=["da", "en"], settings=DATEPARSER_SETTINGS
    )
    return parsed.date() if parsed else None


def parse_price_amount(price: str) -> Decimal | None:
    """First amount in a Danish price text: "4.500 kr. + moms" -> Decimal("4500")."""
    match = re.search(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", price)
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


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
