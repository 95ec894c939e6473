"""The Ledger that a group of sign-ups reads instead of the database must answer as
the database does, also after the group's own registrations are staged."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from mailreg.adapters.db import make_engine
from mailreg.adapters.store import Ledger, Writes, network_state, registration_rows
from mailreg.adapters.tables import Registration
from mailreg.domain.model import Cause, NewRegistration, Note, Person, Status

T0 = datetime(2025, 2, 10, 8, 0, tzinfo=UTC)
SLUGS = ["hverdagsledelse", "baeredygtighed", "ledelse"]
PEOPLE = [(f"Person {i}", f"person{i}@vejle.dk" if i % 4 else "") for i in range(12)]


def mine(state) -> set[tuple]:
    return {(c.network, c.name, c.email, c.status) for c in state.mine}


def test_ledger_answers_as_the_database(database_url):
    engine = make_engine(database_url)
    rng = random.Random(3)
    with Session(engine) as s:
        for i in range(60):
            name, email = rng.choice(PEOPLE)
            s.add(Registration(network=rng.choice(SLUGS), name=name, email=email,
                               status=rng.choice(list(Status)), message_id=f"<{i}@x>",
                               received_at=T0 + timedelta(minutes=i)))
        s.commit()
        for _ in range(20):
            group = rng.sample(PEOPLE, 4)
            emails = {e for _n, e in group if e} | {"sender@vejle.dk"}
            names = {n for n, _e in group}
            ledger = Ledger(s.connection(), set(SLUGS), emails, names)
            for slug in SLUGS:
                db, kept = network_state(s, slug, emails, names), ledger.state(
                    slug, emails, names)
                assert (kept.confirmed, kept.waitlisted) == (db.confirmed, db.waitlisted)
                assert mine(kept) == mine(db)
                assert len(kept.mine) == len(db.mine)


def test_staged_registrations_count_before_they_are_written(database_url):
    engine = make_engine(database_url)
    person = Person("Mette Holm", "mette.holm@aarhus.dk")
    new = NewRegistration("hverdagsledelse", person, Status.confirmed,
                          Note.of(Cause.signup_by_mail))
    with Session(engine) as s:
        ledger = Ledger(s.connection(), {"hverdagsledelse"}, {person.email}, {person.name})
        ledger.add([new], T0, person.email)
        staged = ledger.state("hverdagsledelse", {person.email}, {person.name})
        writes = Writes()
        writes.registrations.append(registration_rows(new, None, T0, "<1@x>"))
        writes.flush(s.connection())
        stored = network_state(s, "hverdagsledelse", {person.email}, {person.name})
        assert (staged.confirmed, mine(staged)) == (stored.confirmed, mine(stored))
