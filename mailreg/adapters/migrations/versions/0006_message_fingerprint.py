"""the message log keeps a fingerprint of each mail

A message is keyed by its Message-ID, so another mail that reuses one was taken for
a copy and vanished without a record. The fingerprint (sender, Date header and text,
hashed) tells a true copy from a different mail; rows from before have none and count
as copies, as they did.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 16:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inboundmessage') as batch:
        batch.add_column(sa.Column('fingerprint', sa.String(), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('inboundmessage') as batch:
        batch.drop_column('fingerprint')
