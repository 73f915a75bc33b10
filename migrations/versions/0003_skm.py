"""SKM surveys: periods, unsur, respondents, answers, follow-up actions, publications, submission log

Revision ID: 0003
Revises: 0002
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pantau_skm_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_skm_submission', schema=None) as batch_op:
        batch_op.create_index('pantau_skm_submission_addr_time_ix', ['address_hash', 'created_at'], unique=False)
    op.create_table('pantau_skm_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period_code', sa.String(length=10), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('open', 'closed', name='pantau_skm_period_status', native_enum=False, length=20), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('import_mapping', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'period_code', name='pantau_skm_period_unit_code_uq')
    )
    with op.batch_alter_table('pantau_skm_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_skm_period_unit_id'), ['unit_id'], unique=False)
    op.create_table('pantau_skm_element',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('weight', sa.String(length=30), nullable=True),
    sa.Column('label_1', sa.String(length=100), nullable=False),
    sa.Column('label_2', sa.String(length=100), nullable=False),
    sa.Column('label_3', sa.String(length=100), nullable=False),
    sa.Column('label_4', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['pantau_skm_period.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('period_id', 'code', name='pantau_skm_element_period_code_uq')
    )
    with op.batch_alter_table('pantau_skm_element', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_skm_element_period_id'), ['period_id'], unique=False)
    op.create_table('pantau_skm_followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('element_code', sa.String(length=40), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'done', name='pantau_skm_followup_status', native_enum=False, length=20), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('evidence_file', sa.String(length=200), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=True),
    sa.Column('evidence_mime', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['period_id'], ['pantau_skm_period.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_skm_followup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_skm_followup_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pantau_skm_followup_unit_id'), ['unit_id'], unique=False)
    op.create_table('pantau_skm_publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('medium', sa.Enum('website', 'social', 'board', 'print', 'broadcast', 'other', name='pantau_skm_publication_medium', native_enum=False, length=20), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('description', sa.String(length=300), nullable=True),
    sa.Column('file', sa.String(length=200), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=True),
    sa.Column('file_mime', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['period_id'], ['pantau_skm_period.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_skm_publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_skm_publication_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pantau_skm_publication_unit_id'), ['unit_id'], unique=False)
    op.create_table('pantau_skm_respondent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('survey_date', sa.Date(), nullable=True),
    sa.Column('time_slot', sa.String(length=10), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('age', sa.SmallInteger(), nullable=True),
    sa.Column('education', sa.String(length=10), nullable=True),
    sa.Column('occupation', sa.String(length=20), nullable=True),
    sa.Column('service_type_id', sa.Integer(), nullable=True),
    sa.Column('suggestion', sa.Text(), nullable=True),
    sa.Column('source', sa.Enum('staff', 'public', 'import', name='pantau_skm_respondent_source', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('a_persyaratan', sa.SmallInteger(), nullable=True),
    sa.Column('a_prosedur', sa.SmallInteger(), nullable=True),
    sa.Column('a_waktu', sa.SmallInteger(), nullable=True),
    sa.Column('a_biaya', sa.SmallInteger(), nullable=True),
    sa.Column('a_produk', sa.SmallInteger(), nullable=True),
    sa.Column('a_kompetensi', sa.SmallInteger(), nullable=True),
    sa.Column('a_perilaku', sa.SmallInteger(), nullable=True),
    sa.Column('a_pengaduan', sa.SmallInteger(), nullable=True),
    sa.Column('a_sarpras', sa.SmallInteger(), nullable=True),
    sa.CheckConstraint('a_biaya BETWEEN 1 AND 4', name='pantau_skm_resp_biaya_ck'),
    sa.CheckConstraint('a_kompetensi BETWEEN 1 AND 4', name='pantau_skm_resp_kompetensi_ck'),
    sa.CheckConstraint('a_pengaduan BETWEEN 1 AND 4', name='pantau_skm_resp_pengaduan_ck'),
    sa.CheckConstraint('a_perilaku BETWEEN 1 AND 4', name='pantau_skm_resp_perilaku_ck'),
    sa.CheckConstraint('a_persyaratan BETWEEN 1 AND 4', name='pantau_skm_resp_persyaratan_ck'),
    sa.CheckConstraint('a_produk BETWEEN 1 AND 4', name='pantau_skm_resp_produk_ck'),
    sa.CheckConstraint('a_prosedur BETWEEN 1 AND 4', name='pantau_skm_resp_prosedur_ck'),
    sa.CheckConstraint('a_sarpras BETWEEN 1 AND 4', name='pantau_skm_resp_sarpras_ck'),
    sa.CheckConstraint('a_waktu BETWEEN 1 AND 4', name='pantau_skm_resp_waktu_ck'),
    sa.ForeignKeyConstraint(['period_id'], ['pantau_skm_period.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_type_id'], ['pantau_service_type.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['pantau_org_node.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pantau_skm_respondent', schema=None) as batch_op:
        batch_op.create_index('pantau_skm_respondent_period_ix', ['period_id'], unique=False)
        batch_op.create_index('pantau_skm_respondent_unit_period_ix', ['unit_id', 'period_id'], unique=False)
    op.create_table('pantau_skm_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('value BETWEEN 1 AND 4', name='pantau_skm_answer_value_ck'),
    sa.ForeignKeyConstraint(['element_id'], ['pantau_skm_element.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['respondent_id'], ['pantau_skm_respondent.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('respondent_id', 'element_id', name='pantau_skm_answer_resp_element_uq')
    )
    with op.batch_alter_table('pantau_skm_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pantau_skm_answer_element_id'), ['element_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pantau_skm_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_skm_answer_element_id'))
    op.drop_table('pantau_skm_answer')
    with op.batch_alter_table('pantau_skm_respondent', schema=None) as batch_op:
        batch_op.drop_index('pantau_skm_respondent_unit_period_ix')
        batch_op.drop_index('pantau_skm_respondent_period_ix')
    op.drop_table('pantau_skm_respondent')
    with op.batch_alter_table('pantau_skm_publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_skm_publication_unit_id'))
        batch_op.drop_index(batch_op.f('ix_pantau_skm_publication_period_id'))
    op.drop_table('pantau_skm_publication')
    with op.batch_alter_table('pantau_skm_followup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_skm_followup_unit_id'))
        batch_op.drop_index(batch_op.f('ix_pantau_skm_followup_period_id'))
    op.drop_table('pantau_skm_followup')
    with op.batch_alter_table('pantau_skm_element', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_skm_element_period_id'))
    op.drop_table('pantau_skm_element')
    with op.batch_alter_table('pantau_skm_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pantau_skm_period_unit_id'))
    op.drop_table('pantau_skm_period')
    with op.batch_alter_table('pantau_skm_submission', schema=None) as batch_op:
        batch_op.drop_index('pantau_skm_submission_addr_time_ix')
    op.drop_table('pantau_skm_submission')
