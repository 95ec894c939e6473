"""The registration rules on their own: what goes in is what was read of a mail and
the registrations it meets, what comes out is the decision. No database, no server."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from mailreg.domain.deadline import arrived_in_time
from mailreg.domain.ean import ean_check_ok
from mailreg.domain.mail import Inbound
from mailreg.domain.model import (
    Cause,
    Current,
    Defect,
    Flag,
    Intent,
    MachineSign,
    NetworkState,
    Note,
    Outcome,
    Person,
    ReplyKind,
    Status,
    Understanding,
    Why,
)
from mailreg.domain.rules import (
    FollowUp,
    coordinator_cancel,
    coordinator_move,
    decide,
    decide_details,
    decide_mail,
    reply_language,
)

CPH = ZoneInfo("Europe/Copenhagen")
SENDER = "mette.holm@aarhus.dk"


@dataclass(frozen=True)
class Network:
    """A network as the rules see it: any object with these attributes will do."""

    slug: str = "hverdagsledelse"
    name: str = "Mellemledernetværk om hverdagsledelse"
    aliases: tuple[str, ...] = ()
    deadline: date = date(2025, 3, 15)
    capacity: int | None = 30
    late_policy: str = "late"
    cancel_note_after_deadline: str = ""
    required_fields: tuple[str, ...] = ()
    target_group: str = ""
    not_for_titles: tuple[str, ...] = ()


def signup(*people: Person, networks=("hverdagsledelse",), **kw) -> Understanding:
    return Understanding(Intent.signup, networks=networks,
                         participants=people or (Person("Mette Holm", SENDER),), **kw)


def registered(id_: int, status: Status = Status.confirmed, email: str = SENDER,
               name: str = "Mette Holm", network: str = "hverdagsledelse",
               flags=()) -> Current:
    return Current(id_, network, name, email, status,
                   datetime(2025, 2, id_ % 28 + 1, 9, tzinfo=UTC), SENDER, flags)


def at(day: int, month: int, h: int, m: int = 0, s: int = 0) -> datetime:
    return datetime(2025, month, day, h, m, s, tzinfo=CPH)


def run(request, arrival=None, network=None, state=None):
    network = network or Network()
    return decide(request, SENDER, arrival or at(20, 2, 10), {network.slug: network},
                  {network.slug: state or NetworkState()}, CPH)


# --- the deadline: the whole day, in Copenhagen time, by arrival ------------------


@pytest.mark.parametrize(("deadline", "arrival", "in_time"), [
    # winter time (CET, UTC+1)
    (date(2025, 3, 15), datetime(2025, 3, 15, 22, 59, 59, tzinfo=UTC), True),   # 23:59:59
    (date(2025, 3, 15), datetime(2025, 3, 15, 23, 0, 0, tzinfo=UTC), False),    # 00:00:00
    # summer time (CEST, UTC+2)
    (date(2025, 6, 15), datetime(2025, 6, 15, 21, 59, 59, tzinfo=UTC), True),
    (date(2025, 6, 15), datetime(2025, 6, 15, 22, 0, 0, tzinfo=UTC), False),
    # the night summer time begins (30 March 2025): 23:59:59 is still UTC+2
    (date(2025, 3, 30), datetime(2025, 3, 30, 21, 59, 59, tzinfo=UTC), True),
    (date(2025, 3, 30), datetime(2025, 3, 30, 22, 0, 0, tzinfo=UTC), False),
], ids=["winter-23:59:59", "winter-00:00:00", "summer-23:59:59", "summer-00:00:00",
        "dst-day-23:59:59", "dst-day-00:00:00"])
def test_the_deadline_day_counts_to_its_last_second(deadline, arrival, in_time) -> None:
    assert arrived_in_time(arrival, deadline, CPH) is in_time
    decision = run(signup(), arrival, Network(deadline=deadline))
    assert decision.new[0].status == (Status.confirmed if in_time else Status.late)


# --- capacity, waiting list, late policies -----------------------------------------


def test_a_free_seat_confirms_and_the_reply_says_so() -> None:
    decision = run(signup())
    assert decision.outcome == Outcome.registered
    [new] = decision.new
    assert (new.status, new.cause) == (Status.confirmed, Note.of(Cause.signup_by_mail))
    [reply] = decision.replies
    assert (reply.kind, reply.to, reply.self_only) == (ReplyKind.confirmation, SENDER, True)


def test_a_full_network_waitlists_with_the_position() -> None:
    decision = run(signup(), state=NetworkState(confirmed=30, waitlisted=2))
    assert decision.new[0].status == Status.waitlisted
    assert (decision.replies[0].kind, decision.replies[0].position) == (ReplyKind.waitlisted, 3)


def test_the_last_seat_goes_to_the_first_of_two_colleagues() -> None:
    ulla, bo = Person("Ulla Thorsen", "ulth@aarhus.dk"), Person("Bo Lund", "bolu@aarhus.dk")
    decision = run(signup(ulla, bo), state=NetworkState(confirmed=29))
    assert [n.status for n in decision.new] == [Status.confirmed, Status.waitlisted]
    kinds = {r.kind: r for r in decision.replies}
    assert kinds[ReplyKind.confirmation].people == ("Ulla Thorsen",)
    assert kinds[ReplyKind.waitlisted].people == ("Bo Lund",)
    # colleagues at the sender's domain are copied
    assert kinds[ReplyKind.confirmation].cc == ("ulth@aarhus.dk",)


@pytest.mark.parametrize(("policy", "status", "kind"), [
    ("late", Status.late, ReplyKind.late),
    ("waitlist", Status.waitlisted, ReplyKind.late_waitlisted),
    ("reject", Status.rejected, ReplyKind.late_rejected),
])
def test_each_late_policy(policy: str, status: Status, kind: ReplyKind) -> None:
    decision = run(signup(), at(16, 3, 0, 0, 1), Network(late_policy=policy),
                   NetworkState(confirmed=3, waitlisted=1))
    assert decision.new[0].status == status
    assert decision.replies[0].kind == kind
    assert decision.replies[0].position == (2 if policy == "waitlist" else None)


def test_someone_already_registered_is_a_duplicate() -> None:
    decision = run(signup(), state=NetworkState(confirmed=1, mine=(registered(1),)))
    assert (decision.outcome, decision.new) == (Outcome.duplicate, [])
    assert decision.replies[0].kind == ReplyKind.already_registered


@pytest.mark.parametrize("stored", [
    replace(registered(1), ean="5798000001237"),
    registered(1, flags=(Note.of(Flag.invalid_ean),)),
], ids=["another-ean", "the-ean-that-was-wrong"])
def test_one_registered_who_gives_another_ean_corrects_the_invoice(stored: Current) -> None:
    """"Rettelse: vores EAN er ..." read as her sign-up again: the new EAN replaces the
    stored one and she is told so, not that she was registered already."""
    decision = run(signup(Person("Mette Holm", SENDER, ean="5790000000005")),
                   state=NetworkState(confirmed=1, mine=(stored,)))
    assert (decision.outcome, decision.new) == (Outcome.updated, [])
    assert [(u.registration_id, u.ean, u.flags) for u in decision.updates] == [
        (1, "5790000000005", ())]
    assert [r.kind for r in decision.replies] == [ReplyKind.details_updated]


def test_each_is_registered_only_for_the_networks_she_asks_for() -> None:
    mette = Person("Mette Holm", SENDER, networks=("hverdagsledelse",))
    ulla = Person("Ulla Thorsen", "ulth@aarhus.dk", networks=("baeredygtighed",))
    both = Network(), Network(slug="baeredygtighed", name="Ledelse af bæredygtighed")
    decision = decide(signup(mette, ulla, networks=("baeredygtighed", "hverdagsledelse")),
                      SENDER, at(20, 2, 10), {n.slug: n for n in both},
                      {n.slug: NetworkState() for n in both}, CPH)
    assert sorted((r.network, r.person.email) for r in decision.new) == [
        ("baeredygtighed", "ulth@aarhus.dk"), ("hverdagsledelse", SENDER)]


def test_the_same_ean_again_or_none_is_only_already_registered() -> None:
    stored = replace(registered(1), ean="5790000000005")
    for person in (Person("Mette Holm", SENDER, ean="5790000000005"),
                   Person("Mette Holm", SENDER)):
        decision = run(signup(person), state=NetworkState(confirmed=1, mine=(stored,)))
        assert (decision.outcome, decision.updates) == (Outcome.duplicate, [])


def test_a_cancelled_registration_does_not_block_a_new_one() -> None:
    decision = run(signup(), state=NetworkState(mine=(registered(1, Status.cancelled),)))
    assert decision.new[0].status == Status.confirmed


# --- cancellations and promotion ---------------------------------------------------


def test_a_cancellation_frees_the_seat_for_the_first_on_the_waiting_list() -> None:
    mine, first, second = registered(1), registered(7, Status.waitlisted, "a@x.dk", "A"), \
        registered(8, Status.waitlisted, "b@x.dk", "B")
    request = Understanding(Intent.cancel, networks=("hverdagsledelse",))
    decision = run(request, state=NetworkState(30, 2, (mine,), (first, second)))
    assert decision.outcome == Outcome.cancelled
    assert [(c.registration_id, c.to_status, c.cause.code) for c in decision.changes] == [
        (1, Status.cancelled, Cause.cancelled_by_mail), (7, Status.confirmed, Cause.promoted)]
    assert [r.kind for r in decision.replies] == [ReplyKind.cancelled, ReplyKind.promoted]


def test_a_waitlisted_cancellation_promotes_nobody() -> None:
    mine = registered(1, Status.waitlisted)
    request = Understanding(Intent.cancel, networks=("hverdagsledelse",))
    decision = run(request, state=NetworkState(30, 2, (mine,), (mine, registered(7))))
    assert [c.registration_id for c in decision.changes] == [1]


def test_a_cancellation_after_the_deadline_carries_the_configured_note() -> None:
    request = Understanding(Intent.cancel, networks=("hverdagsledelse",))
    network = Network(cancel_note_after_deadline="Årsprisen opkræves stadig.")
    decision = run(request, at(1, 4, 9), network, NetworkState(1, 0, (registered(1),)))
    assert decision.replies[0].note == "Årsprisen opkræves stadig."


@pytest.mark.parametrize(("held", "outcome"), [
    (("hverdagsledelse",), Outcome.cancelled),  # "Jeg må melde afbud": the one she holds
    ((), Outcome.review),
    (("hverdagsledelse", "baeredygtighed"), Outcome.review),  # which one? she is asked
])
def test_a_cancellation_that_names_no_network_cancels_the_one_held(held, outcome) -> None:
    networks = {slug: Network(slug=slug) for slug in ("hverdagsledelse", "baeredygtighed")}
    state = {slug: NetworkState(1, 0, (registered(1, network=slug),) if slug in held else ())
             for slug in networks}
    decision = decide(Understanding(Intent.cancel), SENDER, at(20, 2, 10), networks, state, CPH)
    assert decision.outcome == outcome
    if outcome == Outcome.cancelled:
        assert [(r.kind, r.network) for r in decision.replies] == [
            (ReplyKind.cancelled, "hverdagsledelse")]
    else:
        assert decision.reasons == (Note.of(Why.no_network, open=2),)


def test_cancelling_an_unknown_registration_waits_for_the_coordinator() -> None:
    request = Understanding(Intent.cancel, networks=("hverdagsledelse",))
    decision = run(request)
    assert decision.outcome == Outcome.review
    assert decision.reasons == (Note.of(Why.unknown_cancellation, network="hverdagsledelse"),)
    assert decision.replies[0].kind == ReplyKind.cancellation_not_found


def test_the_coordinator_cancels_and_moves() -> None:
    target, waiting = registered(1), registered(7, Status.waitlisted, "a@x.dk", "A")
    decision = coordinator_cancel(target, NetworkState(30, 1, (target,), (waiting,)))
    assert [c.cause.code for c in decision.changes] == [Cause.cancelled_by_coordinator,
                                                       Cause.promoted]
    full = Network(slug="baeredygtighed", capacity=2)
    moved = coordinator_move(target, full, NetworkState(confirmed=2, waitlisted=4),
                             NetworkState(30, 1, (target,), (waiting,)))
    assert moved.changes[0] == replace(moved.changes[0], to_status=Status.waitlisted,
                                       to_network="baeredygtighed")
    assert moved.changes[0].cause == Note.of(Cause.moved_by_coordinator,
                                             network="hverdagsledelse")
    assert (moved.replies[0].kind, moved.replies[0].position) == (ReplyKind.waitlisted, 5)
    assert moved.changes[1].registration_id == 7  # the seat left behind is taken


# --- what the coordinator is asked to look at ---------------------------------------


def test_a_required_ean_is_flagged_and_asked_for() -> None:
    network = Network(required_fields=("ean", "organisation"))
    decision = run(signup(), network=network)
    assert [f.code for f in decision.new[0].flags] == [Flag.missing_ean,
                                                       Flag.missing_organisation]
    assert decision.replies[0].missing == (Flag.missing_ean, Flag.missing_organisation)
    invalid = run(signup(ean_problem="invalid"), network=network)
    assert invalid.new[0].flags[0].code == Flag.invalid_ean


def test_a_title_outside_the_target_group_is_flagged_not_refused() -> None:
    network = Network(target_group="mellemledere", not_for_titles=("bibliotekschef",))
    chief = Person("Ib Holt", SENDER, title="Bibliotekschef")
    decision = run(signup(chief), network=network)
    assert decision.new[0].status == Status.confirmed
    assert decision.new[0].flags == (Note.of(Flag.outside_target_group,
                                             title="Bibliotekschef", group="mellemledere"),)


def test_an_unclear_request_waits_for_review_and_the_sender_hears_it_arrived() -> None:
    question = Understanding(Intent.question, review_reason=Note.of(Why.question))
    decision = run(question)
    assert (decision.outcome, decision.reasons) == (Outcome.review, (Note.of(Why.question),))
    assert [r.kind for r in decision.replies] == [ReplyKind.received]
    unknown = run(signup(networks=("nosuch",)))
    assert unknown.reasons == (Note.of(Why.no_configured_network),)


def test_a_recall_notice_waits_for_review_and_is_not_answered() -> None:
    """Outlook's "X ønsker at tilbagekalde meddelelsen" is her mail program's: the
    coordinator checks the recalled mail, and nobody gets a receipt for a notice."""
    decision = run(Understanding(Intent.unclear, review_reason=Note.of(Why.recalls)))
    assert (decision.outcome, decision.replies) == (Outcome.review, [])


# --- follow-ups: a reply to our question about the EAN ------------------------------


EAN = "5798000214538"


def test_the_ean_in_a_follow_up_completes_the_registration() -> None:
    waiting = registered(1, flags=(Note.of(Flag.missing_ean),
                                   Note.of(Flag.outside_target_group, title="X")))
    decision = decide_details(FollowUp([waiting], EAN, None), SENDER)
    assert decision is not None and decision.outcome == Outcome.updated
    [update] = decision.updates
    assert (update.ean, update.flags) == (EAN, (Note.of(Flag.outside_target_group, title="X"),))
    assert decision.replies[0].kind == ReplyKind.details_updated


def test_an_invalid_ean_in_a_follow_up_is_asked_for_again() -> None:
    waiting = registered(1, flags=(Note.of(Flag.missing_ean),))
    decision = decide_details(FollowUp([waiting], None, "invalid"), SENDER)
    assert decision is not None and decision.outcome == Outcome.review
    assert decision.replies[0].missing == (Flag.invalid_ean,)


def test_a_follow_up_without_an_ean_or_to_complete_is_an_ordinary_mail() -> None:
    assert decide_details(FollowUp([registered(1, flags=(Note.of(Flag.missing_ean),))],
                                   None, None), SENDER) is None
    assert decide_details(FollowUp([registered(1)], EAN, None), SENDER) is None


# --- one mail, end to end in the domain ----------------------------------------------


def inbound(**kw) -> Inbound:
    values = {"key": "mid:<1@x>", "message_id": "<1@x>", "sender": SENDER,
              "sender_name": "Mette Holm", "subject": "Tilmelding", "text": "Tilmeld mig",
              "arrival": at(20, 2, 10)} | kw
    return Inbound(**values)


def test_machine_mail_is_never_answered() -> None:
    sign = Note.of(MachineSign.auto_submitted, value="auto-replied")
    decision = decide_mail(inbound(), signup(), sign, None, {}, {}, CPH)
    assert (decision.outcome, decision.reasons, decision.replies) == (
        Outcome.machine, (sign,), [])


def test_a_mail_without_sender_or_readable_text_waits_with_the_reason() -> None:
    nobody = decide_mail(inbound(sender=""), None, None, None, {}, {}, CPH)
    assert (nobody.outcome, nobody.reasons, nobody.replies) == (
        Outcome.review, (Note.of(Why.no_sender),), [])
    invalid = Note.of(Defect.from_invalid)
    forged = decide_mail(inbound(sender="", defects=(invalid,)), None, None, None, {}, {}, CPH)
    assert (forged.outcome, forged.reasons, forged.replies) == (Outcome.review, (invalid,), [])
    broken = Note.of(Defect.unparseable, error="AttributeError")
    unreadable = decide_mail(inbound(text="", defects=(broken,)), None, None, None, {}, {},
                             CPH)
    assert (unreadable.outcome, unreadable.reasons) == (Outcome.review, (broken,))


def test_a_follow_up_is_tried_before_the_rules() -> None:
    waiting = registered(1, flags=(Note.of(Flag.missing_ean),))
    decision = decide_mail(inbound(), signup(), None, FollowUp([waiting], EAN, None),
                           {"hverdagsledelse": Network()}, {}, CPH)
    assert decision.outcome == Outcome.updated


def test_the_reply_language_follows_an_english_mail() -> None:
    assert reply_language(signup(language="en"), "da") == "en"
    assert reply_language(signup(language="da"), "en") == "en"
    assert reply_language(signup(), "da") == "da"
    assert reply_language(None, "da") == "da"


@pytest.mark.parametrize(("digits", "ok"), [
    ("5798000214538", True), ("5798000214539", False), ("579800021453", False),
    ("57980002145x8", False)])
def test_the_ean_check_digit(digits: str, ok: bool) -> None:
    assert ean_check_ok(digits) is ok


# --- a sign-up that also asks something practical ----------------------------------


PARKING = ("Er der parkering ved Nordkraft, eller skal jeg tage toget?",)


def test_a_practical_question_rides_on_the_writers_registration() -> None:
    """Registered as any sign-up; the question waits for the coordinator once, on the
    writer's own registration, and the reply says she will answer it."""
    bo = Person("Bo Lund", "bolu@aarhus.dk")
    decision = run(signup(bo, Person("Mette Holm", SENDER), asks=PARKING))
    assert decision.outcome == Outcome.registered
    assert [(n.person.email, n.flags) for n in decision.new] == [
        ("bolu@aarhus.dk", ()), (SENDER, (Note.of(Flag.asks, words=PARKING[0]),))]
    assert [r.asks for r in decision.replies] == [True]


def test_a_chiefs_practical_question_rides_on_the_first_she_registers() -> None:
    people = (Person("Bo Lund", "bolu@aarhus.dk"), Person("Ulla Thorsen", "ulth@aarhus.dk"))
    decision = run(signup(*people, asks=PARKING))
    assert [bool(n.flags) for n in decision.new] == [True, False]


@pytest.mark.parametrize(("state", "network"), [
    (NetworkState(mine=(registered(1),)), None),  # registered already: nothing new
    (None, Network(late_policy="reject")),  # too late, turned away: nobody sees a flag
], ids=["already-registered", "late-rejected"])
def test_a_practical_question_with_no_place_to_wait_goes_to_review(state, network) -> None:
    decision = run(signup(asks=PARKING), at(16, 3, 9) if network else None, network, state)
    assert (decision.outcome, decision.reasons) == (
        Outcome.review, (Note.of(Why.signup_with_question),))
    assert [r.kind for r in decision.replies] == [ReplyKind.received]
    assert decision.new == []


def test_a_practical_question_rides_on_the_registration_it_cancels() -> None:
    """"Jeg må melde fra. Kan jeg få slides bagefter?": cancelled at once, the question
    kept on the cancelled registration for the coordinator, the reply promising her
    answer; the seat still goes to the first on the waiting list."""
    mine, next_ = registered(1), registered(2, Status.waitlisted, "bolu@aarhus.dk", "Bo Lund")
    request = Understanding(Intent.cancel, networks=("hverdagsledelse",),
                            participants=(Person("Mette Holm", SENDER),),
                            asks=("Kan jeg få slides bagefter?",))
    decision = run(request, state=NetworkState(confirmed=30, mine=(mine,),
                                               waiting_head=(next_,)))
    assert [(c.registration_id, c.to_status, c.flags) for c in decision.changes] == [
        (1, Status.cancelled, (Note.of(Flag.asks, words="Kan jeg få slides bagefter?"),)),
        (2, Status.confirmed, ())]
    assert [(r.kind, r.asks) for r in decision.replies] == [
        (ReplyKind.cancelled, True), (ReplyKind.promoted, False)]
