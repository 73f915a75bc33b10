"""imports: one lock row per import target, so two imports of one file never run at once

Revision ID: 0009
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pantau_import_lock",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pantau_import_lock_pk"),
    )


def downgrade():
    op.drop_table("pantau_import_lock")
