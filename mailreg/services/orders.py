"""The coordinator's orders by mail: carrying out the mails that the action links
(`mailreg.services.actions`) send.

A poll logs a mail that carries a token as `Outcome.command`, never as a sign-up and
never answered automatically (`mailreg.services.poll`). After the batch, `carry_out`
takes each such mail once: it is carried out only when its From is an address that
gets the digest, (with `require_authentication`) the receiving server vouches for it,
and its token is one mailreg issued, unchanged, unexpired and unused. Whatever comes
of it, the coordinator gets a receipt: what was done and what was sent to whom, or
why nothing was done. A stranger who copied a token gets nothing; the coordinator is
told. Every order is recorded (`CommandRecord`) with when and from whom.

The receipt is queued after the command's own transaction (a decided mail is filed on
the IMAP server in between, so the receipt can say where it went); a crash in between
leaves the record marked `receipt_queued = False`, and the next poll sends it then.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from mailreg.adapters.db import session
from mailreg.adapters.links import Links
from mailreg.adapters.tables import (
    CommandRecord,
    InboundMessage,
    encode_notes,
)
from mailreg.config import MailboxView
from mailreg.domain.mail import Inbound
from mailreg.domain.model import SENDER_DEFECTS, Note, Outcome, Refusal
from mailreg.domain.orders import Act, Order, verify
from mailreg.reading.form import Form, authenticated, order_token, read_form
from mailreg.reading.message import parse
from mailreg.reading.quoting import split_new_text
from mailreg.services import commands
from mailreg.services.actions import links
from mailreg.services.commands import By, CommandError, Done
from mailreg.services.receipts import from_whom, receipt_row

log = logging.getLogger(__name__)



def carry_out(view: MailboxView, engine: Engine, owner: str | None = None) -> int:
    """Carry out the command mails a poll logged and that are not done yet, and queue
    the receipts a crash left unsent; return how many commands were carried out."""
    with session(engine) as s:
        done_ids = select(col(CommandRecord.inbound_id)).where(
            col(CommandRecord.inbound_id).is_not(None))
        pending = list(s.exec(select(col(InboundMessage.id))
                              .where(col(InboundMessage.mailbox) == view.mailbox_id)
                              .where(col(InboundMessage.outcome) == Outcome.command)
                              .where(col(InboundMessage.id).not_in(done_ids))
                              .order_by(col(InboundMessage.id))).all())
        unreceipted = list(s.exec(select(col(CommandRecord.id))
                                  .where(col(CommandRecord.receipt_queued).is_(False))).all())
    if not (pending or unreceipted):
        return 0
    make = links(view, engine, datetime.now(UTC))
    for record_id in unreceipted:
        assert record_id is not None
        queue_receipt(view, engine, make, record_id)
    for inbound_id in pending:
        assert inbound_id is not None
        try:
            _carry_out_one(view, engine, make, inbound_id, owner)
        except Exception as exc:  # noqa: BLE001 - one bad command must not stop the poll
            log.exception("command mail %s failed", inbound_id)
            _refuse(view, engine, make, inbound_id, None,
                    Note.of(Refusal.failed, error=f"{type(exc).__name__}: {exc}"))
    return len(pending)


def _carry_out_one(view: MailboxView, engine: Engine, make: Links, inbound_id: int,
                   owner: str | None) -> None:
    with session(engine) as s:
        row = s.get(InboundMessage, inbound_id)
        assert row is not None and row.raw is not None, "a command mail keeps its text"
        mail = parse(row.raw, row.received_at)
    token = order_token(mail) or ""
    coordinator = view.coordinator
    if mail.sender not in coordinator.command_senders or any(
            d.code in SENDER_DEFECTS for d in mail.defects):  # two addresses, say
        _refuse(view, engine, make, inbound_id, mail, Note.of(Refusal.not_coordinator,
                                                        address=from_whom(mail)))
        return
    if coordinator.require_authentication and not authenticated(
            mail, mail.sender.rsplit("@", 1)[-1], coordinator.authserv_id):
        _refuse(view, engine, make, inbound_id, mail, Note.of(Refusal.not_authenticated,
                                                        address=mail.sender))
        return
    order = verify(token, make.key, datetime.now(UTC))
    if isinstance(order, Refusal):
        _refuse(view, engine, make, inbound_id, mail, Note.of(order))
        return
    by = By(mail.sender, token, inbound_id)
    try:
        done = _dispatch(view, engine, order, _her_form(mail, coordinator.command_senders),
                         by, owner)
    except CommandError as exc:
        _refuse(view, engine, make, inbound_id, mail, exc.note, order)
        return
    with session(engine) as s:
        record = s.exec(select(CommandRecord)
                        .where(col(CommandRecord.inbound_id) == inbound_id)).one()
        record.result = done.to_json()  # with what the filing found
        record_id = record.id
    assert record_id is not None
    queue_receipt(view, engine, make, record_id, mail)


def _her_form(mail: Inbound, senders: tuple[str, ...]) -> Form:
    """The form she sent, without a block of her own signature's (Outlook may put the
    signature above the form, and it has an "E-mail:" line too)."""
    form = read_form(split_new_text(mail.text)[0])
    form.people = [b for b in form.people if (b.get("email") or "").lower() not in senders]
    return form


def _dispatch(view: MailboxView, engine: Engine, order: Order, form: Form, by: By,
              owner: str | None) -> Done:
    """Carry out one order with what the coordinator's form says."""
    act, target = order.act, order.target
    if act in (Act.register, Act.unregister):
        return commands.resolve(view, engine, int(target), order.network, form.people or None,
                                cancel=act == Act.unregister, by=by)
    if act == Act.dismiss:
        return commands.dismiss(view, engine, int(target), by=by)
    if act == Act.edit:
        return commands.edit(view, engine, int(target), form.people[0] if form.people else {},
                             by=by)
    if act == Act.move:
        return commands.move(view, engine, int(target), form.network, by=by)
    if act == Act.answered:
        return commands.answered(view, engine, int(target), by=by)
    if act == Act.resend:
        return commands.resend(view, engine, int(target), by=by, owner=owner)
    if act == Act.add:
        return commands.add(view, engine, target, form.people, by=by)
    if act == Act.participants:
        return commands.participants(view, engine, target, by=by)
    status_command = {Act.confirm: commands.confirm, Act.cancel: commands.cancel,
                      Act.waitlist: commands.waitlist, Act.reject: commands.reject}[act]
    return status_command(view, engine, int(target), by=by)


def _refuse(view: MailboxView, engine: Engine, make: Links, inbound_id: int,
            mail: Inbound | None, why: Note, order: Order | None = None) -> None:
    """Record that nothing was done and why, and queue the receipt that says so, in
    one transaction. The token stays unused: she may send it again, corrected."""
    with session(engine) as s:
        record = CommandRecord(by=mail.sender if mail else "?",
                               act=order.act if order else "", inbound_id=inbound_id,
                               target=order.target if order else "",
                               network=order.network if order else "",
                               refused=encode_notes([why]), receipt_queued=True)
        s.add(record)
        s.flush()
        s.add(receipt_row(view, make, record, mail))


def queue_receipt(view: MailboxView, engine: Engine, make: Links, record_id: int,
                  mail: Inbound | None = None) -> None:
    """Queue a command mail's receipt, once; `mail` is the command mail when the caller
    has it read already (else it is read again from the log)."""
    with session(engine) as s:
        record = s.get(CommandRecord, record_id)
        if record is None or record.receipt_queued:
            return
        inbound = s.get(InboundMessage, record.inbound_id) if record.inbound_id else None
        if mail is None and inbound is not None and inbound.raw is not None:
            mail = parse(inbound.raw, inbound.received_at)
        s.add(receipt_row(view, make, record, mail))
        record.receipt_queued = True
