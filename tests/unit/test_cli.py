"""The command line as the administrator meets it: --config before or after the command,
an example at the end of every --help that itself parses, and a hint where a command
line cannot be followed. (Commands that need a database: tests/integration.)"""

import argparse
import shlex
from pathlib import Path

import pytest

from mailreg.entrypoints import cli


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("argv", [
    ["--config", "c.toml", "status"],
    ["status", "--config", "c.toml"],
    ["--config", "other.toml", "list", "--network", "x", "--config", "c.toml"],
    ["export", "--format", "csv", "--config", "c.toml", "--lang", "en"],
])
def test_config_is_taken_before_and_after_the_command(argv) -> None:
    assert cli.build_parser().parse_args(argv).config == Path("c.toml")


def test_config_defaults_to_the_current_directory() -> None:
    assert cli.build_parser().parse_args(["status"]).config == Path("config.toml")


def examples(help_text: str) -> list[str]:
    """The lines under the last "example:" or "examples:" heading, which ends the help."""
    lines = help_text.rstrip("\n").splitlines()
    start = max(i for i, line in enumerate(lines) if line in ("example:", "examples:"))
    return [line.strip() for line in lines[start + 1:]]


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_help_ends_with_examples_that_parse(name) -> None:
    parser = subcommands()[name]
    shown = examples(parser.format_help())
    assert shown and all(e.startswith("mailreg ") for e in shown)
    assert "--config" in parser.format_help()
    for example in shown:
        argv = shlex.split(example.split(" > ")[0])[1:]  # no shell redirection
        assert name in argv
        cli.build_parser().parse_args(argv)  # exits (SystemExit) on a wrong example


def test_the_main_help_ends_with_an_example() -> None:
    assert examples(cli.build_parser().format_help()) == [
        "mailreg --config config.toml poll --once"]


def test_poll_without_once_says_what_to_do(capsys) -> None:
    assert cli.main(["poll"]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert "`mailreg poll --once` for one cycle" in err and "`mailreg run`" in err
