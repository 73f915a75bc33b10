"""complaints: an instansi's own headers for LAPOR! import fields

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pantau_complaint_import_column",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("headers", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["pantau_org_node.id"], name="pantau_complaint_import_column_org_fk"),
        sa.PrimaryKeyConstraint("id", name="pantau_complaint_import_column_pk"),
        sa.UniqueConstraint("org_id", "field", name="pantau_complaint_import_column_org_field_uq"),
    )
    op.create_index("ix_pantau_complaint_import_column_org_id", "pantau_complaint_import_column", ["org_id"])


def downgrade():
    op.drop_index("ix_pantau_complaint_import_column_org_id", table_name="pantau_complaint_import_column")
    op.drop_table("pantau_complaint_import_column")
