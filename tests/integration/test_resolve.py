"""`mailreg resolve` against a real Dovecot: the resolved mail leaves the review folder
for the processed folder, and a mail server that cannot be reached does not undo the
resolve."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import mails
from servers import free_port
from sqlmodel import select

from mailreg.adapters.db import make_engine, session
from mailreg.adapters.tables import InboundMessage, Registration
from mailreg.domain.model import Status
from mailreg.entrypoints import cli
from mailreg.services.poll import poll_once

T0 = datetime(2025, 2, 10, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
PROCESSED, REVIEW = "Tilmeldinger/Behandlet", "Tilmeldinger/Til gennemsyn"


def vague(sender: str, name: str, **kwargs) -> bytes:
    """A sign-up that does not say for which network: it waits for review."""
    return mails.outlook(sender, name, "Tilmelding",
                         f"Hej Lisbet\n\nJeg vil gerne tilmelde mig netværket.\n\n"
                         f"Venlig hilsen\n{name}\nOdense Bibliotekerne\n", sent=T0, **kwargs)


def message_ids(dovecot, folder: str) -> list[str]:
    return [re.search(rb"Message-ID: (<[^>]+>)", raw).group(1).decode()
            for raw in dovecot.messages(folder)]


def logged(engine, sender: str) -> InboundMessage:
    with session(engine) as s:
        return s.exec(select(InboundMessage).where(InboundMessage.sender == sender)).one()


def registration(engine, email: str) -> Registration:
    with session(engine) as s:
        return s.exec(select(Registration).where(Registration.email == email)).one()


def two_in_review(dovecot, make_config):
    config = make_config()
    engine = make_engine(config.database.url)
    dovecot.append(vague("sofie.lund@odense.dk", "Sofie Lund"), T0)
    dovecot.append(vague("karl.bak@odense.dk", "Karl Bak"), T0)
    poll_once(config, engine)
    sofie, karl = (logged(engine, "sofie.lund@odense.dk"), logged(engine, "karl.bak@odense.dk"))
    assert sorted(message_ids(dovecot, REVIEW)) == sorted([sofie.message_id, karl.message_id])
    return engine, sofie, karl


def test_resolve_moves_the_mail_from_review_to_processed(dovecot, smtp_sink, make_config,
                                                         tmp_path, capsys):
    engine, sofie, karl = two_in_review(dovecot, make_config)
    smtp_sink.clear()

    assert cli.main(["--config", str(tmp_path / "config.toml"), "resolve", sofie.message_id,
                     "--network", "baeredygtighed"]) == 0
    out = capsys.readouterr()
    assert f"Moved the mail from '{REVIEW}' to '{PROCESSED}'." in out.out
    assert out.err == ""
    assert message_ids(dovecot, REVIEW) == [karl.message_id]  # the other one still waits
    assert message_ids(dovecot, PROCESSED) == [sofie.message_id]
    assert logged(engine, "sofie.lund@odense.dk").target_folder == PROCESSED
    assert logged(engine, "karl.bak@odense.dk").target_folder == REVIEW
    assert registration(engine, "sofie.lund@odense.dk").status == Status.confirmed
    assert [m.rcpt_tos for m in smtp_sink.received] == [["sofie.lund@odense.dk"]]


def test_resolve_without_the_imap_server_still_resolves_and_warns(dovecot, smtp_sink,
                                                                  make_config, tmp_path,
                                                                  capsys):
    engine, sofie, _karl = two_in_review(dovecot, make_config)
    make_config(imap_port=free_port())  # config.toml now names a port nobody listens on
    smtp_sink.clear()

    assert cli.main(["--config", str(tmp_path / "config.toml"), "resolve", sofie.message_id,
                     "--network", "baeredygtighed"]) == 0
    out = capsys.readouterr()
    assert "Sofie Lund registered for Ledelse af bæredygtighed (confirmed)" in out.out
    assert out.err.startswith("Warning: the decision is saved, but the mail could not be "
                              "moved on the IMAP server")
    assert f"It stays in '{REVIEW}': move it to '{PROCESSED}' yourself." in out.err
    assert registration(engine, "sofie.lund@odense.dk").status == Status.confirmed
    assert [m.rcpt_tos for m in smtp_sink.received] == [["sofie.lund@odense.dk"]]
    assert sofie.message_id in message_ids(dovecot, REVIEW)
    assert logged(engine, "sofie.lund@odense.dk").target_folder == REVIEW  # where it is


def test_resolve_of_a_mail_without_message_id_says_it_stays(dovecot, smtp_sink, make_config,
                                                            tmp_path, capsys):
    config = make_config()
    engine = make_engine(config.database.url)
    raw = re.sub(rb"Message-ID: [^\r]+\r\n", b"", vague("sofie.lund@odense.dk", "Sofie Lund"))
    dovecot.append(raw, T0)
    poll_once(config, engine)
    item = logged(engine, "sofie.lund@odense.dk")
    assert (item.message_id, item.outcome) == ("", "review")

    assert cli.main(["--config", str(tmp_path / "config.toml"), "resolve", item.key,
                     "--network", "baeredygtighed"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Warning: the mail has no Message-ID")
    assert f"move it to '{PROCESSED}' yourself" in err
    assert registration(engine, "sofie.lund@odense.dk").status == Status.confirmed
    assert len(dovecot.messages(REVIEW)) == 1
