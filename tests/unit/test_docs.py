"""What the README and the templates promise matches the code: every command the CLI
has is in the README's command table (and only those), every example there parses,
and every reply kind has a Danish and an English template."""

import argparse
import re
import shlex
from pathlib import Path

import pytest

from mailreg.adapters.templates import TEMPLATES
from mailreg.domain.model import ReplyKind
from mailreg.entrypoints.cli import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands_in_cli() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def table_rows() -> list[tuple[str, str]]:
    """(command cell, example cell) of each row of the README's command table."""
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows.append((cells[0], cells[2]))
    return rows


def test_the_command_table_lists_every_command_and_no_other() -> None:
    documented = {re.match(r"`([a-z-]+)", cell).group(1) for cell, _ in table_rows()}
    assert documented == commands_in_cli()


@pytest.mark.parametrize("example", [e for _, e in table_rows()], ids=lambda e: e[:40])
def test_every_example_in_the_table_parses(example: str) -> None:
    command = shlex.split(example.strip("`").split(" > ")[0])  # no shell redirection
    assert command[0] == "mailreg"
    build_parser().parse_args(command[1:])  # exits (SystemExit) on a wrong example


@pytest.mark.parametrize("kind", list(ReplyKind))
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_reply_kind_has_a_template_in_both_languages(kind, language) -> None:
    assert (TEMPLATES / language / f"{kind.value}.txt.j2").is_file()
