"""`mailreg explain`: how a stored mail was read, from the CLI, after a real poll."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import mails

from mailreg.adapters.db import make_engine
from mailreg.entrypoints import cli
from mailreg.services.poll import poll_once

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 2, 10, 9, 0, tzinfo=CPH)
MID = "<AM0PR02MB5500EXPLAIN001@AM0PR02MB5521.eurprd02.prod.outlook.com>"


def explained(dovecot, make_config, tmp_path, capsys, sender: str, name: str,
              body: str) -> str:
    """What `mailreg explain` prints for a mail after a poll."""
    config = make_config()
    dovecot.append(mails.outlook(sender, name, "Tilmelding", body, sent=T0, message_id=MID), T0)
    poll_once(config, make_engine(config.database.url))
    capsys.readouterr()
    assert cli.main(["--config", str(tmp_path / "config.toml"), "explain", MID]) == 0
    return capsys.readouterr().out


def test_explain_shows_the_cues_the_terms_and_the_people(dovecot, smtp_sink, make_config,
                                                          tmp_path, capsys) -> None:
    out = explained(dovecot, make_config, tmp_path, capsys, "mette.holm@aarhus.dk",
                    "Mette Holm", "Hej Lisbet\n\nJeg vil gerne deltage i netværket om "
                    "hverdagsledelse, hvis min chef kan godkende udgiften.\n\nVenlig "
                    "hilsen\nMette Holm\nAfdelingsleder\nAarhus Kommunes Biblioteker\n")
    assert "outcome: review (the sign-up has a condition" in out
    assert "signup.vil-deltage" in out and "condition.hvis-godkendt" in out
    assert "Networks: hverdagsledelse" in out and "phrase" in out  # what it is about
    assert "People:\n  nobody" in out  # an unclear mail registers no one

    assert cli.main(["--config", str(tmp_path / "config.toml"), "explain", "<nosuch@x>"]) == (
        cli.EXIT_COMMAND)


def test_explain_says_where_each_person_was_found(dovecot, smtp_sink, make_config,
                                                  tmp_path, capsys) -> None:
    out = explained(dovecot, make_config, tmp_path, capsys, "hlm@aalborg.dk",
                    "Hanne Lindgaard", "Hej Lisbet\n\nVi vil gerne tilmelde følgende til "
                    "hverdagsledelse:\n\nLine Kjærsgaard - lkj@aalborg.dk\n\nVenlig hilsen\n"
                    "Hanne Lindgaard\nAalborg Bibliotekerne\n")
    assert "Networks: hverdagsledelse" in out
    assert "Line Kjærsgaard <lkj@aalborg.dk>, Aalborg Bibliotekerne: named with an address" in out


def test_explain_says_which_network_is_whose(dovecot, smtp_sink, make_config, tmp_path,
                                             capsys) -> None:
    out = explained(dovecot, make_config, tmp_path, capsys, "mette.holm@aarhus.dk",
                    "Mette Holm", "Hej Lisbet\n\nSelv vil jeg gerne med i netværket om "
                    "hverdagsledelse, og min kollega Ulla Thorsen (ulth@aarhus.dk) tager til "
                    "Ledelse af bæredygtighed.\n\nVenlig hilsen\nMette Holm\n")
    assert "Mette Holm <mette.holm@aarhus.dk>, for hverdagsledelse" in out
    assert "Ulla Thorsen <ulth@aarhus.dk>, for baeredygtighed" in out


def test_explain_shows_the_learned_opinion_where_no_cue_spoke(dovecot, smtp_sink, make_config,
                                                              tmp_path, capsys) -> None:
    out = explained(dovecot, make_config, tmp_path, capsys, "hani@vejle.dk", "Hanne Nielsen",
                    "Hej Lisbet\n\nBo Nygaard, bony@vejle.dk, på listen til netværket "
                    "om hverdagsledelse, tak. EAN 5798000389274\n\nVenlig hilsen\nHanne Nielsen\n"
                    "Vejle Bibliotekerne\n")
    assert "Intent: signup (the mail looks like a sign-up (" in out
    assert "learned.signup" in out and "hverdagsledelse" in out  # the words that weighed most
    assert "Bo Nygaard <bony@vejle.dk>" in out
