"""reports: the cut-off of a run and of a schedule; the city of an instansi for the place line

Revision ID: 0011
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pantau_org_node") as batch:
        batch.add_column(sa.Column("city", sa.String(length=100), nullable=True))
    with op.batch_alter_table("pantau_report_run") as batch:
        batch.add_column(sa.Column("as_of_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("as_at_build", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("pantau_report_schedule") as batch:
        batch.add_column(sa.Column("as_at_build", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("pantau_report_schedule") as batch:
        batch.drop_column("as_at_build")
    with op.batch_alter_table("pantau_report_run") as batch:
        batch.drop_column("as_at_build")
        batch.drop_column("as_of_date")
    with op.batch_alter_table("pantau_org_node") as batch:
        batch.drop_column("city")
