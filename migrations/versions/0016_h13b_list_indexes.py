"""lists: indexes behind the list pages' default orders, sorts and filters over complaints and respondents

The complaint list opens with open complaints, nearest deadline first, within a scope of organisation nodes
(org_id, active_due); the due-soon filter reads a deadline range per instansi (instansi_id, active_due); the list
sorts by tracking number. The respondent list opens newest first within a unit's rows (unit_id, id) and sorts by
survey date within a few units (unit_id, survey_date) or across many (survey_date).

Revision ID: 0016_h13b
Revises: 0015_h11
"""
from alembic import op

revision = "0016_h13b"
down_revision = "0015_h11"
branch_labels = None
depends_on = None

INDEXES = [
    ("pantau_complaint_org_due_ix", "pantau_complaint", ["org_id", "active_due"]),
    ("pantau_complaint_instansi_due_ix", "pantau_complaint", ["instansi_id", "active_due"]),
    ("pantau_complaint_tracking_ix", "pantau_complaint", ["tracking_number"]),
    ("pantau_skm_respondent_unit_id_ix", "pantau_skm_respondent", ["unit_id", "id"]),
    ("pantau_skm_respondent_unit_date_ix", "pantau_skm_respondent", ["unit_id", "survey_date"]),
    ("pantau_skm_respondent_date_ix", "pantau_skm_respondent", ["survey_date"]),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
