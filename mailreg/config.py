"""config.toml -> validated, typed settings.

Every error names the key, the line in the file and what to do about it, because
the person reading it is an administrator editing a text file, not a developer.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from datetime import date, time
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# dateparser is slow to import and slower when it guesses the language: imported on
# first use, always told the languages and the day-first order.
DATEPARSER_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "SKIP_TOKENS": ["senest", "den", "d.", "kl", "kl."],
}


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


def _date(value: Any) -> Any:
    """Accept TOML dates (2025-03-15) and Danish text ("15. marts 2025")."""
    if isinstance(value, str):
        try:  # ISO needs no dateparser, which costs most of a command's start
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        parsed = parse_danish_date(value)
        if parsed is None:
            raise ValueError(
                f'"{value}" is not a date; write it as 2025-03-15 or "15. marts 2025"'
            )
        return parsed
    return value


@lru_cache(maxsize=1024)
def parse_danish_date(text: str) -> date | None:
    """ "15. marts 2025", "senest 15/3-2025", "2025-03-15" -> date, else None."""
    import dateparser

    cleaned = re.sub(r"(\d)\s*/\s*(\d+)\s*-\s*(\d{4})", r"\1/\2/\3", text.strip())
    parsed = dateparser.parse(cleaned, languages=["da", "en"], settings=DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


# an amount in a Danish price text, or a word saying it costs nothing (an amount of 0)
AMOUNT_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
                       r"|\b(?P<free>gratis|free|vederlagsfri\w*|uden beregning)\b",
                       re.IGNORECASE)


def parse_price_amount(price: str) -> Decimal | None:
    """First amount in a Danish price text: "4.500 kr. + moms" -> Decimal("4500"),
    "Gratis for medlemmer" -> Decimal("0"); None when the text names no amount."""
    match = AMOUNT_RE.search(price)
    if not match:
        return None
    if match.group("free"):
        return Decimal(0)
    try:
        return Decimal(match.group(0).replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


LooseDate = Annotated[date, BeforeValidator(_date)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))


class Secret(Section):
    """A password is read from the environment or a file, never from config.toml;
    or an OAuth2 token comes from a command or a file (XOAUTH2 login)."""

    password_env: str | None = None
    password_file: Path | None = None
    oauth2_token_command: str | None = None
    oauth2_token_file: Path | None = None

    @property
    def uses_oauth2(self) -> bool:
        return bool(self.oauth2_token_command or self.oauth2_token_file)

    def password(self) -> str | None:
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise ConfigError(
                    f"The environment variable {self.password_env} (named by "
                    f"password_env) is not set: export it before starting mailreg."
                )
            return value
        if self.password_file:
            try:
                return self.password_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"Cannot read password_file {self.password_file}: {exc.strerror}."
                ) from exc
        return None

    @model_validator(mode="after")
    def _one_source(self) -> Secret:
        given = [k for k in ("password_env", "password_file", "oauth2_token_command",
                             "oauth2_token_file") if getattr(self, k)]
        if len(given) > 1:
            raise ValueError(f"give only one of {', '.join(given)}")
        return self


Security = Literal["ssl", "starttls", "none"]


class ImapConfig(Secret):
    host: str
    port: int | None = None
    security: Security = "ssl"
    username: str
    inbox: str = "INBOX"
    processed_folder: str = "Tilmeldinger/Behandlet"
    review_folder: str = "Tilmeldinger/Til gennemsyn"
    batch_size: int = Field(200, ge=1, le=5000)
    timeout_seconds: float = Field(30, gt=0)
    verify_tls: bool = True
    max_message_bytes: int = Field(10_000_000, ge=1024)
    idle: bool = False

    @property
    def effective_port(self) -> int:
        return self.port or (993 if self.security == "ssl" else 143)

    @model_validator(mode="after")
    def _needs_password(self) -> ImapConfig:
        if not (self.password_env or self.password_file or self.uses_oauth2):
            raise ValueError(
                "set password_env (name of an environment variable) or password_file "
                "(path to a file holding the password), or oauth2_token_command / "
                "oauth2_token_file for an OAuth2 login"
            )
        return self


class SmtpConfig(Secret):
    host: str
    port: int | None = None
    security: Security = "starttls"
    username: str | None = None
    from_address: str | None = None
    timeout_seconds: float = Field(30, gt=0)
    verify_tls: bool = True

    @property
    def effective_port(self) -> int:
        return self.port or {"ssl": 465, "starttls": 587, "none": 25}[self.security]


class CoordinatorConfig(Section):
    name: str
    address: str
    organisation: str = ""
    digest_recipients: list[str] = []
    # the key of the digest's action links: from the environment or a file, never
    # from this file; without either, mailreg makes one and keeps it in the database
    secret_env: str | None = None
    secret_file: Path | None = None
    link_days: int = Field(30, ge=1)  # how long an action link works
    require_authentication: bool = False  # a command mail must pass SPF or DKIM
    authserv_id: str = ""  # whose Authentication-Results to trust (the receiving server)

    def secret(self) -> bytes | None:
        """The configured key of the action links; None when none is configured."""
        if self.secret_env:
            value = os.environ.get(self.secret_env)
            if not value:
                raise ConfigError(
                    f"The environment variable {self.secret_env} (named by "
                    f"coordinator.secret_env) is not set: export it before starting mailreg.")
            return value.encode()
        if self.secret_file:
            try:
                return self.secret_file.read_bytes().strip()
            except OSError as exc:
                raise ConfigError(f"Cannot read coordinator.secret_file "
                                  f"{self.secret_file}: {exc.strerror}.") from exc
        return None

    @property
    def command_senders(self) -> tuple[str, ...]:
        """Who may give orders by mail: those who get the digest with its links."""
        return tuple(dict.fromkeys(
            [self.address, *(a.strip().lower() for a in self.digest_recipients)]))

    @field_validator("address")
    @classmethod
    def _address(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", value):
            raise ValueError(f'"{value}" is not an email address')
        return value.lower()


def time_of_day(value: Any, key: str, example: str) -> time:
    """"09:30" or a TOML time (09:30:00) -> time. A bare number is refused: 7 would be
    seven seconds past midnight to pydantic, never what the administrator meant."""
    if isinstance(value, time):
        return value
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip()) if isinstance(value, str) else None
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        shown = f'"{value}"' if isinstance(value, str) else str(value)
        raise ValueError(f'{shown} is not a time of day; write {key} on the 24-hour clock '
                         f'as "{example}"')
    return time(int(match[1]), int(match[2]))


class ScheduleConfig(Section):
    poll_interval_minutes: float = Field(5, gt=0)
    digest_time: time = time(7, 0)

    @field_validator("digest_time", mode="before")
    @classmethod
    def _hhmm(cls, value: Any) -> time:
        return time_of_day(value, "digest_time", "07:00")


class InvoicingConfig(Section):
    vat_percent: Decimal = Decimal(25)


class RetentionConfig(Section):
    raw_mail_days: int = Field(90, ge=0)


class RepliesConfig(Section):
    language: Literal["da", "en"] = "da"
    max_replies_per_day: int = Field(5, ge=0)
    template_dir: Path | None = None


class DatabaseConfig(Section):
    url: str = "sqlite:///data/mailreg.sqlite3"


class NetworkConfig(Section):
    slug: str
    name: str
    aliases: list[str] = []
    deadline: LooseDate
    kind: Literal["series", "event"] = "series"
    first_meeting: LooseDate | None = None
    start_time: time | None = None
    end_time: time | None = None
    location: str = ""
    price: str = ""
    price_amount: Decimal | None = None
    capacity: int | None = Field(None, ge=1)
    late_policy: Literal["late", "waitlist", "reject"] = "late"
    cancel_note_after_deadline: str = ""
    required_fields: list[Literal["ean", "organisation"]] = []
    target_group: str = ""
    not_for_titles: list[str] = []

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError(
                f'"{value}" is not a slug: use lowercase letters, digits, "-" and "_"'
            )
        return value

    @field_validator("start_time", "end_time", mode="before")
    @classmethod
    def _clock(cls, value: Any, info: ValidationInfo) -> time:
        return time_of_day(value, info.field_name or "", "09:30")

    @field_validator("start_time")
    @classmethod
    def _on_a_day(cls, value: time, info: ValidationInfo) -> time:
        if "first_meeting" in info.data and info.data["first_meeting"] is None:
            raise ValueError("a start time needs a day: add first_meeting = 2025-06-03 (the "
                             "day of the event or of the first meeting), or remove start_time")
        return value

    @field_validator("end_time")
    @classmethod
    def _after_start(cls, value: time, info: ValidationInfo) -> time:
        if "start_time" not in info.data:  # start_time itself is wrong and says so
            return value
        start = info.data["start_time"]
        if start is None:
            raise ValueError('an end time needs a start time: add start_time = "09:30", '
                             "or remove end_time")
        if value <= start:
            raise ValueError(f'end_time "{value:%H:%M}" is not after start_time '
                             f'"{start:%H:%M}"; give the time it ends, on the same day')
        return value

    @model_validator(mode="after")
    def _ends(self) -> NetworkConfig:
        if self.start_time is not None and self.end_time is None:
            raise ValueError(f'start_time = "{self.start_time:%H:%M}" needs an end time: add '
                             f'end_time = "15:30" (when it ends), or remove start_time')
        return self

    @property
    def amount(self) -> Decimal | None:
        """Price per participant without VAT, for replies and invoicing."""
        return self.price_amount if self.price_amount is not None else (
            parse_price_amount(self.price)
        )

    @model_validator(mode="after")
    def _ean_when_priced(self) -> NetworkConfig:
        """A network with a price asks for the EAN the invoice goes to, unless the file
        says which fields it requires (`required_fields = []` asks for none)."""
        if "required_fields" not in self.model_fields_set and self.amount:
            object.__setattr__(self, "required_fields", ["ean"])  # a read-only model
        return self


class MailboxConfig(Section):
    """One coordinator's mailbox with its own servers and networks."""

    imap: ImapConfig
    smtp: SmtpConfig
    coordinator: CoordinatorConfig
    networks: list[NetworkConfig] = Field(min_length=1)


SINGLE_FORM = ("imap", "smtp", "coordinator", "networks")


class Config(Section):
    """The whole file. With [[mailboxes]], `networks` lists every mailbox's networks and
    imap/smtp/coordinator are empty: the pipeline works on `mailbox_views()`."""

    timezone: str = "Europe/Copenhagen"
    database: DatabaseConfig = DatabaseConfig()
    imap: ImapConfig | None = None
    smtp: SmtpConfig | None = None
    coordinator: CoordinatorConfig | None = None
    schedule: ScheduleConfig = ScheduleConfig()
    replies: RepliesConfig = RepliesConfig()
    invoicing: InvoicingConfig = InvoicingConfig()
    retention: RetentionConfig = RetentionConfig()
    networks: list[NetworkConfig] = []
    mailboxes: list[MailboxConfig] = []

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f'"{value}" is not a known time zone; use e.g. "Europe/Copenhagen"'
            ) from exc
        return value

    @model_validator(mode="after")
    def _all_networks(self) -> Config:
        if self.mailboxes and not self.networks:
            # read-only model: set once here, so status and exports see every network
            object.__setattr__(self, "networks",
                               [n for m in self.mailboxes for n in m.networks])
        return self

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def mailbox_views(self) -> list[MailboxView]:
        """One view per mailbox, shaped like the single-mailbox form."""
        if isinstance(self, MailboxView):
            return [self]
        fields = {name: getattr(self, name) for name in Config.model_fields}
        return [MailboxView.model_construct(**{
            **fields, "imap": m.imap, "smtp": m.smtp, "coordinator": m.coordinator,
            "networks": m.networks, "mailboxes": []}) for m in self.mailboxes]

    def view_for(self, slug: str) -> MailboxView:
        """The mailbox view that owns a network (its coordinator signs, its SMTP sends)."""
        views = self.mailbox_views()
        return next((v for v in views if v.network(slug)), views[0])

    def view_sending_from(self, address: str) -> MailboxView | None:
        """The mailbox view whose replies go out from this address: only its SMTP
        server sends them. None when no mailbox in the config has it any more."""
        return next((v for v in self.mailbox_views() if v.from_address == address), None)

    def network(self, slug: str) -> NetworkConfig | None:
        return next((n for n in self.networks if n.slug == slug), None)


class MailboxView(Config):
    """The settings of one coordinator's mailbox: the whole file in the single form, or
    one [[mailboxes]] entry with the file's common settings. The poll, the digest and
    the commands work on one of these."""

    imap: ImapConfig
    smtp: SmtpConfig
    coordinator: CoordinatorConfig

    @property
    def mailbox_id(self) -> str:
        imap = self.imap
        return f"{imap.username}@{imap.host}:{imap.effective_port}"

    @property
    def from_address(self) -> str:
        return self.smtp.from_address or self.coordinator.address


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raise ConfigError with a readable message."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"No config file at {path}. Copy config.example.toml to {path} and edit it, "
            f"or pass --config PATH."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}") from exc
    return parse_config(text, source=str(path))


def parse_config(text: str, source: str = "config.toml") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_errors(exc, text, source, data)) from None
    check_form(config, data, text, source)
    if not config.mailboxes:  # the single form is one mailbox's view
        config = MailboxView.model_construct(**{n: getattr(config, n)
                                                for n in Config.model_fields})
    seen: set[str] = set()
    for index, network in enumerate(config.networks):
        if network.slug in seen:  # named by its place: the slug does not tell which
            raise ConfigError(
                f"{source} has 1 problem(s):\n  "
                f"{_where(text, _network_loc(config, index) + ('slug',))}: another "
                f'network already has the slug "{network.slug}"; each needs its own'
            )
        seen.add(network.slug)
    return config


def _network_loc(config: Config, index: int) -> tuple:
    """Where the index-th of all networks is written: networks[i] or
    mailboxes[m].networks[j]."""
    for m, mailbox in enumerate(config.mailboxes):
        if index < len(mailbox.networks):
            return ("mailboxes", m, "networks", index)
        index -= len(mailbox.networks)
    return ("networks", index)


def check_form(config: Config, data: dict, text: str, source: str) -> None:
    """Either the single form ([imap], [smtp], [coordinator], [[networks]]) or
    [[mailboxes]], each complete."""
    if config.mailboxes:
        mixed = [key for key in SINGLE_FORM if key in data]
        if mixed:
            line = locate_key(text, (mixed[0],))
            raise ConfigError(
                f"{source} has 1 problem(s):\n  line {line}, {mixed[0]}: with [[mailboxes]] "
                f"each mailbox has its own imap, smtp, coordinator and networks; move "
                f"{', '.join(mixed)} into a [[mailboxes]] block")
        return
    missing = [key for key in SINGLE_FORM if not data.get(key)]
    if missing:
        raise ConfigError(f"{source} has {len(missing)} problem(s):\n" + "\n".join(
            f"  {key}: is required but missing; add it (see config.example.toml)"
            for key in missing))


def config_warnings(config: Config, text: str, today: date) -> list[str]:
    """What a valid file allows but is probably a mistake, in the errors' form (line,
    key, what to check): a deadline already past, a first meeting before the deadline,
    an alias two networks of one mailbox share."""
    data = tomllib.loads(text)
    warnings = []

    def warn(index: int, key: str, message: str) -> None:
        warnings.append(f"{_where(text, _network_loc(config, index) + (key,), data)}: "
                        f"{message}")

    owner: dict[tuple[int, str], int] = {}  # (mailbox, alias) -> the network that has it
    for index, network in enumerate(config.networks):
        if network.deadline < today:
            warn(index, "deadline", f"{network.deadline:%d.%m.%Y} has passed, so every "
                 f"sign-up from now on is after the deadline (late_policy = "
                 f'"{network.late_policy}"); for a new round, set its deadline')
        if network.first_meeting and network.first_meeting < network.deadline:
            warn(index, "first_meeting", f"{network.first_meeting:%d.%m.%Y} is before the "
                 f"deadline {network.deadline:%d.%m.%Y}; check both dates")
        mailbox = _network_loc(config, index)[1] if config.mailboxes else 0
        for alias in network.aliases:
            first = owner.setdefault((mailbox, alias.strip().casefold()), index)
            if first != index:
                other = _dotted(_network_loc(config, first), data)
                warn(index, "aliases", f'"{alias}" is also an alias of {other}, so a mail '
                     f"that uses it does not tell the two apart; keep it for one of them")
    return warnings


def format_errors(exc: ValidationError, text: str, source: str, data: Any = None) -> str:
    lines = [f"{source} has {exc.error_count()} problem(s):"]
    lines += [f"  {_where(text, err['loc'], data)}: {_explain(err)}" for err in exc.errors()]
    return "\n".join(lines)


def _where(text: str, loc: tuple[Any, ...], data: Any = None) -> str:
    """"line 27, networks[hverdagsledelse].capacity": the line (when found) and the key."""
    line = locate_key(text, loc)
    return f"{f'line {line}, ' if line else ''}{_dotted(loc, data)}"


def _dotted(loc: tuple[Any, ...], data: Any = None) -> str:
    """("networks", 0, "capacity") -> "networks[hverdagsledelse].capacity": a network
    (or any table in a list) is named by its slug when `data`, the file as read, gives
    one; else by its place, counted from 0."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
            slug = data.get("slug") if isinstance(data, dict) else None
            out += f"[{slug}]" if isinstance(slug, str) and SLUG_RE.match(slug) else (
                f"[{part}]")
        else:
            data = data.get(part) if isinstance(data, dict) else None
            out += ("." if out else "") + str(part)
    return out


def _section(annotation: Any) -> type[BaseModel] | None:
    """The settings model in a field's type: ImapConfig | None, list[NetworkConfig]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_section, get_args(annotation))), None)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The settings model whose key `loc` names: ("schedule", "x") -> ScheduleConfig."""
    model: type[BaseModel] | None = Config
    for part in loc[:-1]:
        if isinstance(part, str):
            field = model.model_fields.get(part) if model else None
            model = _section(field.annotation) if field else None
    return model


def _shown(value: Any) -> str:
    """A value as it is written in TOML."""
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else str(value)


# A value to show as the example in "must be a whole number, such as ...", for the keys
# whose default is no number.
EXAMPLES: dict[tuple[str, ...], int] = {
    ("imap", "port"): 993, ("smtp", "port"): 587, ("networks", "capacity"): 30,
    ("networks", "price_amount"): 4500}


def _example(loc: tuple[Any, ...]) -> Any:
    model, key = _model_at(loc), loc[-1]
    field = model.model_fields.get(key) if model and isinstance(key, str) else None
    default = field.default if field else None
    if isinstance(default, int | float | Decimal) and not isinstance(default, bool):
        return default
    names = tuple(part for part in loc if isinstance(part, str))
    return EXAMPLES.get(names[-2:], 30)


# Pydantic's error types, grouped by what the administrator is told: the value's kind...
KINDS = {
    "int": ("int_parsing", "int_type", "int_from_float"),
    "number": ("float_parsing", "float_type", "decimal_parsing", "decimal_type"),
    "bool": ("bool_parsing", "bool_type"),
    "date": ("date_parsing", "date_type", "date_from_datetime_parsing",
             "date_from_datetime_inexact"),
    "time": ("time_parsing", "time_type"),
    "string": ("string_type",),
    "list": ("list_type",),
    "table": ("model_type", "model_attributes_type", "dict_type"),
}
KIND_OF = {error: kind for kind, errors in KINDS.items() for error in errors}
MUST_BE = {
    "int": "must be a whole number, such as {example}, not {got}",
    "number": "must be a number, such as {example}, not {got}",
    "bool": "must be true or false, without quotes, not {got}",
    "date": 'must be a date, such as 2025-03-15 or "15. marts 2025", not {got}',
    "time": 'must be a time of day in quotes, such as "07:00", not {got}',
    "string": 'must be text in double quotes: {setting}"{value}"',
    "list": "must be a list in square brackets: {setting}[{got}]",
    "table": "must be a table of settings, [{table}] with its keys under it, not {got}",
}
# ... or the limit it crossed (the name of the limit in the error's context).
BOUNDS = {"greater_than_equal": ("ge", "must be {limit} or more, not {got}"),
          "greater_than": ("gt", "must be more than {limit}, not {got}"),
          "less_than_equal": ("le", "must be {limit} or less, not {got}"),
          "less_than": ("lt", "must be less than {limit}, not {got}")}


def _explain(err: Any) -> str:
    """Pydantic's error in the words of someone editing the file, with the fix."""
    kind, loc, ctx = err["type"], err["loc"], err.get("ctx", {})
    if kind == "missing":
        return "is required but missing; add it (see config.example.toml)"
    if kind == "extra_forbidden" and loc[-1] == "password":
        return ("passwords never go in config.toml: use password_env (an environment "
                "variable) or password_file (a file holding it)")
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    got = _shown(err.get("input"))
    if kind in KIND_OF:
        return MUST_BE[KIND_OF[kind]].format(
            got=got, value=err.get("input"), example=_example(loc),
            setting=f"{loc[-1]} = " if isinstance(loc[-1], str) else "",  # or a list item
            table=".".join(part for part in loc if isinstance(part, str)))
    if kind in BOUNDS:
        limit, words = BOUNDS[kind]
        return words.format(limit=ctx.get(limit), got=got)
    if kind == "literal_error":
        choices = re.sub(r"'([^']*)'", r'"\1"', ctx.get("expected", ""))
        return f"must be one of {choices}, not {got}"
    if kind == "too_short":
        return "needs at least one; add it (see config.example.toml)"
    message = err["msg"].removeprefix("Value error, ")
    if "input" not in err or isinstance(err["input"], dict | list):
        return message
    return message if str(err["input"]) in message else f"{message} (got {got})"


def _unknown_key(loc: tuple[Any, ...]) -> str:
    """An unknown key, with the known one it is probably a misspelling of."""
    model = _model_at(loc)
    known = list(model.model_fields) if model else []
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    if close:
        return f"is not a known setting; did you mean {close[0]}?"
    where = f" in {_dotted(loc[:-1])}" if loc[:-1] else ""
    return (f"is not a known setting; the settings{where} are {', '.join(known)} "
            f"(see config.example.toml)")


def locate_key(text: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of a key path in TOML text (tomllib keeps no positions).

    Tracks the current [table] / [[array]] header and how many times each array table
    was opened, so ("networks", 1, "deadline") finds the deadline of the second
    network. Falls back to the enclosing table's header line.
    """
    want = _steps(loc)
    while want:
        found = _find(text, want)
        if found:
            return found
        want = want[:-1]
    return None


def _steps(loc: tuple[Any, ...]) -> list[tuple[str, int | None]]:
    """("networks", 1, "deadline") -> [("networks", 1), ("deadline", None)]."""
    steps: list[tuple[str, int | None]] = []
    for part in loc:
        if isinstance(part, int) and steps:
            steps[-1] = (steps[-1][0], part)
        elif isinstance(part, str):
            steps.append((part, None))
    return steps


def _find(text: str, want: list[tuple[str, int | None]]) -> int | None:
    table: list[tuple[str, int | None]] = []
    opened: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^(\[\[?)\s*([^\]]+?)\s*\]", line)
        if header:
            names = [part.strip().strip('"') for part in header.group(2).split(".")]
            paths = [".".join(names[: i + 1]) for i in range(len(names))]
            if header.group(1) == "[[":
                opened[paths[-1]] = opened.get(paths[-1], -1) + 1
                for inner in [p for p in opened if p.startswith(paths[-1] + ".")]:
                    del opened[inner]  # [[mailboxes.networks]] counts again per mailbox
            # an array table is at its latest entry, also as a parent: mailboxes[1].imap
            table = [(name, opened.get(path)) for name, path in zip(names, paths, strict=True)]
            if table == want:
                return number
            continue
        key = re.match(r'^"?([A-Za-z0-9_-]+)"?\s*=', line)
        if key and table + [(key.group(1), None)] == want[:-1] + [(want[-1][0], None)]:
            return number
    return None
