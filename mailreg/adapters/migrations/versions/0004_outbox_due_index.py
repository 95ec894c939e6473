"""index for claiming the replies that are due

Every commit of a poll claims the oldest unsent, unclaimed replies. With only the
index on sent_at, each claim stepped over every reply already claimed but not yet
confirmed by the SMTP server, and over a backlog's thousands waiting: (sent_at,
claimed_at, id) finds the unclaimed ones in order and stops at the limit.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:45:00
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_outboxmessage_due', 'outboxmessage', ['sent_at', 'claimed_at', 'id'])


def downgrade() -> None:
    op.drop_index('ix_outboxmessage_due', table_name='outboxmessage')
