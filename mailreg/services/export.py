"""Registrations and invoicing data as JSON, CSV or XLSX.

JSON is for programs: codes, and times in ISO 8601 with the zone's offset. CSV and XLSX
are for a Danish Excel, in the language asked for: headers and statuses in words, times
in the configured zone's local time (Excel has no time zones). The CSV has semicolons,
decimal commas, CRLF line ends and UTF-8 with a byte-order mark (without it Excel reads
æøå as cp1252), times as 20.02.2025 16:00. Excel shows a 13-digit EAN read from CSV as
5,798E+12, so the CSV writes it as the formula ="5798000214538", which Excel shows as
the text 5798000214538. The XLSX has the EAN as a text cell, times as date cells and
amounts as numbers, shown the Danish way.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.engine import Engine

from mailreg.adapters.tables import Registration
from mailreg.adapters.words import say
from mailreg.config import Config
from mailreg.domain.model import Column, Status
from mailreg.services.report import registration_dict, registrations

REGISTRATION_COLUMNS = (Column.network, Column.name, Column.email, Column.organisation,
                        Column.ean, Column.status, Column.received_at, Column.message_id)
INVOICE_COLUMNS = (Column.name, Column.email, Column.organisation, Column.ean,
                   Column.network, Column.price, Column.vat, Column.total)
AMOUNTS = (Column.price, Column.vat, Column.total)  # named as InvoiceRow's fields
CENT = Decimal("0.01")
CSV_TIME = "%d.%m.%Y %H:%M"
XLSX_FORMATS = {Column.ean: "@", Column.received_at: "dd.mm.yyyy hh:mm",
                **{c: "#,##0.00" for c in AMOUNTS}}
XLSX_WIDTHS = {Column.network: 30, Column.name: 28, Column.email: 32,
               Column.organisation: 32, Column.ean: 16, Column.status: 16,
               Column.received_at: 17, Column.message_id: 40, Column.price: 16,
               Column.vat: 12, Column.total: 12}

Cell = str | Decimal | datetime | None


@dataclass(frozen=True)
class InvoiceRow:
    """One confirmed participant to invoice. Amounts are None when the network has no
    price in the config (then the coordinator fills them in); 0 when it is free."""

    name: str
    email: str
    organisation: str
    ean: str
    network: str
    network_name: str
    price: Decimal | None
    vat: Decimal | None
    total: Decimal | None

    @property
    def cells(self) -> list[Cell]:
        """The values of INVOICE_COLUMNS."""
        return [self.name, self.email, self.organisation, self.ean, self.network_name,
                self.price, self.vat, self.total]


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


def registration_cells(r: Registration, config: Config, language: str) -> list[Cell]:
    """The values of REGISTRATION_COLUMNS for a person: the status in words, the
    arrival in local time."""
    return [r.network, r.name, r.email, r.organisation, r.ean or "",
            say(Status(r.status), language),
            r.received_at.astimezone(config.tz).replace(tzinfo=None), r.message_id]


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


def csv_cell(column: Column, value: Cell) -> str:
    if column is Column.ean:
        return excel_text(str(value))
    if isinstance(value, datetime):
        return value.strftime(CSV_TIME)
    if isinstance(value, str):
        return csv_field(value)
    return danish_decimal(value)


def csv_bytes(columns: Sequence[Column], rows: Iterable[Sequence[Cell]],
              language: str) -> bytes:
    """A CSV file's bytes, BOM included. Written field by field because csv.writer
    would quote the EAN's formula."""
    lines = [[csv_field(say(c, language)) for c in columns]]
    lines += [[csv_cell(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
    return "".join(";".join(line) + "\r\n" for line in lines).encode("utf-8-sig")


def invoice_csv_bytes(rows: list[InvoiceRow], language: str = "da") -> bytes:
    """The invoicing CSV (also the digest's attachment)."""
    return csv_bytes(INVOICE_COLUMNS, (r.cells for r in rows), language)


def invoice_json(rows: list[InvoiceRow]) -> list[dict]:
    """Amounts as strings with a decimal point ("4500.00"): exact, unlike floats."""
    return [{
        "name": r.name, "email": r.email, "organisation": r.organisation, "ean": r.ean,
        "network": r.network, "network_name": r.network_name,
        "price": None if r.price is None else f"{r.price:f}",
        "vat": None if r.vat is None else f"{r.vat:f}",
        "total": None if r.total is None else f"{r.total:f}",
    } for r in rows]


def add_sheet(book, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Cell]],
              language: str):
    """A worksheet: bold headers in words, frozen, with a filter over them; text as text
    cells (a name starting with "=" is no formula), the EAN as text with format "@" so
    Excel neither rounds it nor shows it as 5,798E+12, numbers and times as such."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])  # Excel's limit for a sheet's name
    sheet.append([say(c, language) for c in columns])
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows():
        for column, cell in zip(columns, cells, strict=True):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            if cell.row == 1:
                cell.font = Font(bold=True)
            elif column in XLSX_FORMATS:
                cell.number_format = XLSX_FORMATS[column]
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = XLSX_WIDTHS[column]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def workbook():
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def xlsx_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def column_sum(values: list[Decimal | None]) -> Decimal | None:
    """The sum of the amounts known; None when rows have none (no price configured)."""
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known or not values else None


def invoice_xlsx_bytes(rows: list[InvoiceRow], language: str = "da") -> bytes:
    """One sheet with a totals row under the filtered rows (sorting keeps it last)."""
    from openpyxl.styles import Font

    book = workbook()
    sheet = add_sheet(book, "Fakturering" if language == "da" else "Invoicing",
                      INVOICE_COLUMNS, (r.cells for r in rows), language)
    totals = {c: column_sum([getattr(r, c.value) for r in rows]) for c in AMOUNTS}
    sheet.append([totals.get(c) for c in INVOICE_COLUMNS])
    sheet.cell(sheet.max_row, 1, say(Column.total, language))
    for column, cell in zip(INVOICE_COLUMNS, sheet[sheet.max_row], strict=True):
        cell.font = Font(bold=True)
        cell.number_format = XLSX_FORMATS.get(column, "General")
    return xlsx_bytes(book)


def registrations_xlsx_bytes(config: Config, found: list[Registration], language: str,
                             network: str | None = None) -> bytes:
    """One sheet per network, named by its slug: every configured network (or the one
    asked for), and any network a registration names that the config no longer has."""
    slugs = [network] if network else [n.slug for n in config.networks]
    slugs += sorted({r.network for r in found} - set(slugs))
    book = workbook()
    for slug in slugs:
        add_sheet(book, slug, REGISTRATION_COLUMNS,
                  (registration_cells(r, config, language) for r in found
                   if r.network == slug), language)
    return xlsx_bytes(book)


def json_bytes(data: list[dict]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_bytes(config: Config, engine: Engine, fmt: str, *, invoice: bool = False,
                 network: str | None = None, statuses: list[str] | None = None,
                 language: str | None = None) -> tuple[bytes, int]:
    """The registrations (the documented JSON contract), or with `invoice` the invoicing
    rows, as a file's bytes in `fmt` (json, csv, xlsx); and how many rows it holds.
    CSV and XLSX are in `language`, by default the replies' language."""
    language = language or config.replies.language
    if invoice:
        rows = invoice_rows(config, engine, network, statuses)
        data = (json_bytes(invoice_json(rows)) if fmt == "json" else
                invoice_csv_bytes(rows, language) if fmt == "csv" else
                invoice_xlsx_bytes(rows, language))
        return data, len(rows)
    found = registrations(engine, network, statuses)
    data = (json_bytes([registration_dict(r, config) for r in found]) if fmt == "json" else
            csv_bytes(REGISTRATION_COLUMNS,
                      (registration_cells(r, config, language) for r in found), language)
            if fmt == "csv" else registrations_xlsx_bytes(config, found, language, network))
    return data, len(found)
