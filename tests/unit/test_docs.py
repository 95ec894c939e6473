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

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


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


def test_the_configuration_example_is_what_check_config_says() -> None:
    """The README's example errors are the ones the shipped example, so misspelt, gives."""
    from mailreg.config import ConfigError, parse_config

    section = README.split("## Configuration", 1)[1]
    shown = section.split("```\n$ mailreg check-config\n", 1)[1].split("```", 1)[0]
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    for old, new in (('security = "ssl"', 'security = "tls"'),
                     ("poll_interval_minutes = 5", "pol_interval_minutes = 5"),
                     ("capacity = 30", 'capacity = "tredive"')):
        text = text.replace(old, new, 1)
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    assert shown == f"Configuration problem: {info.value}\n"
