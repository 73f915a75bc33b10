"""compliance reports and schedules: PEKPPP instrument, MCP catalogue and evidence, report runs, schedules,
claims and deliveries

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pantau_mcp_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=120), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('score_levels', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'code', name='pantau_mcp_indicator_code_uq')
    )
    with op.batch_alter_table('pantau_mcp_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_mcp_indicator_year'), ['year'], unique=False)

    op.create_table('pantau_pekppp_instrument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', name='pantau_pekppp_instrument_year_uq')
    )
    op.create_table('pantau_mcp_evidence_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('pantau_source', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['indicator_id'], ['pantau_mcp_indicator.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('indicator_id', 'code', name='pantau_mcp_evidence_item_code_uq')
    )
    with op.batch_alter_table('pantau_mcp_evidence_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_mcp_evidence_item_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('pantau_pekppp_aspect',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('indicators_luring', sa.Integer(), nullable=True),
    sa.Column('indicators_daring', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['instrument_id'], ['pantau_pekppp_instrument.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('instrument_id', 'code', name='pantau_pekppp_aspect_code_uq')
    )
    with op.batch_alter_table('pantau_pekppp_aspect', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_pekppp_aspect_instrument_id'), ['instrument_id'], unique=False)

    op.create_table('pantau_pekppp_band',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('min_score', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('max_score', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['pantau_pekppp_instrument.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('instrument_id', 'code', name='pantau_pekppp_band_code_uq')
    )
    with op.batch_alter_table('pantau_pekppp_band', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_pekppp_band_instrument_id'), ['instrument_id'], unique=False)

    op.create_table('pantau_report_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('period_rule', sa.Enum('previous_quarter', 'previous_semester', 'previous_year', name='pantau_report_period_rule', native_enum=False, length=20), nullable=False),
    sa.Column('due_working_days', sa.Integer(), nullable=False),
    sa.Column('cron', sa.String(length=100), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_report_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_report_schedule_org_id'), ['org_id'], unique=False)

    op.create_table('pantau_pekppp_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aspect_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('variant', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('level_0', sa.String(length=300), nullable=True),
    sa.Column('level_1', sa.String(length=300), nullable=True),
    sa.Column('level_2', sa.String(length=300), nullable=True),
    sa.Column('level_3', sa.String(length=300), nullable=True),
    sa.Column('level_4', sa.String(length=300), nullable=True),
    sa.Column('level_5', sa.String(length=300), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('machine_key', sa.String(length=60), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['aspect_id'], ['pantau_pekppp_aspect.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('aspect_id', 'code', name='pantau_pekppp_indicator_code_uq')
    )
    with op.batch_alter_table('pantau_pekppp_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_pekppp_indicator_aspect_id'), ['aspect_id'], unique=False)

    op.create_table('pantau_report_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('period_code', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='pantau_report_run_status', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('stored_name', sa.String(length=255), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['pantau_org_node.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['ab_user.id'], ),
    sa.ForeignKeyConstraint(['schedule_id'], ['pantau_report_schedule.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_report_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_report_run_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pantau_report_run_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pantau_report_run_schedule_id'), ['schedule_id'], unique=False)
        batch_op.create_index('pantau_report_run_status_ix', ['status', 'created_at'], unique=False)

    op.create_table('pantau_mcp_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instansi_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('belum', 'proses', 'lengkap', 'terverifikasi', name='pantau_mcp_evidence_status', native_enum=False, length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('stored_name', sa.String(length=255), nullable=True),
    sa.Column('mime', sa.String(length=120), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('report_run_id', sa.Integer(), nullable=True),
    sa.Column('record_link', sa.String(length=300), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['instansi_id'], ['pantau_org_node.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['pantau_mcp_evidence_item.id'], ),
    sa.ForeignKeyConstraint(['report_run_id'], ['pantau_report_run.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('instansi_id', 'item_id', name='pantau_mcp_evidence_item_uq')
    )
    with op.batch_alter_table('pantau_mcp_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_mcp_evidence_instansi_id'), ['instansi_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pantau_mcp_evidence_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pantau_mcp_evidence_report_run_id'), ['report_run_id'], unique=False)

    op.create_table('pantau_report_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('period_code', sa.String(length=10), nullable=False),
    sa.Column('fire_time', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_by', sa.String(length=120), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['pantau_report_run.id'], ),
    sa.ForeignKeyConstraint(['schedule_id'], ['pantau_report_schedule.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('schedule_id', 'period_code', name='pantau_report_claim_uq')
    )
    with op.batch_alter_table('pantau_report_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_report_claim_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('pantau_report_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=True),
    sa.Column('status', sa.Enum('pending', 'sending', 'retrying', 'sent', 'failed', 'dry_run', name='pantau_report_delivery_status', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['pantau_report_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_report_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_report_delivery_run_id'), ['run_id'], unique=False)
        batch_op.create_index('pantau_report_delivery_status_ix', ['status', 'next_attempt_at'], unique=False)



def downgrade():
    with op.batch_alter_table('pantau_report_delivery', schema=None) as batch_op:
        batch_op.drop_index('pantau_report_delivery_status_ix')
        batch_op.drop_index(batch_op.f('ix_pantau_report_delivery_run_id'))

    op.drop_table('pantau_report_delivery')
    with op.batch_alter_table('pantau_report_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_report_claim_schedule_id'))

    op.drop_table('pantau_report_claim')
    with op.batch_alter_table('pantau_mcp_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_mcp_evidence_report_run_id'))
        batch_op.drop_index(batch_op.f('ix_pantau_mcp_evidence_item_id'))
        batch_op.drop_index(batch_op.f('ix_pantau_mcp_evidence_instansi_id'))

    op.drop_table('pantau_mcp_evidence')
    with op.batch_alter_table('pantau_report_run', schema=None) as batch_op:
        batch_op.drop_index('pantau_report_run_status_ix')
        batch_op.drop_index(batch_op.f('ix_pantau_report_run_schedule_id'))
        batch_op.drop_index(batch_op.f('ix_pantau_report_run_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_pantau_report_run_org_id'))

    op.drop_table('pantau_report_run')
    with op.batch_alter_table('pantau_pekppp_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_pekppp_indicator_aspect_id'))

    op.drop_table('pantau_pekppp_indicator')
    with op.batch_alter_table('pantau_report_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_report_schedule_org_id'))

    op.drop_table('pantau_report_schedule')
    with op.batch_alter_table('pantau_pekppp_band', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_pekppp_band_instrument_id'))

    op.drop_table('pantau_pekppp_band')
    with op.batch_alter_table('pantau_pekppp_aspect', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_pekppp_aspect_instrument_id'))

    op.drop_table('pantau_pekppp_aspect')
    with op.batch_alter_table('pantau_mcp_evidence_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_mcp_evidence_item_indicator_id'))

    op.drop_table('pantau_mcp_evidence_item')
    op.drop_table('pantau_pekppp_instrument')
    with op.batch_alter_table('pantau_mcp_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_mcp_indicator_year'))

    op.drop_table('pantau_mcp_indicator')
