"""The action links of the digest and the receipts: which buttons an item gets,
signed with the key of this installation (`mailreg.adapters.links` makes the URLs)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from mailreg.adapters.db import session
from mailreg.adapters.links import Link, Links, mailto
from mailreg.adapters.tables import InboundMessage, Registration, Setting, decode_notes
from mailreg.adapters.words import table
from mailreg.config import MailboxView
from mailreg.domain.deadline import arrived_in_time
from mailreg.domain.mail import clean_display, valid_address
from mailreg.domain.model import ACTIVE, UNANSWERED, Intent, Status
from mailreg.domain.orders import Act
from mailreg.reading.understand import understand
from mailreg.services.commands import person_dict, person_fields, stored_mail

LINK_KEY = "link_key"


def link_key(view: MailboxView, engine: Engine) -> bytes:
    """The key that signs the action links: the configured secret, else one made
    once and kept in the database (so every process that shares it agrees)."""
    configured = view.coordinator.secret()
    if configured:
        return configured
    with session(engine) as s:
        row = s.get(Setting, LINK_KEY)
        if row is not None:
            return row.value.encode()
    try:
        with session(engine) as s:
            s.add(Setting(name=LINK_KEY, value=secrets.token_urlsafe(32)))
    except IntegrityError:  # another process made it a moment ago
        pass
    with session(engine) as s:
        row = s.get(Setting, LINK_KEY)
        assert row is not None
        return row.value.encode()


def links(view: MailboxView, engine: Engine, now: datetime) -> Links:
    return Links(view.coordinator.address, link_key(view, engine),
                 now.astimezone(view.tz).date(), view.coordinator.link_days,
                 view.replies.language)


def person_links(view: MailboxView, make: Links, person: dict) -> list[Link]:
    """Cancel, move and correct one registration of a participant list."""
    about = person["name"] or person["email"]
    others = " / ".join(n.name for n in view.networks if n.slug != person.get("network"))
    return [make.order(Act.cancel, person["id"], about=about),
            make.order(Act.move, person["id"], about=about, network_field=others),
            make.order(Act.edit, person["id"], about=about, people=[person])]


def network_links(view: MailboxView, make: Links, slug: str) -> list[Link]:
    network = view.network(slug)
    name = network.name if network else slug
    return [make.order(Act.add, slug, network_name=name, about=name),
            make.order(Act.participants, slug, network_name=name, about=name)]


def reply_link(language: str, to: str, subject: str) -> Link:
    """A plain mail to a sender, for the coordinator to answer herself."""
    words = table(language)
    return Link(words["form"]["answer"], mailto(to, f"Re: {subject}"), kind="reply")


def review_links(view: MailboxView, make: Links, item: InboundMessage) -> list[Link]:
    """The actions on a mail in review: register for each network open when it
    arrived (those the mail seems to name first), cancel where it reads as a
    cancellation, no registration, and a plain answer to the sender."""
    about = clean_display(item.sender) or "-"
    out: list[Link] = []
    if item.id is not None:
        mail = stored_mail(item)
        request = (understand(mail, view.networks, view.coordinator)
                   if item.raw is not None else None)
        people = [person_fields(p) for p in (request.participants if request else ())] or [
            {"name": mail.sender_name, "email": mail.sender}]
        named = [slug for slug in (request.networks if request else ()) if view.network(slug)]
        open_ = [n.slug for n in view.networks
                 if arrived_in_time(item.received_at, n.deadline, view.tz)]
        slugs = list(dict.fromkeys([*named, *(open_ or [n.slug for n in view.networks])]))

        def order(act: Act, slug: str) -> Link:
            network = view.network(slug)
            return make.order(act, item.id, network=slug, about=about, people=people,
                              network_name=network.name if network else slug)
        if request is not None and request.intent == Intent.cancel:
            out += [order(Act.unregister, slug) for slug in named or slugs]
        out += [order(Act.register, slug) for slug in slugs]
        out.append(make.order(Act.dismiss, item.id, about=about))
    if item.sender:
        out.append(reply_link(make.language, item.sender, clean_display(item.subject)))
    return out


def registration_links(view: MailboxView, make: Links, row: Registration) -> list[Link]:
    """A late registration: confirm, waiting list or no; one that asks a question: answer
    it (a plain mail to the participant) and say it is answered; one with a flag:
    correct it."""
    about = row.name or row.email
    out = [make.order(act, row.id, about=about) for act in (Act.confirm, Act.waitlist,
                                                              Act.reject)
           if row.status in (Status.late, Status.needs_review)]
    if any(note.code in UNANSWERED for note in decode_notes(row.flags)):
        out += [question_link(view, make.language, row),
                make.order(Act.answered, row.id, about=about)]
    if row.flags and row.status in ACTIVE:  # (a cancelled one shows only its question)
        out.append(make.order(Act.edit, row.id, about=about, people=[person_dict(row)]))
    return out


def question_link(view: MailboxView, language: str, row: Registration) -> Link:
    """A plain mail to the participant, to answer her question; a colleague who signed
    her up, and so wrote the question, is in Cc."""
    words = table(language)["form"]
    network = view.network(row.network)
    subject = words["question_subject"].format(network=network.name if network
                                               else row.network)
    writer = valid_address(row.registered_by or "")
    cc = writer if writer and writer.lower() != row.email.lower() else ""
    return Link(words["answer_question"], mailto(row.email, subject, cc=cc), kind="reply")
