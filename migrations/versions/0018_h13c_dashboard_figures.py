"""the dashboard's kept figures: one row per viewer scope and year, computed by the scheduler process

Revision ID: 0018_h13c
Revises: 0017_h15

Empty at first: the scheduler computes the dashboards of recent users' scopes on its next pass, and any other scope
and year the first time someone asks for it.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.mysql import MEDIUMTEXT

revision = "0018_h13c"
down_revision = "0017_h15"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pantau_dashboard_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope_hash", sa.String(length=40), nullable=False),
        sa.Column("scope_paths", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("figures", sa.Text().with_variant(MEDIUMTEXT(), "mysql", "mariadb"), nullable=True),
        sa.Column("computed_at", sa.DateTime(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope_hash", "year", name="pantau_dashboard_figures_scope_year_uq"),
    )


def downgrade():
    op.drop_table("pantau_dashboard_figures")
