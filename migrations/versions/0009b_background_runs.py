"""reports: report runs also carry background imports and exports (input file, settings, progress)

Revision ID: 0009b
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0009b"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pantau_report_run") as batch:
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("input_stored_name", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("progress_done", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("progress_total", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("pantau_report_run") as batch:
        batch.drop_column("progress_total")
        batch.drop_column("progress_done")
        batch.drop_column("input_stored_name")
        batch.drop_column("params")
