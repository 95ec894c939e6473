"""The words of the domain: statuses, outcomes, people, what a mail asks for, and the
decisions the rules take. Pure data: no database, no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class Network(Protocol):
    """A configured network as the rules and the reading see it (`config.NetworkConfig`
    is one): read-only, so any object with these attributes will do."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def deadline(self) -> date: ...
    @property
    def capacity(self) -> int | None: ...
    @property
    def late_policy(self) -> str: ...
    @property
    def cancel_note_after_deadline(self) -> str: ...
    @property
    def required_fields(self) -> Sequence[str]: ...
    @property
    def target_group(self) -> str: ...
    @property
    def not_for_titles(self) -> Sequence[str]: ...


class Status(StrEnum):
    """Where a registration stands. `late` waits for the coordinator's decision."""

    confirmed = "confirmed"
    waitlisted = "waitlisted"
    late = "late"
    rejected = "rejected"
    cancelled = "cancelled"
    needs_review = "needs_review"


ACTIVE = (Status.confirmed, Status.waitlisted, Status.late, Status.needs_review)


class Outcome(StrEnum):
    """What happened to one inbound message."""

    registered = "registered"
    cancelled = "cancelled"
    duplicate = "duplicate"
    review = "review"
    machine = "machine"
    updated = "updated"
    already_processed = "already_processed"


@dataclass(frozen=True)
class Person:
    name: str
    email: str | None
    organisation: str | None = None
    ean: str | None = None
    title: str | None = None  # job title from the signature, for the target-group check


@dataclass(frozen=True)
class Understanding:
    intent: str  # signup | cancel | question | unclear | machine
    networks: tuple[str, ...] = ()
    participants: tuple[Person, ...] = ()
    language: str = "da"
    ean_problem: str | None = None
    review_reason: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Current:
    """What the rules need to know of an existing registration."""

    id: int
    network: str
    name: str
    email: str
    status: Status
    received_at: datetime
    registered_by: str = ""


@dataclass(frozen=True)
class NetworkState:
    """A network as far as one request needs it: seat counts, the registrations of the
    people the mail is about, and the head of the waiting list (for promotions)."""

    confirmed: int = 0
    waitlisted: int = 0
    mine: tuple[Current, ...] = ()
    waiting_head: tuple[Current, ...] = ()


@dataclass(frozen=True)
class NewRegistration:
    network: str
    person: Person
    status: Status
    cause: str
    flags: tuple[str, ...] = ()  # what the coordinator should look at, in words


@dataclass(frozen=True)
class StatusChange:
    registration_id: int
    to_status: Status
    cause: str
    to_network: str | None = None  # set when the coordinator moves a registration


@dataclass(frozen=True)
class DetailsUpdate:
    """Details supplied later in a reply to our mail (today: the EAN)."""

    registration_id: int
    ean: str


@dataclass(frozen=True)
class Reply:
    """One reply to send: a template name, recipients and what the template shows."""

    template: str
    to: str
    network: str | None = None
    people: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    position: int | None = None
    self_only: bool = False  # the only person named is the sender herself
    note: str = ""  # an extra paragraph from config, e.g. the fee after the deadline
    missing: tuple[str, ...] = ()  # details to ask for: "ean", "ean_invalid", "organisation"
    answers_message: bool = True  # False for a later notice such as a promotion


@dataclass
class Decision:
    outcome: Outcome
    review_reason: str = ""
    new: list[NewRegistration] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    updates: list[DetailsUpdate] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    @property
    def to_review(self) -> bool:
        return self.outcome == Outcome.review
