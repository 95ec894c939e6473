"""config.toml validation: the shipped example loads, and every error names the key and
the line the administrator has to fix (line numbers are computed from the text)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from mailreg.config import Config, ConfigError, config_warnings, parse_config, parse_price_amount

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
    assert "networks[hverdagsledelse].kind" in message
    assert '"series"' in message and '"event"' in message
    assert names_line(message, line_of(text, "conference"))


@pytest.mark.parametrize("written", ['"9.30"', '"25:00"', '"half past nine"'])
def test_a_time_that_is_no_time_of_day_says_how_to_write_it(written: str) -> None:
    text = edit("capacity = 30\n", f'capacity = 30\nstart_time = {written}\nend_time = "15:30"\n')
    message = problem(text)
    assert "networks[hverdagsledelse].start_time" in message
    assert 'write start_time on the 24-hour clock as "09:30"' in message
    assert names_line(message, line_of(text, "start_time"))


@pytest.mark.parametrize("written", ["7", "7.5", '"7"', '"24:00"'])
def test_a_digest_time_that_is_no_time_of_day_says_how_to_write_it(written: str) -> None:
    """digest_time = 7 would otherwise be seven seconds past midnight."""
    text = BASE + f"\n[schedule]\ndigest_time = {written}\n"
    message = problem(text)
    assert f'line {line_of(text, "digest_time")}, schedule.digest_time: ' in message
    assert 'write digest_time on the 24-hour clock as "07:00"' in message


def test_a_digest_time_may_be_text_or_a_toml_time() -> None:
    for written in ('"7:30"', "07:30:00"):
        config = parse_config(BASE + f"\n[schedule]\ndigest_time = {written}\n")
        assert config.schedule.digest_time == time(7, 30)


@pytest.mark.parametrize(("times", "key", "says"), [
    ('start_time = "09:30"\n', "networks[hverdagsledelse]",
     'needs an end time: add end_time = "15:30"'),
    ('end_time = "15:30"\n', "networks[hverdagsledelse].end_time", 'add start_time = "09:30"'),
    ('start_time = "15:30"\nend_time = "09:30"\n', "networks[hverdagsledelse].end_time",
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
    assert "networks[hverdagsledelse].start_time" in message
    assert "add first_meeting = 2025-06-03" in message
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
    assert "networks[baeredygtighed].deadline" in message
    assert "32. marts 2025" in message
    assert names_line(message, line_of(text, "32. marts 2025"))


def test_unknown_security_lists_the_choices() -> None:
    text = edit('security = "ssl"', 'security = "tls"')
    message = problem(text)
    assert "imap.security" in message
    assert names_line(message, line_of(text, 'security = "tls"'))
    assert 'must be one of "ssl", "starttls" or "none", not "tls"' in message


def test_misspelt_key_in_second_network_suggests_the_right_one() -> None:
    text = edit("capacity = 30", "capasity = 30", count=2)
    assert line_of(text, "capasity") > line_of(text, "[[networks]]", nth=2)
    message = problem(text)
    assert (f"line {line_of(text, 'capasity = 30')}, networks[baeredygtighed].capasity: "
            f"is not a known setting; did you mean capacity?") in message


def test_misspelt_schedule_key_suggests_the_right_one() -> None:
    text = BASE + "\n[schedule]\npol_interval_minutes = 10\n"
    message = problem(text)
    assert (f"line {line_of(text, 'pol_interval_minutes')}, schedule.pol_interval_minutes: "
            f"is not a known setting; did you mean poll_interval_minutes?") in message


def test_unknown_key_like_no_other_lists_the_known_ones() -> None:
    message = problem(BASE + "\n[schedule]\nevery = 10\n")
    assert ("schedule.every: is not a known setting; the settings in schedule are "
            "poll_interval_minutes, digest_time") in message


@pytest.mark.parametrize(("old", "new", "key", "words"), [
    ("capacity = 30", 'capacity = "tredive"', "networks[hverdagsledelse].capacity",
     'must be a whole number, such as 30, not "tredive"'),
    ("capacity = 30", "capacity = 0", "networks[hverdagsledelse].capacity",
     "must be 1 or more, not 0"),
    ("deadline = 2025-03-15", "deadline = 15", "networks[hverdagsledelse].deadline",
     'must be a date, such as 2025-03-15 or "15. marts 2025", not 15'),
    ('aliases = ["hverdagsledelse"]', 'aliases = "hverdagsledelse"',
     "networks[hverdagsledelse].aliases",
     'must be a list in square brackets: aliases = ["hverdagsledelse"]'),
    ("capacity = 30", 'capacity = 30\nrequired_fields = ["eam"]',
     "networks[hverdagsledelse].required_fields[0]",
     'must be one of "ean" or "organisation", not "eam"'),
    ("capacity = 30", 'capacity = 30\nprice_amount = "4.500 kr."',
     "networks[hverdagsledelse].price_amount", 'must be a number, such as 4500, not "4.500 kr."'),
    ('security = "ssl"', 'security = "ssl"\nport = "imaps"', "imap.port",
     'must be a whole number, such as 993, not "imaps"'),
    ('security = "ssl"', 'security = "ssl"\nverify_tls = "ja"', "imap.verify_tls",
     'must be true or false, without quotes, not "ja"'),
    ('name = "Lisbet Vestergaard"', "name = 7", "coordinator.name",
     'must be text in double quotes: name = "7"'),
])
def test_wrong_values_are_told_in_plain_words(old: str, new: str, key: str,
                                              words: str) -> None:
    """Each names the key (a network by its slug), its line and what to write."""
    text = edit(old, new)
    message = problem(text)
    assert f"line {line_of(text, new.splitlines()[-1])}, {key}: {words}" in message
    assert "Input should" not in message  # no pydantic wording


MAILBOX = """\
[[mailboxes]]
[mailboxes.imap]
host = "imap.{town}.dk"
username = "ko@{town}bib.dk"
password_env = "MAILREG_PASSWORD"
[mailboxes.smtp]
host = "smtp.{town}.dk"
[mailboxes.coordinator]
name = "Karen Ørskov"
address = "ko@{town}bib.dk"
[[mailboxes.networks]]
slug = "souschefer-{town}"
name = "Netværk for souschefer i {town}"
deadline = "1. marts 2025"
capacity = 20
"""


def test_a_network_in_a_mailbox_is_named_by_its_slug_at_its_line() -> None:
    text = MAILBOX.format(town="roskilde") + edit("capacity = 20", 'capacity = "tyve"',
                                                  text=MAILBOX.format(town="koege"))
    assert parse_config(edit('"tyve"', "20", text=text)).mailboxes[1].networks[0].capacity == 20
    assert (f'line {line_of(text, "tyve")}, mailboxes[1].networks[souschefer-koege].capacity: '
            f'must be a whole number, such as 30, not "tyve"') in problem(text)


def test_a_network_without_a_usable_slug_is_named_by_its_place() -> None:
    text = edit('slug = "baeredygtighed"', 'slug = "Bæredygtighed"')
    message = problem(text)
    assert 'networks[1].slug: "Bæredygtighed" is not a slug' in message
    assert "(got" not in message  # the value is said once


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


def _section_models(annotation: Any) -> list[type[BaseModel]]:
    """The settings models inside a field's type: ImapConfig | None, list[NetworkConfig]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _section_models(arg)]


def _example_keys() -> dict[str, set[str]]:
    """The keys config.example.toml writes or shows commented out, by table header
    ("" for the top level, "networks", "mailboxes.imap")."""
    keys: dict[str, set[str]] = {"": set()}
    table = ""
    for line in (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines():
        if header := re.match(r"^#?\s*\[\[?\s*([\w.]+)\s*\]\]?\s*$", line):
            table = header.group(1)
            keys.setdefault(table, set())
        elif key := re.match(r"^#?\s*(\w+)\s*=", line):
            keys[table].add(key.group(1))
    return keys


def _joined(table: str, key: str) -> str:
    return f"{table}.{key}" if table else key


def _settings(model: type[BaseModel], table: str = "",
              seen: set | None = None) -> Iterator[tuple[str, str, bool]]:
    """(table, key, is_a_table) for every field of every settings model, each model once
    at the first table it appears in."""
    seen = set() if seen is None else seen
    seen.add(model)
    for name, field in model.model_fields.items():
        inner = _section_models(field.annotation)
        yield table, name, bool(inner)
        for sub in inner:
            if sub not in seen:
                yield from _settings(sub, _joined(table, name), seen)


def test_example_config_describes_every_setting() -> None:
    """Every key the code accepts is in config.example.toml, set or commented out, in
    its table; a key that is a table of its own is there as a header."""
    keys = _example_keys()
    missing = [_joined(table, name) for table, name, is_table in _settings(Config)
               if not (_joined(table, name) in keys if is_table
                       else name in keys.get(table, set()))]
    assert missing == [], f"not described in config.example.toml: {', '.join(missing)}"


@pytest.mark.parametrize(("extra", "required"), [
    ("", ["ean"]),                                  # a price: the invoice needs the EAN
    ("required_fields = []", []),                   # given empty: nothing is asked for
    ('required_fields = ["organisation"]', ["organisation"]),
    ("price_amount = 0", []),                       # free after all
])
def test_a_priced_network_requires_the_ean_unless_the_file_says_otherwise(
        extra: str, required: list[str]) -> None:
    text = edit("capacity = 30\n", f"capacity = 30\n{extra}\n")
    assert parse_config(text).network("hverdagsledelse").required_fields == required


def test_a_network_without_a_price_requires_nothing() -> None:
    text = edit('price = "4.500 kr. + moms per deltager ekskl. forplejning"\n', "")
    assert parse_config(text).network("hverdagsledelse").required_fields == []


def warnings_for(text: str, today: date = date(2025, 2, 1)) -> list[str]:
    return config_warnings(parse_config(text), text, today)


def test_a_sound_file_has_no_warnings() -> None:
    assert warnings_for(BASE) == []


def test_a_deadline_already_past_is_a_warning() -> None:
    [warning] = warnings_for(BASE.replace("2025-03-15", "2025-01-31"))
    assert warning == (
        f"line {line_of(BASE, 'deadline = 2025-03-15')}, networks[hverdagsledelse].deadline: "
        f"31.01.2025 has passed, so every sign-up from now on is after the deadline "
        f'(late_policy = "late"); for a new round, set its deadline')
    assert warnings_for(BASE, today=date(2025, 3, 15)) == []  # the deadline day counts


def test_a_first_meeting_before_the_deadline_is_a_warning() -> None:
    text = edit("first_meeting = 2025-04-03", "first_meeting = 2025-03-03")
    [warning] = warnings_for(text)
    assert warning.startswith(f"line {line_of(text, '2025-03-03')}, "
                              f"networks[baeredygtighed].first_meeting: 03.03.2025 is before "
                              f"the deadline 15.03.2025")


def test_an_alias_of_two_networks_is_a_warning() -> None:
    text = edit('deadline = "15. marts 2025"',
                'aliases = ["Hverdagsledelse"]\ndeadline = "15. marts 2025"')
    [warning] = warnings_for(text)
    assert warning.startswith(
        f'line {line_of(text, "aliases", nth=2)}, networks[baeredygtighed].aliases: '
        f'"Hverdagsledelse" is also an alias of networks[hverdagsledelse]')


def test_networks_of_two_mailboxes_may_share_an_alias() -> None:
    text = MAILBOX.format(town="roskilde") + MAILBOX.format(town="koege")
    text = text.replace("capacity = 20", 'capacity = 20\naliases = ["souschefer"]')
    assert warnings_for(text) == []
