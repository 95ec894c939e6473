"""The registration rules: what a request does to the registrations, and who is told.

Pure: the current registrations, the request and the configured networks go in, a
`Decision` comes out. No database, no clock but the message's arrival time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from mailreg.domain.model import (
    ACTIVE,
    Current,
    Decision,
    DetailsUpdate,
    Network,
    NetworkState,
    NewRegistration,
    Outcome,
    Person,
    Reply,
    Status,
    StatusChange,
    Understanding,
)


def arrived_in_time(arrival: datetime, network: Network, tz: ZoneInfo) -> bool:
    """The deadline day counts to 23:59:59 local time; arrival is the mailbox's time."""
    return arrival.astimezone(tz).date() <= network.deadline


def decide(
    request: Understanding,
    sender: str,
    arrival: datetime,
    networks: Mapping[str, Network],
    state: dict[str, NetworkState],
    tz: ZoneInfo,
) -> Decision:
    if request.review_reason or request.intent not in ("signup", "cancel"):
        reason = request.review_reason or f"intent {request.intent}"
        return Decision(Outcome.review, reason, replies=_received(sender))
    unknown = [slug for slug in request.networks if slug not in networks]
    if unknown or not request.networks:
        return Decision(Outcome.review, "no configured network matches",
                        replies=_received(sender))
    if request.intent == "signup":
        return _signup(request, sender, arrival, networks, state, tz)
    return _cancel(request, sender, arrival, networks, state, tz)


def missing_details(network: Network, person: Person,
                    ean_problem: str | None) -> tuple[str, ...]:
    """Fields the network requires that the mail did not give (or gave wrongly)."""
    missing = []
    if "ean" in network.required_fields and not person.ean:
        missing.append("ean_invalid" if ean_problem == "invalid" else "ean")
    if "organisation" in network.required_fields and not person.organisation:
        missing.append("organisation")
    return tuple(missing)


def target_group_flag(network: Network, person: Person) -> str:
    """A reason to show the coordinator when the title looks outside the target group."""
    title = (person.title or "").casefold()
    hit = next((t for t in network.not_for_titles if t.casefold() in title), None)
    if not hit:
        return ""
    group = f" ({network.target_group})" if network.target_group else ""
    return f"title \"{person.title}\" may be outside the target group{group}"


def _received(sender: str) -> list[Reply]:
    return [Reply("received", to=sender)] if sender else []


def _cc_for(sender: str, people: list[Person]) -> tuple[str, ...]:
    """Copy a participant only when her address has the sender's domain (rule: never
    mail an address found in a body that the sender does not vouch for)."""
    domain = sender.rsplit("@", 1)[-1]
    return tuple(sorted({
        p.email for p in people
        if p.email and p.email != sender and p.email.rsplit("@", 1)[-1] == domain
    }))


def _signup(request, sender, arrival, networks, state, tz) -> Decision:
    decision = Decision(Outcome.registered)
    for slug in request.networks:
        network = networks[slug]
        current = state.get(slug, NetworkState())
        mine = list(current.mine)
        confirmed, waiting = current.confirmed, current.waitlisted
        groups: dict[tuple[str, int | None], list[Person]] = {}
        missing: dict[tuple[str, int | None], set[str]] = {}
        for person in request.participants:
            existing = next((c for c in mine if person.email and c.email == person.email
                             and c.status in ACTIVE), None)
            if existing is not None:
                groups.setdefault(("already_registered", None), []).append(person)
                continue
            if not arrived_in_time(arrival, network, tz):
                status, template, position = _late(network.late_policy, waiting)
                if status == Status.waitlisted:
                    waiting += 1
                    position = waiting
            elif network.capacity is not None and confirmed >= network.capacity:
                waiting += 1
                status, template, position = Status.waitlisted, "waitlisted", waiting
            else:
                confirmed += 1
                status, template, position = Status.confirmed, "confirmation", None
            lacking = missing_details(network, person, request.ean_problem)
            flags = tuple(f"missing {m.replace('_', ' ')}" for m in lacking)
            if flag := target_group_flag(network, person):
                flags += (flag,)
            decision.new.append(NewRegistration(slug, person, status, "sign-up by mail", flags))
            groups.setdefault((template, position), []).append(person)
            missing.setdefault((template, position), set()).update(lacking)
        for key, people in groups.items():
            template, position = key
            decision.replies.append(Reply(
                template, to=sender, network=slug, people=tuple(p.name for p in people),
                cc=_cc_for(sender, people), position=position,
                self_only=all(p.email == sender for p in people),
                missing=tuple(sorted(missing.get(key, ()))),
            ))
    if not decision.new:
        decision.outcome = Outcome.duplicate
    return decision


def _late(policy: str, waiting: int) -> tuple[Status, str, int | None]:
    if policy == "waitlist":
        return Status.waitlisted, "late_waitlisted", waiting + 1
    if policy == "reject":
        return Status.rejected, "late_rejected", None
    return Status.late, "late", None


def _cancel(request, sender, arrival, networks, state, tz) -> Decision:
    decision = Decision(Outcome.cancelled)
    emails = {p.email for p in request.participants if p.email} or {sender}
    names = {p.name.casefold() for p in request.participants if not p.email}
    for slug in request.networks:
        current = state.get(slug, NetworkState())
        targets = [c for c in current.mine if c.status in ACTIVE
                   and (c.email in emails or c.name.casefold() in names)]
        if not targets:
            decision.outcome = Outcome.review
            decision.review_reason = f"cancellation of an unknown registration ({slug})"
            decision.replies.append(Reply("cancellation_not_found", to=sender, network=slug))
            continue
        late = not arrived_in_time(arrival, networks[slug], tz)
        decision.replies.append(Reply(
            "cancelled", to=sender, network=slug, people=tuple(t.name for t in targets),
            self_only=all(t.email == sender for t in targets),
            note=networks[slug].cancel_note_after_deadline if late else "",
        ))
        _cancel_and_promote(decision, targets, current, "cancelled by mail")
    return decision


def _cancel_and_promote(decision: Decision, targets: list[Current], current: NetworkState,
                        cause: str) -> None:
    """Cancel the targets; each freed confirmed seat goes to the next on the waiting list."""
    freed = 0
    for target in targets:
        decision.changes.append(StatusChange(target.id, Status.cancelled, cause))
        freed += target.status == Status.confirmed
    waiting = [c for c in current.waiting_head if c not in targets]
    for promoted in waiting[:freed]:
        decision.changes.append(StatusChange(promoted.id, Status.confirmed,
                                             "promoted from the waiting list"))
        decision.replies.append(notice("promoted", promoted))


def notice(template: str, registration: Current, answers_message: bool = False) -> Reply:
    """A mail about one registration: to whoever registered it, the participant copied
    when her address has that sender's domain."""
    to = registration.registered_by or registration.email
    same_domain = registration.email.rsplit("@", 1)[-1] == to.rsplit("@", 1)[-1]
    return Reply(
        template, to=to, network=registration.network, people=(registration.name,),
        cc=(registration.email,) if registration.email and registration.email != to
        and same_domain else (),
        self_only=to == registration.email, answers_message=answers_message,
    )


def coordinator_cancel(target: Current, current: NetworkState) -> Decision:
    """The coordinator cancels a registration; the waiting list moves up."""
    decision = Decision(Outcome.cancelled, replies=[notice("cancelled", target)])
    _cancel_and_promote(decision, [target], current, "cancelled by the coordinator")
    return decision


def coordinator_confirm(target: Current) -> Decision:
    """The coordinator accepts a late, waitlisted or flagged registration."""
    return Decision(Outcome.registered, changes=[
        StatusChange(target.id, Status.confirmed, "confirmed by the coordinator")],
        replies=[notice("confirmation", target)])


def coordinator_move(target: Current, network: Network, to_state: NetworkState,
                     from_state: NetworkState) -> Decision:
    """Move a registration to another network: a seat there if one is free, else the
    waiting list; a seat freed here goes to the next on this waiting list."""
    full = network.capacity is not None and to_state.confirmed >= network.capacity
    status = Status.waitlisted if full else Status.confirmed
    moved = Current(target.id, network.slug, target.name, target.email, status,
                    target.received_at, target.registered_by)
    decision = Decision(Outcome.registered, changes=[StatusChange(
        target.id, status, f"moved from {target.network} by the coordinator", network.slug)])
    reply = notice("waitlisted" if full else "confirmation", moved)
    if full:
        reply = Reply(**{**reply.__dict__, "position": to_state.waitlisted + 1})
    decision.replies.append(reply)
    if target.status == Status.confirmed:
        for promoted in [c for c in from_state.waiting_head if c.id != target.id][:1]:
            decision.changes.append(StatusChange(promoted.id, Status.confirmed,
                                                 "promoted from the waiting list"))
            decision.replies.append(notice("promoted", promoted))
    return decision


def decide_details(ean: str | None, ean_problem: str | None, sender: str,
                   waiting: list[Current], language_network: str | None) -> Decision | None:
    """A reply to our mail that asked for the EAN: store it, or ask again.

    `waiting` are the registrations from the mail we answered that still lack an EAN.
    None when the mail does not look like an answer to that question.
    """
    if not waiting:
        return None
    if ean:
        decision = Decision(Outcome.updated)
        decision.updates = [DetailsUpdate(c.id, ean) for c in waiting]
        decision.replies.append(Reply(
            "details_updated", to=sender, network=language_network,
            people=tuple(c.name for c in waiting),
            self_only=all(c.email == sender for c in waiting),
        ))
        return decision
    if ean_problem == "invalid":
        return Decision(Outcome.review, "the EAN sent in reply fails the check digit",
                        replies=[Reply("missing_details", to=sender, network=language_network,
                                       people=tuple(c.name for c in waiting),
                                       missing=("ean_invalid",))])
    return None
