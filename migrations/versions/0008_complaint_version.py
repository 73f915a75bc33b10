"""complaints: a version counter, so a workflow move posted from an outdated page is refused

Revision ID: 0008
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pantau_complaint") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("pantau_complaint") as batch:
        batch.drop_column("version")
