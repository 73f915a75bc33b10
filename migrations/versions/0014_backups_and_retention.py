"""backup schedules and runs; personal-data retention per instansi

Revision ID: 0014
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pantau_backup_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("cron", sa.String(length=100), nullable=False),
        sa.Column("output", sa.String(length=500), nullable=False),
        sa.Column("keep", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pantau_backup_schedule_pk"),
    )
    op.create_table(
        "pantau_backup_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("fire_time", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.Enum("running", "ok", "failed", name="pantau_backup_status", native_enum=False,
                                    length=10), nullable=False),
        sa.Column("path", sa.String(length=600), nullable=True),
        sa.Column("rows", sa.BigInteger(), nullable=True),
        sa.Column("files", sa.Integer(), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["schedule_id"], ["pantau_backup_schedule.id"], name="pantau_backup_run_schedule_fk",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pantau_backup_run_pk"),
        sa.UniqueConstraint("schedule_id", "fire_time", name="pantau_backup_run_claim_uq"),
    )
    op.create_index("ix_pantau_backup_run_schedule_id", "pantau_backup_run", ["schedule_id"])
    op.create_table(
        "pantau_retention_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("complaint_identity_years", sa.Integer(), nullable=False),
        sa.Column("respondent_profile_years", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["pantau_org_node.id"], name="pantau_retention_policy_org_fk"),
        sa.PrimaryKeyConstraint("id", name="pantau_retention_policy_pk"),
        sa.UniqueConstraint("org_id", name="pantau_retention_policy_org_uq"),
    )


def downgrade():
    op.drop_table("pantau_retention_policy")
    op.drop_index("ix_pantau_backup_run_schedule_id", table_name="pantau_backup_run")
    op.drop_table("pantau_backup_run")
    op.drop_table("pantau_backup_schedule")
