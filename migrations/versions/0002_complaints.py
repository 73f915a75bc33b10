"""SP4N-LAPOR! complaints: complaints, history, follow-ups, attachments, reminders, categories,
deadline rules and the local working-day calendar.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pantau_calendar_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('extra_holiday', 'cancelled_holiday', 'working_saturday', name='pantau_calendar_change_kind', native_enum=False, length=32), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'day', name='pantau_calendar_change_org_day_uq')
    )
    with op.batch_alter_table('pantau_calendar_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_calendar_change_org_id'), ['org_id'], unique=False)
    op.create_table('pantau_complaint_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'name', name='pantau_complaint_category_org_name_uq')
    )
    with op.batch_alter_table('pantau_complaint_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_complaint_category_org_id'), ['org_id'], unique=False)
    op.create_table('pantau_complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_number', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('instansi_id', sa.Integer(), nullable=False),
    sa.Column('opd_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('lapor_web', 'lapor_app', 'sms_1708', 'sosmed', 'walk_in', 'surat', 'telepon', 'email', 'situs', name='pantau_complaint_channel', native_enum=False, length=32), nullable=False),
    sa.Column('classification', sa.Enum('pengaduan_berkadar', 'pengaduan_tidak_berkadar', 'aspirasi', 'informasi', name='pantau_complaint_classification', native_enum=False, length=32), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('reporter_name', sa.String(length=150), nullable=True),
    sa.Column('reporter_nik', sa.String(length=20), nullable=True),
    sa.Column('reporter_phone', sa.String(length=40), nullable=True),
    sa.Column('reporter_email', sa.String(length=200), nullable=True),
    sa.Column('reporter_address', sa.String(length=300), nullable=True),
    sa.Column('rahasia', sa.Boolean(), nullable=False),
    sa.Column('anonim', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('belum_terverifikasi', 'belum_ditindaklanjuti', 'diproses', 'selesai', 'tunda', 'arsip', 'bukan_wewenang', name='pantau_complaint_status', native_enum=False, length=32), nullable=False),
    sa.Column('status_before_hold', sa.Enum('belum_terverifikasi', 'belum_ditindaklanjuti', 'diproses', 'selesai', 'tunda', 'arsip', 'bukan_wewenang', name='pantau_complaint_status', native_enum=False, length=32), nullable=True),
    sa.Column('verify_due', sa.Date(), nullable=True),
    sa.Column('first_followup_due', sa.Date(), nullable=True),
    sa.Column('resolve_due', sa.Date(), nullable=True),
    sa.Column('autoclose_due', sa.Date(), nullable=True),
    sa.Column('active_due', sa.Date(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('routed_at', sa.DateTime(), nullable=True),
    sa.Column('first_followup_at', sa.DateTime(), nullable=True),
    sa.Column('last_followup_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('hold_started_on', sa.Date(), nullable=True),
    sa.Column('paused_days', sa.Integer(), nullable=False),
    sa.Column('days_to_first_followup', sa.Integer(), nullable=True),
    sa.Column('days_to_finish', sa.Integer(), nullable=True),
    sa.Column('verified_on_time', sa.Boolean(), nullable=True),
    sa.Column('followup_on_time', sa.Boolean(), nullable=True),
    sa.Column('resolved_on_time', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('imported', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['pantau_complaint_category.id'], ),
    sa.ForeignKeyConstraint(['instansi_id'], ['pantau_org_node.id'], ),
    sa.ForeignKeyConstraint(['opd_id'], ['pantau_org_node.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('instansi_id', 'tracking_number', name='pantau_complaint_tracking_uq')
    )
    with op.batch_alter_table('pantau_complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_complaint_category_id'), ['category_id'], unique=False)
        batch_op.create_index('pantau_complaint_instansi_received_ix', ['instansi_id', 'received_at'], unique=False)
        batch_op.create_index('pantau_complaint_opd_status_ix', ['opd_id', 'status'], unique=False)
        batch_op.create_index('pantau_complaint_org_received_ix', ['org_id', 'received_at'], unique=False)
        batch_op.create_index('pantau_complaint_received_ix', ['received_at'], unique=False)
        batch_op.create_index('pantau_complaint_status_org_ix', ['status', 'org_id'], unique=False)
        batch_op.create_index('pantau_complaint_active_due_ix', ['active_due'], unique=False)
    op.create_table('pantau_complaint_deadline_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('classification', sa.Enum('pengaduan_berkadar', 'pengaduan_tidak_berkadar', 'aspirasi', 'informasi', name='pantau_complaint_classification', native_enum=False, length=32), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('verify_days', sa.Integer(), nullable=True),
    sa.Column('first_followup_days', sa.Integer(), nullable=True),
    sa.Column('resolve_days', sa.Integer(), nullable=True),
    sa.Column('autoclose_days', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['pantau_complaint_category.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'classification', 'category_id', name='pantau_complaint_deadline_rule_uq')
    )
    with op.batch_alter_table('pantau_complaint_deadline_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_complaint_deadline_rule_org_id'), ['org_id'], unique=False)
    op.create_table('pantau_complaint_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=128), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['pantau_complaint.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_complaint_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_complaint_attachment_complaint_id'), ['complaint_id'], unique=False)
    op.create_table('pantau_complaint_followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=128), nullable=True),
    sa.Column('node_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['pantau_complaint.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['node_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_complaint_followup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_complaint_followup_complaint_id'), ['complaint_id'], unique=False)
    op.create_table('pantau_complaint_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=128), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.Enum('belum_terverifikasi', 'belum_ditindaklanjuti', 'diproses', 'selesai', 'tunda', 'arsip', 'bukan_wewenang', name='pantau_complaint_status', native_enum=False, length=32), nullable=True),
    sa.Column('to_status', sa.Enum('belum_terverifikasi', 'belum_ditindaklanjuti', 'diproses', 'selesai', 'tunda', 'arsip', 'bukan_wewenang', name='pantau_complaint_status', native_enum=False, length=32), nullable=True),
    sa.Column('from_node_id', sa.Integer(), nullable=True),
    sa.Column('to_node_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['pantau_complaint.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_node_id'], ['pantau_org_node.id'], ),
    sa.ForeignKeyConstraint(['to_node_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_complaint_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_complaint_history_complaint_id'), ['complaint_id'], unique=False)
    op.create_table('pantau_complaint_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.String(length=60), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['pantau_complaint.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('complaint_id', 'threshold', name='pantau_complaint_reminder_uq')
    )


def downgrade():
    op.drop_table('pantau_complaint_reminder')
    with op.batch_alter_table('pantau_complaint_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_complaint_history_complaint_id'))
    op.drop_table('pantau_complaint_history')
    with op.batch_alter_table('pantau_complaint_followup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_complaint_followup_complaint_id'))
    op.drop_table('pantau_complaint_followup')
    with op.batch_alter_table('pantau_complaint_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_complaint_attachment_complaint_id'))
    op.drop_table('pantau_complaint_attachment')
    with op.batch_alter_table('pantau_complaint_deadline_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_complaint_deadline_rule_org_id'))
    op.drop_table('pantau_complaint_deadline_rule')
    with op.batch_alter_table('pantau_complaint', schema=None) as batch_op:
        batch_op.drop_index('pantau_complaint_status_org_ix')
        batch_op.drop_index('pantau_complaint_active_due_ix')
        batch_op.drop_index('pantau_complaint_org_received_ix')
        batch_op.drop_index('pantau_complaint_received_ix')
        batch_op.drop_index('pantau_complaint_opd_status_ix')
        batch_op.drop_index('pantau_complaint_instansi_received_ix')
        batch_op.drop_index(batch_op.f('ix_pantau_complaint_category_id'))
    op.drop_table('pantau_complaint')
    with op.batch_alter_table('pantau_complaint_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_complaint_category_org_id'))
    op.drop_table('pantau_complaint_category')
    with op.batch_alter_table('pantau_calendar_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_calendar_change_org_id'))
    op.drop_table('pantau_calendar_change')
