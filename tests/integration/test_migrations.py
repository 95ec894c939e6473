"""The schema migrations: a new database gets every index, and one made by an older
mailreg is brought up to date at start without losing what it holds."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from mailreg.adapters.db import MIGRATIONS, SCHEMA_HEAD, make_engine
from mailreg.adapters.tables import decode_notes
from mailreg.adapters.words import say, say_all


def indexed_columns(engine, table: str) -> dict[str, list[str]]:
    return {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes(table)}


def alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def at_head(engine) -> bool:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def test_the_quick_schema_check_knows_the_newest_migration():
    """make_engine skips Alembic when the database is at SCHEMA_HEAD: a new migration
    must move it, or databases would never be upgraded."""
    assert SCHEMA_HEAD == ScriptDirectory.from_config(alembic_config()).get_current_head()


LOOKUPS = {"ix_registration_network_status": ["network", "status", "received_at"],
           "ix_registration_network_email": ["network", "email"],
           "ix_registration_network_name": ["network", "name"]}


def test_a_new_database_has_the_indexes(database_url):
    engine = make_engine(database_url)
    assert indexed_columns(engine, "inboundmessage")["ix_inboundmessage_processed_at"] == [
        "processed_at"]
    assert LOOKUPS.items() <= indexed_columns(engine, "registration").items()
    assert "ix_registration_network" not in indexed_columns(engine, "registration")
    assert indexed_columns(engine, "outboxmessage")["ix_outboxmessage_due"] == [
        "sent_at", "claimed_at", "id"]
    assert at_head(engine)


def test_a_database_at_revision_0001_is_upgraded_at_start(database_url):
    old = create_engine(database_url)
    config = alembic_config()
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO inboundmessage (mailbox, key, message_id, folder, uidvalidity, uid, "
            "sender, subject, received_at, processed_at, outcome, reason, target_folder, "
            "filed) VALUES ('lv@imap', 'mid:<a@b>', '<a@b>', 'INBOX', 1, 7, 'a@b.dk', "
            "'Tilmelding', :at, :at, 'registered', '', 'Tilmeldinger/Behandlet', true)"),
            {"at": datetime(2025, 2, 10, 8, 0)})
    assert "ix_inboundmessage_processed_at" not in indexed_columns(old, "inboundmessage")
    assert "ix_registration_network" in indexed_columns(old, "registration")
    old.dispose()

    engine = make_engine(database_url)  # what mailreg does at start
    assert at_head(engine)
    assert "ix_inboundmessage_processed_at" in indexed_columns(engine, "inboundmessage")
    assert LOOKUPS.items() <= indexed_columns(engine, "registration").items()
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT key, uid FROM inboundmessage")).all()
    assert kept == [("mid:<a@b>", 7)]


def test_sentences_stored_by_an_older_version_become_codes(database_url):
    """Flags, causes and review reasons written as English sentences before 0005 are
    read as codes afterwards, so the Danish digest shows them in Danish; a sentence it
    does not know is kept as it was."""
    old = create_engine(database_url)
    config = alembic_config()
    at = {"at": datetime(2025, 2, 10, 8, 0)}
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(text(
            "INSERT INTO registration (id, network, name, email, organisation, status, "
            "received_at, message_id, registered_by, flags, updated_at) VALUES (1, 'h', "
            "'Ib Holt', 'ib@kk.dk', '', 'confirmed', :at, '<a@b>', '', 'missing ean; "
            "title \"Bibliotekschef\" may be outside the target group (mellemledere)', :at)"),
            at)
        connection.execute(text(
            "INSERT INTO registrationevent (registration_id, at, to_status, cause) VALUES "
            "(1, :at, 'confirmed', 'moved from baeredygtighed by the coordinator')"), at)
        for uid, reason in ((1, "the mail does not say which network (4 are open)"),
                            (2, "something an old version said")):
            connection.execute(text(
                "INSERT INTO inboundmessage (mailbox, key, message_id, folder, uidvalidity, "
                "uid, sender, subject, received_at, processed_at, outcome, reason, "
                "target_folder, filed) VALUES ('lv@imap', :key, '', 'INBOX', 1, :uid, "
                "'a@b.dk', 'Tilmelding', :at, :at, 'review', :reason, 'review', true)"),
                {**at, "key": f"k{uid}", "uid": uid, "reason": reason})
    old.dispose()

    engine = make_engine(database_url)
    with engine.connect() as connection:
        flags = connection.execute(text("SELECT flags FROM registration")).scalar()
        cause = connection.execute(text("SELECT cause FROM registrationevent")).scalar()
        reasons = connection.execute(text("SELECT reason FROM inboundmessage ORDER BY uid")
                                     ).scalars().all()
    assert [say(n, "da") for n in decode_notes(flags)] == [
        "EAN-nummer mangler",
        'titlen "Bibliotekschef" er måske uden for målgruppen (mellemledere)']
    assert say_all(decode_notes(cause), "da") == "flyttet fra baeredygtighed af dig"
    assert [say_all(decode_notes(r), "da") for r in reasons] == [
        "mailen siger ikke hvilket netværk (4 er åbne)", "something an old version said"]
