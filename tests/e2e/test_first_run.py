"""What the administrator sees on the first command after setting mailreg up: the
command's own output, not the database migrations (those only with -v)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def first_run(tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    """`mailreg status` with the shipped example config on a database not yet created."""
    database = tmp_path / "data" / "mailreg.sqlite3"
    text = (REPO / "config.example.toml").read_text(encoding="utf-8").replace(
        'url = "sqlite:///data/mailreg.sqlite3"', f'url = "sqlite:///{database}"')
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    assert not database.exists()
    result = subprocess.run(
        [sys.executable, "-m", "mailreg", "--config", str(tmp_path / "config.toml"),
         *options, "status"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert database.exists()
    return result


def test_first_command_on_a_new_database_prints_no_migrations(tmp_path: Path) -> None:
    result = first_run(tmp_path)
    assert result.stderr == ""
    assert result.stdout.startswith("Last successful poll: never\n")
    assert "alembic" not in result.stdout.lower() and "upgrade" not in result.stdout


def test_verbose_shows_the_migrations(tmp_path: Path) -> None:
    result = first_run(tmp_path, "-v")
    assert "Running upgrade  -> 0001, initial schema" in result.stderr
