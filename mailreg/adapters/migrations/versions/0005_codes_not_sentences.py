"""flags, causes and review reasons stored as codes, not English sentences

Versions before 0005 stored them as English text ("missing ean", "sign-up by mail",
"the mail asks a question"), which the Danish digest translated by pattern and missed
when a sentence changed. They are now a JSON list of codes with their values
(`mailreg.adapters.tables.encode_notes`), put into words per language at the edges.
This rewrites what older versions stored; text it does not recognise is kept as a
"legacy" code holding the text, so nothing is lost.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:00:00
"""
import json
import re

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# (pattern of the old sentence, code, names of the pattern's groups as values)
FLAGS = [
    (r"missing ean invalid", "flag.invalid_ean", ()),
    (r"missing ean", "flag.missing_ean", ()),
    (r"missing organisation", "flag.missing_organisation", ()),
    (r'title "(?P<title>.*)" may be outside the target group(?: \((?P<group>.*)\))?',
     "flag.outside_target_group", ("title", "group")),
]
CAUSES = [
    (r"sign-up by mail", "cause.signup_by_mail", ()),
    (r"promoted from the waiting list", "cause.promoted", ()),
    (r"cancelled by mail", "cause.cancelled_by_mail", ()),
    (r"cancelled by the coordinator", "cause.cancelled_by_coordinator", ()),
    (r"confirmed by the coordinator", "cause.confirmed_by_coordinator", ()),
    (r"EAN supplied by mail", "cause.ean_by_mail", ()),
    (r"moved from (?P<network>\S+) by the coordinator", "cause.moved_by_coordinator",
     ("network",)),
]
REASONS = [
    (r"the mail both signs up and cancels", "why.signup_and_cancel", ()),
    (r"the cancellation also asks a question", "why.cancel_with_question", ()),
    (r"the sign-up also asks a question", "why.signup_with_question", ()),
    (r"the mail asks a question", "why.question", ()),
    (r"the mail is a forward or reply with no new text", "why.no_new_text", ()),
    (r"the mail is an empty mail", "why.empty", ()),
    (r"the mail refers to an attachment: (?P<files>.*)", "why.attachment_only", ("files",)),
    (r"the mail does not say what the sender wants", "why.intent_unclear", ()),
    (r'the mail says "both" but not which networks', "why.both_unnamed", ()),
    (r"the mail does not say which network \(the quoted mail names several\)",
     "why.several_networks_quoted", ()),
    (r"the mail does not say which network \((?P<open>\d+) are open\)", "why.no_network",
     ("open",)),
    (r"no configured network matches", "why.no_configured_network", ()),
    (r"no participant is named \(sent from a shared mailbox\)", "why.shared_mailbox", ()),
    (r"no participant name could be found", "why.no_participant_name", ()),
    (r"cancellation of an unknown registration \((?P<network>.*)\)",
     "why.unknown_cancellation", ("network",)),
    (r"the EAN sent in reply fails the check digit", "why.invalid_ean_reply", ()),
    (r"no sender", "why.no_sender", ()),
    (r"the From address is missing or not valid", "defect.from_invalid", ()),
    (r"the Date header could not be read", "defect.date_unreadable", ()),
    (r"MIME defect: (?P<defect>.*)", "defect.mime", ("defect",)),
]


def _codes(text: str, table: list) -> str:
    if not text or text.startswith("["):
        return text
    items = []
    for part in (p for p in text.split("; ") if p):
        for pattern, code, names in table:
            match = re.fullmatch(pattern, part)
            if match:
                items.append({"code": code, **{n: match.group(n) or "" for n in names}})
                break
        else:
            items.append({"code": "why.legacy", "text": part})
    return json.dumps(items, ensure_ascii=False)


def _rewrite(table_name: str, column: str, table: list) -> None:
    conn = op.get_bind()
    t = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column, sa.Text))
    rows = conn.execute(sa.select(t.c.id, t.c[column]).where(t.c[column] != "")).all()
    for row_id, text in rows:
        coded = _codes(text, table)
        if coded != text:
            conn.execute(t.update().where(t.c.id == row_id).values({column: coded}))


def upgrade() -> None:
    _rewrite("registration", "flags", FLAGS)
    _rewrite("registrationevent", "cause", CAUSES)
    _rewrite("inboundmessage", "reason", REASONS)


def downgrade() -> None:
    pass  # codes stay codes; an older version shows them as they are
