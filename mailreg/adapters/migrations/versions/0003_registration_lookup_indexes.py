"""indexes for the rules' lookups in registration

For every message the rules count a network's seats and read the head of its
waiting list (network, status, received_at) and look up the people the mail is about
(network, email / network, name). With only single
indexes both read every registration of the network, so a backlog got slower with
each registration it added. The composite indexes replace the one on network.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:50:00
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_network'))
        batch_op.create_index('ix_registration_network_status',
                                ['network', 'status', 'received_at'])
        batch_op.create_index('ix_registration_network_email', ['network', 'email'])
        batch_op.create_index('ix_registration_network_name', ['network', 'name'])


def downgrade() -> None:
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_network_name')
        batch_op.drop_index('ix_registration_network_email')
        batch_op.drop_index('ix_registration_network_status')
        batch_op.create_index(batch_op.f('ix_registration_network'), ['network'])
