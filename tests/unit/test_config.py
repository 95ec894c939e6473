"""config.toml validation: the shipped example loads, and every error names the key and
the line the administrator has to fix (line numbers are computed from the text)."""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from mailreg.config import ConfigError, parse_config, parse_price_amount

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
timezone = "Europe/Copenhagen"

[imap]
host = "imap.example.dk"
security = "ssl"
username = "lv@fremtidensbiblioteker.dk"
password_env = "MAILREG_IMAP_PASSWORD"

[smtp]
host = "smtp.example.dk"
security = "starttls"
username = "lv@fremtidensbiblioteker.dk"
password_env = "MAILREG_SMTP_PASSWORD"

[coordinator]
name = "Lisbet Vestergaard"
address = "lv@fremtidensbiblioteker.dk"
organisation = "Tænketanken Fremtidens Biblioteker"

[[networks]]
slug = "hverdagsledelse"
name = "Mellemledernetværk om hverdagsledelse"
aliases = ["hverdagsledelse"]
deadline = 2025-03-15
first_meeting = 2025-06-03
price = "4.500 kr. + moms per deltager ekskl. forplejning"
capacity = 30

[[networks]]
slug = "baeredygtighed"
name = "Ledelse af bæredygtighed"
deadline = "15. marts 2025"
first_meeting = 2025-04-03
price = "4.500 kr. + moms per deltager + forplejning"
capacity = 30
"""


def edit(old: str, new: str, count: int = 1, text: str = BASE) -> str:
    """`text` with the `count`-th occurrence of `old` replaced by `new`."""
    parts = text.split(old)
    assert len(parts) > count, f"{old!r} occurs fewer than {count} times"
    return old.join(parts[:count]) + new + old.join(parts[count:])


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the nth line of `text` that contains `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not found {nth} times"
    return hits[nth - 1]


def problem(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    return str(info.value)


def names_line(message: str, line: int) -> bool:
    return re.search(rf"\bline {line}\b", message) is not None


def test_base_config_is_valid() -> None:
    """The text the error tests edit is valid as it stands."""
    config = parse_config(BASE)
    assert [n.slug for n in config.networks] == ["hverdagsledelse", "baeredygtighed"]


def test_example_config_is_accepted() -> None:
    """config.example.toml, as shipped, is a valid configuration."""
    config = parse_config((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    assert config.timezone == "Europe/Copenhagen"
    assert config.imap.host == "imap.example.dk"
    assert config.imap.effective_port == 993
    assert config.smtp.effective_port == 587
    assert config.imap.password_env == "MAILREG_IMAP_PASSWORD"
    assert config.coordinator.address == "lv@fremtidensbiblioteker.dk"
    assert [n.slug for n in config.networks] == ["hverdagsledelse", "baeredygtighed",
                                                 "kommunekonference"]
    assert [n.deadline for n in config.networks][:2] == [date(2025, 3, 15)] * 2
    assert config.network("hverdagsledelse").first_meeting == date(2025, 6, 3)
    event = config.network("kommunekonference")
    assert (event.kind, event.start_time, event.end_time) == ("event", time(9, 30), time(15, 30))


def test_danish_deadline_text_is_a_date() -> None:
    config = parse_config(BASE)
    assert config.network("baeredygtighed").deadline == date(2025, 3, 15)
    assert config.network("hverdagsledelse").deadline == date(2025, 3, 15)


def test_a_network_is_a_series_of_meetings_unless_it_says_it_is_an_event() -> None:
    config = parse_config(edit("capacity = 30\n", 'capacity = 30\nkind = "event"\n'))
    assert [n.kind for n in config.networks] == ["event", "series"]
    assert config.network("baeredygtighed").start_time is None
    assert config.network("baeredygtighed").location == ""


def test_times_and_location_of_a_network() -> None:
    times = 'start_time = "09:30"\nend_time = 15:30:00\nlocation = "Dokk1, Aarhus"\n'
    network = parse_config(edit("capacity = 30\n", "capacity = 30\n" + times)).networks[0]
    assert (network.start_time, network.end_time) == (time(9, 30), time(15, 30))
    assert network.location == "Dokk1, Aarhus"


def test_unknown_kind_lists_the_choices() -> None:
    text = edit("capacity = 30\n", 'capacity = 30\nkind = "conference"\n')
    message = problem(text)
    assert "networks[0].kind" in message and "'series'" in message and "'event'" in message
    assert names_line(message, line_of(text, "conference"))


@pytest.mark.parametrize("written", ['"9.30"', '"25:00"', '"half past nine"'])
def test_a_time_that_is_no_time_of_day_says_how_to_write_it(written: str) -> None:
    text = edit("capacity = 30\n", f'capacity = 30\nstart_time = {written}\nend_time = "15:30"\n')
    message = problem(text)
    assert "networks[0].start_time" in message
    assert 'write start_time on the 24-hour clock as "09:30"' in message
    assert names_line(message, line_of(text, "start_time"))


@pytest.mark.parametrize(("times", "key", "says"), [
    ('start_time = "09:30"\n', "networks[0]", 'needs an end time: add end_time = "15:30"'),
    ('end_time = "15:30"\n', "networks[0].end_time", 'add start_time = "09:30"'),
    ('start_time = "15:30"\nend_time = "09:30"\n', "networks[0].end_time",
     'end_time "09:30" is not after start_time "15:30"'),
], ids=["no-end", "no-start", "end-before-start"])
def test_start_and_end_go_together_in_order(times: str, key: str, says: str) -> None:
    text = edit("capacity = 30\n", "capacity = 30\n" + times)
    message = problem(text)
    assert f"{key}:" in message and says in message
    where = "end_time" if key.endswith("end_time") else "[[networks]]"
    assert names_line(message, line_of(text, where))


def test_a_start_time_needs_a_day() -> None:
    text = edit("first_meeting = 2025-06-03\n", 'start_time = "09:30"\nend_time = "15:30"\n')
    message = problem(text)
    assert "networks[0].start_time" in message and "add first_meeting = 2025-06-03" in message
    assert names_line(message, line_of(text, "start_time"))


@pytest.mark.parametrize(("text", "amount"), [
    ("4.500 kr. + moms per deltager", Decimal("4500")),
    ("1.234,50 kr.", Decimal("1234.50")),
    ("Gratis", Decimal("0")),
    ("Deltagelse er gratis for medlemmer, ellers 2.000 kr.", Decimal("0")),
    ("2.000 kr., gratis for medlemmer", Decimal("2000")),
    ("Free of charge", Decimal("0")),
    ("Pris for freelancere: 300 kr.", Decimal("300")),
    ("Prisen følger", None),
])
def test_the_price_amount_is_the_first_amount_and_free_is_zero(text, amount) -> None:
    assert parse_price_amount(text) == amount


def test_missing_imap_host_names_key_and_section_line() -> None:
    text = edit('host = "imap.example.dk"\n', "")
    message = problem(text)
    assert "imap.host" in message
    assert names_line(message, line_of(text, "[imap]"))


def test_impossible_danish_deadline() -> None:
    text = edit('deadline = "15. marts 2025"', 'deadline = "32. marts 2025"')
    message = problem(text)
    assert "networks[1].deadline" in message
    assert "32. marts 2025" in message
    assert names_line(message, line_of(text, "32. marts 2025"))


def test_unknown_security_lists_the_choices() -> None:
    text = edit('security = "ssl"', 'security = "tls"')
    message = problem(text)
    assert "imap.security" in message
    assert names_line(message, line_of(text, 'security = "tls"'))
    for choice in ("ssl", "starttls", "none"):
        assert f"'{choice}'" in message


def test_misspelt_key_in_second_network() -> None:
    text = edit("capacity = 30", "capasity = 30", count=2)
    assert line_of(text, "capasity") > line_of(text, "[[networks]]", nth=2)
    message = problem(text)
    assert "networks[1].capasity" in message
    assert names_line(message, line_of(text, "capasity = 30"))


def test_duplicate_slugs_name_the_second_slug_and_its_line() -> None:
    text = edit('slug = "baeredygtighed"', 'slug = "hverdagsledelse"')
    message = problem(text)
    assert "hverdagsledelse" in message
    assert "networks[1].slug" in message
    assert names_line(message, line_of(text, 'slug = "hverdagsledelse"', nth=2))


def test_unknown_timezone() -> None:
    text = edit('timezone = "Europe/Copenhagen"', 'timezone = "Europe/Kobenhavn"')
    message = problem(text)
    assert "timezone" in message
    assert "Europe/Kobenhavn" in message
    assert names_line(message, line_of(text, "Europe/Kobenhavn"))


def test_password_in_config_is_rejected() -> None:
    """Secrets never live in config.toml: a password key is an error at its line."""
    text = edit('password_env = "MAILREG_IMAP_PASSWORD"\n',
                'password = "Sommer2025!"\n')
    message = problem(text)
    assert "imap.password" in message
    assert names_line(message, line_of(text, "Sommer2025!"))
    assert "Sommer2025!" not in message  # the secret itself is not echoed


def test_password_in_config_error_says_what_to_do() -> None:
    """The administrator is told where the password goes instead of 'check the spelling'."""
    text = edit('password_env = "MAILREG_IMAP_PASSWORD"\n',
                'password_env = "MAILREG_IMAP_PASSWORD"\npassword = "Sommer2025!"\n')
    message = problem(text)
    assert "password_env" in message and "password_file" in message
    assert "spelling" not in message


def test_both_password_sources_is_an_error() -> None:
    text = edit('password_env = "MAILREG_IMAP_PASSWORD"\n',
                'password_env = "MAILREG_IMAP_PASSWORD"\n'
                'password_file = "/etc/mailreg/imap-password"\n')
    message = problem(text)
    assert "imap" in message
    assert "password_env" in message and "password_file" in message
    candidates = [line_of(text, "[imap]"), line_of(text, "password_env"),
                  line_of(text, "password_file")]
    assert any(names_line(message, n) for n in candidates)


def test_password_env_unset_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAILREG_IMAP_PASSWORD", raising=False)
    config = parse_config(BASE)
    with pytest.raises(ConfigError, match="MAILREG_IMAP_PASSWORD"):
        config.imap.password()


def test_password_env_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILREG_IMAP_PASSWORD", "Sommer2025!")
    assert parse_config(BASE).imap.password() == "Sommer2025!"


def test_password_file_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "imap-password"
    secret.write_text("Sommer2025!\n", encoding="utf-8")
    text = edit('password_env = "MAILREG_IMAP_PASSWORD"',
                f'password_file = "{secret.as_posix()}"')
    assert parse_config(text).imap.password() == "Sommer2025!"


def test_missing_password_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "imap-password"
    text = edit('password_env = "MAILREG_IMAP_PASSWORD"',
                f'password_file = "{missing.as_posix()}"')
    config = parse_config(text)
    with pytest.raises(ConfigError, match="imap-password"):
        config.imap.password()
