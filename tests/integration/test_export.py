"""Exports: the invoicing CSV for a Danish Excel, JSON and XLSX; the registration
export's contract, CSV and XLSX; and the `export`, `list`, `digest --preview` and
`status` commands."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from test_digest import build_config, config_text, seed

from mailreg.adapters.db import make_engine
from mailreg.entrypoints import cli
from mailreg.services.export import (
    InvoiceRow,
    danish_decimal,
    export_bytes,
    invoice_csv_bytes,
    invoice_json,
    invoice_rows,
    invoice_xlsx_bytes,
)


@pytest.fixture
def seeded(tmp_path):
    config = build_config(tmp_path / "export.sqlite3")
    engine = make_engine(config.database.url)
    seed(engine)
    return config, engine


def test_invoice_rows_have_price_vat_and_total(seeded):
    config, engine = seeded
    rows = invoice_rows(config, engine)
    assert [r.name for r in rows] == [
        "Pia Skov", "Mette Holm", "Søren Ærø Krogh", "Åse <script>alert(1)</script> Lund"]
    pia = rows[0]
    assert (pia.network, pia.network_name) == ("baeredygtighed", "Ledelse af bæredygtighed")
    assert (pia.price, pia.vat, pia.total) == (Decimal("4500.00"), Decimal("1125.00"),
                                               Decimal("5625.00"))
    assert rows[2].ean == ""  # missing: the coordinator sees it in the digest
    waiting = invoice_rows(config, engine, statuses=["waitlisted"])
    assert [r.name for r in waiting] == ["Karl Bak"]


def test_invoice_csv_opens_in_a_danish_excel(seeded):
    config, engine = seeded
    data = invoice_csv_bytes(invoice_rows(config, engine))
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    assert data.count(b"\r\n") == 5 and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Navn", "E-mail", "Organisation", "EAN", "Netværk",
                       "Pris ekskl. moms", "Moms", "I alt"]
    assert rows[1] == ["Pia Skov", "pia.skov@herning.dk", "Aarhus Kommunes Biblioteker",
                       '="5798000214538"', "Ledelse af bæredygtighed", "4500,00", "1125,00",
                       "5625,00"]
    assert rows[3][0] == "Søren Ærø Krogh" and rows[3][2] == "Roskilde Bibliotekerne"
    assert rows[3][3] == ""  # a missing EAN stays empty, not =""


def test_invoice_csv_keeps_the_ean_as_text_in_excel(seeded):
    """Excel reads a 13-digit number from CSV as 5,798E+12; the unquoted formula
    ="5798000214538" is shown as the text itself. A script still finds the 13 digits."""
    config, engine = seeded
    data = invoice_csv_bytes(invoice_rows(config, engine)).decode("utf-8-sig")
    pia = data.split("\r\n")[1]
    assert ';="5798000214538";' in pia  # unquoted: not "=""5798000214538"""
    assert ";5798000214538;" not in data
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    eans = [row[3] for row in rows[1:]]
    assert [e.removeprefix('="').removesuffix('"') for e in eans] == [
        "5798000214538", "5798000214538", "", "5798000214538"]


def test_invoice_csv_quotes_fields_with_separators():
    """Written field by field now: a ';' or '"' in a name still stays in its column."""
    row = InvoiceRow(name='Anna "Kilden" Berg', email="anna@kolding.dk",
                     organisation="Kolding; Bibliotekerne", ean="EAN følger",
                     network="n", network_name="Netværk", price=Decimal("4500"),
                     vat=Decimal("1125"), total=Decimal("5625"))
    data = invoice_csv_bytes([row]).decode("utf-8-sig")
    [_, parsed] = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert parsed == ['Anna "Kilden" Berg', "anna@kolding.dk", "Kolding; Bibliotekerne",
                      "EAN følger", "Netværk", "4500,00", "1125,00", "5625,00"]


def test_danish_decimal():
    assert danish_decimal(Decimal("4500")) == "4500,00"
    assert danish_decimal(Decimal("1234.565")) == "1234,57"
    assert danish_decimal(None) == ""


def test_invoice_vat_follows_the_config_and_a_network_without_price(tmp_path):
    config = build_config(tmp_path / "vat.sqlite3")
    network = config.networks[1].model_copy(update={"price": "", "price_amount": None})
    config = config.model_copy(update={
        "invoicing": config.invoicing.model_copy(update={"vat_percent": Decimal("12.5")}),
        "networks": [config.networks[0], network]})
    engine = make_engine(config.database.url)
    seed(engine)
    rows = {r.name: r for r in invoice_rows(config, engine)}
    assert rows["Mette Holm"].vat == Decimal("562.50")
    assert rows["Pia Skov"].price is None and rows["Pia Skov"].total is None
    assert invoice_json([rows["Pia Skov"]])[0]["total"] is None
    assert invoice_json([rows["Mette Holm"]])[0]["total"] == "5062.50"


def seeded_with_price(tmp_path, price: str):
    """The seeded database with the price text of baeredygtighed (Pia Skov) replaced."""
    config = build_config(tmp_path / "price.sqlite3")
    network = config.networks[1].model_copy(update={"price": price})
    config = config.model_copy(update={"networks": [config.networks[0], network]})
    engine = make_engine(config.database.url)
    seed(engine)
    return config, engine


def test_a_free_network_is_invoiced_at_zero_and_not_counted_as_unpriced(tmp_path):
    """A network whose price says "gratis" is free, not unpriced: 0,00 in the rows, and
    the digest no longer asks the coordinator for its price."""
    from mailreg.services import digest

    config, engine = seeded_with_price(tmp_path, "Gratis for medlemmer")
    pia = next(r for r in invoice_rows(config, engine) if r.network == "baeredygtighed")
    assert (pia.price, pia.vat, pia.total) == (Decimal("0.00"),) * 3
    data = invoice_csv_bytes([pia]).decode("utf-8-sig")
    assert data.split("\r\n")[1].endswith(";0,00;0,00;0,00")
    ctx = digest.context(config, engine, datetime(2025, 2, 21, 7, tzinfo=UTC))
    assert ctx["invoice"]["unpriced"] == 0
    assert ctx["invoice"]["total"] == "16.875,00\xa0kr."  # 3 x 4.500 + 25 %, and 0


def test_invoice_xlsx_keeps_numbers_and_the_ean_as_text(seeded):
    config, engine = seeded
    book = load_workbook(io.BytesIO(invoice_xlsx_bytes(invoice_rows(config, engine))))
    sheet = book.active
    assert sheet.title == "Fakturering"
    assert [c.value for c in sheet[1]][:5] == ["Navn", "E-mail", "Organisation", "EAN",
                                               "Netværk"]
    assert sheet["A4"].value == "Søren Ærø Krogh"
    assert sheet["D2"].value == "5798000214538"  # text: no 5,798E+12 in Excel
    assert sheet["F2"].value == 4500 and sheet["H2"].value == 5625
    assert sheet["F2"].number_format == "#,##0.00"


def test_invoice_xlsx_ends_with_totals_under_a_filtered_frozen_header(tmp_path):
    """Four confirmed: three at 4.500 kr. and one in a network without a price (left
    out of the sums, not counted as 0)."""
    config, engine = seeded_with_price(tmp_path, "")
    sheet = load_workbook(io.BytesIO(invoice_xlsx_bytes(invoice_rows(config, engine)))).active
    assert sheet.max_row == 6  # header, four people, totals
    assert sheet["F2"].value is None  # Pia Skov: no price configured
    totals = [c.value for c in sheet[6]]
    assert totals == ["I alt", None, None, None, None, 13500, 3375, 16875]
    assert sheet["H6"].font.bold and sheet["H6"].number_format == "#,##0.00"
    assert sheet.auto_filter.ref == "A1:H5"  # sorting and filtering leave the totals last
    assert sheet.freeze_panes == "A2"

    english = load_workbook(io.BytesIO(invoice_xlsx_bytes([], "en"))).active
    assert [c.value for c in english[1]][-3:] == ["Price excl. VAT", "VAT", "Total"]
    assert [c.value for c in english[2]] == ["Total", None, None, None, None, 0, 0, 0]


def test_registration_export_contract_and_status_filter(seeded):
    """JSON is for programs: the documented keys, status codes and ISO 8601 times."""
    config, engine = seeded
    data, count = export_bytes(config, engine, "json", statuses=["late"])
    assert count == 1
    [row] = json.loads(data)
    assert list(row) == ["network", "name", "email", "organisation", "ean", "status",
                         "received_at", "message_id"]
    assert (row["name"], row["status"], row["received_at"]) == (
        "Ole Dahl", "late", "2025-02-20T16:00:00+01:00")
    data, count = export_bytes(config, engine, "csv", network="hverdagsledelse",
                               statuses=["confirmed", "waitlisted"])
    assert count == 4 and data.decode("utf-8-sig").count("\r\n") == 5


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_registration_csv_is_in_danish_with_local_times_and_the_ean_as_text(seeded):
    config, engine = seeded
    data, _ = export_bytes(config, engine, "csv", network="baeredygtighed")
    assert data.startswith(b"\xef\xbb\xbf")
    header, pia, ole = csv_rows(data)
    assert header == ["Netværk", "Navn", "E-mail", "Organisation", "EAN", "Status",
                      "Modtaget", "Message-ID"]
    assert pia == ["baeredygtighed", "Pia Skov", "pia.skov@herning.dk",
                   "Aarhus Kommunes Biblioteker", '="5798000214538"', "bekræftet",
                   "19.02.2025 09:00", "<pia.skov@herning.dk>"]
    assert (ole[5], ole[6]) == ("efter fristen", "20.02.2025 16:00")

    data, _ = export_bytes(config, engine, "csv", network="baeredygtighed", language="en")
    header, _, ole = csv_rows(data)
    assert header[5:7] == ["Status", "Received"] and ole[5] == "after the deadline"


def test_registration_xlsx_has_a_sheet_per_network_with_dates_and_text(seeded):
    config, engine = seeded
    data, count = export_bytes(config, engine, "xlsx")
    assert count == 7
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["hverdagsledelse", "baeredygtighed"]
    sheet = book["baeredygtighed"]
    assert [c.value for c in sheet[1]] == ["Netværk", "Navn", "E-mail", "Organisation",
                                           "EAN", "Status", "Modtaget", "Message-ID"]
    assert [c.value for c in sheet["B"]] == ["Navn", "Pia Skov", "Ole Dahl"]
    assert [c.value for c in sheet["F"]][1:] == ["bekræftet", "efter fristen"]
    ean, received = sheet["E2"], sheet["G3"]
    assert (ean.value, ean.data_type, ean.number_format) == ("5798000214538", "s", "@")
    assert received.value == datetime(2025, 2, 20, 16, 0)  # local time, as Excel shows it
    assert received.is_date and received.number_format == "dd.mm.yyyy hh:mm"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H3"
    assert book["hverdagsledelse"].max_row == 6  # header and five people

    data, _ = export_bytes(config, engine, "xlsx", network="baeredygtighed",
                           statuses=["late"], language="en")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["baeredygtighed"]
    assert [c.value for c in book.active[2]][5] == "after the deadline"


def write_config(tmp_path):
    """A config file for the commands (mail servers are not contacted by these)."""
    path = tmp_path / "config.toml"
    path.write_text(config_text(tmp_path / "cli.sqlite3"), encoding="utf-8")
    seed(make_engine(build_config(tmp_path / "cli.sqlite3").database.url))
    return path


def test_export_command_invoice_formats(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", "x")
    path = write_config(tmp_path)
    target = tmp_path / "faktura.csv"
    assert cli.main(["--config", str(path), "export", "--invoice", "--format", "csv",
                     "--output", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Søren Ærø Krogh".encode() in data
    assert b";4500,00;1125,00;5625,00\r\n" in data

    assert cli.main(["--config", str(path), "export", "--invoice", "--network",
                     "baeredygtighed"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"name": "Pia Skov", "email": "pia.skov@herning.dk",
                     "organisation": "Aarhus Kommunes Biblioteker", "ean": "5798000214538",
                     "network": "baeredygtighed", "network_name": "Ledelse af bæredygtighed",
                     "price": "4500.00", "vat": "1125.00", "total": "5625.00"}]

    xlsx = tmp_path / "faktura.xlsx"
    assert cli.main(["--config", str(path), "export", "--invoice", "--format", "xlsx",
                     "--output", str(xlsx)]) == 0
    assert load_workbook(xlsx).active["A2"].value == "Pia Skov"
    assert cli.main(["--config", str(path), "export", "--invoice", "--format", "xlsx"]) == (
        cli.EXIT_CONFIG)  # not to a terminal: --output is needed
    assert "--output FILE.xlsx" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["list", "export"])
def test_an_unknown_network_or_status_is_an_error_that_lists_the_known(
        command, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", "x")
    path = write_config(tmp_path)
    assert cli.main(["--config", str(path), command, "--network", "nosuch"]) == (
        cli.EXIT_CONFIG)
    out, err = capsys.readouterr()
    assert out == "" and "'nosuch'" in err
    assert "hverdagsledelse  Mellemledernetværk om hverdagsledelse" in err
    assert "baeredygtighed   Ledelse af bæredygtighed" in err
    assert cli.main(["--config", str(path), command, "--status", "confirmed", "--status",
                     "confirmd"]) == cli.EXIT_CONFIG
    out, err = capsys.readouterr()
    assert out == "" and "'confirmd'" in err
    assert "confirmed, waitlisted, late, rejected, cancelled, needs_review" in err


def test_list_shows_organisation_ean_and_local_arrival(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", "x")
    path = write_config(tmp_path)
    assert cli.main(["list", "--config", str(path), "--network", "baeredygtighed"]) == 0
    header, pia, ole, count = capsys.readouterr().out.splitlines()
    assert header.split()[:9] == ["id", "network", "status", "arrived", "name", "email",
                                  "organisation", "EAN", "flags"]
    assert "confirmed    19.02.2025 09:00  Pia Skov" in pia
    assert "Aarhus Kommunes Biblioteker" in pia and "5798000214538" in pia
    assert "late         20.02.2025 16:00  Ole Dahl" in ole  # 15:00 UTC, shown in CET
    assert count == "2 registration(s)"


def test_export_command_writes_csv_with_a_bom_also_to_stdout(tmp_path, capsysbinary,
                                                              monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", "x")
    path = write_config(tmp_path)
    assert cli.main(["--config", str(path), "export", "--format", "csv"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbfNetv\xc3\xa6rk;Navn;") and out.count(b"\r\n") == 8
    assert cli.main(["--config", str(path), "export", "--invoice", "--format", "csv",
                     "--lang", "en"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"\xef\xbb\xbfName;Email;")
    assert cli.main(["--config", str(path), "export", "--status", "late"]) == 0
    assert json.loads(capsysbinary.readouterr().out)[0]["status"] == "late"  # no BOM

    target = tmp_path / "deltagere.xlsx"
    assert cli.main(["--config", str(path), "export", "--format", "xlsx", "--lang", "en",
                     "--output", str(target)]) == 0
    assert "Wrote 7 registration(s)" in capsysbinary.readouterr().err.decode()
    assert load_workbook(target)["hverdagsledelse"]["G1"].value == "Received"


def test_digest_preview_and_status_commands(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MAILREG_TEST_IMAP_PASSWORD", "x")
    path = write_config(tmp_path)
    page = tmp_path / "overblik.html"
    assert cli.main(["--config", str(path), "digest", "--preview", "--output", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "Mellemledernetværk om hverdagsledelse" in html and "&lt;script&gt;" in html
    assert cli.main(["--config", str(path), "digest", "--preview"]) == 0
    assert capsys.readouterr().out.startswith("Tilmeldinger: overblik")

    assert cli.main(["status", "--config", str(path)]) == 0  # --config after the command
    out = capsys.readouterr().out
    assert "Last successful poll: 21.02.2025 06:55" in out
    assert "Last digest: 20.02.2025, sent 20.02.2025 07:00" in out
    assert "Waiting for review: 2    Replies not yet sent: 1" in out
    line = next(x for x in out.splitlines() if x.startswith("hverdagsledelse"))
    assert line.split()[1:6] == ["3", "1", "0", "1", "3"]


FORMULA = '=HYPERLINK("http://example.com/x","Klik")'


def test_text_from_mail_never_becomes_a_spreadsheet_formula(seeded):
    """A participant's name or organisation is a stranger's text: in the CSVs it gets
    a leading apostrophe, in the XLSX it is a text cell, never a formula."""
    from mailreg.adapters.db import session
    from mailreg.adapters.tables import Registration

    row = InvoiceRow(name=FORMULA, email="anna@kolding.dk", organisation="+45 1234",
                     ean="", network="n", network_name="Netværk", price=None, vat=None,
                     total=None)
    data = invoice_csv_bytes([row]).decode("utf-8-sig")
    [_, parsed] = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert parsed[:3] == ["'" + FORMULA, "anna@kolding.dk", "'+45 1234"]

    sheet = load_workbook(io.BytesIO(invoice_xlsx_bytes([row]))).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == (FORMULA, "s")

    config, engine = seeded
    with session(engine) as s:
        s.add(Registration(network=config.networks[0].slug, name=FORMULA, email="a@b.dk",
                           status="confirmed", received_at=datetime.now(UTC),
                           message_id="<f@b.dk>"))
    data, _ = export_bytes(config, engine, "csv")
    names = [row[1] for row in csv_rows(data)]
    assert "'" + FORMULA in names and FORMULA not in names
    sheet = load_workbook(io.BytesIO(export_bytes(config, engine, "xlsx")[0]))[
        config.networks[0].slug]
    [cell] = [c for c in sheet["B"] if c.value == FORMULA]
    assert cell.data_type == "s"
