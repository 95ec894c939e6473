"""index on inboundmessage.processed_at

The retention purge (mailreg.services.privacy.purge_raw_mail) selects the message log by
processed_at; without an index it reads the whole table each time it runs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:34:55.083059
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inboundmessage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inboundmessage_processed_at'), ['processed_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inboundmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inboundmessage_processed_at'))
