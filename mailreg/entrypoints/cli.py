"""The `mailreg` command line: a thin layer over the library.

Heavy libraries are imported inside the commands so `mailreg --help` stays fast.

Examples:
    mailreg --config config.toml check-config
    mailreg --config config.toml poll --once
    mailreg --config config.toml run
    mailreg --config config.toml status
    mailreg --config config.toml export --format csv --network hverdagsledelse
    mailreg demo
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

EXIT_CONFIG = 2  # also a command line mailreg cannot follow, as argparse's own errors
EXIT_SERVER = 3
EXIT_BUSY = 4
EXIT_COMMAND = 5
CONFIG_HELP = "the config file (default: ./config.toml)"


class UsageError(Exception):
    """A command line that cannot be carried out as given (an unknown network, a missing
    option); the message says what to write instead. Exit code EXIT_CONFIG."""


class Parser(argparse.ArgumentParser):
    """A parser whose help ends with its examples: Parser(..., example="mailreg ...")."""

    def __init__(self, *args, example: str | tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.examples = (example,) if isinstance(example, str) else example

    def format_help(self) -> str:
        if not self.examples:
            return super().format_help()
        heading = "example:" if len(self.examples) == 1 else "examples:"
        return super().format_help() + "".join(
            f"\n{line}" for line in [heading, *(f"  {e}" for e in self.examples)]) + "\n"


class CommandParser(Parser):
    """A subcommand: also takes --config after its name (`mailreg status --config c.toml`);
    without it there, the value before the name (or the default) stands."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="PATH",
                          help=CONFIG_HELP)


def _person_options(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--name", required=required)
    parser.add_argument("--email", required=required)
    parser.add_argument("--organisation")
    parser.add_argument("--ean")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="mailreg",
        description="Registration by email for library networks: reads sign-up mail over "
        "IMAP, registers, and replies.",
        example="mailreg --config config.toml poll --once",
    )
    parser.add_argument("--config", type=Path, default=Path("config.toml"), metavar="PATH",
                        help=CONFIG_HELP)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=CommandParser)

    poll = sub.add_parser("poll", help="fetch and answer new mail once",
                          description="One cycle: fetch new mail, decide, file it, send "
                          "replies.", example="mailreg poll --once")
    poll.add_argument("--once", action="store_true",
                      help="run one cycle and exit (the service is `mailreg run`)")

    sub.add_parser("run", help="run the service (poll + daily digest) until stopped",
                   description="Polls every schedule.poll_interval_minutes and sends the "
                   "digest at schedule.digest_time. Stops cleanly on SIGTERM or Ctrl-C.",
                   example="mailreg run --config /etc/mailreg/config.toml")

    export = sub.add_parser("export", help="write registrations or invoicing data",
                            description="Registrations, or with --invoice one row per "
                            "confirmed participant with price, VAT and total: as JSON (codes "
                            "and ISO 8601 times), or for a Danish Excel as CSV or XLSX (words "
                            "and local times).",
                            example=("mailreg export --format csv --network hverdagsledelse "
                                     "--output tilmeldinger.csv",
                                     "mailreg export --invoice --format xlsx --output "
                                     "faktura.xlsx"))
    export.add_argument("--format", choices=["json", "csv", "xlsx"], default="json",
                        help="json (default), csv (';', decimal commas, UTF-8 with BOM) or "
                        "xlsx (one sheet per network; --output only)")
    add_filters(export)
    export.add_argument("--invoice", action="store_true",
                        help="invoicing columns: name, email, organisation, EAN, network, "
                        "price without VAT, VAT, total; --status defaults to confirmed")
    export.add_argument("--output", type=Path, help="write to this file instead of stdout")
    export.add_argument("--lang", choices=["da", "en"],
                        help="language of the CSV and XLSX headers and statuses (default: "
                        "replies.language); JSON keeps its codes")

    sub.add_parser("status", help="counts per network, review queue, unsent replies, "
                   "last poll and digest", example="mailreg status --config config.toml")
    sub.add_parser("check-config", help="validate the config and log in to IMAP and SMTP",
                   example="mailreg --config config.toml check-config")

    listing = sub.add_parser("list", help="list registrations with their ids",
                             description="Registrations with id, network, status, arrival "
                             "(local time), name, email, organisation, EAN and flags.",
                             example="mailreg list --network hverdagsledelse --status "
                             "waitlisted")
    add_filters(listing)
    for name, text in (
            ("confirm", "confirm a registration (e.g. a late one) and tell them"),
            ("cancel", "cancel a registration, tell them, move the waiting list"),
            ("waitlist", "put a late registration on the waiting list and tell them"),
            ("reject", "turn down a late registration and tell them")):
        command = sub.add_parser(name, help=text, example=f"mailreg {name} 12")
        command.add_argument("id", type=int, help="the registration id from `mailreg list`")
    moving = sub.add_parser("move", help="move a registration to another network",
                            example="mailreg move 12 --network baeredygtighed")
    moving.add_argument("id", type=int, help="the registration id from `mailreg list`")
    moving.add_argument("--network", metavar="SLUG", required=True)
    editing = sub.add_parser("edit", help="correct a registration's name, email, "
                             "organisation or EAN (nobody is mailed)",
                             example="mailreg edit 12 --name 'Mette Holm' --ean 5798000416604")
    editing.add_argument("id", type=int, help="the registration id from `mailreg list`")
    _person_options(editing)
    answering = sub.add_parser("answered", help="say that you have answered a registration's "
                               "question (its flag goes; nobody is mailed)",
                               description="For a registration flagged as asking a question "
                               "(`mailreg list` shows it): once you have answered her, this "
                               "drops that flag and keeps the others.",
                               example="mailreg answered 12")
    answering.add_argument("id", type=int, help="the registration id from `mailreg list`")
    adding = sub.add_parser("add", help="register someone who signed up another way",
                            description="A seat if one is free, else the waiting list; the "
                            "participant gets a confirmation.",
                            example="mailreg add --network hverdagsledelse --name 'Mette Holm' "
                            "--email mette@aarhus.dk")
    adding.add_argument("--network", metavar="SLUG", required=True)
    _person_options(adding, required=True)
    resolve = sub.add_parser("resolve", help="decide a mail waiting for review",
                             description="Registers (or with --cancel cancels) what the mail "
                             "asked for in the network you name, judged by the mail's arrival, "
                             "replies, and moves the mail from the review folder to the "
                             "processed folder; --name, --email, --organisation and --ean give "
                             "the participant instead of what was read.",
                             example="mailreg resolve '<CAF3kq@mail.gmail.com>' --network "
                             "hverdagsledelse --name 'Ditte Gram' --email digr@faxe.dk")
    resolve.add_argument("message_id", help="the Message-ID shown by `mailreg status`")
    resolve.add_argument("--network", metavar="SLUG", required=True)
    resolve.add_argument("--cancel", action="store_true",
                         help="the mail cancels a registration")
    _person_options(resolve)
    dismissing = sub.add_parser("dismiss", help="file a mail waiting for review without "
                                "registering anyone or replying",
                                example="mailreg dismiss '<CAF3kq@mail.gmail.com>'")
    dismissing.add_argument("message_id", help="the Message-ID shown by `mailreg status`")
    explain = sub.add_parser("explain", help="show how a mail was read and why",
                             description="How mailreg reads a stored mail: the intent and "
                             "the cues that decided it, each network's terms, where each "
                             "person was found, the machine sign if any.",
                             example="mailreg explain '<CAF3kq@mail.gmail.com>'")
    explain.add_argument("message_id", help="the Message-ID shown by `mailreg status`")
    resend = sub.add_parser("resend", help="send again a reply whose sending was interrupted",
                            description="For a reply that `mailreg status` shows as "
                            "interrupted (mailreg stopped while sending it, so it may have "
                            "gone out and is never resent by itself): once you know it did "
                            "not arrive, this sends it.", example="mailreg resend 12")
    resend.add_argument("id", type=int, help="the reply's id from `mailreg status`")

    erase = sub.add_parser("erase", help="remove one person's data everywhere (GDPR)",
                           description="Anonymises the person's registrations and removes "
                           "her mail and replies.", example="mailreg erase mette@aarhus.dk --yes")
    erase.add_argument("email")
    erase.add_argument("--yes", action="store_true", help="do it (without: only show counts)")
    person = sub.add_parser("export-person", help="everything held about one person, as JSON",
                            example="mailreg export-person mette@aarhus.dk > mette.json")
    person.add_argument("email")

    digest = sub.add_parser("digest", help="preview or send the coordinator's digest",
                            example=("mailreg digest --preview --output overblik.html",
                                     "mailreg digest --send"))
    mode = digest.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true",
                      help="show it (plain text on stdout, or the HTML with --output to "
                      "open in a browser); sends and records nothing")
    mode.add_argument("--send", action="store_true",
                      help="send it now, also if today's went already")
    digest.add_argument("--output", type=Path, metavar="FILE.html",
                        help="with --preview: write the HTML (or the text, for .txt) here")

    sub.add_parser("demo", help="run one poll against a throwaway local mail server "
                   "loaded with data/samples/ and print the result",
                   description="Needs nothing but this package.", example="mailreg demo")
    return parser


def add_filters(parser: argparse.ArgumentParser) -> None:
    """--network and --status, checked against the config by `check_filters`."""
    parser.add_argument("--network", metavar="SLUG", help="only this network")
    parser.add_argument("--status", action="append", metavar="STATUS",
                        help="only this status (repeatable), e.g. --status confirmed")


def check_filters(config, args) -> None:
    """An unknown --network or --status is a mistake to be told, not an empty list."""
    from mailreg.domain.model import Status

    if args.network and config.network(args.network) is None:
        width = max(len(n.slug) for n in config.networks)
        known = "".join(f"\n  {n.slug:<{width}}  {n.name}" for n in config.networks)
        raise UsageError(f"No network {args.network!r} in {args.config}. The networks "
                         f"are:{known}")
    statuses = [status.value for status in Status]
    unknown = [s for s in args.status or () if s not in statuses]
    if unknown:
        raise UsageError(f"No status {', '.join(map(repr, unknown))}. The statuses are: "
                         f"{', '.join(statuses)}.")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    for noisy in ("imapclient", "apscheduler", "mailparser", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Alembic tells every migration step at INFO: some 15 lines before the first
    # command's own output on a new database; with -v they are shown.
    logging.getLogger("alembic").setLevel(logging.INFO if args.verbose else logging.WARNING)

    from mailreg.adapters.mailbox import MailboxError
    from mailreg.adapters.smtp import SmtpError
    from mailreg.config import ConfigError
    from mailreg.services.commands import CommandError

    try:
        if args.command == "demo":
            from mailreg.entrypoints.demo import run_demo

            return run_demo()
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        print(f"Configuration problem: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except (MailboxError, SmtpError) as exc:
        print(f"Mail server problem: {exc}", file=sys.stderr)
        return EXIT_SERVER
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_COMMAND
    except UsageError as exc:
        print(f"mailreg {args.command}: {exc}", file=sys.stderr)
        return EXIT_CONFIG


def _setup(args):
    from mailreg.adapters.db import make_engine
    from mailreg.config import load_config

    config = load_config(args.config)
    return config, make_engine(config.database.url)


def cmd_poll(args) -> int:
    from mailreg.adapters.mailbox import MailboxError
    from mailreg.adapters.smtp import SmtpError
    from mailreg.services.poll import PollBusy, poll_once

    if not args.once:
        raise UsageError("use `mailreg poll --once` for one cycle, or `mailreg run` for the "
                         "service (a poll every schedule.poll_interval_minutes).")
    config, engine = _setup(args)
    code = 0
    for view in config.mailbox_views():
        label = f"{view.coordinator.address}: " if config.mailboxes else ""
        try:
            result = poll_once(view, engine)
        except PollBusy as exc:
            print(f"{label}{exc}", file=sys.stderr)
            code = code or EXIT_BUSY
            continue
        except (MailboxError, SmtpError) as exc:  # one mailbox down must not stop the rest
            print(f"{label}Mail server problem: {exc}", file=sys.stderr)
            code = EXIT_SERVER
            continue
        summary = ", ".join(f"{n} {k}" for k, n in sorted(result.outcomes.items()))
        print(f"{label}Processed {result.processed} message(s): {summary or 'no new mail'}. "
              f"Replies sent: {result.sent}, waiting: {result.failed}.")
    return code


def cmd_run(args) -> int:
    from mailreg.entrypoints.scheduler import run_service

    config, engine = _setup(args)
    run_service(config, engine)
    return 0


def cmd_export(args) -> int:
    from mailreg.services.export import export_bytes

    if args.format == "xlsx" and not args.output:
        raise UsageError("XLSX is written to a file: add --output FILE.xlsx")
    config, engine = _setup(args)
    check_filters(config, args)
    data, count = export_bytes(config, engine, args.format, invoice=args.invoice,
                               network=args.network, statuses=args.status,
                               language=args.lang)
    if not args.output:
        write_stdout(data)
        return 0
    args.output.write_bytes(data)
    what = "invoicing row(s)" if args.invoice else "registration(s)"
    print(f"Wrote {count} {what} to {args.output}", file=sys.stderr)
    return 0


def write_stdout(data: bytes) -> None:
    """A file's bytes to standard output as they are (a CSV's BOM included)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def cmd_status(args) -> int:
    from datetime import datetime, timedelta

    from mailreg.adapters.tables import decode_notes
    from mailreg.adapters.words import say, say_all
    from mailreg.services.report import (
        last_service_event,
        machine_mail,
        network_counts,
        review_items,
        unsent_replies,
    )

    config, engine = _setup(args)
    now = datetime.now(config.tz)
    today = now.date()

    def ago(moment) -> str:
        minutes = int((now - moment).total_seconds() // 60)
        span = f"{minutes} min" if minutes < 120 else (
            f"{minutes // 60} h" if minutes < 48 * 60 else f"{minutes // 1440} days")
        return f"{moment.astimezone(config.tz):%d.%m.%Y %H:%M} ({span} ago)"

    poll = last_service_event(engine, "poll")
    digest = last_service_event(engine, "digest")
    print(f"Last successful poll: {ago(poll.at) if poll else 'never'}")
    print("Last digest: " + (f"{digest.day:%d.%m.%Y}, sent {ago(digest.at)}" if digest
                             else "never"))
    items = review_items(engine)
    unsent = unsent_replies(engine)
    machine = machine_mail(engine, now - timedelta(days=7), now)
    print(f"Waiting for review: {len(items)}    Replies not yet sent: {len(unsent)}    "
          f"Machine mail not answered in 7 days: {sum(n for _, n in machine)}\n")
    print(f"{'network':<24} {'confirmed':>9} {'waitlist':>8} {'late':>5} {'cancelled':>9} "
          f"{'capacity':>8}  deadline")
    for n in network_counts(config, engine):
        c = n.counts
        left = n.days_left(today)
        when = f"{n.deadline.isoformat()} ({left} days left)" if left >= 0 else (
            f"{n.deadline.isoformat()} (closed)")
        print(f"{n.slug:<24} {c['confirmed']:>9} {c['waitlisted']:>8} {c['late']:>5} "
              f"{c['cancelled']:>9} {n.capacity or '-':>8}  {when}")
    if items:
        print(f"\nWaiting for review: {len(items)}")
    for item in items:
        arrived = item.received_at.astimezone(config.tz).strftime("%d.%m.%Y %H:%M")
        print(f"  {arrived}  {item.sender or '-'}  {item.subject[:50]!r}\n"
              f"      {item.message_id or item.key}\n"
              f"      reason: {say_all(decode_notes(item.reason), 'en')}")
    if machine:
        print("\nMachine mail not answered in the last 7 days, by the sign that showed it:")
    for note, count in machine:
        print(f"  {count:>4} × {say(note, 'en')}")
    if unsent:
        print(f"\nReplies not yet sent: {len(unsent)}")
    for reply in unsent:
        state = (  # a failure releases the claim: a claim left means mailreg stopped
            "mailreg stopped while sending it: it may have gone out, so it is not resent "
            f"automatically; if it did not arrive: mailreg resend {reply.id}"
            if reply.claimed_at else
            f"no mailbox in the config sends from {reply.mail_from} any more, so no poll "
            f"sends it" if config.view_sending_from(reply.mail_from) is None else
            reply.last_error[:80] or "queued")
        print(f"  #{reply.id} {reply.created_at.astimezone(config.tz):%d.%m.%Y %H:%M}  "
              f"{reply.recipients}  {reply.attempts} attempt(s): {state}")
    return 0


def cmd_check_config(args) -> int:
    from datetime import datetime

    from mailreg.adapters.mailbox import Mailbox
    from mailreg.adapters.smtp import connect
    from mailreg.config import config_warnings, load_config

    config = load_config(args.config)  # the database is left alone: nothing is created
    warnings = config_warnings(config, args.config.read_text(encoding="utf-8"),
                               datetime.now(config.tz).date())
    print(f"{args.config}: valid ({len(config.networks)} network(s), time zone "
          f"{config.timezone})" + (f", {len(warnings)} warning(s):" if warnings else "."))
    for warning in warnings:  # worth a look, but no reason to stop
        print(f"  {warning}")
    for view in config.mailbox_views():
        with Mailbox(view.imap, view.imap.password()) as box:
            box.select_inbox()
            print(f"IMAP: logged in to {view.imap.host} as {view.imap.username}; "
                  f"{view.imap.inbox} is readable.")
        smtp = connect(view.smtp, view.smtp.password())
        smtp.noop()
        smtp.quit()
        print(f"SMTP: connected to {view.smtp.host}"
              f"{' and logged in' if view.smtp.username else ''}.")
    return 0


def cmd_digest(args) -> int:
    from datetime import UTC, datetime

    from mailreg.services.digest import compose, recipients, send_digest

    config, engine = _setup(args)
    now = datetime.now(UTC)
    if args.output and not args.preview:
        print("--output is for --preview; --send sends the mail.", file=sys.stderr)
        return EXIT_COMMAND
    views = config.mailbox_views()
    for number, view in enumerate(views):  # one digest per coordinator
        if args.preview:
            digest = compose(view, engine, now)
            if args.output:
                out = args.output if len(views) == 1 else args.output.with_stem(
                    f"{args.output.stem}-{number + 1}")
                out.write_text(digest.text if out.suffix == ".txt" else digest.html,
                               encoding="utf-8")
                print(f"Wrote the digest ({digest.subject}) to {out}; nothing was sent.",
                      file=sys.stderr)
            else:
                print(digest.text, end="")
        elif send_digest(view, engine, now):
            print("Digest sent to " + ", ".join(recipients(view)) + ".")
        else:
            print("Another mailreg process is sending the digest right now; nothing sent.",
                  file=sys.stderr)
            return EXIT_BUSY
    return 0


def cmd_list(args) -> int:
    from mailreg.adapters.tables import decode_notes
    from mailreg.adapters.words import say_all
    from mailreg.services.report import registrations

    config, engine = _setup(args)
    check_filters(config, args)
    rows = registrations(engine, args.network, args.status)
    print(f"{'id':>4}  {'network':<18} {'status':<12} {'arrived':<16}  {'name':<24} "
          f"{'email':<30} {'organisation':<30} {'EAN':<13}  flags")
    for r in rows:
        print(f"{r.id:>4}  {r.network:<18} {r.status:<12} "
              f"{r.received_at.astimezone(config.tz):%d.%m.%Y %H:%M}  {r.name[:24]:<24} "
              f"{r.email[:30]:<30} {r.organisation[:30]:<30} {r.ean or '-':<13}  "
              f"{say_all(decode_notes(r.flags), 'en')}")
    print(f"{len(rows)} registration(s)")
    return 0


def _coordinator(action):
    def command(args) -> int:
        from mailreg.domain.orders import Act
        from mailreg.services import commands
        from mailreg.services.receipts import describe, describe_filing

        config, engine = _setup(args)
        person = {k: v for k in ("name", "email", "organisation", "ean")
                  if (v := getattr(args, k, None)) is not None}
        if action == "resolve":
            done = commands.resolve(config, engine, args.message_id, args.network,
                                    [person] if person else None, cancel=args.cancel)
        elif action == "dismiss":
            done = commands.dismiss(config, engine, args.message_id)
        elif action == "move":
            done = commands.move(config, engine, args.id, args.network)
        elif action == "edit":
            done = commands.edit(config, engine, args.id, person)
        elif action == "add":
            done = commands.add(config, engine, args.network, [person])
        else:
            done = getattr(commands, action)(config, engine, args.id)
        print(f"{describe(done, config)}." if done.act == Act.participants else
              f"{describe(done, config)}. Replies sent: {done.sent}"
              + (f", waiting: {done.waiting}." if done.waiting else "."))
        if done.filing:
            print(describe_filing(done), file=sys.stderr if done.warning else sys.stdout)
        return 0
    return command


def cmd_explain(args) -> int:
    from mailreg.adapters.words import say, say_all
    from mailreg.services.explain import NotFound, explain

    config, engine = _setup(args)
    try:
        told = explain(config, engine, args.message_id)
    except NotFound as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_COMMAND
    arrived = told.arrived.astimezone(config.tz).strftime("%d.%m.%Y %H:%M")
    print(f"{told.message_id}\n  from {told.sender or '-'}, {told.subject!r}, "
          f"arrived {arrived}\n  outcome: {told.outcome}"
          + (f" ({say_all(told.reasons, 'en')})" if told.reasons else ""))
    if not told.text_kept:
        print("The text of the mail is no longer kept (retention.raw_mail_days).")
        return 0
    if told.machine is not None:
        print(f"Machine mail: {say(told.machine, 'en')}")
    reading = told.reading
    if reading is None:
        return 0
    print(f"\nIntent: {reading.intent}"
          + (f" ({say(reading.review_reason, 'en')})" if reading.review_reason else ""))
    for e in (e for e in reading.evidence if e.source == "intent"):
        print(f"  {e.kind:<10} {e.id:<28} {e.weight:>2}  {e.text!r}")
    for question in reading.asks:  # acted on; the question flagged for the coordinator
        print(f"  asks       {question!r}")
    print(f"\nNetworks: {', '.join(reading.networks) or '-'}")
    for e in (e for e in reading.evidence if e.source == "network"):
        print(f"  {e.id:<22} {e.kind:<11} {e.weight:>2}  {e.text!r}")
    print("\nPeople:")
    places = {e.text: e.kind for e in reading.evidence if e.source == "person"}
    for p in reading.participants:
        details = ", ".join(x for x in (p.organisation, p.ean and f"EAN {p.ean}",
                                        p.networks and "for " + " and ".join(p.networks)) if x)
        print(f"  {p.name or '(no name)'} <{p.email or 'no address'}>"
              + (f", {details}" if details else "") + f": {places.get(p.name or '', '')}")
    if not reading.participants:
        print("  nobody")
    return 0


def cmd_erase(args) -> int:
    from datetime import UTC, datetime

    from mailreg.services.privacy import erase_person, person_data

    _config, engine = _setup(args)
    if not args.yes:
        data = person_data(engine, args.email)
        print(f"{args.email}: {len(data['registrations'])} registration(s), "
              f"{len(data['messages'])} message(s), {len(data['replies'])} reply(ies). "
              f"Run again with --yes to erase.")
        return 0
    counts = erase_person(engine, args.email, datetime.now(UTC))
    print(f"Erased {args.email}: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")
    return 0


def cmd_export_person(args) -> int:
    import json

    from mailreg.services.privacy import person_data

    _config, engine = _setup(args)
    json.dump(person_data(engine, args.email), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


COMMANDS = {
    "erase": cmd_erase,
    "export-person": cmd_export_person,
    "list": cmd_list,
    "confirm": _coordinator("confirm"),
    "cancel": _coordinator("cancel"),
    "move": _coordinator("move"),
    "resolve": _coordinator("resolve"),
    "resend": _coordinator("resend"),
    "waitlist": _coordinator("waitlist"),
    "reject": _coordinator("reject"),
    "edit": _coordinator("edit"),
    "answered": _coordinator("answered"),
    "add": _coordinator("add"),
    "dismiss": _coordinator("dismiss"),
    "explain": cmd_explain,
    "poll": cmd_poll,
    "run": cmd_run,
    "export": cmd_export,
    "status": cmd_status,
    "check-config": cmd_check_config,
    "digest": cmd_digest,
}

if __name__ == "__main__":
    sys.exit(main())
