"""The registration rules: what a mail or a coordinator's command does to the
registrations, and who is told.

Pure: what was read of the mail, the registrations it meets and the configured
networks go in, a `Decision` comes out. No database, no clock but the message's
arrival time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from mailreg.domain.deadline import arrived_in_time
from mailreg.domain.mail import Inbound
from mailreg.domain.model import (
    ACTIVE,
    EAN_FLAGS,
    SENDER_DEFECTS,
    Cause,
    Current,
    Decision,
    DetailsUpdate,
    Flag,
    Intent,
    Network,
    NetworkState,
    NewRegistration,
    Note,
    Outcome,
    Person,
    Reply,
    ReplyKind,
    Status,
    StatusChange,
    Understanding,
    Why,
)


def decide_mail(mail: Inbound, request: Understanding | None, machine: Note | None,
                follow_up: FollowUp | None, networks: Mapping[str, Network],
                state: Mapping[str, NetworkState], tz: ZoneInfo, *,
                reuses_message_id: bool = False) -> Decision:
    """The whole decision on one inbound mail, in the order a careful coordinator
    takes it: machine mail is never answered; a mail whose sender cannot be trusted
    with a reply, or without a sender or readable text, waits for her; an answer to
    our question about missing details completes them; everything else is a request
    for the rules.

    `follow_up` is given when the mail answers one of our replies;
    `reuses_message_id` when another mail already came with its Message-ID (a copy
    is never decided again; this is a different mail, perhaps a forgery).
    """
    if machine is not None:
        return Decision(Outcome.machine, (machine,))
    if reuses_message_id:
        return Decision(Outcome.review, (Note.of(Why.reused_message_id),))
    untrusted = tuple(d for d in mail.defects if d.code in SENDER_DEFECTS)
    if untrusted:  # no reply: it could go to someone who did not write
        return Decision(Outcome.review, untrusted)
    if not mail.sender or (mail.defects and not mail.text) or request is None:
        return Decision(Outcome.review, mail.defects or (Note.of(Why.no_sender),))
    if follow_up is not None:
        decision = decide_details(follow_up, mail.sender)
        if decision is not None:
            return decision
    return decide(request, mail.sender, mail.arrival, networks, state, tz)


def reply_language(request: Understanding | None, default: str) -> str:
    """Answer in English when the mail was written in English, else in the configured
    language (Danish by default)."""
    return "en" if request is not None and request.language == "en" else default


def decide(
    request: Understanding,
    sender: str,
    arrival: datetime,
    networks: Mapping[str, Network],
    state: Mapping[str, NetworkState],
    tz: ZoneInfo,
) -> Decision:
    if request.review_reason or request.intent not in (Intent.signup, Intent.cancel):
        reason = request.review_reason or Note.of(Why.intent_unclear)
        # (a recall notice is her mail program's, not her words: it is not answered)
        decision = Decision(Outcome.review, (reason,), replies=[] if reason.code == Why.recalls
                            else _received(sender))
    elif request.intent == Intent.cancel and not request.networks:
        decision = _with_question(_cancel_the_one_held(request, sender, arrival, networks,
                                                       state, tz), request, sender)
    elif not request.networks or any(slug not in networks for slug in request.networks):
        decision = Decision(Outcome.review, (Note.of(Why.no_configured_network),),
                            replies=_received(sender))
    elif request.intent == Intent.signup:
        decision = _with_question(_signup(request, sender, arrival, networks, state, tz),
                                  request, sender)
    else:
        decision = _with_question(_cancel(request, sender, arrival, networks, state, tz),
                                  request, sender)
    greet = first_name(request.writer)
    decision.replies = [replace(r, greet=greet) if r.to == sender else r
                        for r in decision.replies]
    return decision


def first_name(name: str) -> str:
    """The first name to greet a person by: "Mette" of "Mette Holm"; none for a name
    that does not look like a person's."""
    first = name.split()[0] if name.split() else ""
    return first if first[:1].isupper() and first.replace("-", "").isalpha() else ""


def missing_details(network: Network, person: Person,
                    ean_problem: str | None) -> tuple[Flag, ...]:
    """Fields the network requires that the mail did not give (or gave wrongly)."""
    missing = []
    if not person.name:  # registered under the address; the reply asks for the name
        missing.append(Flag.missing_name)
    if "ean" in network.required_fields and not person.ean:
        missing.append(Flag.invalid_ean if ean_problem == "invalid" else Flag.missing_ean)
    if "organisation" in network.required_fields and not person.organisation:
        missing.append(Flag.missing_organisation)
    return tuple(missing)


def target_group_flag(network: Network, person: Person) -> Note | None:
    """A flag for the coordinator when the title looks outside the target group."""
    title = (person.title or "").casefold()
    if not any(t.casefold() in title for t in network.not_for_titles):
        return None
    return Note.of(Flag.outside_target_group, title=person.title or "",
                   group=network.target_group)


def _received(sender: str) -> list[Reply]:
    return [Reply(ReplyKind.received, to=sender)] if sender else []


def _cc_for(sender: str, people: list[Person]) -> tuple[str, ...]:
    """Copy a participant only when her address has the sender's domain (rule: never
    mail an address found in a body that the sender does not vouch for)."""
    domain = sender.rsplit("@", 1)[-1]
    return tuple(sorted({
        p.email for p in people
        if p.email and p.email != sender and p.email.rsplit("@", 1)[-1] == domain
    }))


def _signup(request: Understanding, sender: str, arrival: datetime,
            networks: Mapping[str, Network], state: Mapping[str, NetworkState],
            tz: ZoneInfo) -> Decision:
    decision = Decision(Outcome.registered)
    for slug in request.networks:
        network = networks[slug]
        current = state.get(slug, NetworkState())
        mine = list(current.mine)
        confirmed, waiting = current.confirmed, current.waitlisted
        groups: dict[tuple[ReplyKind, int | None], list[Person]] = {}
        missing: dict[tuple[ReplyKind, int | None], set[Flag]] = {}
        for person in request.participants:
            if person.networks and slug not in person.networks:
                continue  # she asks for another of the mail's networks
            existing = next((c for c in mine if person.email and c.email == person.email
                             and c.status in ACTIVE), None)
            if existing is not None:
                update = _new_ean(existing, person)
                if update is not None:  # a correction of the invoice's EAN
                    decision.updates.append(update)
                groups.setdefault((ReplyKind.details_updated if update else
                                   ReplyKind.already_registered, None), []).append(person)
                continue
            position: int | None
            if not arrived_in_time(arrival, network.deadline, tz):
                status, kind, position = _late(network.late_policy, waiting)
                if status == Status.waitlisted:
                    waiting += 1
                    position = waiting
            elif network.capacity is not None and confirmed >= network.capacity:
                waiting += 1
                status, kind, position = Status.waitlisted, ReplyKind.waitlisted, waiting
            else:
                confirmed += 1
                status, kind, position = Status.confirmed, ReplyKind.confirmation, None
            lacking = missing_details(network, person, request.ean_problem)
            flags = tuple(Note.of(flag) for flag in lacking)
            if flag := target_group_flag(network, person):
                flags += (flag,)
            decision.new.append(NewRegistration(slug, person, status,
                                                Note.of(Cause.signup_by_mail), flags))
            groups.setdefault((kind, position), []).append(person)
            missing.setdefault((kind, position), set()).update(lacking)
        for key, people in groups.items():
            kind, position = key
            decision.replies.append(Reply(
                kind, to=sender, network=slug, people=tuple(p.name for p in people),
                cc=_cc_for(sender, people), position=position,
                self_only=all(p.email == sender for p in people),
                missing=tuple(sorted(missing.get(key, ()))),
            ))
    if not decision.new:
        decision.outcome = Outcome.updated if decision.updates else Outcome.duplicate
    return decision


def _with_question(decision: Decision, request: Understanding, sender: str) -> Decision:
    """A sign-up or cancellation that also asks something practical: the writer's new
    registration (else the mail's first), or the first it cancels, carries the question
    for the coordinator to answer, and the reply says she will. With no registration to
    carry it (registered already, a late one turned away, none to cancel), the mail waits
    for her."""
    if not request.asks:
        return decision
    question = Note.of(Flag.asks, words=" ".join(request.asks))
    if request.intent == Intent.cancel:
        cancelled = [i for i, c in enumerate(decision.changes)
                     if c.to_status == Status.cancelled]
        if not cancelled:
            return decision  # (none found: it waits for review already)
        decision.changes[cancelled[0]] = replace(decision.changes[cancelled[0]],
                                                 flags=(question,))
    else:
        held = [i for i, n in enumerate(decision.new) if n.status in ACTIVE]
        if not held:  # (also a late one turned away: nobody would see the flag)
            return Decision(Outcome.review, (Note.of(Why.signup_with_question),),
                            replies=_received(sender))
        at = next((i for i in held if decision.new[i].person.email == sender), held[0])
        carrier = decision.new[at]
        decision.new[at] = replace(carrier, flags=(*carrier.flags, question))
    decision.replies = [replace(r, asks=True) if r.to == sender and r.answers_message else r
                        for r in decision.replies]
    return decision


def _new_ean(existing: Current, person: Person) -> DetailsUpdate | None:
    """One registered already who gives another valid EAN corrects the invoice's: it
    replaces the stored one."""
    if not person.ean or person.ean == existing.ean:
        return None
    return _with_ean(existing, person.ean)


def _with_ean(registration: Current, ean: str) -> DetailsUpdate:
    """The registration's EAN replaced, and the flags that asked for one dropped."""
    return DetailsUpdate(registration.id, ean,
                         tuple(f for f in registration.flags if f.code not in EAN_FLAGS))


def _late(policy: str, waiting: int) -> tuple[Status, ReplyKind, int | None]:
    if policy == "waitlist":
        return Status.waitlisted, ReplyKind.late_waitlisted, waiting + 1
    if policy == "reject":
        return Status.rejected, ReplyKind.late_rejected, None
    return Status.late, ReplyKind.late, None


def _cancel_the_one_held(request: Understanding, sender: str, arrival: datetime,
                         networks: Mapping[str, Network], state: Mapping[str, NetworkState],
                         tz: ZoneInfo) -> Decision:
    """A cancellation that names no network ("Jeg må desværre melde afbud") means the one
    network its people are registered for; when they hold none or several, the
    coordinator asks which."""
    emails, names = _cancelled_people(request, sender)
    held = [slug for slug, current in state.items() if slug in networks and any(
        c.status in ACTIVE and (c.email in emails or c.name.casefold() in names)
        for c in current.mine)]
    if len(held) != 1:
        return Decision(Outcome.review, (Note.of(Why.no_network, open=len(networks)),),
                        replies=_received(sender))
    return _cancel(replace(request, networks=(held[0],)), sender, arrival, networks, state, tz)


def _cancelled_people(request: Understanding, sender: str) -> tuple[set[str], set[str]]:
    """(addresses, folded names) of the people a cancellation is about: those it names,
    or else the sender."""
    emails = {p.email for p in request.participants if p.email} or {sender}
    return emails, {p.name.casefold() for p in request.participants if not p.email}


def _cancel(request: Understanding, sender: str, arrival: datetime,
            networks: Mapping[str, Network], state: Mapping[str, NetworkState],
            tz: ZoneInfo) -> Decision:
    decision = Decision(Outcome.cancelled)
    emails, names = _cancelled_people(request, sender)
    for slug in request.networks:
        current = state.get(slug, NetworkState())
        targets = [c for c in current.mine if c.status in ACTIVE
                   and (c.email in emails or c.name.casefold() in names)]
        if not targets:
            decision.outcome = Outcome.review
            decision.reasons += (Note.of(Why.unknown_cancellation, network=slug),)
            decision.replies.append(Reply(ReplyKind.cancellation_not_found, to=sender,
                                          network=slug))
            continue
        late = not arrived_in_time(arrival, networks[slug].deadline, tz)
        decision.replies.append(Reply(
            ReplyKind.cancelled, to=sender, network=slug,
            people=tuple(t.name for t in targets),
            self_only=all(t.email == sender for t in targets),
            note=networks[slug].cancel_note_after_deadline if late else "",
        ))
        _cancel_and_promote(decision, targets, current, Note.of(Cause.cancelled_by_mail))
    return decision


def _cancel_and_promote(decision: Decision, targets: list[Current], current: NetworkState,
                        cause: Note) -> None:
    """Cancel the targets; each freed confirmed seat goes to the next on the waiting list."""
    freed = 0
    for target in targets:
        decision.changes.append(StatusChange(target.id, Status.cancelled, cause))
        freed += target.status == Status.confirmed
    waiting = [c for c in current.waiting_head if c not in targets]
    for promoted in waiting[:freed]:
        decision.changes.append(StatusChange(promoted.id, Status.confirmed,
                                             Note.of(Cause.promoted)))
        decision.replies.append(notice(ReplyKind.promoted, promoted))


def notice(kind: ReplyKind, registration: Current, answers_message: bool = False) -> Reply:
    """A mail about one registration: to whoever registered it, the participant copied
    when her address has that sender's domain."""
    to = registration.registered_by or registration.email
    same_domain = registration.email.rsplit("@", 1)[-1] == to.rsplit("@", 1)[-1]
    self_only = to == registration.email
    return Reply(
        kind, to=to, network=registration.network, people=(registration.name,),
        cc=(registration.email,) if registration.email and registration.email != to
        and same_domain else (),
        self_only=self_only, answers_message=answers_message,
        greet=first_name(registration.name) if self_only else "",
    )


def coordinator_cancel(target: Current, current: NetworkState) -> Decision:
    """The coordinator cancels a registration; the waiting list moves up."""
    decision = Decision(Outcome.cancelled, replies=[notice(ReplyKind.cancelled, target)])
    _cancel_and_promote(decision, [target], current, Note.of(Cause.cancelled_by_coordinator))
    return decision


def coordinator_confirm(target: Current) -> Decision:
    """The coordinator accepts a late, waitlisted or flagged registration."""
    return Decision(Outcome.registered, changes=[
        StatusChange(target.id, Status.confirmed, Note.of(Cause.confirmed_by_coordinator))],
        replies=[notice(ReplyKind.confirmation, target)])


def coordinator_waitlist(target: Current, current: NetworkState) -> Decision:
    """The coordinator puts a late registration on the waiting list, last in line."""
    reply = replace(notice(ReplyKind.late_waitlisted, target), position=current.waitlisted + 1)
    return Decision(Outcome.registered, changes=[
        StatusChange(target.id, Status.waitlisted, Note.of(Cause.waitlisted_by_coordinator))],
        replies=[reply])


def coordinator_reject(target: Current) -> Decision:
    """The coordinator turns down a late registration."""
    return Decision(Outcome.registered, changes=[
        StatusChange(target.id, Status.rejected, Note.of(Cause.rejected_by_coordinator))],
        replies=[notice(ReplyKind.late_rejected, target)])


def coordinator_add(network: Network, people: Sequence[Person],
                    current: NetworkState) -> Decision:
    """The coordinator registers people herself (signed up by phone, say): a seat while
    there is one, else the waiting list; the deadline is hers to waive. Each person
    with an address gets her own confirmation; someone already registered is not
    registered twice."""
    decision = Decision(Outcome.registered)
    confirmed, waiting = current.confirmed, current.waitlisted
    for person in people:
        if any(c.email == person.email and c.status in ACTIVE for c in current.mine):
            continue
        full = network.capacity is not None and confirmed >= network.capacity
        if full:
            waiting += 1
        else:
            confirmed += 1
        status = Status.waitlisted if full else Status.confirmed
        flags = tuple(Note.of(f) for f in missing_details(network, person, None))
        decision.new.append(NewRegistration(network.slug, person, status,
                                            Note.of(Cause.added_by_coordinator), flags))
        if person.email:
            decision.replies.append(Reply(
                ReplyKind.waitlisted if full else ReplyKind.confirmation, to=person.email,
                network=network.slug, people=(person.name,), self_only=True,
                position=waiting if full else None, greet=first_name(person.name),
                answers_message=False))
    if not decision.new:
        decision.outcome = Outcome.duplicate
    return decision


def coordinator_move(target: Current, network: Network, to_state: NetworkState,
                     from_state: NetworkState) -> Decision:
    """Move a registration to another network: a seat there if one is free, else the
    waiting list; a seat freed here goes to the next on this waiting list."""
    full = network.capacity is not None and to_state.confirmed >= network.capacity
    status = Status.waitlisted if full else Status.confirmed
    moved = replace(target, network=network.slug, status=status)
    cause = Note.of(Cause.moved_by_coordinator, network=target.network)
    decision = Decision(Outcome.registered,
                        changes=[StatusChange(target.id, status, cause, network.slug)])
    reply = notice(ReplyKind.waitlisted if full else ReplyKind.confirmation, moved)
    if full:
        reply = replace(reply, position=to_state.waitlisted + 1)
    decision.replies.append(reply)
    if target.status == Status.confirmed:
        for promoted in [c for c in from_state.waiting_head if c.id != target.id][:1]:
            decision.changes.append(StatusChange(promoted.id, Status.confirmed,
                                                 Note.of(Cause.promoted)))
            decision.replies.append(notice(ReplyKind.promoted, promoted))
    return decision


@dataclass(frozen=True)
class FollowUp:
    """A mail that answers one of our replies: the registrations of the mail we
    answered, and the EAN the new text gives (or why it is wrong)."""

    registrations: Sequence[Current]
    ean: str | None
    ean_problem: str | None

    @property
    def waiting(self) -> list[Current]:
        """The registrations still without a valid EAN that we asked for."""
        return [c for c in self.registrations
                if any(f.code in EAN_FLAGS for f in c.flags)]


def decide_details(follow_up: FollowUp, sender: str) -> Decision | None:
    """A reply to our mail that asked for the EAN: store it, or ask again.

    None when the mail does not look like an answer to that question; it is then read
    as any other mail.
    """
    waiting = follow_up.waiting
    if not waiting:
        return None
    network = waiting[0].network  # the reply's language follows the first network's
    people = tuple(c.name for c in waiting)
    if follow_up.ean:
        decision = Decision(Outcome.updated)
        decision.updates = [_with_ean(c, follow_up.ean) for c in waiting]
        decision.replies.append(Reply(
            ReplyKind.details_updated, to=sender, network=network, people=people,
            self_only=all(c.email == sender for c in waiting),
        ))
        return decision
    if follow_up.ean_problem == "invalid":
        return Decision(Outcome.review, (Note.of(Why.invalid_ean_reply),),
                        replies=[Reply(ReplyKind.missing_details, to=sender, network=network,
                                       people=people, missing=(Flag.invalid_ean,))])
    return None
