"""Registrations and invoicing data as JSON, CSV or XLSX.

The CSV is for a Danish Excel: semicolons, decimal commas, CRLF line ends, and UTF-8
with a byte-order mark (without it Excel reads æøå as cp1252). The caller writing a
file adds the BOM (`utf-8-sig`); `invoice_csv_bytes` includes it for the attachment.
Excel shows a 13-digit EAN read from CSV as 5,798E+12, so the invoicing CSV writes it as
the formula ="5798000214538", which Excel shows as the text 5798000214538; the XLSX
stores it as a text cell.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import BinaryIO, TextIO

from sqlalchemy.engine import Engine

from mailreg.config import Config
from mailreg.domain.model import Status
from mailreg.services.report import registration_dict, registrations

FIELDS = ["network", "name", "email", "organisation", "ean", "status", "received_at",
          "message_id"]
INVOICE_HEADERS = {
    "da": ["Navn", "E-mail", "Organisation", "EAN", "Netværk", "Pris ekskl. moms", "Moms",
           "I alt"],
    "en": ["Name", "Email", "Organisation", "EAN", "Network", "Price excl. VAT", "VAT",
           "Total"],
}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class InvoiceRow:
    """One confirmed participant to invoice. Amounts are None when the network has no
    price in the config (then the coordinator fills them in)."""

    name: str
    email: str
    organisation: str
    ean: str
    network: str
    network_name: str
    price: Decimal | None
    vat: Decimal | None
    total: Decimal | None


def invoice_rows(config: Config, engine: Engine, network: str | None = None,
                 statuses: list[str] | None = None) -> list[InvoiceRow]:
    """Confirmed participants (or the given statuses) with price, VAT and total."""
    rate = config.invoicing.vat_percent / 100
    rows = []
    for r in registrations(engine, network, statuses or [Status.confirmed.value]):
        net = config.network(r.network)
        price = net.amount if net else None
        price = price.quantize(CENT, ROUND_HALF_UP) if price is not None else None
        vat = (price * rate).quantize(CENT, ROUND_HALF_UP) if price is not None else None
        rows.append(InvoiceRow(
            name=r.name, email=r.email, organisation=r.organisation, ean=r.ean or "",
            network=r.network, network_name=net.name if net else r.network, price=price,
            vat=vat, total=price + vat if price is not None and vat is not None else None))
    return rows


def danish_decimal(amount: Decimal | None) -> str:
    """Decimal(4500) -> "4500,00": what a Danish Excel reads as a number from CSV."""
    return "" if amount is None else f"{amount.quantize(CENT, ROUND_HALF_UP):f}".replace(
        ".", ",")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """Text from strangers' mail that a spreadsheet would run as a formula (a name
    like =HYPERLINK(...)) gets a leading apostrophe, as OWASP advises for CSV."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_field(value: str) -> str:
    """One field quoted as csv.writer quotes it (only when it must be), never a formula."""
    value = inert(value)
    if any(c in value for c in ';"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def excel_text(digits: str) -> str:
    """An all-digit code as ="5798000214538": a double-clicked CSV shows it as the text
    5798000214538, not 5,798E+12. Written unquoted, the commonly used form, rather than
    csv.writer's doubled quotes. Anything else, or empty, stays an ordinary field."""
    if digits.isascii() and digits.isdigit():
        return f'="{digits}"'
    return csv_field(digits)


def write_invoice_csv(rows: list[InvoiceRow], out: TextIO, language: str = "da") -> None:
    """Written field by field because csv.writer would quote the EAN's formula."""
    headers = INVOICE_HEADERS.get(language, INVOICE_HEADERS["da"])
    out.write(";".join(csv_field(h) for h in headers) + "\r\n")
    for row in rows:
        fields = [csv_field(row.name), csv_field(row.email), csv_field(row.organisation),
                  excel_text(row.ean), csv_field(row.network_name),
                  danish_decimal(row.price), danish_decimal(row.vat),
                  danish_decimal(row.total)]
        out.write(";".join(fields) + "\r\n")


def invoice_csv_bytes(rows: list[InvoiceRow], language: str = "da") -> bytes:
    """The CSV as a file's bytes, BOM included (for the digest's attachment)."""
    buffer = io.StringIO(newline="")
    write_invoice_csv(rows, buffer, language)
    return buffer.getvalue().encode("utf-8-sig")


def invoice_json(rows: list[InvoiceRow]) -> list[dict]:
    """Amounts as strings with a decimal point ("4500.00"): exact, unlike floats."""
    return [{
        "name": r.name, "email": r.email, "organisation": r.organisation, "ean": r.ean,
        "network": r.network, "network_name": r.network_name,
        "price": None if r.price is None else f"{r.price:f}",
        "vat": None if r.vat is None else f"{r.vat:f}",
        "total": None if r.total is None else f"{r.total:f}",
    } for r in rows]


def write_invoice_xlsx(rows: list[InvoiceRow], out: BinaryIO, language: str = "da") -> None:
    """A worksheet with numbers as numbers (shown as 4.500,00 in a Danish Excel) and the
    EAN as text, so Excel neither rounds nor shows it in scientific notation."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Fakturering" if language == "da" else "Invoicing"
    headers = INVOICE_HEADERS.get(language, INVOICE_HEADERS["da"])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.name, row.email, row.organisation, row.ean, row.network_name,
                      row.price, row.vat, row.total])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells[:5]:
            cell.data_type = "s"  # text, even when it starts with "=" (not a formula)
        cells[3].number_format = "@"
        for cell in cells[5:]:
            cell.number_format = "#,##0.00"
    widths = [28, 32, 32, 16, 36, 16, 12, 12]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    book.save(out)


def invoice_xlsx_bytes(rows: list[InvoiceRow], language: str = "da") -> bytes:
    buffer = io.BytesIO()
    write_invoice_xlsx(rows, buffer, language)
    return buffer.getvalue()


def write_export(config: Config, engine: Engine, out: TextIO, fmt: str,
                 network: str | None = None, statuses: list[str] | None = None) -> int:
    """The registration export (the documented JSON/CSV contract); returns the count."""
    rows = [registration_dict(r, config) for r in registrations(engine, network, statuses)]
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, fieldnames=FIELDS, delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: inert(v) if isinstance(v, str) else v for k, v in row.items()}
                         for row in rows)
    return len(rows)


def write_invoice_export(config: Config, engine: Engine, out: TextIO, fmt: str,
                         network: str | None = None,
                         statuses: list[str] | None = None) -> int:
    """The invoicing export as JSON or CSV (XLSX: `write_invoice_xlsx`); the count."""
    rows = invoice_rows(config, engine, network, statuses)
    if fmt == "json":
        json.dump(invoice_json(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        write_invoice_csv(rows, out, config.replies.language)
    return len(rows)
