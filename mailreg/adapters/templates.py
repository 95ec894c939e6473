"""Replies: Jinja2 templates -> a MIME message with the headers a careful auto-responder sets.

A template is `templates/<lang>/<name>.txt.j2`; it sets `subject` with
`{% set subject %}...{% endset %}` and its output is the body. Templates in the
configured `replies.template_dir` override the shipped ones by name.

A reply has a fixed shape: one text part, and for a confirmation a calendar part.
It is assembled from the email package's encoders (RFC 2047 words, quoted-printable,
base64, addresses, dates, Message-IDs) rather than through its message objects and
generator: a backlog means thousands of replies per poll, and `EmailMessage` cost
3.8 ms per reply, `email.mime` 0.7 ms, this 0.1 ms. Only values made safe go into
headers: our own configuration, validated addresses, subjects cleaned of control
characters, ASCII Message-IDs. Tests read every reply back with the email parser.
"""

from __future__ import annotations

import base64
import binascii
import re
import tomllib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid
from functools import cache, cached_property, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from mailreg.adapters.formatting import (
    format_long_date,
    format_money,
    format_time_span,
    translate_price,
)
from mailreg.config import CoordinatorConfig, MailboxView, NetworkConfig
from mailreg.domain.mail import LOOP_HEADER, Inbound, clean_display
from mailreg.domain.model import Reply, ReplyKind

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CALENDAR_TEMPLATES = {ReplyKind.confirmation, ReplyKind.promoted}
# ASCII, no spaces or angle brackets inside, short enough for one header line
MSG_ID = re.compile(r"<[!-;=?-~]{1,250}>")
CRLF = "\r\n"
# Danish text is mostly ASCII: quoted-printable keeps it readable and short.
TEXT_PART = ('Content-Type: text/plain; charset="utf-8"\r\n'
             "Content-Transfer-Encoding: quoted-printable\r\n")


@dataclass(frozen=True)
class Outgoing:
    """A reply as it goes to the SMTP server (CRLF line ends)."""

    message_id: str
    subject: str  # as the participant reads it
    raw: bytes


@lru_cache(maxsize=1024)
def header_text(name: str, text: str) -> str:
    """Header text as is when it is ASCII, else RFC 2047 encoded words of at most 75
    characters on folded lines. Header overshoots its maxlinelen by up to two on
    continuation lines, hence 74. Cached: most subjects repeat."""
    if text.isascii():
        return text
    return Header(text, "utf-8", maxlinelen=74, header_name=name).encode(linesep=CRLF)


def quoted_printable(text: str) -> str:
    """The body as quoted-printable lines of at most 76 characters, CRLF ends."""
    encoded = binascii.b2a_qp(text.encode("utf-8"), istext=True).decode("ascii")
    return encoded.replace("\n", CRLF)


@cache
def _mail_environment(template_dir: str | None):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folders = [str(TEMPLATES)] if template_dir is None else [template_dir, str(TEMPLATES)]
    # Everything but plain text is escaped: names and subjects come from strangers' mail.
    return Environment(loader=FileSystemLoader(folders), undefined=StrictUndefined,
                       autoescape=lambda name: not (name or "").endswith(".txt.j2"),
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render_pair(config: MailboxView, name: str, context: dict) -> tuple[str, str]:
    """(text, html) of a mail to the coordinator (the digest, a receipt) in the
    context's language, Danish when it has none."""
    from jinja2 import TemplateNotFound

    template_dir = str(config.replies.template_dir) if config.replies.template_dir else None
    env = _mail_environment(template_dir)
    out = []
    for kind in ("txt", "html"):
        try:
            template = env.get_template(f"{context['language']}/{name}.{kind}.j2")
        except TemplateNotFound:
            template = env.get_template(f"da/{name}.{kind}.j2")
        out.append(template.render(**context))
    return out[0], out[1]


class Renderer:
    def __init__(self, config: MailboxView) -> None:
        self.config = config

    @cached_property
    def env(self):
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        folders = [TEMPLATES]
        if self.config.replies.template_dir:
            folders.insert(0, self.config.replies.template_dir)
        env = Environment(
            loader=FileSystemLoader([str(f) for f in folders]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,  # plain-text mail; the digest's HTML has its own escaping
            auto_reload=False,  # read once per process, not checked on every reply
        )
        env.filters["long_date"] = format_long_date
        env.filters["money"] = format_money
        return env

    def render(self, name: str, language: str, **context) -> tuple[str, str]:
        """(subject, body) of a template in the language, Danish when it has none."""
        from jinja2 import TemplateNotFound

        try:
            template = self.env.get_template(f"{language}/{name}.txt.j2")
        except TemplateNotFound:
            template = self.env.get_template(f"da/{name}.txt.j2")
            language = "da"
        module = template.make_module({"language": language, **context})
        # no control characters, and no "=?" that the email package would read as an
        # encoded word (the sender's subject may carry one that decodes to CR LF)
        subject = clean_display(str(getattr(module, "subject", ""))).replace("=?", "= ?")
        return subject, str(module).strip() + "\n"

    def network(self, slug: str) -> NetworkConfig:
        network = self.config.network(slug)
        if network is None:
            raise LookupError(f"a reply names the network {slug!r}, which is not configured")
        return network

    def network_context(self, network: NetworkConfig | None, language: str) -> dict:
        if network is None:
            return {"network": None}
        return {"network": self._network_facts(network.slug, language)}

    @lru_cache(maxsize=256)  # noqa: B019 - one Renderer per config, kept for its life
    def _network_facts(self, slug: str, language: str) -> dict:
        """A network's dates, times, place and price in words; the same for every reply,
        so once. `first_meeting` is the day of the first meeting of a series, or of the
        event."""
        network = self.network(slug)
        return {
            "slug": network.slug,
            "name": network.name,
            "kind": network.kind,
            "deadline": format_long_date(network.deadline, language),
            "first_meeting": (format_long_date(network.first_meeting, language)
                              if network.first_meeting else None),
            "time": (format_time_span(network.start_time, network.end_time, language)
                     if network.start_time and network.end_time else None),
            "location": network.location or None,
            "price": translate_price(network.price, self._price_phrases(language), language),
            "amount": format_money(network.amount, language) if network.amount else None,
        }

    @lru_cache(maxsize=8)  # noqa: B019 - as above
    def _price_phrases(self, language: str) -> dict[str, str]:
        """The table that puts a Danish price text into the language,
        `<language>/price.toml` from the template folders (an override first); none for
        Danish."""
        from jinja2 import TemplateNotFound

        try:
            source, _, _ = self.env.loader.get_source(self.env, f"{language}/price.toml")
        except TemplateNotFound:
            return {}
        return tomllib.loads(source)

    @lru_cache(maxsize=256)  # noqa: B019 - as above
    def _calendar_part(self, slug: str, language: str) -> str:
        coordinator = self.config.coordinator
        summary, description = self.render(
            "_calendar", language, network=self._network_facts(slug, language),
            coordinator=coordinator)
        ics = meeting_ics(self.network(slug), self.config.tz, coordinator, summary,
                          description.strip())
        encoded = base64.encodebytes(ics.encode("utf-8")).decode("ascii")
        return ('Content-Type: text/calendar; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: base64\r\n"
                f'Content-Disposition: attachment; filename="{slug}.ics"\r\n\r\n'
                + encoded.replace("\n", CRLF))

    def _context(self, reply: Reply, original: Inbound | None, language: str) -> dict:
        network = self.config.network(reply.network) if reply.network else None
        return dict(
            people=list(reply.people), self_only=reply.self_only, note=reply.note,
            missing=list(reply.missing), greeting=_greeting(reply), position=reply.position,
            asks=reply.asks,
            coordinator=self.config.coordinator,
            original_subject=original.subject if original else "",
            **self.network_context(network, language))

    def _partial(self, name: str, language: str, context: dict) -> str:
        """A shared piece of every reply (greeting, what is missing and the promise to
        answer her question, signature) as the replies include it."""
        from jinja2 import TemplateNotFound

        try:
            template = self.env.get_template(f"{language}/{name}.txt.j2")
        except TemplateNotFound:
            template = self.env.get_template(f"da/{name}.txt.j2")
        return template.render(language=language, **context)

    def build(self, reply: Reply, original: Inbound | None, language: str,
              at: datetime | None = None) -> Outgoing:
        """A reply ready to send. Only validated addresses become headers."""
        return self.build_all([reply], original, language, at)

    def build_all(self, replies: list[Reply], original: Inbound | None, language: str,
                  at: datetime | None = None) -> Outgoing:
        """One mail for every reply a mail gets (two networks, a confirmation and a
        waiting list): the greeting once, each reply's own paragraphs, what is still
        missing once, the signature once, and a calendar event per network confirmed.
        Dated `at` (default now) in the configured time zone, as the reader lives."""
        first = replies[0]
        subjects, bodies = [], []
        for reply in replies:
            context = self._context(reply, original, language)
            subject, body = self.render(reply.kind, language, **context)
            subjects.append(subject)
            if len(replies) > 1:  # keep only what this reply says of its own
                body = _between(body, self._partial("_hello", language, context),
                                self._partial("_missing", language, context)
                                + self._partial("_signature", language, context))
            bodies.append(body)
        if len(replies) > 1:
            context = self._context(first, original, language)
            context["missing"] = sorted({m for r in replies for m in r.missing})
            context["asks"] = any(r.asks for r in replies)
            bodies = [self._partial("_hello", language, context).strip(), *bodies,
                      (self._partial("_missing", language, context)
                       + self._partial("_signature", language, context)).strip()]
        body = "\n\n".join(b.strip() for b in bodies if b.strip()) + "\n"
        subject = "; ".join(dict.fromkeys(subjects))
        cc = tuple(sorted({a for r in replies for a in r.cc}))
        calendars = list(dict.fromkeys(
            r.network for r in replies if r.kind in CALENDAR_TEMPLATES and r.network
            and self.network(r.network).first_meeting))
        dated = (at or datetime.now(UTC)).astimezone(self.config.tz)
        return self._assemble(first, cc, subject, body, calendars, original, language, dated)

    def _assemble(self, reply: Reply, cc: tuple[str, ...], subject: str, body: str,
                  calendars: list[str], original: Inbound | None, language: str,
                  dated: datetime) -> Outgoing:
        coordinator = self.config.coordinator
        domain = coordinator.address.rsplit("@", 1)[-1]
        message_id = make_msgid("mailreg", domain=domain)
        headers = [
            ("From", formataddr((coordinator.name, self.config.from_address), "utf-8")),
            ("To", reply.to),
            *([("Cc", ", ".join(cc))] if cc else []),
            ("Subject", header_text("Subject", subject)),
            ("Date", format_datetime(dated)),
            ("Message-ID", message_id),
        ]
        if original is not None and MSG_ID.fullmatch(original.message_id) and \
                reply.answers_message:
            thread = [*filter(MSG_ID.fullmatch, original.references[-10:]),
                      original.message_id]
            headers += [("In-Reply-To", original.message_id),
                        ("References", f"{CRLF} ".join(thread))]  # one id per line
        headers += [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All"),
                    (LOOP_HEADER, domain), ("MIME-Version", "1.0")]
        text = quoted_printable(body)
        if calendars:
            boundary = f"=_mailreg_{uuid.uuid4().hex}"
            head = f'Content-Type: multipart/mixed; boundary="{boundary}"{CRLF}'
            content = f"--{boundary}{CRLF}{TEXT_PART}{CRLF}{text}{CRLF}" + "".join(
                f"--{boundary}{CRLF}{self._calendar_part(slug, language)}{CRLF}"
                for slug in calendars) + f"--{boundary}--{CRLF}"
        else:
            head, content = TEXT_PART, text
        head = "".join(f"{name}: {value}{CRLF}" for name, value in headers) + head
        return Outgoing(message_id, subject, (head + CRLF + content).encode("ascii"))


def _between(body: str, start: str, end: str) -> str:
    """The body without the rendered greeting before it and the rendered closing
    (what is missing, the signature) after it."""
    body = body.strip()
    if start.strip() and body.startswith(start.strip()):
        body = body[len(start.strip()):]
    if end.strip() and body.endswith(end.strip()):
        body = body[: -len(end.strip())]
    return body.strip()


def _greeting(reply: Reply) -> str:
    """The first name the rules found to greet (a person's, never a shared mailbox's
    display name such as "Faxe Bibliotekerne"); "" for a neutral greeting."""
    return reply.greet


def meeting_ics(network: NetworkConfig, tz: ZoneInfo, organiser: CoordinatorConfig,
                summary: str, description: str) -> str:
    """The calendar event of the event or of a series' first meeting: from start_time
    to end_time in the configured time zone (with its VTIMEZONE), or all day when the
    network gives no times; its place and a description (`_calendar.txt.j2`).

    One UID per network and day: every participant's calendar holds the same event,
    so a later update from the coordinator's own calendar can replace it."""
    from icalendar import Calendar, Event, vCalAddress

    day = network.first_meeting
    assert day is not None, "only a network with a day has a calendar event"
    calendar = Calendar()
    calendar.add("prodid", "-//mailreg//Tilmelding//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    domain = organiser.address.rsplit("@", 1)[-1]
    event.add("uid", f"{network.slug}-{day.isoformat()}@{domain}")
    event.add("summary", summary)
    if network.start_time and network.end_time:
        event.add("dtstart", datetime.combine(day, network.start_time, tz))
        event.add("dtend", datetime.combine(day, network.end_time, tz))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    if network.location:
        event.add("location", network.location)
    event.add("description", description)
    event.add("dtstamp", datetime.now(UTC))
    event.add("organizer", vCalAddress(f"mailto:{organiser.address}"))
    calendar.add_component(event)
    # the zone's rules for the event's year, not 1970 to 2038
    calendar.add_missing_timezones(first_date=date(day.year, 1, 1),
                                   last_date=date(day.year + 1, 1, 1))
    return calendar.to_ical().decode()
