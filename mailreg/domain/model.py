"""The words of the domain: statuses, outcomes, people, what a mail asks for, and the
decisions the rules take. Pure data: no database, no I/O, no clock.

Flags, causes and reasons are codes (`Note`: a code and its parameters). They are put
into Danish or English words only at the edges, from one table per language
(`templates/<lang>/words.toml`), so nothing here is a sentence used as a key.
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
    def kind(self) -> str: ...  # "series" (meets several times) or "event" (one day)
    @property
    def first_meeting(self) -> date | None: ...
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


class Coordinator(Protocol):
    """Whose inbox the mail reached (`config.CoordinatorConfig` is one): a mail written to
    someone else, the coordinator only reading along, is hers to read, not to act on."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str: ...


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
    command = "command"  # an order of the coordinator's, carried out after the batch
    dismissed = "dismissed"  # the coordinator filed it: no registration, no reply


class Intent(StrEnum):
    """What a mail asks for, as far as it can be read."""

    signup = "signup"
    cancel = "cancel"
    question = "question"
    unclear = "unclear"


class ReplyKind(StrEnum):
    """The replies mailreg sends; each is a template in every language."""

    received = "received"
    confirmation = "confirmation"
    waitlisted = "waitlisted"
    late = "late"
    late_waitlisted = "late_waitlisted"
    late_rejected = "late_rejected"
    already_registered = "already_registered"
    cancelled = "cancelled"
    cancellation_not_found = "cancellation_not_found"
    promoted = "promoted"
    details_updated = "details_updated"
    missing_details = "missing_details"


class Flag(StrEnum):
    """Something about a registration the coordinator should look at."""

    missing_name = "missing_name"
    missing_ean = "missing_ean"
    invalid_ean = "invalid_ean"
    missing_organisation = "missing_organisation"
    outside_target_group = "outside_target_group"  # title=
    asks = "asks"  # words=: a practical question beside a sign-up or cancellation, hers to answer
    asked = "asked"  # such a question not answered yet, its words deleted with the mail's text


UNANSWERED = (Flag.asks, Flag.asked)  # a question the coordinator has not marked answered


EAN_FLAGS = (Flag.missing_ean, Flag.invalid_ean)


class Cause(StrEnum):
    """Why a registration changed, as its history records it."""

    signup_by_mail = "signup_by_mail"
    cancelled_by_mail = "cancelled_by_mail"
    promoted = "promoted"
    ean_by_mail = "ean_by_mail"
    confirmed_by_coordinator = "confirmed_by_coordinator"
    cancelled_by_coordinator = "cancelled_by_coordinator"
    moved_by_coordinator = "moved_by_coordinator"  # network= (where it came from)
    waitlisted_by_coordinator = "waitlisted_by_coordinator"
    rejected_by_coordinator = "rejected_by_coordinator"
    added_by_coordinator = "added_by_coordinator"
    edited_by_coordinator = "edited_by_coordinator"  # fields=


class Why(StrEnum):
    """Why a mail waits for the coordinator: what the reading or the rules found."""

    signup_and_cancel = "signup_and_cancel"
    cancel_with_question = "cancel_with_question"
    signup_with_question = "signup_with_question"
    question = "question"
    other_request = "other_request"  # words=: asks for something besides a registration
    written_to_another = "written_to_another"  # words=: the coordinator only reads along
    passed_on = "passed_on"  # words=: a colleague's wish the writer only passes on
    no_new_text = "no_new_text"
    empty = "empty"
    attachment_only = "attachment_only"  # files=
    intent_unclear = "intent_unclear"
    # share=, words=: no cue said it, the learned second opinion reads it so
    looks_like_signup = "looks_like_signup"
    looks_like_cancel = "looks_like_cancel"
    conditional = "conditional"  # words=
    hesitant = "hesitant"  # words=
    swap = "swap"  # words=: one person in another's place
    thanks = "thanks"
    declines = "declines"  # a no to the invitation: no place of hers in the thread to give up
    one_meeting = "one_meeting"  # words=: one meeting of a series, not the place
    recalls = "recalls"  # Outlook's recall of her earlier message
    speaker = "speaker"  # words=: a speaker or guest cancels her part in the programme
    both_unnamed = "both_unnamed"
    several_networks_quoted = "several_networks_quoted"
    networks_per_person = "networks_per_person"  # each wants another network: who goes where
    another_day = "another_day"  # words=: a day named that is no meeting of the network
    mixed_up = "mixed_up"  # words=: one event named with another's date or place
    keeps_one = "keeps_one"  # a cancellation keeps one network, and which is not clear
    corrected = "corrected"  # words=: her earlier mail put right; what it got wrong is hers to mend
    no_network = "no_network"  # open=
    no_configured_network = "no_configured_network"
    shared_mailbox = "shared_mailbox"
    no_participant_name = "no_participant_name"
    named_without_address = "named_without_address"  # names=
    others_not_found = "others_not_found"  # words=: "mine to kolleger", but nobody named
    addresses_without_names = "addresses_without_names"  # addresses=: nobody's name found
    miscounted = "miscounted"  # words=, found=: "Vi kommer alle fire", fewer people found
    unknown_cancellation = "unknown_cancellation"  # network=
    invalid_ean_reply = "invalid_ean_reply"
    no_sender = "no_sender"
    oversized = "oversized"  # size=, limit=
    failed = "failed"  # error=
    resolved = "resolved"  # network= (the coordinator decided it)
    dismissed = "dismissed"  # the coordinator filed it without registration
    reused_message_id = "reused_message_id"
    legacy = "legacy"  # text= (written by a version that stored sentences)


class Defect(StrEnum):
    """What could not be read in a message."""

    unparseable = "unparseable"  # error=
    mime = "mime"  # defect=
    from_invalid = "from_invalid"
    body_unreadable = "body_unreadable"  # error=
    date_unreadable = "date_unreadable"
    charset_replaced = "charset_replaced"  # declared=, used=
    charset_guessed = "charset_guessed"  # used=
    from_several = "from_several"  # count=
    from_name_is_address = "from_name_is_address"  # name=


# The sender cannot be trusted with a reply: the mail waits for the coordinator.
SENDER_DEFECTS = (Defect.from_invalid, Defect.from_several, Defect.from_name_is_address)


class MachineSign(StrEnum):
    """Why a message is machine mail that gets no automatic reply."""

    auto_submitted = "auto_submitted"  # value=
    precedence = "precedence"  # value=
    list_header = "list_header"  # header=
    autoreply_header = "autoreply_header"  # header=
    response_suppressed = "response_suppressed"  # value=
    empty_return_path = "empty_return_path"
    delivery_report = "delivery_report"
    loop_marker = "loop_marker"
    own_address = "own_address"
    machine_sender = "machine_sender"  # address=
    vacation_header = "vacation_header"  # header=, value=
    spam = "spam"  # header=, value=
    empty_from = "empty_from"
    calendar_response = "calendar_response"  # method=
    calendar_subject = "calendar_subject"  # subject=
    auto_reply_subject = "auto_reply_subject"  # subject=
    auto_reply_text = "auto_reply_text"  # words=: a text that says it is an automatic reply
    inbox_rule = "inbox_rule"  # address=


class Refusal(StrEnum):
    """Why a coordinator's command was not carried out."""

    token_altered = "token_altered"
    token_expired = "token_expired"
    token_used = "token_used"  # at=
    not_coordinator = "not_coordinator"  # address=
    not_authenticated = "not_authenticated"  # address=
    no_registration = "no_registration"  # id=
    already = "already"  # id=, status=
    no_question = "no_question"  # id=: nothing unanswered to mark as answered
    not_late = "not_late"  # id=, status=
    no_network = "no_network"  # slug=, known=
    same_network = "same_network"  # id=, network=
    no_message = "no_message"  # id=
    not_in_review = "not_in_review"  # id=, outcome=
    text_gone = "text_gone"  # id=
    no_people = "no_people"
    bad_address = "bad_address"  # value=
    no_reply = "no_reply"  # id=
    reply_sent = "reply_sent"  # id=, to=, at=
    reply_waiting = "reply_waiting"  # id=, to=
    reply_recent = "reply_recent"  # id=, to=, minutes=
    reply_sender_gone = "reply_sender_gone"  # id=, address=
    polling = "polling"
    failed = "failed"  # error=


class Column(StrEnum):
    """A column of the exports; its header in a spreadsheet is words."""

    network = "network"
    name = "name"
    email = "email"
    organisation = "organisation"
    ean = "ean"
    status = "status"
    received_at = "received_at"
    message_id = "message_id"
    price = "price"  # without VAT
    vat = "vat"
    total = "total"


# Each kind of code by the name it has in storage and in the words tables
KINDS: dict[str, type[StrEnum]] = {
    "status": Status, "outcome": Outcome, "intent": Intent, "reply": ReplyKind,
    "flag": Flag, "cause": Cause, "why": Why, "defect": Defect, "machine": MachineSign,
    "refusal": Refusal, "column": Column,
}
KIND_OF = {enum: name for name, enum in KINDS.items()}


@dataclass(frozen=True)
class Note:
    """A code and the values its words need: Note.of(Flag.outside_target_group,
    title="Bibliotekschef")."""

    code: StrEnum
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, code: StrEnum, **params: object) -> Note:
        return cls(code, tuple((k, str(v)) for k, v in params.items()))

    @property
    def kind(self) -> str:
        return KIND_OF[type(self.code)]


@dataclass(frozen=True)
class Evidence:
    """One piece of what a mail was read as: a cue of intent, a term of a network, where
    a person came from. Kept to explain the decision (`mailreg explain`)."""

    source: str  # "intent", "network", "person"
    id: str  # the cue's id, the network's slug, the person's address or name
    kind: str  # the cue's kind, the term, where the person was found
    weight: int
    text: str  # the words of the mail that showed it


@dataclass(frozen=True)
class Person:
    name: str
    email: str | None
    organisation: str | None = None
    ean: str | None = None
    title: str | None = None  # job title from the signature, for the target-group check
    # the mail's networks this person asks for, when each asks for her own ("Jeg vil gerne
    # med i bæredygtighed, og Camilla tager til CB-mødet"); empty: all of them
    networks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Understanding:
    """What a person's mail asks for; `review_reason` when it is not clear enough."""

    intent: Intent
    networks: tuple[str, ...] = ()
    participants: tuple[Person, ...] = ()
    language: str = "da"
    ean_problem: str | None = None
    review_reason: Note | None = None
    evidence: tuple[Evidence, ...] = ()
    writer: str = ""  # the sender's own name, when she is a person (for the greeting)
    # practical questions beside a firm sign-up or cancellation ("Er der parkering ved
    # Nordkraft?"): the request stands, and the coordinator answers them herself
    asks: tuple[str, ...] = ()


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
    flags: tuple[Note, ...] = ()
    ean: str | None = None


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
    cause: Note
    flags: tuple[Note, ...] = ()  # what the coordinator should look at


@dataclass(frozen=True)
class StatusChange:
    registration_id: int
    to_status: Status
    cause: Note
    to_network: str | None = None  # set when the coordinator moves a registration
    flags: tuple[Note, ...] = ()  # added to its flags: a question asked with a cancellation


@dataclass(frozen=True)
class DetailsUpdate:
    """Details supplied later in a reply to our mail (today: the EAN)."""

    registration_id: int
    ean: str
    flags: tuple[Note, ...] = ()  # the registration's flags after the update


@dataclass(frozen=True)
class Reply:
    """One reply to send: its kind (a template), recipients and what the template shows."""

    kind: ReplyKind
    to: str
    network: str | None = None
    people: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    position: int | None = None
    self_only: bool = False  # the only person named is the sender herself
    note: str = ""  # an extra paragraph from config, e.g. the fee after the deadline
    missing: tuple[Flag, ...] = ()  # details to ask for
    answers_message: bool = True  # False for a later notice such as a promotion
    greet: str = ""  # the first name to greet; none known: a neutral greeting
    asks: bool = False  # the mail asked a practical question: the coordinator answers it


@dataclass
class Decision:
    outcome: Outcome
    reasons: tuple[Note, ...] = ()  # why it waits for review, or why it is machine mail
    new: list[NewRegistration] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    updates: list[DetailsUpdate] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    @property
    def to_review(self) -> bool:
        return self.outcome == Outcome.review
