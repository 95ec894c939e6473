"""the coordinator's commands are recorded, and their tokens used once

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 18:00:00
"""
import sqlalchemy as sa

import mailreg.adapters.tables
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'command',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('at', mailreg.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column('by', sa.String(), nullable=False),
        sa.Column('act', sa.String(), nullable=False),
        sa.Column('target', sa.String(), nullable=False),
        sa.Column('network', sa.String(), nullable=False),
        sa.Column('token', sa.String(), nullable=True, unique=True),
        sa.Column('inbound_id', sa.Integer(), nullable=True, unique=True),
        sa.Column('refused', sa.String(), nullable=False),
        sa.Column('result', sa.Text(), nullable=False),
        sa.Column('receipt_queued', sa.Boolean(), nullable=False),
    )
    op.create_index('ix_command_at', 'command', ['at'])
    op.create_table(
        'setting',
        sa.Column('name', sa.String(), primary_key=True),
        sa.Column('value', sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('setting')
    op.drop_index('ix_command_at', 'command')
    op.drop_table('command')
