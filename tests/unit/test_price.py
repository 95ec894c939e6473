"""A network's Danish price text in an English reply: phrase by phrase from
templates/en/price.toml, amounts as English money, and what the table does not know
kept in Danish, quoted, never dropped."""

from __future__ import annotations

import tomllib

import pytest

from mailreg.adapters.formatting import translate_price
from mailreg.adapters.templates import TEMPLATES, Renderer
from mailreg.config import parse_config

PHRASES = tomllib.loads((TEMPLATES / "en" / "price.toml").read_text(encoding="utf-8"))
DKK = "DKK\u00a0"


@pytest.mark.parametrize(("danish", "english"), [
    ("4.500 kr. + moms per deltager ekskl. forplejning",
     f"{DKK}4,500.00 plus VAT per participant excluding catering"),
    ("4.500 kr. ekskl. moms og ekskl. forplejning",
     f"{DKK}4,500.00 excluding VAT and excluding catering"),
    ("4.500 kr. + moms per deltager + forplejning",
     f"{DKK}4,500.00 plus VAT per participant plus catering"),
    ("ÅRSPRIS: 4.500 kr. + moms pr. deltager",
     f"Annual fee: {DKK}4,500.00 plus VAT per participant"),
    ("kr. 1.200,- inkl. moms og frokost", f"{DKK}1,200.00 including VAT and lunch"),
    ("1.200 kr. (ekskl.moms) for hele forløbet",
     f"{DKK}1,200.00 (excluding VAT) for the whole programme"),
    ("Gratis", "Free of charge"),
])
def test_known_phrases_are_put_into_english(danish: str, english: str) -> None:
    assert translate_price(danish, PHRASES, "en") == english


@pytest.mark.parametrize(("danish", "english"), [
    ("4.500 kr. + moms, frokost betales særskilt",
     f'{DKK}4,500.00 plus VAT, lunch "betales særskilt"'),
    ("4500 kroner ex moms, 3.000 kr for medlemmer af BF",
     f'{DKK}4,500.00 excluding VAT, {DKK}3,000.00 "for medlemmer af BF"'),
    ("2 dage á 1.500 kr.", f'"2 dage á" {DKK}1,500.00'),
])
def test_an_unknown_part_is_quoted_in_danish(danish: str, english: str) -> None:
    assert translate_price(danish, PHRASES, "en") == english


def test_without_a_table_the_text_stays_as_written() -> None:
    assert translate_price("4.500 kr. + moms", {}, "da") == "4.500 kr. + moms"


CONFIG = """\
[imap]
host = "imap.example.dk"
username = "lv@fremtidensbiblioteker.dk"
password_env = "MAILREG_IMAP_PASSWORD"
[smtp]
host = "smtp.example.dk"
[coordinator]
name = "Lisbet Vestergaard"
address = "lv@fremtidensbiblioteker.dk"
[replies]
template_dir = "{folder}"
[[networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
deadline = 2025-03-15
price = "4.500 kr. + moms og kursusmaterialer"
"""


def test_a_table_in_the_template_folder_replaces_the_shipped_one(tmp_path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "price.toml").write_text(
        '"+" = "plus"\n"moms" = "VAT"\n"og" = "and"\n"kursusmaterialer" = "course materials"\n',
        encoding="utf-8")
    renderer = Renderer(parse_config(CONFIG.format(folder=tmp_path.as_posix())))
    facts = renderer.network_context(renderer.network("hverdagsledelse"), "en")["network"]
    assert facts["price"] == f"{DKK}4,500.00 plus VAT and course materials"
    danish = renderer.network_context(renderer.network("hverdagsledelse"), "da")["network"]
    assert danish["price"] == "4.500 kr. + moms og kursusmaterialer"
