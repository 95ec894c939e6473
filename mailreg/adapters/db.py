"""Engine, sessions and schema. SQLite gets WAL and a busy timeout so the poller,
the scheduler's digest and a coordinator's command can share the file."""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event, inspect, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, create_engine

from mailreg.adapters.tables import Lease


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN
        # so one message's failure can be rolled back alone (see the SQLAlchemy docs,
        # "Serializable isolation / Savepoints / Transactional DDL" for pysqlite).
        # IMMEDIATE takes the write lock at the start: a transaction that reads and then
        # writes would otherwise fail at once with "database is locked" when another
        # process wrote in between, instead of waiting out busy_timeout.
        event.listen(engine, "begin",
                     lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    migrate(engine)
    return engine


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (a test checks it is Alembic's head): a
# database already there needs no Alembic, whose import costs a command 0.4 s.
SCHEMA_HEAD = "0007"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (a no-op when it is there).

    Two processes starting at once on a new database may race; the loser's attempt
    fails and it checks again that the winner got the schema to the head.
    """
    with engine.connect() as connection:
        if inspect(connection).has_table("alembic_version") and connection.execute(
                text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD:
            return
    from alembic import command
    from alembic.config import Config as AlembicConfig
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    for attempt in range(5):
        with engine.connect() as connection:
            if MigrationContext.configure(connection).get_current_revision() == head:
                return
        try:
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except Exception:  # noqa: BLE001 - a concurrent migration; look again
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))


def chunked(values: list, size: int = 500) -> Iterator[list]:
    """A long IN list in parts, each well below SQLite's limit of bound variables."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    # Switching a new database to WAL needs it to itself, and SQLite answers "database
    # is locked" at once, without waiting out busy_timeout, while another process that
    # starts at the same moment holds it; the mode stays with the file, so a retry
    # soon finds it set.
    for attempt in range(50):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.1)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    dbapi_connection.isolation_level = None


@contextmanager
def session(engine: Engine) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise


# A poll renews its lease after every batch; one left by a process that died expires.
POLL_LEASE_TTL = timedelta(minutes=10)


def poll_lease(mailbox_id: str, folder: str) -> str:
    """The name of the lease a poll of one mailbox's folder holds."""
    return f"poll:{mailbox_id}/{folder}"


def acquire_lease(engine: Engine, name: str, owner: str, now: datetime,
                  ttl: timedelta, is_dead=None) -> bool:
    """Take or renew the named lease; False while another owner holds an unexpired one.

    `is_dead(owner)` may say that the holder is known to be gone (a killed process on
    this machine); its lease is then taken at once instead of waiting for expiry.

    A conditional UPDATE (then an INSERT for the first use) is atomic on SQLite and
    PostgreSQL alike, so two pollers on two machines cannot both win.
    """
    is_dead = is_dead or dead_local_process
    lease = Lease
    with session(engine) as s:
        holder = s.get(lease, name)
        dead = holder.owner if holder is not None and is_dead(holder.owner) else owner
        result = s.exec(
            update(lease)
            .where(col(lease.name) == name)
            .where((col(lease.owner) == owner) | (col(lease.owner) == dead)
                   | (col(lease.expires_at) < now))
            .values(owner=owner, expires_at=now + ttl)
        )
        if result.rowcount:
            return True
    try:
        with session(engine) as s:
            if s.get(lease, name) is not None:
                return False
            s.add(lease(name=name, owner=owner, expires_at=now + ttl))
        return True
    except IntegrityError:
        return False


def dead_local_process(owner: str) -> bool:
    """True when the owner was a process on this machine that no longer runs
    (killed with -9, say): its lease need not be waited out."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def release_lease(engine: Engine, name: str, owner: str) -> None:
    lease = Lease
    with session(engine) as s:
        row = s.get(lease, name)
        if row is not None and row.owner == owner:
            s.delete(row)
